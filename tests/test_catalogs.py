"""The catalogs: every message translated in every language, none fuzzy or obsolete, and the
templates use no string the catalogs lack."""
from __future__ import annotations

import pytest

from conftest import ROOT, run_cli
from qujat.i18n.catalogs import DOMAINS, catalog_status, extract_ids, pot_path, template_ids
from qujat.i18n.localizer import available_languages


@pytest.mark.parametrize("domain", DOMAINS)
def test_sources_and_template_are_in_step(domain):
    assert extract_ids(ROOT, domain) == template_ids(pot_path(domain)), \
        "run pybabel extract and update (CONTRIBUTING.md: the catalog cycle)"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", available_languages())
def test_catalog_is_complete(lang, domain):
    status = catalog_status(lang, domain=domain)
    assert status.complete, "\n".join(status.problems())


def test_the_web_pages_words_stay_out_of_the_documents_catalog():
    """The documents' words and the web pages' words are extracted apart: U_ marks the pages'
    words in Python, and babel.cfg reads no page template."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found = [name for name, *_ in extract_from_dir(str(ROOT), method_map, options_map)]
    assert found and not [name for name in found if name.startswith("src/qujat/web/")]


def test_kazakh_russian_english_differ_where_they_should():
    from qujat.i18n.localizer import Localizer

    words = {lang: Localizer(lang).gettext("RESOLVED:") for lang in ("kk", "ru", "en")}
    assert words == {"kk": "ҚАУЛЫ ЕТТІ:", "ru": "ПОСТАНОВИЛИ:", "en": "RESOLVED:"}


BROKEN = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
"n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

msgid "HEARD:"
msgstr "СЛУШАЛИ:"

#, fuzzy
msgid "SPOKE:"
msgstr "ВЫСТУПИЛИ:"

msgid "RESOLVED:"
msgstr ""

msgid "Not in the template"
msgstr "Нет в шаблоне"

#~ msgid "Old label"
#~ msgstr "Старая метка"
'''


def test_the_check_fails_on_a_broken_catalog(tmp_path):
    path = tmp_path / "qujat.po"
    path.write_text(BROKEN, encoding="utf-8")
    status = catalog_status("ru", {"HEARD:", "SPOKE:", "RESOLVED:", "AGENDA:"}, path)
    assert not status.complete
    assert sorted(status.missing) == ["AGENDA:", "RESOLVED:"]
    assert status.fuzzy == ["SPOKE:"] and status.obsolete == ["Old label"] and status.extra == ["Not in the template"]
    assert status.translated == 1


def test_a_template_string_missing_from_the_catalog_is_found(tmp_path):
    import shutil

    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    (tmp_path / "src" / "qujat").mkdir(parents=True)
    minutes = tmp_path / "templates" / "minutes" / "minutes.j2"
    minutes.write_text(minutes.read_text(encoding="utf-8") + '{{ para("Body Text", _("A new label")) }}\n',
                       encoding="utf-8")
    assert extract_ids(tmp_path) - template_ids() == {"A new label"}


def test_languages_command_lists_completeness():
    result = run_cli("languages")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    for lang in ("kk", "ru", "en"):
        assert any(line.split()[0] == lang and "100%" in line for line in lines), result.stdout


PLACEHOLDER = __import__("re").compile(r"%\((\w+)\)[sd]")


def _catalog(lang, domain="qujat"):
    from babel.messages.pofile import read_po

    from qujat.i18n.localizer import babel_locale_name, catalog_path

    with catalog_path(lang, domain).open("rb") as fh:
        return read_po(fh, locale=babel_locale_name(lang))


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", available_languages())
def test_babel_check_passes(lang, domain):
    """Babel's own checks: python-format placeholders in step, plural forms counted right."""
    problems = [f"{message.id!r}: {error}" for message, errors in _catalog(lang, domain).check() for error in errors]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", available_languages())
def test_translations_use_the_placeholders_of_the_message(lang, domain):
    """A translation with a placeholder renamed, dropped or added (%(share)s for %(percent)s) fails."""
    problems = []
    for message in _catalog(lang, domain):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        wanted = set().union(*(PLACEHOLDER.findall(text) for text in ids))
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for text in strings:
            if set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"{lang}: {ids[0]!r} -> {text!r}")
    assert not problems, "\n".join(problems)


def test_the_placeholder_check_finds_a_renamed_one(tmp_path):
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="ru")
    catalog.add("No. %(number)s", "№ %(num)s", flags=["python-format"])
    assert any(errors for _, errors in catalog.check())


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", available_languages())
def test_every_catalog_ships_compiled_from_its_very_bytes(lang, domain):
    """Beside each .po lies its compiled form, named by the .po's SHA-256 and equal to what qujat
    compiles from it; no compiled form of an earlier version is left."""
    import importlib.util

    from qujat.i18n.localizer import catalog_path, compiled_path

    spec = importlib.util.spec_from_file_location("compile_catalogs", ROOT / "tools" / "compile_catalogs.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    po = catalog_path(lang, domain)
    expected = compiled_path(po, po.read_bytes())
    assert list(po.parent.glob(f"{po.stem}.*.mo")) == [expected], "run python3 tools/compile_catalogs.py"
    assert expected.read_bytes() == tool.compiled(po)


def test_a_catalog_edited_since_it_was_compiled_is_read_from_its_po(tmp_path):
    """No compiled form, one of another version, or a damaged one: the .po itself is read, so
    an edited catalog never prints the words it had before."""
    import shutil

    from qujat.i18n.localizer import catalog_path, compiled_path, load_catalog

    po = tmp_path / "qujat.po"
    text = catalog_path("ru").read_text(encoding="utf-8")
    assert 'msgstr "ПОСТАНОВИЛИ:"' in text
    po.write_text(text.replace('msgstr "ПОСТАНОВИЛИ:"', 'msgstr "РЕШИЛИ:"'), encoding="utf-8")
    assert load_catalog(po, "ru").gettext("RESOLVED:") == "РЕШИЛИ:"  # no compiled form
    shipped = compiled_path(catalog_path("ru"), catalog_path("ru").read_bytes())
    shutil.copy(shipped, tmp_path / shipped.name)  # the unedited catalog's, by its own name
    assert load_catalog(po, "ru").gettext("RESOLVED:") == "РЕШИЛИ:"
    compiled_path(po, po.read_bytes()).write_bytes(b"not a catalog")
    assert load_catalog(po, "ru").gettext("RESOLVED:") == "РЕШИЛИ:"
    shutil.copy(shipped, compiled_path(po, po.read_bytes()))  # a compiled form under its name is taken as it is
    assert load_catalog(po, "ru").gettext("RESOLVED:") == "ПОСТАНОВИЛИ:"
