"""The public page in a real browser: Debian's Chromium driven by Playwright (no browser
downloaded), a phone's viewport, JavaScript off; each verdict's address read in each language,
the form typed in, the language switched, nothing wider than the phone. A screenshot of each
verdict is written to the test's folder, and to $QUJAT_SCREENSHOTS when that names a folder."""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import require_tool
from public_site import VERIFY_URL, Served, build_site, cut_off, open_site_page, restore, scanned
from qujat.web import languages
from qujat.web.outcomes import WORDS, Kind

#: Debian's chromium package: /usr/bin/chromium is a wrapper script, this is the browser itself.
CHROMIUM = Path("/usr/lib/chromium/chromium")
#: Headless, with nothing that reaches for the network (there is none).
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PHONE = {"width": 360, "height": 780}
CASES = {"genuine": Kind.GENUINE, "revoked": Kind.REVOKED, "replaced": Kind.REPLACED, "duplicate": Kind.GENUINE,
         "other-office": Kind.OTHER_OFFICE, "forged": Kind.NOT_RECOGNISED, "tampered": Kind.NOT_RECOGNISED,
         "not-confirmed": Kind.NOT_CONFIRMED}


def _chromium() -> Path:
    if not CHROMIUM.is_file():
        if os.environ.get("QUJAT_REQUIRE_TOOLS"):
            pytest.fail(f"Chromium is required (QUJAT_REQUIRE_TOOLS is set) but {CHROMIUM} is missing: "
                        "apt-get install chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    site = build_site(tmp_path_factory.mktemp("browser"))
    page = open_site_page(site, payload_limit=(1000, 60.0), lookup_limit=(1000, 600.0))  # limits: test_web_public
    with Served(page) as running:
        yield site, page, running
    page.base.close()


@pytest.fixture
def phone(browser):
    """A phone's tab with JavaScript off: the page must work without it."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False,
                                  device_scale_factor=1)
    yield context.new_page()
    context.close()


def shoot(tab, folder: Path, name: str) -> None:
    """A full-page screenshot into ``folder``, copied to $QUJAT_SCREENSHOTS when set."""
    path = folder / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    wanted = os.environ.get("QUJAT_SCREENSHOTS")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(wanted) / path.name)


def _word(lang: str, kind: Kind) -> str:
    return languages.translate(lang, WORDS[kind])


@pytest.mark.parametrize("lang", languages.LANGUAGES)
def test_each_verdict_on_a_phone(served, phone, lang, tmp_path):
    site, page, running = served
    addresses = {case: f"/{lang}/?c={quote(site.payloads[case])}" for case in CASES}
    addresses["not-found"] = f"/{lang}/?number=A20-0001&code=AAAA-AAAA"
    addresses["typed"] = f"/{lang}/?number=A20-0001&code={site.code('genuine')}"
    expected = {**CASES, "not-found": Kind.NOT_FOUND, "typed": Kind.GENUINE}
    for case, address in addresses.items():
        phone.goto(running.url + address)
        heading = phone.locator("#verdict-word")
        assert heading.inner_text() == _word(lang, expected[case]), case
        box = phone.locator("section.verdict")
        assert expected[case].value in (box.get_attribute("class") or "")
        assert box.locator("svg.icon").count() == 1  # a word and an icon, never colour alone
        assert phone.locator("html").get_attribute("lang") == lang
        shoot(phone, tmp_path, f"{lang}-{case}")
    away = cut_off(page, site)
    try:
        phone.goto(running.url + addresses["genuine"])
        assert phone.locator("#verdict-word").inner_text() == _word(lang, Kind.UNCHECKED)
        assert site.names["genuine"] in phone.locator(".facts").inner_text()
        shoot(phone, tmp_path, f"{lang}-unchecked")
        phone.goto(running.url + addresses["typed"])
        assert phone.locator("#verdict-word").inner_text() == _word(lang, Kind.UNAVAILABLE)
        shoot(phone, tmp_path, f"{lang}-unavailable")
    finally:
        restore(page, site, away)


def test_a_printed_certificates_qr_code_opens_the_page_in_the_phones_language(served, browser, tmp_path):
    """The QR code read off the printed PDF is the office's URL; the phone (Russian) opens it."""
    require_tool("pdftoppm")
    site, _, running = served
    context = browser.new_context(viewport=PHONE, is_mobile=True, java_script_enabled=False, locale="ru-RU")
    try:
        tab = context.new_page()
        for case, word in (("genuine", Kind.GENUINE), ("revoked", Kind.REVOKED), ("replaced", Kind.REPLACED)):
            url = scanned(site.pdfs[case])
            assert url.startswith(VERIFY_URL + "QJ2:")
            tab.goto(running.url + "/" + url.removeprefix(VERIFY_URL.split("/?")[0] + "/"))
            assert tab.locator("html").get_attribute("lang") == "ru"
            assert tab.locator("#verdict-word").inner_text() == _word("ru", word)
            assert site.names[case] in tab.locator(".facts").inner_text()
        shoot(tab, tmp_path, "ru-scanned-replaced")
    finally:
        context.close()


def test_the_facts_and_the_checklist_are_read_as_shown(served, phone):
    site, _, running = served
    phone.goto(f"{running.url}/ru/?c={quote(site.payloads['revoked'])}")
    facts = phone.locator(".facts").inner_text()
    assert "A20-0002" in facts and site.names["revoked"] in facts and "данные исправлены" in facts
    assert "Подпись: подлинная" in phone.locator(".checklist").inner_text()


def test_the_form_and_the_language_switch_without_javascript(served, phone, tmp_path):
    site, _, running = served
    phone.goto(f"{running.url}/ru/")
    shoot(phone, tmp_path, "ru-home")
    phone.fill("#number", "a20-0001")
    phone.fill("#code", site.code("genuine").lower())
    phone.click("button[type=submit]")
    assert phone.locator("#verdict-word").inner_text() == _word("ru", Kind.GENUINE)
    assert "?number=" in phone.url
    phone.click("nav.languages a[lang=kk]")
    assert phone.locator("#verdict-word").inner_text() == _word("kk", Kind.GENUINE)
    assert site.names["genuine"] in phone.locator(".facts").inner_text()
    phone.click("a[href='/kk/offline']")
    assert phone.locator("h1").inner_text() == languages.translate("kk", "Checking without a network")
    shoot(phone, tmp_path, "kk-offline")


def test_nothing_is_wider_than_the_phone(served, browser):
    site, _, running = served
    context = browser.new_context(viewport=PHONE, is_mobile=True)  # JavaScript on, to measure
    tab = context.new_page()
    try:
        for lang in languages.LANGUAGES:
            for case in ("genuine", "other-office", "not-confirmed"):
                tab.goto(f"{running.url}/{lang}/?c={quote(site.payloads[case])}")
                assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (lang, case)
            tab.goto(f"{running.url}/{lang}/offline")
            assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], lang
    finally:
        context.close()
