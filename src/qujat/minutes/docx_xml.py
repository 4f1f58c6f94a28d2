"""The only places where the minutes writer edits a DOCX's XML rather than python-docx's API.

Why each is here:

* python-docx has no public API for a field in a run (``{PAGE}``, ``{NUMPAGES}`` in the footer),
  for the "repeat as header row at the top of each page" flag of a table row, or for removing a
  run, a paragraph or the reference document's sample body.
* Its style setters (``paragraph.style = ...``, ``add_paragraph(style=...)``,
  ``add_run(style=...)``), even when given a style object, look up the document's default style
  by reading every style definition on each assignment: about a millisecond per paragraph with
  the reference document's ~110 styles, most of the time of a long minutes.
  :class:`ResolvedStyles` resolves each name once per document through the public API and
  :func:`set_paragraph_style` / :func:`set_run_style` write the resolved id exactly as
  python-docx's setters do (the output is byte for byte the same).
* ``document.add_paragraph()`` finds the end of the body by scanning every paragraph before it,
  so n paragraphs cost n² steps; the writer adds each paragraph before an empty end marker
  (public ``insert_paragraph_before``, constant time) that :func:`remove_paragraph` takes away.

Nothing else in :mod:`qujat.minutes` touches python-docx's XML objects (``._r``, ``._tr``,
``._p``, ``._element``, ``.element``).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from qujat.errors import TemplateError

if TYPE_CHECKING:
    from docx.document import Document
    from docx.styles.style import BaseStyle
    from docx.table import _Row
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

#: The kinds of style a name may be used as, as Word's style types.
KINDS = {"paragraph": WD_STYLE_TYPE.PARAGRAPH, "character": WD_STYLE_TYPE.CHARACTER, "table": WD_STYLE_TYPE.TABLE}


class ResolvedStyles:
    """The named styles of one document, each looked up once: the style object (for the public
    API, e.g. ``table.style``) and the id a paragraph or run refers to it by (``None`` for the
    document's default style of that type, as python-docx writes it)."""

    def __init__(self, document: Document, names: Iterable[str]) -> None:
        styles = document.styles
        self.objects: dict[str, BaseStyle] = {name: styles[name] for name in names}
        defaults: dict[WD_STYLE_TYPE, BaseStyle | None] = {}
        self.ids: dict[str, str | None] = {}
        for name, style in self.objects.items():
            if style.type not in defaults:
                defaults[style.type] = styles.default(style.type)
            self.ids[name] = None if style == defaults[style.type] else style.style_id

    def object(self, name: str, kind: str) -> BaseStyle:
        """The style ``name``, which must be a ``kind`` style ("paragraph", "character", "table")."""
        style = self.objects[name]
        if style.type != KINDS[kind]:
            raise TemplateError(f"the style '{name}' of the template is not a {kind} style")
        return style

    def id(self, name: str, kind: str) -> str | None:
        """The id that a ``kind`` element refers to the style ``name`` by."""
        self.object(name, kind)
        return self.ids[name]


def set_paragraph_style(paragraph: Paragraph, style_id: str | None) -> None:
    """What ``paragraph.style = style`` writes, given the style's resolved id."""
    paragraph._p.style = style_id


def set_run_style(run: Run, style_id: str | None) -> None:
    """What ``run.style = style`` writes, given the style's resolved id."""
    run._r.style = style_id


def clear_body(document: Document) -> None:
    """Remove the reference document's sample content, keeping its section properties."""
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


def remove_paragraph(paragraph: Paragraph) -> None:
    """Take ``paragraph`` out of the document."""
    p = paragraph._p
    parent = p.getparent()
    if parent is not None:
        parent.remove(p)


def remove_runs(paragraph: Paragraph) -> None:
    """Remove every run of ``paragraph`` (its properties stay)."""
    for run in list(paragraph.runs):
        r = run._r
        parent = r.getparent()
        if parent is not None:
            parent.remove(r)


def repeat_as_header_row(row: _Row) -> None:
    """Mark ``row`` as a header row that Word repeats at the top of each page (``w:tblHeader``)."""
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(repeat)


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> Run:
    """A run holding the Word field ``instruction`` (e.g. ``PAGE``, ``NUMPAGES``), showing
    ``placeholder`` until Word updates it."""
    run = paragraph.add_run()
    for kind, value in (("begin", None), ("instr", f" {instruction} "), ("separate", None),
                        ("text", placeholder), ("end", None)):
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
    return run
