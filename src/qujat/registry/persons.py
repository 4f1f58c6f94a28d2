"""Who a certificate is for, as a key: the ИИН when known, else the normalised full name.

>>> name_key("Бекбас  О. Т.") == name_key("бекбас о.т.")
True
>>> valid_iin("000101500017")
False
"""
from __future__ import annotations

import re
import unicodedata

from qujat.errors import QujatError

_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_PUNCTUATION = re.compile(r"[\s.,\-‐‑–—'’`\"«»()]+")


def name_key(name: str) -> str:
    """A full name reduced so that spelling variants of one name compare equal: Unicode NFKC,
    case folded, ё as е, dots, hyphens, quotes and spaces dropped (``"Бекбас О.Т."`` and
    ``"БЕКБАС О. Т."`` give the same key)."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("ё", "е")
    return _PUNCTUATION.sub("", text)


def iin_check_digit(first11: str) -> int | None:
    """The 12th digit of an ИИН whose first 11 digits are given; None when no digit fits."""
    digits = [int(d) for d in first11]
    for weights in (_WEIGHTS_1, _WEIGHTS_2):
        check = sum(d * w for d, w in zip(digits, weights)) % 11
        if check != 10:
            return check
    return None


def valid_iin(iin: str) -> bool:
    """Whether ``iin`` is 12 digits whose date part is a date and whose last digit is the check digit."""
    if not re.fullmatch(r"\d{12}", iin):
        return False
    month, day = int(iin[2:4]), int(iin[4:6])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    return iin_check_digit(iin[:11]) == int(iin[11])


def normalise_iin(value: object) -> str | None:
    """An ИИН cell as its 12 digits (spaces dropped, a number that lost its leading zero padded);
    None for an empty cell. Raises :class:`QujatError` for one that fails its check digit."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"[\s-]", "", str(value))
    if not text:
        return None
    if text.isdigit() and len(text) < 12:
        text = text.zfill(12)
    if not valid_iin(text):
        raise QujatError(f"ИИН '{value}' is not valid (12 digits with a matching check digit)")
    return text


def person_key(name: str, iin: str | None) -> str:
    """The key that identifies a recipient: ``iin:<12 digits>`` or ``name:<normalised name>``."""
    return f"iin:{iin}" if iin else f"name:{name_key(name)}"
