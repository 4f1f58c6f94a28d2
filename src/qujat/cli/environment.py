"""The only place qujat reads its environment variables: the ``QUJAT_*`` settings, handed to the
library as a :class:`qujat.settings.Settings`, and the locale variables (``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG``) that choose the language the command speaks in."""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from qujat.errors import UsageError
from qujat.messages import M_
from qujat.settings import Settings

#: Variable -> (Settings field, what it holds).
VARIABLES = {
    "QUJAT_AWARDS_PATH": ("awards_path", "folders of award definitions, separated by ':'"),
    "QUJAT_MAX_YAML_BYTES": ("max_yaml_bytes", M_("a whole number of bytes")),
    "QUJAT_MAX_ROWS": ("max_list_rows", M_("a whole number of rows")),
    "QUJAT_MAX_LIST_BYTES": ("max_list_bytes", M_("a whole number of bytes")),
    "QUJAT_MAX_TEMPLATE_BYTES": ("max_template_bytes", M_("a whole number of bytes")),
    "QUJAT_TEMPLATE_SECONDS": ("template_seconds", M_("a number of seconds")),
    "QUJAT_REGISTRY_WAIT": ("registry_wait_seconds", M_("a number of seconds")),
    "QUJAT_SOFFICE": ("soffice", "the LibreOffice program"),
    "QUJAT_USER": ("user", "who issues, as the registry's journal records it"),
}


#: The locale variables, as :func:`qujat.i18n.ui.choose_ui_language` takes them.
LOCALE_VARIABLES = {"LANGUAGE": "language", "LC_ALL": "lc_all", "LC_MESSAGES": "lc_messages", "LANG": "lang"}


def locale_from(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The locale variables ``environ`` sets (``LANG=ru_RU.UTF-8`` -> ``{"lang": "ru_RU.UTF-8"}``)."""
    return {key: environ.get(variable, "").strip() for variable, key in LOCALE_VARIABLES.items()}


def settings_from(environ: Mapping[str, str] = os.environ) -> Settings:
    """The settings ``environ`` asks for; a value that is not what its variable holds is a usage
    error naming the variable (exit 2)."""
    found: dict[str, object] = {}
    for variable, (name, meaning) in VARIABLES.items():
        value = environ.get(variable, "").strip()
        if not value:
            continue
        if name == "awards_path":
            found[name] = tuple(Path(p).expanduser() for p in value.split(os.pathsep) if p)
        elif name in ("soffice", "user"):
            found[name] = value
        else:
            try:
                number = float(value) if name in ("template_seconds", "registry_wait_seconds") else int(value)
            except ValueError:
                raise UsageError(M_("$%(variable)s is '%(value)s'; it holds %(meaning)s, e.g. %(variable)s=%(example)s",
                                    code="environment.bad-value", variable=variable, value=value, meaning=meaning,
                                    example=getattr(Settings(), name))) from None
            if number <= 0:
                raise UsageError(M_("$%(variable)s must be more than 0; it holds %(meaning)s",
                                    code="environment.not-positive", variable=variable, meaning=meaning))
            found[name] = number
    return Settings(**found)  # type: ignore[arg-type]

