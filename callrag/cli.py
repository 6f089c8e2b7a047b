"""The ``callrag`` command. Each sub-command imports what it needs when it runs, so none pays for another.

Example:
    $ callrag corpus            # a readable summary of the bundled call
    $ callrag corpus --json     # the whole corpus as JSON
    $ callrag corpus --parse transcript.txt --out my-call.json   # a new raw transcript -> corpus JSON
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from index.errors import CallragError


class UsageError(CallragError):
    """Bad input from the user: printed as one clear line, exit code 2."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.chroma_url is not None:  # the same as CALLRAG_CHROMA_URL, for this command and what it starts
        os.environ["CALLRAG_CHROMA_URL"] = args.chroma_url
    try:
        return args.run(args)
    except CallragError as exc:  # every error meant for the user (index/errors.py): one line, its exit code
        print(f"callrag {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="callrag", description="Bilingual Q&A over earnings-call transcripts.")
    parser.add_argument("--chroma-url", metavar="URL", default=None,
                        help="use the Chroma server at URL (http://host:port) for the index and the library "
                             "(default: CALLRAG_CHROMA_URL, else the embedded store)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    corpus = sub.add_parser("corpus", help="summarise the corpus, print it as JSON, or parse a raw transcript")
    corpus.add_argument("--file", help="a corpus JSON file (default: the bundled corpus)")
    corpus.add_argument("--json", action="store_true", help="print the whole corpus as JSON")
    corpus.add_argument("--parse", metavar="RAW", help="parse a raw transcript into the corpus format")
    corpus.add_argument("--out", help="with --parse: where to write the corpus JSON (default: standard output)")
    corpus.add_argument("--id", help="with --parse: the corpus id (default: the file's name)")
    corpus.set_defaults(run=_corpus)

    index = sub.add_parser("index", help="build the index (only when missing or out of date, unless --rebuild)")
    index.add_argument("--rebuild", action="store_true", help="build a new index even if the current one matches")
    index.add_argument("--corpus", metavar="FILE",
                       help="add a transcript to the library (an alias of `callrag library add FILE`)")
    index.set_defaults(run=_index)

    library = sub.add_parser("library", help="the library of calls: add, list, remove (docs/library.md)")
    lsub = library.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = lsub.add_parser("add", help="add transcripts (files, folders, globs); only the new calls are embedded")
    add.add_argument("paths", nargs="+", metavar="PATH")
    add.add_argument("--id", help="the call id (one file only; default: ticker and period, or the file name)")
    for name in ("company", "ticker", "period", "call-date"):
        add.add_argument(f"--{name}", help=f"override the {name.replace('-', ' ')} read from the transcript")
    add.add_argument("--json", action="store_true", help="print the summary as JSON")
    add.set_defaults(run=_library_add)
    ls = lsub.add_parser("list", help="the calls in the library")
    ls.add_argument("--json", action="store_true", help="print the calls as JSON")
    ls.set_defaults(run=_library_list)
    rm = lsub.add_parser("remove", help="remove a call (its vectors and BM25 entries; nothing else is touched)")
    rm.add_argument("call", metavar="CALL")
    rm.set_defaults(run=_library_remove)
    vf = lsub.add_parser("verify", help="check every call's files against the manifest; re-ingest damaged ones")
    vf.set_defaults(run=_library_verify)
    rf = lsub.add_parser("refresh", help="re-read calls with this version's transcript reader (speakers, titles, "
                         "turns); rebuild the changed ones, re-embedding only the texts that changed")
    rf.add_argument("calls", nargs="*", metavar="CALL", help="the calls to re-read (default: all)")
    rf.add_argument("--dry-run", action="store_true", help="only say which calls read differently, and how")
    rf.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    rf.set_defaults(run=_library_refresh)

    ask = sub.add_parser("ask", help="answer a question with cited passages")
    ask.add_argument("question")
    ask.add_argument("--k", type=int, default=None, help="how many passages to cite (default 5)")
    ask.add_argument("--speaker", help="only passages of this speaker (name as written or English name)")
    ask.add_argument("--call", help="only this call (an id from `callrag library list`)")
    ask.add_argument("--company", help="only calls of this company (name or ticker)")
    ask.add_argument("--period", help="only calls of this fiscal period (2021Q3, 'Q3 2021', 2021年第三季度)")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON (the stable contract)")
    ask.set_defaults(run=_ask)

    ev = sub.add_parser("eval", help="measure retrieval on evaluation suites, with baselines")
    ev.add_argument("--suite", action="append", metavar="PATH", help="a suite file (repeatable; default: bundled)")
    ev.add_argument("--library", metavar="DIR", help="a library suite (cases name their call): run it over the "
                    "library in DIR, scoped and unscoped (docs/library.md)")
    ev.add_argument("--k", type=int, default=10, help="passages retrieved per question (default 10)")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument("--report", metavar="DIR", help="write report.md, report.json and metrics.png into DIR")
    ev.add_argument("--ablations", action="store_true", help="also measure the ablations (docs/evaluation.md)")
    ev.add_argument("--llm", action="store_true", help="the answer metrics with the configured LLM (CALLRAG_LLM), "
                    "with grounded_rate and fallback_rate; skipped, with a message, when none is configured")
    ev.add_argument("--limit", type=int, metavar="N", help="with --llm: only the first N cases of each suite")
    ev.set_defaults(run=_eval)

    bench = sub.add_parser("bench", help="measure index build, cold start, ask latency and memory")
    bench.add_argument("--json", action="store_true", help="print the figures as JSON")
    bench.add_argument("--runs", type=int, default=3, help="cold starts to time (median reported)")
    bench.add_argument("--api", action="store_true",
                       help="only the concurrent API figures (api_concurrent_ms for 20 and 50 requests)")
    bench.add_argument("--library", metavar="DIR", help="the scale bench: libraries of the first N calls of DIR "
                       "(its stored vectors, no re-embedding), embedded and on a Chroma server (docs/scaling.md)")
    bench.add_argument("--sizes", default="1,10,100", help="with --library: library sizes in calls (default 1,10,100)")
    bench.add_argument("--ingest-log", metavar="FILE", help="with --library: the JSON lines of the source "
                       "library's ingest (call, seconds, embed_s), for the ingest seconds per call")
    bench.add_argument("--simulate", type=int, default=0, metavar="N",
                       help="with --library: also N random 384-d vectors in a Chroma server (a SIMULATED point)")
    bench.add_argument("--replicate", action="store_true", help="with --library: reach sizes above the library's "
                       "calls by copying its real calls under new ids (REPLICATED, labelled so)")
    bench.add_argument("--out", metavar="DIR", default="var/scale", help="with --library: where the libraries "
                       "and results go (default var/scale)")
    bench.set_defaults(run=_bench)

    chat = sub.add_parser("chat", help="serve the chat in a browser and the HTTP API (POST /api/ask)")
    chat.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    chat.add_argument("--port", type=int, default=7860, help="port to listen on (default 7860)")
    chat.set_defaults(run=_chat)
    return parser


class _Progress:
    """A rich progress bar on standard error, shown only once a stage reports; called as (stage, done, total)."""

    def __init__(self):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), transient=True, console=_stderr())
        self.tasks: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.tasks:
            self.bar.start()
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(stage, total=total)
        self.bar.update(self.tasks[stage], completed=done, total=total)

    def stop(self) -> None:
        if self.tasks:
            self.bar.stop()
            self.tasks.clear()


def _progress() -> _Progress:
    return _Progress()


def _stderr():
    from rich.console import Console

    return Console(stderr=True)


def _announce(message: str) -> None:
    print(message, file=sys.stderr)


def _index(args: argparse.Namespace) -> int:
    from index.build import ensure_index
    from index.manifest import Manifest
    from index.settings import Settings

    settings = Settings()
    progress = _progress()
    try:
        if args.corpus:
            progress.stop()
            _announce("`callrag index --corpus` now adds to the library: `callrag library add FILE`.")
            args.paths, args.id, args.json = [args.corpus], None, False
            args.company = args.ticker = args.period = args.call_date = None
            return _library_add(args)
        path = ensure_index(settings, rebuild=args.rebuild and not args.corpus, progress=progress,
                            announce=_announce)
    finally:
        progress.stop()
    m = Manifest.load(path)
    print(f"index ready at {settings.index_dir} -> {path.name}: {m.counts.get('passages')} passages from "
          f"{len(m.transcripts)} transcript(s), embedder {m.embedder} ({m.embedder_model}), built {m.built_at}")
    return 0


def _library():
    from index.library import Library

    return Library(announce=_announce)


def _library_add(args: argparse.Namespace) -> int:
    library = _library()
    overrides = {"company": args.company, "ticker": args.ticker, "period": args.period,
                 "call_date": args.call_date}
    outcomes = _with_bar(lambda progress: library.add(args.paths, overrides=overrides, call_id=args.id,
                                                      progress=progress))
    return _report_outcomes(outcomes, args.json, ("added", "replaced", "unchanged", "skipped"), "file(s)",
                            lambda o: f"  [{o.seconds:.1f} s]" if o.status in ("added", "replaced") else "",
                            "warning")


def _with_bar(run):
    """Run a library change with a progress bar over its calls (``run(progress)`` -> outcomes)."""
    bar = _progress()
    try:
        return run(lambda done, total, name: bar("calls", done, total))
    finally:
        bar.stop()


def _report_outcomes(outcomes, as_json: bool, statuses: tuple[str, ...], unit: str, extra, note: str,
                     quiet: tuple[str, ...] = ()) -> int:
    """Print the outcomes of a library change (one line each, its notes under it, then the counts); 1 when any
    file or call was skipped."""
    import json

    if as_json:
        print(json.dumps([o.__dict__ for o in outcomes], ensure_ascii=False, indent=1))
    else:
        for o in outcomes:
            if o.status in quiet and not o.warnings:
                continue
            print(f"{o.status:9s} {o.call or '-':18s} {o.reason}{extra(o)}")
            for w in o.warnings:
                print(f"          {note}: {w}")
        counts = {s: sum(o.status == s for o in outcomes) for s in statuses}
        print(", ".join(f"{v} {k}" for k, v in counts.items()) + f" ({len(outcomes)} {unit})")
    return 0 if not any(o.status == "skipped" for o in outcomes) else 1


def _library_list(args: argparse.Namespace) -> int:
    import json

    calls = _library().calls()
    if args.json:
        print(json.dumps([c.to_dict() for c in calls], ensure_ascii=False, indent=1))
        return 0
    from rich.table import Table

    from rich.console import Console

    table = Table("call", "company", "ticker", "period", "date", "lang", "passages", "roles")
    for c in sorted(calls, key=lambda c: c.id):
        table.add_row(c.id, c.company, c.ticker, c.period, c.call_date, c.language, str(c.counts.get("passages", "")),
                      " ".join(f"{k[:4]}={v}" for k, v in sorted(c.roles.items())))
    Console().print(table)
    print(f"{len(calls)} call(s) in the library (the bundled call is always available as well)")
    earlier = _library().read_by_earlier_reader()
    if earlier:
        print(f"{len(earlier)} call(s) were read by an earlier version of the transcript reader: "
              "`callrag library refresh --dry-run` says which read differently now, `callrag library refresh` "
              "re-reads them")
    return 0


def _library_remove(args: argparse.Namespace) -> int:

    call = _library().remove(args.call)
    print(f"removed {call.id} ({call.label()})")
    return 0


def _library_verify(args: argparse.Namespace) -> int:

    library = _library()
    damaged = library.verify()
    reason = library.check_vectors()
    if reason:
        _announce(f"{reason}; restoring the vectors from the calls' own files (no embedding) ...")
        library.repair_vectors()
    for exc in damaged:
        _announce(f"{exc}; re-ingesting it from its source ...")
        library.repair(exc.call_id)
    print(f"{len(library.calls())} call(s) checked: {len(damaged)} repaired" + ("; vectors restored" if reason else ""))
    return 0


def _library_refresh(args: argparse.Namespace) -> int:
    library = _library()
    outcomes = _with_bar(lambda progress: library.refresh(args.calls or None, dry_run=args.dry_run,
                                                          progress=progress))
    return _report_outcomes(
        outcomes, args.json, (("stale",) if args.dry_run else ("refreshed",)) + ("unchanged", "skipped"), "call(s)",
        lambda o: f"  [{o.seconds:.1f} s, {o.timings.get('texts_embedded', 0)} text(s) embedded]"
        if o.status == "refreshed" else "", "note", quiet=("unchanged",))


def _pipeline(progress: "_Progress | None" = None):
    """The pipeline over the bundled index, built first when it is missing or out of date (the command's job:
    the pipeline only reads), showing a build's progress on ``progress`` when given."""
    from functools import partial

    from index.build import open_index
    from rag.pipeline import Pipeline

    opener = partial(open_index, progress=progress, announce=_announce)
    return Pipeline(announce=_announce, progress=progress, open_store=opener)


def _ask(args: argparse.Namespace) -> int:
    import json


    _check_text("the question", args.question)
    _check_text("--speaker", args.speaker)
    progress = _progress()
    pipeline = _pipeline(progress)
    try:
        answer = pipeline.ask(args.question, k=args.k, speaker=args.speaker, call=args.call, company=args.company,
                              period=args.period)
    finally:
        progress.stop()
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=1))
    else:
        from ui.render import print_answer

        print_answer(answer)
    return 0


def _check_text(what: str, value: str | None) -> None:
    """Refuse an argument that is not text: bytes that are not UTF-8 reach Python as lone surrogates."""
    bad = next((i for i, ch in enumerate(value or "") if "\ud800" <= ch <= "\udfff"), None)
    if bad is not None:
        ch = value[bad]
        found = f"byte 0x{ord(ch) - 0xDC00:02x}" if "\udc80" <= ch <= "\udcff" else f"{ch!r}"
        raise UsageError(f"{what} is not valid UTF-8 text ({found} at position {bad}); pass it as UTF-8")


def _eval(args: argparse.Namespace) -> int:
    import json

    from eval.run import run_eval

    if args.llm:
        from eval.llm_eval import print_llm_report, run_llm_eval

        if args.limit is not None and args.limit < 1:
            raise UsageError(f"--limit must be a whole number of at least 1, got {args.limit}")
        reports = run_llm_eval(args.suite, announce=_announce, limit=args.limit)
        if args.json and reports:
            print(json.dumps(reports[0] if len(reports) == 1 else reports, ensure_ascii=False, indent=1))
        elif not args.json:
            for report in reports:
                print_llm_report(report)
        return 0
    if args.library:
        from eval.library_eval import print_library_report, run_library_eval

        if not args.suite or len(args.suite) != 1:
            raise UsageError("--library needs exactly one --suite (a library suite)")
        report = run_library_eval(args.suite[0], args.library, announce=_announce)
        print(json.dumps(report, ensure_ascii=False, indent=1)) if args.json else print_library_report(report)
        return 0
    reports = run_eval(args.suite, k=args.k, ablations=args.ablations, report_dir=args.report,
                       announce=_announce)
    if args.json:
        print(json.dumps(reports[0] if len(reports) == 1 else reports, ensure_ascii=False, indent=1))
    else:
        from eval.report import print_report

        for report in reports:
            print_report(report)
    return 0


def _bench(args: argparse.Namespace) -> int:
    import json

    from eval.bench import api_concurrency, load_average, run_bench

    if args.library:
        from eval.scale_bench import run_scale_bench

        try:
            sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
        except ValueError:
            raise UsageError(f"--sizes {args.sizes!r}: expected whole numbers separated by commas, e.g. 1,10,100")
        figures = run_scale_bench(args.library, sizes, out=args.out, ingest_log=args.ingest_log,
                                  simulate=args.simulate, announce=_announce, replicate=args.replicate)
    elif args.api:
        import json as _json

        from eval.run import DEFAULT_SUITE
        from index.settings import Settings

        questions = [_json.loads(line)["question"] for line in DEFAULT_SUITE.read_text(encoding="utf-8").splitlines()
                     if line.strip()]
        figures = {"load_average": load_average(),
                   "api_concurrent_ms": api_concurrency(Settings(), questions, announce=_announce)}
    else:
        figures = run_bench(runs=args.runs, announce=_announce)
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        for key, value in figures.items():
            print(f"{key:22s} {value}")
    return 0


def _chat(args: argparse.Namespace) -> int:
    from ui.app import serve

    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port must be a whole number from 1 to 65535, got {args.port}")
    pipeline = _pipeline()  # a build before serving is announced, without a bar (the server's log stays plain)
    try:
        serve(pipeline, args.host, args.port, announce=_announce)
    except KeyboardInterrupt:
        pass
    return 0


def _corpus(args: argparse.Namespace) -> int:
    import json

    from index.corpus import load_corpus, save_corpus
    from index.parse import parse_file
    from index.settings import Settings

    if args.parse:
        corpus = parse_file(args.parse, corpus_id=args.id)
        if args.out:
            save_corpus(corpus, args.out)
            print(f"wrote {args.out}: {len(corpus.turns)} turns; fill in the translations and speaker details")
        else:
            print(json.dumps(corpus.to_dict(), ensure_ascii=False, indent=1))
        return 0
    if args.out or args.id:
        raise UsageError("--out and --id go with --parse RAW")
    corpus = load_corpus(args.file or Settings().corpus_path)
    if args.json:
        print(json.dumps(corpus.to_dict(), ensure_ascii=False, indent=1))
    else:
        from ui.summary import print_summary

        print_summary(corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
