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
