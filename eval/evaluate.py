"""Run systems over a suite and score them with ranx: overall, per language, significance, abstention.

An ``Evaluator`` is built from its data (the suite); calling it with systems returns a flat, JSON-ready report.

Example (output abridged):
    $ callrag eval --json
    {"suite": "alibaba-2025q2", "n": 132, "metrics": {"hit@1": ..., "mrr@10": ...}, "by_language": {...}, ...}
"""

from __future__ import annotations

import time
import warnings
from typing import TYPE_CHECKING

from eval.relevance import evidence_run, qrels_for

if TYPE_CHECKING:
    from eval.suite import Case
    from eval.systems import Result, System


# Our metric names -> ranx's.
METRICS = {"hit@1": "hit_rate@1", "hit@3": "hit_rate@3", "hit@5": "hit_rate@5", "recall@5": "recall@5",
           "mrr@10": "mrr@10", "ndcg@10": "ndcg@10"}
STAT_TEST = "student"  # ranx's paired Student's t-test
MAX_P = 0.05


class Evaluator:
    def __init__(self, name: str, cases: list["Case"], k: int = 10, filler=None):
        from eval.answers import FillerJudge

        self.name, self.cases, self.k = name, cases, k
        self.filler = filler or FillerJudge({})
        self.answerable = [c for c in cases if c.answerable]
        self.unanswerable = [c for c in cases if not c.answerable]

    def run(self, system: "System", progress=None) -> dict[str, "Result"]:
        out = {}
        for case in self.cases:
            out[case.id] = system.search(case.question, self.k)
            if progress:
                progress(system.name)
        return out

    def __call__(self, product: "System", baselines: list["System"], ablations: list["System"] = (),
                 progress=None) -> dict:
        started = time.perf_counter()
        results = {s.name: self.run(s, progress) for s in [product, *baselines, *ablations]}
        runs = {name: self._ranx_run(name, res) for name, res in results.items()}
        report = {
            "suite": self.name,
            "n": len(self.answerable),
            "n_unanswerable": len(self.unanswerable),
            "k": self.k,
            "metrics": self._scores(runs[product.name]),
            "by_language": {lang: self._scores(runs[product.name], lang) for lang in ("en", "zh")},
            "baselines": {b.name: self._scores(runs[b.name]) for b in baselines},
            "baselines_by_language": {b.name: {lang: self._scores(runs[b.name], lang) for lang in ("en", "zh")}
                                      for b in baselines},
            "significance": self._significance(runs, product.name, [b.name for b in baselines]),
            "abstention": self._abstention(results[product.name]),
            "answers": self._answers(results[product.name]),
            "ablations": {a.name: {"all": self._scores(runs[a.name]),
                                   **{lang: self._scores(runs[a.name], lang) for lang in ("en", "zh")},
                                   **({"abstention": self._abstention(results[a.name]),
                                       "answers": self._answers(results[a.name])}
                                      if getattr(a, "abstains", False) else {})}
                          for a in ablations},
            "misses": self._misses(results[product.name]),
        }
        from eval.answers import answer_misses

        report["answer_misses"] = answer_misses(self.cases, results[product.name])
        report["seconds"] = round(time.perf_counter() - started, 1)
        return report

    def _ranx_run(self, name: str, results: dict[str, "Result"]) -> dict[str, dict[str, float]]:
        return {c.id: evidence_run(c, list(results[c.id].texts)) or {"nothing": 1e-9} for c in self.answerable}

    def _qrels(self, lang: str | None = None) -> dict[str, dict[str, int]]:
        return {c.id: qrels_for(c) for c in self.answerable if lang in (None, c.language)}

    def _scores(self, run: dict, lang: str | None = None) -> dict[str, float]:
        from ranx import Qrels, Run, evaluate

        qrels = self._qrels(lang)
        if not qrels:
            return {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            scores = evaluate(Qrels(qrels), Run({q: run[q] for q in qrels}), list(METRICS.values()))
        return {ours: round(float(scores[theirs]), 4) for ours, theirs in METRICS.items()}

    def _significance(self, runs: dict, product: str, baselines: list[str]) -> dict:
        from ranx import Qrels, Run, compare

        qrels = self._qrels()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = compare(Qrels(qrels), [Run(runs[n], name=n) for n in [product, *baselines]],
                             metrics=list(METRICS.values()), stat_test=STAT_TEST, max_p=MAX_P).to_dict()
        out = {"test": f"paired Student's t-test (ranx), p < {MAX_P}"}
        ours = {v: k for k, v in METRICS.items()}
        for name in baselines:
            out[name] = {ours[m]: {"p_value": float(p), "significant": bool(p < MAX_P)}
                         for m, p in report[product]["comparisons"][name].items()}
        return out

    def _abstention(self, results: dict[str, "Result"]) -> dict:
        declined = [c.id for c in self.unanswerable if results[c.id].declined]
        wrongly = [c.id for c in self.answerable if results[c.id].declined]
        return {
            "unanswerable": len(self.unanswerable),
            "declined": len(declined),
            "declined_share": round(len(declined) / len(self.unanswerable), 4) if self.unanswerable else None,
            "answered_anyway": sorted(set(c.id for c in self.unanswerable) - set(declined)),
            "answerable_declined": len(wrongly),
            "answerable_declined_share": round(len(wrongly) / len(self.answerable), 4) if self.answerable else None,
            "answerable_declined_ids": wrongly,
        }

    def _answers(self, results: dict[str, "Result"]) -> dict:
        """Answer-level metrics (eval/answers.py), over all cases and per language."""
        from eval.answers import answer_metrics

        return {"all": answer_metrics(self.cases, results, self.filler),
                **{lang: answer_metrics(self.cases, results, self.filler, lang) for lang in ("en", "zh")}}

    def _misses(self, results: dict[str, "Result"]) -> list[str]:
        """Answerable cases with no relevant passage in the top 5: where to look first."""
        from eval.relevance import relevant

        return [c.id for c in self.answerable if not any(relevant(c, t) for t in results[c.id].texts[:5])]
