"""The systems an evaluation compares, each answering ``search(question, k) -> Result``.

- ``product``: ``Pipeline.ask`` exactly as users get it (its citations, in order; a declined answer cites nothing).
- ``llamaindex-default``: the llama-index tutorial: ``VectorStoreIndex`` over the raw transcript text split by
  ``SentenceSplitter()`` with its defaults, dense retrieval only, no role filter; same embedder.
- ``bm25``, ``dense``: one family of channels of the product's retriever alone, on the product's passages.
- ablations (``--ablations``): the product's retriever with one design choice changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Protocol

from index.settings import format_fusion_weights, parse_fusion_weights

if TYPE_CHECKING:
    from rag.pipeline import Pipeline

# The fusion weightings measured (dense, sentence, bm25, question); the default is the best of them on the
# development suite (docs/evaluation.md).
WEIGHT_GRID = tuple(parse_fusion_weights(w) for w in ("0.3,0.3,0.3,0.05", "0.25,0.25,0.25,0.25", "0.4,0.2,0.3,0.1",
                                                      "0.2,0.4,0.3,0.1", "0.3,0.3,0.4,0.0", "0.3,0.3,0.2,0.2"))
DEV_CSLS = -0.03  # the CSLS threshold calibrated on the development suite (docs/evaluation.md)


@dataclass(frozen=True)
class Result:
    texts: tuple[str, ...]  # originals of the ranked passages
    declined: bool = False
    quotes: tuple[tuple[str, str], ...] = ()  # the answer's quoted sentences, in order: (sentence id, original)


class System(Protocol):
    name: str

    def search(self, question: str, k: int) -> Result: ...


class Product:
    """``Pipeline.ask``; named other than "product" when it is an ablation of the product's own settings."""

    abstains = True

    def __init__(self, pipeline: "Pipeline", name: str = "product"):
        self.pipeline, self.name = pipeline, name

    def search(self, question: str, k: int) -> Result:
        answer = self.pipeline.ask(question, k=k)
        return Result(tuple(c.text for c in answer.citations), answer.declined,
                      tuple((s.sentence_id, s.original) for s in answer.answer_sentences))


class Channels:
    """The product's retriever restricted or reconfigured (no abstention, no answer composition)."""

    abstains = False

    def __init__(self, name: str, pipeline: "Pipeline", channels: tuple[str, ...], mode: str | None = None,
                 weights: Mapping[str, float] | None = None, langs: tuple[str, ...] = ("zh", "en")):
        self.name, self.pipeline, self.channels = name, pipeline, channels
        self.mode = mode or pipeline.settings.fusion
        self.weights = weights or pipeline.settings.weights
        self.langs = langs

    def search(self, question: str, k: int) -> Result:
        from rag.retrieve import HybridRetriever

        p = self.pipeline
        retriever = HybridRetriever(p.store, p.embedder, mode=self.mode, weights=self.weights, top_k=k,
                                    channel_k=p.settings.channel_k, channels=self.channels, langs=self.langs)
        found = retriever.search(question, p.embedder.get_query_embedding(question))
        return Result(tuple(h.passage.original for h in found.hits))


class LlamaIndexDefault:
    name = "llamaindex-default"
    abstains = False

    def __init__(self, raw_text: str, embedder):
        from llama_index.core import Document, VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter

        nodes = SentenceSplitter().get_nodes_from_documents([Document(text=raw_text)])
        self.index = VectorStoreIndex(nodes, embed_model=embedder)
        self.chunks = len(nodes)

    def search(self, question: str, k: int) -> Result:
        nodes = self.index.as_retriever(similarity_top_k=k).retrieve(question)
        return Result(tuple(n.node.get_content() for n in nodes))


def baselines(pipeline: "Pipeline", raw_text: str) -> list[System]:
    return [
        LlamaIndexDefault(raw_text, pipeline.embedder),
        Channels("bm25", pipeline, ("bm25_zh", "bm25_en")),  # each question searches its own language
        Channels("dense", pipeline, ("dense",)),
    ]


def ablations(pipeline: "Pipeline") -> list[System]:
    """The product's retriever with one choice changed; the default is dense, sentence, bm25, question with
    relative-score fusion and the configured weights."""
    full = ("dense", "sentence", "bm25_zh", "bm25_en", "question")
    w = pipeline.settings.weights
    out: list[System] = [
        Channels("dense + sentence (no BM25)", pipeline, ("dense", "sentence")),
        Channels("no sentence channel", pipeline, ("dense", "bm25_zh", "bm25_en", "question")),
        Channels("no question channel", pipeline, ("dense", "sentence", "bm25_zh", "bm25_en")),
        Channels("Chinese only (no English translation indexed)", pipeline, ("dense", "sentence", "bm25_zh", "question"),
                 langs=("zh",)),
        Channels("fusion rrf (unweighted)", pipeline, full, mode="rrf"),
        Channels(f"fusion dist {format_fusion_weights(w)}", pipeline, full, "dist", w),
    ]
    for weights in WEIGHT_GRID:
        if weights != w:
            out.append(Channels(f"fusion relative {format_fusion_weights(weights)}", pipeline, full, "relative",
                                weights))
    # The decline rules (the product's whole path, so their abstention is measured too).
    s = pipeline.settings
    out += [
        Product(pipeline.variant(decline_unknown_names=not s.decline_unknown_names),
                f"decline on unknown names {'off' if s.decline_unknown_names else 'on'}"),
        Product(pipeline.variant(min_csls=DEV_CSLS if s.min_csls == float("-inf") else float("-inf")),
                f"CSLS decline {'at ' + str(DEV_CSLS) if s.min_csls == float('-inf') else 'off'}"),
        Product(pipeline.variant(min_similarity_en=0.0, min_similarity_zh=0.0, decline_unknown_names=False,
                                 min_csls=float("-inf"), decline_not_given=False), "no decline rule"),
        # The answer's own design choices (rag/compose.py, rag/rerank.py).
        Product(pipeline.variant(figure_ranking=False), "figure-aware ranking off"),
        Product(pipeline.variant(answer_fit=False), "answer fit off (relevance only)"),
        Product(pipeline.variant(decline_not_given=False), "'not given' off"),
        Product(pipeline.variant(figure_ranking=False, answer_fit=False, decline_not_given=False),
                "no question analysis in the answer"),
    ]
    return out
