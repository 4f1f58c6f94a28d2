"""Compare the minutes DOCX of two checkouts byte for byte (each rendered in its own process).

    python3 tools/compare_minutes.py --before /tmp/qujat-before/src [--after src]

Renders both sample records in ru, kk, en, kk-Latn and kk+ru with ``qujat.minutes_bytes`` and
prints, per case, whether the bytes are identical. Exits 1 when any case differs.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORDS = [ROOT / "records" / "2018-07-04-almaty-south-cluster.yaml",
           ROOT / "records" / "2018-07-12-aktobe-west-cluster.yaml"]
LANGS = ["ru", "kk", "en", "kk-Latn", "kk+ru"]


def digests() -> dict[str, str]:
    """The SHA-256 of each case's DOCX, rendered by the qujat on this process's path."""
    import qujat

    out: dict[str, str] = {}
    for path in RECORDS:
        record = qujat.load_record(path)
        for lang in LANGS:
            out[f"{path.stem} {lang}"] = hashlib.sha256(qujat.minutes_bytes(record, lang)).hexdigest()
    return out


def run(src: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(Path(src).resolve())}
    done = subprocess.run([sys.executable, __file__, "--child"], env=env, capture_output=True, text=True,
                          check=True, cwd=ROOT)
    result: dict[str, str] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="/tmp/qujat-before/src")
    parser.add_argument("--after", default=str(ROOT / "src"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(digests()))
        return 0
    before, after = run(args.before), run(args.after)
    differ = 0
    for case in before:
        same = before[case] == after.get(case)
        differ += not same
        print(f"{case:45} {'identical' if same else 'DIFFERS'}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
