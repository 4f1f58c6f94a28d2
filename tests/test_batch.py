"""Batch printing: combined and split PDFs, the register, bad rows, slices, overlays."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import random

import pytest
from pypdf import PdfReader

import qujat.batch.run
from conftest import ALMATY, RECORDS, run_cli
from qujat import QujatError

DATE = dt.date(2021, 5, 6)


def write_csv(path, rows, header=("ФИО", "Должность", "Награда", "Язык", "Дата")):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_run_sheet(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def batch(source, out, **options):
    options.setdefault("date", DATE)
    return qujat.print_batch(source, out, **options)


def test_sample_xlsx_into_one_pdf_with_register(tmp_path):
    report = batch(RECORDS / "awards-sample.xlsx", tmp_path)
    assert report.issued == 36 and report.failed == 0 and report.exit_code == 0
    pdf = tmp_path / "awards-sample.pdf"
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 36
    register = read_run_sheet(tmp_path / "awards-sample.run-sheet.csv")
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert [r["page"] for r in register] == [str(i) for i in range(1, 37)]
    assert all(r["status"] == "issued" and r["sha256"] == digest and r["file"] == pdf.name for r in register)
    first = reader.pages[0].extract_text()
    assert register[0]["name"] in first and register[0]["number"] in first
    # per-row award and language: the first row is a Kazakh jubilee medal
    assert register[0]["award"] == "jubilee-medal" and register[0]["language"] == "kk" and "КУӘЛІК" in first
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "awards-sample.run-sheet.xlsx").active
    assert [c.value for c in sheet[1]][:4] == ["row", "number", "name", "award"] and sheet.max_row == 37


def test_numbers_run_per_award_from_the_counter_or_start(tmp_path):
    rows = [["A", "", "jubilee-medal", "ru", ""], ["B", "", "federation-badge", "ru", ""],
            ["C", "", "jubilee-medal", "ru", ""]]
    source = write_csv(tmp_path / "l.csv", rows)
    report = batch(source, tmp_path / "o")
    assert [e.number for e in report.entries] == ["A20-0001", "FB-0001", "A20-0002"]
    report = batch(source, tmp_path / "o2", start=100, registry=tmp_path / "another.sqlite3")
    assert [e.number for e in report.entries] == ["A20-0100", "FB-0100", "A20-0101"]


def test_bad_rows_are_reported_and_the_rest_printed(tmp_path):
    rows = [["Әсел Жақсыбекова", "төраға", "federation-badge", "kk", "2021-05-06"],
            ["", "инженер", "federation-badge", "ru", "2021-05-06"],
            ["Лебедева И.В.", "инженер", "gold-star", "ru", "2021-05-06"],
            ["王小明", "engineer", "federation-badge", "en", "2021-05-06"],
            ["Kaliyev S.", "chairman", "federation-badge", "en", "2021-13-45"],
            ["Bekbas\x07O.", "chairman", "federation-badge", "en", "2021-05-06"],
            ["Ирина Лебедева", "инженер", "federation-badge", "ru", "06.05.2021"]]
    report = batch(write_csv(tmp_path / "l.csv", rows), tmp_path / "o")
    assert report.issued == 2 and report.failed == 5 and report.exit_code == 1
    reasons = {e.row: e.reason for e in report.entries if e.status == "failed"}
    assert "name is empty" in reasons[3]
    assert "unknown award 'gold-star'" in reasons[4]
    assert "'王' (U+738B) is not in the font" in reasons[5]
    assert "not a date" in reasons[6]
    assert "control character U+0007" in reasons[7]
    assert len(PdfReader(str(tmp_path / "o" / "l.pdf")).pages) == 2
    register = read_run_sheet(tmp_path / "o" / "l.run-sheet.csv")
    assert [r["status"] for r in register] == ["issued", "failed", "failed", "failed", "failed", "failed", "issued"]
    result = run_cli("batch", str(tmp_path / "l.csv"), "-o", str(tmp_path / "cli"), "--quiet")
    assert result.returncode == 1 and "row 4: unknown award 'gold-star'" in result.stderr
    assert "Traceback" not in result.stderr


def test_strict_stops_before_writing_anything(tmp_path):
    source = write_csv(tmp_path / "l.csv", [["A", "", "jubilee-medal", "ru", ""], ["", "", "jubilee-medal", "ru", ""]])
    with pytest.raises(QujatError, match="row 3: the name is empty"):
        batch(source, tmp_path / "o", strict=True)
    assert not (tmp_path / "o").exists()
    result = run_cli("batch", str(source), "-o", str(tmp_path / "cli"), "--strict")
    assert result.returncode == 2 and not (tmp_path / "cli").exists()


@pytest.mark.parametrize("content, name", [(b"garbage", "l.xlsx"), ("Должность\nинженер\n".encode(), "l.csv")])
def test_unusable_input_exits_2(tmp_path, content, name):
    (tmp_path / name).write_bytes(content)
    result = run_cli("batch", str(tmp_path / name), "-o", str(tmp_path / "o"), "--award", "jubilee-medal")
    assert result.returncode == 2 and "Traceback" not in result.stderr and not (tmp_path / "o").exists()


def test_unknown_columns_are_warned(tmp_path):
    source = write_csv(tmp_path / "l.csv", [["A", "x", "jubilee-medal", "ru", "", "note"]],
                       header=("ФИО", "Должность", "Награда", "Язык", "Дата", "Примечание"))
    report = batch(source, tmp_path / "o")
    assert report.warnings == [f"{source}: columns not used: Примечание"]


def test_same_list_twice_gives_identical_files(tmp_path):
    first, again = (batch(RECORDS / "awards-sample.csv", tmp_path / out) for out in ("a", "b"))
    assert (tmp_path / "a" / "awards-sample.pdf").read_bytes() == (tmp_path / "b" / "awards-sample.pdf").read_bytes()
    assert {e.status for e in first.entries} == {"issued"} and {e.status for e in again.entries} == {"reprinted"}
    assert again.issued == 0 and again.reprinted == len(first.entries)


def test_split_files_are_safe_unique_and_identical_across_jobs(tmp_path):
    rows = [["Бекбас О.Т.", "", "jubilee-medal", "kk", ""], ["../../etc/passwd", "", "jubilee-medal", "kk", ""],
            ["Бекбас О.Т.", "", "jubilee-medal", "kk", ""], ["A/B\\C: D|", "", "jubilee-medal", "en", ""]]
    source = write_csv(tmp_path / "l.csv", rows)
    one = batch(source, tmp_path / "one", split=True)
    two = batch(source, tmp_path / "two", split=True, jobs=2)  # the same registry: reprints, byte for byte
    folder = tmp_path / "one" / "l"
    names = sorted(p.name for p in folder.iterdir())
    # the same person listed twice: the second row is a reprint of the first's certificate
    assert names == ["A20-0001 Бекбас О.Т (2).kk.pdf", "A20-0001 Бекбас О.Т.kk.pdf", "A20-0002 _etc_passwd.kk.pdf",
                     "A20-0003 A_B_C_ D.en.pdf"]
    assert [e.status for e in one.entries] == ["issued", "issued", "reprinted", "issued"]
    assert all(".." not in n and "/" not in n for n in names)
    assert [p.parent for p in folder.rglob("*.pdf")] == [folder] * 4
    for name in names:
        assert (folder / name).read_bytes() == (tmp_path / "two" / "l" / name).read_bytes()
    entries = {e.row: e for e in one.entries}
    assert hashlib.sha256((tmp_path / "one" / entries[2].file).read_bytes()).hexdigest() == entries[2].sha256
    assert [e.file for e in one.entries] == [e.file for e in two.entries]
    assert [e.status for e in two.entries] == ["reprinted"] * 4


def test_duplicate_names_get_a_suffix(tmp_path):
    rows = [["Бекбас О.Т.", "", "jubilee-medal", "kk", "7"]] * 2
    source = write_csv(tmp_path / "l.csv", rows, header=("ФИО", "Должность", "Награда", "Язык", "Номер удостоверения"))
    report = batch(source, tmp_path / "o", split=True)
    names = sorted(p.name for p in (tmp_path / "o" / "l").iterdir())
    assert names == ["7 Бекбас О.Т (2).kk.pdf", "7 Бекбас О.Т.kk.pdf"]
    assert [e.file for e in report.entries] == ["l/7 Бекбас О.Т.kk.pdf", "l/7 Бекбас О.Т (2).kk.pdf"]


def test_rows_slice_numbers_and_files_as_in_full_run(tmp_path):
    full = batch(RECORDS / "awards-sample.csv", tmp_path / "full", split=True)
    part = batch(RECORDS / "awards-sample.csv", tmp_path / "part", split=True, rows=(10, 14))
    assert [e.number for e in part.entries] == [e.number for e in full.entries[9:14]]
    for entry in part.entries:
        name = entry.file.split("/", 1)[1]
        assert (tmp_path / "part" / "awards-sample.rows-10-14" / name).read_bytes() == \
            (tmp_path / "full" / "awards-sample" / name).read_bytes()


def test_duplex_adds_blank_backs(tmp_path):
    source = write_csv(tmp_path / "l.csv", [["A", "", "jubilee-medal", "ru", ""], ["B", "", "jubilee-medal", "ru", ""]])
    batch(source, tmp_path / "o", duplex=True)
    pages = PdfReader(str(tmp_path / "o" / "l.pdf")).pages
    assert len(pages) == 4 and "A" in pages[0].extract_text() and pages[1].extract_text().strip() == ""


def _positions(pdf, needle):
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    for page in extract_pages(str(pdf)):
        for element in page:
            if isinstance(element, LTTextContainer) and needle in element.get_text():
                return element.x0, element.y1
    raise AssertionError(f"{needle} not found")


def test_text_only_overlay_prints_only_personal_texts_shifted(tmp_path):
    source = write_csv(tmp_path / "l.csv", [["Әсел Жақсыбекова", "төраға", "federation-badge", "kk", ""]])
    batch(source, tmp_path / "full")
    batch(source, tmp_path / "overlay", text_only=True, offset_mm=(2.0, 3.0))
    full, overlay = tmp_path / "full" / "l.pdf", tmp_path / "overlay" / "l.pdf"
    text = PdfReader(str(overlay)).pages[0].extract_text()
    assert "Әсел Жақсыбекова" in text and "КУӘЛІК" not in text and "КӘСІПОДАҚТАР" not in text
    (x0, y0), (x1, y1) = _positions(full, "Әсел"), _positions(overlay, "Әсел")
    mm = 72 / 25.4
    assert x1 - x0 == pytest.approx(2 * mm, abs=0.05) and y0 - y1 == pytest.approx(3 * mm, abs=0.05)


def test_calibration_page(tmp_path):
    result = run_cli("batch", "--calibration", "--award", "federation-badge", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    text = PdfReader(str(tmp_path / "calibration.federation-badge.pdf")).pages[0].extract_text()
    assert "name" in text and "100" in text


def test_record_awards_as_batch(tmp_path):
    report = batch(ALMATY, tmp_path, date=None)
    assert report.issued == 3
    text = PdfReader(str(tmp_path / f"{ALMATY.stem}.pdf")).pages[1].extract_text()
    assert "Бекбас О.Т." in text and "4 июля 2018" in text and "г. Алматы" in text


def test_300_rows_read_back_page_by_page(tmp_path):
    """300 rows give 300 pages in list order: the register places every row on its own page with
    its own number, and the text read back from the first, the last and twelve pages between
    (seeded, so a failure repeats) is that row's name and number. Every page is drawn by the same
    code, so reading all 300 back (half a minute) proves no more than the sample."""
    names = [f"Қатысушы Әсел {i}" for i in range(300)]
    source = write_csv(tmp_path / "l.csv", [[n, "төраға", "federation-badge", "kk", ""] for n in names])
    seen = []
    report = batch(source, tmp_path / "o", progress=lambda done, total: seen.append((done, total)))
    assert report.issued == 300 and seen == [(done, 300) for done in range(1, 301)]
    register = read_run_sheet(tmp_path / "o" / "l.run-sheet.csv")
    assert [(r["name"], r["number"], r["page"]) for r in register] == \
        [(name, f"FB-{i + 1:04d}", str(i + 1)) for i, name in enumerate(names)]
    reader = PdfReader(str(tmp_path / "o" / "l.pdf"))
    assert len(reader.pages) == 300
    for i in [0, 299, *random.Random(300).sample(range(1, 299), 12)]:
        text = reader.pages[i].extract_text()
        assert f"{names[i]}\n" in f"{text}\n" and f"FB-{i + 1:04d}" in text, (i, text)


def test_interrupted_batch_leaves_no_partial_pdf(tmp_path, monkeypatch):
    from qujat.certificates.design import CertificateDesign

    source = write_csv(tmp_path / "l.csv", [[f"A{i}", "", "jubilee-medal", "ru", ""] for i in range(20)])
    original, calls = CertificateDesign.draw, []

    def draw(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 10:
            raise KeyboardInterrupt
        return original(self, *args, **kwargs)

    monkeypatch.setattr(CertificateDesign, "draw", draw)
    with pytest.raises(KeyboardInterrupt):
        batch(source, tmp_path / "o")
    assert list((tmp_path / "o").iterdir()) == []


def test_template_list_command(tmp_path):
    result = run_cli("batch", "--template-list", str(tmp_path / "awards.xlsx"), "--lang", "ru")
    assert result.returncode == 0
    from openpyxl import load_workbook

    assert [c.value for c in load_workbook(tmp_path / "awards.xlsx").active[1]][:3] == \
        ["Фамилия, имя, отчество", "Должность", "Организация"]


def test_run_sheet_cells_follow_the_columns():
    from dataclasses import astuple

    from qujat.batch.run_sheet import SheetRow, _cells

    entry = SheetRow(row=3, number="FB-0001", name="Ким", award="federation-badge", language="kk",
                     date="2021-05-06", status="issued", file="l.pdf", page=2, sha256="ab", reason="note")
    assert list(_cells([entry])) == [astuple(entry)]


def test_xlsx_tables_open_in_openpyxl_with_their_types_and_are_reproducible(tmp_path):
    from openpyxl import load_workbook

    from qujat.spreadsheet import xlsx_bytes

    rows = [["=1+1", 7, 2.5, dt.date(2018, 7, 4), dt.datetime(2018, 7, 4, 12, 30), None, "  a <b> & \x07"]]
    data = xlsx_bytes("journal", ["text", "int", "float", "date", "time", "none", "odd"], rows)
    assert data == xlsx_bytes("journal", ["text", "int", "float", "date", "time", "none", "odd"], rows)
    (tmp_path / "t.xlsx").write_bytes(data)
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert sheet.title == "journal" and sheet["A1"].font.b and not sheet["A2"].font.b
    assert [c.value for c in sheet[2]] == ["=1+1", 7, 2.5, dt.datetime(2018, 7, 4), dt.datetime(2018, 7, 4, 12, 30),
                                           None, "  a <b> & \ufffd"]
    assert sheet["A2"].data_type == "s" and sheet["D2"].number_format == "yyyy-mm-dd"


@pytest.mark.parametrize(("lang", "number", "printed"), [("kk", "ҮЛГІ", "№ ҮЛГІ"), ("ru", "ОБРАЗЕЦ", "№ ОБРАЗЕЦ"),
                                                     ("en", "DRAFT", "No. DRAFT")])
def test_a_split_draft_is_named_by_the_number_its_language_prints(tmp_path, lang, number, printed):
    """A draft's number is the word of its certificate's language, on the page and in its file's name."""
    source = write_csv(tmp_path / "l.csv", [("Ким Ан", "төраға", "jubilee-medal", lang, "2021-05-06")])
    done = run_cli("batch", str(source), "--split", "--draft", "-q", "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (tmp_path / "out" / "l").iterdir()] == [f"{number} Ким Ан.{lang}.pdf"]
    text = PdfReader(str(tmp_path / "out" / "l" / f"{number} Ким Ан.{lang}.pdf")).pages[0].extract_text()
    assert printed in text


# --- a name in the other script than its certificate's language ---------------------------

SCRIPT_ROWS = [["B. Zh. Abdirayim", "kk"], ["Асель Нұрланқызы Sultanova", "kk"], ["Жасыбекова Әсел", "en"],
               ["Madina Kim", "en"], ["Жасыбекова Әсел", "kk-Latn"], ["Ахмeтов Ерлан", "kk"],
               ["Харрасов А.", "ru+en"]]


def _script_list(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ФИО", "Язык"])
        writer.writerows(rows)
    return path


def test_a_name_in_the_other_script_is_printed_as_written_and_the_office_told(tmp_path):
    from qujat.certificates.assemble import Issuing

    source = _script_list(tmp_path / "l.csv", SCRIPT_ROWS)
    report = qujat.print_batch(source, tmp_path / "o", award="federation-badge", date=DATE, issuing=Issuing())
    assert [e.status for e in report.entries] == ["issued"] * 7 and report.exit_code == 0
    latin = ("the name «%s» is printed as written, in Latin letters («%s»), on a certificate in kk: if it should be "
             "in Cyrillic letters, write it so, as the person spells it")
    cyrillic = ("the name «Жасыбекова Әсел» is printed as written, in Cyrillic letters («Жасыбекова»), on a "
                "certificate in en: if it should be in Latin letters, write it so, as in the person's passport")
    sheet = read_run_sheet(tmp_path / "o" / "l.run-sheet.csv")
    assert [r["reason"] for r in sheet] == [latin % ("B. Zh. Abdirayim", "Abdirayim"),
                                            latin % ("Асель Нұрланқызы Sultanova", "Sultanova"), cyrillic,
                                            "", "", "", ""]
    assert report.warnings == [f"{source}: row 2: " + latin % ("B. Zh. Abdirayim", "Abdirayim"),
                               f"{source}: row 3: " + latin % ("Асель Нұрланқызы Sultanova", "Sultanova"),
                               f"{source}: row 4: " + cyrillic]
    pages = [p.extract_text() for p in PdfReader(str(tmp_path / "o" / "l.pdf")).pages]
    assert "B. Zh. Abdirayim" in pages[0] and "Жасыбекова Әсел" in pages[2]  # as written: never a guess
    assert "Jasybekova Äsel" in pages[4] and "Жасыбекова" not in pages[4]  # kk-Latn converts the Kazakh
    found = qujat.batch.run.check_list(source, award="federation-badge", date=DATE)
    assert found.warnings == report.warnings and found.problems == []


def test_many_names_in_the_other_script_are_counted_after_the_first_five(tmp_path):
    source = _script_list(tmp_path / "l.csv", [[f"Kaliev Serik {chr(ord('A') + i)}.", "ru"] for i in range(8)])
    result = run_cli("--ui-lang", "ru", "batch", str(source), "--award", "federation-badge", "--date", "2021-05-06",
                     "--draft", "-o", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("предупреждение")]
    assert len(warnings) == 6
    assert warnings[0].endswith("строка 2: ФИО «Kaliev Serik A.»: печатается как написано, латиницей («Kaliev»), "
                                "в удостоверении на языке ru; если нужно кириллицей, напишите так, как пишет сам "
                                "человек")
    assert warnings[5].endswith("ещё 3 строки — то же самое: см. столбец «причина» ведомости выдачи")


def test_the_run_sheet_is_in_the_users_language_and_read_back_in_any(tmp_path):
    import openpyxl

    from qujat.certificates.assemble import Issuing

    source = _script_list(tmp_path / "l.csv", [["Бекбас О.Т.", "kk"], ["Бекбас\x07", "kk"]])
    qujat.print_batch(source, tmp_path / "o", award="federation-badge", date=DATE, split=True, ui_lang="ru",
                      issuing=Issuing())
    with open(tmp_path / "o" / "l.run-sheet.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    headings = ["строка", "номер", "ФИО", "награда", "язык", "дата", "статус", "файл", "страница", "SHA-256", "причина"]
    assert rows[0] == headings
    assert [(r[0], r[6], r[10]) for r in rows[1:]] == [("2", "выдано", ""),
                                                      ("3", "с ошибкой", "ФИО: в тексте управляющий символ U+0007")]
    book = openpyxl.load_workbook(tmp_path / "o" / "l.run-sheet.xlsx", read_only=True)
    assert book.sheetnames == ["ведомость выдачи"]
    assert [cell.value for cell in next(book.active.iter_rows(max_row=1))] == headings
    book.close()
    # the next run into the folder, in Kazakh, reads the Russian sheet: the first run's file is kept
    _script_list(source, [["Омаров Б.А.", "kk"]])
    qujat.print_batch(source, tmp_path / "o", award="federation-badge", date=DATE, split=True, ui_lang="kk",
                      issuing=Issuing())
    with open(tmp_path / "o" / "l.run-sheet.csv", encoding="utf-8-sig", newline="") as fh:
        again = list(csv.reader(fh))
    assert again[0][:3] == ["жол", "нөмірі", "аты-жөні"]
    assert [(r[2], r[6]) for r in again[1:]] == [("Бекбас О.Т.", "берілді"), ("Омаров Б.А.", "берілді")]
