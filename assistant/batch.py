"""Batch drafting: a whole consultation's comments in, a preselected answer for each out.

Near-identical comments (mass or organised submissions) are grouped so that one answer serves the
group, as published tables do (「同趣旨のご意見は一つにまとめております」). At national scale (200,000
comments, most of them copies of a few campaign letters) exact copies are merged first, in one pass
that keeps only the distinct texts (:func:`group_batch`), and only those distinct texts are compared
for near-duplicates; each group keeps its count (「同趣旨 1,523件」) and is searched once, when needed
(:func:`search_group`). Files are read row by row (:func:`read_comments`), within the input limits.

Example:
    >>> read_pasted("除雪を増やして。\\n除雪を増やして！\\n\\n図書館を広げて。")
    ['除雪を増やして。\\n除雪を増やして！', '図書館を広げて。']
    >>> group_similar(["除雪の回数を増やしてほしい。", "除雪の回数を増やしてほしい！", "図書館を広げて。"])
    [0, 0, 2]
    >>> [(g.no, g.count, g.copies) for g in group_batch(["除雪を増やして。", "図書館を広げて。", "除雪を 増やして。"])]
    [('1・3', 2, 1), ('2', 1, 0)]
"""

from __future__ import annotations

import csv
import hashlib
import heapq
import io
import itertools
import re
import tempfile
import unicodedata
from array import array
from bisect import insort
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path

import pandas as pd

from rapidfuzz import fuzz

from assistant.drafts import (Consultation, Draft, DraftConflict, DraftDeleted, DraftError, find_draft, get_draft,
                              item_number, list_drafts, listed_numbers, masked_comment, renumber_drafts, save_consultation,
                              save_draft)
from assistant.errors import AssistantError, IngestError, NoContentError, QueryError
from assistant import settings
from assistant.readers.columns import COLUMN_NAMES, column_role, header_key, header_like, noted_header
from assistant.readers.limits import check_rows
from assistant.readers.sniff import read_bytes, read_text
from assistant.readers.hygiene import (ABOVE_WORDS, REFERRED_NO, date_no_warnings, has_formulas, hidden_rows_warning,
                                       hidden_sheet_warning, listed, no_of_date, no_shown_sheet_warning,
                                       uncached_formula_cells)
from assistant.readers.spreadsheet import (_HEADER_SCAN_ROWS, XLSX_SUFFIXES, DateCells, header_rows, iter_rows, map_columns,
                                          xlsx_sheets)
from retrieval import Retriever, Suggestion, check_query
from retrieval.results import Judged
from retrieval.points import letter_body
from assistant.templates import NEGATION, group_paragraphs, turned_round
from assistant.textnorm import as_typed, canonical_name, normalize, number_value, squash, strip_controls
from assistant.users import User, require

DUPLICATE_SIMILARITY = 0.85
REWORDED_SIMILARITY = 70  # a saved draft at a comment's own No. still answers it when its wording is this close (0-100;
# a corrected typo keeps 90 and more, two comments of one 「…してほしい」 frame on other subjects about 50)
LISTED_NOS = 10  # a group of more comments is numbered 「12ほか1,522件」, not with every No.
SPREADSHEETS = {".csv", ".tsv", ".xlsx", ".xlsm"}
Progress = Callable[[int, int], None]


def read_pasted(text: str, notes: list[str] | None = None, numbers: list[str] | None = None) -> list[str]:
    """Comments from pasted text: blocks separated by blank lines, or one per line when there are none.

    A block of several lines is one comment; since a stray blank line in a list of one comment a line reads
    the same way, ``notes`` receives how the text was read and what to do when that was not meant.

    Cells copied from Excel are read as Excel wrote them (tab-separated, a cell with line breaks quoted, 「"」
    inside it doubled): a table whose header names the ご意見 column as an uploaded .tsv is (:func:`read_comments`:
    ``numbers`` then receives each comment's No. when the table has a No. column), and a column of cells one
    comment a cell, also one whose cell holds a blank line; the lines between such cells are read as typed, one
    comment a line, and an empty line is an empty cell: counted and said in ``notes`` with its place, never a comment.
    A first line naming the column exactly (「ご意見」, 「意見の概要」) is a header, not a comment.
    Lines typed with tabs (「意見<tab>除雪を…」, a Word form's 「氏名<tab>山田太郎」) are no table: one is read as a
    table only when its header row is header words and every row under it has as many cells (:func:`_pasted_table_like`,
    and a header of other names over a 「感想」 column: :func:`_named_tab_rows`);
    two columns without a header, rising Nos. and the comment, are that table (:func:`_numbered_tab_rows`). A paste typed as a
    numbered list (「1. …」, 「①…」, 「No.3」 over its text) is read one comment a number, the numbers into ``numbers``
    when they rise (:func:`_numbered_lines`).
    """
    if _pasted_table_like(text) or _named_tab_rows(text):
        return _pasted_table(text, notes, numbers)
    if (rows := _numbered_tab_rows(text, notes, numbers)) is not None:
        return rows
    text = text.replace("\r\n", "\n").lstrip(" \t\u3000")  # the lines kept: an empty one is an empty cell of a column
    if not text.strip():
        return []
    if _QUOTED_CELL.search(text) and not _typed_blocks(text):  # Excel's column of cells, one (or more) with line breaks
        found, empty = _cells_and_lines(text)
        if notes is not None:
            notes.append(f"「\"」で囲まれて改行を含む {sum(cell for _, cell in found):,} 件は、Excel からコピーしたセルとして、"
                         "それぞれ 1 件のご意見として読みました（ほかは 1 行に 1 件）。" + (
                             f"空のセル {len(empty):,} 個（貼り付けたセルの {'、'.join(map(str, empty[:10]))}"
                             f" 番目{'ほか' if len(empty) > 10 else ''}）は、ご意見がないため読んでいません"
                             "（No. は空でないセルに順に付けています）。" if empty else ""))
        return _without_header([comment for comment, _ in found], notes)
    text = text.strip()
    if (numbered := _numbered_lines(text, notes, numbers)) is not None:
        return numbered
    if re.search(r"\n\s*\n", text):
        blocks = [as_typed(block) for block in _split_blocks(text) if block.strip()]
        joined = [block for block in blocks if "\n" in block]
        if joined and notes is not None:
            notes.append(f"空行で区切られた {len(blocks):,} 個のまとまりを、それぞれ 1 件のご意見として読みました（うち "
                         f"{len(joined):,} 件は複数の行をまとめています）。1 行に 1 件のつもりなら、空行を消してください。"
                         + ("Excel の列をコピーしたものなら、空のセルを詰めてから貼り付け直すと、セルごとに 1 件として読みます。"
                            if _QUOTED_CELL.search(text) else ""))
        return _without_header(blocks, notes)
    return _without_header([line.strip() for line in text.split("\n") if line.strip()], notes)


# A number typed at the start of a line to number the comments: 「No.3」 (「No.3 」, 「№3」, 「No.3：」), 「(3)」, 「③」, and a
# bare number only with a separator after it, 「3.」 (not 「1.5倍」), 「3)」, 「3、」 or a space; never 「3歳児の」,
# 「2030年までに」, 「1つ目」, 「12/3に」 or 「1,000円」. The groups name the style (a sub-list 「(1)」 under 「1.」 is text).
_LEADING_NO = re.compile(
    r"[ \t\u3000]*(?:(?P<no>(?:[NnＮｎ][OoＯｏ][.．]?|№)[ \u3000]*)(?P<labeled>[0-9０-９]{1,5})(?:[.．:：)）、]|[ \t\u3000]+|$)"
    r"|[(（](?P<paren>[0-9０-９]{1,5})[)）]"
    r"|(?P<circled>[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])"
    r"|(?P<plain>[0-9０-９]{1,5})(?:(?P<dot>[.．])(?![0-9０-９])|(?P<close>[)）])|(?P<comma>、)|(?P<space>(?=[ \t\u3000])))"
    r")[ \t\u3000]*")


@dataclass(frozen=True)
class _LeadingNo:
    style: str  # which kind of numbering: no, paren, circled, dot, close, comma, space
    value: int
    mark: str  # the number as typed, spaces aside (「1.」, 「No.3」)
    rest: str  # the line after it


# What follows a number as its counter or particle (「2030 年」, 「10 月」, 「3 歳児」, 「1 つ目」, 「5 人」, 「1 か月」, 「1 の」):
# a bare number with only a space after it is no list's number when one of these comes next. No list of counters is
# whole (the readers' grid keeps its own guard): the space style also needs its list to start at 1 (:func:`_numbered_lines`).
_COUNTER_AFTER_SPACE = re.compile(
    r"年(?!金|齢)|日(?!本|常|頃)|人(?!口|権|材|員|間)|分(?!か|野|別|析|担|散|類)|回(?!答|覧|収|復)|点(?!検|字)|円(?!滑)"
    r"|台(?!風|所)|個(?!人|別|性)|名(?!称|前|所|簿)|は(?!じめに)"
    r"|[月時秒歳才件枚番度号階割倍％%万億週]|[つ点回番度項]目|[かヶカケヵ箇][ \u3000]*[所月年条]"
    r"|の|から|まで|[～〜~\-－]|ページ|頁|キロ|メートル")


def _leading_no(line: str, counted: bool = True) -> _LeadingNo | None:
    """The number a line starts with as a list's number (:data:`_LEADING_NO`), or None; with ``counted`` none before a
    counter (:data:`_COUNTER_AFTER_SPACE`)."""
    found = _LEADING_NO.match(line)
    if not found:
        return None
    style = next(name for name in ("no", "paren", "circled", "dot", "close", "comma", "space") if found.group(name) is not None)
    if counted and style == "space" and _COUNTER_AFTER_SPACE.match(line, found.end()):  # 「2030 年までに」: a count, no number of a list
        return None
    digits = found.group("labeled") or found.group("paren") or found.group("plain")
    value = int(unicodedata.numeric(found.group("circled"))) if style == "circled" else int(digits)
    return _LeadingNo(style, value, found.group(0).strip(" \t\u3000"), line[found.end():])


def _numbered_lines(text: str, notes: list[str] | None, numbers: list[str] | None) -> list[str] | None:
    """Comments typed as a numbered list (「1. …」 「2. …」, 「①…」, 「No.3」 over its text), or None when the paste is not
    visibly numbered: its first line numbered, two lines at least numbered in that line's style, the numbers rising
    at most steps (a bare 「1 」 from 1 only), and most comments numbered (more than half the blocks parted by blank
    lines or each numbered block followed by as many unnumbered ones, else half the lines), and no short heading
    (「２　各論」) over paragraphs, which are comments of their own (:func:`_heading`). A skipped number is named.
    Each comment runs from its numbered line up to the next (lines and paragraphs under it are its own); when the
    numbers rise throughout they are the comments' No. (into ``numbers``) and taken out of the text, else the
    lines keep them and the comments are numbered in order; either way ``notes`` says so with the counts. A numbered
    line without text of its own (「No.3」 alone) numbers the lines under it; one with none under it either is named.
    Past the first line, a line numbered next in the run (the number before it + 1) is numbered whatever word
    follows (「３　時間外の窓口を。」: the counter guard is for the first line and numbers out of sequence), unless a
    later line starts with that number in that style (「3 年前から…」 before 「3 バス…」 is No.2's text); such a line
    numbered before a counter is named; a line whose number is read as text (「５ 年前から…」) is named where its
    comment's No. skips, never called a skip."""
    lines = text.split("\n")
    first = _leading_no(lines[0])
    if first is None:
        return None
    starts, counted = [], []  # counted: the lines numbered next in the run before a counter (「３　時間外の…」)
    for at, line in enumerate(lines):
        mark = _leading_no(line, counted=not starts)
        if mark is None or mark.style != first.style:
            continue
        if _leading_no(line) is None:
            # before a counter: numbered only next in the run and when no later line starts with that number (a later
            # 「3 バス…」 makes 「3 年前から…」 after 「2」 the text of No.2, as before)
            if mark.value != starts[-1][1].value + 1 or any(
                    (later := _leading_no(below, counted=False)) is not None and later.style == first.style
                    and later.value == mark.value for below in lines[at + 1:]):
                continue
            counted.append(at)
        starts.append((at, mark))
    falls = [(before, after) for before, after in zip(starts, starts[1:]) if after[1].value <= before[1].value]
    if len(starts) < 2 or 2 * len(falls) > len(starts) - 1 or (first.style == "space" and first.value != 1):
        return None  # a bare number and a space numbers a list only from 1 (「2030 …」, 「35 …」 are counts)
    # most comments start with a number: most blocks when blank lines part them (a block 「1. …⏎2. …」 over blocks of
    # comments unnumbered is one writer's list), else at least half the lines, a 「No.3」 line and the line under it one
    begun = dict(starts)
    if re.search(r"\n[ \t\u3000]*\n", text):
        blocks = [_leading_no(block.strip("\n")) for block in re.split(r"\n[ \t\u3000]*\n", text) if block.strip()]
        numbered = [mark is not None and mark.style == first.style for mark in blocks]
        under_no = sum(1 for mark in blocks[:-1] if mark is not None and not mark.rest.strip())  # a 「No.3」 block's text
        # or every numbered block followed by as many unnumbered ones, its paragraphs (each comment two paragraphs)
        gaps = [len(list(run)) for is_numbered, run in itertools.groupby(numbered[1:] + [True]) if not is_numbered]
        regular = not falls and sum(numbered) >= 2 and len(gaps) == sum(numbered) and len(set(gaps)) == 1
        if 2 * sum(numbered) <= len(blocks) - under_no and not regular:
            return None
    elif 2 * len(starts) < sum(1 for at, line in enumerate(lines) if line.strip()
                               and not (at - 1 in begun and not begun[at - 1].rest.strip())):
        return None
    # a short heading 「２　各論」 over paragraphs, or over a blank line and a paragraph (「1. 賛成⏎⏎計画の…」), is no
    # comment's number: the paragraphs are the comments, as before
    for (at, mark), (end, _) in zip(starts, starts[1:] + [(len(lines), None)]):
        under = "\n".join(lines[at + 1:end])
        if _heading(mark.rest) and (re.search(r"\n[ \t\u3000]*\n", under.strip())
                                    or (at + 1 < end and not lines[at + 1].strip() and under.strip())):
            return None
    rising = not falls
    comments, joined, alone, empty, texted, counters = [], [], 0, [], [], []
    for (at, mark), (end, _) in zip(starts, starts[1:] + [(len(lines), None)]):
        head = mark.rest if rising else lines[at]
        body = re.sub(r"\n(?:[ \t\u3000]*\n)+", "\n\n", as_typed("\n".join([head] + lines[at + 1:end])))
        if not mark.rest.strip() and body.strip() and rising:
            alone += 1
        if not body.strip() or not (mark.rest.strip() or "\n".join(lines[at + 1:end]).strip()):  # 「2.」 alone, either way
            empty.append(f"「{mark.mark}」")
            continue
        no = f"No.{mark.value if rising else len(comments) + 1}"
        if "\n" in body:
            joined.append(no)
        if at in counted:
            counters.append(f"{no}「" + first_part(lines[at].strip(" \t\u3000"), 20) + "」")
        texted.extend((no, lines[inner].strip(" \t\u3000")) for inner in range(at + 1, end)
                      if (inside := _leading_no(lines[inner], counted=False)) is not None and inside.style == first.style)
        comments.append(body)
        if rising and numbers is not None:
            numbers.append(str(mark.value))
    if notes is not None:
        shown = f"「{first.mark}」など"
        # a skip over a line whose number was read as text is no skip: that line is named instead
        skipped = [f"「{before[1].mark}」の次の「{after[1].mark}」" for before, after in zip(starts, starts[1:])
                   if after[1].value > before[1].value + 1 and not any(
                       (inside := _leading_no(line, counted=False)) is not None and inside.style == first.style
                       for line in lines[before[0] + 1:after[0]])]
        parts = (f"うち {len(joined):,} 件（{listed(joined, '件')}）は複数の行や後に続く段落をまとめています" if joined else "")
        if texted:
            parts += ((parts and "。") + f"行頭の数字を番号と読まなかった {len(texted):,} 行（"
                      + listed([f"{no} の「{first_part(line, 20)}」" for no, line in texted], '行')
                      + "）は、その前の番号のご意見の文に含めています")
        read_counted = (f"番号の後に数を表す語が続く {len(counters):,} 行（{listed(counters, '行')}）を番号のある行として読みました。"
                        "前のご意見の続き（行頭の数字が文の一部）であれば、その行を前の行の末尾につなげて貼り付け直してください。" if counters else "")
        if rising:
            notes.append(f"行頭の番号（{shown}）を No. として、ご意見 {len(comments):,} 件を読みました（番号はご意見の文から外し、"
                         f"番号のある行から次の番号の行の前までを 1 件としています{'。' + parts if parts else ''}）。"
                         + (f"番号だけの行 {alone:,} 行は、その次の行からのご意見の No. としました。" if alone else "")
                         + (f"番号だけでご意見のない {len(empty):,} 行（{listed(empty, '行')}）は読んでいません。" if empty else "")
                         + (f"番号が飛んでいるところが {len(skipped):,} か所（{listed(skipped, 'か所')}）あります（No. は番号のとおり）。"
                            if skipped else "")
                         + read_counted
                         + "番号を No. にしないときは、行頭の番号を消して貼り付け直してください（1 行に 1 件として読みます）。"
                         "1 件のご意見の中の箇条書きなら、そのご意見を「\"」で囲んで（Excel のセルからコピーした形で）貼り付けると、"
                         "1 件として読みます。")
        else:
            notes.append(f"行頭の番号（{shown}）のある行から次の番号の行の前までを 1 件として、ご意見 {len(comments):,} 件を読みました"
                         f"{'（' + parts + '）' if parts else ''}。番号が前より大きくない行が {len(falls):,} 行（"
                         f"{listed([f'「{before[1].mark}」の次の「{after[1].mark}」' for before, after in falls], '行')}）あるため、"
                         "番号は No. に使わずご意見の文に残し、No. はご意見に 1 から順に振りました。"
                         + (f"番号だけでご意見のない {len(empty):,} 行（{listed(empty, '行')}）は読んでいません。" if empty else "")
                         + read_counted
                         + "番号を No. にするときは、1 件ごとに違う番号を小さい順に振ってから貼り付け直してください。")
    return comments


def _heading(rest: str) -> bool:
    """Whether a numbered line's text is a short heading (「総論」, 「除雪について」), not a sentence of a comment."""
    rest = rest.strip(" \t\u3000")
    return 0 < len(rest) <= 20 and not re.search(r"[。．！？!?]", rest)


_TAB_ROW_NO = re.compile(r"[0-9０-９]{1,6}(?:[-‐－][0-9０-９]{1,4})?")


def _numbered_tab_rows(text: str, notes: list[str] | None, numbers: list[str] | None) -> list[str] | None:
    """Two columns of Excel cells copied without their header row, a No. and the comment (「1<tab>"…"」), read as the
    table it is: a quoted cell whole with its line breaks, the Nos. into ``numbers``, a row with an empty comment left
    out; ``notes`` says so. None when the text is not that: every row two cells, the first a number (「意見<tab>…」,
    「氏名<tab>山田太郎」 are no table), the numbers rising and close together (ages or counts are no Nos.)."""
    text = text.replace("\r\n", "\n")
    if "\t" not in text.lstrip("\n").split("\n", 1)[0]:
        return None
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter="\t", strict=True))
    except csv.Error:  # a 「"」 not closed, or one inside a cell not quoted as Excel quotes: typed, not copied
        return None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows or any(len(row) != 2 or not _TAB_ROW_NO.fullmatch(row[0].strip()) for row in rows):
        return None
    # Nos. rise, as a sheet's No. column does, and stand close (half the numbers of their range at least): a column of
    # ages or counts (「35」, 「42」, 「28」) is no No. and the rows are read as typed, as before
    values = [tuple(int(part) for part in re.split(r"[-‐－]", item_number(row[0]))) for row in rows]
    if (any(after <= before for before, after in zip(values, values[1:]))
            or values[-1][0] - values[0][0] + 1 > 2 * len(values)):
        return None
    comments, own, empty = [], [], []
    for no, cell in rows:
        no = item_number(no)
        comment = as_typed(cell)
        if not comment:
            empty.append(f"No.{no}")
            continue
        comments.append(comment)
        own.append(no)
    if not comments:
        return None
    if numbers is not None:
        numbers.extend(own)
    if notes is not None:
        multi = sum("\n" in comment for comment in comments)
        notes.append(f"1 列目が No.、2 列目がご意見の 2 列のセル（見出し行なし）として、ご意見 {len(comments):,} 件を読みました"
                     + (f"（うち {multi:,} 件は改行を含むセル）" if multi else "") + "。"
                     + (f"ご意見の欄が空の {len(empty):,} 行（{listed(empty, '行')}）は読み飛ばしました。" if empty else "")
                     + "No. は 1 列目の番号のとおりです。")
    return comments


# A cell Excel copied with its line breaks: quoted from the start of a line to the end of one, 「"」 inside doubled.
_QUOTED_CELL = re.compile(r'^"((?:[^"\n]|"")*\n(?:[^"]|"")*)"$', re.MULTILINE)  # its first line break: one way to match
PASTED = "貼り付けたご意見"  # what a message about a pasted table names in place of a file


def _typed_blocks(text: str) -> bool:
    """Whether text with a quoted passage over several lines is blocks typed by hand, not Excel's column: outside the
    quoted passages, a blank line parts blocks and one block of several lines holds none (Excel writes a cell a line),
    and no passage holds a doubled 「"」, which only Excel writes. A passage that is a block of its own or holds a blank
    line is typed too (a quoted comment, a plan's paragraphs quoted): read as Excel's, every line of the typed blocks
    around it became a comment and the blank lines empty cells. So Excel's column of one-line cells with an empty cell
    among them and no 「""」 reads as typed blocks; the note says how to paste it (the empty cells closed up)."""
    if any('""' in match.group(1) for match in _QUOTED_CELL.finditer(text)):
        return False
    blocks = [[line.strip() for line in block.split("\n") if line.strip()]
              for block in re.split(r"\n\s*\n", _QUOTED_CELL.sub("\0", text))]
    return len(blocks) > 1 and any("\0" not in block and len(block) > 1 for block in blocks)


def _masked(text: str) -> tuple[str, list[re.Match[str]]]:
    """``text`` with each quoted passage over several lines (:data:`_QUOTED_CELL`) as one 「\\0」 (a 「\\0」 of its own
    taken out first), and the passages in order: what :func:`_split_blocks` and :func:`_cells_and_lines` part it by."""
    text = text.replace("\0", "")
    return _QUOTED_CELL.sub("\0", text), list(_QUOTED_CELL.finditer(text))


def _split_blocks(text: str) -> list[str]:
    """Typed blocks parted by blank lines, but not at a blank line inside a quoted passage (a plan's paragraphs quoted
    in one comment)."""
    masked, passages = _masked(text)
    blocks = re.split(r"\n\s*\n", masked)
    cells = iter(match.group(0) for match in passages)
    return [re.sub("\0", lambda _: next(cells), block) for block in blocks]


def _cells_and_lines(text: str) -> tuple[list[tuple[str, bool]], list[int]]:
    """The pasted column's comments, each with whether it was a quoted cell (every line outside such a cell is one),
    and the places (from 1) of its empty cells: an empty line, but the line break that ends the last cell."""
    masked, passages = _masked(text)
    lines = masked.split("\n")
    if len(lines) > 1 and not lines[-1].strip():
        lines.pop()  # Excel ends every row, the last one too, with a line break
    found: list[tuple[str, bool]] = []
    empty: list[int] = []
    cells = (as_typed(match.group(1).replace('""', '"')).strip() for match in passages)
    for place, line in enumerate(lines, start=1):
        if line == "\0" and (passage := next(cells)):
            found.append((passage, True))
        elif line != "\0" and line.strip():
            found.append((line.strip(), False))
        else:
            empty.append(place)
    return found, empty


def _without_header(comments: list[str], notes: list[str] | None) -> list[str]:
    """The comments less a first line that names the column exactly (the header copied with it), said in ``notes``."""
    if comments and "\n" not in comments[0] and map_columns([comments[0]], exact=True) == {"comment": 0}:
        if notes is not None:
            notes.append(f"1 行目の「{comments[0]}」は列の見出しとして、ご意見には含めていません。")
        return comments[1:]
    return comments


def _pasted_table_like(text: str, whole_rows: bool = True) -> bool:
    """Whether pasted text is a table copied from Excel with its header (:func:`_tab_table`), not lines typed with
    tabs: every cell of the header row short header words (no 「。」 but in a note printed with the name, 「ご意見※…
    掲載しています。」), every row under it as many cells as the header
    (Excel copies each row of the range whole; ``whole_rows=False`` for a saved text file, whose writer may leave a
    row's empty cells at its end out), and the header's ご意見 cell not repeated down its column (「意見<tab>…」
    typed line after line names the comment on every line) but in a copy of the whole header row (two exports stacked,
    each with its header: left out, and said, by :func:`read_comments`)."""
    if not _tab_table(text):
        return False
    rows = [row if row else [""] for row in csv.reader(io.StringIO(text.replace("\r\n", "\n")), delimiter="\t")]
    head = rows[:_HEADER_SCAN_ROWS]
    width = max(len(row) for row in head)
    start, column, strength, _ = _comment_header(pd.DataFrame([row + [""] * (width - len(row)) for row in head], dtype=str))
    if not start or strength == len(_COMMENT_HEADERS):
        return False
    header = rows[start - 1]
    filled = [row for row in rows[start:] if any(cell.strip() for cell in row)]
    # a header row repeated below (two exports stacked) is left out here, and said when the table is read; a line typed
    # again and again (「意見<tab>要望」) is no header over comments
    below = [row for row in filled if _row_key(row) != _row_key(header)]
    if filled and not below:
        return False
    if not filled and not all(_other_column(cell) for cell in header if cell.strip()):
        return False  # a header alone is one of column names (「No.<tab>ご意見」), not 「意見<tab>除雪を…」 typed once
    named = normalize(header[column]) if column < len(header) else ""
    return (all(header_like(cell) and ("。" not in cell or noted_header(cell)) for cell in header if cell.strip())
            and (not whole_rows or all(len(row) == len(header) for row in below))
            and not any(normalize(row[column]) == named for row in below))


# A comment column's names that no ご意見 name covers and the file reader reads under a header of other names
# (「氏名｜感想」, :func:`_first_column_note`): a paste's tab-separated first line naming one is that header.
_PASTED_COMMENT_NAMES = frozenset({"感想", "ご感想"})  # and :data:`_BODY_NAMES`


def _named_tab_rows(text: str) -> bool:
    """Whether pasted text is a table under a tab-separated header of other names that names its comment column so
    (「氏名<tab>感想」: :data:`_PASTED_COMMENT_NAMES`, :data:`_BODY_NAMES`, the column a comment file's reader reads under it): every cell of the
    first line header words, one at least known as another column (:func:`_other_header`), the first cell not known so
    one of those names, every row under it as many cells, and no 「"」 in the text. A Word form's 「氏名<tab>山田太郎」 names no comment column."""
    rows = [row for row in csv.reader(io.StringIO(text.replace("\r\n", "\n").strip("\n")), delimiter="\t")]
    if len(rows) < 2 or len(rows[0]) < 2 or not _other_header(rows[0]):
        return False
    read = next((cell for cell in rows[0] if cell.strip() and not _other_column(cell)), None)
    below = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    # a 「"」 is typed text here (「"コンパクトシティ"について」, an unclosed 「"」), not a quote: such a paste is read by line
    return ('"' not in text and read is not None and _unnoted(read) in _PASTED_COMMENT_NAMES | _BODY_NAMES and bool(below)
            and all(len(row) == len(rows[0]) for row in below))


def _row_key(row: list[str]) -> tuple[str, ...]:
    """A row's cells as compared with the header row: normalized, without the empty cells at its end."""
    cells = [normalize(cell) for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def _pasted_table(text: str, notes: list[str] | None, numbers: list[str] | None) -> list[str]:
    """A table copied from Excel, read as the .tsv it is (:func:`read_comments`); a message names the paste."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{PASTED}.tsv"
        path.write_text(text, encoding="utf-8")
        try:
            return list(read_comments(path, notes, numbers))
        except IngestError as error:
            error.path = PASTED
            error.args = (f"{PASTED}: {error.reason}",)
            raise


# Header rows, most telling first: a ご意見 column beside a No. or an answer column, then a lone column
# named exactly (so that a title row such as 「除雪へのご意見一覧」 is not taken for the header), then any.
_COMMENT_HEADERS = ((("comment", "no"), False), (("comment", "answer"), False), (("comment",), True),
                    (("comment",), False))


def comment_column(frame) -> tuple[int, int]:
    """(first data row, comment column) of a spreadsheet of comments, found the way ``ingest`` finds its
    header (title rows above the header are skipped); (0, 0) when no row names a ご意見 column."""
    start, column, _, _ = _comment_header(frame)
    return start, column


def _comment_header(frame) -> tuple[int, int, int, int | None]:
    """:func:`comment_column`, how telling its header is (the index in :data:`_COMMENT_HEADERS`; one past
    the end when no row names a ご意見 column) and the No. column (None when the header names none).

    The header is the row that :func:`_comment_row` chooses (a band 「受付｜提出者」 or a key-value row 「区分｜要望」
    above it is no header); each strength is tried on it as it is and with its 「本文」, 「内容」 … named ご意見
    (:func:`_body_named`). When no row names a ご意見 column, each strength is tried on the file in the same pass, the
    upper row winning (at one row the ご意見 column), and no row under the file's first header of known names
    (:func:`_names_row`: 「受付日｜区分｜本文」) is a header: its 区分 cell 「意見」 is data; nor a one-cell row above it
    (a title)."""
    body = _body_named(frame)
    chosen = _comment_row(frame)
    if chosen is not None:
        for strength, (required, exact) in enumerate(_COMMENT_HEADERS):
            hits = [hit for named in (frame, body) if (hit := header_rows(named.iloc[chosen:], required, exact)) is not None
                    and hit[0] == 0]
            if hits:
                _, row, mapping = hits[0]  # at one row the file's own ご意見 column
                return chosen + row + 1, mapping["comment"], strength, mapping.get("no")
    headed = _names_row(frame)
    for strength, (required, exact) in enumerate(_COMMENT_HEADERS):
        hits = [hit for named in (frame, body) if (hit := header_rows(named, required, exact)) is not None]
        hits = [hit for hit in hits if headed is None or hit[0] <= headed <= hit[1] or (  # a header on two rows: either
            hit[1] < headed and sum(bool(str(cell).strip()) for cell in frame.iloc[hit[0]]) > 1)]
        if hits:
            _, row, mapping = min(hits, key=lambda hit: hit[0])  # stable: at one row the file's own ご意見 column
            return row + 1, mapping["comment"], strength, mapping.get("no")
    return 0, 0, len(_COMMENT_HEADERS), None


def _comment_row(frame) -> int | None:
    """Of the top rows of short header words (:func:`_header_word`) that name a ご意見 column (its names or the 本文's),
    the one with the most column names known (:func:`_other_column` too; then one naming it exactly, 「ご意見」 under
    「ご意見一覧（令和8年）」; then the upper): 「No.｜氏名｜ご意見」 under
    a band 「受付｜提出者」, a key-value row 「種別｜意見」 or a title 「市民のご意見一覧」. A row under it wins only where its
    cells under the chosen row's ご意見 names are names too or blank (a data row 「意見｜メール｜除雪」 under
    「種類｜方法｜ご意見」 is data). None when no row names a ご意見 column, or only a one-cell row (a title) above a header
    of known names (:func:`_names_row`: 「受付日｜氏名｜感想」)."""
    def known(cell: str) -> bool:
        return _other_column(cell) or _unnoted(cell) in _BODY_NAMES

    best = None  # (row, (count of names, a ご意見 name exact), the ご意見 columns)
    for row in range(min(_HEADER_SCAN_ROWS, len(frame))):
        cells = [str(cell).strip() for cell in frame.iloc[row]]
        if not any(cells) or not all(_header_word(cell) for cell in cells if cell):
            continue
        comments = [column for column, cell in enumerate(cells)
                    if cell and (column_role(cell) == "comment" or _unnoted(cell) in _BODY_NAMES)]
        if not comments:
            continue
        count = (sum(1 for cell in cells if cell and known(cell)),
                 any(_unnoted(cells[column]) in _BODY_NAMES or header_key(cells[column]) in COLUMN_NAMES["comment"]
                     for column in comments))
        if best is None or (count > best[1] and all(not cells[column] or known(cells[column]) for column in best[2])):
            best = (row, count, comments)
    if best is None or (best[1][0] == 1 and _names_row(frame) is not None):
        return None
    return best[0]


def _names_row(frame) -> int | None:
    """The first of the top rows that is a header of known names (:func:`_known_names_row`), or None."""
    return next((row for row in range(min(_HEADER_SCAN_ROWS, len(frame)))
                 if _known_names_row([str(cell) for cell in frame.iloc[row]])), None)


def _known_names_row(cells: list[str]) -> bool:
    """Whether a row is a header by its names: short header words (a number in a bracketed note only), two or more
    of them column names the reader knows (the ご意見's, the 本文's, another's: :func:`_other_column`). A data row's
    lone 「意見」 (a 区分 cell) makes none."""
    cells = [cell.strip() for cell in cells if cell.strip()]
    return (len(cells) > 1 and all(_header_word(cell) for cell in cells)
            and sum(1 for cell in cells if _other_column(cell) or _unnoted(cell) in _BODY_NAMES) > 1)


# A note in brackets after a header's name: 「内容（200字以内）」, 「ご感想(任意)」, 「住所（町名）」.
_BRACKETED_NOTE = re.compile(r"[(（\[［【〔][^()（）\[\]［］【】〔〕]*[)）\]］】〕]$")


def _unnoted(cell: str) -> str:
    """A header cell's key (:func:`header_key`) without a bracketed note after its name."""
    key = header_key(cell)
    return _BRACKETED_NOTE.sub("", key) or key


def _header_word(cell: str) -> bool:
    """Whether a cell is short header words with no number but in a bracketed note after its name (「ご意見（200字
    以内）」 is one; 「2024/1/5」 is none)."""
    return header_like(cell) and not any(char.isdigit() for char in _unnoted(cell))


# A comment file's (a web form's export's) names for the comment's text that the column names shared with the published
# tables' readers (:data:`COLUMN_NAMES`) lack: a published table's 「内容」 or 「本文」 may be the plan's text or the
# answer's, but a list of comments holds nothing else to name so. Read only where no column names the ご意見.
_BODY_NAMES = frozenset({"本文", "内容", "全文", "原文", "要望内容", "ご要望内容", "提案内容", "ご提案内容"})


def _body_named(frame):
    """``frame`` with each cell of a header row (short header words, no number but in a note: :func:`_header_word`) named in :data:`_BODY_NAMES` named
    「ご意見」 instead; ``frame`` itself when it has none."""
    renamed = frame.copy()
    for row in range(min(_HEADER_SCAN_ROWS, len(frame))):
        cells = [str(cell) for cell in frame.iloc[row]]
        if all(_header_word(cell) for cell in cells if cell.strip()):
            for column, cell in enumerate(cells):
                if _unnoted(cell) in _BODY_NAMES:
                    renamed.iat[row, column] = "ご意見"
    return renamed if not renamed.equals(frame) else frame


def read_comments(path: Path, notes: list[str] | None = None, numbers: list[str] | None = None) -> Iterator[str]:
    """Comments from a CSV/XLSX (the ご意見 column, else the first column, said in ``notes``, without a first row
    that is a header of other names: 「No.｜氏名｜本文」), read row by row so that only
    the comment column is kept, each as the citizen typed it (:func:`assistant.textnorm.as_typed`), or from a
    text file (a tab-separated table as a TSV, else see read_pasted). Blank cells are skipped; a formula
    without a saved value is read as its text.

    A workbook's every shown sheet with a ご意見 column is read, in tab order (one sheet per week or per
    channel); rows and sheets Excel hides are left out (a comment withdrawn, a working sheet). What is left
    out or read unusually (hidden rows and sheets, a header row repeated below it, a form's example row or row of column
    numbers right under the header (:func:`_example_cell`, :func:`_column_numbers`), rows with an empty comment before
    the last comment, formulas read as text, a paste read as blocks) is said in ``notes``, filled as the rows are read.

    ``numbers`` receives, once the last row is read, each comment's No. as the file numbers it (a withdrawn
    comment's row keeps its number out of the sequence), when the header names a No. column and every comment
    has a number of its own; else it stays empty, the comments are numbered 1, 2, … in order, and ``notes``
    says why when the file had a No. column.

    Raises:
        InputTooLargeError: The file, a cell or the row count is over its limit.
        NoContentError: No row holds a comment.
        IngestError: The file cannot be read (see :func:`assistant.readers.spreadsheet.iter_rows`).
    """
    notes = [] if notes is None else notes
    if path.suffix.lower() not in SPREADSHEETS:
        text = read_text(path)[0]
        if not _pasted_table_like(text, whole_rows=False):  # lines typed with tabs are no table, as in a paste
            yield from read_pasted(text, notes, numbers)
            return
    # Excel's 「Unicode テキスト」 (.txt) is a tab-separated table: read as a TSV (its header row found the same way)
    found = 0
    typed = lru_cache(maxsize=1024)(as_typed)  # copies of a campaign letter are trimmed once; as typed, not as laid out
    # A comment a program stored as a formula (「=== 要望 ===」) has no saved value: its text is the formula's.
    formulas = (uncached_formula_cells(read_bytes(path))
                if path.suffix.lower() in XLSX_SUFFIXES and has_formulas(path) else {})
    filled = 0  # rows with content, over every sheet read: the file's limit (max_rows) holds for the whole file
    most = int(settings.get("max_rows"))
    own: list[str] | None = []  # each comment's No. in the file; None once a sheet has no No. column
    unnumbered: list[str] = []  # the first rows of comments without a No. of their own (blank, or one seen before)
    unnumbered_count = 0
    seen: set[str] = set()
    skipped = []  # where in ``notes`` a note on skipped rows stands (it says how the No. were given)
    typed_nos: list[tuple[str, str]] = []  # Nos. read back from dates (hygiene.no_of_date), each with its place
    unsure_nos: list[str] = []
    for sheet in _comment_sheets(path, notes):
        hidden = sheet.hidden
        left_out = []
        if sheet.strength == len(_COMMENT_HEADERS) and (sheet.start or max(map(len, sheet.head), default=0) > 1):
            notes.append(_first_column_note(sheet))  # a list of one column without a header is read as it is
        filled += sum(1 for row in sheet.head if any(cell.strip() for cell in row))
        if filled > most:
            check_rows(filled, path)
        column, no_column = sheet.column, sheet.no_column
        if no_column is None:
            own = None
        uncached = formulas.get(sheet.sheet.index, ("", {}))[1] if sheet.sheet is not None else {}
        as_formulas, empty, last_comment, repeated, joined, cut = [], [], 0, [], [], []
        header_cells = _row_key(sheet.head[sheet.start - 1]) if sheet.start else ()
        # A CSV's comment with a half-width comma not quoted is split over cells past the header's last column: when the
        # comment is that last column they are joined back, else the text past it is quoted (an XLSX's cells are whole)
        width = len(header_cells) if sheet.sheet is None else 0
        rejoin = path.suffix.lower() == ".csv" and column == width - 1
        examples, column_nos = [], []  # a form's rows right under the header: an example filled in, its column numbers
        leading = bool(sheet.start)  # still at the rows right under the header
        named = [at for at, cell in enumerate(header_cells) if cell]  # the header's columns that have a name
        for (number, row), below in _with_next(enumerate(chain(sheet.head[sheet.start:], sheet.rows),
                                                         start=sheet.start + 1)):
            # The No. cell Excel saved as a date (「4-1」 typed, a No. in a date format); taken out, so none is kept
            dated = sheet.dates.pop((number, no_column), None) if no_column is not None else None
            if number > len(sheet.head) and any(cell.strip() for cell in row):
                filled += 1
                if filled > most:
                    check_rows(filled, path)
            if header_cells and _row_key(row) == header_cells:  # two exports stacked, each with its header: no comment
                repeated.append(f"{number}行目")
                continue
            if leading and any(cell.strip() for cell in row):
                if (example := _example_cell(row, column, no_column)) is not None:
                    examples.append(f"{number}行目「{example}」")
                    continue
                # only the first row under the header, once, and not a first comment numbered 1 whose next row is No. 2
                # never when it is the only row under the header (「No.｜年齢｜ご意見」 over 1｜2｜3 alone: its comment 「3」)
                if not examples and not column_nos and below is not None and _column_numbers(row, named) and not (
                        no_column is not None and no_column < len(below)
                        and item_number(row[no_column]) == "1" and item_number(below[no_column]) == "2"):
                    column_nos.append(f"{number}行目「{'、'.join(cell.strip() for cell in row if cell.strip())}」")
                    continue
                leading = False  # the first row of the list: any row under it is read as it is
            comment = typed(row[column]) if column < len(row) else ""
            if width and len(cells := _row_key(row)) > width:
                if rejoin:
                    comment = typed(",".join(row[column:len(cells)]))
                    joined.append(f"{number}行目")
                else:
                    spilled = row[column + 1:column + 1 + len(cells) - width]  # what the comment's cut pushed right
                    lost = ("," if path.suffix.lower() == ".csv" else " ").join(cell.strip() for cell in spilled)
                    cut.append(f"{number}行目「{lost[:30]}{'…' if len(lost) > 30 else ''}」")
            if not comment and (number, column + 1) in uncached:
                comment = as_typed(uncached[number, column + 1])
                as_formulas.append(f"{number}行目")
            if comment and number in hidden:
                left_out.append(f"{number}行目")
            elif comment:
                found += 1
                last_comment = number
                if own is not None:
                    no = item_number(row[no_column]) if no_column < len(row) else ""
                    held = no_of_date(dated) if dated is not None else None
                    if held is not None and held[0] != "dated":  # read back as the spreadsheet readers do
                        no = item_number(held[1])
                        if held[0] == "typed":  # 「4-1」 that Excel made 4月1日 of; a 59 that may be 60
                            typed_nos.append((no, f"{where_of(sheet)}{number}行目"))
                        elif held[0] == "unsure":
                            unsure_nos.append(f"{where_of(sheet)}{number}行目")
                    elif _NOT_A_NUMBER.fullmatch(no) or held is not None:  # a date showing its year, a time, TRUE
                        no = ""
                    if not no or no in seen:
                        unnumbered_count += 1
                        if len(unnumbered) < 5:
                            unnumbered.append(f"{where_of(sheet)}{number}行目")
                    seen.add(no)
                    own.append(no)
                yield comment
            elif number not in hidden and any(cell.strip() for cell in row):  # a withdrawn comment's No., a note
                empty.append(number)
        where = where_of(sheet)
        if column_nos:  # the first row under the header when there is one: its note first, as the rows stand
            notes.append(f"{where}見出しの下の列の番号だけの行 {len(column_nos):,} 行（{listed(column_nos, '行')}）は、"
                         "ご意見ではないため、読み飛ばしました。")
        if examples:
            notes.append(f"{where}見出しの下の記入例の行 {len(examples):,} 行（{listed(examples, '行')}）は、書き方の例で"
                         "ご意見ではないため、読み飛ばしました。")
        if repeated:
            notes.append(f"{where}見出し行の繰り返し {len(repeated):,} 行を飛ばしました（{listed(repeated, '行')}）。")
        if joined:
            notes.append(f"{where}見出しより列の多い行 {len(joined):,} 行（{listed(joined, '行')}）は、ご意見の中の半角の「,」で"
                         "列が分かれたものとして、「,」でつないで 1 件のご意見として読みました。元のファイルで確かめてください。")
        if cut:
            split = "半角の「,」" if path.suffix.lower() == ".csv" else "タブ"
            notes.append(f"{where}見出しより列の多い行 {len(cut):,} 行は、ご意見が{split}で切れて、続きが右の列に入っているかもしれ"
                         f"ません。ご意見の右の列の内容は読んでいません（{listed(cut, '行')}）。元のファイルで確かめてください。")
        if left_out:
            notes.append(hidden_rows_warning(left_out, where))
        empty = [f"{number}行目" for number in empty if number < last_comment]  # those after the last comment
        # (a numbered form not filled in) shift no number
        if empty:
            skipped.append(len(notes))
            notes.append(f"{where}ご意見の欄が空の行 {len(empty):,} 行（{listed(empty, '行')}）は読み飛ばしました。")
        if as_formulas:
            notes.append(f"{where}数式として保存されたご意見 {len(as_formulas)} 件（{listed(as_formulas, '件')}）は、計算結果が"
                         "保存されていないため、数式の文字のまま読みました。")
    if not found:
        raise NoContentError(path, "ご意見の行がありません。1行に1件のご意見を入れてください。")
    if own and not unnumbered_count and numbers is not None:
        numbers.extend(own)
        for at in skipped:
            notes[at] += "No. はファイルの No. 列のとおりです。"
        notes.extend(date_no_warnings(typed_nos, [], unsure_nos))  # said only when the file's Nos. are kept
        return
    for at in skipped:
        notes[at] += "No. はご意見のある行に 1 から順に振るため、ファイルの番号と違うことがあります。"
    if own and unnumbered_count and numbers is not None:
        more = f" ほか {unnumbered_count - 5:,} 件" if unnumbered_count > 5 else ""
        notes.append(f"No. 列が空欄か、ほかの行と同じ番号か、日付・時刻として保存されたご意見が {unnumbered_count:,} 件（"
                     f"{'、'.join(unnumbered)}{more}）あるため、No. はご意見のある行に 1 から順に振りました。ファイルの番号で答える"
                     "ときは、No. 列を文字列の書式にして 1 件ごとに違う番号にしてから読み込み直してください（Excel は「2-1」を日付に"
                     "します。シートごとに 1 から振った番号も同じ番号になります）。")


# A form's example row: its No. cell (or first cell, when that is not the comment's), whole, 「※記入例」, 「記入例」, 「記載例」,
# 「【記入例】」, 「（記入例）」, 「例」, 「例）」, 「（例）」, 「例：」, 「見本」, 「※見本」, 「記入例（見本）」 (NFKC: half-width brackets)
_EXAMPLE_WORD = r"(?:記入例|記載例|記入見本|見本|例)"
_EXAMPLE_MARK = re.compile(rf"[※*]?\s*[(【\[]?\s*{_EXAMPLE_WORD}\s*[)】\]:]?(?:\s*[(【\[]\s*{_EXAMPLE_WORD}\s*[)】\]])?")
# ... or such a cell starting with a bracketed mark before a sample name (「（例）札幌太郎」), nothing else: a first column's
# 「※例年どおり」, 「※見本市の…」, 「記入例が…」 are values
_EXAMPLE_START = re.compile(rf"[(【\[]\s*{_EXAMPLE_WORD}\s*[)】\]]")
# A column's number printed under a form's header: 「1」, 「(1)」, 「1.」, 「①」 (NFKC: 「1」).
_COLUMN_NO = re.compile(r"\(?([0-9]{1,2})[).]?")


def _with_next(rows: Iterable[tuple[int, list[str]]]) -> Iterator[tuple[tuple[int, list[str]], list[str] | None]]:
    """Each numbered row with the next row that has content (None after the last): a row read ahead, blank rows kept."""
    waiting: list[tuple[int, list[str]]] = []
    for item in rows:
        waiting.append(item)
        if any(cell.strip() for cell in item[1]):
            for before in waiting[:-1]:
                yield before, item[1]
            waiting = [item]
    for before in waiting:
        yield before, None


def _example_cell(row: list[str], column: int, no_column: int | None) -> str | None:
    """The cell that marks a row as a form's example: the No. cell, or the first cell when the first column is not
    the comment column, that is an example mark whole (:data:`_EXAMPLE_MARK`) or starts with a bracketed one before a
    sample name (:data:`_EXAMPLE_START`); None for any other row. The comment cell is never judged (「記入例が分かり
    にくい」, 「例）バスの本数を…」 are comments)."""
    at = no_column if no_column is not None else 0 if column != 0 else None
    cell = row[at].strip() if at is not None and at < len(row) else ""
    plain = unicodedata.normalize("NFKC", cell)
    return cell if cell and (_EXAMPLE_MARK.fullmatch(plain) or _EXAMPLE_START.match(plain)) else None


def _column_numbers(row: list[str], named: list[int]) -> bool:
    """Whether a row is a form's column numbers: a number in every column the header names, three at least, and in no
    other, counting up by one from 1 left to right (「（1）｜（2）｜（3）」, 「1｜2｜3」, 「①｜②｜③」). 「1｜山田｜2」 and
    answers with the comment left blank (「1｜2｜3｜」 under four columns) are rows of the list."""
    filled = [at for at, cell in enumerate(row) if cell.strip()]
    if len(named) < 3 or filled != named:
        return False
    matches = [_COLUMN_NO.fullmatch(unicodedata.normalize("NFKC", row[at]).strip()) for at in filled]
    return all(matches) and [int(match.group(1)) for match in matches] == list(range(1, len(matches) + 1))
# A No. cell Excel keeps as a date (「2-1」 typed is 2月1日), a time or a truth value, as the reader writes it out.
_NOT_A_NUMBER = re.compile(r"\d{4}-\d{2}-\d{2}(?:\d{2}:\d{2}:\d{2})?|\d{1,2}:\d{2}:\d{2}|true|false", re.IGNORECASE)


def where_of(sheet: _CommentSheet) -> str:
    """「シート「…」の」 before a row of a workbook's sheet, empty for a CSV."""
    return f"シート「{sheet.sheet.title}」の" if sheet.sheet is not None else ""


# A header cell that names a column of a comment list other than the comments: the writer's fields (a web form's
# export), when and how the comment came; with the names of :data:`COLUMN_NAMES` (No., 件名, 日付 …).
_OTHER_HEADER = re.compile(r"(?:ご|お)?(?:氏名|名前|フリガナ|ふりがな|ペンネーム|ニックネーム|住所|所在地|地区|地域|町名"
                           r"|電話(?:番号)?|携帯(?:電話)?(?:番号)?|郵便番号|tel|fax|e?メール(?:アドレス)?|e-?mail"
                           r"|連絡先|年齢|年代|生年月日|性別|職業|所属|団体名?|会社名|法人名|事業所名|受付|受付日時?"
                           r"|提出日時?|提出者|提出方法|回答日時?|日時|区分|種別|分類)")
_KNOWN_NAMES = frozenset(header_key(name) for names in COLUMN_NAMES.values() for name in names)


def _other_column(cell: str) -> bool:
    """Whether a header cell names a column the reader knows by a name other than the comment file's 本文 names: the
    writer's (氏名, 住所, 電話, 年齢 …), when and how it came (受付日, 日付, 提出方法), a No., a 件名, an answer, and the
    ご意見 itself (:data:`COLUMN_NAMES`, :func:`column_role`, :data:`_OTHER_HEADER`); read where no column names a
    ご意見, so the only columns it can meet there are the others."""
    key = _unnoted(cell)
    return bool(key in _KNOWN_NAMES or column_role(cell) or _OTHER_HEADER.fullmatch(key))


def _other_header(row: list[str]) -> bool:
    """Whether a first row is a header that names no ご意見 column (「No.｜氏名｜感想」): short header words only, no
    number among them, and one at least a column name known (:func:`_other_column`)."""
    cells = [cell.strip() for cell in row if cell.strip()]
    return all(_header_word(cell) for cell in cells) and any(_other_column(cell) for cell in cells)


def _first_column_note(sheet: _CommentSheet) -> str:
    """What the batch says when no header names the ご意見 column and another column is read: the first, or under a
    header of other names (「氏名｜感想」) the first the reader does not know as another column's, named by its header."""
    if not sheet.start:
        return (f"{where_of(sheet)}ご意見の列が見つからないため、1列目を読みました（1行目からご意見として読みました）。"
                "ほかの列を読むときは、その列の見出しを「ご意見」にしてください。")
    header = sheet.head[sheet.start - 1]
    passed = "".join(f"「{cell.strip()}」" for cell in header[:sheet.column] if cell.strip())
    passed = f"。{passed}の列は、ご意見でない列として読んでいません" if passed else ""
    return (f"{where_of(sheet)}ご意見の列が見つからないため、{sheet.column + 1}列目「{header[sheet.column].strip()}」を読みました"
            f"（{sheet.start}行目の見出し「{'、'.join(cell.strip() for cell in header if cell.strip())}」は読み飛ばしました"
            f"{passed}）。ほかの列を読むときは、その列の見出しを「ご意見」にしてください。")


def _no_comment_column(sheet: _CommentSheet, path: Path) -> NoContentError:
    """The refusal of a list whose header names every column as another than the comment (「受付日｜氏名｜住所」)."""
    named = "、".join(cell.strip() for cell in sheet.head[sheet.start - 1] if cell.strip())
    return NoContentError(path, f"{where_of(sheet)}ご意見の列が見つかりません。{sheet.start}行目の見出し「{named}」の列は、どれも"
                                "ご意見でない列（氏名・住所・日付・No. など）のため、ご意見として読めません。ご意見の入った列の見出しを"
                                "「ご意見」にして、読み込み直してください。")


def _tab_table(text: str) -> bool:
    """Whether a text file is a tab-separated table with a ご意見 column (Excel's 「Unicode テキスト」)."""
    head = [line.split("\t") for line in text.replace("\r\n", "\n").split("\n")[:_HEADER_SCAN_ROWS] if "\t" in line]
    if not head:
        return False
    width = max(len(row) for row in head)
    frame = pd.DataFrame([row + [""] * (width - len(row)) for row in head], dtype=str)
    return _comment_header(frame)[2] < len(_COMMENT_HEADERS)


@dataclass
class _CommentSheet:
    sheet: object  # a workbook's Sheet, or None for a CSV
    rows: Iterator[list[str]]  # the rows after ``head``
    head: list[list[str]]  # the first rows, where the header is looked for
    start: int  # the first data row's index (0: no header)
    column: int  # the comment column
    strength: int  # how telling the header is (see _comment_header)
    no_column: int | None  # the No. column, when the header names one
    hidden: set[int]  # the rows Excel hides (1-based)
    dates: DateCells = field(default_factory=DateCells)  # the No. column's cells that may be dates, by place
    refused: bool = False  # no ご意見 column, and every column of the header row known as another (_other_column)

    @property
    def header(self) -> str:
        return normalize(self.head[self.start - 1][self.column]) if self.start else ""


def _comment_sheets(path: Path, notes: list[str]) -> Iterator[_CommentSheet]:
    """The sheets to read: the CSV; of a workbook, each shown sheet whose header names the ご意見 column beside
    a No. or an answer column, or exactly as the best such sheet names it (a sheet per week), else the first
    shown one; the others are named in ``notes`` (a summary sheet of 「ご意見数」 is not a list)."""
    def opened(sheet) -> _CommentSheet:
        hidden: set[int] = set()
        dates = DateCells()  # every column's in the head; then the No. column's only, as the rows are streamed
        rows = iter_rows(path, sheet=None if sheet is None else sheet.index, hidden=hidden, dates=dates)
        head = list(islice(rows, _HEADER_SCAN_ROWS))
        width = max((len(row) for row in head), default=0)
        found = _CommentSheet(sheet, rows, head, *_comment_header(
            pd.DataFrame([row + [""] * (width - len(row)) for row in head], dtype=str)), hidden=hidden, dates=dates)
        dates.columns = set() if found.no_column is None else {found.no_column}
        if found.strength == len(_COMMENT_HEADERS):  # the first column is read: not its header of other names
            first = next((number for number, row in enumerate(head) if any(cell.strip() for cell in row)), None)
            named = next((number for number, row in enumerate(head) if _known_names_row(row)), None)
            if named is not None and all(sum(bool(cell.strip()) for cell in row) <= 1 for row in head[:named]):
                first = named  # under a title row (「除雪アンケート結果」) or blank rows: the header of known names
            if first is not None and _other_header(head[first]):
                found.start = first + 1
                # never a column the header names as the writer's or another (「氏名｜感想」: 感想, not the names)
                column = next((column for column, cell in enumerate(head[first])
                               if cell.strip() and not _other_column(cell)), None)
                found.column, found.refused = (column, False) if column is not None else (0, True)
        return found

    if path.suffix.lower() not in XLSX_SUFFIXES:
        found = opened(None)
        if found.refused:
            found.rows.close()
            raise _no_comment_column(found, path)
        yield found
        return
    sheets = xlsx_sheets(path)
    shown = [sheet for sheet in sheets if sheet.visible]
    if not shown:  # a workbook saved with every sheet hidden (not by Excel): its first sheet is the list
        shown = sheets[:1]
        notes.append(no_shown_sheet_warning(shown[0].title))
    notes.extend(hidden_sheet_warning(sheet.title) for sheet in sheets if sheet not in shown)
    candidates = [opened(sheet) for sheet in shown]
    best = min(candidates, key=lambda candidate: (candidate.strength, candidate.refused))
    if best.refused:  # no sheet has a column to read
        for candidate in candidates:
            candidate.rows.close()
        raise _no_comment_column(best, path)
    chosen = [candidate for candidate in candidates if candidate is best or (
        candidate.start and not candidate.refused and (candidate.strength < 2 or candidate.header == best.header))]
    for candidate in candidates:
        if not any(candidate is kept for kept in chosen):
            candidate.rows.close()
            notes.append(f"シート「{candidate.sheet.title}」には、ご意見の一覧の見出し行がないため読みませんでした。")
    yield from chosen


def read_comment_file(path: Path) -> list[str]:
    """Every comment of a file as a list (see :func:`read_comments`, which streams them)."""
    return list(read_comments(path))


exact_key = squash  # a text as compared: NFKC, every whitespace removed


@lru_cache(maxsize=100_000)
def shown_comment(comment: str) -> str:
    """A comment as the batch compares, saves and exports it (ご意見の概要): without the letter around it (a
    氏名／住所／電話 header, a signature, greetings and closings: :func:`retrieval.points.letter_body`, what the search
    reads), personal data left in it masked (●●●); as typed when nothing else is left. Cached: each distinct text
    is read once when the batch is grouped, and again by every page of it.

    Example:
        >>> shown_comment("氏名：山田太郎\\n電話：011-211-2682\\nいつもお世話になっております。除雪を増やして。")
        '除雪を増やして。'
    """
    return letter_body(comment, masked=True)


def copy_key(comment: str) -> str:
    """What copies of one letter share: :func:`compared_body` as :func:`exact_key`. Copies that differ only in who
    wrote them (a 氏名／住所／電話 header, a signature, 「山田太郎と申します。」) or in their spaces are copies; two
    comments that differ in an address, a phone number or an e-mail address in their text are not (「北区北24条…の空き家」
    and 「中央区南3条…の空き家」 are two houses)."""
    return exact_key(compared_body(comment))


@lru_cache(maxsize=100_000)
def compared_body(comment: str) -> str:
    """A comment as the batch compares it for copies and near-duplicates: :func:`retrieval.points.letter_body` (the
    letter around it left out, as :func:`shown_comment` shows it) with the personal data inside the body kept as typed.
    Masking is for showing and saving: compared masked, comments about two addresses were one comment.

    Example:
        >>> compared_body("氏名：山田太郎\\nいつもお世話になっております。北区北24条西5丁目1-1の空き家を撤去してほしい。")
        '北区北24条西5丁目1-1の空き家を撤去してほしい。'
    """
    return letter_body(comment, keep_personal=True)


# A comment that only says it is the same as another (a form's 「同上」 under the writer's comment before): the row
# above (「同上」, 「上記と同じです。」, 「前と同じ」, 「同じく」), or a numbered one (「No.3と同じ」, 「3番と同じ意見です」); the
# words of the answers that refer to another (:mod:`assistant.readers.hygiene`), and the citizens' own.
_SAME_TAIL = r"(?:の?(?:ご?意見|要望|内容))?(?:です|となります|でお願いします|をお願いします)?[。．！!]?"
_SAME_AS_ABOVE = re.compile(rf"(?:{ABOVE_WORDS}|同じく|(?:上記?|前記?|前述|直前|(?:上|前|直前)の(?:ご?意見|行|方|人))"
                            rf"(?:と|に)(?:同じ|同様)){_SAME_TAIL}")
_SAME_AS_NUMBERED = re.compile(rf"{REFERRED_NO}(?:の(?:ご?意見|方|人))?(?:と|に)(?:同じ|同様){_SAME_TAIL}")
_REFERENCE_CHARS = 40  # a longer comment says more than that


def referred_row(comment: str) -> str | None:
    """What a comment that only refers to another names: "" for the row above, else the No. (「3」); None for a
    comment that says something of its own.

    Example:
        >>> [referred_row(c) for c in ["同上", "上記と同じです。", "Ｎｏ．３と同じ", "同上の理由で除雪を増やして。"]]
        ['', '', '3', None]

    A letter around it (a 氏名 header, a signature, 「よろしくお願いします。」) is left out first when the comment alone
    is not such a reference (:func:`compared_body`): 「氏名：山田太郎⏎同上」 refers to the row above as 「同上」 does.
    """
    found = _referred(comment)
    if found is None and (numbered := _leading_no(comment)) is not None and numbered.rest.strip():
        found = _referred(numbered.rest)  # 「4. 上記と同じです。」, 「③同上」 numbered as a list is
    if found is None and comment.strip():
        body = compared_body(comment)
        if body != comment:
            found = _referred(body)
    return found


def _referred(comment: str) -> str | None:
    """:func:`referred_row` of the comment as it is."""
    if len(comment) > _REFERENCE_CHARS:
        return None
    text = exact_key(strip_controls(comment))
    if _SAME_AS_ABOVE.fullmatch(text):
        return ""
    found = _SAME_AS_NUMBERED.fullmatch(text)
    return found.group("no") if found else None


@dataclass(frozen=True)
class BatchGroup:
    """Comments that one answer serves: exact copies and near-duplicates of one point.

    Attributes:
        index: Position of its first comment in the batch (0-based); the group's key.
        comment: Its first comment, as written (the representative).
        members: Position of every comment of the group, in batch order.
        variants: Each distinct wording (:func:`copy_key`: the letter around it and personal data aside, after NFKC
            and whitespace removal) as ``(text as first written, position of its first comment, comments with it)``,
            in order of first appearance. A comment that only refers to another (「同上」) counts with the wording
            it refers to.
        wordings: The positions of each wording's comments, in the order of ``variants`` (what
            :func:`split_group` needs to take a wording out with its copies).
        numbers: The whole batch's No. as its file numbers them, by position (one tuple shared by every group);
            empty when the comments are numbered 1, 2, … in order.
        referring: The positions, over the whole batch, of the comments that only refer to another (「同上」,
            「No.3と同じ」) and joined its group (one set shared by every group).
    """

    index: int
    comment: str
    members: tuple[int, ...]
    variants: tuple[tuple[str, int, int], ...]
    wordings: tuple[tuple[int, ...], ...] = ()
    numbers: tuple[str, ...] = field(default=(), compare=False, repr=False)
    referring: frozenset[int] = field(default=frozenset(), compare=False, repr=False)

    @property
    def count(self) -> int:
        """Comments in the group (「同趣旨 1,523件」)."""
        return len(self.members)

    @property
    def copies(self) -> int:
        """Comments merged as exact copies of a wording already in the group."""
        return self.count - len(self.variants) - self.references

    @property
    def references(self) -> int:
        """Comments of the group that only refer to another of it (「同上」)."""
        return sum(1 for member in self.members if member in self.referring) if self.referring else 0

    def number(self, position: int) -> str:
        """The No. of the batch's comment at ``position``: the file's, else its place in the batch from 1."""
        return self.numbers[position] if self.numbers else str(position + 1)

    @property
    def no(self) -> str:
        """The group's No. as published: 「1・3」, or 「12ほか1,522件」 past LISTED_NOS comments."""
        if self.count <= LISTED_NOS:
            return "・".join(self.number(member) for member in self.members)
        return f"{self.number(self.index)}ほか{self.count - 1:,}件"

    @property
    def label(self) -> str:
        """「同趣旨 1,523件（同文の写し 1,400件、似た文面 124種類、「同上」など 2件）」, or empty for a lone comment."""
        if self.count == 1:
            return ""
        references = self.references
        parts = ([f"同文の写し {self.copies:,}件"] if self.copies else []) + (
            [f"似た文面 {len(self.variants):,}種類"] if len(self.variants) > 1 else []) + (
            [f"「同上」など {references:,}件"] if references else [])
        return f"同趣旨 {self.count:,}件（{'、'.join(parts)}）"

    @property
    def representative(self) -> str:
        """The wording the group is summarised by: the one with the most comments, the earliest of those tied. The
        first comment was: a campaign letter's first writer's copy, signed, stood for 102 comments of which 100 had no
        signature."""
        return max(self.variants, key=lambda variant: variant[2])[0] if self.variants else self.comment

    @property
    def summary(self) -> str:
        """The comment as saved and exported (ご意見の概要): the :attr:`representative` without the letter around it
        (:func:`shown_comment`: no 「氏名：●●●」 header), with the count when others share it."""
        return self.counted(shown_comment(self.representative))

    def counted(self, comment: str) -> str:
        """``comment`` as the group saves it: with the count when others share it (「…\n（同趣旨 3件）」)."""
        return comment if self.count == 1 else f"{comment}\n（同趣旨 {self.count:,}件）"


def comment_as_saved(group: BatchGroup, comment: str, saved: str) -> bool:
    """Whether a draft whose comment is ``comment`` (the group's :attr:`BatchGroup.summary`, or as typed) would save the
    comment ``saved`` already holds (as :func:`save_batch` masks it). A draft saved before the letter around a comment
    was left out holds the group's first comment whole, with its count, and one saved before the summary was the
    :attr:`BatchGroup.representative` the first comment's summary: for the group's own summary that is unchanged, not
    an edit (a reopened worksheet wrote a version of every untouched draft, and refused an approved one to 起案)."""
    if masked_comment(comment) == saved:
        return True
    return comment == group.summary and saved in (masked_comment(group.counted(group.comment)),  # as saved before
                                                  masked_comment(group.counted(shown_comment(group.comment))))


_PLACE_SENTENCE = re.compile(r"[^。．！？!?\n]+")
_PLACE_WORDS = 3  # characters of words a sentence holds beside the address for the address to be what it is about


@lru_cache(maxsize=100_000)
def _places(text: str) -> frozenset[str]:
    """The addresses a comment is about: those in a sentence of its own words (「場所は…です」, 「…の空き家」), not in
    brackets or a line of contact details (「（山田太郎　北区…　090-…）」: who writes, not where)."""
    from assistant.personal import find_personal_data

    places = set()
    for sentence in _PLACE_SENTENCE.finditer(text):
        part = sentence.group()
        found = find_personal_data(part, signatures=False)
        addresses = [item for item in found if item.kind == "address"
                     and part[:item.start].count("（") + part[:item.start].count("(")
                     <= part[:item.start].count("）") + part[:item.start].count(")")]
        if not addresses:
            continue
        rest = part
        for item in sorted(found, key=lambda item: item.start, reverse=True):
            rest = rest[:item.start] + rest[item.end:]
        if len(re.sub(r"[\W_\d]+", "", rest)) >= _PLACE_WORDS:
            places.update(squash(item.text) for item in addresses)
    return frozenset(places)


def places_differ(a: str, b: str) -> bool:
    """Whether two comments are about different addresses (:func:`_places`): two houses, however alike the rest.
    Compared exactly, as :func:`copy_key` compares them; an address on one side only (a copy that adds its writer's
    address), a writer's contact details, phone numbers and e-mail addresses (whoever sent a campaign letter) tell
    nothing.

    Example:
        >>> places_differ("北区北24条西5丁目1-1の空き家を撤去して。", "中央区南3条西2丁目3-4の空き家を撤去して。")
        True
        >>> places_differ("空き家を撤去して。（山田　北区北24条西5丁目1-1）", "空き家を撤去して。（佐藤　南区真駒内1-1）")
        False
    """
    mine, theirs = _places(a), _places(b)
    return bool(mine) and bool(theirs) and mine != theirs


def same_point(a: str, b: str) -> bool:
    """Whether two near-identical comments make one point: not when what differs holds a negation or refusal
    more on one side, or one word of an opposite pair where the other has its opposite (賛成/反対, 増やす/減らす,
    有料/無料, 厳しく/緩く: :data:`assistant.templates.OPPOSITES`): a change of a few characters that turns the comment round, which similarity alone cannot see.
    Stricter than the answers' :func:`assistant.templates.same_stance`: a negating prefix always counts (十分/不足,
    適切/不当, 必要/無用 are two points), and difflib's alignment is kept (the batch's groups as before). Nor when they
    name different places (:func:`places_differ`: two houses were one point once the comment was long)."""
    if places_differ(a, b):
        return False
    # Only the part between their common beginning and end is aligned (character by character, which takes the square
    # of its length: copies of a letter of 10,000 characters with a word inserted took minutes to group in pairs).
    start, end = _common_ends(a, b)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a[start:len(a) - end], b[start:len(b) - end],
                                                autojunk=False).get_opcodes():
        if tag != "equal":
            i1, i2, j1, j2 = i1 + start, i2 + start, j1 + start, j2 + start
            left, right = a[max(i1 - 2, 0):i2 + 2], b[max(j1 - 2, 0):j2 + 2]
            if turned_round(left, right, prefix_needs_word=False):
                return False
    return True


def _common_ends(a: str, b: str) -> tuple[int, int]:
    """The lengths of the longest common beginning and the longest common end of two texts, not overlapping (found by
    halving, each comparison one slice: no loop over the characters in Python).

    Example:
        >>> _common_ends("除雪をとても増やして", "除雪を増やして")
        (3, 4)
        >>> _common_ends("ああ", "ああ")
        (2, 0)
    """
    start = _common_prefix(a, b, min(len(a), len(b)))
    return start, _common_prefix(a[::-1], b[::-1], min(len(a), len(b)) - start)


def _common_prefix(a: str, b: str, limit: int) -> int:
    """The length of the longest common beginning of two texts, at most ``limit``, found by halving."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def group_batch(comments: Iterable[str], threshold: float = DUPLICATE_SIMILARITY,
                numbers: list[str] | None = None, notes: list[str] | None = None) -> list[BatchGroup]:
    """Group a batch: exact copies first (one pass, only distinct texts kept, the letter around each aside:
    :func:`copy_key`), then near-duplicates among the distinct texts' bodies
    (:func:`assistant.templates.group_paragraphs`), every two wordings of a group one point (:func:`same_point`, not
    only the pair that joined them). Groups come in order of first appearance, as published tables keep them; every
    comment is in exactly one group.

    A comment that only refers to another (「同上」, 「No.3と同じ」: :func:`referred_row`) joins the group of the
    comment it refers to, as a copy of it would; one whose comment is not there (the first row, a blank one, a
    No. not in the batch, another such comment) stays a group of its own. ``notes`` receives both, by No.

    ``comments`` may be a stream (:func:`read_comments`): memory grows with the distinct texts, not the copies.
    ``numbers`` is each comment's No. in its file (the list :func:`read_comments` fills as the stream ends);
    the groups are numbered with it when it has one for every comment, else 1, 2, … in order.
    """
    merged = _merge(comments)
    texts, positions = merged.texts, merged.positions
    batch_numbers = tuple(numbers) if numbers and len(numbers) == len(merged.slots) else ()
    alone = _join_references(merged, batch_numbers, [] if notes is None else notes)
    near = group_paragraphs(((str(i), normalize(compared_body(text))) for i, text in enumerate(texts) if i not in alone),
                            threshold, same_point, whole_groups=True) + [[str(i)] for i in sorted(alone)]
    referring = frozenset(position for position in merged.references if merged.slots[position] not in alone)
    groups = []
    for ids in near:
        wordings = sorted((int(i) for i in ids), key=lambda slot: positions[slot][0])
        # judged against the wording sent most (the earliest when tied), as the summary shows it: against the first,
        # a shortened copy received first split every full letter off as adding a point
        base = max(wordings, key=lambda slot: (len(positions[slot]), -positions[slot][0]))
        own = [slot for slot in wordings if slot != base and adds_a_point(texts[slot], texts[base])]
        groups.extend(_group([(texts[slot], tuple(positions[slot]))], batch_numbers, referring) for slot in own)
        kept = [slot for slot in wordings if slot not in own]
        groups.append(_group([(texts[slot], tuple(positions[slot])) for slot in kept], batch_numbers, referring))
    return sorted(groups, key=lambda group: group.index)


_SENTENCE = re.compile(r"[^。．！？!?\n]+[。．！？!?]*")
_NOT_WORDS = re.compile(r"[\W_●\d]+")  # punctuation, spaces, masked personal data and numbers (「3番目の意見です。」)
OWN_SENTENCE_CHARS = 10  # a shorter added sentence (「以上です。」, a masked address) says nothing of its own
# A closing's words, taken out of an added sentence before it is measured: 「以上、よろしくご検討のほどお願い申し上げます。」
# says nothing of its own; 「…歩道を除雪するよう、よろしくお願いします。」 still does.
_CLOSING = re.compile(r"以上|(?:どうぞ|何卒|なにとぞ)?(?:よろしく|宜しく)?(?:ご|御)?(?:検討|配慮|対応)?(?:の?ほど)?(?:を|、)?"
                      r"お願い(?:いた|致)?(?:し|申し上げ)?(?:ます|します)")
# A sentence that only says who writes (「北区に住む二児の母です。」, 「市内在住の会社員です。」, 「私は北区で保育士をしています。」,
# 「札幌市北区に住んでいます。」), as its whole, short and with no word of a request or a stance in it (「…に反対する者です。」,
# 「除雪を増やしてほしい住民です。」 say something): no point of its own, as a closing is none. The search's letter_body
# leaves out those it knows (「私は70代の年金生活者です。」, 「北区在住の者です。」); these are the ones it keeps.
_WRITER = (r"(?:母|父|母親|父親|主婦|主夫|祖母|祖父|妻|夫|娘|息子|女性|男性|[0-9]+(?:代|歳|才)|(?:自営|農|漁|林)業|農家"
           r"|[^\W\d_はが]{0,8}?(?:[員者師士民]|[学校院]生))")
_SELF_INTRODUCTION = re.compile(
    r"(?:(?:私|わたし|僕|ぼく|自分|当方)(?:は|、)?)?[^はが。．！？!?]{0,30}?"
    rf"(?:{_WRITER}(?:です|でございます|であります|をして(?:い|おり)ます)|(?:在住|在勤|在学)(?:です|でございます)"
    r"|に(?:住|暮ら)(?:んで|して)(?:い|おり)ます|に(?:住|暮ら)(?:んで|して)[0-9]+年(?:以上|余り)?(?:になります|が?[経た]ちます))"
    r"[。．！!]*")
_SELF_INTRODUCTION_CHARS = 40  # a longer sentence says more than who writes
# What tells that a sentence is about the writer, not someone the comment speaks of (「公園の管理を任せるなら地元の造園業者
# です。」, 「伐採を決めたのも一部の町内会役員です。」 say something: second reading): the writer named, where they live, their age
# or their family.
_WRITER_CLUE = re.compile(r"^(?:私|わたし|僕|ぼく|自分|当方)|在住|在勤|在学|に(?:住|暮ら)|[0-9]+(?:代|歳|才)|児の|子の"
                          r"|(?:^|の)(?:母|父|母親|父親|主婦|主夫|祖母|祖父|妻|夫|娘|息子)です")
_STANCE_WORDS = re.compile(rf"{NEGATION.pattern}|ください|下さい|ほし|欲し|たい|求め|要望|望|願|べき|賛成|反対|思|考え"
                           r"|困|不安|心配|危|怖|必要")
FOUND_SENTENCE = 80  # a sentence is the representative's when this alike (0-100) to a part of it (RapidFuzz partial_ratio)


def adds_a_point(wording: str, representative: str) -> bool:
    """Whether a wording near-identical to its group's most sent one adds a sentence of its own: one not found, fuzzily, in
    the representative (the letter around both and personal data left out, :func:`shown_comment`), of
    ``OWN_SENTENCE_CHARS`` characters at least. A campaign letter with a request of the sender's own added
    (「…また、北区の篠路駅前の歩道にロードヒーティングを設置してください。」) is not 同趣旨: merged, the request was the
    group's eighth wording, never shown nor answered. A copy that drops a sentence, retypes 。 as ！, or adds a name, an
    address, a closing or a sentence that only says who writes (「北区に住む二児の母です。」) stays in the group.

    Example:
        >>> letter = "公園の樹木の伐採をやめてください。子どもたちの遊び場を守ってほしい。"
        >>> adds_a_point(letter + "また、駅前の歩道にロードヒーティングを設置してください。", letter)
        True
        >>> adds_a_point(letter.replace("。", "！") + "\\n山田太郎\\nよろしくお願いします。", letter)
        False
        >>> adds_a_point(letter + "以上、よろしくご検討のほどお願い申し上げます。", letter)
        False
    """
    whole = _NOT_WORDS.sub("", normalize(shown_comment(representative)))
    for sentence in _SENTENCE.findall(normalize(shown_comment(wording))):
        if _introduces_writer(sentence):
            continue
        words = _NOT_WORDS.sub("", _CLOSING.sub("", sentence))
        if len(words) >= OWN_SENTENCE_CHARS and fuzz.partial_ratio(words, whole) < FOUND_SENTENCE:
            return True
    return False


def _introduces_writer(sentence: str) -> bool:
    """Whether a sentence (normalised) only says who writes (:data:`_SELF_INTRODUCTION`)."""
    sentence = re.sub(r"\s+", "", sentence)
    return (len(sentence) <= _SELF_INTRODUCTION_CHARS and _SELF_INTRODUCTION.fullmatch(sentence) is not None
            and _WRITER_CLUE.search(sentence) is not None and not _STANCE_WORDS.search(sentence))


def _join_references(merged: _Merged, numbers: tuple[str, ...], notes: list[str]) -> set[int]:
    """Put each comment that only refers to another with the comment it refers to (following 「同上」 under 「同上」),
    or in a slot of its own when that comment is not there; ``notes`` names both. Returns the slots of those alone."""
    if not merged.references:
        return set()
    number = (lambda position: numbers[position]) if numbers else (lambda position: str(position + 1))
    by_number = ({_as_number(number(position)): position for position in range(len(merged.slots))}
                 if any(named for named, _ in merged.references.values()) else {})

    def target(position: int) -> tuple[int | None, str]:
        """The position a comment refers to, or None with why it is not there."""
        named = merged.references[position][0]
        if named:
            found = by_number.get(_as_number(named))
            if found == position:
                return None, "自分の No. を指しています"
            return (found, "") if found is not None else (None, f"No.{named} のご意見がありません")
        if not position:
            return None, "前のご意見がありません"
        if numbers and numbers[position].isdigit() and numbers[position - 1].isdigit() and (
                number_value(numbers[position]) - number_value(numbers[position - 1]) > 1):  # the row above had none
            return None, f"前の No.{number_value(numbers[position]) - 1} にご意見がありません"
        return position - 1, ""

    resolved: dict[int, tuple[int | None, str]] = {}  # position → (the comment it comes down to, or None with why)

    def resolve(start: int) -> tuple[int | None, str]:
        if start in resolved:
            return resolved[start]
        chain: list[int] = []
        position: int | None = start
        why = ""
        while position in merged.references and position not in resolved and position not in chain:
            chain.append(position)
            position, why = target(position)
            if position is None:
                break
        circular = position is not None and position in chain
        if position is None or circular:
            end = (None, "指す先をたどると元に戻ります" if circular else why)
        elif position in resolved:
            end = resolved[position] if resolved[position][0] is not None else (
                None, f"指す先の No.{number(position)} も、ほかのご意見を指すだけです")
        elif not merged.texts[merged.slots[position]].strip():
            end = (None, f"No.{number(position)} のご意見が空欄です")
        else:
            end = (position, "")
        for step in reversed(range(len(chain))):
            resolved[chain[step]] = end if end[0] is not None or circular or step == len(chain) - 1 else (
                None, f"指す先の No.{number(chain[step + 1])} も、ほかのご意見を指すだけです")
        return resolved[start]

    joined, apart, alone = [], [], set()
    for position, (_, comment) in merged.references.items():
        found, why = resolve(position)
        quoted = " ".join(comment.split())
        if found is None:
            slot = len(merged.texts)
            merged.texts.append(comment)
            merged.positions.append([position])
            alone.add(slot)
            apart.append(f"No.{number(position)}「{quoted}」（{why}）")
        else:
            slot = merged.slots[found]
            insort(merged.positions[slot], position)
            joined.append(f"No.{number(position)}「{quoted}」→ No.{number(found)}")
        merged.slots[position] = slot
    if joined:
        notes.append(f"ほかのご意見と同じとだけ書かれたご意見 {len(joined):,} 件は、指しているご意見と同じ回答にまとめました"
                     f"（{listed(joined, '件')}）。")
    if apart:
        notes.append(f"ほかのご意見と同じとだけ書かれたご意見のうち {len(apart):,} 件は、指しているご意見がないため、それだけで"
                     f"ひとつの回答にしました（{listed(apart, '件')}）。どのご意見を指すか、元のファイルで確かめてください。")
    return alone


def _as_number(no: str) -> str:
    """A No. as a reference names it: a number of digits as its value (「No.1と同じ」 is 「001」), other ones as they are."""
    return (no.lstrip("0") or "0") if no.isascii() and no.isdigit() else no


def _group(wordings: list[tuple[str, tuple[int, ...]]], numbers: tuple[str, ...] = (),
           referring: frozenset[int] = frozenset()) -> BatchGroup:
    """A group of wordings, each ``(text as first written, positions of its comments)``, in order of first appearance;
    ``numbers`` and ``referring`` as :attr:`BatchGroup.numbers` and :attr:`BatchGroup.referring`."""
    members = tuple(heapq.merge(*(positions for _, positions in wordings)))
    return BatchGroup(members[0], wordings[0][0], members,
                      tuple((text, positions[0], len(positions)) for text, positions in wordings),
                      tuple(positions for _, positions in wordings), numbers, referring)


def split_group(group: BatchGroup, wordings: Iterable[int] | None = None) -> list[BatchGroup]:
    """Take wordings out of a group, each as a group of its own with its exact copies, when staff answer them
    apart (two wards' comments of one frame); the wordings left stay one group. ``wordings`` are indexes into
    ``group.variants`` (every wording apart when None); the groups come in order of first appearance.

    Raises:
        QueryError: An index is not one of the group's wordings.
    """
    taken = set(range(len(group.variants)) if wordings is None else wordings)
    if not taken <= set(range(len(group.variants))):
        raise QueryError(f"No.{group.no} にない文面です。一覧を開き直してください。")
    left = [slot for slot in range(len(group.variants)) if slot not in taken]
    return _partition(group, [[slot] for slot in sorted(taken)] + ([left] if left else []))


def _partition(group: BatchGroup, parts: list[list[int]]) -> list[BatchGroup]:
    """A group's wordings (indexes into ``group.variants``) as groups of their own, in order of first appearance."""
    pairs = [(text, positions) for (text, _, _), positions in zip(group.variants, group.wordings)]
    return sorted((_group([pairs[slot] for slot in sorted(part)], group.numbers, group.referring) for part in parts if part),
                  key=lambda part: part.index)


def with_split(groups: list[BatchGroup], index: int, wordings: Iterable[int] | None = None) -> list[BatchGroup]:
    """The batch's groups with the group at ``index`` split (:func:`split_group`), in order of first appearance."""
    out = []
    for group in groups:
        out.extend(split_group(group, wordings) if group.index == index else [group])
    return sorted(out, key=lambda group: group.index)


# --- the worksheet kept for a reload (F5) of the 一括起案 page (assistant.drafts.keep_batch_work) ---------------------
class KeptInput:
    """The comments of a batch as read, collected while :func:`group_batch` reads them (:meth:`collect`), up to
    ``limit`` characters (``ZENREI_BATCH_KEEP_CHARS`` when None): past it nothing is kept (:attr:`comments` is None,
    :attr:`too_large` is True), so that memory and the kept work stay bounded; a reload then needs the file again."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = int(settings.get("batch_keep_chars")) if limit is None else limit
        self.comments: list[str] | None = []
        self.chars = 0

    @property
    def too_large(self) -> bool:
        return self.comments is None

    def collect(self, comments: Iterable[str]) -> Iterator[str]:
        for comment in comments:
            self.chars += len(comment)  # all of them, to say how many there were
            if self.comments is not None:
                if self.chars > self.limit:
                    self.comments = None
                else:
                    self.comments.append(comment)
            yield comment


def group_layout(groups: list[BatchGroup], comments: list[str]) -> dict:
    """How a batch's ``comments`` (as read) are grouped, as kept with the worksheet: ``groups``, for each group each
    wording as ``[positions]``, or ``[positions, text]`` where its text is not its first comment's (a 「同上」 first, a
    draft's comment :func:`keep_answered_apart` took apart), and ``[positions, text, 1]`` for a wording taken apart
    with its 「同上」 rows, which then count as comments of their own; ``referring``, the positions of the comments
    that only refer to another. Splits made on the page (:func:`with_split`) and by :func:`keep_answered_apart` are in
    it: :func:`restore_groups` needs neither the store nor grouping again (20,000 comments took 30 s to group)."""
    referring = frozenset().union(*(group.referring for group in groups))
    layout = []
    for group in groups:
        own = any(member in referring and member not in group.referring for member in group.members)
        wordings = []
        for (text, _, _), positions in zip(group.variants, group.wordings):
            wording: list = [list(positions)]
            if own:
                wording += [text, 1]
            elif comments[positions[0]] != text:
                wording.append(text)
            wordings.append(wording)
        layout.append(wordings)
    return {"groups": layout, "referring": sorted(referring)}


def restore_groups(comments: list[str], numbers: list[str], layout: dict) -> list[BatchGroup]:
    """The groups a worksheet had (:func:`group_layout`), from its comments as read and their file's Nos. (numbered
    1, 2, … unless there is one for every comment, as :func:`group_batch` numbers them). The groups
    :func:`group_batch` gives when the layout does not fit the comments (every comment in exactly one group)."""
    batch_numbers = tuple(numbers) if numbers and len(numbers) == len(comments) else ()
    seen: set[int] = set()
    restored = []
    try:
        referring = frozenset(int(position) for position in layout["referring"])
        for wordings in layout["groups"]:
            pairs, own = [], set()
            for wording in wordings:
                positions = tuple(int(position) for position in wording[0])
                if not positions or seen.intersection(positions):
                    raise ValueError("a comment in two groups")
                seen.update(positions)
                if len(wording) > 2 and wording[2]:
                    own.update(positions)
                pairs.append((str(wording[1]) if len(wording) > 1 else comments[positions[0]], positions))
            restored.append(_group(pairs, batch_numbers, referring - own if own else referring))
        if seen != set(range(len(comments))):
            raise ValueError("comments left out")
    except (KeyError, IndexError, TypeError, ValueError):
        return group_batch(comments, numbers=list(numbers))
    return sorted(restored, key=lambda group: group.index)


def group_key(group: BatchGroup) -> str:
    """What a kept answer is matched to its group by, with the group's No.: its first comment (a hash, not the text)."""
    return hashlib.sha256(group.comment.encode("utf-8")).hexdigest()[:16]


@dataclass
class _Merged:
    """A batch with its copies merged (:func:`_merge`).

    Attributes:
        texts: Each distinct text (by :func:`copy_key`) as first written.
        positions: The positions of each text's copies, in order.
        slots: The index in ``texts`` of each position's comment; -1 for a comment that only refers to another.
        references: Position → (the No. the comment names, "" for the row above; the comment), for each comment that
            only refers to another (:func:`referred_row`), in order.
    """

    texts: list[str] = field(default_factory=list)
    positions: list[list[int]] = field(default_factory=list)
    slots: array = field(default_factory=lambda: array("l"))
    references: dict[int, tuple[str, str]] = field(default_factory=dict)


def _merge(comments: Iterable[str]) -> _Merged:
    """One pass: each distinct text (by :func:`copy_key`) as first written, and the positions of its copies.

    A copy character for character is found by its raw text, so the letter is read (and NFKC runs) once per
    distinct way of typing a text, not once per comment: 200,000 comments, 96 % of them copies, are mostly dict
    look-ups.
    """
    keys: dict[str, int] = {}
    typed: dict[str, int] = {}
    named: dict[str, str] = {}  # a comment that only refers to another → what it names
    merged = _Merged()
    for position, comment in enumerate(comments):
        slot = typed.get(comment)
        if slot is None:
            reference = referred_row(comment)
            if reference is not None:
                slot = typed[comment] = -1
                named[comment] = reference
            else:
                key = copy_key(comment)
                slot = keys.get(key)
                if slot is None:
                    slot = keys[key] = len(merged.texts)
                    merged.texts.append(comment)
                    merged.positions.append([])
                typed[comment] = slot
        if slot < 0:
            merged.references[position] = (named[comment], comment)
        else:
            merged.positions[slot].append(position)
        merged.slots.append(slot)
    return merged


def group_similar(comments: list[str], threshold: float = DUPLICATE_SIMILARITY) -> list[int]:
    """For each comment, the index of the first comment of its group (see :func:`group_batch`)."""
    leader = [0] * len(comments)
    for group in group_batch(comments, threshold):
        for member in group.members:
            leader[member] = group.index
    return leader


@dataclass(frozen=True)
class BatchRow(Judged):  # its percentages as 起案 writes them for the same comment
    """One comment of the batch with its preselected answer.

    Attributes:
        index: Position in the batch (0-based); its No. is its group's :meth:`BatchGroup.number` of it.
        comment: The comment.
        group: Index of the first comment of its near-duplicate group (itself when alone).
        suggestions: Best answers for the whole comment, best first (empty when nothing is close).
        confidence: Probability that a close precedent exists.
        no_precedent: True when staff will have to write the answer from scratch.
        error: Why the comment could not be searched (empty, symbols only, …), else None.
        note: Why a searched comment has no verdict (a bare keyword), else "".
        notice: How the comment was searched when not whole (one over the search's limit: its first part), else "".
        threshold: The probability at which a suggestion counts as a precedent (the search's).
        judged: False when the comment has no verdict: not searched (``error``), or searched without one (``note``).
    """

    index: int
    comment: str
    group: int
    suggestions: tuple[Suggestion, ...]
    confidence: float
    no_precedent: bool
    error: str | None = None
    note: str = ""
    notice: str = ""
    threshold: float = 0.5
    judged: bool = True

    @property
    def best(self) -> Suggestion | None:
        return self.suggestions[0] if self.suggestions else None


def search_group(retriever: Retriever, group: BatchGroup, k: int = 3) -> BatchRow:
    """Search one group's representative comment and preselect its best answer (the row of the group)."""
    return BatchRow(group.index, group.comment, group.index, *_search_whole(retriever, group.comment, k))


def suggest_batch(retriever: Retriever, comments: list[str], k: int = 3, progress: Progress | None = None) -> list[BatchRow]:
    """Search each group of near-identical comments once; a row for every comment, with its group's answer.

    For a large batch, :func:`group_batch` with :func:`search_group` on the groups shown is the lighter way.
    """
    rows: list[BatchRow | None] = [None] * len(comments)
    groups = group_batch(comments)
    for done, group in enumerate(groups, start=1):
        found = search_group(retriever, group, k)
        for member in group.members:
            rows[member] = replace(found, index=member, comment=comments[member])
        if progress:
            progress(done, len(groups))
    return rows


def _search_whole(retriever: Retriever, comment: str, k: int) -> tuple:
    """A comment searched whole, without the letter around it; one longer than the search takes
    (``max_query_chars``: 起案 asks to split it, which a row of a batch cannot be) in its first part, said in
    the row's ``notice``."""
    limit = int(settings.get("max_query_chars"))
    try:
        check_query(comment[:limit])  # empty, symbols only; the length is dealt with below
    except QueryError as error:  # keep the row and say why
        return (), 0.0, True, str(error), "", "", 0.5, False
    body = letter_body(comment)  # without greeting, signature and personal data
    notice = ""
    if len(body) > limit:
        body = first_part(body, limit)
        tail = " ".join(body[-15:].split())
        notice = (f"このご意見は {len(comment):,} 文字あり、一度に探せる {limit:,} 文字を超えるため、はじめの {len(body):,} 文字"
                  f"（「…{tail}」まで）で前例を探しました。その先の論点は、回答を書くときに確かめてください。")
    point = retriever.search_point(body, k)
    return (point.results, point.confidence, point.no_precedent, None, point.note, notice, point.threshold,
            point.judged)


def first_part(text: str, limit: int) -> str:
    """The start of a text within ``limit`` characters, ending with a line or a sentence (cut at the limit when
    neither ends in its second half).

    Example:
        >>> first_part("除雪を増やして。図書館を広げて。公園を直して。", 20)
        '除雪を増やして。図書館を広げて。'
    """
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind("\n"), cut.rfind("。"), cut.rfind("！"), cut.rfind("？"))
    return (cut[:end + 1] if end >= limit // 2 else cut).rstrip()


_COUNT_NOTE = re.compile(r"\n（同趣旨 [0-9,]+件）$")


def _saved_key(comment: str) -> str:
    """A saved draft's comment as :func:`exact_key` (without the group's count that the save added)."""
    return exact_key(_COUNT_NOTE.sub("", comment))


@dataclass(frozen=True)
class SavedAnswers:
    """The drafts saved earlier for a consultation, matched to a batch's groups by their comments.

    A batch opened again after comments were added or removed (a late comment put first) numbers its
    groups anew: a draft belongs to the group whose comments hold the comment it was saved with, wherever
    that group now stands, never to whatever group took its old No.

    Attributes:
        drafts: Group index → the saved draft that answers it.
        moves: ``(draft, group's No.)`` for each matched draft saved under another No.; saving the batch
            gives them the group's No. (:func:`save_batch`).
        reworded: Indexes of groups whose draft was found at the group's own No. (or at a No. that lists some of
            its comments) although the comment's wording changed since (a typo corrected): staff should check it.
        unmatched: Saved drafts that answer no group of the batch, in No. order (they stay in the
            exported table under their No.).
        merged: Of ``unmatched``, draft id → the No. of the group its comment is now part of, when that
            group already has another draft (two comments answered apart, now one group; also a copy with another
            sender's header, by :func:`copy_key`, and a 「同上」 row, by its No., answered apart before the batch
            merged them).
        by_no: A group's No. (as stored) → the saved draft that answers it.
        summaries: Draft id → the ご意見の概要 of the group it answers (:attr:`BatchGroup.summary`): a draft moved
            to its group's new No. takes it too, so that the No. and the count 「（同趣旨 3件）」 agree in the table
            even for a group whose page nobody opened.
    """

    drafts: dict[int, Draft]
    moves: tuple[tuple[Draft, str], ...]
    reworded: frozenset[int]
    unmatched: tuple[Draft, ...]
    merged: dict[int, str] = field(default_factory=dict)
    by_no: dict[str, Draft] = field(default_factory=dict)
    summaries: dict[int, str] = field(default_factory=dict)


_STATUS_RANK = {"決裁済": 0, "確認済": 1, "下書き": 2}


@lru_cache(maxsize=100_000)
def _masked_key(text: str) -> str:
    """A comment's key as its draft was saved (:func:`masked_comment`, as :func:`save_batch` saves it); cached: a
    large batch asks on every page."""
    return exact_key(masked_comment(text))


def _joined_keys(text: str) -> list[str]:
    """The keys a draft saved before Office's line breaks (U+000B, U+000C, U+0085, U+2028/9) were read as line breaks
    has for ``text``: they were removed, joining its lines (「氏名：山田太郎住所：…」), and the batch saved that, masked
    whole or as shown (:func:`shown_comment`); none where ``text`` has no such break."""
    joined = strip_controls(text)
    if joined == strip_controls(text, lines=True):
        return []
    return [_masked_key(shown_comment(joined)), _masked_key(joined)]


@dataclass(frozen=True)
class ExportGaps:
    """Where the answer table, written from a consultation's saved drafts, differs from the worksheet on screen.

    Attributes:
        edited: The No. of each group whose answer is saved (the table holds it) but whose answer box differs from
            it: an edit made since the last save (or an answer cleared), not in the file.
        unsaved: The No. of each group with no saved answer: not in the table at all.
        unsearched: Of ``unsaved``, how many groups were never searched (their page not opened): 「まとめて保存する」
            saves only the groups searched.
        blank: Of ``unsaved``, how many were searched and have an empty answer box: nothing for a save to write.
    """

    edited: tuple[str, ...]
    unsaved: tuple[str, ...]
    unsearched: int
    blank: int = 0

    def __bool__(self) -> bool:
        return bool(self.edited or self.unsaved)


def export_gaps(groups: Iterable[BatchGroup], consultation: str, saved: Mapping[int, Draft | None],
                boxes: Mapping[int, str]) -> ExportGaps:
    """What the table exported for ``consultation`` lacks of the worksheet's groups, in the groups' order.

    Args:
        groups: The worksheet's groups.
        consultation: The consultation exported, as stored (:func:`canonical_name`); a draft saved for another
            (the name changed since the worksheet was opened) is not in its table.
        saved: Group index → the draft last saved for the group as the worksheet knows it (None or absent: none).
        boxes: Group index → the text in its answer box, for each group searched (absent: never searched).

    Example:
        >>> group = group_batch(["除雪を増やして。"])[0]
        >>> export_gaps([group], "除雪", {0: Draft(1, "除雪", "1", "除雪を増やして。", "検討します。")}, {0: "対応します。"})
        ExportGaps(edited=('1',), unsaved=(), unsearched=0, blank=0)
    """
    edited, unsaved, unsearched, blank = [], [], 0, 0
    for group in groups:
        draft = saved.get(group.index)
        if draft is None or draft.consultation != consultation:
            unsaved.append(group.no)
            unsearched += group.index not in boxes
            blank += group.index in boxes and not boxes[group.index].strip()
        elif group.index in boxes and boxes[group.index] != draft.text:
            edited.append(group.no)
    return ExportGaps(tuple(edited), tuple(unsaved), unsearched, blank)


def saved_answers(store, consultation: str, groups: list[BatchGroup]) -> SavedAnswers:
    """Match the consultation's saved drafts to the batch's groups: by comment first (any wording of the
    group, as the batch saves it, :func:`shown_comment`, or whole with personal data masked, as drafts saved before
    the letter around a comment was left out have it; of several drafts of one group, the most advanced status,
    then the one at the group's own No.), then a draft left over at a left-over group's own No., else at a No. that
    lists some of its comments (「4」 for the group 「3・4」, or 「3・4」 for 「4」), when the two comments are still alike
    (:data:`REWORDED_SIMILARITY`) or the draft was saved without one (:func:`_still_answers`)."""
    saved = list_drafts(store, consultation=consultation)
    if not saved:
        return SavedAnswers({}, (), frozenset(), ())
    by_key: dict[str, list[Draft]] = {}
    for draft in saved:
        by_key.setdefault(_saved_key(draft.comment), []).append(draft)
    found: dict[int, list[Draft]] = {}  # group index → the drafts saved with one of its wordings
    claimed: set[int] = set()

    def claim(group: BatchGroup, key: str, own: bool) -> None:
        """``own``: only a draft at a No. the group lists. Two groups may save alike (「●●●の空き家を…」 for two
        addresses): each keeps the draft at its own No. before any other draft is given to the first."""
        for draft in by_key.get(key, ()):
            if draft.id not in claimed and (not own or set(listed_numbers(draft.item_no)) & set(listed_numbers(group.no))):
                claimed.add(draft.id)
                found.setdefault(group.index, []).append(draft)

    def claim_all(keys: list[list[str]]) -> None:
        for own in (True, False):
            for group, group_keys in zip(groups, keys):
                for key in group_keys:
                    claim(group, key, own)

    typed = [[exact_key(strip_controls(text)) for text, _, _ in group.variants] for group in groups]
    claim_all(typed)  # as typed first: masking is needed only for a draft saved with ●●●
    if any(draft.id not in claimed for draft in saved):  # as the batch saves them: the letter around them aside
        claim_all([[key for text, _, _ in group.variants for key in (_masked_key(shown_comment(text)), *_joined_keys(text))]
                   for group in groups])  # also as saved before Word's line breaks were read as such
    # A draft saved with ●●● matches a wording only once that is masked too. Masking every wording of a large
    # batch takes seconds, so only a wording that starts and ends as such a draft does (the text around the
    # masked parts is kept as typed) is masked.
    ends: dict[int, dict[str, set[str]]] = {}  # length of the part before the first ● → that part → the parts after the last
    for draft in saved:
        key = _saved_key(draft.comment)
        if "●" in key and draft.id not in claimed:
            head, tail = key.split("●", 1)[0], key.rsplit("●", 1)[1]
            ends.setdefault(len(head), {}).setdefault(head, set()).add(tail)
    if ends:
        claim_all([[_masked_key(text) for (text, _, _), key in zip(group.variants, keys)
                    if any(key.endswith(tail) for length, heads in ends.items() for tail in heads.get(key[:length], ()))]
                   for group, keys in zip(groups, typed)])
    drafts: dict[int, Draft] = {}
    merged: dict[int, str] = {}
    for group in groups:
        candidates = found.get(group.index)
        if candidates:
            best = min(candidates, key=lambda d: (_STATUS_RANK.get(d.status, 3), d.item_no != item_number(group.no)))
            drafts[group.index] = best
            merged.update({draft.id: group.no for draft in candidates if draft.id != best.id})
    used = {draft.id for draft in drafts.values()}
    left: dict[str, list[Draft]] = {}  # each comment number a left-over draft's No. lists → those drafts
    for draft in saved:
        if draft.id not in claimed:
            for number in listed_numbers(draft.item_no):
                left.setdefault(number, []).append(draft)
    reworded = set()
    for group in groups:
        if group.index in drafts:
            continue
        no, numbers = item_number(group.no), listed_numbers(group.no)
        # its own No. first, then one that lists some of its comments (「4」 for 「3・4」: answered on 起案 before the
        # batch grouped comment 3 with it; left apart, the table listed No.4 twice)
        nearby = sorted({draft.id: draft for number in numbers for draft in left.get(number, ())}.values(),
                        key=lambda draft: (draft.item_no != no, draft.id))
        draft = next((draft for draft in nearby if draft.id not in used and _still_answers(draft, group)), None)
        if draft is not None:
            drafts[group.index] = draft
            used.add(draft.id)
            reworded.add(group.index)
    merged.update(_answered_apart_before(groups, drafts, [draft for draft in saved if draft.id not in used]))
    moves = tuple((drafts[group.index], group.no) for group in groups
                  if group.index in drafts and drafts[group.index].item_no != item_number(group.no))
    by_no = {item_number(group.no): drafts[group.index] for group in groups if group.index in drafts}
    summaries = {drafts[group.index].id: group.summary for group in groups if group.index in drafts}
    return SavedAnswers(drafts, moves, frozenset(reworded), tuple(d for d in saved if d.id not in used), merged, by_no,
                        summaries)


def _answered_apart_before(groups: list[BatchGroup], drafts: dict[int, Draft], left: list[Draft]) -> dict[int, str]:
    """Draft id → the No. of the group that one of ``left`` (drafts answering no group) answered a comment of before
    the batch merged it (:attr:`SavedAnswers.merged`): a copy of a letter with another sender's header (its copy_key is
    a wording's), or a 「同上」 row (its No. lists one of the group's comments that only refer to another). Only groups
    that have a draft of their own count: the draft is then one of two answers to one group."""
    by_copy: dict[str, BatchGroup] = {}
    by_reference: dict[str, BatchGroup] = {}  # the No. of a comment that only refers to another → its group
    for group in groups:
        if group.index not in drafts:
            continue
        for text, _, _ in group.variants:  # as compared now, and masked (a draft's comment was saved masked)
            by_copy.setdefault(copy_key(text), group)
            by_copy.setdefault(exact_key(shown_comment(text)), group)
        for member in group.members:
            if member in group.referring:
                by_reference.setdefault(item_number(group.number(member)), group)
    found = {}
    for draft in left:
        comment = _COUNT_NOTE.sub("", draft.comment)
        if referred_row(comment) is not None:
            numbers = listed_numbers(draft.item_no)
            group = next((by_reference[number] for number in sorted(numbers) if number in by_reference), None)
        else:
            group = by_copy.get(copy_key(comment)) or by_copy.get(exact_key(shown_comment(comment)))
        if group is not None and drafts[group.index].id != draft.id:
            found[draft.id] = group.no
    return found


def _still_answers(draft: Draft, group: BatchGroup) -> bool:
    """Whether a draft saved at a No. of ``group``'s (its own, or one it lists) answers it although no wording of the
    group is its comment: saved without one, or as alike as :data:`REWORDED_SIMILARITY` to the group's first comment or
    to a wording whose No. the draft's lists (a typo corrected, a greeting left out on 起案)."""
    comment = _COUNT_NOTE.sub("", draft.comment)
    if not comment.strip():
        return True
    texts = [group.comment]
    if group.count <= LISTED_NOS:  # a larger group's No. lists its first comment only
        numbers = listed_numbers(draft.item_no)
        texts += [text for (text, _, _), positions in zip(group.variants, group.wordings)
                  if text != group.comment and any(item_number(group.number(position)) in numbers for position in positions)]
    return any(fuzz.ratio(normalize(comment), normalize(masked_comment(shown))) >= REWORDED_SIMILARITY
               for text in texts for shown in (shown_comment(text), text))  # as saved now, or before


def keep_answered_apart(groups: list[BatchGroup], answers: SavedAnswers) -> tuple[list[BatchGroup], list[str]]:
    """Split again what staff answered apart (:func:`split_group`): opened again, the batch groups the wordings
    anew, and a wording with a draft of its own would share another wording's draft (``answers.merged``). Each
    wording saved with a draft of its own heads a group again; a wording without one goes with the draft whose
    saved No. lists one of its comments and whose 「同趣旨 N件」 has room for them (as it was answered), else
    with the one draft whose count the wordings left make up exactly, else it stands apart, unanswered. A draft saved
    for a comment that is now part of a wording (a copy with another sender's header, a 「同上」 row: answered as groups
    of their own before the batch read the letter body) takes the comments its No. lists out with it
    (:func:`_apart_by_no`).

    Returns:
        The groups, and the No. of each group split (as it was before the split).
    """
    lost: dict[str, list[Draft]] = {}  # group No. → the drafts of its wordings that another draft won over
    for draft in answers.unmatched:
        if draft.id in answers.merged:
            lost.setdefault(answers.merged[draft.id], []).append(draft)
    if not lost:
        return groups, []
    split, out = [], []
    for group in groups:
        winner = answers.drafts.get(group.index)
        owners: dict[int, Draft] = {}  # wording → the draft saved with it
        losers = lost.get(group.no, [])
        if losers and winner is not None:
            keys = [{exact_key(strip_controls(text)), _masked_key(text), _masked_key(shown_comment(text)), *_joined_keys(text)}
                    for text, _, _ in group.variants]
            worded = set()  # drafts saved with one of the group's wordings (one saved twice stays merged, as before)
            for draft in (winner, *losers):
                key = _saved_key(draft.comment)
                slot = next((slot for slot, wording in enumerate(keys) if key in wording), None)
                if slot is not None:
                    owners.setdefault(slot, draft)
                    worded.add(draft.id)
            losers = [draft for draft in losers if draft.id not in worded]
        if losers and winner is not None:  # a copy or a 「同上」 answered under its own No. before it joined a wording
            apart = _apart_by_no(group, winner, losers)
            if apart:
                split.append(group.no)
                out.extend(apart[1:])
                if apart[0].index != group.index or len(owners) < 2:
                    out.append(apart[0])
                    continue
                group = apart[0]  # its wordings, each with the comments left, as below
        if len(owners) < 2:
            out.append(group)
            continue
        parts = {slot: [slot] for slot in sorted(owners)}
        # how many comments each draft answered beyond its own wording's (「同趣旨 11件」 for 5 of its own)
        short = {owner: _saved_count(draft.comment) - len(group.wordings[owner]) for owner, draft in owners.items()}
        unplaced = []
        for slot, positions in enumerate(group.wordings):
            if slot not in owners:  # with the draft whose saved No. lists it and whose count has room for it
                numbers = {group.number(position) for position in positions}  # as the file numbers them
                home = next((owner for owner in parts if numbers & listed_numbers(owners[owner].item_no)
                             and short[owner] >= len(positions)), None)
                if home is None:
                    unplaced.append(slot)
                else:
                    parts[home].append(slot)
                    short[home] -= len(positions)
        if unplaced:  # numbers moved since (a late comment put first), or 「2ほか10件」 lists one: with the one draft
            # whose count they make up exactly; else apart, unanswered, rather than under an answer never given
            total = sum(len(group.wordings[slot]) for slot in unplaced)
            exact = [owner for owner in parts if short[owner] == total]
            if len(exact) == 1:
                parts[exact[0]].extend(unplaced)
            else:
                parts[-1] = unplaced
        split.append(group.no)
        out.extend(_partition(group, list(parts.values())))
    return sorted(out, key=lambda group: group.index), split


def _apart_by_no(group: BatchGroup, winner: Draft, drafts: list[Draft]) -> list[BatchGroup]:
    """``group`` less the comments each of ``drafts`` answered under its own No. before the batch made them one wording
    with others (a copy of a letter with another sender's header, a 「同上」 row): each draft's comments (those its No.
    lists, not the winner's) as a group of their own, written as the draft saved them; the group left first. Empty
    when no draft's No. lists one of the group's comments."""
    kept = listed_numbers(winner.item_no)
    taken: set[int] = set()
    parts = []
    for draft in drafts:
        numbers = listed_numbers(draft.item_no) - kept
        positions = tuple(member for member in group.members
                          if member not in taken and item_number(group.number(member)) in numbers)
        if positions:
            taken.update(positions)
            parts.append(_group([(_COUNT_NOTE.sub("", draft.comment), positions)], group.numbers,
                                group.referring - set(positions)))  # a 「同上」 alone is its own wording
    left = [(text, tuple(member for member in positions if member not in taken))
            for (text, _, _), positions in zip(group.variants, group.wordings)]
    left = [(text, positions) for text, positions in left if positions]
    if not parts or not left:
        return []
    return [_group(left, group.numbers, group.referring), *parts]


def _saved_count(comment: str) -> int:
    """The comments a saved draft answered: its 「（同趣旨 N件）」, else one."""
    found = _COUNT_NOTE.search(comment)
    return int(re.sub(r"[^0-9]", "", found.group())) if found else 1


@dataclass(frozen=True)
class BatchSave:
    """What one save of the batch did, by the draft's No.

    Attributes:
        saved: The drafts as written (each with its new version).
        conflicts: Drafts not written because someone saved them after this batch last read them.
        empty: The No. of drafts not written because their answer is blank (no candidate, nothing written).
        renumbered: Old No. → the draft as written under its group's No., for each draft moved there.
        not_renumbered: Old No. → why the draft keeps it, for drafts not in this save.
        unmoved: No. → why the group's answer was not written: its saved draft could not be given the
            group's No. (writing it there would have added a second row for one comment).
        taken: No. → the draft saved there for a comment no longer in the batch, which kept this answer
            from being written; or saved at another No. that lists some of the same comments (「4」 for 「3・4」:
            the table would list No.4 twice, see :func:`assistant.drafts.save_draft`).
        waiting: No. → the draft saved there (or at a No. that lists some of its comments) for another group of the
            batch, which could not be moved to its own group's No. and so kept this answer from being written.
        refused: No. → why it was not written: the user may not (an approved draft, without 決裁), or the
            store refused it (busy, an answer of control characters only).
        deleted: No. → why it was not written: a colleague deleted its saved draft after this batch last saved it
            (:class:`~assistant.drafts.DraftDeleted`); given with no id, it is saved as a new draft.
        consultation: The consultation's title and period as stored after the save (a colleague's, when this save
            left them as loaded: see :func:`save_batch`'s ``expected``).
    """

    saved: dict[str, Draft]
    conflicts: dict[str, DraftConflict]
    empty: tuple[str, ...] = ()
    renumbered: dict[str, Draft] = field(default_factory=dict)
    not_renumbered: dict[str, str] = field(default_factory=dict)
    unmoved: dict[str, str] = field(default_factory=dict)
    taken: dict[str, Draft] = field(default_factory=dict)
    waiting: dict[str, Draft] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)
    deleted: dict[str, str] = field(default_factory=dict)
    consultation: Consultation | None = None


def holds_answers(store, name: str) -> bool:
    """Whether anything is stored under the consultation's name: a draft, or its title and period."""
    name = canonical_name(name)
    return store.conn.execute("SELECT 1 FROM drafts WHERE consultation = ? UNION ALL "
                              "SELECT 1 FROM consultations WHERE name = ? LIMIT 1", (name, name)).fetchone() is not None


def worksheet_elsewhere(searched: str, named: str, stored: bool = True) -> str | None:
    """Why a worksheet searched for one consultation is not saved as another's, or None when it may be.

    The worksheet's groups, their saved drafts and the drafts that answer none of them were all read for
    ``searched``; the name field is shared with the 起案 page (opening another consultation's draft there changes
    it) and may be typed over. Saved under the name now, one consultation's comments went into another, and that
    one's own approved answers were reported as matching none of them, to delete. ``stored`` says whether anything
    (a draft, a title or period) is stored under ``named`` (:func:`holds_answers`): a name under which nothing is
    stored yet (one corrected before the first save) takes the worksheet, with nothing there to match it to. A
    worksheet searched before a name was typed (``searched`` empty) belongs to the name it is first saved under.

    Example:
        >>> worksheet_elsewhere("除雪計画", "図書館計画")[:38]
        'この一覧は「除雪計画」のご意見です（意見募集の名前は今「図書館計画」です）。'
        >>> worksheet_elsewhere("ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ", "パブリックコメント") is None, worksheet_elsewhere("", "図書館計画") is None
        (True, True)
        >>> worksheet_elsewhere("除雪計画（素案）", "除雪計画（案）", stored=False) is None
        True
    """
    searched, named = canonical_name(searched), canonical_name(named)
    if not searched or searched == named or (named and not stored):
        return None
    now = f"意見募集の名前は今「{named}」です" if named else "意見募集の名前が空です"
    return (f"この一覧は「{searched}」のご意見です（{now}）。"
            + (f"「{named}」にはすでに回答案か件名・期間が保存されているため、一覧の回答はそこには保存しません。" if named else "")
            + f"保存するときは、意見募集の名前を「{searched}」に戻してください。"
            + (f"「{named}」のご意見で作るときは、「一括で前例を探す」で探し直してください。" if named else ""))


def save_batch(store, consultation: Consultation, drafts: list[Draft], user: User | None = None,
               answers: SavedAnswers | None = None, author: str = "", expected: Consultation | None = None,
               searched: str = "") -> BatchSave:
    """Save the consultation and each draft with its own version check (personal data in the comments masked).

    A draft carries the id and version of its last save in this batch (None and 0 before the first): a
    later save updates it, and one that a colleague saved in between is left as the colleague saved it
    and reported in ``conflicts``; a draft whose answer is blank is not saved and is listed in ``empty``;
    the other drafts are saved all the same, each on its own (one refused never stops the others).
    ``answers`` (:func:`saved_answers`, read just before) gives the drafts saved under another No. their
    group's No. first, in one transaction (:func:`assistant.drafts.renumber_drafts`), so that a draft is
    updated under its group's new No. instead of being added beside a stale copy. ``author`` is who saves
    when logins are off (the renumbering's audit entries; else the drafts' author). ``expected`` is the title and
    period as the page loaded them: the consultation's title and period are written only when they were edited, so
    that saving answers never puts back a title a colleague corrected since (see
    :func:`assistant.drafts.save_consultation`; without it they are written as given). ``searched`` is the
    consultation the worksheet's groups were searched for (``answers`` read for): a save under another name is
    refused when anything is stored under it (:func:`worksheet_elsewhere`).

    Nothing is raised once writing has begun: every row ends in one of the result's fields.

    Raises:
        DraftError: The consultation's name or the author is missing, or the worksheet was searched for another
            consultation and something is stored under the name given (checked before anything is written).
        ConsultationConflict: The title or period was edited, and someone changed the stored ones since
            ``expected`` was loaded: nothing is written.
        PermissionDeniedError: The user may not save drafts at all.
    """
    require(user, "draft_save")
    stored = holds_answers(store, consultation.name)
    if (elsewhere := worksheet_elsewhere(searched, consultation.name, stored)) is not None:
        raise DraftError(elsewhere)
    if user is None and any(strip_controls(draft.text).strip() and not draft.author.strip() for draft in drafts):
        raise DraftError("担当者名を入力してください。")
    author = author or next((draft.author for draft in drafts if draft.author), "")
    consultation = replace(consultation, name=canonical_name(consultation.name))  # as save_consultation stores it
    stored = save_consultation(store, consultation, user=user, anonymous=author, expected=expected)
    moves = answers.moves if answers is not None else ()
    matched = {draft.id for draft in answers.drafts.values()} if answers is not None else set()
    own = {no: draft.id for no, draft in answers.by_no.items()} if answers is not None else {}
    summaries = answers.summaries if answers is not None else {}
    done = renumber_drafts(store, list(moves), user=user, anonymous=author, comments={  # masked, as saved below
        draft.id: masked_comment(summaries[draft.id]) for draft, _ in moves if draft.id in summaries})
    before = {draft.id: (draft.item_no, draft.version) for draft, _ in moves}
    stuck = {item_number(no): draft.id for draft, no in moves if draft.id in done.blocked}  # a group's draft that stayed
    result = BatchSave({}, {}, (), {before[draft_id][0]: moved for draft_id, moved in done.moved.items()},
                       consultation=stored)
    empty: list[str] = []
    told: set[int] = set()  # drafts whose row already says why they were not written
    for draft in drafts:
        moved = done.moved.get(draft.id)
        if moved is not None and draft.version == before[draft.id][1]:  # the move is this worksheet's own
            draft = replace(draft, version=moved.version)
        if not strip_controls(draft.text).strip():
            empty.append(draft.item_no)
            continue
        no = item_number(draft.item_no)
        current = get_draft(store, draft.id) if draft.id is not None else None
        if current is not None and current.item_no != no:
            result.unmoved[draft.item_no] = done.blocked.get(
                draft.id, f"保存されている No.{current.item_no} から番号を付け替えられませんでした。")
            told.add(draft.id)
            continue
        if no in stuck and stuck[no] != draft.id:  # the group's answer is saved elsewhere and could not come here
            result.unmoved[draft.item_no] = done.blocked[stuck[no]]
            told.add(stuck[no])
            continue
        # The citizens' comments are masked (after the characters no file may hold are removed, as the 起案
        # page does); the answers are the city's own wording, saved as written.
        draft = replace(draft, comment=masked_comment(draft.comment))
        holder = find_draft(store, consultation.name, no)
        if (holder is not None and holder.id != draft.id and own.get(no) != holder.id
                and _saved_key(holder.comment) != _saved_key(draft.comment)):
            (result.waiting if holder.id in matched else result.taken)[draft.item_no] = holder
            told.add(draft.id)
            continue
        try:
            result.saved[draft.item_no] = save_draft(store, draft, user=user, replace_comment=True)  # matched above
        except DraftConflict as conflict:
            if conflict.shared:  # a draft at another No. answers some of its comments (「4」 for 「3・4」)
                (result.waiting if conflict.theirs.id in matched else result.taken)[draft.item_no] = conflict.theirs
            else:
                result.conflicts[draft.item_no] = conflict
            told.add(draft.id)
        except DraftDeleted as deleted:  # never brought back unasked
            result.deleted[draft.item_no] = str(deleted)
            told.add(draft.id)
        except AssistantError as error:  # not allowed (an approved answer), or not savable as given
            result.refused[draft.item_no] = str(error)
            told.add(draft.id)
    result.not_renumbered.update({before[draft_id][0]: why for draft_id, why in done.blocked.items() if draft_id not in told})
    return replace(result, empty=tuple(empty))
