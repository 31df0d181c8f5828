"""Input hygiene applied to every document a reader returns.

- NUL and other control characters (and invisible bidirectional or zero-width characters) are removed
  from every text, with a warning that counts them;
- an item with neither a comment nor an answer is skipped with a warning (it would be an empty
  precedent), one only: a reader that said so, naming the row (「No.2（表の2行目）: …」), is not repeated;
- formula cells of an XLSX file are read as the values Excel saved with them; a formula whose value was
  never saved (a file written by a program, not by Excel) is reported, since its cell reads as empty;
- an answer that only refers to another row's (「同上」, 「上記と同じです。」, 「上記のとおりです。」, 「No.3の回答のとおりです。」,
  「No.1と同様です。」, 「3と同じ」) is that row's answer, as the document means it: a precedent whose answer reads
  「同上」 helps nobody. The words as published are kept in the item's ``extra`` (「回答（原文）」) and the item is named
  in a warning; a reference whose row is not in the document stays as published, named too, and so does a short
  answer that names a No. as a reference but not one these rules follow (「No.3及びNo.4と同じです。」).

Example:
    >>> from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
    >>> doc = ParsedDocument(DocumentMeta("除雪\\x00計画", "spreadsheet"),
    ...                      (ParsedItem("1", "除雪を\\x07。", ("実施します。",)), ParsedItem("2", " ", ())))
    >>> cleaned = clean_document(doc)
    >>> (cleaned.meta.title, [i.comment for i in cleaned.items])
    ('除雪計画', ['除雪を。'])
    >>> cleaned.warnings
    ('No.2: ご意見も回答も空のため読み飛ばしました。', '制御文字（NUL など）2 個を取り除きました。')
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path

from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
from assistant.textnorm import count_controls, no_list_parts, no_range_numbers, squash, strip_controls


SKIPPED_EMPTY = "ご意見も回答も空のため読み飛ばしました。"  # an item with neither, left out (the readers say nothing else of it)
# A reader's own note of such an item, its place named (「No.3（表の3行目）: …」, 「No.3（p.2）: …」): the only one said of it
_TOLD_EMPTY = re.compile(rf"No\.(.*?)(?:（[^（）]*）)?: {SKIPPED_EMPTY}")
# A staff CSV / XLSX whose rows are all empty (spreadsheet.py) is refused so, the notes of its rows after it.
NO_DATA_ROWS = "見出し行はありますが、データの行がありません。"
SHOWN_NOTES = 5  # the notes a refusal names; the rest counted (a blank form of 300 rows)


def some_notes(notes: Sequence[str]) -> str:
    """The first :data:`SHOWN_NOTES` notes, a space between, and how many more notes are left out (a refusal's reason
    stays readable). They are counted as notes, not rows: a row may have several (empty, and a column without a header).

    Example:
        >>> some_notes([f"{row}行目: 空です。" for row in range(1, 8)])
        ' 1行目: 空です。 2行目: 空です。 3行目: 空です。 4行目: 空です。 5行目: 空です。 ほか2件の注記を省略しました。'
    """
    more = f" ほか{len(notes) - SHOWN_NOTES}件の注記を省略しました。" if len(notes) > SHOWN_NOTES else ""
    return "".join(f" {note}" for note in notes[:SHOWN_NOTES]) + more


def blank_rows_reason(skipped: Sequence[str]) -> str:
    """Why a file whose numbered rows all lack comment and answer (a blank result form in Word, PDF or HTML) is refused,
    from the notes of the rows left out (:data:`SKIPPED_EMPTY`): their count and the first :data:`SHOWN_NOTES` places.

    Example:
        >>> print(blank_rows_reason([f"No.{no}（表の{no}行目）: {SKIPPED_EMPTY}" for no in range(1, 8)]))
        No. の行はありますが、どの行にもご意見も回答も書かれていません。空の行（7行）: No.1（表の1行目）、No.2（表の2行目）、No.3（表の3行目）、No.4（表の4行目）、No.5（表の5行目）ほか2行。
    """
    if not skipped:
        return NO_DATA_ROWS
    places = [note.removesuffix(SKIPPED_EMPTY).removesuffix(": ") for note in skipped]
    more = f"ほか{len(places) - SHOWN_NOTES}行" if len(places) > SHOWN_NOTES else ""
    return ("No. の行はありますが、どの行にもご意見も回答も書かれていません。"
            f"空の行（{len(places)}行）: {'、'.join(places[:SHOWN_NOTES])}{more}。")


def _clean(text: str | None, removed: list[int], lines: bool = False) -> str | None:
    """``text`` without control characters, counted in ``removed``; with ``lines`` (a comment, an answer) Word's
    manual line break, a page break and the other line breaks of :func:`~assistant.textnorm.strip_controls` are line
    breaks (not counted), as a draft's are."""
    if text is None:
        return None
    removed[0] += count_controls(text, lines)
    return strip_controls(text, lines)


def clean_document(document: ParsedDocument) -> ParsedDocument:
    """The document with control characters removed and empty items skipped, each noted in its warnings."""
    removed = [0]
    meta = document.meta
    meta = DocumentMeta(
        _clean(meta.title, removed), meta.kind, _clean(meta.area, removed), _clean(meta.publisher, removed),
        _clean(meta.department, removed), meta.period_start, meta.period_end, meta.declared_count,
    )
    items: list[ParsedItem] = []
    notes: list[str] = []
    told = Counter(found[1] for warning in document.warnings if (found := _TOLD_EMPTY.fullmatch(warning)))
    for item in document.items:
        paragraphs = tuple(p for p in (_clean(p, removed, lines=True) for p in item.answer_paragraphs) if p.strip())
        cleaned = replace(
            item, no=_clean(item.no, removed), comment=_clean(item.comment, removed, lines=True), answer_paragraphs=paragraphs,
            topic=_clean(item.topic, removed), extra={_clean(k, removed): _clean(v, removed) for k, v in item.extra.items()},
        )
        if not cleaned.comment.strip() and not paragraphs:
            if told[item.no]:  # the reader said so, naming the row's place
                told[item.no] -= 1
            else:
                notes.append(f"No.{cleaned.no}: {SKIPPED_EMPTY}")
            continue
        items.append(cleaned)
    if removed[0]:
        notes.append(f"制御文字（NUL など）{removed[0]} 個を取り除きました。")
    warnings = tuple(_clean(w, [0]) for w in document.warnings)
    if len(items) != len(document.items):  # the declared count is compared with the items kept
        from assistant.readers.text import count_warning

        stale = set(count_warning(meta.declared_count, document.items))
        warnings = tuple(w for w in warnings if w not in stale) + tuple(count_warning(meta.declared_count, items))
    items, referred = _resolve_references(items)
    warnings += tuple(notes) + tuple(referred)
    return replace(document, meta=meta, items=tuple(items), warnings=warnings)


# A whole answer that refers to another row's: 「同上」, 「上に同じ」, 「同上です。」, 「上記と同じです。」, 「上記のとおりです。」,
# 「前項と同じ」 (the row above), or 「No.3の回答のとおりです。」, 「No.1と同様です。」, 「No.3と同じ考え方です。」, 「No.3をご覧ください。」,
# 「上記No.3のとおりです。」, 「3と同じ」, 「意見番号3を参照」 (a numbered row). Only a whole answer: one that goes on to say
# something (「上記のとおり、…を進めます。」) is an answer of its own.
# ABOVE_WORDS and REFERRED_NO are shared with the batch's comments that only refer to another (:mod:`assistant.batch`).
ABOVE_WORDS = r"同上|上に同じ|上記に同じ|前に同じ|同前"
_NO_LABEL_TEXT = r"(?:ご?意見)?(?:No\.?|NO\.?|no\.?)|(?:意見)?番号"  # 「No.4」, 「意見番号4」: the number 4
_NO_LABEL = re.compile(rf"^(?:{_NO_LABEL_TEXT})")
REFERRED_NO = rf"(?:{_NO_LABEL_TEXT})?\s*(?P<no>[0-9]{{1,4}}(?:-[0-9]{{1,4}})?)番?"  # the No. a reference names
_WHOSE = r"(?:の(?:ご?意見(?:に対する|への))?(?:回答|考え方|市の考え方|本市の考え方|国の考え方))?"  # 「の回答」, 「のご意見に対する考え方」
# 「と同じ」, 「と同様」, 「と同旨」, 「と同じ考え方」, 「のとおり」, 「を参照」, 「をご覧ください」
_SAME = (r"(?:(?:と|に)(?:同じ|同様|同旨)(?:の?(?:考え方|回答|内容|趣旨))?|のとおり|の通り|を参照|をご参照|参照|をご?覧|をご?らん)"
         r"(?:です|とします|となります|であります|でございます|ください|下さい)?[。．]?")
_ABOVE = re.compile(rf"(?:(?:{ABOVE_WORDS})(?:です|となります)?[。．]?|(?:上記|前記|前述|前項){_WHOSE}{_SAME})")
_NUMBERED = re.compile(rf"(?:(?:上記|前記|前述)の?)?{REFERRED_NO}{_WHOSE}{_SAME}")
# A short answer that names a No. and ends as a reference does, but is no reference to one row these rules follow
# (「No.3及びNo.4と同じです。」, 「No.3と概ね同じです。」): kept as published, named in a warning. It ends with the
# words of a reference (:data:`_SAME`), 「のとおり」 after a No. or its answer, in a last clause that names a number: an
# answer that goes on (「No.1と同様の理由により、原案のとおりとします。」, 「No.3のご意見のとおり修正します。」) is an answer.
_NAMES_A_NO = re.compile(rf"(?:{_NO_LABEL_TEXT})\s*[0-9]")
_ENDS_REFERRING = re.compile(
    r"[0-9][^、，,]*(?:同じ|同様|同旨|(?:[0-9]|回答|考え方)の?(?:とおり|通り)|参照|覧|らん)(?:の?(?:考え方|回答|内容|趣旨))?"
    r"(?:です|とします|となります|であります|でございます|ください|下さい)?[。．]?$")
_GROUPED_NUMBER = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")  # 「1,234」: a list, or a number with its thousands
_REFERENCE_CHARS = 40  # a longer answer says more than where to look
ORIGINAL_ANSWER = "回答（原文）"  # the extra that keeps a referring answer's words as published


# A footnote's or endnote's label as the Word and web readers write it (:func:`assistant.readers.footnotes.note_label`):
# a number in one of Word's note numberings (1, １, i, I, ①, ア) or a web page's symbol mark (「[*]」, 「[†]」, 「[※]」),
# not words typed in brackets (「（注：令和7年度から）」, 「（注記参照）」, 「（注意）」, 「（注R7）」), which are the answer's own
_NOTE_LABEL = re.compile(
    r"（(?:注|文末注)(?:[0-9０-９]{1,4}|[ivxlcdm]{1,10}|[IVXLCDM]{1,10}|[①-⑳㉑-㉟㊱-㊿]|[ア-ンｱ-ﾝ]|[*＊※†‡§]{1,3})）")


def _without_notes(paragraphs: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """An answer's own paragraphs and the notes' paragraphs the readers added after them: from the first paragraph
    after the first one that opens with a label its earlier paragraphs hold (「No.1の回答のとおり（注2）」 then
    「（注2）路線の再編は…」)."""
    for index in range(1, len(paragraphs)):
        opening = _NOTE_LABEL.match(paragraphs[index])
        if opening and any(opening.group() in paragraph for paragraph in paragraphs[:index]):
            return paragraphs[:index], paragraphs[index:]
    return paragraphs, ()


def _resolve_references(items: list[ParsedItem]) -> tuple[list[ParsedItem], list[str]]:
    """Items whose answer only refers to another row's get that row's answer (see the module's description).

    A No. is looked for among every item of the document, later ones, a group's 「1・2」 (「1、2」 and 「1,2」 too, as
    :func:`~assistant.textnorm.no_list_parts` reads them) and a range's 「3～5」 (3, 4 and 5:
    :func:`~assistant.textnorm.no_range_numbers`) included, in the referring item's own section (topic) first, as
    numbering may restart per heading or per sheet; a No. found in no section of its own and in several others is
    ambiguous, and the answer stays as published, named."""
    listed = [{number for part in no_list_parts(squash(item.no)) for number in no_range_numbers(_NO_LABEL.sub("", part))}
              for item in items]
    # 「1,234」 lists 1 and 234 as :func:`no_list_parts` reads it, but may be No. 1234: it is no second No.1 beside a 「1」
    grouped = [bool(_GROUPED_NUMBER.fullmatch(_NO_LABEL.sub("", squash(item.no)))) for item in items]
    referring: dict[int, tuple[str, str | None]] = {}  # position -> (the words, the No. named; None: the row above)
    unread: set[int] = set()  # short answers that name a No. as a reference these rules do not follow
    own = [_without_notes(item.answer_paragraphs) for item in items]  # a note's mark and text are no reference
    for position, item in enumerate(items):
        text = squash(_NOTE_LABEL.sub("", "".join(own[position][0])))
        if text and _ABOVE.fullmatch(text):
            referring[position] = (text, None)
        elif text and (found := _NUMBERED.fullmatch(text)):
            referring[position] = (text, found.group("no"))
        elif len(text) <= _REFERENCE_CHARS and _NAMES_A_NO.search(text) and _ENDS_REFERRING.search(text):
            unread.add(position)

    def target_of(position: int) -> tuple[int | None, str]:
        """The position the item's answer refers to, or None with why not."""
        number = referring[position][1]
        if number is None:
            return (position - 1, "") if position else (None, "がないため")
        matches = [other for other in range(len(items)) if other != position and number in listed[other]]
        own = [other for other in matches if items[other].topic == items[position].topic]
        chosen = own if own else matches
        if len(chosen) > 1 and len(plain := [other for other in chosen if not grouped[other]]) == 1:
            chosen = plain
        if len(chosen) == 1:
            return chosen[0], ""
        return None, "は文書にないため" if not chosen else f"が{len(chosen)}か所にあり、どれか決められないため"

    answers: dict[int, tuple[str, ...]] = {}

    def answer_of(position: int, seen: frozenset[int] = frozenset()) -> tuple[str, ...] | None:
        """The answer the item gives, a reference followed (None: it cannot be followed)."""
        if position in unread:
            return None  # a reference not followed gives no answer to another
        if position not in referring:
            return items[position].answer_paragraphs
        if position in answers:
            return answers[position]
        target, _ = target_of(position)
        if target is None or target in seen:
            return None
        found = answer_of(target, seen | {position})
        if found:
            found = answers[position] = found + own[position][1]  # the item's own notes after the answer it takes
        return found

    resolved: list[ParsedItem] = []
    notes: list[str] = []
    for position, item in enumerate(items):
        published = "\n".join(own[position][0])  # its notes, kept in the answer, are said by the reader
        if position not in referring:
            if position in unread:
                notes.append(f"No.{item.no}: 回答「{published}」はほかの項目の回答を指しているようですが、"
                             "指す項目を一つに決められないため、そのまま取り込みました。原本を確認してください。")
            resolved.append(item)
            continue
        number = referring[position][1]
        named = "前の項目" if number is None else f"No.{number}"
        target, why = target_of(position)
        answer = answer_of(position)
        if target is None or not answer:
            why = why or ("の回答もほかの項目を指していて、たどれないため" if target in unread
                          else "の回答が空か、この項目を指し返しているため")
            notes.append(f"No.{item.no}: 回答「{published}」が指す{named}{why}、そのまま取り込みました。原本を確認してください。")
            resolved.append(item)
            continue
        where = f"{named}（No.{items[target].no}）" if number is None or items[target].no != number else named
        taken = answer[:len(answer) - len(own[position][1])]
        labels = [f"{'文末脚注' if label.startswith('（文末注') else '脚注'}{label}"
                  for label in dict.fromkeys(_NOTE_LABEL.findall("".join(taken)))
                  if any(paragraph.startswith(label) for paragraph in taken)]
        carried = f"取り込んだ回答には{where}の{'、'.join(labels)}も含まれています。" if labels else ""
        notes.append(f"No.{item.no}: 回答「{published}」は{where}の回答を指すため、その回答を取り込みました"
                     f"（元の文は「{ORIGINAL_ANSWER}」として残しています）。{carried}")
        resolved.append(replace(item, answer_paragraphs=answer, extra={**item.extra, ORIGINAL_ANSWER: published}))
    return resolved, notes


def uncached_formulas(data: bytes, sheets: Collection[int] | None = None) -> list[str]:
    """Cells of an XLSX file (or of the worksheets at positions ``sheets``) that hold a formula but no saved
    value, as 「Sheet1 C3」 (row and column)."""
    from openpyxl.utils import get_column_letter

    return [f"{title} {get_column_letter(column)}{row}"
            for title, cells in uncached_formula_cells(data, sheets).values() for row, column in cells]


def uncached_formula_cells(data: bytes, sheets: Collection[int] | None = None) -> dict[int, tuple[str, dict]]:
    """Per worksheet position: its title, and ``{(row, column): formula}`` (1-based) of its cells that hold a
    formula but no saved value (a file written by a program: a citizen's 「=== 要望 ===」 stored as a formula)."""
    from openpyxl import load_workbook

    values = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    formulas = load_workbook(io.BytesIO(data), data_only=False, read_only=True)
    found: dict[int, tuple[str, dict]] = {}
    for index, (value_sheet, formula_sheet) in enumerate(zip(values.worksheets, formulas.worksheets)):
        if sheets is not None and index not in sheets:
            continue
        for value_row, formula_row in zip(value_sheet.iter_rows(), formula_sheet.iter_rows()):
            for value, formula in zip(value_row, formula_row):
                if value.value is None and isinstance(formula.value, str) and formula.value.startswith("="):
                    found.setdefault(index, (formula_sheet.title, {}))[1][(formula.row, formula.column)] = formula.value
    values.close()
    formulas.close()
    return found


_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")


def has_formulas(path: Path) -> bool:
    """Whether any worksheet of an XLSX file holds a formula: a scan of its parts, so that the two readings of
    :func:`uncached_formula_cells` are spent only on a workbook that has one."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):  # no workbook: the reader that opens it says so
        return False
    with archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with archive.open(name) as part:
                tail = b""
                while chunk := part.read(1 << 20):
                    if _FORMULA_ELEMENT.search(tail + chunk):
                        return True
                    tail = chunk[-16:]
    return False


def listed(names: list[str], unit: str) -> str:
    """The first five of ``names`` joined, and how many more (「A、B ほか 3 行」)."""
    return "、".join(names[:5]) + (f" ほか {len(names) - 5} {unit}" if len(names) > 5 else "")


# What a date format shows besides the day and month: the year (y; the Japanese era: g, e; the Buddhist year: b) or the
# time (h, s); read outside its quoted text (「m"月"d"日"」), escaped characters and [...] sections (「[$-411]」).
_FORMAT_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_FORMAT_NOT_DAY = re.compile(r"[yegbhs]")


def date_no(value: object, number_format: str | None) -> str | None:
    """The No. a staff member typed (「4-1」, sub-item 1 of comment 4) that Excel turned into a date of the current
    year, when ``value`` is such a date: its format shows the month and the day but no year (「m/d」, 「mm-dd」,
    「d-mmm」, 「m"月"d"日"」), so the year is one Excel invented; month and day in the hyphen form a No. has
    (「4/1」 typed is saved alike and reads as 「4-1」 too). None for any other value, a date showing its year
    (「yyyy/m/d」) included, and a date before 2000: Excel gives a 「4-1」 typed the year it is typed in, so such a
    date is a number (3, or 400 shown 「2/3」 of 1901) in a date format (:func:`no_of_date`).

    Example:
        >>> import datetime as dt
        >>> [date_no(dt.datetime(2026, 4, 1), form) for form in ("m/d", "d-mmm", 'm"月"d"日"', "yyyy/m/d", "mmm-yy")]
        ['4-1', '4-1', '4-1', None, None]
        >>> date_no(dt.datetime(1900, 1, 3), "m/d"), date_no(dt.datetime(1901, 2, 3), "m/d")
        (None, None)
    """
    if not isinstance(value, dt.date) or value.year < _FIRST_TYPED_YEAR or not _yearless(number_format):
        return None
    return f"{value.month}-{value.day}"


def _yearless(number_format: str | None) -> bool:
    """Whether a date format shows the month and the day but no year (「m/d」, 「d-mmm」, 「m"月"d"日"」)."""
    shown = _FORMAT_LITERAL.sub("", number_format or "").lower()
    return bool(shown) and not _FORMAT_NOT_DAY.search(shown) and "d" in shown and "m" in shown


# The ja-JP built-in date formats, which Excel in Japanese writes by their id alone (「4-1」 typed is saved as id 56,
# shown 「4月1日」); openpyxl knows no code for them and reads their dates as numbers (46113).
_JA_DATE_FORMATS = {**dict.fromkeys((27, 36, 50, 57), '[$-411]ge.m.d'),
                    **dict.fromkeys((28, 29, 51, 54, 58), '[$-411]ggge"年"m"月"d"日"'), 30: "m/d/yy",
                    31: 'yyyy"年"m"月"d"日"', **dict.fromkeys((34, 52, 55), 'yyyy"年"m"月"'),
                    **dict.fromkeys((35, 53, 56), 'm"月"d"日"')}
# Excel gives a 「4-1」 typed the year it is typed in: a date before this year is a number typed (the Nos. 1, 2, 3,
# or 367 and on, dates of 1901 and later) in a cell formatted as a date.
_FIRST_TYPED_YEAR = 2000
# Excel counts a 29 February 1900 that never was (its 60), which openpyxl reads as the 28th, as it reads 59: a No. read
# so is 59 or 60.
_LEAP_BUG = dt.date(1900, 2, 28)


def cell_date(cell) -> tuple[dt.date, str | None] | None:
    """An openpyxl cell's date and its number format (for :func:`date_no`), when the cell is a date: one openpyxl reads
    as a date, or a number in a ja-JP built-in date format (:data:`_JA_DATE_FORMATS`); else None."""
    value = cell.value
    if isinstance(value, dt.date):  # a datetime too
        try:
            return value, cell.number_format
        except (IndexError, KeyError):  # a style naming a format the workbook lacks
            return value, None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not cell.has_style:  # most numbers: no style
        return None
    style = getattr(cell, "style_array", None) if hasattr(cell, "_style_id") else getattr(cell, "_style", None)
    code = _JA_DATE_FORMATS.get(getattr(style, "numFmtId", None))
    if code is None:
        return None
    from openpyxl.utils.datetime import from_excel

    try:
        return from_excel(value, cell.parent.parent.epoch), code
    except (ValueError, OverflowError, TypeError):
        return None


def no_of_date(cell) -> tuple[str, str] | None:
    """What a No. cell Excel stores as a date (:func:`cell_date`) holds, else None: ``("typed", "4-1")``, a No. Excel
    made a date of (:func:`date_no`); ``("number", "3")``, a number in a date format (a date of 1900: the Nos. 1, 2, 3
    typed into a column formatted 「m/d」, shown 「1/3」 and read as 1900-01-03; in a format without a year, any date
    before 2000: 400 is 1901-02-03), read as the number; ``("unsure", "59")``, such a number that is 59 or 60
    (openpyxl reads both as 1900-02-28), read as 59 and said; or ``("dated", "2025/5/1")``, a date showing its year, named as Excel shows it (「2025年5月1日」 in a format with 年).
    """
    found = cell_date(cell)
    if found is None:
        return None
    date, number_format = found
    from openpyxl.utils.datetime import to_excel

    try:  # the number Excel keeps (in a workbook counting from 1904 too)
        serial = cell.value if isinstance(cell.value, (int, float)) else to_excel(date, cell.parent.parent.epoch)
    except (ValueError, OverflowError, TypeError, AttributeError):
        serial = None
    if isinstance(serial, (int, float)) and 0 <= serial and (
            date.year <= 1900 or (date.year < _FIRST_TYPED_YEAR and _yearless(number_format))):
        number = str(int(serial)) if float(serial).is_integer() else str(serial)
        if not isinstance(cell.value, (int, float)) and date.timetuple()[:3] == _LEAP_BUG.timetuple()[:3]:
            return "unsure", number  # 59 or 60: said (:func:`date_no_warnings`)
        return "number", number
    typed = date_no(date, number_format)
    if typed is not None:
        return "typed", typed
    if "年" in (number_format or ""):
        return "dated", f"{date.year}年{date.month}月{date.day}日"
    return "dated", f"{date.year}/{date.month}/{date.day}"


def date_no_warnings(typed: list[tuple[str, str]], dated: list[tuple[str, str]],
                     unsure: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The warnings for the No. column's date cells: ``typed`` the Nos. read back from dates of an invented year
    (:func:`date_no`), each as (No., place); ``dated`` the dates showing a year, kept as read, each as (the date as
    Excel shows it, place); ``unsure`` the places of numbers read as 59 that may be 60 (:func:`no_of_date`). One
    warning for each kind, naming the places (the first five).

    Example:
        >>> date_no_warnings([], [], ["5行目"])[0]
        'No. の列の日付の書式のセル（5行目）は、59 か 60 かを読み分けられないため（Excel が数える1900年2月29日は実在しない日です）、No.59 として読みました。原本の No. を確認してください。'
    """
    notes = []
    if unsure:
        notes.append(f"No. の列の日付の書式のセル（{listed(list(unsure), '個')}）は、59 か 60 かを読み分けられないため"
                     "（Excel が数える1900年2月29日は実在しない日です）、No.59 として読みました。原本の No. を確認してください。")
    if typed:
        notes.append("No. の列に、日付として保存されたセルがあります（Excel が「4-1」などの番号を日付に変えたもの）。"
                     f"{listed([f'No.{no}（{place}）' for no, place in typed], '個')}として読みました。"
                     "原本の No. と合っているか確認してください。")
    if dated:
        notes.append(f"No. の列に、年の入った日付のセルがあります（{listed([f'「{no}」（{place}）' for no, place in dated], '個')}）。"
                     "番号ではありませんが、読んだまま No. としました。原本を確認してください。")
    return notes


def formula_warning(cells: list[str]) -> str:
    """The warning for formula cells without a saved value."""
    return (f"数式のセル {len(cells)} 個（{listed(cells, '個')}）に計算結果が保存されていないため、空として読みました。"
            "Excel で開いて保存し直してから取り込むと、計算結果を読み取れます。")


_UNHIDE = "必要なら Excel で再表示してから取り込んでください。"


def hidden_sheet_warning(title: str) -> str:
    """The warning for a sheet Excel hides, which is not read."""
    return f"非表示のシート「{title}」は読みませんでした。{_UNHIDE}"


def no_shown_sheet_warning(title: str) -> str:
    """The warning for a workbook whose every sheet is hidden (saved so by a program, not by Excel): its first
    sheet is read."""
    return f"表示されているシートがないため、非表示のシート「{title}」を読みました。"


def headerless_sheet_warning(title: str) -> str:
    """The warning for a shown sheet without the comment and answer header, which is not read."""
    return f"シート「{title}」には、ご意見と回答の見出し行がないため読みませんでした。"


def hidden_rows_warning(rows: list[str], where: str = "") -> str:
    """The warning for rows Excel hides (「5行目」, 「結果 5行目」), which are left out."""
    return f"{where}非表示の行 {len(rows)} 行（{listed(rows, '行')}）は読みませんでした。{_UNHIDE}"
