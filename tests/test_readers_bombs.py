"""Small files that unpack or inflate to a lot: a .docx zip bomb and a PDF whose page content inflates to
many drawing commands are refused (or the page left out and said) before parsing, by a setting each."""

from __future__ import annotations

import io
import zipfile

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
