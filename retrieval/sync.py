"""Bring the saved indexes in line with a corpus view: embed and tokenise only what is new.

Each function returns fresh objects; nothing a running search holds is modified.
"""

from __future__ import annotations

import inspect
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.errors import IndexCorruptError
from assistant.locking import hold
from embeddings.encoder import Encoder, release_freed_memory
from embeddings.index import HNSW_PARAMS, VectorIndex, fingerprint
from retrieval.corpus import CorpusView, content_key
from retrieval.lexical import TOKENS_FILE, LexicalIndex, TokenCache

EMBED_SLICE = 128
Progress = Callable[[int, int], None]
Checkpoint = Callable[[set[str]], None]


@dataclass(frozen=True)
class VectorSync:
    """What :func:`sync_vectors` did."""

    embedded_units: int
    embedded_windows: int
    removed_units: int
    rebuilt: str | None


def load_vectors(folder: Path, encoder: Encoder, hnsw_threshold: int) -> tuple[VectorIndex, str | None]:
    """The saved index when it fits the encoder, else an empty one and the reason."""
    empty = VectorIndex.build([], np.zeros((0, encoder.dim), np.float32), encoder.identity, hnsw_threshold)
    manifest = VectorIndex.read_manifest(folder)
    if manifest is None:
        return empty, "corrupt: manifest.json を読めません" if folder.exists() else "new"
    if manifest.get("model") != encoder.identity or manifest.get("dim") != encoder.dim:
        return empty, "model changed"
    try:
        index, _ = VectorIndex.load(folder)
    except IndexCorruptError as error:
        return empty, f"corrupt: {error}"
    index.hnsw_threshold = hnsw_threshold
    wanted = {"index_type": index.kind, "params": HNSW_PARAMS if index.kind == "IndexHNSWFlat" else {}}
    if {name: manifest.get(name) for name in wanted} != wanted:
        index.rebuild()  # the vectors are kept; only the FAISS structure follows the current parameters
        return index, "index parameters changed"
    return index, None


def embed_units(
    index: VectorIndex, texts: dict[str, str], encoder: Encoder, progress: Progress | None = None,
    query_keys: Callable[[str], bool] = lambda key: False, checkpoint: Checkpoint | None = None,
    every: float = 300.0, clock: Callable[[], float] = time.monotonic,
) -> int:
    """Add every window of the given units to ``index``; returns the number of windows.

    Units for which ``query_keys(key)`` holds are embedded with the query prompt, the rest with the
    document prompt. When ``checkpoint`` is given it is called at most every ``every`` seconds (and
    never after the last batch) with the keys of the units whose windows are not all embedded yet, so
    that the caller can save the finished ones. ``progress(done, total)`` (windows) is called after each slice of
    :data:`EMBED_SLICE` windows, and inside it after each forward pass when the encoder reports them (its ``encode_*``
    takes ``on_batch``): ``done`` only grows, and the last call is ``progress(total, total)``. A slice is one ``encode``
    call: the encoder orders a call's texts by length into its forward passes, so splitting a slice for finer progress
    would change the passes and, under bfloat16, the vectors (the passes report from inside the call instead).
    """
    windows: list[tuple[bool, str, str]] = []
    for key in sorted(texts):
        as_query = query_keys(key)
        windows += [(as_query, key, piece) for piece in encoder.window(texts[key])]
    windows.sort(key=lambda item: (item[0], len(item[2]), item[1]))  # similar lengths share a batch: less padding
    left = Counter(key for _, key, _ in windows)
    done = 0
    last = clock()
    for as_query in (False, True):
        group = [(key, piece) for flag, key, piece in windows if flag == as_query]
        encode = encoder.encode_queries if as_query else encoder.encode_documents
        passes = progress is not None and _reports_passes(encode)
        for start in range(0, len(group), EMBED_SLICE):
            batch = group[start:start + EMBED_SLICE]
            texts_now = [text for _, text in batch]
            if passes:
                vectors = encode(texts_now, on_batch=_within(progress, done, len(batch), len(windows)))
            else:
                vectors = encode(texts_now)
            index.add([key for key, _ in batch], vectors)
            done += len(batch)
            left.subtract(key for key, _ in batch)
            release_freed_memory()
            if progress:
                progress(done, len(windows))
            if checkpoint is not None and done < len(windows) and clock() - last >= every:
                checkpoint({key for key, count in left.items() if count > 0})
                last = clock()
    return len(windows)


def _reports_passes(encode: Callable) -> bool:
    """Whether an encoder's ``encode_*`` takes ``on_batch`` (the tests' fakes do not)."""
    try:
        return "on_batch" in inspect.signature(encode).parameters
    except (TypeError, ValueError):
        return False


def _within(progress: Progress, before: int, size: int, total: int) -> Callable[[int], None]:
    """``on_batch`` for a slice of ``size`` windows after ``before``: a pass short of the slice's end is reported as
    ``progress(before + done, total)``; the end is reported once the slice's vectors are in the index."""
    def passed(done: int) -> None:
        if 0 < done < size:
            progress(before + done, total)

    return passed


def sync_vectors(
    units: Mapping[str, str], encoder: Encoder, folder: Path, hnsw_threshold: int, progress: Progress | None = None,
    query_keys: Callable[[str], bool] = lambda key: False, checkpoint_seconds: float = 300.0,
) -> tuple[VectorIndex, VectorSync]:
    """Load the saved index, drop units that left the corpus, embed new ones and save it if it changed.

    A long embedding saves the finished units every ``checkpoint_seconds``: an interrupted build loads
    them next time and embeds only the rest. The whole sync holds the index folder's inter-process lock:
    a second process syncing the same folder waits and then loads what this one saved.

    Args:
        units: Unit key -> text of every unit the index must hold.
        encoder: Embeds the units.
        folder: Where the index is saved.
        hnsw_threshold: Row count above which HNSW replaces exact search.
        progress: Called as ``progress(done, total)`` windows.
        query_keys: Which units are embedded with the query prompt (the others: document prompt).
        checkpoint_seconds: How often the finished units are saved while embedding.
    """
    with hold(folder.parent):  # another process syncing the same folder waits, then finds the units embedded
        index, reason = load_vectors(folder, encoder, hnsw_threshold)
        needed = set(units)
        stale = index.unit_keys - needed
        missing = needed - index.unit_keys
        removed = index.remove(stale)

        def save_finished(unfinished: set[str]) -> None:
            finished = index.without(unfinished)
            finished.save(folder, fingerprint(finished.unit_keys))

        windows = embed_units(index, {key: units[key] for key in missing}, encoder, progress, query_keys,
                              save_finished, checkpoint_seconds)
        if missing or removed or reason:
            index.save(folder, fingerprint(needed))
    return index, VectorSync(len(missing), windows, len(stale), reason)


def sync_lexical(view: CorpusView, tokenizer, folder: Path) -> tuple[LexicalIndex, bool]:
    """BM25 over every precedent (topic, comment and answer), with tokens cached per tokenizer.

    An answer's tokens are its paragraphs' tokens in order, each paragraph tokenised once however many
    answers reuse it (a city's answers are mostly its standard paragraphs).

    Returns:
        ``(index, whether any text had to be tokenised now)``.
    """
    cache = TokenCache(folder / TOKENS_FILE, getattr(tokenizer, "identity", type(tokenizer).__name__))
    keys: dict[str, str] = {}  # text -> content key, each distinct text (paragraphs repeat) hashed once

    def key(text: str) -> str:
        found = keys.get(text)
        if found is None:
            found = keys[text] = content_key(text)
        return found

    comments = [key(f"{p.topic or ''}\n{p.comment}") for p in view.precedents]
    answers = [[key(text) for text in (p.paragraphs or (p.answer,))] for p in view.precedents]
    cache.resolve([(found, text) for text, found in keys.items()], tokenizer)
    changed = cache.changed
    if changed or not cache.path.exists():
        cache.save(set(keys.values()))  # renumbers the vocabulary: the ids are read after it
    tokens = cache.tokens
    answer_ids = [tokens[keys[0]] if len(keys) == 1 else np.concatenate([tokens[k] for k in keys]) for keys in answers]
    return LexicalIndex.from_ids([p.id for p in view.precedents], cache.vocabulary, [tokens[k] for k in comments], answer_ids), changed
