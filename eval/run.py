"""``callrag eval``: load suites, run the product and the baselines on each, write the reports."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import Callable

from index.settings import MAX_K, ROOT, Settings, valid_k

logger = logging.getLogger(__name__)

DEFAULT_SUITE = ROOT / "eval" / "suites" / "alibaba-2025q2.jsonl"


def raw_text(settings: Settings, corpus) -> str:
    """The transcript as published (the raw file when it is there), for the llama-index default baseline."""
    source = corpus.metadata.get("source", {}).get("file")
    if source and (settings.data_dir / source).is_file():
        return (settings.data_dir / source).read_text(encoding="utf-8")
    lines = [getattr(b, corpus.original_language) for b in corpus.front_matter]
    for turn in corpus.turns:
        lines.append(f"{turn.speaker}:")
        lines += [p.text(corpus.original_language) for p in turn.paragraphs]
    lines += [getattr(b, corpus.original_language) for b in corpus.back_matter]
    return "\n".join(lines)


class ScopedPipeline:
    """The pipeline with every question scoped to one call: a suite without ``call`` fields is about the bundled
    call, so its figures do not depend on what else is in the library (docs/library.md)."""

    def __init__(self, pipeline, call: str):
        self.pipeline, self.call = pipeline, call

    def ask(self, question: str, k: int | None = None, **kw):
        return self.pipeline.ask(question, k=k, call=self.call, **kw)

    def __getattr__(self, name):
        return getattr(self.pipeline, name)


def run_eval(suites: list[str] | None, k: int = 10, ablations: bool = False, report_dir: str | None = None,
             announce: Callable[[str], None] = logger.warning, settings: Settings | None = None) -> list[dict]:
    from index.build import sources
    from index.corpus import load_corpus
    from index.build import open_index
    from rag.pipeline import Pipeline
    from eval.evaluate import Evaluator
    from eval.suite import load_suite
    from eval import systems

    settings = settings or Settings()
    if not valid_k(k):
        from eval.suite import SuiteError

        raise SuiteError(f"--k must be from 1 to {MAX_K}, got {k}")
    corpora = [load_corpus(p) for p in sources(settings)]
    paths = [Path(p) for p in (suites or [DEFAULT_SUITE])]
    loaded = [(p, load_suite(p, corpora)) for p in paths]  # validate every suite before any work
    from eval.answers import FillerJudge, filler_rule_quality

    filler = FillerJudge.load(corpora)
    pipeline = Pipeline(settings, announce=announce, open_store=partial(open_index, announce=announce))
    raw = "\n".join(raw_text(settings, c) for c in corpora)
    baselines = systems.baselines(pipeline, raw)
    extra = systems.ablations(pipeline) if ablations else []
    reports = []
    for path, cases in loaded:
        announce(f"Evaluating {path.name}: {len(cases)} cases, product + {len(baselines)} baselines"
                 + (f" + {len(extra)} ablations" if extra else "") + " ...")
        product = ScopedPipeline(pipeline, corpora[0].id) if not any(c.call for c in cases) else pipeline
        report = Evaluator(path.stem, cases, k=k, filler=filler)(systems.Product(product), baselines, extra)
        report["filler_rule"] = filler_rule_quality(corpora, filler)
        report["suite_path"] = str(path)
        report["embedder"] = settings.embedder
        report["llamaindex_default_chunks"] = baselines[0].chunks
        reports.append(report)
        if report_dir:
            from eval.report import write_report

            target = Path(report_dir) if len(loaded) == 1 else Path(report_dir) / path.stem
            write_report(report, target)
            announce(f"wrote {target}/report.md, report.json, metrics.png")
    return reports
