"""Ingest stage: files in, precedents and templates in the store, one report per document.

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
from datetime import datetime, timezone
from pathlib import Path

from assistant import settings
from assistant.errors import IngestError
from assistant.models import IngestReport, ParsedDocument
from assistant.readers import SPREADSHEET_SUFFIXES, read_document
from assistant.store import Store

Progress = Callable[[int, int, str], None]
SEED_SUFFIXES = {".txt", *SPREADSHEET_SUFFIXES}


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
    )


def store_parsed(documents: Iterable[ParsedDocument], store: Store) -> list[IngestReport]:
    """Write already parsed documents (e.g. after a preview the user confirmed) and regroup templates."""
    reports = [_report(parsed, *store.write_document(parsed)) for parsed in documents]
    if reports:
        store.rebuild_templates(float(settings.get("template_similarity")))
    return reports


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    encoding: str | None = None,
    progress: Progress | None = None,
) -> list[IngestReport]:
    """Read each file and store its documents; a file that fails changes nothing.

    Args:
        paths: Published result texts, council minutes, CSV or XLSX files.
        store: Where precedents go. Re-ingesting a document replaces it in place.
        encoding: Force a text encoding for every file instead of detecting it.
        progress: Called as ``progress(done, total, path)`` after each file.

    Returns:
        One report per stored document, and one failed report per file that could not be read.
    """
    paths = [Path(path) for path in paths]
    outcomes: list[list[ParsedDocument] | IngestReport] = []
    for done, path in enumerate(paths, start=1):
        try:
            outcomes.append(read_document(path, encoding))
        except IngestError as error:
            outcomes.append(IngestReport(source=str(path), ok=False, error=error.reason))
        if progress:
            progress(done, len(paths), str(path))
    written = iter(store_parsed([doc for o in outcomes if isinstance(o, list) for doc in o], store))
    reports: list[IngestReport] = []
    for outcome in outcomes:
        reports.extend([next(written) for _ in outcome] if isinstance(outcome, list) else [outcome])
    return reports


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
