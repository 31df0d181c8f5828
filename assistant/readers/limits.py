"""Input limits, each a setting, each refused with a message that names the limit and what to do.

A file larger than ``max_upload_mb``, an XLSX that unpacks past ``max_xlsx_uncompressed_mb`` or a .docx
whose XML parts unpack past ``max_docx_uncompressed_mb`` (both read from the zip directory before anything
is parsed), a CSV/XLSX with more than ``max_rows`` rows or a
cell longer than ``max_cell_chars`` raise :class:`~assistant.errors.InputTooLargeError`. Ingest and
the batch page read through the same checks, so they give the same messages.

Example:
    >>> from pathlib import Path
    >>> check_cell("除雪", row=3, path=Path("comments.csv"))
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from assistant import settings
from assistant.errors import BinaryFileError, InputTooLargeError

_MB = 1024 * 1024


def check_file_size(path: Path, size: int | None = None) -> None:
    """Refuse a file over ``max_upload_mb`` (``size`` in bytes, else the file's own size)."""
    size = path.stat().st_size if size is None else size
    limit = int(settings.get("max_upload_mb"))
    if size > limit * _MB:
        raise InputTooLargeError(
            path, f"ファイルが {size / _MB:,.1f} MB あり、上限の {limit:,} MB を超えています。"
                  "ファイルを分けて読み込むか、管理者に上限（ZENREI_MAX_UPLOAD_MB）を上げてもらってください。")


def check_unpacked(path: Path) -> None:
    """Refuse an XLSX whose entries unpack past ``max_xlsx_uncompressed_mb``.

    The sizes are the ones the zip directory declares; Python's zipfile never inflates an entry past
    its declared size (it stops there and reports a damaged file), so the check bounds the parse.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise BinaryFileError(path, "XLSX ファイルが壊れているか、Excel ブックではありません。Excel で開いて「Excel ブック（.xlsx）」形式で"
                                    "保存し直してください。") from error
    limit = int(settings.get("max_xlsx_uncompressed_mb"))
    if total > limit * _MB:
        raise InputTooLargeError(
            path, f"XLSX を展開すると {total / _MB:,.0f} MB になり、上限の {limit:,} MB を超えています。"
                  "不要なシートや書式を消して保存し直すか、CSV で保存して読み込んでください"
                  "（上限は ZENREI_MAX_XLSX_UNCOMPRESSED_MB）。")


def check_docx_unpacked(path: Path, data: bytes) -> None:
    """Refuse a .docx (``data``, its bytes) whose XML parts unpack past ``max_docx_uncompressed_mb``.

    python-docx builds a whole lxml tree of every XML part, about 30 times the XML's size (a 17 MB
    document.xml of short paragraphs took 511 MB), so the XML alone is counted: pictures are only held
    as they are. As for an XLSX, the declared sizes bound what zipfile inflates.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist()
                        if info.filename.lower().endswith((".xml", ".rels")))
    except (zipfile.BadZipFile, OSError):
        return  # the Word reader refuses a damaged file in its own words
    limit = int(settings.get("max_docx_uncompressed_mb"))
    if total > limit * _MB:
        raise InputTooLargeError(
            path, f"Word 文書（.docx）の本文などの XML を展開すると {total / _MB:,.0f} MB になり、上限の {limit:,} MB を"
                  "超えています。文書を分けて保存し直すか、管理者に上限（ZENREI_MAX_DOCX_UNCOMPRESSED_MB）を上げてもらってください。")


def check_cell(text: str, row: int, path: Path) -> None:
    """Refuse a cell longer than ``max_cell_chars`` (``row`` counted from 1, as a spreadsheet shows it)."""
    limit = int(settings.get("max_cell_chars"))
    if len(text) > limit:
        raise InputTooLargeError(
            path, f"セル（{row:,}行目）が {len(text):,} 文字あり、上限の {limit:,} 文字を超えています。"
                  "セルの内容を確かめ、長い文章は分けて入れてください（上限は ZENREI_MAX_CELL_CHARS）。")


def check_rows(count: int, path: Path) -> None:
    """Refuse a file once its rows with content pass ``max_rows``."""
    limit = int(settings.get("max_rows"))
    if count > limit:
        raise InputTooLargeError(
            path, f"内容のある行が上限の {limit:,} 行を超えています。"
                  "ファイルを分けて読み込むか、管理者に上限（ZENREI_MAX_ROWS）を上げてもらってください。")
