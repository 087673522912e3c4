# Quick start: `make run` serves the demo on http://127.0.0.1:8000; `make test` runs the whole suite.
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
PYTHON ?= python3

.PHONY: run test install dev-install lint messages check-deploy clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed
dev-install: $(VENV)/.dev-installed

run: $(VENV)/.installed
	PORT=$(PORT) PY=$(PY) sh scripts/run-local.sh

test: $(VENV)/.dev-installed
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Needs GNU gettext (msgfmt); the compiled catalogues are committed so `make run` does not.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=staticfiles --no-obsolete
	$(PY) scripts/fill_en_catalogue.py
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
