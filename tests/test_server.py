"""Chroma as a server (issue 12): a real `chroma run` child process, started per test module on a free port,
waited for by its heartbeat with a deadline and stopped by its pid.

- the bundled suite gives the same top-10 passage ids in embedded and server mode (routing through Chroma);
- the same collections and ids on both sides, no embedding function, the library moved to a server without
  re-embedding;
- two worker processes share one server and one library: a call added, replaced and removed by a third
  process (`callrag library add/remove`) is seen by both without a restart;
- an unreachable server, a non-Chroma server and a version mismatch are one-line errors naming the URL.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from index.chroma import ChromaServerError, RunningServer, check_server, free_port

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with RunningServer(tmp_path_factory.mktemp("chroma-server") / "data") as running:
        yield running
    assert running.proc.poll() is not None  # stopped by its pid


def distinct(call: dict, tag: str) -> dict:
    """The template calls share whole paragraphs (identical vectors: ties whose order no store promises); a short
    sentence naming the file makes every paragraph of every call its own."""
    for part in ("prepared_remarks", "q_and_a"):
        for turn in call[part]:
            if turn["speech"] and turn["speaker"] != "Operator":
                turn["speech"] = "\n".join(f"{line} This is from {tag.split('.')[0]}." for line in
                                            turn["speech"].split("\n"))
    return call


@pytest.fixture(scope="module")
def worlds(tmp_path_factory, built, server):
    """The same library (three small calls) and bundled index, embedded and on the server."""
    from index.build import ensure_index
    from index.library import Library
    from tests.conftest import make_call_json

    root = tmp_path_factory.mktemp("worlds")
    incoming = root / "incoming"
    incoming.mkdir()
    for name, args in (("WDG_q3_2021.txt", ("Widget Works", "third", 2021)),
                       ("WDG_q4_2021.txt", ("Widget Works", "fourth", 2021)),
                       ("GDG_q1_2021.txt", ("Gadget Group", "first", 2021))):
        (incoming / name).write_text(json.dumps(distinct(make_call_json(*args, extra=1), name)), encoding="utf-8")
    embedded = replace(built, library_dir=root / "library")
    outcomes = Library(embedded, announce=lambda m: None).add([str(incoming)])
    assert [o.status for o in outcomes] == ["added"] * 3
    on_server = replace(embedded, chroma_url=server.url, index_dir=root / "index-server")
    ensure_index(on_server, announce=lambda m: None)  # the bundled index built into the server
    # The library moved to the server: its vectors restored from the calls' own files, nothing re-embedded.
    lib = Library(on_server, announce=lambda m: None)
    assert lib.check_vectors() is not None  # the server starts empty
    lib.repair_vectors()
    assert lib.check_vectors() is None
    return embedded, on_server


def test_same_collections_ids_and_metadata_on_both_sides(worlds):
    from index.chroma import open_collection
    from index.library import Library

    embedded, on_server = worlds
    here, there = Library(embedded).collection(), Library(on_server).collection()
    assert type(there._client).__name__ != type(here._client).__name__  # really two kinds of client
    a, b = here.get(include=["metadatas"]), there.get(include=["metadatas"])
    same = [sorted((i, json.dumps(m, sort_keys=True)) for i, m in zip(got["ids"], got["metadatas"])) for got in (a, b)]
    assert same[0] == same[1] and len(a["ids"]) > 20
    assert here._embedding_function is None and there._embedding_function is None
    local = open_collection(embedded.index_dir.resolve())
    remote = open_collection(on_server.index_dir.resolve())
    assert remote.name.startswith("passages-") and local.name == "passages"
    assert sorted(local.get(include=[])["ids"]) == sorted(remote.get(include=[])["ids"])
    assert remote._embedding_function is None
    vec = here.get(limit=1, include=["embeddings"])["embeddings"][0]
    near = [c.query(query_embeddings=[list(map(float, vec))], n_results=10, include=["distances"])
            for c in (here, there)]
    assert near[0]["ids"] == near[1]["ids"]
    assert [round(d, 5) for d in near[0]["distances"][0]] == [round(d, 5) for d in near[1]["distances"][0]]


def test_the_bundled_suite_gives_identical_top10_embedded_and_on_the_server(worlds, suite):
    """Every question of the bundled suite, unscoped over the bundled call and the library (so each is routed
    through Chroma's nearest vectors), and scoped to the bundled call: the same top 10, both ways."""
    from rag.pipeline import Pipeline

    embedded, on_server = worlds
    here, there = Pipeline(embedded), Pipeline(on_server)
    assert type(there.library.collection()._client).__module__ == "chromadb.api.fastapi"  # the HTTP client
    routed_to_library = 0
    for case in suite:
        a = [c.passage_id for c in here.ask(case.question, k=10).citations]
        b = [c.passage_id for c in there.ask(case.question, k=10).citations]
        assert a == b, case.id
        routed_to_library += any(not pid.startswith("alibaba-2025q2:") for pid in a)
        scoped_a = [c.passage_id for c in here.ask(case.question, k=10, call="alibaba-2025q2").citations]
        scoped_b = [c.passage_id for c in there.ask(case.question, k=10, call="alibaba-2025q2").citations]
        assert scoped_a == scoped_b, case.id
    assert len(suite) >= 100
    # Library questions, routed through the server's collection.
    for q in ("How many stores will Gadget Group open next year?", "What was the gross margin?"):
        assert [c.passage_id for c in here.ask(q, k=10).citations] == \
            [c.passage_id for c in there.ask(q, k=10).citations]


def _post(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url + "/api/ask", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def _cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "callrag", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)


def test_two_workers_share_one_server_and_see_a_call_added_by_a_third_process(worlds, tmp_path):
    """Two `callrag chat` workers on one Chroma server and one library; `callrag library add` (a third process)
    adds, replaces and removes a call; both workers answer from the change at once, without a restart."""
    from tests.conftest import make_call_json
    from eval.harness import running_server

    _, on_server = worlds
    library = tmp_path / "shared-library"
    env = {**os.environ, "PYTHONWARNINGS": "ignore",
           **{f"CALLRAG_{k.upper()}": v for k, v in replace(on_server, library_dir=library).describe().items()}}
    first = tmp_path / "WDG_q3_2021.txt"
    first.write_text(json.dumps(make_call_json("Widget Works", "third", 2021)), encoding="utf-8")
    assert _cli(env, "library", "add", str(first)).returncode == 0
    call = tmp_path / "ZAP_q2_2021.txt"
    question = {"question": "How many stores will you open next year?", "call": "zap-2021q2"}
    with running_server(env=env) as a, running_server(env=env) as b:
        for url in (a, b):
            status, body = _post(url, question)
            assert status == 400 and "no call 'zap-2021q2'" in body["error"]
        call.write_text(json.dumps(make_call_json("Zapper Systems", "second", 2021)), encoding="utf-8")
        added = _cli(env, "library", "add", str(call))
        assert added.returncode == 0, added.stderr
        for url in (a, b):
            status, body = _post(url, question)
            assert status == 200 and body["citations"][0]["transcript"] == "zap-2021q2"
            assert "30 stores" in body["answer"]
            status, routed = _post(url, {"question": "How many stores will Zapper Systems open next year?"})
            assert status == 200 and routed["citations"][0]["transcript"] == "zap-2021q2"
        # Replaced by a third process: both workers read the new folder (its BM25 memory-mapped afresh).
        data = make_call_json("Zapper Systems", "second", 2021)
        data["q_and_a"][2]["speech"] = "We plan to open about 45 stores next year, mainly in Ohio."
        call.write_text(json.dumps(data), encoding="utf-8")
        replaced = _cli(env, "library", "add", str(call))
        assert replaced.returncode == 0 and "replaced" in replaced.stdout + replaced.stderr, replaced.stdout
        for url in (a, b):
            status, body = _post(url, question)
            assert status == 200 and "45 stores" in body["answer"] and "30 stores" not in body["answer"]
        assert _cli(env, "library", "remove", "zap-2021q2").returncode == 0
        for url in (a, b):
            status, body = _post(url, question)
            assert status == 400 and "no call 'zap-2021q2'" in body["error"]
            status, body = _post(url, {"question": "How many stores will you open next year?",
                                       "call": "wdg-2021q3"})
            assert status == 200 and "30 stores" in body["answer"]


def test_an_unreachable_server_is_one_line_naming_the_url_and_what_to_do(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ChromaServerError) as caught:
        check_server(url)
    message = str(caught.value)
    assert url in message and "chroma run" in message and "CALLRAG_CHROMA_URL" in message and "\n" not in message
    env = {**os.environ, "CALLRAG_CHROMA_URL": url, "CALLRAG_INDEX_DIR": str(tmp_path / "index"),
           "CALLRAG_LIBRARY_DIR": str(tmp_path / "library")}
    done = _cli(env, "ask", "What is the capex plan?")
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1, done.stderr
    assert lines[0].startswith("callrag ask: cannot reach the Chroma server at " + url) and "chroma run" in lines[0]
    assert not (tmp_path / "index").exists()  # said before anything was built
    done = _cli({**env, "CALLRAG_CHROMA_URL": ""}, "--chroma-url", "ftp://nowhere", "library", "verify")
    assert done.returncode == 1 and "expected http://host:port" in done.stderr and \
        len(done.stderr.strip().splitlines()) == 1, done.stderr


class _Fake(http.server.BaseHTTPRequestHandler):
    answers: dict[str, tuple[int, str]] = {}

    def do_GET(self):  # noqa: N802 - http.server's name
        status, body = self.answers.get(self.path, (404, '{"error": "not found"}'))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("answers, expected", [
    ({"/api/v2/heartbeat": (200, '{"nanosecond heartbeat": 1}'), "/api/v2/version": (200, '"0.6.3"')},
     "runs version 0.6.3, this callrag's client is chromadb"),
    ({}, "is not a Chroma 1.x server (GET /api/v2/heartbeat answered HTTP 404)"),
])
def test_a_version_mismatch_or_another_server_is_one_line_naming_the_url(answers, expected):
    handler = type("Fake", (_Fake,), {"answers": answers})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with pytest.raises(ChromaServerError) as caught:
            check_server(url)
    finally:
        httpd.shutdown()
    message = str(caught.value)
    assert expected in message and url in message and "\n" not in message


def test_the_real_server_passes_the_check_and_bm25_is_memory_mapped(server, built):
    import numpy as np

    from index.build import ensure_index
    from index.store import IndexStore

    assert check_server(server.url).startswith("1.")
    store = IndexStore(ensure_index(built))
    assert isinstance(store.bm25["en"].scores["data"], np.memmap)


def test_a_view_book_combined_from_the_calls_equals_one_built_from_the_view(worlds):
    """rag/viewbook.py: an unscoped question's book (several calls) from the calls' own books, not re-read."""
    from rag.compose import FactBook
    from rag.pipeline import Pipeline
    from rag.viewbook import ViewBook

    embedded, _ = worlds
    p = Pipeline(embedded)
    view = p.view(["wdg-2021q3", "gdg-2021q1", "alibaba-2025q2"])
    combined, direct = ViewBook(view), FactBook(view)
    assert combined.terms_in_calls == direct.terms_in_calls and combined.terms_in_calls
    assert combined._idf == direct._idf
    for passage in view.passages[::7]:
        assert combined.facts(passage) == direct.facts(passage)
        assert combined.context(passage, 0) == direct.context(passage, 0)
