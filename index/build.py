"""Build the index (Chroma vectors, BM25, passages, sentence vectors, manifest) and swap it in atomically.

Layout: ``<index_dir>`` is a symbolic link to ``<index_dir>.builds/<build id>/``. A build is written into
``<build id>.partial`` and renamed when complete; the link is then replaced in one step, so the old index
stays usable until the new one is complete, and a failed build leaves it untouched.

Inside a build directory (fixed names):
    manifest.json      what the index was built from and with (index/manifest.py)
    passages.jsonl     one Passage per line; row i is document i of both BM25 indexes
    chroma/            Chroma persistent store, collection "passages": one vector per passage and language
    bm25_zh/ bm25_en/  bm25s indexes over jieba-tokenised Simplified Chinese and stemmed English
    sentences.npy      vectors of every management sentence in both languages, for composing answers
    sentence_hubness.npy  each sentence vector's mean similarity to its 10 nearest (CSLS, for abstention)
    sentences.json     row -> [passage row, sentence index, language]
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from index.corpus import Corpus, CorpusError, load_corpus, save_corpus
from index import layout
from index.chroma import collection_name, open_collection  # noqa: F401 - the writer creates what the reader opens
from index.layout import HUB_K
from index.manifest import FILENAME, Manifest
from index.settings import INDEX_SETTINGS, Settings

if TYPE_CHECKING:
    from index.store import IndexStore

logger = logging.getLogger(__name__)

EMPTY_TOKEN = "<empty>"
Progress = Callable[[str, int, int], None]  # (stage, done, total)


def sources(settings: Settings) -> list[Path]:
    """The corpus files the index is built from: the configured corpus, then every transcript users added."""
    added = sorted(settings.corpora_dir.glob("*.json")) if settings.corpora_dir.is_dir() else []
    return [settings.corpus_path, *[p for p in added if p.resolve() != settings.corpus_path.resolve()]]


def expected_manifest(settings: Settings, files: list[Path] | None = None) -> Manifest:
    files = files if files is not None else sources(settings)
    transcripts = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CorpusError(f"{path}: cannot read the corpus ({exc.strerror})") from None
        transcripts.append((_corpus_id(path, data), hashlib.sha256(data).hexdigest()))
    return Manifest(
        transcripts=tuple(transcripts),
        embedder=settings.embedder,
        store=settings.chroma_url.strip(),
        chunking={"unit": "paragraph within a speaker turn",
                  **{name: getattr(settings, name) for name in INDEX_SETTINGS if name != "embedder"}},
    )


def _corpus_id(path: Path, data: bytes) -> str:
    try:
        return json.loads(data)["id"]
    except (ValueError, KeyError, TypeError):
        raise CorpusError(f"{path}: not a corpus JSON file with an 'id'") from None


def check(index_dir: Path, expected: Manifest) -> str | None:
    """Why the index at ``index_dir`` cannot be used (None when it can)."""
    if not index_dir.exists():
        return "no index yet"
    missing = [name for name in layout.INDEX_FILES if not (index_dir / name).exists()]
    if missing:
        return f"the index is incomplete (missing {', '.join(missing)})"
    try:
        found = Manifest.load(index_dir)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"the index manifest is unreadable ({exc})"
    if not expected.compatible_with(found):
        return "the index does not match the settings or corpus (" + "; ".join(expected.differences(found)) + ")"
    if not found.files:
        return "the index manifest has no checksums (built by an older version)"
    bad = damaged_files(index_dir, found.files)
    if bad:
        return f"the index file(s) {', '.join(bad)} are damaged (checksum differs from the manifest)"
    return None


def ensure_index(settings: Settings, rebuild: bool = False, progress: Progress | None = None,
                 announce: Callable[[str], None] = logger.warning) -> Path:
    """The live index directory, built first when missing, mismatched, corrupt, or ``rebuild`` is set."""
    expected = expected_manifest(settings)
    reason = "rebuild requested" if rebuild else check(settings.index_dir, expected)
    if reason and expected.store:  # the server first: an unreachable one is said before anything is embedded
        from index import chroma

        chroma.client(expected.store, settings.index_dir)
    if reason:
        announce(f"Building the index ({reason}) ...")
        build(settings, progress=progress)
    return settings.index_dir.resolve()


def open_index(settings: Settings, progress: Progress | None = None,
               announce: Callable[[str], None] = logger.warning) -> "IndexStore":
    """The live index, opened: built first when missing, mismatched or damaged, and rebuilt once when it cannot be
    opened. What a command hands the pipeline (``Pipeline(open_store=...)``); the pipeline itself only reads."""
    from index.store import IndexStore

    path = ensure_index(settings, progress=progress, announce=announce)
    try:
        return IndexStore(path).warm()
    except Exception as exc:  # noqa: BLE001 - any failure to open means the index is unusable
        announce(f"The index at {path} is corrupt ({exc}); rebuilding it ...")
        path = ensure_index(settings, rebuild=True, progress=progress, announce=announce)
        return IndexStore(path).warm()


def build(settings: Settings, progress: Progress | None = None, files: list[Path] | None = None) -> Manifest:
    """Build a complete new index beside the live one, then swap it in."""
    files = files if files is not None else sources(settings)
    live = settings.index_dir
    builds = live.parent / f"{live.name}.builds"
    builds.mkdir(parents=True, exist_ok=True)
    remove_dead_builds(builds)
    name = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    partial = builds / f"{name}.partial"
    lock = _hold_lock(_lock_path(partial))  # before the partial exists: a partial without a held lock is dead
    try:
        manifest = _build_into(partial, settings, files, progress or (lambda *_: None))
        final = builds / name
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        _lock_path(partial).unlink(missing_ok=True)
        lock.close()
    _swap(live, final)
    _prune(builds, keep={final.name, _target_name(live)}, url=settings.chroma_url.strip())
    return manifest


def _lock_path(partial: Path) -> Path:
    return partial.parent / f".{partial.name}.lock"


def _hold_lock(path: Path):
    """An exclusive lock held while this process builds; the system releases it when the process ends, even
    when it is killed, so a partial build whose lock nobody holds is dead."""
    import fcntl

    handle = open(path, "w")  # noqa: SIM115 - held for the whole build
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


def _is_alive(partial: Path) -> bool:
    """Whether a build is still writing ``partial`` (another process, or this one)."""
    import fcntl

    lock = _lock_path(partial)
    try:
        handle = open(lock)  # noqa: SIM115
    except FileNotFoundError:  # written by a version without locks: give it the hour it had then
        try:
            return time.time() - partial.stat().st_mtime < 3600
        except FileNotFoundError:  # gone meanwhile
            return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        return False


def remove_dead_builds(builds: Path) -> list[str]:
    """Delete the partial directories of builds that died (killed, crashed) before finishing; their names."""
    removed = []
    for partial in sorted(builds.glob("*.partial")):
        if not _is_alive(partial):
            shutil.rmtree(partial, ignore_errors=True)
            _lock_path(partial).unlink(missing_ok=True)
            removed.append(partial.name)
            logger.warning("removed %s, left by a build that did not finish", partial)
    return removed


def _target_name(live: Path) -> str:
    return Path(os.readlink(live)).name if live.is_symlink() else ""


def _swap(live: Path, final: Path) -> None:
    previous = _target_name(live)
    if live.exists() and not live.is_symlink():  # an index directory from before the link layout
        live.rename(final.parent / f"legacy-{uuid.uuid4().hex[:8]}")
    link = live.parent / f".{live.name}.link-{uuid.uuid4().hex[:8]}"
    os.symlink(os.path.relpath(final, live.parent), link)
    os.replace(link, live)
    logger.info("index %s is live (was %s)", final.name, previous or "none")


def _prune(builds: Path, keep: set[str], url: str = "") -> None:
    """Keep the new build and the one it replaced (a running process may still read it)."""
    entries = sorted(builds.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
    kept_previous = False
    for entry in entries:
        if entry.name in keep or entry.name.startswith("."):  # .<build>.partial.lock: a build in progress
            continue
        if not kept_previous and not entry.name.endswith(".partial"):
            kept_previous = True
            continue
        if entry.name.endswith(".partial") and _is_alive(entry):
            continue  # another build in progress
        if url and not entry.name.endswith(".partial"):
            from index import chroma

            chroma.drop(url, entry / layout.CHROMA, collection_name(entry, url))
        shutil.rmtree(entry, ignore_errors=True)


def _build_into(target: Path, settings: Settings, files: list[Path], progress: Progress) -> Manifest:
    from index.embedders import make_embedder
    from index.passages import passages_from_corpus

    target.mkdir(parents=True)
    expected = expected_manifest(settings, files)
    corpora = [load_corpus(p) for p in files]
    _check_unique_ids(corpora, files)
    embedder = make_embedder(settings.embedder, settings.query_prefix, settings.passage_prefix)
    max_tokens = min(settings.max_passage_tokens, getattr(embedder, "max_tokens", 512) - 8)
    count = getattr(embedder, "count_tokens", None)
    passages = [p for c in corpora for p in passages_from_corpus(c, max_tokens, count)]
    nodes, counts, dim = write_passage_data(target, passages, embedder, progress)

    progress("vectors", 0, 1)
    collection = open_collection(target, create=True, url=settings.chroma_url.strip())
    from llama_index.vector_stores.chroma import ChromaVectorStore

    ChromaVectorStore(chroma_collection=collection).add(nodes)
    progress("vectors", 1, 1)
    manifest = Manifest(
        transcripts=expected.transcripts, embedder=expected.embedder, chunking=expected.chunking,
        versions=expected.versions, built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        counts={"transcripts": len(corpora), **counts},
        embedder_model=embedder.model_name, dim=dim, files=checksums(target, skip=(FILENAME, layout.CHROMA)),
        store=expected.store,
    )
    manifest.save(target)
    return manifest


def write_passage_data(target: Path, passages, embedder, progress: Progress) -> tuple[list, dict, int]:
    """Embed the passages (both languages) and their management sentences, and write every per-passage file:
    passages.jsonl, node vectors (nodes.json, node_vectors.npy), sentence vectors and hubness, BM25.
    Returns the llama-index nodes (with embeddings), the counts and the vector dimension."""
    import numpy as np

    progress("passages", len(passages), len(passages))
    (target / layout.PASSAGES).write_text("".join(p.to_json() + "\n" for p in passages), encoding="utf-8")
    node_rows = [(row, lang) for row, p in enumerate(passages) for lang in ("zh", "en") if p.text(lang).strip()]
    nodes = [passages[row].to_node(lang) for row, lang in node_rows]
    sentence_rows = [
        (row, s.index, lang)
        for row, p in enumerate(passages) if p.citable
        for s in p.sentences for lang in ("zh", "en") if s.text(lang).strip()
    ]
    texts = [n.text for n in nodes] + [passages[r].sentences[_pos(passages[r], i)].text(lang)
                                       for r, i, lang in sentence_rows]
    vectors = _embed(embedder, texts, progress)
    for node, vec in zip(nodes, vectors):
        node.embedding = vec
    dim = len(vectors[0]) if vectors else 0
    node_vectors = np.asarray(vectors[:len(nodes)], dtype=np.float32).reshape(len(nodes), dim)
    np.save(target / layout.NODE_VECTORS, node_vectors)
    (target / layout.NODES).write_text(json.dumps([list(r) for r in node_rows]), encoding="utf-8")
    sentence_vectors = np.asarray(vectors[len(nodes):], dtype=np.float32).reshape(len(sentence_rows), dim)
    np.save(target / layout.SENTENCE_VECTORS, sentence_vectors)
    np.save(target / layout.SENTENCE_HUBNESS, hubness(sentence_vectors))
    (target / layout.SENTENCES).write_text(json.dumps([list(r) for r in sentence_rows]), encoding="utf-8")
    _build_bm25(target, passages)
    progress("bm25", 1, 1)
    return nodes, {"passages": len(passages), "nodes": len(nodes), "sentences": len(sentence_rows)}, dim


def stored_vectors(folder: Path) -> dict[str, "np.ndarray"]:
    """text -> its vector, for every text ``write_passage_data`` embedded into ``folder`` (passages in each
    language, management sentences): what a rebuild of the same call with the same embedder can reuse."""
    import numpy as np

    from index.passages import Passage

    with open(folder / layout.PASSAGES, encoding="utf-8") as fh:
        passages = [Passage.from_json(line) for line in fh if line.strip()]
    node_rows = json.loads((folder / layout.NODES).read_text(encoding="utf-8"))
    sentence_rows = json.loads((folder / layout.SENTENCES).read_text(encoding="utf-8"))
    node_vectors = np.load(folder / layout.NODE_VECTORS)
    sentence_vectors = np.load(folder / layout.SENTENCE_VECTORS)
    out: dict[str, np.ndarray] = {}
    for (row, lang), vec in zip(node_rows, node_vectors):
        out[passages[row].to_node(lang).text] = vec
    for (row, index, lang), vec in zip(sentence_rows, sentence_vectors):
        out[passages[row].sentences[_pos(passages[row], index)].text(lang)] = vec
    return out


class ReusingEmbedder:
    """An embedder that answers from vectors already computed for the same texts by the same model and embeds
    only the others (a call re-read by a newer reader keeps the vectors of every text that did not change)."""

    def __init__(self, embedder, known: dict):
        self.embedder, self.known, self.embedded = embedder, dict(known), 0

    def __getattr__(self, name):
        return getattr(self.embedder, name)

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        missing = list(dict.fromkeys(t for t in texts if t not in self.known))
        if missing:
            for text, vec in zip(missing, self.embedder._get_text_embeddings(missing)):
                self.known[text] = vec
            self.embedded += len(missing)
        return [list(map(float, self.known[t])) for t in texts]


def checksums(directory: Path, skip: tuple[str, ...] = (FILENAME,)) -> dict[str, str]:
    """sha256 of every file under ``directory`` (relative path -> digest), ``skip`` (top-level names) excepted:
    an index's own manifest holds the checksums, so it skips itself."""
    out = {}
    for path in sorted(directory.rglob("*")):
        rel = path.relative_to(directory).as_posix()
        if path.is_file() and rel.split("/")[0] not in skip:
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def damaged_files(directory: Path, expected: dict[str, str]) -> list[str]:
    """The stored files whose checksum differs from the manifest's, or that are missing."""
    bad = []
    for rel, digest in expected.items():
        path = directory / rel
        try:
            if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                bad.append(rel)
        except OSError:
            bad.append(rel)
    return bad


def hubness(vectors, k: int = HUB_K, block: int = 1024):
    """Each vector's mean cosine similarity to its ``k`` nearest other vectors (the ``r`` of CSLS), blockwise."""
    import numpy as np

    out = np.zeros(len(vectors), dtype=np.float32)
    k = min(k, max(len(vectors) - 1, 1))
    for start in range(0, len(vectors), block):
        sims = vectors[start:start + block] @ vectors.T
        for i in range(sims.shape[0]):
            sims[i, start + i] = -1.0  # not its own neighbour
        out[start:start + block] = np.sort(sims, axis=1)[:, -k:].mean(axis=1)
    return out


def _pos(passage, sentence_index: int) -> int:
    return next(i for i, s in enumerate(passage.sentences) if s.index == sentence_index)


def _check_unique_ids(corpora: list[Corpus], files: list[Path]) -> None:
    seen: dict[str, Path] = {}
    for corpus, path in zip(corpora, files):
        if corpus.id in seen:
            raise CorpusError(f"{path}: corpus id {corpus.id!r} is already used by {seen[corpus.id]}")
        seen[corpus.id] = path


def _embed(embedder, texts: list[str], progress: Progress, batch: int = 32) -> list[list[float]]:
    out: list[list[float]] = []
    progress("embedding", 0, len(texts))
    for start in range(0, len(texts), batch):
        out.extend(embedder._get_text_embeddings(texts[start:start + batch]))
        progress("embedding", len(out), len(texts))
    return out


def _build_bm25(target: Path, passages) -> None:
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every build at DEBUG level

    from index.tokenize import tokenize

    for lang in ("zh", "en"):
        # A passage with no words in this language (an untranslated transcript) gets a token no query can
        # contain: bm25s cannot index an empty vocabulary.
        docs = [tokenize(p.text(lang), lang) or [EMPTY_TOKEN] for p in passages]
        bm25 = bm25s.BM25()
        bm25.index(docs, show_progress=False)
        bm25.save(str(target / layout.bm25(lang)))


def add_corpus(settings: Settings, path: Path, progress: Progress | None = None,
               announce: Callable[[str], None] = logger.warning) -> Corpus:
    """Add a transcript (corpus JSON, or a raw transcript to parse) to the index; on failure nothing changes."""
    from index.parse import parse_file

    path = Path(path)
    corpus = load_corpus(path) if path.suffix.lower() == ".json" else parse_file(path)
    if corpus.id == load_corpus(settings.corpus_path).id:
        raise CorpusError(f"{path}: corpus id {corpus.id!r} is the bundled corpus's; give it another id")
    dest = settings.corpora_dir / f"{corpus.id}.json"
    backup = dest.read_bytes() if dest.exists() else None
    if backup is not None:
        announce(f"Replacing the transcript {corpus.id!r} added before.")
    save_corpus(corpus, dest)
    try:
        announce(f"Adding {corpus.id!r} ({len(corpus.turns)} turns) and rebuilding the index ...")
        build(settings, progress=progress)
    except BaseException:
        if backup is None:
            dest.unlink(missing_ok=True)
        else:
            dest.write_bytes(backup)
        raise
    return corpus
