"""Shared fixtures: the bundled corpus, and one index of it built once per session into a temporary folder
with the default (offline, bundled) embedder. Nothing here reaches the network."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Tests never read or write the developer's own library (var/library).
os.environ.setdefault("CALLRAG_LIBRARY_DIR", __import__("tempfile").mkdtemp(prefix="callrag-test-library-"))

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
