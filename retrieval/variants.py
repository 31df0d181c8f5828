"""Ranking variants side by side on the same candidates: what each part of the ranking contributes.

``python -m assistant eval --queries FILE --compare`` searches every in-domain query once (the whole
comment as one point), computes every candidate's features once, and ranks the answer families with
each variant:
  - ``e5``: plain e5, the nearest past comment (cosine, no fusion);
  - ``bm25``: bm25s over content-word lemmas, with bm25s's own parameters;
  - ``rrf``: reciprocal-rank fusion (k = 60) of the comment, answer and BM25 rankings, no weights;
  - ``hybrid-default``: the measured default weights, before any fit;
  - ``dense`` / ``hybrid``: the weights fitted on this corpus (what ``suggest`` uses).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from retrieval.calibration import first_correct_rank
from retrieval.features import PointFeatures, point_features
from retrieval.labels import LabelledQuery, is_correct
from retrieval.retriever import Retriever
from retrieval.scoring import default_weights

RRF_K = 60
Variant = Callable[[PointFeatures], np.ndarray]


def reciprocal_rank_fusion(columns: Sequence[np.ndarray], k: int = RRF_K) -> np.ndarray:
    """Sum over the columns of 1 / (k + rank), ranks from 1 (ties share the better rank).

    Example:
        >>> reciprocal_rank_fusion([np.array([0.9, 0.1]), np.array([0.2, 0.8])], k=1).tolist()
        [0.8333333333333333, 0.8333333333333333]
    """
    total = np.zeros(len(columns[0]))
    for column in columns:
        ranks = np.array([1 + (column > value).sum() for value in column])
        total += 1.0 / (k + ranks)
    return total


def variants(retriever: Retriever) -> dict[str, Variant]:
    calibration = retriever.calibration

    def linear(weights) -> Variant:
        return lambda found: _matrix_of(found, weights.rank_features) @ np.array(weights.rank_weights)

    return {
        "e5": lambda found: found.values["cos_comment"],
        "bm25": lambda found: found.values["bm25"],
        "rrf": lambda found: reciprocal_rank_fusion(
            [found.values[name] for name in ("z_comment", "z_answer", "bm25")]),
        "hybrid-default": linear(default_weights("hybrid")),
        "dense": linear(calibration.modes["dense"]),
        "hybrid": linear(calibration.modes["hybrid"]),
    }


def _matrix_of(found: PointFeatures, names: tuple[str, ...]) -> np.ndarray:
    return np.column_stack([found.values[name] for name in names]) if len(found.positions) else np.zeros((0, len(names)))


def compare(retriever: Retriever, queries: Sequence[LabelledQuery]) -> dict[str, dict[str, float | None]]:
    """recall@1, recall@3 and MRR of every variant over the in-domain queries (None without one)."""
    snap = retriever.current()
    chosen = variants(retriever)
    ranks: dict[str, list[int | None]] = {name: [] for name in chosen}
    inside = [q for q in queries if not q.out_of_domain]
    for query in inside:
        found = point_features(snap, retriever.tokenizer(query.query), retriever.encode_point(query.query))
        families = [snap.view.family[int(p)] for p in found.positions]
        correct_families = {f for f, p in zip(families, found.positions)
                            if any(is_correct(m.answer, query.gold) for m in snap.family_members(f))}
        correct = np.array([f in correct_families for f in families], dtype=bool)
        for name, variant in chosen.items():
            if not len(found.positions):
                ranks[name].append(None)
                continue
            rank = first_correct_rank(variant(found), families, correct)
            ranks[name].append(rank if rank is not None and rank <= 10 else None)
    n = len(inside)
    return {
        name: {
            "recall@1": sum(r == 1 for r in values) / n if n else None,
            "recall@3": sum(r is not None and r <= 3 for r in values) / n if n else None,
            "mrr": sum(1 / r for r in values if r) / n if n else None,
        }
        for name, values in ranks.items()
    }
