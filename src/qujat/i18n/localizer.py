"""Languages, gettext catalogs, CLDR formatting and choosing a field's text for a language."""
from __future__ import annotations

import datetime as dt
import gettext
import io
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from qujat.errors import Location, TemplateError
from qujat.i18n.grammar import DATE_LOCALES, kk_date, signature_name
from qujat.i18n.translit import to_latin
from qujat.text import OWN

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
#: The documents' words; the web pages' words are the domain ``web`` (:data:`UI_DOMAIN`).
DOMAIN = "qujat"
UI_DOMAIN = "web"


def catalog_path(lang: str, domain: str = DOMAIN) -> Path:
    """Where the .po catalog of ``lang`` (of the gettext ``domain``) lives."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


#: Kazakhstan's state language first, then Russian and English; other catalogs follow by name.
PREFERRED_ORDER = ("kk", "ru", "en")


@lru_cache(maxsize=1)
def available_languages() -> tuple[str, ...]:
    """The language codes that have a catalog: kk, ru, en first, then any others by name."""
    if not LOCALE_DIR.is_dir():
        return ()
    found = {p.name for p in LOCALE_DIR.iterdir() if catalog_path(p.name).is_file()}
    return tuple(sorted(found, key=lambda code: (PREFERRED_ORDER.index(code)
                                                 if code in PREFERRED_ORDER else len(PREFERRED_ORDER), code)))


def read_catalog(path: Path, locale: str | None = None, domain: str = DOMAIN) -> Catalog:
    """The gettext catalog (.po or .pot) at ``path``; one that cannot be read (not UTF-8, not a
    catalog) is a :class:`TemplateError` naming the file and what to do, never a crash."""
    from babel.core import UnknownLocaleError
    from babel.messages.pofile import PoFileError, read_po

    where = Location(str(path))
    fix = ("save it as UTF-8 and check it with `msgfmt --check -o /dev/null FILE`, or take it again "
           "from qujat's package")
    try:
        with path.open("rb") as fh:
            return read_po(fh, locale=locale, domain=domain)
    except UnicodeDecodeError as exc:
        raise TemplateError(f"the catalog is not UTF-8 text (byte {exc.start}); {fix}", where) from None
    except (PoFileError, UnknownLocaleError, ValueError, LookupError, TypeError) as exc:
        first = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise TemplateError(f"the catalog cannot be read ({first}); {fix}", where) from None
    except OSError as exc:
        raise TemplateError(f"the catalog cannot be read: {exc.strerror or exc}", where) from None


@cache
def translations(lang: str, domain: str = DOMAIN) -> gettext.GNUTranslations:
    """The compiled gettext translations of ``lang`` (in ``domain``), compiled from its .po file
    in memory."""
    from babel.messages.mofile import write_mo

    path = catalog_path(lang, domain)
    if not path.is_file():
        raise TemplateError(f"no catalog for language '{lang}'; languages: "
                            f"{', '.join(available_languages())}", Location(str(path)))
    catalog = read_catalog(path, babel_locale_name(lang), domain)
    buf = io.BytesIO()
    try:
        write_mo(buf, catalog, use_fuzzy=False)
        buf.seek(0)
        return gettext.GNUTranslations(buf)
    except (ValueError, LookupError, TypeError, OSError) as exc:  # a bad Plural-Forms header, a broken entry
        first = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise TemplateError(f"the catalog cannot be compiled ({first}); check it with "
                            "`msgfmt --check -o /dev/null FILE`, or take it again from qujat's package",
                            Location(str(path))) from None


def language_name(lang: str) -> str:
    """The language's own name for itself (CLDR), e.g. ``kk`` -> ``қазақ тілі``."""
    from babel import Locale

    name = Locale.parse(babel_locale_name(lang)).get_display_name() or lang
    derived = script_converter(lang)
    return derived[1](name) if derived else name


def babel_locale_name(lang: str) -> str:
    """The CLDR locale for a language code: ``kk-Latn`` -> ``kk`` (CLDR's script is Cyrillic)."""
    return lang.split("-")[0]


def script_converter(lang: str) -> tuple[str, Callable[[str], str]] | None:
    """For a language in a script CLDR lacks: the language it is derived from and the converter.

    ``kk-Latn`` -> ``("kk", to_latin)``: its dates and any record text given only in Cyrillic
    Kazakh come out in the Kazakh Latin alphabet.
    """
    if lang == "kk-Latn":

        return "kk", to_latin
    return None


class Localizer:
    """Everything language-dependent for one document language.

    ``fallback`` is the record's own language, used for a field that lacks ``lang``.

    >>> Localizer("ru").date(dt.date(2018, 7, 4)), Localizer("kk").date(dt.date(2018, 7, 4))
    ('4 июля 2018\\u202fг.', '2018 жылғы 4 шілде')
    """

    def __init__(self, lang: str, fallback: str | None = None) -> None:
        if lang not in available_languages():
            raise TemplateError(f"'{lang}' is not a language qujat has; use one of "
                                f"{', '.join(available_languages())}")
        self.lang = lang
        self.fallback = fallback or lang
        self.locale = babel_locale_name(lang)
        self.translations = translations(lang)
        derived = script_converter(lang)
        self._source_lang: str | None = derived[0] if derived else None
        self._convert: Callable[[str], str] | None = derived[1] if derived else None

    def gettext(self, message: str) -> str:
        """The catalog's translation of ``message``."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The catalog's translation for count ``n`` in this language's plural form."""
        return self.translations.ngettext(singular, plural, n)

    def text(self, value: dict[str, str] | None) -> str:
        """The text of a record field in this language, else in the record's own language."""
        if not value:
            return ""
        if self.lang in value:
            return value[self.lang]
        if self._convert and self._source_lang:
            own = value.get(self._source_lang) or (value.get(OWN) if self.fallback == self._source_lang else None)
            if own:
                return self._convert(own)
        for key in (self.fallback, OWN):
            if key in value:
                return value[key]
        return next(iter(value.values()))

    def name(self, value: dict[str, str] | None) -> str:
        """A person's name in this language: as :meth:`text`, except that in a language written by
        converting another's script (kk-Latn) a name given in the record's ``en`` text (passport
        spelling) is used as it is when no text in the language itself is given; only a name the
        record gives in Cyrillic alone is transliterated."""
        if value and self._convert and self.lang not in value and "en" in value:
            return value["en"]
        return self.text(value)

    def signature(self, value: dict[str, str] | None) -> str:
        """The name under a signature line: initials, then the surname («Б.Ж. Абдирайым»)."""

        return signature_name(self.name(value), self.lang) if value else ""

    def date(self, value: dt.date, format: str = "long") -> str:
        """A date as this language's official texts write it: Kazakh «2018 жылғы 4 шілде», British
        English "4 July 2018", otherwise CLDR's form (``format``: short, medium, long, full)."""
        from babel.dates import format_date


        if format == "long" and self.locale == "kk":
            text = kk_date(value)
        else:
            text = format_date(value, format=format, locale=DATE_LOCALES.get(self.locale, self.locale))
        return self._convert(text) if self._convert else text

    def date_attributive(self, value: dt.date) -> str:
        """A date that modifies a noun: Kazakh «2018 жылғы 4 шілдедегі» (the suffix follows the
        month, «№ 7 хаттамаға қосымша» comes after); other languages' long date."""

        if self.locale != "kk":
            return self.date(value)
        text = kk_date(value, attributive=True)
        return self._convert(text) if self._convert else text

    def number(self, value: float | int) -> str:
        """A number with this language's separators (a whole number formatted once a language:
        a list counts its rows with them)."""
        if type(value) is int:
            return _whole_number(value, self.locale)
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.locale)

    def percent(self, value: float) -> str:
        """A share (0.25) as a percentage in this language's form."""
        from babel.numbers import format_percent

        return format_percent(value, locale=self.locale)


@lru_cache(maxsize=4096)
def _whole_number(value: int, locale: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale)


@lru_cache(maxsize=64)
def localizer(lang: str, fallback: str | None = None) -> Localizer:
    """The :class:`Localizer` of ``lang`` with ``fallback``, made once (for work done per row)."""
    return Localizer(lang, fallback)
