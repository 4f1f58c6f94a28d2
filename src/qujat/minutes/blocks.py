"""The typed blocks of a minutes document: what the template composes and the writer lays out.

The template (``templates/minutes/minutes.j2``) calls ``para()``, ``table()``, ``page_break()``
and ``footer()``; each call appends one block to the :class:`BlockList` of that render. No text
is ever serialised and parsed back, so a record's text (line separators, quotes, ``&``, ``<``,
Jinja-looking ``{{ ... }}``) reaches the document exactly as typed.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qujat.errors import TemplateError


@dataclass(frozen=True)
class Paragraph:
    """A paragraph in a named paragraph style of the reference DOCX; ``label`` (optional) comes
    first, in bold (character style Strong). Each line of ``text`` becomes its own paragraph."""

    style: str
    text: str
    label: str | None = None


@dataclass(frozen=True)
class Table:
    """A table in the table style ``style``: an optional header row (repeated on every page) and
    body rows; ``cell_style`` is one paragraph style for every cell or one per column;
    ``widths`` are column widths in centimetres."""

    style: str
    rows: tuple[tuple[str, ...], ...]
    header: tuple[str, ...] | None = None
    widths: tuple[float, ...] | None = None
    cell_style: str | tuple[str, ...] = "Table Text"
    header_style: str = "Table Heading"

    def cell_style_of(self, column: int) -> str:
        """The paragraph style of the cells in ``column``."""
        return self.cell_style if isinstance(self.cell_style, str) else self.cell_style[column]


@dataclass(frozen=True)
class PageBreak:
    """The following blocks start on a new page."""


@dataclass(frozen=True)
class Footer:
    """The page footer; ``{PAGE}`` and ``{NUMPAGES}`` in ``text`` become Word fields."""

    text: str
    style: str = "Footer"


@dataclass(frozen=True)
class Side:
    """One language's half of a :class:`Pair`: a text with an optional bold label, and its own
    paragraph style when it differs from the pair's (each language orders its title block in
    its own way, so a row may hold a title beside a subtitle)."""

    text: str
    label: str | None = None
    style: str | None = None


@dataclass(frozen=True)
class Pair:
    """A row of the bilingual two-column table: the first language left, the second right,
    both in the paragraph style ``style``. Consecutive pairs share one table."""

    style: str
    left: Side
    right: Side


Block = Paragraph | Table | PageBreak | Footer | Pair


def _text(value: object, what: str) -> str:
    """``value`` as text: strings as they are, numbers written out; anything else is an error."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise TemplateError(f"{what} must be a text, not {type(value).__name__}")


def _optional_text(value: object, what: str) -> str | None:
    return None if value is None else _text(value, what)


def _texts(values: object, what: str) -> tuple[str, ...]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TemplateError(f"{what} must be a list of texts")
    return tuple(_text(v, what) for v in values)


def _widths(values: object) -> tuple[float, ...] | None:
    if values is None:
        return None
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TemplateError("table widths must be a list of numbers (centimetres)")
    widths = tuple(values)
    if not all(isinstance(w, (int, float)) and not isinstance(w, bool) for w in widths):
        raise TemplateError("table widths must be numbers (centimetres)")
    return tuple(float(w) for w in widths)


class BlockList:
    """The blocks of one render: the template's helper functions append to it.

    Each helper returns an empty string, so ``{{ para(...) }}`` leaves no text in the template's
    output; any other text there is a mistake in the template (see
    :func:`qujat.i18n.templating.render_for_blocks`).
    """

    def __init__(self) -> None:
        self.blocks: list[Block] = []

    def helpers(self) -> dict[str, object]:
        """The functions the template calls, by name."""
        return {"para": self.para, "table": self.table, "page_break": self.page_break, "footer": self.footer}

    def para(self, style: str, text: str, label: str | None = None) -> str:
        """A :class:`Paragraph`."""
        self.blocks.append(Paragraph(_text(style, "a paragraph style"), _text(text, "a paragraph's text"),
                                     _optional_text(label, "a paragraph's label")))
        return ""

    def table(self, style: str, rows: Sequence[Sequence[str]], header: Sequence[str] | None = None,
              widths: Sequence[float] | None = None, cell_style: str | Sequence[str] = "Table Text",
              header_style: str = "Table Heading") -> str:
        """A :class:`Table`."""
        if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
            raise TemplateError("table rows must be a list of rows (lists of texts)")
        cells: str | tuple[str, ...] = (cell_style if isinstance(cell_style, str)
                                        else _texts(cell_style, "a table's cell styles"))
        self.blocks.append(Table(_text(style, "a table style"), tuple(_texts(r, "a table cell") for r in rows),
                                 None if header is None else _texts(header, "a table heading"),
                                 _widths(widths), cells, _text(header_style, "a table's header style")))
        return ""

    def page_break(self) -> str:
        """A :class:`PageBreak`."""
        self.blocks.append(PageBreak())
        return ""

    def footer(self, text: str) -> str:
        """A :class:`Footer`."""
        self.blocks.append(Footer(_text(text, "the footer text")))
        return ""
