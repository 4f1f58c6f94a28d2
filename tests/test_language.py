"""Each language as its officials write it: rules of qujat.i18n.grammar checked on the rendered
minutes and certificates (docs/language.md, docs/kk-latn.md)."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from pypdf import PdfReader

import qujat
from conftest import AKTOBE, ALMATY, ROOT, base_record, docx_text, run_cli
from qujat.i18n.grammar import KK_MONTHS, kk_locative_attributive, signature_name, vote_outcome
from qujat.i18n.localizer import Localizer
from qujat.i18n.translit import to_latin

ATTRIBUTIVE = {1: "қаңтардағы", 2: "ақпандағы", 3: "наурыздағы", 4: "сәуірдегі", 5: "мамырдағы",
               6: "маусымдағы", 7: "шілдедегі", 8: "тамыздағы", 9: "қыркүйектегі", 10: "қазандағы",
               11: "қарашадағы", 12: "желтоқсандағы"}


def _text(record, lang, tmp_path, name=None):
    path = qujat.render_minutes(record, tmp_path / (name or f"{lang}.docx"), lang=lang)
    return "\n".join(docx_text(path))


def _big_split_record(write_record, **changes):
    """20 attendees (over the appendix threshold), a split vote of 199 for, 1 against."""
    people = [{"name": f"Участник{i} А.Б.", "position": "член"} for i in range(1, 21)]
    agenda = base_record()["agenda"]
    agenda[0]["resolutions"][0]["vote"] = {"for": 199, "against": 1, "abstained": 0}
    return qujat.load_record(write_record(base_record(attendees=people, agenda=agenda, number="7", **changes)))


# --- Kazakh ---------------------------------------------------------------------------------

@pytest.mark.parametrize("month", range(1, 13))
def test_kazakh_month_suffix_follows_the_month(month):
    assert kk_locative_attributive(KK_MONTHS[month - 1]) == ATTRIBUTIVE[month]
    loc = Localizer("kk")
    assert loc.date_attributive(dt.date(2018, month, 4)) == f"2018 жылғы 4 {ATTRIBUTIVE[month]}"
    assert loc.date(dt.date(2018, month, 4)) == f"2018 жылғы 4 {KK_MONTHS[month - 1]}"


def test_kazakh_title_block_puts_the_genitive_first(tmp_path):
    lines = docx_text(qujat.render_minutes(qujat.load_record(ALMATY), tmp_path / "kk.docx", lang="kk"))
    meeting = lines.index("Оңтүстік өңір кәсіподақтары аумақтық бірлестіктерінің кластерлік кеңесінің")
    assert lines[meeting + 1] == "ХАТТАМАСЫ № ______"
    assert not any(line.startswith("ХАТТАМА №") for line in lines)
    ru = docx_text(qujat.render_minutes(qujat.load_record(ALMATY), tmp_path / "ru.docx", lang="ru"))
    assert ru[ru.index("ПРОТОКОЛ № ______") + 1].startswith("кластерного совещания")


def test_kazakh_minutes_read_as_officials_write(tmp_path, write_record):
    text = _text(_big_split_record(write_record), "kk", tmp_path)
    assert "Шешім дауыстардың 99 %-ымен қабылданды." in text
    assert "жинап" not in text and "100" not in text
    assert "2018 жылғы 4 шілде" in text and "ж." not in text.replace("Б.Ж.", "")
    assert "2018 жылғы 4 шілдедегі № 7 хаттамаға қосымша" in text
    assert "Төрағалық етуші | ___" in text
    assert "20 адам (тізімі қоса беріледі)" in text


def test_unanimous_in_every_language(tmp_path):
    record = qujat.load_record(ALMATY)
    assert "Шешім бірауыздан қабылданды." in _text(record, "kk", tmp_path)
    assert "Голосовали: «за» — 8, «против» — 0, «воздержались» — 0. Решение принято единогласно." \
        in _text(record, "ru", tmp_path)
    assert "Vote: 8 for, 0 against, 0 abstentions. Carried unanimously." in _text(record, "en", tmp_path)


def test_a_split_vote_is_never_unanimous_nor_rounded_up(tmp_path, write_record):
    record = _big_split_record(write_record)
    assert "Решение принято большинством голосов (99 %)." in _text(record, "ru", tmp_path)
    assert "Carried by a majority (99%)." in _text(record, "en", tmp_path)
    assert vote_outcome(199, 1, 0).kind == "carried" and vote_outcome(199, 0, 1).percent == 99
    assert vote_outcome(5, 0, 0).kind == "unanimous" and vote_outcome(2, 2, 0).kind == "lost"


def test_a_lost_vote_says_so(tmp_path, write_record):
    agenda = base_record()["agenda"]
    agenda[0]["resolutions"][0]["vote"] = {"for": 3, "against": 5, "abstained": 1}
    record = qujat.load_record(write_record(base_record(agenda=agenda)))
    assert "Решение не принято («за» — 33 %)." in _text(record, "ru", tmp_path)
    assert "Шешім қабылданбады (жақтағандар — 33 %)." in _text(record, "kk", tmp_path)


# --- signatures and person lines -----------------------------------------------------------

@pytest.mark.parametrize("name, lang, expected", [
    ("Абдирайым Б.Ж.", "ru", "Б.Ж. Абдирайым"), ("Б.Ж. Әбдірайым", "kk", "Б.Ж. Әбдірайым"),
    ("B. Zh. Abdirayim", "en", "B. Zh. Abdirayim"), ("Жақсыбекова Әсел Нұрланқызы", "kk", "Ә.Н. Жақсыбекова"),
    ("Irina Kim", "en", "I. Kim"), ("Умирбаева", "ru", "Умирбаева")])
def test_signature_names_are_initials_then_surname(name, lang, expected):
    assert signature_name(name, lang) == expected


def test_signature_lines_in_the_minutes(tmp_path):
    record = qujat.load_record(ALMATY)
    assert "Председательствующий | _______________ | Б.Ж. Абдирайым" in _text(record, "ru", tmp_path)
    assert "Төрағалық етуші | _______________ | Б.Ж. Әбдірайым" in _text(record, "kk", tmp_path)
    assert "Chair | _______________ | B. Zh. Abdirayim" in _text(record, "en", tmp_path)


def test_person_with_a_title_reads_post_then_name(tmp_path):
    record = qujat.load_record(ALMATY)
    ru = _text(record, "ru", tmp_path)
    assert "Председательствующий: председатель Федерации профсоюзов Республики Казахстан Абдирайым Б.Ж." in ru
    assert "Бекбас О.Т. — председатель, ОО «Казахстанский отраслевой профсоюз энергетиков»" in ru  # fallback
    kk = _text(record, "kk", tmp_path)
    assert "Төрағалық етуші: Қазақстан Республикасы Кәсіподақтары Федерациясының төрағасы Б.Ж. Әбдірайым" in kk
    en = _text(record, "en", tmp_path)
    assert "Chair: B. Zh. Abdirayim, Chairman of the Federation of Trade Unions of the Republic of Kazakhstan" in en


@pytest.mark.parametrize("gender, label", [("m", "Вручил:"), ("f", "Вручила:"), (None, "Вручающий:")])
def test_presenter_gender_from_the_record(tmp_path, write_record, gender, label):
    presenter = {"name": "Иванова А.Б.", "title": "председатель профкома", **({"gender": gender} if gender else {})}
    awards = [{"award": "jubilee-medal", "presented_by": presenter, "recipients": [{"name": "Калиев С.Е."}]}]
    text = _text(qujat.load_record(write_record(base_record(awards=awards))), "ru", tmp_path)
    assert f"{label} председатель профкома Иванова А.Б." in text
    assert "(а)" not in text


def test_no_form_wording_in_finished_documents(tmp_path):
    for record in (qujat.load_record(ALMATY), qujat.load_record(AKTOBE)):
        for lang in ("ru", "kk", "en"):
            assert not re.search(r"\w\((а|a)\)", _text(record, lang, tmp_path))


# --- English -------------------------------------------------------------------------------

def test_english_minutes_are_british(tmp_path, write_record):
    text = _text(_big_split_record(write_record, attendees_note={"en": "branch heads", "ru": "руководители"}),
                 "en", tmp_path)
    assert "4 July 2018" in text and "July 4" not in text
    assert "In attendance: branch heads" in text and "ATTENDANCE LIST" in text
    assert "Annex to Minutes No. 7 of 4 July 2018" in text
    assert "Report:" in text and "HEARD" not in text and "SPOKE" not in text and "RESOLVED:" in text


def test_english_certificate_wording(tmp_path):
    path = qujat.render_certificate("jubilee-medal", {"name": "Oraz Bekbas"}, tmp_path / "c.pdf", lang="en",
                                    date=dt.date(2018, 7, 4), place="Almaty")
    text = " ".join(PdfReader(str(path)).pages[0].extract_text().split())
    assert "CERTIFICATE" in text and "Jubilee medal “20 Years of Astana”" in text
    assert "has been awarded the jubilee medal" in text and "is awarded" not in text
    assert "to the jubilee medal" not in text and "4 July 2018" in text


# --- Kazakh Latin ------------------------------------------------------------------------

def _table():
    rows = []
    for line in (ROOT / "docs" / "kk-latn.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and len(cells[0]) == 3 and cells[0][1] == " ":
            rows.append(cells)
    return rows


def test_the_table_covers_every_cyrillic_letter():
    letters = {row[0][0] for row in _table()}
    assert letters == set("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")


@pytest.mark.parametrize("row", _table(), ids=lambda row: row[0])
def test_kazakh_latin_letter_against_the_published_table(row):
    lower, upper = row[0].split()
    latin, capital, caps = row[1:]
    assert to_latin(f"д{lower}д") == f"d{latin}d"
    assert to_latin(f"{upper}д") == f"{capital}d"
    assert to_latin(f"Д{upper}Д") == f"D{caps}D"


def test_kazakh_latin_words():
    assert to_latin("чат") == "tşat" and "c" not in to_latin("чат").lower()
    assert to_latin("Ярмарка") == "İarmarka" and to_latin("ЯРМАРКА") == "İARMARKA"
    assert to_latin("Юрта Ёлка") == "İurta İolka"


def test_kazakh_latin_names_are_the_kazakh_spelling_never_the_english(tmp_path):
    loc = Localizer("kk-Latn", fallback="kk")
    assert loc.name({"kk": "Б.Ж. Әбдірайым", "en": "B. Zh. Abdirayim"}) == "B.J. Äbdıraiym"
    given = {"kk": "Б.Ж. Әбдірайым", "kk-Latn": "B.Zh. Abdirayim", "en": "B. Zh. Abdirayim"}
    assert loc.name(given) == "B.Zh. Abdirayim"  # the record's own kk-Latn text
    assert loc.name({"kk": "Азат Харрасов"}) == "Azat Harrasov"
    assert loc.name({"kk": "Тоқаев Қасым-Жомарт", "en": "Kassym-Jomart Tokayev"}) == "Toqaev Qasym-Jomart"
    assert loc.name({"ru": "Калиев С.Е.", "en": "S. E. Kaliyev"}) == "Kaliev S.E."  # the Cyrillic text, converted
    assert loc.name({"en": "Irina Kim"}) == "Irina Kim"  # given in Latin letters only
    assert loc.text({"kk": "төраға", "en": "Chairman"}) == "törağa"
    text = _text(qujat.load_record(ALMATY), "kk-Latn", tmp_path)
    assert "HATTAMASY № ______" in text and "Törağalyq etuşı | _______________ | B.J. Äbdıraiym" in text
    assert "Şeşım bırauyzdan qabyldandy." in text and "2018 jylğy 4 şılde" in text
    assert "Abdirayim" not in text and "Kaliyev" not in text


# --- who signs ----------------------------------------------------------------------------

ISSUER = """organisation:
  kk: «Түркістан облысының кәсіподақтар орталығы» кәсіподақтардың аумақтық бірлестігі
  ru: ТОП «Профсоюзный центр Туркестанской области»
  en: Trade Union Centre of Turkestan Region
signatory:
  name: {kk: Б.А. Бекжанов, ru: Бекжанов Б.А., en: B. A. Bekzhanov}
  title: {kk: Төраға, ru: Председатель, en: Chairman}
"""


def _pdf(path):
    return " ".join(page.extract_text() for page in PdfReader(str(path)).pages).replace("\u202f", " ")


def test_regional_issuer_file_on_a_certificate(tmp_path):
    issuer = tmp_path / "issuer.yaml"
    issuer.write_text(ISSUER, encoding="utf-8")
    out = tmp_path / "c.pdf"
    result = run_cli("certificate", "--award", "federation-badge", "--name", "Калиев С.Е.", "--lang", "ru",
                     "--issuer", str(issuer), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = " ".join(_pdf(out).split())
    assert "ПРОФСОЮЗНЫЙ ЦЕНТР ТУРКЕСТАНСКОЙ ОБЛАСТИ" in text.upper() and "Председатель" in text
    assert "Б.А. Бекжанов" in text
    assert "Председатель Федерации" not in text


def test_batch_takes_an_issuer_file(tmp_path):
    issuer = tmp_path / "issuer.yaml"
    issuer.write_text(ISSUER, encoding="utf-8")
    listing = tmp_path / "list.csv"
    listing.write_text("name,award,language\nКалиев С.Е.,federation-badge,kk\n", encoding="utf-8")
    result = run_cli("batch", str(listing), "--issuer", str(issuer), "--date", "2018-07-12", "-o",
                     str(tmp_path / "out"), "-q")
    assert result.returncode == 0, result.stderr
    text = " ".join(_pdf(next((tmp_path / "out").glob("*.pdf"))).split())
    assert "Төраға" in text and "Б.А. Бекжанов" in text and "Федерациясының Төрағасы" not in text


def test_a_broken_issuer_file_names_its_line(tmp_path):
    issuer = tmp_path / "issuer.yaml"
    issuer.write_text("organisation: ТОП\nsignatory:\n  nme: Бекжанов Б.А.\n", encoding="utf-8")
    result = run_cli("certificate", "--award", "federation-badge", "--name", "Калиев С.Е.",
                     "--issuer", str(issuer), "-o", str(tmp_path / "c.pdf"))
    assert result.returncode == 2 and result.stderr.startswith(f"error: {issuer}:3:")


def test_record_certificates_carry_the_records_chair_title(tmp_path):
    from qujat.tasks.award_certificates import record_certificates

    made = record_certificates(qujat.load_record(ALMATY), lang="ru")
    assert made[0].design.fixed_texts["signatory-title"] == "Председатель Федерации профсоюзов Республики Казахстан"


def test_a_regional_record_never_prints_the_federation_chairman(tmp_path, write_record):
    from qujat.tasks.award_certificates import record_certificates

    record = qujat.load_record(write_record(base_record(
        organisation={"ru": "ТОП «Профсоюзный центр Туркестанской области»", "kk": "Түркістан ОКО"},
        chair={"name": {"ru": "Бекжанов Б.А.", "kk": "Б.А. Бекжанов"}})))
    made = record_certificates(record, lang="ru")
    assert "signatory-title" not in made[0].design.fixed_texts
    assert made[0].page.title.endswith("Калиев С.Е.")


def test_kazakh_citation_starts_with_a_capital(tmp_path):
    path = qujat.render_certificate("federation-badge", "Бекбас О.Т.", tmp_path / "c.pdf", lang="kk",
                                    date=dt.date(2018, 7, 12))
    text = " ".join(_pdf(path).split())
    assert "Кәсіподақ қозғалысын дамытуға" in text and "2018 жылғы 12 шілде" in text
