"""A long index build saves its finished units as it goes: an interrupted build resumes, not restarts."""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.index import VectorIndex
from retrieval.sync import EMBED_SLICE, embed_units, sync_vectors
from tests.fakes import FakeEncoder


class CrashingEncoder(FakeEncoder):
    """Fails on its ``fail_on``-th encode call, as a killed or crashed build would stop."""

    def __init__(self, fail_on: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.calls = 0
        self.fail_on = fail_on

    def encode_documents(self, texts):
        self.calls += 1
        if self.calls == self.fail_on:
            raise RuntimeError("interrupted")
        return super().encode_documents(texts)


def corpus(count: int = 300) -> dict[str, str]:
    """Units of one to three 40-character windows, so that some units straddle two batches."""
    words = ["除雪", "保育所", "公園", "図書館", "バス路線", "ごみ収集", "防災", "子育て"]
    return {f"u{i:04d}": f"{words[i % 8]}について意見{i}番。" * (3 + (i % 7) * 3) for i in range(count)}


def windows_per_unit(index: VectorIndex) -> dict[str, int]:
    found: dict[str, int] = {}
    for key in index.keys:
        found[key] = found.get(key, 0) + 1
    return found


def test_an_interrupted_build_keeps_whole_finished_units_and_the_next_build_embeds_only_the_rest(tmp_path) -> None:
    units = corpus()
    folder = tmp_path / "vectors"
    crashing = CrashingEncoder(fail_on=4, window_chars=40)
    total_windows = sum(len(crashing.window(text)) for text in units.values())
    assert total_windows > 4 * EMBED_SLICE  # the crash comes before the last batch

    with pytest.raises(RuntimeError, match="interrupted"):
        sync_vectors(units, crashing, folder, 10_000_000, checkpoint_seconds=0)

    saved, manifest = VectorIndex.load(folder)
    counts = windows_per_unit(saved)
    assert 0 < len(counts) < len(units)
    # every saved unit has all of its windows: nothing half-embedded is taken for done
    assert {key: len(crashing.window(units[key])) for key in counts} == counts
    assert manifest["rows"] == len(saved.keys) <= 3 * EMBED_SLICE

    resumed = FakeEncoder(window_chars=40)
    index, report = sync_vectors(units, resumed, folder, 10_000_000, checkpoint_seconds=0)
    assert report.embedded_units == len(units) - len(counts)
    assert report.embedded_windows == total_windows - len(saved.keys)
    assert len(resumed.encoded) == total_windows - len(saved.keys)

    fresh, _ = sync_vectors(units, FakeEncoder(window_chars=40), tmp_path / "fresh", 10_000_000)
    assert sorted(zip(index.keys, map(tuple, index.vectors.round(6)))) == \
        sorted(zip(fresh.keys, map(tuple, fresh.vectors.round(6))))
    reloaded, _ = VectorIndex.load(folder)
    assert len(reloaded.keys) == total_windows


def test_checkpoints_come_at_the_interval_and_never_after_the_last_batch() -> None:
    units = corpus()
    encoder = FakeEncoder(window_chars=40)
    ticks = iter(range(0, 10_000, 10))  # every reading of the clock is 10 s later
    calls: list[set[str]] = []
    index = VectorIndex.build([], np.zeros((0, encoder.dim), np.float32), encoder.identity)
    windows = embed_units(index, units, encoder, checkpoint=calls.append, every=15, clock=lambda: next(ticks))
    batches = -(-windows // EMBED_SLICE)
    # clock read at the start and after each checkpoint; a checkpoint after every second batch, none after the last
    assert len(calls) == (batches - 1) // 2
    assert all(calls[i] >= calls[i + 1] for i in range(len(calls) - 1))  # unfinished units only shrink
    assert calls[-1] and calls[-1] < set(units)

    quiet: list[set[str]] = []
    embed_units(VectorIndex.build([], np.zeros((0, encoder.dim), np.float32), encoder.identity), units,
                FakeEncoder(window_chars=40), checkpoint=quiet.append, every=300)
    assert quiet == []


class RecordingEncoder(FakeEncoder):
    """Keeps the size of every encode call."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.calls: list[int] = []

    def encode_documents(self, texts):
        self.calls.append(len(texts))
        return super().encode_documents(texts)

    def encode_queries(self, texts):
        self.calls.append(len(texts))
        return super().encode_queries(texts)


def test_each_slice_is_one_encode_call_and_progress_comes_after_each_slice() -> None:
    """CI: splitting a slice into smaller calls for finer progress changed the encoder's length-sorted forward passes and,
    under bfloat16, the vectors (a probability shown moved from 51% to 50%). A slice stays one call."""
    units = corpus(60)
    encoder = RecordingEncoder(window_chars=40)
    calls: list[tuple[int, int]] = []
    index = VectorIndex.build([], np.zeros((0, encoder.dim), np.float32), encoder.identity)
    total = embed_units(index, units, encoder, progress=lambda done, of: calls.append((done, of)),
                        query_keys=lambda key: key < "u0020")
    assert (total, EMBED_SLICE) == (245, 128)
    assert encoder.calls == [128, 39, 78]  # 167 document windows, then 78 query windows
    assert calls == [(128, 245), (167, 245), (245, 245)]
    assert len(index.keys) == total and len(encoder.encoded) == total
