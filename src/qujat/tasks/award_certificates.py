"""Issuing certificates: for one named person, or for every recipient of a record's awards.

Both go through :func:`qujat.certificates.assemble.assemble`, as batch printing does, and both
record what they issue in the award registry as the command line does: ``registry=`` (a
:class:`qujat.registry.store.Registry` or a file or URL; default: the registry the command line
would use, :func:`qujat.registry.location.default_location`) gives real numbers; ``draft=True``
prints watermarked proofs that record nothing. There is no unwatermarked certificate outside a
registry.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from qujat import stopping
from qujat.certificates.assemble import DEFAULT_LANGUAGE, Assembled, Designs, Issuing, certificate_file_name
from qujat.certificates.definitions import AwardDefinition
from qujat.certificates.reportlab_adapter import certificates_pdf
from qujat.errors import Location, QujatError, QujatWarning, RecordError, RefusedError
from qujat.i18n.spec import parse_language_spec
from qujat.lists.read import record_list
from qujat.lists.recipients import numbered_rows, row_recipient
from qujat.messages import M_
from qujat.model import IssueSettings, Recipient, TextMap
from qujat.output import INPUT_OF_RUN, Outputs, file_sha256, protected, write_atomic
from qujat.records.schema import Person, Record
from qujat.records.validation import dotted, error_path, located_problems, plain_message
from qujat.registry.drafts import DraftIssuing
from qujat.settings import Settings, applied
from qujat.text import OWN

#: What a script may pass as a text: plain (in the certificate's language) or ``{lang: text}``.
TextInput = str | TextMap | None


def _as_text(value: TextInput) -> TextMap | None:
    return {OWN: value} if isinstance(value, str) else value


def _recipient(recipient: Person | dict[str, Any] | str) -> Person:
    """A script's recipient (a name, a mapping or a :class:`Person`) as a validated Person."""
    if isinstance(recipient, Person):
        return recipient
    data = {"name": recipient} if isinstance(recipient, str) else recipient
    try:
        return Person.model_validate(data)
    except ValidationError as exc:
        problems = located_problems(exc, lambda path: Location(field=f"recipient {dotted(path)}"),
                                    lambda error: f"recipient {dotted(error_path(error))} {plain_message(error)}")
        raise RecordError(problems[0][1], problems=problems) from None


def _noted(made: Assembled) -> Assembled:
    """Warn of what the issuer noted (a recipient already awarded, reprinted unchanged)."""
    if made.note:
        warnings.warn(QujatWarning(M_("%(name)s: %(note)s", code="issued.note", name=made.printed_name,
                                      note=made.note)), stacklevel=3)
    return made


def _written(issuing: Issuing, made: list[Assembled], path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` and tell ``issuing`` (the registry) which file it went into;
    what it reserved is given back when the file cannot be written."""
    try:
        write_atomic(path, data)
    except BaseException:
        issuing.abandon()
        raise
    issuing.confirm(made, str(path), hashlib.sha256(data).hexdigest())
    return path


#: A registry as a script names it: a :class:`qujat.registry.store.Registry`, a file or URL, or
#: None for the office's registry as the command line finds it.
RegistryArg = Any


def issuing_for(registry: RegistryArg = None, draft: bool = False, issuing: Issuing | None = None,
                source: str = "", signing_key: str | Path | None = None) -> Issuing:
    """How the library issues: ``issuing`` when given (the command line's), drafts with ``draft``,
    else numbered and recorded by ``registry`` (opened on first use; created, with a warning, when
    it does not exist yet). The registry's modules (and SQLAlchemy) load only here: a script that
    prints drafts or through its own ``issuing`` loads no database library."""
    if issuing is not None:
        return issuing
    if draft:
        return DraftIssuing()
    from qujat.registry.recording import RegistryIssuing, open_warned
    from qujat.registry.store import Registry

    if isinstance(registry, Registry):
        return RegistryIssuing(registry, source)
    return RegistryIssuing(open_warned(lambda: Registry.open(registry, signing_key=signing_key, create=True)),
                           source, existing=lambda: Registry.open(registry, signing_key=signing_key))


@contextlib.contextmanager
def call_issuing(registry: RegistryArg = None, draft: bool = False, issuing: Issuing | None = None, source: str = "",
           signing_key: str | Path | None = None) -> Iterator[Issuing]:
    """:func:`issuing_for` for the length of one call: what it opened (a registry's connections)
    is closed when the call ends; a caller's own ``issuing`` or Registry stays open."""
    chosen = issuing_for(registry, draft, issuing, source=source, signing_key=signing_key)
    try:
        yield chosen
    finally:
        if chosen is not issuing:
            chosen.close()


def certificate_bytes(award: str | AwardDefinition, recipient: Person | dict[str, Any] | str, *,
                      lang: str | None = None, number: str | None = None, date: dt.date | None = None,
                      place: TextInput = None, occasion: TextInput = None, signatory: TextInput = None,
                      organisation: TextInput = None, signatory_title: TextInput = None, iin: str | None = None,
                      registry: RegistryArg = None, draft: bool = False, signing_key: str | Path | None = None,
                      issuing: Issuing | None = None, settings: Settings | None = None) -> bytes:
    """One certificate as PDF bytes (for e-mail, a web page), recorded in ``registry`` as issued
    when the bytes are handed back (or a watermarked draft); the arguments are
    :func:`render_certificate`'s."""
    with call_issuing(registry, draft, issuing, signing_key=signing_key) as chosen:
        made, data = _issued(award, recipient, lang, chosen, Recipient(name={}, number=number, iin=iin),
                             _options(date, place, occasion, signatory, organisation, signatory_title), settings)
        chosen.confirm([made], "", hashlib.sha256(data).hexdigest())
    return data


def _issued(award: str | AwardDefinition, recipient: Person | dict[str, Any] | str, lang: str | None,
            chosen: Issuing, details: Recipient, options: IssueSettings,
            settings: Settings | None) -> tuple[Assembled, bytes]:
    """One certificate made through ``chosen`` (the registry's issuing or a draft's); its reserved
    number is given back when making it fails or is interrupted."""
    try:
        with applied(settings):
            made, data = _certificate(award, recipient, lang, chosen, details, options)
    except BaseException:
        chosen.abandon()
        raise
    return made, data


def _options(date: dt.date | None, place: TextInput, occasion: TextInput, signatory: TextInput,
             organisation: TextInput, signatory_title: TextInput) -> IssueSettings:
    """A script's particulars of one certificate as issue settings."""
    return IssueSettings(date=date, place=_as_text(place), occasion=_as_text(occasion), signatory=_as_text(signatory),
                         organisation=_as_text(organisation), signatory_title=_as_text(signatory_title))


def _certificate(award: str | AwardDefinition, recipient: Person | dict[str, Any] | str, lang: str | None,
                 issuing: Issuing | None, details: Recipient, options: IssueSettings) -> tuple[Assembled, bytes]:
    made = _one_certificate(award, recipient, lang or DEFAULT_LANGUAGE, issuing, details, options)
    return made, certificates_pdf(made.design, [made.page])


def _one_certificate(award: str | AwardDefinition, recipient: Person | dict[str, Any] | str, lang: str,
                     issuing: Issuing | None, details: Recipient, options: IssueSettings) -> Assembled:
    """Assemble one certificate: ``details`` carries the number and ИИН, ``options`` the date,
    place, occasion and issuer a script gave."""
    spec = parse_language_spec(lang)
    person = _recipient(recipient)
    # plain strings are in the (first) language asked for
    settings = dataclasses.replace(options, lang=spec.code, own_language=spec.primary)
    designs = Designs(settings)
    if isinstance(award, AwardDefinition):
        designs.definitions[award.id] = award
    award_id = award.id if isinstance(award, AwardDefinition) else award
    return _noted((issuing or Issuing()).issue(
        dataclasses.replace(details, name=person.name, position=person.position, organisation=person.organisation,
                            award=award_id), settings, designs))


def render_certificate(award: str | AwardDefinition, recipient: Person | dict[str, Any] | str, path: str | Path, *,
                       lang: str | None = None, number: str | None = None, date: dt.date | None = None,
                       place: TextInput = None, occasion: TextInput = None, signatory: TextInput = None,
                       organisation: TextInput = None, signatory_title: TextInput = None, iin: str | None = None,
                       registry: RegistryArg = None, draft: bool = False, signing_key: str | Path | None = None,
                       issuing: Issuing | None = None, settings: Settings | None = None) -> Path:
    """Write one award certificate to ``path`` (PDF, A4 landscape) and return the path.

    ``award`` is an award id (``jubilee-medal``, ``federation-badge`` or any file in
    templates/certificates/) or a loaded definition; ``recipient`` a name, a mapping with
    ``name``/``position``/``organisation`` or a :class:`qujat.records.schema.Person`.
    ``lang`` is one language (default ``kk``) or two joined by ``+`` (``kk+ru``: both texts on
    the page, the first language above); plain-string texts are in its first language.
    ``number`` defaults to the award's first number, ``date`` to today; ``organisation`` is the
    issuer (default: the award's own), ``signatory`` and ``signatory_title`` who signs and their
    post (with another ``organisation`` and no title none is printed); ``iin`` the recipient's
    ИИН. The certificate is numbered and recorded in ``registry`` (a
    :class:`qujat.registry.store.Registry`, a file or a URL; default: the office's registry as
    the command line finds it, :func:`qujat.registry.location.default_location`), "issued" only
    once the file is written; a person who already holds the award gets their certificate
    reprinted unchanged. ``draft=True`` prints a watermarked proof numbered «ҮЛГІ» /
    «ОБРАЗЕЦ» / "DRAFT" and records nothing. ``signing_key`` names the registry's key file when
    it is not beside the registry; ``issuing`` replaces all three (the command line's own).

    >>> import datetime, pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "bekbas.pdf"
    >>> render_certificate("jubilee-medal", "Бекбас О.Т.", out, lang="ru", date=datetime.date(2018, 7, 4),
    ...                    draft=True).name  # a proof: the office's registry is not touched
    'bekbas.pdf'
    """
    with call_issuing(registry, draft, issuing, signing_key=signing_key) as chosen:
        made, data = _issued(award, recipient, lang, chosen, Recipient(name={}, number=number, iin=iin),
                             _options(date, place, occasion, signatory, organisation, signatory_title), settings)
        return _written(chosen, [made], Path(path), data)


def record_certificates(record: Record, *, lang: str | None = None, award: str | None = None,
                        issuing: Issuing | None = None) -> list[Assembled]:
    """A certificate for every recipient in the record's awards (only ``award`` when given),
    assembled and checked; numbers run from each award's first number in record order, or
    come from the registry through ``issuing``, which records them (every one is checked first).

    A problem is reported at the recipient's line in the record.
    """

    listing = record_list(record)
    settings = listing.settings.overridden(lang=lang)
    designs = Designs(settings)
    found: list[Assembled] = []
    recipients = [(item.row, row_recipient(item)) for item in numbered_rows(listing.rows, None)]
    recipients = [(row, r) for row, r in recipients if not award or r.award == award]
    steps = [Issuing(), issuing] if issuing is not None and issuing.records else [issuing or Issuing()]
    if issuing is not None and issuing.records:
        refused = issuing.screen([r for _, r in recipients], settings, designs)
        if refused:
            row, reason = next(iter(refused.items()))
            raise RefusedError(reason, problems=[(Location(listing.source, row), why) for row, why in refused.items()])
        for row, recipient in recipients:  # every refusal before anything is reserved
            try:
                issuing.plan(recipient, settings, designs)
            except QujatError as exc:
                raise type(exc)(exc.problems[0][1], problems=[(Location(listing.source, row), exc.problems[0][1])]
                                ) from None
    for step in steps:
        found = [_noted(made) if step is steps[-1] else made
                 for made in (_record_certificate(step, listing.source, row, recipient, settings, designs)
                              for row, recipient in recipients)]
    if award and not found:
        have = ", ".join(sorted({g.award for g in record.awards})) or "none"
        raise RecordError(M_("the record has no '%(award)s' awards; it has: %(have)s", code="record.no-such-award",
                             award=award, have=have), record.locate("awards"))
    return found


def _record_certificate(issuing: Issuing, source: str, row: int, recipient: Recipient, settings: IssueSettings,
                        designs: Designs) -> Assembled:
    stopping.check()
    try:
        return issuing.issue(recipient, settings, designs)
    except QujatError as exc:
        where = Location(source, row)
        raise type(exc)(exc.problems[0][1], problems=[(where, msg) for _, msg in exc.problems]) from None


def render_record_certificates(record: Record, out_dir: str | Path, *, lang: str | None = None,
                               award: str | None = None, registry: RegistryArg = None, draft: bool = False,
                               signing_key: str | Path | None = None, issuing: Issuing | None = None,
                               settings: Settings | None = None) -> list[Path]:
    """Write one PDF per award recipient of ``record`` into ``out_dir``; returns the paths.

    ``lang`` (default: the record's language) may be two languages, ``kk+ru``. A recipient
    already awarded gets their document reprinted unchanged (or, in a language not printed
    before, a new document with the same number). ``registry``, ``draft``, ``signing_key`` and
    ``issuing`` as for :func:`render_certificate`.

    Every certificate is rendered and checked before the first file is written, so a bad
    name stops the run with nothing half done; the registry counts them issued only once the
    files are in place.
    """
    inputs = [file] if (file := record.locate().file) else []
    with call_issuing(registry, draft, issuing, signing_key=signing_key) as chosen, applied(settings), \
            protected(inputs, INPUT_OF_RUN):
        return _record_files(record, Path(out_dir), lang, award, chosen)


def _record_files(record: Record, folder: Path, lang: str | None, award: str | None,
                  issuing: Issuing) -> list[Path]:
    taken: set[str] = set()
    written: list[tuple[Assembled, Path, str]] = []
    try:
        with Outputs() as outputs:  # every file, or none: moved into place together
            for made in record_certificates(record, lang=lang, award=award, issuing=issuing):
                data = certificates_pdf(made.design, [made.page])
                path = outputs.write(folder / certificate_file_name(made.number, made.printed_name, made.spec,
                                                                    taken), data)
                written.append((made, path, hashlib.sha256(data).hexdigest()))
            outputs.commit()
    except BaseException:
        for made, path, digest in written:  # any that did land (Ctrl-C after the renames) are issued
            if path.is_file() and file_sha256(path) == digest:
                issuing.confirm([made], str(path), digest)
        issuing.abandon()
        raise
    for made, path, digest in written:
        issuing.confirm([made], str(path), digest)
    return [path for _, path, _ in written]
