"""A bounded load on the public page (the full run is benchmarks/bench_public.py): many
concurrent keep-alive clients on the loopback, every answer checked, no error."""
from __future__ import annotations

from public_load import load, make_registry, plan
from public_site import Served
from qujat.web.public import PublicConfig, open_page


def test_concurrent_checks_all_answered_right(tmp_path):
    issued = make_registry(tmp_path / "registry.sqlite3", 2000)
    page = open_page(PublicConfig(str(tmp_path / "registry.sqlite3"), trusted_proxies=("127.0.0.1",)))
    try:
        with Served(page, ("127.0.0.1",)) as running:
            result = load(running.url, plan(issued, 400), clients=10, timeout=120)
    finally:
        page.base.close()
    assert (result.requests, result.errors, result.statuses) == (400, 0, {200: 400}), result.first_errors
    assert result.percentile(0.99) < 5.0
