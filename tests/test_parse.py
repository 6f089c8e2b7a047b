"""The general parser on tiny transcripts, in Chinese and English, and its errors on bad input."""

from pathlib import Path

import pytest

from index.parse import TranscriptError, parse_file, parse_text, speaker_name

ZH = """新聞導語:股價大漲。
![]()
以下為電話會文字實錄全文(由AI協助翻譯)
主持人:
歡迎參加電話會議。
吳泳銘：
我們將投資3800億。
雲業務增長26%。
主持人:
現在進入問答環節。
問:
資本開支計劃是什麼?
吳泳銘:
堅持三年3800億的計劃。
蔣凡:
我補充一點。
問:
外賣呢?
蔣凡:
投入500億。
主持人:
會議到此結束。
?星標華爾街見聞,好內容不錯過?
本文不構成個人投資建議。
"""

EN = """Operator:
Good day and welcome to the call.
Eddie Wu:
Cloud revenue grew 26%. We will invest RMB 380 billion.

Q:
What is the capex plan?
Eddie Wu:
We stick to the three-year plan.
Here is the breakdown:
Toby Xu (CFO):
Free cash flow was negative.
"""


def test_chinese_turns_roles_sections_and_question_links():
    c = parse_text(ZH)
    assert c.original_language == "zh"
    got = [(t.speaker, t.role, t.section, t.question, t.answers) for t in c.turns]
    assert got == [
        ("主持人", "host", "prepared_remarks", None, None),
        ("吳泳銘", "management", "prepared_remarks", None, None),
        ("主持人", "host", "qa", None, None),
        ("問", "analyst", "qa", 1, None),
        ("吳泳銘", "management", "qa", None, 1),
        ("蔣凡", "management", "qa", None, 1),
        ("問", "analyst", "qa", 2, None),
        ("蔣凡", "management", "qa", None, 2),
        ("主持人", "host", "qa", None, None),
    ]
    assert [p.text("zh") for p in c.turns[1].paragraphs] == ["我們將投資3800億。", "雲業務增長26%。"]
    assert c.turns[1].line == 6 and c.turns[1].paragraphs[1].line == 8


def test_publisher_material_is_kept_out_of_the_turns():
    c = parse_text(ZH)
    assert [b.kind for b in c.front_matter] == ["lead", "image", "note"]
    assert [b.kind for b in c.back_matter] == ["trailer", "trailer"]
    assert c.turns[-1].text("zh") == "會議到此結束。"
    assert all("星標" not in s.zh for _, _, s in c.sentences())


def test_english_transcript():
    c = parse_text(EN)
    assert c.original_language == "en"
    assert [(t.speaker, t.role, t.question, t.answers) for t in c.turns] == [
        ("Operator", "host", None, None),
        ("Eddie Wu", "management", None, None),
        ("Q", "analyst", 1, None),
        ("Eddie Wu", "management", None, 1),
        ("Toby Xu (CFO)", "management", None, 1),
    ]
    assert [s.en for s in c.turns[1].paragraphs[0].sentences] == ["Cloud revenue grew 26%. ", "We will invest RMB 380 billion."]
    assert c.turns[3].paragraphs[1].text("en") == "Here is the breakdown:"  # a sentence ending in a colon is not a speaker


@pytest.mark.parametrize(
    "line, name",
    [("吳泳銘:", "吳泳銘"), ("蔣凡：", "蔣凡"), ("問:", "問"), ("Q:", "Q"), ("  Operator :  ", "Operator"),
     ("Toby Xu (CFO):", "Toby Xu (CFO)"), ("分短期跟長期看,短期內我們的損益收斂主要來自于幾個方面,包括:", None),
     ("Here is the breakdown:", None), ("10:", None), ("吳泳銘: 你好", None)],
)
def test_speaker_lines(line, name):
    assert speaker_name(line) == name


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "call.txt"
    path.write_bytes(data)
    return path


def test_not_utf8_names_file_and_line(tmp_path):
    path = _write(tmp_path, "主持人:\n歡迎。\n".encode() + "吳泳銘:\n增長。\n".encode("big5"))
    with pytest.raises(TranscriptError, match=r"call\.txt:3: not UTF-8 text .* expected a UTF-8 encoded transcript"):
        parse_file(path)


def test_no_speaker_line(tmp_path):
    path = _write(tmp_path, "只是一篇新聞。\n沒有發言人。\n".encode())
    with pytest.raises(TranscriptError, match=r"call\.txt: no speaker line found; expected lines such as"):
        parse_file(path)


def test_empty_file(tmp_path):
    with pytest.raises(TranscriptError, match="no speaker line found"):
        parse_file(_write(tmp_path, b""))


def test_empty_turn_names_the_speaker_line(tmp_path):
    path = _write(tmp_path, "主持人:\n歡迎。\n吳泳銘:\n\n蔣凡:\n你好。\n".encode())
    with pytest.raises(TranscriptError, match=r"call\.txt:3: speaker line '吳泳銘:' has no text; expected at least one paragraph"):
        parse_file(path)


def test_empty_last_turn(tmp_path):
    path = _write(tmp_path, "主持人:\n歡迎。\n吳泳銘:\n".encode())
    with pytest.raises(TranscriptError, match=r"call\.txt:3: speaker line '吳泳銘:' has no text"):
        parse_file(path)


def test_missing_file(tmp_path):
    with pytest.raises(TranscriptError, match="cannot read the transcript"):
        parse_file(tmp_path / "nope.txt")


def test_source_hash_recorded(tmp_path):
    c = parse_file(_write(tmp_path, ZH.encode()))
    assert c.metadata["source"]["file"] == "call.txt" and len(c.metadata["source"]["sha256"]) == 64
    assert c.id == "call"
