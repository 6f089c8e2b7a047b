"""The bundled corpus: rebuilt from the raw transcript, it must match the JSON's originals exactly."""

import hashlib

import pytest

from index.corpus import CorpusError, corpus_from_dict, load_corpus, save_corpus, write_atomic
from index.parse import parse_file

RAW = "000_810f1d76a715a4b5.txt"


@pytest.fixture(scope="module")
def rebuilt(settings):
    return parse_file(settings.data_dir / RAW)


def test_raw_copy_is_the_recorded_source(settings, corpus):
    raw = (settings.data_dir / RAW).read_bytes()
    assert corpus.metadata["source"]["file"] == RAW
    assert hashlib.sha256(raw).hexdigest() == corpus.metadata["source"]["sha256"]


def _originals(c):
    return {
        "turns": [
            (t.index, t.speaker, t.role, t.section, t.line, t.question, t.answers,
             [(p.index, p.line, p.text("zh")) for p in t.paragraphs])
            for t in c.turns
        ],
        "speakers": [(s.name, s.role) for s in c.speakers],
        "front": [(b.kind, b.line, b.zh) for b in c.front_matter],
        "back": [(b.kind, b.line, b.zh) for b in c.back_matter],
        "language": c.original_language,
    }


def test_rebuilt_from_raw_matches_the_bundled_originals(rebuilt, corpus):
    assert _originals(rebuilt) == _originals(corpus)


# Sentences the splitter cuts at a stray 。 in the source, joined again in the bundled corpus (issue 10):
# place of the joined sentence -> how many of the splitter's sentences it joins.
JOINED = {(1, 9, 5): 2, (7, 7, 1): 2, (8, 0, 5): 2}


def test_bundled_sentences_are_the_splitters_except_the_stray_full_stops(rebuilt, corpus):
    joined = {}
    for (turn, para), (mine, theirs) in _paired_paragraphs(corpus, rebuilt).items():
        i = 0
        for s in mine:
            n = 1
            while "".join(x.zh for x in theirs[i:i + n]) != s.zh:
                n += 1
                assert i + n <= len(theirs), f"{turn}.{para}.{s.index} is not a run of the splitter's sentences"
            if n > 1:
                joined[(turn, para, s.index)] = n
                assert "stray full stop" in s.note, f"{turn}.{para}.{s.index}: a joined sentence says why"
            i += n
        assert i == len(theirs)
    assert joined == JOINED


def _paired_paragraphs(a, b):
    return {(t.index, p.index): (p.sentences, q.sentences)
            for t, u in zip(a.turns, b.turns) for p, q in zip(t.paragraphs, u.paragraphs)}


def test_paragraphs_are_the_source_lines_byte_for_byte(settings, corpus):
    lines = (settings.data_dir / RAW).read_text(encoding="utf-8").split("\n")
    for turn in corpus.turns:
        for para in turn.paragraphs:
            assert para.text("zh") == lines[para.line - 1]
    covered = {p.line for t in corpus.turns for p in t.paragraphs} | {t.line for t in corpus.turns}
    covered |= {b.line for b in corpus.front_matter + corpus.back_matter}
    assert covered == {n for n, line in enumerate(lines, start=1) if line.strip()}


def test_structure_of_the_call(corpus):
    roles = {s.name: s.role for s in corpus.speakers}
    assert roles == {"主持人": "host", "吳泳銘": "management", "蔣凡": "management", "問": "analyst"}
    assert corpus.speaker("吳泳銘").name_en == "Eddie Wu" and corpus.speaker("蔣凡").name_en == "Jiang Fan"
    assert "吳泳銘" in corpus.speaker("吳泳銘").evidence and "蔣凡" in corpus.speaker("蔣凡").evidence
    analyst = [t for t in corpus.turns if t.role == "analyst"]
    assert [t.question for t in analyst] == list(range(1, 8))  # the transcript has seven '問:' turns
    qa = [t for t in corpus.turns if t.section == "qa"]
    assert qa[0].role == "host" and corpus.turns[qa[0].index - 1].section == "prepared_remarks"
    for turn in qa:
        if turn.role == "management":
            question = corpus.questions()[turn.answers]
            assert question.index < turn.index
            assert all(t.role != "analyst" for t in corpus.turns[question.index + 1 : turn.index])
    assert not [t for t in corpus.turns if t.section == "prepared_remarks" and t.role == "analyst"]


def test_publisher_material_is_not_in_the_turns(corpus):
    assert [b.kind for b in corpus.front_matter] == ["lead"] * 7 + ["image", "note"]
    assert corpus.back_matter[0].zh.startswith("?星標華爾街見聞")
    assert corpus.turns[-1].text("zh") == "謝謝。本次會議到此結束。謝謝大家,再見。"


def test_every_sentence_translated(corpus):
    assert corpus.untranslated() == []


def test_json_round_trip(corpus, tmp_path):
    path = tmp_path / "c.json"
    save_corpus(corpus, path)
    assert load_corpus(path) == corpus


def test_format_errors_name_the_problem(corpus):
    data = corpus.to_dict()
    data["turns"][3]["speaker"] = "Nobody"
    with pytest.raises(CorpusError, match=r"x\.json: turns\[3\]: speaker 'Nobody' is not in the speakers table"):
        corpus_from_dict(data, source="x.json")
    data = corpus.to_dict()
    del data["turns"][0]["paragraphs"]
    with pytest.raises(CorpusError, match="missing field 'paragraphs'"):
        corpus_from_dict(data, source="x.json")


def test_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "c.json"
    path.write_text("old", encoding="utf-8")

    def boom(*_):
        raise OSError("disk full")

    monkeypatch.setattr("index.corpus.os.replace", boom)
    with pytest.raises(OSError):
        write_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["c.json"]
