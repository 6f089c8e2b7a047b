"""The grounding check of a generated answer: deterministic rules run on the complete text before anything is shown.

A generated answer is split into sentences. A sentence passes when

- it names at least one citation ``[n]`` and every ``[n]`` it names was given to the model;
- every number in it appears, **by value and kind**, in the sentences of the citations it names (either
  language): digits with separators and decimals, full-width digits, 万/亿/萬/億, thousand/million/billion/bn,
  ``%``/percent/百分之, percentage points (个百分点, pp), number words (three, 三千八百), months (July, 7月),
  ranges (5-6%, 10至20亿: the unit applies to both ends). ``386亿`` is ``38.6 billion``; ``3800万`` is not
  ``3800亿``; ``3 percentage points`` is not ``3%``;
- no company, business or product name in it is absent from those sentences: the glossary's companies,
  businesses and segments (either language and script), and Latin-letter names (rag/grounding.py's rules);
  the call's own company and the cited speakers may always be named;
- it does not claim the call is silent ("not given", 没有给出): that cannot be checked against a citation;
- at least half of its content words (English stems, Chinese character pairs) occur in those sentences: a
  sentence about something else (an echo of the instructions, an invented URL) does not pass for citing [1].

What it does not check: that a figure is attached to the right metric, period or direction ("rose" for "fell"),
currencies, Chinese-character names outside the glossary, or paraphrase of words; docs/architecture.md says so.

Example:
    >>> sources = {1: ("Capex reached RMB 38.6 billion, up 220%.", "资本开支达到386亿元，同比增长220%。")}
    >>> [c.ok for c in check("Capex was RMB 38.6 billion [1]. 资本开支为3860亿元[1]。", sources)]
    [True, False]
    >>> check("Capex rose 220% [2].", sources)[0].reason
    'cites [2], which does not exist'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Mapping, Sequence

from index.script import to_script
from index.numerals import ZH_NUMERAL_CHARS, Number, numbers  # noqa: F401 (Number, numbers: this module's API too)

# ------------------------------------------------------------------------------------------------- the check

_MARKER = re.compile(r"[\[【［]\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*[\]】］]")
_SILENCE = re.compile(
    r"\bnot (?:given|stated|disclosed|mentioned|provided|specified)\b|\bdoes(?: not|n't) (?:give|state|say|disclose|"
    r"mention|provide|specify)\b|\bno (?:information|figure|data|details?)\b|\bnot (?:available|known)\b"
    r"|没有给出|没有提到|没有提及|没有披露|未给出|未提及|未提到|未披露|没有说明|未说明|沒有給出|沒有提到|未提供|没有提供",
    re.IGNORECASE)


# Currency codes and the like: written by a model where a sentence says 人民币 or 元; never a company or product.
_NOT_NAMES = frozenset({"RMB", "USD", "CNY", "HKD", "US", "YOY", "QOQ"})


@dataclass(frozen=True)
class SentenceCheck:
    """One generated sentence, as shown if it passes, whether it passes, and why not."""

    sentence: str
    ok: bool
    reason: str
    cites: tuple[int, ...] = ()

    def to_dict(self) -> dict:
        return {"sentence": self.sentence, "ok": self.ok, "reason": self.reason}


def split_sentences(text: str) -> list[str]:
    """The generated text as sentences, each with the markers that follow it ("X. [1]" counts as "X [1].")."""
    text = unicodedata.normalize("NFKC", text.replace("【", "[").replace("】", "]"))
    text = re.sub(r"\*\*|__|`|^#+\s*", "", text, flags=re.MULTILINE)  # Markdown emphasis and headings
    text = re.sub(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+", "", text, flags=re.MULTILINE)  # list markers ("1." is no figure)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    text = " ".join(line if re.search(r"[.!?。！？]$", line) else line + ("。" if re.search(
        r"[\u3400-\u9fff]", line) else ".") for line in lines)  # a line is a sentence at least
    text = re.sub(r"([.!?。！？])\s*((?:\[\s*\d+(?:\s*[,，、]\s*\d+)*\s*\]\s*)+)", r" \2\1 ", text)
    parts = re.split(r"(?<=[。！？])|(?<=[.!?])\s+(?=\S)", text)
    out = []
    for part in parts:
        part = re.sub(r"\s+([.!?。！？])", r"\1", part).strip()
        if part and re.search(r"\w", part):
            out.append(part)
    return out


def cited(sentence: str) -> tuple[int, ...]:
    out: list[int] = []
    for m in _MARKER.finditer(unicodedata.normalize("NFKC", sentence)):
        for n in re.split(r"\s*[,，、]\s*", m.group(1)):
            if int(n) not in out:
                out.append(int(n))
    return tuple(out)


def check_sentence(sentence: str, sources: Mapping[int, Sequence[str]], glossary=None,
                   allowed_names: Sequence[str] = ()) -> SentenceCheck:
    """Whether one generated sentence is grounded in the sources it cites (``sources``: citation number → the
    sentences given to the model under it, in any languages)."""
    cites = cited(sentence)
    if not cites:
        return SentenceCheck(sentence, False, "no citation [n]", cites)
    missing = [n for n in cites if n not in sources]
    if missing:
        listed = ", ".join(f"[{n}]" for n in missing)
        return SentenceCheck(sentence, False, f"cites {listed}, which does not exist" if len(missing) == 1 else
                             f"cites {listed}, which do not exist", cites)
    if _SILENCE.search(sentence):
        return SentenceCheck(sentence, False, "says the call does not give something: a citation cannot show that",
                             cites)
    evidence = [s for n in cites for s in sources[n]]
    have = {n.key for text in evidence for n in numbers(text)}
    absent = [n for n in numbers(sentence) if n.key not in have]
    if absent:
        listed = ", ".join(dict.fromkeys(f"{n.text} ({n})" if n.text != str(n) else n.text for n in absent))
        where = "".join(f"[{n}]" for n in cites)
        return SentenceCheck(sentence, False, f"number not in {where}: {listed}", cites)
    unknown = unknown_names_in(sentence, evidence, glossary, allowed_names)
    if unknown:
        where = "".join(f"[{n}]" for n in cites)
        return SentenceCheck(sentence, False, f"name not in {where}: {', '.join(unknown)}", cites)
    words = _content(sentence, glossary)
    if len(words) >= 2:
        have = set().union(*(_content(e, glossary) for e in [*evidence, *allowed_names]))
        found = len(words & have)
        if found < MIN_SHARED_WORDS[_language(sentence)] * len(words):
            where = "".join(f"[{n}]" for n in cites)
            return SentenceCheck(sentence, False, f"too few of its words are in {where} ({found} of {len(words)})",
                                 cites)
    return SentenceCheck(sentence, True, "grounded", cites)


# The share of a sentence's content words (English stems; Chinese character pairs, which also straddle words and
# so match less) that must occur in its sources.
MIN_SHARED_WORDS = {"en": 0.5, "zh": 0.4}


def _content(text: str, glossary=None) -> set[str]:
    """Content words: English stems without stop words, pairs of adjacent Chinese characters (Simplified), and the
    glossary's terms (资本开支 and 资本支出 are both capex)."""
    from index.script import match_key
    from index.tokenize import tokenize_en

    key = match_key(_MARKER.sub(" ", unicodedata.normalize("NFKC", text)))
    out = set(tokenize_en(re.sub(r"[\u3400-\u9fff]", " ", key)))
    for run in re.findall(r"[\u3400-\u9fff]+", key):
        out.update(run[i:i + 2] for i in range(len(run) - 1)
                   if not any(ch in ZH_NUMERAL_CHARS for ch in run[i:i + 2]))
    if glossary is not None:
        out.update(f"<{t}>" for t in glossary.find(text))
    return {w for w in out if not re.fullmatch(r"[\d.,]+", w)}


def unknown_names_in(sentence: str, evidence: Sequence[str], glossary=None,
                     allowed_names: Sequence[str] = ()) -> list[str]:
    """Companies, businesses, segments (glossary) and Latin-letter names of ``sentence`` that ``evidence`` and the
    allowed names never mention."""
    from rag.grounding import Vocabulary, names

    text = _MARKER.sub(" ", unicodedata.normalize("NFKC", sentence))
    out: list[str] = []
    if glossary is not None:
        have = set(glossary.find(" ".join([*evidence, *allowed_names])))
        for tid in glossary.find(text):
            term = glossary.term(tid)
            if term.kind in ("company", "business", "segment") and tid not in have:
                out.append(term.en[0])
    vocabulary = Vocabulary.from_texts([*evidence, *allowed_names])
    for name in names(text):
        tokens = re.findall(r"[A-Za-z0-9]+(?:[.&+\-][A-Za-z0-9]+)*", name)
        tokens = [t for t in tokens if t.upper() not in _NOT_NAMES]
        if not all(vocabulary.mentions(t) for t in tokens) and name not in out:
            out.append(name)
    return out


def check(text: str, sources: Mapping[int, Sequence[str]], glossary=None, allowed_names: Sequence[str] = (),
          script: str = "neutral", language: str | None = None) -> list[SentenceCheck]:
    """Every sentence of a generated answer, checked (in order). Chinese is shown in the user's ``script``; with
    ``language``, a sentence in the other language fails too."""
    out = []
    for sentence in split_sentences(text):
        if script in ("simplified", "traditional"):
            sentence = to_script(sentence, script)
        result = check_sentence(sentence, sources, glossary, allowed_names)
        if result.ok and language and _language(sentence) != language:
            result = SentenceCheck(sentence, False, "not in the language of the question", result.cites)
        out.append(result)
    return out


def _language(sentence: str) -> str:
    text = _MARKER.sub("", sentence)
    han = len(re.findall(r"[\u3400-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "zh" if han * 3 >= latin else "en"
