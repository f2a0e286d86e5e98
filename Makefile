# One entry point for newcomers and CI: `make demo` (the main job) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test test-fast lint format typecheck bench crosscheck-nt hub student-image clean

install: $(STAMP)

$(STAMP): pyproject.toml hub_config/requirements.txt hub_config/install.sh
	bash .ci/install.sh
	touch $(STAMP)

demo: install
	$(BIN)/autograder grade 01_calculus_autodiff reference_solutions/01_calculus_autodiff/examples --out out/demo

# everything CI runs: lint, strict types, every test (about 15 minutes on 2 cores)
test: install lint typecheck
	$(BIN)/pytest

# the edit loop: no sandbox, hub, browser, PostgreSQL or slow tests (under a minute)
test-fast: install
	$(BIN)/pytest -q -m "not (sandbox or hub or browser or postgres or slow or slurm)"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# the engine and the tests under mypy --strict (pyproject.toml), then each course file on its
# own (suites, mutants, public checks and test functions share module names across assignments)
COURSE_PY = $(wildcard reference_solutions/*/suite*.py reference_solutions/*/mutants.py \
	reference_solutions/*/functions.py assignments/*/public_checks.py assignments/*/functions.py)
typecheck: install
	$(BIN)/mypy
	@for f in $(COURSE_PY); do $(BIN)/mypy --no-error-summary "$$f" || exit 1; done
	@echo "course files: $(words $(COURSE_PY)) checked"

# the course hub on this machine: http://127.0.0.1:8000 (log in as "instructor" or any student name)
hub: install
	@echo "Course hub: http://127.0.0.1:$${AUTOGRADER_HUB_PORT:-8000}  (log in as 'instructor', or any other name as a student)"
	hub_config/.venv/bin/jupyterhub -f hub_config/local/jupyterhub_config.py

# the students' server image (singleuser.image in hub_config/kubernetes/values.yaml): its build
# context (STUDENT_CONTEXT) holds the Dockerfile, the engine's wheel and the server's requirements,
# nothing of reference_solutions/; it is built here only where a docker engine answers
STUDENT_IMAGE ?= registry.example.edu/ml-course/student:2026.2
STUDENT_CONTEXT ?= out/student-image
DOCKER ?= docker
BUILD_PY := $(if $(wildcard $(BIN)/python),$(BIN)/python,$(PY))

student-image:
	$(BUILD_PY) hub_config/student-image/build_context.py $(STUDENT_CONTEXT)
	@if $(DOCKER) info >/dev/null 2>&1; then \
		$(DOCKER) build -t $(STUDENT_IMAGE) $(STUDENT_CONTEXT); \
	else \
		echo "No docker engine answers here: the build context is ready in $(STUDENT_CONTEXT)/."; \
		echo "Build and push the image where one runs:"; \
		echo "  docker build -t $(STUDENT_IMAGE) $(STUDENT_CONTEXT) && docker push $(STUDENT_IMAGE)"; \
	fi

# nbgrader is one of the project's dev dependencies (.ci/install.sh drops the one package of its
# stack that slowed every start-up), so the benchmarks need no venv of their own
bench: install
	$(BIN)/python bench/run.py --n 40 --workers 2
	$(BIN)/python bench/nbgrader_course.py --sizes 40,200
	$(BIN)/python bench/check_latency.py

# optional: 13's reference kernels against Neural Tangents, which needs numpy < 2 and so a venv
# of its own (about 2.7 GB and 2 minutes to build; the cross-checks are skipped elsewhere)
NT_VENV := bench/.venv-nt
crosscheck-nt: $(NT_VENV)/bin/pytest
	$(NT_VENV)/bin/pytest -q -p no:cacheprovider tests/test_catalog_13.py tests/crosscheck_nt_13.py

$(NT_VENV)/bin/pytest:
	$(PY) -m venv $(NT_VENV)
	$(NT_VENV)/bin/python -m pip install --quiet neural-tangents==0.6.5 jax==0.4.30 \
		jaxlib==0.4.30 numpy==1.26.4 tf2jax==0.3.6 scipy scikit-learn nbformat pytest pytest-timeout

clean:
	rm -rf $(VENV) out .hub hub_config/.venv hub_config/node_modules
