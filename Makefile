# OneSeal: `make run` starts the product on the embedded default, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export ONESEAL_VAR_DIR := $(CURDIR)/var

.PHONY: run test install install-dev system-deps system-deps-test lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-install only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

system-deps:
	bash scripts/install-system-deps.sh run

system-deps-test:
	bash scripts/install-system-deps.sh test

# As deployed, on loopback: DEBUG off (the Chinese error pages), whitenoise static files, a
# SECRET_KEY made once into var/, the demo data and its logins (scripts/run-local.sh).
run: install system-deps
	BIN=$(BIN) bash scripts/run-local.sh

# Browser journeys run in their own pytest process: Playwright's sync API keeps an event loop
# in the main thread for the whole session, which Django's async-safety check would then see
# in every database test that runs after them.
test: install-dev system-deps-test
	$(BIN)/pytest --ignore=tests/e2e $(PYTEST_ARGS)
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var db.sqlite3 .pytest_cache
