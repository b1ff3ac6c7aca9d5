"""No server-side request forgery: a webhook may only reach the public internet.

A URL must be ``https`` and every address its host resolves to must be global (not loopback,
private, link-local (cloud metadata's 169.254.169.254), shared, reserved or multicast). It is
checked when the webhook is saved and again before each delivery, since a name can change what
it resolves to; and a delivery connects only to an address its check approved
(:class:`CheckedAddresses`), never resolving the name a second time.
``RELATIONSHIPS_WEBHOOK_ALLOW_PRIVATE_TARGETS`` lifts both rules, for development and tests.
"""

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpcore
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
    return list(dict.fromkeys(str(info[4][0]) for info in infos))  # in the resolver's order


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


class CheckedAddresses(httpcore.AsyncNetworkBackend):
    """The webhook worker's connections: to a name, only at the addresses its last check
    approved, tried in the order the name gave them; anything else as usual.

    The URL keeps its name, so the name is the request's ``Host``, the name its TLS certificate
    is checked against, and the key its kept-alive connections are pooled under. A name that
    answers the check with a public address and the connection with a private one a moment
    later (DNS rebinding) is never resolved for the connection at all.
    """

    def __init__(self) -> None:
        self._network = httpcore.AnyIOBackend()
        self.approved: dict[str, list[str]] = {}  # name (as it travels: IDNA) -> addresses

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's signature)
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        failure: httpcore.ConnectError | None = None
        for address in self.approved.get(host, [host]):
            try:
                return await self._network.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as error:  # the next address may answer
                failure = error
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's signature)
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await self._network.connect_unix_socket(path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await self._network.sleep(seconds)


def checked_transport(addresses: CheckedAddresses) -> httpx.AsyncHTTPTransport:
    """httpx's transport, its connections made by ``addresses``. httpx takes no network
    backend, so its pool is made again as httpx 0.28 makes it (no proxy), with that one added."""
    transport = httpx.AsyncHTTPTransport()
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=100,  # httpx's own limits
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=addresses,
    )
    return transport


async def check_url(url: str, *, allow_private: bool) -> list[str] | None:
    """Raise :class:`WebhookUrlRefused` unless ``url`` may be called; the addresses its name
    resolved to, all approved (None: the URL names an address, or private targets are
    allowed)."""
    host = _host(url, allow_private=allow_private)
    if allow_private:
        return None
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
    return None if literal is not None else [str(a) for a in addresses]


def name_of(url: str) -> str:
    """The URL's host as its connections name it (IDNA for an international name)."""
    return httpx.URL(url).raw_host.decode("ascii")
