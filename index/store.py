"""Open a built index: passages, Chroma vector store, BM25 indexes, sentence vectors, manifest.

Example:
    >>> from index.build import ensure_index
    >>> from index.settings import Settings
    >>> store = IndexStore(ensure_index(Settings()))
    >>> store.passage("alibaba-2025q2:t7.p8").speaker_en
    'Eddie Wu'
"""

from __future__ import annotations

import json
import logging
from functools import cached_property
from pathlib import Path

from index.manifest import Manifest
from index.passages import Passage

logger = logging.getLogger(__name__)


class IndexStore:
    """Everything retrieval reads, loaded once per process; paths resolved so a later swap does not affect it."""

    def __init__(self, path: Path):
        self.path = Path(path).resolve()
        self.manifest = Manifest.load(self.path)
        lines = (self.path / "passages.jsonl").read_text(encoding="utf-8").splitlines()
        self.passages: list[Passage] = [Passage.from_json(line) for line in lines if line.strip()]
        self.row: dict[str, int] = {p.id: i for i, p in enumerate(self.passages)}
        if len(self.row) != len(self.passages):
            raise ValueError(f"{self.path}: duplicate passage ids")

    def passage(self, passage_id: str) -> Passage:
        return self.passages[self.row[passage_id]]

    @cached_property
    def _questions(self) -> dict[tuple[str, int], list[Passage]]:
        out: dict[tuple[str, int], list[Passage]] = {}
        for p in self.passages:
            if p.question is not None:
                out.setdefault((p.transcript, p.question), []).append(p)
        return out

    def question(self, transcript: str, number: int | None) -> list[Passage]:
        """The passages of analyst question ``number`` of a transcript (empty when there is none)."""
        return self._questions.get((transcript, number), []) if number is not None else []

    @cached_property
    def _nodes(self) -> dict:
        return {p.id: p.node() for p in self.passages}

    def node(self, passage_id: str):
        """The passage as one llama-index node (original text), the unit retrievers return and fusion merges."""
        return self._nodes[passage_id]

    @cached_property
    def vector_store(self):
        from llama_index.vector_stores.chroma import ChromaVectorStore

        from index.build import open_collection

        return ChromaVectorStore(chroma_collection=open_collection(self.path / "chroma"))

    @cached_property
    def bm25(self) -> dict:
        import bm25s

        return {lang: bm25s.BM25.load(str(self.path / f"bm25_{lang}")) for lang in ("zh", "en")}

    @cached_property
    def sentence_vectors(self):
        import numpy as np

        return np.load(self.path / "sentences.npy")

    @cached_property
    def sentence_hubness(self):
        import numpy as np

        return np.load(self.path / "sentence_hubness.npy")

    @cached_property
    def sentence_rows(self) -> dict[int, list[tuple[int, int, str]]]:
        """passage row -> [(vector row, sentence index, language)]."""
        out: dict[int, list[tuple[int, int, str]]] = {}
        rows = json.loads((self.path / "sentences.json").read_text(encoding="utf-8"))
        for vec_row, (row, sentence, lang) in enumerate(rows):
            out.setdefault(row, []).append((vec_row, sentence, lang))
        return out

    @cached_property
    def vocabulary(self):
        """The Latin words of the Q&A and prepared remarks (management's answers and the analysts' questions they
        answer), original and translation: what ``rag.grounding`` checks a question's names against."""
        from rag.grounding import Vocabulary

        return Vocabulary.from_texts(t for p in self.passages if p.role in ("management", "analyst")
                                     for t in (p.original, p.translation))

    def warm(self) -> "IndexStore":
        """Open every part now (for servers and benchmarks), so the first question does not pay for it."""
        _ = self.vector_store, self.bm25, self.sentence_vectors, self.sentence_rows, self.sentence_hubness
        _ = self.vocabulary
        return self
