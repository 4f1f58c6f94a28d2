"""The adapter to tesseract (OCR, from Debian: tesseract-ocr with its kaz, rus and eng data).
Nothing else in qujat runs it; ``tests/test_verification_tools.py`` fails loudly when its
version or what it reads changes.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qujat.errors import ToolError
from qujat.messages import M_

if TYPE_CHECKING:
    from PIL import Image

#: Kazakh first (its letters ә ғ қ ң ө ұ ү һ і), then Russian and English.
LANGUAGES = ("kaz", "rus", "eng")
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-kaz tesseract-ocr-rus tesseract-ocr-script-latn"
TIMEOUT = 60
#: page segmentation 6: one block of text (a name on one or two lines)
PAGE_SEGMENTATION = "6"


@dataclass(frozen=True)
class Reading:
    """What tesseract read: the lines of text, and its mean confidence (0–100) in the words."""

    lines: tuple[str, ...]
    confidence: float

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def available() -> bool:
    """Whether tesseract is installed."""
    return shutil.which("tesseract") is not None


def _tool() -> str:
    found = shutil.which("tesseract")
    if not found:
        raise ToolError(M_("reading the printed name needs tesseract (Debian/Ubuntu: %(install)s)",
                           code="tool.no-tesseract", install=INSTALL))
    return found


def _run(*args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    # one thread: OpenMP's threads only slow a small image down on a busy two-core machine
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run([_tool(), *args], input=data, capture_output=True, timeout=TIMEOUT, env=env)


def version() -> str:
    """tesseract's version (``"5.3.0"``)."""
    result = _run("--version")
    found = re.search(r"tesseract (\d+\.\d+\.\d+)", (result.stdout + result.stderr).decode("utf-8", "replace"))
    if not found:
        raise ToolError(M_("tesseract --version printed no version", code="tool.tesseract-version"))
    return found.group(1)


def languages() -> list[str]:
    """The languages whose data is installed."""
    result = _run("--list-langs")
    lines = (result.stdout + result.stderr).decode("utf-8", "replace").splitlines()
    return sorted(line.strip() for line in lines[1:] if line.strip() and " " not in line.strip())


def read(image: Image.Image, order: tuple[str, ...] = LANGUAGES) -> Reading:
    """The text of ``image`` (a greyscale crop around one block of text), line by line;
    ``order`` the languages' data, the likeliest first (its words weigh most)."""
    missing = [lang for lang in order if lang not in languages_cached()]
    if missing:
        raise ToolError(M_("tesseract lacks the %(languages)s data (Debian/Ubuntu: %(install)s)",
                           code="tool.tesseract-data", languages=", ".join(missing), install=INSTALL))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    result = _run("stdin", "stdout", "-l", "+".join(order), "--psm", PAGE_SEGMENTATION, "tsv",
                  data=buffer.getvalue())
    if result.returncode != 0:
        error = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ToolError(M_("tesseract failed: %(detail)s", code="tool.tesseract-failed",
                           detail=error[-1] if error else str(result.returncode)))
    lines: dict[tuple[str, str, str], list[str]] = {}
    confidences: list[float] = []
    for row in result.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        lines.setdefault((cells[2], cells[3], cells[4]), []).append(cells[11].strip())
        confidences.append(float(cells[10]))
    # a word without a letter is a speck or an edge read as «|» or «—», not part of a name
    kept = [[w for w in words if any(ch.isalpha() for ch in w)] for words in lines.values()]
    return Reading(tuple(" ".join(words) for words in kept if words),
                   sum(confidences) / len(confidences) if confidences else 0.0)


_LANGUAGES: list[str] = []


def languages_cached() -> list[str]:
    """:func:`languages`, asked once per process."""
    if not _LANGUAGES:
        _LANGUAGES.extend(languages())
    return _LANGUAGES
