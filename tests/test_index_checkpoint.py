"""A long index build saves its finished units as it goes: an interrupted build resumes, not restarts."""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.index import VectorIndex
from retrieval.sync import EMBED_SLICE, embed_units, progress_step, sync_vectors
from tests.fakes import FakeEncoder


class CrashingEncoder(FakeEncoder):
    """Fails within its ``fail_on``-th slice of :data:`EMBED_SLICE` windows (each slice is encoded in a few calls, for the
    progress), as a killed or crashed build would stop."""

    def __init__(self, fail_on: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.fail_on = fail_on

    def encode_documents(self, texts):
        if len(self.encoded) + len(texts) > (self.fail_on - 1) * EMBED_SLICE:
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


def test_progress_is_reported_every_few_windows_not_once_a_slice() -> None:
    """Review (前例 page): the bar sat at 20/140 for 72 s, told once a slice of 128 windows (120 query windows). It is told
    about every twentieth of the run, in whole forward passes of the encoder (8 texts here), and after the last."""
    units = corpus(60)
    encoder = FakeEncoder(window_chars=40)
    encoder.batch_size = 8
    calls: list[tuple[int, int]] = []
    index = VectorIndex.build([], np.zeros((0, encoder.dim), np.float32), encoder.identity)
    total = embed_units(index, units, encoder, progress=lambda done, of: calls.append((done, of)),
                        query_keys=lambda key: key < "u0020")
    assert (total, progress_step(total, 8)) == (245, 16)  # 245 / 20 = 12.25 windows: two passes of 8
    assert calls == [(done, total) for done in (16, 32, 48, 64, 80, 96, 112, 128, 144, 160, 167,  # 167 document windows
                                                183, 199, 215, 231, 245)]  # then 78 query windows
    assert len(index.keys) == total and len(encoder.encoded) == total
    assert (progress_step(140, 8), progress_step(140, 16), progress_step(100_000, 8), progress_step(5, 8)) == (
        8, 16, EMBED_SLICE, 8)
