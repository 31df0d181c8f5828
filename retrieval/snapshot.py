"""An immutable snapshot: everything one search needs, built once per corpus generation.

A :class:`Snapshot` holds the corpus view, the vector and BM25 indexes, integer lookups from
precedents to vector rows, and the calibration. Its arrays are read-only. A changed corpus gives a
new snapshot; a search that started on the old one finishes on it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from types import MappingProxyType
from collections.abc import Mapping

import numpy as np

from assistant.models import Precedent
from assistant.textnorm import format_period
from embeddings.index import VectorIndex
from retrieval.scoring import Calibration
from retrieval.corpus import CorpusView, generic_families
from retrieval.lexical import LexicalIndex
from retrieval.results import Source

BACKGROUND = 256


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array)
    array.setflags(write=False)
    return array


def _csr(groups: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """CSR arrays of the indices of ``groups`` by group: group ``g``'s are ``items[ptr[g]:ptr[g + 1]]``,
    ascending (indices of negative groups come first and belong to none)."""
    order = np.argsort(groups, kind="stable")
    ptr = np.searchsorted(groups[order], np.arange(count + 1))
    return _frozen(ptr.astype(np.int64)), _frozen(order.astype(np.int64))


def csr_spans(ptr: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Indices ``ptr[p]..ptr[p + 1] - 1`` of every position ``p`` in turn (a CSR gather)."""
    starts, lengths = ptr[positions], ptr[positions + 1] - ptr[positions]
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(lengths) else np.zeros(0, np.int64)
    return (np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))).astype(np.int64)


@dataclass(frozen=True)
class Lookups:
    """Integer lookups from precedents and units to vector rows (CSR arrays, read-only).

    Attributes:
        unit_id: Unit key -> integer unit id.
        unit_ptr: Rows of unit ``u`` are ``unit_rows[unit_ptr[u]:unit_ptr[u + 1]]``.
        unit_rows: Vector rows ordered by unit id.
        comment_uid: Unit id of each precedent's comment.
        para_ptr: Paragraph unit ids of precedent ``i`` are ``para_uids[para_ptr[i]:para_ptr[i + 1]]``.
        para_uids: Paragraph unit ids, precedent after precedent.
        reference_uid: Unit ids of the reference texts on unrelated topics.
        row_unit: Unit id of each vector row (-1 for a row of no unit in the view).
        owner_ptr: Positions of the precedents that contain unit ``u`` are
            ``owner_pos[owner_ptr[u]:owner_ptr[u + 1]]``.
        owner_pos: Precedent positions, unit after unit.
    """

    unit_id: Mapping[str, int]
    unit_ptr: np.ndarray
    unit_rows: np.ndarray
    comment_uid: np.ndarray
    para_ptr: np.ndarray
    para_uids: np.ndarray
    reference_uid: np.ndarray
    row_unit: np.ndarray
    owner_ptr: np.ndarray
    owner_pos: np.ndarray

    @classmethod
    def build(cls, view: CorpusView, vectors: VectorIndex) -> Lookups:
        unit_id = {key: uid for uid, key in enumerate(view.unit_text)}
        # A comment or paragraph with nothing left for the model (an answer-only row: its comment is empty) has
        # no text to embed; it still gets a unit, with no vector rows, so that it scores 0 (it raised KeyError).
        for key in (*view.comment_units, *(k for keys in view.paragraph_units for k in keys)):
            unit_id.setdefault(key, len(unit_id))
        row_unit = _frozen(np.array([unit_id.get(key, -1) for key in vectors.keys], dtype=np.int64))
        unit_ptr, unit_rows = _csr(row_unit, len(unit_id))
        counts = np.array([len(keys) for keys in view.paragraph_units], dtype=np.int64)
        comment_uid = np.array([unit_id[k] for k in view.comment_units], dtype=np.int64)
        para_uids = np.array([unit_id[k] for keys in view.paragraph_units for k in keys], dtype=np.int64)
        positions = np.arange(len(counts), dtype=np.int64)
        owner_ptr, order = _csr(np.concatenate([comment_uid, para_uids]), len(unit_id))
        return cls(
            unit_id=MappingProxyType(unit_id),
            unit_ptr=unit_ptr,
            unit_rows=unit_rows,
            comment_uid=_frozen(comment_uid),
            para_ptr=_frozen(np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)),
            para_uids=_frozen(para_uids),
            reference_uid=_frozen(np.array([unit_id[k] for k in view.reference_units], dtype=np.int64)),
            row_unit=row_unit,
            owner_ptr=owner_ptr,
            owner_pos=_frozen(np.concatenate([positions, np.repeat(positions, counts)])[order]),
        )

    def owners_of_rows(self, rows: np.ndarray) -> np.ndarray:
        """Positions of the precedents that contain any of these vector rows' units, ascending, once each."""
        units = self.row_unit[rows]
        units = units[units >= 0]
        return np.unique(self.owner_pos[csr_spans(self.owner_ptr, units)])

    def first_vector(self, vectors: VectorIndex, key: str) -> np.ndarray | None:
        """The vector of a unit's first window, or None when the unit is not indexed."""
        uid = self.unit_id.get(key)
        if uid is None or self.unit_ptr[uid] == self.unit_ptr[uid + 1]:
            return None
        return vectors.vectors[self.unit_rows[self.unit_ptr[uid]]]

    def comment_means(self, vectors: np.ndarray, chunk: int = 8192) -> np.ndarray:
        """The normalised mean of each precedent's comment windows, one row per precedent (zeros where
        the comment has no vector), computed ``chunk`` precedents at a time to bound the copies."""
        out = np.zeros((len(self.comment_uid), vectors.shape[1] if vectors.ndim == 2 else 1), np.float32)
        for start in range(0, len(self.comment_uid), chunk):
            uids = self.comment_uid[start:start + chunk]
            lengths = self.unit_ptr[uids + 1] - self.unit_ptr[uids]
            has = np.flatnonzero(lengths > 0)
            if not len(has):
                continue
            rows = self.unit_rows[csr_spans(self.unit_ptr, uids[has])]
            counts = lengths[has]
            means = np.add.reduceat(vectors[rows], np.cumsum(counts) - counts, axis=0) / counts[:, None].astype(np.float32)
            norms = np.sqrt(np.einsum("ij,ij->i", means, means))
            out[start + has] = means / np.maximum(norms, np.float32(1e-12))[:, None]
        return out


@dataclass(frozen=True)
class UnitBlock:
    """The window vectors of a set of units copied into one matrix, so they are scored in one product.

    Attributes:
        uids: Unit ids that have at least one vector row, ascending.
        offsets: Where each unit's rows start in ``matrix``.
        matrix: The units' rows, unit after unit (read-only).
    """

    uids: np.ndarray
    offsets: np.ndarray
    matrix: np.ndarray

    @classmethod
    def build(cls, lookups: Lookups, vectors: np.ndarray, uids: np.ndarray) -> UnitBlock:
        uids = np.unique(uids[uids >= 0])
        uids = uids[lookups.unit_ptr[uids + 1] > lookups.unit_ptr[uids]]  # units with at least one row
        lengths = lookups.unit_ptr[uids + 1] - lookups.unit_ptr[uids]
        offsets = (np.cumsum(lengths) - lengths).astype(np.int64)
        rows = lookups.unit_rows[csr_spans(lookups.unit_ptr, uids)]
        return cls(_frozen(uids), _frozen(offsets), _frozen(vectors[rows].reshape(len(rows), vectors.shape[1])))

    def score_into(self, queries: np.ndarray, into: np.ndarray) -> None:
        """Write into ``into[uid]`` the best similarity of each unit's windows to any query window."""
        if len(self.uids):
            sims = (self.matrix @ queries.T).max(axis=1)
            into[self.uids] = np.maximum.reduceat(sims, self.offsets)


@dataclass(frozen=True)
class Snapshot:
    """Everything one search needs, for one corpus generation. Never modified once built.

    Attributes:
        view: Precedents, documents, units and answer families.
        vectors: The vector index of every unit (its arrays are not written after the build): comments
            with the query prompt, as a new comment is; answer paragraphs with the document prompt.
        lexical: BM25 over every precedent.
        lookups: Integer lookups from precedents to vector rows.
        calibration: Ranking weights and the calibrated probability model.
        background: Positions of a fixed random sample of precedents (the similarity baseline).
        fixed: The vectors of the background's comments and answer paragraphs and of the reference
            texts, scored for every point (kept together so that costs one matrix product).
        generic: Families used for unrelated comments (never learnt from as precedents).
        encoder_identity: The encoder whose vectors the index holds.
        tokenizer_identity: The tokenizer whose tokens BM25 holds.
        position: Precedent id -> position.
        members: Family -> its precedents' positions.
        id_rank: Each position's place in the order of precedent ids (ties in a ranking go by id).
        family_keys: The families, sorted.
        family_code: Each position's family as an index into ``family_keys``.
    """

    view: CorpusView
    vectors: VectorIndex
    lexical: LexicalIndex
    lookups: Lookups
    calibration: Calibration
    background: np.ndarray
    fixed: UnitBlock
    generic: frozenset[str]
    encoder_identity: str
    tokenizer_identity: str
    position: Mapping[str, int] = field(default_factory=dict)
    members: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    id_rank: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    family_keys: tuple[str, ...] = ()
    family_code: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    @classmethod
    def build(
        cls,
        view: CorpusView,
        vectors: VectorIndex,
        lexical: LexicalIndex,
        calibration: Calibration,
        encoder_identity: str,
        tokenizer_identity: str,
    ) -> Snapshot:
        lookups = Lookups.build(view, vectors)
        vectors.freeze()
        count = len(view.precedents)
        background = np.array(sorted(random.Random(0).sample(range(count), min(BACKGROUND, count))), dtype=np.int64)
        members: dict[str, list[int]] = {}
        for position, key in enumerate(view.family):
            members.setdefault(key, []).append(position)
        by_id = sorted(range(count), key=lambda position: view.precedents[position].id)
        id_rank = np.zeros(count, np.int64)
        id_rank[by_id] = np.arange(count)
        family_keys = sorted(members)
        code_of = {key: code for code, key in enumerate(family_keys)}
        comment_vectors = lookups.comment_means(vectors.vectors)
        return cls(
            view=view,
            vectors=vectors,
            lexical=lexical,
            lookups=lookups,
            calibration=calibration,
            background=_frozen(background),
            fixed=UnitBlock.build(lookups, vectors.vectors, np.concatenate([
                lookups.comment_uid[background], lookups.para_uids[csr_spans(lookups.para_ptr, background)],
                lookups.reference_uid])),
            generic=generic_families(view.family, comment_vectors),
            encoder_identity=encoder_identity,
            tokenizer_identity=tokenizer_identity,
            position=MappingProxyType({p.id: i for i, p in enumerate(view.precedents)}),
            members=MappingProxyType({key: tuple(positions) for key, positions in members.items()}),
            id_rank=_frozen(id_rank),
            family_keys=tuple(family_keys),
            family_code=_frozen(np.array([code_of[key] for key in view.family], dtype=np.int64)),
        )

    def with_calibration(self, calibration: Calibration) -> Snapshot:
        """The same snapshot with another calibration (a new object; this one is unchanged)."""
        from dataclasses import replace

        return replace(self, calibration=calibration)

    # --- public lookups -------------------------------------------------------------------------
    @property
    def generation(self) -> int:
        return self.view.generation

    def precedent(self, precedent_id: str) -> Precedent:
        """The precedent with this id.

        Raises:
            KeyError: If the snapshot holds no such precedent.
        """
        return self.view.precedents[self.position[precedent_id]]

    def family_of(self, precedent_id: str) -> str:
        return self.view.family[self.position[precedent_id]]

    def family_members(self, family: str) -> tuple[Precedent, ...]:
        return tuple(self.view.precedents[i] for i in self.members.get(family, ()))

    def source(self, precedent: Precedent) -> Source:
        """Where a precedent was published, for display."""
        document = self.view.documents[precedent.document_id]
        return Source(
            precedent_id=precedent.id,
            document_id=document.id,
            document=document.title,
            no=precedent.no,
            period=format_period(document.period_start, document.period_end),
            period_start=document.period_start,
            topic=precedent.topic,
            comment=precedent.comment,
            answer=precedent.answer,
            location=precedent.location or None,
        )
