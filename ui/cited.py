"""Which sentences of the call an answer quotes: ``answer_sentences`` of the answer JSON, or derived from it.

The answer JSON (``Answer.to_dict()``) carries ``answer_sentences``: ``[{"n", "sentence_id", "original", "text"}]``
(``sentence_id`` = ``<transcript>:t<turn>.p<paragraph>.s<sentence>``). Histories saved in the browser before that
key existed lack it: ``answer_sentences`` then derives the same list by finding each quoted sentence, as the answer
shows it, in the cited paragraph of the corpus. The chat highlights these sentences
in the transcript viewer.

Example:
    >>> from index.corpus import load_corpus
    >>> from index.settings import Settings
    >>> from rag.types import Answer, Citation
    >>> corpus = load_corpus(Settings().corpus_path)
    >>> s = corpus.turns[7].paragraphs[0].sentences[2]
    >>> c = Citation(1, "x", corpus.id, "吳泳銘", "Eddie Wu", "CEO", "management", "qa", 7, 0, "", "", 0.5)
    >>> a = Answer("q", "en", "neutral", f"Eddie Wu (CEO): {s.en} [1]", (c,))
    >>> [d["sentence_id"] for d in answer_sentences(a, {corpus.id: corpus})]
    ['alibaba-2025q2:t7.p0.s2']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from index.script import to_script

if TYPE_CHECKING:
    from index.corpus import Corpus
    from rag.types import Answer


def answer_sentences(answer: "Answer", corpora: dict[str, "Corpus"]) -> list[dict]:
    """The quoted sentences, in answer order: the answer's own list when it has one, else derived."""
    given = answer.to_dict().get("answer_sentences")
    if isinstance(given, list) and given:
        return [d for d in given if isinstance(d, dict) and "sentence_id" in d]
    return derive(answer, corpora)  # an answer saved before answer_sentences existed


def derive(answer: "Answer", corpora: dict[str, "Corpus"]) -> list[dict]:
    """Each sentence of a cited paragraph that the answer shows followed by its marker, as ``rag.answer.render``
    writes it (``text [n]`` in English, ``text[n]`` in Chinese, in the answer's script)."""
    found = []
    for c in answer.citations:
        corpus = corpora.get(c.transcript)
        if corpus is None or not 0 <= c.turn < len(corpus.turns):
            continue
        paragraphs = [p for p in corpus.turns[c.turn].paragraphs if p.index == c.paragraph]
        for p in paragraphs:
            for s in p.sentences:
                shown = (s.text(answer.language) or s.text(corpus.original_language)).strip()
                if not shown:
                    continue
                if answer.language == "zh":
                    shown = to_script(shown, answer.script)
                    quoted = f"{shown}[{c.n}]"
                else:
                    quoted = f"{shown} [{c.n}]"
                at = answer.answer.find(quoted)
                if at >= 0:
                    found.append((at, {"n": c.n, "sentence_id": f"{corpus.id}:t{c.turn}.p{p.index}.s{s.index}",
                                       "original": s.text(corpus.original_language), "text": shown}))
    return [d for _, d in sorted(found, key=lambda x: x[0])]
