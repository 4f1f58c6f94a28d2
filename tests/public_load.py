"""Load on the public page: a registry of many certificates made quickly, and a small HTTP/1.1
client of many concurrent keep-alive connections that checks every answer (used by
tests/test_web_load.py, bounded, and benchmarks/bench_public.py, in full). Loopback only."""
from __future__ import annotations

import asyncio
import datetime as dt
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from qujat.certificates.qr import seal_code
from qujat.registry.signing import Seal, sign_payload
from qujat.registry.store import NewAward, NewDocument, Registry

FIRST = ("Айгерім", "Олжас", "Мария", "Нұрлан", "Сергей", "Гүлнар", "Ерлан", "Анна", "Дәулет", "Жанар")
LAST = ("Нұрғалиева", "Бекбасов", "Иванова", "Сейітқазы", "Ким", "Әбдірайым", "Калиев", "Омарова")
VERIFY_URL = "https://verify.example.kz/?c="


@dataclass(frozen=True)
class Issued:
    """One certificate of the made registry: number, payload (text form), short code, revoked."""

    number: str
    payload: str
    code: str
    revoked: bool


def make_registry(path: Path, count: int, revoked_every: int = 50, chunk: int = 5000) -> list[Issued]:
    """A registry at ``path`` of ``count`` signed jubilee-medal certificates (every
    ``revoked_every``-th revoked), recorded through the registry's own calls, ``chunk`` to a
    transaction; returns what was issued."""
    issued: list[Issued] = []
    with Registry.open(path, create=True) as registry:
        registry.set_setting("verify_url", VERIFY_URL)
        registry.set_setting("office_name", "Алматы қалалық кәсіподақтар кеңесі")
        key = registry.private_key()
        day = dt.date(2018, 7, 4)
        for start in range(1, count + 1, chunk):
            with registry.writing() as conn:
                for sequence in range(start, min(start + chunk, count + 1)):
                    number = f"A20-{sequence:06d}"
                    name = f"{LAST[sequence % len(LAST)]} {FIRST[sequence % len(FIRST)]} {sequence}"
                    payload = sign_payload(key, Seal(number, "jubilee-medal", day.isoformat(), name))
                    revoked = sequence % revoked_every == 0
                    new_id, _ = registry.record(
                        conn, NewAward(number, "jubilee-medal", sequence, None, False, day, name, source="load",
                                       row=sequence, status="revoked" if revoked else "issued"),
                        NewDocument("ru", name, day, payload=VERIFY_URL + payload, status="issued"))
                    if revoked:
                        registry.log(conn, new_id, "revoked", reason="load test")
                    issued.append(Issued(number, payload, seal_code(payload), revoked))
    return issued


@dataclass
class Result:
    """What a load run measured: requests, errors (a wrong status or verdict, a broken
    connection), seconds, and each request's latency."""

    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    first_errors: list[str] = field(default_factory=list)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0

    def summary(self) -> str:
        median = statistics.median(self.latencies) if self.latencies else 0.0
        return (f"{self.requests} requests, {self.errors} errors, {self.seconds:.1f} s, {self.throughput:.0f} req/s, "
                f"p50 {median * 1000:.1f} ms, p99 {self.percentile(0.99) * 1000:.1f} ms, "
                f"max {max(self.latencies, default=0) * 1000:.1f} ms")


def plan(issued: list[Issued], total: int, typed_share: float = 0.1, seed: int = 7
         ) -> list[tuple[str, str, str]]:
    """``total`` requests: (path, forwarded address, the verdict class expected). Checks of QR
    codes and, ``typed_share`` of them, typed numbers and codes; each from one of enough
    addresses that none reaches a rate limit."""
    chooser = random.Random(seed)
    addresses = max(100, total // 4)
    requests = []
    for index in range(total):
        one = chooser.choice(issued)
        expected = "revoked" if one.revoked else "genuine"
        slot = index % min(addresses, 65536)  # 198.18.0.0/16: the block set aside for benchmarks
        address = f"198.18.{slot // 256}.{slot % 256}"
        if chooser.random() < typed_share:
            path = f"/ru/?number={one.number}&code={one.code}"
        else:
            path = f"/ru/?c={quote(one.payload)}"
        requests.append((path, address, expected))
    return requests


async def _client(host: str, port: int, queue: asyncio.Queue[tuple[str, str, str]], result: Result) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while True:
            try:
                path, address, expected = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            began = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: verify.example.kz\r\nX-Forwarded-For: {address}\r\n"
                         "Accept-Language: ru\r\n\r\n".encode("ascii"))
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            body = await reader.readexactly(length)
            result.latencies.append(time.perf_counter() - began)
            result.requests += 1
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if status != 200 or f'class="verdict {expected}"'.encode() not in body:
                result.errors += 1
                if len(result.first_errors) < 5:
                    result.first_errors.append(f"{status} {path[:40]} expected {expected}")
    finally:
        writer.close()


async def _run(host: str, port: int, requests: list[tuple[str, str, str]], clients: int) -> Result:
    queue: asyncio.Queue[tuple[str, str, str]] = asyncio.Queue()
    for request in requests:
        queue.put_nowait(request)
    result = Result()
    began = time.perf_counter()
    outcomes = await asyncio.gather(*(_client(host, port, queue, result) for _ in range(clients)),
                                    return_exceptions=True)
    result.seconds = time.perf_counter() - began
    broken = [o for o in outcomes if isinstance(o, BaseException)]
    result.errors += len(broken)
    result.first_errors += [repr(o)[:200] for o in broken[:3]]
    return result


def load(url: str, requests: list[tuple[str, str, str]], clients: int, timeout: float = 600.0) -> Result:
    """Send ``requests`` to the page at ``url`` (http://127.0.0.1:PORT) over ``clients``
    concurrent connections; stops by itself after ``timeout`` seconds at the latest."""
    host, port = url.removeprefix("http://").split(":")
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("load is sent to the loopback only")
    return asyncio.run(asyncio.wait_for(_run(host, int(port), requests, clients), timeout))
