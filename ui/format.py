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

from index.script import CJK, to_script
from ui.cited import answer_sentences
from ui.transcript import paragraph_anchor

if TYPE_CHECKING:
    from rag.types import Answer, Citation
    from ui.conversation import Exchange

# The display switch: its labels, and the script each one shows Chinese in (None: as the question was asked).
DISPLAYS = {"As asked": None, "简体": "simplified", "繁體": "traditional"}
SECTIONS = {"qa": "Q&A", "prepared_remarks": "Prepared remarks"}
_MARKER = re.compile(r"\[(\d+)\]")



def display_script(display: str | None, answer: "Answer") -> str:
    """The script Chinese text is shown in: the display switch's choice, or the question's own."""
    return DISPLAYS.get(display or "As asked") or answer.script


def _text(text: str, script: str = "neutral") -> str:
    """Escaped, converted to ``script``, line breaks kept (as ``<br>``: no newline may reach the Markdown)."""
    return "<br>".join(escape(line) for line in to_script(text, script).splitlines())


def _lang(text: str) -> str:
    """The ``lang`` attribute of a piece of the call: ``zh`` if it has Chinese characters, else ``en``."""
    return "zh" if CJK.search(text) else "en"


def _link_markers(html: str, turn_id: str, numbers: set[int]) -> str:
    def link(m: re.Match) -> str:
        n = int(m.group(1))
        return f'<a class="cr-ref" href="#c-{turn_id}-{n}">[{n}]</a>' if n in numbers else m.group(0)

    return _MARKER.sub(link, html)


def place(c: "Citation") -> str:
    """Where a passage is, in words: ``Q&A, Eddie Wu's answer to question 2`` or ``Prepared remarks, Jiang Fan``."""
    if c.section == "qa" and c.answers is not None:
        return f"Q&A, {c.speaker_en}'s answer to question {c.answers}{getattr(c, 'answers_part', None) or ''}"
    return f"{SECTIONS.get(c.section, c.section)}, {c.speaker_en}"


def citation_html(c: "Citation", turn_id: str, script: str, cited: tuple[str, ...] = ()) -> str:
    """One cited passage: who, where, the analyst question it answers, the original and its translation, a link
    that opens the call there (highlighting the ``cited`` sentence ids), and the retrieval details folded."""
    who = _text(c.label_en)
    anchor = paragraph_anchor(c.transcript, c.turn, c.paragraph)
    head = (f'<span class="cr-n">[{c.n}]</span> <b>{who}</b> · <span lang="{_lang(c.speaker)}">{_text(c.speaker, script)}</span> · '
            f'<span class="cr-meta">{_text(place(c))}</span>')
    asked = ""
    if c.answers is not None and (c.question_text or c.question_translation):
        asked = (f'<details class="cr-asked"><summary>The analyst’s question {c.answers}</summary>'
                 f'<div class="cr-orig" lang="zh">{_text(c.question_text, script)}</div>'
                 f'<div class="cr-en" lang="en">{_text(c.question_translation)}</div></details>')
    # The chat's sanitiser drops data-* attributes, so the link says it all in its fragment:
    # #<paragraph anchor>~<quoted sentence indexes, dot-separated>~<id of this passage, to come back to>.
    prefix = f"{c.transcript}:t{c.turn}.p{c.paragraph}.s"
    quoted = ".".join(sid[len(prefix):] for sid in cited if sid.startswith(prefix) and sid[len(prefix):].isdigit())
    open_link = f'<a class="cr-open" href="#{anchor}~{quoted}~c-{turn_id}-{c.n}">Show in the call</a>'
    note = getattr(c, "translation_note", "")
    note = f'<div class="cr-note">Translator’s note: {escape(note)}</div>' if note else ""
    details = (f'<details class="cr-details"><summary>Details</summary>relevance score {c.score:.3f} · '
               f'passage {_text(c.passage_id)}</details>')
    return (f'<div class="cr-cite" id="c-{turn_id}-{c.n}" tabindex="-1"><div class="cr-head">{head}</div>{asked}'
            f'<div class="cr-orig" lang="{_lang(c.text)}">{_text(c.text, script)}</div>'
            f'<div class="cr-en" lang="{_lang(c.translation)}">{_text(c.translation)}</div>{note}'
            f'<div class="cr-actions">{open_link}{details}</div></div>')


def answer_html(answer: "Answer", turn_id: str, display: str | None = None, query: str | None = None,
                cited: dict[int, tuple[str, ...]] | None = None) -> str:
    """The reply to one question; ``query`` (when it differs from the question) says what was retrieved;
    ``cited`` gives, per citation number, the ids of the sentences the answer quotes (highlighted in the viewer)."""
    script = display_script(display, answer)
    cited = cited or {}
    parts = [f'<div class="cr-reply" id="m-{turn_id}">']
    if query:
        parts.append(f'<div class="cr-query">Follow-up: retrieved with “{_text(query, script)}”</div>')
    body = _text(answer.answer, script if answer.language == "zh" else "neutral")
    parts.append(f'<div class="cr-answer">{_link_markers(body, turn_id, {c.n for c in answer.citations})}</div>')
    note = mode_note(answer)
    if note:
        parts.append(f'<div class="cr-mode">{_text(note)}</div>')
    if answer.citations:
        marked = {int(n) for n in _MARKER.findall(answer.answer)}
        shown = [c for c in answer.citations if c.n in marked] or list(answer.citations)
        more = [c for c in answer.citations if c not in shown]
        parts.append('<div class="cr-sources">')
        parts.extend(citation_html(c, turn_id, script, cited.get(c.n, ())) for c in shown)
        if more:
            parts.append(f'<details class="cr-more"><summary>{len(more)} more retrieved passage'
                         f'{"s" if len(more) > 1 else ""} (not quoted in the answer)</summary>')
            parts.extend(citation_html(c, turn_id, script, cited.get(c.n, ())) for c in more)
            parts.append("</details>")
        parts.append("</div>")
    parts.append(f'<div class="cr-export"><a class="cr-copy" href="#md-{turn_id}">Copy as Markdown</a> · '
                 f'<a class="cr-dl" href="#md-{turn_id}">Download as Markdown</a></div>')
    parts.append("</div>")
    return "".join(parts)


def error_html(message: str) -> str:
    return f'<div class="cr-error">⚠️ {_text(message)}</div>'


def question_html(question: str) -> str:
    return f'<div class="cr-question">{_text(question) if question.strip() else "<i>(empty question)</i>"}</div>'


def mode_note(answer: "Answer") -> str:
    """What the user should know about how a generated answer was made (empty for a plain extractive answer)."""
    kept = sum(g.get("ok", False) for g in answer.grounding)
    if answer.mode == "llm":
        return f"Written by the LLM; every sentence checked against its citations ({kept} of {kept})."
    if answer.mode == "llm-partial":
        return (f"Written by the LLM; {len(answer.grounding) - kept} of {len(answer.grounding)} sentences failed the "
                f"check against their citations and were removed.")
    if answer.fallback_reason:
        return f"Quoted from the call: the LLM's answer was not shown ({answer.fallback_reason})."
    return ""


def draft_html(text: str) -> str:
    """The LLM's answer while it is being written: plain text, no links, marked as not yet checked."""
    return ('<div class="cr-working cr-draft"><div class="cr-mode">✍️ Drafting; checked against the citations '
            f'before it is shown as the answer …</div><div class="cr-answer">{_text(text)}</div></div>')


def working_html() -> str:
    return '<div class="cr-working">⏳ Working: searching the call and writing the answer …</div>'


def turn_messages(turn: "Exchange", display: str | None = None, corpora: dict | None = None) -> list[dict]:
    """A turn as the chat's two messages (user, assistant); ``corpora`` (id: Corpus) finds the quoted sentences."""
    if turn.answer is not None:
        cited: dict[int, tuple[str, ...]] = {}
        for d in answer_sentences(turn.answer, corpora or {}):
            cited[d["n"]] = cited.get(d["n"], ()) + (str(d["sentence_id"]),)
        reply = answer_html(turn.answer, turn.id, display, turn.query if turn.follow_up else None, cited)
    else:
        reply = error_html(turn.error)
    return [{"role": "user", "content": question_html(turn.question)}, {"role": "assistant", "content": reply}]
