"""Sessions survive a restart of the desk: the cookie's secret and the open sessions are kept
beside the registry (owner-only files); signing out ends a session on the server too (its old
cookie is refused after it), a removed account's session ends, a cookie signed otherwise is
refused."""
from __future__ import annotations

import stat

import httpx2 as httpx

from desk_site import ServedDesk
from qujat.web.access import SESSION_COOKIE
from qujat.web.accounts import Accounts

PASSWORD = "ұзын құпия сөз 2018"


def _sign_in(client: httpx.Client, desk: ServedDesk, name: str) -> None:
    answer = client.post(f"{desk.url}/ru/login", data={"name": name, "password": PASSWORD},
                         headers={"Origin": desk.url})
    assert answer.status_code == 200 and answer.url.path == "/ru/"


def _page(client: httpx.Client, desk: ServedDesk, path: str = "/ru/registry") -> httpx.Response:
    return client.get(f"{desk.url}{path}", follow_redirects=False)


def test_a_signed_in_clerk_stays_signed_in_across_a_restart(tmp_path):
    book = Accounts(tmp_path / "office.accounts.json")
    book.add("aigerim", PASSWORD)
    book.add("olzhas", PASSWORD)
    aigerim, olzhas = httpx.Client(follow_redirects=True), httpx.Client(follow_redirects=True)
    with ServedDesk(tmp_path, accounts=book.path) as desk:
        _sign_in(aigerim, desk, "aigerim")
        _sign_in(olzhas, desk, "olzhas")
        assert _page(aigerim, desk).status_code == 200
    secret = tmp_path / "office.desk-secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "office.desk-sessions.json").stat().st_mode) == 0o600
    old_cookie = aigerim.cookies[SESSION_COOKIE]
    assert old_cookie not in (tmp_path / "office.desk-sessions.json").read_text(encoding="utf-8")

    with ServedDesk(tmp_path, accounts=book.path) as again:  # another process's port, the same folder
        answer = _page(aigerim, again)
        assert answer.status_code == 200 and "aigerim" in answer.text
        assert _page(olzhas, again).status_code == 200
        aigerim.post(f"{again.url}/ru/logout", headers={"Origin": again.url})
        assert _page(aigerim, again).headers["location"] == "/ru/login"
        replayed = httpx.Client(cookies={SESSION_COOKIE: old_cookie})
        assert _page(replayed, again).headers["location"] == "/ru/login"  # ended on the server too
        book.remove("olzhas")
        assert _page(olzhas, again).headers["location"] == "/ru/login"
        tail = "AAAA" if old_cookie[-4:] != "AAAA" else "BBBB"
        forged = httpx.Client(cookies={SESSION_COOKIE: old_cookie[:-4] + tail})
        assert _page(forged, again).headers["location"] == "/ru/login"
    assert secret.read_text(encoding="ascii").strip()


def test_the_local_desk_keeps_its_session_across_a_restart(tmp_path):
    client = httpx.Client(follow_redirects=True)
    with ServedDesk(tmp_path) as desk:
        assert client.get(f"{desk.url}/?token={desk.token}").status_code == 200
    with ServedDesk(tmp_path) as again:
        assert _page(client, again).status_code == 200
        assert _page(httpx.Client(), again).status_code == 403  # a browser without the cookie needs the new token
