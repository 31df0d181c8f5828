"""Reader for results published one comment after another, each labelled, without an answer table.

Some cities print every comment and its answer in turn instead of a table with a No. column:

- 【意見】… then 【市の考え方】… (also 【ご意見】, 【本市の考え方】, 【回答】, （意見の概要）…);
- ご意見：… then 回答：… (or 市の考え方：…), or Q … then A …;
- the headings 「意見」 and 「市の考え方」 each alone on a line, the text under them;
- in Word or PDF: a table whose rows are labelled 意見 / 回答 in a cell (a number cell may come first),
  or one small table per comment.

A label counts only at the start of a line, or as the whole text of a table cell, so prose that
mentions 意見 is never split. Items are numbered as published when every comment has a number
(「【意見1】」, a number cell, a line 「意見1」 above its table); otherwise 1, 2, 3… in order, with a
warning that says so. A comment without an answer is kept (with the empty-answer warning), and an
answer without a comment is kept with an empty comment; nothing is merged or dropped. Only a clear
structure is read: when unanswered comments outnumber answered ones, nothing is returned.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.models import ParsedItem
from assistant.readers.docmeta import LEGEND
from assistant.readers.cells import merge_continuation
from assistant.readers.grid import CAPTION, Block, Line, Row, line_heading, parse_heading
from assistant.readers.hygiene import SKIPPED_EMPTY
from assistant.textnorm import tidy

COMMENT, ANSWER = "comment", "answer"
_MARK = r"[■□◆◇●○◎▼▽・]?\s*"
_NUMBER = r"\s*(?:No\.?\s*)?(\d{1,3})?\s*"
_WORDS = {
    COMMENT: r"(?:ご?意見(?:の概要|の要旨|要旨|の内容|内容|等)?|ご?質問(?:の概要|の内容|内容)?)",
    ANSWER: r"(?:(?:ご?意見に対する)?(?:(?:本?[市区町村県都道府]|当[市区町村])の)?(?:考え方|回答|見解|対応(?:方針)?))",
}
_OPEN, _CLOSE = r"[【〔\[(<《]", r"[】〕\])>》]"
_QA = {COMMENT: r"(?:Q|問)", ANSWER: r"(?:A|答)"}


def _patterns(kind: str) -> tuple[re.Pattern[str], ...]:
    word, qa = _WORDS[kind], _QA[kind]
    return (
        re.compile(rf"^{_MARK}{_OPEN}\s*{word}{_NUMBER}{_CLOSE}\s*:?\s*(.*)$"),  # 【意見】…
        re.compile(rf"^{_MARK}{word}{_NUMBER}:\s*(.*)$"),  # ご意見：…
        re.compile(rf"^{_MARK}{word}{_NUMBER}$"),  # 「意見」 alone on its line
        re.compile(rf"^{qa}\s*(\d{{1,3}})?\s*(?:[.:)]\s*|\s+|$)(.*)$"),  # Q … / A …
    )


_LABELS = {kind: _patterns(kind) for kind in (COMMENT, ANSWER)}
# A label of the item's other fields between its comment and its answer: 【対応区分】B, 【該当箇所】第2章 P.12.
_FIELD = re.compile(rf"^{_MARK}{_OPEN}\s*((?:対応|反映|意見|回答)?区分|該当(?:箇所|ページ|頁|項目|部分)|項目|分類|頁|ページ)\s*{_CLOSE}"
                    r"\s*[:：]?\s*(.*)$")
_CELL_NUMBER = re.compile(r"^(?:No\.?\s*)?(\d{1,4})\s*\.?$")
# An item's number written with 「No.」 alone on its line or in its row (「No.2」, 「NO.2」, 「no2」, 「【No.2】」): no answer
# ends so, so it is the next item's number wherever it stands. A bare number (「2」, 「2024」, 「12.」) may end an answer.
_NO_FORM = re.compile(r"^(?P<open>[【\[])?\s*No\.?\s*(?P<no>\d{1,4})\s*\.?\s*(?(open)[】\]]|)$", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^(\d{1,4})\s*\.?$")
_LONE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")  # 「2」 alone on a line of the paragraph layout (:func:`_text_parts`)
# 「以上」 alone (not 「以上のことから…」), the contact block, a web page's 「このページに関するお問い合わせ」.
_END = re.compile(r"^(?:以上\s*[。.]?$|[【(]?\s*(?:お?問い?合わ?せ先?|担当(?:課|部署)?\s*[】):])|"
                  r"このページ(?:に関する|について)の?\s*お問い?合わ?せ(?:先)?\s*(?:[:：】)]|$))")
_PAGE_TOP = re.compile(r"^[▲↑^]?\s*(?:この)?(?:ページ|頁)(?:の)?(?:先頭|上|トップ)(?:へ|に)?(?:戻る)?$|^(?:先頭|上)(?:へ|に)戻る$")


@dataclass(frozen=True)
class _Label:
    kind: str
    no: str | None
    rest: str


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _no_form(text: str) -> str | None:
    """The number of 「No.2」 (「NO.2」, 「no2」, 「【No.2】」) alone in ``text``, or None (a bare 「2」 too).

    Example:
        >>> [_no_form(text) for text in ["No.2", "ＮＯ．２", "no 2", "【No.2】", "No.2】", "2", "2024", "意見No.2"]]
        ['2', '2', '2', '2', None, None, None, None]
    """
    match = _NO_FORM.match(_flat(text))
    return match.group("no") if match else None


def is_label_line(text: str) -> bool:
    """Whether a line starts with a comment or answer label (「【意見】…」「回答：…」「市の考え方」 alone, 「Q …」)."""
    return _label(text) is not None


def _label(text: str) -> _Label | None:
    """The label a line starts with (「【意見】」「回答：」「市の考え方」 alone, 「Q」), or None."""
    flat = _flat(text)
    for kind, patterns in _LABELS.items():
        for pattern in patterns:
            if match := pattern.match(flat):
                groups = match.groups()
                no, rest = groups[0], (groups[1] if len(groups) > 1 else "") or ""
                return _Label(kind, no, _original_rest(text.strip(), rest))
    return None


def _original_rest(text: str, rest: str) -> str:
    """The text after the label as published (full-width characters kept), given its NFKC form."""
    if not rest:
        return ""
    for start in range(min(len(text), 60)):
        if _flat(text[start:]) == rest:
            return tidy(text[start:])
    return tidy(rest)


def _cell_label(text: str) -> _Label | None:
    """A table cell that is a label and nothing else (「意見」「市の考え方」「Q」)."""
    found = _label(text)
    return found if found is not None and not found.rest else None


@dataclass
class _Part:
    kind: str
    no: str | None
    topic: str | None
    page: int | None
    paragraphs: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)  # 【対応区分】B, 【該当箇所】P.12: kept, never in the text


@dataclass
class VerticalResult:
    """What :func:`read_vertical` found.

    Attributes:
        items: The items in published order; empty when the blocks have no such clear structure.
        warnings: Things to check (numbers assigned, a comment without an answer…).
        in_table: True when the labels were table cells (Word / PDF rows), False for text lines.
    """

    items: list[ParsedItem]
    warnings: list[str]
    in_table: bool


# --- text lines ----------------------------------------------------------------------------------
def _text_parts(lines: list[Line], no_lines: bool = True) -> list[_Part]:
    texts = [line for line in lines if tidy(line.text)]
    labels = [_label(line.text) for line in texts]
    last_label = max((index for index, label in enumerate(labels) if label is not None), default=-1)
    parts: list[_Part] = []
    topic: str | None = None
    closed = False
    pending_no: str | None = None  # 「意見1」 alone right above 「ご意見」 (a heading, then a <dl>)
    pending_extra: dict[str, str] = {}  # fields written above the comment they belong to (【該当箇所】P.12)
    leading: set[str] = set()  # fields first met before any comment: each of them is the next comment's
    def lone_number(at: int) -> str | None:
        """「2」 (1 to 3 digits) alone on its line right above a comment label: that comment's number; so is 「No.2」 there
        (``no_lines``) when the label has no number of its own."""
        after = labels[at + 1] if at + 1 < len(texts) else None
        if at >= len(texts) or after is None or after.kind != COMMENT:
            return None
        if no_lines and (number := _no_form(texts[at].text)) is not None:
            return number if after.no is None else None
        match = _LONE_NUMBER.match(unicodedata.normalize("NFKC", texts[at].text))
        return match.group(1) if match else None

    for index, line in enumerate(texts):
        label = labels[index]
        following = labels[index + 1] if index + 1 < len(texts) else None
        if label is None and (number := lone_number(index)) is not None:
            pending_no = number
            continue
        if following is None and lone_number(index + 1) is not None:
            following = labels[index + 2]  # a heading, the comment's number, then the comment
        if label is not None:
            if (label.kind == COMMENT and label.no and not label.rest and following is not None
                    and following.kind == COMMENT and not following.no):
                pending_no = label.no  # the number of the comment labelled on the next line
                continue
            no = label.no or (pending_no if label.kind == COMMENT else None)
            parts.append(_Part(label.kind, no, topic, line.page, [label.rest] if label.rest else []))
            if label.kind == COMMENT:
                parts[-1].extra, pending_extra = pending_extra, {}
            pending_no = None if label.kind == COMMENT else pending_no
            closed = False
            continue
        flat_line = unicodedata.normalize("NFKC", line.text.strip())
        item_field = _FIELD.match(flat_line)
        # A legend under the title (「【対応区分】A：反映する B：…」) is no item's field.
        item_field = item_field if item_field is not None and item_field.group(2) and not LEGEND.match(flat_line) else None
        if item_field is not None and (not parts or closed or (item_field.group(1) in leading and parts[-1].kind == ANSWER)):
            # 【該当箇所】… above its comment: the next item's (a field whose first one came before any comment)
            if not parts:
                leading.add(item_field.group(1))
            pending_extra[item_field.group(1)] = tidy(item_field.group(2))
            continue
        heading = line_heading(line)
        in_list = (heading is not None and parts and parts[-1].kind == ANSWER and parts[-1].paragraphs
                   and (before := parse_heading(parts[-1].paragraphs[-1])) is not None and before.level == heading.level)
        if heading is not None and not in_list and following is not None and following.kind == COMMENT:
            if not CAPTION.search(heading.title):
                topic = heading.title  # a heading right above a comment: the topic of what follows
            continue
        if heading is not None and index > last_label and not in_list:
            closed = True  # a new section after the last answer (「３ 今後の予定」): not part of it
        if not parts or closed:
            continue  # front matter before the first label, or the closing lines (以上, 問い合わせ先)
        if _PAGE_TOP.match(_flat(line.text)):  # a web page's link back to the top, after each answer
            closed = index > last_label
            continue
        if _END.match(_flat(line.text)):
            closed = True
            continue
        if item_field is not None:
            parts[-1].extra[item_field.group(1)] = tidy(item_field.group(2))
            continue
        parts[-1].paragraphs.append(tidy(line.text))
    return parts


# --- table rows ----------------------------------------------------------------------------------
def _has_label_rows(blocks: Sequence[Block]) -> bool:
    kinds = set()
    for block in blocks:
        if isinstance(block, Row):
            for cell in block.cells:
                if not cell.merged_from_left and (label := _cell_label("".join(cell.paragraphs))):
                    kinds.add(label.kind)
    return kinds == {COMMENT, ANSWER}


def _row_parts(blocks: Sequence[Block], no_lines: bool = True) -> tuple[list[_Part], list[str]]:
    parts: list[_Part] = []
    warnings: list[str] = []
    pending_no: str | None = None  # 「意見1」 on the line above a comment's own table
    topic: str | None = None  # the heading above a comment's table (「１ 施設について」)
    loose: list[tuple[str, int | None, str | None]] = []  # text outside the tables: (text, page, the topic it names)
    closed = False  # after 「以上」 or the contact line, until the next labelled table
    in_note = False  # the rows of a table without labels standing on its own (「※ ご意見は要約して…」)
    last_page: int | None = None

    def settle(kind: str) -> None:
        """Before a new labelled part: a heading right above a comment is its topic; other text outside
        the tables since the last part continues that part, said in a warning."""
        nonlocal topic
        if kind == COMMENT and loose and loose[-1][2]:
            topic = loose.pop()[2]
        texts = [(text, page) for text, page, _ in loose]
        loose.clear()
        if texts and parts:
            parts[-1].paragraphs.extend(text for text, _ in texts)
            text, page = texts[0]
            label = "ご意見" if parts[-1].kind == COMMENT else "回答"
            warnings.append(f"{_where(page)}表の外の文「{text[:20]}…」は、直前の{label}の続きとして読みました。原本を確認してください。")

    def follows(number: str) -> bool:
        """Whether a bare ``number`` goes on from the comments read so far: 1 before the first, else the last one's No. + 1
        (a number out of that sequence, 「2024」 after No.1, or after a comment without a No., may end an answer)."""
        last = next((part for part in reversed(parts) if part.kind == COMMENT), None)
        if last is None:
            return int(number) == 1
        return last.no is not None and last.no.isdigit() and int(number) == int(last.no) + 1

    def numbers_next(at: int, text: str, bare: bool) -> str | None:
        """The number in ``text`` when the next block with text opens with a comment label without a number of its own:
        the next item's number, never text of the answer above. 「No.2」 alone on a line or in the label column; a bare
        「2」 (``bare``: in the label column) only when it goes on from the last comment's No. (1 before the first).
        None unless ``no_lines``."""
        if not no_lines:
            return None
        number = _no_form(text)
        if number is None and bare and (match := _BARE_NUMBER.match(_flat(text))) and follows(match.group(1)):
            number = match.group(1)
        if number is None:
            return None
        for after in (blocks[index] for index in range(at + 1, len(blocks))):
            if isinstance(after, Line):
                if not tidy(after.text):
                    continue
                label = _label(after.text)
            else:
                if not any(cell.paragraphs for cell in after.cells):
                    continue
                label = next((found for cell in after.cells if not cell.merged_from_left
                              and (found := _cell_label("".join(cell.paragraphs))) is not None), None)
            return number if label is not None and label.kind == COMMENT and label.no is None else None
        return None

    for at, block in enumerate(blocks):
        if isinstance(block, Line):
            text = tidy(block.text)
            if not text:
                continue
            if (number := numbers_next(at, text, bare=False)) is not None:
                pending_no = number  # 「No.2」 above the next comment's label: its number
                continue
            label = _label(block.text)
            if label is not None and label.kind == COMMENT and label.no and not label.rest:
                pending_no = label.no
                continue
            if not parts:
                topic = _heading_topic(block.text)  # a heading right above the first table is its topic
                continue  # front matter (title, period, counts)
            if closed or _END.match(_flat(text)):
                closed = True
                continue
            title = _heading_topic(block.text)
            if title is None and parse_heading(block.text) is not None:
                continue  # a caption (「２ ご意見と市の考え方」): neither a topic nor text of an answer
            loose.append((text, block.page, title))
            continue
        cells = [cell for cell in block.cells if not cell.merged_from_left]
        labels = [_cell_label("".join(cell.paragraphs)) for cell in cells]
        page_before, last_page = last_page, block.page
        if len({label.kind for label in labels if label}) == 2 and not any(
                cell.paragraphs for cell, label in zip(cells, labels) if label is None):
            continue  # a header row 「ご意見｜市の考え方」 with no text: not an item
        if not any(labels):
            texts = [tidy(p) for cell in cells if not cell.merged_from_above for p in cell.paragraphs if tidy(p)]
            in_label_column = bool(cells[0].paragraphs) and not cells[0].merged_from_above  # not an answer's column
            if len(texts) == 1 and in_label_column and (number := numbers_next(at, texts[0], bare=True)) is not None:
                pending_no = number  # 「No.2」 in the label column of a row above the next comment's label: its number
                continue
            # A table of its own on the same page (Word has no pages) is text outside the items' tables;
            # a table's first row on the next page is a labelled table cut by the page break.
            in_note = bool(parts) and (in_note and not block.table_start or (
                block.table_start and (block.page is None or block.page == page_before)))
            if in_note:
                if not closed:
                    loose.extend((text, block.page, None) for text in texts)
                continue
            if parts and texts:
                parts[-1].paragraphs = merge_continuation(parts[-1].paragraphs, texts)  # cut by a page break
                first = cells[0] if len(cells) > 1 else None
                if first is not None and first.paragraphs and not first.merged_from_above:
                    warnings.append(f"{_where(block.page)}ラベル（意見・回答）のない行「{_flat(''.join(first.paragraphs))[:20]}…」は"
                                    "前の欄の続きとして読みました。原本を確認してください。")
            continue
        in_note = closed = False
        number: str | None = None
        current: _Part | None = None
        for cell, label in zip(cells, labels):
            if label is not None:
                settle(label.kind)
                no = label.no or number or (pending_no if label.kind == COMMENT else None)
                current = _Part(label.kind, no, topic if label.kind == COMMENT else None, block.page)
                parts.append(current)
                if label.kind == COMMENT:
                    pending_no = None
            elif current is not None:
                if not cell.merged_from_above:
                    current.paragraphs.extend(tidy(p) for p in cell.paragraphs if tidy(p))
            elif not cell.merged_from_above and cell.paragraphs:
                text = _flat("".join(cell.paragraphs))
                if (match := _CELL_NUMBER.match(text)) and number is None:
                    number = match.group(1)
                else:
                    warnings.append(f"{_where(block.page)}ラベル（意見・回答）より前の欄「{text[:20]}」は項目に含めていません。")
    if loose:
        text, page, _ = loose[0]
        warnings.append(f"{_where(page)}最後の回答の後の文「{text[:20]}…」（計{len(loose)}段落）は項目に含めていません。"
                        "原本を確認してください。")
    return parts, warnings


def _heading_topic(text: str) -> str | None:
    """The topic a heading line gives (「１ 施設について」 → 施設について), None for a caption (「ご意見と市の考え方」)."""
    heading = parse_heading(text)
    return heading.title if heading is not None and not CAPTION.search(heading.title) else None


def _where(page: int | None) -> str:
    return f"p.{page}: " if page else ""


# --- pairing ---------------------------------------------------------------------------------------
@dataclass
class _Pair:
    no: str | None
    topic: str | None
    page: int | None
    comment: list[str] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)
    has_comment: bool = True
    extra: dict[str, str] = field(default_factory=dict)


def _pairs(parts: list[_Part]) -> list[_Pair]:
    pairs: list[_Pair] = []
    for part in parts:
        if part.kind == COMMENT:
            pairs.append(_Pair(part.no, part.topic, part.page, list(part.paragraphs), extra=dict(part.extra)))
        elif pairs:
            pairs[-1].answer.extend(part.paragraphs)  # the answer (a second answer label adds to it)
            pairs[-1].extra.update(part.extra)
        else:
            pairs.append(_Pair(part.no, part.topic, part.page, [], list(part.paragraphs), has_comment=False,
                               extra=dict(part.extra)))
    return pairs


def _numbered(pairs: list[_Pair]) -> bool:
    """Whether every item has a No. of the document's, no two the same, and numbers in rising order.

    Example:
        >>> [_numbered([_Pair(no, None, None) for no in nos]) for nos in (["1", "2", "4"], ["1", "1", "2"], ["2", "1"], ["1", None])]
        [True, False, False, False]
    """
    nos = [pair.no for pair in pairs]
    if not all(nos) or len(set(nos)) != len(nos):
        return False
    numbers = [int(no) for no in nos if no is not None and no.isdigit()]
    return numbers == sorted(numbers)


def read_vertical(blocks: Sequence[Block]) -> VerticalResult:
    """Items of comments and answers labelled one after another (see the module docstring).

    Table rows with label cells (「意見」「回答」) are read when there are any; otherwise the text lines.

    Example:
        >>> text = "意見募集の結果\\n【意見】開館時間を延ばして。\\n【市の考え方】検討します。\\n【意見】駐車場が狭い。\\n回答：拡張は難しい状況です。"
        >>> found = read_vertical([Line(line) for line in text.split("\\n")])
        >>> [(i.no, i.comment, i.answer) for i in found.items]
        [('1', '開館時間を延ばして。', '検討します。'), ('2', '駐車場が狭い。', '拡張は難しい状況です。')]
    """
    in_table = _has_label_rows(blocks)
    lines = [block for block in blocks if isinstance(block, Line)]
    parts, warnings = _row_parts(blocks) if in_table else (_text_parts(lines), [])
    pairs = _pairs(parts)
    if not _numbered(pairs):
        # 「No.2」 lines (or label-column numbers) number the items only when they number every item, each its own No.:
        # otherwise such a line is text of the answer above it (a reference 「No.1」 ending an answer), read as before.
        parts, warnings = _row_parts(blocks, no_lines=False) if in_table else (_text_parts(lines, no_lines=False), [])
        pairs = _pairs(parts)
    answered = sum(1 for pair in pairs if pair.comment and pair.answer)
    if not answered or len(pairs) - answered > answered:
        return VerticalResult([], [], in_table)  # labels without the comment-answer structure
    published = all(pair.no for pair in pairs) and len({pair.no for pair in pairs}) == len(pairs)
    if not published:
        warnings.append(f"この文書には意見の番号がないため、掲載順に 1〜{len(pairs)} の番号を付けました。")
    items: list[ParsedItem] = []
    for index, pair in enumerate(pairs, start=1):
        no = pair.no if published else str(index)
        comment = "\n".join(text for text in pair.comment if text)
        items.append(ParsedItem(no, comment, tuple(text for text in pair.answer if text), pair.topic, pair.page,
                                extra=pair.extra, positional=not published))
        where = f"（p.{pair.page}）" if pair.page else ""
        if not comment.strip() and not items[-1].answer_paragraphs:  # left out (hygiene.clean_document): said once
            warnings.append(f"No.{no}{where}: {SKIPPED_EMPTY}")
            continue
        if not pair.has_comment:
            warnings.append(f"No.{no}{where}: ご意見の見出しがない回答です。ご意見を空として読みました。原本を確認してください。")
        elif not comment:
            warnings.append(f"No.{no}{where}: ご意見の欄が空です。原本を確認してください。")
        if not items[-1].answer_paragraphs:
            warnings.append(f"No.{no}{where}: 回答（考え方）の欄が空です。原本を確認してください。")
    return VerticalResult(items, warnings, in_table)
