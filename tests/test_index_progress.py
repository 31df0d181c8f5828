"""The index build's progress moves inside a slice of EMBED_SLICE windows, from the encoder's own forward passes,
while each slice stays one encode call with the same batches (and so the same vectors)."""

from __future__ import annotations

import threading

import numpy as np

from embeddings.index import VectorIndex
from retrieval.sync import EMBED_SLICE, embed_units
from tests.fakes import FakeEncoder
from tests.test_index_checkpoint import corpus


class PassingEncoder(FakeEncoder):
    """Encodes in passes of ``batch_size`` texts and, given ``on_batch``, reports the texts done after each pass."""

    def __init__(self, batch_size: int = 16, **kwargs) -> None:
        super().__init__(**kwargs)
        self.batch_size = batch_size
        self.calls: list[tuple[int, bool]] = []  # (texts, whether on_batch was given)

    def _passes(self, texts, on_batch, encode):
        self.calls.append((len(texts), on_batch is not None))
        parts = []
        for start in range(0, len(texts), self.batch_size):
            parts.append(encode(texts[start:start + self.batch_size]))
            if on_batch:
                on_batch(start + len(parts[-1]))
        return np.concatenate(parts) if parts else np.zeros((0, self.dim), np.float32)

    def encode_documents(self, texts, on_batch=None):
        return self._passes(texts, on_batch, super().encode_documents)

    def encode_queries(self, texts, on_batch=None):
        return self._passes(texts, on_batch, super().encode_queries)


def empty_index(encoder) -> VectorIndex:
    return VectorIndex.build([], np.zeros((0, encoder.dim), np.float32), encoder.identity)


def test_progress_comes_after_each_forward_pass_and_the_slices_stay_one_call_each() -> None:
    """Before: progress came once per slice of 128 windows (a minute of long texts on a 2-core CPU, the bar still)."""
    units = corpus(60)
    encoder = PassingEncoder(window_chars=40)
    calls: list[tuple[int, int]] = []
    index = empty_index(encoder)
    total = embed_units(index, units, encoder, progress=lambda done, of: calls.append((done, of)),
                        query_keys=lambda key: key < "u0020")
    assert (total, EMBED_SLICE) == (245, 128)
    assert encoder.calls == [(128, True), (39, True), (78, True)]  # 167 document windows, then 78 query windows
    assert [done for done, _ in calls] == [16, 32, 48, 64, 80, 96, 112, 128,  # inside the first slice, then its end
                                           144, 160, 167,
                                           183, 199, 215, 231, 245]
    assert {of for _, of in calls} == {245}

    plain = PassingEncoder(window_chars=40)
    quiet = empty_index(plain)
    assert embed_units(quiet, units, plain, query_keys=lambda key: key < "u0020") == total
    assert plain.calls == [(128, False), (39, False), (78, False)]  # no progress: no on_batch
    assert quiet.keys == index.keys and np.array_equal(quiet.vectors, index.vectors)


def test_real_model_passes_move_the_progress_inside_one_slice_and_change_no_vector(real_encoder) -> None:
    """The real encoder (batch size 16): progress after each of its forward passes, the same number of encode calls
    and bitwise the same vectors with progress and without it."""
    units = {f"u{i:03d}": f"{['除雪', '保育所', '公園', '図書館'][i % 4]}についての意見{i}番です。" + "詳しく。" * (i % 9)
             for i in range(140)}

    class Counting:
        def __init__(self) -> None:
            self.identity, self.dim, self.window = real_encoder.identity, real_encoder.dim, real_encoder.window
            self.calls: list[int] = []

        def encode_documents(self, texts, on_batch=None):
            self.calls.append(len(texts))
            return real_encoder.encode_documents(texts, on_batch=on_batch)

        def encode_queries(self, texts, on_batch=None):
            self.calls.append(len(texts))
            return real_encoder.encode_queries(texts, on_batch=on_batch)

    assert real_encoder.batch_size == 16
    counted, plain = Counting(), Counting()
    calls: list[tuple[int, int]] = []
    shown, quiet = empty_index(counted), empty_index(plain)
    assert embed_units(shown, units, counted, progress=lambda done, of: calls.append((done, of))) == 140
    assert embed_units(quiet, units, plain) == 140
    assert counted.calls == plain.calls == [128, 12]
    assert calls == [(done, 140) for done in (16, 32, 48, 64, 80, 96, 112, 128, 140)]
    assert shown.keys == quiet.keys and np.array_equal(shown.vectors, quiet.vectors)


def test_real_model_on_batch_counts_its_own_passes_only_and_changes_no_vector(real_encoder) -> None:
    """A search encoding in another thread meanwhile (its pass goes through the same model) is not counted."""
    texts = [f"道路の除雪について、{i}丁目の歩道も早く除雪してほしい。" * (1 + i % 3) for i in range(34)]
    seen: list[int] = []

    def on_batch(done: int) -> None:
        seen.append(done)
        if len(seen) == 1:
            other = threading.Thread(target=real_encoder.encode_queries, args=(["除雪"] * 3,))
            other.start()
            other.join()

    for encode in (real_encoder.encode_documents, real_encoder.encode_queries):
        seen.clear()
        with_passes = encode(texts, on_batch=on_batch)
        assert seen == [16, 32, 34]
        assert np.array_equal(with_passes, encode(texts))


def test_embedding_lines_say_the_first_then_one_every_ten_seconds_and_the_last() -> None:
    """Progress now comes after every forward pass: a line each would flood the CLI's stderr and the loading box."""
    from assistant.service import EMBEDDING_SAY_SECONDS, embedding_lines

    said: list[str] = []
    now = [0.0]
    progress = embedding_lines(said.append, clock=lambda: now[0])
    for done, at in ((16, 1.0), (32, 5.0), (48, 10.9), (64, 11.0), (80, 20.9), (96, 21.0), (112, 21.5), (140, 21.6)):
        now[0] = at
        progress(done, 140)
    assert EMBEDDING_SAY_SECONDS == 10.0
    assert said == [f"前例をベクトル化しています… {done}/140" for done in (16, 64, 96, 140)]


def test_open_retriever_says_the_embedding_lines_throttled(store) -> None:
    """Before: a line after every slice of 128 windows (after every forward pass, once the encoder reported them)."""
    from assistant.ingest import ingest
    from assistant.service import open_retriever
    from tests.conftest import SEEDS

    ingest(SEEDS.values(), store)
    said: list[str] = []
    encoder = PassingEncoder(window_chars=40)
    open_retriever(store, encoder, progress=said.append)
    lines = [message for message in said if message.startswith("前例をベクトル化しています… ")]
    total = int(lines[-1].rsplit("/", 1)[1])
    assert total > 2 * EMBED_SLICE  # three slices: three lines before
    assert lines == [f"前例をベクトル化しています… 16/{total}", f"前例をベクトル化しています… {total}/{total}"]


def test_the_loading_box_keeps_one_line_for_the_embedding() -> None:
    """The app's loading box wrote every message on a line of its own: one every ten seconds of a long build."""
    from streamlit.testing.v1 import AppTest

    def page() -> None:
        from app_pages import common

        class Loading:
            value = ("store", "retriever")

            def ready(self):
                return None

            def wait(self, progress=None):
                for message in ("モデルを読み込んでいます…", "索引を確認しています…", "前例をベクトル化しています… 16/300",
                                "前例をベクトル化しています… 128/300", "前例をベクトル化しています… 300/300",
                                "索引を保存しました。"):
                    progress(message)
                return self.value

        real = common.loader
        common.loader = Loading
        try:
            common.resources()
        finally:
            common.loader = real

    app = AppTest.from_function(page).run()
    assert not app.exception
    assert app.status[0].label == "準備ができました"
    assert [line.value for line in app.status[0].markdown] == [
        "モデルを読み込んでいます…", "索引を確認しています…", "前例をベクトル化しています… 300/300", "索引を保存しました。"]
