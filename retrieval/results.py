"""Small typed results of a search, shared by the CLI, the app and the evaluation.

All of them are frozen: a result can be cached in a browser session and shown again unchanged.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Source:
    """One place an answer was used.

    Attributes:
        precedent_id: The precedent's stable id.
        document_id: The document it was published in.
        document: The document's title.
        no: Item number as published.
        period: Comment period in 和暦 (「令和7年11月12日～12月11日」).
        period_start: First day of the period (ISO), for ordering.
        topic: Heading the item sits under, if any.
        comment: The past comment.
        answer: The answer as published there (wording may differ slightly between uses).
        location: Where in the source file the item is (「p.3」 for a PDF page), if known.
    """

    precedent_id: str
    document_id: str
    document: str
    no: str
    period: str
    period_start: str | None
    topic: str | None
    comment: str
    answer: str = ""
    location: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """One answer paragraph with its similarity to the point.

    Attributes:
        id: ``<precedent id>:<position>``.
        text: The paragraph as published.
        score: Similarity to the point (cosine of the embeddings, 0-1).
        position: 1-based position in the published answer.
    """

    id: str
    text: str
    score: float
    position: int = 0


@dataclass(frozen=True)
class Suggestion:
    """A reusable answer for one point: one card.

    Attributes:
        rank: 1 for the best.
        score: Probability (0-1) that this answer fits the point, calibrated on the corpus.
        template_id: The answer's wording key; answers that differ only in width or a word share it.
        precedent_id: The precedent whose answer is shown.
        answer: The answer text.
        paragraphs: The answer's paragraphs, in the order that best answers the point.
        sources: Every precedent using this wording, newest first.
        shared_terms: Content words the point shares with the matched past comment (or answer), rarest first, as the
            point writes them (a compound whose words are all shared once, whole; no single Latin letter).
        matched_precedent_id: The precedent whose past comment (or answer) matched the point best.
        reason: Which side matched: ``"comment"`` (a similar past comment) or ``"answer"``.
        is_precedent: Whether ``score`` reaches the corpus's threshold (「前例」, else 「参考」).
    """

    rank: int
    score: float
    template_id: str
    precedent_id: str
    answer: str
    paragraphs: tuple[Paragraph, ...]
    sources: tuple[Source, ...]
    shared_terms: tuple[str, ...]
    matched_precedent_id: str = ""
    reason: str = "comment"
    is_precedent: bool = False

    @property
    def published_paragraphs(self) -> tuple[Paragraph, ...]:
        """The paragraphs in the order they were published."""
        return tuple(sorted(self.paragraphs, key=lambda p: (p.position, p.id)))

    @property
    def matched_source(self) -> Source | None:
        """The source whose past comment matched the point best."""
        return next((s for s in self.sources if s.precedent_id == self.matched_precedent_id), None)


def threshold_percent(threshold: float) -> str:
    """The threshold as a whole percentage, rounded up: 「前例とみなすのは 19% 以上」 for 0.18592.

    Example:
        >>> threshold_percent(0.18592), threshold_percent(0.5), threshold_percent(0.29)
        ('19%', '50%', '29%')
    """
    return f"{_ceiling(threshold)}%"


def percent(probability: float, threshold: float) -> str:
    """A probability as a whole percentage that reads on its own side of the threshold as :func:`threshold_percent`
    writes it: rounded, but below the threshold never as high as the threshold reads (0.18524 against 0.18592 read
    「19%」 beside 「前例とみなすのは 19% 以上」 in the no-precedent verdict), and at or above it never lower.

    Example:
        >>> [percent(p, 0.18592) for p in (0.18524, 0.186, 0.94, 0.004)], percent(0.1845, 0.1841)
        (['18%', '19%', '94%', '0%'], '19%')
    """
    shown, limit = round(probability * 100), _ceiling(threshold)
    return f"{min(shown, limit - 1) if probability < threshold else max(shown, limit)}%"


def _ceiling(threshold: float) -> int:
    return math.ceil(round(threshold * 100, 9))  # 0.29 * 100 is 28.999999999999996


NOT_JUDGED = "判定なし"


class Judged:
    """How a result with a verdict threshold writes its probabilities (:class:`PointResult`, a 一括起案 row): its
    ``threshold`` and whether it was ``judged``, attributes of the dataclass that takes this in."""

    threshold: float
    judged: bool

    @property
    def threshold_text(self) -> str:
        """The threshold as the verdict writes it (:func:`threshold_percent`)."""
        return threshold_percent(self.threshold)

    def percent(self, probability: float) -> str:
        """A probability of this result (its confidence, a card's score) as shown beside the verdict: :func:`percent`
        against its threshold; without a verdict 「判定なし」 (a bare keyword scored 94 %: the probability was fitted
        on sentences and says nothing of it)."""
        return percent(probability, self.threshold) if self.judged else NOT_JUDGED

TOO_FEW_WORDS = ("語句が1つだけでは、前例かどうか判断できません。ご意見の文を入力してください"
                 "（近い候補は参考として表示しています）。")
ONLY_LETTER = ("挨拶や名前・連絡先だけで、ご意見の本文がないため、前例かどうか判断できません。ご意見の文を入力してください"
               "（近い候補は参考として表示しています）。")
# A sentence that names nothing to look up (「特に意見はありません。」, 「ご意見ありがとうございます。」): it has words and a
# predicate, so 「語句が1つだけでは…文を入力してください」 was wrong about it.
NO_SUBJECT = ("何についてのご意見かを表す語句（施策や事柄の名前）がないため、前例かどうか判断できません（「特に意見はありません」や"
              "お礼だけの文など）。ご意見の本文を入力してください（近い候補は参考として表示しています）。")


@dataclass(frozen=True)
class PointResult(Judged):
    """The suggestions for one point of a comment.

    Attributes:
        text: The point.
        no_precedent: True when no suggestion reaches the threshold (「近い前例はありません」).
        confidence: The best suggestion's probability (0 when there is none).
        threshold: The probability at which a suggestion counts as a precedent.
        results: The suggestions, best first.
        judged: False when the point holds too few content words to be judged (a bare keyword such as
            「除雪」), or only a greeting or who writes (「よろしくお願いします。」): its cards are shown for reference
            only and it counts as having no precedent.
        reason: Why it is not judged, when that is not too few words (:data:`ONLY_LETTER`, :data:`NO_SUBJECT`).
    """

    text: str
    no_precedent: bool
    confidence: float
    results: tuple[Suggestion, ...]
    threshold: float = 0.5
    judged: bool = True
    reason: str = ""

    @property
    def note(self) -> str:
        """Why the point has no verdict ("" when it has one)."""
        return "" if self.judged else self.reason or TOO_FEW_WORDS


@dataclass(frozen=True)
class SuggestResult:
    """Every point of one comment with its suggestions.

    Attributes:
        query: The comment as typed.
        no_precedent: True when no point has a precedent.
        points: One result per point.
        generation: The corpus generation the search ran on.
        points_found: How many points the comment raises; above ``len(points)`` when there were more
            than :data:`retrieval.points.MAX_POINTS` and neighbours were searched together.
    """

    query: str
    no_precedent: bool
    points: tuple[PointResult, ...]
    generation: int = 0
    points_found: int = 0

    @property
    def merged_note(self) -> str:
        """What to tell the reader when neighbouring points were searched together ("" otherwise)."""
        if self.points_found <= len(self.points):
            return ""
        return (f"このご意見には論点が {self.points_found} 個あります。{len(self.points)} 個にまとめて探しています"
                "（隣り合う論点を一緒に探しています）。論点ごとに探すときは、ご意見を分けて貼り付けてください。")

    def to_dict(self) -> dict:
        """The JSON shape of ``suggest --json``."""
        return {
            "query": self.query,
            "no_precedent": self.no_precedent,
            "points_found": max(self.points_found, len(self.points)),
            "points": [
                {
                    "text": point.text,
                    "no_precedent": point.no_precedent,
                    "judged": point.judged,
                    "confidence": round(point.confidence, 4),
                    "threshold": round(point.threshold, 4),
                    "results": [
                        {
                            "rank": s.rank,
                            "score": round(s.score, 4),
                            "is_precedent": s.is_precedent,
                            "template_id": s.template_id,
                            "answer": s.answer,
                            "paragraphs": [p.text for p in s.paragraphs],
                            "matched_precedent_id": s.matched_precedent_id,
                            "reason": s.reason,
                            "shared_terms": list(s.shared_terms),
                            "sources": [
                                {k: v for k, v in asdict(src).items() if k in SOURCE_KEYS} for src in s.sources
                            ],
                        }
                        for s in point.results
                    ],
                }
                for point in self.points
            ],
        }


SOURCE_KEYS = ("precedent_id", "document", "no", "period", "comment", "location")


@dataclass(frozen=True)
class RefreshReport:
    """What a refresh had to do to bring the indexes in line with the store.

    Attributes:
        embedded_units: Texts embedded now (comments, paragraphs, reference texts).
        embedded_windows: Model windows those texts made.
        removed_units: Texts no longer in the corpus, dropped from the index.
        vector_rebuilt: Why the vector index was rebuilt from nothing (None when it was reused).
        tokenized: Whether any text had to be tokenised.
        index_kind: FAISS index type in use.
        rows: Vector rows in the index.
        calibrated: Whether the ranking and the "no close precedent" decision were refitted now.
        encoder: Identity of the encoder in use (the fine-tuned one when it was adopted).
    """

    embedded_units: int
    embedded_windows: int
    removed_units: int
    vector_rebuilt: str | None
    tokenized: bool
    index_kind: str
    rows: int
    calibrated: bool = False
    encoder: str = ""
