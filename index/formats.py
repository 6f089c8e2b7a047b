"""Transcript formats, detected by content (never by the file's extension), each read into a ``Corpus``.

- ``corpus``: the project's corpus JSON (``"format": "callrag-corpus/1"``);
- ``calls-json``: the common JSON of ``prepared_remarks`` / ``q_and_a`` (lists of ``{speaker, speech}``) and
  ``participants`` (``"Name--Title"``, analysts ``"Name--Firm -- Analyst"``);
- ``dash-text``: plain text whose speaker lines are ``Name -- Title`` (or ``Name -- Firm -- Analyst``);
- ``raw``: plain text whose speaker lines are ``Name:`` (the bundled call's form, ``index/parse.py``).

Roles come from what the file says (docs/library.md): a participant titled Analyst is an analyst, the Operator
is the host, a listed executive is management, anyone else is ``unknown`` (searchable, never cited).

Example:
    >>> doc = {"participants": ["Ann Lee--Chief Executive Officer", "Bo Chan--Acme Bank -- Analyst"],
    ...        "prepared_remarks": [{"speaker": "Operator", "speech": "Welcome to the Acme Corp first quarter "
    ...                              "2021 earnings call."}, {"speaker": "Ann Lee", "speech": "Sales grew 5%."}],
    ...        "q_and_a": [{"speaker": "Bo Chan", "speech": "Why?"}, {"speaker": "Ann Lee", "speech": "Demand."},
    ...                    {"speaker": "Duration: 30 minutes", "speech": ""}]}
    >>> read = from_calls_json(doc, "ACME_q1_2021.txt")
    >>> [(t.speaker, t.role, t.section, t.question, t.answers) for t in read.corpus.turns]
    [('Operator', 'host', 'prepared_remarks', None, None), ('Ann Lee', 'management', 'prepared_remarks', None, None), ('Bo Chan', 'analyst', 'qa', 1, None), ('Ann Lee', 'management', 'qa', None, 1)]
    >>> read.corpus.metadata["company"], read.corpus.metadata["period"], read.corpus.metadata["ticker"]
    ('Acme Corp', '2021Q1', 'ACME')
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from index.corpus import Corpus, CorpusError, Paragraph, Sentence, Speaker, Turn, corpus_from_dict, FORMAT
from index.errors import CallragError
from index.sentences import split_sentences

MAX_BYTES = 20 * 1024 * 1024  # no earnings call is anywhere near this; a bigger file is not a transcript
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_ZH_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PERIOD_TEXT = re.compile(
    r"\b(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter(?: of)?(?: (?:fiscal|fy) ?)?"
    r"[, ]*(?:(?:fiscal|fy)[- ]?)?(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
_PERIOD_Q = re.compile(r"\b(?:Q(?P<q>[1-4])|(?:fiscal|fy)[- ]?(?P<y2>(?:19|20)\d\d)[- ]?Q(?P<q2>[1-4]))"
                       r"(?:[- ](?:fiscal[- ]|fy[- ]?)?(?P<y>(?:19|20)\d\d))?\b", re.IGNORECASE)
_YEAR_END = re.compile(r"\b(?:full[- ]year|fourth[- ]quarter and (?:full[- ]year|year[- ]end)|year[- ]end)\b",
                       re.IGNORECASE)
_ZH_PERIOD = re.compile(r"(?:(?P<y>(?:19|20)\d\d)\s*(?:财|財)?年)?(?:财|財)?第?(?P<q>[一二三四1-4])(?:财|財)?季")
_FILE_PERIOD = re.compile(r"^(?P<t>[A-Za-z0-9.\-]+)_q(?P<q>[1-4])_(?P<y>(?:19|20)\d\d)$")
_PERIOD_WORDS = re.compile(r"\b(?:first|second|third|fourth|1st|2nd|3rd|4th|Q[1-4]|quarter [1-4]|fiscal|full[- ]year"
                           r"|(?:19|20)\d\d)\b",
                           re.IGNORECASE)
_ORDINAL = re.compile(r"first|second|third|fourth|1st|2nd|3rd|4th", re.IGNORECASE)
_ORDINAL_PERIOD = re.compile(r"[\s-]+(?:quarter|half|fiscal|full|q[1-4]|(?:19|20)\d\d)\b", re.IGNORECASE)
_AFTER_PERIOD = re.compile(r"^\s*(?:(?:19|20)\d\d|fiscal|fy\d*)?\s*(?P<c>(?:[A-Z][\w&'’.\-]*,?\s+){1,6}?)(?:earnings|financial|"
                           r"results|conference|quarterly)\b", re.IGNORECASE)
_NOT_COMPANY = {"welcome", "the", "today's", "today’s", "to", "ladies", "and", "gentlemen", "good", "morning",
                "afternoon", "evening", "day", "thank", "you", "for", "joining", "us", "hello", "greetings", "our",
                "everyone", "at", "this", "time", "i", "would", "like", "in", "on", "my", "name", "is", "of",
                "with", "hi", "all", "quarter", "year", "results", "call", "conference", "earnings"}
# Without period words next to it, the name the welcome gives ("Welcome to the Humana Incorporated Quarterly Earnings
# Conference Call", "welcome to Lazard's earnings report meeting", "Thank you for joining OFG Bancorp's Conference
# Call") or the call is for ("the First Quarter Earnings Conference Call for Amphenol Corporation.")
_NAME = r"(?P<c>(?:[A-Z0-9][\w&'’.!\-]*,?\s+(?:(?:&|and|of)\s+)?){0,5}?[A-Z0-9][\w&’.!\-]*?(?:,?\s+(?:Inc|Ltd|plc|Corp)\.?)?)"
_WELCOMED = re.compile(r"\b(?i:welcome (?:everyone )?to|joining(?: us(?: today)?(?: for)?)?|interest in)\s+(?:the |this |today's "
                       r"|today’s )?(?:webcast entitled )?" + _NAME + r"(?:'s|’s)?\s+(?:[a-z][\w\-]*\s+){0,3}?"
                       r"(?i:earnings|quarterly|conference|results|investor|business|call|teleconference|webcast|financial)\b")
_CALL_FOR = re.compile(r"\b(?i:call|teleconference|discussion|webcast)\s+for\s+(?:the\s+)?"
                       + _NAME.replace("{0,5}?", "{0,5}") + r"(?=[.,;]|\s+for\b|\s*$)")
_CALL_WORDS = {"quarterly", "earnings", "conference", "results", "investor", "business", "call", "teleconference",
               "webcast", "financial"}
_DATE = re.compile(r"\b(?:today|held on|this call on),?\s+(?:\w+day,\s+)?(?P<m>January|February|March|April|May|June|July|August|September|October|November|"
                   r"December) (?P<d>\d{1,2}),? (?P<y>(?:19|20)\d\d)\b")
_DASH_LINE = re.compile(r"^(?P<name>[A-Z][^\n]{0,60}?) -- (?P<title>[^\n]{2,120})$")
_REPAIR_QA = "questions and answers:"
_REPAIR_PARTICIPANTS = "call participants:"
_DURATION = re.compile(r"^duration:\s*\d+\s*minutes?$", re.IGNORECASE)
_SHORT_TITLES = (
    # ("office": a title cut short in the file, "Chief Operating Office", is still the COO)
    ("chief executive office", "CEO"), ("chief financial office", "CFO"), ("chief operating office", "COO"),
    ("investor relations", "IR"), ("senior vice president", "SVP"), ("executive vice president", "EVP"),
    ("vice president", "VP"), ("president", "President"), ("chairman", "Chairman"), ("treasurer", "Treasurer"),
    ("director", "Director"),
)  # in order: "Vice President, Investor Relations" is IR, never "President"; other titles are kept ("Chief Growth
# Officer"), cut at their first comma
MANAGEMENT_WORDS = ("chief", "officer", "president", "chair", "ceo", "cfo", "coo", "director", "head", "vice",
                    "treasurer", "investor relations", "executive", "manager", "founder", "general counsel",
                    "controller", "secretary", "partner", "vp", "evp", "svp", "lead", "principal")


class FormatError(ValueError, CallragError):
    """A file that is not a transcript in any known format, or cannot be repaired; one line: what and why."""


@dataclass(frozen=True)
class Read:
    corpus: Corpus
    format: str
    warnings: tuple[str, ...] = ()


_READER_MODULES = ("formats.py", "sentences.py", "parse.py", "corpus.py")
_FINGERPRINT: list[str] = []


def reader_fingerprint() -> str:
    """A digest of the transcript reader's own source (this module, the sentence splitter, the raw parser, the
    corpus model): a call read by another reader may read differently (``callrag library refresh`` says how)."""
    if not _FINGERPRINT:
        digest = hashlib.sha256()
        for name in _READER_MODULES:
            digest.update((Path(__file__).parent / name).read_bytes())
        _FINGERPRINT.append(digest.hexdigest()[:12])
    return _FINGERPRINT[0]


def read_transcript(path: str | Path, overrides: dict | None = None) -> Read:
    """Read any supported transcript file; metadata overrides (company, ticker, period, date) win."""
    path = Path(path)
    if path.is_dir():
        raise FormatError(f"{path}: is a folder, not a transcript file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FormatError(f"{path}: {size} bytes; a transcript is at most {MAX_BYTES} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None
    if not text.strip():
        raise FormatError(f"{path}: the file is empty")
    read = _read_text(text, path)
    meta = dict(read.corpus.metadata)
    meta["source"] = {"file": path.name, "sha256": hashlib.sha256(raw).hexdigest(), "format": read.format}
    for key, value in (overrides or {}).items():
        if value:
            meta[key] = normalise_period(value) if key == "period" else value
    return replace(read, corpus=replace(read.corpus, metadata=meta))


def _read_text(text: str, path: Path) -> Read:
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FormatError(f"{path}: looks like JSON but is not ({exc.msg}, line {exc.lineno})") from None
        if not isinstance(data, dict):
            raise FormatError(f"{path}: a JSON transcript is an object")
        if data.get("format") == FORMAT:
            corpus = corpus_from_dict(data, source=str(path))
            check_texts(corpus, path)
            return Read(corpus, "corpus")
        if "prepared_remarks" in data or "q_and_a" in data:
            return from_calls_json(data, path.name)
        raise FormatError(f"{path}: JSON but neither a callrag corpus (format {FORMAT!r}) nor a calls JSON "
                          "(prepared_remarks, q_and_a, participants)")
    lines = [ln.rstrip("\r") for ln in text.split("\n")]
    if sum(1 for ln in lines if _DASH_LINE.match(ln.strip())) >= 2:
        return from_dash_text(lines, path.name)
    from index.parse import TranscriptError, parse_text

    try:
        corpus = parse_text(text, source=str(path), corpus_id="transcript")
    except TranscriptError as exc:
        raise FormatError(str(exc)) from None
    meta = {**corpus.metadata, **call_metadata(text[:6000], path.stem)}
    return Read(replace(corpus, metadata=meta), "raw")


def check_texts(corpus: Corpus, path) -> None:
    """Every sentence and name is text (a corpus JSON may hold a number where a sentence belongs)."""
    for t in corpus.turns:
        if not isinstance(t.speaker, str) or not isinstance(t.index, int):
            raise FormatError(f"{path}: turn {t.index!r}: speaker and index must be text and a whole number")
        for p in t.paragraphs:
            for s in p.sentences:
                if not isinstance(s.zh, str) or not isinstance(s.en, str):
                    bad = s.zh if not isinstance(s.zh, str) else s.en
                    raise FormatError(f"{path}: turn {t.index}, paragraph {p.index}, sentence {s.index}: "
                                      f"the text is {type(bad).__name__} {bad!r}; expected a string")


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\u00a0", " ")


def _title_role(title: str) -> str:
    low = title.lower()
    if "analyst" in low:
        return "analyst"
    if any(w in low for w in MANAGEMENT_WORDS):
        return "management"
    return "unknown"


# The part of the company an officer heads, as their title names it ("Executive Vice President and President,
# Business Insurance"; "President of Office Properties"): kept in the short title, where it tells the reader whose
# figures the officer gives, and the answer composer which part a sentence of theirs speaks of. Not a function of the
# whole company ("President, Investor Relations", "President of Finance", "President, Chief Financial Officer").
_HEADS = re.compile(r"\b(president|chief executive officer)(?:,| of| -) ([^,]{3,60})$", re.IGNORECASE)
_FUNCTION = re.compile(r"investor|financ|chief|operations|treasurer|corporate|counsel|secretary|controller|accounting"
                       r"|strateg|development|communications|director|trustee|board|human|legal|officer|relations"
                       r"|technology|marketing|planning|president|risk|credit|lending|administration|compliance|sales"
                       r"|global|worldwide|company|chairman|ceo|cfo|coo|\bthe\b|management|revenue|policy|affairs|research"
                       r"|customer|commercial", re.IGNORECASE)

# A unit's name: capitalised words (and "&", "and", "of"), no sentence ("our VITAS Healthcare subsidiary.", "Steve
# Metzger. Steve?" are a messy file's prose) and no honorific.
_UNIT = re.compile(r"(?!(?:Dr|Mr|Ms|Mrs)\b)[A-Z][\w&'-]*(?:\.[A-Z])*\.?(?: (?:[A-Z0-9][\w&'-]*(?:\.[A-Z])*|&|and|of|And|Of))*"
                   r"(?<!\.)")


_C_SUITE = re.compile(r"\bchief [a-z ]*officer\b|\bc[efo]o\b", re.IGNORECASE)


def short_title(title: str) -> str:
    """The title a citation shows: the office ("CEO", "EVP"), or the part of the company its holder heads.

    >>> short_title("Executive Vice President and President, Business Insurance")
    'President, Business Insurance'
    >>> short_title("Senior Vice President, Investor Relations"), short_title("President, Chief Financial Officer")
    ('IR', 'CFO')
    """
    heads = _HEADS.search(title.strip())
    if heads and _UNIT.fullmatch(heads.group(2).strip()) and not _FUNCTION.search(heads.group(2)) \
            and not _C_SUITE.search(title[: heads.start()]):  # a CFO who is also a subsidiary's president is the CFO
        office = "CEO" if heads.group(1).lower().startswith("chief") else "President"
        return f"{office}, {heads.group(2).strip()}"
    low = title.lower()
    for words, short in _SHORT_TITLES:
        if words in low:
            return short
    return title.split(",")[0].strip()[:40]


def _participants(items) -> dict[str, tuple[str, str]]:
    """name -> (title, role) from ``"Name--Title"`` entries; a bare ``"Name"`` listed before the first analyst is
    one of the company's participants whose title the file leaves out: management (KeyCorp's CEO is listed as
    "Chris Gorman"). After an analyst, a bare name stays unknown."""
    out = {}
    if not any(isinstance(item, str) and "--" in item for item in items or []):
        return out  # names without a single title say nobody's role (a merged file's "Call participants:" list)
    for item in items or []:
        if not isinstance(item, str):
            continue
        if "--" not in item:
            name = _clean(item).strip()
            if name and not _DURATION.match(name) and not any(r == "analyst" for _, r in out.values()):
                out.setdefault(name, ("", "management"))
            continue
        name, title = item.split("--", 1)
        name, title = _clean(name).strip(), _clean(title).strip(" -")
        out[name] = (title, _title_role(title))
    return out


def _role(name: str, known: dict[str, tuple[str, str]]) -> tuple[str, str]:
    if name.strip().lower() in ("operator", "moderator", "coordinator"):
        return "Operator", "host"
    if name in known:
        return known[name]
    return "", "unknown"


def from_calls_json(data: dict, file_name: str) -> Read:
    """The common JSON of prepared remarks, Q&A and participants -> a Corpus (English original)."""
    warnings = []
    remarks, qa = data.get("prepared_remarks") or [], data.get("q_and_a") or []
    for name, part in (("prepared_remarks", remarks), ("q_and_a", qa)):
        if not isinstance(part, list) or not all(isinstance(x, dict) and isinstance(x.get("speaker"), str)
                                                 and isinstance(x.get("speech", ""), str) for x in part):
            raise FormatError(f"{file_name}: {name} must be a list of {{speaker, speech}} with text values")
    participants = data.get("participants") or []
    speakers = [x["speaker"].strip() for x in remarks + qa]
    if not qa and any(s.lower() == _REPAIR_QA for s in speakers):
        # Lost structure: the Q&A and the participants were merged into the prepared remarks.
        cut = next(i for i, x in enumerate(remarks) if x["speaker"].strip().lower() == _REPAIR_QA)
        tail = remarks[cut + 1:]
        end = next((i for i, x in enumerate(tail) if x["speaker"].strip().lower() == _REPAIR_PARTICIPANTS),
                   len(tail))
        if not participants and end < len(tail):
            participants = [ln for x in tail[end:] for ln in (x.get("speech") or "").split("\n")]
            participants += [x["speaker"] for x in tail[end + 1:]]
        remarks, qa = remarks[:cut], tail[:end]
        warnings.append("repaired a file that lost its structure: split at the 'Questions and Answers:' "
                        "pseudo-speaker")
    elif any(s.lower() in (_REPAIR_QA, _REPAIR_PARTICIPANTS) for s in speakers):
        raise FormatError(f"{file_name}: 'Questions and Answers:' / 'Call participants:' appear as speakers "
                          "and the file cannot be split at them")
    known = _participants(participants)
    if not known:
        # No participants list: the people who give the prepared remarks (not the operator) are management;
        # others stay unknown.
        for item in remarks:
            name = _clean(item["speaker"]).strip()
            if name and not _DURATION.match(name) and name.lower() not in ("operator", _REPAIR_QA,
                                                                             _REPAIR_PARTICIPANTS):
                known.setdefault(name, ("", "management"))
        # ... and the people the operator gives the floor to for a question are analysts
        introduced = " ".join(_clean(x.get("speech") or "") for x in qa
                              if _clean(x["speaker"]).strip().lower() in ("operator", "moderator", "coordinator"))
        for item in qa:
            name = _clean(item["speaker"]).strip()
            if name and name not in known and re.search(
                    r"\bquestions?\b[^.?!]{0,40}\bfrom (?:the line of )?" + re.escape(name) + r"\b", introduced):
                known[name] = ("Analyst", "analyst")
        if known:
            warnings.append("no participants list: prepared-remarks speakers taken as management, the speakers "
                            "the operator introduces with a question as analysts")
    # An analyst speaking in the prepared remarks means the Q&A began there (the file put its start too late).
    first_analyst = next((i for i, item in enumerate(remarks)
                          if _role(_clean(item["speaker"]).strip(), known)[1] == "analyst"), None)
    if first_analyst is not None:
        remarks, qa = remarks[:first_analyst], remarks[first_analyst:] + list(qa)
        warnings.append("an analyst speaks in the prepared remarks: the Q&A taken to start at that turn")
    table: dict[str, Speaker] = {}
    turns: list[Turn] = []
    question = 0
    missing = set()
    for section, part in (("prepared_remarks", remarks), ("qa", qa)):
        for item in part:
            name = _clean(item["speaker"]).strip()
            speech = _clean(item.get("speech") or "")
            if _DURATION.match(name) or name.lower() in (_REPAIR_QA, _REPAIR_PARTICIPANTS) or not name:
                continue
            paragraphs_text = rejoin_paragraphs([p.strip() for p in speech.split("\n") if p.strip()])
            if not paragraphs_text:
                continue
            title, role = _role(name, known)
            if role == "unknown" and name not in known and name.lower() != "unidentified participant":
                missing.add(name)
            table.setdefault(name, Speaker(name=name, role=role, name_en=name, title_en=title,
                                           short_title_en=short_title(title) if title else ""))
            number = answers = None
            if section == "qa" and role == "analyst":
                question += 1
                number = question
            elif section == "qa" and role == "management" and question:
                answers = question
            paragraphs = tuple(
                Paragraph(index=j, line=len(turns) + 1, sentences=tuple(
                    Sentence(index=k, zh="", en=s) for k, s in enumerate(split_sentences(p, "en"))))
                for j, p in enumerate(paragraphs_text))
            turns.append(Turn(index=len(turns), speaker=name, role=role, section=section,  # type: ignore[arg-type]
                              line=len(turns) + 1, paragraphs=paragraphs, question=number, answers=answers))
    if not any(t.role == "management" for t in turns):
        raise FormatError(f"{file_name}: no management speaker (no participant with an executive title speaks)")
    if missing:
        warnings.append(f"{len(missing)} speaker(s) not in participants, role unknown: "
                        + ", ".join(sorted(missing)[:3]))
    head = "\n".join(x.get("speech") or "" for x in remarks[:3])
    corpus = Corpus(id="transcript", original_language="en", metadata={"original_language": "en"},
                    speakers=tuple(table.values()), turns=tuple(turns))
    meta = {**corpus.metadata, **call_metadata(head, Path(file_name).stem)}
    if meta.get("period_disagreement"):
        warnings.append(meta["period_disagreement"])
    return Read(replace(corpus, metadata=meta), "calls-json", tuple(warnings))


# A line break the source put after an abbreviation, inside a sentence ("… the cautionary note to U.S." / "investors
# that appears …"): 323 paragraphs of the shared calls open in lower case, every one after a full stop, most after
# "U.S.", "U.K." or "D.C.".
_ENDS_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.){2,}$|\b(?:Inc|Co|Corp|Ltd|vs|No|St|Jr|Sr)\.$")


def rejoin_paragraphs(paragraphs: list[str]) -> list[str]:
    """Paragraphs with the source's breaks after an abbreviation undone: a paragraph opening in lower case after one
    ending in an abbreviation continues its sentence.

    >>> rejoin_paragraphs(["Sales fell in the U.S.", "market, as expected.", "Next, margins."])
    ['Sales fell in the U.S. market, as expected.', 'Next, margins.']
    >>> rejoin_paragraphs(["Programs are yielding.", "growth was strong."])
    ['Programs are yielding.', 'growth was strong.']
    """
    out: list[str] = []
    for p in paragraphs:
        if out and p[:1].islower() and _ENDS_ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    return out


def from_dash_text(lines: list[str], file_name: str) -> Read:
    """Plain text with ``Name -- Title`` speaker lines -> the raw ``Name:`` form, roles from the titles."""
    from index.parse import parse_text

    titles: dict[str, str] = {}
    out = []
    for ln in lines:
        m = _DASH_LINE.match(ln.strip())
        if m and len(m.group("name").split()) <= 6:
            name = _clean(m.group("name")).strip()
            titles[name] = _clean(m.group("title")).strip()
            out.append(f"{name}:")
        else:
            out.append(ln)
    corpus = parse_text("\n".join(out), source=file_name, corpus_id="transcript")
    speakers = []
    for s in corpus.speakers:
        title = titles.get(s.name, "")
        role = "host" if s.role == "host" else (_title_role(title) if title else s.role)
        speakers.append(replace(s, role=role, name_en=s.name, title_en=title,
                                short_title_en=short_title(title) if title else ""))
    role_of = {s.name: s.role for s in speakers}
    turns, question = [], 0
    for t in corpus.turns:
        role = role_of[t.speaker]
        number = answers = None
        if role == "analyst":
            question += 1
            number = question
        elif role == "management" and question:
            answers = question
        turns.append(replace(t, role=role, question=number, answers=answers,
                             section="qa" if question else t.section))
    meta = {**corpus.metadata, **call_metadata("\n".join(lines[:80]), Path(file_name).stem)}
    corpus = replace(corpus, speakers=tuple(speakers), turns=tuple(turns), metadata=meta)
    return Read(corpus, "dash-text")


def normalise_period(text: str) -> str:
    """``Q3 2021``, ``2021Q3``, ``third quarter 2021``, ``2021年第三季度`` -> ``2021Q3`` (or ``Q3`` without a year).

    >>> [normalise_period(t) for t in ("Q3 2021", "2021q3", "third quarter of 2021", "2021年第三季度", "Q2",
    ...                                "the 2019 fourth quarter and year-end call")]
    ['2021Q3', '2021Q3', '2021Q3', '2021Q3', 'Q2', '2019Q4']
    """
    found = find_period(text)
    if not found:
        raise FormatError(f"period {text!r} not understood; expected e.g. 2021Q3, 'Q3 2021' or '2021年第三季度'")
    return found


def find_period(text: str) -> str | None:
    """The fiscal period the text names first, as ``YYYYQn`` / ``Qn``, or None. The first mention is the call's
    own ("Welcome to the Cullen/Frost Q1 Earnings Results call"): a later one with a year is usually a comparison
    ("$1.38 a share in the fourth quarter of 2020"). A quarter named without its year takes the year that follows
    it in the same clause ("Fourth Quarter and Full Year 2019").

    >>> find_period("Welcome to the Cullen/Frost Q1 Earnings call. EPS was $1.38 in the fourth quarter of 2020.")
    'Q1'
    >>> find_period("the Eastman Chemical Fourth Quarter Full Year 2019 Conference Call"), find_period("Q3 2021")
    ('2019Q4', '2021Q3')
    """
    found = []
    for priority, rx, period in _PERIOD_PATTERNS:
        m = rx.search(text)
        if m:
            found.append((m.start(), priority, m.end(), period(m)))
    if not found:
        return None
    _, _, end, period = min(found)
    if len(period) == 2:
        year = _YEAR_AFTER.match(text, end)
        if year:
            return f"{year.group('y')}{period}"
    return period


def _year_of(head: str, quarter: int, in_name: str | None) -> str | None:
    """The year of the call's own quarter, named without one ("Welcome to the Cullen/Frost Q1 Earnings call"): the
    latest year the opening names for that quarter (a Q4 2019 call compares with the fourth quarter of 2018), one
    later when it also names the quarter just before that one a year on (a Q1 2021 call compares with "the fourth
    quarter of 2020" and "the first quarter of 2020"); else the file name's year."""
    named = set()
    for _, rx, period in _PERIOD_PATTERNS:
        for m in rx.finditer(head):
            p = period(m)
            if len(p) == 6:
                named.add((int(p[:4]), int(p[5])))
    years = [y for y, q in named if q == quarter]
    if not years:
        return f"{in_name[:4]}Q{quarter}" if in_name else None
    year = max(years)
    before = (year + 1, quarter - 1) if quarter > 1 else (year, 4)  # the quarter before (year + 1, quarter)
    return f"{year + 1 if before in named else year}Q{quarter}"


def _zh_period(m: re.Match) -> str:
    q = _ZH_QUARTERS[m.group("q")]
    return f"{m.group('y')}Q{q}" if m.group("y") else f"Q{q}"


_PERIOD_PATTERNS = (  # (priority at one position, pattern, the period it names)
    (0, re.compile(r"\b((?:19|20)\d\d)\s*-?\s*Q([1-4])\b", re.IGNORECASE), lambda m: f"{m.group(1)}Q{m.group(2)}"),
    (1, re.compile(r"\b((?:19|20)\d\d) (?:fiscal )?(first|second|third|fourth)[- ]quarter\b", re.IGNORECASE),
     lambda m: f"{m.group(1)}Q{_QUARTER_WORDS[m.group(2).lower()]}"),
    (2, _PERIOD_TEXT, lambda m: f"{m.group('y')}Q{_QUARTER_WORDS[m.group('q').lower()]}"),
    (3, _PERIOD_Q, lambda m: f"{m.group('y2')}Q{m.group('q2')}" if m.group("q2") else
     f"{m.group('y')}Q{m.group('q')}" if m.group("y") else f"Q{m.group('q')}"),
    (4, _ZH_PERIOD, _zh_period),
    (5, re.compile(r"\b(first|second|third|fourth)[- ]quarter\b", re.IGNORECASE),
     lambda m: f"Q{_QUARTER_WORDS[m.group(1).lower()]}"),
)
_YEAR_AFTER = re.compile(r"[^.?!\n]{0,30}?\b(?:full[- ]year|year[- ]end|fiscal(?: year)?)[ ,]+(?P<y>(?:19|20)\d\d)\b",
                         re.IGNORECASE)


def call_metadata(head: str, stem: str) -> dict:
    """Company, ticker, fiscal period and call date from the call's opening words, then the file name."""
    meta: dict = {}
    head = _clean(head)
    company = find_company(head[:1500])
    company = re.sub(r"\s*(?:'s|’s|'|’)$", "", company) if company else company  # "Dolby Laboratories'"
    if company:
        meta["company"] = company
    fm = _FILE_PERIOD.match(stem)
    if fm:
        meta["ticker"] = fm.group("t").upper()
    in_text = find_period(head[:3000])
    in_name = f"{fm.group('y')}Q{fm.group('q')}" if fm else None
    if in_text and len(in_text) == 2:  # "the fourth quarter" without a year: from the periods the call compares
        in_text = _year_of(head[:3000], int(in_text[1]), in_name) or in_text
    if in_text and len(in_text) == 6:
        meta["period"] = in_text
        if in_name and in_name != in_text:
            meta["period_disagreement"] = (f"the call says {in_text}, the file name says {in_name}: "
                                           f"kept {in_text}")
    elif in_name:
        meta["period"] = in_name
    d = _DATE.search(head)
    if d:
        meta["call_date"] = f"{d.group('m')} {d.group('d')}, {d.group('y')}"
    if "company" not in meta and "ticker" in meta:
        meta["company"] = meta["ticker"]
    return meta


def find_company(text: str) -> str | None:
    """The company the call names in its opening: the capitalised words just before its period words
    ("the Aaron's Company First Quarter 2021"), or after them ("Q1 2021 Prestige Consumer Healthcare, Inc.
    Earnings Call").

    >>> find_company("Good day and welcome to today's Colgate-Palmolive Company Third Quarter 2021 Earnings Call.")
    'Colgate-Palmolive Company'
    >>> find_company("welcome to the Q1 2021 Prestige Consumer Healthcare, Inc. Earnings Conference Call.")
    'Prestige Consumer Healthcare, Inc.'
    >>> find_company("Thank you for joining us today for Sun Communities Third Quarter 2021 Earnings Call.")
    'Sun Communities'
    >>> find_company("Welcome to the Corning Incorporated Quarter 4 2021 earnings call.")
    'Corning Incorporated'

    Without period words beside it, the name the welcome gives, or the one the call is for:

    >>> find_company("Welcome to the Humana Incorporated Quarterly Earnings Conference Call.")
    'Humana Incorporated'
    >>> find_company("Hello, and welcome to the First Quarter Earnings Conference Call for Amphenol Corporation. Following this")
    'Amphenol Corporation'
    >>> find_company("Good morning. Thank you for joining OFG Bancorp's Conference Call. My name is Maria.")
    'OFG Bancorp'
    >>> find_company("welcome to the Third Quarter 2021 Earnings Call for D.R. Horton, America's Builder, the largest")
    'D.R. Horton'
    >>> find_company("Welcome to the Quarterly Earnings Conference Call.") is None
    True

    A name may begin with an ordinal or carry initials:

    >>> find_company("Welcome to the First Commonwealth Financial Corporation's Second Quarter 2021 Earnings Call.")
    'First Commonwealth Financial Corporation'
    >>> find_company("welcome to the A. O. Smith First Quarter Results Conference Call.")
    'A. O. Smith'
    """
    for m in _PERIOD_WORDS.finditer(text):
        if _ORDINAL.fullmatch(m.group(0)) and not _ORDINAL_PERIOD.match(text[m.end():]):
            continue  # "First Commonwealth Financial": an ordinal names a period only before one
        words = text[:m.start()].split()[-8:]
        picked: list[str] = []
        for w in reversed(words):
            bare = w.strip(",")
            if w.endswith((".", ":", ";")) and picked and not re.fullmatch(r"[A-Z]\.", bare):
                break  # (an initial, "A. O. Smith", ends no sentence)
            if bare.lower() in ("&", "and", "of", "de") and picked:
                picked.append(w)
                continue
            if _ORDINAL.fullmatch(bare) and picked:
                picked.append(w)  # "First Commonwealth Financial Corporation's Second Quarter"
                continue
            if not bare[:1].isupper() or bare.lower() in _NOT_COMPANY or _PERIOD_WORDS.fullmatch(bare):
                break
            picked.append(w)
        while picked and picked[-1].strip(",").lower() in ("&", "and", "of", "de"):
            picked.pop()
        name = " ".join(reversed(picked)).strip(" ,")
        name = re.sub(r"(?:'s|’s)$", "", name)
        if name and plausible_company(name):
            return name
        after = _AFTER_PERIOD.match(text[m.end():])
        if after:
            name = after.group("c").strip(" ,")
            if name and name.split()[0].lower() not in _NOT_COMPANY and plausible_company(name):
                return name  # (not "financial" of "full year 2021 financial results conference call")
    for rx in (_WELCOMED, _CALL_FOR):
        for m in rx.finditer(text):
            name = re.split(r",\s+(?!(?:Inc|Ltd|plc|Corp)\b)|(?<=[a-z]{3})\.\s", m.group("c"))[0].strip(" ,")
            # (D.R. Horton, America's Builder; Amphenol Corporation. Following …)
            words = [w.strip(",").lower() for w in name.split()]
            if name and not set(words) & (_NOT_COMPANY | _CALL_WORDS) and plausible_company(name):
                return name
    return None


def plausible_company(name: str) -> bool:
    """Whether an earlier reading of a company's name is one: not words of the call's title ("financial", "third
    quarter", "results. We released our press release").

    >>> plausible_company("Zoetis"), plausible_company("D.R. Horton"), plausible_company("financial")
    (True, True, False)
    >>> plausible_company("results. We released our press release"), plausible_company("quarter, we had adjusted")
    (False, False)
    >>> plausible_company("First Commonwealth Financial"), plausible_company("First Quarter")
    (True, False)
    """
    rest = re.sub(r"^(?:First|Second|Third|Fourth)\s+(?=[A-Z])(?!(?i:quarter|half|fiscal|full)\b)", "", name)  # "First Commonwealth"
    words = {w.strip(",.").lower() for w in rest.split()}
    return bool((name[:1].isupper() or name[:1].isdigit()) and words and not words <= (_NOT_COMPANY | _CALL_WORDS)
                and not re.search(r"(?<=[a-z]{3})\.\s|,\s*[a-z]|['’]$", name) and not _PERIOD_WORDS.search(rest))


def corpus_with_id(corpus: Corpus, call_id: str) -> Corpus:
    return replace(corpus, id=call_id)


__all__ = ["FormatError", "Read", "read_transcript", "find_period", "normalise_period", "call_metadata",
           "CorpusError"]
