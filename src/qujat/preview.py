"""PNG previews of PDF pages, through poppler's pdftoppm."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from qujat.errors import Location, QujatError
from qujat.messages import M_


def pdftoppm() -> str:
    """The pdftoppm program; a clear error saying how to install it when it is missing."""
    found = shutil.which("pdftoppm")
    if not found:
        raise QujatError(M_("--preview needs pdftoppm, which is not installed: on Debian or Ubuntu "
                            "`apt-get install poppler-utils`, on macOS `brew install poppler`",
                            code="tool.no-pdftoppm"))
    return found


def write_preview(pdf: Path, dpi: int = 50) -> list[Path]:
    """Write ``<name>-<page>.png`` beside ``pdf`` for each page; returns the PNG paths."""
    stem = pdf.with_suffix("")
    result = subprocess.run([pdftoppm(), "-png", "-r", str(dpi), str(pdf), str(stem)],
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise QujatError(M_("pdftoppm failed: %(detail)s", code="tool.pdftoppm-failed", detail=result.stderr.strip()),
                         Location(str(pdf)))
    return sorted(pdf.parent.glob(f"{stem.name}-*.png"))
