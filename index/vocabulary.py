"""The Latin words of a call's texts, built when the index is read: what the question's names are checked against
(``rag.grounding.unknown_names``) and what an LLM's sentence may name (``rag.grounding_check``).

>>> v = Vocabulary.from_texts(["Taobao monthly active users grew; Ele.me did well."])
>>> v.mentions("Taobao"), v.mentions("MAU"), v.mentions("Ele.me"), v.mentions("Lazada")
(True, True, True, False)
>>> Vocabulary.from_texts(["as we stepped up"]).mentions("AWS")  # an acronym does not start with a function word
False
>>> Vocabulary.from_texts(["our return on invested capital"]).mentions("ROIC")
True
>>> Vocabulary.union([v, Vocabulary.from_texts(["Lazada"])]).mentions("Lazada")
True
>>> Vocabulary.from_texts(["a Class B share"]).mentions("A&B"), Vocabulary.from_texts(["J&J"]).mentions("J&J")
(False, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from index.script import match_key
from index.tokenize import stem

# A Latin token: letters/digits, joined by inner dots, hyphens, ampersands or plus signs (Ele.me, non-GAAP, H&M).
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.&+\-][A-Za-z0-9]+)*\+?")  # a trailing "+" is part of a name: Disney+, ESPN+
_WORD = re.compile(r"[a-z0-9]+")
# Words an acronym does not begin or end with: "as we stepped" is not AWS, "return on invested capital" is ROIC.
_FUNCTION = frozenset("a an the as we i you he she it they of on in at to for by and or but is are was were be been "
                      "our your their its this that with from so if than then also very just not no".split())


@dataclass(frozen=True)
class Vocabulary:
    """The Latin words of some texts, their stems, and the initials of their runs of words (for acronyms)."""

    words: frozenset[str]
    stems: frozenset[str]
    initials: tuple[str, ...]  # per text: the first letters of its words, in order (upper case: a function word)

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
            initials.append("".join(w[0].upper() if w in _FUNCTION else w[0] for w in parts))
        return cls(frozenset(words), frozenset(stem(w) for w in words), tuple(initials))

    def mentions(self, name: str) -> bool:
        key = match_key(name).lower()
        if key in self.words or ("." in key and key.replace(".", "") in self.words):
            return True  # "U.S." is mentioned as "US"
        parts = _WORD.findall(key)
        if parts and any(len(p) > 1 for p in parts) and all(p in self.words or stem(p) in self.stems for p in parts):
            return True  # (an initialism's letters are no words of it: "A&B" is not mentioned by "a" and "Class B")
        acronym = re.sub(r"s$", "", name) if re.fullmatch(r"[A-Z]{2,}s", name) else name
        if acronym.lower() in self.words:
            return True
        if re.fullmatch(r"[A-Z]{3,}", acronym) is None:
            return False
        pattern = re.compile(f"(?=({acronym.lower()}))", re.IGNORECASE)
        n = len(acronym)
        return any(run[m.start()].islower() and run[m.start() + n - 1].islower()
                   for run in self.initials for m in pattern.finditer(run))
