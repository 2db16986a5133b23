# Heure Civique: `make demo` sets everything up and starts the site; `make test` runs the tests.
# Both work on a fresh clone with nothing but python3: uv is installed when it is missing.
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
PY := .venv/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo always runs on the developer settings (SQLite in var/, e-mails in var/mail/),
# whatever DJANGO_SETTINGS_MODULE the shell has; the tests read theirs from pyproject.toml.
# Its public address (e-mails, and the Wagtail Site after migrate) is where it runs.
DEV := DJANGO_SETTINGS_MODULE=cms.settings.dev \
	WAGTAILADMIN_BASE_URL=$${WAGTAILADMIN_BASE_URL:-http://$(HOST):$(PORT)}
# Territories imported by `make demo`: empty means all of France; e.g. DEPARTMENTS="53 29 17".
DEPARTMENTS ?=

.PHONY: help system install messages migrate territories demo-data demo run test test-e2e test-deploy test-smoke test-faults fuzz fuzz-ci bench lint format node-packages

help:
	@echo "make demo       install, migrate, load the demo and start the site on http://$(HOST):$(PORT)/"
	@echo "make test       the test suite (without the browser tests and the benchmarks)"
	@echo "make test-e2e   the end-to-end tests in Debian's chromium"
	@echo "make test-deploy  gunicorn behind nginx with TLS, as deployed (deploy/)"
	@echo "make test-smoke   production on PostgreSQL and Redis, with the worker, backup and restore"
	@echo "make fuzz       the public site fuzzed at length (hypothesis)"
	@echo "make fuzz-ci    the same, bounded (about a minute and a half on SQLite), as CI runs it"
	@echo "make test-faults  workers killed, connections terminated (PostgreSQL: DATABASE_URL)"
	@echo "make bench      the benchmarks, with their figures"
	@echo "make lint       ruff check, ruff format --check and lint-imports (the layers)"

# Debian marks its python3 as externally managed: a user install of uv is what it allows.
$(UV):
	python3 -m pip install --user --quiet uv \
		|| python3 -m pip install --user --quiet --break-system-packages uv

# Pango and fonts for WeasyPrint (the communication kits): installed when missing, as root.
system:
	bash scripts/system-packages.sh

install: $(UV) system
	mkdir -p var
	$(UV) sync --frozen

messages: install
	$(DEV) $(MANAGE) compilemessages --ignore=.venv --verbosity 0

migrate: messages
	$(DEV) $(MANAGE) migrate --noinput

territories: migrate
	$(DEV) $(MANAGE) import_territories $(if $(strip $(DEPARTMENTS)),--departments $(DEPARTMENTS))

demo-data: territories
	$(DEV) $(MANAGE) load_demo --url http://$(HOST):$(PORT)/

# The web server and the job worker together in the foreground; Ctrl-C stops both.
run:
	$(DEV) HOST=$(HOST) PORT=$(PORT) PY=$(PY) bash demo/run.sh

demo: demo-data run

# The suite in parallel (pytest-xdist), one process per core, each with its own database. The
# tests are handed out in pytest-django's order, those that empty the database (transaction=True)
# last; a demo module's tests go to one process (tests/demo/conftest.py), which loads the demo
# once. TEST_WORKERS=0 runs the suite in this process.
TEST_WORKERS ?= auto
test: messages node-packages
	$(UV) run --frozen pytest -n $(TEST_WORKERS) --dist loadgroup \
		-m "not e2e and not benchmark and not deploy and not fuzz and not faults"

# Fault injection (tests/faults/, about 2 minutes): a job worker killed with SIGKILL in the middle
# of 300 e-mails, PostgreSQL connections terminated during sign-ups and registrations.
# PostgreSQL only: DATABASE_URL=postgres://... make test-faults
test-faults: messages
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "test-faults needs DATABASE_URL=postgres://..."; exit 2;; esac
	timeout 900 $(UV) run --frozen pytest -m faults tests/faults -s

# The npm packages of the tests (package.json, package-lock.json): axe-core, the accessibility
# checker the browser tests inject, and ical.js, the calendar parser the feeds' tests run with
# node; npm itself installed when missing. npm ci runs when either package is missing.
node-packages:
	command -v npm >/dev/null 2>&1 || bash scripts/system-packages.sh --node
	test -f node_modules/axe-core/axe.min.js -a -f node_modules/ical.js/package.json \
		|| npm ci --no-audit --no-fund

test-e2e: messages
	bash scripts/system-packages.sh --browser
	$(MAKE) node-packages
	mkdir -p var/e2e
	$(UV) run --frozen pytest -m e2e

# gunicorn behind Debian's nginx with TLS, as deployed (deploy/): slow, apart from `make test`.
test-deploy: messages
	$(UV) run --frozen pytest -m "deploy and not smoke" tests/deploy

# The production smoke (tests/deploy/test_production_smoke.py): PostgreSQL and Redis running,
# gunicorn behind nginx, the job worker, then scripts/backup and scripts/restore; a few minutes.
# SMOKE_DATABASE_URL and SMOKE_REDIS_URL say where (the database is dropped and made anew).
test-smoke: messages
	$(UV) run --frozen pytest -m smoke tests/deploy

# The public site fuzzed at length (hypothesis, thousands of requests per test; minutes).
fuzz: messages
	$(UV) run --frozen pytest -m fuzz tests/core/test_fuzz.py

# The same tests, bounded and derandomized (the "fuzz-ci" profile of tests/core/test_fuzz.py).
fuzz-ci: messages
	FUZZ_PROFILE=fuzz-ci $(UV) run --frozen pytest -m fuzz tests/core/test_fuzz.py

bench: messages
	$(UV) run --frozen pytest -m benchmark -s

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports

format: install
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .
