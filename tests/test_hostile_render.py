"""Transcript-derived text with Rich markup in it prints as written, in ``callrag ask`` and ``callrag corpus``."""

from index.parse import parse_text
from rag.types import Answer, Citation
from ui.render import print_answer
from ui.summary import print_summary

HOSTILE = "[/bold]吳泳銘"
SENTENCE = "We plan [red]RMB 380[/] billion [link=file:///etc/passwd]x[/link] [/]."


def citation(**changes) -> Citation:
    fields = dict(n=1, passage_id="x:t1.p0", transcript="x", speaker=HOSTILE, speaker_en="[bold]Eddie Wu",
                  title="[/]CEO", role="management", section="qa", turn=1, paragraph=0, text=SENTENCE,
                  translation=SENTENCE, score=0.5, answers=1)
    return Citation(**{**fields, **changes})


def test_markup_in_names_and_sentences_prints_as_written(capsys):
    answer = Answer("capex [/]?", "en", "neutral", f"[bold]Eddie Wu (CEO)[/]: {SENTENCE} [1]", (citation(),))
    print_answer(answer)  # raised rich.errors.MarkupError before
    out = capsys.readouterr().out
    assert HOSTILE in out and "[bold]Eddie Wu ([/]CEO)" in out and "[red]RMB 380[/]" in out
    assert "[link=file:///etc/passwd]x[/link]" in out


def test_markup_in_a_chinese_answer(capsys):
    answer = Answer("资本开支[/]", "zh", "simplified", "吴泳铭[/bold]：[1]", (citation(text="計劃[/b]。"),))
    print_answer(answer)
    out = capsys.readouterr().out
    assert "吴泳铭[/bold]" in out and "计划[/b]。" in out


def test_corpus_summary_with_markup_in_names(capsys):
    corpus = parse_text(f"主持人:\n歡迎[/]。\n{HOSTILE}:\n我們[/bold]投資。\n問:\n[red]資本開支[/]?\n{HOSTILE}:\n是的。\n",
                        corpus_id="x[/]")
    print_summary(corpus)  # raised rich.errors.MarkupError before
    out = capsys.readouterr().out
    assert HOSTILE in out and "x[/]" in out and "[red]資本開支[/]?" in out


def test_control_characters_are_shown_not_obeyed(capsys):
    """An escape sequence in a transcript would recolour, retitle or clear the user's terminal."""
    evil = "吳泳銘\x1b]0;owned\x07\x1b[2J\x1b[31m"
    answer = Answer("capex?", "en", "neutral", f"Eddie Wu: {evil} [1]", (citation(speaker=evil, translation=evil),))
    print_answer(answer)
    corpus = parse_text(f"主持人:\n歡迎{evil}。\n吳泳銘:\n{evil}\n", corpus_id="x")
    print_summary(corpus)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\\x1b]0;owned\\x07\\x1b[2J" in out
