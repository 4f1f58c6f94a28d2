"""A certificate is "issued" in the registry only together with the document that landed: after a
kill, Ctrl-C, a full disk or a read-only target, no registry row says issued for a file that is
not there; an interrupted run's numbers are held as reserved (taken by the re-run) or given back."""
from __future__ import annotations

import contextlib
import csv
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from qujat.registry.store import Registry
from test_registry_postgres import fresh_postgres, postgres_url  # noqa: F401 - fixtures

pytestmark = pytest.mark.timeout(300)


def people_list(path: Path, count: int) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ФИО", "Должность"])
        writer.writerows([f"Қатысушы {n:03d} А.Б.", "төраға"] for n in range(count))
    return path


def assert_no_ghosts(registry: str) -> dict[str, int]:
    """Every document the registry calls issued is a file that is there, with its SHA-256; every
    award it calls issued has such a document. Returns the awards counted by status."""
    counts: dict[str, int] = {}
    with Registry.open(registry) as reg:
        for entry in reg.list():
            counts[entry.status] = counts.get(entry.status, 0) + 1
            issued = [d for d in entry.documents if d.status == "issued"]
            if entry.status == "issued":
                assert issued, f"{entry.number} is issued without a document"
            for doc in issued:
                assert doc.file and Path(doc.file).is_file(), f"{entry.number}: {doc.file} is not there"
                assert hashlib.sha256(Path(doc.file).read_bytes()).hexdigest() == doc.sha256, entry.number
    return counts


def assert_one_number_each(registry: str, count: int) -> None:
    with Registry.open(registry) as reg:
        entries = reg.list()
        assert sorted(e.sequence for e in entries) == list(range(1, count + 1))  # no gap, nobody twice
        assert len({e.name for e in entries}) == count
        assert {e.status for e in entries} == {"issued"}


def _start(args: list[str], registry: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "QUJAT_REGISTRY": registry}

    def reset() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    return subprocess.Popen([sys.executable, "-m", "qujat", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, preexec_fn=reset)


def _documents(registry: str) -> int:
    """How many documents the registry holds (read straight from the file, as often as need be)."""
    import sqlite3

    try:
        with contextlib.closing(sqlite3.connect(registry, timeout=5)) as db:
            return int(db.execute("SELECT count(*) FROM qujat_documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def _reserved(registry: str) -> int:
    try:
        with Registry.open(registry) as reg:
            return sum(e.status == "reserved" for e in reg.list())
    except Exception:  # the registry being created right now
        return 0


def test_a_read_only_target_records_nothing_and_gives_the_number_back(tmp_path):
    registry = str(tmp_path / "reg.sqlite3")
    assert run_cli("registry", "init", "--registry", registry).returncode == 0
    with read_only_folder(tmp_path / "ro") as folder:
        result = run_cli("certificate", "--award", "jubilee-medal", "--name", "Бекбас О.Т.", "-o",
                         str(folder / "a.pdf"), "--registry", registry)
        assert result.returncode == 2 and "cannot write" in result.stderr, result.stderr
    with Registry.open(registry) as reg:
        assert reg.list() == []  # nothing issued, nothing reserved: the number was given back
    assert run_cli("certificate", "--award", "jubilee-medal", "--name", "Калиев С.Е.", "-o",
                   str(tmp_path / "k.pdf"), "--registry", registry).returncode == 0
    with Registry.open(registry) as reg:
        assert [(e.number, e.name, e.status) for e in reg.list()] == [("A20-0001", "Калиев С.Е.", "issued")]


@contextlib.contextmanager
def read_only_folder(path: Path):
    """A folder nobody can write to, root included (a read-only mount when run as root)."""
    path.mkdir()
    if os.geteuid() != 0:
        path.chmod(0o555)
        try:
            yield path
        finally:
            path.chmod(0o755)
        return
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(path)], capture_output=True)
    if done.returncode != 0:
        _cannot(f"mount a read-only folder: {done.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


@contextlib.contextmanager
def small_disk(path: Path, size: str):
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if os.geteuid() != 0 or done.returncode != 0:
        _cannot("mount a small disk (needs root)")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


def _cannot(what: str) -> None:
    if os.environ.get("QUJAT_REQUIRE_TOOLS"):
        pytest.fail(f"cannot {what} (QUJAT_REQUIRE_TOOLS is set)")
    pytest.skip(f"cannot {what}")


def test_a_full_disk_records_nothing_issued(tmp_path):
    registry = str(tmp_path / "reg.sqlite3")
    source = people_list(tmp_path / "l.csv", 200)
    with small_disk(tmp_path / "disk", "150k") as disk:
        result = run_cli("batch", str(source), "--award", "jubilee-medal", "-o", str(disk), "--quiet",
                         "--registry", registry)
        assert result.returncode == 2 and "cannot write" in result.stderr, result.stderr
        assert sorted(p.name for p in disk.iterdir()) == []
        assert assert_no_ghosts(registry) == {}  # every number given back
    again = run_cli("batch", str(source), "--award", "jubilee-medal", "-o", str(tmp_path / "out"), "--quiet",
                    "--registry", registry)
    assert again.returncode == 0, again.stderr
    assert_one_number_each(registry, 200)


#: People in the Ctrl-C'd combined batch: enough that it cannot finish between the first chunk's
#: reservation and the signal (400 took 0.4 s of CPU and, beside a busy loop, sometimes did).
COMBINED = 2_000


def test_ctrl_c_in_a_combined_batch_gives_its_numbers_back(tmp_path):
    registry = str(tmp_path / "reg.sqlite3")
    assert run_cli("registry", "init", "--registry", registry).returncode == 0
    source = people_list(tmp_path / "l.csv", COMBINED)
    process = _start(["batch", str(source), "--award", "jubilee-medal", "-o", str(tmp_path / "out"), "--quiet"],
                     registry)
    deadline = time.time() + 60
    while time.time() < deadline and _reserved(registry) < 5:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert assert_no_ghosts(registry) == {}  # released: no award in force, none reserved
    again = run_cli("batch", str(source), "--award", "jubilee-medal", "-o", str(tmp_path / "out"), "--quiet",
                    "--registry", registry)
    assert again.returncode == 0, again.stderr
    assert_one_number_each(registry, COMBINED)  # the numbers given back were taken again: no gap


KILLS = 20
PEOPLE = 150


def test_twenty_kills_at_random_moments_leave_no_ghost(tmp_path):
    """SIGKILL at a random moment of 20 runs (combined and split in turn) into one registry:
    after each, nothing is issued without its file; the last run issues everyone exactly once."""
    registry = str(tmp_path / "reg.sqlite3")
    assert run_cli("registry", "init", "--registry", registry).returncode == 0
    source = people_list(tmp_path / "l.csv", PEOPLE)
    chance = random.Random(18)
    figures = []
    for kill in range(KILLS):
        split = ["--split"] if kill % 2 else []
        before = _documents(registry)
        process = _start(["batch", str(source), "--award", "jubilee-medal", "-o", str(tmp_path / f"out{kill % 2}"),
                          "--quiet", *split], registry)
        if kill % 4 == 0:  # early: while it starts, reads the list, opens the registry
            time.sleep(chance.uniform(0.1, 1.0))
        else:  # once it has begun to issue (or, with everyone issued, reprints), a moment later
            deadline = time.time() + 20
            while time.time() < deadline and _documents(registry) == before and process.poll() is None:
                time.sleep(0.02)
            time.sleep(chance.uniform(0.0, 0.8))
        process.kill()
        process.communicate(timeout=60)
        figures.append(assert_no_ghosts(registry))
    final = run_cli("batch", str(source), "--award", "jubilee-medal", "-o", str(tmp_path / "final"), "--quiet",
                    "--registry", registry)
    assert final.returncode == 0, final.stderr
    assert_one_number_each(registry, PEOPLE)
    assert_no_ghosts(registry)
    # the runs were killed at different stages: some before any certificate, some with reserved ones
    print("kills:", KILLS, "reserved after each:", [f.get("reserved", 0) for f in figures],
          "issued after each:", [f.get("issued", 0) for f in figures])
    assert any(f.get("reserved", 0) for f in figures)


def test_ctrl_c_in_a_split_batch_of_two_jobs_leaves_every_file_issued_and_nothing_else(tmp_path):
    """--split --jobs 2 into the registry, Ctrl-C while the workers draw: every file in the folder
    is issued with its SHA-256 (a file a worker put in place before the parent heard of it too),
    nothing else is, and the re-run issues everyone once, with no gap."""
    registry = str(tmp_path / "reg.sqlite3")
    assert run_cli("registry", "init", "--registry", registry).returncode == 0
    source = people_list(tmp_path / "l.csv", 400)
    folder = tmp_path / "out" / "l"
    process = _start(["batch", str(source), "--award", "jubilee-medal", "-o", str(tmp_path / "out"), "--quiet",
                      "--split", "--jobs", "2"], registry)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(folder.glob("*.pdf")) if folder.is_dir() else []) < 20:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    counts = assert_no_ghosts(registry)
    files = sorted(folder.glob("*.pdf"))
    assert 20 <= len(files) < 400 and counts == {"issued": len(files)}, (counts, len(files))
    again = run_cli("batch", str(source), "--award", "jubilee-medal", "-o", str(tmp_path / "out"), "--quiet",
                    "--split", "--jobs", "2", "--registry", registry)
    assert again.returncode == 0, again.stderr
    assert_one_number_each(registry, 400)
    assert_no_ghosts(registry)


_HOLDER = """
import datetime as dt, sys
from qujat.certificates.assemble import Designs
from qujat.model import IssueSettings, Recipient
from qujat.registry.recording import RegistryIssuing
from qujat.registry.store import Registry
url, key, names = sys.argv[1], sys.argv[2] or None, sys.argv[3:]
issuing = RegistryIssuing(Registry.open(url, signing_key=key), "holder")
settings = IssueSettings(award="jubilee-medal", lang="kk", date=dt.date(2018, 7, 4))
made = issuing.issue_all([Recipient(name={"*": n}, row=r) for r, n in enumerate(names, 1)], settings, Designs(settings))
print("reserved", " ".join(m.number for m in made), flush=True)
sys.stdin.readline()  # printing, as long as the test likes; then it lands
issuing.confirm(made, "holder.pdf", "0" * 64)
issuing.close()
print("confirmed", flush=True)
"""


def _holder(url: str, key: str, names: list[str]) -> tuple[subprocess.Popen[str], str]:
    """A run that has reserved ``names``' numbers and is still printing them (until told)."""
    process = subprocess.Popen([sys.executable, "-c", _HOLDER, url, key, *names], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                               cwd=Path(key).parent)
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


def _same_people_while_another_run_prints_them(url: str, key: str, tmp_path: Path) -> None:
    names = [f"Қатысушы {n:03d} А.Б." for n in range(3)]
    source = people_list(tmp_path / "l.csv", 5)
    env = {"QUJAT_SIGNING_KEY": key}
    assert run_cli("registry", "init", "--registry", url, **env).returncode == 0
    holder, said = _holder(url, key, names)
    assert said == "reserved A20-0001 A20-0002 A20-0003"
    # another run of the same people while the first prints them: it neither takes nor gives
    # back the first run's numbers (0.1.0: took them, and its Ctrl-C freed them for others)
    other = run_cli("batch", str(source), "--award", "jubilee-medal", "-o", str(tmp_path / "b"), "--quiet",
                    "--registry", url, **env)
    assert other.returncode == 1, other.stderr
    assert ("issued 2 new, reprinted 0 already awarded, 0 in another language of an existing award, refused 3"
            in other.stdout), other.stdout
    assert ("row 2: A20-0001 is being printed by another run at this moment: run this row again once that run "
            "has finished") in other.stderr, other.stderr
    with Registry.open(url, signing_key=key) as reg:
        assert [(e.number, e.status) for e in reg.list()][:3] == [(f"A20-000{n}", "reserved") for n in (1, 2, 3)]
    assert holder.communicate("go\n", timeout=60)[0].strip() == "confirmed"
    with Registry.open(url, signing_key=key) as reg:
        held = {e.number: (e.status, e.documents[0].file) for e in reg.list()}
    assert held == {**{f"A20-000{n}": ("issued", str(Path(key).parent / "holder.pdf")) for n in (1, 2, 3)},
                    **{f"A20-000{n}": ("issued", str((tmp_path / "b" / "l.pdf").resolve())) for n in (4, 5)}}
    # a run killed while it prints: its reservations are taken by the next run, no gap
    killed, said = _holder(url, key, ["Басқа 001 В.Г.", "Басқа 002 В.Г."])
    assert said == "reserved A20-0006 A20-0007"
    killed.kill()
    killed.communicate(timeout=60)
    source = tmp_path / "other.csv"
    source.write_text("ФИО\nБасқа 001 В.Г.\nБасқа 002 В.Г.\n", encoding="utf-8")
    again = run_cli("batch", str(source), "--award", "jubilee-medal", "-o", str(tmp_path / "c"), "--quiet",
                    "--registry", url, **env)
    assert again.returncode == 0, again.stderr
    assert "issued 2 new, reprinted 0" in again.stdout, again.stdout
    with Registry.open(url, signing_key=key) as reg:
        entries = reg.list()
    assert [(e.sequence, e.status) for e in entries] == [(n, "issued") for n in range(1, 8)]


def test_a_run_never_takes_nor_gives_back_what_another_run_is_printing_sqlite(tmp_path):
    registry = str(tmp_path / "reg.sqlite3")
    _same_people_while_another_run_prints_them(registry, str(tmp_path / "reg.key"), tmp_path)
    assert [p.name for p in (tmp_path / "reg.sqlite3.runs").iterdir()] == []  # every lease let go


def test_a_run_never_takes_nor_gives_back_what_another_run_is_printing_postgres(request, tmp_path):
    url = request.getfixturevalue("fresh_postgres")
    _same_people_while_another_run_prints_them(url, str(tmp_path / "signing.key"), tmp_path)


def test_a_file_where_the_leases_go_is_one_line_and_nothing_recorded(tmp_path):
    registry = tmp_path / "reg.sqlite3"
    assert run_cli("registry", "init", "--registry", str(registry)).returncode == 0
    (tmp_path / "reg.sqlite3.runs").write_text("not a folder", encoding="utf-8")
    done = run_cli("certificate", "--award", "jubilee-medal", "--name", "Калиев С.Е.", "-o", str(tmp_path / "c.pdf"),
                   "--registry", str(registry))
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1] == (
        f"error: the registry's folder {tmp_path} cannot be written (File exists): ask whoever keeps it for the "
        "right to write it, or give --registry another one; nothing was recorded")
    assert not (tmp_path / "c.pdf").exists()
    with Registry.open(registry) as reg:
        assert reg.list() == []
