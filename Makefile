# One entry point for newcomers and CI: `make demo` (the main job) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	bash .ci/install.sh
	touch $(STAMP)

demo: install
	$(BIN)/autograder grade 01_calculus_autodiff tests/submissions/01_calculus_autodiff --out out/demo

test: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) out
