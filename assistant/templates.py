"""Group identical and near-identical answer paragraphs into recurring templates.

A pure function over ``(paragraph id, text)`` pairs: exact duplicates (after normalisation) are
grouped first, then distinct texts whose normalised edit similarity (RapidFuzz ``ratio``, the Indel
similarity 2·matches / total length) reaches a threshold are joined (single linkage). Only texts whose
lengths could reach the threshold are compared, so the work grows with n·window, not n².

Example:
    >>> groups = group_paragraphs([("a", "同じ文です。"), ("b", "同じ文です。"), ("c", "違う話。")], 0.8)
    >>> sorted(sorted(g) for g in groups)
    [['a', 'b'], ['c']]
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable

import numpy as np
from rapidfuzz import fuzz, process


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, left: int, right: int) -> None:
        a, b = self.find(left), self.find(right)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _similar_pairs(texts: list[str], threshold: float) -> Iterable[tuple[int, int]]:
    """Pairs of indexes (into ``texts``, sorted by length) at or above the threshold."""
    lengths = [len(text) for text in texts]
    cutoff = threshold * 100
    for i, left in enumerate(texts):
        # ratio = 2m/(a+b) <= 2a/(a+b): it can reach t only while b <= a(2-t)/t.
        longest = lengths[i] * (2 - threshold) / threshold if threshold > 0 else float("inf")
        end = bisect_right(lengths, longest, lo=i + 1)
        if end <= i + 1:
            continue
        scores = process.cdist([left], texts[i + 1:end], scorer=fuzz.ratio, score_cutoff=cutoff)[0]
        for offset in np.flatnonzero(scores >= cutoff):
            yield i, i + 1 + int(offset)


def group_paragraphs(paragraphs: Iterable[tuple[str, str]], threshold: float) -> list[list[str]]:
    """Group paragraph ids whose normalised texts are identical or similar enough.

    Args:
        paragraphs: ``(paragraph id, normalised text)`` pairs.
        threshold: Similarity in [0, 1] at or above which two texts join one group.

    Returns:
        Groups of paragraph ids, every id in exactly one group (singletons included).
    """
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold of {threshold} is outside 0..1")
    by_text: dict[str, list[str]] = defaultdict(list)
    for paragraph_id, text in paragraphs:
        by_text[text].append(paragraph_id)
    texts = sorted(by_text, key=lambda text: (len(text), text))
    union = _UnionFind(len(texts))
    for i, j in _similar_pairs(texts, threshold):
        union.union(i, j)
    groups: dict[int, list[str]] = defaultdict(list)
    for index, text in enumerate(texts):
        groups[union.find(index)].extend(by_text[text])
    return [sorted(ids) for ids in groups.values()]
