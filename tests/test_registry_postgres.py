"""The award registry on PostgreSQL: a throw-away cluster from the Debian `postgresql` package."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from qujat.registry.store import Registry, registry_url
from test_registry import assert_one_number_each, issue_concurrently, people


def _pg_bin() -> Path:
    found = shutil.which("initdb") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)),
                                           None)
    if not found:
        if os.environ.get("QUJAT_REQUIRE_TOOLS"):
            pytest.fail("PostgreSQL (initdb, pg_ctl) is required (QUJAT_REQUIRE_TOOLS is set) but not installed")
        pytest.skip("PostgreSQL is not installed")
    return Path(found).parent


class Cluster:
    """A PostgreSQL cluster of its own on a Unix socket; as root it runs as the `postgres` user
    (PostgreSQL refuses to run as root)."""

    def __init__(self) -> None:
        self.bindir = _pg_bin()
        self.base = Path(tempfile.mkdtemp(prefix="qujat-pg-"))
        self.data, self.sockets = self.base / "data", self.base / "sock"
        self.sockets.mkdir()
        self.prefix: list[str] = []
        self.user = pwd.getpwuid(os.getuid()).pw_name
        if os.getuid() == 0:
            self.user = "postgres"
            entry = pwd.getpwnam(self.user)
            self.base.chmod(0o755)
            for path in (self.base, self.sockets):
                os.chown(path, entry.pw_uid, entry.pw_gid)
            self.prefix = ["runuser", "-u", self.user, "--"]
        subprocess.run([*self.prefix, str(self.bindir / "initdb"), "-D", str(self.data), "-U", self.user, "-A",
                        "trust", "-E", "UTF8"], check=True, capture_output=True)
        self.url = f"postgresql://{self.user}@/postgres?host={self.sockets}"

    def start(self) -> None:
        subprocess.run([*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-w", "-l",
                        str(self.base / "log"), "-o", f"-k {self.sockets} -c listen_addresses='' -c fsync=off",
                        "start"], check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run([*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                        "stop"], capture_output=True)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL cluster of its own, removed at the end."""
    cluster = Cluster()
    cluster.start()
    try:
        yield cluster.url
    finally:
        cluster.remove()


@pytest.fixture
def fresh_postgres(postgres_url):
    """The cluster's database emptied of any registry a previous test left."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(registry_url(postgres_url))
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()
    return postgres_url


def test_url_forms():
    assert registry_url("postgresql://u@h/db").startswith("postgresql+psycopg://")
    assert registry_url("postgresql+psycopg://u@/db?host=/run/x") == "postgresql+psycopg://u@/db?host=/run/x"
    assert registry_url("reg.sqlite3").startswith("sqlite:////")


def test_two_processes_get_distinct_consecutive_numbers_postgres(fresh_postgres, tmp_path):
    key = str(tmp_path / "signing.key")
    issue_concurrently(fresh_postgres, tmp_path, [people(0, 200), people(200, 200)], key)
    assert_one_number_each(fresh_postgres, set(people(0, 400)), key)


@pytest.mark.timeout(600)
def test_four_processes_the_same_250_people_postgres(fresh_postgres, tmp_path):
    """The once-per-person check is inside the transaction that takes the number: 4 offices issuing
    the same 250 people at once give 250 numbers, 1 to 250 (0.1.0 gave 733 for 250 people)."""
    import random

    key = str(tmp_path / "signing.key")
    issue_concurrently(fresh_postgres, tmp_path, [random.Random(n).sample(people(0, 250), 250) for n in range(4)],
                       key)
    assert_one_number_each(fresh_postgres, set(people(0, 250)), key)


@pytest.mark.timeout(600)
def test_four_processes_overlapping_people_postgres(fresh_postgres, tmp_path):
    key = str(tmp_path / "signing.key")
    issue_concurrently(fresh_postgres, tmp_path, [people(125 * n, 250) for n in range(4)], key)
    assert_one_number_each(fresh_postgres, set(people(0, 625)), key)


def test_one_award_per_person_is_a_database_constraint_postgres(fresh_postgres, tmp_path):
    import datetime as dt

    from qujat.registry.store import NewAward, RegistryError

    with Registry.open(fresh_postgres, signing_key=tmp_path / "k.key", create=True) as reg, reg.issuing() as conn:
        from qujat.registry import persons

        pid = persons.new_person(conn, None)
        reg.record(conn, NewAward("A20-0001", "jubilee-medal", 1, pid, True, dt.date(2018, 7, 4), "X"))
        with pytest.raises(RegistryError, match="given once per person"):
            reg.record(conn, NewAward("A20-0002", "jubilee-medal", 2, pid, True, dt.date(2018, 7, 4), "X"))


def test_list_by_name_finds_every_holder_postgres(fresh_postgres, tmp_path):
    from conftest import run_cli
    from test_registry import _iin, write_list

    key = str(tmp_path / "signing.key")
    listing = write_list(tmp_path / "l.csv", [{"ФИО": "Жақсыбекова Айгүл Серікқызы", "ИИН": _iin("0206066")},
                                              {"ФИО": "ЖАҚСЫБЕКОВА Сәуле", "ИИН": ""}])
    assert run_cli("batch", str(listing), "--award", "federation-badge", "-o", str(tmp_path / "o"), "--registry",
                   fresh_postgres, QUJAT_SIGNING_KEY=key).returncode == 0
    for query in ("жақсыбекова", "Жаксыбекова"):  # and as Russian spelling writes it
        found = run_cli("registry", "list", "--name", query, "--registry", fresh_postgres)
        assert [line.split()[0] for line in found.stdout.splitlines()] == ["FB-0001", "FB-0002"], query
    found = run_cli("registry", "list", "--name", "Сауле Жаксыбекова", "--registry", fresh_postgres)
    assert [line.split()[0] for line in found.stdout.splitlines()] == ["FB-0002"]


def test_issue_and_verify_on_postgres(fresh_postgres, tmp_path, monkeypatch):
    from conftest import run_cli

    key = str(tmp_path / "signing.key")
    first = run_cli("certificate", "--award", "federation-badge", "--name", "Бекбас О.Т.", "--registry",
                    fresh_postgres, "-o", str(tmp_path / "a.pdf"), QUJAT_SIGNING_KEY=key)
    assert first.returncode == 0, first.stderr
    again = run_cli("certificate", "--award", "federation-badge", "--name", "Бекбас О.Т.", "--registry",
                    fresh_postgres, "-o", str(tmp_path / "b.pdf"), QUJAT_SIGNING_KEY=key)
    assert "already awarded: FB-0001" in again.stderr
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert run_cli("registry", "revoke", "FB-0001", "--reason", "test", "--category", "withdrawn", "--registry",
                   fresh_postgres).returncode == 0
    verdict = run_cli("verify", str(tmp_path / "a.pdf"), "--registry", fresh_postgres)
    assert verdict.returncode == 10 and "status: revoked" in verdict.stdout
    with Registry.open(fresh_postgres) as reg, pytest.raises(Exception, match="append-only"), \
            reg.writing() as conn:
        conn.exec_driver_sql("DELETE FROM qujat_award_events")


def _cluster_with_registry(tmp_path: Path) -> tuple[Cluster, str, dict[str, str]]:
    """A cluster of its own (started) holding a registry whose key is in ``tmp_path``; with the
    environment a ``python -m qujat`` process uses it through."""
    from conftest import ROOT, run_cli

    cluster = Cluster()
    cluster.start()
    key = str(tmp_path / "signing.key")
    if run_cli("registry", "init", "--registry", cluster.url, QUJAT_SIGNING_KEY=key).returncode != 0:
        cluster.remove()
        pytest.fail("registry init failed on the cluster")
    return cluster, key, {**os.environ, "PYTHONPATH": str(ROOT / "src"), "QUJAT_REGISTRY": cluster.url,
                          "QUJAT_SIGNING_KEY": key}


@pytest.mark.timeout(300)
def test_a_server_stopped_mid_batch_leaves_no_certificate_issued_without_its_file(tmp_path):
    """The PostgreSQL server stops in the middle of a batch: the run stops (exit 75, a temporary
    failure: one line naming the registry and what to do, the run sheet listing the files
    written), and no award is issued whose file is not there; when the server is back, the
    re-run issues everyone once, with no gap."""
    from test_registry_faults import assert_no_ghosts, people_list

    cluster, key, env = _cluster_with_registry(tmp_path)
    try:
        source = people_list(tmp_path / "l.csv", 300)
        process = subprocess.Popen([sys.executable, "-m", "qujat", "batch", str(source), "--award", "jubilee-medal",
                                    "--split", "-o", str(tmp_path / "out"), "--quiet"], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        folder = tmp_path / "out" / "l"
        deadline = time.time() + 120
        while time.time() < deadline and len(list(folder.glob("*.pdf")) if folder.is_dir() else []) < 20:
            time.sleep(0.05)
        cluster.stop()
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 75, stderr
        lines = [line for line in stderr.splitlines() if line.startswith("error:")]
        assert len(lines) == 1 and lines[0].startswith("error: the registry postgresql+psycopg://") and \
            " cannot be reached (" in lines[0], stderr
        assert ("check that its database server is running and reachable, then run the same command again"
                in lines[0]) and "the batch stopped after writing" in lines[0], stderr
        cluster.start()
        counts = assert_no_ghosts(cluster.url)
        # each file is confirmed as it lands: every file is issued but the one in flight when the
        # server stopped; the rest of the chunk being drawn (one transaction) stays reserved, for
        # the re-run to take, and nothing is issued without its file
        from qujat.batch.run import CHUNK_SIZE

        issued, files = counts.get("issued", 0), len(list(folder.glob("*.pdf")))
        assert 19 <= issued <= files <= issued + 1
        assert issued + counts.get("reserved", 0) <= -(-files // CHUNK_SIZE) * CHUNK_SIZE
        again = subprocess.run([sys.executable, "-m", "qujat", "batch", str(source), "--award", "jubilee-medal",
                                "--split", "-o", str(tmp_path / "out"), "--quiet"], env=env, capture_output=True,
                               text=True, timeout=300)
        assert again.returncode == 0, again.stderr
        with Registry.open(cluster.url, signing_key=key) as reg:
            entries = reg.list()
            assert sorted(e.sequence for e in entries) == list(range(1, 301))
            assert {e.status for e in entries} == {"issued"}
    finally:
        cluster.remove()


@pytest.mark.timeout(300)
def test_a_server_stopped_mid_combined_batch_is_exit_75_and_the_earlier_files_stand(tmp_path):
    """The server stops while a combined batch makes its pages: exit 75, one line naming the
    registry and what to do (nothing about a disk), the earlier run's PDF and run sheet as they
    were, no award issued; when the server is back, the same command issues everyone once."""
    from test_registry_faults import _reserved, assert_no_ghosts, people_list

    cluster, key, env = _cluster_with_registry(tmp_path)
    try:
        source = people_list(tmp_path / "l.csv", 2000)
        out = tmp_path / "out"
        out.mkdir()
        (out / "l.pdf").write_bytes(b"%PDF- the earlier run")
        (out / "l.run-sheet.csv").write_text("the earlier run sheet", encoding="utf-8")
        command = [sys.executable, "-m", "qujat", "batch", str(source), "--award", "jubilee-medal", "-o", str(out),
                   "--quiet"]
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 120
        while time.time() < deadline and _reserved(cluster.url) < 20:
            time.sleep(0.05)
        cluster.stop()
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 75, stderr
        lines = [line for line in stderr.splitlines() if not line.startswith(("warning:", "registry: "))]
        assert len(lines) == 1 and lines[0].startswith("error: the registry postgresql+psycopg://"), stderr
        assert " cannot be reached (" in lines[0] and "check that its database server is running and reachable, " \
            "then run the same command again" in lines[0], stderr
        assert "disk" not in lines[0] and "make room" not in lines[0], stderr
        assert (out / "l.pdf").read_bytes() == b"%PDF- the earlier run"
        assert (out / "l.run-sheet.csv").read_text(encoding="utf-8") == "the earlier run sheet"
        assert sorted(p.name for p in out.iterdir()) == ["l.pdf", "l.run-sheet.csv"]
        cluster.start()
        assert assert_no_ghosts(cluster.url).get("issued", 0) == 0
        again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stderr
        with Registry.open(cluster.url, signing_key=key) as reg:
            entries = reg.list()
            assert sorted(e.sequence for e in entries) == list(range(1, 2001))
            assert {e.status for e in entries} == {"issued"}
        assert_no_ghosts(cluster.url)
    finally:
        cluster.remove()


def test_a_release_registry_copied_into_postgres_is_migrated(fresh_postgres, tmp_path):
    """The 0.1.0 registry's rows in a PostgreSQL registry at schema 0001: migrated on opening, every
    signed certificate still verifies, ids and counters carry on."""
    import sqlite3

    import sqlalchemy
    from alembic import command
    from alembic.config import Config

    from qujat.verification.check import verify
    from qujat.verification.verdict import Status
    from test_registry_migration import RELEASE

    engine = sqlalchemy.create_engine(registry_url(fresh_postgres))
    with engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", "qujat.registry:migrations")
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        source = sqlite3.connect(RELEASE / "qujat-registry.sqlite3")
        source.row_factory = sqlite3.Row
        for table in ("qujat_meta", "qujat_counters", "qujat_certificates", "qujat_events"):
            rows = [dict(r) for r in source.execute(f"SELECT * FROM {table}")]
            columns = list(rows[0])
            quoted = ", ".join(f'"{c}"' for c in columns)
            conn.execute(sqlalchemy.text(f"INSERT INTO {table} ({quoted}) VALUES "
                                         f"({', '.join(':' + c for c in columns)})"), rows)
        source.close()
        for table in ("qujat_certificates", "qujat_events"):
            conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT MAX(id) FROM {table}))")
    engine.dispose()
    key = tmp_path / "qujat-registry.key"
    shutil.copy(RELEASE / "qujat-registry.key", key)
    key.chmod(0o600)
    with Registry.open(fresh_postgres, signing_key=key) as reg:
        entries = reg.list()
        assert len(entries) == 7
        for entry in entries:
            if entry.payload:
                expected = Status.REVOKED if entry.number == "A20-0002" else Status.VALID
                assert verify(entry.number, reg).status is expected
    from conftest import run_cli

    made = run_cli("certificate", "--award", "federation-badge", "--name", "Новый А.Б.", "-o",
                   str(tmp_path / "n.pdf"), "--registry", fresh_postgres, QUJAT_SIGNING_KEY=str(key))
    assert made.returncode == 0, made.stderr
    with Registry.open(fresh_postgres) as reg:
        assert reg.list(award="federation-badge")[-1].number == "FB-0004"
        assert [e.kind for e in reg.history("FB-0004")] == ["issued"]
