"""Self-calibration on the corpus's own pairs (fake encoder; the real model is in test_real_model.py)."""

from __future__ import annotations

import csv
import json
from dataclasses import replace

import pytest

from assistant.ingest import ingest
from assistant.store import Store
from retrieval import Calibration, build_index
from retrieval.calibration import calibrate, corpus_queries, labelled_queries, needs_refit
from retrieval.labels import LabelledQuery
from retrieval.report import calibration_summary
from retrieval.scoring import RANK_FEATURES
from tests.fakes import FakeEncoder

TOPICS = {
    "除雪": ("除雪の回数を増やしてほしい", "除雪は降雪量に応じて出動基準を定めて実施しています。"),
    "図書館": ("図書館の開館時間を延ばしてほしい", "図書館の開館時間は利用状況を踏まえて検討します。"),
    "公園": ("公園の遊具を新しくしてほしい", "公園の遊具は点検結果に基づき順次更新しています。"),
    "ごみ": ("ごみの収集日を増やしてほしい", "ごみの収集日は地域ごとの排出量を踏まえて定めています。"),
    "バス": ("バスの本数を増やしてほしい", "バス路線の運行本数は事業者と協議しています。"),
    "保育": ("保育園の定員を増やしてほしい", "保育園の定員は待機児童の状況を見て拡大しています。"),
    "道路": ("道路の穴を直してほしい", "道路の補修はパトロールで把握し順次行っています。"),
    "防災": ("避難所の備蓄を増やしてほしい", "避難所の備蓄品は計画的に更新しています。"),
}
WAYS = ("{}。", "ぜひ{}と思います。", "以前から{}と考えています。", "{}というのが市民の願いです。")
LONE = [
    ("美術館の企画展を増やしてほしい。", "美術館では年に四回の企画展を開催しており、来年度も充実を図ります。"),
    ("水道料金が高い。", "水道料金は施設の維持管理費用を基に算定しています。"),
    ("税の納付をスマホでしたい。", "市税はスマートフォン決済アプリで納付できます。"),
    ("墓地の区画を増やしてほしい。", "市営霊園の区画は需要調査の結果を見て整備します。"),
    ("投票所が遠い。", "投票所の配置は有権者数と距離を考慮して見直しています。"),
    ("観光案内板を多言語にしてほしい。", "案内板の英語・中国語・韓国語表記を進めています。"),
    ("農業の補助金を知りたい。", "新規就農者向けの支援制度をホームページで案内しています。"),
    ("漁港の整備を急いでほしい。", "漁港の岸壁改修は国の交付金を活用して進めます。"),
    ("消防訓練に参加したい。", "町内会単位の防火訓練に消防署員を派遣しています。"),
    ("市営住宅の家賃を下げてほしい。", "市営住宅の家賃は法令に基づき収入に応じて決まります。"),
]


def write_corpus(path, title="市政への意見募集", extra: list[tuple[str, str]] = ()) -> None:
    rows = [(way.format(comment), answer) for comment, answer in TOPICS.values() for way in WAYS] + LONE + list(extra)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["No.", "ご意見", "本市の考え方", "件名"])
        writer.writerows([(i, comment, answer, title) for i, (comment, answer) in enumerate(rows, start=1)])


@pytest.fixture
def city(tmp_path):
    path = tmp_path / "city.csv"
    write_corpus(path)
    store = Store(tmp_path / "city.sqlite3")
    ingest([path], store)
    yield store
    store.close()


def test_a_corpus_calibrates_itself_on_its_own_pairs(city, tmp_path) -> None:
    retriever = build_index(city, FakeEncoder(), index_dir=tmp_path / "index")
    calibration = retriever.calibration
    fitted = calibration.fitted
    assert retriever.report.calibrated is True
    assert (fitted["source"], fitted["precedents"], fitted["queries"]) == ("corpus", 42, 34)
    assert (fitted["with_precedent"], fitted["without_precedent"]) == (24, 10)  # at most 3 comments per answer
    assert (fitted["hand_written"], fitted["hand_written_file"]) == (0, None)  # the seeds' queries do not fit this corpus
    assert fitted["bm25"] == {"k1": 1.5, "b": 0.75, "delta": 0.5, "method": "lucene"}
    hybrid = fitted["modes"]["hybrid"]
    assert hybrid["recall@1"] >= 0.9 and hybrid["mrr"] >= 0.9
    assert hybrid["probability_fitted"] is True
    assert sum(row["n"] for row in hybrid["reliability"]) > 0
    assert calibration.modes["hybrid"].rank_features == RANK_FEATURES["hybrid"]
    saved = json.loads((tmp_path / "index" / "calibration.json").read_text(encoding="utf-8"))
    assert saved["encoder"] == "fake-bigram-v1" and len(saved["precedent_ids"]) == 42


def test_the_fit_is_reused_after_a_restart(city, tmp_path) -> None:
    build_index(city, FakeEncoder(), index_dir=tmp_path / "index")
    again = build_index(city, FakeEncoder(), index_dir=tmp_path / "index")
    assert again.report.calibrated is False
    assert again.calibration.fitted["source"] == "corpus"


def test_a_changed_corpus_triggers_a_new_fit_and_a_small_change_does_not(city, tmp_path) -> None:
    retriever = build_index(city, FakeEncoder(), index_dir=tmp_path / "index")
    first = retriever.calibration.fitted["fitted_at"], retriever.calibration.precedent_ids
    small = tmp_path / "small.csv"
    with open(small, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["No.", "ご意見", "本市の考え方", "件名"], [1, "花火大会を続けてほしい。", "継続します。", "花火"]])
    ingest([small], city)
    assert retriever.refresh().calibrated is False
    assert retriever.calibration.precedent_ids == first[1]
    more = tmp_path / "more.csv"
    write_corpus(more, title="翌年度の意見募集")
    ingest([more], city)
    report = retriever.refresh()
    assert report.calibrated is True
    assert len(retriever.calibration.precedent_ids) == 42 + 1 + 42
    assert retriever.calibration.fitted["with_precedent"] == 24 + 20  # the ten lone answers now have a mate each


def test_needs_refit_follows_the_encoder_and_the_size_of_the_change(city, tmp_path) -> None:
    retriever = build_index(city, FakeEncoder(), index_dir=tmp_path / "index", auto_calibrate=False)
    snap = retriever.current()
    assert needs_refit(None, snap) is True
    assert needs_refit(Calibration.default(), snap) is True
    ids = tuple(p.id for p in snap.view.precedents)
    fitted = Calibration.default().replace(fitted={"source": "corpus"}, precedent_ids=ids, encoder="fake-bigram-v1",
                                           tokenizer=snap.tokenizer_identity)
    assert needs_refit(fitted, snap) is False
    assert needs_refit(fitted.replace(encoder="another-model"), snap) is True
    assert needs_refit(fitted.replace(precedent_ids=ids[:-4]), snap) is False
    assert needs_refit(fitted.replace(precedent_ids=ids[:-5]), snap) is True


def test_generic_answers_are_not_learnt_from(tmp_path) -> None:
    generic = "ご意見として承ります。"
    unrelated = [(text, generic) for text in (
        "花火大会を毎年開いてください。", "動物園にパンダを呼べないか。", "体育館の床が滑りやすい。",
        "駅前の駐輪場が足りません。", "街路樹の落ち葉で歩きにくい。", "噴水を夏だけでも動かして。")]
    path = tmp_path / "city.csv"
    write_corpus(path, extra=unrelated)
    store = Store(":memory:")
    ingest([path], store)
    retriever = build_index(store, FakeEncoder(), index_dir=tmp_path / "index")
    snap = retriever.current()
    family = snap.family_of(snap.view.precedents[-1].id)
    assert snap.generic == frozenset({family})
    assert retriever.calibration.fitted["generic_families"] == 1
    assert all(not q.id.endswith(tuple(str(n) for n in range(43, 49))) for q in corpus_queries(snap, 1500))


def test_hand_written_queries_count_only_when_written_for_the_corpus(city, tmp_path) -> None:
    snap = build_index(city, FakeEncoder(), index_dir=tmp_path / "index", auto_calibrate=False).current()
    fitting = [LabelledQuery("a", "雪が多い", ("出動基準",), False), LabelledQuery("b", "動物園", (), True)]
    chosen = labelled_queries(snap, fitting)
    assert [(q.id, len(q.correct)) for q in chosen] == [("a", 1), ("b", 0)]
    assert labelled_queries(snap, [LabelledQuery("c", "個人番号", ("帰責性",), False)]) == []


def test_hand_written_queries_are_counted_apart_from_the_past_comments(city, tmp_path) -> None:
    retriever = build_index(city, FakeEncoder(), index_dir=tmp_path / "index", auto_calibrate=False)
    snap = retriever.current()
    extra = labelled_queries(snap, [LabelledQuery("a", "雪が多い", ("出動基準",), False), LabelledQuery("b", "動物園", (), True)])
    fitted = calibrate(snap, retriever.encoder, retriever.tokenizer, extra=extra).fitted
    assert (fitted["queries"], fitted["with_precedent"], fitted["without_precedent"], fitted["hand_written"]) == (34, 24, 10, 2)
    summary = calibration_summary(Calibration(fitted=fitted, modes=retriever.calibration.modes))
    assert "過去のご意見 34 件（前例あり 24 件・なし 10 件）を1件ずつ除いて検索、手書きの評価用クエリ 2 件\n" in summary
    # Review of the README: the self-evaluation line showed the figures over every query the weights were fitted
    # on, the hand-written ones too; it shows the corpus's own pairs, the others on a line of their own.
    hybrid = fitted["modes"]["hybrid"]
    own = calibrate(snap, retriever.encoder, retriever.tokenizer, extra=[]).fitted["modes"]["hybrid"]
    assert {key: hybrid["own"][key] for key in ("recall@1", "recall@3", "mrr")} != {
        key: hybrid[key] for key in ("recall@1", "recall@3", "mrr")}
    lines = summary.splitlines()
    assert lines[1] == (f"  自己評価（除外検索）: recall@1 {hybrid['own']['recall@1']:.3f}　recall@3 {hybrid['own']['recall@3']:.3f}　"
                        f"MRR {hybrid['own']['mrr']:.3f}　「前例なし」判定の適合率 {hybrid['own']['no_precedent_precision']:.3f}・"
                        f"再現率 {hybrid['own']['no_precedent_recall']:.3f}")
    assert lines[2].startswith(f"  学習に使った全クエリ（手書きの評価用クエリを含む）での値: recall@1 {hybrid['recall@1']:.3f}　")
    assert own["own"]["recall@1"] == own["recall@1"]  # without hand-written queries the two are one


def test_a_damaged_calibration_file_is_refitted(city, tmp_path) -> None:
    build_index(city, FakeEncoder(), index_dir=tmp_path / "index")
    (tmp_path / "index" / "calibration.json").write_text("{not json", encoding="utf-8")
    again = build_index(city, FakeEncoder(), index_dir=tmp_path / "index")
    assert again.report.calibrated is True
    assert again.calibration.fitted["source"] == "corpus"


def test_banner_and_cards_use_one_probability_and_one_threshold(city, tmp_path) -> None:
    retriever = build_index(city, FakeEncoder(), index_dir=tmp_path / "index")
    for query in ("除雪の回数を増やしてほしい。", "あ", "SELECT * FROM users; DROP TABLE drafts;--", "宇宙開発について"):
        for point in retriever.search(query).points:
            assert point.no_precedent == (point.confidence < point.threshold)
            assert point.confidence == (point.results[0].score if point.results else 0.0)
            for card in point.results:
                assert card.is_precedent == (card.score >= point.threshold)
                if point.no_precedent:
                    assert not card.is_precedent
    assert retriever.search("除雪の回数を増やしてほしい。").no_precedent is False


def write_rows(path, rows: list[tuple[str, str]], title: str = "市政への意見募集") -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["No.", "ご意見", "本市の考え方", "件名"])
        writer.writerows([(i, comment, answer, title) for i, (comment, answer) in enumerate(rows, start=1)])


PAIRS = [(way.format(comment), answer) for comment, answer in TOPICS.values() for way in WAYS]


def test_a_corpus_where_every_comment_shares_its_answer_keeps_the_measured_probability(tmp_path) -> None:
    """Review 130: with no comment lacking a precedent the fit learnt how cards rank, not when nothing is close (the
    gap's weight -0.04, the threshold left at 0.5): off-topic text got 「前例があります」 76 %. The probability and the
    threshold are fitted only with five queries of each kind; else the measured defaults stay, and the summary says so."""
    from retrieval.scoring import default_weights

    path = tmp_path / "pairs.csv"
    write_rows(path, PAIRS)
    store = Store(":memory:")
    ingest([path], store)
    calibration = build_index(store, FakeEncoder(), index_dir=tmp_path / "index").calibration
    assert (calibration.fitted["with_precedent"], calibration.fitted["without_precedent"]) == (15, 0)  # 3 generic
    for mode in ("hybrid", "dense", "bm25"):
        assert calibration.fitted["modes"][mode]["probability_fitted"] is False
        default = default_weights(mode)
        fitted = calibration.modes[mode]
        assert (fitted.probability_coef, fitted.probability_intercept, fitted.threshold) == (
            default.probability_coef, default.probability_intercept, default.threshold)
    summary = calibration_summary(calibration).splitlines()
    assert summary[1:4] == [  # one comment with a precedent flagged: precision 0 of 1 flag; no recall to measure
        "  自己評価（除外検索）: recall@1 1.000　recall@3 1.000　MRR 1.000　「前例なし」判定の適合率 0.000・再現率 —",
        "  （前例のない過去のご意見がないため、「前例なし」判定の再現率は測れません）",
        "  「前例あり」とする確からしさ: 19% 以上　重み: z_comment 0、z_answer 0、bm25 0、coverage_comment 0、coverage_answer 1",
    ]
    assert summary[4] == ("  確からしさと「前例あり」とする基準は、まだ既定値です（合わせるには、前例のある過去のご意見と前例のないものが"
                          "それぞれ 5 件以上要ります。今は 15 件と 0 件）。")
    # The threshold as the verdict writes it, rounded up (review of search on env6th: stats said 「2% 以上」 while
    # suggest said 「前例とみなすのは 3% 以上」 for a fitted 0.02326).
    low = replace(calibration, modes={**calibration.modes, "hybrid": replace(calibration.modes["hybrid"], threshold=0.02326)})
    assert calibration_summary(low).splitlines()[3].startswith("  「前例あり」とする確からしさ: 3% 以上　")


def test_figures_with_nothing_to_measure_are_none_and_said(tmp_path) -> None:
    """Review 130: a corpus where no two comments share an answer showed 「recall@1 0.000 … MRR 0.000」, figures it
    had not measured, and its default weights as if fitted."""
    path = tmp_path / "lone.csv"
    write_rows(path, LONE + [("体育館の床が滑りやすい。", "体育館の床は来年度に改修します。")])
    store = Store(":memory:")
    ingest([path], store)
    calibration = build_index(store, FakeEncoder(), index_dir=tmp_path / "index").calibration
    own = calibration.fitted["modes"]["hybrid"]["own"]
    assert (own["recall@1"], own["recall@3"], own["mrr"], own["no_precedent_recall"]) == (None, None, None, 1.0)
    assert calibration_summary(calibration).splitlines()[1:] == [
        "  自己評価（除外検索）: recall@1 —　recall@3 —　MRR —　「前例なし」判定の適合率 1.000・再現率 1.000",
        "  （前例のある過去のご意見、つまりほかのご意見と同じ回答を受けたものがないため、recall と MRR は測れません）",
        "  「前例あり」とする確からしさ: 19% 以上　重み: z_comment 1、z_answer 0.5、bm25 1、coverage_comment 0、coverage_answer 0",
        "  確からしさと「前例あり」とする基準は、まだ既定値です（合わせるには、前例のある過去のご意見と前例のないものがそれぞれ 5 件以上"
        "要ります。今は 0 件と 11 件）。",
        "  順位付けの重みは、まだ既定値です（合わせるには、前例のある過去のご意見が 15 件以上要ります。今は 0 件）。",
    ]


def test_bm25_is_fitted_on_the_point_features_its_search_computes(city, tmp_path) -> None:
    """The bm25 search embeds nothing, so a point's gap to unrelated topics and its best dense score are 0 there; the
    fit had used them, and an exact copy of a stored comment got 【近い前例はありません】 4 % in bm25 mode."""
    retriever = build_index(city, FakeEncoder(), index_dir=tmp_path / "index")
    assert retriever.calibration.modes["bm25"].probability_coef[1:3] == (0.0, 0.0)
    assert retriever.calibration.modes["hybrid"].probability_coef[1] != 0.0
    point = retriever.search_point(PAIRS[0][0], mode="bm25")
    assert (point.no_precedent, point.results[0].answer) == (False, PAIRS[0][1])


def test_a_corpus_shrunk_below_ten_precedents_goes_back_to_the_measured_defaults(city, tmp_path) -> None:
    """Review 130: with the big document deleted and 1 precedent left, the fit of 291 kept its 2 % threshold and
    corpus stats its figures: a corpus under ten precedents cannot be fitted again, so the defaults take over."""
    retriever = build_index(city, FakeEncoder(), index_dir=tmp_path / "index")
    assert retriever.calibration.fitted["source"] == "corpus"
    small = tmp_path / "small.csv"
    write_rows(small, LONE[:3], title="花火")
    ingest([small], city)
    [big] = [document.id for document in city.documents() if document.title == "市政への意見募集"]
    assert city.delete_document(big)
    retriever.refresh()
    assert retriever.calibration.is_default
    assert not (tmp_path / "index" / "calibration.json").exists()
    assert calibration_summary(retriever.calibration) == (
        "順位付けの校正: まだありません（前例が10件以上になると、検索の準備のときに自動で行います）。")


def test_a_fit_made_by_hand_on_a_small_corpus_stays_as_it_grows(tmp_path) -> None:
    """Second reading 135: `calibrate --queries` on a city's first eight precedents was thrown away, without a word,
    when a ninth was ingested; only a fit of ten or more precedents is dropped when deleting takes the corpus below."""
    from retrieval.calibration import TrainingQuery

    path = tmp_path / "first.csv"
    write_rows(path, LONE[:8])
    store = Store(":memory:")
    ingest([path], store)
    retriever = build_index(store, FakeEncoder(), index_dir=tmp_path / "index")
    assert retriever.calibration.is_default
    snap = retriever.current()
    queries = [TrainingQuery(f"q{n}", comment, frozenset({snap.family_of(snap.view.precedents[n].id)}))
               for n, (comment, _) in enumerate(LONE[:8])]
    fitted = retriever.recalibrate(extra=queries)
    assert fitted.fitted["precedents"] == 8
    more = tmp_path / "more.csv"
    write_rows(more, LONE[8:9], title="花火")
    ingest([more], store)
    retriever.refresh()
    assert retriever.calibration.fitted["fitted_at"] == fitted.fitted["fitted_at"]
    assert (tmp_path / "index" / "calibration.json").exists()


def test_the_calibration_search_tells_its_progress_every_twentieth_and_after_the_last_query(city, tmp_path) -> None:
    """Review (前例 page): told every 100th query only, the index refresh sat at 「校正用の検索をしています… 100/194」 for
    minutes while the hand-written queries at the end were embedded one by one."""
    from itertools import count

    from retrieval.calibration import examples_for, progress_step

    retriever = build_index(city, FakeEncoder(), index_dir=tmp_path / "index", auto_calibrate=False)
    snap = retriever.current()
    queries = corpus_queries(snap, 1000) + labelled_queries(snap, [LabelledQuery("a", "雪が多い", ("出動基準",), False)])
    said: list[str] = []
    examples = examples_for(snap, queries, retriever.encoder, retriever.tokenizer, said.append, clock=lambda: 0.0)
    assert (len(examples), progress_step(len(queries))) == (35, 2)
    assert said == [f"校正用の検索をしています… {n}/35" for n in (*range(2, 35, 2), 35)]  # the last, 35, too
    # Slow queries (a clock 10 s later at every reading): each one is told.
    ticks = count(0, 10)
    said.clear()
    examples_for(snap, queries, retriever.encoder, retriever.tokenizer, said.append, clock=lambda: next(ticks))
    assert said == [f"校正用の検索をしています… {n}/35" for n in range(1, 36)]
    assert (progress_step(194), progress_step(1500), progress_step(3)) == (10, 75, 1)
