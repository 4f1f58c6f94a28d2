"""Minutes on any office template, as PDF through LibreOffice, and pages a clerk would sign.

The LibreOffice tests convert several documents in one run each, to keep the suite quick.
"""
from __future__ import annotations

import datetime
import re
import subprocess
import warnings
import zipfile

import docx
import pytest
from docx.shared import Cm

import qujat
from conftest import AKTOBE, ALMATY, base_record, docx_text, require_tool, run_cli
from qujat import TemplateError
from qujat.errors import QujatWarning
from qujat.minutes.blocks import Footer, Pair, Table
from qujat.minutes.compose import default_reference, minutes_blocks


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _signature_words(blocks) -> set[str]:
    words: set[str] = set()
    for block in blocks:
        if isinstance(block, Table) and block.cell_style_of(0) == "Signature":
            words.update(w for row in block.rows for cell in row for w in _words(cell))
        elif isinstance(block, Pair) and block.style == "Signature":
            words.update(_words(block.left.text) + _words(block.right.text))
        elif isinstance(block, Footer):
            words.update(_words(block.text))
    return words


def _karaganda(count: int) -> dict:
    """A large meeting after the Karaganda records: ``count`` people with initials, long posts."""
    people = [{"name": {"kk": f"Н.Қ. Сейітқазы {i}", "ru": f"Сейтказы Н.К. {i}", "en": f"N. Seitkazy {i}"},
               "position": {"kk": "облыстық кәсіподақтар бірлестігінің төрағасы",
                            "ru": "председатель областного объединения профсоюзов",
                            "en": "chairman of the regional association of trade unions"},
               "organisation": {"kk": f"Қарағанды облысы, бөлім К{i:02d}",
                                "ru": f"Карагандинская область, отдел К{i:02d}",
                                "en": f"Karaganda region, section К{i:02d}"}}
              for i in range(1, count + 1)]
    return base_record(attendees=people, language="kk")


def test_sample_minutes_as_pdf_keep_signatures_rows_and_footers(write_record, tmp_path):
    """kk, ru, en, kk+ru and a 40-person record, converted in one LibreOffice run: the signatures
    share their page with body text, no appendix row splits, every page says page X of Y."""
    require_tool("soffice")
    from pypdf import PdfReader

    big = qujat.load_record(write_record(_karaganda(40), "karaganda.yaml"))
    cases = [(qujat.load_record(ALMATY), "ru"), (qujat.load_record(AKTOBE), "kk"), (qujat.load_record(ALMATY), "en"),
             (qujat.load_record(ALMATY), "kk+ru"), (big, "kk"), (big, "kk+ru")]
    written = [(record, tmp_path / f"{i}.{lang}.pdf", lang) for i, (record, lang) in enumerate(cases)]
    # one LibreOffice run for every case (render_minutes_many takes one language for all)
    from qujat.minutes.compose import minutes_bytes
    from qujat.minutes.libreoffice import docx_to_pdf

    pdfs = docx_to_pdf([minutes_bytes(record, lang=lang) for record, _, lang in written])
    for (record, path, lang), pdf in zip(written, pdfs):
        path.write_bytes(pdf)
        pages = [page.extract_text() for page in PdfReader(str(path)).pages]
        blocks = minutes_blocks(record, lang)
        footer = next(b for b in blocks if isinstance(b, Footer)).text
        for i, text in enumerate(pages, start=1):
            expected = _flat(footer.replace("{PAGE}", str(i)).replace("{NUMPAGES}", str(len(pages))))
            assert expected in _flat(text), f"{lang} page {i}: no '{expected}'"
        signature_words = _signature_words(blocks)
        first_appendix = len(record.attendees) > 15
        last_body = max(i for i, text in enumerate(pages) if "_" * 15 in text)  # the signature lines
        body = [w for w in _words(pages[last_body]) if w not in signature_words and not w.isdigit()]
        assert len(body) >= 5, f"{lang}: the signatures stand alone on page {last_body + 1}: {pages[last_body]!r}"
        if first_appendix:
            flat = [_flat(text) for text in pages]
            for n in range(1, len(record.attendees) + 1):
                name = _flat(record.attendees[n - 1].name[lang.split("+")[0]])
                where = [i for i, text in enumerate(flat) if re.search(rf"{re.escape(name)}(?!\d)", text)]
                org = [i for i, text in enumerate(flat) if re.search(rf"\bК{n:02d}\b", text)]
                assert len(where) == 1 and where == org, f"{lang}: appendix row {n} split across pages {where} {org}"
            appendix_pages = [i for i, text in enumerate(pages) if i > last_body]
            assert all("№" in pages[i] for i in appendix_pages), f"{lang}: the heading row is not repeated"


def test_cli_writes_pdf_pdfa_and_keeps_docx_in_one_run(tmp_path):
    require_tool("soffice")
    out = tmp_path / "out"
    done = run_cli("minutes", str(ALMATY), str(AKTOBE), "--pdfa", "--keep-docx", "-o", str(out))
    assert done.returncode == 0, done.stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert [p.name for p in pdfs] == ["2018-07-04-almaty-south-cluster.ru.pdf", "2018-07-12-aktobe-west-cluster.kk.pdf"]
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-") and b"pdfaid:part>2<" in data.replace(b"</", b"<")
        assert pdf.with_suffix(".docx").is_file()
    assert not list(out.glob(".*.part"))


def test_output_extension_decides_and_unknown_is_a_usage_error(tmp_path):
    done = run_cli("minutes", str(ALMATY), "-o", str(tmp_path / "minutes.txt"))
    assert done.returncode == 2 and "give a .docx or .pdf" in done.stderr and not list(tmp_path.iterdir())
    done = run_cli("minutes", str(ALMATY), str(AKTOBE), "-o", str(tmp_path / "both.pdf"))
    assert done.returncode == 2 and "folder" in done.stderr


def test_pdf_without_libreoffice_says_how_to_install_and_writes_nothing(tmp_path):
    done = run_cli("minutes", str(ALMATY), "-o", str(tmp_path / "m.pdf"), QUJAT_SOFFICE="no-such-soffice")
    assert done.returncode == 2
    assert "apt-get install libreoffice-writer-nogui" in done.stderr and len(done.stderr.splitlines()) == 1
    assert not list(tmp_path.iterdir())


def _renamed_styles(tmp_path, renames: dict[bytes, bytes]):
    path = tmp_path / "renamed.docx"
    with zipfile.ZipFile(default_reference()) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/styles.xml":
                for old, new in renames.items():
                    data = data.replace(old, new)
            dst.writestr(info, data)
    return path


def test_styles_are_found_by_every_name_form(write_record, tmp_path):
    """LibreOffice writes ``Heading 1`` where Word stores ``heading 1``; ids differ (TextBody)."""
    template = _renamed_styles(tmp_path, {
        b'w:val="heading 1"': b'w:val="Heading 1"',
        b'w:styleId="BodyText"': b'w:styleId="TextBody"',
        b'<w:name w:val="Resolution"/>': b'<w:name w:val="Decision"/><w:aliases w:val="Resolution,Decision"/>',
        b'w:styleId="Vote"><w:name w:val="Vote"/>': b'w:styleId="Vote2"><w:name w:val="Vote Old"/>'})
    record = qujat.load_record(write_record(base_record()))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = qujat.render_minutes(record, tmp_path / "o.docx", template=template)
    added = [str(w.message) for w in caught if issubclass(w.category, QujatWarning)]
    assert len(added) == 1 and "Vote" in added[0] and "Heading" not in added[0], added
    document = docx.Document(str(out))
    ids = {p.style.style_id for p in document.paragraphs}
    assert {"Heading1", "TextBody", "Resolution"} <= ids


def test_blank_documents_are_templates_with_their_page_setup(write_record, tmp_path):
    blank = docx.Document()
    section = blank.sections[0]
    section.page_width, section.page_height, section.left_margin = Cm(21.59), Cm(27.94), Cm(2.2)
    blank.save(str(tmp_path / "blank.docx"))
    record = qujat.load_record(write_record(base_record()))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = qujat.render_minutes(record, tmp_path / "o.docx", template=tmp_path / "blank.docx")
    # python-docx's default styles (Calibri, blue headings) are no office's choice: the minutes
    # take every style from the built-in reference, with nothing to warn about
    assert not [w for w in caught if issubclass(w.category, QujatWarning)]
    document = docx.Document(str(out))
    builtin = docx.Document(str(default_reference()))
    for name in ("Normal", "Heading 1", "Body Text", "Title"):
        assert document.styles[name].element.xml == builtin.styles[name].element.xml, name
    assert abs(document.sections[0].page_width - Cm(21.59)) < 1000
    assert abs(document.sections[0].left_margin - Cm(2.2)) < 1000
    assert document.paragraphs[0].style.name == "Letterhead"
    assert "Федерация профсоюзов Республики Казахстан" in docx_text(out)[0]


def test_libreoffice_saved_templates_work(write_record, tmp_path):
    """The README's restyle steps (reference.docx re-saved by LibreOffice) and a blank LibreOffice
    document, made in one LibreOffice run."""
    soffice = require_tool("soffice")
    (tmp_path / "blank.txt").write_text("", encoding="utf-8")
    done = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "lo"),
                           str(default_reference()), str(tmp_path / "blank.txt")],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    record = qujat.load_record(write_record(base_record()))
    for name in ("reference.docx", "blank.docx"):
        out = qujat.render_minutes(record, tmp_path / f"out-{name}", template=tmp_path / "lo" / name)
        assert "Федерация профсоюзов Республики Казахстан" in docx_text(out)[0]


def test_template_command_writes_the_reference_and_errors_name_it(write_record, tmp_path):
    done = run_cli("template", "minutes", "-o", str(tmp_path / "office.docx"))
    assert done.returncode == 0 and (tmp_path / "office.docx").read_bytes() == default_reference().read_bytes()
    (tmp_path / "bad.docx").write_text("not a document", encoding="utf-8")
    record = qujat.load_record(write_record(base_record()))
    with pytest.raises(TemplateError, match=r"generate template minutes -o office\.docx") as info:
        qujat.render_minutes(record, tmp_path / "o.docx", template=tmp_path / "bad.docx")
    assert "templates/minutes" not in str(info.value)


def test_attendance_table_has_widths_repeated_heading_and_rows_kept_whole(write_record, tmp_path):
    out = qujat.render_minutes(qujat.load_record(write_record(_karaganda(20))), tmp_path / "m.docx", lang="ru")
    table = docx.Document(str(out)).tables[-1]
    widths = [column.width for column in table.columns]
    assert widths[0] < Cm(1.5) and widths[1] > Cm(4) and table.rows[3].cells[0].width == widths[0]
    xml = table._tbl.xml
    assert xml.count("<w:cantSplit") == len(table.rows) and xml.count("<w:tblHeader") == 1


def test_bilingual_cells_are_left_aligned_with_initials_kept(write_record, tmp_path):
    out = qujat.render_minutes(qujat.load_record(write_record(base_record())), tmp_path / "m.docx", lang="kk+ru")
    table = docx.Document(str(out)).tables[0]
    cells = [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    assert any("Б.Ж.\u00a0Әбдірайым" in p.text for p in cells) and any("Абдирайым\u00a0Б.Ж." in p.text for p in cells)
    body = [p for p in cells if p.style.name == "Body Text"]
    assert body and all(p.paragraph_format.alignment == 0 for p in body)  # WD_ALIGN_PARAGRAPH.LEFT


def test_item_vote_prints_once_after_all_resolutions(write_record, tmp_path):
    record = base_record()
    item = record["agenda"][0]
    item["vote"] = item["resolutions"][0].pop("vote")
    lines = docx_text(qujat.render_minutes(qujat.load_record(write_record(record)), tmp_path / "m.docx", lang="ru"))
    votes = [i for i, line in enumerate(lines) if line.startswith("Голосовали")]
    assert len(votes) == 1 and votes[0] == next(i for i, line in enumerate(lines) if line.startswith("1.2.")) + 1
    per_resolution = docx_text(_render_base(write_record, tmp_path))
    first = next(i for i, line in enumerate(per_resolution) if line.startswith("1.1."))
    assert per_resolution[first + 1].startswith("Голосовали")


def _render_base(write_record, tmp_path):
    record = qujat.load_record(write_record(base_record(), "b.yaml"))
    return qujat.render_minutes(record, tmp_path / "b.docx", lang="ru")


def test_long_title_and_forbidden_characters_in_metadata(write_record, tmp_path):
    title = ("Об итогах совместной работы отраслевых профсоюзов и территориальных объединений профсоюзов "
             "Южного кластера по защите трудовых и социально-экономических прав работников, заключению "
             "коллективных договоров и подготовке к съезду Федерации профсоюзов Республики Казахстан в 2018 г.")
    assert len(title) == 276
    out = _render_base_record(write_record, tmp_path, base_record(title={"ru": title, "kk": "x", "en": "x"}))
    props = docx.Document(str(out)).core_properties
    assert len(props.title) <= 255 and props.title.endswith("…") and title.startswith(props.title[:-1].rstrip())
    from qujat.minutes.writer import CoreProperties, build_docx

    dirty = "кластерного\x07 совещания\ufffe\ud800"
    data = build_docx([], None, CoreProperties(dirty, dirty, dirty, "ru", datetime.date(2018, 7, 4)))
    (tmp_path / "p.docx").write_bytes(data)
    props = docx.Document(str(tmp_path / "p.docx")).core_properties
    assert props.title == props.subject == props.author == "кластерного совещания"


def _render_base_record(write_record, tmp_path, record):
    return qujat.render_minutes(qujat.load_record(write_record(record)), tmp_path / "m.docx", lang="ru")
