#!/usr/bin/env bash
# Create .venv, install the pinned requirements and the project itself in editable mode (the `zenrei`
# command, imports from any folder); each step is redone only when the files it reads changed. Last, prepare
# the shipped corpus for the app (model conversion, indexes, calibration; a no-op when already done).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "[setup] creating .venv" >&2
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[setup] installing requirements.txt" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$want" > "$stamp"
fi
# The project in editable mode: --no-deps, so pip never swaps a pinned package (torch above all) for another.
stamp=.venv/.project.sha256
want=$(cat pyproject.toml requirements.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -x .venv/bin/zenrei ]; then
  echo "[setup] installing the project (editable)" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --editable .
  echo "$want" > "$stamp"
fi
# Seed the store, convert the model, build the indexes and fit the calibration now, so that the app's first
# page does not wait for them (a few minutes once; about two seconds when nothing changed).
echo "[setup] preparing the corpus, the model and the indexes (python -m assistant prepare)" >&2
.venv/bin/python -m assistant prepare
