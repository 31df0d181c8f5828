"""Reader for published result tables (「寄せられたご意見と本市の考え方」).

Rows are tab-separated; the header row repeats after page breaks; a row whose No. cell is empty
continues the item before it. A table copied from a browser or from Excel is read too: a line without
a tab right after a row continues that row's last cell (a line break inside it), and cells Excel
quoted (「"…"」, line breaks inside) are unquoted.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field

from assistant.models import ParsedItem
from assistant.readers.cells import cell_paragraphs, merge_continuation
from assistant.textnorm import no_form, tidy

_NO_HEADERS = {"no", "no.", "番号", "項番", "通番", "#"}
_SECTION_HEADING = re.compile(r"^#*\s*\d+\s*[.．]?\s*(.+(?:に対する|に関する)ご?意見)\s*$")


def is_header_row(line: str) -> bool:
    """A row whose first cell is 「No.」 and which names a comment column."""
    cells = [unicodedata.normalize("NFKC", cell).strip().lower() for cell in line.split("\t")]
    return len(cells) >= 2 and cells[0] in _NO_HEADERS and any("意見" in cell for cell in cells[1:])


def has_table(text: str) -> bool:
    return any(is_header_row(line) for line in text.split("\n") if "\t" in line)


@dataclass
class _Item:
    no: str
    topic: str | None
    comment: list[str] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)

    def freeze(self) -> ParsedItem:
        return ParsedItem(self.no, "\n".join(self.comment), tuple(self.answer), self.topic)


def _wrapped(cell: str) -> bool:
    """A cell as Excel's copy quotes it: wholly inside 「"」, an inner 「"」 doubled."""
    return len(cell) >= 2 and cell[0] == cell[-1] == '"' and '"' not in cell[1:-1].replace('""', "")


def _split_cells(line: str, line_no: int, warnings: list[str]) -> list[str]:
    raw = line.split("\t")
    if any(_wrapped(cell) for cell in raw) and all(_wrapped(cell) or '"' not in cell for cell in raw):
        cells = next(csv.reader([line], dialect="excel-tab"))  # cells quoted by Excel's copy: unquote
    else:
        cells = raw  # quotes written by the author (「"AI"の活用」) stay as they are
    if len(cells) < 3:
        warnings.append(f"{line_no}行目: 列が{len(cells)}個しかありません（3列を想定）。足りない列は空として読みました。")
        cells += [""] * (3 - len(cells))
    elif len(cells) > 3:
        warnings.append(f"{line_no}行目: 列が{len(cells)}個あります（3列を想定）。4列目以降は回答に含めました。")
        cells = cells[:2] + ["\t".join(cells[2:])]
    return cells


def _paragraphs(cell: str) -> list[str]:
    """A cell's paragraphs; a line break kept inside a quoted cell ends a sentence's paragraph."""
    paragraphs: list[str] = []
    for piece in cell.split("\n"):
        paragraphs = merge_continuation(paragraphs, cell_paragraphs(piece))
    return paragraphs


def _open_quote(line: str) -> bool:
    """Whether the row's last cell opens a quote Excel's copy closes on a later line (a line break inside
    the cell: the cell starts with 「"」 and has no closing one yet)."""
    last = line.split("\t")[-1]
    return last.startswith('"') and '"' not in last[1:].replace('""', "")


_MAX_CELL_LINES = 50


def _closing_line(lines: list[str], index: int) -> int | None:
    """The line where the cell opened on line ``index`` ends (its first cell ends with the closing 「"」),
    or None: not within 50 lines, or a stray quote first."""
    for end in range(index + 1, min(index + 1 + _MAX_CELL_LINES, len(lines))):
        first = lines[end].split("\t")[0].replace('""', "")
        if first.endswith('"') and '"' not in first[:-1]:
            return end
        if '"' in first:
            return None
    return None


def _rows(text: str) -> list[tuple[int, str]]:
    """The physical lines with the line breaks inside Excel-quoted cells joined back, numbered by the
    first line of each. A quote not closed within 50 lines is read as written."""
    lines = text.split("\n")
    rows: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        start, row = index, lines[index]
        index += 1
        # A cell closed on a later line may be followed by the next cell opening its own quote (the comment
        # and the answer both with line breaks): join again until the row's last cell is closed.
        while "\t" in row and _open_quote(row) and (end := _closing_line(lines, index - 1)) is not None:
            row = "\n".join([row, *lines[index:end + 1]])
            index = end + 1
        rows.append((start + 1, row))
    return rows


_NUMBER_CELL = re.compile(r"^(?:No\.?\s*)?\(?\d{1,4}(?:[-‐－の]\d{1,3})?[).]?$|^[①-⑳]$")


def _split_rows(rows: list[tuple[int, str]], warnings: list[str]) -> list[tuple[int, str]]:
    """Rows whose cell a line break split, as Word's copy writes them (「2⇥駐車場が少ない。」 then 「土日は…。⇥
    駐車場は…」), joined back, with a warning: a row with too few cells, followed by one whose first cell is
    a sentence rather than a No. (not 「3」, 「再掲」, 「-」 or 「欠番」) and that brings exactly the cells missing."""
    joined: list[tuple[int, str]] = []
    for line_no, line in rows:
        if joined and "\t" in line and "\t" in joined[-1][1]:
            before, cells = joined[-1][1].split("\t"), line.split("\t")
            first = unicodedata.normalize("NFKC", cells[0]).strip()
            if (len(before) < 3 and len(before) + len(cells) - 1 == 3 and first and not _NUMBER_CELL.match(first)
                    and (len(first) > 6 or any(mark in first for mark in "。、"))):
                cells = before[:-1] + [before[-1] + "\n" + cells[0]] + cells[1:]
                joined[-1] = (joined[-1][0], "\t".join(cells))
                warnings.append(f"{joined[-1][0]}行目: 行の途中で改行されていたため、{line_no}行目と合わせて1行として読みました。")
                continue
        joined.append((line_no, line))
    return joined


# Lines that end a copied table rather than continue its last cell.
_AFTER_TABLE = re.compile(r"^(?:以上|お?問い?合わ?せ|このページ|担当|電話|TEL|FAX|E-?mail|メール|ページの先頭)", re.IGNORECASE)


def _section_topic(line: str) -> str | None:
    match = _SECTION_HEADING.match(unicodedata.normalize("NFKC", line.strip()))
    return tidy(match.group(1)) if match else None


def read_table(text: str) -> tuple[list[ParsedItem], list[str]]:
    """Parse every answer-table row in the text.

    Returns:
        ``(items, warnings)``. Continuation rows are merged into the item before them; nothing is
        dropped: a row that cannot be attached becomes its own item, with a warning.
    """
    items: list[_Item] = []
    warnings: list[str] = []
    topic: str | None = None
    in_table = False
    after_row = False  # the line before was a table row or its continuation
    for line_no, line in _split_rows(_rows(text), warnings):
        if "\t" not in line:
            heading = _section_topic(line)
            topic = heading or topic
            if after_row and _AFTER_TABLE.match(unicodedata.normalize("NFKC", line.strip())):
                after_row = False  # 「以上」, the contact box: the table has ended
                continue
            if after_row and line.strip() and heading is None:
                # A line break inside the last cell, as a browser's copy of the table writes it.
                items[-1].answer = merge_continuation(items[-1].answer, cell_paragraphs(line))
                continue
            after_row = False
            continue
        if is_header_row(line):
            in_table, after_row = True, False
            continue
        if not in_table or not line.strip():
            after_row = False
            continue
        after_row = True
        no_cell, comment_cell, answer_cell = _split_cells(line, line_no, warnings)
        no = tidy(no_form(no_cell))  # as the drafts keep a No.: 「Ⅳ」 and 「3～5」 stay
        if not no and not items:
            warnings.append(f"{line_no}行目: No.が空で、続きとみなす前の項目がありません。番号「?」の項目として読みました。")
            no = "?"
        if no:
            items.append(_Item(no, topic))
        item = items[-1]
        item.comment = merge_continuation(item.comment, _paragraphs(comment_cell))
        item.answer = merge_continuation(item.answer, _paragraphs(answer_cell))
    return [item.freeze() for item in items], warnings
