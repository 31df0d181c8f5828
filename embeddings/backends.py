"""Encoder backends: PyTorch (sentence-transformers) and ONNX Runtime, float32 or dynamic int8.

Backends (the ``encode_backend`` setting):

- ``torch``: sentence-transformers on PyTorch; ``encode_precision`` picks float32 or bfloat16.
- ``onnx``: the same network exported to ONNX and run by ONNX Runtime in float32.
- ``onnx-int8``: that ONNX model with dynamically quantised int8 matrix products.
- ``auto``: :func:`choose_backend` for this CPU's flags (``onnx-int8`` is never chosen: see there).

An ONNX model is made once, offline, from the sentence-transformers folder and kept in the model cache:
exported with ``torch.onnx`` (no hub, no optimum: optimum's releases would replace the pinned
transformers), its LayerNorm/GELU patterns fused by ONNX Runtime's transformer optimizer, and for
``onnx-int8`` quantised with ``onnxruntime.quantization.quantize_dynamic``: int8 weights per output
channel for every weight MatMul except the feed-forward output projections, whose GELU inputs have
outliers that per-tensor activation quantisation handles badly (quantising them too brings the minimum
cosine to float32 on the seed texts down from 0.999 to 0.994). The result is verified against the
float32 PyTorch model on the given texts and written to a temporary folder, renamed into place only
after verification, like the default model's conversion.

The ONNX encoder reproduces sentence-transformers' pipeline: the prompt prepended to the text, the
model's own tokenizer (truncation at its ``max_seq_length``), mean pooling over the attention mask
and L2 normalisation.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from assistant.errors import ModelError
from embeddings.encoder import BatchProgress, WindowedEncoder, model_text, publish_folder

BACKENDS = ("auto", "torch", "onnx", "onnx-int8")
ONNX_BACKENDS = ("onnx", "onnx-int8")
ONNX_VERSION = 1
ONNX_MANIFEST = "zenrei-onnx.json"
ONNX_FILE = "model.onnx"
# Minimum cosine to the float32 PyTorch model on the verification texts.
MIN_COSINE = {"onnx": 0.9999, "onnx-int8": 0.99}
VNNI_FLAGS = frozenset({"avx512_vnni", "avx_vnni", "amx_int8"})
BF16_FLAGS = frozenset({"avx512_bf16", "amx_bf16"})
Progress = Callable[[str], None]


# --- choosing a backend ----------------------------------------------------------------------------
def cpu_flags(path: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    """The instruction-set flags of this CPU (empty where ``/proc/cpuinfo`` cannot be read)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        if line.startswith("flags"):
            return frozenset(line.split(":", 1)[1].split())
    return frozenset()


def choose_backend(flags: frozenset[str], onnx_available: bool = True) -> str:
    """``auto``'s backend for a CPU with ``flags``: the fastest that kept recall@1 and MRR within 0.01.

    Measured with ``bench --only encoders-seeds`` on an idle 2-core CPU with AVX-512, VNNI and AMX (README,
    "Encoder backends"): against PyTorch float32, ONNX Runtime float32 ran at 0.64x and dynamic int8 at
    0.85x (int8 also moved one seed query from rank 2 to rank 4, MRR -0.018), while PyTorch bfloat16,
    where the CPU computes it natively, ran at 2.46x with the same figures. So PyTorch stays on every CPU,
    with ``encode_precision=auto`` choosing bfloat16 where ``flags`` hold it natively and float32
    elsewhere; the ONNX backends are there to choose and to measure on other CPUs (earlier runs on a
    loaded machine had put them ahead, which the idle run did not confirm). On a 2-core AVX2 CPU without
    VNNI or bfloat16 (AMD Zen 3, idle) ONNX float32 ran at 0.90x and int8 at 1.08x on short texts and
    1.01x on env6th's index build, where int8 also lost a query at rank 1 (recall@1 -0.029): PyTorch
    float32 stays there too.

    Example:
        >>> choose_backend(frozenset({"avx2", "avx512_vnni"}))
        'torch'
        >>> choose_backend(frozenset({"avx2", "avx512_bf16"}))
        'torch'
    """
    return "torch"


def onnx_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("onnxruntime") is not None


def resolve_backend(backend: str, flags: frozenset[str] | None = None) -> str:
    """``auto`` becomes :func:`choose_backend` for this CPU; any other known name stays.

    Raises:
        ModelError: The name is not a backend, or an ONNX backend was asked for without onnxruntime.
    """
    if backend not in BACKENDS:
        raise ModelError(f"エンコーダーの実行方式「{backend}」はありません（{' / '.join(BACKENDS)} から選んでください）。")
    if backend == "auto":
        return choose_backend(cpu_flags() if flags is None else flags, onnx_available())
    if backend in ONNX_BACKENDS and not onnx_available():
        raise ModelError("onnxruntime がありません。`bash scripts/setup.sh` を実行するか、ZENREI_ENCODE_BACKEND=torch にしてください。")
    return backend


# --- the ONNX encoder ------------------------------------------------------------------------------
def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _pooling_is_mean(folder: Path) -> bool:
    modules = _read_json(folder / "modules.json") if (folder / "modules.json").is_file() else []
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    if kinds[:2] != ["Transformer", "Pooling"] or any(k not in {"Transformer", "Pooling", "Normalize"} for k in kinds):
        return False
    pooling = next(m for m in modules if m.get("type", "").endswith("Pooling"))
    config = _read_json(folder / pooling.get("path", "") / "config.json")
    others = [k for k, v in config.items() if k.startswith("pooling_mode_") and v and k != "pooling_mode_mean_tokens"]
    return bool(config.get("pooling_mode_mean_tokens")) and not others and config.get("include_prompt", True)


class OnnxEncoder(WindowedEncoder):
    """The sentence-transformers folder's network run by ONNX Runtime (see the module docstring).

    Args:
        onnx_folder: A folder made by :func:`ensure_onnx_model`.
        source: The sentence-transformers folder it was made from (tokenizer, prompts, window).
        identity: Names the weights, the tokenizer and the backend.
        batch_size: Texts per forward pass.
    """

    def __init__(self, onnx_folder: Path, source: Path, identity: str, batch_size: int = 16) -> None:
        import onnxruntime
        from transformers import AutoTokenizer

        manifest = _read_json(onnx_folder / ONNX_MANIFEST)
        self.backend = manifest.get("backend", "onnx")
        self.identity = identity
        self.batch_size = batch_size
        self.folder = Path(source)  # fine-tuning trains the PyTorch model of this folder
        self.precision = "auto"  # what a model fine-tuned from this one runs with (PyTorch)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            self.session = onnxruntime.InferenceSession(str(onnx_folder / ONNX_FILE), options, providers=["CPUExecutionProvider"])
        except Exception as error:  # onnxruntime raises its own untyped errors
            raise ModelError(f"ONNX モデル {onnx_folder} を読み込めません（{error.__class__.__name__}: {error}）。") from error
        self._inputs = {i.name for i in self.session.get_inputs()}
        tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True)
        settings = _read_json(source / "sentence_bert_config.json")
        prompts = _read_json(source / "config_sentence_transformers.json").get("prompts", {})
        self.max_seq_length = int(settings.get("max_seq_length") or tokenizer.model_max_length)
        self._setup(tokenizer, prompts, self.max_seq_length, int(manifest["dim"]))

    def _encode(self, texts: Sequence[str], prompt_name: str, on_batch: BatchProgress | None = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        prompt = self.prompts[prompt_name]
        inputs = [prompt + model_text(text) for text in texts]
        order = sorted(range(len(inputs)), key=lambda i: -len(inputs[i]))  # as sentence-transformers does
        for start in range(0, len(order), self.batch_size):
            rows = order[start:start + self.batch_size]
            batch = self._tokenizer([inputs[i] for i in rows], padding=True, truncation=True,
                                    max_length=self.max_seq_length, return_tensors="np")
            ids = batch["input_ids"].astype(np.int64)
            mask = batch["attention_mask"].astype(np.int64)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feed)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[rows] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            if on_batch:
                on_batch(start + len(rows))
        return out


# --- making the ONNX model -------------------------------------------------------------------------
def onnx_dir(cache: Path, source: Path, source_identity: str, backend: str) -> Path:
    tag = hashlib.sha256(source_identity.encode()).hexdigest()[:12]
    return cache / f"{source.name}-{tag}-{backend}-v{ONNX_VERSION}"


def _export(source: Path, target: Path) -> tuple[int, int]:
    """Export the folder's transformer to ``target`` (ONNX, float32); returns its hidden size and heads."""
    import warnings

    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(source), local_files_only=True).eval()

    class LastHidden(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    example = torch.ones((2, 16), dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            LastHidden(model), (example, example, torch.zeros_like(example)), str(target), input_names=names,
            output_names=["last_hidden_state"], dynamic_axes={n: {0: "batch", 1: "tokens"} for n in names + ["last_hidden_state"]},
            opset_version=17, dynamo=False,
        )
    return int(model.config.hidden_size), int(model.config.num_attention_heads)


def _optimise(path: Path, target: Path, hidden: int, heads: int) -> None:
    import logging

    from onnxruntime.transformers.optimizer import optimize_model

    logging.getLogger("onnxruntime").setLevel(logging.ERROR)
    optimised = optimize_model(str(path), model_type="bert", num_heads=heads, hidden_size=hidden, opt_level=1)
    optimised.save_model_to_file(str(target))


def _quantise(path: Path, target: Path) -> None:
    import logging

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # quantize_dynamic advises pre-processing through the root logger

    graph = onnx.load(str(path), load_external_data=False).graph
    # Feed-forward output projections (".../output/dense/MatMul", not the attention output) stay float32.
    keep = [n.name for n in graph.node if n.op_type == "MatMul" and "/output/dense/" in n.name and "/attention/" not in n.name]
    try:
        quantize_dynamic(str(path), str(target), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul"], nodes_to_exclude=keep,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    finally:
        root.setLevel(level)


def make_onnx_model(source: Path, target: Path, backend: str, reference, verify_texts: Sequence[str],
                    progress: Progress | None = None) -> dict:
    """Export (and for ``onnx-int8`` quantise) ``source`` into ``target``, verified against ``reference``.

    Args:
        source: A sentence-transformers folder (Transformer, mean Pooling, optional Normalize).
        target: Where the ONNX folder goes (replaced only after verification).
        backend: ``onnx`` or ``onnx-int8``.
        reference: The float32 PyTorch encoder of ``source`` (its ``encode_documents`` is the reference).
        verify_texts: Texts whose embeddings must keep ``MIN_COSINE[backend]`` to the reference.

    Raises:
        ModelError: The folder's pooling is not mean pooling, or the embeddings do not match.
    """
    say = progress or (lambda message: None)
    if not _pooling_is_mean(source):
        raise ModelError(f"{source} は平均プーリングのモデルではないため、ONNX で実行できません。ZENREI_ENCODE_BACKEND=torch にしてください。")
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name}-", dir=target.parent))
    try:
        say("モデルを ONNX 形式に書き出しています（初回のみ、1分ほど）…")
        hidden, heads = _export(source, temp / "exported.onnx")
        say("ONNX モデルを最適化しています…")
        _optimise(temp / "exported.onnx", temp / "optimised.onnx", hidden, heads)
        (temp / "exported.onnx").unlink()
        if backend == "onnx-int8":
            say("ONNX モデルを int8 に量子化しています…")
            _quantise(temp / "optimised.onnx", temp / ONNX_FILE)
            (temp / "optimised.onnx").unlink()
        else:
            os.replace(temp / "optimised.onnx", temp / ONNX_FILE)
        import onnxruntime

        manifest = {"backend": backend, "onnx_version": ONNX_VERSION, "source_identity": reference.identity,
                    "dim": hidden, "onnxruntime": onnxruntime.__version__, "verified_texts": len(verify_texts)}
        (temp / ONNX_MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        say("ONNX モデルを検証しています…")
        cosines = verify_onnx(OnnxEncoder(temp, source, "verification"), reference, verify_texts, MIN_COSINE[backend])
        manifest["min_cosine"] = float(cosines.min()) if len(cosines) else None
        manifest["mean_cosine"] = float(cosines.mean()) if len(cosines) else None
        publish_folder(temp, target, ONNX_MANIFEST, manifest)
        return manifest
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)


def verify_onnx(encoder: OnnxEncoder, reference, texts: Sequence[str], minimum: float) -> np.ndarray:
    """Cosines of ``encoder``'s document embeddings to ``reference``'s.

    Raises:
        ModelError: One is below ``minimum``.
    """
    if not texts:
        return np.zeros(0)
    cosines = (encoder.encode_documents(texts) * reference.encode_documents(texts)).sum(axis=1)
    if cosines.min() < minimum:
        raise ModelError(
            f"ONNX モデルの出力が元のモデルと一致しません（最小コサイン {cosines.min():.4f} < {minimum}、"
            f"文 {int(cosines.argmin()) + 1}）。ZENREI_ENCODE_BACKEND=torch で使えます。"
        )
    return cosines


def ensure_onnx_model(source: Path, source_identity: str, cache: Path, backend: str,
                      reference: Callable[[], object], verify_texts: Sequence[str], progress: Progress | None = None) -> Path:
    """The verified ONNX folder for ``source`` and ``backend``, made first when missing or stale.

    Args:
        reference: Loads the float32 PyTorch encoder of ``source``; called only when the folder is made.
    """
    target = onnx_dir(cache, source, source_identity, backend)
    manifest = _read_json(target / ONNX_MANIFEST)
    if (manifest.get("onnx_version") == ONNX_VERSION and manifest.get("source_identity") == source_identity
            and manifest.get("backend") == backend and "min_cosine" in manifest and (target / ONNX_FILE).is_file()):
        return target
    make_onnx_model(source, target, backend, reference(), verify_texts, progress)
    return target


def onnx_identity(source_identity: str, folder: Path) -> str:
    """The identity of an ONNX encoder: its source's, the backend, and a digest of its manifest and size."""
    manifest = _read_json(folder / ONNX_MANIFEST)
    digest = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode())
    digest.update(str((folder / ONNX_FILE).stat().st_size).encode())
    return f"{source_identity}+{manifest.get('backend', 'onnx')}@{digest.hexdigest()[:12]}"
