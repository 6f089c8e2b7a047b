"""The calls as the chat shows them: the header naming them, "About this call", and the transcript viewer.

The viewer shows one call as HTML, loaded when a citation opens it: each turn with its speaker,
each paragraph with the original and the translation side by side, each sentence a ``<span data-sid>`` whose
``sid`` is the sentence id of the answer JSON (``<transcript>:t<turn>.p<paragraph>.s<sentence>``). The page's
script (``ui/format.py: HEAD``) highlights the cited sentences and shows the turns around them.

Optional corpus fields are read when present (sentence ``note``, analyst-turn ``parts``, management-paragraph
``answers_part``, ``metadata.notes``, speaker ``short_title_zh``) and never required.

Example:
    >>> from index.corpus import load_corpus
    >>> from index.settings import Settings
    >>> call = Call.of(load_corpus(Settings().corpus_path))
    >>> call.heading
    'Alibaba Group Holding Limited · Q1 FY2026, quarter ended 30 June 2025 · call of 29 August 2025 · Chinese, with an English translation'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from rag.types import speaker_label_en

if TYPE_CHECKING:
    from index.corpus import Corpus, Turn

LANGUAGES = {"zh": "Chinese", "en": "English"}
SECTIONS = {"qa": "Q&A", "prepared_remarks": "Prepared remarks"}
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def slug(transcript: str) -> str:
    """A transcript id made safe for an HTML id: ``alibaba-2025q2`` stays, anything else becomes ``_xx``."""
    return _UNSAFE.sub(lambda m: f"_{ord(m.group(0)):x}", transcript)


def paragraph_anchor(transcript: str, turn: int, paragraph: int) -> str:
    return f"v-{slug(transcript)}-t{turn}-p{paragraph}"


def _date(value: str) -> str:
    try:
        d = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value or "")
    return f"{d.day} {d:%B %Y}"


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in str(text).splitlines())


@dataclass(frozen=True)
class Call:
    """One call of the library as the chat names and shows it."""

    corpus: "Corpus"

    @classmethod
    def of(cls, corpus: "Corpus") -> "Call":
        return cls(corpus)

    @property
    def id(self) -> str:
        return self.corpus.id

    @property
    def company(self) -> str:
        return str(self.corpus.metadata.get("company") or self.corpus.id)

    @property
    def period(self) -> str:
        """``Q1 FY2026, quarter ended 30 June 2025`` (what the metadata gives of it)."""
        meta = self.corpus.metadata
        period = meta.get("period") if isinstance(meta.get("period"), dict) else {}
        parts = [period.get("fiscal_quarter", "")]
        if period.get("period_end"):
            parts.append(f"quarter ended {_date(period['period_end'])}")
        elif meta.get("title"):
            parts.append(str(meta["title"]))
        return ", ".join(p for p in parts if p)

    @property
    def date(self) -> str:
        return _date(self.corpus.metadata.get("call_date", ""))

    @property
    def language(self) -> str:
        original = LANGUAGES.get(self.corpus.original_language, self.corpus.original_language)
        other = LANGUAGES.get(self.corpus.translation_language, "")
        translated = any(s.text(self.corpus.translation_language).strip() for _, _, s in self.corpus.sentences())
        return f"{original}, with an {other} translation" if translated and other else original

    @property
    def heading(self) -> str:
        return " · ".join(p for p in (self.company, self.period, self.date and f"call of {self.date}",
                                      self.language) if p)

    def speaker_label(self, name: str) -> str:
        """``Eddie Wu (CEO)``: the English name and short title, or the name as written."""
        try:
            s = self.corpus.speaker(name)
        except KeyError:
            return name
        en = s.name_en or s.name
        return speaker_label_en(en, s.short_title_en if s.short_title_en != en else "")

    def place(self, turn: "Turn | int", paragraph: int | None = None) -> str:
        """Where a paragraph is, in words: ``Q&A, Eddie Wu's answer to question 2, paragraph 3``."""
        t = self.corpus.turns[turn] if isinstance(turn, int) else turn
        who = self.speaker_label(t.speaker).split(" (")[0]
        if t.section == "qa" and t.answers is not None:
            where = f"Q&A, {who}'s answer to question {t.answers}"
        elif t.question is not None:
            where = f"Q&A, question {t.question}"
        else:
            where = f"{SECTIONS.get(t.section, t.section)}, {who}"
        if paragraph is not None and len(t.paragraphs) > 1:
            where += f", paragraph {paragraph + 1} of {len(t.paragraphs)}"
        return where

    # -- HTML ---------------------------------------------------------------------------------------------

    def about_html(self) -> str:
        """Speakers with their roles, the call-level notes, the source: the "About this call" panel."""
        c = self.corpus
        rows = []
        for s in c.speakers:
            if s.role == "publisher":
                continue
            zh_title = getattr(s, "short_title_zh", "") or s.title
            rows.append(f"<li><b>{escape(s.name_en or s.name)}</b> <span lang=\"zh\">{escape(s.name)}</span>: "
                        f"{escape(s.title_en or s.short_title_en or s.role)}"
                        + (f' (<span lang="zh">{escape(zh_title)}</span>)' if zh_title and zh_title != s.name else "")
                        + "</li>")
        notes = [n for n in c.metadata.get("notes") or [] if isinstance(n, dict)]
        source = c.metadata.get("source") if isinstance(c.metadata.get("source"), dict) else {}
        translation = c.metadata.get("translation") if isinstance(c.metadata.get("translation"), dict) else {}
        parts = [f'<div class="cr-about" data-call="{escape(c.id)}"><h2>{escape(self.company)}</h2>',
                 f"<p>{escape(self.heading)}</p>", "<h3>Speakers</h3><ul>", *rows, "</ul>"]
        if notes:
            parts.append("<h3>Notes on this call</h3><ul>")
            parts += [f'<li>{_lines(n.get("en", ""))}'
                      + (f' <span lang="zh" class="cr-zh-note">{_lines(n["zh"])}</span>' if n.get("zh") else "")
                      + "</li>" for n in notes]
            parts.append("</ul>")
        if source.get("publisher") or source.get("note") or translation.get("by"):
            parts.append("<h3>Source</h3><p>")
            if source.get("publisher"):
                parts.append(f"Published by {escape(str(source['publisher']))}. ")
            if source.get("note"):
                parts.append(escape(str(source["note"])) + " ")
            if translation.get("by"):
                parts.append(f"Translated by {escape(str(translation['by']))}.")
            parts.append("</p>")
        parts.append("</div>")
        return "".join(parts)

    def viewer_html(self) -> str:
        """The whole call, every sentence marked with its id, original and translation side by side."""
        c = self.corpus
        side = c.translation_language
        s_id = slug(c.id)
        parts = [f'<section class="cr-call" id="call-{s_id}" data-call="{escape(c.id)}" hidden>'
                 f'<h2 class="cr-call-title" tabindex="-1">{escape(self.company)}: {escape(self.period)}</h2>']
        for t in c.turns:
            head = f"{escape(self.speaker_label(t.speaker))} · <span lang=\"{c.original_language}\">" \
                   f"{escape(t.speaker)}</span> · {escape(self.place(t))}"
            parts.append(f'<div class="cr-turn cr-role-{escape(t.role)}" id="v-{s_id}-t{t.index}" '
                         f'data-turn="{t.index}"><div class="cr-turn-head">{head}</div>')
            asked = [q for q in getattr(t, "parts", None) or () if isinstance(q, dict)]
            if asked:  # an analyst question in parts: what each part asks, in English
                parts.append('<ul class="cr-parts">' + "".join(
                    f'<li><b>{escape(str(q.get("label", "")))}</b> {escape(str(q.get("en", "")))}</li>'
                    for q in asked) + "</ul>")
            for p in t.paragraphs:
                answers_part = getattr(p, "answers_part", None)
                note = f'<div class="cr-part">Answers part {escape(str(answers_part))}</div>' if answers_part else ""
                orig, trans = [], []
                for s in p.sentences:
                    sid = escape(f"{c.id}:t{t.index}.p{p.index}.s{s.index}")
                    tn = getattr(s, "note", "") or ""
                    tip = f' title="Translator’s note: {escape(tn)}"' if tn else ""
                    orig.append(f'<span class="cr-s" data-sid="{sid}" data-s="{s.index}">{escape(s.text(c.original_language))}</span>')
                    trans.append(f'<span class="cr-s" data-sid="{sid}" data-s="{s.index}"{tip}>{escape(s.text(side))}</span>'
                                 + (f'<sup class="cr-tn" title="{escape(tn)}">note</sup>' if tn else ""))
                sep = "" if c.original_language == "zh" else " "
                tsep = "" if side == "zh" else " "
                parts.append(f'<div class="cr-par" id="{paragraph_anchor(c.id, t.index, p.index)}">{note}'
                             f'<div class="cr-orig" lang="{c.original_language}">{sep.join(orig)}</div>'
                             f'<div class="cr-tr" lang="{side}">{tsep.join(trans)}</div></div>')
            parts.append("</div>")
        parts.append("</section>")
        return "".join(parts)


def header_html(calls: list[Call]) -> str:
    """The page's header: the call (or calls) the chat answers about."""
    if not calls:
        return '<header class="cr-header"><h1>callrag</h1><p>No call is indexed.</p></header>'
    first = calls[0]
    more = f' <span class="cr-more-calls">and {len(calls) - 1} more call{"s" if len(calls) > 2 else ""}</span>' \
        if len(calls) > 1 else ""
    return (f'<header class="cr-header"><h1>Ask the earnings call: {escape(first.company)}</h1>'
            f'<p class="cr-callline">{escape(first.heading)}{more}. Ask in English or Chinese; every answer quotes '
            f'management and cites where in the call it comes from.</p></header>')


def viewer_html() -> str:
    """The transcript viewer's panel, hidden until a citation opens it. A call's HTML (``Call.viewer_html``) is
    loaded into it on demand (a library can hold many calls; the page carries none of them up front)."""
    return ('<div id="cr-viewer" class="cr-viewer" aria-label="Transcript viewer" role="region">'
            '<div class="cr-viewer-bar"><a id="cr-back" class="cr-back" href="#chat">← Back to the answer</a> '
            '<button type="button" id="cr-whole" class="cr-whole" aria-pressed="false">Show the whole call</button> '
            '<button type="button" id="cr-close" class="cr-close">Close</button></div>'
            '<div id="cr-calls"></div></div>')


def load_calls(settings) -> list[Call]:
    """The calls the index is built from (the configured corpus first), read-only."""
    from index.build import sources
    from index.corpus import CorpusError, load_corpus

    calls = []
    for path in sources(settings):
        try:
            calls.append(Call.of(load_corpus(path)))
        except CorpusError:  # the index refuses it too; the chat still serves the others
            continue
    return calls
