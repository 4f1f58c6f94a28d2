"""The office desk in a real browser (Debian's Chromium driven by Playwright, JavaScript on):
a list dropped, read, issued and downloaded, the PDF's text and QR code read, one certificate
revoked and its verdict changed; a record's minutes as DOCX and PDF; the language switched; a
2,000-row run cancelled in the middle, its folder and the registry agreeing. A screenshot of each
main page goes to docs/figures/ when $QUJAT_SCREENSHOTS names that folder."""
from __future__ import annotations

import csv
import time
from pathlib import Path

import docx
from pypdf import PdfReader

from desk_site import desk_of_the_module, tab_of_the_module  # noqa: F401 (the fixtures)
from public_site import scanned
from qujat.registry.store import Registry
from test_web_browser import (
    browser,  # noqa: F401 (the fixture: Debian's Chromium)
    shoot,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "records" / "awards-sample.csv"
RECORD = ROOT / "records" / "2018-07-04-almaty-south-cluster.yaml"


def _issued(registry_path: Path) -> list[str]:
    with Registry.open(registry_path) as registry:
        return [e.number for e in registry.list() if e.status == "issued"]


def test_a_list_issued_downloaded_revoked_and_verified(tab, desk, tmp_path):
    shoot(tab, tmp_path, "desk-home")
    assert tab.locator("h1").inner_text() == "Кеңсе" or tab.url.endswith("/ru/")
    tab.goto(f"{desk.url}/ru/lists")
    tab.set_input_files("#list", str(SAMPLE))
    tab.select_option("#lang", "kk")
    tab.get_by_role("button", name="Прочитать список").click()
    tab.wait_for_selector("table.rows")
    columns = tab.locator("table.columns").inner_text()
    assert "A\tАты-жөні\tФИО полностью" in columns and "D\tМарапат\tнаграда" in columns
    assert "Әсел Нұрланқызы Жақсыбекова" in tab.locator("table.rows").inner_text()
    shoot(tab, tmp_path, "desk-list-read")
    tab.get_by_role("button", name="Посмотреть пробные оттиски").click()
    tab.wait_for_selector(".pages img")
    assert tab.locator(".pages img").count() >= 1
    shoot(tab, tmp_path, "desk-proofs")
    tab.get_by_role("button", name="Выпустить удостоверения").click()
    tab.wait_for_selector("a[href$='/files/pdf']", timeout=120_000)
    shoot(tab, tmp_path, "desk-run-done")
    with tab.expect_download() as got:
        tab.locator("a[href$='/files/pdf']").click()
    pdf = tmp_path / "certificates.pdf"
    got.value.save_as(pdf)
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Жақсыбекова" in text
    assert scanned(pdf)
    issued = _issued(desk.registry_path)
    assert issued and "A20-0001" in issued
    with Registry.open(desk.registry_path) as registry:
        assert {ev.user for ev in registry.history("A20-0001")} == {__import__("getpass").getuser()}

    tab.goto(f"{desk.url}/ru/registry?q=жақсыбекова")
    shoot(tab, tmp_path, "desk-registry")
    tab.get_by_role("link", name="A20-0001").click()
    with tab.expect_download() as got:
        tab.get_by_role("button", name="Напечатать повторно").click()
    single = tmp_path / "A20-0001.pdf"
    got.value.save_as(single)
    assert scanned(single) == scanned(pdf)
    tab.goto(f"{desk.url}/ru/registry/A20-0001")
    tab.fill("#reason", "ошибка в фамилии")
    tab.select_option("#category", "data-corrected")
    tab.get_by_role("button", name="Отозвать").last.click()
    tab.wait_for_selector(".done")
    shoot(tab, tmp_path, "desk-holder")
    assert "отозван" in tab.locator(".facts-grid").inner_text().lower()

    tab.goto(f"{desk.url}/ru/verify")
    tab.set_input_files("#file", str(single))
    tab.get_by_role("button", name="Проверить").click()
    verdict = tab.locator(".verdict").inner_text()
    assert "Отозвано" in verdict or "Отозван" in verdict
    shoot(tab, tmp_path, "desk-verify")


def test_a_record_to_minutes_docx_and_pdf(tab, desk, tmp_path):
    tab.goto(f"{desk.url}/ru/records")
    tab.set_input_files("#record", str(RECORD))
    tab.get_by_role("button", name="Проверить запись").click()
    tab.wait_for_selector("form[action$='/minutes']")
    shoot(tab, tmp_path, "desk-record")
    tab.select_option("#doc_lang", "kk")
    tab.get_by_role("button", name="Составить протокол").click()
    with tab.expect_download() as got:
        tab.locator("a[download]").click()
    document = docx.Document(got.value.path())
    assert any("ХАТТАМА" in p.text.upper() for p in document.paragraphs)
    tab.goto(f"{desk.url}/ru/records")
    tab.set_input_files("#record", str(RECORD))
    tab.get_by_role("button", name="Проверить запись").click()
    tab.check("input[value=pdf]")
    tab.get_by_role("button", name="Составить протокол").click()
    tab.wait_for_selector(".pages img", timeout=120_000)
    shoot(tab, tmp_path, "desk-minutes")
    with tab.expect_download() as got:
        tab.locator("a[download]").click()
    assert "Алматы" in "".join(page.extract_text() for page in PdfReader(got.value.path()).pages)


def test_the_language_switch(tab, desk):
    tab.goto(f"{desk.url}/ru/registry")
    assert tab.locator("h1").inner_text() == "Реестр"
    tab.get_by_role("link", name="Қазақ тілі").click()
    assert tab.url.endswith("/kk/registry")
    assert tab.locator("h1").inner_text() == "Тізілім"
    tab.get_by_role("link", name="English").click()
    assert tab.locator("h1").inner_text() == "The registry"


def _long_list(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Аты-жөні", "Лауазымы", "Ұйым", "Марапат", "Тіл", "Күні"])
        for index in range(rows):
            out.writerow([f"Қызметкер{index:04d} Тестұлы Сынақов", "инженер", "«Тест» ЖШС", "federation-badge", "kk",
                          "04.07.2018"])
    return path


def test_a_long_run_cancelled_midway_leaves_folder_and_registry_agreeing(tab, desk, tmp_path):
    before = set(_issued(desk.registry_path))
    tab.goto(f"{desk.url}/en/lists")
    tab.set_input_files("#list", str(_long_list(tmp_path / "two-thousand.csv", 2000)))
    tab.get_by_role("button", name="Read the list").click()
    tab.wait_for_selector("table.rows", timeout=120_000)
    tab.check("input[name=split][value='1']")
    tab.get_by_role("button", name="Issue the certificates").last.click()
    deadline = time.monotonic() + 180
    while int(tab.locator("[data-done]").inner_text() or 0) < 40 and time.monotonic() < deadline:
        tab.wait_for_timeout(200)
    shoot(tab, tmp_path, "desk-run")
    # the desk answers the cancel once the run has stopped, waiting up to 120 s for it (the row it
    # is on, then its clean-up): the click waits as long, not Playwright's 60 s
    tab.get_by_role("button", name="Cancel").click(timeout=150_000)
    tab.wait_for_selector("text=Cancelled", timeout=120_000)
    run_id = tab.url.rstrip("/").rsplit("/", 1)[1]
    folder = desk.folder / "work"
    made = [p for p in folder.rglob("two-thousand/*.pdf") if run_id in str(p)]
    issued = set(_issued(desk.registry_path)) - before
    assert 40 <= len(made) < 2000
    assert len(issued) == len(made)
    with Registry.open(desk.registry_path) as registry:
        assert not [e for e in registry.list() if e.status == "reserved"]
        assert {e.number for e in registry.list() if e.file and Path(e.file).parent.name == "two-thousand"} >= issued


def test_a_name_in_latin_letters_on_a_kazakh_list_is_said_before_and_after_issuing(tab, desk, tmp_path):
    source = tmp_path / "latin.csv"
    with open(source, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([["ФИО", "Награда", "Дата"], ["Zhaksybekova Asel", "federation-badge", "06.05.2021"]])
    tab.goto(f"{desk.url}/ru/lists")
    tab.set_input_files("#list", str(source))
    tab.select_option("#lang", "kk")
    tab.get_by_role("button", name="Прочитать список").click()
    tab.wait_for_selector("table.rows")
    note = ("ФИО «Zhaksybekova Asel»: печатается как написано, латиницей («Zhaksybekova»), в удостоверении на "
            "языке kk; если нужно кириллицей, напишите так, как пишет сам человек")
    assert tab.locator("table.rows td").last.inner_text() == f"готово к печати: {note}"
    tab.get_by_role("button", name="Выпустить удостоверения").last.click()
    tab.wait_for_selector("ul.notes", timeout=120_000)
    assert tab.locator("ul.notes li").all_inner_texts() == [f"{source.name}: строка 2: {note}"]
    shoot(tab, tmp_path, "desk-run-notes")
