"""Answers that answer (rag/compose.py through Pipeline.ask): the sentence that answers leads, no filler, no
implied subject alone, an honest "not given", the speaker filter's redirect, questions that cannot be answered as
asked. The questions are the issue's examples; the behaviour comes from general rules (no question is special)."""

import re

import pytest

from eval.answers import FillerJudge
from rag.pipeline import AskError


def lead(answer):
    return answer.answer_sentences[0]


def test_capex_this_quarter_leads_with_the_quarter_figure(pipeline):
    en = pipeline.ask("How much did Alibaba spend on capex this quarter?")
    assert "RMB 38.6 billion" in lead(en).text and not en.declined
    zh = pipeline.ask("本季度资本开支是多少？")
    assert "386亿" in lead(zh).text and "大家好" not in zh.answer


def test_total_revenue_is_not_a_segments_revenue(pipeline):
    a = pipeline.ask("What was Alibaba's total revenue for the quarter?")
    assert "RMB 247.7 billion" in lead(a).text
    assert "140.1" not in lead(a).text


def test_mau_question_quotes_the_mau_figure_first(pipeline):
    a = pipeline.ask("淘寶閃購的月活躍用戶有多少？")
    assert "3億" in lead(a).text and a.script == "traditional"


def test_unit_economics_loss_is_answered_by_the_halving(pipeline):
    a = pipeline.ask("By how much will the unit-economics loss shrink?")
    assert "by half" in lead(a).text


def test_an_outlook_question_leads_with_what_lies_ahead_not_the_quarter(pipeline):
    # session 23: a forward-looking sentence weighs more for a plan or outlook, and "from here" asks one
    a = pipeline.ask("Where is AIDC's profitability going from here?")
    assert lead(a).text.startswith("Looking ahead"), lead(a).text


def test_cloud_margin_never_quotes_another_segments_loss(pipeline):
    a = pipeline.ask("What is the cloud margin?")
    assert "8.8%" in lead(a).text
    assert "1.4 billion" not in a.answer


@pytest.mark.parametrize("question, subject, offered", [
    ("What was operating cash flow?", "operating cash flow", "free cash flow"),
    ("本季度经营现金流是多少？", "经营现金流", None),
    ("What was Meituan's daily order volume in August?", "Meituan", None),
    ("What was Alibaba's dividend per share?", "dividend", None),
])
def test_not_given_says_so_first_then_what_the_call_gives(pipeline, question, subject, offered):
    a = pipeline.ask(question)
    assert a.declined and a.decline_reason == "not_given" and subject in a.not_given
    first_line = a.answer.splitlines()[0]
    assert first_line.startswith("The call does not give" if a.language == "en" else "这次电话会议没有给出")
    assert a.citations, "the nearest citations are still listed"
    if offered:
        assert offered in a.answer.lower()


def test_not_given_in_traditional_script(pipeline):
    a = pipeline.ask("本季度經營現金流是多少？")
    assert a.answer.startswith("這次電話會議沒有給出")


def test_speaker_filter_says_who_did_address_it(pipeline):
    a = pipeline.ask("What is the capex plan?", speaker="Jiang Fan")
    assert a.answer.startswith("Jiang Fan did not address this; Eddie Wu")
    assert not a.declined and "RMB 380 billion" in a.answer
    assert a.citations[0].speaker_en == "Eddie Wu"


@pytest.mark.parametrize("question", ["Why?", "🙂", "<b>", "为什么？"])
def test_questions_with_nothing_to_search_get_a_request_and_no_quote(pipeline, question):
    a = pipeline.ask(question)
    assert a.declined and a.decline_reason == "unclear"
    assert not a.citations and not a.answer_sentences and "[1]" not in a.answer
    assert ("for example" in a.answer) or ("例如" in a.answer)


def test_other_languages_are_named(pipeline):
    a = pipeline.ask("Quel est le plan d'investissement dans le cloud ?")
    assert a.declined and a.decline_reason == "language" and "French" in a.answer and not a.citations


def test_lone_surrogate_is_a_clear_error(pipeline):
    with pytest.raises(AskError, match="lone surrogate"):
        pipeline.ask("capex \ud800 plan")


def test_implied_subject_is_never_quoted_alone(pipeline, suite):
    """A quoted "The segment's …" / 该板块… carries an editorial insertion naming the segment."""
    for case in suite:
        for s in pipeline.ask(case.question).answer_sentences:
            if re.match(r"(?:The segment's|該板塊|该板块|該分部|该分部)", s.original) or \
                    re.match(r"The segment's", s.text):
                assert s.text.startswith("["), (case.id, s.text)


@pytest.mark.parametrize("question, insertion", [("What was the adjusted EBITA margin?", "[Cloud Intelligence Group]"),
                                                 ("经调整EBITA利润率是多少？", "[云智能集团]")])
def test_a_figure_whose_paragraph_names_its_segment_is_not_quoted_as_the_companys(pipeline, question, insertion):
    """"Adjusted EBITA margin was stable at 8.8%." follows "Cloud Intelligence Group revenue grew 26%" in its
    paragraph: quoted without it, it would read as the whole company's margin, so the segment is inserted."""
    first = lead(pipeline.ask(question))
    assert "8.8%" in first.text and first.text.startswith(insertion), first.text


def test_a_company_wide_figure_gets_no_segment_from_its_paragraph(pipeline):
    """The RMB 50 billion consumption plan follows a sentence about cloud; it is the company's, not cloud's."""
    for s in pipeline.ask("When did Alibaba announce the RMB 50 billion consumption plan?").answer_sentences:
        assert not ("50" in s.text and s.text.startswith("[")), s.text


def test_answer_sentences_contract(pipeline, corpus):
    a = pipeline.ask("How fast did the cloud business grow?")
    by_id = {f"{corpus.id}:t{t.index}.p{p.index}.s{s.index}": s for t, p, s in corpus.sentences()}
    assert 1 <= len(a.answer_sentences) <= 4
    for s in a.answer_sentences:
        assert s.n in {c.n for c in a.citations}
        assert by_id[s.sentence_id].zh == s.original
        assert s.text in a.answer
    d = a.to_dict()
    assert d["answer_sentences"][0].keys() >= {"n", "sentence_id", "original", "text"}
    assert d["analysis"]["answer_type"] == "percent" and "not_given" in d


def test_no_filler_over_the_bundled_suite(pipeline, suite, corpus):
    """Filler by the hand labels (not the product's own rule): at most 1% of quoted sentences."""
    judge = FillerJudge.load([corpus])
    quoted = [s for case in suite for s in pipeline.ask(case.question).answer_sentences]
    filler = [s.text for s in quoted if judge(s.sentence_id, s.original)]
    assert len(filler) <= 0.01 * len(quoted), filler


def test_cmr_growth_quotes_the_take_rate_not_food_delivery(pipeline, suite):
    """Issue 10's acceptance: the CMR answer quotes the sentence about CMR and the take rate; no answer credits
    food delivery for CMR (the transcript's garble, now translated by meaning)."""
    a = pipeline.ask("E-commerce customer management revenue growth?")
    assert any("take-rate" in s.text or "take rate" in s.text for s in a.answer_sentences), a.answer
    for case in suite:
        for s in pipeline.ask(case.question).answer_sentences:
            assert not ("food delivery" in s.text and "customer management revenue" in s.text.lower()), s.text


def test_an_outlook_asked_without_an_amount_is_answered_in_words(pipeline):
    """"How will CMR growth go?" is answered by the qualitative outlook, not declined for want of a figure."""
    a = pipeline.ask("未来几个季度CMR增速如何？")
    assert not a.declined and "较高增速" in lead(a).text
    assert pipeline.ask("明年的自由现金流预计是多少？").decline_reason == "not_given"  # an amount, in the future


@pytest.mark.parametrize("question", ["When will quick commerce break even?", "In which year was Alibaba founded?",
                                      "When does management expect Taobao Instant Commerce to turn a profit?"])
def test_a_when_question_the_call_does_not_date_is_not_given(pipeline, question):
    """No sentence of the call about what is asked names a month, a year or a quarter: "not given", not a sentence
    that merely mentions August."""
    a = pipeline.ask(question)
    assert a.declined and a.decline_reason == "not_given" and a.not_given == "a date for this"
    assert a.answer.startswith("The call does not give a date for this.")


def test_a_when_question_about_the_future_is_not_answered_by_a_past_date(pipeline):
    """"When will … ?" asks for a date ahead: the launch in late April (a dated sentence about the same business)
    does not answer when it will be profitable."""
    a = pipeline.ask("淘宝闪购预计什么时候能实现盈利？")
    assert a.declined and a.not_given == "具体时间", a.answer


def test_a_when_question_leads_with_the_dated_sentence(pipeline):
    zh = pipeline.ask("淘宝闪购什么时候上线的？")
    assert not zh.declined and "4月底上线" in lead(zh).text
    en = pipeline.ask("When did Alibaba announce the RMB 380 billion plan?")
    assert not en.declined and "February" in lead(en).text


def test_words_of_the_same_event_count_as_shared(pipeline):
    """推出 and 上线 name the same event: the sentence dating the launch ("4月底上线“淘宝闪购”") shares the
    question's words and leads, not a sentence about the app's 8月 loyalty programme that shares 推出."""
    from rag.compose import asked_words, words_of

    assert "上线" in asked_words("淘宝闪购是什么时候推出的？", "zh") and "上线" in words_of("4月底上线", "zh")
    a = pipeline.ask("淘宝闪购是什么时候推出的？")
    assert not a.declined and "4月底上线" in lead(a).text, a.answer


@pytest.mark.parametrize("question, phrase", [
    ("How much does Alibaba pay SAP under the partnership?", "the figure asked for"),
    ("How many engineers work on Qwen?", "the figure asked for"),
    ("通义千问团队有多少名工程师？", "所问的数字"),
])
def test_a_figure_the_glossary_cannot_name_is_not_given_when_no_sentence_gives_one(pipeline, question, phrase):
    """No sentence of the call gives a figure and shares a fifth of the question's words: "not given"."""
    a = pipeline.ask(question)
    assert a.declined and a.decline_reason == "not_given" and a.not_given == phrase


def test_a_figure_the_glossary_cannot_name_is_answered_when_the_call_gives_it(pipeline):
    a = pipeline.ask("阿里巴巴成立多少年了？")  # 26年后: a count of years, not in figure_kinds
    assert not a.declined and any("26年" in s.text for s in a.answer_sentences)


def test_a_figure_of_a_name_is_not_stated_by_a_paragraph_that_never_names_it(pipeline):
    """"SAP合作每年给阿里带来多少收入？" is not answered with the China E-commerce segment's revenue."""
    a = pipeline.ask("SAP合作每年给阿里带来多少收入？")
    assert a.declined and a.decline_reason == "not_given" and a.not_given == "SAP的收入"
    assert a.answer.startswith("这次电话会议没有给出SAP的收入。")


@pytest.mark.parametrize("question", ["What is Alibaba Cloud's market share?", "阿里云在中国的市场份额是多少？"])
def test_a_share_stated_in_a_food_delivery_paragraph_is_not_the_clouds(pipeline, question):
    """"在很多省市我们过去的份额甚至低于20%" sits in a paragraph about food delivery; the analyst's question also
    congratulated the cloud business, but a paragraph that names its own business is read by that, not by the
    analyst's topics."""
    a = pipeline.ask(question)
    assert a.declined and a.decline_reason == "not_given" and "20%" not in a.answer_sentences[0].text


def test_not_given_offers_the_asked_segments_sentence_not_another_segments_figure(pipeline):
    a = pipeline.ask("What was AIDC's loss this quarter?")
    assert a.decline_reason == "not_given"
    assert "AIDC" in a.answer_sentences[0].text
    assert not any("1.4 billion" in s.text or "All Others" in s.text for s in a.answer_sentences)


def test_not_given_offers_the_sentence_that_names_the_metric(pipeline):
    a = pipeline.ask("What was Alibaba's dividend per share?")
    assert a.answer.startswith("The call does not give the dividend per share.")
    assert "dividends" in a.answer_sentences[0].text


def test_a_chinese_answer_marks_a_transcription_error_and_gives_the_note(pipeline):
    """The original is quoted as transcribed ("日均订单分值", evidently 峰值); the translator's note follows."""
    a = pipeline.ask("淘宝闪购的日均订单量是多少？")
    noted = [s for s in a.answer_sentences if s.translation_note]
    assert noted and f"{noted[0].text}※1" in a.answer
    assert "※1 转写注（英文译文已按原意更正）：" + noted[0].translation_note in a.answer
    assert "※" not in pipeline.ask("How many daily orders does Taobao Instant Commerce have?").answer


@pytest.mark.parametrize("question, phrase", [
    ("How much does each 88VIP member spend per year?", "a per-unit figure for 88VIP"),
    ("88VIP会员人均消费多少？", "88VIP的人均数据"),
])
def test_a_figure_per_member_is_not_stated_by_the_number_of_members(pipeline, question, phrase):
    a = pipeline.ask(question)
    assert a.decline_reason == "not_given" and a.not_given == phrase
    assert not pipeline.ask("How many 88VIP members are there?").declined


@pytest.mark.parametrize("question, phrase", [
    ("What EBITA margin does the cloud business target?", "Cloud Intelligence Group's margin outlook"),
    ("云业务的利润率目标是多少？", "云智能集团的利润率预期"),
])
def test_a_target_is_not_stated_by_this_quarters_figure(pipeline, question, phrase):
    """"Adjusted EBITA margin was stable at 8.8%" is this quarter's margin, not a target."""
    a = pipeline.ask(question)
    assert a.decline_reason == "not_given" and a.not_given == phrase


@pytest.mark.parametrize("question, phrase", [
    ("How many 88VIP members were added this quarter?", "the number of 88VIP added"),
    ("本季度新增了多少88VIP会员？", "新增88VIP数量"),
])
def test_how_many_were_added_is_not_stated_by_how_many_there_are(pipeline, question, phrase):
    a = pipeline.ask(question)
    assert a.decline_reason == "not_given" and a.not_given == phrase


def test_a_sentence_that_states_the_figure_leads_when_the_composed_lead_does_not(pipeline, monkeypatch):
    """When the best-scored sentence does not state the figure asked but a sentence of the call does, that
    sentence leads: "What is the capex this quarter?" had led with the three-year plan, the issue's first example
    (a held-out review found the same with FedEx's affirmed EPS range under a cash sentence)."""
    import rag.pipeline as P

    assert "38.6" in lead(pipeline.ask("What is the capex this quarter?")).text
    monkeypatch.setattr(P, "LEAD_WITH_STATING", False)
    assert "38.6" not in lead(pipeline.ask("What is the capex this quarter?")).text  # what the rule changes


@pytest.mark.parametrize("question, cause", [
    ("Why will developers tend to choose cloud vendors with a comprehensive portfolio of technology products?",
     "broader tech stack"),
    ("为什么开发者会倾向于选择技术产品组合全面的云厂商？", "技术栈")])
def test_a_why_question_leads_with_the_cause_not_the_effect_that_follows_it(pipeline, monkeypatch, question, cause):
    """"As a result, they will tend to choose vendors …" (从而…) is the effect; asked why, the sentence before it,
    the cause, leads (a reviewer found Coca-Cola's 'As a result, our comparable operating margin compressed' quoted
    without the marketing step-up before it)."""
    import rag.compose as C

    assert cause in lead(pipeline.ask(question)).text
    monkeypatch.setattr(C, "CAUSE_FIRST", False)
    monkeypatch.setattr(C, "REASON_LEADS", False)  # (the Chinese cause opens with 因为: this rule leads with it too)
    monkeypatch.setitem(C.FIT, "gives_reason", 0.0)  # (... and so does the weight of a sentence opening with a cause)
    assert cause not in lead(pipeline.ask(question)).text


def test_a_why_question_leads_with_the_sentence_giving_the_reason(pipeline, monkeypatch):
    """The sentence after the fact that says it gives the reason ("This was thanks to …") leads the answer to a "why"
    question, even when the composed answer had quoted the fact alone."""
    import rag.compose as C

    a = pipeline.ask("Why was Taobao's 618 shopping festival such a success?")
    assert lead(a).text.startswith("This was thanks to") and "618" in a.answer
    monkeypatch.setattr(C, "REASON_LEADS", False)
    assert not lead(pipeline.ask("Why was Taobao's 618 shopping festival such a success?")).text.startswith("This")


def test_not_given_names_the_year_and_quarter_asked():
    """Review 16: "公司2022年全年资本支出指引是多少？" was answered "没有给出全年资本开支预期" over a quote of the full-year
    (2021) capex guidance: the header dropped the year asked and contradicted the line under it."""
    from index.glossary import load_glossary
    from rag.answer import subject_phrase
    from rag.question import analyse

    g = load_glossary()
    assert subject_phrase(analyse("公司2022年全年资本支出指引是多少？", g), g, "zh") == "2022年全年资本开支预期"
    assert subject_phrase(analyse("What revenue growth is guided for 2022?", g), g, "en") == "the revenue outlook for 2022"
    assert subject_phrase(analyse("What was revenue in the third quarter of 2021?", g), g, "en") == \
        "the revenue for the third quarter of 2021"
    assert subject_phrase(analyse("2021年第三季度的收入是多少？", g), g, "zh") == "2021年第三季度收入"


def test_not_given_names_the_amount_of_an_activity():
    """Review 16: "三季度公司回购股票花了多少钱？" got "没有给出第三季度回购" over a call that discusses its buybacks; what it
    does not give is their amount."""
    from index.glossary import load_glossary
    from rag.answer import subject_phrase
    from rag.question import analyse

    g = load_glossary()
    assert subject_phrase(analyse("三季度公司回购股票花了多少钱？", g), g, "zh") == "第三季度回购金额"
    assert subject_phrase(analyse("How much did the company spend on buybacks?", g), g, "en") == \
        "the amount of share repurchases"


@pytest.mark.parametrize("question", ["What types of companies now train models of their own on Alibaba Cloud?",
                                      "哪些行业的企业在阿里云上训练自己的模型？"])
def test_which_kinds_is_answered_by_the_examples(pipeline, question, monkeypatch):
    """Session 16: "which kinds of customers …" asks for examples; the sentence that gives them ("For example, car
    makers, education companies …", 比如说像我们的车厂) leads, not "they train proprietary models on their own data"."""
    import rag.compose as C

    assert "車廠" in lead(pipeline.ask(question)).original
    monkeypatch.setitem(C.FIT, "examples", 0.0)
    assert "車廠" not in lead(pipeline.ask(question)).original


def test_not_given_names_a_part_ending_in_s_in_the_possessive():
    """Session 16's review: "U.K. Building Services's remaining performance obligations"."""
    from index.glossary import load_glossary
    from rag.answer import subject_phrase
    from rag.question import analyse

    g = load_glossary()
    assert subject_phrase(analyse("What were the U.K. Building Services segment's remaining performance obligations?",
                                  g), g, "en") == "U.K. Building Services' remaining performance obligations"
    assert subject_phrase(analyse("What was Lazada's GMV?", g), g, "en").startswith("Lazada's ")


def test_not_given_names_next_year_and_a_rate_asked_of_an_amount():
    """Session 16's review: 明年的资本开支 was "not given" as 全年资本开支预期, and an Industrial growth rate as "Industrial的
    收入"."""
    from index.glossary import load_glossary
    from rag.answer import subject_phrase
    from rag.question import analyse

    g = load_glossary()
    assert subject_phrase(analyse("明年的资本开支大概会有多少？", g), g, "zh") == "明年资本开支预期"
    assert subject_phrase(analyse("What capex is planned for next year?", g), g, "en") == \
        "the capital expenditure outlook for next year"
    assert subject_phrase(analyse("工业板块第二季度的销售增长率是多少？", g), g, "zh").endswith("收入增长率")
    assert subject_phrase(analyse("What share of segment sales came from branded products?", g), g, "en") == \
        "the share of revenue"
    assert subject_phrase(analyse("What was revenue?", g), g, "en") == "the revenue"


def test_a_spoken_so_does_not_make_its_sentence_an_effect():
    """所以 opens sentences in spoken Chinese the way "so" does in English: it does not make the sentence before it
    the cause. Asked what is behind cloud growth, "所以我们预期 … 阿里云的总体的增速还是会处于一个持续向上的过程" had
    been put behind the unrelated sentence before it ("This is also one of the new commercialization opportunities
    …"). 因此 and 从而 still mark an effect."""
    from rag.compose import _CONSEQUENCE

    assert not _CONSEQUENCE.match("所以我们预期在这样的一些趋势下")
    assert _CONSEQUENCE.match("因此利润率有所下降") and _CONSEQUENCE.match("as a result, our margin compressed")


@pytest.mark.parametrize("question", ["How is Alibaba's cloud infrastructure ranked globally?",
                                      "What is the global ranking of Alibaba's cloud infrastructure?"])
def test_where_it_ranks_is_answered_by_a_position(pipeline, question, monkeypatch):
    """Session 20: "where does … rank" asks for a position; the sentence that gives one ("the world's fourth-largest
    and Asia's leading cloud infrastructure") leads, not the SAP partnership "recognized by global leading
    enterprises" (which names no position of Alibaba's own)."""
    import rag.compose as C

    assert "全球第四" in lead(pipeline.ask(question)).original
    monkeypatch.setitem(C.FIT, "rank", 0.0)
    assert "全球第四" not in lead(pipeline.ask(question)).original


def test_a_position_is_told_from_a_list_and_from_praise():
    from rag.compose import _GIVES_RANK

    assert _GIVES_RANK.search("we have the world's fourth-largest cloud")
    assert _GIVES_RANK.search("we remain the market leader in north america")
    assert _GIVES_RANK.search("我们拥有全球第四、亚洲领先的云基础设施")
    assert not _GIVES_RANK.search("recognized by global leading enterprises in the sap ecosystem")
    assert not _GIVES_RANK.search("第二是依托于盒马大力发展生鲜品类的前置仓履约能力")


@pytest.mark.parametrize("question", ["“其他”分部为什么亏损？", "所有其他分部的亏损是怎么来的？"])
def test_why_a_metric_is_not_answered_by_another_metrics_cause(pipeline, question, monkeypatch):
    """Session 20: asked why All Others made a loss, "the segment's adjusted EBITA loss was RMB 1.4 billion, mainly
    due to more investment in AI" leads, not "revenue fell 28%, mainly due to disposals" (another metric's cause)."""
    import rag.compose as C

    assert "虧損14億元" in lead(pipeline.ask(question)).original
    monkeypatch.setitem(C.FIT, "other_metric", 0.0)
    monkeypatch.setitem(C.FIT, "explains_subject", 0.0)  # (session 24: a cause given of the loss asked may lead too)
    assert "虧損14億元" not in lead(pipeline.ask(question)).original


def test_two_questions_in_one_are_not_declined_when_one_is_stated(pipeline, monkeypatch):
    """Session 20's review (Verizon): "截至第三季度C波段资本开支是多少？全年增量资本开支指引是多少？" was "not given"
    while both figures were quoted under the decline: analysed as one, the two questions asked a third-quarter outlook
    nobody gives. Each question is also analysed alone, and one that a sentence states is not "not given"."""
    import rag.pipeline as P

    question = "本季度云智能收入增长多少？未来三年资本开支计划是多少？"
    answer = pipeline.ask(question)
    assert not answer.declined and "26%" in answer.answer
    monkeypatch.setattr(P, "PARTS_STATED", False)
    assert pipeline.ask(question).decline_reason == "not_given"


@pytest.mark.parametrize("question", ["How does Alibaba's delivery efficiency stack up against its competitor's?",
                                      "How does Alibaba's delivery efficiency compare against the market leader?"])
def test_a_comparison_with_peers_is_answered_by_what_the_call_says_of_them(pipeline, question, monkeypatch):
    """Session 22: asked how Alibaba compares with its competitor, "Our peer has done an excellent job …, especially
    on efficiency, and we are working hard to close this gap" leads, not Ele.me's need for merchants and riders."""
    import rag.compose as C

    assert "同行在外賣行業做得非常優秀" in lead(pipeline.ask(question)).original
    monkeypatch.setitem(C.FIT, "peers", 0.0)
    assert "同行在外賣行業做得非常優秀" not in lead(pipeline.ask(question)).original


def test_peers_are_told_from_other_words():
    from rag.compose import _GIVES_PEERS
    from rag.question import analyse

    assert analyse("外卖效率跟竞争对手比怎么样？").asks_peers and analyse("How do you rank against rivals?").asks_peers
    assert not analyse("What did management say about the food delivery industry?").asks_peers
    assert _GIVES_PEERS.search("our peer has done an excellent job") and _GIVES_PEERS.search("只看外卖到家的订单份额,已经领先行业")
    assert _GIVES_PEERS.search("we already lead the industry")
    assert not _GIVES_PEERS.search("the food delivery industry is large") and not _GIVES_PEERS.search("外卖行业规模很大")


def test_a_speaker_named_in_english_and_an_amount_written_short_are_no_unknown_names(pipeline):
    """Session 26's development round: "What does Jiang Fan see as …" of a call whose speaker is 蔣凡 was declined as
    naming someone the call never mentions, and "RMB380bn" likewise (the call writes RMB 380 billion)."""
    answer = pipeline.ask("What does Jiang Fan see as the single biggest driver of delivery efficiency?")
    assert answer.decline_reason != "not_mentioned", answer.answer
    answer = pipeline.ask("What does management say the RMB380bn three-year tech commitment reflects?")
    assert not answer.declined and "reflects our long-term ambition" in lead(answer).text, answer.answer
    assert pipeline.ask("What did Zhang Yong say about the cloud?").decline_reason == "not_mentioned"


def test_an_exact_rate_in_points_or_in_a_currency_is_not_stated_by_another_kind_of_figure(pipeline, monkeypatch):
    """Session 26's development round: a growth rate asked "exactly" is not stated by "double digits"; a change in
    basis points not by "the 0.6% software service fee"; revenue "in RMB" not by a share of revenue."""
    import rag.compose as C

    exact = "What exactly was the year-over-year growth rate in 88VIP membership?"
    answer = pipeline.ask(exact)
    assert answer.declined and answer.not_given == "the exact 88VIP growth", answer.answer
    points = "By how many basis points did the CMR take rate improve year over year?"
    assert pipeline.ask(points).decline_reason == "not_given"
    rmb = pipeline.ask("How much AI-related revenue did Alibaba Cloud book in RMB this quarter?")
    assert rmb.declined and rmb.not_given == "Cloud Intelligence Group's AI-related revenue", rmb.answer
    monkeypatch.setattr(C, "EXACT_NOT_WORDED", False)
    monkeypatch.setattr(C, "IN_POINTS_ASKED", False)
    assert not pipeline.ask(exact).declined and not pipeline.ask(points).declined


def test_what_a_question_sets_aside_does_not_lead_and_the_main_one_asked_does(pipeline, monkeypatch):
    """Session 26's development round: "除了产品之外，阿里云对开发者还有什么吸引力？" led with the products sentence it
    sets aside; "the single biggest driver" is answered by the sentence that names the primary factor."""
    import rag.compose as C

    besides = "除了产品之外，阿里云对开发者还有什么吸引力？"
    assert "開源生態" in lead(pipeline.ask(besides)).original
    main = "What does Jiang Fan see as the single biggest driver of delivery efficiency?"
    assert "scale is the primary factor" in lead(pipeline.ask(main)).text
    monkeypatch.setitem(C.FIT, "excluded", 0.0)
    monkeypatch.setitem(C.FIT, "primary", 0.0)
    assert "開源生態" not in lead(pipeline.ask(besides)).original
    assert "scale is the primary factor" not in lead(pipeline.ask(main)).text


def test_the_noun_a_what_question_asks_for_leads(pipeline, monkeypatch):
    """Session 27: "……让阿里具备了什么能力？" led with the sentence restating its premise (the RMB 50 billion added), not
    the one naming the capabilities it gives; the sentence naming the noun asked for now leads, in either language."""
    import rag.compose as C

    zh = "新追加的500亿加上以前的投入，让阿里具备了什么能力？"
    en = "What capabilities do the new investments together with earlier ones give Alibaba?"
    level = "長期來看即時零售的效率能達到什麼水平？"
    assert "具備了強大的消費市場能力" in lead(pipeline.ask(zh)).original
    assert "具備了強大的消費市場能力" in lead(pipeline.ask(en)).original
    assert "行業領先水平" in lead(pipeline.ask(level)).original
    monkeypatch.setitem(C.FIT, "asked_noun", 0.0)
    assert "具備了強大的消費市場能力" not in lead(pipeline.ask(zh)).original
    assert "具備了強大的消費市場能力" not in lead(pipeline.ask(en)).original
    assert "行業領先水平" not in lead(pipeline.ask(level)).original


def test_a_when_question_is_answered_by_the_dated_sentence_about_it(pipeline, monkeypatch):
    """Session 27: "即时零售这块的投入，是从什么时候开始…" counted jieba's 这块 and 是从 and the 开始 of its "since when"
    among the words a dated sentence must share, and the call was said not to give a date; a dated sentence sharing a
    quarter of the words but not most of them did not lead, an undated one did."""
    import rag.compose as C
    import rag.pipeline as P

    since = "即时零售这块的投入，是从什么时候开始跨过关键节点的？"
    loose = "即时零售的补贴投入从什么时候开始带来明显的协同回报？"
    for q in (since, loose):
        answer = pipeline.ask(q)
        assert not answer.declined and "自5月以來" in lead(answer).original, answer.answer
    monkeypatch.setattr(C, "FRAME_WORDS", False)
    assert pipeline.ask(since).declined
    monkeypatch.setattr(C, "FRAME_WORDS", True)
    monkeypatch.setattr(P, "DATE_POOL_LEADS", False)
    assert "自5月以來" not in lead(pipeline.ask(loose)).original


def test_another_companys_figure_and_a_figure_asked_of_a_quarter_by_its_month_are_not_given(pipeline, monkeypatch):
    """Session 26's development round: Meituan's subsidy spending (named by analysts only) was answered with Alibaba's
    own GMV outlook, and "What capex figure should we expect for the September quarter?" with the three-year plan."""
    import rag.pipeline as P

    meituan = "How much is Meituan spending on food delivery subsidies this quarter?"
    assert pipeline.ask(meituan).decline_reason == "not_given"
    september = pipeline.ask("What capex figure should we expect for the September quarter?")
    assert september.declined and september.not_given.endswith("for the September quarter"), september.answer
    monkeypatch.setattr(P, "COMPANY_GIVING", False)
    assert not pipeline.ask(meituan).declined


def test_function_words_are_not_words_a_question_asks_about(pipeline):
    """Session 27 (the 43rd review): "its", "can" and "per" (kept by BM25's stop list) weighed as much as "medium" among
    the words a sentence must share to give a figure the glossary cannot name."""
    from rag.compose import asked_weights
    from rag.question import analyse

    weights = asked_weights(pipeline.facts, analyse("How much medium can it produce per year in its current setup?"), "en")
    assert not {"it", "can", "per"} & set(weights) and {"medium", "produc"} <= set(weights)
    weights = asked_weights(pipeline.facts, analyse("即时零售这块的投入，是从什么时候开始跨过关键节点的？"), "zh")
    assert not {"这块", "是从", "开始"} & set(weights) and "节点" in weights


@pytest.mark.parametrize("question, answer", [
    ("What do shoppers gain from Tmall Supermarket moving to a near-field instant retail model?", "更快速的配送時效體驗"),
    ("If enterprises fine-tune Qwen on their own data, why does that end up benefiting Alibaba Cloud?",
     "天然的使用我們的阿里云"),
])
def test_what_someone_gains_is_answered_by_what_it_delivers(pipeline, question, answer, monkeypatch):
    """Session 28: asked what shoppers gain from a change, the sentence saying what it delivers ("it will also deliver a
    faster delivery experience") leads, not the one restating the change ("Tmall Supermarket will fully upgrade …")."""
    import rag.compose as C

    assert answer in lead(pipeline.ask(question)).original
    monkeypatch.setitem(C.FIT, "benefit", 0.0)
    assert answer not in lead(pipeline.ask(question)).original


def test_a_benefit_is_told_from_a_perk():
    from rag.compose import _GIVES_BENEFIT
    from rag.question import analyse

    assert _GIVES_BENEFIT.search("while maintaining its price competitiveness, it will also deliver a faster experience")
    assert _GIVES_BENEFIT.search("这一组织变革打造了一个全面的消费平台,提升了我们的消费者体验")
    assert _GIVES_BENEFIT.search("this is bound to benefit the industry in the long run")
    assert not _GIVES_BENEFIT.search("we integrated the supply chains, user bases and membership benefits")
    assert not _GIVES_BENEFIT.search("我们整合了各业务的供应链、用户群和会员权益")
    assert analyse("How does merging instant retail into the Taobao app help shoppers and merchants?").asks_benefit
    assert analyse("天貓和淘寶即時零售打通以後，品牌商能得到什麼？").asks_benefit
    assert not analyse("Does quick commerce help reduce marketing spending?").asks_benefit
    assert not analyse("What new model capabilities does the shift to AI agents require?").asks_benefit


def test_a_comparison_with_peers_is_answered_in_words_too(pipeline, monkeypatch):
    """Session 28: "订单占比跟同行比怎么样？" asks how the share compares, not for a percent: "只看外賣到家的訂單份額,
    已經領先行業" leads, not the past "order volume was one-third of our peer's … below 20%" (a percent of a share)."""
    import rag.question as Q
    from rag.question import analyse

    question = "单看餐饮送到家这块，淘宝闪购的订单占比跟同行比怎么样？"
    assert "已經領先行業" in lead(pipeline.ask(question)).original
    assert analyse("How does the margin compare with the industry's?").answer_type == "other"
    assert analyse("订单占比是多少？跟同行比怎么样？").answer_type == "percent"  # a figure asked outright
    monkeypatch.setattr(Q, "PEERS_COMPARED", False)
    assert "已經領先行業" not in lead(pipeline.ask(question)).original


def test_the_horizon_asked_is_named_in_other_words(pipeline, monkeypatch):
    """Session 28: "Near term, where will …?" is answered by the sentence saying "in the short term" (短期), not by the
    one before it about what lies ahead in general."""
    import rag.compose as C
    from rag.question import analyse

    question = "Near term, where will the narrowing of quick commerce losses come from?"
    assert "短期通過物流和補貼效率的提升" in lead(pipeline.ask(question)).original
    assert analyse("Will the boost grow or fade over time?").horizon == "long"
    assert analyse("短期和长期的目标分别是什么？").horizon == ""  # both asked: neither is preferred
    monkeypatch.setitem(C.FIT, "horizon", 0.0)
    assert "短期通過物流和補貼效率的提升" not in lead(pipeline.ask(question)).original


def test_what_else_besides_is_answered_by_the_sentence_adding_another(pipeline, monkeypatch):
    """Session 28: "Besides logistics, where else …?" is answered by "In addition, there is also substantial room for
    improvement in our refined operation of offline merchants", not by the logistics sentence nor the general ones."""
    import rag.compose as C

    question = "Besides logistics, where else do you see long-term room to improve quick commerce efficiency?"
    assert "精細化運營線下商戶" in lead(pipeline.ask(question)).original
    monkeypatch.setitem(C.FIT, "another", 0.0)
    assert "精細化運營線下商戶" not in lead(pipeline.ask(question)).original


def test_how_management_sees_something_is_answered_by_its_view(pipeline, monkeypatch):
    """Session 28: "管理层怎么看…的前景？" is answered by the sentence giving management's view ("我们看到AI推动阿里巴巴强劲
    增长的路径日益清晰"), not by a figure of the quarter ("AI需求强劲带动云收入增长加速")."""
    import rag.compose as C
    from rag.compose import _GIVES_VIEW

    question = "管理層怎麼看AI帶動阿里整體增長的前景？"
    assert "我們看到AI推動阿里巴巴強勁增長的路徑日益清晰" in lead(pipeline.ask(question)).original
    assert _GIVES_VIEW.search("we think demand is still very strong") and not _GIVES_VIEW.search("demand was strong")
    monkeypatch.setitem(C.FIT, "view", 0.0)
    assert "我們看到AI推動阿里巴巴強勁增長的路徑日益清晰" not in lead(pipeline.ask(question)).original
