from index.script import detect_script, match_key, to_script, to_simplified, to_traditional


def test_conversion_both_ways():
    assert to_simplified("雲業務的後備方案") == "云业务的后备方案"
    assert to_traditional("云业务的后备方案") == "雲業務的後備方案"


def test_detect_script():
    assert detect_script("資本開支計劃是什麼？") == "traditional"
    assert detect_script("资本开支计划是什么？") == "simplified"
    assert detect_script("What is the capex plan?") == "neutral"


def test_display_follows_the_users_script():
    assert to_script("阿里雲增長26%", "simplified") == "阿里云增长26%"
    assert to_script("阿里云增长26%", "traditional") == "阿里雲增長26%"
    assert to_script("阿里雲", "neutral") == "阿里雲"


def test_match_key_folds_script_width_case_and_space_without_touching_the_original(corpus):
    assert match_key("阿里雲  ＡＩ") == match_key("阿里云 ai") == "阿里云 ai"
    turn = corpus.turns[1]
    before = turn.paragraphs[0].sentences[0].zh
    match_key(before)
    assert turn.paragraphs[0].sentences[0].zh == before
