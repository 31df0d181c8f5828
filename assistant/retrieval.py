"""Retrieval: a new comment in, the reusable precedents out, best first, or "no close precedent".

``build_index(store, encoder)`` brings the saved vector and BM25 indexes in line with the store
(embedding only text it has not seen) and returns a :class:`Retriever`; ``Retriever.search(query, k)``
splits the comment into points and ranks, for each point, the precedents by a fused score of
  - dense similarity of the point to the past comment, and to the past answer's paragraphs, each as a
    z-score against the point's similarity to a background sample of the corpus;
  - BM25 and word coverage over content-word lemmas.
Results are grouped by answer wording (the sequence of paragraph templates), so a recurring answer
appears once with every place it was used.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from assistant import settings
from assistant.errors import IndexCorruptError, QueryError
from assistant.lexical import TOKENS_FILE, LexicalIndex, TokenCache
from assistant.models import Document, Precedent
from assistant.points import split_points
from assistant.ranking import group_by_key, rank, zscore
from assistant.relevance import RelevanceModel
from assistant.store import Store
from assistant.textnorm import format_period
from embeddings.encoder import Encoder, model_text
from embeddings.index import VectorIndex, fingerprint

MODES = ("hybrid", "dense", "bm25")
DENSE_CANDIDATES = 100
LEXICAL_CANDIDATES = 30
BACKGROUND = 256
EMBED_SLICE = 128
Progress = Callable[[int, int], None]


# --- results -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    """One place an answer was used."""

    precedent_id: str
    document_id: str
    document: str
    no: str
    period: str
    period_start: str | None
    topic: str | None
    comment: str


@dataclass(frozen=True)
class Paragraph:
    """One answer paragraph with its similarity to the point (best first in a suggestion)."""

    id: str
    text: str
    score: float


@dataclass(frozen=True)
class Suggestion:
    """A reusable answer for one point.

    Attributes:
        rank: 1 for the best.
        score: Probability (0-1) that this answer fits the point.
        template_id: The answer's wording key: its paragraph template ids joined by "+".
        precedent_id: The best matching precedent using this wording.
        answer: The answer text.
        paragraphs: The answer's paragraphs, best matching first.
        sources: Every precedent using this wording, newest first.
        shared_terms: Content words the point shares with the best precedent, rarest first.
    """

    rank: int
    score: float
    template_id: str
    precedent_id: str
    answer: str
    paragraphs: tuple[Paragraph, ...]
    sources: tuple[Source, ...]
    shared_terms: tuple[str, ...]


@dataclass(frozen=True)
class PointResult:
    text: str
    no_precedent: bool
    confidence: float
    results: tuple[Suggestion, ...]


@dataclass(frozen=True)
class SuggestResult:
    query: str
    no_precedent: bool
    points: tuple[PointResult, ...]

    def to_dict(self) -> dict:
        """The JSON shape of ``suggest --json``."""
        return {
            "query": self.query,
            "no_precedent": self.no_precedent,
            "points": [
                {
                    "text": point.text,
                    "no_precedent": point.no_precedent,
                    "confidence": round(point.confidence, 4),
                    "results": [
                        {
                            "rank": s.rank,
                            "score": round(s.score, 4),
                            "template_id": s.template_id,
                            "answer": s.answer,
                            "paragraphs": [p.text for p in s.paragraphs],
                            "sources": [
                                {k: v for k, v in asdict(src).items() if k in _SOURCE_KEYS} for src in s.sources
                            ],
                        }
                        for s in point.results
                    ],
                }
                for point in self.points
            ],
        }


_SOURCE_KEYS = ("precedent_id", "document", "no", "period", "comment")


@dataclass(frozen=True)
class RefreshReport:
    """What ``build_index`` had to do."""

    embedded_units: int
    embedded_windows: int
    removed_units: int
    vector_rebuilt: str | None
    tokenized: bool
    index_kind: str
    rows: int


# --- units: the texts that get vectors ----------------------------------------------------------
def unit_key(text: str) -> str:
    """Content address of a text unit as the model sees it."""
    return hashlib.sha1(model_text(text).encode("utf-8")).hexdigest()[:20]


@dataclass
class _Corpus:
    precedents: list[Precedent]
    documents: dict[str, Document]
    comment_unit: list[str] = field(default_factory=list)
    para_units: list[list[str]] = field(default_factory=list)
    unit_text: dict[str, str] = field(default_factory=dict)
    answer_key: dict[str, str] = field(default_factory=dict)

    background_units: list[str] = field(default_factory=list)

    @classmethod
    def from_store(cls, store: Store) -> _Corpus:
        corpus = cls(store.precedents(), {doc.id: doc for doc in store.documents()})
        for text in background_texts():
            corpus.unit_text[unit_key(text)] = text
            corpus.background_units.append(unit_key(text))
        for precedent in corpus.precedents:
            texts = [precedent.comment or precedent.topic or ""] + list(precedent.paragraphs)
            keys = [unit_key(text) for text in texts]
            corpus.unit_text.update({key: text for key, text in zip(keys, texts) if model_text(text)})
            corpus.comment_unit.append(keys[0])
            corpus.para_units.append(keys[1:])
            templates = precedent.template_ids
            complete = templates and all(templates)
            corpus.answer_key[precedent.id] = "+".join(templates) if complete else precedent.id
        return corpus


def background_texts() -> list[str]:
    """Comments on unrelated municipal topics: the reference that dense similarity is contrasted with."""
    path = settings.DATA_DIR / "calibration" / "background.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


# --- the retriever ------------------------------------------------------------------------------
class Retriever:
    """Search over one store's precedents with an encoder, a tokenizer and the saved indexes.

    Use :func:`build_index` to make one.
    """

    def __init__(self, store: Store, encoder: Encoder, tokenizer, index_dir: Path, relevance: RelevanceModel) -> None:
        self.store = store
        self.encoder = encoder
        self.tokenizer = tokenizer
        self.index_dir = index_dir
        self.relevance = relevance
        self.corpus = _Corpus.from_store(store)
        self.vectors: VectorIndex | None = None
        self.lexical: LexicalIndex | None = None

    @property
    def vector_dir(self) -> Path:
        return self.index_dir / "vectors"

    # --- building -------------------------------------------------------------------------
    def refresh(self, progress: Progress | None = None) -> RefreshReport:
        """Bring both indexes in line with the store, embedding only units the index lacks."""
        self.generation = self.store.generation
        self.corpus = _Corpus.from_store(self.store)
        index, reason = self._load_vectors()
        needed = set(self.corpus.unit_text)
        stale = index.unit_keys - needed
        missing = sorted(needed - index.unit_keys)
        removed = index.remove(stale)
        windows = self._embed(index, missing, progress)
        if missing or removed or reason:
            index.save(self.vector_dir, fingerprint(needed))
        self.vectors = index
        tokenized = self._build_lexical()
        self._prepare()
        self.report = RefreshReport(len(missing), windows, len(stale), reason, tokenized, index.kind, len(index.keys))
        return self.report

    def _load_vectors(self) -> tuple[VectorIndex, str | None]:
        threshold = int(settings.get("hnsw_threshold"))
        empty = VectorIndex.build([], np.zeros((0, self.encoder.dim), np.float32), self.encoder.identity, threshold)
        manifest = VectorIndex.read_manifest(self.vector_dir)
        if manifest is None:
            return empty, "corrupt: manifest.json を読めません" if self.vector_dir.exists() else "new"
        if manifest.get("model") != self.encoder.identity or manifest.get("dim") != self.encoder.dim:
            return empty, "model changed"
        try:
            index, _ = VectorIndex.load(self.vector_dir)
        except IndexCorruptError as error:
            return empty, f"corrupt: {error}"
        index.hnsw_threshold = threshold
        return index, None

    def _embed(self, index: VectorIndex, keys: list[str], progress: Progress | None) -> int:
        windows: list[tuple[str, str]] = []
        for key in keys:
            windows += [(key, piece) for piece in self.encoder.window(self.corpus.unit_text[key])]
        windows.sort(key=lambda item: (len(item[1]), item[0]))  # similar lengths share a batch: less padding
        for start in range(0, len(windows), EMBED_SLICE):
            batch = windows[start:start + EMBED_SLICE]
            index.add([key for key, _ in batch], self.encoder.encode_documents([text for _, text in batch]))
            if progress:
                progress(min(start + EMBED_SLICE, len(windows)), len(windows))
        return len(windows)

    def _build_lexical(self) -> bool:
        cache = TokenCache(self.index_dir / TOKENS_FILE)
        precedents = self.corpus.precedents
        comments = [f"{p.topic or ''}\n{p.comment}" for p in precedents]
        items = [(_text_hash(text), text) for text in comments]
        items += [(_text_hash(p.answer), p.answer) for p in precedents]
        tokens = cache.resolve(items, self.tokenizer)
        if cache.changed or not cache.path.exists():
            cache.save({key for key, _ in items})
        count = len(precedents)
        self.lexical = LexicalIndex([p.id for p in precedents], tokens[:count], tokens[count:])
        return cache.changed

    def _prepare(self) -> None:
        """Integer lookups (unit ids, row and paragraph CSR arrays) and the background sample."""
        corpus = self.corpus
        self.unit_id = {key: uid for uid, key in enumerate(corpus.unit_text)}
        row_units = np.array([self.unit_id.get(key, -1) for key in self.vectors.keys], dtype=np.int64)
        order = np.argsort(row_units, kind="stable")
        self.unit_ptr = np.searchsorted(row_units[order], np.arange(len(self.unit_id) + 1))
        self.unit_rows_flat = order
        self.comment_uid = np.array([self.unit_id[key] for key in corpus.comment_unit], dtype=np.int64)
        counts = [len(keys) for keys in corpus.para_units]
        self.para_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.para_flat = np.array([self.unit_id[k] for keys in corpus.para_units for k in keys], dtype=np.int64)
        self.background_uid = np.array([self.unit_id[k] for k in corpus.background_units], dtype=np.int64)
        self.owners: dict[str, list[int]] = {}
        for position, key in enumerate(corpus.comment_unit):
            self.owners.setdefault(key, []).append(position)
        for position, keys in enumerate(corpus.para_units):
            for key in keys:
                self.owners.setdefault(key, []).append(position)
        self.position = {p.id: i for i, p in enumerate(corpus.precedents)}
        self._sources: dict[str, Source] = {}
        self.users: dict[str, list[Precedent]] = {}
        for precedent in corpus.precedents:
            self.users.setdefault(corpus.answer_key[precedent.id], []).append(precedent)
        count = len(corpus.precedents)
        self.background = sorted(random.Random(0).sample(range(count), min(BACKGROUND, count)))

    def vectors_for(self, texts: list[str]) -> np.ndarray:
        """A vector per text: the stored one (first window) when the text is indexed, else encoded now."""
        found: list[np.ndarray | None] = []
        for text in texts:
            uid = self.unit_id.get(unit_key(text))
            rows = self.unit_rows_flat[self.unit_ptr[uid]:self.unit_ptr[uid + 1]] if uid is not None else ()
            found.append(self.vectors.vectors[rows[0]] if len(rows) else None)
        missing = [i for i, vector in enumerate(found) if vector is None]
        for i, vector in zip(missing, self.encoder.encode_documents([texts[i] for i in missing])):
            found[i] = vector
        return np.vstack(found) if found else np.zeros((0, self.encoder.dim), np.float32)

    # --- searching ------------------------------------------------------------------------
    def search(self, query: str, k: int = 5, mode: str = "hybrid") -> SuggestResult:
        """Suggest precedents for each point of a comment.

        Raises:
            QueryError: The comment is empty, has no letters or digits, or is too long.
        """
        points = self.points_of(query)
        return self._result(query, [self.search_point(point, k, mode) for point in points])

    def points_of(self, query: str) -> list[str]:
        check_query(query)
        return split_points(query)

    def _result(self, query: str, points: list[PointResult]) -> SuggestResult:
        return SuggestResult(query, all(p.no_precedent for p in points), tuple(points))

    def search_point(self, text: str, k: int = 5, mode: str = "hybrid") -> PointResult:
        if mode not in MODES:
            raise QueryError(f"検索方式 {mode} はありません。{' / '.join(MODES)} から選んでください。")
        if self.vectors is None or self.store.generation != self.generation:
            self.refresh()  # the corpus changed (here, or from the CLI in another process)
        tokens = self.tokenizer(text)
        scored = self.score_point(text, mode, tokens)
        weights = self.relevance.modes[mode]
        if not scored:
            return PointResult(text, True, 0.0, ())
        ranked = rank((pid, logit) for pid, (logit, _, _) in scored.items())
        grouped = group_by_key(ranked, self.corpus.answer_key)[:k]
        confidence = scored[ranked[0][0]][1]
        results = tuple(
            self._suggestion(i, members, scored, set(tokens)) for i, (_, _, members) in enumerate(grouped, 1)
        )
        return PointResult(text, confidence < weights.threshold, confidence, results)

    def score_point(self, text: str, mode: str = "hybrid", tokens: list[str] | None = None) -> dict[str, tuple[float, float, dict]]:
        """``precedent id -> (ranking score, probability, details)`` for the candidates of one point.

        ``tokens`` are the point's content-word tokens when the caller already has them.
        """
        weights = self.relevance.modes[mode]
        tokens = self.tokenizer(text) if tokens is None else tokens
        bm25 = self.lexical.scores(tokens)
        started = time.perf_counter()
        queries = self.encoder.encode_queries(self.encoder.window(text)) if mode != "bm25" else None
        self.last_encode_seconds = time.perf_counter() - started
        candidates = self._candidates(queries, bm25, mode)
        if not candidates:
            return {}
        details = self._features(candidates, queries, bm25, tokens)
        scored = {}
        for position, values in details.items():
            pid = self.corpus.precedents[position].id
            score = float(bm25[position]) if mode == "bm25" else weights.score(values)
            scored[pid] = (score, weights.probability(values), values)
        return scored

    def _candidates(self, queries: np.ndarray | None, bm25: np.ndarray, mode: str) -> list[int]:
        found: set[int] = set()
        if mode != "bm25" and queries is not None and len(queries):
            for row, _ in self.vectors.search(queries, DENSE_CANDIDATES):
                found.update(self.owners.get(self.vectors.keys[row], ()))
        if mode != "dense":
            limit = min(LEXICAL_CANDIDATES, len(bm25))
            top = np.argpartition(-bm25, limit - 1)[:limit] if limit else []
            found.update(int(i) for i in top if bm25[i] > 0)
        return sorted(found)

    def _paragraph_uids(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Concatenated paragraph unit ids of the positions, and where each position's run starts."""
        starts, ends = self.para_ptr[positions], self.para_ptr[positions + 1]
        lengths = ends - starts
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(lengths) else np.zeros(0, np.int64)
        index = np.repeat(starts - offsets, lengths) + np.arange(lengths.sum())
        return self.para_flat[index], offsets

    def _unit_scores(self, uids: np.ndarray, queries: np.ndarray) -> np.ndarray:
        """Best similarity of each unit's windows to any query window (-1 for units without vectors)."""
        uids = np.unique(uids)
        scores = np.full(len(self.unit_id), -1.0, dtype=np.float32)
        starts, ends = self.unit_ptr[uids], self.unit_ptr[uids + 1]
        lengths = ends - starts
        have = lengths > 0
        uids, starts, lengths = uids[have], starts[have], lengths[have]
        if not len(uids):
            return scores
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        rows = self.unit_rows_flat[np.repeat(starts - offsets, lengths) + np.arange(lengths.sum())]
        sims = (self.vectors.vectors[rows] @ queries.T).max(axis=1)
        scores[uids] = np.maximum.reduceat(sims, offsets)
        return scores

    def _dense(self, positions: list[int], queries: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Comment score, answer score (best paragraph) of each position, and all unit scores."""
        positions = np.asarray(positions, dtype=np.int64)
        para_uids, offsets = self._paragraph_uids(positions)
        scores = self._unit_scores(np.concatenate([self.comment_uid[positions], para_uids]), queries)
        comment = np.maximum(scores[self.comment_uid[positions]], 0.0)
        answer = np.zeros(len(positions), dtype=np.float32)
        has = self.para_ptr[positions + 1] > self.para_ptr[positions]
        if len(para_uids):
            best = np.maximum.reduceat(scores[para_uids], offsets[has]) if has.any() else np.zeros(0)
            answer[has] = np.maximum(best, 0.0)
        return comment, answer, scores

    def _features(self, positions: list[int], queries, bm25: np.ndarray, tokens: list[str]) -> dict[int, dict]:
        bound = sum(self.lexical.idf(t) for t in set(tokens)) * 2.2 or 1.0  # (k1 + 1) with k1 = 1.2
        details: dict[int, dict] = {}
        if queries is not None and len(queries):
            comment, answer, unit_scores = self._dense(positions, queries)
            bg_comment, bg_answer, _ = self._dense(self.background, queries)
            mean_c, std_c, mean_a, std_a = bg_comment.mean(), bg_comment.std(), bg_answer.mean(), bg_answer.std()
            z_comment = [zscore(v, mean_c, std_c) for v in comment.tolist()]
            z_answer = [zscore(v, mean_a, std_a) for v in answer.tolist()]
            elsewhere = float(self._unit_scores(self.background_uid, queries)[self.background_uid].max(initial=0.0))
        else:
            comment = answer = np.zeros(len(positions))
            z_comment = z_answer = [0.0] * len(positions)
            unit_scores = np.zeros(len(self.unit_id), dtype=np.float32)
            elsewhere = 0.0
        cover_comment = self.lexical.coverages(tokens, positions, "comment")
        cover_answer = self.lexical.coverages(tokens, positions, "answer")
        for i, position in enumerate(positions):
            details[position] = {
                "z_comment": z_comment[i],
                "z_answer": z_answer[i],
                "z_max": max(z_comment[i], z_answer[i]),
                "contrast": (max(comment[i], answer[i]) - elsewhere) * 10,
                "coverage_comment": cover_comment[i],
                "coverage_answer": cover_answer[i],
                "bm25": float(bm25[position]) / bound,
                "cos_comment": float(comment[i]),
                "cos_answer": float(answer[i]),
                "unit_scores": unit_scores,
            }
        return details

    def _suggestion(self, rank_no: int, members: list[str], scored: dict, tokens: set[str]) -> Suggestion:
        best = self.corpus.precedents[self.position[members[0]]]
        _, probability, values = scored[best.id]
        unit_scores = values["unit_scores"]
        paragraphs = sorted(
            (Paragraph(f"{best.id}:{i}", text, max(float(unit_scores[self.unit_id[unit_key(text)]]), 0.0))
             for i, text in enumerate(best.paragraphs, start=1)),
            key=lambda p: (-p.score, p.id),
        )
        key = self.corpus.answer_key[best.id]
        sources = sorted((self._source(p) for p in self.users[key]), key=lambda s: (s.period_start or "", s.precedent_id))
        shared = set(self.lexical.shared_terms(list(tokens), self.position[best.id], "comment"))
        return Suggestion(
            rank=rank_no,
            score=probability,
            template_id=key,
            precedent_id=best.id,
            answer=best.answer,
            paragraphs=tuple(paragraphs),
            sources=tuple(reversed(sources)),
            shared_terms=tuple(sorted(shared, key=lambda t: (-self.lexical.idf(t), t))),
        )

    def _source(self, precedent: Precedent) -> Source:
        cached = self._sources.get(precedent.id)
        if cached is None:
            cached = self._sources[precedent.id] = self._make_source(precedent)
        return cached

    def _make_source(self, precedent: Precedent) -> Source:
        document = self.corpus.documents[precedent.document_id]
        return Source(
            precedent_id=precedent.id,
            document_id=document.id,
            document=document.title,
            no=precedent.no,
            period=format_period(document.period_start, document.period_end),
            period_start=document.period_start,
            topic=precedent.topic,
            comment=precedent.comment,
        )


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


def build_index(
    store: Store,
    encoder: Encoder,
    tokenizer=None,
    index_dir: Path | None = None,
    relevance: RelevanceModel | None = None,
    progress: Progress | None = None,
) -> Retriever:
    """Load or build the indexes for ``store`` and return a ready :class:`Retriever`.

    Example::

        store, _ = open_corpus()
        retriever = build_index(store, load_default_encoder(store))
        retriever.search("マイナンバーカードの取得は義務ですか。", k=3).points[0].results[0].answer
    """
    if tokenizer is None:
        from assistant.tokenizer import JapaneseTokenizer

        tokenizer = JapaneseTokenizer()
    index_dir = index_dir or settings.index_dir()
    relevance = relevance or RelevanceModel.load(index_dir / "relevance.json")
    retriever = Retriever(store, encoder, tokenizer, index_dir, relevance)
    retriever.refresh(progress)
    return retriever
