#!/usr/bin/env bash
# Set everything up, ingest the shipped seed corpus on first use and show it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m assistant corpus stats "$@"
