"""The HTTP surface (ui/guard.py): every route the server has is reviewed, only the documented ones answer, and
hostile requests get a 4xx with one clear message, never a 500. In-process (Starlette's TestClient) on the
session's pipeline; tests/test_ui_api.py checks the same against a real ``callrag chat`` server."""

import json
import re
from pathlib import Path

import pytest

from ui.guard import CHAT_BODY_BYTES, MAX_JSON_DEPTH, REFUSED, ROUTES, json_depth, route_for

DOC = Path(__file__).resolve().parent.parent / "docs" / "ui.md"
JSON = {"content-type": "application/json"}
# Every route the app (FastAPI + Gradio 6) has, reviewed: the chat and the API need those in ui.guard.ROUTES;
# the guard answers every other one 404 (or 403). A Gradio upgrade that adds a route fails
# test_every_route_is_reviewed until the new one is added here (blocked) or to ROUTES (served, documented).
KNOWN_ROUTES = {
    'GET /', 'GET /assets/{path:path}', 'GET /config', 'GET /config/', 'GET /favicon.ico', 'GET /gradio_api/app_id',
    'GET /gradio_api/app_id/', 'GET /gradio_api/call/v2/{api_name}/{event_id}',
    'GET /gradio_api/call/{api_name}/{event_id}',
    'GET /gradio_api/custom_component/{id}/{environment}/{type}/{file_name}', 'GET /gradio_api/deep_link',
    'GET /gradio_api/dev/reload', 'GET /gradio_api/file/{path:path}', 'GET /gradio_api/file={path_or_url:path}',
    'GET /gradio_api/heartbeat/{session_hash}', 'GET /gradio_api/info', 'GET /gradio_api/info/',
    'GET /gradio_api/login_check', 'GET /gradio_api/login_check/', 'GET /gradio_api/openapi.json',
    'GET /gradio_api/proxy={url_path:path}', 'GET /gradio_api/queue/data', 'GET /gradio_api/queue/status',
    'GET /gradio_api/run-history/buckets', 'GET /gradio_api/run-history/records',
    'GET /gradio_api/run-history/records/{endpoint}/{record_id}/assets/{asset_id}', 'GET /gradio_api/runs',
    'GET /gradio_api/runs/', 'GET /gradio_api/startup-events',
    'GET /gradio_api/stream/{session_hash}/{run}/{component_id}/playlist-file',
    'GET /gradio_api/stream/{session_hash}/{run}/{component_id}/playlist.m3u8',
    'GET /gradio_api/stream/{session_hash}/{run}/{component_id}/{segment_id}.{ext}', 'GET /gradio_api/theme.css',
    'GET /gradio_api/token', 'GET /gradio_api/token/', 'GET /gradio_api/upload_progress', 'GET /gradio_api/user',
    'GET /gradio_api/user/', 'GET /gradio_api/vibe-code', 'GET /gradio_api/vibe-code/', 'GET /logout',
    'GET /manifest.json', 'GET /monitoring', 'GET /monitoring/summary', 'GET /monitoring/{key}',
    'GET /openapi.json', 'GET /pwa_icon', 'GET /pwa_icon/{size}', 'GET /robots.txt', 'GET /static/{path:path}',
    'GET /svelte/{path:path}', 'GET /theme.css', 'HEAD /', 'HEAD /gradio_api/file={path_or_url:path}',
    'HEAD /gradio_api/proxy={url_path:path}', 'HEAD /openapi.json', 'POST /api/ask',
    'POST /gradio_api/api/{api_name}', 'POST /gradio_api/api/{api_name}/', 'POST /gradio_api/call/v2/{api_name}',
    'POST /gradio_api/call/v2/{api_name}/', 'POST /gradio_api/call/{api_name}', 'POST /gradio_api/call/{api_name}/',
    'POST /gradio_api/cancel', 'POST /gradio_api/component_server', 'POST /gradio_api/component_server/',
    'POST /gradio_api/process_recording', 'POST /gradio_api/queue/join', 'POST /gradio_api/reset',
    'POST /gradio_api/reset/', 'POST /gradio_api/run-history/connect', 'POST /gradio_api/run/{api_name}',
    'POST /gradio_api/run/{api_name}/', 'POST /gradio_api/stream/{event_id}',
    'POST /gradio_api/stream/{event_id}/close', 'POST /gradio_api/undo-vibe-edit',
    'POST /gradio_api/undo-vibe-edit/', 'POST /gradio_api/upload', 'POST /gradio_api/vibe-code',
    'POST /gradio_api/vibe-code/', 'POST /gradio_api/vibe-edit', 'POST /gradio_api/vibe-edit/',
    'POST /gradio_api/vibe-starter-queries', 'POST /gradio_api/vibe-starter-queries/', 'POST /login',
    'POST /login/',
}


def app_routes(app) -> set[str]:
    """'METHOD path' of every route of the app, through mounts and included routers."""

    def walk(routes, prefix=""):
        for r in routes:
            kind = type(r).__name__
            if kind == "Mount":
                yield from walk(r.routes, prefix + r.path)
            elif kind == "_IncludedRouter":  # FastAPI's include_router (Gradio's own API routes)
                yield from walk(r.original_router.routes, prefix + (r.include_context.prefix or ""))
            elif hasattr(r, "routes"):
                yield from walk(r.routes, prefix + getattr(r, "path", ""))
            else:
                for method in sorted(getattr(r, "methods", None) or ["WEBSOCKET"]):
                    yield f"{method} {prefix}{r.path}"

    return set(walk(app.routes))


def sample(path: str) -> str:
    """A concrete path for a route pattern."""
    return re.sub(r"\{[^}]+\}", "x", path)


@pytest.fixture(scope="module")
def app(pipeline):
    from ui.app import create_app

    return create_app(pipeline)


@pytest.fixture(scope="module")
def client(app):
    from starlette.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_every_route_is_reviewed(app):
    found = app_routes(app)
    new = sorted(found - KNOWN_ROUTES)
    assert not new, f"routes nobody reviewed: {new}; block them (KNOWN_ROUTES) or serve and document them (ROUTES)"
    gone = sorted(KNOWN_ROUTES - found)
    assert not gone, f"routes that are gone: {gone}; remove them from KNOWN_ROUTES"
    for route in ROUTES:  # everything served is a route the app really has
        assert any(f"{m} {route.path}" in found for m in route.methods), route.path


def test_only_the_documented_routes_answer(client):
    served = {(m, r.path) for r in ROUTES for m in r.allowed}
    for entry in sorted(KNOWN_ROUTES):
        method, path = entry.split(" ", 1)
        if method == "WEBSOCKET" or (method, path) in served:
            continue
        response = client.request(method, sample(path), headers=JSON, content=b"{}")
        route = route_for(sample(path))
        expected = REFUSED[path][0] if path in REFUSED else (405 if route else 404)
        assert response.status_code == expected, entry
        assert method == "HEAD" or set(response.json()) == {"error"}, entry


def test_the_docs_list_the_routes_exactly():
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- routes -->", 1)[1].split("<!-- end of routes -->", 1)[0]
    rows = [[cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
            for line in table.strip().splitlines()[2:]]
    documented = {(method, path) for method, path, *_ in rows}
    assert documented == {(" ".join(r.methods), r.path) for r in ROUTES} | \
        {("any", path) for path in REFUSED}


@pytest.mark.parametrize("path", ["/openapi.json", "/docs", "/redoc", "/gradio_api/dev/reload",
                                  "/gradio_api/openapi.json", "/gradio_api/file=/etc/passwd", "/monitoring",
                                  "/gradio_api/vibe-code", "/gradio_api/startup-events", "/login", "/no/such/page"])
def test_what_is_off_answers_404(client, path):
    response = client.get(path)
    assert response.status_code == 404 and "no such page" in response.json()["error"]


def test_wrong_method_is_405_with_allow(client):
    response = client.get("/api/ask")  # 404 before
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    assert response.json() == {"error": "GET is not allowed on /api/ask; use POST"}
    for method in ("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"):
        assert client.request(method, "/api/ask").status_code == 405
    response = client.post("/", headers=JSON, content=b"{}")
    assert response.status_code == 405 and response.headers["allow"] == "GET, HEAD"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                                          "", "application/json-patch", "text/json"])
def test_a_body_that_is_not_json_is_415(client, content_type):
    body = json.dumps({"question": "What is the capex plan?"}).encode()
    headers = {"content-type": content_type} if content_type else {}
    for path in ("/api/ask", "/gradio_api/queue/join", "/gradio_api/run/predict"):
        response = client.post(path, content=body, headers=headers)  # /api/ask answered 200 to text/plain before
        assert response.status_code == 415, (path, content_type)
        assert "Content-Type: application/json" in response.json()["error"]


def test_json_with_a_charset_is_json(client):
    response = client.post("/api/ask", content=b'{"question": "What is the capex plan?", "k": 1}',
                           headers={"content-type": "Application/JSON; charset=utf-8"})
    assert response.status_code == 200 and response.json()["citations"][0]["speaker_en"] == "Eddie Wu"


def test_limits_on_size_depth_and_text(client):
    deep = b"[" * 5000 + b"]" * 5000  # json.loads raised RecursionError at ~1,000 levels: a 500 before
    for path in ("/api/ask", "/gradio_api/queue/join"):
        response = client.post(path, content=deep, headers=JSON)
        assert response.status_code == 400 and f"the limit is {MAX_JSON_DEPTH}" in response.json()["error"]
    response = client.post("/api/ask", content=b'{"question": "' + b"q" * 70_000 + b'"}', headers=JSON)
    assert response.status_code == 413 and "larger than 64 KB" in response.json()["error"]
    response = client.post("/gradio_api/queue/join", content=b" " * (CHAT_BODY_BYTES + 1), headers=JSON)
    assert response.status_code == 413
    response = client.post("/api/ask", content='{"question": "\\ud800 capex"}'.encode(), headers=JSON)
    assert response.status_code == 400 and "surrogate" in response.json()["error"]
    response = client.post("/api/ask", content=b'{"question": "caf\xe9"}', headers=JSON)
    assert response.status_code == 400 and "not UTF-8" in response.json()["error"]
    response = client.post("/api/ask", content='{"question": "\\ud83d\\ude00 capex?"}'.encode(), headers=JSON)
    assert response.status_code == 200  # a surrogate pair is a character


def test_a_lone_surrogate_in_the_question_is_a_400_not_a_500():
    """Even past the guard (a JSON decoder that lets one through, or another caller of AskRequest)."""
    from ui.app import AskRequest, RequestError

    with pytest.raises(RequestError, match="'question' has a lone UTF-16 surrogate"):
        AskRequest.from_json({"question": "capex \udcff"})
    with pytest.raises(RequestError, match="'speaker' has a lone UTF-16 surrogate"):
        AskRequest.from_json({"question": "capex", "speaker": "\ud800"})


def test_the_chats_largest_request_fits_the_limits(pipeline):
    """30 exchanges (the most the chat keeps) of 10 passages each, sent back with every event."""
    from ui.conversation import next_turn, save_turns

    turns = []
    questions = ["What is the capex plan?", "资本开支计划是什么？", "How fast did the cloud business grow?"]
    for i in range(30):
        turns.append(next_turn(pipeline, questions[i % 3] + " " * 10, turns, k=10, speaker=None, follow_ups=False))
    body = json.dumps({"data": ["q" * 2000, save_turns(turns), "As asked", "", 10, True], "event_data": None,
                       "fn_index": 1, "trigger_id": 5, "session_hash": "abcdefghij"}, ensure_ascii=False).encode()
    assert len(body) < CHAT_BODY_BYTES / 2, len(body)
    assert json_depth(body) <= MAX_JSON_DEPTH / 2


def test_a_body_that_does_not_arrive_is_408(monkeypatch):
    """A client that sends the headers and then stalls is answered, not waited for."""
    import asyncio

    import ui.guard
    from ui.guard import Guard

    monkeypatch.setattr(ui.guard, "BODY_SECONDS", 0.2)
    sent = []

    async def never():
        await asyncio.sleep(3600)

    async def send(message):
        sent.append(message)

    async def app(scope, receive, send):
        raise AssertionError("the app must not see the request")

    scope = {"type": "http", "method": "POST", "path": "/api/ask",
             "headers": [(b"content-type", b"application/json"), (b"content-length", b"100")]}
    asyncio.run(asyncio.wait_for(Guard(app)(scope, never, send), timeout=5))
    assert sent[0]["status"] == 408 and b"did not arrive within" in sent[1]["body"]


def test_an_answer_that_takes_too_long_is_503(monkeypatch):
    import time
    from types import SimpleNamespace

    from starlette.testclient import TestClient

    import ui.app

    class Slow:
        settings = SimpleNamespace(k=5)

        def speakers(self):
            return []

        def ask(self, *args):
            time.sleep(1)

    monkeypatch.setattr(ui.app, "ASK_SECONDS", 0.1)
    with TestClient(ui.app.build_api(Slow()), raise_server_exceptions=False) as client:
        response = client.post("/api/ask", json={"question": "What is the capex plan?"})
    assert response.status_code == 503 and "took longer than" in response.json()["error"]
