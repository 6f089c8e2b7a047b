"""Numbers by value in English and Chinese text: digits with separators and decimals, full-width digits, 万/亿/萬/億,
thousand/million/billion/bn, ``%``/percent/百分之, percentage points (个百分点, pp), number words (three, 三千八百),
months (July, 7月), ranges (5-6%, 10至20亿: the unit applies to both ends). ``386亿`` is ``38.6 billion``.

The one number reader of the project. Used by the translation check (index/figures.py, which keeps the figures
written in digits), by the grounding check of generated answers (rag/grounding_check.py) and by the pipeline, which
does not decline as a weak match a question quoting a figure the call states (rag/pipeline.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_ZH_UNITS = {"万亿": 10**12, "萬億": 10**12, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "千": 1000,
             "百": 100}
_EN_UNITS = {"trillion": 10**12, "tn": 10**12, "billion": 10**9, "bn": 10**9, "b": 10**9, "million": 10**6,
             "mn": 10**6, "m": 10**6, "thousand": 1000, "k": 1000}
_EN_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                         "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_EN_WORDS.update({w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(),
                                                   start=2)})
_EN_SCALE = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_MONTHS = "january february march april may june july august september october november december".split()

_NUM = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
_ZH_NUM = r"[零〇一二两兩三四五六七八九十百千万萬亿億]+"
_UNIT = (r"(?P<unit{i}>万亿|萬億|万|萬|亿|億|千|百|\s*(?:trillion|billion|million|thousand|tn|bn|mn|b|m|k)"
         r"(?![A-Za-z]))")
_KIND = (r"(?P<kind{i}>\s*(?:%|percent(?:age points?)?|per cent|pp|pts|percentage points?|个百分点|個百分點|百分点|"
         r"百分點)(?![A-Za-z]))?")


def _side(i: int) -> str:
    return (rf"(?P<pre{i}>百分之)?(?P<n{i}>{_NUM}|{_ZH_NUM}|(?:(?:{'|'.join(sorted(_EN_WORDS, key=len, reverse=True))}"
            rf"|a|hundred|thousand|million|billion|trillion)\b(?:[\s-]+(?:and\s+)?)?)+)"
            rf"(?:{_UNIT.format(i=i)})?{_KIND.format(i=i)}")


_RANGE_SEP = r"\s*(?:-|–|—|~|～|〜|至|到|to)\s*"
_NUMBER = re.compile(rf"(?:(?<=FY)|(?<![A-Za-z0-9.])){_side(1)}(?:{_RANGE_SEP}{_side(2)})?", re.IGNORECASE)
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b", re.IGNORECASE)
_ZH_MONTH = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})月")


@dataclass(frozen=True)
class Number:
    """A number by value: ``kind`` is plain, percent, points (percentage points) or month; ``spelled`` when it is
    written in words (three, 三千八百) or is a month's name, not in digits."""

    value: Decimal
    kind: str
    text: str
    spelled: bool = False

    def __str__(self) -> str:
        if self.kind == "month":
            return f"month {int(self.value)}"
        suffix = {"percent": "%", "points": " pp"}.get(self.kind, "")
        return f"{format(self.value.normalize(), 'f')}{suffix}"

    @property
    def key(self) -> tuple[Decimal, str]:
        return (self.value.normalize(), self.kind)


def _zh_value(text: str) -> Decimal | None:
    """三千八百亿 → 380000000000; 十五 → 15; None when it is not a numeral (a lone 千 in 千问)."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        elif ch in _ZH_SMALL:
            section += (1 if digit is None else digit) * _ZH_SMALL[ch]
            digit = None
        elif ch in _ZH_BIG:
            section += digit or 0
            total = (total + section) * _ZH_BIG[ch] if ch in "亿億" else total + section * _ZH_BIG[ch]
            section, digit = 0, None
        else:
            return None
    return Decimal(total + section + (digit or 0))


def _en_value(text: str) -> Decimal | None:
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w and w != "and"]
    total, current, seen = 0, 0, False
    for w in words:
        if w in _EN_WORDS:
            current += _EN_WORDS[w]
            seen = True
        elif w == "a":
            current += 1
        elif w == "hundred":
            current = (current or 1) * 100
            seen = True
        elif w in _EN_SCALE:
            total += (current or 1) * _EN_SCALE[w]
            current, seen = 0, True
        else:
            return None
    return Decimal(total + current) if seen else None


def _is_zh_numeral(text: str) -> bool:
    """A run of Chinese numeral characters that is a number, not a word: 三千八百, 两, 十五; not a lone 一 (一些), 十
    (十分), 千 (千问), 万 or 亿."""
    if not any(ch in _ZH_DIGITS or ch in _ZH_SMALL for ch in text):
        return False
    return len(text) >= 2 or text not in "一十千百万萬亿億零〇"


def numbers(text: str) -> list[Number]:
    """Every number in ``text`` (English, Chinese or both), by value, in order of appearance.

    >>> [str(n) for n in numbers("资本开支3800亿，增长26%，利润率提升3个百分点")]
    ['380000000000', '26%', '3 pp']
    >>> [str(n) for n in numbers("RMB 380 billion, 5-6% growth, three hundred million users in July")]
    ['380000000000', '5%', '6%', '300000000', 'month 7']
    >>> [str(n) for n in numbers("未来三年投资３８００亿，百分之二十六，7月")]
    ['3', '380000000000', '26%', 'month 7']
    """
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\[\d+(?:\s*,\s*\d+)*\]", " ", text)  # citation markers are not numbers
    found: list[tuple[int, Number]] = []
    taken: list[tuple[int, int]] = []
    for m in _ZH_MONTH.finditer(text):
        value = Decimal(m.group(1)) if m.group(1).isdigit() else _zh_value(m.group(1))
        if value is not None and 1 <= value <= 12:
            found.append((m.start(), Number(value, "month", m.group(0), not m.group(1).isdigit())))
            taken.append(m.span())
    for m in _MONTH.finditer(text):
        if m.group(1).lower() == "may" and not m.group(1)[0].isupper():
            continue  # the verb "may"
        found.append((m.start(), Number(Decimal(_MONTHS.index(m.group(1).lower()) + 1), "month", m.group(1), True)))
        taken.append(m.span())
    for m in _NUMBER.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        sides = []
        for i in (1, 2):
            raw = m.group(f"n{i}")
            if raw is None:
                continue
            value = _number_value(raw.strip())
            if value is None:
                continue
            unit = (m.group(f"unit{i}") or "").strip()
            kind_text = (m.group(f"kind{i}") or "").strip().lower()
            kind = "percent" if kind_text in ("%", "percent", "per cent") or m.group(f"pre{i}") else \
                "points" if kind_text else "plain"
            sides.append([value, unit, kind, raw])
        if not sides:
            continue
        if len(sides) == 2:  # a range: the unit and kind of one end apply to a bare other end (5-6%, 10至20亿)
            (v1, u1, k1, r1), (v2, u2, k2, r2) = sides
            if not u1 and k1 == "plain":
                sides[0][1], sides[0][2] = u2, k2
            if not u2 and k2 == "plain":
                sides[1][1], sides[1][2] = u1, k1
        for value, unit, kind, raw in sides:
            if unit:
                scale = _ZH_UNITS.get(unit) or _EN_UNITS.get(unit.lower())
                if unit.lower() in ("b", "m", "k") and not re.fullmatch(_NUM, raw):
                    scale = None  # "three m..." is not a unit
                if scale:
                    value *= scale
            found.append((m.start(), Number(value, kind, m.group(0).strip(), not re.fullmatch(_NUM, raw.strip()))))
    return [n for _, n in sorted(found, key=lambda x: x[0])]


def _number_value(raw: str) -> Decimal | None:
    if re.fullmatch(_NUM, raw):
        try:
            return Decimal(raw.replace(",", ""))
        except InvalidOperation:
            return None
    if re.fullmatch(_ZH_NUM, raw):
        return _zh_value(raw) if _is_zh_numeral(raw) else None
    words = [w for w in re.split(r"[\s-]+", raw.lower()) if w and w != "and"]
    if not words or all(w in ("a", "one") for w in words):
        return None  # "a", "one" alone are not figures ("the one that", "a plan")
    if all(w in _EN_SCALE or w == "a" for w in words):
        return None  # "hundreds"/"billion" alone without a count
    return _en_value(raw)


# Every character of a Chinese numeral (一, 十, 万 …): the grounding check's content words leave them out.
ZH_NUMERAL_CHARS = frozenset(_ZH_DIGITS) | frozenset(_ZH_SMALL) | frozenset(_ZH_BIG)
