"""The Chroma store: embedded in a folder (the default) or a Chroma server (``CALLRAG_CHROMA_URL``).

Both the bundled index and the library reach Chroma only through ``client()`` here. With a server the client is
``chromadb.HttpClient``; before it is created the server is asked for its heartbeat and version (one short HTTP
request each), so an unreachable server or one of another major version is a one-line ``ChromaServerError``
naming the URL and what to do, not a stack trace on the first question.

Telemetry is off on the client (``anonymized_telemetry=False``); ``server_command`` starts a server with it off too.
Collections are always created with ``embedding_function=None``: callrag computes every embedding and passes it,
so Chroma's default embedding function (which would download a model) is never configured, on either side.

Example:
    >>> parse_url("http://127.0.0.1:8000")
    ('http', '127.0.0.1', 8000)
    >>> compatible("1.0.0", "1.5.9"), compatible("0.6.3", "1.5.9")
    (True, False)
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from index import layout
from index.errors import CallragError

CONNECT_SECONDS = 3.0  # the heartbeat and version requests; a server that does not answer in this is unreachable
SPACE = {"hnsw": {"space": "cosine"}}
_clients: dict[str, object] = {}  # one client per server URL or folder, per process
_lock = threading.Lock()


class ChromaServerError(RuntimeError, CallragError):
    """The Chroma server cannot be used: unreachable, not Chroma, or another major version. One line."""

    exit_code = 1  # not the user's input: the server (or the network to it) has to be fixed


def parse_url(url: str) -> tuple[str, str, int]:
    """``http(s)://host:port`` -> (scheme, host, port); anything else is a ``ChromaServerError``."""
    parsed = urlparse(url.strip())
    try:
        port = parsed.port
    except ValueError:
        port = -1
    if parsed.scheme not in ("http", "https") or not parsed.hostname or port == -1 or \
            parsed.path not in ("", "/") or parsed.query:
        raise ChromaServerError(f"CALLRAG_CHROMA_URL={url!r} is not valid: expected http://host:port of a Chroma "
                                "server (e.g. http://127.0.0.1:8000), or leave it unset for the embedded store")
    return parsed.scheme, parsed.hostname, port or (443 if parsed.scheme == "https" else 8000)


def compatible(server: str, client: str) -> bool:
    """A server speaks this client's API when their major versions agree (Chroma 1.x servers report the API
    version, e.g. "1.0.0", whatever the wheel's version)."""
    try:
        return int(server.split(".")[0]) == int(client.split(".")[0])
    except ValueError:
        return False


def _get(url: str, path: str) -> object:
    with urllib.request.urlopen(url.rstrip("/") + path, timeout=CONNECT_SECONDS) as response:
        return json.loads(response.read().decode("utf-8"))


def check_server(url: str) -> str:
    """The server's version, after checking that it answers and speaks this client's API."""
    import chromadb

    scheme, host, port = parse_url(url)
    base = f"{scheme}://{host}:{port}"
    start = (f"start one with `chroma run --host {host} --port {port} --path DIR` (from this virtualenv), "
             "or unset CALLRAG_CHROMA_URL to use the embedded store")
    try:
        _get(base, "/api/v2/heartbeat")
    except urllib.error.HTTPError as exc:
        raise ChromaServerError(
            f"the server at {url} is not a Chroma 1.x server (GET /api/v2/heartbeat answered HTTP {exc.code}); "
            f"point CALLRAG_CHROMA_URL at a Chroma {chromadb.__version__.split('.')[0]}.x server, or {start}") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise ChromaServerError(f"cannot reach the Chroma server at {url} ({reason}); {start}") from None
    try:
        version = str(_get(base, "/api/v2/version"))
    except (OSError, ValueError) as exc:
        raise ChromaServerError(f"the Chroma server at {url} did not give its version ({exc}); it is not a "
                                f"Chroma 1.x server: {start}") from None
    if not compatible(version, chromadb.__version__):
        raise ChromaServerError(
            f"the Chroma server at {url} runs version {version}, this callrag's client is chromadb "
            f"{chromadb.__version__} (needs a {chromadb.__version__.split('.')[0]}.x server): upgrade the server "
            f"(pip install 'chromadb>=1.5,<2', then `chroma run`), or {start}")
    return version


def client(url: str, path: Path):
    """The Chroma client: a server when ``url`` is given (checked once per process), else embedded in ``path``
    (Chroma shares one system per folder itself). Chroma's clients are thread-safe."""
    import chromadb

    settings = chromadb.Settings(anonymized_telemetry=False)
    if not url:
        Path(path).mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=settings)
    key = url.strip()
    with _lock:
        if key not in _clients:
            scheme, host, port = parse_url(key)
            check_server(key)
            _clients[key] = chromadb.HttpClient(host=host, port=port, ssl=scheme == "https", settings=settings)
        return _clients[key]


def collection(url: str, path: Path, name: str, create: bool = True):
    """A collection of callrag's vectors (cosine space, no embedding function)."""
    c = client(url, path)
    if create:
        return c.get_or_create_collection(name, embedding_function=None, configuration=SPACE)
    return c.get_collection(name, embedding_function=None)


def drop(url: str, path: Path, name: str) -> None:
    """Delete a collection if it exists (a pruned build's vectors on a server)."""
    try:
        client(url, path).delete_collection(name)
    except Exception:  # noqa: BLE001 - absent already, or the server is gone: nothing to delete then
        pass


def server_command(path: Path, port: int, host: str = "127.0.0.1") -> tuple[list[str], dict[str, str]]:
    """The command and environment that run a Chroma server from this virtualenv, telemetry off."""
    import os
    import sys

    chroma = Path(sys.executable).parent / "chroma"
    return ([str(chroma), "run", "--path", str(path), "--host", host, "--port", str(port)],
            {**os.environ, "ANONYMIZED_TELEMETRY": "False"})


def free_port(host: str = "127.0.0.1") -> int:
    import socket

    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class RunningServer:
    """A ``chroma run`` child process (for tests and ``callrag bench``): its URL, pid and log."""

    def __init__(self, path: Path, port: int | None = None, host: str = "127.0.0.1"):
        self.path, self.host, self.port = Path(path), host, port or free_port(host)
        self.url = f"http://{host}:{self.port}"
        self.proc = None
        self.log = None

    def start(self, timeout: float = 60.0) -> "RunningServer":
        """Start the server and wait for its heartbeat, at most ``timeout`` seconds."""
        import subprocess
        import tempfile
        import time

        command, env = server_command(self.path, self.port, self.host)
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ChromaServerError(f"`chroma run` exited with {self.proc.returncode} before answering at "
                                        f"{self.url}: {self.output()[-500:]!r}")
            try:
                _get(self.url, "/api/v2/heartbeat")
                return self
            except (OSError, ValueError):
                time.sleep(0.1)
        self.stop()
        raise ChromaServerError(f"`chroma run` did not answer at {self.url} within {timeout:.0f} s")

    def output(self) -> str:
        if self.log is None:
            return ""
        self.log.seek(0)
        return self.log.read().decode("utf-8", errors="replace")

    @property
    def pid(self) -> int:
        return self.proc.pid if self.proc else 0

    def rss_mb(self) -> float:
        """The server's resident memory now (Linux /proc), in MB."""
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def stop(self) -> None:
        """Stop the server by its pid (SIGTERM, then SIGKILL after 10 s)."""
        import subprocess

        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        with _lock:  # a client of a stopped server must not be reused
            _clients.pop(self.url, None)
        if self.log is not None:
            self.log.close()
            self.log = None

    def __enter__(self) -> "RunningServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# ---- the bundled index's collection (written by index/build.py, read by index/store.py) ----------------

COLLECTION = "passages"


def collection_name(index_dir: Path, url: str = "") -> str:
    """``passages`` in the index's own ``chroma/`` folder; on a server, where every build shares one store,
    ``passages-<build>`` (the build folder's name, without ``.partial``)."""
    if not url:
        return COLLECTION
    return f"{COLLECTION}-{Path(index_dir).name.removesuffix('.partial')}"


def open_collection(index_dir: Path, create: bool = False, url: str | None = None):
    """The Chroma collection of an index's passage vectors, reached only through Chroma's client
    (``client``): embedded in ``<index>/chroma``, or on the server the index was built into."""
    index_dir = Path(index_dir)
    if index_dir.name == layout.CHROMA:  # the store folder given (older callers)
        index_dir = index_dir.parent
    if url is None:
        try:
            from index.manifest import Manifest

            url = Manifest.load(index_dir).store
        except (OSError, ValueError, KeyError, TypeError):
            url = ""
    (index_dir / layout.CHROMA).mkdir(parents=True, exist_ok=True)  # the layout is the same in both modes
    name = collection_name(index_dir, url)
    if create:
        drop(url, index_dir / layout.CHROMA, name) if url else None
        return client(url, index_dir / layout.CHROMA).create_collection(name, embedding_function=None, configuration=SPACE)
    return collection(url, index_dir / layout.CHROMA, name, create=False)
