"""Bad input gets a clear message, and the store stays exactly as it was."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image, ImageDraw

from assistant.errors import (
    BinaryFileError,
    DamagedFileError,
    EmptyFileError,
    EncryptedFileError,
    MissingColumnsError,
    NoContentError,
    OldFormatError,
    ScannedPdfError,
    SourceNotFoundError,
    UnknownEncodingError,
)
from assistant.ingest import ingest
from assistant.readers import read_document
from assistant.settings import REPO_ROOT
from tests.conftest import SEEDS

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "published"


def make_empty(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    return path


def make_blank(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text(" \n\n\u3000\n", encoding="utf-8")
    return path


def make_binary(tmp_path):
    path = tmp_path / "data.txt"  # no known format's first bytes (a PNG renamed .txt is now told as an image)
    path.write_bytes(b"\x00\x01\x02\x03\x00\x00\x00\rIHDR" + bytes(range(256)))
    return path


def make_unknown_encoding(tmp_path):
    path = tmp_path / "koi8.txt"
    path.write_bytes("No.\tМнение\tОтвет\n1\tУборка снега зимой\tМы рассмотрим.\n".encode("koi8_r"))
    return path


def make_no_content(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("これは議事メモです。\n表も質疑もありません。\n", encoding="utf-8")
    return path


def make_xlsx_without_columns(tmp_path):
    path = tmp_path / "names.xlsx"
    pd.DataFrame([["氏名", "電話"], ["山田", "011"]]).to_excel(path, header=False, index=False)
    return path


def make_fake_xlsx(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("No.,ご意見,本市の考え方\n", encoding="utf-8")
    return path


def make_broken_xlsx(tmp_path):
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return path


def make_encrypted_pdf(tmp_path):
    """Printed by LibreOffice with an open password (scripts/make_fixtures.py)."""
    return shutil.copy(FIXTURES / "encrypted.pdf", tmp_path / "kekka.pdf")


def make_pdf_without_table(tmp_path):
    """A memo printed to PDF: paragraphs only, no table and no numbered Q&A."""
    return shutil.copy(FIXTURES / "memo.pdf", tmp_path / "memo.pdf")


def make_scanned_pdf(tmp_path):
    """A page image only, as a scanner without OCR writes it."""
    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((100, 300, 1140, 1500), outline=0, width=3)
    for y in range(380, 1500, 80):
        draw.line((100, y, 1140, y), fill=0, width=2)
    path = tmp_path / "scan.pdf"
    page.save(path, resolution=150)
    return path


def make_truncated_pdf(tmp_path):
    """A download cut off half way."""
    data = (FIXTURES / "merged_answer.pdf").read_bytes()
    path = tmp_path / "kekka.pdf"
    path.write_bytes(data[: len(data) // 2])
    return path


def make_renamed_doc(tmp_path):
    """A Word 97-2003 file (OLE compound document) renamed to .docx."""
    path = tmp_path / "kekka.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "No. ご意見 本市の考え方".encode("utf-16-le"))
    return path


def make_html_without_table(tmp_path):
    path = tmp_path / "news.html"
    path.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>お知らせ</title></head><body>"
                    "<nav><ul><li>ホーム</li></ul></nav><h1>市民講座のお知らせ</h1><p>受講者を募集します。</p>"
                    "<table><tr><td>日時</td><td>6月1日</td></tr></table></body></html>", encoding="utf-8")
    return path


def make_missing(tmp_path):
    return tmp_path / "nowhere" / "missing.txt"


def make_header_only(tmp_path):
    path = tmp_path / "header.txt"
    path.write_text("No.\t寄せられたご意見\t本市の考え方\n", encoding="utf-8")
    return path


CASES = [
    (make_empty, EmptyFileError, "ファイルが空です。内容のあるファイルを指定してください。"),
    (make_blank, EmptyFileError, "ファイルが空です。内容のあるファイルを指定してください。"),
    (make_binary, BinaryFileError,
     "テキストではないファイルです（バイナリ）。公表資料の PDF・Word・Excel・Web ページ・テキスト、または CSV を指定してください。"),
    (make_unknown_encoding, UnknownEncodingError,
     "文字コードを判別できません。UTF-8 または Shift_JIS（CP932）で保存し直すか、--encoding で文字コードを指定してください。"),
    (make_no_content, NoContentError,
     "意見と回答の表（「No.」の見出し行）も、会議録のQ&A（「・」の質問と「→」の回答）も見つかりません。"
     "公表資料のテキストか、No.・ご意見・本市の考え方の列がある CSV / XLSX を指定してください。"),
    (make_header_only, NoContentError, "表の見出し行はありますが、意見の行がありません。"),
    (make_xlsx_without_columns, MissingColumnsError,
     "必要な列が見つかりません。見つかった列: 氏名、電話。必要な列: No.（任意）、ご意見、本市の考え方"
     "（任意: 件名、担当課、日付、事務名）。1行目（見出し行）の列名を確認してください。"),
    (make_fake_xlsx, BinaryFileError, "XLSX ファイルとして読めません。Excel で「.xlsx」形式で保存し直してください。"),
    (make_missing, SourceNotFoundError, "ファイルが見つかりません。パスを確認してください。"),
    (make_encrypted_pdf, EncryptedFileError,
     "この PDF はパスワードで保護されています（暗号化）。PDF ソフトでパスワードを解除して保存し直すか、"
     "元の Word・Excel ファイルを指定してください。"),
    (make_pdf_without_table, NoContentError,
     "PDF の中に、意見と回答の表（No.・ご意見・考え方などの見出し行がある罫線の表）も、番号付きの Q&A"
     "（「1 …」と「市の考え方」など）も、会議録の Q&A（「・」の質問と「→」の回答）も見つかりません。"
     "意見募集の結果を公表した資料か確認してください。"),
    (make_scanned_pdf, ScannedPdfError,
     "この PDF には文字の情報（テキスト層）がありません。スキャンした画像の PDF と思われます。"
     "PDF ソフトで OCR（文字認識）をかけて保存し直すか、元の Word・Excel ファイルを指定してください。"),
    (make_truncated_pdf, DamagedFileError,
     "PDF ファイルが壊れているか、途中で切れています。もう一度ダウンロードするか、元のファイルから PDF を作り直してください。"),
    (make_renamed_doc, OldFormatError,
     "Word 97-2003 形式（.doc）のファイルです（拡張子だけ .docx に変えたもの）。"
     "Word で開いて「Word 文書（.docx）」形式で保存し直すか、PDF を指定してください。"),
    (make_html_without_table, NoContentError,
     "Web ページの中に、意見と回答の表（No.・ご意見・考え方などの見出し行がある表）も、番号付きの Q&A"
     "（「1 …」と「市の考え方」など）も見つかりません。結果の表が載っているページを保存したか確認してください。"),
]


@pytest.mark.parametrize(("make", "error", "message"), CASES, ids=[case[0].__name__ for case in CASES])
def test_reader_raises_a_clear_error(tmp_path, make, error, message) -> None:
    path = make(tmp_path)
    with pytest.raises(error) as caught:
        read_document(path)
    assert caught.value.reason == message
    assert str(caught.value) == f"{path}: {message}"


@pytest.mark.parametrize(("make", "error", "message"), CASES, ids=[case[0].__name__ for case in CASES])
def test_bad_file_leaves_the_store_unchanged(tmp_path, seeded, make, error, message) -> None:
    before = seeded.stats(), [p.id for p in seeded.precedents()]
    reports = ingest([make(tmp_path)], seeded)
    assert [(r.ok, r.error) for r in reports] == [(False, message)]
    assert (seeded.stats(), [p.id for p in seeded.precedents()]) == before


def test_broken_xlsx_is_reported(tmp_path) -> None:
    with pytest.raises(BinaryFileError) as caught:
        read_document(make_broken_xlsx(tmp_path))
    assert caught.value.reason == ("XLSX ファイルが壊れているか、Excel ブックではありません。"
                                   "Excel で開いて「Excel ブック（.xlsx）」形式で保存し直してください。")


def test_xlsx_with_a_sheet_cut_short_is_reported_not_a_traceback(tmp_path) -> None:
    """A workbook whose zip is whole but whose sheet XML ends mid-tag (a copy cut short, a tool's bug)."""
    pd.DataFrame({"No.": ["1"], "ご意見": ["意見"], "市の考え方": ["回答"]}).to_excel(tmp_path / "ok.xlsx", index=False)
    with zipfile.ZipFile(tmp_path / "ok.xlsx") as whole, zipfile.ZipFile(tmp_path / "cut.xlsx", "w") as cut:
        for entry in whole.infolist():
            data = whole.read(entry.filename)
            cut.writestr(entry, data[:-40] if entry.filename == "xl/worksheets/sheet1.xml" else data)
    with pytest.raises(BinaryFileError) as caught:
        read_document(tmp_path / "cut.xlsx")
    assert caught.value.reason == ("XLSX ファイルが壊れているか、Excel ブックではありません。"
                                   "Excel で開いて「Excel ブック（.xlsx）」形式で保存し直してください。")


def test_xlsx_without_its_sheet_is_reported_not_a_traceback(tmp_path) -> None:
    """A workbook whose zip is whole but lacks the worksheet part (its listing names none it can open)."""
    pd.DataFrame({"No.": ["1"], "ご意見": ["意見"], "市の考え方": ["回答"]}).to_excel(tmp_path / "ok.xlsx", index=False)
    with zipfile.ZipFile(tmp_path / "ok.xlsx") as whole, zipfile.ZipFile(tmp_path / "nosheet.xlsx", "w") as cut:
        for entry in whole.infolist():
            if entry.filename != "xl/worksheets/sheet1.xml":
                cut.writestr(entry, whole.read(entry.filename))
    from assistant.batch import read_comment_file

    for read in (read_document, read_comment_file):
        with pytest.raises(BinaryFileError) as caught:
            read(tmp_path / "nosheet.xlsx")
        assert caught.value.reason == ("XLSX ファイルが壊れているか、Excel ブックではありません。"
                                       "Excel で開いて「Excel ブック（.xlsx）」形式で保存し直してください。")


def test_folder_is_not_a_file(tmp_path) -> None:
    with pytest.raises(SourceNotFoundError) as caught:
        read_document(tmp_path)
    assert caught.value.reason == "ファイルではありません（フォルダーです）。ファイルを指定してください。"


JAPANESE_TABLE = "No.\t寄せられたご意見\t本市の考え方\n1\t除雪について\t検討します。\n"


@pytest.mark.parametrize(("name", "codec"), [("eucjp.txt", "euc_jp"), ("eucjp.csv", "euc_jp"), ("jis.txt", "iso2022_jp"),
                                             ("jis.csv", "iso2022_jp")])
def test_euc_jp_and_jis_text_are_detected(tmp_path, name, codec) -> None:
    path = tmp_path / name
    text = JAPANESE_TABLE.replace("\t", ",") if name.endswith(".csv") else JAPANESE_TABLE
    path.write_bytes(text.encode(codec))
    [document] = read_document(path)
    assert [(item.comment, item.answer) for item in document.items] == [("除雪について", "検討します。")]


def test_forced_encoding_reads_the_file_as_told(tmp_path) -> None:
    path = tmp_path / "eucjp.txt"
    path.write_bytes(JAPANESE_TABLE.encode("euc_jp"))
    [document] = read_document(path, encoding="euc_jp")
    assert document.items[0].comment == "除雪について"
    with pytest.raises(UnknownEncodingError) as caught:
        read_document(path, encoding="utf-8")
    assert caught.value.reason == "文字コード utf-8 では読めません（UnicodeDecodeError）。--encoding を確認してください。"


@pytest.mark.parametrize("name", ["eucjp.txt", "eucjp.csv"])
@pytest.mark.parametrize("codec", ["rot13", "no-such-codec", "base64", "zlib", "hex"])  # base64…: bytes to bytes
def test_an_encoding_that_is_no_text_encoding_is_explained(tmp_path, name, codec) -> None:
    path = tmp_path / name
    path.write_bytes(JAPANESE_TABLE.encode("euc_jp"))
    with pytest.raises(UnknownEncodingError) as caught:
        read_document(path, encoding=codec)
    assert caught.value.reason == (f"「{codec}」という文字コードはありません。--encoding には utf-8、cp932（Shift_JIS）、euc_jp、"
                                   "utf-16 などを指定してください。")


def test_wrong_forced_encoding_is_explained(tmp_path) -> None:
    path = tmp_path / "utf8.txt"
    path.write_bytes("No.\tご意見\t回答\n1\t雪\t除雪\n".encode("utf-8"))
    with pytest.raises(UnknownEncodingError) as caught:
        read_document(path, encoding="ascii")
    assert caught.value.reason == "文字コード ascii では読めません（UnicodeDecodeError）。--encoding を確認してください。"


def test_one_bad_file_does_not_stop_the_good_ones(tmp_path, store) -> None:
    reports = ingest([make_empty(tmp_path), SEEDS["000"]], store)
    assert [(r.ok, r.n_items) for r in reports] == [(False, 0), (True, 9)]
    assert store.stats().n_precedents == 9


def test_damaged_pdf_with_intact_end_is_refused(tmp_path) -> None:
    data = bytearray((FIXTURES / "merged_answer.pdf").read_bytes())
    data[200:len(data) - 200] = b"\x00" * (len(data) - 400)
    path = tmp_path / "broken.pdf"
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedFileError) as caught:
        read_document(path)
    assert caught.value.reason.startswith("PDF ファイルが壊れているか、途中で切れています。")


def test_docx_that_is_not_a_word_file_is_refused(tmp_path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("No.\tご意見\t本市の考え方\n", encoding="utf-8")
    with pytest.raises(DamagedFileError) as caught:
        read_document(path)
    assert caught.value.reason == "Word 文書（.docx）が壊れているか、途中で切れています。Word で開けるか確かめ、保存し直してください。"


def test_pdf_renamed_to_txt_is_still_read_as_pdf(tmp_path) -> None:
    path = shutil.copy(FIXTURES / "merged_answer.pdf", tmp_path / "kekka.txt")
    [document] = read_document(path)
    assert len(document.items) == 5


def test_pdf_whose_fonts_cannot_be_mapped_to_text_is_refused(tmp_path, seeded) -> None:
    """Fonts embedded without a character map give pdfminer only glyph numbers 「(cid:123)」."""
    data = (FIXTURES / "merged_answer.pdf").read_bytes().replace(b"/ToUnicode", b"/ToUnicodX")
    path = tmp_path / "nocmap.pdf"
    path.write_bytes(data)
    before = seeded.stats()
    [report] = ingest([path], seeded)
    assert report.error == ("この PDF の文字は、読み取れる形で埋め込まれていません（文字の対応表がないフォント）。"
                            "PDF ソフトで OCR（文字認識）をかけて保存し直すか、元の Word・Excel ファイルを指定してください。")
    assert seeded.stats() == before


def test_table_with_an_unnamed_number_column(tmp_path) -> None:
    from docx import Document

    word = Document()
    word.add_paragraph("除雪計画に対する意見と市の考え方")
    table = word.add_table(rows=3, cols=3)
    for row, values in zip(table.rows, [["", "ご意見", "市の考え方"], ["1", "歩道の除雪を早く。", "努めます。"], ["2", "排雪の日程は？", "公表します。"]]):
        for cell, text in zip(row.cells, values):
            cell.text = text
    word.save(tmp_path / "plain.docx")
    [document] = read_document(tmp_path / "plain.docx")
    assert [(i.no, i.comment, i.extra) for i in document.items] == [("1", "歩道の除雪を早く。", {}), ("2", "排雪の日程は？", {})]


@pytest.mark.parametrize(("name", "app", "protect"), [("comments.xlsx", "Excel", "ブックの保護"), ("kekka.docx", "Word", "文書の保護")])
def test_a_password_protected_office_file_is_named_as_such_not_as_an_old_format(tmp_path, name, app, protect) -> None:
    """Excel and Word keep a protected .xlsx/.docx in an OLE container, as 97-2003 files are; saving it again as
    .xlsx, which the old-format message asked for, keeps the password."""
    path = tmp_path / name
    shutil.copy(REPO_ROOT / "tests" / "fixtures" / "protected" / "comments.xlsx", path)
    message = (f"パスワードで保護された {app} ファイルのため読めません。{app} で開き、「ファイル」→「情報」→「{protect}」→"
               "「パスワードを使用して暗号化」でパスワードを消してから保存し直してください。")
    with pytest.raises(EncryptedFileError) as caught:
        read_document(path)
    assert caught.value.reason == message
    if name.endswith(".xlsx"):  # the 一括起案 list of comments
        from assistant.batch import read_comment_file

        with pytest.raises(EncryptedFileError) as caught:
            read_comment_file(path)
        assert caught.value.reason == message


def test_a_text_whose_columns_are_set_apart_by_spaces_is_refused_saying_what_it_is(tmp_path) -> None:
    """pdftotext -layout, or a copy from a PDF viewer: the columns cannot be told apart reliably, so the message
    says what the file is and what to ingest instead (it said no table was found)."""
    path = tmp_path / "kekka.txt"
    path.write_text("「大阪市公園整備方針（案）」に関するパブリック・コメント手続の実施結果について\n\n"
                    "   番号        ご意見の要旨                 ご意見に対する本市の考え方\n"
                    "   1           遊具を増やしてほしい。       計画的に更新します。\n", encoding="utf-8")
    with pytest.raises(NoContentError) as caught:
        read_document(path)
    assert caught.value.reason == (
        "列を空白でそろえたテキスト（PDF から「pdftotext -layout」などで書き出したもの）のようです。この形では、どの文字が"
        "どの列かを確実に読み分けられないため読めません。元の PDF（または Word・Excel）を取り込むか、列をタブで区切ったテキストに"
        "してください。")


def test_a_file_that_cannot_be_read_for_its_permissions_says_so(tmp_path, store, monkeypatch) -> None:
    """It was 「読み取り中に予期しないエラーが起きました（PermissionError…）…管理者に連絡してください」."""
    import assistant.ingest

    path = tmp_path / "ok.csv"
    path.write_text("No.,ご意見,市の考え方\n1,除雪を。,対応します。\n", encoding="utf-8")

    def refused(path, *args):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(assistant.ingest, "read_document", refused)
    [report] = ingest([path], store)
    assert (report.ok, report.error) == (False, "このファイルを読む権限がありません。ファイルの権限（所有者・読み取り許可）を"
                                                "確かめるか、読める場所にコピーしてから取り込んでください。")


def test_a_folder_inside_that_cannot_be_listed_is_named_not_passed_over(tmp_path, store, monkeypatch) -> None:
    """rglob passes over a folder it cannot list: its documents were left out of an ingest without a word."""
    import os

    folder = tmp_path / "archive"
    (folder / "2025").mkdir(parents=True)
    (folder / "2024").mkdir()
    (folder / "2025" / "ok.csv").write_text("No.,ご意見,市の考え方\n1,除雪を。,対応します。\n", encoding="utf-8")
    (folder / "2024" / "old.csv").write_text("No.,ご意見,市の考え方\n1,排雪を。,検討します。\n", encoding="utf-8")
    listing = os.scandir

    def refused(path="."):
        if os.fspath(path) == str(folder / "2024"):
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", refused)
    reports = ingest([folder], store)
    assert [(Path(r.source).relative_to(folder).as_posix(), r.ok, r.error) for r in reports] == [
        ("2024", False, "このフォルダーの中を読む権限がありません。フォルダーの権限（所有者・読み取り許可）を確かめるか、"
                        "読める場所にコピーしてから取り込んでください。"),
        ("2025/ok.csv", True, None)]


def test_a_folder_that_cannot_be_listed_says_so_not_that_it_holds_no_file(tmp_path, store, monkeypatch) -> None:
    """It said 「フォルダーの中に取り込める形式のファイルがありません」 of a folder holding a CSV it could not list."""
    import os

    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "ok.csv").write_text("No.,ご意見,市の考え方\n1,除雪を。,対応します。\n", encoding="utf-8")
    listing = os.scandir

    def refused(path="."):
        if os.fspath(path) == str(folder):
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", refused)
    [report] = ingest([folder], store)
    assert (report.ok, report.error) == (False, "このフォルダーの中を読む権限がありません。フォルダーの権限（所有者・読み取り許可）を"
                                                "確かめるか、読める場所にコピーしてから取り込んでください。")
