#!/usr/bin/env bash
# The GPU check in one go, on a machine with a CUDA device (see bench/gpu.py for what it does):
#   bash bench/gpu.sh [ASSIGNMENT ...]
# Without a CUDA device it prints "no GPU: nothing to measure" and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
if ! "$PY" -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
    echo "no GPU: nothing to measure"
    exit 0
fi
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
exec "$PY" bench/gpu.py "$@"
