"""Turns -> passages: one passage per paragraph inside a speaker turn, split at sentence boundaries when
a paragraph is longer than the embedder's window. Passages become llama-index nodes for the store.

Example:
    >>> from index.parse import parse_text
    >>> corpus = parse_text("吳泳銘:\\n第一句。第二句。\\n問:\\n資本開支?\\n")
    >>> [p.id for p in passages_from_corpus(corpus)]
    ['transcript:t0.p0', 'transcript:t1.p0']
    >>> [p.id for p in passages_from_corpus(corpus, max_tokens=3, count_tokens=len)]
    ['transcript:t0.p0.c0', 'transcript:t0.p0.c1', 'transcript:t1.p0']
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from index.corpus import Corpus, Sentence
from index.script import CJK

if TYPE_CHECKING:
    from llama_index.core.schema import TextNode


@dataclass(frozen=True)
class Passage:
    id: str  # "<transcript>:t<turn>.p<paragraph>" (+ ".c<part>" when the paragraph was split)
    transcript: str
    turn: int
    paragraph: int
    part: int | None
    line: int  # source line of the paragraph
    speaker: str  # as written
    speaker_en: str  # "Eddie Wu"
    title: str  # the short English title for citations ("CEO"): Speaker.short_title_en, not Speaker.title (the full
    # title in the call's language). Kept as "title" because it is the API's and the stored passages' field name.
    role: str
    section: str
    question: int | None  # analyst passages: the question's number
    answers: int | None  # management passages in the Q&A: the question they answer
    original_language: str
    sentences: tuple[Sentence, ...]
    answers_part: str | None = None  # the part of the question this paragraph answers ("b" of question 4)
    title_zh: str = ""  # short title in Chinese (Simplified): "阿里巴巴电商事业群CEO"

    def text(self, lang: str) -> str:
        # Joined once per passage and language (every question reads them; a passage never changes).
        cache = self.__dict__.get("_texts")
        if cache is None:
            cache = {}
            object.__setattr__(self, "_texts", cache)
        if lang not in cache:
            cache[lang] = ("" if lang == "zh" else " ").join(s.text(lang) for s in self.sentences)
        return cache[lang]

    @property
    def original(self) -> str:
        return self.text(self.original_language)

    @property
    def translation(self) -> str:
        return self.text("en" if self.original_language == "zh" else "zh")

    @property
    def citable(self) -> bool:
        return self.role == "management"

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> "Passage":
        data = json.loads(line)
        data["sentences"] = tuple(Sentence(**s) for s in data["sentences"])
        return cls(**data)

    def node(self) -> "TextNode":
        """The passage as retrieval returns it: one node per passage, its original text."""
        from llama_index.core.schema import TextNode

        return TextNode(id_=self.id, text=self.original, metadata={"passage_id": self.id})

    def to_node(self, lang: str) -> "TextNode":
        """The passage in one language as a llama-index node (its embedding goes into Chroma)."""
        from llama_index.core.schema import TextNode

        meta = {
            "passage_id": self.id,
            "transcript": self.transcript,
            "lang": lang,
            "turn": self.turn,
            "paragraph": self.paragraph,
            "speaker": self.speaker,
            "role": self.role,
            "section": self.section,
            "question": -1 if self.question is None else self.question,
            "answers": -1 if self.answers is None else self.answers,
        }
        return TextNode(
            id_=f"{self.id}:{lang}",
            text=self.text(lang),
            metadata=meta,
            excluded_embed_metadata_keys=list(meta),
            excluded_llm_metadata_keys=list(meta),
        )


def passages_from_corpus(
    corpus: Corpus,
    max_tokens: int = 480,
    count_tokens: Callable[[str], int] | None = None,
) -> list[Passage]:
    """Every paragraph of every turn (publisher material excluded), split to fit ``max_tokens`` in both languages."""
    count = count_tokens or estimate_tokens
    out = []
    for turn in corpus.turns:
        speaker = corpus.speaker(turn.speaker)
        for para in turn.paragraphs:
            parts = list(_split(para.sentences, max_tokens, count))
            for n, sentences in enumerate(parts):
                base = f"{corpus.id}:t{turn.index}.p{para.index}"
                out.append(
                    Passage(
                        id=base if len(parts) == 1 else f"{base}.c{n}",
                        transcript=corpus.id,
                        turn=turn.index,
                        paragraph=para.index,
                        part=None if len(parts) == 1 else n,
                        line=para.line,
                        speaker=turn.speaker,
                        speaker_en=speaker.name_en or speaker.name,
                        title=speaker.short_title_en,
                        role=turn.role,
                        section=turn.section,
                        question=turn.question,
                        answers=turn.answers,
                        original_language=corpus.original_language,
                        sentences=tuple(sentences),
                        answers_part=para.answers_part,
                        title_zh=speaker.short_title_zh,
                    )
                )
    return out


def estimate_tokens(text: str) -> int:
    """A multilingual subword tokenizer's count, roughly: 0.75 a Chinese character, 1.3 a word otherwise."""
    cjk = len(CJK.findall(text))
    return int(0.75 * cjk + 1.3 * len(CJK.sub(" ", text).split())) + 2


def _split(sentences: Iterable[Sentence], max_tokens: int, count: Callable[[str], int]) -> Iterable[list[Sentence]]:
    group: list[Sentence] = []
    for sent in sentences:
        candidate = group + [sent]
        fits = all(count(("" if lang == "zh" else " ").join(s.text(lang) for s in candidate)) <= max_tokens
                   for lang in ("zh", "en"))
        if group and not fits:
            yield group
            group = [sent]
        else:
            group = candidate
    if group:
        yield group
