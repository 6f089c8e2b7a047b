"""Evaluation: metric values worked out by hand, suite validation, relevance that survives re-chunking."""

import json

import pytest

from eval.evaluate import Evaluator
from eval.relevance import evidence_run, relevant
from eval.suite import Case, SuiteError, load_suite
from eval.systems import Result


class Fixed:
    """A system that returns fixed passages per question."""

    def __init__(self, name, answers):
        self.name, self.answers = name, answers

    def search(self, question, k):
        texts, declined = self.answers[question]
        return Result(tuple(texts[:k]), declined)


CASES = [
    Case("a", "qa", "en", ("AAA",)),
    Case("b", "qb", "zh", ("BBB", "CCC")),
    Case("u", "qu", "en", (), answerable=False),
]


def test_metrics_by_hand():
    # a: relevant at rank 2 -> hit@1 0, hit@3 1, MRR 1/2, recall@5 1, nDCG 1/log2(3).
    # b: BBB at rank 1, CCC at rank 4 -> hit@1 1, MRR 1, recall@5 1, nDCG (1 + 1/log2(5)) / (1 + 1/log2(3)).
    product = Fixed("product", {"qa": (["x", "AAA"], False), "qb": (["BBB", "y", "z", "CCC"], False),
                                "qu": ([], True)})
    base = Fixed("base", {"qa": (["x", "y", "z", "w", "v", "AAA"], False), "qb": (["y", "BBB"], False),
                          "qu": (["x"], False)})
    r = Evaluator("t", CASES, k=10)(product, [base])
    import math

    ndcg_a = 1 / math.log2(3)
    ndcg_b = (1 + 1 / math.log2(5)) / (1 + 1 / math.log2(3))
    assert r["n"] == 2 and r["n_unanswerable"] == 1
    assert r["metrics"]["hit@1"] == 0.5 and r["metrics"]["hit@3"] == 1.0
    assert r["metrics"]["mrr@10"] == 0.75 and r["metrics"]["recall@5"] == 1.0
    assert r["metrics"]["ndcg@10"] == pytest.approx((ndcg_a + ndcg_b) / 2, abs=1e-4)
    assert r["by_language"]["en"]["mrr@10"] == 0.5 and r["by_language"]["zh"]["mrr@10"] == 1.0
    # base: a at rank 6 (MRR 1/6, hit@5 0, recall@5 0); b: BBB at rank 2 only (MRR 1/2, recall@5 1/2).
    assert r["baselines"]["base"]["mrr@10"] == pytest.approx((1 / 6 + 1 / 2) / 2, abs=1e-4)
    assert r["baselines"]["base"]["hit@5"] == 0.5 and r["baselines"]["base"]["recall@5"] == 0.25
    assert r["abstention"] == {"unanswerable": 1, "declined": 1, "declined_share": 1.0, "answered_anyway": [],
                               "answerable_declined": 0, "answerable_declined_share": 0.0,
                               "answerable_declined_ids": []}
    assert set(r["significance"]["base"]) == {"hit@1", "hit@3", "hit@5", "recall@5", "mrr@10", "ndcg@10"}


def test_ablations_that_can_decline_report_their_abstention():
    from eval.report import markdown

    product = Fixed("product", {"qa": (["AAA"], False), "qb": (["BBB"], False), "qu": ([], True)})
    strict = Fixed("strict", {"qa": ([], True), "qb": (["BBB"], False), "qu": ([], True)})
    strict.abstains = True
    retriever = Fixed("retriever", {"qa": (["AAA"], False), "qb": (["BBB"], False), "qu": (["x"], False)})
    r = Evaluator("t", CASES)(product, [], [strict, retriever])
    assert r["ablations"]["strict"]["abstention"]["declined"] == 1
    assert r["ablations"]["strict"]["abstention"]["answerable_declined_ids"] == ["a"]
    assert "abstention" not in r["ablations"]["retriever"]  # it never declines: no abstention figures
    r["seconds"] = 0.0
    table = markdown(r)
    assert "| strict | 0.500 |" in table and "| 1/1 | 1/2 |" in table and "| – | – |" in table


def test_a_declined_answerable_question_scores_zero():
    product = Fixed("p", {"qa": ([], True), "qb": (["BBB"], False), "qu": ([], True)})
    r = Evaluator("t", CASES)(product, [])
    assert r["by_language"]["en"]["hit@5"] == 0.0 and r["abstention"]["answerable_declined_ids"] == ["a"]


def test_relevance_by_evidence_survives_rechunking(corpus):
    """The same suite scored on two chunkings of one text finds its evidence in both."""
    case = Case("c", "capex?", "en", ("堅持原來三年投資3800億這樣的一個計劃",))
    text = corpus.turns[7].text("zh")
    paragraphs = text.split("\n")
    halves = [text[: len(text) // 2], text[len(text) // 2:]]
    assert any(relevant(case, p) for p in paragraphs)
    assert any(relevant(case, h) for h in halves)
    # whatever the chunking, the evidence is found at the rank of the chunk that holds it
    for chunks in (paragraphs, halves):
        run = evidence_run(case, chunks)
        holder = next(i for i, c in enumerate(chunks) if relevant(case, c))
        assert sorted(run, key=run.get, reverse=True).index("e0") == holder


def test_relevance_normalises_script_width_and_space():
    case = Case("c", "q", "zh", ("阿里云 收入",))
    assert relevant(case, "阿里雲收入增長") is False  # a space is a space
    assert relevant(case, "阿里雲　收入增長")  # full-width space, Traditional script
    assert relevant(Case("d", "q", "en", ("ＡＩ需求",)), "ai需求強勁")


def _write(tmp_path, lines):
    path = tmp_path / "s.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) if not isinstance(x, str) else x for x in lines),
                    encoding="utf-8")
    return path


GOOD = {"id": "c1", "question": "capex?", "language": "en", "evidence": ["三年投資3800億"]}


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", r"s\.jsonl:2: not a JSON object"),
        ({"question": "x", "language": "en", "evidence": ["三年投資3800億"]}, r"s\.jsonl:2: case: missing or empty field 'id'"),
        ({**GOOD, "id": "c2", "language": "fr"}, r"s\.jsonl:2: case 'c2': language 'fr'; expected 'en' or 'zh'"),
        ({**GOOD, "id": "c2", "evidence": ["nowhere in this call"]},
         r"s\.jsonl:2: case 'c2': evidence 'nowhere in this call' occurs nowhere in the corpus"),
        ({**GOOD, "id": "c2", "evidence": []}, r"case 'c2': an answerable case needs at least one evidence string"),
        ({**GOOD, "id": "c2", "answerable": False}, r"case 'c2': an unanswerable case .* must have no evidence"),
        ({**GOOD, "id": "c2", "gold": 1}, r"case 'c2': unknown field\(s\) \['gold'\]"),
        (GOOD, r"s\.jsonl:2: case 'c1': duplicate id \(first on line 1\)"),
    ],
)
def test_suite_validation_errors(tmp_path, corpus, line, message):
    with pytest.raises(SuiteError, match=message):
        load_suite(_write(tmp_path, [GOOD, line]), [corpus])


def test_evidence_matches_across_scripts(tmp_path, corpus):
    simplified = {**GOOD, "evidence": ["三年投资3800亿"]}
    assert load_suite(_write(tmp_path, [simplified]), [corpus])[0].evidence == ("三年投资3800亿",)


def test_bundled_suite_shape(suite, corpus):
    from index.script import detect_script

    answerable = [c for c in suite if c.answerable]
    assert len(answerable) >= 120 and len([c for c in suite if not c.answerable]) >= 10
    assert sum(c.language == "en" for c in answerable) >= 60 and sum(c.language == "zh" for c in answerable) >= 60
    scripts = {detect_script(c.question) for c in answerable if c.language == "zh"}
    assert {"simplified", "traditional"} <= scripts
    management = [(t.index, p.text("zh")) for t in corpus.turns if t.role == "management" for p in t.paragraphs]
    covered = {t for t, text in management for c in answerable if relevant(c, text)}
    assert covered == {t.index for t in corpus.turns if t.role == "management"}


def test_dev_suite_is_valid_and_separate(corpus, suite):
    from eval.run import DEFAULT_SUITE

    dev = load_suite(DEFAULT_SUITE.with_name("alibaba-2025q2-dev.jsonl"), [corpus])
    assert sum(not c.answerable for c in dev) >= 30 and sum(c.answerable for c in dev) >= 30
    assert not {c.id for c in dev} & {c.id for c in suite}
    assert not {c.question for c in dev} & {c.question for c in suite}
