# The few commands people type. `make run` and `make test` do all setup themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1:8000

.PHONY: install run test test-postgres lint format check-migrations messages browser clean screens

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)
	$(PY) -m cchc_tracker.i18n

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving on http://$(HOST)/ (Ctrl+C stops)"
	$(PY) manage.py runserver $(HOST)

# Debian's Chromium for the browser tests; installed only where we are root.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium from Debian's packages for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "NOTE: /usr/bin/chromium is missing and cannot be installed here: browser tests will be skipped."; fi

test: install browser
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(PYTEST_ARGS)

test-postgres:
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cchc_tracker} $(MAKE) test

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run

# Re-extract strings after changing the UI (needs GNU gettext); translate in locale/*/django.po.
messages: install
	$(PY) manage.py makemessages -l vi -l en --no-obsolete --add-location file
	$(PY) -m cchc_tracker.i18n

clean:
	rm -rf $(VENV) staticfiles

# Screenshots of the pages people see first, at 1280 × 800, 1366 × 768 and 375 × 812, into screens/
screens: install browser
	$(PY) docs/screens.py
