"""The vector index: FAISS over L2-normalised vectors, saved with a manifest.

Each row is one window of one text unit (a comment or an answer paragraph); ``keys[row]`` names the
unit, so a long unit owns several rows. Plain files are the source of truth (``vectors.npy``,
``keys.json``); ``manifest.json`` records the model identity, dimension, normalisation, index type and
parameters, the corpus fingerprint and every file's sha256.

The app and a command beside it may share the folder: saving, loading and reading the manifest hold
the index folder's inter-process lock (``assistant.locking``), and a save swaps a complete new folder
in, so another process never finds the index missing or half written; what a killed save left is
undone by the next one that holds the lock.

Exact search (``IndexFlatIP`` in the manifest, FAISS's brute-force inner product) is the default and
runs on the vectors themselves, so they are held once in float32; ``IndexHNSWFlat`` takes over above a size
threshold and is the only kind with a FAISS structure of its own, saved as ``faiss.index``. Rows added
one slice at a time are joined once, when the vectors are next read, not on every slice.

An index that will only be searched is frozen (:meth:`VectorIndex.freeze`): its arrays become
read-only and exact search is screened by a float16 copy of the rows (``embeddings.screen``), which
returns the same rows and scores while reading half the bytes.

Example:
    >>> import numpy as np
    >>> index = VectorIndex.build(["a", "b"], np.eye(2, dtype=np.float32), model="m")
    >>> index.search(np.array([[0.0, 1.0]], dtype=np.float32), 1)
    [(1, 1.0)]
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import faiss
import numpy as np

from assistant.errors import IndexCorruptError, IndexWriteError
from assistant.locking import hold, replace_folder, settle
from embeddings.convert import sha256_file
from embeddings.screen import Float16Screen

FORMAT_VERSION = 1
# Chosen by `python -m assistant bench --only search` (README): on 100k clustered vectors M=32 with
# efConstruction 80 and efSearch 128 gave recall@10 0.86; efConstruction 200 and efSearch 512 give 0.997.
HNSW_PARAMS = {"M": 32, "efConstruction": 200, "efSearch": 512}
# A query is searched on one thread: FAISS's OpenMP threads wait for busy cores, and on a loaded 2-core
# machine two threads made an exact 10k search 16 ms instead of 0.5 ms (see `bench --only search`).
SEARCH_THREADS = 1
# Below this many rows the float32 scan takes well under a millisecond: no float16 screen is built.
SCREEN_MIN_ROWS = 4096
FILES = ("vectors.npy", "keys.json")  # every index; an HNSW index also has GRAPH_FILE
GRAPH_FILE = "faiss.index"


def fingerprint(keys: list[str] | set[str]) -> str:
    """Order-free fingerprint of a set of unit keys (the corpus as the index sees it)."""
    return hashlib.sha256("\n".join(sorted(set(keys))).encode("utf-8")).hexdigest()[:32]


class VectorIndex:
    """Rows of unit vectors searchable by inner product (cosine, since rows are normalised).

    Args:
        keys: Unit key of each row.
        vectors: ``(rows, dim)`` float32, L2-normalised.
        model: Identity of the encoder that made the vectors.
        hnsw_threshold: Row count above which an HNSW graph is used instead of exact search.
    """

    def __init__(self, keys: list[str], vectors: np.ndarray, model: str, hnsw_threshold: int = 200_000) -> None:
        if len(keys) != len(vectors):
            raise ValueError(f"{len(keys)} keys for {len(vectors)} vectors")
        self.keys = list(keys)
        self._vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._added: list[np.ndarray] = []  # slices added since the vectors were last read
        self.model = model
        self.hnsw_threshold = hnsw_threshold
        self.dim = self._vectors.shape[1] if self._vectors.ndim == 2 else 0
        self._graph: faiss.Index | None = None  # the HNSW structure (exact search needs none)
        self._screen: Float16Screen | None = None  # built by freeze(), for exact search only

    @classmethod
    def build(cls, keys: list[str], vectors: np.ndarray, model: str, hnsw_threshold: int = 200_000) -> VectorIndex:
        index = cls(keys, vectors, model, hnsw_threshold)
        index.rebuild()
        return index

    @property
    def vectors(self) -> np.ndarray:
        """``(rows, dim)`` float32, one row per key (slices added since the last read are joined now)."""
        if self._added:
            parts = ([self._vectors] if len(self._vectors) else []) + self._added
            self._vectors = parts[0] if len(parts) == 1 else np.concatenate(parts)
            self._added = []
        return self._vectors

    @vectors.setter
    def vectors(self, vectors: np.ndarray) -> None:
        self._vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._added = []
        self._screen = None

    def freeze(self) -> None:
        """Make the vectors read-only and, for exact search of many rows, build the float16 screen.

        Call it once the index is complete and before it is shared; changing the index afterwards
        (``add``, ``remove``) drops the screen.
        """
        vectors = self.vectors
        vectors.setflags(write=False)
        if self.kind == "IndexFlatIP" and len(vectors) >= SCREEN_MIN_ROWS and self._screen is None:
            self._screen = Float16Screen(vectors)

    @property
    def kind(self) -> str:
        return "IndexHNSWFlat" if len(self.keys) > self.hnsw_threshold else "IndexFlatIP"

    def _make_graph(self) -> faiss.Index:
        index = faiss.IndexHNSWFlat(self.dim or 1, HNSW_PARAMS["M"], faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_PARAMS["efConstruction"]
        index.hnsw.efSearch = HNSW_PARAMS["efSearch"]
        if len(self.keys):
            index.add(self.vectors)
        return index

    def rebuild(self) -> None:
        """Build the HNSW graph again from the vectors (after the index type or parameters changed)."""
        self._graph = self._make_graph() if self.kind == "IndexHNSWFlat" else None
        self._screen = None

    def _current_graph(self) -> faiss.Index | None:
        """The HNSW graph, built now if the index is past the threshold without one; None for exact search."""
        if self.kind == "IndexHNSWFlat" and self._graph is None:
            self.rebuild()
        return self._graph

    @property
    def unit_keys(self) -> set[str]:
        return set(self.keys)

    def add(self, keys: list[str], vectors: np.ndarray) -> None:
        """Append rows (an HNSW graph grows in place; crossing the threshold builds it)."""
        if not keys:
            return
        if len(keys) != len(vectors):
            raise ValueError(f"{len(keys)} keys for {len(vectors)} vectors")
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(self.keys) and vectors.shape[1] != self.dim:
            raise ValueError(f"vectors of dimension {vectors.shape[1]} added to an index of dimension {self.dim}")
        before = self.kind
        self._screen = None
        if not len(self.keys):
            self._vectors, self._added = vectors, []
        else:
            self._added.append(vectors)
        self.keys += keys
        self.dim = vectors.shape[1]
        if self.kind != before:
            self.rebuild()
        elif self._graph is not None:
            self._graph.add(vectors)

    def without(self, keys: set[str]) -> VectorIndex:
        """A new index of the rows whose unit is not in ``keys`` (this one is left as it is)."""
        keep = [row for row, key in enumerate(self.keys) if key not in keys]
        return VectorIndex([self.keys[row] for row in keep], self.vectors[keep].reshape(len(keep), self.dim),
                           self.model, self.hnsw_threshold)

    def remove(self, keys: set[str]) -> int:
        """Drop every row of the given units. Returns the number of rows removed."""
        if not keys:
            return 0  # nothing to drop: no copy of the vectors (0.4 GB at 100,000 precedents)
        kept = self.without(keys)
        removed = len(self.keys) - len(kept.keys)
        if removed:
            self.keys, self.vectors = kept.keys, kept.vectors
            self.rebuild()
        return removed

    def search(self, queries: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Best ``k`` rows over all query vectors (max score per row), best first, ties by row."""
        rows, scores = self.top_rows(queries, k)
        return list(zip(rows.tolist(), scores.tolist()))

    def top_rows(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`search` as arrays: ``(rows, scores)``, each row once with its best score over the
        query vectors, best first, ties by row, at most ``k``."""
        if not len(self.keys) or k <= 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        graph = self._current_graph()
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        k = min(k, len(self.keys))
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(SEARCH_THREADS)  # this thread's OpenMP setting only, restored below
        try:
            if graph is not None:
                scores, rows = graph.search(queries, k)
            elif self._screen is not None:  # the same rows and scores as the plain scan below
                scores, rows = self._screen.search(queries, k)
            else:  # what IndexFlatIP.search runs, on the vectors in place of a copy of them
                scores, rows = faiss.knn(queries, self.vectors, k, metric=faiss.METRIC_INNER_PRODUCT)
        finally:
            faiss.omp_set_num_threads(threads)
        rows, scores = rows.ravel(), scores.ravel()
        found = rows >= 0
        rows, scores = rows[found].astype(np.int64), scores[found]
        order = np.lexsort((rows, -scores))  # best first, ties by row: a row's first place holds its best score
        rows, scores = rows[order], scores[order]
        _, first = np.unique(rows, return_index=True)
        first = np.sort(first)[:k]
        return rows[first], scores[first]

    def memory_bytes(self) -> int:
        """Bytes held: the vectors, their float16 screen, and for HNSW the graph's own copy of them and its links."""
        graph = self._graph
        if graph is None:
            return self.vectors.nbytes + (self._screen.nbytes if self._screen is not None else 0)
        links = faiss.vector_to_array(graph.hnsw.neighbors).nbytes
        return self.vectors.nbytes + graph.ntotal * self.dim * 4 + links

    # --- persistence ----------------------------------------------------------------------------
    def save(self, folder: Path, corpus_fingerprint: str) -> None:
        """Write the index into a temporary folder and swap it in whole, holding the index folder's lock.

        Raises:
            IndexWriteError: The folder cannot be locked or written (the index saved before is kept).
        """
        try:
            replace_folder(folder, lambda temp: self._write(temp, corpus_fingerprint))
        except OSError as error:
            raise IndexWriteError(
                f"索引を {folder} に保存できません（{error.strerror or error}）。前の索引はそのまま残っています。"
                "ディスクの空きとフォルダーの書き込み権限を確かめてから、もう一度操作してください。") from error

    def _write(self, temp: Path, corpus_fingerprint: str) -> None:
        """The index's files and manifest, written into ``temp``."""
        np.save(temp / "vectors.npy", self.vectors, allow_pickle=False)
        (temp / "keys.json").write_text(json.dumps(self.keys), encoding="utf-8")
        files = list(FILES)
        if self.kind == "IndexHNSWFlat":
            try:
                faiss.write_index(self._current_graph(), str(temp / GRAPH_FILE))
            except RuntimeError as error:  # how FAISS reports a failed write
                raise OSError(str(error)) from error
            files.append(GRAPH_FILE)
        manifest = {
            "format": FORMAT_VERSION,
            "model": self.model,
            "dim": self.dim,
            "normalized": True,
            "metric": "inner_product",
            "index_type": self.kind,
            "params": HNSW_PARAMS if self.kind == "IndexHNSWFlat" else {},
            "search_threads": SEARCH_THREADS,
            "hnsw_threshold": self.hnsw_threshold,
            "rows": len(self.keys),
            "corpus_fingerprint": corpus_fingerprint,
            "files": {name: sha256_file(temp / name) for name in files},
        }
        (temp / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")

    @staticmethod
    def read_manifest(folder: Path) -> dict | None:
        """The saved manifest, or None when there is none or it cannot be read (waits while another process saves)."""
        if not folder.parent.is_dir():
            return None
        with hold(folder.parent):
            settle(folder)
            path = folder / "manifest.json"
            if not path.is_file():
                return None
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None

    @classmethod
    def load(cls, folder: Path) -> tuple[VectorIndex, dict]:
        """Load and check a saved index.

        Holds the index folder's lock, so that no other process swaps the files while they are read.

        Raises:
            IndexCorruptError: A file is missing, its checksum differs from the manifest, or the
                arrays disagree with each other.
            IndexWriteError: The index folder cannot be locked.
        """
        if not folder.parent.is_dir():
            raise IndexCorruptError(f"索引 {folder} の manifest.json がないか読めません。")
        with hold(folder.parent):
            return cls._load(folder)

    @classmethod
    def _load(cls, folder: Path) -> tuple[VectorIndex, dict]:
        manifest = cls.read_manifest(folder)
        if manifest is None or manifest.get("format") != FORMAT_VERSION:
            raise IndexCorruptError(f"索引 {folder} の manifest.json がないか読めません。")
        graph = manifest.get("index_type") == "IndexHNSWFlat"
        for name in FILES + ((GRAPH_FILE,) if graph else ()):
            path = folder / name
            if not path.is_file() or sha256_file(path) != manifest["files"].get(name):
                raise IndexCorruptError(f"索引ファイル {path} が壊れています（チェックサム不一致）。")
        try:
            vectors = np.load(folder / "vectors.npy", allow_pickle=False)
            keys = json.loads((folder / "keys.json").read_text(encoding="utf-8"))
            index = cls(keys, vectors, manifest["model"], manifest.get("hnsw_threshold", 200_000))
            if graph:
                index._graph = faiss.read_index(str(folder / GRAPH_FILE))
        except (OSError, ValueError, RuntimeError) as error:
            raise IndexCorruptError(f"索引 {folder} を読めません（{error}）。") from error
        rows = index._graph.ntotal if index._graph is not None else len(vectors)
        if rows != len(keys) or len(keys) != manifest.get("rows", len(keys)) or (len(keys) and vectors.shape[1] != manifest["dim"]):
            raise IndexCorruptError(f"索引 {folder} の行数が manifest と一致しません。")
        if isinstance(index._graph, faiss.IndexHNSWFlat):
            index._graph.hnsw.efSearch = manifest.get("params", {}).get("efSearch", HNSW_PARAMS["efSearch"])
        return index, manifest
