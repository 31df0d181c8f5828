"""Readers: one file in, parsed documents out. Nothing here touches the store.

Example:
    >>> from assistant.settings import SEED_DIR
    >>> docs = read_document(SEED_DIR / "000_f2fb9ba048e34b46.txt")
    >>> len(docs[0].items)
    9
"""

from __future__ import annotations

from pathlib import Path

from assistant.errors import NoContentError
from assistant.models import DocumentMeta, ParsedDocument
from assistant.readers.docmeta import find_meta, find_title
from assistant.readers.minutes import has_minutes, read_minutes
from assistant.readers.sniff import read_text
from assistant.readers.spreadsheet import read_spreadsheet
from assistant.readers.table import has_table, read_table

SPREADSHEET_SUFFIXES = {".csv", ".tsv", ".xlsx", ".xlsm"}

__all__ = ["read_document", "SPREADSHEET_SUFFIXES"]


def _count_warning(declared: int | None, parsed: int) -> list[str]:
    if declared is None or declared == parsed:
        return []
    return [
        f"文書に記載の意見総数は{declared}件ですが、表から読み取れた項目は{parsed}件です。"
        "類似意見をまとめた可能性があります。原本と照合してください（行の追加・削除はしていません）。"
    ]


def _read_published(path: Path, encoding: str | None) -> ParsedDocument:
    text, digest = read_text(path, encoding)
    if has_table(text):
        kind, (items, warnings) = "table", read_table(text)
    elif has_minutes(text):
        kind, (items, warnings) = "minutes", read_minutes(text)
    else:
        raise NoContentError(
            path,
            "意見と回答の表（「No.」の見出し行）も、会議録のQ&A（「・」の質問と「→」の回答）も見つかりません。"
            "公表資料のテキストか、No.・ご意見・本市の考え方の列がある CSV / XLSX を指定してください。",
        )
    if not items:
        raise NoContentError(path, "表の見出し行はありますが、意見の行がありません。")
    lines = text.split("\n")
    meta = DocumentMeta(title=find_title(lines) or path.stem, kind=kind, **find_meta(text))
    if kind == "minutes":
        meta = DocumentMeta(**{**meta.__dict__, "declared_count": None})
    warnings = list(warnings) + _count_warning(meta.declared_count, len(items))
    return ParsedDocument(meta, tuple(items), tuple(warnings), str(path), digest)


def read_document(path: Path | str, encoding: str | None = None) -> list[ParsedDocument]:
    """Read one file into one or more documents (a spreadsheet may hold several consultations).

    Args:
        path: A published result text, council minutes text, CSV or XLSX.
        encoding: Force a text encoding instead of detecting it.

    Raises:
        IngestError: A subclass saying what is wrong with the file and what to do.
    """
    path = Path(path)
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        return read_spreadsheet(path, encoding)
    return [_read_published(path, encoding)]
