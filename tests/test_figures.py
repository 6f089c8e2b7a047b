from decimal import Decimal

import pytest

from index.figures import figures, missing_figures


def values(text):
    return [str(f) for f in figures(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("未來三年投資3800億元", ["380000000000"]),
        ("日均訂單1.2億單", ["120000000"]),
        ("營收333.98億元", ["33398000000"]),
        ("突破5,300萬人", ["53000000"]),
        ("帶來約1萬億元", ["1000000000000"]),
        ("利潤率穩定在8.8%,增長２６％", ["8.8%", "26%"]),
        ("7、8月份", ["7", "8"]),
        ("3千家店", ["3000"]),
    ],
)
def test_chinese_figures(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("RMB 380 billion over three years", ["380000000000"]),
        ("120 million orders", ["120000000"]),
        ("RMB 33.398 billion", ["33398000000"]),
        ("53 million members and 50,000 warehouses", ["53000000", "50000"]),
        ("up 26 percent, margin 8.8%", ["26%", "8.8%"]),
        ("US$1.5bn in July and August", ["1500000000", "7", "8"]),
        ("Qwen3-Coder and Wan 2.2, Q1, B2C", ["2.2"]),  # a digit inside a name or code is not a figure
        ("our outlook for FY26", ["26"]),  # ... but a fiscal year's is (26財年)
    ],
)
def test_english_figures(text, expected):
    assert values(text) == expected


def test_values_are_exact():
    (zh,) = figures("333.98億")
    (en,) = figures("33.398 billion")
    assert zh.value == en.value == Decimal("33398000000")


def test_missing_figures_finds_a_wrong_scale_and_a_wrong_percent():
    assert missing_figures("3800億,增長26%", "RMB 380 billion, up 26%") == []
    missing = missing_figures("3800億,增長26%", "RMB 38 billion, up 26")
    assert [f.text for f in missing] == ["3800億", "26%"]


def test_english_original_checked_against_chinese_translation():
    assert missing_figures("Orders hit 120 million in July.", "7月訂單達到1.2億單。") == []
    assert [f.text for f in missing_figures("Orders hit 120 million.", "訂單達到1.2萬單。")] == ["120 million"]
