"""The award registry: numbering across runs and processes, once per person, drafts, duplicates,
the journal, and verification from a number, a PDF, a photo and a payload."""
from __future__ import annotations

import base64
import csv
import hashlib
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ALMATY, ROOT, decode_qr, require_tool, run_cli
from qujat.registry.persons import iin_check_digit, name_key, normalise_iin, valid_iin
from qujat.registry.signing import Seal, decode_payload, new_private_key, open_payload, public_key_pem, sign_payload
from qujat.registry.store import Registry
from qujat.verification.check import verify
from qujat.verification.verdict import Status


def _iin(prefix: str) -> str:
    for n in range(10_000):
        first = prefix + f"{n:04d}"[: 11 - len(prefix)]
        digit = iin_check_digit(first)
        if digit is not None:
            return first + str(digit)
    raise AssertionError


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def write_list(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


# persons and signatures -------------------------------------------------------------------------

def test_iin_check_digit_and_name_key():
    iin = _iin("8001013")
    assert valid_iin(iin)
    assert not valid_iin(iin[:11] + str((int(iin[11]) + 1) % 10))
    assert not valid_iin("801301300006")  # month 13
    assert normalise_iin(f"{iin[:4]} {iin[4:]}") == iin
    assert normalise_iin(float(int(_iin("0501013")))) == _iin("0501013")  # Excel dropped the leading zero
    with pytest.raises(Exception, match="not valid"):
        normalise_iin("123456789012")
    assert name_key("Бекбас О.Т.") == name_key("БЕКБАС  О. Т.") == name_key("бекбас о.т")
    assert name_key("Семёнов") == name_key("Семенов")
    assert name_key("Бекбас О.Т.") != name_key("Бекбасов О.Т.")


def test_payload_round_trip_tampering_and_another_key():
    key, other = new_private_key(), new_private_key()
    seal = Seal("A20-0007", "jubilee-medal", "2018-07-04", "Бекбас О.Т.")
    payload = sign_payload(key, seal)
    assert payload == sign_payload(key, seal)  # deterministic: reprints are identical
    assert payload.startswith("QJ2:") and set(payload[4:]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    opened = open_payload(payload, public_key_pem(key))
    assert opened.signature_ok and opened.seal == seal
    assert not open_payload(payload, public_key_pem(other)).signature_ok
    assert not open_payload(sign_payload(other, seal), public_key_pem(key)).signature_ok
    raw = base64.b32decode(payload[4:] + "=" * (-len(payload[4:]) % 8))
    changed = raw.replace("Бекбас".encode("kz1048"), "Бекбаз".encode("kz1048"))  # another name, the old signature
    tampered = "QJ2:" + base64.b32encode(changed).decode().rstrip("=")
    assert decode_payload(tampered)[0].name == "Бекбаз О.Т."
    assert verify(tampered, public_key=public_key_pem(key)).status is Status.BAD_SIGNATURE
    offline = verify("https://ftu.kz/v/" + payload, public_key=public_key_pem(key))
    assert offline.status is Status.REVOCATION_UNCHECKED  # a key alone cannot say it was not revoked


# numbering -------------------------------------------------------------------------------------

def test_numbers_continue_across_runs_and_once_per_person(tmp_path):
    registry = tmp_path / "reg.sqlite3"
    first = write_list(tmp_path / "first.csv", [{"ФИО": "Бекбас О.Т.", "ИИН": _iin("8001013")},
                                                {"ФИО": "Калиев С.Е.", "ИИН": ""}])
    second = write_list(tmp_path / "second.csv", [{"ФИО": "Умирбаева А.К.", "ИИН": ""},
                                                  {"ФИО": "БЕКБАС О. Т.", "ИИН": _iin("8001013")},
                                                  {"ФИО": "Бекбас О.Т.", "ИИН": _iin("8505053")}])
    for listing in (first, second):
        result = run_cli("batch", str(listing), "--award", "jubilee-medal", "--lang", "ru", "-o",
                         str(tmp_path / "out"), "--registry", str(registry), "--date", "2018-07-04")
        assert result.returncode == 0, result.stderr
    assert "registry: created" not in result.stderr and str(registry) in result.stderr
    with open(tmp_path / "out" / "second.run-sheet.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    # a namesake with another ИИН is another person; the same ИИН is the same person
    assert [(r["number"], r["status"], r["reason"]) for r in rows] == [
        ("A20-0003", "issued", ""), ("A20-0001", "reprinted", "already awarded: A20-0001, 2018-07-04"),
        ("A20-0004", "issued", "")]
    assert result.stdout.splitlines()[-1].startswith(
        "issued 2 new, reprinted 1 already awarded, 0 in another language of an existing award, refused 0, failed 0")
    with Registry.open(registry, create=False) as reg:
        assert [e.number for e in reg.list()] == ["A20-0001", "A20-0002", "A20-0003", "A20-0004"]
        assert [e.kind for e in reg.history("A20-0001")] == ["issued", "reprinted"]
        assert reg.get("A20-0001").iin == _iin("8001013")
        assert reg.get("A20-0004").file.endswith("second.pdf")


def test_bad_iin_fails_the_row(tmp_path):
    listing = write_list(tmp_path / "l.csv", [{"ФИО": "Бекбас О.Т.", "ЖСН": "800101300001"},
                                              {"ФИО": "Калиев С.Е.", "ЖСН": ""}])
    result = run_cli("batch", str(listing), "--award", "federation-badge", "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "row 2: ИИН '800101300001' is not valid" in result.stderr
    assert "FB-0001" in (tmp_path / "out" / "l.run-sheet.csv").read_text(encoding="utf-8-sig")


def test_rerunning_a_record_reprints_identical_files(tmp_path):
    out1, out2 = tmp_path / "one", tmp_path / "two"
    assert run_cli("certificates", str(ALMATY), "-o", str(out1)).returncode == 0
    again = run_cli("certificates", str(ALMATY), "-o", str(out2))
    assert again.returncode == 0
    assert "already awarded: A20-0001, 2018-07-04" in again.stderr
    names = sorted(p.name for p in out1.iterdir())
    assert names == sorted(p.name for p in out2.iterdir()) and names
    for name in names:
        assert (out1 / name).read_bytes() == (out2 / name).read_bytes()


def test_rerunning_a_batch_gives_the_same_pdf(tmp_path):
    listing = write_list(tmp_path / "l.csv", [{"ФИО": f"Сотрудник {i} А.Б."} for i in range(5)])
    for out in ("a", "b"):
        assert run_cli("batch", str(listing), "--award", "federation-badge", "-o", str(tmp_path / out)).returncode == 0
    assert (tmp_path / "a" / "l.pdf").read_bytes() == (tmp_path / "b" / "l.pdf").read_bytes()


_WORKER = textwrap.dedent("""
    import datetime as dt, sys, time
    from pathlib import Path
    from qujat.certificates.assemble import Designs
    from qujat.model import IssueSettings, Recipient
    from qujat.registry.persons import Refused
    from qujat.registry.recording import RegistryIssuing
    from qujat.registry.store import Registry
    url, key, tag, names, go = sys.argv[1], sys.argv[2] or None, sys.argv[3], Path(sys.argv[4]), Path(sys.argv[5])
    reg = Registry.open(url, signing_key=key)
    issuing = RegistryIssuing(reg, tag)
    settings = IssueSettings(award="jubilee-medal", lang="kk", date=dt.date(2018, 7, 4))
    designs = Designs(settings)
    people = names.read_text(encoding="utf-8").splitlines()
    while not go.exists():
        time.sleep(0.01)
    queue = list(enumerate(people, start=1))
    while queue:
        row, name = queue.pop(0)
        try:
            made = issuing.issue(Recipient(name={"*": name}, row=row), settings, designs)
        except Refused:  # being printed by another office this moment: this row once more, later
            queue.append((row, name))
            continue
        issuing.confirm([made], f"{tag}.pdf", "0" * 64)
    issuing.close()
    reg.close()
""")


def issue_concurrently(url: str, tmp_path: Path, lists: list[list[str]], key: str | None = None) -> None:
    """One process per list of names issues each of them the jubilee medal (once per person)
    into the registry at ``url``, all at once, through the registry's own issuing path."""
    Registry.open(url, signing_key=key, create=True).close()  # created once, as `registry init` does
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    procs = []
    for n, names in enumerate(lists):
        path = tmp_path / f"names-{n}.txt"
        path.write_text("\n".join(names), encoding="utf-8")
        procs.append(subprocess.Popen([sys.executable, "-c", _WORKER, url, key or "", f"office-{n}", str(path),
                                       str(go)], env=env))
    go.touch()
    assert [p.wait(timeout=600) for p in procs] == [0] * len(lists)


def assert_one_number_each(url: str, people: set[str], key: str | None = None) -> None:
    """Every person holds exactly one number, and the numbers run 1, 2, 3 … without a gap."""
    with Registry.open(url, signing_key=key) as reg:
        entries = reg.list(award="jubilee-medal")
        assert sorted(e.sequence for e in entries) == list(range(1, len(people) + 1))
        assert sorted(e.name for e in entries) == sorted(people)  # nobody twice, nobody missing
        assert {e.status for e in entries} == {"issued"}
        assert reg.series_next("jubilee-medal") == len(people) + 1


def people(first: int, count: int) -> list[str]:
    return [f"Қатысушы {n:04d} А.Б." for n in range(first, first + count)]


def test_two_processes_get_distinct_consecutive_numbers_sqlite(tmp_path):
    url = str(tmp_path / "shared.sqlite3")
    issue_concurrently(url, tmp_path, [people(0, 200), people(200, 200)])
    assert_one_number_each(url, set(people(0, 400)))


@pytest.mark.timeout(600)
def test_four_processes_the_same_250_people_sqlite(tmp_path):
    """The same 250 people issued four times at once (each process in its own order): 250 numbers."""
    import random

    url = str(tmp_path / "shared.sqlite3")
    lists = [random.Random(n).sample(people(0, 250), 250) for n in range(4)]
    issue_concurrently(url, tmp_path, lists)
    assert_one_number_each(url, set(people(0, 250)))


@pytest.mark.timeout(600)
def test_four_processes_overlapping_people_sqlite(tmp_path):
    """4 × 250 rows, each list sharing half its people with the next: 625 people, 625 numbers."""
    url = str(tmp_path / "shared.sqlite3")
    issue_concurrently(url, tmp_path, [people(125 * n, 250) for n in range(4)])
    assert_one_number_each(url, set(people(0, 625)))


def test_two_batches_at_once_share_one_series(tmp_path):
    lists = [write_list(tmp_path / f"{tag}.csv", [{"ФИО": f"{tag} {i} А.Б."} for i in range(25)])
             for tag in ("Север", "Юг")]
    registry = str(tmp_path / "reg.sqlite3")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "QUJAT_REGISTRY": registry}
    procs = [subprocess.Popen([sys.executable, "-m", "qujat", "batch", str(path), "--award", "federation-badge",
                               "-o", str(tmp_path / "out")], env=env, stderr=subprocess.PIPE)
             for path in lists]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    with Registry.open(registry) as reg:
        assert sorted(e.number for e in reg.list()) == [f"FB-{n:04d}" for n in range(1, 51)]


# drafts, duplicates, reprints, revocation ------------------------------------------------------

def test_draft_records_nothing(tmp_path):
    registry = tmp_path / "reg.sqlite3"
    pdf = tmp_path / "draft.pdf"
    result = run_cli("certificate", "--award", "federation-badge", "--name", "Бекбас О.Т.", "--lang", "kk",
                     "--draft", "--registry", str(registry), "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    text = pdf_text(pdf)
    assert "ҮЛГІ / ОБРАЗЕЦ / DRAFT" in text and "№ ҮЛГІ" in text  # the watermark, and the number a draft has
    assert not registry.exists()


def test_reprint_duplicate_revoke_and_verify(tmp_path):
    registry = str(tmp_path / "reg.sqlite3")
    pdf = tmp_path / "one.pdf"
    assert run_cli("certificate", "--award", "jubilee-medal", "--name", "Калиев С.Е.", "--lang", "ru",
                   "--date", "2018-07-04", "--registry", registry, "-o", str(pdf)).returncode == 0
    reprint = tmp_path / "reprint.pdf"
    assert run_cli("registry", "reprint", "A20-0001", "-o", str(reprint), "--registry", registry).returncode == 0
    assert reprint.read_bytes() == pdf.read_bytes()
    with Registry.open(registry) as reg:
        assert reg.get("A20-0001").sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    [code] = decode_qr(pdf)
    assert code.startswith("QJ2:")
    ok = run_cli("verify", str(pdf), "--registry", registry)
    assert ok.returncode == 0 and "status: genuine, issued by" in ok.stdout and "Калиев С.Е." in ok.stdout
    assert run_cli("verify", "A20-0001", "--registry", registry).returncode == 0
    unknown = run_cli("verify", "A20-0099", "--registry", registry)
    assert unknown.returncode == 12 and "status: unknown number" in unknown.stdout

    # a duplicate carries the award's own date and its own line with today's date; the lost
    # original is then "replaced", in the registry and when verified
    import datetime as dt

    from babel.dates import format_date

    duplicate = tmp_path / "duplicate.pdf"
    assert run_cli("registry", "duplicate", "A20-0001", "-o", str(duplicate), "--registry", registry).returncode == 0
    text = " ".join(pdf_text(duplicate).split())
    today = format_date(dt.date.today(), "d MMMM y", locale="ru")
    assert "ТЕЛНҰСҚА / ДУБЛИКАТ / DUPLICATE" in text and "№ A20-0001" in text
    assert "4 июля 2018" in text and f"Дубликат выдан {today}" in text.replace("\u202f", " ")
    lost = run_cli("verify", str(pdf), "--registry", registry)  # the original the duplicate replaced
    assert lost.returncode == 11 and "status: replaced by a duplicate issued on" in lost.stdout
    ok = run_cli("verify", str(duplicate), "--registry", registry)
    assert ok.returncode == 0 and "status: genuine, issued by" in ok.stdout and "Калиев С.Е." in ok.stdout
    shown = run_cli("registry", "show", "A20-0001", "--registry", registry).stdout
    assert f"replaced:     by a duplicate on {dt.date.today().isoformat()}" in shown
    again = tmp_path / "again.pdf"  # printed again, it is the duplicate now in force
    assert run_cli("registry", "reprint", "A20-0001", "-o", str(again), "--registry", registry).returncode == 0
    assert again.read_bytes() == duplicate.read_bytes()

    assert run_cli("registry", "revoke", "A20-0001", "--reason", "ошибка", "--category", "issued-in-error",
                   "--registry", registry).returncode == 0
    revoked = run_cli("verify", code, "--registry", registry)
    assert revoked.returncode == 10 and "status: revoked" in revoked.stdout
    assert re.search(r"^reason: +ошибка$", revoked.stdout, re.M) and "category:   issued in error\n" in revoked.stdout
    shown = run_cli("registry", "show", "A20-0001", "--registry", registry).stdout
    assert "revoked" in shown and "ошибка" in shown
    # offline: only the public key
    key = tmp_path / "public.pem"
    key.write_text(run_cli("registry", "public-key", "--registry", registry).stdout)
    offline = run_cli("verify", str(duplicate), "--public-key", str(key), QUJAT_REGISTRY=str(tmp_path / "no"))
    assert offline.returncode == 3, offline.stdout + offline.stderr
    assert "revocation not checked" in offline.stdout


def test_verify_a_photo_like_scan(tmp_path):
    from PIL import Image, ImageFilter

    registry = str(tmp_path / "reg.sqlite3")
    pdf = tmp_path / "one.pdf"
    assert run_cli("certificate", "--award", "federation-badge", "--name", "Бекбас О.Т.", "--lang", "kk+ru",
                   "--registry", registry, "-o", str(pdf)).returncode == 0
    subprocess.run([require_tool("pdftoppm"), "-png", "-r", "200", str(pdf), str(tmp_path / "scan")], check=True)
    [png] = tmp_path.glob("scan*.png")
    photo = Image.open(png).convert("RGB").rotate(7, expand=True, fillcolor=(235, 230, 220))
    photo = photo.filter(ImageFilter.GaussianBlur(1.2))
    photo.save(tmp_path / "photo.jpg", quality=70)
    with Registry.open(registry) as reg:
        verdict = verify(str(tmp_path / "photo.jpg"), reg)
    assert (verdict.status, verdict.number, verdict.name) == (Status.VALID, "FB-0001", "Бекбас О.Т.")


def test_verify_another_key_and_an_unknown_number(tmp_path):
    with Registry.open(tmp_path / "reg.sqlite3", create=True) as reg:
        stranger = sign_payload(new_private_key(), Seal("A20-0001", "jubilee-medal", "2018-07-04", "Калиев С.Е."))
        assert verify(stranger, reg).status is Status.UNKNOWN_ISSUER  # a key no office of this registry has
        ours = sign_payload(reg.private_key(), Seal("A20-0005", "jubilee-medal", "2018-07-04", "Калиев С.Е."))
        assert verify(ours, reg).status is Status.UNKNOWN_NUMBER


# journal ---------------------------------------------------------------------------------------

def test_import_export_backup(tmp_path):
    registry = str(tmp_path / "reg.sqlite3")
    journal = write_list(tmp_path / "journal.csv", [
        {"№": "A20-0041", "ФИО": "Старый О.Т.", "Награда": "jubilee-medal", "Дата": "2018-05-01"},
        {"№": "A20-0042", "ФИО": "=HYPERLINK(\"x\")", "Награда": "jubilee-medal", "Дата": "2018-05-02"}])
    imported = run_cli("registry", "import", str(journal), "--registry", registry)
    assert imported.returncode == 0 and "imported 2" in imported.stdout
    assert "imported 0" in run_cli("registry", "import", str(journal), "--registry", registry).stdout
    assert run_cli("certificate", "--award", "jubilee-medal", "--name", "Новый А.Б.", "--registry", registry,
                   "-o", str(tmp_path / "n.pdf")).returncode == 0
    again = run_cli("certificate", "--award", "jubilee-medal", "--name", "Старый О. Т.", "--registry", registry,
                    "-o", str(tmp_path / "o.pdf"))
    assert again.returncode == 2
    assert "already awarded: A20-0041, 2018-05-01 (from the office's journal: nothing to reprint)" in again.stderr
    listed = run_cli("registry", "list", "--award", "jubilee-medal", "--registry", registry).stdout
    assert [line.split()[0] for line in listed.splitlines()] == ["A20-0041", "A20-0042", "A20-0043"]
    assert run_cli("registry", "export", str(tmp_path / "j.csv"), "--registry", registry).returncode == 0
    exported = (tmp_path / "j.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in exported and "Новый А.Б." in exported
    assert exported.splitlines()[0].startswith('Номер удостоверения,Награда,Дата,"Фамилия, имя, отчество",ИИН')
    assert "imported" in (tmp_path / "j.events.csv").read_text(encoding="utf-8-sig")
    assert run_cli("registry", "export", str(tmp_path / "j.xlsx"), "--registry", registry).returncode == 0
    from openpyxl import load_workbook

    cells = [c.value for row in load_workbook(tmp_path / "j.xlsx").active.iter_rows() for c in row]
    assert '=HYPERLINK("x")' in cells
    assert run_cli("registry", "backup", str(tmp_path / "copy.sqlite3"), "--registry", registry).returncode == 0
    with Registry.open(tmp_path / "copy.sqlite3") as copy:
        assert len(copy.list()) == 3


def test_minutes_show_the_certificate_numbers_once_issued(tmp_path):
    from conftest import docx_text

    before = run_cli("minutes", str(ALMATY), "-o", str(tmp_path / "before.docx"))
    assert before.returncode == 0, before.stderr
    assert not any("№ A20-" in line for line in docx_text(tmp_path / "before.docx"))
    assert "registry" not in before.stderr  # reading the minutes never creates a registry
    assert run_cli("certificates", str(ALMATY), "-o", str(tmp_path / "c")).returncode == 0
    after = run_cli("minutes", str(ALMATY), "-o", str(tmp_path / "after.docx"), "--lang", "kk")
    assert after.returncode == 0, after.stderr
    lines = docx_text(tmp_path / "after.docx", printed=False)
    numbered = [line for line in lines if "(№\u00a0A20-000" in line]  # «№» kept with its number
    # each recipient under the Kazakh name the record gives («С.Е. Қалиев», not «Калиев С.Е.»), initials bound
    # to the surname by a no-break space, with the number
    assert [(line.split(" — ", 1)[0], line.rsplit(" (", 1)[1]) for line in numbered] == [
        ("С.Е.\u00a0Қалиев", "№\u00a0A20-0001)"), ("О.Т.\u00a0Бекбас", "№\u00a0A20-0002)"),
        ("Б.А.\u00a0Бекжанов", "№\u00a0A20-0003)")]


def test_split_jobs_with_the_registry_writes_the_files_of_one_job_each_recorded(tmp_path):
    """--split --jobs 2 with the registry: the rows numbered and recorded in the parent, drawn by
    the workers; the files are byte for byte those of --jobs 1 into the same registry (a copy),
    and each is recorded as issued with its own SHA-256, numbers 1..N with no gap."""
    import shutil

    first = tmp_path / "one"
    first.mkdir()
    assert run_cli("registry", "init", "--registry", str(first / "reg.sqlite3")).returncode == 0
    second = tmp_path / "two"
    shutil.copytree(first, second)
    source = tmp_path / "l.csv"
    with open(source, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ФИО", "Должность"])
        writer.writerows([f"Қатысушы {n:02d} А.Б.", "төраға"] for n in range(40))
    files = {}
    for folder, jobs in ((first, "1"), (second, "2")):
        done = run_cli("batch", str(source), "--award", "jubilee-medal", "--date", "2021-05-06", "--split",
                       "--jobs", jobs, "-o", str(folder / "out"), "--quiet", "--registry", str(folder / "reg.sqlite3"))
        assert done.returncode == 0, done.stderr
        files[jobs] = {p.name: p.read_bytes() for p in (folder / "out" / "l").glob("*.pdf")}
        with Registry.open(folder / "reg.sqlite3") as reg:
            entries = reg.list()
        assert sorted(e.sequence for e in entries) == list(range(1, 41))
        for entry in entries:
            (doc,) = entry.documents
            assert entry.status == doc.status == "issued"
            assert hashlib.sha256(Path(doc.file or "").read_bytes()).hexdigest() == doc.sha256
    assert len(files["2"]) == 40 and files["1"] == files["2"]


def test_a_row_failing_inside_a_chunk_gives_its_number_to_the_next(tmp_path):
    """Rows of one chunk (one transaction): a row whose page cannot be made (a letter the fonts
    lack) records nothing and its number goes to the next row; a person listed twice reprints."""
    import qujat

    source = tmp_path / "l.csv"
    source.write_text("ФИО,Должность\nАлма А.А.,төраға\nБерік Б.Б.,төраға\n漢字 В.В.,төраға\nАлма А.А.,төраға\n"
                      "Дина Д.Д.,төраға\n", encoding="utf-8")
    report = qujat.print_batch(source, tmp_path / "out", award="jubilee-medal", registry=tmp_path / "reg.sqlite3")
    assert [(e.status, e.number) for e in report.entries] == [
        ("issued", "A20-0001"), ("issued", "A20-0002"), ("failed", ""), ("reprinted", "A20-0001"),
        ("issued", "A20-0003")]
    with Registry.open(tmp_path / "reg.sqlite3") as reg:
        assert [(e.number, e.name, e.status) for e in reg.list()] == [
            ("A20-0001", "Алма А.А.", "issued"), ("A20-0002", "Берік Б.Б.", "issued"),
            ("A20-0003", "Дина Д.Д.", "issued")]


_MODULES_AFTER = """
import sys
from qujat.cli import run
try:
    run(sys.argv[2:])
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
print(sorted(m for m in ("alembic", "sqlalchemy") if m in sys.modules))
"""


def test_a_registry_at_the_newest_schema_is_used_without_alembic_and_a_draft_without_sqlalchemy(tmp_path):
    """Start-up: a registry whose stored revision is the newest is opened by comparing it, never
    by loading Alembic; a draft loads no database library at all."""
    registry = tmp_path / "reg.sqlite3"
    assert run_cli("registry", "init", "--registry", str(registry)).returncode == 0
    source = ROOT / "records" / "awards-sample.csv"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    loaded = {}
    for case, extra in (("registry", ["--registry", str(registry)]), ("draft", ["--draft"])):
        done = subprocess.run([sys.executable, "-c", _MODULES_AFTER, "-", "batch", str(source), "--award",
                               "federation-badge", "--rows", "1-2", "-q", "-o", str(tmp_path / case), *extra],
                              capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
        assert done.returncode == 0, done.stderr
        loaded[case] = done.stdout.strip().splitlines()[-1]
    assert loaded == {"registry": "['sqlalchemy']", "draft": "[]"}
    with Registry.open(registry) as reg:
        assert [e.status for e in reg.list()] == ["issued", "issued"]


_LIBRARY_MODULES = """
import sys
import qujat
from qujat.certificates.assemble import Issuing
issuing = {"plain": lambda: {"issuing": Issuing()}, "draft": lambda: {"draft": True},
           "registry": lambda: {"registry": sys.argv[3]}}[sys.argv[1]]()
report = qujat.print_batch(sys.argv[2], sys.argv[4], award="federation-badge", rows=(1, 2), **issuing)
assert report.issued == 2, report.failures()
print(report.registry_created.endswith("new.sqlite3"), sorted(m for m in ("sqlalchemy",) if m in sys.modules))
"""


def test_a_script_printing_without_a_registry_loads_no_database_library(tmp_path):
    """``qujat.print_batch`` with its own plain issuing or drafts never imports SQLAlchemy (its
    import is a third of a 1,000-page run's start-up); with a registry it does, and says that
    it created it."""
    source = ROOT / "records" / "awards-sample.csv"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    seen = {}
    for case in ("plain", "draft", "registry"):
        done = subprocess.run([sys.executable, "-c", _LIBRARY_MODULES, case, str(source), str(tmp_path / "new.sqlite3"),
                               str(tmp_path / case)], capture_output=True, text=True, env=env, cwd=tmp_path,
                              check=False)
        assert done.returncode == 0, done.stderr
        seen[case] = done.stdout.strip().splitlines()[-1]
    assert seen == {"plain": "False []", "draft": "False []", "registry": "True ['sqlalchemy']"}


def test_a_chunk_ties_every_row_to_its_own_person_award_and_document(tmp_path):
    """A second list of 300 into a registry that already holds people: every award's person is the
    row's (by name) and every document the award's own (its payload signs the award's number),
    the ids taken after those already there."""
    import qujat

    registry = tmp_path / "reg.sqlite3"
    first = write_list(tmp_path / "a.csv", [{"ФИО": f"Бірінші {n:03d} А.Б.", "Должность": "төраға"} for n in range(7)])
    assert qujat.print_batch(first, tmp_path / "out", award="jubilee-medal", registry=registry).issued == 7
    rows = [{"ФИО": f"Қатысушы {n:03d} Ә.Б.", "Должность": "төраға"} for n in range(300)]
    report = qujat.print_batch(write_list(tmp_path / "b.csv", rows), tmp_path / "out", award="jubilee-medal",
                               registry=registry)
    assert [e.number for e in report.entries] == [f"A20-{n:04d}" for n in range(8, 308)]
    with Registry.open(registry) as reg:
        entries = {e.number: e for e in reg.list()}
        for entry, row in zip(report.entries, rows):
            held = entries[entry.number]
            assert (held.name, reg.person_names(held.person_id)) == (row["ФИО"], [row["ФИО"]])
            (doc,) = held.documents
            assert decode_payload(doc.payload or "")[0].number == entry.number


def test_ids_not_the_next_ones_stop_the_chunk_and_record_nothing(tmp_path):
    """A registry changed by hand (here a trigger that adds a person of its own for each one
    inserted) gives a chunk's rows other ids than the next ones: the run stops, nothing of the
    chunk recorded, no PDF written."""
    import sqlite3

    registry = tmp_path / "reg.sqlite3"
    assert run_cli("registry", "init", "--registry", str(registry)).returncode == 0
    with sqlite3.connect(registry) as db:
        db.execute("CREATE TRIGGER extra AFTER INSERT ON qujat_persons BEGIN "  # SQLite: no trigger fires itself
                   "INSERT INTO qujat_persons (iin, created_at) VALUES (NULL, NEW.created_at); END")
    source = write_list(tmp_path / "l.csv", [{"ФИО": f"Қатысушы {n} А.Б.", "Должность": "төраға"} for n in range(3)])
    done = run_cli("batch", str(source), "--award", "jubilee-medal", "-q", "-o", str(tmp_path / "out"),
                   "--registry", str(registry))
    assert done.returncode == 2, done.stderr
    assert "other ids than 1-3" in done.stderr and "nothing of the chunk was recorded" in done.stderr
    assert not list((tmp_path / "out").glob("*.pdf"))
    with Registry.open(registry) as reg:
        assert reg.list() == []
