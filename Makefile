# Heure Civique: `make demo` sets everything up and starts the site; `make test` runs the tests.
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
PY := .venv/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo test test-e2e lint format messages

$(UV):
	python3 -m pip install --user --quiet uv || python3 -m pip install --quiet uv

install: $(UV)
	$(UV) sync --frozen

messages: install
	$(MANAGE) compilemessages --ignore=.venv

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

format: install
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .

test: messages
	$(UV) run --frozen pytest -m "not e2e and not benchmark"

test-e2e: messages
	$(UV) run --frozen pytest -m e2e
