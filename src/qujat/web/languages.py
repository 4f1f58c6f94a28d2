"""The web pages' languages: kk, ru, en and kk-Latn, chosen by the URL's prefix (``/ru/``) or,
without one, from the browser's ``Accept-Language``; one Jinja2 environment per language, its
words from the ``web`` gettext domain.

>>> choose("ru-RU,ru;q=0.9,en;q=0.8")
'ru'
>>> choose("kk-Latn-KZ"), choose("de-DE,de;q=0.9"), choose("")
('kk-Latn', 'en', 'kk')
"""
from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import jinja2

from qujat.certificates.definitions import load_award
from qujat.errors import Location, QujatError
from qujat.i18n.localizer import UI_DOMAIN, language_name, localizer, translations
from qujat.i18n.templating import make_environment, render_string

#: The page's languages, in the order the switcher lists them.
LANGUAGES = ("kk", "ru", "en", "kk-Latn")
#: Without an Accept-Language header: the state language.
DEFAULT = "kk"
#: A browser that asks only for languages the page lacks reads it in English.
OTHERWISE = "en"
TEMPLATES = Path(__file__).with_name("templates")


def from_prefix(segment: str) -> str | None:
    """The language a URL's first segment names (``ru``, ``kk-latn`` …), None if none."""
    wanted = segment.lower()
    return next((lang for lang in LANGUAGES if lang.lower() == wanted), None)


def _ranked(header: str) -> list[str]:
    """The language tags of an Accept-Language header, most wanted first (q=0 dropped)."""
    found: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:32]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag.strip() and quality > 0:
            found.append((-quality, index, tag.strip().lower()))
    return [tag for _, _, tag in sorted(found)]


def choose(accept_language: str | None) -> str:
    """The page's language for a browser sending ``accept_language``: its first language the
    page has (Kazakh in Latin letters for ``kk-Latn``), English if it asks only for others,
    Kazakh if it says nothing."""
    tags = _ranked(accept_language or "")
    if not tags:
        return DEFAULT
    for tag in tags:
        parts = tag.replace("_", "-").split("-")
        if parts[0] == "kk":
            return "kk-Latn" if "latn" in parts[1:] else "kk"
        if parts[0] in LANGUAGES:
            return parts[0]
    return OTHERWISE


@cache
def own_names() -> dict[str, str]:
    """Each language's name in itself, for the switcher («Қазақша», «Русский» …)."""
    return {lang: _capitalised(language_name(lang)) for lang in LANGUAGES}


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


@cache
def environment(lang: str) -> jinja2.Environment:
    """The Jinja2 environment of the pages in ``lang``: the package's templates, HTML escaped,
    the ``web`` catalog's words through ``_()`` and ``{% trans %}``."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.install_gettext_translations(translations(lang, UI_DOMAIN), newstyle=True)  # type: ignore[attr-defined]
    env.globals["lang"] = lang
    env.filters["long_date"] = lambda value: long_date(value, lang)
    return env


def translate(lang: str, message: str) -> str:
    """The ``web`` catalog's translation of ``message`` in ``lang``."""
    return translations(lang, UI_DOMAIN).gettext(message)


def long_date(value: dt.date | None, lang: str) -> str:
    """A date as the language writes it in full («2018 жылғы 4 шілде», "4 July 2018")."""
    return localizer(lang).date(value) if value else ""


@cache
def award_title(award_id: str, lang: str) -> str:
    """The award's name in ``lang`` from its definition; the id itself for an award not known
    here (another office's)."""
    try:
        award = load_award(award_id)
        return render_string(make_environment(localizer(lang)), award.name, Location(award.source, field="name"))
    except QujatError:
        return award_id
