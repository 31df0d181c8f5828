"""Turn a published table cell (plain text or HTML fragments) into paragraphs."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from assistant.textnorm import tidy

_BLOCK_TAGS = {"p", "li", "ul", "ol", "div", "br", "tr", "td", "th", "table", "h1", "h2", "h3", "h4"}
_BULLETS = ("・", "●", "○", "■", "□", "◆", "◇", "-", "－", "※", "①", "②", "③", "④", "⑤")
# A cell is an HTML fragment when it holds a block tag (「<p>」, 「<br>」) or an inline tag with its closing tag
# (「<b>…</b>」); a citizen's 「a<b>c」 or 「x<y かつ y>z」 is text.
_BLOCK_MARKUP = re.compile(r"<\s*/?\s*(?:p|li|ul|ol|div|br)\b[^>]*>", re.IGNORECASE)
_INLINE_MARKUP = re.compile(r"<\s*(span|b|strong|em|i|u|a|font|sup|sub)\b[^>]*>.*?<\s*/\s*\1\s*>", re.IGNORECASE | re.DOTALL)
# Inside a text cell's fragment, a 「<」 that begins no tag is the writer's text and stays (「x<y の場合。<br>」,
# 「a<b<c」): a tag is a name of ASCII letters (「o:p」 of Word's HTML too) and attributes, values quoted or not. A web
# page's cell comes parsed, its text's 「<」 as 「&lt;」; so does a CMS's export of a citizen's text.
_TAG = (r"/?[A-Za-z][A-Za-z0-9:._-]*(?:\s+[A-Za-z_:][A-Za-z0-9:._-]*(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>=`]+))?)*"
        r"\s*/?>")
_NOT_A_TAG = re.compile(r"<(?!" + _TAG + r"|!--|![A-Za-z\[])")
PLAIN_BREAK = re.compile(r"(?<=[。．！？])[ \t\u3000]+")
SENTENCE_END = ("。", "．", "！", "？", "!", "?")


# What, after a number and a space, makes the number a count of its words and not a section's label (「1 つ目の意見について」,
# 「2 点目」, 「3 回目」): only the ordinal counters, never a word's first kanji (「１　節電の推進」, 「１　章立てについて」,
# 「１　回答について」, 「５　歳児健診」 are a label and its words). Such a line is still a heading; its title keeps the
# number (「1つ目の意見について」, :func:`assistant.readers.grid.parse_heading`).
COUNTER_AFTER_NUMBER = re.compile(r"[つ点回番度]目")
# A paragraph's leading number and the space after it (「１　総論」, 「2 計画全体について」): the separator that tells a
# section's number from a counter glued to its words (「１次募集…」), which :func:`tidy` would drop between Japanese
# characters. Kept for the heading decision only (a cell's ``spaced`` paragraphs): which words after it are a count
# (「3 月」, 「1 つ目」) is the heading's own rule, not this one's, so a web page or a PDF reads as the Word file does.
_NUMBER_SPACE = re.compile(r"^\s*([0-9０-９]{1,2})([ \t\n\u3000\xa0]+)(?=\S)")


def tidy_keeping_number_space(text: str) -> str:
    r""":func:`tidy`, but the space after a paragraph's leading number stays, one 「　」 where the page wrote one, else
    one space, as a Word cell keeps it. Read only to decide whether a cell is a group heading (a web page's or a PDF's
    「１　総論」 reads as the Word file's, not glued); the cell's text is :func:`tidy`'s.

    Example:
        >>> tidy_keeping_number_space("１\u3000総論"), tidy_keeping_number_space(" 2 \n 計画 について")
        ('１\u3000総論', '2 計画について')
        >>> [tidy_keeping_number_space(text) for text in ("１次募集でのご意見", "2050 年", "1 つ目の意見")]
        ['１次募集でのご意見', '2050年', '1 つ目の意見']
    """
    match = _NUMBER_SPACE.match(text)
    if match is None:
        return tidy(text)
    rest = tidy(text[match.end():])
    return f"{match.group(1)}{chr(0x3000) if chr(0x3000) in match.group(2) else ' '}{rest}" if rest else match.group(1)


class _ParagraphParser(HTMLParser):
    """Paragraphs of an HTML fragment. Items of a numbered list (``<ol>``) keep their number (「1.」), other
    list items a 「・」; a row of a table inside the fragment (a fee table in an answer) is one paragraph,
    its cells apart by 「／」."""

    def __init__(self, number_space: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._tidy = tidy_keeping_number_space if number_space else tidy
        self._buffer: list[str] = []
        self._marker: str | None = None  # the marker of the list item being read
        self._lists: list[int | None] = []  # per open list: the last number of an <ol>, None for a <ul>
        self._tables = 0  # tables open inside the fragment
        self._cells = 0  # cells begun in the table row being read

    def _flush(self) -> None:
        text = self._tidy("".join(self._buffer))
        self._buffer = []
        if not text:
            return
        numbered_already = self._marker != "・" and re.match(r"^[(（]?\d", text)  # 「(1) …」 in an <ol>
        if self._marker and not text.startswith(_BULLETS) and not numbered_already:
            text = self._marker + text
        self._marker = None
        self.paragraphs.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"td", "th"} and self._tables:
            if self._cells:
                self._buffer.append("／")  # the next cell of a row: the row stays one paragraph
            self._cells += 1
            return
        if tag == "tr":
            self._cells = 0
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag == "table":
            self._tables += 1
        elif tag in {"ol", "ul"}:
            start = dict(attrs).get("start") if tag == "ol" else None
            self._lists.append(int(start) - 1 if start and start.isdigit() else 0 if tag == "ol" else None)
        elif tag == "li":
            number = self._lists[-1] if self._lists else None
            if number is None:
                self._marker = "・"
            else:
                self._lists[-1] = number + 1
                self._marker = f"{number + 1}."

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._tables:
            return
        if tag in _BLOCK_TAGS:
            self._flush()
            self._marker = None
        if tag == "table" and self._tables:
            self._tables -= 1
        elif tag in {"ol", "ul"} and self._lists:
            self._lists.pop()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self._buffer.append(data)


def has_markup(cell: str) -> bool:
    """Whether a cell holds HTML (「<p>…</p>」, 「<br>」, 「<b>…</b>」): a web page's fragment, read by its tags."""
    return bool(_BLOCK_MARKUP.search(cell) or _INLINE_MARKUP.search(cell))


def cell_paragraphs(cell: str) -> list[str]:
    """Split one cell into paragraphs.

    HTML block elements (``<p>``, ``<li>``, ``<br>``) end paragraphs, and list items keep a 「・」
    bullet. A plain cell breaks after a sentence end followed by a space, the way the PDF extraction
    shows a paragraph break.

    Example:
        >>> cell_paragraphs("<p>一つ目。</p> <p>二つ目。</p>")
        ['一つ目。', '二つ目。']
        >>> cell_paragraphs("安全を確保しています。 また、研修を行っています。")
        ['安全を確保しています。', 'また、研修を行っています。']
    """
    if has_markup(cell):
        parser = _ParagraphParser()
        parser.feed(_NOT_A_TAG.sub("&lt;", cell))
        parser.close()
        parser._flush()
        return parser.paragraphs
    pieces = (tidy(piece) for piece in PLAIN_BREAK.split(html.unescape(cell)))
    return [piece for piece in pieces if piece]


def html_paragraphs(fragment: str, number_space: bool = False) -> list[str]:
    """Paragraphs of an HTML fragment (a web page's table cell): ``<p>``, ``<br>``, ``<li>`` end them.

    Line breaks in the HTML source are layout, not paragraph breaks. With ``number_space`` (a cell spanning columns,
    where a group heading stands) the space after a paragraph's leading number stays (「１　総論」, as in a Word cell,
    not 「１総論」: :func:`tidy_keeping_number_space`).

    Example:
        >>> html_paragraphs("市の考え方は<br>次のとおり\\nです。<p>別の段落。</p>")
        ['市の考え方は', '次のとおりです。', '別の段落。']
    """
    parser = _ParagraphParser(number_space)
    parser.feed(fragment)
    parser.close()
    parser._flush()
    return parser.paragraphs


def merge_continuation(previous: list[str], more: list[str]) -> list[str]:
    """Append paragraphs continued after a page break.

    When the previous part stops mid-sentence, the first continued paragraph is joined to it, since
    the page break cut one paragraph in two.
    """
    if not more:
        return list(previous)
    if previous and not previous[-1].endswith(SENTENCE_END):
        return previous[:-1] + [previous[-1] + more[0]] + more[1:]
    return previous + more
