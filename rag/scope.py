"""Which calls a question is about: explicit scope (call, company, period), or the companies and periods the
question names, or - unscoped - the calls nearest the question. Also the wording that tells the user so.

Example:
    >>> cat = [CallInfo("dg-2021q1", "Dollar General", "DG", "2021Q1"), CallInfo("nue-2021q3", "Nucor", "NUE", "2021Q3")]
    >>> resolve("What did Dollar General say about new stores?", cat).calls
    ('dg-2021q1',)
    >>> resolve("Nucor 第三季度的出货量？", cat).calls
    ('nue-2021q3',)
    >>> resolve("What is the capex plan?", cat).calls is None
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.errors import CallragError
from index.script import match_key, to_script

ENGLISH_ORIGINAL = "以下为英文原文："
_SUFFIXES = re.compile(r"\b(?:inc|incorporated|corp|corporation|company|co|ltd|limited|plc|group|holdings?|the)\b\.?",
                       re.IGNORECASE)
_NOT_TICKERS = frozenset("A I AI IT US CEO CFO COO EPS GDP Q1 Q2 Q3 Q4 FY OK UK EU ROI ESG API".split())


class ScopeError(ValueError, CallragError):
    """A scope that names nothing in the library: one line, what was asked and what exists."""


@dataclass(frozen=True)
class CallInfo:
    id: str
    company: str
    ticker: str
    period: str  # "2021Q3"

    def label(self) -> str:
        name = self.company or self.ticker or self.id
        ticker = f" ({self.ticker})" if self.ticker and self.ticker != name else ""
        return f"{name}{ticker} {self.period}".strip()


@dataclass(frozen=True)
class Scope:
    calls: tuple[str, ...] | None  # None: the whole library
    named: bool = False  # the question itself named the company or period (the answer says so)
    labels: tuple[str, ...] = ()


def company_key(name: str) -> str:
    return " ".join(_SUFFIXES.sub(" ", match_key(name)).replace(",", " ").split())


# A company's name matches a question only from this many letters ("GE", "3M" are matched by ticker instead),
# and a ticker from this many, so a stray "A" or "IT" in a question never scopes it to a company.
MIN_NAME_CHARS = 3
MIN_TICKER_CHARS = 2


def _named_companies(question: str, catalogue: list[CallInfo]) -> set[str]:
    key = " " + " ".join(re.sub(r"[^\w&'’\-]+", " ", match_key(question)).split()) + " "
    found = set()
    for c in catalogue:
        ck = company_key(c.company) if c.company else ""
        if ck and len(ck) >= MIN_NAME_CHARS and f" {ck} " in key:
            found.add(c.id)
        elif ck and len(ck) >= MIN_NAME_CHARS and re.search(rf"(?<![a-z]){re.escape(ck)}(?![a-z])", match_key(question)):
            found.add(c.id)
        elif c.ticker and c.ticker not in _NOT_TICKERS and len(c.ticker) >= MIN_TICKER_CHARS and \
                re.search(rf"(?<![A-Za-z]){re.escape(c.ticker)}(?![A-Za-z])", question):
            found.add(c.id)
    return found


def _period_matches(wanted: str, period: str) -> bool:
    if not period:
        return False
    if len(wanted) == 2:  # "Q3": any year
        return period.endswith(wanted)
    return period == wanted


def resolve(question: str, catalogue: list[CallInfo], call: str | None = None, company: str | None = None,
            period: str | None = None) -> Scope:
    """The scope of a question; explicit arguments first, then what the question names."""
    from index.formats import FormatError, find_period, normalise_period

    by_id = {c.id: c for c in catalogue}
    if call:
        if call not in by_id:
            listed = ", ".join(sorted(by_id)[:8])
            raise ScopeError(f"no call {call!r} in the library (calls include: {listed}); see `callrag library list`")
        return Scope((call,), labels=(by_id[call].label(),))
    chosen = list(catalogue)
    named = False
    if company:
        key = company_key(company)
        chosen = [c for c in chosen if key and (key == company_key(c.company) or key in company_key(c.company)
                                                or company.strip().upper() == c.ticker)]
        if not chosen:
            raise ScopeError(f"no call of {company!r} in the library; see `callrag library list`")
    else:
        ids = _named_companies(question, catalogue)
        if ids:
            chosen, named = [c for c in chosen if c.id in ids], True
    if period:
        try:
            wanted = normalise_period(period)
        except FormatError as exc:
            raise ScopeError(str(exc)) from None
        chosen = [c for c in chosen if _period_matches(wanted, c.period)]
        if not chosen:
            raise ScopeError(f"no call for period {wanted} in the library" + (f" of {company!r}" if company else ""))
    else:
        wanted = find_period(question)
        if wanted and (named or company):
            narrowed = [c for c in chosen if _period_matches(wanted, c.period)]
            if narrowed:
                chosen, named = narrowed, True
    if len(chosen) == len(catalogue) and not (company or period):
        return Scope(None)
    return Scope(tuple(c.id for c in chosen), named=named, labels=tuple(c.label() for c in chosen))


def scope_note(lang: str, script: str, scope: Scope) -> str:
    """The line that opens a scoped answer: which calls it draws on."""
    if not scope.calls or not scope.named:
        return ""
    listed = ", ".join(scope.labels[:4]) + (f" (+{len(scope.labels) - 4})" if len(scope.labels) > 4 else "")
    if lang == "zh":
        return to_script(f"（仅限以下电话会议：{listed}）", script)
    return f"(Scoped to {listed}.)"


def frame_answer(text: str, lang: str, script: str, originals: set[str], scope: Scope, gist: str = "") -> str:
    """The rendered answer with its scope line, and, for a Chinese question answered from English-only calls,
    the Chinese framing that says the quotes are the English original (no translation exists offline), under the
    figure asked in Chinese when there is one (``gist``, rag/gist.py)."""
    if lang == "zh" and "en" in originals:
        text = to_script(ENGLISH_ORIGINAL, script) + "\n" + text
        text = f"{gist}\n{text}" if gist else text
    note = scope_note(lang, script, scope)
    return f"{note}\n{text}" if note else text


def similarity_threshold(lang: str, store, settings) -> float:
    """The abstention threshold: per question language, and cross-lingual for a Chinese question over calls that
    have no Chinese (English-only calls, untranslated)."""
    if lang != "zh":
        return settings.min_similarity_en
    from rag.retrieve import untranslated_english

    english_only = all(untranslated_english(st) for st in store.stores)
    return settings.min_similarity_cross if english_only else settings.min_similarity_zh


def not_in_library_message(lang: str, script: str, names: tuple[str, ...]) -> str:
    """A question about names no call in the searched part of the library mentions (a company not in it)."""
    if lang == "zh":
        return to_script(f"资料库中没有关于{'、'.join(names)}的电话会议，检索到的会议也没有提到，因此无法回答。", script)
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return (f"No call in the library is about {listed}, and the calls searched do not mention it, "
            "so this question cannot be answered.")
