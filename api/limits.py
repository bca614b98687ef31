"""ASGI middleware that guards every request before a route sees it.

* :class:`AllowedHosts` answers 400 to a request whose ``Host`` header names anything but
  the loopback names and the configured hosts (setting ``api_allowed_hosts``). A web page
  the user visits can point its own host name at 127.0.0.1 (DNS rebinding) and then call
  the API from the browser; its requests still carry that foreign name in ``Host``.
* :class:`BodyLimit` refuses a request body over ``request_max_bytes`` with 413, by its
  ``Content-Length`` before reading anything, or as soon as a streamed body passes it.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable
from typing import Final

from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.config import Settings

LOOPBACK_HOSTS: Final = frozenset({"localhost", "127.0.0.1", "::1"})


def host_name(header: str) -> str:
    """The host of a ``Host`` header value, without port or brackets, lower case.

    >>> host_name("LocalHost:8000"), host_name("[::1]:8000"), host_name("::1")
    ('localhost', '::1', '::1')
    """
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value  # a bare IPv6 address, or a name without port


def allowed_hosts(configured: Iterable[str], bound: str) -> frozenset[str]:
    """Loopback names, the configured hosts, and the address the API is bound to when it
    is a specific one (someone who binds to 192.0.2.7 calls it by that address)."""
    hosts = set(LOOPBACK_HOSTS) | {host_name(h) for h in configured}
    try:
        if not ipaddress.ip_address(bound).is_unspecified:
            hosts.add(host_name(bound) if ":" not in bound else bound.lower())
    except ValueError:
        hosts.add(host_name(bound))
    return frozenset(hosts)


class AllowedHosts:
    def __init__(self, app: ASGIApp, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        header = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"host"), None)
        # No Host at all (HTTP/1.0 from a script) cannot come from a browser: let it be.
        if header is None or host_name(header) in self.hosts:
            await self.app(scope, receive, send)
            return
        body = json.dumps({"error": {
            "code": "host_not_allowed",
            "message": f"host {host_name(header)!r} is not served here; add it to the setting "
                       "api_allowed_hosts to allow it"}}).encode()
        await send({"type": "http.response.start", "status": 400,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", ()):
            if key == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                # Raised inside the app so that the app's error handler shapes the answer.
                await self.app(scope, _refuse, send)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, "Content Too Large")
            return message

        await self.app(scope, counted, send)


async def _refuse() -> Message:
    raise HTTPException(413, "Content Too Large")


def install(app: FastAPI, settings: Settings) -> None:
    """Add both to ``app``; call it after any other middleware (the Host check must be the
    outermost, ahead of CORS)."""
    app.add_middleware(BodyLimit, max_bytes=settings.request_max_bytes)
    app.add_middleware(AllowedHosts, hosts=allowed_hosts(settings.api_allowed_hosts, settings.api_host))
