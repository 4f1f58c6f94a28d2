"""Write the sample recipient lists in ``records/``: one list, three ways a trade-union office
sends it.

* ``records/awards-sample.xlsx`` -- sheet «Марапаттау», bold header row, real date cells shown
  as DD.MM.YYYY;
* ``records/awards-sample.csv`` -- the same rows, UTF-8 with BOM, comma-separated (what Excel's
  "CSV UTF-8" gives);
* ``records/awards-sample-cp1251.csv`` -- the rows Windows-1251 can hold, semicolon-separated,
  with Russian headers, as Russian Excel saves "CSV (разделители — точки с запятой)". Kazakh
  letters ә ғ қ ң ө ұ ү һ are not in Windows-1251 (і is), so most Kazakh rows, and the Russian row
  that spells «Қазақстан темір жолы» as the company does, are left out of this file.

The XLSX and UTF-8 CSV mix header languages (Аты-жөні, Должность, Organisation, Марапат, Тіл,
Күні) to show that a column is recognised by a header in Kazakh, Russian or English. The 36
recipients are fictional; all rows are valid (tests build the invalid ones). The output is the
same on every run: no randomness, no clock (the workbook's timestamps are fixed too).

    python3 tools/make_sample_lists.py
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from qujat.output import stable_zip

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "records"
XLSX = RECORDS / "awards-sample.xlsx"
CSV_UTF8 = RECORDS / "awards-sample.csv"
CSV_CP1251 = RECORDS / "awards-sample-cp1251.csv"

#: Column order: name, position, organisation, award, language, date.
HEADERS = ("Аты-жөні", "Должность", "Organisation", "Марапат", "Тіл", "Күні")
HEADERS_RU = ("ФИО", "Должность", "Организация", "Награда", "Язык", "Дата")
WIDTHS = (62, 44, 72, 18, 6, 12)
SHEET = "Марапаттау"
DATE_FORMAT = "DD.MM.YYYY"  # Excel's number format; "%d.%m.%Y" in the CSVs

ALMATY = dt.date(2018, 7, 4)
AKTOBE = dt.date(2018, 7, 12)
ASTANA = dt.date(2021, 5, 6)
MEDAL, BADGE = "jubilee-medal", "federation-badge"

#: Fixed times so that the same rows give the same workbook bytes.
FIXED_DOC_TIME = dt.datetime(2021, 5, 6, 9, 0, 0)

LONG_NAME = ("Гүлжаһан-Шәрбану Әбдіқадырқызы Сұлтанмахмұтова-Құдайбергенова "
             "(тұрмысқа шыққанға дейінгі тегі — Жанқожаұлы-Бекмұхамбетова)")

# (name, position, organisation, award, language, date); each row's texts in its own language.
ROWS: list[tuple[str, str, str, str, str, dt.date]] = [
    # --- Kazakh ---
    ("Әсел Нұрланқызы Жақсыбекова", "бастауыш кәсіподақ ұйымының төрағасы",
     "“Қазақстан темір жолы” ұлттық компаниясының бастауыш кәсіподақ ұйымы", MEDAL, "kk", ALMATY),
    ("Серік Қайратұлы Өмірзақов", "электровоз машинисі",
     "«ҚТЖ – Жүк тасымалы» ЖШС Алматы локомотив пайдалану депосы", BADGE, "kk", ALMATY),
    ("Гүлмира Сәбитқызы Төлеуова", "бастауыш сынып мұғалімі",
     "Алматы қаласының № 211 жалпы білім беретін мектебі", MEDAL, "kk", ALMATY),
    ("Бауыржан Ерболұлы Құрманғалиев", "тазарту забойының кеншісі",
     "«Шығыс көмір» АҚ «Бөрлітау» кенішінің бастауыш кәсіподақ ұйымы", BADGE, "kk", ASTANA),
    ("Айгүл Жұмабайқызы Есенова", "аға мейірбике",
     "«Ақтөбе қалалық № 2 ауруханасы» ШЖҚ МКК", MEDAL, "kk", AKTOBE),
    ("Нұрлан Бақытжанұлы Сейітқали", "электр монтері",
     "«Ақтөбе өңірлік электр желілері» АҚ бастауыш кәсіподақ ұйымы", BADGE, "kk", AKTOBE),
    (LONG_NAME, "бас есепші",
     "Ақтөбе облыстық кәсіподақтар орталығы", MEDAL, "kk", AKTOBE),
    ("Дәурен Асқарұлы Мұқанов", "инженер-технолог",
     "«Ақтөбе Oil & Gas Services» ЖШС бастауыш кәсіподақ ұйымы", BADGE, "kk", AKTOBE),
    ("Жанар Оралқызы Бекмұхамбетова", "",
     "«Ақтөбе мыс компаниясы» ЖШС бастауыш кәсіподақ ұйымы", BADGE, "kk", AKTOBE),
    ("Ерлан Тұрсынұлы Әбдіров", "жол шебері",
     "«“Қазақстан темір жолы” ҰК» АҚ Ақтөбе жол дистанциясының бастауыш кәсіподақ ұйымы", MEDAL, "kk",
     AKTOBE),
    ("Мәдина Ғалымжанқызы Сұлтанова", "экономист",
     "«Алматы жылу желілері» ЖШС бастауыш кәсіподақ ұйымы", BADGE, "kk", ALMATY),
    ("Қанат Өтепбергенұлы Ысқақов", "бастауыш кәсіподақ ұйымының төрағасы",
     "«Каспий мұнай-газ сервис» ЖШС бастауыш кәсіподақ ұйымы", BADGE, "kk", ASTANA),
    ("Ләззат Һидаятқызы Нұрғалиева", "тәрбиеші",
     "«Балбөбек» № 34 бөбекжай-бақшасы", MEDAL, "kk", ASTANA),
    ("Төлеген Үмбетұлы Жүсіпов", "электргаз дәнекерлеушісі",
     "«Павлодар құбыр зауыты» АҚ бастауыш кәсіподақ ұйымы", BADGE, "kk", ASTANA),
    ("«Ақжайық» ән-би ансамблінің ұжымы", "халықтық көркемөнерпаздар ұжымы",
     "Атырау облыстық кәсіподақтар орталығының Мәдениет үйі", BADGE, "kk", ASTANA),
    ("Әйгерім Болатқызы Қасымова", "акушер-мейірбике",
     "«Шымкент қалалық перзентханасы» МКК", MEDAL, "kk", ALMATY),
    # --- Russian ---
    ("Ирина Викторовна Лебедева", "председатель первичной профсоюзной организации",
     "ППО АО «Алматинские электрические станции»", MEDAL, "ru", ALMATY),
    ("Сергей Николаевич Ковальчук", "машинист электровоза",
     "ППО филиала АО «НК «Қазақстан темір жолы»» — «Алматинское отделение магистральной сети»",
     BADGE, "ru", ALMATY),
    ("Ольга Петровна Ким", "учитель начальных классов",
     "КГУ «Общеобразовательная школа № 47» отдела образования г. Актобе", MEDAL, "ru", AKTOBE),
    ("Дмитрий Александрович Гончаренко", "горнорабочий очистного забоя",
     "ППО шахты «Восточная» АО «Угольная компания «Майкубен-Запад»»", BADGE, "ru", ASTANA),
    ("Наталья Сергеевна Ефимова", "медицинская сестра процедурного кабинета",
     "ГКП на ПХВ «Городская поликлиника № 5» г. Актобе", MEDAL, "ru", AKTOBE),
    ("Алексей Юрьевич Прохоров", "инженер-энергетик",
     "ППО ТОО «Aktobe Energy Service»", BADGE, "ru", AKTOBE),
    ("Бригада «Горняк» участка № 3", "горнопроходческая бригада",
     "ППО ТОО «Костанайские минералы»", BADGE, "ru", ASTANA),
    ("Татьяна Владимировна Шевченко", "главный бухгалтер",
     "Актюбинский областной совет профсоюзов", MEDAL, "ru", AKTOBE),
    ("Виктор Иванович Зайцев", "монтёр пути",
     "ППО Актюбинской дистанции пути", BADGE, "ru", AKTOBE),
    ("Елена Анатольевна Савченко", "воспитатель",
     "ГККП «Ясли-сад № 12 «Солнышко»» г. Алматы", MEDAL, "ru", ALMATY),
    ("Андрей Михайлович Белоусов", "электросварщик ручной сварки",
     "ППО АО «Актюбинский завод металлоконструкций»", BADGE, "ru", AKTOBE),
    ("Светлана Геннадьевна Рахимова", "председатель ППО",
     "ППО ТОО «Б&К Сервис»", BADGE, "ru", ASTANA),
    ("Юрий Борисович Олейник", "электрослесарь подземный",
     "ППО ТОО «Шахта «Ленинская»»", MEDAL, "ru", ASTANA),
    ("Людмила Фёдоровна Ахметова", "ведущий инженер",
     "ППО Актюбинских МЭС — филиала АО «KEGOC»", BADGE, "ru", AKTOBE),
    # --- English ---
    ("Aigerim Serikkyzy Nurpeisova", "Chair of the primary trade union organisation",
     "Primary Trade Union Organisation of “Caspian Pipeline Services” LLP", MEDAL, "en", ALMATY),
    ("Daniyar Bolatuly Abenov", "Mining engineer",
     "Primary Trade Union Organisation of “Zhezkazgan Copper Mines” LLP", BADGE, "en", ASTANA),
    ("Marat & Saule Zhaksylykov", "Railway workers’ labour dynasty",
     "Aktobe branch of “KTZ – Freight Transportation” LLP", BADGE, "en", AKTOBE),
    ("Madina Yerlanovna Kim", "Nurse",
     "Almaty City Clinical Hospital No. 4", MEDAL, "en", ALMATY),
    ("Timur Askarovich Seitkaliyev", "Secondary school teacher",
     "Secondary School No. 64, Astana", BADGE, "en", ASTANA),
    ("Dana Kairatkyzy Omarova", "Power engineer",
     "Primary Trade Union Organisation of «Астана-РЭК» JSC", MEDAL, "en", ASTANA),
]


def _csv_row(row: tuple) -> list[str]:
    *texts, date = row
    return [*texts, date.strftime("%d.%m.%Y")]


def _csv_text(headers: tuple[str, ...], rows: list[tuple], delimiter: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")  # Excel writes CRLF
    writer.writerow(headers)
    writer.writerows(_csv_row(r) for r in rows)
    return buf.getvalue()


def _fits_cp1251(row: tuple) -> bool:
    try:
        ";".join(_csv_row(row)).encode("cp1251")
    except UnicodeEncodeError:
        return False
    return True


def build_xlsx(rows: list[tuple]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center")
    for row in rows:
        sheet.append(list(row))
        sheet.cell(row=sheet.max_row, column=len(HEADERS)).number_format = DATE_FORMAT
    for column, width in zip("ABCDEF", WIDTHS):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    workbook.properties.creator = "qujat"
    workbook.properties.created = FIXED_DOC_TIME
    workbook.properties.modified = FIXED_DOC_TIME
    buf = io.BytesIO()
    workbook.save(buf)
    return stable_zip(buf.getvalue(), FIXED_DOC_TIME)


def main() -> None:
    assert len(ROWS) == 36, len(ROWS)
    RECORDS.mkdir(exist_ok=True)
    XLSX.write_bytes(build_xlsx(ROWS))
    CSV_UTF8.write_bytes(_csv_text(HEADERS, ROWS, ",").encode("utf-8-sig"))
    cp1251_rows = [r for r in ROWS if _fits_cp1251(r)]
    CSV_CP1251.write_bytes(_csv_text(HEADERS_RU, cp1251_rows, ";").encode("cp1251"))
    for path, count in ((XLSX, len(ROWS)), (CSV_UTF8, len(ROWS)), (CSV_CP1251, len(cp1251_rows))):
        print(f"{path.relative_to(ROOT)}: {count} rows")


if __name__ == "__main__":
    main()
