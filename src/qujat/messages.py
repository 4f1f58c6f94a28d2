"""Messages to qujat's users, as values: an id (the English text, with ``%(name)s`` fields), the
values that fill it and a code, rendered in the reader's language when they are shown.

A :class:`Message` is a ``str`` (its English text), so a script that prints or compares an
error's text keeps working; whoever shows it to a person (the command line, a web page) renders
it through the user-interface catalogs (the ``qujat-ui`` gettext domain) in that person's
language, from its id and values, never by translating the English sentence after the fact.
Values may be messages themselves (a field's name, a reason), rendered in the same language.

>>> message = M_("the list has %(count)s rows", code="list.rows", count=3)
>>> message, message.code, dict(message.values)
('the list has 3 rows', 'list.rows', {'count': 3})
>>> Mn_("%(num)s row failed", "%(num)s rows failed", 1)
'1 row failed'
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Protocol


class Translations(Protocol):
    """What renders a message in a language: a gettext translations object."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


class Message(str):
    """A message: the English text as a ``str``, with its ``id``, ``plural`` form and ``n`` (for
    messages whose words follow a number), ``values`` and ``code``."""

    id: str
    plural: str | None
    n: int | None
    values: Mapping[str, Any]
    code: str

    def __new__(cls, id: str, values: Mapping[str, Any] | None = None, *, plural: str | None = None,
                count: int | None = None, code: str = "") -> Message:
        values = dict(values or {})
        if plural is not None and count is not None:
            values.setdefault("num", count)
        template = id if plural is None or count == 1 else plural
        self = super().__new__(cls, _fill(template, values, None))
        self.id, self.plural, self.n, self.values, self.code = id, plural, count, values, code
        return self

    def render(self, translations: Translations | None = None) -> str:
        """The message in the language of ``translations`` (its English text without)."""
        if translations is None:
            return str.__str__(self)
        if self.plural is not None and self.n is not None:
            template = translations.ngettext(self.id, self.plural, self.n)
        else:
            template = translations.gettext(self.id)
        return _fill(template, self.values, translations)

    def structured(self) -> dict[str, Any]:
        """The message as data: code, id, values (messages among them as data too) and text."""
        return {"code": self.code, "id": self.id, "plural": self.plural, "count": self.n,
                "values": {key: value.structured() if callable(getattr(value, "structured", None)) else value
                           for key, value in self.values.items()},
                "text": str.__str__(self)}

    def __reduce__(self) -> tuple[Any, ...]:  # pickled to worker processes as a message, not a bare str
        return (_rebuild, (self.id, dict(self.values), self.plural, self.n, self.code))


def _rebuild(id: str, values: dict[str, Any], plural: str | None, count: int | None, code: str) -> Message:
    return Message(id, values, plural=plural, count=count, code=code)


def _fill(template: str, values: Mapping[str, Any], translations: Translations | None) -> str:
    if not values:
        return template
    shown = {key: render(value, translations) for key, value in values.items()}
    try:
        return template % shown
    except (KeyError, ValueError, TypeError):  # a catalog's translation that lost a field: the English one
        return template


def render(text: Any, translations: Translations | None = None) -> Any:
    """``text`` for a reader: a :class:`Message` (or anything with a ``render(translations)``, such
    as a :class:`qujat.errors.Location`) in the language of ``translations``; a plain string as it
    is; other values (numbers) untouched, for the message's own format."""
    if isinstance(text, Message) or (not isinstance(text, str) and callable(getattr(text, "render", None))):
        return text.render(translations)
    return text


def M_(id: str, /, *, code: str = "", **values: Any) -> Message:
    """A message (marked for the ``qujat-ui`` catalogs: ``pybabel extract -k M_``)."""
    return Message(id, values, code=code)


def Mn_(singular: str, plural: str, count: int, /, *, code: str = "", **values: Any) -> Message:
    """A message whose words follow ``count`` ("1 row", "2 rows"); ``%(num)s`` is the count."""
    return Message(singular, values, plural=plural, count=count, code=code)


def joined(first: str, *more: str) -> str:
    """Parts of one message, one after the other: «first; second; third» (a message when any is)."""
    if not more:
        return first
    return Message("%(first)s; %(then)s", {"first": first, "then": joined(*more)}, code="joined")


def listed(items: list[str]) -> str:
    """``items`` one after the other, with commas («a, b, c»; a message when any is); empty for none.

    >>> listed(["a", "b", "c"]), listed([])
    ('a, b, c', '')
    """
    if len(items) <= 1:
        return items[0] if items else ""
    return Message("%(first)s, %(then)s", {"first": items[0], "then": listed(items[1:])}, code="listed")


#: A date as messages write it, one form per month («4 July 2018», «4 июля 2018 г.», «2018 жылғы 4 шілде»).
MONTH_FORMS = tuple(m.id for m in (
    M_("%(day)s January %(year)s"), M_("%(day)s February %(year)s"), M_("%(day)s March %(year)s"),
    M_("%(day)s April %(year)s"), M_("%(day)s May %(year)s"), M_("%(day)s June %(year)s"),
    M_("%(day)s July %(year)s"), M_("%(day)s August %(year)s"), M_("%(day)s September %(year)s"),
    M_("%(day)s October %(year)s"), M_("%(day)s November %(year)s"), M_("%(day)s December %(year)s")))


def day(value: dt.date) -> Message:
    """A date in a message, written out in the reader's language: «4 July 2018».

    >>> day(dt.date(2018, 7, 4))
    '4 July 2018'
    """
    return Message(MONTH_FORMS[value.month - 1], {"day": value.day, "year": value.year}, code="date")


def text_of(error: BaseException) -> str:
    """What an exception says: its :class:`Message` when it was raised with one, else its text."""
    first = error.args[0] if error.args else ""
    return first if isinstance(first, Message) else str(error)


def _number_locale(translations: Translations | None) -> str:
    """The Babel locale whose separators a number takes: the catalog's language (English without)."""
    info = getattr(translations, "info", None)
    lang = str(info().get("language", "en")) if callable(info) else "en"
    return lang.replace("-", "_").split("_")[0] or "en"


class Number(int):
    """A whole number in a message, written with the reader's separators (through Babel):
    «2 000 000» in Kazakh and Russian, "2,000,000" in English."""

    def render(self, translations: Translations | None = None) -> str:
        """The number in the language of ``translations`` (English without)."""
        from babel.numbers import format_decimal

        return format_decimal(int(self), locale=_number_locale(translations))


class DecimalNumber(float):
    """A number with ``places`` decimals in a message, written with the reader's decimal sign and
    separators (through Babel): «1,5» in Kazakh and Russian, "1.5" in English.

    >>> DecimalNumber(1234.56).render()
    '1,234.6'
    """

    places: int

    def __new__(cls, value: float, places: int = 1) -> DecimalNumber:
        self = super().__new__(cls, value)
        self.places = places
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # pickled with its places
        return (DecimalNumber, (float(self), self.places))

    def render(self, translations: Translations | None = None) -> str:
        """The number in the language of ``translations`` (English without)."""
        from babel.numbers import format_decimal

        pattern = "#,##0." + "0" * self.places if self.places else "#,##0"
        return format_decimal(float(self), format=pattern, locale=_number_locale(translations))


#: What the system said about a file, by its error number, as a clerk reads it.
OS_REASONS = {
    "ENOENT": M_("no such file or folder", code="os.no-such-file"),
    "EACCES": M_("permission denied", code="os.permission"),
    "EPERM": M_("permission denied", code="os.permission"),
    "ENOSPC": M_("the disk is full", code="os.disk-full"),
    "EDQUOT": M_("the disk quota is used up", code="os.quota"),
    "EROFS": M_("the disk is read-only", code="os.read-only"),
    "EISDIR": M_("it is a folder", code="os.is-folder"),
    "ENOTDIR": M_("a part of the path is not a folder", code="os.not-folder"),
    "EEXIST": M_("it exists already", code="os.exists"),
    "ENAMETOOLONG": M_("the name is too long", code="os.name-too-long"),
}


def os_reason(error: OSError) -> str:
    """Why the system refused a file, as a message in the reader's language (the system's own
    words when qujat has none for it)."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    return OS_REASONS.get(name) or error.strerror or str(error)
