"""Answer families kept on disk: read back when unchanged, grouped incrementally when answers are added."""

from __future__ import annotations

import random

import numpy as np
import pytest

import retrieval.corpus as corpus
from assistant.ingest import ingest
from assistant.models import Precedent
from assistant.templates import LinkIndex
from retrieval.corpus import FAMILIES_FILE, OLD_FAMILIES_FILE, CorpusView, answer_families, cached_answer_families


@pytest.fixture()
def linked(monkeypatch) -> list[int]:
    """How many new answers each grouping compared with their candidates."""
    counts: list[int] = []
    link = LinkIndex.link

    def counting(self, texts, keys):
        counts.append(len(texts))
        return link(self, texts, keys)

    monkeypatch.setattr(LinkIndex, "link", counting)
    return counts


def precedent(number: int, answer: str, templates: tuple[str, ...] = ()) -> Precedent:
    return Precedent(f"p{number}", "d", number, str(number), None, "c", answer, (answer,), templates, "c", answer)


def test_the_seeds_read_back_added_answers_linked_alone_a_removed_one_regroups(seeded, tmp_path, linked) -> None:
    cache = tmp_path / "index" / FAMILIES_FILE
    plain = CorpusView.from_store(seeded)
    distinct = len({p.answer_norm for p in plain.precedents if p.answer_norm})
    first = CorpusView.from_store(seeded, cache)
    again = CorpusView.from_store(seeded, cache)
    assert first.family == again.family == plain.family
    assert len(set(plain.family)) == 50  # 54 precedents, four pairs sharing an answer
    assert linked == [distinct, distinct]  # plain and first grouped everything; the third read the file
    with np.load(cache, allow_pickle=False) as data:
        assert int(data["format"]) == 2 and data["family"].tolist() == list(plain.family)
        assert len(data["text_keys"]) == distinct and len(data["bucket_keys"]) == len(data["bucket_nodes"]) > 0

    extra = tmp_path / "extra.csv"
    extra.write_text("No.,ご意見,本市の考え方,件名\n1,除雪を早くしてほしい。,除雪体制を見直します。,除雪計画\n"
                     "2,歩道の除雪も。,除雪体制を見直します。,除雪計画\n", encoding="utf-8")
    ingest([extra], seeded)
    del linked[:]  # the store groups the new paragraphs into its templates
    grown = CorpusView.from_store(seeded, cache)
    assert linked[:1] == [1]  # the one new answer only (the second view, without the file, groups everything)
    assert grown.family == CorpusView.from_store(seeded).family and len(grown.family) == 56
    new = [i for i, p in enumerate(grown.precedents) if p.answer == "除雪体制を見直します。"]
    assert len(new) == 2 and grown.family[new[0]] == grown.family[new[1]] == grown.precedents[new[0]].id

    document = grown.precedents[new[0]].document_id
    seeded.delete_document(document)
    del linked[:]  # the store's templates
    assert CorpusView.from_store(seeded, cache).family == plain.family
    assert linked == [distinct]  # an answer gone: grouped again from the start


def test_a_damaged_or_foreign_file_is_grouped_again(seeded, tmp_path, linked, monkeypatch) -> None:
    cache = tmp_path / FAMILIES_FILE
    old = tmp_path / OLD_FAMILIES_FILE
    old.write_text('{"format": 1, "answers": "x", "family": []}', encoding="utf-8")
    expected = CorpusView.from_store(seeded, cache).family
    assert not old.exists()  # the first form of the cache is removed
    for damage in (b"not a zip file", b""):
        cache.write_bytes(damage)
        assert CorpusView.from_store(seeded, cache).family == expected
    with np.load(cache, allow_pickle=False) as data:
        saved = {name: data[name] for name in data.files}
    saved["roots"][:2] = [1, 0]  # a cycle: following it would never end
    saved["answers"] = np.array("another corpus")
    with open(cache, "wb") as handle:
        np.savez(handle, **saved)
    assert CorpusView.from_store(seeded, cache).family == expected
    assert len(set(linked)) == 1 and len(linked) == 4
    monkeypatch.setattr(corpus.settings, "get", lambda name, _get=corpus.settings.get:
                        0.5 if name == "answer_similarity" else _get(name))
    CorpusView.from_store(seeded, cache)  # another similarity: grouped again
    assert len(linked) == 5


def test_growing_a_corpus_in_steps_gives_the_families_of_grouping_it_at_once(tmp_path) -> None:
    rng = random.Random(7)
    words = "除雪 道路 公園 保育 子育て 交通 バス 図書館 防災 避難 ごみ 分別 環境 景観 税 福祉".split()
    bases = ["、".join(rng.sample(words, 6)) + "について検討します。" for _ in range(40)]
    answers = []
    for _ in range(400):
        text = list(rng.choice(bases))
        for _ in range(rng.choice((0, 0, 1, 2, 8))):  # copies, near copies and different answers
            text[rng.randrange(len(text))] = rng.choice("あいうえおかきくけこ")
        answers.append("".join(text))
    precedents = [precedent(i, a, (f"t{i % 7}",) if i % 50 == 0 else ()) for i, a in enumerate(answers)]
    cache = tmp_path / FAMILIES_FILE
    for end in (100, 101, 250, 400, 400):
        assert cached_answer_families(precedents[:end], 0.9, cache) == answer_families(precedents[:end], 0.9)
    assert 40 < len(set(answer_families(precedents, 0.9))) < 400


# --- answers alike that say the opposite ------------------------------------------------------
GOMI = "家庭ごみの有料化については、ごみの減量とリサイクルの推進を目的として、市民の皆様のご理解を得ながら検討を進めております。"
GOMI_ANSWERS = ("有料化は令和7年4月から実施します。", "有料化は令和7年4月から実施しません。",
                "有料化は令和7年4月から実施します（計画12ページ）。", "有料化は令和7年4月から実施します（計画13ページ）。")


def gomi_document():
    from assistant.models import DocumentMeta, ParsedDocument, ParsedItem

    items = tuple(ParsedItem(str(n), f"ごみ袋の有料化はいつから始まるのか（{n}）。", (GOMI, answer))
                  for n, answer in enumerate(GOMI_ANSWERS, start=1))
    return ParsedDocument(DocumentMeta(title="ごみ計画", kind="table"), items, source="gomi.csv", source_sha256="gomi")


def test_answers_that_say_the_opposite_are_two_templates_and_two_cards(store, tmp_path) -> None:
    store.write_document(gomi_document(), template_similarity=0.8)
    view = CorpusView.from_store(store, tmp_path / FAMILIES_FILE)
    done, not_done, page12, page13 = view.precedents
    assert done.template_ids[0] == not_done.template_ids[0] == page12.template_ids[0] == page13.template_ids[0]
    assert done.template_ids[1] == page12.template_ids[1] == page13.template_ids[1] != not_done.template_ids[1]
    assert sorted((t.text, t.n_precedents) for t in store.templates()) == [
        (GOMI, 4), (GOMI_ANSWERS[0], 3), (GOMI_ANSWERS[1], 1)]
    # One card for the answer and its page citations, another for the answer that says the opposite.
    assert view.family == (done.id, not_done.id, done.id, done.id)
    assert answer_families(list(view.precedents), 0.5) == view.family  # however loose the similarity


def test_templates_grouped_before_the_opposites_were_kept_apart_are_grouped_again_by_prepare_or_the_next_write(
        tmp_path, monkeypatch) -> None:
    import assistant.store as store_module
    import assistant.templates as templates
    from assistant.prepare import prepare
    from assistant.store import Store
    from tests.fakes import FakeEncoder

    old_scheme = f"minhash-bigram-{templates.BANDS}x{templates.ROWS}-b{templates.BUCKET_SIZE}-k{templates.TOP_CANDIDATES}"
    path, cache = tmp_path / "old.sqlite3", tmp_path / "index" / FAMILIES_FILE
    with monkeypatch.context() as old:  # as the code before the check grouped: similarity alone, under the old scheme
        for module in (store_module, corpus):
            old.setattr(module, "SCHEME", old_scheme)
            old.setattr(module, "same_stance", lambda a, b: True)
        with Store(path) as before:
            before.write_document(gomi_document(), template_similarity=0.8)
            assert before.get_meta("template_grouping") == f"{old_scheme}@0.8"
            assert len(before.templates()) == 2 and len(set(CorpusView.from_store(before, cache).family)) == 1
            generation = before.generation
    with Store(path) as after:  # opening writes nothing: a read-only command beside the app is never held up
        assert after.generation == generation and after.templates_outdated()
        assert len(after.templates()) == 2
        view = CorpusView.from_store(after, cache)  # the families file is made again at once
        assert len(set(view.family)) == 1  # answers of the same (old) templates are one family until then
        with np.load(cache, allow_pickle=False) as data:
            assert str(data["scheme"]) == templates.SCHEME
    monkeypatch.setenv("ZENREI_DB_PATH", str(path))
    monkeypatch.setenv("ZENREI_INDEX_DIR", str(tmp_path / "index"))
    said: list[str] = []
    with Store(path) as app_store:  # the set-up step (scripts/app.sh runs it before the app starts)
        prepare(app_store, say=said.append, encoder=FakeEncoder())
        assert said[:2] == ["回答のテンプレートを新しい方法でまとめ直しています（前例が多いと数分かかります）…",
                            "回答のテンプレートをまとめ直しました（3 件）。"]
        assert not app_store.templates_outdated() and app_store.generation > generation
        assert sorted((t.text, t.n_precedents) for t in app_store.templates()) == [
            (GOMI, 4), (GOMI_ANSWERS[0], 3), (GOMI_ANSWERS[1], 1)]
        view = CorpusView.from_store(app_store, cache)
        done, not_done = view.precedents[:2]
        assert view.family == (done.id, not_done.id, done.id, done.id)


def test_the_next_write_groups_outdated_templates_again(tmp_path, monkeypatch) -> None:
    import assistant.store as store_module
    from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
    from assistant.store import Store

    path = tmp_path / "old.sqlite3"
    with monkeypatch.context() as old:
        old.setattr(store_module, "SCHEME", "minhash-bigram-16x2-b32-k16")
        old.setattr(store_module, "same_stance", lambda a, b: True)
        with Store(path) as before:
            before.write_document(gomi_document(), template_similarity=0.8)
    with Store(path) as after:
        assert after.templates_outdated(0.8) and len(after.templates()) == 2
        other = ParsedDocument(DocumentMeta(title="除雪計画", kind="table"),
                               (ParsedItem("1", "除雪を増やして。", ("除雪の回数は現行どおりとします。",)),),
                               source="snow.csv", source_sha256="snow")
        after.write_document(other, template_similarity=0.8)
        assert not after.templates_outdated(0.8)
        assert sorted((t.text, t.n_precedents) for t in after.templates()) == [
            (GOMI, 4), (GOMI_ANSWERS[0], 3), (GOMI_ANSWERS[1], 1), ("除雪の回数は現行どおりとします。", 1)]


def test_answers_alike_two_that_say_the_opposite_are_not_one_card_through_the_third(tmp_path) -> None:
    """Single linkage made 「…強化して…」 and 「…緩和して…」 one card through 「…検討して…」, compatible with both,
    grouped at once or added later (the families file restores which answers a group is checked by)."""
    snow = "除雪体制については、地域の実情を踏まえながら、関係部局と連携して{}してまいります。"
    precedents = [precedent(n, snow.format(word)) for n, word in enumerate(("検討", "強化", "緩和"), start=1)]
    assert answer_families(precedents, 0.8) == ("p1", "p1", "p3")
    cache = tmp_path / FAMILIES_FILE
    assert cached_answer_families(precedents[:2], 0.8, cache) == ("p1", "p1")
    assert cached_answer_families(precedents, 0.8, cache) == ("p1", "p1", "p3")  # 緩和 checked against 強化 too
    more = precedents + [precedent(4, snow.format("緩和") + "（12ページ）"), precedent(5, snow.format("強化") + "（13ページ）")]
    assert cached_answer_families(more, 0.8, cache) == answer_families(more, 0.8) == ("p1", "p1", "p3", "p3", "p1")


def test_a_family_of_many_answers_is_checked_by_the_one_that_could_turn_it_round_too() -> None:
    """Second reading: 8 answers of 「…検討して…」, then 「…強化して…」 joined, and 「…緩和して…」 joined too, checked
    against the first 8 answers only."""
    snow = "除雪体制については、地域の実情を踏まえながら、関係部局と連携して{}してまいります。"
    answers = [snow.format("検討") + f"（計画{page}ページ）" for page in range(10, 18)]
    answers += [snow.format("強化") + "（計画10ページ）", snow.format("緩和") + "（計画10ページ）"]
    precedents = [precedent(n, answer) for n, answer in enumerate(answers, start=1)]
    assert answer_families(precedents, 0.8) == ("p1",) * 9 + ("p10",)
