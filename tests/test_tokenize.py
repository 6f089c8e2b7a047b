from index.tokenize import tokenize_en, tokenize_zh


def test_chinese_words_are_simplified_and_script_independent():
    assert tokenize_zh("資本開支計劃") == tokenize_zh("资本开支计划") == ["资本", "开支", "计划"]
    assert "ai" in tokenize_zh("AI業務") and "capex" in tokenize_zh("資本開支(Capex)")


def test_english_words_are_stemmed_without_stopwords():
    assert tokenize_en("What are the capex plans for clouds?") == ["capex", "plan", "cloud"]
    assert tokenize_en("Margins of 8.8% and RMB 380 billion") == ["margin", "8.8%", "rmb", "380", "billion"]
