"""The corpus as retrieval sees it: precedents, the text units that get vectors, and answer families.

A :class:`CorpusView` is read once from the store and never changed; a changed store gives a new one.

Text units and their prompts: a comment is embedded once, with the model's query prompt, the side a
new comment is on (for e5, "query: " is the prompt for symmetric similarity), so the same vector serves
comment-to-comment search and a past comment searching the corpus when it tests itself; answer
paragraphs, and the reference comments on unrelated topics, with the document prompt (measured: the
reference gap separates off-topic comments better so). Comment keys (:func:`comment_key`) therefore
differ from paragraph keys (:func:`unit_key`) even for the same text.

Answer families: precedents whose answers share the same sequence of paragraph templates, or whose
whole answers are near-identical (a different width of brackets, a word, a paragraph split
differently), are one family and appear as one card. Near-identical answers that say the opposite
(「実施します」/「実施しません」, 有料/無料: :func:`assistant.templates.same_stance`) are not one family,
as their paragraphs are not one template.

Generic families: an answer reused for comments that have nothing in common (「ご意見として承ります」)
carries no topic. A family of at least three precedents whose comments are no more alike than two
random comments of the corpus is generic: it is never used as a precedent to learn from.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import numpy as np

from assistant import settings
from assistant.jsonl import write_npz
from assistant.models import Document, Precedent
from assistant.store import Store
from assistant.templates import SCHEME, LinkIndex, UnionFind, band_keys, same_stance
from embeddings.encoder import model_text

GENERIC_MIN_USES = 3
GENERIC_COHESION_Z = 1.0


QUERY_PREFIX = "q:"


def unit_key(text: str) -> str:
    """Content address of a text unit as the model sees it (document prompt: answer paragraphs)."""
    return content_key(model_text(text))


def content_key(text: str) -> str:
    """Content address of a text as it is: the first 20 hex digits of its SHA-1 (:func:`unit_key` of a text
    already in its :func:`model_text` form; the token cache's and the families file's keys)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def comment_key(text: str) -> str:
    """Content address of a comment unit, embedded with the query prompt.

    Example:
        >>> comment_key("雪") == QUERY_PREFIX + unit_key("雪")
        True
    """
    return QUERY_PREFIX + unit_key(text)


def is_query_unit(key: str) -> bool:
    """Whether the unit is embedded with the query prompt (the corpus's comments)."""
    return key.startswith(QUERY_PREFIX)


def reference_texts() -> tuple[str, ...]:
    """Comments on unrelated municipal topics: the reference that closeness is contrasted with."""
    path = settings.DATA_DIR / "calibration" / "background.jsonl"
    if not path.is_file():
        return ()
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line)["text"] for line in lines if line.strip())


def answer_families(precedents: list[Precedent], similarity: float) -> tuple[str, ...]:
    """The family key of each precedent (see the module docstring).

    Example:
        >>> from assistant.models import Precedent
        >>> def p(i, answer, templates):
        ...     return Precedent(i, "d", 1, "1", None, "c", answer, (answer,), templates, "c", answer)
        >>> answer_families([p("a", "同じ回答です。", ("t1",)), p("b", "同じ回答です！", ("t2",)),
        ...                  p("c", "別の回答。", ("t3",))], 0.8)
        ('a', 'a', 'c')
    """
    index = LinkIndex(similarity, same_stance, whole_groups=True)
    texts = _distinct_answers(precedents)
    index.link(texts, band_keys(texts))
    return _families(precedents, index)


def _distinct_answers(precedents: Sequence[Precedent]) -> list[str]:
    """Every distinct non-empty answer (matching form), in order of first appearance."""
    return list(dict.fromkeys(p.answer_norm for p in precedents if p.answer_norm))


def _families(precedents: Sequence[Precedent], index: LinkIndex) -> tuple[str, ...]:
    """Family keys from the templates each answer is made of and ``index``'s groups of whole answers."""
    group = {text: index.find(node) for node, text in enumerate(index.texts)}
    own = ["+".join(p.template_ids) if p.template_ids and all(p.template_ids) else p.id for p in precedents]
    by_key: dict[object, int] = {}
    links = UnionFind(len(precedents))
    for position, key in enumerate(own):
        links.union(by_key.setdefault(key, position), position)
    for position, precedent in enumerate(precedents):
        if precedent.answer_norm:
            links.union(by_key.setdefault(("answer", group[precedent.answer_norm]), position), position)
    # The family key is its first member's id: stable while that precedent exists.
    return tuple(precedents[links.find(i)].id for i in range(len(precedents)))


FAMILIES_FILE = "families.npz"
OLD_FAMILIES_FILE = "families.json"  # the cache's first form (families only): removed when the new one is saved
FAMILIES_FORMAT = 2


def _answers_fingerprint(precedents: Sequence[Precedent], similarity: float) -> str:
    digest = hashlib.sha256(f"{FAMILIES_FORMAT}\n{similarity!r}\n{SCHEME}\n".encode())
    for p in precedents:
        digest.update(f"{p.id}\x1f{'+'.join(t or '' for t in p.template_ids)}\x1f{p.answer_norm}\x1e".encode("utf-8"))
    return digest.hexdigest()


def cached_answer_families(precedents: list[Precedent], similarity: float, cache: Path | None) -> tuple[str, ...]:
    """:func:`answer_families`, kept in the NumPy file ``cache`` and brought up to date incrementally.

    Grouping every answer took about 90 s at 100,000 precedents. The file keeps the families and the
    grouping's state (each distinct answer's key and group, and the LSH buckets), so:

    - the same answers as last time (the next start of the app or the CLI): the families are read back;
    - answers added, none gone (an ingest): only the new answers are compared with their candidates,
      and the groups are those of grouping every answer in the order they were first seen;
    - an answer gone (a document replaced or deleted), another similarity or grouping scheme, an
      unreadable file: everything is grouped again, in the corpus's order, and the file rewritten.
    """
    if cache is None:
        return answer_families(precedents, similarity)
    fingerprint = _answers_fingerprint(precedents, similarity)
    saved = _read_families(cache, similarity)
    if saved is not None and str(saved["answers"]) == fingerprint and len(saved["family"]) == len(precedents):
        return tuple(saved["family"].tolist())
    texts = _distinct_answers(precedents)
    index = _restored_index(saved, texts, similarity) if saved is not None else None
    if index is None:
        index = LinkIndex(similarity, same_stance, whole_groups=True)
        index.link(texts, band_keys(texts))
    else:
        known = set(index.texts)
        fresh = [text for text in texts if text not in known]
        index.link(fresh, band_keys(fresh))
    family = _families(precedents, index)
    try:
        _write_families(cache, index, family, fingerprint, similarity)
    except OSError:
        pass  # a cache that cannot be written only costs the grouping next time
    return family


def _read_families(cache: Path, similarity: float) -> dict[str, np.ndarray] | None:
    try:
        with np.load(cache, allow_pickle=False) as data:
            saved = {name: data[name] for name in data.files}
        if (int(saved["format"]) != FAMILIES_FORMAT or float(saved["similarity"]) != similarity
                or str(saved["scheme"]) != SCHEME):
            return None
        nodes, roots, buckets = len(saved["text_keys"]), saved["roots"], saved["bucket_nodes"]
        # Each root a node at or before its members and its own root: anything else is not a grouping.
        if (len(roots) != nodes or len(saved["bucket_keys"]) != len(buckets)
                or (nodes and not (roots.min() >= 0 and (roots <= np.arange(nodes)).all() and (roots[roots] == roots).all()))
                or (len(buckets) and not (buckets.min() >= 0 and buckets.max() < nodes))):
            return None
        return saved
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None


def _restored_index(saved: dict[str, np.ndarray], texts: list[str], similarity: float) -> LinkIndex | None:
    """The saved grouping state over ``texts``, or None when an answer it grouped is gone."""
    by_key = {content_key(text): text for text in texts}
    keys = saved["text_keys"].tolist()
    if not all(key in by_key for key in keys):
        return None
    bucketed: list[list[int]] = [[] for _ in keys]
    for key, node in zip(saved["bucket_keys"].tolist(), saved["bucket_nodes"].tolist()):
        bucketed[node].append(key)
    index = LinkIndex(similarity, same_stance, whole_groups=True)
    for node, key in enumerate(keys):  # as the store reads its paragraphs back
        index.add_known(by_key[key], bucketed[node])
    groups: dict[int, list[int]] = {}
    for node, root in enumerate(saved["roots"].tolist()):
        groups.setdefault(root, []).append(node)
    for nodes in groups.values():
        index.join_known(nodes)
    return index


def _write_families(cache: Path, index: LinkIndex, family: tuple[str, ...], fingerprint: str, similarity: float) -> None:
    roots = np.fromiter((index.find(node) for node in range(len(index.texts))), dtype=np.int64, count=len(index.texts))
    bucket_keys = [key for key, members in index.buckets.items() for _ in members]
    bucket_nodes = [node for members in index.buckets.values() for node in members]
    write_npz(
        cache, format=np.array(FAMILIES_FORMAT), similarity=np.array(similarity), scheme=np.array(SCHEME),
        answers=np.array(fingerprint), family=np.array(family, dtype=str),
        text_keys=np.array([content_key(text) for text in index.texts], dtype=str), roots=roots,
        bucket_keys=np.array(bucket_keys, dtype=np.int64), bucket_nodes=np.array(bucket_nodes, dtype=np.int64),
    )
    (cache.parent / OLD_FAMILIES_FILE).unlink(missing_ok=True)


def generic_families(family: tuple[str, ...], comment_vectors: np.ndarray) -> frozenset[str]:
    """Families used for unrelated comments (see the module docstring).

    Args:
        family: Family key of each precedent.
        comment_vectors: One L2-normalised vector per precedent's comment (same order).
    """
    count = len(family)
    if count < GENERIC_MIN_USES + 1 or not len(comment_vectors):
        return frozenset()
    members: dict[str, list[int]] = {}
    for position, key in enumerate(family):
        members.setdefault(key, []).append(position)
    rng = np.random.default_rng(0)
    sample = rng.choice(count, size=min(count, 400), replace=False)
    pairs = comment_vectors[sample] @ comment_vectors[sample].T
    upper = pairs[np.triu_indices(len(sample), 1)]
    mean, std = float(upper.mean()), float(upper.std()) or 1e-9
    generic = set()
    for key, positions in members.items():
        if len(positions) < GENERIC_MIN_USES:
            continue
        chosen = positions if len(positions) <= 200 else list(rng.choice(positions, size=200, replace=False))
        block = comment_vectors[chosen] @ comment_vectors[chosen].T
        cohesion = float(block[np.triu_indices(len(chosen), 1)].mean())
        if (cohesion - mean) / std < GENERIC_COHESION_Z:
            generic.add(key)
    return frozenset(generic)


@dataclass(frozen=True)
class CorpusView:
    """Precedents, documents and the units that get vectors, read once from a store.

    Attributes:
        generation: The store's generation when it was read.
        precedents: Every precedent, in the store's order (a precedent's position indexes every array).
        documents: Document id -> document.
        comment_units: Unit key of each precedent's comment (its topic when the comment is empty;
            query prompt, see :func:`comment_key`).
        paragraph_units: Unit keys of each precedent's answer paragraphs (document prompt).
        reference_units: Unit keys of the reference comments on unrelated topics (document prompt).
        unit_text: Unit key -> text, for every unit above.
        family: Family key of each precedent.
    """

    generation: int
    precedents: tuple[Precedent, ...]
    documents: Mapping[str, Document]
    comment_units: tuple[str, ...]
    paragraph_units: tuple[tuple[str, ...], ...]
    reference_units: tuple[str, ...]
    unit_text: Mapping[str, str]
    family: tuple[str, ...]

    @classmethod
    def from_store(cls, store: Store, families_cache: Path | None = None) -> CorpusView:
        """Read the corpus; ``families_cache`` keeps the answer families of an unchanged corpus (JSON)."""
        with store.reading():
            generation = store.generation
            precedents = store.precedents()
            documents = store.documents()
        unit_text: dict[str, str] = {}
        references = []
        for text in reference_texts():
            references.append(unit_key(text))
            unit_text[references[-1]] = text
        comments, paragraphs = [], []
        seen: dict[str, tuple[str, bool]] = {}  # text -> (unit key, anything left for the model); paragraphs repeat

        def unit(text: str) -> tuple[str, bool]:
            if text not in seen:
                form = model_text(text)
                seen[text] = (content_key(form), bool(form))
            return seen[text]

        for precedent in precedents:
            comment = precedent.comment or precedent.topic or ""
            key, filled = unit(comment)
            comments.append(QUERY_PREFIX + key)  # = comment_key(comment)
            if filled:
                unit_text[QUERY_PREFIX + key] = comment
            keys = []
            for text in precedent.paragraphs:
                key, filled = unit(text)
                keys.append(key)
                if filled:
                    unit_text[key] = text
            paragraphs.append(tuple(keys))
        family = cached_answer_families(precedents, float(settings.get("answer_similarity")), families_cache)
        return cls(
            generation=generation,
            precedents=tuple(precedents),
            documents=MappingProxyType({doc.id: doc for doc in documents}),
            comment_units=tuple(comments),
            paragraph_units=tuple(paragraphs),
            reference_units=tuple(references),
            unit_text=MappingProxyType(unit_text),
            family=family,
        )
