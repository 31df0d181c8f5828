"""Published result tables: counts, hard rows, metadata and honest warnings."""

from __future__ import annotations

import pytest

from assistant.readers import read_document
from assistant.readers.cells import cell_paragraphs, merge_continuation
from tests.conftest import SEEDS


def items_of(seed: str):
    [document] = read_document(SEEDS[seed])
    return {item.no: item for item in document.items}


@pytest.mark.parametrize(("seed", "count"), [("000", 9), ("001", 10), ("003", 8), ("004", 8)])
def test_item_counts_per_seed(seed: str, count: int) -> None:
    [document] = read_document(SEEDS[seed])
    assert document.meta.kind == "table"
    assert [item.no for item in document.items] == [str(n) for n in range(1, count + 1)]


def test_003_no4_answer_continues_over_the_page_break() -> None:
    answer = items_of("003")["4"].answer
    assert "専用ソフトウェアによるHDD全体の消去" in answer
    assert "データ消去に関する証明書" in answer
    # The page break cut 「…ドリル等に」/「よる物理的な破碎…」: it is one paragraph again.
    assert "ハンマー、ドリル等による物理的な破碎" in answer
    assert len(items_of("003")["4"].answer_paragraphs) == 2


def test_003_no8_answer_continues_mid_word() -> None:
    paragraphs = items_of("003")["8"].answer_paragraphs
    assert len(paragraphs) == 3
    assert "マイナンバーの適正管理に係る監視・監督の実施" in paragraphs[1]


def test_004_no6_comment_ends_with_its_continuation() -> None:
    item = items_of("004")["6"]
    assert item.comment.endswith("その際の責任の所在や情報の取り戻し方を明らかにするべきだ。")
    assert "生活保護情報は非常にセンシティブ情報であり" in item.comment
    assert item.answer_paragraphs[1].startswith("また、札幌市が再委託先の管理監督について")


def test_000_no9_answer_has_two_paragraphs() -> None:
    paragraphs = items_of("000")["9"].answer_paragraphs
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("ご指摘いただいた事業全体の費用対効果については")
    assert paragraphs[1].startswith("情報主権については")


def test_plain_cell_splits_paragraphs_at_sentence_space() -> None:
    paragraphs = items_of("001")["8"].answer_paragraphs
    assert paragraphs[1].startswith("万が一、個人情報の漏洩があった場合の責任")
    assert len(paragraphs) == 2


def test_list_items_keep_their_bullets_without_doubling() -> None:
    comment = items_of("004")["8"].comment.split("\n")
    assert comment[0] == "国の「個人情報保護委員会」は十分に機能しているとは思えない。"
    assert comment[1].startswith("・各国に比較しても")
    assert all(not line.startswith("・・") for line in comment)


def test_layout_spaces_are_removed_from_published_text() -> None:
    assert items_of("001")["1"].comment.startswith("【システム総論】(他自治体で)アクセス権のある職員")


@pytest.mark.parametrize(
    ("seed", "title", "area", "department", "period", "declared"),
    [
        ("000", "介護保険に関する事務の特定個人情報保護評価書について寄せられたご意見と本市の考え方",
         "介護保険に関する事務", "保健福祉局高齢保健福祉部介護保険課", ("2025-11-12", "2025-12-11"), 9),
        ("001", "住民基本台帳事務に関する特定個人情報保護評価書について寄せられたご意見と本市の考え方",
         "住民基本台帳事務", "デジタル戦略推進局スマートシティ推進部住民情報課", ("2025-11-12", "2025-12-11"), 10),
        ("003", "国民健康保険事務に関する特定個人情報保護評価書について寄せられたご意見と本市の考え方",
         "国民健康保険事務", "保健福祉局保険医療部保険企画課", ("2020-06-15", "2020-07-14"), 11),
        ("004", "生活保護関係事務に関する特定個人情報保護評価書について寄せられたご意見と本市の考え方",
         "生活保護関係事務", "保健福祉局総務部保護自立支援課", ("2018-09-12", "2018-10-11"), 8),
    ],
)
def test_document_metadata(seed, title, area, department, period, declared) -> None:
    [document] = read_document(SEEDS[seed])
    meta = document.meta
    assert (meta.title, meta.area, meta.department) == (title, area, department)
    assert (meta.period_start, meta.period_end) == period
    assert meta.declared_count == declared
    assert meta.publisher == "札幌市"


def test_declared_count_mismatch_warns_and_keeps_rows() -> None:
    [document] = read_document(SEEDS["003"])
    assert len(document.items) == 8
    assert document.warnings == (
        "文書に記載の意見総数は11件ですが、表から読み取れた項目は8件です。類似意見をまとめた可能性があります。"
        "原本と照合してください（行の追加・削除はしていません）。",
    )


def test_more_items_than_the_declared_count_warns_without_blaming_merged_comments(tmp_path) -> None:
    """Fewer items than declared may be similar comments answered together; more cannot be: the warning said
    「類似意見をまとめた可能性があります」 either way."""
    document = read_text(tmp_path, "○○計画（案）に対する意見募集の結果\n意見総数　2件\nNo.\tご意見\t本市の考え方\n"
                                   "1\t料金を下げて。\t努めます。\n2\t耐震化を。\t進めます。\n3\t広報を。\t行います。\n")
    assert [item.no for item in document.items] == ["1", "2", "3"]
    assert document.warnings == (
        "文書に記載の意見総数は2件ですが、表から読み取れた項目は3件です。ご意見ではない行（参考の表、注記など）を項目として"
        "読んだか、一つのご意見が複数の項目に分かれた可能性があります。原本と照合してください（行の追加・削除はしていません）。",)


@pytest.mark.parametrize("seed", ["000", "001", "004"])
def test_matching_counts_give_no_warning(seed: str) -> None:
    [document] = read_document(SEEDS[seed])
    assert document.warnings == ()


def test_section_heading_becomes_topic() -> None:
    assert items_of("004")["1"].topic == "生活保護関係事務及び評価書に対するご意見"
    assert items_of("003")["1"].topic is None


def test_row_with_missing_cells_is_kept_with_a_warning(tmp_path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("題名\n\nNo.\t寄せられたご意見\t本市の考え方\n1\t意見です。\n2\t別の意見。\t回答です。\n", encoding="utf-8")
    [document] = read_document(path)
    assert [item.no for item in document.items] == ["1", "2"]
    assert document.items[0].answer_paragraphs == ()
    assert document.warnings == ("4行目: 列が2個しかありません（3列を想定）。足りない列は空として読みました。",)


def test_a_comment_cell_split_over_two_lines_by_a_copy_from_word_stays_one_row(tmp_path) -> None:
    """「2⇥駐車場が少ない。」 then 「土日は渋滞する。⇥駐車場は…」: the second line's first cell was the No. of a
    new item whose comment was item 2's answer."""
    path = tmp_path / "kekka.txt"
    path.write_text("題名\n\nNo.\tご意見の概要\t市の考え方\n1\t開館を延ばして。\t検討します。\n2\t駐車場が少ない。\n"
                    "土日は渋滞する。\t駐車場は80台です。\n3\t本を増やして。\t購入します。\n", encoding="utf-8")
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "開館を延ばして。", "検討します。"), ("2", "駐車場が少ない。\n土日は渋滞する。", "駐車場は80台です。"),
        ("3", "本を増やして。", "購入します。")]
    assert document.warnings == ("5行目: 行の途中で改行されていたため、6行目と合わせて1行として読みました。",)


def test_a_header_row_right_under_the_title_is_no_part_of_it(tmp_path) -> None:
    document = read_text(tmp_path, "公共交通計画（案）に対する意見募集の結果\nNo.\tご意見の概要\t本市の考え方\n1\t賛成です。\t進めます。\n")
    assert document.meta.title == "公共交通計画（案）に対する意見募集の結果"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])  # utf-16: Excel's 「Unicode テキスト」
def test_a_table_with_no_title_line_is_named_after_its_file_not_its_header(tmp_path, encoding) -> None:
    """Review of the README: the header row was taken for the title (「No.ご意見本市の考え方」), shown on every card."""
    path = tmp_path / "除雪計画の意見.txt"
    path.write_bytes("No.\tご意見\t本市の考え方\n1\t除雪を早くしてほしい。\t優先して除雪します。\n".encode(encoding))
    [document] = read_document(path)
    assert document.meta.title == "除雪計画の意見"
    assert [(item.no, item.comment) for item in document.items] == [("1", "除雪を早くしてほしい。")]


@pytest.mark.parametrize("first", ["除雪計画（案）について寄せられたご意見と本市の考え方\t\t\r\n\t\t\r\n",
                                   "\t除雪計画（案）について寄せられたご意見と本市の考え方\t\r\n"])
def test_a_title_excel_pads_with_tabs_stays_the_title(tmp_path, first) -> None:
    """Second reading: Excel saves its title row with tabs to the table's width (or before it, in B1); the rule
    for a table with no title line took that row for the table's and named the document after its file."""
    path = tmp_path / "kekka.txt"
    path.write_text(first + "No.\tご意見\t本市の考え方\r\n1\t除雪の回数を増やしてほしい。\t実施しています。\r\n", encoding="utf-8")
    [document] = read_document(path)
    assert document.meta.title == "除雪計画（案）について寄せられたご意見と本市の考え方"


def test_a_row_copied_from_excel_with_line_breaks_in_both_the_comment_and_the_answer(tmp_path) -> None:
    path = tmp_path / "kekka.txt"
    path.write_text('題名\n\nNo.\tご意見の概要\t市の考え方\n1\t"加入率が下がっている。\n若い世代への働きかけを。"\t"追記しました。\n'
                    'ＳＮＳで発信します。"\n2\t賛成です。\tありがとうございます。\n', encoding="utf-8")
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer_paragraphs) for i in document.items] == [
        ("1", "加入率が下がっている。\n若い世代への働きかけを。", ("追記しました。", "ＳＮＳで発信します。")),
        ("2", "賛成です。", ("ありがとうございます。",))]


def test_page_numbers_and_the_running_title_of_a_pdf_copied_as_text_stay_out_of_the_answers(tmp_path) -> None:
    document = read_text(tmp_path, "環境基本計画（案）意見募集結果\n\n1 【意見】学校の断熱を進めて。\n【市の考え方】計画的に進めます。なお、学校に\n"
                    "- 1 -\n環境基本計画（案）意見募集結果\nついては空調と合わせて実施します。\n2 【意見】講座を増やして。\n"
                    "【市の考え方】年20回に拡充します。\n- 2 -\n環境基本計画（案）意見募集結果\n")
    assert [(i.no, i.answer_paragraphs) for i in document.items] == [
        ("1", ("計画的に進めます。なお、学校に", "ついては空調と合わせて実施します。")), ("2", ("年20回に拡充します。",))]
    assert document.meta.title == "環境基本計画（案）意見募集結果"


def test_numbered_headings_and_a_numbered_list_inside_an_answer_in_numbered_text(tmp_path) -> None:
    """「２　展示について」 between items numbered 1-4 joined the answer before it, and a list 「1 …。」「2 …。」 inside
    an answer became items (the first lost, the second merged into the next comment)."""
    path = tmp_path / "kekka.txt"
    path.write_text("美術館構想（案）への意見募集結果\n\n１　開館時間について\n1 【意見】夜間開館を。\n【市の考え方】２０時まで開館します。\n"
                    "２　展示について\n2 【意見】トイレが不足している。\n【市の考え方】次の対策を進めます。\n1　携帯トイレを備蓄します。\n"
                    "2　マンホールトイレを整備します。\n3 【意見】体験型展示を。\n【市の考え方】実施します。\n", encoding="utf-8")
    [document] = read_document(path)
    assert [(i.no, i.topic, i.comment, i.answer_paragraphs) for i in document.items] == [
        ("1", "開館時間について", "夜間開館を。", ("２０時まで開館します。",)),
        ("2", "展示について", "トイレが不足している。", ("次の対策を進めます。", "1携帯トイレを備蓄します。", "2マンホールトイレを整備します。")),
        ("3", "展示について", "体験型展示を。", ("実施します。",))]
    assert document.warnings == ()


def read_text(tmp_path, text: str):
    path = tmp_path / "kekka.txt"
    path.write_text(text, encoding="utf-8")
    [document] = read_document(path)
    return document


def test_an_item_without_its_own_answer_label_keeps_the_items_after_it(tmp_path) -> None:
    """Items 2 and 3 share one answer: item 2 (no label of its own) is named in the warning, and items 3 and 4
    are read (they went into item 1's answer as a list)."""
    document = read_text(tmp_path, "交通計画（案）に対する意見募集の結果\n1 駐車場を増やしてほしい。\n（市の考え方）\n拡張を検討します。\n"
                                   "2 バスを増やしてほしい。\n3 バス停に屋根を。\n（市の考え方）\n2、3について協議します。\n"
                                   "4 自転車道を整備して。\n（市の考え方）\n順次整備します。\n")
    assert [(i.no, i.comment) for i in document.items] == [("1", "駐車場を増やしてほしい。"), ("3", "バス停に屋根を。"),
                                                           ("4", "自転車道を整備して。")]
    assert document.warnings[0].startswith("番号 2 の段落には回答の見出し")


def test_lines_beside_a_page_number_are_kept_unless_they_repeat_as_a_running_title(tmp_path) -> None:
    """「2 賛成です。」 after 「- 1 -」 is an item (digits aside, it repeats 「1 賛成です。」), and a lone 「P.12」 is text."""
    document = read_text(tmp_path, "図書館計画（案）に対する意見募集の結果\n1 賛成です。\n（市の考え方）\nありがとうございます。\n- 1 -\n"
                                   "2 賛成です。\n（市の考え方）\nありがとうございます。\n3 次の箇所を直して。\nP.12\n（市の考え方）\n"
                                   "修正します。\n- 2 -\n")
    assert [(i.no, i.comment) for i in document.items] == [("1", "賛成です。"), ("2", "賛成です。"), ("3", "次の箇所を直して。\nP.12")]


def test_a_list_in_an_answer_before_an_item_sharing_the_next_answer(tmp_path) -> None:
    """Item 2's answer lists 「1 …。」「2 …。」, and item 3 shares item 4's answer: item 3 is no list line 3 (items 4-5
    went into item 2's answer)."""
    document = read_text(tmp_path, "防災計画（案）に対する意見と市の考え方\n1 備蓄を増やして。\n（市の考え方）\n増やします。\n"
                                   "2 要配慮者への対応は。\n（市の考え方）\n次の取組を進めます。\n1 計画の作成を支援します。\n"
                                   "2 福祉避難所を拡充します。\n3 地図を多言語化して。\n4 地図を配って。\n（市の考え方）\n3及び4について改訂します。\n"
                                   "5 訓練を土日に。\n（市の考え方）\n調整します。\n")
    assert [(i.no, i.answer_paragraphs) for i in document.items] == [
        ("1", ("増やします。",)), ("2", ("次の取組を進めます。", "1計画の作成を支援します。", "2福祉避難所を拡充します。")),
        ("4", ("3及び4について改訂します。",)), ("5", ("調整します。",))]
    assert document.warnings[0].startswith("番号 3 の段落には回答の見出し")


def test_numbered_section_headings_that_skip_a_number_are_still_topics(tmp_path) -> None:
    document = read_text(tmp_path, "環境基本計画（案）に対する意見と市の考え方\n1 計画全体について\n1 目標年度を明記すべき。\n"
                                   "（市の考え方）\n明記します。\n3 温暖化対策について\n2 補助を拡充して。\n（市の考え方）\n引き上げます。\n")
    assert [(i.no, i.topic, i.answer) for i in document.items] == [
        ("1", "計画全体について", "明記します。"), ("2", "温暖化対策について", "引き上げます。")]


def test_a_stock_answer_sentence_at_page_ends_is_no_running_title(tmp_path) -> None:
    document = read_text(tmp_path, "交通計画（案）に対する意見と市の考え方\n1 本数を増やして。\n（市の考え方）\n協議します。\n"
                                   "今後の参考とさせていただきます。\n- 1 -\n2 屋根を付けて。\n（市の考え方）\n検討します。\n"
                                   "今後の参考とさせていただきます。\n- 2 -\n")
    assert [i.answer_paragraphs for i in document.items] == [
        ("協議します。", "今後の参考とさせていただきます。"), ("検討します。", "今後の参考とさせていただきます。")]


def test_a_short_text_no_under_a_row_with_too_few_cells_is_its_own_row(tmp_path) -> None:
    document = read_text(tmp_path, "題名\n\nNo.\tご意見の概要\t市の考え方\n1\t賛成です。\n再掲\t駐車場の件、再度要望します。\n")
    assert [(i.no, i.comment) for i in document.items] == [("1", "賛成です。"), ("再掲", "駐車場の件、再度要望します。")]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("<p>一つ目。</p> <p>二つ目。</p>", ["一つ目。", "二つ目。"]),
        ("<ul><li>項目A</li><li>・項目B</li></ul>", ["・項目A", "・項目B"]),
        ("一行目。<br>二行目。", ["一行目。", "二行目。"]),
        ("平文の回答です。 次の段落です。", ["平文の回答です。", "次の段落です。"]),
        ("&lt;script&gt; は文字列です。", ["<script>は文字列です。"]),
        ("<p>比較 x<y</p><p>条件は a<b<c です。<br>次に <script>alert(1)</script> と書く。</p>",
         ["比較x<y", "条件はa<b<cです。", "次にalert(1)と書く。"]),  # a tag in a fragment is one: a CMS escapes a citizen's
        ("<p class=MsoNormal>回答です。<o:p></o:p></p><p>地図<img src='x.png' alt='地図'>参照</p>",  # Word's HTML
         ["回答です。", "地図参照"]),
        ("", []),
    ],
)
def test_cell_paragraphs(cell: str, expected: list[str]) -> None:
    assert cell_paragraphs(cell) == expected


@pytest.mark.parametrize(
    ("previous", "more", "expected"),
    [
        (["途中で切れ"], ["た文。", "次。"], ["途中で切れた文。", "次。"]),
        (["終わった文。"], ["次の段落。"], ["終わった文。", "次の段落。"]),
        ([], ["最初。"], ["最初。"]),
        (["そのまま。"], [], ["そのまま。"]),
    ],
)
def test_merge_continuation(previous, more, expected) -> None:
    assert merge_continuation(previous, more) == expected


COPIED_PAGE = (
    "本文へ\n文字サイズ 標準 拡大\nホーム > 市政情報 > 広聴・パブリックコメント > 結果公表\n"
    "図書館計画（素案）に対する意見募集の結果について\n更新日：2024年6月20日\nページID：012345\n印刷ページ表示\n\n"
    "1 意見の募集期間\n令和6年5月1日（水）～令和6年5月31日（金）\n\n2 意見の提出状況\n意見総数 2件\n\n"
    "No.\tご意見の概要\t市の考え方\n{rows}\n\nこのページに関するお問い合わせ\n電話：011-000-0000\n"
)


def test_a_table_copied_from_a_browser_keeps_a_line_break_in_the_last_cell(tmp_path) -> None:
    path = tmp_path / "copied.txt"
    path.write_text(COPIED_PAGE.format(rows="1\t夜も開けて。\t検討します。\n当面は金曜日を延長します。\n2\t駐車場が狭い。\t難しい状況です。"),
                    encoding="utf-8")
    [document] = read_document(path)
    assert document.meta.title == "図書館計画（素案）に対する意見募集の結果について"  # not the page's skip link
    assert [(i.no, i.comment, i.answer_paragraphs) for i in document.items] == [
        ("1", "夜も開けて。", ("検討します。", "当面は金曜日を延長します。")), ("2", "駐車場が狭い。", ("難しい状況です。",))]
    assert document.warnings == ()


def test_a_table_copied_from_excel_is_unquoted(tmp_path) -> None:
    path = tmp_path / "copied.txt"
    path.write_text(COPIED_PAGE.format(rows='1\t夜も開けて。\t"検討します。\n当面は金曜日を延長します。"\n2\t"駐車場が""狭い""。"\t難しい状況です。'),
                    encoding="utf-8")
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer_paragraphs) for i in document.items] == [
        ("1", "夜も開けて。", ("検討します。", "当面は金曜日を延長します。")), ("2", '駐車場が"狭い"。', ("難しい状況です。",))]
    assert document.warnings == ()


def test_quotes_written_by_the_author_and_text_after_the_table_stay_as_they_are(tmp_path) -> None:
    path = tmp_path / "copied.txt"
    path.write_text(COPIED_PAGE.format(rows='1\t"AI"の活用を進めて。\t検討します。\n2\t"スマートシティを。\t調査します。\n'
                                            '3\t看板は12"以上に。\t基準を確認します。\n以上\nお問い合わせ先　都市計画課'),
                    encoding="utf-8")
    [document] = read_document(path)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", '"AI"の活用を進めて。', "検討します。"), ("2", '"スマートシティを。', "調査します。"),
        ("3", '看板は12"以上に。', "基準を確認します。")]



@pytest.mark.parametrize(("counts", "warned"), [(("1", "2", "1"), False), (("1", "1", "1"), True), (("1", "2", "-"), True)])
def test_a_column_counting_each_rows_comments_accounts_for_the_declared_count(tmp_path, counts, warned) -> None:
    rows = "".join(f"<tr><td>{no}</td><td>{n}</td><td>{comment}</td><td>{answer}</td></tr>" for no, n, (comment, answer) in zip(
        "123", counts, [("除雪を早くしてほしい。", "優先して除雪します。"), ("排雪の日程を知らせてほしい。", "ホームページでお知らせします。"),
                        ("歩道も除雪してほしい。", "通学路から除雪します。")]))
    path = tmp_path / "kekka.html"
    path.write_text("<html><body><h1>除雪計画の意見募集の結果</h1><p>意見総数 4件</p><table><tr><th>No.</th><th>件数</th>"
                    f"<th>ご意見の概要</th><th>市の考え方</th></tr>{rows}</table></body></html>", encoding="utf-8")
    [document] = read_document(path)
    assert [item.extra for item in document.items] == [{"件数": n} for n in counts]
    assert document.warnings == ((
        "文書に記載の意見総数は4件ですが、表から読み取れた項目は3件です。類似意見をまとめた可能性があります。"
        "原本と照合してください（行の追加・削除はしていません）。",) if warned else ())


def test_a_comment_cut_by_a_page_break_in_a_table_without_numbers_stays_one_item() -> None:
    from assistant.readers.grid import Cell, Row, read_grid

    def row(page, *texts, start=False):
        return Row(tuple(Cell((text,) if text else ()) for text in texts), page, table_start=start)

    header = ("項目", "意見の概要", "区の考え方")
    grid = read_grid([
        row(1, *header, start=True),
        row(1, "公園", "遊具を増やして", "検討します。"),
        row(1, "道路", "歩道を広げて", "計画に記載します。"),
        row(2, *header, start=True),  # the header repeated on the next page
        row(2, "", "ほしい。", ""),  # the rest of the comment the page break cut
        row(2, "交流", "国際交流を進めてほしい。", "取り組みます。"),
    ])
    assert [(item.no, item.comment, item.answer_paragraphs) for item in grid.items] == [
        ("1", "遊具を増やして", ("検討します。",)), ("2", "歩道を広げてほしい。", ("計画に記載します。",)),
        ("3", "国際交流を進めてほしい。", ("取り組みます。",))]
    assert grid.warnings == ["p.2: ページの先頭の、回答の欄が空の行を、No.2 のご意見の続きとして読みました。"
                             "別のご意見なら原本を確認してください。"]


def test_a_row_at_the_top_of_a_page_with_its_own_field_or_a_note_mark_in_a_comment_first_table_is_an_item() -> None:
    from assistant.readers.grid import Cell, Row, read_grid

    def row(page, *texts, start=False):
        return Row(tuple(Cell((text,) if text else ()) for text in texts), page, table_start=start)

    header = ("該当箇所", "意見の概要", "区の考え方")
    grid = read_grid([row(1, *header, start=True), row(1, "P.3", "バス路線を増やしてほしい。", "検討します。"),
                      row(2, *header, start=True), row(2, "P.5", "駅前の駐輪場を広げてほしい。", "")])
    assert [(item.comment, item.extra) for item in grid.items] == [
        ("バス路線を増やしてほしい。", {"該当箇所": "P.3"}), ("駅前の駐輪場を広げてほしい。", {"該当箇所": "P.5"})]
    grid = read_grid([row(1, "意見の概要", "区の考え方", start=True), row(1, "公園を増やして。", "検討します。"),
                      row(1, "※計画案の12ページの表の数字が誤っています。", "")])
    assert [item.comment for item in grid.items] == ["公園を増やして。", "※計画案の12ページの表の数字が誤っています。"]
    # a note in the 該当箇所 column under the table is no part of the last item's 該当箇所
    grid = read_grid([row(1, *header, start=True), row(1, "P.3", "バス路線を増やしてほしい。", "検討します。"),
                      row(1, "※ご意見は趣旨を損なわない範囲で要約しています。", "", "")])
    assert [(item.comment, item.extra) for item in grid.items] == [("バス路線を増やしてほしい。", {"該当箇所": "P.3"})]


def test_a_pasted_table_keeps_a_range_and_roman_numerals_in_its_no_as_the_drafts_do() -> None:
    """Review r1 #3: the No. of a tab-separated table is kept as the drafts keep it (「Ⅳ」, not the letters 「IV」;
    「3～5」, not 「3~5」), as the Word, Excel and CSV readers read it."""
    from assistant.readers.table import read_table

    text = ("No.\tご意見の概要\t市の考え方\n１\tベンチを。\t検討します。\n３〜５\t遊具を。\t更新します。\n"
            "Ⅳ－１\t木陰を。\t植樹します。\nⅩⅢ\tトイレを。\t設置します。\n")
    items, warnings = read_table(text)
    assert ([item.no for item in items], warnings) == (["1", "3～5", "Ⅳ-1", "ⅩⅢ"], [])


def test_a_cell_across_comment_and_answer_is_a_note_while_a_comment_cut_by_a_page_break_still_continues() -> None:
    """Review s48 #1/#6 in the grid: a note row across the table between Nos. 1 and 2 is said with the Nos. below it;
    the rest of No. 2's comment at the top of page 2 (its own column, No. empty) is joined; 「以下余白」 across the
    comment and answer columns joins nothing, without a word; a total 「合計　3件」 there is still the table's total."""
    from assistant.readers.docmeta import total_note
    from assistant.readers.grid import Cell, Row, read_grid

    def row(page, *texts, start=False, span=None):
        cells = [Cell((text,) if text else ()) for text in texts]
        if span:
            cells[span[0] + 1:span[1] + 1] = [Cell(merged_from_left=True)] * (span[1] - span[0])
        return Row(tuple(cells), page, table_start=start)

    header = ("No.", "ご意見の概要", "市の考え方")
    note = "※以下は期間後のご意見です。"
    for end, warning in (("以下余白", None), ("合計　3件", f"p.2: {total_note(3)}")):
        grid = read_grid([row(1, *header, start=True), row(1, "1", "公園を増やして。", "検討します。"),
                          row(1, note, "", "", span=(0, 2)), row(1, "2", "駅前の駐輪場を広げ", "拡張します。"),
                          row(2, *header, start=True), row(2, "", "てほしい。", ""), row(2, "3", "バスを。", "協議します。"),
                          row(2, "", end, "", span=(1, 2))])
        assert [(item.no, item.comment, item.answer) for item in grid.items] == [
            ("1", "公園を増やして。", "検討します。"), ("2", "駅前の駐輪場を広げてほしい。", "拡張します。"), ("3", "バスを。", "協議します。")]
        assert grid.warnings == [
            f"p.1: 表の途中の注記「{note}」は、ご意見ではないため項目に含めませんでした（前の項目にも加えていません）。"
            "後に続く No.2～3 に関わる注記なら、原本を確認してください。", *([warning] if warning else [])]


def _grid_row(page, *texts, start=False, span=None):
    """A grid row of one-paragraph cells (「a|b」 two paragraphs); ``span`` (first, last) merges those cells."""
    from assistant.readers.grid import Cell, Row

    cells = [Cell(tuple(text.split("|")) if text else ()) for text in texts]
    if span:
        cells[span[0] + 1:span[1] + 1] = [Cell(merged_from_left=True)] * (span[1] - span[0])
    return Row(tuple(cells), page, table_start=start)


_GRID_HEADER = ("No.", "ご意見の概要", "市の考え方")
_GRID_TOP = [_grid_row(1, *_GRID_HEADER, start=True), _grid_row(1, "1", "公園を増やして。", "検討します。"),
             _grid_row(1, "2", "駐輪場を広げてほしい。", "拡張を検討します。")]


@pytest.mark.parametrize(("rows", "expected"), [
    # the answer's last paragraph, alone at the top of page 2: under the table, and above No. 3
    ([_grid_row(2, *_GRID_HEADER, start=True), _grid_row(2, "", "", "以上です。")],
     [("2", "駐輪場を広げてほしい。", "拡張を検討します。\n以上です。")]),
    ([_grid_row(2, *_GRID_HEADER, start=True), _grid_row(2, "", "", "以上です。"), _grid_row(2, "3", "バスを。", "協議します。")],
     [("2", "駐輪場を広げてほしい。", "拡張を検討します。\n以上です。"), ("3", "バスを。", "協議します。")]),
    ([_grid_row(2, "", "", "以上")], [("2", "駐輪場を広げてほしい。", "拡張を検討します。\n以上")]),
    ([_grid_row(2, "", "", "（以上）")], [("2", "駐輪場を広げてほしい。", "拡張を検討します。\n（以上）")]),
    ([_grid_row(2, "", "以上", "")], [("2", "駐輪場を広げてほしい。\n以上", "拡張を検討します。")]),
])
def test_an_end_mark_alone_in_the_answer_or_the_comment_column_is_that_cells_last_paragraph(rows, expected) -> None:
    """Second reading of s48 #1: 「以上です。」 that a page break put on a row of its own, alone in the answer (or the
    comment) column, was taken for the table's end mark and dropped (without a word under the table, or with an untrue
    「表の途中の注記」 above No. 3). Only a cell spanning the comment and the answer columns (or the row) is an end mark;
    one column's cell is that cell's continuation, as before the fix."""
    from assistant.readers.grid import read_grid

    grid = read_grid([*_GRID_TOP, *rows])
    assert [(item.no, item.comment, item.answer) for item in grid.items][1:] == expected
    assert grid.warnings == []


@pytest.mark.parametrize(("heading", "topic"), [
    ("１　総論", "総論"), ("＜交通について＞", "＜交通について＞"), ("〇交通について", "〇交通について"),
    ("（1）公共交通について", "公共交通について"), ("■地域別構想", "■地域別構想"), ("【交通について】", "交通について")])
def test_a_group_heading_across_the_comment_and_answer_columns_is_a_topic_as_across_the_row(heading, topic) -> None:
    """Second reading of s48 #2: a group heading in one cell spanning the comment and the answer columns, the No. cell
    empty, was dropped and called 「表の途中の注記」; across the whole row it is a topic. Both are the same topic now."""
    from assistant.readers.grid import read_grid

    for span, cells in (((1, 2), ("", heading, "")), ((0, 2), (heading, "", ""))):
        grid = read_grid([*_GRID_TOP, _grid_row(1, *cells, span=span), _grid_row(1, "3", "バスを。", "協議します。")])
        assert [(item.no, item.comment, item.topic) for item in grid.items] == [
            ("1", "公園を増やして。", None), ("2", "駐輪場を広げてほしい。", None), ("3", "バスを。", topic)]
        assert grid.warnings == []


@pytest.mark.parametrize(("heading", "topic"), [("１　計画全体について", "計画全体について"), ("(1) 総論", "総論"),
                                              ("■総論", "■総論")])
def test_a_group_heading_across_the_comment_and_answer_columns_above_the_first_item_is_its_topic(heading, topic) -> None:
    """Final reading s10 #1: above the first item the same heading was read as an item 「?」 (its comment the heading,
    two warnings and a false count), and the items under it had no topic."""
    from assistant.readers.grid import read_grid

    grid = read_grid([_grid_row(1, *_GRID_HEADER, start=True), _grid_row(1, "", heading, "", span=(1, 2)),
                      _grid_row(1, "1", "公園を増やして。", "検討します。")])
    assert [(item.no, item.comment, item.topic) for item in grid.items] == [("1", "公園を増やして。", topic)]
    assert grid.warnings == []


_MIDDLE_NOTE = ("p.1: 表の途中の注記「{}」は、ご意見ではないため項目に含めませんでした（前の項目にも加えていません）。"
                "後に続く No.3 に関わる注記なら、原本を確認してください。")


@pytest.mark.parametrize("text", ["賛成です", "特になし", "よろしくお願いします", "駅前の駐輪場についても同様に要望します", "総論"])
def test_unmarked_words_across_the_comment_and_answer_columns_are_a_warned_note_not_a_topic(text) -> None:
    """Third reading of s48 #1: any short line without 「。」 across the comment and the answer columns, the No. empty,
    was taken for a group heading: 「賛成です」 left the items, became No. 3's topic, and nothing was said. Only a line
    with a heading's marks (a number, 【】, ＜＞, ■, 〇, 第…章) is a topic there; other words, a bare 「総論」 too (a
    comment's word as well as a heading's), are a note, left out and quoted. Across the whole row 「総論」 is a topic."""
    from assistant.readers.grid import read_grid

    grid = read_grid([*_GRID_TOP, _grid_row(1, "", text, "", span=(1, 2)), _grid_row(1, "3", "バスを。", "協議します。")])
    assert [(item.no, item.comment, item.topic) for item in grid.items] == [
        ("1", "公園を増やして。", None), ("2", "駐輪場を広げてほしい。", None), ("3", "バスを。", None)]
    assert grid.warnings == [_MIDDLE_NOTE.format(text)]
    if text == "総論":
        grid = read_grid([*_GRID_TOP, _grid_row(1, text, "", "", span=(0, 2)), _grid_row(1, "3", "バスを。", "協議します。")])
        assert ([item.topic for item in grid.items], grid.warnings) == ([None, None, "総論"], [])


@pytest.mark.parametrize(("text", "expected"), [
    ("2施策について", ("2", "2施策について")), ("1計画全体について", ("1", "1計画全体について")), ("3その他", ("3", "3その他")),
    ("1はじめに", ("1", "1はじめに")), ("10まちづくりの推進", ("10", "10まちづくりの推進")),
    ("2パブリックコメントの実施", ("2", "2パブリックコメントの実施")), ("3人権教育について", ("3", "3人権教育について")),
    ("2にぎわいのあるまち", ("2", "2にぎわいのあるまち")), ("2次募集で寄せられたご意見", ("2", "2次募集で寄せられたご意見")),
    ("2050年までに脱炭素を", None), ("2025年度の計画について意見です。", None), ("3R推進について賛成です。", None),
    ("3R推進について", None), ("1つ目の意見について", None), ("2点目として", None), ("3割の市民が", None),
    ("2か所目の公園", None), ("1ヶ月の延長", None), ("1カ月の延長", None), ("1の意見に賛成", None), ("1は賛成", None),
    ("2施策について。", None), ("2公園を増やしてほしい", None), ("1施策に賛成です", None), ("4-1について", None),
    ("1.5倍に", None), ("100周年記念事業", None), ("2施策について" + "あ" * 40, None), ("意見件数 5件", None),
])
def test_a_number_glued_to_a_headings_words_may_read_as_a_heading_without_a_plain_counter_or_a_sentence(text, expected) -> None:
    """Review: a PDF's text loses the 「　」 of 「２　施策について」; the glued 「2施策について」 may read as heading 2
    「2施策について」, its number kept in the title (in a run of such rows only: 「2次募集…」 shape-passes too), but a number with a plain counter, a
    particle or a letter (「2050年」, 「1つ目」, 「3R」, 「1の」), a sentence (「。」, a predicate at its end) or a long line
    does not."""
    from assistant.readers.grid import glued_number_heading

    heading = glued_number_heading(text)
    assert (None if heading is None else (heading.label, heading.title)) == expected


def _across_rows(first: str, second: str | None) -> list:
    """Header, ``first`` across the comment and answer columns, No. 1, then ``second`` so (if any) and No. 2."""
    rows = [_grid_row(1, *_GRID_HEADER, start=True), _grid_row(1, "", first, "", span=(1, 2)),
            _grid_row(1, "1", "公園を増やして。", "検討します。")]
    if second is not None:
        rows.append(_grid_row(1, "", second, "", span=(1, 2)))
    return [*rows, _grid_row(1, "2", "バスを。", "協議します。")]


@pytest.mark.parametrize("first", ["１計画全体について", "１　計画全体について", "1. 計画全体について"])
def test_glued_number_headings_in_a_run_across_the_comment_and_answer_columns_are_topics(first) -> None:
    """Review: 「２施策について」 (a PDF of 「２　施策について」) across the comment and the answer columns was a warned note,
    the items under it without a topic; 「１計画全体について」 above the first item an item 「?」. In a run numbered in
    order in the table (glued or spaced), each is a topic, as 「２　施策について」 is; a glued one keeps its number in its
    title (「２施策について」), a spaced one does not (「計画全体について」)."""
    from assistant.readers.grid import read_grid

    grid = read_grid(_across_rows(first, "２施策について"))
    assert [(item.no, item.comment, item.topic) for item in grid.items] == [
        ("1", "公園を増やして。", first if first == "１計画全体について" else "計画全体について"), ("2", "バスを。", "２施策について")]
    assert grid.warnings == []


_FIRST_NOTE = ["p.1: No.が空で、続きとみなす前の項目がありません。番号「?」の項目として読みました。",
               "No.?（p.1）: 回答（考え方）の欄が空です。原本を確認してください。"]


@pytest.mark.parametrize("text", [
    "２施策について", "２次募集で寄せられたご意見", "３地区合同説明会でのご意見", "２案に賛成", "５ページの図について",
    "１０周年記念事業について", "2050年までに脱炭素を", "２０２５年度の計画について意見です。", "3R推進について賛成です。",
    "１つ目の意見について", "２公園を増やしてほしい"])
def test_a_lone_numbered_line_across_the_comment_and_answer_columns_stays_a_warned_note(text) -> None:
    """Second reading: no list of counters is whole (「２次募集」, 「３地区」, 「２案」, 「５ページ」, 「１０周年」 became topics,
    the number cut, with no warning). A numbered line across the comment and the answer columns with no run of such
    rows in its table stays as before: a note left out and quoted inside the table, an item 「?」 with two warnings above
    the first item; nothing is lost."""
    from assistant.readers.grid import read_grid

    grid = read_grid([*_GRID_TOP, _grid_row(1, "", text, "", span=(1, 2)), _grid_row(1, "3", "バスを。", "協議します。")])
    assert [(item.no, item.topic) for item in grid.items] == [("1", None), ("2", None), ("3", None)]
    assert grid.warnings == [_MIDDLE_NOTE.format(text)]
    grid = read_grid(_across_rows(text, None))
    assert [(item.no, item.comment, item.topic) for item in grid.items] == [
        ("?", text, None), ("1", "公園を増やして。", None), ("2", "バスを。", None)]
    assert grid.warnings == _FIRST_NOTE


@pytest.mark.parametrize(("first", "second"), [
    ("１計画全体について", "３施策について"), ("２次募集で寄せられたご意見", "２案に賛成"), ("３地区合同説明会", "１施策について")])
def test_glued_numbers_out_of_order_across_the_comment_and_answer_columns_stay_warned_notes(first, second) -> None:
    """Two glued numbered lines whose numbers do not run in order (1 then 3, 2 then 2, 3 then 1) are no run: each
    stays as before."""
    from assistant.readers.grid import read_grid

    grid = read_grid(_across_rows(first, second))
    assert [(item.no, item.comment, item.topic) for item in grid.items] == [
        ("?", first, None), ("1", "公園を増やして。", None), ("2", "バスを。", None)]
    assert grid.warnings == [_FIRST_NOTE[0], _MIDDLE_NOTE.format(second).replace("No.3", "No.2"), _FIRST_NOTE[1]]


@pytest.mark.parametrize(("first", "second"), [
    ("１次募集でのご意見", "２次募集でのご意見"), ("１期計画について", "２期計画について"), ("１号線について", "２号線について"),
    ("１丁目地区", "２丁目地区")])
def test_glued_numbers_of_a_counter_in_order_keep_the_number_in_their_topics(first, second) -> None:
    """Third reading: a counter numbered in order (「１次募集…」, 「２次募集…」) passed the run test, and with the number cut
    both sections had the one topic 「次募集でのご意見」. A glued heading's title keeps its whole line: two topics."""
    from assistant.readers.grid import read_grid

    grid = read_grid([_grid_row(1, *_GRID_HEADER, start=True), _grid_row(1, "", first, "", span=(1, 2)),
                      _grid_row(1, "1", "公園を増やして。", "検討します。"), _grid_row(1, "2", "バスを。", "協議します。"),
                      _grid_row(1, "", second, "", span=(1, 2)), _grid_row(1, "3", "駐輪場を。", "拡張します。"),
                      _grid_row(1, "4", "街灯を。", "設置します。")])
    assert [(item.no, item.topic) for item in grid.items] == [("1", first), ("2", first), ("3", second), ("4", second)]
    assert grid.warnings == []


def test_glued_numbered_rows_between_items_in_order_keep_their_numbers() -> None:
    """Third reading: 「１名から意見」, 「２名から意見」 between items became the topic 「名から意見」 of Nos. 2 and 3; the
    number stays in each topic now."""
    from assistant.readers.grid import read_grid

    grid = read_grid([_grid_row(1, *_GRID_HEADER, start=True), _grid_row(1, "1", "公園を増やして。", "検討します。"),
                      _grid_row(1, "", "１名から意見", "", span=(1, 2)), _grid_row(1, "2", "バスを。", "協議します。"),
                      _grid_row(1, "", "２名から意見", "", span=(1, 2)), _grid_row(1, "3", "駐輪場を。", "拡張します。")])
    assert [(item.no, item.topic) for item in grid.items] == [("1", None), ("2", "１名から意見"), ("3", "２名から意見")]
    assert grid.warnings == []


@pytest.mark.parametrize("page", [None, 1])
def test_a_lone_glued_number_in_a_second_table_with_the_same_header_borrows_no_run_from_the_first(page) -> None:
    """Third reading: the run test's scan went back into an earlier table with the same header, so 「２次募集で寄せられた
    ご意見」 in table 2 ran on from table 1's 「１　計画全体について」 and became a topic without a warning. A run does not
    go on into another table (a Word file's next table, or a PDF's after text on its page): a warned note, as before."""
    from assistant.readers.grid import Line, read_grid

    grid = read_grid([_grid_row(page, *_GRID_HEADER, start=True), _grid_row(page, "", "１　計画全体について", "", span=(1, 2)),
                      _grid_row(page, "1", "公園を増やして。", "検討します。"), _grid_row(page, "2", "バスを。", "協議します。"),
                      Line("２　市民説明会でのご意見", page), _grid_row(page, *_GRID_HEADER, start=True),
                      _grid_row(page, "", "２次募集で寄せられたご意見", "", span=(1, 2)),
                      _grid_row(page, "3", "駐輪場を。", "拡張します。"), _grid_row(page, "4", "街灯を。", "設置します。")])
    assert [(item.no, item.topic) for item in grid.items] == [
        ("1", "計画全体について"), ("2", "計画全体について"), ("3", "市民説明会でのご意見"), ("4", "市民説明会でのご意見")]
    where = "表の4行目" if page is None else "p.1"
    assert grid.warnings == [f"{where}: 表の途中の注記「２次募集で寄せられたご意見」は、ご意見ではないため項目に含めませんでした"
                             "（前の項目にも加えていません）。後に続く No.3～4 に関わる注記なら、原本を確認してください。"]


def test_a_run_of_glued_numbers_goes_on_over_a_row_that_only_looks_like_a_header() -> None:
    """Third reading: a PDF whose header is not printed again on each page: the run test stopped at a row of the table
    whose words read as a header (「12｜意見｜市の考え方」), so 「２施策について」 under it was a warned note. A row whose No.
    cell holds a number is a row of the table, in the scan as in the reading."""
    from assistant.readers.grid import read_grid

    grid = read_grid([_grid_row(1, *_GRID_HEADER, start=True), _grid_row(1, "", "１施策について", "", span=(1, 2)),
                      _grid_row(1, "1", "公園を増やして。", "検討します。"), _grid_row(2, "12", "意見", "市の考え方", start=True),
                      _grid_row(2, "", "２施策について", "", span=(1, 2)), _grid_row(2, "13", "バスを。", "協議します。")])
    assert [(item.no, item.topic) for item in grid.items] == [
        ("1", "１施策について"), ("12", "１施策について"), ("13", "２施策について")]
    assert grid.warnings == []


@pytest.mark.parametrize(("text", "topic"), [
    ("2050年までに脱炭素を", "2050年までに脱炭素を"), ("２０２５年度の計画について意見です。", "２０２５年度の計画について意見です。"),
    ("3R推進について賛成です。", "3R推進について賛成です。"), ("１つ目の意見について", "1つ目の意見について"),
    ("２公園を増やしてほしい", "２公園を増やしてほしい"), ("２つながるまち", "２つながるまち"),
    ("1にぎわいのあるまち", "1にぎわいのあるまち"), ("３日常生活の支援", "３日常生活の支援"),
    ("１次募集でのご意見", "１次募集でのご意見")])
def test_a_numbered_line_across_the_whole_row_is_a_topic_labelled_as_before(text, topic) -> None:
    """Second reading: across the whole row any line is a topic, its number its label as before; only 「１つ目の…」 is
    no longer heading 「1」 「つ目の意見について」. Fourth reading: a number glued to its words is no longer cut off the
    topic (「１次募集…」 and 「２次募集…」 had read as one topic 「次募集…」): the whole line is the topic, as across the
    comment and answer columns (「２つながるまち」, 「3R推進…」)."""
    from assistant.readers.grid import read_grid

    grid = read_grid([*_GRID_TOP, _grid_row(1, text, "", "", span=(0, 2)), _grid_row(1, "3", "バスを。", "協議します。")])
    assert ([item.topic for item in grid.items], grid.warnings) == ([None, None, topic], [])


def _merged_word_table(path, across: str) -> None:
    """A Word answer table whose second row merges the comment and the answer cells around ``across``, No. empty."""
    from docx import Document

    word = Document()
    word.add_paragraph("意見募集の結果")
    table = word.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("No.", "ご意見の概要", "市の考え方")):
        cell.text = text
    for no, comment, answer in (("1", "公園を増やして。", "検討します。"), ("", across, ""),
                                ("2", "バスを増便して。", "協議します。"), ("3", "道を広げて。", "整備します。")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = no, comment, answer
        if not no:
            cells[1].merge(cells[2])
    word.save(path)


_READ_NOTE = ("表の2行目: 表の途中の注記「{}」は、ご意見ではないため項目に含めませんでした（前の項目にも加えていません）。"
              "後に続く No.2～3 に関わる注記なら、原本を確認してください。")
_LONG_NOTE = "同趣旨のご意見が他に" + "あ" * 195 + "件ありました。末尾の大事な文。"


@pytest.mark.parametrize("suffix", [".docx", ".html"])
@pytest.mark.parametrize(("across", "topic"), [
    ("駅前の駐輪場についても同様に要望します", None), ("賛成です", None), (_LONG_NOTE, None), ("（1）公共交通について", "公共交通について")])
def test_a_merged_cell_across_comment_and_answer_is_a_topic_only_with_a_headings_mark(tmp_path, suffix, across, topic) -> None:
    """Third reading of s48 #1/#2 in Word (a merged cell) and on a web page (colspan=2): 「駅前の駐輪場についても同様に
    要望します」 across the comment and answer columns became the topic of Nos. 2 and 3, without a word. It is a note,
    quoted whole (a 222-character note lost its tail past 200 characters: the warning is the only place that keeps it);
    「（1）公共交通について」 is still a topic."""
    path = tmp_path / f"kekka{suffix}"
    if suffix == ".docx":
        _merged_word_table(path, across)
    else:
        path.write_text("<html><body><h1>意見募集の結果</h1><table><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
                        "<tr><td>1</td><td>公園を増やして。</td><td>検討します。</td></tr>"
                        f"<tr><td></td><td colspan=2>{across}</td></tr>"
                        "<tr><td>2</td><td>バスを増便して。</td><td>協議します。</td></tr>"
                        "<tr><td>3</td><td>道を広げて。</td><td>整備します。</td></tr></table></body></html>", encoding="utf-8")
    [document] = read_document(path)
    assert [(item.no, item.comment, item.topic) for item in document.items] == [
        ("1", "公園を増やして。", None), ("2", "バスを増便して。", topic), ("3", "道を広げて。", topic)]
    assert document.warnings == (() if topic else (_READ_NOTE.format(across),))


def test_an_end_mark_closing_one_table_is_no_note_on_the_next_tables_rows() -> None:
    """Second reading of s48 #3: 「以下余白」 across the comment and answer columns under table 1 was said as 「表の途中の
    注記「以下余白」は…後に続く No.1～2 に関わる注記なら…」 about table 2's rows. An end mark qualifies no rows below."""
    from assistant.readers.grid import read_grid

    grid = read_grid([_grid_row(1, *_GRID_HEADER, start=True), _grid_row(1, "1", "公園を増やして。", "検討します。"),
                      _grid_row(1, "", "以下余白", "", span=(1, 2)), _grid_row(2, *_GRID_HEADER, start=True),
                      _grid_row(2, "1", "バスを。", "協議します。"), _grid_row(2, "2", "道を。", "整備します。"),
                      _grid_row(2, "", "以下余白", "", span=(1, 2))])
    assert [(item.no, item.comment) for item in grid.items] == [("1", "公園を増やして。"), ("1", "バスを。"), ("2", "道を。")]
    assert grid.warnings == ["No.1 が2回出てきます（p.1、p.2）。同じ番号のまま別々の項目として読みました。原本を確認してください。"]


def test_other_text_across_the_comment_and_answer_columns_is_left_out_and_quoted_whole_with_its_place() -> None:
    """Second reading of s48 #4: text across the comment and the answer columns with no No., neither an end mark nor a
    heading (「同趣旨のご意見が…」), is the table's, not the comment above's: it stays out of the items, and the warning,
    the one place that keeps it, quotes it whole (it quoted 30 characters) with its page."""
    from assistant.readers.grid import read_grid

    note = "同趣旨のご意見が他に3件ありました。なお、いただいたご意見は趣旨を損なわない範囲で要約しています。"
    grid = read_grid([*_GRID_TOP, _grid_row(1, "", note, "", span=(1, 2)), _grid_row(1, "3", "バスを。", "協議します。")])
    assert [(item.no, item.comment, item.answer) for item in grid.items] == [
        ("1", "公園を増やして。", "検討します。"), ("2", "駐輪場を広げてほしい。", "拡張を検討します。"), ("3", "バスを。", "協議します。")]
    assert grid.warnings == [f"p.1: 表の途中の注記「{note}」は、ご意見ではないため項目に含めませんでした（前の項目にも加えていません）。"
                             "後に続く No.3 に関わる注記なら、原本を確認してください。"]
