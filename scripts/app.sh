#!/usr/bin/env bash
# Set everything up and start the app on http://localhost:8501 (the shipped corpus is ingested on first use).
# Listening beyond localhost (--server.address) is refused unless logins are on (ZENREI_LOGINS=1).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m assistant.serving "$@"
exec .venv/bin/python -m streamlit run app.py "$@"
