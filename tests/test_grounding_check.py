"""The grounding check of generated answers (rag/grounding_check.py) on crafted answers, in English and Chinese:
every ungrounded one is caught, every faithful one passes."""

import pytest

from index.glossary import load_glossary
from rag.grounding_check import check, check_sentence, numbers, split_sentences

# Sentences of the bundled call (Traditional original, Simplified, English), numbered as citations.
CAPEX_ZH = "本季度,我們在AI和云基礎設施方面的資本支出達到386億人民幣,過去四個季度,我們在AI基礎設施和AI產品研發方面累計投入超過1000億人民幣。"
CAPEX_EN = ("This quarter, our capital expenditure on AI and cloud infrastructure reached RMB 38.6 billion, and over the "
            "past four quarters we have invested a cumulative total of more than RMB 100 billion in AI infrastructure "
            "and AI product R&D.")
PLAN_ZH = "關于我們在AI方面的資本開支(Capex)支出,我覺得我們還是會堅持原來三年投資3800億這樣的一個計劃。"
PLAN_EN = ("As for our capital expenditure (capex) on AI, I think we will stick to our original plan of investing "
           "RMB 380 billion over three years.")
ORDERS_ZH = "訂單量同樣快速攀升,7月日均訂單規模達到1.2億單,8月周日均仍維持在8000萬單水平。"
ORDERS_EN = "Orders also climbed quickly: daily orders reached 120 million in July and held at 80 million a day in August."
MARGIN_ZH = "云智能集團的EBITA利潤率同比提升了0.9個百分點,達到9%。"
MARGIN_EN = "Cloud Intelligence Group's EBITA margin rose 0.9 percentage points year-over-year to 9%."
SOURCES = {1: (CAPEX_ZH, CAPEX_EN), 2: (PLAN_ZH, PLAN_EN), 3: (ORDERS_ZH, ORDERS_EN), 4: (MARGIN_ZH, MARGIN_EN)}
GLOSSARY = load_glossary()


def verdict(sentence: str):
    return check_sentence(sentence, SOURCES, GLOSSARY, ["Alibaba Group"])


@pytest.mark.parametrize("sentence", [
    "Capex this quarter was RMB 38.6 billion [1].",
    "Alibaba plans to invest RMB 380 billion over three years [2].",
    "Over the past four quarters, more than RMB 100 billion went into AI infrastructure [1].",
    "Daily orders reached 120 million in July and 80 million in August [3].",
    "The cloud EBITA margin rose 0.9 percentage points to 9% [4].",
    "Capex reached RMB 38.6 billion this quarter, on track for the RMB 380 billion three-year plan [1][2].",
    "Capex reached RMB 38.6 billion this quarter [1, 2].",
])
def test_faithful_english_passes(sentence):
    result = verdict(sentence)
    assert result.ok, result.reason


@pytest.mark.parametrize("sentence", [
    "本季度资本开支达到386亿元人民币[1]。",
    "公司计划三年投资3800亿元[2]。",
    "本季度资本开支为三百八十六亿元[1]。",
    "７月日均订单达到１．２亿单[3]。",
    "云智能集团EBITA利润率提升0.9个百分点，达到9%[4]。",
    "阿里巴巴本季度资本支出386亿，仍坚持三年3800亿的计划[1][2]。",
])
def test_faithful_chinese_passes(sentence):
    result = verdict(sentence)
    assert result.ok, result.reason


@pytest.mark.parametrize("sentence, reason", [
    # a changed number
    ("Capex this quarter was RMB 36.8 billion [1].", "number not in [1]: 36.8 billion"),
    ("Alibaba plans to invest RMB 380 billion over four years [2].", "number not in [2]: four"),
    ("Daily orders reached 120 million in June [3].", "number not in [3]: June"),
    # a unit slip
    ("Capex this quarter was RMB 38.6 million [1].", "number not in [1]: 38.6 million"),
    ("The cloud EBITA margin rose 0.9% [4].", "number not in [4]: 0.9%"),
    # a computed number
    ("Capex was about a tenth of the RMB 380 billion plan, RMB 38 billion [1][2].", "38 billion"),
    # a number from another citation than the one named
    ("Capex this quarter was RMB 38.6 billion [2].", "number not in [2]: 38.6 billion"),
    # no citation, a citation that does not exist
    ("Capex this quarter was RMB 38.6 billion.", "no citation [n]"),
    ("Capex this quarter was RMB 38.6 billion [7].", "cites [7], which does not exist"),
    # a name not in the citation
    ("Capex was RMB 38.6 billion, more than Tencent's [1].", "name not in [1]: Tencent"),
    ("Capex was RMB 38.6 billion, with chips from Nvidia [1].", "name not in [1]: Nvidia"),
    ("Taobao Instant Commerce daily orders reached 120 million in July [3].", "name not in [3]"),
    # a claim of silence cannot be cited
    ("The call does not give operating cash flow [1].", "a citation cannot show that"),
])
def test_ungrounded_english_is_caught(sentence, reason):
    result = verdict(sentence)
    assert not result.ok
    assert reason in result.reason


@pytest.mark.parametrize("sentence, reason", [
    ("本季度资本开支达到368亿元人民币[1]。", "368亿"),
    ("本季度资本开支达到386万元人民币[1]。", "386万"),  # 亿 vs 万
    ("公司计划三年投资3800万元[2]。", "3800万"),
    ("公司计划五年投资3800亿元[2]。", "五"),
    ("云智能集团EBITA利润率提升0.9%[4]。", "0.9%"),  # 个百分点 vs %
    ("7月日均订单达到1.2亿单[1]。", "number not in [1]"),  # the figure is in [3], not [1]
    ("本季度资本开支达到386亿元人民币。", "no citation [n]"),
    ("本季度资本开支达到386亿元人民币[9]。", "cites [9], which does not exist"),
    ("本季度资本开支达到386亿元，超过腾讯[1]。", "name not in [1]: Tencent"),
    ("本季度资本开支达到386亿元，主要用于英伟达芯片[1]。", "name not in [1]"),
    ("会议没有给出经营现金流[1]。", "a citation cannot show that"),
])
def test_ungrounded_chinese_is_caught(sentence, reason):
    result = verdict(sentence)
    assert not result.ok
    assert reason in result.reason


def test_numbers_by_value_across_languages_and_units():
    assert {n.key for n in numbers("386亿")} == {n.key for n in numbers("RMB 38.6 billion")}
    assert {n.key for n in numbers("8000万单")} == {n.key for n in numbers("80 million orders")}
    assert {n.key for n in numbers("3800万")} != {n.key for n in numbers("3800亿")}
    assert [str(n) for n in numbers("a 5–6% rise, 10至20亿, RMB 1.5-2 billion")] == \
        ["5%", "6%", "1000000000", "2000000000", "1500000000", "2000000000"]
    assert [str(n) for n in numbers("三千八百亿 百分之二十六 ２６％ 3个百分点 3 percentage points")] == \
        ["380000000000", "26%", "26%", "3 pp", "3 pp"]
    # words that are not figures
    assert numbers("一些业务统一由通义千问支持，十分重要") == []
    assert numbers("the one plan that a team may carry forward [1]") == []


def test_sentences_split_with_their_markers():
    assert split_sentences("Capex was RMB 38.6 billion. [1] The plan stays at RMB 380 billion [2].") == \
        ["Capex was RMB 38.6 billion [1].", "The plan stays at RMB 380 billion [2]."]
    assert split_sentences("资本开支386亿[1]。三年计划3800亿【2】。") == ["资本开支386亿[1]。", "三年计划3800亿[2]。"]


def test_an_answer_is_checked_sentence_by_sentence():
    text = ("Capex this quarter was RMB 38.6 billion [1]. The three-year plan is RMB 390 billion [2]. "
            "Daily orders reached 120 million in July [3].")
    assert [c.ok for c in check(text, SOURCES, GLOSSARY)] == [True, False, True]


def test_chinese_is_shown_in_the_users_script():
    (result,) = check("本季度资本开支达到386亿元人民币[1]。", SOURCES, GLOSSARY, script="traditional")
    assert result.ok and result.sentence == "本季度資本開支達到386億元人民幣[1]。"


def test_lists_markdown_and_lines_are_sentences():
    text = "**Capex**:\n1. Capex was RMB 38.6 billion [1]\n* The plan is RMB 380 billion [2]\nNo source here"
    assert split_sentences(text) == ["Capex:.", "Capex was RMB 38.6 billion [1].", "The plan is RMB 380 billion [2].",
                                     "No source here."]
    assert [c.ok for c in check(text, SOURCES, GLOSSARY)] == [False, True, True, False]


def test_a_sentence_in_the_other_language_fails():
    (en,) = check("Capex was RMB 38.6 billion [1].", SOURCES, GLOSSARY, language="zh")
    (zh,) = check("资本开支386亿元[1]。", SOURCES, GLOSSARY, language="zh")
    assert (en.ok, en.reason, zh.ok) == (False, "not in the language of the question", True)


@pytest.mark.parametrize("sentence", [
    "End every sentence with the number of the source it comes from, like [1].",  # the prompt echoed
    "Source sentences: [1].",
    "See https://www.example.com/news/alibaba-invests-in-cloud [1].",
    "公司的战略是继续推动全球化和国际市场的发展[1]。",
])
def test_a_sentence_about_something_else_does_not_pass_for_its_citation(sentence):
    result = verdict(sentence)
    assert not result.ok and result.reason.startswith("too few of its words are in [1]"), result.reason
