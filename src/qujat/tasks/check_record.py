"""``generate check``: validate a record, warn about its slips and list what is untranslated."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qujat.errors import Location, QujatError, RecordError
from qujat.i18n.localizer import available_languages
from qujat.messages import M_
from qujat.minutes.compose import minutes_blocks
from qujat.records.consistency import record_warnings
from qujat.records.schema import load_record
from qujat.settings import Settings, applied


def check_record(path: str | Path, *, langs: Sequence[str] | None = None,
                 settings: Settings | None = None) -> list[str]:
    """Validate the record at ``path`` fully (schema, award ids, a trial render in each language).

    Returns one warning line per slip the record holds (:mod:`qujat.records.consistency`: votes
    beyond the people present, somebody listed twice, a quoted title, «г.» in the city) and per
    text field lacking one of ``langs`` (default: the record's own language only), in the order
    of the file. Raises :class:`RecordError` listing every problem found.
    """
    with applied(settings):
        return _check(path, list(langs) if langs else None)


@dataclass(frozen=True)
class Finding:
    """One finding of a check, as data: ``error`` or ``warning``, the line and column it points
    at (None when the record as a whole), and the message (rendered in the reader's language)."""

    severity: str
    line: int | None
    column: int | None
    message: str


def record_findings(path: str | Path, *, langs: Sequence[str] | None = None,
                    settings: Settings | None = None) -> list[Finding]:
    """What :func:`check_record` finds, as data: every error (then the record is not valid) or
    else every warning, each with its line, in the order of the file."""
    with applied(settings):
        try:
            found = _found(path, list(langs) if langs else None)
        except QujatError as exc:
            return [Finding("error", loc.line, loc.column, msg) for loc, msg in exc.problems]
    return [Finding("warning", loc.line, loc.column, msg) for loc, msg in found]


def _check(path: str | Path, languages: list[str] | None) -> list[str]:
    return [M_("%(where)s: %(problem)s", code="located", where=loc, problem=msg) if str(loc) else msg
            for loc, msg in _found(path, languages)]


def _found(path: str | Path, languages: list[str] | None) -> list[tuple[Location, str]]:
    record = load_record(path)
    langs = languages or [record.language]
    unknown = [lang for lang in langs if lang not in available_languages()]
    if unknown:
        raise RecordError(M_("unknown language(s) %(asked)s; languages: %(known)s", code="check.unknown-language",
                             asked=", ".join(unknown), known=", ".join(available_languages())))
    problems = []
    for lang in langs:
        try:
            minutes_blocks(record, lang)
        except QujatError as exc:
            problems.extend(exc.problems)
            break
    if problems:
        raise RecordError(problems[0][1], problems=problems)
    found = record_warnings(record) + record.missing_translations(langs)
    found.sort(key=lambda p: (p[0].line or 0, p[0].column or 0))
    return found
