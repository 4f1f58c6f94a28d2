"""Batch printing benchmark: seconds, pages per second, peak RSS and KB per page.

Runs each case in a fresh process so that peak RSS is that case's alone:

    python3 benchmarks/bench_batch.py                 # 1, 100, 1000, 10000 (combined), 1, 100, 1000 (--split)
                                                      # (cases up to 1,000 pages: the fastest of 3 runs)
    python3 benchmarks/bench_batch.py --sizes 1000 --split-sizes 1000 --jobs 2
    python3 benchmarks/bench_batch.py --profile 1000  # where the time goes (cProfile, top 25)
    python3 benchmarks/bench_batch.py --sizes 1000 --split-sizes --src /tmp/qujat-before/src
                                                      # also time another checkout, case by case

When WeasyPrint is installed (pip install '.[bench]') the same certificate text is also laid
out by WeasyPrint for comparison.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAMES = ["Әсел Нұрланқызы Жақсыбекова", "Серік Қайратұлы Өмірзақов", "Ирина Викторовна Лебедева",
         "Бекбас Оразбек Тұрсынұлы", "Aigerim Serikkyzy Nurpeisova", "Гүлнұр Әбдірайымова-Сермағамбетова"]


def make_list(path: Path, rows: int) -> None:
    """A CSV list of ``rows`` recipients, names cycling through Kazakh, Russian and Latin."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Аты-жөні", "Лауазымы", "Ұйымы"])
        for i in range(rows):
            writer.writerow([f"{NAMES[i % len(NAMES)]} {i}", "бастауыш кәсіподақ ұйымының төрағасы",
                             "«Қазақстан темір жолы» ұлттық компаниясы"])


def run_case(rows: int, split: bool, jobs: int) -> dict:
    """Run one batch in this process and return its figures (called in a child process)."""
    import qujat

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "list.csv"
        make_list(source, rows)
        started = time.perf_counter()
        report = qujat.print_batch(source, Path(tmp) / "out", award="federation-badge", lang="kk",
                                         date=__import__("datetime").date(2021, 5, 6), split=split, jobs=jobs)
        seconds = time.perf_counter() - started
        if split:
            files = list((Path(tmp) / "out" / "list").glob("*.pdf"))
            size = sum(f.stat().st_size for f in files)
            per_file = size / max(len(files), 1) / 1024
        else:
            size = (Path(tmp) / "out" / "list.pdf").stat().st_size
            per_file = None
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"rows": rows, "split": split, "jobs": jobs, "issued": report.issued, "seconds": round(seconds, 2),
            "pages_per_s": round(report.issued / seconds, 1), "peak_rss_mb": round(max(rss_self, rss_children), 1),
            "kb_per_page": round(size / 1024 / max(report.issued, 1), 1),
            "kb_per_file": round(per_file, 1) if per_file else None, "total_mb": round(size / 2**20, 2)}


def child(rows: int, split: bool, jobs: int, repeat: int = 1, src: str | None = None) -> dict:
    """The case run ``repeat`` times, each in a fresh process: the fastest run's figures, and
    the highest peak RSS seen (a shared machine's noise only ever adds time). With ``src``
    the child imports qujat from that folder (PYTHONPATH=src), to time another checkout."""
    env = None
    if src:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, __file__, "--child", str(rows), str(int(split)), str(jobs)],
                             capture_output=True, text=True, check=True, env=env)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["seconds"])
    best["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    return best


def weasyprint_case(rows: int) -> float | None:
    """Seconds for WeasyPrint to lay out the same texts as HTML pages, if it is installed."""
    try:
        import weasyprint  # type: ignore
    except ImportError:
        return None
    pages = "".join(f"<section><h1>КУӘЛІК</h1><h2>{NAMES[i % len(NAMES)]} {i}</h2>"
                    "<p>бастауыш кәсіподақ ұйымының төрағасы</p></section>" for i in range(rows))
    html = ("<style>@page{size:A4 landscape;margin:18mm}section{page-break-after:always;"
            "font-family:'PT Serif';border:6px double #7a1f2b;height:150mm}</style>" + pages)
    started = time.perf_counter()
    weasyprint.HTML(string=html).write_pdf(os.devnull)
    return time.perf_counter() - started


def weasyprint_child(rows: int) -> float | None:
    """:func:`weasyprint_case` in a fresh process (Linux keeps a process's peak RSS across
    fork and exec, so a big run here would show in every later case's figure)."""
    out = subprocess.run([sys.executable, __file__, "--weasy", str(rows)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def profile(rows: int) -> None:
    import cProfile
    import pstats

    cProfile.runctx("run_case(rows, False, 1)", globals(), {"rows": rows, "run_case": run_case}, "/tmp/qujat.prof")
    pstats.Stats("/tmp/qujat.prof").sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1, 100, 1000, 10000])
    parser.add_argument("--split-sizes", type=int, nargs="*", default=[1, 100, 1000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the fastest is shown")
    parser.add_argument("--profile", type=int)
    parser.add_argument("--src", action="append", default=[], metavar="PATH",
                        help="also time the qujat in PATH (the src folder of another checkout; children run "
                             "with PYTHONPATH=PATH); may be given more than once")
    parser.add_argument("--child", nargs=3)
    parser.add_argument("--weasy", type=int)
    args = parser.parse_args()
    if args.weasy:
        print(json.dumps(weasyprint_case(args.weasy)))
        return
    if args.child:
        print(json.dumps(run_case(int(args.child[0]), bool(int(args.child[1])), int(args.child[2]))))
        return
    if args.profile:
        profile(args.profile)
        return
    sources: list[str | None] = [None, *args.src]
    if args.src:
        for i, src in enumerate(sources):
            print(f"[{i}] {src or 'this checkout (PYTHONPATH as given)'}")
    tags = [f" [{i}]" if args.src else "" for i in range(len(sources))]
    print(f"{'case':<26}{'seconds':>9}{'pages/s':>10}{'peak RSS MB':>13}{'KB/page':>9}{'KB/file':>9}")
    for rows in args.sizes:
        for src, tag in zip(sources, tags):
            r = child(rows, False, 1, args.repeat if rows <= 1000 else 1, src)
            print(f"{f'combined {rows}{tag}':<26}{r['seconds']:>9}{r['pages_per_s']:>10}{r['peak_rss_mb']:>13}"
                  f"{r['kb_per_page']:>9}{'':>9}")
        w = weasyprint_child(rows) if rows <= 1000 else None
        if w:
            ratio = w / r["seconds"]
            print(f"{f'  weasyprint {rows}':<26}{round(w, 2):>9}   (time ratio WeasyPrint/qujat {ratio:.1f})")
    for rows in args.split_sizes:
        for src, tag in zip(sources, tags):
            r = child(rows, True, args.jobs, args.repeat if rows <= 100 else 1, src)
            print(f"{f'split {rows} (jobs {args.jobs}){tag}':<26}{r['seconds']:>9}{r['pages_per_s']:>10}"
                  f"{r['peak_rss_mb']:>13}{r['kb_per_page']:>9}{r['kb_per_file']:>9}")


if __name__ == "__main__":
    main()
