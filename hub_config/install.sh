#!/usr/bin/env bash
# Installs what the course hub needs beside the project's own .venv/:
#   hub_config/.venv/          JupyterHub, JupyterLab and the spawners the production configs name
#   hub_config/node_modules/   the real configurable-http-proxy from npm
#   Debian's chromium          for the browser test of the student flow (as root, where apt exists)
# The hub lives in its own environment: JupyterLab's dependencies make `import nbformat` (and so
# every grading start-up) about 1.4 s slower, so they are kept out of the grading environment.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PY:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt
# JupyterLab defaults for students: no "official Jupyter news?" prompt on first start
mkdir -p .venv/share/jupyter/lab/settings
cp lab-overrides.json .venv/share/jupyter/lab/settings/overrides.json
# the proxy version is pinned by package.json and package-lock.json
if [ ! -x node_modules/.bin/configurable-http-proxy ]; then
    npm ci --no-fund --no-audit --silent >/dev/null
fi
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -q chromium >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
fi
