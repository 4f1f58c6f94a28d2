"""Bilingual minutes (kk+ru and any pair) and the Kazakh Latin catalog (kk-Latn)."""
from __future__ import annotations

import datetime as dt
import re

import docx
import pytest

import qujat
from conftest import AKTOBE, ALMATY, base_record, docx_text, run_cli
from qujat.i18n.localizer import Localizer, available_languages

CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def pair_rows(path):
    """The (left, right) texts of every row of the bilingual tables, in order."""
    document = docx.Document(str(path))
    return [(row.cells[0].text, row.cells[1].text) for table in document.tables
            for row in table.rows if len(row.cells) == 2]


def test_bilingual_minutes_put_both_languages_side_by_side(tmp_path):
    path = qujat.render_minutes(qujat.load_record(ALMATY), tmp_path / "m.docx", lang="kk+ru")
    rows = pair_rows(path)
    # each column keeps its own title order: kk the meeting line, then «ХАТТАМАСЫ»; ru «ПРОТОКОЛ» first
    expected = [("Оңтүстік өңір", "ПРОТОКОЛ"), ("ХАТТАМАСЫ №\u00a0", "кластерного совещания"),
                ("КҮН ТӘРТІБІ:", "ПОВЕСТКА ДНЯ:"), ("ТЫҢДАЛДЫ:", "СЛУШАЛИ:"),
                ("СӨЙЛЕГЕНДЕР:", "ВЫСТУПИЛИ:"), ("ҚАУЛЫ ЕТТІ:", "ПОСТАНОВИЛИ:"),
                ("МАРАПАТТАУ РӘСІМІ", "ЦЕРЕМОНИЯ НАГРАЖДЕНИЯ")]
    positions = []
    for kk, ru in expected:
        index = next(i for i, (left, right) in enumerate(rows) if left.startswith(kk) and right.startswith(ru))
        positions.append(index)
    assert positions == sorted(positions)
    # free text in both languages, each on its own side
    title = next((left, right) for left, right in rows if left.startswith("«") and right.startswith("«"))
    assert "өзара іс-қимыл" in title[0].lower() and "взаимодействие" in title[1].lower()
    assert any("2018 жылғы 4 шілде" in left and "4 июля 2018 г." in right.replace("\u202f", " ")
               for left, right in rows)
    # the agenda is numbered in both columns
    assert any(left.startswith("1. ") and right.startswith("1. О ") for left, right in rows)
    assert any(left.startswith("1.1. ") and right.startswith("1.1. ") for left, right in rows)
    footer = docx.Document(str(path)).sections[0].footer.paragraphs[0]
    assert "беттің" in footer.text and "Страница" in footer.text
    # the signatures keep their columns (post, rule, name), each cell kk over ru
    signatures = [[cell.text for cell in row.cells] for row in docx.Document(str(path)).tables[-1].rows]
    assert signatures == [["Төрағалық етуші\nПредседательствующий", "_" * 15,
                           "Б.Ж.\u00a0Әбдірайым\nБ.Ж.\u00a0Абдирайым"],
                          ["Хатшы\nСекретарь", "_" * 15, "_" * 15]]


def test_any_pair_first_language_left(tmp_path):
    path = qujat.render_minutes(qujat.load_record(AKTOBE), tmp_path / "m.docx", lang="en+kk")
    rows = pair_rows(path)
    # each column reads in its own order: en "MINUTES No." then the meeting; kk the meeting, then «ХАТТАМАСЫ»
    assert any(left.startswith("MINUTES") and right.startswith("Батыс өңір") for left, right in rows)
    assert any(left.startswith("of the cluster meeting") and right.startswith("ХАТТАМАСЫ") for left, right in rows)
    assert any(left == "RESOLVED:" and right == "ҚАУЛЫ ЕТТІ:" for left, right in rows)


def test_bilingual_appendix_headers_carry_both(tmp_path, write_record):
    people = [{"name": f"Участник {i}"} for i in range(1, 20)]
    record = qujat.load_record(write_record(base_record(attendees=people)))
    path = qujat.render_minutes(record, tmp_path / "m.docx", lang="kk+ru")
    table = docx.Document(str(path)).tables[-1]
    assert table.rows[0].cells[1].text == "Тегі, аты, әкесінің аты / Фамилия, имя, отчество"
    assert len(table.rows) == 20
    assert any("19 адам (тізімі қоса беріледі)" in left and "19 человек (список прилагается)" in right
               for left, right in pair_rows(path))


def test_check_reports_fields_lacking_either_language(write_record):
    result = run_cli("check", str(write_record(base_record(title={"kk": "Тек қазақша"}))), "--lang", "kk+ru")
    assert result.returncode == 0 and "title has no ru text" in result.stderr
    assert "has no en" not in result.stderr


def test_bad_language_pair(tmp_path, write_record):
    result = run_cli("minutes", str(write_record(base_record())), "--lang", "kk+de", "-o", str(tmp_path / "m.docx"))
    assert result.returncode == 2 and "'de' is not a language" in result.stderr


def test_kazakh_latin_is_a_language_by_catalog_alone():
    assert "kk-Latn" in available_languages()
    loc = Localizer("kk-Latn", fallback="kk")
    assert loc.gettext("MINUTES No. %(number)s") == "HATTAMASY № %(number)s"
    assert loc.gettext("HEARD:") == "TYÑDALDY:"
    assert loc.date(dt.date(2018, 7, 4)) == "2018 jylğy 4 şılde"
    assert loc.date(dt.date(2018, 12, 16)) == "2018 jylğy 16 jeltoqsan"
    assert loc.text({"kk": "Ақтөбе", "ru": "Актобе"}) == "Aqtöbe"


def test_kazakh_latin_minutes_have_no_cyrillic(tmp_path):
    path = qujat.render_minutes(qujat.load_record(AKTOBE), tmp_path / "m.docx", lang="kk-Latn")
    text = "\n".join(docx_text(path))
    assert "HATTAMASY" in text and "QAULY ETTI:" in text and "2018 jylğy 12 şılde" in text
    assert not CYRILLIC.search(text), CYRILLIC.findall(text)[:10]


def test_kazakh_latin_certificate(tmp_path):
    from pypdf import PdfReader

    path = qujat.render_certificate("federation-badge", {"name": {"kk": "Азат Харрасов"}},
                                    tmp_path / "c.pdf", lang="kk-Latn", date=dt.date(2018, 7, 12),
                                    place={"kk": "Ақтөбе"})
    text = PdfReader(str(path)).pages[0].extract_text()
    assert "KUÄLIK" in text and "Azat Harrasov" in text and "Aqtöbe q., 2018 jylğy 12 şılde" in text


@pytest.mark.parametrize("n, form", [(1, "человек"), (2, "человека"), (5, "человек"), (11, "человек"),
                                     (21, "человек"), (22, "человека"), (25, "человек")])
def test_russian_attendee_counts_in_the_minutes(tmp_path, write_record, n, form):
    people = [{"name": f"Участник {i}"} for i in range(1, n + 1)]
    path = qujat.render_minutes(qujat.load_record(write_record(base_record(attendees=people))), tmp_path / "m.docx")
    suffix = " (список прилагается)" if n > 15 else ""
    assert f"Присутствовали: {n} {form}{suffix}" in docx_text(path)


def test_vote_share_is_shown_truncated_in_each_language(tmp_path, write_record):
    record = qujat.load_record(write_record(base_record()))  # 20 for, 1 against, 2 abstained: 86.96 %
    texts = {lang: "\n".join(docx_text(qujat.render_minutes(record, tmp_path / f"{lang}.docx", lang=lang)))
             for lang in ("kk", "ru", "en")}
    assert "Решение принято большинством голосов (86 %)." in texts["ru"]
    assert "Vote: 20 for, 1 against, 2 abstentions. Carried by a majority (86%)." in texts["en"]
    assert "Шешім дауыстардың 86 %-ымен қабылданды." in texts["kk"]
