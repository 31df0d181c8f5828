"""JSON files: JSON Lines read as one record a line (labelled queries, labelled snippets); JSON and NumPy
``.npz`` files written atomically."""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

from assistant.errors import AssistantError, IndexWriteError

T = TypeVar("T")


def read_records(path: Path, build: Callable[[dict], T], missing: str, shape: str = "") -> list[T]:
    """One record per non-blank line, built by ``build``; a malformed line is refused with its number.

    The file is UTF-8, with or without a byte order mark.

    Args:
        path: The JSON Lines file.
        build: Makes a record from one parsed line (may raise KeyError, TypeError or ValueError, or an
            AssistantError whose message is prefixed with the file and line).
        missing: The message when the file does not exist.
        shape: Appended to the message for a malformed line: what a line should look like.
    """
    if not path.is_file():
        raise AssistantError(missing)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise AssistantError(f"{path} を読めません（{error.strerror or error}）。ファイルの権限を確かめてください。") from error
    bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0  # 「UTF-8 (BOM 付き)」 as Windows editors save it
    try:
        text = raw[bom:].decode("utf-8")
    except UnicodeDecodeError as error:
        raise AssistantError(f"{path} は UTF-8 で書かれていないため読めません（{bom + error.start + 1} バイト目）。"
                             "UTF-8 で保存し直してください。") from error
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise ValueError("1行が1つの JSON オブジェクト {…} ではありません")
            records.append(build(data))
        except AssistantError as error:  # a line read but refused by ``build``, in words of its own
            raise AssistantError(f"{path} の {number} 行目: {error}") from error
        except KeyError as error:
            raise AssistantError(f"{path} の {number} 行目を読めません（項目「{error.args[0]}」がありません）。{shape}") from error
        except (ValueError, TypeError) as error:
            raise AssistantError(f"{path} の {number} 行目を読めません（{error}）。{shape}") from error
    return records


def checked(data: dict, name: str, kind: type | tuple[type, ...], what: str, default=None):
    """``data[name]`` when it is of ``kind`` (``default`` when absent and a default is given); else a ValueError
    that says what the field must be (``what``, in Japanese), for :func:`read_records` to name the line.

    A bool is no int here, and no str is a list of strings (``"gold": "text"`` read as one gold phrase per character).
    """
    if name not in data and default is not None:
        return default
    if name not in data:
        raise KeyError(name)
    value = data[name]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise ValueError(f"「{name}」は{what}にしてください（{json.dumps(value, ensure_ascii=False)[:40]} は使えません）")
    return value


def _write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Call ``write`` on a temporary file of this process beside ``path``, then rename it into place.

    Raises:
        IndexWriteError: The file cannot be written (the temporary file is removed, ``path`` is as it was).
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temp, "wb") as handle:
            write(handle)
        os.replace(temp, path)
    except OSError as error:
        _discard(temp)
        raise IndexWriteError(f"{path} に書き込めません（{error.strerror or error}）。"
                              "ディスクの空きとフォルダーの書き込み権限を確かめてから、もう一度操作してください。") from error
    except BaseException:
        _discard(temp)
        raise


def _discard(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


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
