# Care Circle: `make run` serves the demo; `make test` runs every check.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(VENV)/bin/pytest
USWDS := static/vendor/uswds
# Test workers: one per core (each has its own test database and browser).
TEST_WORKERS ?= auto

.PHONY: run test bench setup system system-test venv assets db lint format lock clean

run: system setup db
	bin/serve

test: system-test setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	@echo "== Test suite on SQLite =="
	$(PYTEST) -n $(TEST_WORKERS)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== Test suite on PostgreSQL =="; \
	  DATABASE_URL="$$TEST_DATABASE_URL" $(PYTEST) -n $(TEST_WORKERS); \
	else \
	  echo "TEST_DATABASE_URL is not set: the PostgreSQL run was not made (.ci/run sets it)."; \
	fi

# The whole-state benchmark (not part of `make test`): builds the synthetic state at
# scales 0.1 and 1 on the local PostgreSQL (kept between runs), measures the key pages
# under load against their floor, and writes the table into docs/benchmarks.md.
bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

setup: venv assets

system:
	@bin/system-packages

system-test:
	@bin/system-packages --with-browser

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

assets: $(USWDS)/.installed

$(USWDS)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(USWDS) && mkdir -p $(USWDS)
	cp -r node_modules/@uswds/uswds/dist/css node_modules/@uswds/uswds/dist/fonts \
	  node_modules/@uswds/uswds/dist/img node_modules/@uswds/uswds/dist/js $(USWDS)/
	touch $@

db:
	$(PY) manage.py migrate --no-input
	$(PY) manage.py createcachetable
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py demo --if-empty

lint:
	$(VENV)/bin/ruff check .

format:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Re-pin every Python dependency after changing pyproject.toml.
lock:
	rm -rf /tmp/carecircle-lock && python3 -m venv /tmp/carecircle-lock
	/tmp/carecircle-lock/bin/pip install --quiet --upgrade pip
	/tmp/carecircle-lock/bin/pip install --quiet -e ".[dev]"
	/tmp/carecircle-lock/bin/pip freeze --exclude-editable | sed '/^care-circle/d' > requirements.lock

clean:
	rm -rf $(VENV) node_modules static/vendor var
