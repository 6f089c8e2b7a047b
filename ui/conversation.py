"""The chat's memory: one ``Turn`` per question, the follow-up rule, and asking the pipeline for the next turn.

A conversation is a list of turns kept as plain JSON in the browser (so it survives a page reload); every turn
carries its own answer and citations, so re-drawing the history never mixes citations between messages.

Example:
    >>> retrieval_query("and the riders?", previous="What is the capex plan?")
    'What is the capex plan? and the riders?'
    >>> retrieval_query("How fast did the cloud business grow this quarter?", previous="What is the capex plan?")
    'How fast did the cloud business grow this quarter?'
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from index.script import detect_language
from rag.types import Answer, Citation

if TYPE_CHECKING:
    from rag.pipeline import Pipeline

logger = logging.getLogger(__name__)

FOLLOW_UP_OPENERS = re.compile(r"^\s*(?:and|also|what about|how about|还有|還有|那|另外)(?:\b|(?=[\u3400-\u9fff]))",
                               re.IGNORECASE)
# A pronoun pointing back at the previous answer ("what did he say about it?", "它的利润率呢?").
FOLLOW_UP_ANAPHORA = re.compile(r"\b(?:it|its|they|them|their|that|those|this|these|he|him|his|she|her)\b|"
                                r"它|其|这个|這個|那个|那個|他们|他們|该|該|此", re.IGNORECASE)
ANAPHORA_MAX_WORDS, ANAPHORA_MAX_HANZI = 8, 12  # a question with a pronoun this short leans on the previous one
BARE_MAX_WORDS, BARE_MAX_HANZI = 2, 4  # "Why?", "多少？": too short to stand alone
MAX_TURNS = 30  # turns kept in the browser; older ones are dropped
_HANZI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def retrieval_query(question: str, previous: str | None) -> str:
    """The text to retrieve with: ``previous + " " + question`` for a follow-up, else the question alone.

    A follow-up is a question asked after an answered one, in the same language as it, that
    (a) opens with "and", "also", "what about", "how about", "还有"/"還有", "那" or "另外"; or
    (b) points back with a pronoun (it, they, that, he ...; 它, 其, 这个, 该 ...) and is short (at most 8 words,
        or 12 Chinese characters); or
    (c) is bare: at most 2 words, or 4 Chinese characters ("Why?", "多少？").
    Any other question stands alone, however short ("How fast did cloud grow?"). ``previous`` is the
    standalone question of the last answered turn (for a chain of follow-ups, the question they all follow),
    so follow-ups never pile up.

    >>> retrieval_query("资本开支计划是什么？", previous="What is the capex plan?")  # another language: standalone
    '资本开支计划是什么？'
    >>> retrieval_query("那云业务呢？", previous="资本开支计划是什么？")
    '资本开支计划是什么？ 那云业务呢？'
    >>> retrieval_query("How fast did cloud grow?", previous="What is the capex plan?")
    'How fast did cloud grow?'
    """
    question = question.strip()
    if not previous or not previous.strip() or not question:
        return question
    lang = detect_language(question)
    if lang != detect_language(previous):
        return question
    size = len(_HANZI.findall(question)) if lang == "zh" else len(question.split())
    bare = size <= (BARE_MAX_HANZI if lang == "zh" else BARE_MAX_WORDS)
    pointing = FOLLOW_UP_ANAPHORA.search(question) and size <= (ANAPHORA_MAX_HANZI if lang == "zh"
                                                                else ANAPHORA_MAX_WORDS)
    if FOLLOW_UP_OPENERS.match(question) or pointing or bare:
        return f"{previous.strip()} {question}"
    return question


@dataclass(frozen=True)
class Turn:
    """One question and what came back: an answer with citations, or a message saying what was wrong."""

    id: str  # unique in the conversation; the reply's anchors are built from it
    question: str  # as typed
    query: str = ""  # what was retrieved: the question, or the previous question + the follow-up
    topic: str = ""  # the standalone question this turn belongs to (what the next follow-up is joined to)
    answer: Answer | None = None
    error: str = ""

    @property
    def follow_up(self) -> bool:
        return bool(self.answer) and self.query != self.question.strip()

    def to_dict(self) -> dict:
        d = asdict(self)
        d["answer"] = self.answer.to_dict() if self.answer else None
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Turn":
        """The inverse of ``to_dict``; raises ``TypeError``/``KeyError``/``ValueError`` on a malformed turn."""
        a = d.get("answer")
        answer = None
        if a is not None:
            citations = tuple(Citation(**c) for c in a["citations"])
            answer = Answer(str(a["question"]), str(a["language"]), str(a["script"]), str(a["answer"]),
                            citations, bool(a.get("declined", False)))
        return cls(id=str(d["id"]), question=str(d["question"]), query=str(d.get("query", "")),
                   topic=str(d.get("topic", "")), answer=answer, error=str(d.get("error", "")))


def load_turns(saved) -> list[Turn]:
    """Turns from the browser's JSON; malformed entries (an old format, a tampered store) are skipped."""
    turns = []
    for d in saved if isinstance(saved, list) else []:
        try:
            turns.append(Turn.from_dict(d))
        except (TypeError, KeyError, ValueError, AttributeError) as exc:
            logger.info("skipping a malformed saved turn: %s", exc)
    return turns


def save_turns(turns: list[Turn]) -> list[dict]:
    return [t.to_dict() for t in turns[-MAX_TURNS:]]


def next_turn(pipeline: "Pipeline", question: str, history: list[Turn], k: int | None = None,
              speaker: str | None = None, follow_ups: bool = True) -> Turn:
    """Ask ``question`` after ``history``; bad input becomes a turn with an ``error``, never an exception.

    >>> from rag.pipeline import Pipeline
    >>> next_turn(Pipeline(), "", []).error[:22]
    'The question is empty;'
    """
    from rag.pipeline import AskError

    turn_id = uuid.uuid4().hex[:8]
    question = question if isinstance(question, str) else ""
    previous = next((t.topic for t in reversed(history) if t.answer is not None), None)
    query = retrieval_query(question, previous if follow_ups else None)
    topic = previous if query != question.strip() and previous else question.strip()
    try:
        answer = pipeline.ask(query, k=k, speaker=speaker or None)
    except AskError as exc:
        message = str(exc)
        return Turn(turn_id, question, error=message[:1].upper() + message[1:])
    except Exception:  # noqa: BLE001 - the chat shows a message, the log keeps the trace
        logger.exception("answering %r failed", query)
        return Turn(turn_id, question, error="Something went wrong while answering; the server log has the details. "
                                             "Please try again.")
    return Turn(turn_id, question, query=query, topic=topic, answer=answer)
