"""qujat: meeting records in YAML to official minutes (DOCX) and award certificates (PDF)."""
from __future__ import annotations

from .errors import Location, QujatError, RecordError, TemplateError, OutputError
from .record import Record, load_record

__version__ = "0.1.0"
__all__ = ["Location", "QujatError", "RecordError", "TemplateError", "OutputError",
           "Record", "load_record", "render_minutes", "__version__"]


def render_minutes(record, path, lang=None, template=None):  # noqa: D103 - replaced below
    from .minutes import render_minutes as _render

    return _render(record, path, lang=lang, template=template)
