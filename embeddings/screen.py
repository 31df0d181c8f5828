"""Exact top-k search that reads fewer bytes: a float16 copy screens, the float32 rows decide.

One query's exact search over float32 rows is bound by memory: 10,000 precedents are about 24,000
rows, 37 MB, read on every search. :class:`Float16Screen` keeps a float16 copy (FAISS's scalar
quantizer, half the bytes) and, for each query vector:

1. scans the float16 copy for its best ``2k`` rows;
2. scores the rows any query vector screened in again in float32, all query vectors together, with the
   same FAISS call as the plain scan (so the same rounding), and keeps the best ``k`` of each;
3. keeps that answer only when, for every query vector, no row outside its ``2k`` can reach its ``k``-th
   float32 score: a row's float16 score differs from its float32 score by at most ``|q| * |x - x16|``
   (Cauchy-Schwarz; the largest ``|x - x16|`` of any row is measured when the screen is built), plus
   float32 summation error. Otherwise the plain float32 scan runs.

So the rows and scores returned are those of the plain scan; the screen only changes how many bytes
are read. (An int8 copy reads half as much again, but its error bound, 0.015 on e5 vectors, is wider
than the gap between the 108th and the 216th best scores, about 0.005, so nearly every search fell
back to the full scan.)

Example:
    >>> import numpy as np
    >>> rows = np.random.default_rng(0).standard_normal((500, 8)).astype(np.float32)
    >>> rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    >>> scores, found = Float16Screen(rows).search(rows[:2], 5)
    >>> plain_scores, plain = exact_knn(rows[:2], rows, 5)
    >>> bool((found == plain).all() and (scores == plain_scores).all())
    True
"""

from __future__ import annotations

import faiss
import numpy as np

# Float32 rounding of a 384-term inner product of unit vectors stays below 384 * 2**-24 (~2.3e-5),
# in the float16 scan and in the float32 scores alike; the margin covers both several times over.
SUMMATION_MARGIN = 1e-4
WIDEN = 2  # rows passed from the float16 scan to the float32 rescoring, per row asked for
_SLICE = 16_384  # rows decoded at a time when the rounding error is measured


def exact_knn(queries: np.ndarray, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """FAISS's exact inner-product top ``k`` of every query: ``(scores, rows)``, best first."""
    return faiss.knn(queries, vectors, k, metric=faiss.METRIC_INNER_PRODUCT)


class Float16Screen:
    """A float16 copy of float32 rows that makes exact top-k search read half the bytes (see the module).

    Never modified once built: changed rows get a new screen.

    Args:
        vectors: ``(rows, dim)`` float32; held by reference for the float32 rescoring, not copied.
    """

    def __init__(self, vectors: np.ndarray) -> None:
        self.vectors = vectors
        self.index = faiss.IndexScalarQuantizer(vectors.shape[1], faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT)
        self.index.add(vectors)
        self.error = 0.0  # the largest distance of any row from its float16 image
        for start in range(0, len(vectors), _SLICE):
            part = vectors[start:start + _SLICE]
            decoded = self.index.sa_decode(self.index.sa_encode(part))
            self.error = max(self.error, float(np.linalg.norm(decoded - part, axis=1).max()))

    @property
    def nbytes(self) -> int:
        return self.index.ntotal * self.index.code_size

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The same ``(scores, rows)`` as :func:`exact_knn` over the float32 rows."""
        scores, rows, _ = self.search_counted(queries, k)
        return scores, rows

    def search_counted(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, int]:
        """:meth:`search`, and how many query vectors were searched by the full float32 scan."""
        wide = WIDEN * k
        if wide >= len(self.vectors):
            return (*exact_knn(queries, self.vectors, k), len(queries))
        approx, screened = self.index.search(queries, wide)
        # All query vectors rescored together, as the plain scan scores them (FAISS's kernel for a batch
        # rounds differently from its one-query kernel), over every row any of them screened in.
        candidates = np.unique(screened)
        scores, picked = exact_knn(queries, self.vectors[candidates], k)
        bounds = self.error * np.linalg.norm(queries, axis=1) + SUMMATION_MARGIN
        # A row outside query i's screened rows scores at most approx[i, -1] in float16, so at most
        # approx[i, -1] + bound in float32: below the k-th score found, it cannot belong in the top k.
        if np.all(approx[:, -1].astype(np.float64) + bounds < scores[:, -1]):
            return scores, candidates[picked], 0
        return (*exact_knn(queries, self.vectors, k), len(queries))
