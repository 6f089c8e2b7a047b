"""The Latin words of a call's texts, built when the index is read: what the question's names are checked against
(``rag.grounding.unknown_names``) and what an LLM's sentence may name (``rag.grounding_check``).

>>> v = Vocabulary.from_texts(["Taobao monthly active users grew; Ele.me did well."])
>>> v.mentions("Taobao"), v.mentions("MAU"), v.mentions("Ele.me"), v.mentions("Lazada")
(True, True, True, False)
>>> Vocabulary.union([v, Vocabulary.from_texts(["Lazada"])]).mentions("Lazada")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from index.script import match_key
from index.tokenize import stem

# A Latin token: letters/digits, joined by inner dots, hyphens, ampersands or plus signs (Ele.me, non-GAAP, H&M).
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.&+\-][A-Za-z0-9]+)*")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Vocabulary:
    """The Latin words of some texts, their stems, and the initials of their runs of words (for acronyms)."""

    words: frozenset[str]
    stems: frozenset[str]
    initials: tuple[str, ...]  # per text: the first letters of its words, in order

    @classmethod
    def union(cls, parts: "Iterable[Vocabulary]") -> "Vocabulary":
        """The vocabulary of all the parts' texts, without re-reading them."""
        parts = list(parts)
        return cls(frozenset().union(*(v.words for v in parts)), frozenset().union(*(v.stems for v in parts)),
                   tuple(i for v in parts for i in v.initials))

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "Vocabulary":
        words: set[str] = set()
        initials = []
        for text in texts:
            key = match_key(text)
            words.update(t.lower() for t in _TOKEN.findall(key))
            parts = _WORD.findall(key)
            words.update(parts)
            initials.append("".join(w[0] for w in parts))
        return cls(frozenset(words), frozenset(stem(w) for w in words), tuple(initials))

    def mentions(self, name: str) -> bool:
        key = match_key(name).lower()
        if key in self.words:
            return True
        parts = _WORD.findall(key)
        if parts and all(p in self.words or stem(p) in self.stems for p in parts):
            return True
        acronym = re.sub(r"s$", "", name) if re.fullmatch(r"[A-Z]{2,}s", name) else name
        if acronym.lower() in self.words:
            return True
        return (re.fullmatch(r"[A-Z]{3,}", acronym) is not None
                and any(acronym.lower() in run for run in self.initials))
