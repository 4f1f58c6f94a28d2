"""A registry made by qujat 0.1.0 (tests/registries/release-0.1.0, made by
tools/make_release_registry.py) is migrated to persons, awards and documents: every certificate
still verifies and reprints, and its people are one person across languages."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

from conftest import ALMATY, ROOT, decode_qr, run_cli
from qujat.registry.recording import print_again
from qujat.registry.store import HEAD, Registry
from qujat.verification.check import verify
from qujat.verification.verdict import Status

RELEASE = ROOT / "tests" / "registries" / "release-0.1.0"


def _copy(tmp_path: Path) -> Path:
    for name in ("qujat-registry.sqlite3", "qujat-registry.key"):
        shutil.copy(RELEASE / name, tmp_path / name)
    (tmp_path / "qujat-registry.key").chmod(0o600)  # git keeps no mode but the executable bit
    return tmp_path / "qujat-registry.sqlite3"


def test_a_release_registry_is_migrated_and_every_certificate_verifies_and_reprints(tmp_path):
    path = _copy(tmp_path)
    with Registry.open(path) as reg:
        assert (tmp_path / f"qujat-registry.sqlite3.before-{HEAD}").is_file()  # copied before the upgrade
        entries = {e.number: e for e in reg.list()}
        assert sorted(entries) == ["A20-0001", "A20-0002", "A20-0003", "A20-0041", "FB-0001", "FB-0002", "FB-0003"]
        assert [len(e.documents) for e in entries.values()] == [1] * 7
        assert {n: e.status for n, e in entries.items() if e.status != "issued"} == {"A20-0002": "revoked"}
        assert [ev.kind for ev in reg.history("A20-0002")] == ["issued", "revoked"]
        for number, entry in entries.items():
            if entry.payload is None:  # imported from a journal: not signed, nothing to print
                assert number == "A20-0041"
                continue
            verdict = verify(number, reg)
            assert verdict.status is (Status.REVOKED if number == "A20-0002" else Status.VALID), number
            # reprinted with the code it was issued with (format 1); the page is today's layout (the
            # QR code grew to 36 mm with payload format 2), so not the bytes of 0.1.0's file
            reprint = print_again(reg, number, tmp_path / f"{number}.pdf")
            [code] = decode_qr(reprint)
            assert code == entry.payload and code.startswith("QJ1:")
            # FB-0001 had a duplicate in 0.1.0, which printed the original's own code: that code is
            # the replaced original's
            expected = {"A20-0002": Status.REVOKED, "FB-0001": Status.REPLACED}.get(number, Status.VALID)
            assert verify(code, reg).status is expected, number
            again = print_again(reg, number, tmp_path / f"{number}.again.pdf")
            assert again.read_bytes() == reprint.read_bytes()  # and every reprint after it is the same
        kaliyev = entries["A20-0001"]
        assert sorted(reg.person_names(kaliyev.person_id)) == ["S. E. Kaliyev", "Калиев С.Е.", "С.Е. Қалиев"]


def test_after_the_migration_another_language_keeps_the_numbers(tmp_path):
    path = _copy(tmp_path)
    result = run_cli("certificates", str(ALMATY), "--lang", "ru", "-o", str(tmp_path / "ru"), "--registry", str(path))
    assert result.returncode == 0, result.stderr
    # Kaliyev and Bekzhanov keep their numbers in Russian; Bekbas's was revoked, so he gets a new one
    # after the journal's A20-0041
    assert sorted(p.name for p in (tmp_path / "ru").iterdir()) == [
        "A20-0001 Калиев С.Е.ru.pdf", "A20-0003 Бекжанов Б.А.ru.pdf", "A20-0042 Бекбас О.Т.ru.pdf"]
    with Registry.open(path) as reg:
        assert [d.language for d in reg.get("A20-0001").documents] == ["kk", "ru"]


def test_a_0002_registry_gains_the_revocation_category(tmp_path):
    """0003 adds the category beside a revocation's reason; revocations made before have none."""
    import sqlite3

    import qujat
    from qujat.registry.recording import RegistryIssuing

    path = tmp_path / "office.sqlite3"
    with Registry.open(path, create=True) as reg:
        qujat.render_certificate("jubilee-medal", "Бекбас О.Т.", tmp_path / "a.pdf", lang="ru",
                                 issuing=RegistryIssuing(reg))
        reg.revoke("A20-0001", "ошибка в фамилии")
    with sqlite3.connect(path) as conn:  # the registry as schema 0002 left it
        conn.execute("ALTER TABLE qujat_award_events DROP COLUMN category")
        conn.execute("ALTER TABLE qujat_documents DROP COLUMN reserved_by")
        conn.execute("DROP TABLE qujat_name_forms")
        conn.execute("DROP INDEX ix_qujat_person_names_short")
        conn.execute("ALTER TABLE qujat_person_names DROP COLUMN short")
        conn.execute("DROP INDEX ix_qujat_person_names_loose")
        conn.execute("ALTER TABLE qujat_person_names DROP COLUMN loose")
        conn.execute("UPDATE qujat_alembic_version SET version_num = '0002'")
    with Registry.open(path) as reg:
        assert (tmp_path / f"office.sqlite3.before-{HEAD}").is_file()
        history = reg.history("A20-0001")
        assert history[-1].kind == "revoked" and {e.category for e in history} == {None}
        assert verify("A20-0001", reg).status is Status.REVOKED
    with sqlite3.connect(path) as conn:
        assert "category" in {row[1] for row in conn.execute("PRAGMA table_info(qujat_award_events)")}


def test_a_0003_registry_after_0004_its_reservation_taken_and_its_names_loosely_keyed(tmp_path):
    """0004 records which run a reserved document belongs to; one reserved before (by a run
    killed under 0003) has none, and the next run for the person takes it: no gap, no second
    number. The names recorded before get their loose keys."""
    import sqlite3

    from conftest import run_cli

    path = tmp_path / "office.sqlite3"
    source = tmp_path / "l.csv"
    source.write_text("ФИО\nБекбас О.Т.\n", encoding="utf-8")
    args = ("batch", str(source), "--award", "jubilee-medal", "--lang", "kk", "--quiet", "--registry", str(path))
    assert run_cli(*args, "-o", str(tmp_path / "a")).returncode == 0
    with sqlite3.connect(path) as conn:  # as a run killed under 0003 left it
        conn.execute("ALTER TABLE qujat_documents DROP COLUMN reserved_by")
        conn.execute("DROP TABLE qujat_name_forms")
        conn.execute("DROP INDEX ix_qujat_person_names_short")
        conn.execute("ALTER TABLE qujat_person_names DROP COLUMN short")
        conn.execute("DROP INDEX ix_qujat_person_names_loose")
        conn.execute("ALTER TABLE qujat_person_names DROP COLUMN loose")
        conn.execute("UPDATE qujat_documents SET status = 'reserved', file = NULL, sha256 = NULL")
        conn.execute("UPDATE qujat_awards SET status = 'reserved'")
        conn.execute("UPDATE qujat_alembic_version SET version_num = '0003'")
    again = run_cli(*args, "-o", str(tmp_path / "b"))
    assert again.returncode == 0, again.stderr
    assert "issued 1 new, reprinted 0" in again.stdout, again.stdout
    with Registry.open(path) as reg:
        [entry] = reg.list()
        assert (entry.number, entry.status, [d.status for d in entry.documents]) == ("A20-0001", "issued", ["issued"])
        assert entry.documents[0].file == str((tmp_path / "b" / "l.pdf").resolve())
    # the names recorded before got their loose keys: the same name reversed is asked about, not a new medal
    source.write_text("ФИО\nО.Т. Бекбас\n", encoding="utf-8")
    reversed_ = run_cli(*args, "-o", str(tmp_path / "c"))
    assert reversed_.returncode == 1 and "«О.Т. Бекбас» may be «Бекбас О.Т.», awarded A20-0001" in reversed_.stderr


def test_a_0004_registry_after_0005_finds_its_names_typed_in_latin_letters(tmp_path):
    """0005 gives the names recorded before their loose keys in any script: a holder recorded in
    Cyrillic under 0004 is asked about when a list types the name in Latin letters, not given a
    second badge."""
    import sqlite3

    from conftest import run_cli

    path = tmp_path / "office.sqlite3"
    kazakh, latin = tmp_path / "kk.csv", tmp_path / "en.csv"
    kazakh.write_text("ФИО\nҚалиев Серік Болатұлы\n", encoding="utf-8")
    latin.write_text("Name\nQaliev Serik Bolatuly\n", encoding="utf-8")
    args = ("--award", "federation-badge", "--quiet", "--registry", str(path))
    assert run_cli("batch", str(kazakh), "--lang", "kk", "-o", str(tmp_path / "a"), *args).returncode == 0
    with sqlite3.connect(path) as conn:  # as 0004 keyed the name: Russian spelling, Cyrillic letters, no short key
        conn.execute("DROP TABLE qujat_name_forms")
        conn.execute("DROP INDEX ix_qujat_person_names_short")
        conn.execute("ALTER TABLE qujat_person_names DROP COLUMN short")
        conn.execute("UPDATE qujat_person_names SET loose = 'болатулы калиев серик'")
        conn.execute("UPDATE qujat_alembic_version SET version_num = '0004'")
    refused = run_cli("batch", str(latin), "--lang", "en", "-o", str(tmp_path / "b"), *args)
    assert refused.returncode == 1 and "«Qaliev Serik Bolatuly» may be «Қалиев Серік Болатұлы», awarded FB-0001" \
        in refused.stderr
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM qujat_alembic_version").fetchall() == [(HEAD,)]
        assert conn.execute("SELECT loose, short FROM qujat_person_names").fetchall() == [
            ("bulatuli kaliev serk", "kaliev serk")]


def test_a_0005_registry_after_0006_asks_about_initials_and_keys_latin_initials_as_latin(tmp_path):
    """0006 gives the full names recorded before their shortened forms, and the names with
    initials their new keys: a holder recorded under 0005 as «Қалиев Серік Болатұлы» is asked
    about when a list writes «Қалиев С.Б.»; «B. Zh. Abdirayim», keyed with a Cyrillic «в» under
    0005, is keyed in Latin letters and asked about beside «Абдирайым Бауыржан Жұмабайұлы»'s
    initials. A copy of the registry as it was is kept beside it."""
    import sqlite3

    from conftest import run_cli

    path = tmp_path / "office.sqlite3"
    first, later = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("ФИО\nҚалиев Серік Болатұлы\nB. Zh. Abdirayim\n", encoding="utf-8")
    later.write_text("ФИО\nҚалиев С.Б.\nБ.Ж. Абдирайым\n", encoding="utf-8")
    args = ("--award", "federation-badge", "--lang", "kk", "--quiet", "--registry", str(path))
    assert run_cli("batch", str(first), "-o", str(tmp_path / "a"), *args).returncode == 0
    with sqlite3.connect(path) as conn:  # as 0005 keyed the names: no shortened forms, a Latin «B» as «в»
        conn.execute("DROP TABLE qujat_name_forms")
        conn.execute("UPDATE qujat_person_names SET key = 'в zh abdirayim', loose = 'abdiraim v zh', short = NULL "
                     "WHERE name = 'B. Zh. Abdirayim'")
        conn.execute("UPDATE qujat_alembic_version SET version_num = '0005'")
    refused = run_cli("batch", str(later), "-o", str(tmp_path / "b"), *args)
    assert refused.returncode == 1
    assert "row 2: «Қалиев С.Б.» may be «Қалиев Серік Болатұлы», awarded FB-0001" in refused.stderr
    assert "row 3: «Б.Ж. Абдирайым» may be «B. Zh. Abdirayim», awarded FB-0002" in refused.stderr
    assert (tmp_path / f"office.sqlite3.before-{HEAD}").is_file()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM qujat_alembic_version").fetchall() == [(HEAD,)]
        assert conn.execute("SELECT key, loose, short FROM qujat_person_names ORDER BY id").fetchall() == [
            ("қалиев серік болатұлы", "bulatuli kaliev serk", "kaliev serk"),
            ("b zh abdirayim", "abdraim b zh", "abdraim b")]
        assert conn.execute("SELECT form, whole FROM qujat_name_forms ORDER BY form").fetchall() == [
            ("b k serk", 1), ("b kaliev s", 1), ("b kaliev serk", 1), ("k serk", 0), ("kaliev s", 0)]


def test_a_0006_registry_after_0007_asks_about_the_russian_spelling_of_a_kazakh_name(tmp_path):
    """0007 folds the loose keys of the names recorded before as Russian spelling writes Kazakh
    names: a holder recorded under 0006 as «Әбдірахманова Гүлнар Серікқызы» is asked about when a
    list writes «Абдрахманова Гульнар Сериковна» or «Абдрахманова Г.С.», and «Төлеген Жұмабайұлы»
    beside «Тулеген Жумабаевич», instead of being given a second badge."""
    import sqlite3

    from conftest import run_cli

    path = tmp_path / "office.sqlite3"
    first, later = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("ФИО\nӘбдірахманова Гүлнар Серікқызы\nТөлеген Жұмабайұлы\n", encoding="utf-8")
    later.write_text("ФИО\nАбдрахманова Г.С.\nТулеген Жумабаевич\nАбдрахманова Гульнар Сериковна\n",
                      encoding="utf-8")
    args = ("--award", "federation-badge", "--lang", "kk", "--quiet", "--registry", str(path))
    assert run_cli("batch", str(first), "-o", str(tmp_path / "a"), *args).returncode == 0
    with sqlite3.connect(path) as conn:  # as 0006 keyed the names: no spelling folds
        conn.execute("UPDATE qujat_person_names SET loose = 'abdirahmanova gulnar serikkizi', "
                     "short = 'abdirahmanova gulnar' WHERE name = 'Әбдірахманова Гүлнар Серікқызы'")
        conn.execute("UPDATE qujat_person_names SET loose = 'tolegen zhumabaiuli', short = NULL "
                     "WHERE name = 'Төлеген Жұмабайұлы'")
        conn.execute("DELETE FROM qujat_name_forms")
        conn.execute("INSERT INTO qujat_name_forms (form, whole, person_id) VALUES ('abdirahmanova g s', 1, 1)")
        conn.execute("UPDATE qujat_alembic_version SET version_num = '0006'")
    refused = run_cli("batch", str(later), "-o", str(tmp_path / "b"), *args)
    assert refused.returncode == 1
    lines = [line for line in refused.stderr.splitlines() if "may be" in line]
    assert [line[line.index("row "):].split(", awarded")[0] for line in lines] == [
        "row 2: «Абдрахманова Г.С.» may be «Әбдірахманова Гүлнар Серікқызы»",
        "row 3: «Тулеген Жумабаевич» may be «Төлеген Жұмабайұлы»",
        "row 4: «Абдрахманова Гульнар Сериковна» may be «Әбдірахманова Гүлнар Серікқызы»"]
    assert (tmp_path / f"office.sqlite3.before-{HEAD}").is_file()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM qujat_alembic_version").fetchall() == [(HEAD,)]
        assert conn.execute("SELECT loose, short FROM qujat_person_names ORDER BY id").fetchall() == [
            ("abdrakmanuva gulnar serkkizi", "abdrakmanuva gulnar"), ("tulegen zhumabauli", None)]
        assert ("abdrakmanuva g s", 1) in conn.execute("SELECT form, whole FROM qujat_name_forms").fetchall()


def test_the_migrations_make_the_tables_the_code_reads_and_writes(tmp_path):
    """A new registry (made by the migrations, 0001 to the newest) has every table and column of
    :mod:`qujat.registry.schema`, with the same primary keys: the two cannot drift apart."""
    import sqlite3

    from qujat.registry.schema import metadata

    path = tmp_path / "new.sqlite3"
    Registry.open(path, create=True).close()
    with sqlite3.connect(path) as conn:
        for table in metadata.sorted_tables:
            info = conn.execute(f"PRAGMA table_info({table.name})").fetchall()
            assert {row[1] for row in info} == {c.name for c in table.columns}, table.name
            keys = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]
            assert keys == [c.name for c in table.primary_key.columns], table.name


def test_a_0007_registry_after_0008_asks_about_a_patronymic_written_apart_and_soviet_spellings(tmp_path):
    """0008 keys the names recorded before with the patronymic's ending written apart joined to
    the father's name, «дж» as «ж» and «х» as «қ»: holders recorded under 0007 as «Жақсыбекова
    Әсел Нұрланқызы», «Жұмабаев Ержан» and «Бақытжан Сейітов» are asked about when a list writes
    «Жақсыбекова Әсел Нұрлан қызы», «Джумабаев Ержан» and «Бахытжан Сеитов», where each was given
    a second badge (exit 0); «Аскар Болатов» stays apart from «Ашар Болатов»."""
    import sqlite3

    from conftest import run_cli

    path = tmp_path / "office.sqlite3"
    first, later = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("ФИО\nЖақсыбекова Әсел Нұрланқызы\nЖұмабаев Ержан\nБақытжан Сейітов\nАшар Болатов\n",
                     encoding="utf-8")
    later.write_text("ФИО\nЖақсыбекова Әсел Нұрлан қызы\nДжумабаев Ержан\nБахытжан Сеитов\nАскар Болатов\n",
                     encoding="utf-8")
    args = ("--award", "federation-badge", "--lang", "kk", "--quiet", "--registry", str(path))
    assert run_cli("batch", str(first), "-o", str(tmp_path / "a"), *args).returncode == 0
    with sqlite3.connect(path) as conn:  # as 0007 keyed the names
        for name, loose in (("Жақсыбекова Әсел Нұрланқызы", "asel nurlankizi zhaksbekuva"),
                            ("Жұмабаев Ержан", "erzhan zhumabaev"), ("Бақытжан Сейітов", "baktzhan seituv")):
            conn.execute("UPDATE qujat_person_names SET loose = ? WHERE name = ?", (loose, name))
        conn.execute("UPDATE qujat_alembic_version SET version_num = '0007'")
    refused = run_cli("batch", str(later), "-o", str(tmp_path / "b"), *args)
    assert refused.returncode == 1
    lines = [line for line in refused.stderr.splitlines() if "may be" in line]
    assert [line[line.index("row "):].split(", awarded")[0] for line in lines] == [
        "row 2: «Жақсыбекова Әсел Нұрлан қызы» may be «Жақсыбекова Әсел Нұрланқызы»",
        "row 3: «Джумабаев Ержан» may be «Жұмабаев Ержан»",
        "row 4: «Бахытжан Сеитов» may be «Бақытжан Сейітов»"]
    with open(tmp_path / "b" / "b.run-sheet.csv", encoding="utf-8-sig") as fh:
        assert [(row["number"], row["status"]) for row in csv.DictReader(fh)] == [
            ("", "refused"), ("", "refused"), ("", "refused"), ("FB-0005", "issued")]
    assert (tmp_path / "office.sqlite3.before-0008").is_file()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM qujat_alembic_version").fetchall() == [("0008",)]
        assert conn.execute("SELECT loose FROM qujat_person_names ORDER BY id LIMIT 3").fetchall() == [
            ("asel nurlankizi zhaksbekuva",), ("erzhan zhumabaev",), ("baktzhan seituv",)]


def test_a_registry_at_a_newer_schema_is_refused_and_every_older_one_is_known(tmp_path):
    """A registry written by a newer qujat (schema past HEAD) is refused with the upgrade to make;
    every schema from 0001 to HEAD is one this qujat opens."""
    import sqlite3

    from conftest import run_cli
    from qujat.registry.store import KNOWN_VERSIONS

    assert KNOWN_VERSIONS[0] == "0001" and KNOWN_VERSIONS[-1] == HEAD and len(KNOWN_VERSIONS) == int(HEAD)
    path = tmp_path / "office.sqlite3"
    assert run_cli("registry", "init", "--registry", str(path)).returncode == 0
    newer = f"{int(HEAD) + 1:04d}"
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE qujat_alembic_version SET version_num = ?", (newer,))
    refused = run_cli("registry", "list", "--registry", str(path), "--ui-lang", "en")
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1] == (
        f"error: the registry {path} is at schema {newer}, newer than this qujat knows ({HEAD}): upgrade qujat")
