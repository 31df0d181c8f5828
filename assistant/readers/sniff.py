"""Open a file as text safely: existence, emptiness, binary content and encoding checks."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from pathlib import Path

from assistant.errors import BinaryFileError, EmptyFileError, SourceNotFoundError, UnknownEncodingError
from assistant.readers.limits import check_file_size

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word/Excel 97-2003, and a password-protected .docx/.xlsx
_JIS_ESCAPES = re.compile(rb"\x1b\$[@B]")  # ISO-2022-JP (JIS, as old mail programs saved text) switching to kanji
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream a protected .docx/.xlsx keeps its content in
_SUSPICIOUS_SHARE = 0.3
_CHUNK = 1 << 20
BINARY = ("テキストではないファイルです（バイナリ）。公表資料の PDF・Word・Excel・Web ページ・テキスト、または CSV を"
          "指定してください。")
BROKEN_UNICODE = ("{codec}（Excel の「Unicode テキスト」など）のファイルですが、途中で切れているか壊れているため読めません。"
                  "元のファイルからもう一度保存し直してください。")
UNKNOWN = ("文字コードを判別できません。UTF-8 または Shift_JIS（CP932）で保存し直すか、"
           "--encoding で文字コードを指定してください。")


def read_bytes(path: Path) -> bytes:
    """Read a file's bytes, refusing missing and empty files.

    Raises:
        SourceNotFoundError: If the path does not exist or is a folder.
        EmptyFileError: If the file holds nothing but whitespace.
    """
    if not path.exists():
        raise SourceNotFoundError(path, "ファイルが見つかりません。パスを確認してください。")
    if not path.is_file():
        raise SourceNotFoundError(path, "ファイルではありません（フォルダーです）。ファイルを指定してください。")
    check_file_size(path)
    data = path.read_bytes()
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise EmptyFileError(path, "ファイルが空です。内容のあるファイルを指定してください。")
    return data


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def encrypted_office(path: Path) -> str | None:
    """The message for a Word or Excel file protected by a password (an OLE container holding an
    ``EncryptedPackage`` stream, whatever its name), else None."""
    with path.open("rb") as handle:
        if handle.read(len(OLE_MAGIC)) != OLE_MAGIC:
            return None
        tail = b""
        while chunk := handle.read(_CHUNK):
            if _ENCRYPTED_PACKAGE in tail + chunk:
                break
            tail = chunk[-len(_ENCRYPTED_PACKAGE):]
        else:
            return None
    excel = path.suffix.lower() in {".xlsx", ".xlsm", ".xls", ".csv"}
    app, protect = ("Excel", "ブックの保護") if excel else ("Word", "文書の保護")
    return (f"パスワードで保護された {app} ファイルのため読めません。{app} で開き、「ファイル」→「情報」→「{protect}」→"
            "「パスワードを使用して暗号化」でパスワードを消してから保存し直してください。")


def _looks_binary(data: bytes) -> bool:
    """ZIP or PDF, or NUL bytes in more than 1 % of the first 8 KiB (a stray NUL in a text file is
    removed later, with the other control characters)."""
    sample = data[:8192]
    if sample.startswith(ZIP_MAGIC) or sample.startswith(b"%PDF"):
        return True
    return sample.count(b"\x00") > max(2, len(sample) // 100)


def _unicode_bom(data: bytes) -> str | None:
    """The codec a UTF-16 or UTF-32 byte-order mark names (UTF-32's little-endian mark begins as UTF-16's)."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes are UTF-16 text saved without a BOM, else None.

    The NUL bytes ASCII leaves in UTF-16 (commas, tabs, digits, line ends) are the sign; the byte order is
    the one whose decoding reads as text: no control or unassigned characters, some ASCII, a line end,
    tab or comma (read in the other order, ASCII turns into ideographs: 「N」 0x4E00 is 「一」)."""
    sample = data[:8192]
    sample = sample[:len(sample) // 2 * 2]
    if sample.count(b"\x00") < max(4, len(sample) // 20) or sample.startswith((ZIP_MAGIC, b"%PDF")):
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        text = sample.decode(codec, errors="replace")
        odd = sum(1 for char in text if char == "\ufffd" or (unicodedata.category(char) in {"Cc", "Cn", "Co", "Cs"}
                                                            and char not in "\t\r\n"))
        ascii_share = sum(1 for char in text if ord(char) < 128) / max(len(text), 1)
        if odd <= len(text) // 100 and ascii_share >= 0.05 and any(mark in text for mark in "\n\t,"):
            return codec
    return None


def _implausible(text: str) -> bool:
    """True when a CP932 decoding is probably mojibake (e.g. EUC-JP or Latin-1 read as CP932)."""
    odd = 0
    non_ascii = 0
    for char in text:
        if ord(char) < 128:
            continue
        non_ascii += 1
        category = unicodedata.category(char)
        if "\uff61" <= char <= "\uff9f" or category in {"Co", "Cc", "Cn"}:
            odd += 1
    return non_ascii > 0 and odd / non_ascii > _SUSPICIOUS_SHARE


def _japanese(text: str) -> bool:
    """True when an EUC-JP decoding reads as Japanese: kana among its non-ASCII characters, as any sentence has
    (the bytes of another encoding decode to kanji of rare rows, or fail)."""
    non_ascii = [char for char in text if ord(char) >= 128]
    kana = sum("\u3041" <= char <= "\u30ff" for char in non_ascii)
    return bool(non_ascii) and kana / len(non_ascii) >= 0.1


def decode(data: bytes, path: Path, encoding: str | None = None) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (a BOM, or the NUL bytes of its ASCII), Shift_JIS/CP932,
    EUC-JP (when CP932 cannot read them as Japanese) or ISO-2022-JP (its escape sequences).

    Args:
        data: The file's bytes.
        path: Used in error messages.
        encoding: Force this codec instead of detecting.

    Raises:
        BinaryFileError: If the bytes are not text.
        UnknownEncodingError: If no supported encoding reads them cleanly.
    """
    if encoding:
        try:
            _check_text_codec(encoding)
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            raise UnknownEncodingError(
                path, f"文字コード {encoding} では読めません（UnicodeDecodeError）。--encoding を確認してください。") from error
        except (LookupError, TypeError) as error:  # TypeError: a codec of text to text (rot13)
            raise UnknownEncodingError(path, no_such_encoding(encoding)) from error
    if codec := _unicode_bom(data):
        try:
            return data.decode(codec)
        except UnicodeDecodeError as error:
            raise UnknownEncodingError(path, BROKEN_UNICODE.format(codec=codec.upper())) from error
    if codec := _utf16_without_bom(data):  # its start reads as UTF-16 text: a file that fails further on is cut short
        try:
            return data.decode(codec)
        except UnicodeDecodeError as error:  # it had been called binary (「テキストではないファイルです」)
            raise UnknownEncodingError(path, BROKEN_UNICODE.format(codec="UTF-16")) from error
    if _looks_binary(data):
        raise BinaryFileError(path, BINARY)
    if _JIS_ESCAPES.search(data):
        try:
            return data.decode("iso2022_jp")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _implausible(text):
        return text
    try:
        text = data.decode("euc_jp")
    except UnicodeDecodeError:
        text = None
    if text is None or not _japanese(text):
        raise UnknownEncodingError(path, UNKNOWN)
    return text


def read_text(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """Return ``(text, sha256 of the bytes)`` with newlines unified to "\\n"."""
    data = read_bytes(path)
    text = decode(data, path, encoding)
    if not text.strip():
        raise EmptyFileError(path, "ファイルが空です。内容のあるファイルを指定してください。")
    return text.replace("\r\n", "\n").replace("\r", "\n"), sha256(data)


def no_such_encoding(encoding: str) -> str:
    """The message for an --encoding that names no text encoding."""
    return (f"「{encoding}」という文字コードはありません。--encoding には utf-8、cp932（Shift_JIS）、euc_jp、utf-16 などを"
            "指定してください。")


def _check_text_codec(encoding: str) -> None:
    """Raise LookupError unless ``encoding`` names a codec of bytes to text: base64, zlib or hex are codecs of
    bytes to bytes, and decoding with them said 「予期しないエラー（Incorrect padding）」, not that they are none."""
    if not getattr(codecs.lookup(encoding), "_is_text_encoding", True):
        raise LookupError(encoding)


def _decodes(path: Path, encoding: str) -> bool:
    """Whether the whole file decodes with ``encoding``, read chunk by chunk (never held whole)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(path: Path, encoding: str | None = None) -> str:
    """The codec to stream a text file with, by :func:`decode`'s rules, reading the file in chunks.

    Raises:
        SourceNotFoundError, EmptyFileError, InputTooLargeError: As :func:`read_bytes`.
        BinaryFileError: If the bytes are not text.
        UnknownEncodingError: If no supported encoding (or not the forced one) reads them cleanly.
    """
    if not path.exists() or not path.is_file():
        read_bytes(path)  # the same messages
    check_file_size(path)
    with path.open("rb") as handle:
        head = handle.read(_CHUNK)
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf") and path.stat().st_size <= len(head):
        raise EmptyFileError(path, "ファイルが空です。内容のあるファイルを指定してください。")
    if encoding:
        try:
            _check_text_codec(encoding)
            if _decodes(path, encoding):
                return encoding
        except (LookupError, TypeError) as error:
            raise UnknownEncodingError(path, no_such_encoding(encoding)) from error
        raise UnknownEncodingError(
            path, f"文字コード {encoding} では読めません（UnicodeDecodeError）。--encoding を確認してください。")
    if codec := _unicode_bom(head):
        if not _decodes(path, codec):
            raise UnknownEncodingError(path, BROKEN_UNICODE.format(codec=codec.upper()))
        return codec
    if codec := _utf16_without_bom(head):  # as in decode: its start reads as UTF-16, so a failure is a file cut short
        if not _decodes(path, codec):
            raise UnknownEncodingError(path, BROKEN_UNICODE.format(codec="UTF-16"))
        return codec
    if _looks_binary(head):
        raise BinaryFileError(path, BINARY)
    if _JIS_ESCAPES.search(head) and _decodes(path, "iso2022_jp"):
        return "iso2022_jp"
    if _decodes(path, "utf-8-sig"):
        return "utf-8-sig"
    if _decodes(path, "cp932") and not _implausible(head.decode("cp932", errors="ignore")):
        return "cp932"
    if _decodes(path, "euc_jp") and _japanese(head.decode("euc_jp", errors="ignore")):
        return "euc_jp"
    raise UnknownEncodingError(path, UNKNOWN)
