"""An answer in the terminal: the answer, then its numbered sources (``callrag ask``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from index.script import to_script

if TYPE_CHECKING:
    from rag.types import Answer


def print_answer(answer: "Answer") -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    console.print(escape(answer.answer))
    if not answer.citations:
        return
    console.print()
    for c in answer.citations:
        section = "Q&A" if c.section == "qa" else "prepared remarks"
        where = f"turn {c.turn}, paragraph {c.paragraph}" + (
            f", answering question {c.answers}{c.answers_part or ''}" if c.answers else "")
        name = f"{c.speaker_en} ({c.title})" if c.title else c.speaker_en
        console.print(f"[bold][{c.n}][/bold] {escape(name)} · {c.speaker} · {c.role} · {section} · {where} · "
                      f"score {c.score:.3f}")
        text = to_script(c.text, answer.script) if answer.language == "zh" else c.translation
        console.print(f"    {escape(text)}", style="dim")
        if c.translation_note and answer.language == "en":
            console.print(f"    Translator's note: {escape(c.translation_note)}", style="italic dim")
