"""The generate command as a user runs it: outputs, exit statuses, messages, no tracebacks."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from conftest import ALMATY, base_record, docx_text, run_cli, run_process


def test_minutes_default_output_in_record_language(tmp_path):
    result = run_cli("minutes", str(ALMATY), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "output" / "2018-07-04-almaty-south-cluster.ru.docx"
    assert out.exists() and "ПРОТОКОЛ" in "\n".join(docx_text(out))


def test_minutes_lang_and_output_option(tmp_path, write_record):
    path = write_record(base_record())
    result = run_cli("minutes", str(path), "--lang", "kk", "-o", str(tmp_path / "x" / "aktobe.kk.docx"))
    assert result.returncode == 0, result.stderr
    assert "ХАТТАМАСЫ № ______" in docx_text(tmp_path / "x" / "aktobe.kk.docx")


def _russian_title_record() -> dict:
    data = base_record(title="Только по-русски")
    del data["agenda"][0]["resolutions"][0]["vote"]  # 23 votes with one person present: a slip of its own
    return data


def test_check_valid_record_lists_untranslated(write_record):
    path = write_record(_russian_title_record())
    result = run_cli("check", str(path), "--lang", "kk,ru,en")
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("title:"))
    warned = result.stderr.splitlines()
    assert result.returncode == 0
    assert f"warning: {path}:{line}:8: title has no kk, en text" in warned
    assert result.stdout == f"{path}: valid, {len(warned)} warning{'' if len(warned) == 1 else 's'}\n"


def test_check_only_the_languages_asked(write_record):
    path = write_record(_russian_title_record())
    for asked in (("--lang", "ru"), ()):  # without --lang: the record's own language only
        result = run_cli("check", str(path), *asked)
        assert result.returncode == 0 and result.stderr == "" and result.stdout == f"{path}: valid\n"


def test_check_unknown_award_points_at_its_line(write_record):
    data = base_record(awards=[{"award": "golden-star", "recipients": [{"name": "X"}]}])
    path = write_record(data)
    result = run_cli("check", str(path))
    assert result.returncode == 2
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "golden-star" in text)
    assert f"{path}:{line}:" in result.stderr and "unknown award 'golden-star'" in result.stderr
    assert "jubilee-medal" in result.stderr


@pytest.mark.parametrize("content, expected", [
    ("language: ru\ntitle: [\n", "broken YAML"),
    ("language: ru\n", "'organisation' is required"),
])
def test_bad_input_exits_2_without_traceback_and_keeps_old_output(tmp_path, write_record, content, expected):
    out = tmp_path / "keep.docx"
    out.write_bytes(b"earlier minutes")
    result = run_cli("minutes", str(write_record(content)), "-o", str(out))
    assert result.returncode == 2
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ")
    assert out.read_bytes() == b"earlier minutes"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_unwritable_output_is_a_clear_error(tmp_path, write_record):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("minutes", str(write_record(base_record())), "-o", str(blocker / "sub" / "m.docx"))
    assert result.returncode == 2 and "cannot create the folder" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_read_only_folder(tmp_path, write_record):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    result = run_cli("minutes", str(write_record(base_record())), "-o", str(folder / "m.docx"))
    assert result.returncode == 2 and "cannot write" in result.stderr


def test_unknown_language_is_usage_error(write_record):
    result = run_cli("minutes", str(write_record(base_record())), "--lang", "de")
    assert result.returncode == 2 and "'de' is not a language" in result.stderr


def test_debug_shows_traceback(write_record):
    path = write_record("language: ru\n")
    result = run_cli("--debug", "check", str(path))
    # the error is not caught: the interpreter prints its traceback and exits 1
    assert result.returncode == 1 and result.stderr.startswith("Traceback (most recent call last):")
    assert f"qujat.errors.RecordError: {path}:1:1: 'organisation' is required here but missing" in result.stderr


def test_schema_is_json_schema():
    result = run_cli("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Record" and "agenda" in schema["properties"]


def test_usage_error_exits_2():
    result = run_cli("minutes")
    assert result.returncode == 2 and "Missing argument" in result.stderr


def test_python_m_qujat_and_the_console_script_are_the_command(tmp_path, write_record):
    """The two ways a user starts qujat, each in a process of its own (the other tests run the
    command in-process, through ``qujat.cli.run``): ``python -m qujat`` writes the minutes where the
    user is, exit 0; the ``generate`` script refuses a bad record, one line per problem, exit 2."""
    made = run_process("minutes", str(ALMATY), cwd=tmp_path)
    assert (made.returncode, made.stdout) == (0, "wrote output/2018-07-04-almaty-south-cluster.ru.docx\n"), made.stderr
    assert "ПРОТОКОЛ" in "\n".join(docx_text(tmp_path / "output" / "2018-07-04-almaty-south-cluster.ru.docx"))
    script = Path(sys.executable).with_name("generate")
    assert script.is_file(), f"no console script {script}: pip install -e ."
    bad = write_record("language: ru\n")
    refused = run_process("minutes", str(bad), "-o", str(tmp_path / "m.docx"), command=[str(script)])
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.splitlines()[0] == f"error: {bad}:1:1: 'organisation' is required here but missing"
    assert all(line.startswith(f"error: {bad}:1:1: ") for line in refused.stderr.splitlines())
    assert not (tmp_path / "m.docx").exists()
