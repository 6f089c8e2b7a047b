"""Extractive answers: 2 to 4 sentences from the top passages, chosen for relevance without redundancy
(maximal marginal relevance), in the user's language, each group naming its speaker and carrying ``[n]``.

Sentence relevance = cosine(query, sentence) in the better language + a bonus for the query's words it
contains (BM25 tokens) + a prior from its passage's fused score (relative to the best passage), so a stray
sentence of a weak passage does not displace the best passage's own. Redundancy = cosine between sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from index.script import to_script
from index.tokenize import tokenize

if TYPE_CHECKING:
    from index.passages import Passage
    from index.store import IndexStore

LEXICAL_WEIGHT = 0.15
PASSAGE_WEIGHT = 0.3
# MMR: e5 similarities of unrelated sentences sit around 0.75-0.85, so only similarity above REDUNDANT_ABOVE
# counts as repetition, penalised REDUNDANCY per unit (a near-duplicate at 0.97 loses 0.24).
REDUNDANT_ABOVE = 0.85
REDUNDANCY = 2.0
MARGIN = 0.08  # after two sentences, stop when the next is this much less relevant than the best
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Chosen:
    n: int  # citation number
    passage: "Passage"
    position: int  # position of the sentence in the passage
    relevance: float


def choose_sentences(store: "IndexStore", query_vec: np.ndarray, query_tokens: set[str], lang: str,
                     cited: list[tuple[int, "Passage", float]], max_sentences: int = 4) -> list[Chosen]:
    """Pick sentences from the cited passages ``[(n, passage, fused score)]``."""
    candidates: list[tuple[Chosen, np.ndarray]] = []
    top = max((score for _, _, score in cited), default=0.0) or 1.0
    for n, passage, score in cited:
        rows = store.sentence_rows.get(store.row[passage.id], [])
        by_sentence: dict[int, list[int]] = {}
        for vec_row, sentence_index, _ in rows:
            by_sentence.setdefault(sentence_index, []).append(vec_row)
        for pos, sentence in enumerate(passage.sentences):
            text = sentence.text(lang) or sentence.text(passage.original_language)
            if not by_sentence.get(sentence.index) or _too_short(text, lang):
                continue
            vecs = store.sentence_vectors[by_sentence[sentence.index]]
            cos = float(np.max(vecs @ query_vec))
            words = set(tokenize(text, lang))
            overlap = len(query_tokens & words) / len(query_tokens) if query_tokens else 0.0
            relevance = cos + LEXICAL_WEIGHT * overlap + PASSAGE_WEIGHT * score / top
            candidates.append((Chosen(n, passage, pos, relevance), vecs.mean(axis=0)))
    chosen: list[tuple[Chosen, np.ndarray]] = []
    while candidates and len(chosen) < max_sentences:
        def mmr(item):
            redundancy = max((float(item[1] @ c[1]) for c in chosen), default=0.0)
            return item[0].relevance - REDUNDANCY * max(0.0, redundancy - REDUNDANT_ABOVE)

        best = max(candidates, key=mmr)
        if len(chosen) >= 2 and mmr(best) < chosen[0][0].relevance - MARGIN:
            break
        chosen.append(best)
        candidates.remove(best)
    return [c for c, _ in chosen]


def _too_short(text: str, lang: str) -> bool:
    if _DIGIT.search(text):
        return False
    return len(text.strip()) < 10 if lang == "zh" else len(text.split()) < 5


def render(chosen: list[Chosen], lang: str, script: str) -> str:
    """Group by citation (best group first), sentences in their order, one line per group with its speaker."""
    groups: dict[int, list[Chosen]] = {}
    for c in chosen:
        groups.setdefault(c.n, []).append(c)
    lines = []
    for n, items in groups.items():
        p = items[0].passage
        sentences = []
        for c in sorted(items, key=lambda c: c.position):
            s = p.sentences[c.position]
            text = (s.text(lang) or s.text(p.original_language)).strip()
            sentences.append(f"{to_script(text, script)}[{n}]" if lang == "zh" else f"{text} [{n}]")
        if lang == "zh":
            label = f"{to_script(p.speaker, script)}（{p.title}）" if p.title else to_script(p.speaker, script)
            lines.append(f"{label}：{''.join(sentences)}")
        else:
            label = f"{p.speaker_en} ({p.title})" if p.title else p.speaker_en
            lines.append(f"{label}: {' '.join(sentences)}")
    return "\n".join(lines)


def decline_message(lang: str, script: str, not_mentioned: tuple[str, ...] = ()) -> str:
    """Why the answer cites nothing: the names the call never mentions, or no passage relevant enough."""
    if not_mentioned:
        if lang == "zh":
            listed = "、".join(not_mentioned)
            return to_script(f"这次电话会议没有提到{listed}，因此无法根据会议内容回答这个问题。", script)
        listed = not_mentioned[0] if len(not_mentioned) == 1 else \
            ", ".join(not_mentioned[:-1]) + " or " + not_mentioned[-1]
        return f"The call does not mention {listed}, so it cannot answer this question."
    if lang == "zh":
        return to_script("这次电话会议似乎没有谈到这个问题：管理层的回答中没有足够相关的段落，因此不作引用。", script)
    return ("The call does not appear to address this question: no passage of management's answers is relevant "
            "enough to cite.")
