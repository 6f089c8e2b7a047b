"""The ``callrag corpus`` command, run in-process."""

import json

from index.corpus import load_corpus
from callrag.cli import main


def test_corpus_json_lists_every_turn_in_order(capsys, corpus):
    assert main(["corpus", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [t["index"] for t in data["turns"]] == list(range(len(corpus.turns)))
    roles = {s["name"]: s["role"] for s in data["speakers"]}
    assert roles["吳泳銘"] == roles["蔣凡"] == "management"
    assert roles["問"] == "analyst" and roles["主持人"] == "host"
    assert [t["question"] for t in data["turns"] if t["role"] == "analyst"] == list(range(1, 8))
    numbers = {t["question"] for t in data["turns"] if t["role"] == "analyst"}
    for t in data["turns"]:
        if t["role"] == "management" and t["section"] == "qa":
            assert t["answers"] in numbers
        for p in t["paragraphs"]:
            assert all(s["en"].strip() for s in p["sentences"])


def test_corpus_summary(capsys):
    assert main(["corpus"]) == 0
    out = capsys.readouterr().out
    assert "Eddie Wu" in out and "Jiang Fan" in out and "Analyst questions: 7" in out
    assert "Sentences: 324; translated (en): 324" in out  # 327 split by the parser, 3 stray full stops joined
    assert "About this call" in out and "蔣凡 (Jiang Fan)" in out
    assert "4b: Customer management revenue" in out and "turn 11 ¶2" in out and "turn 11 ¶0, 1" in out
    assert "Translator's notes" in out and "1.5.7 transcript: TikTok" in out
    assert "cited as" in out


def test_corpus_summary_prints_brackets_as_text_not_markup(capsys, corpus, tmp_path):
    from dataclasses import replace

    from index.corpus import save_corpus

    turn = corpus.turns[1]
    para = replace(turn.paragraphs[0], sentences=tuple(
        replace(s, note="[bold]kept[/bold] [transcript: Q1]") for s in turn.paragraphs[0].sentences))
    turns = (corpus.turns[0], replace(turn, paragraphs=(para,) + turn.paragraphs[1:])) + corpus.turns[2:]
    save_corpus(replace(corpus, turns=turns), tmp_path / "c.json")
    assert main(["corpus", "--file", str(tmp_path / "c.json")]) == 0
    assert "[bold]kept[/bold] [transcript: Q1]" in capsys.readouterr().out


def test_parse_writes_a_corpus(tmp_path, capsys):
    raw = tmp_path / "call.txt"
    raw.write_text("主持人:\n歡迎。\n吳泳銘:\n增長26%。\n", encoding="utf-8")
    out = tmp_path / "call.json"
    assert main(["corpus", "--parse", str(raw), "--out", str(out)]) == 0
    assert [t.speaker for t in load_corpus(out).turns] == ["主持人", "吳泳銘"]
    assert main(["corpus", "--file", str(out)]) == 0
    assert "translated (en): 0 — 2 missing" in capsys.readouterr().out


def test_parse_error_exits_2_and_writes_nothing(tmp_path, capsys):
    raw = tmp_path / "bad.txt"
    raw.write_bytes(b"\xff\xfe not utf8")
    out = tmp_path / "bad.json"
    assert main(["corpus", "--parse", str(raw), "--out", str(out)]) == 2
    assert "bad.txt:1: not UTF-8 text" in capsys.readouterr().err
    assert not out.exists() and list(tmp_path.iterdir()) == [raw]


def test_bad_corpus_file_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "c.json"
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    assert main(["corpus", "--file", str(bad)]) == 2
    assert "c.json: format: expected 'callrag-corpus/1', got 'something-else'" in capsys.readouterr().err
    assert main(["corpus", "--file", str(tmp_path / "missing.json")]) == 2
    assert "no such corpus file" in capsys.readouterr().err
