"""The one path from a recipient to a certificate ready to draw, used by every command that issues.

``generate certificate``, ``generate certificates`` and ``generate batch`` all go through
:func:`assemble`: the award and language are chosen, the number derived (:func:`number_for`),
the texts rendered, checked against the font and fitted. The file name of a certificate of its
own comes from :func:`certificate_file_name`.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qujat.certificates.definitions import AWARD_ID, AwardDefinition, Numbering, award_ids, load_award
from qujat.certificates.design import make_design
from qujat.errors import Location, QujatError, RunError
from qujat.i18n.localizer import Localizer, available_languages, localizer
from qujat.i18n.scripts import foreign_words, language_script
from qujat.i18n.spec import LanguageSpec, parse_language_spec
from qujat.i18n.templating import make_environment, render_string
from qujat.messages import M_
from qujat.model import FIELD_WORDS, Certificate, IssueSettings, Recipient
from qujat.output import NAME_MAX, safe_file_name, unique_name
from qujat.records.schema import Person

if TYPE_CHECKING:
    from qujat.certificates.design import Design, PreparedPage

#: The language of a certificate when neither the recipient, the settings nor a record say.
DEFAULT_LANGUAGE = "kk"


@dataclass(frozen=True)
class Assembled:
    """A certificate ready to draw: its design, what it says, and the fitted page."""

    design: Design
    certificate: Certificate
    page: PreparedPage
    award: str
    spec: LanguageSpec
    printed_name: str
    #: what the issuer has to say about it, e.g. "already awarded: A20-0007, 2018-07-04"
    note: str = ""
    #: what issuing it was: a new award, a reprint of a document already issued, another
    #: language of an award already given, or not recorded at all (a draft, or no registry)
    outcome: str = "unrecorded"
    #: the registry's document this page is, reserved until its file lands (None: nothing to confirm)
    document: int | None = None

    @property
    def number(self) -> str:
        """The certificate's number as printed."""
        return self.certificate.number


@dataclass
class Designs:
    """Award definitions and certificate designs, each loaded or built once per run."""

    settings: IssueSettings
    definitions: dict[str, AwardDefinition] = field(default_factory=dict)
    built: dict[tuple[str, str], Design] = field(default_factory=dict)

    names: dict[str, set[str]] | None = None

    def definition(self, award: str) -> AwardDefinition:
        """The definition of ``award``: an award id, or an award's name in any language
        («медаль „20 лет Астане“», "Jubilee medal “20 Years of Astana”"), read once."""
        if award not in self.definitions:
            if AWARD_ID.match(award):
                self.definitions[award] = load_award(award)
            else:
                self.definitions[award] = self.definition(self.award_named(award))
        return self.definitions[award]

    def series(self, award: str) -> str:
        """The numbering series ``award`` (an id or a name) belongs to: its id, or the text as
        written when it names no award (that row fails when it is assembled)."""
        try:
            return self.definition(award).id
        except QujatError:
            return award

    def award_named(self, text: str) -> str:
        """The id of the award whose name, in any language, ``text`` is: the whole name, or the
        title in its quotation marks («20 лет Астане»). A name that fits no award, or more than
        one, is an error that lists the awards."""
        if self.names is None:
            self.names = {award_id: award_name_keys(award_id) for award_id in award_ids()}
        key = _name_key(text)
        found = sorted(award_id for award_id, keys in self.names.items() if key in keys or _quoted(key) in keys)
        if len(found) == 1:
            return found[0]
        known = ", ".join(award_ids())
        if found:
            raise QujatError(M_("the award «%(award)s» could be any of %(found)s; write the award's id",
                                code="award.ambiguous", award=text, found=", ".join(found)))
        raise QujatError(M_("unknown award «%(award)s»: write an award's id (%(known)s) or its full name",
                            code="award.unknown", award=text, known=known))

    def design(self, award_id: str, spec: LanguageSpec) -> Design:
        """The design of ``award_id`` in ``spec``'s languages, built once."""

        key = (award_id, spec.code)
        if key not in self.built:
            self.built[key] = make_design(self.definition(award_id), spec, self.settings.organisation,
                                          self.settings.own_language, self.settings.signatory_title)
        return self.built[key]


def _name_key(text: str) -> str:
    """An award name as compared: case folded, quotation marks unified, spaces collapsed."""
    unified = re.sub(r"[«»“”„\"']", "\"", text.casefold())
    return " ".join(unified.split())


def _quoted(key: str) -> str:
    """The part of a name key in quotation marks (the award's title), or the key itself."""
    found = re.search(r'"([^"]+)"', key)
    return found.group(1).strip() if found else key


def award_name_keys(award_id: str) -> set[str]:
    """Every way a list may name the award: its id, its name in each language and the names it had
    before (``former_names``: «юбилейная медаль «20 лет Астане»»), each name's title."""

    definition = load_award(award_id)
    keys = {award_id}
    names = [render_string(make_environment(Localizer(lang)), definition.name, Location(definition.source))
             for lang in available_languages()]
    for name in [*names, *definition.former_names]:
        keys.update({_name_key(name), _quoted(_name_key(name))})
    return keys


def number_for(numbering: Numbering, sequence: int, start: int | None = None) -> str:
    """The number of the ``sequence``-th certificate (0-based) of a series that begins at ``start``
    (default: the award's first number).

    >>> number_for(Numbering(prefix="A20-", digits=4, start=1), 2)
    'A20-0003'
    """
    return numbering.format((numbering.start if start is None else start) + sequence)


def certificate_file_name(number: str, name: str, spec: LanguageSpec, taken: set[str] | None = None) -> str:
    """``<number> <name>.<lang>.pdf``, safe for any file system; with ``taken`` (names already
    given in the folder, compared without case) a name is never given twice.

    >>> certificate_file_name("A20-0001", "Бекбас О.Т.", parse_language_spec("kk+ru"))
    'A20-0001 Бекбас О.Т.kk+ru.pdf'
    """
    suffix = f".{spec.code}.pdf"
    # the number leads, so cutting a long name at the end keeps it; room is left for " (12)"
    base = safe_file_name(f"{number} {name}", NAME_MAX - len(suffix.encode("utf-8")) - 8)
    return unique_name(base, suffix, taken) if taken is not None else base + suffix


#: The outcomes of issuing one certificate, as summaries count them.
NEW, REPRINTED, LANGUAGE, UNRECORDED = "new", "reprinted", "language", "unrecorded"


@dataclass(frozen=True)
class Plan:
    """What issuing a recipient would do, found without writing anything: an outcome
    (:data:`NEW`, :data:`REPRINTED`, :data:`LANGUAGE`) and what to say about it."""

    outcome: str
    note: str = ""


def attempt(step: Callable[[], Any]) -> Any:
    """``step()``, or the error its row fails with (QujatError, ValueError); a
    :class:`qujat.errors.RunError` is the whole run's and is raised."""
    try:
        return step()
    except RunError:
        raise
    except (QujatError, ValueError) as exc:
        return exc


class Issuing:
    """How a recipient becomes a certificate. This plain way assembles it with the number its
    place in the list gives and keeps no record; the award registry
    (:class:`qujat.registry.recording.RegistryIssuing`) numbers and records each one instead.

    A recording issuer reserves what it issues: a page is "issued" in its registry only once
    :meth:`confirm` says its file landed; :meth:`abandon` gives back what a failed run reserved."""

    #: whether certificates are recorded (then their files are reported through :meth:`confirm`)
    records = False

    def issue(self, recipient: Recipient, settings: IssueSettings, designs: Designs) -> Assembled:
        """The certificate of ``recipient``, ready to draw."""
        return assemble(recipient, settings, designs)

    def issue_all(self, recipients: list[Recipient], settings: IssueSettings, designs: Designs
                  ) -> list[Assembled | Exception]:
        """:meth:`issue` for each of ``recipients`` (a chunk of a batch, which a registry records in
        one transaction): each certificate, or the error its row failed with (a
        :class:`qujat.errors.RunError` stops the run instead)."""
        return [attempt(functools.partial(self.issue, r, settings, designs)) for r in recipients]

    def screen(self, recipients: list[Recipient], settings: IssueSettings, designs: Designs) -> dict[int, str]:
        """Rows (by ``Recipient.row``) refused before anything is issued, with the reason: e.g.
        two namesakes without ИИН in one list. Later :meth:`issue` calls refuse them too."""
        return {}

    def plan(self, recipient: Recipient, settings: IssueSettings, designs: Designs, *, assembled: bool = False
             ) -> Plan:
        """What :meth:`issue` would do, writing nothing; raises what it would raise. ``assembled``:
        the caller has already made this recipient's certificate (a list's reading or check), so
        it is not made again to see that it can be."""
        if not assembled:
            self.issue(recipient, settings, designs)
        return Plan(UNRECORDED)

    def prepare(self) -> None:
        """Be ready to issue (a registry opened, its key checked) before a run touches any file;
        raises :class:`qujat.errors.RunError` when it cannot be."""

    def confirm(self, made: list[Assembled], file: str, sha256: str) -> None:
        """The certificates ``made`` landed in ``file``, whose SHA-256 is ``sha256``."""

    def confirm_files(self, landed: list[tuple[list[Assembled], str, str]]) -> None:
        """:meth:`confirm` for several files at once (``(made, file, sha256)`` each)."""
        for made, file, sha256 in landed:
            self.confirm(made, file, sha256)

    def abandon(self) -> None:
        """Give back whatever this run reserved whose file did not land (a failed run)."""

    def close(self) -> None:
        """Release what this issuer opened itself (a registry's connections)."""

    def created_registry(self) -> str:
        """The name of the registry this issuer created on first use, or "" (none created)."""
        return ""


def recipient_language(recipient: Recipient, settings: IssueSettings) -> LanguageSpec:
    """The languages of the recipient's certificate: the recipient's own, else the settings'."""
    return parse_language_spec(recipient.language or settings.lang or settings.own_language or DEFAULT_LANGUAGE)


def assemble(recipient: Recipient, settings: IssueSettings, designs: Designs) -> Assembled:
    """Everything one certificate needs, rendered, checked and fitted; nothing is drawn yet.

    Raises :class:`QujatError` (a missing award, an unknown language or award, a character the
    font lacks, a text that does not fit) for the caller to report against the recipient.
    """

    award = recipient.award or settings.award
    if not award:
        raise QujatError(M_("no award: give an award column or --award", code="award.missing"))
    spec = recipient_language(recipient, settings)
    definition = designs.definition(award)
    award_id = definition.id
    number = recipient.number
    if number and recipient.seal is None:  # a list's number (a registry's own come sealed), as its series writes it
        number = definition.numbering.checked(number)
    person = Person.model_validate({"name": recipient.name, "position": recipient.position,
                                    "organisation": recipient.organisation, "title": recipient.title})
    certificate = Certificate(
        person=person,
        number=number or number_for(definition.numbering, recipient.sequence, settings.start),
        date=recipient.date or settings.date or dt.date.today(),
        place=recipient.place or settings.place, occasion=recipient.occasion or settings.occasion,
        signatory=settings.signatory, own_language=settings.own_language or spec.primary, source=settings.source,
        seal=recipient.seal, stamp=recipient.stamp, duplicate_issued=recipient.duplicate_issued,
        draft=recipient.draft)
    loc = localizer(spec.primary, certificate.own_language)
    name = loc.name(recipient.name)  # as the page prints it
    note = script_note(spec, {"name": name, "signatory": loc.signature(certificate.signatory)})
    design = designs.design(award_id, spec)
    page = design.prepare(certificate)
    return Assembled(design, certificate, page, award_id, spec, name, note=note)


#: The codes of :func:`script_note`'s notes.
SCRIPT_NOTES = ("script.latin-name", "script.cyrillic-name")


def script_note(spec: LanguageSpec, names: dict[str, str]) -> str:
    """What a name on the page (the recipient's, the signatory's, as printed) has in the other of
    Latin and Cyrillic than the document's language («B. Zh. Abdirayim» on a Kazakh page,
    «Жасыбекова Әсел» on an English one), empty when nothing. The name is printed as written:
    converting it would be a guess («Abdirayim» is «Абдирайым» or «Әбдірайым»), so the office is
    told instead. A language that converts (kk-Latn) has no such word left; a pair of languages in
    two scripts (ru+en) prints a list's one name as written in both."""
    script = language_script(spec.primary)
    if any(language_script(lang) != script for lang in spec.languages):
        return ""
    for what, text in names.items():
        found = foreign_words(text, spec.primary)
        if found and script == "cyrillic":
            return M_("%(field)s «%(text)s» is printed as written, in Latin letters («%(word)s»), on a certificate in "
                      "%(language)s: if it should be in Cyrillic letters, write it so, as the person spells it",
                      code="script.latin-name", field=FIELD_WORDS[what], text=text, word=max(found, key=len),
                      language=spec.code)
        if found:
            return M_("%(field)s «%(text)s» is printed as written, in Cyrillic letters («%(word)s»), on a certificate "
                      "in %(language)s: if it should be in Latin letters, write it so, as in the person's passport",
                      code="script.cyrillic-name", field=FIELD_WORDS[what], text=text, word=max(found, key=len),
                      language=spec.code)
    return ""
