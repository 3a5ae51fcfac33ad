# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
PORT   ?= 8501
ADDRESS ?= 127.0.0.1

.PHONY: run test install install-test chromium postgresql bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $(STAMP)

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(PIP) install -q -e '.[test]'
	touch $(TEST_STAMP)

install: $(STAMP)

install-test: $(TEST_STAMP) chromium postgresql

# Debian's Chromium drives the browser test (Playwright never downloads a browser).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Debian's PostgreSQL server binaries: the store and team-mode suites run on it too (tests/with_postgres.sh).
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; }

# Solo mode (the default) serves 127.0.0.1 only; ADDRESS=0.0.0.0 needs CRISIS_DESK_MODE=team.
run: $(STAMP)
	@$(PY) -m assistant.auth.mode $(ADDRESS)
	@$(PY) -c "import os; from assistant.store.db import default_url, printable; print('Crisis Desk: database', printable(os.environ.get('CRISIS_DESK_DB') or default_url()))"
	$(VENV)/bin/streamlit run app.py --server.headless true --server.address $(ADDRESS) --server.port $(PORT) --browser.gatherUsageStats false

# The store suite also runs against a throw-away local PostgreSQL when its server is installed.
test: install-test
	tests/with_postgres.sh $(PY) -m pytest -q

bench: $(STAMP)
	$(PY) benchmarks/draft.py
	$(PY) benchmarks/scan.py
	$(PY) benchmarks/ui.py
	$(PY) benchmarks/replies.py

clean:
	rm -rf $(VENV) build *.egg-info tests/artifacts
