"""The public verification page, in process (Starlette's test client): every verdict, the
typed look-up, privacy (no ИИН, reason or workplace anywhere; bad codes echo nothing), rate
limits, headers, languages, the registry unreachable, read-only, the offline downloads."""
from __future__ import annotations

import hashlib
import logging
import re
from urllib.parse import quote, urlencode

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import OperationalError
from starlette.testclient import TestClient

from conftest import run_cli
from public_site import (
    FORGED_NAME,
    IIN,
    OFFICE,
    OTHER_OFFICE,
    POSITION,
    REASON,
    WORKPLACE,
    build_site,
    config,
    cut_off,
    open_site_page,
    restore,
)
from qujat.registry.schema import meta
from qujat.registry.signing import find_payload, key_id
from qujat.web.guard import ACCESS_LOG, HEADERS
from qujat.web.public import public_app
from qujat.web.registry_access import normal_code, normal_number, payload_by_code

PHONE = ("203.0.113.5", 40000)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("public"))


@pytest.fixture
def page(site):
    page = open_site_page(site)
    yield page
    page.base.close()


@pytest.fixture
def client(site, page):
    with TestClient(public_app(page.config, page), client=PHONE) as client:
        yield client


def qr(site, case: str, lang: str = "en") -> str:
    """The address the case's QR code opens, on this page, in ``lang``."""
    return f"/{lang}/?c={quote(site.payloads[case])}"


def kind(response) -> str:
    found = re.search(r'class="verdict ([a-z-]+)"', response.text)
    return found.group(1) if found else ""


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


# the verdicts ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("case", "expected", "words"), [
    ("genuine", "genuine", "Genuine and valid"),
    ("revoked", "revoked", "Revoked"),
    ("replaced", "replaced", "Replaced by a duplicate"),
    ("duplicate", "genuine", "Genuine and valid"),
    ("other-office", "other-office", "Genuine, another office's"),
    ("forged", "not-recognised", "Not recognised"),
    ("tampered", "not-recognised", "Not recognised"),
    ("not-confirmed", "not-confirmed", "Not confirmed by the registry"),
])
def test_each_verdict_of_a_qr_code(site, client, case, expected, words):
    response = client.get(qr(site, case))
    assert response.status_code == 200
    assert kind(response) == expected
    assert f'<h1 id="verdict-word">{words}</h1>' in response.text.replace("&#39;", "'")


def test_a_genuine_certificate_shows_the_signed_facts_and_nothing_more(site, client):
    text = text_of(client.get(qr(site, "genuine")))
    for fact in ("A20-0001", "Нұрғалиева Айгерім Ержанқызы", "Jubilee medal “20 Years of Astana”", "4 July 2018",
                 OFFICE, "Signature: genuine", "Status: in force"):
        assert fact in text
    assert POSITION not in text and "Секретный" not in text and "jubilee-medal-ru" not in text


def test_revoked_shows_its_day_and_a_fixed_category_never_the_reason(site, client):
    response = client.get(qr(site, "revoked"))
    text = text_of(response)
    assert "Revoked on" in text and "Category data corrected" in text
    assert "болезн" not in text and "дисциплин" not in text and REASON not in response.text


def test_a_replaced_paper_names_the_day_of_its_duplicate_and_the_duplicate_says_so(site, client):
    text = text_of(client.get(qr(site, "replaced")))
    assert "Duplicate issued on" in text and "Only the duplicate" in text
    assert "duplicate no. 1" in text_of(client.get(qr(site, "duplicate")))


def test_another_office_on_the_trust_list_is_named_and_its_status_not_claimed(site, client):
    text = text_of(client.get(qr(site, "other-office")))
    assert OTHER_OFFICE in text and "FB-0001" in text and "Status: not kept here" in text
    assert "in force" not in text.replace("whether it is in force", "")


# privacy ------------------------------------------------------------------------------------

BAD = {
    "forged": None, "tampered": None,
    "garbage": "<script>alert(1)</script>", "number-only": "A20-0001",
    "long": "QJ2:" + "A" * 5000, "damaged": "QJ2:" + "KEQ" * 60,
}


def _bad(site, case: str) -> str:
    return site.payloads[case] if BAD[case] is None else str(BAD[case])


def test_a_bad_code_echoes_nothing_of_what_it_carries(site, client):
    """A crafted link on the office's own domain shows none of its text: the answer to every bad
    code is the same page, byte for byte."""
    pages = {}
    for case in BAD:
        sent = _bad(site, case)
        response = client.get(f"/en/?c={quote(sent)}")
        assert response.status_code == 200 and kind(response) == "not-recognised", case
        body = response.text
        for echoed in (sent, sent[4:40], "Подставной", "Ложный", "script", "Айгерім", "A20-0001"):
            assert echoed not in body, (case, echoed)
        pages[case] = body
    assert len(set(pages.values())) == 1
    assert FORGED_NAME not in pages["forged"]


def test_a_number_alone_is_never_looked_up(site, client):
    for query in ("?number=A20-0001", "?code=", "?number=A20-0001&code=", "?c=A20-0001"):
        response = client.get(f"/en/{query}")
        assert "Айгерім" not in response.text and "A20-0001" not in text_of(response).replace("A20-0007", "")


def test_a_wrong_code_and_an_unknown_number_get_the_same_answer(site, client):
    wrong = client.get("/en/?number=A20-0001&code=AAAA-AAAA")
    unknown = client.get(f"/en/?number=A20-9999&code={site.code('genuine')}")
    imported_style = client.get("/en/?number=FB-0001&code=AAAA-AAAA")
    assert kind(wrong) == "not-found" and wrong.text == unknown.text == imported_style.text


def test_a_typed_number_and_code_as_people_type_them(site, client, page):
    code = site.code("genuine")
    for number, typed in (("A20-0001", code), ("a20-0001", code.lower().replace("-", "")),
                          ("А20 0001", f" {code[:4]} {code[5:]} "), ("A20–0001", code.replace("O", "0"))):
        response = client.get("/en/", params={"number": number, "code": typed})
        assert kind(response) == "genuine", (number, typed)
        assert "Нұрғалиева Айгерім Ержанқызы" in response.text
    assert kind(client.get("/en/", params={"number": "A20-0002", "code": site.code("revoked")})) == "revoked"
    assert normal_number("а20 0007") == "A20-0007" and normal_code("k7qf-m2xa") == "K7QFM2XA"
    assert payload_by_code(page.view, "A20-0001", code[:-1]) is None


def test_no_iin_reason_or_workplace_in_any_response(site, client):
    """Every page and download the public server answers, for every case, in every language."""
    paths = [qr(site, case, lang) for case in site.payloads for lang in ("kk", "ru", "en", "kk-Latn")]
    paths += [f"/{lang}/" for lang in ("kk", "ru", "en", "kk-Latn")] + ["/en/offline", "/revocations.json",
                                                                          "/healthz", "/static/style.css", "/nowhere"]
    paths += [f"/keys/{key_id(k.public_key)}.pem" for k in open_site_page(site).keys.all]
    paths += [f"/ru/?number={site.numbers[c]}&code={site.code(c)}" for c in ("genuine", "revoked", "replaced")]
    windows = {IIN[i:i + 5] for i in range(len(IIN) - 4)}
    for path in paths:
        body = client.get(path).text
        assert not any(w in body for w in windows), path
        for secret in (REASON, "болезн", "дисциплин", POSITION, WORKPLACE, "Секретный"):
            assert secret not in body, (path, secret)


def test_the_access_log_has_the_time_number_and_verdict_only(site, client, caplog):
    caplog.set_level(logging.INFO, logger=ACCESS_LOG)
    for case in site.payloads:
        client.get(qr(site, case))
    client.get(f"/en/?number=A20-0002&code={site.code('revoked')}")
    client.get("/en/?number=A20-0001&code=AAAA-AAAA")
    lines = [r.getMessage() for r in caplog.records if r.name == ACCESS_LOG]
    assert len(lines) == len(site.payloads) + 2
    for line in lines:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 (A20-\d{4}|FB-\d{4}|-) [a-z-]+", line), line
    assert any(line.endswith(" A20-0001 genuine") for line in lines)
    assert any(line.endswith(" - not-recognised") for line in lines)
    assert lines[-1].endswith(" - not-found") and lines[-2].endswith(" A20-0002 revoked")
    joined = "\n".join(lines)
    assert "Айгерім" not in joined and "QJ2" not in joined and PHONE[0] not in joined and IIN not in joined
    assert REASON not in joined and "болезн" not in joined


# abuse --------------------------------------------------------------------------------------

def test_the_31st_payload_check_in_a_minute_from_one_address_gets_429(site, client):
    for _ in range(30):
        assert client.get(qr(site, "genuine")).status_code == 200
    refused = client.get(qr(site, "genuine"))
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert "Айгерім" not in refused.text and "Too many checks" in refused.text
    assert client.get("/en/").status_code == 200  # the form itself is not counted
    with TestClient(client.app, client=("203.0.113.6", 1)) as other:
        assert other.get(qr(site, "genuine")).status_code == 200


def test_typed_lookups_are_ten_in_ten_minutes(site, client):
    for _ in range(10):
        assert client.get("/en/?number=A20-0001&code=AAAA-AAAA").status_code == 200
    refused = client.get(f"/en/?number=A20-0001&code={site.code('genuine')}")
    assert refused.status_code == 429 and 500 <= int(refused.headers["retry-after"]) <= 600
    assert client.get(qr(site, "genuine")).status_code == 200  # QR checks are counted apart


def test_the_forwarded_address_is_believed_only_from_a_configured_proxy(site):
    page = open_site_page(site, trusted_proxies=("127.0.0.1",), payload_limit=(2, 60.0))
    app = public_app(page.config, page)
    with TestClient(app, client=("127.0.0.1", 1)) as proxy, TestClient(app, client=("192.0.2.9", 1)) as direct:
        for address in ("198.51.100.1", "198.51.100.2"):
            for _ in range(2):
                assert proxy.get(qr(site, "genuine"), headers={"X-Forwarded-For": address}).status_code == 200
            assert proxy.get(qr(site, "genuine"), headers={"X-Forwarded-For": address}).status_code == 429
        # a client that is not the proxy cannot pick its address: it is counted as itself
        statuses = [direct.get(qr(site, "genuine"), headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
                    for n in range(10, 13)]
        assert statuses == [200, 200, 429]
    page.base.close()


def test_every_response_carries_the_privacy_headers(site, client):
    for path in (qr(site, "genuine"), "/en/", "/en/offline", "/static/style.css", "/revocations.json",
                 "/healthz", "/nowhere", "/de/"):
        response = client.get(path)
        for name, value in HEADERS.items():
            assert response.headers[name] == value, (path, name)
    assert client.get("/robots.txt").text == "User-agent: *\nDisallow: /\n"
    csp = HEADERS["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "unsafe" not in csp


def test_no_script_and_pages_under_50_kb(site, client):
    css = client.get("/static/style.css").content
    for path in [qr(site, case) for case in site.payloads] + ["/en/", "/en/offline"]:
        body = client.get(path).content
        assert b"<script" not in body and b" on" + b"click" not in body
        assert b'name="viewport"' in body
        assert len(body) + len(css) < 50_000, path


# languages ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "word"), [("kk", "Түпнұсқа, күшінде"), ("ru", "Подлинное, действует"),
                                            ("en", "Genuine and valid"), ("kk-Latn", "Tüpnūsqa, küşınde")])
def test_the_page_in_each_language(site, client, lang, word):
    response = client.get(qr(site, "genuine", lang))
    assert f'<html lang="{lang}">' in response.text and word in response.text
    date = {"kk": "2018 жылғы 4 шілде", "ru": "4 июля 2018", "en": "4 July 2018", "kk-Latn": "2018 jylğy 4 şılde"}
    assert date[lang] in text_of(response).replace("\u202f", " ")


def test_the_language_comes_from_the_browser_without_a_prefix(site, client):
    assert '<html lang="ru">' in client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).text
    assert '<html lang="kk">' in client.get("/", headers={"Accept-Language": ""}).text
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "de-DE,fr;q=0.5"}).text
    payload = client.get(f"/?c={quote(site.payloads['genuine'])}", headers={"Accept-Language": "kk-KZ"})
    assert '<html lang="kk">' in payload.text and kind(payload) == "genuine"
    assert '<html lang="kk-Latn">' in client.get("/kk-latn/").text
    assert client.get("/ru", follow_redirects=False).headers["location"] == "/ru/"
    assert client.get("/de/").status_code == 404


def test_the_language_links_keep_only_a_genuine_code(site, client):
    genuine = client.get(qr(site, "genuine", "ru")).text
    assert f'href="/kk/?{urlencode({"c": site.payloads["genuine"]})}"' in genuine
    forged = client.get(qr(site, "forged", "ru")).text
    assert 'href="/kk/"' in forged and "?c=" not in forged


# the registry -------------------------------------------------------------------------------

def test_the_registry_unreachable_signature_genuine_status_not_checked(site, client, page):
    assert client.get("/healthz").status_code == 200
    away = cut_off(page, site)
    try:
        response = client.get(qr(site, "genuine"))
        assert kind(response) == "unchecked"
        text = text_of(response)
        assert "Signature genuine; status could not be checked" in text and "Нұрғалиева" in text
        assert kind(client.get(qr(site, "revoked"))) == "unchecked"  # never "valid" for what was not checked
        assert kind(client.get(qr(site, "other-office"))) == "other-office"
        assert kind(client.get(qr(site, "forged"))) == "not-recognised"
        assert kind(client.get(f"/en/?number=A20-0001&code={site.code('genuine')}")) == "unavailable"
        assert client.get("/healthz").status_code == 503
    finally:
        restore(page, site, away)
    assert kind(client.get(qr(site, "genuine"))) == "genuine" and client.get("/healthz").status_code == 200


def test_the_page_reads_the_registry_read_only_and_without_the_signing_key(site, tmp_path):
    key = site.registry_path.with_name("office.key")
    hidden = tmp_path / "office.key"
    key.rename(hidden)
    before = hashlib.sha256(site.registry_path.read_bytes()).hexdigest()
    try:
        page = open_site_page(site)
        with TestClient(public_app(page.config, page), client=PHONE) as client:
            for case in site.payloads:
                client.get(qr(site, case))
            assert kind(client.get(qr(site, "genuine"))) == "genuine"
        with pytest.raises(OperationalError, match=r"readonly|read-only"), page.base.engine.begin() as conn:
            conn.execute(insert(meta).values(key="x", value="y"))
        with pytest.raises(Exception, match="no signing key"):
            page.view.private_key()
        page.base.close()
    finally:
        hidden.rename(key)
    assert hashlib.sha256(site.registry_path.read_bytes()).hexdigest() == before


def test_no_registry_there_is_one_line(tmp_path):
    result = run_cli("serve", "--public", "--registry", str(tmp_path / "none.sqlite3"))
    assert result.returncode == 2 and "no registry at" in result.stderr
    assert run_cli("serve").returncode == 2


# checking without a network -----------------------------------------------------------------

def test_the_keys_and_the_revocation_list_work_offline(site, client, tmp_path):
    offline = text_of(client.get("/en/offline"))
    own = open_site_page(site).keys.own
    assert own.key_id in offline and OFFICE in offline and OTHER_OFFICE in offline and "Revocation list of" in offline
    pem = client.get(f"/keys/{own.key_id}.pem")
    assert pem.headers["content-disposition"] == f'attachment; filename="qujat-{own.key_id}.pem"'
    listed = client.get("/revocations.json")
    assert listed.content == site.revocations.read_bytes()
    assert client.get("/keys/ABCDEF.pem").status_code == 404
    (tmp_path / "office.pem").write_bytes(pem.content)
    (tmp_path / "revocations.json").write_bytes(listed.content)
    offline_args = ("--public-key", str(tmp_path / "office.pem"), "--revocations", str(tmp_path / "revocations.json"))
    assert run_cli("verify", site.payloads["genuine"], *offline_args).returncode == 0
    assert run_cli("verify", site.payloads["revoked"], *offline_args).returncode == 10
    assert run_cli("verify", site.payloads["replaced"], *offline_args).returncode == 11


def test_a_revocation_list_that_is_not_the_offices_is_not_published(site, tmp_path):
    altered = tmp_path / "revocations.json"
    altered.write_text(site.revocations.read_text(encoding="utf-8").replace("A20-0002", "A20-0001"), encoding="utf-8")
    page = open_site_page(site, revocations=altered)
    with TestClient(public_app(page.config, page), client=PHONE) as client:
        assert client.get("/revocations.json").status_code == 404
        assert "has not published a revocation list" in client.get("/en/offline").text
    page.base.close()


def test_config_is_handed_in(site):
    assert config(site).registry == str(site.registry_path) and find_payload(site.payloads["genuine"])


def test_a_change_of_the_trust_list_is_seen_without_a_restart(site):
    from qujat.registry.signing import Seal, new_private_key, public_key_pem, sign_payload
    from qujat.registry.store import Registry
    from qujat.verification.trust import add_trusted, remove_trusted

    newcomer = new_private_key()
    code = sign_payload(newcomer, Seal("KR-0001", "federation-badge", "2019-05-01", "Омаров Ерлан"))
    page = open_site_page(site, refresh_seconds=0.0)
    try:
        with TestClient(public_app(page.config, page), client=PHONE) as client:
            assert kind(client.get(f"/en/?c={quote(code)}")) == "not-recognised"
            with Registry.open(site.registry_path) as registry:
                added = add_trusted(registry, public_key_pem(newcomer), "Қарағанды облыстық кәсіподақтар орталығы")
            try:
                response = client.get(f"/en/?c={quote(code)}")
                assert kind(response) == "other-office" and "Қарағанды" in response.text
            finally:
                with Registry.open(site.registry_path) as registry:
                    remove_trusted(registry, added.key_id)
    finally:
        page.base.close()


def test_a_fault_of_the_page_says_so_and_echoes_nothing(site, page, monkeypatch):
    def broken(text):
        raise RuntimeError(text)

    monkeypatch.setattr(page, "check", broken)
    with TestClient(public_app(page.config, page), client=PHONE, raise_server_exceptions=False) as client:
        response = client.get(qr(site, "genuine"))
    assert response.status_code == 500 and "could not be made" in response.text
    assert site.payloads["genuine"] not in response.text
    assert all(response.headers[name] == value for name, value in HEADERS.items())


def test_a_duplicates_own_code_typed_finds_the_duplicate(site, client):
    """Every document of an award carries its own signed code, so its own short code."""
    response = client.get("/en/", params={"number": "A20-0003", "code": site.code("duplicate")})
    assert kind(response) == "genuine" and "duplicate no. 1" in text_of(response)
    assert kind(client.get("/en/", params={"number": "A20-0003", "code": site.code("replaced")})) == "replaced"


def test_the_category_is_chosen_at_revoking_and_asked_for(tmp_path, monkeypatch):
    import qujat.cli.registry as commands
    from qujat.registry.recording import RegistryIssuing
    from qujat.registry.store import REVOCATION_CATEGORIES, Registry
    from qujat.verification.verdict import Status, Verdict
    from qujat.web.outcomes import Category, category_of

    assert commands.CATEGORIES == REVOCATION_CATEGORIES == tuple(c.value for c in Category)
    where = str(tmp_path / "office.sqlite3")
    with Registry.open(where, create=True) as registry:
        import qujat

        for name in ("Бекбас О.Т.", "Калиев С.Е."):
            qujat.render_certificate("jubilee-medal", name, tmp_path / f"{name}.pdf", lang="ru",
                                     issuing=RegistryIssuing(registry))
    refused = run_cli("registry", "revoke", "A20-0001", "--reason", "ошибка", "--registry", where)
    assert refused.returncode == 2 and "give --category" in refused.stderr
    monkeypatch.setattr(commands, "_interactive", lambda: True)
    from click.testing import CliRunner

    asked = CliRunner().invoke(commands.registry, ["revoke", "A20-0001", "--reason", "по болезни", "--registry",
                                                   where], input="issued-in-error\n")
    assert asked.exit_code == 0 and "revoked A20-0001" in asked.output and "issued-in-error" in asked.output
    with Registry.open(where) as registry:
        assert [e.category for e in registry.history("A20-0001")][-1] == "issued-in-error"
        registry.revoke("A20-0002", "без категории")  # a script's call, as before categories
        assert [e.category for e in registry.history("A20-0002")][-1] is None
    assert category_of(Verdict(Status.REVOKED, revocation_category="issued-in-error")) is Category.ISSUED_IN_ERROR
    assert category_of(Verdict(Status.REVOKED)) is Category.WITHDRAWN
