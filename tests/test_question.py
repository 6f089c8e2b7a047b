"""Question analysis (rag/question.py): answer type, subject, period and scope, in English, Simplified and
Traditional Chinese; questions that cannot be answered as asked."""

import pytest

from rag.question import analyse, is_bare, unsupported_language


@pytest.mark.parametrize("question, answer_type, subject", [
    ("How much did Alibaba spend on capex this quarter?", "money", "capex"),
    ("本季度资本开支是多少？", "money", "capex"),
    ("本季度資本開支是多少？", "money", "capex"),
    ("What was operating cash flow?", "money", "operating_cash_flow"),
    ("经营现金流是多少？", "money", "operating_cash_flow"),
    ("What was free cash flow?", "money", "free_cash_flow"),
    ("How many monthly active users does quick commerce have?", "count", "mau"),
    ("淘寶閃購的月活躍用戶有多少？", "count", "mau"),
    ("淘宝的日活跃用户增长了多少？", "percent", "dau"),
    ("How fast did cloud revenue grow?", "percent", "revenue"),
    ("雲業務的利潤率是多少？", "percent", "margin"),
    ("What is the take rate?", "percent", "take_rate"),
    # a change in points is a rate's, as 多少个基点 is (session 18)
    ("How many percentage points did gross margin improve?", "percent", "gross_margin"),
    ("How many basis points did the margin expand?", "percent", "margin"),
    ("毛利率提高了多少个基点？", "percent", "gross_margin"),
    ("Why did adjusted EBITDA decline?", "reason", "ebitda"),
    ("为什么EBITDA下降？", "reason", "ebitda"),
    ("What is the capex plan?", "plan", "capex"),
    ("未来几个季度货币化率会怎样？", "plan", "take_rate"),
    ("Will the RMB 380 billion plan change?", "yesno", None),
    ("即时零售业务已经盈利了吗？", "yesno", None),
    ("Who answered the question about AI chips?", "person", None),
    ("When was Taobao Instant Commerce launched?", "date", None),
    ("In which month did they say when the pilot began?", "date", None),
    ("What do AI agents consume when they carry out a task?", "other", None),  # "when" inside, not asked
    ("Which figure did management quote when describing the investment?", "other", "investment"),
    # the cause asked in other words ("what made", "what's behind", 驱动力, 凭什么) is a reason
    ("What made the shopping festival go so well?", "reason", None),
    ("What's behind the faster growth?", "reason", None),
    ("Where did the fourth-quarter revenue upside versus guidance come from?", "reason", "revenue"),
    ("雲業務增長的主要驅動力是什麼？", "reason", None),
    ("阿里凭什么能同时支撑两项投入？", "reason", "investment"),
    # where something is headed is an outlook; 下一步/接下来 too
    ("Where is the segment's profitability headed?", "plan", "margin"),
    ("前置仓接下来会怎么扩展？", "plan", None),
    ("What happens to margins from here?", "plan", "margin"),
    # a bare "profit" (利润) is net income; "operating profit" and 利润率 stay their own (session 23)
    ("What was the fourth-quarter profit?", "money", "net_income"),
    ("第四季度利润是多少？", "money", "net_income"),
    ("What was operating profit?", "money", "operating_profit"),
    ("What is the passenger load factor?", "percent", "load_factor"),
    # AFFO is its own metric, a kind of FFO: core FFO does not answer it (30th review, Digital Realty)
    ("2022年的AFFO每股指引是多少？", "money", "affo"),
    ("What is the core FFO guidance?", "money", "ffo"),
    # the average price of a buyback is what the shares cost, not pricing (31st review, VMware)
    ("第三季度公司在公开市场回购了多少股票，平均价格是多少？", "money", "buyback"),
    # how large a capital plan is asks its amount; 多少套房子 counts homes (32nd review, Sempra and PulteGroup)
    ("How large is the new five-year capital plan?", "money", "capex"),
    ("三季度末的未交付订单（backlog）有多少套房子？", "count", "backlog"),
    ("Where is the cloud business going?", "plan", None),
    # "when" wins over "expect" and over a figure named in passing
    ("By when does management expect the business to turn profitable?", "date", None),
    ("0.6%的软件服务费是从什么时候开始收取的？", "date", None),
    ("What year did the company enter the market?", "date", None),
])
def test_answer_type_and_subject(question, answer_type, subject):
    a = analyse(question)
    assert (a.answer_type, a.subject) == (answer_type, subject)
    assert a.wants_figure == (answer_type in ("money", "percent", "count"))


@pytest.mark.parametrize("question, asks_when", [
    ("When was Taobao Instant Commerce launched?", True),
    ("淘宝闪购什么时候能盈利？", True),
    ("How long did it take to reach 120 million orders?", False),
    ("闪购用了多久达到1.2亿单？", False),
    ("How much is the software service fee?", False),
])
def test_asks_when_is_a_point_in_time_not_a_duration(question, asks_when):
    assert analyse(question).asks_when is asks_when


def test_total_versus_segment_and_mau_versus_dau():
    assert analyse("What was Alibaba's total revenue for the quarter?").metrics == ("total_revenue",)
    assert analyse("What was the China E-commerce Group's revenue?").segments == ("china_ecommerce",)
    assert analyse("How many MAU?").subject == "mau" and analyse("How many DAU?").subject == "dau"
    assert analyse("集团总收入是多少？").total


@pytest.mark.parametrize("question, period, month", [
    ("capex this quarter", "quarter", None),
    ("What will CMR do over the next few quarters?", "next_quarters", None),
    ("What is the three-year capex plan?", "three_years", None),
    ("FY26 revenue guidance", "fiscal_year", None),
    ("revenue in the same quarter last year", "year_ago", None),
    ("去年同期的收入", "year_ago", None),
    ("上季度的订单量", "previous_quarter", None),
    ("DAU growth in July", "month", 7),
    ("淘宝八月的日活跃用户", "month", 8),
    ("How big is the cloud business?", None, None),
    ("What is the multi-year AI spending commitment?", "long_term", None),  # years ahead, not this quarter
    ("多年的投资承诺是多少？", "long_term", None),
    ("What was revenue for the December 2024 quarter?", "other_quarter", 12),  # a quarter, not the month
])
def test_period(question, period, month):
    a = analyse(question)
    assert (a.period, a.month) == (period, month)


def test_companies_and_forward_looking():
    a = analyse("What was Meituan's daily order volume in August?")
    assert a.companies == ("meituan",) and a.subject == "orders"
    assert analyse("美团的骑手数量有多少？").companies == ("meituan",)
    assert analyse("What revenue guidance for next year?").forward and not analyse("What was revenue?").forward
    target = analyse("What cloud margin target is management aiming for?")  # a target is ahead, and an amount
    assert target.forward and target.amount and target.answer_type == "percent"
    assert analyse("云业务的利润率目标是多少？").forward


def test_a_company_called_target_is_not_a_target():
    """"How much did Target spend on share repurchases?" asks what happened: "Target" is a name inside the sentence,
    not the cue word (it had made the question forward-looking, and the answer "not given")."""
    past = analyse("How much did Target spend on share repurchases in the quarter?")
    assert not past.forward and past.answer_type == "money" and past.subject == "buyback"
    assert analyse("What operating margin is Target guiding to?").forward
    assert analyse("What capex does the company anticipate for next year?").forward


@pytest.mark.parametrize("question, years", [
    ("What operating margin does Target expect for fiscal 2022?", (2022,)), ("FY26 revenue guidance?", (2026,)),
    ("2022年全年运力相比2019年预计增长多少？", (2022,)), ("What was revenue this quarter?", ())])
def test_the_year_asked_is_kept(question, years):
    assert analyse(question).years == years


@pytest.mark.parametrize("question, answer_type", [
    ("What is Alaska's capital expenditure plan for 2022?", "money"), ("What is the capex plan?", "plan"),
    ("第四季度預計會有多少額外的運費成本？", "money"), ("季度末公司的现金有多少？", "money"), ("闪电仓有多少个？", "count"),
    # a growth target asks a rate (sixteenth review: Ameren's 6%-8% EPS growth had been led by the $3.75 range)
    ("公司2021年至2025年的长期每股收益增长目标是多少？", "percent"), ("明年的每股收益指引是多少？", "money")])
def test_a_metric_plan_for_a_year_and_a_cost_ask_for_money(question, answer_type):
    assert analyse(question).answer_type == answer_type


@pytest.mark.parametrize("question, answer_type", [
    ("Did American Assets Trust buy back any stock during the third quarter, and for how much?", "money"),
    ("Was Cinemark EBITDA-positive in the third quarter, and by how much?", "money"),
    ("What adjusted EPS is Alaska Air guiding to for full-year 2022?", "money"),
    ("Is AIDC profitable?", "yesno")])
def test_a_yes_no_question_that_also_asks_how_much_asks_the_amount(question, answer_type):
    a = analyse(question)
    assert a.answer_type == answer_type and (a.amount or answer_type == "yesno")


def test_a_yes_no_question_after_a_condition():
    q = "If cloud is putting investment ahead of margins, does that mean profit doesn't matter to you?"
    assert analyse(q).answer_type == "yesno"
    assert analyse("If margins fall, what was the margin?").answer_type == "percent"
    assert analyse("What adjusted EBITDA does HCA expect for 2022?").amount  # an amount, ahead
    eps = analyse("What adjusted EPS does FedEx expect for fiscal 2023?")  # EPS is found by its capitals
    assert eps.answer_type == "money" and eps.amount


def test_what_a_company_is_targeting_asks_a_figure_ahead():
    """"What adjusted EPS is Kimberly-Clark targeting for 2020?" had been no figure question, and the answer quoted the
    agenda ("Mike will then provide … the outlook for 2020") instead of "we're targeting adjusted earnings per share
    of $7.10 to $7.35"."""
    for question, kind in (("What adjusted EPS is Kimberly-Clark targeting for 2020?", "money"),
                           ("What capex are you planning for next year?", "money"),
                           ("What operating margin is Target guiding to?", "percent")):
        a = analyse(question)
        assert a.answer_type == kind and a.forward and a.amount, question
    assert analyse("What is the company targeting?").answer_type != "money"  # no metric: nothing to figure


def test_growth_guidance_asks_for_a_rate():
    assert analyse("What is Stryker's full-year 2021 organic sales growth guidance?").answer_type == "percent"


@pytest.mark.parametrize("text", ["Why?", "为什么？", "🙂", "<b>", "<script>alert(1)</script>", "???", "...", "&nbsp;",
                                  "42"])
def test_bare_questions(text):
    assert is_bare(text)


@pytest.mark.parametrize("text", ["Why did EBITDA fall?", "capex", "云", "88VIP"])
def test_not_bare(text):
    assert not is_bare(text)


@pytest.mark.parametrize("text, language", [
    ("設備投資の計画は何ですか？", "Japanese"), ("클라우드 매출 성장률은?", "Korean"),
    ("Каков план капитальных затрат?", "a Cyrillic-script language"),
    ("Quel est le plan d'investissement pour le cloud ?", "French"),
    ("¿Cuál es el plan de inversión de la empresa?", "Spanish"),
    ("Wie hoch ist der Umsatz der Cloud?", "German"),
])
def test_unsupported_languages(text, language):
    assert unsupported_language(text) == language


@pytest.mark.parametrize("text", ["What is the capex plan?", "资本开支计划是什么？", "資本開支計劃是什麼？",
                                  "Taobao Instant Commerce riders", "AI capex 多少", "Is the RMB 50 billion incremental?"])
def test_supported_languages(text):
    assert unsupported_language(text) is None


def test_the_base_of_a_ratio_is_not_the_subject():
    # "X as a percentage of Y" and "X占Y的比例" ask for X; a question naming one metric keeps it
    assert analyse("What were sales and marketing expenses as a percentage of revenue?").subject == "marketing_expense"
    assert analyse("营销费用占收入的比例是多少？").subject == "marketing_expense"
    assert analyse("AI相關收入占外部客戶收入的比例是多少？").subject == "ai_revenue"
    assert analyse("What share of revenue came from the cloud?").subject == "revenue"
    assert analyse("What is the EBITA margin?").subject == "margin"


@pytest.mark.parametrize("question, names", [
    ("SAP合作每年给阿里带来多少收入？", ("SAP",)),
    ("How many customers use Agent Bay?", ("Agent Bay",)),
    ("What was Alibaba's total revenue?", ()),  # the company itself
    ("How much did AIDC grow?", ()),  # a glossary segment: scoped by the glossary, not by name
    ("阿里云的AI收入增长多少？", ()),
    ("What was net income in RMB?", ()),  # a currency says in what, not whose
    ("What was non-GAAP net income in USD?", ()),
])
def test_names_the_glossary_does_not_cover(question, names):
    assert analyse(question).names == names


@pytest.mark.parametrize("question, per_unit", [
    ("How much does each 88VIP member spend per year?", True),
    ("What is the average spend per 88VIP member?", True),
    ("88VIP会员人均消费多少？", True),
    ("How many 88VIP members are there?", False),
    ("What is the average order value?", False),  # AOV carries its own unit
    ("What was EPS?", False),
    ("What percent of revenue is AI?", False),
])
def test_a_figure_per_unit(question, per_unit):
    assert analyse(question).per_unit is per_unit


@pytest.mark.parametrize("question, added", [
    ("How many 88VIP members were added this quarter?", True),
    ("How many paying members joined?", True),
    ("本季度新增了多少88VIP会员？", True),
    ("How many 88VIP members are there?", False),
    ("How many monthly active users does quick commerce have?", False),
])
def test_a_count_of_what_was_added(question, added):
    assert analyse(question).added is added


@pytest.mark.parametrize("question, period", [
    ("What adjusted EPS did ADM report for the quarter, and how does it compare with a year ago?", "quarter"),
    ("What was revenue this quarter compared with a year ago?", "quarter"),
    ("本季度收入与去年同期相比增长多少？", "quarter"),
    ("What was revenue in the year-ago quarter?", "year_ago"),  # the period asked, not a comparison base
    ("去年同期的收入是多少？", "year_ago"),
    ("What was revenue last year?", "year_ago"),
    ("联合太平洋今年迄今通过股息和回购向股东返还了多少资金？", "year_to_date"),  # so far this year, not this year
    ("今年以来收入增长多少？", "year_to_date"),
    ("How much cash has the company returned so far this year?", "year_to_date"),
    ("今年的收入指引是多少？", "fiscal_year"),
    # a long-term range named beside a year asked is no long-term period (the year is asked)
    ("Humana 2022年的初始EPS指引会定在长期增长区间的什么位置？", None),
    ("长期增长目标是多少？", "long_term"),
])
def test_a_comparison_base_is_not_the_period_asked(question, period):
    assert analyse(question).period == period


@pytest.mark.parametrize("question, answer_type", [
    ("What adjusted EPS did Baxter deliver in the quarter?", "money"),  # the metric "what" asks for, as reported
    ("What free cash flow did they generate?", "money"),
    ("How did Domino's U.S. same-store sales perform?", "percent"),  # how a metric did: by how much
    ("How did the All Others segment's revenue change?", "percent"),
    ("How did AI change the cloud?", "other"),  # no metric
    ("What held back Aerie's operating margin in the quarter?", "reason"),
    ("What weighed on gross margin?", "reason"),
    ("NextEra Energy Resources 在2021年为积压订单新增了多少兆瓦的可再生能源和储能项目？", "count"),  # so many units
    ("董事会对季度股息做了什么调整？", "percent"),  # how a metric changed, in Chinese
    ("美国同店销售表现如何？", "percent"),
    ("AI如何改变云计算？", "other"),
    ("三季度租赁收入是多少？同比增长了多少？", "money"),  # of two questions in one, the first's figure
    ("迪士尼本季度的总营收是多少？同比增长了多少？", "money"),
])
def test_reported_performed_held_back_and_two_questions_in_one(question, answer_type):
    assert analyse(question).answer_type == answer_type


@pytest.mark.parametrize("question, answer_type, metric", [
    ("公司把2021年全年的生产率（效率节约）目标下调到了多少？", "money", "productivity"),  # lowered *to*: the new level
    ("收入指引上调到了多少？", "money", "revenue"),
    ("本季度收入增长到了多少？", "money", "revenue"),
    ("本季度收入增长了多少？", "percent", "revenue"),  # grew *by*: the change
    ("第三季度燃料费用上涨了多少？原因是什么？", "percent", "fuel_expense"),  # 上涨了多少: by how much it rose
    ("What was Union Pacific's operating ratio in Q3 2021?", "percent", "operating_ratio"),
])
def test_a_level_asked_and_a_change_asked(question, answer_type, metric):
    """The twelfth review's railroad questions: productivity savings cut *to* $350 million, fuel expense *up* 81%."""
    q = analyse(question)
    assert q.metrics[-1] == metric
    assert analyse(question).answer_type == answer_type


def test_a_metric_naming_a_business_is_a_qualifier():
    """Session 16's review: 第四季度数据中心业务收入是多少美元 was answered with Iron Mountain's total revenue: 数据中心业务
    is the data center business, whose revenue is asked (not a count of data centers)."""
    assert analyse("第四季度数据中心业务收入是多少美元？").qualifiers == ("数据中心",)
    assert analyse("What was data center business revenue in the fourth quarter?").qualifiers == ("data center",)
    assert analyse("How many data centers opened?").qualifiers == ()
    assert analyse("What was the EBITDA margin?").qualifiers == ()


def test_a_second_question_after_and_why_does_not_set_the_answer_type():
    """Session 16's review: "How much total revenue did Emergent book in Q3 2021, and why did it come in below last
    year?" asks the amount first (as two questions with two question marks do), of this quarter ("below last year" is
    the base); it had been read as a reason for last year."""
    a = analyse("How much total revenue did Emergent book in Q3 2021, and why did it come in below last year?")
    assert a.answer_type == "money" and a.period != "year_ago"
    assert analyse("How much did the segment lose, and why?").answer_type == "money"
    assert analyse("Why did revenue fall?").answer_type == "reason"
    assert analyse("第三季度收入是多少？为什么下降？").answer_type == "money"


@pytest.mark.parametrize("question, kind", [
    ("How big is the new consumption investment?", "money"),  # its size: an amount, as "how much"
    ("How large was the buyback?", "money"),
    ("How big is the opportunity in Southeast Asia?", "other"),  # no metric: no figure asked
])
def test_how_big_asks_a_metric_s_amount(question, kind):
    assert analyse(question).answer_type == kind


def test_what_guidance_asks_the_figure_guided():
    """"公司對2022全年核心營業每股收益給出了什麼指引？" asks for a figure, as "What EPS guidance …" does: a call with no
    2022 EPS guidance says "not given" (the twentieth review's Chubb question had been answered with a buyback
    program's $5 billion)."""
    q = analyse("公司對2022全年核心營業每股收益給出了什麼指引？")
    assert q.subject == "eps" and q.wants_figure and q.amount
    assert not analyse("公司对明年有什么展望？").wants_figure  # an outlook may be words alone


@pytest.mark.parametrize("question, total", [
    ("公司给出的2021年全公司调整后EBITDA指引是多少？", True), ("What was company-wide adjusted EBITDA?", True),
    ("What EBITDA did the whole company report?", True), ("What was adjusted EBITDA?", False),
    ("第二季度的综合毛利率是多少？", True), ("綜合營收是多少？", True), ("综合金融业务的收入是多少？", False),
])
def test_the_whole_company_asked(question, total):
    """全公司 and "company-wide" ask the total, as 整体 and "consolidated" do (session 19's review: a segment's
    guidance answered 全公司调整后EBITDA指引)."""
    assert analyse(question).total is total


def test_what_is_a_metrics_outlook_asks_the_figure_guided():
    """Session 20's 25th review (Kroger Q3 2021): "What is Kroger's updated full-year 2021 adjusted EPS outlook?" was
    read as a plan and led with "The midpoint of our adjusted EPS range … now equates to full year results" (no
    figure); it asks the figure, "$3.40 to $3.50". A growth outlook may be words, and stays a plan."""
    from rag.question import analyse

    assert analyse("What is Kroger's updated full-year 2021 adjusted EPS outlook?").answer_type == "money"
    assert analyse("What's the revenue outlook for next year?").answer_type == "money"
    assert analyse("What is the CMR growth outlook for the next few quarters?").answer_type != "money"
    assert analyse("What is the outlook for the cloud business?").answer_type == "plan"


def test_two_capitalised_words_joined_by_an_ampersand_before_a_metric_name_a_part():
    """"Refining & Marketing EBITDA" asks the EBITDA of the Refining & Marketing segment (31st review, Marathon
    Petroleum: it had been read as marketing expense); "Sales & Marketing expenses" names no part."""
    q = analyse("Why did Refining & Marketing EBITDA increase versus the third quarter?")
    assert (q.answer_type, q.metrics, q.names) == ("reason", ("ebitda",), ("Refining & Marketing",))
    assert analyse("What were Sales & Marketing expenses?").names == ()


def test_a_delinquency_bucket_asked_is_a_qualifier():
    """"90-plus day" is not the "30-plus" bucket the call gives (31st review, Discover: a neighbouring figure)."""
    from rag.compose import _bucket_named

    assert analyse("What was the card 90-plus day delinquency rate at quarter end?").qualifiers == ("90-plus",)
    assert analyse("What was the 30+ day delinquency rate?").qualifiers == ("30-plus",)
    assert not _bucket_named("90-plus", "the card 30-plus delinquency rate was 1.85%")
    assert _bucket_named("90-plus", "the 90+ day delinquency rate") and _bucket_named("30-plus", "card 30 plus rate")


def test_what_brackets_spell_out_is_the_metric_not_another_one_asked():
    """备考杠杆率（净债务/调整后EBITDA） asks the leverage ratio, not EBITDA (31st review, NCR); "(and EBITDA margin)"
    asks one more."""
    q = analyse("目前的備考槓桿率（淨債務/調整後EBITDA）是多少？")
    assert (q.metrics, q.subject, q.answer_type) == (("leverage",), "leverage", "count")
    assert analyse("What was adjusted EBITDA (and EBITDA margin)?").metrics == ("ebitda", "ebitda_margin")
    assert analyse("收入（以及利润）是多少？").metrics == ("revenue", "net_income")


def test_how_many_shares_counts_and_consolidated_is_no_qualifier():
    """回购了多少普通股 counts shares (the 33rd review's Greenbrier: "$20 million of senior convertible notes" had
    answered it), 多少股息 and 多少股票 ask amounts; 综合 (consolidated) is the whole company, no part to find in an
    English call (34th review, Standard Motor Products: 综合毛利率 was declined)."""
    assert analyse("公司本季度回购了多少普通股？").answer_type == "count"
    assert analyse("本季度回購了多少股？").answer_type == "count"
    assert analyse("每股派发多少股息？").answer_type == "money"
    assert analyse("WM今年打算回购多少股票？").answer_type == "money"
    q = analyse("第二季度的综合毛利率是多少？")
    assert q.qualifiers == () and q.total and q.subject == "gross_margin"


@pytest.mark.parametrize("question, direction", [
    ("Why did gross margin decline?", "down"), ("为什么两个业务部门的毛利率都上升了？", "up"),
    ("Why were fewer off-lease vehicles returned?", "down"), ("為什麼營收下滑？", "down"),
    ("Why did revenue rise while margins fell?", None), ("What was revenue growth?", None), ("Why?", None),
])
def test_the_way_a_why_question_says_its_metric_moved(question, direction):
    assert analyse(question).direction == direction


def test_a_per_share_metric_a_dividends_frequency_a_budget_and_taiwans_growth():
    """The 35th review: "FFO per diluted share" is FFO's, not earnings per share (declined as EPS); a "quarterly
    dividend" (季度股息) is paid each quarter, not this quarter's; a budget looks ahead; 營收成長多少 asks growth."""
    assert analyse("What was adjusted company FFO per diluted share in the third quarter?").metrics == ("ffo",)
    assert analyse("What was net income per diluted share?").subject == "eps"
    assert analyse("新宣布的季度普通股股息是多少？").period is None
    assert analyse("What is the newly declared quarterly dividend?").period is None
    assert analyse("本季度股息是多少？").period == "quarter"
    assert analyse("公司2021年全年資本支出預算是多少美元？").forward
    assert analyse("How much debt matures in 2022?").subject == "debt_maturities"
    assert analyse("What was total debt?").subject == "debt"


def test_cash_held_and_a_debt_to_capital_ratio():
    """The 36th review (Oil-Dri): "How much cash did … have" asks the cash balance (not cash generated), and a
    debt-to-total-capital ratio is a rate, not an amount of debt."""
    assert analyse("How much cash did Oil-Dri have at the end of the quarter?").subject == "cash_position"
    assert analyse("公司季度末有多少现金？").subject == "cash_position"
    assert analyse("How much cash did they generate in the quarter?").subject != "cash_position"
    assert analyse("How much cash flow did they generate?").subject != "cash_position"
    ratio = analyse("What is Oil-Dri's debt to total capital ratio?")
    assert (ratio.subject, ratio.answer_type) == ("debt_to_capital", "percent")


def test_why_did_asks_the_past():
    """"Why did AFFO per share decline from the second quarter?" asks what happened (the 37th review: it was led by the
    2022 guidance); "Why do you expect margins to rise?" looks ahead."""
    assert analyse("Why did AFFO per share decline from the second quarter?").asks_past
    assert not analyse("Why do you expect margins to rise next year?").asks_past


def test_a_question_asking_two_things_leads_with_the_first():
    """"What were operating earnings per share in the third quarter, and what was the combined ratio?" asks EPS in
    money first (the 38th review, RLI: its money kind and the ratio's subject had crossed and it was "not given");
    "from the A350 program in the first quarter" names the quarter (a source, no comparison base)."""
    q = analyse("What were operating earnings per share in the third quarter, and what was the combined ratio?")
    assert (q.subject, q.answer_type, q.quarters) == ("eps", "money", (3,))
    assert q.question.endswith("combined ratio?")
    assert analyse("What was revenue, and how did it compare with guidance?").subject == "revenue"
    assert analyse("How much revenue did Hexcel generate from the A350 program in the first quarter?").quarters == (1,)
    assert analyse("Revenue was up 5% from the first quarter.").quarters == ()
    assert analyse("本季度末净债务与EBITDA的比率是多少？").subject == "leverage"


def test_a_pretax_margin_and_debt_to_ebitda_in_traditional_chinese():
    """The 39th review (Aflac, MAA): 稅前利潤率 is the pre-tax margin (a rate, not pre-tax income's growth); 債務與EBITDA比率
    is leverage."""
    assert analyse("Aflac日本第三季度的稅前利潤率是多少？").subject == "pretax_margin"
    assert analyse("MAA季末的債務與EBITDA比率是多少？").subject == "leverage"
    assert analyse("第三季度税前利润是多少？").subject == "pretax_income"


def test_what_a_concessive_clause_names_is_not_the_subject():
    """41st review (Comerica): "Why did the net interest margin fall even though NII went up?" asks about the margin;
    an amount per ton or what was spent is an amount of money."""
    from rag.question import analyse

    assert analyse("Why did Comerica's net interest margin fall this quarter even though NII went up?").subject == \
        "net_interest_margin"
    assert analyse("为什么净利息收入增长了，但净息差却下降了？").subject == "net_interest_margin"
    assert analyse("What did ITT spend on R&D in Q2 2020?").answer_type == "money"
    assert analyse("What was the average realized selling price per ton in Q3?").answer_type == "money"
    assert analyse("How much AI-related revenue did Alibaba Cloud book in RMB this quarter?").answer_type == "money"
    assert analyse("What capex figure should we expect for the September quarter?").answer_type == "money"


def test_shipments_are_a_metric():
    """41st review (Cleveland-Cliffs): 发货量 had no term, and a tax sentence led "为什么预计四季度的发货量会偏低？"."""
    from rag.question import analyse

    assert analyse("为什么预计四季度的发货量会偏低？").subject == "shipments"
    assert analyse("How much did shipment volumes fall in the fourth quarter?").subject == "shipments"


def test_a_fiscal_quarter_and_a_list_of_quarters_are_named():
    """40th and 42nd reviews: "the first fiscal quarter of 2020" names the first quarter; 第三、第四财季 both."""
    from rag.facts import quarters_of

    assert quarters_of("net revenues … for the first fiscal quarter of 2020") == (1,)
    assert quarters_of("林赛预计第三、第四财季的有效税率") == (3, 4)
    assert quarters_of("third and fourth quarter is probably around that 23%") == (3, 4)
    assert quarters_of("本季度") == ()


def test_a_quantity_produced_and_a_metric_in_latin_letters_session_27():
    """The 43rd review: "How much medium can the machine produce?" asks a quantity, not money; 澳门业务的EBITDA is
    Macao's EBITDA (the metric written in Latin letters in a Chinese question)."""
    assert analyse("How much medium can the Jackson No. 1 machine produce per year?").answer_type == "count"
    assert analyse("How much cash did they generate?").answer_type == "money"
    assert analyse("How much revenue did the mill produce?").answer_type == "money"
    assert analyse("澳门业务的EBITDA是多少？").qualifiers == ("澳门",)
    assert analyse("本季度EBITDA是多少？").qualifiers == ()
    assert analyse("What was Macao VIP rolling chip volume in Q2 2021?").answer_type == "count"
    assert analyse("What is the volume environment like?").answer_type == "other"
    assert analyse("收购Advanced Packaging的交易价格是多少？").answer_type == "money"
