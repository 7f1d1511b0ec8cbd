# Each target does its own set-up: a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint train dist clean

$(STAMP): pyproject.toml
	@scripts/system-libraries
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,dist]"
	@touch $(STAMP)

run: $(STAMP)
	$(PY) -m desktop

test: $(STAMP)
	$(PY) -m ruff check .
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check .

train: $(STAMP)
	$(PY) train.py

clean:
	rm -rf build dist $(VENV)
