"""Personal names in each language's order: a name given in parts (surname, given name,
patronymic) is joined as that language's officials write it. The order lives in the catalogs."""
from __future__ import annotations

from qujat.i18n.localizer import available_languages, localizer, script_converter
from qujat.text import OWN


def join_name(lang: str, surname: str, given_name: str, patronymic: str = "") -> str:
    """The full name in ``lang``'s order: kk and ru surname first, en given name first.

    >>> join_name("ru", "Жақсыбекова", "Әсел", "Нұрланқызы"), join_name("en", "Kim", "Irina")
    ('Жақсыбекова Әсел Нұрланқызы', 'Irina Kim')
    """

    # Translators: the order of a person's full name in lists and on certificates
    order = localizer(lang).gettext("%(surname)s %(given_name)s %(patronymic)s")
    return " ".join((order % {"surname": surname, "given_name": given_name, "patronymic": patronymic}).split())


def name_texts(surname: str, given_name: str, patronymic: str = "") -> dict[str, str]:
    """A name given in parts as a record text: joined in each language's order (kk's order as
    the text of a language qujat has no catalog for)."""

    # a language written by converting another's script (kk-Latn from kk) converts that one's text
    texts = {lang: join_name(lang, surname, given_name, patronymic) for lang in available_languages()
             if script_converter(lang) is None}
    return {OWN: join_name("kk", surname, given_name, patronymic), **texts}
