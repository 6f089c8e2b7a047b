"""The layering is a contract (pyproject.toml, [tool.importlinter]), checked by import-linter on every test run.

The second test breaks the layering on purpose, in a copy of the packages, and shows the contract catches it:
a contract that cannot fail would prove nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("callrag", "index", "rag", "ui", "eval")


def lint(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_import_contracts_hold():
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "2 kept, 0 broken" in done.stdout


def test_an_import_against_the_flow_breaks_the_contract(tmp_path):
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "index" / "store.py").open("a", encoding="utf-8") as f:
        f.write("\n\ndef _against_the_flow():\n    from ui.format import question_html  # index must not import ui\n")
    with (tmp_path / "rag" / "answer.py").open("a", encoding="utf-8") as f:
        f.write("\n\ndef _writer():\n    from index.build import ensure_index  # rag reads, never writes\n")
    done = lint(tmp_path)
    assert done.returncode != 0
    assert "index.store -> ui.format" in done.stdout and "rag.answer -> index.build" in done.stdout
