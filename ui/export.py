"""Answers as Markdown, to copy or download: the question, the answer, then each quoted source with its speaker,
the call, the place in the call, and the quoted sentences in the original and in translation.

Example:
    >>> from ui.conversation import Exchange
    >>> conversation_markdown([Exchange("a", "Why?", error="The question is empty")], {})[:26]
    '# Questions about the call'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ui.cited import answer_sentences
from ui.transcript import Call

if TYPE_CHECKING:
    from ui.conversation import Exchange

_MARKER = re.compile(r"\[(\d+)\]")
# Emphasis, code, HTML and autolinks, tables, strikethrough; a link or image needs "](", "][", "]:" or "![".
_MD_PUNCT = re.compile(r"([\\`*_<>|~]|\](?=[(\[:])|!(?=\[))")
_MD_BLOCK = re.compile(r"^([ \t]*)(?:([#>+=-])|(\d+)([.)]))", re.MULTILINE)  # headings, quotes, lists at a line's start


def md(text: str, inline: bool = False) -> str:
    """Question or transcript text for Markdown, shown as written: never a link, HTML, emphasis or a heading.

    >>> md("<img src=x> [click](javascript:x) *a* [1]\\n# b")
    '\\\\<img src=x\\\\> [click\\\\](javascript:x) \\\\*a\\\\* [1]\\n\\\\# b'
    """
    text = _MD_PUNCT.sub(r"\\\1", text)
    if inline:
        text = " ".join(text.split("\n"))
    return _MD_BLOCK.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}"),
                         text)


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def turn_markdown(turn: "Exchange", calls: dict[str, Call]) -> str:
    """One question and its answer with citations, as Markdown."""
    lines = [f"## {md(turn.question.strip(), inline=True) or '(empty question)'}", ""]
    if turn.answer is None:
        return "\n".join(lines + [f"*{md(turn.error, inline=True)}*", ""])
    a = turn.answer
    if turn.follow_up:
        lines += [f"*Follow-up, retrieved with “{md(turn.query, inline=True)}”*", ""]
    lines += [md(a.answer.strip()), ""]
    quoted = {int(n) for n in _MARKER.findall(a.answer)}
    cited = [c for c in a.citations if c.n in quoted]
    if not cited:
        return "\n".join(lines)
    corpora = {cid: call.corpus for cid, call in calls.items()}
    sentences = answer_sentences(a, corpora)
    lines += ["### Sources", ""]
    for c in cited:
        call = calls.get(c.transcript)
        who = c.label_en
        where = call.place(c.turn, c.paragraph) if call and 0 <= c.turn < len(call.corpus.turns) else \
            ("Q&A" if c.section == "qa" else "Prepared remarks")
        lines.append(f"**[{c.n}] {md(who, True)}** · {md(c.speaker, True)} · {md(where, True)}"
                     + (f" · {md(call.heading, True)}" if call else ""))
        lines.append("")
        mine = [s for s in sentences if s.get("n") == c.n]
        if mine and call:
            by_id = {f"{call.id}:t{t.index}.p{p.index}.s{s.index}": s for t, p, s in call.corpus.sentences()}
            original = ("" if call.corpus.original_language == "zh" else " ").join(m["original"] for m in mine)
            side = call.corpus.translation_language
            translation = ("" if side == "zh" else " ").join(
                by_id[m["sentence_id"]].text(side) for m in mine if m["sentence_id"] in by_id)
        else:
            original, translation = c.text, c.translation
        lines += [_quote(md(original)), ">", _quote(f"*Translation:* {md(translation)}") if translation else "", ""]
    return "\n".join(line for line in lines if line is not None)


def conversation_markdown(turns: list["Exchange"], calls: dict[str, Call]) -> str:
    """The whole conversation, oldest first, as Markdown."""
    names = "; ".join(c.heading for c in calls.values())
    head = ["# Questions about the call", "", f"*{md(names, True)}*", ""] if names else ["# Questions about the call", ""]
    return "\n".join(head) + "\n" + "\n".join(turn_markdown(t, calls) for t in turns)
