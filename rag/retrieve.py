"""Hybrid retrieval of citable passages: dense (both languages) + BM25 (both languages) + question-aware,
fused with llama-index's ``QueryFusionRetriever``.

Channels (each a llama-index retriever returning passage-level nodes):
- ``dense``: the query vector against the passage vectors of both languages in Chroma (a passage scores its
  better language), management passages only.
- ``bm25_zh`` / ``bm25_en``: BM25 over jieba-tokenised Simplified Chinese and over stemmed English.
- ``question``: the query against the analyst questions; the management passages that answer the best matching
  questions, in order of their own similarity. An answer is thus reachable through the question it answers.
Only ``management`` passages are ever returned (the host and the publisher never answer; analyst questions only
lead to answers), optionally only those of some speakers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle

from index.store import HUB_K
from index.script import detect_language
from index.tokenize import tokenize

if TYPE_CHECKING:
    from index.passages import Passage
    from index.store import IndexStore, StoreView

logger = logging.getLogger(__name__)

ONE_LANGUAGE_PENALTY = 0.02
FUSION_MODES = {"rrf": "reciprocal_rerank", "relative": "relative_score", "dist": "dist_based_score"}


@dataclass(frozen=True)
class Hit:
    passage: "Passage"
    score: float  # the fused score (its scale depends on the fusion mode)


@dataclass(frozen=True)
class Retrieval:
    hits: tuple[Hit, ...]
    best_similarity: float  # best dense cosine similarity of a citable passage: the relevance signal
    best_csls: float | None = None  # best hubness-corrected similarity of a citable sentence (None: not computed)


class _Channel(BaseRetriever):
    def __init__(self, store: "IndexStore | StoreView", speakers: frozenset[str] | None, top_k: int,
                 langs: tuple[str, ...] = ("zh", "en")):
        super().__init__()
        self.store, self.speakers, self.top_k, self.langs = as_view(store), speakers, top_k, langs
        self.best = 0.0

    def _allowed(self, p: "Passage", role: str = "management") -> bool:
        return p.role == role and (self.speakers is None or p.speaker in self.speakers)

    def _nodes(self, scored: list[tuple[str, float]]) -> list[NodeWithScore]:
        scored = sorted(scored, key=lambda x: -x[1])[: self.top_k]
        return [NodeWithScore(node=self.store.node(pid), score=s) for pid, s in scored]


def as_view(store) -> "StoreView":
    """An ``IndexStore`` (one index) or a ``StoreView`` (several calls) as a view."""
    from index.store import StoreView

    return store if isinstance(store, StoreView) else StoreView([store])


def dense_search(view: "StoreView", embedding, top_k: int, role: str = "management",
                 langs: tuple[str, ...] = ("zh", "en"), speakers: frozenset[str] | None = None,
                 keep=None) -> dict[str, float]:
    """passage id -> cosine similarity, exact, over the view's calls only (no metadata scan of a shared store):
    the ``top_k`` nearest vectors, each passage averaged over its languages found (agreement of the original and
    its translation); a passage found in one language only is discounted by ``ONE_LANGUAGE_PENALTY``.
    ``keep(passage) -> bool`` narrows the candidates further."""
    import numpy as np

    q = np.asarray(embedding, dtype=np.float32)
    q = q / (np.linalg.norm(q) or 1.0)
    rows, sims = [], []
    view = as_view(view)
    for st, offset in zip(view.stores, view.offsets):
        passage_rows, node_langs, roles = st.node_rows
        if not len(passage_rows):
            continue
        mask = (roles == role) & np.isin(node_langs, list(langs))
        if speakers is not None or keep is not None:
            mask &= np.asarray([(speakers is None or st.passages[r].speaker in speakers)
                                and (keep is None or keep(st.passages[r])) for r in passage_rows], dtype=bool)
        idx = np.flatnonzero(mask)
        if len(idx):
            rows.append(passage_rows[idx] + int(offset))
            sims.append(st.node_vectors[idx] @ q)
    if not rows:
        return {}
    rows_all, sims_all = np.concatenate(rows), np.concatenate(sims)
    top = np.argsort(-sims_all, kind="stable")[:top_k]
    found: dict[str, list[float]] = {}
    for i in top:
        found.setdefault(view.passages[int(rows_all[i])].id, []).append(float(sims_all[i]))
    def penalty(pid: str, c: list[float]) -> float:
        if len(c) > 1 or len(langs) < 2:
            return 0.0
        p = view.passage(pid)  # an untranslated (English-only) call has one language to find
        return ONE_LANGUAGE_PENALTY if p.original.strip() and p.translation.strip() else 0.0

    return {pid: sum(c) / len(c) - penalty(pid, c) for pid, c in found.items()}


def untranslated_english(store) -> bool:
    """An English call without a Chinese translation (the shared calls, added to the library)."""
    return bool(store.passages) and store.passages[0].original_language == "en" and \
        not any(p.translation.strip() for p in store.passages[:20])


class DenseChannel(_Channel):
    def _retrieve(self, query: QueryBundle) -> list[NodeWithScore]:
        scores = dense_search(self.store, query.embedding, 2 * self.top_k, "management", self.langs, self.speakers)
        self.best = max(scores.values(), default=0.0)
        return self._nodes(list(scores.items()))


class BM25Channel(_Channel):
    def __init__(self, store, speakers, top_k, lang: str, role: str = "management", dictionary: bool = True):
        super().__init__(store, speakers, top_k, (lang,))
        self.lang, self.role, self.dictionary = lang, role, dictionary

    def _retrieve(self, query: QueryBundle) -> list[NodeWithScore]:
        stores = self.store.stores
        asked = detect_language(query.query_str)
        if asked == self.lang:
            tokens = tokenize(query.query_str, self.lang)
        elif asked == "zh" and self.lang == "en":
            # A Chinese question over English-only calls (no Chinese to match): BM25 in English on the
            # question's dictionary translation (rag/lexicon.py). Calls with a translation keep the Chinese
            # channel alone (across languages BM25 otherwise only matches stray Latin words).
            from rag.lexicon import english_terms

            stores = tuple(st for st in stores if untranslated_english(st))
            tokens = tokenize(english_terms(query.query_str, self.dictionary), "en") if stores else []
        else:
            return []
        if not tokens:
            return []
        scored = []
        for st in stores:  # each call's own BM25: its scores do not depend on the other calls
            scores = st.bm25[self.lang].get_scores(tokens)
            scored += [(p.id, float(scores[i])) for i, p in enumerate(st.passages) if self._allowed(p, self.role)]
        self.best = max((s for _, s in scored), default=0.0)
        if self.best <= 0:
            return []
        # Passages scoring 0 stay in the list (up to top_k): relative fusion scales each list from its lowest
        # score, and BM25's true floor is 0, so a second, weaker match is not flattened to nothing.
        return self._nodes(scored)


class SentenceChannel(_Channel):
    """A passage scores its best sentence (cosine averaged over the sentence's two languages): finds a fact
    stated in one sentence of a long paragraph."""

    def _retrieve(self, query: QueryBundle) -> list[NodeWithScore]:
        import numpy as np

        sims = self.store.sentence_vectors @ np.asarray(query.embedding, dtype=np.float32)
        # CSLS (hubness-corrected similarity): 2 cos(q, s) - r_q - r_s, r = mean similarity to the k nearest.
        r_q = float(np.sort(sims)[-HUB_K:].mean()) if len(sims) else 0.0
        csls = 2 * sims - r_q - self.store.sentence_hubness
        best: dict[str, float] = {}
        self.csls = -1.0
        for row, entries in self.store.sentence_rows.items():
            p = self.store.passages[row]
            if not self._allowed(p):
                continue
            per_sentence: dict[int, list[float]] = {}
            for vec_row, sentence, lang in entries:
                if lang in self.langs:
                    per_sentence.setdefault(sentence, []).append(float(sims[vec_row]))
                    self.csls = max(self.csls, float(csls[vec_row]))
            if per_sentence:
                best[p.id] = max(sum(v) / len(v) for v in per_sentence.values())
        self.best = max(best.values(), default=0.0)
        return self._nodes(list(best.items()))


class QuestionChannel(_Channel):
    """Answers reached through the analyst question they answer."""

    questions = 2  # how many best-matching questions lead to their answers

    def _retrieve(self, query: QueryBundle) -> list[NodeWithScore]:
        asked = dense_search(self.store, query.embedding, 10, "analyst", self.langs)
        ranked: dict[tuple[str, int], float] = {}
        for pid, cos in asked.items():
            p = self.store.passage(pid)
            key = (p.transcript, p.question)
            ranked[key] = max(ranked.get(key, -1.0), cos)
        best = dict(sorted(ranked.items(), key=lambda x: -x[1])[: self.questions])
        if not best:
            return []
        answers = dense_search(self.store, query.embedding, 200, "management", self.langs, self.speakers,
                               keep=lambda p: (p.transcript, p.answers) in best)
        out = []
        for pid, cos in answers.items():
            p = self.store.passage(pid)
            if (p.transcript, p.answers) in best:
                out.append((pid, best[(p.transcript, p.answers)] * cos))
        return self._nodes(out)


_MOCK = []


def _mock_llm():
    """One MockLLM for every retriever (fusion with one query never calls it; building one per question cost
    ~1.5 ms of GIL-holding pydantic work, docs/scaling.md)."""
    if not _MOCK:
        from llama_index.core.llms import MockLLM

        _MOCK.append(MockLLM())
    return _MOCK[0]


class HybridRetriever(BaseRetriever):
    """All channels fused; built per question (it is cheap), so concurrent questions never share state."""

    def __init__(self, store: "IndexStore", embedder, mode: str = "relative",
                 weights: tuple[float, ...] = (0.4, 0.2, 0.3, 0.1),
                 top_k: int = 5, channel_k: int = 30, speakers: frozenset[str] | None = None,
                 channels: tuple[str, ...] = ("dense", "sentence", "bm25_zh", "bm25_en", "question"),
                 langs: tuple[str, ...] = ("zh", "en"), zh_dictionary: bool = True):
        super().__init__()
        from llama_index.core.retrievers import QueryFusionRetriever

        if mode not in FUSION_MODES:
            raise ValueError(f"unknown fusion {mode!r}; expected one of {sorted(FUSION_MODES)}")
        store = as_view(store)
        self.store, self.embedder = store, embedder
        made = {
            "dense": DenseChannel(store, speakers, channel_k, langs),
            "bm25_zh": BM25Channel(store, speakers, channel_k, "zh"),
            "bm25_en": BM25Channel(store, speakers, channel_k, "en", dictionary=zh_dictionary),
            "question": QuestionChannel(store, speakers, channel_k, langs),
            "sentence": SentenceChannel(store, speakers, channel_k, langs),
        }
        self.channels = {name: made[name] for name in channels}
        if len(weights) != 4:
            raise ValueError(f"fusion weights are 4 numbers (dense, sentence, bm25, question), got {weights!r}")
        weight_of = {"dense": weights[0], "sentence": weights[1], "bm25_zh": weights[2], "bm25_en": weights[2],
                     "question": weights[3]}
        self.fusion = QueryFusionRetriever(
            list(self.channels.values()), llm=_mock_llm(), mode=FUSION_MODES[mode], similarity_top_k=top_k,
            num_queries=1, use_async=False, retriever_weights=[weight_of[n] for n in self.channels],
        )

    def _retrieve(self, query: QueryBundle) -> list[NodeWithScore]:
        if query.embedding is None:
            query = QueryBundle(query.query_str, embedding=self.embedder.get_query_embedding(query.query_str))
        return self.fusion.retrieve(query)

    def search(self, question: str, embedding: list[float] | None = None) -> Retrieval:
        """The fused passages with their scores, and the dense channel's best similarity (for abstention)."""
        nodes = self.retrieve(QueryBundle(question, embedding=embedding))
        dense, sentence = self.channels.get("dense"), self.channels.get("sentence")
        return Retrieval(
            hits=tuple(Hit(self.store.passage(n.node.node_id), float(n.score or 0.0)) for n in nodes),
            best_similarity=dense.best if dense else 0.0,
            best_csls=sentence.csls if sentence else None,
        )
