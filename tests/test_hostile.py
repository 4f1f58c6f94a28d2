"""Hostile input: every file under tests/hostile/ fails cleanly and quickly, or comes out literally.

The time bound is the test runner's (pytest-timeout): a hang fails the test instead of CI.
"""
from __future__ import annotations

import csv
import os
import re
import resource
from pathlib import Path

import pytest

import qujat
from conftest import docx_text, run_cli
from qujat import QujatError, RecordError, TemplateError
from qujat.batch.run import run_batch as print_batch
from qujat.certificates.definitions import load_award

HOSTILE = Path(__file__).parent / "hostile"
pytestmark = pytest.mark.timeout(60)


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name, message", [
    ("billion-laughs.yaml", "expands to more than 200,000 values"),
    ("python-object.yaml", "the tag '!!python/object/apply:os.system' is not allowed"),
    ("duplicate-keys.yaml", "duplicate key 'date'"),
    ("deep-nesting.yaml", "nested too deeply"),
    ("control-characters.yaml", "control character U\\+0007"),
    ("not-utf8.yaml", "is not UTF-8 text"),
])
def test_hostile_records_fail_cleanly(tmp_path, name, message):
    with pytest.raises(RecordError, match=message) as info:
        qujat.load_record(HOSTILE / name)
    assert str(HOSTILE / name) in info.value.render()
    result = run_cli("minutes", str(HOSTILE / name), "-o", str(tmp_path / "m.docx"))
    assert result.returncode == 2 and "Traceback" not in result.stderr and re.search(message, result.stderr)
    assert not (tmp_path / "m.docx").exists()
    assert not Path("/tmp/qujat-pwned").exists()


def test_oversized_yaml_is_refused_before_parsing(tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    big.write_text("language: ru\nnote: \"" + "x" * (5 * 1024 * 1024) + "\"\n", encoding="utf-8")
    with pytest.raises(RecordError, match="over the limit of 5242880"):
        qujat.load_record(big)
    with pytest.raises(RecordError, match="over the limit of 100"):
        qujat.load_record(HOSTILE / "duplicate-keys.yaml", settings=qujat.Settings(max_yaml_bytes=100))


def test_record_texts_are_data_not_templates(tmp_path):
    record = qujat.load_record(HOSTILE / "record-with-template-syntax.yaml")
    text = "\n".join(docx_text(qujat.render_minutes(record, tmp_path / "m.docx")))
    assert "{{ ''.__class__.__mro__ }} Федерация" in text and "г. {{ 7 * 7 }}" in text
    assert "{% for i in range(10) %}x{% endfor %}" in text and "{{ config }}" in text
    assert "<script>alert(1)</script> & «Взаимодействие»" in text and "=cmd|' /C calc'!A0" in text


@pytest.mark.timeout(30)
@pytest.mark.parametrize("name, seconds, message", [
    # the time limit is only what the endless loop must hit; the other attacks must be refused for
    # what they are however slow the machine is, so their limit is far above the time they take
    ("template-escape", "25", "access to attribute '__class__'"),
    ("template-endless-loop", "1", "ran longer than 1 s and was stopped"),
    ("template-huge-string", "25", "may not build a value longer than"),
    ("template-division-by-zero", "25", "template failed: ZeroDivisionError: division by zero"),
    ("template-center-huge", "25", "center: a template may not build a value longer than 100000"),
    # stopped at the doubling, before the doubled text is made
    ("template-namespace-doubling", "25", "~: a template may not build a value longer than 100000"),
    ("template-join-long-separator", "25", "join: a template may not build a value longer than 100000"),
    ("template-list-of-one-text", "25", "a template may not write a value longer than 100000"),
    ("template-macro-output", "25", "a template may not write more than 100000 characters"),
    ("template-format-repeat", "25", "format: a template may not build a value longer than 100000"),
    ("template-power-tower", "25", "a template may not make a number of more than 100,000 digits"),
    ("template-bad-format", "25", "template failed: TypeError: %d format"),
])
def test_hostile_award_templates_are_stopped(tmp_path, monkeypatch, name, seconds, message):
    award = load_award(name, [HOSTILE / "awards"])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(TemplateError, match=message) as info:
        qujat.render_certificate(award, "Бекбас", tmp_path / "c.pdf",
                                 settings=qujat.Settings(template_seconds=float(seconds)))
    assert "template-" in info.value.render()
    assert not (tmp_path / "c.pdf").exists()
    # refused before the value is built: the process's peak memory grew by less than 50 MB
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024


@pytest.mark.timeout(20)
def test_zip_bomb_is_refused(tmp_path):
    with pytest.raises(QujatError, match="refused as a zip bomb"):
        print_batch(HOSTILE / "zip-bomb.xlsx", tmp_path, award="jubilee-medal")
    assert not tmp_path.joinpath("zip-bomb.pdf").exists()


@pytest.mark.timeout(30)
def test_a_million_rows_are_refused_quickly(tmp_path):
    path = tmp_path / "million.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("name\n")
        fh.write("Әсел\n" * 1_000_000)
    result = run_cli("batch", str(path), "--award", "jubilee-medal", "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "has 1,000,001 rows, more than the 100,000 people" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_list_of_exactly_the_limit_of_people_is_read_and_one_more_is_refused(tmp_path):
    """The limit counts people: the title, the headings and a total row above and below them are
    not. Tried at a limit of 2,000 (the same count as the default's 100,000, in a fiftieth of the
    time)."""
    from qujat.lists.read import read_list
    from qujat.settings import Settings, applied

    assert Settings().max_list_rows == 100_000
    for people, refused in ((2_000, False), (2_001, True)):
        path = tmp_path / f"{people}.csv"
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("Список награждённых\n\nФИО;Должность\n")
            fh.writelines(f"Әсел {i};маман\n" for i in range(people))
            fh.write(f"Итого: {people};\n")
        with applied(Settings(max_list_rows=2_000)):
            if refused:
                with pytest.raises(QujatError, match=r"has 2,001 people, more than 2,000; split it \(--rows\)"):
                    read_list(path)
            else:
                assert read_list(path).total == 2_000


def test_formulas_print_as_text_and_stay_inert_in_the_register(tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    report = print_batch(HOSTILE / "formula-injection.csv", tmp_path, award="jubilee-medal", lang="ru")
    assert report.issued == 2
    text = PdfReader(str(tmp_path / "formula-injection.pdf")).pages[0].extract_text()
    assert "=cmd|' /C calc'!A0" in text and "+1+1" in text
    with open(tmp_path / "formula-injection.run-sheet.csv", encoding="utf-8-sig") as fh:
        names = [row["name"] for row in csv.DictReader(fh)]
    assert names == ["'=cmd|' /C calc'!A0", "'@SUM(1+1)"]
    sheet = load_workbook(tmp_path / "formula-injection.run-sheet.xlsx").active
    cells = [sheet.cell(row=r, column=3) for r in (2, 3)]
    assert [c.value for c in cells] == ["=cmd|' /C calc'!A0", "@SUM(1+1)"] and all(c.data_type == "s" for c in cells)


def test_formula_cells_in_xlsx_give_their_cached_values_never_run(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["name", "position"])
    wb.active.append(["=CONCAT(\"Бек\",\"бас\")", "x"])
    wb.save(tmp_path / "f.xlsx")  # openpyxl saves no cached value: the cell reads as empty
    report = print_batch(tmp_path / "f.xlsx", tmp_path / "o", award="jubilee-medal")
    assert report.failed == 1 and "name is empty" in report.entries[0].reason


def test_names_never_leave_the_output_folder(tmp_path):
    report = print_batch(HOSTILE / "path-traversal.csv", tmp_path / "out", award="jubilee-medal", split=True)
    assert report.issued == 4
    written = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file())
    # the run sheets beside the list's folder, every certificate in it, named without a path
    assert written == ["path-traversal.run-sheet.csv", "path-traversal.run-sheet.xlsx",
                       "path-traversal/A20-0001 _tmp_qujat-escaped.kk.pdf",
                       "path-traversal/A20-0002 _etc_passwd.kk.pdf", "path-traversal/A20-0003.kk.pdf",
                       "path-traversal/A20-0004 C_Windows_system32.kk.pdf"]
    assert not Path("/tmp/qujat-escaped.kk.pdf").exists()


def test_glyphs_the_font_lacks_fail_their_row_only(tmp_path):
    report = print_batch(HOSTILE / "glyphs-no-font-has.csv", tmp_path, award="jubilee-medal", lang="ru")
    from pypdf import PdfReader

    reasons = [e.reason for e in report.entries]
    assert "(U+0645) is not in the font" in reasons[0] and "(U+1F600) is not in the font" in reasons[1]
    # PT Serif has the combining acute (U+0301, glyph 311 in all four faces): «Е́лена» prints, the accent kept
    assert [e.status for e in report.entries] == ["failed", "failed", "issued"] and not reasons[2]
    (pages,) = [PdfReader(str(pdf)).pages for pdf in report.outputs]
    assert len(pages) == 1 and "\u0415\u0301\u043b\u0435\u043d\u0430" in pages[0].extract_text()


def test_symlink_at_the_target_is_replaced_not_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "m.docx"
    os.symlink(victim, link)
    record = qujat.load_record(Path(__file__).parent.parent / "records" / "2018-07-04-almaty-south-cluster.yaml")
    qujat.render_minutes(record, link)
    assert victim.read_text() == "precious" and not link.is_symlink()


def test_forbidden_xml_characters_are_removed_with_a_warning(tmp_path):
    import datetime as dt

    from qujat.errors import QujatWarning
    from qujat.minutes.blocks import Paragraph
    from qujat.minutes.compose import default_reference
    from qujat.minutes.writer import CoreProperties, build_docx

    with pytest.warns(QujatWarning, match="removed U\\+0007"):
        data = build_docx([Paragraph("Body Text", "Bell\x07 here")], default_reference(),
                          CoreProperties("t", "a", "s", "ru", dt.date(2018, 7, 4)))
    (tmp_path / "w.docx").write_bytes(data)
    assert "Bell here" in docx_text(tmp_path / "w.docx")


def test_non_finite_sizes_and_positions_are_refused_when_loaded():
    with pytest.raises(TemplateError) as info:
        load_award("size-infinite", [HOSTILE / "awards"])
    text = info.value.render()
    assert "size-infinite.yaml:6:" in text and "elements[0].x" in text and "elements[0].size" in text
    assert "finite number" in text


def test_a_qr_code_with_fixed_text_is_drawn(tmp_path):
    from conftest import decode_qr

    award = load_award("qr-fixed-text", [HOSTILE / "awards"])
    path = qujat.render_certificate(award, "Бекбас", tmp_path / "c.pdf", draft=True)  # unsealed: the text itself
    assert decode_qr(path) == ["https://fprk.kz/verify"]


@pytest.mark.timeout(60)
def test_hostile_definition_from_the_command_line_is_one_line_exit_2(tmp_path):
    result = run_cli("certificate", "--award", "template-division-by-zero", "--name", "Бекбас", "-o",
                     str(tmp_path / "c.pdf"), QUJAT_AWARDS_PATH=str(HOSTILE / "awards"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and "template-division-by-zero.yaml" in result.stderr
    assert not (tmp_path / "c.pdf").exists()


@pytest.mark.parametrize("depth", [5, 60, 99, 150, 3000])
@pytest.mark.parametrize("style", ["flow", "block", "compact", "mapping"])
def test_the_nesting_bound_is_never_below_the_real_depth(style, depth):
    """Files the bound calls shallow go to libyaml's recursive composer: none may be deeper."""
    from qujat.records.source import _deeper_than, _nesting_bound, _PureLoader

    text = {"flow": "[" * depth + "]" * depth,
            "block": "".join(" " * (2 * i) + "-\n" for i in range(depth)) + " " * (2 * depth) + "x",
            "compact": "- " * depth + "x", "mapping": "".join(" " * (2 * i) + f"k{i}:\n" for i in range(depth))
            + " " * (2 * depth) + "x"}[style]
    deep = _deeper_than(text, 100, _PureLoader) if depth < 900 else True
    assert deep == (depth > 100) and (_nesting_bound(text) > 100 or not deep)
