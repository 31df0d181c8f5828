"""Results published one comment after another without item numbers: 【意見】/【市の考え方】, ご意見：/回答：,
headings alone on a line, and Word tables whose rows (or small tables) are labelled 意見 / 回答."""

from __future__ import annotations

import pytest
from docx import Document

from assistant.errors import NoContentError
from assistant.readers import read_document
from assistant.readers.grid import Line
from assistant.readers.vertical import read_vertical

TITLE = "図書館計画（素案）に対する意見募集の結果について"
PERIOD = "意見募集期間　令和6年5月1日（水）～令和6年5月31日（金）"
COMMENTS = [
    ("開館時間を夜9時まで延長してほしい。", ("夜間開館については、利用状況を踏まえて検討します。", "当面は、金曜日の開館時間を午後8時まで延長します。")),
    ("駐車場が狭く、週末は満車で利用できない。", ("駐車場の拡張は敷地の制約から難しい状況です。",)),
    ("電子書籍の貸出サービスを拡充してほしい。", ("令和7年度から蔵書数を倍増する計画です。",)),
]
EXPECTED = [(str(no), comment, answer) for no, (comment, answer) in enumerate(COMMENTS, start=1)]
ASSIGNED = "この文書には意見の番号がないため、掲載順に 1〜3 の番号を付けました。"


def one(path):
    [document] = read_document(path)
    return document


def items(document):
    return [(item.no, item.comment, item.answer_paragraphs) for item in document.items]


def write_text(tmp_path, lines, declared=3):
    path = tmp_path / "result.txt"
    path.write_text("\n".join([TITLE, "", PERIOD, f"意見総数　{declared}件", "", *lines]) + "\n", encoding="utf-8")
    return path


def test_bracket_labels_in_a_text_file(tmp_path) -> None:
    lines = []
    for comment, answer in COMMENTS:
        lines += [f"【意見】{comment}", f"【市の考え方】{answer[0]}", *answer[1:]]
    document = one(write_text(tmp_path, [*lines, "以上", "問い合わせ先　中央図書館　011-000-0000"]))
    assert items(document) == EXPECTED
    assert document.meta.kind == "labeled"
    assert (document.meta.title, document.meta.declared_count, document.meta.period_start) == (TITLE, 3, "2024-05-01")
    assert document.warnings == (ASSIGNED,)


def test_a_field_label_between_comment_and_answer_is_kept_apart_from_both(tmp_path) -> None:
    lines = []
    for (comment, answer), kind in zip(COMMENTS, "BCA"):
        lines += ["【意見】", comment, f"【対応区分】{kind}", "【市の考え方】", *answer]
    document = one(write_text(tmp_path, lines))
    assert items(document) == EXPECTED
    assert [item.extra for item in document.items] == [{"対応区分": "B"}, {"対応区分": "C"}, {"対応区分": "A"}]


def test_a_field_label_above_each_comment_is_that_comments(tmp_path) -> None:
    lines = []
    for (comment, answer), where in zip(COMMENTS, ("第2章", "第3章", "第4章")):
        lines += [f"【該当箇所】{where}", f"【意見】{comment}", f"【市の考え方】{answer[0]}", *answer[1:]]
    document = one(write_text(tmp_path, lines))
    assert items(document) == EXPECTED
    assert [item.extra for item in document.items] == [{"該当箇所": "第2章"}, {"該当箇所": "第3章"}, {"該当箇所": "第4章"}]


def test_a_legend_above_the_comments_and_fields_after_each_answer(tmp_path) -> None:
    """A legend under the title made every 対応区分 the next item's (the legend item 1's, the last one lost)."""
    lines = ["【対応区分】A：反映する　B：既に盛り込み済み　C：参考とする"]
    for (comment, answer), where, kind in zip(COMMENTS, ("第2章", "第3章", "第4章"), "CDA"):
        lines += [f"【該当箇所】{where}", f"【意見】{comment}", f"【市の考え方】{answer[0]}", *answer[1:], f"【対応区分】{kind}"]
    document = one(write_text(tmp_path, lines))
    assert items(document) == EXPECTED
    assert [item.extra for item in document.items] == [{"該当箇所": "第2章", "対応区分": "C"}, {"該当箇所": "第3章", "対応区分": "D"},
                                                       {"該当箇所": "第4章", "対応区分": "A"}]


def test_a_paragraph_that_mentions_an_enquiry_stays_in_its_comment(tmp_path) -> None:
    """Only the page's own contact line (「このページに関するお問い合わせ：…」) ends the last answer; a citizen's
    「この件について問い合わせたところ…」 is part of the comment."""
    enquiry = "この件について問い合わせたところ、担当課から回答がなかった。"
    lines = ["【意見】開館時間を夜9時まで延長してほしい。", enquiry, "【市の考え方】検討します。",
             "【意見】駐車場が狭い。", "【市の考え方】拡張は難しい状況です。", "このページに関するお問い合わせ：中央図書館"]
    document = one(write_text(tmp_path, lines, declared=2))
    assert items(document) == [("1", "開館時間を夜9時まで延長してほしい。\n" + enquiry, ("検討します。",)),
                               ("2", "駐車場が狭い。", ("拡張は難しい状況です。",))]


def test_numbers_alone_on_their_lines_and_numbered_headings_stay_out_of_the_answers(tmp_path) -> None:
    """「2」 alone above 【意見】 and 「２　蔵書について」 above 「3」: they were the last paragraphs of the answers before."""
    lines = ["１　開館時間について", "1", "【意見】夜も開けて。", "【市の考え方】検討します。", "2", "【意見】日曜も。",
             "【市の考え方】併せて検討します。", "【意見】祝日も。", "【市の考え方】実施します。", "", "２　蔵書について", "3",
             "【意見】絵本を増やして。", "【市の考え方】充実させます。"]
    document = one(write_text(tmp_path, lines, declared=4))
    assert [(i.topic, i.comment, i.answer_paragraphs) for i in document.items] == [
        ("開館時間について", "夜も開けて。", ("検討します。",)), ("開館時間について", "日曜も。", ("併せて検討します。",)),
        ("開館時間について", "祝日も。", ("実施します。",)), ("蔵書について", "絵本を増やして。", ("充実させます。",))]


def test_colon_labels_and_the_count_warning(tmp_path) -> None:
    """ご意見：/回答： (and 本市の考え方：) with full-width colons; four declared, three read: the count warning."""
    lines = []
    for index, (comment, answer) in enumerate(COMMENTS):
        label = "本市の考え方" if index == 1 else "回答"
        lines += [f"ご意見：{comment}", f"{label}：{answer[0]}", *answer[1:]]
    document = one(write_text(tmp_path, lines, declared=4))
    assert items(document) == EXPECTED
    assert document.warnings[0] == ASSIGNED
    assert document.warnings[1].startswith("文書に記載の意見総数は4件ですが、表から読み取れた項目は3件です。")


def test_headings_alone_on_their_lines_in_word(tmp_path) -> None:
    word = Document()
    word.add_paragraph(TITLE, style="Title")
    word.add_paragraph(PERIOD)
    for comment, answer in COMMENTS:
        word.add_paragraph("意見")
        word.add_paragraph(comment)
        word.add_paragraph("市の考え方")
        for paragraph in answer:
            word.add_paragraph(paragraph)
    word.save(tmp_path / "headings.docx")
    document = one(tmp_path / "headings.docx")
    assert items(document) == EXPECTED
    assert (document.meta.kind, document.meta.title, document.meta.period_end) == ("labeled", TITLE, "2024-05-31")


def test_a_comment_without_an_answer_is_kept_with_a_warning(tmp_path) -> None:
    lines = ["【意見】開館時間を延ばしてほしい。", "【回答】検討します。", "【意見】駐車場が狭い。",
             "【意見】電子書籍を増やしてほしい。", "【回答】倍増します。"]
    document = one(write_text(tmp_path, lines))
    assert items(document) == [("1", "開館時間を延ばしてほしい。", ("検討します。",)), ("2", "駐車場が狭い。", ()),
                               ("3", "電子書籍を増やしてほしい。", ("倍増します。",))]
    assert document.warnings == (ASSIGNED, "No.2: 回答（考え方）の欄が空です。原本を確認してください。")


def test_numbers_in_the_labels_are_kept(tmp_path) -> None:
    lines = ["【意見1】開館時間を延ばしてほしい。", "【回答1】検討します。", "【意見2】駐車場が狭い。", "【回答2】拡張は難しい状況です。"]
    document = one(write_text(tmp_path, lines, declared=2))
    assert [(item.no, item.comment, item.answer) for item in document.items] == [
        ("1", "開館時間を延ばしてほしい。", "検討します。"), ("2", "駐車場が狭い。", "拡張は難しい状況です。")]
    assert document.warnings == ()


def _word_title(word: Document) -> None:
    word.add_paragraph(TITLE, style="Title")
    word.add_paragraph(PERIOD)
    word.add_paragraph("意見提出者数　2人　意見総数　3件")


def _fill(cell, paragraphs) -> None:
    cell.text = paragraphs[0]
    for paragraph in paragraphs[1:]:
        cell.add_paragraph(paragraph)


@pytest.mark.parametrize("numbered", [False, True])
def test_word_table_rows_alternate_comment_and_answer(tmp_path, numbered: bool) -> None:
    """One table, a 意見 row then a 市の考え方 row per comment (the label in the first column, or after a
    No. cell merged down over both rows, which then gives the published number)."""
    word = Document()
    _word_title(word)
    table = word.add_table(rows=0, cols=3 if numbered else 2)
    for no, (comment, answer) in enumerate(COMMENTS, start=1):
        upper, lower = table.add_row().cells, table.add_row().cells
        if numbered:
            upper[0].text = str(no)
            lower[0].merge(upper[0])
            upper, lower = upper[1:], lower[1:]
        upper[0].text, lower[0].text = "意見", "市の考え方"
        _fill(upper[1], [comment])
        _fill(lower[1], answer)
    word.save(tmp_path / "rows.docx")
    document = one(tmp_path / "rows.docx")
    assert items(document) == EXPECTED
    assert (document.meta.title, document.meta.declared_count) == (TITLE, 3)
    assert document.warnings == (() if numbered else (ASSIGNED,))


def test_word_one_small_table_per_comment(tmp_path) -> None:
    word = Document()
    _word_title(word)
    for comment, answer in COMMENTS:
        table = word.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(1, 0).text = "ご意見", "本市の考え方"
        _fill(table.cell(0, 1), [comment])
        _fill(table.cell(1, 1), answer)
        word.add_paragraph("")
    word.save(tmp_path / "each.docx")
    document = one(tmp_path / "each.docx")
    assert items(document) == EXPECTED
    assert document.meta.kind == "table"
    assert document.warnings == (ASSIGNED,)


def test_numbered_heading_above_the_comment_label_is_the_topic(tmp_path) -> None:
    """「１　開館時間について」 then 「（意見の概要）」: numbered Q&A keeps the heading as the topic, not in the comment."""
    lines = ["１　開館時間について", "（意見の概要）", "開館時間を延ばしてほしい。", "（市の考え方）", "検討します。",
             "２　駐車場について", "（意見の概要）", "駐車場が狭い。", "（市の考え方）", "拡張は難しい状況です。"]
    document = one(write_text(tmp_path, lines, declared=2))
    assert document.meta.kind == "qa"
    assert [(item.no, item.topic, item.comment, item.answer) for item in document.items] == [
        ("1", "開館時間について", "開館時間を延ばしてほしい。", "検討します。"),
        ("2", "駐車場について", "駐車場が狭い。", "拡張は難しい状況です。")]


def test_a_label_mid_line_does_not_split() -> None:
    """Only a label at the start of a line counts: 【市の考え方】 inside a comment stays in the comment."""
    found = read_vertical([Line(text) for text in (
        "【意見】市の計画には【市の考え方】が書かれていないので、ご意見：として申し上げます。",
        "【市の考え方】計画の第2章に考え方を記載しています。")])
    assert [(item.no, item.comment, item.answer) for item in found.items] == [
        ("1", "市の計画には【市の考え方】が書かれていないので、ご意見：として申し上げます。", "計画の第2章に考え方を記載しています。")]


def test_prose_mentioning_opinions_is_not_read_as_comments(tmp_path) -> None:
    lines = ["市民の皆様からいただいたご意見：については、市の考え方とあわせて公表します。",
             "多くの意見が寄せられ、回答：を準備しています。", "意見募集期間中の説明会では、市の考え方を説明しました。"]
    with pytest.raises(NoContentError):
        one(write_text(tmp_path, lines))
    assert read_vertical([Line(text) for text in lines]).items == []


def test_review_cases_以上_sentence_kept_title_above_the_labels_and_a_summary_table_loses_to_the_text(tmp_path) -> None:
    from docx import Document

    from assistant.readers import read_document

    path = tmp_path / "labelled.txt"
    path.write_text("意見募集の結果\n【意見】開館時間を延ばして。\n【市の考え方】検討します。\n以上のことから、原案のとおりとします。\n"
                    "【意見】駐車場が狭い。\n【市の考え方】難しい状況です。\n", encoding="utf-8")
    [document] = read_document(path)
    assert document.meta.title == "意見募集の結果"
    assert [item.answer_paragraphs for item in document.items] == [
        ("検討します。", "以上のことから、原案のとおりとします。"), ("難しい状況です。",)]

    word = Document()
    word.add_paragraph("図書館計画に対する意見募集の結果")
    table = word.add_table(rows=2, cols=2)
    for row, (label, text) in zip(table.rows, [("意見", "3件（2人）"), ("対応", "修正1件、修正なし2件")]):
        row.cells[0].text, row.cells[1].text = label, text
    for comment, answer in (("夜も開けて。", "検討します。"), ("駐車場が狭い。", "難しい状況です。"), ("本を増やして。", "増やします。")):
        word.add_paragraph(f"【意見】{comment}")
        word.add_paragraph(f"【市の考え方】{answer}")
    word.save(tmp_path / "summary.docx")
    [document] = read_document(tmp_path / "summary.docx")
    assert [item.comment for item in document.items] == ["夜も開けて。", "駐車場が狭い。", "本を増やして。"]


def test_review_cases_a_list_in_an_answer_and_a_section_after_the_last_answer(tmp_path) -> None:
    from assistant.readers import read_document

    path = tmp_path / "labelled.txt"
    path.write_text("意見募集の結果\n【意見】自転車が多い。\n【市の考え方】次の取組を進めます。\n（１）駐輪場の増設\n（２）案内表示の改善\n"
                    "【意見】駐車場が狭い。\n【市の考え方】拡張は難しい状況です。\n３ 今後の予定\n令和7年4月に計画を策定します。\n",
                    encoding="utf-8")
    [document] = read_document(path)
    assert [(item.topic, item.answer_paragraphs) for item in document.items] == [
        (None, ("次の取組を進めます。", "（１）駐輪場の増設", "（２）案内表示の改善")), (None, ("拡張は難しい状況です。",))]


def test_word_label_tables_keep_headings_as_topics_and_say_where_text_outside_them_went(tmp_path) -> None:
    """Headings above a comment's table are its topic; a paragraph between two tables continues the
    answer above it, and a note in a table of its own after the last answer stays out; both are said."""
    word = Document()
    word.add_paragraph("〇〇計画に対する意見募集の結果")

    def labelled(comment: str, answer: str) -> None:
        table = word.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "意見", comment
        table.cell(1, 0).text, table.cell(1, 1).text = "回答", answer

    word.add_paragraph("１ 施設について")
    labelled("開館時間を延ばしてほしい。", "検討します。")
    word.add_paragraph("なお、同趣旨のご意見が他に3件あり、上記の回答のとおりです。")
    word.add_paragraph("２ 駐車場について")
    labelled("駐車場が狭い。", "拡張は難しい状況です。")
    word.add_table(rows=1, cols=1).cell(0, 0).text = "※ ご意見は要約して掲載しています。"
    word.save(tmp_path / "labels.docx")
    document = one(tmp_path / "labels.docx")
    assert [(item.no, item.topic, item.comment, item.answer_paragraphs) for item in document.items] == [
        ("1", "施設について", "開館時間を延ばしてほしい。", ("検討します。", "なお、同趣旨のご意見が他に3件あり、上記の回答のとおりです。")),
        ("2", "駐車場について", "駐車場が狭い。", ("拡張は難しい状況です。",)),
    ]
    assert document.warnings == (
        "表の外の文「なお、同趣旨のご意見が他に3件あり、上記…」は、直前の回答の続きとして読みました。原本を確認してください。",
        "最後の回答の後の文「※ご意見は要約して掲載しています。…」（計1段落）は項目に含めていません。原本を確認してください。",
        "この文書には意見の番号がないため、掲載順に 1〜2 の番号を付けました。",
    )


def test_a_numbered_heading_right_above_each_comment_label_gives_its_number(tmp_path) -> None:
    """「意見1」 (a heading) then 「ご意見」 / 「市の考え方」 (a <dl> or <details> per comment): No. 1, 2, not an
    empty comment for each heading (they came 2, 4 with empty-comment warnings)."""
    path = tmp_path / "kekka.txt"
    path.write_text("自転車計画に対するご意見と市の考え方\n意見1\nご意見\n駐輪場を増やして。\n市の考え方\n増やします。\n"
                    "意見2\nご意見\n自転車道を。\n市の考え方\n整備します。\n", encoding="utf-8")
    document = one(path)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "駐輪場を増やして。", "増やします。"), ("2", "自転車道を。", "整備します。")]
    assert document.warnings == ()
