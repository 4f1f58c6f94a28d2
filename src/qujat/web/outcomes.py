"""What the public page says of a check: the verification function's :class:`Verdict` turned into
one of a few outcomes, each a word, a colour, an icon and one sentence of what to do, with only
the facts the certificate's signature vouches for.

Every outcome whose signature is not genuine (or that was not found) carries no fact at all: a
crafted link shows none of the text it carries. The registry's free-text reason for a
revocation is never taken: a revocation is shown by its day and a fixed category.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from qujat.verification.verdict import Status, Verdict


def U_(message: str) -> str:
    """A message of the web pages' catalog (domain ``web``), translated where it is shown."""
    return message


class Kind(str, Enum):
    """The outcomes a visitor can see; the value is the CSS class and the access log's word."""

    GENUINE = "genuine"
    REVOKED = "revoked"
    REPLACED = "replaced"
    OTHER_OFFICE = "other-office"
    UNCHECKED = "unchecked"
    NOT_CONFIRMED = "not-confirmed"
    NAME_CHANGED = "name-changed"
    NO_CODE = "no-code"
    NOT_RECOGNISED = "not-recognised"
    NOT_FOUND = "not-found"
    UNAVAILABLE = "unavailable"


class Category(str, Enum):
    """Why a certificate was revoked, in words that name no person's circumstances."""

    ISSUED_IN_ERROR = "issued-in-error"
    DATA_CORRECTED = "data-corrected"
    REPLACED = "replaced"
    WITHDRAWN = "withdrawn"


#: The word, the icon and the sentence of what to do, of each outcome (%(office)s, %(date)s).
WORDS = {
    Kind.GENUINE: U_("Genuine and valid"),
    Kind.REVOKED: U_("Revoked"),
    Kind.REPLACED: U_("Replaced by a duplicate"),
    Kind.OTHER_OFFICE: U_("Genuine, another office's"),
    Kind.UNCHECKED: U_("Status not checked"),
    Kind.NOT_CONFIRMED: U_("Not confirmed by the registry"),
    Kind.NAME_CHANGED: U_("The name was changed"),
    Kind.NO_CODE: U_("No code found"),
    Kind.NOT_RECOGNISED: U_("Not recognised"),
    Kind.NOT_FOUND: U_("Not found"),
    Kind.UNAVAILABLE: U_("Not checked"),
}
ICONS = {
    Kind.GENUINE: "check", Kind.REVOKED: "cross", Kind.REPLACED: "swap", Kind.OTHER_OFFICE: "info",
    Kind.UNCHECKED: "clock", Kind.NOT_CONFIRMED: "alert", Kind.NAME_CHANGED: "cross", Kind.NO_CODE: "question",
    Kind.NOT_RECOGNISED: "cross", Kind.NOT_FOUND: "question",
    Kind.UNAVAILABLE: "clock",
}
ADVICE = {
    Kind.GENUINE: U_("It is in force: check that the name matches the holder's identity document."),
    Kind.REVOKED: U_("Do not accept it: it is no longer in force (the holder may ask the issuing office why)."),
    Kind.REPLACED: U_("Only the duplicate (%(date)s) is valid: ask the holder for it."),
    Kind.OTHER_OFFICE: U_("Its status is not kept here: ask the office that signed it (%(office)s) whether it is in "
                          "force."),
    Kind.UNCHECKED: U_("Signature genuine; status could not be checked (the registry did not answer): try again in "
                       "a few minutes."),
    Kind.NOT_CONFIRMED: U_("The signature is genuine, but the registry does not confirm this certificate: do not "
                           "accept it before the issuing office confirms it."),
    Kind.NAME_CHANGED: U_("Do not accept it: the name printed on the paper is not the name the office signed."),
    Kind.NO_CODE: U_("No certificate code could be read here: check that this is a certificate's page, or type "
                     "its number and the code printed under its QR code."),
    Kind.NOT_RECOGNISED: U_("Do not accept it as proof: it is not a certificate of any office known here (ask the "
                            "office named on the paper)."),
    Kind.NOT_FOUND: U_("No certificate has this number and code: check both against the paper (the code is the "
                       "eight letters printed under the QR code)."),
    Kind.UNAVAILABLE: U_("The registry did not answer: try again in a few minutes, or scan the QR code, whose "
                         "signature is checked even then."),
}
_SIGNED = ("yes", U_("Signature: genuine (%(office)s)"))
_NAME = ("you", U_("Name: compare it with the paper and with the holder's identity document"))
#: What was checked, first (as Europass shows it): a mark (yes, no, unknown, you: left to the
#: reader) and a line, for each outcome that has a signature to speak of.
CHECKLIST = {
    Kind.GENUINE: (_SIGNED, ("yes", U_("Status: in force, as the registry holds it now")), _NAME),
    Kind.REVOKED: (_SIGNED, ("no", U_("Status: revoked"))),
    Kind.REPLACED: (_SIGNED, ("no", U_("Status: this paper was replaced by a duplicate"))),
    Kind.OTHER_OFFICE: (_SIGNED, ("unknown", U_("Status: not kept here; ask the office that signed it")), _NAME),
    Kind.UNCHECKED: (_SIGNED, ("unknown", U_("Status: could not be checked, the registry did not answer")), _NAME),
    Kind.NOT_CONFIRMED: (_SIGNED, ("no", U_("Registry: does not confirm it"))),
    Kind.NAME_CHANGED: (_SIGNED, ("no", U_("Name: the printed name is not the signed one"))),
    Kind.NOT_RECOGNISED: (("no", U_("Signature: not made by any office known here")),),
}
CATEGORIES = {
    Category.ISSUED_IN_ERROR: U_("issued in error"),
    Category.DATA_CORRECTED: U_("data corrected"),
    Category.REPLACED: U_("replaced"),
    Category.WITHDRAWN: U_("withdrawn"),
}
#: Kinds shown with the signed facts (their signature was checked and is genuine).
WITH_FACTS = frozenset({Kind.GENUINE, Kind.REVOKED, Kind.REPLACED, Kind.OTHER_OFFICE, Kind.UNCHECKED,
                        Kind.NOT_CONFIRMED, Kind.NAME_CHANGED})


@dataclass(frozen=True)
class Outcome:
    """A check as the page shows it: its kind and the signed facts (number, the name as printed,
    award, date, the copy: 0 the original, n the n-th duplicate), the issuing office, and for a
    revocation its day and category, for a replaced paper the day of its duplicate."""

    kind: Kind
    number: str = ""
    name: str = ""
    award: str = ""
    date: dt.date | None = None
    copy: int = 0
    office: str = ""
    revoked_on: dt.date | None = None
    category: Category | None = None
    replaced_on: dt.date | None = None

    @property
    def has_facts(self) -> bool:
        return self.kind in WITH_FACTS


def category_of(verdict: Verdict) -> Category:
    """The category a revocation is shown under: the one the office chose when it revoked the
    certificate (``generate registry revoke --category``); a revocation made before categories
    were recorded is shown as withdrawn, the category that says nothing of why. Never the
    free-text reason, which may name health or discipline."""
    try:
        return Category(verdict.revocation_category)
    except ValueError:
        return Category.WITHDRAWN


def outcome_of(verdict: Verdict, own_key_id: str, offices: dict[str, str]) -> Outcome:
    """The outcome of ``verdict`` (of a certificate's code, checked with the registry, or without
    it when the registry could not be reached); ``offices`` names each known key's office."""
    status = verdict.status
    if status is Status.VALID:
        kind = Kind.GENUINE
    elif status is Status.REVOKED:
        kind = Kind.REVOKED
    elif status is Status.REPLACED:
        kind = Kind.REPLACED
    elif status is Status.OTHER_OFFICE:
        kind = Kind.OTHER_OFFICE
    elif status is Status.REVOCATION_UNCHECKED:  # checked without the registry
        kind = Kind.UNCHECKED if verdict.key_id == own_key_id else Kind.OTHER_OFFICE
    elif status in (Status.UNKNOWN_NUMBER, Status.NOT_OURS, Status.ALTERED) and verdict.key_id == own_key_id:
        kind = Kind.NOT_CONFIRMED
    elif status is Status.NAME_DIFFERS:  # a page read: its signature genuine, its name not the signed one
        kind = Kind.NAME_CHANGED
    elif status is Status.NO_CODE:  # a page read, with no code on it
        return Outcome(Kind.NO_CODE)
    else:
        return Outcome(Kind.NOT_RECOGNISED)
    if verdict.key_id not in offices:
        return Outcome(Kind.NOT_RECOGNISED)
    office = verdict.issuer or offices[verdict.key_id]
    try:
        date: dt.date | None = dt.date.fromisoformat(verdict.date)
    except ValueError:
        date = None
    return Outcome(kind, verdict.number, verdict.name, verdict.award, date, verdict.copy, office,
                   revoked_on=verdict.revoked_on if kind is Kind.REVOKED else None,
                   category=category_of(verdict) if kind is Kind.REVOKED else None,
                   replaced_on=verdict.replaced_on if kind is Kind.REPLACED else None)
