"""Reader for Word documents (.docx) as cities write their answer tables.

The body is read in order, paragraphs and tables alike (also inside content controls). Table cells
merged vertically (``w:vMerge``) or horizontally (``w:gridSpan``) are marked as such, so an answer
shared by several comments goes to each of them; a table split in two by a page break is one table
when its second part repeats the header or has the same columns (:mod:`assistant.readers.grid`).
Automatic numbering (「1.」「(1)」「①」 typed by Word, not by the author) is written out, so numbered
answer lists without a table are read too. A text box's paragraphs and tables (an answer table Word keeps in a
floating box) are read after the paragraph that anchors it, Word's own copy only (not the mc:Fallback copy that
older programs read); a box holding no table only before the first table (a stamp on a page break
inside a split table does not end the table). Tracked deletions are left out. A footnote's or endnote's mark is written
as 「（注1）」 (「（文末注i）」) and its text, from the package's footnotes part, is added after the paragraph or as the
last paragraph of the cell that refers to it (:mod:`assistant.readers.footnotes`).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

from assistant.errors import DamagedFileError
from assistant.models import ParsedDocument
from assistant.readers.document import build_document
from assistant.readers.footnotes import Footnote, bare_cell, is_number, note_label, with_note_warnings
from assistant.readers.grid import Block, Cell, Line, Row, header_roles
from assistant.textnorm import typed_paragraphs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTHING = ("Word 文書の中に、意見と回答の表（No.・ご意見・考え方などの見出し行がある表）も、番号付きの Q&A"
           "（「1 …」と「市の考え方」など）も、会議録の Q&A（「・」の質問と「→」の回答）も見つかりません。"
           "意見募集の結果を公表した資料か確認してください。")
DAMAGED = "Word 文書（.docx）が壊れているか、途中で切れています。Word で開けるか確かめ、保存し直してください。"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# w:rt: a ruby's reading (じょせつ over 除雪), which the page shows small above the text, not in it.
_SKIP = {f"{W}del", f"{W}moveFrom", f"{W}txbxContent", f"{W}fldChar", f"{W}instrText", f"{W}rt", _FALLBACK}
_REFERENCES = {f"{W}footnoteReference": "footnote", f"{W}endnoteReference": "endnote"}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"


def _val(element, path: str) -> str | None:
    found = element.find(path) if element is not None else None
    return None if found is None else found.get(f"{W}val")


def _roman(number: int) -> str:
    table = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
             (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in table:
        while number >= value:
            out, number = out + letters, number - value
    return out


def _format(number: int, kind: str) -> str:
    if kind == "decimalFullWidth" or kind == "decimalFullWidth2":
        return str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if kind == "decimalEnclosedCircle" and number <= len(_CIRCLED):
        return _CIRCLED[number - 1]
    if kind in {"upperRoman", "lowerRoman"}:
        return _roman(number) if kind == "upperRoman" else _roman(number).lower()
    if kind in {"aiueo", "aiueoFullWidth", "iroha", "irohaFullWidth"} and number <= len(_KATAKANA):
        return _KATAKANA[number - 1]
    return str(number)


class _Numbering:
    """Writes out Word's automatic list numbers, counting per list and level.

    As Word counts (ECMA-376 Part 1, 17.9; LibreOffice alike): the lists (w:num) of one definition
    (w:abstractNum) share its count, so a list split over two tables or two numIds goes on 4, 5, 6; a list that
    overrides a level's start (w:lvlOverride/w:startOverride) starts that level again where it is first used, and
    one that overrides a level's format (w:lvlOverride/w:lvl) prints it so; a list of a list style
    (w:numStyleLink) takes its levels and count from the definition that the style links (w:styleLink).
    """

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.abstract: dict[str, str] = {}  # numId -> abstractNumId, whose count its paragraphs share
        self.restarts: dict[tuple[str, int], int] = {}  # (numId, level) -> the startOverride it begins with
        self.started: set[tuple[str, int]] = set()
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(f"{W}abstractNumId"): a for a in root.findall(f"{W}abstractNum")}
        styled = {_val(a, f"{W}styleLink"): a_id for a_id, a in abstract.items() if _val(a, f"{W}styleLink")}
        for num in root.findall(f"{W}num"):
            abstract_id = _val(num, f"{W}abstractNumId")
            definition = abstract.get(abstract_id)
            if definition is not None and _val(definition, f"{W}numStyleLink") in styled:
                abstract_id = styled[_val(definition, f"{W}numStyleLink")]  # a list style's list: its levels are
                definition = abstract[abstract_id]  # those of the definition the style links (w:styleLink)
            if definition is None:
                continue
            num_id = num.get(f"{W}numId")
            self.abstract[num_id] = abstract_id
            for level in definition.findall(f"{W}lvl"):
                self._level(num_id, level)
            for override in num.findall(f"{W}lvlOverride"):
                start = _val(override, f"{W}startOverride")
                if start is not None and start.isdigit():
                    self.restarts[(num_id, int(override.get(f"{W}ilvl", "0")))] = int(start)
                for level in override.findall(f"{W}lvl"):  # this list's own format of the level, over the definition's
                    self._level(num_id, level, self.levels.get((num_id, int(level.get(f"{W}ilvl", "0")))))

    def _level(self, num_id: str, level, under: tuple[str, str, int] | None = None) -> None:
        """A level's format, text and start; what an override leaves out (「<w:lvl><w:start w:val="1"/></w:lvl>」) is
        the definition's, ``under`` (it had become an empty text: every row's No. empty, rows merged)."""
        kind, text, start = under or ("decimal", "", 1)
        self.levels[(num_id, int(level.get(f"{W}ilvl", "0")))] = (
            _val(level, f"{W}numFmt") or kind, _val(level, f"{W}lvlText") or text, int(_val(level, f"{W}start") or start))

    def label(self, paragraph, style_numbering) -> str:
        props = paragraph.find(f"{W}pPr")
        numbering = props.find(f"{W}numPr") if props is not None else None
        if numbering is None:
            numbering = style_numbering
        if numbering is None:
            return ""
        num_id, ilvl = _val(numbering, f"{W}numId"), int(_val(numbering, f"{W}ilvl") or 0)
        if num_id in (None, "0") or (num_id, ilvl) not in self.levels:
            return ""
        kind, text, start = self.levels[(num_id, ilvl)]
        counts = self.counters.setdefault(self.abstract[num_id], {})  # a bullet counts too, as Word and LibreOffice count
        if (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            if (num_id, ilvl) in self.restarts:
                counts[ilvl] = self.restarts[(num_id, ilvl)] - 1
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [level for level in counts if level > ilvl]:
            del counts[deeper]
        if kind == "bullet":
            return "・"
        for level in range(ilvl + 1):
            level_kind = self.levels.get((num_id, level), ("decimal", "", 1))[0]
            number = counts.get(level, self.levels.get((num_id, level), ("", "", 1))[2])
            text = text.replace(f"%{level + 1}", _format(number, level_kind))
        return text


class _Notes:
    """The footnotes and endnotes the body refers to (the package's footnotes and endnotes parts), each with the label
    its mark is written as: numbered in the order of the first reference, as Word numbers them, in the format of
    w:footnotePr / w:endnotePr (the body's section, else the settings; Word's defaults: 1, 2, 3 and i, ii, iii)."""

    def __init__(self, document) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import parse_xml

        self.paragraphs: dict[tuple[str, str], tuple[str, ...]] = {}
        for kind, reltype in (("footnote", RT.FOOTNOTES), ("endnote", RT.ENDNOTES)):
            part = next((rel.target_part for rel in document.part.rels.values()
                         if rel.reltype == reltype and not rel.is_external), None)
            if part is None:
                continue
            root = getattr(part, "element", None)
            root = root if root is not None else parse_xml(part.blob)
            for note in root.findall(f"{W}{kind}"):
                if note.get(f"{W}type", "normal") != "normal":
                    continue  # the separator line and its continuation
                lines = []
                for paragraph in note.iter(f"{W}p"):
                    pieces: list[str] = []
                    _text(paragraph, pieces)
                    lines.extend(line.strip() for line in "".join(pieces).split("\n") if line.strip())
                self.paragraphs[(kind, note.get(f"{W}id"))] = tuple(lines)
        self.labels: dict[tuple[str, str], str] = {}
        self.marks: dict[tuple[str, str], str] = {}  # what the body's text writes for a mark (nothing for a custom one)
        self.places: dict[tuple[str, str], tuple[str, str]] = {}  # notes left out of a header or No. cell
        self.notes: list[Footnote] = []  # in the order of their labels
        self.keys: list[tuple[str, str]] = []  # each note's key, in the same order
        if not self.paragraphs:
            return
        body = document.element.body
        settings = {kind: document.settings.element.find(f"{W}{kind}Pr") for kind in ("footnote", "endnote")}
        # each section's w:sectPr (a paragraph's ends a section, the body's is the last one), and the section of each
        # of the body's children
        sections, section_of = [], {}
        for child in body:
            section_of[child] = len(sections)
            found = child.find(f"{W}pPr/{W}sectPr") if child.tag == f"{W}p" else None
            if found is not None:
                sections.append(found)
        sections.append(body.find(f"{W}sectPr"))

        def setting(kind: str, section: int, name: str) -> str | None:
            """A footnotePr / endnotePr value: the section's, else the settings'."""
            found = sections[section].find(f"{W}{kind}Pr") if sections[section] is not None else None
            return _val(found, f"{W}{name}") or _val(settings[kind], f"{W}{name}")

        counts = {"footnote": 0, "endnote": 0}
        starts: dict[str, int] = {}  # the number counting starts at (the numStart where it starts or restarts)
        last_section = {"footnote": -1, "endnote": -1}
        for reference in body.iter(*_REFERENCES):
            kind = _REFERENCES[reference.tag]
            key = (kind, reference.get(f"{W}id"))
            if key in self.labels or key not in self.paragraphs or any(
                    ancestor.tag in {f"{W}del", f"{W}moveFrom", _FALLBACK} for ancestor in _ancestors(reference, body)):
                continue
            if reference.get(f"{W}customMarkFollows") in {"1", "true", "on"}:
                # the author's own mark (「※」) follows as text: it is the mark, and Word numbers no note for it
                symbol = _custom_mark(reference)
                if symbol:
                    self.labels[key], self.marks[key] = symbol, ""
                    self.keys.append(key)
                    self.notes.append(Footnote(symbol, self.paragraphs[key]))
                continue
            top = next((parent for parent in [reference, *_ancestors(reference, body)] if parent in section_of), None)
            section = section_of.get(top, len(sections) - 1)
            restart = setting(kind, section, "numRestart") or "continuous"
            if kind not in starts or (restart == "eachSect" and section != last_section[kind]):
                start = setting(kind, section, "numStart") or "1"
                starts[kind] = int(start) if start.isdigit() else 1
                counts[kind] = 0
            last_section[kind] = section
            kind_format = setting(kind, section, "numFmt") or ("decimal" if kind == "footnote" else "lowerRoman")
            number = _format(starts[kind] + counts[kind], kind_format)
            counts[kind] += 1
            self.labels[key] = note_label(number if kind_format not in {"bullet", "none"} else str(counts[kind]),
                                          end=kind == "endnote")
            self.marks[key] = self.labels[key]
            self.keys.append(key)
            caveat, name = "", "脚注" if kind == "footnote" else "文末脚注"
            if restart == "eachPage":  # which page a note falls on is known only to the program that prints it
                caveat = (f"原本の{name}の番号はページごとに振り直されていますが、ここでは通して数えた番号で書いています"
                          "（原本の番号とは異なることがあります）。")
            elif restart == "eachSect":
                caveat = f"原本の{name}の番号はセクションごとに振り直されており、ここでも原本と同じ番号で書いています。"
            self.notes.append(Footnote(self.labels[key], self.paragraphs[key], caveat=caveat))

    def keys_in(self, element) -> list[tuple[str, str]]:
        return [key for reference in element.iter(*_REFERENCES)
                if (key := (_REFERENCES[reference.tag], reference.get(f"{W}id"))) in self.labels]

    def said(self) -> list[Footnote]:
        """The notes, those left out of a header or No. cell with where they were."""
        return [replace(note, place=self.places.get(key)) for key, note in zip(self.keys, self.notes)]

    def lines_of(self, element, stop: set[str]) -> list[str]:
        """The paragraphs of the notes an element refers to, each once, in order; not a reference with an ancestor
        tagged in ``stop`` (a tracked deletion, a text box read on its own)."""
        lines, seen = [], set()
        if not self.labels:
            return lines
        for reference in element.iter(*_REFERENCES):
            key = (_REFERENCES[reference.tag], reference.get(f"{W}id"))
            if key in self.labels and key not in seen and key not in self.places and not any(
                    ancestor.tag in stop for ancestor in _ancestors(reference, element)):
                seen.add(key)
                lines.extend(Footnote(self.labels[key], self.paragraphs[key]).lines())
        return lines


def _custom_mark(reference) -> str:
    """The text right after a note's reference with w:customMarkFollows: the mark the author chose (「※」)."""
    for sibling in reference.itersiblings():
        if sibling.tag == f"{W}t":
            return (sibling.text or "").strip()
    run = reference.getparent()
    following = run.getnext() if run is not None else None
    found = following.find(f"{W}t") if following is not None and following.tag == f"{W}r" else None
    return (found.text or "").strip() if found is not None else ""


def _text(element, pieces: list[str], labels: dict[tuple[str, str], str] | None = None) -> None:
    """The text of an element's runs; a footnote's or endnote's mark as its label in ``labels`` (「（注1）」)."""
    for child in element:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag in _REFERENCES:
            pieces.append((labels or {}).get((_REFERENCES[tag], child.get(f"{W}id")), ""))
        elif tag == f"{W}t":
            pieces.append(child.text or "")
        elif tag == f"{W}tab":
            pieces.append("\t")
        elif tag == f"{W}noBreakHyphen":  # Ctrl+Shift+- : No. 「3-1」 was read 「31」, a telephone number lost its hyphens
            pieces.append("-")
        elif tag in {f"{W}br", f"{W}cr"}:
            pieces.append("" if child.get(f"{W}type") == "page" else "\n")
        elif tag != f"{W}pPr":
            _text(child, pieces, labels)


def _ancestors(element, stop):
    parent = element.getparent()
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.getparent()


def _text_boxes(paragraph) -> list:
    """The text boxes (w:txbxContent) anchored in a paragraph, in document order: Word's own copy (wps:txbx in
    mc:Choice), never its second copy for older programs (v:textbox in mc:Fallback), which would give every line
    twice; a VML text box without such a pair (w:pict, older Word) is the only copy. Boxes in a deleted run are
    left out, and a box inside another is read with that box."""
    return [box for box in paragraph.iter(f"{W}txbxContent")
            if not any(ancestor.tag in _SKIP for ancestor in _ancestors(box, paragraph))]


def _repeated(row) -> bool:
    """Whether Word repeats a table row at the top of each page (w:tblHeader)."""
    return row.find(f"{W}trPr/{W}tblHeader") is not None and _val(row, f"{W}trPr/{W}tblHeader") not in {
        "0", "false", "off"}


def _owned_by(element, tag: str, owner) -> bool:
    """Whether ``owner`` is the nearest ancestor of ``element`` tagged ``tag``: a row of this table (or a cell of
    this row) even when a content control (w:sdt/w:sdtContent, e.g. a repeating section) or w:customXml wraps
    it, but not a row of a table nested in one of its cells."""
    return next((parent for parent in _ancestors(element, None) if parent.tag == tag), None) is owner


class _Body:
    def __init__(self, document) -> None:
        self.numbering = _Numbering(document)
        self.notes = _Notes(document)
        self.bare = False  # a cell read without its notes' marks
        self.styles = {style.style_id: style for style in document.styles}
        default = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
        self.default_size = int(default.get(f"{W}val")) / 2 if default is not None else None
        self.blocks: list[Block] = []
        self.rows_read = False  # a table's rows are in blocks: the front matter has ended

    def _style(self, paragraph):
        style_id = _val(paragraph.find(f"{W}pPr"), f"{W}pStyle")
        return self.styles.get(style_id) if style_id else None

    def _size(self, paragraph, style) -> float | None:
        sizes = [int(sz.get(f"{W}val")) / 2 for sz in paragraph.iter(f"{W}sz") if sz.get(f"{W}val", "").isdigit()
                 and sz.getparent().getparent().tag == f"{W}r"]
        if sizes:
            return max(sizes)
        while style is not None:
            if style.font.size is not None:
                return style.font.size.pt
            style = style.base_style
        normal = self.styles.get("Normal") or self.styles.get("a")
        if normal is not None and normal.font.size is not None:
            return normal.font.size.pt
        return self.default_size

    def paragraph_lines(self, paragraph, bare_label: bool = False) -> tuple[list[str], float | None]:
        """The paragraph's lines, its automatic number written in front, and its font size.

        ``bare_label`` keeps a number whose paragraph has no text (a table's No. column numbered by Word).
        """
        style = self._style(paragraph)
        style_numbering = None
        if style is not None and style.element.pPr is not None:
            style_numbering = style.element.pPr.find(f"{W}numPr")
        pieces: list[str] = []
        _text(paragraph, pieces, {} if self.bare else self.notes.marks)
        label = self.numbering.label(paragraph, style_numbering)
        text = "".join(pieces)
        if label and text.strip():
            text = f"{label} {text.lstrip()}"
        elif label and bare_label:
            text = label
        return [line for line in text.split("\n") if line.strip()], self._size(paragraph, style)

    def cell(self, cell, notes: bool = True) -> tuple[str, ...]:
        """The cell's paragraphs; a table inside it (a fee table in an answer) a paragraph per row, its cells joined
        by 「／」, as the PDF and web readers give it; with ``notes``, the text of the notes its marks refer to as its
        last paragraphs (a table inside it gives its notes to it)."""
        if notes and (keys := self.notes.keys_in(cell)):
            # a header (「ご意見の概要¹」) or a No. takes no note: it must still read as the header, the No. as the No.
            self.bare = True
            try:
                plain = self.cell(cell, notes=False)
            finally:
                self.bare = False
            header_row, first_column, block = self._place(cell)
            where = bare_cell("".join(plain), header_row, first_column, block)
            if where is not None:
                for key in keys:
                    self.notes.places.setdefault(key, (where, "".join(plain)))
                return plain
        found: list[str] = []
        tables_read = set()
        for paragraph in cell.iter(f"{W}p"):
            if any(ancestor.tag == _FALLBACK for ancestor in _ancestors(paragraph, cell)):
                continue  # a text box's second copy, for programs that cannot read the first
            tables = [ancestor for ancestor in _ancestors(paragraph, cell) if ancestor.tag == f"{W}tbl"]
            if tables:
                if tables[-1] not in tables_read:
                    tables_read.add(tables[-1])
                    found.extend(self._rows_as_lines(tables[-1]))
                continue
            lines, _ = self.paragraph_lines(paragraph, bare_label=True)
            found.extend(typed_paragraphs("\n".join(lines)))  # as typed into the cell: its spaces are the writer's
        if notes:
            found.extend(self.notes.lines_of(cell, _SKIP - {f"{W}txbxContent"}))  # a box's paragraphs are the cell's
        return tuple(found)

    def _place(self, cell) -> tuple[bool, bool, bool]:
        """Whether a cell is in its table's header row(s), and whether it is its row's first cell. The header is the
        first row or one Word repeats on each page (w:tblHeader) unless its first cell is a No., and, above the first
        row whose first cell holds a No., the rows that go on from it with a first cell merged from above or empty (a
        header on two rows whose second one Word does not repeat on each page: the third value, True); a row above the
        first No. whose first cell has words of its own (「全般」, 「1・2」) is an item's."""
        row = next((parent for parent in _ancestors(cell, None) if parent.tag == f"{W}tr"), None)
        if row is None:
            return False, True, False
        table = next((parent for parent in _ancestors(row, None) if parent.tag == f"{W}tbl"), None)
        cells = [tc for tc in row.iter(f"{W}tc") if _owned_by(tc, f"{W}tr", row)]
        first_column = bool(cells) and cells[0] is cell
        rows = [] if table is None else [tr for tr in table.iter(f"{W}tr") if _owned_by(tr, f"{W}tbl", table)]
        first_row = bool(rows) and rows[0] is row
        repeated = _repeated(row)
        if rows:
            first_numbered = next((index for index, tr in enumerate(rows) if self._numbered(tr)), None)
            if first_numbered is not None and row in rows[:first_numbered]:
                # above the first row holding a No., the header goes on while a row continues it: 「該当箇所｜ご意見の概要」
                # under 「No.」 merged down (or an empty first cell); 「全般｜計画全体に賛成｜ご意見として承ります」 is an item's
                for index, tr in enumerate(rows[:first_numbered]):
                    if not (index == 0 or _repeated(tr) or self._continues(tr)):
                        break
                    if tr is row:
                        return True, first_column, True
        if not (first_row or repeated) or not cells:
            return False, first_column, False
        return not self._numbered(row), first_column, False

    def _continues(self, row) -> bool:
        """Whether a row's first cell is merged from the one above (「No.」 over a header's two rows) or empty."""
        cells = [tc for tc in row.iter(f"{W}tc") if _owned_by(tc, f"{W}tr", row)]
        if not cells or int(_val(row.find(f"{W}trPr"), f"{W}gridBefore") or 0) > 0:
            return True  # no first cell of its own (w:gridBefore): nothing there to hold a No.
        merge = cells[0].find(f"{W}tcPr/{W}vMerge")
        if merge is not None and merge.get(f"{W}val") in (None, "continue"):
            return True
        self.bare = True
        try:
            return not "".join(self.cell(cells[0], notes=False)).strip()
        finally:
            self.bare = False

    def _numbered(self, row) -> bool:
        """Whether a row's first cell holds only an item's number (its notes' marks left out)."""
        cells = [tc for tc in row.iter(f"{W}tc") if _owned_by(tc, f"{W}tr", row)]
        if not cells:
            return False
        self.bare = True
        try:
            return is_number("".join(self.cell(cells[0], notes=False)))
        finally:
            self.bare = False

    def _rows_as_lines(self, table) -> list[str]:
        lines = []
        for tr in table.iter(f"{W}tr"):
            if _owned_by(tr, f"{W}tbl", table):
                cells = ["".join(self.cell(tc, notes=False)) for tc in tr.iter(f"{W}tc") if _owned_by(tc, f"{W}tr", tr)]
                if any(cells):
                    lines.append("／".join(cell for cell in cells if cell))
        return lines

    def table(self, table) -> None:
        grid = table.find(f"{W}tblGrid")
        width = len(grid.findall(f"{W}gridCol")) if grid is not None else 0
        rows: list[list[Cell]] = []
        for tr in table.iter(f"{W}tr"):
            if not _owned_by(tr, f"{W}tbl", table):
                continue  # a row of a table nested in a cell: its text is in that cell
            props = tr.find(f"{W}trPr")
            cells = [Cell()] * int(_val(props, f"{W}gridBefore") or 0)
            for tc in tr.iter(f"{W}tc"):
                if not _owned_by(tc, f"{W}tr", tr):
                    continue  # a cell of a table nested in one of this row's cells
                tc_props = tc.find(f"{W}tcPr")
                span = int(_val(tc_props, f"{W}gridSpan") or 1)
                merge = tc_props.find(f"{W}vMerge") if tc_props is not None else None
                if merge is not None and merge.get(f"{W}val") in (None, "continue"):
                    cells.append(Cell(merged_from_above=True))
                else:
                    cells.append(Cell(self.cell(tc)))
                cells.extend([Cell(merged_from_left=True)] * (span - 1))
            rows.append(cells)
        width = max([width, *(len(cells) for cells in rows)])
        found = [Row(tuple(cells + [Cell()] * (width - len(cells))), None, table_start=index == 0)
                 for index, cells in enumerate(rows)]
        if not any(header_roles(row) for row in found[:3]) and any(
                inner is not table and self._answer_header(inner) for inner in table.iter(f"{W}tbl")):
            # A layout box (a caption row over a cell that holds the answer table): its cells are read as the page.
            for tr in table.iter(f"{W}tr"):
                if _owned_by(tr, f"{W}tbl", table):
                    for tc in tr.iter(f"{W}tc"):
                        if _owned_by(tc, f"{W}tr", tr):
                            self.walk(tc)
            return
        self.blocks.extend(found)
        self.rows_read = self.rows_read or bool(found)

    def _answer_header(self, table) -> bool:
        """Whether a table's first row is an answer-table header (No. / ご意見 / 考え方)."""
        first = next((tr for tr in table.iter(f"{W}tr") if _owned_by(tr, f"{W}tbl", table)), None)
        if first is None:
            return False
        cells = [Cell(self.cell(tc)) for tc in first.iter(f"{W}tc") if _owned_by(tc, f"{W}tr", first)]
        return header_roles(Row(tuple(cells), None)) is not None

    def walk(self, element) -> None:
        for child in element:
            if child.tag == f"{W}p":
                lines, size = self.paragraph_lines(child)
                self.blocks.extend(Line(line.strip(), None, size) for line in lines)
                # a note's text right after it, never part of the title (marked as a caption row above a table is)
                self.blocks.extend(Line(line, in_table=True) for line in self.notes.lines_of(child, _SKIP))
                for box in _text_boxes(child):
                    # its paragraphs and tables after the paragraph that anchors it, as the PDF reads them; a box
                    # without a table (a stamp 「資料２」 anchored between the two parts of a table split by a page
                    # break) only in the front matter, before any table's rows: its line would end the table there
                    if not self.rows_read or any(_owned_by(table, f"{W}txbxContent", box) for table in box.iter(f"{W}tbl")):
                        self.walk(box)
            elif child.tag == f"{W}tbl":
                self.table(child)
            elif child.tag in {f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins", f"{W}moveTo"}:
                self.walk(child)


def word_blocks(path: Path, data: bytes, notes: list[Footnote] | None = None) -> list[Block]:
    """Blocks of a .docx body in reading order; ``notes`` gets the footnotes and endnotes it refers to.

    Raises:
        DamagedFileError: The file is not a readable .docx.
    """
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise DamagedFileError(path, DAMAGED) from error
    except Exception as error:  # lxml raises its own XMLSyntaxError for broken XML parts
        if error.__class__.__name__ == "XMLSyntaxError":
            raise DamagedFileError(path, DAMAGED) from error
        raise
    try:
        body = _Body(document)  # parses the footnotes and endnotes parts, which python-docx leaves as bytes
    except Exception as error:
        if error.__class__.__name__ == "XMLSyntaxError":
            raise DamagedFileError(path, DAMAGED) from error
        raise
    body.walk(document.element.body)
    if notes is not None:
        notes.extend(body.notes.said())
    return body.blocks


def read_word(path: Path, data: bytes, digest: str, names: set[str] | None = None) -> ParsedDocument:
    """Read a .docx into one document.

    Raises:
        DamagedFileError: Not a readable .docx.
        NoContentError: No answer table, minutes or numbered Q&A.
    """
    if names is not None and "word/document.xml" not in names:
        raise DamagedFileError(path, DAMAGED)
    notes: list[Footnote] = []
    document = build_document(word_blocks(path, data, notes), path, digest, nothing=NOTHING)
    return with_note_warnings(document, notes)
