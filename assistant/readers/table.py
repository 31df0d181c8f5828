"""Reader for published result tables (「寄せられたご意見と本市の考え方」).

Rows are tab-separated; the header row repeats after page breaks; a row whose No. cell is empty
continues the item before it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from assistant.models import ParsedItem
from assistant.readers.cells import cell_paragraphs, merge_continuation
from assistant.textnorm import tidy

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


def _split_cells(line: str, line_no: int, warnings: list[str]) -> list[str]:
    cells = line.split("\t")
    if len(cells) < 3:
        warnings.append(f"{line_no}行目: 列が{len(cells)}個しかありません（3列を想定）。足りない列は空として読みました。")
        cells += [""] * (3 - len(cells))
    elif len(cells) > 3:
        warnings.append(f"{line_no}行目: 列が{len(cells)}個あります（3列を想定）。4列目以降は回答に含めました。")
        cells = cells[:2] + ["\t".join(cells[2:])]
    return cells


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
    for line_no, line in enumerate(text.split("\n"), start=1):
        if "\t" not in line:
            topic = _section_topic(line) or topic
            continue
        if is_header_row(line):
            in_table = True
            continue
        if not in_table or not line.strip():
            continue
        no_cell, comment_cell, answer_cell = _split_cells(line, line_no, warnings)
        no = tidy(unicodedata.normalize("NFKC", no_cell))
        if not no and not items:
            warnings.append(f"{line_no}行目: No.が空で、続きとみなす前の項目がありません。番号「?」の項目として読みました。")
            no = "?"
        if no:
            items.append(_Item(no, topic))
        item = items[-1]
        item.comment = merge_continuation(item.comment, cell_paragraphs(comment_cell))
        item.answer = merge_continuation(item.answer, cell_paragraphs(answer_cell))
    return [item.freeze() for item in items], warnings
