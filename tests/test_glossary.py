"""The translation against the glossary (data/glossary.json): every Chinese glossary term has an accepted English
rendering, the house style holds (American spelling, "year-over-year", no spoken fillers), and the check itself
catches a term left out."""

import json
import re
from dataclasses import replace

import pytest

from index.script import match_key


@pytest.fixture(scope="module")
def glossary(settings):
    return json.loads((settings.data_dir / "glossary.json").read_text(encoding="utf-8"))


def _accepted(term: dict) -> list[str]:
    """English renderings the translation may use: the house rendering and the synonyms not marked 'avoid'."""
    avoid = {a.casefold() for a in term.get("avoid", [])}
    out = [term["render"]] if term.get("render") else []
    return out + [e for e in term["en"] if e.casefold() not in avoid]


def _mentions(english: str, rendering: str) -> bool:
    """The rendering as a word or the start of one ('invest' in 'invested'), case-insensitively."""
    return re.search(r"(?<![a-z0-9])" + re.escape(rendering.casefold()), english.casefold()) is not None


def glossary_problems(corpus, glossary) -> list[str]:
    """Sentences whose Chinese has a glossary term but whose English has none of its accepted renderings.

    Terms are found in the Chinese by the glossary loader question analysis uses (``index.glossary``: longest
    term first, so 净利润 is net income and not also a profit of any kind; Latin forms as words). A sentence whose translator's
    note quotes the term (a garble translated by its meaning, 'transcript: 外賣') is exempt for that term.
    """
    from index.glossary import parse_glossary

    finder = parse_glossary(glossary)
    terms = {t["id"]: t for t in glossary["terms"]}
    problems = []
    for turn, para, sent in corpus.sentences():
        note = match_key(sent.note)
        for tid in finder.find(sent.zh):
            term = terms[tid]
            if any(match_key(z) in note for z in term["zh"]):
                continue
            if not any(_mentions(sent.en, e) for e in _accepted(term)):
                problems.append(f"{turn.index}.{para.index}.{sent.index}: {tid} has no rendering among "
                                f"{_accepted(term)} in {sent.en!r}")
    return problems


def test_every_glossary_term_has_its_rendering(corpus, glossary):
    assert glossary_problems(corpus, glossary) == []


def test_the_check_catches_a_term_left_out(corpus, glossary):
    turn = next(t for t in corpus.turns if t.index == 11)
    para = turn.paragraphs[2]
    sent = para.sentences[1]
    assert "貨幣化率" in sent.zh
    wrong = replace(sent, en=sent.en.replace("take rate", "commission"))
    turns = tuple(replace(t, paragraphs=tuple(
        replace(p, sentences=tuple(wrong if s is sent else s for s in p.sentences)) if p is para else p
        for p in t.paragraphs)) if t is turn else t for t in corpus.turns)
    problems = glossary_problems(replace(corpus, turns=turns), glossary)
    assert len(problems) == 1 and problems[0].startswith("11.2.1: take_rate has no rendering")


def test_avoided_renderings_are_not_used(corpus, glossary):
    avoided = [a for t in glossary["terms"] for a in t.get("avoid", [])]
    assert avoided
    used = [(f"{t.index}.{p.index}.{s.index}", a) for t, p, s in corpus.sentences() for a in avoided
            if _mentions(s.en, a)]
    assert used == []


def test_glossary_additions_keep_the_fields_question_analysis_reads(glossary):
    ids = [t["id"] for t in glossary["terms"]]
    assert len(ids) == len(set(ids))
    for term in glossary["terms"]:
        assert term["kind"] in ("metric", "segment", "business", "company")
        assert term["en"] and term["zh"]
        assert set(term) <= {"id", "kind", "answer", "en", "zh", "broader", "render", "avoid", "level", "unit"}


# British spellings common in financial English, as stems: each also matches its -s/-d/-ing/-ation forms.
BRITISH = ["monetis", "maximis", "minimis", "optimis", "prioritis", "realis", "recognis", "organis", "utilis",
           "emphasis", "summaris", "capitalis", "specialis", "stabilis", "standardis", "mobilis", "digitalis",
           "customis", "categoris", "finalis", "normalis", "authoris", "centralis", "localis", "modernis",
           "subsidis", "incentivis", "commercialis", "industrialis", "globalis", "democratis", "energis",
           "criticis", "analys", "catalys", "colour", "favour", "behaviour", "labour", "honour", "neighbour",
           "centre", "programme", "licence", "defence", "fulfil ", "fulfils", "travell", "modell", "cancell",
           "labell", "judgement", "ageing", "towards"]
AMERICAN_EXCEPTIONS = {"emphasis", "analysis", "analyses", "analyst", "analysts", "catalyst", "catalysts",
                       "realistic", "organism"}


def _british(text: str) -> list[str]:
    words = re.findall(r"[a-z]+ ?", text.casefold())
    return [w.strip() for w in words for b in BRITISH
            if w.startswith(b) and w.strip() not in AMERICAN_EXCEPTIONS]


def test_the_british_spelling_check_works():
    assert _british("We will maximise monetisation and prioritise the centre.") == [
        "maximise", "monetisation", "prioritise", "centre"]
    assert _british("Analysts see emphasis on analysis; we will maximize monetization.") == []


def test_house_style_american_spelling_year_over_year_no_fillers(corpus):
    texts = {f"{t.index}.{p.index}.{s.index}": s.en for t, p, s in corpus.sentences()}
    texts |= {f"speaker {s.name}": f"{s.title_en} {s.short_title_en}" for s in corpus.speakers}
    texts |= {f"metadata.notes[{i}]": n.en for i, n in enumerate(corpus.notes())}
    assert {k: _british(v) for k, v in texts.items() if _british(v)} == {}
    period = re.compile(r"\b(year|quarter|month)[- ]on[- ](year|quarter|month)\b|\by-o-y\b", re.I)
    assert [k for k, v in texts.items() if period.search(v)] == []
    filler = re.compile(r"\b(uh|um|erm|er|ah|hmm)\b", re.I)
    assert [k for k, v in texts.items() if filler.search(v)] == []
    spoken = re.compile(r"\b(that is to say|I mean|you know|sort of|kind of like)\b|, that is, we have", re.I)
    assert [k for k, v in texts.items() if spoken.search(v)] == []


def test_plural_and_insurer_forms_of_metrics():
    """Session 20's review: "cash flows from operations at $7.6 billion" is the operating cash flow asked (it had been
    declined as not given), and a health insurer's "medical care ratio" is a metric of its own (a question about it
    had been answered with COVID cost commentary)."""
    from index.glossary import load_glossary
    from rag.question import analyse

    g = load_glossary()
    assert "operating_cash_flow" in g.find("third-quarter cash flows from operations at $7.6 billion")
    assert "operating_cash_flow" in g.find("net cash provided by operating activities was $1.2 billion")
    q = analyse("What was UnitedHealth's medical care ratio in the third quarter?", g)
    assert q.subject == "medical_care_ratio" and q.answer_type == "percent"
    assert analyse("三季度的医疗赔付率是多少？", g).subject == "medical_care_ratio"
    assert g.is_a("medical_care_ratio", "loss_ratio")


def test_cash_flow_of_a_part_is_a_metric_of_which_free_and_operating_cash_flow_are_kinds():
    """Session 20's review (Deere Q4 2021): "迪尔预计2022财年设备运营业务的现金流是多少？" asked no metric the glossary
    knew and led with net income; "cash flow from the equipment operations is expected to be … $6 billion to $6.5
    billion" answers."""
    from index.glossary import load_glossary
    from rag.question import analyse

    g = load_glossary()
    assert analyse("迪尔预计2022财年设备运营业务的现金流是多少？", g).subject == "cash_flow"
    assert g.find("cash flow from the equipment operations is expected to be $6 billion") == ("cash_flow",)
    assert g.find("free cash flow of $1 billion") == ("free_cash_flow",)
    assert g.is_a("free_cash_flow", "cash_flow") and g.is_a("operating_cash_flow", "cash_flow")
    assert not g.is_a("free_cash_flow", "operating_cash_flow")


def test_a_grocers_id_sales_a_banks_rotce_and_an_emissions_intensity_are_metrics():
    """Session 20's 25th review: Kroger's "positive ID sales excluding fuel of between 1.5% to 2.5% in the fourth
    quarter" was declined as not given; PNC's return on tangible common equity (not given) and EOG's greenhouse gas
    intensity for the quarter (not given) were answered with other figures."""
    from index.glossary import load_glossary
    from rag.question import analyse

    g = load_glossary()
    assert g.find("our guidance of positive ID sales excluding fuel of between 1.5% to 2.5%") == ("same_store_sales",)
    assert g.find("identical sales without fuel increased 14%") == ("same_store_sales",)
    assert analyse("What return on tangible common equity did PNC generate in Q3 2021?", g).subject == "rotce"
    assert analyse("EOG今年第二季度的温室气体排放强度同比下降了多少？", g).subject == "ghg_intensity"


def test_an_insurers_premiums_and_a_utilitys_rate_request_are_metrics_of_their_own():
    """The 34th review asked CNO's annuity collected premiums in dollars (the call gives only their growth: it had
    been answered with EPS), and the 33rd American Water's total revenue (answered with "an annualized revenue request
    of $61 million", an amount asked of the regulator, not revenue)."""
    from index.glossary import load_glossary
    from rag.question import analyse

    g = load_glossary()
    assert analyse("本季度年金的收取保费金额是多少美元？", g).subject == "premiums"
    assert analyse("How much were annuity collected premiums this quarter?", g).subject == "premiums"
    assert g.find("totaling an annualized revenue request of $61 million") == ("rate_request",)
