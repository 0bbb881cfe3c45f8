# The two commands: `make run` (set up and serve) and `make test` (all tests).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST_PORT ?= 127.0.0.1:8000

.PHONY: run setup test test-postgres lint migrations-check messages compilemessages system-packages test-tools backup clean

run: setup
	DEBUG=1 $(MANAGE) runserver $(HOST_PORT)

# Everything `run` needs: Debian packages, virtualenv, database, compiled translations, documents, an editor login.
setup: system-packages $(VENV)/.installed compilemessages
	DEBUG=1 $(MANAGE) migrate --no-input
	DEBUG=1 $(MANAGE) load_original_documents
	DEBUG=1 $(MANAGE) create_local_editor

test: system-packages $(VENV)/.installed-dev compilemessages test-tools
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

# Debian packages the site itself needs, to serve a meeting's document as PDF (WeasyPrint): Pango
# (text layout, with HarfBuzz shaping Arabic) and the Noto fonts the PDFs embed for Latin, Cyrillic,
# Arabic (fonts-noto-core) and Chinese (fonts-noto-cjk). Installed with apt-get when missing (on Debian).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk
system-packages:
	@command -v dpkg-query >/dev/null || { echo "Not a Debian system: install Pango and the Noto fonts for PDFs yourself."; exit 0; }; \
	dpkg-query -W -f '$${Status}\n' $(SYSTEM_PACKAGES) 2>/dev/null | grep -c "ok installed" | grep -qx $(words $(SYSTEM_PACKAGES)) || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; }

# Debian packages the tests use: Chromium for browser tests (no browser
# download), CJK fonts, LibreOffice to write real spreadsheet files,
# Java for the W3C Nu HTML Checker, and poppler-utils to read PDFs back.
test-tools:
	@command -v chromium >/dev/null && command -v soffice >/dev/null && command -v java >/dev/null \
	  && command -v pdftotext >/dev/null && command -v redis-server >/dev/null && fc-list | grep -q "Noto Serif CJK" || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    chromium fonts-noto-cjk fonts-noto-core libreoffice-calc-nogui default-jre-headless poppler-utils \
	    redis-server >/dev/null; }

# A copy of the content (with its history) that restores into SQLite or PostgreSQL: README, "Backups".
backup: $(VENV)/.installed
	mkdir -p backups
	DEBUG=1 $(MANAGE) dump_content backups/content-$$(date -u +%Y%m%d-%H%M%S).jsonl

# The database holds the editors' work: it is deleted only when the person says so (no answer keeps it).
clean:
	rm -rf $(VENV) staticfiles .local-editor-password
	@if [ -f db.sqlite3 ]; then \
	  printf 'Delete db.sqlite3, with every change made to the content and its history? `make backup` copies it first. [y/N] '; \
	  read answer || answer=; \
	  case "$$answer" in [yY]*) rm -f db.sqlite3 && echo "db.sqlite3 deleted.";; *) echo "db.sqlite3 kept.";; esac; \
	fi
