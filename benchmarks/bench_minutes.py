"""Minutes benchmark: seconds per DOCX (reading the record included) for growing records.

Cases: the sample record (9 attendees, 2 agenda items), the sample with 200 attendees, and the
sample with 2,500 and 10,000 agenda items (generated from the sample's items). Each checkout is
timed in a child process whose PYTHONPATH is its src folder, so two trees can be compared in the
same run (the same machine load for both)::

    python3 benchmarks/bench_minutes.py                           # this checkout
    python3 benchmarks/bench_minutes.py --src /tmp/qujat-before/src  # that tree, then this one
    python3 benchmarks/bench_minutes.py --repeat 5 --lang kk
    python3 benchmarks/bench_minutes.py --pdf                     # + PDF through LibreOffice

With ``--pdf`` each case is also converted to PDF: seconds per document for one record in one
LibreOffice run, for 20 records converted in one call (one LibreOffice run), and for the same
20 in a loop that starts LibreOffice once per file (what a shell loop over ``soffice`` does).

A case's figure is the fastest of ``--repeat`` runs (one untimed warm-up run first): the noise of
a shared machine only ever adds time. The ratios printed last are the scaling targets:
200 attendees / sample (target <= 1.3) and 10,000 / 2,500 agenda items (target <= 4.5).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "records" / "2018-07-04-almaty-south-cluster.yaml"
CASES = ["sample", "200 attendees", "2,500 agenda items", "10,000 agenda items"]


def _numbered(text: Any, n: int) -> Any:
    """``text`` (a plain string or a {language: text} mapping) with `` n`` after it."""
    if isinstance(text, dict):
        return {lang: f"{value} {n}" for lang, value in text.items()}
    return f"{text} {n}"


def make_records(folder: Path) -> dict[str, Path]:
    """The four cases as YAML files in ``folder``, built from the sample record."""
    import yaml

    sample = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    paths = {"sample": SAMPLE}

    people = sample["attendees"]
    big = dict(sample, attendees=[dict(people[i % len(people)], name=_numbered(people[i % len(people)]["name"], i + 1))
                                  for i in range(200)])
    paths["200 attendees"] = folder / "attendees-200.yaml"
    paths["200 attendees"].write_text(yaml.safe_dump(big, allow_unicode=True, sort_keys=False), encoding="utf-8")

    items = sample["agenda"]
    for count, case in ((2_500, "2,500 agenda items"), (10_000, "10,000 agenda items")):
        # Each item: its title and one resolution (a sample item's heard/spoke texts would take a
        # 10,000-item file past the record's limits of 5 MB and 200,000 values).
        agenda = [{"title": _numbered(items[i % len(items)]["title"], i + 1),
                   "resolutions": [{"text": items[i % len(items)]["resolutions"][0]["text"]}]}
                  for i in range(count)]
        paths[case] = folder / f"agenda-{count}.yaml"
        paths[case].write_text(yaml.safe_dump(dict(sample, agenda=agenda), allow_unicode=True, sort_keys=False),
                               encoding="utf-8")
    return paths


def _big() -> Any:
    """Settings that let the 10,000-item record (over the 5 MB default) load: the library reads
    no environment variable, it takes its settings as an argument (imported here, in the tree
    being timed)."""
    from qujat.settings import Settings

    return Settings(max_yaml_bytes=50 * 2**20)


def time_cases(paths: dict[str, str], lang: str, repeat: int) -> dict[str, float]:
    """Seconds per DOCX for each case (load_record + minutes_bytes), fastest of ``repeat`` runs."""
    import qujat

    figures: dict[str, float] = {}
    for case, path in paths.items():
        qujat.minutes_bytes(qujat.load_record(path, settings=_big()), lang=lang)  # warm-up: imports, catalogs, template
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            qujat.minutes_bytes(qujat.load_record(path, settings=_big()), lang=lang)
            best = min(best, time.perf_counter() - started)
        figures[case] = best
    return figures


def time_pdf(paths: dict[str, str], lang: str, batch: int, cases: list[str]) -> dict[str, dict[str, float]]:
    """Seconds per PDF for each case: one record; ``batch`` records in one LibreOffice run; the
    same ``batch`` records with one LibreOffice start per file."""
    import qujat
    from qujat.minutes.libreoffice import docx_to_pdf

    figures: dict[str, dict[str, float]] = {}
    for case in cases:
        document = qujat.minutes_bytes(qujat.load_record(paths[case], settings=_big()), lang=lang)
        started = time.perf_counter()
        docx_to_pdf([qujat.minutes_bytes(qujat.load_record(paths[case], settings=_big()), lang=lang)])
        one = time.perf_counter() - started
        started = time.perf_counter()
        docx_to_pdf([qujat.minutes_bytes(qujat.load_record(paths[case], settings=_big()), lang=lang)
                     for _ in range(batch)])
        together = (time.perf_counter() - started) / batch
        started = time.perf_counter()
        for _ in range(batch):
            docx_to_pdf([document])
        loop = (time.perf_counter() - started) / batch
        figures[case] = {"one": one, "batch": together, "loop": loop}
    return figures


def run_tree(src: Path, paths: dict[str, Path], lang: str, repeat: int) -> dict[str, float]:
    """:func:`time_cases` in a child process that imports qujat from ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src.resolve()), "QUJAT_MAX_YAML_BYTES": str(50 * 2**20)}
    job = json.dumps({"paths": {k: str(v) for k, v in paths.items()}, "lang": lang, "repeat": repeat})
    done = subprocess.run([sys.executable, __file__, "--child", job], env=env, capture_output=True, text=True,
                          check=False,
                          cwd=ROOT)
    if done.returncode:
        sys.exit(f"{src}: the benchmark failed:\n{done.stderr}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description="Minutes DOCX: seconds per document for growing records.")
    parser.add_argument("--src", type=Path, help="another checkout's src folder to time as well (first)")
    parser.add_argument("--lang", default="ru", help="language of the minutes (default ru)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per case; the fastest counts")
    parser.add_argument("--pdf", action="store_true", help="also time PDF output through LibreOffice")
    parser.add_argument("--pdf-cases", default="sample,200 attendees,2,500 agenda items,10,000 agenda items",
                        help="cases to convert to PDF (the big ones take minutes)")
    parser.add_argument("--batch", type=int, default=20, help="records per LibreOffice call (default 20)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        job = json.loads(args.child)
        print(json.dumps(time_cases(job["paths"], job["lang"], job["repeat"])))
        return 0
    trees = ([("before", args.src)] if args.src else []) + [("this", ROOT / "src")]
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_records(Path(tmp))
        results = {name: run_tree(src, paths, args.lang, args.repeat) for name, src in trees}
    names = [name for name, _ in trees]
    print(f"{'case':22}" + "".join(f"{name + ' s/DOCX':>16}" for name in names)
          + (f"{'speed-up':>10}" if len(names) == 2 else ""))
    for case in CASES:
        row = [results[name][case] for name in names]
        print(f"{case:22}" + "".join(f"{s:16.3f}" for s in row)
              + (f"{row[0] / row[1]:9.1f}x" if len(row) == 2 else ""))
    for label, top, bottom, target in (("200 attendees / sample", "200 attendees", "sample", 1.3),
                                       ("10,000 / 2,500 items", "10,000 agenda items", "2,500 agenda items", 4.5)):
        ratios = "".join(f"{results[name][top] / results[name][bottom]:16.2f}" for name in names)
        print(f"{label:22}{ratios}   (target <= {target})")
    if args.pdf:
        sys.path.insert(0, str(ROOT / "src"))
        os.environ.setdefault("QUJAT_MAX_YAML_BYTES", str(50 * 2**20))
        wanted = [c for c in CASES if c in args.pdf_cases.replace(", ", ",").split(";")] or [
            c for c in CASES if c.replace(",", "") in args.pdf_cases.replace(",", "")]
        with tempfile.TemporaryDirectory() as tmp:
            paths = make_records(Path(tmp))
            pdf = time_pdf({k: str(v) for k, v in paths.items()}, args.lang, args.batch, wanted)
        print(f"\n{'case (PDF, s/doc)':22}{'one record':>12}{f'{args.batch} in 1 run':>14}"
              f"{f'{args.batch} x soffice':>14}{'speed-up':>10}")
        for case, row in pdf.items():
            print(f"{case:22}{row['one']:12.2f}{row['batch']:14.2f}{row['loop']:14.2f}"
                  f"{row['loop'] / row['batch']:9.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
