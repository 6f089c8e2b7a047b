"""Parse a raw transcript (speaker lines and paragraphs) into a :class:`~index.corpus.Corpus`.

The raw form: a speaker is introduced by a line holding only a name and a colon (``吳泳銘:``,
``Eddie Wu：``); ``問:`` or ``Q:`` introduces an analyst question; every other non-blank line is a
paragraph of the current turn. Lines before the first speaker line are publisher front matter
(news lead, image placeholder, translation note); publisher boilerplate after the call is cut off
the last turn into back matter. The original text is kept byte for byte; the translation side is
left empty, to be filled in the corpus JSON.

Example:
    >>> from index.parse import parse_text
    >>> corpus = parse_text("Operator:\\nWelcome.\\nQ:\\nWhat is capex?\\nEddie Wu:\\nRMB 380 billion.\\n")
    >>> [(t.speaker, t.role, t.section, t.question, t.answers) for t in corpus.turns]
    [('Operator', 'host', 'qa', None, None), ('Q', 'analyst', 'qa', 1, None), ('Eddie Wu', 'management', 'qa', None, 1)]
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from index.corpus import Block, Corpus, Paragraph, Sentence, Speaker, Turn
from index.errors import CallragError
from index.script import CJK, detect_language
from index.sentences import split_sentences


HOST_NAMES = frozenset(
    "主持人 主持 會議主持人 会议主持人 操作員 操作员 接線員 接线员 司儀 司仪 operator host moderator coordinator".split()
)
ANALYST_NAMES = frozenset("問 问 提問 提问 q question analyst".split())
ANALYST_HINTS = ("analyst", "分析師", "分析师")
TRAILER_MARKERS = (
    "星標", "星标", "不構成個人投資建議", "不构成个人投资建议", "公網安備", "公网安备", "點“在看”", "点“在看”",
    "版權所有", "版权所有", "免責聲明", "免责声明", "All rights reserved", "does not constitute investment advice",
    "Disclaimer:",
)
_SPEAKER_LINE = re.compile(r"^\s*(?P<name>[^:：\s][^:：]{0,39}?)\s*[:：]\s*$")
_NOT_IN_NAME = re.compile(r"[。，,！？!?、；;“”\"\x00-\x1f\x7f]")  # punctuation of a sentence; control characters
_IMAGE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
_NOTE = re.compile(r"翻譯|翻译|實錄|实录|transcript|translat", re.IGNORECASE)
_NAME_PARTICLES = frozenset("de da van von der den di du la le bin al".split())


class TranscriptError(ValueError, CallragError):
    """A raw transcript that cannot be parsed; the message names the file and line."""


@dataclass
class _RawTurn:
    name: str
    line: int
    paragraphs: list[tuple[int, str]] = field(default_factory=list)


def parse_file(path: str | Path, corpus_id: str | None = None) -> Corpus:
    """Parse a raw transcript file. Raises TranscriptError naming the file and line on bad input."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TranscriptError(f"{path}: cannot read the transcript ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TranscriptError(
            f"{path}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "expected a UTF-8 encoded transcript"
        ) from None
    corpus = parse_text(text, source=str(path), corpus_id=corpus_id or path.stem)
    corpus.metadata["source"] = {"file": path.name, "sha256": hashlib.sha256(raw).hexdigest()}
    return corpus


def speaker_name(line: str) -> str | None:
    """The name if ``line`` is a speaker line (a name and a colon, nothing else), else None."""
    m = _SPEAKER_LINE.match(line)
    if not m:
        return None
    name = m.group("name").strip()
    if _NOT_IN_NAME.search(name) or name.isdigit():
        return None
    if re.search(r"[A-Za-z]", name) and not CJK.search(name):
        words = re.sub(r"\([^)]*\)", "", name).split()
        if not words or len(words) > 5:
            return None
        if any(not (w[0].isupper() or w.lower() in _NAME_PARTICLES) for w in words):
            return None
    return name


def role_of(name: str) -> str:
    key = unicodedata.normalize("NFKC", name).strip().lower()
    if key in HOST_NAMES:
        return "host"
    if key in ANALYST_NAMES or any(h in key for h in ANALYST_HINTS):
        return "analyst"
    return "management"


def parse_text(text: str, source: str = "<text>", corpus_id: str = "transcript") -> Corpus:
    lines = text.split("\n")
    front: list[tuple[int, str]] = []
    turns: list[_RawTurn] = []
    for number, raw_line in enumerate(lines, start=1):
        line = raw_line.rstrip("\r")
        if not line.strip():
            continue
        name = speaker_name(line)
        if name is not None:
            if turns and not turns[-1].paragraphs:
                _empty_turn(source, turns[-1])
            turns.append(_RawTurn(name, number))
        elif turns:
            turns[-1].paragraphs.append((number, line))
        else:
            front.append((number, line))
    if not turns:
        raise TranscriptError(
            f"{source}: no speaker line found; expected lines such as '吳泳銘:' or 'Operator:' (a name and a "
            "colon alone on a line) before each speaker's paragraphs, and '問:' or 'Q:' before analyst questions"
        )
    trailer = _cut_trailer(turns[-1])
    if not turns[-1].paragraphs:
        _empty_turn(source, turns[-1])

    body = "\n".join(p for t in turns for _, p in t.paragraphs)
    lang = detect_language(body)
    return Corpus(
        id=corpus_id,
        original_language=lang,  # type: ignore[arg-type]
        metadata={"original_language": lang},
        speakers=_speakers(turns),
        turns=_turns(turns, lang),
        front_matter=tuple(_block(_front_kind(t), n, t, lang) for n, t in front),
        back_matter=tuple(_block("trailer", n, t, lang) for n, t in trailer),
    )


def _empty_turn(source: str, turn: _RawTurn) -> None:
    raise TranscriptError(
        f"{source}:{turn.line}: speaker line '{turn.name}:' has no text; expected at least one paragraph "
        "before the next speaker line or the end of the file"
    )


def _cut_trailer(last: _RawTurn) -> list[tuple[int, str]]:
    for i, (_, text) in enumerate(last.paragraphs):
        if any(m in text for m in TRAILER_MARKERS):
            trailer = last.paragraphs[i:]
            del last.paragraphs[i:]
            return trailer
    return []


def _front_kind(text: str) -> str:
    if _IMAGE.match(text):
        return "image"
    if _NOTE.search(text) and len(text) < 120:
        return "note"
    return "lead"


def _block(kind: str, line: int, text: str, lang: str) -> Block:
    return Block(kind=kind, line=line, zh=text if lang == "zh" else "", en=text if lang == "en" else "")  # type: ignore[arg-type]


def _speakers(turns: list[_RawTurn]) -> tuple[Speaker, ...]:
    seen: dict[str, Speaker] = {}
    for t in turns:
        seen.setdefault(t.name, Speaker(name=t.name, role=role_of(t.name)))  # type: ignore[arg-type]
    return tuple(seen.values())


def _turns(raw: list[_RawTurn], lang: str) -> tuple[Turn, ...]:
    roles = [role_of(t.name) for t in raw]
    first_q = next((i for i, r in enumerate(roles) if r == "analyst"), len(raw))
    if 0 < first_q < len(raw) and roles[first_q - 1] == "host":
        first_q -= 1  # the host opening the Q&A belongs to it
    out, question = [], 0
    for i, (t, role) in enumerate(zip(raw, roles)):
        number = answers = None
        if role == "analyst":
            question += 1
            number = question
        elif role == "management" and i >= first_q and question:
            answers = question
        paragraphs = tuple(
            Paragraph(
                index=j,
                line=n,
                sentences=tuple(
                    Sentence(index=k, zh=s if lang == "zh" else "", en=s if lang == "en" else "")
                    for k, s in enumerate(split_sentences(text, lang))
                ),
            )
            for j, (n, text) in enumerate(t.paragraphs)
        )
        out.append(
            Turn(
                index=i,
                speaker=t.name,
                role=role,  # type: ignore[arg-type]
                section="qa" if i >= first_q else "prepared_remarks",
                line=t.line,
                paragraphs=paragraphs,
                question=number,
                answers=answers,
            )
        )
    return tuple(out)
