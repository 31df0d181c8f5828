"""Shared retriever, immutable snapshots: concurrent searches while the corpus changes."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from assistant.ingest import ingest
from assistant.store import Store
from retrieval import build_index
from retrieval.corpus import CorpusView
from retrieval.features import dense, scored, unit_scores
from retrieval.search import search_point
from retrieval.sync import sync_lexical
from tests.conftest import SEEDS
from tests.fakes import FakeEncoder


def test_two_sessions_search_while_a_third_ingests(tmp_path) -> None:
    store = Store(tmp_path / "shared.sqlite3")
    ingest([SEEDS["000"]], store)
    retriever = build_index(store, FakeEncoder(), index_dir=tmp_path / "index", auto_calibrate=False)
    states = {store.generation: {p.id for p in store.precedents()}}
    results, errors = [], []
    done = threading.Event()

    def session(query: str) -> None:
        try:
            while not done.is_set():
                results.append(retriever.search(query, k=10))
        except Exception as error:  # noqa: BLE001 - any error fails the test below
            errors.append(error)

    def ingesting() -> None:
        try:
            for seed in ("001", "003", "004"):
                ingest([SEEDS[seed]], store)
                states[store.generation] = {p.id for p in store.precedents()}
                retriever.refresh()
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            done.set()

    threads = [threading.Thread(target=session, args=(q,)) for q in ("マイナンバーカードは任意か", "データ消去の方法")]
    threads.append(threading.Thread(target=ingesting))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert len({result.generation for result in results}) >= 2  # the sessions saw the corpus change
    known = sorted(states)
    for result in results:
        # The ids present at the first recorded state at or after the result's generation (writes
        # between two records only regroup templates, they add no precedent).
        ids = states[next(g for g in known if g >= result.generation)]
        sources = {s.precedent_id for p in result.points for card in p.results for s in card.sources}
        assert sources <= ids
    assert retriever.current().generation == store.generation
    assert len(retriever.current().view.precedents) == 35
    store.close()


def test_refresh_builds_a_new_snapshot_and_leaves_the_old_one_as_it_was(seeded, tmp_path) -> None:
    retriever = build_index(seeded, FakeEncoder(), index_dir=tmp_path / "index", auto_calibrate=False)
    old = retriever.current()
    count, rows = len(old.view.precedents), len(old.vectors.keys)
    seeded.delete_document(seeded.documents()[0].id)
    retriever.refresh()
    new = retriever.current()
    assert new is not old
    assert (len(old.view.precedents), len(old.vectors.keys)) == (count, rows)
    assert len(new.view.precedents) < count
    with pytest.raises(ValueError):
        old.vectors.vectors[0, 0] = 1.0
    with pytest.raises(TypeError):
        old.view.documents["x"] = None  # type: ignore[index]
    encoder = FakeEncoder()
    point = search_point(old, "任意か", retriever.tokenizer("任意か"), encoder.encode_queries(["任意か"]))
    assert all(s.precedent_id in old.position for card in point.results for s in card.sources)


def test_the_token_cache_belongs_to_its_tokenizer(seeded, tmp_path) -> None:
    from assistant.tokenizer import JapaneseTokenizer

    view = CorpusView.from_store(seeded)
    _, fresh = sync_lexical(view, JapaneseTokenizer(), tmp_path)
    _, again = sync_lexical(view, JapaneseTokenizer(), tmp_path)
    assert (fresh, again) == (True, False)

    class Other(JapaneseTokenizer):
        identity = "other-tokenizer-v1"

    lexical, retokenized = sync_lexical(view, Other(), tmp_path)
    assert retokenized is True
    assert len(lexical.ids) == 54
    assert np.isfinite(lexical.scores(["個人"])).all()


def test_the_fixed_block_scores_the_background_and_reference_texts_like_a_search_of_them(seeded, tmp_path) -> None:
    snap = build_index(seeded, FakeEncoder(), index_dir=tmp_path / "index", auto_calibrate=False).current()
    queries = FakeEncoder().encode_queries(["除雪の回数を増やしてほしい", "個人情報の扱いが心配です"])
    fixed = np.full(len(snap.lookups.unit_id), -1.0, dtype=np.float32)
    snap.fixed.score_into(queries, fixed)
    searched = np.full_like(fixed, -1.0)
    comment, answer = dense(snap, snap.background, queries, searched)
    fixed_comment, fixed_answer = scored(snap, snap.background, fixed)
    assert np.array_equal(comment, fixed_comment) and np.array_equal(answer, fixed_answer)
    reference = np.full_like(fixed, -1.0)
    unit_scores(snap, snap.lookups.reference_uid, queries, reference)
    assert np.array_equal(reference[snap.lookups.reference_uid], fixed[snap.lookups.reference_uid])
    assert not snap.fixed.matrix.flags.writeable


def test_the_owners_of_vector_rows_are_the_precedents_that_hold_their_units(seeded, tmp_path) -> None:
    snap = build_index(seeded, FakeEncoder(), index_dir=tmp_path / "index", auto_calibrate=False).current()
    view, keys = snap.view, snap.vectors.keys
    holds = [{view.comment_units[p], *view.paragraph_units[p]} for p in range(len(view.precedents))]
    for rows in ([0], [len(keys) - 1], list(range(0, len(keys), 7)), []):
        expected = sorted({p for row in rows for p, units in enumerate(holds) if keys[row] in units})
        assert snap.lookups.owners_of_rows(np.array(rows, dtype=np.int64)).tolist() == expected
    shared = [key for key in set(keys) if sum(key in units for units in holds) > 1]
    assert shared  # the seeds repeat answer paragraphs: a row can belong to several precedents


def test_the_ranking_lookups_follow_precedent_ids_and_family_names(seeded, tmp_path) -> None:
    snap = build_index(seeded, FakeEncoder(), index_dir=tmp_path / "index", auto_calibrate=False).current()
    ids = [p.id for p in snap.view.precedents]
    assert [ids[p] for p in np.argsort(snap.id_rank)] == sorted(ids)
    assert list(snap.family_keys) == sorted(set(snap.view.family))
    assert [snap.family_keys[c] for c in snap.family_code] == list(snap.view.family)
    assert not snap.id_rank.flags.writeable and not snap.family_code.flags.writeable


def test_comment_means_are_each_comments_normalised_window_mean_and_zero_without_vectors(seeded, tmp_path) -> None:
    snap = build_index(seeded, FakeEncoder(window_chars=40), index_dir=tmp_path / "index", auto_calibrate=False).current()
    lookups, vectors = snap.lookups, snap.vectors.vectors
    expected = np.zeros((len(snap.view.precedents), vectors.shape[1]), np.float32)
    windows = []
    for position, uid in enumerate(lookups.comment_uid):
        rows = lookups.unit_rows[lookups.unit_ptr[uid]:lookups.unit_ptr[uid + 1]]
        windows.append(len(rows))
        if len(rows):
            mean = vectors[rows].mean(axis=0)
            expected[position] = mean / np.linalg.norm(mean)
    assert max(windows) > 1  # long comments have several windows: the mean is over them
    means = lookups.comment_means(vectors)
    assert np.allclose(means, expected, atol=1e-6)
    assert np.array_equal(lookups.comment_means(vectors, chunk=3), means)  # the chunks change nothing
    empty = np.flatnonzero(np.array(windows) == 0)
    assert (means[empty] == 0).all()
