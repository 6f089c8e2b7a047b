"""Shared fixtures: the bundled corpus, loaded once per session."""

from __future__ import annotations

import pytest

from index.corpus import Corpus, load_corpus
from index.settings import Settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def corpus(settings: Settings) -> Corpus:
    return load_corpus(settings.corpus_path)
