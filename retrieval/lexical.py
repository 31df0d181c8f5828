"""The lexical side: BM25 (bm25s) over content-word lemmas of each precedent.

Tokens are the expensive part, so they are cached by precedent content hash (:class:`TokenCache`);
the BM25 matrices are rebuilt from them when the corpus changes. Tokens are held as integer ids into
one vocabulary, each part (comments, answers) as one flat array with offsets: at 100,000 precedents
(10.5 million tokens) lists of Python strings and a set per document took 2.2 GB, the arrays 0.1 GB.

Example:
    >>> index = LexicalIndex(["a", "b"], [["雪", "除雪"], ["個人", "情報"]], [[], []])
    >>> [round(float(s), 3) for s in index.scores(["除雪"])]
    [0.277, 0.0]
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import bm25s
import numpy as np
from bm25s.tokenization import Tokenized

from assistant.jsonl import write_npz

TOKENS_FILE = "tokens.npz"
OLD_TOKENS_FILE = "tokens.json"  # the cache's earlier form (lists of strings): removed when the new one is saved
EMPTY = ""  # vocabulary id 0: stands for an empty document in BM25, never a query token
_PART_NAMES = {"all": ("comment", "answer"), "comment": ("comment",), "answer": ("answer",)}


class Vocabulary:
    """Token <-> integer id, with :data:`EMPTY` as id 0."""

    def __init__(self, tokens: Sequence[str] = ()) -> None:
        self.tokens: list[str] = [EMPTY] + [t for t in tokens if t != EMPTY]
        self.ids: dict[str, int] = {token: i for i, token in enumerate(self.tokens)}

    def encode(self, tokens: Sequence[str]) -> np.ndarray:
        """Ids of ``tokens``, adding the ones not seen yet."""
        ids = self.ids
        out = np.empty(len(tokens), dtype=np.int32)
        for i, token in enumerate(tokens):
            found = ids.get(token)
            if found is None:
                found = ids[token] = len(self.tokens)
                self.tokens.append(token)
            out[i] = found
        return out


class _Packed:
    """Token-id arrays of many documents, as one flat array and offsets."""

    def __init__(self, arrays: Sequence[np.ndarray]) -> None:
        lengths = np.fromiter((len(a) for a in arrays), dtype=np.int64, count=len(arrays))
        self.offsets = np.concatenate(([0], np.cumsum(lengths)))
        self.flat = np.concatenate(arrays).astype(np.int32, copy=False) if len(arrays) else np.zeros(0, np.int32)

    @classmethod
    def of(cls, flat: np.ndarray, offsets: np.ndarray) -> _Packed:
        packed = cls.__new__(cls)
        packed.flat, packed.offsets = flat, offsets
        return packed

    def split(self) -> list[np.ndarray]:
        """Each document's ids (views into :attr:`flat`)."""
        return [self[i] for i in range(len(self))]

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, position: int) -> np.ndarray:
        return self.flat[self.offsets[position]:self.offsets[position + 1]]

    def gather(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(row, token)`` for every token of the documents at ``positions`` (row: index into positions)."""
        starts, ends = self.offsets[positions], self.offsets[positions + 1]
        lengths = ends - starts
        rows = np.repeat(np.arange(len(positions)), lengths)
        within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return rows, self.flat[np.repeat(starts, lengths) + within]


class _Documents(Sequence):
    """What bm25s indexes: each precedent's comment and answer ids together, made when asked for."""

    def __init__(self, comments: _Packed, answers: _Packed) -> None:
        self.comments, self.answers = comments, answers

    def __len__(self) -> int:
        return len(self.comments)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        return np.concatenate((self.comments[position], self.answers[position])).tolist() or [0]


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
        vocabulary = Vocabulary()
        comments = [vocabulary.encode(doc) for doc in comment_tokens]
        answers = [vocabulary.encode(doc) for doc in answer_tokens] if answer_tokens is not None else [
            np.zeros(0, np.int32) for _ in comments]
        self._build(ids, vocabulary, comments, answers)

    @classmethod
    def from_ids(cls, ids: Sequence[str], vocabulary: Vocabulary, comments: Sequence[np.ndarray],
                 answers: Sequence[np.ndarray]) -> LexicalIndex:
        """The index of documents already given as ids into ``vocabulary`` (see :class:`TokenCache`)."""
        index = cls.__new__(cls)
        index._build(ids, vocabulary, comments, answers)
        return index

    def _build(self, ids: Sequence[str], vocabulary: Vocabulary, comments: Sequence[np.ndarray],
               answers: Sequence[np.ndarray]) -> None:
        self.ids = list(ids)
        self.vocabulary = list(vocabulary.tokens)
        self._token_id = dict(vocabulary.ids)
        self._parts = {"comment": _Packed(comments), "answer": _Packed(answers)}
        self.bm25 = bm25s.BM25()
        if self.ids:
            documents = _Documents(self._parts["comment"], self._parts["answer"])
            self.bm25.index(Tokenized(ids=documents, vocab=self._token_id), show_progress=False)
        frequencies = np.zeros(len(self.vocabulary), dtype=np.int64)
        for start in range(0, len(self.ids), 8192):  # in slices: the whole corpus at once would take ~0.6 GB for a moment
            _, tokens = self._gather(np.arange(start, min(start + 8192, len(self.ids))), "all")
            frequencies += np.bincount(tokens, minlength=len(self.vocabulary))
        n = max(len(self.ids), 1)
        self._unseen_idf = _idf(n, 0)
        self._idf = np.array([_idf(n, int(df)) for df in frequencies], dtype=np.float64)

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
        found = self._token_id.get(token)
        return self._unseen_idf if found is None or found == 0 else float(self._idf[found])

    def _gather(self, positions: np.ndarray, part: str, keep: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Distinct ``(row, token id)`` pairs of the documents at ``positions`` (or their comment or answer);
        with ``keep`` (sorted token ids), only those tokens, dropped before the pairs are made distinct."""
        pieces = [self._parts[name].gather(positions) for name in _PART_NAMES[part]]
        rows = np.concatenate([r for r, _ in pieces]).astype(np.int64)
        tokens = np.concatenate([t for _, t in pieces]).astype(np.int64)
        if keep is not None:  # a token is kept when the sorted ``keep`` holds it where it would be inserted
            hit = (keep[np.minimum(np.searchsorted(keep, tokens), len(keep) - 1)] == tokens) if len(keep) else tokens < 0
            rows, tokens = rows[hit], tokens[hit]
        keys = _distinct(rows * len(self.vocabulary) + tokens)
        return keys // len(self.vocabulary), keys % len(self.vocabulary)

    def coverages(self, query_tokens: list[str], positions: Sequence[int], part: str = "all") -> list[float]:
        """Share of the query's IDF mass each document (or its comment or answer) contains (0..1)."""
        return self.part_coverages(query_tokens, positions, (part,))[0]

    def part_coverages(self, query_tokens: list[str], positions: Sequence[int],
                       parts: Sequence[str] = ("comment", "answer")) -> list[list[float]]:
        """:meth:`coverages` of several parts at once, the query's weights worked out once."""
        weights = {token: self.idf(token) for token in set(query_tokens)}
        total = sum(weights.values())
        known = sorted((self._token_id[t], w) for t, w in weights.items() if self._token_id.get(t))
        if not total or not known or not len(positions):
            return [[0.0] * len(positions) for _ in parts]
        query = np.array([i for i, _ in known], dtype=np.int64)
        masses = np.array([w for _, w in known])
        positions = np.asarray(positions, dtype=np.int64)
        found = []
        for part in parts:
            rows, tokens = self._gather(positions, part, keep=query)  # only the query's words count
            mass = masses[np.searchsorted(query, tokens)]
            found.append((np.bincount(rows, weights=mass, minlength=len(positions)) / total).tolist())
        return found

    def shared_terms(self, query_tokens: list[str], position: int, part: str = "all") -> list[str]:
        """Query tokens the document also contains, rarest first (ties by token)."""
        present = set()
        for name in _PART_NAMES[part]:
            present.update(self._parts[name][position].tolist())
        shared = {token for token in set(query_tokens) if self._token_id.get(token) in present}
        return sorted(shared, key=lambda token: (-self.idf(token), token))


def _distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` for integers by sorting: NumPy 2.4's hashing ``unique`` took 13.9 s for 10.5
    million int64 keys where sorting takes 0.3 s."""
    values = np.sort(values)
    keep = np.ones(len(values), dtype=bool)
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


class TokenCache:
    """Content hash -> token ids, saved as one NumPy ``.npz`` file that names the tokenizer that made them.

    The file holds the tokenizer's identity, the vocabulary, the hashes, and every text's ids as one
    flat int32 array with offsets (plain arrays: ``numpy.load(path)`` reads it, no pickling). A cache
    written by another tokenizer (another dictionary, other stopwords) is not used; a damaged one only
    costs tokenising again.

    Args:
        path: The ``.npz`` file.
        tokenizer: Identity of the tokenizer (``JapaneseTokenizer.identity``).
    """

    def __init__(self, path: Path, tokenizer: str) -> None:
        self.path = path
        self.tokenizer = tokenizer
        self.vocabulary = Vocabulary()
        self.tokens: dict[str, np.ndarray] = {}
        self.changed = False
        if path.is_file():
            try:
                self._load()
            except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
                self.vocabulary, self.tokens = Vocabulary(), {}

    def _load(self) -> None:
        with np.load(self.path, allow_pickle=False) as data:
            if str(data["tokenizer"]) != self.tokenizer:
                return
            vocabulary, keys, offsets, flat = data["vocabulary"], data["keys"], data["offsets"], data["ids"]
            if (len(vocabulary) == 0 or vocabulary[0] != EMPTY or len(offsets) != len(keys) + 1
                    or offsets[-1] != len(flat) or (len(flat) and not 0 < flat.min() <= flat.max() < len(vocabulary))):
                raise ValueError("inconsistent token cache")
            tokens = dict(zip(keys.tolist(), _Packed.of(flat, offsets).split()))
        self.vocabulary = Vocabulary(vocabulary.tolist())
        self.tokens = tokens

    def resolve(self, items: Sequence[tuple[str, str]], tokenize: Callable[[str], list[str]]) -> list[np.ndarray]:
        """Token ids (into :attr:`vocabulary`) for each ``(content hash, text)``, tokenising only unseen hashes."""
        fresh = {key: self.vocabulary.encode(tokenize(text)) for key, text in items if key not in self.tokens}
        self.tokens.update(fresh)
        self.changed = bool(fresh)
        return [self.tokens[key] for key, _ in items]

    def save(self, keep: set[str]) -> None:
        """Keep only the hashes in ``keep`` and write the file (atomically), dropping unused vocabulary."""
        self.tokens = {key: value for key, value in self.tokens.items() if key in keep}
        keys = sorted(self.tokens)
        packed = _Packed([self.tokens[key] for key in keys])
        present = np.bincount(packed.flat, minlength=len(self.vocabulary.tokens)) > 0
        present[0] = True  # EMPTY keeps id 0
        used = np.flatnonzero(present)
        renumber = np.zeros(len(self.vocabulary.tokens), dtype=np.int32)
        renumber[used] = np.arange(len(used), dtype=np.int32)
        packed = _Packed.of(renumber[packed.flat], packed.offsets)
        self.vocabulary = Vocabulary([self.vocabulary.tokens[i] for i in used.tolist()])
        self.tokens = dict(zip(keys, packed.split()))
        write_npz(self.path, tokenizer=np.array(self.tokenizer), vocabulary=np.array(self.vocabulary.tokens, dtype=str),
                  keys=np.array(keys, dtype=str), offsets=packed.offsets, ids=packed.flat)
        (self.path.parent / OLD_TOKENS_FILE).unlink(missing_ok=True)
