"""Pure ranking functions over score arrays. Ties are always broken by id.

Example:
    >>> import numpy as np
    >>> [(g, s, m.tolist()) for g, s, m in rank_groups(np.array([0.9, 0.8, 0.7]), np.array([0, 1, 2]), np.array([5, 6, 5]))]
    [(5, 0.9, [0, 2]), (6, 0.8, [1])]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def zscore(value: float, mean: float, std: float) -> float:
    """How many background standard deviations ``value`` lies above the background mean."""
    return (value - mean) / std if std > 1e-9 else 0.0


def linear(features: Sequence[float], weights: Sequence[float], bias: float) -> float:
    """The fused score: a weighted sum of features plus a bias (a logit)."""
    return sum(f * w for f, w in zip(features, weights)) + bias


def sigmoid(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(logit, 60.0), -60.0)))


def rank_groups(scores: np.ndarray, ids: np.ndarray, groups: np.ndarray,
                limit: int | None = None) -> list[tuple[int, float, np.ndarray]]:
    """Collapse ranked items sharing a group (an answer family) into one entry scored by its best member.

    Items are ranked best first, equal scores by ``ids`` (integers in the order of the items' ids); groups
    by their best score, ties by group number. Returns the first ``limit`` groups as ``(group, best score,
    member indices best first)``.
    """
    order = np.lexsort((ids, -scores))
    ranked_groups = groups[order]
    codes, first = np.unique(ranked_groups, return_index=True)  # a group's first place is its best
    best = scores[order[first]]
    return [(int(codes[j]), float(best[j]), order[ranked_groups == codes[j]])
            for j in np.lexsort((codes, -best))[:limit]]
