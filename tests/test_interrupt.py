"""An interrupted batch (Ctrl-C or kill, in a real subprocess) leaves no partial file under a final
name, and a register that matches the files that exist."""
from __future__ import annotations

import csv
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, run_cli

pytestmark = pytest.mark.timeout(120)


def _list(path, rows=4000):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "position"])
        writer.writerows([f"Қатысушы {i}", "төраға"] for i in range(rows))
    return path


def _as_from_a_terminal(*signals):
    """For Popen's preexec_fn: the signals at their defaults, as a command started from a shell
    in the foreground has them. A test runner started in the background (``pytest &`` in a
    script, some CI runners) passes SIGINT, SIGQUIT and SIGHUP on ignored, and qujat, like
    Python itself, leaves an ignored signal ignored."""
    def reset():
        for sig in signals:
            if sig not in (signal.SIGKILL, signal.SIGSTOP):  # those two cannot be caught or ignored
                signal.signal(sig, signal.SIG_DFL)
    return reset


def _interrupt(args, out, sig, wait_for):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen([sys.executable, "-m", "qujat", "batch", *args, "-o", str(out), "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               preexec_fn=_as_from_a_terminal(sig))
    deadline = time.time() + 60
    while time.time() < deadline and not wait_for():
        time.sleep(0.05)
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_combined_batch_leaves_the_old_files(tmp_path, sig):
    source = _list(tmp_path / "l.csv")
    out = tmp_path / "out"
    out.mkdir()
    (out / "l.pdf").write_bytes(b"%PDF- the earlier run")
    (out / "l.run-sheet.csv").write_text("the earlier register")
    registry = Path(os.environ["QUJAT_REGISTRY"])  # made when the first of 4,000 pages is numbered:
    # the signal comes while pages are being made, never in the last instant when the finished
    # files are being moved into place (signals are held then, and the run rightly ends 0)
    code, stderr = _interrupt([str(source), "--award", "jubilee-medal"], out, sig, registry.exists)
    assert code == 130 and "interrupted" in stderr and "Traceback" not in stderr, stderr
    assert (out / "l.pdf").read_bytes() == b"%PDF- the earlier run"
    assert (out / "l.run-sheet.csv").read_text() == "the earlier register"
    assert [p.name for p in out.iterdir() if p.name.endswith(".part")] == []


def test_interrupted_split_batch_registers_exactly_the_files_written(tmp_path):
    source = _list(tmp_path / "l.csv", rows=400)
    out = tmp_path / "out"
    folder = out / "l"
    code, stderr = _interrupt([str(source), "--award", "jubilee-medal", "--split"], out, signal.SIGINT,
                              lambda: folder.is_dir() and len(list(folder.glob("*.pdf"))) >= 5)
    assert code == 130 and "Traceback" not in stderr
    files = {p.name: p for p in folder.iterdir()}
    assert files and not [n for n in files if not n.endswith(".pdf")], "a temporary file was left"
    for path in files.values():
        assert len(PdfReader(str(path)).pages) == 1  # every file under a final name is whole
    with open(out / "l.run-sheet.csv", encoding="utf-8-sig") as fh:
        register = list(csv.DictReader(fh))
    issued = {r["file"].split("/", 1)[1]: r["sha256"] for r in register if r["status"] == "issued"}
    assert set(issued) == set(files)
    for name, digest in issued.items():
        assert hashlib.sha256(files[name].read_bytes()).hexdigest() == digest
    # every other row listed is one that was being printed: interrupted, with no file
    assert [(r["file"], r["reason"]) for r in register if r["status"] != "issued"] == [
        ("", "not written: the batch was interrupted")] * (len(register) - len(issued))
    assert len(register) < 400


_COMMAND_INTERRUPTED_IN_EXEC = '''
import os, signal, sys

import qujat.cli

SIGNAL = getattr(signal, sys.argv[1])


def command(**kwargs):
    try:  # the signal comes while exec() runs a string, as dataclasses, namedtuple and typing do
        exec("os.kill(os.getpid(), SIGNAL)", {"os": os, "SIGNAL": SIGNAL})
    finally:  # more signals during the clean-up are ignored: they cannot cut it short
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGTERM)
        print("cleaned up", file=sys.stderr)


qujat.cli.cli.main = command
qujat.cli.main([])
'''


@pytest.mark.parametrize("name, code", [("SIGINT", 130), ("SIGTERM", 130), ("SIGHUP", 129), ("SIGQUIT", 131)])
def test_a_signal_inside_exec_of_a_string_still_exits_with_the_status(tmp_path, name, code):
    """Deterministic: a KeyboardInterrupt that passes through exec() of a string sets CPython's
    "unhandled KeyboardInterrupt" flag even when it is caught, and ``python -m`` then ends by
    killing itself with SIGINT (-2); the command's own signal handling must not let that happen."""
    if not hasattr(signal, name):
        pytest.skip(f"no {name} here")
    (tmp_path / "interrupted_in_exec.py").write_text(_COMMAND_INTERRUPTED_IN_EXEC, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(tmp_path)])}
    result = subprocess.run([sys.executable, "-m", "interrupted_in_exec", name], capture_output=True, text=True,
                            env=env, timeout=60, preexec_fn=_as_from_a_terminal(signal.SIGINT, getattr(signal, name)))
    assert result.returncode == code, result.stderr
    assert result.stderr == "cleaned up\ninterrupted: no file was left half-written\n"


def test_an_interruption_right_after_the_temporary_file_is_made_leaves_nothing(tmp_path, monkeypatch):
    """Ctrl-C between mkstemp creating the file and its name coming back (the window the
    combined-batch test above hits when the signal follows the file's appearance)."""
    import tempfile

    from qujat import output

    real_mkstemp = tempfile.mkstemp

    def interrupted_mkstemp(*args, **kwargs):
        fd, _ = real_mkstemp(*args, **kwargs)
        os.close(fd)
        raise KeyboardInterrupt  # the file exists; its name never reaches the caller

    other_writer = tmp_path / ".l.pdf.abcdefgh.part"  # another writer's temporary file
    other_writer.write_bytes(b"in progress")
    monkeypatch.setattr(tempfile, "mkstemp", interrupted_mkstemp)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(tmp_path / "l.pdf", b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == [other_writer.name]


def test_an_interruption_right_after_a_split_file_is_renamed_into_place_registers_it(tmp_path, monkeypatch):
    """Ctrl-C between the rename of a split file into place and the line that records it (the
    window the split-batch test above hits now and then): the register still lists that file."""
    from qujat import print_batch

    real_replace, renamed = os.replace, []

    def replace_then_interrupted(src, dst):
        real_replace(src, dst)
        if str(dst).endswith(".pdf"):
            renamed.append(dst)
            if len(renamed) == 3:
                raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", replace_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        print_batch(_list(tmp_path / "l.csv", rows=10), tmp_path / "out", award="jubilee-medal", split=True)
    files = {p.name: p for p in (tmp_path / "out" / "l").iterdir()}
    assert len(files) == 3
    with open(tmp_path / "out" / "l.run-sheet.csv", encoding="utf-8-sig") as fh:
        register = list(csv.DictReader(fh))
    issued = {r["file"].split("/", 1)[1]: r["sha256"] for r in register if r["status"] == "issued"}
    assert {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in files.items()} == issued


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["status"] == "issued"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_killed_split_batch_leaves_a_register_true_of_the_folder(tmp_path, jobs):
    """SIGKILL cannot be caught: the journal, appended and synced per file, lists every file in
    place; the next run (here: its first step, the reconciliation) makes the register from it."""
    from qujat.batch.partial_sheet import reconcile

    source = _list(tmp_path / "l.csv", rows=400)
    out = tmp_path / "out"
    folder = out / "l"
    # an earlier complete run of the first rows, whose register the killed run must not leave claiming
    # files it replaces
    earlier = run_cli("batch", str(source), "--award", "jubilee-medal", "--split", "--rows", "1-3", "--draft",
                      "-o", str(out), "--quiet")
    assert earlier.returncode == 0, earlier.stderr
    (out / "l.rows-1-3").rename(folder)
    (out / "l.rows-1-3.run-sheet.csv").unlink()
    code, _ = _interrupt([str(source), "--award", "jubilee-medal", "--split", "--jobs", jobs, "--draft"], out,
                         signal.SIGKILL, lambda: folder.is_dir() and len(list(folder.glob("*.pdf"))) >= 12)
    assert code == -signal.SIGKILL
    assert not (out / "l.run-sheet.csv").exists()  # the old register, which claimed files being replaced, is gone
    journal = _rows(out / "l.run-sheet.partial.csv")
    files = {p.name: _digest(p) for p in folder.glob("*.pdf")}
    listed = {r["file"].split("/", 1)[1]: r["sha256"] for r in journal}
    assert len(listed) == len(journal)  # one row per file: the earlier run's register was removed
    for name, digest in listed.items():  # a row written only once its file is in place
        if name in files:
            assert files[name] == digest
    assert len(set(files) - set(listed)) <= 1  # at most the file being recorded when the kill came
    kept = reconcile(out, "l")
    register = {r["file"].split("/", 1)[1]: r["sha256"] for r in _rows(out / "l.run-sheet.csv")}
    assert register == {e.file.split("/", 1)[1]: e.sha256 for e in kept}
    assert all(files[name] == digest for name, digest in register.items())
    assert not (out / "l.run-sheet.partial.csv").exists()


def _interrupt_while_loading(tmp_path, delay, source=None):
    """``generate batch`` stopped ``delay`` seconds after click has been imported, while the command
    is still loading (its modules, the list) or has just begun: as a user's Ctrl-C at any moment.
    The list is long enough (20,000 rows: some 20 s at a thousand certificates a second) that the
    batch is still printing at any moment of the first seconds, however fast the machine."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = source or _list(tmp_path / "l.csv", rows=20_000)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen([sys.executable, "-X", "importtime", "-m", "qujat", "batch", str(source), "--award",
                                "jubilee-medal", "--draft", "-o", str(out), "--quiet"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env,
                               preexec_fn=_as_from_a_terminal(signal.SIGINT))
    assert process.stderr is not None
    while True:  # -X importtime reports each module as its import ends
        line = process.stderr.readline()
        assert line, "the command ended before click was imported"
        if line.startswith("import time:") and line.rsplit("|", 1)[-1].strip() == "click":
            break
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=120)
    said = [text for text in rest.splitlines() if text.strip() and not text.startswith("import time:")]
    return process.returncode, said, out


def test_a_ctrl_c_while_the_command_loads_exits_130(tmp_path):
    """Deterministic: the signal comes the moment click is imported, while the command's modules
    load (0.1-0.6 s on a loaded machine; a death by SIGINT, -2, with a traceback before main held
    the stop signals from its first line)."""
    code, said, out = _interrupt_while_loading(tmp_path, 0)
    assert code == 130, said
    assert said == ["interrupted: no file was left half-written"] and not out.exists()


@pytest.mark.timeout(600)
def test_a_ctrl_c_at_any_moment_of_the_start_exits_130_thirty_times_beside_a_busy_loop(tmp_path):
    """Thirty Ctrl-C's in a row at random moments of the first 1.5 s after click is imported
    (loading, reading the list, the first pages), beside a process that keeps a core busy (the
    window a loaded machine widens): every one exits 130 with one line and leaves no file."""
    import collections
    import random

    source = _list(tmp_path / "l.csv", rows=20_000)
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        runs = [_interrupt_while_loading(tmp_path / str(n), random.uniform(0, 1.5), source) for n in range(30)]
    finally:
        busy.kill()
        busy.wait()
    assert collections.Counter(code for code, _, _ in runs) == {130: 30}, [said for _, said, _ in runs]
    for n, (_, said, out) in enumerate(runs):
        assert said[-1] == "interrupted: no file was left half-written" and "Traceback" not in "\n".join(said), n
        assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()], n


def test_a_worker_told_to_stop_while_drawing_stops_before_its_next_file_in_its_own_code():
    """SIGTERM in a ``--jobs`` worker: waiting in the pool's queue it exits at once; drawing a
    share it only notes the stop (an exception raised inside a library's drawing can be caught
    there and lost, leaving the worker deaf to the pool's end), and the share stops before its
    next file."""
    from qujat.batch import run

    before = signal.getsignal(signal.SIGTERM)
    try:
        run._drawing.append(True)
        run._worker_stopped(signal.SIGTERM, None)  # drawing: noted, nothing raised
        assert run._stop_asked == [signal.SIGTERM]
        with pytest.raises(SystemExit) as stopped:
            run._stop_if_asked()
        assert stopped.value.code == 128 + signal.SIGTERM
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN  # once: the clean-up is not cut short
        run._drawing.clear()
        run._stop_asked.clear()
        with pytest.raises(SystemExit) as waiting:  # in the pool's queue
            run._worker_stopped(signal.SIGTERM, None)
        assert waiting.value.code == 128 + signal.SIGTERM and run._stop_asked == []
    finally:
        run._drawing.clear()
        run._stop_asked.clear()
        signal.signal(signal.SIGTERM, before)
