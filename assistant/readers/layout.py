"""Printed text back into paragraphs, from character positions (PDF).

A PDF keeps lines, not paragraphs: a cell's text is wrapped at the cell's width and a page's text at
the margin. Lines are joined without inserting spaces (Japanese has none; two ASCII words get one),
and a paragraph ends where the printed layout shows it:

- a line that stops clearly short of the right edge (more room left than the next line's first
  character or word would need, so the text did not wrap there), or a sentence end with room for that
  first character (a paragraph that filled its last line exactly cannot be told from the layout);
- a blank line, or a change of font size;
- a next line that starts with a bullet (・ ○ ● ※ → …), or with a numbering marker (「(1)」「①」「1.」)
  or an indent after a sentence end;
- the end of a hanging indent (the next line starts left of a wrapped line's indent).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from assistant.textnorm import tidy

_BULLETS = tuple("・･●○◎◆◇■□▪※＊★☆→⇒➡►▶")
_MARKER = re.compile(r"^(?:[(（][0-9０-９一二三四五六七八九十ア-ン]{1,3}[)）]|[①-⑳⑴-⒇]|[0-9０-９]{1,2}[.．、)）]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]|第[0-9０-９一二三四五六七八九十]+[章節条])")
_SENTENCE_END = tuple("。．.！？!?：:」』）)】")
_NO_LINE_START = set("、。，．・：；？！）」』】〕〉》ゝゞーぁぃぅぇぉっゃゅょァィゥェォッャュョ,.!?)]}:;%")
_NO_LINE_END = set("（「『【〔〈《([{“‘")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass
class TextLine:
    """One printed line: its box, median font size, text, and the width of its first unbreakable unit."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str
    lead: float


def _is_word(char: str) -> bool:
    return bool(_ASCII_WORD.match(char))


def _lead(chars: list[dict]) -> float:
    """Width the line's start would have needed on the line before: a whole ASCII word, or one character
    plus any character that may not start a line (「。」「」」) and an ASCII word right after those, after
    any opening bracket (which may not end one)."""
    first = chars[0]
    end = 0
    while end + 1 < len(chars) and chars[end]["text"] in _NO_LINE_END and end < 2:
        end += 1
    if _is_word(chars[end]["text"]):
        while end + 1 < len(chars) and _is_word(chars[end + 1]["text"]):
            end += 1
    else:
        while end + 1 < len(chars) and chars[end + 1]["text"] in _NO_LINE_START and end < 2:
            end += 1
        if chars[end]["text"] in _NO_LINE_START:  # 「が、150」: LibreOffice keeps a number after 「、」 with it
            while end + 1 < len(chars) and _is_word(chars[end + 1]["text"]):
                end += 1
    return chars[end]["x1"] - first["x0"]


def char_rows(chars: list[dict]) -> list[list[dict]]:
    """Visible characters grouped into printed lines, top to bottom (each line in no particular order).

    A character joins the current line when its vertical centre lies within the line's band.
    """
    rows: list[list[dict]] = []
    band = (0.0, -1.0)
    for char in sorted((c for c in chars if c["text"].strip()), key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"])):
        middle = (char["top"] + char["bottom"]) / 2
        if rows and band[0] <= middle <= band[1]:
            rows[-1].append(char)
            band = (min(band[0], char["top"]), max(band[1], char["bottom"]))
        else:
            rows.append([char])
            band = (char["top"], char["bottom"])
    return rows


def text_lines(chars: list[dict]) -> list[TextLine]:
    """Group characters (pdfplumber char dicts) into lines, top to bottom.

    Lines as :func:`char_rows` finds them. A space character, or a gap wider than a quarter of the font
    size, between two characters becomes a space (removed again between Japanese characters by
    :func:`tidy`).
    """
    spaces = [c for c in chars if not c["text"].strip()]
    rows = char_rows(chars)
    gaps = sorted(((c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2) for c in spaces)
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        top, bottom = min(c["top"] for c in row), max(c["bottom"] for c in row)
        row_spaces = [x for y, x in gaps if top <= y <= bottom]
        pieces = [row[0]["text"]]
        for before, char in zip(row, row[1:]):
            spaced = any(before["x1"] - 0.5 <= x <= char["x0"] + 0.5 for x in row_spaces)
            if spaced or char["x0"] - before["x1"] > 0.25 * char["size"]:
                pieces.append(" ")
            pieces.append(char["text"])
        lines.append(TextLine(
            x0=row[0]["x0"], x1=max(c["x1"] for c in row), top=top,
            bottom=bottom, size=statistics.median(c["size"] for c in row),
            text="".join(pieces), lead=_lead(row),
        ))
    return lines


def _breaks(before: TextLine, line: TextLine, right: float, first_x0: float, lines_in_paragraph: int) -> bool:
    size = before.size
    ends = before.text.rstrip().endswith(_SENTENCE_END)
    if line.top - before.bottom > 0.9 * size or abs(line.size - before.size) > 1:
        return True
    if right - before.x1 > line.lead + 0.2 * size:
        return True
    if ends and right - before.x1 > line.lead - 0.3 * size:
        return True  # a sentence ended with room for the next line's start: that line began a paragraph
    start = line.text.lstrip()
    if start.startswith(_BULLETS):
        return True
    if ends and (_MARKER.match(start) or line.x0 > before.x0 + 0.6 * size):
        return True
    hanging = lines_in_paragraph > 1 and before.x0 > first_x0 + 0.6 * size
    return hanging and line.x0 < before.x0 - 0.6 * size


def join_wrapped(pieces) -> str:
    """Pieces of one text wrapped over lines, joined as :func:`paragraphs` joins lines (a space only between two
    ASCII words)."""
    text = ""
    for piece in pieces:
        text = _join(text, piece)
    return text


def _join(text: str, more: str) -> str:
    if text and more and _is_word(text[-1]) and _is_word(more[0]):
        return f"{text} {more}"
    return text + more


def paragraphs(lines: list[TextLine], right: float) -> list[tuple[str, TextLine]]:
    """Join wrapped lines into paragraphs.

    Args:
        lines: The lines of one cell or one run of page text, top to bottom.
        right: Where a full line ends (the cell's inner right edge, or the text area's).

    Returns:
        ``(paragraph text, its first line)`` for each paragraph; whitespace runs become one space (kept
        so that a heading's marker stays apart from its text: 「1 意見の概要」).
    """
    found: list[tuple[str, TextLine]] = []
    text, first, count, before = "", None, 0, None
    for line in lines:
        piece = line.text.strip()
        if before is not None and _breaks(before, line, right, first.x0, count):
            found.append((text, first))
            text, first, count = "", None, 0
        if first is None:
            first = line
        text = _join(text, piece)
        count += 1
        before = line
    if first is not None:
        found.append((text, first))
    return [(" ".join(text.split()), line) for text, line in found if tidy(text)]
