# The two commands that matter: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install lock run demo test lint backup restore browser-install clean

# Every package, the build's setuptools included, at the version and with the hashes of
# requirements.lock (`make lock` writes it from pyproject.toml); then the project itself, which
# adds nothing that is not locked.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

# After a change of the pins in pyproject.toml: the lock file with every dependency and its hashes.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pip-tools==7.6.2
	.venv-lock/bin/pip-compile --quiet --extra test --all-build-deps --generate-hashes \
		--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock pyproject.toml
	rm -rf .venv-lock

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
