"""Declining on names the call never mentions: which words count as names, when a name counts as mentioned, and
what the pipeline answers."""

from __future__ import annotations

import pytest

from rag.grounding import Vocabulary, names, unknown_names

CALL = Vocabulary.from_texts([
    "Taobao monthly active users grew, and Ele.me orders rose.",
    "淘寶閃購 with Alibaba Cloud and the SAP deal; Freshippo stores joined. RMB 50 billion over three years.",
])


@pytest.mark.parametrize(
    "question, expected",
    [
        ("What was Lazada's GMV this quarter?", ["Lazada", "GMV"]),
        ("Lazada GMV?", ["GMV"]),  # a sentence's first word may be an ordinary word: not taken for a name
        ("Any update on the Southbound Stock Connect or Hong Kong?", ["Southbound Stock Connect", "Hong Kong"]),
        ("Is Alibaba buying H20 chips or Nvidia GPUs?", ["Alibaba", "H20", "Nvidia GPUs"]),
        ("How fast will the RMB 50bn be spent in FY26, 2H25 and Q3, and what happens in June?", ["RMB"]),
        ("What is JD.com's share, and non-GAAP EPS?", ["JD.com", "non-GAAP EPS"]),
        ("Lazada这个季度的GMV有多少？", ["Lazada", "GMV"]),
        ("通義千問app的月活是多少？", ["app"]),  # any Latin word in a Chinese question
        ("what is the capex plan?", []),
        # a dotted abbreviation ends no sentence: one name (session 16's review had "U.K" and "Services")
        ("What were the U.K. Building Services segment's RPOs?", ["U.K. Building Services", "RPOs"]),
        ("How did U.S. sales grow?", ["U.S"]),
    ],
)
def test_names(question, expected):
    assert names(question) == expected


@pytest.mark.parametrize(
    "question, unknown",
    [
        ("What was Lazada's GMV?", ("Lazada", "GMV")),
        ("Taobao MAU growth", ()),  # an acronym of words the call uses: monthly active users
        ("How many Taobao DAU?", ("Taobao DAU",)),  # adjacent names are one name
        ("How do Freshippo Stores and Ele.me do on 淘宝闪购?", ()),  # stems, dotted names, either script
        ("Does Alibaba Cloud still work with SAP?", ()),
        ("Is the EU investigating AliExpress?", ("EU", "AliExpress")),  # two letters: only the literal counts
        ("What about Alibaba Lazada?", ("Alibaba Lazada",)),  # joined names: unknown if any word is
    ],
)
def test_unknown_names(question, unknown):
    assert unknown_names(question, CALL) == unknown


def test_names_joined_by_an_ampersand_and_their_initials():
    """"Johnson & Johnson" is one name, mentioned when the call says "J&J"; "U.S." is mentioned as "US"."""
    call = Vocabulary.from_texts(["Hips grew where J&J has been dominant; US same-store sales grew 3.5%."])
    assert names("How fast did Johnson & Johnson's hip business grow?") == ["Johnson & Johnson"]
    assert unknown_names("How fast did Johnson & Johnson's hip business grow?", call) == ()
    assert unknown_names("How did Procter & Gamble do?", call) == ("Procter & Gamble",)
    assert unknown_names("How did U.S. same-store sales do?", call) == ()
    # the initials of other words are no mention (39th review: MAA's "… customer property taxes …" had "mentioned"
    # Camden Property Trust, and another company's question got MAA's own figures)
    taxes = Vocabulary.from_texts(["We saw higher customer property taxes this quarter.", "Rents rose."])
    assert unknown_names("What did Camden Property Trust report?", taxes) == ("Camden Property Trust",)
    assert unknown_names("What did Camden Property Trust report?", Vocabulary.from_texts(["CPT grew."])) == ()


def test_a_name_with_an_ampersand_is_its_word_and_the_initials_after_it():
    """"R&DS" is "R&D Solutions" (the thirtieth review's IQVIA backlog had been "not given" over its own quote)."""
    from rag.compose import _named

    assert _named("r&ds", "r&d solutions backlog stands at $19 billion")
    assert not _named("r&ds", "r&d backlog stands at $19 billion")
    assert not _named("r&ds", "the commercial solutions backlog")


def test_a_name_in_what_a_worded_result_is_put_down_to_is_not_whose_result_it_is():
    """"Adjusted EBITDA was higher …, driven primarily by a $354 million increase from Refining & Marketing" is the
    company's EBITDA, not the segment's (31st review: it answered why the segment's EBITDA rose)."""
    from rag.compose import _without_cause

    assert "Refining" not in _without_cause("Adjusted EBITDA was higher quarter over quarter, driven primarily by a $354 "
                                            "million increase from Refining & Marketing.")
    assert _without_cause("Refining & Marketing EBITDA was higher.") == "Refining & Marketing EBITDA was higher."


def test_a_metric_named_only_in_a_cause_is_not_what_the_sentence_explains():
    from index.glossary import load_glossary
    from rag.compose import _ANNOUNCES_FACTORS, _asked_only_in_cause
    from rag.question import analyse

    g = load_glossary()
    q = analyse("Why did card receivables decline year over year?", g)
    assert _asked_only_in_cause(q, "This was driven by a 7% decline in average receivables and lower market rates.", g)
    assert _asked_only_in_cause(q, "Total loans were down 7%, driven by a 9% decrease in card receivables.", g)
    assert not _asked_only_in_cause(q, "The reduction in card receivables was driven by two primary factors.", g)
    # ... and that sentence only counts the factors the next ones give
    assert _ANNOUNCES_FACTORS.fullmatch("the reduction in card receivables was driven by two primary factors.")
    assert not _ANNOUNCES_FACTORS.fullmatch("the reduction was driven by lower payment rates.")


def test_a_question_naming_what_the_call_never_mentions_is_declined_with_the_reason(pipeline):
    a = pipeline.ask("What was Lazada's GMV this quarter?")
    assert a.declined and a.citations == () and a.not_mentioned == ("Lazada",)
    assert a.answer == "The call does not mention Lazada, so it cannot answer this question."
    assert a.to_dict()["not_mentioned"] == ["Lazada"]
    zh = pipeline.ask("Lazada與Trendyol這季表現如何？")
    assert zh.declined and zh.not_mentioned == ("Lazada", "Trendyol") and zh.script == "traditional"
    assert zh.answer == "這次電話會議沒有提到Lazada、Trendyol，因此無法根據會議內容回答這個問題。"


def test_a_name_that_is_also_a_glossary_term_is_named_once(pipeline):
    a = pipeline.ask("How many users does Quark have?")  # a name, and the glossary's company "Quark"
    assert a.not_mentioned == ("Quark",)
    assert a.answer == "The call does not mention Quark, so it cannot answer this question."


def test_names_the_call_uses_do_not_decline(pipeline):
    for question in ("Taobao app MAU growth", "What is the new SAP partnership about?",
                     "How did Ele.me's capabilities help?", "Can Ele.me beat Meituan?"):
        a = pipeline.ask(question)
        assert not a.declined and a.citations, question  # Meituan: an analyst names it, management answers


def test_the_rule_can_be_turned_off(pipeline, monkeypatch):
    from index.settings import Settings

    off = pipeline.variant(decline_unknown_names=False, min_similarity_en=0.0)
    a = off.ask("What was Lazada's GMV this quarter?")
    assert a.not_mentioned == () and a.citations  # answered from the closest passages, as before the rule
    monkeypatch.setenv("CALLRAG_DECLINE_UNKNOWN_NAMES", "off")
    assert Settings().decline_unknown_names is False


def test_a_variant_shares_the_index_and_cannot_change_it(pipeline):
    v = pipeline.variant(k=3)
    assert v.store is pipeline.store and v.embedder is pipeline.embedder and v.settings.k == 3
    with pytest.raises(ValueError, match="cannot change how the index is built: embedder"):
        pipeline.variant(embedder="sentence-transformers:x")


def test_a_hyphenated_word_is_judged_by_its_name_parts():
    from rag.grounding import Vocabulary, names, unknown_names

    vocabulary = Vocabulary.from_texts(["AI is big. We lead in cloud. GAAP results."])
    assert unknown_names("Where does management see AI-led opportunities?", vocabulary) == ()
    assert names("When was the three-year, 380-billion-yuan plan announced?") == []
    assert unknown_names("What is non-GAAP EPS?", vocabulary) == ("non-GAAP EPS",)  # EPS is never mentioned
    assert unknown_names("How is Meituan-Dianping doing?", vocabulary) == ("Meituan-Dianping",)


def test_a_metric_the_glossary_knows_is_not_an_unknown_name():
    from index.glossary import load_glossary

    call = Vocabulary.from_texts(["Looking at fourth-quarter earnings, we generated $2.27 per share in adjusted "
                                  "earnings."])
    assert unknown_names("What adjusted EPS did Lazada report?", call) == ("EPS", "Lazada")
    assert unknown_names("What adjusted EPS did Lazada report?", call, load_glossary()) == ("Lazada",)


def test_a_trailing_plus_is_part_of_a_name():
    assert names("How many paid Disney+ subscribers did Disney have?") == ["Disney+", "Disney"]
    assert names("How is ESPN+ doing against AI+云?") == ["ESPN+", "AI+"]
    assert unknown_names("How is ESPN+ doing?", Vocabulary.from_texts(["ESPN+ grew."])) == ()
    assert unknown_names("How is Hulu+ doing?", Vocabulary.from_texts(["ESPN+ grew."])) == ("Hulu+",)


def test_a_two_word_name_is_not_mentioned_by_the_letters_of_its_initials():
    """"百威英博（AB InBev）本季度在美国的啤酒销量增长了多少？" over Constellation's call, which never names AB InBev:
    its initials "A&B" had been found as the words "a" and "B" ("Class B"), so the competitor's figure was answered
    with Constellation's own (fourteenth review)."""
    from index.vocabulary import Vocabulary
    from rag.grounding import unknown_names

    v = Vocabulary.from_texts(["Our beer business posted a depletion growth of 8%.", "Class B shares were converted."])
    assert unknown_names("百威英博（AB InBev）本季度在美国的啤酒销量增长了多少？", v) == ("AB InBev",)
    assert unknown_names("How did J&J grow?", Vocabulary.from_texts(["J&J grew 5%."])) == ()
