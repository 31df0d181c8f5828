"""A real published PDF (国土交通省, 6 pages), read as the ministry printed it.

The truth below was taken from the pages rendered as images (pdftoppm), not from the reader: group Ⅰ
holds items 1-3 and group Ⅱ items 1-35, numbering restarts in each group, items 2 and 3 of group Ⅰ
share one answer cell merged downward, the 該当箇所 cells are merged downward and continue across
pages with their label printed again, and only the header rows of pages 1 and 2 name the columns.

Then answer tables printed without vertical rules (Word tables without borders, horizontal rules only),
made with python-docx and printed by LibreOffice as cities do, read to the items typed in; a PDF
whose font maps ideographs to CJK radicals (⾷ for 食), written by hand; and a web page's answer table
printed to PDF by Chromium, whose rows page breaks cut.
"""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest

from assistant.errors import NoContentError
from assistant.readers.grid import Cell, read_grid
from assistant.ingest import ingest
from assistant.readers import read_document
from assistant.settings import REPO_ROOT

REAL = REPO_ROOT / "tests" / "fixtures" / "real" / "mlit_kotsu_seisaku_kihon_keikaku_iken.pdf"
GROUP_1 = "当該意見を踏まえて内容を修正するもの"
GROUP_2 = "その他の主な意見"
SHARED_ANSWER = (
    "頂いたご意見を踏まえ、第3章基本的方針Dに以下の記述を追加しました。【63ページ】",
    "2027年度に見込まれる自動運転タクシーや自動運転トラックの社会実装も見据えつつ、実証から事業化への移行を促進するため、"
    "制度整備及び全国における事業化の推進に取り組む。",
    "このため、政府全体の「モビリティ・ロードマップ2025」や国土交通省の交通政策審議会における議論を踏まえ、",
    "・一人が複数車両を遠隔監視する運行形態（１対N型）を見据えた、自動運転サービスの提供に当たって必要な管理受委託の適用や"
    "運行管理の要件の明確化",
    "・自動運転車を活用した事業における事故時の補償の在り方の明確化",
    "・運輸安全委員会における事故原因究明体制の構築に向けた取組",
    "等を実施する。",
    "また、「地域の足」「観光の足」の確保に有効な自動運転サービスについて、輸送力の大きい自動運転大型バスや面的にサービスを"
    "提供できる自動運転タクシーなどを用いた「質の高い」ものや、労働生産性の向上と担い手の処遇改善にも寄与する「１対N型」の"
    "ものに支援を重点化する。加えて、高速道路等の一部区間における自動運転トラックを活用した輸送の実装を後押しする。",
    "さらに、本格的な自動運転社会の早期実現を先導する方策と、そうした社会の到来が人々の暮らしや生活等に及ぼす影響や効果に"
    "ついて幅広く検討を行う。",
)


@pytest.fixture(scope="module")
def document():
    [parsed] = read_document(REAL)
    return parsed


def test_it_is_the_published_file() -> None:
    digest = hashlib.sha256(REAL.read_bytes()).hexdigest()
    assert digest == "3a8a5d26cb743b7df000469ceeb03bd860b6de679cfb340815ac515c77a6231a"


def test_item_count_per_group_with_restarting_numbers(document) -> None:
    assert Counter(item.topic for item in document.items) == {GROUP_1: 3, GROUP_2: 35}
    assert [item.no for item in document.items] == [str(n) for n in range(1, 4)] + [str(n) for n in range(1, 36)]
    assert [item.key for item in document.items] == [f"Ⅰ-{n}" for n in range(1, 4)] + [f"Ⅱ-{n}" for n in range(1, 36)]


def test_title_period_count_and_the_declared_count_warning(document) -> None:
    meta = document.meta
    assert meta.title == "交通政策基本計画（素案）に対する主な御意見（パブリックコメント）及びそれに対する考え方"
    assert (meta.kind, meta.period_start, meta.period_end, meta.declared_count) == ("table", "2025-10-31", "2025-11-21", 62)
    assert document.warnings == (
        "文書に記載の意見総数は62件ですが、表から読み取れた項目は38件です。類似意見をまとめた可能性があります。"
        "原本と照合してください（行の追加・削除はしていません）。",
    )


def test_first_item(document) -> None:
    first = document.items[0]
    assert (first.no, first.page, first.extra) == ("1", 1, {"該当箇所": "第２章"})
    assert first.comment == "「ジェンダー主流化」という用語に対する説明の深掘りを本計画に反映させることもしくは言い換えを求める意見"
    assert first.answer_paragraphs == (
        "頂いたご意見を踏まえ、第２章２．の脚注に以下の記述を追加しました。【14ページ】",
        "あらゆる分野でのジェンダー平等を達成するため、全ての政策、施策及び事業について、ジェンダーの視点を取り込むこと。"
        "（令和2年12月25日閣議決定））",
    )


def test_last_item(document) -> None:
    last = document.items[-1]
    assert (last.key, last.page, last.extra, last.topic) == ("Ⅱ-35", 6, {"該当箇所": "第４章等"}, GROUP_2)
    assert last.comment == "エビデンスに基づき、KPIを重視した交通政策立案が重要とするご意見"
    assert last.answer_paragraphs == (
        "第４章に、フォローアップに関する「手法の高度化」として御意見の趣旨はおおむね記述しているため、素案のとおりとし、"
        "計画の実施に当たりご意見を踏まえて適切に対処してまいります。",
    )


def test_answer_merged_down_goes_to_each_comment(document) -> None:
    second, third = document.items[1], document.items[2]
    assert second.comment == "2030年度に自動運転サービス車両数1万台が走るという目標に向けての具体的な国の施策を記述すべきとの意見"
    assert third.comment == (
        "2030年度に自動運転サービス車両数1万台という目標に向けて、中長期的なビジョンを持って施策を打ち出し、"
        "早期の本格的な自動運転の実装を求める意見"
    )
    assert second.answer_paragraphs == third.answer_paragraphs == SHARED_ANSWER
    assert second.extra == third.extra == {"該当箇所": "第３章\n基本的方針D"}


def test_merged_answer_is_one_template_used_by_both(store) -> None:
    ingest([REAL], store)
    first, second = [p for p in store.precedents() if p.id.endswith(("-I-2", "-I-3"))]
    assert first.template_ids == second.template_ids
    assert len(set(first.template_ids)) == len(SHARED_ANSWER)
    assert [t.n_precedents for t in store.templates() if t.id == first.template_ids[0]] == [2]


def test_rows_continued_across_pages(document) -> None:
    """The 該当箇所 cell 「第３章 基本的方針A等」 is merged down over items 4-11 across pages 2 and 3 (and
    「…D等」 over 24-34 across pages 5 and 6): the next page repeats it, and no page break adds, drops or
    splits an item."""
    by_key = {item.key: item for item in document.items}
    assert [(by_key[k].page, by_key[k].extra["該当箇所"]) for k in ("Ⅱ-4", "Ⅱ-5", "Ⅱ-11")] == [
        (2, "第３章\n基本的方針A等"), (3, "第３章\n基本的方針A等"), (3, "第３章\n基本的方針A等")]
    assert [(by_key[k].page, by_key[k].extra["該当箇所"]) for k in ("Ⅱ-28", "Ⅱ-29", "Ⅱ-34")] == [
        (5, "第３章\n基本的方針D等"), (6, "第３章\n基本的方針D等"), (6, "第３章\n基本的方針D等")]
    assert Counter(item.page for item in document.items) == {1: 3, 2: 4, 3: 7, 4: 8, 5: 9, 6: 7}
    assert by_key["Ⅱ-4"].answer_paragraphs[-1] == (
        "引き続き、全国での交通空白の解消に向け、地域交通の担い手や移動の足の確保の取組を強力に進めてまいります。")


def test_cell_lines_are_joined_without_spaces_and_paragraphs_kept(document) -> None:
    by_key = {item.key: item for item in document.items}
    assert by_key["Ⅱ-3"].comment == (
        "人口減少を悲観的にとらえるのではなく、好機としてとらえ、日本全国のインフラの充実(新幹線のさらなる延長、"
        "交通空白の解決、水道管老朽対策など)、交通従事者への給与、労働環境、処遇を強める事で質の良い労働力の確保と育成を目指す。"
        "高市政権の掲げる「積極財政」と「強い日本」を具体化してゆく政策を進めて頂きたい。"
    )
    assert by_key["Ⅱ-24"].comment == "BIM/CIM（Building/Construction Infoemation Modeling,Management）のさらなる普及促進を求める意見"
    assert len(by_key["Ⅱ-4"].answer_paragraphs) == 5


def test_extra_columns_never_enter_the_comment(document) -> None:
    assert all(not item.comment.startswith("第") and "該当箇所" not in item.comment for item in document.items)
    assert {tuple(item.extra) for item in document.items} == {("該当箇所",)}


def test_progress_is_reported_per_page() -> None:
    seen = []
    read_document(REAL, progress=lambda page, pages: seen.append((page, pages)))
    assert seen == [(page, 6) for page in range(1, 7)]


def test_stored_precedents_keep_file_and_page(store) -> None:
    ingest([REAL], store)
    last = store.precedents()[-1]
    assert (last.no, last.page, last.extra, last.source_file) == ("35", 6, {"該当箇所": "第４章等"}, REAL.name)
    assert last.location == f"{REAL.name} p.6"
    assert last.id.endswith("-II-35")


# --- answer tables without vertical rules ---------------------------------------------------------
# Cities print Word tables whose borders were removed, tables with horizontal rules only, and Excel
# sheets without borders; pdfplumber finds no table in them (it needs the drawn lines). These files
# are made as a city makes them (python-docx / openpyxl, printed by LibreOffice) and must read to the
# items that were typed in.
UNRULED_TITLE = "駅前広場再整備基本計画（案）に対する意見募集の結果について"
UNRULED_ITEMS = [
    ("1", ["駅前広場の再整備にあたり、バスとタクシーの乗降場を分けて、歩行者が安全に通行できるようにしてほしい。"],
     ["乗降場の配置は、交通事業者と協議しながら基本設計の中で検討します。", "歩行者の動線は、横断箇所を減らす方向で見直します。"]),
    ("2", ["自転車の駐輪場が不足している。"],
     ["駐輪場は、広場の東側に約300台分を新たに整備する計画です。"]),
    ("3", ["広場に日よけとベンチを設けてほしい。夏は日差しが強く、バスを待つ間に休める場所がない。"],
     ["ご意見を踏まえ、第3章に次の記述を追加しました。", "・バス乗降場の上屋を延長し、ベンチを設けること",
      "・植栽による緑陰を確保すること"]),
    ("4", ["工事中の迂回路を分かりやすく案内してほしい。"],
     ["工事の段階ごとに、案内図を現地と市のホームページに掲示します。"]),
]
# Cells whose sentences wrap so that one printed line reads 「…住民の意見を十分に聞いてから決めて」 beside
# 「…検討します。基本的な考え方は第2章のとおりで」: both pieces name a column's role as a header does.
WRAPPED_ITEMS = [
    ("1", ["計画に賛成です。"], ["ありがとうございます。"]),
    ("2", ["バス路線の再編に当たっては、沿線の住民の意見を十分に聞いてから決めてほしい。"],
     ["路線の再編は、利用状況や将来の需要を踏まえて検討します。基本的な考え方は第2章のとおりです。再編の際には、"
      "地域での説明会を開催します。"]),
    ("3", ["終電を延長してほしい。"], ["保守作業の時間確保が必要なため、困難です。"]),
    ("4", ["運賃を下げてほしい。"], ["運賃は事業者が定めるものです。"]),
    ("5", ["自転車道を整備してほしい。"], ["第3章に記載のとおり整備を進めます。"]),
]
# Group rows spanning the table (「第1章　戦略の位置付け」) between rows; five columns, 該当箇所 and 区分 among them.
CHAPTER_HEADERS = ("No.", "該当箇所", "ご意見の概要", "区分", "市の考え方")
CHAPTER_WIDTHS = (12, 22, 60, 12, 64)
CHAPTER_ROWS = [
    "第1章　戦略の位置付け",
    (["1"], ["P.3"], ["計画の目標値が低すぎるのではないか。"], ["A"], ["ご意見を踏まえ、目標値を見直しました。"]),
    (["2"], ["P.4"], ["他都市の先進事例を参考にすべきである。"], ["B"], ["財源については、国の交付金等を活用しながら確保に努めます。"]),
    (["3"], ["P.5"], ["市民参加の機会を増やしてほしい。"], ["A"], ["計画の推進に当たっては、市民との協働により取り組んでまいります。"]),
    "第2章　現状と課題",
    (["4"], ["P.6"], ["高齢者の移動手段の確保が必要だ。"], ["B"], ["関係部局と連携し、検討してまいります。"]),
    (["5"], ["P.7"], ["情報発信を強化してほしい。"], ["A"], ["計画の第4章に記載しております。"]),
    (["6"], ["P.8"], ["専門家の意見を聞くべきだ。"], ["B"], ["ご意見は今後の施策の参考とさせていただきます。"]),
]
# The last comment wraps so that its last line alone 「要だ。」 is printed on the next page, under the header printed
# again, beside an empty 該当箇所 cell.
TAIL_ANSWER = "計画の推進に当たっては、市民との協働により進めます。"
TAIL_ROWS = [
    (["1"], ["第1章"], ["計画の目標値が低すぎるのではないか。"], ["A"], [TAIL_ANSWER] * 24),
    (["2"], ["第2章"], ["専門家の意見を聞くべきだ。"], ["B"], ["計画の第4章に記載。"] * 4),
    (["3"], [""], ["市民参加の機会を増やしてほしい。高齢者の移動手段の確保が必要だ。"], ["B"], [TAIL_ANSWER] * 12),
]
NOTE_AFTER = ("※ いただいたご意見は、趣旨を損なわない範囲で要約して掲載しています。また、同じ趣旨のご意見はまとめて"
              "掲載しています。")


# Two tables of one header, the second on a new page with other column widths (14/50/106 mm against 14/78/78 mm).
FIRST_TABLE = [(["1"], ["計画全体の目標値が低すぎるのではないか。"], ["ご意見を踏まえ、目標値を見直しました。"]),
               (["2"], ["市民参加の機会を増やしてほしい。"], ["ワークショップを開催します。"])]
SECOND_TABLE = [
    (["3"], ["バス停の上屋を整備してほしい。"],
     ["バス事業者と協議し、利用者の多いバス停から順次整備を進めてまいります。なお、整備にあたっては道路管理者とも調整します。"]),
    (["4"], ["コミュニティバスの運行本数を増やしてほしい。"],
     ["利用状況を踏まえ、運行計画の見直しの中で検討してまいります。ご理解をお願いします。"]),
    (["5"], ["駅前の駐輪場が不足している。"], ["民間事業者の活用も含め、駐輪場の確保に向けて検討を進めます。"])]
# A chapter row of 52 characters, wrapping to two lines in its merged cell.
WRAPPED_CHAPTER = "第1章　計画の基本的な考え方（計画策定の趣旨、計画の位置付け、計画期間、目指すべき将来都市像と基本目標）"
WRAPPED_CHAPTER_ROWS = [WRAPPED_CHAPTER, *FIRST_TABLE, "第2章　現状と課題",
                        *SECOND_TABLE]


def _borders(table, edges: set[str]) -> None:
    """Table borders as a city leaves them: only ``edges`` (top, bottom, insideH, …) drawn, the rest removed."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblBorders")):
        properties.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single" if edge in edges else "nil")
        if edge in edges:
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    properties.append(borders)


def _unruled_docx(rows, edges: set[str], headers=("No.", "ご意見の概要", "市の考え方"), widths=(14, 78, 78),
                  center_numbers: bool = False, note_under: str | None = None, repeat: bool = False,
                  after: tuple[tuple[str, bool], ...] = (), then=None):
    """A Word table as a city types it; a row given as a string (「第1章　戦略の位置付け」) is one cell merged across
    the table, a group heading. ``after``: (text, right-aligned) paragraphs right under the table; ``then``: a heading,
    rows and widths of a second table of the same header on a new page."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    from scripts.make_fixtures import _set_cell, answer_table, new_document, page_numbers, paragraph

    document = new_document()
    page_numbers(document, "dash")
    paragraph(document, UNRULED_TITLE, size=14, bold=True, center=True)
    paragraph(document, "1 意見募集期間　令和7年4月1日（火）から令和7年4月30日（水）まで")
    paragraph(document, "2 ご意見の概要と市の考え方")
    table = answer_table(document, headers, [([row],) if isinstance(row, str) else row for row in rows], widths,
                         repeat=repeat)
    for row, values in zip(table.rows[1:], rows):
        if isinstance(values, str):
            _set_cell(row.cells[0].merge(row.cells[-1]), [values])
    _borders(table, edges)
    if center_numbers:
        for row in table.rows[1:]:
            row.cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if note_under:  # a short note right under the table, indented a little: it fits the column gaps
        from docx.shared import Mm

        paragraph(document, note_under).paragraph_format.left_indent = Mm(30)
    for text, right in after:
        paragraph(document, text, right=right)
    if then:
        from scripts.make_fixtures import page_break

        heading, second, second_widths = then
        page_break(document)
        paragraph(document, heading)
        _borders(answer_table(document, headers, second, second_widths), edges)
    paragraph(document, "")
    paragraph(document, NOTE_AFTER)
    paragraph(document, "以上", right=True)
    return document


def _long_unruled_rows(count: int):
    from scripts.make_fixtures import long_rows

    return [(no[0], comment, answer) for no, comment, answer in long_rows(count)]


def _labelled_rows():
    """Long rows whose answers begin 「回答1：」: a line of such a row names a comment and an answer."""
    return [(no, comment, [f"回答{no}：{answer[0]}", *answer[1:]]) for no, comment, answer in _long_unruled_rows(12)]


# The long rows under three chapters, the second a chapter label in brackets without a space (「【第2章】施策の展開」,
# whole the topic, as the Word file and a ruled table give it).
LONG_CHAPTERS = {1: ("第1章　計画の基本的な考え方", "計画の基本的な考え方"), 5: ("【第2章】施策の展開", "【第2章】施策の展開"),
                 10: ("第3章　計画の推進", "計画の推進")}


def _chaptered(rows):
    found = []
    for no, comment, answer in rows:
        if int(no) in LONG_CHAPTERS:
            found.append(LONG_CHAPTERS[int(no)][0])
        found.append(([no], comment, answer))
    return found


@pytest.fixture(scope="module")
def unruled_pdfs(tmp_path_factory):
    """The Word files above printed to PDF by LibreOffice, in one run."""
    from scripts.make_fixtures import to_pdf

    folder = tmp_path_factory.mktemp("unruled")
    three = ("No.", "ご意見の概要", "市の考え方")
    wrapped = ("No.", "ご意見の概要", "本市の考え方")
    documents = {
        "borderless": _unruled_docx([([no], c, a) for no, c, a in UNRULED_ITEMS], set()),
        "hrules_long": _unruled_docx([([no], c, a) for no, c, a in _long_unruled_rows(12)], {"top", "bottom", "insideH"}),
        "no_number_column": _unruled_docx([(c, a) for _, c, a in UNRULED_ITEMS], set(), headers=three[1:], widths=(85, 85)),
        "centred_numbers": _unruled_docx([([no], c, a) for no, c, a in UNRULED_ITEMS], set(), center_numbers=True),
        "short_note": _unruled_docx([([no], c, a) for no, c, a in UNRULED_ITEMS], set(), widths=(50, 60, 60),
                                    note_under="※意見は原文を要約しています。"),
        "borderless_long": _unruled_docx([([no], c, a) for no, c, a in _long_unruled_rows(12)], set(), repeat=True),
        "borderless_labelled": _unruled_docx([([no], c, a) for no, c, a in _labelled_rows()], set(), repeat=True),
        "wrapped_borderless": _unruled_docx([([no], c, a) for no, c, a in WRAPPED_ITEMS], set(), headers=wrapped,
                                            widths=(14, 70, 86)),
        "wrapped_hrules": _unruled_docx([([no], c, a) for no, c, a in WRAPPED_ITEMS], {"top", "bottom", "insideH"},
                                        headers=wrapped, widths=(14, 70, 86)),
        "chapters_hrules": _unruled_docx(CHAPTER_ROWS, {"top", "bottom", "insideH"}, headers=CHAPTER_HEADERS,
                                         widths=CHAPTER_WIDTHS),
        "chapters_borderless": _unruled_docx([row if isinstance(row, str) else (row[0], row[2], row[4])
                                              for row in CHAPTER_ROWS], set(), widths=(12, 80, 78)),
        "chapters_long": _unruled_docx(_chaptered(_long_unruled_rows(12)), set(), repeat=True),
        "page_tail": _unruled_docx(TAIL_ROWS, set(), headers=CHAPTER_HEADERS, widths=CHAPTER_WIDTHS, repeat=True),
        "other_widths": _unruled_docx(FIRST_TABLE, set(), then=("３　計画以外のご意見", SECOND_TABLE, (14, 50, 106))),
        "after_contact": _unruled_docx([([no], c, a) for no, c, a in UNRULED_ITEMS], set(),
                                       after=(("【担当】", False), ("○○市 都市計画課 計画係", True))),
        "after_schedule": _unruled_docx([([no], c, a) for no, c, a in UNRULED_ITEMS], set(),
                                        after=(("■今後の予定", False), ("令和7年6月　計画策定", False),
                                               ("令和7年7月　公表", False))),
        "chapter_wrapped": _unruled_docx(WRAPPED_CHAPTER_ROWS, set()),
        "chapter_pages": _unruled_docx(["第1章　計画の概要（P.1～P.10）", *FIRST_TABLE, "第2章　施策の展開（P.11～P.30）",
                                        *SECOND_TABLE], set()),
        "two_levels": _unruled_docx(["第1章　計画の基本的な考え方", "第1節　計画の目的", *FIRST_TABLE, "第2節　計画期間",
                                     *SECOND_TABLE], set()),
    }
    for name, document in documents.items():
        document.save(folder / f"{name}.docx")
    to_pdf([folder / f"{name}.docx" for name in documents], folder)
    return {name: folder / f"{name}.pdf" for name in documents}


def _items(document):
    return [(item.no, item.comment, item.answer_paragraphs) for item in document.items]


def test_borderless_word_table_is_read_from_character_positions(unruled_pdfs) -> None:
    [document] = read_document(unruled_pdfs["borderless"])
    assert _items(document) == [(no, "\n".join(c), tuple(a)) for no, c, a in UNRULED_ITEMS]
    assert (document.meta.title, document.meta.kind, document.warnings) == (UNRULED_TITLE, "table", ())
    assert {item.page for item in document.items} == {1}


def test_text_after_a_borderless_table_stays_out_of_the_last_row(unruled_pdfs) -> None:
    """The note under the table crosses the column gaps and 「以上」 ends the table: neither joins item 4."""
    [document] = read_document(unruled_pdfs["borderless"])
    assert document.items[-1].answer_paragraphs == ("工事の段階ごとに、案内図を現地と市のホームページに掲示します。",)
    assert document.items[-1].comment == "工事中の迂回路を分かりやすく案内してほしい。"


def test_a_short_note_right_under_a_borderless_table_stays_out_of_the_last_row(unruled_pdfs) -> None:
    """「※意見は原文を要約しています。」 indented under the table fits the gaps between the columns (it starts
    inside the No. column and ends inside the comment column); it joined the last comment without a word."""
    [document] = read_document(unruled_pdfs["short_note"])
    assert _items(document) == [(no, "\n".join(c), tuple(a)) for no, c, a in UNRULED_ITEMS]


def test_horizontal_rules_only_table_over_pages(unruled_pdfs) -> None:
    """Rows ruled above and below only, the header on the first page only, rows 5 and 9 breaking across
    pages with their lines running into the footer band, and 「- 1 -」 in the footer left out."""
    import pdfplumber

    with pdfplumber.open(unruled_pdfs["hrules_long"]) as pdf:
        assert len(pdf.pages) >= 2 and all(not page.find_tables() for page in pdf.pages)
    [document] = read_document(unruled_pdfs["hrules_long"])
    assert _items(document) == [(no, "\n".join(c), tuple(a)) for no, c, a in _long_unruled_rows(12)]
    assert document.warnings == ()
    assert [item.page for item in document.items] == [1] * 5 + [2] * 4 + [3] * 3


@pytest.mark.parametrize("name", ["borderless_long", "borderless_labelled"])
def test_a_borderless_table_over_pages_with_its_header_repeated(unruled_pdfs, name) -> None:
    """No rules at all, the header printed again on every page, rows breaking across pages: each page's first
    lines before a number are the rest of the row before (they made the page unreadable, and a row whose
    lines read 「…について意見」 and 「回答1：…」 was taken for a header, refusing the file)."""
    [document] = read_document(unruled_pdfs[name])
    rows = _long_unruled_rows(12) if name == "borderless_long" else _labelled_rows()
    assert _items(document) == [(no, "\n".join(c), tuple(a)) for no, c, a in rows]
    assert document.warnings == ()


@pytest.mark.parametrize("name", ["wrapped_borderless", "wrapped_hrules"])
def test_a_wrapped_line_naming_opinion_and_view_is_a_line_of_its_row_not_a_new_header(unruled_pdfs, name) -> None:
    """Row 2's second printed line reads 「住民の意見を十分に聞いてから決めて」 beside 「検討します。基本的な考え方は第2章
    のとおりで」, which name the comment and the answer as a header does: it was taken for a new table's header, that
    table (no No. column) was dropped, row 2 kept its first line only and rows 3-5 were lost; with horizontal rules
    only, without a warning."""
    import pdfplumber

    from assistant.readers.layout import char_rows
    from assistant.readers.unruled import header_cells

    with pdfplumber.open(unruled_pdfs[name]) as pdf:
        [page] = pdf.pages
        headers = [header for header in map(header_cells, char_rows(page.chars)) if header is not None]
    assert len(headers) == 2  # the header and the wrapped line of row 2 both read as one
    [document] = read_document(unruled_pdfs[name])
    assert _items(document) == [(no, "\n".join(c), tuple(a)) for no, c, a in WRAPPED_ITEMS]
    assert document.warnings == ()


def test_borderless_table_without_a_number_column_is_refused_saying_why(unruled_pdfs) -> None:
    with pytest.raises(NoContentError) as raised:
        read_document(unruled_pdfs["no_number_column"])
    assert raised.value.reason == (
        "PDF の中に、縦の罫線のない表（No.・ご意見・考え方などの見出し行がある表）がありますが、文字の位置から"
        "列と行を読み分けられませんでした（p.1: No.の列も横の罫線もないため、行の区切りが分かりません）。"
        "元の Word・Excel ファイルを取り込んでください（PDF しかない場合は、表に縦横の罫線を付けて PDF にし直してください）。"
    )
    assert "意見募集の結果を公表した資料か確認してください" not in raised.value.reason


def test_borderless_table_with_vertically_centred_numbers_is_refused_not_misread(unruled_pdfs) -> None:
    """A number in the middle of its row cannot tell where the row starts: no guessing."""
    with pytest.raises(NoContentError) as raised:
        read_document(unruled_pdfs["centred_numbers"])
    assert "p.1: 番号が行の先頭の高さにないため、どの行のご意見・回答か決められません" in raised.value.reason


def _chapter_items(rows, five: bool = True):
    """(No., comment, answer, topic, extra) of each item typed in, under the chapter row above it."""
    found, topic = [], None
    for row in rows:
        if isinstance(row, str):
            topic = row.split("　")[-1].split("】")[-1]
            continue
        no, place, comment, kind, answer = row
        extra = ({"該当箇所": place[0]} if place[0] else {}) | {"区分": kind[0]} if five else {}
        found.append((no[0], "\n".join(comment), tuple(answer), topic, extra))
    return found


@pytest.mark.parametrize("name", ["chapters_hrules", "chapters_borderless"])
def test_chapter_rows_spanning_a_table_without_vertical_rules_are_group_headings(unruled_pdfs, name) -> None:
    """「第1章　戦略の位置付け」 printed across the table from the No. column on: with horizontal rules only (five
    columns), its words set the column borders, the item rows no longer kept to them and the table stored 0 items (the
    Word file reads 6); without rules (three columns), the chapter rows became items No.「第1章」 and No.「第2章」."""
    [document] = read_document(unruled_pdfs[name])
    five = name == "chapters_hrules"
    rows = CHAPTER_ROWS if five else [row if isinstance(row, str) else (row[0], [], row[2], [], row[4])
                                      for row in CHAPTER_ROWS]
    assert [(item.no, item.comment, item.answer_paragraphs, item.topic, item.extra) for item in document.items] == \
        _chapter_items(rows, five)
    assert [item.key for item in document.items] == [None] * 6
    assert document.warnings == ()


def test_chapter_rows_of_a_borderless_table_over_pages_with_its_header_repeated(unruled_pdfs) -> None:
    """Chapter rows before rows 1, 5 and 10 of twelve long rows over three pages: rows 1-4 under the first chapter were
    lost (the 40-row result table lost its items 1-3)."""
    [document] = read_document(unruled_pdfs["chapters_long"])
    topics = [LONG_CHAPTERS[max(at for at in LONG_CHAPTERS if at <= int(no))][1] for no, _, _ in _long_unruled_rows(12)]
    assert [(*item, document.items[index].topic) for index, item in enumerate(_items(document))] == [
        (no, "\n".join(c), tuple(a), topic) for (no, c, a), topic in zip(_long_unruled_rows(12), topics)]
    assert document.warnings == ()
    [word] = read_document(unruled_pdfs["chapters_long"].with_suffix(".docx"))
    assert [item.topic for item in word.items] == topics


def test_the_last_line_of_a_comment_carried_to_the_next_page_stays_in_the_comment(unruled_pdfs) -> None:
    """Row 3's comment wraps so that only 「要だ。」 is printed on page 2, under the header printed again, beside the
    row's empty 該当箇所 cell: the borders set from page 2's lines alone put it in 該当箇所 (comment 「…確保が必」,
    該当箇所 「要だ。」, without a word). The borders the rows set on page 1 hold on page 2."""
    import pdfplumber

    with pdfplumber.open(unruled_pdfs["page_tail"]) as pdf:
        first, second = (page.extract_text() for page in pdf.pages[:2])
    assert "確保が必" in first and "要だ" not in first and second.split("\n")[1].startswith("要だ。")
    [document] = read_document(unruled_pdfs["page_tail"])
    assert [(item.no, item.comment, item.answer_paragraphs, item.topic, item.extra) for item in document.items] == \
        _chapter_items(TAIL_ROWS)
    assert [item.page for item in document.items] == [1, 1, 1]
    assert document.warnings == ()


def test_a_table_of_the_same_header_and_other_widths_on_the_next_page_sets_its_own_borders(unruled_pdfs) -> None:
    """A second table on a new page with the same column names and other widths: it kept the first table's borders,
    its rows crossed them and were lost without a word (3 of 5 items)."""
    [document] = read_document(unruled_pdfs["other_widths"])
    assert _items(document) == [(no[0], c[0], tuple(a)) for no, c, a in FIRST_TABLE + SECOND_TABLE]
    assert [item.page for item in document.items] == [1, 1, 2, 2, 2]
    assert document.warnings == ()


@pytest.mark.parametrize("name", ["after_contact", "after_schedule"])
def test_a_heading_and_short_lines_after_a_borderless_table_end_it(unruled_pdfs, name) -> None:
    """「【担当】」 then a right-aligned 「○○市 都市計画課 計画係」, or 「■今後の予定」 then 「令和7年6月　計画策定」, under the
    table: the heading was taken for a row spanning the table and the file refused (「番号が行の先頭の高さにない」), or
    the lines became items No.「令和7」. No numbered row follows the heading: the table ends there."""
    [document] = read_document(unruled_pdfs[name])
    assert _items(document) == [(no, "\n".join(c), tuple(a)) for no, c, a in UNRULED_ITEMS]
    assert document.warnings == ()


def test_a_chapter_row_wrapping_to_two_lines_is_one_group_heading(unruled_pdfs) -> None:
    """The chapter row's second line (「…市像と基本目標）」) was read as a row's line: it moved the column borders and
    every row after it was lost (0 items, the file accepted). It is the heading's, as the Word file reads it."""
    import pdfplumber

    with pdfplumber.open(unruled_pdfs["chapter_wrapped"]) as pdf:
        assert "市像と基本目標）" in pdf.pages[0].extract_text().split("\n")[5]
    [document] = read_document(unruled_pdfs["chapter_wrapped"])
    topic = WRAPPED_CHAPTER.split("　", 1)[1].replace("（", "(").replace("）", ")")
    assert [(*item, document.items[index].topic) for index, item in enumerate(_items(document))] == [
        (no[0], c[0], tuple(a), topic if index < 2 else "現状と課題")
        for index, (no, c, a) in enumerate(FIRST_TABLE + SECOND_TABLE)]
    assert document.warnings == ()
    [word] = read_document(unruled_pdfs["chapter_wrapped"].with_suffix(".docx"))
    assert [item.topic for item in word.items] == [item.topic for item in document.items]


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_chapter_rows_naming_their_pages_are_group_headings(unruled_pdfs, suffix) -> None:
    """「第1章　計画の概要（P.1～P.10）」: the page numbers at its end read as a count, so the row was no section and became
    an item No.「第1章」 (and No.「第2章」), with two warnings, in the PDF and the Word file alike."""
    [document] = read_document(unruled_pdfs["chapter_pages"].with_suffix(suffix))
    assert [(*item, document.items[index].topic) for index, item in enumerate(_items(document))] == [
        (no[0], c[0], tuple(a), "計画の概要(P.1~P.10)" if index < 2 else "施策の展開(P.11~P.30)")
        for index, (no, c, a) in enumerate(FIRST_TABLE + SECOND_TABLE)]
    assert document.warnings == ()


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_a_chapter_row_right_over_a_section_row_is_a_group_heading_too(unruled_pdfs, suffix) -> None:
    """Final reading 218: 「第1章」 right over 「第1節」 was no heading, the table going on under the 第1節 only, so the PDF
    gave an item No.「第1章」 with an empty answer and a warning; the Word file reads the two as headings."""
    [document] = read_document(unruled_pdfs["two_levels"].with_suffix(suffix))
    assert [(*item, document.items[index].topic) for index, item in enumerate(_items(document))] == [
        (no[0], c[0], tuple(a), "計画の目的" if index < 2 else "計画期間")
        for index, (no, c, a) in enumerate(FIRST_TABLE + SECOND_TABLE)]
    assert document.warnings == ()


def _chars(top: float, pieces: list[tuple[float, str]], size: float = 10.0) -> list[dict]:
    """Characters of one printed line, as pdfplumber gives them: each piece of text starts at its x."""
    return [{"text": char, "x0": x + k * size, "x1": x + (k + 1) * size, "top": top, "bottom": top + size, "size": size}
            for x, text in pieces for k, char in enumerate(text)]


def _row(top: float, no: str, comment: str, answer: str) -> list[dict]:
    return _chars(top, [(60, no), (100, comment), (320, answer)])


def test_a_borderless_table_goes_on_after_a_group_heading_at_the_top_of_the_next_page() -> None:
    from assistant.readers.unruled import read_unruled

    first = read_unruled([(_chars(60, [(60, "No."), (100, "ご意見の概要"), (320, "市の考え方")]), False),
                          (_row(80, "1", "駐輪場を増やして。", "検討します。"), False),
                          (_row(780, "2", "公園が狭い。", "拡張します。"), False)], [], 595, 1, None)
    assert first.open is not None  # the table runs to the bottom of page 1
    second = read_unruled([(_chars(60, [(60, "２　その他の意見について、以下のとおりまとめました")]), False),
                           (_row(80, "3", "図書館を増やして。", "予定はありません。"), False)], [], 595, 2, first.open)
    assert [[cell.paragraphs for cell in row.cells] for _, rows in second.tables for row in rows] == [
        [("3",), ("図書館を増やして。",), ("予定はありません。",)]]  # the rows were lost without a word


def test_a_line_naming_roles_goes_on_in_its_row_mid_table_and_at_the_top_of_the_next_page() -> None:
    """Lines of a row that hold 意見 and 考え方 in short pieces, inside the table and first on the next page (the row
    breaking across the page), stay in the row; the header printed again at the top of a page still starts the table."""
    from assistant.readers.unruled import read_unruled

    header = (_chars(60, [(60, "No."), (100, "ご意見の概要"), (320, "市の考え方")]), False)
    first = read_unruled([header, (_row(80, "1", "駐輪場の増設について、", "ご意見の趣旨を踏まえて、"), False),
                          (_chars(92, [(100, "住民の意見を聞いて"), (320, "基本的な考え方は第2章の")]), False),
                          (_chars(104, [(320, "とおりとします。")]), False),
                          (_row(780, "2", "公園が狭いので", "拡張の"), False)], [], 595, 1, None)
    assert first.failed == [] and first.open is not None
    second = read_unruled([(_chars(60, [(100, "住民の意見を聞いて"), (320, "基本的な考え方を整理")]), False),
                           (_row(80, "3", "図書館を増やして。", "予定はありません。"), False)], [], 595, 2, first.open)
    assert [[cell.paragraphs for cell in row.cells] for _, rows in [*first.tables, *second.tables] for row in rows] == [
        [("No.",), ("ご意見の概要",), ("市の考え方",)],
        [("1",), ("駐輪場の増設について、住民の意見を聞いて",), ("ご意見の趣旨を踏まえて、基本的な考え方は第2章のとおりとします。",)],
        [("2",), ("公園が狭いので",), ("拡張の",)],
        [(), ("住民の意見を聞いて",), ("基本的な考え方を整理",)],
        [("3",), ("図書館を増やして。",), ("予定はありません。",)]]
    repeated = read_unruled([header, (_row(80, "3", "図書館を増やして。", "予定はありません。"), False)], [], 595, 2,
                            first.open)
    assert [[cell.paragraphs for cell in row.cells] for _, rows in repeated.tables for row in rows] == [
        [("No.",), ("ご意見の概要",), ("市の考え方",)], [("3",), ("図書館を増やして。",), ("予定はありません。",)]]


def test_a_line_from_the_no_column_reading_as_a_section_spans_the_table_only_where_it_leaves_the_columns() -> None:
    """「Ⅰ　計画全般について」 from the No. column across the comment column's start, and 「Ⅱ　その他について」 whose words
    start off the comment column's text, are rows spanning the table (a ruled table's merged cell: the text in the first
    cell, the others merged into it); 「ア｜バス路線について｜路線図について」 reads as a section too, but keeps to the
    columns: a row, No.「ア」."""
    from assistant.readers.unruled import read_unruled

    header = (_chars(60, [(60, "No."), (100, "ご意見の概要"), (320, "市の考え方")]), False)
    lines = [header, (_chars(80, [(60, "Ⅰ"), (80, "計画全般について")]), False),
             (_row(100, "1", "駅前広場を広げて。", "検討します。"), False),
             (_row(120, "ア", "バス路線について", "路線図について"), False),
             (_chars(140, [(60, "Ⅱ"), (93, "その他について")]), False),
             (_row(160, "2", "公園が狭い。", "拡張します。"), False)]
    page = read_unruled(lines, [], 595, 1, None)
    assert page.failed == []
    merged = Cell(merged_from_left=True)
    assert [row.cells for _, rows in page.tables for row in rows] == [
        (Cell(("No.",)), Cell(("ご意見の概要",)), Cell(("市の考え方",))),
        (Cell(("Ⅰ計画全般について",)), merged, merged),
        (Cell(("1",)), Cell(("駅前広場を広げて。",)), Cell(("検討します。",))),
        (Cell(("ア",)), Cell(("バス路線について",)), Cell(("路線図について",))),
        (Cell(("Ⅱその他について",)), merged, merged),
        (Cell(("2",)), Cell(("公園が狭い。",)), Cell(("拡張します。",)))]
    items = read_grid([row for _, rows in page.tables for row in rows]).items
    assert [(item.no, item.topic, item.comment) for item in items] == [
        ("1", "計画全般について", "駅前広場を広げて。"), ("ア", "計画全般について", "バス路線について"),
        ("2", "その他について", "公園が狭い。")]


def test_a_heading_from_the_no_column_spans_the_table_only_where_the_table_goes_on_under_it() -> None:
    """「■その他」 right over the next table's header is that table's group heading; 「【担当】」 with a short line under it
    and no numbered row after ends the table and stays page text (the file had been refused: 「番号が行の先頭の高さにない」)."""
    from assistant.readers.unruled import read_unruled

    header = (_chars(60, [(60, "No."), (100, "ご意見の概要"), (320, "市の考え方")]), False)
    between = read_unruled([header, (_row(80, "1", "駐輪場を増やして。", "検討します。"), False),
                            (_chars(100, [(60, "■その他")]), False), (header[0], False),
                            (_row(140, "1", "公園が狭い。", "拡張します。"), False)], [], 595, 1, None)
    merged = Cell(merged_from_left=True)
    assert between.failed == [] and [row.cells for _, rows in between.tables for row in rows][1:4] == [
        (Cell(("1",)), Cell(("駐輪場を増やして。",)), Cell(("検討します。",))), (Cell(("■その他",)), merged, merged),
        (Cell(("No.",)), Cell(("ご意見の概要",)), Cell(("市の考え方",)))]
    after = read_unruled([header, (_row(80, "1", "駐輪場を増やして。", "検討します。"), False),
                          (_chars(100, [(60, "【担当】")]), False), (_chars(120, [(400, "都市計画課")]), False)],
                         [], 595, 1, None)
    assert after.failed == [] and [[cell.paragraphs for cell in row.cells] for _, rows in after.tables for row in rows] == [
        [("No.",), ("ご意見の概要",), ("市の考え方",)], [("1",), ("駐輪場を増やして。",), ("検討します。",)]]


def test_in_a_ruled_table_without_numbers_only_column_names_start_a_new_table() -> None:
    """Rows told apart by horizontal rules, no No. column: a wrapped line naming 意見 and 考え方 stays in its row (it
    was made a row of its own, a header row, and the row's last line another row); a header printed again starts a
    new table."""
    from assistant.readers.unruled import read_unruled

    def line(top: float, comment: str, answer: str) -> tuple[list[dict], bool]:
        return _chars(top, [(100, comment), (320, answer)]), False

    lines = [line(60, "ご意見の概要", "市の考え方"), line(80, "駐輪場の増設について、", "ご意見の趣旨を踏まえて、"),
             line(92, "住民の意見を聞いて", "基本的な考え方は第2章の"), (_chars(104, [(320, "とおりとします。")]), False),
             line(130, "公園が狭い。", "拡張します。"), line(160, "ご意見の概要", "市の考え方"),
             line(180, "図書館を増やして。", "予定はありません。")]
    rules = [(95, 520, y) for y in (56, 75, 120, 150, 156, 175, 200)]
    page = read_unruled(lines, rules, 595, 1, None)
    assert page.failed == []
    assert [[[cell.paragraphs for cell in row.cells] for row in rows] for _, rows in page.tables] == [
        [[("ご意見の概要",), ("市の考え方",)],
         [("駐輪場の増設について、住民の意見を聞いて",), ("ご意見の趣旨を踏まえて、基本的な考え方は第2章のとおりとします。",)],
         [("公園が狭い。",), ("拡張します。",)]],
        [[("ご意見の概要",), ("市の考え方",)], [("図書館を増やして。",), ("予定はありません。",)]]]


# --- CJK radicals a PDF puts for ideographs ------------------------------------------------------------
def _radical_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text is ``lines``, set in a font whose ToUnicode map gives each character as typed
    (a radical stays a radical), as a PDF printed by Chrome carries 「⾷」 for 食."""
    chars = sorted({char for line in lines for char in line})
    code = {char: index + 1 for index, char in enumerate(chars)}
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /R def /CMapType 2 def\n"
            "1 begincodespacerange <00> <FF> endcodespacerange\n"
            f"{len(chars)} beginbfchar\n" + "".join(f"<{code[c]:02X}> <{ord(c):04X}>\n" for c in chars)
            + "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end")
    text = "".join(f"BT /F1 {14 if index == 0 else 10} Tf 50 {780 - 30 * index} Td <{''.join(f'{code[c]:02X}' for c in line)}> Tj ET\n"
                   for index, line in enumerate(lines))
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
               f"<< /Length {len(text)} >>\nstream\n{text}endstream",
               f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 1 /LastChar {len(chars)} "
               f"/Widths [{' '.join(['1000'] * len(chars))}] /ToUnicode 6 0 R >>",
               f"<< /Length {len(cmap)} >>\nstream\n{cmap}\nendstream"]
    out, offsets = "%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out.encode("latin-1")))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out.encode("latin-1"))
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def test_cjk_radicals_a_pdf_carries_for_ideographs_are_read_as_the_ideographs(tmp_path) -> None:
    """Chrome and Word print 食 and 見 in some fonts as the radicals ⾷ (U+2FB7) and ⾒ (U+2F92): the stored text held
    look-alikes that a search for 食育 never finds (⼦ and ⾏ likewise)."""
    path = tmp_path / "kekka.pdf"
    path.write_bytes(_radical_pdf(["第2次⾷育推進計画に対する意⾒と市の考え方", "【意見】朝⾷を⾷べない⼦どもが多い。",
                                   "【市の考え方】⾷育の授業を⾏います。"]))
    [document] = read_document(path)
    assert document.meta.title == "第2次食育推進計画に対する意見と市の考え方"
    assert [(i.comment, i.answer) for i in document.items] == [("朝食を食べない子どもが多い。", "食育の授業を行います。")]


def test_radicals_of_the_supplement_block_and_word_s_symbol_bullets_are_read_as_shown(tmp_path) -> None:
    """NFKC maps almost none of the CJK Radicals Supplement: a Chrome-printed PDF's 市⺠ (U+2EA0), 市⻑ (U+2ED1), ⻄口
    (U+2EC4) and ⻘少年 (U+2ED8) were stored as such, and a search for 住民 found nothing; the bullets of a Word list
    (Symbol's U+F0B7) were kept as private-use characters."""
    path = tmp_path / "kekka.pdf"
    path.write_bytes(_radical_pdf(["市⺠の意⾒と市の考え方", "【意見】市⻑と市⺠が話す場を⻄口に。⻘少年も。",
                                   "【市の考え方】\uf0b7対話集会を開きます。"]))
    [document] = read_document(path)
    assert document.meta.title == "市民の意見と市の考え方"
    assert [(i.comment, i.answer) for i in document.items] == [("市長と市民が話す場を西口に。青少年も。", "・対話集会を開きます。")]


@pytest.mark.parametrize("name", ["fee_table.pdf", "fee_table.docx"])
def test_a_table_inside_an_answer_cell_stays_in_that_answer(name) -> None:
    """A fee table inside an answer cell, in the first row and again on the second page, where Word does not
    repeat the header: the PDF reader made each of its rows an item of its own (19 items for 13 comments,
    「No. 手数料: 現行 → 改定後」) and left its text garbled in the answer; the Word reader gave one paragraph per
    cell. Both now give one paragraph per row, as the web reader does."""
    [document] = read_document(REPO_ROOT / "tests" / "fixtures" / "published" / name)
    assert [i.no for i in document.items] == [str(n) for n in range(1, 14)]
    assert [(i.comment, i.answer_paragraphs) for i in document.items[:3]] == [
        ("手数料の値上げに反対する。", ("改定後の手数料は次のとおりです。", "手数料／現行／改定後", "住民票の写し／300円／350円",
                                      "印鑑登録証明書／300円／350円", "ご理解をお願いします。")),
        ("値上げの理由を説明してほしい。", ("人件費等の上昇を反映したものです。",)), ("減免制度を設けてほしい。", ("生活保護世帯は減免します。",))]
    assert document.items[12].answer_paragraphs == document.items[0].answer_paragraphs
    assert document.warnings == ()


@pytest.mark.parametrize("name", ["boxed_table.pdf", "boxed_table.docx"])
def test_the_answer_table_inside_a_layout_box_is_read(name) -> None:
    """A box (a caption row over a cell holding the answer table): the Word file was refused, and the PDF, once
    tables inside a cell were read as that cell's paragraphs, was refused too."""
    [document] = read_document(REPO_ROOT / "tests" / "fixtures" / "published" / name)
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "街路樹を増やしてほしい。", "計画に基づき植樹を進めます。"), ("2", "公園の遊具を点検してほしい。", "定期的な点検を行います。")]
    assert (document.meta.title, document.meta.declared_count, document.warnings) == (
        "札幌市緑の基本計画（案）に対する意見募集の結果", 2, ())


# --- a web page's answer table printed to PDF by Chromium ------------------------------------------------
BROWSER_TITLE = "緑川市立図書館運営方針（案）に対する意見募集の結果"
BROWSER_ITEMS = [
    (str(n), f"図書館{n}号館の開館時間を夜まで延ばしてほしい。平日は仕事で利用できないためです。",
     (f"図書館{n}号館の開館時間については、利用者アンケートの結果を踏まえ検討します。",
      "夜間の開館に必要な職員体制と経費について、指定管理者と協議してまいります。" * 5,
      "なお、返却ポストは終日ご利用いただけます。" * 4))
    for n in range(1, 13)
]


def _browser_page(collapse: bool, header_repeated: bool) -> str:
    """The result page as a city's site shows it: a ruled table (collapsed borders as a style sheet draws them, or
    the separate borders of ``border="1"``), its header row in <thead> (repeated on each printed page) or not."""
    from html import escape

    style = ("table{border-collapse:collapse;width:100%} td,th{border:1px solid #000;padding:4px;vertical-align:top}"
             if collapse else "table{width:100%} td{vertical-align:top}")
    header = "<tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
    rows = "".join(f"<tr><td>{no}</td><td>{escape(comment)}</td><td>{''.join(f'<p>{escape(text)}</p>' for text in answer)}"
                   "</td></tr>" for no, comment, answer in BROWSER_ITEMS)
    head = f"<thead>{header}</thead><tbody>" if header_repeated else f"<tbody>{header}"
    return (f"<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'><title>{BROWSER_TITLE}</title><style>{style}</style>"
            f"</head><body><h1>{BROWSER_TITLE}</h1><p>意見募集期間：令和6年10月1日から令和6年10月31日まで</p>"
            f"<table border='1'>{head}{rows}</tbody></table><p>※ご意見は要約して掲載しています。</p></body></html>")


@pytest.fixture(scope="module")
def browser_pdfs(tmp_path_factory):
    """The pages above printed to PDF by real Chromium (「PDF に保存」 in Chrome or Edge), A4 with 10 mm margins."""
    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    folder = tmp_path_factory.mktemp("browser")
    pages = {"collapsed_thead": (True, True), "separate_no_thead": (False, False)}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        for name, (collapse, header_repeated) in pages.items():
            (folder / f"{name}.html").write_text(_browser_page(collapse, header_repeated), encoding="utf-8")
            page.goto((folder / f"{name}.html").as_uri())
            page.pdf(path=folder / f"{name}.pdf", format="A4",
                     margin={side: "10mm" for side in ("top", "right", "bottom", "left")})
        browser.close()
    return {name: folder / f"{name}.pdf" for name in pages}


@pytest.mark.parametrize("name", ["collapsed_thead", "separate_no_thead"])
def test_rows_a_page_break_cuts_in_a_browser_printed_table_are_kept(browser_pdfs, name) -> None:
    """Chromium prints a row cut by a page break with no rule under it at the page's end (and its part on the next
    page with no rule over it when the header is not repeated): pdfplumber's table ended at the last rule, and the
    row's text was loose page text, dropped, and its rest on the next page joined to the item before (8 items of 12
    here, without a warning); without a repeated header, the rest alone on a page was no table, and the tables after
    the first cut were skipped (2 items of 12)."""
    [document] = read_document(browser_pdfs[name])
    assert [(i.no, i.comment, i.answer_paragraphs) for i in document.items] == BROWSER_ITEMS
    assert (document.meta.title, document.warnings) == (BROWSER_TITLE, ())


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "orientation": "v" if x0 == x1 else "h"}


def test_a_table_is_closed_only_where_its_rules_end_beyond_the_page_text_and_never_across_two_tables() -> None:
    """Two ruled tables side by side, their column rules running on below their last rules to y=700: each is closed
    there on its own when no text lies below (a page break), and neither when page text goes on below."""
    from assistant.readers.pdf import _open_ends

    edges = [_edge(50, 100, 250, 100), _edge(50, 150, 250, 150), _edge(300, 100, 500, 100), _edge(300, 150, 500, 150),
             *(_edge(x, 100, x, 700) for x in (50, 100, 250, 300, 350, 500))]
    closing = [(rule["x0"], rule["x1"], rule["top"]) for rule in _open_ends(edges, (110.0, 690.0))]
    assert closing == [(50, 250, 700.0), (300, 500, 700.0)]
    assert _open_ends(edges, (110.0, 720.0)) == []
