"""Property-based tests (hypothesis) of every entry point that takes outside input: the transcript parser, the
corpus loader, the question path and the HTTP API. The property: any input yields a result or a
``CallragError`` (one line, saying what was wrong), never another exception.

Example counts are small so that the suite stays fast; CALLRAG_FUZZ_EXAMPLES=2000 runs a larger campaign.
"""

import copy
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from index.corpus import Corpus, corpus_from_dict, load_corpus
from index.errors import CallragError
from index.parse import parse_file, parse_text
from index.passages import passages_from_corpus
from index.schema import check_corpus

EXAMPLES = int(os.environ.get("CALLRAG_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SLOWER = settings(FUZZ, max_examples=max(EXAMPLES // 3, 10))  # each example answers a question

# Text as transcripts, questions and attackers write it: CJK, Latin, punctuation of both, markup, controls,
# combining marks, emoji, lone surrogates.
ALPHABET = st.one_of(
    st.sampled_from(list("吳泳銘蔣凡問主持人資本開支雲計劃億萬。，？！：:?!.,()[]{}<>/\\\"'*_#`|$&;=~-+ \t\r\n")),
    st.characters(codec="utf-8"),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    st.characters(max_codepoint=0x1F),
)
TEXT = st.text(ALPHABET, max_size=60)
LINES = st.lists(st.one_of(TEXT, st.sampled_from(["主持人:", "問:", "吳泳銘:", "Eddie Wu:", "Q:", "[/bold]吳泳銘:",
                                                   "Operator：", "", "   ", "星標華爾街見聞", "![x](y)"]),
                              TEXT.map(lambda name: name[:12] + ":")),  # speaker lines with any name
                 max_size=25)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
                    max_leaves=12)


def one_line(error: BaseException) -> None:
    assert isinstance(error, CallragError), f"{type(error).__name__}: {error}"
    assert str(error).strip() and "\n" not in str(error), repr(str(error))


# The transcript parser ----------------------------------------------------------------------------------------


@FUZZ
@given(LINES)
def test_parse_text_any_lines(lines):
    try:
        corpus = parse_text("\n".join(lines), source="call.txt")
    except CallragError as exc:
        one_line(exc)
        return
    assert isinstance(corpus, Corpus)
    check_corpus(corpus.to_dict(), "call.txt")  # what the parser writes, the loader accepts


@FUZZ
@given(st.binary(max_size=300) | LINES.map(lambda ls: "\n".join(ls).encode("utf-8", "surrogatepass")))
def test_parse_file_any_bytes(raw):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "call.txt"
        path.write_bytes(raw)
        try:
            corpus = parse_file(path)
        except CallragError as exc:
            one_line(exc)
            return
        check_corpus(corpus.to_dict(), str(path))


# The corpus loader --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled(corpus) -> dict:
    return corpus.to_dict()


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, prefix + (i,))


def load_or_error(data, source="c.json"):
    try:
        corpus = corpus_from_dict(data, source=source)
    except CallragError as exc:
        one_line(exc)
        return None
    passages_from_corpus(corpus)  # a corpus that loads can be indexed
    return corpus


@FUZZ
@given(data=st.data())
def test_corpus_with_one_field_changed(bundled, data):
    """The bundled corpus with one value anywhere replaced, or one key or item removed."""
    doc = copy.deepcopy(bundled)
    paths = [p for p in _paths(doc) if p]
    path = data.draw(st.sampled_from(paths))
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    if data.draw(st.booleans()):
        parent[path[-1]] = data.draw(JSON)
    elif isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent.pop(path[-1])
    load_or_error(doc)


@FUZZ
@given(JSON)
def test_corpus_any_json(value):
    load_or_error(value)


@FUZZ
@given(st.binary(max_size=200) | JSON.map(lambda v: json.dumps(v).encode()) |
       st.integers(1, 20_000).map(lambda n: b"[" * n + b"]" * n))
def test_load_corpus_any_file(raw):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.json"
        path.write_bytes(raw)
        try:
            load_corpus(path)
        except CallragError as exc:
            one_line(exc)


# The question path ---------------------------------------------------------------------------------------------

QUESTIONS = st.one_of(TEXT, st.text(ALPHABET, min_size=1900, max_size=2100),
                      st.sampled_from(["What is the capex plan?", "资本开支计划是什么？", "JD.com H20 Lazada?"]))
K = st.one_of(st.none(), st.integers(-3, 60), st.booleans(), st.floats(allow_nan=True), TEXT)
SPEAKERS = st.one_of(st.none(), TEXT,
                     st.sampled_from(["Eddie Wu", "吳泳銘", "Wu", "蒋凡", "Nobody", ""]))


@SLOWER
@given(QUESTIONS, K, SPEAKERS)
@example("capex \udcff", None, None)  # a byte that is not UTF-8, as Python reads it from a terminal
@example("What is the capex plan?", 3, "Wu\ud800")
@example("\x00\x1b[31m", True, "")
def test_ask_any_question(pipeline, question, k, speaker):
    try:
        answer = pipeline.ask(question, k=k, speaker=speaker)
    except CallragError as exc:
        one_line(exc)
        return
    json.dumps(answer.to_dict(), ensure_ascii=False).encode("utf-8")  # the answer can be sent as JSON


# The HTTP API --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(pipeline):
    from starlette.testclient import TestClient

    from ui.app import create_app

    with TestClient(create_app(pipeline), raise_server_exceptions=False) as client:
        yield client


BODIES = st.one_of(
    st.fixed_dictionaries({"question": QUESTIONS}, optional={"k": K, "speaker": SPEAKERS, "top_k": JSON})
    .map(lambda d: json.dumps(d).encode()),
    JSON.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=300),
    st.integers(1, 3000).map(lambda n: b'{"question": ' + b"[" * n + b"]" * n + b"}"),
)
CONTENT_TYPES = st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain", "",
                                 "application/x-www-form-urlencoded", "APPLICATION/JSON"])


@SLOWER
@given(BODIES, CONTENT_TYPES, st.sampled_from(["POST", "POST", "POST", "GET", "PUT", "OPTIONS"]))
@example(b'{"question": "capex \\ud800"}', "application/json", "POST")
@example('{"question": "capex", "speaker": "\\udfff"}'.encode(), "application/json", "POST")
@example(b"[" * 3000 + b"]" * 3000, "application/json", "POST")
@example(b'{"question": "capex \xff"}', "application/json", "POST")
def test_api_any_request(client, body, content_type, method):
    headers = {"content-type": content_type} if content_type else {}
    response = client.request(method, "/api/ask", content=body, headers=headers)
    assert response.status_code in (200, 400, 405, 413, 415), (response.status_code, response.text[:300])
    if response.status_code != 200:
        error = response.json()
        assert set(error) == {"error"} and error["error"] and "\n" not in error["error"]


@FUZZ
@given(st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7e, exclude_characters="?#"), max_size=40))
def test_any_path(client, path):
    assume(not path.startswith("/"))
    response = client.get("/" + path)
    assert response.status_code < 500, (path, response.status_code)
