"""Footnotes and endnotes of a Word document, read from the .docx or from Word's own web page.

A city's answer often ends with a reference mark (「…検討しました。¹」) whose text is at the foot of the page
(「¹ 令和5年度の調査による。」). The readers write the mark into the text as a label, 「…検討しました。（注1）」, and keep
the note's text with the cell that refers to it, as its last paragraph: 「（注1）令和5年度の調査による。」, so that an
answer reused as a precedent keeps what it rests on; :func:`with_note_warnings` then says, for each note, the item it
went to, or that it went to none (a mark in the title or in text outside the table).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from assistant.models import ParsedDocument

# A cell's text that is a number of the No. column: 「1」, 「3-1」, 「(2)」, 「No.4」, 「①」.
_NUMBER = re.compile(r"(?:No\.?|NO\.?|№)?[(\[]?(?:\d+(?:[-.]\d+)*|[①-⑳])[)\]]?\.?")


@dataclass(frozen=True)
class Footnote:
    """A footnote (or endnote) the document refers to: the label its mark is written as, and its paragraphs."""

    label: str
    paragraphs: tuple[str, ...]
    # where the mark was left out instead (a header 「ご意見の概要」 or a No. 「1」, which must stay what they are):
    # (「見出し」 or 「番号の欄」, the cell's text); the note's text is then only said
    place: tuple[str, str] | None = None
    # said after the note's warning: that the original's numbers restart on each page, so the label may not be the
    # number printed there
    caveat: str = ""

    @property
    def text(self) -> str:
        return " ".join(self.paragraphs)

    def lines(self) -> list[str]:
        """The note as the paragraphs added after the referring text: the label in front of its first one."""
        first, *rest = self.paragraphs or ("",)
        return [f"{self.label}{first}", *rest]


def note_label(number: str, end: bool = False) -> str:
    """The label of a footnote's mark, 「（注1）」, or of an endnote's, 「（文末注i）」."""
    return f"（{'文末注' if end else '注'}{number}）"


def bare_cell(text: str, header_row: bool, first_column: bool, header_block: bool = False) -> str | None:
    """「見出し」 when a cell of the table's header row(s) names a column, or is in a row above the first one whose
    first cell holds a No. that goes on from the header (``header_block``, its first cell merged from above or empty:
    any short words without 「。」, 「該当箇所」; a row with its own first cell, 「全般」, is an item's, never in it), 「番号の欄」 when a body row's first cell (or row header)
    holds only an item's number: a cell that takes no note's mark nor text, so that the header is still recognised and
    the No. stays the No. Every other cell (「意見」, 「No.1の回答のとおり」 in a body row) takes its note."""
    from assistant.readers.columns import header_like
    from assistant.readers.grid import column_role

    flat = _flat(text)
    if not flat:
        return None
    if header_block:  # a column's name or a header's short words, not an item's answer above the first No.
        return "見出し" if header_like(flat) else None
    if header_row:
        return "見出し" if header_like(flat) and column_role(flat) is not None else None
    if first_column and _NUMBER.fullmatch(flat):
        return "番号の欄"
    return None


def is_number(text: str) -> bool:
    """Whether a cell's text is only an item's number (「1」, 「3-1」, 「No.4」)."""
    return _NUMBER.fullmatch(_flat(text)) is not None


def _flat(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _notes_last(paragraphs: list[str], blocks: list[list[str]]) -> list[str]:
    """The paragraphs with each note's (a block of its paragraphs, as added) after all the others, in their order."""
    found: list[int] = []
    index = 0
    while index < len(paragraphs):
        block = next((block for block in blocks if paragraphs[index:index + len(block)] == block), None)
        if block is None:
            index += 1
            continue
        found.extend(range(index, index + len(block)))
        index += len(block)
    if not found:
        return paragraphs
    taken = set(found)
    return [paragraph for index, paragraph in enumerate(paragraphs) if index not in taken] + [paragraphs[i] for i in found]


def with_note_warnings(document: ParsedDocument, notes: list[Footnote]) -> ParsedDocument:
    """The document with a warning for each note: the items whose comment or answer got its text, else that no
    item did (its text quoted, so that it is lost nowhere). A note's text is moved to the end of the comment or answer
    that holds it: a row continued in the second part of a table split by a page break is joined after the note was
    added to the first part's cell (「…ほしい。（注1）」「（注1）…」「子どもが…」)."""
    blocks = sorted((note.lines() for note in notes if note.place is None), key=len, reverse=True)
    if blocks:
        document = replace(document, items=tuple(
            replace(item, comment="\n".join(_notes_last(item.comment.split("\n"), blocks)),
                    answer_paragraphs=tuple(_notes_last(list(item.answer_paragraphs), blocks)))
            for item in document.items))
    warnings = []
    for note in notes:
        wanted = _flat(note.lines()[0])
        holders = [item.no for item in document.items if wanted in _flat(item.answer) or wanted in _flat(item.comment)]
        kind = "文末脚注" if note.label.startswith("（文末注") else "脚注"
        if note.place is not None:
            where, text = note.place
            warnings.append(f"{kind}{note.label}「{note.text}」は、表の{where}「{text}」に付いていたため、その欄には注の印も"
                            f"本文も加えず、項目には含めていません。原本の{kind}と照らして確認してください。{note.caveat}")
        elif holders:
            nos = "、".join(f"No.{no}" for no in dict.fromkeys(holders))
            warnings.append(f"{nos}: {kind}{note.label}「{note.text}」を、それを付けた欄の最後の段落として加えました"
                            f"（本文の番号は「{note.label}」と書いています）。原本の{kind}と照らして確認してください。{note.caveat}")
        else:
            warnings.append(f"{kind}{note.label}「{note.text}」は、どの項目のご意見・回答の欄にもない箇所（表の外の本文など）"
                            f"に付いていたため、項目には含めていません。{note.caveat}")
    if not warnings:
        return document
    return replace(document, warnings=document.warnings + tuple(warnings))
