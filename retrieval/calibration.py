"""Calibration from the corpus itself: fit the ranking and the probability on the corpus's own pairs.

A city has no labelled queries, but its corpus holds labelled pairs. Every past comment is a query
whose correct answers are the other precedents of its answer family; with its own precedent left out
(leave-one-out), a comment whose answer nobody else received is a query without a precedent. Generic
families (「ご意見として承ります」, see ``retrieval.corpus``) are not learnt from. Hand-written labelled
queries can be added (``calibration_queries`` setting); they are used only when they were written for
this corpus (at least half of their gold phrases are found in it).

Fitting, per mode:
  - ranking weights: a small grid of weights over the relative features, the one with the best mean
    reciprocal rank of the first correct family (kept at the measured defaults while the corpus has
    fewer than ``MIN_RANK_QUERIES`` comments with a precedent);
  - probability: logistic regression of "this card's answer is correct" on the card's ranking score and
    the point's gap to unrelated topics, over the top cards of every query, with the point's features as
    that mode's search computes them (``bm25`` embeds nothing: no gap); fitted only when at least
    ``MIN_CLASS_EXAMPLES`` queries have a precedent and as many have none (a corpus where every comment
    shares its answer with another teaches how cards rank, not when nothing is close), else the measured
    defaults are kept;
  - threshold: the probability that best separates queries with a precedent from queries without one
    (balanced accuracy; the middle of the best range).
Figures: leave-one-out recall@1, recall@3 and MRR, the no-precedent decision's precision and recall,
and a reliability table of the probability from 5-fold cross-validation.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from assistant import settings
from embeddings.encoder import Encoder
from retrieval.features import PointFeatures, point_features
from retrieval.labels import LabelledQuery, read_queries, squash
from retrieval.scoring import MODES, POINT_FEATURES, RANK_FEATURES, Calibration, ModeWeights, default_weights
from retrieval.snapshot import Snapshot

MIN_PRECEDENTS = 10
MIN_RANK_QUERIES = 15
MIN_CLASS_EXAMPLES = 5
PER_FAMILY = 3
TOP_CARDS = 5
GRID = (0.0, 0.5, 1.0, 2.0)
COVERAGE_GRID = (0.0, 1.0)
Progress = Callable[[str], None]


@dataclass(frozen=True)
class TrainingQuery:
    """One labelled query.

    Attributes:
        id: ``loo:<precedent id>`` or the hand-written query's id.
        text: The query text.
        correct: Families whose answers are correct (empty: no precedent).
        exclude: Positions left out of the search (the query's own precedent).
    """

    id: str
    text: str
    correct: frozenset[str]
    exclude: frozenset[int] = frozenset()

    @property
    def in_domain(self) -> bool:
        return bool(self.correct)


@dataclass(frozen=True)
class Example:
    """A training query with the features of its candidates."""

    query: TrainingQuery
    found: PointFeatures
    families: tuple[str, ...]  # family of each candidate

    def correct_mask(self) -> np.ndarray:
        return np.array([family in self.query.correct for family in self.families], dtype=bool)


# --- which queries --------------------------------------------------------------------------------
def corpus_queries(snap: Snapshot, limit: int, per_family: int = PER_FAMILY, seed: int = 0) -> list[TrainingQuery]:
    """Leave-one-out queries from the corpus.

    At most ``per_family`` comments of one answer family are used, so that a campaign of copies or
    one answer given to dozens of comments does not outweigh every other answer; up to two thirds of
    ``limit`` are comments with a precedent, the rest comments without one.
    """
    view = snap.view
    rng = random.Random(seed)
    with_precedent, without = [], []
    for family, positions in snap.members.items():
        if family in snap.generic:
            continue
        usable = [p for p in positions if view.precedents[p].comment.strip()]
        others = len(positions) > 1
        for position in (rng.sample(usable, min(per_family, len(usable))) if others else usable):
            precedent = view.precedents[position]
            query = TrainingQuery(f"loo:{precedent.id}", precedent.comment, frozenset({family} if others else ()),
                                  frozenset({position}))
            (with_precedent if others else without).append(query)
    with_precedent.sort(key=lambda q: q.id)
    without.sort(key=lambda q: q.id)
    keep_with = min(len(with_precedent), max(limit * 2 // 3, limit - len(without)))
    chosen = rng.sample(with_precedent, keep_with) + rng.sample(without, min(len(without), limit - keep_with))
    return sorted(chosen, key=lambda q: q.id)


def labelled_queries(snap: Snapshot, queries: Sequence[LabelledQuery]) -> list[TrainingQuery]:
    """Hand-written queries as training queries, or none when they were not written for this corpus."""
    inside = [q for q in queries if not q.out_of_domain]
    answers = [squash(p.answer) for p in snap.view.precedents]  # once, not once per query
    found = []
    for query in inside:
        gold = [squash(g) for g in query.gold]
        families = frozenset(snap.view.family[i] for i, answer in enumerate(answers) if any(g in answer for g in gold))
        found.append((query, families))
    if not inside or sum(bool(f) for _, f in found) * 2 < len(inside):
        return []
    chosen = [TrainingQuery(q.id, q.query, families) for q, families in found if families]
    return chosen + [TrainingQuery(q.id, q.query, frozenset()) for q in queries if q.out_of_domain]


def extra_queries(snap: Snapshot) -> tuple[list[TrainingQuery], str | None]:
    """The ``calibration_queries`` file's queries when they fit this corpus, and the file's name."""
    path = settings.get("calibration_queries")
    if not path or not Path(path).is_file():
        return [], None
    chosen = labelled_queries(snap, read_queries(path))
    return chosen, (Path(path).name if chosen else None)


# --- features of every query ----------------------------------------------------------------------
def comment_vectors(snap: Snapshot, position: int) -> np.ndarray:
    """A precedent's comment as the index holds it: embedded with the query prompt, as a new comment is."""
    uid = snap.lookups.comment_uid[position]
    rows = snap.lookups.unit_rows[snap.lookups.unit_ptr[uid]:snap.lookups.unit_ptr[uid + 1]]
    return snap.vectors.vectors[rows]


_NO_UNIT_SCORES = np.zeros(0, dtype=np.float32)


PROGRESS_STEPS = 20  # progress messages over a loop of queries, whatever its length (a line each on the command line)
PROGRESS_SECONDS = 5.0  # and one at least this often where the queries are slow (hand-written ones, embedded one by one)


def progress_step(total: int, steps: int = PROGRESS_STEPS) -> int:
    """Report every this many of ``total`` queries: about ``steps`` reports in all, at least one query apart."""
    return max(1, -(-total // steps))


def examples_for(
    snap: Snapshot, queries: Sequence[TrainingQuery], encoder: Encoder, tokenizer, progress: Progress | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> list[Example]:
    """Search every training query (its own precedent left out) and keep the candidates' features.

    A past comment's vectors come from the index (query prompt); hand-written queries are embedded now.
    ``progress`` is told after every :func:`progress_step` queries, after :data:`PROGRESS_SECONDS` with nothing said and
    after the last query: it was told every 100th, and the hand-written queries at the end, each embedded, went on for
    minutes after 「…100/194」.
    """
    examples = []
    step = progress_step(len(queries))
    said = clock()
    for number, query in enumerate(queries, start=1):
        if query.exclude:
            vectors = comment_vectors(snap, next(iter(query.exclude)))
        else:
            vectors = encoder.encode_queries(encoder.window(query.text))
        found = point_features(snap, tokenizer(query.text), vectors if len(vectors) else None, query.exclude)
        families = tuple(snap.view.family[int(p)] for p in found.positions)
        # Fitting needs the candidates' features, not every unit's similarity (0.4 MB a query at 100,000
        # precedents: 1,500 queries held 0.6 GB).
        examples.append(Example(query, replace(found, unit_scores=_NO_UNIT_SCORES), families))
        if progress and (number % step == 0 or number == len(queries) or clock() - said >= PROGRESS_SECONDS):
            progress(f"校正用の検索をしています… {number}/{len(queries)}")
            said = clock()
    return examples


# --- fitting ---------------------------------------------------------------------------------------
def _matrix(example: Example, names: tuple[str, ...]) -> np.ndarray:
    if not len(example.found.positions):
        return np.zeros((0, len(names)))
    return np.column_stack([example.found.values[name] for name in names])


def _first_correct_ranks(scores: np.ndarray, families: Sequence[str], correct: np.ndarray) -> np.ndarray:
    """Rank of the first correct family in every column of ``scores`` (candidates x columns), families
    ordered by their best member's score; wrong families that tie with it rank before it."""
    _, family_ids = np.unique(np.asarray(families), return_inverse=True)
    best = np.full((family_ids.max() + 1, scores.shape[1]), -np.inf)
    np.maximum.at(best, family_ids, scores)
    right = np.zeros(len(best), dtype=bool)
    right[family_ids[correct]] = True
    return 1 + (best[~right] >= best[right].max(axis=0)).sum(axis=0)


def first_correct_rank(scores: np.ndarray, families: Sequence[str], correct: np.ndarray) -> int | None:
    """Rank of the first correct family when families are ordered by their best member's score.

    Wrong families that tie with it rank before it: weights that score many families alike must not
    look as good as weights that tell them apart.

    Example:
        >>> first_correct_rank(np.array([1.0, 1.0, 0.5]), ["a", "b", "c"], np.array([False, True, False]))
        2
    """
    if not correct.any():
        return None
    return int(_first_correct_ranks(np.asarray(scores, dtype=float).reshape(-1, 1), families, correct)[0])


def weight_grid(names: tuple[str, ...]) -> np.ndarray:
    """Candidate weight vectors (one per column), without multiples of each other."""
    seen, columns = set(), []
    for weights in itertools.product(*[COVERAGE_GRID if name.startswith("coverage_") else GRID for name in names]):
        top = max(weights)
        if top and tuple(w / top for w in weights) not in seen:
            seen.add(tuple(w / top for w in weights))
            columns.append(weights)
    return np.array(columns, dtype=float).T


def reciprocal_ranks(matrix: np.ndarray, families: Sequence[str], correct: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """1 / rank of the first correct family under every weight vector of the grid at once."""
    return 1.0 / _first_correct_ranks(matrix @ grid, families, correct)  # candidates x weight vectors


def fit_rank_weights(examples: Sequence[Example], names: tuple[str, ...], default: tuple[float, ...]) -> tuple[float, ...]:
    """The grid weights with the best MRR over the examples with a precedent.

    Ties go to the default, then to the fewest non-zero weights. Below ``MIN_RANK_QUERIES`` such
    examples the default is kept.
    """
    prepared = [(_matrix(e, names), e.families, e.correct_mask()) for e in examples if e.query.in_domain]
    prepared = [p for p in prepared if len(p[0]) and p[2].any()]
    if len(prepared) < MIN_RANK_QUERIES:
        return default
    grid = np.column_stack([np.array(default, dtype=float), weight_grid(names)])
    total = sum(reciprocal_ranks(m, f, c, grid) for m, f, c in prepared)
    nonzero = (grid > 0).sum(axis=0)
    order = np.lexsort((nonzero, -np.round(total, 9)))  # best MRR first, then fewer weights; column 0 is the default
    best_mrr = np.round(total, 9).max()
    chosen = 0 if np.round(total[0], 9) == best_mrr else int(order[0])
    return tuple(float(w) for w in grid[:, chosen])


def card_rows(example: Example, weights: ModeWeights) -> list[tuple[float, bool]]:
    """``(score, correct)`` of the top cards of one example (one row per family, best member)."""
    matrix = _matrix(example, weights.rank_features)
    if not len(matrix):
        return []
    scores = matrix @ np.array(weights.rank_weights)
    best: dict[str, float] = {}
    for score, family in zip(scores.tolist(), example.families):
        best[family] = max(best.get(family, -np.inf), score)
    ordered = sorted(best.items(), key=lambda item: -item[1])[:TOP_CARDS]
    return [(score, family in example.query.correct) for family, score in ordered]


def point_as_searched(example: Example, mode: str) -> dict[str, float]:
    """The point features of an example as ``mode``'s search computes them: ``bm25`` embeds no query, so it has
    no gap to unrelated topics and no dense score (both 0), whatever the example was searched with."""
    if mode != "bm25":
        return example.found.point
    return {**example.found.point, "reference_gap": 0.0, "best_z": 0.0}


def _design(examples: Sequence[Example], weights: ModeWeights, mode: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows, labels, groups = [], [], []
    for number, example in enumerate(examples):
        cards = card_rows(example, weights)
        point = point_as_searched(example, mode)
        for score, correct in cards:
            rows.append([score] + [point[name] for name in POINT_FEATURES])
            labels.append(int(correct))
            groups.append(number)
    return np.array(rows).reshape(-1, 1 + len(POINT_FEATURES)), np.array(labels), np.array(groups)


def fit_probability(x: np.ndarray, y: np.ndarray) -> tuple[tuple[float, ...], float] | None:
    """Logistic regression of card correctness; None when either class has too few examples."""
    if (y == 1).sum() < MIN_CLASS_EXAMPLES or (y == 0).sum() < MIN_CLASS_EXAMPLES:
        return None
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    return tuple(float(c) for c in model.coef_[0]), float(model.intercept_[0])


def best_threshold(top_probabilities: Sequence[float], has_precedent: Sequence[bool]) -> float:
    """The threshold that best separates queries with a precedent from those without.

    Maximises balanced accuracy of "top probability >= threshold"; when several thresholds are
    equally good it takes the middle of their range, so small shifts in the data do not flip decisions.

    Example:
        >>> best_threshold([0.9, 0.8, 0.2, 0.1], [True, True, False, False])
        0.5
    """
    values = sorted(set(top_probabilities))
    cuts = [(a + b) / 2 for a, b in zip(values, values[1:])] or [0.5]
    positives = sum(has_precedent) or 1
    negatives = (len(has_precedent) - sum(has_precedent)) or 1

    def balanced(cut: float) -> float:
        tp = sum(p >= cut and h for p, h in zip(top_probabilities, has_precedent))
        tn = sum(p < cut and not h for p, h in zip(top_probabilities, has_precedent))
        return tp / positives + tn / negatives

    scores = [balanced(cut) for cut in cuts]
    best = max(scores)
    ties = [cut for cut, score in zip(cuts, scores) if score == best]
    return (min(ties) + max(ties)) / 2


def reliability(x: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int = 5, bins: int = 10) -> list[dict]:
    """Predicted against observed frequency of correct cards, from ``folds``-fold cross-validation by query."""
    predicted = np.full(len(y), np.nan)
    for fold in range(folds):
        test = groups % folds == fold
        fitted = fit_probability(x[~test], y[~test])
        if fitted is None or not test.any():
            continue
        coef, intercept = fitted
        predicted[test] = 1 / (1 + np.exp(-(x[test] @ np.array(coef) + intercept)))
    table = []
    for low in range(bins):
        inside = (predicted >= low / bins) & (predicted < (low + 1) / bins if low < bins - 1 else predicted <= 1.0)
        if inside.any():
            table.append({"bin": f"{low / bins:.1f}-{(low + 1) / bins:.1f}", "n": int(inside.sum()),
                          "predicted": round(float(predicted[inside].mean()), 3),
                          "observed": round(float(y[inside].mean()), 3)})
    return table


def figures(examples: Sequence[Example], weights: ModeWeights, mode: str) -> dict[str, float | int | None]:
    """Leave-one-out quality of one mode's weights. A figure with nothing to measure is None: recall and MRR
    without a query that has a precedent, the no-precedent recall without one that has none, its precision when
    nothing was flagged."""
    inside = [e for e in examples if e.query.in_domain]
    ranks = [first_correct_rank(_matrix(e, weights.rank_features) @ np.array(weights.rank_weights), e.families,
                                e.correct_mask()) if len(e.found.positions) else None for e in inside]
    tops = []
    for example in examples:
        rows = card_rows(example, weights)
        top = weights.probability(rows[0][0], point_as_searched(example, mode)) if rows else 0.0
        tops.append((top, example.query.in_domain))
    flagged = [(p < weights.threshold, inside_) for p, inside_ in tops]
    true_flags = sum(f and not i for f, i in flagged)
    flags, outside = sum(f for f, _ in flagged), sum(not i for _, i in flagged)

    def share(count: float, total: int) -> float | None:
        return round(count / total, 3) if total else None

    return {
        "recall@1": share(sum(r == 1 for r in ranks), len(inside)),
        "recall@3": share(sum(r is not None and r <= 3 for r in ranks), len(inside)),
        "mrr": share(sum(1 / r for r in ranks if r), len(inside)),
        "no_precedent_precision": share(true_flags, flags),
        "no_precedent_recall": share(true_flags, outside),
    }


def fit_mode(mode: str, examples: Sequence[Example]) -> tuple[ModeWeights, dict]:
    """Ranking weights, probability model and threshold of one mode, with its figures."""
    default = default_weights(mode)
    names = RANK_FEATURES[mode]
    rank_weights = fit_rank_weights(examples, names, default.rank_weights)
    ranked = ModeWeights(names, rank_weights, default.probability_coef, default.probability_intercept, default.threshold)
    x, y, groups = _design(examples, ranked, mode)
    has = [e.query.in_domain for e in examples]
    both = min(sum(has), len(has) - sum(has)) >= MIN_CLASS_EXAMPLES  # queries with a precedent and without one
    fitted = fit_probability(x, y) if len(y) and both else None
    coef, intercept = fitted if fitted else (default.probability_coef, default.probability_intercept)
    scored = ModeWeights(names, rank_weights, coef, intercept, default.threshold)
    tops = []
    for example in examples:
        rows = card_rows(example, scored)
        tops.append(scored.probability(rows[0][0], point_as_searched(example, mode)) if rows else 0.0)
    threshold = best_threshold(tops, has) if fitted else default.threshold
    weights = ModeWeights(names, rank_weights, coef, intercept, threshold)
    report = figures(examples, weights, mode)
    report["reliability"] = reliability(x, y, groups) if fitted else []
    report["probability_fitted"] = fitted is not None
    report["rank_weights_fitted"] = rank_weights != default.rank_weights or len(
        [e for e in examples if e.query.in_domain]) >= MIN_RANK_QUERIES
    return weights, report


def calibrate(
    snap: Snapshot,
    encoder: Encoder,
    tokenizer,
    extra: Sequence[TrainingQuery] | None = None,
    progress: Progress | None = None,
) -> Calibration:
    """Fit every mode on the corpus's own pairs (plus hand-written queries that fit it).

    Args:
        snap: The snapshot to fit on (its current calibration is not used).
        encoder: The encoder of the snapshot's vectors.
        tokenizer: The tokenizer of its BM25 index.
        extra: Hand-written training queries; None reads the ``calibration_queries`` setting.
        progress: Receives Japanese status messages.
    """
    say = progress or (lambda message: None)
    say("順位付けと「前例なし」判定をこのコーパスに合わせています…")
    extra_name = None
    if extra is None:
        extra, extra_name = extra_queries(snap)
    own = corpus_queries(snap, int(settings.get("calibration_max_queries")))
    examples = examples_for(snap, own + list(extra), encoder, tokenizer, say)
    past = examples[:len(own)]  # one example per query, in order; the hand-written ones are counted apart
    modes, reports = {}, {}
    for mode in MODES:
        modes[mode], reports[mode] = fit_mode(mode, examples)
        # The figures above are over every query the weights were fitted on, the hand-written ones too; the
        # corpus's own pairs, searched with their own precedent left out, are the self-evaluation.
        reports[mode]["own"] = figures(past, modes[mode], mode) if past else None
    fitted = {
        "source": "corpus",
        "fitted_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "precedents": len(snap.view.precedents),
        "queries": len(past),
        "with_precedent": sum(e.query.in_domain for e in past),
        "without_precedent": sum(not e.query.in_domain for e in past),
        "hand_written": len(extra),
        "hand_written_file": extra_name,
        "generic_families": len(snap.generic),
        "bm25": snap.lexical.parameters,
        "modes": reports,
    }
    return Calibration(modes, fitted, tuple(p.id for p in snap.view.precedents), snap.encoder_identity,
                       snap.tokenizer_identity)


def outgrown(calibration: Calibration | None, snap: Snapshot) -> bool:
    """Whether a saved fit no longer fits a corpus that has shrunk below ``MIN_PRECEDENTS`` (documents deleted):
    such a corpus cannot be fitted again, so the measured defaults take its place. A fit made on a smaller corpus
    (``calibrate --queries`` on a city's first few precedents) is the user's own work and stays as it grows."""
    return (calibration is not None and not calibration.is_default
            and int(calibration.fitted.get("precedents", 0)) >= MIN_PRECEDENTS > len(snap.view.precedents))


def needs_refit(calibration: Calibration | None, snap: Snapshot) -> bool:
    """Whether the corpus changed enough since the fit (or the encoder or tokenizer changed)."""
    count = len(snap.view.precedents)
    if count < MIN_PRECEDENTS:
        return False
    if calibration is None or calibration.is_default:
        return True
    if calibration.encoder != snap.encoder_identity or calibration.tokenizer != snap.tokenizer_identity:
        return True
    before = set(calibration.precedent_ids)
    now = {p.id for p in snap.view.precedents}
    changed = len(before ^ now)
    return changed >= max(5, float(settings.get("recalibrate_change")) * max(len(before), 1))
