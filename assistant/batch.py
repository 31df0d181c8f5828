"""Batch drafting: a whole consultation's comments in, a preselected answer for each out.

Near-identical comments (mass or organised submissions) are grouped so that one answer serves the
group, as published tables do (「同趣旨のご意見は一つにまとめております」).

Example:
    >>> read_pasted("除雪を増やして。\\n除雪を増やして！\\n\\n図書館を広げて。")
    ['除雪を増やして。\\n除雪を増やして！', '図書館を広げて。']
    >>> group_similar(["除雪の回数を増やしてほしい。", "除雪の回数を増やしてほしい！", "図書館を広げて。"])
    [0, 0, 2]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.drafts import Consultation, Draft, DraftConflict, save_consultation, save_draft
from assistant.errors import NoContentError, QueryError
from assistant.readers.sniff import read_text
from assistant.readers.spreadsheet import find_header, load_frame
from retrieval import Retriever, Suggestion, check_query
from assistant.templates import group_paragraphs
from assistant.textnorm import normalize, tidy
from assistant.users import User

DUPLICATE_SIMILARITY = 0.85
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


def read_comment_file(path: Path) -> list[str]:
    """Comments from a CSV/XLSX (the ご意見 column, else the first column) or a text file (see read_pasted)."""
    if path.suffix.lower() not in {".csv", ".tsv", ".xlsx", ".xlsm"}:
        return read_pasted(read_text(path)[0])
    frame = load_frame(path, None)
    start, column = comment_column(frame)
    comments = [tidy(str(value)) for value in frame.iloc[start:, column]]
    comments = [comment for comment in comments if comment]
    if not comments:
        raise NoContentError(path, "ご意見の行がありません。1行に1件のご意見を入れてください。")
    return comments


def group_similar(comments: list[str], threshold: float = DUPLICATE_SIMILARITY) -> list[int]:
    """For each comment, the index of the first comment of its near-duplicate group."""
    groups = group_paragraphs(((str(i), normalize(c)) for i, c in enumerate(comments)), threshold)
    leader = {}
    for members in groups:
        first = min(int(member) for member in members)
        leader.update({int(member): first for member in members})
    return [leader[i] for i in range(len(comments))]


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
    """

    index: int
    comment: str
    group: int
    suggestions: tuple[Suggestion, ...]
    confidence: float
    no_precedent: bool
    error: str | None = None

    @property
    def best(self) -> Suggestion | None:
        return self.suggestions[0] if self.suggestions else None


def suggest_batch(retriever: Retriever, comments: list[str], k: int = 3, progress: Progress | None = None) -> list[BatchRow]:
    """Search each group of near-identical comments once and preselect its best answer."""
    groups = group_similar(comments)
    found: dict[int, tuple] = {}
    leaders = sorted(set(groups))
    for done, leader in enumerate(leaders, start=1):
        found[leader] = _search_whole(retriever, comments[leader], k)
        if progress:
            progress(done, len(leaders))
    return [BatchRow(i, c, groups[i], *found[groups[i]]) for i, c in enumerate(comments)]


def _search_whole(retriever: Retriever, comment: str, k: int) -> tuple:
    try:
        check_query(comment)
    except QueryError as error:  # keep the row and say why
        return (), 0.0, True, str(error)
    point = retriever.search_point(comment, k)
    return point.results, point.confidence, point.no_precedent, None


def group_members(rows: list[BatchRow], leader: int) -> list[BatchRow]:
    """Every row of the group that ``leader`` heads, in batch order (the leader first)."""
    return [row for row in rows if row.group == leader]


def group_item_no(rows: list[BatchRow], leader: int) -> str:
    """The group's No. as published: 「1・2」 for a group of the first two comments."""
    return "・".join(str(row.index + 1) for row in group_members(rows, leader))


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
    """Save the consultation and each draft with its own version check (personal data masked).

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
            saved[draft.item_no] = save_draft(store, draft, mask_personal=True, user=user)
        except DraftConflict as conflict:
            conflicts[draft.item_no] = conflict
    return BatchSave(saved, conflicts, tuple(empty))
