# One entry point for newcomers and CI: `make demo` (the main job) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench bench-env clean
NBG_VENV := bench/.venv-nbgrader

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

# nbgrader lives in its own venv: installed beside the project it would slow every start-up
bench-env: $(NBG_VENV)/bin/nbgrader

$(NBG_VENV)/bin/nbgrader:
	$(PY) -m venv $(NBG_VENV)
	$(NBG_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(NBG_VENV)/bin/python -m pip install --quiet "torch==2.13.0" numpy nbgrader ipykernel

bench: install bench-env
	$(BIN)/python bench/run.py --n 40 --workers 2
	$(BIN)/python bench/check_latency.py

clean:
	rm -rf $(VENV) out
