"""Published text: the tab-separated result table, council minutes, numbered Q&A or labelled comments
and answers (【意見】…【市の考え方】…), with metadata.

The text reader (.txt) uses it directly; PDF, Word and web pages without an answer table fall back
to it with the text of their paragraphs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from assistant.errors import NoContentError
from assistant.models import DocumentMeta, ParsedDocument
from assistant.readers.docmeta import find_meta, find_title
from assistant.readers.grid import Line, Numbering
from assistant.readers.minutes import has_minutes, read_minutes
from assistant.readers.qa import read_numbered_qa, starts_item
from assistant.readers.table import has_table, read_table
from assistant.readers.vertical import is_label_line, read_vertical
from assistant.textnorm import no_dashes, no_range

NOTHING_IN_TEXT = (
    "意見と回答の表（「No.」の見出し行）も、会議録のQ&A（「・」の質問と「→」の回答）も見つかりません。"
    "公表資料のテキストか、No.・ご意見・本市の考え方の列がある CSV / XLSX を指定してください。"
)


SPACE_ALIGNED = (
    "列を空白でそろえたテキスト（PDF から「pdftotext -layout」などで書き出したもの）のようです。この形では、どの文字が"
    "どの列かを確実に読み分けられないため読めません。元の PDF（または Word・Excel）を取り込むか、列をタブで区切ったテキストに"
    "してください。"
)
_COLUMN_GAP = re.compile(r"[ \u3000]{2,}")


def _space_aligned_header(text: str) -> bool:
    """Whether a line of the text is an answer table's header whose cells are set apart by runs of spaces."""
    from assistant.readers.grid import Cell, Row, header_roles

    for line in text.split("\n")[:200]:
        cells = [cell for cell in _COLUMN_GAP.split(line.strip()) if cell]
        if 2 <= len(cells) <= 6 and "\t" not in line and header_roles(Row(tuple(Cell((cell,)) for cell in cells))):
            return True
    return False


# Page numbers as a PDF's text keeps them: 「- 3 -」 always; 「3/5」, 「P.3」, 「3ページ」 only page after page (a lone
# 「P.12」 or 「2/5」 is text). Not 「(1)」 or a bare 「3」, which number items in a text.
_DASHED = re.compile(r"^[-‐－―—–]\s*(\d{1,4})\s*[-‐－―—–]$")
_PAGE_FORMS = (re.compile(r"^(\d{1,4})\s*/\s*\d{1,4}$"), re.compile(r"^[pP]\.?\s*(\d{1,4})$"),
               re.compile(r"^(\d{1,4})\s*(?:ページ|頁)$"))
_PAGE_MARK = re.compile(r"^[-‐－―—–]\s*\d{1,4}\s*[-‐－―—–]|[-‐－―—–]\s*\d{1,4}\s*[-‐－―—–]$")


def _page_run(values: list[int]) -> bool:
    """Numbers that go up page after page (starting again at 1 for an annex)."""
    return len(set(values)) >= 2 and all(b > a or b == 1 for a, b in zip(values, values[1:]))


def without_page_furniture(text: str) -> str:
    """The text of a PDF copied as plain text without its page numbers and the running title printed beside
    them (「第3次環境基本計画（案）意見募集結果」, 「-1-市営住宅…（案）」), which would land inside an answer. A running
    title stands beside page numbers wherever it appears (the title at the top of page 1 aside) and ends no
    sentence; table rows (with tabs), labels and numbered item lines are always kept."""
    lines = text.split("\n")
    flat = [" ".join(unicodedata.normalize("NFKC", line).split()) for line in lines]
    numbers = {index for index, line in enumerate(flat) if "\t" not in lines[index] and _DASHED.match(line)}
    for form in _PAGE_FORMS:
        found = [(index, int(match.group(1))) for index, line in enumerate(flat)
                 if "\t" not in lines[index] and (match := form.match(line))]
        if _page_run([value for _, value in found]):
            numbers.update(index for index, _ in found)
    keys = [re.sub(r"\d+", "#", line) for line in flat]

    def kept(index: int) -> bool:
        return ("\t" in lines[index] or flat[index].endswith(("。", ".")) or is_label_line(lines[index])
                or starts_item(lines[index].strip()))

    def beside(index: int) -> bool:
        return any(other in numbers for other in (index - 1, index + 1)) or bool(_PAGE_MARK.search(flat[index]))

    first = next((index for index, line in enumerate(flat) if line), -1)
    places: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        if key and index != first and not kept(index):
            places.setdefault(key, []).append(index)
    dropped = set(numbers)
    for key, found in places.items():
        if len(found) >= 2 and all(beside(index) for index in found):
            dropped.update(found)
    return "\n".join(line for index, line in enumerate(lines) if index not in dropped)


# A column that counts the comments each row stands for (「件数」, 「意見数」, 「同趣旨件数」).
_COUNT_COLUMN = re.compile(r"^(?:[ご御]?意見|同趣旨(?:の意見)?|類似意見)?の?件?数$")


def column_total(items: Sequence) -> int | None:
    """The sum of a column counting each row's comments (「件数」 1, 2, 1 …), when every row has a number there."""
    for header in (items[0].extra if items else {}):
        if not _COUNT_COLUMN.match(unicodedata.normalize("NFKC", header).replace(" ", "")):
            continue
        values = [unicodedata.normalize("NFKC", item.extra.get(header, "")).strip().removesuffix("件") for item in items]
        if all(value.isdigit() for value in values):
            return sum(int(value) for value in values)
    return None


_SUB_NUMBER = re.compile(r"(\d+)-\d+")  # a sub-numbered No. (「6-1」) and the number it is under
_NO_MORE = re.compile(r"\d+ほか(\d{1,3}(?:,\d{3})+|\d+)件")  # this tool's export: 「6ほか11件」 stands for 12 comments


def numbered_total(items: Sequence, whole: bool = False) -> int:
    """The comments the items' Nos. name (:meth:`~assistant.readers.grid.Numbering.named`, as the check of repeated
    Nos. reads them): 「3～5」 three (also a range that names itself only there, wider than
    :data:`~assistant.textnorm.MAX_RANGE`: 「1～99999」 99,999), 「1・3・4」 three, 「6ほか11件」 twelve, any other one. A number's thousands separators make no list (「1,000」 is one;
    「1,234」 one in numbering past 999 that has come close to it, while 「250,251」 there is two:
    :func:`~assistant.readers.grid.without_thousands`). ``whole``: the sub-numbered Nos. of one number (「6-1」, 「6-2」:
    the parts of one comment, or comments numbered under it) count as one comment, the fewest the Nos. may name; so do
    「5」 and its own 「5-1」 (also 「5」 named by a range 「3～5」).

    Example:
        >>> from types import SimpleNamespace as Item
        >>> numbered_total([Item(no=no) for no in ["1", "2", "3～5", "6・8", "９ほか２件", "10-1", ""]])
        12
        >>> nos = [Item(no=no) for no in ["1", "2～4", "5-1", "5-2", "6-1"]]
        >>> numbered_total(nos), numbered_total(nos, whole=True)
        (7, 6)
        >>> numbered_total([Item(no=no) for no in ["1", "2～4", "5", "5-1"]], whole=True)
        5
        >>> numbered_total([Item(no=no) for no in ["1,098", "1,099", "1,100", "1,101・1,102", "1,103ほか1,000件"]])
        1006
        >>> numbered_total([Item(no=no) for no in ["998", "999", "1,000", "1,001", "250,251"]])
        6
    """
    total, numbering, parted, plain = 0, Numbering(), set(), set()
    for item in items:
        numbers = numbering.named(item.no, bare=True)
        if whole and len(numbers) == 1 and (part := _SUB_NUMBER.fullmatch(no_dashes(numbers[0]))):
            parted.add(part[1])
            continue
        plain.update(number for number in numbers if number.isdigit())
        if len(numbers) == 1 and (found := no_range(numbers[0])) is not None:
            total += found[1] - found[0] + 1  # a range past the table's MAX_RANGE names itself, yet counts them all
        else:
            total += len(numbers)
        if len(numbers) == 1 and (match := _NO_MORE.fullmatch(numbers[0])):
            total += int(match.group(1).replace(",", ""))
    return total + len(parted - plain)  # 「5」 next to its own 「5-1」 is one comment too


def count_warning(declared: int | None, items: Sequence) -> list[str]:
    """The warning when the document's declared count (意見総数) differs from the items read (and from the sum
    of a column counting each row's comments, when the table has one, and from the comments the Nos. name:
    「3～5」 is three): fewer items may be similar comments answered together; more may be rows that are no
    comments (a reference table, a note) or a comment split; Nos. naming more comments than declared (1, 2, 3～5,
    6～9 against 8) are said so, with both numbers, whatever the count of items. Sub-numbered Nos. (「6-1」, 「6-2」)
    count as one comment there (:func:`numbered_total` ``whole``): parts of one numbering make no surplus of comments.

    Example:
        >>> from types import SimpleNamespace as Item
        >>> print(count_warning(8, [Item(no=no, extra={}) for no in ["1", "2", "3～5", "6～9"]])[0].split("で、")[0])
        文書に記載の意見総数は8件ですが、表の No. が示すご意見は9件（項目は4件）
    """
    named = numbered_total(items)
    if declared is None or declared in (len(items), column_total(items), named):
        return []
    fewest = numbered_total(items, whole=True)
    if fewest > declared and fewest != len(items):  # the Nos. name more comments than declared: nothing merged explains it
        return [
            f"文書に記載の意見総数は{declared}件ですが、表の No. が示すご意見は{fewest}件（項目は{len(items)}件）で、"
            "記載より多くなっています。No. の範囲の書き違いか、ご意見ではない行を項目として読んだ可能性があります。"
            "原本と照合してください（行の追加・削除はしていません）。"
        ]
    if len(items) > declared:  # more items than comments: no merging of similar comments explains that
        return [
            f"文書に記載の意見総数は{declared}件ですが、表から読み取れた項目は{len(items)}件です。"
            "ご意見ではない行（参考の表、注記など）を項目として読んだか、一つのご意見が複数の項目に分かれた可能性があります。"
            "原本と照合してください（行の追加・削除はしていません）。"
        ]
    return [
        f"文書に記載の意見総数は{declared}件ですが、表から読み取れた項目は{len(items)}件です。"
        "類似意見をまとめた可能性があります。原本と照合してください（行の追加・削除はしていません）。"
    ]


def parse_text(text: str, path: Path, digest: str, *, title: str | None = None, nothing: str = NOTHING_IN_TEXT,
               lines: list[Line] | None = None) -> ParsedDocument:
    """Read a published text into one document.

    Args:
        text: The document's text, lines separated by "\\n".
        path: The file, for the report and error messages.
        digest: sha256 of the file's bytes.
        title: The title when the caller knows it better (font sizes); else the opening lines.
        nothing: The message when the text holds neither a table, minutes nor numbered Q&A.
        lines: The text's lines as the format gave them, when it marks headings (a web page's <h2>); else
            the lines of ``text``.

    Raises:
        NoContentError: Nothing in the text can become an item.
    """
    if lines is None:  # a text file: a PDF's text may keep its page numbers (the PDF reader leaves them out)
        text = without_page_furniture(text)
    if has_table(text):
        kind, (items, warnings) = "table", read_table(text)
    elif has_minutes(text):
        kind, (items, warnings) = "minutes", read_minutes(text)
    else:
        kind, (items, warnings) = "qa", read_numbered_qa(text)
        labelled = read_vertical(lines if lines is not None else [Line(line) for line in text.split("\n")])
        if len(labelled.items) > len(items):  # 【意見】/【市の考え方】 one after another, without numbers
            kind, items, warnings = "labeled", labelled.items, labelled.warnings
        if not items:
            raise NoContentError(path, SPACE_ALIGNED if lines is None and _space_aligned_header(text) else nothing)
    if not items:
        raise NoContentError(path, "表の見出し行はありますが、意見の行がありません。")
    lines = text.split("\n")
    if kind == "labeled":  # the title is above the first label, never the first comment
        lines = lines[:next((index for index, line in enumerate(lines) if is_label_line(line)), len(lines))]
    elif kind == "qa":  # nor the first question (「問1 …」 right under the title)
        first = next((index for index, line in enumerate(lines) if line.strip()), 0)
        lines = lines[:next((index for index, line in enumerate(lines) if index > first and starts_item(line)), len(lines))]
    meta = DocumentMeta(title=title or find_title(lines) or path.stem, kind=kind, **find_meta(text))
    if kind == "minutes":
        meta = DocumentMeta(**{**meta.__dict__, "declared_count": None})
    warnings = list(warnings) + count_warning(meta.declared_count, items)
    return ParsedDocument(meta, tuple(items), tuple(warnings), str(path), digest)
