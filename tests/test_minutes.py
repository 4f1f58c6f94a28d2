"""The minutes DOCX: read back with python-docx and checked in kk, ru and en."""
from __future__ import annotations

import subprocess
import zipfile

import docx
import pytest

import qujat
from conftest import AKTOBE, ALMATY, base_record, docx_text, require_tool
from qujat import TemplateError

HEADINGS = {
    "ru": ["ПРОТОКОЛ", "ПОВЕСТКА ДНЯ:", "СЛУШАЛИ:", "ПОСТАНОВИЛИ:", "ЦЕРЕМОНИЯ НАГРАЖДЕНИЯ",
           "Председательствующий | ___"],
    "kk": ["кластерлік кеңестің", "ХАТТАМАСЫ", "КҮН ТӘРТІБІ:", "ТЫҢДАЛДЫ:", "ҚАУЛЫ ЕТТІ:", "МАРАПАТТАУ РӘСІМІ",
           "Төрағалық етуші | ___"],
    "en": ["MINUTES", "AGENDA:", "Report:", "RESOLVED:", "AWARD CEREMONY", "Chair | ___"],
}
DATES = {"ru": "4 июля 2018\u202fг.", "kk": "2018 жылғы 4 шілде", "en": "4 July 2018"}


def _render(write_record, tmp_path, data, lang, name="m.docx"):
    record = qujat.load_record(write_record(data))
    return qujat.render_minutes(record, tmp_path / name, lang=lang)


def _index(lines, needle):
    return next(i for i, line in enumerate(lines) if needle in line)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_sections_in_official_order(write_record, tmp_path, lang):
    lines = docx_text(_render(write_record, tmp_path, base_record(), lang))
    positions = [_index(lines, h) for h in HEADINGS[lang]]
    assert positions == sorted(positions), lines
    assert any(DATES[lang] in line for line in lines)


def test_russian_minutes_content(write_record, tmp_path):
    lines = docx_text(_render(write_record, tmp_path, base_record(), "ru"))
    text = "\n".join(lines)
    assert lines[0] == "Федерация профсоюзов Республики Казахстан"
    assert "ПРОТОКОЛ № ______" in text and "г. Алматы" in text and "«Взаимодействие»" in text
    assert "1.1. Принять к сведению." in text and "1.2. Рекомендовать." in text
    assert "Голосовали: «за» — 20, «против» — 1, «воздержались» — 2." in text
    assert "Юбилейной медалью «Астанаға 20 жыл» награждены:" in text and "Калиев С.Е." in text
    assert "Присутствовали: 1 человек" in text


def test_kazakh_minutes_content(write_record, tmp_path):
    text = "\n".join(docx_text(_render(write_record, tmp_path, base_record(), "kk")))
    assert "Қазақстан Республикасы Кәсіподақтары Федерациясы" in text
    assert "Алматы қ." in text and "«Өзара іс-қимыл»" in text
    assert "1.1. Ақпарат назарға алынсын." in text
    assert "«Астанаға 20 жыл» мерекелік медалімен марапатталғандар:" in text
    assert "«жақтап» — 20" in text


def test_missing_language_falls_back_to_record_language(write_record, tmp_path):
    text = "\n".join(docx_text(_render(write_record, tmp_path, base_record(title="Только по-русски"), "en")))
    assert "“Только по-русски”" in text and "MINUTES" in text


def test_minutes_in_a_language_the_record_lacks_say_so_at_its_first_text(tmp_path):
    """A Kazakh minutes of a record written in Russian only would print Russian posts inside
    Kazakh sentences: one warning says how many texts lack Kazakh, where the first is, and how
    to see them all; the minutes are still written (the record's language is the fallback)."""
    import yaml

    from conftest import run_cli

    record = base_record(title="Взаимодействие", city="Алматы", meeting="кластерного совещания",
                         organisation="Федерация профсоюзов Республики Казахстан")
    path = tmp_path / "ru-only.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = run_cli("minutes", str(path), "--lang", "kk", "-o", str(tmp_path / "m.docx"), "--ui-lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"warning: {path}:2:15: 8 texts of the record have no kk text and are printed in the record's language "
        f"(ru), the first here; add the translations, or see every such text with `generate check {path} --lang kk`"]
    assert (tmp_path / "m.docx").is_file()
    complete = run_cli("minutes", str(ALMATY), "--lang", "kk", "-o", str(tmp_path / "a.docx"))
    assert complete.returncode == 0 and complete.stderr == "", complete.stderr


@pytest.mark.parametrize("count, phrase", [(2, "2 человека"), (5, "5 человек"), (21, "21 человек (список прилагается)"),
                                           (22, "22 человека (список прилагается)")])
def test_attendee_count_plural_forms(write_record, tmp_path, count, phrase):
    people = [{"name": f"Участник {i}", "position": "член профсоюза"} for i in range(1, count + 1)]
    lines = docx_text(_render(write_record, tmp_path, base_record(attendees=people), "ru"))
    assert f"Присутствовали: {phrase}" in lines


def test_large_meeting_gets_an_appendix(write_record, tmp_path):
    people = [{"name": f"Участник {i}", "position": "член", "organisation": "ППО"} for i in range(1, 26)]
    path = _render(write_record, tmp_path, base_record(attendees=people), "ru")
    lines = docx_text(path)
    body_end = _index(lines, "СПИСОК ПРИСУТСТВОВАВШИХ")
    assert not any("Участник 3" in line for line in lines[:body_end])
    assert "Приложение к протоколу № ______ от 4 июля 2018\u202fг." in lines
    table = docx.Document(str(path)).tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["№ п/п", "Фамилия, имя, отчество", "Должность", "Организация"]
    assert len(table.rows) == 26 and table.rows[25].cells[1].text == "Участник 25"


def test_real_word_styles_are_used(write_record, tmp_path):
    document = docx.Document(str(_render(write_record, tmp_path, base_record(), "ru")))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "List Number", "Body Text", "Resolution"} <= styles
    labelled = next(p for p in document.paragraphs if p.text.startswith("Председательствующий:"))
    assert labelled.runs[0].style.name == "Strong"
    assert all(r.font.name is None and r.font.size is None for p in document.paragraphs for r in p.runs)


def test_footer_has_page_x_of_y_fields(write_record, tmp_path):
    path = _render(write_record, tmp_path, base_record(), "ru")
    footer = docx.Document(str(path)).sections[0].footer.paragraphs[0]
    xml = footer._p.xml
    assert " PAGE " in xml and " NUMPAGES " in xml and footer.text.startswith("Страница")


def test_same_record_gives_byte_identical_docx(write_record, tmp_path):
    first = _render(write_record, tmp_path, base_record(), "kk", "a.docx").read_bytes()
    second = _render(write_record, tmp_path, base_record(), "kk", "b.docx").read_bytes()
    assert first == second
    props = docx.Document(str(tmp_path / "a.docx")).core_properties
    assert props.created.date().isoformat() == "2018-07-04" and props.language == "kk"
    assert props.author == "Қазақстан Республикасы Кәсіподақтары Федерациясы"


def test_markup_characters_come_out_as_typed(write_record, tmp_path):
    title = {"ru": "Профсоюзы & работодатели <2018> «вместе»", "kk": "x", "en": "x"}
    text = "\n".join(docx_text(_render(write_record, tmp_path, base_record(title=title), "ru")))
    assert "«Профсоюзы & работодатели <2018> «вместе»»" in text


def test_custom_reference_template_restyles(write_record, tmp_path):
    from docx.shared import Pt

    from qujat.minutes.compose import default_reference

    custom = docx.Document(str(default_reference()))
    custom.styles["Body Text"].font.size = Pt(10)
    custom.styles["Body Text"].font.name = "PT Serif"
    custom.save(str(tmp_path / "office.docx"))
    record = qujat.load_record(write_record(base_record()))
    out = qujat.render_minutes(record, tmp_path / "o.docx", template=tmp_path / "office.docx")
    style = docx.Document(str(out)).styles["Body Text"]
    assert style.font.name == "PT Serif" and style.font.size == Pt(10)


def test_style_that_no_template_has_is_a_clear_error(write_record, tmp_path, monkeypatch):
    _templates_copy(tmp_path, monkeypatch, lambda s: s.replace('para("Letterhead"', 'para("Letterhead Two"', 1))
    docx.Document().save(str(tmp_path / "bare.docx"))
    record = qujat.load_record(write_record(base_record()))
    with pytest.raises(TemplateError, match=r"lacks the styles Letterhead Two; `generate template minutes"):
        qujat.render_minutes(record, tmp_path / "o.docx", template=tmp_path / "bare.docx")
    assert not (tmp_path / "o.docx").exists()


@pytest.mark.parametrize("path, lang", [(ALMATY, "ru"), (AKTOBE, "kk"), (ALMATY, "en")])
def test_sample_minutes_name_the_awarded(tmp_path, path, lang):
    record = qujat.load_record(path)
    text = "\n".join(docx_text(qujat.render_minutes(record, tmp_path / "s.docx", lang=lang)))
    for grant in record.awards:
        for person in grant.recipients:
            assert person.name[lang] in text


@pytest.mark.parametrize("lang", ["kk", "kk+ru"])
def test_libreoffice_opens_the_docx(tmp_path, lang):
    soffice = require_tool("soffice")
    out = qujat.render_minutes(qujat.load_record(ALMATY), tmp_path / "almaty.docx", lang=lang)
    result = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                            capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "almaty.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert "ХАТТАМА" in text and "ҚАУЛЫ ЕТТІ" in text


def test_docx_zip_entries_have_fixed_timestamps(write_record, tmp_path):
    path = _render(write_record, tmp_path, base_record(), "en")
    assert {info.date_time for info in zipfile.ZipFile(path).infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize("lang, title, note", [
    ("ru", "«{}»", "Также присутствовали: {}"),  # the catalogs quote a title «…» in Russian and Kazakh,
    ("kk", "«{}»", "Сондай-ақ қатысқандар: {}"),
    ("en", "“{}”", "In attendance: {}"),  # and “…” in English
])
def test_record_text_prints_exactly_as_typed(write_record, tmp_path, lang, title, note):
    typed = "Строка\u2028перенос\u2029абзац {{ 7*7 }} «Союз» & <b> {% if x %}"
    record = base_record(title={"ru": typed, "kk": typed, "en": typed}, attendees_note=typed)
    path = _render(write_record, tmp_path, record, lang)
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert [text for text in texts if typed in text] == [title.format(typed), note.format(typed)], texts


def test_blocks_are_typed(write_record):
    from qujat.minutes.blocks import Footer, Pair, Paragraph, Table
    from qujat.minutes.compose import minutes_blocks

    record = qujat.load_record(write_record(base_record()))
    blocks = minutes_blocks(record, "ru")
    assert blocks[0] == Paragraph("Letterhead", "Федерация профсоюзов Республики Казахстан")
    assert isinstance(blocks[3], Table) and blocks[3].cell_style == ("Place and Date", "Place")
    assert isinstance(blocks[-1], Footer) and "{PAGE}" in blocks[-1].text
    both = minutes_blocks(record, "kk+ru")
    assert isinstance(both[0], Pair) and both[0].left.text.startswith("Қазақстан") and both[0].style == "Letterhead"


def _templates_copy(tmp_path, monkeypatch, edit):
    """A copy of the templates folder, with minutes.j2 changed by ``edit``, used for rendering."""
    import shutil

    import qujat.i18n.templating
    from qujat.resources import templates_dir

    copy = tmp_path / "templates"
    shutil.copytree(templates_dir(), copy)
    j2 = copy / "minutes" / "minutes.j2"
    j2.write_text(edit(j2.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr(qujat.i18n.templating, "templates_dir", lambda: copy)
    return j2


def test_stray_text_in_the_template_is_a_template_error(write_record, tmp_path, monkeypatch):
    j2 = _templates_copy(tmp_path, monkeypatch, lambda s: s.replace(
        '{{ para("Title"', 'A plain line of text\n{{ para("Title"', 1))
    line = j2.read_text(encoding="utf-8").splitlines().index("A plain line of text") + 1
    record = qujat.load_record(write_record(base_record()))
    with pytest.raises(TemplateError, match="writes the text 'A plain line of text'") as info:
        qujat.render_minutes(record, tmp_path / "o.docx")
    assert info.value.location.file == str(j2) and info.value.location.line == line
    assert not (tmp_path / "o.docx").exists()


def test_wrong_value_in_a_block_call_is_a_template_error(write_record, tmp_path, monkeypatch):
    j2 = _templates_copy(tmp_path, monkeypatch, lambda s: s.replace(
        '{{ para("Subtitle", record.meeting|t) }}', '{{ para("Subtitle", none) }}'))
    lines = j2.read_text(encoding="utf-8").splitlines()
    # the record is Russian: the document type first, the meeting line after (the second Subtitle call)
    line = [i for i, text in enumerate(lines, 1) if '"Subtitle", none' in text][-1]
    record = qujat.load_record(write_record(base_record()))
    with pytest.raises(TemplateError, match="text must be a text, not NoneType") as info:
        qujat.minutes_bytes(record)
    assert info.value.location.line == line


def test_a_long_attendance_list_holds_every_text_as_written(tmp_path):
    """Rows written as WordprocessingML text: spaces kept, markup characters, tabs and line breaks."""
    import yaml
    from docx import Document

    data = yaml.safe_load(ALMATY.read_text(encoding="utf-8"))
    people = data["attendees"]
    names = [f" Имя {i} & <Ко> " if i % 3 else f"Имя\t{i}" for i in range(30)]
    data["attendees"] = [dict(people[i % len(people)], name=names[i], position="Инженер\nпервой категории")
                         for i in range(30)]
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "m.docx").write_bytes(qujat.minutes_bytes(qujat.load_record(path), lang="ru"))
    table = Document(str(tmp_path / "m.docx")).tables[-1]
    assert [row.cells[1].text for row in table.rows[1:]] == names
    assert all(row.cells[2].text == "Инженер\nпервой категории" for row in table.rows[1:])
