"""No server-side request forgery: a webhook may only reach the public internet.

A URL must be ``https`` and every address its host resolves to must be global (not loopback,
private, link-local (cloud metadata's 169.254.169.254), shared, reserved or multicast). It is
checked when the webhook is saved and again before each delivery, since a name can change what
it resolves to. ``RELATIONSHIPS_WEBHOOK_ALLOW_PRIVATE_TARGETS`` lifts both rules, for
development and tests.
"""

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

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


async def check_url(url: str, *, allow_private: bool) -> None:
    """Raise :class:`WebhookUrlRefused` unless ``url`` may be called."""
    host = _host(url, allow_private=allow_private)
    if allow_private:
        return
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
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
