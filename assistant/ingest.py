"""Ingest stage: files and folders in, precedents and templates in the store, one report per document.

Example:
    >>> from assistant.settings import SEED_DIR
    >>> from assistant.store import Store
    >>> store = Store(":memory:")
    >>> reports = ingest([SEED_DIR / "000_f2fb9ba048e34b46.txt"], store)
    >>> reports[0].n_items
    9
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from assistant import settings
from assistant.errors import IngestError
from assistant.models import IngestReport, ParsedDocument
from assistant.readers import SPREADSHEET_SUFFIXES, SUPPORTED_SUFFIXES, file_kind, read_document
from assistant.store import Store

Progress = Callable[[int, int, str], None]
PageProgress = Callable[[str, int, int], None]
SEED_SUFFIXES = {".txt", *SPREADSHEET_SUFFIXES}
_LOCK_PREFIXES = (".", "~$")  # hidden files and the lock files Word and Excel leave beside open documents


@dataclass(frozen=True)
class ReadOutcome:
    """One file read (nothing stored yet): its documents, or why it was refused."""

    path: Path
    documents: tuple[ParsedDocument, ...] = ()
    error: str | None = None

    def failed_report(self) -> IngestReport:
        return IngestReport(source=str(self.path), ok=False, error=self.error, file_kind=file_kind(self.path))


def _report(parsed: ParsedDocument, document_id: str, replaced: bool) -> IngestReport:
    return IngestReport(
        source=parsed.source,
        ok=True,
        document_id=document_id,
        title=parsed.meta.title,
        kind=parsed.meta.kind,
        n_items=len(parsed.items),
        declared_count=parsed.meta.declared_count,
        warnings=parsed.warnings,
        replaced=replaced,
        file_kind=file_kind(parsed.source) if Path(parsed.source).suffix else "",
    )


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files to read: each file as given; each folder's supported files, recursively, in name order.

    Hidden files and folders and Office lock files (``~$report.docx``) are skipped. A folder with no
    supported file is kept as it is, so that reading it reports the problem.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            found.append(path)
            continue
        inside = sorted(
            child for child in path.rglob("*")
            if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES
            and not any(part.startswith(_LOCK_PREFIXES) for part in child.relative_to(path).parts)
        )
        found.extend(inside or [path])
    return found


def _read_one(path: Path, encoding: str | None, page_progress: PageProgress | None) -> ReadOutcome:
    if path.is_dir():
        kinds = " ".join(sorted(SUPPORTED_SUFFIXES))
        return ReadOutcome(path, error=f"フォルダーの中に取り込める形式のファイルがありません（{kinds}）。")
    pages = (lambda page, total: page_progress(str(path), page, total)) if page_progress else None
    try:
        return ReadOutcome(path, tuple(read_document(path, encoding, pages)))
    except IngestError as error:
        return ReadOutcome(path, error=error.reason)
    except Exception as error:  # noqa: BLE001 - one unreadable file must never stop the others
        return ReadOutcome(path, error=f"読み取り中に予期しないエラーが起きました（{error.__class__.__name__}: {error}）。"
                                       "このファイルは取り込んでいません。ファイルを添えて管理者に連絡してください。")


def read_files(
    paths: Iterable[str | Path],
    *,
    encoding: str | None = None,
    progress: Progress | None = None,
    page_progress: PageProgress | None = None,
) -> list[ReadOutcome]:
    """Read files and folders without storing anything (the preview before confirming).

    Args:
        paths: Files or folders (read recursively; see :func:`expand_paths`).
        encoding: Force a text encoding for every text, CSV and web page instead of detecting it.
        progress: Called as ``progress(done, total, path)`` after each file.
        page_progress: Called as ``page_progress(path, page, pages)`` after each page of a PDF.
    """
    files = expand_paths(paths)
    outcomes = []
    for done, path in enumerate(files, start=1):
        outcomes.append(_read_one(path, encoding, page_progress))
        if progress:
            progress(done, len(files), str(path))
    return outcomes


def store_parsed(documents: Iterable[ParsedDocument], store: Store) -> list[IngestReport]:
    """Write already parsed documents (e.g. after a preview the user confirmed) and regroup templates.

    Each document is written in one transaction: a failure never leaves half a document.
    """
    reports = [_report(parsed, *store.write_document(parsed)) for parsed in documents]
    if reports:
        store.rebuild_templates(float(settings.get("template_similarity")))
    return reports


def store_outcomes(outcomes: Iterable[ReadOutcome], store: Store) -> list[IngestReport]:
    """Store what was read, in file order: one report per document, one failed report per refused file."""
    outcomes = list(outcomes)
    written = iter(store_parsed([doc for outcome in outcomes for doc in outcome.documents], store))
    reports: list[IngestReport] = []
    for outcome in outcomes:
        reports.extend([next(written) for _ in outcome.documents] if outcome.error is None else [outcome.failed_report()])
    return reports


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    encoding: str | None = None,
    progress: Progress | None = None,
    page_progress: PageProgress | None = None,
) -> list[IngestReport]:
    """Read each file (folders recursively) and store its documents; a file that fails changes nothing.

    Args:
        paths: Published results (PDF, Word, web pages, Excel, text), council minutes, CSV or XLSX
            files, or folders holding them.
        store: Where precedents go. Re-ingesting a document replaces it in place.
        encoding: Force a text encoding for every text file instead of detecting it.
        progress: Called as ``progress(done, total, path)`` after each file.
        page_progress: Called as ``page_progress(path, page, pages)`` after each page of a PDF.

    Returns:
        One report per stored document, and one failed report per file that could not be read.
    """
    return store_outcomes(read_files(paths, encoding=encoding, progress=progress, page_progress=page_progress), store)


def seed_paths(seed_dir: Path) -> list[Path]:
    """The shipped seed documents, in name order (README files excluded)."""
    if not seed_dir.is_dir():
        return []
    return sorted(
        path for path in seed_dir.iterdir()
        if path.suffix.lower() in SEED_SUFFIXES and path.stem.upper() != "README"
    )


def ensure_seeded(store: Store, seed_dir: Path | None = None) -> list[IngestReport]:
    """Ingest the seed corpus once, into a store that has never held a document.

    Returns:
        The reports of the seed ingest, or an empty list when nothing was done.
    """
    if store.get_meta("seeded_at") is not None or store.stats().n_documents:
        return []
    reports = ingest(seed_paths(seed_dir or Path(settings.get("seed_dir"))), store)
    store.set_meta("seeded_at", datetime.now(timezone.utc).isoformat())
    return reports


def open_corpus(path: str | Path | None = None) -> tuple[Store, list[IngestReport]]:
    """Open the configured store, seeding it on first use when ``auto_seed`` is on.

    Returns:
        ``(store, seed reports)``; the reports are empty unless seeding happened now.
    """
    store = Store(path or settings.get("db_path"))
    reports = ensure_seeded(store) if settings.get("auto_seed") else []
    return store, reports
