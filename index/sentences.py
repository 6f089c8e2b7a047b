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


def split_sentences(text: str, lang: str) -> list[str]:
    """Split a paragraph into sentences; ``"".join(result) == text`` always holds."""
    if lang == "zh":
        cuts = [m.end() for m in _ZH_END.finditer(text)]
    else:
        cuts = [m.end() for m in _EN_END.finditer(text) if not _EN_ABBREV.search(text[: m.start() + 1])]
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
