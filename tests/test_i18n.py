"""Languages, catalogs and CLDR forms."""
from __future__ import annotations

import datetime as dt

import pytest

from qujat.i18n.localizer import Localizer, available_languages

JULY_4 = dt.date(2018, 7, 4)


def test_the_three_languages_have_catalogs():
    assert {"kk", "ru", "en"} <= set(available_languages())


@pytest.mark.parametrize("lang, expected", [
    ("kk", "2018 жылғы 4 шілде"), ("ru", "4 июля 2018\u202fг."), ("en", "4 July 2018"),
    ("kk-Latn", "2018 jylğy 4 şılde")])
def test_long_dates_as_officials_write_them(lang, expected):
    assert Localizer(lang).date(JULY_4) == expected


@pytest.mark.parametrize("n, form", [(1, "человек"), (2, "человека"), (5, "человек"), (11, "человек"),
                                     (21, "человек"), (22, "человека"), (25, "человек")])
def test_russian_plural_forms(n, form):
    text = Localizer("ru").ngettext("%(num)s person", "%(num)s people", n) % {"num": n}
    assert text == f"{n} {form}"


def test_english_and_kazakh_plurals():
    en = Localizer("en")
    assert en.ngettext("%(num)s person", "%(num)s people", 1) == "%(num)s person"
    assert en.ngettext("%(num)s person", "%(num)s people", 2) == "%(num)s people"
    assert Localizer("kk").ngettext("%(num)s person", "%(num)s people", 5) == "%(num)s адам"


def test_field_falls_back_to_record_language():
    loc = Localizer("kk", fallback="ru")
    assert loc.text({"ru": "Алматы", "en": "Almaty"}) == "Алматы"
    assert loc.text({"*": "Алматы"}) == "Алматы"
    assert loc.text({"kk": "Алматы қаласы", "ru": "Алматы"}) == "Алматы қаласы"


def test_labels_are_translated():
    assert Localizer("kk").gettext("HEARD:") == "ТЫҢДАЛДЫ:"
    assert Localizer("ru").gettext("RESOLVED:") == "ПОСТАНОВИЛИ:"


#: Texts as certificates' definitions write them, and whether each is put together without
#: template code (True) or rendered every time or remembered (False).
TEXT_TEMPLATES = {
    "{{ recipient.name }}": True, "{{ number }}": True, "{{ _('No. %(number)s', number=number) }}": True,
    "{{ _('FTU RK') }} {{ award_id }} {{ number }} {{ date_iso }}": True, "x{{ a }}y": True, "{{ lang }}": True,
    "{{ _('%(place)s, %(date)s', place=place, date=date) if place else date }}": True,
    "{{ _('No. %(number)s', number=_('DRAFT') if draft else number) }}": True,
    "{{ _('Duplicate issued %(date)s', date=date) if not draft else '' }}": True,
    "{{ _('FTU RK') if title is none else title }}": True,
    "{{ place if place }}": False,  # no else: an undefined value, as the template decides
    "{{ [recipient.position|capfirst, recipient.organisation]|select|join(', ') }}": False,
    "{{ missing }}": True, "{{ _('No. %(number)s', number=recipient.name) }}": True, "{{ _('%(x)d', x=number) }}": True,
    "{{ [1, 2]|random }}": False, "{{ number if draft == 1 else 'x' }}": False,
}


@pytest.mark.parametrize("source", TEXT_TEMPLATES)
def test_a_compiled_text_is_what_the_template_renders(source):
    """Texts put together without template code, or remembered, are exactly the rendered ones."""
    from qujat.errors import Location, TemplateError
    from qujat.i18n.localizer import Localizer
    from qujat.i18n.templating import CompiledText, make_environment, render_string

    loc = Localizer("kk")
    env = make_environment(loc)
    where = Location("t")
    contexts = [{"recipient": {"name": "Ким", "position": "инженер", "organisation": "ТЖ"}, "number": "FB-1",
                 "award_id": "a", "date_iso": "2021", "a": "1", "place": "Алматы", "date": "2021 жылғы", "lang": "zz",
                 "draft": False, "title": None},
                {"recipient": {"name": None, "position": None, "organisation": "x"}, "number": 5, "award_id": "a",
                 "date_iso": "2021", "a": None, "place": "", "date": "d", "draft": True, "title": "Төраға"},
                {"number": "FB-2", "place": None, "date": "d", "draft": 1, "title": ["a list"]},
                {"number": "FB-3", "date": "d", "draft": "", "title": ""}]
    compiled = CompiledText(env, source, where, loc.gettext)
    for context in contexts * 2:
        results: list[object] = []
        for direct in (False, True):
            try:
                results.append(compiled.render(where, context) if direct else
                               render_string(env, source, where, **context))
            except TemplateError as exc:
                results.append(("error", exc.problems[0][1]))
        if "random" not in source:
            assert results[0] == results[1]
    assert (compiled.parts is not None) is TEXT_TEMPLATES[source]
    assert compiled.reads is None if "random" in source else True
