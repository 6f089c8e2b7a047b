"""Figures in Chinese and English text, normalised to exact values so a translation can be checked.

Chinese: Arabic digits with thousands separators and decimals, the units 萬/万 (10^4), 億/亿 (10^8),
萬億/万亿 (10^12), 千 and 百 after digits, and percentages (% or ％). English: digits with
separators and decimals, thousand/million/billion/trillion (and bn/mn), percent, and capitalised
month names (a Chinese ``7月`` is ``July``). Figures spelled out in words (三年, three years) are
not figures here. Values are Decimals, so 333.98億 equals 33.398 billion exactly.

Example:
    >>> [str(f) for f in figures("資本支出達到386億人民幣,增長26%", "zh")]
    ['38600000000', '26%']
    >>> [str(f) for f in figures("capex reached RMB 38.6 billion, up 26%", "en")]
    ['38600000000', '26%']
    >>> missing_figures("未來三年投資3800億", "invest RMB 38 billion over three years", "zh")
    [Figure(value=Decimal('380000000000'), percent=False, text='3800億')]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

_NUMBER = r"(?P<int>\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.(?P<frac>\d+))?"
_ZH = re.compile(_NUMBER + r"\s*(?P<unit>萬億|万亿|萬|万|億|亿|千|百)?\s*(?P<pct>%)?")
_EN = re.compile(
    _NUMBER + r"(?:\s*(?P<unit>trillion|billion|million|thousand|bn|mn|tn)\b)?\s*(?P<pct>%|percent\b|per cent\b)?",
    re.IGNORECASE,
)
_MONTHS = "January February March April May June July August September October November December".split()
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b")
_ZH_UNITS = {"萬億": 10**12, "万亿": 10**12, "萬": 10**4, "万": 10**4, "億": 10**8, "亿": 10**8, "千": 1000, "百": 100}
_EN_UNITS = {"trillion": 10**12, "tn": 10**12, "billion": 10**9, "bn": 10**9, "million": 10**6, "mn": 10**6, "thousand": 1000}


@dataclass(frozen=True)
class Figure:
    value: Decimal
    percent: bool
    text: str

    def __str__(self) -> str:
        return f"{_plain(self.value)}{'%' if self.percent else ''}"

    @property
    def key(self) -> tuple[Decimal, bool]:
        return (self.value.normalize(), self.percent)


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _value(m: re.Match, units: dict[str, int]) -> Decimal:
    number = Decimal(m.group("int").replace(",", "") + ("." + m.group("frac") if m.group("frac") else ""))
    unit = m.group("unit")
    return number * units[unit.lower() if unit and unit.isascii() else unit] if unit else number


def figures(text: str, lang: str) -> list[Figure]:
    """Every figure in ``text`` ('zh' or 'en' rules), in order of appearance."""
    text = unicodedata.normalize("NFKC", text)
    if lang == "zh":
        return [Figure(_value(m, _ZH_UNITS), bool(m.group("pct")), m.group(0).strip()) for m in _ZH.finditer(text)]
    found = [(m.start(), Figure(_value(m, _EN_UNITS), bool(m.group("pct")), m.group(0).strip())) for m in _EN.finditer(text)]
    found += [(m.start(), Figure(Decimal(_MONTHS.index(m.group(1)) + 1), False, m.group(1))) for m in _MONTH.finditer(text)]
    return [f for _, f in sorted(found, key=lambda x: x[0])]


def missing_figures(original: str, translation: str, original_lang: str) -> list[Figure]:
    """Figures of ``original`` whose value does not occur in ``translation`` (empty when all are there)."""
    other = "en" if original_lang == "zh" else "zh"
    have = {f.key for f in figures(translation, other)}
    return [f for f in figures(original, original_lang) if f.key not in have]
