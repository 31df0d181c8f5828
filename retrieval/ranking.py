"""Pure ranking functions over ``(id, score)`` lists. Ties are always broken by id.

Example:
    >>> rank([("b", 0.5), ("a", 0.5), ("c", 0.9)])
    [('c', 0.9), ('a', 0.5), ('b', 0.5)]
    >>> group_by_key([("p1", 0.9), ("p2", 0.8), ("p3", 0.7)], {"p1": "t1", "p2": "t2", "p3": "t1"})
    [('t1', 0.9, ['p1', 'p3']), ('t2', 0.8, ['p2'])]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

Scored = tuple[str, float]


def rank(scored: Iterable[Scored]) -> list[Scored]:
    """Best first; equal scores in id order."""
    return sorted(scored, key=lambda item: (-item[1], item[0]))


def zscore(value: float, mean: float, std: float) -> float:
    """How many background standard deviations ``value`` lies above the background mean."""
    return (value - mean) / std if std > 1e-9 else 0.0


def linear(features: Sequence[float], weights: Sequence[float], bias: float) -> float:
    """The fused score: a weighted sum of features plus a bias (a logit)."""
    return sum(f * w for f, w in zip(features, weights)) + bias


def sigmoid(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(logit, 60.0), -60.0)))


def group_by_key(ranked: Sequence[Scored], key_of: Mapping[str, str]) -> list[tuple[str, float, list[str]]]:
    """Collapse ranked ids sharing a key (an answer template) into one entry scored by its best member.

    Members keep their rank order; groups are ordered by best score, ties by key.
    """
    best: dict[str, float] = {}
    members: dict[str, list[str]] = {}
    for item_id, score in ranked:
        key = key_of[item_id]
        if key in members:
            best[key] = max(best[key], score)
            members[key].append(item_id)
        else:
            best[key], members[key] = score, [item_id]
    ordered = sorted(best, key=lambda key: (-best[key], key))
    return [(key, best[key], members[key]) for key in ordered]
