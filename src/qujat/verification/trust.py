"""Whose signatures a registry knows: its own key, and the trust list of other offices' keys.

The trust list is kept in the registry's settings (``qujat_meta``, key ``trusted_keys``, a JSON
list), so it needs no table of its own: each entry is an office's name, its public key (PEM),
the key's short id and when it was added.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from qujat.errors import Location, QujatError
from qujat.messages import M_
from qujat.registry.signing import key_id, load_public_key

if TYPE_CHECKING:
    from qujat.registry.store import Registry

SETTING = "trusted_keys"
#: The registry's own office name, when set (else each certificate's issuer as printed).
OFFICE_SETTING = "office_name"


@dataclass(frozen=True)
class Issuer:
    """A key that signs certificates, and the office it belongs to. ``own``: the registry's
    own key; ``given``: a key handed in on the command line, trusted by no registry."""

    key_id: str
    name: str
    public_key: str
    added: str = ""
    own: bool = False
    given: bool = False


def trusted(registry: Registry) -> list[Issuer]:
    """The other offices' keys that ``registry`` trusts, in the order they were added."""
    text = registry.settings().get(SETTING)
    if not text:
        return []
    try:
        entries = json.loads(text)
        return [Issuer(e["key_id"], e["name"], e["public_key"], e.get("added", "")) for e in entries]
    except (ValueError, KeyError, TypeError):
        raise QujatError(M_("the trust list (setting %(setting)s) is damaged", code="trust.damaged", setting=SETTING),
                         Location(registry.name)) from None


def _save(registry: Registry, issuers: list[Issuer]) -> None:
    registry.set_setting(SETTING, json.dumps([{"key_id": i.key_id, "name": i.name, "public_key": i.public_key,
                                                "added": i.added} for i in issuers], ensure_ascii=False)
                         if issuers else None)


def add_trusted(registry: Registry, public_key: str, name: str) -> Issuer:
    """Trust ``public_key`` (PEM) as the key of the office ``name``."""
    load_public_key(public_key)
    name = " ".join(name.split())
    if not name:
        raise QujatError(M_("give the office's name (--name)", code="trust.no-name"))
    ident = key_id(public_key)
    if ident == key_id(registry.public_key):
        raise QujatError(M_("key %(key)s is this registry's own key; it is trusted already", code="trust.own-key",
                            key=ident))
    current = trusted(registry)
    for issuer in current:
        if issuer.key_id == ident:
            raise QujatError(M_("key %(key)s is trusted already, as «%(name)s»: remove it first to rename it",
                                code="trust.already", key=ident, name=issuer.name))
    added = Issuer(ident, name, public_key.strip() + "\n", dt.datetime.now(dt.timezone.utc).replace(
        microsecond=0).isoformat())
    _save(registry, [*current, added])
    return added


def remove_trusted(registry: Registry, which: str) -> Issuer:
    """Stop trusting the key whose id (or office name) is ``which``."""
    current = trusted(registry)
    for issuer in current:
        if which.strip().upper() == issuer.key_id or which.strip() == issuer.name:
            _save(registry, [i for i in current if i is not issuer])
            return issuer
    known = ", ".join(f"{i.key_id} ({i.name})" for i in current) or "none"
    raise QujatError(M_("no trusted key %(key)s; trusted: %(known)s", code="trust.unknown", key=which, known=known))


def own_issuer(registry: Registry, printed: str | None = None) -> Issuer:
    """The registry's own key, named by its office setting, else by ``printed`` (the issuer a
    certificate names), else as this registry."""
    pem = registry.public_key
    name = registry.settings().get(OFFICE_SETTING) or printed or ""
    return Issuer(key_id(pem), name, pem, own=True)


def issuers(registry: Registry | None, given: Sequence[str] = ()) -> list[Issuer]:
    """Every key a check may use: the registry's own, its trusted ones, then keys handed in."""
    found: list[Issuer] = []
    if registry is not None:
        found.append(own_issuer(registry))
        found.extend(trusted(registry))
    known = {i.key_id for i in found}
    for pem in given:
        ident = key_id(pem)
        if ident not in known:
            found.append(Issuer(ident, "", pem, given=True))
    return found


def as_dict(issuer: Issuer) -> dict[str, object]:
    """An issuer as plain data."""
    return asdict(issuer)
