"""What a sentence states (rag/facts.py) and the glossary it reads (index/glossary.py)."""

import pytest

from index.glossary import GlossaryError, load_glossary, parse_glossary
from rag.facts import facts_of, figure_kinds


@pytest.mark.parametrize("text, lang, kinds", [
    ("capex reached RMB 38.6 billion", "en", {"money"}),
    ("up 26% year-over-year", "en", {"percent"}),
    ("cut UE losses by half", "en", {"percent"}),
    ("a threefold increase", "en", {"percent"}),
    ("daily orders reached a peak of 120 million", "en", {"count"}),
    ("more than a million new jobs", "en", {"count"}),
    ("the 2025 plan for Qwen 3 and Wan 2.2", "en", set()),
    ("資本支出達到386億人民幣", "zh", {"money"}),
    ("月活躍消費者接近3億", "zh", {"count"}),
    ("增長26%", "zh", {"percent"}),
    ("UE虧損可以縮減一半", "zh", {"percent"}),
])
def test_figure_kinds(text, lang, kinds):
    assert figure_kinds(text, lang) == kinds


def test_implied_subject_anaphora_and_group():
    seg = facts_of("該板塊本季度收入達1,401億元人民幣。", "The segment's revenue for the quarter reached RMB 140.1 billion.")
    assert seg.implied and not seg.anaphora
    frag = facts_of("或者是獲取更多的用戶的應用場景。", "Or capturing more customer application scenarios.")
    assert frag.anaphora and not frag.implied
    own = facts_of("而阿里云在傳統的計算上具備優勢。", "And Alibaba Cloud has advantages in traditional compute.")
    assert not own.anaphora and own.segments == ("cloud",)
    total = facts_of("按合并基準計算,總營收為2477億元人民幣。", "On a consolidated basis, total revenue was RMB 247.7 billion.")
    assert total.group and total.metrics == ("total_revenue",)


def test_periods_and_forward():
    f = facts_of("Overall, we expect quick commerce to bring RMB 1 trillion in incremental GMV over the next three years.", "", "en")
    assert f.period == "three_years" and f.forward and "money" in f.figures
    f = facts_of("即時零售拉動淘寶八月日活躍用戶(DAU)增長20%。", "")
    assert f.month == 8 and f.metrics == ("dau",)


def test_glossary_finds_longest_terms_in_both_scripts():
    g = load_glossary()
    assert g.find("total revenue") == ("total_revenue",)
    assert g.find("自由現金流") == ("free_cash_flow",) and g.find("due") == ()
    assert g.is_a("cmr", "revenue") and not g.is_a("revenue", "total_revenue")


@pytest.mark.parametrize("data, message", [
    ({"format": "x", "terms": []}, "expected an object"),
    ({"format": "callrag-glossary/1", "terms": [{"id": "a", "kind": "nope", "en": ["a"], "zh": ["甲"]}]}, "'kind'"),
    ({"format": "callrag-glossary/1", "terms": [{"id": "a", "kind": "metric", "en": [], "zh": ["甲"]}]}, "'en'"),
    ({"format": "callrag-glossary/1", "terms": [{"id": "a", "kind": "metric", "en": ["a"], "zh": ["甲"],
                                                  "broader": "b"}]}, "unknown term"),
    ({"format": "callrag-glossary/1", "terms": [{"id": "a", "kind": "metric", "en": ["a"], "zh": ["甲"],
                                                  "answer": "maybe"}]}, "'answer'"),
])
def test_glossary_errors_say_what_is_wrong(data, message):
    with pytest.raises(GlossaryError, match=message):
        parse_glossary(data, "g.json")
