"""Staff spreadsheets: CSV in UTF-8 or CP932, XLSX, Japanese headers, several consultations per file."""

from __future__ import annotations

import pandas as pd
import pytest

from assistant.errors import DamagedFileError, MissingColumnsError
from assistant.readers import read_document
from assistant.readers.spreadsheet import map_columns

ROWS = [
    ["No.", "ご意見", "本市の考え方", "件名", "担当課", "募集期間"],
    ["1", "除雪の回数を増やしてほしい。", "除雪計画に基づき実施しています。\n今後も検討します。", "雪対策計画", "建設局雪対策室", "令和6年10月1日～10月31日"],
    ["2", "排雪の費用は？", "予算の範囲内で実施します。", "雪対策計画", "建設局雪対策室", "令和6年10月1日～10月31日"],
    ["1", "図書館の開館時間を延ばして。", "利用状況を踏まえ検討します。", "図書館計画", "教育委員会", "2023-05-01"],
]


def write_csv(path, rows, encoding):
    pd.DataFrame(rows).to_csv(path, header=False, index=False, encoding=encoding)


@pytest.mark.parametrize("encoding", ["cp932", "utf-8", "utf-8-sig"])
def test_csv_imports_in_each_encoding(tmp_path, encoding: str) -> None:
    path = tmp_path / "answers.csv"
    write_csv(path, ROWS, encoding)
    documents = read_document(path)
    assert [(d.meta.title, len(d.items)) for d in documents] == [("雪対策計画", 2), ("図書館計画", 1)]
    snow = documents[0]
    assert snow.meta.kind == "spreadsheet"
    assert snow.meta.department == "建設局雪対策室"
    assert (snow.meta.period_start, snow.meta.period_end) == ("2024-10-01", "2024-10-31")
    assert snow.items[0].comment == "除雪の回数を増やしてほしい。"
    assert snow.items[0].answer_paragraphs == ("除雪計画に基づき実施しています。", "今後も検討します。")
    assert documents[1].meta.period_start == "2023-05-01"


def test_xlsx_with_title_rows_above_the_japanese_header(tmp_path) -> None:
    path = tmp_path / "answers.xlsx"
    rows = [["過去の回答一覧（令和6年度）", "", ""], ["", "", ""], ["番号", "意見の概要", "市の考え方"],
            ["1", "公園のトイレを増やしてほしい。", "順次整備しています。"], ["", "", ""],
            ["2", "遊具が古い。", "点検を行っています。"]]
    pd.DataFrame(rows).to_excel(path, header=False, index=False)
    [document] = read_document(path)
    assert document.meta.title == "過去の回答一覧（令和6年度）"  # the title row above the header, not the file name
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "公園のトイレを増やしてほしい。", "順次整備しています。"),
        ("2", "遊具が古い。", "点検を行っています。"),
    ]
    assert document.warnings == ("空の行を1行読み飛ばしました。",)


def test_rows_without_no_are_numbered_in_order(tmp_path) -> None:
    path = tmp_path / "plain.csv"
    write_csv(path, [["ご意見", "回答"], ["一つ目。", "答え一。"], ["二つ目。", "答え二。"]], "utf-8")
    [document] = read_document(path)
    assert [item.no for item in document.items] == ["1", "2"]


def test_empty_answer_is_kept_and_warned(tmp_path) -> None:
    path = tmp_path / "gap.csv"
    write_csv(path, [["No.", "ご意見", "本市の考え方"], ["1", "意見。", ""]], "utf-8")
    [document] = read_document(path)
    assert len(document.items) == 1
    assert document.warnings == ("2行目: 回答（本市の考え方）が空です。回答の欄を確認してください。",)


def write_table(path, rows) -> None:
    """Rows as a CSV (UTF-8 with BOM) or an XLSX without merged cells (a staff sheet), by the name's suffix."""
    rows = [row + [""] * (max(map(len, rows)) - len(row)) for row in rows]
    if path.suffix == ".csv":
        write_csv(path, rows, "utf-8-sig")
    else:
        pd.DataFrame(rows).to_excel(path, header=False, index=False)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_an_empty_comment_is_kept_and_warned(tmp_path, suffix: str) -> None:
    """A row with an answer and no comment was stored with an empty comment and no warning (only an empty answer
    was warned); it is kept, as the published-table readers keep it, and named."""
    path = tmp_path / f"gap.{suffix}"
    write_table(path, [["No.", "ご意見", "市の考え方"], ["1", "除雪の回数を増やしてほしい。", ""],
                       ["2", "", "歩道除雪も計画に含めています。"], ["3", "排雪を早めて。", "承ります。"]])
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "除雪の回数を増やしてほしい。", ""), ("2", "", "歩道除雪も計画に含めています。"), ("3", "排雪を早めて。", "承ります。")]
    assert document.warnings == (
        "2行目: 回答（本市の考え方）が空です。回答の欄を確認してください。",
        "3行目: ご意見の欄が空です。回答だけを項目として取り込みました。ご意見の欄を確認してください。")


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_cells_right_of_the_header_are_named_not_dropped_in_silence(tmp_path, suffix: str) -> None:
    """A row's cell beyond the header's last column name was dropped without a word: no column names it, so it is
    still not read, but each such row is named with the start of what was left out. A trailing empty cell says
    nothing."""
    path = tmp_path / f"wide.{suffix}"
    write_table(path, [["No.", "ご意見", "市の考え方", ""], ["1", "除雪を増やして。", "対応します。", ""],
                       ["2", "排雪を早めて。", "承ります。", "余分な列の内容", "", "二つ目"],
                       ["3", "", "", "ご意見と回答を書き忘れて、右の列にメモだけを書いた行です。"]])
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [("1", "除雪を増やして。", "対応します。"),
                                                                      ("2", "排雪を早めて。", "承ります。")]
    assert document.warnings == (
        "3行目: 見出しのない列の内容（4列目「余分な列の内容」、6列目「二つ目」）は、どの欄にも当たらないため取り込んでいません。"
        "原本を確認し、必要な内容であれば、ご意見か回答の欄に移してから取り込み直してください。",
        "4行目: ご意見も回答も空のため読み飛ばしました。",
        "4行目: 見出しのない列の内容（4列目「ご意見と回答を書き忘れて、右の列にメモだ…」）は、どの欄にも当たらないため取り込んでいません。"
        "原本を確認し、必要な内容であれば、ご意見か回答の欄に移してから取り込み直してください。")


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_blank_title_cell_is_taken_from_the_rows_around_it_or_named(tmp_path, suffix: str) -> None:
    """A blank 件名 cell moved its row into a separate document named after the file, without a word. Between rows
    of one 件名 it is now taken as theirs; elsewhere the row still goes with the file's name; both are said."""
    path = tmp_path / f"kenmei.{suffix}"
    write_table(path, [["No.", "ご意見", "市の考え方", "件名"], ["1", "除雪を増やして。", "対応します。", "除雪計画（案）"],
                       ["2", "公園を増やして。", "検討します。", ""], ["3", "歩道も除雪を。", "計画済みです。", "除雪計画（案）"],
                       ["1", "開館時間を延ばして。", "検討します。", "図書館計画"], ["2", "本を増やして。", "購入します。", ""]])
    snow, library, unnamed = read_document(path)
    assert [(d.meta.title, [(i.no, i.comment) for i in d.items]) for d in (snow, library, unnamed)] == [
        ("除雪計画（案）", [("1", "除雪を増やして。"), ("2", "公園を増やして。"), ("3", "歩道も除雪を。")]),
        ("図書館計画", [("1", "開館時間を延ばして。")]), ("kenmei", [("2", "本を増やして。")])]
    assert snow.warnings == ("3行目: 件名の欄が空のため、前後の行と同じ「除雪計画（案）」の項目として読みました。"
                             "別の件名であれば、件名の欄に記入してから取り込み直してください。",)
    assert library.warnings == ()
    assert unnamed.warnings == ("件名の欄が空の行（6行目）は、ファイル名「kenmei」を件名として取り込みました。"
                                "ほかの件名の行であれば、件名の欄に記入してから取り込み直してください。",)


def test_a_blank_title_cell_on_one_of_several_sheets_names_the_sheet(tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "前半"
    for row in (["No.", "ご意見", "市の考え方", "件名"], [1, "除雪を増やして。", "対応します。", "除雪計画"], [2, "公園を。", "検討します。", None]):
        first.append(row)
    second = book.create_sheet("後半")
    for row in (["No.", "ご意見", "市の考え方", "件名"], [1, "本を増やして。", "購入します。", "図書館計画"]):
        second.append(row)
    book.save(tmp_path / "kenmei.xlsx")
    documents = read_document(tmp_path / "kenmei.xlsx")
    assert [(d.meta.title, [i.comment for i in d.items], d.warnings) for d in documents] == [
        ("除雪計画", ["除雪を増やして。"], ()),
        ("kenmei", ["公園を。"], ("シート「前半」の件名の欄が空の行（3行目）は、ファイル名「kenmei」を件名として取り込みました。"
                                "ほかの件名の行であれば、件名の欄に記入してから取り込み直してください。",)),
        ("図書館計画", ["本を増やして。"], ())]


def test_xlsx_without_needed_columns_names_found_and_expected(tmp_path) -> None:
    path = tmp_path / "wrong.xlsx"
    pd.DataFrame([["氏名", "住所", "メモ"], ["山田", "札幌市", "なし"]]).to_excel(path, header=False, index=False)
    with pytest.raises(MissingColumnsError) as caught:
        read_document(path)
    assert caught.value.found == ["氏名", "住所", "メモ"]
    assert caught.value.reason == (
        "必要な列が見つかりません。見つかった列: 氏名、住所、メモ。"
        "必要な列: No.（任意）、ご意見、本市の考え方（任意: 件名、担当課、日付、事務名）。"
        "1行目（見出し行）の列名を確認してください。"
    )


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["No.", "寄せられたご意見", "札幌市の考え方"], {"no": 0, "comment": 1, "answer": 2}),
        (["ＮＯ", "ご 意 見", "本市の回答"], {"no": 0, "comment": 1, "answer": 2}),
        (["件名", "意見要旨", "対応", "事務名"], {"title": 0, "comment": 1, "answer": 2, "area": 3}),
        (["comment", "answer"], {"comment": 0, "answer": 1}),
        # Columns about the comment are not the comment: its submitter, its category, its number.
        (["No.", "意見提出者", "ご意見の概要", "本市の考え方"], {"no": 0, "comment": 2, "answer": 3}),
        (["No.", "意見区分", "ご意見の要旨", "区の考え方", "反映区分"], {"no": 0, "comment": 2, "answer": 3}),
        (["意見No.", "項目", "意見", "意見に対する考え方"], {"no": 0, "comment": 2, "answer": 3}),
        # The answer headed 「…対応」; a column saying 考え方 or 回答 is the answer wherever it stands.
        (["No.", "ご意見の概要", "市の対応"], {"no": 0, "comment": 1, "answer": 2}),
        (["No.", "ご意見の概要", "ご意見に対する市の対応", "対応区分"], {"no": 0, "comment": 1, "answer": 2}),
        (["No.", "ご意見の概要", "市の対応", "市の考え方"], {"no": 0, "comment": 1, "answer": 3}),
        (["No.", "ご意見の概要", "市の考え方", "本市の対応"], {"no": 0, "comment": 1, "answer": 2}),
        # A bare 「対応」, or a column named as a category, a department or a date, is not the answer beside one that is.
        (["No.", "ご意見の概要", "対応", "市の考え方"], {"no": 0, "comment": 1, "answer": 3}),
        (["No.", "意見", "対応", "回答"], {"no": 0, "comment": 1, "answer": 3}),
        (["No.", "ご意見の概要", "回答区分", "回答課", "回答日", "市の考え方"], {"no": 0, "comment": 1, "answer": 5}),
        # A column about the comments (a class, a count, a place, a sender) is not the comment.
        (["No.", "意見の分類", "ご意見", "回答"], {"no": 0, "comment": 2, "answer": 3}),
        (["No.", "意見数", "意見の該当箇所", "意見提出団体", "ご意見の要旨", "市の考え方"], {"no": 0, "comment": 4, "answer": 5}),
        # A column of the office's notes is neither, beside one named without such a word; a category or a place joined
        # to the answer or the comment keeps the role.
        (["No.", "担当課意見", "ご意見", "回答メモ", "回答"], {"no": 0, "comment": 2, "answer": 4}),
        (["No.", "ご意見", "回答状況", "回答"], {"no": 0, "comment": 1, "answer": 3}),
        (["No.", "意見・該当箇所", "市の考え方と対応区分"], {"no": 0, "comment": 1, "answer": 2}),
        (["No.", "ご意見の概要と該当箇所", "市の考え方担当課"], {"no": 0, "comment": 1, "answer": 2}),
        # The answer as 行政手続法 §43 names it; a header with a note in brackets or after ※.
        (["番号", "提出意見（概要）", "提出意見を考慮した結果及びその理由"], {"no": 0, "comment": 1, "answer": 2}),
        (["番号", "意見の概要", "意見を考慮した結果"], {"no": 0, "comment": 1, "answer": 2}),
        (["No.", "寄せられたご意見の概要\n（個人情報に関わる部分等は省略しています）", "市の考え方"], {"no": 0, "comment": 1, "answer": 2}),
        (["No.", "ご意見の概要\n※いただいたご意見は、趣旨を損なわない範囲で要約しています。", "市の考え方"],
         {"no": 0, "comment": 1, "answer": 2}),
    ],
)
def test_header_names_are_recognised(headers, expected) -> None:
    assert map_columns(headers) == expected


def test_csv_column_of_the_comments_class_before_the_comment_column(tmp_path) -> None:
    """「No.,意見の分類,ご意見,回答」: the class had been stored as every comment (「要望」) and the ご意見 column left out
    as a column that may hold personal data."""
    path = tmp_path / "staff.csv"
    write_csv(path, [["No.", "意見の分類", "ご意見", "回答"], ["1", "要望", "除雪を増やしてほしい。", "除雪体制を強化します。"],
                     ["2", "質問", "排雪の基準は何か。", "基準はホームページで公開しています。"]], "utf-8")
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [
        ("1", "除雪を増やしてほしい。", "除雪体制を強化します。", {"意見の分類": "要望"}),
        ("2", "排雪の基準は何か。", "基準はホームページで公開しています。", {"意見の分類": "質問"})]
    assert document.warnings == ()


def test_csv_category_column_before_the_answer_column(tmp_path) -> None:
    """「回答区分」 (A, B) before 「回答」: it had been every answer (「A」), the answer itself not stored."""
    path = tmp_path / "staff.csv"
    write_csv(path, [["No.", "ご意見", "回答区分", "回答"], ["1", "除雪を増やしてほしい。", "A", "除雪体制を強化します。"],
                     ["2", "排雪の基準は何か。", "B", "基準はホームページで公開しています。"]], "utf-8")
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [
        ("1", "除雪を増やしてほしい。", "除雪体制を強化します。", {"回答区分": "A"}),
        ("2", "排雪の基準は何か。", "基準はホームページで公開しています。", {"回答区分": "B"})]
    assert document.warnings == ()


def test_csv_two_columns_named_alike_are_told_apart_by_their_cells(tmp_path) -> None:
    """「意見」 of short labels before 「ご意見」 of sentences, 「回答」 of letters before 「市の回答」 of sentences: the
    sentences are the comment and the answer; the first column of each had been taken."""
    path = tmp_path / "staff.csv"
    write_csv(path, [["No.", "意見", "ご意見", "回答", "市の回答"],
                     ["1", "要望", "除雪を増やしてほしい。", "A", "除雪体制を強化します。"],
                     ["2", "質問", "排雪の基準は何か。", "B", "基準はホームページで公開しています。"]], "utf-8")
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "除雪を増やしてほしい。", "除雪体制を強化します。"), ("2", "排雪の基準は何か。", "基準はホームページで公開しています。")]
    assert document.warnings == ("列「意見」「回答」は取り込んでいません（該当箇所・分類などのほかは、ご意見を出した人の情報や内部のメモを"
                                 "含むおそれがあるため）。",)  # a staff sheet keeps only the columns it names (_KEPT_HEADER)


LEFT_OUT = "は取り込んでいません（該当箇所・分類などのほかは、ご意見を出した人の情報や内部のメモを含むおそれがあるため）。"
SHORT_ROWS = [("1", "バス停に屋根を付けてほしい", "ご意見として承ります"), ("2", "運賃を下げてほしい", "原案のとおりとします"),
              ("3", "終バスを遅くしてほしい", "事業者と協議します")]
MEMOS = ["議会答弁（R5.12）と整合を確認済み。課長了承。", "財政課と協議中。公表しないこと。", "事業者A社の担当者に電話確認済み。"]


@pytest.mark.parametrize(("second", "cells"), [
    ("回答状況", ["", "", ""]), ("修正後の回答", ["", "", ""]), ("回答メモ", MEMOS), ("回答備考", MEMOS), ("回答の補足", MEMOS),
])
def test_csv_answers_of_few_words_beside_an_empty_or_a_notes_column_named_for_the_answer(tmp_path, second, cells) -> None:
    """「回答」 of answers of a few words (no 「。」) beside 「回答状況」 or 「修正後の回答」 not filled in yet, or 「回答メモ」 of
    the office's notes: the 回答 cells are the answers, the other column left out as a staff sheet's other columns are.
    Every answer had been 「」 or the memo (「財政課と協議中。公表しないこと。」), and 「回答」 the column left out."""
    path = tmp_path / "staff.csv"
    write_csv(path, [["No.", "ご意見", "回答", second], *[[*row, cell] for row, cell in zip(SHORT_ROWS, cells)]], "utf-8")
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [(*row, {}) for row in SHORT_ROWS]
    assert document.warnings == (f"列「{second}」{LEFT_OUT}",)


def test_csv_answers_of_few_words_beside_a_column_named_for_the_answer_filled_from_its_11th_row(tmp_path) -> None:
    """「修正後の回答」 empty in the ten rows under the header, one revised answer in the 12th: 「回答」 holds the answers.
    Every answer but the 12th had been 「」."""
    rows = [[str(n), f"バスを増便してほしい（{n}）", "検討します", "第2章を修正しました。" if n == 12 else ""] for n in range(1, 13)]
    path = tmp_path / "staff.csv"
    write_csv(path, [["No.", "ご意見", "回答", "修正後の回答"], *rows], "utf-8")
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [(no, comment, answer) for no, comment, answer, _ in rows]
    assert document.warnings == (f"列「修正後の回答」{LEFT_OUT}",)


@pytest.mark.parametrize(("second", "cell"), [
    ("修正後の回答", lambda n: "第2章を修正しました。" if n == 3 else ""),  # one revised answer among the first ten rows
    ("対応方針", lambda n: "令和7年度予算で実施予定。"),  # an internal line on every row
])
def test_csv_answers_short_in_the_first_rows_and_sentences_further_down_beside_a_column_of_sentences(
        tmp_path, second, cell) -> None:
    """Third reading 216: 「回答」 of short answers in its ten first rows and sentences under them, beside 「修正後の回答」
    of one sentence or 「対応方針」 of an internal line: judged by the ten first rows, 「回答」 was a column of labels and
    lost, every answer 「」 but one or the internal line. A column is judged by all its rows; of labels only it gives
    way only to one mostly of sentences filled as often, else the first column (or the plainer name) keeps the role."""
    rows = [[str(n), f"バスを増便してほしい（{n}）", "検討します" if n <= 10 else f"第{n}便を増便します。", cell(n)]
            for n in range(1, 15)]
    path = tmp_path / "staff.csv"
    write_csv(path, [["No.", "ご意見", "回答", second], *rows], "utf-8")
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [(no, comment, answer) for no, comment, answer, _ in rows]
    assert document.warnings == (f"列「{second}」{LEFT_OUT}",)


def test_csv_answers_of_labels_beside_answers_of_sentences_one_missing(tmp_path) -> None:
    """Final reading 218: 「回答」 of 参考/反映 on every row beside 「市の回答」 of sentences on all rows but one: the labels
    had become every answer, as the sentence column was filled in one row fewer. Sentences filled in half as many
    rows at least are the answers; the missing one is said."""
    answers = ["交通事業者と協議してまいります。", "計画的に整備してまいります。", "定員の拡充を進めます。", ""]
    rows = [[str(n), f"バスを増便してほしい（{n}）。", "参考" if n % 2 else "反映", answer]
            for n, answer in enumerate(answers, start=1)]
    path = tmp_path / "staff.csv"
    write_csv(path, [["No.", "ご意見", "回答", "市の回答"], *rows], "utf-8")
    [document] = read_document(path)
    assert [(i.no, i.answer) for i in document.items] == [(no, answer) for no, _, _, answer in rows]
    assert document.warnings == (f"列「回答」{LEFT_OUT}", "5行目: 回答（本市の考え方）が空です。回答の欄を確認してください。")


OFFICE_VIEWS = ["予算要求を検討中だが、来年度は難しい見込み。", "料金改定の予定はない。", "運転士不足のため困難と考える。"]
SHORT_COMMENTS = [("1", "バス停に屋根を", "バス停の上屋は順次整備します。"), ("2", "運賃を下げて", "運賃は事業者が定めています。"),
                  ("3", "終バスを遅くして", "事業者と協議します。")]


@pytest.mark.parametrize(("headers", "cells"), [
    (["No.", "ご意見", "意見の要旨", "回答"], ["", "", ""]), (["No.", "ご意見", "担当課意見", "回答"], OFFICE_VIEWS),
    (["No.", "担当課意見", "ご意見", "回答"], OFFICE_VIEWS),
])
def test_csv_comments_of_few_words_beside_an_empty_summary_or_the_offices_view(tmp_path, headers, cells) -> None:
    """「ご意見」 of comments of a few words beside 「意見の要旨」 not filled in, or 「担当課意見」 (the office's own view), either
    side: the ご意見 cells are the comments. Every comment had been 「」 or the office's internal view."""
    comment_at = headers.index("ご意見")
    other = headers[3 - comment_at]
    rows = []
    for (no, comment, answer), cell in zip(SHORT_COMMENTS, cells):
        row = [no, "", "", answer]
        row[comment_at], row[3 - comment_at] = comment, cell
        rows.append(row)
    path = tmp_path / "staff.csv"
    write_csv(path, [headers, *rows], "utf-8")
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [(*row, {}) for row in SHORT_COMMENTS]
    assert document.warnings == (f"列「{other}」{LEFT_OUT}",)


@pytest.mark.parametrize(("headers", "extra"), [
    (["No.", "ご意見", "市の考え方と修正の有無"], {}), (["No.", "ご意見", "市の考え方と対応区分"], {}),
    (["No.", "意見・該当箇所", "回答"], {}), (["No.", "該当箇所", "意見及び該当箇所", "回答"], {"該当箇所": "P.3"}),
])
def test_csv_header_joining_the_answer_or_the_comment_and_a_category_or_a_place(tmp_path, headers, extra) -> None:
    """「市の考え方と修正の有無」, 「意見・該当箇所」: still the answer and the comment. The sheet had been refused for a
    missing column."""
    items = [("1", "除雪を増やしてほしい。", "除雪体制を強化します。"), ("2", "排雪の基準は何か。", "基準はホームページで公開しています。")]
    path = tmp_path / "staff.csv"
    write_csv(path, [headers, *[[no, *(["P.3"] if extra else []), comment, answer] for no, comment, answer in items]], "utf-8")
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [(*item, extra) for item in items]
    assert document.warnings == ()


@pytest.mark.parametrize("labels_header", ["回答", "対応方針"])
def test_csv_bare_response_column_of_sentences_beside_a_column_of_labels_named_for_the_answer(tmp_path, labels_header) -> None:
    """「対応」 of sentences beside 「回答」 or 「対応方針」 of labels (参考／その他／修正): the sentences are the answers.
    Every answer had been the label."""
    items = [("1", "バス停に屋根を付けてほしい。", "上屋の整備を順次進めてまいります。", "参考"),
             ("2", "運賃を下げてほしい。", "運賃は事業者が定めるものです。", "その他"),
             ("3", "計画に自転車を位置付けてほしい。", "第3章に自転車の利用促進を追記しました。", "修正")]
    path = tmp_path / "staff.csv"
    write_csv(path, [["No.", "ご意見", "対応", labels_header], *[list(item) for item in items]], "utf-8")
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [item[:3] for item in items]
    assert document.warnings == (f"列「{labels_header}」{LEFT_OUT}",)


def test_csv_whose_answer_column_is_headed_the_citys_response(tmp_path) -> None:
    path = tmp_path / "taiou.csv"
    write_csv(path, [["No.", "ご意見の概要", "市の対応"], ["1", "バスを増便してほしい。", "事業者と協議します。"],
                     ["2", "運賃を下げて。", "検討します。"]], "cp932")
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [
        ("1", "バスを増便してほしい。", "事業者と協議します。", {}), ("2", "運賃を下げて。", "検討します。", {})]
    assert document.warnings == ()


def test_a_header_typed_on_two_rows_without_merging_is_read_as_one(tmp_path) -> None:
    """「ご意見」 over 「該当箇所｜意見の概要」 with the cells left unmerged: the top row alone named a comment column
    (the 該当箇所 under 「ご意見」), so every comment was a 該当箇所 and 「該当箇所」 itself an item."""
    path = tmp_path / "kekka.xlsx"
    pd.DataFrame([["○○村過疎地域持続的発展計画（案）に対する意見募集結果", "", "", ""], ["意見件数　2件", "", "", ""],
                  ["No.", "ご意見", "", "村の考え方"], ["", "該当箇所", "意見の概要", ""],
                  ["1", "第3章", "住宅支援を拡充してほしい。", "補助の上限額を引き上げます。"],
                  ["2", "第5章", "医師の確保を明記して。", "施策に位置付けています。"]]).to_excel(path, header=False, index=False)
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "住宅支援を拡充してほしい。", "補助の上限額を引き上げます。"), ("2", "医師の確保を明記して。", "施策に位置付けています。")]
    assert (document.meta.title, document.meta.declared_count, document.warnings) == (
        "○○村過疎地域持続的発展計画（案）に対する意見募集結果", 2, ())


def test_a_short_first_row_is_no_second_header_row_and_a_labelled_period_row_stays_front_matter(tmp_path) -> None:
    path = tmp_path / "kekka.xlsx"
    pd.DataFrame([["地域福祉計画（案）に対する意見募集の結果", "", "", ""], ["募集期間", "令和6年10月1日～10月31日", "意見数", "3件"],
                  ["区分", "ご意見", "市の考え方", ""], ["意見", "賛成です", "回答不要", "済"],
                  ["要望", "公園にトイレを", "検討します", ""], ["質問", "計画期間は", "令和12年度までです", ""]]).to_excel(
        path, header=False, index=False)
    [document] = read_document(path)
    assert [i.comment for i in document.items] == ["賛成です", "公園にトイレを", "計画期間は"]
    assert (document.meta.period_start, document.meta.period_end, document.meta.declared_count) == ("2024-10-01", "2024-10-31", 3)


def test_a_submitter_column_before_the_comments_is_kept_out_of_the_comment(tmp_path) -> None:
    path = tmp_path / "staff.xlsx"
    rows = [["意見No.", "意見提出者", "ご意見の概要", "本市の考え方"],
            ["1-1", "個人1", "バスの本数を増やしてほしい。", "事業者と協議します。"],
            ["1-2", "個人2", "駅にエレベーターを。", "順次整備します。"]]
    pd.DataFrame(rows).to_excel(path, header=False, index=False)
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1-1", "バスの本数を増やしてほしい。", "事業者と協議します。"),
        ("1-2", "駅にエレベーターを。", "順次整備します。"),
    ]


def test_a_sheet_saved_from_a_published_table_keeps_its_title_period_count_and_groups(tmp_path) -> None:
    path = tmp_path / "export.csv"
    write_csv(path, [["札幌市公共交通計画（案）に対する意見募集の結果", "", ""],
                     ["意見募集期間：令和6年8月1日～令和6年8月30日", "", ""],
                     ["意見提出者数 2人（意見数 3件）", "", ""], ["No.", "ご意見の概要", "市の考え方"],
                     ["１　計画全体について", "", ""], ["1", "目標を数値で。", "第2章で示します。"],
                     ["2", "説明会を。", "開きます。"], ["２　バス路線について", "", ""], ["3", "減便をやめて。", "協議します。"]],
              "cp932")
    [document] = read_document(path)
    meta = document.meta
    assert (meta.title, meta.period_start, meta.period_end, meta.declared_count) == (
        "札幌市公共交通計画（案）に対する意見募集の結果", "2024-08-01", "2024-08-30", 3)
    assert [(i.no, i.topic) for i in document.items] == [("1", "計画全体について"), ("2", "計画全体について"),
                                                         ("3", "バス路線について")]
    assert document.warnings == ()


# A published table saved without merged cells: a title, the period, the count and lines of explanation, each in a cell
# of its own, above the header.
NOTES_ABOVE = [["新潟市空き家対策計画（案）に対する意見募集の結果"], ["意見募集期間：令和6年9月1日～令和6年9月30日"], ["意見数：2件"]]
NOTED_ROWS = [["1", "空き家の解体費用を補助してほしい。", "老朽危険空き家の除却費補助を継続します。"],
              ["2", "相談窓口を一本化してほしい。", "ワンストップ窓口を設置します。"]]


@pytest.mark.parametrize("notes", [6, 12, 46])  # 46: 50 rows of one cell above the header
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_header_under_a_title_and_many_lines_of_explanation_is_found(tmp_path, suffix: str, notes: int) -> None:
    """Review 128: a workbook without merged cells with more than nine rows above the header was refused, saying
    that 「新潟市…の結果」 was the column found and to check 「1行目」."""
    path = tmp_path / f"kekka{suffix}"
    rows = [*NOTES_ABOVE, *[[f"（{n}）本計画は空家等対策の推進に関する特別措置法に基づき策定するものです。"] for n in range(1, notes + 1)],
            [""], ["No.", "ご意見の要旨", "市の考え方"], *NOTED_ROWS]
    if suffix == ".xlsx":
        _staff_book(path, {"結果": rows})
    else:
        write_csv(path, [row + [""] * (3 - len(row)) for row in rows], "utf-8")
    [document] = read_document(path)
    meta = document.meta
    assert (meta.title, meta.period_start, meta.period_end, meta.declared_count) == (
        "新潟市空き家対策計画（案）に対する意見募集の結果", "2024-09-01", "2024-09-30", 2)
    assert [[i.no, i.comment, i.answer] for i in document.items] == NOTED_ROWS
    assert document.warnings == ()


def test_a_sheet_without_the_header_names_the_likeliest_row_and_the_rows_searched(tmp_path) -> None:
    """Not 「1行目」 when the header was looked for over several rows: the row that names a comment column (and no
    answer column) is shown, with the rows searched."""
    path = tmp_path / "kekka.xlsx"
    notes = [[f"（{n}）本計画は空家等対策の推進に関する特別措置法に基づき策定するものです。"] for n in range(1, 7)]
    _staff_book(path, {"結果": [*NOTES_ABOVE, *notes, [""], ["No.", "ご意見の要旨", "措置の内容"], *NOTED_ROWS]})
    with pytest.raises(MissingColumnsError) as caught:
        read_document(path)
    assert (caught.value.found, caught.value.row, caught.value.searched) == (["No.", "ご意見の要旨", "措置の内容"], 11, 13)
    assert caught.value.reason == (
        "必要な列が見つかりません。見つかった列（11行目）: No.、ご意見の要旨、措置の内容。"
        "必要な列: No.（任意）、ご意見、本市の考え方（任意: 件名、担当課、日付、事務名）。"
        "1行目から13行目までに、ご意見と回答の列名がそろった見出し行がありませんでした。見出し行の列名を確認してください。")


def test_a_list_of_comments_in_one_column_is_refused_after_fifty_rows_of_one_cell(tmp_path) -> None:
    """Second reading 136: a sheet of comments alone (one column headed ご意見, 100,000 rows) was searched for a header to
    its last row, twice, before it was refused (16 s): rows of one cell are passed over 50 at most."""
    path = tmp_path / "comments.csv"
    write_csv(path, [["ご意見"], *[[f"除雪を早くしてほしい（{n}）。"] for n in range(1, 301)]], "utf-8")
    with pytest.raises(MissingColumnsError) as caught:
        read_document(path)
    assert (caught.value.found, caught.value.row, caught.value.searched) == (["ご意見"], 1, 50)
    assert caught.value.reason == (
        "必要な列が見つかりません。見つかった列: ご意見。必要な列: No.（任意）、ご意見、本市の考え方（任意: 件名、担当課、日付、事務名）。"
        "1行目（見出し行）の列名を確認してください。")


def test_a_header_below_more_than_fifty_lines_of_notes_is_refused_saying_so(tmp_path) -> None:
    """Known since second reading 136: a header under 60 lines of notes was refused naming the title as the header
    (「1行目（見出し行）の列名を確認してください」), which staff cannot fix; the error says how far the search went."""
    path = tmp_path / "notes.csv"
    write_csv(path, [["除雪計画の意見募集結果"], *[[f"※注記{n}：ご意見は要約しています。"] for n in range(60)],
                     ["No.", "ご意見", "本市の考え方"], ["1", "除雪を増やして。", "検討します。"]], "utf-8")
    with pytest.raises(MissingColumnsError) as caught:
        read_document(path)
    assert (caught.value.row, caught.value.searched, caught.value.passed_lines) == (1, 50, 50)
    assert caught.value.reason == (
        "必要な列が見つかりません。見つかった列（1行目）: 除雪計画の意見募集結果。必要な列: No.（任意）、ご意見、本市の考え方"
        "（任意: 件名、担当課、日付、事務名）。1行目から50行目までに、ご意見と回答の列名がそろった見出し行がありませんでした。"
        "見出し行の上の、1列だけの行（表題や注記）は50行までしか読み飛ばしません。見出し行の上の行を減らしてください。")
    write_csv(path, [["除雪計画の意見募集結果"], *[[f"※注記{n}：ご意見は要約しています。"] for n in range(40)],
                     ["No.", "ご意見", "本市の考え方"], ["1", "除雪を増やして。", "検討します。"]], "utf-8")
    assert [item.comment for document in read_document(path) for item in document.items] == ["除雪を増やして。"]
    # Second reading 155: a list of comments under a header the column names do not know has no table below either:
    # no advice about lines above the header (there are none), as before.
    write_csv(path, [["ご意見の内容"], *[[f"除雪を早くしてほしい（{n}）。"] for n in range(1, 81)]], "utf-8")
    with pytest.raises(MissingColumnsError) as caught:
        read_document(path)
    assert (caught.value.passed_lines, caught.value.reason.endswith("1行目（見出し行）の列名を確認してください。")) == (0, True)


def _staff_book(path, sheets: dict[str, list[list[str]]], hidden_sheets=(), hidden_rows=()) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden_sheets:
            sheet.sheet_state = "hidden"
        for number in hidden_rows:
            sheet.row_dimensions[number].hidden = True
    book.save(path)


HEADER = ["No.", "ご意見", "本市の考え方"]


def test_every_sheet_shown_is_read_with_its_name_as_the_topic(tmp_path) -> None:
    path = tmp_path / "chapters.xlsx"
    _staff_book(path, {"第1章 開館時間": [HEADER, ["1", "夜も開けて。", "検討します。"], ["2", "土日も。", "開館しています。"]],
                       "第2章 施設": [HEADER, ["1", "駐車場が狭い。", "拡張は難しい状況です。"]],
                       "集計": [["章", "件数"], ["第1章", "2"]]})
    [document] = read_document(path)
    assert [(i.no, i.topic, i.comment, i.key) for i in document.items] == [
        ("1", "第1章 開館時間", "夜も開けて。", "1-1"), ("2", "第1章 開館時間", "土日も。", "1-2"),
        ("1", "第2章 施設", "駐車場が狭い。", "2-1")]
    assert document.warnings == ("シート「集計」には、ご意見と回答の見出し行がないため読みませんでした。",)


def test_hidden_sheets_and_rows_are_left_out_and_named(tmp_path) -> None:
    path = tmp_path / "hidden.xlsx"
    _staff_book(path, {"作業用": [["メモ"], ["古い案"]],
                       "回答": [HEADER, ["1", "夜も開けて。", "検討します。"], ["2", "（削除）", "（削除）"],
                                ["3", "駐車場が狭い。", "拡張は難しい状況です。"]]},
                hidden_sheets=("作業用",), hidden_rows=(3,))
    [document] = read_document(path)
    assert [(i.no, i.comment, i.topic) for i in document.items] == [("1", "夜も開けて。", None), ("3", "駐車場が狭い。", None)]
    assert document.warnings == (
        "非表示のシート「作業用」は読みませんでした。必要なら Excel で再表示してから取り込んでください。",
        "非表示の行 1 行（3行目）は読みませんでした。必要なら Excel で再表示してから取り込んでください。",
    )


def hide_every_sheet(shown, hidden) -> None:
    """``hidden``: the workbook ``shown`` with every sheet hidden, as some programs save it (Excel and openpyxl
    refuse to)."""
    import zipfile

    with zipfile.ZipFile(shown) as source, zipfile.ZipFile(hidden, "w") as target:
        for member in source.namelist():
            data = source.read(member)
            target.writestr(member, data.replace(b'state="visible"', b'state="hidden"') if member == "xl/workbook.xml" else data)


def test_a_workbook_with_every_sheet_hidden_reads_its_first_sheet_and_says_so(tmp_path) -> None:
    _staff_book(tmp_path / "shown.xlsx", {"回答": [HEADER, ["1", "夜も開けて。", "検討します。"]], "古い回答": [HEADER, ["1", "昼も。", "はい。"]]})
    hide_every_sheet(tmp_path / "shown.xlsx", tmp_path / "hidden.xlsx")
    [document] = read_document(tmp_path / "hidden.xlsx")
    assert [(i.no, i.comment) for i in document.items] == [("1", "夜も開けて。")]
    assert document.warnings == (
        "表示されているシートがないため、非表示のシート「回答」を読みました。",
        "非表示のシート「古い回答」は読みませんでした。必要なら Excel で再表示してから取り込んでください。")


def _published_sheet(book, name: str, rows: list[list[str]]):
    """A sheet in the published layout: the title merged across the table, the header, the rows."""
    sheet = book.create_sheet(name)
    sheet["A1"] = "図書館計画に対する意見募集の結果"
    sheet.merge_cells("A1:C1")
    for row in (HEADER, *rows):
        sheet.append(row)
    return sheet


def test_a_published_workbook_leaves_its_hidden_rows_out_with_a_warning(tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    sheet = _published_sheet(book, "結果", [["1", "夜も開けて。", "検討します。"], ["2", "内部メモ", "未定"],
                                           ["3", "駐車場が狭い。", "難しい状況です。"]])
    sheet.row_dimensions[4].hidden = True
    book.save(tmp_path / "published.xlsx")
    [document] = read_document(tmp_path / "published.xlsx")
    assert document.meta.kind == "table"
    assert [(i.no, i.comment) for i in document.items] == [("1", "夜も開けて。"), ("3", "駐車場が狭い。")]
    assert document.warnings == (
        "非表示の行 1 行（結果 4行目）は読みませんでした。必要なら Excel で再表示してから取り込んでください。",)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_csv_saved_without_a_bom_is_read(tmp_path, codec: str) -> None:
    path = tmp_path / "answers.csv"
    path.write_bytes("No.,ご意見,本市の考え方\r\n1,除雪を増やして。,検討します。\r\n2,図書館を広げて。,計画中です。\r\n"
                     "3,一日も早く　最寄りの駅に。,一層努めます。\r\n".encode(codec))  # 「一」「　」「最」 hold NUL bytes too
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "除雪を増やして。", "検討します。"), ("2", "図書館を広げて。", "計画中です。"),
        ("3", "一日も早く　最寄りの駅に。", "一層努めます。")]  # the full-width space read, and kept as typed


@pytest.mark.parametrize("name", ["answers.csv", "answers.txt"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_csv_without_a_bom_cut_short_is_said_to_be_cut_not_binary(tmp_path, codec: str, name: str) -> None:
    """Its start reads as UTF-16 text, so a last byte missing is a file cut short: it had been called binary
    (「テキストではないファイルです」), as the same file with a BOM is not."""
    from assistant.errors import UnknownEncodingError

    path = tmp_path / name
    path.write_bytes("No.\tご意見\t本市の考え方\n1\t除雪を早く。\t順次実施。\n".encode(codec)[:-1])
    with pytest.raises(UnknownEncodingError) as caught:
        read_document(path)
    assert caught.value.reason == ("UTF-16（Excel の「Unicode テキスト」など）のファイルですが、途中で切れているか壊れているため"
                                   "読めません。元のファイルからもう一度保存し直してください。")


def test_a_published_workbook_with_one_sheet_per_chapter_keeps_the_chapter_as_topic(tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in {"開館時間": [["1", "夜も開けて。", "検討します。"], ["2", "土日も。", "開館しています。"]],
                       "施設": [["1", "駐車場が狭い。", "難しい状況です。"]]}.items():
        _published_sheet(book, name, rows)
    book.save(tmp_path / "chapters.xlsx")
    [document] = read_document(tmp_path / "chapters.xlsx")
    assert document.meta.title == "図書館計画に対する意見募集の結果"
    assert [(i.no, i.topic, i.comment, i.key) for i in document.items] == [
        ("1", "開館時間", "夜も開けて。", "s1-1"), ("2", "開館時間", "土日も。", "s1-2"), ("1", "施設", "駐車場が狭い。", "s2-1")]


def test_a_published_workbook_reads_its_table_sheets_and_names_a_cover_or_summary_sheet(tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    cover.title = "表紙"
    for row in (["図書館計画（案）に対する意見募集の結果"], ["意見募集期間：令和7年1月6日～同年2月5日"], ["意見提出数：1件"]):
        cover.append(row)
    _published_sheet(book, "結果", [["1", "夜も開けて。", "検討します。"]])
    summary = book.create_sheet("集計")
    for row in (["年代", "件数"], ["20代", "3"], ["合計", "3"]):
        summary.append(row)
    for merged in ("A1:C1", "A2:C2"):  # merged cells: the published layout
        cover.merge_cells(merged)
    book.save(tmp_path / "published.xlsx")
    [document] = read_document(tmp_path / "published.xlsx")
    assert [(i.no, i.comment, i.topic) for i in document.items] == [("1", "夜も開けて。", None)]
    assert (document.meta.title, document.meta.period_start, document.meta.period_end, document.meta.declared_count) == (
        "図書館計画（案）に対する意見募集の結果", "2025-01-06", "2025-02-05", 1)
    assert document.warnings == ("シート「集計」には、ご意見と回答の見出し行がないため読みませんでした。",)


PLAIN_TABLE = [["図書館計画（案）に対する意見と市の考え方"], [],
               ["No.", "該当箇所", "ご意見の要旨", "市の考え方"],
               ["１", "第1章", "夜も開けてほしい。", "開館時間の延長を検討します。"],
               ["", "", "", "また、利用状況を調査します。"],
               ["２", "第2章", "駐車場が狭い。", "拡張は難しい状況です。"],
               ["", "", "特に土日は満車です。", ""],
               ["３", "その他", "本を増やして。", "購入します。"]]


def test_a_published_workbook_without_merged_cells_continues_an_item_on_rows_without_a_number(tmp_path) -> None:
    """Review of the readers: a published table typed without merging was read as a staff sheet: No.１'s answer cut
    short and its rest an item of its own, No.２'s second comment line an item without an answer, Nos 「１」, and
    warnings asking to fill in a published file's cells."""
    path = tmp_path / "kekka.xlsx"
    _staff_book(path, {"意見と市の考え方": PLAIN_TABLE})
    [document] = read_document(path)
    assert document.meta.kind == "table"
    assert document.meta.title == "図書館計画（案）に対する意見と市の考え方"
    assert [(i.no, i.comment, i.answer_paragraphs, i.extra) for i in document.items] == [
        ("1", "夜も開けてほしい。", ("開館時間の延長を検討します。", "また、利用状況を調査します。"), {"該当箇所": "第1章"}),
        ("2", "駐車場が狭い。\n特に土日は満車です。", ("拡張は難しい状況です。",), {"該当箇所": "第2章"}),
        ("3", "本を増やして。", ("購入します。",), {"該当箇所": "その他"})]
    assert document.warnings == ()


def test_a_staff_sheet_with_a_comment_not_yet_numbered_nor_answered_stays_a_staff_sheet(tmp_path) -> None:
    """Second reading of the plain-grid fix: a row of a comment alone under a numbered row is a staff sheet's comment
    not yet numbered too; read as a published table it was joined to the comment above."""
    path = tmp_path / "staff.xlsx"
    _staff_book(path, {"意見": [["No.", "ご意見", "回答"], ["1", "夜も開けてほしい。", "検討します。"],
                                ["", "駐車場が狭い。", ""], ["3", "本を増やして。", "購入します。"]]})
    [document] = read_document(path)
    assert [(i.comment, i.answer) for i in document.items] == [
        ("夜も開けてほしい。", "検討します。"), ("駐車場が狭い。", ""), ("本を増やして。", "購入します。")]


COVER_LINES = [["図書館計画（案）に関するパブリックコメントの実施結果"], [], ["意見募集期間：令和7年1月6日～令和7年2月5日"],
               ["意見提出者数：2人（4件）"]]
COVER_CELLS = [["図書館計画（案）に関するパブリックコメントの実施結果"], [], ["意見募集期間", "令和7年1月6日～令和7年2月5日"],
               ["意見提出者数", "2人"], ["意見件数", "4件"], ["担当", "教育委員会中央図書館"]]
TABLE_ROWS = [["No.", "ご意見の要旨", "市の考え方"], ["1", "夜も開けてほしい。", "検討します。"], ["2", "駐車場が狭い。", "難しい状況です。"],
              ["3", "本を増やして。", "購入します。"]]


@pytest.mark.parametrize("cover", [COVER_LINES, COVER_CELLS], ids=["lines", "cells"])
def test_a_cover_sheet_before_a_table_without_merged_cells_gives_the_title_period_and_count(tmp_path, cover) -> None:
    """Review of the readers: a workbook without merged cells went to the staff reader, which ignored its cover
    sheet (no period, no count check) and named it as a sheet without a header."""
    path = tmp_path / "kekka.xlsx"
    _staff_book(path, {"概要": cover, "意見と市の考え方": TABLE_ROWS})
    [document] = read_document(path)
    meta = document.meta
    assert (meta.kind, meta.title, meta.period_start, meta.period_end, meta.declared_count) == (
        "table", "図書館計画（案）に関するパブリックコメントの実施結果", "2025-01-06", "2025-02-05", 4)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [tuple(row) for row in TABLE_ROWS[1:]]
    assert document.warnings == ("文書に記載の意見総数は4件ですが、表から読み取れた項目は3件です。類似意見をまとめた可能性があります。"
                                 "原本と照合してください（行の追加・削除はしていません）。",)


def test_a_cover_sheet_of_labels_and_values_before_a_merged_table_is_read(tmp_path) -> None:
    """Review of the readers: a cover whose rows are 「意見募集期間｜令和…」 in two cells was no cover (only lines of one
    cell were), so the period and the declared count were lost and the sheet named as one without a header."""
    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    cover.title = "概要"
    for row in COVER_CELLS:
        cover.append(row)
    _published_sheet(book, "結果", [row[:] for row in TABLE_ROWS[1:]])
    book.save(tmp_path / "published.xlsx")
    [document] = read_document(tmp_path / "published.xlsx")
    meta = document.meta
    assert (meta.title, meta.period_start, meta.period_end, meta.declared_count) == (
        "図書館計画（案）に関するパブリックコメントの実施結果", "2025-01-06", "2025-02-05", 4)
    assert document.warnings == ("文書に記載の意見総数は4件ですが、表から読み取れた項目は3件です。類似意見をまとめた可能性があります。"
                                 "原本と照合してください（行の追加・削除はしていません）。",)


STAFF_COVER = [["第2次図書館計画（案）に対する意見の整理表"], ["意見募集期間", "令和7年1月6日～令和7年2月5日"], ["担当", "中央図書館"]]


def test_a_staff_sheet_with_a_cover_and_a_comment_not_yet_numbered_nor_answered_stays_a_staff_sheet(tmp_path) -> None:
    """Second reading: with a cover sheet before it, a sheet without merged cells was a published table whatever its
    rows, so two comments not yet numbered nor answered were joined to No.1's comment, without a warning."""
    path = tmp_path / "seiri.xlsx"
    _staff_book(path, {"表紙": STAFF_COVER, "意見一覧": [
        ["No.", "ご意見", "市の考え方", "担当課"], ["1", "夜も開館してほしい。", "開館時間の延長を検討します。", "中央図書館"],
        ["", "駐車場が狭いので拡張してほしい。", "", "施設課"], ["", "子ども向けの本を増やしてほしい。", "", "中央図書館"],
        ["4", "電子書籍を導入してほしい。", "導入を検討します。", "中央図書館"]]})
    [document] = read_document(path)
    assert document.meta.kind == "spreadsheet"
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "夜も開館してほしい。", "開館時間の延長を検討します。"), ("2", "駐車場が狭いので拡張してほしい。", ""),
        ("3", "子ども向けの本を増やしてほしい。", ""), ("4", "電子書籍を導入してほしい。", "導入を検討します。")]
    assert document.warnings == ("シート「表紙」には、ご意見と回答の見出し行がないため読みませんでした。",
                                 "シート「意見一覧」3行目: 回答（本市の考え方）が空です。回答の欄を確認してください。",
                                 "シート「意見一覧」4行目: 回答（本市の考え方）が空です。回答の欄を確認してください。")


def test_a_cover_and_a_row_continuing_an_answer_keep_a_table_without_merged_cells_published(tmp_path) -> None:
    """With a cover, a row of a comment alone does not make a staff sheet of a table that continues an answer on a
    row without a No. (the published layout typed without merging)."""
    path = tmp_path / "kekka.xlsx"
    _staff_book(path, {"表紙": STAFF_COVER, "意見と市の考え方": PLAIN_TABLE[2:]})
    [document] = read_document(path)
    assert (document.meta.kind, document.meta.title) == ("table", "第2次図書館計画（案）に対する意見の整理表")
    assert [(i.no, i.comment) for i in document.items] == [
        ("1", "夜も開けてほしい。"), ("2", "駐車場が狭い。\n特に土日は満車です。"), ("3", "本を増やして。")]


SUMMARY = [["意見の内訳"], [], ["区分", "件数"], ["施設について", "3件"], ["蔵書について", "2件"], ["合計", "5件"]]


def test_a_summary_sheet_of_two_columns_before_the_table_is_no_cover(tmp_path) -> None:
    """Second reading: 「区分｜件数」 and 「施設について｜3件」 were a cover's labels and values, so the summary sheet's
    heading 「意見の内訳」 became the document's title; its first column names nothing a cover says."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    summary = book.create_sheet("内訳")
    for row in SUMMARY:
        summary.append(row)
    _published_sheet(book, "結果", [row[:] for row in TABLE_ROWS[1:]])
    book.save(tmp_path / "kekka.xlsx")
    [document] = read_document(tmp_path / "kekka.xlsx")
    assert document.meta.title == "図書館計画に対する意見募集の結果"
    assert [i.no for i in document.items] == ["1", "2", "3"]
    assert document.warnings == ("シート「内訳」には、ご意見と回答の見出し行がないため読みませんでした。",)


def test_a_summary_sheet_before_a_staff_sheet_does_not_make_it_published(tmp_path) -> None:
    """Second reading: the summary sheet taken as a cover made a published table titled 「意見の内訳」 of a staff
    sheet without merged cells."""
    path = tmp_path / "seiri.xlsx"
    _staff_book(path, {"内訳": SUMMARY, "意見": [["No.", "ご意見", "回答"], ["1", "夜も開けてほしい。", "検討します。"],
                                                 ["2", "駐車場が狭い。", "難しい状況です。"]]})
    [document] = read_document(path)
    assert (document.meta.kind, document.meta.title) == ("spreadsheet", "seiri")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "夜も開けてほしい。", "検討します。"), ("2", "駐車場が狭い。", "難しい状況です。")]


@pytest.mark.parametrize("label", ["件名", "件名：", "題名", "タイトル"])
def test_a_cover_row_naming_the_title_gives_the_title_without_its_label(tmp_path, label) -> None:
    """Second reading: a cover row 「件名｜…の実施結果」 gave the title 「件名図書館計画（案）…」."""
    path = tmp_path / "kekka.xlsx"
    _staff_book(path, {"概要": [[label, "図書館計画（案）に関するパブリックコメントの実施結果"],
                                ["意見募集期間", "令和7年1月6日～令和7年2月5日"], ["意見件数", "3件"]],
                       "結果": TABLE_ROWS})
    [document] = read_document(path)
    meta = document.meta
    assert (meta.kind, meta.title, meta.period_start, meta.period_end, meta.declared_count) == (
        "table", "図書館計画（案）に関するパブリックコメントの実施結果", "2025-01-06", "2025-02-05", 3)
    assert document.warnings == ()


def test_a_staff_sheet_with_a_column_naming_the_writer_stays_a_staff_sheet_though_a_row_has_no_number(tmp_path) -> None:
    """A sheet without merged cells is read as a published table when a row continues the item above, but not when
    a column names the person who wrote: the staff reader leaves that column out."""
    path = tmp_path / "staff.xlsx"
    _staff_book(path, {"回答": [["No.", "氏名", "ご意見", "本市の考え方"], ["1", "札幌太郎", "夜も開けて。", "検討します。"],
                                ["", "", "", "利用状況も調べます。"]]})
    [document] = read_document(path)
    assert document.meta.kind == "spreadsheet"
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [
        ("1", "夜も開けて。", "検討します。", {}), ("2", "", "利用状況も調べます。", {})]


def test_warnings_of_a_title_whose_rows_are_all_hidden_are_kept(tmp_path) -> None:
    path = tmp_path / "titles.xlsx"
    _staff_book(path, {"回答": [["件名", "No.", "ご意見", "本市の考え方"], ["計画A", "1", "夜も開けて。", "検討します。"],
                                ["計画B", "1", "駐車場が狭い。", "難しい状況です。"]]}, hidden_rows=(3,))
    [document] = read_document(path)
    assert document.meta.title == "計画A"
    assert document.warnings == (
        "「計画B」: 非表示の行 1 行（3行目）は読みませんでした。必要なら Excel で再表示してから取り込んでください。",)


def test_a_quote_never_closed_in_a_csv_stops_the_read_instead_of_taking_every_later_row_into_one_cell(tmp_path) -> None:
    path = tmp_path / "comments.csv"
    rows = [f"{n},意見{n}です。,回答{n}です。" for n in range(1, 7)]
    rows[2] = '3,"バス停を増やしてほしい（「コミュニティバス」）,回答3です。'
    path.write_text("No.,ご意見,本市の考え方\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DamagedFileError) as caught:
        read_document(path)
    assert caught.value.reason == ("4行目の「\"」が閉じられていないため、4行目から7行目までが一つの欄になってしまいます。"
                                   "その「\"」を消すか閉じてから保存し直してください。")
    rows[2] = '3,"バス停を増やしてほしい。\n（「コミュニティバス」、循環バス）",回答3です。'  # closed: a comment of two lines
    path.write_text("No.,ご意見,本市の考え方\n" + "\n".join(rows) + '\n7,"画面が12"" 以上の端末\n,で",回答7です。\n', encoding="utf-8")
    [document] = read_document(path)
    assert [item.comment for item in document.items][2] == "バス停を増やしてほしい。\n（「コミュニティバス」、循環バス）"
    assert len(document.items) == 7
    # an unclosed quote in a file whose last cell is quoted: the rows after it end inside one cell
    path.write_text('No.,ご意見,本市の考え方\n1,公園を増やして。,検討します。\n2,駐車場を広げて。,"検討します。\n'
                    '3,図書館を延長して。,検討します。\n4,バスを増やして。,"増便します、前向きに"\n', encoding="utf-8")
    with pytest.raises(DamagedFileError) as caught:
        read_document(path)
    assert caught.value.reason.startswith("3行目の「\"」が閉じられていないため、3行目から5行目までが一つの欄に")
    # a literal inch mark in an unquoted cell, and a last cell of two lines, quoted and closed
    path.write_text('No.,ご意見,本市の考え方\n1,モニターは27"以上にしてほしい,検討します。\n'
                    '2,公園を増やしてほしい。,"整備します。\n費用は1,000万円程度です。"\n', encoding="utf-8")
    [document] = read_document(path)
    assert [(item.comment, item.answer) for item in document.items] == [
        ('モニターは27"以上にしてほしい', "検討します。"), ("公園を増やしてほしい。", "整備します。\n費用は1,000万円程度です。")]


@pytest.mark.parametrize("total", [["合計", "2件", ""], ["計", "", "2"], ["合計：2件", "", ""]])
def test_a_total_row_under_the_table_is_no_item_and_gives_the_count(tmp_path, total) -> None:
    path = tmp_path / "kekka.xlsx"
    pd.DataFrame([["No.", "ご意見", "本市の考え方"], ["1", "除雪を早くしてほしい。", "優先して除雪します。"],
                  ["2", "排雪の日程を知らせてほしい。", "ホームページでお知らせします。"], total]).to_excel(
        path, header=False, index=False)
    [document] = read_document(path)
    assert [item.no for item in document.items] == ["1", "2"]
    assert document.meta.declared_count == 2
    assert document.warnings == ("4行目: 合計の行（2件）は項目にしていません。",)


def test_a_total_row_of_a_published_web_table_is_no_item(tmp_path) -> None:
    path = tmp_path / "kekka.html"
    path.write_text("<html><body><h1>除雪計画の意見募集の結果</h1><table><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
                    "<tr><td>1</td><td>除雪を早くしてほしい。</td><td>優先して除雪します。</td></tr>"
                    "<tr><td>2</td><td>歩道も除雪してほしい。</td><td>通学路から除雪します。</td></tr>"
                    "<tr><td>合計</td><td>3件</td><td></td></tr></table></body></html>", encoding="utf-8")
    [document] = read_document(path)
    assert [item.no for item in document.items] == ["1", "2"]
    assert document.meta.declared_count == 3
    assert document.warnings == (
        "表の3行目: 合計の行（3件）は項目にしていません。",
        "文書に記載の意見総数は3件ですが、表から読み取れた項目は2件です。類似意見をまとめた可能性があります。"
        "原本と照合してください（行の追加・削除はしていません）。")


def test_a_legend_under_the_title_and_a_note_under_the_table_are_neither_title_nor_item(tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (["千葉市男女共同参画プラン（素案）に対する意見募集結果"], ["意見募集期間　令和6年9月2日から同年10月1日まで"],
                ["意見総数　2件"], ["【対応区分】A：反映する　B：既に盛り込み済み　C：参考とする"],
                ["No.", "項目", "意見の要旨", "区分", "市の考え方"],
                [1, "基本理念", "移住促進について書いてほしい。", "B", "第2章に記載しています。"],
                [2, "施策1", "バス路線の再編について書いてほしい。", "C", "参考とします。"],
                ["※　いただいたご意見は、趣旨を損なわない範囲で要約しています。"]):
        sheet.append(row)
    sheet.merge_cells("A1:E1")
    sheet.merge_cells("A8:E8")
    book.save(tmp_path / "kekka.xlsx")
    [document] = read_document(tmp_path / "kekka.xlsx")
    assert document.meta.title == "千葉市男女共同参画プラン（素案）に対する意見募集結果"
    assert [(item.no, item.extra) for item in document.items] == [("1", {"項目": "基本理念", "区分": "B"}),
                                                                  ("2", {"項目": "施策1", "区分": "C"})]
    assert document.warnings == ()


REFERENCE_TABLE = [[], ["【参考】意見提出者の内訳"], ["区分", "人数", "ご意見の件数"], ["個人", "2", "2"], ["団体", "1", "1"]]
SKIPPED_REFERENCE = ("{first}行目から{last}行目: 回答の表の後の別の表（「【参考】意見提出者の内訳」、見出し: 区分・人数・ご意見の件数）は、"
                     "回答の表の続きとみなせないため読み飛ばしました。原本を確認し、回答の表の一部であれば、空の行と"
                     "「【参考】意見提出者の内訳」の行を消してから取り込み直してください。")


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_reference_table_under_the_answer_table_is_left_out_and_said(tmp_path, suffix: str) -> None:
    """A blank row, 「【参考】意見提出者の内訳」 and its 区分｜人数｜ご意見の件数 rows: they were read as items
    (No. 区分 with the comment 「人数」, No. 個人 with 「2」). A group heading after a blank row still is one."""
    rows = [["○○市下水道ビジョン（案）に対する意見募集結果"], ["意見数：3件"], [], ["No.", "ご意見の概要", "市の考え方"],
            ["1", "料金を下げて。", "努めます。"], [], ["2 施設について"], ["2", "耐震化を。", "進めます。"],
            ["3", "広報を。", "行います。"], *REFERENCE_TABLE]
    rows = [row + [""] * (3 - len(row)) for row in rows]
    path = tmp_path / f"kekka.{suffix}"
    if suffix == "csv":
        write_csv(path, rows, "cp932")
    else:
        pd.DataFrame(rows).to_excel(path, header=False, index=False)
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [
        ("1", "料金を下げて。", "努めます。", None), ("2", "耐震化を。", "進めます。", "施設について"),
        ("3", "広報を。", "行います。", "施設について")]
    assert document.warnings == (SKIPPED_REFERENCE.format(first=11, last=14), "空の行を2行読み飛ばしました。")


def test_a_note_under_the_table_in_the_comment_column_is_no_comment_and_is_said(tmp_path) -> None:
    """「※ご意見は、…要約して掲載しています。」 alone in the comment column after a blank row was read as a comment
    of its own (No. 3, its answer empty)."""
    path = tmp_path / "kekka.xlsx"
    note = "※ご意見は、趣旨を損なわない範囲で要約して掲載しています。"
    pd.DataFrame([["No.", "ご意見の概要", "市の考え方"], ["1", "料金を下げて。", "努めます。"], ["2", "耐震化を。", "進めます。"],
                  ["", "", ""], ["", note, ""]]).to_excel(path, header=False, index=False)
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [("1", "料金を下げて。", "努めます。"), ("2", "耐震化を。", "進めます。")]
    assert document.warnings == (
        f"5行目: 表の下の注記「{note}」は、ご意見ではないため項目に含めませんでした（前の項目にも加えていません）。",
        "空の行を1行読み飛ばしました。")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("note", ["※ご意見は要約して掲載しています。", "【参考】計画の全文は市のホームページにあります。"])
def test_a_note_right_under_a_numbered_table_is_no_comment_and_is_said(tmp_path, suffix, note) -> None:
    """Review of the README: with no blank row above it, the note in the comment column became an item No.3 with
    no answer. Under a numbered table its missing No. tells it from a comment."""
    path = tmp_path / f"kekka{suffix}"
    frame = pd.DataFrame([["No.", "ご意見", "本市の考え方"], ["1", "料金を下げて。", "努めます。"], ["2", "耐震化を。", "進めます。"],
                          ["", note, ""]])
    if suffix == ".csv":
        frame.to_csv(path, header=False, index=False)
    else:
        frame.to_excel(path, header=False, index=False)
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [("1", "料金を下げて。", "努めます。"), ("2", "耐震化を。", "進めます。")]
    assert document.warnings == (
        f"4行目: 表の下の注記「{note}」は、ご意見ではないため項目に含めませんでした（前の項目にも加えていません）。",)


def test_a_note_alone_in_the_answer_column_of_a_numbered_table_is_not_dropped(tmp_path) -> None:
    """Second reading: the rule for a note under a numbered table dropped a ※ line in the answer column too."""
    path = tmp_path / "kekka.csv"
    pd.DataFrame([["No.", "ご意見", "本市の考え方"], ["1", "料金を下げて。", "努めます。"], ["", "", "※料金表は別紙のとおりです。"],
                  ["2", "耐震化を。", "進めます。"]]).to_csv(path, header=False, index=False)
    [document] = read_document(path)
    assert "※料金表は別紙のとおりです。" in [i.answer for i in document.items]


def test_a_row_without_a_number_under_an_unnumbered_table_is_still_a_comment(tmp_path) -> None:
    path = tmp_path / "kekka.csv"
    pd.DataFrame([["ご意見", "本市の考え方"], ["料金を下げて。", "努めます。"], ["※駐車場を広げて。", ""]]).to_csv(
        path, header=False, index=False)
    [document] = read_document(path)
    assert [i.comment for i in document.items] == ["料金を下げて。", "※駐車場を広げて。"]


def test_a_second_part_after_a_blank_row_and_its_caption_stays_in_the_table(tmp_path) -> None:
    """Rows numbered 「4-1」 under 「期限後に提出されたご意見」 after a blank row were cut off as a reference table (the
    check for another table took any short cells for header words)."""
    write_csv(tmp_path / "late.csv", [
        ["No.", "ご意見", "市の考え方"], ["1", "計画の目標値をより具体的に示すべきである。", "目標値は第4章に示しています。"],
        ["", "", ""], ["期限後に提出されたご意見", "", ""], ["4-1", "駐輪場を増やしてほしい", "関係課と検討します"],
        ["4-2", "駅前の駐輪場は朝に満車となります。", "利用状況を調査します。"], ["4-3", "同上", "同上"]], "utf-8-sig")
    [document] = read_document(tmp_path / "late.csv")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "計画の目標値をより具体的に示すべきである。", "目標値は第4章に示しています。"),
        ("4-1", "駐輪場を増やしてほしい", "関係課と検討します"), ("4-2", "駅前の駐輪場は朝に満車となります。", "利用状況を調査します。"),
        ("4-3", "同上", "利用状況を調査します。")]  # an answer 「同上」 is the row above's (readers.hygiene)
    assert not [w for w in document.warnings if "別の表" in w]


def test_a_part_heading_over_short_rows_after_a_blank_row_is_no_other_table(tmp_path) -> None:
    """「２　交通施策について」 over 「No.3｜駐輪場の拡充｜令和7年度に実施予定」 after a blank row: short cells and a No. that
    is not a bare number were taken for another table's header, and the rest of the answer table was left out."""
    write_csv(tmp_path / "parts.csv", [
        ["No.", "ご意見", "市の考え方"], ["No.1", "公園を増やしてほしい。", "計画的に整備します。"], ["", "", ""],
        ["２　交通施策について", "", ""], ["No.3", "駐輪場の拡充", "令和7年度に実施予定"],
        ["No.4", "バスの本数を増やしてほしい。", "事業者と協議します。"]], "utf-8-sig")
    [document] = read_document(tmp_path / "parts.csv")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("No.1", "公園を増やしてほしい。", "計画的に整備します。"), ("No.3", "駐輪場の拡充", "令和7年度に実施予定"),
        ("No.4", "バスの本数を増やしてほしい。", "事業者と協議します。")]
    assert not [w for w in document.warnings if "別の表" in w]


def test_the_header_typed_again_inside_the_table_is_no_item_and_is_named(tmp_path) -> None:
    """A header typed again for a printed page (「No｜ご意見の概要｜市の考え方」) became an item No. 「No」 whose comment was
    「ご意見の概要」."""
    write_csv(tmp_path / "again.csv", [
        ["No.", "ご意見の概要", "市の考え方"], ["1", "バスの本数を増やしてほしい。", "事業者と協議します。"],
        ["No", "ご意見の概要", "市の考え方"], ["2", "地域住民の意見を聞く場を設けてほしい", "個別に対応"],
        ["3", "意見交換会を開いてほしい", "回答します"], ["4", "No.1と同趣旨の意見", "No.1の考え方のとおり"]], "utf-8-sig")
    [document] = read_document(tmp_path / "again.csv")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "バスの本数を増やしてほしい。", "事業者と協議します。"), ("2", "地域住民の意見を聞く場を設けてほしい", "個別に対応"),
        ("3", "意見交換会を開いてほしい", "回答します"), ("4", "No.1と同趣旨の意見", "事業者と協議します。")]  # No.1's (hygiene)
    assert "3行目: 表の途中にある見出しの行（「No｜ご意見の概要｜市の考え方」）は、項目にしていません。" in document.warnings


@pytest.mark.parametrize("header", [["区分", "人数", "ご意見の件数"], ["分類", "ご意見数"], ["提出手段", "人"], ["章", "意見数"],
                                    ["提出者", "人"]])
def test_a_summary_table_under_the_answer_table_is_no_items(tmp_path, header) -> None:
    write_csv(tmp_path / "summary.csv", [
        ["No.", "ご意見", "市の考え方"], ["1", "公園を増やしてほしい。", "計画的に整備します。"], [""] * 3,
        ["【参考】ご意見の内訳", "", ""], header + [""] * (3 - len(header)), ["交通", "5", ""]], "utf-8-sig")
    [document] = read_document(tmp_path / "summary.csv")
    assert [(i.no, i.comment) for i in document.items] == [("1", "公園を増やしてほしい。")]
    assert any("【参考】ご意見の内訳" in w for w in document.warnings)


UNCAPTIONED = ("5行目から6行目: 回答の表の後の別の表（見出し: 区分・人数・ご意見の件数）は、回答の表の続きとみなせないため"
               "読み飛ばしました。原本を確認し、回答の表の一部であれば、その上の空の行を消してから取り込み直してください。")


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_summary_table_without_a_caption_under_the_answer_table_is_no_items(tmp_path, suffix: str) -> None:
    """A blank row, then 「区分｜人数｜ご意見の件数」 over 「個人｜3｜4」 without a caption row: items No. 「区分」 (comment
    「人数」) and No. 「個人」 were made, and only the blank row was said. A summary's header over a row of counts ends the
    table now, and its rows are named."""
    path = tmp_path / f"summary.{suffix}"
    write_table(path, [["No.", "ご意見", "市の考え方"], ["1", "除雪を増やして。", "対応します。"], ["2", "歩道も。", "計画済みです。"],
                       [], ["区分", "人数", "ご意見の件数"], ["個人", "3", "4"]])
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [("1", "除雪を増やして。", "対応します。"),
                                                                      ("2", "歩道も。", "計画済みです。")]
    assert document.warnings == (UNCAPTIONED, "空の行を1行読み飛ばしました。")


def test_a_summary_table_without_a_caption_under_a_published_workbook_is_no_items(tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (["除雪計画（案）に対する意見募集の結果"], ["No.", "ご意見", "市の考え方"], [1, "除雪を増やして。", "対応します。"],
                [2, "歩道も。", "計画済みです。"], [], ["区分", "人数", "ご意見の件数"], ["個人", 3, 4]):
        sheet.append(row)
    sheet.merge_cells("A1:C1")
    book.save(tmp_path / "kekka.xlsx")
    [document] = read_document(tmp_path / "kekka.xlsx")
    assert [(i.no, i.comment) for i in document.items] == [("1", "除雪を増やして。"), ("2", "歩道も。")]
    assert document.warnings == ("シート「Sheet」の6行目から7行目: 回答の表の後の別の表（見出し: 区分・人数・ご意見の件数）は、回答の表の続きと"
                                 "みなせないため読み飛ばしました。原本を確認し、回答の表の一部であれば、その上の空の行を消してから"
                                 "取り込み直してください。",)


def test_rows_after_a_blank_row_that_name_a_summary_word_but_hold_no_counts_stay_in_the_table(tmp_path) -> None:
    """Without counts under it, a row of short words after a blank row (「区分の見直し｜検討中」) is a row of the table."""
    write_csv(tmp_path / "kubun.csv", [
        ["ご意見", "市の考え方"], ["公園を増やしてほしい。", "計画的に整備します。"], ["", ""], ["区分の見直し", "検討中"],
        ["除雪を早くしてほしい。", "検討します。"]], "utf-8-sig")
    [document] = read_document(tmp_path / "kubun.csv")
    assert [i.comment for i in document.items] == ["公園を増やしてほしい。", "区分の見直し", "除雪を早くしてほしい。"]
    assert document.warnings == ("空の行を1行読み飛ばしました。",)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_word_in_the_no_column_after_numbered_rows_is_kept_and_named(tmp_path, suffix: str) -> None:
    """Rows of another table straight under the answer table (no blank row, so the table does not end there) were read
    as items without a word; a No. that is a word after numbered rows is named. 「総-1」, 「4-1」, 「ア」 are numbers."""
    path = tmp_path / f"words.{suffix}"
    write_table(path, [["No.", "ご意見", "市の考え方"], ["総-1", "計画全体について。", "反映します。"], ["4-1", "駐輪場を。", "検討します。"],
                       ["ア", "駐輪場の屋根を。", "検討します。"], ["区分", "人数", "ご意見の件数"], ["個人", "3", "4"]])
    [document] = read_document(path)
    assert [i.no for i in document.items] == ["総-1", "4-1", "ア", "区分", "個人"]
    assert document.warnings == tuple(
        f"{row}行目: No. が「{no}」で、上の行のような番号ではありません。回答の表の後に別の表が続いていないか、原本を確認してください"
        "（この行は項目として取り込みました）。" for row, no in ((5, "区分"), (6, "個人")))


def test_rows_numbered_with_a_word_that_answer_a_comment_are_not_named_as_another_table(tmp_path) -> None:
    """Second review: 「その他」, 「全般」 and 「総論」 number comments in staff sheets; the warning meant for a table
    under the answer table named them all."""
    write_csv(tmp_path / "words.csv", [
        ["No.", "ご意見", "市の考え方"], ["1", "除雪を増やしてほしい。", "計画的に実施します。"],
        ["全般", "計画全体がわかりにくい。", "概要版を作成します。"], ["その他", "説明会を開いてほしい。", "検討します。"],
        ["総論", "賛成です。", "ありがとうございます。"]], "utf-8-sig")
    [document] = read_document(tmp_path / "words.csv")
    assert [i.no for i in document.items] == ["1", "全般", "その他", "総論"]
    assert document.warnings == ()


def test_a_part_heading_over_short_words_that_only_contain_a_count_word_is_no_other_table(tmp_path) -> None:
    """「外国人への情報提供｜多言語化を検討」 and 「バスの便数｜事業者と協議」 contain 人 and 数, which had been taken for a
    summary's column names: the rest of the table was left out."""
    write_csv(tmp_path / "words.csv", [
        ["ご意見", "市の考え方"], ["公園を増やしてほしい。", "計画的に整備します。"], ["", ""], ["地域交通", ""],
        ["バスの便数", "事業者と協議"], ["外国人への情報提供", "多言語化を検討"], ["図書館の開館時間を延長してほしい。", "検討してまいります。"]],
        "utf-8-sig")
    [document] = read_document(tmp_path / "words.csv")
    assert [i.comment for i in document.items] == [  # without a No. column the heading is a comment left unanswered, as before
        "公園を増やしてほしい。", "地域交通", "バスの便数", "外国人への情報提供", "図書館の開館時間を延長してほしい。"]
    assert not [w for w in document.warnings if "別の表" in w]


def test_without_a_no_column_only_the_headers_own_words_are_the_header_again(tmp_path) -> None:
    write_csv(tmp_path / "nono.csv", [
        ["ご意見の概要", "市の考え方"], ["バスを増やしてほしい。", "協議します。"], ["意見箱の設置", "回答済"],
        ["ご意見の概要", "市の考え方"], ["意見交換会の開催", "考え方を公表済"], ["意見の要旨", "本市の考え方"],
        ["除雪を早くしてほしい。", "検討します。"]], "utf-8-sig")
    [document] = read_document(tmp_path / "nono.csv")
    assert [i.comment for i in document.items] == ["バスを増やしてほしい。", "意見箱の設置", "意見交換会の開催", "除雪を早くしてほしい。"]
    assert [w for w in document.warnings if "見出しの行" in w] == [
        "4行目: 表の途中にある見出しの行（「ご意見の概要｜市の考え方」）は、項目にしていません。",
        "6行目: 表の途中にある見出しの行（「意見の要旨｜本市の考え方」）は、項目にしていません。"]


def _as_excel_saves_strings(path) -> None:
    """Move the workbook's cell text into a shared-string table, as Excel writes it (openpyxl writes inline strings,
    which openpyxl reads back untouched; from shared strings it takes 「x005F_」 out)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    strings: list[str] = []

    def shared(match) -> str:
        strings.append(match.group(2))
        return f'<c r="{match.group(1)}" t="s"><v>{len(strings) - 1}</v></c>'

    for name in [name for name in parts if name.startswith("xl/worksheets/")]:
        parts[name] = re.sub(r'<c r="([A-Z]+\d+)"[^>]*t="inlineStr"[^>]*><is><t[^>]*>(.*?)</t></is></c>', shared,
                             parts[name].decode(), flags=re.S).encode()
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in strings) + "</sst>").encode()
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_excels_escaped_carriage_returns_are_line_breaks_in_both_kinds_of_workbook(tmp_path) -> None:
    """A line break pasted from e-mail is CR LF; Excel stores the CR as 「_x000D_」, which openpyxl leaves in the
    text: it was read into comments and answers, in staff sheets and in published workbooks alike. Other escapes
    typed by a citizen (「_x0041_」) stay as typed."""
    from openpyxl import Workbook

    rows = [["1", "バス停を増やしてほしい。_x000D_\n特に郊外で。", "次のとおりです。_x000D_\n・路線を見直します。"],
            ["2", "記号の_x0041_表示。", "確認します。"]]
    _staff_book(tmp_path / "staff.xlsx", {"意見": [HEADER, *rows]})
    book = Workbook()
    book.remove(book.active)
    _published_sheet(book, "結果", rows)
    book.save(tmp_path / "published.xlsx")
    for name in ("staff.xlsx", "published.xlsx"):
        _as_excel_saves_strings(tmp_path / name)
        [document] = read_document(tmp_path / name)
        assert [(i.no, i.comment, i.answer) for i in document.items] == [
            ("1", "バス停を増やしてほしい。\n特に郊外で。", "次のとおりです。\n・路線を見直します。"),
            ("2", "記号の_x0041_表示。", "確認します。")], name


def test_the_header_typed_again_inside_a_published_workbook_or_word_table_is_named(tmp_path) -> None:
    """The README says so for every spreadsheet; a published workbook (merged title) and a Word table dropped the row
    without a word."""
    from docx import Document
    from openpyxl import Workbook

    rows = [["1", "夜も開けて。", "検討します。"], HEADER, ["2", "駐車場が狭い。", "難しい状況です。"]]
    book = Workbook()
    book.remove(book.active)
    _published_sheet(book, "結果", rows)
    book.save(tmp_path / "published.xlsx")
    word = Document()
    word.add_paragraph("図書館計画に対する意見募集の結果")
    table = word.add_table(rows=4, cols=3)
    for row, values in zip(table.rows, [HEADER, *rows]):
        for cell, text in zip(row.cells, values):
            cell.text = text
    word.save(tmp_path / "published.docx")
    for name in ("published.xlsx", "published.docx"):
        [document] = read_document(tmp_path / name)
        assert [(i.no, i.comment) for i in document.items] == [("1", "夜も開けて。"), ("2", "駐車場が狭い。")], name
        assert document.warnings == ("表の2行目: 表の途中にある見出しの行（「No.｜ご意見｜本市の考え方」）は、項目にしていません。",), name


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_staff_sheet_keeps_its_other_named_columns_and_leaves_out_a_person_s(tmp_path, suffix: str) -> None:
    """A staff sheet's 該当箇所 column was dropped without a word (the same table with one merged title cell, read as a
    published table, kept it); a column of the citizens' names is no precedent's metadata and is named instead."""
    rows = [["No.", "該当箇所", "ご意見", "本市の考え方", "意見提出者", "分類"],
            ["1", "第2章1（12頁）", "除雪の回数を増やしてほしい。", "除雪計画に基づき実施します。", "山田太郎", "除雪"],
            ["2", "", "排雪の費用は？", "予算の範囲内で実施します。", "佐藤花子", ""]]
    path = tmp_path / f"answers{suffix}"
    if suffix == ".csv":
        write_csv(path, rows, "utf-8")
    else:
        pd.DataFrame(rows).to_excel(path, header=False, index=False)
    [document] = read_document(path)
    assert [(i.no, i.extra) for i in document.items] == [("1", {"該当箇所": "第2章1（12頁）", "分類": "除雪"}), ("2", {})]
    assert document.warnings == (
        "列「意見提出者」は取り込んでいません（該当箇所・分類などのほかは、ご意見を出した人の情報や内部のメモを含むおそれがあるため）。",)
    assert "山田太郎" not in repr(document)


def test_a_staff_sheet_s_columns_of_the_citizen_or_the_office_are_left_out_and_named(tmp_path) -> None:
    """Second reading: 受付日, 年代, お住まい, 団体・法人名, 職業 and a 内部メモ (hidden in Excel) were stored with each row,
    in the corpus, its dump and its backups: only columns that say where in the plan or what kind of comment are kept."""
    rows = [["No.", "受付日", "年代", "お住まい", "団体・法人名", "職業", "内部メモ", "対応区分", "ご意見", "本市の考え方"],
            ["1", "2026/1/5", "40代", "北区新琴似1-2", "桜町町内会", "会社員", "山田様より電話（090-1234-5678）", "B",
             "除雪を増やしてほしい。", "計画的に実施します。"]]
    write_csv(tmp_path / "staff.csv", rows, "utf-8")
    [document] = read_document(tmp_path / "staff.csv")
    assert [i.extra for i in document.items] == [{"対応区分": "B"}]
    assert document.warnings == ("列「受付日」「年代」「お住まい」「団体・法人名」「職業」「内部メモ」は取り込んでいません（該当箇所・分類など"
                                 "のほかは、ご意見を出した人の情報や内部のメモを含むおそれがあるため）。",)
    assert "090" not in repr(document) and "新琴似" not in repr(document)


def test_a_phone_or_postal_number_column_is_no_row_s_number_but_the_writer_s_and_left_out(tmp_path) -> None:
    """Review 116: 電話番号 (any header ending in 番号) was the No. column, to the left of the real No. too: precedents
    were keyed by a citizen's phone number, and the real No. column was dropped as the writer's information."""
    rows = [["電話番号", "郵便番号", "No.", "ご意見", "本市の考え方"],
            ["011-123-4567", "060-0001", "1", "除雪の回数を増やしてほしい。", "検討します。"],
            ["090-2222-3333", "060-0002", "2", "図書館の開館時間を延ばしてほしい。", "検討します。"]]
    write_csv(tmp_path / "staff.csv", rows, "utf-8")
    [document] = read_document(tmp_path / "staff.csv")
    assert [i.no for i in document.items] == ["1", "2"]
    assert document.warnings == ("列「電話番号」「郵便番号」は取り込んでいません（該当箇所・分類などのほかは、ご意見を出した人の情報や"
                                 "内部のメモを含むおそれがあるため）。",)
    assert "011-123" not in repr(document) and "060-000" not in repr(document)


def test_character_references_in_a_cell_without_tags_are_decoded(tmp_path) -> None:
    """Second reading 123: a web form's export writes 「Q&amp;A」 in cells without tags too; read as typed, they stayed
    encoded, while a cell with a <br> in the same file was decoded."""
    rows = [["No.", "ご意見", "本市の考え方"],
            ["1", "除雪の &quot;回数&quot; を増やしてほしい。Q&amp;Aも作って。", "Q&amp;A &lt;よくある質問&gt; に掲載します。"],
            ["2", "&#x96EA;まつりを続けて。&copyright表記、R&D、AT&T", "継続します。<br>ご意見ありがとうございます。"]]
    write_csv(tmp_path / "staff.csv", rows, "utf-8")
    [document] = read_document(tmp_path / "staff.csv")
    assert [(i.comment, i.answer_paragraphs) for i in document.items] == [
        ('除雪の "回数" を増やしてほしい。Q&Aも作って。', ("Q&A <よくある質問> に掲載します。",)),
        ("雪まつりを続けて。&copyright表記、R&D、AT&T", ("継続します。", "ご意見ありがとうございます。"))]


def test_the_staff_columns_read_as_the_document_s_are_no_row_s_extra(tmp_path) -> None:
    path = tmp_path / "answers.csv"
    write_csv(path, ROWS, "utf-8")
    assert {str(i.extra) for document in read_document(path) for i in document.items} == {"{}"}


def test_numbers_typed_one_under_another_in_a_no_cell_are_a_group_s_nos(tmp_path) -> None:
    """Two comments answered in one row, 「1」 and 「2」 on two lines of the No. cell, read as No. 「1 2」 (the web, Word
    and PDF readers give 「1・2」, as the batch writes a group's Nos.)."""
    write_csv(tmp_path / "group.csv", [["No.", "ご意見", "本市の考え方"], ["1\n2", "除雪を増やして。", "計画的に実施します。"],
                                       ["3", "排雪を。", "検討します。"], ["No.\n4", "歩道を。", "実施します。"]], "utf-8")
    [document] = read_document(tmp_path / "group.csv")
    assert [i.no for i in document.items] == ["1・2", "3", "No.4"]  # a label and a number: read as before


@pytest.mark.parametrize("who", ["意見者", "意見者名", "意見提出者氏名", "意見者（ふりがな）"])
def test_a_column_naming_who_gave_the_comment_is_no_comment_column(tmp_path, who: str) -> None:
    """Second reading: a staff sheet's 「意見者」 column (a citizen's name) was taken for the comment column, so every
    comment stored was a name."""
    write_csv(tmp_path / "who.csv", [["No.", who, "ご意見", "本市の考え方"],
                                     ["1", "山田太郎", "除雪を増やしてほしい。", "計画的に実施します。"]], "utf-8")
    [document] = read_document(tmp_path / "who.csv")
    assert [(i.comment, i.answer) for i in document.items] == [("除雪を増やしてほしい。", "計画的に実施します。")]
    assert "山田太郎" not in repr(document)


@pytest.mark.parametrize("header", ["意見者の意見", "ご意見（意見者）", "意見者の主な意見", "ご意見（氏名・住所は除く）"])
def test_a_comment_column_that_mentions_the_person_is_still_the_comment_column(tmp_path, header: str) -> None:
    """Second reading: once 意見者 named no comment column, these headers refused the whole file (no comment column)."""
    write_csv(tmp_path / "c.csv", [["No.", header, "本市の考え方"], ["1", "除雪を増やしてほしい。", "計画的に実施します。"]], "utf-8")
    [document] = read_document(tmp_path / "c.csv")
    assert [(i.comment, i.answer) for i in document.items] == [("除雪を増やしてほしい。", "計画的に実施します。")]


def test_a_staff_sheet_keeps_a_column_only_when_its_whole_name_says_where_or_what_kind() -> None:
    """Second reading: 対応メモ (「山田様に電話済 090-…」), 対応経過, 対応者 and 居住区分 were kept because they held 対応 or
    区分, while 条文 was dropped."""
    from assistant.readers.spreadsheet import _extra_columns

    header = ["No.", "該当ページ", "ご意見", "本市の考え方", "対応メモ", "対応経過（内部）", "対応者", "居住区分", "条文", "備考",
              "対応区分", "計画の該当箇所", "分類"]
    kept, left = _extra_columns([header], 0, 0, len(header), {"no": 0, "comment": 2, "answer": 3})
    assert [name for _, name in kept] == ["該当ページ", "条文", "対応区分", "計画の該当箇所", "分類"]
    assert left == ["対応メモ", "対応経過（内部）", "対応者", "居住区分", "備考"]


@pytest.mark.parametrize("suffix", ["csv", "tsv", "xlsx"])
def test_a_staff_sheet_is_read_as_typed(tmp_path, suffix: str) -> None:
    """A staff sheet's cells are typed, not laid out: 「中央図書館　電話…」 was read 「中央図書館電話…」, 「- 幹線道路」 was
    「-幹線道路」, a tab and the space in 「more trees. Please.」 were gone. Each line is a paragraph, its ends trimmed, and
    「。」 followed by a space ends one too (a table flattened from a PDF marks its paragraphs so: env6th's corpus);
    a cell of HTML is still read by its tags."""
    rows = [["No.", "ご意見", "本市の考え方", "該当箇所"],
            ["1", " ごみ　有料化について。\r\n二点目、more trees. Please. ", "ご意見ありがとうございます。\n\n- 幹線道路\n- 通学路\n"
             "を優先します（問合せ：中央図書館　電話011-512-7320）。", "第2章　1\t(2)"],
            ["2", "図書館を広げて。", "有料化は、\t審議会で検討中です。 詳しくは市のホームページをご覧ください。", ""],
            ["3", "公園を直して。", "<p>順次直します。</p><p>予算は 2 億円です。</p>", ""]]
    path = tmp_path / f"answers.{suffix}"
    if suffix == "tsv":
        pd.DataFrame(rows).to_csv(path, sep="\t", header=False, index=False, encoding="utf-8")
    else:
        write_table(path, rows)
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer_paragraphs, i.extra) for i in document.items] == [
        ("1", "ごみ　有料化について。\n二点目、more trees. Please.",
         ("ご意見ありがとうございます。", "- 幹線道路", "- 通学路", "を優先します（問合せ：中央図書館　電話011-512-7320）。"),
         {"該当箇所": "第2章　1\t(2)"}),
        ("2", "図書館を広げて。", ("有料化は、\t審議会で検討中です。", "詳しくは市のホームページをご覧ください。"), {}),
        ("3", "公園を直して。", ("順次直します。", "予算は2億円です。"), {})]


_REPEATED = "同じ番号のまま別々の項目として読みました。原本を確認してください。"


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_repeated_no_is_named_as_in_a_published_table(tmp_path, suffix: str) -> None:
    """Review r3 #6: a staff sheet numbering two rows 1 gave no warning (a published table's reader names it). The
    rows stay two items; a range and a list name each number in them; blank Nos and sub-numbers repeat nothing."""
    path = tmp_path / f"d.{suffix}"
    write_table(path, [["No.", "ご意見", "本市の考え方"], ["1", "賛成です。", "ありがとうございます。"],
                       ["1", "反対です。", "ご意見として承ります。"], ["2～4", "駐車場を。", "検討します。"],
                       ["3", "駐輪場を。", "検討します。"], ["5・6", "遊具を。", "点検します。"], ["6-1", "砂場を。", "清掃します。"],
                       ["", "ベンチを。", "設置します。"], ["", "トイレを。", "整備します。"], ["7", "木陰を。", "植樹します。"]])
    [document] = read_document(path)
    # the blank Nos numbered by position (7, 8) make no No.7 twice
    assert [item.no for item in document.items] == ["1", "1", "2～4", "3", "5・6", "6-1", "7", "8", "7"]
    assert document.warnings == (f"No.1 が2回出てきます（2行目、3行目）。{_REPEATED}",
                                 f"No.3 が2回出てきます（4行目、5行目）。{_REPEATED}")


def test_marks_in_the_no_column_are_no_repeated_numbers(tmp_path) -> None:
    """Second reading sr1 #2: 「―」, 「ー」, 「-」, 「再掲」, 「同上」, 「〃」, 「*」 and 「追加」 on rows given no number were
    named as numbers (「No.再掲 が2回出てきます」). Only a No. naming a number (a digit, a circled or Roman numeral) is
    checked; the items stay as read."""
    marks = ["1", "―", "―", "2", "ー", "ー", "3", "再掲", "再掲", "4", "同上", "同上", "*", "*", "〃", "〃", "追加", "追加",
             "-", "－", "⑤", "⑤", "Ⅳ", "Ⅳ"]
    write_table(tmp_path / "marks.csv", [["No.", "ご意見", "本市の考え方"]] + [
        [no, f"ご意見その{n}について、見直してほしい。", "検討します。"] for n, no in enumerate(marks, 1)])
    [document] = read_document(tmp_path / "marks.csv")
    assert [item.no for item in document.items] == marks
    assert document.warnings == (f"No.5 が2回出てきます（22行目、23行目）。{_REPEATED}",
                                 f"No.IV が2回出てきます（24行目、25行目）。{_REPEATED}")


def test_numbering_restarted_per_category_or_department_column_and_a_sender_number_repeat_nothing(tmp_path) -> None:
    """Second reading sr1 #3, #4: a sheet numbered again under each 分類 or 担当課 (1, 2 under 総論, then 1, 2 under 各論)
    warned for every number, and a 受付番号 read as the No. (one sender's three comments share 1) too. A No. repeated
    under one 分類 is still named."""
    comments = [[f"ご意見その{n}について、見直してほしい。", "検討します。"] for n in range(1, 6)]
    write_table(tmp_path / "cat.csv", [["No.", "分類", "ご意見", "本市の考え方"], ["1", "総論", *comments[0]],
                                       ["2", "総論", *comments[1]], ["1", "各論", *comments[2]], ["2", "各論", *comments[3]],
                                       ["2", "各論", *comments[4]]])
    write_table(tmp_path / "dept.csv", [["No.", "担当課", "ご意見", "回答"], ["1", "道路課", *comments[0]],
                                        ["2", "道路課", *comments[1]], ["1", "公園課", *comments[2]], ["2", "公園課", *comments[3]]])
    write_table(tmp_path / "uketsuke.csv", [["受付番号", "ご意見", "市の考え方"], ["1", *comments[0]], ["1", *comments[1]],
                                            ["1", *comments[2]], ["2", *comments[3]], ["2", *comments[4]]])
    [cat] = read_document(tmp_path / "cat.csv")
    [dept] = read_document(tmp_path / "dept.csv")
    [sender] = read_document(tmp_path / "uketsuke.csv")
    assert ([item.no for item in cat.items], [item.extra for item in cat.items][:1]) == (
        ["1", "2", "1", "2", "2"], [{"分類": "総論"}])
    assert (cat.warnings, dept.warnings) == ((f"No.2 が2回出てきます（5行目、6行目）。{_REPEATED}",), ())
    assert ([item.no for item in sender.items], sender.warnings) == (["1", "1", "1", "2", "2"], ())


def test_numbering_restarted_per_heading_sheet_or_title_repeats_nothing(tmp_path) -> None:
    """As in a published table, numbering from 1 again under each heading row, on each sheet or under each 件名 is
    no repeated No.; a No. repeated under one heading of one sheet is named with the sheet."""
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "前半"
    for row in (["No.", "ご意見", "市の考え方"], ["１　計画全体について", None, None], [1, "賛成。", "感謝します。"],
                [2, "反対。", "承ります。"], ["２　各論", None, None], [1, "除雪を。", "対応します。"], [1, "排雪を。", "検討します。"]):
        first.append(row)
    second = book.create_sheet("後半")
    for row in (["No.", "ご意見", "市の考え方"], [1, "本を。", "購入します。"], [2, "席を。", "増やします。"]):
        second.append(row)
    book.save(tmp_path / "sections.xlsx")
    [document] = read_document(tmp_path / "sections.xlsx")
    assert [(item.no, item.topic) for item in document.items] == [
        ("1", "計画全体について"), ("2", "計画全体について"), ("1", "各論"), ("1", "各論"), ("1", "後半"), ("2", "後半")]
    assert document.warnings == (f"No.1 が2回出てきます（シート「前半」6行目、シート「前半」7行目）。{_REPEATED}",)
    write_csv(tmp_path / "titles.csv", ROWS, "utf-8")
    assert [d.warnings for d in read_document(tmp_path / "titles.csv")] == [(), ()]


def test_tag_like_text_a_citizen_typed_is_kept(tmp_path) -> None:
    """Review 262 (notebooks, aside): 「a<b>c」 was read as a cell of HTML and stored 「ac」, 「x<y かつ y>z」 lost
    「<y かつ y>」, and 「<script>」 went; in a cell of HTML (a 「<br>」) a 「<」 that begins no tag is the writer's text."""
    rows = [["No.", "ご意見", "本市の考え方"],
            ["1", "a<b>c の扱い、x<y かつ y>z のとき <script> は?", "回答します。"],
            ["2", "条件 x<y の場合。<br>次の段落 <script>alert(1)</script>。", "<b>重要</b>：対応します。"]]
    write_csv(tmp_path / "staff.csv", rows, "utf-8")
    [document] = read_document(tmp_path / "staff.csv")
    assert [(i.comment, i.answer_paragraphs) for i in document.items] == [
        ("a<b>c の扱い、x<y かつ y>z のとき <script> は?", ("回答します。",)),
        ("条件x<yの場合。\n次の段落alert(1)。", ("重要：対応します。",))]


def _dated_book(path, rows, formats: dict[str, str], merge: str | None = None) -> None:
    """A sheet of ``rows`` (the first row of a published table's title merged across ``merge``), its cells in
    ``formats`` given that number format, as Excel saves a 「4-1」 typed into a cell (a date, shown 「4/1」 or 「1-Apr」)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "回答"
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    for cell, number_format in formats.items():
        sheet[cell].number_format = number_format
    book.save(path)


def test_a_staff_sheets_no_that_excel_made_a_date_is_read_back_as_typed_and_named(tmp_path) -> None:
    """Review s49 #1: 「4-1」 typed into the No. column is saved by Excel as April 1 of this year; it was read as the No.
    「2026-04-01 00:00:00」 in silence. A date whose format shows no year is the No. typed, month-day, and named; a date
    showing its year is kept as read and named; a date in the 日付 column stays a date."""
    import datetime as dt

    path = tmp_path / "dated.xlsx"
    april = dt.datetime(2026, 4, 1)
    _dated_book(path, [["No.", "ご意見", "本市の考え方", "日付"], ["4", "夜も開けて。", "検討します。", april],
                       [april, "土日も。", "開館しています。"], [dt.datetime(2026, 6, 12), "駐車場。", "難しい状況です。"],
                       [dt.datetime(2026, 7, 3), "書架。", "増やします。"], [dt.datetime(2025, 5, 1), "昼も。", "開館しています。"]],
                {"D2": "m/d", "A3": "m/d", "A4": "d-mmm", "A5": 'm"月"d"日"', "A6": "yyyy/m/d"})
    [document] = read_document(path)
    assert [(i.no, i.comment, i.positional) for i in document.items] == [
        ("4", "夜も開けて。", False), ("4-1", "土日も。", False), ("6-12", "駐車場。", False), ("7-3", "書架。", False),
        ("2025-05-01 00:00:00", "昼も。", False)]
    assert (document.meta.period_start, document.meta.period_end) == ("2026-04-01", "2026-04-01")
    assert document.warnings == (
        "No. の列に、日付として保存されたセルがあります（Excel が「4-1」などの番号を日付に変えたもの）。No.4-1（3行目）、"
        "No.6-12（4行目）、No.7-3（5行目）として読みました。原本の No. と合っているか確認してください。",
        "No. の列に、年の入った日付のセルがあります（「2025/5/1」（6行目））。番号ではありませんが、読んだまま No. "
        "としました。原本を確認してください。")


def test_a_published_workbooks_no_that_excel_made_a_date_is_read_back_as_typed_and_named(tmp_path) -> None:
    """As in a staff sheet: 「4-1」 saved as a date had been the No. 「2026年04月01日」; a date in another column (該当箇所)
    stays as it was read."""
    import datetime as dt

    path = tmp_path / "published.xlsx"
    april = dt.datetime(2026, 4, 1)
    _dated_book(path, [["図書館計画に対する意見募集の結果"], ["No.", "該当箇所", "ご意見", "本市の考え方"],
                       ["4", april, "夜も開けて。", "検討します。"], [april, "", "土日も。", "開館しています。"],
                       [dt.datetime(2025, 5, 1), "", "昼も。", "開館しています。"], ["6-1", "", "書架。", "増やします。"]],
                {"B3": "m/d", "A4": "d-mmm", "A5": "yyyy/m/d"}, merge="A1:D1")
    [document] = read_document(path)
    assert document.meta.kind == "table"
    assert [(i.no, i.comment, i.extra) for i in document.items] == [
        ("4", "夜も開けて。", {"該当箇所": "2026年04月01日"}), ("4-1", "土日も。", {}), ("2025年05月01日", "昼も。", {}),
        ("6-1", "書架。", {})]
    assert document.warnings == (
        "No. の列に、日付として保存されたセルがあります（Excel が「4-1」などの番号を日付に変えたもの）。No.4-1（シート「回答」の"
        "4行目）として読みました。原本の No. と合っているか確認してください。",
        "No. の列に、年の入った日付のセルがあります（「2025/5/1」（シート「回答」の5行目））。番号ではありませんが、読んだまま "
        "No. としました。原本を確認してください。")


def test_a_published_workbooks_no_made_a_date_under_a_long_preamble_is_read_back_as_typed(tmp_path) -> None:
    """The header in row 21, under a preamble whose two lines 「ご意見の概要」 over 「本市の考え方」 (one cell each, in one
    column) are no header on two rows: its No. column is found, and 「4-1」 saved as a date is read back (it had been
    「2026年04月01日」: the header was looked for in the top 16 rows only)."""
    import datetime as dt

    path = tmp_path / "published.xlsx"
    preamble = [["図書館計画に対する意見募集の結果"], ["１　意見募集の概要"], ["ご意見の概要"], ["本市の考え方"]]
    preamble += [[f"※注記{row}"] if row % 2 else [] for row in range(5, 21)]
    _dated_book(path, preamble + [["No.", "ご意見", "本市の考え方"], ["4", "夜も開けて。", "検討します。"],
                                  [dt.datetime(2026, 4, 1), "土日も。", "開館しています。"]], {"A23": "d-mmm"}, merge="A1:C1")
    [document] = read_document(path)
    assert document.meta.kind == "table"
    assert [(i.no, i.comment) for i in document.items] == [("4", "夜も開けて。"), ("4-1", "土日も。")]
    assert document.warnings == (
        "No. の列に、日付として保存されたセルがあります（Excel が「4-1」などの番号を日付に変えたもの）。No.4-1（シート「回答」の"
        "23行目）として読みました。原本の No. と合っているか確認してください。",)


def _as_japanese_excel_saves(source, target) -> None:
    """``target``: the workbook ``source`` with its 「m"月"d"日"」 and 「yyyy"年"m"月"d"日"」 formats written as Excel in
    Japanese writes them, by their built-in ids alone (56, 31), which openpyxl knows no code for."""
    import re
    import zipfile

    builtin = {'m&quot;月&quot;d&quot;日&quot;'.encode(): b"56", 'yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;'.encode(): b"31"}
    with zipfile.ZipFile(source) as book, zipfile.ZipFile(target, "w") as copy:
        for member in book.namelist():
            data = book.read(member)
            if member == "xl/styles.xml":
                custom = dict(re.findall(rb'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', data))
                data = re.sub(rb"<numFmts.*?</numFmts>", b"", data)
                for number, code in custom.items():
                    data = data.replace(b'numFmtId="' + number + b'"', b'numFmtId="' + builtin.get(code, b"0") + b'"')
            copy.writestr(member, data)


@pytest.mark.parametrize("published", [False, True])
def test_a_no_that_japanese_excel_made_a_date_of_a_builtin_format_is_read_back_as_typed(tmp_path, published) -> None:
    """Excel in Japanese saves 「4-1」 typed as 4月1日 in its built-in format 56, which openpyxl reads as the number
    46113; the No. was 「46113」. A date in format 31 (yyyy"年"m"月"d"日") is kept as read, and named."""
    import datetime as dt

    rows = [["No.", "ご意見", "本市の考え方"], [dt.datetime(2026, 4, 1), "土日も。", "開館しています。"],
            [dt.datetime(2025, 5, 1), "昼も。", "開館しています。"], ["3", "書架。", "増やします。"]]
    top = 2 if published else 1
    _dated_book(tmp_path / "made.xlsx", [["図書館計画に対する意見募集の結果"], *rows] if published else rows,
                {f"A{top + 1}": 'm"月"d"日"', f"A{top + 2}": 'yyyy"年"m"月"d"日"'}, merge="A1:C1" if published else None)
    _as_japanese_excel_saves(tmp_path / "made.xlsx", tmp_path / "saved.xlsx")
    [document] = read_document(tmp_path / "saved.xlsx")
    place = "シート「回答」の" if published else ""
    assert (document.meta.kind, [(i.no, i.comment) for i in document.items]) == (
        "table" if published else "spreadsheet", [("4-1", "土日も。"), ("45778", "昼も。"), ("3", "書架。")])
    assert document.warnings == (
        "No. の列に、日付として保存されたセルがあります（Excel が「4-1」などの番号を日付に変えたもの）。"
        f"No.4-1（{place}{top + 1}行目）として読みました。原本の No. と合っているか確認してください。",
        f"No. の列に、年の入った日付のセルがあります（「2025年5月1日」（{place}{top + 2}行目））。番号ではありませんが、読んだまま No. "
        "としました。原本を確認してください。")


@pytest.mark.parametrize("published", [False, True])
@pytest.mark.parametrize("number_format, japanese", [("m/d", False), ("d-mmm", False), ('m"月"d"日"', False),
                                                     ('m"月"d"日"', True), ("yyyy/m/d", False)])
def test_whole_nos_in_a_date_format_are_read_as_the_numbers_typed(tmp_path, published, number_format, japanese) -> None:
    """Review s49: the Nos. 1, 2, 3 typed into a No. column formatted as a date (「m/d」, or Excel in Japanese's built-in
    56) are dates of 1900, which Excel never gives a 「4-1」 typed; they had become 「1-1」, 「1-2」, 「1-3」 (and before
    that 「1900-01-01 00:00:00」, 「1900年01月01日」). They are read as the numbers, without a warning; a 「4-1」 Excel
    made a date beside them is still read back and named."""
    import datetime as dt

    rows = [["No.", "ご意見", "本市の考え方"], [1, "夜も開けて。", "検討します。"], [2, "土日も。", "開館しています。"],
            [366, "駐車場。", "難しい状況です。"], [dt.datetime(2026, 4, 1), "書架。", "増やします。"]]
    top = 2 if published else 1
    _dated_book(tmp_path / "made.xlsx", [["図書館計画に対する意見募集の結果"], *rows] if published else rows,
                {f"A{top + n}": number_format for n in (1, 2, 3)} | {f"A{top + 4}": 'm"月"d"日"' if japanese else "m/d"},
                merge="A1:C1" if published else None)
    if japanese:
        _as_japanese_excel_saves(tmp_path / "made.xlsx", tmp_path / "saved.xlsx")
    [document] = read_document(tmp_path / ("saved.xlsx" if japanese else "made.xlsx"))
    place = "シート「回答」の" if published else ""
    assert (document.meta.kind, [i.no for i in document.items]) == (
        "table" if published else "spreadsheet", ["1", "2", "366", "4-1"])
    assert document.warnings == (
        "No. の列に、日付として保存されたセルがあります（Excel が「4-1」などの番号を日付に変えたもの）。"
        f"No.4-1（{place}{top + 4}行目）として読みました。原本の No. と合っているか確認してください。",)


@pytest.mark.parametrize("published", [False, True])
def test_nos_past_366_in_a_date_format_are_numbers_and_a_59_or_60_is_said(tmp_path, published) -> None:
    """Final reading s49: Nos. from 367 on typed into a No. column formatted 「m/d」 are dates of 1901 and later, which
    had been read back as 「1-1」, 「2-3」 with the warning that Excel made them of 「4-1」; any date before 2000 is a
    number (Excel gives a 「4-1」 typed the year it is typed in). openpyxl reads Excel's 60 (its 29 February 1900) as
    the 28th, as it reads 59: both read 「59」 as before, now said rather than left to the repeated No.'s warning."""
    rows = [["No.", "ご意見", "本市の考え方"], *[[n, f"意見{n}。", f"回答{n}。"] for n in (58, 59, 60, 61, 367, 400, 3000)]]
    top = 2 if published else 1
    _dated_book(tmp_path / "made.xlsx", [["図書館計画に対する意見募集の結果"], *rows] if published else rows,
                {f"A{top + n}": "m/d" for n in range(1, 8)}, merge="A1:C1" if published else None)
    [document] = read_document(tmp_path / "made.xlsx")
    place = "シート「回答」の" if published else ""
    assert [(i.no, i.comment) for i in document.items] == [
        ("58", "意見58。"), ("59", "意見59。"), ("59", "意見60。"), ("61", "意見61。"), ("367", "意見367。"),
        ("400", "意見400。"), ("3000", "意見3000。")]
    said = (f"No. の列の日付の書式のセル（{place}{top + 2}行目、{place}{top + 3}行目）は、59 か 60 かを読み分けられないため"
            "（Excel が数える1900年2月29日は実在しない日です）、No.59 として読みました。原本の No. を確認してください。")
    repeated = ("No.59 が2回出てきます（表の2行目、表の3行目）。" if published else "No.59 が2回出てきます（3行目、4行目）。")
    assert sorted(document.warnings) == sorted(
        [said, repeated + "同じ番号のまま別々の項目として読みました。原本を確認してください。"])


@pytest.mark.parametrize("published", [False, True])
def test_a_date_of_1999_showing_its_year_in_the_no_column_is_said_as_a_date(tmp_path, published) -> None:
    """Last reading s49: with every date before 2000 read as a number, a real date of 1999 under 「yyyy/m/d」 became the
    No. 「36251」 in silence; only a format without a year makes such a date a number typed."""
    import datetime as dt

    rows = [["No.", "ご意見", "本市の考え方"], [dt.datetime(1999, 4, 1), "夜も開けて。", "検討します。"]]
    top = 2 if published else 1
    _dated_book(tmp_path / "made.xlsx", [["図書館計画に対する意見募集の結果"], *rows] if published else rows,
                {f"A{top + 1}": "yyyy/m/d"}, merge="A1:C1" if published else None)
    [document] = read_document(tmp_path / "made.xlsx")
    place = "シート「回答」の" if published else ""
    assert "36251" not in [i.no for i in document.items]
    assert document.warnings == (f"No. の列に、年の入った日付のセルがあります（「1999/4/1」（{place}{top + 1}行目））。番号ではありませんが、"
                                 "読んだまま No. としました。原本を確認してください。",)


def test_a_long_staff_sheet_with_a_date_column_keeps_nothing_in_the_frames_attrs(tmp_path) -> None:
    """Review s49: the sheet's date cells kept in ``frame.attrs`` were deep-copied by pandas into every row taken from
    the frame, so a staff sheet of 2,000 rows with a 日付 column took 98 s instead of 5. The frame's attrs stay empty
    (the hidden rows and date cells come beside it) and every No. is read."""
    import datetime as dt

    from openpyxl import Workbook

    from assistant.readers.hygiene import no_of_date
    from assistant.readers.spreadsheet import load_frame

    book = Workbook()
    sheet = book.active
    sheet.append(["No.", "ご意見", "本市の考え方", "日付"])
    for number in range(1, 2001):
        sheet.append([number, f"意見{number}です。", f"回答{number}です。",
                      dt.datetime(2026, 1, 1) + dt.timedelta(days=number % 300)])
        sheet.cell(row=number + 1, column=4).number_format = "yyyy/m/d"
    sheet.row_dimensions[3].hidden = True
    path = tmp_path / "long.xlsx"
    book.save(path)
    hidden: set[int] = set()
    dates: dict = {}
    assert load_frame(path, None, 0, hidden, dates).attrs == {}
    assert (hidden, len(dates), no_of_date(dates[(2, 3)])) == ({3}, 2000, ("dated", "2026/1/2"))  # the 日付 column's
    [document] = read_document(path)
    assert [i.no for i in document.items] == ["1", *map(str, range(3, 2001))]
    assert document.warnings == (
        "非表示の行 1 行（3行目）は読みませんでした。必要なら Excel で再表示してから取り込んでください。",)


_RESULT = "○○計画（案）に対する意見募集の結果について"
_TWO_ANSWERS = [["No.", "ご意見の概要", "本市の考え方"], [1, "料金を下げてほしい。", "経営努力に努めます。"],
                [2, "耐震化を進めてほしい。", "計画的に進めます。"]]


@pytest.mark.parametrize(("above", "title"), [
    ([["資料2"], [_RESULT, "令和6年3月"]], _RESULT),
    ([["資料2"], [_RESULT, "令和6年3月"], [], ["区分", "ご意見", "本市の対応"], ["反映", "1件", "修正"],
      ["計", "2件", None]], _RESULT),
    ([["都市計画課"], ["件名", "○○計画（案）に対する意見募集の結果"]], "都市計画課件名○○計画（案）に対する意見募集の結果"),
], ids=["line-over-title-and-date", "line-over-title-and-date-over-a-summary", "line-over-a-labelled-title"])
def test_xlsx_a_line_over_a_title_row_of_two_cells_keeps_the_title(tmp_path, above, title) -> None:
    """The title was looked for above the first row of several cells on every sheet (for a summary table passed over
    for the header): under a line 「資料2」 the title row 「…の結果について｜令和6年3月」 was lost, the file name the title,
    and under 「都市計画課」 the title was 「都市計画課」, silently. The cut is made over a summary only, and never at a
    title and its date (「…の結果について｜令和6年3月」, read as a title and a date); else every line above the header is
    searched, as before."""
    from openpyxl import Workbook

    book = Workbook()
    for row in [*above, [], *_TWO_ANSWERS]:
        book.active.append(row)
    book.save(tmp_path / "kekka.xlsx")
    [document] = read_document(tmp_path / "kekka.xlsx")
    assert (document.meta.kind, document.meta.title) == ("spreadsheet", title)
    assert document.meta.declared_count == (2 if len(above) > 2 else None)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "料金を下げてほしい。", "経営努力に努めます。"), ("2", "耐震化を進めてほしい。", "計画的に進めます。")]
    assert document.warnings == ()
