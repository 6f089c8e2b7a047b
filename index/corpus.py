"""The corpus: one earnings call as speakers and turns, each sentence in Chinese and English.

These frozen types are what every later stage (indexing, retrieval, answers, the UI) reads.
The on-disk form is one JSON file per transcript, described in ``docs/corpus-format.md``.

Example:
    >>> from index.corpus import load_corpus
    >>> from index.settings import Settings
    >>> corpus = load_corpus(Settings().corpus_path)
    >>> corpus.speaker("吳泳銘").name_en
    'Eddie Wu'
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator, Literal

from index.errors import CallragError


FORMAT = "callrag-corpus/1"
Lang = Literal["zh", "en"]
Role = Literal["management", "analyst", "host", "publisher", "unknown"]
Section = Literal["prepared_remarks", "qa"]
ROLES = ("management", "analyst", "host", "publisher", "unknown")
SECTIONS = ("prepared_remarks", "qa")
LANGS = ("zh", "en")


class CorpusError(ValueError, CallragError):
    """A corpus file that cannot be read or does not follow the format."""


@dataclass(frozen=True)
class Sentence:
    index: int
    zh: str
    en: str
    note: str = ""  # the translator's note (docs/corpus-format.md: the translator's notes), in English


    def text(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Paragraph:
    index: int
    line: int  # 1-based line of the source transcript
    sentences: tuple[Sentence, ...]
    answers_part: str | None = None  # management paragraphs in the Q&A: the label of the question part answered

    def text(self, lang: Lang) -> str:
        """The paragraph in one language; in the original language it is the source line, byte for byte."""
        sep = "" if lang == "zh" else " "
        return sep.join(s.text(lang) for s in self.sentences)


@dataclass(frozen=True)
class QuestionPart:
    """One part of an analyst turn that asks several questions: 'b' of question 4 is cited as 4b."""

    label: str  # "a", "b", ...
    en: str  # a short English summary of that part
    zh: str  # 简短的中文概括 (Simplified; display converts)


@dataclass(frozen=True)
class CallNote:
    """A note on the call as a whole (a known problem of the source), in both languages."""

    en: str
    zh: str


@dataclass(frozen=True)
class Turn:
    index: int
    speaker: str  # the name as written; a key of Corpus.speakers
    role: Role
    section: Section
    line: int
    paragraphs: tuple[Paragraph, ...]
    question: int | None = None  # analyst turns: the question's number, 1..N
    answers: int | None = None  # management turns in the Q&A: the number of the question they answer
    parts: tuple[QuestionPart, ...] = ()  # analyst turns asking several questions: their parts, in order

    def part(self, label: str) -> QuestionPart | None:
        return next((p for p in self.parts if p.label == label), None)

    @property
    def citable(self) -> bool:
        return self.role == "management"

    def text(self, lang: Lang) -> str:
        return "\n".join(p.text(lang) for p in self.paragraphs)


@dataclass(frozen=True)
class Speaker:
    name: str  # as written in the transcript
    role: Role
    name_en: str = ""
    title: str = ""  # as the call gives it, in the original language
    title_en: str = ""
    short_title_en: str = ""  # for citations: "CEO"
    short_title_zh: str = ""  # the same in Chinese, Simplified (display converts): "阿里巴巴电商事业群CEO"
    evidence: str = ""  # the words of the call that establish the title


@dataclass(frozen=True)
class Block:
    """Publisher material around the call (news lead, image, translation note, boilerplate). Never citable."""

    kind: Literal["lead", "image", "note", "trailer"]
    line: int
    zh: str
    en: str


@dataclass(frozen=True)
class Corpus:
    id: str
    original_language: Lang
    metadata: dict
    speakers: tuple[Speaker, ...]
    turns: tuple[Turn, ...]
    front_matter: tuple[Block, ...] = ()
    back_matter: tuple[Block, ...] = ()
    format: str = FORMAT
    _by_name: dict = field(default=None, init=False, repr=False, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {s.name: s for s in self.speakers})

    def speaker(self, name: str) -> Speaker:
        return self._by_name[name]

    def sentences(self) -> Iterator[tuple[Turn, Paragraph, Sentence]]:
        for turn in self.turns:
            for para in turn.paragraphs:
                for sent in para.sentences:
                    yield turn, para, sent

    def questions(self) -> dict[int, Turn]:
        return {t.question: t for t in self.turns if t.question is not None}

    def notes(self) -> tuple[CallNote, ...]:
        """Call-level notes (``metadata.notes``): known problems of the source, in English and Chinese."""
        return tuple(CallNote(en=n["en"], zh=n["zh"]) for n in self.metadata.get("notes", []))

    def answered_part(self, turn: Turn, paragraph: Paragraph) -> tuple[int, QuestionPart] | None:
        """(question number, part) a management paragraph answers, when the corpus records it."""
        if turn.answers is None or paragraph.answers_part is None:
            return None
        question = self.questions().get(turn.answers)
        part = question.part(paragraph.answers_part) if question else None
        return (turn.answers, part) if part else None

    @property
    def translation_language(self) -> Lang:
        return "en" if self.original_language == "zh" else "zh"

    def untranslated(self) -> list[str]:
        """Places ('turn 3, paragraph 1, sentence 2') whose translation is empty."""
        side = self.translation_language
        return [
            f"turn {t.index}, paragraph {p.index}, sentence {s.index}"
            for t, p, s in self.sentences()
            if not s.text(side).strip()
        ]

    def to_dict(self) -> dict:
        return {
            "format": self.format,
            "id": self.id,
            "original_language": self.original_language,
            "metadata": copy.deepcopy(self.metadata),  # a copy: editing the dict must not change the corpus
            "speakers": [_speaker_to_dict(s) for s in self.speakers],
            "front_matter": [asdict(b) for b in self.front_matter],
            "turns": [_turn_to_dict(t) for t in self.turns],
            "back_matter": [asdict(b) for b in self.back_matter],
        }


def _turn_to_dict(turn: Turn) -> dict:
    out = {
        "index": turn.index,
        "speaker": turn.speaker,
        "role": turn.role,
        "section": turn.section,
        "line": turn.line,
    }
    if turn.question is not None:
        out["question"] = turn.question
    if turn.answers is not None:
        out["answers"] = turn.answers
    if turn.parts:
        out["parts"] = [asdict(p) for p in turn.parts]
    out["paragraphs"] = [_paragraph_to_dict(p) for p in turn.paragraphs]
    return out


def _paragraph_to_dict(para: Paragraph) -> dict:
    out: dict = {"index": para.index, "line": para.line}
    if para.answers_part is not None:
        out["answers_part"] = para.answers_part
    out["sentences"] = [_sentence_to_dict(s) for s in para.sentences]
    return out


def _sentence_to_dict(sent: Sentence) -> dict:
    out = {"index": sent.index, "zh": sent.zh, "en": sent.en}
    if sent.note:
        out["note"] = sent.note
    return out


def _speaker_to_dict(speaker: Speaker) -> dict:
    out = asdict(speaker)
    if not out["short_title_zh"]:
        del out["short_title_zh"]
    return out


def corpus_from_dict(data: dict, source: str = "<dict>") -> Corpus:
    """Build a Corpus from its JSON form, checking the format; errors name the file and the place."""
    from index.schema import check_corpus

    check_corpus(data, source)  # every field's type, roles, sections, question numbers (index/schema.py)
    try:
        if data.get("format") != FORMAT:
            raise CorpusError(f"format is {data.get('format')!r}; expected {FORMAT!r}")
        lang = data["original_language"]
        if lang not in LANGS:
            raise CorpusError(f"original_language is {lang!r}; expected one of {LANGS}")
        speakers = tuple(Speaker(**s) for s in data["speakers"])
        names = {s.name for s in speakers}
        for s in speakers:
            if s.role not in ROLES:
                raise CorpusError(f"speaker {s.name!r} has role {s.role!r}; expected one of {ROLES}")
        turns = []
        for i, t in enumerate(data["turns"]):
            where = f"turns[{i}]"
            if t["speaker"] not in names:
                raise CorpusError(f"{where}: speaker {t['speaker']!r} is not in the speakers table")
            if t["section"] not in SECTIONS:
                raise CorpusError(f"{where}: section {t['section']!r}; expected one of {SECTIONS}")
            paragraphs = tuple(
                Paragraph(
                    index=p["index"],
                    line=p["line"],
                    sentences=tuple(Sentence(**s) for s in p["sentences"]),
                    answers_part=p.get("answers_part"),
                )
                for p in t["paragraphs"]
            )
            if not paragraphs or any(not p.sentences for p in paragraphs):
                raise CorpusError(f"{where}: a turn needs at least one paragraph of at least one sentence")
            parts = tuple(QuestionPart(**q) for q in t.get("parts", []))
            labels = [q.label for q in parts]
            if len(set(labels)) != len(labels):
                raise CorpusError(f"{where}: question parts {labels} repeat a label; expected distinct labels")
            turns.append(
                Turn(
                    index=t["index"],
                    speaker=t["speaker"],
                    role=t["role"],
                    section=t["section"],
                    line=t["line"],
                    paragraphs=paragraphs,
                    question=t.get("question"),
                    answers=t.get("answers"),
                    parts=parts,
                )
            )
        _check_answered_parts(turns)
        for n in data.get("metadata", {}).get("notes", []):
            if not isinstance(n, dict) or set(n) != {"en", "zh"}:
                raise CorpusError(f"metadata.notes: {n!r}; expected objects with exactly 'en' and 'zh'")
        return Corpus(
            id=data["id"],
            original_language=lang,
            metadata=data.get("metadata", {}),
            speakers=speakers,
            turns=tuple(turns),
            front_matter=tuple(Block(**b) for b in data.get("front_matter", [])),
            back_matter=tuple(Block(**b) for b in data.get("back_matter", [])),
        )
    except KeyError as exc:
        raise CorpusError(f"{source}: missing field {exc.args[0]!r}") from None
    except TypeError as exc:
        raise CorpusError(f"{source}: unexpected or missing field ({exc})") from None
    except CorpusError as exc:
        raise CorpusError(f"{source}: {exc}") from None


def _check_answered_parts(turns: list[Turn]) -> None:
    """Every ``answers_part`` names a part of the question its turn answers."""
    questions = {t.question: t for t in turns if t.question is not None}
    for t in turns:
        for p in t.paragraphs:
            if p.answers_part is None:
                continue
            question = questions.get(t.answers) if t.answers is not None else None
            if question is None or question.part(p.answers_part) is None:
                labels = [q.label for q in question.parts] if question else []
                raise CorpusError(
                    f"turns[{t.index}].paragraphs[{p.index}]: answers_part {p.answers_part!r} is not a part of "
                    f"question {t.answers}; expected one of {labels}"
                )


def load_corpus(path: str | os.PathLike) -> Corpus:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CorpusError(f"{path}: no such corpus file") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the corpus file ({exc.strerror or exc})") from None
    except (ValueError, RecursionError) as exc:  # not UTF-8, not JSON, nested too deeply, a 5,000-digit number
        raise CorpusError(f"{path}: not a JSON corpus file ({exc})") from None
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: expected a JSON object with format {FORMAT!r}")
    return corpus_from_dict(data, source=str(path))


def save_corpus(corpus: Corpus, path: str | os.PathLike) -> None:
    """Write the corpus atomically: the file is replaced only by a complete new one."""
    write_atomic(Path(path), json.dumps(corpus.to_dict(), ensure_ascii=False, indent=1) + "\n")


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the file the usual permissions
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
