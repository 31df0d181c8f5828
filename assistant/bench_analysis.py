"""``python -m assistant bench --only analysis``: the analysts' pair search of
:func:`assistant.analysis.inconsistent_answers` on a large corpus, beside a baseline of the same run.

The corpus is synthetic (fixed seed): 20,000 comments in groups of ten near-identical ones (unit vectors of
384 dimensions around 2,000 random centres), each with its own answer, so that every pair of a group is a
candidate. The baseline is the brute-force pair search the function did before: the whole similarity
matrix at once (``vectors @ vectors.T``, then the pairs above the threshold). Time and peak Python memory
(tracemalloc, which sees numpy's arrays) of each.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from types import SimpleNamespace
from typing import TextIO

import numpy as np

SIZE = 20_000
GROUP = 10
SEED = 7


def synthetic_retriever(size: int = SIZE, seed: int = SEED):
    """A stand-in retriever with ``size`` precedents whose comment vectors come in groups of :data:`GROUP`."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(size // GROUP, 384)).astype(np.float32)
    vectors = np.repeat(centres, GROUP, axis=0) + 0.08 * rng.normal(size=(size, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    kana = np.array(list("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"))
    answers = ["".join(rng.choice(kana, 30)) for _ in range(size)]  # no two alike as one wording
    precedents = [SimpleNamespace(id=f"p{i}", no=str(i + 1), document_id="d", comment=f"ご意見{i}", answer=answers[i],
                                  paragraphs=(answers[i],), template_ids=(f"t{i}",)) for i in range(size)]
    rows = {f"ご意見{i}": i for i in range(size)} | {answer: i for i, answer in enumerate(answers)}
    view = SimpleNamespace(precedents=precedents, documents={"d": SimpleNamespace(title="合成の計画", period_start=None)},
                           family=tuple(p.id for p in precedents))  # no two answers alike: a family each

    class Synthetic:
        def current(self):
            return SimpleNamespace(view=view)

        def vectors_for(self, texts, kind=None):
            return vectors[[rows[text] for text in texts]]

    return Synthetic(), vectors


def _measured(work: Callable[[], object]) -> tuple[object, float, float]:
    """(result, seconds, peak MiB of Python allocations while it ran)."""
    tracemalloc.start()
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result, seconds, peak


def whole_matrix_pairs(vectors: np.ndarray, min_similarity: float) -> int:
    """The baseline: every similarity at once, then the pairs (i < j) above the threshold."""
    sims = vectors @ vectors.T
    rows, columns = np.nonzero(np.triu(sims >= min_similarity, k=1))
    return len(rows)


def print_analysis_bench(out: TextIO, say: Callable[[str], None]) -> None:
    from assistant.analysis import inconsistent_answers

    say(f"分析（似たご意見への異なる回答）を {SIZE:,} 件の合成データで測っています…")
    retriever, vectors = synthetic_retriever()
    frame, ours, ours_peak = _measured(lambda: inconsistent_answers(retriever))
    pairs, base, base_peak = _measured(lambda: whole_matrix_pairs(vectors, 0.93))
    print(f"似たご意見への異なる回答（{SIZE:,} 件、{len(frame):,} 組）: {ours:.1f} 秒、ピーク {ours_peak:,.0f} MiB"
          f"（基準: 類似度行列を一度に作る総当たり {base:.1f} 秒・ピーク {base_peak:,.0f} MiB、{pairs:,} 組の候補。"
          f"時間 {ours / base:.2f} 倍、メモリ {ours_peak / base_peak:.2f} 倍）", file=out, flush=True)
