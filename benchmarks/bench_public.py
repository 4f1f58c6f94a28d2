"""Load on the public verification page, as an office runs it: one ``generate serve --public``
process (uvicorn) over a SQLite registry of many certificates, many concurrent keep-alive
clients on the loopback, each request a QR code's check (one in ten a typed number and code)
from one of many forwarded addresses (the page trusts the loopback as its proxy, so no address
reaches a rate limit); every answer is checked. Prints throughput and latency percentiles;
and the server's CPU time a request (the figure that does not depend on what else the machine
runs); exits 1 on any error. The requests are bounded in count and time; the server is stopped at the end.

    python3 benchmarks/bench_public.py                          # 100,000 certificates, 50 clients, 10,000 requests
    python3 benchmarks/bench_public.py --certificates 10000 --requests 2000
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from public_load import load, make_registry, plan  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_up(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the page exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the page did not start")


def _cpu_seconds(pid: int) -> float:
    """The user and system CPU time a process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificates", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--typed-share", type=float, default=0.1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qujat-bench-public-") as tmp:
        path = Path(tmp) / "registry.sqlite3"
        began = time.perf_counter()
        issued = make_registry(path, args.certificates)
        print(f"registry: {len(issued):,} certificates ({path.stat().st_size / 2**20:.0f} MB) made in "
              f"{time.perf_counter() - began:.0f} s", flush=True)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        server = subprocess.Popen([sys.executable, "-m", "qujat", "serve", "--public", "--registry", str(path),
                                   "--port", str(port), "--trusted-proxy", "127.0.0.1"], env=env, cwd=tmp,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_up(url, server)
            load(url, plan(issued, 300, args.typed_share, seed=1), min(args.clients, 10))  # warm up
            cpu = _cpu_seconds(server.pid)
            result = load(url, plan(issued, args.requests, args.typed_share), args.clients)
            cpu = _cpu_seconds(server.pid) - cpu
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
    print(f"{args.clients} clients, {args.typed_share:.0%} typed look-ups: {result.summary()}")
    print(f"statuses: {result.statuses}; server exit {server.returncode}")
    per = cpu / max(result.requests, 1)
    print(f"server CPU: {cpu:.1f} s, {per * 1000:.2f} ms a request (one core: about {1 / per:.0f} requests/s); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if result.errors:
        print("\n".join(result.first_errors))
        sys.exit(1)


if __name__ == "__main__":
    main()
