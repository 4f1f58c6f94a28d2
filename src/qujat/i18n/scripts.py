"""Which script a document language is written in, and the words of a text in the other one.

A language's script is its code's own script subtag (``kk-Latn``), else CLDR's likely script for
it (Babel's likely subtags: ``kk`` is ``kk_Cyrl_KZ``, ``ru`` ``ru_Cyrl_RU``, ``en`` ``en_Latn_US``),
so a language an office adds by a catalog is told by the same rule.

>>> language_script("kk"), language_script("kk-Latn"), language_script("en")
('cyrillic', 'latin', 'latin')
>>> foreign_words("B. Zh. Abdirayim", "kk")
['Zh', 'Abdirayim']
"""
from __future__ import annotations

from functools import lru_cache

from qujat.i18n.localizer import available_languages
from qujat.identity import words_in_script

#: ISO 15924 codes and the scripts :func:`qujat.identity.words_in_script` tells apart.
_SCRIPTS = {"Latn": "latin", "Cyrl": "cyrillic"}
#: Each script and the other one.
_OTHER = {"latin": "cyrillic", "cyrillic": "latin"}


@lru_cache(maxsize=32)
def language_script(lang: str) -> str:
    """``"latin"`` or ``"cyrillic"``: the script documents in ``lang`` are written in; ``""`` for
    a language written in neither."""
    from babel.core import get_global

    parts = lang.replace("_", "-").split("-")
    subtag = next((part.title() for part in parts[1:] if len(part) == 4), None)
    if subtag is None:
        likely = str(get_global("likely_subtags").get(parts[0], ""))
        subtag = next((part for part in likely.split("_")[1:] if len(part) == 4), "")
    return _SCRIPTS.get(subtag, "")


def foreign_words(text: str, lang: str) -> list[str]:
    """The words of ``text`` in the other of Latin and Cyrillic than ``lang``'s script."""
    other = _OTHER.get(language_script(lang))
    return words_in_script(text, other) if other else []


def languages_in(script: str) -> list[str]:
    """The document languages qujat has that are written in ``script``, in its order."""
    return [lang for lang in available_languages() if language_script(lang) == script]
