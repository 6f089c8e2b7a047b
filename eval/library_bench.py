"""Is adding a call to a big library as cheap as adding it to an empty one? Add the same call to a library of
one call and to a library of many, alternately, and compare each step's time (medians).

    python -m eval.library_bench --big var/library --call ../shared/transcripts/earnings-calls-en/BCO_q1_2021.txt
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from dataclasses import replace
from pathlib import Path


def measure(big: Path, call: Path, seed: Path, repeats: int = 2) -> dict:
    from index.library import Library
    from index.settings import Settings

    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        small = Library(replace(Settings(), library_dir=Path(tmp) / "lib"), announce=lambda m: None)
        small.add([str(seed)])
        large = Library(replace(Settings(), library_dir=big), announce=lambda m: None)
        for name, lib in (("small", small), ("large", large)):
            out[name] = {"calls_before": len(lib.calls()), "runs": []}
        for _ in range(repeats):
            for name, lib in (("small", small), ("large", large)):
                [o] = lib.add([str(call)], call_id="bench-probe")
                assert o.status == "added", o
                out[name]["runs"].append({"seconds": o.seconds, **o.timings})
                lib.remove("bench-probe")
    for name in ("small", "large"):
        runs = out[name]["runs"]
        out[name]["median"] = {k: round(statistics.median(r[k] for r in runs), 3) for k in runs[0]}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--big", required=True, type=Path)
    ap.add_argument("--call", required=True, type=Path)
    ap.add_argument("--seed", required=True, type=Path, help="the one call of the small library")
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args()
    print(json.dumps(measure(args.big, args.call, args.seed, args.repeats), indent=1))


if __name__ == "__main__":
    main()
