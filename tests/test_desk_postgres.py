"""Two clerks issuing at once from two desk sessions (accounts on, as on an office's server) into
one PostgreSQL registry: every row gets one number, none twice, none skipped, and the journal
names the clerk who issued each."""
from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from desk_site import ServedDesk
from qujat.registry.store import Registry
from qujat.web.accounts import Accounts
from test_registry_postgres import fresh_postgres, postgres_url  # noqa: F401 (fixtures)
from test_web_browser import browser  # noqa: F401 (the fixture: Debian's Chromium)

ROWS = 400
CLERKS = {"aigerim": "ұзын құпия сөз 2018", "olzhas": "тағы бір ұзын сөз"}


def _list(path: Path, clerk: str) -> list[str]:
    names = [f"{clerk.capitalize()}ұлы Қызметкер{index:04d} Тестұлы" for index in range(ROWS)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Аты-жөні", "Лауазымы", "Ұйым", "Марапат", "Тіл", "Күні"])
        out.writerows([name, "инженер", "«Тест» ЖШС", "jubilee-medal", "kk", "04.07.2018"] for name in names)
    return names


def _signed_in(browser, desk, clerk: str):  # noqa: F811 (the imported fixture)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="ru-RU")
    tab = context.new_page()
    tab.set_default_timeout(120_000)
    tab.goto(f"{desk.url}/ru/login")
    tab.fill("#name", clerk)
    tab.fill("#password", CLERKS[clerk])
    tab.get_by_role("button", name="Войти").click()
    tab.wait_for_url(f"{desk.url}/ru/")
    return context, tab


def _read(tab, desk, path: Path) -> None:
    tab.goto(f"{desk.url}/ru/lists")
    tab.set_input_files("#list", str(path))
    tab.get_by_role("button", name="Прочитать список").click()
    tab.wait_for_selector("table.rows")


@pytest.mark.timeout(900)
def test_two_clerks_issue_at_once_into_one_postgres_registry(browser, fresh_postgres, tmp_path):  # noqa: F811
    key = tmp_path / "signing.key"
    book = Accounts(tmp_path / "office.accounts.json")
    for clerk, password in CLERKS.items():
        book.add(clerk, password)
    lists = {clerk: _list(tmp_path / f"{clerk}.csv", clerk) for clerk in CLERKS}
    with ServedDesk(tmp_path / "desk", accounts=book.path, registry=fresh_postgres, signing_key=key) as desk:
        tabs = {clerk: _signed_in(browser, desk, clerk) for clerk in CLERKS}
        for clerk, (_, tab) in tabs.items():
            _read(tab, desk, tmp_path / f"{clerk}.csv")
        before = set(desk.app.state.desk.runs)
        for _, tab in tabs.values():
            tab.get_by_role("button", name="Выпустить удостоверения").last.click()
        runs = desk.app.state.desk.runs
        deadline = time.monotonic() + 300
        while len(set(runs) - before) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        started = [run for key_, (_, run) in list(runs.items()) if key_ not in before]
        while not all(run.done for run in started) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert all(run.state == "running" and 0 < run.done < ROWS for run in started)  # both issuing at once
        pdfs = {}
        for clerk, (_, tab) in tabs.items():
            tab.wait_for_selector("a[href$='/files/pdf']", timeout=600_000)
            with tab.expect_download() as got:
                tab.locator("a[href$='/files/pdf']").click()
            pdfs[clerk] = PdfReader(got.value.path())
        for context, _ in tabs.values():
            context.close()
    with Registry.open(fresh_postgres, signing_key=str(key)) as registry:
        entries = registry.list(award="jubilee-medal")
        assert sorted(e.sequence for e in entries) == list(range(1, 2 * ROWS + 1))  # none twice, none skipped
        assert sorted(e.name for e in entries) == sorted(lists["aigerim"] + lists["olzhas"])
        assert {e.status for e in entries} == {"issued"}
        issued_by = {e.name: {ev.user for ev in registry.history(e.number)} for e in entries}
    for clerk, names in lists.items():
        assert {frozenset(issued_by[name]) for name in names} == {frozenset({clerk})}
        assert len(pdfs[clerk].pages) == ROWS
        assert names[0] in " ".join(pdfs[clerk].pages[0].extract_text().split())
