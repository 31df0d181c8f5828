"""Text clean-up shared by every reader: display text, matching form and Japanese era dates.

Example:
    >>> normalize("ＣＳＰ　や デジタル 庁")
    'CSPやデジタル庁'
    >>> wareki_to_iso("令和7年11月12日")
    '2025-11-12'
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
import re
import unicodedata
from datetime import date

_WS = r"[ \t\r\n\u3000\u00a0]"
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_WS_RUN = re.compile(f"{_WS}+")

ERAS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
_ERA_DATE = re.compile(
    r"(?P<era>明治|大正|昭和|平成|令和)\s*(?P<y>\d+|元)\s*年\s*(?P<m>\d+)\s*月\s*(?P<d>\d+)\s*日"
)
_WESTERN_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*[年/\-.]\s*(?P<m>\d{1,2})\s*[月/\-.]\s*(?P<d>\d{1,2})\s*日?")
_MONTH_DAY = re.compile(r"(?P<m>\d+)\s*月\s*(?P<d>\d+)\s*日")
_SAME_YEAR = re.compile(r"同\s*年\s*")
_SAME_MONTH = re.compile(r"(?:同\s*年\s*)?同\s*月\s*(?P<d>\d+)\s*日")
_SAME_DAY = re.compile(r"同\s*日")
# 「令和8年1月5日～30日」: the start's year and month, the next month's when the day is before the start's (「12月25日～5日」);
# 「から30日間」, 「から14日以内」 are lengths, no end.
_DAY_ONLY = re.compile(r"(?P<d>\d{1,2})\s*日(?!\s*(?:間|以内|以上|後|前|目|程度|ほど))")
_RANGE_SEP = re.compile(r"\s*(?:（[^）]*）|\([^)]*\))?\s*(?:[～〜~\-－―ー]|から|より)\s*")


def _drop_layout_spaces(text: str) -> str:
    """Remove whitespace runs unless both neighbours are ASCII letters or digits."""

    def keep(match: re.Match[str]) -> str:
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if _ASCII_WORD.match(before) and _ASCII_WORD.match(after):
            return " "
        return ""

    return _WS_RUN.sub(keep, text)


# NUL and the other control characters (line breaks and tabs excepted), invisible format characters
# that can hide or reorder text (the soft hyphen, zero-width, bidirectional overrides, BOM), and what no XML file may hold
# (noncharacters such as U+FFFE/U+FFFF, lone surrogates), which Word and Excel exports refuse. The zero-width
# joiner stays after an emoji, where it joins a family or a flag into one picture (👨‍👩‍👧).
_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]"
    "|(?<![\u2600-\u27bf\ufe0f\U0001f000-\U0001faff])\u200d")


# The line breaks other than LF that Office and PDF text carries: CRLF and CR, Word's manual line break (Shift+Enter,
# U+000B in text pasted or copied from Word), a PDF's page break (the form feed U+000C), NEL (U+0085) and Unicode's
# line and paragraph separators (U+2028, U+2029). In a text of several lines (a comment, an answer, a search) each is
# a line break: dropped, 「氏名：山田太郎\v住所：…」 was one line and its name no header line's value. One followed by
# CRLF or LF (Shift+Enter before a paragraph mark, 「\f\n」 from pdftotext) is one line break, not a blank line; a page
# break inside a word (「増や\fして」) is a line break all the same, as a line wrapped by hand is.
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029](?:\r\n?|\n)?")


def count_controls(text: str, lines: bool = False) -> int:
    """How many characters :func:`strip_controls` removes (line breaks it makes, from CR and with ``lines`` the
    others of :data:`_LINE_BREAKS`, not counted)."""
    return len(_CONTROLS.findall(_LINE_BREAKS.sub("\n", text) if lines else text.replace("\r", "")))


def strip_controls(text: str, lines: bool = False) -> str:
    r"""Remove NUL and other control characters; CRLF and CR become a line break. With ``lines`` (a text of several
    lines: a comment, an answer, a search) Word's manual line break U+000B, the form feed U+000C, NEL U+0085 and
    U+2028 and U+2029 become one too; without (a title, a No., a name) the first three are removed and the separators
    kept as they were (a name's stored form stays).

    Example:
        >>> strip_controls("除雪\x00を\u202e増やして\r\n次\u200bへ")
        '除雪を増やして\n次へ'
        >>> strip_controls("氏名：山田太郎\x0b住所：北区\x0c除雪", lines=True), strip_controls("除雪計画\x0b（案）")
        ('氏名：山田太郎\n住所：北区\n除雪', '除雪計画（案）')
    """
    if lines:
        return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# A No. that stands for several comments, as published tables write it: the numbers listed with 「・」, 「、」 or 「,」
# (「，」 in NFKC: 「1・2」, 「1、2」, 「4,5」), or a range (「3～5」; 「〜」 and 「~」, NFKC of 「～」, too). Shared by the readers
# (counting the comments a row stands for) and the drafts (which comments a saved No. answers).
NO_LIST_MARKS = "・、,"
NO_RANGE_MARKS = "～〜~"
NO_RANGE = re.compile(rf"(\d+)[{NO_RANGE_MARKS}](\d+)")
_NO_LIST_SPLIT = re.compile(f"[{NO_LIST_MARKS.replace('・', '')}]")

# The look-alikes of the hyphen of a sub-numbered No. (「6-1」) that NFKC leaves as they are: the hyphen U+2010 (and
# U+2011, NFKC of which it is), the figure dash, the en and em dashes, the horizontal bar 「―」, the minus sign 「−」 and
# the small em dash; 「－」 and 「﹣」 are 「-」 in NFKC. The long vowel mark 「ー」 (「ｰ」 in NFKC) too, between a digit,
# a letter or a kanji and a digit (「6ー1」, 「総ー1」), not after kana (「コード1」 has a word in it).
NO_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58"
_NO_DASH = re.compile(f"[{NO_DASHES}]|(?<=[^\u3041-\u30ff\uff66-\uff9f])\u30fc(?=[0-9])")
# A number of four or more digits written with thousands separators (「1,000」, 「12,000,000」), not a list of numbers
# (「1,2」); see no_thousands.
_NO_GROUPED = re.compile(r"(?<![0-9,])[1-9][0-9]{0,2}(?:,[0-9]{3})+(?![0-9]|,[0-9])")


# Roman numerals (U+2160-U+2188 but the reversed C U+2183/U+2184, a letter: 「Ⅳ」, 「Ⅻ」, 「ⅹ」), which a No. keeps: NFKC
# makes 「Ⅳ」 the letters 「IV」, shown so and ordered as a word. A range's mark as a No. writes it (「3～5」, as published
# tables do; NFKC makes 「～」 ASCII 「~」).
_ROMAN_RUN = re.compile("([\u2160-\u2182\u2185-\u2188]+)")
NO_RANGE_MARK = "～"
_NO_RANGE_MARKS = str.maketrans(dict.fromkeys(NO_RANGE_MARKS, NO_RANGE_MARK))
# 「1.」 and 「1、」: a number's stop, as Word's automatic numbering writes a No. (「1.5」 and 「No.3」 keep theirs)
_NO_STOP = re.compile(r"(?<=\d)[.、]$")


def no_form(text: str) -> str:
    """A No. as the drafts and the Word, Excel, HTML and PDF tables keep it: NFKC (「１」 is 「1」, 「－」 is 「-」) but
    for its Roman numerals (「Ⅳ」, not the letters 「IV」), a range's mark as 「～」 (「3~5」 and 「3〜5」 are 「3～5」).

    Example:
        >>> [no_form(no) for no in ["３～５", "3~5", "Ⅳ－１", "ⅩⅢ", "ＮＯ．１２", "1．"]]
        ['3～5', '3～5', 'Ⅳ-1', 'ⅩⅢ', 'NO.12', '1.']
    """
    return "".join(piece if _ROMAN_RUN.fullmatch(piece) else unicodedata.normalize("NFKC", piece)
                   for piece in _ROMAN_RUN.split(text)).translate(_NO_RANGE_MARKS)


def no_without_stop(no: str) -> str:
    """A No. (in :func:`no_form`) without the 「.」 or 「、」 after its last number: 「1.」 and 「1、」 are No. 1, as Word's
    automatic numbering writes it; 「1.5」 and 「3～5.」 keep what they name.

    Example:
        >>> [no_without_stop(no) for no in ["1.", "1、", "12.", "3～5.", "1.5", "Ⅳ.", "(3)."]]
        ['1', '1', '12', '3～5', '1.5', 'Ⅳ.', '(3).']
    """
    return _NO_STOP.sub("", no)


def no_dashes(no: str) -> str:
    """A No. (in NFKC) with each look-alike of its hyphen (:data:`NO_DASHES`, 「ー」 after a digit, a letter or a
    kanji and before a digit) as ASCII 「-」: 「6‐1」, 「6−1」, 「6ー1」 and 「6–1」 are the No. 「6-1」.

    Example:
        >>> [no_dashes(no) for no in ["6\u20101", "6\u22121", "6ー1", "総ー1", "Ⅳ\u20151", "コード1", "6-1"]]
        ['6-1', '6-1', '6-1', '総-1', 'Ⅳ-1', 'コード1', '6-1']
    """
    return _NO_DASH.sub("-", no)


def _grouped(match: re.Match[str]) -> str:
    groups = match[0].split(",")
    numbers = [int(group) for group in groups]
    if any(group.startswith("0") for group in groups[1:]) or any(b <= a for a, b in zip(numbers, numbers[1:])):
        return "".join(groups)
    return match[0]


def no_thousands(no: str) -> str:
    """A No. (in NFKC) with the thousands separators of a number taken out (「1,000」 is No. 1000), its numbers listed
    with 「,」 kept (「1,2」 lists 1 and 2). Digits after a comma are a number's thousands only when they cannot be a
    list's next number: a number of one to three digits (no leading 0) followed by groups of exactly three digits, one
    of which starts with 0 (「1,000」, 「2,050」) or is no more than the number before it (「5,100,200」 is no list:
    lists go up). 「1,234」 and 「100,200」 list two numbers, as a table numbering its comments writes them; a
    「…ほか1,522件」 stays as written.

    Example:
        >>> [no_thousands(no) for no in ["1,000", "12,050", "3,200,100", "1,2", "1,234", "01,000", "1,0000", "12ほか1,022件"]]
        ['1000', '12050', '3200100', '1,2', '1,234', '01,000', '1,0000', '12ほか1,022件']
    """
    head, mark, tail = no.partition("ほか")
    return _NO_GROUPED.sub(_grouped, head) + mark + tail


def no_list_parts(no: str) -> list[str]:
    """The parts of a No. (in NFKC, without spaces) between the marks of a list (:data:`NO_LIST_MARKS`), 「ほか…件」 left
    out and a number's thousands separators not taken for one (:func:`no_thousands`): what the drafts and the readers
    take for the comments a No. stands for.

    Example:
        >>> [no_list_parts(no) for no in ["1・2", "1、2", "1,2", "1,000", "2-1・3", "12ほか1,522件", "4"]]
        [['1', '2'], ['1', '2'], ['1', '2'], ['1000'], ['2-1', '3'], ['12'], ['4']]
    """
    return [part for piece in no.split("・") for part in _NO_LIST_SPLIT.split(no_thousands(piece.split("ほか", 1)[0]))
            if part]


MAX_DIGITS = 18  # digits a number of a No. or a count is read with (no table numbers 10**18 comments)
NO_MORE_THAN = 10 ** MAX_DIGITS  # what a longer run of digits is read as: more than any such number


def number_value(digits: str) -> int:
    """The value of a run of ASCII digits from a document or a form, a run longer than :data:`MAX_DIGITS` (leading
    zeros aside) read as :data:`NO_MORE_THAN`: a cell of 5,000 digits under 「No.」 had stopped the reading of the whole
    file (Python converts at most 4,300 digits to an int), and no comment number or count is that long.

    Example:
        >>> number_value("0042"), number_value("9" * 18), number_value("1" * 5000) == NO_MORE_THAN
        (42, 999999999999999999, True)
    """
    significant = digits.lstrip("0")
    return NO_MORE_THAN if len(significant) > MAX_DIGITS else int(significant or "0")


MAX_RANGE = 10_000  # comment numbers a No.'s range may list (「1～99999」 is refused: no set that large is built)


def no_range(part: str) -> tuple[int, int, int] | None:
    """A range's first and last number and how wide its numbers are written (「08～10」 2, else 0), or None when
    ``part`` (a part of a No. in NFKC, :func:`no_list_parts`) is none (「5～3」 neither; 「6-1」 is a sub-number)."""
    match = NO_RANGE.fullmatch(part)
    if not match or number_value(match[1]) > number_value(match[2]):
        return None
    return number_value(match[1]), number_value(match[2]), len(match[1]) if match[1].startswith("0") else 0


def no_range_numbers(part: str) -> list[str]:
    """The comment numbers a part of a No. (:func:`no_list_parts`) stands for: a range's (「3～5」: 3, 4, 5), else the
    part as it is (a range wider than :data:`MAX_RANGE` too). Shared by the drafts (which comments a saved No. answers)
    and the readers (the rows a reference to a No. may name).

    Example:
        >>> [no_range_numbers(part) for part in ["3~5", "3〜5", "08~10", "5~3", "6-1", "4"]]
        [['3', '4', '5'], ['3', '4', '5'], ['08', '09', '10'], ['5~3'], ['6-1'], ['4']]
    """
    found = no_range(part)
    if found is None or found[1] - found[0] >= MAX_RANGE:
        return [part]
    first, last, width = found
    return [f"{number:0{width}d}" for number in range(first, last + 1)]


# CJK radicals (⾷ U+2FB7 for 食, ⾒ U+2F92 for 見, ⺠ U+2EA0 for 民, ⻑ U+2ED1 for 長): PDFs printed by Chrome or Word
# map a font's glyph to the radical's code point, so the text read back holds a look-alike that neither search nor the
# eye tells apart. The Kangxi radicals (U+2F00-U+2FD5) all have their ideograph as NFKC form; of the CJK Radicals
# Supplement (U+2E80-U+2EFF) NFKC maps only two, so the others come from Unicode's EquivalentUnifiedIdeograph.txt
# (U+2E81-U+2EF3, 114 lines; U+2E80 and U+2E9A have no equivalent and stay).
_RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")
_SUPPLEMENT = {
    0x2E81: 0x5382, 0x2E82: 0x4E5B, 0x2E83: 0x4E5A, 0x2E84: 0x4E59, 0x2E85: 0x4EBB, 0x2E86: 0x5182, 0x2E87: 0x20628,
    0x2E88: 0x5200, 0x2E89: 0x5202, 0x2E8A: 0x535C, 0x2E8B: 0x353E, 0x2E8C: 0x5C0F, 0x2E8D: 0x5C0F, 0x2E8E: 0x5140,
    0x2E8F: 0x5C23, 0x2E90: 0x5C22, 0x2E91: 0x21BC2, 0x2E92: 0x5DF3, 0x2E93: 0x5E7A, 0x2E94: 0x5F51, 0x2E95: 0x5F50,
    0x2E96: 0x5FC4, 0x2E97: 0x5FC3, 0x2E98: 0x624C, 0x2E99: 0x6535, 0x2E9B: 0x65E1, 0x2E9C: 0x65E5, 0x2E9D: 0x6708,
    0x2E9E: 0x6B7A, 0x2E9F: 0x6BCD, 0x2EA0: 0x6C11, 0x2EA1: 0x6C35, 0x2EA2: 0x6C3A, 0x2EA3: 0x706C, 0x2EA4: 0x722B,
    0x2EA5: 0x722B, 0x2EA6: 0x4E2C, 0x2EA7: 0x725B, 0x2EA8: 0x72AD, 0x2EA9: 0x738B, 0x2EAA: 0x24D14, 0x2EAB: 0x76EE,
    0x2EAC: 0x793A, 0x2EAD: 0x793B, 0x2EAE: 0x25AD7, 0x2EAF: 0x7CF9, 0x2EB0: 0x7E9F, 0x2EB1: 0x7F53, 0x2EB2: 0x7F52,
    0x2EB3: 0x34C1, 0x2EB4: 0x5197, 0x2EB5: 0x2626B, 0x2EB6: 0x7F8A, 0x2EB7: 0x2634C, 0x2EB8: 0x2634B,
    0x2EB9: 0x8002, 0x2EBA: 0x8080, 0x2EBB: 0x807F, 0x2EBC: 0x8089, 0x2EBD: 0x26951, 0x2EBE: 0x8279, 0x2EBF: 0x8279,
    0x2EC0: 0x8279, 0x2EC1: 0x864E, 0x2EC2: 0x8864, 0x2EC3: 0x8980, 0x2EC4: 0x897F, 0x2EC5: 0x89C1, 0x2EC6: 0x89D2,
    0x2EC7: 0x278B2, 0x2EC8: 0x8BA0, 0x2EC9: 0x8D1D, 0x2ECA: 0x27FB7, 0x2ECB: 0x8F66, 0x2ECC: 0x8FB6, 0x2ECD: 0x8FB6,
    0x2ECE: 0x8FB6, 0x2ECF: 0x9091, 0x2ED0: 0x9485, 0x2ED1: 0x9577, 0x2ED2: 0x9578, 0x2ED3: 0x957F, 0x2ED4: 0x95E8,
    0x2ED5: 0x28E0F, 0x2ED6: 0x961D, 0x2ED7: 0x96E8, 0x2ED8: 0x9752, 0x2ED9: 0x97E6, 0x2EDA: 0x9875, 0x2EDB: 0x98CE,
    0x2EDC: 0x98DE, 0x2EDD: 0x98DF, 0x2EDE: 0x2967F, 0x2EDF: 0x98E0, 0x2EE0: 0x9963, 0x2EE1: 0x29810, 0x2EE2: 0x9A6C,
    0x2EE3: 0x9AA8, 0x2EE4: 0x9B3C, 0x2EE5: 0x9C7C, 0x2EE6: 0x9E1F, 0x2EE7: 0x5364, 0x2EE8: 0x9EA6, 0x2EE9: 0x9EC4,
    0x2EEA: 0x9EFE, 0x2EEB: 0x6589, 0x2EEC: 0x9F50, 0x2EED: 0x6B6F, 0x2EEE: 0x9F7F, 0x2EEF: 0x7ADC, 0x2EF0: 0x9F99,
    0x2EF1: 0x9F9C, 0x2EF2: 0x4E80, 0x2EF3: 0x9F9F,
}


def _ideograph(radical: str) -> str:
    code = _SUPPLEMENT.get(ord(radical))
    return chr(code) if code else unicodedata.normalize("NFKC", radical)


def plain_ideographs(text: str) -> str:
    """The text with each CJK radical (U+2E80-U+2EFF, U+2F00-U+2FDF) that has an equivalent ordinary ideograph
    (its NFKC form, or Unicode's Equivalent_Unified_Ideograph) replaced by it, one character for one; every other
    character stays as it is.

    Example:
        >>> plain_ideographs("第2次⾷育推進計画に対する意⾒（⺟子）、市⺠と市⻑、⻄口")
        '第2次食育推進計画に対する意見（母子）、市民と市長、西口'
    """
    return _RADICALS.sub(lambda match: _ideograph(match.group()), text)


# Bullets of Word's lists in the Symbol and Wingdings fonts, which a PDF's text (and Word's own web page) gives as the
# font's private-use code (U+F0B7 Symbol's •, U+F06C Wingdings' ●, U+F0A7 ▪, U+F06E ■, U+F0D8 ➢, U+F076 ❖, U+F0FC ✓),
# and the 「‧」 (U+2027) that Chrome writes for 「・」 in a PDF it prints with Noto CJK: read as the 「・」 a reader sees.
SYMBOL_BULLETS = "\uf0b7\uf06c\uf0a7\uf06e\uf0d8\uf076\uf0fc\u2027"
_SYMBOL_BULLET = str.maketrans(dict.fromkeys(SYMBOL_BULLETS, "・"))


def plain_bullets(text: str) -> str:
    """The text with the private-use bullets of Word's Symbol and Wingdings lists as 「・」.

    Example:
        >>> plain_bullets("\uf0b7病児保育の拡充")
        '・病児保育の拡充'
    """
    return text.translate(_SYMBOL_BULLET)


def tidy(text: str) -> str:
    """Clean layout from published text while keeping its characters as published.

    Whitespace runs collapse the way a browser shows them; spaces between Japanese characters (page
    breaks, PDF extraction) are removed; the text keeps its full-width characters.
    """
    return _drop_layout_spaces(text.strip())


def as_typed(text: str) -> str:
    r"""A cell as a person typed it (a citizen's comment in a staff list): line ends unified and spaces at the
    ends of lines and of the text removed, nothing else; :func:`tidy` is for published layout, whose line
    breaks and spaces between words are the page's, not the writer's.

    Example:
        >>> as_typed(" 一点目、遊具を増やして。\r\n二点目、more trees. Please. ")
        '一点目、遊具を増やして。\n二点目、more trees. Please.'
    """
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()


def typed_paragraphs(text: str) -> list[str]:
    r"""A cell's paragraphs as typed: what a spreadsheet or a Word table cell holds, whose spaces, tabs and line
    breaks the writer typed (:func:`tidy` is for the PDF and web pages, whose spaces and wrapped lines are layout).
    Each line (:meth:`str.splitlines`) is a paragraph, its ends trimmed; blank lines are left out, as in every reader.

    Example:
        >>> typed_paragraphs("問合せ：中央図書館　電話011-512-7320\r\n\n- 幹線道路\t（優先）\n  二点目、more trees. Please. ")
        ['問合せ：中央図書館\u3000電話011-512-7320', '- 幹線道路\t（優先）', '二点目、more trees. Please.']
    """
    return [line.strip() for line in text.splitlines() if line.strip()]


def squash(text: str) -> str:
    """NFKC with every whitespace removed: what two copies of one text share however they were typed or
    laid out (a comment and its campaign-letter copy, an item read from Word and from its PDF, a gold phrase).

    Example:
        >>> squash("除雪を　増やして ｜ＡＢＣ") == squash("除雪を増やして|ABC")
        True
    """
    return "".join(unicodedata.normalize("NFKC", text).split())


# What typing in the other width changes in a name: full-width letters and digits, half-width katakana and its
# punctuation (｡｢｣､･). Brackets and other punctuation stay as typed: 「除雪（北区）」 is no 「除雪(北区)」 in a heading.
_OTHER_WIDTH = re.compile(r"[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF61-\uFF9F]+")


def canonical_name(text: str) -> str:
    """A consultation's name (意見募集の名前) as it is stored and looked up: half-width katakana full-width and
    full-width letters and digits half-width (NFKC of those alone: brackets and other punctuation stay as typed),
    the characters :func:`strip_controls` removes left out, every whitespace run (the ideographic space U+3000
    included) one ASCII space, none at the ends. Unlike :func:`normalize`, a space between Japanese words stays (it
    may be all that tells two names apart).

    Example:
        >>> canonical_name(" ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ　２０２６ ") == canonical_name("パブリックコメント 2026")
        True
        >>> canonical_name("パブリックコメント　２０２６（北区）")
        'パブリックコメント 2026（北区）'
    """
    folded = _OTHER_WIDTH.sub(lambda match: unicodedata.normalize("NFKC", match.group(0)), strip_controls(text))
    return " ".join(folded.split())


def normalize(text: str) -> str:
    """Return the matching form: NFKC, layout whitespace removed, wrapped lines joined."""
    return _drop_layout_spaces(unicodedata.normalize("NFKC", text).strip())


def _era_year(era: str, year: str) -> int:
    return ERAS[era] + (1 if year == "元" else int(year))


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def wareki_to_iso(text: str) -> str | None:
    """Convert the first date in ``text`` (和暦 or western) to ISO ``YYYY-MM-DD``.

    Returns:
        The ISO date, or None when the text holds no valid date.
    """
    text = unicodedata.normalize("NFKC", text)
    match = _ERA_DATE.search(text)
    if match:
        return _iso(_era_year(match["era"], match["y"]), int(match["m"]), int(match["d"]))
    match = _WESTERN_DATE.search(text)
    if match:
        return _iso(int(match["y"]), int(match["m"]), int(match["d"]))
    return None


def parse_period(text: str) -> tuple[str | None, str | None]:
    """Find the first date range, as :func:`stated_period` reads it: ``(start, end)`` as ISO dates, the same
    start and end for a single date, ``(None, None)`` when no date is found."""
    start, end, _ = stated_period(text)
    return start, end


def stated_period(text: str) -> tuple[str | None, str | None, bool]:
    """The first date range such as 「令和7年11月12日（水）～令和7年12月11日（木）」.

    The end may omit the era and year (「令和2年6月15日～7月14日」), also the month (「令和8年1月5日～30日」), or say
    「同年」/「同月」 (「令和7年5月20日（火）から同年6月18日（水）までの間」), and the range may be written out
    (「令和6年6月3日（月曜日）から令和6年7月2日（火曜日）まで」), or be the same day (「同日」).

    Returns:
        ``(start, end, end_stated)``: ISO dates (``(None, None, False)`` when no date is found); without an end in
        the text (a single date, 「令和8年2月4日まで」, 「から30日間」) the end is the start and ``end_stated`` False.
    """
    text = unicodedata.normalize("NFKC", text)
    found = [match for match in (_ERA_DATE.search(text), _WESTERN_DATE.search(text)) if match]
    # the first date in the text whichever way it is written (「2024年4月1日～令和6年5月1日」), an era date on a tie
    start = min(found, key=lambda match: match.start()) if found else None
    if not start:
        return None, None, False
    start_iso = wareki_to_iso(start.group(0))
    rest = text[start.end():]
    sep = _RANGE_SEP.match(rest)
    if not sep:
        return start_iso, start_iso, False
    rest = rest[sep.end():]
    full = _ERA_DATE.match(rest) or _WESTERN_DATE.match(rest)
    if full:
        return start_iso, wareki_to_iso(full.group(0)), True
    same = _SAME_MONTH.match(rest)  # 「令和7年1月6日から同月31日まで」: the start's year and month
    if same and start_iso:
        return start_iso, _iso(int(start_iso[:4]), int(start_iso[5:7]), int(same["d"])) or start_iso, True
    if _SAME_DAY.match(rest):  # 「令和8年1月5日から同日まで」: one day, said so
        return start_iso, start_iso, True
    same = _SAME_YEAR.match(rest)  # 「…から同年2月5日まで」, as ministries write it: the start's year
    if same and start_iso:
        short = _MONTH_DAY.match(rest[same.end():])
        if short:
            return start_iso, _iso(int(start_iso[:4]), int(short["m"]), int(short["d"])) or start_iso, True
    short = _MONTH_DAY.match(rest)
    if short and start_iso:
        year = int(start_iso[:4])
        end_iso = _iso(year, int(short["m"]), int(short["d"]))
        if end_iso and end_iso < start_iso:  # the range crosses new year
            end_iso = _iso(year + 1, int(short["m"]), int(short["d"]))
        return start_iso, end_iso, True
    day = _DAY_ONLY.match(rest)
    if day and start_iso:
        year, month = int(start_iso[:4]), int(start_iso[5:7])
        if int(day["d"]) < int(start_iso[8:]):
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        end_iso = _iso(year, month, int(day["d"]))
        if end_iso:
            return start_iso, end_iso, True
    return start_iso, start_iso, False


@functools.lru_cache(maxsize=4096)  # a card lists every use of its answer: the same few dates again and again
def iso_to_wareki(iso: str | None) -> str:
    """Format an ISO date as 和暦 (「令和7年11月12日」); an empty string for None."""
    if not iso:
        return ""
    year, month, day = (int(part) for part in iso.split("-"))
    for era, offset in sorted(ERAS.items(), key=lambda item: -item[1]):
        era_year = year - offset
        if era_year >= 1 and (era != "令和" or (year, month) >= (2019, 5)):
            shown = "元" if era_year == 1 else str(era_year)
            return f"{era}{shown}年{month}月{day}日"
    return f"{year}年{month}月{day}日"


def format_period(start: str | None, end: str | None) -> str:
    """Show an ISO period in 和暦: 「令和7年11月12日～令和7年12月11日」, or one date when start == end."""
    if not start:
        return ""
    if not end or end == start:
        return iso_to_wareki(start)
    return f"{iso_to_wareki(start)}～{iso_to_wareki(end)}"


class _Widths(dict):
    """Each character's width, looked up once (exporting 5,000 long rows measured 12 million characters)."""

    def __missing__(self, char: str) -> int:
        width = self[char] = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        return width


_WIDTHS = _Widths()


def char_widths(text: str) -> Iterator[int]:
    """Each character's columns (a full-width character two), in order."""
    return map(_WIDTHS.__getitem__, text)


def display_width(text: str) -> int:
    """Columns the text takes in a monospaced terminal or an Excel cell: a full-width character counts two."""
    return sum(char_widths(text))


_KANJI_DIGITS = {character: value for value, character in enumerate("〇一二三四五六七八九")}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_NO_PARTS = re.compile(r"\d+|[A-Za-z]+|[々〇一-鿿ぁ-んァ-ヶー]+|[^\dA-Za-z々〇一-鿿ぁ-んァ-ヶー]+")
# Kanji numerals that are a number: at the end of a word (「二十一」, 「問三」, 「別紙二」, 「その一」) or before a counter
# (「第十章」, 「第一節」, 「一の1」); not inside a word (「一般」, 「千葉」, 「三重」, 「二次」).
_KANJI_NUMBER = re.compile(r"[〇一二三四五六七八九十百千]+(?=[章節項号部条編款回の]|$)")


# 「1ー2」: the long-vowel mark typed for a hyphen between digits (it is a kana letter, so it would be a word)
_LONG_MARK_DASH = re.compile(r"(?<=\d)ー(?=\d)")


def _kanji_number(text: str) -> int:
    """「二十三」 23, 「百五」 105, 「二〇二六」 2026."""
    total = current = 0
    for character in text:
        if character in _KANJI_UNITS:
            total += (current or 1) * _KANJI_UNITS[character]
            current = 0
        else:
            current = current * 10 + _KANJI_DIGITS[character]
    return total + current


def roman_value(numeral: str) -> int:
    """The value of a run of Roman numeral characters (:data:`_ROMAN_RUN`), read as one number: Unicode has single
    characters up to 「Ⅻ」, so 13 is typed 「ⅩⅢ」 (Ⅹ and Ⅲ), 14 「ⅩⅣ」, 20 「ⅩⅩ」. A character worth less than the one after
    it is subtracted (「ⅠⅤ」 4, 「ⅩⅬ」 40), as Roman numerals are read; the others are added.

    Example:
        >>> [roman_value(numeral) for numeral in ["Ⅳ", "Ⅻ", "ⅩⅢ", "ⅩⅣ", "ⅩⅨ", "ⅩⅩ", "ⅠⅤ", "ⅩⅬ", "ⅹⅲ"]]
        [4, 12, 13, 14, 19, 20, 4, 40, 13]
    """
    values = [int(unicodedata.numeric(character, 0)) for character in numeral]
    return sum(-value if value < after else value for value, after in zip(values, [*values[1:], 0]))


def _numerals_as_digits(text: str) -> str:
    """❶, ➀ and Ⅳ (numbers NFKC keeps or turns into letters) as the digits of their value, a run of Roman numerals as
    one number (「ⅩⅢ」 13: :func:`roman_value`). Letters typed as letters stay words: 「I-1」, 「V-1」 and 「X-1」 go with
    「A-1」 and 「B-1」. Spaced, so that 「1①」 is 1, 1 and not 11."""
    text = _ROMAN_RUN.sub(lambda match: f" {roman_value(match[0])} ", text)
    return "".join(f" {int(unicodedata.numeric(character))} " if unicodedata.category(character) in ("No", "Nl")
                   and character != "〇" and float(unicodedata.numeric(character, 0.5)).is_integer() else character
                   for character in text)  # 〇 (Nl) is a kanji digit: 「二〇二六」


def _no_parts(number: str) -> Iterator[int | str]:
    """A No.'s numbers (as ints) and words, brackets and separators left out."""
    folded = _LONG_MARK_DASH.sub("-", unicodedata.normalize("NFKC", _numerals_as_digits(number)))
    for part in _NO_PARTS.findall(folded):
        if part.isdecimal():
            yield number_value(part)
        elif all(unicodedata.category(character)[0] in "PSZ" for character in part):
            continue
        else:
            last = 0
            for match in _KANJI_NUMBER.finditer(part):
                if match.start() > last:
                    yield part[last:match.start()]
                yield _kanji_number(match.group())
                last = match.end()
            if last < len(part):
                yield part[last:]


def natural_key(number: str, first_seen: dict[str, int] | None = None) -> tuple:
    """A No. as people order it: 「3」 before 「30」 before 「131」, 「2-3」 before 「2-10」, 「Ⅱ-3」 by its parts;
    full-width and circled digits (❶), Roman numerals (Ⅳ; 「ⅩⅢ」 13, :func:`roman_value`) and kanji numbers (「二十三」, 「第十章」) read as numbers,
    brackets and separators passed over, and a No. without a number after every numbered one. Words (「総-1」,
    「環-1」, 「A-1」, 「一般-1」) in the order of ``first_seen`` (the order in which they first came, where the caller
    knows it), else in character order.

    Example:
        >>> sorted(["Ⅸ-1", "Ⅴ-2", "Ⅴ-1"], key=natural_key), sorted(["十一", "二", "一", "第十章", "第二章"], key=natural_key)
        (['Ⅴ-1', 'Ⅴ-2', 'Ⅸ-1'], ['一', '二', '十一', '第二章', '第十章'])
        >>> sorted(["❿", "❷", "(10)", "(9)"], key=natural_key), natural_key("二〇二六")
        (['❷', '(9)', '❿', '(10)'], ((0, 2026, ''),))
        >>> sorted(["総-2", "一般-1", "総-1"], key=lambda no: natural_key(no, {"総": 0, "一般": 1}))
        ['総-1', '総-2', '一般-1']
        >>> sorted(["1-10", "1ー2", "1②", "1①"], key=natural_key)
        ['1①', '1ー2', '1②', '1-10']
        >>> sorted(["ⅩⅢ-1", "Ⅻ-1", "Ⅺ-1", "Ⅹ-1", "ⅩⅣ-1", "Ⅸ-1"], key=natural_key)
        ['Ⅸ-1', 'Ⅹ-1', 'Ⅺ-1', 'Ⅻ-1', 'ⅩⅢ-1', 'ⅩⅣ-1']
    """
    return tuple((0, part, "") if isinstance(part, int)
                 else (1, 0 if first_seen is None else first_seen.get(part, len(first_seen)), part)
                 for part in _no_parts(number))
