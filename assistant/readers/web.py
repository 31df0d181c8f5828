"""Reader for saved web pages (.html / .htm) of 「意見募集の結果」.

The page is decoded by its byte-order mark or declared charset (Shift_JIS is read as CP932, the
superset Windows writes; EUC-JP as EUC-JP), else UTF-8, then CP932 and EUC-JP are tried. The HTML is
parsed with BeautifulSoup (never with regular expressions). Navigation, menus, headers, footers,
side bars, scripts and forms are dropped; the main content (``<main>``, ``role="main"``, or the
body) is read in order. Each innermost table becomes rows, with ``rowspan`` / ``colspan`` marked as
merged cells; ``<br>``, ``<p>`` and ``<li>`` inside a cell become paragraphs. The answer table is the
one whose header names a comment and an answer column; other tables (navigation, counts) are read
as text. Headings (``<h1>``-``<h6>``) outside the table become topics. A footnote or endnote as Word's web page
(「<a href="#_ftn1" name="_ftnref1">[1]</a>」 and its text in 「<div id=ftn1>」 at the end) or LibreOffice's writes it
is read as the Word reader reads it: the mark as 「（注1）」, the text as the last paragraph of the cell that refers to it;
the author's own in-page links (a No. to the full comment, a table of contents) are never notes.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from assistant.errors import NoContentError, UnknownEncodingError
from assistant.models import ParsedDocument
from assistant.readers.cells import html_paragraphs
from assistant.readers.docmeta import generic_title, plan_name
from assistant.readers.document import build_document
from assistant.readers.footnotes import Footnote, bare_cell, is_number, note_label, with_note_warnings
from assistant.readers.grid import Block, Cell, Line, Row, column_role
from assistant.readers.sniff import _implausible
from assistant.textnorm import tidy

NOTHING = ("Web ページの中に、意見と回答の表（No.・ご意見・考え方などの見出し行がある表）も、番号付きの Q&A"
           "（「1 …」と「市の考え方」など）も見つかりません。結果の表が載っているページを保存したか確認してください。")
_CODECS = {"shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "ms_kanji": "cp932",
           "windows-31j": "cp932", "cp932": "cp932", "euc-jp": "euc_jp", "x-euc-jp": "euc_jp", "eucjp": "euc_jp",
           "iso-2022-jp": "iso2022_jp", "utf-8": "utf-8", "utf8": "utf-8"}
_DROP_TAGS = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
              "select", "iframe", "svg", "object", "embed"]
_NAVIGATION = re.compile(
    r"(?:^|[-_\s])(?:g?nav(?:i|igation)?|menu|breadcrumbs?|pankuzu|topicpath|side(?:bar|menu)?|footer|header|"
    r"banner|skip|pagetop|sitemap|share|sns)(?:$|[-_\s\d])",
    re.IGNORECASE,
)
_NAVIGATION_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
_BLOCK_TAGS = {"p", "div", "li", "dt", "dd", "section", "article", "blockquote", "pre", "address", "caption",
               "ul", "ol", "dl", "center", "td", "th", "tr", "tbody", "thead", "tfoot", "figure", "figcaption"}
_HEADING_SIZES = {"h1": 24.0, "h2": 18.0, "h3": 15.0, "h4": 13.0, "h5": 12.0, "h6": 11.0}
_TITLE_WORDS = ("意見", "考え方", "結果", "パブリック", "募集")


def looks_like_html(data: bytes) -> bool:
    """True when the bytes start like an HTML page (``<!DOCTYPE html>`` or ``<html``)."""
    head = data[:512].lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    if name in _CODECS:
        return _CODECS[name]
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


_MAX_REPLACED = 0.01  # at most this share of a page's characters may be bytes its own charset cannot read


def decode_page(path: Path, data: bytes, encoding: str | None = None) -> tuple[str, int]:
    """The page's text, by forced encoding, BOM, declared charset, or trying UTF-8, CP932 and EUC-JP, and
    how many bytes its charset could not read.

    A page in its declared (or the forced) charset with a few bytes that charset cannot read (a broken
    character, as browsers show 「�」) is read with those bytes replaced by U+FFFD and the count returned,
    rather than refusing the whole page.

    Raises:
        UnknownEncodingError: No encoding reads the bytes, or the declared one leaves too many unread.
    """
    from bs4.dammit import EncodingDetector

    candidates = [encoding] if encoding else []
    if data.startswith(codecs.BOM_UTF8):
        candidates.append("utf-8-sig")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates.append("utf-16")
    declared = _codec(EncodingDetector.find_declared_encoding(data, is_html=True, search_entire_document=False))
    wider = {"euc_jp": "euc_jis_2004", "cp932": "shift_jis_2004"}.get(declared or "")  # NEC/IBM extensions (①, ㈱)
    candidates += [name for name in (declared, wider, "utf-8", "cp932", "euc_jp") if name]
    for name in dict.fromkeys(candidates):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if name in {declared, wider, "utf-8", "utf-8-sig", "utf-16", encoding} or not _implausible(text):
            return text, 0
    for name in (encoding, declared, wider):
        if name:
            try:
                text = data.decode(name, errors="replace")
            except LookupError:
                continue
            replaced = text.count("\ufffd")
            if replaced <= max(1, _MAX_REPLACED * len(text)):
                return text, replaced
    raise UnknownEncodingError(
        path, "Web ページの文字コードを判別できません。ブラウザーで開いて UTF-8 で保存し直すか、--encoding で文字コードを指定してください。"
    )


_MAIN_CONTENT = re.compile(r"(?:^|[-_\s])(?:main|contents?|article|entry)(?:$|[-_\s\d])", re.IGNORECASE)


def _names(tag) -> str:
    return " ".join([tag.get("id") or "", *(tag.get("class") or [])]) if tag.attrs is not None else ""


def _is_navigation(tag) -> bool:
    """Site chrome by its role, or by an id or class such as 「gnav」 or 「footer」 outside the page's main
    content (inside it, 「section-header-box」 is a box of the content, not the site's header)."""
    if tag.attrs is None:
        return False
    if (tag.get("role") or "").lower() in _NAVIGATION_ROLES:
        return True
    if not _NAVIGATION.search(_names(tag)):
        return False
    return not any(parent.name in {"main", "article"} or _MAIN_CONTENT.search(_names(parent)) for parent in tag.parents)


# Word's own web page writes a list item's marker in a span styled 「mso-list:Ignore」; a bullet is then the Symbol or
# Wingdings font's letter for it (「l」 for ●, 「·」, 「§」 for ▪, 「Ø」 for ➢), which a browser shows as the bullet.
_WORD_LIST_MARKER = re.compile(r"mso-list\s*:\s*ignore", re.IGNORECASE)
_SYMBOL_FONT = re.compile(r"font-family\s*:\s*[\"']?(?:wingdings|symbol)", re.IGNORECASE)


def _word_list_bullets(soup) -> None:
    """A Word list's bullet in a symbol font (a letter such as 「l」 in the page's text) as the 「・」 it shows; a
    numbered marker (「(1)」, 「1.」) stays as written."""
    for marker in soup.find_all(style=_WORD_LIST_MARKER):
        styled = [marker, *marker.parents]
        if any(_SYMBOL_FONT.search(tag.get("style") or "") for tag in styled[:3] if tag.attrs is not None):
            marker.clear()
            marker.append("・")


def _clean(soup) -> None:
    _word_list_bullets(soup)
    for tag in soup.find_all(_DROP_TAGS):
        if tag.name in {"header", "footer", "nav", "aside"} and _answer_table_inside(tag):
            continue
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in {"html", "body", "table", "tr", "td", "th"}:
            continue
        if _is_navigation(tag) and not _answer_table_inside(tag):
            tag.decompose()


_NOTE_MARK = re.compile(r"^[\[(（]?(?:[※*＊]|注)?([0-9０-９]{1,3}|[ivxlcIVXLC]{1,6}|[*＊※†‡§]{1,3})[\])）]?$")
# Word's 「<a href="#_ftn1" name="_ftnref1">」 and LibreOffice's 「<a href="#sdfootnote1sym" name="sdfootnote1anc">」
_NOTE_LINKS = (re.compile(r"#_(ftn|edn)(\d+)"), re.compile(r"#(sdfootnote|sdendnote)(\d+)sym"))
_WORD_REFERENCE = re.compile(r"^Mso(Footnote|Endnote)Reference$")
# the box of a note's text: Word's 「<div id=ftn1>」 (「edn1」), LibreOffice's 「<div id="sdfootnote1">」 (「sdendnote1」)
_NOTE_BOX = re.compile(r"_?(?:ftn|edn)\d+|sd(?:foot|end)note\d+")


def _note_link(anchor, own: str) -> bool:
    """Whether a link is Word's or LibreOffice's own mark of a footnote or endnote (never an in-page link of the
    author's: a No. linking to the full comment, a table of contents, a pager)."""
    href = anchor["href"]
    for pattern, own_name in zip(_NOTE_LINKS, ("_{0}ref{1}", "{0}{1}anc")):
        found = pattern.fullmatch(href)
        if found and own == own_name.format(*found.groups()):
            return True
    return href.startswith("#_") and anchor.find(class_=_WORD_REFERENCE) is not None


def _cell_place(cell) -> tuple[bool, bool, bool]:
    """Whether a cell is in its table's header row(s), and whether it is its row's first cell. The header is a row of
    <th> in <thead> or the table's first row unless its first cell is a No., and, above the first row whose first cell
    holds a No., the rows that go on from it with a first column covered from above or an empty first cell (a header on
    two rows, 「<td rowspan=2>No.</td>」 over 「該当箇所｜ご意見の概要」: the third value, True); a row above the first No.
    whose first cell has words of its own (「全般」, 「1・2」) is an item's."""
    row = cell.find_parent("tr")
    if row is None:
        return False, True, False
    cells = row.find_all(["td", "th"], recursive=False)
    first_column = bool(cells) and cells[0] is cell
    table = row.find_parent("table")
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table] if table is not None else []
    first_numbered = next((index for index, tr in enumerate(rows) if _numbered(tr)), None)
    if first_numbered is not None and any(tr is row for tr in rows[:first_numbered]):
        # above the first row holding a No., the header goes on while a row continues it: 「該当箇所｜ご意見の概要」
        # under 「<td rowspan=2>No.</td>」 (or an empty first cell); 「全般｜計画全体に賛成｜ご意見として承ります」 is an item's
        covered = _covered_first(rows[:first_numbered])
        for index, tr in enumerate(rows[:first_numbered]):
            if index > 0 and not (_in_head(tr) or covered[index] or not _first_text(tr).strip()):
                break
            if tr is row:
                return True, first_column, True
    first_row = bool(rows) and rows[0] is row
    if not (first_row or _in_head(row)) or not cells:
        return False, first_column, False
    return not _numbered(row), first_column, False


def _in_head(row) -> bool:
    """Whether a table row is a row of <th> in <thead>."""
    cells = row.find_all(["td", "th"], recursive=False)
    return row.parent is not None and row.parent.name == "thead" and all(each.name == "th" for each in cells)


def _covered_first(rows) -> list[bool]:
    """For each of a table's rows, whether its first column is a cell of a row above it (「<td rowspan=2>No.</td>」)."""
    below: dict[int, int] = {}  # column -> rows still to cover
    covered = []
    for row in rows:
        taken = {column for column, left in below.items() if left > 0}
        covered.append(0 in taken)
        column = 0
        for cell in row.find_all(["td", "th"], recursive=False):
            while column in taken:
                column += 1
            span, down = _span(cell, "colspan"), _span(cell, "rowspan")
            for each in range(column, column + span):
                below[each] = down  # counted down below, this row included
            column += span
        below = {column: left - 1 for column, left in below.items() if left - 1 > 0}
    return covered


def _first_text(row) -> str:
    """A table row's first cell's text, a note's mark on it left out (no first cell: 「」)."""
    first = row.find(["td", "th"], recursive=False)
    if first is None:
        return ""
    marks = [anchor for anchor in first.find_all("a", href=re.compile(r"^#."))
             if (own := anchor.get("name") or anchor.get("id")) and _NOTE_MARK.match(anchor.get_text("", strip=True))
             and _note_link(anchor, own)]
    return "".join(piece for piece in first.strings if not any(parent is mark for mark in marks for parent in piece.parents))


def _numbered(row) -> bool:
    """Whether a table row's first cell holds only an item's number (a note's mark on it left out)."""
    return row.find(["td", "th"], recursive=False) is not None and is_number(_first_text(row))


def _footnotes(soup) -> list[Footnote]:
    """Write each footnote's or endnote's mark as its label and its text as the last paragraph of the cell that refers
    to it; its own text at the end of the page is taken out. Only Word's and LibreOffice's notes (a link whose text is
    a mark, 「[1]」, 「1」, 「[i]」, to a link back to it in the note's own box): Word's 「<a href="#_ftn1" name="_ftnref1">」
    to 「<a href="#_ftnref1" name="_ftn1">」 in 「<div id=ftn1>」, LibreOffice's 「sdfootnote1anc」 to 「sdfootnote1sym」 in
    「<div id="sdfootnote1">」. A note whose text cannot be found is left as it reads. A note in a header or a No. cell
    (which must stay what it is) or outside the table's cells (the title) is said only, its mark left out of the cell
    (the label kept in the title or text)."""
    import copy

    from bs4 import NavigableString

    notes: list[Footnote] = []
    for anchor in soup.find_all("a", href=re.compile(r"^#.")):
        if anchor.decomposed:
            continue  # a note's link back, taken out with its note
        own = anchor.get("name") or anchor.get("id")
        mark = _NOTE_MARK.match(anchor.get_text("", strip=True))
        if not own or mark is None or not _note_link(anchor, own):
            continue
        target = soup.find("a", attrs={"name": anchor["href"][1:]}) or soup.find("a", id=anchor["href"][1:])
        if target is None or target.get("href") != f"#{own}" or target is anchor:
            continue
        box = next((div for div in target.parents if div.name == "div" and _NOTE_BOX.fullmatch(div.get("id") or "")), None)
        if box is None or box.find("table") is not None or any(parent is box for parent in anchor.parents):
            continue  # not the note's own box: left as it reads
        clone = copy.copy(box)
        for back in clone.find_all("a", href=f"#{own}"):
            back.decompose()
        paragraphs = tuple(html_paragraphs(clone.decode_contents()))
        if not "".join(paragraphs).strip():
            continue  # an empty note: left as it reads
        box.decompose()
        end = "edn" in anchor["href"].lower() or "endnote" in anchor["href"].lower()
        label = note_label(unicodedata.normalize("NFKC", mark.group(1)), end=end)
        holder = anchor.find_parent(["td", "th"])
        if holder is None:
            notes.append(Footnote(label, paragraphs))  # said only: never joined to the title or the text after it
            anchor.replace_with(NavigableString(label))
            continue
        text = "".join(piece for piece in holder.strings if not any(parent is anchor for parent in piece.parents))
        header_row, first_column, block = _cell_place(holder)
        if header_row and holder.name == "th":
            where = "見出し"
        elif holder.name == "th" and not header_row and is_number(text):
            where = "番号の欄"  # a row header 「<th scope="row">3</th>」
        else:
            where = bare_cell(text, header_row, first_column, block)
        if where is not None:
            notes.append(Footnote(label, paragraphs, (where, tidy(text))))
            anchor.decompose()
            continue
        notes.append(Footnote(label, paragraphs))
        for line in notes[-1].lines():
            added = soup.new_tag("p")
            added.append(NavigableString(line))
            holder.append(added)  # the cell's last paragraphs, in order
        anchor.replace_with(NavigableString(label))
    return notes


def _answer_table_inside(tag) -> bool:
    return any((first := table.find("tr")) is not None and _is_header_row(first) for table in tag.find_all("table"))


def _is_header_row(tr) -> bool:
    """Whether a table row's cells name a comment column and an answer column."""
    return {"comment", "answer"} <= {column_role(cell.get_text(" ", strip=True)) for cell in tr.find_all(["td", "th"], recursive=False)}


def _has_own_header(table) -> bool:
    """Whether one of a table's own first rows (not a nested table's) names a comment and an answer column:
    an answer table with a small table inside a cell (a fee table in an answer), not a layout table."""
    return any(_is_header_row(tr) for tr in [tr for tr in table.find_all("tr") if tr.find_parent("table") is table][:3])


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(str(cell.get(name, "1")).strip() or 1), 500))
    except ValueError:
        return 1


def _cell(contents: str, colspan: int) -> Cell:
    """A cell's paragraphs, tidied. A cell spanning columns (where a group heading stands) keeps as well, for the heading
    decision only, the space after a paragraph's leading number (``Cell.spaced``): 「１　総論」 reads as in a Word cell;
    its text, an answer's included, is tidied as any cell's (「１路線を見直します。」, 「１原案のとおりとします」).

    Example:
        >>> _cell("１　総論", 3), _cell("１　総論", 1).spaced
        (Cell(paragraphs=('１総論',), merged_from_above=False, merged_from_left=False, spaced=('１\u3000総論',)), ())
    """
    paragraphs = tuple(html_paragraphs(contents))
    return Cell(paragraphs, spaced=tuple(html_paragraphs(contents, number_space=True)) if colspan > 1 else ())


def _table_rows(table) -> list[Row]:
    """Rows of an answer table as a full grid: rowspan / colspan become merged cells; a row of <th> cells only is
    marked as a header."""
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    # A browser shows <tfoot> under the body wherever the source puts it (HTML 4 put it before <tbody>).
    rows.sort(key=lambda tr: tr.parent is not None and tr.parent.name == "tfoot")
    grid: dict[tuple[int, int], Cell] = {}
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            grid[(r, c)] = _cell(cell.decode_contents(), colspan)
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr or dc:
                        grid.setdefault((r + dr, c + dc), Cell(merged_from_above=dr > 0, merged_from_left=dr == 0))
            c += colspan
            width = max(width, c)
    headers = [(cells := tr.find_all(["td", "th"], recursive=False)) != [] and all(cell.name == "th" for cell in cells)
               for tr in rows]
    return [
        Row(tuple(grid.get((r, c), Cell()) for c in range(width)), None, table_start=r == 0, header=headers[r])
        for r in range(len(rows))
    ]


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.headings: list[str] = []
        self.heading_blocks: list[int] = []  # where each heading's line is among the blocks

    def flush(self, size: float | None = None, marked: bool = False) -> None:
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        if tidy(text):
            self.blocks.append(Line(text, None, size, marked=marked))

    def walk(self, node) -> None:
        from bs4 import NavigableString
        from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

        for child in node.children:
            if isinstance(child, (Comment, Doctype, Declaration, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                self.buffer.append(str(child))
            elif child.name == "table" and (child.find("table") is None or _has_own_header(child)):
                self.flush()
                self.blocks.extend(_table_rows(child))
            elif child.name in _HEADING_SIZES:
                self.flush()
                self.buffer.append(child.get_text(" "))
                self.headings.append(" ".join(child.get_text(" ").split()))
                before = len(self.blocks)
                self.flush(_HEADING_SIZES[child.name], marked=child.name != "h1")  # <h1> is the page's title
                self.heading_blocks.append(before if len(self.blocks) > before else -2)  # -2: an empty heading
            elif child.name == "br":
                self.flush()
            elif child.name in _BLOCK_TAGS or child.name == "table":
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)


_RESULT_WORDS = re.compile(
    r"パブリック・?コメント|意見(?:募集|公募|提出)|ご?意見|結果|考え方|回答|実施|公表|手続き?|募集|概要|本?[市区町村]|"
    r"について|に対する|への|及び|および|並びに|[との等・\s\d.．、]")


def _generic(heading: str) -> bool:
    """A heading that names a result but not what it is about (「意見募集の結果」「ご意見と市の考え方」), also as a
    document's title does (:func:`generic_title`: 「市民意見の募集結果」, 「ご意見の要旨とそれに対する市の考え方」)."""
    return not _RESULT_WORDS.sub("", unicodedata.normalize("NFKC", heading)) or generic_title(heading)


def _title(soup, headings: list[str], blocks: list[int] | None = None) -> str | None:
    """A heading that names the result (意見, 考え方, 結果…), else the <title> part that does.

    A heading that names only the result (「意見募集の結果」 under 「<h1>○○計画（案）</h1>」) follows the
    heading above it: a CMS page often names the plan in <h1> and the result in <h2>, and two such
    pages must not share one title. Without such a heading above, the plan's name in the heading right
    below it (nothing between them; ``blocks`` says where each heading stands) is the title:
    「<h1>パブリックコメント</h1><h2>○○計画（案）に対する意見募集の結果</h2>」 → the <h2>.
    """
    for index, heading in enumerate(headings):
        if any(word in heading for word in _TITLE_WORDS):
            if _generic(heading) and index and not _generic(headings[index - 1]):
                return tidy(f"{headings[index - 1]} {heading}")
            if (_generic(heading) and blocks is not None and index + 1 < len(headings)
                    and blocks[index + 1] == blocks[index] + 1 and plan_name(headings[index + 1])):
                return tidy(headings[index + 1])
            return tidy(heading)
    if soup.title and soup.title.string:
        parts = [part for part in re.split(r"\s*[|｜/／]\s*|\s+[-－–—]\s+|：", soup.title.string) if tidy(part)]
        for part in parts:
            if any(word in part for word in _TITLE_WORDS):
                return tidy(part)
    return tidy(headings[0]) if headings else None


def web_blocks(text: str, notes: list[Footnote] | None = None) -> tuple[list[Block], str | None]:
    """Blocks of a page's main content in reading order, and its title; ``notes`` gets the footnotes it refers to."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    found = _footnotes(soup)
    if notes is not None:
        notes.extend(found)
    _clean(soup)
    root = soup.find("main") or soup.find(attrs={"role": "main"}) or soup.body or soup
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    return walker.blocks, _title(soup, walker.headings, walker.heading_blocks)


def read_web_page(path: Path, data: bytes, digest: str, encoding: str | None = None) -> ParsedDocument:
    """Read a saved web page into one document.

    Raises:
        UnknownEncodingError: The page cannot be decoded.
        NoContentError: The page has no result table (and no numbered Q&A).
    """
    text, replaced = decode_page(path, data, encoding)
    if not text.strip():
        raise NoContentError(path, NOTHING)
    notes: list[Footnote] = []
    blocks, title = web_blocks(text, notes)
    document = with_note_warnings(build_document(blocks, path, digest, nothing=NOTHING, title=title), notes)
    if replaced:
        note = (f"ページの文字コードで読めないバイトが {replaced} か所あり、「\ufffd」に置き換えて読みました。"
                "ブラウザーで同じ箇所を確認してください。")
        document = replace(document, warnings=document.warnings + (note,))
    return document
