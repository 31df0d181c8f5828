"""The lexical side: BM25 (bm25s) over content-word lemmas of each precedent.

Tokens are the expensive part, so they are cached by precedent content hash in a plain JSON file;
the BM25 matrices are rebuilt from them in a moment when the corpus changes.

Example:
    >>> index = LexicalIndex(["a", "b"], [["雪", "除雪"], ["個人", "情報"]], [[], []])
    >>> [round(float(s), 3) for s in index.scores(["除雪"])]
    [0.277, 0.0]
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import bm25s
import numpy as np

from assistant.jsonl import write_json

TOKENS_FILE = "tokens.json"


class LexicalIndex:
    """BM25 over token lists, aligned with a list of precedent ids.

    Each precedent is one BM25 document (comment and answer together); coverage can also be asked
    of the comment or the answer alone (:meth:`coverages`).

    Args:
        ids: Precedent id of each document.
        comment_tokens: Content-word tokens of each comment (and topic).
        answer_tokens: Content-word tokens of each answer; omitted, the comment tokens stand alone.
    """

    def __init__(
        self, ids: Sequence[str], comment_tokens: Sequence[list[str]], answer_tokens: Sequence[list[str]] | None = None
    ) -> None:
        self.ids = list(ids)
        answer_tokens = answer_tokens if answer_tokens is not None else [[] for _ in self.ids]
        documents = [list(c) + list(a) for c, a in zip(comment_tokens, answer_tokens)]
        self.parts = {
            "comment": [set(doc) for doc in comment_tokens],
            "answer": [set(doc) for doc in answer_tokens],
            "all": [set(doc) for doc in documents],
        }
        self.bm25 = bm25s.BM25()
        if self.ids:
            self.bm25.index([doc or [""] for doc in documents], show_progress=False)
        frequencies = Counter(token for doc in self.parts["all"] for token in doc)
        n = max(len(self.ids), 1)
        self._idf = {token: _idf(n, df) for token, df in frequencies.items()}
        self._unseen_idf = _idf(n, 0)

    @property
    def parameters(self) -> dict[str, object]:
        """bm25s's own parameters, as used for scoring (recorded with the calibration)."""
        return {"k1": self.bm25.k1, "b": self.bm25.b, "delta": self.bm25.delta, "method": self.bm25.method}

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every document (aligned with ``ids``)."""
        if not self.ids or not query_tokens:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(query_tokens), dtype=np.float32)

    def max_score(self, query_tokens: list[str]) -> float:
        """The highest BM25 score a document could reach for these tokens: every token present at the
        saturated term frequency (each query token counts as often as it is given, like ``scores``).

        Example:
            >>> index = LexicalIndex(["a", "b"], [["雪", "除雪"], ["個人", "情報"]], [[], []])
            >>> round(index.max_score(["除雪"]), 3) == round(index.idf("除雪") * (index.bm25.k1 + 1), 3)
            True
        """
        return sum(self.idf(token) for token in query_tokens) * (float(self.bm25.k1) + 1)

    def idf(self, token: str) -> float:
        return self._idf.get(token, self._unseen_idf)

    def coverages(self, query_tokens: list[str], positions: Sequence[int], part: str = "all") -> list[float]:
        """Share of the query's IDF mass each document (or its comment or answer) contains (0..1)."""
        weights = {token: self.idf(token) for token in set(query_tokens)}
        total = sum(weights.values())
        if not total:
            return [0.0] * len(positions)
        sets = self.parts[part]
        return [sum(w for t, w in weights.items() if t in sets[p]) / total for p in positions]

    def shared_terms(self, query_tokens: list[str], position: int, part: str = "all") -> list[str]:
        """Query tokens the document also contains, rarest first (ties by token)."""
        shared = set(query_tokens) & self.parts[part][position]
        return sorted(shared, key=lambda token: (-self.idf(token), token))


def _idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


class TokenCache:
    """Content hash -> tokens, saved as one plain JSON file that names the tokenizer that made them.

    A cache written by another tokenizer (another dictionary, other stopwords) is not used.

    Args:
        path: The JSON file.
        tokenizer: Identity of the tokenizer (``JapaneseTokenizer.identity``).
    """

    def __init__(self, path: Path, tokenizer: str) -> None:
        self.path = path
        self.tokenizer = tokenizer
        self.tokens: dict[str, list[str]] = {}
        self.changed = False
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}  # a damaged cache only costs re-tokenising
            if isinstance(data, dict) and data.get("tokenizer") == tokenizer:
                self.tokens = data.get("tokens", {})

    def resolve(self, items: Sequence[tuple[str, str]], tokenize: Callable[[str], list[str]]) -> list[list[str]]:
        """Tokens for each ``(content hash, text)``, tokenising only unseen hashes."""
        fresh = {key: tokenize(text) for key, text in items if key not in self.tokens}
        self.tokens.update(fresh)
        self.changed = bool(fresh)
        return [self.tokens[key] for key, _ in items]

    def save(self, keep: set[str]) -> None:
        self.tokens = {key: value for key, value in self.tokens.items() if key in keep}
        write_json(self.path, {"tokenizer": self.tokenizer, "tokens": self.tokens})
