"""Reader for staff spreadsheets of past answers (CSV in UTF-8 or CP932, or XLSX).

Columns are found by their Japanese (or English) header names; the header row may sit below a few
title rows. Each distinct title becomes one document.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from assistant import settings
from assistant.errors import (BinaryFileError, DamagedFileError, EmptyFileError, EncryptedFileError, MissingColumnsError,
                              NoContentError)
from assistant.formulas import unneutralise
from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
from assistant.readers.cells import PLAIN_BREAK, cell_paragraphs, has_markup
from assistant.readers.columns import (COLUMN_NAMES, column_role, header_key, header_like, numbering_group, qualifier_cell,
                                       sender_number, without_weaker_columns)
from assistant.readers.docmeta import (choose_title, find_meta, header_again_note, summary_total, title_and_date,
                                      total_note, total_row, with_total)
from assistant.readers.grid import listed_numbers, parse_heading, repeated_number_warnings
from assistant.readers.text import count_warning
from assistant.readers.hygiene import (NO_DATA_ROWS, SKIPPED_EMPTY, date_no_warnings, formula_warning, some_notes,
                                       headerless_sheet_warning, hidden_rows_warning, hidden_sheet_warning, listed,
                                       no_of_date, no_shown_sheet_warning, uncached_formulas)
from assistant.readers.limits import check_cell, check_file_size, check_rows, check_unpacked
from assistant.readers.sniff import ZIP_MAGIC, detect_encoding, encrypted_office, read_bytes, sha256
from assistant.textnorm import parse_period, squash, tidy, typed_paragraphs

# Field -> accepted header names (compared after NFKC, lower-casing and removing spaces).
REQUIRED = ("comment", "answer")
EXPECTED_LABEL = "No.（任意）、ご意見、本市の考え方（任意: 件名、担当課、日付、事務名）"
_HEADER_SCAN_ROWS = 10  # the top rows searched for a header (the batch's comment files); see scanned_rows
_HEADER_SCAN_LINES = 50  # the rows of one cell (a title, notes) passed over at most above a staff sheet's header
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_SAMPLE_CHARS = 1 << 16
_CSV_FIELD_LIMIT = 2**31 - 1


def _match_field(header: object, exact: bool = False) -> str | None:
    key = header_key(str(header))
    for name, accepted in COLUMN_NAMES.items():
        if key in accepted:
            return name
    if exact:
        return None
    # The published tables' rules: 意見提出者, 意見区分 or 意見No. name no comment column.
    return column_role(str(header))


def map_columns(headers: list[object], exact: bool = False, values: list[list[str]] | None = None) -> dict[str, int]:
    """Map field names to column positions; the first matching column wins, but of two columns for the comment or
    the answer the one that names it more plainly, or, named alike, the one whose cells below (``values``, one list a
    column) are sentences, not short labels (:func:`assistant.readers.columns.without_weaker_columns`).

    With ``exact`` only the accepted header names count (a title such as 「ご意見一覧」 is no header).
    """
    mapping: dict[str, int] = {}
    names = without_weaker_columns([_match_field(header, exact) for header in headers], [str(header) for header in headers],
                                   values)
    for position, name in enumerate(names):
        if name and name not in mapping:
            mapping[name] = position
    return mapping


# Excel's escapes: a control character (「_x000D_」) or an escaped underscore (「_x005F_」) before text that looks like one.
_OOXML_ESCAPE = re.compile(r"_x(00[01][0-9A-Fa-f]|005[Ff])_")


def unescape_ooxml(text: str) -> str:
    r"""A cell's text without Excel's escapes of control characters, which openpyxl leaves in it: Excel writes each
    carriage return of a line break pasted from e-mail or a web form as 「_x000D_」. Other 「_xHHHH_」 stay as typed.
    (openpyxl itself takes 「x005F_」 out of the shared strings Excel writes, so a 「_x000D_」 typed there cannot be
    told from one Excel wrote.)

    Example:
        >>> unescape_ooxml("増やしてほしい。_x000D_\n特に郊外で。"), unescape_ooxml("_x005F_x000D_"), unescape_ooxml("_x0041_")
        ('増やしてほしい。\r\n特に郊外で。', '_x000D_', '_x0041_')
    """
    return _OOXML_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text) if "_x" in text else text


def _cell_text(value: object) -> str:
    """A cell's value as text, as pandas reads it with ``dtype=str`` (3.0 as 「3」), Excel's escapes undone."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unescape_ooxml(str(value)) if isinstance(value, str) else str(value)


_XLSX_DAMAGED = ("XLSX ファイルが壊れているか、Excel ブックではありません。Excel で開いて「Excel ブック（.xlsx）」形式で"
                 "保存し直してください。")
# A damaged workbook: not a zip, a part missing, or a part's XML broken (SyntaxError: ElementTree's
# ParseError and lxml's both derive from it).
XLSX_ERRORS = (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, SyntaxError, InvalidFileException)
_SHEET_ROW = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}row"


@dataclass(frozen=True)
class Sheet:
    """One worksheet of a workbook: its position, its tab name and whether Excel shows it."""

    index: int
    title: str
    visible: bool


def _open_xlsx(path: Path):
    from openpyxl import load_workbook

    if protected := encrypted_office(path):
        raise EncryptedFileError(path, protected)
    with path.open("rb") as handle:
        if handle.read(len(ZIP_MAGIC)) != ZIP_MAGIC:
            raise BinaryFileError(path, "XLSX ファイルとして読めません。Excel で「.xlsx」形式で保存し直してください。")
    check_unpacked(path)
    try:
        return load_workbook(path, data_only=True, read_only=True)
    except XLSX_ERRORS as error:
        raise BinaryFileError(path, _XLSX_DAMAGED) from error


def xlsx_sheets(path: Path) -> list[Sheet]:
    """The worksheets of an XLSX file in tab order (hidden ones included, marked)."""
    book = _open_xlsx(path)
    try:
        sheets = [Sheet(index, sheet.title, sheet.sheet_state == "visible") for index, sheet in enumerate(book.worksheets)]
    finally:
        book.close()
    if not sheets:  # a workbook whose sheets' parts are missing (a copy cut short, a tool's bug)
        raise BinaryFileError(path, _XLSX_DAMAGED)
    return sheets


def _first_visible(path: Path) -> int:
    return next((sheet.index for sheet in xlsx_sheets(path) if sheet.visible), 0)


class DateCells(dict):
    """The cells that may be dates, by place (see :func:`_xlsx_rows`); ``columns``, once set, the only columns whose
    cells are looked at from the next row on (the batch's comment reader sets its No. column once the header is found,
    so a file of 200,000 comments keeps no other cell)."""

    columns: set[int] | None = None


def _xlsx_rows(path: Path, sheet: int | None = None, hidden: set[int] | None = None,
               dates: dict[tuple[int, int], object] | None = None) -> Iterator[list[str]]:
    """One sheet's rows (default: the first one Excel shows), streamed (openpyxl read-only mode; formulas as
    the values Excel saved). ``hidden`` receives the 1-based numbers of the rows hidden in Excel, before the
    first row is yielded; ``dates`` the place (1-based row, 0-based column) of each cell that may be a date (a date, or
    a number with a style: Excel in Japanese's built-in date formats are read as numbers), with the cell, for
    :func:`assistant.readers.hygiene.no_of_date` to tell once the No. column is known; of the columns in
    ``dates.columns`` only when it is a :class:`DateCells` whose columns are set (read at each row)."""
    index = _first_visible(path) if sheet is None else sheet
    book = _open_xlsx(path)
    try:
        try:
            worksheet = book.worksheets[index]
            if hidden is not None:
                hidden.update(_hidden_rows(worksheet))
            if dates is None:
                for row in worksheet.iter_rows(values_only=True):
                    yield [_cell_text(value) for value in row]
            for number, cells in enumerate(() if dates is None else worksheet.iter_rows(), start=1):
                values = [cell.value for cell in cells]
                watched = getattr(dates, "columns", None)  # read at each row: the caller may narrow it as it reads
                for column in range(len(values)) if watched is None else watched:
                    value = values[column] if column < len(values) else None
                    # Text and empty cells (most of a sheet) are no dates, nor a number without a style.
                    if value is not None and not isinstance(value, str) and (isinstance(value, dt.date)
                                                                             or cells[column].has_style):
                        dates[(number, column)] = cells[column]
                yield [_cell_text(value) for value in values]
        finally:
            book.close()
    except XLSX_ERRORS as error:
        raise BinaryFileError(path, _XLSX_DAMAGED) from error


def _chunks(source, size: int = 1 << 20):
    """A stream's bytes in overlapping chunks (an attribute cut by a chunk's end is in the next one)."""
    tail = b""
    while block := source.read(size):
        yield tail + block
        tail = block[-16:]


def _hidden_rows(worksheet) -> set[int]:
    """Numbers of the rows hidden in Excel (a filter or 「非表示」), read from the sheet's XML as a stream."""
    from xml.etree.ElementTree import iterparse

    found = set()
    # Read-only sheets do not keep row attributes; _get_source is openpyxl's (pinned) stream of the sheet's XML.
    with worksheet._get_source() as source:  # most sheets hide nothing: a plain scan for the attribute first
        if not any(b'hidden="1"' in chunk or b'hidden="true"' in chunk for chunk in _chunks(source)):
            return found
    with worksheet._get_source() as source:
        for _, element in iterparse(source):
            if element.tag == _SHEET_ROW:
                if element.get("hidden") in ("1", "true") and (number := element.get("r", "")).isdigit():
                    found.add(int(number))
                element.clear()
    return found


def _csv_rows(path: Path, encoding: str | None) -> Iterator[list[str]]:
    """A CSV/TSV's rows, streamed with the csv module (UTF-8, UTF-16 with BOM or CP932, as detected)."""
    codec = detect_encoding(path, encoding)
    with path.open(encoding=codec, newline="") as handle:
        sample = handle.read(_SAMPLE_CHARS)
        handle.seek(0)
        tabs = path.suffix.lower() == ".tsv" or sample.count("\t") > sample.count(",")
        # Cells are measured here, against max_cell_chars, so the csv module's own limit (131,072 characters,
        # an English error) must never be the one that stops a read: no cell can be longer than the file.
        csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
        last = [""]  # the file's last line with text

        def counted(lines: Iterator[str]) -> Iterator[str]:
            for line in lines:
                if line.strip():
                    last[0] = line
                yield line

        delimiter = "\t" if tabs else ","
        reader = csv.reader(counted(handle), dialect="excel-tab" if tabs else "excel")
        # The line where a row begins; the last row's, and whether its last cell runs over several lines.
        first, start, open_ended = 1, 1, False
        row_inside = re.compile(rf"[\r\n]\s*\d+\s*{re.escape(delimiter)}[^\r\n]*{re.escape(delimiter)}")
        for row in reader:
            if any(row_inside.search(cell) for cell in row if "\n" in cell or "\r" in cell):
                # 「…\n3,意見3です。,回答3です。」: rows taken into one cell by a quote that a stray one closed later
                raise DamagedFileError(path, _unclosed_quote(first, reader.line_num))
            # Line ends unified; the apostrophe a CSV export puts before formula-like text taken off again.
            yield [unneutralise(cell.replace("\r\n", "\n").replace("\r", "\n") if "\r" in cell else cell) for cell in row]
            start, first = first, reader.line_num + 1
            open_ended = bool(row) and ("\n" in row[-1] or "\r" in row[-1])
        # A quote opened and never closed took every later line into one cell: the last cell then runs to the end
        # of the file, which does not end with the closing quote a quoted cell of several lines ends with.
        if open_ended and not last[0].rstrip().endswith('"'):
            raise DamagedFileError(path, _unclosed_quote(start, reader.line_num))


def _unclosed_quote(first: int, last: int) -> str:
    return (f"{first}行目の「\"」が閉じられていないため、{first}行目から{last}行目までが一つの欄になってしまいます。"
            "その「\"」を消すか閉じてから保存し直してください。")


def iter_rows(path: Path, encoding: str | None = None, sheet: int | None = None,
              hidden: set[int] | None = None,
              dates: dict[tuple[int, int], object] | None = None) -> Iterator[list[str]]:
    """A CSV/TSV/XLSX's rows as lists of cell texts, one row at a time, within the input limits.

    For XLSX, ``sheet`` is the worksheet's position (default: the first one Excel shows), ``hidden``
    receives the numbers of its hidden rows before the first row is yielded, and ``dates`` the places of its date
    cells as they are read (:func:`_xlsx_rows`).

    Raises:
        InputTooLargeError: The file, its unpacked size, a cell or the row count is over its limit
            (:mod:`assistant.readers.limits`).
        IngestError: As :func:`assistant.readers.sniff.read_bytes` and :func:`~assistant.readers.sniff.detect_encoding`.
    """
    if not path.exists() or not path.is_file():
        read_bytes(path)  # the same messages
    check_file_size(path)
    rows = _xlsx_rows(path, sheet, hidden, dates) if path.suffix.lower() in XLSX_SUFFIXES else _csv_rows(path, encoding)
    longest, most = int(settings.get("max_cell_chars")), int(settings.get("max_rows"))  # read once, not per row
    filled = 0
    for number, row in enumerate(rows, start=1):
        for cell in row:
            if len(cell) > longest:
                check_cell(cell, number, path)
        if any(cell.strip() for cell in row):
            filled += 1
            if filled > most:
                check_rows(filled, path)
        yield row


def load_frame(path: Path, encoding: str | None, sheet: int | None = None, hidden: set[int] | None = None,
               dates: dict[tuple[int, int], object] | None = None) -> pd.DataFrame:
    """A whole sheet as a frame of strings (see :func:`iter_rows`); for XLSX, its hidden rows (1-based) go into
    ``hidden`` and the cells that may be dates into ``dates`` (:func:`_xlsx_rows`). Neither is kept in
    ``frame.attrs``: pandas deep-copies the attrs into every row taken from the frame, which made reading a sheet with
    a date column take time growing with the square of its rows."""
    hidden = set() if hidden is None else hidden
    xlsx = path.suffix.lower() in XLSX_SUFFIXES
    if xlsx and sheet is None:
        sheet = _first_visible(path)
    rows = list(iter_rows(path, encoding, sheet, hidden, dates if xlsx else None))
    if xlsx:
        while rows and not any(cell.strip() for cell in rows[-1]):
            rows.pop()
    width = max((len(row) for row in rows), default=0)
    frame = pd.DataFrame([row + [""] * (width - len(row)) for row in rows], dtype=str)
    if not xlsx and not any(cell.strip() for row in rows for cell in row):
        raise EmptyFileError(path, "ファイルが空です。内容のあるファイルを指定してください。")
    return frame


def find_header(frame: pd.DataFrame, required: tuple[str, ...] = REQUIRED,
                exact: bool = False) -> tuple[int, dict[str, int]] | None:
    """The first of the top rows that names every ``required`` field, with its column mapping; title
    rows above the header are skipped. None when no such row is found.

    A header typed on two rows without merging (「ご意見」 over 「該当箇所｜意見の概要」) is read as one: the
    second row is returned, and each column is named by its lower cell, else by its upper one.
    """
    found = header_rows(frame, required, exact)
    return None if found is None else (found[1], found[2])


def header_rows(frame: pd.DataFrame, required: tuple[str, ...] = REQUIRED, exact: bool = False, *,
                past_lines: bool = False) -> tuple[int, int, dict[str, int]] | None:
    """:func:`find_header` as ``(first header row, last header row, mapping)``: the two differ for a header
    typed on two rows. With ``past_lines`` up to 50 rows of one cell (a title, a period, notes typed one a row) may
    stand above it: the rows searched go down to the 10th of several cells (:func:`scanned_rows`). A row over rows of
    counts (:func:`counts_under`: a summary table of the preamble, 「ご意見｜本市の対応」 over 「12件｜反映 3件」) is the
    header of an answer table (``required`` naming the comment and the answer) unless the next header searched after it
    is the answer table's (:func:`answer_table_under`; not a 【参考】 table's)."""
    summary = None
    for row in scanned_rows(frame, past_lines):
        mapping = map_columns(list(frame.iloc[row]), exact, _below(frame, row))
        if all(name in mapping for name in required):
            stacked = _second_header_row(frame, row, mapping, required, exact)
            found = (row, row + 1, stacked) if stacked is not None else (row, row, mapping)
            if summary is not None:  # the answer table's header, or the summary is the header (as found before)
                above = next((" ".join(str(cell) for cell in frame.iloc[at] if str(cell).strip())
                              for at in range(row - 1, summary[1], -1)
                              if any(str(cell).strip() for cell in frame.iloc[at])), "")
                rows = (list(frame.iloc[below]) for below in range(found[1] + 1, len(frame)))
                return found if answer_table_under(above, found[2], rows) else summary
            if stacked is not None or not set(REQUIRED) <= set(required) or not counts_under(
                    (list(frame.iloc[below]) for below in range(row + 1, len(frame))), mapping["comment"]):
                return found
            summary = found
    return summary


# A summary table's cell of a count (「12件」, 「3人」, 「計 2件」, 「計」, 「－」 for none): no comment is one. A bare number
# is none (「1」, 「2」: the No. under a 「ご意見」 merged over the No. and the comment columns).
_COUNT_CELL = re.compile(r"^[(（]?(?:(?:計|合計)?[0-9,，]+(?:件|人|名|通|団体)|計|合計|[-－―ー])[)）]?$")
# How many rows a summary table has at most (a category a row: 反映, 修正, 参考, その他, 計…).
_SUMMARY_ROWS = 6
# A caption over a table that is no answer table (「【参考】関連する計画への意見」, 「参考」, 「※…」).
_REFERENCE_CAPTION = re.compile(r"^[【\[［(（]?(?:参考|※)")
_WORDS = re.compile(r"[^\W\d_]")


def _comment_cell(row: list, comment: int) -> str:
    return "".join(unicodedata.normalize("NFKC", str(row[comment]) if comment < len(row) else "").split())


def counts_under(rows: Iterable[list[str]], comment: int) -> bool:
    """Whether ``rows`` (those under a row naming a comment and an answer column alone, in order) are a summary's, not
    items: down to the first blank row, one to :data:`_SUMMARY_ROWS`, and the cell under the comment column
    (``comment``) a count in each that fills it (:data:`_COUNT_CELL`), a number of something in one at least
    (「ご意見｜本市の対応」 over 「12件｜反映 3件」, 「区分｜ご意見｜本市の対応」 over 「反映｜1件｜修正」: a 意見募集の概要's
    table above the answer table, which is no header of it)."""
    counts = seen = 0
    for row in rows:
        if not any(str(text).strip() for text in row):
            break
        if (seen := seen + 1) > _SUMMARY_ROWS:
            return False
        cell = _comment_cell(row, comment)
        if cell and not _COUNT_CELL.match(cell):
            return False
        counts += any(character.isdigit() for character in cell)
    return counts > 0


def answer_table_under(caption: str, mapping: dict[str, int], rows: Iterable[list[str]]) -> bool:
    """Whether a header found after a summary table (:func:`counts_under`) is the answer table's, for which the summary
    is passed over: it names a No., a comment and an answer column, the line just above it (``caption``) is no
    【参考】, 参考 or ※ caption (「【参考】関連する計画への意見」: a table of its own, after a one-item answer table
    「ご意見｜本市の考え方」 over 「1件｜反映しました。」), and the rows under it (``rows``, in order) hold a comment's
    text in the comment column, no count nor number alone."""
    if not {"no", "comment", "answer"} <= set(mapping):
        return False
    if _REFERENCE_CAPTION.match(unicodedata.normalize("NFKC", caption.strip())):
        return False
    for seen, row in enumerate(rows):
        cell = _comment_cell(row, mapping["comment"])
        if cell and not _COUNT_CELL.match(cell) and _WORDS.search(cell):
            return True
        if seen >= 10:
            break
    return False


def _below(frame: pd.DataFrame, row: int, rows: int = 1000) -> list[list[str]]:
    """The cells of the ``rows`` rows under ``row``, one list a column (to tell a column of labels from one of
    sentences, and an empty one from both, :func:`assistant.readers.columns.column_content`: a 「ご意見」 column filled
    from its 11th row only is no empty column)."""
    below = frame.iloc[row + 1:row + 1 + rows]
    return [[str(value) for value in below.iloc[:, column]] for column in range(frame.shape[1])]


def scanned_rows(frame: pd.DataFrame, past_lines: bool = False) -> Iterator[int]:
    """The rows searched for the header, top down, one at a time (a search stops at the header): the top
    :data:`_HEADER_SCAN_ROWS`, or with ``past_lines`` every row down to the :data:`_HEADER_SCAN_ROWS`-th that holds
    two or more cells (a published table's sheet saved without merged cells has its title, period, count and
    explanation, each in a cell of its own, above the header), past :data:`_HEADER_SCAN_LINES` rows of one cell or
    none at most (a list of comments in one column is no table: it was searched to its last row)."""
    if not past_lines:
        yield from range(min(_HEADER_SCAN_ROWS, len(frame)))
        return
    tabled = lines = 0
    for row in range(len(frame)):
        if sum(bool(str(cell).strip()) for cell in frame.iloc[row]) >= 2:
            tabled += 1
        elif (lines := lines + 1) > _HEADER_SCAN_LINES:
            return
        yield row
        if tabled == _HEADER_SCAN_ROWS:
            return


def _second_header_row(frame: pd.DataFrame, row: int, mapping: dict[str, int], required: tuple[str, ...],
                       exact: bool) -> dict[str, int] | None:
    """The mapping of a header's two rows, when the row under ``row`` is its second: short header words, one
    of them an accepted header name under an empty upper cell (the other half of 「ご意見」 typed over two
    columns without merging); each required field stays at its upper column or moves right into that span."""
    if row + 1 >= len(frame):
        return None
    upper = [tidy(str(cell)) for cell in frame.iloc[row]]
    lower = [tidy(str(cell)) for cell in frame.iloc[row + 1]]
    filled = [index for index, text in enumerate(lower) if text]
    if not filled or any(not header_like(lower[index]) or any(char.isdigit() for char in lower[index]) for index in filled):
        return None
    if not any(not upper[index] and _match_field(lower[index], exact=True) for index in filled):
        return None
    stacked = map_columns([lower[index] or upper[index] for index in range(len(upper))], exact, _below(frame, row + 1))
    for name in required:
        if name not in stacked:
            return None
        before, after = mapping[name], stacked[name]
        if after != before and not (after > before and not any(upper[before + 1:after + 1])):
            return None
    return stacked


def _missing_columns(frame: pd.DataFrame, path: Path) -> MissingColumnsError:
    """The error for a sheet without a header row naming a comment and an answer column: it names the cells of the
    row that looks most like one among the rows searched (:func:`scanned_rows`): one that names either column, else the
    first of several cells, else the first row; and, when that is not the first row, which rows were searched. When no
    row of several cells was found, the first names no column (a title) and a row of several cells comes below the
    rows searched, the search stopped after :data:`_HEADER_SCAN_LINES` rows of one cell short of it, and the error
    says so (a list of comments in one column under 「ご意見の内容」 has no such row: it lacks the answer column) (a header under 60 lines of notes was refused
    as if the title were the header: 「1行目（見出し行）の列名を確認してください」)."""
    searched = list(scanned_rows(frame, past_lines=True))
    cells = [[tidy(str(cell)) for cell in frame.iloc[row] if tidy(str(cell))] for row in searched]
    named = [row for row in searched if len(cells[row]) >= 2 and {"comment", "answer"} & set(map_columns(cells[row]))]
    tabled = [row for row in searched if len(cells[row]) >= 2]
    row = (named or tabled or [0])[0]
    stopped = not tabled and bool(cells) and not map_columns(cells[0], exact=True) and _tabled_below(frame, len(searched))
    return MissingColumnsError(path, cells[row] if cells else [], [EXPECTED_LABEL], row + 1, len(searched),
                               _HEADER_SCAN_LINES if stopped else 0)


def _tabled_below(frame: pd.DataFrame, start: int) -> bool:
    """Whether a row of two or more filled cells comes at or after row ``start`` (read column by column: a list of
    100,000 comments is answered at once)."""
    if frame.shape[1] < 2 or start >= len(frame):
        return False
    below = frame.iloc[start:].astype(str)
    return bool((below.apply(lambda column: column.str.strip().ne("")).sum(axis=1) >= 2).any())


def _cell(row: pd.Series, mapping: dict[str, int], name: str) -> str:
    return str(row.iloc[mapping[name]]).strip() if name in mapping else ""


def _dated_nos(frame: pd.DataFrame, dates: dict[tuple[int, int], object], header_row: int,
               mapping: dict[str, int]) -> dict[int, tuple[str, str]]:
    """The rows (0-based) under the header whose No. cell Excel saved as a date (of ``dates``, the cells of every
    column that may be dates, as :func:`load_frame` gives them), each with what it holds
    (:func:`assistant.readers.hygiene.no_of_date`): a No. typed (「4-1」) and a number in a date format (「3」) are
    written into the frame; a date showing its year is kept as read, and named as Excel shows it."""
    if "no" not in mapping:
        return {}
    found = {}
    for (number, column), cell in dates.items():
        if column == mapping["no"] and number - 1 > header_row and (held := no_of_date(cell)) is not None:
            kind, text = held
            if kind != "dated":
                frame.iat[number - 1, column] = text
            found[number - 1] = (kind, text)
    return found


def _no(row: pd.Series, mapping: dict[str, int]) -> str:
    """The row's No.: numbers typed one under another in the cell (同趣旨 comments answered in one row) as 「1・2」
    (:func:`assistant.readers.grid.listed_numbers`), not 「1 2」."""
    cell = _cell(row, mapping, "no")
    return listed_numbers(cell.splitlines()) or tidy(cell)


# A staff sheet is no public document: of its other columns only those that say where in the plan, or what kind of
# comment, are kept (該当箇所, 頁, 章, 分類, 対応区分, 修正の有無 …); any other (受付日, 年代, お住まい, 団体名, 内部メモ)
# may hold the citizen's own data or the office's notes, and a column naming a person never counts as kept.
_KEPT_HEADER = re.compile(r"(?:(?:計画|素案|原案|案|本文|意見)の?)?(?:該当(?:箇所|部分|ページ|頁|項目|章|条文?)?|箇所|頁|ページ|章|節|"
                          r"項目|条文?|行|(?:意見の?)?(?:分類|種類|種別)|(?:(?:意見|回答|考え方|対応|反映)の?)?区分|対応の別|テーマ|論点|"
                          r"修正の有無|反映の有無|反映状況|修正内容)")
PERSONAL_HEADER = re.compile(r"氏名|名前|提出者|投稿者|意見者|住所|住まい|居住|電話|メール|mail|連絡先|年齢|年代|性別|生年|職業|団体|"
                              r"法人|ふりがな|フリガナ|メモ|経過|履歴|記録|担当者|対応者|内部", re.IGNORECASE)


def _extra_columns(texts: list[list[str]], top_row: int, header_row: int, width: int,
                   mapping: dict[str, int]) -> tuple[list[tuple[int, str]], list[str]]:
    """The header's other named columns kept with each row as ``ParsedItem.extra`` (as the published tables keep
    theirs): those :data:`_KEPT_HEADER` names; and the names of those left out."""
    taken = set(mapping.values())
    named = [(column, texts[header_row][column] or texts[top_row][column]) for column in range(width) if column not in taken]
    named = [(column, name) for column, name in named if name]
    kept = [(column, name) for column, name in named
            if _KEPT_HEADER.fullmatch(header_key(name)) and not PERSONAL_HEADER.search(name)]
    return kept, [name for column, name in named if (column, name) not in kept]


def _meta(title: str, rows: list[pd.Series], mapping: dict[str, int], front: dict) -> DocumentMeta:
    first = rows[0]
    start, end = parse_period(_cell(first, mapping, "date"))
    if start is None and "date" not in mapping:
        start, end = front.get("period_start"), front.get("period_end")
    return DocumentMeta(
        title=title,
        kind="spreadsheet",
        area=tidy(_cell(first, mapping, "area")) or None,
        department=tidy(_cell(first, mapping, "department")) or None,
        period_start=start,
        period_end=end,
        declared_count=front.get("declared_count") if "title" not in mapping else None,
    )


def _front(frame: pd.DataFrame, header_row: int) -> tuple[str, dict]:
    """The title and what the rows above the header say (period, declared count): a sheet saved from a
    published table keeps them there. Over a summary table of the preamble passed over for the header (「区分｜ご意見｜
    本市の対応」 over 「反映｜1件｜修正」) the title is looked for above the first row of several cells under the first
    line, none of the summary; else in every line above the header. The summary's total row gives the count of its
    comment column in 件 (「計｜3人｜5件」 → 5) as the declared count where no line gives one. A title and its date in
    one row (「…の結果｜令和6年3月」) are a line each, in the first row filled or the first row of several cells."""
    lines: list[str] = []
    titled = None  # how many lines the title is looked for in, over a summary
    comment, total = None, None  # the summary's comment column, its total
    for row in range(header_row):
        cells = [str(cell) for cell in frame.iloc[row] if tidy(str(cell))]
        # the title and its date in one row (「…の結果｜令和6年3月」, or in one cell): a line each, the date no part of it
        # (the first row filled, or the first of several cells under a line 「資料2」; a label row 「意見提出期限｜令和6年2月9日」
        # stays one line)
        dated = (not lines or (len(cells) >= 2 and titled is None)) and title_and_date(cells)
        if len(cells) >= 2 and lines and titled is None and not dated:
            titled = len(lines)
        if comment is None:  # a summary table passed over for the header (:func:`header_rows`) names both columns
            if {"comment", "answer"} <= set(mapping := map_columns(list(frame.iloc[row]))):
                comment = mapping["comment"]
        elif total is None:  # its 「計 2件」: the count declared, as it was read under the summary
            total = summary_total([str(cell) for cell in frame.iloc[row]], comment)
        lines.extend(dated or ([" ".join(tidy(cell) for cell in cells)] if cells else []))
    if not lines:
        return "", {}
    meta = find_meta("\n".join(lines))
    if meta.get("declared_count") is None and total is not None:
        meta["declared_count"] = total
    return choose_title([(line, None) for line in (lines[:titled] if comment is not None else lines)]), meta


_NUMBER = re.compile(r"^[(（]?\d+[)）.．]?$")


def _another_table(caption: list[str], header: list[str]) -> bool:
    """Whether a row of one cell and the row under it open a table of their own (「【参考】意見提出者の内訳」 over
    「区分｜人数｜ご意見の件数」): the first no group heading or note, the second short header words (no No., sentence
    or 「同上」), one of them naming a summary's column (:data:`_SUMMARY_WORDS`, :data:`_SUMMARY_CELLS`), and not a
    comment and an answer column together."""
    captions = [text for text in caption if text]
    return (len(captions) == 1 and header_like(captions[0]) and parse_heading(captions[0]) is None
            and not captions[0].startswith(("※", "＊", "*")) and _summary_header(header))


def _summary_header(header: list[str]) -> bool:
    """Whether a row is a summary table's header: at least two short header words (no No., sentence or 「同上」),
    one of them naming a summary's column, and not a comment and an answer column together."""
    headers = [text for text in header if text]
    flat = [unicodedata.normalize("NFKC", text).strip() for text in headers]
    summary = any(word in text for text in flat for word in _SUMMARY_WORDS) or any(text in _SUMMARY_CELLS for text in flat)
    return (len(headers) >= 2 and all(_header_word(text) for text in headers) and summary
            and not {"comment", "answer"} <= set(map_columns(headers)))


# A count in a summary table's row (「3」, 「12件」, 「1,024人」, 「25.0%」).
_COUNT = re.compile(r"^[0-9][0-9,]*(?:\.[0-9]+)?(?:件|人|名|通|者|団体|%)?$")


def _uncaptioned_table(header: list[str], under: list[str]) -> bool:
    """Whether a row opens a summary table of its own without a caption above it: a summary's header
    (:func:`_summary_header`, 「区分｜人数｜ご意見の件数」) over a row whose cells after the first are all counts
    (「個人｜3｜4」), which no row of an answer table is."""
    counts = [squash(text) for text in under if text][1:]
    return _summary_header(header) and bool(counts) and all(_COUNT.match(text) for text in counts)


# The columns of a summary table (who commented, how many, by what means): one of them must be named, so that a
# part heading over rows of the answer table (「駐輪場の拡充｜令和7年度に実施予定」) never ends the table.
_SUMMARY_WORDS = ("区分", "分類", "人数", "件数", "者数", "意見数", "提出数", "団体数", "割合", "内訳", "合計", "属性", "年代", "年齢",
                  "性別", "提出方法", "提出手段", "種別", "提出者")  # words, not characters: 「外国人への…」, 「バスの便数」 are rows
_SUMMARY_CELLS = {"人", "件", "数", "計", "者", "名"}  # a column headed by a unit alone (「提出者｜人」)


# What a row of the answer table holds and a header row never does: a No. (「4-1」, 「追1」, 「②」), 「同上」, a sentence.
_NOT_HEADER_WORD = re.compile(r"^(?:[追再補]?[0-9]+(?:[-‐・.][0-9]+)*|[①-⑳]|同上|.*(?:ます|です|たい|ほしい|ください|する|した|ない))$")


def _header_word(text: str) -> bool:
    """A short header word of another table (「区分」, 「人数」, 「ご意見の件数」), not a cell of the answer table."""
    flat = squash(text)
    return header_like(text) and len(flat) <= 12 and not _NUMBER.match(flat) and not _NOT_HEADER_WORD.match(flat)


def _header_again(row, mapping, header: list[str]) -> str | None:
    """The header typed again inside the table (「番号｜ご意見の要旨｜市の考え方」 over the second part, 「No」 for a
    printed page), as shown in a warning; None for a row of the table. Its No. cell holds no number, its comment and
    answer cells are short header words of those roles (「個別に対応」 is an answer, no header), and without a No.
    column they are column names (「意見箱の設置｜回答済」 is a row)."""
    def bare(text: str) -> str:  # 「ご意見の要旨」 and 「意見要旨」, 「本市の考え方」 and 「市の考え方」 name one column
        return re.sub(r"[ご御の本]", "", header_key(text))

    no, comment, answer = (tidy(_cell(row, mapping, role)) for role in ("no", "comment", "answer"))
    if no and column_role(no) != "no":  # a row's number: 「2｜意見交換会を開いてほしい｜回答します」 is a row
        return None

    if "no" not in mapping and not all(
            text == tidy(header[mapping[role]]) or bare(text) in {bare(name) for name in COLUMN_NAMES[role]}
            for role, text in (("comment", comment), ("answer", answer))):
        return None  # without a No. column only header names: 「意見箱の設置｜回答済」 is a row, 「意見の要旨｜市の考え方」 no
    if not all(text and _header_word(text) for text in (comment, answer)):
        return None
    if column_role(comment) != "comment" or column_role(answer) != "answer":
        return None
    return "｜".join(text for text in (no, comment, answer) if text)


def another_table_at(rows: list[list[str]], start: int) -> int | None:
    """The row where a table after the answer table begins, searching ``rows`` (cell texts) from ``start``, the
    first row under the answer table's header: after some rows of the table and a blank row, a row of one cell
    (its caption) over a row of header words (:func:`_another_table`), or a summary's header over a row of counts
    without a caption (:func:`_uncaptioned_table`). None when the sheet holds no such table.

    Example:
        >>> another_table_at([["1", "意見。", "回答。"], [], ["【参考】意見提出者の内訳"], ["区分", "人数", "件数"], ["個人", "3", "5"]], 0)
        2
        >>> another_table_at([["1", "意見。", "回答。"], [], ["区分", "人数", "件数"], ["個人", "3", "5"]], 0)
        2
    """
    read, blank = False, False
    for index in range(start, len(rows)):
        filled = [text for text in rows[index] if text]
        if not filled:
            blank = read
            continue
        under = rows[index + 1] if index + 1 < len(rows) else []
        if blank and (_another_table(rows[index], under) or _uncaptioned_table(rows[index], under)):
            return index
        blank, read = False, read or len(filled) >= 2
    return None


def note_under_table(row: list[str]) -> str | None:
    """The text of a row that holds only a note (「※ご意見は、趣旨を損なわない範囲で要約して掲載しています。」, 「【参考】…」,
    in whichever column), else None; asked of a row after a blank row under the answer table, or of a row with no
    No. under a numbered one."""
    filled = [text for text in row if text]
    if len(filled) == 1 and _NOTE_START.match(unicodedata.normalize("NFKC", filled[0])):
        return filled[0]
    return None


_NOTE_START = re.compile(r"[※*]|【(?:参考|注|注記|備考)】")


def note_warning(row_number: int, note: str, where: str = "") -> str:
    """The warning for a note under the answer table, which is no comment and joins none."""
    return (f"{where}{row_number}行目: 表の下の注記「{note}」は、ご意見ではないため項目に含めませんでした"
            "（前の項目にも加えていません）。")


def another_table_warning(rows: list[list[str]], at: int, where: str = "", offset: int = 1) -> str:
    """The warning for the rows of a table after the answer table (``rows[at:]``), which are not read as items;
    ``offset`` turns a position in ``rows`` into the row number Excel shows."""
    last = max(index for index in range(at, len(rows)) if any(rows[index]))
    filled = [text for text in rows[at] if text]
    if len(filled) > 1:  # no caption: the row is the table's header
        return (f"{where}{at + offset}行目から{last + offset}行目: 回答の表の後の別の表（見出し: {'・'.join(filled)}）は、"
                "回答の表の続きとみなせないため読み飛ばしました。原本を確認し、回答の表の一部であれば、その上の空の行を"
                "消してから取り込み直してください。")
    caption = filled[0]
    header = "・".join(text for text in rows[at + 1] if text)
    return (f"{where}{at + offset}行目から{last + offset}行目: 回答の表の後の別の表（「{caption}」、見出し: {header}）は、"
            "回答の表の続きとみなせないため読み飛ばしました。原本を確認し、回答の表の一部であれば、空の行と"
            f"「{caption}」の行を消してから取り込み直してください。")


def _excerpt(text: str, length: int = 20) -> str:
    """The start of a cell's text, as a warning quotes it (「計画全体について、…」)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[:length] + "…"


def beyond_header(row: list[str], width: int) -> str | None:
    """The warning's words for the cells of a row right of the header's last column name (``width`` columns), which
    no column names and so are not read (「4列目「余分な列の内容」」), else None.

    Example:
        >>> beyond_header(["1", "意見。", "回答。", "", "メモ"], 3)
        '5列目「メモ」'
    """
    cells = [f"{index + 1}列目「{_excerpt(text)}」" for index, text in enumerate(row[width:], start=width) if text]
    return "、".join(cells) or None


def beyond_header_warning(row_number: int, cells: str, where: str = "") -> str:
    """The warning for a row's cells right of the header (:func:`beyond_header`)."""
    return (f"{where}{row_number}行目: 見出しのない列の内容（{cells}）は、どの欄にも当たらないため取り込んでいません。"
            "原本を確認し、必要な内容であれば、ご意見か回答の欄に移してから取り込み直してください。")


def shared_titles(titles: list[str]) -> list[str | None]:
    """For each blank 件名 cell of a table's rows (``titles``, in order), the 件名 the nearest filled cells above and
    below it share (a blank between rows of one 件名: 「同上」 left out, or a missed entry), else None; None too for
    each filled cell.

    Example:
        >>> shared_titles(["除雪計画", "", "", "除雪計画", "", "公園計画", ""])
        [None, '除雪計画', '除雪計画', None, None, None, None]
    """
    above: list[str] = []
    for text in titles:
        above.append(text or (above[-1] if above else ""))
    below: list[str] = []
    for text in reversed(titles):
        below.append(text or (below[-1] if below else ""))
    below.reverse()
    return [None if text or not up or up != down else up for text, up, down in zip(titles, above, below)]


# What numbers a row: a digit, a circled or Roman numeral, a kanji numeral.
_NUMERAL = re.compile(r"[0-9０-９①-⑳⑴-⒇⒈-⒛Ⅰ-Ⅻⅰ-ⅻ〇一二三四五六七八九十百]")


def word_no(no: str) -> bool:
    """Whether a No. cell holds a word rather than a number (「個人」, 「区分」: a row of another table under the
    answer table), not 「4-1」, 「総-1」, 「②」, 「第三」 or a one-letter sub-number (「ア」, 「b」).

    Example:
        >>> [word_no(no) for no in ["個人", "団体", "4-1", "総-1", "②", "ア", "No.3"]]
        [True, True, False, False, False, False, False]
    """
    return not _NUMERAL.search(no) and sum(char.isalpha() for char in no) >= 2


def _no_sentence(row: pd.Series, mapping: dict[str, int]) -> bool:
    """Whether the row's comment and answer are short words or counts (「人数｜ご意見の件数」, 「3｜4」), as in a table
    under the answer table, not sentences (a row numbered 「その他」 or 「全般」 that answers a comment)."""
    return all(len(text) <= 15 and "。" not in text
               for text in (str(_cell(row, mapping, role)).strip() for role in ("comment", "answer")))


def _heading(row: pd.Series) -> str | None:
    """The title of a group heading row (「１　計画全体について」 in a cell of its own), else None."""
    texts = [str(value).strip() for value in row if str(value).strip()]
    heading = parse_heading(texts[0]) if len(texts) == 1 else None
    return heading.title if heading is not None else None


@dataclass
class _Title:
    """What the rows of one title (one document) gather, over every sheet read."""

    front: dict
    rows: list[tuple[pd.Series, dict[str, int], str | None, str | None]] = field(default_factory=list)  # row, its
    # sheet's columns, topic, key
    warnings: list[str] = field(default_factory=list)
    total: int | None = None  # a total row's count (「合計 | 6件」), which is no item
    numbered: list[tuple[object, str, str]] = field(default_factory=list)  # each numbered row's group (its sheet and
    # heading: numbering may restart under each), No. and place, for the check of repeated Nos.
    typed: list[tuple[str, str]] = field(default_factory=list)  # each No. read back from a date Excel made of it, and
    # its place; and each date showing its year read as a No.
    dated: list[tuple[str, str]] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)  # the places of Nos. read as 59 that may be 60


_Frame = tuple["Sheet | None", pd.DataFrame, set[int], dict[tuple[int, int], object]]


def _frames(path: Path, encoding: str | None) -> tuple[list[_Frame], list[str]]:
    """The frames to read (each sheet Excel shows, or the CSV), each with its sheet, its hidden rows and its date cells
    (:func:`load_frame`), and notes on the hidden sheets."""
    if path.suffix.lower() not in XLSX_SUFFIXES:
        return [(None, load_frame(path, encoding), set(), {})], []
    sheets = xlsx_sheets(path)
    shown = [sheet for sheet in sheets if sheet.visible]
    notes = [no_shown_sheet_warning(sheets[0].title)] if not shown else []
    shown = shown or sheets[:1]
    notes += [hidden_sheet_warning(sheet.title) for sheet in sheets if sheet not in shown]
    frames = []
    for sheet in shown:
        hidden: set[int] = set()
        dates: dict[tuple[int, int], object] = {}
        frames.append((sheet, load_frame(path, encoding, sheet.index, hidden, dates), hidden, dates))
    return frames, notes


def read_spreadsheet(path: Path, encoding: str | None = None) -> list[ParsedDocument]:
    """Read every answered row, grouped into one document per title.

    Every sheet Excel shows is read (a sheet without the header row is named in a warning); when there
    are several, a row's topic is its sheet's name unless a heading row above it says otherwise. Hidden
    sheets and hidden rows are left out, each named in a warning.

    Raises:
        MissingColumnsError: If no sheet has a header row naming a comment and an answer column.
        NoContentError: If the header is there but no row has content.
    """
    frames, sheet_notes = _frames(path, encoding)
    headed = [(sheet, frame, header_rows(frame, past_lines=True), hidden, dates)
              for sheet, frame, hidden, dates in frames]
    if all(found is None for _, _, found, *_ in headed):
        raise _missing_columns(frames[0][1], path)  # naming what the first sheet's likeliest header row holds
    several = sum(found is not None for _, _, found, *_ in headed) > 1
    read = {sheet.index for sheet, _, found, *_ in headed if sheet is not None and found is not None}
    formulas = uncached_formulas(read_bytes(path), read) if read else []  # one pass over the workbook
    titles: dict[str, _Title] = {}
    blank = 0
    for sheet, frame, found, hidden, dates in headed:
        where = f"シート「{sheet.title}」" if sheet is not None and len(frames) > 1 else ""
        if found is None:
            sheet_notes.append(headerless_sheet_warning(sheet.title))
            continue
        top_row, header_row, mapping = found
        front_title, front = _front(frame, top_row)
        # A No. Excel turned into a date (「4-1」 typed, saved as April 1 of this year) is read back as typed, and named.
        dated = _dated_nos(frame, dates, header_row, mapping)
        dates.clear()  # the other columns' dates are no concern of the reader's
        topic: dict[str, str | None] = {}
        skipped: dict[str, list[int]] = {}
        texts = [[tidy(str(value)) for value in frame.iloc[index]] for index in range(len(frame))]
        # The header's columns: up to its last column name (on either row of a header typed on two).
        width = max((column + 1 for index in range(top_row, header_row + 1)
                     for column, text in enumerate(texts[index]) if text), default=0)
        end = another_table_at(texts, header_row + 1)
        stop = len(frame) if end is None else end
        extras, personal = _extra_columns(texts, top_row, header_row, width, mapping)
        if personal:
            sheet_notes.append(f"{where}{'の' if where else ''}列「{'」「'.join(personal)}」は取り込んでいません（該当箇所・分類など"
                               "のほかは、ご意見を出した人の情報や内部のメモを含むおそれがあるため）。")
        # A blank 件名 between rows of one 件名 is taken as theirs; any other goes with the title above the header or
        # the file's name. Either way the rows read as items are named.
        shared = shared_titles([texts[index][mapping["title"]] for index in range(header_row + 1, stop)]
                               if "title" in mapping else [])
        untitled: dict[str, list[int]] = {}
        numbered = False  # whether a row of this sheet read so far had a number in its No. column
        # The check of repeated Nos.: a sheet may number again under each value of a 分類 or 担当課 column (1, 2 under
        # 総論, then 1, 2 under 各論), and a 受付番号 read as the No. numbers the senders (one sender's comments share it).
        header_of = {column: texts[header_row][column] or texts[top_row][column] for column in range(width)}
        checked = "no" in mapping and not sender_number(header_of.get(mapping["no"], ""))
        groups = [column for column, name in header_of.items()
                  if name and column not in (mapping.get(role) for role in ("no", "comment", "answer", "title"))
                  and numbering_group(name)]
        roles = {column: role for role, column in mapping.items()}
        for index in range(header_row + 1, stop):
            row = frame.iloc[index]
            if not any(str(value).strip() for value in row):
                blank += 1
                continue
            if index == header_row + 1 and all(qualifier_cell(text, roles.get(column)) for column, text
                                               in enumerate(texts[index]) if text):
                continue  # 「（要旨）」 under 「ご意見の概要」: the header's second row, no item
            title = tidy(_cell(row, mapping, "title"))
            inferred = shared[index - header_row - 1] if not title and "title" in mapping else None
            fallback = not title and not inferred and "title" in mapping
            title = title or inferred or front_title or path.stem
            gathered = titles.setdefault(title, _Title(front=front))
            if index + 1 in hidden:
                skipped.setdefault(title, []).append(index + 1)
                continue
            # A note right under a numbered table, in the comment column, is told by its missing No. (review of the
            # README: 「※ご意見は要約して掲載しています。」 there became an item No.3 with no answer). A ※ line alone in
            # the answer column stays what it was (an answer-only item, named).
            if (gathered.rows and (note := note_under_table(texts[index])) is not None
                    and (not any(texts[index - 1]) or (numbered and note == tidy(_cell(row, mapping, "comment"))))):
                gathered.warnings.append(note_warning(index + 1, note, where))
                continue
            if gathered.rows and (total := total_row([str(value) for value in row])) is not None:
                gathered.total = total
                gathered.warnings.append(f"{where}{index + 1}行目: {total_note(total)}")
                continue
            if gathered.rows and (again := _header_again(row, mapping, texts[header_row])) is not None:
                gathered.warnings.append(f"{where}{index + 1}行目: {header_again_note(again)}")
                continue
            outside = beyond_header(texts[index], width)
            if not _cell(row, mapping, "comment") and not _cell(row, mapping, "answer"):
                if (heading := _heading(row)) is not None:
                    topic[title] = heading  # a group heading: the topic of the rows under it
                else:
                    gathered.warnings.append(f"{where}{index + 1}行目: {SKIPPED_EMPTY}")
                if outside is not None and heading is None:
                    gathered.warnings.append(beyond_header_warning(index + 1, outside, where))
                continue
            # A row without a No. is numbered by position (the store keys it by its comment: ParsedItem.positional).
            no = _no(row, mapping)
            key = (f"{sheet.index + 1}-{no}" if no else str(sheet.index + 1)) if several else None
            gathered.rows.append((row, mapping, topic.get(title, sheet.title if several else None), key, extras))
            if index in dated and dated[index][0] == "unsure":  # 59 or 60 in a date format: read as 59, said
                gathered.unsure.append(f"{where}{index + 1}行目")
            elif index in dated and dated[index][0] != "number":  # a number in a date format is read as it, in silence
                kind, text = dated[index]
                (gathered.typed if kind == "typed" else gathered.dated).append(
                    (no if kind == "typed" else text, f"{where}{index + 1}行目"))
            if no and checked:
                group = tuple(texts[index][column] for column in groups if column < len(texts[index]))
                gathered.numbered.append(((sheet.index if sheet is not None else None, topic.get(title), group), no,
                                          f"{where}{index + 1}行目"))
            if not _cell(row, mapping, "comment"):  # kept, as the published-table readers keep it
                gathered.warnings.append(f"{where}{index + 1}行目: ご意見の欄が空です。回答だけを項目として取り込みました。"
                                         "ご意見の欄を確認してください。")
            if not _cell(row, mapping, "answer"):
                gathered.warnings.append(f"{where}{index + 1}行目: 回答（本市の考え方）が空です。回答の欄を確認してください。")
            if outside is not None:
                gathered.warnings.append(beyond_header_warning(index + 1, outside, where))
            if no and numbered and word_no(no) and _no_sentence(row, mapping):
                gathered.warnings.append(f"{where}{index + 1}行目: No. が「{no}」で、上の行のような番号ではありません。回答の表の後に"
                                         "別の表が続いていないか、原本を確認してください（この行は項目として取り込みました）。")
            numbered = numbered or bool(_NUMERAL.search(no))
            if inferred:
                gathered.warnings.append(f"{where}{index + 1}行目: 件名の欄が空のため、前後の行と同じ「{title}」の項目として"
                                         "読みました。別の件名であれば、件名の欄に記入してから取り込み直してください。")
            elif fallback:
                untitled.setdefault(title, []).append(index + 1)
        for title, rows in untitled.items():
            named = "表の上の題名" if title == front_title else "ファイル名"
            numbers = listed([f"{row}行目" for row in rows], "行")
            titles[title].warnings.append(
                f"{where}{'の' if where else ''}件名の欄が空の行（{numbers}）は、{named}「{title}」を件名として取り込みました。"
                "ほかの件名の行であれば、件名の欄に記入してから取り込み直してください。")
        for title, rows in skipped.items():
            titles[title].warnings.append(hidden_rows_warning([f"{row}行目" for row in rows], f"{where}の" if where else ""))
        if end is not None and titles:  # the rows of a table after the answer table: the last title's
            list(titles.values())[-1].warnings.append(another_table_warning(texts, end, where))
    # A title whose rows were all hidden (or empty) makes no document: its warnings go with the others.
    orphaned = [f"「{title}」: {warning}" for title, gathered in titles.items() if not gathered.rows for warning in gathered.warnings]
    titles = {title: gathered for title, gathered in titles.items() if gathered.rows}
    if not titles:
        raise NoContentError(path, NO_DATA_ROWS + some_notes(orphaned))
    sheet_notes += orphaned
    digest = sha256(path.read_bytes())
    documents = []
    for title, gathered in titles.items():
        items = tuple(
            ParsedItem(
                no=_no(row, mapping) or str(position),
                comment="\n".join(_paragraphs(_cell(row, mapping, "comment"))),
                answer_paragraphs=tuple(_paragraphs(_cell(row, mapping, "answer"))),
                topic=row_topic,
                extra={name: value for column, name in extras if (value := "\n".join(_paragraphs(str(row.iloc[column]))))},
                key=key,
                positional=not _no(row, mapping),
            )
            for position, (row, mapping, row_topic, key, extras) in enumerate(gathered.rows, start=1)
        )
        meta = _meta(title, [row for row, *_ in gathered.rows], gathered.rows[0][1], gathered.front)
        meta = with_total(meta, gathered.total)
        notes = (sheet_notes + gathered.warnings + date_no_warnings(gathered.typed, gathered.dated, gathered.unsure)
                 + repeated_number_warnings(gathered.numbered))
        notes += [f"空の行を{blank}行読み飛ばしました。"] if blank else []
        notes += [formula_warning(formulas)] if formulas else []
        notes += count_warning(meta.declared_count, items)
        documents.append(ParsedDocument(meta, items, tuple(notes), str(path), digest))
    return documents


_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _paragraphs(text: str) -> list[str]:
    """A staff sheet's cell as typed, a paragraph a line (its spaces and tabs are the writer's, not a layout's:
    :func:`assistant.textnorm.typed_paragraphs`), and a sentence end followed by a space ends one too, as a table
    flattened from a PDF into a sheet marks its paragraph breaks (:func:`assistant.readers.cells.cell_paragraphs`);
    a cell of HTML (a web form's export) by its tags."""
    if not has_markup(text):
        # complete character references as a web form's export writes them (「Q&amp;A」), decoded as a tagged cell's
        # are; not 「&copy」 without its 「;」 in 「&copyright」 typed plainly
        text = _REFERENCE.sub(lambda found: html.unescape(found.group(0)), text)
        return [piece for line in typed_paragraphs(text) for piece in PLAIN_BREAK.split(line) if piece]
    return [paragraph for line in text.splitlines() for paragraph in cell_paragraphs(line)]
