"""The column headings qujat knows (``headings.yaml``, beside this file) and matching a cell to one."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from qujat.messages import M_

HEADINGS_FILE = Path(__file__).resolve().parent / "headings.yaml"
_NOT_WORD = re.compile(r"[^\w№#]+|_+")

#: Fields that a recipient's certificate can print or use.
NAME_PARTS = ("surname", "given_name", "patronymic")
#: What each field means, as the check and its messages word it.
FIELD_WORDS = {
    "name": M_("the full name"), "surname": M_("the surname"), "given_name": M_("the given name"),
    "patronymic": M_("the patronymic"), "position": M_("the position"), "organisation": M_("the organisation"),
    "award": M_("the award (an id or a name)"), "language": M_("the language"), "date": M_("the date of the award"),
    "place": M_("the place"), "occasion": M_("the occasion"), "number": M_("the certificate number"),
    "serial": M_("the row's serial number (not printed)"), "iin": M_("the ИИН"), "title": M_("the post"),
}


def normalise_heading(text: Any) -> str:
    """A heading as it is compared: case folded, «ё» as «е», punctuation and spaces as one space.

    >>> normalise_heading(" Ф.И.О.* ")
    'ф и о'
    >>> normalise_heading("Аты-жөні")
    'аты жөні'
    """
    folded = str(text or "").casefold().replace("ё", "е")
    return " ".join(_NOT_WORD.sub(" ", folded).split())


@cache
def known_headings() -> dict[str, tuple[str, ...]]:
    """Each field with the headings that mean it, as written in ``headings.yaml``."""
    import yaml

    with HEADINGS_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return {str(field): tuple(str(h) for h in headings) for field, headings in data.items()}


@cache
def _by_heading() -> dict[str, str]:
    return {normalise_heading(h): field for field, headings in known_headings().items() for h in headings}


#: Stands for «?» while a heading is normalised (a letter, so that it stays inside its word).
_LOST = "\u01c2"


def heading_field(text: Any) -> str | None:
    """The field a heading means (``"Аты-жөні"`` -> ``"name"``), or None when qujat does not know it.
    A «?» where a code page lost a Kazakh letter («Аты-ж?ні») stands for any one letter, when
    that leaves one field.

    >>> heading_field("Т.А.Ә."), heading_field("Занимаемая должность"), heading_field("Примечание")
    ('name', 'position', None)
    >>> heading_field("Аты-ж?ні"), heading_field("Ж?мыс орны")
    ('name', 'organisation')
    """
    found = _by_heading().get(normalise_heading(text))
    shape = normalise_heading(text.replace("?", _LOST)) if isinstance(text, str) and "?" in text else ""
    if found is None and len(shape.replace(_LOST, "").replace(" ", "")) >= 2:
        pattern = re.compile("".join("." if char == _LOST else re.escape(char) for char in shape))
        fields = {field for heading, field in _by_heading().items() if pattern.fullmatch(heading)}
        found = fields.pop() if len(fields) == 1 else None
    return found
