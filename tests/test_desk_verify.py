"""The desk's verification of a PDF or a photo: a page's verdict (its printed name, its code not
found, several pages) in the verification's own words, never the public page's "Not recognised:
not made by any office known here" for a code the office signed."""
from __future__ import annotations

import datetime as dt
import html
import re

import httpx2 as httpx
import pytest

import qujat
from conftest import require_tool
from desk_site import ServedDesk
from forgeries import photo, retyped
from photos import Shot
from qujat.registry.recording import RegistryIssuing
from qujat.registry.store import Registry

JUBILEE_NAME_BOX = (95, 66, 172, 26)


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    require_tool("pdftoppm")
    require_tool("tesseract")
    folder = tmp_path_factory.mktemp("desk")
    with ServedDesk(folder) as served:
        with Registry.open(served.registry_path) as registry:
            for name in ("Нұрғалиева Айгерім Ержанқызы", "Бекбас О.Т."):
                qujat.render_certificate("jubilee-medal", name, folder / f"{name}.pdf", lang="ru",
                                         date=dt.date(2018, 7, 4), issuing=RegistryIssuing(registry))
        client = httpx.Client(base_url=served.url, follow_redirects=True, timeout=120)
        assert client.get(f"/?token={served.token}").status_code == 200
        yield served, client
        client.close()


def _checked(desk, path) -> list[str]:
    """The lines of "The check in full" on the desk's answer to ``path`` (in English)."""
    served, client = desk
    answer = client.post("/en/verify", files={"file": (path.name, path.read_bytes())}, headers={"Origin": served.url})
    assert answer.status_code == 200
    section = re.search(r'<section class="panel verdict-lines".*?</section>', answer.text, re.S)
    assert section is not None, answer.text
    assert "Not recognised" not in answer.text
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", section.group(0))]


def test_a_retyped_name_is_said_so(desk):
    served, _ = desk
    genuine = served.folder / "Бекбас О.Т..pdf"
    forged = retyped(genuine, served.folder / "forged.pdf", "Иванов Иван Иванович", JUBILEE_NAME_BOX)
    lines = _checked(desk, forged)
    assert "read on the page: Иванов Иван Иванович" in lines
    assert "status: name on the page differs from the signed name «Бекбас О.Т.»" in lines


def test_a_document_of_two_genuine_pages_is_valid_page_by_page(desk):
    from pypdf import PdfReader, PdfWriter

    served, _ = desk
    both = PdfWriter()
    for name in ("Нұрғалиева Айгерім Ержанқызы", "Бекбас О.Т."):
        both.add_page(PdfReader(str(served.folder / f"{name}.pdf")).pages[0])
    path = served.folder / "both.pdf"
    with open(path, "wb") as fh:
        both.write(fh)
    lines = _checked(desk, path)
    assert lines[-2:] == ["2 pages: valid: 2", "status: every page valid"]


def test_a_photo_with_no_code_says_what_to_do(desk):
    served, _ = desk
    far = photo(served.folder / "Бекбас О.Т..pdf", served.folder / "far.jpg", Shot(angle=4, blur=1.0, quality=50,
                                                                                   width=500))
    assert _checked(desk, far) == ["status: no certificate code found",
                                   "photograph the QR code closer, in focus and in good light; it is at the lower "
                                   "right of the certificate"]
