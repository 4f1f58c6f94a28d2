"""Rows under a list that are not people: a total line («Итого: 5 человек», «Барлығы»), a
signature line («Начальник отдела кадров ____»: a rule of three underscores or more), who
prepared it. Their words are data, in ``trailers.yaml`` beside this file."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from qujat.lists.headings import normalise_heading
from qujat.lists.values import cell_is_empty, clean_text
from qujat.messages import M_

TRAILERS_FILE = Path(__file__).resolve().parent / "trailers.yaml"
#: What each kind of row is, as ``--check`` names it.
KIND_WORDS = {"total": M_("a total line"), "signature": M_("a signature line"),
              "prepared_by": M_("a line saying who prepared the list")}
#: Stands for «?» while a cell is normalised (a letter, so that normalising keeps it in its word).
LOST = "\u01c2"
#: A cell holding only a number (a row's serial, a count).
_NUMBER = re.compile(r"[\d\s.,]+")


@cache
def trailer_words() -> dict[str, tuple[str, ...]]:
    """Each kind of row with the words that begin it, normalised as headings are."""
    import yaml

    with TRAILERS_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return {str(kind): tuple(normalise_heading(word) for word in words) for kind, words in data.items()}


@cache
def _beginnings() -> dict[str, re.Pattern[str]]:
    """Each kind of row with one pattern for all its words: one whole word (or words) at the
    start of a normalised text (a text without «?»; :func:`_begins_with` takes those)."""
    return {kind: re.compile("(?:" + "|".join(map(re.escape, words)) + ")(?= |$)")
            for kind, words in trailer_words().items()}


def _begins_with(text: str, word: str) -> bool:
    """Whether the normalised ``text`` begins with the whole word(s) ``word``; a «?» in ``text``
    matches any one letter."""
    if len(text) < len(word) or (len(text) > len(word) and text[len(word)] != " "):
        return False
    start = text[:len(word)]
    if "?" not in start:  # the common case, without a pattern (a list of 100,000 rows asks 2 million times)
        return start == word
    pattern = "".join("." if char == "?" else re.escape(char) for char in start)
    return re.fullmatch(pattern, word) is not None


def trailer_kind(cells: list[Any]) -> str | None:
    """What a row under a list is, when it is not a person: ``"total"``, ``"signature"`` or
    ``"prepared_by"`` (:data:`KIND_WORDS` words them); None for any other row.

    >>> trailer_kind(["Итого: 5 человек", None]), trailer_kind([None, "Начальник отдела кадров ____"])
    ('total', 'signature')
    >>> trailer_kind([1, "Итогова Айгерим"]) is None
    True
    """
    texts = [cell for cell in cells if isinstance(cell, str) and not cell_is_empty(cell)]
    if any("___" in text for text in texts):
        return "signature"
    first = next((clean_text(text) for text in texts if not _NUMBER.fullmatch(text)), None)
    if not first:
        return None
    head = normalise_heading(first.replace("?", LOST)).replace(LOST, "?")
    if "?" not in head:  # the usual row: one pattern a kind
        return next((kind for kind, pattern in _beginnings().items() if pattern.match(head)), None)
    for kind, words in trailer_words().items():
        if any(_begins_with(head, word) for word in words):
            return kind
    return None
