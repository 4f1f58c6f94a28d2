"""``generate registry ...`` and ``generate verify``: the award registry from the command line.

Only argument parsing here; the work is done by :mod:`qujat.registry` and
:mod:`qujat.verification`. This is the one place that reads ``$QUJAT_REGISTRY`` and
``$QUJAT_SIGNING_KEY``: the library is given them. SQLAlchemy is imported only when a command
runs, so ``generate --help`` stays fast.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from qujat.cli import ui
from qujat.cli.ui import say
from qujat.messages import M_, Mn_

if TYPE_CHECKING:
    from qujat.certificates.assemble import Issuing
    from qujat.records.schema import Record
    from qujat.registry.location import Location
    from qujat.registry.lookup import RecordNumbers
    from qujat.registry.store import Entry, Registry

F = TypeVar("F", bound=Callable[..., Any])
REGISTRY_VARIABLE = "QUJAT_REGISTRY"
KEY_VARIABLE = "QUJAT_SIGNING_KEY"
REGISTRY_HELP = M_("The award registry: a SQLite file or postgresql://user@host/db; default $QUJAT_REGISTRY, else "
                   "the one a qujat.toml here or in a parent folder names, else the per-user registry.")


def registry_option(function: F) -> F:
    """The ``--registry URL`` option."""
    return click.option("--registry", "registry_url", metavar="URL", help=REGISTRY_HELP)(function)


def issuing_options(function: F) -> F:
    """``--registry URL`` and ``--draft`` for the commands that issue certificates."""
    function = click.option("--draft", is_flag=True,
                            help="Proofs: a DRAFT watermark and number; nothing is recorded.")(function)
    return registry_option(function)


def location(url: str | None) -> Location:
    """Where the registry is: ``--registry``, else $QUJAT_REGISTRY, else qujat.toml or the per-user
    default; the signing key from $QUJAT_SIGNING_KEY when set."""
    from qujat.registry.location import resolve

    return resolve(url or os.environ.get(REGISTRY_VARIABLE) or None, os.environ.get(KEY_VARIABLE) or None)


def open_registry(url: str | None, create: bool = False, new_series: bool = False, quiet: bool = False) -> Registry:
    """Open the registry, saying on stderr which one (and, when it was just created, that a new
    series begins and where its key is). It is closed when the command ends, however it ends:
    a connection left to the garbage collector could write its pages back long after."""
    from qujat.registry.store import Registry

    registry = Registry.open(location(url), create=create, new_series=new_series)
    context = click.get_current_context(silent=True)
    if context is not None:
        context.call_on_close(registry.close)
    if registry.created:
        say(M_("registry: created %(registry)s (a new series; its signing key %(key)s; back both up)",
               code="registry.created-here", registry=registry.name, key=str(registry.key_path)), err=True)
    elif not quiet:
        say(M_("registry: %(registry)s", code="registry.using", registry=registry.name), err=True)
    return registry


def certificate_numbers(url: str | None, records: list[Record]) -> list[RecordNumbers | None]:
    """For the minutes: each record's recipients' certificate numbers, from the registry when one
    exists (it is never created for this); none without a registry."""
    if not any(record.awards for record in records):
        return [None] * len(records)
    from qujat.registry.location import sqlite_file

    where = location(url)
    file = sqlite_file(where.url)
    if file is not None and not file.is_file():  # no registry: no numbers (and no SQLAlchemy to load)
        return [None] * len(records)
    from qujat.registry.lookup import issued_numbers
    from qujat.registry.store import Registry, RegistryError

    try:  # never created here: a registry that does not exist is no numbers
        with Registry.open(where) as registry:
            return [issued_numbers(registry, record) for record in records]
    except RegistryError:
        return [None] * len(records)


def issuing_for(registry_url: str | None, draft: bool, source: str = "") -> Issuing:
    """How the issuing commands issue: drafts, or numbered and recorded by the registry (created
    on first use, saying so)."""
    if draft:
        from qujat.registry.drafts import DraftIssuing

        return DraftIssuing()
    from qujat.registry.recording import RegistryIssuing

    issuing = RegistryIssuing(lambda: open_registry(registry_url, create=True), source,
                              existing=lambda: open_registry(registry_url, quiet=True))
    context = click.get_current_context(silent=True)
    if context is not None:  # its lease and connections end with the command
        context.call_on_close(issuing.close)
    return issuing


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(ui.text(M_("write YYYY-MM-DD", code="cli.date-format")),
                                 param_hint="--since") from None


#: The registry's words for a status, a document's kind and an event, as a clerk reads them.
WORDS = {"issued": M_("issued"), "revoked": M_("revoked"), "replaced": M_("replaced"), "reserved": M_("reserved"),
         "free": M_("free"), "original": M_("original"), "duplicate": M_("duplicate"), "reprint": M_("reprint"),
         "imported": M_("imported"), "linked": M_("linked"), "reprinted": M_("reprinted"),
         "distinct": M_("distinct")}


def _word(value: str) -> str:
    """A registry word (a status, a kind, an event) in the command's language."""
    return ui.text(WORDS.get(value, value))


def _line(entry: Entry) -> str:
    languages = ",".join(dict.fromkeys(d.language for d in entry.documents if d.language)) or "-"
    return (f"{entry.number:<12} {entry.date.isoformat()}  {_word(entry.status):<8} {entry.award:<18} "
            f"{languages:<10} {entry.name}")


@click.group("registry")
def registry() -> None:
    """The award registry: persons, awards, documents, revocations, the journal, backups."""


@registry.command("init")
@registry_option
@click.option("--verify-url", help="Verification page; the QR code's payload is appended to it.")
@click.option("--office-name",
              help="The office's name, as verdicts show it.")
@click.option("--new-series", is_flag=True,
              help="Start a new series (and a new signing key, the old one kept aside) where a registry was lost.")
def init(registry_url: str | None, verify_url: str | None, office_name: str | None, new_series: bool) -> None:
    """Create the registry and its signing key (or, when it exists, change its settings)."""
    from qujat.verification.trust import OFFICE_SETTING

    reg = open_registry(registry_url, create=True, new_series=new_series)
    if verify_url is not None:
        reg.set_setting("verify_url", verify_url or None)
    if office_name is not None:
        reg.set_setting(OFFICE_SETTING, " ".join(office_name.split()) or None)
    if reg.created:
        say(M_("registry: %(registry)s", code="registry.using", registry=reg.name))
    else:
        say(M_("registry: %(registry)s (it exists already)", code="registry.exists", registry=reg.name))
    say(M_("signing key: %(key)s", code="registry.key", key=str(reg.key_path)))


@registry.command("list")
@registry_option
@click.option("--award", help="Only this award.")
@click.option("--status", type=click.Choice(["reserved", "issued", "revoked"]), help="Only awards in this status.")
@click.option("--since", help="Only awards dated on or after YYYY-MM-DD.")
@click.option("--name", help="Only holders one of whose names contains this (case, script and spacing folded).")
def list_command(registry_url: str | None, award: str | None, status: str | None, since: str | None,
                 name: str | None) -> None:
    """List the awards: number, date, status, award, languages printed, holder."""
    count = 0
    for entry in open_registry(registry_url).entries(award, status, _parse_date(since), name):
        click.echo(_line(entry))
        count += 1
    say(Mn_("%(num)s award", "%(num)s awards", count, code="registry.count"), err=True)


@registry.command("show")
@registry_option
@click.argument("number")
def show(registry_url: str | None, number: str) -> None:
    """Show one award, its documents and its history."""
    from qujat.registry.store import RegistryError

    reg = open_registry(registry_url)
    entry = reg.get(number)
    if entry is None:
        raise RegistryError(M_("no certificate numbered %(number)s in the registry", code="registry.unknown-number",
                               number=number))
    names = reg.person_names(entry.person_id) if entry.person_id is not None else []
    replaced = M_("by a duplicate on %(date)s", code="registry.replaced-on",
                  date=entry.replaced_on.isoformat()) if entry.replaced_on else ""
    rows = ((M_("number"), entry.number), (M_("award"), entry.award), (M_("name"), entry.name),
            (M_("also written"), "; ".join(n for n in names if n != entry.name)),
            (M_("IIN"), entry.iin), (M_("position"), entry.position), (M_("organisation"), entry.organisation),
            (M_("date"), entry.date.isoformat()), (M_("place"), entry.place), (M_("issuer"), entry.issuer),
            (M_("source"), f"{entry.source}:{entry.row or ''}"), (M_("status"), _word(entry.status)),
            (M_("replaced"), replaced))
    for label, value in rows:
        if value:
            click.echo(f"{ui.text(label) + ':':<14}{ui.text(value)}")
    for doc in entry.documents:
        click.echo(f"  {ui.text(M_('document'))} {doc.language or '-':<7} {_word(doc.kind):<9} {_word(doc.status):<8} "
                   f"{doc.printed_on.isoformat()}  {doc.file or ''}  {doc.sha256 or ''}".rstrip())
    for event in reg.history(entry.number):
        extra = "".join(f"  {part}" for part in (event.category, event.reason, event.detail) if part)
        click.echo(f"  {event.at.isoformat(sep=' ')}  {_word(event.kind):<18} {event.user}{extra}")


def _interactive() -> bool:
    """Whether a person is at the terminal to answer a question."""
    return sys.stdin.isatty()


#: A revocation's categories, as `registry revoke --category` takes them (REVOCATION_CATEGORIES).
CATEGORIES = ("issued-in-error", "data-corrected", "replaced", "withdrawn")


@registry.command("revoke")
@registry_option
@click.argument("number")
@click.option("--reason", required=True, help="Why the certificate is revoked (the office's own words; never shown "
                                                "on the public page).")
@click.option("--category", type=click.Choice(CATEGORIES),
              help="What the public page shows of why; asked for when not given (a terminal), required otherwise.")
def revoke(registry_url: str | None, number: str, reason: str, category: str | None) -> None:
    """Revoke a certificate (it stays in the journal, and verify reports it revoked)."""
    from qujat.errors import UsageError

    if category is None:
        if not _interactive():
            raise UsageError(M_("give --category: one of %(categories)s (the public page shows it, never the reason)",
                                code="registry.category", categories=", ".join(CATEGORIES)))
        category = click.prompt(ui.text(M_("Category shown on the public page")), type=click.Choice(CATEGORIES))
    entry = open_registry(registry_url).revoke(number, reason, category)
    say(M_("revoked %(number)s (%(name)s, %(category)s)", code="registry.revoked", number=entry.number,
           name=entry.name, category=category))


@registry.command("link")
@registry_option
@click.argument("number")
@click.option("--iin", help="The ИИН of the person a list names with it.")
@click.option("--name", help="The name as a list writes it (another spelling or word order of the holder's).")
@click.option("--different", is_flag=True, help="They are different people: the ИИН or name gets a person of its own.")
def link_command(registry_url: str | None, number: str, iin: str | None, name: str | None, different: bool) -> None:
    """Say that the holder of NUMBER is the person with --iin (awarded without an ИИН) or the
    one a list writes --name, or with --different that they are not; a list row refused for it
    then prints."""
    from qujat.registry.linking import link, link_name

    if (iin is None) == (name is None):
        raise click.UsageError(ui.text(M_("give --iin or --name (one of them)", code="link.iin-or-name")))
    if name is not None:
        say(link_name(open_registry(registry_url), number, name, different))
        return
    assert iin is not None
    say(link(open_registry(registry_url), number, iin, different))


def _print_again(registry_url: str | None, number: str, output: str, duplicate: bool, lang: str | None) -> None:
    from qujat.registry.recording import print_again

    path = print_again(open_registry(registry_url), number, output, duplicate=duplicate, language=lang)
    say(M_("wrote %(path)s", code="cli.wrote", path=str(path)))


@registry.command("reprint")
@registry_option
@click.argument("number")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The PDF to write.")
@click.option("--lang", help="The document in this language (default: the first printed).")
def reprint(registry_url: str | None, number: str, output: str, lang: str | None) -> None:
    """Print a certificate again, identical to the one issued."""
    _print_again(registry_url, number, output, False, lang)


@registry.command("duplicate")
@registry_option
@click.argument("number")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The PDF to write.")
@click.option("--lang", help="Of the document in this language (default: the first printed).")
def duplicate(registry_url: str | None, number: str, output: str, lang: str | None) -> None:
    """Issue a duplicate of a lost certificate: the award's own particulars, marked as a
    duplicate, with a line saying when the duplicate was issued; the original is then reported
    as replaced."""
    _print_again(registry_url, number, output, True, lang)


@registry.command("export")
@registry_option
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--lang", default="ru", show_default=True, type=click.Choice(["kk", "ru", "en"]),
              help="Language of the headings.")
def export(registry_url: str | None, file: str, lang: str) -> None:
    """Write the journal (awards, documents, every event) as FILE.xlsx or FILE.csv."""
    from qujat.registry.journal import export_journal

    for path in export_journal(open_registry(registry_url), file, lang):
        say(M_("wrote %(path)s", code="cli.wrote", path=str(path)))


@registry.command("import")
@registry_option
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--award", help="Award of rows that name none.")
@click.option("--allow-jump", is_flag=True, help="Accept numbers far past the series' next one.")
def import_command(registry_url: str | None, file: str, award: str | None, allow_jump: bool) -> None:
    """Bring in certificates issued before qujat (an office's journal, XLSX or CSV)."""
    from qujat.registry.journal import import_journal

    count = import_journal(open_registry(registry_url, create=True), file, award, allow_jump)
    say(Mn_("imported %(num)s certificate from %(file)s", "imported %(num)s certificates from %(file)s", count,
            code="registry.imported-count", file=file))


@registry.command("backup")
@registry_option
@click.argument("file", type=click.Path(dir_okay=False))
def backup(registry_url: str | None, file: str) -> None:
    """Copy the SQLite registry to FILE, safely while others are issuing."""
    say(M_("wrote %(path)s", code="cli.wrote", path=str(open_registry(registry_url).backup(file))))


@registry.command("public-key")
@registry_option
def public_key(registry_url: str | None) -> None:
    """Print the registry's public key (PEM), for verifying certificates offline."""
    click.echo(open_registry(registry_url).public_key, nl=False)


@registry.group("trust")
def trust() -> None:
    """Other offices whose certificates this registry recognises (their public keys)."""


@trust.command("add")
@registry_option
@click.argument("key_file", metavar="KEY.pem", type=click.Path(dir_okay=False, exists=True))
@click.option("--name", required=True, help="The office's name, as verdicts show it.")
def trust_add(registry_url: str | None, key_file: str, name: str) -> None:
    """Trust another office's public key (from its `generate registry public-key`)."""
    from qujat.verification.trust import add_trusted

    added = add_trusted(open_registry(registry_url), Path(key_file).read_text(encoding="ascii"), name)
    say(M_("trusted %(key)s %(office)s", code="trust.added", key=added.key_id, office=added.name))


@trust.command("list")
@registry_option
def trust_list(registry_url: str | None) -> None:
    """List this registry's own key and the offices it trusts."""
    from qujat.verification.trust import own_issuer, trusted

    reg = open_registry(registry_url)
    own = own_issuer(reg)
    say(M_("%(key)s  (this registry)  %(office)s", code="trust.own", key=own.key_id, office=own.name or ""))
    for issuer in trusted(reg):
        click.echo(f"{issuer.key_id}  {issuer.added[:10]}  {issuer.name}")


@trust.command("remove")
@registry_option
@click.argument("which", metavar="KEY-ID|NAME")
def trust_remove(registry_url: str | None, which: str) -> None:
    """Stop trusting an office's key (given by its id or the office's name)."""
    from qujat.verification.trust import remove_trusted

    removed = remove_trusted(open_registry(registry_url), which)
    say(M_("removed %(key)s %(office)s", code="trust.removed", key=removed.key_id, office=removed.name))


@registry.command("revocations")
@registry_option
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The list to write (JSON).")
@click.option("--office", help="The issuer's name in the list (default: the registry's office).")
def revocations(registry_url: str | None, output: str, office: str | None) -> None:
    """Write the signed revocation list: revoked numbers and originals replaced by duplicates
    (no names), for `generate verify --public-key K --revocations FILE` offline."""
    from qujat.output import write_atomic
    from qujat.verification.revocations import make_list

    written = write_atomic(output, make_list(open_registry(registry_url), office))
    say(M_("wrote %(path)s", code="cli.wrote", path=str(written)))


@click.command("verify")
@click.argument("target")
@registry_option
@click.option("--public-key", "public_key_file", type=click.Path(dir_okay=False, exists=True),
              help="Check the signature with this public key (PEM); no registry needed.")
@click.option("--revocations", "revocations_file", type=click.Path(dir_okay=False, exists=True),
              help="The issuer's signed revocation list (`generate registry revocations`), for offline checks.")
@click.option("--max-age", type=click.IntRange(0, 3650), default=30, show_default=True,
              help="Days after which a revocation list no longer counts.")
@click.option("--lang", type=click.Choice(["kk", "ru", "en", "kk-Latn"]),
              help="Language of the verdict; default: the language qujat speaks in (--ui-lang, $LANG).")
def verify(target: str, registry_url: str | None, public_key_file: str | None, revocations_file: str | None,
           max_age: int, lang: str | None) -> None:
    """Check a certificate: TARGET is a number, a PDF (every page), a scan or photo, or the QR
    code's text.

    Exit 0 only when it (every page) is valid; 3 revocation not checked, 4 printed name not
    checked, 5 another office's, 6 no code found; 10 revoked, 11 replaced by a duplicate, 12
    unknown number; 20 signature does not match, 21 name differs, 22 not this registry's, 23
    registry entry altered, 24 no known office signed it (docs/verify.md)."""
    from qujat.verification.check import verify as check
    from qujat.verification.verdict import verdict_lines

    key = Path(public_key_file).read_text(encoding="ascii", errors="replace") if public_key_file else None
    reg = open_registry(registry_url) if registry_url or not key else None
    verdict = check(target, reg, public_key=key, revocations=revocations_file, max_age_days=max_age)
    for line in verdict_lines(verdict, lang or ui.language()):
        click.echo(line)
    sys.exit(verdict.exit_code)
