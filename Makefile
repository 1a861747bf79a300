# attnlab: `make site` builds the figures and the site into site/; `make test` runs every test.
# Both first install what is missing (Debian packages, .venv from requirements.lock, npm assets) and
# nothing else: a second run with nothing changed installs nothing and renders nothing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENV_STAMP := $(VENV)/.attnlab-installed
NODE_STAMP := node_modules/.attnlab-installed
VENDOR_STAMP := docs/vendor/.attnlab-installed
SYSTEM_STAMP := .cache/system-deps-checked
QUALITY ?= site
# mkdocs-material's end-of-life banner: known (DESIGN.md), not repeated on every build
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site test serve bench clean lock
.DEFAULT_GOAL := site

setup: $(SYSTEM_STAMP) $(VENV_STAMP) $(VENDOR_STAMP)

# Debian packages: checked again when the list changes (scripts/system-deps.sh prints the apt-get line when not root)
$(SYSTEM_STAMP): scripts/system-deps.sh
	@bash scripts/system-deps.sh
	@mkdir -p $(@D) && touch $@

$(VENV_STAMP): requirements.lock pyproject.toml engine/pyproject.toml | $(SYSTEM_STAMP)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e engine -e .
	@touch $@

$(NODE_STAMP): package.json package-lock.json | $(SYSTEM_STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The site serves its own math renderer: KaTeX's files are copied from the npm package into docs/vendor/
$(VENDOR_STAMP): $(NODE_STAMP)
	@rm -rf docs/vendor && mkdir -p docs/vendor/katex/contrib
	cp -r node_modules/katex/dist/katex.min.css node_modules/katex/dist/katex.min.js node_modules/katex/dist/fonts docs/vendor/katex/
	cp node_modules/katex/dist/contrib/auto-render.min.js docs/vendor/katex/contrib/
	@touch $@

site: setup
	DOCFIGS_QUALITY=$(QUALITY) $(BIN)/mkdocs build --strict
	@echo
	@echo "The site is in site/. Open it with:  $(BIN)/python -m http.server -d site 8000  ->  http://127.0.0.1:8000/"
	@echo "(or run 'make serve' for a live preview that re-renders figures on an edit)"

test: setup
	$(BIN)/python -m pytest

serve: setup
	$(BIN)/mkdocs serve

bench: setup
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site docs/generated docs/vendor .cache/docfigs .cache/attnlab

# Rewrite requirements.lock from the current .venv (after a deliberate upgrade)
lock:
	{ echo "# Exact versions of every Python package in .venv (pip freeze). Regenerate with: make lock"; \
	  $(BIN)/python -m pip freeze --all --exclude-editable | grep -vE '^(pip|wheel)=='; } > requirements.lock
