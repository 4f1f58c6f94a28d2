"""The minutes document: a record, through the Jinja2 template, into typed blocks, into a DOCX."""
from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from qujat.certificates.definitions import grant_award
from qujat.errors import Location, QujatWarning, TemplateError, UsageError
from qujat.i18n import templating
from qujat.i18n.localizer import Localizer
from qujat.i18n.spec import parse_language_spec
from qujat.i18n.templating import make_environment, render_for_blocks, render_string
from qujat.messages import M_, Mn_
from qujat.minutes.blocks import Block, BlockList, Footer, PageBreak, Pair, Paragraph, Side, Table
from qujat.minutes.libreoffice import docx_to_pdf
from qujat.minutes.writer import SIGNATURE, CoreProperties, build_docx, builtin_reference
from qujat.output import INPUT_OF_RUN, Outputs, protected, refuse_protected
from qujat.records.schema import Record
from qujat.settings import Settings, applied

if TYPE_CHECKING:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

#: Above this many attendees the body gives a count and the list goes to an appendix.
APPENDIX_THRESHOLD = 15
TEMPLATE_NAME = "minutes/minutes.j2"


def default_reference() -> Path:
    """The reference DOCX whose named styles the minutes use."""
    return builtin_reference()


#: Certificate numbers by (award section, recipient) of the record, when they were issued.
Numbers = Mapping[tuple[int, int], str]


def minutes_blocks(record: Record, lang: str | None = None, numbers: Numbers | None = None) -> list[Block]:
    """The minutes of ``record`` as typed blocks (paragraphs, tables, ...) in ``lang``.

    ``lang`` may be a pair such as ``kk+ru``: every block then holds both languages side by
    side, the first language on the left (see :func:`pair_blocks`). ``numbers`` are the
    recipients' certificate numbers, shown in the award ceremony.
    """
    spec = parse_language_spec(lang or record.language)
    if spec.bilingual:
        return pair_blocks(_blocks(record, spec.languages[0], numbers, paired=True),
                           _blocks(record, spec.languages[1], numbers, paired=True))
    return _blocks(record, spec.primary, numbers)


@cache
def _environment(lang: str, fallback: str, folder: Path) -> ImmutableSandboxedEnvironment:
    """The template environment of one language, made once: Jinja2 then compiles the minutes
    template once per process rather than once per document."""
    return make_environment(Localizer(lang, fallback=fallback), [folder])


def _blocks(record: Record, lang: str, numbers: Numbers | None = None, paired: bool = False) -> list[Block]:
    """The template rendered in one language: its calls to para(), table(), ... fill a list;
    ``paired``: as one side of a bilingual document (headings shared by both sides say so)."""

    loc = Localizer(lang, fallback=record.language)
    env = _environment(lang, record.language, templating.template_folder())
    awards = []
    for i, grant in enumerate(record.awards):
        award = grant_award(record, i)
        ceremony = render_string(env, award.ceremony, Location(award.source, field="ceremony"))
        awards.append((grant, {"ceremony": ceremony}))
    attendee_rows = [[loc.number(i), loc.name(p.name), loc.text(p.position), loc.text(p.organisation)]
                     for i, p in enumerate(record.attendees, start=1)]
    out = BlockList()
    render_for_blocks(env, TEMPLATE_NAME, record=record, awards=awards, attendee_rows=attendee_rows,
                      numbers=dict(numbers or {}), paired=paired,
                      appendix_threshold=APPENDIX_THRESHOLD, **out.helpers())
    return out.blocks


def _cells_text(row: tuple[str, ...]) -> str:
    return "   ".join(cell for cell in row if cell)


def _both(first: str, second: str) -> str:
    return first if first == second else f"{first} / {second}"


def _stacked(first: str, second: str) -> str:
    """Both languages' texts of a cell, one line each (one, when they are the same)."""
    return first if first == second else f"{first}\n{second}"


def pair_blocks(first: list[Block], second: list[Block]) -> list[Block]:
    """Two renderings of the same minutes, block by block, as bilingual blocks.

    The template gives both languages the same blocks in the same order: each paragraph becomes
    a :class:`Pair` (a row of a two-column table: first language left, second right); a small
    table (date and place, signatures) becomes one pair per row; the attendance list keeps one
    table whose headers and cells carry both languages; the signatures keep their table, each
    cell holding the first language's line over the second's, so every signature row is laid out
    alike (post, rule, name in their own columns); the numbered agenda gets its numbers written
    out (a Word list would count on across the two columns).
    """
    if len(first) != len(second) or any(type(a) is not type(b) for a, b in zip(first, second)):
        raise TemplateError(M_("the two languages give the minutes different shapes; check the template",
                            code="minutes.shapes"))
    out: list[Block] = []
    agenda_number = 0
    for a, b in zip(first, second):
        match a, b:
            case Footer(), Footer():
                out.append(Footer(f"{a.text} / {b.text}", a.style))
            case PageBreak(), _:
                out.append(a)
            case Table(header=header), Table() if header:
                out.append(replace(a, header=tuple(_both(x, y) for x, y in zip(header, b.header or ())),
                                   rows=tuple(tuple(_both(x, y) for x, y in zip(ra, rb))
                                              for ra, rb in zip(a.rows, b.rows))))
            case Table(), Table() if a.cell_style_of(0) == SIGNATURE:
                out.append(replace(a, rows=tuple(tuple(_stacked(x, y) for x, y in zip(ra, rb))
                                                 for ra, rb in zip(a.rows, b.rows))))
            case Table(), Table():
                style = a.cell_style_of(0)
                out.extend(Pair(style, Side(_cells_text(ra)), Side(_cells_text(rb))) for ra, rb in zip(a.rows, b.rows))
            case Paragraph(), Paragraph():
                left = Side(a.text, a.label)
                right = Side(b.text, b.label, b.style if b.style != a.style else None)
                style = a.style
                if style == "List Number":
                    agenda_number += 1
                    left = Side(f"{agenda_number}. {a.text}", a.label)
                    right = Side(f"{agenda_number}. {b.text}", b.label)
                    style = "Body Text"
                out.append(Pair(style, left, right))
            case _:
                out.append(a)
    return out


def minutes_bytes(record: Record, *, lang: str | None = None, template: str | Path | None = None,
                  numbers: Numbers | None = None, settings: Settings | None = None) -> bytes:
    """The minutes DOCX as bytes; ``template`` is a reference DOCX with the named styles;
    ``numbers`` the recipients' certificate numbers (see :func:`minutes_blocks`)."""
    with applied(settings):
        return _minutes_docx(record, lang or record.language, template, numbers)


def _title(record: Record, lang: str) -> str:
    """The minutes' title as the first page prints it (in the first language of ``lang``)."""
    return Localizer(parse_language_spec(lang).primary, fallback=record.language).text(record.title)


def _minutes_docx(record: Record, lang: str, template: str | Path | None, numbers: Numbers | None) -> bytes:
    spec = parse_language_spec(lang)
    _warn_untranslated(record, spec.languages)
    loc = Localizer(spec.primary, fallback=record.language)
    blocks = minutes_blocks(record, lang, numbers)
    props = CoreProperties(title=loc.text(record.title), author=loc.text(record.organisation),
                           subject=loc.text(record.meeting), language=loc.lang, date=record.date)
    return build_docx(blocks, Path(template) if template else None, props)


#: The output formats, by the output file's extension.
FORMATS = {".docx": "docx", ".pdf": "pdf"}


def output_format(path: str | Path) -> str:
    """``"docx"`` or ``"pdf"``, as the extension of ``path`` says; any other is a usage error."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(M_("the extension decides the format: give a .docx or .pdf file name, not '%(suffix)s'",
                            code="minutes.extension", suffix=suffix or M_("none")), Location(str(path)))
    return FORMATS[suffix]


def minutes_pdf_bytes(record: Record, *, lang: str | None = None, template: str | Path | None = None,
                      pdfa: bool = False, timeout: float | None = None, settings: Settings | None = None) -> bytes:
    """The minutes as a PDF (PDF/A-2b with ``pdfa``), converted by LibreOffice headless within
    ``timeout`` seconds (default: :func:`qujat.minutes.libreoffice.time_limit`)."""
    with applied(settings):
        lang = lang or record.language
        return docx_to_pdf([_minutes_docx(record, lang, template, None)], pdfa=pdfa, timeout=timeout,
                           titles=[_title(record, lang)])[0]


def _warn_untranslated(record: Record, languages: Sequence[str]) -> None:
    """One warning when texts of ``record`` lack a language the minutes are asked in: they are
    printed in the record's own language, which a reader of the minutes should not find out by
    reading them (a Kazakh paragraph with a Russian post in it)."""
    others = [code for code in languages if code != record.language]
    missing = record.missing_translations(others) if others else []
    if not missing:
        return
    where, _ = missing[0]
    warnings.warn(Mn_("%(where)s: %(num)s text of the record has no %(languages)s text and is printed in the "
                      "record's language (%(own)s); add the translation, or see every such text with `generate "
                      "check %(file)s --lang %(lang)s`",
                      "%(where)s: %(num)s texts of the record have no %(languages)s text and are printed in the "
                      "record's language (%(own)s), the first here; add the translations, or see every such text "
                      "with `generate check %(file)s --lang %(lang)s`", len(missing),
                      code="minutes.untranslated", where=where, languages=", ".join(others), own=record.language,
                      file=where.file or "", lang="+".join(languages)), QujatWarning, stacklevel=3)


def render_minutes(record: Record, path: str | Path, *, lang: str | None = None,
                   template: str | Path | None = None, pdfa: bool = False, keep_docx: bool = False,
                   numbers: Numbers | None = None, timeout: float | None = None,
                   settings: Settings | None = None) -> Path:
    """Write the minutes of ``record`` in ``lang`` (default: the record's language) to ``path``.

    The extension of ``path`` decides the format: ``.docx``, or ``.pdf`` through LibreOffice
    (``pdfa``: PDF/A-2b; ``keep_docx``: the DOCX is written beside the PDF too). The file is
    written atomically; ``template`` is any DOCX whose styles, page setup, header and footer
    set the look (styles it lacks come from the built-in reference). ``numbers``: the
    recipients' certificate numbers (see :func:`minutes_blocks`). ``timeout``: seconds LibreOffice
    may take (default: :func:`qujat.minutes.libreoffice.time_limit`, grown with the document's
    size). Returns the path written.
    """
    return render_minutes_many([(record, path)], lang=lang, template=template, pdfa=pdfa, keep_docx=keep_docx,
                               numbers=[numbers], timeout=timeout, settings=settings)[0]


def render_minutes_many(jobs: Sequence[tuple[Record, str | Path]], *, lang: str | None = None,
                        template: str | Path | None = None, pdfa: bool = False, keep_docx: bool = False,
                        numbers: Sequence[Numbers | None] | None = None, timeout: float | None = None,
                        settings: Settings | None = None) -> list[Path]:
    """:func:`render_minutes` for many records: every PDF among them comes from one LibreOffice
    run (within ``timeout`` seconds). Nothing is written until every document is made, and then
    every file is moved into place together; two files of one name are refused before anything
    is made, and so is an output onto one of the run's inputs. Returns the main paths, in order.
    ``numbers``: per record, as for :func:`minutes_blocks`."""
    with applied(settings):
        return _render_many(jobs, lang, template, pdfa, keep_docx, numbers, timeout)


def _record_name(record: Record) -> str:
    return record.locate().file or M_("a record", code="minutes.a-record")


def _targets(jobs: Sequence[tuple[Record, str | Path]], formats: list[str], keep_docx: bool
             ) -> list[tuple[Path, Record]]:
    """Every file the run writes, with the record it is made from; two of one name are refused
    before anything is made, naming both records (one would replace the other)."""
    targets: list[tuple[Path, Record]] = []
    for (record, path), kind in zip(jobs, formats):
        targets.append((Path(path), record))
        if kind == "pdf" and keep_docx:
            targets.append((Path(path).with_suffix(".docx"), record))
    seen: dict[str, Record] = {}
    for target, record in targets:
        key = os.path.normcase(os.path.abspath(target))
        if key in seen:
            first, second = _record_name(seen[key]), _record_name(record)
            if os.path.realpath(first) == os.path.realpath(second):
                raise UsageError(M_("%(record)s is given twice; one would replace the other: give each record its own "
                                    "output name (-o FILE for one record, or rename one)", code="minutes.record-twice",
                                    record=first), Location(str(target)))
            raise UsageError(M_("%(first)s and %(second)s would both be written to it; one would replace the other: "
                                "give each record its own output name (-o FILE for one record, or rename one)",
                                code="minutes.same-output", first=first, second=second), Location(str(target)))
        seen[key] = record
    return targets


def _render_many(jobs: Sequence[tuple[Record, str | Path]], lang: str | None, template: str | Path | None,
                 pdfa: bool, keep_docx: bool, numbers: Sequence[Numbers | None] | None,
                 timeout: float | None) -> list[Path]:
    formats = [output_format(path) for _, path in jobs]
    if (pdfa or keep_docx) and "docx" in formats:
        raise UsageError(M_("--pdfa and --keep-docx are for PDF output: give a .pdf file name (or --pdf)",
                            code="minutes.pdf-options"))
    inputs = [name for record, _ in jobs if (name := record.locate().file)]
    with protected([*inputs, *([template] if template else [])], INPUT_OF_RUN):
        targets = _targets(jobs, formats, keep_docx)
        for target, _ in targets:
            refuse_protected(target)
        return _made_and_written(jobs, formats, lang, template, pdfa, keep_docx, numbers, timeout)


def _made_and_written(jobs: Sequence[tuple[Record, str | Path]], formats: list[str], lang: str | None,
                      template: str | Path | None, pdfa: bool, keep_docx: bool,
                      numbers: Sequence[Numbers | None] | None, timeout: float | None) -> list[Path]:
    numbered = list(numbers) if numbers is not None else [None] * len(jobs)
    documents = [_minutes_docx(record, lang or record.language, template, found)
                 for (record, _), found in zip(jobs, numbered)]
    wanted = [i for i, kind in enumerate(formats) if kind == "pdf"]
    pdfs: dict[int, bytes] = {}
    if wanted:

        titles = [_title(jobs[i][0], lang or jobs[i][0].language) for i in wanted]
        pdfs = dict(zip(wanted, docx_to_pdf([documents[i] for i in wanted], pdfa=pdfa, timeout=timeout,
                                            titles=titles)))
    written = []
    with Outputs() as outputs:
        for i, (_, path) in enumerate(jobs):
            source = _record_name(jobs[i][0])
            if i in pdfs:
                if keep_docx:
                    outputs.write(Path(path).with_suffix(".docx"), documents[i], source)
                written.append(outputs.write(path, pdfs[i], source))
            else:
                written.append(outputs.write(path, documents[i], source))
        outputs.commit()
    return written
