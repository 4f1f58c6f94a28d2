"""The language qujat speaks to its users in: the ``qujat-ui`` gettext domain (kk, ru, en, and
kk-Latn made from kk), chosen by the caller or from the usual locale settings.

The documents' words are the ``qujat`` domain (:mod:`qujat.i18n.localizer`); what qujat says to
a person (errors, warnings, the check report, progress, summaries, ``--help``, the web pages) is
this one, so that an office can run the command in Russian and print Kazakh documents. Messages are
:class:`qujat.messages.Message` values rendered through :func:`ui_translations`.

>>> choose_ui_language(None, lang="ru_RU.UTF-8"), choose_ui_language("kk", lang="ru_RU.UTF-8")
('ru', 'kk')
>>> choose_ui_language(None, language="de:ru", lang="de_DE.UTF-8"), choose_ui_language(None, lang="C")
('ru', 'en')
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from qujat.i18n.localizer import LOCALE_DIR, UI_DOMAIN, available_languages, catalog_path, translations
from qujat.messages import Translations

UI_POT_PATH = LOCALE_DIR / f"{UI_DOMAIN}.pot"
#: The language qujat speaks when nothing asks for another.
DEFAULT_UI_LANGUAGE = "en"


def ui_catalog_path(lang: str) -> Path:
    """Where the user-interface catalog of ``lang`` lives."""
    return catalog_path(lang, UI_DOMAIN)


@cache
def ui_languages() -> tuple[str, ...]:
    """The languages qujat can speak in: those with a ``qujat-ui`` catalog, kk, ru, en first (kk-Latn's
    is made from kk's by ``tools/make_kk_latn_catalog.py``)."""
    return tuple(lang for lang in available_languages() if ui_catalog_path(lang).is_file())


def ui_translations(lang: str) -> Translations:
    """The ``qujat-ui`` translations of ``lang``, compiled from its .po file in memory."""
    return translations(lang, UI_DOMAIN)


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
