"""No server-side request forgery: a webhook may only reach the public internet.

A URL must be ``https`` and every address its host resolves to must be global (not loopback,
private, link-local (cloud metadata's 169.254.169.254), shared, reserved or multicast). It is
checked when the webhook is saved and again before each delivery, since a name can change what
it resolves to; and a delivery connects to the address its check approved (:func:`pinned`),
never resolving the name a second time, so a name that answers a public address to the check
and a private one a moment later (DNS rebinding) cannot steer it inside.
``RELATIONSHIPS_WEBHOOK_ALLOW_PRIVATE_TARGETS`` lifts both rules, for development and tests.
"""

import asyncio
import ipaddress
import socket
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from service.webhooks.errors import WebhookUrlRefused

RESOLVE_TIMEOUT_SECONDS = 3.0
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


async def resolve(host: str) -> list[str]:
    """Every address ``host`` resolves to (tests replace this to point a name anywhere)."""
    loop = asyncio.get_running_loop()
    infos = await asyncio.wait_for(
        loop.getaddrinfo(host, None, type=socket.SOCK_STREAM), RESOLVE_TIMEOUT_SECONDS
    )
    return sorted({str(info[4][0]) for info in infos})


def _forbidden(address: IpAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return not address.is_global or address.is_multicast


def _host(url: str, *, allow_private: bool) -> str:
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 (raises on a port out of range)
    except ValueError as error:
        raise WebhookUrlRefused(f"The URL is not valid: {error}.") from None
    schemes = {"https", "http"} if allow_private else {"https"}
    if parts.scheme not in schemes:
        raise WebhookUrlRefused("A webhook URL must be https.")
    if not host:
        raise WebhookUrlRefused("A webhook URL must name a host.")
    if parts.username is not None or parts.password is not None:
        raise WebhookUrlRefused("A webhook URL may not carry credentials.")
    return host


@dataclass(frozen=True)
class Target:
    """Where a checked URL's request goes: ``url`` (its host an approved address, where the
    URL named a host), with the ``headers`` and ``extensions`` that keep the name as the
    request's ``Host`` and as the name its TLS certificate is checked against."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)
    extensions: dict[str, Any] = field(default_factory=dict)


def pinned(url: str, address: IpAddress) -> Target:
    named = httpx.URL(url)
    return Target(
        str(named.copy_with(host=str(address))),
        {"Host": named.netloc.decode("ascii")},
        {"sni_hostname": named.host},
    )


async def check_url(url: str, *, allow_private: bool) -> Target:
    """Raise :class:`WebhookUrlRefused` unless ``url`` may be called; where to send it."""
    host = _host(url, allow_private=allow_private)
    if allow_private:
        return Target(url)
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        try:
            addresses = [ipaddress.ip_address(a.split("%")[0]) for a in await resolve(host)]
        except (OSError, TimeoutError, UnicodeError, ValueError):
            raise WebhookUrlRefused(f"The host {host!r} does not resolve.") from None
    if not addresses:
        raise WebhookUrlRefused(f"The host {host!r} does not resolve.")
    refused = [str(a) for a in addresses if _forbidden(a)]
    if refused:
        raise WebhookUrlRefused(
            f"The host {host!r} resolves to an address that is not public ({', '.join(refused)})."
        )
    return Target(url) if literal is not None else pinned(url, addresses[0])
