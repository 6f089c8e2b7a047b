"""Shared fixtures: the bundled corpus, and one index of it built once per session into a temporary folder
with the default (offline, bundled) embedder. Nothing here reaches the network."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from dataclasses import replace

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Tests never read or write the developer's own library (var/library).
# The folder is made only when none is set, and removed when the session ends (it was left behind in /tmp, empty, by
# every run before session 16).
if "CALLRAG_LIBRARY_DIR" not in os.environ:
    _library = tempfile.mkdtemp(prefix="callrag-test-library-")
    os.environ["CALLRAG_LIBRARY_DIR"] = _library
    atexit.register(shutil.rmtree, _library, ignore_errors=True)

from index.corpus import Corpus, load_corpus  # noqa: E402
from index.settings import Settings  # noqa: E402


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def corpus(settings: Settings) -> Corpus:
    return load_corpus(settings.corpus_path)


@pytest.fixture(scope="session")
def built(tmp_path_factory, settings: Settings) -> Settings:
    """Settings whose index (of the bundled corpus) is built, in a temporary folder."""
    from index.build import ensure_index

    root = tmp_path_factory.mktemp("built")
    s = replace(settings, index_dir=root / "index", corpora_dir=root / "corpora", library_dir=root / "library")
    ensure_index(s)
    return s


@pytest.fixture(scope="session")
def pipeline(built: Settings):
    from rag.pipeline import Pipeline

    return Pipeline(built)


@pytest.fixture(scope="session")
def suite(corpus):
    from eval.run import DEFAULT_SUITE
    from eval.suite import load_suite

    return load_suite(DEFAULT_SUITE, [corpus])


TINY = """主持人:
歡迎參加電話會議。
吳泳銘:
我們將在未來三年投資3800億元建設雲和AI基礎設施。
雲業務收入增長26%。
問:
資本開支計劃是什麼?
吳泳銘:
我們堅持三年3800億的資本開支計劃。
蔣凡:
淘寶閃購的騎手數量達到200萬。
"""


@pytest.fixture()
def tiny(tmp_path) -> Settings:
    """Settings for a tiny transcript (parsed from raw, no translation), index in a temporary folder."""
    from index.corpus import save_corpus
    from index.parse import parse_text

    corpus = parse_text(TINY, corpus_id="tiny")
    path = tmp_path / "tiny.json"
    save_corpus(corpus, path)
    return Settings(data_dir=tmp_path, corpus=str(path), index_dir=tmp_path / "var" / "index",
                    corpora_dir=tmp_path / "var" / "corpora", library_dir=tmp_path / "var" / "library")


@pytest.fixture()
def call_json():
    """Make a small call in the common JSON format: ``call_json(company, quarter, year, extra)``."""
    return make_call_json


def make_call_json(company: str = "Widget Works", quarter: str = "third", year: int = 2021, extra: int = 0) -> dict:
    """A small call in the common JSON format (prepared remarks, Q&A, participants); ``extra`` adds paragraphs."""
    filler = [{"speaker": "Raj Patel", "speech": "\n".join(
        f"In region {i} we saw steady demand for product line {i}, and we expect {i % 7 + 2}% growth there next "
        f"year as distribution improves." for i in range(j * 20, j * 20 + 20))} for j in range(extra)]
    return {
        "participants": ["Ann Lee--Chief Executive Officer", "Raj Patel--Chief Financial Officer",
                         "Bo Chan--Acme Bank -- Analyst"],
        "prepared_remarks": [
            {"speaker": "Operator", "speech": f"Welcome to the {company} {quarter.title()} Quarter {year} Earnings Call."},
            {"speaker": "Ann Lee", "speech": f"{company} revenue grew 12% to $40 million in the {quarter} quarter.\n"
                                             "We opened nine new stores and our loyalty program reached 3 million "
                                             "members."},
            {"speaker": "Raj Patel", "speech": "Gross margin was 41%, up 200 basis points. Capital expenditure "
                                               "for the year will be about $5 million, mostly for new stores."},
            *filler,
        ],
        "q_and_a": [
            {"speaker": "Operator", "speech": "Our first question comes from Bo Chan."},
            {"speaker": "Bo Chan", "speech": "How many stores will you open next year?"},
            {"speaker": "Ann Lee", "speech": "We plan to open about 30 stores next year, mainly in Texas."},
            {"speaker": "Duration: 31 minutes", "speech": ""},
        ],
    }


@pytest.fixture()
def calls_dir(tmp_path):
    """Three small calls in the common JSON format: two quarters of one company, one of another."""
    import json

    folder = tmp_path / "incoming"
    folder.mkdir()
    for name, args in (("WDG_q3_2021.txt", ("Widget Works", "third", 2021)),
                       ("WDG_q4_2021.txt", ("Widget Works", "fourth", 2021)),
                       ("GDG_q1_2021.txt", ("Gadget Group", "first", 2021))):
        (folder / name).write_text(json.dumps(make_call_json(*args)), encoding="utf-8")
    return folder


class FakeLLM:
    """An OpenAI-compatible chat server on 127.0.0.1 (a free port) serving crafted completions, streamed (SSE) or
    not: ``reply(messages) -> str`` decides what "the model" says; ``status`` other than 200 fails every request;
    ``delay`` (s) delays the reply. ``requests`` keeps every request body."""

    def __init__(self):
        import http.server
        import json
        import threading
        import time

        self.reply = lambda messages: ""
        self.status, self.delay, self.requests = 200, 0.0, []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                try:
                    self.answer()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def answer(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                fake.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
                time.sleep(fake.delay)
                if self.path.rstrip("/") != "/v1/chat/completions" or fake.status != 200:
                    data = json.dumps({"error": {"message": "crafted failure", "type": "server_error"}}).encode()
                    self.send_response(fake.status if fake.status != 200 else 404)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                text = fake.reply(body.get("messages", []))
                base = {"id": "chatcmpl-fake", "created": int(time.time()), "model": body.get("model", "fake")}
                if body.get("stream"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    pieces = [text[i:i + 7] for i in range(0, len(text), 7)]
                    for piece in pieces:
                        chunk = {**base, "object": "chat.completion.chunk", "choices": [
                            {"index": 0, "delta": {"role": "assistant", "content": piece}, "finish_reason": None}]}
                        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                        self.wfile.flush()
                    end = {**base, "object": "chat.completion.chunk",
                           "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                    self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
                    self.wfile.flush()
                    self.close_connection = True
                    return
                data = json.dumps({**base, "object": "chat.completion", "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def fake_llm():
    server = FakeLLM()
    yield server
    server.close()


# The slow tier (`make test-fast` leaves it out; `make test` and CI run it): a test is slow when it builds an index
# (the fixtures below), starts a server or a browser, or loads torch (the modules below). Marked here, by what the
# test uses, so a new test that builds an index is slow without anyone remembering to say so.
SLOW_FIXTURES = frozenset({"built", "pipeline", "library", "tiny", "worlds"})
SLOW_MODULES = frozenset({"test_ui_browser", "test_server", "test_llm_e2e", "test_embedders", "test_ui_api"})
SLOW_DOCTESTS = frozenset({"index.store", "rag.pipeline"})  # their examples build the index when it is missing


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rpartition(".")[2] if getattr(item, "module", None) else ""
        doctest = isinstance(item, pytest.DoctestItem) and ".".join(item.name.split(".")[:2]) in SLOW_DOCTESTS
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or module in SLOW_MODULES or doctest:
            item.add_marker(pytest.mark.slow)
