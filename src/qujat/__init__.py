"""qujat: meeting records in YAML to official minutes (DOCX) and award certificates (PDF).

The public API, imported on first use so that the command line starts quickly::

    import qujat
    record = qujat.load_record("records/2018-07-04-almaty-south-cluster.yaml")
    qujat.render_minutes(record, "output/almaty.en.docx", lang="en")
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import Location, OutputError, QujatError, RecordError, TemplateError

__version__ = "0.1.0"

_LAZY = {
    "Record": "record",
    "load_record": "record",
    "render_minutes": "minutes",
    "minutes_bytes": "minutes",
    "check_record": "checks",
    "available_languages": "i18n",
    "render_certificate": "certificates.issue",
    "render_record_certificates": "certificates.issue",
    "load_award": "certificates.definitions",
    "print_batch": "batch",
    "read_list": "recipients",
}

__all__ = ["Location", "QujatError", "RecordError", "TemplateError", "OutputError", "__version__", *_LAZY]

if TYPE_CHECKING:
    from .batch import print_batch
    from .checks import check_record
    from .recipients import read_list
    from .i18n import available_languages
    from .certificates.definitions import load_award
    from .certificates.issue import render_certificate, render_record_certificates
    from .minutes import minutes_bytes, render_minutes
    from .record import Record, load_record


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'qujat' has no attribute {name!r}")
