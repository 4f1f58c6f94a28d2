"""The office desk's other jobs in a real browser (Debian's Chromium, JavaScript on): a PDF of
several pages checked page by page on the Verify page; an office template for minutes kept,
chosen again and removed; a duplicate, a link, the journal's export and a backup, each opened
and read. Screenshots go to the test's folder (and $QUJAT_SCREENSHOTS)."""
from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from desk_site import ServedDesk
from forgeries import retyped
from public_site import _issue
from qujat.registry.store import Registry
from qujat.web import languages
from qujat.web.outcomes import WORDS, Kind
from test_web_browser import (
    browser,  # noqa: F401 (the fixture: Debian's Chromium)
    shoot,
)

WIDE = {"width": 1280, "height": 900}
PEOPLE = ("Нұрғалиева Айгерім Ержанқызы", "Бекбас Олжас Төлегенұлы")


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    with ServedDesk(tmp_path_factory.mktemp("desk")) as served:
        yield served


@pytest.fixture(scope="module")
def tab(browser, desk):  # noqa: F811 (the imported fixture)
    context = browser.new_context(viewport=WIDE, accept_downloads=True, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{desk.url}/?token={desk.token}")
    yield page
    context.close()


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
