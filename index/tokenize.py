"""Words for BM25: jieba over Simplified-normalised Chinese, stemmed words for English.

Example:
    >>> tokenize_zh("資本開支計劃是什麼？")
    ['资本', '开支', '计划']
    >>> tokenize_en("What is the capex plan for the clouds?")
    ['capex', 'plan', 'cloud']
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from index.script import match_key

_WORD = re.compile(r"[\w%.]+")
_EN_WORD = re.compile(r"[a-z0-9]+(?:[.%][0-9]+%?)?%?")
# Function words that carry no topic; kept short on purpose (BM25's IDF does the rest).
ZH_STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 或 也 都 就 还 而 但 并 把 被 对 从 以 为 于 等 这 那 这些 那些 这个 那个 一个 我们 你们 他们 "
    "我 你 他 她 它 吗 呢 吧 啊 呃 嗯 么 什么 怎么 如何 哪些 多少 是否 有 没有 会 能 可以 请问 请 谢谢 一下 方面 情况 "
    "关于 其 之 中 上 下 个 为什么 怎样 怎么样 目前 哪".split()
)


@lru_cache(maxsize=None)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=None)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=None)
def _en_stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN) | {"s", "uh", "um", "what", "how", "why", "when", "which", "who", "does", "did", "do", "much", "many"}


def tokenize_zh(text: str) -> list[str]:
    """Chinese (and any Latin words in it): Simplified, width- and case-folded, jieba search-mode words."""
    words = _jieba().lcut_for_search(match_key(text))
    return [w for w in words if _WORD.fullmatch(w) and w not in ZH_STOPWORDS]


def tokenize_en(text: str) -> list[str]:
    words = [w for w in _EN_WORD.findall(match_key(text)) if w not in _en_stopwords()]
    return _stemmer().stemWords(words)


@lru_cache(maxsize=None)
def stem(word: str) -> str:
    """The English stem BM25 uses for a (lower-case) word."""
    return _stemmer().stemWord(word)


def tokenize(text: str, lang: str) -> list[str]:
    return tokenize_zh(text) if lang == "zh" else tokenize_en(text)
