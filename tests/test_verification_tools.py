"""The outside tools verification runs, each through its one adapter: these fail loudly when a
tool's version or behaviour changes (then check the adapter and the photo table)."""
from __future__ import annotations

import datetime as dt

import pytest

import qujat
from conftest import require_tool
from photos import render_page
from qujat.registry.recording import RegistryIssuing
from qujat.registry.store import Registry
from qujat.verification import images, namebox, poppler, tesseract

AIGERIM = "Нұрғалиева Айгерім Ержанқызы"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    require_tool("pdftoppm")
    folder = tmp_path_factory.mktemp("tools")
    with Registry.open(folder / "office.sqlite3", create=True) as registry:
        return qujat.render_certificate("jubilee-medal", AIGERIM, folder / "a.pdf", lang="ru",
                                        date=dt.date(2018, 7, 4), issuing=RegistryIssuing(registry))


def test_tesseract_is_version_5_with_kazakh_russian_and_english():
    require_tool("tesseract")
    assert tesseract.version().split(".")[0] == "5"
    assert {"kaz", "rus", "eng"} <= set(tesseract.languages())


def test_tesseract_reads_a_kazakh_name_letter_for_letter(certificate):
    require_tool("tesseract")
    page = poppler.render_page(certificate, 1)
    [code] = images.find_codes(page).codes
    reading = tesseract.read(namebox.name_crop(page, code, next(namebox.placements(qujat.load_award("jubilee-medal")))))
    assert reading.lines == (AIGERIM,) and reading.confidence > 90


def test_poppler_counts_and_renders_pages(certificate):
    assert poppler.version().split(".")[0].isdigit()
    assert poppler.page_count(certificate) == 1
    assert poppler.render_page(certificate, 1).size == (2339, 1654)  # the longer side as asked, A4's ratio


def test_zxing_gives_the_corners_in_the_symbol_own_order(certificate):
    """The name's box is found from the corners as the symbol has them (top left = the corner
    of its first finder pattern), whichever way the picture is turned."""
    page = render_page(certificate, dpi=100)
    upright = images.find_codes(page).codes[0]
    turned = images.find_codes(page.rotate(180)).codes[0]
    width, height = page.size
    assert upright.modules == turned.modules == 49
    for (x, y), (u, v) in zip(upright.corners, turned.corners):
        assert abs((width - 1 - u) - x) <= 2 and abs((height - 1 - v) - y) <= 2
    assert upright.content[:1] == b"Q"  # binary content comes back as the bytes drawn
