"""Figures written in digits, in Chinese and English text, normalised to exact values so a translation can be
checked: the translation check's policy over the project's one number reader (index/numerals.py).

A figure is a number written in digits, with its unit (萬/万, 億/亿, 萬億/万亿, 千, 百; thousand, million,
billion, trillion, bn, mn) and whether it is a percentage, or a month (``7月`` is ``July``). Figures spelled out in
words (三年, three years) are not figures here: a translation may write them either way. Percentage points
count as plain numbers, as months do, so "7、8月份" and "July and August" carry the same figures. Values are
Decimals, so 333.98億 equals 33.398 billion exactly.

Example:
    >>> [str(f) for f in figures("資本支出達到386億人民幣,增長26%")]
    ['38600000000', '26%']
    >>> [str(f) for f in figures("capex reached RMB 38.6 billion, up 26%")]
    ['38600000000', '26%']
    >>> missing_figures("未來三年投資3800億", "invest RMB 38 billion over three years")
    [Figure(value=Decimal('380000000000'), percent=False, text='3800億')]
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from index.numerals import numbers


@dataclass(frozen=True)
class Figure:
    value: Decimal
    percent: bool
    text: str

    def __str__(self) -> str:
        return f"{format(self.value.normalize(), 'f')}{'%' if self.percent else ''}"

    @property
    def key(self) -> tuple[Decimal, bool]:
        return (self.value.normalize(), self.percent)


def figures(text: str) -> list[Figure]:
    """Every figure in ``text`` (Chinese, English or both), in order of appearance."""
    return [Figure(n.value, n.kind == "percent", n.text) for n in numbers(text)
            if not n.spelled or n.kind == "month"]


def missing_figures(original: str, translation: str) -> list[Figure]:
    """Figures of ``original`` whose value does not occur in ``translation`` (empty when all are there)."""
    have = {f.key for f in figures(translation)}
    return [f for f in figures(original) if f.key not in have]
