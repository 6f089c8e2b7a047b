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
    # a change the sentence before stated: quoted alone after "services comparable sales declined 5.6%", "This
    # increase was driven by a comparable sales increase of 2%" read as its explanation (it was the domestic revenue's)
    for text in ["This increase was driven by a comparable sales increase of 2%.", "These declines were offset."]:
        assert facts_of(text, "", "en").anaphora, text
    assert not facts_of("This year we opened 30 stores.", "", "en").anaphora
    total = facts_of("按合并基準計算,總營收為2477億元人民幣。", "On a consolidated basis, total revenue was RMB 247.7 billion.")
    assert total.group and total.metrics == ("total_revenue",)


def test_periods_and_forward():
    f = facts_of("Overall, we expect quick commerce to bring RMB 1 trillion in incremental GMV over the next three years.", "", "en")
    assert f.period == "three_years" and f.forward and "money" in f.figures
    f = facts_of("即時零售拉動淘寶八月日活躍用戶(DAU)增長20%。", "")
    assert f.month == 8 and f.metrics == ("dau",)


def test_a_rate_per_period_a_base_quarter_and_a_level_to_return_to():
    """Session 27 (the 43rd review): "per quarter" is a rate, not a figure per unit; "about the same as the first
    quarter" and "relative to … the fourth quarter of 2020" are comparison bases; "see return to $5 billion" looks
    ahead."""
    f = facts_of("We did generate positive EBITDA of $244 million per quarter, about the same as the first quarter.", "",
                 "en")
    assert not f.per_unit and not f.quarters and f.metrics == ("ebitda",)
    assert facts_of("Revenue per member rose 5%.", "", "en").per_unit
    assert not facts_of("每季度收入约为10亿元。", "").per_unit and facts_of("人均消费增长10%。", "").per_unit
    f = facts_of("We delivered adjusted net revenue of $1.81 billion, an 800 basis point improvement relative to the "
                 "performance we reported in the fourth quarter of 2020.", "", "en")
    assert not f.years and f.base_years == (2020,)
    assert facts_of("We, first and foremost, see return to $5 billion, $6 billion EBITDA in our markets.", "",
                    "en").forward
    impact = facts_of("This will result of negative impact of $0.25 per share moving from the third quarter to the "
                      "fourth quarter.", "", "en")
    assert "eps" not in impact.metrics
    assert "eps" in facts_of("We expect fourth quarter earnings of $2.04 per share.", "", "en").metrics
    # a change in points written in words is in points (the 44th review's Copa load factor)
    assert facts_of("Load factor came in at 77%, an improvement of eight percentage points.", "", "en").in_points
    assert not facts_of("We won some points of share.", "", "en").in_points


@pytest.mark.parametrize("original, translation, dated", [
    ("快电商业务收入增长12%,主要源于4月底上线“淘宝闪购”带来的订单增长。", "", True),  # a month
    ("我们在2月宣布,将在未来三年内投资3800亿人民币。", "", True),
    ("We launched the product in 2019.", "", True),  # a year
    ("Revenue in the March quarter grew 10%.", "", True),
    ("去年我们开始了这项试点。", "", True),
    ("淘宝闪购上线四个月以来,取得了成功。", "In the four months since its launch, it has succeeded.", False),  # a span
    ("Over the next three years, we will invest in AI.", "", False),
    ("Qwen 3 models are among the best.", "", False),
])
def test_dated_names_a_point_in_time(original, translation, dated):
    lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in original) else "en"
    assert facts_of(original, translation, lang).dated is dated


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
    ({"format": "callrag-glossary/1", "terms": [{"id": "a", "kind": "metric", "en": ["a"], "zh": ["甲"],
                                                  "level": "segment"}]}, "'level'"),
])
def test_glossary_errors_say_what_is_wrong(data, message):
    with pytest.raises(GlossaryError, match=message):
        parse_glossary(data, "g.json")


TWO_FIGURES = ("本季度,我們在AI和雲基礎設施方面的資本支出達到386億人民幣,過去四個季度,我們在AI基礎設施和AI產品研發方面累計"
               "投入超過1000億人民幣。", "This quarter, our capital expenditure on AI and cloud infrastructure reached RMB 38.6 "
               "billion, and over the past four quarters we have invested a cumulative total of more than RMB 100 billion in"
               " AI infrastructure and AI product R&D.")


@pytest.mark.parametrize("question, stated", [
    ("本季度阿里巴巴的研发费用是多少？", False),  # R&D is in the other clause, over the past four quarters
    ("过去四个季度研发投入了多少钱？", True),
    ("What was capex this quarter?", True),
    ("How much went into R&D over the past four quarters?", True),
    ("How much was R&D spending this quarter?", False),
])
def test_a_figure_is_bound_to_the_metric_and_period_of_its_own_clause(question, stated):
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    f = facts_of(*TWO_FIGURES, "zh", g)
    assert [c.period for c in f.clauses] == ["quarter", "trailing"]
    assert states(analyse(question, g), f, (), g) is stated


def test_a_clause_without_its_own_subject_keeps_the_one_before():
    """「88VIP會員數…同比增長,已突破5,300萬人」: the 53 million are 88VIP members; 「…比4月份增長三倍」 are riders."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    members = facts_of("88VIP會員數繼續保持兩位數同比增長,已突破5,300萬人。", "", "zh", g)
    assert len(members.clauses) == 2 and members.clauses[1].metrics == members.clauses[0].metrics
    assert states(analyse("How many 88VIP members are there now?", g), members, (), g)
    riders = facts_of("淘寶閃購日均活躍騎手數已經達到200萬的規模,比4月份增長三倍。", "", "zh", g)
    assert states(analyse("日均活躍騎手相比4月份翻了幾倍？", g), riders, (), g)



def test_projects_are_not_projections():
    """"new-build projects that had been committed" does not look ahead; "we project" and "anticipate" do."""
    from rag.facts import facts_of

    assert not facts_of("Capex was $24 million on new-build projects that had been committed.", "", "en").forward
    assert facts_of("We now anticipate capex slightly below $100 million.", "", "en").forward
    assert facts_of("We project revenue of $2 billion.", "", "en").forward


@pytest.mark.parametrize("sentence, forward", [
    # a result measured against the guidance looks back (a reviewer's Best Buy guidance answer had led with it)
    ("Compared to our guidance, enterprise revenue of $11.9 billion exceeded the high end of our revenue outlook of "
     "$11.6 billion, driven by the better-than-expected comparable sales growth of 1.6%.", False),
    ("As expected, higher advertising expense was partially offset by lower incentive compensation.", False),
    ("Third quarter adjusted earnings per share were $1.02, up 23% and exceeded our third quarter guidance.", False),
    ("We expect the following: enterprise revenue in the range of $51.8 billion to $52.3 billion.", True),
    ("We are raising our full-year guidance to $3.60.", True),
])
def test_a_result_measured_against_guidance_looks_back(sentence, forward):
    from rag.facts import facts_of
    from rag.question import analyse

    assert facts_of(sentence, "", "en").forward is forward
    assert not analyse("What adjusted EPS did Baxter deliver in the quarter, and how did it compare with guidance?").forward
    assert analyse("What is Best Buy's updated full-year FY22 enterprise revenue guidance?").forward


@pytest.mark.parametrize("question, sentence", [
    # a reviewer's three wrong declines on new calls, each "not given" above the sentence that gives it
    ("What capital spending does Nucor now expect for full-year 2021?",
     "For full year 2021, we now estimate capital spending of approximately $1.7 billion."),  # "we now estimate"
    ("What was Best Buy's domestic gross profit rate in Q3 FY22?",
     "The domestic gross profit rate decreased 60 basis points to 23.4%."),  # a gross profit rate is a margin
    ("联合太平洋今年迄今通过股息和回购向股东返还了多少资金？",
     "Supported by our strong cash generation and cash balances, we've returned $7.9 billion to shareholders "
     "year-to-date through dividends and share repurchases."),  # 今年迄今 is year to date, not the full year
    # the thirtieth review's (session 23): a verb between "per share" and its amount; a leverage ratio in times
    ("What is the 2022 guidance for core FFO per share?",
     "Looking ahead to 2022, we expect core FFO per share will be between $6.80 and $6.90."),
    ("年底的杠杆率是多少？", "As of year-end, our reported leverage ratio stood at 6.1 times."),
    # a per-share amount right after the dividend is the dividend's, though EPS guidance comes later (32nd review)
    ("董事会批准的年化股息是多少？", "Today, we're announcing approval by our board of directors of an increased annualized "
     "dividend of $4.58 per share, and continued confidence in our full year 2022 EPS guidance range."),
    ("第一季度營業收入指引是多少？", "When you put all these moving parts together, that gets us to our first quarter "
     "operating revenue guidance of down 10 to 15% versus first quarter 2019."),  # guidance given as a rate
])
def test_a_sentence_giving_what_is_asked_states_it(question, sentence):
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    assert states(analyse(question, g), facts_of(sentence, "", "en", g), (), g)


@pytest.mark.parametrize("question, sentence, period", [
    # last year's third quarter is not the third quarter asked (a reviewer's Nucor EPS answer led with $0.63)
    ("纽柯第三季度每股收益是多少？去年同期是多少？",
     "This quarter's results also compare favorably with year-ago third quarter earnings of $0.63 per diluted share.", -1),
    ("纽柯第三季度每股收益是多少？去年同期是多少？",
     "We are proud to report our third quarter of 2021 earnings of $7.28 per diluted share.", 1),
    # ... unless it is only the base of a comparison (fourteenth review: Travelers' cat losses); a catastrophe loss is
    # a glossary metric (巨灾损失, "cat losses")
    ("第二季度税前巨灾损失是多少？", "Our second quarter results include $475 million of pre-tax cat losses compared to "
     "$854 million in last year's second quarter.", 1),
    ("What was EPS in the second quarter?", "EPS of $1.10 versus $0.95 in the prior-year second quarter.", 0),
])
def test_last_years_quarter_is_not_the_quarter_asked(question, sentence, period):
    from rag.compose import _period, states
    from rag.question import analyse

    g = load_glossary()
    q = analyse(question, g)
    assert q.period == "quarter" or q.quarters  # of two questions in one, the first one's period
    f = facts_of(sentence, "", "en", g)
    assert _period(q, f) == period
    if period == 1:
        assert states(q, f, (), g)


def test_an_outlooks_comparison_base_is_not_its_period():
    """"… up 1% to last year, which is on top of … the fourth quarter of last year" is the fourth quarter's guidance
    (a reviewer's Best Buy answer had led with the full year's)."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    f = facts_of("We expect comparable sales growth to be in the range of down 2% to up 1% to last year, which is on "
                 "top of our 12.6% comparable sales growth in the fourth quarter of last year.", "", "en", g)
    assert [c.period for c in f.clauses] == [None, "year_ago"]
    assert states(analyse("百思买对第四季度可比销售额的指引是多少？", g), f, (), g)



def test_an_amount_asked_is_not_stated_by_a_change():
    """"What were Nucor's steel mills segment pre-tax earnings?" (the call gives none) had been answered with "it
    caused us to miss … our pre-tax earnings by about $64 million" (twelfth review); asked by how much, it answers."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    miss = facts_of("And the margins on that inventory were very large, and so it caused us to miss our earnings by "
                    "about -- our pre-tax earnings by about $64 million.", "", "en", g)
    assert miss.changes_only and "pretax_income" in miss.metrics
    assert not states(analyse("What were Nucor's pre-tax earnings in the third quarter?", g), miss, (), g)
    assert states(analyse("By how much did Nucor miss its pre-tax earnings?", g), miss, (), g)
    level = facts_of("Pre-tax earnings increased by $40 million to $2.1 billion.", "", "en", g)
    assert not level.changes_only
    assert states(analyse("What were Nucor's pre-tax earnings?", g), level, (), g)


def test_a_long_term_range_is_named_not_spoken_of():
    """"our initial EPS guidance will target the low end of our long-term growth range of 11% to 15%" is the 2022
    guidance (the sentence before names 2022), not a long-term figure (twelfth review, Humana)."""
    f = facts_of("Accordingly, we anticipate that our initial EPS guidance will target the low end of our long-term "
                 "growth range of 11% to 15%.", "", "en")
    assert f.period is None and f.forward
    assert facts_of("Over the long term, we expect margins to expand.", "", "en").period == "long_term"


def test_the_thirteenth_reviews_wrong_declines():
    """Grainger: 销售及管理费用（SG&A） is SG&A (it had read as revenue and G&A), and "company gross margin" is the
    whole company's (asked "total-company gross margin", it had been "not given")."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    q = analyse("固安捷预计第四季度的销售及管理费用（SG&A）是多少？", g)
    assert q.metrics == ("sga",)
    sga = facts_of("And for SG&A, we expect a similar level of spending in the fourth quarter as we saw in the third "
                   "quarter, between $810 million and $815 million.", "", "en", g)
    assert states(q, sga, (), g)
    margin = facts_of("We anticipate company gross margin will fall between 37.2% and 37.4%.", "", "en", g)
    assert margin.group
    assert states(analyse("What total-company gross margin does Grainger expect for the fourth quarter?", g), margin,
                  (), g)



def test_a_multi_year_comparison_is_not_the_year_on_year_figure():
    """Conagra: asked 第二财季的有机净销售额同比增长了多少, "a two-year compounded organic net sales growth of 5.3%" had led
    (and its figure had been given in Chinese) over "organic net sales up 2.6% compared to the year ago period"."""
    from rag.compose import _period
    from rag.question import analyse

    g = load_glossary()
    q = analyse("康尼格拉第二财季的有机净销售额同比增长了多少？", g)
    assert q.quarters == (2,) and q.answer_type == "percent"
    two_year = facts_of("As you can see, we continue to deliver strong two-year compounded net sales growth, which "
                        "resulted in a two-year compounded organic net sales growth of 5.3% for the total company.",
                        "", "en", g)
    assert two_year.period == "multi_year" and _period(q, two_year) == -1
    assert _period(analyse("What was the two-year compounded organic growth?", g), two_year) == 1  # (session 20:
    # a multi-year comparison asked is the period of one given)
    assert analyse("艾默生第三财季的基础销售增长是多少？", g).answer_type == "percent"  # 增长是多少: by how much


def test_an_amount_asked_is_not_stated_by_cents_alone():
    """Emerson: 本季度回购了多少金额的股票 (the call gives no amount) had been answered, with a Chinese figure line, by
    "Tax, currency, pension, stock comp netted to a $0.05 headwind, and there was a minor favorable impact from share
    repurchase" (thirteenth review): amounts under a dollar are per share, not a total; per-share metrics keep them."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    cents = facts_of("Tax, currency, pension, stock comp netted to a $0.05 headwind, and there was a minor favorable "
                     "impact from share repurchase.", "", "en", g)
    assert cents.cents_only
    assert not states(analyse("艾默生本季度回购了多少金额的股票？", g), cents, (), g)
    assert not facts_of("We repurchased $0.5 billion of stock.", "", "en", g).cents_only
    ffo = facts_of("FFO was $0.47 per share.", "", "en", g)
    assert ffo.cents_only and states(analyse("What was AAT's FFO?", g), ffo, (), g)


def test_last_years_quarter_after_from_is_the_comparison_base():
    """"The RMS operating margin increased to 27.4% from 9.1% in the second quarter of last year" is this quarter's
    margin (the sixteenth review's question had led with the full-year outlook instead)."""
    g = load_glossary()
    f = facts_of("The RMS operating margin increased to 27.4% from 9.1% in the second quarter of last year.", "", "en", g)
    assert f.period is None and not f.last_years_quarter
    f = facts_of("Revenue in the second quarter of last year was $5 million.", "", "en", g)
    assert f.period == "year_ago" and f.last_years_quarter


def test_the_seventeenth_reviews_wrong_declines():
    """Session 16's held-out review: each answer was quoted under "not given"."""
    from rag.compose import asked_words, states, words_of
    from rag.facts import quarters_of, years_of
    from rag.question import analyse

    g = load_glossary()
    # Emergent: 今年截至三季度末 asks the year to date, its quarter is where the span ends (not "Q3 capex")
    q = analyse("今年截至三季度末，公司累计资本开支是多少？", g)
    assert q.period == "year_to_date" and q.quarters == ()
    ytd = facts_of("Additionally, we reported cumulative year-to-date capital expenditures of $178 million.", "", "en", g)
    assert states(q, ytd, (), g)
    # EMCOR: "2020's 3rd quarter" after "from" is the base of this quarter's loss, not the year it speaks of
    loss = "Our segment operating loss of $3 million represents a $5.9 million improvement from the $8.9 million " \
           "loss reported in 2020's 3rd quarter."
    assert years_of(loss) == () and quarters_of("3rd quarter revenues") == (3,)
    assert years_of("2020's 3rd quarter revenues were $5 million") == (2020,)
    assert states(analyse("工业服务板块三季度的经营亏损是多少？", g), facts_of(loss, "", "en", g), (), g)
    # EMCOR: "my expectation for full year 2021 was …" states an outlook; "which exceeded our expectation" does not
    outlook = facts_of("As previously communicated, my expectation for full year 2021 was operating cash flow in "
                       "excess of $300 million.", "", "en", g)
    assert outlook.forward and states(analyse("管理层对2021年全年经营现金流的预期是多少？", g), outlook, (), g)
    assert not facts_of("Total revenue was approximately $1.5 billion, representing a 7.5% decline versus last year, "
                        "which exceeded our expectation.", "", "en", g).forward
    # General Dynamics: "entry into service" is entering service
    assert asked_words("When will the G700 enter service?", "en") & words_of("entry into service in 2022", "en") \
        >= {"enter"}


def test_the_seventeenth_reviews_neighbouring_figures():
    """Session 16's held-out review: figures of another metric or year offered as the one asked."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    # Iron Mountain: ITRenew's revenue contribution is no acquisition price
    q = analyse("How much did Iron Mountain pay to acquire ITRenew?", g)
    assert q.subject == "acquisition_price"
    assert not states(q, facts_of("So you would be working with $450 million for ITRenew.", "", "en", g), (), g)
    assert states(q, facts_of("We acquired ITRenew for a purchase price of $725 million.", "", "en", g), (), g)
    # EMCOR: remaining performance obligations are a metric of their own (a kind of backlog), not operating income
    rpo = analyse("What were the segment's remaining performance obligations at quarter-end?", g)
    assert rpo.subject == "remaining_performance_obligations" and g.is_a(rpo.subject, "backlog")
    assert not states(rpo, facts_of("Segment operating income of $6.6 million or 5.1% of revenues represents an "
                                    "increase.", "", "en", g), (), g)
    assert analyse("三季度末的剩余履约义务（RPO）是多少？", g).subject == "remaining_performance_obligations"
    # Emergent: "ACAM2000" names no year 2000, so the 2021 outlook's list is the year asked
    outlook = facts_of("Total revenue of $1.70 billion to $1.8 billion; ACAM2000 sales of $200 million to $220 million.",
                       "", "en", g)
    assert outlook.years == ()


def test_book_to_bill_is_a_ratio_metric():
    """Session 16's review: 订单出货比（book-to-bill） was read as orders, and "not given" named "Marine Systems、book-to-bill
    的订单"; it is a metric of its own, stated as a ratio ("a 1:1 book-to-bill")."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    q = analyse("海洋系统（Marine Systems）板块第二季度的订单出货比（book-to-bill）是多少？", g)
    assert q.subject == "book_to_bill" and "orders" not in q.metrics
    total = analyse("What was the company-wide book-to-bill in the quarter?", g)
    assert states(total, facts_of("Order activity was strong in the second quarter with a 1:1 book-to-bill for the "
                                  "company as a whole.", "", "en", g), (), g)


def test_a_figure_asked_in_a_unit_is_given_in_that_unit():
    """Session 16's review: "How many megawatts of data center leasing is Iron Mountain targeting for 2022?" had led
    with a data-center margin remark; "we expect to lease 50 megawatts" gives it, though it names no metric. (Asked
    again, the twelfth review's "How many tons of Econiq … to ship", which the call never counts, is now not given.)"""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    q = analyse("How many megawatts of data center leasing is Iron Mountain targeting for 2022?", g)
    assert q.unit == "megawatt"
    lease = facts_of("In 2022, we expect to lease 50 megawatts, which would represent 28% annual bookings growth.",
                     "", "en", g)
    assert lease.units == ("megawatt",) and states(q, lease, (), g)
    assert not states(q, facts_of("In 2022, we expect to open 3 new data centers.", "", "en", g), (), g)
    assert analyse("二季度日均产量是多少桶？", g).unit == "barrel"
    assert analyse("How many data centers will open in 2022?", g).unit is None


def test_a_result_below_the_base_and_the_guidance_looks_back():
    """Session 16's review: "total revenues of $329 million below the prior year period and our guidance" is the
    quarter's result measured against the guidance, no outlook."""
    g = load_glossary()
    assert not facts_of("Highlights include total revenues of $329 million below the prior year period and our "
                        "guidance principally due to the reversal.", "", "en", g).forward
    assert facts_of("We expect revenue above our prior guidance.", "", "en", g).forward


def test_the_eighteenth_reviews_wrong_declines_and_leads():
    """Session 16's second held-out review (Crown, Cardinal Health, Devon, Graco)."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    # Graco: "are estimated to be" is an outlook
    capex = facts_of("Capital expenditures are estimated to be $150 million, including $90 million for facility "
                     "expansion projects.", "", "en", g)
    assert capex.forward and states(analyse("How much does Graco expect to spend on capital expenditures this year?",
                                            g), capex, (), g)
    # Graco: "After adjusting for …" is an adjusted basis; 每股淨利 and 每股盈餘 (as Taiwan writes EPS) are EPS
    adjusted = facts_of("After adjusting for the impact of excess tax benefits from stock option exercises, net "
                        "earnings were $108 million or $0.62 per diluted share.", "", "en", g)
    assert adjusted.adjusted and states(analyse("第二季調整後每股淨利是多少？", g), adjusted, (), g)
    assert analyse("公司2022財年的每股盈餘指引區間是多少？", g).subject == "eps"
    # Cardinal Health: a segment's profit is its operating profit
    assert analyse("制药（Pharma）板块本季度的分部利润是多少？", g).subject == "operating_profit"
    assert "operating_profit" in facts_of("Segment profit grew 1% to $406 million.", "", "en", g).metrics
    # Crown: buying "$1.5 billion and $2 billion of stock" is a buyback (the decimal point had ended the phrase)
    assert "buyback" in facts_of("We buy somewhere between $1.5 billion and $2 billion of stock between '21 and '22.",
                                 "", "en", g).metrics


def test_the_nineteenth_reviews_wrong_declines():
    """Session 16's third held-out review (A. O. Smith, Kirby, Pebblebrook, First Commonwealth)."""
    from rag.compose import _renderings, states
    from rag.question import analyse

    g = load_glossary()
    # Kirby: 海运 is its Marine Transportation segment (the dictionary had only "shipping by sea")
    assert "marin" in _renderings(g, "海运")
    # First Commonwealth: 非利息支出 is noninterest expense, not interest expense; "Our previous NIE guidance was …"
    # is the outlook the call then revises
    q = analyse("公司对下半年每季度非利息支出的指引是多少？", g)
    assert q.subject == "noninterest_expense"
    previous = facts_of("Our previous NIE guidance was $52 million to $53 million per quarter, so we've been comfortably "
                        "below that.", "", "en", g)
    assert previous.earlier_outlook and not states(q, previous, (), g)
    assert not facts_of("We raised guidance from our previous guidance of $1.00 to $1.10.", "", "en", g).earlier_outlook
    # A. O. Smith: by how much a plan was cut is answered by a rate; "capital spend plans" look ahead
    cut = facts_of("We have reprioritized and reduced our capital spend plans for 2020 by approximately 20%.", "", "en",
                   g)
    assert cut.forward and states(analyse("公司把2020年的资本开支计划削减了多少？", g), cut, (), g)
    # ... but an amount asked first is not given by a growth rate
    growth = facts_of("Total revenues grew 34% in the quarter.", "", "en", g)
    assert not states(analyse("本季度的总营收是多少？同比增长了多少？", g), growth, (), g)


def test_an_amount_stated_as_a_metrics_is_bound_to_it():
    """Session 16's review: Kirby's "Revenues for the 2021 third quarter were $260.4 million, with an operating income
    of $11 million …" bound its first amount to the operating income (nearer), so the segment's revenue was led by
    its increase ("revenue increased $84.4 million")."""
    g = load_glossary()
    f = facts_of("Revenues for the 2021 third quarter were $260.4 million, with an operating income of $11 million and "
                 "an operating margin of 4.2%.", "", "en", g)
    assert f.bound == ("revenue", "operating_profit")
    assert facts_of("We delivered $1 billion of share buyback and free cash flow of $2 billion.", "", "en",
                    g).bound == ("buyback", "free_cash_flow")


def test_revpar_is_a_metric_so_its_year_is_checked():
    """Session 16's review: 管理层对2022年全年RevPAR的指引是多少 was answered with Pebblebrook's fourth-quarter 2021 RevPAR
    outlook: with no glossary term, no period was checked."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    q = analyse("管理层对2022年全年RevPAR的指引是多少？", g)
    assert q.subject == "revpar"
    q4 = facts_of("For the fourth quarter, we expect same-property RevPAR and total revenue to be down between 38% and "
                  "42% compared with the comparable period in 2019.", "", "en", g)
    assert not states(q, q4, (), g)


def test_session_17_review_sentences():
    """Session 17's review (Chubb, Martin Marietta, Sysco, TransDigm): what each sentence states."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    # "Through the six months ended June 30, we returned …" is the year to date, not the quarter asked
    half = facts_of("Through the six months ended June 30, we returned $3.1 billion, including $2.4 billion in share "
                    "repurchases and dividends of $704 million.", "", "en", g)
    assert half.period == "year_to_date"
    assert analyse("How much stock was bought back in the first half?", g).period == "year_to_date"
    assert analyse("上半年回购了多少股票？", g).period == "year_to_date"
    # an outlook revised from last quarter's guidance is the full year's
    capex = facts_of("Full year capital expenditures are now expected in the range of $350 million to $375 million, a "
                     "slight upward revision from the guidance provided last quarter.", "", "en", g)
    assert capex.period == "fiscal_year"
    assert states(analyse("What is the updated capex range for full-year 2020?", g), capex, (), g)
    # the metrics of a definition do not take the amount: free cash flow's $250 million is no capex
    fcf = facts_of("Free cash flow, which we traditionally defined at TransDigm as EBITDA less cash interest payments, "
                   "capex and cash taxes, was roughly $250 million.", "", "en", g)
    assert fcf.bound == ("free_cash_flow",)
    assert not states(analyse("TransDigm 一季度的资本开支（capex）是多少？", g), fcf, (), g)
    # leverage is a metric of its own, counted in times (not EBITDA's dollars)
    lev = facts_of("Our net debt-to-EBITDA ratio is now at 6.7 times.", "", "en", g)
    q = analyse("公司目前的净债务/EBITDA 杠杆是多少倍？", g)
    assert q.subject == "leverage" and states(q, lev, (), g)
    ebitda = facts_of("EBITDA as defined of about $565 million for Q1 was up 19% versus our prior Q1.", "", "en", g)
    assert not states(q, ebitda, (), g)
    # pricing is a metric, and what stands before it narrows it (骨料 is aggregates, not cement)
    q = analyse("本季度骨料平均售价上涨了多少？", g)
    assert q.subject == "pricing" and q.qualifiers == ("骨料",)
    assert analyse("公司出售砂石场，售价大概多少？", g).subject != "pricing"  # an asset's sale price is not pricing


def test_quarterly_in_a_question_ahead_is_no_quarter():
    """"Going forward, what quarterly net investment income run rate should we model?" asks each quarter ahead: the
    quarter just reported ("investment income for the quarter was a record $945 million") is not its period."""
    from rag.question import analyse

    assert analyse("Going forward, what quarterly net investment income run rate should we model?").period is None
    assert analyse("What was quarterly revenue?").period == "quarter"
    assert analyse("What do you expect for revenue this quarter?").period == "quarter"


def test_the_call_something_was_said_on_is_no_quarter_of_the_figure():
    """"To reiterate what we said on the Q4 earnings call, our teams are still planning for our commercial aftermarket
    revenue to grow in the 20% to 30% range" is the fiscal year's plan (the twentieth review's TransDigm question),
    not a fourth quarter's."""
    g = load_glossary()
    plan = facts_of("To reiterate what we said on the Q4 earnings call, our teams are still planning for our commercial "
                    "aftermarket revenue to grow in the 20% to 30% range.", "", "en", g)
    assert plan.quarters == ()
    assert facts_of("Q4 revenue grew 20%.", "", "en", g).quarters == (4,)


def test_session_18_review_sentences():
    """Session 18's review (Citizens, Carlisle, Dick's, Cheniere): what each sentence states."""
    from rag.compose import states
    from rag.facts import years_of
    from rag.question import analyse

    g = load_glossary()
    # a rate belongs to the metric before it in its clause: the 4% is the asset growth's, no net interest margin
    nii = facts_of("Net interest income was up 2% as 4% interest-earning asset growth helped offset the impact of the "
                   "decline in net interest margin.", "", "en", g)
    nim = facts_of("Net interest margin decreased 6 basis points to 3.06%, and net interest income was stable.",
                   "", "en", g)
    q = analyse("What was the net interest margin this quarter?", g)
    assert q.subject == "net_interest_margin"
    assert "net_interest_margin" not in nii.rates_bound and not states(q, nii, (), g)
    assert nim.rates_bound[0] == "net_interest_margin" and states(q, nim, (), g)
    # of two metrics ending together, the longer: comparable store sales, not sales
    comps = facts_of("Net sales grew 8% with comparable store sales of 9.5%.", "", "en", g)
    assert comps.rates_bound == ("revenue", "same_store_sales")
    # a count after "with" is no model's name ("Qwen 3" is)
    assert "count" in figure_kinds("we shipped a record with 139 cargoes", "en")
    # "on top of" a year ago's growth: 2019 is a comparison base, not the year of the figure
    two_year = ("Consolidated same store sales increased 12.2% on top of a 23.2% increase in the same period last "
                "year, and a 6% increase in Q3 of 2019.")
    assert years_of(two_year) == ()
    assert facts_of(two_year, "", "en", g).period in (None, "quarter")
    # a part named after a colon introduces it
    assert facts_of("For full year 2021, we anticipate the following: At CCM, we expect revenue growth in the high "
                    "teens.", "", "en", g).part_intro
    # a goal is ahead
    assert facts_of("Our goal is to get to investment grade metrics by 2023.", "", "en", g).forward
    # leverage is a multiple: a sentence with no multiple does not state it
    q = analyse("What is the leverage target?", g)
    assert q.subject == "leverage"
    assert not states(q, facts_of("We expect to see improvement in our leverage levels over the next two years, with "
                                  "2 trains coming online.", "", "en", g), (), g)
    assert states(q, facts_of("We are targeting leverage of 4.5x by 2023.", "", "en", g), (), g)


@pytest.mark.parametrize("question, subject", [
    ("What was distributable cash flow this quarter?", "distributable_cash_flow"),
    ("本季度可分配现金流是多少？", "distributable_cash_flow"),
    ("What was the efficiency ratio?", "efficiency_ratio"),
    ("效率比率是多少？", "efficiency_ratio"),
    ("What was the adjusted EBITDA margin?", "ebitda_margin"),
    ("How much did comp store sales grow?", "same_store_sales"),
])
def test_session_18_glossary_terms(question, subject):
    from rag.question import analyse

    assert analyse(question, load_glossary()).subject == subject


def test_a_figure_unit_is_checked():
    data = {"format": "callrag-glossary/1", "terms": [
        {"id": "leverage", "kind": "metric", "en": ["leverage"], "zh": ["杠杆"], "unit": "dollars"}]}
    with pytest.raises(GlossaryError, match="'unit' must be one of multiple"):
        parse_glossary(data)


def test_session_19_review_sentences():
    """Session 19's review (Abercrombie, Aon, Arrow, Weyerhaeuser): an amount stated as a metric's, ahead or after a
    change, is that metric's, and a rate "on a <metric> basis" is that metric's too."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    interest = facts_of("Interest expense in the fourth quarter is expected to be approximately $85 million, reflecting "
                        "our increased debt levels.", "", "en", g)
    assert interest.bound == ("interest_expense",)
    assert states(analyse("第四季度的利息支出预计是多少？", g), interest, (), g)
    fcf = facts_of("Free cash flow decreased 40% year-to-date to $1.1 billion as strong revenue growth was offset by the "
                   "$1 billion termination fee payment and other related costs.", "", "en", g)
    assert fcf.bound[0] == "free_cash_flow"
    assert states(analyse("How much free cash flow has Aon generated so far this year?", g), fcf, (), g)
    # (a level after a change verb with no "to" is still the nearest metric's)
    assert facts_of("Revenue grew 5%, while $20 million of buyback was completed.", "", "en", g).bound == ("buyback",)
    same_store = facts_of("On a same-store revenue basis, revenues increased 14.8% in the first quarter.", "", "en", g)
    assert "same_store_sales" in same_store.rates_bound
    assert states(analyse("同店收入增长了多少？", g), same_store, (), g)


def test_a_margin_asked_is_a_level_not_a_change_in_points():
    """Session 19's review: Aon's "What was the adjusted operating margin?" (具体是多少) and Arrow's "consolidated gross
    margin percentage" were answered with changes in basis points; asked how much a margin changed, they answer."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    change = facts_of("In Q3, this repatterning negatively impacted margins by approximately 240 basis points.", "", "en", g)
    roi = facts_of("So gross margin has grown by 120 basis points.", "", "en", g)
    level = facts_of("Gross margin was 12.3%, up 120 basis points.", "", "en", g)
    assert change.points_only and roi.points_only and not level.points_only
    for question in ("What was the consolidated gross margin percentage?", "毛利率具体是多少？"):
        q = analyse(question, g)
        assert not states(q, roi, (), g) and states(q, level, (), g), question
    for question in ("How many basis points did gross margin expand?", "毛利率同比提升了多少？"):
        assert states(analyse(question, g), roi, (), g), question


def test_a_unit_after_in_is_asked():
    """"What was total Timberlands harvest volume in tons?" asks a quantity in tons: a sentence with no tons does not
    give it (the review's answer was an EBITDA growth rate)."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    q = analyse("What was total Timberlands harvest volume in tons for the quarter?", g)
    assert q.unit == "ton" and q.answer_type == "count"
    assert not states(q, facts_of("Southern Timberlands' adjusted EBITDA increased by approximately 10%.", "", "en", g),
                      (), g)
    assert analyse("What was the price of steel per ton?", g).unit is None


def test_an_amount_right_after_a_change_verb_is_a_change():
    """"Engineered Wood Products adjusted EBITDA increased $11 million compared to the first quarter" led the answer to
    "What adjusted EBITDA did Weyerhaeuser report?" (session 19's review): the amount is the change, not a level."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    change = facts_of("Engineered Wood Products adjusted EBITDA increased $11 million compared to the first quarter.",
                      "", "en", g)
    assert change.changes_only
    assert not states(analyse("What adjusted EBITDA did Weyerhaeuser report for the second quarter?", g), change, (), g)
    assert states(analyse("By how much did Engineered Wood Products adjusted EBITDA increase?", g), change, (), g)
    assert not facts_of("Adjusted EBITDA increased to $1.6 billion.", "", "en", g).changes_only


def test_a_part_opening_the_sentence_is_not_the_company():
    """Session 19's review: "What adjusted EBITDA did Weyerhaeuser report for the second quarter?" led with "Wood
    Products delivered another record quarter at $1.4 billion of adjusted EBITDA" (a segment's). A part the question
    does not name, opening the sentence as its subject, gives that part's figure; the company's own name does not."""
    from dataclasses import replace

    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    part = facts_of("Wood Products delivered another record quarter at $1.4 billion of adjusted EBITDA.", "", "en", g)
    own = facts_of("Weyerhaeuser reported adjusted EBITDA of $1.6 billion.", "", "en", g)
    assert part.subject_part == "wood products" and own.subject_part == "weyerhaeuser"
    q = replace(analyse("What adjusted EBITDA did Weyerhaeuser report for the second quarter?", g),
                own_words=("weyerhaeuser",))
    assert not states(q, part, (), g) and states(q, own, (), g)
    assert states(analyse("What adjusted EBITDA did Wood Products deliver?", g), part, (), g)
    assert facts_of("Wood Products delivered $1.4 billion.", "木材产品交付了14亿美元。", "zh", g).subject_part == ""


def test_a_sentence_about_the_segment_gives_no_company_wide_figure():
    """Session 20's review: "What net income is Deere guiding to for fiscal 2022?" led with "the net income forecast
    is $870 million as the segment is expected to continue to benefit …" (Financial Services'). A sentence that speaks
    of "the segment" anywhere does not state a company-wide metric, nor a total asked."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    seg = facts_of("For fiscal year 2022, the net income forecast is $870 million as the segment is expected to "
                   "continue to benefit from a higher average portfolio.", "", "en", g)
    company = facts_of("For fiscal year 2022, our full-year outlook for net income is forecasted to be between $6.5 "
                       "billion and $7 billion.", "", "en", g)
    assert seg.segment_ref and not company.segment_ref
    q = analyse("What net income is Deere guiding to for fiscal 2022?", g)
    assert not states(q, seg, (), g) and states(q, company, (), g)
    assert not facts_of("We grew all segments.", "", "en", g).segment_ref
    assert facts_of("该分部收入增长10%。", "", "zh", g).segment_ref


def test_a_figure_repeating_last_quarters_is_this_quarters():
    """Session 20's 25th review (EOG Q2 2021): "nearly $1.1 billion of free cash flow, repeating the record level of
    free cash flow we generated last quarter" was read as last quarter's, and the free cash flow asked for the second
    quarter was declined as not given while that sentence was quoted under the decline."""
    g = load_glossary()
    f = facts_of("We delivered adjusted earnings of $1.73 per share and nearly $1.1 billion of free cash flow, "
                 "repeating the record level of free cash flow we generated last quarter.", "", "en", g)
    assert f.period != "previous_quarter"
    assert facts_of("Last quarter, we generated $1.1 billion of free cash flow.", "", "en", g).period == \
        "previous_quarter"


def test_growth_against_one_year_is_not_growth_against_another():
    """Session 20's 25th review (Boston Scientific Q2 2021): growth "versus 2019" asked, "52.4% organic revenue growth
    … versus 2020" offered as the answer; and "Compared to second quarter 2019, organic growth was 8.9%" was read as
    a figure of 2019."""
    from rag.compose import _period
    from rag.facts import base_years, years_of
    from rag.question import analyse

    g = load_glossary()
    from dataclasses import replace

    q = replace(analyse("What was Boston Scientific's Q2 2021 organic revenue growth versus 2019?", g),
                period="quarter")  # (the call's own quarter, as the pipeline resolves it)
    vs_2020 = facts_of("Organic revenue growth was 52.4%, above our guidance range of 44% to 48% growth versus 2020.",
                       "", "en", g)
    vs_2019 = facts_of("Compared to second quarter 2019, organic revenue growth was 8.9%.", "", "en", g)
    assert vs_2020.base_years == (2020,) and vs_2019.base_years == (2019,)
    assert _period(q, vs_2020) == -1 and _period(q, vs_2019) >= 0
    assert years_of("Compared to second quarter 2019, organic growth was 8.9%") == ()
    assert base_years("较2019年同期增长8.9%") == (2019,)


def test_a_target_is_not_the_figure_asked():
    """"CET1 ratio well above our internal target of 10.5%" gives the target, not the ratio (31st review, Discover: it
    led, with the gist 10.5%); the sentence giving the ratio still states it."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    q = analyse("第一季度末普通股一級資本比率（CET1）是多少？", g)
    assert q.qualifiers == ()  # 季度末 is a period, not a part of the company
    target = facts_of("Taking the -- obviously, CET1 ratio well above our internal target of 10.5%.", "", "en", g)
    assert target.targets_only and not states(q, target, (), g)
    ratio = "Our common equity Tier 1 ratio increased 180 basis points sequentially to 14.9%, well above our internal " \
            "target of 10.5%."
    assert states(q, facts_of(ratio, "", "en", g), (), g)
    # a target that is the plan is the figure: "our target of $100 million of net cost synergies in 2022"
    plan = facts_of("And yes, we're still very much on our target of $100 million of net cost synergies in 2022.", "",
                    "en", g)
    assert not plan.targets_only and states(analyse("Cardtronics在2022年预计能带来多少净成本协同效应？", g), plan, (), g)


def test_an_impact_on_a_metric_is_a_change_not_its_level():
    """"non-operating net expenses impacted our EPS for about $0.07" is not the EPS (32nd review, Invesco)."""
    g = load_glossary()
    f = facts_of("In fact, non-operating net expenses impacted our EPS for about $0.07 quarter-over-quarter.", "", "en", g)
    assert f.changes_only
    assert not facts_of("Diluted EPS was $0.07 for the quarter.", "", "en", g).changes_only


def test_a_clause_giving_a_margins_change_in_points_does_not_state_its_level():
    """"Our adjusted operating margin increased 120 basis points and our adjusted EPS increased 28% to $4.82" gives the
    margin's change only, though another clause has a percentage (32nd review, Marsh & McLennan)."""
    from rag.compose import states
    from rag.question import analyse

    g = load_glossary()
    q = analyse("第三季度的調整後營業利潤率是多少？", g)
    change = "Our adjusted operating margin increased 120 basis points and our adjusted EPS increased 28% to $4.82."
    assert not states(q, facts_of(change, "", "en", g), (), g)
    level = "Adjusted operating income also increased 21% to $469 million and our adjusted operating margin expanded " \
            "20 basis points to 20.4%."
    assert states(q, facts_of(level, "", "en", g), (), g)
    assert states(analyse("调整后营业利润率提升了多少个基点？", g), facts_of(change, "", "en", g), (), g)


def test_a_trailing_twelve_months_and_a_short_figure_after_its_topic():
    """"For the 12-month period ending March 31" is a trailing period, not March; "Yeah, we should see return to a more
    normalized tax rate for fiscal 2022." ¶ "So, 27%-ish in that range." gives the 2022 tax rate (33rd review)."""
    from rag.question import analyse

    g = load_glossary()
    assert facts_of("For the 12-month period ending March 31, 2021, our O&M efficiency ratio was 34.1%.", "", "en",
                    g).period == "trailing"
    assert analyse("截至今年3月的12個月，O&M效率比率是多少？", g).period == "trailing"
    assert facts_of("Yeah, we should see return to a more normalized tax rate for fiscal 2022.", "", "en", g).forward


def test_changes_parts_results_against_guidance_and_named_quarters():
    """The 33rd and 34th reviews: "a $0.02 per share increase in FFO" is a change, "This includes $92 million from …"
    a part of the figure before it, "exceeding the midpoint of our guidance range" a result (not an outlook), "funds from
    operations for the second quarter" names the second quarter, "an increase of 40% from Q2 of last year" is this
    quarter's, "gross profit of $252 million which represents 51.7% of revenue" is no revenue, and "roughly 1/3 of
    earnings" a rate."""
    from rag.compose import states
    from rag.facts import quarters_of
    from rag.question import analyse

    g = load_glossary()
    assert facts_of("And a $0.02 per share increase in FFO resulting from the full quarter contributions of our recent "
                    "acquisitions.", "", "en", g).changes_only
    assert not facts_of("FFO was $1.28 per share.", "", "en", g).changes_only
    part = facts_of("This includes $92 million from the Pennsylvania and the Missouri rate cases discussed earlier.",
                    "", "en", g)
    assert part.part_only and not states(analyse("What was total revenue in the first quarter?", g), part, (), g)
    result = ("Last night, we reported funds from operations for the second quarter of 2021 of $131.2 million or $1.28 "
              "per share, exceeding the midpoint of our guidance range by $0.03 per share.")
    assert not facts_of(result, "", "en", g).forward and quarters_of(result) == (2,)
    assert states(analyse("What was FFO per share in the second quarter?", g), facts_of(result, "", "en", g), (), g)
    assert quarters_of("revenue was up 5% from the second quarter") == ()
    kar = facts_of("For KAR overall we generated $585 million in revenue an increase of 40% from Q2 of last year.", "",
                   "en", g)
    assert kar.period != "year_ago"
    gross = facts_of("We generated total gross profit of $252 million which represents 51.7% of revenue excluding "
                     "purchased vehicles.", "", "en", g)
    assert gross.bound == ("gross_profit",)
    assert not states(analyse("What was KAR's total revenue in Q2 2021?", g), gross, (), g)
    assert "percent" in facts_of("And I think the target that we talked about before was roughly 1/3 of earnings.", "",
                                 "en", g).figures
    assert "revenue" not in facts_of("three rate cases, totaling an annualized revenue request of $61 million", "",
                                     "en", g).metrics


def test_payment_dates_purposes_estimates_and_balance_sheet_totals():
    """The 35th review (Lexington, Fresh Del Monte, Pitney Bowes, Oceaneering asked again): a dividend "which will be
    paid in the first quarter of 2022" is no figure of that quarter, "as part of our plan to drive …" is no plan
    ahead, "Our estimated organic capital expenditure total for 2021" is an outlook, "a total debt balance of $534
    million" is the whole company's, and "$0.19 per diluted common share" is per share."""
    g = load_glossary()
    dividend = facts_of("The new declared quarterly common share dividend, which will be paid in the first quarter of "
                        "2022, will be $0.12 per share, representing an 11.6% increase over the prior quarterly "
                        "dividend.", "", "en", g)
    assert dividend.quarters == () and dividend.years == () and dividend.per_share
    assert not facts_of("We invested $43 million in capex as part of our plan to drive future operational "
                        "efficiencies.", "", "en", g).forward
    assert facts_of("We plan to spend $100 million.", "", "en", g).forward
    assert facts_of("Our estimated organic capital expenditure total for 2021 remains between 50 and $70 million.", "",
                    "en", g).forward
    assert facts_of("We paid down our long-term debt by $8 million, resulting in a total debt balance of $534 "
                    "million.", "", "en", g).group
    assert facts_of("we produced adjusted company FFO of roughly $54 million, or $0.19 per diluted common share.", "",
                    "en", g).per_share


def test_a_cause_given_by_its_verb_is_causal():
    """"Shipments that were skewed very late in the quarter caused our receivables to increase" gives the reason the
    year-to-date operating cash flow was negative, right after the sentence stating it (35th review, Wabash: it had been
    left out of the answer)."""
    g = load_glossary()
    assert facts_of("Shipments that were skewed very late in the quarter caused our receivables to increase "
                    "significantly from Q2.", "", "en", g).causal
    assert not facts_of("Year-to-date operating cash flow was negative $74 million.", "", "en", g).causal


def test_a_per_share_amount_of_ffo_and_its_year_ago_comparison():
    """The 36th review (Hudson Pacific): "we generated FFO, excluding specified items, of $0.49 per diluted share
    compared to $0.50 per diluted share a year ago" is FFO's (not earnings per share) and this quarter's (the year ago is
    its comparison); "per diluted share" with no other metric is bare, for the fact book to carry FFO to it."""
    g = load_glossary()
    ffo = facts_of("In the second quarter, we generated FFO, excluding specified items, of $0.49 per diluted share "
                   "compared to $0.50 per diluted share a year ago.", "", "en", g)
    assert ffo.metrics == ("ffo",) and ffo.period != "year_ago" and ffo.quarters == (2,)
    eps = facts_of("Net income was $50 million, or $0.49 per diluted share.", "", "en", g)
    assert "eps" in eps.metrics and not eps.bare_per_share
    guidance = facts_of("We're providing full year 2021 guidance in the range of $1.90 to $1.96 per diluted share "
                        "excluding specified items.", "", "en", g)
    assert guidance.metrics == ("eps",) and guidance.bare_per_share
    assert facts_of("We ended the quarter with cash and cash equivalents of $31 million, equating to a debt to total "
                    "capital ratio of only 6%.", "", "en", g).rates_bound == ("debt_to_capital",)


def test_rates_that_are_all_growth_give_no_share():
    """Asked again of Yum's call in session 25 (a rule for the 36th review had let it through): "What share of Pizza
    Hut's 2021 sales came through digital channels?" is not stated by "Full year 2021 system sales grew 6%, driven by 7%
    same-store sales growth and 4% unit growth" (every rate a growth rate), while a share or a level is no growth."""
    g = load_glossary()
    assert facts_of("Full year 2021 system sales grew 6%, driven by 7% same-store sales growth and 4% unit growth.", "",
                    "en", g).growth_only
    assert facts_of("Digital sales were up 25% year over year.", "", "en", g).growth_only
    assert not facts_of("Moving on to Pizza Hut, which accounts for 16% of our divisional operating profit.", "", "en",
                        g).growth_only
    assert not facts_of("Gross margin was 29%, up 120 basis points.", "", "en", g).growth_only
    assert not facts_of("Revenue was $5 million.", "", "en", g).growth_only


def test_a_per_share_change_and_a_part_of_a_change_are_changes():
    """Camden (the 34th review's call, asked again in session 25): "This $0.18 per share increase results from … $0.03
    of this increase occurred in the second quarter" gives changes, no FFO per share (a rule carrying FFO to a bare
    "per share" amount had let it lead)."""
    g = load_glossary()
    assert facts_of("This $0.18 per share increase results from our anticipated $0.21 increase in 2021 same-store "
                    "operating results, $0.03 of this increase occurred in the second quarter.", "", "en", g).changes_only
    assert not facts_of("We reported FFO of $1.28 per share.", "", "en", g).changes_only
    assert facts_of("This $0.27 aggregate increase in FFO is partially offset by an approximate $0.09 impact from our "
                    "second quarter ATM activity.", "", "en", g).changes_only


def test_invested_is_investment_a_result_of_is_a_cause_and_thats_down_leans_back():
    """The 37th review (National Retail Properties): "we invested $247 million in 49 new properties" states an
    investment; "that's largely a result of scheduled deferral repayments" gives a cause; "That's down $0.02 from the
    preceding second quarter" leans on the sentence before it."""
    g = load_glossary()
    assert "investment" in facts_of("During the third quarter, we invested $247 million in 49 new properties.", "",
                                    "en", g).metrics
    down = facts_of("That's down $0.02 from the preceding second quarter $0.77, and that's largely a result of "
                    "scheduled deferral repayments beginning to taper off.", "", "en", g)
    assert down.causal and down.anaphora
    assert not facts_of("That's a great question.", "", "en", g).anaphora


def test_hurricane_losses_a_similar_level_a_belief_ahead_and_drivers():
    """The 38th review (RLI, Hexcel, Dine Brands): losses from hurricanes are catastrophe losses; capex "expected to be
    at a similar level to 2020" is an outlook in words; "we believe the brand can develop 40 to 50 new restaurants"
    looks ahead; "had three drivers, including …" gives causes."""
    g = load_glossary()
    assert "catastrophe_losses" in facts_of("Recorded losses from hurricanes Hanna, Isaias, Laura and Sally stand at $39 "
                                            "million net of reinsurance.", "", "en", g).metrics
    capex = facts_of("Capital expenditure in 2021 will continue to be managed very tightly and is expected to be at a "
                     "similar level to 2020.", "", "en", g)
    assert capex.worded and capex.forward
    assert facts_of("For 2021, we believe the brand can develop 40 to 50 new restaurants.", "", "en", g).forward
    assert not facts_of("We believe the brand delivered 40 new restaurants.", "", "en", g).forward
    assert facts_of("The sequential gross margin improvement had three drivers, including greater impact from our cost "
                    "reduction actions.", "", "en", g).causal


def test_a_misheard_word_the_translation_marks_is_no_fact():
    """Session 28: "our Qwen [transcript: Q1] models" (the original's 我們的 Q1 模型): that Q1 is a misheard name,
    not the first quarter; the sentence had answered "When did …?" as a dated one."""
    f = facts_of("阿里云將支持 SAP 客戶利用我們的 Q1 模型,在阿里巴巴的平臺上運行。",
                 "Alibaba Cloud will enable SAP customers to run on Alibaba's platform, leveraging our Qwen "
                 "[transcript: Q1] models.", "zh", load_glossary())
    assert not f.dated and f.quarters == ()
    g = facts_of("我們在 Q1 的收入增長了10%。", "Our revenue grew 10% in Q1.", "zh", load_glossary())
    assert g.dated and g.quarters == (1,)
