"""What a certificate is made from: the recipient, the issue settings, and the certificate itself."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from qujat.messages import M_
from qujat.records.schema import Person

#: A record text: ``{language: text}``, with ``"*"`` for the record's own language.
TextMap = dict[str, str]
#: The texts of a recipient that end up printed.
PRINTED_FIELDS = ("name", "position", "organisation", "title", "occasion", "place")
#: Each printed text as a problem with it names it.
FIELD_WORDS = {"name": M_("the name"), "position": M_("the position"), "organisation": M_("the organisation"),
               "title": M_("the post"), "occasion": M_("the occasion"), "place": M_("the place"),
               "signatory": M_("the signatory")}


@dataclass(frozen=True)
class Recipient:
    """A person to be awarded, typed, whatever the source: a record, a list row or a script.

    ``row`` is the spreadsheet row or YAML line it came from; ``sequence`` its place among the
    source's recipients of the same award, from which its number is derived. ``iin`` is the
    person's ИИН when the list has one; ``seal`` what the QR code carries instead of the
    award's own text (the registry's signed payload); ``stamp`` a text written across the page
    (a draft's or a duplicate's mark); ``duplicate_issued`` a duplicate's own issue date;
    ``draft`` whether it is a proof (its number reads «№ ҮЛГІ»). ``title`` is the post and
    organisation as one phrase, the organisation in the genitive («… кәсіподағының төрағасы»),
    printed instead of position and organisation.
    """

    name: TextMap
    position: TextMap | None = None
    organisation: TextMap | None = None
    title: TextMap | None = None
    award: str | None = None
    language: str | None = None
    date: dt.date | None = None
    number: str | None = None
    place: TextMap | None = None
    occasion: TextMap | None = None
    row: int | None = None
    sequence: int = 0
    iin: str | None = None
    seal: str | None = None
    stamp: str | None = None
    duplicate_issued: dt.date | None = None
    draft: bool = False


@dataclass(frozen=True)
class IssueSettings:
    """How certificates are issued when a recipient does not say: the defaults of a record, a
    list or the command line. ``organisation`` is the issuer (default: the award's own, the
    Federation), ``signatory`` the name under the signature line and ``signatory_title`` the
    post printed above it (none given with another issuer: none printed); ``own_language`` the
    language of plain-string texts; ``start`` the first number."""

    award: str | None = None
    lang: str | None = None
    date: dt.date | None = None
    place: TextMap | None = None
    occasion: TextMap | None = None
    signatory: TextMap | None = None
    organisation: TextMap | None = None
    signatory_title: TextMap | None = None
    own_language: str | None = None
    start: int | None = None
    source: str = ""

    def overridden(self, **options: Any) -> IssueSettings:
        """These settings with every option that is not None put in their place."""
        return dataclasses.replace(self, **{k: v for k, v in options.items() if v is not None})


@dataclass(frozen=True)
class Certificate:
    """One certificate to print: who, which number, when and where.

    Text fields are record texts (``{lang: text}`` mappings); ``own_language`` is the language
    of plain strings, used when a field lacks the certificate's language; ``draft`` marks a proof.
    """

    person: Person
    number: str
    date: dt.date
    place: TextMap | None = None
    occasion: TextMap | None = None
    signatory: TextMap | None = None
    own_language: str | None = None
    source: str = ""
    seal: str | None = None
    stamp: str | None = None
    #: a duplicate's own issue date, printed on a line of its own (None for an original)
    duplicate_issued: dt.date | None = None
    draft: bool = False
