"""What a check of a certificate found: a typed verdict, its exit status, and its words.

A verdict names its status, the issuer, the facts as signed and, above all, what was checked
and what was not: it is never "valid" for a part that was not checked (DESIGN.md). The words
come from the catalogs (kk, ru, en), through :func:`verdict_lines`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from qujat.i18n.localizer import N_, localizer


class Status(str, Enum):
    """A verdict's status; its value is the English wording of the catalogs' message id."""

    VALID = "valid"
    REVOCATION_UNCHECKED = "signature genuine; revocation not checked"
    NAME_UNCHECKED = "signature genuine; the printed name not checked"
    OTHER_OFFICE = "another office's certificate, not checked in this registry"
    NO_CODE = "no certificate code found"
    REVOKED = "revoked"
    REPLACED = "replaced by a duplicate"
    UNKNOWN_NUMBER = "unknown number"
    BAD_SIGNATURE = "signature does not match"
    NAME_DIFFERS = "name on the page differs from the signed name"
    NOT_OURS = "not this registry's certificate"
    ALTERED = "registry entry altered"
    UNKNOWN_ISSUER = "not signed by any office this registry knows"

    @property
    def exit_code(self) -> int:
        """The exit status of ``generate verify`` for this verdict (docs/verify.md)."""
        return EXIT_CODES[self]


#: 0 valid; 3–6 genuine (or not found) but a person must finish the check; 10–12 genuine but
#: not in force; 20–24 not what it claims to be. 1, 2, 70 and 130 keep their meaning for every
#: command (rows failed, bad input, internal error, interrupted).
EXIT_CODES = {
    Status.VALID: 0, Status.REVOCATION_UNCHECKED: 3, Status.NAME_UNCHECKED: 4, Status.OTHER_OFFICE: 5,
    Status.NO_CODE: 6, Status.REVOKED: 10, Status.REPLACED: 11, Status.UNKNOWN_NUMBER: 12,
    Status.BAD_SIGNATURE: 20, Status.NAME_DIFFERS: 21, Status.NOT_OURS: 22, Status.ALTERED: 23,
    Status.UNKNOWN_ISSUER: 24,
}

#: Which status wins when several checks of one page fail, and which page's status a
#: document takes: the worst first.
SEVERITY = (Status.BAD_SIGNATURE, Status.NAME_DIFFERS, Status.NOT_OURS, Status.ALTERED, Status.UNKNOWN_ISSUER,
            Status.REVOKED, Status.REPLACED, Status.UNKNOWN_NUMBER, Status.OTHER_OFFICE, Status.NO_CODE,
            Status.NAME_UNCHECKED, Status.REVOCATION_UNCHECKED, Status.VALID)


class Check(str, Enum):
    """One thing a verification can check."""

    SIGNATURE = "signature"
    STATUS = "status in the registry"
    REVOCATION_LIST = "revocation list"
    REGISTRY_ENTRY = "registry entry against the signed facts"
    PRINTED_NAME = "printed name"


@dataclass(frozen=True)
class Verdict:
    """What a check of one certificate (or one page, or a whole document) found.

    ``issuer`` is the office whose key signed it ("" when no known key did), ``key_id`` that
    key's short id; ``number``, ``name``, ``award``, ``date`` and ``copy`` the facts as signed
    (0: the original, n: the n-th duplicate); ``checked`` and ``not_checked`` what was and was not
    looked at. ``reason`` is the registry's reason for a revocation (free text, for the office's
    own eyes: never shown on a public page), ``revoked_on`` its day, ``revocation_category`` its
    category (issued-in-error, data-corrected, replaced, withdrawn; "" when the office gave none),
    ``replaced_on`` the date of
    the duplicate that replaced it, ``page_name`` the name read from the page, ``revocations_date``
    the date of the revocation list used, ``note`` a message id saying more (a hint on what to
    do; with ``note_plural``, the forms of a message whose words follow the value of ``note_args``
    that ``note_count`` names), and ``pages`` the verdict of each page of a document of several pages.
    """

    status: Status
    issuer: str = ""
    key_id: str = ""
    number: str = ""
    name: str = ""
    award: str = ""
    date: str = ""
    copy: int = 0
    checked: tuple[Check, ...] = ()
    not_checked: tuple[Check, ...] = ()
    reason: str = ""
    revoked_on: dt.date | None = None
    revocation_category: str = ""
    replaced_on: dt.date | None = None
    page_name: str = ""
    revocations_date: dt.datetime | None = None
    note: str = ""
    note_args: tuple[tuple[str, str], ...] = ()
    #: a note whose words follow a count: its plural message id, and which of ``note_args`` counts
    note_plural: str = ""
    note_count: str = ""
    page: int | None = None
    pages: tuple[Verdict, ...] = field(default=())

    @property
    def valid(self) -> bool:
        """Whether every part was checked and found genuine and in force (on every page)."""
        return self.status is Status.VALID

    @property
    def exit_code(self) -> int:
        return self.status.exit_code


def worst(statuses: list[Status]) -> Status:
    """The status that decides among several: the first of :data:`SEVERITY`."""
    return min(statuses, key=SEVERITY.index) if statuses else Status.NO_CODE


# the words -------------------------------------------------------------------------------------

#: The first line of each status; %(office)s and %(name)s are filled in.
HEADLINES = {
    Status.VALID: N_("genuine, issued by %(office)s"),
    Status.REVOCATION_UNCHECKED: N_("signature genuine (%(office)s); revocation not checked"),
    Status.NAME_UNCHECKED: N_("signature genuine (%(office)s) — the name signed is «%(name)s»: compare it with "
                              "the page"),
    Status.OTHER_OFFICE: N_("signature genuine: issued by %(office)s; not checked in this registry: ask "
                            "%(office)s"),
    Status.NO_CODE: N_("no certificate code found"),
    Status.REVOKED: N_("revoked"),
    Status.REPLACED: N_("replaced by a duplicate issued on %(date)s"),
    Status.UNKNOWN_NUMBER: N_("unknown number: signed by this registry's key, but the registry has no such "
                              "certificate"),
    Status.BAD_SIGNATURE: N_("signature does not match: the code was altered or is not genuine"),
    Status.NAME_DIFFERS: N_("name on the page differs from the signed name «%(name)s»"),
    Status.NOT_OURS: N_("not this registry's certificate: the registry holds this number for other facts"),
    Status.ALTERED: N_("registry entry altered: it does not match its own signed code"),
    Status.UNKNOWN_ISSUER: N_("not signed by any office this registry knows"),
}

#: The first line of a number looked up that the registry does not hold (nothing signed was given).
NUMBER_NOT_HELD = N_("unknown number: the registry has no certificate numbered %(number)s")

#: Each status in a few words, for a document's summary.
SHORT_NAMES = {
    Status.VALID: N_("valid"),
    Status.REVOCATION_UNCHECKED: N_("signature genuine; revocation not checked"),
    Status.NAME_UNCHECKED: N_("signature genuine; the printed name not checked"),
    Status.OTHER_OFFICE: N_("another office's certificate, not checked in this registry"),
    Status.NO_CODE: N_("no certificate code found"),
    Status.REVOKED: N_("revoked"),
    Status.REPLACED: N_("replaced by a duplicate"),
    Status.UNKNOWN_NUMBER: N_("unknown number"),
    Status.BAD_SIGNATURE: N_("signature does not match"),
    Status.NAME_DIFFERS: N_("name on the page differs from the signed name"),
    Status.NOT_OURS: N_("not this registry's certificate"),
    Status.ALTERED: N_("registry entry altered"),
    Status.UNKNOWN_ISSUER: N_("not signed by any office this registry knows"),
}

CHECK_NAMES = {
    Check.SIGNATURE: N_("signature"),
    Check.STATUS: N_("status in the registry"),
    Check.REVOCATION_LIST: N_("revocation list"),
    Check.REGISTRY_ENTRY: N_("registry entry against the signed facts"),
    Check.PRINTED_NAME: N_("printed name"),
}

LABELS = {"number": N_("number"), "name": N_("name"), "award": N_("award"), "date": N_("date"),
          "status": N_("status"), "issuer": N_("issuer"), "checked": N_("checked"),
          "not checked": N_("not checked"), "reason": N_("reason"), "page": N_("page"),
          "read on the page": N_("read on the page"), "copy": N_("duplicate no."),
          "revocations": N_("revocation list of"), "revoked on": N_("revoked on"), "category": N_("category")}
#: A revocation's categories (the registry's REVOCATION_CATEGORIES) in words.
CATEGORY_WORDS = {"issued-in-error": N_("issued in error"), "data-corrected": N_("data corrected"),
                  "replaced": N_("replaced"), "withdrawn": N_("withdrawn")}


def office_words(verdict: Verdict, lang: str) -> str:
    """The issuer as shown: its name, else its key's id."""
    loc = localizer(lang)
    if verdict.issuer:
        return verdict.issuer
    if verdict.key_id:
        return loc.gettext(N_("the office with key %(key)s")) % {"key": verdict.key_id}
    return loc.gettext(N_("an unknown office"))


def headline(verdict: Verdict, lang: str = "en") -> str:
    """The verdict's first line, in ``lang``."""
    loc = localizer(lang)
    values = {"office": office_words(verdict, lang), "name": verdict.name, "number": verdict.number,
              "date": loc.date(verdict.replaced_on) if verdict.replaced_on else ""}
    if verdict.status is Status.UNKNOWN_NUMBER and Check.SIGNATURE not in verdict.checked:
        return loc.gettext(NUMBER_NOT_HELD) % values
    return loc.gettext(HEADLINES[verdict.status]) % values


def verdict_lines(verdict: Verdict, lang: str = "en") -> list[str]:
    """The verdict as lines to print: the signed facts, the status, what was and was not checked.

    A document of several pages gives each page's lines, then a summary."""
    loc = localizer(lang)
    if verdict.pages:
        lines: list[str] = []
        if verdict.page is not None:  # a page of a document with several certificates on it
            lines.append(f"{loc.gettext(LABELS['page'])} {verdict.page}")
        for page in verdict.pages:
            lines += [*verdict_lines(page, lang), ""]
        counts = {status: sum(1 for p in verdict.pages if p.status is status) for status in Status}
        parts = [f"{loc.gettext(SHORT_NAMES[s])}: {n}" for s, n in counts.items() if n]
        count = len(verdict.pages)
        by_page = verdict.pages[0].page is not None
        summary = (loc.ngettext("%(count)d page", "%(count)d pages", count) if by_page
                   else loc.ngettext("%(count)d certificate", "%(count)d certificates", count)) % {"count": count}
        lines.append(f"{summary}: {'; '.join(parts)}")
        if verdict.note:
            lines.append(note_line(verdict, lang))
        every, not_every = ((N_("every page valid"), N_("not every page is valid (%(status)s)")) if by_page else
                            (N_("every certificate valid"), N_("not every certificate is valid (%(status)s)")))
        outcome = (loc.gettext(every) if verdict.valid else
                   loc.gettext(not_every) % {"status": loc.gettext(SHORT_NAMES[verdict.status])})
        lines.append(f"{loc.gettext(LABELS['status'])}: {outcome}")
        return lines
    label = {key: loc.gettext(value) for key, value in LABELS.items()}
    lines = []
    if verdict.page is not None:
        lines.append(f"{label['page']} {verdict.page}")
    facts = (("number", verdict.number), ("name", verdict.name), ("award", verdict.award),
             ("date", loc.date(dt.date.fromisoformat(verdict.date)) if _iso(verdict.date) else verdict.date),
             ("copy", str(verdict.copy) if verdict.copy else ""),
             ("issuer", office_words(verdict, lang) if verdict.issuer or verdict.key_id else ""),
             ("revoked on", loc.date(verdict.revoked_on) if verdict.revoked_on else ""),
             ("category", loc.gettext(CATEGORY_WORDS[verdict.revocation_category])
              if verdict.revocation_category in CATEGORY_WORDS else verdict.revocation_category),
             ("read on the page", verdict.page_name), ("reason", verdict.reason),
             ("revocations", loc.date(verdict.revocations_date.date()) if verdict.revocations_date else ""))
    width = max(len(label[key]) for key, value in facts if value) + 2 if any(v for _, v in facts) else 0
    for key, value in facts:
        if value:
            lines.append(f"{label[key] + ':':<{width}}{value}")
    lines.append(f"{label['status']}: {headline(verdict, lang)}")
    if verdict.checked:
        lines.append(f"{label['checked']}: " + ", ".join(loc.gettext(CHECK_NAMES[c]) for c in verdict.checked))
    if verdict.not_checked:
        lines.append(f"{label['not checked']}: "
                     + ", ".join(loc.gettext(CHECK_NAMES[c]) for c in verdict.not_checked))
    if verdict.note:
        lines.append(note_line(verdict, lang))
    return lines


def note_line(verdict: Verdict, lang: str = "en") -> str:
    """The verdict's note in ``lang``, a date among its values written as the language writes
    dates («1 желтоқсан 2026», not 2026-12-01)."""
    loc = localizer(lang)
    values = {key: loc.date(dt.date.fromisoformat(value)) if "-" in value and _iso(value) else value
              for key, value in verdict.note_args}
    if verdict.note_plural:
        count = int(dict(verdict.note_args)[verdict.note_count])
        return loc.ngettext(verdict.note, verdict.note_plural, count) % values
    return loc.gettext(verdict.note) % values


def _iso(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
