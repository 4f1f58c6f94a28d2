"""Checking the gettext catalogs: complete, no fuzzy or obsolete entries, in step with the sources.

Two domains: ``qujat``, the documents' words (extracted as ``babel.cfg`` says), and
``qujat-ui``, what qujat says to its users, on the command line and on its web pages
(``babel-ui.cfg``: ``M_()`` / ``Mn_()`` messages and the command line's help in the library's
Python, ``U_()`` in the web pages' Python and ``_()`` in their templates; the documents'
extraction knows none of these keywords, so that no word lands in both).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from qujat.i18n.localizer import DOMAIN, LOCALE_DIR, UI_DOMAIN, available_languages, catalog_path, read_catalog

POT_PATH = LOCALE_DIR / f"{DOMAIN}.pot"
#: Each gettext domain: its extraction config (at the repository's root) and its extra keywords.
DOMAINS: dict[str, tuple[str, dict[str, Any]]] = {
    DOMAIN: ("babel.cfg", {"Nn_": (1, 2)}), UI_DOMAIN: ("babel-ui.cfg", {"U_": None, "M_": None, "Mn_": (1, 2)})}


def pot_path(domain: str = DOMAIN) -> Path:
    """The message template of ``domain`` (``qujat.pot``, ``qujat-ui.pot``)."""
    return LOCALE_DIR / f"{domain}.pot"


def _key(message_id: str | tuple[str, ...] | list[str]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


@dataclass
class CatalogStatus:
    """How complete one language's catalog is against the message template (qujat.pot)."""

    lang: str
    total: int
    missing: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    obsolete: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def translated(self) -> int:
        return self.total - len(self.missing) - len(self.fuzzy)

    @property
    def complete(self) -> bool:
        return not (self.missing or self.fuzzy or self.obsolete or self.extra)

    def problems(self) -> list[str]:
        """One line per problem, naming the message."""
        out = [f"{self.lang}: no translation for '{m}'" for m in self.missing]
        out += [f"{self.lang}: fuzzy (unchecked) translation of '{m}'" for m in self.fuzzy]
        out += [f"{self.lang}: obsolete entry '{m}'" for m in self.obsolete]
        out += [f"{self.lang}: '{m}' is not in the template (run pybabel update)" for m in self.extra]
        return out


def template_ids(pot: Path = POT_PATH) -> set[str]:
    """The message ids of the template (qujat.pot)."""
    return {_key(m.id) for m in read_catalog(pot) if m.id}


def catalog_status(lang: str, ids: set[str] | None = None, path: Path | None = None, domain: str = DOMAIN
                   ) -> CatalogStatus:
    """Compare the catalog of ``lang`` in ``domain`` (or the .po at ``path``) with the template's
    ``ids`` (default: the domain's template)."""
    ids = template_ids(pot_path(domain)) if ids is None else ids
    catalog = read_catalog(path or catalog_path(lang, domain), lang.split("-")[0], domain)
    status = CatalogStatus(lang, len(ids))
    present = set()
    for message in catalog:
        if not message.id:
            continue
        key = _key(message.id)
        present.add(key)
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if key not in ids:
            status.extra.append(key)
        elif not all(strings):
            status.missing.append(key)
        elif message.fuzzy:
            status.fuzzy.append(key)
    status.missing += sorted(ids - present)
    status.obsolete = sorted(_key(k) for k in catalog.obsolete)
    return status


def all_statuses(domain: str = DOMAIN) -> list[CatalogStatus]:
    """The status of every language qujat has, in ``domain``."""
    ids = template_ids(pot_path(domain))
    return [catalog_status(lang, ids, domain=domain) for lang in available_languages()]


def ui_statuses() -> list[CatalogStatus]:
    """The status of every language's ``qujat-ui`` catalog (messages, help, the web pages)."""
    return all_statuses(UI_DOMAIN)


def extract_ids(root: Path, domain: str = DOMAIN) -> set[str]:
    """The message ids of ``domain`` that the sources and templates under ``root`` use (the
    extraction its config file, babel.cfg or babel-ui.cfg, describes, with its keywords)."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    config, extra = DOMAINS[domain]
    parse: Callable[[IO[str]], tuple[Any, Any]] = parse_mapping_cfg  # Babel has no type hints here
    with (root / config).open(encoding="utf-8") as fh:
        method_map, options_map = parse(fh)
    keywords = {**DEFAULT_KEYWORDS, **extra}
    return {_key(message) for _, _, message, *_ in extract_from_dir(str(root), method_map, options_map,
                                                                     keywords=keywords)}
