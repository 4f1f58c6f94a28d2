"""The only place qujat reads its ``QUJAT_*`` environment variables: the command line's
settings, handed to the library as a :class:`qujat.settings.Settings`."""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from qujat.errors import UsageError
from qujat.settings import Settings

#: Variable -> (Settings field, what it holds).
VARIABLES = {
    "QUJAT_AWARDS_PATH": ("awards_path", "folders of award definitions, separated by ':'"),
    "QUJAT_MAX_YAML_BYTES": ("max_yaml_bytes", "a whole number of bytes"),
    "QUJAT_MAX_ROWS": ("max_list_rows", "a whole number of rows"),
    "QUJAT_MAX_LIST_BYTES": ("max_list_bytes", "a whole number of bytes"),
    "QUJAT_MAX_TEMPLATE_BYTES": ("max_template_bytes", "a whole number of bytes"),
    "QUJAT_TEMPLATE_SECONDS": ("template_seconds", "a number of seconds"),
    "QUJAT_REGISTRY_WAIT": ("registry_wait_seconds", "a number of seconds"),
    "QUJAT_SOFFICE": ("soffice", "the LibreOffice program"),
}


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
        elif name == "soffice":
            found[name] = value
        else:
            try:
                number = float(value) if name in ("template_seconds", "registry_wait_seconds") else int(value)
            except ValueError:
                raise UsageError(f"${variable} is '{value}'; it holds {meaning}, e.g. "
                                 f"{variable}={getattr(Settings(), name)}") from None
            if number <= 0:
                raise UsageError(f"${variable} must be more than 0; it holds {meaning}")
            found[name] = number
    return Settings(**found)  # type: ignore[arg-type]

