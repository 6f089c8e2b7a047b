"""The call as the chat shows it (header, About, viewer), the quoted sentences, and the Markdown export."""

import re
from dataclasses import replace

from rag.types import Answer, Citation
from ui.cited import answer_sentences, derive
from ui.conversation import Exchange
from ui.export import conversation_markdown, turn_markdown
from ui.format import answer_html
from ui.transcript import Call, header_html, slug, viewer_html

CAPEX = "What is the capex plan?"


def _capex_answer(corpus) -> Answer:
    """An answer quoting two sentences of turn 7, paragraph 8 (Eddie Wu on capex), as rag.answer renders it."""
    p = corpus.turns[7].paragraphs[8]
    c = Citation(1, "p", corpus.id, "吳泳銘", "Eddie Wu", "CEO", "management", "qa", 7, 8, p.text("zh"), p.text("en"),
                 0.77, answers=2)
    text = f"Eddie Wu (CEO): {p.sentences[0].en} [1] {p.sentences[2].en} [1]"
    return Answer(CAPEX, "en", "neutral", text, (c,))


def test_header_and_about_name_the_call(corpus):
    call = Call.of(corpus)
    header = header_html([call])
    for part in ("Alibaba Group Holding Limited", "Q1 FY2026", "quarter ended 30 June 2025", "29 August 2025",
                 "Chinese, with an English translation"):
        assert part in header
    about = call.about_html()
    assert "Eddie Wu" in about and "Jiang Fan" in about and "Chief Executive Officer" in about
    assert "Wallstreetcn" in about


def test_optional_corpus_fields_are_shown_when_present(corpus):
    notes = {**corpus.metadata, "notes": [{"en": "Figures are in RMB.", "zh": "数字单位为人民币。"}]}
    about = Call.of(replace(corpus, metadata=notes)).about_html()
    assert "Notes on this call" in about and "Figures are in RMB." in about and "数字单位为人民币。" in about
    bare = {k: v for k, v in corpus.metadata.items() if k != "notes"}
    assert "Notes on this call" not in Call.of(replace(corpus, metadata=bare)).about_html()
    if corpus.metadata.get("notes"):  # the bundled call's own notes (issue 10) are shown too
        assert corpus.metadata["notes"][0]["en"][:40] in Call.of(corpus).about_html()


def test_places_are_in_words(corpus):
    call = Call.of(corpus)
    assert call.place(7, 8) == "Q&A, Eddie Wu's answer to question 2, paragraph 9 of 9"
    assert call.place(6) == "Q&A, question 2" and call.place(1) == "Prepared remarks, Eddie Wu"


def test_the_viewer_marks_every_sentence_with_its_id(corpus):
    html = Call.of(corpus).viewer_html()
    n = sum(1 for _ in corpus.sentences())
    assert len(re.findall(r'data-sid="', html)) == 2 * n  # original and translation
    assert 'id="v-alibaba-2025q2-t7-p8"' in html and 'data-sid="alibaba-2025q2:t7.p8.s0"' in html
    assert slug("a b/<x>") == "a_20b_2f_3cx_3e"
    assert 'id="cr-calls"></div>' in viewer_html()  # the panel carries no call: one is loaded when opened


def test_quoted_sentences_are_derived_until_the_answer_carries_them(corpus):
    answer = _capex_answer(corpus)
    found = answer_sentences(answer, {corpus.id: corpus})
    assert [d["sentence_id"] for d in found] == ["alibaba-2025q2:t7.p8.s0", "alibaba-2025q2:t7.p8.s2"]
    assert found[0]["original"] == corpus.turns[7].paragraphs[8].sentences[0].zh and found[0]["n"] == 1
    # a Chinese answer in Simplified: found through the script conversion
    p = corpus.turns[7].paragraphs[8]
    from index.script import to_script
    zh = replace(answer, language="zh", script="simplified",
                 answer=f"吴泳铭（CEO）：{to_script(p.sentences[2].zh, 'simplified')}[1]")
    assert [d["sentence_id"] for d in derive(zh, {corpus.id: corpus})] == ["alibaba-2025q2:t7.p8.s2"]
    assert derive(answer, {}) == []  # an unknown call: nothing to highlight, no error


def test_the_answer_links_to_the_quoted_sentences_in_the_viewer(corpus):
    answer = _capex_answer(corpus)
    html = answer_html(answer, "t1", cited={1: ("alibaba-2025q2:t7.p8.s0", "alibaba-2025q2:t7.p8.s2")})
    assert 'href="#v-alibaba-2025q2-t7-p8~0.2~c-t1-1">Show in the call</a>' in html


def test_markdown_export(corpus):
    call = Call.of(corpus)
    answer = _capex_answer(corpus)
    md = turn_markdown(Exchange("a1", CAPEX, CAPEX, CAPEX, answer), {corpus.id: call})
    p = corpus.turns[7].paragraphs[8]
    assert md.startswith(f"## {CAPEX}\n\nEddie Wu (CEO): ")
    assert f"**[1] Eddie Wu (CEO)** · 吳泳銘 · Q&A, Eddie Wu's answer to question 2, paragraph 9 of 9 · {call.heading}" in md
    assert f"> {p.sentences[0].zh}{p.sentences[2].zh}" in md  # the quoted original, not the whole passage
    assert f"> *Translation:* {p.sentences[0].en} {p.sentences[2].en}" in md
    assert p.sentences[1].en not in md.split("### Sources")[1]
    whole = conversation_markdown([Exchange("a1", CAPEX, CAPEX, CAPEX, answer), Exchange("b", "x", error="Bad")],
                                  {corpus.id: call})
    assert whole.startswith("# Questions about the call") and "## x\n\n*Bad*" in whole


def test_the_answers_own_quoted_sentences_are_used_and_survive_the_browser(corpus):
    from rag.types import AnswerSentence
    from ui.conversation import load_turns, save_turns

    own = (AnswerSentence(1, "alibaba-2025q2:t7.p8.s1", "原文", "shown"),)
    answer = replace(_capex_answer(corpus), answer_sentences=own)
    assert [d["sentence_id"] for d in answer_sentences(answer, {corpus.id: corpus})] == ["alibaba-2025q2:t7.p8.s1"]
    turn = Exchange("a1", CAPEX, CAPEX, CAPEX, answer)
    assert load_turns(save_turns([turn])) == [turn]
