"""Reader for PDFs with a text layer (「意見募集の結果」 as published), page by page.

Tables are found with pdfplumber from their ruling lines; each cell's characters are put back into
lines and paragraphs (:mod:`assistant.readers.layout`), and a cell that pdfplumber reports empty
because a merged cell covers it is marked as merged from above or from the left; a table whose column
rules end with no rule across them (a row that a browser's print cut at the page's end) is closed
there. A table printed without vertical rules (a Word table without borders, horizontal rules only,
an Excel sheet without borders) has no lines to find; it is read from its header line and the
characters' positions instead (:mod:`assistant.readers.unruled`), or refused with a message that says
so. Text outside tables becomes paragraphs in reading order, without page headers, footers and page
numbers (「- 3 -」, 「1 ページ」, 「3/6」, or a line repeated in the top or bottom margin of several
pages). Each page is released after use, so memory stays bounded however long the document;
``progress(page, pages)`` is called after each page. A page whose drawing commands inflate past
``max_pdf_page_content_kb`` (:mod:`assistant.readers.pdfsize`, measured before pdfminer lays it out) is
left out with a warning; a PDF left with no page of text is refused.

pdfplumber (MIT, on pdfminer.six) was chosen over PyMuPDF (AGPL, a problem for a city that ships
the tool) and over camelot/tabula (Ghostscript or Java): it reads ruled tables from the drawn lines
and gives every character's position and font size, which paragraph joining needs.
"""

from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from assistant import settings
from assistant.errors import DamagedFileError, EncryptedFileError, InputTooLargeError, ScannedPdfError
from assistant.models import ParsedDocument
from assistant.readers.cells import tidy_keeping_number_space
from assistant.readers.document import build_document
from assistant.readers.grid import PAGE_NUMBER, Block, Cell, Line, Row, header_roles
from assistant.readers.layout import TextLine, char_rows, join_wrapped, paragraphs, text_lines
from assistant.readers.pdfsize import page_content_size
from assistant.readers.unruled import Columns, read_unruled
from assistant.textnorm import plain_bullets, plain_ideographs, tidy

PageProgress = Callable[[int, int], None]
logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings about odd PDFs would reach the user's terminal
_MARGIN = 0.08  # share of the page height at the top and bottom where running headers and footers sit
_MARGIN_MIN = 50.0  # points (about 18 mm), for short landscape pages
_RULE_TOLERANCE = 3.0  # points: pdfplumber's snap and intersection tolerance for rules

ENCRYPTED = ("この PDF はパスワードで保護されています（暗号化）。PDF ソフトでパスワードを解除して保存し直すか、"
             "元の Word・Excel ファイルを指定してください。")
DAMAGED = ("PDF ファイルが壊れているか、途中で切れています。もう一度ダウンロードするか、"
           "元のファイルから PDF を作り直してください。")
NOTHING = ("PDF の中に、意見と回答の表（No.・ご意見・考え方などの見出し行がある罫線の表）も、番号付きの Q&A"
           "（「1 …」と「市の考え方」など）も、会議録の Q&A（「・」の質問と「→」の回答）も見つかりません。"
           "意見募集の結果を公表した資料か確認してください。")
UNMAPPED = ("この PDF の文字は、読み取れる形で埋め込まれていません（文字の対応表がないフォント）。"
            "PDF ソフトで OCR（文字認識）をかけて保存し直すか、元の Word・Excel ファイルを指定してください。")
UNRULED = ("PDF の中に、縦の罫線のない表（No.・ご意見・考え方などの見出し行がある表）がありますが、文字の位置から"
           "列と行を読み分けられませんでした（{reasons}）。元の Word・Excel ファイルを取り込んでください"
           "（PDF しかない場合は、表に縦横の罫線を付けて PDF にし直してください）。")
UNRULED_WARNING = ("{reason}。この縦の罫線のない表は読み取っていません。元の Word・Excel ファイルを取り込むか、"
                   "原本を確認してください。")
OVERSIZED = ("p.{page} は描画の命令が多すぎるため（展開すると上限の {limit:,} KB を超えます）、この頁は読み取っていません。"
             "原本を確認してください（上限は ZENREI_MAX_PDF_PAGE_CONTENT_KB）。")
TOO_LARGE = ("PDF の頁（{pages}）は描画の命令が多すぎるため（展開すると上限の {limit:,} KB を超えます）、読み取れる頁がありません。"
             "原本を確認するか、管理者に上限（ZENREI_MAX_PDF_PAGE_CONTENT_KB）を上げてもらってください。")
SCANNED = ("この PDF には文字の情報（テキスト層）がありません。スキャンした画像の PDF と思われます。"
           "PDF ソフトで OCR（文字認識）をかけて保存し直すか、元の Word・Excel ファイルを指定してください。")


@dataclass
class _PageText:
    """What one page gave: its blocks (top to bottom) and its margin lines, filtered after all pages."""

    number: int
    blocks: list[tuple[float, object]] = field(default_factory=list)
    chars: int = 0
    unmapped: int = 0
    images: int = 0
    unruled_open: Columns | None = None  # a table without vertical rules still open at the page's bottom
    unruled_failed: list[str] = field(default_factory=list)


@dataclass
class PdfContent:
    """Blocks of a whole PDF, with the facts the reader reports."""

    blocks: list[Block]
    pages: int
    image_only_pages: list[int]
    unruled_failed: list[str] = field(default_factory=list)
    oversized_pages: list[int] = field(default_factory=list)  # left out: over max_pdf_page_content_kb


def _nesting(tables: list, chars: list[dict], number: int) -> tuple[list, dict[int, list]]:
    """The page's tables to read, and for each (by id) the tables inside its cells, read as part of them.

    A one-cell table around a table is a frame: the table inside is the one to read, the frame's other text is page
    text. A layout table (a box around the answer table, the answer table beside a 【参考】 table) holds an answer
    table: its tables are read as before. Other tables inside a table's cell belong to that cell (a fee table in an
    answer; the answer table's part on a later page has no header row when Word does not repeat it). Most pages
    hold no table inside another, and nothing more is read for them.
    """
    pairs = [(inner, outer) for inner in tables for outer in tables if outer is not inner and _within(inner.bbox, outer.bbox)]
    if not pairs:
        return tables, {id(table): [] for table in tables}
    frames = {id(outer) for _, outer in pairs if len(outer.rows) == 1 and len(outer.columns) == 1}
    pairs = [(inner, outer) for inner, outer in pairs if id(outer) not in frames and id(inner) not in frames]
    tables = [table for table in tables if id(table) not in frames]
    answer_tables = {id(table) for table in {id(t): t for pair in pairs for t in pair}.values()
                     if _answer_table(table, chars, number)}
    layouts = {id(outer) for inner, outer in pairs if id(inner) in answer_tables}
    nested = {id(inner): outer for inner, outer in pairs if id(outer) not in layouts and id(inner) not in answer_tables}
    inside = {id(outer): [inner for inner in tables if nested.get(id(inner)) is outer] for outer in tables}
    return [table for table in tables if id(table) not in nested], inside


def _answer_table(table, chars: list[dict], number: int) -> bool:
    """Whether a table's first rows hold an answer-table header (No. / ご意見 / 考え方)."""
    rows = _table_rows(table, [char for char in chars if _inside(char, table.bbox)], number)
    return any(header_roles(row) is not None for row in rows[:3])


def _within(inner: tuple[float, float, float, float], outer: tuple[float, float, float, float]) -> bool:
    """Whether a box lies inside another (a table inside a table's cell), within half a point."""
    return (outer[0] - 0.5 <= inner[0] and inner[2] <= outer[2] + 0.5 and outer[1] - 0.5 <= inner[1]
            and inner[3] <= outer[3] + 0.5 and inner != outer)


def _inside(char: dict, box: tuple[float, float, float, float]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _padding(table_cells: dict[int, list[TextLine]], boxes: list[tuple]) -> float:
    """How far a full line of a cell ends from the cell's right border (inner padding)."""
    gaps = sorted(
        boxes[index][2] - line.x1
        for index, lines in table_cells.items() if len(lines) > 1
        for line in lines[:-1]
    )
    if len(gaps) < 3:
        return 2.0
    return max(0.0, gaps[len(gaps) // 10])


def _bounds(groups, axis: int, end: float) -> list[tuple[float, float]]:
    """Start and end of each row (axis 1) or column (axis 0) from the cells that start in it."""
    starts = [min(cell[axis] for cell in group.cells if cell) for group in groups]
    return [(start, starts[i + 1] if i + 1 < len(starts) else end) for i, start in enumerate(starts)]


def _table_rows(table, chars: list[dict], number: int, nested: list = ()) -> list[Row]:
    """The table's rows as grid rows (cells with paragraphs and merge flags); a table inside a cell (a fee table
    in an answer) is a paragraph per row in that cell, its cells joined by 「／」, as the web reader writes it."""
    rows = _bounds(table.rows, 1, table.bbox[3])
    columns = _bounds(table.columns, 0, table.bbox[2])
    boxes = list(table.cells)
    owner: dict[tuple[int, int], int] = {}
    for index, box in enumerate(boxes):
        for r, (top, bottom) in enumerate(rows):
            if box[1] - 0.5 <= (top + bottom) / 2 <= box[3] + 0.5:
                for c, (left, right) in enumerate(columns):
                    if box[0] - 0.5 <= (left + right) / 2 <= box[2] + 0.5:
                        owner[(r, c)] = index
    row_tops = [top for top, _ in rows]
    col_lefts = [left for left, _ in columns]
    inner_rows: dict[int, list[tuple[float, str]]] = {}  # cell → (top, text) of each row of a table inside it
    for inner in nested:
        r = bisect.bisect_right(row_tops, (inner.bbox[1] + inner.bbox[3]) / 2) - 1
        c = bisect.bisect_right(col_lefts, (inner.bbox[0] + inner.bbox[2]) / 2) - 1
        if (r, c) not in owner:
            continue  # its characters stay in the cell's text
        inside = [char for char in chars if _inside(char, inner.bbox)]
        tops = [top for top, _ in _bounds(inner.rows, 1, inner.bbox[3])]
        for top, row in zip(tops, _table_rows(inner, inside, number)):
            text = "／".join(join_wrapped(cell.paragraphs) for cell in row.cells if cell.paragraphs)
            if text:
                inner_rows.setdefault(owner[(r, c)], []).append((top, text))
        chars = [char for char in chars if not _inside(char, inner.bbox)]
    in_cell: dict[int, list[dict]] = {}
    for char in chars:
        r = bisect.bisect_right(row_tops, (char["top"] + char["bottom"]) / 2) - 1
        c = bisect.bisect_right(col_lefts, (char["x0"] + char["x1"]) / 2) - 1
        if (r, c) in owner:
            in_cell.setdefault(owner[(r, c)], []).append(char)
    cell_lines = {index: text_lines(found) for index, found in in_cell.items()}
    pad = _padding(cell_lines, boxes)
    grid_rows = []
    for r, (top, _) in enumerate(rows):
        cells = []
        for c, (left, _) in enumerate(columns):
            index = owner.get((r, c))
            box = boxes[index] if index is not None else None
            if box is None:
                cells.append(Cell())
            elif box[1] < top - 1:
                cells.append(Cell(merged_from_above=True))
            elif box[0] < left - 1:
                cells.append(Cell(merged_from_left=True))
            else:
                found = [(first.top, text) for text, first in paragraphs(cell_lines.get(index, []), box[2] - pad)]
                found = sorted([(top, tidy(text), text) for top, text in found]
                               + [(top, text, text) for top, text in inner_rows.get(index, [])], key=lambda row: row[0])
                # a cell reaching into the next column (a group heading's) keeps, for the heading decision only, the
                # space after its leading number: 「１ 総論」 is read as the Word file's 「１　総論」, not as 「１総論」,
                # whose whole line is a topic; its text is tidied as any cell's (an answer's 「1本市では…」)
                spans = c + 1 < len(columns) and box[2] > columns[c + 1][0] + 1
                spaced = tuple(tidy_keeping_number_space(raw) for _, _, raw in found) if spans else ()
                cells.append(Cell(tuple(text for _, text, _ in found), spaced=spaced))
        grid_rows.append(Row(tuple(cells), number, table_start=r == 0))
    return grid_rows


@dataclass(frozen=True)
class _Text:
    """Page text with the key that finds it again on other pages (digits masked, position for body text)."""

    line: Line
    key: tuple
    margin: bool


def _repeat_key(text: str, top: float | None) -> tuple:
    masked = re.sub(r"\d+", "#", "".join(unicodedata.normalize("NFKC", text).split()))
    return (masked,) if top is None else (masked, round(top / 4))


def _free_blocks(lines: list[TextLine], right: float, number: int) -> list[tuple[float, _Text]]:
    return [(first.top, _Text(Line(text, number, round(first.size, 1)), _repeat_key(text, first.top), False))
            for text, first in paragraphs(lines, right)]


def _rules(page) -> list[tuple[float, float, float]]:
    """The page's horizontal rules as (x0, x1, y): drawn lines and hairline rectangles (not shading)."""
    found = [(line["x0"], line["x1"], (line["top"] + line["bottom"]) / 2)
             for line in page.lines if abs(line["bottom"] - line["top"]) < 2]
    found += [(rect["x0"], rect["x1"], (rect["top"] + rect["bottom"]) / 2)
              for rect in page.rects if rect["bottom"] - rect["top"] < 2 and rect["x1"] - rect["x0"] > 20]
    return found


def _open_ends(edges: list[dict], body: tuple[float, float]) -> list[dict]:
    """Horizontal rules that close ruled tables where their vertical rules end at the page's end with no rule
    across: a browser (Chrome, Edge) prints a row cut by a page break without a rule under it at the page's end,
    and the row's rest on the next page without a rule over it, and the text there fell outside every table (the
    row was lost, its rest went to the item before it, and a page holding only that rest had no table at all).

    ``edges`` are the page's rules as pdfplumber's table finder merged them; ``body`` the top and bottom of the
    page's text outside its margins. Two vertical rules or more whose ends lie level, below all that text (or
    above it), with no horizontal rule there, get one from the first to the last, where rules elsewhere join them
    (the column rules of one table, not two tables side by side). A strip without text becomes an empty row, which
    the grid reader skips.
    """
    across = [edge for edge in edges if edge["orientation"] == "h"]
    ends: list[tuple[str, float, dict]] = []
    for rule in (edge for edge in edges if edge["orientation"] == "v"):
        for side in ("top", "bottom"):
            y = rule[side]
            if (y > body[0] if side == "top" else y < body[1]):
                continue  # text lies beyond: not where a page break cut the table
            if not any(abs(h["top"] - y) <= _RULE_TOLERANCE and h["x0"] - _RULE_TOLERANCE <= rule["x0"]
                       <= h["x1"] + _RULE_TOLERANCE for h in across):
                ends.append((side, y, rule))
    level: list[list[tuple[str, float, dict]]] = []
    for end in sorted(ends, key=lambda end: (end[0], end[1])):
        if level and level[-1][-1][0] == end[0] and end[1] - level[-1][-1][1] <= _RULE_TOLERANCE:
            level[-1].append(end)
        else:
            level.append([end])
    closing = []
    for group in level:
        y = sum(end[1] for end in group) / len(group)
        rules = sorted((end[2] for end in group), key=lambda rule: rule["x0"])
        runs = [rules[:1]]
        for rule in rules[1:]:
            if _joined(runs[-1][-1], rule, across):
                runs[-1].append(rule)
            else:
                runs.append([rule])
        closing += [{"object_type": "line", "x0": run[0]["x0"], "x1": run[-1]["x0"], "top": y, "bottom": y,
                     "width": run[-1]["x0"] - run[0]["x0"], "height": 0} for run in runs if len(run) > 1]
    return closing


def _joined(left: dict, right: dict, across: list[dict]) -> bool:
    """Whether a horizontal rule runs from one vertical rule to the other, within the height both span."""
    top, bottom = max(left["top"], right["top"]), min(left["bottom"], right["bottom"])
    return any(h["x0"] <= left["x0"] + _RULE_TOLERANCE and h["x1"] >= right["x0"] - _RULE_TOLERANCE
               and top - _RULE_TOLERANCE <= h["top"] <= bottom + _RULE_TOLERANCE for h in across)


def _find_tables(page, chars: list[dict]) -> list:
    """The page's ruled tables (pdfplumber), closed where their vertical rules end at the page's end
    (:func:`_open_ends`)."""
    finder = page.debug_tablefinder()
    margin = max(_MARGIN * page.height, _MARGIN_MIN)
    middles = [(char["top"] + char["bottom"]) / 2 for char in chars if char["text"].strip()
               and char["bottom"] > margin and char["top"] < page.height - margin]
    closing = _open_ends(finder.edges, (min(middles), max(middles))) if middles else []
    return page.find_tables({"explicit_horizontal_lines": closing}) if closing else finder.tables


def _read_page(page, number: int, right_hint: float, parsed: tuple[list, list, list, list],
               carried: Columns | None = None) -> tuple[_PageText, float]:
    result = _PageText(number)
    chars, images, tables, rules = parsed
    result.chars = sum(1 for char in chars if char["text"].strip())
    result.unmapped = sum(1 for char in chars if char["text"].startswith("(cid:"))
    result.images = len(images)
    tables = [table for table in tables if table.rows and table.columns]
    tables, inside = _nesting(tables, chars, number)
    boxes = [table.bbox for table in tables]
    right = max([right_hint, *(box[2] for box in boxes)])
    free = [char for char in chars if not any(_inside(char, box) for box in boxes)]
    for table, box in zip(tables, boxes):
        rows = _table_rows(table, [char for char in chars if _inside(char, box)], number, inside[id(table)])
        result.blocks.append((box[1], rows))
    height = page.height
    margin = max(_MARGIN * height, _MARGIN_MIN)
    rows = [(row, max(c["bottom"] for c in row) <= margin or min(c["top"] for c in row) >= height - margin)
            for row in char_rows(free)]
    body_tops = [min(c["top"] for c in row) for row, in_margin in rows if not in_margin]
    if carried is not None and body_tops and any(box[1] < body_tops[0] for box in boxes):
        carried = None  # a ruled table comes first on this page: the table without rules ended before it
    unruled = read_unruled(rows, rules, page.width, number, carried)
    result.unruled_open, result.unruled_failed = unruled.open, unruled.failed
    unruled_tops = []
    for top, rows in unruled.tables:
        result.blocks.append((top, rows))
        unruled_tops.append(top)
    free = [char for char in free if id(char) not in unruled.used]
    lines = text_lines(free)
    right = max([right, *(line.x1 for line in lines)])
    body: list[TextLine] = []
    for line in lines:
        flat = unicodedata.normalize("NFKC", line.text).strip()
        in_margin = line.bottom <= margin or line.top >= height - margin
        low_or_high = line.bottom < 0.2 * height or line.top > 0.8 * height
        if (in_margin or low_or_high) and PAGE_NUMBER.match(flat):
            continue  # page number
        if in_margin:
            text = Line(line.text.strip(), number, round(line.size, 1))
            result.blocks.append((line.top, _Text(text, _repeat_key(line.text, None), True)))
        else:
            body.append(line)
    table_tops = sorted([*(box[1] for box in boxes), *unruled_tops])
    runs: dict[int, list[TextLine]] = {}
    for line in body:  # page text between two tables is one run; paragraphs never cross a table
        runs.setdefault(bisect.bisect_right(table_tops, line.top), []).append(line)
    for run in runs.values():
        result.blocks.extend(_free_blocks(run, right, number))
    return result, right


def _flatten(pages: list[_PageText]) -> list[Block]:
    """Blocks of every page in order, without running headers and footers: a line in the top or bottom
    margin found on two pages or more, or a line at the same place on three pages or more."""
    seen = Counter(key for page in pages for key in {block.key for _, block in page.blocks if isinstance(block, _Text)})
    blocks: list[Block] = []
    for page in pages:
        for _, block in sorted(page.blocks, key=lambda item: item[0]):
            if isinstance(block, list):
                blocks.extend(block)
            elif seen[block.key] < (2 if block.margin else 3):
                blocks.append(block.line)
    return blocks


def _check_bytes(path: Path, data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise DamagedFileError(path, DAMAGED)


@contextmanager
def _pdf_errors(path: Path) -> Iterator[None]:
    """pdfplumber / pdfminer failures on the file become the library's own errors (password, damage)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        yield
    except (PdfminerException, PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError) as error:
        cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise EncryptedFileError(path, ENCRYPTED) from error
        raise DamagedFileError(path, DAMAGED) from error


def _plain_chars(chars: list[dict]) -> list[dict]:
    """The page's characters, a CJK radical that a PDF printed by Chrome or Word puts for an ideograph (⾷ for 食, ⺠
    for 民) read as the ideograph (:func:`assistant.textnorm.plain_ideographs`), and a Word list's Symbol or Wingdings
    bullet (U+F0B7) as 「・」 (:func:`assistant.textnorm.plain_bullets`)."""
    return [char if (text := plain_bullets(plain_ideographs(char["text"]))) == char["text"] else {**char, "text": text}
            for char in chars]


def read_pdf_blocks(path: Path, data: bytes, progress: PageProgress | None = None) -> PdfContent:
    """Blocks of every page, in reading order.

    Raises:
        EncryptedFileError: The PDF needs a password.
        DamagedFileError: The file is truncated or cannot be parsed.
        ScannedPdfError: No page has text (a scan without OCR), or its fonts cannot be mapped to text.
        InputTooLargeError: No page with text is left once the pages that draw more than
            ``max_pdf_page_content_kb`` are left out (each such page is left out before pdfminer lays it out).
    """
    import pdfplumber

    _check_bytes(path, data)
    limit = int(settings.get("max_pdf_page_content_kb"))
    oversized: list[int] = []
    with _pdf_errors(path):
        pdf = pdfplumber.open(path)
    pages: list[_PageText] = []
    with pdf:
        with _pdf_errors(path):
            every = pdf.pages
        right, width = 0.0, None
        for page in every:
            if page.width != width:
                right, width = 0.0, page.width
            with _pdf_errors(path):
                over = page_content_size(page.page_obj, limit * 1024) > limit * 1024
            if over:  # a few KB deflated can draw millions of objects, each a Python object in pdfminer
                oversized.append(page.page_number)
                page.close()
                if progress:
                    progress(page.page_number, len(every))
                continue
            with _pdf_errors(path):  # pdfminer parses the page's contents here
                chars = _plain_chars(page.chars)
                parsed = (chars, page.images, _find_tables(page, chars), _rules(page))
            found, right = _read_page(page, page.page_number, right, parsed, pages[-1].unruled_open if pages else None)
            pages.append(found)
            page.close()  # frees the page's objects: memory stays flat over hundreds of pages
            if progress:
                progress(page.page_number, len(every))
    if oversized and not any(page.chars for page in pages):
        raise InputTooLargeError(path, TOO_LARGE.format(pages="、".join(f"p.{number}" for number in oversized),
                                                        limit=limit))
    if not pages:
        raise DamagedFileError(path, DAMAGED)
    if not any(page.chars for page in pages):
        raise ScannedPdfError(path, SCANNED)
    if sum(page.unmapped for page in pages) > 0.3 * sum(page.chars for page in pages):
        raise ScannedPdfError(path, UNMAPPED)
    image_only = [page.number for page in pages if not page.chars and page.images]
    failed = [reason for page in pages for reason in page.unruled_failed]
    return PdfContent(_flatten(pages), len(pages) + len(oversized), image_only, failed, oversized)


def read_pdf(path: Path, data: bytes, digest: str, progress: PageProgress | None = None) -> ParsedDocument:
    """Read a PDF into one document (see the module docstring).

    Raises:
        EncryptedFileError, DamagedFileError, ScannedPdfError: As :func:`read_pdf_blocks`.
        NoContentError: No answer table, minutes or numbered Q&A in the text.
    """
    content = read_pdf_blocks(path, data, progress)
    warnings = [f"p.{number} には文字の情報がありません（画像だけの頁）。この頁は読み取っていません。原本を確認してください。"
                for number in content.image_only_pages]
    warnings += [UNRULED_WARNING.format(reason=reason) for reason in content.unruled_failed]
    limit = int(settings.get("max_pdf_page_content_kb"))
    warnings += [OVERSIZED.format(page=number, limit=limit) for number in content.oversized_pages]
    nothing = UNRULED.format(reasons="、".join(content.unruled_failed)) if content.unruled_failed else NOTHING
    return build_document(content.blocks, path, digest, nothing=nothing, warnings=warnings)
