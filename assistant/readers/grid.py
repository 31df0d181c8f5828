"""One reading core for published answer tables, whatever the file format.

The PDF, Word, web page and Excel readers turn a file into *blocks* in reading order: table rows
(:class:`Row`: cells holding paragraphs, with merge flags and the page) and text outside tables
(:class:`Line`: headings, front matter). :func:`read_grid` finds the answer table by the roles of
its header cells (No. / comment / answer; any other column such as 該当箇所 or 意見提出者 is kept as
metadata) and turns the rows into items:

- a header row repeated after a page break is skipped; a table part without a header that follows
  the answer table with the same number of columns continues it (a table split by a page break);
- a table after it whose own header names no comment or answer column (:func:`other_header`: 「No.｜修正前｜
  修正後」) ends it: its rows are no items, and are counted in a warning;
- a row whose No. cell is empty (or merged from above) continues the item before it, with the same
  paragraph rule as the text reader (:func:`merge_continuation`);
- a cell merged downward (an answer shared by several comments, a 該当箇所 spanning rows) gives its
  content to every row it covers; an answer that a PDF's page break cut between two of its rows is
  joined again where the text shows the cut (:meth:`_Reader._join_cut_answers`), and said;
- a No. cell listing numbers one under another (同趣旨 comments answered together) names them 「1・2・3」,
  and a number two items of one group carry is said;
- a heading outside the table (「Ⅰ．…」, 「(1) …について」, 「第1章 …」) or a row that spans the whole
  table becomes the topic of the items under it; when numbering restarts in each group the item
  keeps its published No. and its stored key gets the group (「Ⅱ-3」), so ids stay unique and stable.

Example:
    >>> blocks = [Line("Ⅰ．修正するもの"), Row((Cell(("No.",)), Cell(("ご意見",)), Cell(("市の考え方",))), table_start=True),
    ...           Row((Cell(("1",)), Cell(("意見A",)), Cell(("回答。",)))), Row((Cell(("2",)), Cell(("意見B",)), Cell(merged_from_above=True))),
    ...           Line("Ⅱ．その他"), Row((Cell(("1",)), Cell(("意見C",)), Cell(("別の回答。",))), table_start=True)]
    >>> [(i.key, i.topic, i.answer) for i in read_grid(blocks).items]
    [('Ⅰ-1', '修正するもの', '回答。'), ('Ⅰ-2', '修正するもの', '回答。'), ('Ⅱ-1', 'その他', '別の回答。')]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from assistant.models import ParsedItem
from assistant.readers.cells import COUNTER_AFTER_NUMBER, SENTENCE_END, merge_continuation
from assistant.readers.columns import (column_role, header_key, header_like, header_name, qualifier_cell,
                                      without_weaker_columns)
from assistant.readers.docmeta import header_again_note, total_note, total_row
from assistant.readers.hygiene import SKIPPED_EMPTY
from assistant.textnorm import (MAX_RANGE, NO_LIST_MARKS, NO_RANGE_MARKS, no_form, no_range, no_range_numbers, no_thousands, no_without_stop,
                                number_value, squash, tidy)

NO, COMMENT, ANSWER = "no", "comment", "answer"
# A cell no column is named by: a number (「3」, 「4-1」, 「②」) or a sentence (「…します」, 「…ほしい」).
_NOT_A_NAME = re.compile(r"^(?:[0-9０-９]+(?:[-‐－・.][0-9０-９]+)*[.．]?|[①-⑳]|.*(?:ます|です|たい|ほしい|ください|する|した|ない))$")
_MAX_HEADING_CHARS = 60


@dataclass(frozen=True)
class Cell:
    """One table cell: its paragraphs, and whether a merged cell above or to the left covers it. ``spaced``: the
    paragraphs with the space after a leading number kept (a web page's or a PDF's cell reaching into the next column:
    「１　総論」, where its tidied text reads 「１総論」), read only to decide whether the cell is a group heading."""

    paragraphs: tuple[str, ...] = ()
    merged_from_above: bool = False
    merged_from_left: bool = False
    spaced: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def heading_text(self) -> str:
        """The first paragraph as a heading is read from: the space after its number kept where the format lost it."""
        return self.spaced[0] if len(self.spaced) == len(self.paragraphs) and self.spaced else self.paragraphs[0]


@dataclass(frozen=True)
class Row:
    """One table row; ``table_start`` marks the first row of a table (or of its part on a new page), ``header`` a row
    the format marks as column names (a web page's row of <th> cells)."""

    cells: tuple[Cell, ...]
    page: int | None = None
    table_start: bool = False
    header: bool = False


@dataclass(frozen=True)
class Line:
    """Text outside tables (one paragraph), with its page and font size where the format knows them;
    ``in_table`` for a table row read as text (a caption row above the header), never the title, and so for a Word
    footnote's text written after the paragraph that refers to it;
    ``sheet`` for a workbook's sheet name, the topic above every heading of the rows that follow;
    ``marked`` for a heading the format marks as one (a web page's <h2>-<h6>), a group heading even without
    a number (「総論」)."""

    text: str
    page: int | None = None
    size: float | None = None
    in_table: bool = False
    sheet: bool = False
    marked: bool = False


Block = Row | Line


# --- column roles ----------------------------------------------------------------------------------
def header_roles(row: Row, values: list[list[str]] | None = None) -> list[str | None] | None:
    """Roles of a header row's columns, or None when the row is not an answer-table header; with ``values`` (the cells
    of the rows under it, one list a column) two columns named alike for one role are told apart by what they hold
    (:func:`assistant.readers.columns.without_weaker_columns`)."""
    texts = ["".join(cell.paragraphs) for cell in row.cells]
    if not all(header_like(text) for text in texts):
        return None
    roles: list[str | None] = []
    for role in without_weaker_columns([column_role(text) for text in texts], texts, values):
        roles.append(role if role not in roles else None)  # the first column of a role wins
    if NO not in roles and roles and roles[0] is None and not texts[0].strip():
        roles[0] = NO  # an unnamed first column holds the numbers
    return roles if COMMENT in roles and ANSWER in roles else None


def _half_header(row: Row) -> bool:
    """A row that names a comment or an answer column but not both, in short header-like cells."""
    texts = ["".join(cell.paragraphs) for cell in row.cells]
    if not all(header_like(text) for text in texts):
        return False
    return any(column_role(text) in (COMMENT, ANSWER) for text in texts)


def other_header(row: Row) -> bool:
    """Whether a table's first row heads a table of its own, not answers: two or more short column names (no number,
    no sentence, no merged cell as a header on two rows has) that name no comment or answer column, one of them a
    No. column or the row marked as a header by the format (「No.｜修正前｜修正後」, 「<th>区分</th><th>人数</th>」).

    Example:
        >>> other_header(Row((Cell(("No.",)), Cell(("修正前",)), Cell(("修正後",)))))
        True
        >>> other_header(Row((Cell(("No.",)), Cell(("ご意見の概要",)), Cell(("修正後",)))))
        False
    """
    if any(cell.merged_from_above or cell.merged_from_left for cell in row.cells):
        return False
    texts = ["".join(cell.paragraphs) for cell in row.cells if cell.paragraphs]
    if len(texts) < 2 or not all(header_like(text) and not _NOT_A_NAME.match(squash(text)) for text in texts):
        return False
    roles = [column_role(text) for text in texts]
    return COMMENT not in roles and ANSWER not in roles and (NO in roles or row.header)


def _names_span(top: Row, bottom: Row) -> bool:
    """Whether ``bottom`` names the columns under a cell of ``top`` that spans several: short header words, one of them
    under the span's continuation, and one naming a role (「意見の内容」 over 「該当箇所｜意見の概要」) or every one only a
    part of the span (「該当箇所」 over 「頁｜項目」, see :func:`_parts_of_span`)."""
    if len(top.cells) != len(bottom.cells):
        return False
    texts = ["".join(cell.paragraphs) for cell in bottom.cells]
    filled = [index for index, text in enumerate(texts) if text and not bottom.cells[index].merged_from_left]
    return (any(top.cells[index].merged_from_left for index in filled)
            and all(header_like(texts[index]) for index in filled)
            and (any(column_role(texts[index]) for index in filled) or _parts_of_span(top, bottom)))


def _spanned(top: Row) -> set[int]:
    """The columns a cell of ``top`` spanning several covers (the cell itself and those merged into it)."""
    cells = top.cells
    return {index for index, cell in enumerate(cells)
            if cell.merged_from_left or (index + 1 < len(cells) and cells[index + 1].merged_from_left)}


def _parts_of_span(top: Row, bottom: Row) -> bool:
    """Whether ``bottom`` only names the parts of a spanning cell of ``top`` (「該当箇所」 over 「頁｜項目」): column names
    (no number, no sentence) under the span alone, every other column's cell merged down from ``top``; a row of data
    fills a column outside the span, or holds a number or a sentence."""
    if len(top.cells) != len(bottom.cells):
        return False
    spanned = _spanned(top)
    named = False
    for index, cell in enumerate(bottom.cells):
        text = squash("".join(cell.paragraphs))
        if index not in spanned:
            if not cell.merged_from_above:
                return False
        elif text and not cell.merged_from_left:
            if re.search(r"\d", unicodedata.normalize("NFKC", text)) or _NOT_A_NAME.match(text) or column_role(text):
                return False
            named = True
    return named


# A part of a spanning header cell that holds what the span names (「ご意見への対応」 over 「区分｜内容」: the 内容 is the answer).
_CONTENT_PART = re.compile(r"内容|概要|要旨|要約|概略|本文|全文|原文|詳細|説明")


def qualifies_header(row: Row, roles: list[str | None]) -> bool:
    """Whether ``row``, right under a header whose columns' roles are ``roles``, only qualifies that header: its cells
    empty, merged from the header, a bracketed qualifier (「（要旨）」) or a name of the same role
    as the column above (「ご意見の要旨」 under 「ご意見の概要」), one of them at least, none in a No. column
    (:func:`assistant.readers.columns.qualifier_cell`).

    Example:
        >>> roles = ["no", "comment", "answer"]
        >>> qualifies_header(Row((Cell(), Cell(("（要旨）",)), Cell())), roles)
        True
        >>> qualifies_header(Row((Cell(), Cell(("ご意見の要旨",)), Cell())), roles)
        True
        >>> qualifies_header(Row((Cell(), Cell(("（略）",)), Cell(("検討します。",)))), roles)
        False
    """
    named = False
    for index, cell in enumerate(row.cells):
        text = squash("".join(cell.paragraphs))
        if not text or cell.merged_from_above or cell.merged_from_left:
            continue
        if not qualifier_cell(text, roles[index] if index < len(roles) else None):
            return False
        named = True
    return named


def stack_header_rows(top: Row, bottom: Row) -> Row | None:
    """A header printed on two rows (「市の対応」 over 「市の考え方｜修正の有無」, No. and ご意見 merged down) as
    one row: each column named by its lower cell, or by the upper one where the lower is merged into it; where the
    lower cells only name the parts of a spanning upper one (「該当箇所」 over 「頁｜項目」), by both: 「該当箇所・頁」; a part
    that names the content (:data:`_CONTENT_PART`) of a span naming the comment or the answer column by the span alone
    (「ご意見への対応」 over 「区分｜内容」: 「ご意見への対応・区分｜ご意見への対応」, the answer under 内容). None when the rows
    do not have that shape.

    Example:
        >>> top = Row((Cell(("No.",)), Cell(("ご意見",)), Cell(("市の対応",)), Cell(merged_from_left=True)))
        >>> bottom = Row((Cell(merged_from_above=True), Cell(merged_from_above=True), Cell(("市の考え方",)), Cell(("修正の有無",))))
        >>> [cell.paragraphs for cell in stack_header_rows(top, bottom).cells]
        [('No.',), ('ご意見',), ('市の考え方',), ('修正の有無',)]
        >>> top = Row((Cell(("No.",)), Cell(("ご意見",)), Cell(("ご意見への対応",)), Cell(merged_from_left=True)))
        >>> bottom = Row((Cell(merged_from_above=True), Cell(merged_from_above=True), Cell(("区分",)), Cell(("内容",))))
        >>> [cell.paragraphs for cell in stack_header_rows(top, bottom).cells]
        [('No.',), ('ご意見',), ('ご意見への対応・区分',), ('ご意見への対応',)]
    """
    if len(top.cells) != len(bottom.cells) or not (
            any(cell.merged_from_above for cell in bottom.cells) or any(cell.merged_from_left for cell in top.cells)):
        return None
    # 「該当箇所」 over 「頁｜項目」: 「該当箇所・頁｜該当箇所・項目」
    parts = _spanned(top) if _parts_of_span(top, bottom) else set()
    cells, span = [], ""
    for index, (upper, lower) in enumerate(zip(top.cells, bottom.cells)):
        if not upper.merged_from_left:
            span = "".join(upper.paragraphs)
        text = "".join(lower.paragraphs)
        if index in parts and text and span:
            whole = column_role(span) in (COMMENT, ANSWER) and _CONTENT_PART.fullmatch(header_key(text))
            text = span if whole else f"{span}・{text}"
        text = text or "".join(upper.paragraphs)
        cells.append(Cell((text,)) if text else Cell())
    return Row(tuple(cells), top.page, top.table_start)


# --- headings --------------------------------------------------------------------------------------
_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_KANJI_NUMBER = "一二三四五六七八九十"
# (level, pattern on the NFKC text with single spaces; group 1 the marker, group 2 the heading).
_HEADINGS = (
    (1, re.compile(rf"^((?:第\s*[0-9{_KANJI_NUMBER}]+\s*[章部編]))\s*[.、:]?\s*(.*)$")),
    (2, re.compile(rf"^((?:第\s*[0-9{_KANJI_NUMBER}]+\s*[節款]))\s*[.、:]?\s*(.*)$")),
    (3, re.compile(r"^(\d{1,2})(?:\s*[.、:]\s*|\s+)(\D.*)$")),
    (4, re.compile(rf"^(\(\s*(?:\d{{1,2}}|[{_KANJI_NUMBER}]+)\s*\))\s*(.+)$")),
    (7, re.compile(r"^【([^】]{1,40})】$")),
)
_ROMAN_HEADING = re.compile(rf"^([{_ROMAN}]+|[IVX]{{1,4}}(?=\s*[.．、:：]))\s*[.．、:：]?\s*(.+)$")
_CIRCLED_HEADING = re.compile(rf"^([{_CIRCLED}])\s*(.+)$")
_UNMARKED_HEADING = re.compile(r"^(.{2,40}?(?:について|に関すること|に関するご?意見等?|に対するご?意見等?))$")
_NOTE = re.compile(r"^(?:[※＊*]|[(（].*[)）]$|以下)")
# What a chapter's label alone is about (「第3章関係」, 「第2章について」): the heading is the label with it; after
# another label (「1 全般」, 「Ⅰ 全般」, 「(1) 全体」) the heading is the word alone.
_RELATION = re.compile(r"関係|関連|について|に関すること|に(?:関|対)するご?意見等?|全般|全体")
# A note in a row of its own under the table: 「※…」, 「【参考】…」, 「(注)…」, 「注1：…」.
_FOOTNOTE = re.compile(r"^(?:[※＊*]|【(?:参考|注|注記|備考)】|\(注\d*\)|注\d*[:：])")
# A heading that names the answer table itself (「4 ご意見の概要と市の考え方」) is a caption, not a group.
CAPTION = re.compile(r"(?:考え方|回答|見解|結果)(?:について|等)?$")
_UNIT_START = tuple("件名人者日月年時分通%")
_DATA_END = re.compile(r"(?:\d\s*(?:件|人|名|者|通|団体|日|月|年|%)|\d+[)）]?|[:：].*)$")
_COUNT_THEN_NOTE = re.compile(r"\d\s*(?:件|人|名|者|通|団体)\s*[(（][^()（）]*[)）]$")
# The pages a heading's part of the plan takes, after its words (「第1章 計画の概要（P.1～P.10）」): no count.
_PAGES_END = re.compile(r"\S\s*[(（]\s*(?:[Pp]\.?|ページ|頁)\s*\d+(?:\s*[~～〜\-－‐―]\s*(?:[Pp]\.?)?\s*\d+)?\s*[)）]$")


def _data_line(flat: str) -> bool:
    """A count, date or 「項目：値」 line (「意見件数 5件」, 「提出された意見 17件（11人）」), not a heading
    (「基本目標1（安心して暮らせるまち）」 is one, and so is 「第1章 計画の概要(P.1~P.10)」, its pages after its words).

    Example:
        >>> [_data_line(text) for text in ("意見件数 5件", "第1章 計画の概要(P.1~P.10)", "第2章 施策(p.12)", "(P.3)")]
        [True, False, False, True]
    """
    if _PAGES_END.search(flat):
        return False
    return bool(_DATA_END.search(flat) or _COUNT_THEN_NOTE.search(flat))


PAGE_NUMBER = re.compile(
    r"^[-‐－―—–(（\[]?\s*(?:p\.?|P\.?|ページ|頁)?\s*\d{1,4}\s*(?:/\s*\d{1,4})?\s*(?:ページ|頁)?\s*[-‐－―—–)）\]]?$"
)


@dataclass(frozen=True)
class Heading:
    """A group heading: its level, its label (the number, 「Ⅱ」, 「(1)」) and its title, the items' topic. ``whole``: the
    line with its number (「５歳児健診について」), where a bare number before a space or a mark was dropped as its label
    (「５　歳児健診について」 reads 「歳児健診について」); the topic instead where another heading line of the document
    reads the same title (:func:`_apart_topics`)."""

    level: int
    label: str | None
    title: str
    whole: str | None = field(default=None, compare=False, repr=False)


def _marked_heading(line: Line) -> Heading | None:
    """A heading the format marks (<h3>総論</h3>) that no number or wording shows: an unnumbered group."""
    if not line.marked:
        return None
    title = tidy(line.text)
    flat = unicodedata.normalize("NFKC", title)
    if not 2 <= len(flat) <= _MAX_HEADING_CHARS or flat.endswith(("。", ".")) or _NOTE.match(flat) or _data_line(flat):
        return None
    return Heading(8, None, title)


def line_heading(line: Line) -> Heading | None:
    """A line's group heading: by its wording (:func:`parse_heading`) or by the format's mark (a web page's <h2>)."""
    return parse_heading(line.text) or _marked_heading(line)


def parse_heading(text: str) -> Heading | None:
    """A group heading (「Ⅰ．…」, 「第1章 …」, 「1 …」, 「(1) …」, 「①…」, 【…】, 「…について」), or None.

    Example:
        >>> parse_heading("Ⅱ．その他の主な意見")
        Heading(level=0, label='Ⅱ', title='その他の主な意見')
        >>> parse_heading("（１）計画全体について").label
        '(1)'
        >>> parse_heading("2030年度に自動運転の実装を求める。") is None
        True
        >>> [parse_heading(text).title for text in ("第3章関係", "第1節 全般", "第１節　全般", "第1章　総論")]
        ['第3章関係', '第1節 全般', '第1節 全般', '総論']
        >>> [parse_heading(text).title for text in ("１　節電の推進", "1 つ目の意見について", "２　回目の開催")]
        ['節電の推進', '1つ目の意見について', '2回目の開催']
    """
    raw = " ".join(text.split())
    flat = " ".join(unicodedata.normalize("NFKC", text).split())
    if not flat or len(flat) > _MAX_HEADING_CHARS or flat.endswith(("。", ".")) or PAGE_NUMBER.match(flat):
        return None
    found: tuple[int, str | None, str] | None = None
    spaced = False  # a space between a chapter's label and its words (「第1節 全般」)
    if match := _ROMAN_HEADING.match(raw):
        found = (0, match.group(1), match.group(2))
    elif match := _CIRCLED_HEADING.match(raw):
        found = (5, match.group(1), match.group(2))
    else:
        for level, pattern in _HEADINGS:
            if match := pattern.match(flat):
                label = match.group(1).replace(" ", "")
                found = (level, None, label) if level == 7 else (level, label, match.group(2))
                spaced = level in (1, 2) and " " in flat[match.end(1):match.start(2)]
                break
        else:
            if match := _UNMARKED_HEADING.match(flat):
                found = (8, None, match.group(1))
    title = tidy(found[2]) if found else ""
    if found and found[0] in (1, 2) and _RELATION.fullmatch(title):
        # 「第3章関係」 names the chapter, not 「関係」; 「1 全般」 is 「全般」. The space printed between the label and the
        # word stays (「第1節 全般」, 「第1節　全般」 in NFKC), which tidy drops between Japanese characters.
        title = found[1] + (" " if spaced else "") + title
    if len(title) < 2 or title.startswith(_UNIT_START) or _data_line(unicodedata.normalize("NFKC", title)):
        return None  # a count or date line (「3 意見総数 5件」), not a heading
    if found[0] == 3 and COUNTER_AFTER_NUMBER.match(title):
        # 「1 つ目の意見について」, 「2 点目」: the number counts the words; a heading still, its title keeps the number, so
        # 「1 つ目…」 and 「2 つ目…」 stay two topics (both had read 「つ目…」)
        title = found[1] + title
    elif found[0] == 3:
        return Heading(3, found[1], title, tidy(raw))  # the number dropped as a label: the whole line kept aside
    return Heading(found[0], found[1], title)


# --- the core --------------------------------------------------------------------------------------
@dataclass
class _Item:
    no: str
    topic: str | None
    group: str | None
    page: int | None
    where: str
    positional: bool = False  # the table has no No. column: ``no`` is the row's position
    heading: Heading | None = None  # the heading that gave ``topic`` (:func:`_apart_topics`)
    comment: list[str] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)
    extra: dict[str, list[str]] = field(default_factory=dict)

    def freeze(self, key: str | None) -> ParsedItem:
        extra = {name: "\n".join(value) for name, value in self.extra.items() if value}
        return ParsedItem(self.no, "\n".join(self.comment), tuple(self.answer), self.topic, self.page, extra, key,
                          self.positional)


@dataclass
class _Cut:
    """An answer that ends mid-sentence at the foot of a page, and the numbered row with its own answer at the top of
    the next: one answer cell merged over both comments (同趣旨) that the page break cut, or two answers."""

    before: _Item
    item: _Item
    above: list[_Item]  # the items the answer cell above covers (``before`` last)
    below: list[_Item]  # the items the answer cell on the new page covers (``item`` first), filled as rows are read


@dataclass
class _OtherTable:
    """A table after the answer table with a header of its own that names no comment or answer column (「計画案の主な修正
    箇所」: No.｜修正前｜修正後): its rows are no items, and are counted for the warning."""

    caption: str | None
    header: tuple[str, ...]
    page: int | None
    rows: int = 0

    def warning(self) -> str:
        where = f"p.{self.page}: " if self.page else ""
        caption = f"「{self.caption}」、" if self.caption else ""
        return (f"{where}回答の表の後の別の表（{caption}見出し: {'・'.join(text for text in self.header if text)}、"
                f"{self.rows}行）は、ご意見と回答の列がないため、回答の表の続きとみなさず読み飛ばしました。原本を確認してください。")


@dataclass
class GridResult:
    """What :func:`read_grid` found.

    Attributes:
        items: The answer table's items, in published order.
        warnings: Things to check, each saying where.
        front: Text before the answer table (title, period, counts), including other tables' text.
        lines: Every text line in reading order, for formats without a table (minutes, numbered Q&A).
    """

    items: list[ParsedItem]
    warnings: list[str]
    front: list[Line]
    lines: list[Line]
    total: int | None = None  # the count of a total row under the table (「合計 | 6件」), which is no item


def _where(page: int | None, row_number: int) -> str:
    return f"p.{page}" if page else f"表の{row_number}行目"


_SECTION_MARKS = "■□●○◆◇▼▽・ "
# A section named by its text alone in the No. column (「その他」, 「全体構想について」): not 「欠番」 or 「追加」.
_SECTION_WORD = re.compile(r"(?:について|に関すること|関係|関連|全般|全体|総論|各論|その他|構想|計画|施策)$")
# 「基本目標1 あらゆる分野…」, 「施策の方向3 子育て支援」: a plan's own numbered part, then its name.
_NAMED_NUMBER = re.compile(r"^(?:基本)?(?:目標|方針|施策|政策|重点(?:施策|目標|プロジェクト)?|分野|柱|テーマ|プロジェクト|取組|"
                           r"施策の方向(?:性)?)\s*[0-9０-９]{1,2}(?![0-9０-９])\s*[^\d\s]")
# Brackets around a section or its label (NFKC): 「【第1章 計画の概要】」, 「[第1章]」, 「<第2章>計画の推進」.
_WRAPPED = re.compile(r"^[【\[〔《<〈]([^】\]〕》>〉]{1,40})[】\]〕》>〉]\s*(.*)$")
_CHAPTER_LABEL = re.compile(rf"^第\s*[0-9{_KANJI_NUMBER}]+\s*([章部編節款])$")
_NAMED_LABEL = re.compile(r"^(?:基本)?(?:目標|方針|施策|政策|重点(?:施策|目標|プロジェクト)?|分野|柱|テーマ|プロジェクト|取組|"
                          r"施策の方向(?:性)?)\s*[0-9]{1,2}(?![0-9])")


def _numbered_section(flat: str) -> Heading | None:
    """A section heading with a number typed alone in the No. column (``flat``: its NFKC text), else None: a chapter's
    heading (「第3章関係」, 「第2章 施策の展開」), or one set off by a mark or brackets (「■第1章 総論」, 「【第1章 計画の
    概要】」, 「<第2章>計画の推進」, 「[第1章]」, 「【基本目標1】」, 「【1 総論】」); not a No. (「4-1」, 「【3】」, 「No.5」).

    Example:
        >>> [(h.label, h.title) for h in map(_numbered_section, ["【第1章 計画の概要】", "<第2章>計画の推進", "[第1章]"])]
        [('第1章', '計画の概要'), ('第2章', '計画の推進'), ('第1章', '第1章')]
        >>> _numbered_section("【3】") is None and _numbered_section("4-1") is None
        True
    """
    inner = flat.lstrip(_SECTION_MARKS)
    marked = inner != flat
    if match := _WRAPPED.match(inner):
        inner, marked = " ".join(part for part in match.groups() if part), True
    heading = parse_heading(inner)
    if heading is not None and (heading.level in (0, 1, 2) or (marked and heading.level < 7)):
        return heading
    if match := _CHAPTER_LABEL.match(inner):
        return Heading(1 if match.group(1) in "章部編" else 2, inner.replace(" ", ""), tidy(inner))
    if marked and _NAMED_LABEL.match(inner):
        return Heading(8, None, tidy(inner))
    return None


def section_heading(text: str) -> Heading | None:
    """The section heading a text in a table's No. column reads as, where no number is (「その他」, 「全体構想について」,
    「■地域別構想」, 「Ⅱ．その他」, 「第2章 施策の展開」, 「【第1章 計画の概要】」), or None: a No. (「4-1」, 「【3】」, 「No.5」), a
    note (「※…」), a count (「意見件数 5件」) or a sentence.

    Example:
        >>> [section_heading(text).title for text in ("その他", "第1章　戦略の位置付け", "【第1章】戦略の位置付け")]
        ['その他', '戦略の位置付け', '戦略の位置付け']
        >>> [section_heading(text) for text in ("4-1", "【3】", "No.5", "※要約しています", "以上")]
        [None, None, None, None, None]
    """
    flat = unicodedata.normalize("NFKC", " ".join(text.split()))
    if not 2 <= len(flat) <= _MAX_HEADING_CHARS or flat.endswith(("。", ".")) or _NOTE.match(flat) or _data_line(flat):
        return None
    if re.search(r"\d", flat):
        return _numbered_section(flat)
    heading = parse_heading(text)
    if heading is not None or flat[0] in _SECTION_MARKS or _SECTION_WORD.search(flat):
        return heading or Heading(8, None, tidy(flat.lstrip(_SECTION_MARKS)))
    return None


# Marks that open a group heading (「■地域別構想」, 「〇交通について」); not 「・」, which opens a comment's paragraph.
_HEADING_MARKS = "■□●○〇◎◆◇▼▽"


def _heading_marks(flat: str) -> bool:
    """Whether a line (its NFKC text) carries a heading's marks: a number 「1 総論」, 「1.」, 「(1)」, 「①」, 「Ⅱ」, 「第2章」,
    「基本目標2」, brackets 【…】, <…>, or a mark 「■」, 「〇」; not a bare word or phrase (「総論」, 「賛成です」,
    「交通について」), which may as well be a comment's words.

    Example:
        >>> [_heading_marks(text) for text in ("1 総論", "<交通について>", "■地域別構想", "第2章 交通", "総論", "賛成です")]
        [True, True, True, True, False, False]
    """
    if flat[:1] in _HEADING_MARKS or _WRAPPED.match(flat) or _NAMED_NUMBER.match(flat) or _CHAPTER_LABEL.match(flat):
        return True
    heading = parse_heading(flat)
    return heading is not None and heading.level < 8


def named_number(text: str) -> bool:
    """Whether a text opens with a plan's own numbered part (「基本目標1　あらゆる分野…」, 「施策の方向3 子育て支援」)."""
    return bool(_NAMED_NUMBER.match(unicodedata.normalize("NFKC", " ".join(text.split()))))


_SPANNING_NUMBER = re.compile(r"^(\d{1,2})(?![\d年月日件名人点%.,\-]|つ目)([^\d\s].{1,58})$")
# A heading's number glued to its words (「２施策について」: a PDF's text or the tidying drops the 「　」 of 「２　施策について」):
# one or two digits, then a kanji, a katakana or a hiragana word; not a mark (「4-1」, 「1.5」) or a letter (「3R」).
_GLUED_NUMBER = re.compile(r"^(\d{1,2})(?!\d)([\u3040-\u309f\u30a0-\u30ff\u4e00-\u9fff々].+)$")
# An extra guard only: the plain counters and particles after a number (「2050年」, 「１つ目」, 「１の意見」). No list of
# counters is whole (「２次募集」, 「２案」, 「５ページ」, 「１０周年」): a table's run of numbered headings decides
# (:meth:`_Reader._numbered_run`).
_COUNTER_START = re.compile(r"[年月日件]|[つ点回番度]目|の|は(?!じめに)|[かヶカケヵ]\s*[所月年]|[割%]")
# A sentence's predicate at the end (「２公園を増やしてほしい」): a comment's words, not a heading's.
_PREDICATE_END = re.compile(r"(?:です|ます|でした|ました|ください|下さい|ほしい|欲しい|たい|ない|べき|だ|である|思う)$")


def glued_number_heading(flat: str) -> Heading | None:
    """The group heading a line (its NFKC text, single spaces) may read as when its number is glued to its words
    (「２施策について」 from 「２　施策について」), else None: short (40 characters at most), no 「。」 in it and no
    predicate at its end, the number followed by a word, not a letter or mark, nor a plain counter or particle. A
    comment or note opens so too (「２次募集で寄せられたご意見」): only a run of such rows across the comment and the
    answer columns of one table, numbered in order, makes them headings (:meth:`_Reader._numbered_run`). The number
    is its label, and its title keeps the whole line, number included: a counter no guard knows (「１次募集…」,
    「２次募集…」, numbered in order as well) is then no cut title, and two such sections never merge into one topic.

    Example:
        >>> [(h.label, h.title) for h in map(glued_number_heading, ["2施策について", "1はじめに", "10その他"])]
        [('2', '2施策について'), ('1', '1はじめに'), ('10', '10その他')]
        >>> [glued_number_heading(t) for t in ("2050年までに", "1つ目の意見", "3R推進", "1施策について。", "2公園がほしい")]
        [None, None, None, None, None]
    """
    match = _GLUED_NUMBER.match(flat)
    if (match is None or len(flat) > 40 or "。" in flat or flat.endswith(".") or _COUNTER_START.match(match.group(2))
            or _PREDICATE_END.search(flat) or _data_line(flat)):
        return None
    return Heading(3, match.group(1), tidy(flat))


# A No. cell's line that is one number (「12」, 「3-1」); a No. naming several (「1・2・3」, 「4,5」).
_ONE_NUMBER = re.compile(r"\d+(?:-\d+)*")
_NUMBER_LIST = re.compile(rf"\d+(?:-\d+)*(?:[{NO_LIST_MARKS}]\d+(?:-\d+)*)+")
# A paragraph that opens with a bullet or a number (「・」, 「(1)」, 「①」, 「2.」) starts anew: it continues no sentence.
_PARAGRAPH_START = re.compile(r"^(?:[・･‧●○◎◆◇■□※＊*★☆→⇒【]|[(（]?[0-9０-９]{1,2}[)）.．、]|[①-⑳])")
# An answer's last paragraph that ends no sentence and yet is whole: an item of a list (「・返却ポストの増設」) or an
# address (「https://…/index.html」), so the answer is no cut one; unless it stops mid-phrase (「・…ネットワークの」,
# 「…進めるとともに、」) or at a folder of an address (「https://www.city.example.jp/kotsu/」).
_WHOLE_WITHOUT_END = re.compile(r"https?://\S+$|www\.\S+$")
_MID_PHRASE = re.compile(r"(?:[、，,のをにとがはへでやも]|/)$")
# Most answers end a sentence for the one that does not at the foot of a page to be read as cut there.
_ENDED_SHARE = 0.8


def cell_number(paragraphs: Iterable[str]) -> str:
    """The No. a cell gives its item: its text in NFKC but for its Roman numerals and a range's 「～」, as the drafts keep
    a No. (:func:`~assistant.textnorm.no_form`: an exported table reads back as saved), or, when the cell lists several
    numbers one under another (the comments of one 同趣旨 row, 「1」「2」「3」 on lines of their own), the numbers
    joined as the batch writes a group's Nos.

    Example:
        >>> cell_number(["１", "２", "３"]), cell_number(["4."]), cell_number(["No.", "5"])
        ('1・2・3', '4', 'No.5')
        >>> cell_number(["３～５"]), cell_number(["Ⅳ－１"]), cell_number(["ⅩⅢ"])
        ('3～5', 'Ⅳ-1', 'ⅩⅢ')
    """
    # A zero-width space in a No. is where it may wrap (the Word export writes one after each list mark, 「101,​205」):
    # no character of the No., and no control character to warn of
    paragraphs = [paragraph.replace("\u200b", "") for paragraph in paragraphs]
    # 「1.」 as Word's automatic numbering writes it is No. 1
    return listed_numbers(paragraphs) or no_without_stop(tidy(no_form("".join(paragraphs))))


def listed_numbers(lines: Iterable[str]) -> str | None:
    """「1・2・3」 for a cell's lines that are each one number (two at least), else None."""
    numbers = [no_without_stop(tidy(no_form(line))) for line in lines]
    numbers = [number for number in numbers if number]
    if len(numbers) > 1 and all(_ONE_NUMBER.fullmatch(number) for number in numbers):
        return "・".join(numbers)
    return None


# Numbering that has reached four digits: a grouped number a little above it is the next No., not a list.
_FOUR_DIGITS = 999
# How far above the No. before a grouped number may be and still be one number (rows withdrawn, a range answered
# together); one further on is a list (「250,251」 under 「1,001」 is Nos. 250 and 251, not No. 250251).
_NEXT_STEP = 50
# A number, or numbers of one to three digits 「,」 joins (「1,234」, 「250,251」, 「1,233,1,234」: Nos. 1233 and 1234
# listed with 「,」 in numbering past 999, or 1, 233, 1 and 234 in one short of it).
_NUMBER_OR_RUN = re.compile(r"(?<![0-9,])(?:[0-9]{1,3}(?:,[0-9]{1,3})+|[0-9]+)(?![0-9]|,[0-9])")


def without_thousands(no: str, before: int | None = None, reached: int | None = None) -> str:
    """A No. (in NFKC) with the thousands separators of its numbers taken out, where they are separators: always as the
    drafts read a No. (「1,000」, 「1,050」: :func:`~assistant.textnorm.no_thousands`), and in a table whose numbering
    has reached 999 (``before``: the highest number the No. above named; ``reached``: the highest any No. above named)
    for a number a little above one of those, at most :data:`_NEXT_STEP` above it or above the No.'s number before it
    (「1,234」 under 「1,233」 is No. 1234, while alone it lists 1 and 234, as a table numbering its comments may write
    them; 「250,251」 under 「1,001」 lists 250 and 251, and a row out of order so sets no numbering back: 「1,234」
    under it, where 「1,233」 came before, is No. 1234). Numbers so written and listed with 「,」 are read apart where
    one way only makes each of them such a number (「1,233,1,234」 under 「1,232」 is Nos. 1233 and 1234, listed
    「1233,1234」; alone it lists 1, 233, 1 and 234). The count after 「ほか」 stays as written.

    Example:
        >>> [without_thousands(no) for no in ["1,000", "1,234", "1,2", "12ほか1,022件", "1,233,1,234"]]
        ['1000', '1,234', '1,2', '12ほか1,022件', '1,233,1,234']
        >>> [without_thousands(no, 1233) for no in ["1,234", "1,234～1,236", "1,2", "1,100", "1,300"]], without_thousands("1,234", 998)
        (['1234', '1234～1236', '1,2', '1,100', '1,300'], '1,234')
        >>> without_thousands("250,251", 1001), without_thousands("1,101・1,102", 1100), without_thousands("1,234", 251, 1233)
        ('250,251', '1101・1102', '1234')
        >>> [without_thousands(no, 1232) for no in ["1,233,1,234", "1,233,1,234,1,235", "1,233,5", "1,233,1,400"]]
        ['1233,1234', '1233,1234,1235', '1,233,5', '1,233,1,400']
    """
    head, mark, tail = no.partition("ほか")
    head = no_thousands(head)
    anchors = {anchor for anchor in (before, reached) if anchor is not None and anchor >= _FOUR_DIGITS}
    if anchors:
        last = 0  # this No.'s own number before (「1,234～1,236」): the next one may go on from it too

        def fits(number: int, last: int) -> bool:
            return any(anchor < number <= max(anchor, last) + _NEXT_STEP for anchor in anchors)

        def only_reading(groups: list[str], last: int) -> list[int] | None:
            """The one way to read ``groups`` (the digits between the commas) as numbers written with thousands
            separators (one to three digits, no leading 0, then groups of three), every one of them fitting the
            numbering; None when there is none or more than one. Ways are counted position by position (at most 2
            a state), so a long run of groups takes time in proportion to its length, and no recursion."""
            # reached[i]: for each number read last before group i, (ways to get there, at most 2; the step before)
            reached: list[dict[int, tuple[int, tuple[int, int] | None]]] = [{} for _ in range(len(groups) + 1)]
            reached[0][last] = (1, None)
            for start, group in enumerate(groups[:-1]):
                if not reached[start] or not re.fullmatch(r"[1-9][0-9]{0,2}", group):
                    continue
                for before, (ways, _) in reached[start].items():
                    number = int(group)
                    for end in range(start + 1, len(groups)):
                        if len(groups[end]) != 3 or number > max(*anchors, before) + _NEXT_STEP:
                            break  # no number a group longer fits
                        number = number * 1000 + int(groups[end])
                        if fits(number, before):
                            known = reached[end + 1].get(number, (0, None))[0]
                            reached[end + 1][number] = (min(2, known + ways), (start, before))
            if sum(ways for ways, _ in reached[-1].values()) != 1:
                return None
            (number, (_, step)), = reached[-1].items()
            numbers = [number]
            while step is not None and step[0] > 0:  # back to the first group (step (0, last): the number before)
                numbers.append(step[1])
                step = reached[step[0]][step[1]][1]
            return numbers[::-1]

        def one_number(found: re.Match[str]) -> str:
            nonlocal last
            if "," not in found[0]:
                if fits(number_value(found[0]), last):
                    last = number_value(found[0])
                return found[0]
            # 「1,234」 one number, 「1,233,1,234」 two; none or two ways: far from the No. above, a list
            # (「250,251」 under 「1,001」), or no number of this table
            numbers = only_reading(found[0].split(","), last)
            if numbers is None:
                return found[0]
            last = numbers[-1]
            return ",".join(map(str, numbers))

        head = _NUMBER_OR_RUN.sub(one_number, head)
    return head + mark + tail


def highest_number(no: str) -> int | None:
    """The highest number a No. without thousands separators names (「1000」, 「3～5」 5, 「6ほか11件」 6), the count after
    「ほか」 aside; None for none (「?」)."""
    numbers = [number_value(number) for number in re.findall(r"\d+", no.partition("ほか")[0])]
    return max(numbers) if numbers else None


class Numbering:
    """How far a table's numbering has got, row by row, to read the thousands separators of the next No.
    (:func:`without_thousands`): the highest number of the No. above and the highest of any No. above. A row out of
    order (「250,251」 answered together under 「1,233」) leaves the second where it was, so 「1,234」 under it is
    still No. 1234; a No. that names no number (「その他」) leaves both; a No. 「1」 starts the numbering again (a
    chapter numbered from 1 after one past 1,100: 「1,105」 there lists 1 and 105), a list naming 1 does not.

    Example:
        >>> numbering = Numbering()
        >>> nos = ["999", "1,000", "1,098", "1,140", "250,251", "その他", "1,141", "1", "1,2", "1,150"]
        >>> [numbering.read(no) for no in nos]
        ['999', '1000', '1098', '1140', '250,251', 'その他', '1141', '1', '1,2', '1,150']
    """

    def __init__(self) -> None:
        self.above: int | None = None
        self.reached: int | None = None
        self.ranged = 0  # the numbers the ranges above named (:meth:`named`)

    def read(self, no: str) -> str:
        """The No. (in NFKC) without its thousands separators, the numbering moved on to it."""
        plain = without_thousands(no, self.above, self.reached)
        if (highest := highest_number(plain)) is not None:
            restarted = plain == "1"  # a list naming 1 (「1・250」 out of order under 「1,233」) restarts nothing
            self.above, self.reached = highest, highest if restarted else max(highest, self.reached or 0)
        return plain

    def named(self, no: str, bare: bool = False) -> list[str]:
        """The numbers a No. names (:func:`_listed`), its spaces and a 「No.」 before it aside, read as the numbering
        has come to it (:meth:`read`), the numbering moved on to it. The check of repeated Nos. and the count of the
        comments the Nos. name (:func:`~assistant.readers.text.numbered_total`) both read a No. so; the count, ``bare``,
        also sets aside the marks around each of its numbers (「(3)～(5)」, 「No.3～No.5」, 「3番～5番」:
        :func:`_bare_numbers`), while the check keeps them (「(1)」 under 「1」 is a numbering of its own). The ranges of one
        table name :data:`~assistant.textnorm.MAX_RANGE` numbers at most, as one range does: a range past that names
        itself only (a table of rows 「1～9999」 lists no millions of numbers).

        Example:
            >>> numbering = Numbering()
            >>> [numbering.named(no) for no in ["No. 1", "2～4", "5・6", "7ほか2件", "1～99999", "999", "1,000,1,001"]]
            [['1'], ['2', '3', '4'], ['5', '6'], ['7ほか2件'], ['1~99999'], ['999'], ['1000', '1001']]
            >>> len(numbering.named("1～9997")), numbering.named("1～2")
            (9997, ['1~2'])
        """
        plain = "".join(unicodedata.normalize("NFKC", no).split()).removeprefix("No.")
        plain = self.read(_bare_numbers(plain) if bare else plain)
        if (found := no_range(plain)) is not None:
            if self.ranged + found[1] - found[0] + 1 > MAX_RANGE:
                return [plain]
            self.ranged += found[1] - found[0] + 1
        return _listed(plain)


# A No. whose every number is marked as a No. may be (「(3)」, 「No.3」, 「NO.3」, 「№3」 (NFKC 「No3」), 「3番」), the numbers
# listed or a range (「(3)～(5)」, 「No.3～No.5」, 「NO.3～5」, 「No.3・No.4」, 「3番～5番」): the marks aside, it names what
# 「3～5」 or 「3・4」 names. Anything else keeps its marks (「第3章～第5章」, 「P.3～5」, 「(3)-2」 name no comments so).
_MARKED_NUMBER = r"(?:No\.?)?(?:\(\d+(?:,\d{3})*\)|\d+(?:,\d{3})*)番?"
_MARKED_NUMBERS = re.compile(rf"{_MARKED_NUMBER}(?:[{NO_LIST_MARKS}{NO_RANGE_MARKS}]{_MARKED_NUMBER})*", re.IGNORECASE)
_NUMBER_MARKS = re.compile(r"No\.?|[()番]", re.IGNORECASE)


def _bare_numbers(no: str) -> str:
    """A No. (in NFKC, without spaces) without the marks around each of its numbers (:data:`_MARKED_NUMBERS`), where
    each is so marked; any other as it is.

    Example:
        >>> [_bare_numbers(no) for no in ["(3)~(5)", "No.3~No.5", "NO.3~5", "No3~5", "No.3・No.4", "3番~5番", "No.12"]]
        ['3~5', '3~5', '3~5', '3~5', '3・4', '3~5', '12']
        >>> [_bare_numbers(no) for no in ["第3章~第5章", "P.3~5", "(3)-2", "No.", "3", "その他"]]
        ['第3章~第5章', 'P.3~5', '(3)-2', 'No.', '3', 'その他']
    """
    return _NUMBER_MARKS.sub("", no) if _MARKED_NUMBERS.fullmatch(no) else no


def names_a_number(no: str) -> bool:
    """Whether a No. names a number to check for repeats: it holds a digit (full-width or circled too: 「３」, 「①」,
    「1-2」, 「第3」) or a Roman numeral (「Ⅳ」, or 「IV」 as NFKC writes it, as :meth:`Numbering.named` reads it), not a
    mark alone (「―」, 「ー」, 「-」, 「*」, 「〃」, 「?」) or a word (「再掲」, 「同上」, 「追加」, 「その他」).

    Example:
        >>> [names_a_number(no) for no in ["1", "３", "①", "1-2", "Ⅳ", "IV", "―", "〃", "再掲", "同上", "*", "?"]]
        [True, True, True, True, True, True, False, False, False, False, False, False]
    """
    return any(unicodedata.category(character) in ("Nd", "No", "Nl") and character != "〇" for character in no) or bool(
        re.fullmatch(r"[IVX]+", "".join(unicodedata.normalize("NFKC", no).split()).removeprefix("No.")))


def repeated_number_warnings(numbered: Iterable[tuple[object, str, str]]) -> list[str]:
    """A warning for each number that two items of one group name (「3」 twice, or 「3」 beside 「1・2・3」): another
    comment given the same number, or a row misread (「251」 under 「250～251」 too: a range names each number in it, as
    the count of comments reads it). ``numbered`` holds each numbered item's group (a heading, a sheet: numbering
    restarted in each repeats nothing), No. and place (「表の3行目」), in the table's order; a No. that names no number
    (「?」: none read; a mark such as 「―」, 「〃」, 「再掲」 or 「同上」 on a row given no number, :func:`names_a_number`) is
    passed over. The published tables' reader and the staff sheets' say it alike; the items stay as read.

    Example:
        >>> repeated_number_warnings([(None, "1", "2行目"), (None, "1・2", "3行目"), ("b", "1", "4行目")])
        ['No.1 が2回出てきます（2行目、3行目）。同じ番号のまま別々の項目として読みました。原本を確認してください。']
    """
    places: dict[tuple[object, str], list[str]] = {}
    numbering = Numbering()  # a table past No. 999 reads 「1,234」 under 「1,233」 as one
    for group, no, where in numbered:
        if not names_a_number(no):
            continue
        for number in numbering.named(no):
            places.setdefault((group, number), []).append(where)
    return [f"No.{number} が{len(where)}回出てきます（{'、'.join(dict.fromkeys(where))}）。"
            "同じ番号のまま別々の項目として読みました。原本を確認してください。"
            for (_, number), where in places.items() if len(where) > 1]


def _listed(no: str) -> list[str]:
    """The numbers a No. without thousands separators names: 「1・2・3」 three, 「3～5」 3, 4 and 5 (a range wider than
    :data:`~assistant.textnorm.MAX_RANGE`, 「1～99999」, only itself: :func:`~assistant.textnorm.no_range_numbers`),
    any other itself."""
    return re.split(f"[{NO_LIST_MARKS}]", no) if _NUMBER_LIST.fullmatch(no) else no_range_numbers(no)


def _numbers(no: str, before: int | None = None) -> list[str]:
    """The numbers a No. names: 「1・2・3」 three, 「1,000」 one (:func:`without_thousands`), 「3～5」 three, any other one."""
    return _listed(without_thousands(no, before))


# A row that only marks the table's end: 「以下余白」, 「以下空白」, 「（以上）」, 「以上です」, 「（表は以上です）」.
_END_MARK = re.compile(r"[(\[]?\s*(?:以下\s*(?:余白|空白)|(?:表は)?以上(?:です)?)\s*[。.]?\s*[)\]]?")


@dataclass
class _Note:
    """A note row left out: where it was, its text, the number of items read before it and its warning's place."""

    where: str
    text: str
    items_before: int
    warning_at: int
    marked: bool  # 「※…」, 「【参考】…」 or an end mark 「以下余白」: a note by its wording
    end: bool = False  # an end mark 「以下余白」: it closes a table, and qualifies no rows below it (a next table's)


def _excerpt(text: str) -> str:
    """A note's whole text on one line, as a warning quotes it: no cap, the warning being the only place that keeps it."""
    return " ".join(text.split())


def _ends_sentence(text: str) -> bool:
    """Whether a paragraph ends a sentence (「…検討します。」, or a closing bracket), not mid-sentence (「…踏まえ」)."""
    return text.rstrip().endswith((*SENTENCE_END, "）", ")", "」", "』", "】"))


class _Reader:
    def __init__(self) -> None:
        self.roles: list[str | None] | None = None
        self.named: list[str | None] | None = None  # the roles as the header's names alone give them (header_roles)
        self.headers: list[str] = []
        self.blocks: list[Block] = []  # every block, and the one being read: the rows under a header are looked at
        self.at = 0
        self.items: list[_Item] = []
        self.warnings: list[str] = []
        self.front: list[Line] = []
        self.lines: list[Line] = []
        self.headings: list[Heading] = []
        self.in_body = False
        self.fragment_ok = False
        self.fragment_first = False
        self.text_since_rows = False
        self.previous: list[tuple[str, ...]] = []
        self.spans: dict[int, list[_Item]] = {}  # column -> the items its open merged cell covers so far
        self.pending_header: Row | None = None
        self.row_number = 0
        self.total: int | None = None
        self.unmarked = 0
        self.sheets = 0
        self.last_row_page: int | None = None
        self.cuts: list[_Cut] = []
        self.others: list[_OtherTable] = []
        self.other: _OtherTable | None = None  # the table of its own being read, until the answer header comes again
        self.caption: str | None = None  # the text line right before the next table
        self.notes: list[_Note] = []  # note rows left out, said at the end (:meth:`_note_warnings`)
        # The number of the last row across the comment and the answer columns numbered as a group heading in the table
        # being read (:meth:`_across_number`), None at a table's start (:meth:`_header`): the run test's row above.
        self.run_number: int | None = None
        self.current_at = 0  # the index in :attr:`blocks` of the table row being read (:meth:`_data`)
        self.after_rows = False  # text, a heading's too, after the table's rows on their page (or in a file without pages)
        self.just_headed = False  # the last block read was the table's header (:meth:`_header`)

    # text ------------------------------------------------------------------------------------
    def line(self, line: Line) -> None:
        self.flush()
        if not tidy(line.text):
            return
        if line.sheet:  # a new sheet: its name is the outermost group, never the title
            self.sheets += 1
            self._pop(-1)
            self.headings.append(Heading(-1, f"s{self.sheets}", tidy(line.text)))
            return
        self.lines.append(line)
        if self.in_body and (line.page is None or line.page == self.last_row_page) and not _NOTE.match(
                unicodedata.normalize("NFKC", line.text.strip())):
            self.after_rows = True  # a heading too: the next header starts another table (:meth:`_new_table`)
        heading = line_heading(line)
        caption = heading.title if heading else tidy(line.text)
        self.caption = caption if len(caption) <= _MAX_HEADING_CHARS else None  # a table's name, not a paragraph
        if heading and CAPTION.search(heading.title):
            self._pop(heading.level)  # a caption of the table: ends the groups above, starts none
        elif heading:
            self._push(heading)
        elif not self.in_body:
            if not _NOTE.match(unicodedata.normalize("NFKC", line.text.strip())):
                self.headings = [heading for heading in self.headings if heading.level < 0]  # sheets stay
        elif (line.page is None or line.page == self.last_row_page) and not _NOTE.match(
                unicodedata.normalize("NFKC", line.text.strip())):
            # Text after the table on its page (or in a Word file or web page): the table ended. A note
            # (「（表は次に続きます）」「※…」) between two parts of one table does not end it.
            self.text_since_rows = True
        if not self.in_body:
            self.front.append(line)

    def _push(self, heading: Heading) -> None:
        if heading.label is None:
            self.unmarked += 1
            heading = replace(heading, label=f"g{self.unmarked}")
        self._pop(heading.level)
        self.headings.append(heading)

    def _pop(self, level: int) -> None:
        while self.headings and self.headings[-1].level >= level:
            self.headings.pop()

    @property
    def topic(self) -> str | None:
        return self.headings[-1].title if self.headings else None

    @property
    def group(self) -> str | None:
        return "-".join(h.label or "" for h in self.headings) if self.headings else None

    # rows --------------------------------------------------------------------------------------
    def row(self, row: Row) -> None:
        pending, self.pending_header = self.pending_header, None
        if pending is not None:
            stacked = stack_header_rows(pending, row)
            if header_roles(pending) is not None and not _names_span(pending, row):
                stacked = None  # a whole header row; the row under it is no second header row
            roles = header_roles(stacked) if stacked is not None else None
            if roles and (not self.in_body or roles == self.named):
                if pending.table_start:
                    self._start_fragment(pending)
                self._header(stacked, roles, pending.table_start)
                return
            self._row(pending)
        if (header_roles(row) is None and _half_header(row)) or (
                header_roles(row) is not None and any(cell.merged_from_left for cell in row.cells)):
            # maybe the first of a header's two rows (「意見の内容」 spanning 「該当箇所」 and 「意見の概要」, which
            # then names the comment column): decided by the next row
            self.pending_header = row
            return
        self._row(row)

    def flush(self) -> None:
        """Read a row held back as a possible first header row (the blocks went on or ended)."""
        pending, self.pending_header = self.pending_header, None
        if pending is not None:
            self._row(pending)

    def _row(self, row: Row) -> None:
        if row.table_start:
            self._start_fragment(row)
        self.caption = None
        roles = header_roles(row)
        repeated = roles == self.named and (self._same_header(row) or (row.table_start and not self._reads_as_data(row)))
        if roles and (not self.in_body or repeated or (row.table_start and NO in roles)):
            if repeated and self.items and row.page is None and not row.table_start:
                # typed again inside the table (a page's header that a PDF prints again is no news)
                self.row_number += 1
                shown = "｜".join(cell.text for cell in row.cells if not cell.merged_from_left and cell.text)
                self.warnings.append(f"{_where(None, self.row_number)}: {header_again_note(shown)}")
            self._header(row, roles)
            return
        if not self.fragment_ok:
            text = " ".join(cell.text.replace("\n", " ") for cell in row.cells if not cell.merged_from_left and cell.text)
            if text and self.other is not None and tuple(self._texts(row)) != self.other.header:
                self.other.rows += 1  # a row of the table of its own (not its header printed again on a new page)
                self.last_row_page = row.page
            if text:
                as_line = Line(text, row.page, in_table=True)
                self.lines.append(as_line)
                if not self.in_body:
                    self.front.append(as_line)
            return
        headed, self.just_headed = self.just_headed, False
        if headed and qualifies_header(row, self.roles):
            return  # 「（要旨）」 under 「ご意見の概要」: the header's second row, no item
        self._data(row)

    def _start_fragment(self, row: Row) -> None:
        if self.other is not None and header_roles(row) is None and (
                tuple(self._texts(row)) == self.other.header or not (other_header(row) or self.text_since_rows)):
            self.fragment_ok = False  # the table of its own goes on on the next page, its header printed again or not
            return
        if self.roles is not None and self.in_body and other_header(row):
            self.other = _OtherTable(self.caption, tuple(self._texts(row)), row.page)
            self.others.append(self.other)
            self.fragment_ok = self.text_since_rows = False  # text from here on is text after this table
            self.previous = []
            return
        # After a table of its own, only the answer table's header starts answers again.
        fits = (self.roles is not None and len(row.cells) == len(self.roles) and not self.text_since_rows
                and self.other is None)
        if self.roles is not None and not fits and header_roles(row) is None and self._has_data(row):
            self.warnings.append(
                f"{_where(row.page, self.row_number)}: 見出し行のない表（{len(row.cells)}列）は、回答の表の続きとみなせないため"
                "読み飛ばしました。原本を確認してください。"
            )
        self.fragment_ok = fits
        self.fragment_first = True
        self.previous = []

    def _below(self, width: int, rows: int = 10, blocks: int = 40) -> list[list[str]]:
        """The cells of the next table rows as wide as a header of ``width`` columns, one list a column: at most
        ``rows`` rows among the next ``blocks`` blocks."""
        values: list[list[str]] = [[] for _ in range(width)]
        found = 0
        for block in self.blocks[self.at + 1:self.at + 1 + blocks]:
            if isinstance(block, Row) and len(block.cells) == width:
                for index, cell in enumerate(block.cells):
                    values[index].append(cell.text)
                if (found := found + 1) == rows:
                    break
        return values

    @staticmethod
    def _has_data(row: Row) -> bool:
        return sum(bool(cell.paragraphs) for cell in row.cells) >= 2

    @staticmethod
    def _texts(row: Row) -> list[str]:
        return ["".join(cell.paragraphs) for cell in row.cells]

    def _same_header(self, row: Row) -> bool:
        """Whether a row inside the table says what its header says (a header printed again): short cells that
        only look like one (「地域住民の意見を聞く場を｜個別に対応」) are a row of the table."""
        return [squash(text) for text in self._texts(row)] == [squash(text) for text in self.headers]

    def _reads_as_data(self, row: Row) -> bool:
        """Whether a row whose cells name the header's columns has one no column is named by, its notes aside (a
        sentence 「…してほしい」, 「…します」, or a number): a row of the table at the top of a page or of a table's next
        part, not its header printed again."""
        return any(_NOT_A_NAME.match(header_name(text)) for text in self._texts(row) if text.strip())

    def _header(self, row: Row, roles: list[str | None], table_start: bool = False) -> None:
        if self._new_table(row, roles, table_start or row.table_start, self.after_rows or self.other is not None,
                           self.last_row_page):
            self.run_number = None  # a run of numbered group headings does not go on into another table
        self.after_rows = False
        if roles != self.named:
            self.spans = {}  # another table; a header repeated on the next page keeps the merged cells open
            self.named = roles
            # Two columns named alike for one role (「回答」 and 「市の回答」): the one of sentences, not of labels, below.
            self.roles = header_roles(row, self._below(len(row.cells))) or roles
        self.headers = self._texts(row)
        self.in_body = True
        self.just_headed = True
        self.fragment_ok = True
        self.text_since_rows = False
        self.previous = []
        self.other = None

    def _new_table(self, row: Row, roles: list[str | None], table_start: bool, after_text: bool,
                   last_page: int | None) -> bool:
        """Whether a header row read inside the body starts another table rather than being its header printed again on
        a page or typed again in it: other names, text (a heading's too) after the table's rows on their page or a table of
        its own before it (``after_text``), a header on the page of the table's last row ``last_page`` (a page's header
        is printed at its top, 「（続き）」 or not above it), or a new table in a file without pages (a Word file)."""
        return (roles != self.named or after_text or (table_start and row.page is None)
                or (row.page is not None and row.page == last_page))

    def _column(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None

    def _values(self, cells: list[Cell]) -> list[tuple[str, ...]]:
        values = []
        for index, cell in enumerate(cells):
            if cell.merged_from_above:
                values.append(self.previous[index] if index < len(self.previous) else ())
            elif cell.merged_from_left:
                values.append(())
            else:
                values.append(tuple(cell.paragraphs))
        return values

    @staticmethod
    def _heading_row(cells: list[Cell]) -> Heading | None:
        """A row whose only text is in its first cell: spanning the whole row, or a marked heading."""
        filled = [index for index, cell in enumerate(cells) if cell.paragraphs or cell.merged_from_above]
        if filled != [0] or len(cells[0].paragraphs) != 1:
            return None
        text = cells[0].heading_text
        heading = parse_heading(text)
        if len(cells) > 1 and all(cell.merged_from_left for cell in cells[1:]):
            if heading is None or heading.level == 8:
                # A row across the table whose number opens it with no space after it. Glued to a word (a PDF's
                # 「１にぎわいのあるまち」, 「１次募集でのご意見」), the number may be the words' own counter: the title
                # keeps the whole line, as across the comment and answer columns (:func:`glued_number_heading`), so
                # 「１次募集…」 and 「２次募集…」 stay two topics. A 「)」 after the number (「1)総論」) closes its label;
                # a 「-」 (「1-1 計画の位置づけ」) is a part of the number, the whole line the topic.
                if match := _SPANNING_NUMBER.match(unicodedata.normalize("NFKC", text)):
                    if match.group(2)[0] == ")" and len(match.group(2).strip()) > 2:
                        # 「1)総論」, 「１）総論」: the mark closes the label, the words are the topic (not 「)総論」)
                        return Heading(3, match.group(1) + ")", match.group(2)[1:].strip())
                    glued = match.group(2)[0].isalnum()
                    return Heading(3, match.group(1), tidy(text) if glued else match.group(2))
            return heading or Heading(8, None, tidy(text))
        return heading if heading and heading.level < 7 else None

    def _section_row(self, cells: list[Cell]) -> Heading | None:
        """A section row typed into one column of a numbered table without merging it across: 「【全体構想】」,
        「■地域別構想」 or 「その他」 alone in the No. column (with a number in it, a chapter's or a plan's part's:
        :func:`_numbered_section`), or 「基本目標1　あらゆる分野…」 alone in the comment column (a heading's wording,
        without 「。」)."""
        no_at, comment_at = self._column(NO), self._column(COMMENT)
        filled = [index for index, cell in enumerate(cells) if cell.paragraphs or cell.merged_from_above]
        if no_at is None or len(filled) != 1 or len(cells[filled[0]].paragraphs) != 1:
            return None
        text = cells[filled[0]].paragraphs[0]
        flat = unicodedata.normalize("NFKC", " ".join(text.split()))
        if filled[0] == no_at:
            return section_heading(text)
        if (not 2 <= len(flat) <= _MAX_HEADING_CHARS or flat.endswith(("。", ".")) or _NOTE.match(flat)
                or _data_line(flat)):
            return None
        heading = parse_heading(text)
        if filled[0] == comment_at and "、" not in flat and (
                (heading is not None and heading.level in (0, 1, 2, 7)) or _NAMED_NUMBER.match(flat)):
            # 「Ⅱ．…」, 「第2章　…」, 「【交通】」 or 「基本目標2　…」 alone: not 「(1) バス路線について」 or 「P12の図表を…」,
            # which continue a comment split over rows
            return heading if heading is not None else Heading(8, None, tidy(text))
        return None

    def _data(self, row: Row) -> None:
        number = self._across_number(row)
        self.current_at = self.at  # its block (a row held back as a possible header is read at the next block)
        while self.current_at > 0 and self.blocks[self.current_at] is not row:
            self.current_at -= 1
        try:
            self._data_row(row)
        finally:
            self.after_rows = False
            if number is not None:
                self.run_number = number

    def _data_row(self, row: Row) -> None:
        self.row_number += 1
        width = len(self.roles)
        cells = list(row.cells[:width]) + [Cell()] * (width - len(row.cells))
        if len(row.cells) > width and any(cell.paragraphs for cell in row.cells[width:]):
            self.warnings.append(f"{_where(row.page, self.row_number)}: 見出しより多い列の内容は読み飛ばしました。")
        if not any(cell.paragraphs or cell.merged_from_above for cell in cells):
            return
        if self.items and (note := self._note_cell(cells)) is not None:
            # 「※いただいたご意見は要約しています。」 or 「【参考】」 and its paragraphs in the first cell of a row of its
            # own (or across it), 「以下余白」 or 「（以上）」 alone, or any text in a cell spanning the comment and the answer
            # columns with no No.: a note, no item, and no part of the item above; said (:meth:`_note_warnings`)
            self.lines.extend(Line(paragraph, row.page, in_table=True) for paragraph in note.paragraphs)
            flat = " ".join(unicodedata.normalize("NFKC", note.text).split())
            end = bool(_END_MARK.fullmatch(flat))
            self.notes.append(_Note(_where(row.page, self.row_number), note.text, len(self.items), len(self.warnings),
                                    marked=bool(_FOOTNOTE.match(flat) or end), end=end))
            return
        heading = self._heading_row(cells) or self._section_row(cells) or self._across_heading(cells)
        if heading:
            self._push(heading)
            self.previous, self.spans = [], {}
            return
        if self.items and (total := total_row(["".join(cell.paragraphs) for cell in cells])) is not None:
            self.total = total
            self.warnings.append(f"{_where(row.page, self.row_number)}: {total_note(total)}")
            return
        values = self._values(cells)
        no_at, comment_at, answer_at = self._column(NO), self._column(COMMENT), self._column(ANSWER)
        split = False
        if no_at is not None:
            continues = cells[no_at].merged_from_above or not values[no_at]
        else:
            continues = not values[comment_at] or cells[comment_at].merged_from_above
            # Without numbers, the first row after a page break with a comment but no answer is the rest of
            # the comment above, which the break cut (an unanswered comment would be a new item: said below).
            split = (not continues and self.fragment_first and bool(self.items) and row.page is not None
                     and row.page != self.last_row_page and not values[answer_at] and not cells[answer_at].merged_from_above
                     and not any(values[index] for index, _ in self._extras()))  # a row with its own 該当箇所 is new
            continues = continues or split
        if continues and not self.items:
            self.warnings.append(
                f"{_where(row.page, self.row_number)}: No.が空で、続きとみなす前の項目がありません。番号「?」の項目として読みました。"
            )
            continues = False
        if continues:
            self._warn_heading_like(row, cells, comment_at)
            if split:
                self.warnings.append(f"{_where(row.page, self.row_number)}: ページの先頭の、回答の欄が空の行を、"
                                     f"No.{self.items[-1].no} のご意見の続きとして読みました。別のご意見なら原本を確認してください。")
            self._continue(cells, values)
            # The cells above the next row hold the item's whole text (a cell cut by the page break included).
            item = self.items[-1]
            values = [values[i] if role == NO else tuple(self._value(item, i)) for i, role in enumerate(self.roles)]
        else:
            self._new_item(row, cells, values, no_at, comment_at, answer_at)
        self.previous = values
        self.fragment_first = False
        self.text_since_rows = False
        self.last_row_page = row.page

    def _across(self, cells: list[Cell]) -> tuple[Cell, bool] | None:
        """The row's only cell with text (not merged from above), when it spans the comment and the answer columns
        with the No. cell empty, or spans the whole row from its first cell; and whether it spans the whole row."""
        filled = [index for index, cell in enumerate(cells) if cell.paragraphs or cell.merged_from_above]
        if len(filled) != 1 or cells[filled[0]].merged_from_above:
            return None
        at = filled[0]
        span = {at} | {index for index in range(at + 1, len(cells)) if all(c.merged_from_left for c in cells[at + 1:index + 1])}
        whole = at == 0 and len(span) == len(cells)
        comment_at, answer_at, no_at = self._column(COMMENT), self._column(ANSWER), self._column(NO)
        if whole or (comment_at in span and answer_at in span and (no_at is None or no_at == at or no_at not in span)):
            return cells[at], whole
        return None

    def _across_heading(self, cells: list[Cell]) -> Heading | None:
        """A group heading in one cell spanning the comment and the answer columns, the No. cell empty (「１　総論」,
        「＜交通について＞」, 「■地域別構想」): read as the same words across the whole row are (:meth:`_heading_row`), when
        they read as a heading (one short line, no sentence's end, no note's or count's wording)."""
        across = self._across(cells)
        if across is None or across[1] or len(across[0].paragraphs) != 1:
            return None
        cell = across[0]
        flat = " ".join(unicodedata.normalize("NFKC", cell.heading_text).split())
        if (not 2 <= len(flat) <= _MAX_HEADING_CHARS or flat.endswith(("。", ".")) or _NOTE.match(flat)
                or _FOOTNOTE.match(flat) or _END_MARK.fullmatch(flat) or _data_line(flat)
                or total_row(["".join(c.paragraphs) for c in cells]) is not None):
            return None
        if not _heading_marks(flat):
            # 「賛成です」, 「特になし」, 「総論」, 「２次募集で寄せられたご意見」: a comment's or a note's words as well as a
            # heading's; a note, said. A number glued to its words (a PDF's 「２施策について」) is a heading in a run only.
            # Its title keeps the number (「２施策について」): a counter (「２次募集…」) is never cut off.
            glued = glued_number_heading(flat)
            if glued is None or not self._numbered_run(int(glued.label)):
                return None
            return Heading(glued.level, glued.label, tidy(cell.paragraphs[0]))
        return self._heading_row([cell, *[Cell(merged_from_left=True)] * (len(cells) - 1)])

    def _across_number(self, row: Row) -> int | None:
        """The number of a row of the table that is one short line across the comment and the answer columns, the No.
        empty, numbered as a group heading 「１　計画全体について」 or glued (「２施策について」), else None."""
        width = len(self.roles or ())
        cells = list(row.cells[:width]) + [Cell()] * (width - len(row.cells))
        across = self._across(cells)
        if across is None or across[1] or len(across[0].paragraphs) != 1:
            return None
        flat = " ".join(unicodedata.normalize("NFKC", across[0].paragraphs[0]).split())
        if len(flat) > _MAX_HEADING_CHARS or flat.endswith(("。", ".")):
            return None
        heading = parse_heading(flat) if _heading_marks(flat) else glued_number_heading(flat)
        if heading is None or heading.level != 3 or not (heading.label or "").isdigit():
            return None
        return int(heading.label)

    def _numbered_run(self, number: int) -> bool:
        """Whether the row being read, across the comment and the answer columns and numbered ``number``, is one of a
        run in its table: the last such numbered row read above it in the table is ``number - 1`` (:attr:`run_number`),
        or the nearest below ``number + 1`` (「１計画全体について」 … 「２施策について」, or 「１　計画全体について」 …
        「２施策について」). Below, the table goes on over a page's foot and its header printed again on the next page,
        up to a row of another width, another table's header or a table after text (:meth:`_new_table`); a row whose
        No. cell holds a number (「12｜意見｜市の考え方」) is a row of the table, never a header."""
        if self.run_number == number - 1:
            return True
        row = self.blocks[self.current_at]
        width, page, no_at = len(row.cells), row.page, self._column(NO)
        ended = False  # text after the table on its page, as :meth:`line` reads it
        for block in self.blocks[self.current_at + 1:self.current_at + 2001]:
            if isinstance(block, Line):
                flat = unicodedata.normalize("NFKC", block.text.strip())
                if flat and (block.page is None or block.page == page) and not _NOTE.match(flat):
                    ended = True
                continue
            if len(block.cells) != width or (ended and block.table_start):
                return False
            roles = header_roles(block)
            if roles is not None and not (no_at is not None and _ONE_NUMBER.fullmatch(block.cells[no_at].text.strip())):
                taken = (roles == self.named and (self._same_header(block) or (
                    block.table_start and not self._reads_as_data(block)))) or (block.table_start and NO in roles)
                if taken and self._new_table(block, roles, block.table_start, ended, page):
                    return False
                if taken:
                    continue
            page = block.page
            if (found := self._across_number(block)) is not None:
                return found == number + 1
        return False

    def _note_cell(self, cells: list[Cell]) -> Cell | None:
        """The cell of a note row inside or under the table, else None: the row's only cell with text, not merged from
        above, and
        - in the first column (or spanning the row from it) starting 「※」, 「【参考】」, 「(注)」 (:data:`_FOOTNOTE`; in a
          first column of comments not spanning, a ※ line may be a comment of its own), or
        - an end mark 「以下余白」, 「（以上）」, 「（表は以上です）」 (:data:`_END_MARK`) spanning the comment and the answer
          columns, or the whole row, or alone in the No. column (alone in the comment or the answer column, 「以上です。」
          is that cell's last paragraph, which a page break put on a row of its own: read as its continuation), or
        - spanning the comment and the answer columns, the No. cell empty, and no group heading (:meth:`_across_heading`;
          one comment's continuation is in its own column: a cell across both is the table's, a note on the rows below
          or about the table)."""
        filled = [index for index, cell in enumerate(cells) if cell.paragraphs or cell.merged_from_above]
        if (len(filled) != 1 or cells[filled[0]].merged_from_above
                or total_row(["".join(cell.paragraphs) for cell in cells]) is not None):
            return None  # a total row (「合計　12件」) is read below
        at = filled[0]
        cell = cells[at]
        flat = unicodedata.normalize("NFKC", cell.paragraphs[0].strip())
        across = self._across(cells)
        if at == 0 and _FOOTNOTE.match(flat) and (self.roles[0] != COMMENT or (across is not None and across[1])):
            return cell
        if (across is not None or at == self._column(NO)) and _END_MARK.fullmatch(
                " ".join(unicodedata.normalize("NFKC", cell.text).split())):
            return cell
        if across is not None:
            if across[1] and self._heading_row(cells) is not None and not _FOOTNOTE.match(flat):
                return None  # a row across the whole table: a group heading (:meth:`_heading_row`)
            if self._section_row(cells) is not None or self._across_heading(cells) is not None:
                return None
            return cell
        return None

    def _note_warnings(self) -> None:
        """Say each note row left out (:meth:`_note_cell`) inside the table, with the Nos. of the items below it (a note
        such as 「※以下は、意見募集期間の終了後に提出されたご意見です。」 qualifies them), and one under the table that only
        its place across the comment and answer columns makes a note; one under the table marked by its wording (「※…」,
        「【参考】…」, 「以下余白」) is left out without a word, as before."""
        for note in reversed(self.notes):
            if note.end:
                continue  # 「以下余白」 closes a table: nothing of it is lost, and it says nothing of the rows below
            shown = _excerpt(note.text)
            below = self.items[note.items_before:]
            if below:
                nos = below[0].no if len(below) == 1 else f"{below[0].no}～{below[-1].no}"
                text = (f"{note.where}: 表の途中の注記「{shown}」は、ご意見ではないため項目に含めませんでした"
                        f"（前の項目にも加えていません）。後に続く No.{nos} に関わる注記なら、原本を確認してください。")
            elif note.marked:
                continue
            else:
                text = (f"{note.where}: 表の下の注記「{shown}」は、ご意見ではないため項目に含めませんでした"
                        "（前の項目にも加えていません）。")
            self.warnings.insert(note.warning_at, text)

    def _warn_heading_like(self, row: Row, cells: list[Cell], comment_at: int) -> None:
        """A row holding only a heading-like line in the comment column (「(1) 公共交通について」) is read as the
        rest of the comment above (a comment split over rows), and said so: it may be a section heading."""
        filled = [index for index, cell in enumerate(cells) if cell.paragraphs or cell.merged_from_above]
        if filled != [comment_at] or len(cells[comment_at].paragraphs) != 1:
            return
        text = cells[comment_at].paragraphs[0]
        if parse_heading(text) is not None:
            self.warnings.append(f"{_where(row.page, self.row_number)}: ご意見の欄だけの行「{text}」を No.{self.items[-1].no} の"
                                 "ご意見の続きとして読みました。見出しの行なら原本を確認してください。")

    def _extras(self) -> list[tuple[int, str]]:
        return [(index, self.headers[index] or f"列{index + 1}") for index, role in enumerate(self.roles) if role is None]

    def _new_item(self, row: Row, cells, values, no_at, comment_at, answer_at) -> None:
        no = cell_number(values[no_at]) if no_at is not None else ""
        item = _Item(no or (str(len(self.items) + 1) if no_at is None else "?"), self.topic, self.group, row.page,
                     _where(row.page, self.row_number), positional=no_at is None,
                     heading=self.headings[-1] if self.headings else None)
        item.comment = list(values[comment_at])
        item.answer = list(values[answer_at])
        before = self.items[-1] if self.items else None
        above = self.spans.get(answer_at) or []
        # The first row on a new page, with its own answer, under an answer that ends mid-sentence in the same group.
        cut = (before is not None and self.fragment_first and row.page is not None and self.last_row_page is not None
               and row.page != self.last_row_page and bool(item.answer) and not cells[answer_at].merged_from_above
               and bool(before.answer) and not _ends_sentence(before.answer[-1]) and before.group == item.group
               and (_MID_PHRASE.search(before.answer[-1]) or not (_PARAGRAPH_START.match(before.answer[-1])
                                                                  or _WHOLE_WITHOUT_END.search(before.answer[-1])))
               and any(sharer is before for sharer in above))
        for index, name in self._extras():
            value = list(values[index])
            if not value and self.fragment_first and before is not None:
                value = list(before.extra.get(name, []))  # a merged cell continued from the page before
                values[index] = tuple(value)  # ... which the rows it covers below on this page read too
            item.extra[name] = value
        self.items.append(item)
        for index, cell in enumerate(cells):
            if cell.merged_from_above and self.spans.get(index):
                self.spans[index].append(item)
            else:
                self.spans[index] = [item]
        if cut:
            self.cuts.append(_Cut(before, item, above, self.spans[answer_at]))

    def _value(self, item: _Item, index: int) -> list[str]:
        role = self.roles[index]
        if role == COMMENT:
            return item.comment
        if role == ANSWER:
            return item.answer
        return item.extra.get(self.headers[index] or f"列{index + 1}", [])

    def _extend(self, index: int, item: _Item, whole: list[str]) -> None:
        """Give a cell's text continued after a page break to the item and to every item above that the
        same merged cell covers (an answer merged over several comments and cut by the break)."""
        before = list(self._value(item, index))
        for sharer in self.spans.get(index) or [item]:
            if sharer is item or self._value(sharer, index) == before:
                role = self.roles[index]
                if role == COMMENT:
                    sharer.comment[:] = whole
                elif role == ANSWER:
                    sharer.answer[:] = whole
                else:
                    sharer.extra[self.headers[index] or f"列{index + 1}"] = list(whole)

    def _continue(self, cells, values) -> None:
        item = self.items[-1]
        for role in (COMMENT, ANSWER):
            index = self._column(role)
            if not cells[index].merged_from_above:
                self._extend(index, item, merge_continuation(item.comment if role == COMMENT else item.answer,
                                                             list(values[index])))
        for index, name in self._extras():
            value, known = list(values[index]), item.extra.get(name, [])
            if value and value != known and not cells[index].merged_from_above:
                self._extend(index, item, merge_continuation(known, value))

    # result --------------------------------------------------------------------------------------
    def _join_cut_answers(self) -> None:
        """An answer cell merged over several comments (同趣旨) and cut by a page break between two of its rows: a PDF
        shows the rest of the cell in the next row as that comment's own answer. Where the answer at the foot of the
        page ends mid-sentence, while the document's answers end their sentences (so that one is cut), and the row at
        the top of the next page has its own No. and an answer that goes on from there (no bullet or number opens it)
        and ends a sentence, the two parts are one answer: every comment the cell covers gets it whole, and that is
        said. Where the next answer does not fit, both are kept as read and the Nos. are named."""
        if not self.cuts:
            return
        halves = {id(sharer) for cut in self.cuts for sharer in cut.above if sharer.answer == cut.before.answer}
        ends = [_ends_sentence(item.answer[-1]) for item in self.items if item.answer and id(item) not in halves]
        if not ends or sum(ends) < _ENDED_SHARE * len(ends):
            return  # answers here often end without 「。」: one that does at the foot of a page says nothing
        joined: dict[int, list[_Item]] = {}  # item -> the items sharing the answer joined already (a cell over 3 pages)
        for cut in self.cuts:
            first, rest = list(cut.before.answer), list(cut.item.answer)
            above = joined.get(id(cut.before)) or [sharer for sharer in cut.above if sharer.answer == first]
            sharers = above + [sharer for sharer in cut.below if sharer.answer == rest]
            if _ends_sentence(rest[-1]) and not _PARAGRAPH_START.match(rest[0]):
                whole = merge_continuation(first, rest)
                for sharer in sharers:
                    sharer.answer[:] = whole
                    joined[id(sharer)] = sharers
                self.warnings.append(
                    f"{cut.item.where}: No.{cut.before.no} の回答（考え方）は文の途中でページが変わり、No.{cut.item.no} の"
                    "回答がその続きから始まるため、複数のご意見に共通の一つの回答がページの区切りで切れたものとみなし、"
                    f"つないだ回答を No.{'・'.join(sharer.no for sharer in sharers)} に付けました。"
                    "別々の回答なら原本を確認してください。")
            else:
                self.warnings.append(
                    f"{cut.item.where}: No.{cut.before.no} の回答（考え方）は文の途中でページが変わっています。"
                    f"No.{cut.item.no} の回答と一つの回答がページの区切りで切れた可能性がありますが、読み取ったまま"
                    "別々の回答としました。原本を確認してください。")

    def _warn_repeated_numbers(self) -> None:
        """Say each number that two items of one group name (:func:`repeated_number_warnings`). Numbering restarted
        under each heading repeats nothing."""
        self.warnings.extend(repeated_number_warnings((item.group, item.no, item.where) for item in self.items
                                                      if not item.positional))

    def result(self) -> GridResult:
        self.flush()
        self._note_warnings()
        self._join_cut_answers()
        self._warn_repeated_numbers()
        _apart_topics(self.items)
        self.warnings.extend(other.warning() for other in self.others)
        numbers = Counter(item.no for item in self.items)
        groups_of = {}
        for item in self.items:
            groups_of.setdefault(item.no, set()).add(item.group)
        restarts = any(count > 1 and len(groups_of[no]) > 1 for no, count in numbers.items())
        items = [item.freeze(f"{item.group}-{item.no}" if restarts and item.group and not item.positional else None)
                 for item in self.items]
        for item, parsed in zip(self.items, items):
            if not parsed.comment.strip() and not parsed.answer_paragraphs:  # left out (hygiene.clean_document): said once
                self.warnings.append(f"No.{parsed.no}（{item.where}）: {SKIPPED_EMPTY}")
                continue
            if not parsed.comment:
                self.warnings.append(f"No.{parsed.no}（{item.where}）: ご意見の欄が空です。原本を確認してください。")
            if not parsed.answer_paragraphs:
                self.warnings.append(f"No.{parsed.no}（{item.where}）: 回答（考え方）の欄が空です。原本を確認してください。")
        return GridResult(items, self.warnings, self.front, self.lines, self.total)


def _heading_number(heading: Heading) -> int | None:
    """The number a heading's line drops as its label (「５　」, 「1.」 read 5 and 1), or None for none dropped."""
    return int(heading.label) if heading.whole and heading.label else None


def _apart_topics(items: list[_Item]) -> None:
    """Keep two headings of one document two topics: where their titles read the same once their numbers are dropped
    as labels but their numbers differ (「５　歳児健診について」 and 「３　歳児健診について」, a city's 5歳児健診 and
    3歳児健診, both 「歳児健診について」), each such heading's topic is its whole line, number included
    (「５歳児健診について」, 「３歳児健診について」), as a number glued to its words keeps it. The same number with the
    same title is one heading whatever its mark or space (「１．総論」 and 「１　総論」 read 「総論」; beside a 「２　総論」,
    both read the first line seen, 「１．総論」); a title only one heading gives (the same line again under another
    chapter, or once more on the next page) reads as before, and so does a heading without a number dropped beside a
    numbered one (「(1) その他」 or 「Ⅰ　その他」 beside 「１　その他」: only numbers dropped as labels tell headings apart).

    Example:
        >>> items = [_Item(str(no), h.title, None, None, "", heading=h) for no, h in enumerate(map(parse_heading, (
        ...     "５　歳児健診について", "３　歳児健診について", "１．総論", "２ 総論", "(1) 総論", "１　総論",
        ...     "1. 計画", "１　計画", "(1) その他", "１　その他", "Ⅰ　意見", "２　意見")), start=1)]
        >>> _apart_topics(items)
        >>> [item.topic for item in items]
        ['５歳児健診について', '３歳児健診について', '１．総論', '２総論', '総論', '１．総論', '計画', '計画', 'その他', 'その他', '意見', '意見']
    """
    lines: dict[str, dict[int | None, str]] = {}  # title -> the first whole line of each number giving it
    for item in items:
        if item.heading is not None and item.topic == item.heading.title:
            lines.setdefault(item.topic, {}).setdefault(_heading_number(item.heading),
                                                        item.heading.whole or item.heading.title)
    for item in items:
        if (item.heading is not None and item.heading.whole and item.topic == item.heading.title
                and sum(number is not None for number in lines[item.topic]) > 1):
            item.topic = lines[item.topic][_heading_number(item.heading)]


def read_grid(blocks: Iterable[Block]) -> GridResult:
    """Read the answer table out of blocks in reading order (see the module docstring).

    Returns:
        The items with their warnings, the front matter, and every text line; ``items`` is empty when
        no row maps to a comment and an answer column.
    """
    reader = _Reader()
    reader.blocks = list(blocks)
    for at, block in enumerate(reader.blocks):
        reader.at = at
        if isinstance(block, Row):
            reader.row(block)
        else:
            reader.line(block)
    return reader.result()
