"""Reader for Excel workbooks in the published answer-table layout.

Published workbooks have title rows above the header (「○○に対する意見募集の結果」, the period, the
count), merged cells (a title across the table, an answer cell shared by several comments, a
該当箇所 spanning rows) and sometimes group headings. They are read with openpyxl, which knows the
merged ranges, into blocks for :mod:`assistant.readers.grid`. A workbook with a 件名 column (several
consultations in one list), or one without merged cells that shows nothing else of the published layout (a
cover sheet, a row continuing the item above), is a staff sheet and is left to
:func:`assistant.readers.spreadsheet.read_spreadsheet`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import weakref
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from assistant.models import ParsedDocument
from assistant.readers.docmeta import not_title, summary_total, title_and_date, with_total
from assistant.readers.document import build_document
from assistant.readers.grid import Block, Cell, Line, Row
from assistant.readers.hygiene import (date_no_warnings, formula_warning, headerless_sheet_warning, hidden_rows_warning,
                                       hidden_sheet_warning, no_of_date, uncached_formulas)
from assistant.readers.spreadsheet import (PERSONAL_HEADER, XLSX_ERRORS, another_table_at, another_table_warning,
                                           answer_table_under, counts_under, map_columns, note_under_table, note_warning,
                                           unescape_ooxml)
from assistant.readers.text import count_warning
from assistant.textnorm import tidy, typed_paragraphs

NOTHING = ("Excel ファイルの中に、意見と回答の表（No.・ご意見・考え方などの見出し行）が見つかりません。"
           "見出し行の列名を確認してください。")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y年%m月%d日")
    return unescape_ooxml(value) if isinstance(value, str) else str(value)


class _SheetRows:
    """A sheet's rows as texts and column roles (:func:`map_columns` of the texts tidied, or as typed), read as far
    as a search asks and kept: the header searches (:func:`_has_header`, :func:`_is_staff_sheet`,
    :func:`_table_header`) read a sheet's rows once between them, not once each (a headerless sheet of 20,000 rows
    is read to its end by each). A row whose tidied texts are the texts as typed has its roles found once."""

    def __init__(self, sheet) -> None:
        self.rows = sheet.iter_rows(min_row=1, values_only=True)
        self.texts: list[list[str]] = []
        self.roles: dict[bool, list[dict[str, int]]] = {True: [], False: []}
        self.found: dict[tuple[str, ...], dict[str, int]] = {}

    def row(self, index: int, tidied: bool) -> tuple[list[str], dict[str, int]] | None:
        """Row ``index``'s texts (tidied or as typed) and their roles, else None past the sheet's last row."""
        while index >= len(self.texts):
            values = next(self.rows, None)
            if values is None:
                return None
            self.texts.append([_text(value) for value in values])
        texts = [tidy(text) for text in self.texts[index]] if tidied else self.texts[index]
        roles = self.roles[tidied]
        while len(roles) <= index:  # rows are asked for in order: found for each row up to this one
            key = tuple(tidy(text) for text in self.texts[len(roles)]) if tidied else tuple(self.texts[len(roles)])
            if key not in self.found:
                self.found[key] = map_columns(list(key))
            roles.append(self.found[key])
        return texts, dict(roles[index])


_READ: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # a loaded sheet's rows, read once (:class:`_SheetRows`)


def _sheet_rows(sheet):
    """The rows of ``sheet`` as read so far, yielded one at a time as texts (tidied or as typed) and roles: a function
    ``rows(tidied)`` (a sheet is read as loaded, never changed after its rows are read)."""
    read = _READ.get(sheet)
    if read is None:
        read = _READ[sheet] = _SheetRows(sheet)

    def rows(tidied: bool):
        index = 0
        while (row := read.row(index, tidied)) is not None:
            yield row
            index += 1
    return rows


def _is_staff_sheet(sheet, cover: bool = False) -> bool:
    """A header with a 件名 column (several consultations in one list), or no merged cells and nothing else of the
    published layout: one comment per row. Without merged cells, a numbered table with a row that continues the item
    above (:func:`_continued_row`), or a cover sheet before it (``cover``) and no row of a comment alone under a
    numbered one (a staff sheet's comment not yet numbered nor answered), is a published table typed without merging;
    not when a column names the person who wrote (a staff sheet's, which the staff reader leaves out). A summary table
    of the preamble over the header (:func:`_summary_under`) is passed over as :func:`_table_header` passes it."""
    for index, (row, mapping) in enumerate(_sheet_rows(sheet)(True)):  # down to the header, as read
        if "comment" in mapping and "answer" in mapping and not (
                _summary_under(sheet, index, mapping) and (_table_header(sheet) or (index,))[0] > index):
            if "title" in mapping:
                return True
            if sheet.merged_cells.ranges:
                return False
            if any(text and PERSONAL_HEADER.search(text) for column, text in enumerate(row)
                   if column not in (mapping["comment"], mapping["answer"])):
                return True
            rows = [[tidy(_text(value)) for value in row] for row in sheet.iter_rows(values_only=True)]
            if _continued_row(rows, index, mapping):
                return False
            # A cover says published, unless a comment not yet numbered nor answered says staff: read as a published
            # table, it would be joined to the comment above.
            return not cover or _continued_row(rows, index, mapping, alone="comment")
    return not sheet.merged_cells.ranges


def _continued_row(rows: list[list[str]], header: int, mapping: dict[str, int], alone: str = "answer") -> bool:
    """Whether, under a numbered row of the table, a row with an empty No. holds only an answer (the rest of the item
    above: 「また、改善が見られない場合は…」 under No.２'s answer), as a published table typed without merging
    continues an item; not a note (「※…」), nor a row after a blank row. A row of a comment alone is no sign: a staff
    sheet's comment not yet numbered nor answered is one too, and read as a published table it would be joined to the
    comment above (``alone="comment"`` asks for such a row)."""
    if "no" not in mapping:
        return False
    other = "comment" if alone == "answer" else "answer"
    end = another_table_at(rows, header + 1)
    numbered = False
    for row in rows[header + 1:end]:
        cell = lambda role: row[mapping[role]] if mapping[role] < len(row) else ""  # noqa: E731
        if not any(row):
            numbered = False
        elif cell("no"):
            numbered = True
        elif numbered and cell(alone) and not cell(other) and note_under_table(row) is None:
            return True
    return False


def _names_table(upper: dict[str, int], lower: dict[str, int], apart: bool = True) -> bool:
    """Whether a row's column roles (``upper``), alone or with those of the row under it (``lower``: a header printed
    on two rows), name a comment column and an answer column; on two rows with ``apart``, in two different columns (two
    lines of a preamble, 「ご意見の概要」 over 「本市の考え方」 in one merged cell, are no header on two rows, where the
    header's place and columns are used)."""
    if {"comment", "answer"} <= set(upper):
        return True
    both = {**lower, **upper}
    return {"comment", "answer"} <= set(both) and (not apart or both["comment"] != both["answer"])


def _summary_under(sheet, index: int, mapping: dict[str, int], tidied: bool = True) -> bool:
    """Whether the rows under row ``index`` (which names a comment and an answer column alone) are a summary's, not
    items (:func:`assistant.readers.spreadsheet.counts_under`); read from the sheet's rows as read so far, and on."""
    return counts_under(_rows_from(sheet, index + 1, tidied), mapping["comment"])


def _rows_from(sheet, at: int, tidied: bool = True) -> Iterator[list[str]]:
    """The sheet's rows' texts from row ``at`` on, read as needed (:data:`_READ`)."""
    read = _READ[sheet]
    while (row := read.row(at, tidied)) is not None:
        yield row[0]
        at += 1


def _answer_header(sheet, summary: int, found: tuple[int, dict[str, int], dict[str, int]], tidied: bool = True) -> bool:
    """Whether the header ``found`` after a summary table in row ``summary`` is the answer table's
    (:func:`assistant.readers.spreadsheet.answer_table_under`): the line above it, the rows under it."""
    read = _READ[sheet]
    index, upper, lower = found
    above = ""
    for at in range(index - 1, summary, -1):  # the line just above the header, after the summary
        if filled := [text for text in read.row(at, tidied)[0] if text.strip()]:
            above = " ".join(filled)
            break
    return answer_table_under(above, {**lower, **upper}, _rows_from(sheet, index + 1 + bool(lower), tidied))


def _table_header(sheet, tidied: bool = True, apart: bool = True) -> tuple[int, dict[str, int], dict[str, int]] | None:
    """The first of the sheet's rows that names a comment column and an answer column, alone or with the row under it
    (:func:`_names_table`): its index, its roles and those of the row under it; else None. A row that names both
    columns alone is the header itself, not the lower half of one on two rows with the row above it, unless that row
    names a column the header leaves without a name (「No.」 merged down two rows): a caption over the header
    (「ご意見の内容と本市の考え方」, 「意見件数：2件」) stays a line of the preamble. The header is looked for as the items
    are read (:func:`assistant.readers.grid.read_grid`), however long a preamble stands above it; the rows are read one
    at a time, and the search stops there (a header in row 3 reads 4 rows). A row naming both columns over rows of
    counts (:func:`_summary_under`: 「ご意見｜本市の対応」 over 「12件｜反映 3件」) is a summary of the preamble when the
    next header after it is the answer table's (:func:`_answer_header`), and that one is the header; else it is the
    header, as found (a 【参考】 table's header under a one-item answer table 「1件｜反映しました。」 is not)."""
    rows = _sheet_rows(sheet)(tidied)
    upper = next((roles for _, roles in rows), None)
    index = 0
    summary = None
    while upper is not None:
        lower = next((roles for _, roles in rows), None)
        if (lower is not None and {"comment", "answer"} <= set(lower) and not {"comment", "answer"} <= set(upper)
                and all(role in lower or column in lower.values() for role, column in upper.items())):
            upper, index = lower, index + 1  # the lower row alone is the header: read on from it
            continue
        if _names_table(upper, lower or {}, apart):
            found = (index, upper, lower or {})
            if summary is not None:  # the answer table's header, or the summary is the header (as found before)
                return found if _answer_header(sheet, summary[0], found, tidied) else summary
            if not ({"comment", "answer"} <= set(upper) and _summary_under(sheet, index, upper, tidied)):
                return found
            summary = found  # the header unless the answer table's comes after it
        upper, index = lower, index + 1
    return summary


def _has_header(sheet) -> bool:
    """Whether one of the sheet's rows (or two rows together, a header printed on two, or the labels 「ご意見」 and
    「本市の考え方」 of a comment typed in one column, row under row) names a comment column and an answer column: a
    sheet to read, not a cover or a summary."""
    return _table_header(sheet, tidied=False, apart=False) is not None


def _another_table(sheet, found: tuple[int, dict[str, int], dict[str, int]] | None) -> tuple[int, str] | None:
    """The row number where a table after the answer table (whose header is ``found``, :func:`_table_header`) begins
    (「【参考】意見提出者の内訳」 over 「区分｜人数｜ご意見の件数」 after a blank row,
    :func:`assistant.readers.spreadsheet.another_table_at`) and the warning naming it, else None."""
    if found is None:
        return None
    rows = [[tidy(_text(value)) for value in row] for row in sheet.iter_rows(values_only=True)]  # from row 1
    header = None if found is None else found[0] + (not {"comment", "answer"} <= set(found[1]))  # on two rows: the lower
    at = None if header is None else another_table_at(rows, header + 1)
    return None if at is None else (at + 1, another_table_warning(rows, at, f"シート「{sheet.title}」の"))


def _no_column(found: tuple[int, dict[str, int], dict[str, int]] | None) -> tuple[int, int] | None:
    """The row number of the answer table's header ``found`` (:func:`_table_header`; its lower row, for a header on
    two) and the position of its No. column, else None."""
    if found is None:
        return None
    index, upper, lower = found
    one = {"comment", "answer"} <= set(upper)  # else a header on two rows
    column = upper.get("no") if one else upper.get("no", lower.get("no"))
    return None if column is None else (index + 1 + (not one), column)


def _summary_row(sheet, header: tuple[int, dict[str, int], dict[str, int]] | None) -> tuple[int, int] | None:
    """The row of a summary table passed over above the answer table's ``header`` (:func:`_table_header`) and its
    comment column, else None."""
    if header is None:
        return None
    for index, (_, mapping) in enumerate(_sheet_rows(sheet)(True)):
        if index >= header[0]:
            return None
        if {"comment", "answer"} <= set(mapping) and _summary_under(sheet, index, mapping):
            return index, mapping["comment"]
    return None


def _sheet_blocks(sheet, hidden: list[str], others: list[str] | None = None,
                  dates: list[tuple[str, str, str]] | None = None, totals: list[int] | None = None) -> list[Block]:
    """The sheet's rows as blocks; rows hidden in Excel are left out, and named in ``hidden``; a table after the
    answer table is left out, and named in ``others``. A No. Excel saved as a date is read back as typed when the date's
    year is one Excel invented, as the number when it is a number in a date format, else kept as read
    (:func:`assistant.readers.hygiene.no_of_date`); each is named in ``dates`` (what it held, its text, its place). The
    count of a total row of a summary table passed over above the header (「計 2件」) is added to ``totals``."""
    header = _table_header(sheet) if others is not None or dates is not None else None
    summary_at = _summary_row(sheet, header) if totals is not None else None
    found = _another_table(sheet, header) if others is not None else None
    no_at = _no_column(header) if dates is not None else None
    end = None if found is None else found[0]
    if found is not None:
        others.append(found[1])
    covered: dict[tuple[int, int], Cell] = {}
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if (row, column) != (merged.min_row, merged.min_col):
                    covered[(row, column)] = Cell(merged_from_above=row > merged.min_row,
                                                  merged_from_left=row == merged.min_row)
    blocks: list[Block] = []
    table_seen = blank = boxed = False
    for cells in sheet.iter_rows(max_row=None if end is None else end - 1):
        if cells and sheet.row_dimensions[cells[0].row].hidden:
            if any(cell.value not in (None, "") for cell in cells):
                hidden.append(f"{sheet.title} {cells[0].row}行目")
            continue
        row_cells: list[Cell] = []
        sizes = []
        for cell in cells:
            key = (cell.row, cell.column)
            if key in covered:
                row_cells.append(covered[key])
                continue
            text = _text(cell.value)
            if (no_at is not None and cell.row > no_at[0] and cell.column - 1 == no_at[1] and cell.value is not None
                    and (found := no_of_date(cell)) is not None):
                kind, shown = found  # 「4-1」 typed, saved as April 1 of this year; 3 in a 「m/d」 cell; a date
                text = text if kind == "dated" else shown
                dates.append((kind, shown, f"シート「{sheet.title}」の{cell.row}行目"))
            paragraphs = tuple(typed_paragraphs(text))  # as typed into the cell: its spaces are the writer's
            row_cells.append(Cell(paragraphs))
            if paragraphs and cell.font is not None and cell.font.sz:
                sizes.append(float(cell.font.sz))
        while row_cells and not (row_cells[-1].paragraphs or row_cells[-1].merged_from_above
                                 or row_cells[-1].merged_from_left):  # a row merged across stays as wide
            row_cells.pop()
        filled = [cell for cell in row_cells if cell.paragraphs]
        if not filled and not any(cell.merged_from_above for cell in row_cells):
            blank = table_seen
            continue
        if blank and others is not None and (note := note_under_table(["".join(cell.paragraphs) for cell in row_cells])):
            others.append(note_warning(cells[0].row, note, f"シート「{sheet.title}」の"))  # joins no comment
            continue
        blank = False
        if not blocks and (dated := title_and_date([" ".join(cell.paragraphs) for cell in filled])):
            # the title and its date in one row (「…の結果｜令和6年3月」, or in one cell): a line each, the date no part
            # of the title (it had been read as 「…の結果令和6年3月」); the first row filled only, the title's (a label
            # row under it, 「意見提出期限｜令和6年2月9日」, stays one line)
            blocks.extend(Line(text, None, max(sizes, default=None)) for text in dated)
            continue
        if not table_seen and header is not None and cells[0].row <= header[0] and (boxed or len(filled) >= 2):
            # above the answer table's header, a row of several cells (「意見件数｜2件」, a summary 「区分｜件数」) and the
            # rows after it are lines of the preamble, as a caption row is (never the title): no table that a numbered
            # line above it (「２　意見の取扱い区分」) would head as the items' topic
            boxed = True
            text = " ".join(" ".join(cell.paragraphs) for cell in filled)
            if (summary_at is not None and cells[0].row - 1 > summary_at[0] and (total := summary_total(
                    ["".join(cell.paragraphs) for cell in row_cells], summary_at[1])) is not None):
                # the summary's 「計 2件」, the count in its comment column (「計｜3人｜5件」 → 5): the count declared, as it
                # was read under the summary
                totals.append(total)
            blocks.append(Line(text, None, max(sizes, default=None), in_table=True))
            continue
        if not table_seen and len(filled) <= 1:
            blocks.append(Line(" ".join(filled[0].paragraphs) if filled else "", None, max(sizes, default=None)))
            continue
        blocks.append(Row(tuple(row_cells), None, table_start=not table_seen))
        table_seen = table_seen or len(filled) >= 2
    width = max((len(block.cells) for block in blocks if isinstance(block, Row)), default=0)
    return [Row(block.cells + (Cell(),) * (width - len(block.cells)), None, block.table_start)
            if isinstance(block, Row) else block for block in blocks]


# What a cover's label names (「意見募集期間」, 「意見件数」, 「意見提出者数」, 「担当」, 「件名」, 「公表日」); a summary
# table's first column (「区分」, 「施設について」, 「合計」) names none of these.
_COVER_LABEL = re.compile(r"期間|件数|意見の?数|提出|受付|担当|所管|件名|題名|タイトル|名称|案件|計画名|募集|実施|公表|締切|期限|"
                          r"開始|終了|年月日|日付|日$|問い?合わ?せ|連絡先|部署|課$|方法|根拠|作成")
# A label whose value is the title itself (「件名｜…の実施結果」): the line is the value alone.
_TITLE_LABEL = re.compile(r"(?:件名|案件名|題名|タイトル)")


def _label(text: str) -> bool:
    """Whether a cell is a cover's label (「意見募集期間」, 「意見件数」, 「担当」): a short word naming what a cover
    says (:data:`_COVER_LABEL`), no number or sentence."""
    flat = unicodedata.normalize("NFKC", text).strip().rstrip(":：").strip()
    return 0 < len(flat) <= 15 and not re.search(r"\d|[。、]", flat) and bool(_COVER_LABEL.search(flat))


def _cover_lines(blocks: list[Block]) -> list[Line] | None:
    """A cover sheet's blocks as lines: a row of a label and its value (「意見件数｜9件」) as one line 「意見件数 9件」
    (「件名｜…の結果」 as the value alone), a row of one cell as its text; None when a row holds more (a summary table:
    「区分｜人数｜件数」) or its first cell names nothing a cover says (「区分｜件数」, 「施設について｜3件」)."""
    lines = []
    for block in blocks:
        if isinstance(block, Line):
            lines.append(block)
            continue
        filled = [" ".join(cell.paragraphs) for cell in block.cells if cell.paragraphs]
        if len(filled) > 2 or (len(filled) == 2 and not _label(filled[0])):
            return None
        if len(filled) == 2 and _TITLE_LABEL.fullmatch(unicodedata.normalize("NFKC", filled[0]).strip().rstrip(":：").strip()):
            filled = filled[1:]
        if filled:
            lines.append(Line(" ".join(filled), block.page))
    return lines


_RESULT = re.compile(r"結果|意見|考え方|パブリック・?コメント|パブコメ")  # a cover's title line names the result


def _cover_title(blocks: list[Block]) -> str | None:
    """A cover sheet's title: its opening lines up to the one naming the result (「…パブリックコメントの実施
    結果」), at most three; None when none of them does (a sheet of notes: 「本資料の見方」)."""
    lines = [tidy(block.text) for block in blocks[:3] if isinstance(block, Line) and tidy(block.text)]
    for end, line in enumerate(lines):
        if not_title(line) or line.endswith("。"):
            return None
        if _RESULT.search(line):
            return "".join(lines[:end + 1])
    return None


def read_published_workbook(path: Path, data: bytes, digest: str) -> ParsedDocument | None:
    """Read a workbook in the published layout, or None when it is a staff sheet (or not readable here).

    Every visible sheet is read in order, as one document (with several, a sheet's name is the topic of
    its rows, above their own group headings); hidden sheets and rows are left out, each named in a warning.
    """
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except XLSX_ERRORS:
        return None  # the staff reader explains what is wrong with the file
    shown = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
    sheets = [sheet for sheet in shown if _has_header(sheet)] or shown  # a cover or a summary sheet is no table
    if not sheets:
        return None
    blocks: list[Block] = []
    hidden: list[str] = []
    others: list[str] = []
    dates: list[tuple[bool, str, str]] = []
    totals: list[int] = []
    # A cover sheet before the first table (表紙: lines of title, period and count, or of a label and its value,
    # 「意見募集期間｜令和6年10月1日～…」) is the document's front matter, and its title the document's.
    covers, title = [], None
    for sheet in shown[:shown.index(sheets[0])]:
        left_out: list[str] = []
        cover = _cover_lines(_sheet_blocks(sheet, left_out))
        named = _cover_title(cover) if cover is not None else None
        if named:
            covers.append((sheet, cover))
            blocks.extend(cover)
            hidden.extend(left_out)
            title = title or named
    if _is_staff_sheet(sheets[0], cover=bool(covers)):
        return None
    for sheet in sheets:
        if len(sheets) > 1:
            blocks.append(Line(sheet.title, sheet=True))  # one sheet per chapter: its name is the rows' topic
        blocks.extend(_sheet_blocks(sheet, hidden, others, dates, totals))
    document = build_document(blocks, path, digest, nothing=NOTHING, title=title)
    if len(sheets) == 1 and totals and document.meta.declared_count is None and document.meta.kind == "table":
        # a summary's total row (「計 2件」) above the answer table, read as the count declared as under the summary; of
        # one table sheet only (one sheet's total is no count of the whole workbook's items)
        document = replace(document, meta=with_total(document.meta, totals[0]),
                           warnings=document.warnings + tuple(count_warning(totals[0], document.items)))
    notes = others + date_no_warnings([(no, place) for kind, no, place in dates if kind == "typed"],
                                      [(shown, place) for kind, shown, place in dates if kind == "dated"],
                                      [place for kind, _, place in dates if kind == "unsure"])
    notes += [hidden_sheet_warning(sheet.title) for sheet in workbook.worksheets if sheet.sheet_state != "visible"]
    notes += [headerless_sheet_warning(sheet.title) for sheet in shown
              if sheet not in sheets and all(sheet is not cover for cover, _ in covers)]
    notes += [hidden_rows_warning(hidden)] if hidden else []
    formulas = uncached_formulas(data)
    notes += [formula_warning(formulas)] if formulas else []
    return replace(document, warnings=document.warnings + tuple(notes)) if notes else document
