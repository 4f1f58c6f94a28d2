"""What the registry keeps to print a document again exactly as issued: a typed, versioned value.

Version 2 is written now; version 1 (the JSON that qujat 0.1.0 kept beside each certificate,
without a version field) is read as the same value, so a migrated registry still reprints.

>>> form = PrintedForm(name={"kk": "О.Т. Бекбас"}, language="kk", date=dt.date(2018, 7, 4), award="jubilee-medal")
>>> PrintedForm.from_json(form.to_json()) == form
True
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from qujat.errors import QujatError
from qujat.messages import M_
from qujat.model import TextMap

VERSION = 2


def _text(value: Any) -> TextMap | None:
    if not value:
        return None
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise QujatError(M_("the registry's printed form holds a text that is not {language: text}", code="form.text"))
    return dict(value)


@dataclass(frozen=True)
class PrintedForm:
    """The texts and settings one document was printed from (texts as ``{language: text}``)."""

    name: TextMap
    language: str
    date: dt.date
    award: str
    position: TextMap | None = None
    organisation: TextMap | None = None
    place: TextMap | None = None
    occasion: TextMap | None = None
    signatory: TextMap | None = None
    issuer: TextMap | None = None
    signatory_title: TextMap | None = None
    #: the language of plain-string texts of the certificate, and of the issue settings
    own_language: str | None = None
    settings_own_language: str | None = None
    #: a duplicate's own issue date (None for an original)
    duplicate_issued: dt.date | None = None
    #: the post and organisation as one phrase, the organisation in the genitive (a record's ``title``)
    title: TextMap | None = None

    def to_json(self) -> str:
        data: dict[str, Any] = {"v": VERSION}
        for name in _FIELDS:
            value = getattr(self, name)
            data[name] = value.isoformat() if isinstance(value, dt.date) else value
        return _ENCODER.encode(data)

    @classmethod
    def from_json(cls, text: str) -> PrintedForm:
        """A stored form, version 1 or 2; :class:`QujatError` for anything else."""
        try:
            data = json.loads(text)
        except ValueError:
            raise QujatError(M_("the registry's printed form is damaged (not JSON)", code="form.json")) from None
        version = data.get("v", 1) if isinstance(data, dict) else None
        if version not in (1, VERSION):
            raise QujatError(M_("the registry's printed form has version %(version)s, which this qujat does not read: "
                                "upgrade qujat", code="form.version", version=version))
        name = _text(data.get("name"))
        if not name:
            raise QujatError(M_("the registry's printed form has no name", code="form.no-name"))
        duplicate = data.get("duplicate_issued")
        return cls(name=name, language=str(data["language"]), date=dt.date.fromisoformat(data["date"]),
                   award=str(data["award"]), position=_text(data.get("position")),
                   organisation=_text(data.get("organisation")), place=_text(data.get("place")),
                   occasion=_text(data.get("occasion")), signatory=_text(data.get("signatory")),
                   issuer=_text(data.get("issuer")), signatory_title=_text(data.get("signatory_title")),
                   own_language=data.get("own_language"), settings_own_language=data.get("settings_own_language"),
                   duplicate_issued=dt.date.fromisoformat(duplicate) if duplicate else None,
                   title=_text(data.get("title")))


#: The form's fields, and the JSON encoder of its stored text (made once: a batch stores a form a certificate).
_FIELDS = tuple(item.name for item in dataclasses.fields(PrintedForm))
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
