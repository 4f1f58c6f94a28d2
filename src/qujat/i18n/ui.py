"""The language qujat speaks to its users in: the ``qujat-ui`` gettext domain (kk, ru, en; kk-Latn
by transliterating kk), chosen by the caller or from the usual locale settings.

The documents' words are the ``qujat`` domain (:mod:`qujat.i18n.localizer`); what qujat says to
a person (errors, warnings, the check report, progress, summaries, ``--help``) is this one, so
that an office can run the command in Russian and print Kazakh documents. Messages are
:class:`qujat.messages.Message` values rendered through :func:`ui_translations`.

>>> choose_ui_language(None, lang="ru_RU.UTF-8"), choose_ui_language("kk", lang="ru_RU.UTF-8")
('ru', 'kk')
>>> choose_ui_language(None, language="de:ru", lang="de_DE.UTF-8"), choose_ui_language(None, lang="C")
('ru', 'en')
"""
from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

from qujat.errors import Location, TemplateError
from qujat.i18n.localizer import LOCALE_DIR, PREFERRED_ORDER, babel_locale_name, script_converter
from qujat.messages import Translations

UI_DOMAIN = "qujat-ui"
UI_POT_PATH = LOCALE_DIR / f"{UI_DOMAIN}.pot"
#: The language qujat speaks when nothing asks for another.
DEFAULT_UI_LANGUAGE = "en"


def ui_catalog_path(lang: str) -> Path:
    """Where the user-interface catalog of ``lang`` lives."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{UI_DOMAIN}.po"


@cache
def ui_languages() -> tuple[str, ...]:
    """The languages qujat can speak in: those with a ``qujat-ui`` catalog (kk, ru, en first), and
    those written by converting one of them (kk-Latn)."""
    if not LOCALE_DIR.is_dir():
        return ()
    found = {p.name for p in LOCALE_DIR.iterdir() if ui_catalog_path(p.name).is_file()}
    derived = {p.name for p in LOCALE_DIR.iterdir()
               if p.is_dir() and (converter := script_converter(p.name)) and converter[0] in found}
    order = {code: PREFERRED_ORDER.index(code) if code in PREFERRED_ORDER else len(PREFERRED_ORDER)
             for code in found | derived}
    return tuple(sorted(order, key=lambda code: (order[code], code)))


class _Converted:
    """A catalog read through a script converter: kk-Latn's messages are kk's in Latin letters."""

    def __init__(self, source: Translations, convert: Callable[[str], str]) -> None:
        self.source, self.convert = source, convert

    def gettext(self, message: str, /) -> str:
        return self.convert(self.source.gettext(message))

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return self.convert(self.source.ngettext(singular, plural, n))


@cache
def ui_translations(lang: str) -> Translations:
    """The ``qujat-ui`` translations of ``lang``, compiled from its .po file in memory (kk-Latn:
    kk's, transliterated as they are read)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    converter = script_converter(lang)
    if converter is not None:
        return _Converted(ui_translations(converter[0]), converter[1])
    path = ui_catalog_path(lang)
    if not path.is_file():
        raise TemplateError(f"no user-interface catalog for language '{lang}'; languages: "
                            f"{', '.join(ui_languages())}", Location(str(path)))
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=babel_locale_name(lang), domain=UI_DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _from_locale(value: str) -> str | None:
    """A locale name (``ru_RU.UTF-8``, ``kk_KZ@latin``, ``kk-Latn``) as one of qujat's UI
    languages, or None."""
    name, _, modifier = value.strip().partition("@")
    name = name.split(".")[0].replace("-", "_")
    parts = name.split("_")
    if not parts or not parts[0]:
        return None
    language = parts[0].lower()
    latin = modifier.lower() == "latin" or any(part.lower() == "latn" for part in parts[1:])
    for code in ((f"{language}-Latn",) if latin else ()) + (language,):
        if code in ui_languages():
            return code
    return None


def choose_ui_language(asked: str | None = None, *, language: str = "", lc_all: str = "", lc_messages: str = "",
                       lang: str = "") -> str:
    """The language to speak in: ``asked`` (``--ui-lang``) when given, else as gettext chooses from
    the variables ``LANGUAGE`` (a list, ``kk:ru``), ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``
    (handed in by the caller: the library reads no environment), the first qujat has; English
    when none is one of its languages, and for the C locale."""
    if asked:
        return asked
    chosen = lc_all or lc_messages or lang
    if chosen in ("C", "POSIX") or chosen.startswith("C."):
        return DEFAULT_UI_LANGUAGE
    for candidate in [*language.split(":"), chosen]:
        found = _from_locale(candidate) if candidate else None
        if found:
            return found
    return DEFAULT_UI_LANGUAGE
