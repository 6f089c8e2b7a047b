"""Generative answers (``CALLRAG_LLM=openai-like``): the prompt, the call to an OpenAI-compatible chat server through
llama-index's ``OpenAILike``, and the grounding check (rag/grounding_check.py) between the model and the user.

Only ``rag/pipeline.py`` calls this, and only when an LLM is configured: without ``CALLRAG_LLM`` nothing here (nor
llama-index's OpenAI client) is imported. The extractive answer is always computed first; the generated one
replaces it only when it passes the check:

- every sentence passes: ``mode: "llm"``;
- some fail: they are dropped, ``mode: "llm-partial"``;
- none passes, the first (the lead) fails, a figure question's figure is lost, or the server fails or times out:
  the extractive answer is shown, ``mode: "extractive"`` and ``fallback_reason`` says why.

``grounding`` lists every generated sentence with its verdict in all three cases. The model sees the question,
its analysis (answer type, subject, period) and the sentences of the first ``answer_passages`` citations,
numbered by citation, in the user's language; the check accepts a number found in either language of them.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Iterator

from index.errors import CallragError
from index.script import to_script
from rag.grounding_check import SentenceCheck, check, numbers
from rag.types import Answer, AnswerSentence

logger = logging.getLogger(__name__)

API_KEY_ENV = "CALLRAG_LLM_API_KEY"
MAX_SOURCE_SENTENCES = 40  # sentences given to the model, at most (3 passages rarely have more)

RULES_EN = """Answer the question using ONLY the numbered sentences below.
Rules:
- Answer in English.
- At most four sentences.
- End every sentence with the number of the source it comes from, like [1].
- Copy numbers exactly as they are written in the sources. Never compute, round or convert a number.
- If the sources do not state what is asked, say so in one sentence."""

RULES_ZH = """只根据下面编号的句子回答问题。
规则：
- 用中文（{script}）回答。
- 最多四句话。
- 每句话以其来源编号结尾，例如[1]。
- 数字必须照原文抄写，不要计算、四舍五入或换算。
- 如果这些句子没有给出所问的内容，用一句话说明。"""


@dataclass(frozen=True)
class Source:
    """The sentences of one citation given to the model: as shown (the user's language and script) and every
    language of them (what the check accepts a number from)."""

    n: int
    speaker: str
    shown: tuple[str, ...]
    evidence: tuple[str, ...]
    sentence_ids: tuple[str, ...]
    originals: tuple[str, ...]


class LLMError(RuntimeError, CallragError):
    """The LLM server could not be reached, failed or timed out (the message never contains the API key)."""


def make_llm(settings):
    """llama-index's OpenAILike chat model for the configured server: no retries, a timeout, and a declared context
    window and no tokenizer, so nothing is counted with tiktoken (which would download its encodings)."""
    from llama_index.llms.openai_like import OpenAILike

    return OpenAILike(
        model=settings.llm_model, api_base=settings.llm_base_url.rstrip("/"),
        api_key=os.environ.get(API_KEY_ENV) or "none",  # local servers ignore it; the client requires one
        is_chat_model=True, is_function_calling_model=False, context_window=settings.llm_context_window,
        max_tokens=settings.llm_max_tokens, temperature=0.0, timeout=settings.llm_timeout, max_retries=0,
        tokenizer=None, reuse_client=True,
    )


def sources(answer: Answer, store, n_passages: int) -> list[Source]:
    """The sentences of the first ``n_passages`` citations, in the answer's language and script."""
    from rag.answer import speaker_label

    out, total = [], 0
    for c in answer.citations[:n_passages]:
        p = store.passage(c.passage_id)
        shown, evidence, ids, originals = [], [], [], []
        for s in p.sentences:
            text = (s.text(answer.language) or s.text(p.original_language)).strip()
            if not text or total >= MAX_SOURCE_SENTENCES:
                continue
            if answer.language == "zh":
                text = to_script(text, answer.script)
            total += 1
            shown.append(text)
            evidence.extend(t for t in (text, s.text("zh"), s.text("en")) if t)
            ids.append(f"{p.transcript}:t{p.turn}.p{p.paragraph}.s{s.index}")
            originals.append(s.text(p.original_language))
        if shown:
            out.append(Source(c.n, speaker_label(p, answer.language, answer.script), tuple(shown), tuple(evidence),
                              tuple(ids), tuple(originals)))
    return out


def messages(answer: Answer, srcs: list[Source]) -> list[tuple[str, str]]:
    """(role, content) pairs: one user message with the rules, the analysis, the sources and the question (no
    system message: some chat templates, Gemma's among them, have no system role and drop it)."""
    a = answer.analysis or {}
    zh = answer.language == "zh"
    script = {"traditional": "繁体字", "simplified": "简体字"}.get(answer.script, "简体字")
    system = RULES_ZH.format(script=script) if zh else RULES_EN
    analysis = ", ".join(f"{k}: {v}" for k, v in (("answer type", a.get("answer_type")), ("subject", a.get("subject")),
                                                  ("period", a.get("period"))) if v)
    lines = [("问题分析：" if zh else "Question analysis: ") + (analysis or "-"), "",
             "来源句子：" if zh else "Source sentences:"]
    for s in srcs:
        lines.append(f"[{s.n}] {s.speaker}:")
        lines.extend(f"  {t}" for t in s.shown)
    lines += ["", ("问题：" if zh else "Question: ") + answer.question]
    return [("user", system + "\n\n" + "\n".join(lines))]


def _chat_messages(pairs):
    from llama_index.core.llms import ChatMessage

    return [ChatMessage(role=role, content=content) for role, content in pairs]


def complete(llm, pairs, on_token: Callable[[str], None] | None = None) -> str:
    """The model's whole answer; streamed (``on_token`` gets the text so far) when a callback is given."""
    try:
        if on_token is None:
            return llm.chat(_chat_messages(pairs)).message.content or ""
        text = ""
        for chunk in llm.stream_chat(_chat_messages(pairs)):
            text += chunk.delta or ""
            on_token(text)
        return text
    except Exception as exc:  # noqa: BLE001 - any failure of the server falls back to the extractive answer
        key = os.environ.get(API_KEY_ENV)
        message = f"{type(exc).__name__}: {exc}"
        if key:
            message = message.replace(key, "***")
        raise LLMError(message[:300]) from None


def generate(answer: Answer, store, settings, llm, glossary=None, allowed_names: Iterable[str] = (),
             on_token: Callable[[str], None] | None = None) -> Answer:
    """The generated answer if it passes the grounding check (wholly or partly), else ``answer`` (extractive) with
    the reason. Declined answers are returned as they are: nothing is generated for them."""
    if answer.declined or not answer.citations:
        return answer
    srcs = sources(answer, store, settings.answer_passages)
    if not srcs:
        return replace(answer, fallback_reason="no source sentences to give the model")
    try:
        text = complete(llm, messages(answer, srcs), on_token)
    except LLMError as exc:
        logger.warning("the LLM failed, answering extractively: %s", exc)
        return replace(answer, fallback_reason=f"the LLM server failed: {exc}")
    names = list(allowed_names) + [s.speaker for s in srcs]
    checks = check(text, {s.n: s.evidence for s in srcs}, glossary, names,
                   answer.script if answer.language == "zh" else "neutral", answer.language)
    grounding = tuple(c.to_dict() for c in checks)
    reason = _fallback(answer, checks)
    if reason:
        return replace(answer, grounding=grounding, fallback_reason=reason)
    kept = [c for c in checks if c.ok]
    joined = ("" if answer.language == "zh" else " ").join(c.sentence for c in kept)
    return replace(answer, answer=joined, mode="llm" if len(kept) == len(checks) else "llm-partial",
                   grounding=grounding, answer_sentences=_backing(kept, srcs))


def _fallback(answer: Answer, checks: list[SentenceCheck]) -> str:
    """Why the generated answer must not be shown (empty when it may be)."""
    if not checks:
        return "the LLM returned no sentence"
    if not any(c.ok for c in checks):
        return "no generated sentence passed the grounding check"
    if not checks[0].ok:
        return "the generated answer's first sentence failed the grounding check (what follows may lean on it)"
    wants_figure = (answer.analysis or {}).get("answer_type") in ("money", "percent", "count")
    if wants_figure and numbers(answer.answer) and not any(numbers(c.sentence) for c in checks if c.ok):
        return "the extractive answer states a figure; no grounded generated sentence does"
    return ""


def _words(text: str) -> set[str]:
    """Words (English) and character pairs (Chinese) of a text, for telling which source sentence a generated
    one paraphrases."""
    import re

    from index.script import match_key

    key = match_key(re.sub(r"\[\d+\]", " ", text))
    han = re.sub(r"[^\u3400-\u9fff]", "", key)
    return set(re.findall(r"[a-z0-9]{3,}", key)) | {han[i:i + 2] for i in range(len(han) - 1)}


def _backing(kept: list[SentenceCheck], srcs: list[Source]) -> tuple[AnswerSentence, ...]:
    """The source sentences behind the shown answer (``answer_sentences``): under each cited [n], those that hold
    one of the generated sentence's numbers or, when it has none, the one sharing most words with it."""
    by_n = {s.n: s for s in srcs}
    out, seen = [], set()
    for c in kept:
        wanted = {x.key for x in numbers(c.sentence)}
        words = _words(c.sentence)
        for n in c.cites:
            s = by_n[n]
            rows = list(zip(s.sentence_ids, s.shown, s.originals))
            if wanted:
                chosen = [r for r in rows if wanted & {x.key for x in numbers(r[1]) + numbers(r[2])}]
            else:
                best = max(rows, key=lambda r: len(words & _words(r[1])), default=None)
                chosen = [best] if best is not None and words & _words(best[1]) else []
            for sid, shown, original in chosen:
                if sid not in seen:
                    seen.add(sid)
                    out.append(AnswerSentence(n, sid, original, shown))
    return tuple(out)


def stream_events(run: Callable[[Callable[[str], None]], Answer]) -> Iterator[tuple[str, object]]:
    """Runs ``run(on_token)`` in a thread; yields ("partial", text so far) while the model writes, then
    ("final", Answer) once the check has run (or ("error", exception))."""
    import queue
    import threading

    q: queue.Queue = queue.Queue()

    def work():
        try:
            q.put(("final", run(lambda text: q.put(("partial", text)))))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            q.put(("error", exc))

    threading.Thread(target=work, daemon=True).start()
    while True:
        kind, value = q.get()
        yield kind, value
        if kind != "partial":
            return
