"""Analysis functions behind the notebooks, with exact expectations on the seed corpus."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from assistant import analysis
from tests.conftest import precedent_by


@contextmanager
def csv_corpus(tmp_path, name: str, rows: list[list[str]]):
    """A store holding one staff CSV of ``rows`` (its header first), ingested as a user would."""
    import csv

    from assistant.ingest import ingest
    from assistant.store import Store

    path = tmp_path / f"{name}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with Store(tmp_path / f"{name}.sqlite3") as store:
        ingest([path], store)
        yield store


@pytest.fixture
def real(real_retriever):
    return real_retriever.store, real_retriever


def test_documents_table(seeded) -> None:
    table = analysis.documents_table(seeded)
    assert table["項目数"].tolist() == [8, 8, 19, 10, 9]
    assert table["意見総数（記載）"].tolist()[:2] == [8, 11]
    assert table["期間"].tolist()[0] == "平成30年9月12日～平成30年10月11日"
    assert table["種類"].tolist() == ["結果公表（表）", "結果公表（表）", "会議録", "結果公表（表）", "結果公表（表）"]


def test_a_stock_sentence_alone_does_not_make_two_answers_variants(tmp_path) -> None:
    stock = "ご意見は、今後の施策の参考とさせていただきます。"
    shared = ("除雪計画では、幹線道路は降雪10センチメートルを目安に出動し、生活道路は地域の皆様と相談しながら"
              "計画的に除雪を進めてまいります。")
    rows = [["No.", "ご意見", "本市の考え方"],
            ["1", "図書館を増やして。", f"図書館の配置は計画で定めています。\n{stock}"],
            ["2", "公園にトイレを。", f"公園のトイレは順次整備しています。\n{stock}"],
            ["3", "除雪を増やして。", f"{shared}\n通学路は優先します。"],
            ["4", "排雪を早めて。", f"{shared}\n排雪は交差点から進めます。"]]
    with csv_corpus(tmp_path, "answers", rows) as store:
        diffs = analysis.near_identical_answers(store)
        by_no = {p.id: p.no for p in store.precedents()}
    assert [(by_no[d.left], by_no[d.right], d.shared, d.only_left, d.only_right) for d in diffs] == [
        ("3", "4", 1, ("通学路は優先します。",), ("排雪は交差点から進めます。",))]
    assert (diffs[0].left_label, diffs[0].right_label) == ("answers No.3", "answers No.4")  # where each was used, not ids
    assert "共通の段落 1 個は省略し、違う段落だけを並べています。" in diffs[0].html()


def test_text_split_at_another_line_break_is_no_different_paragraph(tmp_path) -> None:
    """env6th No.30 and No.269 were shown side by side as different paragraphs that read word for word alike: one
    paragraph on the left, the same text in two (a line break, 「P150」 written 「P15０」) on the right."""
    shared = ("除雪計画では、幹線道路は降雪10センチメートルを目安に出動し、生活道路は地域の皆様と相談しながら"
              "計画的に除雪を進めてまいります。")
    first = "排雪は、交差点と通学路から順に進め、雪山の高さが見通しを妨げないよう努めます。"
    second = "除雪の基準は、計画のP150に記載のとおり、毎年の降雪量を踏まえて見直します。"
    rows = [["No.", "ご意見", "本市の考え方"],
            ["1", "除雪を増やして。", f"{shared}\n{first}{second}\n通学路を優先します。"],
            ["2", "排雪を早めて。", f"{shared}\n{first}\n{second.replace('P150', 'P15０')}"],
            ["3", "雪山を減らして。", f"{shared}\n{first}{second}"]]
    with csv_corpus(tmp_path, "split", rows) as store:
        diffs = analysis.near_identical_answers(store)
        by_no = {p.id: p.no for p in store.precedents()}
    assert sorted((by_no[d.left], by_no[d.right], d.shared, d.only_left, d.only_right) for d in diffs) == [
        ("1", "2", 2, ("通学路を優先します。",), ()), ("1", "3", 2, ("通学路を優先します。",), ())]  # 2 and 3: one text


def test_liability_answer_is_a_template_used_in_two_documents(seeded) -> None:
    table = analysis.templates_table(seeded)
    liability = table[table["文面"].str.contains("帰責性がある場合は")].iloc[0]
    assert (liability["前例数"], liability["文書数"]) == (4, 2)
    assert liability["使われた場所"] == (  # one label a document, its Nos. after it
        "介護保険に関する事務 評価書（令和7年11月12日） No.2, 8 / 住民基本台帳事務 評価書（令和7年11月12日） No.8, 9")


def test_template_reuse_follows_publication_order(seeded) -> None:
    reuse = analysis.template_reuse(seeded)
    assert int(reuse["再利用"].sum()) == 10
    assert int(reuse["以前の期間から"].sum()) == 0  # the seeds' recurring answers are all from one period


def test_reuse_of_a_stock_sentence_is_told_apart_from_reuse_of_an_answer(tmp_path) -> None:
    """「その他、いただいたご意見は…参考にさせていただきます。」 closes 100 of env6th's 290 answers: counted as reuse
    like any approved wording, it made every such answer look like a precedent reused."""
    stock = "その他、いただいたご意見は、今後の施策の参考にさせていただきます。"
    snow = "除雪計画では、幹線道路は降雪10センチメートルを目安に出動します。"
    own = ["図書館の開館時間は利用状況を見て決めています。", "公園の遊具は毎年点検しています。", "バス路線は事業者と協議します。",
           "ごみの収集日は地区ごとに定めています。", "市民プールは夏季に開設します。"]
    rows = [["No.", "ご意見", "本市の考え方"], *[[str(n), f"ご意見{n}です。", f"{answer}\n{stock}"] for n, answer in enumerate(own, 1)],
            ["6", "除雪を増やして。", snow], ["7", "排雪を早めて。", f"{snow}\n{stock}"], ["8", "図書館を。", "検討します。"]]
    with csv_corpus(tmp_path, "answers", rows) as store:
        reuse = analysis.template_reuse(store)
        assert (int(reuse["再利用"].sum()), int(reuse["定型文以外を再利用"].sum())) == (5, 1)  # No.2-5 and 7; only 7's
        table = analysis.templates_table(store)
        assert sorted(zip(table["文面"], table["定型文"], table["前例数"])) == [(stock, True, 6), (snow, False, 2)]
    policy = "生活道路の除雪は、令和7年度から降雪15センチメートルで出動する基準に改めます。"  # half the answers: no stock
    rows = [["No.", "ご意見", "本市の考え方"], *[[str(n), f"除雪について{n}", policy] for n in range(1, 6)],
            *[[str(n), f"ご意見{n}", answer] for n, answer in enumerate(own, 6)]]
    with csv_corpus(tmp_path, "policy", rows) as store:
        assert int(analysis.template_reuse(store)["定型文以外を再利用"].sum()) == 4


def test_near_identical_answers_include_000_no7_and_001_no5(seeded) -> None:
    diffs = analysis.near_identical_answers(seeded)
    left, right = precedent_by(seeded, "001", "5").id, precedent_by(seeded, "000", "7").id
    pair = next(d for d in diffs if {d.left, d.right} == {left, right})
    assert pair.shared == 2
    assert pair.only_left == (precedent_by(seeded, "001", "5").paragraphs[2],)
    assert pair.only_right == ()
    assert "標準準拠システムが設置されるクラウド内の領域" in pair.html()


def test_same_comment_different_answer_is_flagged(real) -> None:
    store, retriever = real
    frame = analysis.inconsistent_answers(retriever)
    pair = {frame.iloc[0]["idA"], frame.iloc[0]["idB"]}
    assert pair == {precedent_by(store, "000", "7").id, precedent_by(store, "001", "8").id}


def test_000_no6_and_001_no7_land_in_one_comment_cluster(real) -> None:
    store, retriever = real
    clusters = analysis.cluster_precedents(retriever, "comment")
    labels = dict(zip(clusters.points["id"], clusters.points["クラスタ"]))
    assert labels[precedent_by(store, "000", "6").id] == labels[precedent_by(store, "001", "7").id]
    assert clusters.clusters["件数"].sum() == 54
    assert list(clusters.clusters["件数"]) == sorted(clusters.clusters["件数"], reverse=True)
    assert analysis.cluster_map(clusters).layout.legend.title.text == "クラスタ"


def test_answer_clusters_cover_every_precedent(real) -> None:
    _, retriever = real
    assert analysis.cluster_precedents(retriever, "answer").clusters["件数"].sum() == 54


def test_new_consultation_separates_answerable_from_new_work(real) -> None:
    _, retriever = real
    outlook = analysis.new_consultation(retriever, ["マイナンバーカードの取得は任意ですか。", "市役所の駐車場を無料にしてほしい。"])
    assert outlook["前例"].tolist() == ["あり", "なし（新規に作成）"]
    assert outlook["No."].tolist() == [1, 2]


def test_new_consultation_keeps_the_files_own_numbers(real) -> None:
    _, retriever = real
    comments = ["市役所の駐車場を無料にしてほしい。", "マイナンバーカードの取得は任意ですか。", "市役所の駐車場を無料にしてほしい！"]
    outlook = analysis.new_consultation(retriever, comments, ["3", "5", "8"])
    assert outlook[["No.", "同趣旨（先頭No.）"]].values.tolist() == [["3", "3"], ["5", "5"], ["8", "3"]]


def test_new_consultation_shows_the_comments_with_their_personal_data_masked(real) -> None:
    """The outlook showed, and the saved notebook kept, a citizen's name, address and telephone number; a control
    character inside a telephone number (pasted from another system) kept it from the mask, which the 一括起案 export
    removes first."""
    _, retriever = real
    outlook = analysis.new_consultation(retriever, [
        "山田太郎と申します。札幌市中央区北1条西2丁目1番地に住んでいます。電話 011-211-2111。マイナンバーカードの取得は任意ですか。"])
    assert outlook["ご意見"].tolist() == ["●●●と申します。●●●に住んでいます。電話 ●●●。マイナンバーカードの取得は任意ですか。"]
    assert outlook["前例"].tolist() == ["あり"]
    outlook = analysis.new_consultation(retriever, ["電話は090-12\x0134-5678です。マイナンバーカードの取得は任意ですか。"])
    assert outlook["ご意見"].tolist() == ["電話は●●●です。マイナンバーカードの取得は任意ですか。"]  # as 一括起案 masks it
    assert list(analysis.new_consultation(retriever, []).columns) == [
        "No.", "ご意見", "前例", "確からしさ", "同趣旨（先頭No.）", "候補の回答", "出典", "判定なしの理由"]  # no comment: the columns still


def test_new_consultation_shows_no_probability_for_a_comment_without_a_verdict(real) -> None:
    """A bare keyword and a greeting alone, which 起案 and ``suggest`` show as 「確からしさ 判定なし」, read
    「なし（新規に作成）  94%」 and 3 %; the others read as 起案 writes them."""
    _, retriever = real
    outlook = analysis.new_consultation(retriever, ["マイナンバーカード", "よろしくお願いします。", "マイナンバーカードの取得は任意ですか。",
                                                     "市役所の駐車場を無料にしてほしい。"])
    assert outlook[["前例", "確からしさ"]].values.tolist() == [
        ["判定なし", "判定なし"], ["判定なし", "判定なし"], ["あり", "96%"], ["なし（新規に作成）", "2%"]]


def test_a_comment_without_a_verdict_is_no_comment_to_answer_from_scratch(real) -> None:
    """Review 145: notebook 04 showed a bare keyword, a greeting alone and symbols alone as 「なし（新規に作成） 判定なし」
    and counted them among the comments to answer from scratch. They are 「判定なし」, with the reason and the nearest
    answer for reference where the search found one; the threshold of 「あり」 is given once."""
    from assistant.batch import suggest_batch
    from retrieval.results import ONLY_LETTER, TOO_FEW_WORDS

    _, retriever = real
    outlook = analysis.new_consultation(retriever, ["マイナンバーカード", "よろしくお願いいたします。", "！！！",
                                                     "市役所の駐車場を無料にしてほしい。"])
    assert outlook[["前例", "判定なしの理由"]].values.tolist() == [
        ["判定なし", TOO_FEW_WORDS], ["判定なし", ONLY_LETTER], ["判定なし", "文字が含まれていません（絵文字や記号だけのようです）。ご意見の本文を入力してください。"], ["なし（新規に作成）", ""]]
    assert [bool(answer) for answer in outlook["候補の回答"]] == [True, True, False, False]
    assert [bool(source) for source in outlook["出典"]] == [True, True, False, False]
    assert outlook.attrs["threshold"] == suggest_batch(retriever, ["市役所の駐車場を無料にしてほしい。"], k=1)[0].threshold_text


def test_a_sentence_of_no_opinion_is_told_it_names_nothing_in_the_outlook(real) -> None:
    """Notebook review on env6th: notebook 04 gave 「特に意見はありません。」 and 「ご意見ありがとうございます。」 the reason
    「語句が1つだけでは…ご意見の文を入力してください」, sentences of several words; they name nothing to look up."""
    from retrieval.results import NO_SUBJECT

    _, retriever = real
    outlook = analysis.new_consultation(retriever, ["特に意見はありません。", "ご意見ありがとうございます。"])
    assert outlook[["前例", "判定なしの理由"]].values.tolist() == [["判定なし", NO_SUBJECT]] * 2
    assert NO_SUBJECT == ("何についてのご意見かを表す語句（施策や事柄の名前）がないため、前例かどうか判断できません（「特に意見はありません」や"
                          "お礼だけの文など）。ご意見の本文を入力してください（近い候補は参考として表示しています）。")


@pytest.mark.parametrize("size", [1, 2, 54])
def test_cluster_vectors_small_inputs(size: int) -> None:
    rng = np.random.default_rng(size)
    vectors = rng.normal(size=(size, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    labels = analysis.cluster_vectors(vectors)
    assert len(labels) == size and labels.min() == 0


def test_cluster_vectors_scales_to_50000_points() -> None:
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(40, 64)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    owner = rng.integers(0, 40, 50_000)
    vectors = centres[owner] + rng.normal(0, 0.02, (50_000, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    labels = analysis.cluster_vectors(vectors)
    assert labels.max() + 1 == 40
    purity = sum(np.bincount(labels[owner == c]).max() for c in range(40)) / len(owner)
    assert purity == 1.0


def test_a_tight_core_of_copies_does_not_pull_texts_far_from_each_other_into_its_cluster() -> None:
    """env6th's largest answer cluster, 「マイクロプラスチック・…」, held 78 answers of which 33 do not mention it: 45 copies
    0.003 apart, the 33 others (ニホンジカ, パンデミック, 花粉症 …) 0.048 from them on average, under the cut of 0.061,
    and average linkage took them in. Here six answers each 0.048-0.053 from 45 copies of one, about 0.1 from each
    other: only the nearest joins the copies, and no two texts of a cluster are further apart than the cut."""
    core = np.zeros((45, 64))
    core[:, 0] = 1.0
    core[np.arange(45), 10 + np.arange(45)] = 0.005  # copies of one answer, a few characters apart
    others = np.zeros((6, 64))
    for k, distance in enumerate(np.linspace(0.048, 0.053, 6)):
        others[k, 0], others[k, 1 + k] = 1 - distance, np.sqrt(1 - (1 - distance) ** 2)
    vectors = np.vstack([core, others])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    labels = analysis.cluster_vectors(vectors, 0.061)
    assert labels.tolist() == [0] * 46 + [1, 2, 3, 4, 5]
    distances = 1 - vectors @ vectors.T
    assert all(distances[np.ix_(labels == label, labels == label)].max() <= 0.061 for label in set(labels.tolist()))


def test_ctfidf_keywords_pick_distinctive_words() -> None:
    from assistant.tokenizer import JapaneseTokenizer

    texts = ["除雪の回数を増やして", "除雪車が来ない", "図書館の開館時間", "図書館の本を増やして"]
    keywords = analysis.ctfidf_keywords(texts, np.array([0, 0, 1, 1]), JapaneseTokenizer(), top=1)
    assert keywords == {0: ["除雪"], 1: ["図書館"]}  # UniDic's 図書 + 館, shown as written


def test_cluster_keywords_are_nouns_shown_as_the_compounds_they_are_written_in() -> None:
    """env6th's clusters read 「洗剤・柔軟・マイクロ・カプセル・抗菌」 and 「香害・おかしい・公害・触れる・言及」: compound nouns
    split by UniDic, verbs and adjectives among the keywords."""
    from assistant.tokenizer import JapaneseTokenizer

    texts = ["柔軟剤のマイクロカプセルがおかしい", "柔軟剤のマイクロカプセルに触れる", "第六次環境基本計画の2030年目標",
             "二酸化炭素とニホンジカ等の食害", "除雪の回数", "除雪車が来ない"]
    keywords = analysis.ctfidf_keywords(texts, np.array([0, 0, 1, 1, 2, 2]), JapaneseTokenizer(), top=4)
    assert keywords == {0: ["マイクロカプセル", "柔軟剤"], 1: ["環境基本計画", "ニホンジカ", "二酸化炭素", "目標"],
                        2: ["除雪", "回数"]}  # 除雪 is written alone as often as in 除雪車: shown alone


def test_a_keyword_compound_ends_at_a_line_break() -> None:
    """MeCab reads across a line break: a page reference over the opinion gave 「目除雪」, a bare label over its text
    「回数理由通学路」 (env6th: 「理由⏎エネルギー」, 「促進⏎日本」)."""
    from assistant.tokenizer import JapaneseTokenizer

    assert JapaneseTokenizer().keyword_terms("p. 12, 3～5 行目\n除雪の回数\n理由\n通学路が危ない。") == [
        ("p", "p"), ("除雪", "除雪"), ("回数", "回数"), ("理由", "理由"), ("通学", "通学路")]


def test_keywords_are_no_pieces_of_words_adverbial_nouns_or_lone_formal_nouns() -> None:
    """env6th's clusters read 「にくい表現」, 「2パートナーシップ」, 「1章」, 「よう勧告」, 「そもそも個人番号」, 「日々被害」, 「今問題」
    and 後, 今, 下, 名, 者, 分, 比, 基, 可, 例: a suffix, an auxiliary's stem, a bare number or an adverb glued to the
    noun after it, adverbial nouns and single kanji that relate rather than name. A named time (夜), a noun made with a
    suffix (途上国), 二酸化炭素's 二 and a number before its unit (100Bq) stay."""
    from assistant.tokenizer import JapaneseTokenizer

    texts = ["分かりにくい表現を改めてほしい。", "２パートナーシップの推進について、第1章の記載を見直すよう勧告する。",
             "そもそも個人番号は不要だ。", "開発の名の下に、その後も日々被害を受けている。", "今問題になっている。全て既出だ。",
             "昨今介護の人手が足りず、現在増加傾向にある。", "2019年比で削減する。この例を基に。可とする。",
             "途上国の夜の冷房、100Bqの土、二酸化炭素。"]
    keywords = analysis.ctfidf_keywords(texts, np.arange(len(texts)), JapaneseTokenizer())
    assert keywords == {0: ["表現"], 1: ["パートナーシップ", "勧告", "推進", "記載"], 2: ["不要", "個人番号"], 3: ["被害", "開発"],
                        4: ["問題", "既出"], 5: ["人手", "介護", "増加傾向"], 6: ["削減"],
                        7: ["100Bq", "冷房", "土", "夜", "二酸化炭素"]}
    assert JapaneseTokenizer().keyword_terms("途上国の支援") == [("途上", "途上国"), ("支援", "支援")]


def test_ctfidf_keywords_show_proper_nouns_as_written_not_as_their_reading() -> None:
    """UniDic's lemma of a place name is its reading (能登 → ノト); a keyword shows how the corpus writes it."""
    from assistant.tokenizer import JapaneseTokenizer

    texts = ["能登半島の地震の支援", "能登の復興を急いで", "北海道の石狩湾の港", "北海道新幹線の延伸"]
    keywords = analysis.ctfidf_keywords(texts, np.array([0, 0, 1, 1]), JapaneseTokenizer(), top=1)
    assert keywords == {0: ["能登"], 1: ["北海道"]}


def test_the_cluster_cut_is_relative_to_the_fields_median_distance() -> None:
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [2 ** -0.5, 2 ** -0.5]])
    assert analysis.relative_threshold(vectors) == pytest.approx(0.70 * (1 - 2 ** -0.5))
    assert analysis.relative_threshold(vectors[:1]) == analysis.DISTANCE_THRESHOLD


@pytest.mark.parametrize("copies", [2, 5])
def test_identical_texts_form_one_cluster(copies: int) -> None:
    """Two identical comments made the median distance -1.7e-7 (float arithmetic) and the clustering refused
    the cut; five made it 0, which kept every copy apart."""
    vector = np.random.default_rng(0).normal(size=16).astype(np.float32)
    vectors = np.tile(vector / np.linalg.norm(vector), (copies, 1))
    threshold = analysis.relative_threshold(vectors)
    assert threshold == analysis.MIN_DISTANCE
    assert analysis.cluster_vectors(vectors, threshold).tolist() == [0] * copies


def test_an_empty_corpus_gives_empty_tables_with_their_columns(isolated_settings) -> None:
    from assistant.store import Store

    with Store(isolated_settings) as store:
        assert list(analysis.precedents_table(store).columns) == [
            "id", "文書", "事務名", "開始", "No.", "ご意見", "回答", "回答の文字数", "段落数"]
        assert list(analysis.template_reuse(store).columns) == [
            "id", "文書", "表示名", "開始", "段落数", "再利用した段落", "再利用", "以前の期間から", "定型文以外を再利用"]
        assert analysis.precedents_table(store).empty and analysis.template_reuse(store).empty


def test_template_uses_are_listed_in_number_order() -> None:
    from assistant.textnorm import natural_key  # the order templates_table lists uses in

    assert sorted(["131", "3", "30", "Ⅱ-3", "Ⅱ-12"], key=natural_key) == ["Ⅱ-3", "Ⅱ-12", "3", "30", "131"]  # Ⅱ is 2
    assert sorted(["Ⅸ-1", "Ⅱ-12", "Ⅱ-3", "Ⅲ-1"], key=natural_key) == ["Ⅱ-3", "Ⅱ-12", "Ⅲ-1", "Ⅸ-1"]


def test_cluster_map_never_reuses_a_colour_and_names_its_axes() -> None:
    import pandas as pd

    labels = [label for label in range(80) for _ in range(2)] + [80]
    points = pd.DataFrame({"id": [f"p{i}" for i in range(len(labels))], "クラスタ": labels, "x": 0.0, "y": 0.0,
                           "本文": "本文", "文書": "文書", "No.": "1"})
    table = pd.DataFrame({"クラスタ": range(81), "件数": [2] * 80 + [1], "キーワード": [f"語{n}" for n in range(81)]})
    figure = analysis.cluster_map(analysis.Clusters(points, table))
    colours = [trace.marker.color for trace in figure.data]
    names = [trace.name for trace in figure.data]
    assert len(set(colours)) == len(colours) == 76  # 74 clusters, 「その他」, 「単独」
    assert names[-2:] == ["その他（小さいクラスタ）", "単独"]
    assert figure.layout.xaxis.title.text.startswith("主成分1")


def test_cluster_keywords_drop_glosses_and_lone_letters() -> None:
    tokens = {"a": ["差す-他動詞", "p", "l", "除雪"], "b": ["図書館", "p", "covid-19"]}
    keywords = analysis.ctfidf_keywords(["a", "b"], np.array([0, 1]), lambda text: tokens[text])
    assert keywords == {0: ["差す", "除雪"], 1: ["covid-19", "図書館"]}


def test_documents_whose_titles_cut_alike_get_a_label_each(tmp_path) -> None:
    """Two documents cut to one chart label 「…高齢者支援計画（素案）に…」 were drawn as one bar, the first hidden."""
    first, second = "札幌市第9期高齢者支援計画（素案）に対する意見募集（令和5年）", "札幌市第9期高齢者支援計画（素案）に対する意見募集（令和5年・追加分）"
    rows = [["件名", "No.", "ご意見", "本市の考え方"], [first, "1", "介護の人手を増やして。", "人材確保に取り組みます。"],
            [second, "1", "施設を増やして。", "計画的に整備します。"]]
    with csv_corpus(tmp_path, "two", rows) as store:
        ids = {d.title: d.id for d in store.documents()}
        table = analysis.documents_table(store)
        assert dict(zip(table["文書"], table["表示名"])) == {  # no period to tell them apart: the document id does
            title: f"札幌市第9期高齢者支援計画（素案）…［{ids[title]}］" for title in (first, second)}
        assert sorted(set(analysis.template_reuse(store)["表示名"])) == sorted(set(table["表示名"]))


def test_precedents_without_an_answer_are_left_out_of_the_answer_clusters() -> None:
    """A result published without answers made a cluster of its own, keywords 「」 and example 「 /  / 」."""
    from types import SimpleNamespace

    precedents = [SimpleNamespace(id=f"p{i}", no=str(i), document_id="d", comment=f"意見{i}",
                                  answer="" if i > 2 else "除雪を計画的に進めます。",
                                  paragraphs=() if i > 2 else ("除雪を計画的に進めます。",),
                                  template_ids=() if i > 2 else ("t1",)) for i in range(1, 6)]

    class Fake:
        tokenizer = staticmethod(lambda text: text.split())

        def current(self):
            return SimpleNamespace(view=SimpleNamespace(precedents=precedents, documents={"d": SimpleNamespace(title="計画")}))

        def vectors_for(self, texts, kind=None):  # alike, not equal (equal points give PCA nothing to explain)
            angles = np.arange(len(texts)) * 0.01
            return np.stack([np.cos(angles), np.sin(angles)], axis=1).astype(np.float32)

    answers = analysis.cluster_precedents(Fake(), "answer")
    assert (answers.left_out, answers.clusters["件数"].tolist(), answers.points["id"].tolist()) == (
        ("p3", "p4", "p5"), [2], ["p1", "p2"])
    assert analysis.cluster_precedents(Fake(), "comment").left_out == ()


CLOSING = "以上のことから、原案のとおりとさせていただきます。"
# Five topics answered twice, the first answer of each closed by CLOSING (env6th's closing, in 15 of its answers).
CLOSING_TOPICS = [
    ("使用済み太陽光パネルのリサイクルについては、2030年代後半の大量廃棄に備え、回収と再資源化の仕組みを検討しています。",
     "太陽光パネルの廃棄については、含有物質の情報提供と適正処理の指針を示しています。"),
    ("PFOSについては、水道水の暫定目標値を定め、河川や地下水の監視を続けています。",
     "PFOSとPFOAの水質管理については、専門家会議の意見を踏まえて目標値を見直します。"),
    ("パリ協定6条に基づく二国間クレジット制度により、途上国の排出削減に貢献します。",
     "二国間クレジット制度では、パートナー国との協力で温室効果ガスの削減量を算定します。"),
    ("スギ花粉症対策として、スギ人工林の伐採と植替えを進めています。", "花粉の少ないスギ苗木の生産を拡大し、花粉発生源の対策を進めます。"),
    ("化学品の分類と表示はGHSに基づき、事業者に安全データシートの提供を求めています。",
     "GHSによる化学品の表示を広め、労働者が危険性を知ることができるようにします。"),
]


def closing_rows() -> list[list[str]]:
    rows = [["No.", "ご意見", "本市の考え方"]]
    for n, (closed, plain) in enumerate(CLOSING_TOPICS):
        rows += [[str(2 * n + 1), f"意見{2 * n + 1}", f"{closed}\n{CLOSING}"], [str(2 * n + 2), f"意見{2 * n + 2}", plain]]
    return rows


def test_answers_do_not_cluster_by_a_shared_closing_sentence(tmp_path) -> None:
    """Notebook review on env6th: answer cluster 2 held 14 unrelated answers (太陽光パネル, パリ協定6条, PFOS, GHS …) that
    all end with 「以上のことから、原案のとおりとさせていただきます。」: the unweighted mean of the paragraph vectors gave the
    one-line closing the weight of the paragraph that answers. Closings said under many answers are left out of an
    answer's vector (and keywords); the five answers it closes are five clusters, not one named 「原案・…」."""
    from retrieval import build_index
    from tests.fakes import FakeEncoder

    with csv_corpus(tmp_path, "closing", closing_rows()) as store:
        precedents = store.precedents()
        closing = analysis.closing_templates(precedents)
        answers = analysis.cluster_precedents(build_index(store, FakeEncoder(), index_dir=tmp_path / "index"), "answer")
    assert [analysis._template_texts(precedents)[tid] for tid in closing] == [CLOSING]
    closed = answers.points["クラスタ"].tolist()[0::2]
    assert len(set(closed)) == 5  # before: one cluster of the five
    assert not any("原案" in keywords for keywords in answers.clusters["キーワード"])
    only = replace(precedents[0], answer=CLOSING, paragraphs=(CLOSING,), template_ids=tuple(closing))
    assert analysis.said_paragraphs(only, closing) == [CLOSING]  # an answer that is its closing alone is kept whole
    assert analysis.said_paragraphs(precedents[0], closing) == [CLOSING_TOPICS[0][0]]


def test_answers_cluster_by_topic_not_by_a_shared_closing_with_the_real_model(real_encoder, tmp_path) -> None:
    """With e5, the five answers closed by 「以上のことから、原案のとおりとさせていただきます。」 were one cluster and their
    five topic partners five singletons; each answer now joins the other answer on its topic."""
    from retrieval import build_index

    with csv_corpus(tmp_path, "closing", closing_rows()) as store:
        answers = analysis.cluster_precedents(build_index(store, real_encoder, index_dir=tmp_path / "index"), "answer")
    assert answers.points["クラスタ"].tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert answers.clusters["キーワード"].tolist()[:2] == ["使用済み太陽光パネル・大量廃棄・リサイクル・仕組み・適正処理",
                                                     "PFOS・暫定目標値・PFOA・専門家会議・地下水"]


def test_answers_that_are_one_wording_split_differently_are_no_inconsistency() -> None:
    """env6th: two answers of the same text in 3 and 4 paragraphs (no shared template) were listed as similar
    comments answered differently. A fake retriever: fixed vectors, the comments alike."""
    from types import SimpleNamespace

    from assistant import settings
    from assistant.textnorm import normalize
    from retrieval.corpus import answer_families

    reply = "国際的なリサイクル率の比較については、算定方法が国ごとに異なるため、単純な比較は難しいと考えています。"
    precedents = [
        SimpleNamespace(id="a", no="1", document_id="d", comment="リサイクル率を国際比較してほしい。", answer=reply,
                        paragraphs=(reply[:30], reply[30:]), template_ids=("t1", "t2")),
        SimpleNamespace(id="b", no="2", document_id="d", comment="リサイクル率を国際比較して示してほしい。", answer=reply,
                        paragraphs=(reply[:20], reply[20:50], reply[50:]), template_ids=("t3", "t4", "t5")),
        SimpleNamespace(id="c", no="3", document_id="d", comment="リサイクル率を国際比較してください。",
                        answer="比較の結果は次期計画で公表します。", paragraphs=("比較の結果は次期計画で公表します。",),
                        template_ids=("t6",)),
    ]

    for precedent in precedents:
        precedent.answer_norm = normalize(precedent.answer)  # as the store keeps it

    class Fake:
        def current(self):
            return SimpleNamespace(view=SimpleNamespace(precedents=precedents, documents={"d": SimpleNamespace(title="計画", period_start=None)},
                                                        family=answer_families(precedents, float(settings.get("answer_similarity")))))

        def vectors_for(self, texts, kind=None):
            return np.tile(np.array([1.0, 0.0], dtype=np.float32), (len(texts), 1))

    frame = analysis.inconsistent_answers(Fake())
    assert sorted(zip(frame["idA"], frame["idB"])) == [("a", "c"), ("b", "c")]


def test_opposite_answers_sharing_only_a_short_closing_sentence_are_listed(real_encoder, tmp_path) -> None:
    """Two comments asking one thing answered 「…令和7年4月から実施します。」 and 「…当面の間、実施を見送ります。」, both closed by
    「ご理解とご協力をお願いいたします。」, were in neither list: inconsistent_answers left out any pair sharing a template, and
    near_identical_answers wants 60 characters in common. A pair shares an answer under one rule for both lists."""
    from retrieval import build_index

    closing = "ご理解とご協力をお願いいたします。"
    snow = ("生活道路の除雪については、令和7年度から出動基準を10センチメートルから5センチメートルに見直し、"
            "除雪の回数を増やします。")
    rows = [["No.", "ご意見", "本市の考え方"],
            ["1", "家庭ごみの有料化はいつから始まるのか教えてほしい。", f"家庭ごみの有料化は、令和7年4月から実施します。\n{closing}"],
            ["2", "家庭ごみの有料化はいつから始まるのか知りたい。", f"家庭ごみの有料化は、当面の間、実施を見送ります。\n{closing}"],
            ["3", "生活道路の除雪の回数を増やしてほしい。", f"{snow}\n通学路を優先します。"],
            ["4", "生活道路の除雪回数を増やしてほしい。", f"{snow}\n排雪の回数は現状を維持します。"],
            ["5", "図書館の開館時間を延長してほしい。", "図書館の開館時間は、利用状況を踏まえて検討します。"]]
    with csv_corpus(tmp_path, "opposite", rows) as store:
        frame = analysis.inconsistent_answers(build_index(store, real_encoder, index_dir=tmp_path / "index"))
        diffs = analysis.near_identical_answers(store)
        no = {p.id: p.no for p in store.precedents()}
    assert [(no[a], no[b]) for a, b in zip(frame["idA"], frame["idB"])] == [("1", "2")]
    assert [(no[d.left], no[d.right]) for d in diffs] == [("3", "4")]  # shares 61 characters: a variant, listed there


def test_a_long_paragraph_a_document_uses_often_is_still_a_shared_answer(tmp_path) -> None:
    """Second reading 125: 「ご意見のとおり、生活道路の除雪については…」 (70 characters) in five of twenty answers was taken
    for a stock sentence and left out, so 「…歩道の除雪も…実施します。」 against 「…実施を見送ります。」 was in neither list.
    Only a stock sentence shorter than the characters a shared answer needs is left out."""
    shared = ("ご意見のとおり、生活道路の除雪については、令和7年度から出動基準を見直し、積雪10センチメートルで出動する体制に"
              "改めることとしました。")
    rows = [["No.", "ご意見", "本市の考え方"],
            ["1", "生活道路と歩道の除雪を増やしてほしい。", f"{shared}\nあわせて、歩道の除雪も令和7年度から全区で実施します。"],
            ["2", "除雪の出動基準を見直してほしい。", f"{shared}\nなお、歩道の除雪は、予算の制約から当面の間、実施を見送ります。"],
            *[[str(n), f"除雪についての意見その{n}。", shared] for n in range(3, 6)],
            *[[str(n), f"図書館についての意見その{n}。", f"図書館の開館時間は、利用状況を踏まえて検討します（{n}）。"]
              for n in range(6, 21)]]
    with csv_corpus(tmp_path, "stock", rows) as store:
        diffs = analysis.near_identical_answers(store)
        no = {p.id: p.no for p in store.precedents()}
    assert ("1", "2") in [(no[d.left], no[d.right]) for d in diffs]


def test_a_day_of_the_week_and_an_issue_named_by_a_number_are_keywords() -> None:
    """Second reading 125: 日曜日, 土日 and 水曜日 were no keywords (UniDic reads them as adverbial nouns), and a number
    in front was trimmed from 「8050問題」, 「3密」 and 「5類」."""
    from assistant.tokenizer import JapaneseTokenizer

    tokenizer = JapaneseTokenizer()
    assert [written for text in ["日曜日の開館", "土日の開館", "毎週水曜日に収集", "8050問題への対応", "3密の回避"]
            for _, written in tokenizer.keyword_terms(text)] == [
        "日曜日", "開館", "土日", "開館", "水曜日", "収集", "8050問題", "3密", "回避"]
    assert [written for _, written in tokenizer.keyword_terms("1章の記述と3頁の図")] == ["記述", "図"]
    assert [written for _, written in tokenizer.keyword_terms("2025年冬の除雪、2019年比")] == ["冬", "除雪"]


def test_english_names_keep_their_spaces_and_no_function_word_is_a_keyword() -> None:
    """Notebook review on env6th: comment clusters were named 「relatedFinancialDisclosures・TaskforceonClimate」 and
    「ForaPlanetFreeofHarmfromChemicalsandWaste」, with 'on', 'a', 'of' and 'for' among the terms. Latin words keep their
    spaces, English function words are no terms and none ends a compound; the search's tokens are unchanged."""
    from assistant.tokenizer import JapaneseTokenizer

    tokenizer = JapaneseTokenizer()
    text = "タスクフォース（Taskforce on Nature-related Financial Disclosures：TNFD）の提言"
    assert tokenizer.keyword_terms(text) == [
        ("タスク", "タスクフォース"), ("フォース", "タスクフォース"), ("taskforce", "Taskforce on Nature"),
        ("nature", "Taskforce on Nature"), ("related", "related Financial Disclosures"),
        ("financial", "related Financial Disclosures"), ("disclosures", "related Financial Disclosures"), ("tnfd", "TNFD"),
        ("提言", "提言")]
    title = "For a Planet Free of Harm from Chemicals and Waste"
    assert tokenizer.keyword_terms(title) == [(term, "Planet Free of Harm from Chemicals and Waste")
                                              for term in ("planet", "free", "harm", "chemicals", "waste")]
    assert tokenizer.keyword_terms("除雪 計画の見直し") == [("除雪", "除雪計画"), ("計画", "除雪計画"), ("見直し", "見直し")]
    # an acronym in capitals is no function word (second reading: 「IT人材」 gave 人材 alone, 「IT化」 nothing)
    assert tokenizer.keyword_terms("IT人材の育成") == [("it", "IT人材"), ("人材", "IT人材"), ("育成", "育成")]
    assert tokenizer.keyword_terms("IT化を進める") == [("it", "IT化")]
    assert tokenizer(text) == ["タスク", "フォース", "taskforce", "on", "nature", "related", "financial", "disclosures", "tnfd",
                               "提言"]  # BM25's tokens as before
    assert tokenizer(title) == ["for", "a", "planet", "free", "of", "harm", "from", "chemicals", "and", "waste"]
    labels = np.array([0, 0, 1, 1])
    keywords = analysis.ctfidf_keywords([title + "の推進", title + "への貢献", "除雪の回数", "除雪の時間"], labels, tokenizer)
    assert keywords[0][0] == "Planet Free of Harm from Chemicals and Waste"


def test_similar_comments_are_paired_a_block_at_a_time_as_the_whole_matrix_pairs_them(monkeypatch) -> None:
    """The pair search held the whole n × n similarity matrix (20,000 comments: 1.6 GB) and looped over every pair
    in Python; blocks of rows find the same pairs (here 64 rows a block, 200 comments in groups of ten)."""
    from assistant.bench_analysis import synthetic_retriever, whole_matrix_pairs

    monkeypatch.setattr(analysis, "_PAIR_BLOCK", 64)
    retriever, vectors = synthetic_retriever(size=200)
    frame = analysis.inconsistent_answers(retriever)
    assert len(frame) == whole_matrix_pairs(vectors, 0.93) == 20 * 45
    assert sorted((int(a[1:]) // 10, int(b[1:]) // 10) for a, b in zip(frame["idA"], frame["idB"])) == sorted(
        (group, group) for group in range(20) for _ in range(45))  # every pair within its group, none across


def test_comments_on_one_form_cluster_by_what_they_say_not_by_the_form(tmp_path) -> None:
    """Comments written on a submission form (「▼該当箇所 / ▼意見 / ▼理由」) went together by its labels, keywords
    「該当・理由・意見」. Clustered on their content, each joins the plain comment on its topic; only the two whose
    text changed are encoded again, as the index embeds a comment (its first window, the query prompt)."""
    from retrieval import build_index
    from tests.fakes import FakeEncoder

    form = "▼該当箇所\np. {page}, 3～5 行目\n▼意見\n{opinion}\n▼理由\n{reason}"
    rows = [["No.", "ご意見", "本市の考え方"],
            ["1", form.format(page=12, opinion="除雪の回数を増やしてほしい。", reason="通学路が危ないため。"), "除雪は計画に沿って進めます。"],
            ["2", form.format(page=30, opinion="図書館の開館時間を延ばしてほしい。", reason="夜しか行けないため。"), "開館時間は利用状況を見て決めます。"],
            ["3", "除雪の回数を増やしてほしい。通学路が危ない。", "通学路は優先して除雪します。"],
            ["4", "図書館の開館時間を延ばしてほしい。夜しか行けない。", "夜間開館を検討します。"]]
    with csv_corpus(tmp_path, "form", rows) as store:
        encoder = FakeEncoder()
        retriever = build_index(store, encoder, index_dir=tmp_path / "index")
        encoder.encoded.clear()
        clusters = analysis.cluster_precedents(retriever, "comment")
    assert clusters.points["No."].tolist() == ["1", "2", "3", "4"]
    assert clusters.points["クラスタ"].tolist() == [0, 1, 0, 1]
    assert clusters.clusters["キーワード"].tolist() == ["回数・通学路・除雪", "図書館・夜・開館時間"]
    assert clusters.clusters["例"].tolist()[0] == (
        "p. 12, 3～5 行目\n除雪の回数を増やしてほしい。\n通学路が危ないため。 / 除雪の回数を増やしてほしい。通学路が危ない。")
    assert clusters.points["本文"][0].startswith("▼該当箇所\n")  # shown as written
    assert encoder.encoded == ["p. 12, 3～5 行目 除雪の回数を増やしてほしい。 通学路が危ないため。",
                               "p. 30, 3～5 行目 図書館の開館時間を延ばしてほしい。 夜しか行けないため。"]


def test_form_comments_are_named_by_their_topic_with_the_real_model(real_encoder, tmp_path) -> None:
    """With e5: three topics, each once on the form and once plain, make three clusters named by the topic, with
    no 「該当箇所p」, 「意見除雪」 or 「理由通学路」 among the keywords (the labels, and MeCab's compounds across a line
    break: 「…行目⏎▼理由⏎通学路」)."""
    from retrieval import build_index

    form = "▼該当箇所\np. {page}, {lines} 行目\n▼意見\n{opinion}\n▼理由\n{reason}"
    topics = [("除雪の回数を増やしてほしい。", "通学路が雪で危ないため。", "除雪は計画に沿って進めます。"),
              ("図書館の開館時間を夜まで延ばしてほしい。", "仕事帰りにしか行けないため。", "開館時間は利用状況を見て決めます。"),
              ("ごみの収集日を週二回にしてほしい。", "夏は生ごみが臭うため。", "収集日は地区ごとに定めています。")]
    rows = [["No.", "ご意見", "本市の考え方"]]
    for n, (opinion, reason, answer) in enumerate(topics):
        rows.append([str(2 * n + 1), form.format(page=10 + 7 * n, lines=f"{3 + n}～{5 + n}", opinion=opinion, reason=reason),
                     answer])
        rows.append([str(2 * n + 2), opinion + reason.replace("ため。", "からです。"), answer + "ご意見ありがとうございます。"])
    with csv_corpus(tmp_path, "form", rows) as store:
        clusters = analysis.cluster_precedents(build_index(store, real_encoder, index_dir=tmp_path / "index"), "comment")
    assert clusters.points["クラスタ"].tolist() == [0, 0, 1, 1, 2, 2]
    assert clusters.clusters["キーワード"].tolist() == [
        "回数・通学路・除雪・雪", "仕事帰り・図書館・夜・開館時間", "収集日・ごみ・夏・生ごみ"]


def unanswered_retriever(documents=None, answered: bool = False):
    """A fake retriever over one answered precedent and two published without an answer (``answered``: with answers
    of their own), their comments alike; the first in document d1, the others in d2."""
    from types import SimpleNamespace

    from assistant import settings
    from assistant.textnorm import normalize
    from retrieval.corpus import answer_families

    first = ("カードの取得は任意です。",)
    precedents = [SimpleNamespace(id=f"p{n}", no="1" if n < 2 else str(n - 1), document_id="d1" if n < 2 else "d2",
                                  comment=comment, answer="".join(paragraphs), paragraphs=paragraphs,
                                  template_ids=tuple(f"t{n}" for _ in paragraphs))
                  for n, (comment, paragraphs) in enumerate([("マイナンバーカードの取得は義務なのですか。", first),
                                                             ("マイナンバーカードの取得は義務なのですか？",
                                                              ("取得は申請によります。",) if answered else ()),
                                                             ("マイナンバーカードの取得は義務ですか。",
                                                              ("義務ではありません。",) if answered else ())], 1)]
    for precedent in precedents:
        precedent.answer_norm = normalize(precedent.answer)
    documents = documents or {"d1": SimpleNamespace(title="令和5年の意見募集", period_start=None),
                              "d2": SimpleNamespace(title="令和6年の意見募集", period_start=None)}
    view = SimpleNamespace(precedents=precedents, documents=documents,
                           family=answer_families(precedents, float(settings.get("answer_similarity"))))

    class Fake:
        def current(self):
            return SimpleNamespace(view=view)

        def vectors_for(self, texts, kind=None):
            return np.tile(np.array([1.0, 0.0], dtype=np.float32), (len(texts), 1))

    return Fake()


def test_precedents_without_an_answer_are_no_inconsistent_answers() -> None:
    """A consultation published without answers was listed as similar comments answered differently: each of its two
    comments against the answered one, and the two against each other (3 pairs here, all false)."""
    frame = analysis.inconsistent_answers(unanswered_retriever())
    assert (len(frame), frame.attrs.get("left_out")) == (0, ("p2", "p3"))


def test_precedents_without_an_answer_are_left_out_of_template_reuse(tmp_path) -> None:
    """「0 / 5 件の回答が…」 counted the precedents published without an answer as answers; they are left out and
    listed. Nor are they answers of their document when a stock sentence's share is taken."""
    stock = "その他、いただいたご意見は、今後の施策の参考にさせていただきます。"
    own = ["図書館の開館時間は利用状況を見て決めています。", "公園の遊具は毎年点検しています。", "バス路線は事業者と協議します。",
           "ごみの収集日は地区ごとに定めています。", "市民プールは夏季に開設します。"]
    rows = [["No.", "ご意見", "本市の考え方"], *[[str(n), f"ご意見{n}です。", f"{answer}\n{stock}"] for n, answer in enumerate(own, 1)],
            *[[str(n), f"ご意見{n}です。", ""] for n in range(6, 27)]]  # 5 of 26 precedents, 5 of 5 answers
    with csv_corpus(tmp_path, "unanswered", rows) as store:
        reuse = analysis.template_reuse(store)
        no = {p.id: p.no for p in store.precedents()}
        assert (len(reuse), [no[i] for i in reuse.attrs.get("left_out", ())]) == (5, [str(n) for n in range(6, 27)])
        assert (int(reuse["再利用"].sum()), int(reuse["定型文以外を再利用"].sum())) == (4, 0)
        assert analysis.templates_table(store)["定型文"].tolist() == [True]


def test_places_are_told_apart_and_dated_only_where_a_date_is_known(tmp_path) -> None:
    """「使われた場所」 listed two consultations whose titles cut alike, undated, as one place
    「札幌市第9期高齢者支援計画（素案）…（）No.1」 (de-duplicated by that label), and the diff of their answers was headed
    alike on both sides. Each document is a place of its own (:func:`analysis.place_labels`), dated where it has a date."""
    first, second = "札幌市第9期高齢者支援計画（素案）に対する意見募集（令和5年）", "札幌市第9期高齢者支援計画（素案）に対する意見募集（令和5年・追加分）"
    common = "生活道路の除雪は、地域と協力して、降雪量に応じて出動基準を見直しながら計画的に進めてまいります。"
    rows = [["件名", "日付", "No.", "ご意見", "本市の考え方"],
            [first, "", "1", "除雪を早くしてほしい。", f"{common}\n除雪車の台数も増やします。"],
            [second, "", "1", "除雪を急いでほしい。", f"{common}\n排雪の回数は現状を維持します。"],
            ["冬のみちづくりプラン", "2023-05-01", "1", "除雪の回数を増やして。", f"{common}\n通学路を優先します。"]]
    with csv_corpus(tmp_path, "places", rows) as store:
        ids = {d.title: d.id for d in store.documents()}
        places = analysis.templates_table(store)["使われた場所"].tolist()
        diffs = analysis.near_identical_answers(store, min_shared_chars=20)
    cut = "札幌市第9期高齢者支援計画（素案）…"
    a, b, dated = f"{cut}［{ids[first]}］ No.1", f"{cut}［{ids[second]}］ No.1", "冬のみちづくりプラン（令和5年5月1日） No.1"
    assert places == [f"{dated} / {b} / {a}"]  # dated first, then undated by title (「…・追加分）」 before 「…）」)
    assert sorted(sorted((d.left_label, d.right_label)) for d in diffs) == sorted(
        [sorted((a, b)), sorted((a, dated)), sorted((b, dated))])


def test_the_pairs_of_inconsistent_answers_tell_their_documents_apart() -> None:
    """前例A and 前例B read alike, 「令和5年度 冬のみちづくりプランに… No.1」 on both sides, for two documents whose titles
    cut alike."""
    from types import SimpleNamespace

    title = "令和5年度 札幌市冬のみちづくりプランに対するご意見の一覧{}"
    documents = {"d1": SimpleNamespace(title=title.format("（本編）"), period_start=None),
                 "d2": SimpleNamespace(title=title.format("（概要版）"), period_start=None)}
    retriever = unanswered_retriever(documents, answered=True)
    frame = analysis.inconsistent_answers(retriever)
    cut = "令和5年度 札幌市冬のみちづくりプ…"
    assert frame[["前例A", "前例B"]].values.tolist() == [
        [f"{cut}［d1］ No.1", f"{cut}［d2］ No.1"], [f"{cut}［d1］ No.1", f"{cut}［d2］ No.2"],
        [f"{cut}［d2］ No.1", f"{cut}［d2］ No.2"]]


def test_an_empty_store_is_said(isolated_settings) -> None:
    """A mistyped ZENREI_DB_PATH (with ZENREI_AUTO_SEED=0) opens an empty store: the notebooks ran on nothing without
    a word. They say so first, with the store's path."""
    from assistant.store import Store

    with Store(isolated_settings) as store:
        assert analysis.empty_store_note(store) == (
            f"前例が0件です（DB: {isolated_settings}）。先に取り込んでください: python -m assistant ingest ファイル"
            "（取り込み済みの DB を使うはずなら、ZENREI_DB_PATH のパスを確かめてください）。")


def test_an_empty_store_gives_no_verdicts(isolated_settings, tmp_path) -> None:
    """Against an empty store the outlook of new comments read 「なし（新規に作成）」 at 0 % for each: no precedent to
    judge by, no verdict."""
    from assistant.store import Store
    from retrieval import build_index
    from tests.fakes import FakeEncoder

    with Store(isolated_settings) as store:
        outlook = analysis.new_consultation(build_index(store, FakeEncoder(), index_dir=tmp_path / "index"),
                                            ["除雪を早くしてほしい。", "図書館を広げてほしい。"])
        assert (len(outlook), list(outlook.columns)) == (
            0, ["No.", "ご意見", "前例", "確からしさ", "同趣旨（先頭No.）", "候補の回答", "出典", "判定なしの理由"])


def test_a_store_with_precedents_has_no_empty_note(seeded) -> None:
    assert analysis.empty_store_note(seeded) == ""


def test_templates_table_keeps_its_columns_when_nothing_recurs(isolated_settings, tmp_path) -> None:
    """A store where no answer paragraph recurs (empty, or one document of different answers) gave a table with no
    columns at all."""
    from assistant.store import Store

    columns = ["前例数", "文書数", "文面", "この文面の前例数", "文面の種類", "定型文", "使われた場所", "テンプレートID"]
    with Store(isolated_settings) as store:
        assert (len(analysis.templates_table(store)), list(analysis.templates_table(store).columns)) == (0, columns)
    rows = [["No.", "ご意見", "本市の考え方"], ["1", "除雪を早くしてほしい。", "優先して除雪します。"],
            ["2", "図書館を広げてほしい。", "計画の中で検討します。"]]
    with csv_corpus(tmp_path, "one", rows) as store:
        assert (len(analysis.templates_table(store)), list(analysis.templates_table(store).columns)) == (0, columns)


def test_precedents_without_a_comment_are_no_inconsistent_answers() -> None:
    """Review 145: answers published without their comment were paired with each other (two empty comments, similarity
    1.0: k(k-1)/2 false pairs, listed first). They are left out and counted in ``attrs["no_comment"]``."""
    from types import SimpleNamespace

    from assistant import settings
    from assistant.textnorm import normalize
    from retrieval.corpus import answer_families

    rows = [("p1", "除雪を早くしてほしい。", "幹線道路から順に除雪します。"), ("p2", "", "図書館の開館時間は利用状況を見て決めます。"),
            ("p3", " ", "公園の遊具は毎年点検しています。"), ("p4", "", "バス路線は事業者と協議します。"),
            ("p5", "除雪を急いでほしい。", "除雪車の台数を増やします。"), ("p6", "", "")]
    precedents = [SimpleNamespace(id=pid, no=pid[1:], document_id="d", comment=comment, answer=answer,
                                  paragraphs=(answer,) if answer else (), template_ids=(f"t{pid}",) if answer else ())
                  for pid, comment, answer in rows]
    for precedent in precedents:
        precedent.answer_norm = normalize(precedent.answer)
    view = SimpleNamespace(precedents=precedents, documents={"d": SimpleNamespace(title="計画", period_start=None)},
                           family=answer_families(precedents, float(settings.get("answer_similarity"))))

    class Fake:
        def current(self):
            return SimpleNamespace(view=view)

        def vectors_for(self, texts, kind=None):  # the empty comments alike, the two on 除雪 alike
            return np.array([[0.0, 1.0] if text.strip() else [1.0, 0.0] for text in texts], dtype=np.float32)

    frame = analysis.inconsistent_answers(Fake())
    assert (list(zip(frame["idA"], frame["idB"])), frame.attrs.get("left_out"), frame.attrs.get("no_comment")) == (
        [("p1", "p5")], ("p6",), ("p2", "p3", "p4"))


def test_an_undated_document_is_no_earlier_period(tmp_path) -> None:
    """Review 145: template_reuse sorted an undated document first ("" the smallest period), so a dated document using
    its wording counted 「以前の期間から」. Undated documents come after the dated ones, and never count as earlier."""
    common = "生活道路の除雪は、地域と協力して、降雪量に応じて出動基準を見直しながら計画的に進めてまいります。"
    rows = [["件名", "日付", "No.", "ご意見", "本市の考え方"],
            ["区民要望への回答一覧", "", "1", "除雪を早くしてほしい。", common],
            ["冬のみちづくりプラン", "2023-05-01", "1", "除雪の回数を増やして。", common],
            ["除雪計画（素案）への意見", "2024-05-01", "1", "除雪を急いでほしい。", common]]
    with csv_corpus(tmp_path, "undated", rows) as store:
        reuse = analysis.template_reuse(store)
    assert reuse[["文書", "開始", "再利用", "以前の期間から"]].values.tolist() == [
        ["冬のみちづくりプラン", "2023-05-01", False, False], ["除雪計画（素案）への意見", "2024-05-01", True, True],
        ["区民要望への回答一覧", "", True, False]]


def test_a_precedent_without_an_answer_has_no_answer_length(tmp_path) -> None:
    """Review 145: 01's histogram of answer lengths drew the precedents published without an answer as answers of 0
    characters."""
    rows = [["No.", "ご意見", "本市の考え方"], ["1", "除雪を早くしてほしい。", "優先して除雪します。"], ["2", "図書館を広げてほしい。", ""]]
    with csv_corpus(tmp_path, "lengths", rows) as store:
        lengths = analysis.precedents_table(store)["回答の文字数"]
    assert (str(lengths.dtype), lengths.tolist()) == ("Int64", [10, pd.NA])


def test_tables_show_line_breaks_as_breaks_and_the_text_escaped(tmp_path) -> None:
    """Notebook review on env6th: every multi-line comment and answer read 「▼該当場所\\np.108\\n▼意見\\n…」 in the notebooks'
    tables (pandas' HTML writes a line break as a literal \\n; 243 of them in 02). ``table_view`` keeps the breaks (CSS
    pre-wrap), escapes the text, writes floats as pandas does, and prints as the frame in a terminal."""
    frame = pd.DataFrame({"ご意見": ["▼該当場所\np.108\n▼意見\n<b>除雪</b>を増やしてほしい。"], "類似度": [0.951], "件数": [3]})
    html = analysis.table_view(frame)._repr_html_()
    assert ">▼該当場所\np.108\n▼意見\n&lt;b&gt;除雪&lt;/b&gt;を増やしてほしい。</td>" in html
    assert "\\n" not in html and "<b>" not in html
    assert "white-space: pre-wrap;" in html and ">0.951</td>" in html and ">3</td>" in html
    assert repr(analysis.table_view(frame)) == repr(frame)
    rows = [["No.", "ご意見", "本市の考え方"]] + [[str(n), f"意見{n}", "除雪は計画に沿って進めます。\n通学路を優先します。"]
                                              for n in (1, 2)]
    with csv_corpus(tmp_path, "lines", rows) as store:
        html = analysis.table_view(analysis.templates_table(store))._repr_html_()
    assert "\\n" not in html and ">除雪は計画に沿って進めます。</td>" in html  # 03's 文面 too


def test_tables_show_a_missing_value_as_nothing_and_say_when_they_show_only_the_first_rows() -> None:
    """Second reading: a missing float read 「nan」 (the float formatter ran before na_rep), and a table past pandas'
    262,144 cells lost rows under a bare 「...」 row (70,000 rows of 4 columns: 56,000 shown, nothing said)."""
    frame = pd.DataFrame({"ご意見": ["除雪", None], "類似度": [np.nan, 0.5], "件数": pd.array([pd.NA, 2], dtype="Int64")})
    html = analysis.table_view(frame)._repr_html_()
    assert "nan" not in html and "None" not in html and "&lt;NA&gt;" not in html and ">0.5</td>" in html
    assert "<caption" not in html
    big = pd.DataFrame({"ご意見": ["除雪"] * 70_000, "類似度": [0.5] * 70_000, "件数": [1] * 70_000, "回答": ["可"] * 70_000})
    html = analysis.table_view(big)._repr_html_()
    assert html.count("<tr>") == 65_537  # the header and 262,144 / 4 rows
    assert "<caption>全 70,000 行のうち先頭 65,536 行を表示しています（表全体は DataFrame のまま使えます）。</caption>" in html
    assert repr(analysis.table_view(big)) == repr(big)


def test_bar_charts_grow_with_their_bars() -> None:
    """Notebook 01 drew its bar charts 3 to 3.5 inches high whatever the number of documents: 30 documents' labels
    overprinted one another, bars 3 px high. 0.3 inch a bar, within 3 and 30 inches."""
    assert [analysis.bar_chart_height(n) for n in (0, 2, 5, 30, 58, 116, 1000)] == [3.0, 3.0, 3.0, 10.5, 18.9, 30.0, 30.0]


def test_reuse_of_a_closing_is_no_reuse_of_approved_wording(tmp_path) -> None:
    """Review r2 D2: 01 prints 「定型文を除くと … 件。定型文: 話題を問わず多くの回答に付く文」, but 「定型文以外を再利用」 left
    out only stock sentences speaking of the comment (ご意見, 参考): four answers that reuse nothing but env6th's
    closing 「以上のことから、原案のとおりとさせていただきます。」 (a closing, :func:`analysis.closing_templates`) counted."""
    with csv_corpus(tmp_path, "closing", closing_rows()) as store:
        precedents = store.precedents()
        assert analysis.stock_templates(precedents) == set()  # no ご意見 or 参考 in its wording
        reuse = analysis.template_reuse(store)
        table = analysis.templates_table(store)
    assert reuse["再利用"].tolist() == [False, False, True, False, True, False, True, False, True, False]
    assert list(zip(table["文面"], table["定型文"], table["前例数"])) == [(CLOSING, True, 5)]  # before: False
    assert reuse["定型文以外を再利用"].tolist() == [False] * 10  # before: True for No.3, 5, 7, 9


def test_a_topic_paragraph_naming_the_plan_or_the_comment_is_no_closing_formula(tmp_path) -> None:
    """Review sr5 D4: topic_free_closings took any closing holding 指摘 or 原案 for one said whatever the topic, so
    short policy paragraphs reused under every answer (「生活道路の除雪は、原案のとおり…」, 「ご指摘の歩道除雪は、…」) were
    marked 定型文 and their reuse no reuse of approved wording. A closing made only of a formula's words still is one."""
    road = "生活道路の除雪は、原案のとおり令和7年度から新しい出動基準で実施します。"
    sidewalk = "ご指摘の歩道除雪は、令和7年度から通学路を優先して実施します。"
    formula = "ご指摘の趣旨は、原案に含まれていることから、原案のとおりとさせていただきます。"
    rows = [["No.", "ご意見", "本市の考え方"]] + [[str(n), f"除雪についての意見{n}", f"{road}\n{sidewalk}\n{formula}"]
                                               for n in range(1, 7)]
    with csv_corpus(tmp_path, "snow", rows) as store:
        precedents = store.precedents()
        texts = analysis._template_texts(precedents)
        free = {texts[tid] for tid in analysis.topic_free_closings(precedents)}
        reuse = analysis.template_reuse(store)
        table = analysis.templates_table(store)
    assert free == {formula}  # before: all three
    assert sorted(zip(table["文面"], table["定型文"])) == sorted([(road, False), (sidewalk, False), (formula, True)])
    assert reuse["定型文以外を再利用"].tolist() == [False] + [True] * 5  # before: False for every answer
    assert [bool(analysis._CLOSING_FORMULA.fullmatch(text)) for text in (
        "以上のことから、原案のとおりとさせていただきます。", "ご指摘のとおり修正いたします。",
        "いただいたご意見については、今後の施策の参考とさせていただきます。")] == [True, True, True]


def test_closings_of_every_wording_the_offices_use_are_closing_formulas() -> None:
    """Second reading 239: the first word list lacked どおり, まま, 以下, 次, 理由により, 承り, 貴重な and いただき, so
    these closings, said under many answers whatever the topic, were no longer 定型文."""
    assert [bool(analysis._CLOSING_FORMULA.fullmatch(text)) for text in (
        "以上のことから、原案どおりとさせていただきます。", "原案のままとさせていただきます。", "ご意見を踏まえ、以下のとおり修正します。",
        "次のとおり修正いたします。", "以上の理由により、原案のとおりとします。", "ご意見として承ります。",
        "貴重なご意見をいただき、ありがとうございました。",
        "生活道路の除雪は、原案のとおり令和7年度から新しい出動基準で実施します。")] == [True] * 7 + [False]


def test_a_template_shows_its_most_used_wording_and_how_many_wordings_it_holds(tmp_path) -> None:
    """Review rb D3: 03 showed a template's stored wording as 文面 with 前例数 100, where that very text was in 41 answers
    and 14 other wordings in the rest, with no sign of it. The stored wording is the first batch's most used: here the
    plan's 2 answers, before the minutes' 3 of another wording joined it."""
    import csv

    from assistant.ingest import ingest
    from assistant.store import Store

    first = "生活道路の除雪は、地域と協力して、降雪量に応じて出動基準を見直しながら計画的に進めてまいります。"
    second = "生活道路の除雪は、地域と協力して、降雪量に応じて出動基準を見直しながら計画的に進めます。"
    paths = []
    for name, title, wording, count in (("plan", "冬のみちづくりプラン", first, 2), ("more", "除雪計画の追加意見", second, 3)):
        paths.append(tmp_path / f"{name}.csv")
        with paths[-1].open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([["件名", "No.", "ご意見", "本市の考え方"],
                                          *[[title, str(n), f"除雪の意見{n}", wording] for n in range(1, count + 1)]])
    with Store(tmp_path / "s.sqlite3") as store:
        for path in paths:
            ingest([path], store)
        (template,) = store.templates(min_precedents=2)
        table = analysis.templates_table(store)
        wordings = analysis.template_wordings(store, template.id)
        unknown = analysis.template_wordings(store, "t000000000000")
    assert template.text == first  # the stored text stays; the table shows the most used
    assert table[["前例数", "文面", "この文面の前例数", "文面の種類"]].values.tolist() == [[5, second, 3, 2]]
    assert wordings.values.tolist() == [[second, 3, "除雪計画の追加意見 No.1, 2, 3"], [first, 2, "冬のみちづくりプラン No.1, 2"]]
    assert (len(unknown), list(unknown.columns)) == (0, ["文面", "前例数", "使われた場所"])


def test_places_are_grouped_by_document_and_cut_after_five_a_document(tmp_path) -> None:
    """Review rb D4: 使われた場所 repeated a document's label before every No., 3,750 characters for env6th's 100 uses in
    one document. Nos. go after their document once; past 5 a document the rest are counted."""
    common = "生活道路の除雪は、地域と協力して、降雪量に応じて出動基準を見直しながら計画的に進めてまいります。"
    rows = [["件名", "No.", "ご意見", "本市の考え方"], *[["冬のみちづくりプラン", str(n), f"除雪の意見{n}", common] for n in range(1, 4)],
            *[["除雪計画の追加意見", str(n), f"排雪の意見{n}", common] for n in range(1, 26)]]
    with csv_corpus(tmp_path, "grouped", rows) as store:
        places = analysis.templates_table(store)["使われた場所"].tolist()
    assert places == ["冬のみちづくりプラン No.1, 2, 3 / 除雪計画の追加意見 No.1, 2, 3, 4, 5 ほか 20 件"]


def dated_corpus(tmp_path, files: list[tuple[str, str, str, list[tuple[str, str]]]]):
    """A store of staff CSVs ``(name, title, date, [(No., answer)])``, ingested as a user would, in that order."""
    import csv
    from contextlib import contextmanager

    from assistant.ingest import ingest
    from assistant.store import Store

    @contextmanager
    def opened():
        with Store(tmp_path / "dated.sqlite3") as store:
            for name, title, date, answers in files:
                path = tmp_path / f"{name}.csv"
                with path.open("w", encoding="utf-8", newline="") as handle:
                    csv.writer(handle).writerows([["No.", "ご意見", "市の考え方", "件名", "日付"],
                                                  *[[no, f"{name}の意見{no}", answer, title, date] for no, answer in answers]])
                ingest([path], store)
            yield store

    return opened()


def test_places_name_every_document_newest_last_with_five_nos_each(tmp_path) -> None:
    """Second reading s1 D1: 20 Nos. over the whole cell kept the oldest document's first 20 uses and folded the rest
    into 「ほか 9 件」, so the two newer documents reusing the wording (文書数 3) were named nowhere. Each document is named,
    in publication order, with at most 5 of its Nos."""
    to = "いただいたご意見は、今後の施策の参考とさせていただきます。"
    ni = "いただいたご意見は、今後の施策の参考にさせていただきます。"
    with dated_corpus(tmp_path, [("a", "市総合計画（案）への意見", "2022-04-01", [(str(n), to) for n in range(1, 26)]),
                                 ("c", "市総合計画（案）への意見・追加分", "2024-05-01", [("1", ni)]),
                                 ("b", "市総合計画（案）への意見", "2024-04-01", [("1", to), ("2", ni), ("3", ni)])]) as store:
        table = analysis.templates_table(store)
        wordings = analysis.template_wordings(store, table["テンプレートID"].iloc[0])
    assert table[["前例数", "文書数", "使われた場所"]].values.tolist() == [
        [29, 3, "市総合計画（案）への意見（令和4年4月1日） No.1, 2, 3, 4, 5 ほか 20 件 / 市総合計画（案）への意見（令和6年4月1日） No.1, 2, 3"
                " / 市総合計画（案）への意見・追加分（令和6年5月1日） No.1"]]
    assert wordings.values.tolist() == [
        [to, 26, "市総合計画（案）への意見（令和4年4月1日） No.1, 2, 3, 4, 5 ほか 20 件 / 市総合計画（案）への意見（令和6年4月1日） No.1"],
        [ni, 3, "市総合計画（案）への意見（令和6年4月1日） No.2, 3 / 市総合計画（案）への意見・追加分（令和6年5月1日） No.1"]]


def test_places_past_eight_documents_keep_the_first_and_the_newest() -> None:
    """Second reading s1 D1: with many documents the cell stays short, and what it leaves out are the documents between
    the first use and the newest seven, counted 「ほか N 文書（M 件）」."""
    labels = {f"d{i}": f"文書{i}" for i in range(10)}
    uses = [((f"2020-{i + 1:02d}-01", "", f"d{i}", (no,)), f"d{i}", str(no), f"d{i}-{no}")
            for i in range(10) for no in range(1, i + 2)]
    assert analysis._places_text(uses, labels) == (
        "文書0 No.1 / ほか 2 文書（5 件） / 文書3 No.1, 2, 3, 4 / 文書4 No.1, 2, 3, 4, 5 / 文書5 No.1, 2, 3, 4, 5 ほか 1 件"
        " / 文書6 No.1, 2, 3, 4, 5 ほか 2 件 / 文書7 No.1, 2, 3, 4, 5 ほか 3 件 / 文書8 No.1, 2, 3, 4, 5 ほか 4 件"
        " / 文書9 No.1, 2, 3, 4, 5 ほか 5 件")
    assert analysis._places_text(uses[:36], labels).startswith("文書0 No.1 / 文書1 No.1, 2 / ")  # 8 documents: all named


def test_wording_ties_go_to_the_one_used_first_in_number_order(tmp_path) -> None:
    """Second reading s1 D3: ties were broken by paragraph id as a string (「…-21:0」 before 「…-3:0」, 「…-211:0」 before
    「…-22:0」), so No.21's wording came before No.3's, and No.211's way of writing a wording before No.22's, though the
    docstring said "the wording used first". Ties now follow the order of 使われた場所: No.3 before No.21, No.22 before No.211."""
    base = "生活道路の除雪は、地域と協力して、降雪量に応じて出動基準を見直しながら計画的に進めてまいります。"
    early = "生活道路の除雪は、地域と協力して、降雪量に応じて出動基準を見直しながら順次進めてまいります。"
    late = "生活道路の除雪は、地域と協力して、降雪量に応じて出動基準を見直しながら計画的に進めます。"
    spaced = "生活道路の除雪は、地域と協力して、降雪量に応じて出動基準を見直しながら 計画的に進めます。"  # late, normalised
    with dated_corpus(tmp_path, [("a", "冬のみちづくりプラン", "2024-04-01",
                                  [("3", base), ("4", base), ("211", late), ("21", early), ("212", early), ("22", spaced)])]) as store:
        (template,) = store.templates(min_precedents=2)
        wordings = analysis.template_wordings(store, template.id)
    assert template.text == late  # the stored text goes first
    assert wordings.values.tolist() == [
        [spaced, 2, "冬のみちづくりプラン（令和6年4月1日） No.22, 211"],  # No.22 writes it first; before: No.211's way
        [base, 2, "冬のみちづくりプラン（令和6年4月1日） No.3, 4"],  # before: after early (No.21)
        [early, 2, "冬のみちづくりプラン（令和6年4月1日） No.21, 212"]]
