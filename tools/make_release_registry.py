"""Make tests/registries/release-0.1.0/: a registry as qujat 0.1.0 (migration 0001) left it.

Run once with the 0.1.0 code (``git show 651274f``), never again: the migration test converts
this file and checks that every certificate in it still verifies and reprints to the SHA-256 it
was issued with.

    PYTHONPATH=src python3 tools/make_release_registry.py
"""
from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "tests" / "registries" / "release-0.1.0"


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    registry = TARGET / "qujat-registry.sqlite3"
    for old in TARGET.glob("qujat-registry*"):
        old.unlink()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "QUJAT_REGISTRY": str(registry)}
    env.pop("QUJAT_SIGNING_KEY", None)

    def run(*args: str) -> None:
        subprocess.run([sys.executable, "-m", "qujat", *args], check=True, env=env, cwd=ROOT)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        run("certificates", "records/2018-07-04-almaty-south-cluster.yaml", "--lang", "kk", "-o", str(out / "kk"))
        listing = out / "list.csv"
        with open(listing, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["ФИО", "Должность", "ИИН"])
            writer.writerow(["Жақсыбекова Айгүл Серікқызы", "бухгалтер", "020606650023"])
            writer.writerow(["Ахметов Ерлан", "электрик", ""])
        run("batch", str(listing), "--award", "federation-badge", "--lang", "ru", "--date", "2018-07-12",
            "-o", str(out / "batch"))
        run("certificate", "--award", "federation-badge", "--name", "Бекбас О.Т.", "--lang", "kk+ru",
            "--date", "2018-07-12", "-o", str(out / "one.pdf"))
        run("registry", "revoke", "A20-0002", "--reason", "ошибка в фамилии")
        run("registry", "duplicate", "FB-0001", "-o", str(out / "dup.pdf"))
        journal = out / "journal.csv"
        with open(journal, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["№", "ФИО", "Награда", "Дата"])
            writer.writerow(["A20-0041", "Старый О.Т.", "jubilee-medal", "2018-05-01"])
        run("registry", "import", str(journal))
    for extra in TARGET.glob("qujat-registry.sqlite3-*"):  # the WAL is checkpointed on close
        extra.unlink()


if __name__ == "__main__":
    main()
