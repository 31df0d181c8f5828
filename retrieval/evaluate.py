"""Evaluation through the public search: labelled queries, or the corpus's own pairs (``--self``).

A query counts as found at the rank of the first card that holds a correct answer: for labelled
queries, a card one of whose sources' answers contains a gold phrase; for the corpus's own pairs
(leave-one-out, the query's precedent left out), a card of the query's answer family.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from retrieval.calibration import TrainingQuery, corpus_queries
from retrieval.labels import LabelledQuery, is_correct
from retrieval.results import Suggestion, SuggestResult
from retrieval.retriever import Retriever

RANK_DEPTH = 10
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class QueryOutcome:
    """How one query fared.

    Attributes:
        id: The query's id.
        out_of_domain: True when no precedent answers it.
        rank: Rank of the first correct card (in-domain), None when not in the top ``RANK_DEPTH``.
        flagged: Whether it was judged "no close precedent".
        confidence: The probability of the best card.
        top_correct: Whether the first card is correct.
    """

    id: str
    out_of_domain: bool
    rank: int | None
    flagged: bool
    confidence: float
    top_correct: bool = False


def first_correct(suggestions: Sequence[Suggestion], correct: Callable[[Suggestion], bool]) -> int | None:
    for position, suggestion in enumerate(suggestions[:RANK_DEPTH], start=1):
        if correct(suggestion):
            return position
    return None


def _ordered(result: SuggestResult) -> list[Suggestion]:
    """Every point's cards in one list: first cards of each point, then second cards, and so on."""
    return sorted((s for p in result.points for s in p.results), key=lambda s: (s.rank, -s.score))


def run_query(retriever: Retriever, query: LabelledQuery, mode: str) -> QueryOutcome:
    result = retriever.search(query.query, k=RANK_DEPTH, mode=mode)

    def correct(suggestion: Suggestion) -> bool:
        return any(is_correct(answer, query.gold) for answer in [suggestion.answer] + [s.answer for s in suggestion.sources])

    rank = None if query.out_of_domain else first_correct(_ordered(result), correct)
    confidence = max((p.confidence for p in result.points), default=0.0)
    return QueryOutcome(query.id, query.out_of_domain, rank, result.no_precedent, confidence, rank == 1)


def run_self_query(retriever: Retriever, query: TrainingQuery, mode: str) -> QueryOutcome:
    snap = retriever.current()
    excluded = frozenset(snap.view.precedents[i].id for i in query.exclude)
    point = retriever.search_point(query.text, k=RANK_DEPTH, mode=mode, exclude=excluded)
    rank = first_correct(point.results, lambda s: s.template_id in query.correct) if query.in_domain else None
    return QueryOutcome(query.id, not query.in_domain, rank, point.no_precedent, point.confidence, rank == 1)


def auroc(scores: list[float], positive: list[bool]) -> float | None:
    """Area under the ROC curve (ties count half); None without both classes."""
    pos = [s for s, p in zip(scores, positive) if p]
    neg = [s for s, p in zip(scores, positive) if not p]
    if not pos or not neg:
        return None
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    return wins / (len(pos) * len(neg))


def reliability_table(outcomes: Sequence[QueryOutcome], bins: int = 5) -> list[dict]:
    """Confidence of the first card against how often it was correct (in-domain and out-of-domain alike)."""
    table = []
    for low in range(bins):
        lo, hi = low / bins, (low + 1) / bins
        inside = [o for o in outcomes if lo <= o.confidence < hi or (low == bins - 1 and o.confidence == 1.0)]
        if inside:
            table.append({
                "bin": f"{lo:.1f}-{hi:.1f}", "n": len(inside),
                "predicted": round(sum(o.confidence for o in inside) / len(inside), 3),
                "observed": round(sum(o.top_correct for o in inside) / len(inside), 3),
            })
    return table


def metrics(outcomes: list[QueryOutcome]) -> dict[str, float | int | None]:
    """Recall@k and MRR over in-domain queries; precision, recall and AUROC of the OOD flag over all.

    A figure with nothing to measure is None (no query with a precedent: recall@k and MRR; no off-topic query:
    recall and AUROC; nothing flagged: precision); ``in_domain_flagged`` counts the queries with a precedent that
    were flagged all the same.
    """
    inside = [o for o in outcomes if not o.out_of_domain]
    n = len(inside)

    def recall(k: int) -> float | None:
        return sum(o.rank is not None and o.rank <= k for o in inside) / n if n else None

    flagged = [o for o in outcomes if o.flagged]
    ood = [o for o in outcomes if o.out_of_domain]
    true_flags = sum(o.out_of_domain for o in flagged)
    return {
        "recall@1": recall(1),
        "recall@3": recall(3),
        "recall@5": recall(5),
        "mrr": sum(1 / o.rank for o in inside if o.rank) / n if n else None,
        "ood_precision": true_flags / len(flagged) if flagged else None,
        "ood_recall": true_flags / len(ood) if ood else None,
        "ood_auroc": auroc([1 - o.confidence for o in outcomes], [o.out_of_domain for o in outcomes]),
        "in_domain_flagged": len(flagged) - true_flags,
        "n_queries": len(outcomes),
    }


def _run_all(items: Sequence, run: Callable[[object], QueryOutcome], progress: Progress | None) -> tuple[dict, list[QueryOutcome]]:
    outcomes = []
    for done, item in enumerate(items, start=1):
        outcomes.append(run(item))
        if progress:
            progress(done, len(items))
    return metrics(outcomes), outcomes


def evaluate(retriever: Retriever, queries: list[LabelledQuery], mode: str = "hybrid",
             progress: Progress | None = None) -> tuple[dict, list[QueryOutcome]]:
    """Run every labelled query in one mode and return ``(metrics, outcomes)``."""
    return _run_all(queries, lambda query: run_query(retriever, query, mode), progress)


def evaluate_self(retriever: Retriever, mode: str = "hybrid", limit: int = 1500,
                  progress: Progress | None = None) -> tuple[dict, list[QueryOutcome]]:
    """Leave-one-out on the corpus's own pairs (see ``retrieval.calibration``).

    The calibration was fitted on these pairs too, so the figures lean optimistic; they show how the
    engine does on this corpus when no labelled queries exist.
    """
    queries = corpus_queries(retriever.current(), limit)
    return _run_all(queries, lambda query: run_self_query(retriever, query, mode), progress)
