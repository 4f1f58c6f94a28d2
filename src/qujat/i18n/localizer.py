"""Languages, gettext catalogs, CLDR formatting and choosing a field's text for a language."""
from __future__ import annotations

import datetime as dt
import gettext
import hashlib
import io
import re
import struct
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from qujat.errors import Location, TemplateError
from qujat.i18n.grammar import DATE_LOCALES, kk_date, signature_name
from qujat.i18n.translit import latin_upper, to_latin
from qujat.messages import M_, os_reason
from qujat.text import OWN

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
#: The documents' words; the web pages' words are the domain ``web`` (:data:`UI_DOMAIN`).
DOMAIN = "qujat"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: What qujat says to its users, on the command line and on its web pages (:mod:`qujat.i18n.ui`).
UI_DOMAIN = "qujat-ui"


def N_(message: str) -> str:
    """A document message marked for the ``qujat`` catalogs (extracted), translated where it is used."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """:func:`N_` of a message whose words follow a count («1 day old», «2 days old»): both forms,
    translated with the count where it is used (``ngettext``)."""
    return singular, plural


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
    try:
        with path.open("rb") as fh:
            return read_po(fh, locale=locale, domain=domain)
    except UnicodeDecodeError as exc:
        raise TemplateError(M_("the catalog is not UTF-8 text (byte %(byte)s); save it as UTF-8 and check it with "
                               "`msgfmt --check -o /dev/null FILE`, or take it again from qujat's package",
                               code="catalog.not-utf8", byte=exc.start), where) from None
    except (PoFileError, UnknownLocaleError, ValueError, LookupError, TypeError) as exc:
        raise TemplateError(M_("the catalog cannot be read (%(detail)s); save it as UTF-8 and check it with "
                               "`msgfmt --check -o /dev/null FILE`, or take it again from qujat's package",
                               code="catalog.unreadable", detail=_first_line(exc)), where) from None
    except OSError as exc:
        raise TemplateError(M_("the catalog cannot be read: %(reason)s", code="catalog.os-error",
                               reason=os_reason(exc)), where) from None


def _first_line(exc: BaseException) -> str:
    """The first line of what ``exc`` says (at most 120 characters), else its kind."""
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


@cache
def translations(lang: str, domain: str = DOMAIN) -> gettext.GNUTranslations:
    """The compiled gettext translations of ``lang`` (in ``domain``): see :func:`load_catalog`."""
    path = catalog_path(lang, domain)
    if not path.is_file():
        raise TemplateError(M_("no catalog for language '%(lang)s'; languages: %(languages)s",
                               code="language.no-catalog",
                               lang=lang, languages=", ".join(available_languages())), Location(str(path)))
    return load_catalog(path, babel_locale_name(lang), domain)


def compiled_path(po: Path, source: bytes) -> Path:
    """Where the compiled form of the catalog ``po`` whose bytes are ``source`` is kept: beside
    it, named by the start of the SHA-256 of those bytes (``qujat-ui.3f2a…c1.mo``), so that a
    catalog edited since it was compiled has no compiled form (``tools/compile_catalogs.py``
    makes them)."""
    return po.with_name(f"{po.stem}.{hashlib.sha256(source).hexdigest()[:16]}.mo")


def load_catalog(path: Path, locale: str, domain: str = DOMAIN) -> gettext.GNUTranslations:
    """The translations of the .po catalog at ``path``: its compiled form when one was made from
    these very bytes (gettext reads it in a millisecond), else compiled from it in memory (Babel
    parses the .po: 15-25 ms for the larger catalogs)."""
    try:
        compiled = compiled_path(path, path.read_bytes())
        with compiled.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    except (OSError, ValueError, LookupError, TypeError, struct.error):  # none, or not a catalog: the .po
        pass
    from babel.messages.mofile import write_mo

    catalog = read_catalog(path, locale, domain)
    buf = io.BytesIO()
    try:
        write_mo(buf, catalog, use_fuzzy=False)
        buf.seek(0)
        return gettext.GNUTranslations(buf)
    except (ValueError, LookupError, TypeError, OSError) as exc:  # a bad Plural-Forms header, a broken entry
        raise TemplateError(M_("the catalog cannot be compiled (%(detail)s); check it with "
                               "`msgfmt --check -o /dev/null FILE`, or take it again from qujat's package",
                               code="catalog.uncompilable", detail=_first_line(exc)), Location(str(path))) from None


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
            raise TemplateError(M_("'%(lang)s' is not a language qujat has; use one of %(languages)s",
                                   code="language.unknown", lang=lang, languages=", ".join(available_languages())))
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
        """The text of a record field in this language, else in the record's own language.

        In a language written by converting another's script (kk-Latn from kk) every text comes
        out in that script: its own text, else the Kazakh (or the record's own) text converted;
        a text only in another language is converted letter by letter as well (a Russian name
        of an organisation), so that no Cyrillic letter is left on the page."""
        if not value:
            return ""
        if self.lang in value:
            return self.in_script(value[self.lang])
        if self._convert and self._source_lang:
            own = value.get(self._source_lang) or (value.get(OWN) if self.fallback in (self._source_lang, self.lang)
                                                   else None)
            if own:
                return self._convert(own)
        for key in (self.fallback, OWN):
            if key in value:
                return self.in_script(value[key])
        return self.in_script(next(iter(value.values())))

    def in_script(self, text: str) -> str:
        """A text (a Kazakh word written in a template, a name) in this language's script."""
        return self._convert(text) if self._convert else text

    def name(self, value: dict[str, str] | None) -> str:
        """A person's name in this language: as :meth:`text`, except that in a language written by
        converting another's script (kk-Latn) a name is its own text (``kk-Latn``) or else the
        Kazakh one converted (or the record's Cyrillic text: the Kazakh spelling of the name,
        «Qasym-Jomart Toqaev»), never the ``en`` text: that is a translation into English
        spelling («Kassym-Jomart Tokayev»), not the name in this alphabet. Only a name given in
        Latin letters alone is taken as it is."""
        if value and self._convert and self.lang not in value and self._source_lang not in value:
            cyrillic = [text for key, text in value.items() if key != "en" and _CYRILLIC.search(text)]
            if cyrillic:
                return self._convert(cyrillic[0])
        return self.text(value)

    def signature(self, value: dict[str, str] | None) -> str:
        """The name under a signature line: initials, then the surname («Б.Ж. Абдирайым»)."""

        return signature_name(self.name(value), self.lang) if value else ""

    def upper(self, text: str) -> str:
        """The text in capitals as this language writes them (Kazakh Latin: i -> İ, ı -> I)."""
        return latin_upper(text) if self._convert else text.upper()

    def capfirst(self, text: str | None) -> str:
        """The text with its first letter in capitals and the rest untouched."""
        return self.upper(text[:1]) + text[1:] if text else ""

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
