"""Traditional and Simplified Chinese: normalised for matching, converted for display (OpenCC).

The stored original is never altered: matching compares normalised copies, and display converts a
copy into the script the user writes in.

Both directions convert phrase by phrase (OpenCC's phrase dictionaries choose between one-to-many
characters: 隨著 → 随着, 顯著 stays 显著):

- Simplified: OpenCC ``tw2s``, Traditional as written in Taiwan (著 for 着, as the transcript writes it) to
  Simplified. The transcript mixes in Simplified characters; 么 is one (餓了么), which ``tw2s`` would read as
  the Taiwan variant of 幺, so 么 is kept as it is.
- Traditional: the Taiwan standard (OpenCC ``s2tw``), applied to the Simplified form above so that the
  transcript's mixed characters (云, 后, 凈) come out in one standard, then a few corrections of OpenCC phrase
  entries that misfire in earnings-call language (``TRADITIONAL_FIXES``).

tests/test_script_purity.py converts every sentence of the bundled call both ways and checks, with OpenCC's
own character dictionaries, that no character of the other script is left.

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


SIMPLIFIED_CONFIG = "tw2s"  # Traditional (Taiwan standard) -> Simplified, with phrases
TRADITIONAL_CONFIG = "s2tw"  # Simplified -> Traditional (Taiwan standard), with phrases
KEPT_IN_SIMPLIFIED = "么"  # a Simplified character of the transcript that tw2s would turn into 幺

# Corrections applied after s2tw: OpenCC phrase entries that misfire here. (pattern, replacement, why)
TRADITIONAL_FIXES: tuple[tuple[str, str, str], ...] = (
    (r"(?<=[公私]有)云|云(?=為)", "雲",
     "OpenCC's phrases 有云 ('it is said') and 云为 ('words and deeds') keep cloud's 云 in 公有云, 云为"),
    (r"合作伙伴", "合作夥伴", "OpenCC keeps 伙 in 合作伙伴; the Taiwan standard writes 夥伴"),
    (r"(?<![合吞兼])併(?=產生|為)", "並", "OpenCC's phrases 并产/并为 (merge) misread 并 'and' before 產生/為"),
)


def to_simplified(text: str) -> str:
    convert = _converter(SIMPLIFIED_CONFIG).convert
    return KEPT_IN_SIMPLIFIED.join(convert(piece) for piece in text.split(KEPT_IN_SIMPLIFIED))


def to_traditional(text: str) -> str:
    out = _converter(TRADITIONAL_CONFIG).convert(to_simplified(text))
    for pattern, replacement, _why in TRADITIONAL_FIXES:
        out = re.sub(pattern, replacement, out)
    return out


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
