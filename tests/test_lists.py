"""Recipient lists as offices make them: every shape prints the right people, or fails the row
with a reason; nothing is silently wrong. Each test reads the names, positions, organisations,
dates and numbers back from the printed PDF."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

import qujat
from conftest import ROOT, run_cli
from qujat import QujatError
from qujat.batch.run import BatchReport
from qujat.lists.headings import known_headings, normalise_heading
from qujat.lists.values import cell_date, clean_text

LISTS = ROOT / "tests" / "lists"
PEOPLE = ["Жақсыбекова Әсел Нұрланқызы", "Өмірзақов Серік Қайратұлы", "Лебедева Ирина Викторовна"]


def pages(report: BatchReport) -> list[str]:
    """The text of each page of the batch's combined PDF, spaces folded, case folded (the
    templates capitalise positions)."""
    (pdf,) = report.outputs
    return [" ".join(page.extract_text().split()).casefold() for page in PdfReader(str(pdf)).pages]


def has(page: str, *texts: str) -> bool:
    return all(text.casefold() in page for text in texts)


def batch(source: Path, out: Path, **options: object) -> BatchReport:
    return qujat.print_batch(source, out, **options)


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_kazakh_name_parts_on_the_second_sheet(tmp_path, suffix):
    source = LISTS / f"kk-parts-second-sheet{suffix}"
    with pytest.raises(QujatError, match=r'sheet «Нұсқаулық» has no list .* add --sheet "Тізім"'):
        batch(source, tmp_path, lang="kk")
    assert not list(tmp_path.iterdir())
    report = batch(source, tmp_path, lang="kk", sheet="Тізім")
    assert report.failed == 0 and [e.row for e in report.entries] == [4, 5, 6]
    texts = pages(report)
    for text, person, number in zip(texts, PEOPLE, ["FB-0001", "FB-0002", "FB-0003"]):
        assert has(text, person, number)  # the «Р/с №» serial is not a certificate number
        assert has(text, "2018 жылғы 4 шілде") and "2018 ж." not in text  # not CLDR's «2018 ж. 4 шілде»
    assert has(texts[1], "«Локомотив құрастыру зауыты» АҚ машинисі")  # the post after the organisation
    assert {e.award for e in report.entries} == {"federation-badge"}  # the award named in Kazakh


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_russian_fio_merged_over_three_columns(tmp_path, suffix):
    report = batch(LISTS / f"ru-fio-merged{suffix}", tmp_path, lang="ru")
    texts = pages(report)
    assert [e.number for e in report.entries] == ["A20-0001", "A20-0002", "A20-0003"]
    for text, person in zip(texts, PEOPLE):
        assert has(text, person) and "№1 " not in text
        assert has(text.replace("\u202f", " "), "4 июля 2018")
    assert has(texts[2], "инженер", "ТОО «Алматы Энерго»")
    assert {e.award for e in report.entries} == {"jubilee-medal"}  # «медаль „20 лет Астане“»


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_two_row_heading_keeps_organisation_and_position(tmp_path, suffix):
    report = batch(LISTS / f"ru-two-row-heading{suffix}", tmp_path, lang="en", award="jubilee-medal")
    texts = pages(report)
    assert len(texts) == 3 and [e.row for e in report.entries] == [4, 5, 6]  # the 1 … 7 row is skipped
    assert has(texts[0], "Әсел Нұрланқызы Жақсыбекова")  # English writes the given name first
    assert has(texts[0], "бастауыш кәсіподақ ұйымының төрағасы", "«Қазақстан темір жолы» ҰК АҚ")
    assert all(has(text, "4 July 2018") and "july 4" not in text for text in texts)  # British, not US


@pytest.mark.parametrize("name", ["dimension-too-small.xlsx", "dimension-a-million.xlsx"])
def test_declared_sheet_size_is_ignored(tmp_path, name):
    report = batch(LISTS / name, tmp_path, award="jubilee-medal", date=dt.date(2018, 7, 4))
    assert report.issued == 60 and [e.name for e in report.entries] == [f"Қатысушы {i}" for i in range(1, 61)]
    reader = PdfReader(str(report.outputs[0]))
    assert len(reader.pages) == 60  # the first and the last page read back (not all 60: it proves the same)
    assert "Қатысушы 1\n" in reader.pages[0].extract_text() + "\n"
    assert "Қатысушы 60" in reader.pages[59].extract_text()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_excel_unicode_text_utf16_tabs(tmp_path):
    text = "ФИО\tДолжность\tДата\r\nЛебедева Ирина Викторовна\tинженер\t04.07.2018\r\n"
    source = write(tmp_path / "list.txt", b"\xff\xfe" + text.encode("utf-16-le"))
    report = batch(source, tmp_path / "out", award="jubilee-medal", lang="ru")
    (page,) = pages(report)
    assert has(page, "Лебедева Ирина Викторовна", "инженер")


def test_sep_line_cp1251_and_quoted_heading_with_commas(tmp_path):
    text = 'sep=;\r\n"Фамилия, имя, отчество";"Должность";Дата\r\n"Ким Ирина";"инженер, ТОО";04.07.18\r\n'
    source = write(tmp_path / "list.csv", text.encode("cp1251"))
    report = batch(source, tmp_path / "out", award="jubilee-medal", lang="ru")
    (page,) = pages(report)
    assert has(page, "Ким Ирина", "инженер, ТОО") and report.entries[0].date == "2018-07-04"
    assert report.entries[0].row == 2  # the sep= line is not a row


def test_row_numbers_count_rows_not_lines(tmp_path):
    text = 'ФИО,Должность\r\n"Ким Ирина","инженер\r\nцеха № 2"\r\n,без имени\r\n'
    source = write(tmp_path / "list.csv", text.encode("utf-8-sig"))
    report = batch(source, tmp_path / "out", award="jubilee-medal", lang="ru")
    assert report.failures() == ["row 3: the name is empty"]
    (page,) = pages(report)
    assert has(page, "инженер цеха № 2")  # a line break in a one-line field is a space


def test_lost_kazakh_letters_fail_the_row(tmp_path):
    text = "ФИО;Должность\r\nЖа?сыбекова Әсел;төраға\r\nКим Ирина;инженер\r\n"
    source = write(tmp_path / "list.csv", text.encode("cp1251", errors="replace"))
    report = batch(source, tmp_path / "out", award="jubilee-medal", lang="kk")
    (failure,) = report.failures()
    assert failure.startswith("row 2: the name «Жа?сыбекова") and "CSV UTF-8" in failure and "XLSX" in failure
    assert report.issued == 1


def test_invisible_characters_and_spaces_are_cleaned(tmp_path):
    text = "Аты-жөні,Лауазымы\nЖақсы\u200bбекова\u00a0 Әсел\ufeff,маши\u00adнист\u2009депо\n"
    source = write(tmp_path / "list.csv", text.encode("utf-8"))
    report = batch(source, tmp_path / "out", award="jubilee-medal", lang="kk")
    (page,) = pages(report)
    assert has(page, "Жақсыбекова Әсел", "машинист депо") and "маши-нист" not in page
    assert report.entries[0].name == "Жақсыбекова Әсел"


def test_empty_date_in_a_date_column_is_never_today(tmp_path):
    text = "ФИО,Дата\nКим Ирина,04.07.2018\nЛебедева Ирина,\n"
    source = write(tmp_path / "list.csv", text.encode("utf-8"))
    report = batch(source, tmp_path / "a", award="jubilee-medal", lang="ru")
    assert report.failures() == ["row 3: the date is empty: fill it in, or give --date for the rows without one"]
    report = batch(source, tmp_path / "b", award="jubilee-medal", lang="ru", date=dt.date(2018, 7, 12))
    assert [e.date for e in report.entries] == ["2018-07-04", "2018-07-12"]


@pytest.mark.parametrize("values, numbers", [
    (["1", "2", "3"], ["A20-0001", "A20-0002", "A20-0003"]),   # a serial: the award's numbers
    (["A20-0107", "A20-0108", "A20-0109"], ["A20-0107", "A20-0108", "A20-0109"]),
])
def test_number_column_read_by_its_values(tmp_path, values, numbers):
    rows = "".join(f"{v},Адам {i}\n" for i, v in enumerate(values))
    source = write(tmp_path / "list.csv", f"№,ФИО\n{rows}".encode())
    report = batch(source, tmp_path / "out", award="jubilee-medal", lang="ru")
    assert [e.number for e in report.entries] == numbers
    assert all(has(page, number) for number, page in zip(numbers, pages(report)))


@pytest.mark.parametrize("text, message", [
    ("№,ФИО\n7,А\n12,Б\n", "«№» could be read two ways"),
    ("ФИО,Фамилия\nА,Б\n", "«ФИО» is a full name and B «Фамилия» a part of one"),
    ("Аты,Лауазымы\nӘсел,төраға\n", "«Аты» holds part of a name, but there is no Тегі"),
    ("Должность,Лауазымы,ФИО\nа,б,в\n", "«Должность» and B «Лауазымы» both mean the position"),
    ("ФИО,,Должность\nКим,Ирина,инженер\n", "column B has values but no heading, right of A «ФИО»"),
])
def test_lists_that_could_be_read_two_ways_are_refused(tmp_path, text, message):
    source = write(tmp_path / "list.csv", text.encode())
    with pytest.raises(QujatError, match=message):
        batch(source, tmp_path / "out", award="jubilee-medal")
    assert not (tmp_path / "out").exists()


def test_no_heading_names_the_rows_and_the_sheets(tmp_path):
    source = write(tmp_path / "list.csv", "Список\n\nИванов,инженер\n".encode())
    pattern = r"rows looked at: 1 «Список», 3 «Иванов \| инженер».*--header-row"
    with pytest.raises(QujatError, match=pattern):
        batch(source, tmp_path / "out", award="jubilee-medal")


def test_header_row_option(tmp_path):
    source = write(tmp_path / "list.csv", "Список\nКто,Должность\nФИО,Должность\nКим,инженер\n".encode())
    report = batch(source, tmp_path / "out", award="jubilee-medal", header_row=3, lang="ru")
    assert [e.row for e in report.entries] == [4] and report.entries[0].name == "Ким"


def test_usage_errors_come_first_and_write_nothing(tmp_path):
    out = tmp_path / "out"
    for args, message in [(["--lang", "xx"], "'xx' is not a language"),
                          (["--award", "gold-star"], "--award: unknown award 'gold-star'"),
                          (["--sheet", "Нет"], "has no sheet 'Нет'")]:
        result = run_cli("batch", str(LISTS / "ru-fio-merged.xlsx"), "-o", str(out), *args)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
        assert not out.exists()


def test_check_shows_how_the_list_is_read(tmp_path):
    result = run_cli("batch", str(LISTS / "ru-two-row-heading.ods"), "--check", "--award", "jubilee-medal")
    assert result.returncode == 0, result.stderr
    assert "headings in rows 1–2" in result.stdout and "column E «Место работы › Организация»: the organisation" \
        in result.stdout and "3 rows, 0 already awarded, 0 with problems" in result.stdout
    bad = write(tmp_path / "bad.csv", "ФИО,Дата\nКим,\n,04.07.2018\n".encode())
    result = run_cli("check", str(bad), cwd=tmp_path)
    assert result.returncode == 2 and "column A «ФИО»" in result.stdout
    no_award = (f"{bad}: the list has no award column and no --award was given: give --award (jubilee-medal, "
                "federation-badge …) or a column «Марапат» / «Награда» / «Award»")
    assert result.stderr.splitlines() == [f"error: {no_award}"]  # the file named once
    result = run_cli("batch", str(bad), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.splitlines() == [f"error: {no_award}"]
    result = run_cli("batch", str(bad), "--check", "--award", "jubilee-medal", cwd=tmp_path)
    assert result.returncode == 2 and "row 2: the date is empty" in result.stderr
    assert "row 3: the name is empty" in result.stderr and not list(tmp_path.glob("*.pdf"))


def test_values():
    assert clean_text("  Ким\u00a0\u00a0Ирина\u200d ") == "Ким Ирина"
    assert clean_text("Абай\rҚұнанбайұлы") == "Абай Құнанбайұлы"  # python-calamine decodes _x000D_ to \r
    assert clean_text("lit_x0041_eral") == "lit_x0041_eral"  # what the cell shows, never decoded again
    assert clean_text("e\u0301") == "\u00e9"  # composed (NFC)
    for text in ("04.07.2018", "4.7.2018", "04.07.18", "2018-07-04", "04.07.2018 г.", "04.07.2018ж."):
        assert cell_date(text) == dt.date(2018, 7, 4), text
    with pytest.raises(ValueError, match=r"write it as DD\.MM\.YYYY"):
        cell_date("July 4th")


def test_every_heading_is_documented():
    doc = normalise_heading((ROOT / "docs" / "lists.md").read_text(encoding="utf-8"))
    for headings in known_headings().values():
        for heading in headings:
            assert normalise_heading(heading) in doc, heading


def test_the_separators_printed_as_a_space_are_unicodes_zs_zl_zp():
    """clean_text turns these into spaces by one pattern, not a category look-up a character."""
    import re
    import sys
    import unicodedata

    from qujat.lists.values import SEPARATORS

    listed = {chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(f"[{SEPARATORS}]", chr(c))}
    assert listed == {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in ("Zs", "Zl", "Zp")}
    assert clean_text("a\u2028b\u3000c\u205fd") == "a b c d"


def test_trailer_rows_are_found_by_their_words_with_and_without_lost_letters():
    from qujat.lists.trailers import trailer_kind

    assert trailer_kind(["Итого: 5 человек"]) == trailer_kind(["Ит?го: 5 человек"]) == "total"
    assert trailer_kind(["Барлығы"]) == "total"
    assert trailer_kind(["Итогова Айгерим"]) is None and trailer_kind(["Итоговая ведомость"]) is None


def _ods(path, rows, hidden_rows):
    """A minimal OpenDocument spreadsheet: one sheet «Лист1», ``rows`` of text cells, the
    1-based ``hidden_rows`` collapsed (as LibreOffice writes a row hidden by hand)."""
    import zipfile
    from xml.sax.saxutils import escape

    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    collapsed = ' table:visibility="collapse"'
    body = "".join(
        f'<table:table-row{collapsed if n in hidden_rows else ""}>'
        + "".join(f'<table:table-cell office:value-type="string"><text:p>{escape(c)}</text:p></table:table-cell>'
                  for c in row) + "</table:table-row>" for n, row in enumerate(rows, 1))
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="Лист1">{body}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return path


def test_rows_an_ods_sheet_hides_are_never_printed_in_silence(tmp_path):
    rows = [["ФИО", "Должность"], ["Бекбас Олжас Тұрсынұлы", "төраға"], ["Скрытый Иван Иванович", "инженер"],
            ["Калиев Серик Ерланович", "слесарь"]]
    source = _ods(tmp_path / "list.ods", rows, hidden_rows={3})
    refused = run_cli("batch", str(source), "--check", "--award", "jubilee-medal")
    assert refused.returncode == 2
    assert "rows 3 are hidden in the workbook (hidden, or filtered out)" in refused.stderr, refused.stderr
    skipped = run_cli("batch", str(source), "--check", "--award", "jubilee-medal", "--hidden-rows", "skip")
    assert skipped.returncode == 0, skipped.stderr
    assert "2 rows, 0 already awarded, 0 with problems: ready to print" in skipped.stdout, skipped.stdout


def test_rows_an_xls_sheet_hides_are_never_printed_in_silence():
    """tests/lists/ru-hidden-rows.xls (LibreOffice Calc's .xls): row 3 hidden by hand, row 5
    filtered out by an autofilter; python-calamine reads both without a word."""
    source = LISTS / "ru-hidden-rows.xls"
    refused = run_cli("batch", str(source), "--check", "--award", "jubilee-medal", "--date", "2018-07-04")
    assert refused.returncode == 2
    assert "rows 3, 5 are hidden in the workbook (hidden, or filtered out)" in refused.stderr, refused.stderr
    skipped = run_cli("batch", str(source), "--check", "--award", "jubilee-medal", "--date", "2018-07-04",
                      "--hidden-rows", "skip")
    assert skipped.returncode == 0, skipped.stderr
    assert "3 rows, 0 already awarded, 0 with problems: ready to print" in skipped.stdout, skipped.stdout


def test_an_xls_whose_hidden_rows_cannot_be_read_is_refused(tmp_path):
    """An Excel 95 workbook (BIFF5) keeps its rows in another form: refused, never read as if no
    row were hidden."""
    from qujat.lists.biff import BiffError, xls_hidden_rows_from

    data = (LISTS / "ru-hidden-rows.xls").read_bytes()
    bof = data.index(bytes.fromhex("0908100000060500"))  # BOF, 16 bytes, BIFF8, workbook globals
    old = data[:bof + 4] + b"\x00\x05" + data[bof + 6:]
    with pytest.raises(BiffError, match=r"Excel 5\.0/95"):
        xls_hidden_rows_from(old, "Список")
    assert sorted(xls_hidden_rows_from(data, "Список")) == [3, 5]


def _damaged_xls(tmp_path):
    """ru-hidden-rows.xls with its BOF record claiming BIFF5: python-calamine 0.x panics on it."""
    data = (LISTS / "ru-hidden-rows.xls").read_bytes()
    bof = data.index(bytes.fromhex("0908100000060500"))
    damaged = tmp_path / "damaged.xls"
    damaged.write_bytes(data[:bof + 4] + b"\x00\x05" + data[bof + 6:])
    return damaged


def test_python_calamine_still_panics_on_a_damaged_xls(tmp_path):
    """The adapter's reason to hold Rust panics (lists/tables.py): if calamine starts returning an
    error for this file instead, this test says so and the panic guard can be reconsidered."""
    import python_calamine as calamine

    with pytest.raises(BaseException) as raised:  # pyo3.s PanicException has no importable class
        calamine.CalamineWorkbook.from_path(str(_damaged_xls(tmp_path)))
    assert type(raised.value).__name__ == "PanicException"


def test_a_damaged_xls_gets_one_line_not_a_rust_panic(tmp_path):
    refused = run_cli("batch", str(_damaged_xls(tmp_path)), "--check", "--award", "jubilee-medal",
                      "--date", "2018-07-04", "--ui-lang", "en")
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'damaged.xls'}: not a readable XLS workbook: its contents are damaged; save the list "
        "again as .xlsx or .csv"], refused.stderr


def test_an_xls_cut_short_is_a_reason_not_a_crash():
    """A compound file cut anywhere before the sheet's last record is a BiffError (the list is
    then refused in one line), never a struct or index error out of the reader, and never a wrong
    set of rows."""
    from qujat.lists.biff import BiffError, xls_hidden_rows_from

    data = (LISTS / "ru-hidden-rows.xls").read_bytes()
    last_sector = 13 * 512  # the fixture's last sector, 12, begins here: what follows is its tail
    for end in range(512, last_sector + 1, 97):
        with pytest.raises(BiffError):
            xls_hidden_rows_from(data[:end], "Список")
    for end in range(last_sector + 64, len(data), 97):  # the records the reader needs are all there
        assert xls_hidden_rows_from(data[:end], "Список") == {3, 5}
