# Rectify: `make run` serves the app with demo data, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export RECTIFY_ENV ?= development
FLASK := $(BIN)/flask --app app

.PHONY: run test test-fast lint lock install install-test system-test-deps translations bench loadtest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs come from the lock files (requirements/*.txt, written by `make lock`), so every
# machine gets the same versions; the project itself is installed on top without deps.
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/run.txt
	$(BIN)/pip install --quiet -r requirements/run.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# The example third-party plugin (tests/example_plugin) is installed like any distribution.
EXAMPLE_PLUGIN := tests/example_plugin
$(VENV)/.installed-test: $(VENV)/.installed requirements/test.txt $(EXAMPLE_PLUGIN)/pyproject.toml $(wildcard $(EXAMPLE_PLUGIN)/rectify_example_plugin/*.py)
	$(BIN)/pip install --quiet -r requirements/test.txt
	$(BIN)/pip install --quiet --no-deps ./$(EXAMPLE_PLUGIN)
	touch $@

install: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d rectify/translations

run: install
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	$(FLASK) demo-logins
	@echo "Rectify is at http://$(HOST):$(PORT)/"
	$(BIN)/python -m rectify.devserver --host $(HOST) --port $(PORT)

# Chromium and a CJK font for the browser tests, LibreOffice to open the Word reports;
# installed when missing and run as root.
TEST_DEBS := chromium fonts-wqy-microhei libreoffice-writer-nogui
system-test-deps:
	@if [ ! -x /usr/bin/chromium ] || ! command -v soffice >/dev/null || \
	    ! fc-list 2>/dev/null | grep -qi wenquanyi; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_DEBS) >/dev/null; \
	  else echo "The tests need the Debian packages $(TEST_DEBS) (run as root to install)."; exit 1; fi; \
	fi

install-test: $(VENV)/.installed-test translations system-test-deps

# pytest exit code 5 means no test ran: that is a failure here, never a success.
PYTEST = status=0; $(BIN)/python -m pytest $(1) $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$status

test: install-test lint
	$(call PYTEST,)

# ruff and mypy (rules, strictness and exceptions in pyproject.toml); `make test` runs them first.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/mypy

# Re-lock after changing dependencies in pyproject.toml (tests/test_lock.py fails until then).
# The test lock is constrained by the run lock, so both install the same app versions.
PIP_COMPILE = $(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links
lock: $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(PIP_COMPILE) --output-file requirements/run.txt pyproject.toml
	$(PIP_COMPILE) --extra test --constraint requirements/run.txt \
	  --output-file requirements/test.txt pyproject.toml

# The inner loop: every test but the browser ones and the slow ones (pytest markers
# ``browser`` and ``slow``, see pyproject.toml); `make test` still runs everything.
test-fast: install-test
	$(call PYTEST,-m "not browser and not slow")

# A benchmark, not a test: prints a table and writes bench/results.json (see bench/bench.py).
# BENCH_ARGS="--growth" adds the 1,000,000-item run; "--database-url URL" uses PostgreSQL.
bench: install
	$(BIN)/python bench/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance tests/artifacts

# The load test: 50 locust users for 60 s on gunicorn (2 workers x 4 threads), SQLite, on
# loopback; fails on any error or any acknowledged record missing afterwards (see
# loadtest/run.py). CI runs a 10 s version (tests/test_load.py).
LOAD_USERS ?= 50
LOAD_SECONDS ?= 60
loadtest: $(VENV)/.installed-test translations
	$(BIN)/python -m loadtest.run --users $(LOAD_USERS) --seconds $(LOAD_SECONDS)
