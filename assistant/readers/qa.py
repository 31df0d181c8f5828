"""Reader for answers published as numbered paragraphs instead of a table.

Some cities publish 「1 ご意見…（市の考え方）…」 or 「問1 … 答 …」 as running text. Items start with a
number marker at the start of a line (「1」「1.」「(1)」「①」「No.1」「Q1」「問1」), numbered in sequence
(numbering may restart at 1), and each answer starts with a label (「（市の考え方）」「【回答】」
「考え方：」「A.」「答」). Only that clear structure is read: numbered lines without an answer label
(front matter such as 「1 意見募集期間」, or lists inside an answer) never become items.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from assistant.models import ParsedItem
from assistant.readers.grid import CAPTION, parse_heading
from assistant.textnorm import number_value, tidy

_BODY = r"(?:本?[市区町村県都道府]の|当[市区町村]の)?"
_ANSWER = re.compile(
    rf"^(?:[【〔\[(<]\s*{_BODY}(?:考え方|回答|見解|対応)\s*[】〕\])>]"
    rf"|{_BODY}(?:考え方|回答|見解)\s*:"
    r"|A\s*\d*\s*[.:)]|答\s*\d*\s*[.:\s])\s*(.*)$"
)
_COMMENT = re.compile(
    r"^(?:[【〔\[(<]\s*(?:ご?意見(?:の概要|の要旨|要旨|の内容)?|質問)\s*[】〕\])>]"
    r"|(?:ご?意見(?:の概要|の要旨|の内容)?|質問)\s*:|Q\s*\d*\s*[.:)]|問\s*\d*\s*[.:\s])\s*(.*)$"
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_STARTS = (
    ("number", re.compile(r"^(?:No\.?\s*)?(\d{1,3})(?:\s*[.、:)]\s*|\s+|$)(.*)$")),
    ("paren", re.compile(r"^\((\d{1,3})\)\s*(.*)$")),
    ("question", re.compile(r"^(?:Q|問)\s*(\d{1,3})\s*[.:)]?\s*(.*)$")),
    ("bracket", re.compile(r"^【\s*(?:No\.?|番号)?\s*(\d{1,3})\s*】\s*(.*)$")),
)
_END = re.compile(r"^(?:以上|[【(]?\s*(?:お?問い?合わ?せ先?|担当))")


@dataclass
class _Block:
    no: str
    topic: str | None
    lines: list[str] = field(default_factory=list)


def _start(line: str) -> tuple[str, int, str] | None:
    if line[:1] in _CIRCLED:
        return "circled", _CIRCLED.index(line[0]) + 1, line[1:].strip()
    flat = unicodedata.normalize("NFKC", line)
    for style, pattern in _STARTS:
        if match := pattern.match(flat):
            return style, int(match.group(1)), match.group(2)
    return None


def starts_item(line: str) -> bool:
    """Whether a line starts with an item's number marker (「問1」「Q1」「(1)」「①」「1」)."""
    return bool(line.strip()) and _start(line.strip()) is not None


def _label(pattern: re.Pattern[str], line: str) -> str | None:
    """The text after the line's label, as written (「２階」 stays full-width), or None without the label."""
    flat = unicodedata.normalize("NFKC", line)
    match = pattern.match(flat)
    if match is None:
        return None
    return line[match.start(1):] if len(flat) == len(line) else match.group(1)


def _number(heading) -> int | None:
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", heading.label or ""))
    return number_value(digits) if digits else None


def _blocks(lines: list[str], style: str) -> list[_Block]:
    starts = [start if (start := _start(line)) and start[0] == style else None for line in lines]
    candidates = [index for index, start in enumerate(starts) if start]

    def answered(index: int) -> bool:
        """Whether an answer label comes before the next numbered line of the style."""
        following = next((later for later in candidates if later > index), len(lines))
        return any(_label(_ANSWER, lines[at]) is not None for at in range(index + 1, following))

    def next_answered(index: int, number: int) -> bool:
        """Whether the next numbered line of the style is item ``number`` with its answer (so the line at
        ``index``, numbered one less, is an item sharing that answer, not the list inside the answer above)."""
        later = next((at for at in candidates if at > index), None)
        return later is not None and starts[later][1] == number and answered(later)

    def has_answer(block: _Block) -> bool:
        return any(_label(_ANSWER, line) is not None for line in block.lines)

    def item_follows(index: int) -> bool:
        return index + 1 < len(lines) and starts[index + 1] is not None

    def restarts(index: int) -> bool:
        """Whether the next line is an item numbered 1 (a heading over items numbered per section)."""
        return index + 1 < len(lines) and starts[index + 1] is not None and starts[index + 1][1] == 1

    blocks: list[_Block] = []
    topic: str | None = None
    expected = None
    listed = None  # the number the list inside the current answer would go on with (「1 …。」「2 …。」)
    headings: dict[int, int] = {}  # per heading level, the number of the last numbered heading
    for index, line in enumerate(lines):
        start = starts[index]
        heading = parse_heading(line)
        if start and (expected is None or start[1] in (expected, 1) or start[1] == listed):
            unanswered = not answered(index)
            listing = start[1] in (1, listed) and not (start[1] == expected and next_answered(index, start[1] + 1))
            if unanswered and heading is None and blocks and has_answer(blocks[-1]) and listing:
                blocks[-1].lines.append(line)  # 「1　携帯トイレの備蓄を…。」 under an answer: a list inside it
                listed = start[1] + 1
                continue
            if not (unanswered and heading is not None) and (expected is None or start[1] in (expected, 1)):
                blocks.append(_Block(str(start[1]), topic, [start[2]] if start[2] else []))
                expected, listed = start[1] + 1, None
                continue
            # 「１　保育について」 with no answer of its own: a heading over the numbered items that follow
        number = _number(heading) if heading is not None else None
        last = headings.get(heading.level) if heading is not None else None
        sequence = heading is not None and heading.level in (3, 4) and (
            not blocks or restarts(index) or (number is not None and last is not None and (
                last == number - 1 or (number > last and item_follows(index)))))
        marked = heading is not None and (heading.level in (0, 1, 2, 7) or (heading.level == 8 and blocks) or sequence)
        if marked and _label(_ANSWER, line) is None:
            if number is not None:
                headings[heading.level] = number
            if not CAPTION.search(heading.title):  # 「3 意見の概要と市の考え方」: no topic
                topic = heading.title
            if blocks:
                blocks.append(_Block("", topic))  # closes the block before: the heading is no answer text
            listed = None
            continue
        if blocks:
            blocks[-1].lines.append(line)
    return [block for block in blocks if block.no]


def _item(block: _Block) -> ParsedItem | None:
    at = next((i for i, line in enumerate(block.lines) if _label(_ANSWER, line) is not None), None)
    if at is None:
        return None
    topic, lines = block.topic, block.lines[:at]
    labelled = next((i for i, line in enumerate(lines) if _label(_COMMENT, line) is not None), None)
    if labelled == 1 and not lines[0].endswith("。") and len(lines[0]) <= 40:
        # 「1 開館時間について」 then 「（意見の概要）」: the short line before the comment label is the item's heading
        topic, lines = tidy(lines[0]), lines[1:]
    comment = []
    for line in lines:
        label = _label(_COMMENT, line)
        comment.append(label if label is not None else line)
    answer = [_label(_ANSWER, block.lines[at])]
    for line in block.lines[at + 1:]:
        if _END.match(unicodedata.normalize("NFKC", line)):
            break
        answer.append(line)
    clean = lambda texts: [tidy(text) for text in texts if tidy(text)]  # noqa: E731
    return ParsedItem(block.no, "\n".join(clean(comment)), tuple(clean(answer)), topic)


def read_numbered_qa(text: str) -> tuple[list[ParsedItem], list[str]]:
    """Items of a numbered Q&A text, or ``([], [])`` when the text has no such clear structure.

    Example:
        >>> items, _ = read_numbered_qa("1 意見募集期間\\n令和6年\\n1 開館時間を延ばして。\\n（市の考え方）\\n検討します。\\n2 駐車場が狭い。\\n回答：拡張は難しい状況です。")
        >>> [(i.no, i.comment, i.answer) for i in items]
        [('1', '開館時間を延ばして。', '検討します。'), ('2', '駐車場が狭い。', '拡張は難しい状況です。')]
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    best: tuple[list[ParsedItem], list[str]] = ([], [])
    for style in ("number", "paren", "question", "bracket", "circled"):
        parsed = [(block, _item(block)) for block in _blocks(lines, style)]
        first = next((i for i, (_, item) in enumerate(parsed) if item), None)
        if first is None:
            continue
        parsed = parsed[first:]
        items = [item for _, item in parsed if item]
        unanswered = [block.no for block, item in parsed if item is None]
        if len(unanswered) > len(items):
            continue  # numbered lines without answers outnumber the answered ones: no clear structure
        warnings = [f"番号 {'、'.join(unanswered)} の段落には回答の見出し（「市の考え方」「回答」など）がないため、"
                    "項目にしていません。原本を確認してください。"] if unanswered else []
        doubled = [block.no for block, item in parsed if item and sum(_label(_ANSWER, line) is not None for line in block.lines) > 1]
        warnings += [f"番号 {'、'.join(doubled)} の回答には回答の見出しが2つ以上あり、一つの回答として読みました。"
                     "項目の区切りを原本で確認してください。"] if doubled else []
        if len(items) > len(best[0]):
            best = (items, warnings)
    return best
