# The two commands that matter: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run demo test lint backup restore browser-install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py load_demo

run: demo
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest

# Backups run with the site's environment (DATABASE_URL, MEDIA_ROOT, BACKUP_DIR, SECRET_KEY), as
# its timers do, and never install anything: `make backup KEEP=14` keeps the 14 newest.
backup:
	$(BIN)/python manage.py backup $(if $(KEEP),--keep $(KEEP))

# `make restore BACKUP=backups/ilv-…Z`; FORCE=1 replaces a database that holds data.
restore:
	@test -n "$(BACKUP)" || { echo "Gebruik: make restore BACKUP=<map van de back-up> [FORCE=1]" >&2; exit 2; }
	$(BIN)/python manage.py restore "$(BACKUP)" $(if $(filter 1 true yes,$(FORCE)),--force)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
