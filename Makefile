# One virtual environment, pinned dependencies from pyproject.toml.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: site site-zensical test serve papers lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

## Build the static site from seeds/ into site/ (mkdocs --strict: warnings fail).
## STRICT=--strict also makes a rejected seed or bad sidecar fail the build.
STRICT ?=
site: $(STAMP)
	$(BIN)/python -m build_docs --seeds seeds --out docs $(STRICT)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

## Only regenerate docs/ from seeds/ (no HTML).
papers: $(STAMP)
	$(BIN)/python -m build_docs --seeds seeds --out docs

## Run the whole test suite (unit, doctests, real builds, browser).
test: $(STAMP)
	$(BIN)/python -m pytest

## Preview with live reload; editing a seed rebuilds that paper.
## SERVE_FLAGS=--dirty: MkDocs rebuilds only the pages that changed (large archives).
SERVE_FLAGS ?=
serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --livereload $(SERVE_FLAGS)

lint: $(STAMP)
	$(BIN)/ruff check build_docs tests benchmarks scripts
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf site .cache test-artifacts

## Build with Zensical, Material's successor (it reads mkdocs.yml but not hooks:).
site-zensical: papers
	$(BIN)/zensical build -f mkdocs.yml --clean
