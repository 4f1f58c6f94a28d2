"""An office for the public page's tests: a registry holding a certificate of each standing, a
second office on its trust list, forged codes, and the page served by uvicorn in a thread."""
from __future__ import annotations

import dataclasses
import datetime as dt
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn

import qujat
from qujat.certificates.qr import seal_code
from qujat.registry.recording import RegistryIssuing, print_again
from qujat.registry.signing import Seal, find_payload, new_private_key, sign_payload
from qujat.registry.store import Registry
from qujat.verification.revocations import make_list
from qujat.verification.trust import add_trusted
from qujat.web.public import PublicConfig, PublicPage, open_page, public_app

JULY_4 = dt.date(2018, 7, 4)
OFFICE = "Алматы қалалық кәсіподақтар кеңесі"
OTHER_OFFICE = "Ақтөбе облыстық кәсіподақтар орталығы"
#: What the page must never show: an ИИН (valid check digit), the free-text reason of a
#: revocation, the workplace and position, and a forger's text.
IIN = "880101401203"  # a woman's (seventh digit 4), as Айгерім Ержанқызы is
REASON = "по болезни; дисциплинарное взыскание"
POSITION = "главный бухгалтер"
WORKPLACE = "ТОО «Секретный завод»"
FORGED_NAME = "<b>Подставной</b> Ложный Л.Л."
VERIFY_URL = "https://verify.example.kz/?c="


@dataclass
class Site:
    """The office's registry and what it issued: the payload (text form) of each case."""

    folder: Path
    registry_path: Path
    revocations: Path
    payloads: dict[str, str] = field(default_factory=dict)
    pdfs: dict[str, Path] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def code(self, case: str) -> str:
        """The short code printed under the case's QR code (K7QF-M2XA)."""
        return seal_code(self.payloads[case])


def _issue(registry: Registry, folder: Path, name: str, award: str = "jubilee-medal", lang: str = "ru",
           **more: object) -> str:
    out = folder / f"{award}-{lang}-{len(list(folder.glob('*.pdf')))}.pdf"
    qujat.render_certificate(award, {"name": name, "position": POSITION, "organisation": WORKPLACE}, out,
                             lang=lang, date=JULY_4, issuing=RegistryIssuing(registry), **more)  # type: ignore[arg-type]
    return out.name


def build_site(folder: Path) -> Site:
    """A registry (SQLite) with a genuine certificate (with an ИИН), a revoked one (with a reason
    naming health and discipline), one replaced by a duplicate, and a trusted other office's;
    forged and tampered codes; its signed revocation list."""
    folder.mkdir(parents=True, exist_ok=True)
    site = Site(folder, folder / "office.sqlite3", folder / "revocations.json")
    registry = Registry.open(site.registry_path, create=True)
    registry.set_setting("verify_url", VERIFY_URL)
    registry.set_setting("office_name", OFFICE)
    people = {"genuine": "Нұрғалиева Айгерім Ержанқызы", "revoked": "Бекбас Олжас Төлегенұлы",
              "replaced": "Иванова Мария Петровна", "duplicate": "Иванова Мария Петровна"}
    for case in ("genuine", "revoked", "replaced"):
        site.pdfs[case] = folder / _issue(registry, folder, people[case], **({"iin": IIN} if case == "genuine" else {}))
    entries = {e.number: e for e in registry.list()}
    for case, number in (("genuine", "A20-0001"), ("revoked", "A20-0002"), ("replaced", "A20-0003")):
        site.payloads[case] = find_payload(entries[number].payload or "") or ""
        site.numbers[case], site.names[case] = number, people[case]
    registry.revoke("A20-0002", REASON, "data-corrected")
    print_again(registry, "A20-0003", folder / "duplicate.pdf", duplicate=True)
    copies = [d for d in registry.get("A20-0003").documents if d.kind == "duplicate"]  # type: ignore[union-attr]
    site.payloads["duplicate"] = find_payload(copies[0].payload or "") or ""
    site.numbers["duplicate"], site.names["duplicate"] = "A20-0003", people["duplicate"]
    with Registry.open(folder / "other.sqlite3", create=True) as other:
        _issue(other, folder, "Сейітқазы Нұрлан Қайратұлы", "federation-badge", "kk")
        site.payloads["other-office"] = find_payload(other.get("FB-0001").payload or "") or ""  # type: ignore[union-attr]
        site.numbers["other-office"], site.names["other-office"] = "FB-0001", "Сейітқазы Нұрлан Қайратұлы"
        add_trusted(registry, other.public_key, OTHER_OFFICE)
    forger = new_private_key()
    site.payloads["forged"] = sign_payload(forger, Seal("A20-0001", "jubilee-medal", "2018-07-04", FORGED_NAME))
    genuine = site.payloads["genuine"]
    flip = genuine[-20]
    site.payloads["tampered"] = genuine[:-20] + ("A" if flip != "A" else "B") + genuine[-19:]
    # signed with the office's own key, for a number its registry does not hold
    site.payloads["not-confirmed"] = sign_payload(registry.private_key(),
                                                  Seal("A20-0999", "jubilee-medal", "2018-07-04", "Ахметов Ахмет"))
    site.numbers["not-confirmed"], site.names["not-confirmed"] = "A20-0999", "Ахметов Ахмет"
    site.revocations.write_bytes(make_list(registry))
    registry.close()
    return site


def scanned(pdf: Path) -> str:
    """What a phone's camera reads from the QR code printed on ``pdf``'s first page: the text
    (the office's verification URL and the signed code), as zxing-cpp decodes a rendering."""
    import subprocess
    import tempfile

    import zxingcpp
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf), f"{tmp}/page"], check=True)
        with Image.open(next(Path(tmp).glob("page*.png"))) as image:
            found = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    return found[0].text


def config(site: Site, **changes: object) -> PublicConfig:
    """The page's configuration for ``site`` (the revocation list published)."""
    return dataclasses.replace(PublicConfig(str(site.registry_path), site.revocations), **changes)  # type: ignore[arg-type]


def cut_off(page: PublicPage, site: Site) -> Path:
    """Make the registry unreachable under a running page (its file moved away, connections
    closed); returns where it went, for :func:`restore`."""
    away = site.registry_path.with_name("away.sqlite3")
    site.registry_path.rename(away)
    page.base.engine.dispose()
    return away


def restore(page: PublicPage, site: Site, away: Path) -> None:
    away.rename(site.registry_path)
    page.base.engine.dispose()


class Served:
    """The page served by uvicorn on a free loopback port, in a thread (``with`` stops it)."""

    def __init__(self, page: PublicPage, trusted_proxies: tuple[str, ...] = ()) -> None:
        self.page = page
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        app = public_app(dataclasses.replace(page.config, trusted_proxies=trusted_proxies), page)
        self.server = uvicorn.Server(uvicorn.Config(app, access_log=False, proxy_headers=False, log_level="warning",
                                                    lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> Served:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the page did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


def open_site_page(site: Site, **changes: object) -> PublicPage:
    """The page's state for ``site``, opened as ``generate serve --public`` opens it."""
    return open_page(config(site, **changes))
