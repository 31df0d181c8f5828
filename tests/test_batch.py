"""Batch input: reading comments from paste, CSV and XLSX; grouping near-identical comments."""

from __future__ import annotations

import pandas as pd
import pytest

from assistant.batch import BatchRow, group_similar, read_comment_file, read_comments, read_pasted, suggest_batch
from assistant.errors import NoContentError, UnknownEncodingError
from retrieval import build_index
from retrieval.results import TOO_FEW_WORDS
from tests.fakes import FakeEncoder
from tests.test_readers_spreadsheet import hide_every_sheet


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


def test_a_paste_read_as_blocks_says_so() -> None:
    """A stray blank line in a list of one comment a line makes blocks of it: the reading is said, with the fix."""
    notes = []
    assert read_pasted("除雪を増やして。\n図書館を広げて。\n公園を直して。\n\nバスを増やして。\n歩道を広げて。", notes) == [
        "除雪を増やして。\n図書館を広げて。\n公園を直して。", "バスを増やして。\n歩道を広げて。"]
    assert notes == ["空行で区切られた 2 個のまとまりを、それぞれ 1 件のご意見として読みました（うち 2 件は複数の行をまとめて"
                     "います）。1 行に 1 件のつもりなら、空行を消してください。"]
    notes = []
    assert read_pasted("除雪を増やして。\n\n図書館を広げて。\n", notes) == ["除雪を増やして。", "図書館を広げて。"]
    assert notes == []  # blank lines between single lines: nothing joined


def test_read_csv_in_cp932_with_a_comment_column(tmp_path) -> None:
    path = tmp_path / "comments.csv"
    pd.DataFrame([["番号", "ご意見"], ["1", "除雪を増やして"], ["2", "図書館を広げて"]]).to_csv(
        path, header=False, index=False, encoding="cp932")
    assert read_comment_file(path) == ["除雪を増やして", "図書館を広げて"]


UNICODE_TEXT = "No.\tご意見\r\n1\t除雪の回数を増やしてほしい。\r\n2\t図書館の開館時間を延ばしてほしい。\r\n".encode("utf-16")


def test_excels_unicode_text_is_read_as_a_table_not_as_pasted_lines(tmp_path) -> None:
    path = tmp_path / "comments.txt"
    path.write_bytes(UNICODE_TEXT)
    assert read_comment_file(path) == ["除雪の回数を増やしてほしい。", "図書館の開館時間を延ばしてほしい。"]
    path.write_text("除雪の回数を増やしてほしい。\n図書館の開館時間を\t延ばしてほしい。\n", encoding="utf-8")
    assert read_comment_file(path) == ["除雪の回数を増やしてほしい。", "図書館の開館時間を\t延ばしてほしい。"]


@pytest.mark.parametrize(("name", "data", "codec"), [
    ("comments.csv", UNICODE_TEXT[:-1], "UTF-16"), ("comments.txt", UNICODE_TEXT[:-1], "UTF-16"),
    ("comments.csv", "No.,ご意見\n1,除雪\n".encode("utf-32")[:-1], "UTF-32"),
])
def test_a_truncated_unicode_text_gets_a_message(tmp_path, name, data, codec) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnknownEncodingError) as raised:
        read_comment_file(path)
    assert raised.value.reason == (f"{codec}（Excel の「Unicode テキスト」など）のファイルですが、途中で切れているか壊れているため"
                                   "読めません。元のファイルからもう一度保存し直してください。")


def test_read_xlsx_without_header_uses_the_first_column(tmp_path) -> None:
    path = tmp_path / "comments.xlsx"
    pd.DataFrame([["除雪を増やして"], ["図書館を広げて"]]).to_excel(path, header=False, index=False)
    assert read_comment_file(path) == ["除雪を増やして", "図書館を広げて"]


def staff_workbook(path):
    """A staff list as kept over a consultation: a hidden working sheet, one sheet a week (a withdrawn comment
    hidden on the first), a summary sheet without a ご意見 column."""
    from openpyxl import Workbook

    book = Workbook()
    scratch = book.active
    scratch.title, scratch.sheet_state = "作業用", "hidden"
    scratch.append(["メモ"])
    first = book.create_sheet("第1週")
    for row in (["No.", "ご意見"], [1, "除雪を増やして。"], [2, "（取り下げ）先ほどの意見は取り消します。"], [3, "図書館を広げて。"]):
        first.append(row)
    first.row_dimensions[3].hidden = True
    second = book.create_sheet("第2週")
    second.append(["No.", "ご意見"])
    second.append([1, "公園を増やして。"])
    summary = book.create_sheet("集計")
    for row in (["分類", "ご意見数"], ["除雪", 1], ["図書館", 1]):
        summary.append(row)
    book.active = 1
    book.save(path)
    return path


def test_a_staff_workbook_reads_every_shown_sheet_with_comments_and_names_what_it_leaves_out(tmp_path) -> None:
    notes = []
    assert list(read_comments(staff_workbook(tmp_path / "comments.xlsx"), notes)) == [
        "除雪を増やして。", "図書館を広げて。", "公園を増やして。"]
    assert notes == [
        "非表示のシート「作業用」は読みませんでした。必要なら Excel で再表示してから取り込んでください。",
        "シート「集計」には、ご意見の一覧の見出し行がないため読みませんでした。",
        "シート「第1週」の非表示の行 1 行（3行目）は読みませんでした。必要なら Excel で再表示してから取り込んでください。"]


def test_the_row_limit_holds_for_the_whole_workbook_not_each_sheet(tmp_path, monkeypatch) -> None:
    from openpyxl import Workbook

    from assistant.errors import InputTooLargeError

    monkeypatch.setenv("ZENREI_MAX_ROWS", "3")
    book = Workbook()
    book.active.title = "第1週"
    for row in (["ご意見"], ["一つ目。"], ["二つ目。"]):
        book.active.append(row)
    second = book.create_sheet("第2週")
    for row in (["ご意見"], ["三つ目。"], ["四つ目。"]):
        second.append(row)
    book.save(tmp_path / "weeks.xlsx")
    with pytest.raises(InputTooLargeError) as caught:
        read_comment_file(tmp_path / "weeks.xlsx")
    assert caught.value.reason.startswith("内容のある行が上限の 3 行を超えています。")


def test_a_workbook_with_every_sheet_hidden_reads_the_first_and_says_so(tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["ご意見"])
    book.active.append(["除雪を増やして。"])
    book.save(tmp_path / "shown.xlsx")
    hide_every_sheet(tmp_path / "shown.xlsx", tmp_path / "hidden.xlsx")
    notes = []
    assert list(read_comments(tmp_path / "hidden.xlsx", notes)) == ["除雪を増やして。"]
    assert notes == ["表示されているシートがないため、非表示のシート「Sheet」を読みました。"]


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


def test_a_rows_probability_reads_as_on_the_draft_page_and_not_at_all_without_a_verdict(seeded, tmp_path) -> None:
    """一括起案 wrote a row's probabilities with 「:.0%」: 0.18524 against 0.18592 read 19 % there and 18 % on 起案, and a
    bare keyword, which 起案 and ``suggest`` show as 「判定なし」, read 「確からしさ 94%」 with its candidates'."""
    row = BatchRow(0, "ご意見", 0, (), 0.18524, True, threshold=0.18592)
    assert (row.percent(row.confidence), row.percent(0.94), row.threshold_text) == ("18%", "94%", "19%")
    retriever = build_index(seeded, FakeEncoder(), index_dir=tmp_path)
    keyword, sentence, symbols = suggest_batch(retriever, ["マイナンバーカード", "マイナンバーカードの取得は任意ですか。", "🙏"])
    assert (keyword.judged, keyword.no_precedent, keyword.note) == (False, True, TOO_FEW_WORDS)
    assert keyword.suggestions and {keyword.percent(s.score) for s in keyword.suggestions} == {"判定なし"}
    assert keyword.percent(keyword.confidence) == "判定なし"
    point = retriever.search_point("マイナンバーカードの取得は任意ですか。", 3)
    assert (sentence.judged, sentence.threshold) == (True, point.threshold)
    assert sentence.percent(sentence.confidence) == point.percent(point.confidence) != "判定なし"
    assert (symbols.judged, symbols.percent(symbols.confidence)) == (False, "判定なし")  # not searched: no verdict


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


# --- a batch opened again after its list of comments changed -------------------------------------
CARD, SNOW, LIBRARY, PARK = ("マイナンバーカードの取得は義務なのですか。", "除雪の回数を増やしてほしい。",
                             "図書館の開館時間を延ばしてほしい。", "公園の遊具を新しくしてほしい。")


def _answered(store, comments: list[str]) -> None:
    """Save an answer 「回答: <comment>」 for each group of a first list of comments."""
    from assistant.batch import group_batch, save_batch
    from assistant.drafts import Consultation, Draft

    save_batch(store, Consultation("雪", "除雪計画"), [
        Draft(None, "雪", group.no, group.summary, f"回答: {group.comment}", author="山田")
        for group in group_batch(comments)])


def test_a_comment_added_first_keeps_every_answer_with_its_comment_and_renumbers_it(store) -> None:
    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft, draft_versions, list_drafts
    from assistant.export import answer_table

    _answered(store, [SNOW, LIBRARY, PARK])
    groups = group_batch([CARD, SNOW, LIBRARY, PARK])  # a late comment put first: every No. moves by one
    found = saved_answers(store, "雪", groups)
    assert {index: draft.item_no for index, draft in found.drafts.items()} == {1: "1", 2: "2", 3: "3"}
    assert [(draft.item_no, no) for draft, no in found.moves] == [("1", "2"), ("2", "3"), ("3", "4")]
    assert (found.reworded, found.unmatched) == (frozenset(), ())
    new = Draft(None, "雪", "1", CARD, "任意です。", author="佐藤")
    edited = Draft(found.drafts[2].id, "雪", "3", LIBRARY, "延長を検討します。", author="佐藤", version=found.drafts[2].version)
    result = save_batch(store, Consultation("雪", "除雪計画"), [new, edited], answers=found)
    assert ({old: draft.item_no for old, draft in result.renumbered.items()}, result.not_renumbered, result.conflicts) == (
        {"1": "2", "2": "3", "3": "4"}, {}, {})
    assert answer_table(store, "雪").rows == (
        ("1", CARD, "任意です。"), ("2", SNOW, f"回答: {SNOW}"), ("3", LIBRARY, "延長を検討します。"), ("4", PARK, f"回答: {PARK}"))
    library = next(draft for draft in list_drafts(store, consultation="雪") if draft.item_no == "3")
    assert [(v.version, v.text) for v in draft_versions(store, library.id)] == [
        (1, f"回答: {LIBRARY}"), (2, f"回答: {LIBRARY}"), (3, "延長を検討します。")]
    assert saved_answers(store, "雪", groups).moves == ()  # opened again: nothing left to move


def test_a_draft_saved_before_words_line_breaks_were_read_still_finds_its_comment(store) -> None:
    # second reading sr-ctl #1: U+000B was removed before, and the batch saved the lines joined; read as line breaks,
    # the comment's key differed, and with a comment added first its draft was left unmatched, No.3 unanswered
    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft, list_drafts

    letter = "氏名：山田太郎\v住所：札幌市北区北1条西2丁目\v図書館の開館時間を延ばしてほしい。"
    old = "氏名：山田太郎住所：●●●図書館の開館時間を延ばしてほしい。"  # as the batch saved it before
    save_batch(store, Consultation("雪", "除雪計画"), [
        Draft(None, "雪", no, comment, f"回答{no}", author="山田") for no, comment in (("1", SNOW), ("2", old), ("3", PARK))])
    found = saved_answers(store, "雪", group_batch([CARD, SNOW, letter, PARK]))
    assert {index: draft.item_no for index, draft in found.drafts.items()} == {1: "1", 2: "2", 3: "3"}
    assert [(draft.item_no, no) for draft, no in found.moves] == [("1", "2"), ("2", "3"), ("3", "4")]
    assert (found.reworded, found.unmatched) == (frozenset(), ())
    result = save_batch(store, Consultation("雪", "除雪計画"), [Draft(None, "雪", "1", CARD, "任意です。", author="佐藤")],
                        answers=found)
    assert ({old: draft.item_no for old, draft in result.renumbered.items()}, result.not_renumbered) == (
        {"1": "2", "2": "3", "3": "4"}, {})
    assert [(d.item_no, d.text) for d in list_drafts(store, consultation="雪")] == [
        ("1", "任意です。"), ("2", "回答1"), ("3", "回答2"), ("4", "回答3")]


def test_a_comment_removed_moves_the_answers_below_it_up(store) -> None:
    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, list_drafts

    _answered(store, [CARD, SNOW, LIBRARY])
    found = saved_answers(store, "雪", group_batch([SNOW, LIBRARY]))
    assert [draft.item_no for draft in found.unmatched] == ["1"]
    result = save_batch(store, Consultation("雪", "除雪計画"), [], answers=found)
    assert result.renumbered == {}
    assert result.not_renumbered == {"2": "No.1 には、別のご意見への回答案が保存されています。",
                                     "3": "No.2 の回答案も番号を付け替えられません。"}
    assert [(d.item_no, d.comment) for d in list_drafts(store, consultation="雪")] == [("1", CARD), ("2", SNOW), ("3", LIBRARY)]


def test_a_corrected_comment_keeps_its_answer_at_its_no_and_an_unrelated_one_does_not(store) -> None:
    from assistant.batch import group_batch, saved_answers

    _answered(store, [SNOW, LIBRARY])
    found = saved_answers(store, "雪", group_batch(["除雪の回数を増やしてほしいです。", PARK]))
    assert {index: draft.comment for index, draft in found.drafts.items()} == {0: SNOW}
    assert found.reworded == frozenset({0})
    assert [draft.comment for draft in found.unmatched] == [LIBRARY]


def test_a_masked_comment_and_a_grown_group_still_find_their_answer(store) -> None:
    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft

    named = "山田太郎と申します。除雪の回数を増やしてほしい。"
    save_batch(store, Consultation("雪", "除雪計画"), [  # saved whole, as before the batch left the letter out
        Draft(None, "雪", "1", named, f"回答: {named}", author="山田"),
        Draft(None, "雪", "2", LIBRARY, f"回答: {LIBRARY}", author="山田")])
    groups = group_batch([LIBRARY, named, "図書館の開館時間を延ばしてほしい！"])
    found = saved_answers(store, "雪", groups)
    assert [group.no for group in groups] == ["1・3", "2"]
    assert {index: (draft.item_no, draft.comment) for index, draft in found.drafts.items()} == {
        0: ("2", LIBRARY), 1: ("1", "●●●と申します。除雪の回数を増やしてほしい。")}
    assert [(draft.item_no, no) for draft, no in found.moves] == [("2", "1・3"), ("1", "2")]


def test_renumbering_leaves_a_draft_a_colleague_saved_since_and_says_why(store) -> None:
    from dataclasses import replace

    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, find_draft, list_drafts, save_draft

    _answered(store, [SNOW, LIBRARY])
    found = saved_answers(store, "雪", group_batch([CARD, SNOW, LIBRARY]))
    save_draft(store, replace(find_draft(store, "雪", "2"), text="同僚の回答です。", author="佐藤"))
    result = save_batch(store, Consultation("雪", "除雪計画"), [], answers=found)
    assert {old: draft.item_no for old, draft in result.renumbered.items()} == {}
    assert result.not_renumbered == {"2": "No.2 の回答案は、読み込んだ後に変更されています。",
                                     "1": "No.2 の回答案も番号を付け替えられません。"}
    assert [(d.item_no, d.text) for d in list_drafts(store, consultation="雪")] == [
        ("1", f"回答: {SNOW}"), ("2", "同僚の回答です。")]


def test_renumbering_is_audited(store) -> None:
    from assistant import audit
    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation

    _answered(store, [SNOW])
    save_batch(store, Consultation("雪", "除雪計画"), [], answers=saved_answers(store, "雪", group_batch([CARD, SNOW])))
    entry = audit.entries(store)[0]
    assert (entry.action, entry.target, entry.detail, entry.display_name) == (
        "draft_renumber", "雪 No.2", "No.1 → No.2、版 2", "山田")


def test_an_approved_draft_that_cannot_move_is_neither_written_twice_nor_demoted(store, monkeypatch) -> None:
    """Logins on, a 起案 user: the approved answer cannot be given its group's new No.; its row is not
    written under the new No. (that added a second row for one comment) and says why; the others are saved."""
    from dataclasses import replace

    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft, find_draft, list_drafts, save_draft
    from assistant.users import User

    _answered(store, [SNOW, LIBRARY])
    save_draft(store, replace(find_draft(store, "雪", "1"), status="決裁済"))
    monkeypatch.setenv("ZENREI_LOGINS", "1")
    groups = group_batch([CARD, SNOW, LIBRARY])
    found = saved_answers(store, "雪", groups)
    rows = [Draft(None, "雪", "1", CARD, "任意です。", author="田中"),
            replace(found.drafts[1], item_no="2", text="順次対応します。", author="田中"),
            replace(found.drafts[2], item_no="3", author="田中")]
    result = save_batch(store, Consultation("雪", "除雪計画"), rows, user=User("tanaka", "田中", ("起案",)), answers=found)
    assert {old: draft.item_no for old, draft in result.renumbered.items()} == {"2": "3"}  # the library answer moves
    assert result.unmoved == {"2": "田中 さん（役割: 起案）には状態を決裁済にすること（決裁済の回答案の変更を含む）の権限がありません。"
                                   "役割「決裁」を持つ人に依頼してください（役割は管理者が変更できます）。"}
    assert ({no: draft.comment for no, draft in result.waiting.items()}, list(result.saved), result.refused) == (
        {"1": SNOW}, ["3"], {})
    assert [(d.item_no, d.comment, d.status) for d in list_drafts(store, consultation="雪")] == [
        ("1", SNOW, "決裁済"), ("3", LIBRARY, "下書き")]


def test_a_row_the_user_may_not_change_is_refused_alone(store, monkeypatch) -> None:
    from dataclasses import replace

    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, find_draft, list_drafts, save_draft
    from assistant.users import User

    _answered(store, [SNOW, LIBRARY])
    save_draft(store, replace(find_draft(store, "雪", "1"), status="決裁済"))
    monkeypatch.setenv("ZENREI_LOGINS", "1")
    found = saved_answers(store, "雪", group_batch([SNOW, LIBRARY]))
    rows = [replace(found.drafts[0], text="書き換えます。", author="田中"), replace(found.drafts[1], text="延長します。")]
    result = save_batch(store, Consultation("雪", "除雪計画"), rows, user=User("tanaka", "田中", ("起案",)), answers=found)
    assert list(result.refused) == ["1"] and list(result.saved) == ["2"]
    assert [(d.item_no, d.text) for d in list_drafts(store, consultation="雪")] == [
        ("1", f"回答: {SNOW}"), ("2", "延長します。")]


def test_two_answered_comments_merged_into_one_group_name_the_group(store) -> None:
    from assistant.batch import group_batch, saved_answers

    first, second = "除雪の回数を増やしてほしい。", "除雪の回数を増やしてほしい！"
    _answered(store, [first, LIBRARY])
    from assistant.drafts import Draft, save_draft

    save_draft(store, Draft(None, "雪", "3", second, "別に答えました。", author="山田"))
    found = saved_answers(store, "雪", group_batch([first, LIBRARY, second]))
    assert [(draft.item_no, found.merged.get(draft.id)) for draft in found.unmatched] == [("3", "1・3")]


def test_a_batch_without_an_author_is_refused_before_anything_is_written(store) -> None:
    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft, DraftError, list_drafts

    _answered(store, [SNOW])
    found = saved_answers(store, "雪", group_batch([CARD, SNOW]))
    with pytest.raises(DraftError, match="^担当者名を入力してください。$"):
        save_batch(store, Consultation("雪", "除雪計画"), [Draft(None, "雪", "1", CARD, "任意です。", author=" ")], answers=found)
    assert [(d.item_no, d.version) for d in list_drafts(store, consultation="雪")] == [("1", 1)]


def test_a_worksheet_searched_for_one_consultation_is_refused_under_another_name(store) -> None:
    """The name field is shared with 起案: opening another consultation's draft there changed it, and the next save
    put the worksheet's comments into that consultation (and called its approved No.1 unmatched, to delete)."""
    from dataclasses import replace

    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft, DraftError, list_drafts, save_draft

    save_draft(store, Draft(None, "図書館", "1", LIBRARY, "延長を検討します。", author="山田", status="決裁済"))
    groups = group_batch([SNOW, CARD])
    rows = [Draft(None, "図書館", group.no, group.summary, "回答です。", author="佐藤") for group in groups]
    with pytest.raises(DraftError) as refused:
        save_batch(store, Consultation("図書館"), rows, answers=saved_answers(store, "図書館", groups), searched="雪")
    assert str(refused.value) == ("この一覧は「雪」のご意見です（意見募集の名前は今「図書館」です）。「図書館」にはすでに回答案か"
                                  "件名・期間が保存されているため、一覧の回答はそこには保存しません。保存するときは、意見募集の名前を"
                                  "「雪」に戻してください。「図書館」のご意見で作るときは、「一括で前例を探す」で探し直してください。")
    assert [(d.item_no, d.comment) for d in list_drafts(store, consultation="図書館")] == [("1", LIBRARY)]
    assert list_drafts(store, consultation="雪") == []
    rows = [Draft(None, "ﾕｷ", group.no, group.summary, "回答です。", author="佐藤") for group in groups]
    result = save_batch(store, Consultation("ﾕｷ"), rows, searched="ユキ")  # the same name typed in another width
    assert list(result.saved) == ["1", "2"]
    rows = [replace(row, consultation="雪") for row in rows]
    result = save_batch(store, Consultation("雪"), rows, searched="")  # searched before a name was typed
    assert [(d.item_no, d.comment) for d in result.saved.values()] == [("1", SNOW), ("2", CARD)]


def test_a_worksheet_moves_to_a_corrected_name_under_which_nothing_is_stored(store) -> None:
    """A name corrected before the first save (「除雪計画（素案）」 to 「除雪計画（案）」) was refused like another
    consultation's: the answers could be saved only under the wrong name, or searched again and lost. A name that holds
    a title and period only is still another consultation's."""
    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft, DraftError, list_drafts, save_consultation

    groups = group_batch([SNOW, CARD])
    rows = [Draft(None, "除雪計画（案）", group.no, group.summary, "回答です。", author="佐藤") for group in groups]
    result = save_batch(store, Consultation("除雪計画（案）"), rows, answers=saved_answers(store, "除雪計画（案）", groups),
                        searched="除雪計画（素案）")
    assert [(d.item_no, d.comment) for d in result.saved.values()] == [("1", SNOW), ("2", CARD)]
    assert [d.item_no for d in list_drafts(store, consultation="除雪計画（案）")] == ["1", "2"]
    assert list_drafts(store, consultation="除雪計画（素案）") == []
    save_consultation(store, Consultation("図書館", "図書館計画"))
    rows = [Draft(None, "図書館", group.no, group.summary, "回答です。", author="佐藤") for group in groups]
    with pytest.raises(DraftError, match="^この一覧は「除雪計画（案）」のご意見です（意見募集の名前は今「図書館」です）。「図書館」には"):
        save_batch(store, Consultation("図書館"), rows, searched="除雪計画（案）")
    assert list_drafts(store, consultation="図書館") == []


def test_a_colleagues_approved_answer_that_cannot_move_keeps_the_new_row_from_being_added(store, monkeypatch) -> None:
    """Nothing saved from the worksheet yet; a 決裁 colleague saves the answer to its second comment at No.1
    from the 起案 page. The 起案 user's save cannot move it, and must not add a second row for that comment."""
    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft, list_drafts, save_draft
    from assistant.users import User

    monkeypatch.setenv("ZENREI_LOGINS", "1")
    boss = User("boss", "課長", ("決裁",))
    save_draft(store, Draft(None, "雪", "1", SNOW, "承認した回答です。", author="課長", status="決裁済"), user=boss)
    groups = group_batch([CARD, SNOW])
    found = saved_answers(store, "雪", groups)
    rows = [Draft(None, "雪", "1", CARD, "任意です。", author="田中"), Draft(None, "雪", "2", SNOW, "私の回答です。", author="田中")]
    result = save_batch(store, Consultation("雪", "除雪計画"), rows, user=User("tanaka", "田中", ("起案",)), answers=found)
    assert list(result.unmoved) == ["2"] and list(result.waiting) == ["1"] and result.saved == {}
    assert [(d.item_no, d.comment, d.text) for d in list_drafts(store, consultation="雪")] == [("1", SNOW, "承認した回答です。")]


def test_an_answer_of_invisible_characters_is_empty_and_a_comment_is_masked_after_they_are_removed(store) -> None:
    from assistant.batch import save_batch
    from assistant.drafts import Consultation, Draft, list_drafts

    result = save_batch(store, Consultation("雪", "除雪計画"), [
        Draft(None, "雪", "1", "電話090-1234\u200b-5678の山田です。除雪を。", "実施します。", author="山田"),
        Draft(None, "雪", "2", SNOW, "\u200b", author="山田")])
    assert (list(result.saved), result.empty) == (["1"], ("2",))
    assert [d.comment for d in list_drafts(store, consultation="雪")] == ["電話●●●の●●●です。除雪を。"]


def test_a_colleagues_draft_for_another_wording_of_the_group_is_a_conflict_not_a_stuck_row(store) -> None:
    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft, save_draft

    first, second = "除雪の回数を増やしてほしい。", "除雪の回数を増やしてほしい！"
    groups = group_batch([first, second])
    save_draft(store, Draft(None, "雪", "2", second, "同僚の回答です。", author="佐藤"))  # from the 起案 page
    result = save_batch(store, Consultation("雪", "除雪計画"), [Draft(None, "雪", "1・2", first, "私の回答です。", author="山田")],
                        answers=saved_answers(store, "雪", groups))
    assert {old: draft.item_no for old, draft in result.renumbered.items()} == {"2": "1・2"}
    assert (list(result.conflicts), result.waiting) == (["1・2"], {})
    assert result.conflicts["1・2"].theirs.text == "同僚の回答です。"


def test_near_identical_comments_that_say_the_opposite_are_not_one_point() -> None:
    from assistant.batch import group_batch, same_point

    comments = ["公園の駐車場を有料化することに賛成します。", "公園の駐車場を有料化することに反対します。",
                "除雪の回数を増やしてほしい。", "除雪の回数を減らしてほしい。", "除雪の回数を増やしてほしいです。",
                "除雪の回数を増やしてほしくない。", "除雪の回数を、増やしてほしい！", "図書館の開館時間を延長してほしい。",
                "図書館の開館時間を短縮してほしい。", "図書館の開館時間を延長してください。"]
    assert [group.no for group in group_batch(comments)] == ["1", "2", "3・5・7", "4", "6", "8・10", "9"]
    assert same_point("駐車場を無料にしてほしい。", "駐車場を有料にしてほしい。") is False
    assert same_point("除雪を増やして。", "除雪を早く増やして。") is True  # a word added, nothing turned round
    letter = "公園の樹木の伐採をやめてください。子どもたちの遊び場を守ってほしい。"
    for one, other in [("山田太郎", "佐藤花子"), ("北区", "南区"), ("図書館", "図書舘"), ("是非", "ぜひ"), ("不足", "不十分")]:
        assert same_point(f"{letter}{one}", f"{letter}{other}") is True, (one, other)
    assert same_point(letter, letter.replace("やめて", "止めて")) is True
    for one, other in [("公開", "非公開"), ("適切", "不適切"), ("可能", "不可能"), ("有償化", "無償化"), ("やめて", "やめないで"),
                       ("反対です", "反対ではありません")]:
        assert same_point(f"計画を{one}にしてほしい。", f"計画を{other}にしてほしい。") is False, (one, other)
    assert same_point("職員数の増減を公表してほしい。", "職員数の増減は公表してほしい。") is True  # 増減 on both sides
    signed = [f"{letter}\n氏名：{name}" for name in ("山田太郎", "佐藤花子", "鈴木一郎", "高橋次郎")]
    assert [group.count for group in group_batch(signed)] == [4]  # a campaign letter, each copy signed


def test_a_comment_a_program_stored_as_a_formula_is_read_as_its_text_and_named(tmp_path) -> None:
    """pandas (a web form's export) writes a citizen's 「=== 要望 ===」 as a formula with no saved value, which
    read as an empty cell: the comment was lost and the later ones renumbered."""
    path = tmp_path / "form.xlsx"
    pd.DataFrame({"No.": [1, 2, 3], "ご意見": ["除雪の回数を増やしてほしい。", "=== 要望 === 図書館の開館時間を延ばしてほしい。",
                                             "公園のトイレを改修してほしい。"]}).to_excel(path, index=False)
    notes = []
    assert list(read_comments(path, notes)) == ["除雪の回数を増やしてほしい。", "=== 要望 === 図書館の開館時間を延ばしてほしい。",
                                                "公園のトイレを改修してほしい。"]
    assert notes == ["シート「Sheet1」の数式として保存されたご意見 1 件（3行目）は、計算結果が保存されていないため、数式の文字のまま読みました。"]


def test_comments_are_read_as_the_citizen_typed_them(tmp_path) -> None:
    path = tmp_path / "comments.csv"
    pd.DataFrame({"ご意見": ["1. 遊具について\n遊具を増やしてほしい。\n\n2. ベンチについて\r\nベンチがほしい。  ",
                             "I think we need more trees. Please add 10 benches."]}).to_csv(path, index=False)
    assert read_comment_file(path) == ["1. 遊具について\n遊具を増やしてほしい。\n\n2. ベンチについて\nベンチがほしい。",
                                       "I think we need more trees. Please add 10 benches."]


def test_a_row_without_a_comment_is_named_since_the_numbers_then_differ_from_the_files(tmp_path) -> None:
    path = tmp_path / "comments.xlsx"
    pd.DataFrame({"No.": [1, 2, 3, 4, 5], "受付日": ["4/1", "4/2", "4/3", None, None],
                  "ご意見": ["除雪を増やして。", None, "図書館を広げて。", None, None]}).to_excel(path, index=False)
    # rows 5 and 6, numbered but not filled in after the last comment, shift no number: not named
    notes = []
    assert list(read_comments(path, notes)) == ["除雪を増やして。", "図書館を広げて。"]
    assert notes == ["シート「Sheet1」のご意見の欄が空の行 1 行（3行目）は読み飛ばしました。No. はご意見のある行に 1 から順に"
                     "振るため、ファイルの番号と違うことがあります。"]


def test_a_batch_keeps_the_numbers_of_its_files_no_column(tmp_path) -> None:
    """The 一括起案 page numbered comments 1, 2, … in order: a withdrawn comment's empty row (No. 2) made every later
    answer's No. differ from the staff's list of received comments (and so the published table's)."""
    from assistant.batch import group_batch, split_group

    path = tmp_path / "comments.xlsx"
    pd.DataFrame({"No.": [1, 2, 3, 4, "No.5"], "ご意見": [SNOW, None, "図書館を広げて。", SNOW, "除雪の回数を増やしてほしい！"]}
                 ).to_excel(path, index=False)
    notes, numbers = [], []
    groups = group_batch(read_comments(path, notes, numbers), numbers=numbers)
    assert numbers == ["1", "3", "4", "5"]
    assert [(group.no, group.count) for group in groups] == [("1・4・5", 3), ("3", 1)]
    assert [(part.no, [part.number(first) for _, first, _ in part.variants]) for part in split_group(groups[0], [1])] == [
        ("1・4", ["1"]), ("5", ["5"])]
    assert notes == ["シート「Sheet1」のご意見の欄が空の行 1 行（3行目）は読み飛ばしました。No. はファイルの No. 列のとおりです。"]
    assert [group.no for group in group_batch(read_comments(path))] == ["1・3・4", "2"]  # no list for the numbers: in order


def test_a_no_column_with_a_blank_or_repeated_number_numbers_the_batch_in_order_and_says_why(tmp_path) -> None:
    from assistant.batch import group_batch

    path = tmp_path / "comments.csv"
    pd.DataFrame({"No.": ["2-1", "2-1", None, "3"],
                  "ご意見": [SNOW, "図書館を広げて。", "公園にベンチを。", "街灯を増やして。"]}).to_csv(path, index=False)
    notes, numbers = [], []
    groups = group_batch(read_comments(path, notes, numbers), numbers=numbers)
    assert numbers == []
    assert [group.no for group in groups] == ["1", "2", "3", "4"]
    assert notes == ["No. 列が空欄か、ほかの行と同じ番号か、日付・時刻として保存されたご意見が 2 件（3行目、4行目）あるため、No. は"
                     "ご意見のある行に 1 から順に振りました。ファイルの番号で答えるときは、No. 列を文字列の書式にして 1 件ごとに違う"
                     "番号にしてから読み込み直してください（Excel は「2-1」を日付にします。シートごとに 1 から振った番号も同じ番号に"
                     "なります）。"]


NORTH = "北区の図書館の開館時間を夜9時まで延ばしてほしい。"
SOUTH = "南区の図書館の開館時間を夜9時まで延ばしてほしい。"


def test_a_wording_split_off_its_group_takes_its_copies_and_the_rest_stay_one_group() -> None:
    from assistant.batch import group_batch, split_group, with_split

    groups = group_batch([NORTH, SOUTH, SNOW, NORTH, SOUTH, "西区の図書館の開館時間を夜9時まで延ばしてほしい。"])
    assert [(group.no, group.count, len(group.variants)) for group in groups] == [("1・2・4・5・6", 5, 3), ("3", 1, 1)]
    assert [(part.no, part.comment, part.label) for part in split_group(groups[0], [1])] == [
        ("1・4・6", NORTH, "同趣旨 3件（同文の写し 1件、似た文面 2種類）"), ("2・5", SOUTH, "同趣旨 2件（同文の写し 1件）")]
    assert [(part.no, part.variants) for part in split_group(groups[0])] == [
        ("1・4", ((NORTH, 0, 2),)), ("2・5", ((SOUTH, 1, 2),)), ("6", (("西区の図書館の開館時間を夜9時まで延ばしてほしい。", 5, 1),))]
    assert [group.no for group in with_split(groups, 0, [2])] == ["1・2・4・5", "3", "6"]
    assert with_split(groups, 1, [1]) == groups  # no group starts there: nothing split


def test_a_wording_the_group_does_not_have_is_refused() -> None:
    from assistant.batch import group_batch, split_group
    from assistant.errors import QueryError

    [group] = group_batch([NORTH, SOUTH])
    with pytest.raises(QueryError) as raised:
        split_group(group, [2])
    assert str(raised.value) == "No.1・2 にない文面です。一覧を開き直してください。"


def test_wordings_answered_apart_stay_apart_when_the_batch_is_opened_again(store) -> None:
    """Staff split 北区 and 南区 and answered each; opened again, the batch groups them anew, and each keeps
    its own answer instead of the second being listed as 「まとめられ」."""
    from assistant.batch import group_batch, keep_answered_apart, save_batch, saved_answers, split_group
    from assistant.drafts import Consultation, Draft
    from assistant.export import answer_table

    comments = [NORTH, SNOW, SOUTH, NORTH]
    whole, snow = group_batch(comments)
    north, south = split_group(whole, [1])
    save_batch(store, Consultation("雪", "除雪計画"), [
        Draft(None, "雪", group.no, group.summary, f"回答: {group.comment}", author="山田") for group in (north, snow, south)])
    groups = group_batch(comments)
    assert [group.no for group in groups] == ["1・3・4", "2"]
    assert [draft.item_no for draft in saved_answers(store, "雪", groups).unmatched] == ["3"]
    kept, split = keep_answered_apart(groups, saved_answers(store, "雪", groups))
    assert ([group.no for group in kept], split) == (["1・4", "2", "3"], ["1・3・4"])
    found = saved_answers(store, "雪", kept)
    assert ({index: draft.item_no for index, draft in found.drafts.items()}, found.unmatched, found.moves) == (
        {0: "1・4", 1: "2", 2: "3"}, (), ())
    assert answer_table(store, "雪").rows == (("1・4", f"{NORTH}\n（同趣旨 2件）", f"回答: {NORTH}"),
                                              ("2", SNOW, f"回答: {SNOW}"), ("3", SOUTH, f"回答: {SOUTH}"))
    assert keep_answered_apart(kept, found) == (kept, [])  # nothing more to split


def test_wordings_answered_apart_stay_with_their_answers_when_the_file_numbers_the_comments(store) -> None:
    """With the file's own No. (11-15), a group split and answered, opened again with one more comment, put the other
    answer's comments apart unanswered: they were looked for by their place in the batch (1-5), not their No."""
    from assistant.batch import group_batch, keep_answered_apart, save_batch, saved_answers, split_group
    from assistant.drafts import Consultation, Draft

    west, east = (f"{ward}区の図書館の開館時間を夜9時まで延ばしてほしい。" for ward in "西東")
    [whole] = group_batch([SOUTH, NORTH, west, east], numbers=["11", "12", "13", "14"])
    save_batch(store, Consultation("雪", "除雪計画"), [
        Draft(None, "雪", group.no, group.summary, f"回答{group.comment[:2]}", author="山田") for group in split_group(whole, [0])])
    groups = group_batch([SOUTH, NORTH, west, east, west], numbers=["11", "12", "13", "14", "15"])
    kept, _ = keep_answered_apart(groups, saved_answers(store, "雪", groups))
    answers = saved_answers(store, "雪", kept).drafts
    assert [(group.no, answers[group.index].text if group.index in answers else None) for group in kept] == [
        ("11", "回答南区"), ("12・13・15", "回答北区"), ("14", None)]


def test_a_no_excel_stored_as_a_date_or_a_time_is_no_number_of_the_file(tmp_path) -> None:
    """「2-1」 typed into Excel is the date 2月1日: the batch was numbered 「2026-02-0100:00:00」."""
    from datetime import datetime, time

    from assistant.batch import group_batch

    path = tmp_path / "comments.xlsx"
    pd.DataFrame({"No.": [1, 2, datetime(2026, 2, 1), time(1, 30)],
                  "ご意見": [SNOW, "図書館を広げて。", "公園にベンチを。", "街灯を増やして。"]}).to_excel(path, index=False)
    notes, numbers = [], []
    assert [group.no for group in group_batch(read_comments(path, notes, numbers), numbers=numbers)] == ["1", "2", "3", "4"]
    assert notes == ["No. 列が空欄か、ほかの行と同じ番号か、日付・時刻として保存されたご意見が 2 件（シート「Sheet1」の4行目、"
                     "シート「Sheet1」の5行目）あるため、No. はご意見のある行に 1 から順に振りました。ファイルの番号で答えるときは、"
                     "No. 列を文字列の書式にして 1 件ごとに違う番号にしてから読み込み直してください（Excel は「2-1」を日付にします。"
                     "シートごとに 1 から振った番号も同じ番号になります）。"]


def test_one_wording_saved_twice_is_not_split(store) -> None:
    """Two drafts saved with one wording (two copies answered apart before they were grouped) cannot be told apart
    by wording: the group stays whole and the second draft is listed as merged, as before."""
    from assistant.batch import group_batch, keep_answered_apart, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft

    save_batch(store, Consultation("雪", "除雪計画"), [Draft(None, "雪", "1", NORTH, "回答1", author="山田"),
                                                      Draft(None, "雪", "2", NORTH, "回答2", author="山田")])
    groups = group_batch([NORTH, NORTH])
    found = saved_answers(store, "雪", groups)
    assert [draft.item_no for draft in found.unmatched] == ["2"]
    assert keep_answered_apart(groups, found) == (groups, [])


def test_a_group_that_grew_keeps_its_count_with_its_no_when_renumbered_unopened(store) -> None:
    """A late copy joined 「2・3」 (now 「2・3・4」) and a late copy of 「1」 came; the save moves both drafts to their
    groups' numbers although nobody opened their rows: the table's No. and 「（同趣旨 N件）」 agree."""
    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation
    from assistant.export import answer_table

    _answered(store, [SNOW, LIBRARY, LIBRARY])
    groups = group_batch([SNOW, LIBRARY, LIBRARY, LIBRARY, SNOW])
    save_batch(store, Consultation("雪", "除雪計画"), [], answers=saved_answers(store, "雪", groups))
    assert answer_table(store, "雪").rows == (("1・5", f"{SNOW}\n（同趣旨 2件）", f"回答: {SNOW}"),
                                              ("2・3・4", f"{LIBRARY}\n（同趣旨 3件）", f"回答: {LIBRARY}"))
    from assistant import audit

    assert [entry.detail for entry in audit.entries(store, action="draft_renumber")] == [
        "No.2・3 → No.2・3・4、版 2、ご意見の概要を更新", "No.1 → No.1・5、版 2、ご意見の概要を更新"]


def test_wordings_without_an_answer_of_their_own_stay_with_the_answer_they_had(store) -> None:
    """南区 split off and approved; 北区 and 西区 kept one answer (「1・3」). Opened again, the approved draft won the
    group, 北区 was split off, and 西区 went under 南区's approved answer in the exported table."""
    from assistant.batch import group_batch, keep_answered_apart, save_batch, saved_answers, split_group
    from assistant.drafts import Consultation, Draft
    from assistant.export import answer_table

    west = "西区の図書館の開館時間を夜9時まで延ばしてほしい。"
    comments = [NORTH, SOUTH, west, SNOW]
    whole, snow = group_batch(comments)
    north_west, south = split_group(whole, [1])
    save_batch(store, Consultation("雪", "除雪計画"), [
        Draft(None, "雪", north_west.no, north_west.summary, "回答NW", author="山田"),
        Draft(None, "雪", snow.no, snow.summary, "回答SNOW", author="山田"),
        Draft(None, "雪", south.no, south.summary, "回答S", author="山田", status="決裁済")])
    groups = group_batch(comments)
    kept, split = keep_answered_apart(groups, saved_answers(store, "雪", groups))
    assert ([(group.no, group.count) for group in kept], split) == ([("1・3", 2), ("2", 1), ("4", 1)], ["1・2・3"])
    save_batch(store, Consultation("雪", "除雪計画"), [], answers=saved_answers(store, "雪", kept))
    assert [(no, answer) for no, _, answer in answer_table(store, "雪").rows] == [
        ("1・3", "回答NW"), ("2", "回答S"), ("4", "回答SNOW")]


@pytest.mark.parametrize(("first", "again", "expected"), [
    # 北区 and 西区 answered together as 「2ほか10件」: the No. lists only 2, the count says 11
    ([SOUTH] + [NORTH] * 5 + ["西区の図書館の開館時間を夜9時まで延ばしてほしい。"] * 6, None,
     [("1", "回答S"), ("2ほか10件", "回答NW")]),
    # a late comment put first: every number moved by one since 「2・3」 was saved
    ([SOUTH, NORTH, "西区の図書館の開館時間を夜9時まで延ばしてほしい。"], ["公園のトイレを洋式にしてほしい。"],
     [("2", "回答S"), ("3・4", "回答NW")]),
    # the same, 南区 saved last as 「3」: 西区 moved to No.3 and matched 南区's saved No. (whose count has no room)
    ([NORTH, "西区の図書館の開館時間を夜9時まで延ばしてほしい。", SOUTH], ["公園のトイレを洋式にしてほしい。"],
     [("2・3", "回答NW"), ("4", "回答S")]),
])
def test_a_wording_the_saved_no_does_not_list_goes_with_the_answer_its_count_is_short_of(store, first, again, expected) -> None:
    """西区 went under 南区's approved answer when 北区's saved No. no longer listed it."""
    from assistant.batch import group_batch, keep_answered_apart, save_batch, saved_answers, split_group
    from assistant.drafts import Consultation, Draft
    from assistant.export import answer_table

    [whole] = group_batch(first)
    south, north_west = sorted(split_group(whole, [[text for text, _, _ in whole.variants].index(SOUTH)]),
                               key=lambda part: part.comment != SOUTH)
    save_batch(store, Consultation("雪", "除雪計画"), [
        Draft(None, "雪", south.no, south.summary, "回答S", author="山田", status="決裁済"),
        Draft(None, "雪", north_west.no, north_west.summary, "回答NW", author="山田")])
    groups = group_batch((again or []) + first)
    kept, _ = keep_answered_apart(groups, saved_answers(store, "雪", groups))
    save_batch(store, Consultation("雪", "除雪計画"), [], answers=saved_answers(store, "雪", kept))
    assert [(no, answer) for no, _, answer in answer_table(store, "雪").rows] == expected


def test_a_wording_no_saved_answer_accounts_for_stands_apart_unanswered(store) -> None:
    """Neither the numbers nor the counts say where 西区 was answered: it is a group of its own, with no answer,
    rather than under one it was never given."""
    from assistant.batch import group_batch, keep_answered_apart, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft

    west = "西区の図書館の開館時間を夜9時まで延ばしてほしい。"
    save_batch(store, Consultation("雪", "除雪計画"), [Draft(None, "雪", "7", SOUTH, "回答S", author="山田"),
                                                      Draft(None, "雪", "8", NORTH, "回答N", author="山田")])
    groups = group_batch([SOUTH, NORTH, west])
    kept, split = keep_answered_apart(groups, saved_answers(store, "雪", groups))
    assert ([(group.no, group.comment) for group in kept], split) == ([("1", SOUTH), ("2", NORTH), ("3", west)], ["1・2・3"])
    assert {group.no: draft.text for group in kept if (draft := saved_answers(store, "雪", kept).drafts.get(group.index))} == {
        "1": "回答S", "2": "回答N"}


def test_counts_that_changed_since_put_no_wording_under_another_answer(store) -> None:
    """南区 「1・2・3」 (approved, 3) and 北区 with 西区 「4ほか10件」 (11); opened with one 南区 comment gone and 11 北区:
    南区's answer looked one short, and the six 西区 comments went under it. They stand apart, unanswered."""
    from assistant.batch import group_batch, keep_answered_apart, save_batch, saved_answers, split_group
    from assistant.drafts import Consultation, Draft

    west = "西区の図書館の開館時間を夜9時まで延ばしてほしい。"
    first = [SOUTH] * 3 + [NORTH] * 6 + [west] * 5  # 北区 the most sent: the summary 「4ほか10件」 was saved with
    [whole] = group_batch(first)
    south, north_west = split_group(whole, [0])
    save_batch(store, Consultation("雪", "除雪計画"), [
        Draft(None, "雪", south.no, south.summary, "回答S", author="山田", status="決裁済"),
        Draft(None, "雪", north_west.no, north_west.summary, "回答NW", author="山田")])
    groups = group_batch([SOUTH] * 2 + [NORTH] * 11 + [west] * 6)
    kept, _ = keep_answered_apart(groups, saved_answers(store, "雪", groups))
    answers = saved_answers(store, "雪", kept).drafts
    assert [(group.no, group.count, answers[group.index].text if group.index in answers else None) for group in kept] == [
        ("1・2", 2, "回答S"), ("3ほか10件", 11, "回答NW"), ("14・15・16・17・18・19", 6, None)]


def test_save_batch_under_another_width_of_the_name_continues_the_same_consultation(store) -> None:
    """A batch saved as 「ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ 2026」 and opened again as 「パブリックコメント　２０２６」 found none of its answers, and
    its save started a second consultation beside the first."""
    from dataclasses import replace

    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft, consultation_names, get_consultation, list_drafts

    groups = group_batch([SNOW, LIBRARY])
    save_batch(store, Consultation("ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ 2026", "除雪計画"), [
        Draft(None, "ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ 2026", group.no, group.summary, f"回答: {group.comment}", author="山田") for group in groups])
    found = saved_answers(store, "パブリックコメント　２０２６", groups)
    assert {index: draft.item_no for index, draft in found.drafts.items()} == {0: "1", 1: "2"}
    edited = replace(found.drafts[1], consultation="パブリックコメント　２０２６", text="延長を検討します。")
    result = save_batch(store, Consultation("パブリックコメント　２０２６", "除雪計画"), [edited], answers=found)
    assert (list(result.saved), result.conflicts, result.taken) == (["2"], {}, {})
    assert consultation_names(store) == ["パブリックコメント 2026"]
    assert get_consultation(store, "ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ　2026").title == "除雪計画"
    assert [(d.item_no, d.text, d.version) for d in list_drafts(store, consultation="パブリックコメント 2026")] == [
        ("1", f"回答: {SNOW}", 1), ("2", "延長を検討します。", 2)]


def test_a_saved_answer_to_a_comment_with_an_invisible_character_in_its_phone_number_is_found_again(store) -> None:
    """The save removed the invisible characters and then masked; the reopened batch masked first (the zero-width
    space hid the number) and then removed them: the keys differed and the answer was listed as one no row has."""
    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft

    comments = ["除雪を増やしてほしい。連絡先 090\u200b-1234-5678", "公園を直してほしい。"]
    save_batch(store, Consultation("雪対策"), [Draft(None, "雪対策", group.no, group.comment, f"回答{group.no}",
                                                    author="検査") for group in group_batch(comments)], author="検査")
    groups = group_batch(["歩道を広げてほしい。", *comments])
    found = saved_answers(store, "雪対策", groups)
    assert {index: draft.item_no for index, draft in found.drafts.items()} == {1: "1", 2: "2"}
    assert found.unmatched == ()


def test_export_gaps_names_the_edits_not_saved_and_the_groups_not_in_the_table() -> None:
    """What the table written from the saved drafts lacks of the worksheet (:func:`export_gaps`)."""
    from assistant.batch import ExportGaps, export_gaps, group_batch
    from assistant.drafts import Draft

    groups = group_batch(["除雪を増やして。", "図書館を広げて。", "公園を直して。", "バスを増やして。", "歩道を広げて。",
                          "除雪を増やして！"])
    assert [group.no for group in groups] == ["1・6", "2", "3", "4", "5"]

    def draft(no: str, text: str, consultation: str = "除雪") -> Draft:
        return Draft(1, consultation, no, "ご意見", text)

    saved = {0: draft("1・6", "検討します。"), 1: draft("2", "広げます。"), 2: None, 4: draft("5", "広げます。", "図書館")}
    boxes = {0: "検討します。", 1: "広げる予定です。", 2: "直します。", 3: ""}  # 4 (No.5) was never searched
    gaps = export_gaps(groups, "除雪", saved, boxes)
    # No.1・6 as saved; No.2 edited since; No.3 and No.4 never saved (No.4 with an empty box); No.5's draft belongs to
    # another consultation and its group was never searched
    assert gaps == ExportGaps(edited=("2",), unsaved=("3", "4", "5"), unsearched=1, blank=1)  # No.4: an empty box
    assert gaps
    assert export_gaps(groups, "除雪", {1: draft("2", "広げます。")}, {1: ""}).edited == ("2",)  # a cleared box too
    assert export_gaps(groups[1:], "除雪", {1: draft("2", "広げる予定です。"), 4: draft("5", "広げます。"),
                                               2: draft("3", "直します。"), 3: draft("4", "")}, boxes) == ExportGaps((), (), 0)
    assert not export_gaps([], "除雪", {}, {})


def test_saving_answers_leaves_the_title_and_period_a_colleague_corrected(store) -> None:
    """A's page loaded the title; 佐藤 corrected the title and period; A saved one answer with the title still in A's
    field: the stored title and period went back to A's, silently (only the audit log said 件名「第2次…」→「除雪計画…」)."""
    from dataclasses import replace

    from assistant import audit
    from assistant.batch import save_batch
    from assistant.drafts import Consultation, ConsultationConflict, Draft, find_draft, get_consultation, save_consultation

    save_consultation(store, Consultation("除雪計画2026", "除雪計画（案）に関する意見募集", "2026-01-05", "2026-02-04"),
                      anonymous="山田")
    loaded = get_consultation(store, "除雪計画2026")  # A opens the page: the fields are filled from the store
    corrected = Consultation("除雪計画2026", "第2次除雪計画（案）に関する意見募集", "2026-01-06", "2026-02-05")
    save_consultation(store, corrected, anonymous="佐藤")
    answer = Draft(None, "除雪計画2026", "1", "除雪を増やしてほしい。", "計画的に実施します。", author="山田")
    result = save_batch(store, loaded, [answer], author="山田", expected=loaded)
    assert (list(result.saved), result.consultation) == (["1"], corrected)
    assert get_consultation(store, "除雪計画2026") == corrected
    assert [e.display_name for e in audit.entries(store, action="consultation_change")] == ["佐藤"]
    # A edited the title too: refused before anything is written, naming 佐藤's title
    with pytest.raises(ConsultationConflict, match="いまは件名「第2次除雪計画（案）に関する意見募集」"):
        save_batch(store, replace(loaded, title="除雪計画（修正案）"), [replace(answer, item_no="2", comment="歩道も除雪して。")],
                   author="山田", expected=loaded)
    assert find_draft(store, "除雪計画2026", "2") is None
    assert get_consultation(store, "除雪計画2026") == corrected


# --- copies of a letter with the writer's name on them, comments that only refer to another, headers, long comments --
CAMPAIGN = ("今問題になっている柔軟剤の規制を入れてください！環境汚染の根源です。香害は公害ですが、その原因となるマイクロカプセルに"
            "ついて書かれておりません。")
SIGNED = [f"氏名：山田 太郎\n住所：札幌市北区北24条西5丁目1-1\n電話：011-123-4567\n{CAMPAIGN}",
          f"【お名前】佐藤 花子\n【ご住所】札幌市中央区南3条西10丁目2-15\n{CAMPAIGN}",
          f"いつもお世話になっております。鈴木一郎と申します。\n{CAMPAIGN}\nよろしくお願いいたします。",
          f"{CAMPAIGN}\n\n手稲区　60代　高橋美咲"]


def test_a_request_broken_by_hand_before_its_closing_words_is_shown_whole() -> None:
    # second reading sr-ctl #2: 「ください。」 after Shift+Enter was read as the letter's closing and dropped, the
    # comment's end with it, in what the batch saves and exports
    from assistant.batch import group_batch

    groups = group_batch(["歩道の除雪を増やして\vください。", "通学路の除雪を、早めの対応を\vよろしくお願いします。",
                          "公園の遊具を新しくしてほしい。\vよろしくお願いします。"])
    assert [group.summary for group in groups] == [
        "歩道の除雪を増やして\nください。", "通学路の除雪を、早めの対応を\nよろしくお願いします。", "公園の遊具を新しくしてほしい。"]


def test_copies_of_a_letter_that_differ_only_in_who_wrote_them_are_copies_shown_without_the_letter() -> None:
    from assistant.batch import group_batch

    against = CAMPAIGN.replace("規制を入れてください", "規制は要りません")  # the same letter turned round stays apart
    groups = group_batch([*SIGNED, against, SIGNED[0]])
    assert [(g.no, g.label) for g in groups] == [("1・2・3・4・6", "同趣旨 5件（同文の写し 4件）"), ("5", "")]
    assert sum(g.count for g in groups) == 6
    letter = groups[0]
    assert letter.comment == SIGNED[0]  # as submitted, for the page
    assert letter.variants == ((SIGNED[0], 0, 5),)
    assert letter.summary == f"{CAMPAIGN}\n（同趣旨 5件）"  # as saved and exported: no 「氏名：●●●」 header
    assert groups[1].summary == against


def test_a_letter_saved_without_its_header_finds_its_answer_when_another_writers_copy_comes_first(store) -> None:
    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft, list_drafts
    from assistant.export import answer_table

    [group] = group_batch(SIGNED[:2])
    save_batch(store, Consultation("香害", "化学物質計画"), [
        Draft(None, "香害", group.no, group.summary, "規制を検討します。", author="山田")])
    assert [(d.item_no, d.comment) for d in list_drafts(store, consultation="香害")] == [("1・2", f"{CAMPAIGN}\n（同趣旨 2件）")]
    groups = group_batch([LIBRARY, SIGNED[3], SIGNED[0]])  # opened again: other copies, another writer's first
    found = saved_answers(store, "香害", groups)
    assert {index: draft.text for index, draft in found.drafts.items()} == {1: "規制を検討します。"}
    assert [(draft.item_no, no) for draft, no in found.moves] == [("1・2", "2・3")]
    save_batch(store, Consultation("香害", "化学物質計画"), [], answers=found)
    assert answer_table(store, "香害").rows == (("2・3", f"{CAMPAIGN}\n（同趣旨 2件）", "規制を検討します。"),)


def test_a_comment_that_only_refers_to_another_joins_the_group_of_the_comment_it_refers_to() -> None:
    from assistant.batch import group_batch

    groups = group_batch([SNOW, "同上", LIBRARY, "同上"])
    assert [(g.no, g.label, g.summary) for g in groups] == [
        ("1・2", "同趣旨 2件（「同上」など 1件）", f"{SNOW}\n（同趣旨 2件）"),
        ("3・4", "同趣旨 2件（「同上」など 1件）", f"{LIBRARY}\n（同趣旨 2件）")]
    notes = []
    group_batch([SNOW, "同上", LIBRARY, "同上"], notes=notes)
    assert notes == ["ほかのご意見と同じとだけ書かれたご意見 2 件は、指しているご意見と同じ回答にまとめました（No.2「同上」→ No.1、"
                     "No.4「同上」→ No.3）。"]
    assert [g.no for g in group_batch([SNOW, "同上", "同上", LIBRARY])] == ["1・2・3", "4"]  # 「同上」 under 「同上」


def test_a_comment_referring_to_a_no_or_to_one_that_is_not_there_is_named() -> None:
    from assistant.batch import group_batch

    comments = ["同上", SNOW, "上記と同じです。", "同上", LIBRARY, "Ｎｏ．２と同じ意見です。", "No.12と同じ", "", "前と同じ", SNOW]
    groups = group_batch(comments)
    assert [(g.no, g.label) for g in groups] == [
        ("1", ""), ("2・3・4・6・10", "同趣旨 5件（同文の写し 1件、「同上」など 3件）"), ("5", ""), ("7", ""), ("8", ""), ("9", "")]
    assert sum(g.count for g in groups) == len(comments)
    notes = []
    group_batch(comments, notes=notes)
    assert notes == [
        "ほかのご意見と同じとだけ書かれたご意見 3 件は、指しているご意見と同じ回答にまとめました（No.3「上記と同じです。」→ No.2、"
        "No.4「同上」→ No.2、No.6「Ｎｏ．２と同じ意見です。」→ No.2）。",
        "ほかのご意見と同じとだけ書かれたご意見のうち 3 件は、指しているご意見がないため、それだけでひとつの回答にしました（No.1「同上」"
        "（前のご意見がありません）、No.7「No.12と同じ」（No.12 のご意見がありません）、No.9「前と同じ」（No.8 のご意見が空欄です））。"
        "どのご意見を指すか、元のファイルで確かめてください。"]


def test_a_comment_refers_to_the_files_row_above_not_past_a_withdrawn_comment(tmp_path) -> None:
    from assistant.batch import group_batch

    path = tmp_path / "comments.csv"
    path.write_text(f"No.,ご意見\n1,{SNOW}\n2,同上\n3,\n4,同上\n5,{LIBRARY}\n6,同上です。\n", encoding="utf-8")
    notes, numbers = [], []
    comments = list(read_comments(path, notes, numbers))
    assert [g.no for g in group_batch(comments, numbers=numbers)] == ["1・2", "4", "5・6"]
    group_batch(comments, numbers=numbers, notes=notes)
    assert notes[1:] == [
        "ほかのご意見と同じとだけ書かれたご意見 2 件は、指しているご意見と同じ回答にまとめました（No.2「同上」→ No.1、"
        "No.6「同上です。」→ No.5）。",
        "ほかのご意見と同じとだけ書かれたご意見のうち 1 件は、指しているご意見がないため、それだけでひとつの回答にしました（No.4「同上」"
        "（前の No.3 にご意見がありません））。どのご意見を指すか、元のファイルで確かめてください。"]


@pytest.mark.parametrize("header", [["No.", "氏名", "コメント"], ["受付番号", "氏名", "提出内容"], ["No.", "氏名", "ご要望"],
                                    ["番号", "住所", "要望"]])
def test_a_web_forms_comment_column_is_found_by_its_name(tmp_path, header) -> None:
    from assistant.batch import group_batch

    path = tmp_path / "comments.csv"
    pd.DataFrame([header, ["1", "山田太郎", SNOW], ["2", "佐藤花子", LIBRARY]]).to_csv(path, header=False, index=False)
    notes, numbers = [], []
    groups = group_batch(list(read_comments(path, notes, numbers)), numbers=numbers)
    assert ([(g.no, g.comment) for g in groups], notes) == ([("1", SNOW), ("2", LIBRARY)], [])


def test_without_a_comment_column_the_first_column_is_read_without_its_header_and_said(tmp_path) -> None:
    path = tmp_path / "comments.csv"
    pd.DataFrame([["感想", "氏名", "受付日"], [SNOW, "山田太郎", "1月5日"], [LIBRARY, "佐藤花子", "1月6日"]]).to_csv(
        path, header=False, index=False)
    notes = []
    assert list(read_comments(path, notes)) == [SNOW, LIBRARY]
    assert notes == ["ご意見の列が見つからないため、1列目「感想」を読みました（1行目の見出し「感想、氏名、受付日」は読み飛ばしました）。"
                     "ほかの列を読むときは、その列の見出しを「ご意見」にしてください。"]
    pd.DataFrame([[SNOW, "北区"], [LIBRARY, "南区"]]).to_csv(path, header=False, index=False)  # no header at all
    notes = []
    assert list(read_comments(path, notes)) == [SNOW, LIBRARY]
    assert notes == ["ご意見の列が見つからないため、1列目を読みました（1行目からご意見として読みました）。ほかの列を読むときは、"
                     "その列の見出しを「ご意見」にしてください。"]


@pytest.mark.parametrize("header", [["氏名", "本文"], ["受付日", "氏名", "本文"], ["No.", "住所", "内容"], ["氏名", "全文"],
                                    ["年齢", "ご要望内容"], ["性別", "提案内容"]])
def test_a_comment_files_body_column_is_the_comment_column_not_the_names_or_dates_before_it(tmp_path, header) -> None:
    from assistant.batch import group_batch

    path = tmp_path / "comments.csv"
    cells = {"氏名": ("山田太郎", "鈴木花子"), "受付日": ("2024/1/5", "2024/1/6"), "No.": ("1", "2"), "住所": ("北区", "南区"),
             "年齢": ("40", "50"), "性別": ("男", "女")}
    rows = [[*(cells[name][at] for name in header[:-1]), comment] for at, comment in enumerate((SNOW, LIBRARY))]
    pd.DataFrame([header, *rows]).to_csv(path, header=False, index=False)
    notes, numbers = [], []
    comments = list(read_comments(path, notes, numbers))
    assert (comments, notes) == ([SNOW, LIBRARY], [])
    assert [(g.no, g.comment, g.count) for g in group_batch(comments, numbers=numbers)] == [("1", SNOW, 1), ("2", LIBRARY, 1)]


def test_a_table_pasted_with_a_body_column_reads_that_column() -> None:
    notes = []
    assert read_pasted(f"氏名\t本文\n山田太郎\t{SNOW}\n鈴木花子\t{LIBRARY}\n", notes) == [SNOW, LIBRARY]
    assert notes == []


def test_without_a_comment_column_the_first_column_not_known_as_the_writers_is_read_and_named(tmp_path) -> None:
    path = tmp_path / "comments.csv"
    pd.DataFrame([["受付日", "氏名", "電話番号", "感想", "メモ"], ["2024/1/5", "山田太郎", "011-000-0000", SNOW, "済"],
                  ["2024/1/6", "鈴木花子", "", "", "電話で受付"], ["2024/1/7", "佐藤一郎", "", LIBRARY, ""]]).to_csv(
        path, header=False, index=False)
    notes = []
    assert list(read_comments(path, notes)) == [SNOW, LIBRARY]
    assert notes == ["ご意見の列が見つからないため、4列目「感想」を読みました（1行目の見出し「受付日、氏名、電話番号、感想、メモ」は"
                     "読み飛ばしました。「受付日」「氏名」「電話番号」の列は、ご意見でない列として読んでいません）。ほかの列を読むときは、"
                     "その列の見出しを「ご意見」にしてください。",
                     "ご意見の欄が空の行 1 行（3行目）は読み飛ばしました。No. はご意見のある行に 1 から順に振るため、ファイルの番号と"
                     "違うことがあります。"]


def test_a_comment_file_whose_every_column_is_the_writers_is_refused_naming_them(tmp_path) -> None:
    path = tmp_path / "comments.csv"
    pd.DataFrame([["受付日", "氏名", "住所"], ["2024/1/5", "山田太郎", "北区"], ["2024/1/6", "鈴木花子", "南区"]]).to_csv(
        path, header=False, index=False)
    with pytest.raises(NoContentError) as refused:
        list(read_comments(path, []))
    assert refused.value.reason == ("ご意見の列が見つかりません。1行目の見出し「受付日、氏名、住所」の列は、どれもご意見でない列"
                                    "（氏名・住所・日付・No. など）のため、ご意見として読めません。ご意見の入った列の見出しを"
                                    "「ご意見」にして、読み込み直してください。")


def test_a_workbook_without_a_comment_column_reads_no_column_of_the_writers(tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    names = book.active
    names.title = "一覧"
    for row in (["受付日", "氏名", "感想"], ["2024/1/5", "山田太郎", SNOW], ["2024/1/6", "鈴木花子", LIBRARY]):
        names.append(row)
    book.save(path := tmp_path / "comments.xlsx")
    notes = []
    assert list(read_comments(path, notes)) == [SNOW, LIBRARY]
    assert notes == ["シート「一覧」のご意見の列が見つからないため、3列目「感想」を読みました（1行目の見出し「受付日、氏名、感想」は"
                     "読み飛ばしました。「受付日」「氏名」の列は、ご意見でない列として読んでいません）。ほかの列を読むときは、"
                     "その列の見出しを「ご意見」にしてください。"]
    names.delete_cols(3)
    book.create_sheet("集計").append(["氏名", "年齢"])
    book.save(path)
    with pytest.raises(NoContentError) as refused:
        list(read_comments(path, []))
    assert refused.value.reason == ("シート「一覧」のご意見の列が見つかりません。1行目の見出し「受付日、氏名」の列は、どれもご意見で"
                                    "ない列（氏名・住所・日付・No. など）のため、ご意見として読めません。ご意見の入った列の見出しを"
                                    "「ご意見」にして、読み込み直してください。")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_category_columns_value_iken_in_a_data_row_is_no_header_over_the_body_header(tmp_path, suffix) -> None:
    # a web form's 区分 of 意見/要望/質問: its data cell 「意見」 was taken for the header, the first comment lost
    rows = [["受付日", "区分", "本文"], ["2024/1/5", "意見", SNOW], ["2024/1/6", "要望", LIBRARY], ["2024/1/7", "質問", "バスは何時まで"]]
    path = _table(tmp_path, suffix, rows)
    notes = []
    assert (list(read_comments(path, notes)), notes) == ([SNOW, LIBRARY, "バスは何時まで"], [])
    notes = []
    assert read_pasted(f"区分\t本文\n意見\t{SNOW}\n要望\t{LIBRARY}\n", notes) == [SNOW, LIBRARY]
    assert notes == []
    path = _table(tmp_path, suffix, [["受付日", "区分", "感想"], *rows[1:]])  # no body name
    notes = []
    assert list(read_comments(path, notes)) == [SNOW, LIBRARY, "バスは何時まで"]
    assert notes == [f"{_sheet(suffix)}ご意見の列が見つからないため、3列目「感想」を読みました（1行目の見出し「受付日、区分、感想」は"
                     "読み飛ばしました。「受付日」「区分」の列は、ご意見でない列として読んでいません）。ほかの列を読むときは、"
                     "その列の見出しを「ご意見」にしてください。"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_title_row_naming_the_comments_does_not_beat_the_body_header_under_it(tmp_path, suffix) -> None:
    path = _table(tmp_path, suffix, [["市民のご意見一覧"], [], ["受付日", "氏名", "本文"], ["2024/1/5", "山田太郎", SNOW],
                                     ["2024/1/6", "鈴木花子", LIBRARY]])
    notes = []
    assert (list(read_comments(path, notes)), notes) == ([SNOW, LIBRARY], [])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("title", ["除雪アンケート結果", "除雪へのご意見一覧"])
def test_under_a_title_row_a_header_of_other_names_is_the_header(tmp_path, suffix, title) -> None:
    path = _table(tmp_path, suffix, [[title], [], ["受付日", "氏名", "感想"], ["2024/1/5", "山田太郎", SNOW],
                                     ["2024/1/6", "鈴木花子", LIBRARY]])
    notes = []
    assert list(read_comments(path, notes)) == [SNOW, LIBRARY]
    assert notes == [f"{_sheet(suffix)}ご意見の列が見つからないため、3列目「感想」を読みました（3行目の見出し「受付日、氏名、感想」は"
                     "読み飛ばしました。「受付日」「氏名」の列は、ご意見でない列として読んでいません）。ほかの列を読むときは、"
                     "その列の見出しを「ご意見」にしてください。"]


@pytest.mark.parametrize("name", ["電話", "Eメール", "E-mail", "ペンネーム", "ニックネーム", "会社名", "団体名", "回答日", "地区",
                                  "地域", "住所（町名）"])
def test_more_of_the_writers_columns_are_known_and_not_read(tmp_path, name) -> None:
    path = _table(tmp_path, ".csv", [[name, "感想"], ["x", SNOW], ["y", LIBRARY]])
    notes = []
    assert list(read_comments(path, notes)) == [SNOW, LIBRARY]
    assert notes == [f"ご意見の列が見つからないため、2列目「感想」を読みました（1行目の見出し「{name}、感想」は読み飛ばしました。"
                     f"「{name}」の列は、ご意見でない列として読んでいません）。ほかの列を読むときは、その列の見出しを「ご意見」に"
                     "してください。"]
    path = _table(tmp_path, ".csv", [["感想", name], [SNOW, "x"], [LIBRARY, "y"]])  # the header itself no comment
    notes = []
    assert list(read_comments(path, notes)) == [SNOW, LIBRARY]
    assert notes == [f"ご意見の列が見つからないため、1列目「感想」を読みました（1行目の見出し「感想、{name}」は読み飛ばしました）。"
                     "ほかの列を読むときは、その列の見出しを「ご意見」にしてください。"]


@pytest.mark.parametrize("header", ["内容(200字以内)", "ご意見（200字以内）", "本文［全角400字まで］"])
def test_a_comment_header_with_a_bracketed_limit_is_the_header(tmp_path, header) -> None:
    path = _table(tmp_path, ".csv", [["氏名", header], ["山田太郎", SNOW], ["鈴木花子", LIBRARY]])
    notes = []
    assert (list(read_comments(path, notes)), notes) == ([SNOW, LIBRARY], [])


def test_an_other_header_with_a_bracketed_limit_is_the_header(tmp_path) -> None:
    path = _table(tmp_path, ".csv", [["氏名", "ご感想（200字以内）"], ["山田太郎", SNOW], ["鈴木花子", LIBRARY]])
    notes = []
    assert list(read_comments(path, notes)) == [SNOW, LIBRARY]
    assert notes == ["ご意見の列が見つからないため、2列目「ご感想（200字以内）」を読みました（1行目の見出し「氏名、ご感想（200字以内）」"
                     "は読み飛ばしました。「氏名」の列は、ご意見でない列として読んでいません）。ほかの列を読むときは、その列の見出しを"
                     "「ご意見」にしてください。"]


def _table(folder, suffix: str, rows: list[list[str]]):
    """``rows`` saved as comments.csv, or as comments.xlsx on a sheet 「一覧」."""
    path = folder / f"comments{suffix}"
    if suffix == ".csv":
        path.write_text("".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
        return path
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "一覧"
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _sheet(suffix: str) -> str:
    return "シート「一覧」の" if suffix == ".xlsx" else ""


def test_a_comment_over_the_search_limit_is_searched_in_its_first_part_and_the_row_says_so(seeded, tmp_path,
                                                                                         monkeypatch) -> None:
    from assistant.batch import group_batch, search_group

    retriever = build_index(seeded, FakeEncoder(), index_dir=tmp_path)
    monkeypatch.setenv("ZENREI_MAX_QUERY_CHARS", "40")
    comment = "マイナンバーカードの取得は義務ですか。\n除雪の回数を増やしてほしい。\n図書館の開館時間を延ばしてほしい。"
    row = search_group(retriever, group_batch([comment])[0])
    assert row.error is None  # not 「コメントが長すぎます（52文字）。40文字以内に分けて入力してください。」
    assert row.notice == ("このご意見は 52 文字あり、一度に探せる 40 文字を超えるため、はじめの 34 文字（「…除雪の回数を増やしてほしい。」まで）"
                          "で前例を探しました。その先の論点は、回答を書くときに確かめてください。")
    first = retriever.search_point("マイナンバーカードの取得は義務ですか。\n除雪の回数を増やしてほしい。", 3)
    assert [s.answer for s in row.suggestions] == [s.answer for s in first.results]
    assert row.suggestions
def test_a_column_pasted_from_excel_reads_each_cell_as_one_comment() -> None:
    """Excel quotes a cell holding line breaks when it is copied (「"」 inside doubled): such a cell was read as two
    comments with a stray 「"」 each, and one with a blank line in it turned the whole paste into blocks that merged
    its neighbours. The column's header copied with it was comment No.1."""
    notes = []
    assert read_pasted('除雪を増やしてほしい。\r\n"公園について。\n遊具を増やしてほしい。"\r\n図書館を延長してほしい。\r\n',
                       notes) == ["除雪を増やしてほしい。", "公園について。\n遊具を増やしてほしい。", "図書館を延長してほしい。"]
    assert notes == ["「\"」で囲まれて改行を含む 1 件は、Excel からコピーしたセルとして、それぞれ 1 件のご意見として読みました"
                     "（ほかは 1 行に 1 件）。"]
    notes = []
    assert read_pasted('ご意見\r\n除雪を増やしてほしい。\r\n"公園について。\n\n遊具を""増やして""ほしい。"\r\n\r\n'
                       '"図書館の時間。\n延長して。"\r\n', notes) == [
        "除雪を増やしてほしい。", "公園について。\n\n遊具を\"増やして\"ほしい。", "図書館の時間。\n延長して。"]
    assert notes == ["「\"」で囲まれて改行を含む 2 件は、Excel からコピーしたセルとして、それぞれ 1 件のご意見として読みました"
                     "（ほかは 1 行に 1 件）。空のセル 1 個（貼り付けたセルの 4 番目）は、ご意見がないため読んでいません"
                     "（No. は空でないセルに順に付けています）。", "1 行目の「ご意見」は列の見出しとして、ご意見には含めていません。"]


def test_quotes_typed_by_hand_are_kept_and_a_lone_header_line_is_left_out() -> None:
    """Only a quoted cell with line breaks is Excel's: a quote typed in a line stays; a first line naming the column
    exactly is the header copied with the column."""
    notes = []
    assert read_pasted('"除雪"を増やして。\n図書館を「"広げて"」。\n"公園"\n', notes) == [
        '"除雪"を増やして。', '図書館を「"広げて"」。', '"公園"']
    assert notes == []
    assert read_pasted("意見の概要\n除雪を増やして。\n除雪についての意見です。", notes) == ["除雪を増やして。", "除雪についての意見です。"]
    assert notes == ["1 行目の「意見の概要」は列の見出しとして、ご意見には含めていません。"]


def test_a_table_pasted_from_excel_is_read_as_its_file_and_keeps_its_numbers() -> None:
    """Copied with its header, the table's header row was comment No.1 and the comments No.1 and No.3 were published
    as 「2・4」: it is read as the .tsv it is, with the ご意見 column and its No."""
    from assistant.batch import group_batch

    notes, numbers = [], []
    comments = read_pasted("意見一覧\r\nNo.\tご意見\tお住まい\r\n1\t除雪を増やしてほしい。\t北区\r\n2\t\"公園について。\n\n"
                           "遊具を増やしてほしい。\"\t南区\r\n3\t除雪を増やしてほしい。\t\r\n5\t図書館を広げて。\t\r\n", notes, numbers)
    assert comments == ["除雪を増やしてほしい。", "公園について。\n\n遊具を増やしてほしい。", "除雪を増やしてほしい。", "図書館を広げて。"]
    assert (numbers, notes) == (["1", "2", "3", "5"], [])
    assert [group.no for group in group_batch(comments, numbers=numbers)] == ["1・3", "2", "5"]
    with pytest.raises(NoContentError, match="^貼り付けたご意見: ご意見の行がありません。"):
        read_pasted("No.\tご意見\r\n", [], [])


STACKED = [["No.", "ご意見", "氏名"], ["1", "除雪の回数を増やしてください。", "山田太郎"], ["2", "図書館を広げて。", "佐藤花子"],
           ["No.", "ご意見", "氏名"], ["3", "公園のトイレを洋式に。", "鈴木一郎"]]  # two weekly exports, one under the other


@pytest.mark.parametrize(("name", "data"), [
    ("stacked.csv", "\r\n".join(",".join(row) for row in STACKED).encode("cp932")),
    ("stacked.txt", "\r\n".join("\t".join(row) for row in STACKED).encode("utf-16")),  # Excel's 「Unicode テキスト」
    ("blank.txt", "\r\n".join("\t".join(row) for row in STACKED[:3] + [["", "", ""]] + STACKED[3:]).encode("utf-16")),
])
def test_a_repeated_header_row_is_left_out_and_said(tmp_path, name, data) -> None:
    """Two exports stacked, each with its header: the CSV read the second header as a comment 「ご意見」 (the file's
    No.3 became No.4), and the .txt was read as typed lines, the No. and the writers' names in every comment."""
    path = tmp_path / name
    path.write_bytes(data)
    notes, numbers = [], []
    assert list(read_comments(path, notes, numbers)) == ["除雪の回数を増やしてください。", "図書館を広げて。", "公園のトイレを洋式に。"]
    assert numbers == ["1", "2", "3"]
    row = 5 if name == "blank.txt" else 4
    assert notes == [f"見出し行の繰り返し 1 行を飛ばしました（{row}行目）。"]


def test_a_pasted_table_with_its_header_repeated_is_read_as_a_table() -> None:
    notes, numbers = [], []
    assert read_pasted("\r\n".join("\t".join(row) for row in STACKED) + "\r\n", notes, numbers) == [
        "除雪の回数を増やしてください。", "図書館を広げて。", "公園のトイレを洋式に。"]
    assert (numbers, notes) == (["1", "2", "3"], ["見出し行の繰り返し 1 行を飛ばしました（4行目）。"])


def test_a_comment_cut_by_a_half_width_comma_is_joined_back_or_its_lost_text_named(tmp_path) -> None:
    """A half-width comma not quoted split a CSV's comment over the cells past the header: only its first part was
    read (「ごみ袋の料金を1」), the rest dropped unsaid. As the header's last column it is joined back with 「,」; before
    another column the cells it pushed right are quoted. Empty cells at a row's end are no cut."""
    path = tmp_path / "comma.csv"
    path.write_bytes("No.,ご意見\r\n1,ごみ袋の料金を1,000円にするのは高すぎる。据え置いてほしい。\r\n2,除雪を増やして,,特に生活道路を。\r\n"
                     "3,図書館を広げて。,,\r\n".encode("cp932"))
    notes, numbers = [], []
    assert list(read_comments(path, notes, numbers)) == [
        "ごみ袋の料金を1,000円にするのは高すぎる。据え置いてほしい。", "除雪を増やして,,特に生活道路を。", "図書館を広げて。"]
    assert numbers == ["1", "2", "3"]
    assert notes == ["見出しより列の多い行 2 行（2行目、3行目）は、ご意見の中の半角の「,」で列が分かれたものとして、「,」でつないで "
                     "1 件のご意見として読みました。元のファイルで確かめてください。"]
    path.write_bytes("No.,ご意見,氏名\r\n1,ごみ袋の料金を1,000円にするのは高すぎる。,山田\r\n2,除雪を増やして。,佐藤\r\n".encode("cp932"))
    notes = []
    assert list(read_comments(path, notes)) == ["ごみ袋の料金を1", "除雪を増やして。"]
    assert notes == ["見出しより列の多い行 1 行は、ご意見が半角の「,」で切れて、続きが右の列に入っているかもしれません。ご意見の"
                     "右の列の内容は読んでいません（2行目「000円にするのは高すぎる。」）。元のファイルで確かめてください。"]


def test_a_groups_summary_is_its_most_sent_wording() -> None:
    """The summary saved and exported was the group's first comment: a campaign letter's first writer's own copy (with
    their signature) stood for a hundred unsigned ones. It is the wording with the most comments, the earliest when
    tied; a draft saved with the first comment's summary is still the group's own."""
    from assistant.batch import comment_as_saved, group_batch
    from assistant.drafts import masked_comment

    letter = "除雪の回数を増やしてほしい。特に通学路を優先してください。"
    group = group_batch([letter + "よろしく！", letter + "以上です！", *[letter] * 5])[0]
    assert (group.no, group.comment, group.summary) == ("1・2・3・4・5・6・7", letter + "よろしく！", letter + "\n（同趣旨 7件）")
    assert comment_as_saved(group, group.summary, masked_comment(letter + "よろしく！\n（同趣旨 7件）"))
    tied = group_batch([letter + "よろしく！", letter, letter + "よろしく！", letter])[0]
    assert tied.summary == letter + "よろしく！\n（同趣旨 4件）"


SNOW_GREETED = "いつもお世話になっております。排雪の回数を増やしてほしい。特に通学路の排雪をお願いします。"


def test_a_draft_saved_on_kian_at_one_no_of_a_group_answers_the_group(store) -> None:
    """起案 answered No.4 (reworded); the batch then grouped comment 3 with comment 4 as 「3・4」. The draft
    was reported as matching no comment of the list, and the batch saved 「3・4」 beside it: the table listed comment 4
    twice, with two answers (review 115). It is the group's answer, found at a No. the group lists, and moves there."""
    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft, save_draft
    from assistant.export import answer_table

    kian = save_draft(store, Draft(None, "除雪", "4", "排雪の回数を増やしてほしいです。特に通学路の排雪をお願いします。",
                                   "通学路の排雪を優先します。", author="佐藤"))
    groups = group_batch([PARK, LIBRARY, SNOW_GREETED, SNOW_GREETED])
    found = saved_answers(store, "除雪", groups)
    assert [group.no for group in groups] == ["1", "2", "3・4"]
    assert ({index: draft.id for index, draft in found.drafts.items()}, found.reworded, found.unmatched) == (
        {2: kian.id}, frozenset({2}), ())
    assert [(draft.item_no, no) for draft, no in found.moves] == [("4", "3・4")]
    rows = [Draft(None, "除雪", "1", PARK, "遊具を更新します。", author="鈴木"),
            Draft(None, "除雪", "2", LIBRARY, "延長を検討します。", author="鈴木"),
            Draft(kian.id, "除雪", "3・4", groups[2].summary, kian.text, author="鈴木", version=kian.version)]
    result = save_batch(store, Consultation("除雪"), rows, answers=found, author="鈴木")
    assert (list(result.saved), {old: draft.item_no for old, draft in result.renumbered.items()}, result.taken) == (
        ["1", "2", "3・4"], {"4": "3・4"}, {})
    assert answer_table(store, "除雪").rows == (
        ("1", PARK, "遊具を更新します。"), ("2", LIBRARY, "延長を検討します。"),
        ("3・4", groups[2].summary, "通学路の排雪を優先します。"))
    assert groups[2].summary == "排雪の回数を増やしてほしい。特に通学路の排雪をお願いします。\n（同趣旨 2件）"


def test_a_group_is_not_saved_beside_another_comments_draft_at_one_of_its_nos(store) -> None:
    """A draft at 「4」 for a comment no longer in the list kept the group 「3・4」 from being written only when it was
    saved at 「3・4」 itself; at 「4」, both were saved and the table listed No.4 twice."""
    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft, save_draft
    from assistant.export import answer_table

    other = save_draft(store, Draft(None, "除雪", "4", CARD, "取得は任意です。", author="佐藤"))
    groups = group_batch([PARK, LIBRARY, SNOW, SNOW])
    found = saved_answers(store, "除雪", groups)
    assert ([draft.item_no for draft in found.unmatched], found.drafts) == (["4"], {})
    rows = [Draft(None, "除雪", group.no, group.summary, f"回答: {group.comment}", author="鈴木") for group in groups]
    result = save_batch(store, Consultation("除雪"), rows, answers=found, author="鈴木")
    assert (list(result.saved), {no: draft.id for no, draft in result.taken.items()}, result.conflicts) == (
        ["1", "2"], {"3・4": other.id}, {})
    assert [row[0] for row in answer_table(store, "除雪").rows] == ["1", "2", "4"]


def test_a_group_is_not_renumbered_onto_a_no_that_lists_another_comments_draft(store) -> None:
    """The draft of comment 4, now grouped with comment 3 as 「3・4」, was moved there beside a draft at 「3」 for a
    comment no longer in the list: the table listed No.3 twice. It keeps its No., and the row says why."""
    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft, list_drafts, save_draft

    save_draft(store, Draft(None, "除雪", "3", CARD, "取得は任意です。", author="佐藤"))
    snow = save_draft(store, Draft(None, "除雪", "4", SNOW, "計画的に除雪します。", author="佐藤"))
    groups = group_batch([PARK, LIBRARY, SNOW, SNOW])
    found = saved_answers(store, "除雪", groups)
    assert ([(draft.item_no, no) for draft, no in found.moves], [draft.item_no for draft in found.unmatched]) == (
        [("4", "3・4")], ["3"])
    rows = [Draft(snow.id, "除雪", "3・4", groups[2].summary, "計画的に除雪します。", author="鈴木", version=snow.version)]
    result = save_batch(store, Consultation("除雪"), rows, answers=found, author="鈴木")
    assert (result.renumbered, result.saved, result.not_renumbered) == ({}, {}, {})
    assert result.unmoved == {"3・4": "No.3 には、別のご意見への回答案が保存されています。No.3・4 と No.3 はどちらも No.3 の"
                                     "ご意見の回答になるため、両方を保存すると回答の表に No.3 が2回載ります。"}
    assert [(d.item_no, d.comment) for d in list_drafts(store, consultation="除雪")] == [("3", CARD), ("4", SNOW)]


def test_lines_typed_with_tabs_are_no_table() -> None:
    """A paste of lines with a tab typed by hand (「意見<tab>…」 line after line, a Word form's 「氏名<tab>山田太郎」,
    「ご意見：除雪<tab>北区」 over a line) was read as a table: the comments were replaced by their labels, or the first
    line dropped. Only a header of header words with rows of as many cells under it is a table."""
    lines = ["意見\t除雪の回数を増やしてほしい。", "要望\t図書館の開館時間を延ばしてほしい。", "意見\t歩道の除雪もお願いしたい。"]
    form = ["氏名\t山田太郎", "ご意見\t除雪の回数を増やしてほしい。", "氏名\t佐藤花子", "ご意見\t図書館を広げてほしい。"]
    for comments in (lines, form, ["意見1\t除雪を増やしてほしい。", "意見2\t図書館を広げてほしい。"],
                     ["ご意見：除雪\t北区", "図書館を広げてほしい。"], ["意見\t要望", "意見\t要望"]):
        notes, numbers = [], []
        assert (read_pasted("\n".join(comments), notes, numbers), notes, numbers) == (comments, [], [])
    notes, numbers = [], []
    assert read_pasted("No\tご意見\n1\t除雪を増やしてほしい。\n2\t図書館を広げてほしい。", notes, numbers) == [
        "除雪を増やしてほしい。", "図書館を広げてほしい。"]
    assert (notes, numbers) == ([], ["1", "2"])


def test_a_text_file_of_lines_typed_with_tabs_is_no_table(tmp_path) -> None:
    """A .txt of lines with a tab typed by hand was read as a table (the comments replaced by their label 「意見」),
    which a paste of the same lines no longer is; Excel's 「Unicode テキスト」 is still a table, also with a row whose
    empty cells at its end were left out."""
    path = tmp_path / "comments.txt"
    lines = ["意見\t除雪の回数を増やしてほしい。", "要望\t図書館の開館時間を延ばしてほしい。", "意見\t歩道の除雪もお願いしたい。"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_comment_file(path) == lines
    path.write_text("No.\tご意見\t備考\n1\t除雪を増やしてほしい。\t北区\n2\t図書館を広げてほしい。\n", encoding="utf-8")
    assert read_comment_file(path) == ["除雪を増やしてほしい。", "図書館を広げてほしい。"]
    # a header cell with its note (second reading 136: the table was read line by line, its header a comment)
    path.write_text("No.\tご意見※いただいたご意見は原文のまま掲載しています。\t担当課\r\n1\t除雪をもっと早くしてほしい。\t道路課\r\n"
                    "2\t歩道の除雪もお願いしたい。\t道路課\r\n", encoding="utf-8")
    notes, numbers = [], []
    assert list(read_comments(path, notes, numbers)) == ["除雪をもっと早くしてほしい。", "歩道の除雪もお願いしたい。"]
    assert (notes, numbers) == ([], ["1", "2"])


SHORT_CAMPAIGN = "柔軟剤の規制を入れてください。香害の原因となるマイクロカプセルについて書かれておりません。"
LETTER_COPIES = [f"氏名：山田 太郎\n住所：札幌市北区北24条西5丁目1-1\n電話：011-123-4567\n{SHORT_CAMPAIGN}",
                 f"【お名前】佐藤 花子\n【ご住所】札幌市中央区南3条西10丁目2-15\n{SHORT_CAMPAIGN}",
                 f"いつもお世話になっております。鈴木一郎と申します。\n{SHORT_CAMPAIGN}\nよろしくお願いいたします。"]


@pytest.mark.parametrize(("batch", "summaries"), [
    (LETTER_COPIES, [SHORT_CAMPAIGN] * 3),
    ([SNOW, "同上", LIBRARY], [SNOW, "同上", LIBRARY]),
])
def test_copies_answered_apart_before_they_were_one_group_stay_apart(store, batch, summaries) -> None:
    """Copies of a letter with other senders' headers, and a 「同上」 row, were answered as groups of their own before
    the batch read the letter body and joined 「同上」 to the row above: reopened, those drafts answered no group, the
    page offered to delete them and the group's save was refused (No.2 held another comment's answer). They are
    recognised as answering a comment of the group (merged), and the group is split again as it was answered."""
    from assistant.batch import group_batch, keep_answered_apart, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft
    from assistant.export import answer_table

    # saved as each comment alone, whole (masked), as the batch saved them before
    save_batch(store, Consultation("香害"), [Draft(None, "香害", str(number), comment, f"回答{number}", author="山田")
                                             for number, comment in enumerate(batch, start=1)])
    groups = group_batch(batch)
    assert [group.no for group in groups] == (["1・2・3"] if batch is LETTER_COPIES else ["1・2", "3"])
    found = saved_answers(store, "香害", groups)
    assert ([draft.item_no for draft in found.unmatched], sorted(found.merged.values())) == (
        (["2", "3"], ["1・2・3", "1・2・3"]) if batch is LETTER_COPIES else (["2"], ["1・2"]))
    groups, split = keep_answered_apart(groups, found)
    assert ([group.no for group in groups], split) == (["1", "2", "3"], ["1・2・3"] if batch is LETTER_COPIES else ["1・2"])
    found = saved_answers(store, "香害", groups)
    assert ([found.drafts[group.index].item_no for group in groups], found.unmatched, found.moves) == (["1", "2", "3"], (), ())
    rows = [Draft(found.drafts[group.index].id, "香害", group.no, group.summary, found.drafts[group.index].text,
                  author="佐藤", version=found.drafts[group.index].version) for group in groups]
    result = save_batch(store, Consultation("香害"), rows, answers=found)
    assert (list(result.saved), result.unmoved, result.taken, result.waiting) == (["1", "2", "3"], {}, {}, {})
    assert answer_table(store, "香害").rows == tuple((str(number), summary, f"回答{number}")
                                                      for number, summary in enumerate(summaries, start=1))


def test_comments_that_differ_in_an_address_or_a_phone_number_are_not_copies() -> None:
    """Copies were compared with the personal data in their text masked: two houses at two addresses, two numbers
    that do not answer, were one comment merged as exact copies that could not be split. Only the letter around a
    comment (a 氏名／電話 header, greetings) is left out; copies with other senders' headers are still copies."""
    from assistant.batch import group_batch

    houses = ["北区北24条西5丁目1-1の空き家が倒壊しそうなので撤去してほしい。",
              "中央区南3条西10丁目2-15の空き家が倒壊しそうなので撤去してほしい。"]
    assert [(group.no, group.label) for group in group_batch(houses)] == [("1", ""), ("2", "")]
    phones = ["011-211-2682に電話してもつながらない。", "011-211-3000に電話してもつながらない。",
              "氏名：山田太郎\n電話：011-123-4567\nいつもお世話になっております。011-211-2682に電話してもつながらない。"]
    groups = group_batch(phones)
    assert [(group.no, group.label) for group in groups] == [("1・3", "同趣旨 2件（同文の写し 1件）"), ("2", "")]
    assert groups[0].summary == "●●●に電話してもつながらない。\n（同趣旨 2件）"
    assert [group.no for group in group_batch(SIGNED)] == ["1・2・3・4"]


def test_long_comments_that_differ_in_an_address_are_two_points() -> None:
    """Review 154: two reports of three sentences, alike but for the house's address, were one group once the rest was
    long enough for the near-duplicate step (「同趣旨 2件」): the second house was gone from the table. Two addresses a
    comment is about are two points; an address on one side only (the writer's own added to a copy), and contact
    details in brackets or on a line of their own, phone numbers and e-mail addresses, are not what it is about."""
    from assistant.batch import group_batch

    report = ("近所の空き家が長年放置されており、冬には屋根からの落雪で通学路が危険になっています。雑草も伸び放題で、"
              "不審者が出入りしているとの話もあります。市で所有者に指導するか、撤去を進めてください。場所は{}です。")
    houses = [report.format("札幌市北区北24条西5丁目1-1"), report.format("札幌市中央区南3条西2丁目3-4")]
    assert [(group.no, group.label) for group in group_batch(houses)] == [("1", ""), ("2", "")]
    added = [report.format("近所"), report.format("近所") + "私の住所は北区北24条西5丁目1-1です。"]
    assert [(group.no, group.label) for group in group_batch(added)] == [("1・2", "同趣旨 2件（似た文面 2種類）")]
    # Second reading 160: a campaign letter whose senders add their own contact details is still one point.
    letter = report.format("近所")
    for extra in ("\n連絡先 090-1234-56{}", "（山田太郎　北区北24条西{}丁目1-1　090-1234-5678）", "返信はtaro{}@example.jpまでお願いします。"):
        assert [group.no for group in group_batch([letter + extra.format(n) for n in (3, 4, 5)])] == ["1・2・3"]


def test_a_comment_saved_whole_before_the_letter_was_left_out_is_unchanged(store) -> None:
    """A consultation saved before today holds each group's first comment whole (greetings too): reopened, the page
    took every untouched draft for edited, since the group's summary is now the letter body, and a 起案 user's save
    was refused for approved drafts nobody touched. The old comment counts as unchanged; an edit still does not."""
    from assistant.batch import comment_as_saved, group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft

    greeted = f"いつもお世話になっております。\n{SNOW}\nよろしくお願いいたします。"
    save_batch(store, Consultation("雪"), [Draft(None, "雪", "1", greeted, "回答1", author="山田"),
                                          Draft(None, "雪", "2", f"{LIBRARY}\n（同趣旨 2件）", "回答2", author="山田")])
    groups = group_batch([greeted, LIBRARY, LIBRARY])
    found = saved_answers(store, "雪", groups)
    assert [groups[0].summary, found.drafts[0].comment] == [SNOW, greeted]
    assert [comment_as_saved(group, group.summary, found.drafts[group.index].comment) for group in groups] == [True, True]
    assert not comment_as_saved(groups[0], "除雪の回数を減らしてほしい。", found.drafts[0].comment)
    assert not comment_as_saved(groups[1], groups[0].summary, found.drafts[1].comment)


@pytest.mark.parametrize("same", ["氏名：{name}\n同上", "同上です。よろしくお願いします。", "いつもお世話になっております。同上です。"])
def test_a_reference_in_a_letter_refers_to_the_row_above(same) -> None:
    """「同上」 with a letter around it was not recognised: with the senders' headers left out, two writers' 「同上」 were
    merged as copies of each other (「2・4　同文の写し」), the first comment answered apart from its 「同上」."""
    from assistant.batch import group_batch, referred_row

    notes = []
    batch = [SNOW, same.format(name="山田太郎"), LIBRARY, same.format(name="佐藤花子")]
    groups = group_batch(batch, notes=notes)
    assert [(group.no, group.label) for group in groups] == [("1・2", "同趣旨 2件（「同上」など 1件）"),
                                                            ("3・4", "同趣旨 2件（「同上」など 1件）")]
    assert referred_row(batch[1]) == ""
    assert notes == [f"ほかのご意見と同じとだけ書かれたご意見 2 件は、指しているご意見と同じ回答にまとめました（No.2「"
                     f"{' '.join(batch[1].split())}」→ No.1、No.4「{' '.join(batch[3].split())}」→ No.3）。"]


def test_a_numbered_reference_finds_a_zero_padded_no() -> None:
    """「No.1と同じ」 in a file numbered 「001」, 「002」 … named no comment: digits are compared as numbers."""
    from assistant.batch import group_batch

    notes = []
    groups = group_batch([SNOW, LIBRARY, "No.1と同じ", "２番と同じ意見です。"], numbers=["001", "002", "003", "004"], notes=notes)
    assert [(group.no, group.label) for group in groups] == [("001・003", "同趣旨 2件（「同上」など 1件）"),
                                                            ("002・004", "同趣旨 2件（「同上」など 1件）")]
    assert notes == ["ほかのご意見と同じとだけ書かれたご意見 2 件は、指しているご意見と同じ回答にまとめました（No.003「No.1と同じ」→ "
                     "No.001、No.004「２番と同じ意見です。」→ No.002）。"]


def test_a_quoted_passage_typed_in_blocks_keeps_the_blocks() -> None:
    """A passage quoted over several lines, typed by hand in comments separated by blank lines, switched the paste to
    Excel's column: one comment a line, the quoted passage alone. Blocks of several lines outside it stay blocks."""
    notes = []
    text = ('素案3ページの次の記述について意見します。\n"市は除雪を\n計画的に行う"\nこの表現はあいまいなので、回数を明記してください。'
            '\n\n図書館の開館時間を延ばしてほしい。\n平日は夜9時までにしてほしい。')
    assert read_pasted(text, notes) == ['素案3ページの次の記述について意見します。\n"市は除雪を\n計画的に行う"\nこの表現はあいまいなので、'
                                        '回数を明記してください。', "図書館の開館時間を延ばしてほしい。\n平日は夜9時までにしてほしい。"]
    assert notes == ["空行で区切られた 2 個のまとまりを、それぞれ 1 件のご意見として読みました（うち 2 件は複数の行をまとめています）。"
                     "1 行に 1 件のつもりなら、空行を消してください。Excel の列をコピーしたものなら、空のセルを詰めてから"
                     "貼り付け直すと、セルごとに 1 件として読みます。"]


def test_an_excel_column_of_empty_one_line_and_multi_line_cells_reads_each_filled_cell_as_one_comment() -> None:
    """A column copied from Excel whose cells mix empty cells, one-line cells and cells with line breaks: one-line
    cells next to each other with an empty cell elsewhere read as typed blocks, merging them into one comment and
    splitting a quoted cell at its blank line with its 「"」 kept; empty cells were dropped without a word. Each filled
    cell is one comment, and the empty ones are counted and placed."""
    from assistant.batch import group_batch

    notes = []
    pasted = ('除雪の回数を増やしてほしい。\n図書館を夜まで開けてほしい。\n\n"公園について。\n\n遊具を""増やして""ほしい。"\n'
              '\n駐輪場を増やしてほしい。\n"バスの本数を\n増やしてほしい。"\n\n')
    assert read_pasted(pasted, notes) == ["除雪の回数を増やしてほしい。", "図書館を夜まで開けてほしい。",
                                          "公園について。\n\n遊具を\"増やして\"ほしい。", "駐輪場を増やしてほしい。",
                                          "バスの本数を\n増やしてほしい。"]
    assert notes == ["「\"」で囲まれて改行を含む 2 件は、Excel からコピーしたセルとして、それぞれ 1 件のご意見として読みました"
                     "（ほかは 1 行に 1 件）。空のセル 3 個（貼り付けたセルの 3、5、8 番目）は、ご意見がないため読んでいません"
                     "（No. は空でないセルに順に付けています）。"]
    notes = []  # nothing doubled: typed blocks (a quoted comment typed as a block of its own reads so), the note says how
    assert read_pasted('\n除雪を増やしてほしい。\n図書館を開けてほしい。\n\n"公園を整備して\nほしい。"\n\n', notes) == [
        "除雪を増やしてほしい。\n図書館を開けてほしい。", '"公園を整備して\nほしい。"']
    assert notes[0].endswith("Excel の列をコピーしたものなら、空のセルを詰めてから貼り付け直すと、セルごとに 1 件として読みます。")
    assert [group.no for group in group_batch(read_pasted(pasted))] == ["1", "2", "3", "4", "5"]


def test_two_groups_saved_alike_once_masked_each_keep_the_answer_at_their_own_no(store) -> None:
    """A last reading: two reports about two addresses are two groups, saved alike (「●●●の空き家を…」); reopened, the
    first group took both drafts, the second's was offered for deletion, or moved onto the first's No."""
    from assistant.batch import group_batch, save_batch, saved_answers
    from assistant.drafts import Consultation, Draft

    first, second = "北区北24条西5丁目1-1の空き家を撤去してほしい。", "中央区南3条西1丁目2-3の空き家を撤去してほしい。"
    groups = group_batch([first, second, LIBRARY])
    save_batch(store, Consultation("空き家"), [Draft(None, "空き家", g.no, g.summary, f"回答{g.no}", author="山田") for g in groups])
    found = saved_answers(store, "空き家", groups)
    assert ({i: (d.item_no, d.text) for i, d in found.drafts.items()}, found.merged, found.moves) == (
        {0: ("1", "回答1"), 1: ("2", "回答2"), 2: ("3", "回答3")}, {}, ())


@pytest.mark.parametrize(("one", "between", "other"), [
    ("規制を強化すべきです。", "規制を検討すべきです。", "規制を緩和すべきです。"),
    ("補助金を増やしてください。", "補助金を維持してください。", "補助金を減らしてください。"),
    ("使用を拡大すべきです。", "使用を継続すべきです。", "使用を縮小すべきです。"),
])
def test_two_comments_turned_round_are_not_one_group_through_a_third_alike_to_both(one, between, other) -> None:
    """Single linkage joined 「…強化すべき」 and 「…緩和すべき」 through 「…検討すべき」, one point with each of them."""
    from assistant.batch import group_batch, same_point

    letter = ("農薬の空中散布について意見を申し上げます。近年、ミツバチの大量死が各地で報告されており、"
              "子どもたちの健康への影響も心配です。市として現状を調査し、結果を公表してください。")
    first, middle, last = letter + one, letter + between, letter + other
    assert (same_point(first, middle), same_point(middle, last), same_point(first, last)) == (True, True, False)
    assert [(group.no, group.label) for group in group_batch([first, middle, last])] == [
        ("1・2", "同趣旨 2件（似た文面 2種類）"), ("3", "")]
    assert [group.no for group in group_batch([middle, first, last])] == ["1・2", "3"]
    assert [group.members for group in group_batch([first, last, middle])] in ([(0, 2), (1,)], [(0,), (1, 2)])


def test_a_campaign_letter_with_a_request_of_the_sender_s_own_added_is_a_group_of_its_own() -> None:
    """Merged as 同趣旨, the added request was one wording among many, never shown nor answered."""
    from assistant.batch import adds_a_point, group_batch

    letter = ("近年、猟犬による市民への咬傷事件が多発している。リードを付けずに使役することが可能な使役犬として、警察犬と並んで"
              "猟犬も同じ扱いとなっている。猟犬がリード無しで使役して安全なほどに警察犬と同等の訓練がなされているかは、"
              "甚だ疑問が残る。市民の安全を守るため、猟犬の使役に関する制度の見直しを国に求めてください。")
    own = letter + "\nまた、北区の篠路駅前の歩道にロードヒーティングを設置してください。"
    dropped = letter.replace("甚だ疑問が残る。", "")
    signed = f"{letter.replace('。', '！', 2)}\n札幌市北区北24条西5丁目1-1\n山田太郎\nよろしくお願いします。"
    batch = [letter] * 3 + [own, dropped, signed, letter]
    assert [(group.no, group.label) for group in group_batch(batch)] == [
        ("1・2・3・5・6・7", "同趣旨 6件（同文の写し 3件、似た文面 3種類）"), ("4", "")]
    assert [adds_a_point(text, letter) for text in (own, dropped, signed)] == [True, False, False]
    # Second reading 160: a closing added to a copy is no point of its own.
    closing = letter + "以上、よろしくご検討のほどお願い申し上げます。"
    assert [(group.no, group.label) for group in group_batch([letter, letter, closing])] == [
        ("1・2・3", "同趣旨 3件（同文の写し 1件、似た文面 2種類）")]
    # Judged against the wording sent most: a shortened copy received first split every full letter off.
    shortened = letter.replace("近年、猟犬による市民への咬傷事件が多発している。", "")
    assert [(group.no, group.label) for group in group_batch([shortened] + [letter] * 4 + [own])] == [
        ("1・2・3・4・5", "同趣旨 5件（同文の写し 3件、似た文面 2種類）"), ("6", "")]


def test_batch_work_is_kept_per_token_for_its_user_and_regrouped_as_it_was(monkeypatch) -> None:
    """F5 on 一括起案 lost the worksheet: it is kept in the kept-work table under its own token, loaded back by the
    same user only (not by 起案's load_work), and its groups, a split made on the page included, come back."""
    from assistant.batch import KeptInput, group_batch, group_layout, restore_groups, with_split
    from assistant.drafts import keep_batch_work, keep_work, load_batch_work, load_work
    from assistant.store import Store

    comments = ["除雪の回数を増やしてほしい。", "除雪の回数を増やしてほしい。", "同上",
                "図書館を夜まで開けてほしい。", "図書館を夜まで開けてほしいです。"]
    read = KeptInput(limit=1000)
    groups = group_batch(read.collect(iter(comments)))
    assert read.comments == comments and not read.too_large
    assert [group.no for group in groups] == ["1・2・3", "4・5"]
    groups = with_split(groups, 3, [1])  # 「…ほしいです。」 answered apart on the page
    work = {"consultation": "除雪計画", "title": "", "period": "", "page": 1, "answers": {"0": ["1・2・3", "k", "候補 1", "書きかけ"]},
            "input": {"comments": read.comments, "numbers": [], "chars": read.chars},
            "layout": group_layout(groups, read.comments), "other": "not kept"}
    with Store(":memory:") as store:
        keep_batch_work(store, "tab-b", "kian", work)
        kept = load_batch_work(store, "tab-b", "kian")
        assert kept["answers"] == {"0": ["1・2・3", "k", "候補 1", "書きかけ"]} and "other" not in kept
        assert restore_groups(kept["input"]["comments"], kept["input"]["numbers"], kept["layout"]) == groups
        assert [group.no for group in groups] == ["1・2・3", "4", "5"]
        assert load_batch_work(store, "tab-b", "kessai") is None  # another user's tab
        assert load_batch_work(store, "tab-x", "kian") is None
        assert load_work(store, "tab-b", "kian") is None  # 起案 never restores a worksheet, nor 一括起案 a draft
        keep_work(store, "tab-w", "kian", {"comment": "除雪を。"})
        assert load_batch_work(store, "tab-w", "kian") is None
        assert load_work(store, "tab-w", "kian")["comment"] == "除雪を。"
    too_large = KeptInput(limit=20)
    assert len(list(too_large.collect(iter(comments)))) == 5  # every comment still read
    assert (too_large.comments, too_large.too_large, too_large.chars) == (None, True, 60)


def test_a_restored_worksheets_old_copy_becomes_a_note_of_where_it_went_in_the_file_for_its_user_only(tmp_path) -> None:
    """Each F5 of 一括起案 went on under a new token and left the old token's copy (the comments as read, personal
    data included) in the store for 14 days; deleting it left a tab opened on the old address empty without a word.
    hand_over_batch_work replaces it, overwritten in the file, by a note naming the token that took it over (no
    comment), which batch_work_handed_over follows to the worksheet kept now; another user's worksheet and the 起案
    page's work are left alone."""
    from assistant.drafts import (batch_work_handed_over, hand_over_batch_work, keep_batch_work, keep_work, load_batch_work,
                                  load_work)
    from assistant.store import Store

    path = tmp_path / "work.sqlite3"
    letter = {"consultation": "除雪計画", "pasted": "山田太郎です。電話090-1234-5678"}
    with Store(path) as store:
        for token in ("old", "mid", "new"):
            keep_batch_work(store, token, "kian", letter)
        keep_batch_work(store, "theirs", "kessai", {"consultation": "除雪計画"})
        keep_work(store, "draft", "kian", {"comment": "除雪を。"})
        store.conn.execute("PRAGMA secure_delete = 0")
        hand_over_batch_work(store, "theirs", "new", "kian")  # another user's
        hand_over_batch_work(store, "draft", "new", "kian")  # the 起案 page's
        hand_over_batch_work(store, "old", "mid", "kian")  # a reload
        hand_over_batch_work(store, "mid", "new", "kian")  # a second tab on the reloaded tab's address
        hand_over_batch_work(store, "none", "new", "kian")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert sorted(row[0] for row in store.conn.execute("SELECT token FROM work_in_progress")) == [
            "draft", "mid", "new", "old", "theirs"]
        assert (load_batch_work(store, "old", "kian"), load_batch_work(store, "mid", "kian"), load_work(store, "old", "kian")) == (
            None, None, None)
        assert path.read_bytes().count("090-1234-5678".encode()) == 1  # the copy under "new" only
        assert store.conn.execute("PRAGMA secure_delete").fetchone() == (0,)
        assert [batch_work_handed_over(store, token, "kian") for token in ("old", "mid", "new", "none", "theirs")] == [
            "new", "new", None, None, None]
        assert batch_work_handed_over(store, "old", "kessai") is None  # another user's note
        assert load_batch_work(store, "theirs", "kessai") == {"consultation": "除雪計画", **{
            field: None for field in ("author", "title", "period", "pasted", "source", "sheet", "input", "too_large", "notes",
                                      "layout", "page", "answers")}}
        assert load_work(store, "draft", "kian") is not None
        keep_batch_work(store, "mid", "kian", {**letter, "title": "除雪計画の案"})  # the tab still open on it changes
        assert load_batch_work(store, "mid", "kian")["title"] == "除雪計画の案"
        assert batch_work_handed_over(store, "old", "kian") == "mid"
        store.conn.execute("UPDATE work_in_progress SET updated_at = '2000-01-01T00:00:00+00:00' WHERE token = 'mid'")
        assert batch_work_handed_over(store, "old", "kian") is None  # what took it over expired


def test_typed_blocks_with_a_quoted_passage_of_its_own_or_holding_a_blank_line_keep_one_comment_a_block() -> None:
    """A quoted passage typed as a block of its own, or quoting a plan's paragraphs with a blank line between them,
    made the paste Excel's column: every line of the other blocks one comment, the blank lines 「空のセル」. Only a
    doubled 「""」 shows Excel's column; a blank line inside a quoted passage no longer parts the typed blocks."""
    tip = ("1 行に 1 件のつもりなら、空行を消してください。Excel の列をコピーしたものなら、空のセルを詰めてから貼り付け直すと、"
           "セルごとに 1 件として読みます。")
    notes = []
    assert read_pasted('公共施設の削減に反対です。\n集会所は残してください。\n\n"図書館の開館時間を\n延ばしてほしい"\n\n'
                       '除雪を早くしてほしい。\nバス路線も同様です。', notes) == [
        "公共施設の削減に反対です。\n集会所は残してください。", '"図書館の開館時間を\n延ばしてほしい"',
        "除雪を早くしてほしい。\nバス路線も同様です。"]
    assert notes == ["空行で区切られた 3 個のまとまりを、それぞれ 1 件のご意見として読みました（うち 3 件は複数の行をまとめています）。"
                     + tip]
    notes = []
    assert read_pasted('一件目の意見です。\n続きです。\n\n市の計画には次のようにあります。\n"地域の見守りを進めます。\n\n'
                       '高齢者の孤立を防ぎます。"\nこれは具体性に欠けます。\n\n三件目です。\n以上。', notes) == [
        "一件目の意見です。\n続きです。",
        '市の計画には次のようにあります。\n"地域の見守りを進めます。\n\n高齢者の孤立を防ぎます。"\nこれは具体性に欠けます。',
        "三件目です。\n以上。"]
    assert notes == ["空行で区切られた 3 個のまとまりを、それぞれ 1 件のご意見として読みました（うち 3 件は複数の行をまとめています）。"
                     + tip]


def test_a_hand_over_with_the_stamp_loaded_leaves_a_worksheet_changed_since(store) -> None:
    """hand_over_batch_work replaced whatever was kept under the old token: a newer answer the first tab kept after
    the second tab loaded the worksheet was lost for the note. With the stamp loaded it hands over that copy only,
    keeping the worksheet under the new token in the same transaction."""
    from assistant.drafts import hand_over_batch_work, keep_batch_work, load_batch_work, load_batch_work_stamped

    keep_batch_work(store, "t1", "", {"title": "件名", "answers": {"0": ["1", "k", None, "回答X", None]}})
    work, stamp = load_batch_work_stamped(store, "t1", "")
    keep_batch_work(store, "t1", "", {"title": "件名", "answers": {"0": ["1", "k", None, "回答Y", None]}})
    assert hand_over_batch_work(store, "t1", "t2", "", stamp=stamp, work=work) is False
    assert load_batch_work(store, "t1", "")["answers"]["0"][3] == "回答Y"
    assert load_batch_work(store, "t2", "") is None
    work, stamp = load_batch_work_stamped(store, "t1", "")
    assert hand_over_batch_work(store, "t1", "t2", "", stamp=stamp, work=work) is True
    assert (load_batch_work(store, "t1", ""), load_batch_work(store, "t2", "")["answers"]["0"][3]) == (None, "回答Y")


def test_a_no_of_thousands_of_digits_in_a_batch_is_grouped_not_an_unexpected_error() -> None:
    """A cell of 5,000 digits in the No. column (Python reads at most 4,300 digits as a number): a comment that only
    refers to another had stopped the grouping of the whole batch."""
    from assistant.batch import group_batch

    long = "1" * 5000
    notes: list[str] = []
    groups = group_batch(["除雪を早くしてほしい。", "No.1と同じ", "前と同じです。", "公園を増やしてほしい。", "上と同じ"],
                         numbers=["1", long, "2" * 5000, "3", "5"], notes=notes)
    assert [group.no for group in groups] == [f"1・{long}・{'2' * 5000}", "3", "5"]
    assert [len(group.members) for group in groups] == [3, 1, 1]
    assert notes[1] == ("ほかのご意見と同じとだけ書かれたご意見のうち 1 件は、指しているご意見がないため、それだけでひとつの回答にしました"
                        "（No.5「上と同じ」（前の No.4 にご意見がありません））。どのご意見を指すか、元のファイルで確かめてください。")


@pytest.mark.parametrize("japanese", [False, True])
def test_read_comments_reads_back_nos_excel_made_dates_of(tmp_path, japanese) -> None:
    """Review s49: a No. column's cells that Excel keeps as dates are read as the spreadsheet readers read them
    (hygiene.no_of_date). Before, 「4-1」 typed (2026-04-01 in 「m/d」) was read as 「2026-04-01 00:00:00」 and the Nos.
    3, 60, 366 typed under 「m/d」 as 「1900-01-03 00:00:00」…: none a number, so the file's Nos. were dropped and the
    comments numbered 1, 2, … by position (numbers stayed empty), as when saved by Excel in Japanese (「4-1」 in built-in
    format 56, 366 in d-mmm, built-in 16). Now 「4-1」 is read back and named, the numbers are the numbers, and a 60 (or 59) is read as 59 and said."""
    import datetime as dt

    from tests.test_readers_spreadsheet import _as_japanese_excel_saves, _dated_book

    rows = [["No.", "ご意見"], ["1", "除雪を増やして。"], [dt.datetime(2026, 4, 1), "公園を整備して。"],
            [3, "図書館を開けて。"], [60, "バスを増やして。"], [366, "街灯を増やして。"]]
    april = 'm"月"d"日"' if japanese else "m/d"
    _dated_book(tmp_path / "made.xlsx", rows, {"A3": april, "A4": "m/d", "A5": "m/d", "A6": "d-mmm"})
    if japanese:
        _as_japanese_excel_saves(tmp_path / "made.xlsx", tmp_path / "saved.xlsx")
    notes, numbers = [], []
    comments = list(read_comments(tmp_path / ("saved.xlsx" if japanese else "made.xlsx"), notes, numbers))
    assert comments == ["除雪を増やして。", "公園を整備して。", "図書館を開けて。", "バスを増やして。", "街灯を増やして。"]
    # Saved as Excel in Japanese saves, only the 4月1日 keeps a date format (the others' custom formats become 「標準」)
    assert numbers == ["1", "4-1", "3", "60" if japanese else "59", "366"]
    assert notes == ([] if japanese else [
        "No. の列の日付の書式のセル（シート「回答」の5行目）は、59 か 60 かを読み分けられないため（Excel が数える1900年2月29日は"
        "実在しない日です）、No.59 として読みました。原本の No. を確認してください。"]) + [
        "No. の列に、日付として保存されたセルがあります（Excel が「4-1」などの番号を日付に変えたもの）。No.4-1（シート「回答」の"
        "3行目）として読みました。原本の No. と合っているか確認してください。"]


def test_read_comments_numbers_by_position_when_a_no_is_a_date_with_its_year(tmp_path) -> None:
    """A date showing its year in the No. column (2025/5/1 in 「yyyy/m/d」) is no No.: the comments are numbered by
    position, with the note naming its row, as before; a 「4-1」 beside it is then not said (its No. is not used)."""
    import datetime as dt

    from tests.test_readers_spreadsheet import _dated_book

    _dated_book(tmp_path / "made.xlsx", [["No.", "ご意見"], [dt.datetime(2026, 4, 1), "公園を整備して。"],
                                         [dt.datetime(2025, 5, 1), "図書館を開けて。"]], {"A2": "m/d", "A3": "yyyy/m/d"})
    notes, numbers = [], []
    assert list(read_comments(tmp_path / "made.xlsx", notes, numbers)) == ["公園を整備して。", "図書館を開けて。"]
    assert numbers == []
    assert notes == [
        "No. 列が空欄か、ほかの行と同じ番号か、日付・時刻として保存されたご意見が 1 件（シート「回答」の3行目）あるため、No. はご意見"
        "のある行に 1 から順に振りました。ファイルの番号で答えるときは、No. 列を文字列の書式にして 1 件ごとに違う番号にしてから"
        "読み込み直してください（Excel は「2-1」を日付にします。シートごとに 1 から振った番号も同じ番号になります）。"]


NUMBERED_NOTE = ("行頭の番号（「{mark}」など）を No. として、ご意見 {count} 件を読みました（番号はご意見の文から外し、番号のある行から"
                 "次の番号の行の前までを 1 件としています{joined}）。{more}番号を No. にしないときは、行頭の番号を消して貼り付け直してください（1 行"
                 "に 1 件として読みます）。1 件のご意見の中の箇条書きなら、そのご意見を「\"」で囲んで（Excel のセルからコピーした形で）貼り付け"
                 "ると、1 件として読みます。")
SKIPPED = "番号が飛んでいるところが {count} か所（{where}）あります（No. は番号のとおり）。"
COUNTED = ("番号の後に数を表す語が続く {count} 行（{where}）を番号のある行として読みました。前のご意見の続き（行頭の数字が文の"
           "一部）であれば、その行を前の行の末尾につなげて貼り付け直してください。")


def _numbered(text: str) -> tuple[list[str], list[str], list[str], list[tuple[str, int, str]]]:
    """What the 一括起案 page reads from a paste: the comments, ``numbers``, the notes and the groups (No., count, label)."""
    from assistant.batch import group_batch
    notes, numbers = [], []
    comments = read_pasted(text, notes, numbers)
    groups = group_batch(comments, numbers=numbers, notes=notes)
    return comments, numbers, notes, [(group.no, group.count, group.label) for group in groups]


def test_a_numbered_paste_keeps_its_numbers_as_the_nos() -> None:
    """Comments pasted as a numbered list kept 「1. 」 in their text and were renumbered by position (「3.」 after a
    withdrawn 2 became No.2), and copies differing only by their number were 「似た文面」: the numbers are the Nos."""
    comments, numbers, notes, groups = _numbered(
        "1. 賛成です。\n2. 図書館を広げて。\n3. 公園を直して。\n11. 賛成です。\n112. 賛成です。")
    assert (comments, numbers) == (["賛成です。", "図書館を広げて。", "公園を直して。", "賛成です。", "賛成です。"],
                                   ["1", "2", "3", "11", "112"])
    assert notes == [NUMBERED_NOTE.format(mark="1.", count=5, joined="", more=SKIPPED.format(
        count=2, where="「3.」の次の「11.」、「11.」の次の「112.」"))]
    assert groups == [("1・11・112", 3, "同趣旨 3件（同文の写し 2件）"), ("2", 1, ""), ("3", 1, "")]
    for text, mark in (("1. 除雪を増やして。\n3. 図書館を広げて。", "1."), ("１）除雪を増やして。\n３）図書館を広げて。", "１）"),
                       ("(1) 除雪を増やして。\n(3) 図書館を広げて。", "(1)"), ("①除雪を増やして。\n③図書館を広げて。", "①"),
                       ("No.1 除雪を増やして。\nNo.3 図書館を広げて。", "No.1"), ("1、除雪を増やして。\n3、図書館を広げて。", "1、")):
        assert _numbered(text) == (["除雪を増やして。", "図書館を広げて。"], ["1", "3"],
                                   [NUMBERED_NOTE.format(mark=mark, count=2, joined="", more=SKIPPED.format(
                                       count=1, where=f"「{mark}」の次の「{mark.translate(str.maketrans('1１①', '3３③'))}」"))],
                                   [("1", 1, ""), ("3", 1, "")])


def test_a_no_line_of_its_own_numbers_the_text_under_it() -> None:
    """「No.1」 on a line of its own was a comment: three extra rows, each searched, and the real comments numbered 2・4."""
    assert _numbered("No.1\n除雪の回数を増やしてほしい。\nNo.2\n除雪の回数を増やしてほしい。\nNo.3\n図書館を広げて。") == (
        ["除雪の回数を増やしてほしい。", "除雪の回数を増やしてほしい。", "図書館を広げて。"], ["1", "2", "3"],
        [NUMBERED_NOTE.format(mark="No.1", count=3, joined="", more="番号だけの行 3 行は、その次の行からのご意見の No. としました。")],
        [("1・2", 2, "同趣旨 2件（同文の写し 1件）"), ("3", 1, "")])
    assert _numbered("No.1\n\n除雪の回数を増やしてほしい。\n\nNo.2\n\n図書館を広げて。")[:2] == (
        ["除雪の回数を増やしてほしい。", "図書館を広げて。"], ["1", "2"])
    # a number with no comment under it is named, never a comment
    assert _numbered("1. 除雪を増やして。\n2.\n3. 公園を直して。")[:3] == (
        ["除雪を増やして。", "公園を直して。"], ["1", "3"],
        [NUMBERED_NOTE.format(mark="1.", count=2, joined="", more="番号だけでご意見のない 1 行（「2.」）は読んでいません。")])


def test_a_numbered_comment_keeps_its_lines_and_paragraphs() -> None:
    """A numbered comment over several lines or paragraphs was cut into one comment a line (or a block), each numbered."""
    joined = "。うち 1 件（No.1）は複数の行や後に続く段落をまとめています"
    for text, first in (("1. 除雪の回数を増やしてほしい。\n特に北区の生活道路は遅い。\n2. 図書館の開館時間を延ばしてほしい。",
                         "除雪の回数を増やしてほしい。\n特に北区の生活道路は遅い。"),
                        ("1. 除雪の回数を増やしてほしい。\n\n\n特に北区の生活道路は遅い。\n\n2. 図書館の開館時間を延ばしてほしい。",
                         "除雪の回数を増やしてほしい。\n\n特に北区の生活道路は遅い。")):
        assert _numbered(text) == ([first, "図書館の開館時間を延ばしてほしい。"], ["1", "2"],
                                   [NUMBERED_NOTE.format(mark="1.", count=2, joined=joined, more="")], [("1", 1, ""), ("2", 1, "")])


def test_a_numbered_reference_joins_the_comment_it_names() -> None:
    """「4. 上記と同じです。」, 「③同上」, 「3. No.1と同じ」 were no references: a group of their own, searched as a comment."""
    from assistant.batch import referred_row
    assert [referred_row(text) for text in ["4. 上記と同じです。", "③同上", "3. No.1と同じ", "No.1と同じ", "1.5倍にして"]] == [
        "", "", "1", "1", None]
    comments, numbers, notes, groups = _numbered("1. 除雪の回数を増やしてほしい。\n2. 図書館を広げて。\n3. No.1と同じ")
    assert (comments[2], numbers, groups) == ("No.1と同じ", ["1", "2", "3"],
                                              [("1・3", 2, "同趣旨 2件（「同上」など 1件）"), ("2", 1, "")])
    assert notes[1] == "ほかのご意見と同じとだけ書かれたご意見 1 件は、指しているご意見と同じ回答にまとめました（No.3「No.1と同じ」→ No.1）。"


def test_numbers_that_do_not_number_the_paste_are_text() -> None:
    """A number inside a comment (a count, a year, an age), or at the start of one line only, is no No.: read as before."""
    for lines in (["1つ目の意見です。", "2030年までに整備を。", "3歳児の保育を。"], ["1. 除雪を増やして。", "図書館を広げて。"],
                  ["除雪を増やして。", "1. 北区", "2. 南区"], ["1.5倍にしてほしい。", "2.5倍は多い。"],
                  ["1,000円の値上げに反対。", "2,000円なら賛成。"], ["2024/1/5 除雪を増やして。", "2024/2/1 図書館を広げて。"],
                  ["1. 除雪", "2. 図書館", "2. 公園", "1. バス"]):
        notes, numbers = [], []
        assert (read_pasted("\n".join(lines), notes, numbers), notes, numbers) == (lines, [], [])
    # most comments unnumbered: a writer's own list in one block, or numbered lines under half the lines, is read as before
    notes, numbers = [], []
    assert read_pasted("1. 除雪\n2. 歩道\n\n図書館を広げて。\n\n公園を直して。", notes, numbers) == [
        "1. 除雪\n2. 歩道", "図書館を広げて。", "公園を直して。"]
    assert (numbers, len(notes), notes[0].startswith("空行で区切られた 3 個のまとまりを")) == ([], 1, True)
    lines = ["1. 除雪について", "回数を増やして。", "早朝も。", "2. 図書館について", "広げて。", "夜も。"]
    assert (read_pasted("\n".join(lines), notes := [], numbers := []), notes, numbers) == (lines, [], [])


def test_a_numbered_paste_with_a_number_repeated_keeps_every_line_and_says_so() -> None:
    """Numbers that do not rise (two lists stacked, a typo) are not the Nos.: each line stays, its number in its text."""
    assert _numbered("1. 除雪\n2. 図書館\n2. 公園\n3. バス") == (
        ["1. 除雪", "2. 図書館", "2. 公園", "3. バス"], [],
        ["行頭の番号（「1.」など）のある行から次の番号の行の前までを 1 件として、ご意見 4 件を読みました。番号が前より大きくない行が "
         "1 行（「2.」の次の「2.」）あるため、番号は No. に使わずご意見の文に残し、No. はご意見に 1 から順に振りました。番号を No. に"
         "するときは、1 件ごとに違う番号を小さい順に振ってから貼り付け直してください。"],
        [("1", 1, ""), ("2", 1, ""), ("3", 1, ""), ("4", 1, "")])


def test_excel_cells_of_nos_and_comments_pasted_without_their_header() -> None:
    """Two Excel columns (No.｜ご意見) copied without the header row: a quoted cell with a line break was cut in two, each
    half with a stray 「"」, and 「1<tab>」 kept in the text. Read as the table it is, with its Nos."""
    assert _numbered('1\t"除雪の回数を増やしてほしい。\n特に北区。"\n3\t図書館を広げてほしい。\n5\t図書館を広げてほしい。\n') == (
        ["除雪の回数を増やしてほしい。\n特に北区。", "図書館を広げてほしい。", "図書館を広げてほしい。"], ["1", "3", "5"],
        ["1 列目が No.、2 列目がご意見の 2 列のセル（見出し行なし）として、ご意見 3 件を読みました（うち 1 件は改行を含むセル）。"
         "No. は 1 列目の番号のとおりです。"],
        [("1", 1, ""), ("3・5", 2, "同趣旨 2件（同文の写し 1件）")])
    assert _numbered("1\t除雪\n2\t\n3\t図書館\n")[:3] == (
        ["除雪", "図書館"], ["1", "3"],
        ["1 列目が No.、2 列目がご意見の 2 列のセル（見出し行なし）として、ご意見 2 件を読みました。ご意見の欄が空の 1 行（No.2）は"
         "読み飛ばしました。No. は 1 列目の番号のとおりです。"])


def test_a_number_before_a_counter_or_a_space_list_not_from_1_is_text() -> None:
    """「2030 年までに」, 「10 月の」, 「3 歳児の」 (a space before the counter) lost the number as a No. of their own."""
    for lines in (["2030 年までに除雪を完了してほしい。", "2031 年には図書館を。", "2032 年にはバスを。"],
                  ["10 月の除雪が遅い。", "11 月も遅い。", "12 月はもっと遅い。"], ["12 月の除雪が遅い。", "1 月も遅い。", "2 月も。"],
                  ["3 歳児の保育を充実して。", "5 歳児も。", "6 歳の就学前健診も。"], ["1 つ目は除雪。", "2 つ目は図書館。"],
                  ["1 人で暮らす高齢者に配慮を。", "5 人以上の世帯にも。"], ["1 か月に一度は除雪を。", "2 か月ごとに点検を。"],
                  ["100 円の値上げに反対。", "200 円なら賛成。"], ["1 点目は除雪。", "2 点目は図書館。"],
                  ["2030 除雪を完了してほしい。", "2031 図書館を広げて。"]):
        notes, numbers = [], []
        assert (read_pasted("\n".join(lines), notes, numbers), notes, numbers) == (lines, [], [])
    assert _numbered("1 本市の除雪計画に賛成です。\n2 分かりやすい資料にして。")[:2] == (
        ["本市の除雪計画に賛成です。", "分かりやすい資料にして。"], ["1", "2"])


def test_two_columns_whose_first_is_no_no_are_read_as_typed() -> None:
    """Ages or counts in the first column (「35<tab>…」) became the Nos. and left the text; repeated ones were lost."""
    for text in ("35\t除雪を増やして。\n42\t図書館を広げて。\n28\tバスを増やして。", "20\t除雪を。\n30\t図書館を。\n40\tバスを。",
                 "1\t除雪を増やして。\n1\t図書館を広げて。"):
        notes, numbers = [], []
        assert (read_pasted(text, notes, numbers), notes, numbers) == (text.split("\n"), [], [])
    assert _numbered("101\t除雪を。\n102\t図書館を。")[:2] == (["除雪を。", "図書館を。"], ["101", "102"])


def test_numbered_headings_over_comments_of_their_own_are_read_as_before() -> None:
    """「２　各論」 over a comment and a blank line took the next comment in: two comments one."""
    text = "１　総論\n計画全体の方向性に賛成です。\n\n２　各論\n除雪の回数を増やしてほしい。\n\n図書館を広げてほしい。"
    notes, numbers = [], []
    assert (read_pasted(text, notes, numbers), numbers) == (
        ["１\u3000総論\n計画全体の方向性に賛成です。", "２\u3000各論\n除雪の回数を増やしてほしい。", "図書館を広げてほしい。"], [])
    assert notes[0].startswith("空行で区切られた 3 個のまとまりを")


def test_numbered_comments_of_two_paragraphs_each() -> None:
    """Every numbered comment of two paragraphs: half the blocks numbered, so each paragraph was a comment and 「No.1」 too."""
    for text in ("1. 除雪を増やしてほしい。\n\n朝の通勤に困る。\n\n2. 図書館を広げてほしい。\n\n子どもの居場所に。",
                 "No.1\n\n除雪を増やしてほしい。\n\n朝の通勤に困る。\n\nNo.2\n\n図書館を広げてほしい。\n\n子どもの居場所に。"):
        assert _numbered(text)[:2] == (
            ["除雪を増やしてほしい。\n\n朝の通勤に困る。", "図書館を広げてほしい。\n\n子どもの居場所に。"], ["1", "2"])


def test_a_number_alone_among_numbers_that_do_not_rise_is_named_empty() -> None:
    """With numbers that do not rise, 「2.」 alone was a comment 「2.」 and counted."""
    comments, numbers, notes, _ = _numbered("1. 除雪を。\n2.\n1. 図書館を。\n2. バスを。")
    assert (comments, numbers) == (["1. 除雪を。", "1. 図書館を。", "2. バスを。"], [])
    assert "ご意見 3 件を読みました" in notes[0] and "番号だけでご意見のない 1 行（「2.」）は読んでいません。" in notes[0]


def test_a_numbered_list_in_one_comment_quoted_is_one_comment() -> None:
    """What the note advises for one comment's own list: quoted as Excel copies a cell, it is one comment."""
    text = "1. 除雪を増やして。\n2. 図書館を広げて。"
    assert read_pasted(f'"{text}"') == [text]


TABLE = [["1", "山田", "除雪を増やしてほしい。"], ["2", "佐藤", "図書館を広げてほしい。"]]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("above", [[["", "受付", "", "提出者", "", ""]], [["区分", "要望"], []], [["種別", "意見"], []],
                                   [["提出方法", "メール"], []]])
def test_a_band_or_a_key_value_row_above_the_header_is_no_header(tmp_path, suffix, above) -> None:
    """A band 「受付｜提出者」 over 「No.｜日付｜方法｜氏名｜住所｜ご意見」 got the file refused (the band taken for a header
    of other names); 「区分｜要望」 or 「種別｜意見」 above 「No.｜氏名｜ご意見」 was the header (the header row and the names
    sent as comments, the Nos. lost), 「提出方法｜メール」 got the file refused. The header is the row naming the ご意見
    with the most names known."""
    rows = [["No.", "日付", "方法", "氏名", "住所", "ご意見"], ["1", "2024/1/5", "メール", "山田", "北区", TABLE[0][2]],
            ["2", "2024/1/6", "郵送", "佐藤", "南区", TABLE[1][2]]] if len(above[0]) == 6 else [["No.", "氏名", "ご意見"], *TABLE]
    notes, numbers = [], []
    assert (list(read_comments(_table(tmp_path, suffix, [*above, *rows]), notes, numbers)), numbers, notes) == (
        ["除雪を増やしてほしい。", "図書館を広げてほしい。"], ["1", "2"], [])


def test_a_band_over_a_header_without_a_no_column_is_no_header(tmp_path) -> None:
    path = _table(tmp_path, ".csv", [["受付", "", "提出者", "", ""], ["日付", "方法", "氏名", "住所", "本文"],
                                     ["2024/1/5", "メール", "山田", "北区", "除雪を増やしてほしい。"]])
    assert read_comment_file(path) == ["除雪を増やしてほしい。"]


def test_a_data_row_naming_a_comment_under_the_header_stays_data(tmp_path) -> None:
    """The header is chosen among the rows naming a ご意見; a data row 「意見｜メール｜除雪」 under 「種類｜方法｜ご意見」
    is data, and a lone 「ご意見」 under a title 「ご意見一覧（令和8年）」 is the header."""
    path = _table(tmp_path, ".csv", [["種類", "方法", "ご意見"], ["意見", "メール", "除雪"], ["要望", "郵送", "図書館"]])
    assert read_comment_file(path) == ["除雪", "図書館"]


def test_a_numbered_line_next_in_the_run_is_numbered_whatever_word_follows() -> None:
    """「３　時間外の窓口を。」 (a counter's character 時 after the number) was glued to No.2, and the note said 3 was
    skipped. A line numbered next in the run is numbered; the counter guard stays for the first line and numbers out of
    sequence, and a line whose number is read as text is named, never called a skip."""
    assert _numbered("１　除雪を増やしてほしい。\n２　図書館を広げてほしい。\n３　時間外の窓口を。\n４　公園を整備して。")[:3] == (
        ["除雪を増やしてほしい。", "図書館を広げてほしい。", "時間外の窓口を。", "公園を整備して。"], ["1", "2", "3", "4"],
        [NUMBERED_NOTE.format(mark="１", count=4, joined="", more=COUNTED.format(count=1, where="No.3「３\u3000時間外の窓口を。」"))])
    assert _numbered("1 除雪を。\n2 駅の階段に手すりを。\n3 週末もごみを。\n4 時間外も窓口を。\n5 日曜も図書館を。")[:2] == (
        ["除雪を。", "駅の階段に手すりを。", "週末もごみを。", "時間外も窓口を。", "日曜も図書館を。"], ["1", "2", "3", "4", "5"])
    assert _numbered("1 除雪を増やしてほしい。\n2 図書館を広げてほしい。\n5 年前から除雪が遅い。\n6 公園を整備して。")[:3] == (
        ["除雪を増やしてほしい。", "図書館を広げてほしい。\n5 年前から除雪が遅い。", "公園を整備して。"], ["1", "2", "6"],
        [NUMBERED_NOTE.format(mark="1", count=3, joined="。うち 1 件（No.2）は複数の行や後に続く段落をまとめています。行頭の数字を"
                              "番号と読まなかった 1 行（No.2 の「5 年前から除雪が遅い。」）は、その前の番号のご意見の文に含めています",
                              more="")])
    for lines in (["1 日も早く除雪を。", "2 図書館を広げてほしい。", "3 バスを増やしてほしい。"],):  # the first line: a count
        notes, numbers = [], []
        assert (read_pasted("\n".join(lines), notes, numbers), notes, numbers) == (lines, [], [])


def test_a_line_next_in_the_run_before_a_counter_is_text_when_a_later_line_has_its_number() -> None:
    """「3 年前から要望しています…」 after 2 and before 「3 バス…」 was taken for No.3, so 3 after 3 was a fall and every No.
    was lost (5 comments numbered by position); as the last line or before 4 it became a No.3 「年前から…」 without a
    word. A later line with its number makes it No.2's text, named; otherwise it is a No., named so staff can check."""
    cont = "3 年前から要望していますが、まだ実現していません。"
    assert _numbered(f"1 除雪を増やしてほしい。\n2 図書館を広げてほしい。\n{cont}\n3 バスを増やしてほしい。\n4 公園を整備して。")[:3] == (
        ["除雪を増やしてほしい。", f"図書館を広げてほしい。\n{cont}", "バスを増やしてほしい。", "公園を整備して。"],
        ["1", "2", "3", "4"],
        [NUMBERED_NOTE.format(mark="1", count=4, joined="。うち 1 件（No.2）は複数の行や後に続く段落をまとめています。行頭の数字を"
                              "番号と読まなかった 1 行（No.2 の「3 年前から要望していますが、まだ実現し」）は、その前の番号のご意見の文に"
                              "含めています", more="")])
    assert _numbered("1 除雪を増やしてほしい。\n2 図書館を広げてほしい。\n\n3 人の子どもがいます。\n\n3 バスを。")[:3] == (
        ["除雪を増やしてほしい。", "図書館を広げてほしい。\n\n3 人の子どもがいます。", "バスを。"], ["1", "2", "3"],
        [NUMBERED_NOTE.format(mark="1", count=3, joined="。うち 1 件（No.2）は複数の行や後に続く段落をまとめています。行頭の数字を"
                              "番号と読まなかった 1 行（No.2 の「3 人の子どもがいます。」）は、その前の番号のご意見の文に含めています",
                              more="")])
    for tail, comments, numbers in (
            ("", ["除雪を増やしてほしい。", "図書館を広げてほしい。", "年前から要望していますが、まだ実現していません。"], ["1", "2", "3"]),
            ("\n4 バスを。", ["除雪を増やしてほしい。", "図書館を広げてほしい。", "年前から要望していますが、まだ実現していません。",
                            "バスを。"], ["1", "2", "3", "4"])):
        assert _numbered(f"1 除雪を増やしてほしい。\n2 図書館を広げてほしい。\n{cont}{tail}")[:3] == (comments, numbers, [
            NUMBERED_NOTE.format(mark="1", count=len(comments), joined="", more=COUNTED.format(
                count=1, where="No.3「3 年前から要望していますが、まだ実現し」"))])
    assert _numbered("1 除雪を増やして。\n2 年目は図書館を。\n3 年目はバスを。")[2] == [NUMBERED_NOTE.format(
        mark="1", count=3, joined="", more=COUNTED.format(count=2, where="No.2「2 年目は図書館を。」、No.3「3 年目はバスを。」"))]


def test_a_short_numbered_heading_over_a_blank_line_is_read_as_before() -> None:
    """「1. 賛成⏎⏎計画の方向性に賛成です。⏎⏎2. 反対⏎⏎…」 (4 comments before) was read as 2, each heading joined to the
    paragraph under it; an unnumbered last paragraph was joined to 「3. 除雪を増やしてほしい」. Read as before."""
    for text in ("1. 賛成\n\n計画の方向性に賛成です。\n\n2. 反対\n\n除雪の予算を削るのは反対です。",
                 "1. 賛成\n\n2. 反対\n\n3. 除雪を増やしてほしい\n\n図書館を広げてほしい。"):
        notes, numbers = [], []
        assert (read_pasted(text, notes, numbers), notes, numbers) == (text.split("\n\n"), [], [])


def test_numbered_comments_joined_to_their_paragraphs_are_named() -> None:
    """Each numbered comment followed by one unnumbered paragraph is read as one comment, the note only counting them:
    it names the Nos. so that staff can check them (the paragraph may be another writer's)."""
    _, numbers, notes, _ = _numbered("1. 除雪を増やしてほしい。\n\n図書館を広げてほしい（別の方）。\n\n2. バスを増やしてほしい。\n\n"
                                     "公園を整備してほしい（別の方）。")
    assert (numbers, notes) == (["1", "2"], [NUMBERED_NOTE.format(
        mark="1.", count=2, joined="。うち 2 件（No.1、No.2）は複数の行や後に続く段落をまとめています", more="")])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("mark", ["※記入例", "記入例", "記載例", "例）", "（例）", "(例)", "【記入例】", "（記入例）", "例", "例：",
                                  "見本", "※見本", "記入例（見本）"])
def test_a_forms_example_row_under_the_header_is_no_comment_and_is_named(tmp_path, suffix, mark) -> None:
    path = _table(tmp_path, suffix, [["No.", "氏名", "ご意見"], [mark, "札幌太郎", "ここにご意見を書いてください。"],
                                     ["1", "山田", SNOW], ["2", "佐藤", LIBRARY]])
    notes, numbers = [], []
    assert list(read_comments(path, notes, numbers)) == [SNOW, LIBRARY]
    assert numbers == ["1", "2"]
    assert notes == [f"{_sheet(suffix)}見出しの下の記入例の行 1 行（2行目「{mark}」）は、書き方の例でご意見ではないため、"
                     "読み飛ばしました。"]


def test_an_example_row_without_a_no_column_is_marked_in_its_first_cell(tmp_path) -> None:
    path = _table(tmp_path, ".csv", [["氏名", "ご意見"], ["（例）札幌太郎", "ここにご意見を書いてください。"], ["山田", SNOW]])
    notes = []
    assert list(read_comments(path, notes)) == [SNOW]
    assert notes == ["見出しの下の記入例の行 1 行（2行目「（例）札幌太郎」）は、書き方の例でご意見ではないため、読み飛ばしました。"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("cells", [["（1）", "（2）", "（3）"], ["1", "2", "3"], ["①", "②", "③"], ["(1)", "(2)", "(3)"]])
def test_a_row_of_column_numbers_under_the_header_is_no_comment_and_is_named(tmp_path, suffix, cells) -> None:
    path = _table(tmp_path, suffix, [["No.", "氏名", "ご意見"], cells, ["1", "山田", SNOW], ["2", "佐藤", LIBRARY]])
    notes, numbers = [], []
    assert list(read_comments(path, notes, numbers)) == [SNOW, LIBRARY]
    assert numbers == ["1", "2"]
    assert notes == [f"{_sheet(suffix)}見出しの下の列の番号だけの行 1 行（2行目「{'、'.join(cells)}」）は、ご意見ではないため、"
                     "読み飛ばしました。"]


def test_column_numbers_then_an_example_row_are_both_named(tmp_path) -> None:
    path = _table(tmp_path, ".csv", [["No.", "氏名", "ご意見"], ["（1）", "（2）", "（3）"],
                                     ["※記入例", "札幌太郎", "ここにご意見を書いてください。"], ["1", "山田", SNOW]])
    notes, numbers = [], []
    assert (list(read_comments(path, notes, numbers)), numbers) == ([SNOW], ["1"])
    assert notes == ["見出しの下の列の番号だけの行 1 行（2行目「（1）、（2）、（3）」）は、ご意見ではないため、読み飛ばしました。",
                     "見出しの下の記入例の行 1 行（3行目「※記入例」）は、書き方の例でご意見ではないため、読み飛ばしました。"]


@pytest.mark.parametrize("rows, comments, nos", [
    ([["1", "山田", "2"], ["2", "佐藤", SNOW]], ["2", SNOW], ["1", "2"]),  # a comment 「2」 under No. 1: a comment
    ([["3", "佐藤", "歩道の除雪を増やしてほしい。"]], ["歩道の除雪を増やしてほしい。"], ["3"]),
    # below the first row: read as it is (No. 1 twice: the comments numbered in order, as the note says)
    ([["1", "山田", SNOW], ["1", "2", "3"], ["3", "佐藤", LIBRARY]], [SNOW, "3", LIBRARY], []),
    ([["1", "山田", SNOW], ["例）", "佐藤", LIBRARY]], [SNOW, LIBRARY], ["1", "例)"]),
])
def test_rows_that_only_look_like_column_numbers_or_examples_are_still_comments(tmp_path, rows, comments, nos) -> None:
    path = _table(tmp_path, ".csv", [["No.", "氏名", "ご意見"], *rows])
    notes, numbers = [], []
    assert (list(read_comments(path, notes, numbers)), numbers) == (comments, nos)
    assert not any("記入例" in note or "列の番号" in note for note in notes)


BLANK_NO_NOTE = ("No. 列が空欄か、ほかの行と同じ番号か、日付・時刻として保存されたご意見が 1 件（2行目）あるため、No. はご意見のある行に"
                 " 1 から順に振りました。ファイルの番号で答えるときは、No. 列を文字列の書式にして 1 件ごとに違う番号にしてから読み込み直して"
                 "ください（Excel は「2-1」を日付にします。シートごとに 1 から振った番号も同じ番号になります）。")


@pytest.mark.parametrize("text, comments, nos, notes", [
    # the comment cell is never judged: a first comment about the form is a comment
    ("ご意見\n記入例が分かりにくい\n図書館を延長して\n", ["記入例が分かりにくい", "図書館を延長して"], [], []),
    ("ご意見,年代\n記載例が少ない,30代\n図書館,40代\n", ["記載例が少ない", "図書館"], [], []),
    ("No.,ご意見\n,記載例をもっと載せてほしい\n2,図書館\n", ["記載例をもっと載せてほしい", "図書館"], [], [BLANK_NO_NOTE]),
    ("ご意見\n例）バスの本数を増やしてほしい\n図書館を延長して\n", ["例）バスの本数を増やしてほしい", "図書館を延長して"], [], []),
    ("ご意見,氏名\n（例）駅前に駐輪場を,山田\n図書館,鈴木\n", ["（例）駅前に駐輪場を", "図書館"], [], []),
    # a short numeric first comment: no column numbers (under two columns, or numbered 1 before No. 2)
    ("No.,ご意見\n1,2\n2,バスを増やして\n", ["2", "バスを増やして"], ["1", "2"], []),
    ("番号,ご意見\n1,2\n", ["2"], ["1"], []),
    ("No.,年齢,ご意見\n1,2,3\n2,40,図書館を延長して\n", ["3", "図書館を延長して"], ["1", "2"], []),
    ("No.,評価,ご意見\n1,2,3\n2,5,図書館\n", ["3", "図書館"], ["1", "2"], []),
    ("No.,年齢,ご意見\n1,2,3\n", ["3"], ["1"], []),  # the only row under the header: never column numbers
    # a first column's value that only starts with a mark (※ and 例, 見本) is no example
    ("区分,ご意見\n※例年どおり,今年も\nその他,遅い\n", ["今年も", "遅い"], [], []),
    ("件名,ご意見\n※見本市の開催について,もっと広く\n除雪,遅い\n", ["もっと広く", "遅い"], [], []),
    # answers with the comment left blank: rows of the list, said as such
    ("No.,問1,問2,ご意見\n1,2,3,\n2,3,4,\n3,1,1,バスを\n", ["バスを"], ["3"],
     ["ご意見の欄が空の行 2 行（2行目、3行目）は読み飛ばしました。No. はファイルの No. 列のとおりです。"]),
])
def test_first_rows_that_are_comments_are_read_as_before(tmp_path, text, comments, nos, notes) -> None:
    path = tmp_path / "comments.csv"
    path.write_text(text, encoding="utf-8")
    read, numbers = [], []
    assert (list(read_comments(path, read, numbers)), numbers, read) == (comments, nos, notes)


def test_a_pasted_example_row_under_a_tab_header_is_no_comment() -> None:
    notes, numbers = [], []
    assert read_pasted(f"No.\t氏名\tご意見\n※記入例\t札幌太郎\tここにご意見を書いてください。\n1\t山田\t{SNOW}\n", notes,
                       numbers) == [SNOW]
    assert (numbers, notes) == (["1"], ["見出しの下の記入例の行 1 行（2行目「※記入例」）は、書き方の例でご意見ではないため、"
                                        "読み飛ばしました。"])


@pytest.mark.parametrize("header", ["感想", "ご感想（任意）"])
def test_a_paste_under_a_tab_header_of_a_name_and_a_comment_reads_the_comment_column(header) -> None:
    notes, numbers = [], []
    assert read_pasted(f"氏名\t{header}\n山田\t歩道の除雪を増やしてほしい。\n佐藤\tバスの本数を増やしてほしい。\n", notes,
                       numbers) == ["歩道の除雪を増やしてほしい。", "バスの本数を増やしてほしい。"]
    assert numbers == []
    assert notes == [f"ご意見の列が見つからないため、2列目「{header}」を読みました（1行目の見出し「氏名、{header}」は読み飛ばしま"
                     "した。「氏名」の列は、ご意見でない列として読んでいません）。ほかの列を読むときは、その列の見出しを「ご意見」に"
                     "してください。"]


@pytest.mark.parametrize("text, comments", [
    ("氏名\t山田太郎\n住所\t札幌市中央区\n", ["氏名\t山田太郎", "住所\t札幌市中央区"]),  # a Word form's fields
    ("氏名\t感想\n山田 歩道の除雪を。\n", ["氏名\t感想", "山田 歩道の除雪を。"]),  # no row of the header's cells
    ("感想\t除雪を増やして。\n感想\t図書館を広げて。\n", ["感想\t除雪を増やして。", "感想\t図書館を広げて。"]),  # no other column
])
def test_a_paste_without_such_a_header_reads_as_before(text, comments) -> None:
    assert read_pasted(text) == comments


@pytest.mark.parametrize("text, comments", [
    ("意見\t除雪を早めて", ["意見\t除雪を早めて"]),
    ("氏名\t山田太郎\n住所\t北区\n意見\t除雪を早めて\n", ["氏名\t山田太郎", "住所\t北区", "意見\t除雪を早めて"]),  # a Word form
])
def test_a_paste_whose_last_line_names_the_comment_before_a_tab_is_lines_typed(text, comments) -> None:
    """Final reading: a line 「意見<tab>除雪を…」 with nothing under it was read as the header of a table without rows and
    the paste refused, 「ご意見の行がありません。」, though the README says such lines are read as typed."""
    notes, numbers = [], []
    assert (read_pasted(text, notes, numbers), numbers, notes) == (comments, [], [])


def test_a_pasted_header_of_column_names_alone_is_still_refused() -> None:
    with pytest.raises(NoContentError, match="^貼り付けたご意見: ご意見の行がありません。1行に1件のご意見を入れてください。$"):
        read_pasted("No.\tご意見\n")


@pytest.mark.parametrize("text, comments", [
    ("氏名\t感想\n山田\t楽しかった\n鈴木\t\"コンパクトシティ\"について\n",
     ["氏名\t感想", "山田\t楽しかった", "鈴木\t\"コンパクトシティ\"について"]),  # the quotes kept as typed
    ("氏名\t感想\n山田\t\"楽しかった\n鈴木\t長かった\n佐藤\t寒い\n",
     ["氏名\t感想", "山田\t\"楽しかった", "鈴木\t長かった", "佐藤\t寒い"]),  # an unclosed 「"」: every line, no error
])
def test_a_paste_under_a_tab_header_of_a_name_and_a_comment_with_a_quote_mark_reads_each_line(text, comments) -> None:
    notes, numbers = [], []
    assert (read_pasted(text, notes, numbers), numbers, notes) == (comments, [], [])
