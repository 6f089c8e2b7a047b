import pytest

from index.sentences import split_sentences


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("本季度增長26%。我們很滿意!", "zh", ["本季度增長26%。", "我們很滿意!"]),
        ("他說:“好。”然後離開。", "zh", ["他說:“好。”", "然後離開。"]),
        ("沒有句號的段落", "zh", ["沒有句號的段落"]),
        ("愿景是什么?針對快電商的投資計劃具體怎樣?", "zh", ["愿景是什么?", "針對快電商的投資計劃具體怎樣?"]),
        ("Margin was 8.8%. Capex rose. Mr. Wu spoke.", "en", ["Margin was 8.8%. ", "Capex rose. ", "Mr. Wu spoke."]),
        ("The U.S. market grew. Why? Demand.", "en", ["The U.S. market grew. ", "Why? ", "Demand."]),
        ("Glenn opens the call to Q&A. For the quarter, sales grew. E. Scott Santi spoke.", "en",
         ["Glenn opens the call to Q&A. ", "For the quarter, sales grew. ", "E. Scott Santi spoke."]),
        ("Welcome to W.R. Berkley's call. Our first question is from A.J. Rice of Credit Suisse. Go ahead.", "en",
         ["Welcome to W.R. Berkley's call. ", "Our first question is from A.J. Rice of Credit Suisse. ", "Go ahead."]),
        # an abbreviation ends a sentence before a word that only opens one, not before a name
        ("Sales grew 9% in the U.S. And in Europe they fell. We sell to U.S. Steel and Acme Inc. The rest is small.",
         "en", ["Sales grew 9% in the U.S. ", "And in Europe they fell. ", "We sell to U.S. Steel and Acme Inc. ",
                "The rest is small."]),
        ("Dr. So spoke. Thanks to Mr. We.", "en", ["Dr. So spoke. ", "Thanks to Mr. We."]),
    ],
)
def test_split(text, lang, expected):
    assert split_sentences(text, lang) == expected


def test_pieces_join_back_exactly():
    raw = "本季度,我們實現了穩健增長。  我們核心業務……保持強勁。尾巴"
    assert "".join(split_sentences(raw, "zh")) == raw
