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
# the engine alone (docfigs, engine/): a venv of its own without torch or attnlab, for `make test-engine`
ENGINE_VENV := .cache/docfigs-venv
ENGINE_STAMP := $(ENGINE_VENV)/.docfigs-installed
QUALITY ?= site
ZENSICAL_FILES := zensical.yml docs/vendor/glightbox/glightbox.min.js  # made from mkdocs.yml and a package (below)
# mkdocs-material's end-of-life banner: known (DESIGN.md), not repeated on every build
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site site-zensical test test-engine serve bench clean lock
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

# The figures first (the engine renders what is stale), then the generator embeds them: MkDocs into site/ ...
site: setup
	DOCFIGS_QUALITY=$(QUALITY) $(BIN)/attnlab build
	$(BIN)/mkdocs build --strict
	@echo
	@echo "The site is in site/. Open it with:  $(BIN)/python -m http.server -d site 8000  ->  http://127.0.0.1:8000/"
	@echo "(or run 'make serve' for a live preview that re-renders figures on an edit)"

# ... or Zensical into site-zensical/. DOCFIGS_STAMP (mkdocs.yml) makes Zensical render a page again when the
# figures changed: it keeps a page while the page's text and the extensions' settings are the same
site-zensical: setup $(ZENSICAL_FILES)
	DOCFIGS_QUALITY=$(QUALITY) $(BIN)/attnlab build
	DOCFIGS_STAMP=$$(sha256sum docs/generated/manifest.json | cut -c1-16) $(BIN)/zensical build --strict -f zensical.yml
	@echo
	@echo "The site is in site-zensical/. Open it with:  $(BIN)/python -m http.server -d site-zensical 8000"

# Zensical reads mkdocs.yml but runs neither hooks nor mkdocs-jupyter, and appends (not replaces) lists it inherits:
# zensical.yml is mkdocs.yml with its own site folder, Material's look (the "classic" variant: the site's colours pass
# axe's contrast rules there, not in the "modern" one), each notebook's page taken from the engine's Markdown export
# of the executed notebook (docs/notebooks/NAME.ipynb -> docs/generated/notebooks/NAME/index.md, which mkdocs.yml excludes),
# and GLightbox served by the site (Zensical's theme fetches it from a CDN when the page lacks it: offline, no lightbox)
zensical.yml: mkdocs.yml Makefile
	sed -e '1i # Made from mkdocs.yml by `make zensical.yml` (the Makefile says how): edit mkdocs.yml, not this file' \
	    -e 's|^site_dir: site$$|site_dir: site-zensical|' -e '/^  name: material$$/a\  variant: classic' \
	    -e 's|: notebooks/\(.*\)\.ipynb$$|: generated/notebooks/\1/index.md|' \
	    -e 's|^  generated/notebooks/$$|  generated/notebooks/manifest.json\n  generated/notebooks/*/*.ipynb|' \
	    -e '/^extra_css:$$/a\  - vendor/glightbox/glightbox.min.css' \
	    -e '/^extra_javascript:$$/a\  - vendor/glightbox/glightbox.min.js' mkdocs.yml > $@.tmp && mv $@.tmp $@

# the copy mkdocs-glightbox ships (requirements.lock); made again after the KaTeX rule empties docs/vendor/
docs/vendor/glightbox/glightbox.min.js:
	@mkdir -p $(@D)
	cp "$$($(BIN)/python -c 'import mkdocs_glightbox, os; print(os.path.dirname(mkdocs_glightbox.__file__))')"/glightbox/glightbox.min.* $(@D)/

test: setup test-engine
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# docfigs installs alone: engine/ and its declared dependencies (extras for scenes, notebooks, MkDocs, tests) at
# the versions of requirements.lock, nothing else; made anew when either file changes
$(ENGINE_STAMP): requirements.lock engine/pyproject.toml | $(SYSTEM_STAMP)
	@rm -rf $(ENGINE_VENV) && $(PYTHON) -m venv $(ENGINE_VENV)
	$(ENGINE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c requirements.lock setuptools
	$(ENGINE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-build-isolation \
	  -c requirements.lock -e 'engine[animations,notebooks,mkdocs,test]'
	@touch $@

# The engine's own tests, run where neither torch nor attnlab can be imported (the tiny project's site included)
test-engine: $(ENGINE_STAMP)
	@for module in torch attnlab; do \
	  if $(ENGINE_VENV)/bin/python -c "import $$module" 2>/dev/null; then \
	    echo "$(ENGINE_VENV) must not have $$module (delete it, run again)" >&2; exit 1; fi; \
	done
	$(ENGINE_VENV)/bin/docfigs --help >/dev/null
	cd engine && ../$(ENGINE_VENV)/bin/python -m pytest -p no:cacheprovider tests

serve: setup
	$(BIN)/mkdocs serve

bench: setup
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site site-zensical zensical.yml docs/generated docs/vendor .cache/docfigs .cache/attnlab .cache/mkdocs-jupyter .cache/zensical*

# Rewrite requirements.lock from the current .venv (after a deliberate upgrade)
lock:
	{ echo "# Exact versions of every Python package in .venv (pip freeze). Regenerate with: make lock"; \
	  $(BIN)/python -m pip freeze --all --exclude-editable | grep -vE '^(pip|wheel)=='; } > requirements.lock
