"""Vector search at scale: approximate-search parameters in the manifest, one search thread, the search bench."""

from __future__ import annotations

import io
import json

import faiss
import numpy as np
import pytest

from assistant.errors import IndexCorruptError
from embeddings.index import HNSW_PARAMS, SCREEN_MIN_ROWS, VectorIndex
from embeddings.screen import Float16Screen, exact_knn
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
    assert reason is None and index._graph.hnsw.efSearch == 512

    manifest["params"] = {"M": 32, "efConstruction": 80, "efSearch": 128}  # saved by an older version
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    index, reason = load_vectors(folder, encoder, hnsw_threshold=10)
    assert reason == "index parameters changed"
    assert (index._graph.hnsw.efConstruction, index._graph.hnsw.efSearch) == (200, 512)
    assert index.search(unit_rows(50)[7:8], 1)[0][0] == 7

    index, reason = load_vectors(folder, encoder, hnsw_threshold=100)  # now below the threshold: exact search
    assert (reason, index.kind, index._graph) == ("index parameters changed", "IndexFlatIP", None)
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
    assert (figures["screen_same"], figures["queries"], figures["screen_bytes"]) == (8, 8, 3_000 * 384 * 2)
    assert [(r["M"], r["efConstruction"], r["efSearch"]) for r in figures["hnsw"]][:2] == [(32, 80, 64), (32, 80, 128)]
    assert [r["nprobe"] for r in figures["ivf"]] == [8, 16, 32, 64, 128, 256]
    assert figures["ivf"][-1]["nlist"] == 219 and figures["ivf"][-1]["recall10"] >= 0.99
    out = io.StringIO()
    print_figures(figures, out)
    text = out.getvalue()
    assert "ベクトル 3,000 件（384次元、実ベクトル＋ノイズ）: 厳密探索 FAISS Flat p50" in text
    assert "  float16 スクリーン付き厳密探索 p50 " in text and "Flat と同じ行・同じスコア 8/8 件" in text
    assert "（基準: numpy 総当たり" in text and "| HNSW | M=32 efC=200 efS=512 |" in text
    assert "recall@10 ≥ 0.98 で最速: " in text


def test_rows_added_in_slices_search_as_one_exact_index_and_are_held_once() -> None:
    vectors = unit_rows(300, dim=32, seed=4)
    index = VectorIndex([], np.zeros((0, 32), dtype=np.float32), "m")
    for start in range(0, 300, 128):
        index.add([f"k{i}" for i in range(start, min(start + 128, 300))], vectors[start:start + 128])
    assert len(index._added) == 2  # the first slice starts the array; later ones wait to be joined
    assert np.array_equal(index.vectors, vectors) and index._added == []
    reference = faiss.IndexFlatIP(32)
    reference.add(vectors)
    scores, rows = reference.search(vectors[5:7], 10)
    expected = {}
    for row, score in zip(rows.ravel().tolist(), scores.ravel().tolist()):
        expected[row] = max(score, expected.get(row, -1.0))
    assert index.search(vectors[5:7], 10) == sorted(expected.items(), key=lambda item: (-item[1], item[0]))[:10]
    assert (index.kind, index._graph, index.memory_bytes()) == ("IndexFlatIP", None, 300 * 32 * 4)


def test_an_exact_index_saves_no_faiss_copy_and_an_hnsw_one_saves_its_checked_graph(tmp_path) -> None:
    vectors = unit_rows(50, dim=16, seed=5)
    keys = [f"k{i}" for i in range(50)]
    VectorIndex.build(keys, vectors, "m").save(tmp_path / "exact", "fp")
    assert sorted(p.name for p in (tmp_path / "exact").iterdir()) == ["keys.json", "manifest.json", "vectors.npy"]
    VectorIndex.build(keys, vectors, "m", hnsw_threshold=10).save(tmp_path / "hnsw", "fp")
    assert sorted(VectorIndex.read_manifest(tmp_path / "hnsw")["files"]) == ["faiss.index", "keys.json", "vectors.npy"]
    loaded, _ = VectorIndex.load(tmp_path / "hnsw")
    assert (loaded._graph.ntotal, loaded.search(vectors[9:10], 1)[0][0]) == (50, 9)
    (tmp_path / "hnsw" / "faiss.index").write_bytes(b"\x00garbage")
    with pytest.raises(IndexCorruptError, match="faiss.index が壊れています（チェックサム不一致）。"):
        VectorIndex.load(tmp_path / "hnsw")
    index = VectorIndex([], np.zeros((0, 16), dtype=np.float32), "m", hnsw_threshold=10)
    index.add(keys[:8], vectors[:8])
    index.add(keys[8:], vectors[8:])  # crossing the threshold builds the graph from every row
    assert (index.kind, index._graph.ntotal) == ("IndexHNSWFlat", 50)


def test_the_float16_screen_returns_the_rows_and_scores_of_the_float32_scan() -> None:
    # Clustered rows (like a city's comments on a few topics), with every fourth row duplicated so
    # that ties sit at the k-th place, and queries near the rows.
    rows = clustered_vectors(unit_rows(40, dim=384, seed=5), 6000, seed=6)
    rows = np.ascontiguousarray(np.concatenate([rows, rows[::4]]))
    queries = clustered_vectors(unit_rows(40, dim=384, seed=5), 60, seed=7)
    screen = Float16Screen(rows)
    assert screen.nbytes == 7500 * 384 * 2 and 0 < screen.error < 1e-3
    full_scans = []
    for k in (1, 10, 108):
        for batch in (queries[:1], queries[1:3], queries):  # one window, two, and 60 searched together
            scores, found, full = screen.search_counted(batch, k)
            plain_scores, plain = exact_knn(batch, rows, k)
            assert np.array_equal(found, plain) and np.array_equal(scores, plain_scores)
            full_scans.append(full)
    # At k = 1 the best row of some query has a copy (or a near twin) at the same score: the bound cannot
    # settle it and that batch reads every row; at 10 and 108 the screen settles every batch.
    assert full_scans == [1, 0, 60, 0, 0, 0, 0, 0, 0]


def test_the_screen_falls_back_to_the_full_scan_when_its_bound_cannot_settle_the_kth_row() -> None:
    # Every row scores the same (up to float16 rounding) for this query: no gap between the k-th and
    # the 2k-th row, so the screen cannot prove the answer and reads everything.
    rng = np.random.default_rng(8)
    rows = np.ones((5000, 16), np.float32) / 4 + rng.normal(scale=1e-5, size=(5000, 16)).astype(np.float32)
    query = np.ones((1, 16), np.float32) / 4
    scores, found, full = Float16Screen(rows).search_counted(query, 10)
    plain_scores, plain = exact_knn(query, rows, 10)
    assert full == 1 and np.array_equal(found, plain) and np.array_equal(scores, plain_scores)


def test_a_frozen_exact_index_searches_through_the_screen_and_drops_it_when_changed() -> None:
    vectors = clustered_vectors(unit_rows(30, dim=64, seed=9), SCREEN_MIN_ROWS, seed=10)
    keys = [f"k{i}" for i in range(len(vectors))]
    plain = VectorIndex.build(keys, vectors, "m")
    frozen = VectorIndex.build(keys, vectors.copy(), "m")
    frozen.freeze()
    assert isinstance(frozen._screen, Float16Screen) and not frozen.vectors.flags.writeable
    assert frozen.memory_bytes() == SCREEN_MIN_ROWS * 64 * (4 + 2)
    queries = vectors[[3, 700, 4000]]
    assert frozen.search(queries, 50) == plain.search(queries, 50)
    frozen.add(["extra"], vectors[:1])
    assert frozen._screen is None and frozen.memory_bytes() == (SCREEN_MIN_ROWS + 1) * 64 * 4

    small = VectorIndex.build(keys[:100], vectors[:100], "m")
    small.freeze()  # below SCREEN_MIN_ROWS the float32 scan is cheap: no screen
    assert small._screen is None and not small.vectors.flags.writeable


def test_top_rows_keep_each_row_once_with_its_best_score_over_the_query_windows() -> None:
    vectors = np.vstack([unit_rows(200), unit_rows(200)])  # every row twice: equal scores go by row
    index = VectorIndex.build([f"k{i}" for i in range(400)], vectors, "m")
    queries = np.vstack([unit_rows(2, seed=1), vectors[5:6]])  # three windows, one of them a row itself
    for k in (1, 10, 60, 400):
        scores, rows = faiss.knn(queries, index.vectors, k, metric=faiss.METRIC_INNER_PRODUCT)
        best: dict[int, float] = {}
        for row, score in zip(rows.ravel().tolist(), scores.ravel().tolist()):
            best[row] = max(best.get(row, -np.inf), score)
        expected = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:k]
        found_rows, found_scores = index.top_rows(queries, k)
        assert list(zip(found_rows.tolist(), found_scores.tolist())) == expected
        assert index.search(queries, k) == expected
    assert index.top_rows(queries, 2)[0].tolist() == [5, 205]  # a row and its copy tie: the lower row first
