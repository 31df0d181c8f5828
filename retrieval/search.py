"""Search one point in a snapshot: candidates, features, scores, cards.

Pure over the snapshot: the same snapshot, point and vectors always give the same result, and
nothing in the snapshot changes.
"""

from __future__ import annotations

import unicodedata

import numpy as np

from assistant import settings
from assistant.errors import QueryError
from assistant.tokenizer import GRAMMAR_WORDS
from retrieval.features import PointFeatures, point_features
from retrieval.ranking import rank_groups
from retrieval.results import NO_SUBJECT, Paragraph, PointResult, Suggestion
from retrieval.scoring import MODES, ModeWeights
from retrieval.snapshot import Snapshot


MIN_JUDGED_WORDS = 2  # distinct content words a point needs before it gets a verdict


def check_query(query: str) -> None:
    """Refuse comments that cannot be searched, with a message that says what to do."""
    if not query or not query.strip():
        raise QueryError("コメントが空です。検索したいご意見の本文を入力してください。")
    limit = int(settings.get("max_query_chars"))
    if len(query) > limit:
        raise QueryError(
            f"コメントが長すぎます（{len(query):,}文字）。{limit:,}文字以内に分けて入力してください。"
        )
    if not any(unicodedata.category(char)[0] in "LN" for char in query):
        raise QueryError("文字が含まれていません（絵文字や記号だけのようです）。ご意見の本文を入力してください。")


def check_mode(mode: str) -> None:
    if mode not in MODES:
        raise QueryError(f"検索方式 {mode} はありません。{' / '.join(MODES)} から選んでください。")


def ranked_families(snap: Snapshot, found: PointFeatures, weights: ModeWeights,
                    limit: int | None = None) -> list[tuple[str, float, list[int]]]:
    """Families best first as ``(family, best score, member positions best first)``; the first ``limit``."""
    positions = found.positions
    grouped = rank_groups(weights.scores(found.values), snap.id_rank[positions], snap.family_code[positions], limit)
    return [(snap.family_keys[code], best, positions[members].tolist()) for code, best, members in grouped]


def search_point(
    snap: Snapshot,
    text: str,
    tokens: list[str],
    queries: np.ndarray | None,
    k: int = 5,
    mode: str = "hybrid",
    exclude: frozenset[int] = frozenset(),
    topics: int | None = None,
    sentence: bool = False,
    unjudged: str = "",
) -> PointResult:
    """The best ``k`` answers (one card per answer family) for one point.

    Args:
        snap: The snapshot to search.
        text: The point, as typed.
        tokens: Its content-word tokens.
        queries: Its window vectors (query prompt); None in ``bm25`` mode.
        k: Cards to return.
        mode: ``hybrid``, ``dense`` or ``bm25``.
        exclude: Positions left out (a query's own precedent in leave-one-out evaluation).
        topics: How many distinct things the point names, a compound noun once (``tokenizer.topics``); the
            distinct tokens when None.
        sentence: Whether the point says something of what it names (``tokenizer.has_predicate``): a sentence
            about one thing (「マイナンバーカードは必要ですか。」) gets a verdict, a bare keyword does not.
        unjudged: Why the point gets no verdict whatever its words (``results.ONLY_LETTER``); "" to judge it.
    """
    check_mode(mode)
    weights = snap.calibration.modes[mode]
    found = point_features(snap, tokens, queries if mode != "bm25" else None, exclude)
    if not len(found.positions):
        return PointResult(text, True, 0.0, (), weights.threshold)
    # The probability was fitted on the corpus's own comments, which are sentences: a bare keyword is
    # outside what it knows (「評価書」 alone scored 95 %, 「マイナンバーカード」 94 %), so it gets cards for
    # reference and no verdict. A compound noun is one keyword, however many words it is made of; a sentence about
    # one thing is no keyword (「マイナンバーカードは必要ですか。」, 「ごみ有料化はいつから実施されますか」).
    named = len(set(tokens)) if topics is None else topics
    judged = not unjudged and (named >= MIN_JUDGED_WORDS or (sentence and named >= 1))
    if not unjudged and sentence and not named:  # 「特に意見はありません。」: a sentence, but of nothing to look up
        unjudged = NO_SUBJECT
    cards = []
    for rank_no, (family, score, members) in enumerate(ranked_families(snap, found, weights, k), start=1):
        probability = weights.probability(score, found.point)
        cards.append(_card(snap, found, rank_no, family, members, probability, weights.threshold, judged))
    confidence = cards[0].score
    return PointResult(text, not judged or confidence < weights.threshold, confidence, tuple(cards),
                       weights.threshold, judged, unjudged)


def _card(snap, found: PointFeatures, rank_no, family, members, probability, threshold, judged=True) -> Suggestion:
    best = snap.view.precedents[members[0]]
    at = int(np.searchsorted(found.positions, members[0]))  # positions are ascending
    by_answer, by_comment = found.values["z_answer"][at], found.values["z_comment"][at]
    para_keys = snap.view.paragraph_units[members[0]]
    paragraphs = sorted(
        (Paragraph(f"{best.id}:{i}", text, max(float(found.unit_scores[snap.lookups.unit_id[key]]), 0.0), i)
         for i, (text, key) in enumerate(zip(best.paragraphs, para_keys), start=1)),
        key=lambda p: (-p.score, p.position),
    )
    if by_answer == by_comment == 0:  # bm25 mode: no vectors, so the words tell (it always said the past comment)
        by_answer, by_comment = found.values["coverage_answer"][at], found.values["coverage_comment"][at]
    reason = "answer" if by_answer > by_comment and by_answer > 0 else "comment"
    part = "answer" if reason == "answer" else "comment"
    shared = [term for term in snap.lexical.shared_terms(list(found.tokens), members[0], part)
              if term not in GRAMMAR_WORDS]
    users = sorted((snap.source(p) for p in snap.family_members(snap.view.family[members[0]])),
                   key=lambda s: (s.period_start or "", s.precedent_id), reverse=True)
    return Suggestion(
        rank=rank_no,
        score=probability,
        template_id=family,
        precedent_id=best.id,
        answer=best.answer,
        paragraphs=tuple(paragraphs),
        sources=tuple(users),
        shared_terms=tuple(shared),
        matched_precedent_id=best.id,
        reason=reason,
        is_precedent=judged and probability >= threshold,
    )
