"""The office desk against the command line, in one run: a list of 1,000 rows issued through the
desk (``generate serve``, its pages driven over HTTP as a browser does: the list uploaded and
read, issued, the run followed to its end) and by ``generate batch`` with the same options into
a fresh registry each; then each page's answer time. Prints ratios: desk / CLI (target ≤ 1.3)
and each page's time / 200 ms (target ≤ 1).

    python3 benchmarks/bench_desk.py                     # 1,000 rows, 3 rounds, 20 requests a page
    python3 benchmarks/bench_desk.py --rows 200 --rounds 1

How it measures, as ``ratios.py`` does, so that a busy shared machine does not decide it: the
rounds interleaved (CLI, desk, CLI, desk …) and the fastest of each kept (load only adds time);
the wall clock of the whole job as a clerk waits for it (start-up included on both sides: the
CLI's process, the desk's child run), and beside it the CPU time (the CLI's process; the desk's
server and the run it waited for, from /proc). A page's time is the median of its requests
to the running desk (keep-alive, one at a time), after one request to warm it.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import httpx2 as httpx  # noqa: E402
from bench_batch import make_list  # noqa: E402

AWARD, LANG, DATE = "federation-badge", "kk", "2018-07-04"
PAGE_TARGET = 0.200
DESK_TARGET = 1.3


def _qujat(*args: str) -> list[str]:
    return [sys.executable, "-m", "qujat", *args]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _process_cpu(pid: int) -> float:
    """A process's CPU time with that of the children it has waited for (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def cli_round(listing: Path, folder: Path) -> tuple[float, float]:
    """``generate batch`` of the list into a fresh registry: (wall, CPU) seconds."""
    registry, out = folder / "cli.sqlite3", folder / "cli-out"
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run(_qujat("batch", str(listing), "-o", str(out), "--registry", str(registry), "--award", AWARD,
                          "--lang", LANG, "--date", DATE, "--quiet"), check=True, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, _children_cpu() - cpu


class Desk:
    """``generate serve`` over a fresh SQLite registry, signed in with its one-time token."""

    def __init__(self, folder: Path) -> None:
        self.registry = folder / "desk.sqlite3"
        port = _free_port()
        said = folder / "desk-said.txt"  # the desk prints its address (with the token) on standard error
        with said.open("w") as sink:
            self.process = subprocess.Popen(_qujat("serve", "--registry", str(self.registry), "--port", str(port),
                                                   "--no-browser"), stdout=sink, stderr=sink,
                                            stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        found = None
        while found is None:
            found = re.search(r"http://\S+\?token=\S+", said.read_text())
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the desk printed no address")
            time.sleep(0.05)
        address = found.group(0)
        self.url = f"http://127.0.0.1:{port}"
        self.client = httpx.Client(base_url=self.url, headers={"Origin": self.url}, timeout=600)
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = self.client.get(address.strip().replace(self.url, ""), follow_redirects=True)
                if answer.status_code == 200:
                    break
                raise SystemExit(f"the desk refused its own token ({answer.status_code})")
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def issue(self, listing: Path) -> str:
        """The list dropped, read, issued, and its run followed to the end; the run's id."""
        read = self.client.post("/ru/lists", data={"award": AWARD, "lang": LANG, "date": DATE},
                                files={"list": (listing.name, listing.read_bytes(), "text/csv")})
        item = re.search(r'action="/ru/lists/([0-9a-f]{16})/issue"', read.text)
        if read.status_code != 200 or item is None:
            raise SystemExit(f"the desk did not read the list ({read.status_code})")
        started = self.client.post(f"/ru/lists/{item.group(1)}/issue", data={"split": "0"})
        run = started.headers["location"].rsplit("/", 1)[1]
        with self.client.stream("GET", f"/runs/{run}/events") as events:
            last = ""
            for line in events.iter_lines():
                last = line or last
        if '"state": "done"' not in last:
            raise SystemExit(f"the desk's run ended with {last}")
        return run

    def close(self) -> None:
        self.client.close()
        self.process.terminate()
        self.process.wait(60)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def desk_round(desk: Desk, listing: Path) -> tuple[float, float, str]:
    """The list issued through the running desk: (wall, CPU) seconds and the run's id."""
    cpu, start = _process_cpu(desk.process.pid), time.perf_counter()
    run = desk.issue(listing)
    return time.perf_counter() - start, _process_cpu(desk.process.pid) - cpu, run


def page_times(desk: Desk, listing: Path, run: str, requests: int) -> dict[str, float]:
    """The median answer time of each page (GETs and the list's reading) over ``requests``."""
    small = listing.with_name("ten.csv")
    make_list(small, 10)
    pages = {
        "home": lambda: desk.client.get("/ru/"),
        "lists (form)": lambda: desk.client.get("/ru/lists"),
        "lists: read 10 rows": lambda: desk.client.post("/ru/lists", data={"award": AWARD, "lang": LANG},
                                                       files={"list": (small.name, small.read_bytes())}),
        f"lists: read {_rows(listing)} rows": lambda: desk.client.post(
            "/ru/lists", data={"award": AWARD, "lang": LANG}, files={"list": (listing.name, listing.read_bytes())}),
        "run (done)": lambda: desk.client.get(f"/ru/runs/{run}"),
        "records (form)": lambda: desk.client.get("/ru/records"),
        "registry (search)": lambda: desk.client.get("/ru/registry", params={"q": "Жақсыбекова"}),
        "registry (first page)": lambda: desk.client.get("/ru/registry"),
        "holder": lambda: desk.client.get("/ru/registry/FB-0001"),
        "verify (form)": lambda: desk.client.get("/ru/verify"),
        "verify (number)": lambda: desk.client.post("/ru/verify", data={"payload": "FB-0001"}),
    }
    times = {}
    for name, ask in pages.items():
        if ask().status_code >= 500:
            raise SystemExit(f"{name}: the desk failed")
        took = []
        for _ in range(requests):
            start = time.perf_counter()
            ask()
            took.append(time.perf_counter() - start)
        times[name] = statistics.median(took)
    return times


def _rows(listing: Path) -> int:
    return sum(1 for _ in listing.open(encoding="utf-8-sig")) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qujat-bench-desk-") as tmp:
        folder = Path(tmp)
        listing = folder / "list.csv"
        make_list(listing, args.rows)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
        cli, desk_runs = [], []
        for index in range(args.rounds):  # a fresh folder and registries: every round numbers from 1
            here = folder / f"round-{index}"
            here.mkdir()
            cli.append(cli_round(listing, here))
            desk = Desk(here)
            try:
                desk_runs.append(desk_round(desk, listing))
                if len(desk_runs) == args.rounds:
                    pages = page_times(desk, listing, desk_runs[-1][2], args.requests)
            finally:
                desk.close()
            shutil.rmtree(here)
        cli_wall, cli_cpu = min(w for w, _ in cli), min(c for _, c in cli)
        desk_wall, desk_cpu = min(w for w, _, _ in desk_runs), min(c for _, c, _ in desk_runs)
        print(f"{args.rows} rows, fastest of {args.rounds} rounds each (wall; CPU)")
        print(f"  CLI   generate batch   {cli_wall:7.2f} s   {cli_cpu:7.2f} s")
        print(f"  desk  upload … done    {desk_wall:7.2f} s   {desk_cpu:7.2f} s")
        print(f"  desk / CLI             {desk_wall / cli_wall:7.2f}×   {desk_cpu / cli_cpu:7.2f}×   "
              f"(target ≤ {DESK_TARGET}×)")
        print(f"each page, median of {args.requests} (target {PAGE_TARGET * 1000:.0f} ms)")
        for name, seconds in pages.items():
            print(f"  {name:<24} {seconds * 1000:7.1f} ms   {seconds / PAGE_TARGET:5.2f}×")


if __name__ == "__main__":
    main()
