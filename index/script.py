"""Traditional and Simplified Chinese: normalised for matching, converted for display (OpenCC).

The stored original is never altered: matching compares normalised copies, and display converts a
copy into the script the user writes in.

Example:
    >>> to_simplified("阿里雲的後備方案")
    '阿里云的后备方案'
    >>> detect_script("資本開支計劃是什麼？"), detect_script("资本开支计划是什么？")
    ('traditional', 'simplified')
    >>> match_key("ＡＩ雲  業務")
    'ai云 业务'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

Script = Literal["traditional", "simplified", "neutral"]


@lru_cache(maxsize=None)
def _converter(config: str):
    import opencc  # loaded on first use: the CLI's other commands never pay for it

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text)


def detect_script(text: str) -> Script:
    """Which script a Chinese text is written in: the side with more characters unique to it wins."""
    simplified = to_simplified(text)
    traditional = to_traditional(text)
    trad_only = sum(a != b for a, b in zip(text, simplified))
    simp_only = sum(a != b for a, b in zip(text, traditional))
    if trad_only > simp_only:
        return "traditional"
    if simp_only > trad_only:
        return "simplified"
    return "neutral"


def to_script(text: str, script: Script) -> str:
    """Convert for display; 'neutral' leaves the text as it is."""
    if script == "traditional":
        return to_traditional(text)
    if script == "simplified":
        return to_simplified(text)
    return text


_SPACE = re.compile(r"\s+")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")  # Chinese characters (CJK ideographs)


def detect_language(text: str) -> str:
    """'zh' when the text has Chinese characters and they are not swamped by Latin letters, else 'en'.

    >>> detect_language("What is the capex plan?"), detect_language("资本开支计划是什么？"), detect_language("AI capex 多少")
    ('en', 'zh', 'zh')
    """
    cjk = len(CJK.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "zh" if cjk and cjk >= latin / 4 else "en"


def match_key(text: str) -> str:
    """The form used for matching: width-folded (NFKC), Simplified, case-folded, whitespace collapsed."""
    return _SPACE.sub(" ", to_simplified(unicodedata.normalize("NFKC", text)).casefold()).strip()
