"""Export stage: precedents as JSON Lines, and a consultation's answer table as Excel, Word or CSV.

Citizen text cannot become a formula: CSV cells that would start one get a leading apostrophe, and
every XLSX cell is written as a string (see :mod:`assistant.formulas`). Each export of an answer
table is recorded in the audit log (:func:`record_export`).

Example:
    >>> import io
    >>> from assistant.store import Store
    >>> dump_jsonl(Store(":memory:"), io.StringIO())
    0
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import TextIO

from assistant import audit
from assistant.errors import AssistantError
from assistant.formulas import csv_bytes, is_formula_like
from assistant.models import Document, Precedent
from assistant.personal import mask
from assistant.store import Store
from assistant.textnorm import format_period
from assistant.users import User, require


def precedent_record(precedent: Precedent, document: Document) -> dict[str, object]:
    """The JSON form of one precedent, with the document facts a reader needs to cite it."""
    return {
        "id": precedent.id,
        "document": document.title,
        "document_id": document.id,
        "area": document.area,
        "period_start": document.period_start,
        "period_end": document.period_end,
        "period": format_period(document.period_start, document.period_end),
        "no": precedent.no,
        "topic": precedent.topic,
        "comment": precedent.comment,
        "answer": precedent.answer,
        "paragraphs": list(precedent.paragraphs),
        "template_ids": list(precedent.template_ids),
        "source_file": precedent.source_file,
        "page": precedent.page,
        "extra": precedent.extra,
    }


def dump_jsonl(store: Store, out: TextIO) -> int:
    """Write every precedent as one JSON object per line. Returns the number written."""
    documents = {doc.id: doc for doc in store.documents()}
    count = 0
    for precedent in store.precedents():
        out.write(json.dumps(precedent_record(precedent, documents[precedent.document_id]), ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


# --- the consultation's answer table -------------------------------------------------------------
HEADERS = ("No.", "ご意見の概要", "本市の考え方")


@dataclass(frozen=True)
class AnswerTable:
    """The published layout: title, period and rows of (No., comment, answer)."""

    title: str
    period: str
    rows: tuple[tuple[str, str, str], ...]


def answer_table(store: Store, consultation: str, mask_personal: bool = True) -> AnswerTable:
    """The consultation's drafts in No. order as an answer table (personal data masked by default).

    Raises:
        AssistantError: The consultation has no saved draft.
    """
    from assistant.drafts import get_consultation, list_drafts

    drafts = list_drafts(store, consultation=consultation)
    if not drafts:
        raise AssistantError(f"「{consultation}」に保存された回答案がありません。起案画面で保存してから書き出してください。")
    info = get_consultation(store, consultation)
    clean = mask if mask_personal else (lambda text: text)
    rows = tuple((d.item_no, clean(d.comment), clean(d.text)) for d in drafts)
    return AnswerTable(info.title or consultation, format_period(info.period_start, info.period_end), rows)


def table_heading(table: AnswerTable) -> list[str]:
    heading = [f"{table.title}　ご意見の概要と本市の考え方"]
    if table.period:
        heading.append(f"（意見募集期間: {table.period}）")
    return heading


def export_csv(table: AnswerTable) -> bytes:
    """UTF-8 with BOM so that Excel opens the Japanese text correctly; formula-like cells neutralised."""
    return csv_bytes([*([line] for line in table_heading(table)), HEADERS, *table.rows])


def _text_cell(sheet, row: int, column: int, value: str):
    """A cell that holds ``value`` as a string, never a formula (openpyxl reads a leading = as one).

    A text that would start a formula also gets Excel's quote prefix, so that editing the cell later
    does not turn it into one either.
    """
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    cell.data_type = "s"
    if is_formula_like(value):
        cell.quotePrefix = True
    return cell


def export_xlsx(table: AnswerTable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    book = Workbook()
    sheet = book.active
    sheet.title = "本市の考え方"
    heading = table_heading(table)
    for number, line in enumerate(heading, start=1):
        _text_cell(sheet, number, 1, line)
    sheet["A1"].font = Font(bold=True, size=13)
    header_row = len(heading) + 1
    for column, header in enumerate(HEADERS, start=1):
        _text_cell(sheet, header_row, column, header)
    thin = Side(style="thin")
    for number, row in enumerate(table.rows, start=header_row + 1):
        for column, value in enumerate(row, start=1):
            _text_cell(sheet, number, column, value)
    for row in sheet.iter_rows(min_row=header_row, max_row=sheet.max_row, max_col=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if cell.row == header_row:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for column, width in zip("ABC", (6, 50, 70)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_docx(table: AnswerTable) -> bytes:
    from docx import Document as WordDocument
    from docx.shared import Cm

    document = WordDocument()
    for number, line in enumerate(table_heading(table)):
        document.add_heading(line, level=1) if number == 0 else document.add_paragraph(line)
    grid = document.add_table(rows=1, cols=3)
    grid.style = "Table Grid"
    for cell, header in zip(grid.rows[0].cells, HEADERS):
        cell.text = header
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
    for row in grid.rows:
        for cell, width in zip(row.cells, (Cm(1.5), Cm(7), Cm(9))):
            cell.width = width
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


EXPORTERS = {"xlsx": export_xlsx, "docx": export_docx, "csv": export_csv}


def record_export(store: Store, consultation: str, fmt: str, user: User | None = None, *, anonymous: str = "") -> None:
    """Note in the audit log that the consultation's answer table was exported (any role may export).

    Raises:
        PermissionDeniedError: Logins are on and nobody is signed in.
    """
    require(user, "export")
    audit.log(store, user, "export", consultation, fmt.upper(), anonymous=anonymous)
