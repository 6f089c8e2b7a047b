"""A chat turn as HTML: the answer with ``[n]`` links, then the cited passages they point at (the chat's replies).

The passages the answer quotes come first, open; the other retrieved ones follow, folded.
Every piece of transcript text is escaped. Anchors carry the turn's id (``#c-<turn id>-<n>``), so a marker
always points at a passage of its own reply, however many replies the page shows. Everything is one line of
HTML: the chat renders Markdown, and a blank line would end the HTML block.

Example:
    >>> from rag.types import Answer, Citation
    >>> c = Citation(1, "t:p1", "t", "吳泳銘", "Eddie Wu", "CEO", "management", "qa", 7, 8, "三年投資3800億",
    ...              "RMB 380 billion over three years", 0.76, answers=2, question_text="資本開支?",
    ...              question_translation="Capex?")
    >>> html = answer_html(Answer("capex?", "en", "neutral", "We invest <RMB 380 billion>. [1]", (c,)), "ab12")
    >>> '<a class="cr-ref" href="#c-ab12-1">[1]</a>' in html, 'id="c-ab12-1"' in html, "&lt;RMB 380" in html
    (True, True, True)
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from index.script import to_script

if TYPE_CHECKING:
    from rag.types import Answer, Citation
    from ui.conversation import Turn

# The display switch: its labels, and the script each one shows Chinese in (None: as the question was asked).
DISPLAYS = {"As asked": None, "简体": "simplified", "繁體": "traditional"}
SECTIONS = {"qa": "Q&A", "prepared_remarks": "Prepared remarks"}
_MARKER = re.compile(r"\[(\d+)\]")

CSS = """
.cr-reply { line-height: 1.5; }
.cr-query { font-size: 0.85em; opacity: 0.75; margin-bottom: 0.4em; }
.cr-answer { margin-bottom: 0.6em; }
.cr-ref { font-weight: 600; text-decoration: none; color: var(--color-accent); }
.cr-sources { border-top: 1px solid var(--border-color-primary); padding-top: 0.4em; }
.cr-cite { margin: 0.5em 0; padding: 0.4em 0.6em; border-left: 3px solid var(--color-accent); scroll-margin-top: 1em; }
.cr-cite:target { background: var(--color-accent-soft); }
.cr-head { font-size: 0.9em; }
.cr-n { font-weight: 700; }
.cr-meta { opacity: 0.75; }
.cr-en { opacity: 0.8; font-style: italic; }
.cr-error { color: var(--error-text-color, #b91c1c); }
details.cr-asked summary, details.cr-more summary { cursor: pointer; font-size: 0.9em; }
"""


def display_script(display: str | None, answer: "Answer") -> str:
    """The script Chinese text is shown in: the display switch's choice, or the question's own."""
    return DISPLAYS.get(display or "As asked") or answer.script


def _text(text: str, script: str = "neutral") -> str:
    """Escaped, converted to ``script``, line breaks kept (as ``<br>``: no newline may reach the Markdown)."""
    return "<br>".join(escape(line) for line in to_script(text, script).splitlines())


def _link_markers(html: str, turn_id: str, numbers: set[int]) -> str:
    def link(m: re.Match) -> str:
        n = int(m.group(1))
        return f'<a class="cr-ref" href="#c-{turn_id}-{n}">[{n}]</a>' if n in numbers else m.group(0)

    return _MARKER.sub(link, html)


def citation_html(c: "Citation", turn_id: str, script: str) -> str:
    """One cited passage: who, where, the analyst question it answers, the original and its translation."""
    who = escape(f"{c.speaker_en} ({c.title})" if c.title else c.speaker_en)
    section = SECTIONS.get(c.section, c.section)
    where = f"turn {c.turn}, paragraph {c.paragraph}"
    head = (f'<span class="cr-n">[{c.n}]</span> <b>{_text(c.speaker, script)}</b> · {who} · '
            f'<span class="cr-meta">{escape(c.role)} · {escape(section)} · {where} · score {c.score:.3f}</span>')
    asked = ""
    if c.answers is not None and (c.question_text or c.question_translation):
        asked = (f'<details class="cr-asked"><summary>Answers analyst question {c.answers}</summary>'
                 f'<div class="cr-orig" lang="zh">{_text(c.question_text, script)}</div>'
                 f'<div class="cr-en" lang="en">{_text(c.question_translation)}</div></details>')
    return (f'<div class="cr-cite" id="c-{turn_id}-{c.n}"><div class="cr-head">{head}</div>{asked}'
            f'<div class="cr-orig" lang="zh">{_text(c.text, script)}</div>'
            f'<div class="cr-en" lang="en">{_text(c.translation)}</div></div>')


def answer_html(answer: "Answer", turn_id: str, display: str | None = None, query: str | None = None) -> str:
    """The reply to one question; ``query`` (when it differs from the question) says what was retrieved."""
    script = display_script(display, answer)
    parts = [f'<div class="cr-reply" id="m-{turn_id}">']
    if query:
        parts.append(f'<div class="cr-query">Follow-up: retrieved with “{_text(query, script)}”</div>')
    body = _text(answer.answer, script if answer.language == "zh" else "neutral")
    parts.append(f'<div class="cr-answer">{_link_markers(body, turn_id, {c.n for c in answer.citations})}</div>')
    if answer.citations:
        marked = {int(n) for n in _MARKER.findall(answer.answer)}
        shown = [c for c in answer.citations if c.n in marked] or list(answer.citations)
        more = [c for c in answer.citations if c not in shown]
        parts.append('<div class="cr-sources">')
        parts.extend(citation_html(c, turn_id, script) for c in shown)
        if more:
            parts.append(f'<details class="cr-more"><summary>{len(more)} more retrieved passage'
                         f'{"s" if len(more) > 1 else ""} (not quoted in the answer)</summary>')
            parts.extend(citation_html(c, turn_id, script) for c in more)
            parts.append("</details>")
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def error_html(message: str) -> str:
    return f'<div class="cr-error">⚠️ {_text(message)}</div>'


def question_html(question: str) -> str:
    return f'<div class="cr-question">{_text(question) if question.strip() else "<i>(empty question)</i>"}</div>'


def working_html() -> str:
    return '<div class="cr-working">⏳ Working: searching the call and writing the answer …</div>'


def turn_messages(turn: "Turn", display: str | None = None) -> list[dict]:
    """A turn as the chat's two messages (user, assistant)."""
    if turn.answer is not None:
        reply = answer_html(turn.answer, turn.id, display, turn.query if turn.follow_up else None)
    else:
        reply = error_html(turn.error)
    return [{"role": "user", "content": question_html(turn.question)}, {"role": "assistant", "content": reply}]
