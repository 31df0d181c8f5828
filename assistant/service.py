"""Wiring for the edges (CLI, UI, notebooks): the configured store, encoder and retriever.

Example::

    store, retriever = open_retriever(progress=print)
    retriever.search("マイナンバーカードの取得は義務ですか。").points[0].results[0].answer
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from assistant import settings
from assistant.ingest import open_corpus, seed_paths
from assistant.readers import read_document
from assistant.store import Store
from embeddings.encoder import Encoder, load_encoder
from retrieval import Retriever, build_index

Say = Callable[[str], None]
# The encoder reports each forward pass (a few seconds apart on a 2-core CPU, many a second on short texts): a line
# each would flood the CLI's stderr and the app's loading box, so an embedding line is said at most this often.
EMBEDDING_SAY_SECONDS = 10.0


def seed_texts(seed_dir: Path | None = None) -> list[str]:
    """Comment and answer of every seed precedent: the texts a fresh model conversion is checked on."""
    texts: list[str] = []
    for path in seed_paths(seed_dir or Path(settings.get("seed_dir"))):
        for document in read_document(path):
            for item in document.items:
                texts += [text for text in (item.comment, item.answer) if text.strip()]
    return texts


def load_default_encoder(progress: Say | None = None) -> Encoder:
    """The encoder named by the ``model`` setting (converted and verified on first use)."""
    return load_encoder(
        str(settings.get("model")),
        Path(settings.get("model_cache")),
        verify_texts=seed_texts(),
        batch_size=int(settings.get("encode_batch_size")),
        progress=progress,
        precision=str(settings.get("encode_precision")),
        backend=str(settings.get("encode_backend")),
    )


def open_retriever(store: Store | None = None, encoder: Encoder | None = None, progress: Say | None = None) -> tuple[Store, Retriever]:
    """Open the store (seeding it on first use), load the encoder and bring the indexes up to date."""
    say = progress or (lambda message: None)
    if store is None:
        store, seeded = open_corpus()
        if seeded:
            say(f"同梱の前例資料 {len(seeded)} 件を取り込みました。")
    encoder = encoder or load_default_encoder(say)

    say("索引を確認しています…")
    return store, build_index(store, encoder, progress=embedding_lines(say), say=say)


def embedding_lines(say: Say, every: float = EMBEDDING_SAY_SECONDS,
                    clock: Callable[[], float] = time.monotonic) -> Callable[[int, int], None]:
    """The index build's ``progress(done, total)`` as 「前例をベクトル化しています… done/total」 lines: the first, then one
    when at least ``every`` seconds have passed since the last line, and always the last (``done == total``)."""
    said_at: list[float | None] = [None]

    def embedding(done: int, total: int) -> None:
        now = clock()
        if done < total and said_at[0] is not None and now - said_at[0] < every:
            return
        said_at[0] = now
        say(f"前例をベクトル化しています… {done}/{total}")

    return embedding
