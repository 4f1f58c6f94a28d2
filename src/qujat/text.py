"""The multilingual text type: a plain string, or a mapping of language to string."""
from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

from qujat.messages import M_

#: Characters no document or spreadsheet may carry (C0 and C1 controls but tab, LF and CR).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: ``str.translate`` table for XML character data: its own three characters escaped, and those
#: XML 1.0 cannot hold (U+FFFE, U+FFFF, lone surrogates) as U+FFFD. (xml.sax.saxutils' escape
#: would do the first part at the cost of importing urllib.request and ssl: 50 ms a start.)
XML_TEXT_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", 0xFFFE: "\ufffd", 0xFFFF: "\ufffd",
                    **dict.fromkeys(range(0xD800, 0xE000), "\ufffd")}
#: The key under which a plain string is kept: "in the record's own language".
OWN = "*"
LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$")


def _to_text_map(value: Any) -> Any:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError(M_("must not be empty", code="text.empty"))
        return {OWN: value}
    if isinstance(value, dict):
        if not value:
            raise ValueError(M_("give at least one language, e.g. {kk: ..., ru: ..., en: ...}",
                                code="text.no-language"))
        for key, text in value.items():
            if not isinstance(key, str) or not (key == OWN or LANG_CODE.match(key)):
                raise ValueError(M_("'%(key)s' is not a language code (kk, ru, en, kk-Latn ...)",
                                    code="text.bad-language", key=key))
            if not isinstance(text, str) or not text.strip():
                raise ValueError(M_("the %(key)s text must be a non-empty string", code="text.empty-language", key=key))
        return dict(value)
    raise ValueError(M_("must be a string or a mapping of language to string, e.g. {kk: ..., ru: ...}",
                        code="text.shape"))


_TEXT_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1, "description": "Text in the record's own language"},
        {
            "type": "object",
            "description": "The text in each language",
            "properties": {lang: {"type": "string", "minLength": 1} for lang in ("kk", "ru", "en")},
            "patternProperties": {r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$": {"type": "string"}},
            "additionalProperties": False,
            "minProperties": 1,
        },
    ]
}

#: A text field: ``"plain text"`` or ``{kk: "...", ru: "...", en: "..."}``.
Text = Annotated[dict[str, str], BeforeValidator(_to_text_map), WithJsonSchema(_TEXT_SCHEMA)]


def languages_of(text: dict[str, str], own_language: str) -> set[str]:
    """The languages a text field has, counting a plain string as the record's language."""
    return {own_language if key == OWN else key for key in text}
