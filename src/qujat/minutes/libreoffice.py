"""DOCX into PDF (or PDF/A-2b) through LibreOffice headless: the only module that runs it.

Every call starts one LibreOffice for all its documents (a start costs about a second; a page
converts in milliseconds), with a user profile of its own in a temporary folder, so parallel
runs never share (and lock) a profile. The documents are converted in a temporary folder and
only returned as bytes: the caller writes them through :mod:`qujat.output`, so a failed or
interrupted conversion leaves no file under a final name.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
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
#: Seconds allowed for LibreOffice to start, plus seconds per document.
START_SECONDS, SECONDS_PER_DOCUMENT = 90, 30
#: How often a wait for LibreOffice looks whether the user asked to stop.
POLL_SECONDS = 0.25


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


def docx_to_pdf(documents: Sequence[bytes], pdfa: bool = False, timeout: float | None = None) -> list[bytes]:
    """The PDF of each DOCX in ``documents``, in order, from one LibreOffice run.

    ``pdfa`` gives PDF/A-2b (for archives) through LibreOffice's export filter. Raises
    :class:`ToolError` when LibreOffice is missing, fails, or takes longer than ``timeout``
    seconds (default: 90 s plus 30 s per document).
    """
    if not documents:
        return []
    soffice = find_soffice()
    limit = timeout if timeout is not None else START_SECONDS + SECONDS_PER_DOCUMENT * len(documents)
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
        for source in sources:
            pdf = folder / "out" / f"{source.stem}.pdf"
            if not pdf.is_file() or pdf.stat().st_size == 0:
                detail = stderr.strip().splitlines()[-1] if stderr.strip() else M_("no PDF came out")
                raise ToolError(M_("LibreOffice could not convert the minutes to PDF: %(detail)s",
                                   code="tool.libreoffice-failed",
                                   detail=detail))
            pdfs.append(pdf.read_bytes())
        return pdfs


def _run(command: list[str], timeout: float, cwd: Path) -> str:
    """Run LibreOffice in a process group of its own; on a timeout or an interruption the whole
    group (the launcher and ``soffice.bin``) is ended. Returns its error output."""
    env = {**os.environ, "HOME": str(cwd)}  # nothing of the user's own LibreOffice is touched
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env,
                               start_new_session=True)
    deadline = time.monotonic() + timeout
    try:
        while True:  # in steps, so that a stop asked for (Ctrl-C) is taken within a quarter second
            try:
                _, err = process.communicate(timeout=min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))
                break
            except subprocess.TimeoutExpired:
                stopping.check()
                if time.monotonic() >= deadline:
                    raise
    except subprocess.TimeoutExpired:
        _end(process)
        raise ToolError(M_("LibreOffice did not finish the PDF conversion within %(seconds)s s",
                           code="tool.libreoffice-time",
                              seconds=f"{timeout:.0f}")) from None
    except BaseException:
        _end(process)
        raise
    text = err.decode("utf-8", "replace")
    if process.returncode:
        last = (text.strip().splitlines()[-1] if text.strip()
                else M_("exit status %(status)s", status=process.returncode))
        raise ToolError(M_("LibreOffice failed to convert the minutes to PDF: %(detail)s", code="tool.libreoffice-exit",
                           detail=last))
    return text


def _end(process: subprocess.Popen[bytes]) -> None:
    """End LibreOffice's process group (started by :func:`_run`, so its id is the launcher's)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
