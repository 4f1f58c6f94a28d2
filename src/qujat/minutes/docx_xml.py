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
* Whether an office template's page header or footer already prints something (a letterhead,
  a logo, a page field), and whether its list styles carry a numbering definition, are
  questions python-docx has no API for; so is giving a list style qujat's numbering.
* ``document.add_paragraph()`` finds the end of the body by scanning every paragraph before it,
  so n paragraphs cost n² steps; the writer adds each paragraph before an empty end marker
  (public ``insert_paragraph_before``, constant time) that :func:`remove_paragraph` takes away.

Nothing else in :mod:`qujat.minutes` touches python-docx's XML objects (``._r``, ``._tr``,
``._p``, ``._element``, ``.element``).
"""
from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, NamedTuple

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from qujat.errors import TemplateError
from qujat.text import XML_TEXT_ESCAPES

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.styles.style import BaseStyle
    from docx.table import Table as DocxTable
    from docx.table import _Row
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

#: The kinds of style a name may be used as, as Word's style types.
KINDS = {"paragraph": WD_STYLE_TYPE.PARAGRAPH, "character": WD_STYLE_TYPE.CHARACTER, "table": WD_STYLE_TYPE.TABLE}


#: Names that offices' Word and LibreOffice show for the built-in styles the minutes use, in the
#: languages of the documents; a style of the template named so counts as that style.
LOCALISED_NAMES: dict[str, tuple[str, ...]] = {
    "Normal": ("Обычный", "Қалыпты", "Default Paragraph Style", "Default Style", "Базовый"),
    "Title": ("Название", "Заголовок", "Тақырып", "Атауы"),
    "Subtitle": ("Подзаголовок", "Тақырыпша"),
    "Heading 1": ("Заголовок 1", "Тақырып 1"),
    "Heading 2": ("Заголовок 2", "Тақырып 2"),
    "Body Text": ("Основной текст", "Text Body", "Негізгі мәтін"),
    "List Bullet": ("Маркированный список", "Таңбаланған тізім"),
    "List Number": ("Нумерованный список", "Список с нумерацией", "Нөмірленген тізім"),
    "Footer": ("Нижний колонтитул", "Төменгі колонтитул"),
    "Strong": ("Строгий", "Strong Emphasis", "Жуан"),
    "Table Grid": ("Сетка таблицы", "Кесте торы"),
    "Signature": ("Подпись", "Қолтаңба"),
}


def _key(name: str) -> str:
    """A style name or id as compared: case, spaces, hyphens and underscores ignored, so that
    ``Heading 1`` (LibreOffice), ``heading 1`` (Word's stored name) and ``Heading1`` (the id) meet."""
    return re.sub(r"[\s_\-]+", "", name).casefold()


class StyleIndex:
    """Every style of a document, findable by id and by name in each form Word and LibreOffice
    write: the stored name (Word stores built-in names in lower case, ``heading 1``), the name
    shown in the UI, each alias (``w:aliases``) and the localised names of :data:`LOCALISED_NAMES`."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.by_key: dict[tuple[WD_STYLE_TYPE, str], BaseStyle] = {}
        self.ids: set[str] = set()
        self.refresh()

    def refresh(self) -> None:
        """Index the document's styles again (after styles were added)."""
        by_name: dict[tuple[WD_STYLE_TYPE, str], BaseStyle] = {}
        by_id: dict[tuple[WD_STYLE_TYPE, str], BaseStyle] = {}
        self.ids = set()
        for style in self.document.styles:
            element = style.element
            self.ids.add(style.style_id)
            names = [element.name_val or "", style.name or ""]
            aliases = element.find(qn("w:aliases"))
            if aliases is not None:
                names += (aliases.get(qn("w:val")) or "").split(",")
            for name in names:
                if name.strip():
                    by_name.setdefault((style.type, _key(name)), style)
            by_id.setdefault((style.type, _key(style.style_id)), style)
        self.by_key = {**by_id, **by_name}  # a name wins over an id that looks the same

    def find(self, name: str, kind: str) -> BaseStyle | None:
        """The style ``name`` of type ``kind`` ("paragraph", "character", "table"), or None."""
        wanted = KINDS[kind]
        for candidate in (name, *LOCALISED_NAMES.get(name, ())):
            style = self.by_key.get((wanted, _key(candidate)))
            if style is not None:
                return style
        return None


class ResolvedStyles:
    """The named styles of one document, each looked up once: the style object (for the public
    API, e.g. ``table.style``) and the id a paragraph or run refers to it by (``None`` for the
    document's default style of that type, as python-docx writes it)."""

    def __init__(self, document: Document, wanted: dict[str, str]) -> None:
        index = StyleIndex(document)
        styles = document.styles
        self.objects: dict[str, BaseStyle] = {}
        for name, kind in wanted.items():
            found = index.find(name, kind)
            if found is None:
                raise TemplateError(f"the template has no {kind} style '{name}'")
            self.objects[name] = found
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


def add_missing_styles(document: Document, source: Document, wanted: dict[str, str]) -> list[str]:
    """Copy into ``document`` each style of ``wanted`` (name -> kind) that it lacks, from
    ``source`` (qujat's reference document), with the styles they are based on that it lacks too
    and the list numbering they use; returns the names of the styles added, in order.

    A copied style keeps its name; it gets a new id when ``document`` uses that id already, and
    its references (``basedOn``, ``next``) point at the document's own styles where it has them.
    """
    index, source_index = StyleIndex(document), StyleIndex(source)
    source_by_id = {s.style_id: s for s in source.styles}
    added: list[str] = []
    mapped: dict[str, str] = {}  # source id -> id in document

    def own(style: BaseStyle) -> BaseStyle | None:
        kind = next((k for k, v in KINDS.items() if v == style.type), None)
        return index.find(style.element.name_val or style.style_id, kind) if kind else None

    def ensure(style: BaseStyle) -> str:
        if style.style_id in mapped:
            return mapped[style.style_id]
        found = own(style)
        if found is not None:
            mapped[style.style_id] = found.style_id
            return found.style_id
        element = copy.deepcopy(style.element)
        new_id, n = style.style_id, 1
        while new_id in index.ids:
            n += 1
            new_id = f"{style.style_id}{n}"
        element.set(qn("w:styleId"), new_id)
        element.attrib.pop(qn("w:default"), None)
        mapped[style.style_id] = new_id
        index.ids.add(new_id)
        for tag in ("w:basedOn", "w:next", "w:link"):
            ref = element.find(qn(tag))
            if ref is None:
                continue
            target = source_by_id.get(ref.get(qn("w:val")) or "")
            if tag == "w:basedOn" and target is not None:
                ref.set(qn("w:val"), ensure(target))
            elif tag == "w:next" and target is not None and (target.style_id == style.style_id or own(target)):
                found_next = own(target)
                ref.set(qn("w:val"), new_id if target.style_id == style.style_id or found_next is None
                        else found_next.style_id)
            else:
                element.remove(ref)
        _copy_numbering(document, source, element)
        document.styles.element.append(element)
        added.append(style.name or new_id)
        index.refresh()
        return new_id

    for name, kind in wanted.items():
        if index.find(name, kind) is None:
            style = source_index.find(name, kind)
            if style is not None:
                ensure(style)
    return added


def _numbering(document: Document) -> BaseOxmlElement:
    """The numbering definitions of ``document``, made empty when it has none (a LibreOffice
    document without lists; python-docx cannot create the part itself)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.parts.numbering import NumberingPart

    try:
        existing: BaseOxmlElement = document.part.numbering_part.element
        return existing
    except NotImplementedError:
        element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
        part = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING, element, document.part.package)
        document.part.relate_to(part, RT.NUMBERING)
        return element


def _copy_numbering(document: Document, source: Document, style_element: BaseOxmlElement) -> None:
    """Give a copied style's list numbering (``w:numPr/w:numId``) a definition in ``document``."""
    num_id = style_element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if num_id is None:
        return
    source_numbering = source.part.numbering_part.element
    value = num_id.get(qn("w:val"))
    num = next((n for n in source_numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == value), None)
    abstract_ref = num.find(qn("w:abstractNumId")) if num is not None else None
    abstract = None if abstract_ref is None else next(
        (a for a in source_numbering.findall(qn("w:abstractNum"))
         if a.get(qn("w:abstractNumId")) == abstract_ref.get(qn("w:val"))), None)
    if num is None or abstract is None:
        num_id.getparent().getparent().remove(num_id.getparent())
        return
    numbering = _numbering(document)
    next_abstract = 1 + max((int(a.get(qn("w:abstractNumId")) or 0) for a in numbering.findall(qn("w:abstractNum"))),
                            default=-1)
    next_num = 1 + max((int(n.get(qn("w:numId")) or 0) for n in numbering.findall(qn("w:num"))), default=0)
    abstract, num = copy.deepcopy(abstract), copy.deepcopy(num)
    abstract.set(qn("w:abstractNumId"), str(next_abstract))
    for tag in ("w:nsid", "w:numStyleLink", "w:styleLink"):
        for el in abstract.findall(qn(tag)):
            abstract.remove(el)
    for level_style in abstract.iter(qn("w:pStyle")):  # the level belongs to the style that uses it here
        level_style.set(qn("w:val"), style_element.get(qn("w:styleId")) or "")
    num.set(qn("w:numId"), str(next_num))
    num.find(qn("w:abstractNumId")).set(qn("w:val"), str(next_abstract))
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    num_id.set(qn("w:val"), str(next_num))


def _numbered_level(document: Document, num_id: str, level: str) -> bool:
    """Whether the list ``num_id`` of ``document`` prints something at ``level``: it is defined,
    its abstract definition exists, and the level's format is not ``none``."""
    try:
        numbering: BaseOxmlElement = document.part.numbering_part.element
    except NotImplementedError:  # no numbering part at all
        return False
    num = next((n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id), None)
    abstract_ref = num.find(qn("w:abstractNumId")) if num is not None else None
    if abstract_ref is None:
        return False
    abstract = next((a for a in numbering.findall(qn("w:abstractNum"))
                     if a.get(qn("w:abstractNumId")) == abstract_ref.get(qn("w:val"))), None)
    if abstract is None:
        return False
    lvl = next((x for x in abstract.findall(qn("w:lvl")) if x.get(qn("w:ilvl")) == level), None)
    if lvl is None:
        return False
    fmt = lvl.find(qn("w:numFmt"))
    text = lvl.find(qn("w:lvlText"))
    return (fmt is None or fmt.get(qn("w:val")) != "none") and (text is None or bool(text.get(qn("w:val"))))


def has_list_numbering(document: Document, style: BaseStyle) -> bool:
    """Whether paragraphs in ``style`` are numbered or bulleted: the style, or a style it is based
    on, names a list (``w:numPr/w:numId``, not 0) that ``document`` defines and that prints at
    its level. Word-made templates often have «List Number» and «List Bullet» without one."""
    current: BaseOxmlElement | None = style.element
    by_id = {s.style_id: s.element for s in document.styles}
    seen: set[str] = set()
    level = "0"
    while current is not None and (current.get(qn("w:styleId")) or "") not in seen:
        seen.add(current.get(qn("w:styleId")) or "")
        num_pr = current.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            ilvl = num_pr.find(qn("w:ilvl"))
            if ilvl is not None and level == "0":
                level = ilvl.get(qn("w:val")) or "0"
            num_id = num_pr.find(qn("w:numId"))
            if num_id is not None:
                value = num_id.get(qn("w:val")) or "0"
                return value != "0" and _numbered_level(document, value, level)
        based = current.find(qn("w:basedOn"))
        current = by_id.get(based.get(qn("w:val")) or "") if based is not None else None
    return False


def give_list_numbering(document: Document, style: BaseStyle, source: Document, model: BaseStyle) -> None:
    """Give ``style`` of ``document`` the list numbering of ``model``, the same style in
    ``source`` (qujat's reference): its ``w:numPr`` and the numbering definition it names,
    added to ``document`` (with a numbering part when it has none)."""
    model_num = model.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if model_num is None:
        return
    num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
    for child in list(num_pr):
        num_pr.remove(child)
    for child in model_num:
        num_pr.append(copy.deepcopy(child))
    _copy_numbering(document, source, style.element)


def _prints(element: BaseOxmlElement) -> bool:
    """Whether a header or footer prints anything: text, a field, a picture, a shape or an object."""
    if any((t.text or "").strip() for t in element.iter(qn("w:t"))):
        return True
    printing = {qn(tag) for tag in ("w:instrText", "w:fldSimple", "w:drawing", "w:pict", "w:object")}
    return any(child.tag in printing for child in element.iter())


#: The fields that number pages: a part holding one numbers the pages itself.
PAGE_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES"})


def _has_page_field(element: BaseOxmlElement) -> bool:
    """Whether ``element`` holds a page-numbering field (:data:`PAGE_FIELDS`), simple or complex."""
    instructions = [t.text or "" for t in element.iter(qn("w:instrText"))]
    instructions += [f.get(qn("w:instr")) or "" for f in element.iter(qn("w:fldSimple"))]
    return any(instruction.split()[:1] and instruction.split()[0].upper() in PAGE_FIELDS
               for instruction in instructions)


def _prints_besides_page_numbers(element: BaseOxmlElement) -> bool:
    """Whether a page header prints something other than page numbers: a picture or shape, or a
    paragraph with text and no page field («Стр. 1» is a page number; an address is not)."""
    if any(child.tag in {qn("w:drawing"), qn("w:pict"), qn("w:object")} for child in element.iter()):
        return True
    return any(_prints(paragraph) and not _has_page_field(paragraph) for paragraph in element.iter(qn("w:p")))


class PageParts(NamedTuple):
    """What a template's page headers and footers already print, that qujat would print again."""

    #: The first page's header prints a letterhead (anything but page numbers).
    letterhead: bool
    #: A page footer qujat's page numbers would go into prints something of its own.
    footer: bool
    #: A page header shown on the pages of qujat's page footer numbers the pages (a PAGE or
    #: NUMPAGES field: the page number at the top, as GOST R 7.0.97 places it).
    page_numbers: bool


def template_page_parts(document: Document) -> PageParts:
    """What the template already prints in the page header of the first page (the first
    section's own first-page header when it has one), in the page footer that qujat's page
    numbers would go into (any section's main footer), and whether a header on the same pages
    (any section's main header) numbers them."""
    sections = list(document.sections)
    if not sections:
        return PageParts(False, False, False)
    first = sections[0]
    # a part linked to the previous section has no definition of its own (asking for its element
    # would add one)
    page_one = first.first_page_header if first.different_first_page_header_footer else first.header
    header = not page_one.is_linked_to_previous and _prints_besides_page_numbers(page_one._element)
    footer = any(not s.footer.is_linked_to_previous and _prints(s.footer._element) for s in sections)
    numbered = any(not s.header.is_linked_to_previous and _has_page_field(s.header._element) for s in sections)
    return PageParts(header, footer, numbered)


def set_paragraph_style(paragraph: Paragraph, style_id: str | None) -> None:
    """What ``paragraph.style = style`` writes, given the style's resolved id."""
    paragraph._p.style = style_id


def set_table_style(table: DocxTable, style_id: str | None) -> None:
    """What ``table.style = style`` writes, given the style's resolved id."""
    table._tbl.tblStyle_val = style_id


def set_run_style(run: Run, style_id: str | None) -> None:
    """What ``run.style = style`` writes, given the style's resolved id."""
    run._r.style = style_id


def clear_body(document: Document) -> None:
    """Remove the reference document's sample content, keeping its section properties."""
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


def has_python_docx_default_styles(document: Document) -> bool:
    """Whether ``document``'s styles are python-docx's own default template's, untouched (a
    blank document made by ``docx.Document()``): no office chose them."""
    from docx import Document as new_document

    def xml(styles: BaseOxmlElement) -> str:
        return str(styles.xml)

    return xml(document.styles.element) == xml(new_document().styles.element)


def replace_styles(document: Document, source: Document) -> None:
    """Give ``document`` every style of ``source`` (qujat's reference) in place of its own, with
    the list numbering they use; its page setup, header and footer stay."""
    target = document.styles.element
    for child in list(target):
        target.remove(child)
    for child in source.styles.element:
        element = copy.deepcopy(child)
        if element.tag == qn("w:style"):
            _copy_numbering(document, source, element)
        target.append(element)


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


def keep_row_on_one_page(row: _Row) -> None:
    """Forbid ``row`` to break across pages (``w:cantSplit``)."""
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().insert(0, flag)


def last_row_apart(paragraph: BaseOxmlElement) -> None:
    """Move the table row holding ``paragraph`` (its table's last) into a table of its own right
    after it, set apart by a paragraph one point high, and keep every paragraph of that table with
    the next: LibreOffice keeps a table with what follows only when all its paragraphs are, and
    the long bilingual table before the signatures cannot be (its rows would lose their pages)."""
    row = next(a for a in paragraph.iterancestors(qn("w:tr")))
    table = row.getparent()
    apart = table
    if len(table.findall(qn("w:tr"))) > 1:
        apart = OxmlElement("w:tbl")
        for tag in ("w:tblPr", "w:tblGrid"):
            part = table.find(qn(tag))
            if part is not None:
                apart.append(copy.deepcopy(part))
        apart.append(row)  # moved, not copied
        gap = OxmlElement("w:p")
        properties = gap.get_or_add_pPr()
        properties.keepNext_val = True
        spacing = OxmlElement("w:spacing")
        for name, value in (("w:before", "0"), ("w:after", "0"), ("w:line", "20"), ("w:lineRule", "exact")):
            spacing.set(qn(name), value)
        properties.append(spacing)
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "2")
        marks = OxmlElement("w:rPr")
        marks.append(size)
        properties.append(marks)
        table.addnext(gap)
        gap.addnext(apart)
    for kept in apart.iter(qn("w:p")):
        kept.get_or_add_pPr().keepNext_val = True


def copy_row(model: _Row, table: DocxTable) -> _Row:
    """A copy of table row ``model`` (its cells' styles, widths and properties) appended to the
    same table, with no text: python-docx builds a row cell by cell, and a long attendance list
    would spend most of its time there."""
    from docx.table import _Row as Row

    tr = copy.deepcopy(model._tr)
    for run in list(tr.iter(qn("w:r"))):
        run.getparent().remove(run)
    model._tr.addnext(tr)
    return Row(tr, table)


#: Characters python-docx writes as elements of their own (tab, break), not text.
_NOT_PLAIN = re.compile(r"[\t\n\r]")


_W_P, _W_R, _W_T, _W_TC, _XML_SPACE = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:tc"), qn("xml:space")


def rows_like(model: _Row, table: DocxTable, rows: list[list[str]]) -> list[_Row]:
    """Rows with the cells, styles and properties of table row ``model``, appended after it,
    each cell's first paragraph holding the run python-docx's ``add_run(text)`` writes (one
    ``w:r`` with a ``w:t``, ``xml:space="preserve"`` when the text starts or ends with a space;
    none for an empty text). Written as WordprocessingML text and parsed at once, not built an
    element (and python-docx a letter) at a time: a long attendance list spent most of its time
    there. A row with a tab or line break in a text is built by python-docx."""
    from docx.oxml import parse_xml
    from docx.table import _Row as Row

    template = copy_row(model, table)._tr  # the model's copy, emptied: measured, then taken out
    markers = []
    for i, tc in enumerate(template.iterchildren(_W_TC)):
        paragraph = next(tc.iterchildren(_W_P), None)
        if paragraph is not None:
            run = paragraph.makeelement(_W_R, {})
            t = run.makeelement(_W_T, {})
            t.text = f"\ue000{i}\ue000"
            run.append(t)
            paragraph.append(run)
            markers.append((i, _serialised(run)))
    declared = _serialised(template, keep=True)
    namespaces = " ".join(dict.fromkeys(m.group().strip() for m in _DECLARATION.finditer(declared)))
    xml = _DECLARATION.sub("", declared)
    template.getparent().remove(template)
    pieces, rest = [], xml
    for i, marker in markers:
        before, _, rest = rest.partition(marker)
        pieces.append((before, i))
    made: list[_Row] = []
    after = model._tr
    chunk: list[str] = []

    def flush() -> None:
        nonlocal after
        if not chunk:
            return
        parsed = parse_xml(f'<w:tbl {namespaces}>{"".join(chunk)}</w:tbl>')
        for tr in list(parsed):
            after.addnext(tr)
            after = tr
            made.append(Row(tr, table))
        chunk.clear()

    for texts in rows:
        if any(_NOT_PLAIN.search(text) for text in texts):
            flush()
            tr = copy.deepcopy(template)
            for run in list(tr.iter(_W_R)):
                run.getparent().remove(run)
            after.addnext(tr)
            after = tr
            row = Row(tr, table)
            for cell, text in zip(row.cells, texts):
                if text:
                    cell.paragraphs[0].add_run(text)
            made.append(row)
            continue
        out = []
        for before, i in pieces:
            out.append(before)
            text = texts[i] if i < len(texts) else ""
            if text:
                space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
                out.append(f"<w:r><w:t{space}>{text.translate(XML_TEXT_ESCAPES)}</w:t></w:r>")
        out.append(rest)
        chunk.append("".join(out))
    flush()
    return made


def _serialised(element: BaseOxmlElement, keep: bool = False) -> str:
    """``element`` as XML text; without its namespace declarations unless ``keep`` (the
    caller's root declares them)."""
    from lxml import etree  # type: ignore[import-untyped]  # python-docx's own XML library

    text = etree.tostring(element, encoding="unicode")
    return text if keep else _DECLARATION.sub("", text)


_W_P, _W_R, _W_T, _W_TC = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:tc")
_DECLARATION = re.compile(r' xmlns(?::[\w.-]+)?="[^"]*"')


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
