# Hanse Wissensnetz: everyday commands. `make help` lists them.
#
# The project is deployed from a checkout, never installed as a package: the
# virtualenv gets exactly the pinned versions from the lock files (uv's
# `pip sync` adds what is missing and removes what is not pinned), and
# `make lock` rebuilds those from pyproject.toml.

.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

# uv installs the lock files in seconds where pip takes minutes. The uv on
# PATH is used if there is one; otherwise the pinned release is installed from
# PyPI into a small tool virtualenv of its own ($(TOOLS)), because `uv pip sync`
# would remove a uv installed into $(VENV) (it is in neither lock file). uv
# reads no pip configuration: it installs from PyPI unless UV_INDEX_URL or a
# uv.toml says otherwise. Where uv cannot be installed, pip installs instead.
UV_VERSION := 0.13.9
TOOLS ?= .venv-tools

# Stamps record which lock file the virtualenv was last installed from, so a
# repeated `make test` skips the installation until a lock file changes.
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: help
help: ## List the targets with what they do
	@awk 'BEGIN {FS = ":.*?## "} /^[a-zA-Z_-]+:.*?## / {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# Python 3.12 from PATH (pyenv shims included), else from pyenv directly.
$(BIN)/python:
	@python=""; \
	if command -v python3.12 >/dev/null 2>&1 && python3.12 -c "" >/dev/null 2>&1; then \
		python="$$(command -v python3.12)"; \
	elif command -v pyenv >/dev/null 2>&1 && pyenv which python3.12 >/dev/null 2>&1; then \
		python="$$(pyenv which python3.12)"; \
	fi; \
	if [ -z "$$python" ]; then \
		echo "Python 3.12 not found: put python3.12 on PATH or run 'pyenv install 3.12'." >&2; \
		exit 1; \
	fi; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)

# Prints the path of the uv to use; installs the pinned one first when none is
# on PATH; prints nothing (and says why on stderr) when that fails.
FIND_UV = if command -v uv >/dev/null 2>&1; then command -v uv; exit 0; fi; \
	if [ ! -x $(TOOLS)/bin/uv ]; then \
		echo "Installing uv $(UV_VERSION) from PyPI into $(TOOLS)/" >&2; \
		{ $(BIN)/python -m venv $(TOOLS) \
			&& $(TOOLS)/bin/python -m pip install --quiet "uv==$(UV_VERSION)" >&2; } \
			|| echo "uv could not be installed: installing with pip instead (slower)." >&2; \
	fi; \
	if [ -x $(TOOLS)/bin/uv ]; then echo $(TOOLS)/bin/uv; fi

# $(call sync,LOCKFILE): make $(VENV) hold exactly LOCKFILE (uv), or at least
# everything in it (pip cannot remove what is not pinned). --compile-bytecode:
# uv otherwise leaves the compiling to the first `manage.py` run, one file at a
# time, which made a fresh `make run` slower than the seconds the sync saved;
# uv compiles on all cores, as pip compiles at install.
sync = uv="$$($(FIND_UV))"; \
	if [ -n "$$uv" ]; then \
		"$$uv" pip sync --quiet --compile-bytecode --python $(BIN)/python $(1); \
	else \
		$(BIN)/python -m pip install --quiet -r $(1); \
	fi

# A virtualenv that once had the dev lock file keeps it: `make run` after
# `make test` must not remove pytest and ruff by syncing the runtime lock file.
$(RUNTIME_STAMP): requirements.lock | $(BIN)/python
	@if [ -f $(DEV_STAMP) ]; then \
		$(call sync,requirements-dev.lock); touch $(DEV_STAMP); \
	else \
		$(call sync,requirements.lock); \
	fi
	@touch $@

$(DEV_STAMP): requirements-dev.lock | $(BIN)/python
	@$(call sync,requirements-dev.lock)
	@touch $@ $(RUNTIME_STAMP)

.PHONY: venv install install-runtime
venv: install ## Create .venv with Python 3.12 and install the dev lock file
install: $(DEV_STAMP) ## Sync .venv to requirements-dev.lock with uv (skipped while unchanged)
install-runtime: $(RUNTIME_STAMP) ## Sync .venv to requirements.lock (runtime only; keeps dev tools once installed)

.PHONY: lock
lock: | $(BIN)/python ## Re-pin requirements.lock and requirements-dev.lock from pyproject.toml
	@uv="$$($(FIND_UV))"; \
	if [ -z "$$uv" ]; then echo "make lock needs uv." >&2; exit 1; fi; \
	"$$uv" pip compile pyproject.toml --universal --python-version 3.12 --quiet \
		--custom-compile-command "make lock" -o requirements.lock; \
	"$$uv" pip compile pyproject.toml --extra dev --universal --python-version 3.12 --quiet \
		--custom-compile-command "make lock" -o requirements-dev.lock

.PHONY: run
# The demo shows one page in a third language, machine-translated into Polish
# (demo/content/machine_translation.yaml): Polish is switched on unless
# CONTENT_LANGUAGES says otherwise. The tests keep the default, de,en.
run: export CONTENT_LANGUAGES ?= de,en,pl
run: install-runtime ## Migrate, load the demo content, serve on 127.0.0.1:$PORT with the mail worker
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content --if-empty
	@# The mail queue's worker runs beside the server and stops with it (Ctrl-C).
	$(MANAGE) db_worker --backend mail & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver 127.0.0.1:$(PORT)

.PHONY: test
test: install ## Run the whole test suite with pytest (set PYTEST_ADDOPTS for options)
	$(BIN)/pytest

.PHONY: lint
lint: install ## ruff, lint-imports (apps as layers) and djhtml --check on the templates
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
	@if [ -d templates ] && [ -n "$$(find templates -name '*.html' -print -quit)" ]; then \
		find templates -name '*.html' -print0 | xargs -0 $(BIN)/djhtml --check; \
	fi

.PHONY: format
format: install ## Fix what ruff can fix, format Python with ruff and templates with djhtml
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	@if [ -d templates ] && [ -n "$$(find templates -name '*.html' -print -quit)" ]; then \
		find templates -name '*.html' -print0 | xargs -0 $(BIN)/djhtml; \
	fi

.PHONY: check
check: install ## Django system checks and a check for missing migrations
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

.PHONY: messages
messages: install ## Update locale/{de,en} from the templates and code, then compile (needs GNU gettext)
	$(MANAGE) makemessages -l de -l en --no-obsolete --ignore="tests/*" --ignore="staticfiles/*" --ignore="test-artifacts/*"
	$(MANAGE) compilemessages --ignore=$(VENV)

.PHONY: serve
serve: install-runtime ## Try the production server locally: gunicorn on 127.0.0.1:$PORT, dev settings
	$(MANAGE) collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.dev} \
		$(BIN)/gunicorn config.wsgi --no-control-socket --bind 127.0.0.1:$(PORT) --workers 2

.PHONY: clean
clean: ## Remove the virtualenvs (project and uv), caches, collected static files and test artifacts
	rm -rf $(VENV) $(TOOLS) staticfiles test-artifacts .pytest_cache .ruff_cache
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
