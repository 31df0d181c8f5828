"""JSON files: JSON Lines read as one record a line (labelled queries, labelled snippets); JSON and NumPy
``.npz`` files written atomically."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

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


def _write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Call ``write`` on a temporary file of this process beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temp, "wb") as handle:
        write(handle)
    os.replace(temp, path)


def write_json(path: Path, data, indent: int | None = None) -> None:
    """Write ``data`` as UTF-8 JSON atomically."""
    encoded = json.dumps(data, ensure_ascii=False, indent=indent).encode("utf-8")
    _write_atomically(path, lambda handle: handle.write(encoded))


def write_npz(path: Path, **arrays) -> None:
    """Write NumPy arrays as one ``.npz`` file atomically.

    Plain arrays only: ``numpy.load(path, allow_pickle=False)`` reads it back.
    """
    import numpy as np

    _write_atomically(path, lambda handle: np.savez(handle, **arrays))
