# The two commands: `make run` (set up and serve) and `make test` (all tests).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST_PORT ?= 127.0.0.1:8000

.PHONY: run setup test test-postgres lint migrations-check messages compilemessages test-tools clean

run: setup
	DEBUG=1 $(MANAGE) runserver $(HOST_PORT)

# Everything `run` needs: virtualenv, database, compiled translations, documents, an editor login.
setup: $(VENV)/.installed compilemessages
	DEBUG=1 $(MANAGE) migrate --no-input
	DEBUG=1 $(MANAGE) load_original_documents
	DEBUG=1 $(MANAGE) create_local_editor

test: $(VENV)/.installed-dev compilemessages test-tools
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres:
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test $(MAKE) test

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

migrations-check: $(VENV)/.installed
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

compilemessages: $(VENV)/.installed
	DEBUG=1 $(MANAGE) compilemessages --ignore=$(VENV) -v0

# Regenerate the catalogs after changing a visible string, then translate them.
messages: $(VENV)/.installed
	DEBUG=1 $(MANAGE) makemessages --ignore=$(VENV) --no-obsolete -l ar -l zh_Hans -l en -l fr -l ru -l es

$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Debian packages the tests use: Chromium for browser tests (no browser
# download), CJK fonts, LibreOffice to write real spreadsheet files, and
# Java for the W3C Nu HTML Checker.
test-tools:
	@command -v chromium >/dev/null && command -v soffice >/dev/null && command -v java >/dev/null \
	  && fc-list | grep -q "Noto Serif CJK" || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    chromium fonts-noto-cjk fonts-noto-core libreoffice-calc-nogui default-jre-headless >/dev/null; }

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .local-editor-password
