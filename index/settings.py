"""All of callrag's settings in one place: constructor arguments, or ``CALLRAG_*`` environment variables.

Example:
    >>> Settings(data_dir="data").corpus_path.name
    'alibaba-2025q2.json'
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    return os.environ.get(f"CALLRAG_{name.upper()}", default)


@dataclass(frozen=True)
class Settings:
    """Where the data lives. Each field can be set as CALLRAG_<FIELD> (e.g. CALLRAG_CORPUS)."""

    data_dir: Path = field(default_factory=lambda: Path(_env("data_dir", str(_ROOT / "data"))))
    corpus: str = field(default_factory=lambda: _env("corpus", "alibaba-2025q2.json"))

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir))

    @property
    def corpus_path(self) -> Path:
        path = Path(self.corpus)
        return path if path.is_absolute() else self.data_dir / path

    def describe(self) -> dict[str, str]:
        return {f.name: str(getattr(self, f.name)) for f in fields(self)}
