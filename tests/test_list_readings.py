"""Lists as offices hand them in: dates in every form a clerk types (and the one qujat prints),
trailer rows of accounting exports, Excel's CSV with quoted cells, Excel's escapes. Each case
is read from what `generate batch --check` says or from the certificates and register printed."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from pypdf import PdfReader

import qujat
from conftest import run_cli
from qujat.i18n.localizer import Localizer

DAY = dt.date(2018, 7, 4)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def csv_list(path: Path, rows: list[str]) -> Path:
    return write(path, ("\n".join(rows) + "\n").encode("utf-8"))


def xlsx_list(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return write(path, buffer.getvalue())


def check(path: Path, *options: str) -> tuple[int, list[str], list[str]]:
    """``generate batch LIST --check``: its exit status, what it printed, and its error lines."""
    done = run_cli("batch", str(path), "--check", "--award", "jubilee-medal", "--lang", "kk", *options,
                   cwd=path.parent)
    return done.returncode, done.stdout.splitlines(), [line for line in done.stderr.splitlines()
                                                       if line.startswith("error:")]


def printed(path: Path, out: Path) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Print the list (kk, jubilee medal): each register entry's (name, date, status) and the
    text of each certificate page."""
    report = qujat.print_batch(path, out, award="jubilee-medal", lang="kk")
    entries = [(e.name, e.date, e.status) for e in report.entries]
    texts = [" ".join(page.extract_text().split()) for pdf in report.outputs for page in PdfReader(str(pdf)).pages]
    return entries, texts


# --- dates ---------------------------------------------------------------------------------------

def test_a_slash_date_that_reads_two_ways_is_refused_naming_both(tmp_path):
    path = csv_list(tmp_path / "l.csv", ["Аты-жөні,Марапаттау күні", "Ким Ирина,07/04/2018", "Ли Анна,25/04/2018",
                                         "Ан Олег,04/25/2018"])
    status, out, errors = check(path)
    assert status == 2
    assert errors == [f"error: {path}: row 2: «07/04/2018» could be read two ways: 7 April 2018 (day/month/year, "
                      "as dates are written in Kazakhstan) or 4 July 2018 (month/day/year, as American Excel writes "
                      "them); write it as 07.04.2018 or 04.07.2018"]
    assert "  row 3: «25/04/2018» read as 25 April 2018 (day/month/year: the day is over 12)" in out
    assert "  row 4: «04/25/2018» read as 25 April 2018 (month/day/year, as American Excel writes: the day is " \
           "over 12)" in out


def test_a_dash_date_reads_as_a_slash_date_and_a_year_first_one_one_way(tmp_path):
    """07-04-2018 is as ambiguous as 07/04/2018 (it failed as «not a date»); 2018/07/04, year
    first, is read as ISO dates are."""
    path = csv_list(tmp_path / "l.csv", ["Аты-жөні,Марапаттау күні", "Ким Ирина,07-04-2018", "Ли Анна,25-04-2018",
                                         "Ан Олег,2018/07/04"])
    status, out, errors = check(path)
    assert status == 2
    assert errors == [f"error: {path}: row 2: «07-04-2018» could be read two ways: 7 April 2018 (day/month/year, "
                      "as dates are written in Kazakhstan) or 4 July 2018 (month/day/year, as American Excel writes "
                      "them); write it as 07.04.2018 or 04.07.2018"]
    assert [line for line in out if " read as " in line] == [
        "  row 3: «25-04-2018» read as 25 April 2018 (day/month/year: the day is over 12)"]
    assert out[-1] == "3 rows, 0 already awarded, 1 with problems"
    path.write_text("Аты-жөні,Марапаттау күні\nЛи Анна,25-04-2018\nАн Олег,2018/07/04\n", encoding="utf-8")
    entries, _ = printed(path, tmp_path / "out")
    assert [date for _, date, _ in entries] == ["2018-04-25", "2018-07-04"]


def test_written_dates_are_read_in_the_lists_languages(tmp_path):
    """Kazakh and Russian dates as clerks write them, and the forms qujat itself prints."""
    own = [Localizer(lang).date(DAY) for lang in ("kk", "ru", "en")]
    forms = ["2018 жылғы 4 шілде", "4 июля 2018 г.", "4 шілде 2018 ж.", "2018 ж. 4 шілде", "4 июля 2018 года",
             "July 4, 2018", *own]
    rows = ["Аты-жөні;Марапаттау күні"] + [f"Адам{i} Ким;{form}" for i, form in enumerate(forms, start=1)]
    path = csv_list(tmp_path / "l.csv", rows)
    status, out, errors = check(path)
    assert status == 0 and errors == []
    shown = {form.replace("\u202f", " ") for form in forms}
    readings = [line for line in out if " read as " in line]
    assert len(readings) == len(shown) and all(line.endswith("read as 4 July 2018 (written out)") for line in readings)
    entries, texts = printed(path, tmp_path / "out")
    assert [date for _, date, _ in entries] == ["2018-07-04"] * len(forms)
    assert all("2018 жылғы 4 шілде" in text for text in texts)


def test_an_excel_day_number_in_a_date_column_is_a_date(tmp_path):
    path = xlsx_list(tmp_path / "l.xlsx", [["ФИО", "Дата награждения", "Должность"],
                                           ["Ким Ирина", 43285, 43285], ["Ли Анна", dt.datetime(2018, 7, 4), "мастер"]])
    status, out, errors = check(path)
    assert status == 0 and errors == []
    assert [line for line in out if " read as " in line] == [
        "  row 2: «43285» read as 4 July 2018 (Excel's day number: the cell is not formatted as a date)"]
    entries, texts = printed(path, tmp_path / "out")
    assert [date for _, date, _ in entries] == ["2018-07-04", "2018-07-04"]
    assert "43285" in texts[0]  # a number in another column stays the number it is


@pytest.mark.parametrize("value, message", [
    ("31/02/2018", "'31/02/2018' is not a date; write it as DD.MM.YYYY (04.07.2018) or YYYY-MM-DD"),
    ("4 июня", "'4 июня' is not a date; write it as DD.MM.YYYY (04.07.2018) or YYYY-MM-DD"),
    ("123", "'123' is not a date; write it as DD.MM.YYYY (04.07.2018) or YYYY-MM-DD"),
])
def test_what_is_not_a_date_fails_its_row(tmp_path, value, message):
    path = csv_list(tmp_path / "l.csv", ["Аты-жөні;Күні", f"Ким Ирина;{value}"])
    assert check(path)[2] == [f"error: {path}: row 2: {message}"]


# --- trailer rows --------------------------------------------------------------------------------

def test_the_trailer_rows_of_an_accounting_export_are_not_people(tmp_path):
    path = xlsx_list(tmp_path / "export.xlsx", [
        ["Список работников, представленных к награждению"], [],
        ["№", "Фамилия, имя, отчество", "Должность"],
        *[[n, name, "мастер"] for n, name in enumerate(["Ким Ирина", "Ли Анна", "Ан Олег", "Пак Илья", "Цой Мария"],
                                                       start=1)],
        ["Итого: 5 человек"], [None, "Барлығы: 5 адам"], [],
        ["Начальник отдела кадров ____________ ", None, "Сидорова А.А."]])
    status, out, errors = check(path)
    assert status == 0 and errors == []
    assert out[-4:] == ["  row 9 «Итого: 5 человек»: a total line, not a person: not printed",
                        "  row 10 «Барлығы: 5 адам»: a total line, not a person: not printed",
                        "  row 12 «Начальник отдела кадров ____________ | Сидорова А.А.»: a signature line, not a "
                        "person: not printed",
                        "5 rows, 0 already awarded, 0 with problems: ready to print"]
    entries, _ = printed(path, tmp_path / "out")
    assert [name for name, _, status in entries if status == "issued"] == ["Ким Ирина", "Ли Анна", "Ан Олег",
                                                                           "Пак Илья", "Цой Мария"]
    assert len(entries) == 5


def test_a_line_under_the_list_in_the_number_column_fails_as_its_row(tmp_path):
    """«Дата: 04.07.2018» or «Главный бухгалтер … Сидорова А.А.» written in the «№» column under
    the list is no person: its row fails («the name is empty»); the column was refused instead,
    as if its numbers could be read two ways."""
    for row in (["Дата: 04.07.2018"], ["Главный бухгалтер", None, "Сидорова А.А."]):
        path = xlsx_list(tmp_path / "l.xlsx", [["№", "Фамилия, имя, отчество", "Должность"], [1, "Ким Ирина", "мастер"],
                                               [2, "Ли Анна", "инженер"], row])
        status, out, errors = check(path, "--date", "2018-07-04")
        assert (status, errors) == (2, [f"error: {path}: row 4: the name is empty"]), row
        assert "  column A «№»: the row's serial number (not printed)" in out


def test_a_person_whose_name_begins_like_a_total_is_a_person(tmp_path):
    path = csv_list(tmp_path / "l.csv", ["№;ФИО", "1;Итогова Айгерим", "2;Всеволодов Игорь"])
    status, out, _ = check(path)
    assert status == 0 and out[-1] == "2 rows, 0 already awarded, 0 with problems: ready to print"


# --- Excel's CSV ---------------------------------------------------------------------------------

EXCEL_CSV = ['Список награждаемых;;;;',
             '"№\nп/п";"Фамилия, имя,\nотчество";Должность;"Место работы;\n(организация)";Награда',
             '1;Жақсыбекова Әсел Нұрланқызы;"машинист; депо";"АО ""ҚТЖ"";\nфилиал Алматы";jubilee-medal',
             '2;Иванов Иван Иванович;"мастер; участок 2";"ТОО ""Ромашка""";jubilee-medal',
             '3;Петров Пётр;инженер;"ТОО ""Ромашка""";jubilee-medal',
             'Итого: 3 человека;;;;']


def test_excel_csv_with_quoted_semicolons_and_line_breaks_in_cp1251(tmp_path):
    """As Excel saves «CSV (разделители — точки с запятой)» on a Russian Windows: the Kazakh
    letters it cannot hold are already «?», and each such row says so."""
    path = write(tmp_path / "excel.csv", "\r\n".join(EXCEL_CSV).encode("cp1251", errors="replace") + b"\r\n")
    status, out, errors = check(path)
    assert out[:6] == [f"{path}: headings in row 2, data from row 3",
                       "  column A «№ п/п»: the row's serial number (not printed)",
                       "  column B «Фамилия, имя, отчество»: the full name",
                       "  column C «Должность»: the position",
                       "  column E «Награда»: the award (an id or a name)",
                       "  «Место работы; (организация)»: not used"]
    assert "  row 6 «Итого: 3 человека»: a total line, not a person: not printed" in out
    assert status == 2 and errors == [
        f"error: {path}: row 3: the name «Жа?сыбекова ?сел Н?рлан?ызы» has «?» where a letter should be: the "
        "file lost its Kazakh letters when it was saved as CSV in the Windows code page; in Excel save it as «CSV "
        "UTF-8 (Comma delimited)» or as XLSX"]
    report = qujat.print_batch(path, tmp_path / "out", lang="ru")
    assert [(e.name, e.status) for e in report.entries] == [
        ("Жа?сыбекова ?сел Н?рлан?ызы", "failed"), ("Иванов Иван Иванович", "issued"), ("Петров Пётр", "issued")]
    text = " ".join(PdfReader(str(report.outputs[0])).pages[0].extract_text().split())
    assert "Иванов Иван Иванович" in text and "Мастер; участок 2" in text


def test_kazakh_headings_with_lost_letters_are_still_read(tmp_path):
    rows = ["Аты-жөні;Лауазымы;Жұмыс орны", "Ким Ирина;мастер;ТОО Ромашка"]
    path = write(tmp_path / "kk.csv", "\r\n".join(rows).encode("cp1251", errors="replace"))
    status, out, errors = check(path)
    assert status == 0 and errors == []
    assert out[1:4] == ["  column A «Аты-ж?ні»: the full name", "  column B «Лауазымы»: the position",
                        "  column C «Ж?мыс орны»: the organisation"]


# --- Excel's escapes -----------------------------------------------------------------------------

def test_an_excel_escape_shown_in_a_cell_is_printed_as_shown(tmp_path):
    """A cell that shows ``lit_x0041_eral`` is stored by Excel as ``lit_x005F_x0041_eral``;
    python-calamine decodes that once, and qujat must not decode it again (``litAeral``)."""
    plain = xlsx_list(tmp_path / "plain.xlsx", [["ФИО", "Должность"], ["Ким Ирина", "PLACEHOLDER"]])
    path = tmp_path / "escaped.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename).replace(b"PLACEHOLDER", b"lit_x005F_x0041_eral"))
    report = qujat.print_batch(path, tmp_path / "out", award="jubilee-medal", lang="ru")
    text = " ".join(PdfReader(str(report.outputs[0])).pages[0].extract_text().split())
    assert "Lit_x0041_eral" in text and "LitAeral" not in text  # the position, capitalised as printed
