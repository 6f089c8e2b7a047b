"""Relevance by evidence, independent of chunking: ranked passages -> a ranx run over evidence ids.

A retrieved passage is relevant when its original contains an evidence string (after Traditional/Simplified,
width, case and whitespace normalisation). The run ranks the case's evidence strings in the order the passages
first cover them; a passage covering none is a miss at its rank. Qrels are the same for every system, so
systems with different chunkings (the product's passages, llama-index's default chunks) are compared on one
scale and ranx ``compare`` can test them against each other.

Example:
    >>> from eval.suite import Case
    >>> case = Case("c1", "capex?", "en", ("三年投資3800億", "386億"))
    >>> evidence_run(case, ["無關段落", "堅持原來三年投資3800億這樣的一個計劃", "資本支出達到386億人民幣"])
    {'miss0': 3.0, 'e0': 2.0, 'e1': 1.0}
    >>> qrels_for(case)
    {'e0': 1, 'e1': 1}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from index.script import match_key

if TYPE_CHECKING:
    from eval.suite import Case


def qrels_for(case: "Case") -> dict[str, int]:
    return {f"e{j}": 1 for j in range(len(case.evidence))}


def relevant(case: "Case", text: str) -> bool:
    key = match_key(text)
    return any(match_key(e) in key for e in case.evidence)


def evidence_run(case: "Case", ranked_texts: list[str]) -> dict[str, float]:
    keys = [match_key(e) for e in case.evidence]
    run: dict[str, float] = {}
    n = len(ranked_texts)
    for rank, text in enumerate(ranked_texts):
        passage = match_key(text)
        covered = [j for j, k in enumerate(keys) if k in passage and f"e{j}" not in run]
        if not covered:
            run[f"miss{rank}"] = float(n - rank)
        for m, j in enumerate(covered):  # several strings in one passage: kept in order just below its rank
            run[f"e{j}"] = float(n - rank) - m * 1e-3
    return run
