"""Blocks (paragraphs, tables, page breaks) into a DOCX built on a reference document's styles.

The reference document (pandoc's model) carries page size, margins, headers, logo and every
named style; this module only chooses style names, never fonts or sizes.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qujat.errors import Location, TemplateError
from qujat.output import stable_zip

FIELD_TOKEN = re.compile(r"\{(PAGE|NUMPAGES)\}")
#: Characters XML 1.0 forbids (python-docx refuses them): C0 controls but tab/newline, surrogates.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
PAIR_TABLE_STYLE = "Plain Table"


@dataclass(frozen=True)
class CoreProperties:
    """Document metadata; fixed values keep the file reproducible."""

    title: str
    author: str
    subject: str
    language: str
    date: dt.date


def build_docx(blocks: Iterable[dict[str, Any]], reference: Path, props: CoreProperties) -> bytes:
    """A DOCX (as bytes) with ``blocks`` as its body, on the styles of ``reference``."""
    import docx

    try:
        document = docx.Document(str(reference))
    except Exception as exc:  # python-docx raises several kinds for a non-DOCX file
        raise TemplateError(f"not a usable .docx template: {exc}", Location(str(reference))) from None
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    available = {s.name for s in document.styles}
    blocks = list(blocks)
    missing = sorted(_styles_used(blocks) - available)
    if missing:
        raise TemplateError(f"the template lacks the styles {', '.join(missing)}; start from "
                            "templates/minutes/reference.docx, which has them all",
                            Location(str(reference)))
    pair_table = None
    for block in blocks:
        if "pair" in block:
            pair_table = _add_pair(document, block, pair_table)
            continue
        pair_table = None
        if "table" in block:
            _add_table(document, block)
        elif "page_break" in block:
            from docx.enum.text import WD_BREAK

            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif "footer" in block:
            _set_footer(document, block["footer"], block.get("style", "Footer"))
        else:
            _add_paragraph(document, block)
    _set_properties(document, props)
    buf = io.BytesIO()
    document.save(buf)
    return stable_zip(buf.getvalue())


def _styles_used(blocks: list[dict[str, Any]]) -> set[str]:
    used = set()
    for block in blocks:
        if "pair" in block:
            used.add(PAIR_TABLE_STYLE)
        for key in ("style", "table", "cell_style", "header_style"):
            value = block.get(key)
            used.update([value] if isinstance(value, str) else value or [])
    return used


def xml_safe(text: str) -> str:
    """``text`` without the characters XML forbids; a warning names what was removed, and where."""
    found = XML_FORBIDDEN.findall(text)
    if not found:
        return text
    import warnings

    from qujat.errors import QujatWarning

    codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
    warnings.warn(f"removed {codes} (not allowed in a document) from the text '{XML_FORBIDDEN.sub('', text)[:40]}'",
                  QujatWarning, stacklevel=3)
    return XML_FORBIDDEN.sub("", text)


def _fill(paragraph: Any, text: str, label: str | None = None) -> None:
    """Put an optional bold label (character style Strong), then the text."""
    text, label = xml_safe(text), xml_safe(label) if label else label
    if label:
        paragraph.add_run(label, style="Strong")
        if text:
            paragraph.add_run(" ")
    if text:
        paragraph.add_run(text)


def _add_paragraph(document: Any, block: dict[str, Any]) -> None:
    """One paragraph per line of the text, all in the block's style; the label leads the first."""
    label = block.get("label")
    for line in block.get("text", "").split("\n"):
        paragraph = document.add_paragraph(style=block.get("style", "Normal"))
        _fill(paragraph, line, label)
        label = None


def _add_pair(document: Any, block: dict[str, Any], table: Any) -> Any:
    """A row of the bilingual two-column table (started when ``table`` is None): the block's
    style in both cells, the first language left."""
    from docx.shared import Cm

    if table is None:
        table = document.add_table(rows=0, cols=2)
        table.style = document.styles[PAIR_TABLE_STYLE]
        table.autofit = False
    row = table.add_row()
    section = document.sections[-1]
    half = (section.page_width - section.left_margin - section.right_margin) // 2
    for cell, part in zip(row.cells, block["pair"]):
        cell.width = half if half else Cm(8)
        paragraph = cell.paragraphs[0]
        paragraph.style = document.styles[block["style"]]
        lines = part.get("text", "").split("\n")
        _fill(paragraph, lines[0], part.get("label"))
        for line in lines[1:]:
            _fill(cell.add_paragraph(style=document.styles[block["style"]]), line)
    return table


def _add_table(document: Any, block: dict[str, Any]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    rows: list[list[str]] = block.get("rows", [])
    header: list[str] | None = block.get("header")
    columns = len(header) if header else max((len(r) for r in rows), default=1)
    table = document.add_table(rows=0, cols=columns)
    table.style = document.styles[block["table"]]
    table.autofit = False
    widths = block.get("widths")

    def add_row(cells: list[str], style: str | list[str]) -> Any:
        row = table.add_row()
        for i, cell in enumerate(row.cells):
            para = cell.paragraphs[0]
            para.style = document.styles[style if isinstance(style, str) else style[i]]
            _fill(para, cells[i] if i < len(cells) else "")
            if widths:
                cell.width = Cm(widths[i])
        return row

    if header:
        row = add_row(header, block.get("header_style", block.get("cell_style", "Normal")))
        tr_pr = row._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
    for cells in rows:
        add_row(cells, block.get("cell_style", "Normal"))


def _set_footer(document: Any, text: str, style: str) -> None:
    """Footer text where ``{PAGE}`` and ``{NUMPAGES}`` become Word fields."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for section in document.sections:
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        for run in list(paragraph.runs):
            run._r.getparent().remove(run._r)
        paragraph.style = document.styles[style]
        for part in FIELD_TOKEN.split(text):
            if part in ("PAGE", "NUMPAGES"):
                run = paragraph.add_run()
                for kind, value in (("begin", None), ("instr", f" {part} "), ("separate", None),
                                    ("text", "1"), ("end", None)):
                    if kind == "instr":
                        el = OxmlElement("w:instrText")
                        el.set(qn("xml:space"), "preserve")
                        el.text = value
                    elif kind == "text":
                        el = OxmlElement("w:t")
                        el.text = value
                    else:
                        el = OxmlElement("w:fldChar")
                        el.set(qn("w:fldCharType"), kind)
                    run._r.append(el)
            elif part:
                paragraph.add_run(part)


def _set_properties(document: Any, props: CoreProperties) -> None:
    core = document.core_properties
    stamp = dt.datetime(props.date.year, props.date.month, props.date.day, tzinfo=dt.timezone.utc)
    core.title = props.title
    core.author = props.author
    core.subject = props.subject
    core.language = props.language
    core.created = stamp
    core.modified = stamp
    core.last_printed = stamp
    core.last_modified_by = "qujat"
    core.revision = 1
    core.keywords = ""
    core.comments = ""
