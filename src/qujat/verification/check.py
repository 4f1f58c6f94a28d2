"""The one verification function: a certificate from its number, its PDF (every page), a scan or
a photo, or the QR code's text, to a :class:`~qujat.verification.verdict.Verdict`.

What is checked, in order: the code's signature, with the key its issuer id names (the
registry's own key, an office on its trust list, or a key handed in); the certificate's standing
(the registry's entry, checked against the signed facts both ways, or a signed revocation
list, or neither, said so); and on a picture the printed name, read in its box on the page.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qujat import stopping
from qujat.certificates.definitions import load_award
from qujat.errors import Location, QujatError, TemplateError, ToolError
from qujat.i18n.localizer import N_, Nn_
from qujat.messages import M_
from qujat.registry.signing import Decoded, Seal, decode, find_payload, looks_like_code, payload_text, signature_ok
from qujat.settings import Settings, applied
from qujat.verification import images, names, poppler, tesseract
from qujat.verification.namebox import enlarged, name_crop, placements
from qujat.verification.revocations import MAX_AGE_DAYS, RevocationList, read_list
from qujat.verification.standing import Standing, standing
from qujat.verification.trust import Issuer, issuers, own_issuer
from qujat.verification.verdict import Check, Status, Verdict, worst

if TYPE_CHECKING:
    from PIL import Image

    from qujat.registry.store import Entry, Registry

#: The most pages of one PDF checked; and how many pages in a row without a code end the scan.
MAX_PAGES = 1000
NO_CODE_RUN = 10
#: Below this mean confidence (0–100) a name read that differs is taken as misread, not as altered.
OCR_CONFIDENCE = 60.0

HINT_CLOSER = N_("photograph the QR code closer, in focus and in good light; it is at the lower right of the "
                 "certificate")
HINT_UNREADABLE = N_("a QR code was seen but could not be read: photograph it closer, in focus and in good "
                     "light")
HINT_NOT_OURS = N_("the QR code found is not a qujat certificate's")
#: Notes that count (days, pages): each language's words for the count (``note_count`` names it).
OLD_LIST = Nn_("the revocation list is %(days)s day old, more than %(most)s: get a newer one",
               "the revocation list is %(days)s days old, more than %(most)s: get a newer one")
LIST_AGE = Nn_("revocations as of %(date)s (%(days)s day old)", "revocations as of %(date)s (%(days)s days old)")
STOPPED = Nn_("stopped after page %(page)s: %(run)s pages in a row with no code; %(left)s page not checked",
              "stopped after page %(page)s: %(run)s pages in a row with no code; %(left)s pages not checked")
FIRST_PAGES_ONLY = Nn_("only the first %(pages)s pages were checked; %(left)s page not checked",
                       "only the first %(pages)s pages were checked; %(left)s pages not checked")
SEVERAL_CODES = N_("%(count)s certificates' codes on one page or picture: each is checked above; check one "
                   "certificate at a time")


@dataclass(frozen=True)
class Context:
    """What a verification may use: the registry, a key handed in, a revocation list, the time."""

    registry: Registry | None
    keys: tuple[Issuer, ...]
    revocations: RevocationList | None
    max_age: dt.timedelta
    now: dt.datetime


def verify(target: str | Path, registry: Registry | None = None, *, public_key: str | Sequence[str] | None = None,
           revocations: str | Path | RevocationList | None = None, max_age_days: int = MAX_AGE_DAYS,
           now: dt.datetime | None = None, settings: Settings | None = None) -> Verdict:
    """Check the certificate ``target``: a number (needs ``registry``), a PDF (every page), a
    picture (JPEG, PNG …), or the QR code's text; returns its :class:`Verdict`.

    ``public_key`` (PEM, or several) checks signatures without a registry; given with a registry it
    is used only for a code none of the registry's keys signed, and the verdict says so. ``revocations``
    is a signed revocation list (a file, or one already read), used when no registry holds the
    certificate; a list older than ``max_age_days`` does not count. ``settings`` says where
    award definitions are found (the layout of another office's award). Bad input raises
    :class:`QujatError`.
    """
    with applied(settings):
        return _verify(target, registry, public_key, revocations, max_age_days, now)


def _verify(target: str | Path, registry: Registry | None, public_key: str | Sequence[str] | None,
            revocations: str | Path | RevocationList | None, max_age_days: int, now: dt.datetime | None
            ) -> Verdict:
    given = [public_key] if isinstance(public_key, str) else list(public_key or ())
    keys = tuple(issuers(registry, [pem for pem in given if pem]))
    if not keys:
        raise QujatError(M_("give a public key (--public-key FILE) or a registry to check the signature with",
                            code="verify.no-key"))
    if isinstance(revocations, (str, Path)):
        revocations = read_list(Path(revocations), keys)
    context = Context(registry, keys, revocations, dt.timedelta(days=max_age_days),
                      now or dt.datetime.now(dt.timezone.utc))
    text = str(target)
    path = Path(text)
    payload = find_payload(text)
    if payload is None and _names_a_file(path):
        if not path.is_file():
            raise QujatError(M_("no such file", code="verify.no-file"), Location(text))
        if _is_pdf(path):
            return _check_pdf(path, context)
        return check_picture(images.open_picture(path), context)
    if payload is not None:
        return check_code(payload, context)
    if looks_like_code(text) and (registry is None or registry.get(text.strip()) is None):
        return Verdict(Status.BAD_SIGNATURE, checked=(Check.SIGNATURE,), note=MISTYPED)
    if registry is None:
        raise QujatError(M_("checking a certificate by its number needs the registry (--registry)",
                            code="verify.number-needs-registry"))
    return check_number(text.strip(), registry, context)


#: A text that starts like a certificate's code but is none: damaged, or typed by hand with a slip.
MISTYPED = N_("the code is damaged or was typed with a slip: its letters make no certificate's code; copy it "
              "again from the certificate, letter by letter, or scan its QR code")


def _names_a_file(path: Path) -> bool:
    """Whether ``path`` is a file to check rather than a number: a PDF's or a picture's name, or
    any existing file with a suffix (a phone's ``.heic``, a ``.jfif``), whose content then says
    what it is; never looked up as a number, which would be "unknown number"."""
    suffix = path.suffix.lower()
    return suffix in (".pdf", *images.IMAGE_SUFFIXES) or (bool(suffix) and path.is_file())


def _is_pdf(path: Path) -> bool:
    """Whether the file at ``path`` is a PDF: by its name, or by its first bytes."""
    if path.suffix.lower() == ".pdf":
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False  # opening it as a picture then says why it cannot be read


# a document ------------------------------------------------------------------------------------

def _check_pdf(path: Path, context: Context) -> Verdict:
    count = poppler.page_count(path)
    verdicts: list[Verdict] = []
    run = 0
    for page in range(1, min(count, MAX_PAGES) + 1):
        stopping.check()  # Ctrl-C between pages stops cleanly (exit 130)
        verdict = dataclasses.replace(check_picture(poppler.render_page(path, page), context), page=page)
        verdicts.append(verdict)
        run = run + 1 if verdict.status is Status.NO_CODE else 0
        if run >= NO_CODE_RUN and page < count:
            return _summary(verdicts, STOPPED, (("page", str(page)), ("run", str(run)), ("left", str(count - page))))
    if count > MAX_PAGES:
        return _summary(verdicts, FIRST_PAGES_ONLY, (("pages", str(MAX_PAGES)), ("left", str(count - MAX_PAGES))))
    if len(verdicts) == 1:
        return dataclasses.replace(verdicts[0], page=None)
    return _summary(verdicts)


def _summary(verdicts: list[Verdict], note: tuple[str, str] | None = None,
             args: tuple[tuple[str, str], ...] = ()) -> Verdict:
    """The verdict of a document of several pages; ``note``: the pages left unchecked (the
    forms of a message counting them, ``%(left)s``)."""
    status = worst([v.status for v in verdicts])
    if note and status is Status.VALID:
        status = Status.NO_CODE  # pages were left unchecked: the document is not valid as a whole
    singular, plural = note or ("", "")
    return Verdict(status, pages=tuple(verdicts), note=singular, note_plural=plural,
                   note_count="left" if note else "", note_args=args)


# a picture -------------------------------------------------------------------------------------

def check_picture(picture: Image.Image, context: Context) -> Verdict:
    """Check the certificate in ``picture``: its code, then the name printed in its box."""
    search = images.find_codes(picture)
    ours: dict[str, images.FoundCode] = {}
    for code in search.codes:
        payload = payload_text(code.content)
        if payload is not None:
            ours.setdefault(payload, code)
    if len(ours) == 1:
        payload, code = next(iter(ours.items()))
        return check_code(payload, context, (picture, code))
    if ours:  # several certificates in one picture: each one checked, never only the first found
        verdicts = [check_code(payload, context, (picture, code)) for payload, code in ours.items()]
        return Verdict(worst([v.status for v in verdicts]), pages=tuple(verdicts), note=SEVERAL_CODES,
                       note_args=(("count", str(len(verdicts))),))
    if search.codes:
        return Verdict(Status.NO_CODE, note=HINT_NOT_OURS)
    return Verdict(Status.NO_CODE, note=HINT_UNREADABLE if search.seen_unreadable else HINT_CLOSER)


# a code ----------------------------------------------------------------------------------------

def _verdict(status: Status, decoded: Decoded, issuer: str = "", **more: object) -> Verdict:
    """A verdict on the facts ``decoded`` signs."""
    seal = decoded.seal
    verdict = Verdict(status, issuer, decoded.key_id or "", seal.number, seal.name, seal.award, seal.date, seal.copy)
    return dataclasses.replace(verdict, **more)  # type: ignore[arg-type]


def _signer(decoded: Decoded, context: Context) -> Issuer | None:
    candidates = [k for k in context.keys if decoded.key_id is None or k.key_id == decoded.key_id]
    return next((k for k in candidates if signature_ok(decoded, k.public_key)), None)


def check_code(payload: str, context: Context, page: tuple[Image.Image, images.FoundCode] | None = None
               ) -> Verdict:
    """Check one payload (its text form), and with ``page`` (a picture and where its code is)
    the name printed on it."""
    try:
        decoded = decode(payload)
    except QujatError:
        return Verdict(Status.BAD_SIGNATURE, checked=(Check.SIGNATURE,),
                       note=N_("the code is damaged: its fields cannot be read"))
    signer = _signer(decoded, context)
    if signer is None:
        known = any(k.key_id == decoded.key_id for k in context.keys)
        if decoded.version == 1 and context.registry is not None:
            return _verdict(Status.UNKNOWN_ISSUER, decoded, checked=(Check.SIGNATURE,),
                           note=N_("a code of the first format names no issuer: it was altered, or no office "
                                   "this registry knows signed it"))
        if known or decoded.version == 1:
            return _verdict(Status.BAD_SIGNATURE, decoded, checked=(Check.SIGNATURE,))
        return _verdict(Status.UNKNOWN_ISSUER, decoded, checked=(Check.SIGNATURE,))
    if decoded.key_id is None:  # a code of the first format names no key: say which one signed it
        decoded = dataclasses.replace(decoded, key_id=signer.key_id)
    if signer.given and context.registry is not None:
        return _verdict(Status.UNKNOWN_ISSUER, decoded, checked=(Check.SIGNATURE,),
                       note=N_("it is signed by the key given with --public-key, which this registry does not "
                               "trust: if it is an office's key, add it with `generate registry trust add`"))
    verdict = _standing(decoded, signer, context)
    if page is None:
        return dataclasses.replace(verdict, not_checked=(*verdict.not_checked, Check.PRINTED_NAME),
                                   note=verdict.note or N_("only the code was given: compare the name signed with "
                                                           "the certificate"))
    if verdict.status not in (Status.VALID, Status.REVOCATION_UNCHECKED, Status.OTHER_OFFICE):
        return dataclasses.replace(verdict, not_checked=(*verdict.not_checked, Check.PRINTED_NAME))
    return _check_name(verdict, decoded, page)


def _standing(decoded: Decoded, signer: Issuer, context: Context) -> Verdict:
    """The certificate's standing: from the registry that issued it, else a revocation list."""
    registry = context.registry
    if signer.own and registry is not None:
        return _registry_standing(decoded, registry)
    issuer = signer.name
    found = context.revocations
    if found is None or found.key_id != signer.key_id:
        note = N_("the revocation list given is another office's") if found is not None else ""
        status = Status.OTHER_OFFICE if registry is not None else Status.REVOCATION_UNCHECKED
        return _verdict(status, decoded, issuer, checked=(Check.SIGNATURE,), not_checked=(Check.STATUS,), note=note or (
                           "" if registry is not None else N_("give the office's revocation list (--revocations "
                                                              "FILE) or check with the office's registry")))
    issuer = issuer or found.issuer
    checked = (Check.SIGNATURE, Check.REVOCATION_LIST)
    when = found.issued_at
    if found.age(context.now) > context.max_age:
        return _verdict(Status.REVOCATION_UNCHECKED, decoded, issuer, checked=(Check.SIGNATURE,),
                        not_checked=(Check.REVOCATION_LIST,), revocations_date=when,
                        note=OLD_LIST[0], note_plural=OLD_LIST[1], note_count="days",
                        note_args=(("days", str(found.age(context.now).days)),
                                   ("most", str(context.max_age.days))))
    seal = decoded.seal
    if seal.number in found.revoked:
        return _verdict(Status.REVOKED, decoded, issuer, checked=checked, revocations_date=when)
    duplicates = found.replaced.get(seal.number, ())
    if seal.copy < len(duplicates):
        return _verdict(Status.REPLACED, decoded, issuer, checked=checked, replaced_on=duplicates[seal.copy],
                        revocations_date=when)
    return _verdict(Status.VALID, decoded, issuer, checked=checked, revocations_date=when,
                    note=LIST_AGE[0], note_plural=LIST_AGE[1], note_count="days",
                    note_args=(("date", when.date().isoformat()), ("days", str(found.age(context.now).days))))


def _same_facts(entry: Entry, decoded: Decoded, any_document: bool = False) -> bool:
    """The signed facts are the row's: its number, award and date, and its name; with
    ``any_document``, the name as one of the award's documents prints it (each language's
    document signs the name in that language)."""
    seal = decoded.seal
    names = {entry.name, *(d.name for d in entry.documents)} if any_document else {entry.name}
    return (entry.number == seal.number and entry.award == seal.award and entry.date.isoformat() == seal.date
            and unicodedata.normalize("NFC", seal.name) in {unicodedata.normalize("NFC", n) for n in names})


def _own_code(entry: Entry, registry: Registry) -> Decoded | None:
    """The row's own payload, decoded and its signature checked; None if it is not sound."""
    payload = find_payload(entry.payload or "")
    if payload is None:
        return None
    try:
        decoded = decode(payload)
    except QujatError:
        return None
    return decoded if signature_ok(decoded, registry.public_key) else None


def _registry_standing(decoded: Decoded, registry: Registry) -> Verdict:
    """A code signed by the registry's own key, against the registry's entry of its number, both
    ways: the code's facts against the row, and the row against its own signed code."""
    entry = registry.get(decoded.seal.number)
    office = own_issuer(registry, entry.issuer if entry else None).name
    checked = (Check.SIGNATURE, Check.REGISTRY_ENTRY)
    if entry is None:
        return _verdict(Status.UNKNOWN_NUMBER, decoded, office, checked=checked)
    own = _own_code(entry, registry)
    if own is None or not _same_facts(entry, own):
        return _verdict(Status.ALTERED, decoded, office, checked=checked, note=ALTERED_NOTE)
    if not _same_facts(entry, decoded, any_document=True):
        # a sound row for other facts: the number was issued again (an emptied registry)
        return _verdict(Status.NOT_OURS, decoded, office, checked=checked)
    found = _in_force(decoded.seal.copy, standing(registry, entry))
    return _verdict(found[0], decoded, office, checked=(*checked, Check.STATUS), **found[1])


ALTERED_NOTE = N_("the registry's own code for this number does not match its entry")


def _in_force(copy: int, facts: Standing) -> tuple[Status, dict[str, object]]:
    """The status of paper ``copy`` (0 the original) of a certificate in ``facts``' standing."""
    if facts.revoked:
        return Status.REVOKED, {"reason": facts.reason, "revoked_on": facts.revoked_on,
                                "revocation_category": facts.category}
    if copy < len(facts.duplicates):
        return Status.REPLACED, {"replaced_on": facts.duplicates[copy]}
    if copy > len(facts.duplicates):
        return Status.ALTERED, {"note": N_("the registry has no record of this duplicate")}
    return Status.VALID, {}


def check_number(number: str, registry: Registry, context: Context) -> Verdict:
    """The certificate numbered ``number`` as the registry holds it, its row checked against its
    own signed code."""
    entry = registry.get(number)
    if entry is None:
        return Verdict(Status.UNKNOWN_NUMBER, number=number, checked=(Check.STATUS,))  # nothing signed to compare
    office = own_issuer(registry, entry.issuer).name
    facts = standing(registry, entry)
    if not entry.payload:
        status, more = _in_force(len(facts.duplicates), facts)
        imported = Verdict(status, office, number=entry.number, name=entry.name, award=entry.award,
                           date=entry.date.isoformat(), checked=(Check.STATUS,), not_checked=(Check.SIGNATURE,),
                           note=N_("imported from a journal: the registry holds no signed code"))
        return dataclasses.replace(imported, **more)  # type: ignore[arg-type]
    own = _own_code(entry, registry)
    if own is None or not _same_facts(entry, own):
        row = Seal(entry.number, entry.award, entry.date.isoformat(), entry.name)
        shown = own or Decoded(row, b"", b"", None, 0)
        return _verdict(Status.ALTERED, shown, office, checked=(Check.SIGNATURE, Check.REGISTRY_ENTRY),
                        note=ALTERED_NOTE)
    status, more = _in_force(len(facts.duplicates), facts)
    return _verdict(status, dataclasses.replace(own, seal=dataclasses.replace(own.seal, copy=len(facts.duplicates))),
                    office, checked=(Check.SIGNATURE, Check.REGISTRY_ENTRY, Check.STATUS),
                    not_checked=(Check.PRINTED_NAME,),
                    **({"note": N_("looked up by number: compare the name signed with the certificate")} | more))



# the printed name ------------------------------------------------------------------------------

def _check_name(verdict: Verdict, decoded: Decoded, page: tuple[Image.Image, images.FoundCode]) -> Verdict:
    picture, code = page
    unchecked = dataclasses.replace(verdict, not_checked=(*verdict.not_checked, Check.PRINTED_NAME))
    try:
        award = load_award(decoded.seal.award)
    except TemplateError:
        return dataclasses.replace(unchecked, status=worst([verdict.status, Status.NAME_UNCHECKED]),
                                   note=N_("the layout of this award is not known here, so the name on the page "
                                           "cannot be found"))
    places = list(placements(award))
    # format 2 is printed with the layout as it is now; the first format's certificates may have
    # had the code where the layout had it before
    places = places[::-1] if decoded.version == 1 else places[:1]
    best: tuple[names.Match, str, float] | None = None
    try:
        orders = names.reading_orders(decoded.seal.name, tesseract.languages_cached())
        for place in places:
            crop = name_crop(picture, code, place)
            for order, scale in orders:
                reading = tesseract.read(enlarged(crop, scale), order)
                match = names.compare(decoded.seal.name, reading.text)
                if match is names.Match.DIFFERENT and len(reading.lines) > 1 and names.compare(
                        decoded.seal.name, reading.lines[0]) is names.Match.SAME:
                    match = names.Match.CLOSE  # a bilingual page: the name in the second language below it
                if match is names.Match.SAME:
                    return dataclasses.replace(verdict, checked=(*verdict.checked, Check.PRINTED_NAME),
                                               page_name=reading.text)
                rank = (match is names.Match.CLOSE, reading.confidence)
                if best is None or rank > (best[0] is names.Match.CLOSE, best[2]):
                    best = (match, reading.text, reading.confidence)
    except ToolError as exc:
        return dataclasses.replace(unchecked, status=worst([verdict.status, Status.NAME_UNCHECKED]),
                                   note=N_("the name could not be read: %(problem)s"),
                                   note_args=(("problem", exc.problems[0][1]),))
    if best is None:
        return dataclasses.replace(unchecked, status=worst([verdict.status, Status.NAME_UNCHECKED]))
    match, text, confidence = best
    letters = sum(ch.isalpha() for ch in text)
    if match is names.Match.DIFFERENT and confidence >= OCR_CONFIDENCE and letters >= 3:
        return dataclasses.replace(verdict, status=Status.NAME_DIFFERS, page_name=text,
                                   checked=(*verdict.checked, Check.PRINTED_NAME))
    return dataclasses.replace(unchecked, status=worst([verdict.status, Status.NAME_UNCHECKED]), page_name=text)
