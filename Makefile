# zhifa — two commands: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-pg lint install install-test data db demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip >/dev/null

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -e . 
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/pip install -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## make data — fill var/data (from ../shared/data, ZHIFA_DATA_SOURCE, or the public sources)
data: install
	$(BIN)/zhifa data fetch

db: install
	mkdir -p var
	$(BIN)/zhifa db upgrade

## make demo — fetch the data when it can, load the demo; laws, precedents and the assistant only with data
demo: db
	$(BIN)/zhifa demo prepare

## make run — set up, load the demo data and serve http://127.0.0.1:8000 (HOST=, PORT= to change)
run: demo
	@$(BIN)/zhifa serve --host $(HOST) --port $(PORT)

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

## make test — set up with test extras and run lint plus the whole suite
test: install-test
	$(BIN)/zhifa data fetch || echo "数据目录未填充：需要真实数据的测试将跳过（ZHIFA_REQUIRE_DATA=1 时改为失败）"
	$(MAKE) lint
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest 没有收集到任何测试：视为失败"; exit 1; fi; exit $$rc

## the same suite against PostgreSQL (CI's second pass)
test-pg: install-test
	$(BIN)/zhifa data fetch || echo "数据目录未填充：需要真实数据的测试将跳过（ZHIFA_REQUIRE_DATA=1 时改为失败）"
	ZHIFA_TEST_DATABASE_URL=$(PG_TEST_URL) ZHIFA_REQUIRE_PG=1 $(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest 没有收集到任何测试：视为失败"; exit 1; fi; exit $$rc

bench: install-test
	$(BIN)/python bench/ledger.py
	$(BIN)/python bench/law.py
	$(BIN)/python bench/assist_pipeline.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/documents.py
	$(BIN)/python bench/escpos.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
