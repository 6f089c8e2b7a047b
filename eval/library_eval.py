"""``callrag eval --suite S --library DIR``: a library suite (each case names its call) run over a library,
scoped (``ask(..., call=case.call)``) and unscoped (the product decides which calls), per language.

A cited passage is relevant when it is from the case's call and contains an evidence string (eval/relevance.py):
the same question about another quarter of the same company finds other passages, which do not count.
hit@5: a relevant passage among the first 5 citations; MRR@10: 1 / rank of the first relevant one in the first
10. Unanswerable cases count as declined or not.

What the user reads is measured too, per language and mode, as for the bundled suite (eval/answers.py):
answer_hit, lead_hit, filler_rate, declined and wrongly declined, from each answer's ``answer_sentences``.
"""

from __future__ import annotations

import logging
import statistics
import time
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Callable

logger = logging.getLogger(__name__)


def run_library_eval(suite_path: str, library_dir: str, k: int = 10,
                     announce: Callable[[str], None] = logger.warning) -> dict:
    from eval.answers import FillerJudge, answer_metrics, answer_misses
    from eval.relevance import relevant
    from eval.systems import Result
    from eval.suite import SuiteError, load_suite
    from index.build import ensure_index
    from index.corpus import load_corpus
    from index.library import Library, load_call_corpus
    from index.settings import Settings
    from index.build import open_index
    from rag.pipeline import Pipeline

    settings = replace(Settings(), library_dir=Path(library_dir))
    if not (Path(library_dir) / "library.json").is_file():
        raise SuiteError(f"{library_dir}: no library there (library.json missing); add calls with "
                         "`CALLRAG_LIBRARY_DIR=DIR callrag library add ...`")
    library = Library(settings, announce=announce)
    ensure_index(settings, announce=announce)
    corpora = [load_corpus(settings.corpus_path)] + [load_call_corpus(library, c.id) for c in library.calls()]
    cases = load_suite(suite_path, corpora)
    if any(not c.call for c in cases):
        raise SuiteError(f"{suite_path}: a library suite names the call of every case ('call')")
    pipeline = Pipeline(settings, announce=announce, open_store=partial(open_index, announce=announce))
    pipeline.ask("warm up", call=cases[0].call)
    report: dict = {"suite": Path(suite_path).stem, "library": str(library_dir), "calls_in_library":
                    len(library.calls()) + 1, "cases": len(cases), "calls_in_suite": len({c.call for c in cases})}
    judge = FillerJudge.load(corpora)
    for mode in ("scoped", "unscoped"):
        per_lang: dict[str, dict] = {}
        misses, latencies = [], []
        results: dict[str, Result] = {}
        for case in cases:
            start = time.perf_counter()
            answer = pipeline.ask(case.question, k=k, call=case.call if mode == "scoped" else None)
            latencies.append(1000 * (time.perf_counter() - start))
            results[case.id] = Result((), answer.declined, tuple((s.sentence_id, s.original)
                                                                 for s in answer.answer_sentences))
            stats = per_lang.setdefault(case.language, {"answerable": 0, "hit@5": 0.0, "mrr@10": 0.0,
                                                        "answerable_declined": 0, "unanswerable": 0,
                                                        "unanswerable_declined": 0})
            if not case.answerable:
                stats["unanswerable"] += 1
                stats["unanswerable_declined"] += answer.declined
                continue
            stats["answerable"] += 1
            stats["answerable_declined"] += answer.declined
            ranks = [n for n, c in enumerate(answer.citations[:10], start=1)
                     if c.transcript == case.call and relevant(case, c.text)]
            first = ranks[0] if ranks else None
            stats["hit@5"] += bool(first and first <= 5)
            stats["mrr@10"] += 1.0 / first if first else 0.0
            if not first or first > 5:
                misses.append(case.id)
        for stats in per_lang.values():
            n = stats["answerable"] or 1
            stats["hit@5"] = round(stats["hit@5"] / n, 3)
            stats["mrr@10"] = round(stats["mrr@10"] / n, 3)
        answers = {lang: answer_metrics(cases, results, judge, lang) for lang in sorted(per_lang)}
        report[mode] = {"per_language": per_lang, "misses": misses, "answers": answers,
                        "answer_misses": answer_misses(cases, results),
                        "ask_ms_p50": round(statistics.median(latencies), 1)}
    return report


def print_library_report(report: dict) -> None:
    print(f"{report['suite']}: {report['cases']} cases over {report['calls_in_suite']} calls; library of "
          f"{report['calls_in_library']} calls ({report['library']})")
    for mode in ("scoped", "unscoped"):
        r = report[mode]
        for lang, s in sorted(r["per_language"].items()):
            print(f"  {mode:8s} {lang}: hit@5 {s['hit@5']:.3f}  MRR@10 {s['mrr@10']:.3f}  "
                  f"(answerable {s['answerable']}, {s['answerable_declined']} declined; unanswerable "
                  f"{s['unanswerable_declined']}/{s['unanswerable']} declined)")
        for lang, a in sorted(r.get("answers", {}).items()):
            print(f"  {mode:8s} {lang} answers: answer_hit {_f(a['answer_hit'])}  lead_hit {_f(a['lead_hit'])}  "
                  f"filler {_f(a['filler_rate'])}  declined {_f(a['declined'])}  "
                  f"wrongly declined {_f(a['wrongly_declined'])}")
        print(f"  {mode:8s} ask p50 {r['ask_ms_p50']} ms; misses: {', '.join(r['misses']) or 'none'}")


def _f(x) -> str:
    return "-" if x is None else f"{x:.3f}"
