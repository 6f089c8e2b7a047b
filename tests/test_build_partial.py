"""A build killed half-way leaves a ``.partial`` folder; the next build removes it at its start. A lock held by
the building process tells a live build from a dead one (the system releases it when the process dies)."""

import os
import signal
import subprocess
import sys
import time

from index.build import _hold_lock, _lock_path, build, remove_dead_builds

# A build that has written part of its index and then waits, to be killed there.
KILLED_BUILD = """
import sys, time
import index.build
from index.settings import Settings

def stalled(target, *args):
    target.mkdir(parents=True)
    (target / "passages.jsonl").write_text("half", encoding="utf-8")
    print("started", flush=True)
    time.sleep(600)

index.build._build_into = stalled
index.build.build(Settings(data_dir=sys.argv[1], corpus=sys.argv[2], index_dir=sys.argv[3], corpora_dir=sys.argv[4]))
"""


def builds_of(tiny):
    return tiny.index_dir.parent / f"{tiny.index_dir.name}.builds"


def test_the_next_build_removes_what_a_killed_build_left(tiny):
    args = [str(tiny.data_dir), str(tiny.corpus_path), str(tiny.index_dir), str(tiny.corpora_dir)]
    proc = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, *args], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "started"
        left = list(builds_of(tiny).glob("*.partial"))
        assert len(left) == 1 and remove_dead_builds(builds_of(tiny)) == []  # alive: left alone
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert left[0].exists()  # what a killed build leaves; before, it stayed for up to an hour
    build(tiny)
    entries = sorted(p.name for p in builds_of(tiny).iterdir())
    assert not [e for e in entries if e.endswith((".partial", ".lock"))], entries
    assert tiny.index_dir.resolve().parent == builds_of(tiny)


def test_a_live_build_is_left_alone(tmp_path):
    builds = tmp_path / "index.builds"
    live, dead, old = builds / "1-live.partial", builds / "2-dead.partial", builds / "3-old.partial"
    for d in (live, dead, old):
        d.mkdir(parents=True)
    lock = _hold_lock(_lock_path(live))  # this process is building it
    _lock_path(dead).write_text("")  # nobody holds it: its process died
    # no lock file at all (a build by a version before locks): dead once an hour old
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    try:
        assert remove_dead_builds(builds) == ["2-dead.partial", "3-old.partial"]
        assert live.exists() and not dead.exists() and not old.exists() and not _lock_path(dead).exists()
    finally:
        lock.close()
    assert remove_dead_builds(builds) == ["1-live.partial"]  # its lock released: dead
