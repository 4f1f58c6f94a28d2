"""Exit status and files always agree: a refused run leaves the output folder as it was, file names
fit, devices and links are never written through, and a bug is exit 70, not "rows failed"."""
from __future__ import annotations

import csv
import os
import zipfile
from pathlib import Path

import pytest

from conftest import ALMATY, run_cli
from qujat.errors import OutputError
from qujat.output import Outputs


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _list(path: Path, names: list[str]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Аты-жөні", "Лауазымы"])
        writer.writerows([name, "төраға"] for name in names)
    return path


def test_outputs_move_into_place_together_or_not_at_all(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"old a")
    with pytest.raises(RuntimeError), Outputs() as outputs:
        outputs.write(tmp_path / "a.pdf", b"new a")
        outputs.write(tmp_path / "b.csv", b"new b")
        raise RuntimeError("the register could not be made")
    assert _snapshot(tmp_path) == {"a.pdf": b"old a"}
    with Outputs() as outputs:
        outputs.write(tmp_path / "a.pdf", b"new a")
        outputs.write(tmp_path / "b.csv", b"new b")
        visible = {k: v for k, v in _snapshot(tmp_path).items() if not k.endswith(".part")}
        assert visible == {"a.pdf": b"old a"}  # nothing moves before commit
        assert outputs.commit() == [tmp_path / "a.pdf", tmp_path / "b.csv"]
    assert _snapshot(tmp_path) == {"a.pdf": b"new a", "b.csv": b"new b"}


def test_a_register_that_cannot_be_written_leaves_the_old_pdf(tmp_path):
    source = _list(tmp_path / "l.csv", ["Бекбас О.Т.", "Калиев С.Е."])
    out = tmp_path / "out"
    out.mkdir()
    (out / "l.pdf").write_bytes(b"%PDF- the earlier run")
    (out / "l.run-sheet.xlsx").mkdir()  # the register's name is taken by a folder
    result = run_cli("batch", str(source), "--award", "jubilee-medal", "--date", "2018-07-04", "-o", str(out))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "l.run-sheet.xlsx: is a folder" in result.stderr
    assert _snapshot(out) == {"l.pdf": b"%PDF- the earlier run"}


def test_a_full_disk_leaves_the_folder_as_it_was(tmp_path):
    source = _list(tmp_path / "l.csv", [f"Қатысушы {i}" for i in range(40)])
    out = tmp_path / "out"
    out.mkdir()
    (out / "l.pdf").write_bytes(b"%PDF- the earlier run")
    script = (f"import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (60000, 60000)); "
              f"from qujat.cli import main; main(['batch', {str(source)!r}, '--award', 'jubilee-medal', "
              f"'--date', '2018-07-04', '-o', {str(out)!r}, '--draft'])")
    import signal
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120,
                            preexec_fn=lambda: signal.signal(signal.SIGXFSZ, signal.SIG_IGN))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "cannot write" in result.stderr
    assert _snapshot(out) == {"l.pdf": b"%PDF- the earlier run"}


def test_long_names_make_file_names_under_255_bytes():
    from qujat.certificates.assemble import certificate_file_name
    from qujat.i18n.spec import parse_language_spec

    taken: set[str] = set()
    spec = parse_language_spec("kk+ru")
    names = [certificate_file_name("A20-0001", "Қ№" * 100, spec, taken) for _ in range(12)]  # 500 bytes each
    assert all(len(name.encode("utf-8")) <= 255 for name in names)
    assert all(name.startswith("A20-0001 Қ№Қ№") and name.endswith(".kk+ru.pdf") for name in names)
    assert len(set(names)) == 12 and names[11].endswith(" (12).kk+ru.pdf")


def test_output_onto_a_device_is_refused(tmp_path):
    result = run_cli("certificate", "--award", "jubilee-medal", "--name", "Бекбас", "-o", "/dev/null", "--draft")
    assert result.returncode == 2 and "is a device, pipe or socket" in result.stderr
    assert Path("/dev/null").is_char_device()


def test_a_linked_split_folder_is_not_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "l").symlink_to(elsewhere)
    source = _list(tmp_path / "l.csv", ["Бекбас О.Т."])
    result = run_cli("batch", str(source), "--award", "jubilee-medal", "--split", "-o", str(out), "--draft")
    assert result.returncode == 2 and "is a link to another folder" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_input_size_limits_apply_to_pipes_and_devices(tmp_path):
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")  # a device that never ends
    result = run_cli("check", str(tmp_path / "zero.yaml"), QUJAT_MAX_YAML_BYTES="100000")
    assert result.returncode == 2 and "is more than 100,000 bytes" in result.stderr


@pytest.mark.parametrize("offset", ["nan,0", "0,inf", "1e9,0"])
def test_offsets_must_be_finite_millimetres(tmp_path, offset):
    result = run_cli("batch", "--calibration", "--award", "jubilee-medal", "--offset-mm", offset,
                     "-o", str(tmp_path))
    assert result.returncode == 2 and "from -50 to 50" in result.stderr and not list(tmp_path.iterdir())


def test_a_malformed_workbook_is_one_line_exit_2(tmp_path):
    good = tmp_path / "good.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["ФИО"])
    book.save(good)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, b"<worksheet><sheetData><row" if info.filename.endswith("sheet1.xml") else data)
    result = run_cli("batch", str(bad), "--award", "jubilee-medal", "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "not a readable XLSX workbook" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_an_internal_error_is_exit_70(monkeypatch, capsys):
    from qujat import cli

    def broken(path: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr("qujat.records.schema.load_record", broken)
    with pytest.raises(SystemExit) as info:
        cli.run(["minutes", str(ALMATY)])
    assert info.value.code == 70
    assert capsys.readouterr().err == ("internal error: RuntimeError: a bug; run again with --debug and report "
                                       "it\n")


def test_outputs_refuse_a_folder_in_the_way(tmp_path):
    (tmp_path / "x.pdf").mkdir()
    with pytest.raises(OutputError, match="is a folder"), Outputs() as outputs:
        outputs.write(tmp_path / "x.pdf", b"data")
    assert (tmp_path / "x.pdf").is_dir()


@pytest.mark.parametrize("size", [20_000, 10_000_000])
def test_a_huge_cell_is_refused_before_anything_is_written(tmp_path, size):
    source = tmp_path / "l.csv"
    source.write_text("ФИО,Должность\nБекбас О.Т.,председатель\nКалиев С.Е.," + "ж" * size + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("batch", str(source), "--award", "jubilee-medal", "--split", "-o", str(out), "--draft")
    assert result.returncode == 2 and "a cell may hold at most 10,000" in result.stderr
    assert not out.exists()


def test_a_huge_table_of_texts_is_refused(tmp_path, monkeypatch):
    from openpyxl import Workbook

    from qujat import QujatError
    from qujat.lists import tables
    from qujat.lists.read import read_list

    book = Workbook()
    book.active.append(["ФИО"])
    book.save(tmp_path / "l.xlsx")
    with zipfile.ZipFile(tmp_path / "l.xlsx", "a") as archive:  # the table of texts a 37 MB one would be
        archive.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>Қатысушы</t></si>" * 5000 + "</sst>")
    monkeypatch.setattr(tables, "MAX_SHARED_STRINGS_BYTES", 50_000)
    with pytest.raises(QujatError, match=r"table of texts is .* MB; a list may have at most"):
        read_list(tmp_path / "l.xlsx")
