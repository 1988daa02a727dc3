# One command runs the site (make run), one runs the tests (make test).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_URL ?= redis://127.0.0.1:6379/1
# PG_SUBSET=off: skip the PostgreSQL subset (-m backend) of the plain `make test`, for a
# run that follows it with the whole suite on PostgreSQL (.ci/run does).
PG_SUBSET ?= on
# The main run is spread over one pytest process per core (pytest-xdist; 0 runs it in one
# process). Each process has its own test database and server fixtures; a Redis server is
# one shared cache, so a run that names one (CACHE_URL) stays in one process.
TEST_WORKERS ?= $(if $(CACHE_URL),0,auto)
PYTEST_MAIN := $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist worksteal
# Production settings for checks: no .env, debug off, a throwaway key.
PROD_ENV := DJANGO_ENV_FILE=/dev/null DJANGO_DEBUG=off DJANGO_ALLOWED_HOSTS=forvaltningskultur.example \
	DJANGO_SECRET_KEY=check-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d " \n")

.DEFAULT_GOAL := help
.PHONY: help run test test-sqlite lint fmt check bench clean messages

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 eller nyare behövs.")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

.env:
	@umask 077; $(PYTHON) -c 'import secrets; print("DJANGO_SECRET_KEY=" + secrets.token_urlsafe(50)); print("DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost"); print("DJANGO_SECURE_SSL_REDIRECT=off"); print("DEMO_ADMIN_PASSWORD=" + secrets.token_urlsafe(12)); print("DJANGO_STAFF_TWO_FACTOR=off")' > .env
	@echo "Skrev .env med en ny hemlig nyckel och ett lösenord för administrationen."

# The Swedish for third-party apps (locale/): compiled where msgfmt exists; the committed
# .mo serves a machine without it (a test checks it matches the .po).
messages: ## Compile the translations in locale/ (needs msgfmt from gettext)
	@if command -v msgfmt >/dev/null; then DJANGO_ENV_FILE=/dev/null DJANGO_DEBUG=on $(PY) manage.py compilemessages --locale sv --ignore '.venv/*' --verbosity 0; \
	else echo "msgfmt saknas (paketet gettext): använder den incheckade locale/sv/LC_MESSAGES/django.mo."; fi

run: $(VENV)/.installed .env messages ## Run the site on http://127.0.0.1:8000 (SQLite, demo content)
	@# Local runs log in without one-time codes (production asks for them); an .env from
	@# before keeps working the same way.
	@grep -q '^DJANGO_STAFF_TWO_FACTOR=' .env || echo 'DJANGO_STAFF_TWO_FACTOR=off' >> .env
	@chmod 600 .env; chmod -R go-rwx db.sqlite3* media 2>/dev/null || true
	$(PY) manage.py migrate --noinput
	$(PROD_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_demo
	@set -a; source .env; set +a; $(PY) manage.py ensure_demo_logins
	@echo "Webbplatsen: http://127.0.0.1:8000/  (avsluta med Ctrl+C)"
	@# The Procfile's two processes: the worker (mail, daily jobs) in the background, the
	@# web server in front; Ctrl+C (or the web server stopping) stops both.
	@PATH="$(CURDIR)/$(VENV)/bin:$$PATH"; \
	worker="$$(sed -n 's/^worker: //p' Procfile)"; web="$$(sed -n 's/^web: //p' Procfile)"; \
	$$worker & worker_pid=$$!; \
	trap 'kill $$worker_pid 2>/dev/null; wait $$worker_pid 2>/dev/null' EXIT INT TERM; \
	$$web

test: $(VENV)/.installed-dev messages ## Run all tests (SQLite; PostgreSQL and Redis tests where they answer)
	@test -x /usr/bin/chromium || { echo "Webbläsartesterna behöver Chromium. Installera Debians paket: sudo apt-get install chromium"; exit 1; }
	$(PROD_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
ifdef DATABASE_URL
	@# The two-node tests (marker nodes) need Redis too: the plain `make test` runs them.
	$(PYTEST_MAIN) -m "not nodes and not solo"
	$(VENV)/bin/pytest -m solo
else
	$(PYTEST_MAIN) -m "not nodes and not solo"
	$(VENV)/bin/pytest -m solo
	@if [ "$(PG_SUBSET)" = off ]; then \
		echo "PG_SUBSET=off: de databasberoende testen körs med hela sviten mot PostgreSQL."; \
	elif $(PY) -c 'import psycopg,sys; psycopg.connect("$(PG_URL)", connect_timeout=3).close()' 2>/dev/null; then \
		echo "PostgreSQL svarar: kör databasberoende test mot $(PG_URL)"; \
		DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -m "backend and not solo" \
			&& DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -m "backend and solo"; \
	else echo "PostgreSQL svarar inte på 127.0.0.1:5432: de testerna körs i CI."; fi
	@if $(PY) -c 'import redis; redis.Redis.from_url("$(REDIS_URL)", socket_timeout=2).ping()' 2>/dev/null; then \
		echo "Redis svarar: kör cachetesterna mot $(REDIS_URL)"; \
		CACHE_URL=$(REDIS_URL) $(VENV)/bin/pytest -m "(redis or backend) and not solo"; \
	else echo "Redis svarar inte på 127.0.0.1:6379: de testerna körs i CI."; fi
	@if $(PY) -c 'import psycopg,sys; psycopg.connect("$(PG_URL)", connect_timeout=3).close()' 2>/dev/null \
		&& $(PY) -c 'import redis; redis.Redis.from_url("$(REDIS_URL)", socket_timeout=2).ping()' 2>/dev/null; then \
		echo "PostgreSQL och Redis svarar: kör testen med två webbprocesser som delar dem"; \
		DATABASE_URL=$(PG_URL) CACHE_URL=$(REDIS_URL) $(VENV)/bin/pytest -m nodes; \
	else echo "PostgreSQL eller Redis svarar inte: testen med två webbprocesser körs i CI."; fi
endif

lint: $(VENV)/.installed-dev ## Lint (ruff, with its security rules), formatting, migrations and deploy checks
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PROD_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(PROD_ENV) $(PY) manage.py check --deploy --fail-level WARNING

fmt: $(VENV)/.installed-dev ## Format the code and fix what ruff can fix
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.installed-dev ## Benchmark: pages (bench/run.py), the sign-up day, the busy day
	$(PY) bench/run.py
	$(PY) bench/signup_day.py
	$(PY) bench/busy_day.py

clean: ## Remove the virtual environment and local data (keeps .env)
	rm -rf $(VENV) staticfiles
