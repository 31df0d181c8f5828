"""Batch input: reading comments from paste, CSV and XLSX; grouping near-identical comments."""

from __future__ import annotations

import pandas as pd
import pytest

from assistant.batch import group_similar, read_comment_file, read_pasted, suggest_batch
from assistant.errors import NoContentError
from retrieval import build_index
from tests.fakes import FakeEncoder


@pytest.mark.parametrize(
    ("text", "comments"),
    [
        ("一件目\n二件目\n\n", ["一件目", "二件目"]),
        ("一件目の一行目\n一件目の二行目\n\n二件目", ["一件目の一行目\n一件目の二行目", "二件目"]),
        ("  \n ", []),
    ],
)
def test_read_pasted(text, comments) -> None:
    assert read_pasted(text) == comments


def test_read_csv_in_cp932_with_a_comment_column(tmp_path) -> None:
    path = tmp_path / "comments.csv"
    pd.DataFrame([["番号", "ご意見"], ["1", "除雪を増やして"], ["2", "図書館を広げて"]]).to_csv(
        path, header=False, index=False, encoding="cp932")
    assert read_comment_file(path) == ["除雪を増やして", "図書館を広げて"]


def test_read_xlsx_without_header_uses_the_first_column(tmp_path) -> None:
    path = tmp_path / "comments.xlsx"
    pd.DataFrame([["除雪を増やして"], ["図書館を広げて"]]).to_excel(path, header=False, index=False)
    assert read_comment_file(path) == ["除雪を増やして", "図書館を広げて"]


def test_empty_spreadsheet_is_explained(tmp_path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("ご意見\n\n", encoding="utf-8")
    with pytest.raises(NoContentError) as caught:
        read_comment_file(path)
    assert caught.value.reason == "ご意見の行がありません。1行に1件のご意見を入れてください。"


def test_near_duplicates_share_a_group() -> None:
    comments = ["マイナンバーカードの取得は義務ですか。", "除雪を増やして。", "マイナンバーカードの取得は義務ですか？", "マイナンバーカードの取得は義務なのでしょうか、教えてください。"]
    assert group_similar(comments) == [0, 1, 0, 3]


def test_suggest_batch_searches_each_group_once_and_keeps_bad_rows(seeded, tmp_path) -> None:
    retriever = build_index(seeded, FakeEncoder(), index_dir=tmp_path)
    calls = []
    rows = suggest_batch(retriever, ["カードは任意か。", "カードは任意か！", "🙏"], progress=lambda d, t: calls.append((d, t)))
    assert [row.group for row in rows] == [0, 0, 2]
    assert calls == [(1, 2), (2, 2)]
    assert rows[1].suggestions == rows[0].suggestions
    assert rows[2].error == "文字が含まれていません（絵文字や記号だけのようです）。ご意見の本文を入力してください。"
    assert rows[2].no_precedent is True


def test_read_xlsx_with_a_title_row_above_the_header(tmp_path) -> None:
    path = tmp_path / "comments.xlsx"
    pd.DataFrame([["令和8年度 除雪計画へのご意見一覧", ""], ["", ""], ["番号", "ご意見"], ["1", "除雪を増やして"],
                  ["2", "図書館を広げて"]]).to_excel(path, header=False, index=False)
    assert read_comment_file(path) == ["除雪を増やして", "図書館を広げて"]


def test_read_xlsx_with_a_title_row_above_a_lone_comment_header(tmp_path) -> None:
    path = tmp_path / "comments.xlsx"
    pd.DataFrame([["ご意見一覧（令和8年）"], ["ご意見"], ["除雪を増やして"], ["図書館を広げて"]]).to_excel(
        path, header=False, index=False)
    assert read_comment_file(path) == ["除雪を増やして", "図書館を広げて"]


def test_save_batch_saves_again_with_the_version_and_reports_a_colleagues_save_per_row(store) -> None:
    from dataclasses import replace

    from assistant.batch import save_batch
    from assistant.drafts import Consultation, Draft, find_draft, list_drafts, save_draft

    info = Consultation("雪", "除雪計画")
    first = save_batch(store, info, [Draft(None, "雪", "1・2", "除雪を増やして", "計画的に実施します。", author="山田"),
                                     Draft(None, "雪", "3", "図書館を広げて", "検討します。", author="山田")])
    assert {no: d.version for no, d in first.saved.items()} == {"1・2": 1, "3": 1}
    save_draft(store, replace(first.saved["3"], text="同僚の回答です。", author="佐藤"))
    again = save_batch(store, info, [replace(first.saved["1・2"], text="計画的に実施してまいります。"),
                                     replace(first.saved["3"], text="私の二回目の回答です。")])
    assert {no: d.version for no, d in again.saved.items()} == {"1・2": 2}
    assert list(again.conflicts) == ["3"]
    assert again.conflicts["3"].theirs.text == "同僚の回答です。"
    assert [(d.item_no, d.text, d.version) for d in list_drafts(store, consultation="雪")] == [
        ("1・2", "計画的に実施してまいります。", 2), ("3", "同僚の回答です。", 2)]
    assert find_draft(store, "雪", "3").author == "佐藤"


def test_save_batch_masks_the_comment_and_keeps_the_answer_as_written(store) -> None:
    from assistant.batch import save_batch
    from assistant.drafts import Consultation, Draft, list_drafts

    save_batch(store, Consultation("雪", "除雪計画"), [
        Draft(None, "雪", "1", "山田太郎と申します。除雪を", "例年同様に実施します。電話011-211-2682へ。", author="山田")])
    assert [(d.comment, d.text) for d in list_drafts(store, consultation="雪")] == [
        ("●●●と申します。除雪を", "例年同様に実施します。電話011-211-2682へ。")]


def test_save_batch_leaves_a_blank_answer_unsaved_and_names_it(store) -> None:
    from assistant.batch import save_batch
    from assistant.drafts import Consultation, Draft, list_drafts

    result = save_batch(store, Consultation("雪", "除雪計画"), [
        Draft(None, "雪", "1", "除雪を増やして", "計画的に実施します。", author="山田"),
        Draft(None, "雪", "2", "図書館を広げて", "  \n", author="山田"),
        Draft(None, "雪", "3", "公園を直して", "順次直します。", author="山田")])
    assert (list(result.saved), result.conflicts, result.empty) == (["1", "3"], {}, ("2",))
    assert [d.item_no for d in list_drafts(store, consultation="雪")] == ["1", "3"]
