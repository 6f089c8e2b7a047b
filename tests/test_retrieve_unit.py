"""Retrieval and sentence choice on a tiny hand-made store: no model, no Chroma, no index build.

Every vector is hand-made so its cosine to the query is a chosen number: ``vec(0.9)`` has cosine 0.9 with the
query ``Q`` (the first axis); its remainder lies on another axis. The expected scores below are worked out by
hand from those numbers (the comments show the arithmetic).

The call "a" (Chinese original, English translation; one vector per passage and language):

    row  passage   role        speaker  question/answers  cos zh / en
    0    a:t0.p0   host        host     -                 .99 / .99   (never returned: only management answers)
    1    a:t1.p0   analyst     Li       question 1        .90 / .80   -> .85
    2    a:t2.p0   management  Wu       answers 1         .90 / .70   -> .80
    3    a:t2.p1   management  Wu       answers 1         .60 / .78   -> .69
    4    a:t3.p0   analyst     Li       question 2        .60 / .60   -> .60
    5    a:t4.p0   management  Xu       answers 2         .75 / .75   -> .75
    6    a:t5.p0   analyst     Li       question 3        .30 / .30   -> .30
    7    a:t6.p0   management  Xu       answers 3         .95 / .50   -> .725

The call "b" is English only (no translation: one vector per passage, no one-language discount):

    0    b:t0.p0   analyst     Ma       question 1        en .97
    1    b:t1.p0   management  Ng       answers 1         en .85
    2    b:t2.p0   management  Ng       -                 en .65
"""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest

from index.corpus import Sentence
from index.passages import Passage
from index.store import HUB_K, StoreView
from index.settings import DEFAULT_FUSION_WEIGHTS
from rag import retrieve
from rag.retrieve import (ONE_LANGUAGE_PENALTY, BM25Channel, ChannelResult, DenseChannel, HybridRetriever,
                          QuestionChannel, SentenceChannel, dense_search)

DIM = 8
Q = np.eye(DIM, dtype=np.float32)[0]  # the query: cosine with vec(c) is c
Q2 = np.eye(DIM, dtype=np.float32)[1]  # another query: cosine with vec(c) is sqrt(1 - c^2)


def vec(cos: float, axis: int = 1) -> list[float]:
    """A unit vector whose cosine with Q is ``cos``, its remainder on ``axis``."""
    v = [0.0] * DIM
    v[0], v[axis] = cos, math.sqrt(max(0.0, 1 - cos * cos))
    return v


def passage(transcript: str, turn: int, para: int, role: str, speaker: str, texts: list[tuple[str, str]],
            question: int | None = None, answers: int | None = None, lang: str = "zh") -> Passage:
    return Passage(id=f"{transcript}:t{turn}.p{para}", transcript=transcript, turn=turn, paragraph=para, part=None,
                   line=turn + 1, speaker=speaker, speaker_en=speaker, title="", role=role, section="qa",
                   question=question, answers=answers, original_language=lang,
                   sentences=tuple(Sentence(i, zh, en) for i, (zh, en) in enumerate(texts)))


class FakeBM25:
    """``get_scores(tokens)``: the sum of each token's hand-set scores per passage row."""

    def __init__(self, table: dict[str, list[float]], n: int, gate: "Gate | None" = None):
        self.table, self.n, self.gate = table, n, gate

    def get_scores(self, tokens):
        if self.gate is not None:
            self.gate.pass_through()
        out = np.zeros(self.n, dtype=np.float32)
        for t in tokens:
            out += np.asarray(self.table.get(t, [0.0] * self.n), dtype=np.float32)
        return out


class FakeStore:
    """What retrieval reads of an ``IndexStore`` (index/store.py), hand-made.

    ``nodes``: ``[(passage row, language, vector)]``; ``sentences``: ``[(passage row, sentence index, language,
    vector, hubness)]``; ``bm25``: ``{language: FakeBM25}``."""

    def __init__(self, passages, nodes, sentences=(), bm25=None):
        self.passages = list(passages)
        self.row = {p.id: i for i, p in enumerate(self.passages)}
        rows = np.asarray([r for r, _, _ in nodes], dtype=np.int64)
        self.node_rows = (rows, np.asarray([lang for _, lang, _ in nodes]),
                          np.asarray([self.passages[r].role for r in rows]))
        self.node_vectors = np.asarray([v for _, _, v in nodes], dtype=np.float32)
        self.sentence_vectors = np.asarray([v for *_, v, _ in sentences], dtype=np.float32).reshape(-1, DIM)
        self.sentence_hubness = np.asarray([h for *_, h in sentences], dtype=np.float32)
        self.sentence_rows: dict[int, list[tuple[int, int, str]]] = {}
        for vec_row, (row, sentence, lang, _, _) in enumerate(sentences):
            self.sentence_rows.setdefault(row, []).append((vec_row, sentence, lang))
        n = len(self.passages)
        self.bm25 = bm25 or {"zh": FakeBM25({}, n), "en": FakeBM25({}, n)}
        self._nodes = {p.id: p.node() for p in self.passages}

    def passage(self, passage_id: str) -> Passage:
        return self.passages[self.row[passage_id]]

    def node(self, passage_id: str):
        return self._nodes[passage_id]

    def question(self, transcript: str, number: int | None) -> list[Passage]:
        return [p for p in self.passages if p.transcript == transcript and number is not None and p.question == number]

    @property
    def stores(self):
        return (self,)


BILINGUAL = [  # (turn, paragraph, role, speaker, question, answers, cos zh, cos en)
    (0, 0, "host", "host", None, None, 0.99, 0.99),
    (1, 0, "analyst", "Li", 1, None, 0.90, 0.80),
    (2, 0, "management", "Wu", None, 1, 0.90, 0.70),
    (2, 1, "management", "Wu", None, 1, 0.60, 0.78),
    (3, 0, "analyst", "Li", 2, None, 0.60, 0.60),
    (4, 0, "management", "Xu", None, 2, 0.75, 0.75),
    (5, 0, "analyst", "Li", 3, None, 0.30, 0.30),
    (6, 0, "management", "Xu", None, 3, 0.95, 0.50),
]
# Sentence vectors (management sentences, and one analyst sentence the channel must skip): (row, sentence, lang,
# cos, hubness). Row 5's sentence is the nearest, but a hub (hubness .9).
SENTENCES = [(2, 0, "zh", 0.90, 0.5), (2, 0, "en", 0.70, 0.5), (2, 1, "zh", 0.50, 0.5), (2, 1, "en", 0.50, 0.5),
             (3, 0, "zh", 0.60, 0.4), (3, 0, "en", 0.80, 0.4), (5, 0, "zh", 0.95, 0.9), (5, 0, "en", 0.85, 0.9),
             (1, 0, "zh", 0.99, 0.1)]
# BM25 scores per English token and passage row: the analyst (row 1) and the host (row 0) match best, and never count.
EN_BM25 = {"capex": [5, 9, 3, 1, 0, 0, 0, 0], "plan": [0, 0, 0, 1.5, 0, 0, 0, 0],
           "cloud": [0, 0, 0, 0, 0, 4, 0, 2]}


def call_a(gate: "Gate | None" = None) -> FakeStore:
    passages = [passage("a", t, p, role, speaker, [(f"第{t}段第{p}句。", f"Turn {t} paragraph {p}.")] * 2,
                        question=q, answers=a) for t, p, role, speaker, q, a, _, _ in BILINGUAL]
    nodes = [(row, lang, vec(cos)) for row, (*_, zh, en) in enumerate(BILINGUAL)
             for lang, cos in (("zh", zh), ("en", en))]
    sentences = [(row, s, lang, vec(cos), hub) for row, s, lang, cos, hub in SENTENCES]
    n = len(passages)
    return FakeStore(passages, nodes, sentences, {"zh": FakeBM25({}, n), "en": FakeBM25(EN_BM25, n, gate)})


def call_b() -> FakeStore:
    rows = [(0, "analyst", "Ma", 1, None, 0.97), (1, "management", "Ng", None, 1, 0.85),
            (2, "management", "Ng", None, None, 0.65)]
    passages = [passage("b", t, 0, role, speaker, [("", f"Call b turn {t}.")], question=q, answers=a, lang="en")
                for t, role, speaker, q, a, _ in rows]
    nodes = [(row, "en", vec(cos)) for row, (*_, cos) in enumerate(rows)]
    sentences = [(1, 0, "en", vec(0.85), 0.5), (2, 0, "en", vec(0.65), 0.5)]
    return FakeStore(passages, nodes, sentences)


def approx(d: dict[str, float]):
    return pytest.approx(d, abs=1e-6)


# --- dense_search ---------------------------------------------------------------------------------------------

def test_dense_search_averages_a_passage_over_its_languages():
    assert dense_search(call_a(), Q, 100) == approx(
        {"a:t2.p0": 0.80, "a:t2.p1": 0.69, "a:t4.p0": 0.75, "a:t6.p0": 0.725})  # (.9+.7)/2, (.6+.78)/2, ...


def test_dense_search_discounts_a_passage_found_in_one_language_only():
    # The 2 nearest management vectors: a:t6.p0 zh (.95) and a:t2.p0 zh (.9); their translations are further.
    assert dense_search(call_a(), Q, 2) == approx({"a:t6.p0": 0.95 - ONE_LANGUAGE_PENALTY,
                                                   "a:t2.p0": 0.90 - ONE_LANGUAGE_PENALTY})
    # Searching one language: nothing to miss, no discount.
    assert dense_search(call_a(), Q, 2, langs=("zh",)) == approx({"a:t6.p0": 0.95, "a:t2.p0": 0.90})
    # An untranslated passage has one language to find: no discount either.
    assert dense_search(call_b(), Q, 1) == approx({"b:t1.p0": 0.85})


def test_dense_search_keeps_the_role_speakers_and_keep_asked():
    a = call_a()
    assert dense_search(a, Q, 100, role="analyst") == approx({"a:t1.p0": 0.85, "a:t3.p0": 0.60, "a:t5.p0": 0.30})
    assert dense_search(a, Q, 100, speakers=frozenset({"Xu"})) == approx({"a:t4.p0": 0.75, "a:t6.p0": 0.725})
    assert dense_search(a, Q, 100, keep=lambda p: p.answers == 1) == approx({"a:t2.p0": 0.80, "a:t2.p1": 0.69})
    assert dense_search(a, Q, 100, role="publisher") == {}


def test_dense_search_over_a_view_of_two_calls_maps_each_row_to_its_own_call():
    a, b = call_a(), call_b()
    view = StoreView([a, b])
    assert dense_search(view, Q, 100) == approx({**dense_search(a, Q, 100), **dense_search(b, Q, 100)})
    # One ranking over both calls: the 3 nearest management vectors are a's .95 and .9 (zh), then b's .85.
    assert dense_search(view, Q, 3) == approx({"a:t6.p0": 0.93, "a:t2.p0": 0.88, "b:t1.p0": 0.85})
    assert dense_search(view, Q, 100, role="analyst") == approx(
        {"a:t1.p0": 0.85, "a:t3.p0": 0.60, "a:t5.p0": 0.30, "b:t0.p0": 0.97})


# --- channels -----------------------------------------------------------------------------------------------

def test_dense_channel_returns_its_top_k_and_its_best_similarity():
    # top_k 2 reads the 4 nearest vectors: .95 (t6 zh), .9 (t2.p0 zh), .78 (t2.p1 en), .75 (t4 zh); none of
    # their passages has both languages among them, so each is discounted.
    found = DenseChannel(call_a(), None, 2).search("q", Q)
    assert found == ChannelResult(approx({"a:t6.p0": 0.93, "a:t2.p0": 0.88}), pytest.approx(0.93), None)
    assert list(found.scores) == ["a:t6.p0", "a:t2.p0"]  # best first
    # top_k 4 reads all 8: every passage has both languages, averaged.
    found = DenseChannel(call_a(), None, 4).search("q", Q)
    assert list(found.scores) == ["a:t2.p0", "a:t4.p0", "a:t6.p0", "a:t2.p1"]
    assert found.best == pytest.approx(0.80)


def test_bm25_channel_scores_management_passages_in_the_question_language_only():
    a = call_a()
    found = BM25Channel(a, None, 3, "en").search("What is the capex plan?")
    # capex + plan: t2.p0 3, t2.p1 1 + 1.5; the analyst's 9 and the host's 5 do not count; zeros stay (top_k 3).
    assert found == ChannelResult({"a:t2.p0": 3.0, "a:t2.p1": 2.5, "a:t4.p0": 0.0}, 3.0)
    assert BM25Channel(a, frozenset({"Xu"}), 3, "en").search("capex plan") == ChannelResult({}, 0.0)  # Xu: all 0
    assert BM25Channel(a, None, 3, "zh").search("What is the capex plan?") == ChannelResult({})  # not Chinese
    assert BM25Channel(a, None, 3, "en").search("revenue growth") == ChannelResult({}, 0.0)  # no word matches


def test_sentence_channel_scores_a_passage_by_its_best_sentence_and_reports_csls():
    found = SentenceChannel(call_a(), None, 30).search("q", Q)
    # Best sentence, averaged over its languages: t4.p0 (.95+.85)/2, t2.p0 (.9+.7)/2, t2.p1 (.6+.8)/2.
    assert found.scores == approx({"a:t4.p0": 0.90, "a:t2.p0": 0.80, "a:t2.p1": 0.70})
    assert list(found.scores) == ["a:t4.p0", "a:t2.p0", "a:t2.p1"]
    assert found.best == pytest.approx(0.90)
    # CSLS = 2 cos(q, s) - r_q - r_s; r_q = the mean similarity of the HUB_K (10) nearest sentence vectors: here
    # all 9 (the analyst's too) = 6.79 / 9. The best management sentence by CSLS is t2.p0's Chinese sentence
    # (2 * .9 - r_q - .5), not the nearest one (t4.p0's .95, a hub: 2 * .95 - r_q - .9).
    r_q = 6.79 / 9
    assert found.csls == pytest.approx(2 * 0.90 - r_q - 0.5, abs=1e-6)
    xu = SentenceChannel(call_a(), frozenset({"Xu"}), 30).search("q", Q)
    assert (xu.scores, xu.csls) == (approx({"a:t4.p0": 0.90}), pytest.approx(2 * 0.95 - r_q - 0.9, abs=1e-6))
    zh = SentenceChannel(call_a(), None, 30, langs=("zh",)).search("q", Q)
    assert zh.scores == approx({"a:t4.p0": 0.95, "a:t2.p0": 0.90, "a:t2.p1": 0.60})


def test_csls_query_hubness_is_the_mean_of_the_hub_k_nearest_only():
    assert HUB_K == 10
    cosines = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0, -0.5, -0.9]  # 12 sentences, hubness 0
    p = passage("c", 0, 0, "management", "Wu", [("句。", "A sentence.")] * len(cosines))
    store = FakeStore([p], [(0, "zh", vec(0.9))], [(0, i, "zh", vec(c), 0.0) for i, c in enumerate(cosines)])
    found = SentenceChannel(store, None, 30).search("q", Q)
    assert found.csls == pytest.approx(2 * 0.9 - 4.5 / 10, abs=1e-6)  # r_q: the 10 largest (sum 4.5), not all 12


def test_sentence_channel_with_no_citable_sentence():
    found = SentenceChannel(call_a(), frozenset({"nobody"}), 30).search("q", Q)
    assert found == ChannelResult({}, 0.0, -1.0)


def test_question_channel_reaches_answers_through_their_questions():
    found = QuestionChannel(call_a(), None, 30).search("q", Q)
    # The 2 best questions: 1 (.85) and 2 (.60), not 3 (.30); each answer scores question x its own similarity.
    # a:t6.p0 answers question 3: left out, though it is the nearest management vector.
    assert found.scores == approx({"a:t2.p0": 0.85 * 0.80, "a:t2.p1": 0.85 * 0.69, "a:t4.p0": 0.60 * 0.75})
    assert list(found.scores) == ["a:t2.p0", "a:t2.p1", "a:t4.p0"]
    assert found.best == pytest.approx(0.85 * 0.80)
    assert QuestionChannel(call_a(), frozenset({"Xu"}), 30).search("q", Q).scores == approx({"a:t4.p0": 0.45})


def test_question_channel_keeps_questions_of_different_calls_apart(monkeypatch):
    # b's question 1 (.97) and a's question 1 (.85) are different questions: each leads to its own call's answers.
    found = QuestionChannel(StoreView([call_a(), call_b()]), None, 30).search("q", Q)
    assert found.scores == approx({"b:t1.p0": 0.97 * 0.85, "a:t2.p0": 0.85 * 0.80, "a:t2.p1": 0.85 * 0.69})
    monkeypatch.setattr(QuestionChannel, "questions", 1)
    assert QuestionChannel(StoreView([call_a(), call_b()]), None, 30).search("q", Q).scores == \
        approx({"b:t1.p0": 0.97 * 0.85})


def test_a_channel_is_a_llama_index_retriever_of_its_scores():
    from llama_index.core.schema import QueryBundle

    a = call_a()
    nodes = BM25Channel(a, None, 2, "en").retrieve(QueryBundle("capex plan"))
    assert [(n.node.node_id, n.score) for n in nodes] == [("a:t2.p0", 3.0), ("a:t2.p1", 2.5)]


# --- the hybrid retriever: one serves any questions, in any order, from any thread ---------------------------

QUESTIONS = [("What is the capex plan?", Q), ("How is cloud doing?", Q2)]


def result(retrieval) -> tuple:
    return tuple((h.passage.id, h.score) for h in retrieval.hits), retrieval.best_similarity, retrieval.best_csls


def fresh(store, question, embedding, **kw):
    return result(HybridRetriever(store, None, top_k=5, **kw).search(question, embedding))


def test_hybrid_fuses_with_the_named_weights():
    a = call_a()
    default = fresh(a, *QUESTIONS[0])
    assert fresh(a, *QUESTIONS[0], weights=dict(DEFAULT_FUSION_WEIGHTS)) == default
    assert default[1:] == (pytest.approx(0.80), pytest.approx(2 * 0.90 - 6.79 / 9 - 0.5, abs=1e-6))
    # Relative fusion: each channel min-max scaled, weighted; with all weight on BM25 its order is the fused one.
    bm25 = fresh(a, *QUESTIONS[0], weights={"dense": 0, "sentence": 0, "bm25": 1, "question": 0})
    assert [pid for pid, _ in bm25[0][:2]] == ["a:t2.p0", "a:t2.p1"]
    with pytest.raises(ValueError, match="fusion weights name each of dense, sentence, bm25, question once"):
        HybridRetriever(a, None, weights=(0.4, 0.2, 0.3, 0.1))
    with pytest.raises(ValueError, match="fusion weights name each of"):
        HybridRetriever(a, None, weights={"dense": 1})


def test_one_hybrid_retriever_answers_interleaved_questions_as_fresh_ones_do():
    a = call_a()
    expected = [fresh(a, q, v) for q, v in QUESTIONS]
    assert expected[0] != expected[1]
    shared = HybridRetriever(a, None, top_k=5)
    for q, v in QUESTIONS * 3:  # a, b, a, b, a, b
        assert result(shared.search(q, v)) == expected[QUESTIONS.index((q, v))]


class Gate:
    """Holds one thread inside a channel until released (FakeBM25.get_scores calls ``pass_through``)."""

    def __init__(self):
        self.thread, self.inside, self.release = None, threading.Event(), threading.Event()

    def pass_through(self):
        if threading.current_thread() is self.thread:
            self.inside.set()
            assert self.release.wait(10)


def test_a_question_stopped_mid_retrieval_while_another_runs_keeps_its_own_signals():
    """The first question stops in the English BM25 channel (after the dense and sentence channels ran for it);
    the second runs whole on the same retriever meanwhile; the first then finishes. With signals kept on the
    channels (before), the first reported the second's best similarity and CSLS."""
    gate = Gate()
    a = call_a(gate)
    expected = [fresh(call_a(), q, v) for q, v in QUESTIONS]
    shared = HybridRetriever(a, None, top_k=5)
    got = {}
    first = threading.Thread(target=lambda: got.update(first=result(shared.search(*QUESTIONS[0]))))
    gate.thread = first
    first.start()
    assert gate.inside.wait(10)
    got["second"] = result(shared.search(*QUESTIONS[1]))
    gate.release.set()
    first.join(10)
    assert got == {"first": expected[0], "second": expected[1]}


def test_one_hybrid_retriever_shared_by_threads():
    from concurrent.futures import ThreadPoolExecutor

    a = call_a()
    expected = [fresh(a, q, v) for q, v in QUESTIONS]
    shared = HybridRetriever(a, None, top_k=5)
    asked = [i % 2 for i in range(40)]
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda i: result(shared.search(*QUESTIONS[i])), asked))
    assert got == [expected[i] for i in asked]


def test_fusion_matches_llama_index_query_fusion_over_the_channels_themselves():
    """HybridRetriever hands llama-index the channels' results; the same fusion over the channels as retrievers
    (how it was wired before) gives the same nodes and scores, in every mode."""
    from llama_index.core.retrievers import QueryFusionRetriever
    from llama_index.core.schema import QueryBundle

    a = call_a()
    for mode in retrieve.FUSION_MODES:
        for question, embedding in QUESTIONS:
            mine = HybridRetriever(a, None, mode=mode, top_k=5)
            channels = list(mine.channels.values())
            theirs = QueryFusionRetriever(channels, llm=retrieve._mock_llm(), mode=retrieve.FUSION_MODES[mode],
                                          similarity_top_k=5, num_queries=1, use_async=False,
                                          retriever_weights=mine.channel_weights)
            want = [(n.node.node_id, n.score) for n in theirs.retrieve(QueryBundle(question, embedding=embedding))]
            assert [(h.passage.id, h.score) for h in mine.search(question, embedding).hits] == want


# --- sentence choice (rag/compose.py) on hand-made passages ---------------------------------------------------

ANSWER = [  # passage e:t1.p0 (Wu), then e:t2.p0 (Xu): (sentence, cosine to Q, axis of its remainder)
    [("Thank you for the question.", 0.99, 1),  # filler: never quoted, though the nearest
     ("We are very excited about the momentum we see in our cloud business and in AI.", 0.95, 2),
     ("Cloud Intelligence Group revenue grew 26% year over year this quarter.", 0.80, 3),
     ("Cloud is great.", 0.97, 4)],  # too short to quote alone (under 5 words, no figure)
    [("Our cloud business continues to see very strong momentum in AI.", 0.94, 2),  # repeats Wu's second
     ("Customers are adopting our AI products across many different industries.", 0.50, 5)],
]


def answer_book(repeat_axis: int = 2):
    """A FactBook of the two passages above (English originals); ``repeat_axis`` 2 makes Xu's first sentence
    nearly the same vector as Wu's second (cosine .9995), another axis makes it a different statement."""
    from rag.compose import FactBook

    passages, sentences = [], []
    for row, texts in enumerate(ANSWER):
        passages.append(passage("e", row + 1, 0, "management", ("Wu", "Xu")[row], [("", s) for s, _, _ in texts],
                                answers=1, lang="en"))
        for i, (_, cos, axis) in enumerate(texts):
            axis = repeat_axis if (row, i) == (1, 0) else axis
            sentences.append((row, i, "en", vec(cos, axis), 0.5))
    store = FakeStore(passages, [(r, "en", vec(0.9)) for r in range(len(passages))], sentences)
    return FactBook(store), passages


def chosen(question: str, fit=None, repeat_axis: int = 2, max_sentences: int = 4):
    from rag.compose import compose
    from rag.question import analyse

    book, (wu, xu) = answer_book(repeat_axis)
    c = compose(book, analyse(question, book.glossary), Q, "en", [(1, wu, 1.0), (2, xu, 0.9)],
                max_sentences=max_sentences, fit=fit)
    return [(quote.n, quote.position) for quote in c.quotes], c.answers, c.quotes


def test_the_lead_is_the_sentence_that_states_the_figure_asked():
    from rag.compose import FIT

    quotes, answers, _ = chosen("How fast did cloud revenue grow this quarter?")
    # The sentence stating cloud revenue growth this quarter (cosine .80) leads the nearer one that states no
    # figure (.95, which joins: same passage, within the margin); the filler and the too-short one never appear.
    assert (quotes, answers) == ([(1, 2), (1, 1)], True)
    # Relevance alone (every fit weight 0): the nearer sentence leads, and the answer does not state the figure.
    quotes, answers, _ = chosen("How fast did cloud revenue grow this quarter?", fit={name: 0.0 for name in FIT})
    assert (quotes[0], answers) == ((1, 1), False)
    assert not {(1, 0), (1, 3)} & set(quotes)


def test_a_sentence_relevance_is_cosine_plus_word_share_plus_passage_prior():
    from rag.compose import FIT, LEXICAL_WEIGHT, PASSAGE_WEIGHT

    # Every word of the question is in Wu's second sentence (share 1), its passage has the best fused score (1.0).
    _, _, quotes = chosen("cloud business momentum", fit={name: 0.0 for name in FIT})
    assert (quotes[0].n, quotes[0].position) == (1, 1)
    assert quotes[0].score == pytest.approx(0.95 + LEXICAL_WEIGHT * 1.0 + PASSAGE_WEIGHT * 1.0 / 1.0)


def test_a_sentence_that_repeats_the_lead_is_left_out():
    # Xu's first sentence says what Wu's second says (nearly the same vector): left out of the answer ...
    quotes, _, _ = chosen("How is the cloud business doing?")
    assert quotes[0] == (1, 1) and (2, 0) not in quotes
    # ... and quoted when it is a different statement (its own direction), as close to the question.
    quotes, _, _ = chosen("How is the cloud business doing?", repeat_axis=6)
    assert quotes[0] == (1, 1) and (2, 0) in quotes
    # At most max_sentences, best first: the lead, then the next best.
    assert chosen("How is the cloud business doing?", repeat_axis=6, max_sentences=2)[0] == [(1, 1), (2, 0)]


def test_routing_compares_the_bundled_call_by_its_nearest_vector_like_the_library_calls():
    """An unscoped question ranks calls by the cosine of each call's nearest management vector (Chroma's measure
    for the library). The bundled call's nearest is a.t6.p0's Chinese vector, 0.95: not the passage's mean over
    its languages minus the one-language discount (0.95 - 0.02), which ranked it below a library call at 0.94."""
    from rag.pipeline import Pipeline

    class Library:
        def route(self, query_vec, n_calls):
            return [("b", 0.94), ("c", 0.50)]

    p = Pipeline()
    p.__dict__.update(store=call_a(), library=Library())
    p.__dict__["_bundled_id"] = lambda: "a"
    assert p.route(Q) == ["a", "b", "c"][: p.settings.route_calls]
