"""DOCX into PDF (or PDF/A-2b) through LibreOffice headless: the only module that runs it.

Every call starts one LibreOffice for all its documents (a start costs about a second; a page
converts in milliseconds), with a user profile of its own in a temporary folder, so parallel
runs never share (and lock) a profile. The documents are converted in a temporary folder and
only returned as bytes: the caller writes them through :mod:`qujat.output`, so a failed or
interrupted conversion leaves no file under a final name.
"""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path

from qujat import stopping
from qujat.errors import ToolError
from qujat.messages import M_
from qujat.settings import current as current_settings

INSTALL_HINT = M_("install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui; elsewhere: "
                  "https://www.libreoffice.org/download/) or set QUJAT_SOFFICE to its soffice program",
                  code="tool.install-libreoffice")
#: LibreOffice's PDF export filter; ``SelectPdfVersion`` 2 is PDF/A-2b.
PDF_FILTER = "pdf:writer_pdf_Export"
PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
#: The time limit of one LibreOffice run, unless the caller sets one (``--timeout``): seconds to
#: start, then per document a fixed share, a share per MB of its text (``word/document.xml``) and
#: a share per MB squared, as LibreOffice lays a long table out in a time that grows faster than
#: its length: 10,000 attendees (7.5 MB, 354 pages) took 313 s of CPU, 508 s on a loaded 2-core
#: machine, against 4 s for 1,000 (the limits are then 1,336 s and 172 s; 121 s for a sample record).
START_SECONDS, SECONDS_PER_DOCUMENT, SECONDS_PER_MB, SECONDS_PER_MB_SQUARED = 90, 30, 60, 15
#: How often a wait for LibreOffice looks whether the user asked to stop.
POLL_SECONDS = 0.25
#: Pages whose text is looked through for the minutes' title (it is on the first page).
TITLE_PAGES = 3


def find_soffice() -> str:
    """The LibreOffice program: ``QUJAT_SOFFICE`` if set, else ``soffice`` or ``libreoffice``
    on the PATH. Raises :class:`ToolError` (exit 2) saying how to install it."""
    named = current_settings().soffice
    if named:
        found = shutil.which(named)
        if not found:
            raise ToolError(M_("the soffice setting (QUJAT_SOFFICE) names '%(named)s', which is not a program; "
                               "%(hint)s",
                               code="tool.soffice-setting", named=named, hint=INSTALL_HINT))
        return found
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ToolError(M_("PDF output needs LibreOffice, which was not found; %(hint)s", code="tool.no-libreoffice",
                       hint=INSTALL_HINT))


def _text_megabytes(document: bytes) -> float:
    """The size of a DOCX's main text part, unpacked, in MB (what LibreOffice's time grows with)."""
    try:
        with zipfile.ZipFile(io.BytesIO(document)) as archive:
            return archive.getinfo("word/document.xml").file_size / 2**20
    except (KeyError, zipfile.BadZipFile):
        return len(document) / 2**20


def time_limit(documents: Sequence[bytes]) -> float:
    """The seconds one LibreOffice run may take for ``documents``: :data:`START_SECONDS`, plus
    per document :data:`SECONDS_PER_DOCUMENT`, :data:`SECONDS_PER_MB` per MB of its text and
    :data:`SECONDS_PER_MB_SQUARED` per MB squared."""
    return START_SECONDS + sum(SECONDS_PER_DOCUMENT + SECONDS_PER_MB * mb + SECONDS_PER_MB_SQUARED * mb * mb
                               for mb in map(_text_megabytes, documents))


def docx_to_pdf(documents: Sequence[bytes], pdfa: bool = False, timeout: float | None = None,
                titles: Sequence[str] | None = None) -> list[bytes]:
    """The PDF of each DOCX in ``documents``, in order, from one LibreOffice run.

    ``pdfa`` gives PDF/A-2b (for archives) through LibreOffice's export filter. Each PDF is
    opened and checked before it is returned (whole, with pages, PDF/A when asked for, and
    ``titles[i]`` in the text of its first pages when given), so a PDF that LibreOffice cut short
    or garbled never replaces a file. Raises :class:`ToolError` when LibreOffice is missing,
    fails, writes a PDF that fails the check, or takes longer than ``timeout`` seconds (default
    :func:`time_limit`).
    """
    if not documents:
        return []
    soffice = find_soffice()
    limit = timeout if timeout is not None else time_limit(documents)
    with tempfile.TemporaryDirectory(prefix="qujat-soffice-") as tmp:
        folder = Path(tmp)
        sources = []
        (folder / "in").mkdir()
        for i, data in enumerate(documents):
            source = folder / "in" / f"{i:05d}.docx"
            source.write_bytes(data)
            sources.append(source)
        command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--invisible",
                   "--norestore", "--nolockcheck", "--nodefault", "--convert-to", PDFA_FILTER if pdfa else PDF_FILTER,
                   "--outdir", str(folder / "out"), *map(str, sources)]
        stderr = _run(command, limit, folder)
        pdfs = []
        for i, source in enumerate(sources):
            pdf = folder / "out" / f"{source.stem}.pdf"
            if not pdf.is_file() or pdf.stat().st_size == 0:
                detail = stderr.strip().splitlines()[-1] if stderr.strip() else M_("no PDF came out")
                raise ToolError(M_("LibreOffice could not convert the minutes to PDF: %(detail)s",
                                   code="tool.libreoffice-failed",
                                   detail=detail))
            data = pdf.read_bytes()
            check_pdf(data, pdfa=pdfa, title=titles[i] if titles else None)
            pdfs.append(data)
        return pdfs


def _letters(text: str) -> str:
    """Only the letters and digits of ``text``, case and ligatures folded: what survives any
    line breaking, hyphenation or letter case a template's styles give the title."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def check_pdf(data: bytes, *, pdfa: bool = False, title: str | None = None) -> None:
    """Raise :class:`ToolError` unless ``data`` is a whole PDF with at least one page (its cross
    reference intact, ``%%EOF`` at its end), PDF/A-2 when ``pdfa``, and ``title`` in the text of
    its first pages when given."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
            raise ToolError(M_("the file LibreOffice wrote is not a whole PDF (cut short?)", code="pdf.cut-short"))
        reader = PdfReader(io.BytesIO(data), strict=True)
        pages = len(reader.pages)
        if pages == 0:
            raise ToolError(M_("the file LibreOffice wrote is a PDF without pages", code="pdf.no-pages"))
        if pdfa and b"pdfaid:part" not in data:
            raise ToolError(M_("the file LibreOffice wrote is not PDF/A (no PDF/A identification in its metadata)",
                               code="pdf.not-pdfa"))
        if title is not None:
            wanted = _letters(title)
            text = "".join(_letters(reader.pages[i].extract_text() or "") for i in range(min(pages, TITLE_PAGES)))
            if wanted and wanted not in text:
                raise ToolError(M_("the file LibreOffice wrote does not show the minutes' title on its first pages",
                                   code="pdf.no-title"))
    except ToolError as exc:
        raise ToolError(_unusable(exc.problems[0][1])) from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError) as exc:
        first = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise ToolError(_unusable(M_("the file LibreOffice wrote cannot be read as a PDF (%(detail)s)",
                                     code="pdf.unreadable", detail=first))) from None


def _unusable(problem: str) -> str:
    return M_("LibreOffice did not make a usable PDF: %(problem)s; nothing was replaced. Check the LibreOffice "
              "installation (soffice --version), or write DOCX", code="tool.libreoffice-unusable", problem=problem)


#: The most of LibreOffice's output kept for a message.
OUTPUT_TAIL = 64 * 1024


def _run(command: list[str], timeout: float, cwd: Path) -> str:
    """Run LibreOffice in a process group of its own, its output into a file (never a pipe, which
    a child it leaves behind could hold open); the wait ends when the launcher exits, and the
    group (the launcher, ``soffice.bin`` and anything they left) is ended then, on a timeout and
    on an interruption. Returns its output."""
    env = {**os.environ, "HOME": str(cwd)}  # nothing of the user's own LibreOffice is touched
    log = cwd / "soffice.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   cwd=cwd, env=env, start_new_session=True)
    deadline = time.monotonic() + timeout
    try:
        # in steps, so that a stop asked for (Ctrl-C) is taken within a quarter second
        while not _exited(process):
            stopping.check()
            if time.monotonic() >= deadline:
                _end(process)
                raise ToolError(M_("LibreOffice did not finish the PDF conversion within %(seconds)s s; give it "
                                   "longer with --timeout SECONDS", code="tool.libreoffice-time",
                                   seconds=f"{timeout:.0f}"))
            time.sleep(min(POLL_SECONDS, max(0.01, deadline - time.monotonic())))
    except BaseException:
        _end(process)
        raise
    _end(process)  # the launcher has exited; whatever it left running goes with its group
    with open(log, "rb") as fh:
        fh.seek(max(0, log.stat().st_size - OUTPUT_TAIL))
        text = fh.read().decode("utf-8", "replace")
    if process.returncode:
        last = (text.strip().splitlines()[-1] if text.strip()
                else M_("exit status %(status)s", status=process.returncode))
        raise ToolError(M_("LibreOffice failed to convert the minutes to PDF: %(detail)s", code="tool.libreoffice-exit",
                           detail=last))
    return text


def _exited(process: subprocess.Popen[bytes]) -> bool:
    """Whether the launcher has exited; it is left a zombie (not reaped), so that its process
    group's id cannot pass to another process before :func:`_end` ends the group."""
    try:
        return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _end(process: subprocess.Popen[bytes]) -> None:
    """End LibreOffice's process group (started by :func:`_run`, so its id is the launcher's)
    and reap the launcher."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()
