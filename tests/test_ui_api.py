"""``POST /api/ask`` and the Gradio endpoint ``/ask`` against a real ``callrag chat`` server on a free local port."""

import json
import os
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from eval.harness import running_server

CAPEX = "What is the capex plan?"
RIDERS = "How many delivery riders does quick commerce have?"


@pytest.fixture(scope="module")
def url(built):
    env = {**os.environ, "CALLRAG_INDEX_DIR": str(built.index_dir), "CALLRAG_CORPORA_DIR": str(built.corpora_dir)}
    with running_server(env=env) as url:
        yield url


def post(url: str, body, path: str = "/api/ask", raw: bytes | None = None) -> tuple[int, dict]:
    data = raw if raw is not None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def test_api_returns_the_ask_json_contract(url, pipeline):
    status, body = post(url, {"question": CAPEX, "k": 3})
    assert status == 200
    assert body == pipeline.ask(CAPEX, k=3).to_dict()  # exactly `callrag ask --json`
    first = body["citations"][0]
    assert first["speaker_en"] == "Eddie Wu" and "3800" in first["text"] and "[1]" in body["answer"]


def test_api_chinese_question_and_speaker_filter(url):
    status, body = post(url, {"question": "资本开支计划是什么？", "k": None, "speaker": None})
    assert status == 200 and body["language"] == "zh" and body["script"] == "simplified"
    assert "3800" in body["answer"] and body["citations"][0]["speaker"] == "吳泳銘"
    status, body = post(url, {"question": RIDERS, "speaker": "Jiang Fan", "k": 4})
    assert status == 200 and {c["speaker_en"] for c in body["citations"]} == {"Jiang Fan"}


@pytest.mark.parametrize(
    "body, message",
    [
        ({}, "'question' is missing"),
        ({"question": ""}, "the question is empty"),
        ({"question": "q" * 2001}, "the limit is 2000"),
        ({"question": 42}, "'question' must be a string"),
        ({"question": CAPEX, "k": 0}, "k must be a whole number from 1 to 50, got 0"),
        ({"question": CAPEX, "k": 51}, "k must be a whole number from 1 to 50, got 51"),
        ({"question": CAPEX, "k": "5"}, "'k' must be a whole number"),
        ({"question": CAPEX, "speaker": "Nobody"}, "unknown speaker 'Nobody'; the speakers who answer"),
        ({"question": CAPEX, "top_k": 3}, "unknown field(s) 'top_k'"),
        (["What is the capex plan?"], "the body must be a JSON object"),
    ],
)
def test_api_bad_input_is_a_clear_400(url, body, message):
    status, answer = post(url, body)
    assert status == 400 and message in answer["error"] and set(answer) == {"error"}


def test_api_rejects_what_is_not_a_question(url):
    assert post(url, None, raw=b"not json") == (400, {"error": 'the body is not valid JSON; send e.g. '
                                                                '{"question": "What is the capex plan?"}'})
    status, body = post(url, None, raw=json.dumps({"question": "q" * 70_000}).encode())
    assert status == 413 and "larger than 64 KB" in body["error"]
    status, body = post(url, None, path="/gradio_api/upload", raw=b"x")
    assert status == 403 and body == {"error": "uploads are disabled"}


def test_api_answers_concurrent_requests(url):
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda q: post(url, {"question": q, "k": 2}), [CAPEX, "资本开支计划是什么？"] * 3))
    assert [status for status, _ in results] == [200] * 6
    assert {body["citations"][0]["speaker_en"] for _, body in results} == {"Eddie Wu"}


def test_the_page_is_served(url):
    with urllib.request.urlopen(url + "/", timeout=30) as response:
        assert response.status == 200 and "callrag" in response.read().decode()
    with urllib.request.urlopen(url + "/config", timeout=30) as response:
        config = json.load(response)
    assert config["analytics_enabled"] is False


def test_gradio_client_named_endpoint(url):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(url, verbose=False, download_files=False)
    assert set(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == {"/ask"}
    result = client.predict(CAPEX, 3, None, api_name="/ask")
    assert result == post(url, {"question": CAPEX, "k": 3})[1]
    assert client.predict(RIDERS, 2, "Jiang Fan", api_name="/ask")["citations"][0]["speaker_en"] == "Jiang Fan"
    with pytest.raises(AppError, match="the question is empty"):
        client.predict("", None, None, api_name="/ask")
    with pytest.raises(AppError, match="unknown speaker 'Nobody'"):
        client.predict(CAPEX, None, "Nobody", api_name="/ask")


def test_the_real_server_keeps_to_its_routes(url):
    """The same refusals as tests/test_http_surface.py, through uvicorn: what was open before is not."""
    def status(method: str, path: str, body: bytes | None = None, kind: str = "application/json"):
        request = urllib.request.Request(url + path, data=body, method=method, headers={"Content-Type": kind})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers)

    code, headers = status("GET", "/api/ask")  # 404 before
    assert code == 405 and headers["allow"] == "POST"
    assert status("GET", "/openapi.json")[0] == 404  # 200 with the route list before
    assert status("GET", "/gradio_api/dev/reload")[0] == 404  # held the connection open before
    body = json.dumps({"question": CAPEX}).encode()
    assert status("POST", "/api/ask", body, kind="text/plain")[0] == 415  # answered 200 before
    assert status("POST", "/api/ask", body)[0] == 200
