"""The bilingual glossary (``data/glossary.json``): financial terms, segments and businesses in English and
Chinese, found in a text as term ids. Question analysis reads it to know what a question asks about; answer
composition reads it to know what a sentence states; the corpus tests read it to check renderings.

Matching: English terms as whole words, case-insensitive, except short acronyms (``UE``, ``CMR``), which must be
written in capitals; Chinese terms as substrings of the Simplified, width-folded text. The longest term wins
where two overlap ("total revenue" is ``total_revenue``, not also ``revenue``).

Example:
    >>> g = load_glossary()
    >>> g.find("What was total revenue and the cloud margin?")
    ('total_revenue', 'cloud', 'margin')
    >>> g.find("本季度資本開支是多少？"), g.find("due to the take rate")
    (('capex',), ('take_rate',))
    >>> g.term("free_cash_flow").label("zh")
    '自由现金流'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.errors import CallragError
from index.script import match_key

PATH = Path(__file__).resolve().parent.parent / "data" / "glossary.json"
FORMAT = "callrag-glossary/1"
ANSWERS = ("", "money", "percent", "count", "date", "person", "reason", "plan", "yesno", "other")
KINDS = ("metric", "segment", "business", "company")
LEVELS = ("", "company")
# The unit a metric's figure is always given in: a leverage ratio is a multiple ("4.5x", "3.5 times"), so a sentence
# counting trains or years does not state it (rag.facts.UNITS names the forms).
FIGURE_UNITS = ("", "multiple")


class GlossaryError(ValueError, CallragError):
    """A glossary file that does not follow the format."""


@dataclass(frozen=True)
class Term:
    id: str
    kind: str  # metric | segment | business
    en: tuple[str, ...]  # en[0] is the house rendering
    zh: tuple[str, ...]
    answer: str = ""  # the answer type a bare question about a metric expects (money, percent, count ...)
    broader: str = ""  # a more general term this one is a kind of (cmr -> revenue)
    level: str = ""  # "company": reported for the whole company only (net income, free cash flow, buybacks)
    unit: str = ""  # the unit its figure is always given in (FIGURE_UNITS): "multiple" for a leverage ratio

    def label(self, lang: str) -> str:
        return (self.zh if lang == "zh" else self.en)[0]


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]

    def __post_init__(self) -> None:
        patterns = []
        for t in self.terms:
            for form in t.en:
                patterns.append((len(form), t.id, _en_pattern(form)))
            for form in t.zh:  # a Latin form listed under zh (EBITA, UE) is matched as a word, like English
                rx = _en_pattern(form) if form.isascii() else re.compile(re.escape(match_key(form)))
                patterns.append((len(form) * (1 if form.isascii() else 2), t.id, rx))
        patterns.sort(key=lambda p: -p[0])
        object.__setattr__(self, "_patterns", tuple((tid, rx) for _, tid, rx in patterns))
        object.__setattr__(self, "_by_id", {t.id: t for t in self.terms})

    def term(self, term_id: str) -> Term:
        return self._by_id[term_id]

    def find(self, text: str) -> tuple[str, ...]:
        """The term ids in ``text`` (either language), in order of first appearance, longest match first."""
        out: list[str] = []
        for _, _, tid in self._spans(text):
            if tid not in out:
                out.append(tid)
        return tuple(out)

    def strip(self, text: str) -> str:
        """``text`` (as ``match_key`` folds it) with every term found in it blanked out: what a name says besides
        the glossary's terms.

        >>> load_glossary().strip("Precision Ag free cash flow")
        'precision ag  '
        """
        key = match_key(text)
        for a, b, _ in sorted(self._spans(text), reverse=True):
            key = key[:a] + " " + key[b:]
        return key

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, term id)`` of each term found in ``match_key(text)``, in order (a longer form wins an overlap)."""
        return self._spans(text)

    def _spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, term id) of each match in ``match_key(text)``, in order; a longer form wins an overlap."""
        key_text = match_key(text)
        cased_text = _cased_key(text)
        taken: list[tuple[int, int]] = []
        found: list[tuple[int, int, str]] = []
        for tid, rx in self._patterns:
            haystack = cased_text if rx.flags & _CASED else key_text
            for m in rx.finditer(haystack):
                a, b = m.span()
                if any(a < y and x < b for x, y in taken):
                    continue
                taken.append((a, b))
                found.append((a, b, tid))
        return sorted(found)

    def is_a(self, term_id: str, other: str) -> bool:
        """``term_id`` is ``other`` or a narrower term of it (cmr is a revenue)."""
        seen = set()
        while term_id and term_id not in seen:
            if term_id == other:
                return True
            seen.add(term_id)
            term_id = self._by_id[term_id].broader if term_id in self._by_id else ""
        return False


_CASED = 1 << 30  # a private flag bit marking patterns matched against the text as written (acronyms)


def _cased_key(text: str) -> str:
    """``match_key`` without case-folding (same offsets for the texts here), for acronyms."""
    import unicodedata

    from index.script import to_simplified

    return re.sub(r"\s+", " ", to_simplified(unicodedata.normalize("NFKC", text))).strip()


def _en_pattern(form: str) -> re.Pattern:
    if re.fullmatch(r"[A-Z0-9]{2,4}s?", form):  # a short acronym: capitals as written, whole word
        rx = re.compile(rf"(?<![A-Za-z0-9]){re.escape(form)}(?![A-Za-z0-9])")
        return _Cased(rx)
    words = r"[\s\-]+".join(re.escape(match_key(w)) for w in form.split())
    return re.compile(rf"(?<![a-z0-9]){words}(?![a-z0-9])")


class _Cased:
    """A compiled pattern that ``Glossary.find`` runs on the text as written (not case-folded)."""

    def __init__(self, rx: re.Pattern):
        self.rx, self.flags = rx, _CASED

    def finditer(self, text: str):
        return self.rx.finditer(text)


def parse_glossary(data: dict, where: str = "glossary") -> Glossary:
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("terms"), list):
        raise GlossaryError(f"{where}: expected an object with \"format\": \"{FORMAT}\" and a \"terms\" list")
    terms, seen = [], set()
    for i, t in enumerate(data["terms"]):
        at = f"{where}: terms[{i}]"
        if not isinstance(t, dict) or not isinstance(t.get("id"), str) or not t["id"]:
            raise GlossaryError(f"{at}: each term needs a non-empty string 'id'")
        if t["id"] in seen:
            raise GlossaryError(f"{at}: duplicate id {t['id']!r}")
        seen.add(t["id"])
        if t.get("kind") not in KINDS:
            raise GlossaryError(f"{at} ({t['id']}): 'kind' must be one of {', '.join(KINDS)}")
        for lang in ("en", "zh"):
            forms = t.get(lang)
            if not isinstance(forms, list) or not forms or not all(isinstance(f, str) and f.strip() for f in forms):
                raise GlossaryError(f"{at} ({t['id']}): '{lang}' must be a non-empty list of non-empty strings")
        if t.get("answer", "") not in ANSWERS:
            raise GlossaryError(f"{at} ({t['id']}): 'answer' must be one of {', '.join(a for a in ANSWERS if a)}")
        if t.get("level", "") not in LEVELS:
            raise GlossaryError(f"{at} ({t['id']}): 'level' must be \"company\" or left out")
        if t.get("unit", "") not in FIGURE_UNITS:
            raise GlossaryError(f"{at} ({t['id']}): 'unit' must be one of {', '.join(u for u in FIGURE_UNITS if u)} or left out")
        terms.append(Term(t["id"], t["kind"], tuple(t["en"]), tuple(t["zh"]), t.get("answer", ""),
                          t.get("broader", ""), t.get("level", ""), t.get("unit", "")))
    unknown = [t.broader for t in terms if t.broader and t.broader not in seen]
    if unknown:
        raise GlossaryError(f"{where}: 'broader' names unknown term(s) {', '.join(unknown)}")
    return Glossary(tuple(terms))


@lru_cache(maxsize=4)
def load_glossary(path: Path = PATH) -> Glossary:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GlossaryError(f"{path}: no glossary file") from None
    except ValueError as exc:
        raise GlossaryError(f"{path}: not valid JSON ({exc})") from None
    return parse_glossary(data, str(path))
