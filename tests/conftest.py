"""Shared fixtures: sample records, a YAML writer, a DOCX reader, a QR code reader."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "records"
ALMATY = RECORDS / "2018-07-04-almaty-south-cluster.yaml"
AKTOBE = RECORDS / "2018-07-12-aktobe-west-cluster.yaml"


def base_record(**changes) -> dict:
    """A small valid record as plain data; keyword arguments replace fields."""
    data = {
        "language": "ru",
        "organisation": {"kk": "Қазақстан Республикасы Кәсіподақтары Федерациясы",
                         "ru": "Федерация профсоюзов Республики Казахстан",
                         "en": "Federation of Trade Unions of the Republic of Kazakhstan"},
        "meeting": {"kk": "кластерлік кеңестің", "ru": "кластерного совещания", "en": "of the cluster meeting"},
        "date": "2018-07-04",
        "city": {"kk": "Алматы", "ru": "Алматы", "en": "Almaty"},
        "title": {"kk": "Өзара іс-қимыл", "ru": "Взаимодействие", "en": "Interaction"},
        "chair": {"name": {"kk": "Б.Ж. Әбдірайым", "ru": "Абдирайым Б.Ж.", "en": "B. Abdirayim"}},
        "attendees": [{"name": "Бекбас О.Т.", "position": "председатель"}],
        "agenda": [{"title": {"kk": "Жұмыс туралы", "ru": "О работе", "en": "On the work"},
                    "heard": [{"speaker": "Умирбаева", "text": {"kk": "Жұмыс туралы айтты.",
                                                                "ru": "Рассказала о работе.",
                                                                "en": "Spoke about the work."}}],
                    "resolutions": [{"text": {"kk": "Ақпарат назарға алынсын.", "ru": "Принять к сведению.",
                                              "en": "Take note."}, "vote": {"for": 20, "against": 1, "abstained": 2}},
                                    {"text": {"kk": "Ұсынылсын.", "ru": "Рекомендовать.", "en": "Recommend."}}]}],
        "awards": [{"award": "jubilee-medal", "recipients": [{"name": "Калиев С.Е."}]}],
    }
    data.update(changes)
    return data


@pytest.fixture
def write_record(tmp_path):
    """Write a record (dict or raw YAML text) to a file and return its path."""
    def write(content, name: str = "record.yaml") -> Path:
        path = tmp_path / name
        text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path
    return write


#: What the writer binds lines with, read as what it prints: a no-break space, a no-break hyphen.
PRINTED_AS = str.maketrans({"\u00a0": " ", "\u2011": "-"})


def docx_text(path: Path, printed: bool = True) -> list[str]:
    """Every paragraph's text in body order, table cells included (row by row). ``printed``:
    the no-break spaces and hyphens that keep initials with a surname or a number with «%»
    read as the spaces and hyphens they print as (``False``: the text exactly as stored)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append(Paragraph(child, document).text)
        elif child.tag.endswith("}tbl"):
            for row in Table(child, document).rows:
                lines.append(" | ".join(cell.text for cell in row.cells))
    return [line.translate(PRINTED_AS) for line in lines] if printed else lines


def run_cli(*args: str, cwd: Path | None = None, **env_changes: str) -> subprocess.CompletedProcess:
    """Run the ``generate`` command in this process, as ``python -m qujat`` would run it in its
    own: through ``qujat.cli.run``, in ``cwd`` (default: the repository), with ``env_changes`` in
    the environment, stdout and stderr captured. Returns a finished-process object (``returncode``,
    ``stdout``, ``stderr``), so a test reads the same either way. What only a real process has
    (signal handlers, kills, a fresh interpreter) is tested with :func:`run_process`."""
    import traceback
    import warnings

    from click.testing import CliRunner

    from qujat import cli

    argv = list(args)
    returncode = 0
    showwarning = warnings.showwarning
    folder = os.getcwd()
    try:
        os.chdir(cwd or ROOT)
        with warnings.catch_warnings(), CliRunner().isolation(env=env_changes) as (stdout, stderr, _):
            _fresh_interpreter_warnings()
            try:
                cli.run(argv)
            except SystemExit as done:
                returncode = _exit_status(done.code)
            except Exception:  # uncaught (``--debug``): the interpreter prints it and exits 1
                traceback.print_exc()
                returncode = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
    finally:
        warnings.showwarning = showwarning  # run() sets its own
        os.chdir(folder)
    return subprocess.CompletedProcess(["generate", *argv], returncode, stdout.getvalue().decode("utf-8"),
                                       stderr.getvalue().decode("utf-8"))


def _exit_status(code: object) -> int:
    """The exit status of ``SystemExit(code)``, as the interpreter makes it (a message is printed)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _fresh_interpreter_warnings() -> None:
    """The warnings filters and display of a fresh ``python``, not pytest's: shown once per place,
    on stderr; deprecations ignored outside ``__main__``."""
    import warnings

    warnings.resetwarnings()
    for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
        warnings.simplefilter("ignore", category)
    warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")

    def show(message, category, filename, lineno, file=None, line=None):
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))

    warnings.showwarning = show


def run_process(*args: str, cwd: Path | None = None, command: list[str] | None = None,
                **env_changes: str) -> subprocess.CompletedProcess:
    """Run ``python -m qujat`` (or ``command``, e.g. the console script) as a process of its own,
    as a user would; returns the finished process. Only for what needs a real process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
           **env_changes}
    return subprocess.run([*(command or [sys.executable, "-m", "qujat"]), *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=120)


def require_tool(name: str) -> str:
    """The path of an external tool; skipped when missing, unless CI requires it."""
    found = shutil.which(name)
    if not found:
        if os.environ.get("QUJAT_REQUIRE_TOOLS"):
            pytest.fail(f"{name} is required (QUJAT_REQUIRE_TOOLS is set) but not installed")
        pytest.skip(f"{name} is not installed")
    return found


def decode_qr(pdf: Path, resolution: int = 150) -> list[str]:
    """The texts of the QR codes on a PDF's pages, as a phone would read them: each page
    rendered by poppler's pdftoppm, then decoded by zxing-cpp."""
    import tempfile

    import zxingcpp
    from PIL import Image

    from qujat.registry.signing import payload_text

    pdftoppm = require_tool("pdftoppm")
    texts: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([pdftoppm, "-png", "-r", str(resolution), str(pdf), str(Path(tmp) / "page")], check=True)
        for png in sorted(Path(tmp).glob("page*.png")):
            with Image.open(png) as image:
                # a signed code is the QR text of its payload (QJ3:, or raw bytes before): the text form, QJ2:…
                texts += [payload_text(found.bytes) or found.text for found in zxingcpp.read_barcodes(
                    image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)]
    return texts


@pytest.fixture(autouse=True)
def _own_registry(tmp_path_factory, monkeypatch):
    """Each test issues into an award registry of its own, never a file in the repository or the
    user's own: the command line's through $QUJAT_REGISTRY, the library's default (the per-user
    data folder, found through platformdirs) through $XDG_DATA_HOME."""
    folder = tmp_path_factory.mktemp("registry")
    monkeypatch.setenv("QUJAT_REGISTRY", str(folder / "qujat-registry.sqlite3"))
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / "user-data"))
    monkeypatch.delenv("QUJAT_SIGNING_KEY", raising=False)
