"""Spreadsheet cells that cannot run code: text a spreadsheet would read as a formula is neutralised.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and,
after a tab or carriage return, the same) as a formula, so a citizen's comment 「=HYPERLINK(…)」
exported as CSV would run when staff open the file. As OWASP advises for CSV injection, such text gets
a leading apostrophe (which the spreadsheet shows as text and hides); full-width ＝＋－＠ are treated
the same because Japanese spreadsheets accept them as formula signs too. In XLSX every cell is written
as a string instead (see :func:`assistant.export.export_xlsx`).

Example:
    >>> neutralise("=1+1")
    "'=1+1"
    >>> neutralise("ご意見")
    'ご意見'
    >>> csv_bytes([["No.", "=cmd"]]).decode("utf-8-sig")
    "No.,'=cmd\\r\\n"
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS)


def neutralise(value: object) -> str:
    """The cell's text, with a leading apostrophe when it would otherwise start a formula, or when it starts
    with apostrophes before one (the citizen's own apostrophe stays on reading back: :func:`unneutralise`)."""
    text = "" if value is None else str(value)
    return "'" + text if is_formula_like(text.lstrip("'")) else text


def unneutralise(text: str) -> str:
    """The text as it was before :func:`neutralise` (a CSV this tool wrote, read back).

    Example:
        >>> unneutralise("'=1+1"), unneutralise("'ご意見"), unneutralise(neutralise("'=1+1と書く"))
        ('=1+1', "'ご意見", "'=1+1と書く")
    """
    return text[1:] if text.startswith("'") and is_formula_like(text.lstrip("'")) else text


def csv_bytes(rows: Iterable[Iterable[object]]) -> bytes:
    """CSV in UTF-8 with BOM (so that Excel reads the Japanese) with every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
