"""Evaluation suites: JSON Lines, one case a line (docs/evaluation.md). Loading validates every line.

Example:
    >>> from index.corpus import load_corpus
    >>> from index.settings import Settings
    >>> suite = load_suite(Settings().data_dir.parent / "eval/suites/alibaba-2025q2.jsonl",
    ...                    [load_corpus(Settings().corpus_path)])
    >>> len(suite) >= 130, suite[0].id
    (True, 'en-001')
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import CallragError
from index.script import match_key

if TYPE_CHECKING:
    from index.corpus import Corpus

FIELDS = {"id", "question", "language", "evidence", "answerable", "notes", "call"}


class SuiteError(ValueError, CallragError):
    """A suite file that does not follow the format; the message names the file, line and case."""


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    language: str  # en | zh
    evidence: tuple[str, ...]  # verbatim substrings of the original transcript
    answerable: bool = True
    notes: str = ""
    call: str = ""  # library suites: the call the case is about (its evidence is in that call)


def load_suite(path: str | Path, corpora: list["Corpus"]) -> list[Case]:
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise SuiteError(f"{path}: no such suite file") from None
    except UnicodeDecodeError as exc:
        raise SuiteError(f"{path}: not UTF-8 text ({exc.reason})") from None
    texts = {c.id: "\n".join(match_key(t.text(c.original_language)) for t in c.turns) for c in corpora}
    text = "\n".join(texts.values())
    cases, seen = [], {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        case = _case(line, f"{path}:{number}", text, texts)
        if case.id in seen:
            raise SuiteError(f"{path}:{number}: case {case.id!r}: duplicate id (first on line {seen[case.id]})")
        seen[case.id] = number
        cases.append(case)
    if not cases:
        raise SuiteError(f"{path}: no cases; expected one JSON object per line")
    return cases


def _case(line: str, where: str, corpus_text: str, texts: dict[str, str] | None = None) -> Case:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise SuiteError(f"{where}: not a JSON object ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise SuiteError(f"{where}: expected a JSON object, got {type(data).__name__}")
    name = f"case {data.get('id')!r}" if "id" in data else "case"
    for field in ("id", "question", "language"):
        if not isinstance(data.get(field), str) or not data[field].strip():
            raise SuiteError(f"{where}: {name}: missing or empty field {field!r} (a string)")
    unknown = set(data) - FIELDS
    if unknown:
        raise SuiteError(f"{where}: {name}: unknown field(s) {sorted(unknown)}; expected {sorted(FIELDS)}")
    if data["language"] not in ("en", "zh"):
        raise SuiteError(f"{where}: {name}: language {data['language']!r}; expected 'en' or 'zh'")
    answerable = data.get("answerable", True)
    if not isinstance(answerable, bool):
        raise SuiteError(f"{where}: {name}: 'answerable' must be true or false")
    evidence = data.get("evidence")
    if not isinstance(evidence, list) or not all(isinstance(e, str) and e.strip() for e in evidence):
        raise SuiteError(f"{where}: {name}: 'evidence' must be a list of non-empty strings")
    if answerable and not evidence:
        raise SuiteError(f"{where}: {name}: an answerable case needs at least one evidence string")
    if not answerable and evidence:
        raise SuiteError(f"{where}: {name}: an unanswerable case ('answerable': false) must have no evidence")
    call = data.get("call", "")
    if not isinstance(call, str):
        raise SuiteError(f"{where}: {name}: 'call' must be a call id (a string)")
    if call:
        if texts is None or call not in texts:
            raise SuiteError(f"{where}: {name}: call {call!r} is not in the library the suite runs over")
        corpus_text = texts[call]
    for e in evidence:
        if match_key(e) not in corpus_text:
            raise SuiteError(f"{where}: {name}: evidence {e!r} occurs nowhere in the "
                             + (f"call {call!r} " if call else "corpus ") +
                             "(compared after Traditional/Simplified, width and whitespace normalisation)")
    return Case(id=data["id"], question=data["question"], language=data["language"], evidence=tuple(evidence),
                answerable=answerable, notes=data.get("notes", ""), call=call)
