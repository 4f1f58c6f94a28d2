"""Faults of accidents and careless hands: outputs onto the registry, its key or an input; two
outputs of one name; a later run over an earlier one; a full disk part way through a split
batch; LibreOffice that writes garbage or leaves a child behind; bad input that was once an
internal error. Each case asserts the one right outcome on real files."""
from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
import yaml

import qujat
from conftest import ALMATY, ROOT, base_record, require_tool, run_cli
from qujat.errors import OutputError
from qujat.output import Outputs, protected


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _list(path: Path, names: list[str], positions: list[str] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Аты-жөні", "Лауазымы"])
        writer.writerows(zip(names, positions or ["төраға"] * len(names)))
    return path


# outputs never replace the registry, its key or an input ------------------------------------------

def _registry(tmp_path: Path) -> tuple[Path, Path]:
    registry = tmp_path / "qujat-registry.sqlite3"
    done = run_cli("certificate", "--award", "jubilee-medal", "--name", "Бекбас О.Т.", "--date", "2018-07-04",
                   "-o", str(tmp_path / "first.pdf"), QUJAT_REGISTRY=str(registry))
    assert done.returncode == 0, done.stderr
    return registry, tmp_path / "qujat-registry.key"


@pytest.mark.parametrize("target, what", [
    ("qujat-registry.sqlite3", "is the award registry"),
    ("qujat-registry.key", "is the award registry's signing key"),
    ("qujat-registry.sqlite3-wal", "is a file of the award registry"),
    ("sub/../qujat-registry.sqlite3", "is the award registry"),
])
def test_no_certificate_replaces_the_registry_or_its_key(tmp_path, target, what):
    registry, key = _registry(tmp_path)
    (tmp_path / "sub").mkdir()
    before = _snapshot(tmp_path)
    done = run_cli("certificate", "--award", "jubilee-medal", "--name", "Калиев С.Е.", "--date", "2018-07-04",
                   "-o", str(tmp_path / target), QUJAT_REGISTRY=str(registry))
    assert done.returncode == 2
    assert done.stderr == f"error: {tmp_path / target}: {what}; no output may replace it: give the output another " \
                          "name\n"
    assert _snapshot(tmp_path) == before and (key.stat().st_mode & 0o777) == 0o600
    # refused before a number was taken: the registry holds the first certificate alone, and works
    listed = run_cli("registry", "list", QUJAT_REGISTRY=str(registry))
    assert listed.returncode == 0 and listed.stdout.count("A20-") == 1, listed.stderr


def test_no_registry_command_writes_over_the_registry(tmp_path):
    registry, key = _registry(tmp_path)

    def files() -> dict[str, bytes]:  # SQLite's own -wal and -shm change whenever it is read
        return {name: data for name, data in _snapshot(tmp_path).items() if not name.endswith(("-wal", "-shm"))}

    before = files()
    for target in (registry, key, Path(f"{registry}-wal")):
        done = run_cli("registry", "reprint", "A20-0001", "-o", str(target), QUJAT_REGISTRY=str(registry))
        assert done.returncode == 2 and done.stderr.endswith("no output may replace it: give the output another "
                                                             "name\n"), done.stderr
    assert files() == before
    shown = run_cli("registry", "show", "A20-0001", QUJAT_REGISTRY=str(registry))
    assert "reprinted" not in shown.stdout  # nothing was recorded for the refused reprints


def test_no_certificate_replaces_an_award_definition(tmp_path):
    shutil.copy(ROOT / "templates" / "certificates" / "jubilee-medal.yaml", tmp_path / "office-medal.yaml")
    before = _snapshot(tmp_path)
    done = run_cli("certificate", "--award", "office-medal", "--name", "Бекбас О.Т.", "--draft", "-o",
                   str(tmp_path / "office-medal.yaml"), QUJAT_AWARDS_PATH=str(tmp_path))
    assert done.returncode == 2
    assert done.stderr == (f"error: {tmp_path / 'office-medal.yaml'}: is an award definition; no output may replace "
                           "it: give the output another name\n")
    assert _snapshot(tmp_path) == before


def test_a_registry_named_through_a_link_is_protected_under_its_own_name(tmp_path):
    registry, key = _registry(tmp_path)
    (tmp_path / "link.sqlite3").symlink_to(registry)
    before = _snapshot(tmp_path)
    for target in (registry, key):
        done = run_cli("certificate", "--award", "jubilee-medal", "--name", "Калиев С.Е.", "-o", str(target),
                       "--registry", str(tmp_path / "link.sqlite3"))
        assert done.returncode == 2 and "no output may replace it" in done.stderr
    assert _snapshot(tmp_path) == before


def test_no_output_replaces_an_input_of_the_run(tmp_path):
    template = tmp_path / "office.docx"
    shutil.copy(ROOT / "templates" / "minutes" / "reference.docx", template)
    issuer = tmp_path / "issuer.yaml"
    issuer.write_text("organisation: {kk: Кәсіподақ, ru: Профсоюз, en: Union}\n", encoding="utf-8")
    before = _snapshot(tmp_path)
    cases = [("minutes", str(ALMATY), "--template", str(template), "-o", str(template)),
             ("certificate", "--award", "jubilee-medal", "--name", "Бекбас О.Т.", "--issuer", str(issuer),
              "-o", str(issuer)),
             ("minutes", str(ALMATY), "--template", str(template), "--keep-docx", "-o", str(tmp_path / "office.pdf"))]
    for args in cases:
        done = run_cli(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.endswith("is an input of this run; no output may replace it: give the output another "
                                    "name\n") and done.stderr.count("\n") == 1, done.stderr
    assert _snapshot(tmp_path) == before


def test_outputs_refuse_protected_files_and_one_name_twice(tmp_path):
    (tmp_path / "keep.yaml").write_text("x", encoding="utf-8")
    with protected([tmp_path / "keep.yaml"], "an input of this run"), Outputs() as outputs:
        with pytest.raises(OutputError, match="is an input of this run"):
            outputs.write(tmp_path / "keep.yaml", b"new")
        os.link(tmp_path / "keep.yaml", tmp_path / "hard.yaml")  # the same file under another name
        with pytest.raises(OutputError, match="is an input of this run"):
            outputs.write(tmp_path / "hard.yaml", b"new")
        outputs.write(tmp_path / "a.pdf", b"1", "a/r.yaml")
        with pytest.raises(OutputError, match=r"two outputs of this run have this name \(from a/r.yaml and from "
                                              r"b/r.yaml\)"):
            outputs.write(tmp_path / "x" / ".." / "a.pdf", b"2", "b/r.yaml")
    assert (tmp_path / "keep.yaml").read_text(encoding="utf-8") == "x" and not (tmp_path / "a.pdf").exists()


# one run never writes one name twice ---------------------------------------------------------------

@pytest.mark.parametrize("pdf", [False, True])
def test_two_records_of_one_name_into_one_folder_are_refused_naming_both(tmp_path, pdf):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(ALMATY, tmp_path / folder / "r.yaml")
    out = tmp_path / "same"
    done = run_cli("minutes", "a/r.yaml", "b/r.yaml", *(["--pdf"] if pdf else []), "-o", "same/", cwd=tmp_path)
    suffix = "pdf" if pdf else "docx"
    assert done.returncode == 2
    assert done.stderr == (f"error: same/r.ru.{suffix}: a/r.yaml and b/r.yaml would both be written to it; one "
                           "would replace the other: give each record its own output name (-o FILE for one "
                           "record, or rename one)\n")
    assert not out.exists()
    done = run_cli("minutes", "a/r.yaml", "./a/../a/r.yaml", "-o", "same/", cwd=tmp_path)
    assert done.returncode == 2 and "a/r.yaml is given twice" in done.stderr and not out.exists()


# a later run over an earlier one says so -----------------------------------------------------------

def test_a_batch_that_replaces_an_earlier_runs_files_says_so(tmp_path):
    _list(tmp_path / "a" / "l.csv", ["Бекбас О.Т.", "Калиев С.Е."])
    _list(tmp_path / "b" / "l.csv", ["Ахметов Н.Н."])
    options = ("--award", "jubilee-medal", "--date", "2018-07-04", "-o", "out", "-q")
    first = run_cli("batch", "a/l.csv", *options, cwd=tmp_path)
    again = run_cli("batch", "a/l.csv", *options, cwd=tmp_path)  # the same certificates, reprinted unchanged
    assert first.returncode == again.returncode == 0 and "replace" not in again.stderr, again.stderr
    other = run_cli("batch", "b/l.csv", *options, cwd=tmp_path)
    assert other.returncode == 0
    warned = [line for line in other.stderr.splitlines() if line.startswith("warning:")]
    assert warned == ["warning: out/l.pdf and its run sheet replace those of an earlier run (2 certificates, "
                      "A20-0001 … A20-0002), which differ; the registry still holds the certificates they "
                      "carried; give -o another folder to keep both"]


# a full disk part way through a split batch ---------------------------------------------------------

def _limited_run(args: list[str], limit: int, cwd: Path) -> subprocess.CompletedProcess:
    """``generate ARGS`` in a process whose files may grow to ``limit`` bytes each (a full disk)."""
    script = (f"import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
              f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); "
              f"from qujat.cli import main; main({args!r})")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=120)


#: The fifth person's certificate is the one that does not fit: more letters, a larger font subset.
_LONG = ("Әбдірайым Бақытжан Жұмабайұлы", "Қазақстан Республикасы кәсіподақтар федерациясының төрағасы")


def _split_list(tmp_path: Path) -> Path:
    names = [f"Ким Ан {i}" for i in range(4)] + [_LONG[0]] + [f"Ли Бо {i}" for i in range(5)]
    return _list(tmp_path / "l.csv", names, ["төраға"] * 4 + [_LONG[1]] + ["төраға"] * 5)


def _sizes(folder: Path) -> tuple[int, int]:
    """(the largest of the ordinary certificates, the long one's) in a split batch's ``folder``."""
    sizes = {p.name: p.stat().st_size for p in folder.iterdir()}
    long = sizes.pop(next(name for name in sizes if _LONG[0] in name))
    assert len(sizes) == 9 and long > max(sizes.values())
    return max(sizes.values()), long


def _split_sizes(tmp_path: Path) -> tuple[int, int]:
    """The split draft batch's :func:`_sizes`, measured in a process as the limited ones are,
    without a limit: a limit between the two stops the batch at the fifth whatever the fonts and
    the PDF writer make of a page."""
    folder = tmp_path / "measured"
    folder.mkdir()
    _split_list(folder)
    done = _limited_run(["batch", "l.csv", "--award", "jubilee-medal", "--date", "2018-07-04", "--split",
                         "--draft", "-q", "-o", "out"], 1 << 30, folder)
    assert done.returncode == 0, done.stderr
    return _sizes(folder / "out" / "l")


def test_a_full_disk_part_way_through_a_split_batch_keeps_what_it_wrote_and_says_so(tmp_path):
    ordinary, long = _split_sizes(tmp_path)
    _split_list(tmp_path)
    done = _limited_run(["batch", "l.csv", "--award", "jubilee-medal", "--date", "2018-07-04", "--split",
                         "--draft", "-q", "-o", "out"], (ordinary + long) // 2, tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ("error: out/l/ҮЛГІ Әбдірайым Бақытжан Жұмабайұлы.kk.pdf: cannot write: File too "
                           "large; the batch stopped after writing 4 of 10 certificates, listed in "
                           "out/l.run-sheet.csv: make room and run it again (the files written are kept)\n")
    files = sorted(p.name for p in (tmp_path / "out" / "l").iterdir())
    assert files == [f"ҮЛГІ Ким Ан {i}.kk.pdf" for i in range(4)]
    with open(tmp_path / "out" / "l.run-sheet.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["row"], r["status"]) for r in rows] == [("2", "issued"), ("3", "issued"), ("4", "issued"),
                                                      ("5", "issued"), ("6", "failed")]
    for row in rows[:4]:
        path = tmp_path / "out" / row["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"]
    assert rows[4]["reason"] == "not written: cannot write: File too large" and not rows[4]["file"]
    assert not (tmp_path / "out" / "l.run-sheet.partial.csv").exists()
    assert (tmp_path / "out" / "l.run-sheet.xlsx").is_file()


def test_a_split_batch_that_writes_nothing_leaves_the_folder_as_it_was(tmp_path):
    ordinary, _ = _split_sizes(tmp_path)
    _split_list(tmp_path)
    first = run_cli("batch", "l.csv", "--award", "jubilee-medal", "--date", "2018-07-04", "--split", "--draft",
                    "-q", "-o", "out", "--rows", "1-2", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = _snapshot(tmp_path / "out")
    done = _limited_run(["batch", "l.csv", "--award", "jubilee-medal", "--date", "2018-07-04", "--split",
                         "--draft", "-q", "-o", "out", "--rows", "1-2"], ordinary // 2, tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "cannot write: File too large" in done.stderr
    assert _snapshot(tmp_path / "out") == before  # its run sheet too, made again from the partial sheet


def _library_split(source: Path, out: Path, limit: int) -> subprocess.CompletedProcess:
    """``run_batch(split=True, jobs=2)`` in a process whose files may grow to ``limit`` bytes."""
    script = (f"import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
              f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); "
              f"from qujat.batch.run import run_batch, BatchStopped\n"
              f"try:\n run_batch({str(source)!r}, {str(out)!r}, award='jubilee-medal', "
              f"split=True, jobs=2)\nexcept BatchStopped as exc:\n print(exc.exit_code, exc.report.issued)")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)


def test_a_full_disk_with_jobs_keeps_every_whole_file_listed(tmp_path):
    from qujat.batch.run import BatchStopped, run_batch

    source = _split_list(tmp_path)
    measured = _library_split(source, tmp_path / "measured", 1 << 30)
    assert measured.returncode == 0 and not measured.stdout, measured.stderr
    ordinary, long = _sizes(tmp_path / "measured" / "l")
    done = _library_split(source, tmp_path / "out", (ordinary + long) // 2)
    assert done.returncode == 0 and done.stdout.split()[0] == "1", done.stderr
    assert BatchStopped.exit_code == 1 and run_batch  # the library raises it; the command exits with it
    files = {p.name for p in (tmp_path / "out" / "l").iterdir()}
    with open(tmp_path / "out" / "l.run-sheet.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    listed = {Path(r["file"]).name: r["sha256"] for r in rows if r["status"] == "issued"}
    assert set(listed) == files and len(files) == int(done.stdout.split()[1])
    for name, digest in listed.items():
        assert hashlib.sha256((tmp_path / "out" / "l" / name).read_bytes()).hexdigest() == digest
    assert [r["status"] for r in rows].count("failed") == 10 - len(files) and files


# LibreOffice's output is checked --------------------------------------------------------------------

def _fake(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    path.chmod(0o755)
    return path


_OUTDIR = "import sys, pathlib\nargs = sys.argv[1:]\nout = pathlib.Path(args[args.index('--outdir') + 1])\n" \
          "out.mkdir(parents=True, exist_ok=True)\ndocs = [pathlib.Path(a) for a in args if a.endswith('.docx')]\n"
_CONVERTERS = {
    "garbage": "import os\nfor d in docs: (out / (d.stem + '.pdf')).write_bytes(os.urandom(3000))\n",
    "truncated": ("import subprocess\nsubprocess.run(['soffice', *args], capture_output=True)\n"
                  "for p in out.glob('*.pdf'): data = p.read_bytes(); p.write_bytes(data[: len(data) // 2])\n"),
    "another-document": ("from reportlab.pdfgen import canvas\nfor d in docs:\n"
                         "    c = canvas.Canvas(str(out / (d.stem + '.pdf'))); c.drawString(99, 700, 'Invoice')\n"
                         "    c.showPage(); c.save()\n"),
}


@pytest.mark.parametrize("kind, pdfa, said", [
    ("garbage", False, "the file LibreOffice wrote is not a whole PDF (cut short?)"),
    ("garbage", True, "the file LibreOffice wrote is not a whole PDF (cut short?)"),
    ("truncated", False, "the file LibreOffice wrote is not a whole PDF (cut short?)"),
    ("truncated", True, "the file LibreOffice wrote is not a whole PDF (cut short?)"),
    ("another-document", False, "the file LibreOffice wrote does not show the minutes' title on its first pages"),
])
def test_a_converted_pdf_is_checked_before_it_replaces_anything(tmp_path, kind, pdfa, said):
    if kind == "truncated":
        require_tool("soffice")
    fake = _fake(tmp_path, kind, f"#!{sys.executable}\n{_OUTDIR}{_CONVERTERS[kind]}")
    good = tmp_path / "m.pdf"
    good.write_bytes(b"%PDF- the good minutes of an earlier run")
    done = run_cli("minutes", str(ALMATY), "-o", str(good), *(["--pdfa"] if pdfa else []), QUJAT_SOFFICE=str(fake))
    assert done.returncode == 2
    assert done.stderr == (f"error: LibreOffice did not make a usable PDF: {said}; nothing was replaced. Check the "
                           "LibreOffice installation (soffice --version), or write DOCX\n")
    assert good.read_bytes() == b"%PDF- the good minutes of an earlier run" and sorted(os.listdir(tmp_path)) == \
        sorted([kind, "m.pdf"])


def test_a_child_libreoffice_leaves_behind_does_not_hold_the_run(tmp_path):
    require_tool("soffice")
    marker = f"qujat-lingering-{os.getpid()}-{time.monotonic_ns()}"
    bash = require_tool("bash")
    fake = _fake(tmp_path, "lingering", f"#!{bash}\nsoffice \"$@\"\nrc=$?\n"
                                        f"(exec -a {marker} sleep 600) &\nexit $rc\n")
    started = time.monotonic()
    done = run_cli("minutes", str(ALMATY), "-o", str(tmp_path / "m.pdf"), QUJAT_SOFFICE=str(fake))
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 100  # the converter's child holds stdout and stderr for 600 s
    from pypdf import PdfReader

    assert "ПРОТОКОЛ" in PdfReader(str(tmp_path / "m.pdf")).pages[0].extract_text()
    left = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True)
    assert left.stdout == "", "the child LibreOffice left was not ended"


def test_the_time_limit_grows_with_the_document_and_timeout_sets_it(tmp_path):
    from qujat.minutes.compose import minutes_bytes
    from qujat.minutes.libreoffice import time_limit

    sample = minutes_bytes(qujat.load_record(ALMATY))
    big = tmp_path / "big.docx"
    with zipfile.ZipFile(big, "w") as archive:  # the size 10,000 attendees make
        archive.writestr("word/document.xml", "<w:p/>" * (7_575_107 // 6))
    assert 115 < time_limit([sample]) < 125
    assert time_limit([big.read_bytes()]) > 1_200  # 313 s of CPU; 508 s on the loaded 2-core machine
    slow = _fake(tmp_path, "slow", "#!/bin/sh\nsleep 60\n")
    started = time.monotonic()
    done = run_cli("minutes", str(ALMATY), "-o", str(tmp_path / "m.pdf"), "--timeout", "1", QUJAT_SOFFICE=str(slow))
    assert done.returncode == 2 and time.monotonic() - started < 30
    assert done.stderr == ("error: LibreOffice did not finish the PDF conversion within 1 s; give it longer with "
                           "--timeout SECONDS\n")
    assert not (tmp_path / "m.pdf").exists()


# templates -------------------------------------------------------------------------------------------

def _template_with(tmp_path: Path, name: str, styles=None, media: bytes | None = None) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(ROOT / "templates" / "minutes" / "reference.docx") as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/styles.xml" and styles:
                data = styles(data)
            dst.writestr(info.filename, data)
        if media is not None:
            dst.writestr("word/media/header.png", media)
    return path


def test_a_template_declaring_entities_is_refused(tmp_path):
    def entity(data: bytes) -> bytes:
        head = data.index(b"?>") + 2
        data = data[:head] + b'<!DOCTYPE w:styles [<!ENTITY office "Qujat">]>' + data[head:]
        return data.replace(b'<w:name w:val="Title"/>', b'<w:name w:val="Title"/><w:aliases w:val="&office;"/>', 1)

    template = _template_with(tmp_path, "entity.docx", entity)
    done = run_cli("minutes", str(ALMATY), "--template", str(template), "-o", str(tmp_path / "m.docx"))
    assert done.returncode == 2
    assert done.stderr == (f"error: {template}: the template's part word/styles.xml declares a document type or "
                           "entities (<!DOCTYPE …>), which Word and LibreOffice never write: open the template in "
                           "Word or LibreOffice and save it again, or `generate template minutes -o office.docx` "
                           "writes one to start from\n")
    assert not (tmp_path / "m.docx").exists()


def test_a_template_over_the_size_limit_is_refused(tmp_path):
    template = _template_with(tmp_path, "logo.docx", media=os.urandom(21 * 1024 * 1024))  # a 21 MB picture
    done = run_cli("minutes", str(ALMATY), "--template", str(template), "-o", str(tmp_path / "m.docx"))
    assert done.returncode == 2 and done.stderr.startswith(f"error: {template}: the template is 21.8 MB, over the "
                                                           "limit of 20 MB ($QUJAT_MAX_TEMPLATE_BYTES sets it)")
    assert not (tmp_path / "m.docx").exists()
    raised = run_cli("minutes", str(ALMATY), "--template", str(template), "-o", str(tmp_path / "m.docx"),
                     QUJAT_MAX_TEMPLATE_BYTES=str(30 * 1024 * 1024))
    assert raised.returncode == 0, raised.stderr


# bad input is one line and exit 2, never an internal error ------------------------------------------

def test_an_award_whose_border_leaves_no_room_is_refused_at_its_line(tmp_path):
    text = (ROOT / "templates" / "certificates" / "jubilee-medal.yaml").read_text(encoding="utf-8")
    assert "border: {margin: 8, band: 10}" in text
    (tmp_path / "narrow.yaml").write_text(text.replace("border: {margin: 8, band: 10}",
                                                       "border: {margin: 60, band: 50}"), encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("border:"))
    done = run_cli("certificate", "--award", "narrow", "--name", "Бекбас О.Т.", "--draft", "-o",
                   str(tmp_path / "c.pdf"), QUJAT_AWARDS_PATH=str(tmp_path))
    assert done.returncode == 2
    assert done.stderr == (f"error: {tmp_path / 'narrow.yaml'}:{line}:9: the border's margin (60 mm) and band "
                           "(50 mm) leave no room inside it on the 297 × 210 mm page: together they must be "
                           "under 105 mm\n")


@pytest.mark.parametrize("command", ["batch", "minutes"])
def test_half_a_utf16_pair_in_yaml_is_refused_at_its_line(tmp_path, command):
    if command == "batch":
        path = tmp_path / "l.yaml"
        path.write_text('- name: "Бекбас \\ud800 О.Т."\n  award: jubilee-medal\n', encoding="utf-8")
        where = "1:9"
    else:
        path = tmp_path / "r.yaml"
        path.write_text(yaml.safe_dump(base_record(title="Взаимодействие"), allow_unicode=True, sort_keys=False)
                        .replace("title: Взаимодействие", 'title: "Взаимо\\udcffдействие"'), encoding="utf-8")
        line = next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "udcff" in t)
        where = f"{line}:8"
    out = tmp_path / "out" if command == "batch" else tmp_path / "m.docx"
    done = run_cli(command, str(path), "--draft" if command == "batch" else "--lang=ru", "-o", str(out))
    assert done.returncode == 2
    half = "D800" if command == "batch" else "DCFF"
    assert done.stderr == (f"error: {path}:{where}: the text holds U+{half}, half of a character (a broken UTF-16 "
                           "pair, e.g. a \\ud800 escape): retype the character\n")
    assert not out.exists()


def test_a_catalog_that_is_not_utf8_is_bad_input_naming_it(tmp_path):
    """A copy of the package whose Russian catalog was saved in the wrong code page, run as a
    user would run it: one line naming the catalog, exit 2, no file."""
    package = tmp_path / "package" / "qujat"
    shutil.copytree(ROOT / "src" / "qujat", package, ignore=shutil.ignore_patterns("__pycache__"))
    broken = package / "locale" / "ru" / "LC_MESSAGES" / "qujat.po"
    # as an editor saves it in Windows-1251: the Kazakh letters it lacks (the medal's Kazakh name) become «?»
    broken.write_bytes(broken.read_text(encoding="utf-8").encode("cp1251", errors="replace"))
    env = {**os.environ, "PYTHONPATH": str(package.parent)}
    done = subprocess.run([sys.executable, "-m", "qujat", "minutes", str(ALMATY), "-o", str(tmp_path / "m.docx")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"error: {broken}: the catalog is not UTF-8 text (byte ")
    assert done.stderr.endswith("save it as UTF-8 and check it with `msgfmt --check -o /dev/null FILE`, or take it "
                                "again from qujat's package\n") and done.stderr.count("\n") == 1
    assert not (tmp_path / "m.docx").exists()


def test_a_next_line_control_in_a_title_prints_as_a_line_break(tmp_path, write_record):
    path = write_record(yaml.safe_dump(base_record(title="PLACEHOLDER"), allow_unicode=True, sort_keys=False)
                        .replace("title: PLACEHOLDER", 'title: "Взаимодействие\\Nна местах"'))
    done = run_cli("minutes", str(path), "-o", str(tmp_path / "m.docx"))
    assert done.returncode == 0, done.stderr
    texts = [p.text for p in docx.Document(str(tmp_path / "m.docx")).paragraphs]
    assert "«Взаимодействие\u2028на местах»" in texts


# combined PDFs in parts ------------------------------------------------------------------------------

def test_a_long_batch_goes_into_numbered_parts_with_one_run_sheet(tmp_path):
    from pypdf import PdfReader

    from qujat.batch.run import CHUNK_PAGES, BatchOptions, chunk_size

    assert chunk_size(BatchOptions(), CHUNK_PAGES) is None and chunk_size(BatchOptions(), CHUNK_PAGES + 1) == 5_000
    assert chunk_size(BatchOptions(chunk=0), 10**6) is None and chunk_size(BatchOptions(chunk=3), 7) == 3
    _list(tmp_path / "l.csv", [f"Қатысушы {i}" for i in range(7)])
    done = run_cli("batch", "l.csv", "--award", "jubilee-medal", "--date", "2018-07-04", "--chunk", "3", "-o", "out",
                   "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    parts = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert parts == ["l.part-01.pdf", "l.part-02.pdf", "l.part-03.pdf"]
    with open(tmp_path / "out" / "l.run-sheet.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["file"], r["page"]) for r in rows] == [(f"l.part-0{1 + i // 3}.pdf", str(1 + i % 3)) for i in range(7)]
    for name in parts:
        pdf = tmp_path / "out" / name
        digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
        mine = [r for r in rows if r["file"] == name]
        assert {r["sha256"] for r in mine} == {digest} and len(PdfReader(str(pdf)).pages) == len(mine)
        assert mine[0]["name"] in PdfReader(str(pdf)).pages[0].extract_text()
    # the registry knows which file each certificate went into
    for number, part in (("A20-0001", "l.part-01.pdf"), ("A20-0007", "l.part-03.pdf")):
        shown = run_cli("registry", "show", number, cwd=tmp_path)
        assert f"{tmp_path / 'out' / part}" in shown.stdout or f"out/{part}" in shown.stdout, shown.stdout
    # an earlier one-PDF run's file is not in this run sheet: said in one line
    (tmp_path / "out" / "l.pdf").write_bytes(b"%PDF- an earlier run")
    again = run_cli("batch", "l.csv", "--award", "jubilee-medal", "--date", "2018-07-04", "--chunk", "3", "-o",
                    "out", "-q", cwd=tmp_path)
    assert again.returncode == 0
    assert ("warning: l.pdf in out is left from an earlier run and not in this run sheet; remove or move it before "
            "printing") in again.stderr.splitlines()

