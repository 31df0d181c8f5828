"""Reader for staff spreadsheets of past answers (CSV in UTF-8 or CP932, or XLSX).

Columns are found by their Japanese (or English) header names; the header row may sit below a few
title rows. Each distinct title becomes one document.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from assistant.errors import BinaryFileError, MissingColumnsError, NoContentError
from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
from assistant.readers.cells import cell_paragraphs
from assistant.readers.hygiene import formula_warning, uncached_formulas
from assistant.readers.sniff import ZIP_MAGIC, read_bytes, read_text, sha256
from assistant.textnorm import parse_period, tidy

# Field -> accepted header names (compared after NFKC, lower-casing and removing spaces).
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "no": ("no", "no.", "番号", "項番", "通番", "#", "意見番号"),
    "comment": ("ご意見", "意見", "寄せられたご意見", "ご意見の概要", "意見の概要", "意見要旨", "ご意見の要旨", "comment"),
    "answer": ("本市の考え方", "市の考え方", "考え方", "回答", "市の回答", "本市の回答", "対応", "answer"),
    "title": ("件名", "案件名", "タイトル", "表題", "資料名", "title"),
    "department": ("担当課", "所管課", "担当部署", "部署", "所管", "department"),
    "date": ("日付", "募集期間", "意見募集期間", "期間", "実施日", "公表日", "date", "period"),
    "area": ("事務名", "分野", "業務", "area"),
}
REQUIRED = ("comment", "answer")
EXPECTED_LABEL = "No.（任意）、ご意見、本市の考え方（任意: 件名、担当課、日付、事務名）"
_HEADER_SCAN_ROWS = 10


def _key(header: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(header)).lower().split())


def _match_field(header: object, exact: bool = False) -> str | None:
    key = _key(header)
    for name, accepted in COLUMN_NAMES.items():
        if key in accepted:
            return name
    if exact:
        return None
    if key.endswith("考え方") or key.endswith("回答"):
        return "answer"
    if "意見" in key and "番号" not in key:
        return "comment"
    return None


def map_columns(headers: list[object], exact: bool = False) -> dict[str, int]:
    """Map field names to column positions; the first matching column wins.

    With ``exact`` only the accepted header names count (a title such as 「ご意見一覧」 is no header).
    """
    mapping: dict[str, int] = {}
    for position, header in enumerate(headers):
        name = _match_field(header, exact)
        if name and name not in mapping:
            mapping[name] = position
    return mapping


def _cell_text(value: object) -> str:
    """A cell's value as text, as pandas reads it with ``dtype=str`` (3.0 as 「3」)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_frame(data: bytes) -> pd.DataFrame:
    """The first sheet's values (formulas as the values Excel saved); formula cells without a saved value
    are listed in ``frame.attrs["uncached_formulas"]``."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    rows = [[_cell_text(value) for value in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    width = max((len(row) for row in rows), default=0)
    frame = pd.DataFrame([row + [""] * (width - len(row)) for row in rows], dtype=str)
    frame.attrs["uncached_formulas"] = uncached_formulas(data, first_sheet_only=True)
    return frame


def load_frame(path: Path, encoding: str | None) -> pd.DataFrame:
    data = read_bytes(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        if not data.startswith(ZIP_MAGIC):
            raise BinaryFileError(path, "XLSX ファイルとして読めません。Excel で「.xlsx」形式で保存し直してください。")
        try:
            return _xlsx_frame(data)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, InvalidFileException) as error:
            raise BinaryFileError(path, f"XLSX ファイルが壊れているか読めません（{error}）。") from error
    text, _ = read_text(path, encoding)
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" or text.count("\t") > text.count(",") else "excel"
    rows = list(csv.reader(io.StringIO(text), dialect=dialect))
    width = max((len(row) for row in rows), default=0)
    return pd.DataFrame([row + [""] * (width - len(row)) for row in rows], dtype=str)


def find_header(frame: pd.DataFrame, required: tuple[str, ...] = REQUIRED,
                exact: bool = False) -> tuple[int, dict[str, int]] | None:
    """The first of the top rows that names every ``required`` field, with its column mapping; title
    rows above the header are skipped. None when no such row is found."""
    for row in range(min(_HEADER_SCAN_ROWS, len(frame))):
        mapping = map_columns(list(frame.iloc[row]), exact)
        if all(name in mapping for name in required):
            return row, mapping
    return None


def _find_header(frame: pd.DataFrame, path: Path) -> tuple[int, dict[str, int]]:
    found_header = find_header(frame)
    if found_header is not None:
        return found_header
    found = [tidy(str(cell)) for cell in frame.iloc[0] if tidy(str(cell))] if len(frame) else []
    raise MissingColumnsError(path, found, [EXPECTED_LABEL])


def _cell(row: pd.Series, mapping: dict[str, int], name: str) -> str:
    return str(row.iloc[mapping[name]]).strip() if name in mapping else ""


def _meta(title: str, rows: list[pd.Series], mapping: dict[str, int]) -> DocumentMeta:
    first = rows[0]
    start, end = parse_period(_cell(first, mapping, "date"))
    return DocumentMeta(
        title=title,
        kind="spreadsheet",
        area=tidy(_cell(first, mapping, "area")) or None,
        department=tidy(_cell(first, mapping, "department")) or None,
        period_start=start,
        period_end=end,
    )


def read_spreadsheet(path: Path, encoding: str | None = None) -> list[ParsedDocument]:
    """Read every answered row, grouped into one document per title.

    Raises:
        MissingColumnsError: If no header row names a comment and an answer column.
        NoContentError: If the header is there but no row has content.
    """
    frame = load_frame(path, encoding)
    header_row, mapping = _find_header(frame, path)
    groups: dict[str, list[pd.Series]] = {}
    warnings: dict[str, list[str]] = {}
    blank = 0
    for index in range(header_row + 1, len(frame)):
        row = frame.iloc[index]
        if not any(str(value).strip() for value in row):
            blank += 1
            continue
        title = tidy(_cell(row, mapping, "title")) or path.stem
        warnings.setdefault(title, [])
        if not _cell(row, mapping, "comment") and not _cell(row, mapping, "answer"):
            warnings[title].append(f"{index + 1}行目: ご意見も回答も空のため読み飛ばしました。")
            continue
        groups.setdefault(title, []).append(row)
        if not _cell(row, mapping, "answer"):
            warnings[title].append(f"{index + 1}行目: 回答（本市の考え方）が空です。回答の欄を確認してください。")
    if not groups:
        raise NoContentError(path, "見出し行はありますが、データの行がありません。")
    formulas = frame.attrs.get("uncached_formulas") or []
    digest = sha256(path.read_bytes())
    documents = []
    for title, rows in groups.items():
        items = tuple(
            ParsedItem(
                no=tidy(_cell(row, mapping, "no")) or str(position),
                comment="\n".join(_paragraphs(_cell(row, mapping, "comment"))),
                answer_paragraphs=tuple(_paragraphs(_cell(row, mapping, "answer"))),
            )
            for position, row in enumerate(rows, start=1)
        )
        notes = warnings[title] + ([f"空の行を{blank}行読み飛ばしました。"] if blank else [])
        notes += [formula_warning(formulas)] if formulas else []
        documents.append(ParsedDocument(_meta(title, rows, mapping), items, tuple(notes), str(path), digest))
    return documents


def _paragraphs(text: str) -> list[str]:
    """Spreadsheet cells keep line breaks as paragraph breaks."""
    paragraphs: list[str] = []
    for line in text.splitlines():
        paragraphs.extend(cell_paragraphs(line))
    return paragraphs
