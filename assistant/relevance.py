"""The relevance model: fuses dense and BM25 features into one score and decides "no close precedent".

Raw cosine scores of e5 bunch between 0.80 and 0.95 for related and unrelated comments alike, so the
features are relative: how far a precedent's similarity lies above the query's similarity to a
background sample of the corpus (a z-score), for the past comment and for the past answer, plus the
share of the query's rare words the precedent contains and a length-free BM25. A logistic model over
them gives a probability that a precedent answers the comment; it is fitted on labelled calibration
queries (``data/calibration``) with ``python -m assistant calibrate``, and the decision threshold is
the one that best separates queries with and without a precedent there.

Example:
    >>> model = RelevanceModel.load()
    >>> sorted(model.modes)
    ['bm25', 'dense', 'hybrid']
    >>> model.modes["hybrid"].rank_features
    ('z_comment', 'z_answer', 'z_max', 'coverage_comment', 'coverage_answer')
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.ranking import linear, sigmoid

SHIPPED = Path(__file__).with_name("relevance.json")
RANK_FEATURES = {
    "hybrid": ("z_comment", "z_answer", "z_max", "coverage_comment", "coverage_answer"),
    "dense": ("z_comment", "z_answer", "z_max"),
    "bm25": ("bm25",),
}
DECISION_FEATURES = {
    "hybrid": ("z_max", "contrast", "coverage_comment", "coverage_answer"),
    "dense": ("z_max", "contrast"),
    "bm25": ("coverage_comment", "coverage_answer", "bm25"),
}
GRID = (0.0, 0.5, 1.0, 2.0, 4.0)


@dataclass(frozen=True)
class ModeWeights:
    """Weights of one retrieval mode.

    Attributes:
        rank_features: Features of the ranking score, in order.
        rank_coef: Their weights (chosen to maximise MRR on calibration queries).
        decision_features: Features of the decision model.
        decision_coef: Logistic weights: is this precedent close enough to reuse?
        decision_intercept: Bias of the decision logit.
        threshold: Probability of the best precedent under which the verdict is "no close precedent".
    """

    rank_features: tuple[str, ...]
    rank_coef: tuple[float, ...]
    decision_features: tuple[str, ...]
    decision_coef: tuple[float, ...]
    decision_intercept: float
    threshold: float

    def score(self, values: dict[str, float]) -> float:
        """The ranking score of a candidate."""
        return linear([values[name] for name in self.rank_features], self.rank_coef, 0.0)

    def probability(self, values: dict[str, float]) -> float:
        """Probability (0-1) that the candidate is a close precedent."""
        return sigmoid(linear([values[n] for n in self.decision_features], self.decision_coef, self.decision_intercept))


def _fallback(mode: str) -> ModeWeights:
    rank, decision = RANK_FEATURES[mode], DECISION_FEATURES[mode]
    return ModeWeights(rank, tuple(1.0 for _ in rank), decision, tuple(1.0 for _ in decision), -3.0, 0.5)


@dataclass(frozen=True)
class RelevanceModel:
    """Per-mode weights plus a note of what they were fitted on."""

    modes: dict[str, ModeWeights]
    fitted_on: dict[str, object]

    @classmethod
    def load(cls, path: Path | None = None) -> RelevanceModel:
        """Load weights from ``path`` if it exists, else the shipped file, else uncalibrated fallbacks."""
        for candidate in (path, SHIPPED):
            if candidate and candidate.is_file():
                data = json.loads(candidate.read_text(encoding="utf-8"))
                modes = {name: ModeWeights(**_tuples(m)) for name, m in data["modes"].items()}
                return cls(modes, data.get("fitted_on", {}))
        return cls({mode: _fallback(mode) for mode in RANK_FEATURES}, {"note": "fallback weights, not calibrated"})

    def save(self, path: Path) -> None:
        data = {"version": 3, "modes": {k: asdict(v) for k, v in self.modes.items()}, "fitted_on": self.fitted_on}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _tuples(data: dict) -> dict:
    return {key: tuple(value) if isinstance(value, list) else value for key, value in data.items()}


def fit_logistic(rows: list[dict[str, float]], labels: list[int], names: tuple[str, ...]) -> tuple[tuple[float, ...], float]:
    """Logistic regression weights (balanced classes) over the named features."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
    model.fit([[row[name] for name in names] for row in rows], labels)
    return tuple(float(c) for c in model.coef_[0]), float(model.intercept_[0])


def fit_ranking(queries: list[list[tuple[str, dict[str, float], bool]]], names: tuple[str, ...]) -> tuple[float, ...]:
    """Grid-search ranking weights that maximise MRR over labelled candidate lists.

    Args:
        queries: Per query, its candidates as ``(group key, features, correct)``; candidates with the
            same group key count once, at their best position.
        names: Features to weight.

    Returns:
        The weights with the best MRR; ties go to the higher recall@1, then the fewest non-zero
        weights, then grid order.
    """
    import itertools

    import numpy as np

    prepared = []
    for candidates in queries:
        if any(correct for _, _, correct in candidates):
            matrix = np.array([[values[n] for n in names] for _, values, _ in candidates], dtype=float)
            prepared.append((matrix, [key for key, _, _ in candidates], [c for _, _, c in candidates]))
    best, best_key = tuple(1.0 for _ in names), None
    for weights in itertools.product(GRID, repeat=len(names)):
        if not any(weights):
            continue
        mrr = first = 0.0
        for matrix, keys, correct in prepared:
            rank = _first_correct_rank(matrix @ np.array(weights), keys, correct)
            mrr += 1 / rank
            first += rank == 1
        key = (round(mrr, 9), first, -sum(w > 0 for w in weights))
        if best_key is None or key > best_key:
            best, best_key = weights, key
    return tuple(float(w) for w in best)


def _first_correct_rank(scores, keys: list[str], correct: list[bool]) -> int:
    order = sorted(range(len(keys)), key=lambda i: (-scores[i], i))
    seen: list[str] = []
    for i in order:
        if keys[i] in seen:
            continue
        seen.append(keys[i])
        if correct[i]:
            return len(seen)
    return len(keys) + 1


def best_threshold(top_probabilities: list[float], has_precedent: list[bool]) -> float:
    """The threshold that best separates queries with a precedent from those without.

    Maximises balanced accuracy of "top probability >= threshold"; when several thresholds are
    equally good it takes the middle of their range, so small shifts in the data do not flip decisions.
    """
    values = sorted(set(top_probabilities))
    cuts = [(a + b) / 2 for a, b in zip(values, values[1:])] or [0.5]
    positives = sum(has_precedent) or 1
    negatives = (len(has_precedent) - sum(has_precedent)) or 1

    def balanced(cut: float) -> float:
        tp = sum(p >= cut and h for p, h in zip(top_probabilities, has_precedent))
        tn = sum(p < cut and not h for p, h in zip(top_probabilities, has_precedent))
        return tp / positives + tn / negatives

    best = max(balanced(cut) for cut in cuts)
    ties = [cut for cut in cuts if balanced(cut) == best]
    return (min(ties) + max(ties)) / 2
