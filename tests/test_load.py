"""A bounded load test of ``POST /api/ask`` on 127.0.0.1 (its own tier, never in `make test`: ``pytest -m load tests/test_load.py -s``).

Three rounds, each 50 requests at once and then 200 one after another, against a real ``callrag chat`` server.
Every request must succeed, and the server's resident memory must not grow by half from the first round to the
last (a leak would). Latency is printed, not asserted: speed is the benchmark's job (``callrag bench``).
"""

import json
import os
import statistics
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import pytest

from eval.harness import running_server

QUESTIONS = ["What is the capex plan?", "资本开支计划是什么？", "How fast did the cloud business grow?",
             "淘寶閃購的騎手數量是多少？", "What did management say about AI chips supply?", "云业务的利润率是多少？",
             "What was Lazada's GMV this quarter?", "How many delivery riders does quick commerce have?"]
CONCURRENT, SEQUENTIAL, ROUNDS = 50, 200, 3


def server_pid(url: str) -> int:
    """The ``callrag chat`` child process serving ``url``."""
    port = str(urlparse(url).port)
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if b"chat" in argv and port.encode() in argv and int(stat[1]) == os.getpid():
            return int(proc.name)
    raise AssertionError(f"no callrag chat process for {url}")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def ask(url: str, i: int) -> tuple[int, float]:
    body = json.dumps({"question": QUESTIONS[i % len(QUESTIONS)], "k": 1 + i % 5}).encode()
    request = urllib.request.Request(url + "/api/ask", data=body, headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            json.load(response)
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = 0
    return status, (time.perf_counter() - start) * 1000


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


@pytest.mark.load
def test_bounded_load(built):
    env = {**os.environ, "CALLRAG_INDEX_DIR": str(built.index_dir), "CALLRAG_CORPORA_DIR": str(built.corpora_dir)}
    with running_server(env=env) as url:
        pid = server_pid(url)
        rss = [rss_mb(pid)]
        failures = []
        for round_ in range(1, ROUNDS + 1):
            with ThreadPoolExecutor(CONCURRENT) as pool:
                burst = list(pool.map(lambda i: ask(url, i), range(CONCURRENT)))
            serial = [ask(url, i) for i in range(SEQUENTIAL)]
            rss.append(rss_mb(pid))
            failures += [s for s, _ in burst + serial if s != 200]
            b, s = [ms for _, ms in burst], [ms for _, ms in serial]
            print(f"round {round_}: {CONCURRENT} concurrent p50 {statistics.median(b):.0f} ms, "
                  f"p95 {percentile(b, 95):.0f} ms; {SEQUENTIAL} sequential p50 {statistics.median(s):.0f} ms, "
                  f"p95 {percentile(s, 95):.0f} ms; server RSS {rss[-1]:.0f} MB")
        print(f"server RSS before the load {rss[0]:.0f} MB; after each round "
              + ", ".join(f"{r:.0f}" for r in rss[1:]) + " MB")
    assert failures == []
    assert rss[-1] < 1.5 * rss[1], f"RSS grew from {rss[1]:.0f} MB to {rss[-1]:.0f} MB over {ROUNDS} rounds"
