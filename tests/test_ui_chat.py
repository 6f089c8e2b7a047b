"""The chat's logic without a server: the follow-up rule, the reply's HTML, turns kept in the browser, API bodies."""

import re

import pytest

from rag.types import Answer, Citation
from ui.conversation import Exchange, load_turns, next_turn, save_turns
from ui.format import answer_html, error_html, question_html, turn_messages

CAPEX = "What is the capex plan?"


def _citation(n=1, **kw):
    base = dict(n=n, passage_id=f"t:p{n}", transcript="t", speaker="吳泳銘", speaker_en="Eddie Wu", title="CEO",
                role="management", section="qa", turn=7, paragraph=8, text="三年投資3800億<b>", translation="RMB 380 bn",
                score=0.76, answers=2, question_text="資本開支?", question_translation="Capex?")
    return Citation(**{**base, **kw})


def test_reply_links_markers_to_passages_of_the_same_reply():
    answer = Answer(CAPEX, "en", "neutral", "Eddie Wu (CEO): 380 bn. [1] More. [2] Unknown [9]",
                    (_citation(1), _citation(2, speaker="蔣凡", speaker_en="Jiang Fan"), _citation(3)))
    html = answer_html(answer, "t1")
    assert html.count('href="#c-t1-1"') == 1 and html.count('href="#c-t1-2"') == 1
    assert "[9]" in html and 'href="#c-t1-9"' not in html  # no passage [9]: no dangling link
    ids = re.findall(r'id="(c-[^"]+)"', html)
    assert ids == ["c-t1-1", "c-t1-2", "c-t1-3"]
    assert "Jiang Fan" in html and "Eddie Wu (CEO)" in html and "Q&amp;A, Eddie Wu&#x27;s answer to question 2" in html
    assert "turn 7" not in html and "paragraph 8" not in html  # no jargon
    assert "<summary>Details</summary>relevance score 0.760" in html  # the score only in the details
    assert "The analyst’s question 2" in html and "Capex?" in html
    quoted, more = html.split('<details class="cr-more">')
    assert 'id="c-t1-3"' in more and 'id="c-t1-1"' in quoted  # unquoted passages are folded, quoted ones open
    assert "\n" not in html  # one line: the chat's Markdown would end an HTML block at a blank line


def test_reply_escapes_transcript_text():
    evil = '<img src=x onerror="alert(1)"> & <script>x</script>'
    answer = Answer("q <b>", "en", "neutral", f"{evil} [1]", (_citation(1, text=evil, translation=evil,
                                                                         speaker=evil, title=evil),))
    html = answer_html(answer, "x", query=f"previous {evil}")
    assert "<img" not in html and "<script" not in html and "&lt;script&gt;" in html
    assert "<img" not in question_html(evil) and "<script" not in error_html(evil)


def test_display_switch_converts_chinese_only():
    answer = Answer("資本開支計劃是什麼？", "zh", "traditional", "吳泳銘（CEO）：三年投資3800億。[1]", (_citation(1),))
    asked, simplified, traditional = (answer_html(answer, "z", d) for d in ("As asked", "简体", "繁體"))
    assert "吳泳銘（CEO）" in asked and "吳泳銘" in traditional
    assert "吴泳铭（CEO）" in simplified and "吳" not in simplified and "三年投资3800亿" in simplified
    assert "RMB 380 bn" in simplified  # translations are left alone
    english = Answer(CAPEX, "en", "neutral", "Eddie Wu: invest RMB 380 billion. [1]", (_citation(1),))
    assert "吳泳銘" in answer_html(english, "e") and "吴泳铭" in answer_html(english, "e", "简体")


def test_reply_says_which_query_a_follow_up_used():
    turn = Exchange("f1", "and the riders?", query=f"{CAPEX} and the riders?", topic=CAPEX,
                answer=Answer(f"{CAPEX} and the riders?", "en", "neutral", "x [1]", (_citation(1),)))
    user, reply = turn_messages(turn)
    assert user["role"] == "user" and "and the riders?" in user["content"]
    assert 'href="#md-f1"' in reply["content"]  # copy and download as Markdown
    assert reply["role"] == "assistant" and f"retrieved with “{CAPEX} and the riders?”" in reply["content"]
    plain = Exchange("p1", CAPEX, query=CAPEX, topic=CAPEX, answer=Answer(CAPEX, "en", "neutral", "x [1]", (_citation(1),)))
    assert "retrieved with" not in turn_messages(plain)[1]["content"]


def test_turns_survive_the_browser_round_trip():
    turns = [Exchange("a", CAPEX, CAPEX, CAPEX, Answer(CAPEX, "en", "neutral", "x [1]", (_citation(1),))),
             Exchange("b", "", error="The question is empty")]
    saved = save_turns(turns)
    assert load_turns(saved) == turns
    assert load_turns([{"id": "x"}, "junk", None, saved[0]]) == turns[:1]  # malformed entries are skipped
    tampered = {**saved[0], "id": '"><img src=x onerror=alert(1)>'}
    assert load_turns([tampered]) == []  # an id is used in HTML ids and anchors: only letters and digits
    assert load_turns(None) == [] and load_turns("junk") == []


def test_next_turn_follows_up_and_reports_bad_input(pipeline):
    first = next_turn(pipeline, CAPEX, [], k=3)
    assert first.answer and first.answer.citations[0].speaker_en == "Eddie Wu" and first.topic == CAPEX
    why = next_turn(pipeline, "Why?", [first], k=3)
    assert why.query == f"{CAPEX} Why?" and why.topic == CAPEX and why.follow_up
    again = next_turn(pipeline, "And how is it funded?", [first, why], k=3)
    assert again.query == f"{CAPEX} And how is it funded?"  # joined to the standalone question, not piled up
    riders = next_turn(pipeline, "and the riders?", [first], k=3)
    assert riders.query == "the riders?" and riders.topic == "the riders?"  # a new subject, retrieved alone
    assert "2 million" in riders.answer.answer  # not the capex sentence again
    assert next_turn(pipeline, "Why?", [first, riders], k=3).query == "the riders? Why?"
    lazada = next_turn(pipeline, "What was Lazada's GMV this quarter?", [first], k=3)
    assert lazada.query == "What was Lazada's GMV this quarter?" and not lazada.follow_up
    alone = next_turn(pipeline, "Why?", [first], k=3, follow_ups=False)
    assert alone.query == "Why?" and not alone.follow_up
    empty = next_turn(pipeline, "  ", [first])
    assert empty.answer is None and empty.error.startswith("The question is empty")
    long = next_turn(pipeline, "q" * 2001, [first])
    assert "the limit is 2000" in long.error
    nobody = next_turn(pipeline, CAPEX, [], speaker="Nobody")
    assert "Unknown speaker 'Nobody'" in nobody.error and "Eddie Wu" in nobody.error
    # a failed turn is not a question to follow up
    assert next_turn(pipeline, "Why?", [first, empty]).query == f"{CAPEX} Why?"


@pytest.mark.parametrize(
    "body, message",
    [
        ([], "the body must be a JSON object"),
        ({}, "'question' is missing"),
        ({"question": 3}, "'question' must be a string, got int"),
        ({"question": "q", "k": "3"}, "'k' must be a whole number"),
        ({"question": "q", "k": 2.0}, "'k' must be a whole number"),
        ({"question": "q", "k": True}, "'k' must be a whole number"),
        ({"question": "q", "speaker": 1}, "'speaker' must be a string or null"),
        ({"question": "q", "K": 3}, "unknown field(s) 'K'"),
    ],
)
def test_api_body_is_checked(body, message):
    from ui.app import AskRequest, RequestError

    with pytest.raises(RequestError, match=re.escape(message)):
        AskRequest.from_json(body)


def test_chat_binds_to_this_machine_by_default():
    from callrag.cli import _parser

    args = _parser().parse_args(["chat"])
    assert (args.host, args.port) == ("127.0.0.1", 7860)


def test_chat_on_a_taken_port_is_a_clear_usage_error(capsys):
    import socket

    from callrag.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["chat", "--port", str(port)]) == 2
    assert f"callrag chat: cannot serve on 127.0.0.1:{port}: Address already in use" in capsys.readouterr().err
