"""Reading JSON Lines files whose every line becomes one record (labelled queries, labelled snippets)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from assistant.errors import AssistantError

T = TypeVar("T")


def read_records(path: Path, build: Callable[[dict], T], missing: str, shape: str = "") -> list[T]:
    """One record per non-blank line, built by ``build``; a malformed line is refused with its number.

    Args:
        path: The JSON Lines file.
        build: Makes a record from one parsed line (may raise KeyError, TypeError or ValueError).
        missing: The message when the file does not exist.
        shape: Appended to the message for a malformed line: what a line should look like.
    """
    if not path.is_file():
        raise AssistantError(missing)
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(build(json.loads(line)))
        except (ValueError, KeyError, TypeError) as error:
            raise AssistantError(f"{path} の {number} 行目を読めません（{error}）。{shape}") from error
    return records
