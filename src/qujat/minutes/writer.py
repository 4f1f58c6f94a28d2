"""Blocks (paragraphs, tables, page breaks) into a DOCX built on a reference document's styles.

The reference document (pandoc's model) carries page size, margins, headers, logo and every
named style; this module only chooses style names, never fonts or sizes. It uses python-docx's
public API; the few edits that need the XML are in :mod:`qujat.minutes.docx_xml`.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from qujat.errors import Location, QujatWarning, TemplateError
from qujat.messages import M_, Mn_
from qujat.minutes import docx_xml
from qujat.minutes.blocks import Block, Footer, PageBreak, Pair, Paragraph, Table
from qujat.output import stable_zip
from qujat.resources import templates_dir
from qujat.settings import current as current_settings

if TYPE_CHECKING:
    from docx.document import Document
    from docx.shared import Length
    from docx.styles.style import ParagraphStyle
    from docx.table import Table as DocxTable
    from docx.table import _Row
    from docx.text.paragraph import Paragraph as DocxParagraph

FIELD_TOKEN = re.compile(r"\{(PAGE|NUMPAGES)\}")
#: Characters XML 1.0 forbids (python-docx refuses them): C0 controls but tab/newline, surrogates.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
PAIR_TABLE_STYLE = "Plain Table"
#: The character style of a paragraph's bold label.
STRONG = "Strong"
#: The paragraph style of the signature lines, which never stand alone on a page.
SIGNATURE = "Signature"
#: The paragraph style of the organisation's name at the top, left out when the template's page
#: header prints a letterhead of its own.
LETTERHEAD = "Letterhead"
#: The paragraph styles of numbered and bulleted lists: each needs a numbering definition, and the
#: paragraph introducing a list («… награждены:») stays on the page of its first item.
LIST_STYLES = ("List Number", "List Bullet")
#: The paragraph style of a vote, which stays on the page of the resolution it counts.
VOTE = "Vote"


@dataclass(frozen=True)
class CoreProperties:
    """Document metadata; fixed values keep the file reproducible."""

    title: str
    author: str
    subject: str
    language: str
    date: dt.date


#: What every message about templates tells an office to run for a template to start from.
TEMPLATE_COMMAND = "generate template minutes -o office.docx"


def builtin_reference() -> Path:
    """qujat's own reference DOCX: every style the minutes use."""

    return templates_dir() / "minutes" / "reference.docx"


#: A template's parts may unpack to at most this many times the template's size limit.
TEMPLATE_UNPACK_FACTOR = 5
#: Bytes of each XML part of a template looked through for a document type declaration.
XML_PROLOG_BYTES = 64 * 1024


def max_template_bytes() -> int:
    """The largest template (the settings' ``max_template_bytes``; $QUJAT_MAX_TEMPLATE_BYTES for the command)."""
    return current_settings().max_template_bytes


def check_template(path: Path) -> None:
    """Refuse, before python-docx opens it, a template over the size limit, one whose parts
    unpack to more than :data:`TEMPLATE_UNPACK_FACTOR` times it, and one with a document type
    declaration (``<!DOCTYPE``, ``<!ENTITY``) in an XML part: Word and LibreOffice never write
    one, lxml would keep its entities unexpanded, and the DOCX made from it would not open."""
    limit = max_template_bytes()
    where = Location(str(path))
    size = path.stat().st_size
    if size > limit:
        raise TemplateError(M_("the template is %(size)s MB, over the limit of %(most)s MB ($QUJAT_MAX_TEMPLATE_BYTES "
                               "sets it): make its pictures smaller (a letterhead logo needs well under 1 MB)",
                               code="template.too-large", size=f"{size / 2**20:.1f}", most=f"{limit / 2**20:.0f}"),
                            where)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            unpacked = sum(info.file_size for info in infos)
            if unpacked > TEMPLATE_UNPACK_FACTOR * limit:
                raise TemplateError(M_("the template unpacks to %(size)s MB, over %(most)s MB; refused (a zip bomb?)",
                                       code="template.zip-bomb", size=f"{unpacked / 2**20:.0f}",
                                       most=f"{TEMPLATE_UNPACK_FACTOR * limit / 2**20:.0f}"), where)
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels")):
                    with archive.open(info) as part:
                        prolog = part.read(XML_PROLOG_BYTES)
                    if prolog.startswith((b"\xff\xfe", b"\xfe\xff")):
                        prolog = prolog.decode("utf-16", "replace").encode("utf-8")
                    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                        raise TemplateError(M_("the template's part %(part)s declares a document type or entities "
                                               "(<!DOCTYPE …>), which Word and LibreOffice never write: open the "
                                               "template in Word or LibreOffice and save it again, or `%(command)s` "
                                               "writes one to start from", code="template.doctype",
                                               part=info.filename, command=TEMPLATE_COMMAND), where)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError):
        pass  # not a readable zip: python-docx says so, with the hint


def _open_docx(path: Path) -> Document:
    import docx

    if path != builtin_reference():
        check_template(path)
    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a non-DOCX file
        raise TemplateError(M_("not a usable .docx template (%(detail)s); `%(command)s` writes one to start from",
                               code="template.unusable", detail=type(exc).__name__, command=TEMPLATE_COMMAND),
                            Location(str(path))) from None


def build_docx(blocks: Iterable[Block], reference: Path | None, props: CoreProperties) -> bytes:
    """A DOCX (as bytes) with ``blocks`` as its body, on the styles of ``reference``.

    ``reference`` is any DOCX (pandoc's reference-doc rule): its page setup, header, footer and
    every style it has are used; a style the minutes need and it lacks is taken from qujat's
    built-in reference document, with one warning naming what was added. A blank python-docx
    document (python-docx's own default styles, which no office chose) takes every style from
    the built-in reference.
    """
    builtin = builtin_reference()
    path = reference or builtin
    if not path.is_file():
        raise TemplateError(M_("no such template file; `%(command)s` writes one to start from", code="template.none",
                               command=TEMPLATE_COMMAND),
                            Location(str(path)))
    document = _open_docx(path)
    if path != builtin and docx_xml.has_python_docx_default_styles(document):
        # a blank python-docx document: its styles are python-docx's, not an office's; the
        # minutes take the built-in styles, and the document's page setup, header and footer
        docx_xml.replace_styles(document, _open_docx(builtin))
    docx_xml.clear_body(document)
    blocks = list(blocks)
    used = _styles_used(blocks)
    index = docx_xml.StyleIndex(document)
    missing = [name for name, kind in used.items() if index.find(name, kind) is None]
    if missing and path != builtin:
        added = docx_xml.add_missing_styles(document, _open_docx(builtin), used)
        if added:
            import warnings


            warnings.warn(Mn_("%(path)s: the template lacks %(num)s style the minutes use; took %(styles)s from "
                              "qujat's built-in reference (`%(command)s` writes it, to restyle)",
                              "%(path)s: the template lacks %(num)s styles the minutes use; took %(styles)s from "
                              "qujat's built-in reference (`%(command)s` writes it, to restyle)", len(added),
                              code="template.styles-added", path=str(path), styles=", ".join(added),
                              command=TEMPLATE_COMMAND), QujatWarning, stacklevel=2)
        index.refresh()
        missing = [name for name, kind in used.items() if index.find(name, kind) is None]
    if missing:
        raise TemplateError(M_("the template lacks the styles %(styles)s; `%(command)s` writes a template that "
                               "has them all", code="template.styles-missing", styles=", ".join(sorted(missing)),
                               command=TEMPLATE_COMMAND), Location(str(path)))
    resolved = docx_xml.ResolvedStyles(document, used)
    if path != builtin:
        _number_lists(document, resolved, path, used)
        blocks = _without_own_page_parts(document, blocks, path)
    body = _Body(document, resolved)
    pair_table: DocxTable | None = None
    previous: Block | None = None
    for block in blocks:
        if not isinstance(block, Pair):
            pair_table = None
        if _kept_with_next(previous, block):
            body.keep_last_with_next()
        previous = block
        match block:
            case Pair():
                pair_table = body.add_pair(block, pair_table)
            case Table():
                body.add_table(block)
            case PageBreak():
                from docx.enum.text import WD_BREAK

                body.paragraph().add_run().add_break(WD_BREAK.PAGE)
            case Footer():
                _set_footer(document, body.styles, block)
            case Paragraph():
                body.add_paragraph(block)
    body.close()
    _set_properties(document, props)
    buf = io.BytesIO()
    document.save(buf)
    return stable_zip(buf.getvalue())


def _warn(message: str) -> None:
    warnings.warn(message, QujatWarning, stacklevel=3)


def _number_lists(document: Document, styles: docx_xml.ResolvedStyles, path: Path, used: dict[str, str]) -> None:
    """Give each list style the minutes use that carries no numbering in the template (Word often
    saves «List Number» and «List Bullet» so) qujat's own numbering, with one warning line: the
    agenda never loses its numbers, nor a list its bullets."""
    wanted = [name for name in LIST_STYLES if used.get(name) == "paragraph"]
    bare = [name for name in wanted if not docx_xml.has_list_numbering(document, styles.object(name, "paragraph"))]
    if not bare:
        return
    builtin = _open_docx(builtin_reference())
    source = docx_xml.StyleIndex(builtin)
    for name in bare:
        model = source.find(name, "paragraph")
        if model is not None:
            docx_xml.give_list_numbering(document, styles.object(name, "paragraph"), builtin, model)
    shown = {name: f"«{styles.object(name, 'paragraph').name}»" for name in bare}
    if len(bare) == 2:
        said = M_("%(path)s: the template's list styles %(number)s and %(bullet)s carry no numbering, so the agenda "
                  "would lose its numbers and the lists their bullets: gave them qujat's numbering (1., 2., 3. …; "
                  "bullets)", code="template.list-numbering", path=str(path), number=shown[LIST_STYLES[0]],
                  bullet=shown[LIST_STYLES[1]])
    elif bare == [LIST_STYLES[0]]:
        said = M_("%(path)s: the template's list style %(style)s carries no numbering, so the agenda would lose its "
                  "numbers: gave it qujat's numbering (1., 2., 3. …)", code="template.list-numbering-agenda",
                  path=str(path), style=shown[LIST_STYLES[0]])
    else:
        said = M_("%(path)s: the template's list style %(style)s carries no numbering, so the lists would lose their "
                  "bullets: gave it qujat's bullets", code="template.list-numbering-bullets", path=str(path),
                  style=shown[LIST_STYLES[1]])
    _warn(said)


def _without_own_page_parts(document: Document, blocks: list[Block], path: Path) -> list[Block]:
    """The blocks without qujat's letterhead line when the template's page header already prints
    one, and without qujat's page footer when the template's footer prints something (its own
    page field, an address) or any of its headers and footers numbers the pages: the template's
    header and footer win, with one note line."""
    parts = docx_xml.template_page_parts(document)
    letterheads = [b for b in blocks if isinstance(b, (Paragraph, Pair)) and b.style == LETTERHEAD] \
        if parts.letterhead else []
    footers = [b for b in blocks if isinstance(b, Footer)] if parts.footer or parts.page_numbers else []
    if not letterheads and not footers:
        return blocks
    if footers and not parts.footer:
        if letterheads:
            said = M_("%(path)s: the template's own page header is used as it is, so the minutes leave out their "
                      "letterhead line and, as it numbers the pages, their page numbers (empty it in the template "
                      "to have qujat's)", code="template.own-header-numbers", path=str(path))
        else:
            said = M_("%(path)s: the template's page header numbers the pages (a page field), so the minutes leave "
                      "out their page numbers (remove the field from the header to have qujat's)",
                      code="template.own-page-numbers", path=str(path))
    elif letterheads and footers:
        said = M_("%(path)s: the template's own page header and page footer are used as they are, so the minutes "
                  "leave out their letterhead line and page numbers (empty them in the template to have qujat's)",
                  code="template.own-header-footer", path=str(path))
    elif letterheads:
        said = M_("%(path)s: the template's own page header is used as it is, so the minutes leave out their "
                  "letterhead line (empty it in the template to have qujat's)", code="template.own-header",
                  path=str(path))
    else:
        said = M_("%(path)s: the template's own page footer is used as it is, so the minutes leave out their page "
                  "numbers (empty it in the template to have qujat's)", code="template.own-footer", path=str(path))
    _warn(said)
    dropped = {id(b) for b in letterheads + footers}
    return [b for b in blocks if id(b) not in dropped]


def _is_list(block: Block | None) -> bool:
    return isinstance(block, (Paragraph, Pair)) and block.style in LIST_STYLES


def _kept_with_next(previous: Block | None, block: Block) -> bool:
    """Whether ``previous``, a paragraph (or bilingual row), stays on the page of ``block``: a
    list's heading («…медалімен марапатталғандар:») with its first item, a resolution with the
    vote under it (a vote alone at the top of a page counts nothing the page shows)."""
    if not isinstance(previous, (Paragraph, Pair)) or not isinstance(block, (Paragraph, Pair)) \
            or isinstance(block, Pair) != isinstance(previous, Pair):
        return False
    return (_is_list(block) and not _is_list(previous)) or block.style == VOTE


def _styles_used(blocks: Sequence[Block]) -> dict[str, str]:
    """Every style name the blocks use, with its kind (paragraph, character, table)."""
    used: dict[str, str] = {}

    def add(kind: str, *names: str) -> None:
        for name in names:
            used.setdefault(name, kind)

    for block in blocks:
        match block:
            case Pair():
                add("table", PAIR_TABLE_STYLE)
                add("paragraph", block.style)
                if block.right.style:
                    add("paragraph", block.right.style)
                if block.left.label or block.right.label:
                    add("character", STRONG)
            case Table():
                add("table", block.style)
                add("paragraph", *([block.cell_style] if isinstance(block.cell_style, str) else block.cell_style))
                if block.header:
                    add("paragraph", block.header_style)
            case Paragraph():
                add("paragraph", block.style)
                if block.label:
                    add("character", STRONG)
            case Footer():
                add("paragraph", block.style)
    return used


def xml_safe(text: str) -> str:
    """``text`` without the characters XML forbids; a warning names what was removed, and where."""
    found = XML_FORBIDDEN.findall(text)
    if not found:
        return text
    codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
    warnings.warn(M_("removed %(codes)s (not allowed in a document) from the text '%(text)s'",
                     code="docx.removed-characters", codes=codes, text=XML_FORBIDDEN.sub("", text)[:40]),
                  QujatWarning, stacklevel=3)
    return XML_FORBIDDEN.sub("", text)


def _fill(paragraph: DocxParagraph, styles: docx_xml.ResolvedStyles, text: str, label: str | None = None) -> None:
    """Put an optional bold label (character style Strong), then the text; in every layout, what a
    line must not part is bound (:func:`bound`)."""
    text, label = bound(xml_safe(text)), bound(xml_safe(label)) if label else label
    if label:
        docx_xml.set_run_style(paragraph.add_run(label), styles.id(STRONG, "character"))
        if text:
            paragraph.add_run(" ")
    if text:
        paragraph.add_run(text)


class _Body:
    """Appends paragraphs and tables at the end of the document body.

    A paragraph goes in before an empty end marker (constant time; ``document.add_paragraph``
    scans the whole body each time); a table, rarer, goes in through ``document.add_table``
    after the marker is taken away. Every style comes from ``styles``, resolved once.
    """

    def __init__(self, document: Document, styles: docx_xml.ResolvedStyles) -> None:
        self.document = document
        self.styles = styles
        self._end: DocxParagraph | None = None
        self._half_width: Length | None = None
        #: The paragraph (or last cell paragraph of a row) added last: what the signatures keep with.
        self.last: list[DocxParagraph] = []
        self._justified: dict[str, bool] = {}
        self.after_table = False
        #: The empty paragraph put between two tables (they would merge otherwise), if the last had one.
        self.separator: DocxParagraph | None = None

    def paragraph(self, style: str | None = None) -> DocxParagraph:
        """A new paragraph at the end of the body, in ``style`` if given."""
        if self._end is None:
            self._end = self.document.add_paragraph()
        paragraph = self._end.insert_paragraph_before()
        if style is not None:
            docx_xml.set_paragraph_style(paragraph, self.styles.id(style, "paragraph"))
        self.last = [paragraph]
        self.after_table = False
        return paragraph

    def table(self, columns: int, style: str) -> DocxTable:
        """A new empty table at the end of the body, in the table style ``style``."""
        self.separator = None
        if self.after_table:  # two tables in a row would merge into one (its header row then no longer first)
            self.separator = self.paragraph()
        self.close()
        table: DocxTable = self.document.add_table(rows=0, cols=columns)
        self.after_table = True
        docx_xml.set_table_style(table, self.styles.id(style, "table"))  # checked: a table style
        table.autofit = False
        return table

    def close(self) -> None:
        """Take the end marker away (before a table, and when the body is complete)."""
        if self._end is not None:
            docx_xml.remove_paragraph(self._end)
            self._end = None

    def add_paragraph(self, block: Paragraph) -> None:
        """One paragraph per line of the text, all in the block's style; the label leads the first."""
        label = block.label
        for line in block.text.split("\n"):
            _fill(self.paragraph(block.style), self.styles, line, label)
            label = None

    def text_width(self) -> Length:
        """The text width of the last section (page width less the margins)."""
        from docx.shared import Cm, Emu

        section = self.document.sections[-1]
        width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
        return Emu(width) if width > 0 else Cm(16.5)

    def half_width(self) -> Length:
        """Half the text width of the last section: a column of the bilingual table."""
        if self._half_width is None:
            from docx.shared import Emu

            self._half_width = Emu(self.text_width() // 2)
        return self._half_width

    def justified(self, style: str) -> bool:
        """Whether the paragraph style ``style`` (or the style it is based on) justifies its text."""
        if style not in self._justified:
            from docx.enum.text import WD_ALIGN_PARAGRAPH

            current: ParagraphStyle | None = cast("ParagraphStyle", self.styles.object(style, "paragraph"))
            alignment = None
            while current is not None and alignment is None:
                alignment = current.paragraph_format.alignment
                current = current.base_style
            self._justified[style] = alignment in (WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.DISTRIBUTE)
        return self._justified[style]

    def keep_last_with_next(self) -> None:
        """Keep the paragraph (or bilingual row) added last on the page of what follows it."""
        for paragraph in self.last:
            paragraph.paragraph_format.keep_with_next = True

    def keep_with_previous(self, rows: Sequence[_Row]) -> None:
        """Keep ``rows`` (the signatures) on one page with the paragraph or row before them:
        each row whole, every paragraph but the last row's kept with the next."""
        for paragraph in self.last:
            paragraph.paragraph_format.keep_with_next = True
        for i, row in enumerate(rows):
            docx_xml.keep_row_on_one_page(row)
            if i < len(rows) - 1:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True

    def add_pair(self, block: Pair, table: DocxTable | None) -> DocxTable:
        """A row of the bilingual two-column table (started when ``table`` is None): the block's
        style in both cells, the first language left; text left-aligned (justified text in a half
        column opens wide gaps); a labelled row's first lines start at the cell's edge, without
        the style's first-line indent (a long label such as «Председательствующий:» would not fit
        beside it in half a page, and its colon would wrap onto a line of its own)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Emu

        if table is None:
            table = self.table(2, PAIR_TABLE_STYLE)
            for column in table.columns:
                column.width = self.half_width()
        row: _Row = table.add_row()  # type: ignore[no-untyped-call]  # python-docx leaves it unannotated
        added: list[DocxParagraph] = []
        labelled = bool(block.left.label or block.right.label)
        for cell, side in zip(row.cells, (block.left, block.right)):
            cell.width = self.half_width()
            style = side.style or block.style
            style_id = self.styles.id(style, "paragraph")
            left_align = self.justified(style)
            paragraph = cell.paragraphs[0]
            lines = side.text.split("\n")
            for n, line in enumerate(lines):
                if n:
                    paragraph = cell.add_paragraph()
                docx_xml.set_paragraph_style(paragraph, style_id)
                if left_align:
                    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
                if n == 0 and labelled:
                    paragraph.paragraph_format.first_line_indent = Emu(0)
                _fill(paragraph, self.styles, line, side.label if n == 0 else None)
                added.append(paragraph)
        if block.style == SIGNATURE:
            self.keep_with_previous([row])
        self.last = added
        return table

    def add_table(self, block: Table) -> None:
        """A table: explicit column widths in the grid and in every cell (scaled down to the text
        width when wider), a header row repeated on each page, rows that never split across pages;
        a signature table stays on the page of the paragraph before it."""
        from docx.shared import Emu

        header = block.header
        columns = len(header) if header else max((len(r) for r in block.rows), default=1)
        signatures = any(block.cell_style_of(i) == SIGNATURE for i in range(columns))
        previous = self.last
        if signatures and self.after_table and previous:  # after a table's row: see last_row_apart
            docx_xml.last_row_apart(previous[0]._p)
        table = self.table(columns, block.style)
        widths = None
        if block.widths:
            emus = [int(w * 360000) for w in block.widths[:columns]]
            emus += [emus[-1]] * (columns - len(emus))
            scale = min(1.0, self.text_width() / sum(emus))
            widths = [Emu(int(w * scale)) for w in emus]
            for column, width in zip(table.columns, widths):
                column.width = width

        def add_row(cells: tuple[str, ...], style_of: Callable[[int], str]) -> _Row:
            """A row built cell by cell."""
            row: _Row = table.add_row()  # type: ignore[no-untyped-call]
            for i, cell in enumerate(row.cells):
                para = cell.paragraphs[0]
                docx_xml.set_paragraph_style(para, self.styles.id(style_of(i), "paragraph"))
                _fill(para, self.styles, cells[i] if i < len(cells) else "")
                if widths:
                    cell.width = widths[i]
            docx_xml.keep_row_on_one_page(row)
            return row

        if header:
            docx_xml.repeat_as_header_row(add_row(header, lambda i: block.header_style))
        rows: list[_Row] = []
        if block.rows:  # every data row has the styles and widths of the first: written like it
            rows.append(add_row(block.rows[0], block.cell_style_of))
            rows += docx_xml.rows_like(rows[0], table, [[bound(xml_safe(text)) for text in cells]
                                                        for cells in block.rows[1:]])
        if signatures:
            self.last = previous + ([self.separator] if self.separator is not None else [])
            self.keep_with_previous(rows)
        self.last = [p for cell in rows[-1].cells for p in cell.paragraphs] if rows else []


#: Initials (``Н.Қ.``, ``B. Zh.``) and the surname beside them: bound by no-break spaces.
_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІÄĞÑÖŞÜŪİ"
_LOWER = "a-zа-яёәғқңөұүһіäğñöşüūı"
_INITIALS_FIRST = re.compile(rf"(?<![\w.])((?:[{_UPPER}][{_LOWER}]?\.[ \u00a0]?){{1,3}}) (?=[{_UPPER}]\w)")
#: (Initials after a surname are never followed by a number: «MINUTES No. 7» has none.)
_INITIALS_AFTER = re.compile(rf"(?<=\w) (?=(?:[{_UPPER}][{_LOWER}]?\.){{1,3}}(?!\w)(?![ \u00a0]*[\d_]))")


def keep_initials(text: str) -> str:
    """``text`` with no-break spaces inside «Н.Қ. Сейітқазы» and «Абдирайым Б.Ж.», so that a
    narrow column never puts the initials and the surname on different lines.

    >>> keep_initials("Н.Қ. Сейітқазы, Абдирайым Б.Ж.") == "Н.Қ.\u00a0Сейітқазы, Абдирайым\u00a0Б.Ж."
    True
    >>> keep_initials("MINUTES No. 7")
    'MINUTES No. 7'
    """
    text = _INITIALS_FIRST.sub(lambda m: m.group(1).replace(" ", "\u00a0") + "\u00a0", text)
    return _INITIALS_AFTER.sub("\u00a0", text)


#: A number and the per cent sign after it («10 %»), and a suffix hyphenated to the sign («%-дан»).
_PERCENT = re.compile(r"(?<=\d)[ \u202f]%")
_PERCENT_SUFFIX = re.compile(r"%-(?=\w)")
#: The number sign and the number (or the blank «______» left for it) after it: «№ 7»; not
#: a heading such as «№ п/п», which a narrow column may need to wrap.
_NUMERO = re.compile(r"№[ \u202f](?=[\d_])")


def bound(text: str) -> str:
    """``text`` with what a line must not part bound together: initials and their surname
    (:func:`keep_initials`), a number and its per cent sign (a no-break space), the sign and a
    suffix hyphenated to it (a no-break hyphen, U+2011), the number sign and its number.

    >>> bound("Шешім 10 %-дан кем") == "Шешім 10\u00a0%\u2011дан кем"
    True
    >>> bound("ПРОТОКОЛ № ______") == "ПРОТОКОЛ №\u00a0______"
    True
    """
    text = keep_initials(text)
    if "№" in text:
        text = _NUMERO.sub("№\u00a0", text)
    if "%" in text:
        text = _PERCENT_SUFFIX.sub("%\u2011", _PERCENT.sub("\u00a0%", text))
    return text


def _set_footer(document: Document, styles: docx_xml.ResolvedStyles, block: Footer) -> None:
    """Footer text where ``{PAGE}`` and ``{NUMPAGES}`` become Word fields (only ever written into
    a footer that prints nothing: a template's own footer wins, see :func:`_without_own_page_parts`)."""
    for section in document.sections:
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        docx_xml.remove_runs(paragraph)
        paragraph.style = cast("ParagraphStyle", styles.object(block.style, "paragraph"))
        for part in FIELD_TOKEN.split(block.text):
            if part in ("PAGE", "NUMPAGES"):
                docx_xml.add_field(paragraph, part)
            elif part:
                paragraph.add_run(part)


#: The longest text Word keeps in a core property (title, subject, author ...).
CORE_PROPERTY_LIMIT = 255


def metadata_text(text: str, limit: int = CORE_PROPERTY_LIMIT) -> str:
    """``text`` fit for a core property: without the characters XML forbids, on one line, and
    at most ``limit`` characters, cut at a word boundary with an ellipsis when longer.

    >>> metadata_text("Interaction of trade unions " * 20)[-12:]
    'rade unions…'
    """
    text = " ".join(XML_FORBIDDEN.sub("", text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-—–") + "…"


def _set_properties(document: Document, props: CoreProperties) -> None:
    core = document.core_properties
    stamp = dt.datetime(props.date.year, props.date.month, props.date.day, tzinfo=dt.timezone.utc)
    core.title = metadata_text(props.title)
    core.author = metadata_text(props.author)
    core.subject = metadata_text(props.subject)
    core.language = metadata_text(props.language, 64)
    core.created = stamp
    core.modified = stamp
    core.last_printed = stamp
    core.last_modified_by = "qujat"
    core.revision = 1
    core.keywords = ""
    core.comments = ""
