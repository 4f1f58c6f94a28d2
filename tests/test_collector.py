"""The console script's process collects garbage less often and freezes its start-up's objects
before a batch; a command run in-process leaves the caller's collector as it was."""
from __future__ import annotations

import gc
import subprocess
import sys

from conftest import RECORDS, ROOT, run_cli
from qujat.cli import collector

#: Runs ``generate batch`` as the console script does, then tells how the collector stood.
PROBE = """
import atexit, gc, sys
atexit.register(lambda: print("collector", gc.get_threshold()[0], gc.get_freeze_count() > 0, file=sys.stderr))
sys.argv = ["generate", *sys.argv[1:]]
from qujat.cli import main
main()
"""


def test_a_batch_in_its_own_process_freezes_the_start_up_and_collects_less_often(tmp_path):
    done = subprocess.run([sys.executable, "-c", PROBE, "batch", str(RECORDS / "awards-sample.csv"), "--draft",
                           "-q", "-o", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == f"collector {collector.FIRST_GENERATION} True"


def test_a_command_run_in_process_leaves_the_collector_alone(tmp_path):
    before = gc.get_threshold(), gc.get_freeze_count()
    made = run_cli("batch", str(RECORDS / "awards-sample.csv"), "--draft", "-q", "-o", str(tmp_path / "out"))
    assert made.returncode == 0, made.stderr
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
