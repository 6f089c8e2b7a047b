"""The library of calls: add and remove one call without touching the others; atomic, locked, checked.

Layout (``settings.library_dir``, docs/library.md)::

    library.json            the manifest: every committed call, its metadata, its folder and a sha256 of each file
    library.lock            held (flock) by the one process changing the library
    calls/<id>.<sha8>/      one call: corpus.json, passages.jsonl, nodes.json, node_vectors.npy, sentences.*,
                            sentence_hubness.npy, bm25_zh/, bm25_en/, manifest.json
    chroma/                 the Chroma store (or a server, ``CALLRAG_CHROMA_URL``): collection ``library``, one
                            vector per management passage and language, metadata ``transcript`` - used to find
                            the calls nearest an unscoped question
    pending.json            a change in progress (the Chroma ids it may have written), until committed

Adding a call embeds that call alone into a new folder, writes its vectors to Chroma, then commits by replacing
``library.json`` in one ``rename``. A process killed before the commit leaves the library as it was: the next
change under the lock deletes the unreferenced folder and restores Chroma from the committed folders' vectors.

Example:
    >>> from index.settings import Settings
    >>> lib = Library(Settings())
    >>> [c.id for c in lib.calls()][:1]  # doctest: +SKIP
    ['aan-2021q1']
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from index import layout
from index.build import Progress, ReusingEmbedder, checksums, damaged_files, stored_vectors, write_passage_data
from index.corpus import CorpusError, load_corpus, save_corpus, write_atomic
from index.errors import CallragError
from index.manifest import Manifest
from index.settings import Settings

logger = logging.getLogger(__name__)

FORMAT = "callrag-library/1"
MANIFEST = "library.json"
COLLECTION = "library"
CALL_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
Announce = Callable[[str], None]


class LibraryError(ValueError, CallragError):
    """A library operation refused: one line saying what was wrong and what is expected."""


class CallDamaged(LibraryError):
    def __init__(self, call_id: str, files: list[str], why: str = "checksum differs from the manifest"):
        self.call_id, self.files = call_id, files
        super().__init__(f"call {call_id!r} is damaged ({', '.join(files)}: {why})")


@dataclass(frozen=True)
class Call:
    id: str
    company: str
    ticker: str
    period: str
    call_date: str
    language: str
    source: str  # the file it was added from (absolute path as given)
    source_sha256: str
    format: str
    dir: str  # folder under the library, "calls/<id>.<sha8>"
    files: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    roles: dict = field(default_factory=dict)
    added_at: str = ""
    reader: str = ""  # the reader that read it (``index.formats.reader_fingerprint``); "" before session 12

    def label(self) -> str:
        """``Aaron's (AAN) 2021Q1``: how citations and scope messages name the call."""
        name = self.company or self.ticker or self.id
        ticker = f" ({self.ticker})" if self.ticker and self.ticker != name else ""
        return f"{name}{ticker} {self.period}".strip()

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Outcome:
    path: str
    status: str  # added | replaced | unchanged | skipped
    call: str = ""
    reason: str = ""
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()
    timings: dict = field(default_factory=dict)  # seconds per step of an add: read, embed, store, commit


def slug(text: str) -> str:
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return out[:56] or "call"


def check_call_id(call_id: str) -> str:
    """A call id is lowercase letters, digits, '-' and '_', at most 64: never a path."""
    if not isinstance(call_id, str) or not CALL_ID.match(call_id):
        raise LibraryError(f"call id {call_id!r} is not valid: expected 1-64 lowercase letters, digits, '-' or '_', "
                           "starting with a letter or digit (no '/', '.', spaces)")
    return call_id


def expand(paths: Iterable[str]) -> list[Path]:
    """Files, folders (their files, sorted) and globs -> files, in order, without repeats."""
    import glob

    out: list[Path] = []
    for raw in paths:
        matches = sorted(glob.glob(raw)) if any(ch in raw for ch in "*?[") else [raw]
        if not matches:
            out.append(Path(raw))  # reported as missing
        for m in matches:
            p = Path(m)
            if p.is_dir() and not p.suffix == ".json":
                out.extend(sorted(x for x in p.iterdir() if x.is_file() and not x.name.startswith(".")))
            else:
                out.append(p)
    seen, unique = set(), []
    for p in out:
        key = str(p.resolve()) if p.exists() else str(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


class Library:
    """One library folder. Reading needs no lock; every change holds ``library.lock``."""

    def __init__(self, settings: Settings | None = None, announce: Announce = logger.warning):
        self.settings = settings or Settings()
        self.dir = Path(self.settings.library_dir)
        self.announce = announce
        self._embedder = None
        from collections import OrderedDict

        self._stores: OrderedDict[str, tuple] = OrderedDict()  # call id -> (folder, IndexStore), LRU
        self._collection = None

    # ---- manifest --------------------------------------------------------------------------------------
    def _manifest(self) -> dict:
        """The committed manifest, re-read only when the file changed (a cheap check per question). Read-only:
        a change works on ``_editable()``."""
        path = self.dir / MANIFEST
        try:
            stat = path.stat()
        except OSError:
            return {"format": FORMAT, "version": 0, "calls": {}}
        key = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        cached = getattr(self, "_cached", None)
        if cached and cached[0] == key:
            return cached[1]
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or not isinstance(data.get("calls"), dict):
                raise ValueError("not a library manifest")
            self._cached = (key, data)
            return data
        except (OSError, ValueError) as exc:
            self.announce(f"The library manifest {path} is unreadable ({exc}); rebuilding it from the calls' "
                          "own records (nothing is re-embedded).")
            return self._recover_manifest()

    def _recover_manifest(self) -> dict:
        calls = {}
        for entry in sorted((self.dir / "calls").glob("*/call.json")) if (self.dir / "calls").is_dir() else []:
            try:
                call = json.loads(entry.read_text(encoding="utf-8"))
                if call["dir"] == f"calls/{entry.parent.name}" and not damaged_files(entry.parent, call["files"]):
                    previous = calls.get(call["id"])
                    if previous is None or previous["added_at"] < call["added_at"]:
                        calls[call["id"]] = call
            except (OSError, ValueError, KeyError, TypeError):
                continue
        data = {"format": FORMAT, "version": int(time.time()), "calls": calls}
        if self.dir.is_dir():
            write_atomic(self.dir / MANIFEST, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return data

    def _editable(self) -> dict:
        import copy

        return copy.deepcopy(self._manifest())

    def _commit(self, data: dict) -> None:
        data["version"] = int(data.get("version", 0)) + 1
        write_atomic(self.dir / MANIFEST, json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    def calls(self) -> list[Call]:
        path = self.dir / MANIFEST
        if not path.exists():
            return []
        data = self._manifest()
        cached = getattr(self, "_calls", None)
        if cached is None or cached[0] is not data:  # built once per manifest (every question asks)
            cached = (data, [Call(**c) for c in data["calls"].values()])
            self._calls = cached
        return list(cached[1])

    def call(self, call_id: str) -> Call:
        calls = self._manifest()["calls"]
        if call_id not in calls:
            known = ", ".join(sorted(calls)[:10]) or "none yet"
            raise LibraryError(f"no call {call_id!r} in the library (calls: {known}); see `callrag library list`")
        return Call(**calls[call_id])

    def version(self) -> int:
        return int(self._manifest().get("version", 0))

    # ---- lock ------------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        self.dir.mkdir(parents=True, exist_ok=True)
        with open(self.dir / "library.lock", "a+", encoding="utf-8") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip() or "unknown"
                self.announce(f"Another callrag process (pid {holder}) is changing the library {self.dir}; "
                              "waiting for it to finish ...")
                fcntl.flock(fh, fcntl.LOCK_EX)
            fh.seek(0)
            fh.truncate()
            fh.write(str(os.getpid()))
            fh.flush()
            try:
                self._cleanup()
                yield
            finally:
                fh.seek(0)
                fh.truncate()
                fh.flush()
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _cleanup(self) -> None:
        """Undo what a killed change left: folders no committed call uses, vectors it wrote."""
        data = self._manifest()
        used = {c["dir"] for c in data["calls"].values()}
        pending = self.dir / "pending.json"
        touched: set[str] = set()
        if pending.exists():
            try:
                touched.add(json.loads(pending.read_text(encoding="utf-8"))["call"])
            except (OSError, ValueError, KeyError):
                touched.add("*")
        calls_dir = self.dir / "calls"
        for entry in calls_dir.iterdir() if calls_dir.is_dir() else []:
            if f"calls/{entry.name}" not in used:
                touched.add(entry.name.split(".")[0])
                shutil.rmtree(entry, ignore_errors=True)
        if "*" in touched:
            self._resync()
        else:
            for call_id in touched:
                self._sync_call(call_id, data)
        pending.unlink(missing_ok=True)

    # ---- Chroma ----------------------------------------------------------------------------------------
    def collection(self):
        if self._collection is None:
            self._collection = open_library_collection(self.settings, self.dir / layout.CHROMA)
        return self._collection

    def _call_vectors(self, call: dict):
        """(ids, vectors, metadatas) of the call's management passages, from its folder."""
        import numpy as np

        folder = self.dir / call["dir"]
        rows = json.loads((folder / layout.NODES).read_text(encoding="utf-8"))
        vectors = np.load(folder / layout.NODE_VECTORS)
        passages = [json.loads(line) for line in (folder / layout.PASSAGES).read_text(encoding="utf-8").splitlines()
                    if line.strip()]
        keep = [i for i, (row, _) in enumerate(rows) if passages[row]["role"] == "management"]
        ids = [f"{passages[rows[i][0]]['id']}:{rows[i][1]}" for i in keep]
        metas = [{"transcript": call["id"], "lang": rows[i][1]} for i in keep]
        return ids, vectors[keep], metas

    def _sync_call(self, call_id: str, data: dict) -> None:
        """Make Chroma hold exactly the committed vectors of ``call_id`` (none if it is not committed)."""
        col = self.collection()
        found = col.get(where={"transcript": call_id}, include=[])["ids"]
        call = data["calls"].get(call_id)
        ids, vectors, metas = self._call_vectors(call) if call else ([], None, [])
        stale = sorted(set(found) - set(ids))
        if stale:
            col.delete(ids=stale)
        if ids:
            _upsert(col, ids, vectors, metas)

    def _resync(self) -> None:
        data = self._manifest()
        col = self.collection()
        expected = {}
        for call in data["calls"].values():
            ids, _, _ = self._call_vectors(call)
            expected.update(dict.fromkeys(ids, call["id"]))
        found = col.get(include=[])["ids"]
        stale = sorted(set(found) - set(expected))
        for start in range(0, len(stale), 5000):
            col.delete(ids=stale[start:start + 5000])
        missing_calls = {expected[i] for i in set(expected) - set(found)}
        for call_id in sorted(missing_calls):
            self._sync_call(call_id, data)

    def check_vectors(self) -> str | None:
        """Why Chroma does not hold the committed vectors (None when its count matches the manifest's)."""
        data = self._manifest()
        expected = sum(c["counts"].get("routing_vectors", 0) for c in data["calls"].values())
        from index.chroma import ChromaServerError

        try:
            found = self.collection().count()
        except ChromaServerError:  # the server is not there or not usable: nothing to restore, say so
            raise
        except Exception as exc:  # noqa: BLE001 - any failure to read the store means it needs restoring
            return f"the Chroma store cannot be read ({exc})"
        if found != expected:
            return f"the Chroma store holds {found} vectors, the manifest {expected}"
        return None

    def repair_vectors(self) -> None:
        with self.lock():
            self._resync()

    # ---- embedder ---------------------------------------------------------------------------------------
    def embedder(self):
        if self._embedder is None:
            from index.embedders import make_embedder

            s = self.settings
            self._embedder = make_embedder(s.embedder, s.query_prefix, s.passage_prefix)
        return self._embedder

    # ---- add / remove -----------------------------------------------------------------------------------
    def add(self, paths: Iterable[str], overrides: dict | None = None, call_id: str | None = None,
            progress: Callable[[int, int, str], None] | None = None, stage: Progress | None = None) -> list[Outcome]:
        """Add transcripts (files, folders, globs); every file gets an outcome, no file stops the run."""
        from index.formats import FormatError

        files = expand(paths)
        if call_id is not None:
            check_call_id(call_id)
            if len(files) != 1:
                raise LibraryError(f"--id names one call; {len(files)} files were given")
        outcomes = []
        with self.lock():
            for n, path in enumerate(files):
                if progress:
                    progress(n, len(files), path.name)
                start = time.perf_counter()
                try:
                    outcome = self._add_one(path, overrides or {}, call_id, stage)
                except (FormatError, CorpusError, LibraryError) as exc:
                    outcome = Outcome(str(path), "skipped", reason=_one_line(str(exc)))
                except (OSError, ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
                    outcome = Outcome(str(path), "skipped",
                                      reason=_one_line(f"{path}: could not be read ({type(exc).__name__}: {exc})"))
                outcomes.append(Outcome(**{**outcome.__dict__, "seconds": round(time.perf_counter() - start, 3)}))
            if progress:
                progress(len(files), len(files), "")
        return outcomes

    def _add_one(self, path: Path, overrides: dict, call_id: str | None, stage: Progress | None,
                 reuse: Path | None = None, force: bool = False) -> Outcome:
        """Add (or replace) one call. ``reuse``: a folder of the same call whose stored vectors are reused for
        the texts that did not change; ``force``: rebuild even when the source file is the one already added."""
        from index.formats import read_transcript, reader_fingerprint

        if not path.exists():
            return Outcome(str(path), "skipped", reason=f"{path}: no such file or folder")
        if path.is_dir():
            return Outcome(str(path), "skipped", reason=f"{path}: is a folder, not a transcript file")
        source = str(path.resolve())
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        data = self._editable()
        same_source = [c for c in data["calls"].values() if c["source"] == source]
        for c in data["calls"].values():
            if not force and c["source_sha256"] == digest and (call_id is None or c["id"] == call_id) and not overrides_differ(
                    c, overrides):
                return Outcome(str(path), "unchanged", c["id"], "already in the library, unchanged")
        t0 = time.perf_counter()
        read = read_transcript(path, overrides)
        meta = read.corpus.metadata
        if call_id is None:
            if same_source:
                call_id = same_source[0]["id"]
            else:
                base = slug(f"{meta['ticker']}-{meta['period']}") if meta.get("ticker") and meta.get("period") \
                    else slug(path.stem)
                call_id, n = base, 2
                while call_id in data["calls"] or call_id == _bundled_id(self.settings):
                    call_id, n = f"{base}-{n}", n + 1
        if call_id == _bundled_id(self.settings):
            raise LibraryError(f"call id {call_id!r} is the bundled call's; give another with --id")
        check_call_id(call_id)
        replacing = call_id in data["calls"]
        corpus = read.corpus.__class__(**{**{k: getattr(read.corpus, k) for k in
                                             ("original_language", "metadata", "speakers", "turns",
                                              "front_matter", "back_matter", "format")}, "id": call_id})
        folder_name = f"{call_id}.{digest[:8]}"
        if replacing and data["calls"][call_id]["dir"] == f"calls/{folder_name}":
            folder_name = f"{call_id}.{digest[:8]}-{uuid.uuid4().hex[:4]}"
        calls_dir = self.dir / "calls"
        partial = calls_dir / f"{folder_name}.partial"
        final = calls_dir / folder_name
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        t1 = time.perf_counter()
        try:
            counts, roles, embedded = self._build_call(partial, corpus, stage, reuse)
            partial.rename(final)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        call = Call(
            id=call_id, company=str(meta.get("company", "")), ticker=str(meta.get("ticker", "")),
            period=str(meta.get("period", "")), call_date=str(meta.get("call_date", "")),
            language=corpus.original_language, source=source, source_sha256=digest,
            format=meta.get("source", {}).get("format", ""), dir=f"calls/{folder_name}",
            files=checksums(final, skip=()), counts=counts, roles=roles,
            added_at=datetime.now(timezone.utc).isoformat(timespec="microseconds"), reader=reader_fingerprint(),
        )
        t2 = time.perf_counter()
        write_atomic(final / "call.json", json.dumps(call.to_dict(), ensure_ascii=False, indent=1) + "\n")
        write_atomic(self.dir / "pending.json", json.dumps({"call": call_id, "dir": call.dir}) + "\n")
        ids, vectors, metas = self._call_vectors(call.to_dict())
        _upsert(self.collection(), ids, vectors, metas)
        old = data["calls"].get(call_id)
        data["calls"][call_id] = call.to_dict()
        t3 = time.perf_counter()
        self._commit(data)  # the commit point
        (self.dir / "pending.json").unlink(missing_ok=True)
        if old:  # a replacement (or a repair): the old folder may be damaged, so ask Chroma what is stale
            self._sync_call(call_id, data)
            shutil.rmtree(self.dir / old["dir"], ignore_errors=True)
        self._stores.pop(call_id, None)
        t4 = time.perf_counter()
        return Outcome(str(path), "replaced" if replacing else "added", call_id,
                       f"{call.label()}: {counts['passages']} passages; roles "
                       + ", ".join(f"{k} {v}" for k, v in sorted(roles.items())), warnings=read.warnings,
                       timings={"read": round(t1 - t0, 3), "embed_and_write": round(t2 - t1, 3),
                                "chroma": round(t3 - t2, 3), "commit": round(t4 - t3, 3),
                                "texts_embedded": embedded})

    def _build_call(self, folder: Path, corpus, stage: Progress | None,
                    reuse: Path | None = None) -> tuple[dict, dict, int]:
        from collections import Counter

        from index.passages import passages_from_corpus

        embedder = self.embedder()
        if reuse is not None and self._same_embedder(reuse, embedder):
            embedder = ReusingEmbedder(embedder, stored_vectors(reuse))
        max_tokens = min(self.settings.max_passage_tokens, getattr(embedder, "max_tokens", 512) - 8)
        passages = passages_from_corpus(corpus, max_tokens, getattr(embedder, "count_tokens", None))
        if not any(p.citable for p in passages):
            raise LibraryError(f"{corpus.id}: no management passage to cite")
        save_corpus(corpus, folder / layout.CORPUS)
        _, counts, dim = write_passage_data(folder, passages, embedder, stage or (lambda *_: None))
        counts["routing_vectors"] = sum(1 for p in passages if p.citable for lang in ("zh", "en")
                                        if p.text(lang).strip())
        s = self.settings
        Manifest(transcripts=((corpus.id, hashlib.sha256((folder / layout.CORPUS).read_bytes()).hexdigest()),),
                 embedder=s.embedder, chunking={"max_passage_tokens": s.max_passage_tokens},
                 built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), counts=counts,
                 embedder_model=getattr(embedder, "model_name", ""), dim=dim).save(folder)
        roles = Counter(t.role for t in corpus.turns)
        embedded = embedder.embedded if isinstance(embedder, ReusingEmbedder) else counts["nodes"] + counts["sentences"]
        return counts, dict(roles), embedded

    def _same_embedder(self, folder: Path, embedder) -> bool:
        try:
            built = Manifest.load(folder)
        except (OSError, ValueError, KeyError, TypeError):
            return False
        return built.embedder == self.settings.embedder and \
            built.embedder_model == getattr(embedder, "model_name", "")

    # ---- refresh: re-read calls with the current reader ---------------------------------------------------
    def refresh(self, call_ids: Iterable[str] | None = None, dry_run: bool = False,
                progress: Callable[[int, int, str], None] | None = None) -> list[Outcome]:
        """Re-read each call's source file with the current transcript reader (speakers, titles, roles, turns,
        sentences) and rebuild the calls whose reading changed, reusing the stored vector of every text that did
        not change. A call keeps its id, company, ticker, period and date; a period (or name) the reader now reads
        differently is reported, not applied (the id names the period: remove the call and add it again). The one
        exception: a company name read where the earlier reader had only the ticker, or words of the call's title, is
        taken (the id is unchanged).
        ``dry_run`` only reports. Every call gets an outcome; one call's failure stops nothing."""
        from index.formats import FormatError, plausible_company, read_transcript, reader_fingerprint

        known = {c.id: c for c in self.calls()}
        wanted = list(dict.fromkeys(call_ids)) if call_ids else list(known)
        outcomes, same = [], []
        with self.lock():
            for n, call_id in enumerate(wanted):
                if progress:
                    progress(n, len(wanted), call_id)
                start = time.perf_counter()
                call = self.call(call_id) if call_id in known else None
                if call is None:
                    outcomes.append(Outcome("", "skipped", call_id,
                                            f"no call {call_id!r} in the library; see `callrag library list`"))
                    continue
                source = Path(call.source)
                try:
                    raw = source.read_bytes()
                except OSError:
                    outcomes.append(Outcome(call.source, "skipped", call_id,
                                            f"its source {source} is gone; it cannot be re-read (it is kept as "
                                            "it is)"))
                    continue
                if hashlib.sha256(raw).hexdigest() != call.source_sha256:
                    outcomes.append(Outcome(call.source, "skipped", call_id,
                                            f"its source {source} has changed since it was added; add it again "
                                            f"(`callrag library add {source} --id {call_id}`) to take the new text"))
                    continue
                identity = {"company": call.company, "ticker": call.ticker, "period": call.period,
                            "call_date": call.call_date}
                try:
                    fresh = read_transcript(source)
                    named = fresh.corpus.metadata.get("company")
                    if named and named != call.company and (call.company == call.ticker
                                                             or not plausible_company(call.company)):
                        identity["company"] = named  # a name where the earlier reader had only the ticker, or
                        # words of the call's title ("financial"): taken
                    read = read_transcript(source, identity)
                    stored = load_call_corpus(self, call_id)
                except (FormatError, CorpusError, OSError, ValueError) as exc:
                    outcomes.append(Outcome(call.source, "skipped", call_id, _one_line(str(exc))))
                    continue
                new = read.corpus.__class__(**{**{k: getattr(read.corpus, k) for k in
                                                  ("original_language", "metadata", "speakers", "turns",
                                                   "front_matter", "back_matter", "format")}, "id": call_id})
                changes = corpus_changes(stored, new)
                notes = tuple(f"the reader now reads {key} {fresh.corpus.metadata.get(key)!r} (kept: "
                              f"{identity[key]!r}; remove the call and add it again to take it)"
                              for key in ("company", "ticker", "period", "call_date")
                              if fresh.corpus.metadata.get(key) and identity[key]
                              and str(fresh.corpus.metadata.get(key)) != identity[key])
                if not changes:
                    outcomes.append(Outcome(call.source, "unchanged", call_id, "reads the same",
                                            round(time.perf_counter() - start, 3), notes))
                    if not dry_run and call.reader != reader_fingerprint():
                        same.append(call_id)
                    continue
                if dry_run:
                    outcomes.append(Outcome(call.source, "stale", call_id, "; ".join(changes),
                                            round(time.perf_counter() - start, 3), notes))
                    continue
                try:
                    done = self._add_one(source, identity, call_id, None, reuse=self.dir / call.dir, force=True)
                except (FormatError, CorpusError, LibraryError) as exc:
                    outcomes.append(Outcome(call.source, "skipped", call_id, _one_line(str(exc))))
                    continue
                outcomes.append(Outcome(call.source, "refreshed", call_id, "; ".join(changes),
                                        round(time.perf_counter() - start, 3), notes, done.timings))
            if same:  # read the same by this reader: say so, so that `library list` no longer counts them stale
                data = self._editable()
                for call_id in same:
                    if call_id in data["calls"]:
                        data["calls"][call_id]["reader"] = reader_fingerprint()
                self._commit(data)
            if progress:
                progress(len(wanted), len(wanted), "")
        return outcomes

    def read_by_earlier_reader(self) -> list[str]:
        """The calls another version of the transcript reader read (``refresh --dry-run`` says which differ)."""
        from index.formats import reader_fingerprint

        return [c.id for c in self.calls() if c.reader != reader_fingerprint()]

    def remove(self, call_id: str) -> Call:
        with self.lock():
            data = self._editable()
            if call_id not in data["calls"]:
                raise LibraryError(f"no call {call_id!r} in the library; see `callrag library list`")
            call = Call(**data["calls"].pop(call_id))
            write_atomic(self.dir / "pending.json", json.dumps({"call": call_id, "dir": ""}) + "\n")
            self._commit(data)
            self._sync_call(call_id, data)
            shutil.rmtree(self.dir / call.dir, ignore_errors=True)
            (self.dir / "pending.json").unlink(missing_ok=True)
            self._stores.pop(call_id, None)
            return call

    # ---- reading -----------------------------------------------------------------------------------------
    def store(self, call_id: str):
        """The call's ``IndexStore``, its files checked against the manifest on first open.

        Cached per call *folder*: when another process replaces the call (a new folder in the manifest), the next
        question opens the new folder (its BM25 memory-mapped afresh); the manifest is re-read only when its file
        changed (one ``stat`` per question)."""
        call = self.call(call_id)
        cached = self._stores.get(call_id)
        if cached is not None and cached[0] == call.dir:
            try:
                self._stores.move_to_end(call_id)
            except KeyError:  # closed meanwhile by another thread
                pass
            return cached[1]
        from index.store import IndexStore

        folder = self.dir / call.dir
        bad = damaged_files(folder, call.files)
        if bad:
            raise CallDamaged(call_id, bad)
        try:
            store = IndexStore(folder)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CallDamaged(call_id, ["its files"], f"unreadable: {exc}") from None
        self._stores[call_id] = (call.dir, store)
        while len(self._stores) > self.settings.open_calls:
            try:
                self._stores.popitem(last=False)
            except KeyError:
                break
        return store

    def repair(self, call_id: str) -> Outcome:
        """Re-ingest a damaged call from its source file (or its stored corpus when the source is gone)."""
        call = self.call(call_id)
        source = Path(call.source)
        if source.is_file() and hashlib.sha256(source.read_bytes()).hexdigest() == call.source_sha256:
            path = source
        else:
            stored = self.dir / call.dir / layout.CORPUS
            if damaged_files(self.dir / call.dir, {layout.CORPUS: call.files.get(layout.CORPUS, "")}):
                raise LibraryError(f"call {call_id!r} is damaged and its source {source} is gone or changed; "
                                   f"remove it (`callrag library remove {call_id}`) and add it again")
            path = stored
        overrides = {"company": call.company, "ticker": call.ticker, "period": call.period,
                     "call_date": call.call_date}
        with self.lock():
            data = self._editable()
            data["calls"][call_id]["source_sha256"] = "damaged"  # force a new folder
            self._commit(data)
            outcome = self._add_one(path, overrides, call_id, None)
        self._stores.pop(call_id, None)
        return outcome

    def verify(self) -> list[CallDamaged]:
        out = []
        for call in self.calls():
            bad = damaged_files(self.dir / call.dir, call.files)
            if bad:
                out.append(CallDamaged(call.id, bad))
        return out

    def route(self, query_vec, n_calls: int, fetch: int = 60) -> list[tuple[str, float]]:
        """The calls nearest the question: Chroma's nearest management vectors, unfiltered, grouped by call."""
        col = self.collection()
        if col.count() == 0:
            return []
        found = col.query(query_embeddings=[list(map(float, query_vec))], n_results=min(fetch, col.count()),
                          include=["metadatas", "distances"])
        committed = set(self._manifest()["calls"])
        best: dict[str, float] = {}
        for meta, dist in zip(found["metadatas"][0], found["distances"][0]):
            t = meta.get("transcript")
            if t in committed:
                best[t] = max(best.get(t, -1.0), 1.0 - float(dist))
        return sorted(best.items(), key=lambda x: -x[1])[:n_calls]


def corpus_changes(old, new) -> list[str]:
    """What a new reading of a call changes, in a few words ("2 speakers (title, role); 3 turns"), or [] when
    it reads the same. Metadata of the source file's reading (its ``source``) is left out."""
    out = []
    before, after = old.to_dict(), new.to_dict()
    for key in ("metadata",):
        a = {k: v for k, v in before[key].items() if k != "source"}
        b = {k: v for k, v in after[key].items() if k != "source"}
        if a != b:
            out.append("metadata (" + ", ".join(sorted(k for k in {**a, **b} if a.get(k) != b.get(k))) + ")")
    old_speakers = {s["name"]: s for s in before["speakers"]}
    new_speakers = {s["name"]: s for s in after["speakers"]}
    changed = [name for name in {**old_speakers, **new_speakers} if old_speakers.get(name) != new_speakers.get(name)]
    if changed:
        fields = sorted({k for name in changed for k in {**(old_speakers.get(name) or {}), **(new_speakers.get(name) or {})}
                         if (old_speakers.get(name) or {}).get(k) != (new_speakers.get(name) or {}).get(k)})
        out.append(f"{len(changed)} speaker(s) ({', '.join(fields)})")
    old_turns, new_turns = before["turns"], after["turns"]
    if len(old_turns) != len(new_turns):
        out.append(f"turns {len(old_turns)} -> {len(new_turns)}")
    else:
        differ = sum(1 for a, b in zip(old_turns, new_turns) if a != b)
        if differ:
            out.append(f"{differ} turn(s)")
    for key in sorted(k for k in {**before, **after} if k not in ("metadata", "speakers", "turns")):
        if before.get(key) != after.get(key):
            out.append(key.replace("_", " "))
    return out


def overrides_differ(call: dict, overrides: dict) -> bool:
    from index.formats import normalise_period

    for key, value in (overrides or {}).items():
        if value:
            value = normalise_period(value) if key == "period" else value
            if call.get(key) != value:
                return True
    return False


def _bundled_id(settings: Settings) -> str:
    try:
        return json.loads(settings.corpus_path.read_text(encoding="utf-8")).get("id", "")
    except (OSError, ValueError, AttributeError):
        return ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _upsert(col, ids, vectors, metas, batch: int = 2000) -> None:
    for start in range(0, len(ids), batch):
        col.upsert(ids=ids[start:start + batch], embeddings=vectors[start:start + batch],
                   metadatas=metas[start:start + batch])


def chroma_client(settings: Settings, path: Path):
    """The Chroma client: a server when ``CALLRAG_CHROMA_URL`` is set (checked on connect), else embedded in
    ``path`` (index/chroma.py)."""
    from index import chroma

    return chroma.client(settings.chroma_url.strip(), path)


def open_library_collection(settings: Settings, path: Path):
    from index import chroma

    return chroma.collection(settings.chroma_url.strip(), path, COLLECTION)


def load_call_corpus(library: Library, call_id: str):
    return load_corpus(library.dir / library.call(call_id).dir / layout.CORPUS)
