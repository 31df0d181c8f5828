#!/usr/bin/env bash
# Set everything up and start the app on http://localhost:8501 (the shipped corpus is ingested on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m streamlit run app.py "$@"
