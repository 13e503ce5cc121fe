# Aktiv — `make demo` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help install install-test demo run test lint format migrations-check clean browser pango pdf-tools oidc-provider catalogues gettext messages bench-tools

help:
	@echo "make demo   - install, migrate, load the demo organisation, serve on http://$(HOST):$(PORT)"
	@echo "make test   - install test dependencies and run the whole suite (DATABASE_URL to use PostgreSQL)"
	@echo "make lint   - ruff, mypy, the import layers and bandit"
	@echo "make messages - collect marked text into the nn and en catalogues and compile them"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs are pinned by requirements.lock; the stamp files make repeat runs instant.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -c requirements.lock -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed catalogues

install-test: $(VENV)/.installed-test catalogues

# Languages (README "Språk / languages"). The compiled catalogues (.mo) are built from the
# committed .po files by GNU gettext's msgfmt, never committed. `make messages` collects the
# marked strings into the .po files after a change of text (tests/test_translations.py
# fails until it has been run).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard aktiv/locale/*/LC_MESSAGES/django.po))
catalogues: $(MO_FILES)
%.mo: %.po | gettext
	msgfmt --check-format -o $@ $<
gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
		echo "Installing gettext from Debian's packages (for the translations)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq gettext >/dev/null; }
messages: install-test gettext
	cd aktiv && ../$(BIN)/aktiv makemessages -l nn -l en --add-location file --no-obsolete -v 0
	$(MAKE) catalogues

# The demo runs as production does (DEBUG off: Aktiv's own error pages, static files served by
# WhiteNoise) but over plain HTTP on this machine, with e-mail printed in the terminal.
DEMO_ENV := DEBUG=0 SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 \
	SECURE_HSTS_SECONDS=0 EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend \
	SITE_URL=http://$(HOST):$(PORT)

demo: install pango
	$(DEMO_ENV) $(BIN)/aktiv migrate --no-input -v 0
	$(DEMO_ENV) $(BIN)/aktiv collectstatic --no-input -v 0
	$(DEMO_ENV) $(BIN)/aktiv demo
	@echo
	@echo "Aktiv kjører på http://$(HOST):$(PORT)/  (Ctrl+C for å stoppe)"
	@echo "Bakgrunnsarbeideren (aktiv worker) sender e-post; i demoen skrives den i terminalen."
	$(DEMO_ENV) $(BIN)/aktiv worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(DEMO_ENV) $(BIN)/aktiv runserver --nostatic $(HOST):$(PORT)

run: install pango
	DEBUG=1 $(BIN)/aktiv migrate --no-input -v 0
	DEBUG=1 $(BIN)/aktiv runserver $(HOST):$(PORT)

# Debian's Chromium drives the end-to-end tests; Playwright's own browser download
# is never used.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Chromium from Debian's packages"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# WeasyPrint draws the evaluation summary PDFs with Debian's Pango.
pango:
	@ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0' || { \
		echo "Installing Pango from Debian's packages (for the PDFs)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }

# The tests read the PDFs back with pdftotext (Debian's poppler-utils).
pdf-tools: pango
	@command -v pdftotext >/dev/null 2>&1 || { \
		echo "Installing poppler-utils from Debian's packages"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq poppler-utils >/dev/null; }

# The single sign-on tests sign in through a real OpenID Connect provider (the npm package
# oidc-provider under Node.js, tests/oidc/); its packages come from package-lock.json.
oidc-provider:
	@command -v node >/dev/null 2>&1 || { \
		echo "Installing Node.js from Debian's packages (for the single sign-on tests)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	@[ -d tests/oidc/node_modules/oidc-provider ] || npm ci --prefix tests/oidc --no-audit --no-fund

migrations-check: install-test
	$(BIN)/aktiv makemigrations --check --dry-run

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy aktiv tests bench
	$(BIN)/lint-imports
	$(BIN)/bandit -q -r aktiv -x '*/migrations/*'

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install-test browser pdf-tools oidc-provider migrations-check lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

# bench/pages.py measures pages with wrk (Debian's package); not needed by `make test`.
bench-tools:
	@command -v wrk >/dev/null 2>&1 || { \
		echo "Installing wrk from Debian's packages (for bench/pages.py)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; }
