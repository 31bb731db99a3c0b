# Two commands matter: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test install lint eval bench image clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Start Redis (private unless REDIS_URL is set), the API and one worker per core.
run: install
	$(PY) -m service.launcher

## Install the dev extras and run the whole suite (lint included).
test: install
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## Scorer tables on the shared dev sets.
eval: install
	$(PY) ../shared/tools/score.py ../shared/data/dev.jsonl --engine attribution:attribute
	$(PY) ../shared/tools/score.py ../shared/data/real-dev.jsonl --engine attribution:attribute
	$(PY) ../shared/tools/score.py ../shared/data/polnear-dev.jsonl --engine attribution:attribute

bench: install
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) bench/engine.py
	$(PY) bench/api.py
	$(PY) bench/recovery.py
	$(PY) bench/memory.py

## Build the Dockerfile unchanged with podman and run API, worker and Redis from it (root;
## builds what is committed). Run before a change to the Dockerfile, dependencies or entry points lands.
image:
	bash ../shared/tools/verify-image.sh

clean:
	rm -rf $(VENV) .attrib .pytest_cache .ruff_cache
