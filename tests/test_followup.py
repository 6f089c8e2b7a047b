"""The follow-up rule (rag/followup.py): when a question leans on the previous one, and what is retrieved."""

import pytest

from rag.followup import glossary_terms, is_follow_up, merge, names_subject, own_subject, retrieval_query

CAPEX, CAPEX_ZH = "What is the capex plan?", "资本开支计划是什么？"


@pytest.mark.parametrize(
    "question, previous, expected",
    [
        # a new subject after a connective: retrieved alone (the previous subject would pull its passages back)
        ("and the riders?", CAPEX, "the riders?"),
        ("And the cloud margin?", CAPEX, "the cloud margin?"),
        ("What about margins in the cloud business over the next three years?", CAPEX,
         "margins in the cloud business over the next three years?"),
        ("And Taobao?", CAPEX, "Taobao?"),  # a name
        ("那云业务呢？", CAPEX_ZH, "云业务呢"),
        ("还有骑手呢", CAPEX_ZH, "骑手呢"),
        ("還有騎手嗎", "資本開支計劃是什麼？", "騎手嗎"),  # glossary terms match in either script
        # leaning on the previous question: joined to it
        ("And how will the company fund it over the coming years?", CAPEX,
         f"{CAPEX} And how will the company fund it over the coming years?"),  # opener, points back
        ("Also the timeline?", CAPEX, f"{CAPEX} Also the timeline?"),  # an aspect, not a subject
        ("What about this quarter?", CAPEX, f"{CAPEX} What about this quarter?"),  # a period, not a subject
        ("What did he say about it?", CAPEX, f"{CAPEX} What did he say about it?"),  # points back
        ("Is that on track?", CAPEX, f"{CAPEX} Is that on track?"),
        ("Why?", CAPEX, f"{CAPEX} Why?"),  # bare
        ("  and then?  ", CAPEX, f"{CAPEX} and then?"),
        ("它的节奏如何？", CAPEX_ZH, f"{CAPEX_ZH} 它的节奏如何？"),
        ("为什么？", CAPEX_ZH, f"{CAPEX_ZH} 为什么？"),
        ("还有这个季度呢？", CAPEX_ZH, f"{CAPEX_ZH} 还有这个季度呢？"),
        # standalone questions
        ("What was Lazada's GMV this quarter?", CAPEX, "What was Lazada's GMV this quarter?"),  # its own subject
        ("What was Lazada's GMV this quarter?", "How fast did cloud grow?", "What was Lazada's GMV this quarter?"),
        ("What is the GMV of Lazada?", CAPEX, "What is the GMV of Lazada?"),
        ("How fast did cloud grow?", CAPEX, "How fast did cloud grow?"),  # short, no pointer: a question of its own
        ("How fast did the cloud business grow this quarter?", CAPEX,
         "How fast did the cloud business grow this quarter?"),  # "this quarter" does not point back
        ("Andrew asked about the cloud business growth this quarter", CAPEX,
         "Andrew asked about the cloud business growth this quarter"),  # "and" only inside a word
        ("Lazada的GMV是多少？", CAPEX_ZH, "Lazada的GMV是多少？"),
        ("这个季度的收入是多少？", CAPEX_ZH, "这个季度的收入是多少？"),  # "这个季度" is a period
        ("云业务今年增长多少呢", CAPEX_ZH, "云业务今年增长多少呢"),
        ("阿里云本季度的收入增长速度以及利润率是多少", CAPEX_ZH, "阿里云本季度的收入增长速度以及利润率是多少"),
        (CAPEX_ZH, CAPEX, CAPEX_ZH),  # another language: a new question
        ("and the riders?", None, "and the riders?"),  # nothing to follow
        ("and the riders?", "  ", "and the riders?"),
        ("", CAPEX, ""),
    ],
)
def test_retrieval_query(question, previous, expected):
    assert retrieval_query(question, previous) == expected


def test_is_follow_up_and_merge_are_separate_questions():
    assert is_follow_up("Why?", CAPEX) and not is_follow_up("What was Lazada's GMV this quarter?", CAPEX)
    assert merge("Why?", CAPEX) == f"{CAPEX} Why?"


def test_own_subject_is_a_name_not_a_pronoun_or_a_period():
    assert own_subject("What was Lazada's GMV this quarter?") and own_subject("Is AI demand strong?")
    assert not own_subject("What did he say about it?") and not own_subject("Why this quarter?")
    assert not own_subject("I wonder why?")  # "I" is not a name


def test_subjects_come_from_the_glossary_and_can_be_given():
    assert "riders" in glossary_terms("and the riders?") and "cloud" in glossary_terms("云业务呢")
    timeline = lambda text: ("timeline",) if "timeline" in text else ()  # noqa: E731
    assert names_subject("the timeline?", timeline) and not names_subject("the timeline?")
    assert merge("And the timeline?", CAPEX, timeline) == "the timeline?"
    assert merge("and the riders?", CAPEX, lambda text: ()) == f"{CAPEX} and the riders?"  # no subject known
