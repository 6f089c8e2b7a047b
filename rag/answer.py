"""The answer as the user reads it: the composed quotes rendered in the user's language and script, grouped by
citation with the speaker named once per group and ``[n]`` after each sentence; and the messages that stand in
for an answer (a name the call never mentions, a figure it does not give, a question too vague or in another
language, a speaker filter that excludes who did answer).

Example:
    >>> decline_message("en", "neutral", not_mentioned=("Lazada",))
    'The call does not mention Lazada, so it cannot answer this question.'
    >>> not_given_lead("zh", "traditional", "经营现金流")
    '這次電話會議沒有給出經營現金流。會上給出的相關內容如下：'
"""

from __future__ import annotations

import re
from dataclasses import replace

from typing import TYPE_CHECKING

from index.script import to_script
from rag.types import AnswerSentence, speaker_label_en

if TYPE_CHECKING:
    from rag.compose import Quote

EXAMPLE_EN = "What was cloud revenue growth this quarter?"
EXAMPLE_ZH = "本季度云业务收入增长多少？"


def speaker_label(p, lang: str, script: str) -> str:
    """"Eddie Wu (CEO)" in English; "吴泳铭（CEO）" in Chinese, in the user's script."""
    if lang == "zh":
        title = getattr(p, "title_zh", "") or p.title
        name = to_script(p.speaker, script)
        return f"{name}（{to_script(title, script)}）" if title else name
    return speaker_label_en(p.speaker_en, p.title)


def shown_text(q: "Quote", lang: str, script: str) -> str:
    s, p = q.sentence, q.passage
    text = (s.text(lang) or s.text(p.original_language)).strip()
    if lang == "zh":
        text = to_script(text, script)
        space = "" if s.text("zh") else " "  # (an English original keeps English spacing)
        return f"{to_script(q.insertion, script)}{space}{text}" if q.insertion else text
    return f"{q.insertion} {text}" if q.insertion else text


def answer_sentences(quotes: "list[Quote] | tuple[Quote, ...]", lang: str, script: str) -> tuple[AnswerSentence, ...]:
    out = []
    for q in quotes:
        p, s = q.passage, q.sentence
        out.append(AnswerSentence(q.n, f"{p.transcript}:t{p.turn}.p{p.paragraph}.s{s.index}",
                                  s.text(p.original_language), shown_text(q, lang, script),
                                  getattr(s, "note", "")))
    return tuple(out)


def render(quotes: "list[Quote] | tuple[Quote, ...]", lang: str, script: str) -> str:
    """One line per run of quotes from the same citation, in the order composed, each naming its speaker. A Chinese
    answer quotes the original as transcribed; where the translation corrects a transcription error (a misheard
    product name, a garbled figure), the sentence is marked ※ and the translator's note follows the answer."""
    lines: list[tuple[int, list[str], object]] = []
    notes: list[str] = []
    for q in quotes:
        text = shown_text(q, lang, script)
        note = getattr(q.sentence, "note", "") if lang == "zh" else ""
        if note:  # the original as transcribed has an error the translation corrects: say so under the answer
            notes.append(note)
            text += f"※{len(notes)}"
        marked = f"{text}[{q.n}]" if lang == "zh" else f"{text} [{q.n}]"
        if lines and lines[-1][0] == q.n:
            lines[-1][1].append(marked)
        else:
            lines.append((q.n, [marked], q.passage))
    out = []
    for _, sentences, p in lines:
        label = speaker_label(p, lang, script)
        out.append(f"{label}：{_join_zh(sentences)}" if lang == "zh" else f"{label}: {' '.join(sentences)}")
    for i, note in enumerate(notes, start=1):
        out.append(to_script(f"※{i} 转写注（英文译文已按原意更正）：", script) + note)
    return "\n".join(out)


def _join_zh(sentences: list[str]) -> str:
    """Chinese sentences run on without spaces; an English original quoted in a Chinese answer (a library call) keeps
    the space English sets between sentences: "… roughly $14 billion.[1] Now, at a WTI price …", not "[1]Now".

    >>> _join_zh(["收入增长9%。[1]", "利润下降。[1]"]), _join_zh(["Revenue grew 9%.[1]", "Margin fell.[1]"])
    ('收入增长9%。[1]利润下降。[1]', 'Revenue grew 9%.[1] Margin fell.[1]')
    """
    out = ""
    for s in sentences:
        if out and re.match(r"[A-Za-z0-9$\"'(“‘]", s):
            out += " "
        out += s
    return out


def decline_message(lang: str, script: str, not_mentioned: tuple[str, ...] = ()) -> str:
    """Why the answer cites nothing: the names the call never mentions, or no passage relevant enough."""
    if not_mentioned:
        if lang == "zh":
            listed = "、".join(not_mentioned)
            return to_script(f"这次电话会议没有提到{listed}，因此无法根据会议内容回答这个问题。", script)
        listed = not_mentioned[0] if len(not_mentioned) == 1 else \
            ", ".join(not_mentioned[:-1]) + " or " + not_mentioned[-1]
        return f"The call does not mention {listed}, so it cannot answer this question."
    if lang == "zh":
        return to_script("这次电话会议似乎没有谈到这个问题：管理层的回答中没有足够相关的段落，因此不作引用。", script)
    return ("The call does not appear to address this question: no passage of management's answers is relevant "
            "enough to cite.")


def not_given_lead(lang: str, script: str, subject: str) -> str:
    """The first line of a "not given" answer; what the call does give follows it."""
    if lang == "zh":
        return to_script(f"这次电话会议没有给出{subject}。会上给出的相关内容如下：", script)
    return f"The call does not give {subject}. Here is what it does say on the subject:"


def date_phrase(lang: str, script: str) -> str:
    """What a "when" question the call does not date asks for, for ``not_given_lead``."""
    return to_script("具体时间", script) if lang == "zh" else "a date for this"


def who_phrase(lang: str, script: str) -> str:
    """What a "who" question the call does not answer with a name asks for, for ``not_given_lead``."""
    return to_script("所问的人或公司", script) if lang == "zh" else "the name asked for"


def figure_phrase(lang: str, script: str) -> str:
    """What a figure question whose metric has no glossary name asks for, for ``not_given_lead``."""
    return to_script("所问的数字", script) if lang == "zh" else "the figure asked for"


def unclear_message(lang: str, script: str) -> str:
    if lang == "zh":
        return to_script(f"请就这次电话会议提一个具体的问题，例如：「{EXAMPLE_ZH}」", script)
    return f"Please ask a question about the call, for example: \"{EXAMPLE_EN}\""


def language_message(language: str) -> str:
    return (f"This looks like {language}. callrag answers questions in English or Chinese (Simplified or "
            f"Traditional) only; please ask in one of them, e.g. \"{EXAMPLE_EN}\" or 「{EXAMPLE_ZH}」.")


def redirect_lead(lang: str, script: str, asked: str, answered: str) -> str:
    """The speaker filter excluded who did answer: say so, then quote them."""
    if lang == "zh":
        return to_script(f"{asked}没有谈到这个问题；{answered}谈到了：", script)
    return f"{asked} did not address this; {answered} did:"


_MONTH_EN = ("January February March April May June July August September October November December").split()
_PERIOD_EN = {"previous_quarter": " for the previous quarter", "year_ago": " for the same period a year earlier",
              "other_quarter": " for that quarter", "fiscal_year": " for the fiscal year",
              "long_term": " over the long term", "year_to_date": " for the year to date"}
_PERIOD_ZH = {"previous_quarter": "上季度", "year_ago": "去年同期", "other_quarter": "该季度", "fiscal_year": "全年",
              "long_term": "长期", "year_to_date": "今年迄今"}


def subject_phrase(q, glossary, lang: str) -> str:
    """What a figure question asks for, in words: "Meituan's daily orders for July", "淘宝闪购的亏损"; for a figure
    per unit ("spend per 88VIP member") "a per-unit figure for 88VIP", "88VIP的人均数据"; for a target or guidance
    "Cloud Intelligence Group's margin outlook", "云智能集团的利润率预期"."""
    metric = glossary.term(q.subject).label(lang)
    if q.subject == "dividend" and (q.per_unit or "每股" in q.question or "per share" in q.question.lower()):
        # the dividend asked per share: the rate itself, not "per unit"
        q = replace(q, per_unit=False)
        metric = "每股股息" if lang == "zh" else "dividend per share"
    if q.answer_type == "percent" and glossary.term(q.subject).answer in ("money", "count") and not q.forward:
        # a rate asked of an amount: its share ("What share of sales …", 占比) or its growth (销售增长率), not the amount
        share = re.search(r"\bshare\b|\bpercentage\b|\bproportion\b|\bportion\b|占", q.question, re.IGNORECASE)
        metric = (f"{metric}占比" if share else f"{metric}增长率") if lang == "zh" else \
            (f"share of {metric}" if share else f"{metric} growth")
    owners = [glossary.term(t).label(lang) for t in (*q.companies, *q.businesses, *q.segments)] + [
        n for n in q.names if n.lower() not in metric.lower()]  # ("AI-related" is in "AI-related revenue")
    if _EXACT.search(q.question):
        metric = f"确切的{metric}" if lang == "zh" else f"exact {metric}"  # (a rate in words does not state it)
    if q.subject in _ACTIVITIES and q.answer_type == "money" and not q.forward:
        # the amount of an activity asked: "没有给出回购金额", not "没有给出回购" of a call that discusses buybacks
        metric = f"{metric}金额" if lang == "zh" else f"amount of {metric}s" if q.subject == "buyback" else \
            f"amount of {metric}"
    if lang == "zh":
        metric = "".join(getattr(q, "qualifiers", ())) + metric  # 抵押贷款银行业务收入, not all of 收入
        metric = f"{metric}的人均数据" if q.per_unit else f"{metric}预期" if q.forward else \
            f"新增{metric}数量" if q.added and q.answer_type == "count" else metric
        when = f"{q.month}月" if q.period == "month" and q.month else _PERIOD_ZH.get(q.period, "")
        if q.period == "other_quarter" and getattr(q, "quarter_month", None) and not getattr(q, "quarters", ()):
            when = f"截至{q.quarter_month}月的季度"
        if q.period == "fiscal_year" and _NEXT_YEAR.search(q.question):
            when = "明年"  # 明年的资本开支 is next year's, not "全年"
        named = _named_when_zh(q)
        when = named + ("全年" if q.period == "fiscal_year" and not q.quarters else "") if named else when
        owner = "、".join(owners)
        return f"{when}{owner}的{metric}" if owner else f"{when}{metric}"
    owner = " and ".join(owners)
    metric = " ".join([*getattr(q, "qualifiers", ()), metric])  # "the domestic wholesale gross margin"
    if q.per_unit:
        phrase = f"a per-unit figure for {owner + ' ' if owner else ''}{metric}"
    else:
        metric = f"{metric} outlook" if q.forward else f"number of {metric} added" if q.added and \
            q.answer_type == "count" else metric  # a target, guidance: "the free cash flow outlook"
        # "does not give the dividend"; "Building Services' RPO", not "Services's"
        phrase = f"{owner}{_possessive(owner)} {metric}" if owner else f"the {metric}"
    if q.period == "month" and q.month:
        return f"{phrase} for {_MONTH_EN[q.month - 1]}"
    if q.period == "other_quarter" and getattr(q, "quarter_month", None) and not getattr(q, "quarters", ()):
        return f"{phrase} for the {_MONTH_EN[q.quarter_month - 1]} quarter"  # not "for that quarter"
    named = _named_when_en(q)  # the year or quarter asked: "the revenue outlook for 2022", not for any year
    if not named and q.period == "fiscal_year" and _NEXT_YEAR.search(q.question):
        return phrase + " for next year"
    return phrase + (f" for {named}" if named else _PERIOD_EN.get(q.period, ""))


_EXACT = re.compile(r"\b(?:exact|exactly|precise|precisely)\b|确切|精确", re.IGNORECASE)
_NEXT_YEAR = re.compile(r"\bnext year\b|明年|下一年|来年", re.IGNORECASE)


_ACTIVITIES = ("buyback", "investment")  # terms naming an activity, whose amount is a figure of its own
_ORDINAL_EN = ("first", "second", "third", "fourth")
_ORDINAL_ZH = "一二三四"


def _named_when_en(q) -> str:
    years = " and ".join(str(y) for y in getattr(q, "years", ()))
    quarters = " and ".join(_ORDINAL_EN[n - 1] for n in getattr(q, "quarters", ()) if 1 <= n <= 4)
    if quarters:
        return f"the {quarters} quarter" + (f" of {years}" if years else "")
    return years


def _named_when_zh(q) -> str:
    years = "、".join(f"{y}年" for y in getattr(q, "years", ()))
    quarters = "、".join(f"第{_ORDINAL_ZH[n - 1]}季度" for n in getattr(q, "quarters", ()) if 1 <= n <= 4)
    return years + quarters


def _possessive(owner: str) -> str:
    """The possessive ending of an English name: "Meituan's", "Building Services'"."""
    return "'" if owner.endswith("s") and not owner.endswith("'s") else "'s"
