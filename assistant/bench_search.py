"""``python -m assistant bench --only search``: exact and approximate vector search at 100k and 1M vectors.

The vectors are realistic rather than uniform: each is a real vector of the prepared corpus (an answer
paragraph, a comment, or a comment embedded as a query) plus Gaussian noise, renormalised, as
:mod:`assistant.bench` makes them (so the corpus is made of tight clusters of near-duplicates, as reused
answers are). The queries are the labelled calibration queries encoded by the real model.

Every figure has its baseline from the same run on the same queries:

- exact FAISS search (``IndexFlatIP``, one query at a time on one thread, as the app searches)
  against brute-force numpy (one matrix product and ``argpartition``);
- exact search screened by a float16 copy (``embeddings.screen``, what a frozen index runs), against
  exact search: p50, how many queries got the same rows and scores, how many the bound sent back to a
  full scan, and the copy's memory;
- HNSW (``IndexHNSWFlat``) and IVF (``IndexIVFFlat``) at several parameters: recall@10 and recall@100
  against exact search (100 rows is what retrieval asks the vector index for), query p50, build time and
  memory, beside exact search's p50.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import TextIO

import faiss
import numpy as np

from embeddings.index import SEARCH_THREADS
from embeddings.screen import Float16Screen, exact_knn

Say = Callable[[str], None]
NOISE = 0.018
CHUNK = 100_000
HNSW_GRID = ((32, 80), (32, 200))  # (M, efConstruction)
EF_SEARCH = (64, 128, 256, 512, 1024)
NPROBES = (8, 16, 32, 64, 128, 256)
TARGET_RECALL = 0.98


def clustered_vectors(base: np.ndarray, count: int, seed: int = 0, noise: float = NOISE) -> np.ndarray:
    """``count`` unit vectors: the rows of ``base`` in turn, each plus Gaussian noise, renormalised."""
    rng = np.random.default_rng(seed)
    out = np.empty((count, base.shape[1]), dtype=np.float32)
    for start in range(0, count, CHUNK):
        stop = min(start + CHUNK, count)
        chunk = base[np.arange(start, stop) % len(base)] + rng.normal(0, noise, (stop - start, base.shape[1])).astype(np.float32)
        out[start:stop] = chunk / np.linalg.norm(chunk, axis=1, keepdims=True)
    return out


def _p50_ms(search: Callable[[np.ndarray], object], queries: np.ndarray) -> float:
    """Median ms of one query at a time, on as many FAISS threads as the app's searches use."""
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(SEARCH_THREADS)
    try:
        search(queries[:1])  # warm up
        times = []
        for row in range(len(queries)):
            started = time.perf_counter()
            search(queries[row:row + 1])
            times.append(time.perf_counter() - started)
    finally:
        faiss.omp_set_num_threads(threads)
    return statistics.median(times) * 1000


def _recall(found: np.ndarray, truth: np.ndarray, k: int) -> float:
    hits = sum(len(set(f[:k].tolist()) & set(t[:k].tolist())) for f, t in zip(found, truth))
    return hits / (k * len(truth))


def numpy_topk(vectors: np.ndarray, query: np.ndarray, k: int) -> np.ndarray:
    """Brute force: one matrix product, then the best ``k`` rows (the baseline)."""
    scores = vectors @ query.ravel()
    top = np.argpartition(-scores, k)[:k]
    return top[np.argsort(-scores[top])]


def measure(vectors: np.ndarray, queries: np.ndarray, say: Say, hnsw: bool = True, ivf: bool = True) -> dict:
    """Exact, numpy, HNSW and IVF figures for one set of vectors."""
    count, dim = vectors.shape
    figures: dict = {"rows": count}
    exact = faiss.IndexFlatIP(dim)
    exact.add(vectors)
    _, truth = exact.search(queries, 100)
    figures["flat_ms"] = _p50_ms(lambda q: exact.search(q, 100), queries)
    figures["numpy_ms"] = _p50_ms(lambda q: numpy_topk(vectors, q, 100), queries)
    figures["flat_bytes"] = vectors.nbytes
    del exact
    say(f"  float16 スクリーンを {count:,} 件で構築しています…")
    screen = Float16Screen(vectors)
    figures["screen_ms"] = _p50_ms(lambda q: screen.search(q, 100), queries)
    figures["screen_bytes"] = screen.nbytes
    same = full = 0
    for query in queries:
        scores, rows, scans = screen.search_counted(query[None, :], 100)
        plain_scores, plain = exact_knn(query[None, :], vectors, 100)
        same += int(np.array_equal(rows, plain) and np.array_equal(scores, plain_scores))
        full += scans
    figures["screen_same"], figures["screen_full"], figures["queries"] = same, full, len(queries)
    del screen
    figures["hnsw"] = []
    for m, ef_construction in HNSW_GRID if hnsw else ():
        say(f"  HNSW M={m} efConstruction={ef_construction} を {count:,} 件で構築しています…")
        index = faiss.IndexHNSWFlat(dim, m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = ef_construction
        started = time.perf_counter()
        index.add(vectors)
        build = time.perf_counter() - started
        graph = faiss.vector_to_array(index.hnsw.neighbors).nbytes
        for ef_search in EF_SEARCH:
            index.hnsw.efSearch = ef_search
            _, found = index.search(queries, 100)
            figures["hnsw"].append({
                "M": m, "efConstruction": ef_construction, "efSearch": ef_search, "build_s": build,
                "bytes": vectors.nbytes + graph, "recall10": _recall(found, truth, 10),
                "recall100": _recall(found, truth, 100), "ms": _p50_ms(lambda q: index.search(q, 100), queries),
            })
        del index
    figures["ivf"] = []
    if ivf:
        nlist = int(4 * np.sqrt(count))
        say(f"  IVF nlist={nlist} を {count:,} 件で学習しています…")
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        started = time.perf_counter()
        sample = vectors[np.random.default_rng(1).choice(count, min(count, 64 * nlist), replace=False)]
        index.train(sample)
        index.add(vectors)
        build = time.perf_counter() - started
        for nprobe in NPROBES:
            index.nprobe = nprobe
            _, found = index.search(queries, 100)
            figures["ivf"].append({
                "nlist": nlist, "nprobe": nprobe, "build_s": build, "bytes": vectors.nbytes + nlist * dim * 4,
                "recall10": _recall(found, truth, 10), "recall100": _recall(found, truth, 100),
                "ms": _p50_ms(lambda q: index.search(q, 100), queries),
            })
        del index
    return figures


def print_figures(figures: dict, out: TextIO) -> None:
    rows, flat = figures["rows"], figures["flat_ms"]
    print(f"\nベクトル {rows:,} 件（384次元、実ベクトル＋ノイズ）: 厳密探索 FAISS Flat p50 {flat:.2f} ms"
          f"（基準: numpy 総当たり {figures['numpy_ms']:.2f} ms、{flat / figures['numpy_ms']:.2f} 倍）、"
          f"メモリ {figures['flat_bytes'] / 2**20:.0f} MiB", file=out)
    if "screen_ms" in figures:
        screen = figures["screen_ms"]
        print(f"  float16 スクリーン付き厳密探索 p50 {screen:.2f} ms（Flat の {screen / flat:.2f} 倍）、"
              f"Flat と同じ行・同じスコア {figures['screen_same']}/{figures['queries']} 件、"
              f"全件読み直し {figures['screen_full']} 件、追加メモリ {figures['screen_bytes'] / 2**20:.0f} MiB",
              file=out)
    if figures["hnsw"] or figures["ivf"]:
        print("| 方式 | パラメータ | recall@10 | recall@100 | p50 ms (Flat 比) | 構築 s | メモリ MiB |", file=out)
        print("|---|---|---:|---:|---:|---:|---:|", file=out)
    for row in figures["hnsw"]:
        print(f"| HNSW | M={row['M']} efC={row['efConstruction']} efS={row['efSearch']} | {row['recall10']:.3f} | "
              f"{row['recall100']:.3f} | {row['ms']:.2f} ({row['ms'] / flat:.2f}x) | {row['build_s']:.1f} | "
              f"{row['bytes'] / 2**20:.0f} |", file=out)
    for row in figures["ivf"]:
        print(f"| IVF | nlist={row['nlist']} nprobe={row['nprobe']} | {row['recall10']:.3f} | {row['recall100']:.3f} | "
              f"{row['ms']:.2f} ({row['ms'] / flat:.2f}x) | {row['build_s']:.1f} | {row['bytes'] / 2**20:.0f} |", file=out)
    good = [row for row in figures["hnsw"] + figures["ivf"] if row["recall10"] >= TARGET_RECALL]
    if figures["hnsw"] or figures["ivf"]:
        if good:
            best = min(good, key=lambda row: row["ms"])
            name = (f"HNSW M={best['M']} efC={best['efConstruction']} efS={best['efSearch']}" if "M" in best
                    else f"IVF nlist={best['nlist']} nprobe={best['nprobe']}")
            print(f"recall@10 ≥ {TARGET_RECALL} で最速: {name}（{best['ms']:.2f} ms、Flat の {best['ms'] / flat:.2f} 倍）",
                  file=out, flush=True)
        else:
            print(f"recall@10 ≥ {TARGET_RECALL} に届く近似探索はありません（厳密探索を使います）", file=out, flush=True)


def search_inputs(retriever, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The base vectors (every vector of the prepared corpus) and the queries' first windows."""
    snap = retriever.current()
    base = snap.vectors.vectors
    encoder = retriever.encoder
    queries = np.vstack([encoder.encode_queries(encoder.window(text))[:1] for text in dict.fromkeys(texts)])
    return base, queries


def run_search_bench(base: np.ndarray, queries: np.ndarray, sizes: Sequence[int], out: TextIO, say: Say,
                     approximate: bool = True) -> list[dict]:
    """Print the search figures for each size; returns them."""
    results = []
    for size in sizes:
        say(f"ベクトル検索を {size:,} 件で測っています…")
        vectors = clustered_vectors(base, size, seed=size)
        figures = measure(vectors, np.ascontiguousarray(queries, dtype=np.float32), say, hnsw=approximate, ivf=approximate)
        print_figures(figures, out)
        results.append(figures)
        del vectors
    return results
