"""The office desk's other jobs in a real browser (Debian's Chromium, JavaScript on): a PDF of
several pages checked page by page on the Verify page; an office template for minutes kept,
chosen again and removed; draft proofs shown while the draft run is still going; a duplicate,
a link, the journal's export and a backup, each opened and read. Screenshots go to the test's
folder (and $QUJAT_SCREENSHOTS)."""
from __future__ import annotations

import getpass
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import docx
import openpyxl
import pytest
from pypdf import PdfReader, PdfWriter

from desk_site import desk_of_the_module, tab_of_the_module  # noqa: F401 (the fixtures)
from forgeries import retyped
from public_site import IIN, JULY_4, _issue, scanned
from qujat.registry.store import Registry
from qujat.verification.check import verify
from qujat.verification.verdict import Status
from qujat.web import languages
from qujat.web.outcomes import WORDS, Kind
from test_minutes_templates import LETTERHEAD, letterhead_template
from test_web_browser import (
    browser,  # noqa: F401 (the fixture: Debian's Chromium)
    shoot,
)

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "records" / "2018-07-04-almaty-south-cluster.yaml"
USER = getpass.getuser()  # the journal's user of the local desk (no accounts)
PEOPLE = ("Нұрғалиева Айгерім Ержанқызы", "Бекбас Олжас Төлегенұлы")


@pytest.fixture(scope="module")
def certificates(desk, tmp_path_factory) -> list[Path]:
    """Two genuine certificates of the desk's registry (A20-0001, A20-0002), one PDF each."""
    folder = tmp_path_factory.mktemp("issued")
    with Registry.open(desk.registry_path) as registry:
        return [folder / _issue(registry, folder, name) for name in PEOPLE]


def _joined(pages: list[Path], out: Path) -> Path:
    writer = PdfWriter()
    for pdf in pages:
        writer.add_page(PdfReader(pdf).pages[0])
    with out.open("wb") as handle:
        writer.write(handle)
    return out


def _word(kind: Kind) -> str:
    return languages.translate("ru", WORDS[kind])


def _checked(tab, desk, pdf: Path) -> list[tuple[str, str, str]]:
    """Each page's heading, outcome word and number, as the Verify page shows them."""
    tab.goto(f"{desk.url}/ru/verify")
    tab.set_input_files("#file", str(pdf))
    tab.get_by_role("button", name="Проверить").click()
    tab.wait_for_selector("article.check")
    shown = []
    for check in tab.locator("article.check").all():
        number = check.locator(".number")
        shown.append((check.locator(".page-no").inner_text(), check.locator(".verdict-word").inner_text(),
                      number.inner_text() if number.count() else ""))
    return shown


def test_a_two_page_pdf_is_checked_page_by_page(tab, desk, certificates, tmp_path):
    both = _joined(certificates, tmp_path / "two-genuine.pdf")
    assert _checked(tab, desk, both) == [("Страница 1", _word(Kind.GENUINE), "A20-0001"),
                                         ("Страница 2", _word(Kind.GENUINE), "A20-0002")]
    shoot(tab, tmp_path, "desk-verify-pages")
    forged = retyped(certificates[1], tmp_path / "forged.pdf", "Сапарова Гүлнар Серікқызы")
    mixed = _joined([certificates[0], forged], tmp_path / "genuine-and-forged.pdf")
    shown = _checked(tab, desk, mixed)
    shoot(tab, tmp_path, "desk-verify-forged-page")
    assert shown == [("Страница 1", _word(Kind.GENUINE), "A20-0001"),
                     ("Страница 2", _word(Kind.NAME_CHANGED), "A20-0002")]


def _record_checked(tab, desk) -> None:
    tab.goto(f"{desk.url}/ru/records")
    tab.set_input_files("#record", str(RECORD))
    tab.get_by_role("button", name="Проверить запись").click()
    tab.wait_for_selector("form[action$='/minutes']")


def _minutes_header(tab) -> list[str]:
    """The page header of the minutes DOCX the page offers to download."""
    with tab.expect_download() as got:
        tab.locator("a[download]").click()
    return [p.text for p in docx.Document(got.value.path()).sections[0].header.paragraphs]


def test_an_office_template_is_kept_chosen_again_and_removed(tab, desk, tmp_path):
    kept_folder = desk.registry_path.with_name("office.templates")
    template = letterhead_template(tmp_path / "Бланк кеңсе.docx")
    _record_checked(tab, desk)
    assert tab.locator("#kept").count() == 0
    tab.set_input_files("#template", str(template))
    assert tab.locator("input[name=keep]").is_checked()
    tab.get_by_role("button", name="Составить протокол").click()
    assert _minutes_header(tab) == list(LETTERHEAD)
    assert [p.name for p in kept_folder.iterdir()] == ["Бланк кеңсе.docx"]
    assert (kept_folder / "Бланк кеңсе.docx").read_bytes() == template.read_bytes()

    _record_checked(tab, desk)
    assert tab.locator("#kept option").all_inner_texts()[1:] == ["Бланк кеңсе.docx"]
    shoot(tab, tmp_path, "desk-record-kept-template")
    tab.select_option("#kept", "Бланк кеңсе.docx")
    tab.get_by_role("button", name="Составить протокол").click()
    assert _minutes_header(tab) == list(LETTERHEAD)

    _record_checked(tab, desk)
    tab.get_by_role("button", name="Составить протокол").click()
    assert _minutes_header(tab) == [""]  # nothing chosen: qujat's own template, its header empty

    tab.goto(f"{desk.url}/ru/records")
    assert tab.locator(".kept-templates .name").all_inner_texts() == ["Бланк кеңсе.docx"]
    shoot(tab, tmp_path, "desk-records-kept")
    tab.get_by_role("button", name="Удалить Бланк кеңсе.docx").click()
    tab.wait_for_url(f"{desk.url}/ru/records")
    assert tab.locator(".kept-templates").count() == 0
    assert list(kept_folder.iterdir()) == []


SAMPLE = ROOT / "records" / "awards-sample.csv"


class FirstDraftHold:
    """Holds the desk's next draft run (SIGSTOP) as soon as its first certificate's file is
    whole, so the page is read while the run is still going; ``go()`` lets it go on."""

    def __init__(self, desk) -> None:
        self.runs = desk.app.state.desk.runs
        self.before = set(self.runs)
        self.run = None
        self.held = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            new = [run for key, (_, run) in list(self.runs.items()) if key not in self.before]
            if new and list(new[0].folder.glob("*/*.pdf")):
                self.run = new[0]
                os.kill(self.run.process.pid, signal.SIGSTOP)
                self.held.set()
                return
            time.sleep(0.002)

    def go(self) -> None:
        os.kill(self.run.process.pid, signal.SIGCONT)


def test_proofs_are_shown_as_each_is_drawn(tab, desk, tmp_path):
    tab.goto(f"{desk.url}/ru/lists")
    tab.set_input_files("#list", str(SAMPLE))
    tab.select_option("#lang", "kk")
    tab.get_by_role("button", name="Прочитать список").click()
    tab.wait_for_selector("table.rows")
    hold = FirstDraftHold(desk)
    tab.get_by_role("button", name="Посмотреть пробные оттиски").click()
    assert hold.held.wait(120)
    try:
        drawn = len(list(hold.run.folder.glob("*/*.pdf")))
        assert hold.run.process.poll() is None and 1 <= drawn < 3  # held in the middle of the run
        tab.wait_for_selector(f".pages img:nth-child({drawn})")
        tab.wait_for_function("document.querySelector('.pages img').naturalWidth > 0")
        assert tab.locator(".pages img").count() == drawn
        assert tab.locator(".drawing").is_visible()
        shoot(tab, tmp_path, "desk-proofs-drawing")
    finally:
        hold.go()
    tab.wait_for_selector(".drawing", state="detached")
    assert tab.locator(".pages img").count() == 3
    assert tab.locator(".pages img").evaluate_all("images => images.map(i => i.naturalWidth)") == [800] * 3
    assert tab.locator(".pages img").evaluate_all("images => images.map(i => i.alt)") == [
        "Пробный оттиск, страница 1", "Пробный оттиск, страница 2", "Пробный оттиск, страница 3"]
    shoot(tab, tmp_path, "desk-proofs")


def _download(tab, click, folder: Path) -> Path:
    """The file a click downloads, saved in ``folder`` under the name the desk gave it."""
    with tab.expect_download() as got:
        click()
    target = folder / got.value.suggested_filename
    got.value.save_as(target)
    return target


def test_a_holders_duplicate_link_journal_and_backup(tab, desk, certificates, tmp_path):
    """One after the other, as a clerk would (the journal holds what the two before did, so they
    are one test: split, xdist could run them in two processes, each with a desk of its own)."""
    _a_duplicate_is_printed_with_its_own_code(tab, desk, certificates, tmp_path)
    _a_holder_is_linked_to_an_iin(tab, desk, tmp_path)
    _the_journal_is_exported_and_the_registry_backed_up(tab, desk, tmp_path)


def _a_duplicate_is_printed_with_its_own_code(tab, desk, certificates, tmp_path):
    original = scanned(certificates[0])
    tab.goto(f"{desk.url}/ru/registry/A20-0001")
    duplicate = _download(tab, tab.get_by_role("button", name="Выдать дубликат (утерян)").click, tmp_path)
    assert PEOPLE[0] in " ".join(PdfReader(duplicate).pages[0].extract_text().split())
    assert scanned(duplicate) != original  # the duplicate's own signed code
    with Registry.open(desk.registry_path) as registry:
        copy, replaced = verify(duplicate, registry), verify(certificates[0], registry)
    assert (copy.status, copy.number, copy.copy, copy.name) == (Status.VALID, "A20-0001", 1, PEOPLE[0])
    assert replaced.status is Status.REPLACED
    tab.goto(f"{desk.url}/ru/registry/A20-0001")
    assert tab.locator("table.rows tbody tr td:nth-child(2)").all_inner_texts() == ["подлинник", "дубликат"]
    history = [line.split(" ", 2)[2] for line in tab.locator("ol.history li").all_inner_texts()]
    assert history == [f"выдано · {USER}", f"выдан дубликат · {USER}"]
    shoot(tab, tmp_path, "desk-holder-duplicate")


def _a_holder_is_linked_to_an_iin(tab, desk, tmp_path):
    tab.goto(f"{desk.url}/ru/registry/A20-0002")
    tab.fill("#iin", IIN)
    tab.get_by_role("button", name="Связать", exact=True).click()
    tab.wait_for_selector(".done")
    assert tab.locator(".done").inner_text() == f"A20-0002 ({PEOPLE[1]}) связан с ИИН {IIN}"
    shoot(tab, tmp_path, "desk-holder-linked")
    with Registry.open(desk.registry_path) as registry:
        assert registry.get("A20-0002").iin == IIN
        assert [ev.kind for ev in registry.history("A20-0002")][-1] == "linked"
    tab.goto(f"{desk.url}/ru/registry?q={IIN}")
    assert tab.locator("table.rows tbody tr").count() == 1
    assert "A20-0002" in tab.locator("table.rows tbody tr").inner_text()


def _the_journal_is_exported_and_the_registry_backed_up(tab, desk, tmp_path):
    tab.goto(f"{desk.url}/ru/registry")
    shoot(tab, tmp_path, "desk-registry-journal")
    exported = _download(tab, tab.get_by_role("link", name="Выгрузить журнал (Excel)").click, tmp_path)
    book = openpyxl.load_workbook(exported)
    assert book.sheetnames == ["Награды", "Документы", "События"]
    awards, documents, events = (list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets)
    assert awards[0][:5] == ("Номер удостоверения", "Награда", "Дата", "Фамилия, имя, отчество", "ИИН")
    assert [(r[0], r[1], r[2].date(), r[3], r[4], r[10]) for r in awards[1:]] == [
        ("A20-0001", "jubilee-medal", JULY_4, PEOPLE[0], None, "issued"),
        ("A20-0002", "jubilee-medal", JULY_4, PEOPLE[1], IIN, "issued")]
    assert [(r[0], r[2], r[3]) for r in documents[1:]] == [
        ("A20-0001", "original", "replaced"), ("A20-0001", "duplicate", "issued"), ("A20-0002", "original", "issued")]
    assert [(r[0], r[1], r[4]) for r in events[1:]] == [
        ("A20-0001", "issued", USER), ("A20-0002", "issued", USER), ("A20-0001", "duplicate issued", USER),
        ("A20-0002", "linked", USER)]
    backup = _download(tab, tab.get_by_role("button", name="Скачать резервную копию реестра").click, tmp_path)
    with sqlite3.connect(backup) as plain:
        assert plain.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with Registry.open(backup) as copied:
        assert [(e.number, e.name, e.status) for e in copied.list()] == [
            ("A20-0001", PEOPLE[0], "issued"), ("A20-0002", PEOPLE[1], "issued")]
        assert copied.get("A20-0002").iin == IIN
