"""The adapter to poppler's tools: ``pdfinfo`` (how many pages) and ``pdftoppm`` (a page as an
image). Nothing else in qujat runs them; ``tests/test_verification_tools.py`` fails loudly when
their output changes.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from qujat.errors import Location, QujatError, ToolError
from qujat.messages import M_

if TYPE_CHECKING:
    from PIL import Image

#: Longest side in pixels a page is rendered at (A4 at 200 dpi is 2,339): a PDF whose page is
#: a square metre is not rendered at a gigapixel.
LONG_SIDE = 2339
TIMEOUT = 120
INSTALL = "apt-get install poppler-utils"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise ToolError(M_("reading a PDF needs %(tool)s (Debian/Ubuntu: %(install)s)", code="tool.no-poppler",
                           tool=name, install=INSTALL))
    return found


def version() -> str:
    """poppler's version, as ``pdftoppm -v`` says it (``"22.12.0"``)."""
    result = subprocess.run([_tool("pdftoppm"), "-v"], capture_output=True, text=True, timeout=TIMEOUT)
    found = re.search(r"pdftoppm version (\S+)", result.stderr + result.stdout)
    if not found:
        raise ToolError(M_("pdftoppm -v printed no version: %(detail)s", code="tool.poppler-version",
                           detail=(result.stderr + result.stdout).strip()[:80]))
    return found.group(1)


def page_count(pdf: Path) -> int:
    """How many pages ``pdf`` has; a :class:`QujatError` naming the file when it is no PDF."""
    result = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, timeout=TIMEOUT)
    text = result.stdout.decode("utf-8", "replace")
    found = re.search(r"^Pages:\s+(\d+)\s*$", text, re.MULTILINE)
    if result.returncode != 0 or not found:
        error = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise QujatError(M_("cannot be read as a PDF (%(detail)s)", code="pdf.unreadable",
                            detail=error[-1] if error else M_("pdfinfo found no pages")), Location(str(pdf)))
    return int(found.group(1))


def render_page(pdf: Path, page: int) -> Image.Image:
    """Page ``page`` (from 1) of ``pdf`` as an RGB image, its longer side :data:`LONG_SIDE`
    pixels."""
    from PIL import Image

    result = subprocess.run([_tool("pdftoppm"), "-f", str(page), "-l", str(page), "-scale-to", str(LONG_SIDE),
                             "-singlefile", str(pdf)], capture_output=True, timeout=TIMEOUT)
    if result.returncode != 0 or not result.stdout:
        error = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise QujatError(M_("page %(page)s cannot be rendered (%(detail)s)", code="pdf.page-unreadable", page=page,
                            detail=error[-1] if error else M_("no image")), Location(str(pdf)))
    with Image.open(io.BytesIO(result.stdout)) as image:
        rgb: Image.Image = image.convert("RGB")
    return rgb
