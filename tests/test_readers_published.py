"""Word and PDF as cities make them (fixtures from scripts/make_fixtures.py), web pages and published Excel.

The five seeds printed to .docx and to PDF must give the same items as their text versions; the
layout variants pin merged answers, group headings with restarting numbers, rows split by page
breaks, a Word table split in two, page headers and footers, and numbered Q&A without a table.
"""

from __future__ import annotations

import base64
from dataclasses import replace

from collections import Counter

import pytest
from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Font

from assistant.errors import NoContentError, UnknownEncodingError
from assistant.ingest import ingest
from assistant.readers import excel, read_document
from assistant.settings import REPO_ROOT
from assistant.textnorm import normalize
from tests.conftest import SEEDS

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "published"
FORMATS = ("docx", "pdf")


def one(path):
    [document] = read_document(path)
    return document


def word_table(word, rows: list[list[str]]):
    """A table of plain text cells added to a python-docx document."""
    table = word.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows):
        for cell, text in zip(row.cells, values):
            cell.text = text
    return table


def comparable(item):
    return item.no, normalize(item.comment), normalize(item.answer), item.topic


# --- the five seeds, printed ----------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_printed_reads_to_the_same_items_as_its_text(seed: str, fmt: str) -> None:
    text, printed = one(SEEDS[seed]), one(FIXTURES / f"seed_{seed}.{fmt}")
    assert [comparable(item) for item in printed.items] == [comparable(item) for item in text.items]
    assert printed.warnings == text.warnings
    assert (printed.meta.title, printed.meta.kind, printed.meta.period_start, printed.meta.period_end) == (
        text.meta.title, text.meta.kind, text.meta.period_start, text.meta.period_end)
    assert printed.meta.declared_count == text.meta.declared_count
    assert printed.meta.document_id == text.meta.document_id  # the PDF replaces the text version in place


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_word_keeps_every_paragraph(seed: str) -> None:
    text, word = one(SEEDS[seed]), one(FIXTURES / f"seed_{seed}.docx")
    assert [(i.comment, i.answer_paragraphs) for i in word.items] == [(i.comment, i.answer_paragraphs) for i in text.items]


def test_pdf_paragraphs_come_back_from_the_layout() -> None:
    """Paragraphs are found from where printed lines stop; a paragraph whose last line happens to be
    full is joined to the next one (2 of the 54 seed items), which the normalised text above ignores."""
    differ = []
    for seed in sorted(SEEDS):
        text, pdf = one(SEEDS[seed]), one(FIXTURES / f"seed_{seed}.pdf")
        differ += [(seed, a.no) for a, b in zip(text.items, pdf.items)
                   if (a.comment, a.answer_paragraphs) != (b.comment, b.answer_paragraphs)]
    assert differ == [("000", "9"), ("001", "5")]


def test_a_sentence_ending_one_character_short_of_the_edge_ends_its_paragraph() -> None:
    from assistant.readers.layout import TextLine, paragraphs

    def line(top: float, x1: float, text: str) -> TextLine:
        return TextLine(0.0, x1, top, top + 10.5, 10.5, text, 10.5)

    right = 105.0  # ten characters of 10.5 pt
    cell = [line(0, 105.0, "本計画では成果指標を設"), line(12, 94.5, "定しております。"),  # one character short
            line(24, 105.0, "いただいたご意見は今後"), line(36, 105.0, "の参考とさせていただき"),
            line(48, 104.9, "ます。なお、詳しくは。"),  # full, ending with a sentence: the layout cannot tell
            line(60, 31.5, "個別に。")]
    assert [text for text, _ in paragraphs(cell, right)] == [
        "本計画では成果指標を設定しております。", "いただいたご意見は今後の参考とさせていただきます。なお、詳しくは。個別に。"]


def test_pdf_row_cut_by_a_page_break_is_joined_to_its_item() -> None:
    text, pdf = one(SEEDS["000"]), one(FIXTURES / "seed_000.pdf")
    # No.3's comment is cut after 「（訪問を含」 at the foot of page 1; 「む）、…」 continues on page 2.
    assert pdf.items[2].comment == text.items[2].comment
    assert "必要とされる介護（訪問を含む）、施設の運営監査確認監視機関の設置はしているのか。" in pdf.items[2].comment
    assert pdf.items[2].page == 1
    assert [item.no for item in pdf.items] == [str(n) for n in range(1, 10)]


def test_pdf_minutes_items_know_their_page() -> None:
    minutes = one(FIXTURES / "seed_002.pdf")
    assert Counter(item.page for item in minutes.items) == {1: 2, 2: 7, 3: 8, 4: 2}


# --- layout variants ----------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_answer_cell_merged_over_three_comments(fmt: str, store) -> None:
    document = one(FIXTURES / f"merged_answer.{fmt}")
    assert [item.no for item in document.items] == ["1", "2", "3", "4", "5"]
    shared = ("本計画では、誰もが利用しやすい公園を目指し、トイレの洋式化とバリアフリー化を進めることとしています。",
              "整備の順序は、利用者の多い公園から順に検討してまいります。")
    assert [item.answer_paragraphs for item in document.items[1:4]] == [shared] * 3
    assert document.items[4].comment == "夜間の照明が暗く、防犯上不安がある。\n特に冬は日が短いので、照明を増やしてほしい。"
    assert (document.meta.declared_count, document.warnings) == (5, ())
    ingest([FIXTURES / f"merged_answer.{fmt}"], store)
    templates = {p.no: p.template_ids for p in store.precedents()}
    assert templates["2"] == templates["3"] == templates["4"]
    assert [t.n_precedents for t in store.templates() if t.id in templates["2"]] == [3, 3]


def test_an_answer_merged_over_comments_and_cut_by_a_page_break_reaches_every_comment() -> None:
    """The rows a PDF of a Word table gives when a merged answer cell (③-⑤) runs over a page break: the
    cell's text is cut, its end sits in the continuation of ④ on the next page."""
    from assistant.readers.grid import Cell, Row, read_grid

    header = Row((Cell(("No.",)), Cell(("ご意見の内容",)), Cell(("区の考え方",))), page=1, table_start=True)
    blocks = [
        header,
        Row((Cell(("③",)), Cell(("バス路線を維持してほしい。",)), Cell(("ご指摘を踏まえ、", "持続可能な公共交通ネットワークの"))), page=1),
        Row((Cell(("④",)), Cell(("周知期間が短く、意見を出し",)), Cell(merged_from_above=True)), page=1),
        replace(header, page=2),
        Row((Cell(), Cell(("にくかった。",)), Cell(("構築に努めてまいります。",))), page=2),
        Row((Cell(("⑤",)), Cell(("子育て世帯への支援を。",)), Cell(merged_from_above=True)), page=2),
        Row((Cell(("⑥",)), Cell(("脱炭素の取組を。",)), Cell(("連携します。",))), page=2),
    ]
    items = read_grid(blocks).items
    whole = ("ご指摘を踏まえ、", "持続可能な公共交通ネットワークの構築に努めてまいります。")
    assert [(i.no, i.comment, i.answer_paragraphs) for i in items] == [
        ("3", "バス路線を維持してほしい。", whole),
        ("4", "周知期間が短く、意見を出しにくかった。", whole),
        ("5", "子育て世帯への支援を。", whole),
        ("6", "脱炭素の取組を。", ("連携します。",)),
    ]


def _cut_between_rows(rest: tuple[str, ...], first: str = "ご指摘を踏まえ、持続可能な公共交通ネットワークの", own: str = "連携します。"):
    """The rows a PDF gives when a page break falls between two rows of an answer cell merged over ③-⑥: the
    comments of ⑤ and ⑥ on the next page, the rest of the cell (``rest``) in ⑤'s row as if it were ⑤'s own."""
    from assistant.readers.grid import Cell, Row, read_grid

    header = Row((Cell(("No.",)), Cell(("ご意見の内容",)), Cell(("区の考え方",))), page=1, table_start=True)
    return read_grid([
        header,
        Row((Cell(("②",)), Cell(("駅前に駐輪場を。",)), Cell(("整備します。",))), page=1),
        Row((Cell(("③",)), Cell(("バス路線を維持してほしい。",)), Cell(("ご意見として承ります。", first))), page=1),
        Row((Cell(("④",)), Cell(("周知期間が短かった。",)), Cell(merged_from_above=True)), page=1),
        replace(header, page=2),
        Row((Cell(("⑤",)), Cell(("子育て世帯への支援を。",)), Cell(rest)), page=2),
        Row((Cell(("⑥",)), Cell(("高齢者の移動支援を。",)), Cell(merged_from_above=True)), page=2),
        Row((Cell(("⑦",)), Cell(("脱炭素の取組を。",)), Cell((own,))), page=2),
    ])


def test_an_answer_merged_over_comments_and_cut_between_two_of_its_rows_reaches_every_comment() -> None:
    """The PDF cannot show the cell merged over the break: ⑤ seemed to have an answer of its own that began
    mid-sentence, ③ and ④ kept the first half. The answer above ends mid-sentence while the others end theirs, and
    the one below goes on from there: one answer, given whole to ③-⑥, and said."""
    read = _cut_between_rows(("構築に努めてまいります。", "なお、運行の詳細は事業者と協議します。"))
    whole = ("ご意見として承ります。", "ご指摘を踏まえ、持続可能な公共交通ネットワークの構築に努めてまいります。",
             "なお、運行の詳細は事業者と協議します。")
    assert [(i.no, i.answer_paragraphs) for i in read.items] == [
        ("2", ("整備します。",)), ("3", whole), ("4", whole), ("5", whole), ("6", whole), ("7", ("連携します。",))]
    assert read.warnings == [
        "p.2: No.4 の回答（考え方）は文の途中でページが変わり、No.5 の回答がその続きから始まるため、複数のご意見に共通の"
        "一つの回答がページの区切りで切れたものとみなし、つないだ回答を No.3・4・5・6 に付けました。別々の回答なら原本を"
        "確認してください。"]


def test_an_answer_ending_mid_sentence_above_one_that_opens_a_paragraph_is_kept_as_read_and_said() -> None:
    """A bullet opens the answer on the next page: maybe the rest of the cell, maybe ⑤'s own; kept, and the Nos. named."""
    read = _cut_between_rows(("・構築に努めてまいります。",))
    assert [i.answer_paragraphs for i in read.items][1:4] == [
        ("ご意見として承ります。", "ご指摘を踏まえ、持続可能な公共交通ネットワークの"),
        ("ご意見として承ります。", "ご指摘を踏まえ、持続可能な公共交通ネットワークの"), ("・構築に努めてまいります。",)]
    assert read.warnings == [
        "p.2: No.4 の回答（考え方）は文の途中でページが変わっています。No.5 の回答と一つの回答がページの区切りで切れた"
        "可能性がありますが、読み取ったまま別々の回答としました。原本を確認してください。"]


@pytest.mark.parametrize("last", ["・返却ポストの増設", "‧返却ポストの増設", "詳しくは https://www.city.example.jp/toshokan"])
def test_an_answer_ending_in_a_list_item_or_an_address_at_the_foot_of_a_page_is_no_cut_one(last: str) -> None:
    """Second reading: an ordinary answer ending with a list item (no 「。」) at the foot of a page was joined to the next
    page's first answer, and both comments got the two answers run together (Chrome writes 「・」 as 「‧」)."""
    from assistant.readers.grid import Cell, Row, read_grid

    header = Row((Cell(("No.",)), Cell(("ご意見の内容",)), Cell(("市の考え方",))), page=1, table_start=True)
    read = read_grid([
        header,
        Row((Cell(("1",)), Cell(("駐輪場を。",)), Cell(("整備します。",))), page=1),
        Row((Cell(("2",)), Cell(("図書館を。",)), Cell(("次の取組を進めます。", "・開館時間の延長の検討", last))), page=1),
        replace(header, page=2),
        Row((Cell(("3",)), Cell(("図書館4号館を。",)), Cell(("開館時間の延長を検討します。",))), page=2),
        Row((Cell(("4",)), Cell(("公園を。",)), Cell(("整備します。",))), page=2)])
    assert [i.answer_paragraphs[-1] for i in read.items] == ["整備します。", last, "開館時間の延長を検討します。", "整備します。"]
    assert read.warnings == []


def test_a_list_item_cut_mid_phrase_at_the_foot_of_a_page_is_still_a_cut_answer() -> None:
    """Second reading 114: with list items exempt, 「・持続可能な公共交通ネットワークの」 at the foot of a page was no longer
    joined to 「構築に努めてまいります。」, without a word."""
    read = _cut_between_rows(("構築に努めてまいります。",), first="・持続可能な公共交通ネットワークの")
    whole = ("ご意見として承ります。", "・持続可能な公共交通ネットワークの構築に努めてまいります。")
    assert [i.answer_paragraphs for i in read.items][1:5] == [whole] * 4
    assert len(read.warnings) == 1 and "つないだ回答を No.3・4・5・6 に付けました" in read.warnings[0]


def test_answers_written_without_a_full_stop_are_never_joined_over_a_page_break() -> None:
    """Where the answers end without 「。」, one that does at the foot of a page is no sign of a cut."""
    read = _cut_between_rows(("構築に努めてまいります",), first="ご指摘のとおり", own="連携します")
    assert [i.answer_paragraphs[-1] for i in read.items] == ["整備します。", "ご指摘のとおり", "ご指摘のとおり",
                                                              "構築に努めてまいります", "構築に努めてまいります", "連携します"]
    assert read.warnings == []


LISTED_NUMBERS = [(["1", "2", "3"], ["公園の遊具を増やしてほしい。"], ["遊具の更新にあわせて、幼児向け遊具を増設します。"]),
                  (["4"], ["公園のトイレを洋式にしてほしい。"], ["令和8年度までに全ての公園トイレを洋式化します。"]),
                  (["5", "6"], ["ボール遊びができる広場を設けてほしい。"], ["中央公園の多目的広場で、時間を区切ってボール遊びができるようにします。"])]
SHARED_OVER_A_BREAK = [
    "開館時間の延長については、利用者アンケートの結果を踏まえ、夜間の利用の見込みと必要な経費を比べながら検討します。",
    *[f"（{n}）夜間の開館に必要な職員体制と経費について、指定管理者と協議しながら、令和8年度中に方針を取りまとめてまいります。"
      for n in range(1, 5)]]


def _listed_numbers_docx():
    """同趣旨 comments answered in one row, their numbers one under another in the No. cell."""
    from scripts.make_fixtures import answer_table, headed_document

    document = headed_document("緑川市公園再整備計画（案）に対する意見募集の結果", "1 意見募集期間　令和6年7月1日（月）～令和6年7月31日（水）",
                               "2 意見総数　6件")
    answer_table(document, ["No.", "ご意見の概要", "市の考え方"], LISTED_NUMBERS, (12, 70, 88))
    return document


def _merged_over_a_break_docx():
    """An answer cell merged over No.2 and No.3, the page break falling between the two rows (the lines above the
    table push it there when LibreOffice prints it)."""
    from scripts.make_fixtures import answer_table, headed_document, merge_down

    document = headed_document(
        "緑川市立図書館運営方針（案）に対する意見募集の結果", "1 意見募集期間　令和6年10月1日（火）～令和6年10月31日（木）", "2 意見総数　4件",
        *[f"（{n}）本方針（案）について、広く市民の皆様からご意見を募集しました。" for n in range(1, 44)], "3 ご意見の概要と市の考え方")
    table = answer_table(document, ["No.", "ご意見の概要", "市の考え方"], [
        (["1"], ["駐車場を広げてほしい。"], ["隣接する市有地の活用を含め、検討してまいります。"]),
        (["2"], ["図書館の開館時間を夜9時まで延長してほしい。"], SHARED_OVER_A_BREAK),
        (["3"], ["平日の夜も図書館を利用できるようにしてほしい。"], [""]),
        (["4"], ["子ども向けの行事を増やしてほしい。"], ["毎月の読み聞かせ会に加え、夏休みの行事を充実させます。"])], (12, 70, 88))
    merge_down(table, 2, 2, 3)
    return document


APPENDIX_ANSWERS = [(["1"], ["コミュニティバスの運行本数を増やしてほしい。"], ["利用状況を踏まえ、令和8年度の路線再編の中で検討します。"]),
                    (["2"], ["計画の進捗状況を毎年公表してほしい。"], ["毎年度評価し、市ホームページで公表します。"])]
APPENDIX_CHANGES = [(["1"], ["コミュニティバスの運行本数を維持する。"], ["コミュニティバスの運行本数を利用状況に応じて見直す。"]),
                    (["2"], ["デマンド交通の予約は電話で受け付ける。"], ["デマンド交通の予約は電話及びアプリで受け付ける。"])]


def _appendix_docx():
    """The answer table, then the usual 「計画案の主な修正箇所」 table: as many columns, a header of its own."""
    from scripts.make_fixtures import answer_table, headed_document, paragraph

    document = headed_document("緑川市地域公共交通計画（案）に対する意見募集の結果", "1 意見募集期間　令和7年1月6日（月）～令和7年2月5日（水）",
                               "2 ご意見の概要と市の考え方")
    answer_table(document, ["No.", "ご意見の概要", "市の考え方"], APPENDIX_ANSWERS, (12, 70, 88))
    paragraph(document, "3 計画案の主な修正箇所")
    answer_table(document, ["No.", "修正前", "修正後"], APPENDIX_CHANGES, (12, 79, 79))
    return document


SPAN_PARTS = [(str(n), f"{n * 4}", "施策" if n % 3 else "目標",
               "樹林地や農地が宅地に変わり、身近な緑が減っている。" * (2 + n % 3) + f"緑地の保全を最優先にしてほしい（{n}）。",
               f"緑地の保全と創出の両面から取り組みます（{n}）。") for n in range(1, 16)]


def _repeat_header(row) -> None:
    """Print ``row`` again at the top of each page (w:tblHeader), as the table's second header row."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _span_parts_docx():
    """「該当箇所」 spanning 「頁｜項目」 under it, No., ご意見の概要 and 市の考え方 merged down over both header rows,
    both rows printed again at the top of each page."""
    from scripts.make_fixtures import answer_table, headed_document, merge_down

    document = headed_document("緑川市緑の基本計画（案）に対する意見募集の結果", "1 意見募集期間　令和6年5月1日（水）～令和6年5月31日（金）",
                               "2 意見総数　15件")
    table = answer_table(document, ["No.", "該当箇所", "", "ご意見の概要", "市の考え方"],
                         [([""], ["頁"], ["項目"], [""], [""]),
                          *[([no], [page], [part], [comment], [answer]) for no, page, part, comment, answer in SPAN_PARTS]],
                         (12, 12, 16, 70, 60))
    table.cell(0, 1).merge(table.cell(0, 2))
    for column in (0, 3, 4):
        merge_down(table, column, 0, 1)
    _repeat_header(table.rows[1])
    return document


CATEGORY_ROWS = [(str(n), "自転車道の整備を進めてほしい。" * (8 + n % 3) + f"通学路を優先してほしい（{n}）。", "ABCB"[n % 4],
                  f"計画に基づき整備を進めます（{n}）。") for n in range(1, 13)]


def _category_column_docx():
    """「対応」 (A 反映, B 記載済 …) between the comment and 「市の考え方」, over two pages, its header repeated."""
    from scripts.make_fixtures import answer_table, headed_document

    document = headed_document("緑川市自転車活用推進計画（案）に対する意見募集の結果", "意見数　12件",
                               "対応　A：案を修正したもの　B：案に記載済みのもの　C：今後の参考とするもの")
    answer_table(document, ["No.", "意見の概要", "対応", "市の考え方"],
                 [([no], [comment], [mark], [answer]) for no, comment, mark, answer in CATEGORY_ROWS], (12, 80, 14, 60))
    return document


def _span_content_docx():
    """「ご意見への対応」 spanning 「区分｜内容」, No. and ご意見の要旨 merged down over both header rows, both rows
    printed again at the top of each page."""
    from scripts.make_fixtures import answer_table, headed_document, merge_down

    document = headed_document("緑川市自転車活用推進計画（案）に対する意見募集の結果", "意見数　12件")
    table = answer_table(document, ["No.", "ご意見の要旨", "ご意見への対応", ""],
                         [([""], [""], ["区分"], ["内容"]),
                          *[([no], [comment], [mark], [answer]) for no, comment, mark, answer in CATEGORY_ROWS]],
                         (12, 80, 14, 60))
    table.cell(0, 2).merge(table.cell(0, 3))
    for column in (0, 1):
        merge_down(table, column, 0, 1)
    _repeat_header(table.rows[1])
    return document


MERGED_OVER_PAGES = [(str(n), "公共交通" if n <= 9 else "道路",
                      "バスの運行本数を増やしてほしい。" * (8 + n % 4), "事業者と協議します。") for n in range(1, 13)]


def _merged_over_pages_docx():
    """A 区分 cell merged down over No.1-9 and No.10-12, rows that are never split, so the first cell goes on over the
    page break: the PDF prints its text on page 1 only."""
    from docx.oxml import OxmlElement

    from scripts.make_fixtures import answer_table, headed_document, merge_down

    document = headed_document("緑川市地域公共交通計画（案）に対する意見募集の結果", "1 意見募集期間　令和7年1月6日（月）～令和7年2月5日（水）",
                               "2 意見総数　12件")
    table = answer_table(document, ["No.", "区分", "ご意見の概要", "市の考え方"],
                         [([no], [part if no in ("1", "10") else ""], [comment], [answer])
                          for no, part, comment, answer in MERGED_OVER_PAGES],
                         (12, 22, 80, 56))
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    merge_down(table, 1, 1, 9)
    merge_down(table, 1, 10, 12)
    return document


# The answer column as 行政手続法 §43 names it, its note in brackets; a comment column with a note on its second line.
STATUTORY_ANSWER = "提出意見を考慮した結果（意見公募手続を実施した命令等の案と定めた命令等との差異を含む。）及びその理由"
NOTED_COMMENT = "寄せられたご意見の概要\n（個人情報に関わる部分等は省略しています）"
STATUTORY_ROWS = [("1", "森林税の使途を明確にしてほしい。", "使途は毎年度公表しています。"),
                  ("2", "間伐材の利用を進めてほしい。", "木質バイオマスの活用を進めます。")]


def _statutory_docx():
    """A table headed 「番号｜寄せられたご意見の概要（…）｜提出意見を考慮した結果（…）及びその理由」."""
    from scripts.make_fixtures import answer_table, headed_document

    document = headed_document("長野県森林づくり指針（案）に関する意見募集の結果", "意見件数　2件")
    answer_table(document, ["番号", NOTED_COMMENT.replace("\n", ""), STATUTORY_ANSWER],
                 [([no], [comment], [answer]) for no, comment, answer in STATUTORY_ROWS], (12, 70, 88))
    return document


# Answers that open with the statutory words, in a table without a No. column whose header is printed on page 1 only.
CONSIDERED_ROWS = [(f"地域の意見を聞く場を増やしてほしい（{n}）", f"ご意見を考慮した結果、素案を修正します（{n}）") for n in range(1, 41)]


def _considered_docx():
    """Rows never split, so a row whose cells name a comment and an answer column as the header does may open page 2."""
    from docx.oxml import OxmlElement

    from scripts.make_fixtures import answer_table, headed_document

    document = headed_document("緑川市地域福祉計画（案）に対する意見募集の結果", "意見件数　40件")
    table = answer_table(document, ["ご意見の概要", "市の考え方"], [([comment], [answer]) for comment, answer in CONSIDERED_ROWS],
                         (80, 80), repeat=False)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return document


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The Word files above and their PDFs, printed by LibreOffice in one run."""
    from scripts.make_fixtures import to_pdf

    folder = tmp_path_factory.mktemp("printed")
    documents = {"listed_numbers": _listed_numbers_docx(), "merged_over_a_break": _merged_over_a_break_docx(),
                 "appendix": _appendix_docx(), "span_parts": _span_parts_docx(), "merged_over_pages": _merged_over_pages_docx(),
                 "statutory": _statutory_docx(), "considered": _considered_docx(),
                 "category_column": _category_column_docx(), "span_content": _span_content_docx()}
    for name, document in documents.items():
        document.save(folder / f"{name}.docx")
    to_pdf([folder / f"{name}.docx" for name in documents], folder)
    return folder


def test_a_merged_answer_cut_between_its_rows_reads_the_same_from_word_and_its_pdf(printed) -> None:
    word, pdf = one(printed / "merged_over_a_break.docx"), one(printed / "merged_over_a_break.pdf")
    assert [item.page for item in pdf.items] == [1, 1, 2, 2]  # the break falls between No.2 and No.3
    assert [(i.no, i.comment, i.answer_paragraphs) for i in pdf.items] == [
        (i.no, i.comment, i.answer_paragraphs) for i in word.items]
    assert [i.answer_paragraphs for i in pdf.items][1:3] == [tuple(SHARED_OVER_A_BREAK)] * 2
    assert (word.warnings, pdf.warnings) == ((), (
        "p.2: No.2 の回答（考え方）は文の途中でページが変わり、No.3 の回答がその続きから始まるため、複数のご意見に共通の"
        "一つの回答がページの区切りで切れたものとみなし、つないだ回答を No.2・3 に付けました。別々の回答なら原本を確認してください。",))


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_header_whose_lower_row_names_the_parts_of_a_spanning_cell_in_word_and_its_pdf(printed, fmt: str) -> None:
    """「該当箇所」 spanning 「頁｜項目」, the other header cells merged down: the lower row named no comment or answer
    column, so it was read as an item (No.「?」, four warnings) and the columns named 「該当箇所」 and 「列3」; in the PDF,
    which prints both rows again on the next page, that row was joined into the item above the break (「40頁」「施策項目」)."""
    document = one(printed / f"span_parts.{fmt}")
    assert [(i.no, i.comment.replace("\n", ""), i.answer, i.extra) for i in document.items] == [
        (no, comment, answer, {"該当箇所・頁": page, "該当箇所・項目": part}) for no, page, part, comment, answer in SPAN_PARTS]
    assert document.warnings == ()
    if fmt == "pdf":
        assert {item.page for item in document.items} == {1, 2}  # the header rows printed again on page 2


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_category_column_before_the_answer_column_in_word_and_its_pdf_is_kept_as_metadata(printed, fmt: str) -> None:
    """「対応」 holding A/B/C before 「市の考え方」: every answer had been the letter, the answer kept aside as
    extra['市の考え方'], with no warning."""
    document = one(printed / f"category_column.{fmt}")
    assert [(i.no, i.comment.replace("\n", ""), i.answer, i.extra) for i in document.items] == [
        (no, comment, answer, {"対応": mark}) for no, comment, mark, answer in CATEGORY_ROWS]
    assert document.warnings == ()
    if fmt == "pdf":
        assert {item.page for item in document.items} == {1, 2}  # the header printed again on page 2


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_spanning_answer_cell_over_a_category_and_its_content_in_word_and_its_pdf(printed, fmt: str) -> None:
    """「ご意見への対応」 spanning 「区分｜内容」: the lower row had been an item (No.「?」, answer 「区分」), every answer the
    区分 letter and the answers extra['列4']."""
    document = one(printed / f"span_content.{fmt}")
    assert [(i.no, i.comment.replace("\n", ""), i.answer, i.extra) for i in document.items] == [
        (no, comment, answer, {"ご意見への対応・区分": mark}) for no, comment, mark, answer in CATEGORY_ROWS]
    assert document.warnings == ()
    if fmt == "pdf":
        assert {item.page for item in document.items} == {1, 2}  # both header rows printed again on page 2


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_cell_merged_down_over_a_page_break_gives_every_row_it_covers_on_the_next_page_its_text(printed, fmt) -> None:
    """A 区分 cell merged over No.1-9: the PDF prints 「公共交通」 on page 1 only, and the rows on page 2 under the
    first one there (which took it from the page before) had read an empty 区分."""
    document = one(printed / f"merged_over_pages.{fmt}")
    assert [(i.no, i.comment, i.extra) for i in document.items] == [
        (no, comment, {"区分": part}) for no, part, comment, _ in MERGED_OVER_PAGES]
    assert document.warnings == ()
    if fmt == "pdf":
        assert [i.page for i in document.items if i.extra["区分"] == "公共交通"].count(2) >= 2


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_a_no_cell_listing_several_numbers_names_each_of_them(printed, tmp_path, fmt: str) -> None:
    """「1」「2」「3」 one under another was read as No.123; the three comments it names made the declared 6 look short."""
    if fmt == "html":
        (tmp_path / "kekka.html").write_text(
            "<html><head><meta charset='utf-8'></head><body><h1>緑川市公園再整備計画（案）に対する意見募集の結果</h1>"
            "<p>意見総数：6件</p><table border='1'><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
            + "".join(f"<tr><td>{'<br>'.join(no)}</td><td>{comment[0]}</td><td>{answer[0]}</td></tr>"
                      for no, comment, answer in LISTED_NUMBERS) + "</table></body></html>", encoding="utf-8")
        document = one(tmp_path / "kekka.html")
    else:
        document = one(printed / f"listed_numbers.{fmt}")
    assert [(i.no, i.comment) for i in document.items] == [
        ("1・2・3", "公園の遊具を増やしてほしい。"), ("4", "公園のトイレを洋式にしてほしい。"),
        ("5・6", "ボール遊びができる広場を設けてほしい。")]
    assert (document.meta.declared_count, document.warnings) == (6, ())


def test_marks_in_a_published_tables_no_column_are_no_repeated_numbers(tmp_path) -> None:
    """Second reading sr1 #2: the check shared with staff sheets named 「-」 on two unnumbered rows as No.- twice; a
    mark names no number, and 「p.3」 twice is still named."""
    rows = "".join(f"<tr><td>{no}</td><td>ご意見その{n}について、見直してほしい。</td><td>検討します。</td></tr>"
                   for n, no in enumerate(["-", "-", "〃", "〃", "p.3", "p.3"], 1))
    (tmp_path / "dash.html").write_text(
        "<html><head><title>除雪計画（案）に対する意見募集の結果</title></head><body><h1>除雪計画（案）に対する意見募集の結果</h1>"
        f"<table><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>{rows}</table></body></html>", encoding="utf-8")
    [document] = read_document(tmp_path / "dash.html")
    assert [item.no for item in document.items] == ["-", "-", "〃", "〃", "p.3", "p.3"]
    assert document.warnings == (
        "No.p.3 が2回出てきます（表の5行目、表の6行目）。同じ番号のまま別々の項目として読みました。原本を確認してください。",)


def test_a_number_given_to_two_items_is_named(tmp_path) -> None:
    """No.2 listed in a 同趣旨 row and again in a row of its own: both kept, the number named with both rows."""
    word = Document()
    word.add_paragraph("緑川市公園再整備計画（案）に対する意見募集の結果")
    table = word_table(word, [["No.", "ご意見の概要", "市の考え方"], ["1", "遊具を増やして。", "増設します。"],
                              ["2", "トイレを洋式に。", "洋式化します。"], ["3", "広場を。", "検討します。"]])
    table.cell(1, 0).add_paragraph("2")
    word.save(tmp_path / "kekka.docx")
    document = one(tmp_path / "kekka.docx")
    assert [i.no for i in document.items] == ["1・2", "2", "3"]
    assert document.warnings == (
        "No.2 が2回出てきます（表の1行目、表の2行目）。同じ番号のまま別々の項目として読みました。原本を確認してください。",)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_a_table_under_the_answers_with_a_header_of_its_own_ends_them_and_is_said(printed, tmp_path, fmt: str) -> None:
    """「No.｜修正前｜修正後」 has as many columns as the answer table: its rows were read as more answers (and its
    header as an item numbered 「No.」)."""
    if fmt == "html":
        def table(header, rows):
            return ("<table border='1'><tr>" + "".join(f"<th>{name}</th>" for name in header) + "</tr>"
                    + "".join("<tr>" + "".join(f"<td>{cell[0]}</td>" for cell in row) + "</tr>" for row in rows) + "</table>")

        (tmp_path / "kekka.html").write_text(
            "<html><head><meta charset='utf-8'></head><body><h1>緑川市地域公共交通計画（案）に対する意見募集の結果</h1>"
            "<h2>ご意見の概要と市の考え方</h2>" + table(["No.", "ご意見の概要", "市の考え方"], APPENDIX_ANSWERS)
            + "<h2>計画案の主な修正箇所</h2>" + table(["No.", "修正前", "修正後"], APPENDIX_CHANGES) + "</body></html>",
            encoding="utf-8")
        document = one(tmp_path / "kekka.html")
    else:
        document = one(printed / f"appendix.{fmt}")
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [
        (no[0], comment[0], answer[0], None) for no, comment, answer in APPENDIX_ANSWERS]
    assert document.warnings == (("p.1: " if fmt == "pdf" else "")
                                 + "回答の表の後の別の表（「計画案の主な修正箇所」、見出し: No.・修正前・修正後、2行）は、ご意見と回答の"
                                 "列がないため、回答の表の続きとみなさず読み飛ばしました。原本を確認してください。",)


def test_a_table_of_its_own_goes_on_over_a_page_break_and_only_the_answer_header_starts_answers_again() -> None:
    """The PDF's next page goes on with the table of its own without its header: as many columns as the answer
    table, so it seemed the answer table's next part; the answer header printed again starts answers again."""
    from assistant.readers.grid import Cell, Line, Row, read_grid

    def row(*texts, page=1, start=False):
        return Row(tuple(Cell((text,)) for text in texts), page, start)

    read = read_grid([
        row("No.", "ご意見の概要", "市の考え方", start=True), row("1", "駐輪場を。", "整備します。"),
        Line("計画案の主な修正箇所", 1), row("No.", "修正前", "修正後", start=True), row("1", "維持する。", "見直す。"),
        row("2", "電話で受け付ける。", "電話及びアプリで受け付ける。", page=2, start=True),
        row("No.", "ご意見の概要", "市の考え方", page=3, start=True), row("2", "街灯を。", "設置します。", page=3),
    ])
    assert [(i.no, i.comment, i.page) for i in read.items] == [("1", "駐輪場を。", 1), ("2", "街灯を。", 3)]
    assert read.warnings == ["p.1: 回答の表の後の別の表（「計画案の主な修正箇所」、見出し: No.・修正前・修正後、2行）は、ご意見と回答の"
                             "列がないため、回答の表の続きとみなさず読み飛ばしました。原本を確認してください。"]


def test_web_page_table_headed_in_th_cells_naming_no_answers_under_the_answer_table_is_left_out_and_said(tmp_path) -> None:
    """Without a No. column, the <th> cells show 「区分｜人数｜件数」 is a header, not a row of short answers."""
    (tmp_path / "kekka.html").write_text(
        "<html><head><meta charset='utf-8'></head><body><h1>緑川市下水道ビジョン（案）に対する意見募集の結果</h1>"
        "<table border='1'><tr><th>ご意見の概要</th><th>市の考え方</th><th>区分</th></tr>"
        "<tr><td>料金を下げてほしい。</td><td>経営の効率化に努めます。</td><td>個人</td></tr></table>"
        "<p>意見提出者の内訳</p><table border='1'><tr><th>区分</th><th>人数</th><th>件数</th></tr>"
        "<tr><td>個人</td><td>1</td><td>1</td></tr></table></body></html>", encoding="utf-8")
    document = one(tmp_path / "kekka.html")
    assert [(i.comment, i.answer) for i in document.items] == [("料金を下げてほしい。", "経営の効率化に努めます。")]
    assert document.warnings == ("回答の表の後の別の表（「意見提出者の内訳」、見出し: 区分・人数・件数、1行）は、ご意見と回答の列がないため、"
                                 "回答の表の続きとみなさず読み飛ばしました。原本を確認してください。",)


@pytest.mark.parametrize("fmt", FORMATS)
def test_group_headings_restarting_numbers_and_extra_columns(fmt: str, store) -> None:
    document = one(FIXTURES / f"grouped.{fmt}")
    assert [(item.key, item.topic) for item in document.items] == (
        [(f"Ⅰ-{n}", "当該意見を踏まえて内容を修正するもの") for n in (1, 2, 3)]
        + [(f"Ⅱ-{n}", "その他の主な意見") for n in (1, 2, 3, 4)])
    assert [item.extra["該当箇所"] for item in document.items] == [
        "第１章", "第２章\n基本方針Ａ", "第２章\n基本方針Ａ", "第１章等", "第３章\n基本方針Ｂ等", "第３章\n基本方針Ｂ等", "第４章"]
    assert document.items[2].answer_paragraphs == document.items[1].answer_paragraphs
    assert document.items[2].comment == "路線の廃止を決める前に、住民への説明会を開くべきとの意見"
    assert document.meta.title == "札幌市地域交通計画（素案）に対する主な御意見及びそれに対する考え方"
    assert (document.meta.period_start, document.meta.period_end, document.meta.declared_count) == ("2025-06-02", "2025-07-01", 20)
    assert document.warnings == (
        "文書に記載の意見総数は20件ですが、表から読み取れた項目は7件です。類似意見をまとめた可能性があります。"
        "原本と照合してください（行の追加・削除はしていません）。",
    )
    ingest([FIXTURES / f"grouped.{fmt}"], store)
    assert [p.id.split("-", 1)[1] for p in store.precedents()] == ["I-1", "I-2", "I-3", "II-1", "II-2", "II-3", "II-4"]


def _long_rows():
    from scripts.make_fixtures import long_rows

    return long_rows(24)


@pytest.mark.parametrize("fmt", FORMATS)
def test_long_table_rows_split_by_page_breaks_and_a_table_in_two_parts(fmt: str) -> None:
    document = one(FIXTURES / f"long_table.{fmt}")
    expected = [(no[0], "\n".join(comment), tuple(answer)) for no, comment, answer in _long_rows()]
    assert [(item.no, item.comment, item.answer_paragraphs) for item in document.items] == expected
    assert document.meta.title == "札幌市雪対策実施計画（案）に対するご意見と本市の考え方"
    assert (document.meta.declared_count, document.warnings) == (24, ())


def test_long_table_pdf_pages_and_no_header_or_footer_text() -> None:
    document = one(FIXTURES / "long_table.pdf")
    # Items 5, 14 and 24 start at the foot of a page and continue on the next (empty No. cell).
    assert [item.page for item in document.items] == [1] * 5 + [2] * 4 + [3] * 5 + [5] * 5 + [6] * 5
    text = "".join(item.comment + item.answer for item in document.items)
    assert "意見募集の結果" not in text  # the running header
    assert "/7" not in text  # the footer 「3/7」


def test_header_on_the_first_page_only_under_a_running_title() -> None:
    """The header row is printed once; pages 2 and 3 continue the table without it, under a running
    title placed low enough to sit in the text area (found again at the same place on every page)."""
    document = one(FIXTURES / "plain_table.pdf")
    expected = [(no[0], "\n".join(comment), tuple(answer)) for no, comment, answer in _long_rows()[:12]]
    assert [(item.no, item.comment, item.answer_paragraphs) for item in document.items] == expected
    assert [item.page for item in document.items] == [1] * 4 + [2] * 4 + [3] * 4
    assert document.meta.title == "札幌市除雪計画（案）に関する意見募集の結果"
    assert document.warnings == ()
    assert all("意見募集の結果" not in item.answer for item in document.items)


def test_numbered_questions_right_under_the_title_stay_out_of_it(tmp_path) -> None:
    """「問1 …」 on the line after the title: the title ends there (it ran on through the first question)."""
    path = tmp_path / "qa.txt"
    path.write_text("図書館に関するご質問と回答\n問1 開館時間を延ばせませんか。\n（回答）検討します。\n"
                    "問2 駐車場が狭い。\n（回答）拡張は難しい状況です。\n", encoding="utf-8")
    document = one(path)
    assert (document.meta.kind, document.meta.title) == ("qa", "図書館に関するご質問と回答")
    assert [(item.no, item.comment, item.answer) for item in document.items] == [
        ("1", "開館時間を延ばせませんか。", "検討します。"), ("2", "駐車場が狭い。", "拡張は難しい状況です。")]


@pytest.mark.parametrize("name", ["seed_000.pdf", "grouped.pdf", "long_table.pdf", "plain_table.pdf"])
def test_page_numbers_never_enter_items(name: str) -> None:
    document = one(FIXTURES / name)
    for item in document.items:
        for paragraph in (*item.comment.split("\n"), *item.answer_paragraphs):
            assert not paragraph.endswith(("-", "ページ")) and "- 1 -" not in paragraph


@pytest.mark.parametrize("fmt", FORMATS)
def test_numbered_answers_without_a_table(fmt: str) -> None:
    document = one(FIXTURES / f"numbered_qa.{fmt}")
    assert document.meta.kind == "qa"
    assert [(item.no, item.comment, item.answer_paragraphs) for item in document.items] == [
        ("1", "図書館の開館時間を延長してほしい。平日は仕事で行けない。",
         ("開館時間については、利用状況や運営体制を踏まえて検討しています。", "令和7年度から、中央図書館では平日の閉館時刻を午後8時に延長します。")),
        ("2", "電子書籍の貸出を始めてほしい。", ("電子図書館サービスを令和6年度に開始しました。", "蔵書の充実に努めてまいります。")),
        ("3", "駐車場が狭い。", ("駐車場の拡張は敷地の制約から難しい状況です。公共交通機関のご利用をお願いします。",)),
    ]
    assert (document.meta.title, document.meta.declared_count) == ("札幌市図書館ビジョン（案）に対する意見募集の結果について", 3)


# --- Word specifics -----------------------------------------------------------------------------------
def test_word_automatic_numbering_is_written_out(tmp_path) -> None:
    word = Document()
    word.add_paragraph("図書館計画に対する意見と市の考え方", style="Title")
    for comment, answer in (("開館時間を延ばしてほしい。", "検討します。"), ("駐車場が狭い。", "拡張は難しい状況です。")):
        word.add_paragraph(comment, style="List Number")
        word.add_paragraph("（市の考え方）")
        word.add_paragraph(answer)
    word.save(tmp_path / "auto.docx")
    document = one(tmp_path / "auto.docx")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "開館時間を延ばしてほしい。", "検討します。"), ("2", "駐車場が狭い。", "拡張は難しい状況です。")]


def library_table(rows: int):
    """A Word document with the title and an answer table whose header row is filled in."""
    word = Document()
    word.add_paragraph("図書館計画に対する意見と市の考え方")
    table = word.add_table(rows=rows, cols=3)
    for cell, text in zip(table.rows[0].cells, ["No.", "ご意見の概要", "市の考え方"]):
        cell.text = text
    return word, table


def test_word_table_numbered_by_word_in_the_no_column(tmp_path) -> None:
    word, table = library_table(4)
    for row, (comment, answer) in zip(table.rows[1:], [("開館時間を延ばして。", "検討します。"),
                                                        ("駐車場が狭い。", "拡張は難しい状況です。"),
                                                        ("電子書籍を増やして。", "倍増します。")]):
        row.cells[0].paragraphs[0].style = "List Number"  # the number is Word's, the cell has no text
        row.cells[1].text, row.cells[2].text = comment, answer
    word.save(tmp_path / "autonumber.docx")
    document = one(tmp_path / "autonumber.docx")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "開館時間を延ばして。", "検討します。"), ("2", "駐車場が狭い。", "拡張は難しい状況です。"),
        ("3", "電子書籍を増やして。", "倍増します。")]
    assert document.warnings == ()


def test_word_lists_of_one_definition_share_their_count_unless_one_restarts_it(tmp_path) -> None:
    """Three lists (w:num) of one definition (w:abstractNum): the opening list 1, 2; the first table's No. column a
    list restarting at 1 (w:startOverride), 1, 2; the second table's a plain list, which goes on 3, 4 as Word and
    LibreOffice print it. Each list counted alone gave 1, 2 again in the second table."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    word = Document()
    numbering = word.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                                  '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl></w:abstractNum>'))
    for num_id, override in (("91", ""), ("92", ""), ("93", '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')):
        numbering.append(parse_xml(f'<w:num {w} w:numId="{num_id}"><w:abstractNumId w:val="90"/>{override}</w:num>'))

    def numbered(paragraph, num_id: str) -> None:
        paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))

    word.add_paragraph("○○市観光振興計画（案）に対するご意見と市の考え方")
    numbered(word.add_paragraph("意見募集期間　令和6年6月1日～令和6年6月30日"), "91")
    numbered(word.add_paragraph("意見数　4件"), "91")
    for num_id, numbers in (("93", "12"), ("92", "34")):
        table = word.add_table(rows=3, cols=3)
        for cell, text in zip(table.rows[0].cells, ["No.", "ご意見の概要", "市の考え方"]):
            cell.text = text
        for row, number in zip(table.rows[1:], numbers):
            numbered(row.cells[0].paragraphs[0], num_id)
            row.cells[1].text, row.cells[2].text = f"意見{number}。案内所を増やして。", f"回答{number}。検討します。"
        word.add_paragraph("")
    word.save(tmp_path / "lists.docx")
    document = one(tmp_path / "lists.docx")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        (no, f"意見{no}。案内所を増やして。", f"回答{no}。検討します。") for no in "1234"]
    assert (document.meta.declared_count, document.warnings) == (4, ())


def numbered_table(tmp_path, definitions: list[str], num_id: str, styles: str = ""):
    """A Word answer table whose No. cells are paragraphs of list ``num_id``, the numbering part holding
    ``definitions`` (w:abstractNum and w:num elements) and the styles part ``styles``; returns the items."""
    from docx.oxml import parse_xml

    word = Document()
    numbering = word.part.numbering_part.element
    for definition in definitions:  # the definitions before the lists, as the schema orders them
        element = parse_xml(definition)
        if element.tag.endswith("abstractNum"):
            numbering.insert(0, element)
        else:
            numbering.append(element)
    if styles:
        word.styles.element.append(parse_xml(styles))
    word.add_paragraph("図書館計画に対する意見と市の考え方")
    table = word.add_table(rows=4, cols=3)
    for cell, text in zip(table.rows[0].cells, ["No.", "ご意見の概要", "市の考え方"]):
        cell.text = text
    for row, n in zip(table.rows[1:], "123"):
        row.cells[0].paragraphs[0]._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
        row.cells[1].text, row.cells[2].text = f"意見{n}。駐車場が狭い。", f"回答{n}。検討します。"
    word.save(tmp_path / "numbered.docx")
    document = one(tmp_path / "numbered.docx")
    return [(i.no, i.comment) for i in document.items], document.warnings


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LEVEL = ('<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{kind}"/><w:lvlText w:val="{text}"/></w:lvl>')


def test_word_list_of_a_list_style_is_numbered_from_the_style(tmp_path) -> None:
    """A No. column numbered by a list style (w:numStyleLink to the definition whose w:styleLink names the style,
    as Word writes 「新しいリスト スタイルの定義」): the definition the cells use holds no level, and the three
    rows were read as one item 「?」 holding three comments. LibreOffice prints 1, 2, 3."""
    items, warnings = numbered_table(tmp_path, [
        f'<w:abstractNum {W_NS} w:abstractNumId="80"><w:numStyleLink w:val="AnswerNo"/></w:abstractNum>',
        f'<w:abstractNum {W_NS} w:abstractNumId="81"><w:styleLink w:val="AnswerNo"/>'
        + LEVEL.format(kind="decimal", text="%1") + '</w:abstractNum>',
        f'<w:num {W_NS} w:numId="82"><w:abstractNumId w:val="81"/></w:num>',
        f'<w:num {W_NS} w:numId="83"><w:abstractNumId w:val="80"/></w:num>',
    ], "83", styles=f'<w:style {W_NS} w:type="numbering" w:styleId="AnswerNo"><w:name w:val="AnswerNo"/>'
                    '<w:pPr><w:numPr><w:numId w:val="82"/></w:numPr></w:pPr></w:style>')
    assert (items, warnings) == ([(no, f"意見{no}。駐車場が狭い。") for no in "123"], ())


def test_word_list_that_overrides_its_level_is_printed_in_its_own_format(tmp_path) -> None:
    """A list (w:num) of a bullet definition whose level it overrides (w:lvlOverride/w:lvl) with 「（%1）」, as
    LibreOffice prints it: every row was numbered 「・」."""
    items, warnings = numbered_table(tmp_path, [
        f'<w:abstractNum {W_NS} w:abstractNumId="90">' + LEVEL.format(kind="bullet", text="・") + '</w:abstractNum>',
        f'<w:num {W_NS} w:numId="94"><w:abstractNumId w:val="90"/><w:lvlOverride w:ilvl="0">'
        + LEVEL.format(kind="decimal", text="（%1）") + '</w:lvlOverride></w:num>',
    ], "94")
    assert (items, warnings) == ([(f"({no})", f"意見{no}。駐車場が狭い。") for no in "123"], ())


def test_word_list_that_overrides_only_a_levels_start_keeps_the_definitions_format(tmp_path) -> None:
    """An override holding only a start (「<w:lvl w:ilvl="0"><w:start w:val="1"/></w:lvl>」) replaced the level with an
    empty text: every No. empty, and the rows merged into the first item without a warning (review)."""
    items, warnings = numbered_table(tmp_path, [
        f'<w:abstractNum {W_NS} w:abstractNumId="70">' + LEVEL.format(kind="decimal", text="%1") + '</w:abstractNum>',
        f'<w:num {W_NS} w:numId="71"><w:abstractNumId w:val="70"/><w:lvlOverride w:ilvl="0">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/></w:lvl></w:lvlOverride></w:num>',
    ], "71")
    assert (items, warnings) == ([(no, f"意見{no}。駐車場が狭い。") for no in "123"], ())


TEXT_BOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml">'
    '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>'
    '<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>'
    '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
    '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def test_word_answer_in_a_text_box_is_read_once(tmp_path) -> None:
    from docx.oxml import parse_xml

    word, table = library_table(2)
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "読み聞かせ会を土日にも。"
    table.cell(1, 2).paragraphs[0]._p.append(parse_xml(TEXT_BOX.format(text="土日の開催を追記しました。")))
    word.save(tmp_path / "textbox.docx")
    document = one(tmp_path / "textbox.docx")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "読み聞かせ会を土日にも。", "土日の開催を追記しました。")]


def _in_text_box(paragraph, *elements, size: int | None = None) -> None:
    """Put ``elements`` (paragraphs, tables) into a floating text box anchored in ``paragraph`` as Word saves one:
    the DrawingML box (wps:txbx) in mc:Choice and a VML copy (v:textbox) in mc:Fallback."""
    from copy import deepcopy

    from docx.oxml import parse_xml

    run = parse_xml(TEXT_BOX.format(text="").replace("<w:p><w:r><w:t></w:t></w:r></w:p>", ""))
    for box in run.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}txbxContent"):
        for element in elements:
            box.append(deepcopy(element))
    for element in elements:
        element.getparent().remove(element)
    paragraph._p.append(run)


def test_word_answer_table_in_a_text_box_is_read_once_in_order(tmp_path) -> None:
    """Review of the readers: a result whose answer table Word keeps in a floating text box was refused 「no answer
    table」 (its PDF reads the 3 items); the box's second copy (mc:Fallback) must not give each row twice."""
    word = Document()
    word.add_paragraph("○○村公共施設等総合管理計画（案）に対する意見募集の結果")
    word.add_paragraph("意見数：3件")
    anchor = word.add_paragraph()
    caption = word.add_paragraph("ご意見の概要と村の考え方")
    table = word_table(word, [["No.", "ご意見", "村の考え方"], ["1", "説明会を開いてほしい。", "各地区で開催します。"],
                              ["2", "跡地を防災拠点に。", "活用方法を検討します。"], ["3", "費用を示して。", "第3章に示しています。"]])
    _in_text_box(anchor, caption._p, table._tbl)
    word.add_paragraph("担当：企画課")
    word.save(tmp_path / "box.docx")
    document = one(tmp_path / "box.docx")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "説明会を開いてほしい。", "各地区で開催します。"), ("2", "跡地を防災拠点に。", "活用方法を検討します。"),
        ("3", "費用を示して。", "第3章に示しています。")]
    assert (document.meta.title, document.meta.declared_count, document.warnings) == (
        "○○村公共施設等総合管理計画（案）に対する意見募集の結果", 3, ())


def test_word_text_box_is_read_where_it_is_anchored_and_a_stamp_in_one_is_no_item(tmp_path) -> None:
    """A box's lines come after the paragraph anchoring it, before the next: a stamp 「資料２」 in a box over the title
    stays out of the title and the items, and a box holding the declared count (「意見数：4件」, read once) gives the
    count, so the table of 3 rows is said to lack one."""
    from docx.shared import Pt

    word, table = library_table(4)
    for row, no in zip(table.rows[1:], "123"):
        row.cells[0].text, row.cells[1].text, row.cells[2].text = no, f"意見{no}。開館時間を延ばして。", f"回答{no}。検討します。"
    stamp_anchor = word.paragraphs[0].insert_paragraph_before("")
    stamp = word.add_paragraph()
    stamp.add_run("資料２").font.size = Pt(16)  # larger than the title: still no title
    _in_text_box(stamp_anchor, stamp._p)
    count_anchor = word.add_paragraph()
    table._tbl.addprevious(count_anchor._p)  # between the title and the table
    _in_text_box(count_anchor, word.add_paragraph("意見数：4件")._p)
    word.save(tmp_path / "stamp.docx")
    document = one(tmp_path / "stamp.docx")
    assert [(i.no, i.comment) for i in document.items] == [(no, f"意見{no}。開館時間を延ばして。") for no in "123"]
    assert (document.meta.title, document.meta.declared_count) == ("図書館計画に対する意見と市の考え方", 4)
    assert document.warnings == (
        "文書に記載の意見総数は4件ですが、表から読み取れた項目は3件です。類似意見をまとめた可能性があります。"
        "原本と照合してください（行の追加・削除はしていません）。",)
def test_word_stamp_box_on_the_page_break_between_two_parts_of_a_table_keeps_them_one_table(tmp_path) -> None:
    """Review of the readers (rv3 w/split_stamp.docx): a box 「資料２」 anchored in the page-break paragraph between
    the two parts of a split table (the second without its header) ended the table: 3 items of 5 and 「読み飛ばしました」."""
    from docx.enum.text import WD_BREAK

    word, table = library_table(4)
    for row, no in zip(table.rows[1:], "123"):
        row.cells[0].text, row.cells[1].text, row.cells[2].text = no, f"意見{no}。開館時間を延ばして。", f"回答{no}。検討します。"
    page_break = word.add_paragraph()
    page_break.add_run().add_break(WD_BREAK.PAGE)
    word_table(word, [[no, f"意見{no}。開館時間を延ばして。", f"回答{no}。検討します。"] for no in "45"])
    _in_text_box(page_break, word.add_paragraph("資料２")._p)
    word.add_paragraph("以上")
    word.save(tmp_path / "split.docx")
    document = one(tmp_path / "split.docx")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        (no, f"意見{no}。開館時間を延ばして。", f"回答{no}。検討します。") for no in "12345"]
    assert document.warnings == ()




def test_word_rows_and_cells_inside_content_controls_are_read(tmp_path) -> None:
    """Rows 2-3 in a repeating section (w:sdt/w:sdtContent/w:tr) and an answer cell in a content control
    (w:tr/w:sdt/w:sdtContent/w:tc) are the table's own; a table nested in a cell still gives no rows."""
    from docx.oxml import OxmlElement

    def wrap(*children) -> None:
        """Put the children, in place, into a content control."""
        sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
        sdt.append(OxmlElement("w:sdtPr"))
        sdt.append(content)
        children[0].addprevious(sdt)
        for child in children:
            content.append(child)

    word, table = library_table(5)
    for row, no in zip(table.rows[1:], "1234"):
        row.cells[0].text, row.cells[1].text, row.cells[2].text = no, f"意見{no}。ホールを改修して。", f"回答{no}。改修します。"
    table.cell(1, 1).add_table(rows=1, cols=2).cell(0, 0).text = "入れ子の表"
    rows = [row._tr for row in table.rows]
    wrap(rows[2], rows[3])
    wrap(rows[4].findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc")[2])
    word.save(tmp_path / "controls.docx")
    document = one(tmp_path / "controls.docx")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "意見1。ホールを改修して。\n入れ子の表", "回答1。改修します。"), ("2", "意見2。ホールを改修して。", "回答2。改修します。"),
        ("3", "意見3。ホールを改修して。", "回答3。改修します。"), ("4", "意見4。ホールを改修して。", "回答4。改修します。")]
    assert document.warnings == ()


def test_word_horizontal_merge_heading_row_and_submitter_column(tmp_path) -> None:
    word = Document()
    word.add_paragraph("公園計画（案）に対する意見の概要と市の考え方")
    table = word.add_table(rows=4, cols=4)
    for cell, text in zip(table.rows[0].cells, ["No.", "意見提出者", "意見の概要", "市の考え方"]):
        cell.text = text
    heading = table.cell(1, 0).merge(table.cell(1, 3))
    heading.text = "(1) 遊具について"
    for row, values in zip(table.rows[2:], [["1", "個人", "遊具を増やして。", "検討します。"], ["2", "団体", "砂場を清潔に。", "点検します。"]]):
        for cell, text in zip(row.cells, values):
            cell.text = text
    word.save(tmp_path / "merged.docx")
    document = one(tmp_path / "merged.docx")
    assert [(i.no, i.topic, i.comment, i.answer, i.extra) for i in document.items] == [
        ("1", "遊具について", "遊具を増やして。", "検討します。", {"意見提出者": "個人"}),
        ("2", "遊具について", "砂場を清潔に。", "点検します。", {"意見提出者": "団体"}),
    ]


TWO_ROW_HEADER_ITEMS = [("1", "目標を数値で。", "第2章で示します。", {"修正の有無": "無"}),
                        ("2", "説明会を開いて。", "開催します。", {"修正の有無": "有"})]


def test_word_header_on_two_rows(tmp_path) -> None:
    word = Document()
    word.add_paragraph("○○条例改正案に対する意見募集結果")
    table = word.add_table(rows=4, cols=4)
    for column, text in ((0, "No."), (1, "ご意見の概要"), (2, "市の対応")):
        table.cell(0, column).text = text
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(1, 1))
    table.cell(0, 2).merge(table.cell(0, 3))
    table.cell(1, 2).text, table.cell(1, 3).text = "市の考え方", "修正の有無"
    for row, (no, comment, answer, extra) in zip(table.rows[2:], TWO_ROW_HEADER_ITEMS):
        for cell, text in zip(row.cells, [no, comment, answer, extra["修正の有無"]]):
            cell.text = text
    word.save(tmp_path / "two_rows.docx")
    document = one(tmp_path / "two_rows.docx")
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == TWO_ROW_HEADER_ITEMS


@pytest.mark.parametrize("header", ["市の対応", "ご意見に対する市の対応", "意見への対応", "本市の対応", "町の対応",
                                    "意見に対する対応"])
def test_word_answer_column_headed_the_citys_response(tmp_path, header: str) -> None:
    word = Document()
    word.add_paragraph("○○市公共交通計画（案）に対する意見募集の結果")
    word.add_paragraph("意見数：2件")
    word_table(word, [["No.", "ご意見の概要", header], ["1", "バスを増便して。", "事業者と協議します。"], ["2", "運賃を下げて。", "検討します。"]])
    word.save(tmp_path / "taiou.docx")
    document = one(tmp_path / "taiou.docx")
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [
        ("1", "バスを増便して。", "事業者と協議します。", {}), ("2", "運賃を下げて。", "検討します。", {})]
    assert document.warnings == ()


def test_word_answer_column_named_beside_a_column_headed_the_citys_response(tmp_path) -> None:
    """「市の対応」 before 「市の考え方」: the answer is the 考え方 column; 「市の対応」 is kept as the row's metadata."""
    word = Document()
    word.add_paragraph("○○市公共交通計画（案）に対する意見募集の結果")
    word_table(word, [["No.", "ご意見の概要", "市の対応", "市の考え方"], ["1", "バスを増便して。", "参考", "事業者と協議します。"]])
    word.save(tmp_path / "both.docx")
    document = one(tmp_path / "both.docx")
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [
        ("1", "バスを増便して。", "事業者と協議します。", {"市の対応": "参考"})]


@pytest.mark.parametrize("header", [
    ["番号", "提出意見（概要）", "提出意見を考慮した結果及びその理由"], ["番号", "意見の概要", "意見を考慮した結果"],
    ["番号", "提出意見の概要", STATUTORY_ANSWER], ["No.", NOTED_COMMENT, "市の考え方"],
    ["No.", "ご意見の概要\n※いただいたご意見は、趣旨を損なわない範囲で要約しています。", "市の考え方"],
])
@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx"])
def test_a_table_headed_in_the_statutory_words_or_with_a_note_in_a_header_cell_is_read(tmp_path, fmt, header) -> None:
    """「提出意見を考慮した結果」 names the answer (its 意見 had made it a second comment column), and a header cell with a
    note in brackets or after ※ is judged by its name (too long for a header once joined): the page was refused."""
    if fmt == "html":
        document = web_table(tmp_path, "長野県森林づくり指針（案）に関する意見募集の結果",
                             "<tr>" + "".join(f"<th>{name.replace(chr(10), '<br>')}</th>" for name in header) + "</tr>",
                             [list(row) for row in STATUTORY_ROWS])
    elif fmt == "docx":
        word = Document()
        word.add_paragraph("長野県森林づくり指針（案）に関する意見募集の結果")
        word_table(word, [header, *[list(row) for row in STATUTORY_ROWS]])
        word.save(tmp_path / "kekka.docx")
        document = one(tmp_path / "kekka.docx")
    else:
        book = Workbook()
        sheet = book.active
        sheet.append(["長野県森林づくり指針（案）に関する意見募集の結果"])
        sheet.merge_cells("A1:C1")
        for row in [header, *[[int(no), comment, answer] for no, comment, answer in STATUTORY_ROWS]]:
            sheet.append(row)
        book.save(tmp_path / "kekka.xlsx")
        document = one(tmp_path / "kekka.xlsx")
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [(*row, {}) for row in STATUTORY_ROWS]
    assert document.warnings == ()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_statutory_header_with_notes_in_word_and_its_pdf(printed, fmt: str) -> None:
    document = one(printed / f"statutory.{fmt}")
    assert [(i.no, i.comment, i.answer) for i in document.items] == STATUTORY_ROWS
    assert (document.meta.declared_count, document.warnings) == (2, ())


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_row_whose_answer_opens_with_the_statutory_words_is_a_row_not_the_header_again(printed, fmt: str) -> None:
    """Second reading 136: 「ご意見を考慮した結果、素案を修正します（21）」 named the answer column, so the row opening
    page 2 was taken for the header printed again and dropped (39 items of 40): only a name ending so is a header."""
    document = one(printed / f"considered.{fmt}")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        (str(n), comment, answer) for n, (comment, answer) in enumerate(CONSIDERED_ROWS, 1)]
    assert (document.meta.declared_count, document.warnings) == (40, ())


@pytest.mark.parametrize("first", [("意見交換会を開いてほしい", "ご意見を考慮した結果、説明会を追加します"),
                                   ("説明会での住民意見の聴き取りについて", "ご意見を考慮した結果、原案のとおり"),
                                   ("地域の意見を聞く場を設けてほしい", "回答は市のホームページで公表します")])
def test_a_table_part_that_opens_with_a_row_whose_cells_read_as_column_names_keeps_that_row(tmp_path, first) -> None:
    """A Word table split in two by a page break: the second part's first row named a comment and an answer column as
    the header does, and was taken for the header printed again and dropped; a row with a sentence 「…ほしい」 is a row
    unless it says what the header says."""
    from scripts.make_fixtures import page_break

    word = Document()
    word.add_paragraph("緑川市公園再整備計画（案）に対する意見募集の結果")
    word.add_paragraph("意見件数　4件")
    word_table(word, [["ご意見の概要", "市の考え方"], ["公園にトイレを増やしてほしい。", "順次整備します。"],
                      ["遊具を新しくしてほしい。", "計画的に更新します。"]])
    page_break(word)
    word_table(word, [list(first), ["ベンチを増やしてほしい。", "設置を検討します。"]])
    word.save(tmp_path / "split.docx")
    document = one(tmp_path / "split.docx")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "公園にトイレを増やしてほしい。", "順次整備します。"), ("2", "遊具を新しくしてほしい。", "計画的に更新します。"),
        ("3", *first), ("4", "ベンチを増やしてほしい。", "設置を検討します。")]
    assert (document.meta.declared_count, document.warnings) == (4, ())


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_a_header_naming_comments_but_no_answers_is_named_in_the_refusal(tmp_path, fmt: str) -> None:
    header, rows = ["番号", "提出意見（概要）", "措置の内容"], [["1", "森林税の使途を明確にしてほしい。", "公表します。"]]
    if fmt == "html":
        with pytest.raises(NoContentError) as caught:
            web_table(tmp_path, "長野県森林づくり指針（案）に関する意見募集の結果",
                      "<tr>" + "".join(f"<th>{name}</th>" for name in header) + "</tr>", rows)
        opening = "Web ページの中に、意見と回答の表（No.・ご意見・考え方などの見出し行がある表）も、番号付きの Q&A（「1 …」と「市の考え方」など）も"
        closing = "見つかりません。結果の表が載っているページを保存したか確認してください。"
    else:
        word = Document()
        word.add_paragraph("長野県森林づくり指針（案）に関する意見募集の結果")
        word_table(word, [header, *rows])
        word.save(tmp_path / "kekka.docx")
        with pytest.raises(NoContentError) as caught:
            one(tmp_path / "kekka.docx")
        opening = "Word 文書の中に、意見と回答の表（No.・ご意見・考え方などの見出し行がある表）も、番号付きの Q&A（「1 …」と「市の考え方」など）も"
        closing = "、会議録の Q&A（「・」の質問と「→」の回答）も見つかりません。意見募集の結果を公表した資料か確認してください。"
    assert caught.value.reason == (
        opening + closing + "表の見出し行「番号｜提出意見（概要）｜措置の内容」には、ご意見の列はありますが、回答の列（「本市の考え方」"
        "「回答」「意見を考慮した結果」など）が見つかりません。列名を確認してください。")


def test_a_caption_row_above_the_header_is_not_the_title(tmp_path) -> None:
    word = Document()
    word.add_paragraph("札幌市環境基本計画（案）に係る意見募集の結果")
    word.add_paragraph("意見総数　1件")
    table = word.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "ご意見の概要及びそれに対する市の考え方"
    for row, values in zip(table.rows[1:], [["番号", "意見", "意見に対する考え方"], ["1", "緑を増やして。", "植樹を進めます。"]]):
        for cell, text in zip(row.cells, values):
            cell.text = text
    word.save(tmp_path / "caption.docx")
    document = one(tmp_path / "caption.docx")
    assert document.meta.title == "札幌市環境基本計画（案）に係る意見募集の結果"
    assert [(i.no, i.comment, i.answer) for i in document.items] == [("1", "緑を増やして。", "植樹を進めます。")]


def test_web_page_box_named_header_inside_the_content_is_kept(tmp_path) -> None:
    (tmp_path / "kekka.html").write_text(
        "<html><head><meta charset='utf-8'><title>結果</title></head><body><div id='header'><p>○○市 トップ</p></div>"
        "<div id='main'><h1>○○計画（案）への意見募集の結果</h1><div class='section-header-box'><p>意見総数 2件</p></div>"
        "<table border='1'><tr><th>No.</th><th>ご意見</th><th>市の考え方</th></tr>"
        "<tr><td>1</td><td>目標を数値で。</td><td>示します。</td></tr><tr><td>2</td><td>説明会を。</td><td>開きます。</td></tr>"
        "</table></div></body></html>", encoding="utf-8")
    document = one(tmp_path / "kekka.html")
    assert (len(document.items), document.meta.declared_count, document.warnings) == (2, 2, ())
    assert document.meta.title == "○○計画（案）への意見募集の結果"


def web_table(tmp_path, heading: str, header: str, rows: list[list[str]]):
    """A saved web page of one answer table (its header rows as HTML), read."""
    (tmp_path / "kekka.html").write_text(
        f"<html><head><meta charset='utf-8'><title>意見募集結果</title></head><body><h1>{heading}</h1><table border='1'>"
        + header + "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
        + "</table></body></html>", encoding="utf-8")
    return one(tmp_path / "kekka.html")


def test_web_page_header_on_two_rows(tmp_path) -> None:
    document = web_table(tmp_path, "○○条例改正案に対する意見募集結果",
                         "<tr><th rowspan='2'>No.</th><th rowspan='2'>ご意見の概要</th><th colspan='2'>市の対応</th></tr>"
                         "<tr><th>市の考え方</th><th>修正の有無</th></tr>",
                         [[no, comment, answer, extra["修正の有無"]] for no, comment, answer, extra in TWO_ROW_HEADER_ITEMS])
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == TWO_ROW_HEADER_ITEMS


CATEGORY_ITEMS = [("1", "バスを増便してほしい。", "事業者と協議します。"), ("2", "運賃を下げてほしい。", "運賃は据え置きます。")]


@pytest.mark.parametrize(("header", "values"), [
    ("対応", ("A", "B")), ("回答区分", ("A", "C")), ("考え方の区分", ("反映", "参考")), ("回答課", ("交通政策課", "交通政策課")),
    ("回答日", ("令和6年6月1日", "令和6年6月1日")), ("対応区分", ("A", "B")),
])
@pytest.mark.parametrize("answer_header", ["市の考え方", "回答"])
def test_web_page_category_column_before_the_answer_column_is_kept_as_metadata(tmp_path, header, values, answer_header) -> None:
    """A column named as a category, a department or a date (「回答区分」, 「回答日」), or a bare 「対応」, before the answer
    column: it had been the answer of every row (「A」), the answer kept aside under its header, with no warning."""
    document = web_table(tmp_path, "○○市公共交通計画（案）に対する意見募集の結果",
                         f"<tr><th>No.</th><th>意見の概要</th><th>{header}</th><th>{answer_header}</th></tr>",
                         [[no, comment, value, answer] for (no, comment, answer), value in zip(CATEGORY_ITEMS, values)])
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [
        (no, comment, answer, {header: value}) for (no, comment, answer), value in zip(CATEGORY_ITEMS, values)]
    assert document.warnings == ()


@pytest.mark.parametrize(("header", "values"), [
    ("意見数", ("1", "2")), ("意見の分類", ("要望", "質問")), ("意見の種類", ("要望", "質問")),
    ("意見の該当箇所", ("第1章", "第2章")), ("意見提出団体", ("○○協議会", "○○商店会")), ("意見の対象", ("第1章", "第2章")),
])
def test_web_page_column_that_only_mentions_opinions_before_the_comment_column_is_kept_as_metadata(tmp_path, header, values) -> None:
    """A column about the comments (a count, a class, a place, a sender) before ご意見の要旨: it had been the comment of
    every row (「2」, 「要望」, 「第1章」), the comment kept aside under its header, with no warning."""
    document = web_table(tmp_path, "○○市公共交通計画（案）に対する意見募集の結果",
                         f"<tr><th>No.</th><th>{header}</th><th>ご意見の要旨</th><th>市の考え方</th></tr>",
                         [[no, value, comment, answer] for (no, comment, answer), value in zip(CATEGORY_ITEMS, values)])
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [
        (no, comment, answer, {header: value}) for (no, comment, answer), value in zip(CATEGORY_ITEMS, values)]
    assert document.warnings == ()


def test_web_page_answer_column_of_short_answers_beside_a_response_column_of_labels_one_long(tmp_path) -> None:
    """Third reading 216: 「市の考え方」 of 「原案どおり」 beside 「対応」 of 「原案どおり」「修正」 and one longer label
    「修正（第3章に追記します）」: the longer label made 「対応」 a column of sentences and every answer its label. Neither
    is mostly sentences, so the plainer name, 市の考え方, is the answer."""
    responses = ["原案どおり", "修正（第3章に追記します）", "原案どおり"]
    document = web_table(tmp_path, "○○市公共交通計画（案）に対する意見募集の結果",
                         "<tr><th>No.</th><th>ご意見の要旨</th><th>市の考え方</th><th>対応</th></tr>",
                         [[str(n), f"バスを増便してほしい（{n}）。", "原案どおり", response]
                          for n, response in enumerate(responses, start=1)])
    assert [(i.no, i.answer, i.extra) for i in document.items] == [
        (str(n), "原案どおり", {"対応": response}) for n, response in enumerate(responses, start=1)]
    assert document.warnings == ()


def test_web_page_header_spanning_a_category_and_its_content(tmp_path) -> None:
    """「ご意見への対応」 spanning 「区分｜内容」: the lower row had been an item (No.「?」, answer 「区分」), every answer the
    区分 letter, the answers kept as extra['列4'], and only the count warning said anything."""
    document = web_table(tmp_path, "○○市公共交通計画（案）に対する意見募集の結果",
                         "<tr><th rowspan='2'>No.</th><th rowspan='2'>ご意見の要旨</th><th colspan='2'>ご意見への対応</th></tr>"
                         "<tr><th>区分</th><th>内容</th></tr>",
                         [[no, comment, mark, answer] for (no, comment, answer), mark in zip(CATEGORY_ITEMS, "AB")])
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [
        (no, comment, answer, {"ご意見への対応・区分": mark}) for (no, comment, answer), mark in zip(CATEGORY_ITEMS, "AB")]
    assert document.warnings == ()


def test_web_page_two_answer_columns_named_alike_are_told_apart_by_their_cells(tmp_path) -> None:
    """「回答」 of letters before 「市の回答」 of sentences (both name the answer): the sentences are the answer, the
    letters kept under their header; the first of the two had been the answer."""
    document = web_table(tmp_path, "○○市公共交通計画（案）に対する意見募集の結果",
                         "<tr><th>No.</th><th>ご意見</th><th>回答</th><th>市の回答</th></tr>",
                         [[no, comment, mark, answer] for (no, comment, answer), mark in zip(CATEGORY_ITEMS, "AB")])
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [
        (no, comment, answer, {"回答": mark}) for (no, comment, answer), mark in zip(CATEGORY_ITEMS, "AB")]


SHORT_ANSWER_ITEMS = [("1", "バス停に屋根を付けてほしい。", "原案のとおりとします"), ("2", "運賃を下げてほしい。", "ご意見として承ります")]
MEMOS = ["財政課と協議中。公表しないこと。", "事業者A社の担当者に電話確認済み。"]


@pytest.mark.parametrize(("second", "cells", "extra"), [
    ("回答の補足", ["", ""], [{}, {}]), ("修正後の回答", ["", ""], [{}, {}]),
    ("回答メモ", MEMOS, [{"回答メモ": memo} for memo in MEMOS]),
    ("回答状況", ["回答済", "回答済"], [{"回答状況": "回答済"}] * 2),
])
def test_web_page_answers_of_few_words_beside_an_empty_or_a_notes_column_named_for_the_answer(tmp_path, second, cells,
                                                                                              extra) -> None:
    """「回答」 of answers of a few words (no 「。」) beside 「回答の補足」 or 「修正後の回答」 left empty, or 「回答メモ」 of the
    office's notes: the 回答 cells are the answers. Every answer had been 「」 (the empty column taken), or the memo."""
    document = web_table(tmp_path, "○○市交通計画（案）に対する意見募集の結果",
                         f"<tr><th>No.</th><th>ご意見の概要</th><th>回答</th><th>{second}</th></tr>",
                         [[no, comment, answer, cell] for (no, comment, answer), cell in zip(SHORT_ANSWER_ITEMS, cells)])
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [
        (no, comment, answer, kept) for (no, comment, answer), kept in zip(SHORT_ANSWER_ITEMS, extra)]


@pytest.mark.parametrize(("comment_header", "answer_header"), [
    ("意見の概要", "市の考え方と対応区分"), ("意見の概要", "ご意見に対する考え方と反映の有無"), ("意見の概要", "市の考え方と修正の有無"),
    ("意見の概要", "市の考え方と担当課"), ("意見の概要", "市の考え方<br>担当課"), ("意見・該当箇所", "市の考え方"),
    ("ご意見の概要と該当箇所", "市の考え方"), ("意見及び該当箇所", "市の考え方"),
])
def test_web_page_header_joining_the_answer_or_the_comment_and_a_category_or_a_place(tmp_path, comment_header,
                                                                                    answer_header) -> None:
    """A header cell naming the answer and, joined with 「と」 or on a second line, its category or department
    (「市の考え方と対応区分」, 「市の考え方」 over 「担当課」), or the comment and its place (「意見・該当箇所」): still the
    answer or the comment. The whole page had been refused for want of an answer table."""
    document = web_table(tmp_path, "○○市公共交通計画（案）に対する意見募集の結果",
                         f"<tr><th>No.</th><th>{comment_header}</th><th>{answer_header}</th></tr>",
                         [list(item) for item in CATEGORY_ITEMS])
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [(*item, {}) for item in CATEGORY_ITEMS]
    assert document.warnings == ()


TAIOU_ITEMS = [("1", "バス停に屋根を付けてほしい。", "上屋の整備を順次進めてまいります。", "参考"),
               ("2", "運賃を下げてほしい。", "運賃は事業者が定めるものです。", "その他"),
               ("3", "計画に自転車を位置付けてほしい。", "第3章に自転車の利用促進を追記しました。", "修正")]


@pytest.mark.parametrize("labels_header", ["対応方針", "回答"])
def test_web_page_bare_response_column_of_sentences_beside_a_column_of_labels_named_for_the_answer(tmp_path,
                                                                                                labels_header) -> None:
    """「対応」 of sentences beside 「対応方針」 or 「回答」 of labels (参考／その他／修正): the sentences are the answer, the
    labels kept under their header. Every answer had been the label, the sentences kept as extra['対応']."""
    document = web_table(tmp_path, "○○市交通計画（案）に対する意見募集の結果",
                         f"<tr><th>No.</th><th>ご意見の概要</th><th>対応</th><th>{labels_header}</th></tr>",
                         [list(item) for item in TAIOU_ITEMS])
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [
        (no, comment, answer, {labels_header: label}) for no, comment, answer, label in TAIOU_ITEMS]


SPAN_PARTS_ITEMS = [("1", "緑を増やして。", "植樹を進めます。", {"該当箇所・頁": "3", "該当箇所・項目": "計画の目的"}),
                    ("2", "目標を数値で。", "第3章に記載しています。", {"該当箇所・頁": "10", "該当箇所・項目": "目標"})]


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_web_page_and_excel_header_whose_lower_row_names_the_parts_of_a_spanning_cell(tmp_path, fmt: str) -> None:
    """「該当箇所」 spanning 「頁｜項目」, No., ご意見の概要 and 市の考え方 merged down: the lower row had been read as an
    item numbered 「?」 with four warnings, and the columns named 「該当箇所」 and 「列3」."""
    rows = [[no, extra["該当箇所・頁"], extra["該当箇所・項目"], comment, answer] for no, comment, answer, extra in SPAN_PARTS_ITEMS]
    if fmt == "html":
        document = web_table(tmp_path, "○○市緑の基本計画（案）に対する意見募集の結果",
                             "<tr><th rowspan='2'>No.</th><th colspan='2'>該当箇所</th><th rowspan='2'>ご意見の概要</th>"
                             "<th rowspan='2'>市の考え方</th></tr><tr><th>頁</th><th>項目</th></tr>", rows)
    else:
        book = Workbook()
        sheet = book.active
        sheet["A1"] = "○○市緑の基本計画（案）に対する意見募集の結果"
        sheet.merge_cells("A1:E1")
        sheet.append(["No.", "該当箇所", None, "ご意見の概要", "市の考え方"])
        sheet.append([None, "頁", "項目", None, None])
        for range_ in ("A2:A3", "B2:C2", "D2:D3", "E2:E3"):
            sheet.merge_cells(range_)
        for row in rows:
            sheet.append([int(row[0]), int(row[1]), *row[2:]])
        book.save(tmp_path / "kekka.xlsx")
        document = one(tmp_path / "kekka.xlsx")
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == SPAN_PARTS_ITEMS
    assert document.warnings == ()


# --- web pages --------------------------------------------------------------------------------------
PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="{charset}"><title>公園再整備計画（案）への意見募集の結果 | ○○市</title></head>
<body>
<header id="header"><p class="logo">○○市</p><nav id="gnav"><ul><li>くらし・手続き</li><li>ご意見・お問い合わせ</li></ul></nav></header>
<div class="breadcrumb"><a href="/">ホーム</a> &gt; 市政情報 &gt; パブリックコメント</div>
<div id="tmp_contents">
<h1>○○市公園再整備計画（案）に対する意見募集の結果</h1>
<p>意見募集期間：令和6年4月1日～令和6年4月30日</p>
<p>意見総数：4件</p>
<h2>(1) 公園の施設について</h2>
<table border="1">
<tr><th>番号</th><th>ご意見の<br>概要</th><th>市の考え方</th></tr>
<tr><td>1</td><td>遊具を更新してほしい。</td><td rowspan="2">遊具は毎年点検し、<br>計画的に更新しています。<p>ご意見は今後の参考とします。</p></td></tr>
<tr><td>2</td><td>古い遊具が
危ない。</td></tr>
</table>
<h2>(2) その他</h2>
<table border="1">
<tr><th>番号</th><th>ご意見の概要</th><th>市の考え方</th></tr>
<tr><td>1</td><td>トイレを洋式にしてほしい。</td><td><ul><li>洋式化を順次進めます。</li><li>バリアフリー化も行います。</li></ul></td></tr>
</table>
</div>
<div id="side"><h2>関連情報</h2><table><tr><td>公園一覧</td><td>地図</td></tr></table></div>
<footer><p>○○市役所 〒000-0000 ○○市中央1-1</p></footer>
</body></html>
"""
PAGE_ITEMS = [
    ("(1)-1", "1", "公園の施設について", "遊具を更新してほしい。", ("遊具は毎年点検し、", "計画的に更新しています。", "ご意見は今後の参考とします。")),
    ("(1)-2", "2", "公園の施設について", "古い遊具が危ない。", ("遊具は毎年点検し、", "計画的に更新しています。", "ご意見は今後の参考とします。")),
    ("(2)-1", "1", "その他", "トイレを洋式にしてほしい。", ("・洋式化を順次進めます。", "・バリアフリー化も行います。")),
]


@pytest.mark.parametrize(("charset", "codec"), [("Shift_JIS", "cp932"), ("EUC-JP", "euc_jp"), ("UTF-8", "utf-8")])
def test_saved_web_page_in_its_declared_charset(tmp_path, charset: str, codec: str) -> None:
    path = tmp_path / "kekka.html"
    page = PAGE.format(charset=charset)
    path.write_bytes((page.replace("～", "〜") if codec == "euc_jp" else page).encode(codec))  # EUC-JP has no ～ (U+FF5E)
    document = one(path)
    assert [(i.key, i.no, i.topic, i.comment, i.answer_paragraphs) for i in document.items] == PAGE_ITEMS
    assert document.meta.title == "○○市公園再整備計画（案）に対する意見募集の結果"
    assert (document.meta.period_start, document.meta.period_end, document.meta.declared_count) == ("2024-04-01", "2024-04-30", 4)
    assert document.warnings == (
        "文書に記載の意見総数は4件ですが、表から読み取れた項目は3件です。類似意見をまとめた可能性があります。"
        "原本と照合してください（行の追加・削除はしていません）。",
    )


def test_web_pages_naming_the_plan_in_h1_and_the_result_in_h2_keep_apart(tmp_path, store) -> None:
    """「<h1>○○計画（案）</h1><h2>意見募集の結果</h2>」: the title is both; two such pages of one period were
    one title, and the second replaced the first in the store."""
    for name, plan in (("a.html", "第2期○○市総合戦略（案）"), ("b.html", "○○市データヘルス計画（案）")):
        (tmp_path / name).write_text(
            f"<html><head><meta charset='utf-8'><title>{plan}</title></head><body><div id='main'><h1>{plan}</h1>"
            "<h2>意見募集の結果</h2><p>意見募集期間：令和6年1月4日から令和6年2月2日まで</p>"
            "<table border='1'><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
            f"<tr><td>1</td><td>{plan}への意見。</td><td>{plan}の回答。</td></tr></table></div></body></html>", encoding="utf-8")
    assert one(tmp_path / "a.html").meta.title == "第2期○○市総合戦略（案）意見募集の結果"
    ingest([tmp_path / "a.html", tmp_path / "b.html"], store)
    assert sorted(document.title for document in store.documents()) == [
        "○○市データヘルス計画（案）意見募集の結果", "第2期○○市総合戦略（案）意見募集の結果"]


def test_web_page_answer_with_a_table_and_a_numbered_list_inside(tmp_path) -> None:
    """A fee table inside an answer cell: the answer table is read (the page was refused), the small
    table's rows kept as paragraphs; <ol> items keep their numbers (they became 「・」)."""
    (tmp_path / "kekka.html").write_text(
        "<html><head><meta charset='utf-8'></head><body><h1>使用料の改定（案）に対する意見募集の結果</h1>"
        "<table border='1'><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
        "<tr><td>1</td><td>値上げの額は。</td><td>改定額は次のとおりです。<table><tr><th>施設</th><th>現行</th><th>改定後</th></tr>"
        "<tr><td>体育館</td><td>500円</td><td>600円</td></tr></table>なお、減免制度は継続します。</td></tr>"
        "<tr><td>2</td><td>案内を増やして。</td><td>次のとおり修正します。<ol><li>案内板の多言語化</li><li>ピクトグラムの活用</li></ol></td></tr>"
        "</table></body></html>", encoding="utf-8")
    document = one(tmp_path / "kekka.html")
    assert [(i.no, i.answer_paragraphs) for i in document.items] == [
        ("1", ("改定額は次のとおりです。", "施設／現行／改定後", "体育館／500円／600円", "なお、減免制度は継続します。")),
        ("2", ("次のとおり修正します。", "1.案内板の多言語化", "2.ピクトグラムの活用")),
    ]


def test_word_s_own_web_page_shows_its_list_bullets_as_bullets(tmp_path) -> None:
    """Word's 「Web ページ」 writes a list's bullet as the Wingdings letter 「l」 (or Symbol's 「·」) in a span styled
    mso-list:Ignore: the comments read 「l病児保育の拡充」. A numbered item's marker stays as written."""
    def item(marker: str, font: str, text: str) -> str:
        return (f"<p class=MsoListParagraph style='margin-left:18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]>"
                f"<span lang=EN-US style='font-family:{font}'><span style='mso-list:Ignore'>{marker}"
                f"<span style='font:7.0pt \"Times New Roman\"'>&nbsp; </span></span></span><![endif]>{text}<o:p></o:p></p>")

    (tmp_path / "kekka.htm").write_text(
        "<html><head><meta charset='utf-8'><meta name=Generator content='Microsoft Word 15'></head><body>"
        "<p class=MsoNormal>子育て支援事業計画（素案）に対する意見募集の結果</p><table class=MsoTableGrid border=1>"
        "<tr><td><p>No.</p></td><td><p>ご意見の概要</p></td><td><p>市の考え方</p></td></tr>"
        "<tr><td><p>1</p></td><td><p class=MsoNormal>次の点を盛り込んでほしい。</p>" + item("l", "Wingdings", "病児保育の拡充")
        + item("·", "Symbol", "一時預かりのオンライン予約") + "</td><td>" + item("(1)", "游明朝", "定員を拡充します。")
        + "</td></tr></table></body></html>", encoding="utf-8")
    document = one(tmp_path / "kekka.htm")
    assert [(i.comment, i.answer) for i in document.items] == [
        ("次の点を盛り込んでほしい。\n・病児保育の拡充\n・一時預かりのオンライン予約", "(1)定員を拡充します。")]


def test_list_items_keep_a_bullet_or_their_number_once() -> None:
    from assistant.readers.cells import html_paragraphs

    assert html_paragraphs("<ul><li>2025年度に実施</li><li>・既に</li></ul><ol><li>(1) 既に番号</li><li>次</li></ol>") == [
        "・2025年度に実施", "・既に", "(1)既に番号", "2.次"]


def test_web_page_tfoot_before_tbody_is_a_note_under_the_table_not_a_topic(tmp_path) -> None:
    (tmp_path / "kekka.html").write_text(
        "<html><head><meta charset='utf-8'></head><body><h1>障害者計画（案）に対する意見募集の結果</h1><table border='1'>"
        "<thead><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr></thead>"
        "<tfoot><tr><td colspan='3'>※ご意見は要約しています。</td></tr></tfoot>"
        "<tbody><tr><td>1</td><td>就労支援を。</td><td>充実します。</td></tr><tr><td>2</td><td>相談窓口を。</td><td>設けます。</td></tr></tbody>"
        "</table></body></html>", encoding="utf-8")
    document = one(tmp_path / "kekka.html")
    assert [(i.no, i.topic, i.comment) for i in document.items] == [("1", None, "就労支援を。"), ("2", None, "相談窓口を。")]


def test_web_page_group_headings_without_numbers_are_topics(tmp_path) -> None:
    """<h3>総論</h3> and <h3>各論</h3> above tables whose numbering restarts: the topics and keys keep the
    groups apart (the topic was lost and the store told 1, 2, 1, 2 apart only by suffixes)."""
    (tmp_path / "kekka.html").write_text(
        "<html><head><meta charset='utf-8'></head><body><h1>公共施設再配置計画（案）に関するパブリックコメントの結果</h1>"
        + "".join(f"<h3>{group}</h3><table border='1'><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
                  f"<tr><td>1</td><td>{group}の意見1。</td><td>回答1。</td></tr><tr><td>2</td><td>{group}の意見2。</td><td>回答2。</td></tr></table>"
                  for group in ("総論", "各論"))
        + "<h2>関連情報</h2><p>計画本文</p></body></html>", encoding="utf-8")
    document = one(tmp_path / "kekka.html")
    assert [(i.key, i.no, i.topic, i.comment) for i in document.items] == [
        ("g1-1", "1", "総論", "総論の意見1。"), ("g1-2", "2", "総論", "総論の意見2。"),
        ("g2-1", "1", "各論", "各論の意見1。"), ("g2-2", "2", "各論", "各論の意見2。")]
    assert document.meta.title == "公共施設再配置計画（案）に関するパブリックコメントの結果"


def test_web_page_of_labelled_comments_under_h2_headings_takes_them_as_topics(tmp_path) -> None:
    """【意見】/【市の考え方】 paragraphs under <h2>自転車通行空間</h2>: the heading was the previous answer's last
    paragraph, and the page's 「このページに関するお問い合わせ」 the last answer's."""
    (tmp_path / "kekka.html").write_text(
        "<html><head><meta charset='utf-8'></head><body><h1>自転車活用推進計画（案）への意見募集の結果</h1>"
        "<h2>自転車通行空間</h2><p>【意見】自転車レーンが途切れていて危ない。</p><p>【市の考え方】連続した整備を進めます。</p>"
        "<p>【意見】歩道を走る自転車が多い。</p><p>【市の考え方】ルールの周知を進めます。</p>"
        "<h2>シェアサイクル</h2><p>【意見】ポートを駅周辺に増やして。</p><p>【市の考え方】拡充を検討します。</p>"
        "<p>このページに関するお問い合わせ：都市整備部交通政策課</p></body></html>", encoding="utf-8")
    document = one(tmp_path / "kekka.html")
    assert [(i.no, i.topic, i.comment, i.answer_paragraphs) for i in document.items] == [
        ("1", "自転車通行空間", "自転車レーンが途切れていて危ない。", ("連続した整備を進めます。",)),
        ("2", "自転車通行空間", "歩道を走る自転車が多い。", ("ルールの周知を進めます。",)),
        ("3", "シェアサイクル", "ポートを駅周辺に増やして。", ("拡充を検討します。",))]


def test_web_page_of_definition_lists_leaves_its_page_top_links_out_of_the_answers(tmp_path) -> None:
    """「ページの先頭へ」 after each <dl> item joined the answer, and the note after the last one too."""
    items = [("指導を強化してほしい。", "段階的に行います。"), ("解体費用の補助を。", "令和7年度から実施します。")]
    (tmp_path / "kekka.html").write_text(
        "<html><head><meta charset='utf-8'></head><body><div id='main'><h1>空家等対策計画（案）に対する意見募集の結果</h1>"
        "<p>意見件数：2件</p>"
        + "".join(f"<h3>意見{n}</h3><dl><dt>意見</dt><dd>{c}</dd><dt>市の考え方</dt><dd>{a}</dd></dl>"
                  "<p class='pagetop'><a href='#top'>ページの先頭へ</a></p>" for n, (c, a) in enumerate(items, start=1))
        + "<p>※ご意見は要旨を掲載しています。</p></div></body></html>", encoding="utf-8")
    document = one(tmp_path / "kekka.html")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [("1", *items[0]), ("2", *items[1])]


def test_web_page_table_split_in_two_with_a_note_between_is_read_whole(tmp_path) -> None:
    """「（表は次に続きます）」 between the two parts: the second part (no header) was skipped."""
    rows = lambda numbers: "".join(f"<tr><td>{n}</td><td>意見{n}。</td><td>回答{n}。</td></tr>" for n in numbers)
    (tmp_path / "kekka.html").write_text(
        "<html><head><meta charset='utf-8'></head><body><h1>農業振興計画（案）に対する意見募集の結果</h1><p>意見総数 4件</p>"
        f"<table border='1'><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>{rows((1, 2))}</table>"
        f"<p>（表は次に続きます）</p><table border='1'>{rows((3, 4))}</table></body></html>", encoding="utf-8")
    document = one(tmp_path / "kekka.html")
    assert [(i.no, i.comment) for i in document.items] == [(str(n), f"意見{n}。") for n in (1, 2, 3, 4)]
    assert document.warnings == ()


# --- web pages saved as one file (MHTML) -------------------------------------------------------------
def _chromium_mhtml(page_path) -> str:
    """The page saved as one file by real Chromium (what 「Web ページ、1 ファイル」 writes)."""
    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        page.goto(page_path.as_uri())
        snapshot = page.context.new_cdp_session(page).send("Page.captureSnapshot", {"format": "mhtml"})["data"]
        browser.close()
    return snapshot


def test_web_page_saved_as_one_file_by_chromium(tmp_path) -> None:
    """「Web ページ、1 ファイル」 as Chrome and Edge write it (Chromium's own MHTML, made here from PAGE in
    Shift_JIS with a logo and a style sheet): the same items as the page saved as HTML."""
    (tmp_path / "logo.png").write_bytes((REPO_ROOT / "assets" / "icon.png").read_bytes())
    (tmp_path / "site.css").write_text("table { border-collapse: collapse; }", encoding="utf-8")
    page_html = PAGE.format(charset="Shift_JIS").replace(
        "</head>", '<link rel="stylesheet" href="site.css"></head>').replace('<p class="logo">', '<p class="logo"><img src="logo.png">')
    (tmp_path / "kekka.html").write_bytes(page_html.encode("cp932"))
    snapshot = _chromium_mhtml(tmp_path / "kekka.html")
    (tmp_path / "kekka.mhtml").write_text(snapshot, encoding="utf-8", newline="")
    assert snapshot.startswith("From: <Saved by Blink>") and "image/png" in snapshot  # several parts
    document = one(tmp_path / "kekka.mhtml")
    assert [(i.key, i.no, i.topic, i.comment, i.answer_paragraphs) for i in document.items] == PAGE_ITEMS
    assert (document.meta.title, document.meta.kind, document.meta.declared_count) == (
        "○○市公園再整備計画（案）に対する意見募集の結果", "table", 4)

    # The result table shown in an <iframe> of the saved page: read from the frame's part.
    (tmp_path / "table.html").write_bytes(page_html.encode("cp932"))
    (tmp_path / "outer.html").write_text("<html><head><meta charset='utf-8'><title>結果</title></head><body>"
                                         "<h1>意見募集の結果</h1><iframe src='table.html'></iframe></body></html>", encoding="utf-8")
    (tmp_path / "outer.mhtml").write_text(_chromium_mhtml(tmp_path / "outer.html"), encoding="utf-8", newline="")
    document = one(tmp_path / "outer.mhtml")
    assert [(i.key, i.no, i.topic, i.comment, i.answer_paragraphs) for i in document.items] == PAGE_ITEMS


def test_mht_in_the_charset_its_part_declares(tmp_path) -> None:
    """Internet Explorer's 「Web アーカイブ」 and Word's 「単一ファイル Web ページ」 (.mht): the page's charset is
    in its part's header only (no meta tag), here in base64; found also when the file is named .txt."""
    from email import encoders
    from email.mime.base import MIMEBase
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart

    page = MIMEBase("text", "html", charset="shift_jis")
    page.set_payload(PAGE.format(charset="Shift_JIS").replace('<meta charset="Shift_JIS">', "").encode("cp932"))
    encoders.encode_base64(page)
    message = MIMEMultipart("related", type="text/html")
    message.attach(page)
    message.attach(MIMEImage((REPO_ROOT / "assets" / "icon.png").read_bytes(), "png"))
    for name in ("kekka.mht", "kekka.txt"):
        (tmp_path / name).write_bytes(message.as_bytes())
        document = one(tmp_path / name)
        assert [(i.key, i.comment, i.answer_paragraphs) for i in document.items] == [
            (key, comment, answer) for key, _, _, comment, answer in PAGE_ITEMS]
        assert document.meta.title == "○○市公園再整備計画（案）に対する意見募集の結果"


def test_mhtml_without_a_page_is_refused_saying_how_to_save_it_again(tmp_path) -> None:
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart

    from assistant.errors import DamagedFileError

    message = MIMEMultipart("related")
    message.attach(MIMEImage((REPO_ROOT / "assets" / "icon.png").read_bytes(), "png"))
    (tmp_path / "kekka.mhtml").write_bytes(message.as_bytes())
    with pytest.raises(DamagedFileError) as caught:
        read_document(tmp_path / "kekka.mhtml")
    assert caught.value.reason == ("MHTML（Web ページ、1 ファイル）の中に Web ページの本文が見つかりません。"
                                   "ブラウザーで開けるか確かめ、「Web ページ、HTML のみ」で保存し直してください。")


def test_euc_jp_page_with_nec_special_characters(tmp_path) -> None:
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=EUC-JP"></head><body>'
            "<table><tr><th>No.</th><th>ご意見</th><th>本市の考え方</th></tr>"
            "<tr><td>1</td><td>①除雪、②排雪について。</td><td>㈱と協定を結んでいます。</td></tr></table></body></html>")
    path = tmp_path / "euc.html"
    path.write_bytes(page.encode("euc_jis_2004"))
    assert [(i.comment, i.answer) for i in one(path).items] == [("①除雪、②排雪について。", "㈱と協定を結んでいます。")]


def test_web_page_nested_in_a_layout_table_without_declared_charset(tmp_path) -> None:
    page = ("<html><body><table><tr><td><p>メニュー</p></td><td><h3>意見募集の結果</h3>"
            "<table><tr><td>No.</td><td>意見の要旨</td><td>回答</td></tr><tr><td>1</td><td>除雪を早く。</td><td>努めます。</td></tr></table>"
            "</td></tr></table></body></html>")
    path = tmp_path / "old.htm"
    path.write_bytes(page.encode("cp932"))
    document = one(path)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [("1", "除雪を早く。", "努めます。")]
    assert document.meta.title == "意見募集の結果"


def test_web_page_in_an_unknown_encoding_is_refused(tmp_path) -> None:
    path = tmp_path / "latin.html"
    path.write_bytes("<html><body><p>".encode() + bytes(range(0x80, 0x100)) * 4 + b"</p></body></html>")
    with pytest.raises(UnknownEncodingError):
        read_document(path)


def test_web_page_with_a_broken_character_in_its_declared_charset_is_read_and_said(tmp_path) -> None:
    """One byte its Shift_JIS cannot read (as a browser shows 「�」): the page is read, the byte replaced and
    counted; the whole page was refused, and --encoding did not help. Many such bytes still refuse it."""
    path = tmp_path / "kekka.html"
    page = PAGE.format(charset="Shift_JIS").encode("cp932")
    path.write_bytes(page.replace("古い遊具が".encode("cp932"), "古い".encode("cp932") + b"\x81\x20" + "遊具が".encode("cp932")))
    document = one(path)
    assert [i.comment for i in document.items][1] == "古い\ufffd遊具が危ない。"
    assert document.warnings[-1] == ("ページの文字コードで読めないバイトが 1 か所あり、「\ufffd」に置き換えて読みました。"
                                     "ブラウザーで同じ箇所を確認してください。")
    path.write_bytes(page.replace("<p>意見総数：4件</p>".encode("cp932"), b"<p>" + b"\x81\x20" * 60 + b"</p>"))
    with pytest.raises(UnknownEncodingError):
        read_document(path)


def test_web_page_navigation_tables_are_not_answers(tmp_path) -> None:
    page = PAGE.format(charset="UTF-8").replace("<table border=\"1\">", "<table class=\"x\">")
    path = tmp_path / "kekka.html"
    path.write_text(page, encoding="utf-8")
    items = one(path).items
    assert "公園一覧" not in "".join(i.comment + i.answer for i in items)
    assert len(items) == 3


# --- Excel as published -------------------------------------------------------------------------------
def test_published_excel_with_title_rows_merged_cells_and_group_rows(tmp_path) -> None:
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "○○市環境基本計画（案）に対する意見募集の結果"
    sheet["A1"].font = Font(size=16)
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "意見募集期間：令和6年6月1日～令和6年6月30日"
    sheet.merge_cells("A2:D2")
    sheet["A3"] = "意見提出者数：3人　意見数：4件"
    sheet.merge_cells("A3:D3")
    sheet.append([])
    sheet.append(["番号", "該当ページ", "ご意見の要旨", "市の考え方"])
    sheet.append(["(1) 計画全体について"])
    sheet.merge_cells("A6:D6")
    sheet.append([1, "P.3", "目標が曖昧だ。", "目標は第2章で数値で示しています。\n今後の進捗も公表します。"])
    sheet.append([2, "P.5", "市民参加を増やして。", "ワークショップを開催します。"])
    sheet.append([3, None, "説明会を開いてほしい。", None])
    sheet.merge_cells("D8:D9")
    sheet.merge_cells("B8:B9")
    sheet.append(["(2) 個別施策について"])
    sheet.merge_cells("A10:D10")
    sheet.append([1, "P.10", "太陽光パネルの補助を。", "補助制度を継続します。"])
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert document.meta.kind == "table"
    assert document.meta.title == "○○市環境基本計画（案）に対する意見募集の結果"
    assert (document.meta.period_start, document.meta.declared_count, document.warnings) == ("2024-06-01", 4, ())
    assert [(i.key, i.topic, i.comment, i.answer_paragraphs, i.extra) for i in document.items] == [
        ("(1)-1", "計画全体について", "目標が曖昧だ。", ("目標は第2章で数値で示しています。", "今後の進捗も公表します。"), {"該当ページ": "P.3"}),
        ("(1)-2", "計画全体について", "市民参加を増やして。", ("ワークショップを開催します。",), {"該当ページ": "P.5"}),
        ("(1)-3", "計画全体について", "説明会を開いてほしい。", ("ワークショップを開催します。",), {"該当ページ": "P.5"}),
        ("(2)-1", "個別施策について", "太陽光パネルの補助を。", ("補助制度を継続します。",), {"該当ページ": "P.10"}),
    ]


def test_published_excel_reference_table_under_the_answer_table_is_left_out_and_said(tmp_path) -> None:
    """「【参考】意見提出者の内訳」 after a blank row: its 区分｜人数｜ご意見の件数 rows were items (No. 個人 …)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    sheet["A1"] = "○○市下水道ビジョン（案）に対する意見募集結果"
    sheet.merge_cells("A1:C1")
    sheet.append(["意見数：2件"])
    sheet.append([])
    sheet.append(["No.", "ご意見の概要", "市の考え方"])
    sheet.append([1, "料金を下げて。", "努めます。"])
    sheet.append([2, "耐震化を。", "進めます。"])
    for row in ([], ["【参考】意見提出者の内訳"], ["区分", "人数", "ご意見の件数"], ["個人", "1", "1"], ["団体", "1", "1"]):
        sheet.append(row)
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert document.meta.kind == "table"
    assert [(i.no, i.comment, i.answer) for i in document.items] == [("1", "料金を下げて。", "努めます。"),
                                                                     ("2", "耐震化を。", "進めます。")]
    assert document.warnings == (
        "シート「結果」の8行目から11行目: 回答の表の後の別の表（「【参考】意見提出者の内訳」、見出し: 区分・人数・ご意見の件数）は、"
        "回答の表の続きとみなせないため読み飛ばしました。原本を確認し、回答の表の一部であれば、空の行と"
        "「【参考】意見提出者の内訳」の行を消してから取り込み直してください。",)


def test_published_excel_note_under_the_table_in_the_comment_column_joins_no_comment(tmp_path) -> None:
    """「※ご意見は、…要約して掲載しています。」 alone in the comment column after a blank row was added to the last
    comment, without a word."""
    note = "※ご意見は、趣旨を損なわない範囲で要約して掲載しています。"
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    sheet["A1"] = "××市子育て支援計画（案）に関するパブリックコメントの実施結果"
    sheet.merge_cells("A1:D1")
    sheet.append([])
    sheet.append(["No.", "該当箇所", "ご意見の要旨", "市の考え方"])
    sheet.append([1, "P.3", "待機児童を解消して。", "定員を拡大します。"])
    sheet.append([2, "P.15", "児童館を増やして。", "既存施設の活用を検討します。"])
    sheet.append([])
    sheet.append([None, None, note])
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "待機児童を解消して。", "定員を拡大します。"), ("2", "児童館を増やして。", "既存施設の活用を検討します。")]
    assert document.warnings == (
        f"シート「結果」の7行目: 表の下の注記「{note}」は、ご意見ではないため項目に含めませんでした（前の項目にも加えていません）。",)


SPANNED = [("1", "避難所に女性の視点を。", "運営指針に明記します。", {"該当箇所": "第2章", "対応区分": "修正する"}),
           ("2", "情報伝達を多重化して。", "防災無線と併せて進めます。", {"該当箇所": "第3章", "対応区分": "原案どおり"})]


def test_published_excel_header_whose_top_row_already_names_both_columns(tmp_path) -> None:
    """「意見の内容」 spans 「該当箇所」 and 「意見の概要」, and 「県の考え方」 is merged down: the top row alone names
    a comment and an answer column, so it was taken as the header, the second header row became an item, and
    every comment was the 該当箇所 under 「意見の内容」 (the comment itself only in an extra column)."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "○○県地域防災計画（修正案）に対する意見募集の結果"
    sheet.merge_cells("A1:E1")
    sheet.append(["No.", "意見の内容", None, "県の考え方", "対応区分"])
    sheet.append([None, "該当箇所", "意見の概要", None, None])
    for range_ in ("A2:A3", "B2:C2", "D2:D3", "E2:E3"):
        sheet.merge_cells(range_)
    for no, comment, answer, extra in SPANNED:
        sheet.append([int(no), extra["該当箇所"], comment, answer, extra["対応区分"]])
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == SPANNED
    assert document.warnings == ()


def test_web_page_header_whose_top_row_already_names_both_columns(tmp_path) -> None:
    document = web_table(tmp_path, "○○県地域防災計画（修正案）に対する意見募集の結果",
                         "<thead><tr><th rowspan='2'>No.</th><th colspan='2'>意見の内容</th><th rowspan='2'>県の考え方</th>"
                         "<th rowspan='2'>対応区分</th></tr><tr><th>該当箇所</th><th>意見の概要</th></tr></thead>",
                         [[no, extra["該当箇所"], comment, answer, extra["対応区分"]] for no, comment, answer, extra in SPANNED])
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == SPANNED


def test_published_excel_section_rows_typed_in_one_column_without_merging(tmp_path) -> None:
    """Section rows not merged across: 「【全体構想】」/「■地域別構想」 alone in the No. column (read as items numbered
    「【全体構想】」 with empty comments), 「基本目標2　安心して…」 alone in the comment column (joined to the comment
    above it without a word)."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "○○市都市計画マスタープラン（案）に対する意見募集の結果"
    sheet.merge_cells("A1:C1")
    for row in (["No.", "ご意見の概要", "市の考え方"], ["【全体構想】"], [1, "将来都市像がわかりにくい。", "説明図を追加します。"],
                ["■地域別構想"], [2, "生活道路の整備を。", "地域別構想に位置付けています。"],
                [None, "基本目標2　安心して暮らせる社会づくり"], [3, "相談窓口の周知を。", "カードを配置します。"]):
        sheet.append(row)
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert [(i.no, i.topic, i.comment, i.answer) for i in document.items] == [
        ("1", "全体構想", "将来都市像がわかりにくい。", "説明図を追加します。"),
        ("2", "地域別構想", "生活道路の整備を。", "地域別構想に位置付けています。"),
        ("3", "基本目標2安心して暮らせる社会づくり", "相談窓口の周知を。", "カードを配置します。")]
    assert document.warnings == ()


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize(("first", "second", "topics"), [
    ("【第1章　計画の概要】", "【第2章　施策の展開】", ("計画の概要", "施策の展開")),
    ("■第1章　総論", "■第2章　各論", ("総論", "各論")),
    ("＜第1章＞計画の概要", "＜第2章＞計画の推進", ("計画の概要", "計画の推進")),
    ("【基本目標１】", "【基本目標２】", ("基本目標1", "基本目標2")),
    ("［第1章］", "［第2章］", ("第1章", "第2章")),
    ("第1章関係", "第3章関係", ("第1章関係", "第3章関係")),
])
def test_section_rows_with_a_chapter_number_alone_in_the_no_column_are_topics(tmp_path, fmt, first, second, topics) -> None:
    """Review of the readers: a section row typed alone in the No. column was a topic only without a digit in it:
    「【第1章　計画の概要】」 gave no topic and four warnings (empty comment, empty answer, row skipped), in Word, PDF
    and Excel alike; and 「第3章関係」 gave the topic 「関係」."""
    rows = [["No.", "頁", "ご意見の要旨", "市の考え方"], [first, "", "", ""],
            ["１", "3", "計画期間を明記してほしい。", "令和11年度までの5年間です。"], [second, "", "", ""],
            ["２", "12", "民生委員の負担が大きい。", "事務負担の軽減に努めます。"]]
    if fmt == "docx":
        word = Document()
        word.add_paragraph("地域福祉計画（素案）への意見と市の考え方")
        word_table(word, rows)
        word.save(tmp_path / "kekka.docx")
    else:
        book = Workbook()
        sheet = book.active
        sheet["A1"] = "地域福祉計画（素案）への意見と市の考え方"
        sheet.merge_cells("A1:D1")
        for row in rows:
            sheet.append([value or None for value in row])
        book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / f"kekka.{fmt}")
    assert [(i.no, i.topic, i.comment, i.answer, i.extra) for i in document.items] == [
        ("1", topics[0], "計画期間を明記してほしい。", "令和11年度までの5年間です。", {"頁": "3"}),
        ("2", topics[1], "民生委員の負担が大きい。", "事務負担の軽減に努めます。", {"頁": "12"})]
    assert document.warnings == ()


@pytest.mark.parametrize(("text", "title"), [
    ("1 全般", "全般"), ("１　全般", "全般"), ("Ⅰ\u3000全般", "全般"), ("(1) 全体", "全体"), ("2 関連", "関連"),
    ("① 全般", "全般"), ("第3章関係", "第3章関係"), ("第2章について", "第2章について"), ("第1節 全般", "第1節 全般"),
    ("第１節　全般", "第1節 全般"), ("第1章　総論", "総論"),
])
def test_only_a_chapter_label_joins_a_heading_that_names_what_it_is_about(text, title) -> None:
    """Second reading: the 「第3章関係」 rule glued every label on, so 「１　全般」 gave the topic 「1全般」, 「Ⅰ　全般」
    「Ⅰ全般」 and 「(1) 全体」 「(1)全体」; only a chapter's (第N章/節/部/編) is part of what the heading names. Review of
    the readers: the space printed between that label and its word went too (「第1節 全般」 was 「第1節全般」)."""
    from assistant.readers.grid import parse_heading

    assert parse_heading(text).title == title


def test_a_section_heading_keeps_the_space_between_its_label_and_a_word_it_names_in_word(tmp_path) -> None:
    """Review of the readers: 「第1節 全般」 above a table gave its items the topic 「第1節全般」, while 「第1章　総論」
    gives 「総論」 (a word that says what the chapter is about on its own)."""
    word = Document()
    word.add_paragraph("○○計画（案）に対する意見募集の結果")
    word.add_paragraph("第1章　総論")
    word_table(word, [["No.", "ご意見の概要", "市の考え方"], ["1", "計画期間を明記してほしい。", "5年間です。"]])
    word.add_paragraph("第1節 全般")
    word_table(word, [["No.", "ご意見の概要", "市の考え方"], ["2", "目標値を示してほしい。", "第4章に示しています。"]])
    word.save(tmp_path / "kekka.docx")
    document = one(tmp_path / "kekka.docx")
    assert [(i.no, i.topic) for i in document.items] == [("1", "総論"), ("2", "第1節 全般")]
    assert document.warnings == ()


def test_published_excel_numbered_section_row_gives_the_word_as_its_topic(tmp_path) -> None:
    """Second reading: a merged section row 「１　全般」 gave item 1 the topic 「1全般」."""
    book = Workbook()
    sheet = book.active
    for row in (["図書館計画に対する意見募集の結果"], ["No.", "ご意見の要旨", "市の考え方"], ["１　全般"],
                ["1", "計画全体が分かりにくい。", "分かりやすく記載します。"], ["２　施設について"],
                ["2", "駐車場が狭い。", "難しい状況です。"]):
        sheet.append(row)
    for cells in ("A1:C1", "A3:C3", "A5:C5"):
        sheet.merge_cells(cells)
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert [(i.no, i.topic) for i in document.items] == [("1", "全般"), ("2", "施設について")]


@pytest.mark.parametrize("no", ["【3】", "4-1", "No.5", "第2号"])
def test_a_number_alone_in_the_no_column_is_no_section(no) -> None:
    """A No. without its comment and answer stays an item of the grid, however it is bracketed (no section). The
    grid says once, with the row's place, that it is left out (the document's cleaning leaves it out and says no more:
    test_an_empty_row_among_answers_is_warned_of_once; it had been three contradicting warnings)."""
    from assistant.readers.grid import Cell, Row, read_grid

    header = Row((Cell(("No.",)), Cell(("ご意見",)), Cell(("市の考え方",))), table_start=True)
    result = read_grid([header, Row((Cell(("1",)), Cell(("意見A",)), Cell(("回答。",)))), Row((Cell((no,)), Cell(), Cell()))])
    assert [(i.no, i.topic) for i in result.items] == [("1", None), (no, None)]
    assert result.warnings == [f"No.{no}（表の2行目）: ご意見も回答も空のため読み飛ばしました。"]


def test_published_excel_header_with_a_spanning_answer_cell_over_a_section_row_keeps_its_numbers(tmp_path) -> None:
    """A one-row header whose 市の考え方 spans two columns, then 「第1章 …」 merged across: the section row is no
    second header row (it was, and the No. column became an extra column named after it)."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "環境基本計画（案）に対する意見募集の結果"
    sheet.merge_cells("A1:D1")
    sheet.append(["No.", "ご意見の概要", "市の考え方", None])
    sheet.merge_cells("C2:D2")
    sheet.append(["第1章　計画の基本的事項"])
    sheet.merge_cells("A3:D3")
    sheet.append([3, "計画期間の理由を示して。", "国の計画に合わせています。", "無"])
    sheet.append([4, "削減目標を引き上げて。", "国の目標を踏まえています。", "無"])
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert [(i.no, i.topic, i.comment) for i in document.items] == [
        ("3", "計画の基本的事項", "計画期間の理由を示して。"), ("4", "計画の基本的事項", "削減目標を引き上げて。")]


def test_published_excel_comment_continued_on_rows_of_its_own_stays_one_comment(tmp_path) -> None:
    """Rows holding only the rest of a comment (「(1) バス路線の維持について」, 「P12の図表を更新すべき」) are no
    section headings."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "総合計画（案）に対する意見募集の結果"
    sheet.merge_cells("A1:C1")
    for row in (["No.", "ご意見の概要", "市の考え方"], [1, "以下の点について意見します。", "検討します。"],
                [None, "(1) バス路線の維持について"], [None, "P12の図表を更新すべき"], [2, "賛成です。", "ありがとうございます。"]):
        sheet.append(row)
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert [(i.no, i.topic, i.comment) for i in document.items] == [
        ("1", None, "以下の点について意見します。\n(1) バス路線の維持についてP12の図表を更新すべき"), ("2", None, "賛成です。")]
    assert document.warnings == ("表の2行目: ご意見の欄だけの行「(1) バス路線の維持について」を No.1 のご意見の続きとして読みました。"
                                 "見出しの行なら原本を確認してください。",)


def test_published_excel_chapter_rows_typed_in_the_comment_column_are_topics(tmp_path) -> None:
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "交通計画（案）に対する意見募集の結果"
    sheet.merge_cells("A1:C1")
    for row in (["No.", "ご意見の概要", "市の考え方"], [None, "第1章　計画の概要"], [1, "将来像がわかりにくい。", "説明図を追加します。"],
                [None, "第2章　施策の展開"], [2, "バスを増やして。", "協議します。"]):
        sheet.append(row)
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert [(i.no, i.topic, i.comment) for i in document.items] == [
        ("1", "計画の概要", "将来像がわかりにくい。"), ("2", "施策の展開", "バスを増やして。")]


def test_published_excel_group_rows_numbered_with_a_full_width_space(tmp_path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["札幌市公共交通計画（案）に対する意見募集の結果"])
    sheet.merge_cells("A1:C1")
    sheet.append(["意見提出者数 2人（意見数 3件）"])
    sheet.append(["No.", "ご意見の概要", "市の考え方"])
    for row in (["１\u3000計画全体について"], [1, "目標が曖昧だ。", "第2章で示しています。"],
                [2, "市民参加を増やして。", "ワークショップを開催します。"], ["２\u3000バス路線について"],
                [3, "減便をやめて。", "事業者と協議します。"]):
        sheet.append(row)
    sheet.merge_cells("A4:C4")
    sheet.merge_cells("A7:C7")
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert [(i.no, i.topic) for i in document.items] == [("1", "計画全体について"), ("2", "計画全体について"),
                                                         ("3", "バス路線について")]
    assert (document.meta.declared_count, document.warnings) == (3, ())


def test_excel_without_a_result_table_says_what_is_missing(tmp_path) -> None:
    book = Workbook()
    book.active["A1"] = "会議日程"
    book.active.merge_cells("A1:C1")
    book.active.append(["日付", "場所", "議題"])
    book.save(tmp_path / "schedule.xlsx")
    with pytest.raises(NoContentError) as caught:
        read_document(tmp_path / "schedule.xlsx")
    assert caught.value.reason == (
        "Excel ファイルの中に、意見と回答の表（No.・ご意見・考え方などの見出し行）が見つかりません。"
        "見出し行の列名を確認してください。")  # the header is looked for in every row, as the items are read


def _long_preamble(sheet, rows: int, labels: bool = False) -> int:
    """A published workbook's preamble of ``rows`` rows over the table (a title, 意見募集の概要, notes in merged cells,
    blank rows; with ``labels`` two label rows 「ご意見の概要」 over 「本市の考え方」 in one merged cell, no header on two
    rows): the next row's number."""
    lines = ["○○市下水道ビジョン（案）に対する意見募集結果", "", "１　意見募集の概要", "（１）意見募集期間：令和6年6月1日～令和6年6月30日",
             "（２）意見提出者数：2人", "（３）意見数：2件", ""] + (["２　ご意見の取扱い", "ご意見の概要", "本市の考え方"] if labels else [])
    for row in range(1, rows + 1):
        text = lines[row - 1] if row <= len(lines) else ("" if row % 3 == 0 else f"※注記{row}：ご意見は要約して掲載しています。")
        if text:
            sheet.cell(row, 1, text)
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    return rows + 1


def _rows_at(sheet, row: int, rows: list[list[object]]) -> None:
    for number, values in enumerate(rows, row):
        for column, value in enumerate(values, 1):
            sheet.cell(number, column, value)


def test_published_excel_header_under_a_long_preamble_ends_the_table_at_the_reference_table(tmp_path) -> None:
    """A header in row 26 was looked for in the top 16 rows only: the 【参考】 table after it was read as items."""
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    _rows_at(sheet, _long_preamble(sheet, 25), [["No.", "ご意見の概要", "市の考え方"], [1, "料金を下げて。", "努めます。"],
                                                 [2, "耐震化を。", "進めます。"], [], ["【参考】意見提出者の内訳"],
                                                 ["区分", "人数", "ご意見の件数"], ["個人", "1", "1"]])
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert (document.meta.kind, document.meta.title, document.meta.declared_count) == (
        "table", "○○市下水道ビジョン（案）に対する意見募集結果", 2)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [("1", "料金を下げて。", "努めます。"),
                                                                     ("2", "耐震化を。", "進めます。")]
    assert document.warnings == (
        "シート「結果」の30行目から32行目: 回答の表の後の別の表（「【参考】意見提出者の内訳」、見出し: 区分・人数・ご意見の件数）は、"
        "回答の表の続きとみなせないため読み飛ばしました。原本を確認し、回答の表の一部であれば、空の行と"
        "「【参考】意見提出者の内訳」の行を消してから取り込み直してください。",)


def test_published_excel_header_under_a_long_preamble_without_merging_keeps_a_continued_answer(tmp_path) -> None:
    """A table typed without merging under 25 rows of preamble: its row continuing No.2's answer made it a staff sheet
    (an item 3 without a comment) when the header was looked for in the top 15 rows only."""
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    start = _long_preamble(sheet, 25, labels=True)
    for merged in list(sheet.merged_cells.ranges):
        sheet.unmerge_cells(str(merged))
    _rows_at(sheet, start, [["No.", "ご意見の概要", "市の考え方"], [1, "料金を下げて。", "努めます。"],
                            [2, "耐震化を。", "進めます。"], [None, None, "また、結果を公表します。"]])
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert document.meta.kind == "table"
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "料金を下げて。", "努めます。"), ("2", "耐震化を。", "進めます。\nまた、結果を公表します。")]
    assert document.warnings == ()


@pytest.mark.parametrize("preamble", [20, 229])
def test_published_excel_sheet_with_a_long_preamble_is_read_beside_one_without(tmp_path, preamble) -> None:
    """A second sheet whose header sits in row 21 was left out as a sheet without a header (looked for in the top 16
    rows), and one whose header sits in row 230 too, when it was looked for in the top 200 rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "第1章"
    sheet["A1"] = "第1章"
    sheet.merge_cells("A1:C1")
    _rows_at(sheet, 2, [["No.", "ご意見の概要", "市の考え方"], [1, "料金を下げて。", "努めます。"]])
    second = book.create_sheet("第2章")
    _rows_at(second, _long_preamble(second, preamble), [["No.", "ご意見の概要", "市の考え方"], [1, "耐震化を。", "進めます。"]])
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [("1", "料金を下げて。", "努めます。"),
                                                                     ("1", "耐震化を。", "進めます。")]
    assert document.warnings == ()


def test_published_excel_header_under_a_preamble_of_229_rows_ends_the_table_at_the_reference_table(tmp_path) -> None:
    """The items are read under a header at any row; the header was looked for in the top 200 rows only to end the
    table, so the 【参考】 table under a header in row 230 was read as items 「区分」 and 「個人」."""
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    _rows_at(sheet, _long_preamble(sheet, 229), [["No.", "ご意見の概要", "市の考え方"], [1, "料金を下げて。", "努めます。"],
                                                  [2, "耐震化を。", "進めます。"], [], ["【参考】意見提出者の内訳"],
                                                  ["区分", "人数", "ご意見の件数"], ["個人", "1", "1"]])
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [("1", "料金を下げて。", "努めます。"),
                                                                     ("2", "耐震化を。", "進めます。")]
    assert document.warnings == (
        "シート「結果」の234行目から236行目: 回答の表の後の別の表（「【参考】意見提出者の内訳」、見出し: 区分・人数・ご意見の件数）は、"
        "回答の表の続きとみなせないため読み飛ばしました。原本を確認し、回答の表の一部であれば、空の行と"
        "「【参考】意見提出者の内訳」の行を消してから取り込み直してください。",)


def test_published_excel_cover_sheet_before_a_sheet_of_labelled_comments_is_read(tmp_path) -> None:
    """A cover sheet, then a sheet of comments labelled in column A (「ご意見｜…」 over 「本市の考え方｜…」): the
    labels name the comment and the answer in one column, row under row, which no table header does but which marks a
    sheet to read; the workbook had been refused (「必要な列が見つかりません…」) as the cover read as a staff sheet."""
    book = Workbook()
    cover = book.active
    cover.title = "表紙"
    _rows_at(cover, 1, [["○○計画（案）に対するパブリックコメントの実施結果"], [], ["意見募集期間", "令和6年6月1日～6月30日"],
                        ["意見件数", "2件"]])
    sheet = book.create_sheet("意見")
    sheet["A1"] = "○○計画に対する意見と本市の考え方"
    sheet.merge_cells("A1:B1")
    _rows_at(sheet, 2, [["No.1"], ["ご意見", "料金を下げてほしい。"], ["本市の考え方", "経営努力に努めます。"], [],
                        ["No.2"], ["ご意見", "耐震化を進めて。"], ["本市の考え方", "計画的に進めます。"]])
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert (document.meta.kind, document.meta.title, document.meta.declared_count) == (
        "table", "○○計画（案）に対するパブリックコメントの実施結果", 2)
    assert [(i.no, i.comment) for i in document.items] == [("1", "料金を下げてほしい。"), ("2", "耐震化を進めて。")]



def test_published_excel_numbered_preamble_line_over_a_summary_is_no_topic_and_a_note_above_is_not_under(tmp_path) -> None:
    """Rows of several cells above the answer table's header (「区分｜件数」, 「意見件数｜2件」) started the table, so the
    numbered preamble line above them (「２　意見の取扱い区分」) became every item's topic, and a note above the header
    was called 「表の下の注記」; they are lines of the preamble (its period still read)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    _rows_at(sheet, 1, [["○○市下水道ビジョン（案）に対する意見募集結果"], [], ["１　意見募集の概要"],
                        ["意見募集期間", "令和6年6月1日～令和6年6月30日"], ["意見件数", "2件"], [], ["２　意見の取扱い区分"],
                        ["区分", "件数"], ["A 意見を反映し案を修正したもの", "1"], ["B 案に賛同いただいたもの", "1"], [],
                        ["※ご意見は要約して掲載しています。"], [], ["No.", "ご意見の概要", "本市の考え方"],
                        [1, "料金を下げてほしい。", "経営努力に努めます。"], [2, "耐震化を進めて。", "計画的に進めます。"]])
    for row in (1, 3, 7, 12):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert (document.meta.title, document.meta.period_start, document.meta.declared_count) == (
        "○○市下水道ビジョン（案）に対する意見募集結果", "2024-06-01", 2)
    assert [(i.no, i.topic, i.comment) for i in document.items] == [("1", None, "料金を下げてほしい。"),
                                                                   ("2", None, "耐震化を進めて。")]
    assert document.warnings == ()


_RESULT = "○○計画（案）に対するパブリックコメントの実施結果"


@pytest.mark.parametrize(("rows", "merged", "title"), [
    ([[_RESULT], ["意見件数", "2件"], ["提出者数", "2人"], [], ["ご意見の内容と本市の考え方"]], ["A1:C1"], _RESULT),
    ([[_RESULT, None, "都市計画課"], ["１　意見募集の概要"], ["意見件数", "2件"], [], ["２　意見の内容と本市の考え方"]], ["A1:B1"],
     _RESULT + "都市計画課"),
    ([[_RESULT, None, "都市計画課"], [], ["意見件数：2件"]], ["A1:B1"], _RESULT + "都市計画課"),
], ids=["caption-under-labels", "numbered-caption", "count-line"])
def test_published_excel_line_right_above_the_header_is_preamble_not_the_title(tmp_path, rows, merged, title) -> None:
    """Third reading of the header search in every row: a header not in row 1 was found as the lower half of a header
    on two rows with the line above it, so that line (「ご意見の内容と本市の考え方」, 「２　意見の内容と本市の考え方」,
    「意見件数：2件」) was no preamble line while the rows above it were: it was joined to the title, became the title, or
    the title was lost (the file name); the title is read as before the change."""
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    _rows_at(sheet, 1, rows + [["No.", "ご意見の概要", "本市の考え方"], [1, "料金を下げてほしい。", "経営努力に努めます。"],
                               [2, "耐震化を進めてほしい。", "計画的に進めます。"]])
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert (document.meta.kind, document.meta.title, document.meta.declared_count) == ("table", title, 2)
    assert [(i.no, i.topic, i.comment, i.answer) for i in document.items] == [
        ("1", None, "料金を下げてほしい。", "経営努力に努めます。"), ("2", None, "耐震化を進めてほしい。", "計画的に進めます。")]
    assert document.warnings == ()


def test_published_excel_header_is_the_row_naming_both_columns_not_a_caption_over_it() -> None:
    """The header search gave the caption above the header as a header's upper row (its 「本市の考え方」 an answer
    column 0); a row naming the comment and answer columns alone is the header, and a header on two rows whose upper row
    names a column the lower leaves unnamed (「No.」 merged down) stays one on two rows."""
    book = Workbook()
    sheet = book.active
    _rows_at(sheet, 1, [[_RESULT], [], ["ご意見の内容と本市の考え方"], ["No.", "ご意見の概要", "本市の考え方"],
                        [1, "料金を下げてほしい。", "経営努力に努めます。"]])
    assert excel._table_header(sheet) == (3, {"no": 0, "comment": 1, "answer": 2}, {})
    assert excel._no_column(excel._table_header(sheet)) == (4, 0)
    two = Workbook().active
    _rows_at(two, 1, [[_RESULT], ["No.", None, None], [None, "ご意見の概要", "本市の考え方"], [1, "料金を下げて。", "努めます。"]])
    two.merge_cells("A2:A3")
    assert excel._table_header(two) == (1, {"no": 0}, {"comment": 1, "answer": 2})
    assert excel._no_column(excel._table_header(two)) == (3, 0)


_ANSWERS = [["No.", "ご意見の概要", "本市の考え方"], [1, "料金を下げてほしい。", "経営努力に努めます。"],
            [2, "耐震化を進めてほしい。", "計画的に進めます。"]]


@pytest.mark.parametrize("merged", [True, False], ids=["merged-title", "typed-without-merging"])
@pytest.mark.parametrize("summary", [
    [["区分", "ご意見", "本市の対応"], ["反映", "1件", "修正"], ["その他", "1件", "参考"]],
    [["ご意見", "本市の対応"], ["2件", "反映 1件"]],
    [["区分", "ご意見", "本市の対応"], ["反映", "1件", "修正"], ["修正なし", "－", "－"]],
], ids=["category-summary", "count-summary", "summary-with-a-dash"])
def test_published_excel_summary_table_naming_the_columns_above_the_answer_table_is_preamble(tmp_path, summary, merged) -> None:
    """A 意見募集の概要's summary table above the answer table (「区分｜ご意見｜本市の対応」 or 「ご意見｜本市の対応」 over
    counts) names a comment and an answer column, and was taken as the header: its rows became items 「1件」, and the
    real header an item (「ご意見の概要｜本市の考え方」) or its columns shifted (the No. read as the comment). A row of
    such names over counts is no header when a header comes after it; its rows are lines of the preamble, never the
    title."""
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    _rows_at(sheet, 1, [["○○計画（案）に対する意見募集の結果"], ["意見件数", "2件"], [], *summary, [], *_ANSWERS,
                        [None, None, "また、結果を公表します。"]])
    if merged:
        sheet.merge_cells("A1:C1")
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert (document.meta.title, document.meta.declared_count) == ("○○計画（案）に対する意見募集の結果", 2)
    assert [(i.no, i.topic, i.comment, i.answer) for i in document.items] == [
        ("1", None, "料金を下げてほしい。", "経営努力に努めます。"),
        ("2", None, "耐震化を進めてほしい。", "計画的に進めます。\nまた、結果を公表します。")]
    assert document.warnings == ()


def test_published_excel_summary_table_over_counts_is_the_header_where_no_other_comes_after_it() -> None:
    """A row naming the comment and answer columns over counts is passed over only for a header after it; without one it
    is the header, as found before."""
    sheet = Workbook().active
    _rows_at(sheet, 1, [[_RESULT], ["ご意見", "本市の対応"], ["2件", "反映 1件"], [], *_ANSWERS])
    assert excel._table_header(sheet) == (4, {"no": 0, "comment": 1, "answer": 2}, {})
    alone = Workbook().active
    _rows_at(alone, 1, [[_RESULT], ["ご意見", "本市の対応"], ["2件", "反映 1件"]])
    assert excel._table_header(alone) == (1, {"comment": 0, "answer": 1}, {})


_DATED = "○○計画（案）に対する意見募集の結果"


@pytest.mark.parametrize(("top", "merged"), [
    ([_DATED, "令和6年3月"], None),
    ([_DATED + "　令和6年3月"], None),
    ([_DATED, None, "令和6年3月"], "A1:B1"),
    ([_DATED + "　令和6年3月15日"], "A1:C1"),
], ids=["date-in-b1", "date-in-the-cell", "date-beside-a-merged-title", "date-in-a-merged-title"])
def test_published_excel_title_and_its_date_in_one_row_is_the_title_alone(tmp_path, top, merged) -> None:
    """A title with its date in the next cell or after a space in its own cell was read as the title 「…の結果令和6年3月」
    (in a published table and in a sheet typed without merging alike), and a title with its date in one merged cell
    (「…の結果　令和6年3月15日」) was no title at all (the file name 「kekka」); the date is a line of its own."""
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    _rows_at(sheet, 1, [top, [], ["意見件数", "2件"], [], *_ANSWERS])
    if merged:
        sheet.merge_cells(merged)
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert (document.meta.kind, document.meta.title, document.meta.declared_count) == (
        "table" if merged else "spreadsheet", _DATED, 2)
    assert [(i.no, i.topic, i.comment, i.answer) for i in document.items] == [
        ("1", None, "料金を下げてほしい。", "経営努力に努めます。"), ("2", None, "耐震化を進めてほしい。", "計画的に進めます。")]
    assert document.warnings == ()


_READ_ANSWERS = [("1", None, "料金を下げてほしい。", "経営努力に努めます。"), ("2", None, "耐震化を進めてほしい。", "計画的に進めます。")]


@pytest.mark.parametrize("merged", [True, False], ids=["merged-title", "typed-without-merging"])
@pytest.mark.parametrize("label", [
    ["意見提出期限", "令和6年2月9日"], ["意見募集期間", "令和6年1月10日"], ["結果公表日", "令和6年3月15日"],
    ["意見の募集期間　令和6年1月10日"],
], ids=["deadline", "period", "published", "label-and-date-in-one-cell"])
def test_published_excel_a_dated_label_row_under_the_title_is_no_title(tmp_path, label, merged) -> None:
    """A row of the preamble under the title, a label naming the comments or the result and a date
    (「意見提出期限｜令和6年2月9日」), was read as a title and its date: the title became 「…の結果意見提出期限」. Only the
    first row filled, the title's, is split so, and never a label (ending in 期間, 期限, 日…)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    _rows_at(sheet, 1, [[_DATED], label, ["意見件数", "2件"], [], *_ANSWERS])
    if merged:
        sheet.merge_cells("A1:C1")
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert (document.meta.kind, document.meta.title, document.meta.declared_count) == (
        "table" if merged else "spreadsheet", _DATED, 2)
    assert [(i.no, i.topic, i.comment, i.answer) for i in document.items] == _READ_ANSWERS
    assert document.warnings == ()


@pytest.mark.parametrize("label", [
    ["意見提出期限", "令和6年2月9日"], ["意見募集期間", "令和6年1月10日"], ["結果公表日", "令和6年3月15日"],
    ["意見の募集期間　令和6年1月10日"],
], ids=["deadline", "period", "published", "label-and-date-in-one-cell"])
def test_published_excel_a_dated_label_in_the_first_row_is_no_title(tmp_path, label) -> None:
    """With no title row, a first row 「意見提出期限｜令和6年2月9日」 was read as the title 「意見提出期限」; the file name
    is the title, as before."""
    book = Workbook()
    _rows_at(book.active, 1, [label, ["意見件数", "2件"], [], *_ANSWERS])
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert (document.meta.title, document.meta.declared_count) == ("kekka", 2)
    assert [(i.no, i.topic, i.comment, i.answer) for i in document.items] == _READ_ANSWERS


@pytest.mark.parametrize("merged", [True, False], ids=["merged-title", "typed-without-merging"])
def test_published_excel_one_item_answer_table_over_a_reference_table_is_no_summary(tmp_path, merged) -> None:
    """A one-item answer table (「ご意見｜本市の考え方」 over 「1件｜反映しました。」) with a 【参考】 table under it was
    passed over as a summary for the 参考 table's header: only the 参考 item was read, with no warning. A header is
    passed over only for the answer table's, never one under a 【参考】 caption; the table is read as found, the rows
    that are no comment counted in the warning."""
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    _rows_at(sheet, 1, [[_DATED], ["意見件数", "1件"], [], ["ご意見", "本市の考え方"], ["1件", "反映しました。"], [],
                        ["【参考】"], ["No.", "ご意見", "回答"], [1, "参考の意見です。", "参考の回答です。"]])
    if merged:
        sheet.merge_cells("A1:B1")
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert (document.meta.title, document.meta.declared_count) == (_DATED, 1)
    assert [(i.no, i.topic, i.comment, i.answer) for i in document.items] == [
        ("1", None, "1件", "反映しました。"), ("2", None, "No.", "ご意見"), ("3", None, "1", "参考の意見です。")]
    mismatch = ("文書に記載の意見総数は1件ですが、表から読み取れた項目は3件です。ご意見ではない行（参考の表、注記など）を項目として"
                "読んだか、一つのご意見が複数の項目に分かれた可能性があります。原本と照合してください（行の追加・削除はしていません）。")
    note = "7行目: 表の下の注記「【参考】」は、ご意見ではないため項目に含めませんでした（前の項目にも加えていません）。"
    assert document.warnings == ((mismatch, "シート「結果」の" + note) if merged else (
        note, "8行目: 見出しのない列の内容（3列目「回答」）は、どの欄にも当たらないため取り込んでいません。原本を確認し、必要な内容"
        "であれば、ご意見か回答の欄に移してから取り込み直してください。",
        "9行目: 見出しのない列の内容（3列目「参考の回答です。」）は、どの欄にも当たらないため取り込んでいません。原本を確認し、"
        "必要な内容であれば、ご意見か回答の欄に移してから取り込み直してください。", "空の行を1行読み飛ばしました。", mismatch))


def test_published_excel_comment_header_merged_over_the_no_is_no_summary(tmp_path) -> None:
    """A 「ご意見」 header merged over the No. and the comment columns, three items and a 【参考】 table under them: the
    Nos. under 「ご意見」 (1, 2, 3) were taken for a summary's counts and the three items dropped for the 参考 item. A
    number alone is no count: the table is read as found (the Nos. as the comments, a known limit), with the warnings."""
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    _rows_at(sheet, 1, [[_DATED], ["意見件数", "3件"], [], ["ご意見", None, "本市の考え方"],
                        [1, "料金を下げてほしい。", "経営努力に努めます。"], [2, "耐震化を進めてほしい。", "計画的に進めます。"],
                        [3, "公園を増やしてほしい。", "検討します。"], [], ["【参考】関連する計画への意見"],
                        ["No.", "ご意見", "回答"], [1, "参考の意見です。", "参考の回答です。"]])
    sheet.merge_cells("A1:C1")
    sheet.merge_cells("A4:B4")
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert (document.meta.title, document.meta.declared_count) == (_DATED, 3)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "1", "経営努力に努めます。"), ("2", "2", "計画的に進めます。"), ("3", "3", "検討します。"), ("4", "No.", "回答"),
        ("5", "1", "参考の回答です。")]
    assert document.warnings == (
        "文書に記載の意見総数は3件ですが、表から読み取れた項目は5件です。ご意見ではない行（参考の表、注記など）を項目として"
        "読んだか、一つのご意見が複数の項目に分かれた可能性があります。原本と照合してください（行の追加・削除はしていません）。",
        "シート「結果」の9行目: 表の下の注記「【参考】関連する計画への意見」は、ご意見ではないため項目に含めませんでした（前の項目にも加えていません）。")


@pytest.mark.parametrize("merged", [True, False], ids=["merged-title", "typed-without-merging"])
def test_published_excel_summary_total_row_is_the_declared_count(tmp_path, merged) -> None:
    """A summary's total row 「計 2件」 above the answer table gave the declared count when the summary was read as the
    table (a total row under it); passed over as a summary, it still does (it had been lost: no count check)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    _rows_at(sheet, 1, [[_DATED], [], ["ご意見", "本市の対応"], ["2件", "反映 1件"], ["計 2件"], [], *_ANSWERS])
    if merged:
        sheet.merge_cells("A1:C1")
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert (document.meta.title, document.meta.declared_count) == (_DATED, 2)
    assert [(i.no, i.topic, i.comment, i.answer) for i in document.items] == _READ_ANSWERS
    assert document.warnings == ()


@pytest.mark.parametrize("merged", [True, False], ids=["merged-title", "typed-without-merging"])
@pytest.mark.parametrize(("summary", "declared"), [
    ([["区分", "提出者", "ご意見", "本市の対応"], ["反映", "2人", "3件", "修正"], ["その他", "1人", "2件", "参考"],
      ["計", "3人", "5件", None]], 5),
    ([["区分", "ご意見", "本市の対応"], ["反映", "2人", "修正"], ["計", "3人", None]], None),
], ids=["people-and-comments", "people-only"])
def test_published_excel_summary_total_counts_the_comment_column_in_ken(tmp_path, merged, summary, declared) -> None:
    """A summary's total row 「計｜3人｜5件」 gave its first number, the people (3), as the declared count of 5 items,
    with a false warning of a mismatch; the count in 件 of the comment column is the one, and a count of people alone
    (「計｜3人」 under ご意見) is none."""
    answers = [["No.", "ご意見の概要", "本市の考え方"]] + [[n, f"意見その{n}です。", f"回答その{n}です。"] for n in range(1, 6)]
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    _rows_at(sheet, 1, [[_DATED], [], *summary, [], *answers])
    if merged:
        sheet.merge_cells("A1:C1")
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert (document.meta.title, document.meta.declared_count) == (_DATED, declared)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        (str(n), f"意見その{n}です。", f"回答その{n}です。") for n in range(1, 6)]
    assert document.warnings == ()


@pytest.mark.parametrize("first", [2, None], ids=["a-total-on-each-sheet", "a-total-on-the-second-sheet-only"])
def test_published_excel_one_sheets_summary_total_is_no_count_of_the_workbook(tmp_path, first) -> None:
    """A workbook of a sheet a chapter, each with a summary 「計 2件」 over its answer table: the first sheet's total
    (2, or the second's 3 when the first had none) was the declared count of all the workbook's items (5, or 4), with a
    false warning of a mismatch. A summary's total is the declared count of a one-sheet workbook only."""
    book = Workbook()
    for at, (chapter, count) in enumerate([("第1章", first), ("第2章", 3)]):
        sheet = book.active if at == 0 else book.create_sheet()
        sheet.title = chapter
        summary = [[], ["区分", "ご意見", "本市の対応"], ["反映", f"{count}件", "修正"], ["計", f"{count}件", None]]
        _rows_at(sheet, 1, [[f"{chapter}に対する意見募集の結果"], *(summary if count else []), [],
                            ["No.", "ご意見の概要", "本市の考え方"],
                            *[[n, f"{chapter}の意見{n}。", f"{chapter}の回答{n}。"] for n in range(1, (count or 1) + 1)]])
        sheet.merge_cells("A1:C1")
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert document.meta.declared_count is None
    assert [(i.no, i.topic, i.comment) for i in document.items] == [
        (str(n), chapter, f"{chapter}の意見{n}。") for chapter, count in [("第1章", first or 1), ("第2章", 3)]
        for n in range(1, count + 1)]
    assert document.warnings == ()


def test_published_excel_header_searches_read_a_headerless_sheet_once(monkeypatch) -> None:
    """Third reading of the header search in every row: a headerless sheet was read to its end by each of the three
    searches (which sheets to read, staff or published, the header for the 【参考】 cut): 20,000 rows 9.99 s → 12.79 s.
    They share the rows' column roles; a row tidied as typed has them found once."""
    calls = []
    monkeypatch.setattr(excel, "map_columns", lambda row: calls.append(tuple(row)) or {})
    sheet = Workbook().active
    _rows_at(sheet, 1, [[f"行{row}", "ご意見", "メモ"] for row in range(1, 101)])
    assert (excel._has_header(sheet), excel._is_staff_sheet(sheet), excel._table_header(sheet)) == (False, True, None)
    assert len(calls) == 100


# --- shared rules -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "declared"), [
    ("※パブリックコメント意見提出総数　33者62件", 62),
    ("(3) 意見総数\n\n9 件", 9),
    ("提出意見数：24件", 24),
    ("意見提出者数：3人　意見数：4件", 4),
    ("寄せられたご意見の数　15件", 15),
    ("提出件数：7件", 7),
    ("意見の受付件数　12件", 12),
    ("提出者数：3人\n提出件数：5件", 5),
    ("２　提出された意見　17件（11人）", 17),
    ("提出された御意見の数：3件", 3),
    ("その結果、３件の御意見が寄せられました。", 3),
    ("５団体から12件の意見の提出がありました。", 12),
    ("その結果、1,234件の御意見が寄せられました。", 1234),
    ("延べ1,052件のご意見をいただきました。", 1052),
    ("意見提出者数：2人（3件）", 3),
    ("意見提出者数：2人", None),
    ("提出意見数　延べ 7件", 7),
    ("意見の件数　５人から８件", 8),
    ("意見数：１２人・団体から４５件", 45),
    ("意見数：合計5件", 5),
    ("意見の総数 15件", 15),
    ("意見件数\t計6件", 6),
    ("提出された意見\n1\n件名　除雪計画", None),
    ("募集の結果\n" + "本文。" * 300 + "前回の計画では25件のご意見をいただき、反映しました。", None),
    ("寄せられたご意見と本市の考え方\n1 意見の募集期間", None),
    ("意見数等\n(1) 提出者数\n1 名", None),
])
def test_declared_count_variants(text: str, declared) -> None:
    from assistant.readers.docmeta import find_meta

    assert find_meta(text)["declared_count"] == declared


@pytest.mark.parametrize(("header", "role"), [
    ("No.", "no"), ("番号", "no"), ("整理番号", "no"), ("ご意見の概要", "comment"), ("素案に対する意見（概要）", "comment"),
    ("意見に対する考え方", "answer"), ("本市の考え方（案）", "answer"), ("市の対応方針", "answer"), ("回答", "answer"),
    ("該当箇所", None), ("意見提出者", None), ("対応区分", None), ("意見の反映", None), ("頁", None),
    ("市の対応", "answer"), ("ご意見に対する市の対応", "answer"), ("意見への対応", "answer"), ("本市の対応", "answer"),
    ("町の対応", "answer"), ("意見に対する対応", "answer"), ("市の対応（案）", "answer"), ("対応状況", None),
    # a number of the writer's is no row's (review 116); a receipt number is
    ("電話番号", None), ("携帯電話番号", None), ("FAX番号", None), ("郵便番号", None), ("個人番号", None), ("受付番号", "no"),
    # the answer as 行政手続法 §43 names it; a header with a note in brackets or after ※
    ("提出意見を考慮した結果及びその理由", "answer"), ("意見を考慮した結果", "answer"), ("提出意見（概要）", "comment"),
    (STATUTORY_ANSWER, "answer"), (NOTED_COMMENT, "comment"), ("ご意見の概要（いただいたご意見は、趣旨を損なわない範囲で要約しています）", "comment"),
    ("ご意見の概要※いただいたご意見は、趣旨を損なわない範囲で要約しています。", "comment"),
    ("いただいたご意見は、趣旨を損なわない範囲で要約して掲載しています。", None),
    # named as a category, a department, a date, a count, a place or a sender: neither the answer nor the comment
    ("回答区分", None), ("考え方の区分", None), ("回答課", None), ("回答日", None), ("対応の別", None), ("意見数", None),
    ("意見の分類", None), ("意見の種類", None), ("意見の該当箇所", None), ("意見提出団体", None), ("意見の対象", None),
    ("対応", "answer"), ("市の考え方・対応区分", "answer"), ("回答（担当課）", "answer"), ("ご意見等", "comment"),
    # a category, a department or a place joined to the answer or the comment with 「と」, 「及び」, 「・」 or on a second line
    ("市の考え方と対応区分", "answer"), ("ご意見に対する考え方と反映の有無", "answer"), ("市の考え方担当課", "answer"),
    ("考え方の区分", None), ("市の考え方の区分", None), ("回答担当課", None),
    ("意見・該当箇所", "comment"), ("ご意見の概要と該当箇所", "comment"), ("意見及び該当箇所", "comment"),
    ("ご意見の対象箇所", None),
])
def test_column_roles(header: str, role) -> None:
    from assistant.readers.grid import column_role

    assert column_role(header) == role


@pytest.mark.parametrize(("line", "heading"), [
    ("Ⅰ．当該意見を踏まえて内容を修正するもの", ("Ⅰ", "当該意見を踏まえて内容を修正するもの")),
    ("(1) 計画全体について", ("(1)", "計画全体について")),
    ("第２章　基本方針", ("第2章", "基本方針")),
    ("1 生活保護関係事務及び評価書に対するご意見", ("1", "生活保護関係事務及び評価書に対するご意見")),
    ("【交通について】", ("g", "交通について")),
    ("3 意見総数　5件", None),
    ("２　提出された意見　17件（11人）", None),
    ("２　意見件数　５件（３者）", None),
    ("4 バスの運行（1日10便）", ("4", "バスの運行(1日10便)")),
    ("(2) 基本目標1（安心して暮らせるまち）", ("(2)", "基本目標1(安心して暮らせるまち)")),
    ("【重点プロジェクト3（公共交通）】", ("g", "重点プロジェクト3(公共交通)")),
    ("- 3 -", None),
    ("2030年度に自動運転の実装を求める", None),
    ("市は、次のとおり対応します。", None),
])
def test_group_headings(line: str, heading) -> None:
    from assistant.readers.grid import parse_heading

    found = parse_heading(line)
    assert (None if found is None else ((found.label or "g"), found.title)) == heading


@pytest.mark.parametrize(("lines", "title"), [
    ([("資料６", 11.8), ("交通政策基本計画に対する", 13.7), ("御意見", 13.7), ("※意見提出総数 33者62件", 10.8)],
     "交通政策基本計画に対する御意見"),
    ([("○○計画に対する意見の結果", None), ("意見総数 9件", None), ("1 募集期間", None)], "○○計画に対する意見の結果"),
    ([("別紙1", None), ("（案）", None), ("除雪計画について", None), ("寄せられたご意見と本市の考え方", None),
      ("令和7年1月6日", None), ("１ 日時 令和６年６月４日", None)], "除雪計画について寄せられたご意見と本市の考え方"),
    ([("○○町第6次総合計画（素案）へのご意見と町の考え方", None), ("募集期間　令和6年10月1日（火）～10月31日（木）", None)],
     "○○町第6次総合計画（素案）へのご意見と町の考え方"),
    ([("令和6年10月1日から施行する条例の改正案に対する意見募集の結果", None), ("意見総数 2件", None)],
     "令和6年10月1日から施行する条例の改正案に対する意見募集の結果"),
    # 「（案）」 alone is a note, but not under the line it ends
    ([("札幌市みどりの基本計画", None), ("（案）", None), ("に対する意見募集の結果", None), ("意見総数 2件", None)],
     "札幌市みどりの基本計画（案）に対する意見募集の結果"),
])
def test_title_from_the_opening_lines(lines, title) -> None:
    from assistant.readers.docmeta import choose_title

    assert choose_title(lines) == title


@pytest.mark.parametrize(("lines", "title"), [
    (["○○計画（案）への意見と市の考え方", "意見総数 7件", "【対応区分】A：反映する B：参考とする"], "○○計画（案）への意見と市の考え方"),
    (["環境局環境政策課", "令和6年5月1日", "札幌市環境基本計画（案）に対する意見募集の結果について"],
     "環境局環境政策課札幌市環境基本計画（案）に対する意見募集の結果について"),
    (["札幌市環境基本計画（案）に対する意見募集の結果について", "令和6年5月1日", "環境局環境政策課"],
     "札幌市環境基本計画（案）に対する意見募集の結果について"),
])
def test_a_legend_never_joins_the_title_and_a_line_above_the_date_keeps_it(lines, title) -> None:
    from assistant.readers.docmeta import choose_title

    assert choose_title([(line, None) for line in lines]) == title


def test_a_row_of_short_cells_that_look_like_header_words_is_a_row_not_the_header_again(tmp_path) -> None:
    """「地域住民の意見を聞く場を設けてほしい｜個別に対応」 named a comment and an answer column, as the header does, so the
    row was taken for the header printed again and dropped without a word."""
    word = Document()
    word.add_paragraph("○○市地域福祉計画（案）に対する意見募集の結果について")
    word_table(word, [["該当箇所", "ご意見の概要", "市の考え方"], ["第1章", "目標値を示すべきである。", "第4章に示しています。"],
                      ["第2章", "地域住民の意見を聞く場を設けてほしい", "個別に対応"], ["第3章", "窓口の周知を強化してください。", "周知してまいります。"]])
    word.save(tmp_path / "short.docx")
    document = one(tmp_path / "short.docx")
    assert [(i.no, i.comment, i.answer, i.extra) for i in document.items] == [
        ("1", "目標値を示すべきである。", "第4章に示しています。", {"該当箇所": "第1章"}),
        ("2", "地域住民の意見を聞く場を設けてほしい", "個別に対応", {"該当箇所": "第2章"}),
        ("3", "窓口の周知を強化してください。", "周知してまいります。", {"該当箇所": "第3章"})]


# --- a title that names only the procedure, over the plan's name without a label -----------------------
def _generic_over_plan(path, heading: str, below: str, plan_size: int = 12) -> None:
    """A result whose largest line names only the procedure, with the line ``below`` in smaller type under it."""
    from docx.shared import Pt

    word = Document()
    for text, size in ((heading, 16), (below, plan_size), ("意見募集期間　令和７年１月６日～令和７年２月５日", 10.5)):
        word.add_paragraph().add_run(text).font.size = Pt(size)
    word_table(word, [["No.", "ご意見の概要", "市の考え方"], ["1", "公園のトイレを洋式にしてほしい。", "順次洋式化を進めます。"]])
    word.save(path)


PLAN_UNDER_A_GENERIC_HEADING = [
    ("意見募集の結果について", "札幌市みどりの基本計画（案）", "札幌市みどりの基本計画（案）"),
    ("パブリックコメントの結果", "札幌市みどりの基本計画（案）について", "札幌市みどりの基本計画（案）について"),
    ("ご意見と市の考え方", "札幌市子ども・子育て支援計画（案）", "札幌市子ども・子育て支援計画（案）"),
    ("寄せられたご意見の概要と本市の考え方", "（仮称）札幌市子ども条例（案）", "（仮称）札幌市子ども条例（案）"),
    ("意見募集の結果について", "担当：環境局みどり推進課", "意見募集の結果について"),
    ("意見募集の結果について", "環境局みどり推進課", "意見募集の結果について"),
    ("意見募集の結果について", "令和７年３月１日", "意見募集の結果について"),
    ("意見募集の結果について", "意見数　5件", "意見募集の結果について"),
    ("意見募集の結果について", "（別紙の計画について）", "意見募集の結果について"),
    ("意見募集の結果について", "札幌市では、みどりの基本計画（案）について意見を募集しました。", "意見募集の結果について"),
    ("意見募集の結果について", "みどりの基本計画（案）について市民の皆様から意見を募集しました", "意見募集の結果について"),
    ("意見募集の結果について", "１　計画の概要", "意見募集の結果について"),
    ("意見募集の結果について", "計画全体について", "意見募集の結果について"),
    ("意見募集の結果について", "～みどり豊かなまちを目指して～", "意見募集の結果について"),
    ("意見募集の結果について", "札幌市", "意見募集の結果について"),
    ("札幌市みどりの基本計画（案）に対する意見募集の結果", "札幌市子ども・子育て支援計画（案）",
     "札幌市みどりの基本計画（案）に対する意見募集の結果"),  # a title that names its plan keeps it
    # review: NFKC had turned ～ into ~ and Ⅰ into I, so these passed for plans; a section's kana or letter, a
    # document's number, a department with its telephone, a plan's part
    ("意見募集の結果について", "～みんなでつくる緑のまちプラン～", "意見募集の結果について"),
    ("意見募集の結果について", "Ⅰ　計画案の概要", "意見募集の結果について"),
    ("意見募集の結果について", "ア　計画の概要", "意見募集の結果について"),
    ("意見募集の結果について", "A. 計画の概要", "意見募集の結果について"),
    ("意見募集の結果について", "資料2 計画案の概要", "意見募集の結果について"),
    ("意見募集の結果について", "基本計画策定の背景", "意見募集の結果について"),
    ("意見募集の結果について", "都市計画課（電話011-211-2500）", "意見募集の結果について"),
    ("意見募集の結果について", "環境局環境計画課（TEL011-211-2877）", "意見募集の結果について"),
    ("意見募集の結果について", "都市局都市計画部都市計画課　電話：011-211-2500", "意見募集の結果について"),
    # more headings that name only the procedure or the table
    ("市民意見募集（パブリックコメント）の結果について", "札幌市みどりの基本計画（案）", "札幌市みどりの基本計画（案）"),
    ("パブリックコメントの結果の公表について", "札幌市みどりの基本計画（案）", "札幌市みどりの基本計画（案）"),
    ("意見募集の結果について（報告）", "札幌市みどりの基本計画（案）", "札幌市みどりの基本計画（案）"),
    ("パブリックコメントに寄せられたご意見と市の考え方", "札幌市みどりの基本計画（案）", "札幌市みどりの基本計画（案）"),
    ("市民意見の概要と市の考え方", "札幌市みどりの基本計画（案）", "札幌市みどりの基本計画（案）"),
    # second review: a センター's plan, the plan between tildes or after a slogan, a plan named after a fraud by telephone
    ("意見募集の結果について", "子ども総合センター（仮称）整備基本計画（案）", "子ども総合センター（仮称）整備基本計画（案）"),
    ("意見募集の結果について", "～札幌市みどりの基本計画（案）～", "～札幌市みどりの基本計画（案）～"),
    ("意見募集の結果について", "～ひと・まち・みどり～札幌市みどりの基本計画（案）", "～ひと・まち・みどり～札幌市みどりの基本計画（案）"),
    ("意見募集の結果について", "特殊詐欺（電話詐欺）対策推進計画（案）", "特殊詐欺（電話詐欺）対策推進計画（案）"),
    ("意見募集の結果について", "基本計画（案）の概要版", "意見募集の結果について"),
    # third review: the procedure or the table named in other words
    ("パブリックコメントの募集結果について", "札幌市みどりの基本計画（案）", "札幌市みどりの基本計画（案）"),
    ("ご意見の要旨とそれに対する市の考え方", "札幌市みどりの基本計画（案）", "札幌市みどりの基本計画（案）"),
    ("市民意見の募集結果", "札幌市みどりの基本計画（案）", "札幌市みどりの基本計画（案）"),
    ("意見の要旨及び市の考え方", "札幌市みどりの基本計画（案）", "札幌市みどりの基本計画（案）"),
]


@pytest.mark.parametrize(("heading", "below", "title"), PLAN_UNDER_A_GENERIC_HEADING)
def test_a_generic_heading_gives_way_to_the_plan_named_right_below_it(tmp_path, heading, below, title) -> None:
    """「意見募集の結果について」 over 「札幌市みどりの基本計画（案）」 without a 案件名 label was the title, so two results of
    one period were one document and the second replaced the first; a department, date, count, note, prose or
    section line below never becomes the title."""
    _generic_over_plan(tmp_path / "kekka.docx", heading, below)
    assert one(tmp_path / "kekka.docx").meta.title == title
    plain = choose_title_of([heading, below, "意見募集期間　令和７年１月６日～令和７年２月５日"])
    assert plain == title if title == below else plain.startswith(heading)  # else joined or not, as before


def test_a_total_stated_after_a_line_that_begins_with_a_label_is_the_declared_count() -> None:
    """「令和６年度の提出意見 １５件を踏まえ…」 before 「意見総数 ９件」 gave 15: the leftmost match won."""
    from assistant.readers.docmeta import find_meta

    assert find_meta("令和６年度の提出意見 １５件を踏まえ見直しました。\n意見総数 ９件\n")["declared_count"] == 9
    assert find_meta("計画に反映した提出意見 3件\n意見総数 12件\n")["declared_count"] == 12


def choose_title_of(lines: list[str]) -> str:
    """The title of lines without type sizes (a text file, an Excel sheet's rows above the header)."""
    from assistant.readers.docmeta import choose_title

    return choose_title([(line, None) for line in lines])


def test_a_generic_heading_over_the_plan_in_word_and_its_pdf(tmp_path) -> None:
    """The Word file and the PDF printed from it give the plan's name, also when the plan is in the title's
    type (it had been joined to the heading in Word and PDF alike) or a label names it further down."""
    from scripts.make_fixtures import to_pdf

    _generic_over_plan(tmp_path / "small.docx", "意見募集の結果について", "札幌市みどりの基本計画（案）")
    _generic_over_plan(tmp_path / "same.docx", "ご意見と市の考え方", "札幌市みどりの基本計画（案）", plan_size=16)
    _generic_over_plan(tmp_path / "date.docx", "パブリックコメントの結果", "令和７年３月１日")
    to_pdf([tmp_path / "small.docx", tmp_path / "same.docx", tmp_path / "date.docx"], tmp_path)
    for name in ("small.docx", "small.pdf", "same.docx", "same.pdf"):
        assert one(tmp_path / name).meta.title == "札幌市みどりの基本計画（案）", name
    assert one(tmp_path / "date.docx").meta.title == one(tmp_path / "date.pdf").meta.title == "パブリックコメントの結果"


GENERIC_HEADINGS = ["意見募集の結果について", "パブリックコメント", "パブリックコメントの募集結果について",
                    "パブリックコメント手続の実施結果について", "市民意見の募集結果", "市民意見の募集結果について", "意見公募の実施結果",
                    "パブリックコメント（意見募集）の実施結果の公表", "ご意見と市の考え方", "ご意見の要旨とそれに対する市の考え方",
                    "意見の要旨及び市の考え方", "ご意見に対する市の考え方", "ご意見の概要及びそれに対する本市の考え方",
                    "パブリックコメントに寄せられた主なご意見と市の考え方"]
# Titles that name what was consulted on, the procedure's own rules among them.
NAMED_TITLES = ["札幌市パブリックコメント手続条例の改正について", "市民参加の推進に関する計画", "市民意見の募集に関する指針",
                "意見提出手続に関する条例", "札幌市みどりの基本計画（案）", "除雪計画について寄せられたご意見と本市の考え方",
                "札幌市環境基本計画（案）に対する意見募集の結果について",
                "交通政策基本計画（素案）に対する主な御意見（パブリックコメント）及びそれに対する考え方"]


@pytest.mark.parametrize(("title", "generic"), [(title, True) for title in GENERIC_HEADINGS] + [
    (title, False) for title in NAMED_TITLES])
def test_a_heading_naming_only_the_procedure_or_the_table_is_generic_and_a_plan_never_is(title, generic) -> None:
    """「パブリックコメントの募集結果について」, 「市民意見の募集結果」 and 「ご意見の要旨とそれに対する市の考え方」 were taken
    for plans' names: two results published under one of them in one period were one document."""
    from assistant.readers.docmeta import generic_title

    assert generic_title(title) is generic


def _front_matter(path, lines: list[tuple[str, float]]) -> None:
    """A Word result whose opening paragraphs are ``lines`` (text, type size), then its period and a table."""
    from docx.shared import Pt

    word = Document()
    for text, size in [*lines, ("意見募集期間　令和７年１月６日～令和７年２月５日", 10.5)]:
        word.add_paragraph().add_run(text).font.size = Pt(size)
    word_table(word, [["No.", "ご意見の概要", "市の考え方"], ["1", "公園のトイレを洋式にしてほしい。", "順次洋式化を進めます。"]])
    word.save(path)


WRAPPED_PLANS = [
    (["札幌市まちづくり戦略ビジョン・アクションプラン", "2027（案）"], "札幌市まちづくり戦略ビジョン・アクションプラン2027（案）"),
    (["札幌市まちづくり戦略ビジョン・", "アクションプラン2027（案）"], "札幌市まちづくり戦略ビジョン・アクションプラン2027（案）"),
    (["第２次札幌市環境基本計画（素案）に対する", "ご意見と市の考え方"], "第２次札幌市環境基本計画（素案）に対するご意見と市の考え方"),
    (["札幌市みどりの基本計画", "（案）"], "札幌市みどりの基本計画（案）"),
    (["札幌市みどりの基本計画（案）", "環境局みどり推進課"], "札幌市みどりの基本計画（案）"),  # nothing wrapped
    (["札幌市みどりの基本計画（案）", "計画全体について"], "札幌市みどりの基本計画（案）"),
    (["札幌市みどりの基本計画（案）", "2024"], "札幌市みどりの基本計画（案）"),  # the name had ended
]


@pytest.mark.parametrize(("plan", "title"), WRAPPED_PLANS)
@pytest.mark.parametrize("plan_size", [12, 16])
def test_a_plan_wrapped_over_two_lines_under_a_generic_heading_is_named_whole(tmp_path, plan, title, plan_size) -> None:
    """「意見募集の結果について」 over 「札幌市まちづくり戦略ビジョン・アクションプラン」 / 「2027（案）」 was titled with the
    first line alone, so the plans of 2023 and 2027 were one document; in the heading's type or smaller, and as text."""
    _front_matter(tmp_path / "kekka.docx", [("意見募集の結果について", 16), *((line, plan_size) for line in plan)])
    assert one(tmp_path / "kekka.docx").meta.title == title
    assert choose_title_of(["意見募集の結果について", *plan, "意見募集期間　令和７年１月６日～令和７年２月５日"]) == title


def test_a_labelled_plan_wrapped_over_two_lines_is_named_whole() -> None:
    from assistant.readers.docmeta import find_title

    period = "２　意見募集期間　令和７年１月６日～令和７年２月５日"
    assert find_title(["パブリックコメント手続の実施結果について", "１　案件名　札幌市まちづくり戦略ビジョン・アクションプラン",
                       "2027（案）", period]) == "札幌市まちづくり戦略ビジョン・アクションプラン2027（案）"
    assert find_title(["パブリックコメント手続の実施結果について", "１　案件名", "札幌市まちづくり戦略ビジョン・",
                       "アクションプラン2027（案）", period]) == "札幌市まちづくり戦略ビジョン・アクションプラン2027（案）"
    assert find_title(["パブリックコメント手続の実施結果について", "１　案件名　札幌市みどりの基本計画（案）",
                       "（別紙のとおり）", period]) == "札幌市みどりの基本計画（案）"


@pytest.mark.parametrize(("lines", "title"), [
    ([("札幌市みどりの基本計画（案）に対する意見募集の結果", 16), ("札幌市環境局環境都市推進部", 16)],
     "札幌市みどりの基本計画（案）に対する意見募集の結果"),
    ([("札幌市みどりの基本計画（案）に対する", 16), ("意見募集の結果", 16), ("環境局みどり推進課", 16)],
     "札幌市みどりの基本計画（案）に対する意見募集の結果"),
    ([("意見募集の結果について", 16), ("札幌市環境局環境都市推進部", 16), ("札幌市みどりの基本計画（案）", 12)],
     "札幌市みどりの基本計画（案）"),
    ([("意見募集の結果について", 16), ("札幌市環境局環境都市推進部", 12)], "意見募集の結果について"),
    ([("札幌市都心部", 16), ("まちづくり計画に対する意見募集の結果", 16)], "札幌市都心部まちづくり計画に対する意見募集の結果"),  # a place
])
def test_a_department_in_the_titles_type_never_joins_the_title(tmp_path, lines, title) -> None:
    """「札幌市環境局環境都市推進部」 under the title in its type was joined to it: 「…意見募集の結果札幌市環境局環境都市推進部」.
    As Word, as text, and (below) as the PDF printed from Word."""
    _front_matter(tmp_path / "kekka.docx", lines)
    assert one(tmp_path / "kekka.docx").meta.title == title
    assert choose_title_of([text for text, _ in lines] + ["意見募集期間　令和７年１月６日～令和７年２月５日"]) == title


def test_a_department_and_a_wrapped_plan_in_a_pdf(tmp_path) -> None:
    from scripts.make_fixtures import to_pdf

    _front_matter(tmp_path / "department.docx", [("札幌市みどりの基本計画（案）に対する意見募集の結果", 16),
                                                 ("札幌市環境局環境都市推進部", 16)])
    _front_matter(tmp_path / "wrapped.docx", [("意見募集の結果について", 16), ("札幌市まちづくり戦略ビジョン・アクションプラン", 16),
                                              ("2027（案）", 16)])
    to_pdf([tmp_path / "department.docx", tmp_path / "wrapped.docx"], tmp_path)
    assert one(tmp_path / "department.pdf").meta.title == "札幌市みどりの基本計画（案）に対する意見募集の結果"
    assert one(tmp_path / "wrapped.pdf").meta.title == "札幌市まちづくり戦略ビジョン・アクションプラン2027（案）"


@pytest.mark.parametrize(("text", "period"), [
    ("意見募集の結果について\n札幌市みどりの基本計画（案）\n公表日　令和8年3月1日\n1 意見募集期間 令和7年1月6日～令和7年2月5日",
     ("2025-01-06", "2025-02-05")),
    ("札幌市みどりの基本計画（案）に対する意見募集の結果\n令和8年3月1日現在\n1 実施期間　令和7年1月6日～2月5日",
     ("2025-01-06", "2025-02-05")),
    ("意見募集の結果について\n令和8年3月1日公表\n令和7年1月6日から令和7年2月5日まで意見を募集しました。", ("2025-01-06", "2025-02-05")),
    ("意見募集の結果について\n公表日：令和8年3月1日（日）\n1 期間 令和7年1月6日から令和7年2月5日まで", ("2025-01-06", "2025-02-05")),
    # a date alone on its line may be a meeting's (after review: minutes lost their date), so it stays
    ("ご意見と市の考え方\n令和8年3月1日\n札幌市環境局", ("2026-03-01", "2026-03-01")),
    ("第3回札幌市都市計画審議会 会議録\n令和7年5月12日（月）\n札幌市役所本庁舎18階", ("2025-05-12", "2025-05-12")),
    ("第3回会議録\n1　開催日\n令和7年5月12日（月）\n2　場所　本庁舎", ("2025-05-12", "2025-05-12")),
    # a 募集期間 the minutes discuss, or an answer's 実施期間 of the plan, dates neither document (after review)
    ("議事録\n日時 令和7年5月12日\n事務局から、パブリックコメントの募集期間は令和7年6月1日から6月30日までとします。",
     ("2025-05-12", "2025-05-12")),
    ("意見募集の結果について\n1 期間 令和7年12月1日～令和8年1月5日\n本計画の実施期間は、令和8年4月1日から令和13年3月31日までです。",
     ("2025-12-01", "2026-01-05")),
    # 「意見募集」 as a name's word is no label; an unrelated 募集期間 / 実施期間 later dates nothing (a second review)
    ("市民意見募集に関する検討会議 会議録\n日時 令和7年5月12日（月）14時～16時\n事務局：意見募集期間は令和7年6月1日から6月30日までです。",
     ("2025-05-12", "2025-05-12")),
    ("札幌市○○計画（案）への意見募集\n令和8年2月4日（水）まで募集します。\n計画の実施期間：令和8年4月1日～令和13年3月31日",
     ("2026-02-04", "2026-02-04")),
    ("○○についての意見募集\n令和8年1月5日から30日間\n（参考）前回の募集期間 令和3年1月6日～2月5日", ("2026-01-05", "2026-01-05")),
    ("意見募集の結果\n令和7年1月6日\n～令和7年2月5日", ("2025-01-06", "2025-02-05")),  # a range over two lines
    ("１ 日時 令和６年６月４日（月） 10 時 00 分～11 時 00 分", ("2024-06-04", "2024-06-04")),  # a meeting's date
    ("1 日時\n令和6年6月4日\n2 場所 本庁舎", ("2024-06-04", "2024-06-04")),  # labelled, alone on its line
    ("意見募集 令和8年2月4日まで", ("2026-02-04", "2026-02-04")),
])
def test_a_publication_date_is_no_consultation_period(text, period) -> None:
    """「意見募集の結果について」 / 「公表日　令和8年3月1日」 / 「1 意見募集期間 …」 was dated 2026-03-01: 「意見募集」 in the
    heading was taken for the period's label, and the first date after it for the period. A date said to be the
    publication's is passed over; a date alone on its line still dates the document (a meeting's, as often)."""
    from assistant.readers.docmeta import find_period

    assert find_period(text) == period


def test_a_generic_result_dated_on_its_publication_day_keeps_its_period(tmp_path) -> None:
    path = tmp_path / "kekka.txt"
    path.write_text("意見募集の結果について\n札幌市みどりの基本計画（案）\n令和8年3月1日公表\n\n1 意見募集期間\n"
                    "令和7年1月6日（月）～令和7年2月5日（水）\n\nNo.\tご意見の概要\t市の考え方\n"
                    "1\tベンチを増やしてほしい。\t設置を検討します。\n", encoding="utf-8")
    document = one(path)
    assert (document.meta.title, document.meta.period_start, document.meta.period_end, len(document.items)) == (
        "札幌市みどりの基本計画（案）", "2025-01-06", "2025-02-05", 1)


GENERIC_PAGE = ("<html><head><meta charset='utf-8'><title>パブリックコメント｜○○市</title></head><body><main>{body}"
                "<p>意見募集期間：令和7年1月6日～令和7年2月5日</p><table border='1'><tr><th>No.</th><th>ご意見の概要</th>"
                "<th>市の考え方</th></tr><tr><td>1</td><td>ベンチを増やしてほしい。</td><td>設置を検討します。</td></tr>"
                "</table></main></body></html>")


@pytest.mark.parametrize(("body", "title"), [
    ("<h1>パブリックコメント</h1><h2>札幌市みどりの基本計画（案）に対する意見募集の結果</h2>",
     "札幌市みどりの基本計画（案）に対する意見募集の結果"),
    ("<h1>意見募集結果</h1><h2>札幌市みどりの基本計画（案）</h2>", "札幌市みどりの基本計画（案）"),
    ("<h1>市民意見の募集結果</h1><h2>札幌市みどりの基本計画（案）</h2>", "札幌市みどりの基本計画（案）"),
    ("<h1>ご意見の要旨とそれに対する市の考え方</h1><h2>札幌市みどりの基本計画（案）</h2>", "札幌市みどりの基本計画（案）"),
    ("<h1>意見募集結果</h1><h2>計画全体について</h2>", "意見募集結果"),  # a part of the plan, not its name
    ("<h1>意見募集結果</h1><h2>１　計画の概要</h2>", "意見募集結果"),
    ("<h1>意見募集結果</h1><h2>環境局みどり推進課</h2>", "意見募集結果"),
    ("<h1>意見募集結果</h1><p>次のとおり公表します。</p><h2>札幌市みどりの基本計画（案）</h2>", "意見募集結果"),  # not right below
    ("<h1>札幌市子ども計画（案）</h1><h2>意見募集の結果</h2><h3>札幌市みどりの基本計画（案）</h3>",
     "札幌市子ども計画（案）意見募集の結果"),  # the plan above comes first, as before
    ("<h1>札幌市みどりの基本計画（案）に対する意見募集の結果</h1><h2>札幌市子ども計画（案）</h2>",
     "札幌市みどりの基本計画（案）に対する意見募集の結果"),
])
def test_a_web_page_heading_naming_only_the_procedure_gives_way_to_the_plan_in_the_heading_below(
        tmp_path, body, title) -> None:
    """「<h1>パブリックコメント</h1><h2>○○計画（案）に対する意見募集の結果</h2>」 was titled 「パブリックコメント」: two such
    pages of one period were one document. Also saved as one file (MHTML)."""
    page = GENERIC_PAGE.format(body=body)
    (tmp_path / "kekka.html").write_text(page, encoding="utf-8")
    assert one(tmp_path / "kekka.html").meta.title == title
    (tmp_path / "kekka.mhtml").write_text(
        "From: <Saved by Blink>\nMIME-Version: 1.0\nContent-Type: multipart/related;\n type=\"text/html\";\n"
        " boundary=\"----B\"\n\n------B\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n"
        f"Content-Location: https://example.jp/kekka.html\n\n{base64.b64encode(page.encode()).decode()}\n\n------B--\n",
        encoding="utf-8", newline="\r\n")
    assert one(tmp_path / "kekka.mhtml").meta.title == title


@pytest.mark.parametrize(("line", "declared"), [
    ("意見提出者　２名（５件）", 5),
    ("５件（２人）のご意見が寄せられました。", 5),
    ("提出意見　５件", 5),
    ("意見提出状況：２通（５件）", 5),
    ("意見提出者　２名", None),  # persons, no comments' count
    ("意見提出状況：２通", None),
    ("５人（２件）のご意見", None),
    # 提出意見 begins phrases too: a count only on a line of its own (a part's count and an answer's were taken)
    ("計画全体に関する提出意見　１件", None),
    ("同趣旨の提出意見 2件をまとめて回答しています。", None),
    ("３　提出意見　５件", 5),
    # second review: more on the line, a bullet, both counts on one line (the count had been lost)
    ("２　提出意見　５件（３人）", 5),
    ("○提出意見　５件（うち同趣旨２件）", 5),
    ("意見提出者：３名　提出意見：５件", 5),
    # third review: persons and comments under one label (the commonest form in city publications)
    ("２　意見提出者数及び件数　２人（５件）", 5),
    ("意見提出者数・件数　２人・５件", 5),
    ("意見等の件数　５件（２人）", 5),
    ("意見提出者数及び件数\n２人（５件）", 5),
])
def test_the_declared_count_is_the_comments_not_the_persons(tmp_path, line, declared) -> None:
    """These wordings gave no declared count, so a table read short was not warned about; the 件 is the count."""
    from docx.shared import Pt

    word = Document()
    for text, size in (("札幌市みどりの基本計画（案）に対する意見募集の結果", 16),
                       ("意見募集期間　令和７年１月６日～令和７年２月５日", 10.5), (line, 10.5)):
        word.add_paragraph().add_run(text).font.size = Pt(size)
    word_table(word, [["No.", "ご意見の概要", "市の考え方"], ["1", "ベンチを増やしてほしい。", "設置を検討します。"]])
    word.save(tmp_path / "kekka.docx")
    document = one(tmp_path / "kekka.docx")
    assert (document.meta.declared_count, len(document.warnings)) == (declared, 0 if declared is None else 1)


@pytest.mark.parametrize("lines", [
    ["札幌市立小中学校における", "空き教室", "の活用方針（案）に対する意見募集の結果"],
    ["札幌市職員の", "労使関係", "に関する指針（案）に対する意見募集の結果"],
    ["組織改正に伴う", "札幌市こども未来局", "の名称変更に関する意見募集の結果"],
    ["札幌市子どもの権利救済機関", "子どもアシストセンター相談室", "の見直しに対する意見募集の結果"],
    ["札幌市立小中学校", "図書室", "整備方針（案）に対する意見募集の結果"],
    ["（仮称）札幌市", "子ども家庭総合支援室", "設置計画（案）"],
])
def test_a_name_like_a_departments_inside_a_wrapped_title_stays_in_it(lines) -> None:
    """After review: a title line that only looks like a department (空き教室, 労使関係, …局, …相談室) cut the title
    after its first line; a department ends a title only when neither the line before leaves off nor the next goes on."""
    from assistant.readers.docmeta import choose_title, find_title

    assert find_title(lines + ["1 意見募集期間"]) == "".join(lines)
    assert choose_title([(line, 16) for line in lines] + [("本文です。", 10.5)]) == "".join(lines)


def test_a_department_under_the_title_ends_it_before_prose_or_its_own_second_line() -> None:
    """After a second review: the department was joined into the title when a sentence or the department's second line
    followed it."""
    from assistant.readers.docmeta import choose_title, find_title

    title = "札幌市みどりの基本計画（案）に対する意見募集の結果"
    assert find_title([title, "札幌市環境局環境都市推進部", "このたび、標記計画案について意見を募集しました。"]) == title
    assert choose_title([(title, 15), ("財政局財政部", 15), ("ファシリティマネジメント推進課", 15),
                         ("１　意見募集の概要", 10.5)]) == title


def test_word_non_breaking_hyphens_stay_and_a_rubys_reading_is_left_out(tmp_path) -> None:
    """No. 「3‑1」 typed with Word's non-breaking hyphen (Ctrl+Shift+-) was read 「31」 and took the key of the real
    No. 31 on ingest; a telephone number lost its hyphens; a ruby's reading was read into the text (「じょせつ除雪」)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    def runs(cell, *xml: str) -> None:
        paragraph = cell.paragraphs[0]._p
        for run in paragraph.findall(qn("w:r")):
            paragraph.remove(run)
        for piece in xml:
            paragraph.append(parse_xml(piece))

    def text(value: str) -> str:
        return f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{value}</w:t></w:r>'

    hyphen = f'<w:r {nsdecls("w")}><w:noBreakHyphen/></w:r>'
    ruby = (f'<w:r {nsdecls("w")}><w:ruby><w:rubyPr><w:hps w:val="10"/><w:hpsBaseText w:val="21"/></w:rubyPr>'
            '<w:rt><w:r><w:t>じょせつ</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>除雪</w:t></w:r></w:rubyBase></w:ruby></w:r>')
    word, table = library_table(3)
    runs(table.cell(1, 0), text("3"), hyphen, text("1"))
    table.cell(1, 1).text = "排雪を増やして。"
    runs(table.cell(1, 2), text("雪対策室（電話011"), hyphen, text("211"), hyphen, text("2682）へ。"))
    table.cell(2, 0).text, table.cell(2, 1).text = "31", "歩道も。"
    runs(table.cell(2, 2), text("皆様の"), ruby, text("へのご意見として承ります。"))
    word.save(tmp_path / "runs.docx")
    document = one(tmp_path / "runs.docx")
    assert [(i.no, i.answer) for i in document.items] == [
        ("3-1", "雪対策室（電話011-211-2682）へ。"), ("31", "皆様の除雪へのご意見として承ります。")]



@pytest.mark.parametrize(("declared", "warned"), [(6, False), (5, True)])
def test_a_no_that_names_a_range_of_comments_counts_them_all(tmp_path, declared, warned) -> None:
    """One row answering 「3～5」 is three comments: a table that declared them all was said to be read short."""
    word = Document()
    word.add_paragraph("札幌市みどりの基本計画（案）に対する意見募集の結果")
    word.add_paragraph(f"ご意見の数　{declared}件")
    word_table(word, [["No.", "ご意見の概要", "市の考え方"], ["1", "ベンチを。", "検討します。"], ["2", "トイレを。", "設置します。"],
                      ["3～5", "遊具を増やして。", "更新します。"], ["6", "木陰を。", "植樹します。"]])
    word.save(tmp_path / "kekka.docx")
    document = one(tmp_path / "kekka.docx")
    assert (document.meta.declared_count, [i.no for i in document.items]) == (declared, ["1", "2", "3～5", "6"])  # as drafts keep it
    assert bool(document.warnings) is warned


def test_a_reference_note_across_the_last_row_is_no_item(tmp_path) -> None:
    """「【参考】」 and its sentence in a row merged across the table were read as an item numbered by the whole note,
    with three warnings that contradicted each other (ご意見の欄が空, 回答の欄が空, 読み飛ばしました)."""
    word = Document()
    word.add_paragraph("札幌市地域公共交通計画（案）に対する意見募集の結果")
    table = word_table(word, [["No.", "ご意見の概要", "本市の考え方"], ["1", "バスの本数を増やしてほしい。", "協議します。"],
                              ["2", "運賃を下げてほしい。", "事業者が定めます。"], ["", "", ""]])
    note = table.cell(3, 0).merge(table.cell(3, 2))
    note.text = "【参考】"
    note.add_paragraph("本計画の策定に当たっては、市民アンケート（回答数 1,200件）を実施しました。")
    word.save(tmp_path / "kekka.docx")
    document = one(tmp_path / "kekka.docx")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "バスの本数を増やしてほしい。", "協議します。"), ("2", "運賃を下げてほしい。", "事業者が定めます。")]
    assert document.warnings == ()


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_word_table_and_a_published_workbook_are_read_as_typed(tmp_path, fmt: str) -> None:
    """Their cells are typed, not laid out as a PDF's lines: 「中央図書館　電話…」 was read 「中央図書館電話…」, 「- 幹線道路」
    「-幹線道路」, and a tab and the space in 「more trees. Please.」 were gone. A line break typed in a cell (Word's
    Shift+Enter, Excel's Alt+Enter) ends a paragraph, as it did."""
    rows = [["No.", "ご意見の概要", "市の考え方"],
            ["1", "ごみ　有料化について。", "ご意見ありがとうございます。\n- 幹線道路\n- 通学路\nを優先します（問合せ：中央図書館　電話011-512-7320）。"],
            ["2", "more trees. Please.", "有料化は、\t審議会で検討中です。"]]
    path = tmp_path / f"kekka.{fmt}"
    if fmt == "docx":
        word = Document()
        word.add_paragraph("○○計画（案）に対する意見募集の結果")
        word_table(word, rows)  # a cell's 「\n」 is Word's line break, its 「\t」 a tab
        word.save(path)
    else:
        book = Workbook()
        sheet = book.active
        sheet["A1"] = "○○計画（案）に対する意見募集の結果"
        sheet.merge_cells("A1:C1")
        for row in rows:
            sheet.append(row)
        book.save(path)
    document = one(path)
    assert document.meta.kind == "table"
    assert [(i.no, i.comment, i.answer_paragraphs) for i in document.items] == [
        ("1", "ごみ　有料化について。", ("ご意見ありがとうございます。", "- 幹線道路", "- 通学路", "を優先します（問合せ：中央図書館　電話011-512-7320）。")),
        ("2", "more trees. Please.", ("有料化は、\t審議会で検討中です。",))]
    assert document.warnings == ()


def _cover_and_table(tmp_path, fmt: str, cover: list[tuple[str, object]]):
    """A result with a cover of label｜value rows above its answer table: lines 「label：value」 in a text, a table of
    two columns in Word, a cover sheet in Excel."""
    title = "図書館計画（案）に対する意見募集の結果"
    rows = [["No.", "ご意見の概要", "市の考え方"], ["1", "開館時間を延ばしてほしい。", "検討します。"],
            ["2", "駐車場を増やしてほしい。", "検討します。"]]
    path = tmp_path / f"kekka.{fmt}"
    if fmt == "txt":
        lines = [title, *(f"{label}：{value}" for label, value in cover), "", *("\t".join(row) for row in rows)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif fmt == "docx":
        word = Document()
        word.add_paragraph(title)
        word_table(word, [[label, str(value)] for label, value in cover])
        word.add_paragraph("")
        word_table(word, rows)
        word.save(path)
    else:
        book = Workbook()
        sheet = book.active
        sheet.title = "表紙"
        sheet.append([title])
        for label, value in cover:
            sheet.append([label, value])
        table = book.create_sheet("結果")
        table.append([title])
        table.merge_cells("A1:C1")
        for row in rows:
            table.append(row)
        book.save(path)
    return one(path)


@pytest.mark.parametrize("fmt", ["txt", "docx", "xlsx"])
def test_a_cover_giving_the_start_and_the_end_of_the_period_on_rows_of_their_own_gives_both(tmp_path, fmt) -> None:
    """Review of the readers: 「募集開始日｜令和6年4月1日」 over 「募集終了日｜令和6年5月1日」 gave the period
    2024-04-01 to 2024-04-01 (the start twice, the end lost)."""
    document = _cover_and_table(tmp_path, fmt, [("募集開始日", "令和6年4月1日"), ("募集終了日", "令和6年5月1日")])
    assert (document.meta.title, document.meta.period_start, document.meta.period_end) == (
        "図書館計画（案）に対する意見募集の結果", "2024-04-01", "2024-05-01")
    assert document.warnings == ()


def test_an_end_before_the_start_or_without_a_label_of_its_own_is_no_end() -> None:
    from assistant.readers.docmeta import find_period

    assert find_period("募集開始日：令和6年4月1日\n募集終了日：令和6年3月1日") == ("2024-04-01", "2024-04-01")
    assert find_period("募集開始日：令和6年4月1日\n公表日：令和6年6月1日") == ("2024-04-01", "2024-04-01")
    assert find_period("受付開始日 令和6年4月1日 受付締切日 令和6年5月1日") == ("2024-04-01", "2024-05-01")


@pytest.mark.parametrize("fmt", ["txt", "docx", "xlsx"])
def test_a_deadline_under_a_label_of_its_own_ends_the_period_and_a_later_end_in_the_text_does_not(tmp_path, fmt) -> None:
    """Second reading of the readers: under 「募集開始日」 and 「提出期限」 (a label the end's rule did not know) the end
    came from the next 「終了」 anywhere later, a comment's 「…は終了したのか。令和8年3月31日までに…」 included."""
    document = _cover_and_table(tmp_path, fmt, [("募集開始日", "令和6年4月1日"), ("提出期限", "令和6年5月1日")])
    assert (document.meta.period_start, document.meta.period_end, document.warnings) == ("2024-04-01", "2024-05-01", ())


def test_an_end_is_read_only_from_the_lines_right_under_the_start() -> None:
    from assistant.readers.docmeta import find_meta, find_period

    text = ("意見募集結果\n意見募集開始日：令和6年4月1日\n意見提出期限：令和6年5月1日\n\n"
            "1 現行計画は令和7年3月31日で終了し、令和7年4月1日から新計画です。\n")
    assert (find_meta(text)["period_start"], find_meta(text)["period_end"]) == ("2024-04-01", "2024-05-01")
    assert find_period("募集開始日：令和6年4月1日\n\n募集期限　令和6年5月1日") == ("2024-04-01", "2024-05-01")
    assert find_period("募集開始日：令和6年4月1日\n締切日｜令和6年5月1日") == ("2024-04-01", "2024-05-01")
    body = "募集開始日：令和6年4月1日\n意見提出期限：（別紙参照）\n\n1 現行計画は令和7年3月31日で終了し、令和7年4月1日から新計画です。"
    assert find_period(body) == ("2024-04-01", "2024-04-01")
    later = "募集開始日：令和6年4月1日\n公表場所\n市役所\n区役所\n区民センター\n募集終了日：令和6年5月1日"
    assert find_period(later) == ("2024-04-01", "2024-04-01")


@pytest.mark.parametrize("fmt", ["txt", "docx", "xlsx"])
def test_a_cover_count_without_its_unit_is_the_declared_count(tmp_path, fmt) -> None:
    """Review of the readers: 「意見件数｜3」 (no 件) gave no declared count, so the document said nothing of the one
    comment it lacks."""
    document = _cover_and_table(tmp_path, fmt, [("意見件数", 3)])
    assert document.meta.declared_count == 3
    assert document.warnings == (
        "文書に記載の意見総数は3件ですが、表から読み取れた項目は2件です。類似意見をまとめた可能性があります。"
        "原本と照合してください（行の追加・削除はしていません）。",)


@pytest.mark.parametrize(("text", "count"), [
    ("意見件数｜3", 3), ("意見件数\t3", 3), ("1 意見総数：12", 12), ("・ご意見の件数 1,200", 1200),
    ("意見提出者数｜3", None), ("意見件数 3人", None), ("提出意見数 5件（3人）", 5),
])
def test_a_count_without_its_unit_is_read_only_under_a_label_of_the_comments_count(text, count) -> None:
    """The bare number counts comments under 意見件数 or 意見総数, never the persons of 意見提出者数."""
    from assistant.readers.docmeta import find_meta

    assert find_meta(f"○○計画の結果\n{text}\n")["declared_count"] == count


@pytest.mark.parametrize("fmt", ["txt", "docx", "xlsx"])
def test_counts_by_topic_without_their_unit_are_no_declared_total(tmp_path, fmt) -> None:
    """Second reading of the readers: a breakdown 「意見数 1」, 「意見数 1」 by topic was read as the declared total 1, and
    the document was said to hold more comments than it declares."""
    document = _cover_and_table(tmp_path, fmt, [("ア 開館時間", "意見数 1"), ("意見数", 1), ("イ 駐車場", ""), ("意見数", 1)])
    assert document.meta.declared_count is None
    assert [warning for warning in document.warnings if "意見総数" in warning] == []


@pytest.mark.parametrize(("text", "count"), [
    ("提出件数｜5\n意見数｜12", None), ("受付件数 5", None), ("意見提出数 5", None), ("意見の数 5", None),
    ("意見件数 4\n意見件数 5", None), ("意見総数 9\n意見件数 9", 9), ("意見件数 3 (うち2件は同趣旨)", None),
    (f"{'ご意見ありがとうございました。' * 60}\n意見件数 3", None), ("ご意見の総数：7", 7),
])
def test_a_count_without_its_unit_is_a_total_only_under_a_total_s_label_in_the_front_matter(text, count) -> None:
    """Second reading of the readers: 「提出件数｜5」 (the submissions) gave the declared count 5, and a topic's
    「意見数 4」 anywhere in the text overrode the table's total row."""
    from assistant.readers.docmeta import find_meta

    assert find_meta(f"○○計画の結果\n{text}\n")["declared_count"] == count


@pytest.mark.parametrize(("text", "count"), [
    ("パブリックコメント　提出者8人　意見22件", 22), ("意見提出者 5名、ご意見 12件", 12), ("提出者8人（意見22件）", 22),
    ("ご意見をいただいた方：10名（18件）", 18), ("意見を提出された方　3人（5件）", 5), ("ご意見をお寄せいただいた方 4人（7件）", 7),
    ("提出方法別：電子メール5件、郵送2件、持参1件（計8件）", 8), ("意見の提出方法　郵送3件、電子メール5件（計8件）", 8),
    ("提出方法：郵送1,234件・電子メール5件（合計1,239件）", 1239),
    ("項目　意見数\n第1章　2件\n第2章　3件\n合計　5件", 5), ("区分 人数 ご意見の件数\n個人 3人 4件\n団体 1人 2件\n合計 4人 6件", 6),
    # persons are never the count; a 計 only on a line about the comments, and only as the sum of its parts
    ("ご意見をいただいた方：10名", None), ("説明会参加者30人　意見5件", None), ("郵送3件、電子メール5件（計8件）", None),
    ("提出方法：郵送3件、電子メール5件（計9件）", None), ("提出方法：郵送3人、電子メール5人（計8人）", None),
    ("提出方法：電子メール（計8件）", None), ("項目　意見数\n第1章　2件\n第2章　3件\n合計　6件", None),
    ("項目　意見数\n第1章　2人\n合計　2人", None), ("項目　件数\n第1章　2件\n第2章　3件\n合計　5件", None),
])
def test_declared_count_written_as_submitters_and_comments_a_breakdown_or_a_summary_table(text, count) -> None:
    """Review of the readers: 「提出者8人　意見22件」, 「ご意見をいただいた方：10名（18件）」, a breakdown by submission
    method closed by 「（計8件）」 and a summary table 「項目｜意見数 … 合計｜5件」 gave no declared count."""
    from assistant.readers.docmeta import find_meta

    assert find_meta(f"○○計画の結果\n{text}\n")["declared_count"] == count


_PERIOD = "１　意見募集期間　令和7年4月1日～4月30日\n"


@pytest.mark.parametrize(("text", "count"), [
    (_PERIOD + "（参考）前回の意見募集（令和2年度）：提出者12人　意見30件", None),
    ("前回の意見募集でご意見をいただいた方：10名（18件）\n今回の意見募集期間　令和7年4月1日～4月30日", None),
    ("１　意見交換会　提出者3団体　意見15件\n" + _PERIOD, None),
    ("１　審議会での審議　委員からの意見　提出者8人　意見22件\n" + _PERIOD, None),
    ("１　地域意見交換会でのご意見：北地区5件、南地区7件（計12件）\n" + _PERIOD, None),
    (_PERIOD + "２　市民アンケート（提出方法：郵送120件、WEB80件（計200件））\n３　意見提出者　5人", None),
    (_PERIOD + "２　アンケートの提出状況：郵送120件、WEB80件（計200件）", None),
    ("（参考）これまでの意見募集の状況\n年度 意見数\n令和4年度 12件\n令和5年度 8件\n合計 20件", None),
    ("１　住民説明会\n会場 参加者数 意見数\n北公民館 12人 3件\n南公民館 8人 2件\n合計 20人 5件\n" + _PERIOD, None),
    ("（参考）前回の意見募集\n提出者12人　意見30件\n" + _PERIOD, None),
    (_PERIOD + "２　意見提出者数　3人\nNo. ご意見 市の考え方\n1 説明会を増やして。 前回ご意見をいただいた方 20人（35件）のご意見も"
     "踏まえ、説明会を増やします。", None),
    (_PERIOD + "あ" * 800 + "\nご意見をいただいた方：10名（18件）", None),  # past the front matter: an answer's words
    # this consultation's, also under a title naming a meeting with the consultation, or after a line of a meeting's count
    ("○○審議会答申（案）に対する意見募集の結果\n提出者8人　意見22件", 22),
    ("２　住民説明会　3回開催（参加者45人、意見12件）\n３　意見提出者8人　ご意見22件", 22),
    (_PERIOD + "ご意見をいただいた方：10名（18件）", 18),
    ("意見募集の結果\n項目　意見数\n第1章　2件\n第2章　3件\n合計　5件", 5),
])
def test_declared_count_of_another_occasion_is_no_count(text, count) -> None:
    """Second review of the readers (rv3 m/): a past consultation's (前回, 参考), a meeting's, a survey's or a council's
    count in the front matter, and an answer's 「前回ご意見をいただいた方 20人（35件）」, were read as the declared
    count (30, 18, 15, 22, 12, 200, 200, 20, 5, 30, 35, 18) and warned of comments the table lacked."""
    from assistant.readers.docmeta import find_meta

    assert find_meta(f"○○市総合計画（案）に対する意見募集の結果について\n{text}\n")["declared_count"] == count


@pytest.mark.parametrize("line", ["（参考）前回計画策定時の意見募集（令和2年度）：提出者12人　意見30件",
                                  "３　地域意見交換会でのご意見：北地区5件、南地区7件（計12件）",
                                  "３　市民アンケートの提出状況：郵送120件、WEB80件（計200件）"])
def test_a_word_result_counting_another_occasion_warns_of_nothing(tmp_path, line) -> None:
    """Second review of the readers (rv3 m/prev.docx, koukan.docx, survey.docx): 「文書に記載の意見総数は30件ですが、
    表から読み取れた項目は3件です…」 from a count of another occasion."""
    word = Document()
    for text in ("○○市地域公共交通計画（案）に対する意見募集の結果について", "１　意見募集期間　令和7年4月1日から令和7年4月30日まで",
                 "２　意見提出者数　3人", line, "４　ご意見の概要と市の考え方"):
        word.add_paragraph(text)
    word_table(word, [["No.", "ご意見の概要", "市の考え方"], *([no, f"意見{no}。バスを増やして。", f"回答{no}。検討します。"]
                                                              for no in "123")])
    word.save(tmp_path / "other.docx")
    document = one(tmp_path / "other.docx")
    assert [item.no for item in document.items] == ["1", "2", "3"]
    assert (document.meta.declared_count, document.warnings) == (None, ())


def _missing(declared: int, read: int) -> str:
    return (f"文書に記載の意見総数は{declared}件ですが、表から読み取れた項目は{read}件です。類似意見をまとめた可能性があります。"
            "原本と照合してください（行の追加・削除はしていません）。")


@pytest.mark.parametrize(("front", "declared"), [
    ("<p>パブリックコメント　提出者8人　意見22件</p>", 22), ("<p>ご意見をいただいた方：10名（18件）</p>", 18),
    ("<p>提出方法別：電子メール5件、郵送2件、持参1件（計8件）</p>", 8),
    ("<p>意見提出者数：4人</p><table border=1><tr><th>項目</th><th>意見数</th></tr><tr><td>第1章</td><td>2件</td></tr>"
     "<tr><td>第2章</td><td>3件</td></tr><tr><td>合計</td><td>5件</td></tr></table>", 5),
])
def test_a_web_page_declaring_its_total_so_warns_of_the_comments_it_lacks(tmp_path, front, declared) -> None:
    """Review of the readers (r7, f2_count_table.html): a 3-row table under these totals raised no warning."""
    rows = "".join(f"<tr><td>{no}</td><td>意見{no}。森林整備を進めて。</td><td>回答{no}。進めます。</td></tr>" for no in "123")
    (tmp_path / "count.html").write_text(
        '<html><head><meta charset="utf-8"><title>○○町計画（案）の意見募集結果</title></head><body>'
        f"<h1>○○町計画（案）の意見募集結果</h1><p>募集期間：令和6年5月1日～令和6年5月31日</p>{front}"
        f"<table border=1><tr><th>No.</th><th>ご意見の要旨</th><th>市の考え方</th></tr>{rows}</table></body></html>",
        encoding="utf-8")
    document = one(tmp_path / "count.html")
    assert [item.no for item in document.items] == ["1", "2", "3"]
    assert (document.meta.declared_count, document.warnings) == (declared, (_missing(declared, 3),))


def test_a_word_summary_table_over_the_answer_table_gives_the_declared_count(tmp_path) -> None:
    """A Word summary table 「項目｜意見数」 whose 「合計｜3件」 sums its rows declares the total; the 2 rows read lack one."""
    document = _cover_and_table(tmp_path, "docx", [("項目", "意見数"), ("第1章", "2件"), ("第2章", "1件"), ("合計", "3件")])
    assert [item.no for item in document.items] == ["1", "2"]
    assert (document.meta.declared_count, document.warnings) == (3, (_missing(3, 2),))


def _thousands(number: int) -> str:
    return f"{number:,}"


def test_nos_past_999_written_with_thousands_separators_are_one_number_each() -> None:
    """Review of the readers: 「1,000」 and 「1,100」 (a consultation of over a thousand comments) were read as the lists
    「1」「000」 and 「1」「100」, so every No. from 1 to 234 was said to come twice."""
    from assistant.readers.grid import Cell, Row, read_grid

    def row(*texts: str, start: bool = False) -> Row:
        return Row(tuple(Cell((text,)) for text in texts), table_start=start)

    blocks = [row("No.", "ご意見の概要", "市の考え方", start=True)]
    blocks += [row(_thousands(number), f"ご意見{number}。", "検討します。") for number in range(1, 1235)]
    result = read_grid(blocks)
    assert [item.no for item in result.items[998:1001]] == ["999", "1,000", "1,001"]
    assert (len(result.items), result.items[-1].no, result.warnings) == (1234, "1,234", [])


def test_a_list_written_with_commas_is_still_two_numbers_before_the_numbering_reaches_999() -> None:
    from assistant.readers.grid import Cell, Row, read_grid

    blocks = [Row((Cell(("No.",)), Cell(("ご意見",)), Cell(("市の考え方",))), table_start=True)]
    blocks += [Row((Cell((no,)), Cell(("ご意見。",)), Cell(("検討します。",)))) for no in ("1", "2", "1,234")]
    assert read_grid(blocks).warnings == [
        "No.1 が2回出てきます（表の1行目、表の3行目）。同じ番号のまま別々の項目として読みました。原本を確認してください。"]


def test_a_declared_count_past_a_thousand_is_compared_with_the_comments_the_nos_name(tmp_path) -> None:
    """Review of the readers: in a text of 1,200 rows under 「意見総数 1,201件」, the last 「1,200・1,201」 (two comments
    answered together), the Nos. 1,000 to 1,199 counted two comments each, and the count was said to differ."""
    rows = [f"{_thousands(number)}\tご意見{number}。\t検討します。" for number in range(1, 1200)]
    text = "\n".join(["○○計画（案）に対する意見募集の結果", "意見総数 1,201件", "", "No.\tご意見\t市の考え方", *rows,
                      "1,200・1,201\tご意見1200。\t検討します。"])
    (tmp_path / "kekka.txt").write_text(text + "\n", encoding="utf-8")
    document = one(tmp_path / "kekka.txt")
    assert (document.meta.declared_count, len(document.items), document.warnings) == (1201, 1200, ())


def test_numbered_total_reads_thousands_separators_as_the_drafts_do() -> None:
    from types import SimpleNamespace as Item

    from assistant.readers.text import numbered_total

    assert numbered_total([Item(no=no) for no in ["1,000"]]) == 1
    assert numbered_total([Item(no=no) for no in ["1,2", "1,234"]]) == 4  # lists, numbering short of 999
    assert numbered_total([Item(no=no) for no in ["1,099", "1,100", "1,101～1,103", "12ほか1,022件"]]) == 1 + 1 + 3 + 1023


def test_a_list_written_with_commas_past_no_999_is_still_a_list_when_it_is_far_from_the_no_above() -> None:
    """Second reading of the readers: once a row above reached 999, 「250,251」 (comments 250 and 251 answered together)
    was read as the one No. 250251, so it counted one comment and the duplicate-No. check never saw 250 or 251."""
    from types import SimpleNamespace as Item

    from assistant.readers.grid import Cell, Row, _numbers, read_grid
    from assistant.readers.text import numbered_total

    assert (_numbers("250,251", 1001), _numbers("1,002", 1001), _numbers("1,100", 999)) == (
        ["250", "251"], ["1002"], ["1", "100"])
    assert numbered_total([Item(no=no) for no in ["998", "999", "1,000", "1,001", "250,251"]]) == 6
    blocks = [Row((Cell(("No.",)), Cell(("ご意見",)), Cell(("市の考え方",))), table_start=True)]
    blocks += [Row((Cell((no,)), Cell(("ご意見。",)), Cell(("検討します。",))))
               for no in [*map(_thousands, range(1, 1002)), "250,251"]]
    assert read_grid(blocks).warnings == [
        f"No.{no} が2回出てきます（表の{no}行目、表の1002行目）。同じ番号のまま別々の項目として読みました。原本を確認してください。"
        for no in (250, 251)]


def _late_row_table(late: str) -> list[str]:
    """Nos. 1 to 1,240 with 250 and 251 answered together in a row placed after 1,233 (``late``: how it is written)."""
    return [*map(_thousands, [*range(1, 250), *range(252, 1234)]), late, *map(_thousands, range(1234, 1241))]


@pytest.mark.parametrize("late", ["250,251", "250、251", "250・251", "250～251"])
def test_a_row_out_of_order_past_no_999_does_not_set_the_numbering_back_for_the_rows_after_it(tmp_path, late) -> None:
    """Fix of the second reading: after 「250,251」 (two comments answered together, placed under 「1,233」), the No.
    above for 「1,234」 was 251, so 「1,234」 to 「1,240」 were each read as two Nos. (1 and 234 …): the Nos. named
    1,247 comments against the declared 1,240, and No.1 and Nos. 234 to 240 were said to come twice."""
    from types import SimpleNamespace as Item

    from assistant.readers.grid import Cell, Row, read_grid
    from assistant.readers.text import numbered_total

    nos = _late_row_table(late)
    assert numbered_total([Item(no=no) for no in nos]) == 1240
    blocks = [Row((Cell(("No.",)), Cell(("ご意見",)), Cell(("市の考え方",))), table_start=True)]
    blocks += [Row((Cell((no,)), Cell((f"ご意見{index}。",)), Cell(("検討します。",)))) for index, no in enumerate(nos)]
    result = read_grid(blocks)
    assert (len(result.items), result.items[-1].no, result.warnings) == (1239, "1,240", [])
    rows = [f"{no}\tご意見{index}。\t検討します。" for index, no in enumerate(nos)]
    text = "\n".join(["○○計画（案）に対する意見募集の結果", "意見総数 1,240件", "", "No.\tご意見\t市の考え方", *rows])
    (tmp_path / "kekka.txt").write_text(text + "\n", encoding="utf-8")
    document = one(tmp_path / "kekka.txt")
    assert (document.meta.declared_count, len(document.items), document.warnings) == (1240, 1239, ())


def test_a_no_without_a_number_past_no_999_does_not_set_the_numbering_back() -> None:
    """Fix of the second reading: the table check of repeated Nos. forgot the numbering at a row 「その他」 (the
    count of comments did not), so 「1,234」 to 「1,236」 under it were read as 1 and 234 …, said to come twice."""
    from assistant.readers.grid import Cell, Row, read_grid

    nos = [*map(_thousands, range(1, 1234)), "その他", *map(_thousands, range(1234, 1237))]
    blocks = [Row((Cell(("No.",)), Cell(("ご意見",)), Cell(("市の考え方",))), table_start=True)]
    blocks += [Row((Cell((no,)), Cell((f"ご意見{index}。",)), Cell(("検討します。",)))) for index, no in enumerate(nos)]
    result = read_grid(blocks)
    assert ([item.no for item in result.items[-4:]], result.warnings) == (["その他", "1,234", "1,235", "1,236"], [])


def test_a_chapter_numbered_from_1_again_after_no_1100_reads_its_lists_as_lists() -> None:
    """Second reading: the highest No. reached never went down, so in a chapter numbered from 1 again after one past
    No. 1,100, 「1,105」 (comments 1 and 105 answered together) was read as No. 1105: one comment short of the count."""
    from types import SimpleNamespace as Item

    from assistant.readers.text import numbered_total

    nos = [*map(_thousands, range(1, 1101)), *map(str, range(1, 105)), "1,105", "106"]
    assert numbered_total([Item(no=no) for no in nos]) == 1100 + 104 + 2 + 1


def test_a_list_naming_1_out_of_order_past_no_999_does_not_start_the_numbering_again() -> None:
    """Review 201: any No. listing 1 (「1・250」, two comments answered together, placed under 「1,233」) restarted the
    numbering, so 「1,234」 to 「1,240」 were each read as two Nos.: 1,247 comments against 1,240. Only a No. 「1」 does."""
    from types import SimpleNamespace as Item

    from assistant.readers.text import numbered_total

    nos = [*map(_thousands, [*range(2, 250), *range(251, 1234)]), "1・250", *map(_thousands, range(1234, 1241))]
    assert numbered_total([Item(no=no) for no in nos]) == 1240


def _answer_page(tmp_path, nos: list[str], declared: int):
    """A web page of one answer table (the grid readers' path) with a row for each No. and the declared count."""
    (tmp_path / "kekka.html").write_text(
        "<html><head><meta charset='utf-8'></head><body><h1>○○計画（案）に対する意見募集の結果</h1>"
        f"<p>意見総数：{declared:,}件</p><table border='1'><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
        + "".join(f"<tr><td>{no}</td><td>ご意見{index}。</td><td>検討します。</td></tr>" for index, no in enumerate(nos))
        + "</table></body></html>", encoding="utf-8")
    return one(tmp_path / "kekka.html")


@pytest.mark.parametrize("joined", ["1,233,1,234", "1,233，1,234", "1,233、1,234", "1,233・1,234"])
def test_nos_past_999_written_with_thousands_separators_and_listed_are_each_one_number(tmp_path, joined) -> None:
    """Third reading of the readers: 「1,233,1,234」 (Nos. 1233 and 1234 answered together under 「1,232」) was read as
    the list 1, 233, 1, 234: Nos. 1, 233 and 234 were said to come again and the Nos. named 1,237 comments against the
    declared 1,235. (「1,233、1,234」 and 「1,233・1,234」 were read right; they stay so.)"""
    from types import SimpleNamespace as Item

    from assistant.readers.grid import Cell, Row, read_grid
    from assistant.readers.text import numbered_total

    nos = [*map(_thousands, range(1, 1233)), joined, "1,235"]
    assert numbered_total([Item(no=no) for no in nos]) == 1235
    document = _answer_page(tmp_path, nos, 1235)
    assert (document.meta.declared_count, len(document.items), document.items[-2].no, document.warnings) == (
        1235, 1234, joined.replace("，", ","), ())
    rows = [f"{no}\tご意見{index}。\t検討します。" for index, no in enumerate(nos)]
    (tmp_path / "kekka.txt").write_text("\n".join(["○○計画（案）に対する意見募集の結果", "意見総数 1,235件", "",
                                                   "No.\tご意見\t市の考え方", *rows]) + "\n", encoding="utf-8")
    assert one(tmp_path / "kekka.txt").warnings == ()
    blocks = [Row((Cell(("No.",)), Cell(("ご意見",)), Cell(("市の考え方",))), table_start=True)]
    blocks += [Row((Cell((no,)), Cell((f"ご意見{index}。",)), Cell(("検討します。",))))
               for index, no in enumerate([*nos[:-1], "1234"])]
    assert read_grid(blocks).warnings == [
        "No.1234 が2回出てきます（表の1233行目、表の1234行目）。同じ番号のまま別々の項目として読みました。原本を確認してください。"]


def test_numbers_listed_with_commas_past_999_stay_a_list_unless_each_is_the_numbering_s_next() -> None:
    """Only a reading that makes every number one a little above the No. above takes the commas for thousands
    separators: 「1,2」, 「250,251」 and 「1,233,5」 under 「1,232」 stay lists, 「1,233,1,234」 alone too."""
    from types import SimpleNamespace as Item

    from assistant.readers.grid import Cell, Row, read_grid
    from assistant.readers.text import numbered_total

    head = [*map(_thousands, range(1, 1233))]
    assert [numbered_total([Item(no=no) for no in [*head, late]]) - 1232 for late in
            ["1,2", "250,251", "1,233,5", "1,233,1,400", "1,233,1,234,1,235"]] == [2, 2, 3, 4, 3]
    assert numbered_total([Item(no="1,233,1,234")]) == 4
    blocks = [Row((Cell(("No.",)), Cell(("ご意見",)), Cell(("市の考え方",))), table_start=True)]
    blocks += [Row((Cell((no,)), Cell((f"ご意見{index}。",)), Cell(("検討します。",))))
               for index, no in enumerate([*head, "1,2"])]
    assert read_grid(blocks).warnings == [
        f"No.{no} が2回出てきます（表の{no}行目、表の1233行目）。同じ番号のまま別々の項目として読みました。原本を確認してください。"
        for no in (1, 2)]


def test_a_long_run_of_numbers_listed_with_commas_is_read_in_one_pass() -> None:
    """Second reading 206: the readings of a comma run were tried every way, by recursion: a run of 「100」s under Nos.
    past 100,000 took minutes (56 groups, 201 s; this one of 301 would never end), and 1,000 Nos. listed in one row
    (「1,001,1,002,…,2,000」) raised RecursionError, so the file was refused. Both are read now, as before the run was
    split: the first stays as written (no one reading), the second is Nos. 1001 to 2000."""
    from assistant.readers.grid import Numbering

    numbering = Numbering()
    hostile = ",".join(["100"] * 300) + ",1"
    assert [numbering.read(no) for no in ["100,100,099", "100,099", hostile, "100,101"]] == [
        "100100099", "100099", hostile, "100,101"]
    numbering = Numbering()
    listed = [numbering.named(f"{number:,}") for number in range(1, 1001)]
    assert listed[-1] == ["1000"]
    assert numbering.named(",".join(f"{number:,}" for number in range(1001, 2001))) == [
        str(number) for number in range(1001, 2001)]
    assert numbering.named("2,001") == ["2001"]


def test_the_count_of_comments_counts_every_number_of_a_range_past_the_table_s_limit(tmp_path) -> None:
    """Second reading 206: the count went through the check's limit of MAX_RANGE numbers a table, so 「6,001～12,000」
    after 「1～6,000」 counted one and 「意見総数 12,001件」 was taken for 類似意見をまとめた. The check still names 10,000
    numbers at most; the count counts them all."""
    from assistant.readers import read_document

    rows = "".join(f"<tr><td>{no}</td><td>ご意見{index}について、計画の見直しを求めます。</td><td>検討します。</td></tr>"
                   for index, no in enumerate(["1～6,000", "6,001～12,000", "12,001"]))
    page = tmp_path / "result.html"
    page.write_text("<html><head><meta charset='utf-8'></head><body><h1>○○計画（案）に対する意見募集の結果</h1>"
                    "<p>意見総数：12,001件</p><table border='1'><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
                    f"{rows}</table></body></html>", encoding="utf-8")
    document, = read_document(page)
    assert (len(document.items), document.meta.declared_count, list(document.warnings)) == (3, 12001, [])


@pytest.mark.parametrize("mark", ["～", "~", "〜"])
def test_a_range_names_each_of_its_numbers_to_the_check_of_repeated_nos_as_to_the_count(tmp_path, mark) -> None:
    """Third reading of the readers: the count of comments read 「250～251」 as Nos. 250 and 251, the check of repeated
    Nos. as the one No. 「250～251」, so a row 「251」 under it was never said to come twice. 「250-251」 is a
    sub-number (No. 250, part 251) to both, as before."""
    nos = [*map(str, range(1, 250)), f"250{mark}251", "251", "252"]
    document = _answer_page(tmp_path, nos, 253)
    assert (document.meta.declared_count, len(document.items), document.warnings) == (253, 252, (
        "No.251 が2回出てきます（表の250行目、表の251行目）。同じ番号のまま別々の項目として読みました。原本を確認してください。",))
    document = _answer_page(tmp_path, [*map(str, range(1, 250)), "250-251", "251", "252"], 252)
    assert document.warnings == ()


def test_the_count_of_comments_reads_a_no_as_the_check_of_repeated_nos_does() -> None:
    """Third reading of the readers: the count took 「2-1・2-2」 (two comments, sub-numbered) for one comment, and
    the check of repeated Nos. kept 「No.5」 apart from 「5」. Both read a No. alike now, and the ranges of one table
    name MAX_RANGE numbers at most to the check (rows 「1～9999」 list no millions of numbers), while the count counts
    every comment a range names (second reading 206: 「1～6,000」, 「6,001～12,000」 under 「意見総数 12,001件」 warned)."""
    from types import SimpleNamespace as Item

    from assistant.readers.grid import Cell, Row, read_grid
    from assistant.readers.text import numbered_total

    assert numbered_total([Item(no=no) for no in ["1", "2-1・2-2", "3"]]) == 4
    assert numbered_total([Item(no=no) for no in ["1～100000", "5"]]) == 100001
    assert numbered_total([Item(no=no) for no in ["1～10000", "10001"]]) == 10001
    assert numbered_total([Item(no="1～9999") for _ in range(300)]) == 9999 * 300
    blocks = [Row((Cell(("No.",)), Cell(("ご意見",)), Cell(("市の考え方",))), table_start=True)]
    blocks += [Row((Cell((no,)), Cell((f"ご意見{index}。",)), Cell(("検討します。",))))
               for index, no in enumerate(["No.5", "6", "5", "1～100000", "7～8", "8"])]
    assert read_grid(blocks).warnings == [
        f"No.{no} が2回出てきます（表の{first}行目、表の{second}行目）。同じ番号のまま別々の項目として読みました。原本を確認してください。"
        for no, first, second in ((5, 1, 3), (8, 5, 6))]


LATE_NOTE = "※以下は、意見募集期間の終了後に提出されたご意見ですが、参考として掲載します。"
LATE_NOTE_WARNING = (f"表の3行目: 表の途中の注記「{LATE_NOTE}」は、ご意見ではないため"
                     "項目に含めませんでした（前の項目にも加えていません）。後に続く No.3～4 に関わる注記なら、原本を確認してください。")
KEIKAN = [("1", "屋外広告物を規制してほしい。", "条例で規制します。"), ("2", "建物の高さを制限してほしい。", "高度地区で制限しています。"),
          ("3", "夜間景観に配慮してほしい。", "ライトアップ指針を検討します。"), ("4", "緑を増やしてほしい。", "緑化を推進します。")]


def keikan_docx(end: str, end_columns: tuple[int, int] = (1, 2)) -> Document:
    """Review s48 #1/#6: a note row across the table between Nos. 2 and 3, and a last row with an empty No. and one cell
    ``end`` spanning ``end_columns``."""
    word = Document()
    word.add_paragraph("中央区景観計画（案）に対する意見募集の結果")
    rows = [["No.", "ご意見の概要", "市の考え方"], *[list(item) for item in KEIKAN[:2]], ["", "", ""],
            *[list(item) for item in KEIKAN[2:]], ["", "", ""]]
    table = word_table(word, rows)
    table.style = "Table Grid"  # ruled, as printed to PDF
    table.cell(3, 0).merge(table.cell(3, 2)).text = LATE_NOTE
    table.cell(6, end_columns[0]).merge(table.cell(6, end_columns[1])).text = end
    return word


@pytest.mark.parametrize("end", ["以下余白", "（以上）"])
def test_word_end_mark_across_comment_and_answer_joins_no_comment_and_a_note_inside_the_table_is_said(tmp_path, end) -> None:
    """Review s48 #1: 「以下余白」 in a cell spanning the comment and answer columns under No. 4 was added to its comment
    ('緑を増やしてほしい。\\n以下余白'), without a word; #6: the ※ note across the table between Nos. 2 and 3 vanished
    without a word. The end mark is left out as a note under the table is (silently, as when it spans the whole row);
    the note inside the table is said, with the Nos. it stands above."""
    keikan_docx(end).save(tmp_path / "kekka.docx")
    document = one(tmp_path / "kekka.docx")
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [(*item, None) for item in KEIKAN]
    assert document.warnings == (LATE_NOTE_WARNING,)
    keikan_docx(end, (0, 2)).save(tmp_path / "kekka2.docx")  # across the whole row: the same
    document = one(tmp_path / "kekka2.docx")
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [(*item, None) for item in KEIKAN]
    assert document.warnings == (LATE_NOTE_WARNING,)


def keikan_html(end_row: str) -> str:
    rows = "".join(f"<tr><td>{no}</td><td>{comment}</td><td>{answer}</td></tr>" for no, comment, answer in KEIKAN[:2])
    rows += f"<tr><td colspan='3'>{LATE_NOTE}</td></tr>"
    rows += "".join(f"<tr><td>{no}</td><td>{comment}</td><td>{answer}</td></tr>" for no, comment, answer in KEIKAN[2:])
    return ("<html><head><meta charset='utf-8'></head><body><h1>中央区景観計画（案）に対する意見募集の結果</h1><table border='1'>"
            f"<tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>{rows}{end_row}</table></body></html>")


@pytest.mark.parametrize("end", ["以下余白", "（表は以上です）", "以上"])
def test_web_page_end_mark_across_comment_and_answer_joins_no_comment(tmp_path, end) -> None:
    """Review s48 #1/#6 in a web page: <td></td><td colspan=2>以下余白</td> was joined to No. 4's comment (「…ほしい。以下余白」)
    and the note row <td colspan=3>※…</td> between Nos. 2 and 3 vanished without a word."""
    (tmp_path / "kekka.html").write_text(keikan_html(f"<tr><td></td><td colspan='2'>{end}</td></tr>"), encoding="utf-8")
    document = one(tmp_path / "kekka.html")
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [(*item, None) for item in KEIKAN]
    assert document.warnings == (LATE_NOTE_WARNING,)


def test_web_page_other_text_across_comment_and_answer_under_the_table_is_a_note_and_said(tmp_path) -> None:
    """Any text in a cell spanning the comment and answer columns with no No. is the table's, not the rest of one
    comment (that stays in its column): left out, and said with its text, since no mark shows it is a note."""
    end = "本表のご意見は、趣旨を損なわない範囲で要約したものです。"
    (tmp_path / "kekka.html").write_text(keikan_html(f"<tr><td></td><td colspan='2'>{end}</td></tr>"), encoding="utf-8")
    document = one(tmp_path / "kekka.html")
    assert [(i.no, i.comment, i.answer) for i in document.items] == KEIKAN
    assert document.warnings == (LATE_NOTE_WARNING, "表の6行目: 表の下の注記「本表のご意見は、趣旨を損なわない範囲で要約したものです。」は、"
                                 "ご意見ではないため項目に含めませんでした（前の項目にも加えていません）。")
    # the rest of a comment in its own column, No. empty, still continues it
    (tmp_path / "kekka.html").write_text(keikan_html("<tr><td></td><td>街路樹も。</td><td></td></tr>"), encoding="utf-8")
    document = one(tmp_path / "kekka.html")
    assert [(i.no, i.comment) for i in document.items][-1] == ("4", "緑を増やしてほしい。\n街路樹も。")
    assert document.warnings == (LATE_NOTE_WARNING,)


def test_pdf_printed_from_word_reads_the_end_mark_and_the_note_inside_the_table_as_the_word_file(tmp_path) -> None:
    """Review s48 #1/#6 through LibreOffice's PDF: the same items and warning as the Word file (p.1 for the row)."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) が必要です。bash scripts/setup-system.sh を実行してください。"
    keikan_docx("以下余白").save(tmp_path / "kekka.docx")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(tmp_path / "kekka.docx")],
                       check=True, capture_output=True, timeout=300)
    document = one(tmp_path / "pdf" / "kekka.pdf")
    assert [(i.no, i.comment, i.answer) for i in document.items] == KEIKAN
    assert document.warnings == (LATE_NOTE_WARNING.replace("表の3行目", "p.1"),)


def test_pdf_printed_from_word_reads_group_headings_across_comment_and_answer_as_the_word_file(tmp_path) -> None:
    """Review: a PDF printed from Word loses the 「　」 of 「２　施策について」 in a cell across the comment and answer
    columns: 「２施策について」 was a warned note (「表の途中の注記…」) and its items had no topic; 「１計画全体について」
    above the first item was an item 「?」 with two warnings. The two run in order (1, 2) in the table, so both are
    topics now, as in the Word file; a line whose number is a year (「2050年…」) stays a warned note in both. Fifth
    reading: the PDF's text keeps the space (「２ 施策について」) in a cell reaching into the next column, and the reader
    keeps it there: the PDF's topics are the Word file's (they had kept the glued number, 「２施策について」)."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    import pdfplumber

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) が必要です。bash scripts/setup-system.sh を実行してください。"
    year = "2050年ゼロカーボンに向けて"
    word = Document()
    word.add_paragraph("中央区景観計画（案）に対する意見募集の結果")
    rows = [["No.", "ご意見の概要", "市の考え方"], ["", "", ""], *[list(item) for item in KEIKAN[:2]], ["", "", ""],
            list(KEIKAN[2]), ["", "", ""], list(KEIKAN[3])]
    table = word_table(word, rows)
    table.style = "Table Grid"
    for row, text in ((1, "１　計画全体について"), (4, "２　施策について"), (6, year)):
        table.cell(row, 1).merge(table.cell(row, 2)).text = text
    word.save(tmp_path / "kekka.docx")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(tmp_path / "kekka.docx")],
                       check=True, capture_output=True, timeout=300)
    with pdfplumber.open(tmp_path / "pdf" / "kekka.pdf") as pdf:
        assert "２ 施策について" in pdf.pages[0].extract_text()  # set apart in print, and read so
    note = ("{}: 表の途中の注記「2050年ゼロカーボンに向けて」は、ご意見ではないため項目に含めませんでした（前の項目にも加えていません）。"
            "後に続く No.4 に関わる注記なら、原本を確認してください。")
    topics = ["計画全体について", "計画全体について", "施策について", "施策について"]
    for path, where in ((tmp_path / "kekka.docx", "表の6行目"), (tmp_path / "pdf" / "kekka.pdf", "p.1")):
        document = one(path)
        assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [
            (*item, topic) for item, topic in zip(KEIKAN, topics)]
        assert document.warnings == (note.format(where),)


def _across_docx(path, tables: list[list[str | int]], repeat_header: bool = True) -> None:
    """A Word file of answer tables (No.｜ご意見の概要｜市の考え方), one list of rows a table: an int ``n`` an item No. n, a
    text a row whose comment and answer cells are merged around it, the No. empty; 「（続き）」 between two tables."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    word = Document()
    word.add_paragraph("中央区景観計画（案）に対する意見募集の結果")
    for at, rows in enumerate(tables):
        if at:
            word.add_paragraph("（続き）")
        table = word_table(word, [["No.", "ご意見の概要", "市の考え方"], *[["", "", ""] for _ in rows]])
        table.style = "Table Grid"
        if repeat_header:
            mark = OxmlElement("w:tblHeader")
            mark.set(qn("w:val"), "true")
            table.rows[0]._tr.get_or_add_trPr().append(mark)
        for row, value in zip(table.rows[1:], rows):
            if isinstance(value, int):
                for cell, text in zip(row.cells, [str(value), f"ご意見その{value}について、計画を見直してほしい。",
                                                  f"考え方その{value}：計画に反映します。"]):
                    cell.text = text
            else:
                row.cells[1].merge(row.cells[2]).text = value
    word.save(path)


def _pdf_of(path):
    """``path`` printed to PDF by LibreOffice."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) が必要です。bash scripts/setup-system.sh を実行してください。"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(path.parent / "pdf"), str(path)],
                       check=True, capture_output=True, timeout=300)
    return path.parent / "pdf" / f"{path.stem}.pdf"


def test_pdf_glued_counters_numbered_in_order_are_two_topics_with_their_numbers(tmp_path) -> None:
    """Third reading: 「１次募集でのご意見」 and 「２次募集でのご意見」 across the comment and answer columns run in order,
    and with the number cut both read 「次募集でのご意見」: the two sections merged into one topic, without a warning.
    A glued heading keeps its whole line as its topic, in the Word file as in its PDF."""
    _across_docx(tmp_path / "kekka.docx", [["１次募集でのご意見", 1, 2, "２次募集でのご意見", 3, 4]])
    for path in (tmp_path / "kekka.docx", _pdf_of(tmp_path / "kekka.docx")):
        document = one(path)
        assert [(item.no, item.topic) for item in document.items] == [
            ("1", "１次募集でのご意見"), ("2", "１次募集でのご意見"), ("3", "２次募集でのご意見"), ("4", "２次募集でのご意見")]
        assert document.warnings == ()


def test_pdf_a_lone_glued_note_in_a_second_table_with_the_same_header_stays_a_warned_note(tmp_path) -> None:
    """Third reading: the run test read back into the first table, whose header names the same columns, so 「２次募集で
    寄せられたご意見」 in the second ran on from 「１　計画全体について」 and was a topic, the number cut, no warning. A run
    stays in its table: a warned note, as before."""
    _across_docx(tmp_path / "kekka.docx", [["１　計画全体について", 1, 2], ["２次募集で寄せられたご意見", 3, 4]])
    note = ("{}: 表の途中の注記「２次募集で寄せられたご意見」は、ご意見ではないため項目に含めませんでした（前の項目にも加えていません）。"
            "後に続く No.3～4 に関わる注記なら、原本を確認してください。")
    document = one(tmp_path / "kekka.docx")
    assert [(item.no, item.topic) for item in document.items] == [
        ("1", "計画全体について"), ("2", "計画全体について"), ("3", "計画全体について"), ("4", "計画全体について")]
    assert document.warnings == (note.format("表の4行目"),)  # as on main: the group above goes on over 「（続き）」
    # Fifth reading: the PDF's 「１ 計画全体について」 keeps its space (it had read 「１計画全体について」, an item 「?」 with
    # two warnings, the items without a topic): the Word file's reading
    document = one(_pdf_of(tmp_path / "kekka.docx"))
    assert [(item.no, item.topic) for item in document.items] == [
        ("1", "計画全体について"), ("2", "計画全体について"), ("3", "計画全体について"), ("4", "計画全体について")]
    assert document.warnings == (note.format("p.1"),)


@pytest.mark.parametrize("repeat_header", [False, True])
def test_pdf_a_run_of_nine_glued_headings_goes_on_over_page_breaks(tmp_path, repeat_header) -> None:
    """Third reading: in a PDF whose header is not printed again on each page, the run test stopped at a row cut by the
    page break that reads as a header: headings 1-5 were topics, 6-9 warned notes and Nos. 86-153 without a topic. The
    run goes on over the pages, its header printed again or not."""
    headings = [f"{chr(0xFF10 + n)}施策{n}について" for n in range(1, 10)]
    rows: list[str | int] = []
    for at, heading in enumerate(headings):
        rows += [heading, *range(at * 17 + 1, at * 17 + 18)]
    _across_docx(tmp_path / "kekka.docx", [rows], repeat_header=repeat_header)
    pdf = _pdf_of(tmp_path / "kekka.docx")
    import pdfplumber

    with pdfplumber.open(pdf) as opened:
        assert len(opened.pages) >= 4
    for path in (tmp_path / "kekka.docx", pdf):
        document = one(path)
        assert [(item.no, item.topic) for item in document.items] == [
            (str(n), headings[(n - 1) // 17]) for n in range(1, 154)]
        assert document.warnings == ()


def test_pdf_printed_from_word_keeps_the_labels_of_group_headings_across_the_whole_row(tmp_path) -> None:
    """Second reading: 「１　にぎわいのあるまち」 and 「２　つながるまち」 merged across the whole row print glued in the PDF's
    text (「１にぎわいのあるまち」); the PDF's topics had kept the number (「１にぎわいのあるまち」) while the Word file's
    had not. As before, both read 「にぎわいのあるまち」 and 「つながるまち」: the PDF's text keeps the space
    (「１ にぎわいのあるまち」) in a cell reaching into the next column, and the reader keeps it there."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) が必要です。bash scripts/setup-system.sh を実行してください。"
    word = Document()
    word.add_paragraph("中央区景観計画（案）に対する意見募集の結果")
    rows = [["No.", "ご意見の概要", "市の考え方"], ["", "", ""], *[list(item) for item in KEIKAN[:2]], ["", "", ""],
            *[list(item) for item in KEIKAN[2:]]]
    table = word_table(word, rows)
    table.style = "Table Grid"
    for row, text in ((1, "１　にぎわいのあるまち"), (4, "２　つながるまち")):
        table.cell(row, 0).merge(table.cell(row, 2)).text = text
    word.save(tmp_path / "kekka.docx")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(tmp_path / "kekka.docx")],
                       check=True, capture_output=True, timeout=300)
    topics = ["にぎわいのあるまち", "にぎわいのあるまち", "つながるまち", "つながるまち"]
    for path in (tmp_path / "kekka.docx", tmp_path / "pdf" / "kekka.pdf"):
        document = one(path)
        assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [
            (*item, topic) for item, topic in zip(KEIKAN, topics)]
        assert document.warnings == ()


def _whole_row_headings(path, fmt: str, headings: tuple[str, str]):
    """An answer table (No.｜ご意見の概要｜市の考え方) with ``headings`` in rows merged across the whole table above
    Nos. 1-2 and 3-4 (KEIKAN), as a Word file, its PDF, a web page or an Excel book."""
    rows: list[tuple[str, ...]] = [(headings[0],), *KEIKAN[:2], (headings[1],), *KEIKAN[2:]]
    if fmt == "html":
        body = "".join(f"<tr><td colspan='3'>{row[0]}</td></tr>" if len(row) == 1
                       else "<tr>" + "".join(f"<td>{text}</td>" for text in row) + "</tr>" for row in rows)
        path = path.with_suffix(".html")
        path.write_text("<html><head><meta charset='utf-8'></head><body><h1>中央区景観計画（案）に対する意見募集の結果"
                        "</h1><table border='1'><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
                        f"{body}</table></body></html>", encoding="utf-8")
        return path
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(["中央区景観計画（案）に対する意見募集の結果"])
        sheet.append(["No.", "ご意見の概要", "市の考え方"])
        for row in rows:
            sheet.append([int(row[0]), *row[1:]] if len(row) > 1 else list(row))
            if len(row) == 1:
                sheet.merge_cells(f"A{sheet.max_row}:C{sheet.max_row}")
        path = path.with_suffix(".xlsx")
        book.save(path)
        return path
    word = Document()
    word.add_paragraph("中央区景観計画（案）に対する意見募集の結果")
    table = word_table(word, [["No.", "ご意見の概要", "市の考え方"], *[list(row) * 3 if len(row) == 1 else list(row)
                                                                     for row in rows]])
    table.style = "Table Grid"
    for at, row in enumerate(rows, start=1):
        if len(row) == 1:
            table.cell(at, 0).merge(table.cell(at, 2)).text = row[0]
    path = path.with_suffix(".docx")
    word.save(path)
    return _pdf_of(path) if fmt == "pdf" else path


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "xlsx"])
def test_a_counter_glued_to_its_words_across_the_whole_row_keeps_the_two_topics_apart(tmp_path, fmt: str) -> None:
    """Fourth reading: 「１次募集でのご意見」 and 「２次募集でのご意見」 in rows across the whole table had their number cut
    as a section's, and both sections read one topic 「次募集でのご意見」, without a warning (the known limit the README
    named). A number glued to the words is part of them: the whole line is the topic, as across the comment and answer
    columns (:func:`~assistant.readers.grid.glued_number_heading`), in each format."""
    path = _whole_row_headings(tmp_path / "kekka", fmt, ("１次募集でのご意見", "２次募集でのご意見"))
    document = one(path)
    first, second = "１次募集でのご意見", "２次募集でのご意見"
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [
        (*item, topic) for item, topic in zip(KEIKAN, [first, first, second, second])]
    assert document.warnings == ()


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "xlsx"])
@pytest.mark.parametrize("headings", [("１　総論", "２　各論"), ("1. 総論", "2. 各論"), ("（1）総論", "（2）各論"),
                                      ("1 総論", "2 各論"), ("1)総論", "2)各論"), ("１）総論", "２）各論")])
def test_a_section_number_set_apart_across_the_whole_row_is_cut_as_before(tmp_path, fmt: str, headings) -> None:
    """Fourth reading: a section's number set apart from its words (「１　総論」, 「1. 総論」, 「（1）総論」) is still its
    label, not the topic's words, in a Word file, a web page (whose tidying had dropped the 「　」: 「１総論」, cut as a
    PDF's, which a glued number no longer is) and an Excel book. Fifth reading: in a PDF too (its text keeps the space,
    「１ 総論」, which its tidying had dropped), and 「1)総論」 / 「１）総論」 read 「総論」 (they had read 「)総論」)."""
    document = one(_whole_row_headings(tmp_path / "kekka", fmt, headings))
    assert [(i.no, i.topic) for i in document.items] == [("1", "総論"), ("2", "総論"), ("3", "各論"), ("4", "各論")]
    assert document.warnings == ()


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "xlsx"])
@pytest.mark.parametrize("headings, topics", [
    (("1 つ目の意見について", "2 つ目の意見について"), ("1つ目の意見について", "2つ目の意見について")),
    (("１　点目の意見", "２　点目の意見"), ("1点目の意見", "2点目の意見")),
    (("1 回目の説明会について", "2 回目の説明会について"), ("1回目の説明会について", "2回目の説明会について")),
    (("1-1 計画の位置づけ", "1-2 計画の期間"), ("1-1計画の位置づけ", "1-2計画の期間"))])
def test_a_number_counting_its_words_across_the_whole_row_keeps_the_whole_line(tmp_path, fmt: str, headings,
                                                                               topics) -> None:
    """Fifth reading: a number, a space, then an ordinal counter (「1 つ目の意見について」, 「2 点目」, 「1 回目」) was cut as
    a section's label, and 「1 つ目…」 and 「2 つ目…」 both read 「つ目の意見について」, one topic without a warning (a web page
    since the fourth reading, a Word file and an Excel book before it); 「1-1 計画の位置づけ」 read 「-1 計画の位置づけ」. The
    number belongs to the words: the whole line is the topic, in each format."""
    document = one(_whole_row_headings(tmp_path / "kekka", fmt, headings))
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [
        (*item, topic) for item, topic in zip(KEIKAN, [topics[0], topics[0], topics[1], topics[1]])]
    assert document.warnings == ()


def test_a_web_page_answer_spanning_columns_is_tidied_as_before(tmp_path) -> None:
    """Fifth reading: the space after a leading number stayed in every cell spanning columns, an answer's too
    (「１　路線を見直します。」, 「1 つ目について、検討します。」), which read 「１路線を見直します。」 before. Sixth reading:
    an answer without 「。」 (「１　原案のとおりとします」) still kept it: a cell's text is tidied as before, only the heading
    decision reads the space."""
    answers = [("1", "バスを増やしてほしい。", "１　路線を見直します。"), ("2", "駅前を整備してほしい。", "1 つ目について、検討します。"),
               ("3", "公園を増やしてほしい。", "１　原案のとおりとします"), ("4", "緑を増やしてほしい。", "2 今後の参考とさせていただきます")]
    rows = "".join(f"<tr><td>{no}</td><td>{comment}</td><td colspan='2'>{answer}</td></tr>" for no, comment, answer in answers)
    (tmp_path / "kekka.html").write_text(
        "<html><head><meta charset='utf-8'></head><body><h1>中央区景観計画（案）に対する意見募集の結果</h1><table border='1'>"
        f"<tr><th>No.</th><th>ご意見の概要</th><th colspan='2'>市の考え方</th></tr>{rows}</table></body></html>",
        encoding="utf-8")
    document = one(tmp_path / "kekka.html")
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "バスを増やしてほしい。", "１路線を見直します。"), ("2", "駅前を整備してほしい。", "1つ目について、検討します。"),
        ("3", "公園を増やしてほしい。", "１原案のとおりとします"), ("4", "緑を増やしてほしい。", "2今後の参考とさせていただきます")]
    assert document.warnings == ()


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "xlsx"])
@pytest.mark.parametrize("headings, topics", [
    (("１　節電の推進", "２　省エネの推進"), ("節電の推進", "省エネの推進")),
    (("１　章立てについて", "２　用語について"), ("章立てについて", "用語について")),
    (("１　回答について", "２　意見について"), ("回答について", "意見について")),
    (("１　点検について", "２　番組について"), ("点検について", "番組について"))])
def test_a_words_first_kanji_after_a_section_number_is_no_counter(tmp_path, fmt: str, headings, topics) -> None:
    """Sixth reading: 節, 章, 歳 counted as counters after a number and a space (「１　節電の推進」 read 「１節電の推進」
    across the whole row, its neighbour 「省エネの推進」), and a web page or a PDF glued 「１　回答について」 and
    「１　点検について」 (read 「１回答について」, a Word file 「回答について」). Only the ordinal counters (つ目, 点目, 回目,
    番目, 度目) count: the number is the label, the words the topic, in each format, as on main."""
    document = one(_whole_row_headings(tmp_path / "kekka", fmt, headings))
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [
        (*item, topic) for item, topic in zip(KEIKAN, [topics[0], topics[0], topics[1], topics[1]])]
    assert document.warnings == ()


@pytest.mark.parametrize("layout", ["above", "across"])
@pytest.mark.parametrize("headings, topics", [
    (("１　節電の推進", "２　省エネの推進"), ("節電の推進", "省エネの推進")),
    (("１　章立てについて", "２　用語について"), ("章立てについて", "用語について")),
    (("５　歳児健診について", "６　歳児健診の日程"), ("歳児健診について", "歳児健診の日程")),
    (("1 つ目の意見について", "2 つ目の意見について"), ("1つ目の意見について", "2つ目の意見について")),
    # two headings that read one title once their numbers are dropped keep their whole lines (fix-topic)
    (("５　歳児健診について", "３　歳児健診について"), ("５歳児健診について", "３歳児健診について")),
    (("１　意見について", "２　意見について"), ("１意見について", "２意見について"))])
def test_a_numbered_heading_above_a_table_or_across_comment_and_answer_keeps_its_topic(tmp_path, layout: str, headings,
                                                                                      topics) -> None:
    """Sixth reading: the counter rule read 「１　節電の推進」, 「１　章立てについて」, 「５　歳児健診について」 and
    「1 つ目の意見について」 as no heading at all, in a paragraph above each table (the items' topic lost, no warning) and
    in a cell across the comment and answer columns (a fake item 「?」, two warnings, the topic lost). They are headings
    in every layout; an ordinal counter's title keeps its number, so 「1 つ目…」 and 「2 つ目…」 stay two topics.
    「５　歳児健診について」 and 「３　歳児健診について」 had both read 「歳児健診について」 (two headings merged into one
    topic): where two headings read one title without their numbers, each keeps its whole line."""
    word = Document()
    word.add_paragraph("中央区景観計画（案）に対する意見募集の結果")
    if layout == "above":
        for heading, item in zip(headings, KEIKAN[:2]):
            word.add_paragraph(heading)
            word_table(word, [["No.", "ご意見の概要", "市の考え方"], list(item)]).style = "Table Grid"
    else:
        table = word_table(word, [["No.", "ご意見の概要", "市の考え方"], ["", "", ""], list(KEIKAN[0]), ["", "", ""],
                                  list(KEIKAN[1])])
        table.style = "Table Grid"
        for at, heading in ((1, headings[0]), (3, headings[1])):
            table.cell(at, 1).merge(table.cell(at, 2)).text = heading
    word.save(tmp_path / "kekka.docx")
    document = one(tmp_path / "kekka.docx")
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [
        (*item, topic) for item, topic in zip(KEIKAN[:2], topics)]
    assert document.warnings == ()


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "xlsx"])
@pytest.mark.parametrize("headings, topics", [
    (("５　歳児健診について", "３　歳児健診について"), ("５歳児健診について", "３歳児健診について")),
    (("５　歳児健診について", "５ 歳児健診について"), ("歳児健診について", "歳児健診について")),
    (("１．総論", "１　総論"), ("総論", "総論")),
    (("1. その他", "5. その他"), ("1.その他", "5.その他")),
    (("(1) その他", "１　その他"), ("その他", "その他")),  # only numbers dropped as labels tell headings apart
    (("５　歳児健診について", "６　歳児健診の日程"), ("歳児健診について", "歳児健診の日程"))])
def test_two_heading_lines_that_read_one_topic_without_their_numbers_keep_their_whole_lines(tmp_path, fmt: str, headings,
                                                                                           topics) -> None:
    """「５　歳児健診について」 and 「３　歳児健診について」 (a city's 5歳児健診 and 3歳児健診, the age typed apart) both read
    「歳児健診について」 across the whole row: two headings merged silently into one topic. Where two different heading
    lines of a document read one title once their numbers are dropped, each keeps its whole line, as a number glued to
    its words does; one line (typed again with another space), the same number and title with another mark
    (「１．総論」 and 「１　総論」, one section typed by hand) or titles that differ read as before."""
    document = one(_whole_row_headings(tmp_path / "kekka", fmt, headings))
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [
        (*item, topic) for item, topic in zip(KEIKAN, [topics[0], topics[0], topics[1], topics[1]])]
    assert document.warnings == ()


def test_pdf_an_answer_reaching_into_the_next_column_is_tidied_as_before(tmp_path) -> None:
    """Sixth reading: a PDF's cell reaching into the next column kept the space after its leading number in its text,
    an answer's too (「1 本市では…」, 「１ 計画の見直しを…」, where the Word file has 「１　」 and the PDF read 「1本市では…」
    before). Its text is tidied as any cell's; only the heading decision reads the space."""
    answers = [("1", "バスを増やしてほしい。", "1 本市では、路線の見直しを検討します。"),
               ("2", "駅前を整備してほしい。", "１　計画の見直しを行います。\n２　予算を確保します。"),
               ("3", "緑を増やしてほしい。", "ご意見として承ります。")]
    word = Document()
    word.add_paragraph("中央区景観計画（案）に対する意見募集の結果")
    table = word_table(word, [["No.", "ご意見の概要", "市の考え方", "区分"], *[[no, comment, "", ""] for no, comment, _ in answers]])
    table.style = "Table Grid"
    for at, (_, _, answer) in enumerate(answers, start=1):
        if at < 3:
            table.cell(at, 2).merge(table.cell(at, 3)).text = answer
        else:
            table.cell(at, 2).text, table.cell(at, 3).text = answer, "D"
    word.save(tmp_path / "kekka.docx")
    document = one(_pdf_of(tmp_path / "kekka.docx"))
    assert [(i.no, i.answer) for i in document.items] == [
        ("1", "1本市では、路線の見直しを検討します。"), ("2", "１計画の見直しを行います。\n２予算を確保します。"),
        ("3", "ご意見として承ります。")]


def test_a_web_page_cell_spanning_columns_keeps_the_space_after_its_leading_number() -> None:
    """Fourth reading: a web page's cell 「１　総論」 was read 「１総論」 (the tidying drops spaces between Japanese
    characters), glued as a PDF's text: in a cell spanning columns, where a group heading stands, the space after a
    paragraph's leading number stays for the heading decision (``Cell.spaced``), as in a Word cell; whether the words
    after it are a count (「3 月」) is the heading's rule (sixth reading); the cell's text is tidied as before."""
    from assistant.readers.cells import html_paragraphs

    fragment = "１　総論<br>2 計画 全体<p>１次募集でのご意見</p><p>3 月 5 日に開催</p><p>47 頁以降</p>"
    assert html_paragraphs(fragment, number_space=True) == [
        "１\u3000総論", "2 計画全体", "１次募集でのご意見", "3 月5日に開催", "47 頁以降"]
    assert html_paragraphs(fragment) == ["１総論", "2計画全体", "１次募集でのご意見", "3月5日に開催", "47頁以降"]


@pytest.mark.parametrize("last", ["以上です。", "以上"])
def test_pdf_an_answers_last_paragraph_alone_on_the_next_page_is_kept(tmp_path, last) -> None:
    """Second reading of s48 #1 through LibreOffice's PDF: No. 2's answer, 43 short paragraphs and 「以上です。」, runs onto
    page 2, where its last paragraph is a row of its own in the answer column. It was dropped as an end mark, with an
    untrue 「表の途中の注記「以上です。」は…No.3 に関わる注記なら」; it is the answer's last paragraph, as in the Word file."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    import pdfplumber

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) が必要です。bash scripts/setup-system.sh を実行してください。"
    paragraphs = [f"第{index}段落。" for index in range(1, 44)]
    word = Document()
    word.add_paragraph("中央区景観計画（案）に対する意見募集の結果")
    table = word_table(word, [["No.", "ご意見の概要", "市の考え方"], *[[no, "建物の高さを制限してほしい。", "高度地区で制限しています。"]
                                                                  for no in ("1", "2", "3")]])
    table.style = "Table Grid"
    for paragraph in [*paragraphs, last]:
        table.cell(2, 2).add_paragraph(paragraph)
    word.save(tmp_path / "kekka.docx")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(tmp_path / "kekka.docx")],
                       check=True, capture_output=True, timeout=300)
    with pdfplumber.open(tmp_path / "pdf" / "kekka.pdf") as pdf:
        assert [(page.extract_text() or "").split("\n")[0] for page in pdf.pages][1:] == [last]  # the shape tested
    # The PDF reader joins the short paragraphs of one cell's page (its lines); the page break keeps 「以上です。」 apart.
    answers = {"kekka.docx": "\n".join(["高度地区で制限しています。", *paragraphs, last]),
               "kekka.pdf": f"高度地区で制限しています。\n{''.join(paragraphs)}\n{last}"}
    for path in (tmp_path / "kekka.docx", tmp_path / "pdf" / "kekka.pdf"):
        document = one(path)
        assert [(i.no, i.answer) for i in document.items] == [
            ("1", "高度地区で制限しています。"), ("2", answers[path.name]), ("3", "高度地区で制限しています。")]
        assert document.warnings == ()


@pytest.mark.parametrize(("no", "count"), [
    ("(3)～(5)", 3), ("（３）～（５）", 3), ("No.3～No.5", 3), ("NO.3～5", 3), ("№3～5", 3), ("No.3・No.4", 2),
    ("3番～5番", 3), ("3～5", 3), ("No.3～5", 3), ("③～⑤", 3), ("(3)", 1), ("No. 3", 1),
    ("第3章～第5章", 1), ("P.3～5", 1), ("(3)-2", 1), ("No.", 1), ("その他", 1),
])
def test_a_no_with_marks_around_each_number_names_the_comments_of_its_range(no, count) -> None:
    """Review of the published-result readers (defect 3): 「(3)～(5)」, 「（３）～（５）」, 「No.3～No.5」, 「NO.3～5」, 「№3～5」,
    「No.3・No.4」 and 「3番～5番」 each counted one comment (only a leading 「No.」 was taken off, and a range or a list had
    bare digits only). What is no No. so written (a chapter range, a page reference, a sub-number) stays one."""
    from types import SimpleNamespace as Item

    from assistant.readers.text import numbered_total

    assert numbered_total([Item(no=no)]) == count


@pytest.mark.parametrize("middle", ["(3)～(5)", "（３）～（５）", "No.3～No.5", "3番～5番"])
def test_a_table_whose_range_marks_each_number_warns_of_no_missing_comment(tmp_path, middle) -> None:
    """Review of the published-result readers (p1.html, p8.html): Nos (1), (2), (3)～(5), (6) under 「意見総数 6件」 warned
    「…表から読み取れた項目は4件です。類似意見をまとめた…」; 「3～5」 never did."""
    document = _answer_page(tmp_path, ["(1)", "(2)", middle, "(6)"], 6)
    assert (document.meta.declared_count, [item.no for item in document.items], document.warnings) == (
        6, ["(1)", "(2)", middle.replace("（３）～（５）", "(3)～(5)"), "(6)"], ())


def test_nos_naming_more_comments_than_declared_are_said_so(tmp_path) -> None:
    """Review of the published-result readers (p7.html): Nos 1, 2, 3～5, 6～9 name 9 comments against 「意見総数 8件」,
    yet the warning read 「…表から読み取れた項目は7件です。類似意見をまとめた可能性があります」 (comments missing). Nos naming
    fewer comments than declared keep that warning."""
    document = _answer_page(tmp_path, ["1", "2", "3～5", "6", "7", "8", "9"], 8)
    assert (len(document.items), document.warnings) == (7, (
        "文書に記載の意見総数は8件ですが、表の No. が示すご意見は9件（項目は7件）で、記載より多くなっています。"
        "No. の範囲の書き違いか、ご意見ではない行を項目として読んだ可能性があります。"
        "原本と照合してください（行の追加・削除はしていません）。",))
    assert _answer_page(tmp_path, ["1", "2", "3～5", "6"], 8).warnings == (_missing(8, 4),)
    document = _answer_page(tmp_path, ["1", "2", "3", "4"], 3)
    assert document.warnings[0].startswith("文書に記載の意見総数は3件ですが、表から読み取れた項目は4件です。ご意見ではない行")


BLANK_FORM = "No. の行はありますが、どの行にもご意見も回答も書かれていません。空の行（2行）: No.1（表の1行目）、No.2（表の2行目）。"


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_a_blank_result_form_is_refused_as_a_csv_of_empty_rows_is(tmp_path, fmt) -> None:
    """Review of the published-result readers (defect 2, emptyrows.docx|.pdf|.html): a header over rows 「1」「2」 with
    empty cells was a document of 0 items (stored, ingest exit 0; the CSV is refused), and each row gave three warnings
    that contradict each other (ご意見の欄が空, 回答の欄が空, then 読み飛ばしました)."""
    path = tmp_path / f"blank.{fmt}"
    if fmt == "docx":
        word = Document()
        word.add_paragraph("西区公園計画（案）に対する意見募集の結果")
        word_table(word, [["No.", "ご意見の概要", "市の考え方"], ["1", "", ""], ["2", "", ""]])
        word.save(path)
    else:
        path.write_text("<html><head><meta charset='utf-8'></head><body><h1>西区公園計画（案）に対する意見募集の結果</h1>"
                        "<table border=1><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
                        "<tr><td>1</td><td></td><td></td></tr><tr><td>2</td><td></td><td></td></tr></table></body></html>",
                        encoding="utf-8")
    with pytest.raises(NoContentError) as refused:
        read_document(path)
    assert refused.value.reason == BLANK_FORM
    (tmp_path / "blank.csv").write_text("No.,ご意見,本市の考え方\n1,,\n2,,\n", encoding="utf-8")
    with pytest.raises(NoContentError) as csv_refused:
        read_document(tmp_path / "blank.csv")
    assert csv_refused.value.reason.startswith("見出し行はありますが、データの行がありません。")


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_an_empty_row_among_answers_is_warned_of_once(tmp_path, fmt) -> None:
    """Review of the published-result readers (defect 2): an empty row warned 「ご意見の欄が空です」, 「回答（考え方）の欄が
    空です」 and 「ご意見も回答も空のため読み飛ばしました」; the last alone is true. A row lacking one cell is still named."""
    rows = [["1", "遊具を増やして。", "増設します。"], ["2", "", ""], ["3", "ベンチを。", ""]]
    path = tmp_path / f"rows.{fmt}"
    if fmt == "docx":
        word = Document()
        word.add_paragraph("西区公園計画（案）に対する意見募集の結果")
        word_table(word, [["No.", "ご意見の概要", "市の考え方"], *rows])
        word.save(path)
    else:
        path.write_text("<html><head><meta charset='utf-8'></head><body><h1>西区公園計画（案）に対する意見募集の結果</h1>"
                        "<table border=1><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
                        + "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
                        + "</table></body></html>", encoding="utf-8")
    document = one(path)
    assert ([item.no for item in document.items], document.warnings) == (["1", "3"], (
        "No.2（表の2行目）: ご意見も回答も空のため読み飛ばしました。",
        "No.3（表の3行目）: 回答（考え方）の欄が空です。原本を確認してください。"))


def test_sub_numbered_nos_make_no_false_surplus_of_comments(tmp_path) -> None:
    """Second reading of fix-count (fukushi.docx|.pdf): Nos 1, 2, 3～5, 6-1, 6-2, 7…25 against 「意見総数 25件」 (a right
    document) were said to name 26 comments, 「記載より多く…範囲の書き違い」: 6-1 and 6-2 counted as two. Sub-numbers are
    parts of one numbering: the Nos. name 25 at fewest, and the warning is the one for a merged range, as before."""
    nos = ["1", "2", "3～5", "6-1", "6-2", *map(str, range(7, 26))]
    assert _answer_page(tmp_path, nos, 25).warnings == (_missing(25, 24),)
    document = _answer_page(tmp_path, ["1", "2", "3～5", "6-1", "6-2", "7～9"], 8)  # 9 at fewest: a true surplus
    assert document.warnings == (
        "文書に記載の意見総数は8件ですが、表の No. が示すご意見は9件（項目は6件）で、記載より多くなっています。"
        "No. の範囲の書き違いか、ご意見ではない行を項目として読んだ可能性があります。"
        "原本と照合してください（行の追加・削除はしていません）。",)


@pytest.mark.parametrize(("nos", "declared"), [
    (["1", "2～4", "5", "5-1"], 5), (["1", "2～4", "5", "5-1", "6"], 6), (["1", "2～4", "4-1", "5"], 5),
    (["1", "No.2", "2－1", "3～5"], 5),
])
def test_a_no_next_to_its_own_sub_number_is_one_comment_at_fewest(tmp_path, nos, declared) -> None:
    """Third reading of fix-count: 「5」 and its own 「5-1」 (or 「4-1」 under a range 「2～4」) were counted as two comments
    at fewest, so Nos 1, 2～4, 5, 5-1 against 5 declared were said to name 6 comments, 「記載より多く…範囲の書き違い」
    (main: 「類似意見をまとめた可能性」). They name 5 at fewest: fewer items than declared, as on main."""
    from types import SimpleNamespace as Item

    from assistant.readers.text import count_warning, numbered_total

    items = [Item(no=no, extra={}) for no in nos]
    assert numbered_total(items, whole=True) == declared
    assert count_warning(declared, items) == [_missing(declared, len(nos))]
    assert _answer_page(tmp_path, nos, declared).warnings == (_missing(declared, len(nos)),)


def test_nos_numbered_both_plain_and_in_parentheses_are_no_repeats(tmp_path) -> None:
    """Second reading of fix-count (paren.html): a table of Nos 1, 2, 3, (1), (2) was said to repeat Nos 1 and 2: the
    marks around a number are set aside for the count of comments only, not for the check of repeated Nos."""
    document = _answer_page(tmp_path, ["1", "2", "3", "(1)", "(2)", "3番"], 6)
    assert ([item.no for item in document.items], document.warnings) == (["1", "2", "3", "(1)", "(2)", "3番"], ())


def test_a_no_prefix_is_set_aside_before_the_marked_numbers_are(tmp_path) -> None:
    """Second reading of fix-count: 「No.」 was kept unless the whole No. was a marked number, so 「No.3ほか2件」 named one
    comment (a false 類似意見をまとめた warning) and 「No.1-1」 beside 「1-1」 was no repeat."""
    from assistant.readers.grid import repeated_number_warnings
    from assistant.readers.text import count_warning, numbered_total
    from types import SimpleNamespace as Item

    assert numbered_total([Item(no=no, extra={}) for no in ["No.1", "No.2", "No.3ほか2件"]]) == 5
    assert count_warning(5, [Item(no=no, extra={}) for no in ["No.1", "No.2", "No.3ほか2件"]]) == []
    assert repeated_number_warnings([(None, "No.1-1", "表の1行目"), (None, "1-1", "表の2行目")]) == [
        "No.1-1 が2回出てきます（表の1行目、表の2行目）。同じ番号のまま別々の項目として読みました。原本を確認してください。"]


def test_a_large_blank_form_is_refused_naming_its_first_rows_and_counting_the_rest(tmp_path) -> None:
    """Second reading of fix-count (blank300.html): 300 empty numbered rows gave one 8,332-character reason (every row's
    note run together, 「見出し行はありますが、データの行がありません」 though numbered rows are there)."""
    path = tmp_path / "blank300.html"
    path.write_text("<html><head><meta charset='utf-8'></head><body><h1>結果</h1><table><tr><th>No.</th><th>ご意見の概要</th>"
                    "<th>市の考え方</th></tr>" + "".join(f"<tr><td>{n}</td><td></td><td></td></tr>" for n in range(1, 301))
                    + "</table></body></html>", encoding="utf-8")
    with pytest.raises(NoContentError) as refused:
        read_document(path)
    assert refused.value.reason == (
        "No. の行はありますが、どの行にもご意見も回答も書かれていません。空の行（300行）: No.1（表の1行目）、No.2（表の2行目）、"
        "No.3（表の3行目）、No.4（表の4行目）、No.5（表の5行目）ほか295行。")


def test_a_staff_csv_of_empty_rows_is_refused_naming_five_rows_apart(tmp_path) -> None:
    """Second reading of fix-count: the staff CSV's reason ran every skipped row's note together, unlimited. It names the
    first five, a space between, and counts the rest."""
    path = tmp_path / "blank.csv"
    path.write_text("No.,ご意見,本市の考え方\n" + "".join(f"{n},,\n" for n in range(1, 9)), encoding="utf-8")
    with pytest.raises(NoContentError) as refused:
        read_document(path)
    notes = [f"「blank」: {row}行目: ご意見も回答も空のため読み飛ばしました。" for row in range(2, 7)]
    assert refused.value.reason == "見出し行はありますが、データの行がありません。 " + " ".join(notes) + " ほか3件の注記を省略しました。"


def test_a_staff_csv_refusal_counts_the_notes_it_leaves_out_as_notes(tmp_path) -> None:
    """Third reading of fix-count (staff2.csv): 7 empty rows, each with a value in a column without a header, make 14
    notes; the reason showed rows 2-4 and then 「ほか9件。」, which read as 9 more rows (there were 4). The five notes shown
    are followed by the count of notes left out, said to be notes."""
    path = tmp_path / "staff2.csv"
    path.write_text("No.,ご意見,本市の考え方\n" + "".join(f",,,x{n}\n" for n in range(1, 8)), encoding="utf-8")
    with pytest.raises(NoContentError) as refused:
        read_document(path)
    extra = ("見出しのない列の内容（4列目「x{}」）は、どの欄にも当たらないため取り込んでいません。原本を確認し、"
             "必要な内容であれば、ご意見か回答の欄に移してから取り込み直してください。")
    notes = ["「staff2」: 2行目: ご意見も回答も空のため読み飛ばしました。", f"「staff2」: 2行目: {extra.format(1)}",
             "「staff2」: 3行目: ご意見も回答も空のため読み飛ばしました。", f"「staff2」: 3行目: {extra.format(2)}",
             "「staff2」: 4行目: ご意見も回答も空のため読み飛ばしました。"]
    assert refused.value.reason == "見出し行はありますが、データの行がありません。 " + " ".join(notes) + " ほか9件の注記を省略しました。"


def test_an_empty_row_left_out_is_named_with_its_place_beside_a_kept_row_of_its_number(tmp_path) -> None:
    """Second reading of fix-count (mixed.html): table 1 Nos 1-3 filled, table 2 Nos 1-3 empty gave items 1-3 and a bare
    「No.1: ご意見も回答も空のため読み飛ばしました。」, as if item No.1 had been left out. The one warning names the row."""
    row = "<tr><td>{n}</td><td>{c}</td><td>{a}</td></tr>"
    head = "<table><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
    path = tmp_path / "mixed.html"
    path.write_text("<html><head><meta charset='utf-8'></head><body><h1>結果</h1>" + head
                    + "".join(row.format(n=n, c=f"ご意見{n}です。", a=f"回答{n}です。") for n in range(1, 3)) + "</table>"
                    + "<h2>その他</h2>" + head + row.format(n=1, c="", a="") + "</table></body></html>", encoding="utf-8")
    document = one(path)
    assert ([item.no for item in document.items], document.warnings) == (
        ["1", "2"], ("No.1（表の3行目）: ご意見も回答も空のため読み飛ばしました。",))


# --- footnotes and endnotes -----------------------------------------------------------------------------
def _notes_part(word, kind: str, notes: list[list[str]]) -> None:
    """A footnotes or endnotes part as Word writes it (its separators, then each note's paragraphs, the first one
    opening with the note's own mark), related to the document part."""
    from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    tag = kind[:-1]
    body = "".join(
        f'<w:{tag} w:id="{number}">' + "".join(
            f'<w:p><w:pPr><w:pStyle w:val="{tag.capitalize()}Text"/></w:pPr>'
            + (f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{tag}Ref/></w:r>' if not at else "")
            + f'<w:r><w:t xml:space="preserve">{" " if not at else ""}{text}</w:t></w:r></w:p>'
            for at, text in enumerate(paragraphs)) + f"</w:{tag}>"
        for number, paragraphs in enumerate(notes, 1))
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           f'<w:{kind} xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
           f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>'
           f'{body}</w:{kind}>')
    content_type = CT.WML_FOOTNOTES if kind == "footnotes" else CT.WML_ENDNOTES
    part = Part(PackURI(f"/word/{kind}.xml"), content_type, xml.encode(), word.part.package)
    word.part.relate_to(part, RT.FOOTNOTES if kind == "footnotes" else RT.ENDNOTES)


def _note_reference(paragraph, number: int, kind: str = "footnote") -> None:
    """A footnote's (or endnote's) reference mark at the end of a paragraph, in superscript as Word writes it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    props, align = OxmlElement("w:rPr"), OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    props.append(align)
    run._r.append(props)
    reference = OxmlElement(f"w:{kind}Reference")
    reference.set(qn("w:id"), str(number))
    run._r.append(reference)


def _footnoted_docx():
    """A result table with a footnote in an answer cell, one of two paragraphs in a comment cell, an endnote in an
    answer cell, and a footnote on the title."""
    from docx.shared import Pt

    word = Document()
    title = word.add_paragraph()
    title.add_run("○○計画（案）に対する意見募集の結果").font.size = Pt(16)
    _note_reference(title, 1)
    word_table(word, [["No.", "ご意見の概要", "市の考え方"], ["1", "公共交通を充実してほしい。", "バス路線の再編を検討しました。"],
                      ["2", "公園を増やしてほしい。", "既存の公園の活用を進めます。"]])
    rows = word.tables[0].rows
    _note_reference(rows[1].cells[2].paragraphs[0], 2)
    _note_reference(rows[2].cells[1].paragraphs[0], 3)
    _note_reference(rows[2].cells[2].paragraphs[0], 1, "endnote")
    _notes_part(word, "footnotes", [["市のホームページで公表しています。"], ["令和5年度の調査による。"],
                                    ["意見書の原文による。", "一部を要約しています。"]])
    _notes_part(word, "endnotes", [["公園の数は令和6年4月1日現在です。"]])
    return word


FOOTNOTED_ITEMS = [
    ("1", "公共交通を充実してほしい。", ("バス路線の再編を検討しました。（注2）", "（注2）令和5年度の調査による。")),
    ("2", "公園を増やしてほしい。（注3）\n（注3）意見書の原文による。\n一部を要約しています。",
     ("既存の公園の活用を進めます。（文末注i）", "（文末注i）公園の数は令和6年4月1日現在です。"))]
FOOTNOTED_WARNINGS = (
    "脚注（注1）「市のホームページで公表しています。」は、どの項目のご意見・回答の欄にもない箇所（表の外の本文など）に付いていたため、"
    "項目には含めていません。",
    "No.1: 脚注（注2）「令和5年度の調査による。」を、それを付けた欄の最後の段落として加えました（本文の番号は「（注2）」と書いています）。"
    "原本の脚注と照らして確認してください。",
    "No.2: 脚注（注3）「意見書の原文による。 一部を要約しています。」を、それを付けた欄の最後の段落として加えました（本文の番号は"
    "「（注3）」と書いています）。原本の脚注と照らして確認してください。",
    "No.2: 文末脚注（文末注i）「公園の数は令和6年4月1日現在です。」を、それを付けた欄の最後の段落として加えました（本文の番号は"
    "「（文末注i）」と書いています）。原本の文末脚注と照らして確認してください。")


def test_word_footnotes_and_endnotes_go_with_the_cell_that_refers_to_them_and_are_said(tmp_path) -> None:
    """Review of the published-result readers: a footnote's text (word/footnotes.xml) was dropped without a word and
    its mark vanished. The mark is written 「（注2）」 (an endnote's 「（文末注i）」, numbered as Word numbers them) and the
    note's text is the cell's last paragraph; each note is said with its item's No., or said not to be in any item."""
    _footnoted_docx().save(tmp_path / "footnoted.docx")
    document = one(tmp_path / "footnoted.docx")
    assert [(item.no, item.comment, item.answer_paragraphs) for item in document.items] == FOOTNOTED_ITEMS
    assert document.warnings == FOOTNOTED_WARNINGS
    assert document.meta.title == "○○計画（案）に対する意見募集の結果（注1）"  # the title's note under it is not joined to it


def test_the_web_page_libreoffice_makes_of_a_footnoted_word_file_reads_as_the_word_file(tmp_path) -> None:
    """The same review: the HTML of such a file kept the mark as a digit glued to the answer (「…検討しました。2」), which
    changed its wording, and the notes' text at the end of the page was read as lines after the table, unsaid."""
    from scripts.make_fixtures import to_pdf

    _footnoted_docx().save(tmp_path / "footnoted.docx")
    to_pdf([tmp_path / "footnoted.docx"], tmp_path, "html")
    document = one(tmp_path / "footnoted.html")
    # LibreOffice (7.4) opens the note of two paragraphs as one: its page has 「意見書の原文による。一部を要約しています。」
    joined = "意見書の原文による。一部を要約しています。"
    assert [(item.no, item.comment, item.answer_paragraphs) for item in document.items] == [
        FOOTNOTED_ITEMS[0], ("2", f"公園を増やしてほしい。（注3）\n（注3）{joined}", FOOTNOTED_ITEMS[1][2])]
    assert document.warnings == tuple(warning.replace("意見書の原文による。 一部を要約しています。", joined)
                                      for warning in FOOTNOTED_WARNINGS)
    # the note on the title (a <p> there) is said, never joined to it (it had read 「…結果（注1）（注1）市のホームページ…」)
    assert document.meta.title == "○○計画（案）に対する意見募集の結果（注1）"


WORD_WEB_PAGE_NOTES = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8"><title>意見募集の結果</title></head>
<body lang=JA><div class=WordSection1>
<h1>○○計画（案）に対する意見募集の結果</h1>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>
 <tr><td><p class=MsoNormal>No.</p></td><td><p class=MsoNormal>ご意見の概要</p></td><td><p class=MsoNormal>市の考え方</p></td></tr>
 <tr><td><p class=MsoNormal>1</p></td><td><p class=MsoNormal>公共交通を充実してほしい。</p></td>
 <td><p class=MsoNormal>バス路線の再編を検討しました。<a style='mso-footnote-id:ftn1' href="#_ftn1" name="_ftnref1" title=""><span
 class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
 class=MsoFootnoteReference>[1]</span><![endif]></span></span></a><o:p></o:p></p>
 <p class=MsoNormal>今後も利用状況を確認します。</p></td></tr>
 <tr><td><p class=MsoNormal>2</p></td><td><p class=MsoNormal>公園を増やしてほしい。</p></td>
 <td><p class=MsoNormal>既存の公園の活用を進めます。<a style='mso-endnote-id:edn1' href="#_edn1" name="_ednref1" title=""><span
 class=MsoEndnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
 class=MsoEndnoteReference>[i]</span><![endif]></span></span></a></p></td></tr>
</table>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
</div>
<div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all>
<hr align=left size=1 width="33%">
<![endif]>
<div style='mso-element:footnote' id=ftn1>
<p class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href="#_ftnref1" name="_ftn1" title=""><span
class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoFootnoteReference>[1]</span><![endif]></span></span></a><span lang=EN-US> </span>令和5年度の調査による。</p>
</div>
</div>
<div style='mso-element:endnote-list'><![if !supportEndnotes]><br clear=all>
<hr align=left size=1 width="33%">
<![endif]>
<div style='mso-element:endnote' id=edn1>
<p class=MsoEndnoteText><a style='mso-endnote-id:edn1' href="#_ednref1" name="_edn1" title=""><span
class=MsoEndnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoEndnoteReference>[i]</span><![endif]></span></span></a> 公園の数は令和6年4月1日現在です。</p>
</div>
</div>
</body></html>"""


def test_word_save_as_web_page_footnote_and_endnote_marks_are_notes_kept_with_their_cell(tmp_path) -> None:
    """The same review: Word's 「Web ページとして保存」 writes a footnote's mark as 「<a href="#_ftn1" name="_ftnref1">…[1]…</a>」
    and its text in 「<div id=ftn1>」 after the body; the mark was read 「[1]」 glued to the answer, and the note's text as
    a line under the table, unsaid. Now as from the Word file: the mark 「（注1）」, the text the cell's last paragraph."""
    path = tmp_path / "saved_by_word.htm"
    path.write_text(WORD_WEB_PAGE_NOTES, encoding="utf-8")
    document = one(path)
    assert [(item.no, item.answer_paragraphs) for item in document.items] == [
        ("1", ("バス路線の再編を検討しました。（注1）", "今後も利用状況を確認します。", "（注1）令和5年度の調査による。")),
        ("2", ("既存の公園の活用を進めます。（文末注i）", "（文末注i）公園の数は令和6年4月1日現在です。"))]
    assert document.warnings == (
        "No.1: 脚注（注1）「令和5年度の調査による。」を、それを付けた欄の最後の段落として加えました（本文の番号は「（注1）」と書いています）。"
        "原本の脚注と照らして確認してください。",
        "No.2: 文末脚注（文末注i）「公園の数は令和6年4月1日現在です。」を、それを付けた欄の最後の段落として加えました（本文の番号は"
        "「（文末注i）」と書いています）。原本の文末脚注と照らして確認してください。")


def test_web_page_hand_written_notes_linked_both_ways_read_as_before(tmp_path) -> None:
    """Second reading of the footnotes change: notes the page's author linked by hand (「<a href='#n1' name='r1'>※1</a>」
    to a link back in a box of notes) are not Word's or LibreOffice's notes: their box may hold more than the note
    (a schedule, whom to ask) or the note's text beside the link (<dt>/<dd>). They read as before: the mark as printed,
    the box's text where it stands."""
    path = tmp_path / "notes.html"
    path.write_text(
        "<html><head><meta charset='utf-8'></head><body><h1>○○計画の意見募集の結果</h1>"
        "<table><tr><th>No.</th><th>ご意見</th><th>市の考え方</th></tr>"
        "<tr><td>1</td><td>意見1です。</td><td>回答1です。<a href='#n1' name='r1'>※1</a></td></tr>"
        "<tr><td>2</td><td>意見2です。<a href='#n2' id='r2'>※2</a></td><td>回答2です。</td></tr></table>"
        "<div class='box'><p><a href='#r1' name='n1'>※1</a> 令和5年度の調査による。</p>"
        "<p>今後のスケジュール：令和7年3月に計画を策定します。</p><p>問い合わせ先：都市計画課 電話 000-0000</p></div>"
        "<dl class='notes'><dt><a id='n2' href='#r2'>※2</a></dt><dd>意見書の原文による。</dd></dl>"
        "</body></html>", encoding="utf-8")
    document = one(path)
    assert [(item.no, item.comment, item.answer_paragraphs) for item in document.items] == [
        ("1", "意見1です。", ("回答1です。※1",)), ("2", "意見2です。※2", ("回答2です。",))]
    assert document.warnings == ()


def test_web_page_in_page_links_both_ways_are_not_notes(tmp_path) -> None:
    """Second reading: a No. linking to the full comment below (which links back 「▲一覧へ戻る」) and a table of contents
    whose numbers link both ways to the group headings were taken as notes: the No. became
    「（注1）（注1）（1）バスの本数が…」, the headings were taken out (topics lost) and said as notes. They read as before."""
    path = tmp_path / "links.html"
    path.write_text(
        "<html><head><meta charset='utf-8'></head><body><h1>○○計画（案）に対する意見募集の結果</h1>"
        "<p>目次：<a href='#t1' id='m1'>1</a> 総論　<a href='#t2' id='m2'>2</a> 交通</p>"
        "<h3><a id='t1' href='#m1'>1</a> 総論</h3>"
        "<table border=1><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
        "<tr><td><a href='#d1' name='l1'>1</a></td><td>計画全体について。</td><td>ご意見として承ります。</td></tr></table>"
        "<h3><a id='t2' href='#m2'>2</a> 交通</h3>"
        "<table border=1><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
        "<tr><td><a href='#d2' name='l2'>2</a></td><td>バスを増やしてほしい。</td><td>検討します。</td></tr></table>"
        "<h2>ご意見の全文</h2>"
        "<p>（1）計画全体について。 <a name='d1' href='#l1'>▲一覧へ戻る</a></p>"
        "<p>（2）バスの本数が少なく不便です。 <a name='d2' href='#l2'>▲一覧へ戻る</a></p></body></html>", encoding="utf-8")
    document = one(path)
    assert [(item.no, item.comment, item.answer_paragraphs, item.topic) for item in document.items] == [
        ("1", "計画全体について。", ("ご意見として承ります。",), "総論"), ("2", "バスを増やしてほしい。", ("検討します。",), "交通")]
    assert not any("脚注" in warning for warning in document.warnings)


def _word_page(cells: str, notes: str) -> str:
    """A page as Word's 「Web ページとして保存」 writes it: a result table, then its footnotes' boxes."""
    return ("<html><head><meta charset=utf-8></head><body><div class=WordSection1><h1>○○計画（案）に対する意見募集の結果</h1>"
            f"<table border=1>{cells}</table></div><div style='mso-element:footnote-list'>{notes}</div></body></html>")


def _word_mark(number: int) -> str:
    return (f"<a style='mso-footnote-id:ftn{number}' href='#_ftn{number}' name='_ftnref{number}'><span "
            f"class=MsoFootnoteReference>[{number}]</span></a>")


def _word_note(number: int, text: str) -> str:
    return (f"<div style='mso-element:footnote' id=ftn{number}><p class=MsoFootnoteText><a href='#_ftnref{number}' "
            f"name='_ftn{number}'><span class=MsoFootnoteReference>[{number}]</span></a> {text}</p></div>")


def test_a_note_on_a_header_or_a_no_is_said_and_the_table_reads_as_before(tmp_path) -> None:
    """Second reading: a note on the header 「ご意見の概要¹」 was made the header cell's last paragraph, so the header was
    no longer one and the file was refused; a note on a No. made it 「1（注1）（注1）同趣旨の意見を含みます。」. Such a
    cell takes neither the mark nor the text (as before); the note is said with its place. Word file and web page."""
    word = Document()
    word.add_paragraph("○○計画（案）に対する意見募集の結果")
    word_table(word, [["No.", "ご意見の概要", "市の考え方"], ["1", "公共交通を充実してほしい。", "バス路線の再編を検討しました。"],
                      ["2", "公園を増やしてほしい。", "既存の公園の活用を進めます。"]])
    rows = word.tables[0].rows
    _note_reference(rows[0].cells[1].paragraphs[0], 1)
    _note_reference(rows[1].cells[0].paragraphs[0], 2)
    _notes_part(word, "footnotes", [["ご意見は要約して掲載しています。"], ["同趣旨の意見を含みます。"]])
    word.save(tmp_path / "header_note.docx")
    page = tmp_path / "header_note.htm"
    page.write_text(_word_page(
        f"<tr><td>No.</td><td>ご意見の概要{_word_mark(1)}</td><td>市の考え方</td></tr>"
        f"<tr><td>1{_word_mark(2)}</td><td>公共交通を充実してほしい。</td><td>バス路線の再編を検討しました。</td></tr>"
        "<tr><td>2</td><td>公園を増やしてほしい。</td><td>既存の公園の活用を進めます。</td></tr>",
        _word_note(1, "ご意見は要約して掲載しています。") + _word_note(2, "同趣旨の意見を含みます。")), encoding="utf-8")
    for path in (tmp_path / "header_note.docx", page):
        document = one(path)
        assert [(item.no, item.comment, item.answer_paragraphs) for item in document.items] == [
            ("1", "公共交通を充実してほしい。", ("バス路線の再編を検討しました。",)),
            ("2", "公園を増やしてほしい。", ("既存の公園の活用を進めます。",))], path
        assert document.warnings == (
            "脚注（注1）「ご意見は要約して掲載しています。」は、表の見出し「ご意見の概要」に付いていたため、その欄には注の印も"
            "本文も加えず、項目には含めていません。原本の脚注と照らして確認してください。",
            "脚注（注2）「同趣旨の意見を含みます。」は、表の番号の欄「1」に付いていたため、その欄には注の印も本文も加えず、"
            "項目には含めていません。原本の脚注と照らして確認してください。"), path


def _two_row_header_docx(row: int, column: int, note: str):
    """「No.」 and 「市の考え方」 merged down two rows, 「ご意見」 across 「該当箇所｜ご意見の概要」, the second row not
    repeated on each page (no w:tblHeader), and a footnote on the cell at ``row``, ``column``."""
    word = Document()
    word.add_paragraph("○○計画（案）に対する意見募集の結果")
    table = word_table(word, [["No.", "ご意見", "", "市の考え方"], ["", "該当箇所", "ご意見の概要", ""],
                              ["1", "第2章", "公共交通を充実してほしい。", "バス路線の再編を検討しました。"],
                              ["2", "第3章", "公園を増やしてほしい。", "既存の公園の活用を進めます。"]])
    for top, bottom, text in (((0, 0), (1, 0), "No."), ((0, 1), (0, 2), "ご意見"), ((0, 3), (1, 3), "市の考え方")):
        merged = table.cell(*top).merge(table.cell(*bottom))
        for paragraph in merged.paragraphs[1:]:
            paragraph._p.getparent().remove(paragraph._p)
        merged.paragraphs[0].text = text
    _note_reference(table.cell(row, column).paragraphs[0], 1)
    _notes_part(word, "footnotes", [[note]])
    return word


def test_a_note_in_the_second_row_of_a_two_row_header_is_said_and_the_table_reads_as_before(tmp_path) -> None:
    """Final reading of the footnotes change: a note on 「ご意見の概要」 or 「該当箇所」 in a header's second row (not marked
    to repeat on each page) was added to that cell, so the header was misread: a made-up item 「?」 (comment 「該当箇所」),
    every comment in a column 「列3」 and each item's comment its 該当箇所, unsaid. The header is every row above the
    first row whose first cell holds a No.: a note there is said only, as on a header. Word file and Word's web page."""
    expected = [("1", "公共交通を充実してほしい。", ("バス路線の再編を検討しました。",), {"該当箇所": "第2章"}),
                ("2", "公園を増やしてほしい。", ("既存の公園の活用を進めます。",), {"該当箇所": "第3章"})]
    said = "」に付いていたため、その欄には注の印も本文も加えず、項目には含めていません。原本の脚注と照らして確認してください。"
    for column, header, note in ((2, "ご意見の概要", "ご意見は要約して掲載しています。"), (1, "該当箇所", "ページは案のページです。")):
        _two_row_header_docx(1, column, note).save(tmp_path / f"two_row_{column}.docx")
        cells = ["<td><p>該当箇所</p></td>", "<td><p>ご意見の概要</p></td>"]
        cells[column - 1] = cells[column - 1].replace("</p>", f"{_word_mark(1)}</p>")
        page = tmp_path / f"two_row_{column}.htm"
        page.write_text(_word_page(
            "<tr><td rowspan=2><p>No.</p></td><td colspan=2><p>ご意見</p></td><td rowspan=2><p>市の考え方</p></td></tr>"
            f"<tr>{''.join(cells)}</tr>"
            "<tr><td><p>1</p></td><td><p>第2章</p></td><td><p>公共交通を充実してほしい。</p></td>"
            "<td><p>バス路線の再編を検討しました。</p></td></tr>"
            "<tr><td><p>2</p></td><td><p>第3章</p></td><td><p>公園を増やしてほしい。</p></td>"
            "<td><p>既存の公園の活用を進めます。</p></td></tr>", _word_note(1, note)), encoding="utf-8")
        for path in (tmp_path / f"two_row_{column}.docx", page):
            document = one(path)
            assert [(item.no, item.comment, item.answer_paragraphs, item.extra) for item in document.items] == expected, path
            assert document.warnings == (f"脚注（注1）「{note}」は、表の見出し「{header}{said}",), path


def _referring_docx(note_row: int, note: str):
    """No.2's answer 「No.1の回答のとおり」, a footnote on the answer of the row ``note_row``."""
    word = Document()
    word.add_paragraph("○○計画（案）に対する意見募集の結果")
    table = word_table(word, [["No.", "ご意見の概要", "市の考え方"], ["1", "公共交通を充実してほしい。", "バス路線の再編を検討しました。"],
                              ["2", "バスを増やしてほしい。", "No.1の回答のとおり"], ["3", "公園を増やしてほしい。", "既存の公園の活用を進めます。"]])
    _note_reference(table.cell(note_row, 2).paragraphs[0], 1)
    _notes_part(word, "footnotes", [[note]])
    return word


def test_a_word_answer_that_refers_to_another_with_a_note_takes_that_answer(tmp_path) -> None:
    """Final reading of the footnotes change: No.2's 「No.1の回答のとおり¹」 became 「No.1の回答のとおり（注1）」 and its note,
    no longer followed and unsaid, so a search showed a reference with nothing in it. It takes No.1's answer, its note
    kept after it, both said. A note on No.1's answer goes with it to No.2, which the copy's warning names."""
    _referring_docx(2, "路線の再編は令和7年度からです。").save(tmp_path / "referring.docx")
    _referring_docx(1, "令和5年度の調査による。").save(tmp_path / "referred.docx")
    taken = "はNo.1の回答を指すため、その回答を取り込みました（元の文は「回答（原文）」として残しています）。"
    added = "を、それを付けた欄の最後の段落として加えました（本文の番号は「（注1）」と書いています）。原本の脚注と照らして確認してください。"
    document = one(tmp_path / "referring.docx")
    assert [(item.no, item.answer_paragraphs, item.extra) for item in document.items[:2]] == [
        ("1", ("バス路線の再編を検討しました。",), {}),
        ("2", ("バス路線の再編を検討しました。", "（注1）路線の再編は令和7年度からです。"), {"回答（原文）": "No.1の回答のとおり（注1）"})]
    assert document.warnings == (f"No.2: 脚注（注1）「路線の再編は令和7年度からです。」{added}",
                                 f"No.2: 回答「No.1の回答のとおり（注1）」{taken}")
    document = one(tmp_path / "referred.docx")
    noted = ("バス路線の再編を検討しました。（注1）", "（注1）令和5年度の調査による。")
    assert [(item.no, item.answer_paragraphs, item.extra) for item in document.items[:2]] == [
        ("1", noted, {}), ("2", noted, {"回答（原文）": "No.1の回答のとおり"})]
    assert document.warnings == (f"No.1: 脚注（注1）「令和5年度の調査による。」{added}",
                                 f"No.2: 回答「No.1の回答のとおり」{taken}取り込んだ回答にはNo.1の脚注（注1）も含まれています。")


def test_a_note_on_an_answer_above_the_first_numbered_row_goes_with_it(tmp_path) -> None:
    """Last reading of the footnotes change: every row above the first row whose first cell holds a No. was taken for
    the header, so a note on the answer of a first item numbered 「全般」 (or 「1・2」) was only said, as if on
    「表の見出し「ご意見ありがとうございます。」」. Above the first No., only a header's short words take no note."""
    word = Document()
    word.add_paragraph("○○計画（案）に対する意見募集の結果")
    table = word_table(word, [["No.", "ご意見の概要", "市の考え方"], ["全般", "計画全体に賛成です。", "ご意見ありがとうございます。"],
                              ["1", "公園を増やしてほしい。", "既存の公園の活用を進めます。"]])
    _note_reference(table.cell(1, 2).paragraphs[0], 1)
    _notes_part(word, "footnotes", [["計画は令和7年度からです。"]])
    word.save(tmp_path / "general.docx")
    document = one(tmp_path / "general.docx")
    assert [(item.no, item.answer_paragraphs) for item in document.items] == [
        ("全般", ("ご意見ありがとうございます。（注1）", "（注1）計画は令和7年度からです。")),
        ("1", ("既存の公園の活用を進めます。",))]
    assert document.warnings == (
        "No.全般: 脚注（注1）「計画は令和7年度からです。」を、それを付けた欄の最後の段落として加えました（本文の番号は「（注1）」と"
        "書いています）。原本の脚注と照らして確認してください。",)


def test_a_note_on_an_answer_without_a_full_stop_above_the_first_numbered_row_goes_with_it(tmp_path) -> None:
    """Second reading of the header-block change: an answer without 「。」 (「ご意見として承ります」) of a first item
    numbered 「全般」 or 「1・2」 read as a header's short words, so its note was only said, as on 「表の見出し」. Above the
    first No., a row is the header's only when it goes on from the header (its first cell merged from above or empty).
    Word file and Word's web page."""
    note = "計画は令和7年度からです。"
    for label, answer in (("全般", "ご意見として承ります"), ("1・2", "バス路線の再編を検討します")):
        word = Document()
        word.add_paragraph("○○計画（案）に対する意見募集の結果")
        table = word_table(word, [["No.", "ご意見の概要", "市の考え方"], [label, "計画全体に賛成です", answer],
                                  ["3", "公園を増やしてほしい。", "既存の公園の活用を進めます。"]])
        _note_reference(table.cell(1, 2).paragraphs[0], 1)
        _notes_part(word, "footnotes", [[note]])
        name = "general" if label == "全般" else "group"
        word.save(tmp_path / f"{name}.docx")
        page = tmp_path / f"{name}.htm"
        page.write_text(_word_page(
            "<tr><td><p>No.</p></td><td><p>ご意見の概要</p></td><td><p>市の考え方</p></td></tr>"
            f"<tr><td><p>{label}</p></td><td><p>計画全体に賛成です</p></td><td><p>{answer}{_word_mark(1)}</p></td></tr>"
            "<tr><td><p>3</p></td><td><p>公園を増やしてほしい。</p></td><td><p>既存の公園の活用を進めます。</p></td></tr>",
            _word_note(1, note)), encoding="utf-8")
        for path in (tmp_path / f"{name}.docx", page):
            document = one(path)
            assert [(item.no, item.comment, item.answer_paragraphs) for item in document.items] == [
                (label, "計画全体に賛成です", (f"{answer}（注1）", f"（注1）{note}")),
                ("3", "公園を増やしてほしい。", ("既存の公園の活用を進めます。",))], path
            assert document.warnings == (
                f"No.{label}: 脚注（注1）「{note}」を、それを付けた欄の最後の段落として加えました（本文の番号は「（注1）」と"
                "書いています）。原本の脚注と照らして確認してください。",), path


def test_a_word_web_page_note_whose_text_is_empty_or_not_in_its_own_box_reads_as_before(tmp_path) -> None:
    """Second reading: a note whose box held more than the note (「今後のスケジュール…」) gave the answer the whole box,
    and an empty note a bare 「（注1）」 and a warning quoting 「」. Such notes are left as the page reads."""
    path = tmp_path / "odd_notes.htm"
    path.write_text(_word_page(
        "<tr><td>No.</td><td>ご意見の概要</td><td>市の考え方</td></tr>"
        f"<tr><td>1</td><td>公共交通を充実してほしい。</td><td>バス路線の再編を検討しました。{_word_mark(1)}</td></tr>"
        f"<tr><td>2</td><td>公園を増やしてほしい。{_word_mark(2)}</td><td>既存の公園の活用を進めます。</td></tr>",
        "<div class=box><p><a href='#_ftnref1' name='_ftn1'>[1]</a> 令和5年度の調査による。</p>"
        "<p>今後のスケジュール：令和7年3月に計画を策定します。</p></div>" + _word_note(2, "")), encoding="utf-8")
    document = one(path)
    assert [(item.no, item.comment, item.answer_paragraphs) for item in document.items] == [
        ("1", "公共交通を充実してほしい。", ("バス路線の再編を検討しました。[1]",)), ("2", "公園を増やしてほしい。[2]", ("既存の公園の活用を進めます。",))]
    assert not any("脚注" in warning for warning in document.warnings)


def test_a_word_footnote_with_its_own_mark_keeps_it_and_takes_no_number(tmp_path) -> None:
    """Second reading: a footnote with the author's own mark (w:customMarkFollows, 「※」 typed after the reference) read
    「…検討しました。（注1）※」 and the next note 「（注2）」, where Word shows 「※」 and numbers the next note 1."""
    word = Document()
    word.add_paragraph("○○計画（案）に対する意見募集の結果")
    word_table(word, [["No.", "ご意見の概要", "市の考え方"], ["1", "公共交通を充実してほしい。", "バス路線の再編を検討しました。"],
                      ["2", "公園を増やしてほしい。", "既存の公園の活用を進めます。"]])
    rows = word.tables[0].rows
    _note_reference(rows[1].cells[2].paragraphs[0], 1)
    rows[1].cells[2].paragraphs[0].runs[-1]._r[-1].set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}customMarkFollows", "1")
    rows[1].cells[2].paragraphs[0].add_run("※")
    _note_reference(rows[2].cells[2].paragraphs[0], 2)
    _notes_part(word, "footnotes", [["独自記号の注。"], ["二つ目の注。"]])
    word.save(tmp_path / "custom.docx")
    document = one(tmp_path / "custom.docx")
    assert [(item.no, item.answer_paragraphs) for item in document.items] == [
        ("1", ("バス路線の再編を検討しました。※", "※独自記号の注。")), ("2", ("既存の公園の活用を進めます。（注1）", "（注1）二つ目の注。"))]
    assert document.warnings == (
        "No.1: 脚注※「独自記号の注。」を、それを付けた欄の最後の段落として加えました（本文の番号は「※」と書いています）。"
        "原本の脚注と照らして確認してください。",
        "No.2: 脚注（注1）「二つ目の注。」を、それを付けた欄の最後の段落として加えました（本文の番号は「（注1）」と書いています）。"
        "原本の脚注と照らして確認してください。")


def test_a_word_file_whose_footnotes_part_is_cut_off_is_refused_as_damaged(tmp_path) -> None:
    """The notes are read now: a footnotes part cut off (as Word would not open it) is a damaged file, as a cut-off body
    is, never read with its notes' text lost."""
    import zipfile

    from assistant.errors import DamagedFileError

    _footnoted_docx().save(tmp_path / "whole.docx")
    with zipfile.ZipFile(tmp_path / "whole.docx") as whole, zipfile.ZipFile(tmp_path / "cut.docx", "w") as cut:
        for info in whole.infolist():
            data = whole.read(info.filename)
            cut.writestr(info, data[:200] if info.filename == "word/footnotes.xml" else data)
    with pytest.raises(DamagedFileError) as refused:
        read_document(tmp_path / "cut.docx")
    assert refused.value.reason == "Word 文書（.docx）が壊れているか、途中で切れています。Word で開けるか確かめ、保存し直してください。"


def test_a_note_on_a_body_cell_that_reads_like_a_column_name_goes_with_it(tmp_path) -> None:
    """Third reading: whether a cell took its note was decided from its text alone, so a comment 「要望」 or
    「意見募集の対象外のご意見」 lost its note and the warning called it 「表の見出し「要望」」. Only the header row is a
    header; in a body row only the first cell holding a number (or a row header 「<th>3</th>」) is a No.; every other
    cell keeps its note. Word file and web page."""
    word = Document()
    word.add_paragraph("○○計画（案）に対する意見募集の結果")
    word_table(word, [["No.", "ご意見の概要", "市の考え方"], ["1", "公共交通を充実してほしい。", "バス路線の再編を検討しました。"],
                      ["2", "要望", "既存の公園の活用を進めます。"], ["3", "意見募集の対象外のご意見", "開館時間の延長を検討します。"]])
    rows = word.tables[0].rows
    _note_reference(rows[2].cells[1].paragraphs[0], 1)
    _note_reference(rows[3].cells[0].paragraphs[0], 2)
    _note_reference(rows[3].cells[1].paragraphs[0], 3)
    _notes_part(word, "footnotes", [["提出者の原文は一語のみです。"], ["同趣旨ほか2件。"], ["事務局で要約。"]])
    word.save(tmp_path / "body_note.docx")
    page = tmp_path / "body_note.htm"
    page.write_text(_word_page(
        "<thead><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr></thead>"
        "<tr><th scope=row>1</th><td>公共交通を充実してほしい。</td><td>バス路線の再編を検討しました。</td></tr>"
        f"<tr><th scope=row>2</th><td>要望{_word_mark(1)}</td><td>既存の公園の活用を進めます。</td></tr>"
        f"<tr><th scope=row>3{_word_mark(2)}</th><td>意見募集の対象外のご意見{_word_mark(3)}</td><td>開館時間の延長を検討します。</td></tr>",
        _word_note(1, "提出者の原文は一語のみです。") + _word_note(2, "同趣旨ほか2件。") + _word_note(3, "事務局で要約。")),
        encoding="utf-8")
    for path in (tmp_path / "body_note.docx", page):
        document = one(path)
        assert [(item.no, item.comment, item.answer_paragraphs) for item in document.items] == [
            ("1", "公共交通を充実してほしい。", ("バス路線の再編を検討しました。",)),
            ("2", "要望（注1）\n（注1）提出者の原文は一語のみです。", ("既存の公園の活用を進めます。",)),
            ("3", "意見募集の対象外のご意見（注3）\n（注3）事務局で要約。", ("開館時間の延長を検討します。",))], path
        assert document.warnings == (
            "No.2: 脚注（注1）「提出者の原文は一語のみです。」を、それを付けた欄の最後の段落として加えました（本文の番号は"
            "「（注1）」と書いています）。原本の脚注と照らして確認してください。",
            "脚注（注2）「同趣旨ほか2件。」は、表の番号の欄「3」に付いていたため、その欄には注の印も本文も加えず、"
            "項目には含めていません。原本の脚注と照らして確認してください。",
            "No.3: 脚注（注3）「事務局で要約。」を、それを付けた欄の最後の段落として加えました（本文の番号は"
            "「（注3）」と書いています）。原本の脚注と照らして確認してください。"), path


def test_a_note_in_a_row_continued_after_a_page_break_is_the_joined_cells_last_paragraph(tmp_path) -> None:
    """Third reading: a table split in two by a page break, No.2's comment going on in the second part's first row; a
    note referred to in the first part was put between the two parts of the comment (「…ほしい。（注1）」「（注1）…」
    「子どもが…」). The note's text is the joined cell's last paragraph."""
    word = Document()
    word.add_paragraph("○○計画（案）に対する意見募集の結果")
    header = ["No.", "ご意見の概要", "市の考え方"]
    word_table(word, [header, ["1", "公共交通を充実してほしい。", "バス路線の再編を検討しました。"],
                      ["2", "公園を増やしてほしい。", "既存の公園の活用を進めます。"]])
    _note_reference(word.tables[0].rows[2].cells[1].paragraphs[0], 1)
    word_table(word, [header, ["", "子どもが遊べる場所が必要です。", ""], ["3", "図書館を夜間も開けてほしい。", "開館時間の延長を検討します。"]])
    _notes_part(word, "footnotes", [["提出者の表現のまま掲載。"]])
    word.save(tmp_path / "split.docx")
    document = one(tmp_path / "split.docx")
    assert [(item.no, item.comment, item.answer_paragraphs) for item in document.items] == [
        ("1", "公共交通を充実してほしい。", ("バス路線の再編を検討しました。",)),
        ("2", "公園を増やしてほしい。（注1）\n子どもが遊べる場所が必要です。\n（注1）提出者の表現のまま掲載。", ("既存の公園の活用を進めます。",)),
        ("3", "図書館を夜間も開けてほしい。", ("開館時間の延長を検討します。",))]
    assert document.warnings == (
        "No.2: 脚注（注1）「提出者の表現のまま掲載。」を、それを付けた欄の最後の段落として加えました（本文の番号は「（注1）」と"
        "書いています）。原本の脚注と照らして確認してください。",)


def _sectioned_docx(restart: str, first_format: str | None = None):
    """Two sections, a table in each with a footnote in its first answer; each section's w:footnotePr restarting the
    numbering as ``restart`` says, the first one's in ``first_format`` too."""
    from docx.enum.section import WD_SECTION
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    word = Document()
    word.add_paragraph("○○計画（案）に対する意見募集の結果")
    header = ["No.", "ご意見の概要", "市の考え方"]
    word_table(word, [header, ["1", "公共交通を充実してほしい。", "バス路線の再編を検討しました。"]])
    _note_reference(word.tables[0].cell(1, 2).paragraphs[0], 1)
    word.add_section(WD_SECTION.NEW_PAGE)
    word_table(word, [header, ["2", "図書館を夜間も開けてほしい。", "開館時間の延長を検討します。"]])
    _note_reference(word.tables[1].cell(1, 2).paragraphs[0], 2)
    for at, section in enumerate(word.element.body.iter(qn("w:sectPr"))):
        number_format = f'<w:numFmt w:val="{first_format}"/>' if first_format and at == 0 else ""
        section.insert(0, parse_xml('<w:footnotePr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                                    f'{number_format}<w:numRestart w:val="{restart}"/></w:footnotePr>'))
    _notes_part(word, "footnotes", [["第1節の注。"], ["第2節の注。"]])
    return word


def test_word_footnotes_numbered_per_section_or_page_are_labelled_as_word_prints_them_or_said(tmp_path) -> None:
    """Third reading: numbering restarted in each section (w:numRestart eachSect) was counted on (「（注2）」, a note 2
    the original does not have), and a format set on an earlier section's w:sectPr was not used. Each section's
    numbers are Word's, said to restart; numbers restarted on each page, which only printing knows, are counted on
    and said to differ."""
    _sectioned_docx("eachSect", "upperRoman").save(tmp_path / "sections.docx")
    document = one(tmp_path / "sections.docx")
    assert [item.answer_paragraphs for item in document.items] == [
        ("バス路線の再編を検討しました。（注I）", "（注I）第1節の注。"), ("開館時間の延長を検討します。（注1）", "（注1）第2節の注。")]
    assert document.warnings == (
        "No.1: 脚注（注I）「第1節の注。」を、それを付けた欄の最後の段落として加えました（本文の番号は「（注I）」と書いています）。"
        "原本の脚注と照らして確認してください。原本の脚注の番号はセクションごとに振り直されており、ここでも原本と同じ番号で書いています。",
        "No.2: 脚注（注1）「第2節の注。」を、それを付けた欄の最後の段落として加えました（本文の番号は「（注1）」と書いています）。"
        "原本の脚注と照らして確認してください。原本の脚注の番号はセクションごとに振り直されており、ここでも原本と同じ番号で書いています。")
    _sectioned_docx("eachPage").save(tmp_path / "pages.docx")
    document = one(tmp_path / "pages.docx")
    assert [item.answer_paragraphs for item in document.items] == [
        ("バス路線の再編を検討しました。（注1）", "（注1）第1節の注。"), ("開館時間の延長を検討します。（注2）", "（注2）第2節の注。")]
    assert document.warnings[1] == (
        "No.2: 脚注（注2）「第2節の注。」を、それを付けた欄の最後の段落として加えました（本文の番号は「（注2）」と書いています）。"
        "原本の脚注と照らして確認してください。原本の脚注の番号はページごとに振り直されていますが、ここでは通して数えた番号で書いています"
        "（原本の番号とは異なることがあります）。")


def test_published_excel_two_answer_tables_on_one_sheet_keep_both_tables_items_and_their_numbers(tmp_path) -> None:
    """Two answer tables on one sheet (「第1章　総論」 over one, a blank row, 「第2章　各論」 and its own header over the
    other, numbered again): every item of both is read with its No. and its chapter as the topic, and the second header
    is no item but named in a warning (a check of fix-xl #3, which read so already)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    _rows_at(sheet, 1, [[_DATED], ["意見件数", "3件"], [], ["第1章　総論"], *_ANSWERS, [], ["第2章　各論"],
                        ["No.", "ご意見の概要", "本市の考え方"], [1, "公園を増やしてほしい。", "検討します。"]])
    sheet.merge_cells("A1:C1")
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert (document.meta.title, document.meta.declared_count) == (_DATED, 3)
    assert [(i.no, i.topic, i.comment, i.answer) for i in document.items] == [
        ("1", "総論", "料金を下げてほしい。", "経営努力に努めます。"), ("2", "総論", "耐震化を進めてほしい。", "計画的に進めます。"),
        ("1", "各論", "公園を増やしてほしい。", "検討します。")]
    assert document.warnings == ("表の4行目: 表の途中にある見出しの行（「No.｜ご意見の概要｜本市の考え方」）は、項目にしていません。",)


_QUALIFIED_ITEMS = [("1", "バスを増やしてほしい。", "検討します。", None), ("2", "公園を整備してほしい。", "参考とします。", None)]


@pytest.mark.parametrize("qualifier, merges", [
    ("（要旨）", ["A1:C1"]),  # published: the title merged across the table
    ("ご意見の要旨", ["A1:C1", "A3:A4"]),  # the No. merged down the header's two rows
    ("（要旨）", []),  # no merged cell: read as a staff sheet
])
def test_published_excel_header_qualifier_row_under_the_header_is_no_item(tmp_path, qualifier, merges) -> None:
    """fix-head #1: 「（要旨）」 under 「ご意見の概要」 on the header's second row was read as an item 「?」 (staff sheet: No.1)
    with an empty answer, and the declared 2 said to differ from 3 items."""
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    for row in [["○○計画（案）に対する意見募集の結果"], ["意見件数：2件"], ["No.", "ご意見の概要", "本市の考え方"],
                [None, qualifier, None], [1, "バスを増やしてほしい。", "検討します。"], [2, "公園を整備してほしい。", "参考とします。"]]:
        sheet.append(row)
    for merged in merges:
        sheet.merge_cells(merged)
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == _QUALIFIED_ITEMS
    assert document.meta.declared_count == 2
    assert document.warnings == ()


def test_word_table_header_qualifier_row_under_the_header_is_no_item(tmp_path) -> None:
    """fix-head #1, in a Word table (the same grid reader): 「（抜粋）」 under 「ご意見の概要」 is the header's."""
    word = Document()
    word.add_paragraph("○○計画（案）に対する意見募集の結果")
    rows = [["No.", "ご意見の概要", "本市の考え方"], ["", "（抜粋）", ""], ["1", "バスを増やしてほしい。", "検討します。"],
            ["2", "公園を整備してほしい。", "参考とします。"]]
    table = word.add_table(rows=len(rows), cols=3)
    for number, values in enumerate(rows):
        for column, value in enumerate(values):
            table.cell(number, column).text = value
    word.save(tmp_path / "kekka.docx")
    document = one(tmp_path / "kekka.docx")
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == _QUALIFIED_ITEMS
    assert document.warnings == ()


@pytest.mark.parametrize("rows", [
    # the label in column A, the text beside it; a blank row between items or none
    [["No.1"], ["ご意見", "バスを増やしてほしい。"], ["本市の考え方", "検討します。"], [],
     ["No.2"], ["ご意見", "公園を整備してほしい。"], ["本市の考え方", "参考とします。"]],
    [["No.1"], ["ご意見", "バスを増やしてほしい。"], ["本市の考え方", "検討します。"],
     ["No.2"], ["ご意見", "公園を整備してほしい。"], ["本市の考え方", "参考とします。"]],
    # every label and text in column A, row under row
    [["No.1"], ["ご意見"], ["バスを増やしてほしい。"], ["本市の考え方"], ["検討します。"],
     ["No.2"], ["ご意見"], ["公園を整備してほしい。"], ["本市の考え方"], ["参考とします。"]],
])
def test_published_excel_labelled_items_next_no_starts_the_next_item(tmp_path, rows) -> None:
    """fix-head #2: 「No.2」 over the next item's 「ご意見」 was appended to item 1's answer (「検討します。⏎No.2」, with a
    warning that a row without a label continued it) and the items numbered by position; it is the next item's No."""
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    for row in [["○○計画（案）に対する意見募集の結果"], ["意見件数：2件"], [], *rows]:
        sheet.append(row)
    sheet.merge_cells("A1:C1")
    book.save(tmp_path / "kekka.xlsx")
    document = one(tmp_path / "kekka.xlsx")
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == _QUALIFIED_ITEMS
    assert document.meta.declared_count == 2
    assert document.warnings == ()


def _labelled_sheet(tmp_path, rows, merges=()):
    book = Workbook()
    sheet = book.active
    sheet.title = "結果"
    for row in rows:
        sheet.append(row)
    for merged in ("A1:C1", *merges):
        sheet.merge_cells(merged)
    book.save(tmp_path / "kekka.xlsx")
    return one(tmp_path / "kekka.xlsx")


_COUNT_ITEMS = [("1", "駐輪場の台数を教えてほしい。", "駅前駐輪場の収容台数は次のとおりです（台）。\n850", None),
                ("2", "公園を整備してほしい。", "参考とします。", None), ("3", "道路を直してほしい。", "対応します。", None)]
_BY_POSITION_3 = "この文書には意見の番号がないため、掲載順に 1〜3 の番号を付けました。"


@pytest.mark.parametrize("labels, merges, warnings", [
    (("ご意見", "ご意見", "ご意見"), (), [_BY_POSITION_3]),
    (("ご意見", "ご意見", "ご意見"), ("A5:A6",), [_BY_POSITION_3]),  # the answer's label merged down over 850
    (("ご意見1", "ご意見2", "ご意見3"), (), []),  # the labels' own numbers
])
def test_published_excel_labelled_answer_ending_in_a_number_keeps_it(tmp_path, labels, merges, warnings) -> None:
    """sr-head #1: 850 in the answer's text column (or under its label merged down) right above the next 「ご意見」 was
    taken for the next item's No. and deleted from the answer, then not used (numbered by position, or the label's own
    number won); a number is a No. only in the label column."""
    document = _labelled_sheet(tmp_path, [
        ["○○計画（案）に対する意見募集の結果"], ["意見件数：3件"], [],
        [labels[0], "駐輪場の台数を教えてほしい。"], ["本市の考え方", "駅前駐輪場の収容台数は次のとおりです（台）。"], [None, "850"],
        [labels[1], "公園を整備してほしい。"], ["本市の考え方", "参考とします。"],
        [labels[2], "道路を直してほしい。"], ["本市の考え方", "対応します。"]], merges)
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == _COUNT_ITEMS
    assert list(document.warnings) == warnings


_NUMBERED_ITEMS = [("1", "バスを増やしてほしい。", "検討します。", None), ("2", "公園を整備してほしい。", "参考とします。", None)]
_BY_POSITION_2 = "この文書には意見の番号がないため、掲載順に 1〜2 の番号を付けました。"


@pytest.mark.parametrize("between, items, warnings", [
    # the previous No. + 1 in the label column: the next item's No.
    ("2", _NUMBERED_ITEMS, []),
    # out of sequence: no No., the text of the answer above as before, said
    ("2024", [("1", "バスを増やしてほしい。", "検討します。\n2024", None), ("2", "公園を整備してほしい。", "参考とします。", None)],
     ["ラベル（意見・回答）のない行「2024…」は前の欄の続きとして読みました。原本を確認してください。", _BY_POSITION_2]),
    ("3", [("1", "バスを増やしてほしい。", "検討します。\n3", None), ("2", "公園を整備してほしい。", "参考とします。", None)],
     ["ラベル（意見・回答）のない行「3…」は前の欄の続きとして読みました。原本を確認してください。", _BY_POSITION_2]),
    # 「No.」 in any case or in 【】: the next item's No.
    ("NO.2", _NUMBERED_ITEMS, []),
    ("no.2", _NUMBERED_ITEMS, []),
    ("【No.2】", _NUMBERED_ITEMS, []),
])
def test_published_excel_labelled_number_row_is_a_no_only_in_sequence(tmp_path, between, items, warnings) -> None:
    """sr-head #2: a stray 「2024」 or 「3」 over the next 「ご意見」 became its No. without a word; a bare number is the
    next No. only as the previous No. + 1 (「No.2」 always, also 「NO.2」, 「no.2」, 「【No.2】」, which had been text)."""
    document = _labelled_sheet(tmp_path, [
        ["○○計画（案）に対する意見募集の結果"], ["意見件数：2件"], [], ["No.1"],
        ["ご意見", "バスを増やしてほしい。"], ["本市の考え方", "検討します。"], [between],
        ["ご意見", "公園を整備してほしい。"], ["本市の考え方", "参考とします。"]])
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == items
    assert list(document.warnings) == warnings


def test_published_excel_labelled_column_a_numbers_with_a_gap_are_the_nos(tmp_path) -> None:
    """Every label and text in column A is read as labelled paragraphs, where a bare number of 1 to 3 digits above
    「ご意見」 is its No. (Nos. 1, 2, 4 with a gap too, tr-head #1): 「No.1」 then 「3」 number the items 1 and 3, every
    item with a No. of its own (main had left 「No.1」 out, numbered the items by position and lost the 3)."""
    document = _labelled_sheet(tmp_path, [
        ["○○計画（案）に対する意見募集の結果"], ["意見件数：2件"], [], ["No.1"], ["ご意見"], ["バスを増やしてほしい。"],
        ["本市の考え方"], ["検討します。"], ["3"], ["ご意見"], ["公園を整備してほしい。"], ["本市の考え方"], ["参考とします。"]])
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [
        ("1", "バスを増やしてほしい。", "検討します。", None), ("3", "公園を整備してほしい。", "参考とします。", None)]
    assert list(document.warnings) == []


def test_word_labelled_tables_number_paragraph_between_them_stays_in_the_answer(tmp_path) -> None:
    """sr-head #1: a paragraph 「7」 between two items' tables was deleted from the answer above without a word; only
    「No.2」 there is the next item's No."""
    word = Document()
    word.add_paragraph("○○計画（案）に対する意見募集の結果")
    for at, rows in enumerate([[["ご意見", "バスを増やしてほしい。"], ["本市の考え方", "対象施設数は次のとおりです。"]],
                               [["ご意見", "公園を整備してほしい。"], ["本市の考え方", "参考とします。"]]]):
        if at:
            word.add_paragraph("7")
        table = word.add_table(rows=2, cols=2)
        for number, values in enumerate(rows):
            for column, value in enumerate(values):
                table.cell(number, column).text = value
    word.save(tmp_path / "kekka.docx")
    document = one(tmp_path / "kekka.docx")
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [
        ("1", "バスを増やしてほしい。", "対象施設数は次のとおりです。\n7", None), ("2", "公園を整備してほしい。", "参考とします。", None)]
    assert list(document.warnings) == ["表の外の文「7…」は、直前の回答の続きとして読みました。原本を確認してください。", _BY_POSITION_2]


@pytest.mark.parametrize("number", ["2025", "12."])
def test_word_labelled_paragraphs_answer_ending_in_a_number_keeps_it(tmp_path, number) -> None:
    """sr-head #1: in labelled paragraphs a number of 4 digits or with a 「.」 ending an answer was deleted (taken for the
    next No. and then numbered by position); only 1 to 3 digits alone, or 「No.2」, number the comment below."""
    word = Document()
    for text in ["○○計画（案）に対する意見募集の結果", "ご意見", "バスを増やしてほしい。", "本市の考え方", "開催は次のとおり。", number,
                 "ご意見", "公園を整備してほしい。", "本市の考え方", "参考とします。"]:
        word.add_paragraph(text)
    word.save(tmp_path / "kekka.docx")
    document = one(tmp_path / "kekka.docx")
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [
        ("1", "バスを増やしてほしい。", f"開催は次のとおり。\n{number}", None), ("2", "公園を整備してほしい。", "参考とします。", None)]
    assert list(document.warnings) == [_BY_POSITION_2]


_THREE = [("バスを増やしてほしい。", "検討します。"), ("公園を整備してほしい。", "参考とします。"), ("道路を直してほしい。", "対応します。")]


@pytest.mark.parametrize("numbers", [("1", "2", "4"), ("1", "3", "4")])
def test_word_labelled_paragraphs_bare_numbers_with_a_gap_keep_their_nos(tmp_path, numbers) -> None:
    """tr-head #1: in labelled paragraphs a bare number above 「ご意見」 had to be the previous No. + 1, so a gap (an item
    withdrawn) glued 「4」 or 「3」 to the answer above and numbered every item by position under a false 「番号がない」."""
    word = Document()
    word.add_paragraph("○○計画（案）に対する意見募集の結果")
    for number, (comment, answer) in zip(numbers, _THREE):
        for text in [number, "ご意見", comment, "本市の考え方", answer]:
            word.add_paragraph(text)
    word.save(tmp_path / "kekka.docx")
    document = one(tmp_path / "kekka.docx")
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [
        (number, comment, answer, None) for number, (comment, answer) in zip(numbers, _THREE)]
    assert list(document.warnings) == []


_REFERENCE_ITEMS = [("1", "バスを増やしてほしい。", "検討します。", None),
                    ("2", "バスの本数を増やしてほしい。", "次の意見への回答をご参照ください。\nNo.1", None),
                    ("3", "道路を直してほしい。", "対応します。", None)]
_BY_POSITION_3_ITEMS = "この文書には意見の番号がないため、掲載順に 1〜3 の番号を付けました。"


def test_word_labelled_tables_reference_no_line_in_a_numberless_document_stays(tmp_path) -> None:
    """tr-head #2: a 「No.1」 cited alone at the end of an answer, between two items' tables of a document whose items have
    no No., was taken for the next item's No., then thrown away as the items were numbered by position (and its warning
    with it); a 「No.」 line numbers items only when every item gets a distinct No. so."""
    word = Document()
    word.add_paragraph("○○計画（案）に対する意見募集の結果")
    for at, (comment, answer) in enumerate([("バスを増やしてほしい。", "検討します。"),
                                            ("バスの本数を増やしてほしい。", "次の意見への回答をご参照ください。"),
                                            ("道路を直してほしい。", "対応します。")]):
        if at == 2:
            word.add_paragraph("No.1")
        table = word.add_table(rows=2, cols=2)
        for number, values in enumerate([["ご意見", comment], ["本市の考え方", answer]]):
            for column, value in enumerate(values):
                table.cell(number, column).text = value
    word.save(tmp_path / "kekka.docx")
    document = one(tmp_path / "kekka.docx")
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == _REFERENCE_ITEMS
    assert list(document.warnings) == ["表の外の文「No.1…」は、直前の回答の続きとして読みました。原本を確認してください。",
                                       _BY_POSITION_3_ITEMS]


def test_word_labelled_paragraphs_reference_no_line_in_a_numberless_document_stays(tmp_path) -> None:
    """tr-head #2, labelled paragraphs: the 「No.1」 ending answer 2 had been deleted without a word."""
    word = Document()
    for text in ["○○計画（案）に対する意見募集の結果", "ご意見", "バスを増やしてほしい。", "本市の考え方", "検討します。",
                 "ご意見", "バスの本数を増やしてほしい。", "本市の考え方", "次の意見への回答をご参照ください。", "No.1",
                 "ご意見", "道路を直してほしい。", "本市の考え方", "対応します。"]:
        word.add_paragraph(text)
    word.save(tmp_path / "kekka.docx")
    document = one(tmp_path / "kekka.docx")
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == _REFERENCE_ITEMS
    assert list(document.warnings) == [_BY_POSITION_3_ITEMS]


def test_published_excel_labelled_duplicate_no_lines_stay_in_the_answers(tmp_path) -> None:
    """tr-head #3: 「No.1」, 「No.1」, 「No.2」 (a typo) had all been taken, then the items numbered by position, the
    document's No.2 becoming No.3 and the lines gone under a false 「番号がない」; Nos. that repeat are read as before."""
    rows = [["○○計画（案）に対する意見募集の結果"], ["意見件数：3件"], []]
    for number, (comment, answer) in zip(["No.1", "No.1", "No.2"], _THREE):
        rows += [[number], ["ご意見", comment], ["本市の考え方", answer]]
    document = _labelled_sheet(tmp_path, rows)
    assert [(i.no, i.comment, i.answer, i.topic) for i in document.items] == [
        ("1", "バスを増やしてほしい。", "検討します。\nNo.1", None), ("2", "公園を整備してほしい。", "参考とします。\nNo.2", None),
        ("3", "道路を直してほしい。", "対応します。", None)]
    assert list(document.warnings) == [
        "ラベル（意見・回答）のない行「No.1…」は前の欄の続きとして読みました。原本を確認してください。",
        "ラベル（意見・回答）のない行「No.2…」は前の欄の続きとして読みました。原本を確認してください。", _BY_POSITION_3_ITEMS]
