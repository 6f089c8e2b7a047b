"""Names a question asks about that the call never mentions: a specific, checkable reason to decline.

A question about "Lazada's GMV" cannot be answered from a call in which nobody says "Lazada", however close the
embeddings of its passages come. The check looks only at *names*: brands, companies, products, acronyms and
codes written in Latin letters (capitalised inside an English sentence, two or more capitals, letters mixed
with digits, or any Latin word in a question in Chinese). Each is looked up in what management and the analysts
say in the indexed calls, in both languages (the original and its translation); a name only an analyst uses
still counts, since management's answer to that question may address it. An acronym also counts as mentioned when
the words it abbreviates occur ("MAU": "monthly active users"). Figures ("50bn"), fiscal periods ("FY26",
"Q2") and calendar words are not names. Chinese-script names are not checked: without a Chinese
named-entity model, ordinary words cannot be told from names reliably (docs/evaluation.md).

Example:
    >>> v = Vocabulary.from_texts(["Taobao monthly active users grew; Ele.me and Alibaba Cloud did well."])
    >>> unknown_names("What was Lazada's GMV growth?", v)
    ('Lazada', 'GMV')
    >>> unknown_names("Taobao MAU growth at Alibaba Cloud", v), unknown_names("Ele.me 的订单量？", v)
    ((), ())
    >>> unknown_names("How will the RMB 50bn be spent in FY26, Q2 and June?", Vocabulary.from_texts(["RMB"]))
    ()
    >>> unknown_names("是否恢复采购H20芯片？", v)
    ('H20',)
    >>> unknown_names("How fast did Johnson & Johnson grow?", Vocabulary.from_texts(["markets where J&J leads"]))
    ()
"""

from __future__ import annotations

import re
from index.script import detect_language, match_key
from index.vocabulary import _TOKEN, Vocabulary

_FIGURE = re.compile(r"\d+(?:\.\d+)?(?:bn|b|mn|m|k|tn|t|x|pp|bp|bps)?", re.IGNORECASE)
_YEAR = r"(?:'?\d{2}(?:\d{2})?)"
_PERIOD = re.compile(rf"(?:fy|cy){_YEAR}?|(?:q[1-4]|[1-4]q|h[12]|[12]h){_YEAR}?", re.IGNORECASE)
# Capitalised words that are not names: calendar words, and "I".
_NOT_NAMES = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday "
    "i".split()
)


def _name_like(token: str, chinese: bool, opens_sentence: bool) -> bool:
    if _FIGURE.fullmatch(token) or _PERIOD.fullmatch(token) or token.lower() in _NOT_NAMES:
        return False
    capitals = sum(ch.isupper() for ch in token)
    return (chinese and re.search(r"[A-Za-z]", token) is not None) or capitals >= 2 \
        or (re.search(r"\d", token) is not None and re.search(r"[A-Za-z]", token) is not None) \
        or (token[0].isupper() and not opens_sentence)


def _name_parts(token: str, chinese: bool = False, opens_sentence: bool = False) -> list[str]:
    """The parts of a token that are names: a hyphenated compound is judged by its parts ("AI-led": "AI";
    "380-billion-yuan": none), so an ordinary word joined to a name is not taken for one."""
    parts = token.split("-") if "-" in token else [token]
    return [p for i, p in enumerate(parts) if p and _name_like(p, chinese, opens_sentence and i == 0)]


_DOTTED_END = re.compile(r"(?<![A-Za-z.])(?:[A-Za-z]\.){2,}$")  # a dotted abbreviation just before: "U.S.", "U.K."


def names(question: str) -> list[str]:
    """The names in a question, adjacent ones joined ("Southbound Stock Connect"), in order of appearance."""
    chinese = detect_language(question) == "zh"
    found: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(question):
        token = m.group(0)
        before = question[: m.start()].rstrip()
        dotted = bool(_DOTTED_END.search(before))  # "U.K. Building Services": no sentence ends after "U.K."
        opens_sentence = not before or before[-1] in ".?!:;\"'“‘(（。？！：；" and not dotted
        if _name_parts(token, chinese, opens_sentence):
            if found and re.fullmatch(r"\.?[ \t]+(?:&[ \t]+)?" if dotted else r"[ \t]+(?:&[ \t]+)?",
                                      question[found[-1][1]:m.start()] or "x"):
                found[-1] = (found[-1][0], m.end())  # joined with the name just before it
            else:
                found.append((m.start(), m.end()))
    return [question[a:b] for a, b in found]


_AMOUNT = re.compile(r"(?i)(?:rmb|usd|hkd|cny|us\$|hk\$|\$|€|£|¥)\d[\d.,]*(?:bn|b|mn|m|k|tn|t|billion|million|trillion)?"
                     r"|\d[\d.,]*(?:bn|mn|tn|k)")


def unknown_names(question: str, vocabulary: Vocabulary, glossary=None) -> tuple[str, ...]:
    """The names of ``question`` that the vocabulary's texts never mention (a joined name counts as unknown when
    any of its words is; a hyphenated word, when any of its name parts is, or the whole is unknown). A metric the
    glossary knows is not a name: "EPS" on a call that says "$2.27 per share in adjusted earnings" is for the
    "not given" rule to judge (it had declined "What adjusted EPS did ConocoPhillips report?")."""
    out = []
    for name in names(question):
        if glossary is not None and any(glossary.term(t).kind == "metric" for t in glossary.find(name)):
            continue
        if _AMOUNT.fullmatch(name.replace(" ", "")):
            continue  # "RMB380bn" is an amount, written as the call does not ("RMB 380 billion"): no name
        # (session 26's development round)
        tokens = _TOKEN.findall(name)
        if len(tokens) >= 2 and all(t[:1].isupper() for t in tokens) and \
                any(match_key(sep.join(t[0] for t in tokens)).lower() in vocabulary.words for sep in ("&", "")):
            continue  # "Johnson & Johnson" is mentioned as "J&J" (written so: the initials of a run of other words,
            # "… customer property taxes …", are no mention of "Camden Property Trust": 39th review, MAA)
        if not all(vocabulary.mentions(t) or ("-" in t and all(vocabulary.mentions(x) for x in _name_parts(t)))
                   for t in tokens):
            out.append(name)
    return tuple(out)


def unknown_terms(q, glossary, mentioned: frozenset[str], lang: str) -> tuple[str, ...]:
    """Companies and businesses of the glossary that a question names (in Chinese characters too: 菜鸟, 美团) and
    that nobody in the indexed calls mentions, by their label in the question's language."""
    return tuple(glossary.term(t).label(lang) for t in (*q.companies, *q.businesses) if t not in mentioned)
