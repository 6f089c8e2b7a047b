"""The translation review of the bundled call (issue 10): the garbles are translated by their meaning with a note,
question parts link answers to what they answer, call notes and Chinese titles are there, and the new fields
reach the passages. Also: the corpus format refuses a part that does not exist."""

import re

import pytest

from index.corpus import CorpusError, corpus_from_dict
from index.passages import passages_from_corpus


def _sentence(corpus, place: str):
    t, p, s = (int(x) for x in place.split("."))
    return corpus.turns[t].paragraphs[p].sentences[s]


@pytest.mark.parametrize("place, wrong, right, note", [
    ("2.7.0", "custom manufacturing", "Customer management revenue grew 10%", "外賣"),
    ("2.4.1", "gap", "Net income increased 76%", "缺口"),
    ("2.9.3", "Excluding the investment in quick commerce, adjusted EBITA", "decreased 21%", "剔除快電商投入后"),
    ("1.5.7", "TikTok has", "DingTalk [transcript: TikTok]", "TikTok"),
    ("1.6.2", "Aolama", "Ele.me, Fliggy and Amap", "奧拉瑪"),
    ("1.4.0", "our Q1 models", "Qwen", "Q1"),
    ("1.5.0", "asynchronous models", "non-thinking", "非同步"),
    ("5.1.1", "land use", "delivery capacity", "用地"),
    ("2.4.2", "backed by nearly", "[We have] nearly US$50 billion in net cash", "500億美元"),
])
def test_garbles_are_translated_by_their_meaning_with_the_transcripts_wording_noted(corpus, place, wrong, right, note):
    s = _sentence(corpus, place)
    assert wrong not in s.en and right in s.en
    assert note in s.note


def test_the_host_introduces_two_executives_not_three(corpus):
    s = _sentence(corpus, "0.0.1")
    assert s.en.startswith("Joining us today are Eddie Wu, Chairman and Chief Executive Officer of Taotian")
    assert "Taotian" in corpus.speaker("吳泳銘").title_en


def test_no_answer_sentence_credits_food_delivery_for_cmr(corpus):
    for _, _, s in corpus.sentences():
        if re.search(r"customer management revenue|CMR", s.en, re.I):
            assert not re.search(r"driven (mainly )?by .*food delivery", s.en, re.I), s.en


def test_joined_fragments_read_as_one_sentence(corpus):
    assert _sentence(corpus, "1.9.5").en == "Our investments in AI have begun to deliver tangible results."
    s = _sentence(corpus, "7.7.1")
    assert "(" not in s.en and "[gross] margin" in s.en


def test_analysts_say_you_for_alibaba(corpus):
    for place in ("6.1.2", "6.2.0", "12.0.2", "15.0.2", "15.0.4", "15.0.5", "17.0.1"):
        s = _sentence(corpus, place)
        assert re.search(r"\byou(r)?\b", s.en), place
        assert not re.search(r"\b(our|we will take)\b", s.en), place
        assert "我們" in s.note


def test_editorial_insertions_use_square_brackets(corpus):
    """Round brackets in the English only where the Chinese has them too."""
    for t, p, s in corpus.sentences():
        if "(" in s.en:
            assert re.search(r"[(（]", s.zh), f"{t.index}.{p.index}.{s.index}: {s.en}"


def test_question_parts_and_the_paragraphs_answering_them(corpus):
    q4 = corpus.questions()[4]
    assert [p.label for p in q4.parts] == ["a", "b"]
    turn11 = corpus.turns[11]
    assert turn11.answers == 4
    assert [p.answers_part for p in turn11.paragraphs] == ["a", "a", "b"]
    number, part = corpus.answered_part(turn11, turn11.paragraphs[2])
    assert number == 4 and "Customer management revenue" in part.en and "客户管理收入" in part.zh
    assert [p.label for p in corpus.questions()[2].parts] == ["a", "b", "c", "d"]
    assert corpus.answered_part(corpus.turns[7], corpus.turns[7].paragraphs[8])[1].en == "The capex outlook"
    assert corpus.answered_part(corpus.turns[9], corpus.turns[9].paragraphs[0]) is None  # no parts recorded


def test_call_notes_and_chinese_titles(corpus):
    notes = corpus.notes()
    assert any("蔣凡" in n.en and "CFO" in n.en and "蒋凡" in n.zh for n in notes)
    assert any("AI-assisted" in n.en for n in notes)
    assert corpus.speaker("蔣凡").short_title_zh == "阿里巴巴电商事业群CEO"
    assert all(s.short_title_zh for s in corpus.speakers)


def test_new_fields_reach_the_passages(corpus):
    passages = {p.id: p for p in passages_from_corpus(corpus)}
    p = passages["alibaba-2025q2:t11.p2"]
    assert p.answers == 4 and p.answers_part == "b" and p.title_zh == "阿里巴巴电商事业群CEO"
    assert passages["alibaba-2025q2:t9.p0"].answers_part is None
    noted = passages["alibaba-2025q2:t2.p7"]
    assert "外賣" in noted.sentences[0].note
    assert type(p).from_json(p.to_json()) == p


def test_a_part_the_question_does_not_have_is_refused(corpus):
    data = corpus.to_dict()
    data["turns"][11]["paragraphs"][2]["answers_part"] = "z"
    with pytest.raises(CorpusError, match=r"x\.json: turns\[11\]\.paragraphs\[2\]: answers_part 'z' is not a part "
                                          r"of question 4; expected one of \['a', 'b'\]"):
        corpus_from_dict(data, source="x.json")
    data = corpus.to_dict()
    data["turns"][10]["parts"][1]["label"] = "a"
    with pytest.raises(CorpusError, match="repeat a label"):
        corpus_from_dict(data, source="x.json")
    data = corpus.to_dict()
    data["metadata"]["notes"] = [{"en": "only English"}]
    with pytest.raises(CorpusError, match="metadata.notes"):
        corpus_from_dict(data, source="x.json")


def test_optional_fields_are_left_out_of_the_json_when_empty(corpus):
    data = corpus.to_dict()
    first = data["turns"][0]["paragraphs"][0]
    assert "answers_part" not in first and "note" not in first["sentences"][0]
    assert "parts" not in data["turns"][0]
