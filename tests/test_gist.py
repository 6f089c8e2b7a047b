"""The figure an answer leads with, in Chinese, above the English original (rag/gist.py): exact or not at all."""

import pytest

from index.figures import figures
from rag.gist import figure_gist, gist_figure


@pytest.mark.parametrize("sentence, kind, figure, words", [
    ("For full year 2021, we now estimate capital spending of approximately $1.7 billion.", "money", "约17亿美元",
     "approximately $1.7 billion"),
    ("We are also adjusting our productivity guidance for the year, down to $350 million.", "money", "3.5亿美元",
     "$350 million"),  # "down to": the new level, no direction
    ("Revenue was RMB 247.7 billion, up 2% year-over-year.", "money", "2477亿元人民币", "RMB 247.7 billion"),
    ("EPS was $2.57 a share.", "money", "每股2.57美元", "$2.57 a share"),
    ("we've returned more than $7.9 billion to shareholders", "money", "超过79亿美元", "more than $7.9 billion"),
    ("In our International segment, revenue decreased 7.8% to $925 million.", "percent", "下降7.8%", "decreased 7.8%"),
    ("The domestic gross profit rate decreased 60 basis points to 23.4%.", "percent", "23.4%", "23.4%"),
    ("Freight revenue was up 12% in the quarter.", "percent", "增长12%", "up 12%"),
    ("Net sales were $40,500.", "money", "4.05万美元", "$40,500"),
])
def test_the_one_figure_of_the_asked_kind_in_chinese_units(sentence, kind, figure, words):
    assert gist_figure(sentence, kind) == (figure, words)
    assert [f.key for f in figures(figure)] == [f.key for f in figures(words) if f.percent == (kind == "percent")]


@pytest.mark.parametrize("sentence, kind", [
    ("Net income was $1.7 billion or $2.57 per share.", "money"),  # two amounts: which one is asked is not sure
    ("Sales were $1.2 billion to $1.3 billion.", "money"),  # a range
    ("Crude sold for $70 a barrel.", "money"),  # a unit this module does not render
    ("fuel expense, up 81% as a result of a 74% increase in fuel prices", "percent"),
    ("We opened 30 stores.", "money"),  # no amount of money
    ("Revenue grew by 5 percentage points.", "percent"),  # points are no percentage
    # a band is no figure: the thirtieth review's Lazard tax rate had the gist 20% for "the mid 20% range"
    ("We continue to expect this year's annual effective tax rate to be in the mid 20% range.", "percent"),
    ("We expect capex in the low-$2 billion range.", "money"),
    # a range whose lower end has no sign: the 34th review's Oceaneering capex had the gist $70 million
    ("Our estimated organic capital expenditure total for 2021 remains between 50 and $70 million.", "money"),
])
def test_no_gist_rather_than_a_guess(sentence, kind):
    assert gist_figure(sentence, kind) == ("", "")


def test_the_gist_line_names_its_citation_and_keeps_the_script():
    assert figure_gist("Revenue decreased 7.8% to $925 million.", "percent", 2) == "要点（据英文原文[2]）：下降7.8%（decreased 7.8%）"
    assert figure_gist("Capex was $2.45 billion.", "money", 1, "traditional") == "要點（據英文原文[1]）：24.5億美元（$2.45 billion）"
    assert figure_gist("We opened 30 stores.", "count", 1) == ""  # a count is the English's to say


def test_no_gist_for_another_metrics_figure_or_the_questions_own():
    """The one percentage of "adjusted operating income growth of 19% and our adjusted operating margin expanded 10
    basis points" is not the margin asked, and "$1.2 billion" does not answer "12亿美元的回购承诺还剩多少" (32nd review)."""
    from decimal import Decimal

    margin = ("operating margin", "adjusted operating margin")
    sentence = ("Overall, the third quarter saw adjusted operating income growth of 19% and our adjusted operating "
                "margin expanded 10 basis points year-over-year.")
    assert gist_figure(sentence, "percent", margin) == ("", "")
    assert gist_figure("Our adjusted operating margin increased 10 basis points to 18.5%.", "percent", margin)[0] == "18.5%"
    assert gist_figure("For full year 2021, we now estimate capital spending of approximately $1.7 billion.", "money",
                       ("capital spending",))[0] == "约17亿美元"
    echo = "We will live up to our commitment of the buybacks, $1.2 billion."
    assert gist_figure(echo, "money", (), (Decimal("1200000000"),)) == ("", "")
    assert gist_figure(echo, "money")[0] == "12亿美元"
