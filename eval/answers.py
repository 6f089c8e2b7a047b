"""Answer-level metrics: what the user reads, not only which passages were ranked.

For each case, the product's answer is a list of quoted sentences (``answer_sentences``: corpus sentence id and
original, in the order shown). English answers quote the translation; the original is what is compared.
- ``answer_hit``: share of answerable cases whose answer quotes a sentence whose original contains one of the
  case's evidence strings (after Traditional/Simplified, width, case and space normalisation). A declined answer
  (including "not given") is a miss.
- ``lead_hit``: the same for the *first* quoted sentence only.
- ``filler_rate``: share of all quoted sentences (every case, answerable or not) that are discourse filler:
  by the hand labels (``eval/labels/filler-*.json``) for labelled sentences, by ``rag.filler`` otherwise.
- ``declined``: share of unanswerable cases declined or answered "not given"; ``wrongly_declined``: share of
  answerable cases declined.

Example:
    >>> from eval.suite import Case
    >>> from eval.systems import Result
    >>> case = Case("c1", "capex?", "en", ("386億",))
    >>> r = Result((), quotes=(("x:t1.p9.s4", "資本支出達到386億人民幣"), ("x:t1.p9.s5", "大家好")))
    >>> m = answer_metrics([case], {"c1": r}, FillerJudge({"x:t1.p9.s5": True}))
    >>> m["answer_hit"], m["lead_hit"], m["filler_rate"]
    (1.0, 1.0, 0.5)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from index.script import match_key

if TYPE_CHECKING:
    from eval.suite import Case
    from eval.systems import Result

LABELS = Path(__file__).resolve().parent / "labels"


@dataclass(frozen=True)
class FillerJudge:
    """Filler by hand label where there is one (sentence id -> bool), by the product's rule elsewhere."""

    labels: dict[str, bool]

    def __call__(self, sentence_id: str, original: str) -> bool:
        if sentence_id in self.labels:
            return self.labels[sentence_id]
        from rag.filler import is_filler

        return is_filler(original)

    @classmethod
    def load(cls, corpora) -> "FillerJudge":
        """Hand labels of every corpus that has a label file (ids become ``<corpus>:t<turn>.p<para>.s<sent>``)."""
        labels: dict[str, bool] = {}
        for corpus in corpora:
            path = LABELS / f"filler-{corpus.id}.json"
            if not path.is_file():
                continue
            filler = set(json.loads(path.read_text(encoding="utf-8"))["filler"])
            for t, p, s in corpus.sentences():
                labels[f"{corpus.id}:t{t.index}.p{p.index}.s{s.index}"] = f"{t.index}.{p.index}.{s.index}" in filler
        return cls(labels)


def _contains(case: "Case", original: str) -> bool:
    key = match_key(original)
    return any(match_key(e) in key for e in case.evidence)


def answer_metrics(cases: list["Case"], results: dict[str, "Result"], filler: FillerJudge,
                   lang: str | None = None) -> dict[str, float | int | None]:
    cases = [c for c in cases if lang in (None, c.language)]
    answerable = [c for c in cases if c.answerable]
    unanswerable = [c for c in cases if not c.answerable]
    hit = lead = 0
    for c in answerable:
        r = results[c.id]
        if r.declined or not r.quotes:
            continue
        hit += any(_contains(c, original) for _, original in r.quotes)
        lead += _contains(c, r.quotes[0][1])
    quoted = [(sid, original) for c in cases for sid, original in results[c.id].quotes]
    fillers = sum(filler(sid, original) for sid, original in quoted)
    declined = sum(results[c.id].declined for c in unanswerable)
    wrongly = sum(results[c.id].declined for c in answerable)

    def share(x: int, n: int) -> float | None:
        return round(x / n, 4) if n else None

    return {
        "answer_hit": share(hit, len(answerable)),
        "lead_hit": share(lead, len(answerable)),
        "filler_rate": share(fillers, len(quoted)),
        "declined": share(declined, len(unanswerable)),
        "wrongly_declined": share(wrongly, len(answerable)),
        "n": len(answerable),
        "n_unanswerable": len(unanswerable),
        "quoted": len(quoted),
    }


def answer_misses(cases: list["Case"], results: dict[str, "Result"]) -> dict[str, list[str]]:
    """Case ids to look at: answerable cases whose lead misses, and unanswerable cases answered anyway."""
    lead = [c.id for c in cases if c.answerable and (results[c.id].declined or not results[c.id].quotes
                                                     or not _contains(c, results[c.id].quotes[0][1]))]
    answered = [c.id for c in cases if not c.answerable and not results[c.id].declined]
    return {"lead_missed": lead, "unanswerable_answered": answered}


def filler_rule_quality(corpora, judge: FillerJudge) -> dict[str, float | int] | None:
    """Precision and recall of ``rag.filler`` against the hand labels (sentence by sentence, original and
    translation as the product reads them)."""
    from rag.filler import is_filler_sentence

    tp = fp = fn = n = 0
    for corpus in corpora:
        other = corpus.translation_language
        for t, p, s in corpus.sentences():
            sid = f"{corpus.id}:t{t.index}.p{p.index}.s{s.index}"
            if sid not in judge.labels:
                continue
            n += 1
            predicted = is_filler_sentence(s.text(corpus.original_language), s.text(other), corpus.original_language)
            gold = judge.labels[sid]
            tp += predicted and gold
            fp += predicted and not gold
            fn += gold and not predicted
    if not n:
        return None
    return {"sentences": n, "filler": tp + fn, "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / (tp + fn), 4) if tp + fn else None}
