"""The chat's memory: one ``Exchange`` per question, and asking the pipeline for the next turn (a follow-up is
retrieved as ``rag.followup`` says).

A conversation is a list of turns kept as plain JSON in the browser (so it survives a page reload); every turn
carries its own answer and citations, so re-drawing the history never mixes citations between messages.

Example:
    >>> retrieval_query("and the riders?", previous="What is the capex plan?")
    'the riders?'
    >>> retrieval_query("How fast did the cloud business grow this quarter?", previous="What is the capex plan?")
    'How fast did the cloud business grow this quarter?'
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from rag.followup import retrieval_query
from rag.types import Answer, AnswerSentence, Citation

if TYPE_CHECKING:
    from rag.pipeline import Pipeline

logger = logging.getLogger(__name__)

MAX_TURNS = 30  # turns kept in the browser; older ones are dropped
_ID = re.compile(r"[0-9A-Za-z]{1,32}")


@dataclass(frozen=True)
class Exchange:
    """One question and what came back: an answer with citations, or a message saying what was wrong."""

    id: str  # unique in the conversation; the reply's anchors are built from it
    question: str  # as typed
    query: str = ""  # what was retrieved: the question, or the follow-up as rag.followup.merge makes it
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
    def from_dict(cls, d: dict) -> "Exchange":
        """The inverse of ``to_dict``; raises ``TypeError``/``KeyError``/``ValueError`` on a malformed turn."""
        a = d.get("answer")
        answer = _answer(a) if a is not None else None
        if not _ID.fullmatch(str(d["id"])):  # ids become HTML ids and anchors: only what next_turn makes
            raise ValueError(f"turn id {str(d['id'])[:40]!r} is not 1-32 letters and digits")
        return cls(id=str(d["id"]), question=str(d["question"]), query=str(d.get("query", "")),
                   topic=str(d.get("topic", "")), answer=answer, error=str(d.get("error", "")))


def _answer(a: dict) -> Answer:
    """An answer from its JSON (``Answer.to_dict()``), as saved in the browser by this or an earlier version."""
    citations = tuple(Citation(**c) for c in a["citations"])
    return Answer(str(a["question"]), str(a["language"]), str(a["script"]), str(a["answer"]), citations,
                  declined=bool(a.get("declined", False)),
                  not_mentioned=tuple(str(n) for n in a.get("not_mentioned") or ()),
                  answer_sentences=tuple(AnswerSentence(**s) for s in a.get("answer_sentences") or ()),
                  not_given=str(a.get("not_given") or ""), decline_reason=str(a.get("decline_reason") or ""),
                  analysis=a["analysis"] if isinstance(a.get("analysis"), dict) else None,
                  mode=str(a.get("mode") or "extractive") if a.get("mode") in ("llm", "llm-partial") else "extractive",
                  grounding=tuple({"sentence": str(g.get("sentence", "")), "ok": g.get("ok") is True,
                                   "reason": str(g.get("reason", ""))}
                                  for g in a.get("grounding") or () if isinstance(g, dict)),
                  fallback_reason=str(a.get("fallback_reason") or ""))


def load_turns(saved) -> list[Exchange]:
    """Turns from the browser's JSON; malformed entries (an old format, a tampered store) are skipped."""
    turns = []
    for d in saved if isinstance(saved, list) else []:
        try:
            turns.append(Exchange.from_dict(d))
        except (TypeError, KeyError, ValueError, AttributeError) as exc:
            logger.info("skipping a malformed saved turn: %s", exc)
    return turns


def save_turns(turns: list[Exchange]) -> list[dict]:
    return [t.to_dict() for t in turns[-MAX_TURNS:]]


def next_turn(pipeline: "Pipeline", question: str, history: list[Exchange], k: int | None = None,
              speaker: str | None = None, follow_ups: bool = True, call: str | None = None,
              on_token=None) -> Exchange:
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
    # the question the next follow-up leans on: the previous one when this was joined to it, else this query
    topic = previous if previous and query != question.strip() and query.startswith(previous) else query
    try:
        answer = pipeline.ask(query, k=k, speaker=speaker or None, call=call or None,
                              **({"on_token": on_token} if on_token else {}))
    except AskError as exc:
        message = str(exc)
        return Exchange(turn_id, question, error=message[:1].upper() + message[1:])
    except Exception:  # noqa: BLE001 - the chat shows a message, the log keeps the trace
        logger.exception("answering %r failed", query)
        return Exchange(turn_id, question, error="Something went wrong while answering; the server log has the details. "
                                             "Please try again.")
    return Exchange(turn_id, question, query=query, topic=topic, answer=answer)
