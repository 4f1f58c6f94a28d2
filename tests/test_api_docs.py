"""docs/api.md's office script: type-checked with mypy --strict against the installed package,
as a script's author would check it, then run."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import qujat
from conftest import RECORDS, ROOT, decode_qr


def _script(tmp_path: Path) -> Path:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    code = text[text.index("## An office script, end to end"):].split("```python\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "office.py"
    path.write_text(code, encoding="utf-8")
    return path


def test_the_office_script_type_checks_strictly(tmp_path):
    script = _script(tmp_path)
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", script.name],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found in 1 source file" in done.stdout


@pytest.mark.timeout(300)
def test_the_office_script_runs(tmp_path):
    script, out = _script(tmp_path), tmp_path / "out"
    out.mkdir()
    done = subprocess.run([sys.executable, str(script), str(RECORDS), str(out)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    minutes = sorted(p.name for p in (out / "minutes").iterdir())
    assert minutes == ["2018-07-04.pdf", "2018-07-12.pdf"]
    certificates = sorted(p.name for p in (out / "certificates").rglob("*.pdf"))
    assert certificates == ["A20-0001 С.Е. Қалиев.kk.pdf", "A20-0002 О.Т. Бекбас.kk.pdf",
                            "A20-0003 Б.А. Бекжанов.kk.pdf", "FB-0001 Вячеслав Румянцев.kk.pdf",
                            "FB-0002 Азат Харрасов.kk.pdf"]
    [code] = decode_qr(out / "for-email.pdf")
    registry = qujat.Registry.open(out / "office-registry.sqlite3")
    try:
        verdict = qujat.verify(code, registry)
    finally:
        registry.close()
    assert (verdict.status, verdict.number, verdict.name) == ("valid", "FB-0003", "Гүлнұр Әбдірайымова")
