"""Evaluation and calibration on labelled queries (the format of ``../shared/eval/queries.jsonl``).

Each line: ``id``, ``query``, ``gold`` (phrases; a precedent is correct when its answer contains one,
both sides NFKC-normalised with all whitespace removed) and ``out_of_domain``.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import AssistantError
from assistant.relevance import (
    DECISION_FEATURES,
    RANK_FEATURES,
    ModeWeights,
    RelevanceModel,
    best_threshold,
    fit_logistic,
    fit_ranking,
)
from assistant.retrieval import MODES, Retriever

RANK_DEPTH = 10


@dataclass(frozen=True)
class LabelledQuery:
    id: str
    query: str
    gold: tuple[str, ...]
    out_of_domain: bool


def squash(text: str) -> str:
    """NFKC with all whitespace removed: how gold phrases are compared."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def read_queries(path: Path | str) -> list[LabelledQuery]:
    """Read a labelled query file, refusing malformed lines with their line number."""
    path = Path(path)
    if not path.is_file():
        raise AssistantError(f"{path}: 評価用クエリのファイルが見つかりません。")
    queries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            queries.append(
                LabelledQuery(str(data["id"]), data["query"], tuple(data.get("gold", [])), bool(data.get("out_of_domain")))
            )
        except (ValueError, KeyError, TypeError) as error:
            raise AssistantError(f"{path} の {number} 行目を読めません（{error}）。") from error
    return queries


def is_correct(answer: str, gold: tuple[str, ...]) -> bool:
    text = squash(answer)
    return any(squash(g) in text for g in gold)


@dataclass(frozen=True)
class QueryOutcome:
    id: str
    out_of_domain: bool
    rank: int | None  # rank of the first correct answer (in-domain), None if not in the top RANK_DEPTH
    flagged: bool  # judged "no close precedent"
    confidence: float


def run_query(retriever: Retriever, query: LabelledQuery, mode: str) -> QueryOutcome:
    result = retriever.search(query.query, k=RANK_DEPTH, mode=mode)
    suggestions = sorted((s for p in result.points for s in p.results), key=lambda s: (s.rank, -s.score))
    rank = None
    if not query.out_of_domain:
        for position, suggestion in enumerate(suggestions[:RANK_DEPTH], start=1):
            answers = [suggestion.answer] + [retriever.corpus.precedents[retriever.position[s.precedent_id]].answer
                                             for s in suggestion.sources]
            if any(is_correct(answer, query.gold) for answer in answers):
                rank = position
                break
    confidence = max((p.confidence for p in result.points), default=0.0)
    return QueryOutcome(query.id, query.out_of_domain, rank, result.no_precedent, confidence)


def auroc(scores: list[float], positive: list[bool]) -> float | None:
    """Area under the ROC curve (ties count half); None without both classes."""
    pos = [s for s, p in zip(scores, positive) if p]
    neg = [s for s, p in zip(scores, positive) if not p]
    if not pos or not neg:
        return None
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    return wins / (len(pos) * len(neg))


def metrics(outcomes: list[QueryOutcome]) -> dict[str, float | int | None]:
    """Recall@k and MRR over in-domain queries; precision, recall and AUROC of the OOD flag over all."""
    inside = [o for o in outcomes if not o.out_of_domain]
    n = len(inside) or 1

    def recall(k: int) -> float:
        return sum(o.rank is not None and o.rank <= k for o in inside) / n

    flagged = [o for o in outcomes if o.flagged]
    ood = [o for o in outcomes if o.out_of_domain]
    true_flags = sum(o.out_of_domain for o in flagged)
    return {
        "recall@1": recall(1),
        "recall@3": recall(3),
        "recall@5": recall(5),
        "mrr": sum(1 / o.rank for o in inside if o.rank) / n,
        "ood_precision": true_flags / len(flagged) if flagged else (1.0 if not ood else 0.0),
        "ood_recall": true_flags / len(ood) if ood else 1.0,
        "ood_auroc": auroc([1 - o.confidence for o in outcomes], [o.out_of_domain for o in outcomes]),
        "n_queries": len(outcomes),
    }


def evaluate(retriever: Retriever, queries: list[LabelledQuery], mode: str = "hybrid") -> tuple[dict, list[QueryOutcome]]:
    """Run every query in one mode and return ``(metrics, outcomes)``."""
    outcomes = [run_query(retriever, query, mode) for query in queries]
    return metrics(outcomes), outcomes


def calibrate(retriever: Retriever, queries: list[LabelledQuery]) -> RelevanceModel:
    """Fit each mode's ranking weights and its "no close precedent" decision on labelled queries.

    Ranking: the weights that maximise MRR over the candidates of the in-domain queries.
    Decision: a logistic model over each query's best candidate, labelled in-domain or not, with the
    threshold that best separates the two groups (see :func:`best_threshold`).
    """
    modes = {}
    for mode in MODES:
        candidates = [retriever.score_point(query.query, mode) for query in queries]
        labelled = [
            [(retriever.corpus.answer_key[pid], values, _correct(retriever, pid, query)) for pid, (_, _, values) in found.items()]
            for query, found in zip(queries, candidates)
        ]
        rank_features = RANK_FEATURES[mode]
        rank_coef = fit_ranking(labelled, rank_features) if mode != "bm25" else (1.0,)
        ranking = ModeWeights(rank_features, rank_coef, (), (), 0.0, 0.5)
        best = [(max(rows, key=lambda r: ranking.score(r[1]))[1], not q.out_of_domain) for q, rows in zip(queries, labelled) if rows]
        names = DECISION_FEATURES[mode]
        coef, intercept = fit_logistic([b for b, _ in best], [int(a) for _, a in best], names)
        decided = ModeWeights(rank_features, rank_coef, names, coef, intercept, 0.5)
        threshold = best_threshold([decided.probability(b) for b, _ in best], [a for _, a in best])
        modes[mode] = ModeWeights(rank_features, rank_coef, names, coef, intercept, threshold)
    fitted_on = {
        "queries": len(queries),
        "out_of_domain": sum(q.out_of_domain for q in queries),
        "precedents": len(retriever.corpus.precedents),
        "model": retriever.encoder.identity,
    }
    return RelevanceModel(modes, fitted_on)


def _correct(retriever: Retriever, precedent_id: str, query: LabelledQuery) -> bool:
    answer = retriever.corpus.precedents[retriever.position[precedent_id]].answer
    return not query.out_of_domain and is_correct(answer, query.gold)
