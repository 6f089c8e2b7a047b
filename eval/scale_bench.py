"""``callrag bench --library DIR --sizes 1,10,100``: how latency, memory and disk grow with the library.

For each size N, a library of the first N calls of DIR (in the order they were added) is made by copying their
folders (passages, node vectors, BM25, sentence vectors: everything ingest computed) and restoring Chroma from the
calls' own vectors (``Library.repair_vectors``: no embedding). Each library is measured twice, Chroma embedded
and on a ``chroma run`` server. DIR itself is only read (never opened as a ``Library``, which may repair).

Per size and mode:
- ``ingest_s_per_call``: from the source library's ingest log (``--ingest-log``, JSON lines with ``call``,
  ``seconds``, ``embed_s``): embedding dominates and does not depend on N (docs/library.md); ``store_s_per_call``
  is measured here: the Chroma upsert of the N calls' vectors, divided by N;
- ``ask_ms`` scoped (``call=``) and unscoped (routed through Chroma), p50/p95, in a fresh worker process, warm
  (every call's files opened), query-embedding cache cleared before timing;
- ``worker_rss_mb``: that worker's resident memory after the questions (and its peak);
- ``disk_mb_per_call``: the calls' folders plus the Chroma store, divided by N;
- ``vectors``: the Chroma collection's count.

``--simulate M`` adds a SIMULATED point: M random unit 384-d vectors with the library's metadata layout
(``transcript``, ``lang``; ~460 vectors a call) inserted into a Chroma server (stopped after 15 minutes of
inserting: the count reached is reported), then the routing query (nearest 60, unfiltered) and the rejected
alternative, a ``where`` filter on one call, are timed.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

from index import layout
from index.settings import ROOT, Settings

QUESTIONS = [
    "What was revenue growth this quarter?",
    "How did gross margin change compared with last year?",
    "What is the outlook for the full year?",
    "What are the capital expenditure plans?",
    "How is the company managing supply chain pressure?",
    "What drove the change in operating margin?",
    "How much cash was returned to shareholders?",
    "What did management say about pricing and inflation?",
    "How are new stores or new products performing?",
    "What is the guidance for next quarter's earnings per share?",
    "How is demand trending across segments?",
    "What are the main cost pressures?",
    "How much debt does the company have and what is the leverage target?",
    "What did management say about acquisitions?",
    "How is the digital or e-commerce business growing?",
    "What is the free cash flow for the year?",
    "How many employees were hired, and what about labor costs?",
    "What are the priorities for capital allocation?",
    "How did the company perform against its own expectations?",
    "What risks did management highlight for next year?",
]
SIM_VECTORS_PER_CALL = 66  # routing vectors per call in Chroma: the median of the source library's calls (measured)
SIM_MAX_SECONDS = 15 * 60


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _stats(values: list[float]) -> dict:
    return {"p50": round(statistics.median(values), 1), "p95": round(_percentile(values, 0.95), 1), "n": len(values)}


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) if Path(path).exists() else 0


def source_calls(source: Path) -> list[dict]:
    data = json.loads((Path(source) / "library.json").read_text(encoding="utf-8"))
    return sorted(data["calls"].values(), key=lambda c: c["added_at"])


def replicated(calls: list[dict], n: int) -> list[dict]:
    """``n`` calls: the real ones, then copies of them under new ids (``<id>-rK``), marked ``replica_of``."""
    out = list(calls[:n])
    k = 2
    while len(out) < n:
        for call in calls:
            if len(out) == n:
                break
            new = f"{call['id']}-r{k}"
            out.append({**call, "id": new, "dir": f"calls/{new}.{call['dir'].split('.')[-1]}", "replica_of": call["id"]})
        k += 1
    return out


def _copy_call(source: Path, call: dict, target: Path) -> dict:
    """Copy one call's folder; a replica gets its own id in its passages (and so its own Chroma ids)."""
    from index.build import checksums

    original = call.get("replica_of")
    src = Path(source) / (call["dir"] if not original else call["source_dir"])
    dest = target / call["dir"]
    shutil.copytree(src, dest)
    if not original:
        return {k: v for k, v in call.items() if k != "replica_of"}
    lines = []
    for line in (dest / layout.PASSAGES).read_text(encoding="utf-8").splitlines():
        if line.strip():
            p = json.loads(line)
            p["id"] = call["id"] + p["id"][len(original):]
            p["transcript"] = call["id"]
            lines.append(json.dumps(p, ensure_ascii=False))
    (dest / layout.PASSAGES).write_text("\n".join(lines) + "\n", encoding="utf-8")
    record = {k: v for k, v in call.items() if k not in ("source_dir", "replica_of")}
    record["files"] = checksums(dest, skip=())
    record["files"].pop("call.json", None)
    (dest / "call.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return record


def make_library(source: Path, calls: list[dict], target: Path) -> None:
    """A library of ``calls`` at ``target``: their folders copied from ``source``, a fresh manifest; no vectors
    in Chroma yet."""
    shutil.rmtree(target, ignore_errors=True)
    (target / "calls").mkdir(parents=True)
    by_id = {c["id"]: c for c in calls if not c.get("replica_of")}
    calls = [_copy_call(source, {**c, "source_dir": by_id[c["replica_of"]]["dir"]} if c.get("replica_of") else c,
                        target) for c in calls]
    manifest = {"format": "callrag-library/1", "version": 1, "calls": {c["id"]: c for c in calls}}
    (target / "library.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def ingest_seconds(log: str | None, call_ids: list[str]) -> dict:
    if not log or not Path(log).exists():
        return {}
    records = {}
    for line in Path(log).read_text(encoding="utf-8").splitlines():
        try:
            r = json.loads(line)
        except ValueError:
            continue
        if r.get("status") in ("added", "replaced") and r.get("call"):
            records[r["call"]] = r
    found = [records[c] for c in call_ids if c in records]
    if not found:
        return {}
    return {"seconds_p50": round(statistics.median(r["seconds"] for r in found), 2),
            "embed_s_p50": round(statistics.median(r.get("embed_s", r["seconds"]) for r in found), 2),
            "cpu_s_p50": round(statistics.median(r.get("cpu", 0.0) for r in found), 2),
            "texts_embedded_p50": statistics.median(r.get("embedded", 0) for r in found), "calls": len(found)}


def worker(library: str, chroma_url: str, index_dir: str, asks: int = 40) -> dict:
    """One worker process: a warm pipeline over the library, scoped and unscoped questions timed."""
    from index.build import open_index
    from rag.pipeline import Pipeline

    settings = replace(Settings(), library_dir=Path(library), chroma_url=chroma_url,
                       index_dir=Path(index_dir) if index_dir else Settings().index_dir)
    p = Pipeline(settings, announce=lambda m: None, open_store=open_index)
    p.ask("What is the capex plan?")
    ids = [c.id for c in p.library.calls()]
    from rag.viewbook import call_book, document_frequencies

    for cid in ids:  # a warm worker: every call's files open, its facts book's per-call parts computed
        store = p.library.store(cid).warm()
        _ = call_book(store).terms_in_calls, document_frequencies(store)
    for q in QUESTIONS[:3]:
        p.ask(q)
    p.embedder._batcher._cache.clear() if p.embedder._batcher else None
    rng = random.Random(0)
    scoped, unscoped = [], []
    for i in range(asks):
        q = QUESTIONS[i % len(QUESTIONS)]
        call = rng.choice(ids)
        t = time.perf_counter()
        p.ask(q, call=call)
        scoped.append((time.perf_counter() - t) * 1000)
    p.embedder._batcher._cache.clear() if p.embedder._batcher else None
    for i in range(asks):
        q = QUESTIONS[(i + 7) % len(QUESTIONS)]
        t = time.perf_counter()
        p.ask(q)
        unscoped.append((time.perf_counter() - t) * 1000)
    status = {line.split(":")[0]: int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines()
              if line.startswith(("VmRSS", "VmHWM"))}
    return {"scoped_ms": _stats(scoped), "unscoped_ms": _stats(unscoped),
            "worker_rss_mb": round(status["VmRSS"] / 1024), "worker_peak_rss_mb": round(status["VmHWM"] / 1024),
            "calls": len(ids)}


def _run_worker(library: Path, chroma_url: str, index_dir: Path | None) -> dict:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    out = subprocess.run([sys.executable, "-m", "eval.scale_bench", "worker", str(library), chroma_url,
                          str(index_dir or "")], cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"scale bench worker failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_scale_bench(source: str, sizes: list[int], out: str = "var/scale", ingest_log: str | None = None,
                    simulate: int = 0, announce: Callable[[str], None] = print, replicate: bool = False) -> dict:
    from eval.bench import _machine, load_average
    from index.build import ensure_index
    from index.chroma import RunningServer
    from index.library import Library

    source, out_dir = Path(source).resolve(), Path(out).resolve()
    if out_dir == source or source in out_dir.parents:
        raise ValueError("--out must not be inside the source library")
    calls = source_calls(source)
    wanted = sorted(set(sizes))
    if wanted[-1] > len(calls) and not replicate:
        announce(f"bench: the source library has {len(calls)} calls; sizes above that are measured at {len(calls)}")
        wanted = sorted({min(n, len(calls)) for n in wanted})
    elif wanted[-1] > len(calls):
        announce(f"bench: the source library has {len(calls)} calls; larger sizes are REPLICATED: the real calls "
                 "copied under new ids")
    out_dir.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": _machine(), "source": str(source), "sizes": [], "load_average_start": load_average()}
    with RunningServer(out_dir / "chroma-server") as server:
        server_index = out_dir / "index-server"
        ensure_index(replace(Settings(), index_dir=server_index, chroma_url=server.url), announce=announce)
        for n in wanted:
            chosen = replicated(calls, n)
            real = [c for c in chosen if not c.get("replica_of")]
            row = {"calls": n, "real_calls": len(real), "replicated_calls": n - len(real),
                   "ingest": ingest_seconds(ingest_log, [c["id"] for c in real]),
                   "passages": sum(c["counts"].get("passages", 0) for c in chosen)}
            for mode in ("embedded", "server"):
                lib_dir = out_dir / f"lib-{n}-{mode}"
                url = server.url if mode == "server" else ""
                announce(f"bench: {n} calls, Chroma {mode} ...")
                make_library(source, chosen, lib_dir)
                settings = replace(Settings(), library_dir=lib_dir, chroma_url=url)
                lib = Library(settings, announce=lambda m: None)
                if mode == "server":
                    from index import chroma

                    chroma.drop(url, lib_dir / "chroma", "library")  # the previous size's vectors
                    lib = Library(settings, announce=lambda m: None)
                t = time.perf_counter()
                lib.repair_vectors()
                store_s = time.perf_counter() - t
                vectors = lib.collection().count()
                load = load_average()
                measured = _run_worker(lib_dir, url, server_index if mode == "server" else None)
                calls_bytes = _du(lib_dir / "calls")
                chroma_bytes = _du(lib_dir / "chroma") if mode == "embedded" else _du(server.path)
                row[mode] = {**measured, "store_s_per_call": round(store_s / n, 3), "vectors": vectors,
                             "disk_mb_per_call": round((calls_bytes + chroma_bytes) / n / 2**20, 2),
                             "calls_folder_mb_per_call": round(calls_bytes / n / 2**20, 2),
                             "chroma_mb": round(chroma_bytes / 2**20, 1), "load_average": load}
                if mode == "server":
                    row[mode]["chroma_server_rss_mb"] = round(server.rss_mb())
                announce(f"bench: {n} calls {mode}: {json.dumps(row[mode])}")
            results["sizes"].append(row)
            (out_dir / "scale.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if simulate:
        results["simulated"] = simulate_point(simulate, out_dir / "chroma-sim", announce)
    results["load_average_end"] = load_average()
    (out_dir / "scale.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    chart(results, out_dir / "scaling.png")
    return results


def simulate_point(total: int, path: Path, announce: Callable[[str], None] = print, queries: int = 30) -> dict:
    """SIMULATED: ``total`` random unit 384-d vectors with the library's metadata layout in a Chroma server;
    routing (nearest 60, unfiltered) and a one-call ``where`` filter timed."""
    import numpy as np

    from eval.bench import load_average
    from index import chroma
    from index.chroma import RunningServer

    shutil.rmtree(path, ignore_errors=True)
    rng = np.random.default_rng(0)
    with RunningServer(path) as server:
        col = chroma.collection(server.url, path, "library")
        started, inserted, batch = time.perf_counter(), 0, 5000
        while inserted < total and time.perf_counter() - started < SIM_MAX_SECONDS:
            n = min(batch, total - inserted)
            vecs = rng.standard_normal((n, 384)).astype(np.float32)
            vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
            ids = [f"sim-{i}" for i in range(inserted, inserted + n)]
            metas = [{"transcript": f"sim-{i // SIM_VECTORS_PER_CALL:06d}", "lang": ("zh", "en")[i % 2]}
                     for i in range(inserted, inserted + n)]
            col.upsert(ids=ids, embeddings=vecs, metadatas=metas)
            inserted += n
            if inserted % 100_000 < batch:
                announce(f"bench: simulated {inserted:,} vectors in {time.perf_counter() - started:.0f} s")
        insert_s = time.perf_counter() - started
        count = col.count()
        load = load_average()
        qs = rng.standard_normal((queries, 384)).astype(np.float32)
        qs /= np.linalg.norm(qs, axis=1, keepdims=True)
        col.query(query_embeddings=[qs[0].tolist()], n_results=60, include=["metadatas", "distances"])  # warm
        route, where = [], []
        for q in qs:
            t = time.perf_counter()
            col.query(query_embeddings=[q.tolist()], n_results=60, include=["metadatas", "distances"])
            route.append((time.perf_counter() - t) * 1000)
        for i, q in enumerate(qs[:10]):
            call = f"sim-{(i * 997) % max(1, count // SIM_VECTORS_PER_CALL):06d}"
            t = time.perf_counter()
            col.query(query_embeddings=[q.tolist()], n_results=10, where={"transcript": call}, include=["distances"])
            where.append((time.perf_counter() - t) * 1000)
        return {"SIMULATED": True, "vectors": count, "requested": total, "calls_equivalent": count // SIM_VECTORS_PER_CALL,
                "insert_s": round(insert_s, 1), "insert_vectors_per_s": round(count / insert_s),
                "route_query_ms": _stats(route), "where_one_call_ms": _stats(where),
                "server_rss_mb": round(server.rss_mb()), "disk_mb": round(_du(path) / 2**20, 1), "load_average": load}


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "worker":
        print(json.dumps(worker(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "",
                                sys.argv[4] if len(sys.argv) > 4 else "")))


def chart(results: dict, path: Path) -> None:
    """Ask latency (p50, scoped and unscoped), worker RSS and disk per call against library size, Chroma embedded
    and on a server, side by side; replicated sizes drawn hollow."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = results["sizes"]
    x = [r["calls"] for r in rows]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    styles = {"embedded": ("tab:blue", "o"), "server": ("tab:orange", "s")}
    for mode, (colour, marker) in styles.items():
        for kind, dash in (("scoped_ms", "-"), ("unscoped_ms", "--")):
            axes[0].plot(x, [r[mode][kind]["p50"] for r in rows], dash, color=colour, marker=marker,
                         label=f"{mode}, {kind.split('_')[0]}")
        axes[1].plot(x, [r[mode]["worker_rss_mb"] for r in rows], "-", color=colour, marker=marker, label=mode)
        axes[2].plot(x, [r[mode]["disk_mb_per_call"] for r in rows], "-", color=colour, marker=marker, label=mode)
    for r in rows:
        if r.get("replicated_calls"):
            for ax in axes:
                ax.axvline(r["calls"], color="grey", lw=0.6, ls=":")
    axes[0].set(title="ask p50 (ms), warm worker", xlabel="calls in the library", xscale="log")
    axes[0].axhline(100, color="grey", lw=0.6)
    axes[0].axhline(150, color="grey", lw=0.6, ls="--")
    axes[1].set(title="worker RSS (MB)", xlabel="calls in the library", xscale="log")
    axes[2].set(title="disk per call (MB)", xlabel="calls in the library", xscale="log")
    for ax in axes:
        ax.legend(fontsize=7)
        ax.grid(alpha=0.3)
    note = "dotted line: size reached by replicating real calls" if any(r.get("replicated_calls") for r in rows) else ""
    fig.suptitle(f"callrag scale bench ({results['machine']}){' - ' + note if note else ''}", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def markdown(results: dict) -> str:
    """The measured table of docs/scaling.md."""
    lines = ["| calls (real + replicated) | mode | vectors in Chroma | scoped ask p50 / p95 | unscoped ask p50 / p95 | "
             "worker RSS | disk per call | Chroma upsert per call | load avg |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results["sizes"]:
        for mode in ("embedded", "server"):
            m = r[mode]
            calls = f"{r['calls']} ({r['real_calls']} + {r['replicated_calls']})" if r.get("replicated_calls") \
                else str(r["calls"])
            rss = f"{m['worker_rss_mb']} MB" + (f" (+ server {m['chroma_server_rss_mb']} MB)" if mode == "server" else "")
            lines.append(f"| {calls} | {mode} | {m['vectors']:,} | {m['scoped_ms']['p50']:.0f} / {m['scoped_ms']['p95']:.0f} ms"
                         f" | {m['unscoped_ms']['p50']:.0f} / {m['unscoped_ms']['p95']:.0f} ms | {rss} | "
                         f"{m['disk_mb_per_call']:.2f} MB | {m['store_s_per_call'] * 1000:.0f} ms | "
                         f"{m['load_average'][0]:.1f} |")
    return "\n".join(lines)
