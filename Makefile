# One entry point for newcomers and CI: `make demo` (the main job) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench bench-env hub clean
NBG_VENV := bench/.venv-nbgrader

install: $(STAMP)

$(STAMP): pyproject.toml hub_config/requirements.txt hub_config/install.sh
	bash .ci/install.sh
	touch $(STAMP)

demo: install
	$(BIN)/autograder grade 01_calculus_autodiff reference_solutions/01_calculus_autodiff/examples --out out/demo

test: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

# the course hub on this machine: http://127.0.0.1:8000 (log in as "instructor" or any student name)
hub: install
	@echo "Course hub: http://127.0.0.1:$${AUTOGRADER_HUB_PORT:-8000}  (log in as 'instructor', or any other name as a student)"
	hub_config/.venv/bin/jupyterhub -f hub_config/local/jupyterhub_config.py

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
	rm -rf $(VENV) out .hub hub_config/.venv hub_config/node_modules
