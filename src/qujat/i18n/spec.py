"""The language of a document: one language (``kk``) or a pair on one page (``kk+ru``), parsed once."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from qujat.errors import UsageError
from qujat.i18n.localizer import available_languages
from qujat.messages import M_


@dataclass(frozen=True)
class LanguageSpec:
    """The languages of one document, the first one leading (above, or in the left column).

    >>> spec = parse_language_spec("kk+ru")
    >>> spec.code, spec.primary, spec.bilingual
    ('kk+ru', 'kk', True)
    """

    languages: tuple[str, ...]

    @property
    def code(self) -> str:
        """The spec as written in file names and options: ``kk`` or ``kk+ru``."""
        return "+".join(self.languages)

    @property
    def primary(self) -> str:
        """The first (leading) language."""
        return self.languages[0]

    @property
    def bilingual(self) -> bool:
        """True for a pair such as ``kk+ru``."""
        return len(self.languages) == 2

    def __str__(self) -> str:
        return self.code


@lru_cache(maxsize=64)
def parse_language_spec(text: str) -> LanguageSpec:
    """``"kk"`` or ``"kk+ru"`` (spaces ignored) as a :class:`LanguageSpec`.

    Raises :class:`qujat.errors.UsageError` for a language qujat has no catalog for, for more
    than two languages, and for one language twice.

    >>> parse_language_spec(" ru ").languages
    ('ru',)
    """

    parts = tuple(part.strip() for part in str(text).split("+") if part.strip())
    known = available_languages()
    unknown = [part for part in parts if part not in known]
    if unknown:
        raise UsageError(M_("'%(language)s' is not a language qujat has; use one of %(known)s, or two of them "
                            "joined by '+' (kk+ru)", code="language.unknown-spec", language=unknown[0],
                            known=", ".join(known)))
    if not 1 <= len(parts) <= 2 or len(set(parts)) < len(parts):
        raise UsageError(M_("'%(text)s' is not a document language: give one language, or two different ones "
                            "joined by '+' (kk+ru, the first above or on the left)", code="language.bad-spec",
                            text=text))
    return LanguageSpec(parts)
