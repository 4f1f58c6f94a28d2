"""``generate registry ...`` and ``generate verify``: the award registry from the command line.

Only argument parsing here; the work is done by :mod:`qujat.registry.store`,
:mod:`qujat.registry.recording` and :mod:`qujat.registry.verify`. SQLAlchemy is imported only
when a command runs, so ``generate --help`` stays fast.
"""
from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from qujat.certificates.assemble import Issuing
    from qujat.records.schema import Record
    from qujat.registry.lookup import RecordNumbers
    from qujat.registry.store import Entry, Registry

F = TypeVar("F", bound=Callable[..., Any])
REGISTRY_HELP = ("The award registry: a SQLite file or postgresql://user@host/db; default $QUJAT_REGISTRY, "
                 "else qujat-registry.sqlite3 here.")


def registry_option(function: F) -> F:
    """The ``--registry URL`` option."""
    return click.option("--registry", "registry_url", metavar="URL", help=REGISTRY_HELP)(function)


def issuing_options(function: F) -> F:
    """``--registry URL`` and ``--draft`` for the commands that issue certificates."""
    function = click.option("--draft", is_flag=True,
                            help="Proofs: a DRAFT watermark and number; nothing is recorded.")(function)
    return registry_option(function)


def open_registry(url: str | None, create: bool = True) -> Registry:
    """Open the registry, saying on stderr which one (and when it was just created)."""
    from qujat.registry.store import Registry

    registry = Registry.open(url, create=create)
    note = "created " if registry.created else ""
    click.echo(f"registry: {note}{registry.name}", err=True)
    return registry


def certificate_numbers(url: str | None, records: list[Record]) -> list[RecordNumbers | None]:
    """For the minutes: each record's recipients' certificate numbers, from the registry when one
    exists (it is never created for this); none without a registry."""
    if not any(record.awards for record in records):
        return [None] * len(records)
    from qujat.registry.lookup import issued_numbers
    from qujat.registry.store import Registry, RegistryError

    try:  # create=False: a registry that does not exist is an error here, never made
        with Registry.open(url, create=False) as registry:
            return [issued_numbers(registry, record) for record in records]
    except RegistryError:
        return [None] * len(records)


def issuing_for(registry_url: str | None, draft: bool, source: str = "") -> Issuing:
    """How the issuing commands issue: drafts, or numbered and recorded by the registry."""
    if draft:
        from qujat.registry.recording import DraftIssuing

        return DraftIssuing()
    from qujat.registry.recording import RegistryIssuing

    return RegistryIssuing(lambda: open_registry(registry_url), source)


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("write YYYY-MM-DD", param_hint="--since") from None


def _line(entry: Entry) -> str:
    return f"{entry.number:<12} {entry.date.isoformat()}  {entry.status:<8} {entry.award:<18} {entry.name}"


@click.group("registry")
def registry() -> None:
    """The award registry: numbers, holders, revocations, the journal, backups."""


@registry.command("init")
@registry_option
@click.option("--verify-url", help="Verification page; the QR code's payload is appended to it.")
def init(registry_url: str | None, verify_url: str | None) -> None:
    """Create the registry and its signing key (done on first use otherwise)."""
    reg = open_registry(registry_url)
    if verify_url is not None:
        reg.set_setting("verify_url", verify_url or None)
    click.echo(f"signing key: {reg.key_path}")


@registry.command("list")
@registry_option
@click.option("--award", help="Only this award.")
@click.option("--status", type=click.Choice(["issued", "revoked"]), help="Only certificates in this status.")
@click.option("--since", help="Only certificates dated on or after YYYY-MM-DD.")
@click.option("--name", help="Only names containing this text.")
def list_command(registry_url: str | None, award: str | None, status: str | None, since: str | None,
                 name: str | None) -> None:
    """List the certificates issued."""
    entries = open_registry(registry_url, create=False).list(award, status, _parse_date(since), name)
    for entry in entries:
        click.echo(_line(entry))
    click.echo(f"{len(entries)} certificate(s)", err=True)


@registry.command("show")
@registry_option
@click.argument("number")
def show(registry_url: str | None, number: str) -> None:
    """Show one certificate and its history."""
    from qujat.registry.store import RegistryError

    reg = open_registry(registry_url, create=False)
    entry = reg.get(number)
    if entry is None:
        raise RegistryError(f"no certificate numbered {number} in the registry")
    for label, value in (("number", entry.number), ("award", entry.award), ("name", entry.name),
                         ("IIN", entry.iin), ("position", entry.position), ("organisation", entry.organisation),
                         ("language", entry.language), ("date", entry.date.isoformat()), ("place", entry.place),
                         ("issuer", entry.issuer), ("source", f"{entry.source}:{entry.row or ''}"),
                         ("file", entry.file), ("sha256", entry.sha256), ("status", entry.status)):
        if value:
            click.echo(f"{label + ':':<14}{value}")
    for event in reg.history(entry.number):
        extra = "".join(f"  {part}" for part in (event.reason, event.detail) if part)
        click.echo(f"  {event.at.isoformat(sep=' ')}  {event.kind:<18} {event.user}{extra}")


@registry.command("revoke")
@registry_option
@click.argument("number")
@click.option("--reason", required=True, help="Why the certificate is revoked.")
def revoke(registry_url: str | None, number: str, reason: str) -> None:
    """Revoke a certificate (it stays in the journal, and verify reports it revoked)."""
    entry = open_registry(registry_url, create=False).revoke(number, reason)
    click.echo(f"revoked {entry.number} ({entry.name})")


def _print_again(registry_url: str | None, number: str, output: str, duplicate: bool) -> None:
    from qujat.registry.recording import print_again

    path = print_again(open_registry(registry_url, create=False), number, output, duplicate=duplicate)
    click.echo(f"wrote {path}")


@registry.command("reprint")
@registry_option
@click.argument("number")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The PDF to write.")
def reprint(registry_url: str | None, number: str, output: str) -> None:
    """Print a certificate again, identical to the one issued."""
    _print_again(registry_url, number, output, duplicate=False)


@registry.command("duplicate")
@registry_option
@click.argument("number")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The PDF to write.")
def duplicate(registry_url: str | None, number: str, output: str) -> None:
    """Issue a duplicate of a lost certificate: the same number, marked DUPLICATE, dated today."""
    _print_again(registry_url, number, output, duplicate=True)


@registry.command("export")
@registry_option
@click.argument("file", type=click.Path(dir_okay=False))
def export(registry_url: str | None, file: str) -> None:
    """Write the journal as FILE.xlsx or FILE.csv."""
    from qujat.registry.journal import export_journal

    click.echo(f"wrote {export_journal(open_registry(registry_url, create=False), file)}")


@registry.command("import")
@registry_option
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--award", help="Award of rows that name none.")
def import_command(registry_url: str | None, file: str, award: str | None) -> None:
    """Bring in certificates issued before qujat (an office's journal, XLSX or CSV)."""
    from qujat.registry.journal import import_journal

    count = import_journal(open_registry(registry_url), file, award)
    click.echo(f"imported {count} certificate(s) from {file}")


@registry.command("backup")
@registry_option
@click.argument("file", type=click.Path(dir_okay=False))
def backup(registry_url: str | None, file: str) -> None:
    """Copy the SQLite registry to FILE, safely while others are issuing."""
    click.echo(f"wrote {open_registry(registry_url, create=False).backup(file)}")


@registry.command("public-key")
@registry_option
def public_key(registry_url: str | None) -> None:
    """Print the registry's public key (PEM), for verifying certificates offline."""
    click.echo(open_registry(registry_url, create=False).public_key, nl=False)


@click.command("verify")
@click.argument("target")
@registry_option
@click.option("--public-key", "public_key_file", type=click.Path(dir_okay=False, exists=True),
              help="Check the signature with this public key (PEM) alone; no registry needed.")
def verify(target: str, registry_url: str | None, public_key_file: str | None) -> None:
    """Check a certificate: TARGET is a number, a PDF, a scan or photo, or the QR code's text.

    Exit 0 only when the certificate is valid."""
    from qujat.registry.verify import verify as check

    key = Path(public_key_file).read_text(encoding="ascii") if public_key_file else None
    reg = open_registry(registry_url, create=False) if registry_url or not key else None
    verdict = check(target, reg, key)
    for label, value in (("number", verdict.number), ("name", verdict.name), ("award", verdict.award),
                         ("date", verdict.date)):
        if value:
            click.echo(f"{label + ':':<8}{value}")
    click.echo(f"status: {verdict.status}" + (f" ({verdict.detail})" if verdict.detail else ""))
    sys.exit(0 if verdict.valid else 1)
