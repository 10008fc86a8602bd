# Every target installs what it needs: a fresh machine needs only Python 3.11 and pip.
PYTHON ?= python3
UV := $(PYTHON) -m uv
OUT ?= out

.PHONY: help setup demo test lint pytest bench clean

help:
	@echo "make demo   - generate a synthetic council and run cpmonitor on it"
	@echo "make test   - lint (ruff) and run the test suite (pytest)"
	@echo "make bench  - run the performance benchmarks in perf/"

.uv-installed:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	@touch $@

.venv/.synced: .uv-installed pyproject.toml uv.lock
	$(UV) sync --frozen --all-groups
	@touch $@

setup: .venv/.synced

demo: setup
	$(UV) run --frozen cpmonitor demo --out $(OUT)

lint: setup
	$(UV) run --frozen ruff check src tests perf
	$(UV) run --frozen ruff format --check src tests perf

pytest: setup
	$(UV) run --frozen pytest $(PYTEST_ARGS)

test: lint pytest

bench: setup
	$(UV) run --frozen python -m perf

clean:
	rm -rf .venv .uv-installed $(OUT) .pytest_cache .ruff_cache
