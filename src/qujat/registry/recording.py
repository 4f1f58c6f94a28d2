"""Issuing through the registry: the number, the once-only check, the signed QR code and the
record, all in one transaction per certificate.

:class:`RegistryIssuing` is what ``generate certificate``, ``certificates`` and ``batch`` hand
to the one path from a recipient to a certificate (:func:`qujat.certificates.assemble.assemble`)
when a registry is in use; :class:`DraftIssuing` prints proofs that record nothing.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qujat.certificates.assemble import Assembled, Designs, Issuing, assemble, recipient_language
from qujat.certificates.reportlab_adapter import certificates_pdf
from qujat.errors import QujatError
from qujat.i18n.localizer import localizer, script_converter
from qujat.i18n.spec import LanguageSpec, parse_language_spec
from qujat.model import IssueSettings, Recipient, TextMap
from qujat.output import write_atomic
from qujat.registry import numbering
from qujat.registry.persons import normalise_iin, person_key
from qujat.registry.signing import PAYLOAD_PATTERN, Seal, decode, sign_payload
from qujat.registry.store import Entry, Registry, RegistryError

#: The number a draft carries (printed as the word of the certificate's language: «№ ҮЛГІ»).
DRAFT_NUMBER = "DRAFT"
#: The languages whose words make up a draft's or a duplicate's mark, in this order.
MARK_LANGUAGES = ("kk", "ru", "en")


def mark_languages(spec: LanguageSpec | None = None) -> list[str]:
    """The languages of a mark on a document in ``spec``: Kazakh, Russian and English, Kazakh in
    the document's own script (kk-Latn for a kk-Latn document, whose mark then leaves the
    Cyrillic Russian word out: one script per document)."""
    for lang in spec.languages if spec is not None else ():
        derived = script_converter(lang)
        if derived:
            return [lang if mark_lang == derived[0] else mark_lang for mark_lang in MARK_LANGUAGES
                    if mark_lang != "ru" or "ru" in spec.languages]  # type: ignore[union-attr]
    return list(MARK_LANGUAGES)


def mark(message: str, spec: LanguageSpec | None = None) -> str:
    """A mark such as «ТЕЛНҰСҚА / ДУБЛИКАТ / DUPLICATE»: ``message`` in Kazakh, Russian and
    English (:func:`mark_languages`), each word once."""
    words: list[str] = []
    for lang in mark_languages(spec):
        word = localizer(lang).gettext(message)
        if word not in words:
            words.append(word)
    return " / ".join(words)


def N_(message: str) -> str:
    """A message marked for the catalogs, translated where it is used."""
    return message


def draft_mark(spec: LanguageSpec | None = None) -> str:
    """The watermark of a draft: «ҮЛГІ / ОБРАЗЕЦ / DRAFT»."""
    return mark(N_("DRAFT"), spec)


def duplicate_mark(spec: LanguageSpec | None = None) -> str:
    """The mark of a duplicate issued for a lost certificate: «ТЕЛНҰСҚА / ДУБЛИКАТ / DUPLICATE»."""
    return mark(N_("DUPLICATE"), spec)


class DraftIssuing(Issuing):
    """Proofs: the number «№ ҮЛГІ» / «№ ОБРАЗЕЦ» / "No. DRAFT" and a watermark; nothing recorded."""

    def issue(self, recipient: Recipient, settings: IssueSettings, designs: Designs) -> Assembled:
        spec = recipient_language(recipient, settings)
        return assemble(dataclasses.replace(recipient, number=DRAFT_NUMBER, stamp=draft_mark(spec), seal=None,
                                            draft=True), settings, designs)


def _plain(text: TextMap | None) -> TextMap | None:
    return dict(text) if text else None


def _content(recipient: Recipient, settings: IssueSettings, made: Assembled) -> dict[str, Any]:
    """Everything needed to print the certificate again exactly as issued."""
    cert = made.certificate
    return {"name": _plain(cert.person.name), "position": _plain(cert.person.position),
            "organisation": _plain(cert.person.organisation), "title": _plain(cert.person.title),
            "place": _plain(cert.place),
            "occasion": _plain(cert.occasion), "signatory": _plain(cert.signatory),
            "issuer": _plain(settings.organisation), "signatory_title": _plain(settings.signatory_title),
            "own_language": cert.own_language,
            "settings_own_language": settings.own_language, "language": made.spec.code,
            "date": cert.date.isoformat(), "award": made.award}


def reprint_assembled(entry: Entry, designs: dict[str, Designs] | None = None, *, date: dt.date | None = None,
                      stamp: str | None = None, seal: str | None = None) -> Assembled:
    """The certificate ``entry`` assembled again from what the registry kept: the same page as
    issued (or, with ``date``, ``stamp`` and the duplicate's own ``seal``, a duplicate)."""
    content = entry.content
    if not content:
        raise QujatError(f"{entry.number} was imported from a journal; the registry cannot print it")
    settings = IssueSettings(organisation=content.get("issuer"), own_language=content.get("settings_own_language"),
                             lang=content["language"], date=dt.date.fromisoformat(content["date"]),
                             place=content.get("place"), occasion=content.get("occasion"),
                             signatory=content.get("signatory"), signatory_title=content.get("signatory_title"))
    cache_key = repr((settings.organisation, settings.signatory_title, settings.own_language))
    pool = designs if designs is not None else {}
    if cache_key not in pool:
        pool[cache_key] = Designs(settings)
    recipient = Recipient(name=content["name"], position=content.get("position"),
                          organisation=content.get("organisation"), title=content.get("title"), award=entry.award,
                          language=content["language"],
                          date=date, number=entry.number, seal=seal or entry.payload, stamp=stamp)
    return assemble(recipient, dataclasses.replace(settings, own_language=content.get("own_language")
                                                   if settings.own_language else None), pool[cache_key])


class RegistryIssuing(Issuing):
    """Certificates numbered, checked once-per-person, sealed and recorded by ``registry``.

    ``source`` names the record or list the recipients come from (with each recipient's row).
    ``registry`` may be a function that opens it: then it is opened (and created, on first use)
    only when the first certificate is issued, so a run refused for bad input writes nothing.
    """

    records = True

    def __init__(self, registry: Registry | Callable[[], Registry], source: str = "") -> None:
        self._registry = registry
        self.source = source
        self._reprint_designs: dict[str, Designs] = {}
        self._verify_url: str | None = None
        self._settings_read = False

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

    def issue(self, recipient: Recipient, settings: IssueSettings, designs: Designs) -> Assembled:
        """Number, seal and record ``recipient``'s certificate; one already awarded is reprinted."""
        award = recipient.award or settings.award
        if not award:
            return assemble(recipient, settings, designs)  # raises the usual error
        definition = designs.definition(award)
        award = definition.id  # the list may name the award in words
        spec = recipient_language(recipient, settings)
        designs.design(award, spec)  # a broken definition fails here, before the registry is opened
        printed = localizer(spec.primary, settings.own_language or spec.primary).name(recipient.name)
        iin = normalise_iin(recipient.iin)
        key = person_key(printed, iin)
        date = recipient.date or settings.date or dt.date.today()
        source = settings.source or self.source
        key_pair = self.registry.private_key()
        with self.registry.writing() as conn:
            earlier = (self.registry.holder(conn, award, key) if definition.once_per_person
                       else self.registry.from_source(conn, award, key, source, recipient.row))
            if earlier is not None:
                note = f"already awarded: {earlier.number}, {earlier.date.isoformat()}"
                if not earlier.content:
                    raise QujatError(f"{note} (from the office's journal: nothing to reprint)")
                self.registry.log(conn, earlier.id, "reprinted", detail=f"{source}:{recipient.row or ''}")
                return dataclasses.replace(reprint_assembled(earlier, self._reprint_designs), note=note)
            if recipient.number:
                number, sequence = recipient.number, sequence_of(recipient.number, definition.numbering)
                if sequence is not None:
                    numbering.continue_after(conn, award, sequence)
            else:
                start = definition.numbering.start if settings.start is None else settings.start
                sequence = numbering.allocate(conn, award, start)
                number = definition.numbering.format(sequence)
            seal = sign_payload(key_pair, Seal(number, award, date.isoformat(), printed))
            made = assemble(dataclasses.replace(recipient, number=number, seal=self._url() + seal, date=date),
                            settings, designs)
            cert = made.certificate
            texts = localizer(spec.primary, None)
            self.registry.record(conn, {
                "number": number, "award": award, "sequence": sequence, "name": made.printed_name,
                "person_key": key, "iin": iin, "position": texts.text(cert.person.position) or None,
                "organisation": texts.text(cert.person.organisation) or None,
                "language": spec.code, "date": date, "place": texts.text(cert.place) or None,
                "issuer": made.design.organisation, "source": source, "row": recipient.row,
                "status": "issued", "payload": self._url() + seal,
                "content": _content(recipient, settings, made)}, detail=f"{source}:{recipient.row or ''}")
        return made

    def written(self, numbers: list[str], file: str, sha256: str) -> None:
        self.registry.written(numbers, file, sha256)


def sequence_of(number: str, scheme: Any) -> int | None:
    """The sequence number inside ``number`` when it follows the award's scheme, else None."""
    body = number[len(scheme.prefix):] if number.startswith(scheme.prefix) else None
    return int(body) if body and body.isdigit() else None


def duplicate_seal(registry: Registry, entry: Entry) -> str | None:
    """The code of the next duplicate of ``entry``: its signed facts with the duplicate's number
    (1 for the first), so that every earlier paper verifies as replaced; None for a certificate
    the registry holds no code of."""
    found = PAYLOAD_PATTERN.search(entry.payload or "")
    if found is None:
        return None
    copies = sum(1 for event in registry.history(entry.number) if event.kind == "duplicate issued")
    seal = dataclasses.replace(decode(found.group(0)).seal, copy=copies + 1)
    return (entry.payload or "")[:found.start()] + sign_payload(registry.private_key(), seal)


def print_again(registry: Registry, number: str, output: str | Path, duplicate: bool = False) -> Path:
    """Write certificate ``number`` again to ``output``: a reprint identical to the one issued, or
    (``duplicate``) a replacement for a lost one, marked as a duplicate and dated today."""
    import hashlib


    entry = registry.get(number)
    if entry is None:
        raise RegistryError(f"no certificate numbered {number} in the registry")
    if duplicate and entry.status != "issued":
        raise RegistryError(f"{entry.number} is {entry.status}; a duplicate is issued only for a valid certificate")
    spec = parse_language_spec((entry.content or {}).get("language") or "kk")
    made = (reprint_assembled(entry, date=dt.date.today(), stamp=duplicate_mark(spec),
                              seal=duplicate_seal(registry, entry)) if duplicate else reprint_assembled(entry))
    data = certificates_pdf(made.design, [made.page])
    path = write_atomic(output, data)
    with registry.writing() as conn:
        registry.log(conn, entry.id, "duplicate issued" if duplicate else "reprinted",
                     detail=f"{path} sha256={hashlib.sha256(data).hexdigest()}")
    return path
