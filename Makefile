# Each target does its own set-up: a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint train dist dist-check clean

# The system-library check runs twice: before the venv with the libraries recorded for the pinned PySide6,
# and once PySide6 is installed by asking its Qt plugins themselves (and again before every `make run`).
$(STAMP): pyproject.toml
	@$(PYTHON) scripts/system-libraries
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,dist]"
	@$(PYTHON) scripts/system-libraries --python $(PY)
	@touch $(STAMP)

run: $(STAMP)
	@$(PYTHON) scripts/system-libraries --python $(PY)
	$(PY) -m desktop

test: $(STAMP)
	$(PY) -m ruff check .
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check .

train: $(STAMP)
	$(PY) train.py

# The one-folder app dist/Runesight/ (docs/packaging.md). `dist-check` runs the built app with an empty
# environment (no virtual environment, no display: the self-test goes offscreen) and a fresh data folder:
# its self-test, its child processes, and, where Xvfb is installed, the self-test on an X server.
BUNDLE := dist/Runesight/Runesight

dist: $(STAMP)
	$(PY) -m PyInstaller --noconfirm --log-level WARN build.spec
	@du -sh dist/Runesight

dist-check:
	@test -x $(BUNDLE) || { echo "$(BUNDLE) is missing: run make dist first" >&2; exit 1; }
	@scratch=$$(mktemp -d) && trap 'rm -rf "$$scratch"' EXIT && mkdir "$$scratch/home" "$$scratch/data" && \
	set -x && \
	env -i HOME="$$scratch/home" RUNESIGHT_HOME="$$scratch/data" $(BUNDLE) --self-test && \
	env -i HOME="$$scratch/home" RUNESIGHT_HOME="$$scratch/data" $(BUNDLE) --check-processes && \
	if command -v xvfb-run >/dev/null; then \
	  xvfb-run -a sh -c 'env -i DISPLAY="$$DISPLAY" XAUTHORITY="$$XAUTHORITY" HOME="$$1" RUNESIGHT_HOME="$$2" \
	    $(BUNDLE) --self-test' sh "$$scratch/home" "$$scratch/data"; \
	else echo "xvfb-run not installed: the self-test on an X server is skipped"; fi

clean:
	rm -rf build dist $(VENV)
