"""The language the command speaks in: ``--ui-lang``, else ``LANGUAGE`` / ``LC_ALL`` /
``LC_MESSAGES`` / ``LANG`` (read by :mod:`qujat.cli.environment`), English by default.

Every line the command prints goes through :func:`say` (or :func:`text`), which renders a
:class:`qujat.messages.Message` through the ``qujat-ui`` catalog; click's own words (Usage:,
Options, "Missing argument" …) and every command's and option's help are put into the same
language before the command line is parsed.
"""
from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

import click

from qujat.i18n.ui import DEFAULT_UI_LANGUAGE, choose_ui_language, ui_languages, ui_translations
from qujat.messages import M_, Mn_, Translations, render

#: The option that names the language, and the modules of click whose words are translated.
OPTION = "--ui-lang"
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")
#: click's own words, as click writes them (the catalogs translate them like qujat's).
CLICK_WORDS = (
    M_("Usage:"), M_("Options"), M_("Commands"), M_("Positional arguments"), M_("Show this message and exit."),
    M_("Show the version and exit."), M_("%(prog)s, version %(version)s"), M_("Error: {message}"),
    M_("Try '{command} {option}' for help."), M_("Invalid value: {message}"),
    M_("Invalid value for {param_hint}: {message}"), M_("Missing argument"), M_("Missing option"),
    M_("Missing parameter"), M_("Missing parameter: {param_name}"), M_("No such option {name!r}."),
    M_("No such command {name!r}."), M_("Missing command."), M_("Aborted!"), M_("default: {default}"),
    M_("required"), M_("Choose from:\n\t{choices}"), M_("{value!r} is not a valid {number_type}."),
    M_("{value} is not in the range {range}."), M_("Option {name!r} does not take a value."),
    M_("Argument {name!r} takes {nargs} values."), M_("file"), M_("directory"), M_("path"),
    M_("{name} {filename!r} does not exist."), M_("{name} {filename!r} is a directory."),
    M_("{name} {filename!r} is a file."), M_("Could not open file {filename!r}: {message}"),
    Mn_("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1),
    Mn_("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}.", 1),
    Mn_("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1),
    Mn_("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1),
    Mn_("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 1),
)

_current: list[Translations | None] = [None]
_language = [DEFAULT_UI_LANGUAGE]
_ENGLISH = "_qujat_english"


def translations() -> Translations | None:
    """The catalog the command speaks through now (None: English as written)."""
    return _current[0]


def language() -> str:
    """The language the command speaks in now (kk, ru, en, kk-Latn)."""
    return _language[0]


def text(message: str) -> str:
    """``message`` in the command's language."""
    return str(render(message, translations()))


def say(message: str, *, err: bool = False) -> None:
    """Print ``message`` in the command's language (standard error with ``err``)."""
    click.echo(text(message), err=err)


def asked_language(argv: Sequence[str]) -> str | None:
    """The language ``--ui-lang X`` (or ``--ui-lang=X``) names in ``argv``, before the command line
    is parsed, so that its errors and ``--help`` are already in that language."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith(OPTION + "=") else (
            argv[i + 1] if arg == OPTION and i + 1 < len(argv) else None)
        if value in ui_languages():
            return value
    return None


def without_option(argv: Sequence[str]) -> list[str]:
    """``argv`` without ``--ui-lang X``, which :func:`asked_language` has read: it may stand after
    the command's name too (``generate check RECORD --ui-lang kk``)."""
    out: list[str] = []
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg == "--":
            out.extend(argv[i:])
            break
        if arg == OPTION and i + 1 < len(argv) and argv[i + 1] in ui_languages():
            skip = True
            continue
        if arg.startswith(OPTION + "=") and arg.partition("=")[2] in ui_languages():
            continue
        out.append(arg)
    return out


def choose(argv: Sequence[str], locale: dict[str, str]) -> str:
    """The language to speak in for ``argv``, with ``locale`` the LANGUAGE, LC_ALL, LC_MESSAGES
    and LANG variables (as :func:`qujat.i18n.ui.choose_ui_language` takes them)."""
    return choose_ui_language(asked_language(argv), **locale)


def use(lang: str, command: click.Command) -> None:
    """Speak ``lang`` from now on: qujat's messages, click's words and the help of ``command``
    and every command under it."""
    found: Translations | None = None if lang == DEFAULT_UI_LANGUAGE else ui_translations(lang)
    _current[0] = found
    _language[0] = lang
    gettext = found.gettext if found else _identity
    ngettext = found.ngettext if found else _plural
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    _translate_help(command, gettext)


def _identity(message: str) -> str:
    return message


def _plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def _translated(owner: Any, attribute: str, gettext: Any) -> None:
    """``owner.<attribute>`` (a help text) in the language of ``gettext``, from its English text."""
    english = owner.__dict__.setdefault(f"{_ENGLISH}_{attribute}", getattr(owner, attribute, None))
    if english:
        setattr(owner, attribute, gettext(english))


def _translate_help(command: click.Command, gettext: Any) -> None:
    for attribute in ("help", "short_help"):
        _translated(command, attribute, gettext)
    command._help_option = None  # made again, in this language, when it is next asked for
    for param in command.params:
        if isinstance(param, click.Option):
            _translated(param, "help", gettext)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _translate_help(sub, gettext)
