"""``generate serve --public`` as an office runs it: a process of its own that answers on the
loopback, says it is up at /healthz, logs only the time, number and verdict of each check, and
stops cleanly (exit 0) on SIGTERM."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import quote

from conftest import ROOT
from public_site import IIN, REASON, build_site


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode("utf-8")


def test_the_public_page_as_a_process(tmp_path):
    site = build_site(tmp_path / "office")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "QUJAT_REGISTRY": str(site.registry_path)}
    server = subprocess.Popen([sys.executable, "-m", "qujat", "serve", "--public", "--port", str(port),
                               "--revocations", str(site.revocations), "--trusted-proxy", "127.0.0.1"],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _get(base + "/healthz") == (200, "ok\n"):
                    break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "the page did not start"
            time.sleep(0.1)
        status, body = _get(f"{base}/ru/?c={quote(site.payloads['genuine'])}", {"X-Forwarded-For": "198.51.100.4"})
        assert status == 200 and 'class="verdict genuine"' in body and site.names["genuine"] in body
        status, body = _get(f"{base}/en/?number=A20-0002&code={site.code('revoked')}")
        assert status == 200 and 'class="verdict revoked"' in body
        assert _get(f"{base}/?c={quote(site.payloads['forged'])}")[0] == 200
        assert _get(base + "/revocations.json")[1] == site.revocations.read_text(encoding="utf-8")
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    checks = [line for line in err.splitlines() if line.startswith("check ")]
    assert [line.split()[2:] for line in checks] == [["A20-0001", "genuine"], ["A20-0002", "revoked"],
                                                     ["-", "not-recognised"]]
    for secret in ("QJ2", "?c=", "number=", site.names["genuine"], site.names["revoked"], IIN, REASON,
                   "198.51.100.4", "GET /"):
        assert secret not in err and secret not in out, secret

