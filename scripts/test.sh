#!/usr/bin/env bash
# Set everything up (.venv, and the Debian packages the tests need) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-system.sh
exec .venv/bin/python -m pytest "$@"
