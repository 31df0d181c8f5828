"""A parsed document from blocks: the answer table with its front matter, or the text fallback.

Every tabular format (PDF, Word, web page, published Excel) ends here, so they report titles,
periods, declared counts and the declared-vs-parsed warning exactly as the text reader does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from assistant.errors import NoContentError
from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
from assistant.readers.columns import half_header_note
from assistant.readers.docmeta import choose_title, find_meta, with_total
from assistant.readers.grid import Block, GridResult, Line, Row, read_grid
from assistant.readers.text import count_warning, parse_text
from assistant.readers.vertical import read_vertical
from assistant.textnorm import normalize


def _first_page(front: list[Line]) -> list[Line]:
    """Front matter of the first page, when pages are known (the title is there)."""
    pages = [line.page for line in front if line.page]
    return [line for line in front if line.page == pages[0]] if pages else front


def _with_pages(items: tuple[ParsedItem, ...], lines: list[Line]) -> tuple[ParsedItem, ...]:
    """Give items read from running text (minutes, numbered Q&A) the page where their text starts."""
    if not any(line.page for line in lines):
        return items
    flat = [(normalize(line.text), line.page) for line in lines]
    located, start = [], 0
    for item in items:
        probe = normalize(item.comment or item.answer)[:12]
        found = next((i for i in range(start, len(flat)) if probe and probe in flat[i][0]), None)
        if found is not None:
            start = found
        located.append(replace(item, page=flat[found][1]) if found is not None else item)
    return tuple(located)


def build_document(
    blocks: Iterable[Block], path: Path, digest: str, *, nothing: str, title: str | None = None,
    warnings: Iterable[str] = (),
) -> ParsedDocument:
    """Read the answer table out of the blocks, or rows labelled 意見 / 回答 one after another, or else
    their text as minutes, numbered Q&A or labelled comments and answers.

    Args:
        blocks: Table rows and text lines in reading order.
        path: The file, for the report and errors.
        digest: sha256 of the file's bytes.
        nothing: The message when neither a table nor text items are found.
        title: The title when the format knows it (a web page's heading); else the front matter's.
        warnings: Format-level warnings to put first (e.g. pages without text).

    Raises:
        NoContentError: Neither an answer table nor minutes or numbered Q&A.
    """
    blocks = list(blocks)
    grid = read_grid(blocks)
    if grid.items:
        return _table_document(grid, grid.items, grid.warnings, path, digest, title, warnings)
    labelled = read_vertical(blocks) if any(isinstance(block, Row) for block in blocks) else None
    text = "\n".join(line.text for line in grid.lines)
    chosen = title or choose_title([(line.text, line.size) for line in grid.lines[:20]]) or None
    try:
        parsed = parse_text(text, path, digest, title=chosen, nothing=nothing, lines=grid.lines)
    except NoContentError as error:
        if labelled is None or not (labelled.in_table and labelled.items):
            note = _half_header(blocks) if error.reason == nothing else None
            if note is None:
                raise
            raise NoContentError(path, nothing + note) from error
        parsed = None
    if labelled is not None and labelled.in_table and len(labelled.items) > (len(parsed.items) if parsed else 0):
        # Rows labelled 意見 / 回答 (a table per comment); a small summary table with such labels loses to
        # the text when the text holds more items.
        return _table_document(grid, labelled.items, labelled.warnings, path, digest, title, warnings)
    items = _with_pages(parsed.items, grid.lines)
    return ParsedDocument(parsed.meta, items, tuple(warnings) + parsed.warnings, parsed.source, digest)


def _half_header(blocks: list[Block]) -> str | None:
    """What the first table row naming a comment column but no answer column (or the other way round) lacks
    (:func:`assistant.readers.columns.half_header_note`), for the message of a document refused without a table."""
    for block in blocks:
        if isinstance(block, Row) and (note := half_header_note(["".join(cell.paragraphs) for cell in block.cells])):
            return note
    return None


def _table_document(
    grid: GridResult, items: list[ParsedItem], notes: list[str], path: Path, digest: str, title: str | None,
    warnings: Iterable[str],
) -> ParsedDocument:
    """The document of items read from table rows, with the title, period and count of its front matter."""
    opening = _first_page(grid.front)
    outside = [line for line in opening if not line.in_table] or opening  # a caption row is not the title
    chosen = title or choose_title([(line.text, line.size) for line in outside]) or path.stem
    meta = DocumentMeta(title=chosen, kind="table", **find_meta("\n".join(line.text for line in grid.front)))
    meta = with_total(meta, grid.total)  # a total row under the table: 「合計 | 6件」
    every = [*warnings, *notes, *count_warning(meta.declared_count, items)]
    return ParsedDocument(meta, tuple(items), tuple(every), str(path), digest)
