"""A tiny deterministic encoder for unit tests (real-model tests sit beside them)."""

from __future__ import annotations

import hashlib
import unicodedata

import numpy as np


class FakeEncoder:
    """Hashed character-bigram counts, L2-normalised: similar wording gives similar vectors.

    Args:
        dim: Vector size.
        identity: Model identity written into index manifests.
        window_chars: Characters per window (stands in for the model's token limit).
    """

    def __init__(self, dim: int = 64, identity: str = "fake-bigram-v1", window_chars: int = 200) -> None:
        self.dim = dim
        self.identity = identity
        self.window_chars = window_chars
        self.encoded: list[str] = []

    def _vector(self, text: str) -> np.ndarray:
        text = unicodedata.normalize("NFKC", text)
        vector = np.zeros(self.dim, dtype=np.float32)
        for a, b in zip(text, text[1:]):
            bucket = int(hashlib.md5((a + b).encode()).hexdigest(), 16) % self.dim
            vector[bucket] += 1.0
        vector[0] += 0.1  # never all zeros
        return vector / np.linalg.norm(vector)

    def encode_documents(self, texts):
        self.encoded += list(texts)
        return np.array([self._vector(t) for t in texts], dtype=np.float32).reshape(len(texts), self.dim)

    def encode_queries(self, texts):
        self.encoded += list(texts)
        return np.array([self._vector(t) for t in texts], dtype=np.float32).reshape(len(texts), self.dim)

    def window(self, text: str) -> list[str]:
        text = " ".join(text.split())
        return [text[i:i + self.window_chars] for i in range(0, len(text), self.window_chars)] or []
