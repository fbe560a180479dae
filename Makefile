# govstd — `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000

.PHONY: run test bench bench-ingest bench-dashboard lint install install-dev assets messages clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs exactly the versions CI tested (requirements*.lock, made by `make lock` from pyproject.toml).
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml requirements-dev.lock $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e ".[dev]"
	touch $@

# After changing the dependencies in pyproject.toml: pin them again (then `make install-dev`).
lock: | $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-header --output-file requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-header --extra dev --output-file requirements-dev.lock pyproject.toml

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --silent

install: $(VENV)/.installed assets
install-dev: $(VENV)/.installed-dev assets
assets: node_modules/.package-lock.json

# `make run HOST=0.0.0.0:8080` serves on another address; the demo runs as a local deployment
# (no debug pages, a key kept under var/, links in e-mails to this address).
run: export GOVSTD_LOCAL = true
run: export GOVSTD_SITE_URL ?= http://$(HOST)
run: export GOVSTD_ALLOWED_HOSTS ?= $(if $(filter 0.0.0.0,$(firstword $(subst :, ,$(HOST)))),*,$(firstword $(subst :, ,$(HOST))),127.0.0.1,localhost)
run: install
	@fc-list :lang=zh family 2>/dev/null | grep -q . || echo "提示：未找到中文字体，PDF 中的中文将无法显示（Debian/Ubuntu：apt-get install fonts-noto-cjk）"
	$(BIN)/govstd migrate --no-input -v 0
	$(BIN)/govstd demo
	$(BIN)/govstd daily-jobs --now
	@echo "服务地址：http://$(HOST)/"
	@# Imports and exports are background jobs: a worker runs beside the server and stops with it; so does
	@# the simulated perception layer, which feeds readings in-process (no broker) to keep the large screen moving.
	$(BIN)/govstd db_worker --no-reload --interval 0.5 & worker=$$!; \
	$(BIN)/govstd simulate --direct & simulator=$$!; \
	trap 'kill $$worker $$simulator 2>/dev/null; wait $$worker $$simulator 2>/dev/null' EXIT INT TERM; \
	$(BIN)/govstd runserver $(HOST)

test: install-dev
	$(BIN)/pytest

bench: install-dev
	$(BIN)/python -m bench.run

# Readings ingestion over HTTP and MQTT against a plain bulk load (BENCH_DATABASE_URL for PostgreSQL).
bench-ingest: install-dev
	$(BIN)/python -m bench.ingest

# The large screen's endpoints over 10 million readings (BENCH_READINGS=1000000 for a quick run).
bench-dashboard: install-dev
	$(BIN)/python -m bench.dashboard

lint: install-dev
	$(BIN)/ruff check .

# Refresh the translation catalogue after changing user-facing strings (needs GNU gettext).
messages: install-dev
	cd src/govstd && ../../$(BIN)/django-admin makemessages -l zh_Hans --ignore "*/migrations/*" && ../../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) node_modules var
