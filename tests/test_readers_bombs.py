"""Small files that unpack or inflate to a lot: a .docx zip bomb and a PDF whose page content inflates to
many drawing commands are refused (or the page left out and said) before parsing, by a setting each."""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest
from docx import Document

from assistant.errors import InputTooLargeError
from assistant.readers import read_document

PARAGRAPH = "<w:p><w:r><w:t>a</w:t></w:r></w:p>"


def docx_bomb(path, paragraphs: int) -> None:
    """A valid .docx whose document.xml repeats a one-letter paragraph (deflate level 9: a few KB)."""
    word = Document()
    word.add_paragraph("ご意見と本市の考え方")
    buffer = io.BytesIO()
    word.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = data.decode()
                at = text.index("<w:body>") + len("<w:body>")
                data = (text[:at] + PARAGRAPH * paragraphs + text[at:]).encode()
            target.writestr(info.filename, data)


def test_a_docx_whose_xml_unpacks_past_the_limit_is_refused_before_parsing(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ZENREI_MAX_DOCX_UNCOMPRESSED_MB", "2")
    path = tmp_path / "bomb.docx"
    docx_bomb(path, 100_000)  # 3.4 MB of XML
    assert path.stat().st_size < 50_000
    with pytest.raises(InputTooLargeError) as caught:
        read_document(path)
    assert str(caught.value) == (f"{path}: Word 文書（.docx）の本文などの XML を展開すると 4 MB になり、上限の 2 MB を超えています。"
                                 "文書を分けて保存し直すか、管理者に上限（ZENREI_MAX_DOCX_UNCOMPRESSED_MB）を上げてもらってください。")


def test_ingest_reports_a_docx_bomb_and_leaves_the_store_as_it_was(tmp_path, seeded, monkeypatch) -> None:
    from assistant.ingest import ingest

    monkeypatch.setenv("ZENREI_MAX_DOCX_UNCOMPRESSED_MB", "2")
    path = tmp_path / "bomb.docx"
    docx_bomb(path, 100_000)
    before = seeded.stats(), [p.id for p in seeded.precedents()]
    reports = ingest([path], seeded)
    assert [(r.ok, r.error) for r in reports] == [(False, "Word 文書（.docx）の本文などの XML を展開すると 4 MB になり、"
                                                   "上限の 2 MB を超えています。文書を分けて保存し直すか、管理者に上限"
                                                   "（ZENREI_MAX_DOCX_UNCOMPRESSED_MB）を上げてもらってください。")]
    assert (seeded.stats(), [p.id for p in seeded.precedents()]) == before


def test_a_docx_under_the_limit_is_read_as_before(tmp_path, monkeypatch) -> None:
    from assistant.settings import REPO_ROOT

    path = REPO_ROOT / "tests" / "fixtures" / "published" / "seed_000.docx"
    [before] = read_document(path)
    monkeypatch.setenv("ZENREI_MAX_DOCX_UNCOMPRESSED_MB", "1")  # the fixture's XML is 0.8 MB
    [document] = read_document(path)
    assert (len(document.items), document.items) == (len(before.items), before.items)
    assert len(document.items) == 9


def pdf_bytes(content: bytes, form: bytes | None = None) -> bytes:
    """A one-page PDF whose deflated content is ``content``; ``form``: the content of a Form XObject /Fm0."""
    def stream(data: bytes, extra: bytes = b"") -> bytes:
        packed = zlib.compress(data, 9)
        return b"<< %s/Length %d /Filter /FlateDecode >>\nstream\n" % (extra, len(packed)) + packed + b"\nendstream"

    xobject = b" /XObject << /Fm0 6 0 R >>" if form is not None else b""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >>%s >> >>" % xobject,
               stream(content), b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    if form is not None:
        objects.append(stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "))
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return pdf + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


TEXT = b"BT /F1 12 Tf 72 720 Td (No. ikenn) Tj ET\n"
SEGMENT = b"1 1 m 2 2 l S\n"  # 14 bytes: one path segment, one pdfminer object
TOO_LARGE = ("PDF の頁（p.1）は描画の命令が多すぎるため（展開すると上限の 64 KB を超えます）、読み取れる頁がありません。"
             "原本を確認するか、管理者に上限（ZENREI_MAX_PDF_PAGE_CONTENT_KB）を上げてもらってください。")


def test_a_pdf_page_drawing_past_the_limit_is_refused_before_layout(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ZENREI_MAX_PDF_PAGE_CONTENT_KB", "64")
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_bytes(TEXT + SEGMENT * 5_000))  # 70,041 bytes inflated
    assert path.stat().st_size < 2_000
    with pytest.raises(InputTooLargeError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: {TOO_LARGE}"


def test_a_form_drawn_many_times_counts_each_time(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ZENREI_MAX_PDF_PAGE_CONTENT_KB", "64")
    path = tmp_path / "forms.pdf"
    path.write_bytes(pdf_bytes(TEXT + b"q /Fm0 Do Q\n" * 50, form=SEGMENT * 100))  # 50 x 1,400 bytes drawn
    with pytest.raises(InputTooLargeError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: {TOO_LARGE}"
    from assistant.readers.pdfsize import page_content_size
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        assert page_content_size(pdf.pages[0].page_obj, 10**6) == 1 + len(TEXT) + 12 * 50 + 50 * 1_400


def test_ingest_reports_a_pdf_bomb_and_leaves_the_store_as_it_was(tmp_path, seeded, monkeypatch) -> None:
    from assistant.ingest import ingest

    monkeypatch.setenv("ZENREI_MAX_PDF_PAGE_CONTENT_KB", "64")
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_bytes(TEXT + SEGMENT * 5_000))
    before = seeded.stats(), [p.id for p in seeded.precedents()]
    assert [(r.ok, r.error) for r in ingest([path], seeded)] == [(False, TOO_LARGE)]
    assert (seeded.stats(), [p.id for p in seeded.precedents()]) == before


def test_a_page_past_the_limit_is_left_out_and_said_and_the_others_read_as_before(tmp_path, monkeypatch) -> None:
    import pypdfium2

    from assistant.settings import REPO_ROOT

    source = REPO_ROOT / "tests" / "fixtures" / "published" / "seed_000.pdf"
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(pdf_bytes(TEXT + SEGMENT * 5_000))
    joined = pypdfium2.PdfDocument.new()
    joined.import_pages(pypdfium2.PdfDocument(source))
    joined.import_pages(pypdfium2.PdfDocument(bomb))
    path = tmp_path / "kekka.pdf"
    joined.save(path)
    [before] = read_document(source)
    monkeypatch.setenv("ZENREI_MAX_PDF_PAGE_CONTENT_KB", "64")
    [document] = read_document(path)
    assert document.items == before.items and len(document.items) == 9
    assert document.warnings[-1] == ("p.4 は描画の命令が多すぎるため（展開すると上限の 64 KB を超えます）、この頁は読み取っていません。"
                                     "原本を確認してください（上限は ZENREI_MAX_PDF_PAGE_CONTENT_KB）。")
    assert [w for w in document.warnings if "描画" not in w] == [w for w in before.warnings]


def test_the_real_pdf_pages_are_far_under_the_default_limit() -> None:
    import pdfplumber

    from assistant import settings
    from assistant.readers.pdfsize import page_content_size
    from assistant.settings import REPO_ROOT

    path = REPO_ROOT / "tests" / "fixtures" / "real" / "mlit_kotsu_seisaku_kihon_keikaku_iken.pdf"
    with pdfplumber.open(path) as pdf:
        sizes = [page_content_size(page.page_obj, 10**9) for page in pdf.pages]
    assert max(sizes) == 14_037 and settings.get("max_pdf_page_content_kb") == 256
