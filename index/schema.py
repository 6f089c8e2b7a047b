"""The corpus JSON schema (pydantic): what ``load_corpus`` accepts, checked in full before anything is built.

Two layers: the models below check the shape and the type of every field (strict: no coercion, no unknown
keys); ``check_corpus`` then checks what a type cannot say (turns refer to known speakers in their role,
positions, the Q&A after the prepared remarks, question numbers). The first problem is reported as one line
naming the file, the JSON path and what is expected. docs/corpus-format.md publishes ``CORPUS_SCHEMA_JSON``
(``json_schema()``); a test keeps it current.

Example:
    >>> check_corpus({"format": "callrag-corpus/1", "id": "x", "original_language": "en",
    ...               "speakers": [{"name": "Eddie Wu", "role": "management"}], "turns": []}, "x.json")
    Traceback (most recent call last):
    ...
    index.corpus.CorpusError: x.json: turns: expected at least 1 item, got 0
"""

from __future__ import annotations

import json
from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Text = str
Name = Annotated[str, Field(min_length=1, pattern=r"^[^\x00-\x1f\x7f]*$")]  # one line, no control characters
Line = Annotated[int, Field(ge=1)]  # a 1-based line of the source transcript
Position = Annotated[int, Field(ge=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Bilingual(_Strict):
    """A note in both languages."""

    en: Text
    zh: Text


class Period(_Strict):
    fiscal_quarter: Optional[Text] = None
    calendar_quarter: Optional[Text] = None
    period_end: Optional[Text] = None
    fiscal_year_end: Optional[Text] = None


class Source(_Strict):
    file: Optional[Text] = None
    sha256: Optional[Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]] = None
    publisher: Optional[Text] = None
    note: Optional[Text] = None
    format: Optional[Text] = None  # the format a library call was read from (docs/library.md)


class Translation(_Strict):
    language: Optional[Literal["zh", "en"]] = None
    by: Optional[Text] = None
    checks: Optional[Text] = None


class Metadata(_Strict):
    """About the call; every key optional."""

    company: Optional[Text] = None
    company_zh: Optional[Text] = None
    tickers: Optional[list[Text]] = None
    ticker: Optional[Text] = None  # a library call's one ticker
    title: Optional[Text] = None
    period: Optional[Union[Period, Text]] = None  # or a library call's fiscal period as text, "2021Q1"
    call_date: Optional[Text] = None
    period_disagreement: Optional[Text] = None  # a library call: the file name's period when the call says another
    call_date_note: Optional[Text] = None
    source: Optional[Source] = None
    original_language: Optional[Literal["zh", "en"]] = None
    translation: Optional[Translation] = None
    notes: Optional[list[Bilingual]] = None


class SpeakerModel(_Strict):
    name: Name
    role: Literal["management", "analyst", "host", "publisher", "unknown"]  # unknown: searchable, never cited
    name_en: Text = ""
    title: Text = ""
    title_en: Text = ""
    short_title_en: Text = ""
    short_title_zh: Optional[Text] = None
    evidence: Text = ""


class BlockModel(_Strict):
    kind: Literal["lead", "image", "note", "trailer"]
    line: Line
    zh: Text
    en: Text


class SentenceModel(_Strict):
    index: Position
    zh: Text
    en: Text
    note: Optional[Text] = None


class ParagraphModel(_Strict):
    index: Position
    line: Line
    sentences: Annotated[list[SentenceModel], Field(min_length=1)]
    answers_part: Optional[Name] = None


class QuestionPart(_Strict):
    label: Name
    en: Text
    zh: Text


class TurnModel(_Strict):
    index: Position
    speaker: Name
    role: Literal["management", "analyst", "host", "publisher", "unknown"]  # unknown: searchable, never cited
    section: Literal["prepared_remarks", "qa"]
    line: Line
    question: Optional[Annotated[int, Field(ge=1)]] = None
    answers: Optional[Annotated[int, Field(ge=1)]] = None
    parts: Optional[list[QuestionPart]] = None
    paragraphs: Annotated[list[ParagraphModel], Field(min_length=1)]


class CorpusModel(_Strict):
    """One earnings call: ``format`` ``callrag-corpus/1`` (docs/corpus-format.md)."""

    format: Literal["callrag-corpus/1"]
    id: Name
    original_language: Literal["zh", "en"]
    metadata: Metadata = Metadata()
    speakers: Annotated[list[SpeakerModel], Field(min_length=1)]
    front_matter: list[BlockModel] = []
    turns: Annotated[list[TurnModel], Field(min_length=1)]
    back_matter: list[BlockModel] = []


def json_schema() -> dict:
    """The published JSON Schema of a corpus file (docs/corpus-format.md), without pydantic's generated titles."""

    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if not (k == "title" and isinstance(v, str))}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "callrag corpus",
            **strip(CorpusModel.model_json_schema())}


def json_schema_text(width: int = 100) -> str:
    """The schema as JSON, each value on one line when it fits in ``width`` characters."""

    def dump(node, indent: int) -> str:
        flat = json.dumps(node, ensure_ascii=False)
        if len(flat) + indent <= width or not isinstance(node, (dict, list)) or not node:
            return flat
        pad = " " * (indent + 2)
        if isinstance(node, list):
            return "[\n" + ",\n".join(pad + dump(v, indent + 2) for v in node) + "\n" + " " * indent + "]"
        items = [f"{pad}{json.dumps(k)}: {dump(v, indent + 2)}" for k, v in node.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"

    return dump(json_schema(), 0)


def check_corpus(data: object, source: str) -> CorpusModel:
    """The corpus ``data`` (parsed JSON), checked in full; ``CorpusError`` names ``source``, the path, the fix."""
    from index.corpus import CorpusError

    try:
        model = CorpusModel.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
        raise CorpusError(f"{source}: {_describe(errors[0])}{more}") from None
    problem = _cross_check(model)
    if problem:
        raise CorpusError(f"{source}: {problem}")
    return model


def _path(loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the top level"


def _describe(error: dict) -> str:
    """One pydantic error as ``path: expected ..., got ...``."""
    where, kind, ctx, got = _path(error["loc"]), error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return f"{_path(error['loc'][:-1])}: missing field {error['loc'][-1]!r} (expected {_expected_at(error['loc'])})"
    if kind == "extra_forbidden":
        return f"{where}: unknown field; {_fields_at(error['loc'][:-1])}"
    if kind == "literal_error":
        return f"{where}: expected {ctx.get('expected')}, got {_show(got)}"
    if kind == "too_short":
        n = ctx.get("min_length")
        return f"{where}: expected at least {n} item{'s' if n != 1 else ''}, got {ctx.get('actual_length')}"
    if kind == "string_too_short":
        return f"{where}: expected non-empty text, got ''"
    if kind == "string_pattern_mismatch":
        wanted = "a sha256 (64 lower-case hex digits)" if "0-9a-f" in str(ctx.get("pattern")) else \
            "one line of text without control characters"
        return f"{where}: expected {wanted}, got {_show(got)}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{where}: expected a whole number ≥ {ctx.get('ge', ctx.get('gt'))}, got {_show(got)}"
    if kind.startswith(("int_", "string_", "list_", "model_", "dict_", "bool_", "float_")) or kind.endswith("_type"):
        shown = _show(got)
        return f"{where}: expected {_type_name(kind)}, got {_type_of(got)}" + \
            ("" if shown == _type_of(got) else f" {shown}")
    return f"{where}: {error['msg']}"


def _type_name(kind: str) -> str:
    for prefix, name in (("int", "a whole number"), ("string", "text (a JSON string)"), ("list", "a JSON array"),
                         ("model", "a JSON object"), ("dict", "a JSON object"), ("bool", "true or false"),
                         ("float", "a number")):
        if kind.startswith(prefix):
            return name
    return kind


def _type_of(value) -> str:
    return {dict: "an object", list: "an array", str: "text", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def _show(value, limit: int = 60) -> str:
    """A short form of a JSON value: ``'text'``, ``3``, ``true``, ``null``; objects and arrays by their type."""
    if isinstance(value, str):
        text = repr(value if len(value) <= limit else value[: limit - 1] + "…")
    elif isinstance(value, (bool, int, float, type(None))):
        text = json.dumps(value)
    else:
        text = _type_of(value)
    return text if len(text) <= limit + 2 else text[: limit - 1] + "…"


def _model_at(loc) -> type[BaseModel] | None:
    """The model that holds the field at ``loc`` (for the list of fields it takes)."""
    model: type[BaseModel] | None = CorpusModel
    for part in loc:
        if model is None or isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model


def _inner_model(annotation) -> type[BaseModel] | None:
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _fields_at(loc) -> str:
    model = _model_at(loc)
    if model is None:
        return "expected no such field"
    required = [n for n, f in model.model_fields.items() if f.is_required()]
    optional = [n for n, f in model.model_fields.items() if not f.is_required()]
    if not required:
        return f"the fields are {', '.join(optional)} (all optional)"
    return f"the fields are {', '.join(required)}" + (f" (optional: {', '.join(optional)})" if optional else "")


def _expected_at(loc) -> str:
    parent = _model_at(loc[:-1])
    field = parent.model_fields.get(loc[-1]) if parent is not None else None
    if field is None:
        return "a value"
    return _describe_annotation(field.annotation)


def _describe_annotation(annotation) -> str:
    from typing import get_args, get_origin

    origin = get_origin(annotation)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in get_args(annotation))
    if origin is list:
        return "a JSON array"
    if origin is Annotated:
        return _describe_annotation(get_args(annotation)[0])
    if annotation is str:
        return "text"
    if annotation is int:
        return "a whole number"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "a JSON object"
    return str(annotation)


def _cross_check(corpus: CorpusModel) -> str | None:
    """What the types cannot say; the first problem found, or None."""
    roles: dict[str, str] = {}
    for i, s in enumerate(corpus.speakers):
        if s.name in roles:
            return f"speakers[{i}].name: {s.name!r} is already in the speakers table; expected each name once"
        roles[s.name] = s.role
    asked = 0
    in_qa = False
    for i, t in enumerate(corpus.turns):
        where = f"turns[{i}]"
        if t.index != i:
            return f"{where}.index: expected {i} (the turn's position in the call), got {t.index}"
        if t.speaker not in roles:
            return f"{where}: speaker {t.speaker!r} is not in the speakers table; expected one of its names"
        if t.role != roles[t.speaker]:
            return f"{where}.role: expected {roles[t.speaker]!r} (the speakers table's role for {t.speaker!r}), " \
                   f"got {t.role!r}"
        if t.section == "qa":
            in_qa = True
        elif in_qa:
            return f"{where}.section: expected 'qa' (the Q&A has started at an earlier turn), got 'prepared_remarks'"
        if t.role == "analyst":
            if t.section != "qa":
                return f"{where}.section: expected 'qa' for an analyst turn, got {t.section!r}"
            asked += 1
            if t.question != asked:
                return f"{where}.question: expected {asked} (analyst questions are numbered 1..N in call order), " \
                       f"got {_show(t.question)}"
        elif t.question is not None:
            return f"{where}.question: only analyst turns have a question number; this turn's role is {t.role!r}"
        if t.parts is not None and t.role != "analyst":
            return f"{where}.parts: only analyst turns have question parts; this turn's role is {t.role!r}"
        if t.answers is not None:
            if t.role != "management" or t.section != "qa":
                return f"{where}.answers: only management turns in the Q&A answer a question; this turn is " \
                       f"{t.role!r} in {t.section!r}"
            if t.answers > asked:
                return f"{where}.answers: expected a question asked before this turn (1..{asked}), got {t.answers}"
        for j, p in enumerate(t.paragraphs):
            if p.index != j:
                return f"{where}.paragraphs[{j}].index: expected {j} (the paragraph's position), got {p.index}"
            if p.answers_part is not None and t.role != "management":
                return f"{where}.paragraphs[{j}].answers_part: only management paragraphs answer a question's " \
                       f"part; this turn's role is {t.role!r}"
            for k, s in enumerate(p.sentences):
                if s.index != k:
                    return f"{where}.paragraphs[{j}].sentences[{k}].index: expected {k} (the sentence's position)" \
                           f", got {s.index}"
                if not getattr(s, corpus.original_language):
                    return f"{where}.paragraphs[{j}].sentences[{k}].{corpus.original_language}: expected the " \
                           "sentence in the original language, got ''"
    return None


DOC_START = "<!-- corpus-schema -->"
DOC_END = "<!-- end of corpus-schema -->"


def doc_block() -> str:
    return f"{DOC_START}\n```json\n{json_schema_text()}\n```\n{DOC_END}"


def update_doc(path: str) -> bool:
    """Rewrite the schema block of ``path`` (docs/corpus-format.md); True when it changed."""
    from pathlib import Path

    doc = Path(path)
    text = doc.read_text(encoding="utf-8")
    start, end = text.index(DOC_START), text.index(DOC_END) + len(DOC_END)
    new = text[:start] + doc_block() + text[end:]
    if new != text:
        doc.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    import sys

    if len(sys.argv) > 1:
        print("updated" if update_doc(sys.argv[1]) else "already current", sys.argv[1])
    else:
        print(json_schema_text())
