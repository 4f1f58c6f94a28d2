"""What one certificate says about its recipient: the person and the occasion."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qujat.records.schema import Person


@dataclass(frozen=True)
class Certificate:
    """One certificate to print: who, which number, when and where.

    Text fields are record texts (``{lang: text}`` mappings); ``own_language`` is the language
    of plain strings, used when a field lacks the certificate's language.
    """

    person: Person
    number: str
    date: dt.date
    place: dict[str, str] | None = None
    occasion: dict[str, str] | None = None
    signatory: dict[str, str] | None = None
    organisation: dict[str, str] | None = None
    own_language: str | None = None
    source: str = ""
