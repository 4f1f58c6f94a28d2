"""What keeps the public page from being abused or from leaking: the client's address (the
proxy's forwarded one only from a proxy named in the configuration), rate limits per address,
the response headers every page carries, and an access log of time, number and verdict only.

>>> limit = RateLimit(2, 60.0)
>>> limit.hit("192.0.2.1", 0.0), limit.hit("192.0.2.1", 1.0), limit.hit("192.0.2.1", 2.0)
(None, None, 58.0)
>>> client_address("127.0.0.1", "198.51.100.7, 10.0.0.2", proxies(["127.0.0.1", "10.0.0.0/8"]))
'198.51.100.7'
>>> client_address("203.0.113.9", "198.51.100.7", proxies(["127.0.0.1"]))
'203.0.113.9'
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import math
from collections import OrderedDict, deque
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

#: Every response's headers: no referrer (the address holds the code), never stored, never indexed,
#: nothing but the page's own style sheet and images, no framing.
HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Content-Security-Policy": ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                                "base-uri 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

ACCESS_LOG = "qujat.web.access"


def proxies(addresses: Iterable[str]) -> tuple[Network, ...]:
    """The proxies whose forwarded address is believed: addresses or networks (``10.0.0.0/8``)."""
    return tuple(ipaddress.ip_network(a.strip(), strict=False) for a in addresses if a.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _is_proxy(text: str, trusted: tuple[Network, ...]) -> bool:
    found = _address(text)
    return found is not None and any(found in network for network in trusted)


def client_address(peer: str, forwarded_for: str | None, trusted: tuple[Network, ...]) -> str:
    """The address a request is counted against: the peer's, or, when the peer is a trusted
    proxy, the nearest address in ``X-Forwarded-For`` that is not one of the trusted proxies."""
    if not forwarded_for or not _is_proxy(peer, trusted):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",")[-16:] if hop.strip()]
    for hop in reversed(hops):
        if _address(hop) is None:
            return peer  # a malformed header: count the proxy itself
        if not _is_proxy(hop, trusted):
            return hop
    return hops[0] if hops else peer


def limit_key(address: str) -> str:
    """What a limit counts: an IPv4 address, or the /64 network of an IPv6 address (one household's
    or one server's, which its owner may fill with addresses at will)."""
    found = _address(address)
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{found}/64", strict=False))
    return str(found.ipv4_mapped if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped else
               found or address)


class RateLimit:
    """At most ``count`` requests in any ``seconds`` from one address (a sliding window), for at
    most ``clients`` addresses at a time, the longest idle forgotten first (20,000 addresses at
    30 a minute hold about 32 MB; more addresses than that at once would be more requests than
    one process answers anyway)."""

    def __init__(self, count: int, seconds: float, clients: int = 20_000) -> None:
        self.count = count
        self.seconds = seconds
        self.clients = clients
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def hit(self, address: str, now: float) -> float | None:
        """Count a request from ``address`` at ``now`` (seconds): None when it is allowed, else the
        seconds until the next one would be (it is not counted)."""
        key = limit_key(address)
        times = self._hits.get(key)
        if times is None:
            times = self._hits[key] = deque()
            while len(self._hits) > self.clients:
                self._hits.popitem(last=False)
        else:
            self._hits.move_to_end(key)
        while times and times[0] <= now - self.seconds:
            times.popleft()
        if len(times) >= self.count:
            return times[0] + self.seconds - now
        times.append(now)
        return None


def retry_after(seconds: float) -> int:
    """A Retry-After value: whole seconds, at least one."""
    return max(1, math.ceil(seconds))


def log_check(logger: logging.Logger, number: str, verdict: str, when: dt.datetime | None = None) -> None:
    """One access-log line: the time, the certificate's number (``-`` when none was signed or
    found) and the verdict; never an address, a query string or a name."""
    stamp = (when or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0).isoformat()
    shown = number if number and number.isprintable() and " " not in number and len(number) <= 64 else "-"
    logger.info("%s %s %s", stamp, shown, verdict)
