"""``generate serve --public``: the public verification page, a process of its own.

Only argument parsing here; the page is :mod:`qujat.web.public`, run by :mod:`qujat.web.serving`.
Starlette and uvicorn are imported only when the command runs.
"""
from __future__ import annotations

from pathlib import Path

import click

from qujat.cli.registry import REGISTRY_HELP, location
from qujat.cli.ui import say, text
from qujat.errors import UsageError
from qujat.messages import M_


def _limit(value: str, option: str) -> tuple[int, float]:
    count, _, seconds = value.partition("/")
    try:
        pair = (int(count), float(seconds or 60))
    except ValueError:
        raise click.BadParameter(text(M_("write COUNT/SECONDS, e.g. 30/60", code="serve.rate")),
                                 param_hint=option) from None
    if pair[0] < 1 or pair[1] <= 0:
        raise click.BadParameter(text(M_("COUNT and SECONDS must be more than 0", code="serve.rate-zero")),
                                 param_hint=option)
    return pair


@click.command("serve")
@click.option("--public", "public", is_flag=True, help="The public verification page (read-only, no signing key).")
@click.option("--registry", "registry_url", metavar="URL", help=REGISTRY_HELP + " Read-only.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (a TLS proxy in front).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--revocations", "revocations_file", type=click.Path(dir_okay=False),
              help="The signed revocation list to publish (made by `generate registry revocations -o FILE`).")
@click.option("--trusted-proxy", "trusted_proxies", multiple=True, metavar="ADDRESS",
              help="A proxy (address or network) whose X-Forwarded-For is believed; repeat for several.")
@click.option("--root-path", default="", help="The path the proxy serves the page under, e.g. /verify.")
@click.option("--payload-limit", default="30/60", show_default=True,
              help="QR code checks allowed per client address: COUNT/SECONDS.")
@click.option("--lookup-limit", default="10/600", show_default=True,
              help="Typed number-and-code look-ups allowed per client address: COUNT/SECONDS.")
def serve(public: bool, registry_url: str | None, host: str, port: int, revocations_file: str | None,
          trusted_proxies: tuple[str, ...], root_path: str, payload_limit: str, lookup_limit: str) -> None:
    """Serve a web page: with --public, the page a certificate's QR code opens.

    It reads the registry read-only and holds no signing key; it logs the time, number and
    verdict of each check on standard error, never an address or a query string."""
    import ipaddress

    from qujat.web.public import PublicConfig
    from qujat.web.serving import serve_public

    if not public:
        raise UsageError(M_("only the public verification page can be served yet: generate serve --public",
                            code="serve.public-only"))
    for proxy in trusted_proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise click.BadParameter(text(M_("'%(proxy)s' is not an address or network", code="serve.proxy",
                                             proxy=proxy)),
                                     param_hint="--trusted-proxy") from None
    config = PublicConfig(location(registry_url).url,
                          Path(revocations_file) if revocations_file else None, trusted_proxies,
                          _limit(payload_limit, "--payload-limit"), _limit(lookup_limit, "--lookup-limit"))
    say(M_("public page: %(url)s (registry read-only; Ctrl-C stops)", code="serve.started",
           url=f"http://{host}:{port}{root_path}/"), err=True)
    serve_public(config, host, port, root_path)
