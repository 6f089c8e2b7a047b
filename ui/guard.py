"""The server's front door: only the routes the chat and the API need, JSON bodies only, bounded in size, depth
and time. Everything else is answered here, before FastAPI or Gradio sees it, with ``{"error": "..."}``.

- a path not in ``ROUTES``: ``404`` (FastAPI's ``/docs`` and ``/openapi.json``, Gradio's dev reload, its file
  routes ... are off); Gradio's upload route: ``403``;
- a method a route does not take: ``405`` with ``Allow``;
- a ``POST`` whose ``Content-Type`` is not ``application/json``: ``415`` (a web page can send ``text/plain`` or a
  form to this server without the browser asking first; it cannot send JSON);
- a body over the route's limit: ``413``; not sent within ``BODY_SECONDS``: ``408``;
- a body that is not UTF-8, is nested deeper than ``MAX_JSON_DEPTH``, or escapes a lone UTF-16 surrogate
  (``"\\ud800"``, not a character): ``400``.

docs/ui.md lists ``ROUTES``; tests/test_http_surface.py checks every route the app has against them.

>>> json_depth(b'{"question": "[[[[", "k": [[1]]}')
3
>>> lone_surrogate(b'{"question": "\\\\ud83d\\\\ude00 ok"}'), lone_surrogate(b'{"question": "\\\\ud83d"}')
(None, '\\\\ud83d')
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass

MAX_JSON_DEPTH = 32  # the deepest request the chat sends is 7 levels deep; the API's is 1
BODY_SECONDS = 10.0  # to receive a whole request body
API_BODY_BYTES = 64 * 1024  # POST /api/ask: a question is at most 2,000 characters
CHAT_BODY_BYTES = 4 * 1024 * 1024  # Gradio events carry the chat's history (30 exchanges of up to 10 passages)


@dataclass(frozen=True)
class Route:
    methods: tuple[str, ...]  # GET routes also answer HEAD
    path: str  # as documented; {name} is one path segment, {name:path} any rest
    what: str
    max_body: int = 0  # POST routes: the largest body accepted

    @property
    def pattern(self) -> re.Pattern:
        regex = re.sub(r"\\\{(\w+):path\\\}", r"(?:.+)", re.escape(self.path))
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?:[^/]+)", regex)
        return re.compile(f"^{regex}$")

    @property
    def allowed(self) -> tuple[str, ...]:
        return tuple(m for method in self.methods for m in ((method, "HEAD") if method == "GET" else (method,)))


ROUTES: tuple[Route, ...] = (
    Route(("POST",), "/api/ask", "the HTTP API (docs/ui.md)", API_BODY_BYTES),
    Route(("GET",), "/", "the chat page"),
    Route(("GET",), "/config", "the page's layout (Gradio)"),
    Route(("GET",), "/theme.css", "the page's theme (Gradio)"),
    Route(("GET",), "/favicon.ico", "the page's icon (Gradio)"),
    Route(("GET",), "/assets/{path:path}", "the page's scripts and styles (Gradio's built front end)"),
    Route(("GET",), "/static/{path:path}", "the page's fonts and helper script (Gradio)"),
    Route(("GET",), "/gradio_api/info", "the named endpoint /ask described, for gradio_client and \"Use via API\""),
    Route(("POST",), "/gradio_api/queue/join", "the chat's events and /ask, queued", CHAT_BODY_BYTES),
    Route(("GET",), "/gradio_api/queue/data", "their results, streamed (server-sent events)"),
    Route(("POST",), "/gradio_api/run/{api_name}", "the chat's unqueued events (redraw, clear)", CHAT_BODY_BYTES),
    Route(("GET",), "/gradio_api/heartbeat/{session_hash}", "the page's keep-alive (server-sent events)"),
)
REFUSED = {"/gradio_api/upload": (403, "uploads are disabled")}
_COMPILED = [(route, route.pattern) for route in ROUTES]


def route_for(path: str) -> Route | None:
    return next((route for route, pattern in _COMPILED if pattern.match(path)), None)


_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")
_ESCAPED_SURROGATE = re.compile(rb"\\u([dD][89abAB][0-9a-fA-F]{2})(\\u[dD][c-fC-F][0-9a-fA-F]{2})?|"
                                rb"\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def json_depth(body: bytes) -> int:
    """How deeply arrays and objects nest in ``body`` (brackets inside strings do not count)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub(b'""', body)):
        depth += 1 if bracket in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return deepest


def lone_surrogate(body: bytes) -> str | None:
    """The first ``\\uD800``-``\\uDFFF`` escape in ``body`` that is not half of a pair, or None."""
    for m in _ESCAPED_SURROGATE.finditer(body):
        if m.group(3) or not m.group(2):
            if _preceded_by_backslash(body, m.start()):
                continue  # "\\\\ud800" is a backslash and text, not an escape
            return m.group(0)[:6].decode()
    return None


def _preceded_by_backslash(body: bytes, start: int) -> bool:
    count = 0
    while start - count - 1 >= 0 and body[start - count - 1] == 0x5C:
        count += 1
    return count % 2 == 1


class Guard:
    """ASGI middleware in front of the whole app (FastAPI routes and the mounted Gradio app)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = scope["path"], scope["method"]
        if path in REFUSED:
            await _reply(send, *REFUSED[path])
            return
        route = route_for(path)
        if route is None:
            await _reply(send, 404, f"no such page: {path[:100]}; this server answers the chat at / and "
                                    "POST /api/ask (docs/ui.md)")
            return
        if method not in route.allowed:
            await _reply(send, 405, f"{method} is not allowed on {route.path}; use {' or '.join(route.methods)}",
                         [(b"allow", ", ".join(route.allowed).encode())])
            return
        if method != "POST":
            await self.app(scope, receive, send)
            return
        problem = _check_content_type(scope)
        if problem:
            await _reply(send, 415, problem)
            return
        try:
            body = await _read_body(scope, receive, route.max_body)
        except _Refused as refused:
            await _reply(send, refused.status, refused.message)
            return
        problem = _check_json(body)
        if problem:
            await _reply(send, 400, problem)
            return
        await self.app(scope, _replay(body, receive), send)


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def _check_content_type(scope) -> str | None:
    headers = dict(scope["headers"])
    kind = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()
    if kind != "application/json":
        shown = f"{kind!r}" if kind else "none"
        return f"the body must be JSON, sent with Content-Type: application/json (got {shown})"
    return None


async def _read_body(scope, receive, limit: int) -> bytes:
    too_large = _Refused(413, f"the body is larger than {limit // 1024} KB; a question is at most 2,000 characters")
    declared = dict(scope["headers"]).get(b"content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large
    loop = asyncio.get_running_loop()
    deadline = loop.time() + BODY_SECONDS
    chunks, size = [], 0
    while True:
        try:
            message = await asyncio.wait_for(receive(), timeout=max(deadline - loop.time(), 0.001))
        except asyncio.TimeoutError:
            raise _Refused(408, f"the body did not arrive within {BODY_SECONDS:.0f} s") from None
        if message["type"] == "http.disconnect":
            raise _Refused(400, "the client went away before sending the whole body")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _check_json(body: bytes) -> str | None:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"the body is not UTF-8 (byte 0x{body[exc.start]:02x} at offset {exc.start}); send JSON in UTF-8"
    depth = json_depth(body)
    if depth > MAX_JSON_DEPTH:
        return f"the body nests {depth} levels deep; the limit is {MAX_JSON_DEPTH}"
    escape = lone_surrogate(body)
    if escape:
        return f"the body contains {escape}, half of a UTF-16 surrogate pair, which is not a character"
    return None


def _replay(body: bytes, receive):
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect, as the app expects

    return replay


async def _reply(send, status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})
