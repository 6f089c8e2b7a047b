"""Dictionary query translation of Chinese questions for English-only calls (rag/lexicon.py)."""

from rag.lexicon import clean_gloss, english_terms, glosses
from index.tokenize import tokenize_en


def test_glosses_drop_notes_classifiers_and_references():
    assert clean_gloss("(retail) store") == "store"
    assert clean_gloss("CL:筆|笔[bi3],個|个[ge4]") == ""
    assert clean_gloss("variant of 週|周[zhou1]") == ""
    assert "dividend" in glosses("股息")
    assert glosses("不是一个词语吧") == ()


def test_a_chinese_question_gets_english_words_for_bm25():
    words = set(tokenize_en(english_terms("Nucor 第三季度的出货量是多少？")))
    assert {"ship", "third", "quarter", "nucor"} <= words
    # glossary terms come first and count twice; the dictionary adds the rest
    text = english_terms("为什么毛利率下降了？")
    assert text.count("gross margin") >= 2 and "decline" in text


def test_without_the_dictionary_only_glossary_terms_and_latin_words():
    assert english_terms("Nucor 的钢厂？", dictionary=False) == "Nucor"
    assert english_terms("Nucor 的出货量？", dictionary=False).startswith("shipments")  # a glossary term (session 26)


def test_business_senses_come_before_the_dictionarys():
    """CC-CEDICT glosses 交割 "delivery" (of goods); a call "closes" a deal. 開庭 is found in either script."""
    assert glosses("交割")[:2] == ("close", "closing") and "delivery" in glosses("交割")
    assert glosses("開庭")[0] == "trial"
    assert glosses("预计")[0] == "expect"
    assert glosses("烈酒")[0] == "spirits"  # Constellation's "wine and spirits" (fourteenth review)
    assert glosses("航空")[0] == "aerospace"  # 柯林斯航空 is Collins Aerospace (sixteenth review)
