# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install assets serve migrate demo lint format lock bench clean

## Set up everything, load the demo data and serve on http://127.0.0.1:8000
run: install migrate demo serve

## Run the whole test suite (SQLite by default; set DATABASE_URL / CELERY_BROKER_URL for real services)
## in parallel, one process per core (up to 4), each with its own test database
test: install
	$(BIN)/pytest -n auto --maxprocesses 4

install: $(VENV)/.installed assets/dist/.built

$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed: set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/base.txt -r requirements/dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets/dist/.built: node_modules/.installed $(shell find frontend -type f 2>/dev/null)
	npm run build
	touch $@

assets: assets/dist/.built

migrate: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput

demo: $(VENV)/.installed
	$(BIN)/python manage.py load_demo

serve: install
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## England-scale benchmarks against PostgreSQL (see benchmarks/README.md)
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ehe_bench
SCALE ?= 1.0
bench: $(VENV)/.installed
	-psql "$(dir $(BENCH_DATABASE_URL))postgres" -qc "CREATE DATABASE $(notdir $(BENCH_DATABASE_URL))" 2>/dev/null
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m benchmarks.run --scale $(SCALE) $(if $(REBUILD),--rebuild)

## Re-pin every Python dependency from requirements/*.in
lock:
	$(BIN)/python -m pip install --quiet pip-tools
	cd requirements && ../$(BIN)/pip-compile --quiet --strip-extras --no-header base.in -o base.txt
	cd requirements && ../$(BIN)/pip-compile --quiet --strip-extras --no-header dev.in -o dev.txt

clean:
	rm -rf $(VENV) node_modules assets/dist staticfiles var
