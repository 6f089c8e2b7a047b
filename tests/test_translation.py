"""The bundled translation: complete, and every figure of the original present by value."""

from dataclasses import replace

from index.corpus import Corpus
from index.translation import translation_problems


def test_bundled_translation_has_no_problems(corpus):
    assert translation_problems(corpus) == []


def _with_sentence(corpus: Corpus, turn: int, para: int, sent: int, en: str) -> Corpus:
    t = corpus.turns[turn]
    p = t.paragraphs[para]
    sentences = tuple(replace(s, en=en) if s.index == sent else s for s in p.sentences)
    paragraphs = tuple(replace(x, sentences=sentences) if x.index == para else x for x in t.paragraphs)
    turns = tuple(replace(x, paragraphs=paragraphs) if x.index == turn else x for x in corpus.turns)
    return replace(corpus, turns=turns)


def _capex_place(corpus):
    for t, p, s in corpus.sentences():
        if "3800億這樣的一個計劃" in s.zh:
            return t.index, p.index, s.index, s
    raise AssertionError("capex sentence not found")


def test_a_wrong_figure_is_caught(corpus):
    t, p, i, s = _capex_place(corpus)
    assert "RMB 380 billion" in s.en
    wrong = _with_sentence(corpus, t, p, i, s.en.replace("RMB 380 billion", "RMB 38 billion"))
    problems = translation_problems(wrong)
    assert len(problems) == 1
    assert problems[0].startswith(f"turn {t}, paragraph {p}, sentence {i}: figure '3800億' (= 380000000000)")


def test_a_missing_translation_is_caught(corpus):
    t, p, i, _ = _capex_place(corpus)
    assert translation_problems(_with_sentence(corpus, t, p, i, "  ")) == [
        f"turn {t}, paragraph {p}, sentence {i}: no translation"
    ]
