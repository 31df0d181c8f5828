"""Batch drafting: a whole consultation's comments in, a preselected answer for each out.

Near-identical comments (mass or organised submissions) are grouped so that one answer serves the
group, as published tables do (「同趣旨のご意見は一つにまとめております」). At national scale (200,000
comments, most of them copies of a few campaign letters) exact copies are merged first, in one pass
that keeps only the distinct texts (:func:`group_batch`), and only those distinct texts are compared
for near-duplicates; each group keeps its count (「同趣旨 1,523件」) and is searched once, when needed
(:func:`search_group`). Files are read row by row (:func:`read_comments`), within the input limits.

Example:
    >>> read_pasted("除雪を増やして。\\n除雪を増やして！\\n\\n図書館を広げて。")
    ['除雪を増やして。\\n除雪を増やして！', '図書館を広げて。']
    >>> group_similar(["除雪の回数を増やしてほしい。", "除雪の回数を増やしてほしい！", "図書館を広げて。"])
    [0, 0, 2]
    >>> [(g.no, g.count, g.copies) for g in group_batch(["除雪を増やして。", "図書館を広げて。", "除雪を 増やして。"])]
    [('1・3', 2, 1), ('2', 1, 0)]
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path

import pandas as pd

from assistant.drafts import Consultation, Draft, DraftConflict, save_consultation, save_draft
from assistant.errors import NoContentError, QueryError
from assistant.personal import mask
from assistant.readers.sniff import read_text
from assistant.readers.spreadsheet import _HEADER_SCAN_ROWS, find_header, iter_rows
from retrieval import Retriever, Suggestion, check_query
from assistant.templates import group_paragraphs
from assistant.textnorm import normalize, tidy
from assistant.users import User

DUPLICATE_SIMILARITY = 0.85
LISTED_NOS = 10  # a group of more comments is numbered 「12ほか1,522件」, not with every No.
SPREADSHEETS = {".csv", ".tsv", ".xlsx", ".xlsm"}
Progress = Callable[[int, int], None]


def read_pasted(text: str) -> list[str]:
    """Comments from pasted text: blocks separated by blank lines, or one per line when there are none."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return []
    if re.search(r"\n\s*\n", text):
        return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    return [line.strip() for line in text.split("\n") if line.strip()]


# Header rows, most telling first: a ご意見 column beside a No. or an answer column, then a lone column
# named exactly (so that a title row such as 「除雪へのご意見一覧」 is not taken for the header), then any.
_COMMENT_HEADERS = ((("comment", "no"), False), (("comment", "answer"), False), (("comment",), True),
                    (("comment",), False))


def comment_column(frame) -> tuple[int, int]:
    """(first data row, comment column) of a spreadsheet of comments, found the way ``ingest`` finds its
    header (title rows above the header are skipped); (0, 0) when no row names a ご意見 column."""
    for required, exact in _COMMENT_HEADERS:
        found = find_header(frame, required, exact)
        if found is not None:
            row, mapping = found
            return row + 1, mapping["comment"]
    return 0, 0


def read_comments(path: Path) -> Iterator[str]:
    """Comments from a CSV/XLSX (the ご意見 column, else the first column), read row by row so that only
    the comment column is kept, or from a text file (see read_pasted). Blank cells are skipped.

    Raises:
        InputTooLargeError: The file, a cell or the row count is over its limit.
        NoContentError: No row holds a comment.
        IngestError: The file cannot be read (see :func:`assistant.readers.spreadsheet.iter_rows`).
    """
    if path.suffix.lower() not in SPREADSHEETS:
        yield from read_pasted(read_text(path)[0])
        return
    rows = iter_rows(path)
    head = list(islice(rows, _HEADER_SCAN_ROWS))
    width = max((len(row) for row in head), default=0)
    start, column = comment_column(pd.DataFrame([row + [""] * (width - len(row)) for row in head], dtype=str))
    found = 0
    tidied = lru_cache(maxsize=1024)(tidy)  # copies of a campaign letter are tidied once
    for row in chain(head[start:], rows):
        comment = tidied(row[column]) if column < len(row) else ""
        if comment:
            found += 1
            yield comment
    if not found:
        raise NoContentError(path, "ご意見の行がありません。1行に1件のご意見を入れてください。")


def read_comment_file(path: Path) -> list[str]:
    """Every comment of a file as a list (see :func:`read_comments`, which streams them)."""
    return list(read_comments(path))


def exact_key(comment: str) -> str:
    """What two copies of one letter share: NFKC, every whitespace removed.

    Example:
        >>> exact_key("除雪を　増やして ｜ＡＢＣ") == exact_key("除雪を増やして|ABC")
        True
    """
    return "".join(unicodedata.normalize("NFKC", comment).split())


@dataclass(frozen=True)
class BatchGroup:
    """Comments that one answer serves: exact copies and near-duplicates of one point.

    Attributes:
        index: Position of its first comment in the batch (0-based); the group's key.
        comment: Its first comment, as written (the representative).
        members: Position of every comment of the group, in batch order.
        variants: Each distinct wording (after NFKC and whitespace removal) as ``(text as first written,
            position of its first comment, comments with it)``, in order of first appearance.
    """

    index: int
    comment: str
    members: tuple[int, ...]
    variants: tuple[tuple[str, int, int], ...]

    @property
    def count(self) -> int:
        """Comments in the group (「同趣旨 1,523件」)."""
        return len(self.members)

    @property
    def copies(self) -> int:
        """Comments merged as exact copies of a wording already in the group."""
        return self.count - len(self.variants)

    @property
    def no(self) -> str:
        """The group's No. as published: 「1・3」, or 「12ほか1,522件」 past LISTED_NOS comments."""
        if self.count <= LISTED_NOS:
            return "・".join(str(member + 1) for member in self.members)
        return f"{self.index + 1}ほか{self.count - 1:,}件"

    @property
    def label(self) -> str:
        """「同趣旨 1,523件（同文の写し 1,400件、似た文面 124種類）」, or empty for a lone comment."""
        if self.count == 1:
            return ""
        parts = ([f"同文の写し {self.copies:,}件"] if self.copies else []) + (
            [f"似た文面 {len(self.variants):,}種類"] if len(self.variants) > 1 else [])
        return f"同趣旨 {self.count:,}件（{'、'.join(parts)}）"

    @property
    def summary(self) -> str:
        """The comment as saved and exported (ご意見の概要): the representative, with the count when others
        share it."""
        return self.comment if self.count == 1 else f"{self.comment}\n（同趣旨 {self.count:,}件）"


def group_batch(comments: Iterable[str], threshold: float = DUPLICATE_SIMILARITY) -> list[BatchGroup]:
    """Group a batch: exact copies first (one pass, only distinct texts kept), then near-duplicates among
    the distinct texts (:func:`assistant.templates.group_paragraphs`). Groups come in order of first
    appearance, as published tables keep them; every comment is in exactly one group.

    ``comments`` may be a stream (:func:`read_comments`): memory grows with the distinct texts, not the copies.
    """
    texts, positions = _merge_copies(comments)
    near = group_paragraphs(((str(i), normalize(text)) for i, text in enumerate(texts)), threshold)
    groups = []
    for ids in near:
        wordings = sorted((int(i) for i in ids), key=lambda slot: positions[slot][0])
        members = tuple(heapq.merge(*(positions[slot] for slot in wordings)))
        groups.append(BatchGroup(members[0], texts[wordings[0]], members,
                                 tuple((texts[slot], positions[slot][0], len(positions[slot])) for slot in wordings)))
    return sorted(groups, key=lambda group: group.index)


def _merge_copies(comments: Iterable[str]) -> tuple[list[str], list[list[int]]]:
    """One pass: each distinct text (by :func:`exact_key`) as first written, and the positions of its copies.

    A copy character for character is found by its raw text, so NFKC runs once per distinct way of typing a
    text, not once per comment (200,000 comments: about 1 s instead of 30 s on a loaded two-core machine).
    """
    slots: dict[str, int] = {}
    typed: dict[str, int] = {}
    texts: list[str] = []
    positions: list[list[int]] = []
    for position, comment in enumerate(comments):
        slot = typed.get(comment)
        if slot is None:
            key = exact_key(comment)
            slot = slots.get(key)
            if slot is None:
                slot = slots[key] = len(texts)
                texts.append(comment)
                positions.append([])
            typed[comment] = slot
        positions[slot].append(position)
    return texts, positions


def group_similar(comments: list[str], threshold: float = DUPLICATE_SIMILARITY) -> list[int]:
    """For each comment, the index of the first comment of its group (see :func:`group_batch`)."""
    leader = [0] * len(comments)
    for group in group_batch(comments, threshold):
        for member in group.members:
            leader[member] = group.index
    return leader


@dataclass(frozen=True)
class BatchRow:
    """One comment of the batch with its preselected answer.

    Attributes:
        index: Position in the batch (0-based); the published No. is ``index + 1``.
        comment: The comment.
        group: Index of the first comment of its near-duplicate group (itself when alone).
        suggestions: Best answers for the whole comment, best first (empty when nothing is close).
        confidence: Probability that a close precedent exists.
        no_precedent: True when staff will have to write the answer from scratch.
        error: Why the comment could not be searched (empty, symbols only, …), else None.
        note: Why a searched comment has no verdict (a bare keyword), else "".
    """

    index: int
    comment: str
    group: int
    suggestions: tuple[Suggestion, ...]
    confidence: float
    no_precedent: bool
    error: str | None = None
    note: str = ""

    @property
    def best(self) -> Suggestion | None:
        return self.suggestions[0] if self.suggestions else None


def search_group(retriever: Retriever, group: BatchGroup, k: int = 3) -> BatchRow:
    """Search one group's representative comment and preselect its best answer (the row of the group)."""
    return BatchRow(group.index, group.comment, group.index, *_search_whole(retriever, group.comment, k))


def suggest_batch(retriever: Retriever, comments: list[str], k: int = 3, progress: Progress | None = None) -> list[BatchRow]:
    """Search each group of near-identical comments once; a row for every comment, with its group's answer.

    For a large batch, :func:`group_batch` with :func:`search_group` on the groups shown is the lighter way.
    """
    rows: list[BatchRow | None] = [None] * len(comments)
    groups = group_batch(comments)
    for done, group in enumerate(groups, start=1):
        found = search_group(retriever, group, k)
        for member in group.members:
            rows[member] = replace(found, index=member, comment=comments[member])
        if progress:
            progress(done, len(groups))
    return rows


def _search_whole(retriever: Retriever, comment: str, k: int) -> tuple:
    try:
        check_query(comment)
    except QueryError as error:  # keep the row and say why
        return (), 0.0, True, str(error), ""
    point = retriever.search_point(comment, k)
    return point.results, point.confidence, point.no_precedent, None, point.note


@dataclass(frozen=True)
class BatchSave:
    """What one save of the batch did, by the draft's No.

    Attributes:
        saved: The drafts as written (each with its new version).
        conflicts: Drafts not written because someone saved them after this batch last read them.
        empty: The No. of drafts not written because their answer is blank (no candidate, nothing written).
    """

    saved: dict[str, Draft]
    conflicts: dict[str, DraftConflict]
    empty: tuple[str, ...] = ()


def save_batch(store, consultation: Consultation, drafts: list[Draft], user: User | None = None) -> BatchSave:
    """Save the consultation and each draft with its own version check (personal data in the comments masked).

    A draft carries the id and version of its last save in this batch (None and 0 before the first): a
    later save updates it, and one that a colleague saved in between is left as the colleague saved it
    and reported in ``conflicts``; a draft whose answer is blank is not saved and is listed in ``empty``;
    the other drafts are saved all the same.

    Raises:
        DraftError: The consultation's name or the author is missing.
        PermissionDeniedError: The user may not save drafts.
    """
    save_consultation(store, consultation)
    saved, conflicts, empty = {}, {}, []
    for draft in drafts:
        if not draft.text.strip():
            empty.append(draft.item_no)
            continue
        try:
            # The citizens' comments are masked; the answers are the city's own wording, saved as written.
            saved[draft.item_no] = save_draft(store, replace(draft, comment=mask(draft.comment)), user=user)
        except DraftConflict as conflict:
            conflicts[draft.item_no] = conflict
    return BatchSave(saved, conflicts, tuple(empty))
