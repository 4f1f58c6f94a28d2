"""``generate serve``: the office desk (this machine, or with ``--accounts`` an office's server),
``generate serve --public``: the public verification page; ``generate accounts``: the desk's
accounts.

Only argument parsing here; the pages are :mod:`qujat.web.desk` and :mod:`qujat.web.public`, run
by :mod:`qujat.web.serving`.
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
@click.option("--accounts", "accounts", is_flag=True,
              help="The desk for an office's server: everyone signs in (`generate accounts add NAME`).")
@click.option("--accounts-file", type=click.Path(dir_okay=False),
              help="The accounts file; default: beside a SQLite registry (<registry>.accounts.json).")
@click.option("--no-browser", is_flag=True, help="Do not open the browser (the address is printed).")
@click.option("--registry", "registry_url", metavar="URL", help=REGISTRY_HELP + " Read-only.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (a TLS proxy in front).")
@click.option("--port", type=click.IntRange(1, 65535),
              help="Port to listen on; default 8765 for the desk, 8000 for --public.")
@click.option("--revocations", "revocations_file", type=click.Path(dir_okay=False),
              help="The signed revocation list to publish (made by `generate registry revocations -o FILE`).")
@click.option("--trusted-proxy", "trusted_proxies", multiple=True, metavar="ADDRESS",
              help="A proxy (address or network) whose X-Forwarded-For is believed; repeat for several.")
@click.option("--root-path", default="", help="The path the proxy serves the page under, e.g. /verify.")
@click.option("--payload-limit", default="30/60", show_default=True,
              help="QR code checks allowed per client address: COUNT/SECONDS.")
@click.option("--lookup-limit", default="10/600", show_default=True,
              help="Typed number-and-code look-ups allowed per client address: COUNT/SECONDS.")
def serve(public: bool, accounts: bool, accounts_file: str | None, no_browser: bool, registry_url: str | None,
          host: str, port: int | None, revocations_file: str | None, trusted_proxies: tuple[str, ...], root_path: str,
          payload_limit: str, lookup_limit: str) -> None:
    """Serve the office desk in the browser: everything qujat does, for the office's staff.

    Without options it answers only this computer, and opens the browser with a one-time key
    in the address. With --host 0.0.0.0 --accounts it serves an office's network, everyone
    signing in. With --public, the page a certificate's QR code opens (the registry read-only,
    no signing key; it logs the time, number and verdict of each check, never an address)."""
    import ipaddress

    from qujat.web.public import PublicConfig
    from qujat.web.serving import serve_public

    if not public:
        _serve_desk(registry_url, host, port or 8765, accounts, accounts_file, no_browser)
        return
    port = port or 8000
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


def _accounts_path(registry_url: str | None, accounts_file: str | None) -> Path:
    from qujat.web.accounts import accounts_beside

    if accounts_file:
        return Path(accounts_file)
    from sqlalchemy.engine import make_url

    from qujat.registry.engine import registry_url as full_url

    parsed = make_url(full_url(location(registry_url).url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        raise UsageError("a PostgreSQL registry has no folder to keep accounts beside: give --accounts-file FILE")
    return accounts_beside(Path(parsed.database))


def _serve_desk(registry_url: str | None, host: str, port: int, accounts: bool, accounts_file: str | None,
                no_browser: bool) -> None:
    import os
    import sys

    from qujat.web.accounts import Accounts
    from qujat.web.desk import DeskConfig
    from qujat.web.serving import serve_desk

    if host not in ("127.0.0.1", "localhost", "::1") and not accounts:
        raise UsageError("the desk answers another computer only with accounts: generate serve --host 0.0.0.0 "
                         "--accounts (first: generate accounts add NAME)")
    found = location(registry_url)
    path = _accounts_path(registry_url, accounts_file) if accounts else None
    if path is not None and not Accounts(path):
        raise UsageError(f"no accounts in {path} yet: generate accounts add NAME")
    config = DeskConfig(found.url, str(found.signing_key) if found.signing_key else None, path)
    display = sys.platform in ("win32", "darwin") or bool(os.environ.get("DISPLAY")
                                                          or os.environ.get("WAYLAND_DISPLAY"))
    click.echo(f"office desk: open {'' if accounts else 'this address '}in the browser (Ctrl-C stops):", err=True)
    serve_desk(config, host, port, open_browser=display and not no_browser and not accounts,
               announce=lambda address: click.echo(f"    {address}", err=True))


@click.group("accounts")
def accounts_group() -> None:
    """The office desk's accounts (for `generate serve --accounts`), beside the registry."""


@accounts_group.command("add")
@click.argument("name")
@click.option("--registry", "registry_url", metavar="URL", help=REGISTRY_HELP)
@click.option("--accounts-file", type=click.Path(dir_okay=False),
              help="The accounts file (default: beside the registry).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (one line).")
def accounts_add(name: str, registry_url: str | None, accounts_file: str | None, password_stdin: bool) -> None:
    """Add the account NAME (or give it a new password), asking for the password twice."""
    import sys

    from qujat.web.accounts import Accounts

    password = (sys.stdin.readline().rstrip("\n") if password_stdin else
                click.prompt("password", hide_input=True, confirmation_prompt=True))
    path = _accounts_path(registry_url, accounts_file)
    Accounts(path).add(name, password)
    click.echo(f"account {name}: added to {path}", err=True)


@accounts_group.command("remove")
@click.argument("name")
@click.option("--registry", "registry_url", metavar="URL", help=REGISTRY_HELP)
@click.option("--accounts-file", type=click.Path(dir_okay=False),
              help="The accounts file (default: beside the registry).")
def accounts_remove(name: str, registry_url: str | None, accounts_file: str | None) -> None:
    """Remove the account NAME."""
    from qujat.web.accounts import Accounts

    path = _accounts_path(registry_url, accounts_file)
    if not Accounts(path).remove(name):
        raise UsageError(f"no account {name} in {path}")
    click.echo(f"account {name}: removed", err=True)
