"""Open a built index: passages, Chroma vector store, BM25 indexes, sentence vectors, manifest.

Example:
    >>> from index.build import ensure_index
    >>> from index.settings import Settings
    >>> store = IndexStore(ensure_index(Settings()))  # the writer builds it if needed; open_live() only reads
    >>> store.passage("alibaba-2025q2:t7.p8").speaker_en
    'Eddie Wu'
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from index import layout
from index.errors import CallragError
from index.layout import HUB_K  # noqa: F401 - for retrieval (CSLS), which reads the index through this module
from index.manifest import Manifest
from index.passages import Passage

if TYPE_CHECKING:
    from index.settings import Settings


class IndexStore:
    """Everything retrieval reads, loaded once per process; paths resolved so a later swap does not affect it."""

    def __init__(self, path: Path):
        self.path = Path(path).resolve()
        self.manifest = Manifest.load(self.path)
        lines = (self.path / layout.PASSAGES).read_text(encoding="utf-8").splitlines()
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

        from index.chroma import open_collection

        return ChromaVectorStore(chroma_collection=open_collection(self.path, url=self.manifest.store))

    @cached_property
    def bm25(self) -> dict:
        import bm25s

        # Memory-mapped: several workers (and a reload after the library changed) share the pages.
        return {lang: bm25s.BM25.load(str(self.path / layout.bm25(lang)), mmap=True) for lang in layout.LANGUAGES}

    @cached_property
    def sentence_vectors(self):
        import numpy as np

        return np.load(self.path / layout.SENTENCE_VECTORS)

    @cached_property
    def sentence_hubness(self):
        import numpy as np

        return np.load(self.path / layout.SENTENCE_HUBNESS)

    @cached_property
    def sentence_rows(self) -> dict[int, list[tuple[int, int, str]]]:
        """passage row -> [(vector row, sentence index, language)]."""
        out: dict[int, list[tuple[int, int, str]]] = {}
        rows = json.loads((self.path / layout.SENTENCES).read_text(encoding="utf-8"))
        for vec_row, (row, sentence, lang) in enumerate(rows):
            out.setdefault(row, []).append((vec_row, sentence, lang))
        return out

    @cached_property
    def vocabulary(self):
        """The Latin words of the Q&A and prepared remarks (management's answers and the analysts' questions they
        answer), original and translation, and the names of who speaks them (a transcript may misspell a speaker in
        the text: "Rick Cardinas" for Rick Cardenas): what a question's names are checked against."""
        from index.vocabulary import Vocabulary

        spoken = [p for p in self.passages if p.role in ("management", "analyst")]
        # (and their English names: "What does Jiang Fan see as …" of a call whose speaker is 蔣凡 had been declined as
        # naming someone the call never mentions; session 26's development round)
        return Vocabulary.from_texts([t for p in spoken for t in (p.original, p.translation)] +
                                     sorted({n for p in spoken for n in (p.speaker, getattr(p, "speaker_en", ""))
                                             if n}))

    @cached_property
    def node_vectors(self):
        """Unit-length passage vectors (one per passage and language) for exact search within this index."""
        import numpy as np

        vectors = np.load(self.path / layout.NODE_VECTORS).astype(np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)

    @cached_property
    def node_rows(self):
        """(passage rows, languages, roles) of the node vectors, as numpy arrays for masking."""
        import numpy as np

        rows = json.loads((self.path / layout.NODES).read_text(encoding="utf-8"))
        passage_rows = np.asarray([r for r, _ in rows], dtype=np.int64)
        langs = np.asarray([lang for _, lang in rows])
        roles = np.asarray([self.passages[r].role for r in passage_rows]) if len(rows) else np.asarray([])
        return passage_rows, langs, roles

    @property
    def stores(self) -> tuple["IndexStore", ...]:
        return (self,)

    def warm(self) -> "IndexStore":
        """Open every part now (for servers and benchmarks), so the first question does not pay for it."""
        _ = self.bm25, self.sentence_vectors, self.sentence_rows, self.sentence_hubness
        _ = self.node_vectors, self.node_rows, self.vocabulary
        return self


class IndexMissing(FileNotFoundError, CallragError):
    """No usable index where the settings point: build it (``callrag index``) before asking."""


def open_live(settings: "Settings") -> IndexStore:
    """The live index of ``settings``, opened and warmed. Reading never builds: a missing index is an error that
    says how to build it (the ``callrag`` command builds it first, through ``index.build.open_index``)."""
    path = Path(settings.index_dir)
    if not (path / layout.MANIFEST).is_file():
        raise IndexMissing(f"no index at {path}: build it with `callrag index` (or `make run`)")
    return IndexStore(path).warm()


class StoreView:
    """Several indexes (calls) read as one: what retrieval and answers read for a scoped or routed question.

    Rows are global (the stores' passages in order); each store keeps its own BM25 and vectors, so a call's
    scores never depend on which other calls are in the library.
    """

    def __init__(self, stores: list[IndexStore]):
        import numpy as np

        if not stores:
            raise ValueError("a view needs at least one index")
        self.stores = tuple(stores)
        self.passages: list[Passage] = [p for st in stores for p in st.passages]
        self.row = {p.id: i for i, p in enumerate(self.passages)}
        self.offsets = list(np.cumsum([0] + [len(st.passages) for st in stores[:-1]]))
        self._by_transcript = {p.transcript: st for st in stores for p in st.passages[:1]}

    def passage(self, passage_id: str) -> Passage:
        return self.passages[self.row[passage_id]]

    def question(self, transcript: str, number: int | None) -> list[Passage]:
        store = self._by_transcript.get(transcript)
        return store.question(transcript, number) if store is not None else []

    def node(self, passage_id: str):
        return self._store_of(passage_id).node(passage_id)

    def _store_of(self, passage_id: str) -> IndexStore:
        return self._by_transcript[self.passage(passage_id).transcript]

    @cached_property
    def sentence_vectors(self):
        import numpy as np

        if len(self.stores) == 1:
            return self.stores[0].sentence_vectors
        return np.concatenate([st.sentence_vectors for st in self.stores])

    @cached_property
    def sentence_hubness(self):
        import numpy as np

        if len(self.stores) == 1:
            return self.stores[0].sentence_hubness
        return np.concatenate([st.sentence_hubness for st in self.stores])

    @cached_property
    def sentence_rows(self) -> dict[int, list[tuple[int, int, str]]]:
        out: dict[int, list[tuple[int, int, str]]] = {}
        vec_offset = 0
        for st, offset in zip(self.stores, self.offsets):
            for row, entries in st.sentence_rows.items():
                out[int(offset) + row] = [(vec_offset + v, s, lang) for v, s, lang in entries]
            vec_offset += len(st.sentence_vectors)
        return out

    @cached_property
    def vocabulary(self):
        if len(self.stores) == 1:
            return self.stores[0].vocabulary
        from index.vocabulary import Vocabulary

        # The union of the calls' own vocabularies (each built once per call): the same as building it from all
        # the view's texts, without re-reading them for every new combination of routed calls.
        return Vocabulary.union(st.vocabulary for st in self.stores)
