"""Issuing certificates: from a record's awards section, or for one named person."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from qujat.errors import Location
from qujat.output import safe_file_name, write_atomic
from qujat.records.schema import Person, Record
from qujat.certificates.definitions import AwardDefinition, grant_award, load_award
from qujat.certificates.model import Certificate
from qujat.certificates.pdf import certificates_pdf
from qujat.certificates.design import BilingualDesign, CertificateDesign, certificate_languages, make_design


def _award(award: str | AwardDefinition) -> AwardDefinition:
    return award if isinstance(award, AwardDefinition) else load_award(award)


def _person(recipient: Person | dict[str, Any] | str) -> Person:
    from pydantic import ValidationError

    from qujat.errors import RecordError

    if isinstance(recipient, Person):
        return recipient
    data = {"name": recipient} if isinstance(recipient, str) else recipient
    try:
        return Person.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"] if isinstance(p, (str, int))) or "recipient"
        what = "is required" if first["type"] == "missing" else first["msg"].removeprefix("Value error, ")
        raise RecordError(f"recipient {field} {what}", Location(field=field)) from None


def certificate_bytes(award: str | AwardDefinition, recipient: Person | dict[str, Any] | str, lang: str = "kk", *,
                      number: str | None = None, date: dt.date | None = None, place: str | dict | None = None,
                      occasion: str | dict | None = None, signatory: str | dict | None = None,
                      organisation: str | dict | None = None) -> bytes:
    """One certificate as PDF bytes; see :func:`render_certificate` for the arguments."""
    definition = _award(award)
    own = certificate_languages(lang)[0]  # plain strings are in the (first) language asked for
    as_text = lambda v: {"*": v} if isinstance(v, str) else v  # noqa: E731
    cert = Certificate(person=_person(recipient),
                       number=number or definition.numbering.format(definition.numbering.start),
                       date=date or dt.date.today(), place=as_text(place), occasion=as_text(occasion),
                       signatory=as_text(signatory), own_language=own)
    design = make_design(definition, lang, as_text(organisation), own_language=own)
    return certificates_pdf(design, [design.prepare(cert)])


def render_certificate(award: str | AwardDefinition, recipient: Person | dict[str, Any] | str,
                       path: str | Path, lang: str = "kk", **details: Any) -> Path:
    """Write one award certificate to ``path`` (PDF, A4 landscape) and return the path.

    ``lang`` is one language (``kk``) or two joined by ``+`` (``kk+ru``: both texts on the
    page, the first language above).

    ``award`` is an award id (``jubilee-medal``, ``federation-badge`` or any file in
    templates/certificates/) or a loaded definition; ``recipient`` a name, a mapping with
    ``name``/``position``/``organisation`` or a :class:`qujat.record.Person`. Keyword details:
    ``number`` (default: the award's first number), ``date`` (default: today), ``place``,
    ``occasion``, ``signatory``, ``organisation`` (default: the award's issuer).

    >>> render_certificate("jubilee-medal", "Бекбас О.Т.", "output/bekbas.pdf", lang="ru")  # doctest: +SKIP
    """
    return write_atomic(path, certificate_bytes(award, recipient, lang, **details))


def record_certificates(record: Record, award: str | None = None) -> list[tuple[AwardDefinition, Certificate]]:
    """A certificate for every recipient in the record's awards (only ``award`` when given).

    Numbers run from each award's first number, in the order recipients stand in the record.
    """
    found: list[tuple[AwardDefinition, Certificate]] = []
    counters: dict[str, int] = {}
    for i, grant in enumerate(record.awards):
        if award and grant.award != award:
            continue
        definition = grant_award(record, i)
        for person in grant.recipients:
            sequence = counters.get(grant.award, definition.numbering.start)
            counters[grant.award] = sequence + 1
            found.append((definition, Certificate(
                person=person, number=definition.numbering.format(sequence), date=record.date,
                place=record.city, occasion=grant.occasion, signatory=record.chair.name,
                organisation=record.organisation, own_language=record.language,
                source=str(record.locate().file or ""))))
    if award and not found:
        from qujat.errors import RecordError

        have = ", ".join(sorted({g.award for g in record.awards})) or "none"
        raise RecordError(f"the record has no '{award}' awards; it has: {have}", record.locate("awards"))
    return found


def certificate_file_name(cert: Certificate, lang: str) -> str:
    """``<number> <name>.<lang>.pdf`` (``….kk+ru.pdf`` for two languages, the name in the
    first), safe for any file system."""
    from qujat.i18n.localizer import Localizer

    name = Localizer(certificate_languages(lang)[0], fallback=cert.own_language).text(cert.person.name)
    return f"{safe_file_name(cert.number + ' ' + name)}.{lang}.pdf"


def render_record_certificates(record: Record, out_dir: str | Path, lang: str | None = None,
                               award: str | None = None) -> list[Path]:
    """Write one PDF per award recipient of ``record`` into ``out_dir``; returns the paths.

    ``lang`` (default: the record's language) may be two languages, ``kk+ru``.

    Every certificate is rendered and checked before the first file is written, so a bad
    name stops the run with nothing half done.
    """
    lang = lang or record.language
    designs: dict[str, CertificateDesign | BilingualDesign] = {}
    prepared = []
    for definition, cert in record_certificates(record, award):
        if definition.id not in designs:
            designs[definition.id] = make_design(definition, lang, record.organisation, record.language)
        design = designs[definition.id]
        prepared.append((design, cert, design.prepare(cert)))
    folder = Path(out_dir)
    return [write_atomic(folder / certificate_file_name(cert, design.lang), certificates_pdf(design, [page]))
            for design, cert, page in prepared]
