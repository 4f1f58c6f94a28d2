"""qujat: meeting records in YAML to official minutes (DOCX, PDF) and award certificates (PDF).

The public API: the functions the ``generate`` command calls, typed (the package ships
``py.typed``), every option keyword-only, ``lang=None`` meaning "the source's own language"
everywhere::

    import qujat
    record = qujat.load_record("records/2018-07-04-almaty-south-cluster.yaml")
    qujat.render_minutes(record, "output/almaty.en.docx", lang="en")

The names are imported on first use (PEP 562): ``generate --help`` and ``import qujat`` stay
fast because reportlab, python-docx and SQLAlchemy load only when a function needs them.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from qujat.errors import Location, OutputError, QujatError, RecordError, TemplateError, UsageError
from qujat.settings import Settings
from qujat.version import __version__

#: Public name -> the module (under qujat) that defines it.
_LAZY = {
    "Record": "records.schema",
    "Person": "records.schema",
    "load_record": "records.schema",
    "check_record": "tasks.check_record",
    "render_minutes": "minutes.compose",
    "minutes_bytes": "minutes.compose",
    "minutes_pdf_bytes": "minutes.compose",
    "render_minutes_many": "minutes.compose",
    "available_languages": "i18n.localizer",
    "render_certificate": "tasks.award_certificates",
    "certificate_bytes": "tasks.award_certificates",
    "render_record_certificates": "tasks.award_certificates",
    "load_award": "certificates.definitions",
    "print_batch": "tasks.print_list",
    "check_list": "batch.run",
    "BatchReport": "batch.run",
    "ListCheck": "batch.run",
    "read_list": "lists.read",
    "RecipientList": "lists.read",
    "Registry": "registry.store",
    "RegistryIssuing": "registry.recording",
    "DraftIssuing": "registry.drafts",
    "verify": "verification.check",
    "Verdict": "verification.verdict",
}

__all__ = [
    "BatchReport",
    "DraftIssuing",
    "ListCheck",
    "Location",
    "OutputError",
    "Person",
    "QujatError",
    "RecipientList",
    "Record",
    "RecordError",
    "Registry",
    "RegistryIssuing",
    "Settings",
    "TemplateError",
    "UsageError",
    "Verdict",
    "__version__",
    "available_languages",
    "certificate_bytes",
    "check_list",
    "check_record",
    "load_award",
    "load_record",
    "minutes_bytes",
    "minutes_pdf_bytes",
    "print_batch",
    "read_list",
    "render_certificate",
    "render_minutes",
    "render_minutes_many",
    "render_record_certificates",
    "verify",
]

if TYPE_CHECKING:
    from qujat.batch.run import BatchReport, ListCheck, check_list
    from qujat.certificates.definitions import load_award
    from qujat.i18n.localizer import available_languages
    from qujat.lists.read import RecipientList, read_list
    from qujat.minutes.compose import minutes_bytes, minutes_pdf_bytes, render_minutes, render_minutes_many
    from qujat.records.schema import Person, Record, load_record
    from qujat.registry.drafts import DraftIssuing
    from qujat.registry.recording import RegistryIssuing
    from qujat.registry.store import Registry
    from qujat.tasks.award_certificates import certificate_bytes, render_certificate, render_record_certificates
    from qujat.tasks.check_record import check_record
    from qujat.tasks.print_list import print_batch
    from qujat.verification.check import verify
    from qujat.verification.verdict import Verdict


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'qujat' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
