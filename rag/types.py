"""What ``ask`` returns: an answer with numbered citations. ``to_dict()`` is the JSON contract of
``callrag ask --json`` and ``POST /api/ask`` (docs/architecture.md lists the fields)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


def speaker_label_en(name: str, title: str) -> str:
    """``Eddie Wu (CEO)``: how every English surface names a speaker (the name alone when there is no title).

    >>> speaker_label_en("Eddie Wu", "CEO"), speaker_label_en("Operator", "")
    ('Eddie Wu (CEO)', 'Operator')
    """
    return f"{name} ({title})" if title else name


@dataclass(frozen=True)
class Citation:
    n: int
    passage_id: str
    transcript: str
    speaker: str  # as written: 吳泳銘
    speaker_en: str  # Eddie Wu
    title: str  # the short English title, "CEO" (Passage.title; not the corpus Speaker.title)
    role: str
    section: str
    turn: int
    paragraph: int
    text: str  # the original, byte for byte
    translation: str
    score: float
    answers: int | None = None  # Q&A passages: the number of the analyst question they answer
    question_text: str = ""  # that question, original
    question_translation: str = ""
    answers_part: str | None = None  # the part of that question the passage answers ("b": question 4b)
    translation_note: str = ""  # the translator's notes on the passage's sentences (docs/corpus-format.md)

    @property
    def label_en(self) -> str:
        return speaker_label_en(self.speaker_en, self.title)


@dataclass(frozen=True)
class AnswerSentence:
    """One quoted sentence, in the order shown: its citation, its id in the corpus
    (``<transcript>:t<turn>.p<paragraph>.s<sentence>``), the original, and the text as shown (translated or
    converted to the user's script, with any editorial insertion in square brackets)."""

    n: int
    sentence_id: str
    original: str
    text: str
    translation_note: str = ""  # the translator's note on this sentence, if any


@dataclass(frozen=True)
class Answer:
    question: str
    language: str  # en | zh
    script: str  # traditional | simplified | neutral (how Chinese is displayed)
    answer: str
    citations: tuple[Citation, ...]
    declined: bool = False  # the call does not address the question
    not_mentioned: tuple[str, ...] = ()  # names in the question that management never mentions (why it declined)
    answer_sentences: tuple[AnswerSentence, ...] = ()  # the quoted sentences, in the order shown
    not_given: str = ""  # the figure asked for that no management sentence states ("operating cash flow")
    # Why nothing answers, when declined: not_mentioned | not_given | weak | unclear | language
    decline_reason: str = ""
    analysis: dict | None = None  # what the question asks for (rag.question.QuestionAnalysis.to_dict())
    # How the answer was made: "extractive" (quoted sentences; always without CALLRAG_LLM), "llm" (generated, every
    # sentence passed the grounding check) or "llm-partial" (generated, failing sentences dropped).
    mode: str = "extractive"
    # Each generated sentence and its grounding check ({sentence, ok, reason}), also when the answer fell back.
    grounding: tuple[dict, ...] = ()
    fallback_reason: str = ""  # why a generated answer was not shown (the extractive one is), when it was not

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "language": self.language,
            "script": self.script,
            "answer": self.answer,
            "declined": self.declined,
            "not_mentioned": list(self.not_mentioned),
            "not_given": self.not_given,
            "decline_reason": self.decline_reason,
            "citations": [asdict(c) for c in self.citations],
            "answer_sentences": [asdict(s) for s in self.answer_sentences],
            "analysis": self.analysis,
            "mode": self.mode,
            "grounding": [dict(g) for g in self.grounding],
            "fallback_reason": self.fallback_reason,
        }
