"""Readers: one file in, parsed documents out. Nothing here touches the store.

:func:`read_document` looks at a file's first bytes as well as its name: a PDF renamed to .txt is
still read as a PDF, and a Word 97-2003 file renamed to .docx is refused with what to do. Formats a
city's archive holds but this tool does not read (.doc, .xls, OpenDocument, RTF, 一太郎) are refused
with how to save them again, and a folder lists them (:data:`RESAVE_SUFFIXES`) so that none is passed
over in silence.

Example:
    >>> from assistant.settings import SEED_DIR
    >>> docs = read_document(SEED_DIR / "000_f2fb9ba048e34b46.txt")
    >>> len(docs[0].items)
    9
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from assistant.errors import DamagedFileError, EncryptedFileError, NoContentError, OldFormatError, OtherFormatError
from assistant.models import ParsedDocument
from assistant.readers.limits import check_docx_unpacked, check_unpacked
from assistant.readers.mhtml import MHTML_SUFFIXES, looks_like_mhtml, mhtml_pages
from assistant.readers.sniff import OLE_MAGIC, ZIP_MAGIC, encrypted_office, read_bytes, read_text, sha256
from assistant.readers.spreadsheet import read_spreadsheet
from assistant.readers.text import count_warning, parse_text

SPREADSHEET_SUFFIXES = {".csv", ".tsv", ".xlsx", ".xlsm"}
WEB_SUFFIXES = {".html", ".htm", *MHTML_SUFFIXES}  # MHTML: a page saved as one file
SUPPORTED_SUFFIXES = {".txt", ".pdf", ".docx", *WEB_SUFFIXES, *SPREADSHEET_SUFFIXES}
RTF_MAGIC = b"{\\rtf"
# Documents an archive holds that this tool does not read, each refused with how to save it again.
_RESAVE = {
    ".doc": "Word 97-2003 形式（.doc）のファイルです。Word で開いて「Word 文書（.docx）」形式で保存し直すか、PDF を指定してください。",
    ".xls": "Excel 97-2003 形式（.xls）のファイルです。Excel で開いて「Excel ブック（.xlsx）」形式で保存し直してください。",
    ".odt": "OpenDocument 形式（.odt）の文書です。LibreOffice か Word で開いて「Word 文書（.docx）」形式か PDF で保存し直してください。",
    ".ods": "OpenDocument 形式（.ods）の表です。LibreOffice か Excel で開いて「Excel ブック（.xlsx）」形式で保存し直してください。",
    ".rtf": "リッチテキスト形式（.rtf）の文書です。Word で開いて「Word 文書（.docx）」形式か PDF で保存し直してください。",
    ".jtd": "一太郎の文書（.jtd）です。一太郎で開いて PDF か「Word 文書（.docx）」形式で保存し直してください。",
}
RESAVE_SUFFIXES = frozenset(_RESAVE)
# Files a folder of results often holds that are no documents: named in the report (they were passed over in
# silence), each refused with what to do.
ARCHIVE_SUFFIXES = frozenset({".zip", ".lzh", ".7z", ".rar"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".webp"})
NOT_DOCUMENT_SUFFIXES = ARCHIVE_SUFFIXES | IMAGE_SUFFIXES
ARCHIVE = ("ZIP などの圧縮ファイルです。ZIP ファイルは展開してから、中の PDF・Word・Excel などのファイル（またはフォルダー）を"
           "取り込んでください。")
IMAGE = ("画像ファイルです。画像の文字は読み取れません（OCR は組み込んでいません）。結果公表の PDF・Word・Excel・Web ページを"
         "取り込んでください。")
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_count_warning = count_warning  # the declared-vs-parsed warning every reader gives

__all__ = ["read_document", "file_kind", "NOT_DOCUMENT_SUFFIXES", "RESAVE_SUFFIXES", "SPREADSHEET_SUFFIXES",
           "SUPPORTED_SUFFIXES"]

PageProgress = Callable[[int, int], None]

_KINDS = {".pdf": "PDF", ".docx": "Word", ".doc": "Word", ".xls": "Excel", ".odt": "OpenDocument",
          ".ods": "OpenDocument", ".rtf": "リッチテキスト", ".jtd": "一太郎", ".html": "Web ページ", ".htm": "Web ページ",
          ".mhtml": "Web ページ", ".mht": "Web ページ", ".xlsx": "Excel", ".xlsm": "Excel", ".csv": "CSV", ".tsv": "CSV",
          ".txt": "テキスト", **{suffix: "ZIP" if suffix == ".zip" else "圧縮ファイル" for suffix in ARCHIVE_SUFFIXES},
          **{suffix: "画像" for suffix in IMAGE_SUFFIXES}}


def file_kind(path: Path | str) -> str:
    """The file format as staff call it, for reports: 「PDF」, 「Word」, 「Excel」, 「Web ページ」…"""
    path = Path(path)
    if path.is_dir():
        return "フォルダー"
    return _KINDS.get(path.suffix.lower(), "テキスト")


def _is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def _is_image(data: bytes) -> bool:
    return data.startswith(_IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def _inside(data: bytes, names: set[str]) -> str | None:
    """What a file that is not what its name says holds, when that is easy to tell: 「Word 文書（.docx）」…"""
    if "word/document.xml" in names:
        return "Word 文書（.docx）"
    if "xl/workbook.xml" in names:
        return "Excel ブック（.xlsx）"
    if data.startswith(ZIP_MAGIC):
        return "ZIP ファイル"
    if _is_image(data):
        return "画像"
    return None


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except zipfile.BadZipFile:
        return set()


def _old_format(path: Path) -> OldFormatError | OtherFormatError:
    """The refusal of a Word/Excel 97-2003 (OLE) file, by its name: as it is, or renamed to .docx/.xlsx."""
    suffix = path.suffix.lower()
    if suffix == ".jtd":
        return OtherFormatError(path, _RESAVE[".jtd"])
    if suffix in {".doc", ".xls"}:
        return OldFormatError(path, _RESAVE[suffix])
    if suffix in {".xlsx", ".xlsm", ".csv"}:
        return OldFormatError(path, "Excel 97-2003 形式（.xls）のファイルです（拡張子だけ変えたもの）。"
                                    "Excel で開いて「Excel ブック（.xlsx）」形式で保存し直してください。")
    return OldFormatError(path, "Word 97-2003 形式（.doc）のファイルです（拡張子だけ .docx に変えたもの）。"
                                "Word で開いて「Word 文書（.docx）」形式で保存し直すか、PDF を指定してください。")


def _read_text_document(path: Path, encoding: str | None) -> ParsedDocument:
    text, digest = read_text(path, encoding)
    return parse_text(text, path, digest)


def read_document(
    path: Path | str, encoding: str | None = None, progress: PageProgress | None = None
) -> list[ParsedDocument]:
    """Read one file into one or more documents (a staff spreadsheet may hold several consultations).

    Every document is cleaned (:func:`assistant.readers.hygiene.clean_document`): control characters
    removed, items with neither comment nor answer skipped, each with a warning. A file whose documents then keep
    no item (a blank result form in Word, PDF or HTML) is refused, as a CSV of such rows is: nothing to store.

    Args:
        path: A published result as PDF, Word (.docx), saved web page (.html/.htm, or one file .mhtml/.mht), Excel or text;
            council minutes; or a staff CSV / XLSX.
        encoding: Force a text encoding (text, CSV and web pages) instead of detecting it.
        progress: Called as ``progress(page, pages)`` after each page of a PDF.

    Raises:
        IngestError: A subclass saying what is wrong with the file and what to do.
    """
    from assistant.readers.hygiene import SKIPPED_EMPTY, blank_rows_reason, clean_document

    documents, kind = _read_any(Path(path), encoding, progress)
    cleaned = [dataclasses.replace(clean_document(document), file_kind=kind) for document in documents]
    if not any(document.items for document in cleaned):
        skipped = [warning for document in cleaned for warning in document.warnings if warning.endswith(SKIPPED_EMPTY)]
        raise NoContentError(Path(path), blank_rows_reason(skipped))
    return cleaned


def _read_mhtml(path: Path, data: bytes, encoding: str | None) -> ParsedDocument:
    """The page saved as one file, or the first of its frames that holds a result; else the page's refusal."""
    from assistant.readers.web import read_web_page

    digest, refusal = sha256(data), None
    for page, charset in mhtml_pages(path, data):
        try:
            return read_web_page(path, page, digest, encoding or charset)
        except NoContentError as error:
            refusal = refusal or error
    assert refusal is not None  # mhtml_pages returns at least one page
    raise refusal


def _read_any(path: Path, encoding: str | None, progress: PageProgress | None) -> tuple[list[ParsedDocument], str]:
    """The file's documents, and the format it was read as (「PDF」 for a PDF named .txt)."""
    from assistant.readers.excel import read_published_workbook
    from assistant.readers.pdf import read_pdf
    from assistant.readers.web import looks_like_html, read_web_page
    from assistant.readers.word import read_word

    suffix = path.suffix.lower()
    data = read_bytes(path)
    if _is_pdf(data):
        return [read_pdf(path, data, sha256(data), progress)], "PDF"
    names = _zip_names(data) if data.startswith(ZIP_MAGIC) else set()
    if suffix == ".pdf":
        inside = _inside(data, names)
        raise DamagedFileError(path, f"PDF ファイルとして読めません（中身は {inside}です）。拡張子を直すか、元の PDF を指定してください。"
                               if inside else "PDF ファイルとして読めません（中身が PDF ではありません）。元のファイルを確認してください。")
    if data.startswith(OLE_MAGIC):
        if protected := encrypted_office(path):
            raise EncryptedFileError(path, protected)
        raise _old_format(path)
    if suffix in {".odt", ".ods", ".rtf", ".jtd"} or data.startswith(RTF_MAGIC) or (
            "content.xml" in names and "mimetype" in names):  # OpenDocument, whatever its name
        kind = suffix if suffix in _RESAVE else ".rtf" if data.startswith(RTF_MAGIC) else ".ods" if (
            b"opendocument.spreadsheet" in data[:200]) else ".odt"
        raise OtherFormatError(path, _RESAVE[kind])
    if suffix == ".docx" and "xl/workbook.xml" in names and "word/document.xml" not in names:
        raise DamagedFileError(path, "Word 文書（.docx）として読めません（中身は Excel ブック（.xlsx）です）。"
                                     "拡張子を .xlsx に直してから取り込んでください。")
    if suffix == ".docx" or "word/document.xml" in names:
        check_docx_unpacked(path, data)  # before python-docx parses every XML part
        return [read_word(path, data, sha256(data), names)], "Word"
    if suffix in {".xlsx", ".xlsm"} and names:
        check_unpacked(path)  # before openpyxl inflates the shared strings
        published = read_published_workbook(path, data, sha256(data))
        if published is not None:
            return [published], "Excel"
    if suffix in ARCHIVE_SUFFIXES or (names and "[Content_Types].xml" not in names and suffix not in {".xlsx", ".xlsm"}):
        raise OtherFormatError(path, ARCHIVE)
    if suffix in IMAGE_SUFFIXES or _is_image(data):
        raise OtherFormatError(path, IMAGE)
    if suffix in SPREADSHEET_SUFFIXES:
        return read_spreadsheet(path, encoding), "Excel" if names else file_kind(path)
    if suffix in MHTML_SUFFIXES or looks_like_mhtml(data):
        return [_read_mhtml(path, data, encoding)], "Web ページ"
    if suffix in WEB_SUFFIXES or looks_like_html(data):
        return [read_web_page(path, data, sha256(data), encoding)], "Web ページ"
    return [_read_text_document(path, encoding)], "テキスト"
