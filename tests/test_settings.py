"""Settings: every CALLRAG_* value is checked when read, and a bad one is a clear error naming the variable."""

from __future__ import annotations

import pytest

from index.settings import Settings, SettingsError


@pytest.mark.parametrize(
    "variable, value, message",
    [
        ("CALLRAG_K", "abc", "CALLRAG_K='abc' is not valid: expected a whole number"),
        ("CALLRAG_K", "0", "k (CALLRAG_K) = 0 is not valid: expected a whole number from 1 to 50"),
        ("CALLRAG_MIN_CSLS", "low", "CALLRAG_MIN_CSLS='low' is not valid: expected a number (or -inf)"),
        ("CALLRAG_DECLINE_UNKNOWN_NAMES", "maybe", "expected 1/0, true/false, yes/no or on/off"),
        ("CALLRAG_FUSION", "max", "fusion (CALLRAG_FUSION) = 'max' is not valid: expected relative, dist or rrf"),
        ("CALLRAG_FUSION_WEIGHTS", "1,2", "expected 4 comma-separated non-negative numbers"),
        ("CALLRAG_FUSION_WEIGHTS", "a,b,c,d", "expected 4 comma-separated non-negative numbers"),
        ("CALLRAG_FUSION_WEIGHTS", "0,0,0,0", "not all 0"),
        ("CALLRAG_ANSWER_SENTENCES", "0", "answer_sentences (CALLRAG_ANSWER_SENTENCES) = 0 is not valid"),
    ],
)
def test_bad_values_are_clear_errors(monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Settings()


def test_good_values_are_read(monkeypatch):
    monkeypatch.setenv("CALLRAG_K", "7")
    monkeypatch.setenv("CALLRAG_DECLINE_UNKNOWN_NAMES", "off")
    monkeypatch.setenv("CALLRAG_FUSION_WEIGHTS", "1,0,0,0")
    s = Settings()
    assert (s.k, s.decline_unknown_names, s.weights) == \
        (7, False, {"dense": 1.0, "sentence": 0.0, "bm25": 0.0, "question": 0.0})


def test_fusion_weights_by_name(monkeypatch):
    monkeypatch.setenv("CALLRAG_FUSION_WEIGHTS", "question=0.1, bm25=0.3, sentence=0.2, dense=0.4")
    assert Settings().weights == Settings(fusion_weights="0.4,0.2,0.3,0.1").weights == \
        {"dense": 0.4, "sentence": 0.2, "bm25": 0.3, "question": 0.1}


@pytest.mark.parametrize("value", ["dense=1,sentence=0,bm25=0", "dense=1,sentence=0,bm25=0,dense=0",
                                   "dense=1,sentence=0,bm25=0,lexical=0", "dense=1,0,0,0", "nan,1,1,1", "1,-1,0,0"])
def test_bad_named_fusion_weights(monkeypatch, value):
    monkeypatch.setenv("CALLRAG_FUSION_WEIGHTS", value)
    with pytest.raises(SettingsError, match="expected 4 comma-separated non-negative numbers"):
        Settings()


def test_k_is_checked_as_everywhere_else():
    with pytest.raises(SettingsError, match=r"k \(CALLRAG_K\) = 51 is not valid: expected a whole number from 1 to 50"):
        Settings(k=51)
    assert Settings(k=50).k == 50


def test_the_command_reports_a_bad_setting_and_exits_2(monkeypatch, capsys):
    from callrag.cli import main

    monkeypatch.setenv("CALLRAG_FUSION", "max")
    assert main(["ask", "What is the capex plan?"]) == 2
    assert capsys.readouterr().err.strip() == ("callrag ask: fusion (CALLRAG_FUSION) = 'max' is not valid: "
                                               "expected relative, dist or rrf")
