"""Who gets into the desk: the local machine only with its one-time token, accounts on a
server; cross-site posts refused; uploads over the limit refused with a clear message; an upload
named ../../x.xlsx kept inside its folder."""
from __future__ import annotations

import html
import re
import shutil

import httpx2 as httpx
import pytest

from conftest import ROOT
from desk_site import ServedDesk
from qujat.minutes.compose import default_reference
from qujat.web.accounts import Accounts


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    with ServedDesk(tmp_path_factory.mktemp("desk"), max_upload=1024 * 1024) as served:
        yield served


def _signed_in(desk: ServedDesk) -> httpx.Client:
    client = httpx.Client(base_url=desk.url, follow_redirects=True)
    assert client.get(f"/?token={desk.token}").status_code == 200
    return client


@pytest.fixture(scope="module")
def client(desk):
    signed = _signed_in(desk)
    yield signed
    signed.close()


def test_no_page_without_the_token(desk):
    answer = httpx.get(f"{desk.url}/ru/registry")
    assert answer.status_code == 403
    assert "generate serve" in answer.text


def test_a_wrong_host_is_refused_even_from_this_machine(desk):
    answer = httpx.get(f"{desk.url}/ru/", headers={"Host": "evil.example"})
    assert answer.status_code == 403


def test_the_token_lets_in_once(tmp_path):
    with ServedDesk(tmp_path) as desk:
        client = _signed_in(desk)
        assert "Кеңсе" in client.get("/kk/").text or client.get("/kk/").status_code == 200
        other = httpx.get(f"{desk.url}/?token={desk.token}", follow_redirects=True)
        assert other.status_code == 403


def test_a_cross_site_post_is_refused(desk, client):
    answer = client.post("/en/verify", data={"payload": "x"},
                         headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert answer.status_code == 403
    assert "another site" in answer.text
    assert client.post("/en/verify", data={"payload": "x"}, headers={"Origin": desk.url}).status_code == 200


def test_an_upload_over_the_limit_is_refused_clearly(desk, client):
    answer = client.post("/ru/lists", files={"list": ("big.csv", b"x" * (2 * 1024 * 1024))},
                         headers={"Origin": desk.url})
    assert answer.status_code == 413
    assert "1 МБ" in answer.text or "1 MB" in answer.text


def test_an_upload_named_with_dots_stays_in_its_folder(desk, client):
    data = (desk.folder.parent / "x").with_suffix(".csv")
    answer = client.post("/en/lists", files={"list": ("../../x.csv", "Аты-жөні\nӘсел Жақсыбекова\n".encode())},
                         data={"award": "federation-badge", "lang": "kk"}, headers={"Origin": desk.url})
    assert answer.status_code == 200, answer.text
    assert not data.exists()
    kept = list((desk.folder / "work").rglob("x.csv"))
    assert len(kept) == 1 and kept[0].resolve().is_relative_to((desk.folder / "work").resolve())


def test_with_accounts_every_page_needs_a_session(tmp_path):
    book = Accounts(tmp_path / "office.accounts.json")
    book.add("aigerim", "ұзын құпия сөз 2018")
    with ServedDesk(tmp_path, accounts=book.path) as desk:
        for path in ("/ru/", "/ru/registry", "/ru/lists", "/registry/journal.xlsx", f"/?token={desk.token}"):
            answer = httpx.get(desk.url + path)
            assert answer.status_code in (303, 403), path
            assert answer.status_code == 403 or answer.headers["location"].endswith("/login")
        client = httpx.Client(base_url=desk.url, follow_redirects=True)
        wrong = client.post("/ru/login", data={"name": "aigerim", "password": "не тот"}, headers={"Origin": desk.url})
        assert wrong.status_code == 401
        right = client.post("/ru/login", data={"name": "aigerim", "password": "ұзын құпия сөз 2018"},
                            headers={"Origin": desk.url})
        assert right.status_code == 200 and "aigerim" in right.text
        cookie = right.history[0].headers["set-cookie"].lower()
        assert "samesite=strict" in cookie and "httponly" in cookie


def test_a_template_chosen_two_ways_or_gone_is_refused_in_one_line(desk, client):
    record = (ROOT / "records" / "2018-07-04-almaty-south-cluster.yaml").read_bytes()
    checked = client.post("/ru/records", files={"record": ("r.yaml", record)}, headers={"Origin": desk.url})
    item = re.search(r'action="/ru/records/([0-9a-f]{16})/minutes"', checked.text).group(1)  # type: ignore[union-attr]
    kept = desk.registry_path.with_name("office.templates")
    kept.mkdir(exist_ok=True)
    shutil.copy(default_reference(), kept / "Бланк.docx")
    new = {"template": ("новый.docx", default_reference().read_bytes())}
    both = client.post(f"/ru/records/{item}/minutes", data={"kept": "Бланк.docx", "keep": "1"}, files=new,
                       headers={"Origin": desk.url})
    assert both.status_code == 400
    assert _errors(both.text) == ["Выбраны и сохранённый шаблон, и новый: оставьте один из них."]
    assert [p.name for p in kept.iterdir()] == ["Бланк.docx"]  # the new one not kept from a refused form
    (kept / "Бланк.docx").unlink()
    gone = client.post(f"/ru/records/{item}/minutes", data={"kept": "Бланк.docx"}, headers={"Origin": desk.url})
    assert gone.status_code == 400
    assert _errors(gone.text) == ["У организации нет шаблона «Бланк.docx» (он удалён): выберите другой."]


def _errors(html: str) -> list[str]:
    return [m.strip() for m in re.findall(r'<li>([^<]*)</li>', html.split('class="errors"', 1)[1].split("</ul>", 1)[0])]


def test_the_minutes_page_says_what_the_command_line_warns(desk, client, tmp_path):
    """Kazakh minutes of a record whose texts are Russian only: the page says, in its language,
    that they are printed in Russian (the command line's warning), beside the download."""
    import yaml

    data = yaml.safe_load((ROOT / "records" / "2018-07-04-almaty-south-cluster.yaml").read_text(encoding="utf-8"))

    def russian(value):
        if isinstance(value, dict):
            return value["ru"] if "ru" in value and set(value) <= {"kk", "ru", "en"} else \
                {k: russian(v) for k, v in value.items()}
        return [russian(v) for v in value] if isinstance(value, list) else value

    record = yaml.safe_dump(russian(data), allow_unicode=True, sort_keys=False).encode()
    checked = client.post("/ru/records", files={"record": ("ru-only.yaml", record)}, headers={"Origin": desk.url})
    item = re.search(r'action="/ru/records/([0-9a-f]{16})/minutes"', checked.text).group(1)  # type: ignore[union-attr]
    made = client.post(f"/ru/records/{item}/minutes", data={"doc_lang": "kk", "format": "docx"},
                       headers={"Origin": desk.url})
    assert made.status_code == 200
    notes = re.findall(r"<li>([^<]*)</li>", made.text.split('class="warnings notes"', 1)[1].split("</ul>", 1)[0])
    assert len(notes) == 1, notes
    assert html.unescape(notes[0]) == ("ru-only.yaml:2:15: 73 текста записи без варианта на kk печатаются на языке "
                                       "записи (ru), первый — здесь; добавьте переводы в запись")
