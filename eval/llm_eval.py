"""``callrag eval --llm``: the answer-level metrics with the configured LLM (``CALLRAG_LLM``), plus how its answers
fare in the grounding check. Without an LLM configured it does nothing and says so; it never fakes a model.

Figures, per suite and per language:

- the answer metrics of eval/answers.py (``answer_hit``, ``lead_hit``, ``declined`` …) of the answers as shown:
  a generated answer's "quoted" sentences are the source sentences behind it (rag/generate.py ``_backing``);
- ``grounded_rate``: the share of generated sentences that pass the check;
- ``fallback_rate``: the share of generated answers (questions the extractive path answers) shown extractively
  instead, because nothing passed, the lead failed, a figure was lost or the server failed;
- ``modes``: how many answers were ``llm``, ``llm-partial`` or ``extractive`` (declined ones included);
- ``unsupported_numbers``: figures in an answer as shown (generated) that are absent from the citations it names,
  counted with the translation check's figures (index/figures.py: figures written in digits), not by the grounding
  check's own comparison. It must be 0.
"""

from __future__ import annotations

import logging
import re
import time
from functools import partial
from pathlib import Path
from typing import Callable

from index.settings import Settings

logger = logging.getLogger(__name__)

SKIPPED = ("eval --llm: skipped, no LLM is configured. Set CALLRAG_LLM=openai-like, CALLRAG_LLM_BASE_URL and "
           "CALLRAG_LLM_MODEL (docs/configuration.md#generative-answers).")


def unsupported_numbers(answer) -> list[str]:
    """Figures of a generated answer, as shown, that none of the citations it names contains (either language)."""
    from index.figures import figures

    if answer.mode == "extractive":
        return []
    by_n = {c.n: c for c in answer.citations}
    out = []
    for sentence in re.split(r"(?<=\[\d\])[.。]?\s*|(?<=\[\d\d\])[.。]?\s*", answer.answer):
        named = [by_n[int(n)] for n in re.findall(r"\[(\d+)\]", sentence) if int(n) in by_n]
        have = {f.key for c in named for f in figures(c.text) + figures(c.translation)}
        out += [f.text for f in figures(re.sub(r"\[\d+\]", " ", sentence)) if f.key not in have]
    return out


def run_llm_eval(suites: list[str] | None, announce: Callable[[str], None] = logger.warning,
                 settings: Settings | None = None, limit: int | None = None) -> list[dict]:
    """One report per suite; ``[]`` (and a message) when no LLM is configured."""
    from eval.answers import FillerJudge, answer_metrics
    from eval.run import DEFAULT_SUITE, ScopedPipeline
    from eval.suite import load_suite
    from eval.systems import Result
    from index.build import sources
    from index.corpus import load_corpus
    from index.build import open_index
    from rag.pipeline import Pipeline

    settings = settings or Settings()
    if not settings.llm:
        announce(SKIPPED)
        return []
    corpora = [load_corpus(p) for p in sources(settings)]
    paths = [Path(p) for p in (suites or [DEFAULT_SUITE])]
    loaded = [(p, load_suite(p, corpora)) for p in paths]
    filler = FillerJudge.load(corpora)
    pipeline = Pipeline(settings, announce=announce, open_store=partial(open_index, announce=announce))
    reports = []
    for path, cases in loaded:
        cases = cases[:limit] if limit else cases
        announce(f"Evaluating {path.name} with the LLM ({settings.llm_model} at {settings.llm_base_url}): "
                 f"{len(cases)} cases ...")
        product = ScopedPipeline(pipeline, corpora[0].id) if not any(c.call for c in cases) else pipeline
        results, answers, seconds = {}, {}, []
        for case in cases:
            started = time.perf_counter()
            answer = product.ask(case.question, **({"call": case.call} if case.call else {}))
            seconds.append(time.perf_counter() - started)
            answers[case.id] = answer
            results[case.id] = Result(tuple(c.text for c in answer.citations), answer.declined,
                                      tuple((s.sentence_id, s.original) for s in answer.answer_sentences))
        report = {"suite": path.stem, "suite_path": str(path), "llm": settings.llm, "model": settings.llm_model,
                  "base_url": settings.llm_base_url, "cases": len(cases)}
        for lang in (None, "en", "zh"):
            chosen = [c for c in cases if lang in (None, c.language)]
            report["all" if lang is None else lang] = {
                **answer_metrics(chosen, results, filler),
                **_llm_figures([answers[c.id] for c in chosen]),
            }
        report["median_seconds"] = round(sorted(seconds)[len(seconds) // 2], 3) if seconds else None
        report["failures"] = {c.id: [g for g in answers[c.id].grounding if not g["ok"]][:4]
                              for c in cases if any(not g["ok"] for g in answers[c.id].grounding)}
        report["unsupported"] = {c.id: unsupported_numbers(answers[c.id]) for c in cases
                                 if unsupported_numbers(answers[c.id])}
        reports.append(report)
    return reports


def _llm_figures(answers) -> dict:
    generated = [a for a in answers if a.grounding or a.fallback_reason]
    sentences = [g for a in answers for g in a.grounding]
    modes = {m: sum(a.mode == m for a in answers) for m in ("llm", "llm-partial", "extractive")}

    def share(x: int, n: int):
        return round(x / n, 4) if n else None

    return {
        "grounded_rate": share(sum(g["ok"] for g in sentences), len(sentences)),
        "fallback_rate": share(sum(a.mode == "extractive" for a in generated), len(generated)),
        "generated_answers": len(generated),
        "generated_sentences": len(sentences),
        "modes": modes,
        "server_failures": sum(a.fallback_reason.startswith("the LLM server failed") for a in answers),
        "unsupported_numbers": sum(len(unsupported_numbers(a)) for a in answers),
    }


def print_llm_report(report: dict) -> None:
    print(f"{report['suite']}: {report['cases']} cases, LLM {report['model']} at {report['base_url']} "
          f"(median {report['median_seconds']} s per question)")
    for key in ("all", "en", "zh"):
        r = report[key]
        print(f"  {key:3s} grounded_rate {r['grounded_rate']}  fallback_rate {r['fallback_rate']}  "
              f"answer_hit {r['answer_hit']}  lead_hit {r['lead_hit']}  declined {r['declined']}  "
              f"wrongly_declined {r['wrongly_declined']}  modes {r['modes']}  "
              f"unsupported_numbers {r['unsupported_numbers']}")
