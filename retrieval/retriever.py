"""The retriever: one reference to an immutable snapshot, swapped when the corpus changes.

Browser sessions share one :class:`Retriever`. A search reads the reference once and works on that
snapshot to the end; ``refresh()`` builds a whole new snapshot (under a lock, so two refreshes never
interleave) and then swaps the reference. A search that arrives while a refresh is being built uses
the snapshot it finds instead of waiting.

Another process on the same store and index folder (the app and a command beside it) is kept out by
the index folder's inter-process lock (``assistant.locking``), held while the saved indexes are read,
synced, calibrated and written: the second one waits, then loads what the first saved.
"""

from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager
from dataclasses import replace
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from assistant import settings
from assistant.locking import held_elsewhere, hold, remove_stale_files
from assistant.store import Store
from assistant.tokenizer import shown_terms
from embeddings.encoder import Encoder
from assistant.errors import ModelError
from embeddings.encoder import load_tuned
from retrieval.calibration import calibrate, needs_refit, outgrown
from retrieval.finetune import FineTuneRecord, enough_pairs
from retrieval.corpus import FAMILIES_FILE, CorpusView, comment_key, is_query_unit, unit_key
from retrieval.points import count_points, letter_body, only_letter, split_points
from retrieval.results import ONLY_LETTER, PointResult, RefreshReport, SuggestResult
from retrieval.scoring import Calibration
from retrieval.search import check_mode, check_query, search_point
from retrieval.snapshot import Snapshot
from retrieval.sync import sync_lexical, sync_vectors

CALIBRATION_FILE = "calibration.json"
OLD_TWINS_DIR = "query-vectors"  # where earlier versions kept every comment embedded a second time: removed
TUNED_DIR = "tuned"
RETUNE_CHANGE = 0.3
WAITING = "別の処理（アプリかコマンド）が索引を更新しています。終わるのを待って、その結果を読み込みます…"
Progress = Callable[[int, int], None]
Say = Callable[[str], None]


class Retriever:
    """Search over one store's precedents with an encoder, a tokenizer and the saved indexes.

    Use :func:`retrieval.build_index` to make one.

    Args:
        store: The corpus store.
        encoder: Embeds points and past comments (query prompt) and answer paragraphs (document prompt).
        tokenizer: Content-word tokens for BM25 (has an ``identity``, and ``topics`` for the keyword rule).
        index_dir: Where the vector index, token cache and calibration are saved.
        auto_calibrate: Refit the ranking and the probability when the corpus changed enough.
    """

    def __init__(self, store: Store, encoder: Encoder, tokenizer, index_dir: Path, auto_calibrate: bool = True) -> None:
        self.store = store
        self.base_encoder = encoder
        self.encoder = encoder  # the fine-tuned encoder when one is adopted
        self.tokenizer = tokenizer
        self.index_dir = Path(index_dir)
        self.working_dir = self.index_dir
        self.auto_calibrate = auto_calibrate
        self.report: RefreshReport | None = None
        self._snapshot: Snapshot | None = None
        self._tuned_encoder: Encoder | None = None
        self._building = threading.Lock()

    @property
    def vector_dir(self) -> Path:
        """The vector index in use (the fine-tuned encoder's when it is adopted)."""
        return self.working_dir / "vectors"

    @property
    def calibration_path(self) -> Path:
        return self.working_dir / CALIBRATION_FILE

    # --- building -------------------------------------------------------------------------------
    def refresh(self, progress: Progress | None = None, say: Say | None = None, force: bool = False) -> RefreshReport:
        """Build a new snapshot of the store and swap it in.

        Embeds only texts the saved index lacks, refits the calibration when the corpus changed
        enough since the last fit, and fine-tunes the encoder on the corpus when that is due (see
        ``retrieval.finetune``). Without ``force``, does nothing when the snapshot is current.
        """
        with self._building:
            current = self._snapshot
            if current is not None and not force and current.generation == self.store.generation and self.report:
                return self.report
            with self._index_lock(say):
                view = CorpusView.from_store(self.store, self.index_dir / FAMILIES_FILE)
                tuned = self._adopted_tuned(view)
                if tuned is not None:
                    encoder, folder = tuned
                    snap, report = self._build(view, encoder, folder, progress, say)
                else:
                    encoder, folder = self.base_encoder, self.index_dir
                    snap, report = self._build(view, encoder, folder, progress, say)
                    if self._finetune_due(snap, view):
                        found = self._finetune(snap, progress, say)
                        if found is not None:
                            (snap, report), encoder, folder = found
            self.encoder, self.working_dir = encoder, folder
            self._snapshot = snap
            self.report = report
            return report

    @contextmanager
    def _index_lock(self, say: Say | None = None) -> Iterator[None]:
        """Hold the index folder's inter-process lock (``say`` is told when another process holds it) and
        remove the temporary files that a killed process left there."""

        def waiting() -> None:
            if say is not None:
                say(WAITING)

        with hold(self.index_dir, waiting):
            remove_stale_files(self.index_dir)
            remove_stale_files(self.tuned_dir)
            yield

    def _build(self, view: CorpusView, encoder: Encoder, folder: Path, progress: Progress | None, say: Say | None,
               calibrate_now: bool = True) -> tuple[Snapshot, RefreshReport]:
        """A snapshot of ``view`` with ``encoder``'s vectors in ``folder`` (synced), calibrated when due."""
        threshold = int(settings.get("hnsw_threshold"))
        vectors, synced = sync_vectors(view.unit_text, encoder, folder / "vectors", threshold, progress, is_query_unit,
                                       float(settings.get("index_checkpoint_seconds")))
        shutil.rmtree(folder / OLD_TWINS_DIR, ignore_errors=True)
        lexical, tokenized = sync_lexical(view, self.tokenizer, self.index_dir)
        identity = getattr(self.tokenizer, "identity", type(self.tokenizer).__name__)
        saved = Calibration.load(folder / CALIBRATION_FILE)
        usable = saved if saved and saved.encoder == encoder.identity and saved.tokenizer == identity else None
        snap = Snapshot.build(view, vectors, lexical, usable or Calibration.default(), encoder.identity, identity)
        if outgrown(usable, snap):  # documents deleted below what can be fitted: the measured defaults again
            if say is not None:
                say(f"前例が {len(view.precedents)} 件に減ったため、順位付けの校正をやめ、既定の値に戻しました"
                    "（前例が10件以上になると、また自動で行います）。")
            (folder / CALIBRATION_FILE).unlink(missing_ok=True)
            usable = None
            snap = snap.with_calibration(Calibration.default())
        calibrated = False
        if calibrate_now and self.auto_calibrate and needs_refit(usable, snap):
            fitted = calibrate(snap, encoder, self.tokenizer, progress=say)
            fitted.save(folder / CALIBRATION_FILE)
            snap = snap.with_calibration(fitted)
            calibrated = True
        report = RefreshReport(
            synced.embedded_units, synced.embedded_windows, synced.removed_units,
            synced.rebuilt, tokenized, vectors.kind, len(vectors.keys), calibrated, encoder.identity,
        )
        return snap, report

    # --- the fine-tuned encoder ---------------------------------------------------------------------
    @property
    def tuned_dir(self) -> Path:
        return self.index_dir / TUNED_DIR

    def finetune_record(self) -> FineTuneRecord | None:
        """What the last fine-tuning did, if any."""
        return FineTuneRecord.load(self.tuned_dir)

    def _adopted_tuned(self, view: CorpusView) -> tuple[Encoder, Path] | None:
        """The adopted fine-tuned encoder and its folder, unless retraining is due or it cannot be loaded."""
        record = self.finetune_record()
        if record is None or not record.adopted or record.base != self.base_encoder.identity:
            return None
        if _changed_share(record.precedent_ids, view) >= RETUNE_CHANGE:
            return None  # the corpus has changed too much since: the base model answers until it is tuned again
        if self._tuned_encoder is None or getattr(self._tuned_encoder, "folder", None) != self.tuned_dir / "model":
            try:
                self._tuned_encoder = load_tuned(self.tuned_dir / "model", self.base_encoder)
            except ModelError:
                return None  # the base model is the fallback
        return self._tuned_encoder, self.tuned_dir

    def _finetune_due(self, snap: Snapshot, view: CorpusView) -> bool:
        if settings.get("finetune") != "auto" or getattr(self.base_encoder, "folder", None) is None:
            return False
        if not enough_pairs(snap, int(settings.get("finetune_min_pairs"))):
            return False
        record = self.finetune_record()
        return (record is None or record.base != self.base_encoder.identity
                or _changed_share(record.precedent_ids, view) >= RETUNE_CHANGE)

    def _finetune(self, base: Snapshot, progress: Progress | None, say: Say | None):
        """Train, measure on held-out comments, and adopt the tuned encoder only when it ranks better."""
        return finetune_and_compare(self, base, progress, say)

    def finetune(self, say: Say | None = None) -> FineTuneRecord:
        """Fine-tune now (whatever the ``finetune`` setting), adopt the result when it ranks better, and swap."""
        with self._building, self._index_lock(say):
            view = CorpusView.from_store(self.store, self.index_dir / FAMILIES_FILE)
            base, report = self._build(view, self.base_encoder, self.index_dir, None, say)
            found = finetune_and_compare(self, base, None, say)
            if found is not None:
                (snap, report), self.encoder, self.working_dir = found
            else:
                snap, self.encoder, self.working_dir = base, self.base_encoder, self.index_dir
            self._snapshot, self.report = snap, report
        return self.finetune_record()

    def recalibrate(self, extra=None, say: Say | None = None) -> Calibration:
        """Refit now (optionally with hand-written training queries), save, and swap the snapshot."""
        snap = self.current()
        with self._building, self._index_lock(say):
            fitted = calibrate(snap, self.encoder, self.tokenizer, extra=extra, progress=say)
            fitted.save(self.calibration_path)
            self._snapshot = snap.with_calibration(fitted)
        return fitted

    def current(self) -> Snapshot:
        """The snapshot to search: refreshed first when the store changed (also from another process).

        While another thread builds a new snapshot, or another process holds the index folder (a command's
        ``calibrate``, ``finetune`` or ingest beside the app), the one in hand is used: a search never waits for
        them (it waited without a word for as long as they held the folder).
        """
        snap = self._snapshot
        if snap is not None and snap.generation == self.store.generation:
            return snap
        if snap is not None and (self._building.locked() or held_elsewhere(self.index_dir)):
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
        body = letter_body(query)  # not the greeting, the signature or personal data: they moved the ranking
        points = tuple(self._search_point(snap, point, k, mode) for point in split_points(body))
        return SuggestResult(query, all(p.no_precedent for p in points), points, snap.generation, count_points(body))

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
        result = search_point(snap, text, self.tokenizer(text), vectors, k, mode, positions, self.tokenizer.topics(text),
                              self.tokenizer.has_predicate(text), ONLY_LETTER if only_letter(text) else "")
        # 「よろしくお願いします。」 alone (letter_body keeps it as typed when nothing else is left): no verdict
        runs = self.tokenizer.term_runs(text)  # the shared words as the comment wrote them (「ごみ」, not the lemma 「塵」)
        return replace(result, results=tuple(replace(card, shared_terms=tuple(shown_terms(runs, card.shared_terms)))
                                             for card in result.results))

    def vectors_for(self, texts: list[str], kind: str = "answer") -> np.ndarray:
        """A vector per text: the stored one (first window) when the text is indexed, else encoded now.

        ``kind="comment"`` gives comment vectors (query prompt), ``"answer"`` answer-paragraph vectors
        (document prompt), as the index holds them.
        """
        snap = self.current()
        key, encode = (comment_key, self.encoder.encode_queries) if kind == "comment" else (unit_key, self.encoder.encode_documents)
        found = [snap.lookups.first_vector(snap.vectors, key(text)) for text in texts]
        missing = [i for i, vector in enumerate(found) if vector is None]
        for i, vector in zip(missing, encode([texts[i] for i in missing])):
            found[i] = vector
        return np.vstack(found) if found else np.zeros((0, self.encoder.dim), np.float32)


def saved_state(index_dir: Path) -> tuple[Calibration, FineTuneRecord | None]:
    """The calibration in use and the last fine-tuning record, read from disk (no model is loaded)."""
    record = FineTuneRecord.load(index_dir / TUNED_DIR)
    folder = index_dir / TUNED_DIR if record is not None and record.adopted else index_dir
    return Calibration.load(folder / CALIBRATION_FILE) or Calibration.default(), record


def _changed_share(before: tuple[str, ...], view: CorpusView) -> float:
    """Share of precedents added or removed since ``before`` (relative to its size)."""
    now = {p.id for p in view.precedents}
    return len(set(before) ^ now) / max(len(before), 1)


def finetune_and_compare(retriever: Retriever, base: Snapshot, progress: Progress | None, say: Say | None):
    """Fine-tune on ``base``'s corpus; the tuned ``((snapshot, report), encoder, folder)`` when adopted, else None."""
    from retrieval.calibration import corpus_queries, examples_for
    from retrieval.finetune import split_validation, train, training_pairs, validation_mrr
    from retrieval.scoring import RANK_FEATURES, default_weights

    say = say or (lambda message: None)
    held_out, _ = split_validation(base)
    pairs = training_pairs(base, held_out, int(settings.get("finetune_max_pairs")))
    epochs, layers = int(settings.get("finetune_epochs")), int(settings.get("finetune_layers"))
    folder = retriever.tuned_dir
    try:
        seconds = train(retriever.base_encoder.folder, pairs, folder / "model", epochs, layers, say)
        tuned = load_tuned(folder / "model", retriever.base_encoder)
    except ModelError as error:
        say(f"微調整をしませんでした（{error}）。元のモデルで検索します。")
        return None
    candidate, report = retriever._build(base.view, tuned, folder, progress, say, calibrate_now=False)
    queries = [q for q in corpus_queries(base, int(settings.get("calibration_max_queries"))) if q.in_domain]
    names, default = RANK_FEATURES["hybrid"], default_weights("hybrid").rank_weights
    figures = []
    for snap, encoder in ((base, retriever.base_encoder), (candidate, tuned)):
        examples = examples_for(snap, queries, encoder, retriever.tokenizer)
        valid = [e for e in examples if e.query.exclude & held_out]
        train_part = [e for e in examples if not e.query.exclude & held_out]
        figures.append(validation_mrr(train_part, valid, names, default))
    adopted = figures[1] > figures[0] + 0.005
    record = FineTuneRecord(retriever.base_encoder.identity, tuple(p.id for p in base.view.precedents), len(pairs),
                            epochs, layers, round(seconds, 1), len(held_out), round(figures[0], 4), round(figures[1], 4),
                            adopted)
    record.save(folder)
    say(f"微調整したモデルの検証: MRR {figures[0]:.3f} → {figures[1]:.3f}（{len(held_out)} 件）。"
        + ("微調整したモデルを使います。" if adopted else "元のモデルのほうがよいので、元のモデルを使います。"))
    if not adopted:
        for name in ("model", "vectors"):
            shutil.rmtree(folder / name, ignore_errors=True)
        return None
    retriever._tuned_encoder = tuned
    fitted = calibrate(candidate, tuned, retriever.tokenizer, progress=say)
    fitted.save(folder / CALIBRATION_FILE)
    snap = candidate.with_calibration(fitted)
    return (snap, replace(report, calibrated=True)), tuned, folder


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
