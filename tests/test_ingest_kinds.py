"""What a file is, as the report tells it: archives and images named (also inside a folder, where they
were passed over in silence), the format actually read (a PDF named .txt is a PDF), and a Word file
named .pdf told apart."""

from __future__ import annotations

import io
import shutil
import zipfile

from assistant.cli import format_summary
from assistant.ingest import ingest
from assistant.settings import REPO_ROOT
from tests.test_identity import ROWS, text_of

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "published"
ARCHIVE = ("ZIP などの圧縮ファイルです。ZIP ファイルは展開してから、中の PDF・Word・Excel などのファイル（またはフォルダー）を"
           "取り込んでください。")
IMAGE = ("画像ファイルです。画像の文字は読み取れません（OCR は組み込んでいません）。結果公表の PDF・Word・Excel・Web ページを"
         "取り込んでください。")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("kekka.txt", text_of(ROWS))
    return buffer.getvalue()


def test_a_zip_or_an_image_named_directly_is_refused_saying_what_it_is(tmp_path, store) -> None:
    (tmp_path / "まとめ.zip").write_bytes(_zip())
    (tmp_path / "scan.png").write_bytes(PNG)
    reports = ingest([tmp_path / "まとめ.zip", tmp_path / "scan.png"], store)
    assert [(r.ok, r.file_kind, r.error) for r in reports] == [(False, "ZIP", ARCHIVE), (False, "画像", IMAGE)]


def test_archives_and_images_inside_a_folder_are_named_and_counted(tmp_path, store) -> None:
    (tmp_path / "kekka.txt").write_text(text_of(ROWS), encoding="utf-8")
    (tmp_path / "まとめ.zip").write_bytes(_zip())
    (tmp_path / "image.png").write_bytes(PNG)
    seen = []
    reports = ingest([tmp_path], store, progress=lambda done, total, path: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert [(r.source.rsplit("/", 1)[-1], r.ok, r.error) for r in reports] == [
        ("image.png", False, IMAGE), ("kekka.txt", True, None), ("まとめ.zip", False, ARCHIVE)]
    assert [line.split(maxsplit=5)[1:] for line in format_summary(reports).splitlines()[1:]] == [
        ["画像", "-", "-", "✗", IMAGE], ["テキスト・結果公表（表）", "5", "0", "追加"], ["ZIP", "-", "-", "✗", ARCHIVE]]


def test_the_kind_shown_is_the_format_read_and_a_word_file_named_pdf_is_told_apart(tmp_path, store) -> None:
    shutil.copy(FIXTURES / "plain_table.pdf", tmp_path / "実はPDF.txt")
    shutil.copy(FIXTURES / "plain_table.docx", tmp_path / "実はWord.pdf")
    [pdf, word] = ingest([tmp_path / "実はPDF.txt", tmp_path / "実はWord.pdf"], store)
    assert (pdf.ok, pdf.file_kind) == (True, "PDF")
    assert (word.ok, word.error) == (False, "PDF ファイルとして読めません（中身は Word 文書（.docx）です）。拡張子を直すか、"
                                            "元の PDF を指定してください。")


def test_an_excel_workbook_named_docx_is_told_apart(tmp_path, store) -> None:
    """It was called a damaged Word file (「壊れているか、途中で切れています」); a Word file named .xlsx is read as Word."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["No.", "ご意見", "本市の考え方"])
    book.active.append(["1", "夜も開けて。", "検討します。"])
    book.save(tmp_path / "実はExcel.docx")
    [report] = ingest([tmp_path / "実はExcel.docx"], store)
    assert (report.ok, report.error) == (False, "Word 文書（.docx）として読めません（中身は Excel ブック（.xlsx）です）。"
                                                "拡張子を .xlsx に直してから取り込んでください。")
