# Two commands: `make run` (embedded demo, no services) and `make test` (Postgres + Redis).
# `make run PORT=8100`: HOST/PORT reach the settings too, which derive the portal's address (SITE_URL)
# from them — the QR code of every certificate leads to http://HOST:PORT.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DB ?= ocop
# Parallel runs (worktrees) pick their own database name and Redis db: make pytest TEST_DB=h1 REDIS_DB=3
REDIS_DB ?= 15
TEST_ENV := DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(TEST_DB) \
	REDIS_URL=redis://127.0.0.1:6379/$(REDIS_DB) CACHE_KEY_PREFIX=$(TEST_DB) \
	DJANGO_SECRET_KEY=test-only-not-secret DJANGO_DEBUG=true \
	OCOP_DATA_DIR=$(CURDIR)/data/test-$(TEST_DB)

.PHONY: run test pytest venv venv-dev messages lint bench clean

# axe-core and the W3C Nu HTML checker for the browser journeys (tests/e2e/package-lock.json). No
# install scripts: vnu-jar's would download a Java of its own; Debian's runs the jar (system-deps.sh).
E2E_NODE := tests/e2e/node_modules
$(E2E_NODE)/.installed: tests/e2e/package.json tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

venv: $(VENV)/.run-installed
venv-dev: $(VENV)/.dev-installed

messages:
	$(BIN)/python manage.py compilemessages -v 0 --ignore=.venv

run: venv
	scripts/system-deps.sh run
	$(MAKE) messages
	$(BIN)/python manage.py migrate --noinput -v 0
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py seed_demo
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: venv-dev
	scripts/system-deps.sh test
	$(MAKE) $(E2E_NODE)/.installed
	scripts/services.sh
	$(MAKE) messages
	$(TEST_ENV) $(BIN)/python -m pytest

# Re-run the suite (or a part: make pytest ARGS="tests/accounts -x") without the set-up steps.
pytest:
	$(TEST_ENV) $(BIN)/python -m pytest $(ARGS)

lint: venv-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: venv-dev
	scripts/services.sh
	$(TEST_ENV) $(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) data staticfiles $(E2E_NODE)
