"""Candidate features: pure functions over a snapshot's arrays and one point's query vectors.

Raw e5 cosines bunch between 0.80 and 0.95 for related and unrelated text alike, and BM25 scores
depend on the corpus and the query's length, so every feature is relative to the point itself:
  - ``z_comment``: how far the similarity of the point to a past comment (both embedded with the query
    prompt: comment to comment on the same side of the model) lies above its similarity to the comments
    of a fixed random sample of the corpus (in standard deviations);
  - ``z_answer``: the same for the past answer's best matching paragraph (document prompt);
  - ``bm25``: the candidate's BM25 score above the corpus mean for this point, as a share of the highest
    score any document could reach for the point's words (x 10; bm25s's own k1 and b). Not a z-score:
    when one rare word matches one document, the corpus's spread is near zero and a z-score explodes;
  - ``coverage_comment`` / ``coverage_answer``: the share of the point's IDF mass the past comment /
    answer contains;
and per point (the same for every candidate): ``reference_gap``, how much closer the point comes to the
corpus than to comments on unrelated municipal topics (10 x the cosine difference); ``best_z``, the
highest dense z-score of any candidate; ``best_coverage``, the largest share of the point's IDF mass any
candidate contains.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from retrieval.snapshot import Snapshot, UnitBlock, csr_spans

DENSE_CANDIDATES = 100
LEXICAL_CANDIDATES = 30
# Below this many precedents in the similarity baseline, the reference comments on unrelated topics join the
# comments' baseline: the spread of one or two past comments is no baseline (an exact copy of a store's only
# precedent had z 0 and 「近い前例はありません」 at 1 %). The comments' only: the reference texts are comments (SQL
# text scored 28 % against six precedents when they joined the answers' baseline too). Not from three on: they are
# short comments on other topics, a lower baseline than a corpus's own (with three precedents, 「公園の遊具が古く
# 危険なので更新してください。」 got 22 % for a ごみ分別 answer, the threshold being 19 %).
MIN_BASELINE = 3


@dataclass(frozen=True)
class PointFeatures:
    """Features of every candidate of one point.

    Attributes:
        positions: Candidate precedent positions, ascending.
        values: Feature name -> one value per candidate (aligned with ``positions``).
        point: Point-level features (``reference_gap``).
        unit_scores: Best similarity of each unit (by unit id) to the point (-1 where not computed).
        tokens: The point's content-word tokens.
    """

    positions: np.ndarray
    values: dict[str, np.ndarray]
    point: dict[str, float]
    unit_scores: np.ndarray
    tokens: tuple[str, ...]


def candidates(snap: Snapshot, queries: np.ndarray | None, bm25: np.ndarray, exclude: frozenset[int]) -> np.ndarray:
    """Positions found by the vector index (top rows over the point's windows) and by BM25, ascending."""
    found = [np.zeros(0, np.int64)]
    if queries is not None and len(queries):
        rows, _ = snap.vectors.top_rows(queries, DENSE_CANDIDATES + 8 * len(exclude))
        found.append(snap.lookups.owners_of_rows(rows))
    limit = min(LEXICAL_CANDIDATES + len(exclude), len(bm25))
    if limit:
        top = np.argpartition(-bm25, limit - 1)[:limit]
        found.append(top[bm25[top] > 0].astype(np.int64))
    positions = np.unique(np.concatenate(found))
    return positions[~np.isin(positions, list(exclude))] if exclude else positions


def unit_scores(snap: Snapshot, uids: np.ndarray, queries: np.ndarray, into: np.ndarray) -> None:
    """Write into ``into[uid]`` the best similarity of each unit's windows to any query window."""
    UnitBlock.build(snap.lookups, snap.vectors.vectors, uids).score_into(queries, into)


def dense(snap: Snapshot, positions: np.ndarray, queries: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Comment similarity and best answer-paragraph similarity of each position (>= 0)."""
    lookups = snap.lookups
    para = lookups.para_uids[csr_spans(lookups.para_ptr, positions)]
    unit_scores(snap, np.concatenate([lookups.comment_uid[positions], para]), queries, scores)
    return scored(snap, positions, scores, para)


def scored(snap: Snapshot, positions: np.ndarray, scores: np.ndarray,
           para: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Comment and best answer-paragraph similarity (>= 0) of each position, read from unit ``scores``
    (``para``: the positions' paragraph unit ids, when the caller has them)."""
    lookups = snap.lookups
    lengths = lookups.para_ptr[positions + 1] - lookups.para_ptr[positions]
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(lengths) else np.zeros(0, np.int64)
    if para is None:
        para = lookups.para_uids[csr_spans(lookups.para_ptr, positions)]
    comment = np.maximum(scores[lookups.comment_uid[positions]], 0.0)
    answer = np.zeros(len(positions), dtype=np.float32)
    has = lengths > 0
    if has.any():
        answer[has] = np.maximum(np.maximum.reduceat(scores[para], offsets[has]), 0.0)
    return comment, answer


def zscores(values: np.ndarray, background: np.ndarray) -> np.ndarray:
    """How many standard deviations of ``background`` each value lies above its mean (0 when flat)."""
    values = np.asarray(values, dtype=np.float64)
    if not len(background):
        return np.zeros(len(values))
    mean, std = float(np.mean(background)), float(np.std(background))
    return (values - mean) / std if std > 1e-9 else np.zeros(len(values))


def point_features(
    snap: Snapshot,
    tokens: list[str],
    queries: np.ndarray | None,
    exclude: frozenset[int] = frozenset(),
) -> PointFeatures:
    """Every feature of every candidate of one point.

    Args:
        snap: The snapshot to search.
        tokens: The point's content-word tokens.
        queries: The point's window vectors (query prompt), or None for BM25 alone.
        exclude: Positions that must not be candidates (a query's own precedent, leave-one-out).
    """
    bm25 = snap.lexical.scores(tokens)
    positions = candidates(snap, queries, bm25, exclude)
    scores = np.full(len(snap.lookups.unit_id), -1.0, dtype=np.float32)
    values: dict[str, np.ndarray] = {}
    gap = 0.0
    if queries is not None and len(queries) and len(positions):
        comment, answer = dense(snap, positions, queries, scores)
        fixed = np.full_like(scores, -1.0)
        snap.fixed.score_into(queries, fixed)  # the background's units and the reference texts
        background = snap.background[~np.isin(snap.background, list(exclude))] if exclude else snap.background
        bg_comment, bg_answer = scored(snap, background, fixed)
        if len(background) < MIN_BASELINE:
            bg_comment = np.concatenate([bg_comment, np.maximum(fixed[snap.lookups.reference_uid], 0.0)])
        values["z_comment"] = zscores(comment, bg_comment)
        values["z_answer"] = zscores(answer, bg_answer)
        values["cos_comment"], values["cos_answer"] = comment, answer
        elsewhere = float(fixed[snap.lookups.reference_uid].max(initial=0.0))
        gap = (float(np.maximum(comment, answer).max()) - elsewhere) * 10
    else:
        for name in ("z_comment", "z_answer", "cos_comment", "cos_answer"):
            values[name] = np.zeros(len(positions))
    ceiling = snap.lexical.max_score(tokens)
    values["bm25"] = 10 * (bm25[positions] - bm25.mean()) / ceiling if ceiling > 0 and len(bm25) else np.zeros(len(positions))
    comment_share, answer_share = snap.lexical.part_coverages(tokens, positions)
    values["coverage_comment"], values["coverage_answer"] = np.array(comment_share), np.array(answer_share)
    point = {
        "reference_gap": gap,
        "best_z": max((float(values[n].max()) for n in ("z_comment", "z_answer")), default=0.0) if len(positions) else 0.0,
        "best_coverage": float(np.maximum(values["coverage_comment"], values["coverage_answer"]).max()) if len(positions) else 0.0,
    }
    return PointFeatures(positions, values, point, scores, tuple(tokens))
