"""The figure an answer leads with, in Chinese, above the English original it comes from, and checked.

No translation model runs offline, so a Chinese question answered from an English-only call quotes the English
original (``以下为英文原文：``). When the lead states the figure asked (``compose.states``) and holds exactly one figure
of the asked kind (an amount in a currency named here, possibly per share, or a percentage), the answer opens with
that figure in Chinese units, with "约" for "approximately" and the direction of a change ("decreased 7.8%" is
下降7.8%), the lead's citation, and the English words it is read from:

    要点（据英文原文[1]）：约17亿美元（approximately $1.7 billion）

It names the figure, not what it is of: the question's subject and period are the user's words, and a sentence that
states them may still qualify them ("COVID-19 response-related revenue", "for the full year"), which only the
English sentence quoted under it says. The Chinese figure is read back with the project's one number reader
(index/numerals.py) and must have the English figure's value, or no gist is given. Anything else (two figures, a
range, a unit this module does not know, a count, a question asking two metrics) gives none: the English original alone is better than a figure
that might be wrong.

Example:
    >>> gist_figure("For full year 2021, we now estimate capital spending of approximately $1.7 billion.", "money")
    ('约17亿美元', 'approximately $1.7 billion')
    >>> gist_figure("The domestic gross profit rate decreased 60 basis points to 23.4%.", "percent")
    ('23.4%', '23.4%')
    >>> gist_figure("In our International segment, revenue decreased 7.8% to $925 million.", "percent")
    ('下降7.8%', 'decreased 7.8%')
    >>> gist_figure("We continue to expect this year's annual effective tax rate to be in the mid 20% range.", "percent")
    ('', '')
    >>> gist_figure("We earned $7.28 per diluted share.", "money"), gist_figure("Sales were $1.2 billion to $1.3 billion.", "money")
    (('每股7.28美元', '$7.28 per diluted share'), ('', ''))
"""

from __future__ import annotations

import re
from decimal import Decimal

from index.figures import figures
from index.numerals import numbers
from index.script import to_script

GIST = True
_CURRENCIES = (("us$", "美元"), ("hk$", "港元"), ("c$", "加元"), ("a$", "澳元"), ("$", "美元"), ("usd", "美元"),
               ("€", "欧元"), ("eur", "欧元"), ("£", "英镑"), ("gbp", "英镑"), ("rmb", "元人民币"), ("¥", "日元"))
_APPROX = re.compile(r"\b(?:approximately|about|around|roughly|nearly|almost|close to|some|~)\s*$")
_MORE = re.compile(r"\b(?:more than|over|above|in excess of|north of)\s*$")
_DOWN = re.compile(r"\b(?:decreased?|declined?|down|fell|lower|dropped|drop|reduced|decline of|decrease of)\b[^.,;]{0,20}$")
_UP = re.compile(r"\b(?:increased?|grew|growth of|up|rose|higher|gained?|improved?)\b[^.,;]{0,20}$")
_BAND = re.compile(r"\b(?:low|mid|middle|high|upper|lower)[- ]?$")  # "mid 20%", "low-$2 billion": a band
# the upper end of a range whose lower end has no currency sign: "between 50 and $70 million" (34th review, Oceaneering)
_RANGE_END = re.compile(r"\d[\d.,]*\s?(?:million|billion|thousand|m|bn|k)?\s?(?:and|to|-|–|—)\s*$")
_PER_SHARE = re.compile(r"^\s*(?:a|per) (?:diluted |basic |common )?share\b")
_PER_OTHER = re.compile(r"^\s*(?:(?:a|per) |/ ?)[a-z]")


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _chinese_amount(value: Decimal) -> str:
    if value >= Decimal(10) ** 8:
        return f"{_plain(value / Decimal(10) ** 8)}亿"
    if value >= Decimal(10) ** 4:
        return f"{_plain(value / Decimal(10) ** 4)}万"
    return _plain(value)


def gist_figure(sentence: str, kind: str, forms: tuple[str, ...] = (), quoted: tuple[Decimal, ...] = ()) -> tuple[str, str]:
    """The one figure of ``kind`` ("money" or "percent") in an English sentence, in Chinese ("约17亿美元", "下降7.8%"),
    and the English words it is read from; ("", "") when there is not exactly one or it cannot be said exactly.
    Given the English ``forms`` of the metric asked, the figure must sit next to one of them (in its clause, before it,
    or just after it); a figure the question itself ``quoted`` is no answer ("12亿美元的回购承诺还剩多少" is not
    answered by "$1.2 billion")."""
    key = sentence.lower()
    found = []
    for n in numbers(sentence):
        if n.spelled or n.kind == "month":
            continue
        at = key.find(n.text.lower())
        if at < 0:
            continue
        before, after = key[max(0, at - 40):at], key[at + len(n.text):]
        sign = next((sign for sign, _ in _CURRENCIES if before.rstrip().endswith(sign)), None)
        if kind == "percent" and n.kind == "percent":
            found.append((n, at, at, before, after, None))
        elif kind == "money" and sign is not None:
            cut = len(before.rstrip()) - len(sign)
            found.append((n, at - (len(before) - cut), at, before[:cut], after, dict(_CURRENCIES)[sign]))
    if len(found) != 1:
        return "", ""
    n, at, number_at, before, after, currency = found[0]
    if quoted and n.value.normalize() in {v.normalize() for v in quoted}:
        return "", ""
    if forms and not _next_to(key, at, number_at + len(n.text), forms):
        return "", ""  # "adjusted operating income growth of 19% and our adjusted operating margin expanded 10 basis
        # points": the one percentage is another metric's (32nd review, Marsh & McLennan)
    if _RANGE_END.search(before):
        return "", ""  # "remains between 50 and $70 million" is a range, not $70 million
    if _BAND.search(before):
        return "", ""  # "in the mid 20% range" is 24-26%, not 20%: no figure to say exactly
    lead_in = ""
    if _APPROX.search(before):
        lead_in = "约"
    elif _MORE.search(before):
        lead_in = "超过"
    if kind == "percent":
        figure = f"{_plain(n.value)}%"
        level = re.search(r"\b(?:to|at|of|was|were|is|are|be|reached)\s*(?:approximately |about |around )?$", before)
        if not lead_in and not level:
            lead_in = "下降" if _DOWN.search(before) else "增长" if _UP.search(before) else ""
    else:
        if _PER_OTHER.match(after) and not _PER_SHARE.match(after):
            return "", ""  # per barrel, per ton …: a unit this module does not render
        figure = ("每股" if _PER_SHARE.match(after) else "") + _chinese_amount(n.value) + currency
    read = [f.key for f in figures(figure)]
    if read != [(n.value.normalize(), kind == "percent")]:
        return "", ""  # the Chinese figure does not read back as the English one: say nothing
    words = _words(sentence, at, number_at + len(n.text), before, after, lead_in)
    return lead_in + figure, words


def _next_to(key: str, start: int, end: int, forms: tuple[str, ...]) -> bool:
    """Whether a form of the metric is in the figure's clause before it (up to 80 characters back, no ";" or ", and"
    between) or within 30 characters after it ("$1.7 billion of capex")."""
    before = re.split(r";|, and |, while |, with ", key[max(0, start - 80):start])[-1]
    after = re.split(r";|,", key[end:end + 30])[0]
    return any(re.search(r"(?<![a-z])%s(?![a-z])" % re.escape(f.lower()), before + " | " + after) for f in forms)


def _words(sentence: str, at: int, end: int, before: str, after: str, lead_in: str) -> str:
    """The English words the figure is read from: its qualifier or verb, the currency, the number, "per share"."""
    m = (_APPROX.search(before) or _MORE.search(before)) if lead_in in ("约", "超过") else \
        (_DOWN.search(before) or _UP.search(before)) if lead_in else None
    start = at - (len(before) - m.start()) if m is not None else at
    share = _PER_SHARE.match(after)
    return sentence[start:end + (share.end() if share is not None else 0)].strip()


def figure_gist(lead_sentence: str, kind: str, n: int, script: str = "simplified", forms: tuple[str, ...] = (),
                quoted: tuple[Decimal, ...] = ()) -> str:
    """The gist line above the English original, or ""."""
    if not GIST or kind not in ("money", "percent"):
        return ""
    figure, words = gist_figure(lead_sentence, kind, forms, quoted)
    if not figure:
        return ""
    return to_script(f"要点（据英文原文[{n}]）：{figure}", script) + (f"（{words}）" if words != figure else "")
