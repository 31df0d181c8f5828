"""The set-up step that makes the first visit fast: seed the store, convert the model, build the indexes.

``python -m assistant prepare`` (run by ``scripts/setup.sh``) does everything the app would otherwise do
on its first start: ingest the shipped seeds into an empty store, convert and verify the default model,
embed the corpus and fit the calibration. It then writes a stamp (``prepared.json`` in the index
folder) naming what the prepared state depends on: the store and its generation, the model settings,
the model folder's manifest and the checksums of the saved index manifests and calibration. A second
run that finds the same stamp returns within a couple of seconds without importing torch.

Example::

    store, _ = open_corpus()
    prepare(store, say=print)   # minutes the first time
    prepare(store, say=print)   # "準備済みです", in about a second
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from assistant import settings
from assistant.jsonl import write_json
from assistant.locking import hold
from assistant.store import Store

STAMP = "prepared.json"
STAMP_VERSION = 1
# Files under the index folder whose content the stamp pins (a rebuilt index or a refit changes them).
PINNED = ("vectors/manifest.json", "calibration.json")
Say = Callable[[str], None]


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _model_manifest() -> str | None:
    """Checksum of the converted default model's manifest (None for another model or before conversion)."""
    from embeddings.encoder import DEFAULT_MODEL, MANIFEST, default_model_dir

    if str(settings.get("model")) != DEFAULT_MODEL:
        return None
    return _digest(default_model_dir(Path(settings.get("model_cache"))) / MANIFEST)


def preparation_key(store: Store) -> dict:
    """What a prepared state depends on, read without loading the model: also the calibration's format, so that a
    version that fits it otherwise refits at set-up, not at the first search in the app."""
    from retrieval.scoring import FORMAT

    return {
        "version": STAMP_VERSION,
        "store": str(Path(store.path).resolve()) if store.path != ":memory:" else store.path,
        "generation": store.generation,
        "model": str(settings.get("model")),
        "model_cache": str(Path(settings.get("model_cache")).resolve()),
        "model_manifest": _model_manifest(),
        "encode_precision": str(settings.get("encode_precision")),
        "encode_backend": str(settings.get("encode_backend")),
        "hnsw_threshold": int(settings.get("hnsw_threshold")),
        "finetune": str(settings.get("finetune")),
        "calibration_format": FORMAT,
    }


def _pinned(index_dir: Path) -> dict:
    return {name: _digest(index_dir / name) for name in PINNED}


def is_prepared(store: Store, index_dir: Path | None = None) -> bool:
    """True when the stamp matches the store and settings and the pinned index files are unchanged."""
    folder = Path(index_dir or settings.index_dir())
    try:
        stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict):
        return False
    pinned = _pinned(folder)
    if pinned["vectors/manifest.json"] is None:
        return False
    return stamp.get("key") == preparation_key(store) and stamp.get("files") == pinned


def prepare(store: Store, say: Say | None = None, force: bool = False, encoder=None) -> bool:
    """Convert the model, sync the indexes and the calibration, and stamp the result.

    Args:
        store: The store the app opens (seeded already by ``open_corpus``).
        say: Receives Japanese progress messages.
        force: Redo the work even when the stamp says it is done.
        encoder: The encoder to use (default: the one the settings name, converted when needed).

    Returns:
        True when work was done, False when the stamp showed everything ready.

    Raises:
        ModelError: The model cannot be converted or loaded.
        IndexCorruptError: A saved index cannot be read or rebuilt.
    """
    say = say or (lambda message: None)
    folder = settings.index_dir()
    if store.templates_outdated():  # made by an earlier version: grouped again here, not at the first ingest in the app
        say("回答のテンプレートを新しい方法でまとめ直しています（前例が多いと数分かかります）…")
        say(f"回答のテンプレートをまとめ直しました（{store.rebuild_templates():,} 件）。")
    if not force and is_prepared(store, folder):
        say("準備済みです（モデルの変換・索引・校正はそのまま使えます）。")
        return False
    from assistant.service import open_retriever

    _, retriever = open_retriever(store, encoder=encoder, progress=say)
    retriever.search("準備の確認")  # the first search also loads what the retriever loads lazily
    with hold(folder):  # the pinned files as they are, while no other process is swapping them
        stamp = {"key": preparation_key(store), "files": _pinned(folder)}
        write_json(folder / STAMP, stamp, indent=2)  # a temporary file of this process, renamed into place
        (folder / f".{STAMP}.tmp").unlink(missing_ok=True)  # the one temporary name that earlier versions shared
    say(f"準備ができました（前例 {len(retriever.current().view.precedents)} 件、索引 {retriever.report.index_kind}）。")
    return True
