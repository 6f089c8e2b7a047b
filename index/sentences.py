"""Sentence splitting that never alters the text: the pieces join back to the input exactly.

Example:
    >>> split_sentences("本季度,我們實現了穩健增長。我們核心業務的營收增長保持強勁。", "zh")
    ['本季度,我們實現了穩健增長。', '我們核心業務的營收增長保持強勁。']
    >>> split_sentences("Revenue grew 26%. Margins held at 8.8%.", "en")
    ['Revenue grew 26%. ', 'Margins held at 8.8%.']
"""

from __future__ import annotations

import re

# Chinese: a sentence ends at 。！？!? (or an ellipsis), with any closing quotes or brackets after it.
_ZH_END = re.compile(r"(?:[。！？!?]+|……)[”’」』）)》\"']*")
# English: . ! ? followed by space and a capital, digit or opening quote; not after common abbreviations.
_EN_END = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
# An abbreviation, or an initial ("E. Scott", "A.J. Rice", "W.R. Berkley"; not the "A." of "Q&A." or "M&A.").
_EN_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Inc|Ltd|Co|Corp|vs|etc|e\.g|i\.e|No|St|U\.S"
                        r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|(?:(?<![^\s(\"'])|(?<=[A-Z]\.))[A-Z])\.$")


# An abbreviation that ends a sentence when the next word only ever opens one ("… growth in the U.S. And we …",
# "… our stores in the U.S. We also …"); not a title or an initial ("Dr. So" is a name). Over the 1,380 shared calls
# "U.S." is followed by "And", "We", "So" 140 times, and by names ("U.S. Steel", "U.S. Army") as often.
_ENDS_SENTENCE_ABBREV = re.compile(r"\b(?:U\.S|Inc|Ltd|Co|Corp|etc)\.$")
_OPENS_SENTENCE = re.compile(r"(?:And|We|So|The|It|But|As|This|There|In|If|That|Our|What|I|You|They|These|Those|Now|"
                             r"Then|Also|However|Overall|Turning|Moving|Let|Let's|Yes|And,|So,)\s")


def _abbreviation(text: str, stop: int, end: int) -> bool:
    """Whether the full stop at ``stop`` belongs to an abbreviation (``end``: where the next sentence would start)."""
    before = text[: stop + 1]
    if not _EN_ABBREV.search(before):
        return False
    return not (_ENDS_SENTENCE_ABBREV.search(before) and _OPENS_SENTENCE.match(text, end))


def split_sentences(text: str, lang: str) -> list[str]:
    """Split a paragraph into sentences; ``"".join(result) == text`` always holds.

    >>> split_sentences("Sales rose in the U.S. We also grew in U.S. Steel markets.", "en")
    ['Sales rose in the U.S. ', 'We also grew in U.S. Steel markets.']
    """
    if lang == "zh":
        cuts = [m.end() for m in _ZH_END.finditer(text)]
    else:
        cuts = [m.end() for m in _EN_END.finditer(text) if not _abbreviation(text, m.start(), m.end())]
    pieces, start = [], 0
    for cut in cuts:
        if cut > start and text[start:cut].strip():
            pieces.append(text[start:cut])
            start = cut
    tail = text[start:]
    if tail.strip() or not pieces:
        pieces.append(tail)
    else:
        pieces[-1] += tail
    return pieces
