"""Verification: every verdict from real content (pages rendered by pdftoppm, codes decoded by
zxing-cpp, names read by the real tesseract), each with its one status and exit status."""
from __future__ import annotations

import datetime as dt
import re
import struct
import zlib
from pathlib import Path

import pytest
from sqlalchemy import update

import qujat
from conftest import require_tool, run_cli
from forgeries import hidden_genuine, image_pdf, photo, retyped
from photos import Shot
from qujat.certificates.qr import qr_content
from qujat.registry.recording import RegistryIssuing, print_again
from qujat.registry.schema import awards, documents
from qujat.registry.signing import (
    Seal,
    decode,
    key_id,
    new_private_key,
    payload_bytes,
    public_key_pem,
    sign_payload,
)
from qujat.registry.store import Registry
from qujat.verification.check import verify
from qujat.verification.revocations import make_list
from qujat.verification.trust import add_trusted, remove_trusted, trusted
from qujat.verification.verdict import Check, Status, verdict_lines

JULY_4 = dt.date(2018, 7, 4)
AIGERIM = "Нұрғалиева Айгерім Ержанқызы"
JUBILEE_NAME_BOX = (95, 66, 172, 26)
BADGE_NAME_BOX = (30, 66, 172, 26)
MESSENGER = Shot(angle=10, tilt=0.06, blur=0.8, quality=55, width=1200)


@pytest.fixture(autouse=True)
def _tools():
    require_tool("pdftoppm")
    require_tool("tesseract")


def issue(registry: Registry, folder: Path, name: str, award: str = "jubilee-medal", lang: str = "ru") -> Path:
    out = folder / f"{award}-{lang}-{len(list(folder.glob('*.pdf')))}.pdf"
    return qujat.render_certificate(award, name, out, lang=lang, date=JULY_4, issuing=RegistryIssuing(registry))


@pytest.fixture
def office(tmp_path):
    """A registry that issued a Russian jubilee medal certificate to Aigerim."""
    registry = Registry.open(tmp_path / "office.sqlite3", create=True)
    pdf = issue(registry, tmp_path, AIGERIM)
    yield registry, pdf
    registry.close()


def public_key_file(registry: Registry, folder: Path) -> Path:
    path = folder / "office.pem"
    path.write_text(registry.public_key, encoding="ascii")
    return path


# the payload ----------------------------------------------------------------------------------

def test_payload_format_2_is_compact_bytes_naming_its_issuer():
    key = new_private_key()
    seal = Seal("A20-0007", "jubilee-medal", "2018-07-04", AIGERIM)
    text = sign_payload(key, seal)
    raw = payload_bytes(text)
    decoded = decode(text)
    assert decoded.seal == seal and decoded.version == 2 and decoded.key_id == key_id(public_key_pem(key))
    assert raw[:1] == b"Q" and len(raw) == 122  # a 28-letter name, one byte a letter (KZ-1048)
    assert qujat.certificates.qr.make_qr(text).count == 49  # version 8, was 53 modules (version 9)
    shorter = sign_payload(key, Seal("A20-0007", "jubilee-medal", "2018-07-04", "Калиев Серик Ерланович"))
    assert qujat.certificates.qr.make_qr(shorter).count == 45  # version 7: a name of 22 letters
    latin = Seal("A20-0008", "jubilee-medal", "2018-07-04", "Qasym-Jomart Toqaev İ", copy=2)
    assert decode(sign_payload(key, latin)).seal == latin  # İ is not in KZ-1048: UTF-8


def test_format_1_codes_issued_before_still_verify(office, tmp_path):
    registry, _ = office
    entry = registry.get("A20-0001")
    old = sign_payload(registry.private_key(), Seal(entry.number, entry.award, entry.date.isoformat(), entry.name),
                       version=1)
    with registry.writing() as conn:
        conn.execute(update(documents).where(documents.c.award_id == entry.id).values(payload=old))
    verdict = verify(old, registry)
    assert (verdict.status, verdict.name) == (Status.VALID, AIGERIM)
    assert verify("A20-0001", registry).status is Status.VALID


# offline status -------------------------------------------------------------------------------

def test_revoked_offline_with_the_key_alone_says_revocation_not_checked(office, tmp_path):
    registry, pdf = office
    registry.revoke("A20-0001", "ошибка в фамилии")
    key = public_key_file(registry, tmp_path)
    offline = run_cli("verify", str(pdf), "--public-key", str(key))
    assert offline.returncode == 3, offline.stdout + offline.stderr
    assert "status: signature genuine (the office with key" in offline.stdout
    assert "not checked: status in the registry" in offline.stdout
    online = run_cli("verify", str(pdf), "--registry", str(registry.path))
    assert online.returncode == 10 and re.search(r"^reason: +ошибка в фамилии$", online.stdout, re.M)
    lst = tmp_path / "revocations.json"
    lst.write_bytes(make_list(registry))
    listed = run_cli("verify", str(pdf), "--public-key", str(key), "--revocations", str(lst))
    assert listed.returncode == 10 and "status: revoked" in listed.stdout
    assert "checked: signature, revocation list" in listed.stdout


def test_a_revoked_verdict_says_when_and_in_which_category_in_the_checkers_language(office):
    registry, pdf = office
    registry.revoke("A20-0001", "ошибка в фамилии", "data-corrected")
    day = registry.history("A20-0001")[-1].at.date()
    kk = run_cli("verify", str(pdf), "--registry", str(registry.path), "--lang", "kk")
    assert kk.returncode == 10
    assert f"кері қайтарылған күні: {day.year} жылғы {day.day} " in kk.stdout
    assert "санаты:                деректер түзетілді\n" in kk.stdout
    ru = run_cli("verify", str(pdf), "--registry", str(registry.path), "--lang", "ru")
    assert f"дата отзыва: {day.day} " in ru.stdout and "категория:   данные исправлены\n" in ru.stdout, ru.stdout


def test_a_revocation_list_says_how_old_it_is_and_an_old_one_does_not_count(office, tmp_path):
    registry, pdf = office
    made = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    lst = tmp_path / "revocations.json"
    lst.write_bytes(make_list(registry, office="ФПРК", now=made))
    key = registry.public_key
    fresh = verify(pdf, public_key=key, revocations=lst, now=made + dt.timedelta(days=3))
    assert (fresh.status, fresh.issuer, fresh.revocations_date) == (Status.VALID, "ФПРК", made)
    assert dict(fresh.note_args) == {"date": "2026-01-01", "days": "3"}
    assert verdict_lines(fresh, "en")[-1] == "revocations as of 1 January 2026 (3 days old)"  # Babel's date
    assert verdict_lines(fresh, "ru")[-1] == "отзывы на 1 января 2026\u202fг. (давность 3 дня)"
    one = verify(pdf, public_key=key, revocations=lst, now=made + dt.timedelta(days=1))
    assert verdict_lines(one, "en")[-1] == "revocations as of 1 January 2026 (1 day old)"
    assert verdict_lines(one, "ru")[-1] == "отзывы на 1 января 2026\u202fг. (давность 1 день)"
    assert verdict_lines(one, "kk")[-1] == "2026 жылғы 1 қаңтар күнгі кері қайтарылғандар (1 күн бұрын)"
    stale = verify(pdf, public_key=key, revocations=lst, now=made + dt.timedelta(days=40))
    assert stale.status is Status.REVOCATION_UNCHECKED and dict(stale.note_args) == {"days": "40", "most": "30"}
    assert verdict_lines(stale, "ru")[-1] == "давность списка отзыва — 40 дней, больше 30: получите новый"
    assert verdict_lines(stale, "en")[-1] == "the revocation list is 40 days old, more than 30: get a newer one"
    tampered = tmp_path / "tampered.json"
    tampered.write_text(lst.read_text(encoding="utf-8").replace('"revoked": []', '"revoked": ["A20-0002"]'),
                        encoding="utf-8")
    with pytest.raises(qujat.QujatError, match="signature does not match: it was altered"):
        verify(pdf, public_key=key, revocations=tampered)


def test_a_replaced_original_offline_with_and_without_the_list(office, tmp_path):
    registry, pdf = office
    duplicate = print_again(registry, "A20-0001", tmp_path / "duplicate.pdf", duplicate=True)
    today = dt.date.today()
    online = verify(pdf, registry)
    assert (online.status, online.replaced_on) == (Status.REPLACED, today)
    assert online.exit_code == 11
    lst = tmp_path / "revocations.json"
    lst.write_bytes(make_list(registry))
    assert verify(pdf, public_key=registry.public_key, revocations=lst).status is Status.REPLACED
    assert verify(pdf, public_key=registry.public_key).status is Status.REVOCATION_UNCHECKED
    # the office's own duplicate: the ДУБЛИКАТ mark crosses the name, which is still read whole
    copy = verify(duplicate, registry)
    assert (copy.status, copy.copy, copy.page_name) == (Status.VALID, 1, AIGERIM)
    assert Check.PRINTED_NAME in copy.checked


# the printed name -----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["text-pdf", "image-pdf", "photo"])
def test_a_retyped_name_is_found_on_every_kind_of_page(office, tmp_path, kind):
    registry, pdf = office
    forged = retyped(pdf, tmp_path / "forged.pdf", "Иванов Иван Иванович", JUBILEE_NAME_BOX)
    if kind == "image-pdf":
        forged = image_pdf(forged, tmp_path / "scan.pdf")
    elif kind == "photo":
        forged = photo(forged, tmp_path / "forged.jpg", MESSENGER)
    verdict = verify(forged, registry)
    assert (verdict.status, verdict.name, verdict.page_name) == (Status.NAME_DIFFERS, AIGERIM,
                                                                 "Иванов Иван Иванович")
    assert verdict.exit_code == 21


def test_hidden_white_text_and_a_prefixed_name_do_not_pass(office, tmp_path):
    registry, pdf = office
    hidden = hidden_genuine(pdf, tmp_path / "hidden.pdf", "Иванов Иван Иванович", AIGERIM, JUBILEE_NAME_BOX)
    assert verify(hidden, registry).status is Status.NAME_DIFFERS
    prefixed = retyped(pdf, tmp_path / "prefixed.pdf", "Иванова-" + AIGERIM, JUBILEE_NAME_BOX, size=22)
    verdict = verify(prefixed, registry)
    assert (verdict.status, verdict.page_name) == (Status.NAME_DIFFERS, "Иванова-" + AIGERIM)


def test_a_name_that_cannot_be_read_is_left_to_a_person(office, tmp_path):
    registry, pdf = office
    smudged = retyped(pdf, tmp_path / "smudged.pdf", "", JUBILEE_NAME_BOX)  # the name gone: nothing to read
    verdict = verify(smudged, registry)
    assert verdict.status is Status.NAME_UNCHECKED and verdict.exit_code == 4
    assert Check.PRINTED_NAME in verdict.not_checked
    lines = verdict_lines(verdict, "en")
    assert f"status: signature genuine ({verdict.issuer}) — the name signed is «{AIGERIM}»: compare it with the page" \
        in lines



@pytest.mark.parametrize(("name", "lang", "read"), [
    # at the crop's full size tesseract reads ұ as у; at 0.4 of it right (records/awards-sample.xlsx)
    ("Жанар Оралқызы Бекмұхамбетова", "kk", "Жанар Оралқызы Бекмұхамбетова"),
    # «№» is a sign, not a letter: the reading drops the words «№» and «3», and so does the comparison
    ("Бригада «Горняк» участка № 3", "ru", "Бригада «Горняк» участка")])
def test_a_genuine_name_read_with_a_slip_at_one_size_or_with_a_sign_verifies(tmp_path, name, lang, read):
    with Registry.open(tmp_path / "office.sqlite3", create=True) as registry:
        pdf = issue(registry, tmp_path, name, "federation-badge", lang)
        verdict = verify(pdf, registry)
        assert (verdict.status, verdict.page_name) == (Status.VALID, read)
        assert Check.PRINTED_NAME in verdict.checked

# issuers and the trust list -------------------------------------------------------------------

def test_another_key_another_office_and_the_trust_list(office, tmp_path):
    registry, _ = office
    issue(registry, tmp_path, "Бекбас О.Т.", "federation-badge", "kk")  # FB-0001 here too
    with Registry.open(tmp_path / "other.sqlite3", create=True) as other:
        theirs = issue(other, tmp_path, AIGERIM, "federation-badge", "kk")  # FB-0001 in their registry
        assert verify(theirs, registry).status is Status.UNKNOWN_ISSUER  # not "signature does not match"
        added = add_trusted(registry, other.public_key, "Ақтөбе облыстық кәсіподақтар орталығы")
        assert added.key_id == key_id(other.public_key)
        assert [t.key_id for t in trusted(registry)] == [added.key_id]
        verdict = verify(theirs, registry)
        assert (verdict.status, verdict.issuer) == (Status.OTHER_OFFICE, "Ақтөбе облыстық кәсіподақтар орталығы")
        assert verdict.exit_code == 5 and Check.PRINTED_NAME in verdict.checked
        lst = tmp_path / "theirs.json"
        lst.write_bytes(make_list(other))
        assert verify(theirs, registry, revocations=lst).status is Status.VALID
        remove_trusted(registry, added.key_id)
        assert verify(theirs, registry).status is Status.UNKNOWN_ISSUER


def test_a_key_on_the_command_line_does_not_override_the_registry(office, tmp_path):
    registry, _ = office
    forger = new_private_key()
    forged = sign_payload(forger, Seal("A20-0001", "jubilee-medal", "2018-07-04", "Иванов И.И."))
    verdict = verify(forged, registry, public_key=public_key_pem(forger))
    assert verdict.status is Status.UNKNOWN_ISSUER and "--public-key" in verdict.note
    alone = verify(forged, public_key=public_key_pem(forger))  # no registry: the key is the user's choice
    assert alone.status is Status.REVOCATION_UNCHECKED and alone.key_id == key_id(public_key_pem(forger))
    wrong = sign_payload(registry.private_key(), Seal("A20-0001", "jubilee-medal", "2018-07-04", AIGERIM))
    tampered = wrong[:-12] + ("A" if wrong[-12] != "A" else "B") + wrong[-11:]
    assert verify(tampered, registry).status is Status.BAD_SIGNATURE


def test_trust_commands(office, tmp_path):
    registry, _ = office
    other = new_private_key()
    pem = tmp_path / "aktobe.pem"
    pem.write_text(public_key_pem(other), encoding="ascii")
    where = ("--registry", str(registry.path))
    added = run_cli("registry", "trust", "add", str(pem), "--name", "Ақтөбе", *where)
    assert added.returncode == 0 and added.stdout == f"trusted {key_id(public_key_pem(other))} Ақтөбе\n"
    listed = run_cli("registry", "trust", "list", *where).stdout.splitlines()
    assert listed[0].startswith(key_id(registry.public_key)) and listed[1].endswith("Ақтөбе")
    again = run_cli("registry", "trust", "add", str(pem), "--name", "Ақтөбе", *where)
    assert again.returncode == 2 and again.stderr.strip().endswith("remove it first to rename it")
    assert run_cli("registry", "trust", "remove", "Ақтөбе", *where).returncode == 0
    assert len(run_cli("registry", "trust", "list", *where).stdout.splitlines()) == 1


def test_the_office_names_itself_once_and_every_verdict_says_it(office, tmp_path):
    registry, pdf = office
    where = ("--registry", str(registry.path))
    printed = "Федерация профсоюзов Республики Казахстан"  # the issuer the Russian certificate prints
    assert f"issued by {printed}" in run_cli("verify", str(pdf), *where).stdout
    named_so = run_cli("registry", "init", "--office-name", "  Алматы   қалалық кәсіподақтар кеңесі ", *where)
    assert named_so.returncode == 0, named_so.stderr
    named = run_cli("verify", str(pdf), *where)
    assert "status: genuine, issued by Алматы қалалық кәсіподақтар кеңесі\n" in named.stdout, named.stdout
    assert run_cli("registry", "init", "--office-name", "", *where).returncode == 0  # removed again
    assert f"status: genuine, issued by {printed}\n" in run_cli("verify", str(pdf), *where).stdout


# the registry checks itself -------------------------------------------------------------------

def test_a_number_issued_again_after_an_old_backup_was_restored_is_not_ours(tmp_path):
    # qujat refuses to open a registry that was emptied or lost while its key stays (see
    # test_registry_model); an office that restores a backup older than its last certificates
    # and issues again gives a number a second time: the registry then holds other facts for it
    path = tmp_path / "office.sqlite3"
    with Registry.open(path, create=True) as registry:
        registry.backup(tmp_path / "old.sqlite3")
        pdf = issue(registry, tmp_path, AIGERIM)
    for extra in tmp_path.glob("office.sqlite3-*"):
        extra.unlink()
    (tmp_path / "old.sqlite3").replace(path)
    with Registry.open(path) as restored:
        issue(restored, tmp_path, "Бекбас О.Т.")  # A20-0001 again, for another person
        assert verify(pdf, restored).status is Status.NOT_OURS


def test_an_edited_database_is_an_altered_entry(office, tmp_path):
    registry, _ = office
    issue(registry, tmp_path, "Бекбас О.Т.")
    entry = registry.get("A20-0001")
    with registry.writing() as conn:
        conn.execute(update(documents).where(documents.c.award_id == registry.get("A20-0002").id)
                     .values(payload=entry.payload))
    swapped = verify("A20-0002", registry)
    assert swapped.status is Status.ALTERED and swapped.exit_code == 23
    with registry.writing() as conn:
        conn.execute(update(awards).where(awards.c.number == "A20-0001").values(name="Иванов И.И."))
    assert verify("A20-0001", registry).status is Status.ALTERED
    assert verify(entry.payload, registry).status is Status.ALTERED


# pictures, documents, hostile files -----------------------------------------------------------

@pytest.mark.parametrize(("award", "lang"), [("jubilee-medal", "ru"), ("federation-badge", "kk+ru"),
                                             ("federation-badge", "kk")])
def test_a_messenger_photo_verifies(tmp_path, award, lang):
    with Registry.open(tmp_path / "office.sqlite3", create=True) as registry:
        pdf = issue(registry, tmp_path, AIGERIM, award, lang)
        verdict = verify(photo(pdf, tmp_path / "photo.jpg", MESSENGER), registry)
        assert (verdict.status, verdict.page_name) == (Status.VALID, AIGERIM)


def test_no_code_in_the_photo_says_what_to_do(office, tmp_path):
    registry, pdf = office
    far = photo(pdf, tmp_path / "far.jpg", Shot(angle=4, blur=1.0, quality=50, width=500))
    verdict = verify(far, registry)
    assert verdict.status is Status.NO_CODE and verdict.exit_code == 6
    assert verdict_lines(verdict, "en")[-1] == ("photograph the QR code closer, in focus and in good light; it is "
                                                "at the lower right of the certificate")


def test_every_page_of_a_document_and_a_summary(office, tmp_path):
    from pypdf import PdfReader, PdfWriter

    registry, pdf = office
    forged = retyped(pdf, tmp_path / "forged.pdf", "Иванов Иван Иванович", JUBILEE_NAME_BOX)
    both = PdfWriter()
    for source in (forged, pdf):
        both.add_page(PdfReader(str(source)).pages[0])
    combined = tmp_path / "combined.pdf"
    with open(combined, "wb") as fh:
        both.write(fh)
    verdict = verify(combined, registry)
    assert [p.status for p in verdict.pages] == [Status.NAME_DIFFERS, Status.VALID]
    assert verdict.status is Status.NAME_DIFFERS
    result = run_cli("verify", str(combined), "--registry", str(registry.path))
    assert result.returncode == 21
    assert result.stdout.splitlines()[-2:] == [
        "2 pages: valid: 1; name on the page differs from the signed name: 1",
        "status: not every page is valid (name on the page differs from the signed name)"]


def test_two_certificates_in_one_picture_are_each_checked(office, tmp_path):
    """A forged certificate photographed beside a genuine one: the verdict is not the first
    code's alone (it was "genuine" for the genuine one, exit 0)."""
    from PIL import Image

    from photos import render_page

    registry, pdf = office
    forged_pdf = issue(registry, tmp_path, "Бекбас О.Т.")  # A20-0002, then its name retyped
    forged = retyped(forged_pdf, tmp_path / "forged.pdf", "Иванов Иван Иванович", JUBILEE_NAME_BOX)
    genuine, fake = render_page(pdf, 200), render_page(forged, 200)
    both = Image.new("RGB", (genuine.width, genuine.height * 2 + 40), "white")
    both.paste(genuine, (0, 0))
    both.paste(fake, (0, genuine.height + 40))
    picture = tmp_path / "two.png"
    both.save(picture)
    verdict = verify(picture, registry)
    assert sorted((p.number, p.status.value) for p in verdict.pages) == [
        ("A20-0001", "valid"), ("A20-0002", "name on the page differs from the signed name")]
    assert verdict.status is Status.NAME_DIFFERS
    result = run_cli("verify", str(picture), "--registry", str(registry.path))
    assert result.returncode == 21
    assert result.stdout.splitlines()[-3:] == [
        "2 certificates: valid: 1; name on the page differs from the signed name: 1",
        "2 certificates' codes on one page or picture: each is checked above; check one certificate at a time",
        "status: not every certificate is valid (name on the page differs from the signed name)"]

def test_many_blank_pages_stop_early_and_say_so(office, tmp_path):
    from pypdf import PdfWriter

    registry, _ = office
    blank = PdfWriter()
    for _ in range(300):
        blank.add_blank_page(842, 595)
    path = tmp_path / "blank.pdf"
    with open(path, "wb") as fh:
        blank.write(fh)
    verdict = verify(path, registry)
    assert (verdict.status, len(verdict.pages)) == (Status.NO_CODE, 10)
    assert dict(verdict.note_args) == {"page": "10", "run": "10", "left": "290"}


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


@pytest.mark.parametrize(("content", "message"), [
    (_png_header(40_000, 40_000), "the picture has more than 200,000,000 pixels; take a smaller one"),
    (b"", "not a picture qujat can read (empty, damaged, or of another kind): give a JPEG, PNG or PDF")])
def test_a_decompression_bomb_and_an_empty_file_are_one_line(office, tmp_path, content, message):
    registry, _ = office
    path = tmp_path / "photo.png"
    path.write_bytes(content)
    result = run_cli("verify", str(path), "--registry", str(registry.path))
    assert (result.returncode, result.stderr.splitlines()[-1]) == (2, f"error: {path}: {message}")


def test_a_file_of_another_suffix_is_checked_by_its_content_never_looked_up_as_a_number(office, tmp_path):
    registry, pdf = office
    where = ("--registry", str(registry.path))
    jfif = photo(pdf, tmp_path / "IMG_0001.jfif", MESSENGER)  # a JPEG as some phones and browsers save it
    assert verify(jfif, registry).status is Status.VALID
    download = tmp_path / "certificate.download"  # a PDF whose name lost its .pdf
    download.write_bytes(pdf.read_bytes())
    assert verify(download, registry).status is Status.VALID
    heic = tmp_path / "IMG_0002.HEIC"  # an iPhone's photo, which qujat's Pillow cannot decode
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64)
    refused = run_cli("verify", str(heic), *where)
    assert (refused.returncode, refused.stderr.splitlines()[-1]) == (
        2, f"error: {heic}: not a picture qujat can read (empty, damaged, or of another kind): give a JPEG, PNG or PDF")
    unknown = run_cli("verify", "A20-0999", *where)
    assert unknown.returncode == 12
    assert "status: unknown number: the registry has no certificate numbered A20-0999\n" in unknown.stdout
    assert unknown.stdout.splitlines()[-1] == "checked: status in the registry"  # nothing signed was given
    assert "signed" not in unknown.stdout
    ru = run_cli("verify", "A20-0999", *where, "--lang", "ru")
    assert "статус: неизвестный номер: в реестре нет удостоверения с номером A20-0999\n" in ru.stdout, ru.stdout

def test_a_code_typed_with_a_slip_is_damaged_never_an_unknown_number(office, tmp_path):
    """A code typed by hand with letters lost or mistyped, in each form a checker meets it (the
    QR code's own text, the registry's, a verification URL), is a damaged code (exit 20), with
    the registry or with the office's key alone: never looked up as a certificate number."""
    registry, _ = office
    shown = qr_content(registry.get("A20-0001").payload)  # what a phone's camera shows: QJ3: …
    key = public_key_file(registry, tmp_path)
    typed = [shown[:40] + shown[42:],  # two letters lost: a length no bytes have
             shown[:30] + "," + shown[30:],  # a comma, which no code has
             "QJ2:MZXW6Y1ABC",  # a 1 in base32, and too short
             "https://verify.example.kz/?c=QJ2:MZXW6YQ"]
    for text in typed:
        for where in (("--registry", str(registry.path)), ("--public-key", str(key))):
            said = run_cli("verify", text, *where)
            assert said.returncode == 20, (text, where, said.stdout, said.stderr)
            assert said.stdout.splitlines()[-3:] == [
                "status: signature does not match: the code was altered or is not genuine",
                "checked: signature",
                "the code is damaged or was typed with a slip: its letters make no certificate's code; copy it again "
                "from the certificate, letter by letter, or scan its QR code"], (text, said.stdout)
    ru = run_cli("verify", typed[0], "--registry", str(registry.path), "--lang", "ru")
    assert ru.stdout.splitlines()[-1] == ("код повреждён или набран с ошибкой: его знаки не составляют кода "
                                          "удостоверения; перепишите его с удостоверения ещё раз, знак за знаком, "
                                          "или отсканируйте QR-код"), ru.stdout
    assert verify(shown, registry).status is Status.VALID  # the code as shown, untouched
    assert verify(shown.lower(), registry).status is Status.VALID  # typed in small letters: base45 has only capitals


def test_the_verdict_in_kazakh_and_russian(office):
    registry, pdf = office
    verdict = verify(pdf, registry)
    assert verdict_lines(verdict, "kk")[-2:] == [
        "мәртебесі: түпнұсқа, берген: Федерация профсоюзов Республики Казахстан",
        "тексерілді: қолтаңба, тізілім жазбасы мен қол қойылған мәліметтер, тізілімдегі мәртебесі, басылған есім"]
    assert verdict_lines(verdict, "ru")[0] == "номер:                 A20-0001"


def test_a_bare_code_is_valid_and_says_the_page_was_not_seen(office):
    registry, _ = office
    verdict = verify(registry.get("A20-0001").payload, registry)
    assert verdict.status is Status.VALID and verdict.not_checked == (Check.PRINTED_NAME,)


def test_a_certificate_issued_before_the_layout_changed_still_verifies_from_its_page(office, tmp_path):
    """A format-1 code, printed where the layout had the code before (26 mm at 248, 150): its
    page is read with the layout's earlier place of the code."""
    from qujat.settings import Settings, applied

    registry, _ = office
    entry = registry.get("A20-0001")
    old = sign_payload(registry.private_key(), Seal(entry.number, entry.award, entry.date.isoformat(), entry.name),
                       version=1)
    with registry.writing() as conn:
        conn.execute(update(documents).where(documents.c.award_id == entry.id).values(payload=old))
    folder = tmp_path / "awards"
    folder.mkdir()
    layout = (Path(qujat.load_award("jubilee-medal").source)).read_text(encoding="utf-8")
    layout = layout.replace("x: 242, y: 149, size: 36, earlier: [{x: 248, y: 150, size: 26}]",
                            "x: 248, y: 150, size: 26")
    layout = re.sub(r"  - \{id: seal-code.*?\}\n", "", layout, flags=re.DOTALL)  # no short code then
    (folder / "jubilee-medal.yaml").write_text(layout, encoding="utf-8")
    with applied(Settings(awards_path=(folder,))):
        printed = print_again(registry, "A20-0001", tmp_path / "old.pdf")
    verdict = verify(printed, registry)
    assert (verdict.status, verdict.page_name) == (Status.VALID, AIGERIM)
    assert Check.PRINTED_NAME in verdict.checked


def test_a_bilingual_page_with_the_name_in_two_spellings_is_left_to_a_person(tmp_path):
    with Registry.open(tmp_path / "office.sqlite3", create=True) as registry:
        out = tmp_path / "two.pdf"
        pdf = qujat.render_certificate("federation-badge", {"name": {"kk": "Әбдірайым Бақыт", "ru": "Абдирайым Бахыт"}},
                                       out, lang="kk+ru", date=JULY_4, issuing=RegistryIssuing(registry))
        verdict = verify(pdf, registry)
        assert (verdict.status, verdict.name, verdict.page_name) == (
            Status.NAME_UNCHECKED, "Әбдірайым Бақыт", "Әбдірайым Бақыт Абдирайым Бахыт")


@pytest.mark.parametrize(("left", "en", "ru"), [
    (1, "1 page not checked", "не проверена 1 страница"), (3, "3 pages not checked", "не проверены 3 страницы"),
    (5, "5 pages not checked", "не проверено 5 страниц"), (21, "21 pages not checked", "не проверена 21 страница")])
def test_pages_left_unchecked_are_counted_in_each_languages_words(left, en, ru):
    from qujat.verification.check import FIRST_PAGES_ONLY
    from qujat.verification.verdict import Verdict, note_line

    verdict = Verdict(Status.NO_CODE, note=FIRST_PAGES_ONLY[0], note_plural=FIRST_PAGES_ONLY[1], note_count="left",
                      note_args=(("pages", "1000"), ("left", str(left))))
    assert note_line(verdict, "en") == f"only the first 1000 pages were checked; {en}"
    assert note_line(verdict, "ru") == f"проверены только первые страницы (1000); {ru}"
    assert note_line(verdict, "kk") == f"тек алғашқы 1000 бет тексерілді; тексерілмеген бет: {left}"


def test_a_document_of_pages_without_codes_is_given_up_counting_the_pages_left(office, tmp_path):
    """After ten pages in a row with no code the check stops, and says how many it did not
    look at, in the words each language uses for that count."""
    require_tool("pdftoppm")
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / "letters.pdf"
    canvas = Canvas(str(pdf))
    for page in range(11):
        canvas.drawString(72, 720, f"A letter, page {page + 1}")
        canvas.showPage()
    canvas.save()
    verdict = verify(pdf, public_key=office[0].public_key)
    assert verdict.status is Status.NO_CODE and len(verdict.pages) == 10
    assert verdict_lines(verdict, "en")[-2:] == [
        "stopped after page 10: 10 pages in a row with no code; 1 page not checked",
        "status: not every page is valid (no certificate code found)"]
    assert verdict_lines(verdict, "ru")[-2] == ("проверка остановлена на странице 10: подряд без кода страниц: 10; "
                                                "не проверена 1 страница")
