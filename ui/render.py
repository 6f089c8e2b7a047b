r"""An answer in the terminal: the answer, then its numbered sources (``callrag ask``).

Everything that comes from a transcript or a question (names, titles, sentences, notes) is printed as plain
``Text``, never parsed as Rich markup: a speaker called ``[/bold]吳泳銘`` prints as written, and control
characters (an escape sequence that would recolour or retitle the terminal) print as ``\x1b``.

>>> terminal_safe("吳泳銘\x1b]0;owned\x07 [/bold]")
'吳泳銘\\x1b]0;owned\\x07 [/bold]'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from index.script import to_script

if TYPE_CHECKING:
    from rag.types import Answer

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and line feed


def terminal_safe(text: str) -> str:
    """``text`` with its control characters written out (``\\x1b``), so the terminal shows them, not obeys them."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def plain(text: str, style: str = ""):
    """Transcript text for Rich: no markup, no control characters."""
    from rich.text import Text

    return Text(terminal_safe(text), style=style)


def print_answer(answer: "Answer") -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console()
    console.print(plain(answer.answer))
    if not answer.citations:
        return
    console.print()
    for c in answer.citations:
        section = "Q&A" if c.section == "qa" else "prepared remarks"
        where = f"turn {c.turn}, paragraph {c.paragraph}" + (
            f", answering question {c.answers}{c.answers_part or ''}" if c.answers else "")
        # The name as written only when it differs from the English one (吳泳銘, not "Lazard's CEO" twice).
        who = c.label_en + (f" · {c.speaker}" if c.speaker != c.speaker_en else "")
        console.print(Text.assemble((f"[{c.n}]", "bold"), plain(f" {who} · {c.role} · {section} · "
                                                                 f"{where} · score {c.score:.3f}")))
        # An English call has no translation: its passage is shown as said.
        text = (to_script(c.text, answer.script) if answer.language == "zh" else c.translation) or c.text
        console.print(plain(f"    {text}", style="dim"))
        if c.translation_note and answer.language == "en":
            console.print(plain(f"    Translator's note: {c.translation_note}", style="italic dim"))
