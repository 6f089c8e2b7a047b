"""A readable summary of a corpus for the terminal (``callrag corpus``)."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.corpus import Corpus


def print_summary(corpus: Corpus) -> None:
    from rich.console import Console
    from rich.markup import escape as escape_markup
    from rich.table import Table

    from ui.render import terminal_safe

    def escape(text: str) -> str:  # corpus text: not Rich markup, and control characters shown, not obeyed
        return escape_markup(terminal_safe(str(text)))

    console = Console()
    _print = console.print

    def print_text(text: str = "", **kwargs) -> None:  # corpus text is never Rich markup: "[transcript: Q1]"
        _print(escape(text), **kwargs)

    console.print = print_text  # type: ignore[method-assign]
    meta = corpus.metadata
    period = meta.get("period", {})
    _print(f"[bold]{escape(meta.get('company', corpus.id))}[/bold] — {escape(meta.get('title', 'earnings call'))}")
    if period:
        console.print(f"Period: {period.get('fiscal_quarter', '?')} ({period.get('calendar_quarter', '?')}), "
                      f"ended {period.get('period_end', '?')}")
    if meta.get("call_date"):
        console.print(f"Call date: {meta['call_date']}")
    source = meta.get("source", {})
    if source:
        console.print(f"Source: {source.get('publisher', '')} {source.get('file', '')}".strip())
    console.print(f"Original language: {corpus.original_language}; corpus id: {corpus.id}\n")
    if corpus.notes():
        _print("[bold]About this call[/bold]")
        for note in corpus.notes():
            console.print(f"  • {note.en}")
        console.print()

    turns_by = Counter(t.speaker for t in corpus.turns)
    table = Table(title="Speakers")
    for col in ("name", "English name", "title", "cited as", "role", "turns"):
        table.add_column(col)
    for s in corpus.speakers:
        cited = " · ".join(x for x in (s.short_title_en, s.short_title_zh) if x)
        table.add_row(*(escape(x) for x in (s.name, s.name_en, s.title_en or s.title, cited, s.role,
                                            str(turns_by[s.name]))))
    _print(table)

    sections = Counter(t.section for t in corpus.turns)
    console.print(f"Turns: {len(corpus.turns)} "
                  f"({sections['prepared_remarks']} prepared remarks, {sections['qa']} Q&A)")
    questions = corpus.questions()
    console.print(f"Analyst questions: {len(questions)}")
    for number, q in questions.items():
        answered = [corpus.speaker(t.speaker).name_en or t.speaker for t in corpus.turns if t.answers == number]
        sentences = [s for p in q.paragraphs for s in p.sentences]
        asking = next((s for s in sentences if re.search(r"[?？]", s.text(corpus.original_language))), sentences[0])
        gist = asking.text(corpus.translation_language) or asking.text(corpus.original_language)
        console.print(f"  Q{number} (turn {q.index}) answered by {', '.join(answered) or 'nobody'}: "
                      f"{gist if len(gist) <= 100 else gist[:99] + '…'}", overflow="ellipsis", no_wrap=True)
        for part in q.parts:
            where = [f"turn {t.index} ¶" + ", ".join(str(p.index) for p in paras)
                     for t in corpus.turns if t.answers == number
                     for paras in [[p for p in t.paragraphs if p.answers_part == part.label]] if paras]
            console.print(f"    {number}{part.label}: {part.en} — answered in {', '.join(where) or 'no paragraph'}")
    sentences = sum(1 for _ in corpus.sentences())
    missing = len(corpus.untranslated())
    console.print(f"Sentences: {sentences}; translated ({corpus.translation_language}): {sentences - missing}"
                  f"{'' if not missing else f' — {missing} missing'}")
    console.print(f"Publisher material kept out of the turns: {len(corpus.front_matter)} front, "
                  f"{len(corpus.back_matter)} back blocks")
    noted = [(t, p, s) for t, p, s in corpus.sentences() if s.note]
    if noted:
        console.print(f"\nTranslator's notes ({len(noted)} sentences; place is turn.paragraph.sentence):")
        for t, p, s in noted:
            console.print(f"  {t.index}.{p.index}.{s.index} {s.note}")
