"""The minutes document: a record, through the Jinja2 template, into a DOCX."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qujat.certificates.definitions import grant_award
from qujat.errors import Location, TemplateError
from qujat.i18n.localizer import Localizer, split_languages
from qujat.i18n.templating import make_environment, render, render_string
from qujat.minutes.writer import CoreProperties, build_docx
from qujat.output import write_atomic
from qujat.records.schema import Record
from qujat.resources import templates_dir

#: Above this many attendees the body gives a count and the list goes to an appendix.
APPENDIX_THRESHOLD = 15
TEMPLATE_NAME = "minutes/minutes.j2"


def default_reference() -> Path:
    """The reference DOCX whose named styles the minutes use."""
    return templates_dir() / "minutes" / "reference.docx"


def _para(style: str, text: str, label: str | None = None) -> str:
    return json.dumps({"style": style, "text": text, "label": label}, ensure_ascii=False)


def _table(style: str, rows: list[list[str]], header: list[str] | None = None,
           widths: list[float] | None = None, cell_style: str = "Table Text",
           header_style: str = "Table Heading") -> str:
    block = {"table": style, "rows": rows, "header": header, "widths": widths,
             "cell_style": cell_style, "header_style": header_style if header else None}
    return json.dumps(block, ensure_ascii=False)


def _page_break() -> str:
    return json.dumps({"page_break": True})


def _footer(text: str) -> str:
    return json.dumps({"footer": text, "style": "Footer"}, ensure_ascii=False)


def minutes_blocks(record: Record, lang: str | None = None) -> list[dict[str, Any]]:
    """The minutes of ``record`` as a list of blocks (paragraphs, tables) in ``lang``.

    ``lang`` may be a pair such as ``kk+ru``: every block then holds both languages side by
    side, the first language on the left (see :func:`pair_blocks`).
    """
    langs = split_languages(lang or record.language)
    if len(langs) == 2:
        return pair_blocks(_blocks(record, langs[0]), _blocks(record, langs[1]))
    if len(langs) != 1:
        raise TemplateError(f"'{lang}' names {len(langs)} languages; give one (kk) or a pair (kk+ru)")
    return _blocks(record, langs[0])


def _blocks(record: Record, lang: str) -> list[dict[str, Any]]:
    loc = Localizer(lang, fallback=record.language)
    env = make_environment(loc)
    env.globals.update(para=_para, table=_table, page_break=_page_break, footer=_footer)
    awards = []
    for i, grant in enumerate(record.awards):
        award = grant_award(record, i)
        ceremony = render_string(env, award.ceremony, Location(award.source, field="ceremony"))
        awards.append((grant, {"ceremony": ceremony}))
    attendee_rows = [[loc.number(i), loc.text(p.name), loc.text(p.position), loc.text(p.organisation)]
                     for i, p in enumerate(record.attendees, start=1)]
    text = render(env, TEMPLATE_NAME, record=record, awards=awards, attendee_rows=attendee_rows,
                  appendix_threshold=APPENDIX_THRESHOLD)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _cells_text(row: list[str]) -> str:
    return "   ".join(cell for cell in row if cell)


def pair_blocks(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Two renderings of the same minutes, block by block, as bilingual blocks.

    The template gives both languages the same blocks in the same order: each paragraph becomes
    a ``pair`` (a row of a two-column table: first language left, second right); a small table
    (date and place, signatures) becomes one pair per row; the attendance list keeps one table
    whose headers and cells carry both languages; the numbered agenda gets its numbers written
    out (a Word list would count on across the two columns).
    """
    if len(first) != len(second):
        raise TemplateError("the two languages give the minutes different shapes; check the template")
    out: list[dict[str, Any]] = []
    agenda_number = 0
    for a, b in zip(first, second):
        if "footer" in a:
            out.append({**a, "footer": f"{a['footer']} / {b['footer']}"})
        elif "page_break" in a:
            out.append(a)
        elif "table" in a and a.get("header"):
            both = lambda x, y: x if x == y else f"{x} / {y}"  # noqa: E731
            out.append({**a, "header": [both(x, y) for x, y in zip(a["header"], b["header"])],
                        "rows": [[both(x, y) for x, y in zip(ra, rb)] for ra, rb in zip(a["rows"], b["rows"])]})
        elif "table" in a:
            style = a["cell_style"] if isinstance(a.get("cell_style"), str) else a["cell_style"][0]
            for ra, rb in zip(a["rows"], b["rows"]):
                out.append({"pair": [{"text": _cells_text(ra)}, {"text": _cells_text(rb)}], "style": style})
        else:
            style = a["style"]
            texts = [{"text": a["text"], "label": a.get("label")}, {"text": b["text"], "label": b.get("label")}]
            if style == "List Number":
                agenda_number += 1
                for t in texts:
                    t["text"] = f"{agenda_number}. {t['text']}"
                style = "Body Text"
            out.append({"pair": texts, "style": style})
    return out


def minutes_bytes(record: Record, lang: str | None = None, template: str | Path | None = None) -> bytes:
    """The minutes DOCX as bytes; ``template`` is a reference DOCX with the named styles."""
    lang = lang or record.language
    loc = Localizer(split_languages(lang)[0], fallback=record.language)
    blocks = minutes_blocks(record, lang)
    props = CoreProperties(title=loc.text(record.title), author=loc.text(record.organisation),
                           subject=loc.text(record.meeting), language=loc.lang, date=record.date)
    reference = Path(template) if template else default_reference()
    if not reference.is_file():
        raise TemplateError("no such template file", Location(str(reference)))
    return build_docx(blocks, reference, props)


def render_minutes(record: Record, path: str | Path, lang: str | None = None,
                   template: str | Path | None = None) -> Path:
    """Write the minutes of ``record`` in ``lang`` (default: the record's language) to ``path``.

    The file is written atomically; ``template`` replaces the reference DOCX whose named
    styles (Title, Heading 1, Body Text, ...) set the look. Returns the path written.
    """
    return write_atomic(path, minutes_bytes(record, lang, template))
