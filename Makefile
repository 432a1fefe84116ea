# Two commands do everything:  `make run` (the main job) and `make test` (the test suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test install clean calibration

run: $(STAMP)
	$(BIN)/avvik ingest sample_forms/forms
	$(BIN)/avvik summary

test: $(STAMP)
	$(BIN)/python -m pytest

install: $(STAMP)

# Not a test: measures the reader on ../shared/calibration when it exists (prints the scorer's last line).
calibration: $(STAMP)
	bench/calibration.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) avvik-data
