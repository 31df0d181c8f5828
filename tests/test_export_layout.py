"""Publishable exports: the Word file and the Excel sheet print as the published tables do (A4 portrait,
No. narrow, the title once, the header row on every page); the Word file printed by LibreOffice stays
inside the page."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from assistant.export import MARGIN_MM, AnswerTable, column_shares, export_docx, export_xlsx, no_pieces, table_heading

TITLE = "除雪計画（素案）に対するご意見と本市の考え方"
PERIOD = "令和8年1月5日～令和8年2月4日"
ANSWER = ("除雪計画では、幹線道路は降雪10センチメートルを目安に出動し、生活道路は地域の皆様と相談しながら"
          "計画的に除雪を進めてまいります。\n排雪については、交差点の見通しを確保するため、優先順位を付けて実施します。")


@pytest.fixture
def long_table() -> AnswerTable:
    """Enough rows for three or more A4 pages, with a long unbroken word in one answer."""
    rows = [(str(n), f"除雪の回数を増やしてほしい（{n}件目）。通学路の歩道が狭く、子どもが車道を歩いています。", ANSWER)
            for n in range(1, 31)]
    rows.append(("31", "URLの確認", "詳しくは https://www.city.example.lg.jp/" + "kensetsu/" * 12 + " をご覧ください。"))
    return AnswerTable(TITLE, PERIOD, tuple(rows))


def test_docx_is_a4_portrait_with_a_narrow_no_column_a_repeated_header_and_the_title_once(long_table) -> None:
    data = export_docx(long_table)
    document = Document(io.BytesIO(data))
    size = document.element.body.sectPr.find(qn("w:pgSz"))
    assert (size.get(qn("w:w")), size.get(qn("w:h")), size.get(qn("w:orient"))) == ("11906", "16838", None)
    grid = document.element.body.find(qn("w:tbl")).find(qn("w:tblGrid"))
    widths = [int(col.get(qn("w:w"))) for col in grid.findall(qn("w:gridCol"))]
    assert [round(w / sum(widths), 2) for w in widths] == [0.08, 0.40, 0.52]
    assert widths[0] < widths[2] and sum(widths) <= 11906 - 2 * 1134  # inside the 20 mm margins
    rows = document.tables[0].rows
    assert [row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None for row in rows[:2]] == [True, False]
    assert [p.text for p in document.paragraphs if p.text] == [TITLE, f"（意見募集期間：{PERIOD}）"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert body.count("本市の考え方") == 2  # the title and the header cell, nothing appended to the title


def to_pdf(docx: bytes, folder: Path) -> Path:
    """Print our own generated file with LibreOffice (headless, a private profile, list arguments)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) が必要です。bash scripts/setup-system.sh を実行してください。"
    source = folder / "answers.docx"
    source.write_bytes(docx)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                       check=True, capture_output=True, timeout=300)
    return folder / "answers.pdf"


def test_docx_printed_by_libreoffice_is_a4_and_stays_inside_the_page(long_table, tmp_path) -> None:
    with pdfplumber.open(to_pdf(export_docx(long_table), tmp_path)) as pdf:
        assert len(pdf.pages) >= 3
        for page in pdf.pages:
            x0, y0, x1, y1 = page.mediabox
            assert (round(x1 - x0), round(y1 - y0)) == (595, 842)  # A4 portrait in points
            outside = [c["text"] for c in page.chars
                       if c["x0"] < 0 or c["x1"] > page.width or c["top"] < 0 or c["bottom"] > page.height]
            assert outside == []
            margin = 20 / 25.4 * 72 - 1
            assert min(c["x0"] for c in page.chars) >= margin - 6  # text inside the margin (cell padding aside)
            assert max(c["x1"] for c in page.chars) <= page.width - margin + 6
            header = page.extract_text().splitlines()
            assert any(line.replace(" ", "") == "No.ご意見の概要本市の考え方" for line in header), page.page_number
        first = pdf.pages[0].extract_text()
        assert first.count("ご意見と本市の考え方") == 1
        assert f"（意見募集期間：{PERIOD}）" in first
        words = pdf.pages[0].extract_words()
        no_header = next(w for w in words if w["text"].startswith("No."))
        answer_header = next(w for w in words if "本市の考え方" in w["text"] and w["top"] > no_header["top"] - 5)
        assert no_header["x0"] < answer_header["x0"]


def test_xlsx_prints_a4_portrait_fitted_to_width_with_a_frozen_repeated_header(long_table) -> None:
    sheet = load_workbook(io.BytesIO(export_xlsx(long_table))).active
    assert [sheet["A1"].value, sheet["A2"].value] == [TITLE, f"（意見募集期間：{PERIOD}）"]
    assert [sheet.cell(3, c).value for c in (1, 2, 3)] == ["No.", "ご意見の概要", "本市の考え方"]
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$3:$3"
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "portrait", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    widths = [sheet.column_dimensions[c].width for c in "ABC"]
    assert widths == [8, 40, 52]
    assert sheet.print_area == "'本市の考え方'!$A$1:$C$34"  # 2 heading lines, the header and 31 rows


@pytest.mark.parametrize(("title", "heading"), [
    ("除雪計画（素案）", "除雪計画（素案）について寄せられたご意見と本市の考え方"),
    ("除雪計画について", "除雪計画について寄せられたご意見と本市の考え方"),
    ("除雪計画に対するご意見と本市の考え方", "除雪計画に対するご意見と本市の考え方"),
    # a title that already says what the table is, or names the consultation, is not doubled
    ("除雪計画（案）に対する意見と市の考え方（案）", "除雪計画（案）に対する意見と市の考え方（案）"),
    ("除雪計画（案）に関する意見募集の結果", "除雪計画（案）に関する意見募集の結果"),
    ("除雪計画（案）へのご意見", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）についてのパブリックコメント", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("さっぽろ未来創生プラン（案）に対する意見公募手続", "さっぽろ未来創生プラン（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画の検討結果", "除雪計画の検討結果について寄せられたご意見と本市の考え方"),
    ("札幌市除雪計画（案）に関する市民意見募集", "札幌市除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画についての区民意見", "除雪計画について寄せられたご意見と本市の考え方"),  # not 「…に関する市民について…」
    ("除雪計画（案）に係る意見募集", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）に関する県民意見提出手続", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("市民意見を反映した除雪計画の見直し結果", "市民意見を反映した除雪計画の見直し結果について寄せられたご意見と本市の考え方"),
    # a title cut short, or one that names the comments as submitted, read 「…に係るについて…」, 「提出されたについて…」
    ("除雪計画（案）に係る", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）に対して提出された意見", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画に寄せられたご意見", "除雪計画について寄せられたご意見と本市の考え方"),
    ("提出された意見", "寄せられたご意見と本市の考え方"),
    ("除雪計画について市民から寄せられたご意見", "除雪計画について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）のパブリックコメントで寄せられた意見", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）へいただいたご意見", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("駅前広場の整備に係る住民の皆様のご意見", "駅前広場の整備について寄せられたご意見と本市の考え方"),
    ("除雪計画で寄せられたご意見", "除雪計画について寄せられたご意見と本市の考え方"),
    # a title that ends in a word keeps it (「から」 of 「ちから」, 「で」 of 「みんなで」 are no particles there)
    ("さっぽろ未来のちから", "さっぽろ未来のちからについて寄せられたご意見と本市の考え方"),
    ("まちづくりをみんなで", "まちづくりをみんなでについて寄せられたご意見と本市の考え方"),
    ("地域の意見", "地域について寄せられたご意見と本市の考え方"),
    ("除雪計画に係る地域住民の意見", "除雪計画について寄せられたご意見と本市の考え方"),
    ("除雪計画に対する地域の皆様からのご意見", "除雪計画について寄せられたご意見と本市の考え方"),
    ("市民とともに", "市民とともにについて寄せられたご意見と本市の考え方"),  # a word ending in に: kept
    ("さっぽろの宝もの", "さっぽろの宝ものについて寄せられたご意見と本市の考え方"),
    ("観光ビジョン　未来へ", "観光ビジョン　未来へについて寄せられたご意見と本市の考え方"),  # a slogan's particle: kept
    ("中山間地域住民の意見募集", "中山間地域について寄せられたご意見と本市の考え方"),  # 地域 of a place's name
    ("厚田地域の皆様からのご意見", "厚田地域について寄せられたご意見と本市の考え方"),
    # the consultation named again in a note, its dates, 「について」 after it, パブリック・コメント, ご意見・ご提案
    ("除雪計画（案）について（意見募集）", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）に係る意見募集（パブリックコメント）", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）に関するパブリックコメント（意見公募）", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）に対する意見募集（令和8年1月5日～2月4日）", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）の意見募集について", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）に対するパブリック・コメント", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）についてのご意見・ご提案", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（令和8年度）", "除雪計画（令和8年度）について寄せられたご意見と本市の考え方"),  # the title's own note
    # a note that tells one consultation from another stays, after the plan's name (it had been dropped)
    ("札幌市総合計画に関する意見募集（第2回）", "札幌市総合計画（第2回）について寄せられたご意見と本市の考え方"),
    ("除雪計画（素案）に対する意見募集（追加募集）", "除雪計画（素案）（追加募集）について寄せられたご意見と本市の考え方"),
    ("子ども条例に関するパブリックコメント（中学生版）", "子ども条例（中学生版）について寄せられたご意見と本市の考え方"),
    # the page's state or the consultation in other words: dropped (second review)
    ("除雪計画に関する意見募集（終了しました）", "除雪計画について寄せられたご意見と本市の考え方"),
    ("除雪計画に関する意見募集（募集期間を延長しました）", "除雪計画について寄せられたご意見と本市の考え方"),
    ("除雪計画に関する意見募集（市民意見募集）", "除雪計画について寄せられたご意見と本市の考え方"),
    ("除雪計画に関する意見募集（2026/1/5～2/4）", "除雪計画について寄せられたご意見と本市の考え方"),
    ("除雪計画の検討結果について", "除雪計画の検討結果について寄せられたご意見と本市の考え方"),
    # stacked notes: the consultation's note dropped wherever it stands, the notes after it looked past as after
    # 「…に関する意見募集」 (「（パブリック・コメント）（第2回）」 had both been kept, the consultation said twice)
    ("札幌市除雪計画（案）（パブリック・コメント）（第2回）", "札幌市除雪計画（案）（第2回）について寄せられたご意見と本市の考え方"),
    ("札幌市除雪計画（案）（第2回）（パブリック・コメント）", "札幌市除雪計画（案）（第2回）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）（意見募集）（パブリックコメント）", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）に関する意見募集（パブリックコメント）（第2回）", "除雪計画（案）（第2回）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）（パブリック・コメント）（第2回）（終了しました）", "除雪計画（案）（第2回）について寄せられたご意見と本市の考え方"),
    ("除雪計画に関する意見募集（終了しました）（第2回）", "除雪計画（第2回）について寄せられたご意見と本市の考え方"),
    ("除雪計画（市民意見募集）", "除雪計画について寄せられたご意見と本市の考え方"),
    # nothing, or no plan's name, left once the consultation is taken off: the generic heading, the note after it
    # (「市民の意見（子ども版）」 read 「（子ども版）について…」)
    ("市民の意見（子ども版）", "寄せられたご意見と本市の考え方（子ども版）"),
    ("パブリックコメント（中学生版）", "寄せられたご意見と本市の考え方（中学生版）"),
    ("本市へのご意見（第2回）", "寄せられたご意見と本市の考え方（第2回）"),
    ("ご意見（パブリックコメント）", "寄せられたご意見と本市の考え方"),
    # the title as the notice page says it, pasted into 件名: its notice wording is not the consultation's name
    # (「…（お知らせ）について寄せられた…」, 「…の実施について寄せられた…」, 「…を実施しますについて寄せられた…」)
    ("除雪計画（案）について（お知らせ）", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）に対する意見募集の実施について", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）に関するパブリックコメントを実施します", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）に関する意見を募集します", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）へのご意見を募集しています", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）についての意見募集を行います", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画に関する意見募集を実施します。", "除雪計画について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）に関する意見募集のお知らせ", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）について（意見募集のお知らせ）", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）に対するご意見を募集します（終了しました）", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("【意見募集】除雪計画（案）", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    # the page's state in round brackets at the start, as at the end (review of the README: it was kept)
    ("（お知らせ）除雪計画（案）の意見募集の実施について", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("（仮称）除雪計画", "（仮称）除雪計画について寄せられたご意見と本市の考え方"),  # the plan's own note: kept
    ("除雪計画（案）に対する意見募集の実施について（第2回）", "除雪計画（案）（第2回）について寄せられたご意見と本市の考え方"),
    ("除雪計画に関する意見募集の結果について（お知らせ）", "除雪計画に関する意見募集の結果について"),
    ("除雪計画の実施について", "除雪計画の実施について寄せられたご意見と本市の考え方"),  # the plan's part: kept
    ("除雪計画（案）（延長区間）", "除雪計画（案）（延長区間）について寄せられたご意見と本市の考え方"),  # the plan's own note
    # an attribute of 「意見募集」 left dangling once it is taken off (review: 「…の改定に向けたについて…」), and the notice
    # page's request 「ご意見をお寄せください」, 「お待ちしています」, 「実施中」 (「…お寄せくださいについて…」)
    ("札幌市気候変動対策行動計画の改定に向けた意見募集", "札幌市気候変動対策行動計画の改定について寄せられたご意見と本市の考え方"),
    ("除雪計画の見直しに伴う意見募集", "除雪計画の見直しについて寄せられたご意見と本市の考え方"),
    ("都心のまちづくりにおける意見募集", "都心のまちづくりについて寄せられたご意見と本市の考え方"),
    ("除雪計画改定のための意見募集", "除雪計画改定について寄せられたご意見と本市の考え方"),
    ("除雪計画策定にあたっての意見募集", "除雪計画策定について寄せられたご意見と本市の考え方"),
    ("冬季オリンピック招致をめぐる意見募集", "冬季オリンピック招致について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）についてご意見をお寄せください", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）に対するご意見をお待ちしています", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）パブリックコメント実施中", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）について意見を募集中です", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("市民のための除雪計画", "市民のための除雪計画について寄せられたご意見と本市の考え方"),  # inside the name: kept
    ("まちづくりのための意見募集", "まちづくりについて寄せられたご意見と本市の考え方"),  # second reading: after kana too
    ("安心な暮らしのための意見募集", "安心な暮らしについて寄せられたご意見と本市の考え方"),
    ("除雪計画の改定に向けてのご意見募集", "除雪計画の改定について寄せられたご意見と本市の考え方"),
    # never 「についてについて」, no space before 「について」
    ("除雪計画（案）についてについて", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("除雪計画　意見", "除雪計画について寄せられたご意見と本市の考え方"),
    ("除雪計画（案）　について", "除雪計画（案）について寄せられたご意見と本市の考え方"),
    ("　除雪計画　", "除雪計画について寄せられたご意見と本市の考え方"),
])
def test_the_heading_says_once_that_these_are_the_comments_and_the_citys_answers(title, heading) -> None:
    assert table_heading(AnswerTable(title, "", ())) == [heading]


@pytest.mark.parametrize(("title", "heading"), [
    ("こども計画（案）に対する子どもの意見募集", "こども計画（案）について子どもから寄せられたご意見と本市の考え方"),
    ("こども計画（案）への子どもの意見", "こども計画（案）について子どもから寄せられたご意見と本市の考え方"),
    ("こども計画（案）についての中学生の意見募集", "こども計画（案）について中学生から寄せられたご意見と本市の考え方"),
    ("こども計画（案）に対する子どもの意見募集（第2回）", "こども計画（案）（第2回）について子どもから寄せられたご意見と本市の考え方"),
    ("子どもの意見", "子どもから寄せられたご意見と本市の考え方"),
    ("若者の意見募集", "若者から寄せられたご意見と本市の考え方"),
    ("事業者の意見募集", "事業者から寄せられたご意見と本市の考え方"),
    ("地域の子どもの意見", "地域の子どもから寄せられたご意見と本市の考え方"),
    ("本市への子どもの意見（第2回）", "子どもから寄せられたご意見と本市の考え方（第2回）"),
])
def test_a_heading_keeps_who_wrote_where_the_title_names_them(title, heading) -> None:
    """Review rv-export #3: 「…に対する子どもの意見募集」 read 「…に対する子どもについて寄せられた…」 and 「若者の意見募集」
    「若者について…」, as though the comments were about them. Citizens (市民, 住民) still give way to the heading."""
    assert table_heading(AnswerTable(title, "", ())) == [heading]


@pytest.mark.parametrize(("title", "heading"), [
    ("市民の意見募集", "寄せられたご意見と本市の考え方"),
    ("子どもの意見を聞く会", "子どもの意見を聞く会について寄せられたご意見と本市の考え方"),
    ("子ども条例に関する意見募集", "子ども条例について寄せられたご意見と本市の考え方"),
    ("企業誘致計画の意見募集", "企業誘致計画について寄せられたご意見と本市の考え方"),
    ("こども計画（案）に関する中間報告の意見募集", "こども計画（案）に関する中間報告について寄せられたご意見と本市の考え方"),
    ("札幌市への提言に関する意見募集", "札幌市への提言について寄せられたご意見と本市の考え方"),
    ("市営住宅への入居基準の見直しに関する意見募集", "市営住宅への入居基準の見直しについて寄せられたご意見と本市の考え方"),
    ("高齢者への支援計画の意見募集", "高齢者への支援計画について寄せられたご意見と本市の考え方"),
    ("事業者に対する補助制度の意見募集", "事業者に対する補助制度について寄せられたご意見と本市の考え方"),
    ("地域に対する支援方針の意見募集", "地域に対する支援方針について寄せられたご意見と本市の考え方"),
    ("下水道への接続義務の意見募集", "下水道への接続義務について寄せられたご意見と本市の考え方"),
    ("除雪への要望の意見募集", "除雪への要望について寄せられたご意見と本市の考え方"),
    ("子どもへの虐待防止計画の意見募集", "子どもへの虐待防止計画について寄せられたご意見と本市の考え方"),
    ("札幌市への移住促進計画の意見募集", "札幌市への移住促進計画について寄せられたご意見と本市の考え方"),
    ("市民への情報提供方針の意見募集", "市民への情報提供方針について寄せられたご意見と本市の考え方"),
])
def test_a_heading_names_no_writers_where_the_title_names_none(title, heading) -> None:
    """Second reading sr-nos #1: the words after 「への」 or 「に対する」 were read as the writers whatever they were
    (「札幌市への提言に関する意見募集」 → 「札幌市について提言から寄せられた…」); only the fixed list of writers is."""
    assert table_heading(AnswerTable(title, "", ())) == [heading]


def test_an_answer_longer_than_excels_highest_row_goes_on_in_the_rows_below_and_reads_back_whole(tmp_path) -> None:
    """A 1,506-character answer needed 61 lines in a row capped at 409 points (27 lines): its last paragraph was
    neither shown nor printed. It goes on in the rows below, its No. in the first, and the readers give the same
    item back."""
    from assistant.readers import read_document

    paragraph = "本市では、除雪計画に基づき、幹線道路及び生活道路の除雪を計画的に実施しております。" * 3
    answer = "\n".join([paragraph] * 12) + "\n【最後の段落】ここまで印刷されます。"
    sentence = "あ" * 700 + "。"  # one paragraph of one sentence, longer than a row: cut between characters
    table = AnswerTable("除雪計画", "", (("1", "短いご意見", answer), ("2", sentence, "短い回答。"), ("3", "除雪を", "はい。")))
    data = export_xlsx(table)
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3, max_col=3)]
    assert [row[0] for row in cells] == ["1", None, None, "2", None, "3"]
    assert sorted(str(merged) for merged in sheet.merged_cells.ranges) == ["A1:C1"]  # the title only
    assert "\n".join(row[2] for row in cells[:3]) == answer  # split between paragraphs: nothing lost or added
    assert [len(row[1]) for row in cells[3:5]] == [526, 175] and cells[3][1] + cells[4][1] == sentence
    assert [sheet.row_dimensions[number].height for number in range(3, 9)] == [378.0, 378.0, 168.0, 408.0, 138.0, 18.0]
    assert [[getattr(side, "style", None) for side in (sheet[f"{column}3"].border.top, sheet[f"{column}3"].border.bottom,
                                                         sheet[f"{column}4"].border.top, sheet[f"{column}5"].border.bottom)]
            for column in "ABC"] == [["thin", None, None, "thin"]] * 3  # one cell to the eye, the No. column too
    path = tmp_path / "table.xlsx"
    path.write_bytes(data)
    [document] = read_document(path)
    assert [(item.no, item.comment, "\n".join(item.answer_paragraphs)) for item in document.items] == [
        ("1", "短いご意見", answer), ("2", sentence, "短い回答。"), ("3", "除雪を", "はい。")]


@pytest.mark.parametrize("nos", [
    ("12ほか1,522件", "101・205・309・412・518・623・731・845・952・1060", "1060"),
    # 「,」 and 「、」 (NO_LIST_MARKS), as item_number keeps them: the whole No. was one piece, the column 20 %, and
    # LibreOffice printed 「101,205,309,41」 / 「2,518,…」 and 「10」 / 「1、205、309、4」 / 「12、518、…」
    ("101,205,309,412,518,623,731,845,952,1060", "101、205、309、412、518、623、731、845、952、1060", "1060"),
    ("1・2、3,4ほか1,522件", "101、205・309,412、518,623・731、845,952、1060", "1060"),
], ids=["dot", "commas", "mixed"])
def test_grouped_numbers_are_never_broken_inside_a_number_in_the_no_column(tmp_path, nos) -> None:
    """In 8 % of the width, LibreOffice printed 「101・205・309」 as 「101・/20/5・/30/9」 (No.20 and No.5 to a reader) and
    「12ほか1,522件」 as 「1,52/2件」: the No. column is widened until each number fits on a line, and the Word file
    has a zero-width space after each list mark (「101,205」 is one word to Word and LibreOffice)."""
    table = AnswerTable("除雪計画", "", tuple((no, "ご意見", "回答します。") for no in nos))
    assert [round(share, 3) for share in column_shares(table)] == ([0.121, 0.359, 0.52] if "ほか" in "".join(nos)
                                                                    else [0.093, 0.387, 0.52])
    assert [round(share, 3) for share in column_shares(AnswerTable("除雪計画", "", (("1・3", "c", "a"), ("31", "c", "a"))))] == [
        0.08, 0.40, 0.52]  # single and short numbers: as published
    with pdfplumber.open(to_pdf(export_docx(table), tmp_path)) as pdf:
        page = pdf.pages[0]
        margin = MARGIN_MM / 25.4 * 72
        no_column = margin + column_shares(table)[0] * (page.width - 2 * margin)  # its right edge, in points
        lines: dict[int, str] = {}
        for char in sorted((c for c in page.chars if c["x1"] < no_column), key=lambda c: (round(c["top"]), c["x0"])):
            lines[round(char["top"])] = lines.get(round(char["top"]), "") + char["text"]
    printed = [line.replace(" ", "") for line in lines.values() if line.strip()]
    assert printed[0] == "No." and "".join(printed[1:]) == "".join(nos)
    cells, cell = [], []  # each No.'s printed lines
    for line in printed[1:]:
        cell.append(line)
        if "".join(cell) == nos[len(cells)]:
            cells.append(cell)
            cell = []
    assert len(cells) == 3 and len(cells[1]) > 1  # the long list still wraps, between numbers
    broken = [(above, below) for cell in cells for above, below in zip(cell, cell[1:])
              if above[-1].isdigit() and below[0].isdigit()]
    assert broken == []
    for no, cell in zip(nos, cells):  # each line ends after a list mark, 「ほか」 or the No.: 「1,」 / 「522件」 neither
        ends = {sum(map(len, cell[:count])) for count in range(1, len(cell) + 1)}
        assert ends <= {sum(map(len, no_pieces(no)[:count])) for count in range(1, len(no_pieces(no)) + 1)}, cell


_SNOW = "本市では、除雪計画に基づき、幹線道路及び生活道路の除雪を計画的に実施しております。"


@pytest.mark.parametrize(("answer", "rows"), [
    (_SNOW * 40, 3),  # one paragraph of 40 sentences: cut after a 「、」, never after a 「。」
    ("\n".join(f"・{_SNOW[:-1]}（その{n}）" for n in range(60)), 5),  # bullets: no paragraph ends a sentence
    ("\n".join(f"「{_SNOW}」" for _ in range(40)), 3),  # paragraphs ending with 」
    ((_SNOW + "\u3000") * 40, 3),  # 「。」 and a space: a row ending so read as a sentence end (4 paragraphs)
    ("The sidewalks near the school are not cleared early enough for the children! " * 60, 4),  # words were glued
    # a row full up to a paragraph without 「。」 and a blank line or a one-letter line: it ended between them
    *(("\n".join(["除" * 625, "通学路の歩道が狭い", blank, "、ご検討ください。" * 5]), 2) for blank in ("", "b", "a b")),
])
def test_an_answer_over_several_rows_reads_back_in_the_same_paragraphs(answer, rows, tmp_path, monkeypatch) -> None:
    """The readers join a No.'s rows as a table cut by a page break (a row ending a sentence ends its paragraph):
    cut after a 「。」, one paragraph came back as three; cut after a bullet, two bullets came back as one."""
    from assistant.readers import read_document

    path = tmp_path / "table.xlsx"
    path.write_bytes(export_xlsx(AnswerTable("除雪計画", "", (("1", "ご意見", answer), ("2", "ご意見2", "はい。")))))
    sheet = load_workbook(path).active
    assert [cell.value for cell in sheet["A"][2:]] == ["1", *[None] * (rows - 1), "2"]
    [document] = read_document(path)
    from assistant import export

    monkeypatch.setattr(export, "_MAX_ROW_LINES", 10**9)  # the sheet as written before: each text in one cell
    one_cell = tmp_path / "one_cell.xlsx"
    one_cell.write_bytes(export_xlsx(AnswerTable("除雪計画", "", (("1", "ご意見", answer), ("2", "ご意見2", "はい。")))))
    [expected] = read_document(one_cell)
    assert [item.answer_paragraphs for item in document.items] == [item.answer_paragraphs for item in expected.items]
    assert len(document.items[0].answer_paragraphs) == len([line for line in answer.split("\n") if line.strip()])


_REQUEST = "通学路の歩道が狭く、子どもが車道を歩いているので、除雪の回数を増やしてほしいと考えています。"
_FULL_ROW = _SNOW * 12 + "あ" * 30 + "。"  # one paragraph that fills a row of the comment column (27 lines)


@pytest.mark.parametrize(("comment", "cells", "read"), [
    # the last paragraph alone below a full row: the paragraph before it goes down with it
    *(("\n".join([_REQUEST] * 9 + [last]), [[_REQUEST] * 8, [_REQUEST, last]], "\n".join([_REQUEST] * 9 + [read]))
      for last, read in (("【要望】", "【要望】"), ("【その他】", "【その他】"), ("第2章　交通", "第2章　交通"),
                         ("Ⅱ　公園", "Ⅱ　公園"), ("基本目標1　あらゆる分野で活躍できる地域づくり", "基本目標1　あらゆる分野で活躍できる地域づくり"))),
    # one paragraph before it, a row long: its last part goes down, from a 「、」 (read back as one paragraph again)
    (_FULL_ROW + "\n【要望】", [[_FULL_ROW[:383]], [_FULL_ROW[383:], "【要望】"]], _FULL_ROW + "\n【要望】"),
])
def test_a_last_paragraph_never_stands_alone_in_a_row_of_its_own(comment, cells, read, tmp_path) -> None:
    """A comment's last paragraph that went on alone in the row below (the answer ended above) was read back as a
    section heading: 「【要望】」 left No.1 and became No.2's topic, without a warning. It goes down with the text
    before it, and the table reads back as written."""
    from assistant.readers import read_document

    path = tmp_path / "table.xlsx"
    path.write_bytes(export_xlsx(AnswerTable("除雪計画", "", (("1", comment, "検討します。"), ("2", "公園について。", "整備します。")))))
    sheet = load_workbook(path).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3, max_col=3)] == [
        ["1", "\n".join(cells[0]), "検討します。"], [None, "\n".join(cells[1]), None], ["2", "公園について。", "整備します。"]]
    [document] = read_document(path)
    assert [(item.no, item.topic, item.comment, item.answer) for item in document.items] == [
        ("1", None, read, "検討します。"), ("2", None, "公園について。", "整備します。")]
    assert document.warnings == ()


def test_an_answers_last_paragraph_never_stands_alone_either(tmp_path) -> None:
    """The answer column too: 「【回答】」 alone in a row below reads as a heading to a person."""
    from assistant.readers import read_document

    answer = "\n".join([_SNOW] * 13 + ["以上のとおりです。", "【回答】"])  # a row full (27 lines), then 【回答】
    path = tmp_path / "table.xlsx"
    path.write_bytes(export_xlsx(AnswerTable("除雪計画", "", (("1", "ご意見", answer),))))
    sheet = load_workbook(path).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3, max_col=3)] == [
        ["1", "ご意見", "\n".join([_SNOW] * 13)], [None, None, "以上のとおりです。\n【回答】"]]
    [document] = read_document(path)
    assert [(item.no, item.topic, item.comment, "\n".join(item.answer_paragraphs)) for item in document.items] == [
        ("1", None, "ご意見", answer)]


def test_a_cell_of_sentence_ends_only_is_not_written_one_character_a_row() -> None:
    """「。」 × 5,000 has no place to end a row that is not after a sentence end: it took 4,312 rows."""
    sheet = load_workbook(io.BytesIO(export_xlsx(AnswerTable("除雪計画", "", (("1", "ご意見", "。" * 5000),))))).active
    assert sheet.max_row == 2 + 8


def test_a_long_title_gets_a_title_row_as_high_as_its_lines() -> None:
    """The title row was 36 points whatever the title: a heading of 137 characters wraps to three lines at 13
    points, and the third was cut off on the printed page (LibreOffice Calc)."""
    from openpyxl import load_workbook

    def title_height(title: str) -> float:
        data = export_xlsx(AnswerTable(title, "令和8年1月5日～令和8年2月4日", (("1", "意見", "回答"),)))
        return round(load_workbook(io.BytesIO(data)).active.row_dimensions[1].height, 1)

    assert title_height("除雪計画（案）") == 36.0  # one line, as before
    # estimated as 4 lines of 13 points (15 × 13/11 each) and margins: room for the 3 that Calc prints
    assert title_height("札幌市" + "あ" * 110 + "計画（案）") == 78.9


def test_a_no_that_excel_would_read_as_a_date_or_a_number_is_told_beside_the_csv_and_is_text_in_the_xlsx() -> None:
    """Excel opening the CSV directly showed No.「2-1」 as 2月1日 and 「3.10」 as 3.1. The CSV keeps the No. as written
    (an apostrophe shows in other readers, 「="2-1"」 is a formula); the page says what to do, and the XLSX holds text."""
    import csv

    from assistant.export import csv_caution, export_csv

    nos = ("1", "2-1", "1/2", "3.1", "3.10", "01", "1・3", "12ほか1,522件")
    table = AnswerTable("除雪計画", "", tuple((no, "ご意見", "回答します。") for no in nos))
    assert csv_caution(table) == (
        "No. 2-1、1/2、3.1 ほか 2 件 は、CSV をそのまま Excel で開くと日付や数値に変わります（2-1 が 2月1日に、3.10 が 3.1 に）。"
        "Excel で使う表は「XLSX で書き出す」で書き出してください（No. は文字列のまま入ります）。CSV を Excel で開くときは、"
        "「データ」→「テキストまたは CSV から」で No. の列を「テキスト」にして読み込んでください。")
    assert csv_caution(AnswerTable("除雪計画", "", (("1", "c", "a"), ("1・3", "c", "a"), ("12ほか1,522件", "c", "a")))) == ""
    rows = list(csv.reader(io.StringIO(export_csv(table).decode("utf-8-sig"))))
    assert [row[0] for row in rows[2:]] == list(nos)  # as written, for every other reader
    sheet = load_workbook(io.BytesIO(export_xlsx(table))).active
    assert [(sheet.cell(row, 1).value, sheet.cell(row, 1).data_type) for row in range(3, 3 + len(nos))] == [
        (no, "s") for no in nos]


def test_a_bracketed_no_or_a_percentage_is_told_beside_the_csv() -> None:
    """「（1）」 is stored as 「(1)」, which Excel reads from a CSV as the negative number -1; no caution was shown."""
    from assistant.export import csv_caution

    table = AnswerTable("除雪計画", "", (("(1)", "c", "a"), ("(2)", "c", "a"), ("5%", "c", "a"), ("(ア)", "c", "a")))
    assert csv_caution(table).startswith("No. (1)、(2)、5% は、CSV をそのまま Excel で開くと")
