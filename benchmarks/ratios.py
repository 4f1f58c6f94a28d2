"""Every ratio of issue #20 in one run: certificates per page against the floor, the registry's
overhead, --split --jobs 2, split file sizes, the registry's export memory and verify time, and
the minutes' start-up and scaling, for this checkout and any others given with --src.

    python3 benchmarks/ratios.py                                   # this checkout
    python3 benchmarks/ratios.py --src before=/tmp/speed-before/src  # and another, case by case
    python3 benchmarks/ratios.py --sizes 1000 --rounds 5 --only pages,minutes

How it measures, so that a busy shared machine (other people's test suites on its two cores)
does not decide the figures:

* CPU time, not wall time: every case runs in a fresh child process and counts the user and
  system time of that process and all of its own children (``RUSAGE_CHILDREN`` before and after),
  start-up and imports included. Only ``--split --jobs N``, whose point is to use more cores, is
  timed on the wall clock (and its CPU shown beside it).
* The fastest of ``--rounds`` rounds (load only ever adds time), the rounds interleaved case by
  case and checkout by checkout, so that every case sees the same load.
* Ratios within one run, never against a figure from another day.
* Every checkout's modules byte-compiled first (``compileall``), as ``pip install`` leaves an
  installed package: a source tree run with ``PYTHONDONTWRITEBYTECODE`` (this machine's default)
  would otherwise compile its ~130 modules again in every run, 0.3-0.4 s no user pays.

The cases (``federation-badge`` in Kazakh, the names of ``bench_batch.NAMES`` numbered, a fresh
folder each run):

floor          ``floor.py``: the same page with reportlab's public API alone and zxing-cpp
floor signed   the same with a signed payload's code and letters (what a registry's page carries)
typst          ``typst_page.py`` (when the ``typst`` package imports: ``--typst-path``), the border
               as one SVG (the issue's prototype) and as a PDF image
library        ``qujat.print_batch`` in a script (no registry: ``issuing=Issuing()``)
draft          ``generate batch LIST --draft`` (nothing recorded)
registry       ``generate batch LIST`` into an office's registry (made by ``registry init`` before the
               timing, a copy for each run): numbered, signed, recorded
split          ``generate batch LIST --split --jobs 1`` and ``--jobs 2``, with a registry
registry 100k  ``generate registry export`` to XLSX and CSV (peak memory) and ``generate verify
               NUMBER`` (time beyond start-up) on a registry of 100,000 certificates
minutes        ``generate minutes`` of the sample record: start-up (imports and first-use
               caches: the first run less a second in the same process); 200 attendees against
               the sample, in-process (the fastest of 5)
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from bench_batch import make_list  # noqa: E402

DATE = "2021-05-06"
SAMPLE = ROOT / "records" / "2018-07-04-almaty-south-cluster.yaml"


@dataclass
class Tree:
    label: str
    src: Path

    def env(self, extra: str | None = None) -> dict[str, str]:
        paths = [str(self.src)] + ([extra] if extra else [])
        env = {k: v for k, v in os.environ.items() if not k.startswith("QUJAT_")}
        # not this machine's user's registry: each checkout has a user folder of its own for this run
        # (a registry one checkout made at a newer schema would be refused by an older one's code)
        user = Path(tempfile.gettempdir()) / f"qujat-ratios-user-data-{self.label}-{os.getpid()}"
        return {**env, "PYTHONPATH": os.pathsep.join(paths), "QUJAT_MAX_YAML_BYTES": str(50 * 2**20),
                "XDG_DATA_HOME": str(user)}


@dataclass
class Run:
    cpu: float
    wall: float
    rss_mb: float
    out: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def run(command: list[str], env: dict[str, str], cwd: Path) -> Run:
    """``command`` in a fresh process: its CPU time (with its children's), wall time, peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0,):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of the children is the largest of any child so far: each case's peak comes from
    # its own child process (see peak_rss), this one is only a fallback
    return Run(cpu, wall, after.ru_maxrss / 1024, done.stdout)


def peak_rss(command: list[str], env: dict[str, str], cwd: Path) -> float:
    """The peak RSS (MB) of ``command``, measured by a wrapper process of its own (the children's
    peak of this process would carry the largest of every earlier case)."""
    wrapper = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    done = subprocess.run([sys.executable, "-c", wrapper, *command], env=env, cwd=cwd, capture_output=True,
                          text=True, check=False)
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return float(done.stdout.strip().splitlines()[-1])


LIBRARY = """
import datetime, sys, qujat
from qujat.certificates.assemble import Issuing
report = qujat.print_batch(sys.argv[1], sys.argv[2], award="federation-badge", lang="kk",
                           date=datetime.date(2021, 5, 6), issuing=Issuing())
assert report.issued == int(sys.argv[3]), (report.issued, report.failures()[:3])
"""

MINUTES_STARTUP = """
import json, sys, time
started = time.process_time()
from qujat.cli import run
run(["minutes", sys.argv[1], "-o", sys.argv[2] + "/a.docx"])
first = time.process_time() - started
started = time.process_time()
run(["minutes", sys.argv[1], "-o", sys.argv[2] + "/b.docx"])
second = time.process_time() - started
print(json.dumps({"startup": first - second, "first": first, "second": second}))
"""

MINUTES_SCALING = """
import json, sys, time
import qujat
figures = {}
for case, path in json.loads(sys.argv[1]).items():
    qujat.minutes_bytes(qujat.load_record(path), lang="ru")
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        qujat.minutes_bytes(qujat.load_record(path), lang="ru")
        best = min(best, time.process_time() - started)
    figures[case] = best
print(json.dumps(figures))
"""


def pdf_kb(folder: Path, rows: int) -> float:
    """KB of a batch's combined PDF: one file, or its parts (``list-N.part-01.pdf`` … above 5,000)."""
    files = [folder / f"list-{rows}.pdf"] if (folder / f"list-{rows}.pdf").exists() else \
        sorted(folder.glob(f"list-{rows}.part-*.pdf"))
    if not files:
        sys.exit(f"no combined PDF in {folder}")
    return sum(f.stat().st_size for f in files) / 1024


class Bench:
    def __init__(self, args: argparse.Namespace, trees: list[Tree], work: Path) -> None:
        self.args = args
        self.trees = trees
        self.this = trees[-1]
        self.work = work
        self.python = sys.executable
        self.results: dict[tuple[str, str], list[Run]] = {}
        self.lists: dict[int, Path] = {}

    def list_of(self, rows: int) -> Path:
        if rows not in self.lists:
            path = self.work / f"list-{rows}.csv"
            make_list(path, rows)
            self.lists[rows] = path
        return self.lists[rows]

    def fresh(self) -> Path:
        return Path(tempfile.mkdtemp(dir=self.work))

    def record(self, case: str, tree: str, result: Run) -> None:
        self.results.setdefault((case, tree), []).append(result)

    def best(self, case: str, tree: str, key: str = "cpu") -> Run | None:
        runs = self.results.get((case, tree))
        return min(runs, key=lambda r: getattr(r, key)) if runs else None

    # cases ------------------------------------------------------------------------------

    def floor(self, rows: int, signed: bool) -> Run:
        out = self.fresh()
        command = [self.python, str(HERE / "floor.py"), "--rows", str(rows), "-o", str(out / "floor.pdf")]
        result = run(command + (["--signed"] if signed else []), self.this.env(), out)
        result.extra["kb_per_page"] = (out / "floor.pdf").stat().st_size / 1024 / rows
        shutil.rmtree(out)
        return result

    def typst_ok(self) -> bool:
        if not hasattr(self, "_typst"):
            probe = subprocess.run([self.python, "-c", "import typst"], env=self.this.env(self.args.typst_path),
                                   capture_output=True, check=False)
            self._typst = probe.returncode == 0
            if self._typst:  # the border SVG, made once, outside the timed runs
                subprocess.run([self.python, str(HERE / "typst_page.py"), "--prepare", "-o", "-"],
                               env=self.this.env(self.args.typst_path), check=True)
        return self._typst

    def typst(self, rows: int, border: str) -> Run:
        out = self.fresh()
        command = [self.python, str(HERE / "typst_page.py"), "--rows", str(rows), "--border", border,
                   "-o", str(out / "typst.pdf")]
        result = run(command, self.this.env(self.args.typst_path), out)
        result.extra["kb_per_page"] = (out / "typst.pdf").stat().st_size / 1024 / rows
        shutil.rmtree(out)
        return result

    def library(self, tree: Tree, rows: int) -> Run:
        out = self.fresh()
        result = run([self.python, "-c", LIBRARY, str(self.list_of(rows)), str(out / "out"), str(rows)],
                     tree.env(), out)
        result.extra["kb_per_page"] = pdf_kb(out / "out", rows) / rows
        shutil.rmtree(out)
        return result

    def generate(self, tree: Tree, rows: int, *options: str) -> tuple[Run, Path]:
        out = self.fresh()
        command = [self.python, "-m", "qujat", "batch", str(self.list_of(rows)), "--award", "federation-badge",
                   "--lang", "kk", "--date", DATE, "-q", "-o", str(out / "out"), *options]
        if "--draft" not in options:  # the office's registry, made by `registry init` (outside the timing)
            for made in self.initialised(tree).iterdir():
                shutil.copy(made, out / made.name)
            command += ["--registry", str(out / "registry.sqlite3")]
        return run(command, tree.env(), out), out

    def initialised(self, tree: Tree) -> Path:
        """A registry just made by ``generate registry init`` (once per tree), to copy for each run."""
        folder = self.work / f"init-{tree.label}"
        if not folder.exists():
            folder.mkdir()
            subprocess.run([self.python, "-m", "qujat", "registry", "init", "--registry",
                            str(folder / "registry.sqlite3")], env=tree.env(), cwd=folder, capture_output=True,
                           check=True)
        return folder

    def batch(self, tree: Tree, rows: int, draft: bool) -> Run:
        result, out = self.generate(tree, rows, *(["--draft"] if draft else []))
        result.extra["kb_per_page"] = pdf_kb(out / "out", rows) / rows
        shutil.rmtree(out)
        return result

    def split(self, tree: Tree, rows: int, jobs: int) -> Run:
        result, out = self.generate(tree, rows, "--split", "--jobs", str(jobs))
        files = list((out / "out" / f"list-{rows}").glob("*.pdf"))
        assert len(files) == rows, (len(files), rows)
        sizes = sorted(f.stat().st_size for f in files)
        result.extra["kb_per_file"] = sum(sizes) / len(sizes) / 1024
        result.extra["kb_largest"] = sizes[-1] / 1024
        shutil.rmtree(out)
        return result

    def minutes_startup(self, tree: Tree, with_registry: bool) -> Run:
        out = self.fresh()
        if with_registry:  # an office's folder: the registry its certificates were recorded in
            subprocess.run([self.python, "-m", "qujat", "certificates", str(SAMPLE), "-o", str(out / "certs")],
                           env=tree.env(), cwd=out, capture_output=True, check=True)
        result = run([self.python, "-c", MINUTES_STARTUP, str(SAMPLE), str(out)], tree.env(), out)
        result.extra.update(json.loads(result.out.strip().splitlines()[-1]))
        shutil.rmtree(out)
        return result

    def minutes_scaling(self, tree: Tree) -> Run:
        from bench_minutes import make_records

        folder = self.work / "minutes-records"
        if not folder.exists():
            folder.mkdir()
            self._records = make_records(folder)
        paths = {k: str(v) for k, v in self._records.items() if k in ("sample", "200 attendees")}
        result = run([self.python, "-c", MINUTES_SCALING, json.dumps(paths)], tree.env(), ROOT)
        result.extra.update(json.loads(result.out.strip().splitlines()[-1]))
        return result

    # the registry of 100,000 ---------------------------------------------------------------

    def big_registry(self, tree: Tree) -> Path:
        """A registry of ``--registry-rows`` certificates made by ``generate batch`` (once per tree)."""
        folder = self.work / f"registry-{tree.label}"
        if not folder.exists():
            folder.mkdir()
            rows = self.args.registry_rows
            if self.args.copied_registry:  # a block issued by generate batch, copied by SQL (seconds)
                subprocess.run([self.python, str(HERE / "big_registry.py"), str(folder / "registry.sqlite3"),
                                "--awards", str(rows)], env=tree.env(), cwd=folder, capture_output=True, check=True)
                return folder
            subprocess.run([self.python, "-m", "qujat", "batch", str(self.list_of(rows)), "--award",
                            "federation-badge", "--lang", "kk", "--date", DATE, "-q", "-o", str(folder / "out"),
                            "--registry", str(folder / "registry.sqlite3")],
                           env=tree.env(), cwd=folder, capture_output=True, check=True)
            shutil.rmtree(folder / "out")
        return folder

    def export(self, tree: Tree, suffix: str) -> Run:
        folder = self.big_registry(tree)
        target = self.fresh() / f"journal{suffix}"
        command = [self.python, "-m", "qujat", "registry", "export", str(target), "--registry",
                   str(folder / "registry.sqlite3")]
        result = run(command, tree.env(), folder)
        result.rss_mb = peak_rss(command, tree.env(), folder)
        return result

    def verify(self, tree: Tree) -> Run:
        folder = self.big_registry(tree)
        # a copied registry's copies are not validly signed: verify one of the block issued for real
        number = "FB-0500" if self.args.copied_registry else f"FB-{self.args.registry_rows // 2:04d}"
        code = ("import sys, time\nfrom qujat.cli import run\nt = time.perf_counter()\n"
                "try:\n    run(['verify', sys.argv[1], '--registry', sys.argv[2]])\nexcept SystemExit as e:\n"
                "    assert e.code in (0, None), e.code\nfirst = time.perf_counter() - t\nt = time.process_time()\n"
                "try:\n    run(['verify', sys.argv[1], '--registry', sys.argv[2]])\nexcept SystemExit:\n    pass\n"
                "print(first, time.process_time() - t)")
        result = run([self.python, "-c", code, number, str(folder / "registry.sqlite3")], tree.env(), folder)
        first, second = (float(x) for x in result.out.strip().splitlines()[-1].split())
        result.extra.update({"first": first, "second": second})
        return result


def rounds(bench: Bench, cases: list[tuple[str, str, Callable[[], Run]]], count: int) -> None:
    for r in range(count):
        for case, tree, job in cases:
            result = job()
            bench.record(case, tree, result)
            print(f"  round {r + 1}: {case} [{tree}] {result.cpu:.2f} s CPU, {result.wall:.2f} s wall", flush=True,
                  file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", action="append", default=[], metavar="LABEL=PATH",
                        help="another checkout's src folder, e.g. before=/tmp/speed-before/src")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=3, help="rounds for 1,000 pages and the small cases")
    parser.add_argument("--big-rounds", type=int, default=2, help="rounds above 1,000 pages")
    parser.add_argument("--split-rows", type=int, default=500)
    parser.add_argument("--registry-rows", type=int, default=100_000)
    parser.add_argument("--copied-registry", action="store_true",
                        help="make the big registry by big_registry.py (a block of 1,000 issued, copied by SQL: "
                             "seconds) instead of one generate batch of all its rows (about 15 minutes)")
    parser.add_argument("--typst-path", help="a folder holding the typst package (pip install --target)")
    parser.add_argument("--only", default="pages,split,registry,minutes",
                        help="groups to run: pages, split, registry, minutes")
    args = parser.parse_args()
    groups = set(args.only.split(","))
    trees = [Tree(*item.split("=", 1)) for item in args.src] + [Tree("this", ROOT / "src")]
    for tree in trees:
        tree.src = Path(tree.src).resolve()
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree.src)], check=True)
    labels = [t.label for t in trees]
    work = Path(tempfile.mkdtemp(prefix="qujat-ratios-"))
    bench = Bench(args, trees, work)
    lines: list[str] = []
    say = lines.append
    try:
        say(f"checkouts: {', '.join(f'{t.label} = {t.src}' for t in trees)}")
        say(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        if "pages" in groups:
            pages(bench, args, labels, say)
        if "split" in groups:
            split(bench, args, labels, say)
        if "registry" in groups:
            registry(bench, args, labels, say)
        if "minutes" in groups:
            minutes(bench, args, labels, say)
        say(f"load average at the end: {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n".join(lines))
    return 0


def pages(bench: Bench, args: argparse.Namespace, labels: list[str], say: Callable[[str], None]) -> None:
    for rows in args.sizes:
        def at(case: str, rows: int = rows) -> str:  # each size's runs apart from the others'
            return f"{case} @{rows}"

        cases: list[tuple[str, str, Callable[[], Run]]] = [
            (at("floor"), "-", lambda rows=rows: bench.floor(rows, False)),
            (at("floor signed"), "-", lambda rows=rows: bench.floor(rows, True))]
        if bench.typst_ok():
            cases += [(at("typst (border SVG)"), "-", lambda rows=rows: bench.typst(rows, "svg")),
                      (at("typst (border PDF)"), "-", lambda rows=rows: bench.typst(rows, "pdf"))]
        for tree in bench.trees:
            cases += [(at("library"), tree.label, lambda tree=tree, rows=rows: bench.library(tree, rows)),
                      (at("draft"), tree.label, lambda tree=tree, rows=rows: bench.batch(tree, rows, True)),
                      (at("registry"), tree.label, lambda tree=tree, rows=rows: bench.batch(tree, rows, False))]
        rounds(bench, cases, args.rounds if rows <= 1000 else args.big_rounds)
        floor = bench.best(at("floor"), "-")
        signed = bench.best(at("floor signed"), "-")
        assert floor and signed
        say(f"\n{rows:,} certificates into one PDF: CPU ms a page (start-up included), × the floor")
        say(f"  {'case':<34}{'ms/page':>9}{'× floor':>9}{'KB/page':>9}")
        for case, tree in (("floor", "-"), ("floor signed", "-"), ("typst (border SVG)", "-"),
                           ("typst (border PDF)", "-")):
            best = bench.best(at(case), tree)
            if best:
                say(f"  {case:<34}{best.cpu / rows * 1e3:>9.2f}{best.cpu / floor.cpu:>9.2f}"
                    f"{best.extra['kb_per_page']:>9.2f}")
        if not bench.typst_ok():
            say("  typst: the typst package does not import here (--typst-path): compared with the floor only")
        for case, reference in (("library", floor), ("draft", floor), ("registry", signed)):
            for label in labels:
                best = bench.best(at(case), label)
                assert best
                say(f"  {case + ' [' + label + ']':<34}{best.cpu / rows * 1e3:>9.2f}{best.cpu / floor.cpu:>9.2f}"
                    f"{best.extra['kb_per_page']:>9.2f}"
                    + (f"   × floor signed {best.cpu / reference.cpu:.2f}" if reference is signed else ""))
        for label in labels:
            draft, reg, lib = (bench.best(at(c), label) for c in ("draft", "registry", "library"))
            assert draft and reg and lib
            say(f"  [{label}] registry overhead over the draft run: {100 * (reg.cpu / draft.cpu - 1):+.0f} %"
                f" (target ≤ +20 %); registry ≤ 1.5× floor: {reg.cpu / floor.cpu:.2f}; "
                f"library ≤ 1.25× floor: {lib.cpu / floor.cpu:.2f}")


def split(bench: Bench, args: argparse.Namespace, labels: list[str], say: Callable[[str], None]) -> None:
    rows = args.split_rows
    cases: list[tuple[str, str, Callable[[], Run]]] = []
    for tree in bench.trees:
        cases += [(f"split jobs {jobs}", tree.label, lambda tree=tree, jobs=jobs: bench.split(tree, rows, jobs))
                  for jobs in (1, 2)]
    rounds(bench, cases, args.rounds)
    say(f"\n--split, {rows:,} files, with a registry: wall seconds (the fastest), CPU seconds, KB a file")
    for label in labels:
        one, two = (bench.best(f"split jobs {jobs}", label, "wall") for jobs in (1, 2))
        assert one and two
        say(f"  [{label}] jobs 1: {one.wall:.2f} s wall, {one.cpu:.2f} s CPU; jobs 2: {two.wall:.2f} s wall, "
            f"{two.cpu:.2f} s CPU; jobs 2 / jobs 1 = {two.wall / one.wall:.2f} (target ≤ 0.65); "
            f"{one.extra['kb_per_file']:.0f} KB a file, largest {one.extra['kb_largest']:.0f} (target ≤ 100)")
    out = bench.fresh()
    subprocess.run([bench.python, str(HERE / "floor.py"), "--rows", "20", "--split", "--signed", "-o",
                    str(out)], env=bench.this.env(), check=True)
    sizes = [f.stat().st_size for f in out.glob("*.pdf")]
    say(f"  floor signed, one file a person: {sum(sizes) / len(sizes) / 1024:.0f} KB a file")


def registry(bench: Bench, args: argparse.Namespace, labels: list[str], say: Callable[[str], None]) -> None:
    cases: list[tuple[str, str, Callable[[], Run]]] = []
    for tree in bench.trees:
        cases += [("export .xlsx", tree.label, lambda tree=tree: bench.export(tree, ".xlsx")),
                  ("export .csv", tree.label, lambda tree=tree: bench.export(tree, ".csv")),
                  ("verify", tree.label, lambda tree=tree: bench.verify(tree))]
    rounds(bench, cases, 1)
    say(f"\nregistry of {args.registry_rows:,} certificates: export peak memory (target < 300 MB), verify NUMBER")
    for label in labels:
        xlsx, csv_, verify = (bench.best(c, label) for c in ("export .xlsx", "export .csv", "verify"))
        assert xlsx and csv_ and verify
        say(f"  [{label}] export .xlsx {xlsx.rss_mb:.0f} MB, {xlsx.cpu:.1f} s CPU; .csv {csv_.rss_mb:.0f} MB, "
            f"{csv_.cpu:.1f} s CPU; verify: first {verify.extra['first'] * 1e3:.0f} ms in the process, "
            f"again {verify.extra['second'] * 1e3:.0f} ms of CPU (target < 50 ms beyond start-up)")


def minutes(bench: Bench, args: argparse.Namespace, labels: list[str], say: Callable[[str], None]) -> None:
    cases: list[tuple[str, str, Callable[[], Run]]] = []
    for tree in bench.trees:
        cases += [("minutes start-up", tree.label, lambda tree=tree: bench.minutes_startup(tree, False)),
                  ("minutes start-up, registry", tree.label, lambda tree=tree: bench.minutes_startup(tree, True)),
                  ("minutes scaling", tree.label, lambda tree=tree: bench.minutes_scaling(tree))]
    rounds(bench, cases, args.rounds)
    say("\ngenerate minutes of the sample record: CPU seconds")
    for label in labels:
        plain = min(bench.results[("minutes start-up", label)], key=lambda r: r.extra["startup"])
        office = min(bench.results[("minutes start-up, registry", label)], key=lambda r: r.extra["startup"])
        runs = bench.results[("minutes scaling", label)]
        sample = min(r.extra["sample"] for r in runs)
        big = min(r.extra["200 attendees"] for r in runs)
        say(f"  [{label}] start-up (imports, first use) {plain.extra['startup']:.3f} s, with the office's "
            f"registry beside it {office.extra['startup']:.3f} s (target < 0.3); one document "
            f"{plain.extra['second']:.3f} s; 200 attendees / sample {big / sample:.2f} "
            f"({big:.3f} / {sample:.3f} s; target ≤ 1.3)")


if __name__ == "__main__":
    sys.exit(main())
