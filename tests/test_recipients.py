"""Recipient lists: every format and encoding, header aliases in kk/ru/en, unusable inputs."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import ALMATY, RECORDS
from qujat import QujatError
from qujat.lists.headings import heading_field
from qujat.lists.read import read_list, template_list
from qujat.lists.values import cell_date


@pytest.mark.parametrize("header, field", [
    ("Аты-жөні", "name"), ("ФИО", "name"), ("Ф.И.О.", "name"), ("Full name", "name"), ("NAME", "name"),
    ("Лауазымы", "position"), ("Должность", "position"), ("Position", "position"),
    ("Ұйымы", "organisation"), ("Организация", "organisation"), ("Organization", "organisation"),
    ("Марапат", "award"), ("Награда", "award"), ("Тіл", "language"), ("Язык", "language"),
    ("Күні", "date"), ("Дата", "date"), ("№", "number_or_serial"), ("Номер", "number_or_serial"),
    ("Номер удостоверения", "number"), ("Примечание", None)])
def test_header_aliases(header, field):
    assert heading_field(header) == field


@pytest.mark.parametrize("name, medals, badges", [("awards-sample.xlsx", 16, 20), ("awards-sample.csv", 16, 20),
                                                   ("awards-sample-cp1251.csv", 9, 10)])
def test_sample_lists_read_with_every_column(name, medals, badges):
    listing = read_list(RECORDS / name)
    assert listing.columns == ["name", "position", "organisation", "award", "language", "date"]
    assert listing.unknown_columns == []
    rows = list(listing.rows)
    assert [r.row for r in rows] == list(range(2, 2 + medals + badges))
    awards = [r.values["award"] for r in rows]
    assert (awards.count("jubilee-medal"), awards.count("federation-badge")) == (medals, badges)
    assert all(isinstance(cell_date(r.values["date"]), dt.date) for r in rows)


def test_cp1251_semicolon_list_decodes_cyrillic():
    rows = list(read_list(RECORDS / "awards-sample-cp1251.csv").rows)
    assert any("Ирина" in r.values["name"] for r in rows)


@pytest.mark.parametrize("encoding, delimiter", [("utf-8", ","), ("utf-8-sig", ";"), ("cp1251", ";"), ("cp1251", ",")])
def test_csv_encodings_and_delimiters(tmp_path, encoding, delimiter):
    rows = [["ФИО", "Должность", "Комментарий"], ["Лебедева И.В.", "инженер", "x"]]
    text = "".join(delimiter.join(row) + "\n" for row in rows)
    path = tmp_path / "list.csv"
    path.write_bytes(text.encode(encoding))
    listing = read_list(path)
    assert listing.unknown_columns == ["Комментарий"]
    (row,) = list(listing.rows)
    assert row.values == {"name": "Лебедева И.В.", "position": "инженер"} and row.row == 2


def test_blank_lines_are_skipped_but_row_numbers_kept(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("name\nA\n\nB\n", encoding="utf-8")
    assert [(r.row, r.values["name"]) for r in read_list(path).rows] == [(2, "A"), (4, "B")]


def test_record_as_list():
    listing = read_list(ALMATY)
    rows = list(listing.rows)
    assert len(rows) == 3 and {r.values["award"] for r in rows} == {"jubilee-medal"}
    assert listing.settings.date == dt.date(2018, 7, 4) and rows[0].row > 1


def test_yaml_list_of_recipients(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- {name: Әсел Жақсыбекова, award: federation-badge}\n- {ФИО: Лебедева И.В., note: x}\n",
                    encoding="utf-8")
    listing = read_list(path)
    rows = list(listing.rows)
    assert [r.values.get("name") for r in rows] == ["Әсел Жақсыбекова", "Лебедева И.В."]
    assert [r.row for r in rows] == [1, 2] and listing.unknown_columns == ["note"]


@pytest.mark.parametrize("content, name, message", [
    (b"PK\x03\x04not really a zip", "list.xlsx", "not a readable XLSX workbook"),
    (b"\x00\x01\x02binary", "list.csv", "not a text list"),
    ("Должность;Организация\nинженер;ТОО\n".encode(), "list.csv", "no heading row with a name column"),
    (b"", "list.csv", "empty"),
    (b"name\n", "list.pdf", "not a list qujat reads"),
])
def test_unusable_inputs(tmp_path, content, name, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(QujatError, match=message) as info:
        read_list(path)
    assert str(path) in info.value.render()


def test_xlsx_without_name_column(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Position", "Organisation"])
    wb.save(tmp_path / "x.xlsx")
    pattern = r"no heading row with a name column.*rows looked at: 1 «Position \| Organisation»"
    with pytest.raises(QujatError, match=pattern):
        read_list(tmp_path / "x.xlsx")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_template_list_headers_are_recognised(tmp_path, lang, suffix):
    path = template_list(tmp_path / f"empty{suffix}", lang)
    listing = read_list(path)
    assert listing.columns == ["name", "position", "organisation", "award", "language", "date", "number"]
    assert listing.unknown_columns == [] and list(listing.rows) == []


@pytest.mark.parametrize("value", ["2018-07-04", "04.07.2018", dt.datetime(2018, 7, 4), dt.date(2018, 7, 4)])
def test_dates(value):
    assert cell_date(value) == dt.date(2018, 7, 4)


def test_bad_date():
    with pytest.raises(ValueError, match="not a date"):
        cell_date("2018-13-45")
