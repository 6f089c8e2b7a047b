"""The corpus JSON is checked in full on load (index/schema.py): bad files are refused with one line naming the
file, the JSON path and what is expected; the schema published in docs/corpus-format.md is the model's."""

import copy
import json
from pathlib import Path

import pytest

from index.corpus import CorpusError, corpus_from_dict, load_corpus
from index.parse import parse_text
from index.schema import DOC_END, DOC_START, check_corpus, doc_block, json_schema
from tests.conftest import TINY
from callrag.cli import main

DOC = Path(__file__).resolve().parent.parent / "docs" / "corpus-format.md"


@pytest.fixture(scope="module")
def data(corpus) -> dict:
    return corpus.to_dict()


def changed(data: dict, change) -> dict:
    out = copy.deepcopy(data)
    change(out)
    return out


def test_the_bundled_and_a_parsed_corpus_are_valid(data):
    check_corpus(data, "bundled.json")
    check_corpus(parse_text(TINY, corpus_id="tiny").to_dict(), "tiny.json")


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["turns"][3].update(role="hacker"),
         "turns[3].role: expected 'management', 'analyst', 'host', 'publisher' or 'unknown', got 'hacker'"),
        (lambda d: d.update(turns=[]), "turns: expected at least 1 item, got 0"),
        (lambda d: d["turns"][2].update(paragraphs=[]), "turns[2].paragraphs: expected at least 1 item, got 0"),
        (lambda d: d["turns"][5]["paragraphs"][0].update(sentences=[]),
         "turns[5].paragraphs[0].sentences: expected at least 1 item, got 0"),
        (lambda d: d["turns"][4].update(question="1"), "turns[4].question: expected a whole number, got text '1'"),
        (lambda d: d["turns"][4].update(question=True), "turns[4].question: expected a whole number, got a boolean"),
        (lambda d: d["turns"][4].update(question=2), "turns[4].question: expected 1 (analyst questions are numbered"),
        (lambda d: d["turns"][5].update(question=1), "turns[5].question: only analyst turns have a question number"),
        (lambda d: d["turns"][5].update(answers=8), "turns[5].answers: expected a question asked before this turn"),
        (lambda d: d["turns"][1].update(answers=1), "turns[1].answers: only management turns in the Q&A answer"),
        (lambda d: d["turns"][6].update(section="prepared_remarks"), "turns[6].section: expected 'qa'"),
        (lambda d: d["turns"][3].update(section="Q&A"),
         "turns[3].section: expected 'prepared_remarks' or 'qa', got 'Q&A'"),
        (lambda d: d["turns"][3].update(role="management"), "turns[3].role: expected 'host' (the speakers table's"),
        (lambda d: d["turns"][3].update(speaker="Nobody"), "turns[3]: speaker 'Nobody' is not in the speakers table"),
        (lambda d: d["turns"][3].update(index=4), "turns[3].index: expected 3 (the turn's position"),
        (lambda d: d["turns"][3].pop("paragraphs"), "turns[3]: missing field 'paragraphs' (expected a JSON array)"),
        (lambda d: d["turns"][3].update(top_k=1), "turns[3].top_k: unknown field; the fields are index, speaker"),
        (lambda d: d["turns"][3]["paragraphs"][0]["sentences"][0].update(zh=None),
         "turns[3].paragraphs[0].sentences[0].zh: expected text (a JSON string), got null"),
        (lambda d: d["turns"][3]["paragraphs"][0]["sentences"][0].update(zh=""),
         "turns[3].paragraphs[0].sentences[0].zh: expected the sentence in the original language, got ''"),
        (lambda d: d["speakers"][0].update(name="主持人\n吳泳銘"), "speakers[0].name: expected one line of text"),
        (lambda d: d["speakers"].append(dict(d["speakers"][0])), "speakers[4].name: '主持人' is already in the"),
        (lambda d: d.update(original_language="fr"), "original_language: expected 'zh' or 'en', got 'fr'"),
        (lambda d: d.update(format="callrag-corpus/2"), "format: expected 'callrag-corpus/1', got 'callrag-corpus/2'"),
        (lambda d: d.update(speakers={}), "speakers: expected a JSON array, got an object"),
        (lambda d: d["metadata"]["source"].update(sha256="abc"), "metadata.source.sha256: expected a sha256"),
        (lambda d: d["metadata"].update(tickers="BABA"), "metadata.tickers: expected a JSON array, got text 'BABA'"),
        (lambda d: d["front_matter"][0].update(kind="ad"), "front_matter[0].kind: expected 'lead', 'image', 'note'"),
    ],
)
def test_bad_corpus_names_the_file_the_path_and_what_is_expected(data, change, message):
    with pytest.raises(CorpusError) as error:
        corpus_from_dict(changed(data, change), source="other-call.json")
    text = str(error.value)
    assert text.startswith("other-call.json: ") and message in text and "\n" not in text


def test_the_corpus_issues_optional_fields_are_accepted_with_their_types(data):
    """The fields the corpus issue adds: notes on sentences and the call, question parts, short Chinese titles."""

    def add(d):
        d["turns"][4]["paragraphs"][0]["sentences"][0]["note"] = "garbled in the original"
        d["turns"][4]["parts"] = [{"label": "a", "en": "Capex?", "zh": "資本開支?"}]
        d["turns"][5]["paragraphs"][0]["answers_part"] = "a"
        d["metadata"]["notes"] = [{"en": "a note", "zh": "說明"}]
        d["speakers"][1]["short_title_zh"] = "首席執行官"

    check_corpus(changed(data, add), "x.json")
    for change, message in [
        (lambda d: d["turns"][4]["paragraphs"][0]["sentences"][0].update(note=1), "sentences[0].note: expected text"),
        (lambda d: d["turns"][4].update(parts=[{"label": "a", "en": "Capex?"}]), "turns[4].parts[0]: missing field"),
        (lambda d: d["turns"][4].update(parts="a"), "turns[4].parts: expected a JSON array"),
        (lambda d: d["turns"][5].update(parts=[]), "turns[5].parts: only analyst turns have question parts"),
        (lambda d: d["turns"][5]["paragraphs"][0].update(answers_part=1), "answers_part: expected text"),
        (lambda d: d["turns"][4]["paragraphs"][0].update(answers_part="a"), "only management paragraphs answer"),
        (lambda d: d["metadata"].update(notes=[{"en": "x", "zh": 2}]), "metadata.notes[0].zh: expected text"),
        (lambda d: d["speakers"][1].update(short_title_zh=["CEO"]), "speakers[1].short_title_zh: expected text"),
    ]:
        with pytest.raises(CorpusError, match=message.replace("[", r"\[").replace("]", r"\]")):
            check_corpus(changed(data, change), "x.json")


def test_a_file_that_is_not_a_corpus(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(CorpusError, match="deep.json: not a JSON corpus file"):
        load_corpus(path)  # RecursionError before
    path.write_text('{"id": ' + "9" * 5000 + "}", encoding="utf-8")
    with pytest.raises(CorpusError, match="deep.json: not a JSON corpus file"):
        load_corpus(path)  # ValueError (integer string conversion limit) before
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(CorpusError, match="deep.json: expected a JSON object"):
        load_corpus(path)


@pytest.mark.parametrize("change", [lambda d: d["turns"][3].update(role="hacker"), lambda d: d.update(turns=[])])
def test_callrag_index_refuses_a_bad_corpus_and_adds_nothing(data, tmp_path, monkeypatch, capsys, change):
    """Before: both files were accepted, and reported as "added"."""
    monkeypatch.setenv("CALLRAG_INDEX_DIR", str(tmp_path / "var" / "index"))
    monkeypatch.setenv("CALLRAG_CORPORA_DIR", str(tmp_path / "var" / "corpora"))
    monkeypatch.setenv("CALLRAG_LIBRARY_DIR", str(tmp_path / "var" / "library"))
    bad = changed(data, change)
    bad["id"] = "other-call"
    path = tmp_path / "other-call.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    # `index --corpus` is now `library add`: the file is skipped with its one-line reason, and the run fails.
    assert main(["index", "--corpus", str(path)]) != 0
    captured = capsys.readouterr()
    reason = [line for line in (captured.out + captured.err).splitlines() if f"{path}: turns" in line]
    assert len(reason) == 1 and "0 added" in captured.out
    library = tmp_path / "var" / "library"
    assert not (library / "calls").exists() or not any((library / "calls").iterdir())


def test_the_published_schema_is_current():
    text = DOC.read_text(encoding="utf-8")
    published = text[text.index(DOC_START): text.index(DOC_END) + len(DOC_END)]
    assert published == doc_block(), "regenerate it: .venv/bin/python -m index.schema docs/corpus-format.md"
    body = published.split("```json\n", 1)[1].rsplit("\n```", 1)[0]
    assert json.loads(body) == json_schema()
