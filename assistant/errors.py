"""The library's own exceptions.

Every message is written for the person at the keyboard (in Japanese, the UI language) and says what
to do. The CLI and the UI print ``str(error)`` as it is.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class of every error this library raises on purpose."""


class SettingError(AssistantError):
    """A ZENREI_* environment variable holds a value its setting cannot use."""


class IngestError(AssistantError):
    """A file could not be read into precedents. Nothing was written to the store."""

    def __init__(self, path: object, message: str) -> None:
        self.path = str(path)
        self.reason = message
        super().__init__(f"{self.path}: {message}")


class SourceNotFoundError(IngestError):
    """The path does not exist or is not a file."""


class EmptyFileError(IngestError):
    """The file holds no text at all."""


class BinaryFileError(IngestError):
    """The file is binary (not text and not a spreadsheet this tool reads)."""


class UnknownEncodingError(IngestError):
    """The bytes are neither UTF-8, UTF-16 with BOM, nor Shift_JIS/CP932."""


class NoContentError(IngestError):
    """The text holds no answer table and no Q/A minutes."""


class EncryptedFileError(IngestError):
    """The PDF is protected by a password, so its text cannot be read."""


class ScannedPdfError(IngestError):
    """The PDF holds page images only (a scan), with no text layer."""


class DamagedFileError(IngestError):
    """The PDF or Word file is damaged or truncated."""


class OldFormatError(IngestError):
    """A Word 97-2003 (.doc) or Excel 97-2003 (.xls) file, possibly renamed to .docx / .xlsx."""


class OtherFormatError(IngestError):
    """A document format this tool does not read but the office can save again (OpenDocument, RTF, 一太郎)."""


class InputTooLargeError(IngestError):
    """A file, its row count, one cell or an unpacked workbook is over a limit (each limit a setting)."""


class MissingColumnsError(IngestError):
    """A spreadsheet lacks the comment or answer column: ``found`` are the cells of row ``row`` (1-based), the one
    that looked most like the header among the top ``searched`` rows. ``passed_lines``: the search stopped after
    passing over that many rows of one cell (a header below more of them is not looked for)."""

    def __init__(self, path: object, found: list[str], expected: list[str], row: int = 1, searched: int = 1,
                 passed_lines: int = 0) -> None:
        self.found = found
        self.expected = expected
        self.row = row
        self.searched = searched
        self.passed_lines = passed_lines
        found_text = "、".join(found) if found else "（なし）"
        if passed_lines:
            where = f"（{row}行目）"
            check = (f"1行目から{searched}行目までに、ご意見と回答の列名がそろった見出し行がありませんでした。見出し行の上の、"
                     f"1列だけの行（表題や注記）は{passed_lines}行までしか読み飛ばしません。見出し行の上の行を減らしてください。")
        elif row == 1:
            where, check = "", "1行目（見出し行）の列名を確認してください。"
        else:
            where = f"（{row}行目）"
            check = (f"1行目から{searched}行目までに、ご意見と回答の列名がそろった見出し行がありませんでした。"
                     "見出し行の列名を確認してください。")
        super().__init__(path, f"必要な列が見つかりません。見つかった列{where}: {found_text}。必要な列: {'、'.join(expected)}。{check}")


class StoreError(AssistantError):
    """The corpus store cannot be opened or has an unsupported schema."""


class StoreCorruptError(StoreError):
    """The store file is damaged (``PRAGMA quick_check`` failed); the message names the newest backup."""


class StoreBusyError(StoreError):
    """Other users kept the store locked through every retry; nothing was written."""


class IngestBusyError(StoreBusyError):
    """Other users kept the store locked partway through an ingest: the documents before were stored, the rest were
    not. ``reports``: one per document (and per refused file) as an ingest returns them, those not written failed with
    why; the message names what was stored."""

    def __init__(self, message: str, reports: tuple) -> None:
        self.reports = tuple(reports)
        super().__init__(message)


class BackupError(AssistantError):
    """A backup cannot be written, found or restored."""


class PermissionDeniedError(AssistantError):
    """The signed-in user's roles do not allow the action (or nobody is signed in while logins are on)."""


class SignInError(AssistantError):
    """A sign-in failed: unknown user, wrong password, or too many failures in a row."""


class UserError(AssistantError):
    """A user cannot be added, changed or removed as asked."""


class UnknownUserError(UserError):
    """The user named is not registered (or no longer: another 管理 removed them while a page still listed them)."""

    def __init__(self, username: str) -> None:
        super().__init__(f"ユーザー名「{username}」の利用者はいません。`python -m assistant users list` で確認してください。")
        self.username = username


class ModelError(AssistantError):
    """The embedding model cannot be found, converted, verified or loaded."""


class IndexCorruptError(AssistantError):
    """A saved index does not match its manifest (it is then rebuilt from the store)."""


class IndexWriteError(AssistantError):
    """The index folder cannot be locked or written (disk full, no permission, a file system without locks)."""


class QueryError(AssistantError):
    """A comment cannot be searched as given (empty, symbols only, too long)."""


class ExportError(AssistantError):
    """The answer table cannot be written in the chosen format (nothing was written)."""
