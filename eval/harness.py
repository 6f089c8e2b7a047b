"""A process harness for tests and benchmarks: ``callrag chat`` in a child process, on a free port.

It starts the command (``python -m callrag chat``) rather than importing the chat, so measuring the served
product needs nothing of ``ui``: eval measures what a user's request meets, through HTTP.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import time
import urllib.request
from typing import Iterator

from index.chroma import free_port  # a port nobody listens on (also used for the Chroma server)


@contextlib.contextmanager
def running_server(env: dict[str, str] | None = None, port: int | None = None,
                   timeout: float = 300) -> Iterator[str]:
    """``callrag chat`` in a child process on 127.0.0.1: yields its URL once it answers, stops it on exit.

    >>> with running_server() as url:  # doctest: +SKIP
    ...     urllib.request.urlopen(url).status
    200
    """
    from index.settings import ROOT

    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen([sys.executable, "-m", "callrag", "chat", "--port", str(port)], cwd=ROOT,
                                env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_up(url, proc, timeout, log)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_until_up(url: str, proc: subprocess.Popen, timeout: float, log) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            output = log.read().decode(errors="replace")[-3000:]
            raise RuntimeError(f"callrag chat exited with {proc.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(url + "/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"callrag chat did not answer at {url} within {timeout:.0f} s")
