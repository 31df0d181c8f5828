"""Vector search at scale: approximate-search parameters in the manifest, one search thread, the search bench."""

from __future__ import annotations

import io
import json

import faiss
import numpy as np

from embeddings.index import HNSW_PARAMS, VectorIndex
from retrieval.sync import load_vectors
from assistant.bench_search import clustered_vectors, measure, numpy_topk, print_figures
from tests.fakes import FakeEncoder


def unit_rows(count: int, dim: int = 64, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(count, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_the_manifest_names_the_hnsw_parameters_and_other_parameters_are_rebuilt(tmp_path) -> None:
    encoder = FakeEncoder()
    folder = tmp_path / "vectors"
    VectorIndex.build([f"k{i}" for i in range(50)], unit_rows(50), encoder.identity, hnsw_threshold=10).save(folder, "fp")
    manifest = VectorIndex.read_manifest(folder)
    assert (manifest["index_type"], manifest["params"], manifest["search_threads"]) == (
        "IndexHNSWFlat", {"M": 32, "efConstruction": 200, "efSearch": 512}, 1)

    index, reason = load_vectors(folder, encoder, hnsw_threshold=10)
    assert reason is None and index._faiss.hnsw.efSearch == 512

    manifest["params"] = {"M": 32, "efConstruction": 80, "efSearch": 128}  # saved by an older version
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    index, reason = load_vectors(folder, encoder, hnsw_threshold=10)
    assert reason == "index parameters changed"
    assert (index._faiss.hnsw.efConstruction, index._faiss.hnsw.efSearch) == (200, 512)
    assert index.search(unit_rows(50)[7:8], 1)[0][0] == 7

    index, reason = load_vectors(folder, encoder, hnsw_threshold=100)  # now below the threshold: exact search
    assert (reason, index.kind, type(index._faiss).__name__) == ("index parameters changed", "IndexFlatIP", "IndexFlatIP")
    assert HNSW_PARAMS == {"M": 32, "efConstruction": 200, "efSearch": 512}


def test_a_search_uses_one_thread_and_leaves_the_thread_setting_as_it_was() -> None:
    index = VectorIndex.build(["a", "b", "c"], unit_rows(3), "m")
    before = faiss.omp_get_max_threads()
    assert index.search(unit_rows(3)[1:2], 1)[0][0] == 1
    assert faiss.omp_get_max_threads() == before


def test_clustered_vectors_are_unit_copies_of_the_base_rows() -> None:
    base = unit_rows(4, dim=384)
    vectors = clustered_vectors(base, 10, seed=3)
    assert vectors.shape == (10, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    nearest = (vectors @ base.T).argmax(axis=1)
    assert nearest.tolist() == [0, 1, 2, 3, 0, 1, 2, 3, 0, 1]


def test_search_bench_compares_exact_and_approximate_search_with_their_baselines() -> None:
    vectors = clustered_vectors(unit_rows(20, dim=384), 3_000, seed=1)
    queries = clustered_vectors(unit_rows(20, dim=384), 8, seed=2)
    exact = faiss.IndexFlatIP(384)
    exact.add(vectors)
    assert numpy_topk(vectors, queries[0], 10).tolist() == exact.search(queries[:1], 10)[1][0].tolist()
    said: list[str] = []
    figures = measure(vectors, queries, said.append)
    assert figures["rows"] == 3_000 and figures["flat_bytes"] == 3_000 * 384 * 4
    assert [(r["M"], r["efConstruction"], r["efSearch"]) for r in figures["hnsw"]][:2] == [(32, 80, 64), (32, 80, 128)]
    assert [r["nprobe"] for r in figures["ivf"]] == [8, 16, 32, 64, 128, 256]
    assert figures["ivf"][-1]["nlist"] == 219 and figures["ivf"][-1]["recall10"] >= 0.99
    out = io.StringIO()
    print_figures(figures, out)
    text = out.getvalue()
    assert "ベクトル 3,000 件（384次元、実ベクトル＋ノイズ）: 厳密探索 FAISS Flat p50" in text
    assert "（基準: numpy 総当たり" in text and "| HNSW | M=32 efC=200 efS=512 |" in text
    assert "recall@10 ≥ 0.98 で最速: " in text
