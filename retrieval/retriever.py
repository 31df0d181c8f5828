"""The retriever: one reference to an immutable snapshot, swapped when the corpus changes.

Browser sessions share one :class:`Retriever`. A search reads the reference once and works on that
snapshot to the end; ``refresh()`` builds a whole new snapshot (under a lock, so two refreshes never
interleave) and then swaps the reference. A search that arrives while a refresh is being built uses
the snapshot it finds instead of waiting.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistant import settings
from assistant.store import Store
from embeddings.encoder import Encoder
from retrieval.calibration import calibrate, needs_refit
from retrieval.corpus import CorpusView, unit_key
from retrieval.points import split_points
from retrieval.results import PointResult, RefreshReport, SuggestResult
from retrieval.scoring import Calibration
from retrieval.search import check_mode, check_query, search_point
from retrieval.snapshot import Snapshot
from retrieval.sync import sync_lexical, sync_vectors

CALIBRATION_FILE = "calibration.json"
Progress = Callable[[int, int], None]
Say = Callable[[str], None]


class Retriever:
    """Search over one store's precedents with an encoder, a tokenizer and the saved indexes.

    Use :func:`retrieval.build_index` to make one.

    Args:
        store: The corpus store.
        encoder: Embeds points (query prompt) and corpus texts (document prompt).
        tokenizer: Content-word tokens for BM25 (has an ``identity``).
        index_dir: Where the vector index, token cache and calibration are saved.
        auto_calibrate: Refit the ranking and the probability when the corpus changed enough.
    """

    def __init__(self, store: Store, encoder: Encoder, tokenizer, index_dir: Path, auto_calibrate: bool = True) -> None:
        self.store = store
        self.encoder = encoder
        self.tokenizer = tokenizer
        self.index_dir = Path(index_dir)
        self.auto_calibrate = auto_calibrate
        self.report: RefreshReport | None = None
        self._snapshot: Snapshot | None = None
        self._building = threading.Lock()

    @property
    def vector_dir(self) -> Path:
        return self.index_dir / "vectors"

    @property
    def calibration_path(self) -> Path:
        return self.index_dir / CALIBRATION_FILE

    # --- building -------------------------------------------------------------------------------
    def refresh(self, progress: Progress | None = None, say: Say | None = None, force: bool = False) -> RefreshReport:
        """Build a new snapshot of the store and swap it in.

        Embeds only texts the saved index lacks, and refits the calibration when the corpus changed
        enough since the last fit. Without ``force``, does nothing when the snapshot is current.
        """
        with self._building:
            current = self._snapshot
            if current is not None and not force and current.generation == self.store.generation and self.report:
                return self.report
            view = CorpusView.from_store(self.store)
            threshold = int(settings.get("hnsw_threshold"))
            vectors, synced = sync_vectors(view, self.encoder, self.vector_dir, threshold, progress)
            lexical, tokenized = sync_lexical(view, self.tokenizer, self.index_dir)
            saved = Calibration.load(self.calibration_path)
            identity = getattr(self.tokenizer, "identity", type(self.tokenizer).__name__)
            usable = saved if saved and saved.encoder == self.encoder.identity and saved.tokenizer == identity else None
            snap = Snapshot.build(view, vectors, lexical, usable or Calibration.default(), self.encoder.identity, identity)
            calibrated = False
            if self.auto_calibrate and needs_refit(usable, snap):
                fitted = calibrate(snap, self.encoder, self.tokenizer, self.index_dir, progress=say)
                fitted.save(self.calibration_path)
                snap = snap.with_calibration(fitted)
                calibrated = True
            self._snapshot = snap
            self.report = RefreshReport(
                synced.embedded_units, synced.embedded_windows, synced.removed_units, synced.rebuilt, tokenized,
                vectors.kind, len(vectors.keys), calibrated,
            )
            return self.report

    def recalibrate(self, extra=None, say: Say | None = None) -> Calibration:
        """Refit now (optionally with hand-written training queries), save, and swap the snapshot."""
        snap = self.current()
        with self._building:
            fitted = calibrate(snap, self.encoder, self.tokenizer, self.index_dir, extra=extra, progress=say)
            fitted.save(self.calibration_path)
            self._snapshot = snap.with_calibration(fitted)
        return fitted

    def current(self) -> Snapshot:
        """The snapshot to search: refreshed first when the store changed (also from another process).

        While another thread builds a new snapshot, the one in hand is used.
        """
        snap = self._snapshot
        if snap is not None and snap.generation == self.store.generation:
            return snap
        if snap is not None and self._building.locked():
            return snap
        self.refresh()
        return self._snapshot

    @property
    def calibration(self) -> Calibration:
        return self.current().calibration

    # --- searching ------------------------------------------------------------------------------
    def encode_point(self, text: str) -> np.ndarray:
        """The vectors of a point's windows (query prompt)."""
        return self.encoder.encode_queries(self.encoder.window(text))

    def search(self, query: str, k: int = 5, mode: str = "hybrid") -> SuggestResult:
        """Suggest precedents for each point of a comment.

        Raises:
            QueryError: The comment is empty, has no letters or digits, or is too long, or the mode
                is unknown.
        """
        check_query(query)
        check_mode(mode)
        snap = self.current()
        points = tuple(self._search_point(snap, point, k, mode) for point in split_points(query))
        return SuggestResult(query, all(p.no_precedent for p in points), points, snap.generation)

    def search_point(self, text: str, k: int = 5, mode: str = "hybrid", exclude: frozenset[str] = frozenset(),
                     vectors: np.ndarray | None = None) -> PointResult:
        """Suggestions for one point, searched whole.

        Args:
            text: The point.
            k: Cards to return.
            mode: ``hybrid``, ``dense`` or ``bm25``.
            exclude: Precedent ids to leave out (leave-one-out evaluation).
            vectors: The point's window vectors when the caller has them already.
        """
        check_mode(mode)
        return self._search_point(self.current(), text, k, mode, exclude, vectors)

    def _search_point(self, snap: Snapshot, text: str, k: int, mode: str, exclude: frozenset[str] = frozenset(),
                      vectors: np.ndarray | None = None) -> PointResult:
        if mode != "bm25" and vectors is None:
            vectors = self.encode_point(text)
        positions = frozenset(snap.position[pid] for pid in exclude if pid in snap.position)
        return search_point(snap, text, self.tokenizer(text), vectors, k, mode, positions)

    def vectors_for(self, texts: list[str]) -> np.ndarray:
        """A vector per text: the stored one (first window) when the text is indexed, else encoded now."""
        snap = self.current()
        found = [snap.lookups.first_vector(snap.vectors, unit_key(text)) for text in texts]
        missing = [i for i, vector in enumerate(found) if vector is None]
        for i, vector in zip(missing, self.encoder.encode_documents([texts[i] for i in missing])):
            found[i] = vector
        return np.vstack(found) if found else np.zeros((0, self.encoder.dim), np.float32)


def build_index(
    store: Store,
    encoder: Encoder,
    tokenizer=None,
    index_dir: Path | None = None,
    progress: Progress | None = None,
    say: Say | None = None,
    auto_calibrate: bool = True,
) -> Retriever:
    """Load or build the indexes for ``store`` and return a ready :class:`Retriever`.

    Example::

        store, _ = open_corpus()
        retriever = build_index(store, load_default_encoder())
        retriever.search("マイナンバーカードの取得は義務ですか。", k=3).points[0].results[0].answer
    """
    if tokenizer is None:
        from assistant.tokenizer import JapaneseTokenizer

        tokenizer = JapaneseTokenizer()
    retriever = Retriever(store, encoder, tokenizer, index_dir or settings.index_dir(), auto_calibrate)
    retriever.refresh(progress, say)
    return retriever
