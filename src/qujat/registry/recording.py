"""Issuing through the registry: the person, the once-only check, the number and the document,
in one transaction per chunk of a batch (:mod:`qujat.registry.chunk`; a single certificate is a
chunk of one); "issued" only once the document's file has landed.

:class:`RegistryIssuing` is what ``generate certificate``, ``certificates`` and ``batch`` (and the
library's functions) hand to the one path from a recipient to a certificate
(:func:`qujat.certificates.assemble.assemble`) when a registry is in use; :class:`qujat.registry.drafts.DraftIssuing`
prints watermarked proofs that record nothing.

For each recipient, inside the chunk's issuing transaction:

- the person is found by ИИН and names (:mod:`qujat.registry.persons`), or a new one made;
- an award of that type they already hold (once per person) is reused: its document in this
  language is reprinted unchanged, or a new document in this language is made with the award's
  own number and date;
- otherwise a number is taken (a given-back one first, else the series' next) and the award
  and its first document are recorded as *reserved*.

:meth:`RegistryIssuing.confirm` marks documents (and their awards) issued once their file is in
place; :meth:`RegistryIssuing.abandon` gives back what a failed run reserved. A run killed in
between leaves them reserved, and the next run for the same person takes them.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, update
from sqlalchemy.exc import DBAPIError

from qujat import stopping
from qujat.certificates.assemble import (
    LANGUAGE,
    NEW,
    REPRINTED,
    Assembled,
    Designs,
    Issuing,
    Plan,
    assemble,
    attempt,
    recipient_language,
)
from qujat.certificates.reportlab_adapter import certificates_pdf
from qujat.errors import QujatError, QujatWarning, RunError
from qujat.i18n.localizer import localizer
from qujat.i18n.spec import parse_language_spec
from qujat.messages import M_, Message
from qujat.model import IssueSettings, Recipient, TextMap
from qujat.output import write_atomic
from qujat.registry import leases, numbering, persons
from qujat.registry.chunk import Chunk
from qujat.registry.drafts import duplicate_mark
from qujat.registry.engine import registry_problem
from qujat.registry.forms import PrintedForm
from qujat.registry.persons import Identity, Refused, identity_of, normalise_iin
from qujat.registry.schema import documents
from qujat.registry.signing import PAYLOAD_PATTERN, Seal, decode, sign_payload
from qujat.registry.store import Document, Entry, NewAward, NewDocument, Registry, RegistryError


def _plain(text: TextMap | None) -> TextMap | None:
    return dict(text) if text else None


def printed_form(settings: IssueSettings, made: Assembled) -> PrintedForm:
    """Everything needed to print ``made`` again exactly as issued."""
    cert = made.certificate
    return PrintedForm(name=dict(cert.person.name), position=_plain(cert.person.position),
                       organisation=_plain(cert.person.organisation), title=_plain(cert.person.title),
                       place=_plain(cert.place), occasion=_plain(cert.occasion), signatory=_plain(cert.signatory),
                       issuer=_plain(settings.organisation), signatory_title=_plain(settings.signatory_title),
                       own_language=cert.own_language, settings_own_language=settings.own_language,
                       language=made.spec.code, date=cert.date, award=made.award,
                       duplicate_issued=cert.duplicate_issued)


def already_awarded(number: str, date: dt.date) -> Message:
    """What a run says of a recipient who holds the award: «already awarded: A20-0007, 2018-07-04»."""
    return M_("already awarded: %(number)s, %(date)s", code="registry.already-awarded", number=number,
              date=date.isoformat())


def another_language(number: str, date: dt.date) -> Message:
    """What a run says of a recipient whose award is printed in a new language: «another language
    of A20-0007, 2018-07-04»."""
    return M_("another language of %(number)s, %(date)s", code="registry.another-language", number=number,
              date=date.isoformat())


def reprint_assembled(entry: Entry, document: Document, designs: dict[str, Designs] | None = None, *,
                      duplicate_issued: dt.date | None = None, seal: str | None = None,
                      stamp: str | None = None) -> Assembled:
    """The document ``document`` of award ``entry`` assembled again from what the registry kept:
    the same page as issued (or, with ``duplicate_issued``, ``seal`` and ``stamp``, a duplicate
    carrying the award's own particulars and its own issue date)."""
    form = document.form
    if form is None:
        raise QujatError(M_("%(number)s was imported from a journal; the registry cannot print it",
                            code="registry.imported", number=entry.number))
    settings = IssueSettings(organisation=form.issuer, own_language=form.settings_own_language,
                             lang=form.language, date=form.date, place=form.place, occasion=form.occasion,
                             signatory=form.signatory, signatory_title=form.signatory_title)
    cache_key = repr((settings.organisation, settings.signatory_title, settings.own_language))
    pool = designs if designs is not None else {}
    if cache_key not in pool:
        pool[cache_key] = Designs(settings)
    recipient = Recipient(name=form.name, position=form.position, organisation=form.organisation,
                          title=form.title, award=entry.award, language=form.language, date=form.date,
                          number=entry.number, seal=seal or document.payload,
                          stamp=stamp or (duplicate_mark(parse_language_spec(form.language))
                                          if form.duplicate_issued else None),
                          duplicate_issued=duplicate_issued or form.duplicate_issued)
    return assemble(recipient, dataclasses.replace(settings, own_language=form.own_language
                                                   if settings.own_language else None), pool[cache_key])


def sequence_of(number: str, scheme: Any) -> int | None:
    """The sequence number inside ``number`` when it follows the award's scheme, else None."""
    body = number[len(scheme.prefix):] if number.startswith(scheme.prefix) else None
    return int(body) if body and body.isdigit() else None


_SHOWN = re.compile(r"\s+")


class RegistryIssuing(Issuing):
    """Certificates numbered, checked once-per-person, sealed and recorded by ``registry``.

    ``source`` names the record or list the recipients come from (with each recipient's row).
    ``registry`` may be a function that opens it: then it is opened (and created, on first use,
    where the function allows it) only when the first certificate is issued, so a run refused
    for bad input writes nothing.
    """

    records = True

    def __init__(self, registry: Registry | Callable[[], Registry], source: str = "",
                 existing: Callable[[], Registry] | None = None) -> None:
        self._registry = registry
        #: whether :meth:`close` closes the registry (one this issuer opened, not one handed in)
        self._owned = not isinstance(registry, Registry)
        #: opens the registry only if it exists (for :meth:`plan`, which never creates one)
        self._existing = existing
        self.source = source
        self._reprint_designs: dict[str, Designs] = {}
        self._verify_url: str | None = None
        self._settings_read = False
        self._refused: dict[int, str] = {}
        #: documents this run reserved and has not confirmed yet
        self.pending: set[int] = set()
        #: this run's lease, which its reserved documents record (taken at the first reservation)
        self._lease: leases.Lease | None = None
        #: series numbered on after the numbers that only look like theirs (once a run)
        self._passed: set[str] = set()

    @property
    def opened(self) -> bool:
        """Whether the registry has been opened (it is, on the first certificate)."""
        return isinstance(self._registry, Registry)

    def created_registry(self) -> str:
        """The registry's name when this run created it (opened for the first time), else ""."""
        return self._registry.name if isinstance(self._registry, Registry) and self._registry.created else ""

    def close(self) -> None:
        """Let this run's lease go; close the registry if this issuer opened it (a registry
        handed in stays open)."""
        if self._lease is not None:
            self._lease.end()
            self._lease = None
        if self._owned and isinstance(self._registry, Registry):
            self._registry.close()

    def _lease_token(self) -> str:
        """This run's lease, taken on first use (before anything is reserved under it)."""
        if self._lease is None:
            self._lease = leases.Lease(self.registry)
        try:
            return self._lease.hold()
        except OSError as exc:  # SQLite could not write its journal there either
            raise RunError(M_("the registry's folder %(folder)s cannot be written (%(problem)s): ask whoever keeps it "
                              "for the right to write it, or give --registry another one; nothing was recorded",
                              code="registry.folder-unwritable", folder=str(Path(exc.filename or "").parent),
                              problem=exc.strerror or type(exc).__name__)) from None

    def _taken_over(self, conn: Connection, earlier: Entry, doc: Document) -> None:
        """Take over ``doc``, reserved by another run: only once that run has ended (killed or
        cut off); a run still printing it is never raced (the row is refused, to run again)."""
        if leases.running(self.registry, conn, doc.reserved_by):
            raise Refused(M_("%(number)s is being printed by another run at this moment: run this row again once "
                             "that run has finished", code="registry.in-progress", number=earlier.number))
        if conn.info.get("qujat_write"):
            conn.execute(update(documents).where(documents.c.id == doc.id, documents.c.status == "reserved")
                         .values(reserved_by=self._lease_token()))

    @property
    def registry(self) -> Registry:
        """The registry, opened on first use."""
        if not isinstance(self._registry, Registry):
            self._registry = self._registry()
        return self._registry

    def _url(self) -> str:
        if not self._settings_read:
            self._verify_url = self.registry.settings().get("verify_url")
            self._settings_read = True
        return self._verify_url or ""

    # who -----------------------------------------------------------------------------------

    def _person(self, conn: Connection, identity: Identity) -> int | None:
        """The registry's person for ``identity``, None for a new one; :class:`Refused` when the
        registry cannot tell (never guessed)."""
        reg = self.registry
        if identity.iin:
            found = persons.by_iin(conn, identity.iin)
            if found is not None:
                if not persons.named_so(conn, found, identity):
                    raise Refused(self._not_named_so(conn, found, identity))
                return found
            unnamed = ([pid for pid, iin in persons.by_names(conn, identity.keys) if iin is None]
                       or [pid for pid, iin in persons.by_loose(conn, identity) if iin is None])
            held = reg.awards_of(conn, unnamed)
            if held:
                first = held[0]
                raise Refused(M_("«%(name)s» was awarded %(number)s (%(date)s, «%(earlier)s») without an ИИН: if "
                                 "that is this person, link them with `generate registry link %(number)s --iin "
                                 "%(iin)s`, and if not, with `generate registry link %(number)s --iin %(iin)s "
                                 "--different`; then run again", code="registry.link-iin", name=identity.shown,
                                 number=first.number, date=first.date.isoformat(), earlier=first.name,
                                 iin=identity.iin))
            return None
        found_ids = [pid for pid, _ in persons.by_names(conn, identity.keys)]
        if len(found_ids) > 1:
            held = reg.awards_of(conn, found_ids)
            numbers = ", ".join(dict.fromkeys(e.number for e in held)) or M_("no award in force")
            raise Refused(M_("«%(name)s» matches %(count)s people in the registry (%(numbers)s): give the row its "
                             "ИИН to tell them apart", code="registry.namesakes", name=identity.shown,
                             count=len(found_ids), numbers=numbers))
        if found_ids:
            return found_ids[0]
        held = reg.awards_of(conn, [pid for pid, _ in persons.by_loose(conn, identity)])
        if held:  # the same name in another spelling or word order: perhaps them, perhaps not
            first = held[0]
            raise Refused(M_("«%(name)s» may be «%(earlier)s», awarded %(number)s (%(date)s), written another way: if "
                             "that is this person, say so with `generate registry link %(number)s --name "
                             "\"%(name)s\"`, and if not, with `generate registry link %(number)s --name \"%(name)s\" "
                             "--different` (or give the row its ИИН); then run again", code="registry.link-name",
                             name=identity.shown, earlier=first.name, number=first.number,
                             date=first.date.isoformat()))
        return None

    def _not_named_so(self, conn: Connection, person_id: int, identity: Identity) -> Message:
        """Why a row whose ИИН is a recorded person's, written with none of their names, is refused."""
        held = self.registry.awards_of(conn, [person_id])
        if not held:
            return M_("«%(name)s» has the ИИН %(iin)s, which the registry holds for «%(earlier)s»: correct the ИИН "
                      "or the name in the list; then run again", code="registry.iin-other-name-unawarded",
                      name=identity.shown, iin=identity.iin, earlier=persons.recorded_name(conn, person_id))
        first = held[0]
        return M_("«%(name)s» has the ИИН %(iin)s of «%(earlier)s», awarded %(number)s (%(date)s): if the ИИН is "
                  "right and this is that person under another name, say so with `generate registry link "
                  "%(number)s --name \"%(name)s\"`; if not, correct the ИИН in the list; then run again",
                  code="registry.iin-other-name", name=identity.shown, iin=identity.iin, earlier=first.name,
                  number=first.number, date=first.date.isoformat())

    def screen(self, recipients: list[Recipient], settings: IssueSettings, designs: Designs) -> dict[int, str]:
        """Two or more rows naming one name (for one award) with other positions or organisations
        are namesakes: every one of them without an ИИН cannot be told apart from the others, and
        is refused (a row with its ИИН is its own person; without, it would take the first's number).
        Two or more rows giving one ИИН to names that cannot be one person's are all refused: which
        of them has it wrong is the office's to say."""
        groups: dict[tuple[str, str], list[Recipient]] = {}
        by_iin: dict[str, list[tuple[Recipient, Identity]]] = {}
        for recipient in recipients:
            if recipient.row is None:
                continue
            try:
                identity = identity_of(recipient.name)
                award = designs.series(recipient.award or settings.award or "")
            except QujatError:
                continue
            for key in identity.keys:
                groups.setdefault((award, key), []).append(recipient)
            # a bad ИИН is the row's own error, when it is issued; an ИИН of the other sex than the
            # name is one too, but it still gives the ИИН: the row counts among the ИИН's rows
            with contextlib.suppress(ValueError):
                iin = normalise_iin(recipient.iin)
                if iin:
                    by_iin.setdefault(iin, []).append((recipient, dataclasses.replace(identity, iin=iin)))
        refused: dict[int, str] = {}
        for iin, given in by_iin.items():
            if all(persons.may_be_one(given[0][1], other) for _, other in given[1:]):
                continue
            listed = ", ".join(str(r.row) for r, _ in given)
            names = "», «".join(dict.fromkeys(i.shown for _, i in given))
            for given_row, _ in given:
                assert given_row.row is not None
                refused[given_row.row] = M_("rows %(rows)s give one ИИН, %(iin)s, to different people («%(names)s»): "
                                            "an ИИН is one person's; correct it in the row that has it wrong",
                                            code="registry.iin-in-list-twice", rows=listed, iin=iin, names=names)
        for (_, _key), rows in groups.items():
            unknown = [r for r in rows if not r.iin]
            if len(rows) < 2 or not unknown:
                continue
            particulars = {(_SHOWN.sub(" ", " ".join((r.position or {}).values())).casefold(),
                            _SHOWN.sub(" ", " ".join((r.organisation or {}).values())).casefold()) for r in rows}
            if len(particulars) < 2:
                continue  # one person listed twice: the second row reprints the first's certificate
            where = ", ".join(str(r.row) for r in rows)
            name = next(iter(rows[0].name.values()))
            for r in unknown:
                assert r.row is not None
                refused[r.row] = M_("«%(name)s» is listed %(count)s times (rows %(rows)s) with other positions or "
                                    "organisations: namesakes without ИИН cannot be told apart; give each its ИИН",
                                    code="registry.namesakes-in-list", name=name, count=len(rows), rows=where)
        self._refused.update(refused)
        return refused

    # issuing -------------------------------------------------------------------------------

    def _start(self, recipient: Recipient, settings: IssueSettings, designs: Designs
               ) -> tuple[str, Any, Any, str, Identity, dt.date, str]:
        award = recipient.award or settings.award
        if not award:
            assemble(recipient, settings, designs)  # raises the usual error
        assert award
        definition = designs.definition(award)
        spec = recipient_language(recipient, settings)
        designs.design(definition.id, spec)  # a broken definition fails here, before the registry is opened
        if recipient.row is not None and recipient.row in self._refused:
            raise Refused(self._refused[recipient.row])
        identity = identity_of(recipient.name, recipient.iin)
        # the name as the page prints it
        printed = localizer(spec.primary, settings.own_language or spec.primary).name(recipient.name)
        date = recipient.date or settings.date or dt.date.today()
        return definition.id, definition, spec, printed, identity, date, settings.source or self.source

    def plan(self, recipient: Recipient, settings: IssueSettings, designs: Designs, *, assembled: bool = False
             ) -> Plan:
        """What :meth:`issue` would do (a new award, a reprint, another language) or the refusal
        it would raise; nothing is written, and a registry that does not exist yet is not made.
        ``assembled``: the caller has already made the certificate (see :meth:`Issuing.plan`)."""
        award, definition, spec, _printed, identity, _date, source = self._start(recipient, settings, designs)
        if not assembled:
            assemble(recipient, settings, designs)
        try:
            if not self.opened and self._existing is not None:
                self._registry = self._existing()
            reg = self.registry
        except RegistryError:
            return Plan(NEW)
        with reg.reading() as conn:
            pid = self._person(conn, identity)
            earlier = reg.held(conn, award, pid, definition.once_per_person, source, recipient.row) if pid else None
            if earlier is None:
                return Plan(NEW)
            doc = earlier.document(spec.code)
            if doc is not None and doc.status != "reserved":
                return Plan(REPRINTED, already_awarded(earlier.number, earlier.date))
            if doc is not None:
                self._taken_over(conn, earlier, doc)  # refused while its run is still printing it
            if earlier.first is not None and earlier.first.form is None:
                raise QujatError(M_("%(note)s (from the office's journal: nothing to reprint)", code="registry.journal",
                                    note=already_awarded(earlier.number, earlier.date)))
            if earlier.status == "reserved":
                return Plan(NEW, M_("%(number)s reserved by an interrupted run: taken by this one",
                                    code="registry.reserved", number=earlier.number))
            return Plan(LANGUAGE, another_language(earlier.number, earlier.date))

    def prepare(self) -> None:
        """Open the registry and check its signing key now, before the run touches any file."""
        self._ready()

    def _ready(self) -> tuple[Registry, Any]:
        try:
            reg = self.registry
            return reg, reg.private_key()
        except RunError:
            raise
        except QujatError as exc:
            raise RunError(exc.problems[0][1]) from None
        except DBAPIError as exc:
            raise _unreachable(self._registry, exc) from None

    def issue(self, recipient: Recipient, settings: IssueSettings, designs: Designs) -> Assembled:
        """Number, seal and record ``recipient``'s certificate (reserved until :meth:`confirm`);
        one already awarded is reprinted, or printed in this new language with its own number.
        A registry that cannot be used, or stops answering, stops the run (:class:`RunError`)."""
        made = self.issue_all([recipient], settings, designs)[0]
        if isinstance(made, Exception):
            raise made
        return made

    def issue_all(self, recipients: list[Recipient], settings: IssueSettings, designs: Designs
                  ) -> list[Assembled | Exception]:
        """:meth:`issue` for each of ``recipients`` in one transaction (a chunk of a batch): the
        people read once, new people's awards and documents written together, the numbers taken
        from one block. A row that fails records nothing and gives its number to the next row."""
        results: list[Assembled | Exception] = []
        started: list[tuple[int, Recipient, tuple[Any, ...]]] = []
        for index, recipient in enumerate(recipients):
            start = attempt(functools.partial(self._start, recipient, settings, designs))
            results.append(start)  # replaced below by the certificate
            if not isinstance(start, Exception):
                started.append((index, recipient, start))
        if not started:
            return results
        reg, key_pair = self._ready()
        self._lease_token()  # held before anything is reserved under it
        mine: set[int] = set()
        try:
            with reg.issuing() as conn:
                for series, definition in {start[0]: start[1] for _, _, start in started}.items():
                    if series not in self._passed:
                        numbering.pass_lookalikes(conn, series, definition.numbering)
                chunk = Chunk(conn, [start[4] for _, _, start in started])
                waiting: list[tuple[int, Assembled]] = []
                for index, recipient, start in started:
                    stopping.check()
                    if chunk.unknown(start[4]) and not recipient.number:
                        made = attempt(functools.partial(self._new, chunk, key_pair, recipient, settings, designs,
                                                         *start))
                        if isinstance(made, Exception):
                            results[index] = made
                        else:
                            waiting.append((index, made))
                    else:
                        self._flush(chunk, waiting, results, mine)
                        results[index] = attempt(functools.partial(self._issue_alone, conn, reg, key_pair, recipient,
                                                                   settings, designs, mine, *start))
                    chunk.note(start[4])
                self._flush(chunk, waiting, results, mine)
        except DBAPIError as exc:
            raise _unreachable(reg, exc) from None
        self.pending |= mine
        self._passed.update(start[0] for _, _, start in started)
        return results

    @staticmethod
    def _flush(chunk: Chunk, waiting: list[tuple[int, Assembled]], results: list[Assembled | Exception],
               mine: set[int]) -> None:
        for (index, made), doc_id in zip(waiting, chunk.flush()):
            results[index] = dataclasses.replace(made, document=doc_id)
            mine.add(doc_id)
        waiting.clear()

    def _sealed(self, key_pair: Any, recipient: Recipient, settings: IssueSettings, designs: Designs, award: str,
                number: str, date: dt.date, printed: str) -> Assembled:
        seal = self._url() + sign_payload(key_pair, Seal(number, award, date.isoformat(), printed))
        return assemble(dataclasses.replace(recipient, number=number, seal=seal, date=date), settings, designs)

    def _records(self, made: Assembled, settings: IssueSettings, spec: Any, identity: Identity, pid: int | None,
                 sequence: int | None, reuse: int | None, once: bool, source: str, row: int | None
                 ) -> tuple[NewAward, NewDocument]:
        """What the registry records of ``made``: its award and its first document."""
        cert = made.certificate
        texts = localizer(spec.primary, None)
        return (NewAward(number=made.number, award=made.award, sequence=sequence, person_id=pid, once_only=once,
                         date=cert.date, name=made.printed_name, iin=identity.iin,
                         position=texts.text(cert.person.position) or None,
                         organisation=texts.text(cert.person.organisation) or None,
                         place=texts.text(cert.place) or None, issuer=made.design.organisation, source=source,
                         row=row, reuse=reuse),
                NewDocument(language=spec.code, name=made.printed_name, printed_on=dt.date.today(),
                            payload=made.certificate.seal, form=printed_form(settings, made),
                            reserved_by=self._lease_token()))

    def _new(self, chunk: Chunk, key_pair: Any, recipient: Recipient, settings: IssueSettings, designs: Designs,
             award: str, definition: Any, spec: Any, printed: str, identity: Identity, date: dt.date,
             source: str) -> Assembled:
        """A person the registry has never seen: a number from the chunk's block, the records
        added to the chunk (written at its flush)."""
        start = definition.numbering.start if settings.start is None else settings.start
        sequence, reuse = chunk.numbers.take(award, start)
        try:
            made = self._sealed(key_pair, recipient, settings, designs, award, definition.numbering.format(sequence),
                                date, printed)
        except BaseException:
            chunk.numbers.give_back(award, sequence, reuse)
            raise
        chunk.add(identity, *self._records(made, settings, spec, identity, None, sequence, reuse,
                                           definition.once_per_person, source, recipient.row))
        return dataclasses.replace(made, outcome=NEW)

    def _issue_alone(self, conn: Connection, reg: Registry, key_pair: Any, recipient: Recipient,
                     settings: IssueSettings, designs: Designs, mine: set[int], award: str, definition: Any,
                     spec: Any, printed: str, identity: Identity, date: dt.date, source: str) -> Assembled:
        """A row whose person the registry may know, in a savepoint of its own (rolled back if it fails)."""
        with conn.begin_nested():
            pid = self._person(conn, identity)
            earlier = reg.held(conn, award, pid, definition.once_per_person, source, recipient.row) if pid else None
            if earlier is not None:
                assert pid is not None
                return self._again(conn, earlier, pid, identity, recipient, settings, designs, spec, printed,
                                   source, mine)
            if pid is None:
                pid = persons.new_person(conn, identity.iin)
                persons.add_names(conn, pid, identity.names, known=set())
            else:
                persons.add_names(conn, pid, identity.names)
            reuse = None
            if recipient.number:
                number = numbering.checked_number(conn, recipient.number, definition.numbering)
                sequence = sequence_of(number, definition.numbering)
                if sequence is not None:
                    numbering.continue_after(conn, award, sequence)
            else:
                start = definition.numbering.start if settings.start is None else settings.start
                sequence, reuse = numbering.allocate(conn, award, start)
                number = definition.numbering.format(sequence)
            made = self._sealed(key_pair, recipient, settings, designs, award, number, date, printed)
            _, doc_id = reg.record(conn, *self._records(made, settings, spec, identity, pid, sequence, reuse,
                                                        definition.once_per_person, source, recipient.row))
        assert doc_id is not None
        mine.add(doc_id)
        return dataclasses.replace(made, outcome=NEW, document=doc_id)

    def _again(self, conn: Connection, earlier: Entry, pid: int, identity: Identity, recipient: Recipient,
               settings: IssueSettings, designs: Designs, spec: Any, printed: str, source: str, mine: set[int]
               ) -> Assembled:
        """A recipient who already holds the award: its document in this language reprinted (or,
        reserved by an interrupted run, taken by this one), or a new document in this language."""
        reg = self.registry
        persons.add_names(conn, pid, identity.names)
        note = already_awarded(earlier.number, earlier.date)
        doc = earlier.document(spec.code)
        if doc is not None and doc.form is not None:
            made = reprint_assembled(earlier, doc, self._reprint_designs)
            if doc.id in self.pending or doc.id in mine:  # this run's own: the same person listed twice
                return dataclasses.replace(made, note=note, outcome=REPRINTED)
            if doc.status == "reserved":
                self._taken_over(conn, earlier, doc)
                mine.add(doc.id)
                outcome = NEW if earlier.status == "reserved" else LANGUAGE
                return dataclasses.replace(made, outcome=outcome, document=doc.id)
            reg.log(conn, earlier.id, "reprinted", detail=f"{source}:{recipient.row or ''}", document_id=doc.id)
            return dataclasses.replace(made, note=note, outcome=REPRINTED)
        if earlier.first is not None and earlier.first.form is None:
            raise QujatError(M_("%(note)s (from the office's journal: nothing to reprint)", code="registry.journal",
                                note=note))
        date = earlier.date
        made = self._sealed(reg.private_key(), recipient, settings, designs, earlier.award, earlier.number, date,
                            printed)
        doc_id = reg.add_document(conn, earlier.id, NewDocument(
            language=spec.code, name=made.printed_name, printed_on=dt.date.today(), payload=made.certificate.seal,
            form=printed_form(settings, made), reserved_by=self._lease_token()))
        mine.add(doc_id)
        return dataclasses.replace(made, note=another_language(earlier.number, date),
                                   outcome=LANGUAGE, document=doc_id)

    def confirm(self, made: list[Assembled], file: str, sha256: str) -> None:
        self.confirm_files([(made, file, sha256)])

    def confirm_files(self, landed: list[tuple[list[Assembled], str, str]]) -> None:
        """The files ``landed`` (certificates, file, SHA-256 each) confirmed in one transaction."""
        # one registry for the office: never a relative path
        found = [([m.document for m in made if m.document is not None], str(Path(file).resolve()) if file else "",
                  sha256) for made, file, sha256 in landed]
        found = [item for item in found if item[0]]
        if found:
            try:
                self.registry.confirm_files(found)
            except DBAPIError as exc:
                raise _unreachable(self._registry, exc) from None
            for ids, _, _ in found:
                self.pending.difference_update(ids)

    def abandon(self) -> None:
        if self.pending and isinstance(self._registry, Registry):
            pending, self.pending = sorted(self.pending), set()
            self.registry.release(pending, self._lease.token if self._lease is not None else None)


def _unreachable(registry: object, exc: DBAPIError) -> RunError:
    """The registry's error as one line (:func:`qujat.registry.engine.registry_problem`)."""
    name = registry.name if isinstance(registry, Registry) else M_("(not yet opened)", code="registry.not-opened")
    return registry_problem(name, exc)


def duplicate_seal(registry: Registry, entry: Entry, document: Document) -> str | None:
    """The code of the next duplicate of ``document``: its signed facts with the duplicate's number
    (1 for the first), so that every earlier paper verifies as replaced; None for a document the
    registry holds no code of."""
    found = PAYLOAD_PATTERN.search(document.payload or "")
    if found is None:
        return None
    copies = sum(1 for d in entry.documents if d.kind == "duplicate" and d.status in ("issued", "replaced"))
    seal = dataclasses.replace(decode(found.group(0)).seal, copy=copies + 1)
    return (document.payload or "")[:found.start()] + sign_payload(registry.private_key(), seal)


def print_again(registry: Registry, number: str, output: str | Path, duplicate: bool = False,
                language: str | None = None) -> Path:
    """Write award ``number``'s document again to ``output``: a reprint identical to the one
    issued (``language``: that document, default the first), or (``duplicate``) a replacement
    for a lost certificate: the award's own particulars (date, place, signatory as issued),
    marked as a duplicate, with its own line «Duplicate issued» dated today, and recorded; the
    documents it replaces say so in the registry and when verified."""
    import hashlib

    entry = registry.get(number)
    if entry is None:
        raise RegistryError(M_("no certificate numbered %(number)s in the registry", code="registry.unknown-number",
                               number=number))
    originals = [d for d in entry.documents if d.kind == "original" and d.status in ("issued", "replaced")]
    if language:
        chosen = [d for d in originals if d.language == language]
        if not chosen:
            have = ", ".join(d.language for d in originals) or M_("none")
            raise RegistryError(M_("%(number)s has no document in '%(language)s'; it has: %(have)s",
                                   code="registry.no-such-document", number=entry.number, language=language,
                                   have=have))
    else:
        chosen = originals
    if not chosen:
        raise RegistryError(M_("%(number)s has no document issued yet (status %(status)s): nothing to print",
                               code="registry.nothing-to-print", number=entry.number, status=entry.status))
    document = chosen[0]
    if not duplicate:
        document = entry.document(document.language) or document  # a duplicate, once one was issued
        made = reprint_assembled(entry, document)
        data = certificates_pdf(made.design, [made.page])
        path = write_atomic(output, data)
        with registry.writing() as conn:
            registry.log(conn, entry.id, "reprinted", detail=f"{path} sha256={hashlib.sha256(data).hexdigest()}",
                         document_id=document.id)
        return path
    if entry.status != "issued":
        raise RegistryError(M_("%(number)s is %(status)s; a duplicate is issued only for a valid certificate",
                               code="registry.duplicate-of-invalid", number=entry.number, status=entry.status))
    form = document.form
    if form is None:
        raise QujatError(M_("%(number)s was imported from a journal; the registry cannot print it",
                            code="registry.imported", number=entry.number))
    today = dt.date.today()
    seal = duplicate_seal(registry, entry, document)
    if seal is None:
        raise QujatError(M_("%(number)s's document holds no signed code; the registry cannot make its duplicate",
                            code="registry.no-seal", number=entry.number))
    made = reprint_assembled(entry, document, duplicate_issued=today, seal=seal,
                             stamp=duplicate_mark(parse_language_spec(form.language)))
    data = certificates_pdf(made.design, [made.page])
    with registry.writing() as conn:
        doc_id = registry.add_document(conn, entry.id, NewDocument(
            language=document.language, kind="duplicate", name=document.name, printed_on=today, payload=seal,
            form=printed_form_of(form, today)))
    try:
        path = write_atomic(output, data)
    except BaseException:
        registry.release([doc_id])
        raise
    registry.confirm([doc_id], str(Path(path).resolve()), hashlib.sha256(data).hexdigest())
    with registry.writing() as conn:
        conn.execute(update(documents).where(documents.c.award_id == entry.id, documents.c.id != doc_id,
                                             documents.c.status == "issued").values(status="replaced"))
    return path


def parse_primary(language: str) -> str:
    """The first language of a language spec such as ``kk+ru``."""
    return parse_language_spec(language).primary


def printed_form_of(form: PrintedForm, duplicate_issued: dt.date) -> PrintedForm:
    return dataclasses.replace(form, duplicate_issued=duplicate_issued)


def open_warned(open_registry: Callable[[], Registry]) -> Callable[[], Registry]:
    """``open_registry`` that warns (one line) when it had to create the registry."""
    def opened() -> Registry:
        registry = open_registry()
        if registry.created:
            warnings.warn(QujatWarning(M_("registry: created %(registry)s (a new series; its signing key %(key)s)",
                                          code="registry.created", registry=registry.name,
                                          key=str(registry.key_path))), stacklevel=2)
        return registry
    return opened
