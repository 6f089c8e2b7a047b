"""Checks that a corpus's translation is complete and carries every figure of the original.

Example:
    >>> from index.parse import parse_text
    >>> corpus = parse_text("吳泳銘:\\n未來三年投資3800億。\\n")
    >>> translation_problems(corpus)
    ['turn 0, paragraph 0, sentence 0: no translation']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from index.figures import missing_figures

if TYPE_CHECKING:
    from index.corpus import Corpus


def _texts(corpus: Corpus) -> Iterator[tuple[str, str, str]]:
    """(place, original, translation) for every sentence of every turn and every publisher block."""
    src, dst = corpus.original_language, corpus.translation_language
    for turn, para, sent in corpus.sentences():
        yield f"turn {turn.index}, paragraph {para.index}, sentence {sent.index}", sent.text(src), sent.text(dst)
    for name, blocks in (("front", corpus.front_matter), ("back", corpus.back_matter)):
        for i, block in enumerate(blocks):
            yield f"{name} matter block {i} (line {block.line})", getattr(block, src), getattr(block, dst)


def translation_problems(corpus: Corpus) -> list[str]:
    """One line per problem: an empty translation, or a figure of the original missing from it."""
    problems = []
    for place, original, translation in _texts(corpus):
        if original.strip() and not translation.strip():
            problems.append(f"{place}: no translation")
            continue
        for fig in missing_figures(original, translation):
            problems.append(f"{place}: figure {fig.text!r} (= {fig}) is missing from the translation {translation!r}")
    return problems
