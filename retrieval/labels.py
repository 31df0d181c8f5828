"""Labelled queries (the format of ``data/eval/queries.jsonl``) and how a gold answer is recognised.

Each line: ``id``, ``query``, ``gold`` (phrases; an answer is correct when it contains one, both
sides NFKC-normalised with all whitespace removed) and ``out_of_domain``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.errors import QueryError
from assistant.jsonl import checked, read_records
from assistant.textnorm import squash


@dataclass(frozen=True)
class LabelledQuery:
    id: str
    query: str
    gold: tuple[str, ...]
    out_of_domain: bool


def read_queries(path: Path | str, searchable: bool = False) -> list[LabelledQuery]:
    """Read a labelled query file, refusing malformed lines with their line number.

    Args:
        searchable: Also refuse (by line and id) a query the search refuses (symbols only, over
            ``max_query_chars``): ``eval`` stopped at it after the model had loaded, naming neither.
    """
    path = Path(path)
    return read_records(path, _searchable_query if searchable else _query,
                        missing=f"{path}: 評価用クエリのファイルが見つかりません。", shape=QUERY_SHAPE)


QUERY_SHAPE = ('1行を {"id": "q1", "query": "ご意見の文", "gold": ["正解の回答の一節", …], "out_of_domain": false} '
               "の形にしてください（gold は文字列のリストで、前例のないクエリ（out_of_domain が true）だけ省略可。"
               "out_of_domain は true か false で、省略すると false）。")


def _query(data: dict) -> LabelledQuery:
    """One labelled query from a parsed line; a field of the wrong type is refused (ValueError), never coerced:
    ``"gold": "text"`` became one gold phrase per character, and ``"out_of_domain": "false"`` became True.

    A query with a precedent (``out_of_domain`` false or left out) needs its gold phrases: without them it was
    counted as a miss, lowering recall and MRR without a word."""
    gold = checked(data, "gold", list, "文字列のリスト", default=[])
    if not all(isinstance(phrase, str) and phrase.strip() for phrase in gold):
        raise ValueError("「gold」の中身は空でない文字列にしてください")
    query = checked(data, "query", str, "文字列")
    if not query.strip():
        raise ValueError("「query」が空です")
    identifier = str(checked(data, "id", (str, int), "文字列"))
    out_of_domain = checked(data, "out_of_domain", bool, "true か false のどちらか", default=False) is True
    if not gold and not out_of_domain:
        raise ValueError(f"「gold」{'が空です' if 'gold' in data else 'がありません'}。前例のあるクエリには正解の回答の一節を、"
                         '前例のないクエリには "out_of_domain": true を書いてください')
    return LabelledQuery(identifier, query, tuple(gold), out_of_domain)


def _searchable_query(data: dict) -> LabelledQuery:
    from retrieval.search import check_query  # not at the top: retrieval.search imports numpy and the ranking

    query = _query(data)
    try:
        check_query(query.query)
    except QueryError as error:
        raise QueryError(f"id「{query.id}」のクエリは検索できません。{error}") from error
    return query


def is_correct(answer: str, gold: tuple[str, ...]) -> bool:
    """Whether the answer contains one of the gold phrases (width and spaces ignored).

    Example:
        >>> is_correct("申請・取得するかどうかは 任意 です。", ("申請・取得するかどうかは任意",))
        True
    """
    text = squash(answer)
    return any(squash(g) in text for g in gold)
