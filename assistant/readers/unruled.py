"""Answer tables printed without vertical rules, read from the characters' positions (PDF).

pdfplumber finds tables from their drawn lines; a Word table whose borders were removed, a table with
only horizontal rules, or an Excel sheet printed without borders has none to find. This reader takes
over where the page text has a header line whose parts name the columns (「No.」「ご意見の概要」
「市の考え方」, apart by a gap, as :func:`assistant.readers.grid.header_roles` reads a header row):

- columns: each header part starts a column; the border between two columns is the start of the
  right column's text, found as the gap that no line of the table crosses between the end of the
  left header part and the start of the right one (numbers right-aligned against the next column and
  headers centred over left-aligned text both work);
- the table goes on while its lines keep to those gaps; a line that crosses one (a paragraph after
  the table, a heading across the page), 「以上」, or the last rule of a table drawn with horizontal rules
  ends it; a line that crosses is page text, and the table picks up again after it at the next line
  that keeps to the gaps with a number in the No. column (a group heading between rows);
- rows: a row starts at each line with text in the No. column; without a No. column, at each
  horizontal rule. A table still open at the bottom of a page goes on at the top of the next one with
  the same columns (also where its header is printed again there: the borders stay where the rows
  put them, so that a comment's last line alone on the page is not filed in the column beside it),
  and the reading core (:mod:`assistant.readers.grid`) joins the two parts;
- a row spanning the table (a group heading, 「第1章　戦略の位置付け」 printed from the No. column on)
  is given as a ruled table gives it, its text in the first cell and the others merged into it, and
  moves no border: a line whose No. column holds no number and whose words read as a section
  (:func:`assistant.readers.grid.section_heading`), by its label (「第1章」, 「【第2章】」, 「基本目標1」)
  or, where a row's first line might read so too (「総論」, 「Ⅰ　…」, 「…について」), only when it does
  not keep to the columns as the part's rows show them (:meth:`Columns.keeps`); and only where the table goes on
  under it (a numbered row follows, the page ends, or a table's header follows), else it is read as before and may
  end the table (「【担当】」, 「■今後の予定」 with lines under it after the table); a chapter's row wrapped in its
  merged cell keeps its second line (:func:`_heading_goes_on`);
- a line of a row may read as a header too (a sentence wrapped so that the comment's line holds 意見
  and the answer's 考え方): while a table is open, and at the top of a page it goes on to, a line that
  keeps to its columns starts a new table only with text in the No. column (「No.」 printed again) or
  with every part reading as a column's name; else it goes on in the current row;
- the reader gives up rather than guess (the text then stays page text, and the caller says why):
  a table without a No. column and without rules, or whose numbers do not stand on the first line
  of their row (vertically centred numbers would hand a row's first lines to the row before).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from assistant.readers.grid import PAGE_NUMBER, Cell, Row, header_roles, named_number, parse_heading, section_heading
from assistant.readers.grid import NO as NO_ROLE
from assistant.readers.columns import COLUMN_NAMES, column_role, header_key
from assistant.readers.layout import paragraphs, text_lines
from assistant.textnorm import tidy

_SPLIT = 0.6  # a gap wider than this many font sizes parts a header line
_JOIN = 1.2  # header parts nearer than this are one header cell spaced out (「番　号」) when together they name a role
_RUN_GAP = 0.12  # characters nearer than this many font sizes are one run, which no column border may cut
_NUMBER = re.compile(r"^[(（]?\d{1,4}[)）.．、]?$")
_END = {"以上"}
# A column's name ends in the thing the column holds (「意見に対する考え方」「素案に対する意見（概要）」「No.」); a printed
# line of a cell ends wherever the cell's width wraps it (「…住民の意見を十分に聞いてから決めて」).
_NAMES = {header_key(name) for role in ("no", "comment", "answer") for name in COLUMN_NAMES[role]}
_NAME_ENDS = ("no", "no.", "番号", "意見", "質問", "提案", "概要", "要旨", "要約", "内容", "考え方", "回答", "見解",
              "方針", "対応", "等")
_NAME_MAX = 10  # a part that names no role (「該当箇所」「項目」) is a column name only when this short
_TRAILING_NOTE = re.compile(r"[(（][^()（）]*[)）]$")  # 「（概要）」「(案)」 after a column's name

Interval = tuple[float, float]


def _size(chars: list[dict]) -> float:
    sizes = sorted(char["size"] for char in chars)
    return sizes[len(sizes) // 2]


def _text(chars: list[dict]) -> str:
    return "".join(char["text"] for char in sorted(chars, key=lambda c: c["x0"]))


def _runs(chars: list[dict], gap: float) -> list[list[dict]]:
    """The line's characters left to right, parted where the space between two is wider than ``gap``."""
    ordered = sorted(chars, key=lambda c: c["x0"])
    runs: list[list[dict]] = []
    end = 0.0  # the right end of the last run so far
    for char in ordered:
        if runs and char["x0"] - end <= gap:
            runs[-1].append(char)
            end = max(end, char["x1"])
        else:
            runs.append([char])
            end = char["x1"]
    return runs


def header_cells(chars: list[dict]) -> list[list[dict]] | None:
    """The parts of a printed line that is an answer table's header (「No.　ご意見の概要　市の考え方」), or None."""
    size = _size(chars)
    parts = _runs(chars, _SPLIT * size)
    joined = True
    while joined and len(parts) > 1:
        joined = False
        for index in range(len(parts) - 1):
            left, right = parts[index], parts[index + 1]
            gap = min(c["x0"] for c in right) - max(c["x1"] for c in left)
            alone = column_role(_text(left)) is None or column_role(_text(right)) is None
            if gap <= _JOIN * size and alone and column_role(_text(left) + _text(right)):
                parts[index:index + 2] = [left + right]
                joined = True
                break
    if len(parts) < 2 or any(_number_like(part) for part in parts):
        return None  # a numbered row (「1　…について意見　回答1：…」) names roles too, but no header is numbered
    if header_roles(Row(tuple(Cell((_text(part),)) for part in parts))) is None:
        return None
    return parts


def _named(text: str) -> bool:
    """Whether a header part reads as a column's name (「ご意見の概要」「意見に対する考え方」「素案に対する意見（概要）」
    「No.」「該当箇所」) rather than a printed line of a cell's sentence that holds 意見 or 考え方."""
    key = header_key(text)
    if key in _NAMES:
        return True
    if not key or any(mark in key for mark in "、。，．"):
        return False
    if column_role(text) is None:
        return len(key) <= _NAME_MAX
    return _TRAILING_NOTE.sub("", key).endswith(_NAME_ENDS)


def _goes_on(columns: "Columns", parts: list[list[dict]], line: list[dict]) -> bool:
    """Whether a line that reads as a header (:func:`header_cells`) is a line of the open table's current row.

    A row's cells wrap their sentences at the column widths, so one printed line of a row may hold short pieces
    with 意見 in the comment column and 考え方 or 回答 in the answer column, which name the roles just as a header
    does. Such a line keeps to the open table's columns and leaves its No. cell empty (the number stands on the
    row's first line); a header printed again has 「No.」 in that cell, and a header over a table without a No.
    column (rows told apart by rules) is known by every part reading as a column's name (:func:`_named`). A line
    that crosses the table's columns is no line of it.
    """
    if columns.fitted(line) is None:
        return False
    no_at = columns.no_at
    if no_at is not None and any(columns.column(char) == no_at for char in line):
        return False
    return not all(_named(_text(part)) for part in parts)


def _subtract(free: list[Interval], low: float, high: float) -> list[Interval]:
    kept: list[Interval] = []
    for start, end in free:
        if high <= start or low >= end:
            kept.append((start, end))
            continue
        if low > start:
            kept.append((start, low))
        if high < end:
            kept.append((high, end))
    return kept


@dataclass
class Columns:
    """A table's columns, kept from its header line to the pages it goes on to."""

    free: list[list[Interval]]  # per border between two columns, where no line of the table has text
    roles: list[str | None]
    left: float  # the header's extent, for telling the table's own rules from other lines
    right: float
    size: float
    width: float  # the page width; a page of another width does not continue the table
    ruled: bool = False
    rights: list[float] = field(default_factory=list)  # where each column's full lines end
    lefts: list[float | None] = field(default_factory=list)  # where each column's text starts in the rows read
    heads: list[Interval] = field(default_factory=list)  # where each part of the header line was printed

    def same_header(self, parts: list[list[dict]]) -> bool:
        """Whether a header line's parts are printed where this table's header had them: the header printed again
        over the same table, not another table of the same column names and other widths."""
        tolerance = self.size
        return len(parts) == len(self.heads) and all(
            abs(min(c["x0"] for c in part) - low) <= tolerance and abs(max(c["x1"] for c in part) - high) <= tolerance
            for part, (low, high) in zip(parts, self.heads))

    def runs(self, chars: list[dict]) -> list[tuple[float, float]]:
        size = _size(chars)
        return [(min(c["x0"] for c in run), max(c["x1"] for c in run)) for run in _runs(chars, _RUN_GAP * size)]

    def note(self, chars: list[dict]) -> None:
        """Remember where the text of a row's line starts in each column."""
        for low, _ in self.runs(chars):
            # the column whose gap on the left the run starts in or after (the borders themselves are only
            # known once every line is in: 「【意見1】」 printed a little apart from its text may still move them)
            index = sum(1 for free in self.free if low >= min(start for start, _ in free))
            known = self.lefts[index]
            self.lefts[index] = low if known is None else min(known, low)

    def straddles(self, chars: list[dict]) -> bool:
        """Whether a run of the line starts well left of where a column's text starts in the rows and runs on
        into that column: a paragraph under the table (「※意見は要約しています。」 indented a little), which the
        free space between the columns alone lets through when it is short."""
        size = _size(chars)
        return any(left is not None and low < left - size and high > left + size
                   for index, left in enumerate(self.lefts) if index
                   for low, high in self.runs(chars))

    @property
    def cuts(self) -> list[float]:
        return [max(end for _, end in free) for free in self.free]

    @property
    def no_at(self) -> int | None:
        return self.roles.index(NO_ROLE) if NO_ROLE in self.roles else None

    def fitted(self, chars: list[dict]) -> list[list[Interval]] | None:
        """The borders' free space once this line is in the table, or None when the line crosses one."""
        size = _size(chars)
        free = [list(intervals) for intervals in self.free]
        for run in _runs(chars, _RUN_GAP * size):
            low, high = min(c["x0"] for c in run), max(c["x1"] for c in run)
            free = [_subtract(intervals, low, high) for intervals in free]
        return free if all(free) else None

    def aligned(self, chars: list[dict]) -> bool:
        """Whether the line's text starts where its columns' text starts (or is a number in the No. column),
        as a row's line does and a page header or footer seldom does."""
        cuts = self.cuts
        for index in {self.column(char) for char in chars}:
            found = [char for char in chars if self.column(char) == index]
            if index == self.no_at:
                if not _number_like(found):
                    return False
                continue
            edge = cuts[index - 1] if index else self.left
            if not edge - 0.5 * self.size <= min(c["x0"] for c in found) <= edge + 1.5 * self.size:
                return False
        return True

    def column(self, char: dict) -> int:
        middle = (char["x0"] + char["x1"]) / 2
        return sum(1 for cut in self.cuts if middle >= cut)

    def keeps(self, chars: list[dict]) -> bool:
        """Whether a line keeps to the columns as a row's line does: no run of its text runs over a border, and its
        text in each column after the first starts where that column's text starts in the rows read (a row spanning
        the table, 「Ⅰ　総論」, runs on from the first column wherever its words end)."""
        if self.fitted(chars) is None:
            return False
        cuts, started = self.cuts, set()
        for low, high in self.runs(chars):
            index = sum(1 for cut in cuts if low >= cut)
            if index != sum(1 for cut in cuts if high > cut):
                return False
            if index and index not in started:
                started.add(index)
                if self.lefts[index] is None or abs(low - self.lefts[index]) > 0.5 * self.size:
                    return False
        return True


def _columns(parts: list[list[dict]], width: float) -> Columns:
    size = max(_size(part) for part in parts)
    free = []
    for left, right in zip(parts, parts[1:]):
        start, end = max(c["x1"] for c in left), min(c["x0"] for c in right) + 0.5 * size
        free.append([(start, max(end, start + 0.1))])
    roles = header_roles(Row(tuple(Cell((_text(part),)) for part in parts)))
    return Columns(free, roles, min(c["x0"] for c in parts[0]), max(c["x1"] for c in parts[-1]), size, width,
                   rights=[0.0] * len(parts), lefts=[None] * len(parts),
                   heads=[(min(c["x0"] for c in part), max(c["x1"] for c in part)) for part in parts])


@dataclass
class UnruledPage:
    """What one page gave: its tables as (top, rows), the characters they hold, the table still open at
    the bottom of the page, and why a table found by its header could not be read."""

    tables: list[tuple[float, list[Row]]] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    open: Columns | None = None
    failed: list[str] = field(default_factory=list)


@dataclass
class _Part:
    columns: Columns
    lines: list[list[dict]] = field(default_factory=list)
    header: bool = False
    end: float | None = None  # the table's last rule on this page
    continues: bool = False  # the page opens with this part: its first rows may be the rest of the page before's
    # lines that may be rows spanning the table (by id): True where the wording alone says so (「第1章　…」), False
    # where the line must also not keep to the columns (「総論」, 「Ⅰ　…について」), which only the part's rows show
    across: dict[int, bool] = field(default_factory=dict)
    wrapped: dict[int, int] = field(default_factory=dict)  # a spanning row's wrapped line (by id): its first line's id


def _number_like(chars: list[dict]) -> bool:
    return bool(_NUMBER.match(unicodedata.normalize("NFKC", _text(chars))))


def _across(columns: Columns, chars: list[dict]) -> bool | None:
    """Whether a line of an open table may be a row spanning the table, a group heading (「第1章　戦略の位置付け」 from
    the No. column on): None where it is not (a number, or nothing, in the No. column; wording that is no section's).
    True where its wording alone makes it one (a chapter's or a plan's part's label: 「第1章」, 「【第1章】…」, 「基本目標1
    …」, no No. a row carries), False where it is one only if it does not keep to the columns (「総論」, 「Ⅰ　…」,
    「…について」: in the No. column a row's No. and the first line of its comment may read so too)."""
    no_at = columns.no_at
    if no_at is None:
        return None
    in_no = [char for char in chars if columns.column(char) == no_at]
    if not in_no or _number_like(in_no):
        return None
    text = " ".join(line.text for line in text_lines(chars))
    heading = section_heading(text)
    if heading is None:
        return True if named_number(text) else None
    return heading.level in (1, 2) or bool(re.search(r"\d", unicodedata.normalize("NFKC", text)))


_WRAPPED_MAX = 2  # a group heading wraps to this many more lines at most


def _heading_goes_on(columns: Columns, heading: list[dict], labelled: bool,
                     after: list[tuple[list[dict], bool]]) -> list[tuple[list[dict], bool]] | None:
    """The lines after a possible group heading (:func:`_across`) that are its own, wrapped in its merged cell, where
    the table goes on under it: a line numbered in the No. column that keeps to the gaps follows (after those lines),
    or the page ends (the rows may go on on the next page), or a table's header comes right under it (a heading
    between two tables: the rows under it are the next table's), or another heading comes right under it where the
    table goes on under that one (「第1章　…」 over 「第1節　…」).
    None where the table does not go on (「【担当】」 then 「○○市 都市計画課」, 「■今後の予定」 then 「令和7年6月　計画策定」
    after the table): the heading is then read as before, and the checks that end a table apply to it.

    A wrapped line starts where the heading starts, a line's height under it, holds no number in the No. column and
    reads as no heading itself, and follows a heading its label makes one (``labelled``, not 「Ⅰ　…」 which a row's first
    line may read as too) that runs at least to the header's right end (a line that wraps fills its cell)."""
    no_at, size = columns.no_at, columns.size
    left, bottom = min(c["x0"] for c in heading), max(c["bottom"] for c in heading)
    long = labelled and max(c["x1"] for c in heading) >= columns.right
    wrapped: list[tuple[list[dict], bool]] = []
    for at, (line, in_margin) in enumerate(after):
        if in_margin:  # the page's foot: the table may go on on the next page
            return wrapped if all(margin for _, margin in after[at:]) else None
        opening = _runs(line, _RUN_GAP * _size(line))[0]  # the No. (the borders may not be set yet: not by column)
        if (_number_like(opening) and {columns.column(c) for c in opening} == {no_at}
                and columns.fitted(line) is not None and not columns.straddles(line)):
            return wrapped
        if header_cells(line) is not None:  # a table's header: the heading is over the next table
            return wrapped if not wrapped else None
        if not wrapped and (below := _across(columns, line)) is not None and not header_cells(line):
            # a heading right under this one (「第1章」 over 「第1節」): the table goes on under both, or under neither
            return wrapped if _heading_goes_on(columns, line, below, after[at + 1:]) is not None else None
        top = min(c["top"] for c in line)
        if (not long or len(wrapped) == _WRAPPED_MAX or abs(min(c["x0"] for c in line) - left) > 0.5 * size
                or top - bottom > size or _across(columns, line) is not None):
            return None
        wrapped.append((line, in_margin))
        bottom = max(c["bottom"] for c in line)
    return wrapped


def _cell(chars: list[dict], right: float) -> Cell:
    if not chars:
        return Cell()
    return Cell(tuple(tidy(text) for text, _ in paragraphs(text_lines(chars), right)))


class _PageReader:
    def __init__(self, rules: list[tuple[float, float, float]], number: int) -> None:
        self.rules = rules
        self.number = number
        self.result = UnruledPage()

    def spanning(self, columns: Columns) -> list[float]:
        return sorted(y for x0, x1, y in self.rules
                      if x0 <= columns.left + columns.size and x1 >= columns.right - columns.size)

    def start(self, columns: Columns, first: list[dict], header: bool) -> _Part:
        top = min(c["top"] for c in first)
        rules = self.spanning(columns)
        if header and any(top - 2.5 * columns.size <= y <= top + 0.5 for y in rules):
            columns.ruled = True
        below = [y for y in rules if y > top]
        return _Part(columns, [first], header, below[-1] if columns.ruled and below else None)

    def close(self, part: _Part) -> bool:
        """Rows of a part of a table; False (and the reason noted) when they cannot be told apart."""
        columns = part.columns
        across = set()
        for line in part.lines:  # a row spanning the table, or a row's first line after all: it keeps to the columns
            if id(line) in part.across:
                if part.across[id(line)] or not columns.keeps(line):
                    across.add(id(line))
                else:
                    columns.free = columns.fitted(line) or columns.free
                    columns.note(line)
            elif part.wrapped.get(id(line)) in across:  # a line of the spanning row, wrapped
                across.add(id(line))
            elif id(line) in part.wrapped:  # a line of the row it turned out to be
                columns.free = columns.fitted(line) or columns.free
                columns.note(line)
        lines = [[(columns.column(char), char) for char in line] for line in part.lines]
        for line, printed in zip(lines, part.lines):
            for index, char in line if id(printed) not in across else ():
                columns.rights[index] = max(columns.rights[index], char["x1"])
        no_at = columns.no_at
        head = [lines[0]] if part.header else []
        body = list(zip(lines, part.lines))[1:] if part.header else list(zip(lines, part.lines))
        groups: list[list[list[tuple[int, dict]]]] = []
        spans: list[bool] = []  # per group: a row spanning the table
        if no_at is not None:
            for line, printed in body:
                span = id(printed) in across
                if span and id(printed) in part.wrapped:
                    groups[-1].append(line)  # the spanning row's line, wrapped in its merged cell
                elif span or any(index == no_at for index, _ in line) or not groups or spans[-1]:
                    groups.append([line])
                    spans.append(span)
                else:
                    groups[-1].append(line)
            others = [i for i, role in enumerate(columns.roles) if i != no_at]
            for position, group in enumerate(groups):
                if spans[position]:
                    continue
                first, rest = group[0], [pair for line in group[1:] for pair in line]
                numbered = any(index == no_at for index, _ in first)
                after_heading = position > 0 and spans[position - 1]
                if (not numbered and (after_heading or (part.header and position == 0 and not part.continues))) or (
                        numbered and not any(i in others for i, _ in first) and any(i in others for i, _ in rest)):
                    self.result.failed.append(
                        f"p.{self.number}: 番号が行の先頭の高さにないため、どの行のご意見・回答か決められません")
                    return False
        elif columns.ruled:
            rules = self.spanning(columns)
            keyed: dict[int, list] = {}
            for line, _ in body:
                middle = sum((c["top"] + c["bottom"]) / 2 for _, c in line) / len(line)
                keyed.setdefault(sum(1 for y in rules if y < middle), []).append(line)
            groups = [keyed[key] for key in sorted(keyed)]
            spans = [False] * len(groups)
        else:
            self.result.failed.append(f"p.{self.number}: No.の列も横の罫線もないため、行の区切りが分かりません")
            return False
        rows = []
        for group, span in zip([[line] for line in head] + groups, [False] * len(head) + spans):
            chars = [pair for line in group for pair in line]
            if span:  # as a ruled table gives a row spanning it: the text in the first cell, the others merged into it
                cells = (_cell([c for _, c in chars], max(columns.right, *columns.rights)),
                         *(Cell(merged_from_left=True) for _ in columns.roles[1:]))
            else:
                cells = tuple(_cell([c for i, c in chars if i == index], columns.rights[index])
                              for index in range(len(columns.roles)))
            rows.append(Row(cells, self.number, table_start=not rows))
        top = min(c["top"] for line in part.lines for c in line)
        self.result.tables.append((top, rows))
        self.result.used.update(id(c) for line in part.lines for c in line)
        return True


def read_unruled(lines: list[tuple[list[dict], bool]], rules: list[tuple[float, float, float]], width: float,
                 number: int, carried: Columns | None) -> UnruledPage:
    """Tables without vertical rules among a page's lines (characters outside ruled tables).

    Args:
        lines: The page's printed lines, top to bottom (:func:`assistant.readers.layout.char_rows`), each
            with whether it lies in the top or bottom band where page headers and footers are printed.
            Such a line belongs to a table only where it keeps to the table's columns and starts where
            a column's text starts (a row running into the band); else it is left as page text.
        rules: The page's horizontal lines as (x0, x1, y).
        width: The page width.
        number: The page number.
        carried: The table still open at the bottom of the page before, if any.
    """
    reader = _PageReader(rules, number)
    columns = carried if carried is not None and carried.width == width else None
    part: _Part | None = None
    first = True
    skip = 0
    for position, (line, in_margin) in enumerate(lines):
        if skip:
            skip -= 1
            continue
        text = unicodedata.normalize("NFKC", _text(line))
        parts = header_cells(line)
        open_here = columns is not None and (part is not None or (first and columns is carried))
        across = None
        if open_here and not in_margin and not (part is not None and part.end is not None
                                                and min(c["top"] for c in line) > part.end):
            # a header printed again (its parts all column names, or naming the open table's columns) is none
            named = parts is not None and (all(_named(_text(piece)) for piece in parts) or header_roles(
                Row(tuple(Cell((_text(piece),)) for piece in parts))) == columns.roles)
            across = None if named else _across(columns, line)
        wrapped = _heading_goes_on(columns, line, across, lines[position + 1:]) if across is not None else None
        if across is not None and wrapped is not None:
            # Maybe a row spanning the table (a group heading, the table going on under it): kept out of the columns'
            # borders, which its words, running on from the No. column, would move; :meth:`_PageReader.close` decides.
            if part is None:
                part = reader.start(columns, line, header=False)
            else:
                part.lines.append(line)
            part.across[id(line)] = across
            for more, _ in wrapped:  # the heading's own lines, wrapped in its merged cell
                part.lines.append(more)
                part.wrapped[id(more)] = id(line)
            skip = len(wrapped)
            first = False
            continue
        if parts is not None and open_here and _goes_on(columns, parts, line):
            parts = None  # the open table's row goes on (or the page before's row, at the top of this page)
        if parts is not None:
            if part is not None:
                reader.close(part)
            columns = _columns(parts, width)
            # The header repeated at the top of a page whose table went on from the page before: rows before the
            # first number are the rest of the last row there (its No. cell empty: the reader joins them to it).
            continues = first and carried is not None and carried.width == width and carried.roles == columns.roles
            if continues and carried.same_header(parts):
                # the same table's header, printed where it was: its columns' borders stay as the rows on the pages
                # before set them (a few short lines on this page, the rest of a comment, would set them anew and fall
                # into the wrong column); another table of the same column names and other widths sets its own
                columns = carried
            part = reader.start(columns, line, header=True)
            part.continues = continues
            first = False
            continue
        if columns is None:
            continue
        fitted = columns.fitted(line)
        if in_margin and (PAGE_NUMBER.match(text) or fitted is None or not columns.aligned(line)):
            continue  # a page header or footer
        top = min(c["top"] for c in line)
        if part is not None:
            ended = part.end is not None and top > part.end
            if ended or fitted is None or text in _END or columns.straddles(line):
                if not reader.close(part) or ended or text in _END:
                    columns = None  # the table ended here; nothing after it continues it
                part = None
                continue
            columns.free = fitted
            columns.note(line)
            part.lines.append(line)
            continue
        no_at = columns.no_at
        numbered = no_at is not None and _number_like([c for c in line if columns.column(c) == no_at])
        if fitted is not None and (numbered or (first and columns is carried)) and not columns.straddles(line):
            columns.free = fitted  # the table goes on: after a heading between rows, or from the page before
            columns.note(line)
            part = reader.start(columns, line, header=False)
        elif first and not (columns is carried and parse_heading(text)):
            columns = None  # the page does not begin with the table carried over (a group heading may come first)
        first = False
    if part is not None and reader.close(part):
        reader.result.open = columns
    return reader.result
