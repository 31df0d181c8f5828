"""``python -m assistant bench``: speed and memory figures, each beside a plain baseline.

How the corpus grows: every synthetic precedent copies a seed precedent (round robin) and perturbs
it word by word (fugashi surfaces; 15 % of words dropped, 15 % replaced by a random corpus word), so
texts, vocabulary and lengths stay realistic while every text is new. Encoding hundreds of thousands of
texts on two cores would take hours, so the vectors of synthetic units are the real vector of their
seed unit plus Gaussian noise, renormalised (mean cosine to the original about 0.9). Ingest and index
throughput are measured for real (parser, SQLite, template grouping, the real encoder) on a sample.

Baselines, measured in the same run on the same queries: brute-force numpy cosine over all
embeddings (one matrix product, best row per precedent), and BM25 alone (bm25s over the same tokens).

PDF ingest throughput reads a long answer table (the fixture ``long_table.pdf``, a Word table printed
by LibreOffice, repeated to 105 pages) with the full reader: table finding, cell paragraphs, the grid
and metadata. Its baseline is pdfplumber's plain ``extract_text`` of the same pages in the same run.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import numpy as np

from assistant import settings
from assistant.bench_templates import print_template_figures
from assistant.ingest import ingest
from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
from assistant.store import Store
from embeddings.index import VectorIndex, fingerprint
from retrieval import Retriever, build_index
from retrieval.corpus import CorpusView
from retrieval.labels import read_queries

Say = Callable[[str], None]
NOISE = 0.018
ITEMS_PER_DOCUMENT = 100
THROUGHPUT_SAMPLE = 200


def perturb(words: list[str], vocabulary: list[str], rng: random.Random) -> str:
    """Drop 15 % of the words and replace 15 % with random corpus words."""
    out = []
    for word in words:
        roll = rng.random()
        if roll < 0.15:
            continue
        out.append(rng.choice(vocabulary) if roll < 0.30 else word)
    return "".join(out)


def synthetic_documents(seed: list, count: int, tokenizer, rng: random.Random) -> list[ParsedDocument]:
    """``count`` perturbed copies of the seed precedents, 100 items to a document."""
    split = [(tokenizer.surfaces(p.comment), [tokenizer.surfaces(t) for t in p.paragraphs]) for p in seed]
    vocabulary = sorted({w for comment, paras in split for w in comment + [x for p in paras for x in p] if len(w) > 1})
    documents, items = [], []
    for i in range(count):
        comment, paragraphs = split[i % len(split)]
        items.append(ParsedItem(str(len(items) + 1), perturb(comment, vocabulary, rng),
                                tuple(perturb(p, vocabulary, rng) for p in paragraphs)))
        if len(items) == ITEMS_PER_DOCUMENT or i == count - 1:
            meta = DocumentMeta(title=f"合成文書{len(documents) + 1:05d}", kind="table", period_start="2024-04-01")
            documents.append(ParsedDocument(meta, tuple(items)))
            items = []
    return documents


def _seed_vectors(retriever: Retriever) -> dict[str, np.ndarray]:
    index = retriever.current().vectors
    first: dict[str, np.ndarray] = {}
    for row, key in enumerate(index.keys):
        first.setdefault(key, index.vectors[row])
    return first


def _fake_vectors(view: CorpusView, model: str, base: dict, origin: dict[str, str], rng: np.random.Generator) -> VectorIndex:
    keys = sorted(view.unit_text)
    vectors = np.stack([base[origin.get(key, key)] for key in keys]).astype(np.float32)
    vectors += rng.normal(0, NOISE, vectors.shape).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return VectorIndex.build(keys, vectors, model, int(settings.get("hnsw_threshold")))


def _percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _numpy_baseline(retriever: Retriever, query_vectors: np.ndarray, k: int = 5) -> float:
    started = time.perf_counter()
    scores = retriever.current().vectors.vectors @ query_vectors.T
    best = scores.max(axis=1)
    np.argpartition(-best, min(k, len(best) - 1))[:k]
    return time.perf_counter() - started


def _bm25_baseline(retriever: Retriever, text: str, k: int = 5) -> float:
    started = time.perf_counter()
    scores = retriever.current().lexical.scores(retriever.tokenizer(text))
    np.argpartition(-scores, min(k, len(scores) - 1))[:k]
    return time.perf_counter() - started


def measure_latency(retriever: Retriever, texts: list[str]) -> dict[str, float]:
    """p50/p95 in ms of encode and search (everything but encoding), and of the two baselines.

    Each is timed in its own loop over the same queries, so no loop evicts another's caches.
    """
    retriever.search_point(texts[0])  # warm up
    encode, search, vectors = [], [], []
    for text in texts:
        started = time.perf_counter()
        vectors.append(retriever.encode_point(text))
        encode.append(time.perf_counter() - started)
        started = time.perf_counter()
        retriever.search_point(text, k=5, vectors=vectors[-1])
        search.append(time.perf_counter() - started)
    brute = [_numpy_baseline(retriever, query) for query in vectors]
    bm25 = [_bm25_baseline(retriever, text) for text in texts]
    figures = {}
    for name, values in (("encode", encode), ("search", search), ("numpy", brute), ("bm25", bm25)):
        p50, p95 = _percentiles(values)
        figures[f"{name}_p50"], figures[f"{name}_p95"] = p50 * 1000, p95 * 1000
    return figures


def _index_memory(retriever: Retriever) -> tuple[int, int]:
    snap = retriever.current()
    bm25 = snap.lexical.bm25.scores
    lexical = sum(bm25[name].nbytes for name in ("data", "indices", "indptr")) if isinstance(bm25, dict) else 0
    return snap.vectors.memory_bytes(), lexical


def sized_retriever(size: int, seed: Retriever, origin_rng: int, folder: Path, say: Say) -> Retriever:
    """A retriever over ``size`` synthetic precedents with noise vectors saved as its index."""
    rng = random.Random(origin_rng)
    store = Store(folder / f"bench-{size}.sqlite3")
    seed_view = seed.current().view
    for document in synthetic_documents(seed_view.precedents, size, seed.tokenizer, rng):
        store.write_document(document)
    # The seed corpus's calibration, so that the synthetic corpus is not refitted while it is timed.
    retriever = Retriever(store, seed.encoder, seed.tokenizer, folder / f"index-{size}", auto_calibrate=False)
    seed.calibration.save(retriever.calibration_path)
    base = _seed_vectors(seed)
    origin = {}
    seed_keys = [[seed_view.comment_units[i], *seed_view.paragraph_units[i]] for i in range(len(seed_view.precedents))]
    view = CorpusView.from_store(store)
    for position in range(len(view.precedents)):
        source = seed_keys[position % len(seed_keys)]
        mine = [view.comment_units[position], *view.paragraph_units[position]]
        origin.update({key: source[min(i, len(source) - 1)] for i, key in enumerate(mine)})
    say(f"  {size:,} 件: ベクトルと索引を作っています…")
    index = _fake_vectors(view, seed.encoder.identity, base, origin, np.random.default_rng(origin_rng))
    index.save(retriever.vector_dir, fingerprint(set(view.unit_text)))
    retriever.refresh()
    return retriever


def throughput(seed: Retriever, folder: Path, say: Say) -> dict[str, float]:
    """Real ingest (parse + store + templates) and real indexing (encoder + FAISS) rates."""
    rng = random.Random(7)
    seed_view = seed.current().view
    documents = synthetic_documents(seed_view.precedents, 1_000, seed.tokenizer, rng)
    paths = []
    for n, document in enumerate(documents):
        rows = [f"{i.no}\t{i.comment}\t{'<p>' + '</p><p>'.join(i.answer_paragraphs) + '</p>'}" for i in document.items]
        path = folder / f"doc{n}.txt"
        path.write_text(f"{document.meta.title}について寄せられたご意見と本市の考え方\n\nNo.\tご意見\t本市の考え方\n" + "\n".join(rows), encoding="utf-8")
        paths.append(path)
    store = Store(folder / "throughput.sqlite3")
    started = time.perf_counter()
    ingest(paths, store)
    ingest_rate = 1_000 / (time.perf_counter() - started)
    sample = Store(":memory:")
    for document in synthetic_documents(seed_view.precedents, THROUGHPUT_SAMPLE, seed.tokenizer, rng):
        sample.write_document(document)
    say(f"  実際のモデルで {THROUGHPUT_SAMPLE} 件をベクトル化しています…")
    started = time.perf_counter()
    built = build_index(sample, seed.encoder, seed.tokenizer, folder / "throughput-index", auto_calibrate=False)
    index_rate = THROUGHPUT_SAMPLE / (time.perf_counter() - started)
    say(f"  {THROUGHPUT_SAMPLE} 件のコーパスで順位付けを校正しています…")
    started = time.perf_counter()
    built.recalibrate()
    calibrate_seconds = time.perf_counter() - started
    started = time.perf_counter()
    vectors = seed.encoder.encode_documents([seed_view.unit_text[k] for k in list(seed_view.unit_text)[:100]])
    plain_rate = 100 / (time.perf_counter() - started)
    return {"ingest": ingest_rate, "index": index_rate, "encode_units": plain_rate, "dim": vectors.shape[1],
            "calibrate_s": calibrate_seconds}


def cold_start() -> float:
    """Seconds from a fresh interpreter to the first suggestion on the configured store and caches."""
    code = "from assistant.service import open_retriever; s, r = open_retriever(); r.search('マイナンバーカードの取得は義務ですか。')"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=dict(os.environ))
    return time.perf_counter() - started


def _hnsw_check(retriever: Retriever, texts: list[str]) -> dict[str, float]:
    """Exact vs HNSW FAISS search on the same rows: time per query and recall@10 of HNSW."""
    index = retriever.current().vectors
    exact = VectorIndex.build(index.keys, index.vectors, index.model, hnsw_threshold=len(index.keys) + 1)
    started = time.perf_counter()
    approx = VectorIndex.build(index.keys, index.vectors, index.model, hnsw_threshold=0)
    build = time.perf_counter() - started
    queries = [retriever.encoder.encode_queries([t]) for t in texts]
    times = {"flat": [], "hnsw": []}
    hits = 0
    for query in queries:
        for name, candidate in (("flat", exact), ("hnsw", approx)):
            started = time.perf_counter()
            found = candidate.search(query, 10)
            times[name].append(time.perf_counter() - started)
            if name == "flat":
                truth = {row for row, _ in found}
            else:
                hits += len(truth & {row for row, _ in found})
    return {
        "flat_ms": statistics.median(times["flat"]) * 1000,
        "hnsw_ms": statistics.median(times["hnsw"]) * 1000,
        "hnsw_recall@10": hits / (10 * len(queries)),
        "hnsw_build_s": build,
    }


PDF_BENCH_SOURCE = settings.REPO_ROOT / "tests" / "fixtures" / "published" / "long_table.pdf"
PDF_BENCH_PAGES = 105


def pdf_throughput(folder: Path, pages: int | None = None) -> dict[str, float]:
    """Pages per second of the PDF reader, and of pdfplumber's plain text extraction of the same pages."""
    import pdfplumber
    import pypdfium2

    from assistant.readers import read_document

    pages = pages or PDF_BENCH_PAGES
    source = pypdfium2.PdfDocument(PDF_BENCH_SOURCE)
    long = pypdfium2.PdfDocument.new()
    while len(long) < pages:
        long.import_pages(source, list(range(min(len(source), pages - len(long)))))
    path = folder / "bench.pdf"
    long.save(path)
    started = time.perf_counter()
    [document] = read_document(path)
    ours = pages / (time.perf_counter() - started)
    started = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
    plain = pages / (time.perf_counter() - started)
    return {"pages": pages, "items": len(document.items), "ours": ours, "plain": plain}


def print_pdf_throughput(out: TextIO, say: Say) -> None:
    say("PDF の取り込み速度を測っています…")
    with tempfile.TemporaryDirectory() as temp:
        pdf = pdf_throughput(Path(temp))
    print(f"PDF 取り込み（罫線の表・段落・見出しの解析、{pdf['pages']} 頁 {pdf['items']} 項目）: {pdf['ours']:.1f} 頁/秒"
          f"（基準: pdfplumber の extract_text だけ {pdf['plain']:.1f} 頁/秒、{pdf['plain'] / pdf['ours']:.1f} 倍の時間）",
          file=out, flush=True)


def run_bench(store: Store, sizes: list[int], queries: int, out: TextIO, say: Say, only: str | None = None,
              search_sizes: list[int] | None = None) -> None:
    """Print every figure with its baseline ratio.

    ``only="pdf"``: just the PDF ingest figure; ``"templates"``: just the template grouping and one-row
    ingest figures; ``"batch"``: just the national-scale batch figures of :mod:`assistant.bench_batch`;
    ``"encoders"``: just the encoder backends (see :mod:`assistant.bench_encoders`); ``"encoders-seeds"``:
    those without the env6th corpus (faster); ``"search"``: just vector search (exact, HNSW, IVF);
    ``"latency"``: just the search latency and index memory table at ``sizes``; ``"coldstart"``: just
    the cold start figures; ``"analysis"``: just the analysts' pair search (:mod:`assistant.bench_analysis`).
    """
    from assistant.bench_cold import print_cold_start
    from assistant.bench_search import run_search_bench, search_inputs
    from assistant.service import open_retriever

    if only == "pdf":
        print_pdf_throughput(out, say)
        return
    if only == "templates":
        print_template_figures(out, say)
        return
    if only == "batch":
        from assistant.bench_batch import print_batch_bench

        print_batch_bench(out, say)
        return
    if only in ("encoders", "encoders-seeds"):
        from assistant.bench_encoders import print_encoder_bench

        print_encoder_bench(out, say, env6th=only == "encoders")
        return
    if only == "analysis":
        from assistant.bench_analysis import print_analysis_bench

        print_analysis_bench(out, say)
        return
    if only == "coldstart":
        say("コールドスタートを測っています…")
        print_cold_start(out)
        return

    say("準備しています…")
    _, seed = open_retriever(store, progress=say)
    texts = [q.query for q in read_queries(settings.DATA_DIR / "calibration" / "queries.jsonl")]
    if only == "search":
        run_search_bench(*search_inputs(seed, texts), search_sizes or [100_000], out, say)
        return
    texts = (texts * (queries // len(texts) + 1))[:queries]
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        print("前例回答アシスタント ベンチマーク（2コアCPU、ミリ秒）", file=out)
        print("| 前例数 | encode p50 | encode p95 | search p50 | search p95 | 合計 p50 | numpy総当たり p50 (比) | BM25のみ p50 (比) | 索引メモリ/前例 | 索引 |", file=out)
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|", file=out)
        for size in sizes:
            retriever = sized_retriever(size, seed, size, folder, say)
            figures = measure_latency(retriever, texts)
            vector_bytes, lexical_bytes = _index_memory(retriever)
            per = (vector_bytes + lexical_bytes) / size
            total = figures["encode_p50"] + figures["search_p50"]
            print(
                f"| {size:,} | {figures['encode_p50']:.1f} | {figures['encode_p95']:.1f} | {figures['search_p50']:.2f} | "
                f"{figures['search_p95']:.2f} | {total:.1f} | {figures['numpy_p50']:.2f} "
                f"({figures['search_p50'] / figures['numpy_p50']:.1f}x) | {figures['bm25_p50']:.2f} "
                f"({figures['search_p50'] / figures['bm25_p50']:.1f}x) | {per / 1024:.1f} KiB | {retriever.current().vectors.kind} |",
                file=out, flush=True,
            )
            if size == max(sizes) and only != "latency":
                hnsw = _hnsw_check(retriever, texts[:20])
            retriever.store.close()
        if only == "latency":
            return
        print(f"\nFAISS のみ（{max(sizes):,} 件）: Flat {hnsw['flat_ms']:.2f} ms、HNSW {hnsw['hnsw_ms']:.2f} ms"
              f"（recall@10 {hnsw['hnsw_recall@10']:.3f}、構築 {hnsw['hnsw_build_s']:.1f} s）", file=out)
        run_search_bench(*search_inputs(seed, texts), search_sizes or [100_000], out, say)
        say("取り込みと索引作成の速度を測っています…")
        rates = throughput(seed, folder, say)
    print(f"取り込み（解析・保存・テンプレート）: {rates['ingest']:.0f} 前例/秒", file=out)
    print(f"索引作成（実モデルでのベクトル化＋FAISS＋BM25）: {rates['index']:.1f} 前例/秒"
          f"（基準: 文の単純なベクトル化 {rates['encode_units']:.1f} 文/秒）", file=out)
    print(f"コーパス自身での校正（{THROUGHPUT_SAMPLE} 前例、初回のベクトル化を含む）: {rates['calibrate_s']:.1f} 秒", file=out)
    print_pdf_throughput(out, say)
    from assistant.bench_encoders import print_encoder_bench

    print_encoder_bench(out, say)
    say("コールドスタートを測っています…")
    print(f"コールドスタート（新しいプロセスから最初の提案まで）: {cold_start():.1f} 秒", file=out)
    print_cold_start(out)
    print_template_figures(out, say)
    from assistant.bench_batch import print_batch_bench

    print_batch_bench(out, say)
    from assistant.bench_analysis import print_analysis_bench

    print_analysis_bench(out, say)
