"""Follow-up questions: is this question a follow-up of the previous one, and what to retrieve with if so.

Measured on the bundled call (k=3): "What is the capex plan? and the riders?" and "What is the capex plan? And
the cloud margin?" are answered with the capex sentence, while "the riders?" and "the cloud margin?" are answered
about riders and the cloud margin; "What is the riders?" (the previous question's frame) is declined. Hence a
follow-up that names a new subject is retrieved on its own, and only one that leans on the previous question
("Why?", "what did he say about it?") is joined to it.

Used by the chat (ui/conversation.py) and, on request, by the HTTP API. Plain functions of two strings, so that
question analysis can later supply a better notion of a question's subject without changing callers.

Example:
    >>> retrieval_query("and the riders?", previous="What is the capex plan?")
    'the riders?'
    >>> retrieval_query("What did he say about it?", previous="What is the capex plan?")
    'What is the capex plan? What did he say about it?'
    >>> retrieval_query("What was Lazada's GMV this quarter?", previous="What is the capex plan?")
    "What was Lazada's GMV this quarter?"
"""

from __future__ import annotations

import re
from typing import Callable

from index.script import detect_language

OPENERS = re.compile(r"^\s*(?:and|also|what about|how about|还有|還有|那么|那麼|那|另外)(?:\b|(?=[\u3400-\u9fff]))[\s,，]*",
                     re.IGNORECASE)
# A pronoun pointing back at the previous answer ("what did he say about it?", "它的利润率呢?").
POINTERS = re.compile(r"\b(?:it|its|they|them|their|that|those|this|these|he|him|his|she|her)\b|"
                      r"它|其|这个|這個|那个|那個|他们|他們|该|該|此", re.IGNORECASE)
# A demonstrative before a time word names a period, not the previous answer: "this quarter", "这个季度", "该财年".
_TIME = (r"(?:quarter|year|month|week|period|fiscal year|time|half|season)s?\b|"
         r"季度|季|财年|財年|年度|年|月|期|次|时期|時期")
_DEMONSTRATIVE_TIME = re.compile(r"\b(?:this|that|these|those)\s+(?:" + _TIME + r")|"
                                 r"(?:这个|這個|那个|那個|该|該|此|本)\s*(?:" + _TIME + ")", re.IGNORECASE)
# A name of its own: a capitalised word that does not open the question (Lazada, Taobao), an acronym (GMV, AI),
# or Latin letters inside a Chinese question (Lazada的GMV). "I" and titles of the call's roles do not count.
_NAME_EN = re.compile(r"(?<!^)(?<![.?!]\s)\b(?!I\b)[A-Z][\w'’-]*|\b[A-Z]{2,}s?\b")
_LATIN_IN_ZH = re.compile(r"[A-Za-z]{2,}")
_HANZI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TRAIL_ZH_PUNCT = re.compile(r"[？?。！!\s]+$")
POINTER_MAX_WORDS, POINTER_MAX_HANZI = 8, 12  # a question with a pronoun this short leans on the previous one
BARE_MAX_WORDS, BARE_MAX_HANZI = 2, 4  # "Why?", "多少？": too short to stand alone


def _size(question: str, lang: str) -> int:
    return len(_HANZI.findall(question)) if lang == "zh" else len(question.split())


def own_subject(question: str) -> bool:
    """Whether the question names something of its own (a name or an acronym), so it needs no previous question.

    >>> own_subject("What was Lazada's GMV this quarter?"), own_subject("What did he say about it?")
    (True, False)
    >>> own_subject("Lazada的GMV是多少？"), own_subject("它的节奏如何？")
    (True, False)
    """
    if detect_language(question) == "zh":
        return bool(_LATIN_IN_ZH.search(question))
    return bool(_NAME_EN.search(OPENERS.sub("", question.strip(), count=1)))


def _points_back(question: str) -> bool:
    return bool(POINTERS.search(_DEMONSTRATIVE_TIME.sub(" ", question)))


def is_follow_up(question: str, previous: str | None) -> bool:
    """Whether ``question`` continues ``previous`` (the last answered question) rather than standing alone.

    A follow-up is asked after an answered question, in the same language as it, and
    (a) opens with "and", "also", "what about", "how about", "还有"/"還有", "那" or "另外"; or
    (b) has no name of its own and points back with a pronoun (it, they, that, he ...; 它, 其, 这个, 该 ...)
        and is short (at most 8 words, or 12 Chinese characters); "this quarter", "这个季度" do not point back; or
    (c) has no name of its own and is bare: at most 2 words, or 4 Chinese characters ("Why?", "多少？").
    Any other question stands alone, however short ("How fast did cloud grow?", "What was Lazada's GMV this
    quarter?").

    >>> is_follow_up("Why?", "What is the capex plan?"), is_follow_up("Why?", "资本开支计划是什么？")
    (True, False)
    """
    question = question.strip()
    if not previous or not previous.strip() or not question:
        return False
    lang = detect_language(question)
    if lang != detect_language(previous):
        return False
    if OPENERS.match(question):
        return True
    if own_subject(question):
        return False
    size = _size(question, lang)
    if size <= (BARE_MAX_HANZI if lang == "zh" else BARE_MAX_WORDS):
        return True
    return _points_back(question) and size <= (POINTER_MAX_HANZI if lang == "zh" else POINTER_MAX_WORDS)


def glossary_terms(text: str) -> tuple[str, ...]:
    """The glossary's terms (data/glossary.json, ``index.glossary``) that ``text`` names; none if it cannot be read."""
    try:
        from index.glossary import GlossaryError, load_glossary

        return load_glossary().find(text)
    except (OSError, GlossaryError):
        return ()


def names_subject(text: str, find_terms: Callable[[str], tuple] | None = None) -> bool:
    """Whether ``text`` names a subject of its own: a term of the glossary (``find_terms`` overrides it), or a name.

    >>> names_subject("the riders?"), names_subject("the timeline?"), names_subject("骑手呢"), names_subject("Taobao")
    (True, False, True, True)
    """
    if own_subject(text) or (text[:1].isupper() and _NAME_EN.search(" " + text)):
        return True
    return bool((find_terms or glossary_terms)(text))


def merge(question: str, previous: str, find_terms: Callable[[str], tuple] | None = None) -> str:
    """The text to retrieve a follow-up with.

    A follow-up that opens with a connective and names a subject of its own without pointing back ("And the cloud
    margin?", "还有骑手呢？") changes the subject: it is retrieved without its connective and without the previous
    question, whose subject would pull its own passages back ("the cloud margin?"). Subjects are the terms of
    data/glossary.json (``find_terms`` overrides them) and names. Any other follow-up ("Why?", "What did he say
    about it?", "Also the timeline?") is retrieved with the previous question, a space, then the follow-up.

    >>> merge("And the cloud margin?", "What is the capex plan?")
    'the cloud margin?'
    >>> merge("那云业务呢？", "资本开支计划是什么？")
    '云业务呢'
    >>> merge("Also the timeline?", "What is the capex plan?")
    'What is the capex plan? Also the timeline?'
    """
    question, previous = question.strip(), previous.strip()
    opener = OPENERS.match(question)
    rest = question[opener.end():].strip() if opener else ""
    if opener and rest and not _points_back(rest) and names_subject(rest, find_terms):
        return _TRAIL_ZH_PUNCT.sub("", rest) if detect_language(rest) == "zh" else rest
    return f"{previous} {question}"


def retrieval_query(question: str, previous: str | None) -> str:
    """``merge(question, previous)`` for a follow-up, else the question alone (stripped).

    >>> retrieval_query("资本开支计划是什么？", previous="What is the capex plan?")  # another language: standalone
    '资本开支计划是什么？'
    """
    if is_follow_up(question, previous):
        return merge(question, previous)  # type: ignore[arg-type]
    return question.strip()
