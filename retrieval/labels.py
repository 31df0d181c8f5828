"""Labelled queries (the format of ``data/eval/queries.jsonl``) and how a gold answer is recognised.

Each line: ``id``, ``query``, ``gold`` (phrases; an answer is correct when it contains one, both
sides NFKC-normalised with all whitespace removed) and ``out_of_domain``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.jsonl import read_records
from assistant.textnorm import squash


@dataclass(frozen=True)
class LabelledQuery:
    id: str
    query: str
    gold: tuple[str, ...]
    out_of_domain: bool


def read_queries(path: Path | str) -> list[LabelledQuery]:
    """Read a labelled query file, refusing malformed lines with their line number."""
    path = Path(path)
    return read_records(
        path, lambda data: LabelledQuery(str(data["id"]), data["query"], tuple(data.get("gold", [])),
                                         bool(data.get("out_of_domain"))),
        missing=f"{path}: 評価用クエリのファイルが見つかりません。",
    )


def is_correct(answer: str, gold: tuple[str, ...]) -> bool:
    """Whether the answer contains one of the gold phrases (width and spaces ignored).

    Example:
        >>> is_correct("申請・取得するかどうかは 任意 です。", ("申請・取得するかどうかは任意",))
        True
    """
    text = squash(answer)
    return any(squash(g) in text for g in gold)
