"""A registry that is away, busy or broken: one line naming it and what to do, a documented exit
status (75 for what passes: another run's lock past the wait, a server down, a full disk; 2 for a
damaged or read-only file), and nothing written or half-recorded. Real processes, real locks, a
real PostgreSQL cluster; the timing tests are run 30 times in a row beside a busy loop."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from test_registry_faults import assert_no_ghosts, people_list
from test_registry_postgres import Cluster

pytestmark = pytest.mark.timeout(300)

#: The registry wait the tests give (seconds): long enough to see the message, short for the suite.
WAIT = "2"


def _issue_one(registry: Path, tmp_path: Path) -> None:
    """One certificate, issued by a process of its own (which, ending, leaves the registry whole in its file)."""
    done = _run(["certificate", "--award", "jubilee-medal", "--name", "Бекбас О.Т.", "--date", "2018-07-04",
                 "-o", str(tmp_path / "first.pdf"), "--registry", str(registry)])
    assert done.returncode == 0, done.stderr
    assert not Path(f"{registry}-wal").exists() or Path(f"{registry}-wal").stat().st_size == 0


def _holder(script: str, *args: str) -> subprocess.Popen[str]:
    """A process holding a lock until it is killed; it says ``held`` once it has the lock."""
    process = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    return process


_SQLITE_HOLDER = ("import sqlite3, sys, time\nc = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                  "c.execute('BEGIN IMMEDIATE')\nprint('held', flush=True)\ntime.sleep(600)\n")


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "qujat", *args], capture_output=True, text=True, timeout=240,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **env})


def _run_beside(holder: subprocess.Popen[str], args: list[str], **env: str
                ) -> tuple[subprocess.CompletedProcess[str], float]:
    """:func:`_run` while ``holder`` holds its lock (killed after): the run and the seconds it took."""
    try:
        started = time.monotonic()
        done = _run(args, **env)
        return done, time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()


def test_a_sqlite_registry_another_run_is_writing_to_is_waited_for_then_exit_75(tmp_path):
    registry = tmp_path / "reg.sqlite3"
    _issue_one(registry, tmp_path)
    source = people_list(tmp_path / "l.csv", 5)
    holder = _holder(_SQLITE_HOLDER, str(registry))
    done, took = _run_beside(holder, ["batch", str(source), "--award", "jubilee-medal", "-o", str(tmp_path / "out"),
                                      "--quiet", "--registry", str(registry)], QUJAT_REGISTRY_WAIT=WAIT)
    assert done.returncode == 75, done.stderr
    warned = [line for line in done.stderr.splitlines() if line.startswith("warning: the registry")]
    assert len(warned) == 1 and warned[0].startswith(f"warning: the registry {registry} is in use by process "
                                                     f"{holder.pid} ({sys.executable} -c import sqlite3"), done.stderr
    assert warned[0].endswith(f"; waiting up to {WAIT} s for it ($QUJAT_REGISTRY_WAIT sets how long)"), done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: the registry {registry} is in use by process "
                                                     f"{holder.pid} (") and errors[0].endswith(
        f"and stayed so for {WAIT} s: nothing was recorded or written; run the same command again when that run "
        "has finished (or give it longer with $QUJAT_REGISTRY_WAIT)"), done.stderr
    assert took < 60 and not (tmp_path / "out").exists()
    again = _run(["batch", str(source), "--award", "jubilee-medal", "-o", str(tmp_path / "out"), "--quiet",
                  "--registry", str(registry)])
    assert again.returncode == 0, again.stderr
    assert assert_no_ghosts(str(registry)) == {"issued": 6}


def test_ctrl_c_while_waiting_for_the_registry_exits_130_at_once(tmp_path):
    registry = tmp_path / "reg.sqlite3"
    _issue_one(registry, tmp_path)
    holder = _holder(_SQLITE_HOLDER, str(registry))
    try:
        process = subprocess.Popen([sys.executable, "-m", "qujat", "certificate", "--award", "jubilee-medal",
                                    "--name", "Калиев С.Е.", "-o", str(tmp_path / "c.pdf"), "--registry",
                                    str(registry)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "QUJAT_REGISTRY_WAIT": "300"},
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        assert process.stderr is not None
        line = ""
        while "is in use by" not in line:  # the wait has begun
            line = process.stderr.readline()
            assert line, "the run ended without waiting"
        process.send_signal(signal.SIGINT)
        started = time.monotonic()
        process.wait(timeout=60)
        assert process.returncode == 130 and time.monotonic() - started < 30
    finally:
        holder.kill()
        holder.wait()
    assert not (tmp_path / "c.pdf").exists()
    assert assert_no_ghosts(str(registry)) == {"issued": 1}


def test_a_full_disk_while_the_registry_commits_is_exit_75_and_records_nothing(tmp_path):
    registry = tmp_path / "reg.sqlite3"
    source = people_list(tmp_path / "l.csv", 200)
    script = ("import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
              "resource.setrlimit(resource.RLIMIT_FSIZE, (200000, 200000)); "
              f"from qujat.cli import main; main(['batch', {str(source)!r}, '--award', 'jubilee-medal', '--date', "
              f"'2018-07-04', '-o', {str(tmp_path / 'out')!r}, '--quiet', '--registry', {str(registry)!r}])")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 75, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: the registry {registry} could not be written (disk I/O error: the disk is full, or the "
                      "file may not grow): nothing of this run was recorded that is not written; make room and run "
                      "the same command again"], done.stderr
    assert not (tmp_path / "out").exists()
    assert assert_no_ghosts(str(registry)) == {}
    again = run_cli("batch", str(source), "--award", "jubilee-medal", "--date", "2018-07-04", "-o",
                    str(tmp_path / "out"), "--quiet", "--registry", str(registry))
    assert again.returncode == 0, again.stderr
    assert assert_no_ghosts(str(registry)) == {"issued": 200}


def _damaged(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif how == "half-written":
        path.write_bytes(data[:4096 + 100])
    elif how == "random bytes":
        path.write_bytes(os.urandom(len(data)))


@pytest.mark.parametrize("how, reason", [("truncated", "database disk image is malformed"),
                                         ("half-written", "database disk image is malformed"),
                                         ("random bytes", "file is not a database")])
def test_a_damaged_registry_is_one_line_saying_to_restore_it(tmp_path, how, reason):
    registry = tmp_path / "reg.sqlite3"
    _issue_one(registry, tmp_path)
    _damaged(registry, how)
    line = (f"error: the registry {registry} is damaged ({reason}): restore it from its backup (`generate registry "
            "backup` makes one) and its signing key with it, or start a new series with `generate registry init "
            "--new-series`; nothing was recorded\n")
    for args in (["certificate", "--award", "jubilee-medal", "--name", "Калиев С.Е.", "-o", str(tmp_path / "c.pdf")],
                 ["registry", "list"], ["verify", "A20-0001"],
                 ["batch", str(people_list(tmp_path / "l.csv", 3)), "--award", "jubilee-medal", "-o",
                  str(tmp_path / "out"), "--quiet"]):
        done = run_cli(*args, "--registry", str(registry))
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.splitlines()[-1] + "\n" == line and "Traceback" not in done.stderr, (args, done.stderr)
    assert not (tmp_path / "c.pdf").exists() and not (tmp_path / "out").exists()


def test_a_read_only_registry_is_one_line_naming_the_user(tmp_path):
    registry = tmp_path / "reg.sqlite3"
    _issue_one(registry, tmp_path)
    if os.geteuid() == 0:  # root writes whatever the mode says: the file is made immutable instead
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", str(registry)], capture_output=True).returncode:
            pytest.skip("root, and the file system cannot make a file immutable")
        undo = [chattr, "-i", str(registry)]
    else:
        registry.chmod(0o444)
        undo = ["chmod", "644", str(registry)]
    try:
        done = run_cli("certificate", "--award", "jubilee-medal", "--name", "Калиев С.Е.", "-o",
                       str(tmp_path / "c.pdf"), "--registry", str(registry))
    finally:
        subprocess.run(undo, check=True)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].startswith(f"error: the registry {registry} cannot be written by the user ")
    assert done.stderr.splitlines()[-1].endswith("(attempt to write a readonly database): ask whoever keeps it for "
                                                 "the right to write it, or give --registry another one; nothing was "
                                                 "recorded")
    assert not (tmp_path / "c.pdf").exists()


# PostgreSQL -------------------------------------------------------------------------------------------

@pytest.fixture
def cluster():
    made = Cluster()
    made.start()
    try:
        yield made
    finally:
        made.remove()


def test_a_postgresql_server_down_before_a_batch_is_one_line_exit_75(cluster, tmp_path):
    key = str(tmp_path / "signing.key")
    assert run_cli("registry", "init", "--registry", cluster.url, QUJAT_SIGNING_KEY=key).returncode == 0
    cluster.stop()
    source = people_list(tmp_path / "l.csv", 20)
    done = run_cli("batch", str(source), "--award", "jubilee-medal", "-o", str(tmp_path / "out"), "--quiet",
                   "--registry", cluster.url, QUJAT_SIGNING_KEY=key)
    assert done.returncode == 75, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: the registry postgresql") and \
        " cannot be reached (" in errors[0] and errors[0].endswith(
            "check that its database server is running and reachable, then run the same command again; nothing of "
            "this run was recorded that is not written"), done.stderr
    assert "row" not in done.stderr and not (tmp_path / "out").exists()


_PG_HOLDER = ("import sys, psycopg\nc = psycopg.connect(sys.argv[1], application_name='the other office')\n"
              "c.execute(sys.argv[2])\nprint('held', flush=True)\nimport time; time.sleep(600)\n")


@pytest.mark.parametrize("what", ["issuing lock", "counter row"])
def test_a_postgresql_session_holding_a_lock_is_waited_for_then_exit_75(cluster, tmp_path, what):
    from qujat.registry.store import ISSUE_LOCK

    key = str(tmp_path / "signing.key")
    first = run_cli("certificate", "--award", "jubilee-medal", "--name", "Бекбас О.Т.", "-o", str(tmp_path / "a.pdf"),
                    "--registry", cluster.url, QUJAT_SIGNING_KEY=key)
    assert first.returncode == 0, first.stderr
    conninfo = f"dbname=postgres user={cluster.user} host={cluster.sockets}"
    statement = (f"SELECT pg_advisory_lock({ISSUE_LOCK})" if what == "issuing lock"
                 else "BEGIN; SELECT * FROM qujat_counters FOR UPDATE")
    holder = _holder(_PG_HOLDER, conninfo, statement)
    done, took = _run_beside(holder, ["certificate", "--award", "jubilee-medal", "--name", "Калиев С.Е.", "-o",
                                      str(tmp_path / "b.pdf"), "--registry", cluster.url],
                             QUJAT_SIGNING_KEY=key, QUJAT_REGISTRY_WAIT=WAIT)
    assert done.returncode == 75, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, done.stderr
    if what == "issuing lock":
        assert "warning: the registry postgresql" in done.stderr and "is in use by session " in done.stderr
        assert ", the other office; waiting up to 2 s" in done.stderr, done.stderr
        assert errors[0].endswith(f"the other office, and stayed so for {WAIT} s: nothing was recorded or written; "
                                  "run the same command again later (or give it longer with $QUJAT_REGISTRY_WAIT)")
    else:
        assert errors[0].endswith("run the same command again later (or give it longer with $QUJAT_REGISTRY_WAIT)")
        assert "another session held a lock the run needs for longer than 2 s (" in errors[0], errors[0]
    assert took < 60 and not (tmp_path / "b.pdf").exists()
    again = run_cli("certificate", "--award", "jubilee-medal", "--name", "Калиев С.Е.", "-o", str(tmp_path / "b.pdf"),
                    "--registry", cluster.url, QUJAT_SIGNING_KEY=key)
    assert again.returncode == 0 and (tmp_path / "b.pdf").is_file(), again.stderr
