"""Ranking weights and the calibrated probability: small pure functions and their saved form.

Each candidate precedent of a point is described by relative features (see ``retrieval.features``).
A mode's ranking score is a weighted sum of them; the probability that the candidate's answer fits the
point is a logistic function of that score and of how much closer the point is to the corpus than to
comments on unrelated topics (the same for every candidate of a point, so probability and score give
the same order). Both are fitted on the corpus itself (``retrieval.calibration``) and saved as JSON.

Example:
    >>> weights = ModeWeights(("z_comment", "bm25"), (1.0, 0.5), (1.0, 0.0, 0.0, 0.0), -2.0, 0.5)
    >>> weights.score({"z_comment": 2.0, "bm25": 2.0})
    3.0
    >>> round(weights.probability(3.0, {"reference_gap": 0.0, "best_z": 1.0, "best_coverage": 0.5}), 3)
    0.731
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from assistant.jsonl import write_json
from retrieval.ranking import linear, sigmoid

FORMAT = 10  # 10: bm25 fitted with the point features its search computes; probability only with both kinds of query
MODES = ("hybrid", "dense", "bm25")
RANK_FEATURES = {
    "hybrid": ("z_comment", "z_answer", "bm25", "coverage_comment", "coverage_answer"),
    "dense": ("z_comment", "z_answer"),
    "bm25": ("bm25",),
}
# Per point, not per candidate: shifts every candidate's probability alike, so the order stays.
POINT_FEATURES = ("reference_gap", "best_z", "best_coverage")
# Measured on the seed corpus and on a real corpus of another authority (see README); used until the
# corpus has enough recurring answers to fit its own.
DEFAULT_RANK_WEIGHTS = {
    "hybrid": (1.0, 0.5, 1.0, 0.0, 0.0),
    "dense": (1.0, 0.5),
    "bm25": (1.0,),
}
# The probability and threshold before a corpus has its own (under 10 precedents, or too few comments with a
# precedent or without one to fit): the shipped seed corpus's own fit (its pairs and 92 hand-written queries,
# December 2026), per mode, rounded. The card's own score weighs most, so the answers of a point's other cards are
# not called precedents because the point as a whole is close (a flat 0.6 score / 4.0 gap with threshold 0.5 had
# labelled four unrelated answers 「前例」 beside an exact copy); bm25 has no gap (its search embeds nothing).
DEFAULT_PROBABILITY = {
    "hybrid": ((1.2, 0.47, -0.41, -0.2), -4.58, 0.19),
    "dense": ((2.0, 0.66, -0.42, 1.58), -5.87, 0.17),
    "bm25": ((2.93, 0.0, 0.0, -0.59), -3.7, 0.08),
}


@dataclass(frozen=True)
class ModeWeights:
    """Weights of one retrieval mode.

    Attributes:
        rank_features: Candidate features of the ranking score, in order.
        rank_weights: Their weights.
        probability_coef: Logistic weights of (ranking score, *POINT_FEATURES).
        probability_intercept: Bias of that logistic model.
        threshold: Probability at or above which a candidate counts as a precedent.
    """

    rank_features: tuple[str, ...]
    rank_weights: tuple[float, ...]
    probability_coef: tuple[float, ...]
    probability_intercept: float
    threshold: float

    def score(self, values: dict[str, float]) -> float:
        """The ranking score of one candidate."""
        return linear([values[name] for name in self.rank_features], self.rank_weights, 0.0)

    def scores(self, values: Mapping[str, np.ndarray]) -> np.ndarray:
        """The ranking score of every candidate (feature columns in, float64 out): the same numbers as
        :meth:`score` on each row, summed in the same order."""
        total = np.zeros(len(next(iter(values.values()))) if values else 0)
        for name, weight in zip(self.rank_features, self.rank_weights):
            total = total + np.asarray(values[name], dtype=np.float64) * weight
        return total + 0.0

    def probability(self, score: float, point: dict[str, float]) -> float:
        """Probability (0-1) that a candidate with this ranking score fits the point."""
        values = [score] + [point[name] for name in POINT_FEATURES]
        return sigmoid(linear(values, self.probability_coef, self.probability_intercept))


def default_weights(mode: str) -> ModeWeights:
    coef, intercept, threshold = DEFAULT_PROBABILITY[mode]
    return ModeWeights(RANK_FEATURES[mode], DEFAULT_RANK_WEIGHTS[mode], coef, intercept, threshold)


@dataclass(frozen=True)
class Calibration:
    """Per-mode weights and what they were fitted on.

    Attributes:
        modes: Mode name -> weights.
        fitted: Figures of the fit (queries used, leave-one-out recall and MRR, reliability bins, the
            model, tokenizer and BM25 parameters), shown by ``corpus stats`` and the app.
        precedent_ids: The precedents the fit saw (to tell when the corpus has changed enough).
        encoder: Identity of the encoder the features came from.
        tokenizer: Identity of the tokenizer the BM25 features came from.
    """

    modes: dict[str, ModeWeights]
    fitted: dict[str, object] = field(default_factory=dict)
    precedent_ids: tuple[str, ...] = ()
    encoder: str = ""
    tokenizer: str = ""

    @classmethod
    def default(cls) -> Calibration:
        """Weights before any fit: measured defaults, no figures."""
        return cls({mode: default_weights(mode) for mode in MODES}, {"source": "default"})

    @property
    def is_default(self) -> bool:
        return self.fitted.get("source") == "default"

    def replace(self, **changes) -> Calibration:
        return replace(self, **changes)

    def save(self, path: Path) -> None:
        """Write as plain JSON (atomically: a temporary file, then a rename)."""
        data = {
            "format": FORMAT,
            "encoder": self.encoder,
            "tokenizer": self.tokenizer,
            "modes": {name: asdict(weights) for name, weights in self.modes.items()},
            "fitted": self.fitted,
            "precedent_ids": list(self.precedent_ids),
        }
        write_json(path, data, indent=1)

    @classmethod
    def load(cls, path: Path) -> Calibration | None:
        """The saved calibration, or None when there is none, or it is damaged or made for other features."""
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return None
            modes = {name: ModeWeights(**_tuples(m)) for name, m in data["modes"].items()}
            if set(modes) != set(MODES) or any(modes[m].rank_features != RANK_FEATURES[m]
                                               or len(modes[m].probability_coef) != 1 + len(POINT_FEATURES) for m in MODES):
                return None  # written for other features: refit
            return cls(modes, data.get("fitted", {}), tuple(data.get("precedent_ids", ())),
                       data.get("encoder", ""), data.get("tokenizer", ""))
        except (OSError, ValueError, KeyError, TypeError):
            return None


def _tuples(data: dict) -> dict:
    return {key: tuple(value) if isinstance(value, list) else value for key, value in data.items()}
