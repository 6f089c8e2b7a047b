"""The ``callrag`` command. Each sub-command imports what it needs when it runs, so none pays for another.

Example:
    $ callrag corpus            # a readable summary of the bundled call
    $ callrag corpus --json     # the whole corpus as JSON
    $ callrag corpus --parse transcript.txt --out my-call.json   # a new raw transcript -> corpus JSON
"""

from __future__ import annotations

import argparse
import logging
import sys

logger = logging.getLogger(__name__)

EXIT_USAGE = 2


class UsageError(Exception):
    """Bad input from the user: printed as one clear line, exit code 2."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"callrag {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="callrag", description="Bilingual Q&A over earnings-call transcripts.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    corpus = sub.add_parser("corpus", help="summarise the corpus, print it as JSON, or parse a raw transcript")
    corpus.add_argument("--file", help="a corpus JSON file (default: the bundled corpus)")
    corpus.add_argument("--json", action="store_true", help="print the whole corpus as JSON")
    corpus.add_argument("--parse", metavar="RAW", help="parse a raw transcript into the corpus format")
    corpus.add_argument("--out", help="with --parse: where to write the corpus JSON (default: standard output)")
    corpus.add_argument("--id", help="with --parse: the corpus id (default: the file's name)")
    corpus.set_defaults(run=_corpus)
    return parser


def _corpus(args: argparse.Namespace) -> int:
    import json

    from index.corpus import CorpusError, load_corpus, save_corpus
    from index.parse import TranscriptError, parse_file
    from index.settings import Settings

    if args.parse:
        try:
            corpus = parse_file(args.parse, corpus_id=args.id)
        except TranscriptError as exc:
            raise UsageError(str(exc)) from None
        if args.out:
            save_corpus(corpus, args.out)
            print(f"wrote {args.out}: {len(corpus.turns)} turns; fill in the translations and speaker details")
        else:
            print(json.dumps(corpus.to_dict(), ensure_ascii=False, indent=1))
        return 0
    if args.out or args.id:
        raise UsageError("--out and --id go with --parse RAW")
    try:
        corpus = load_corpus(args.file or Settings().corpus_path)
    except CorpusError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps(corpus.to_dict(), ensure_ascii=False, indent=1))
    else:
        from ui.summary import print_summary

        print_summary(corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
