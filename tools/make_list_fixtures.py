"""Write the recipient lists that tests/test_lists.py reads, in the shapes offices make them.

XLSX files are written with openpyxl; the XLS and ODS copies are converted by LibreOffice Calc
(`apt-get install libreoffice-calc-nogui`), as an office would save them. Run from the
repository root: ``python3 tools/make_list_fixtures.py``; the files go to tests/lists/.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parents[1] / "tests" / "lists"
DATE = dt.datetime(2018, 7, 4)

PEOPLE = [
    ("Жақсыбекова", "Әсел", "Нұрланқызы", "бастауыш кәсіподақ ұйымының төрағасы", "«Қазақстан темір жолы» ҰК АҚ"),
    ("Өмірзақов", "Серік", "Қайратұлы", "машинист", "«Локомотив құрастыру зауыты» АҚ"),
    ("Лебедева", "Ирина", "Викторовна", "инженер", "ТОО «Алматы Энерго»"),
]


def kazakh_parts_on_second_sheet(path: Path) -> None:
    """Sheet 1 «Нұсқаулық» holds instructions; the list is on sheet 2 below a title and a blank row,
    the name in Тегі / Аты / Әкесінің аты, with Қызметі, Жұмыс орны, Марапат түрі, Марапаттау күні."""
    book = Workbook()
    book.active.title = "Нұсқаулық"
    book.active.append(["Тізімді екінші парақта толтырыңыз"])
    sheet = book.create_sheet("Тізім")
    sheet.append(["Марапатталатындар тізімі"])
    sheet.append([])
    sheet.append(["Р/с №", "Тегі", "Аты", "Әкесінің аты", "Қызметі", "Жұмыс орны", "Марапат түрі",
                  "Марапаттау күні"])
    for i, (surname, given, patronymic, position, organisation) in enumerate(PEOPLE, start=1):
        sheet.append([i, surname, given, patronymic, position, organisation,
                      "«Кәсіподақтарға сіңірген еңбегі үшін» төсбелгісі", DATE])
    book.save(path)


def russian_fio_merged(path: Path) -> None:
    """«Список награждаемых» title, then № | ФИО merged over three columns | Занимаемая должность |
    Наименование организации | Вид награды | Дата награждения (DD.MM.YYYY г. as text)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Лист1"
    sheet.append(["Список награждаемых юбилейной медалью «20 лет Астане»"])
    sheet.append([])
    sheet.append(["№", "Фамилия, имя, отчество", None, None, "Занимаемая должность", "Наименование организации",
                  "Вид награды", "Дата награждения"])
    sheet.merge_cells("B3:D3")
    for i, (surname, given, patronymic, position, organisation) in enumerate(PEOPLE, start=1):
        sheet.append([i, surname, given, patronymic, position, organisation, "медаль «20 лет Астане»",
                      "04.07.2018 г."])
    book.save(path)


def two_row_heading(path: Path) -> None:
    """№ п/п | ФИО (merged over Фамилия / Имя / Отчество) | Место работы (merged over Организация /
    Должность) | Дата, and a row numbering the columns 1 … 8 under the headings."""
    book = Workbook()
    sheet = book.active
    sheet.append(["№ п/п", "ФИО", None, None, "Место работы", None, "Дата"])
    sheet.append([None, "Фамилия", "Имя", "Отчество", "Организация", "Должность", None])
    sheet.merge_cells("B1:D1")
    sheet.merge_cells("E1:F1")
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("G1:G2")
    sheet.append([1, 2, 3, 4, 5, 6, 7])
    for i, (surname, given, patronymic, position, organisation) in enumerate(PEOPLE, start=1):
        sheet.append([i, surname, given, patronymic, organisation, position, DATE])
    book.save(path)


def with_dimension(source: Path, target: Path, dimension: str) -> None:
    """A copy of an XLSX whose sheet declares ``dimension`` whatever its data (as some exporters do)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>'.encode(), data)
            new.writestr(info, data)


def sixty_people(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Аты-жөні", "Лауазымы"])
    for i in range(60):
        sheet.append([f"Қатысушы {i + 1}", "төраға"])
    book.save(path)


def hidden_and_filtered(path: Path) -> None:
    """«ФИО / Должность / Организация», five people: row 3 hidden by hand, and an autofilter on
    «Должность» that filters out row 5 (the row as Excel stores a filtered-out one: hidden)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Список"
    sheet.append(["ФИО", "Должность", "Организация"])
    for i in range(5):
        surname, given, patronymic, position, organisation = PEOPLE[i % len(PEOPLE)]
        sheet.append([f"{surname} {given} {patronymic}", position, organisation])
    sheet.row_dimensions[3].hidden = True
    sheet.auto_filter.ref = "A1:C6"
    sheet.auto_filter.add_filter_column(1, [PEOPLE[0][3], PEOPLE[2][3]])
    sheet.row_dimensions[5].hidden = True
    book.save(path)


def convert(source: Path, suffix: str) -> None:
    """``source`` saved again by LibreOffice Calc as .xls or .ods, beside it."""
    soffice = shutil.which("soffice")
    if not soffice:
        sys.exit("LibreOffice Calc is needed: apt-get install libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                        suffix.lstrip("."), "--outdir", str(source.parent), str(source)],
                       check=True, capture_output=True, timeout=180)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    kazakh_parts_on_second_sheet(OUT / "kk-parts-second-sheet.xlsx")
    russian_fio_merged(OUT / "ru-fio-merged.xlsx")
    two_row_heading(OUT / "ru-two-row-heading.xlsx")
    sixty_people(OUT / "sixty.xlsx")
    with_dimension(OUT / "sixty.xlsx", OUT / "dimension-too-small.xlsx", "A1:B1")
    with_dimension(OUT / "sixty.xlsx", OUT / "dimension-a-million.xlsx", "A1:B1048576")
    (OUT / "sixty.xlsx").unlink()
    hidden_and_filtered(OUT / "ru-hidden-rows.xlsx")
    convert(OUT / "ru-hidden-rows.xlsx", ".xls")
    (OUT / "ru-hidden-rows.xlsx").unlink()
    convert(OUT / "ru-fio-merged.xlsx", ".xls")
    convert(OUT / "ru-two-row-heading.xlsx", ".ods")
    convert(OUT / "kk-parts-second-sheet.xlsx", ".ods")
    for path in sorted(OUT.iterdir()):
        print(f"wrote {path.relative_to(OUT.parents[1])}")


if __name__ == "__main__":
    main()
