#!/usr/bin/env bash
# Creates .venv/ and installs the project with its dev dependencies.
# On machines without an NVIDIA GPU the CPU build of torch is installed first, so that pip does not
# pull a multi-gigabyte CUDA build to satisfy the project's torch requirement.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python3}
# bubblewrap isolates student code; grading refuses to run without it unless explicitly told to
if ! command -v bwrap >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get install -y -q bubblewrap >/dev/null 2>&1 \
            || { apt-get update -q >/dev/null && apt-get install -y -q bubblewrap >/dev/null; }
    else
        echo "install bubblewrap (Debian: sudo apt-get install bubblewrap) to grade in a sandbox" >&2
    fi
fi
# the gradebook tests run against a real PostgreSQL server as well as SQLite
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ "$(id -u)" = 0 ] \
        && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -q postgresql >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null; }
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
if ! command -v nvidia-smi >/dev/null 2>&1; then
    .venv/bin/python -m pip install --quiet "torch==2.13.0" \
        || .venv/bin/python -m pip install --quiet "torch==2.13.0" --index-url https://download.pytorch.org/whl/cpu
fi
.venv/bin/python -m pip install --quiet -e ".[dev]"
# nbgrader's Jupyter stack brings jsonschema's optional rfc3987-syntax, which builds a parser
# grammar on every `import jsonschema`: 1.2 s added to every `import nbformat`, so to every
# grading start-up. jsonschema works without it (one optional URI format goes unchecked).
.venv/bin/python -m pip uninstall --quiet --yes rfc3987-syntax 2>/dev/null || true
# the course hub's own environment, the npm proxy and chromium (hub and browser tests)
bash hub_config/install.sh
# a real single-node Slurm cluster for tests/test_slurm.py (slurmctld, slurmd, munged as daemons)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then bash hub_config/slurm/install-local.sh; fi
