"""Ingest stage: files and folders in, precedents and templates in the store, one report per document.

A document replaces a stored one only when it is the same source (same file content, the same file, or the
same title and period with comments alike); otherwise both are kept. :func:`plan_documents` says which (with the items before
and after) so that the app can ask before replacing; the store is backed up before an ingest that replaces a document (else daily).

Example:
    >>> from assistant.settings import SEED_DIR
    >>> from assistant.store import Store
    >>> store = Store(":memory:")
    >>> reports = ingest([SEED_DIR / "000_f2fb9ba048e34b46.txt"], store)
    >>> reports[0].n_items
    9
"""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from assistant import settings
from assistant.backup import backup_before_change, ensure_daily_backup
from assistant.errors import AssistantError, IngestBusyError, IngestError, StoreBusyError
from assistant.models import Document, DocumentPlan, IngestReport, ParsedDocument
from assistant.readers import (NOT_DOCUMENT_SUFFIXES, RESAVE_SUFFIXES, SPREADSHEET_SUFFIXES, SUPPORTED_SUFFIXES, file_kind,
                               read_document)
from assistant.store import (COPY_OVERLAP, UPLOADED, Store, comment_keys, item_keys, items_overlap, periods_differ,
                             versions_alike)
from assistant.textnorm import normalize, squash
from assistant.users import SYSTEM, User, require

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


def _report(parsed: ParsedDocument, plan: DocumentPlan, written: bool) -> IngestReport:
    return IngestReport(
        source=parsed.source,
        ok=written,
        document_id=plan.document_id if written else None,
        title=parsed.meta.title,
        kind=parsed.meta.kind,
        n_items=len(parsed.items) if written else 0,
        declared_count=parsed.meta.declared_count,
        warnings=parsed.warnings,
        error=None if written else (f"{_replaced_name(plan)}「{plan.replaces.title}」を{plan.describe()}することになるため、"
                                    "確認がないまま取り込んでいません。内容を確認してから置き換えてください。"),
        replaced=written and plan.replaces is not None,
        file_kind=_kind(parsed),
        plan=plan,
        needs_confirmation=not written,
    )


def _kind(parsed: ParsedDocument) -> str:
    """The format a document was read as (a PDF named .txt is a PDF), else as its name says."""
    return parsed.file_kind or (file_kind(parsed.source) if Path(parsed.source).suffix else "")


def _replaced_name(plan: DocumentPlan) -> str:
    if plan.replaces_batch_file:
        return f"同じ回に取り込む {Path(plan.replaces_batch_file).name} の文書"
    return "既にある同じ文書"


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files to read: each file as given; each folder's documents, recursively, in name order.

    A folder gives its supported files and the documents that must be saved again first (.doc, .xls,
    OpenDocument, RTF, 一太郎: listed so that reading them says how, never passed over in silence), and
    the archives and images it holds (:data:`NOT_DOCUMENT_SUFFIXES`: reading them says to unpack the ZIP
    file, or that an image is not read). Hidden files and folders and Office lock files (``~$report.docx``)
    are skipped. A folder with no document is kept as it is, so that
    reading it reports the problem, and so is a folder inside that cannot be listed (no permission). A file reached twice (named, and inside a folder named too) is listed once.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            found.append(path)
            continue
        inside = sorted(
            child for child in path.rglob("*")
            if not any(part.startswith(_LOCK_PREFIXES) for part in child.relative_to(path).parts)
            and ((child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES | RESAVE_SUFFIXES | NOT_DOCUMENT_SUFFIXES)
                 or (child.is_dir() and not _listable(child)))  # rglob passes over it: listed, reading it says why
        )
        found.extend(inside or [path])
    seen: set[Path] = set()  # a file named twice (itself and inside its folder) is read once
    unique = []
    for path in found:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(path)
    return unique


def _listable(folder: Path) -> bool:
    """Whether the folder's entries can be listed (rglob passes over one that cannot, silently)."""
    try:
        with os.scandir(folder) as entries:
            next(entries, None)
    except PermissionError:
        return False
    return True


def _read_one(path: Path, encoding: str | None, page_progress: PageProgress | None) -> ReadOutcome:
    if path.is_dir():
        if not _listable(path):  # it said there was no file of a kind read here, of a folder holding a CSV
            return ReadOutcome(path, error="このフォルダーの中を読む権限がありません。フォルダーの権限（所有者・読み取り許可）を"
                                           "確かめるか、読める場所にコピーしてから取り込んでください。")
        kinds = " ".join(sorted(SUPPORTED_SUFFIXES))
        return ReadOutcome(path, error=f"フォルダーの中に取り込める形式のファイルがありません（{kinds}）。")
    pages = (lambda page, total: page_progress(str(path), page, total)) if page_progress else None
    try:
        return ReadOutcome(path, tuple(read_document(path, encoding, pages)))
    except IngestError as error:
        return ReadOutcome(path, error=error.reason)
    except PermissionError:  # was 「予期しないエラー…管理者に連絡してください」
        return ReadOutcome(path, error="このファイルを読む権限がありません。ファイルの権限（所有者・読み取り許可）を確かめるか、"
                                       "読める場所にコピーしてから取り込んでください。")
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
    # A document that another file of the batch gives too is stored once (batch_copies); when the two read
    # differently, the one stored says so.
    documents = [document for outcome in outcomes for document in outcome.documents]
    noted = iter(_with_copy_notes(documents, batch_copies(documents)))
    return [dataclasses.replace(outcome, documents=tuple(next(noted) for _ in outcome.documents)) for outcome in outcomes]


def as_uploaded(outcomes: Iterable[ReadOutcome]) -> list[ReadOutcome]:
    """The outcomes of files uploaded through the app, each read from a temporary copy of its own, with every
    document's source recorded as 「アップロード/<the file's name>」 (:data:`assistant.store.UPLOADED`) instead of
    that copy's path: the same file uploaded again (edited, or saved again) is then the same source, as a file
    read again from its path is; a stored upload is replaced by it only when its comments are alike too (see
    :meth:`Store.plan_document`). Two files of one name and different content uploaded at once keep their place in
    the upload (「アップロード/2/結果.pdf」) so that they stay two sources. The same file chosen twice (the same name and
    bytes) is one file: its last choice is 「アップロード/<name>」, stored, and the earlier ones, numbered, are its copies
    (:func:`batch_copies`), so that an edited upload of it later replaces it as after a single upload (its numbered
    source had been stored, and the edited file was added beside it, its answers twice)."""
    outcomes = list(outcomes)
    names = Counter(outcome.path.name for outcome in outcomes)

    def content(index: int, outcome: ReadOutcome) -> object:  # a file not read, or of no checksum, is its own
        sums = {document.source_sha256 for document in outcome.documents}
        return sums.pop() if len(sums) == 1 and "" not in sums else index

    contents: dict[str, set] = {}
    last: dict[str, int] = {}
    for index, outcome in enumerate(outcomes):
        contents.setdefault(outcome.path.name, set()).add(content(index, outcome))
        last[outcome.path.name] = index

    def source(index: int, path: Path) -> str:
        numbered = names[path.name] > 1 and (len(contents[path.name]) > 1 or index != last[path.name])
        return f"{UPLOADED}/{index + 1}/{path.name}" if numbered else f"{UPLOADED}/{path.name}"

    return [dataclasses.replace(outcome, documents=tuple(dataclasses.replace(document, source=source(index, outcome.path))
                                                         for document in outcome.documents))
            for index, outcome in enumerate(outcomes)]


# Formats by how faithfully their result tables are read, most faithful first: a spreadsheet or a Word file
# holds the city's own table, a saved web page its published HTML, a PDF a print of it (rows split over
# pages, columns found from positions), plain text an extraction with no table at all.
FIDELITY = {"Excel": 0, "CSV": 0, "Word": 1, "Web ページ": 2, "PDF": 3}


def _fidelity(source: str) -> int:
    return FIDELITY.get(file_kind(source), len(FIDELITY))


def _same_document(one: ParsedDocument, other: ParsedDocument, keys: dict[int, set]) -> bool:
    """Two files' documents are one document's copies: the same file content, or the same title and period
    (both, or neither, stated) with the same items: all of them between files of one format (a copy in
    another folder), :data:`~assistant.store.COPY_OVERLAP` of them between formats (a PDF reads a row or two differently)."""
    if one.source_sha256 and one.source_sha256 == other.source_sha256:
        return True
    if (one.meta.period_start, one.meta.period_end) != (other.meta.period_start, other.meta.period_end):
        return False
    mine, theirs = keys[id(one)], keys[id(other)]
    if _fidelity(one.source) == _fidelity(other.source):
        return mine == theirs
    return items_overlap(mine, theirs)


def batch_copies(documents: list[ParsedDocument]) -> dict[int, int]:
    """The documents of a batch that another of its files gives too, each mapped to the one that is stored.

    Copies have the same title and are the same document (:func:`_same_document`): a result kept as Word,
    PDF and web page, or one file in two folders. A title that extends the other (the PDF's 「…の結果」 ran on into
    「寄せられたご意見と本市の考え方」, the web page's heading did not) is the same document too with the same
    stated period and :data:`~assistant.store.COPY_OVERLAP` of the items alike (:func:`_extended_copy`), and so are documents
    titled with their files' names whose content is the same (:func:`_named_copies`: a list copied under another name). Of the files giving one
    document, the format read most faithfully (:data:`FIDELITY`: the Word file, not the PDF printed from it) is
    stored; between files of one format (identical items), the later in the batch. Documents of one file are never
    copies of each other, and two files of one title whose items differ more are not copies (versions: the newer is
    stored, see :func:`batch_versions`).

    Example:
        >>> from assistant.models import DocumentMeta, ParsedItem
        >>> meta = DocumentMeta("除雪計画の結果", "table", period_start="2026-01-05", period_end="2026-02-04")
        >>> items = (ParsedItem("1", "除雪を増やして。", ("実施します。",)),)
        >>> batch_copies([ParsedDocument(meta, items, source="結果.docx"), ParsedDocument(meta, items, source="結果.pdf")])
        {1: 0}
    """
    titles = [normalize(parsed.meta.title) for parsed in documents]
    by_title: dict[str, list[int]] = {}
    for index, title in enumerate(titles):
        by_title.setdefault(title, []).append(index)
    keys = {id(parsed): item_keys(parsed) for parsed in documents}
    leader = list(range(len(documents)))  # union-find over the pairs that are copies

    def find(index: int) -> int:
        while leader[index] != index:
            index = leader[index]
        return index

    for one, other in _titled_pairs(by_title):
        first, second = documents[one], documents[other]
        if first.source != second.source and _same_document(first, second, keys) and (
                titles[one] == titles[other] or _extended_copy(first, second, keys)):
            leader[find(other)] = find(one)
    for group in _named_copies(documents):
        for one, other in zip(group, group[1:]):
            leader[find(other)] = find(one)
    clusters: dict[int, list[int]] = {}
    for index in range(len(documents)):
        clusters.setdefault(find(index), []).append(index)
    copies: dict[int, int] = {}
    for cluster in clusters.values():
        if len({documents[index].source for index in cluster}) < 2:
            continue
        best = min(cluster, key=lambda index: (_fidelity(documents[index].source), -index))
        kept = next(index for index in cluster if documents[index].source == documents[best].source)
        copies.update({index: kept for index in cluster if documents[index].source != documents[best].source})
    return copies


def _content(parsed: ParsedDocument) -> tuple:
    """What the identity check compares of a document but its title (a replacement by the same content is 「変更なし」,
    see :meth:`assistant.store.Store.plan_document`): its period and kind, and each item's key, comment, answer
    paragraphs and topic (normalised), in order."""
    meta = parsed.meta
    return (meta.kind, meta.period_start, meta.period_end,
            tuple((item.key or item.no, item.positional, normalize(item.comment),
                   tuple(normalize(paragraph) for paragraph in item.answer_paragraphs), item.topic or "")
                  for item in parsed.items))


def _named_copies(documents: list[ParsedDocument]) -> list[list[int]]:
    """Groups of the batch's documents (two files at least) titled with their file's name (a list with no title,
    「除雪回答集.csv」), whose content is the same (:func:`_content`): one list copied under another name
    (「回答集コピー.csv」) is one document's copies whatever the names. Paired by title only, the copy replaced the first
    file's document under its own name with a false warning of the same title, and each run of the unchanged folder
    replaced it twice (the title flipping, a backup written)."""
    groups: dict[tuple, list[int]] = {}
    for index, parsed in enumerate(documents):
        if parsed.items and not parsed.source.startswith("drafts:") and normalize(parsed.meta.title) == normalize(
                Path(parsed.source).stem):
            groups.setdefault(_content(parsed), []).append(index)
    return [group for group in groups.values() if len({documents[index].source for index in group}) > 1]


def _titled_pairs(by_title: dict[str, list[int]]) -> list[tuple[int, int]]:
    """Pairs of documents (earlier first) whose titles are the same, or one title the other's beginning (the PDF of a
    Word file whose title ran on into its next line, 「…の結果寄せられたご意見と本市の考え方」, beside the web page's
    heading 「…の結果」)."""
    pairs = []
    names = sorted(by_title)
    for position, title in enumerate(names):
        members = by_title[title]
        pairs += [(one, other) for at, one in enumerate(members) for other in members[at + 1:]]
        for longer in names[position + 1:]:
            if not longer.startswith(title):
                break
            if title:
                pairs += [(min(one, other), max(one, other)) for one in members for other in by_title[longer]]
    return sorted(pairs)


def _extended_copy(one: ParsedDocument, other: ParsedDocument, keys: dict[int, set]) -> bool:
    """Documents whose titles differ (one extends the other) are copies only with a stated period and items, of which
    :data:`~assistant.store.COPY_OVERLAP` read alike whatever their formats (or the same file content)."""
    if one.source_sha256 and one.source_sha256 == other.source_sha256:
        return True
    mine, theirs = keys[id(one)], keys[id(other)]
    return (bool(one.meta.period_start) and bool(mine) and bool(theirs)
            and items_overlap(mine, theirs))


def _shown_name(source: str, other: str) -> str:
    """A file's name, or its whole path when the other file has the same name (one file in two folders)."""
    return source if Path(source).name == Path(other).name else Path(source).name


def _with_copy_notes(documents: list[ParsedDocument], copies: dict[int, int]) -> list[ParsedDocument]:
    """The stored documents, each warned about a copy of it in the batch whose items read differently
    (a row the PDF reading split, a draft beside the published version): staff check which is final."""
    notes: dict[int, list[str]] = {}
    for index, kept in copies.items():
        copy, stored = documents[index], documents[kept]
        mine, theirs = item_keys(stored), item_keys(copy)
        if mine != theirs:
            notes.setdefault(kept, []).append(
                f"同じ文書を {_shown_name(copy.source, stored.source)}（{file_kind(copy.source)}）からも読みましたが、"
                f"項目が少し違います（このファイルにだけある項目 {len(mine - theirs)}、そちらにだけある項目 {len(theirs - mine)}）。"
                "使うのはこのファイルの内容です。違う項目を原本で確かめてください。")
    return [dataclasses.replace(parsed, warnings=parsed.warnings + tuple(notes[index])) if index in notes else parsed
            for index, parsed in enumerate(documents)]


def _copy_plan(parsed: ParsedDocument, kept: ParsedDocument) -> DocumentPlan:
    return DocumentPlan("", None, 0, len(parsed.items), copy_of=kept.source)


def _approved_copies(documents: list[ParsedDocument], store: Store) -> dict[int, Document]:
    """The batch's documents whose items (comment and answer, as :func:`assistant.store.item_keys` compares them) are
    those of a stored ``drafts:`` document, each mapped to it: the answer table exported from a consultation whose approved
    answers were added to the corpus (「決裁済の回答を前例に加える」), the same answers again. Stored again beside them,
    every precedent was found twice."""
    approved = [document for document in store.documents() if document.source.startswith("drafts:")]
    if not approved:
        return {}
    stored: dict[str, set[tuple[str, str]]] = {}
    found: dict[int, Document] = {}
    for index, parsed in enumerate(documents):
        if parsed.source.startswith("drafts:") or not parsed.items:
            continue
        mine = item_keys(parsed)
        for document in approved:
            if document.id not in stored:
                stored[document.id] = {(squash(p.comment), squash(p.answer)) for p in store.precedents(document.id)}
            if stored[document.id] == mine:
                found[index] = document
                break
    return found


def _approved_copy(index: int, copies: dict[int, int], approved: dict[int, Document]) -> Document | None:
    """The stored approved answers that the batch's document ``index`` repeats, itself or through the file of the
    batch it is a copy of (the Word export beside the Excel one)."""
    return approved.get(index) or approved.get(copies.get(index, -1))


def _approved_copy_plan(parsed: ParsedDocument, document: Document) -> DocumentPlan:
    return DocumentPlan("", None, document.parsed_count, len(parsed.items), copy_of=document.source, copy_stored=True)


def _stored_copy_plan(parsed: ParsedDocument, plan: DocumentPlan, store: Store) -> DocumentPlan:
    """``plan``, checked against the stored document it would replace when that one was read from a more
    faithful format (:data:`FIDELITY`: the Word file ingested last month, and now the PDF printed from it):
    the same items, a copy plan (the better reading stays); items alike as between a batch's copies
    (:data:`~assistant.store.COPY_OVERLAP`) but some read differently, the replacement still (it may be a corrected version),
    noting the stored file in ``better_reading`` so that staff check before replacing.

    A part of the stored document from another file (at most half as many items, :data:`~assistant.store.COPY_OVERLAP`
    of them held by it, see :func:`batch_parts`) does not replace it whatever the formats: part 1 of a result ingested after the
    whole replaced the whole's 6 items with its 3 (「削除 3」)."""
    stored = plan.replaces
    if stored is None or parsed.source.startswith("drafts:") or stored.source.startswith("drafts:"):
        return plan
    part = 2 * len(parsed.items) <= stored.parsed_count and parsed.items and stored.source != parsed.source
    # (not a part: the same file, or an upload of the same name, shrunk: a staff list pruned, which replaces as before)
    if not part and _fidelity(stored.source) >= _fidelity(parsed.source):
        return plan
    mine = item_keys(parsed)
    theirs = {(squash(precedent.comment), squash(precedent.answer)) for precedent in store.precedents(stored.id)}
    if part:
        held = sum((squash(item.comment), squash(item.answer)) in theirs for item in parsed.items)
        # All its items, or three at least (as batch_parts asks): a 別紙 of two items replaced the whole's ten, 「削除 8」
        if held == len(mine) or held >= max(3, COPY_OVERLAP * len(mine)):
            return DocumentPlan("", None, stored.parsed_count, len(parsed.items), part_of=stored.source,
                                part_contained=held, copy_stored=True)
    if _fidelity(stored.source) >= _fidelity(parsed.source):
        return plan
    if mine == theirs:
        return DocumentPlan("", None, stored.parsed_count, len(parsed.items), copy_of=stored.source, copy_stored=True)
    if items_overlap(mine, theirs):
        return dataclasses.replace(plan, better_reading=stored.source)
    return plan  # other items: a corrected version, which replaces the stored one as before


def better_reading_note(plan: DocumentPlan, source: str) -> str:
    """What staff check before a less faithful copy replaces the stored reading (see :func:`_stored_copy_plan`)."""
    kept = plan.better_reading
    return (f"取り込み済みの {Path(kept).name}（{file_kind(kept)}）は、このファイル（{file_kind(source)}）より表を正確に読めます。"
            f"違う項目（{plan.changes.describe()}）がこのファイルの読み違いなら、置き換えないでください。訂正版なら置き換えてください。")


def copy_name(kept: str, source: str) -> str:
    """The stored or kept copy of a document as a message names it: 「kekka.docx（Word）」, or 「「除雪計画2026」の決裁済の
    回答」 for the approved answers of a consultation added to the corpus (source ``drafts:<consultation>``)."""
    if kept.startswith("drafts:"):
        return f"「{kept.removeprefix('drafts:')}」の決裁済の回答"
    return f"{_shown_name(kept, source)}（{file_kind(kept)}）"


def copy_reason(source: str, kept: str) -> str:
    """Why ``kept`` is stored rather than ``source`` (see :func:`batch_copies`): 「Word の方が表を正確に読めます」."""
    if kept.startswith("drafts:"):
        return "ご意見も回答もすべて同じです"
    if _fidelity(kept) < _fidelity(source):
        return f"{file_kind(kept)} の方が表を正確に読めます"
    return "同じ形式で、項目もすべて同じです"


def _copy_report(parsed: ParsedDocument, plan: DocumentPlan) -> IngestReport:
    kept = plan.copy_of
    mine = _kind(parsed) or file_kind(parsed.source)
    if kept.startswith("drafts:"):
        error = (f"同じ回答を{copy_name(kept, parsed.source)}として前例に加えてあるため、"
                 f"このファイル（{mine}）は取り込んでいません（{copy_reason(parsed.source, kept)}）。")
    elif plan.copy_stored:
        error = (f"同じ文書を {copy_name(kept, parsed.source)}から取り込み済みのため、"
                 f"このファイル（{mine}）は取り込んでいません（{copy_reason(parsed.source, kept)}）。")
    else:
        error = (f"同じ文書を {copy_name(kept, parsed.source)}から取り込んだため、"
                 f"このファイル（{mine}）は取り込んでいません（{copy_reason(parsed.source, kept)}）。")
    return IngestReport(
        source=parsed.source, ok=False, title=parsed.meta.title, kind=parsed.meta.kind,
        declared_count=parsed.meta.declared_count, file_kind=mine, plan=plan, error=error,
    )


def plan_documents(documents: Iterable[ParsedDocument], store: Store) -> list[DocumentPlan]:
    """What storing each document would do (add, replace with the items before and after, or nothing for a
    copy of another file's document, see :func:`batch_copies`, for an older version of another file's document,
    see :func:`batch_versions`, or for a part of another file's document, see :func:`batch_parts`); writes nothing.

    The plans are those :func:`write_documents` follows: a document that still replaces another file's document
    of the same batch is planned as that replacement (``replaces_batch_file``), so that the app asks before
    anything is written."""
    documents = list(documents)
    return _plans(documents, store, batch_copies(documents))


def _batch_titled(earlier: ParsedDocument, parsed: ParsedDocument) -> bool:
    """Another file of the batch, of the same title and the same stated period."""
    one, other = earlier.meta, parsed.meta
    return (earlier.source != parsed.source and normalize(one.title) == normalize(other.title)
            and bool(other.period_start) and (one.period_start, one.period_end) == (other.period_start, other.period_end))


def _batch_same(earlier: ParsedDocument, parsed: ParsedDocument) -> bool:
    """Whether ``parsed``, written after ``earlier`` (another file of its batch), replaces it: as
    :meth:`Store.plan_document` decides once ``earlier`` is stored (same title, same period, comments alike): half of
    ``parsed``'s comments in ``earlier``'s, as the store asks (asked the other way round, a 6-item file sharing 4
    comments with a 10-item one was previewed as 「追加」 and then replaced it, unasked)."""
    return _batch_titled(earlier, parsed) and versions_alike(comment_keys(parsed), comment_keys(earlier))


def _modified(source: str) -> int | None:
    """A read file's modification time (ns), or None when it is not known: an upload (read from a temporary copy
    written in upload order), approved drafts, a file gone since."""
    if source.startswith((f"{UPLOADED}/", "drafts:")):
        return None
    try:
        return os.stat(source).st_mtime_ns
    except OSError:
        return None


def batch_versions(documents: list[ParsedDocument], copies: dict[int, int]) -> dict[int, int]:
    """The documents of a batch that another of its files gives in a newer version, each mapped to that file's.

    Two documents are versions of one result when they have the same title and the same stated period, their
    comments are alike both ways (``versions_alike`` each way, as :func:`_batch_same` asks one way: a draft and its corrected final version in one
    folder) and neither holds at most half as many items as the other (a 概要版 beside the full result, part 1
    beside the whole, are parts, not versions). The newest is stored and the versions alike to it are not: of two
    files, the one modified last when both modification times are known and differ, else (uploads, the same time)
    the later in the batch, as before. A document is left out only for the file actually kept, never through a
    third. Storing each in turn had let the later by name replace the newer (「…（修正版）.docx」 sorts before
    「…（案）.docx」), and every run of an unchanged folder replaced the document twice. Copies of another file's
    document (``copies``) are not versions."""
    candidates = [index for index, parsed in enumerate(documents)
                  if index not in copies and parsed.meta.period_start and not parsed.source.startswith("drafts:")]
    alike: dict[int, set[int]] = {index: set() for index in candidates}
    keys: dict[int, set[str]] = {}  # each document's comment keys, read once (only for those of a shared title)

    def keys_of(index: int) -> set[str]:
        if index not in keys:
            keys[index] = comment_keys(documents[index])
        return keys[index]

    for position, one in enumerate(candidates):
        for other in candidates[position + 1:]:
            sizes = sorted((len(documents[one].items), len(documents[other].items)))
            if 2 * sizes[0] > sizes[1] and _batch_titled(documents[one], documents[other]):
                mine, theirs = keys_of(one), keys_of(other)
                if versions_alike(mine, theirs) and versions_alike(theirs, mine):
                    alike[one].add(other)
                    alike[other].add(one)
    # newest first: by modification time where known (equal times, or none, fall back to the batch's order)
    order = sorted((index for index in candidates if alike[index]),
                   key=lambda index: (_modified(documents[index].source) or 0, index), reverse=True)
    versions: dict[int, int] = {}
    kept: set[int] = set()
    for index in order:
        if index in versions:
            continue
        kept.add(index)
        versions.update({other: index for other in alike[index] if other not in versions and other not in kept})
    return versions


def _by_time(documents: list[ParsedDocument], indexes: Iterable[int]) -> bool:
    """Whether the files of these documents can be told apart by their modification times (each known, none alike)."""
    times = {documents[index].source: _modified(documents[index].source) for index in indexes}
    return None not in times.values() and len(set(times.values())) == len(times)


def _superseded(documents: list[ParsedDocument], copies: dict[int, int]) -> dict[int, DocumentPlan]:
    """The plans of the batch's documents that are not stored as an older version of another file's document
    (:func:`batch_versions`), and of their copies (a draft's PDF beside it), by index."""
    versions = batch_versions(documents, copies)
    plans = {}
    for index, newest in versions.items():
        plans[index] = DocumentPlan("", None, 0, len(documents[index].items), superseded_by=documents[newest].source,
                                    superseded_newer=_by_time(documents, (index, newest)))
    for index, kept in copies.items():
        if kept in plans:
            plans[index] = dataclasses.replace(plans[kept], after=len(documents[index].items))
    return plans


def superseded_note(plan: DocumentPlan, source: str, *, done: bool = True) -> str:
    """Why a document is not stored: another file of the batch gives its newer version (see :func:`batch_versions`);
    ``done``: the ingest is over (else the preview)."""
    kept = _shown_name(plan.superseded_by, source)
    ending = "取り込みませんでした" if done else "取り込みません"
    if plan.superseded_newer:
        why = (f"{kept} の方が新しい版（更新日時 {_modified_text(plan.superseded_by)}、このファイルは {_modified_text(source)}）"
               f"のため、このファイル（古い版）は{ending}。")
    else:
        why = f"どちらが新しい版か更新日時で分からないため、同じ回で後の {kept} を新しい版として取り込み、このファイルは{ending}。"
    return (f"同じ回の {kept} と件名・期間が同じで、ご意見の半分以上も同じため、同じ結果の別の版とみなしました。{why}"
            "こちらが最終版なら、このファイルだけを取り込んでください。")


def _modified_text(source: str) -> str:
    modified = _modified(source)
    return datetime.fromtimestamp(modified / 1e9).strftime("%Y-%m-%d %H:%M") if modified is not None else "不明"


def _superseded_report(parsed: ParsedDocument, plan: DocumentPlan) -> IngestReport:
    return IngestReport(source=parsed.source, ok=False, title=parsed.meta.title, kind=parsed.meta.kind,
                        declared_count=parsed.meta.declared_count, file_kind=_kind(parsed), plan=plan,
                        error=superseded_note(plan, parsed.source))


def batch_parts(documents: list[ParsedDocument], left_out: Collection[int] = ()) -> dict[int, int]:
    """The documents of a batch that are a part of another of its files' documents, each mapped to that one.

    A document is a part of another file's document (the whole result beside its part 1 or 別紙 2, or beside an extract)
    when that one holds at least twice as many items (documents of sizes closer than that are versions, see
    :func:`batch_versions`) and :data:`~assistant.store.COPY_OVERLAP` of this one's items (comment and answer, as
    :func:`assistant.store.item_keys` compares them; three at least), with the same stated period (both state one) or
    the same title.
    Stored beside the whole, each of its answers was found twice. Of the documents holding it, the largest is named;
    a document that is itself a part holds none (the whole is), and a part never leaves the whole out. Documents
    ``left_out`` (copies and older versions of another file's document, approved answers stored before) are neither
    parts nor wholes, nor are a file's own documents parts of each other.

    Example:
        >>> from assistant.models import DocumentMeta, ParsedItem
        >>> items = tuple(ParsedItem(str(n), f"除雪について {n}", ("実施します。",)) for n in range(1, 7))
        >>> whole = ParsedDocument(DocumentMeta("除雪計画の結果", "table"), items, source="結果.docx")
        >>> part = ParsedDocument(DocumentMeta("除雪計画の結果", "table"), items[:3], source="結果（その1）.docx")
        >>> batch_parts([part, whole])
        {0: 1}
    """
    candidates = [index for index, parsed in enumerate(documents)
                  if index not in left_out and parsed.items and not parsed.source.startswith("drafts:")]
    keys = {index: item_keys(documents[index]) for index in candidates}
    parts: dict[int, int] = {}
    wholes: list[int] = []  # the documents stored, largest first
    for index in sorted(candidates, key=lambda index: (-len(documents[index].items), index)):
        whole = next((whole for whole in wholes if _part_of(documents[index], documents[whole], keys[index], keys[whole])),
                     None)
        if whole is None:
            wholes.append(index)
        else:
            parts[index] = whole
    return dict(sorted(parts.items()))


def _part_of(part: ParsedDocument, whole: ParsedDocument, mine: set, theirs: set) -> bool:
    """Whether ``whole``, another file's document of the batch, holds ``part`` (see :func:`batch_parts`)."""
    one, other = part.meta, whole.meta
    return (part.source != whole.source and len(whole.items) >= 2 * len(part.items)
            and ((bool(one.period_start) and (one.period_start, one.period_end) == (other.period_start, other.period_end))
                 or (bool(normalize(one.title)) and normalize(one.title) == normalize(other.title)))
            and len(mine & theirs) >= max(3, COPY_OVERLAP * len(mine)))  # three at least: 「賛成です。」 is in many a list


def _parts(documents: list[ParsedDocument], copies: dict[int, int], left_out: Collection[int]) -> dict[int, DocumentPlan]:
    """The plans of the batch's documents that are not stored as a part of another file's document
    (:func:`batch_parts`), and of their copies (the PDF of part 1 beside its Word file), by index."""
    parts = batch_parts(documents, {*copies, *left_out})
    parts.update({index: parts[kept] for index, kept in copies.items() if kept in parts and index not in left_out})
    return {index: _part_plan(documents[index], documents[whole]) for index, whole in parts.items()}


def _part_plan(parsed: ParsedDocument, whole: ParsedDocument) -> DocumentPlan:
    theirs = item_keys(whole)
    held = sum((squash(item.comment), squash(item.answer)) in theirs for item in parsed.items)
    return DocumentPlan("", None, 0, len(parsed.items), part_of=whole.source, part_contained=held)


def part_note(plan: DocumentPlan, source: str, *, done: bool = True) -> str:
    """Why a document is not stored: another file of the batch holds its items (see :func:`batch_parts`), all of them
    or how many (the others are not stored: staff check them); ``done``: the ingest is over (else the preview)."""
    missing = plan.after - plan.part_contained
    held = "がすべて" if not missing else f"のうち {plan.part_contained} 件が"
    stored = "取り込み済みの " if plan.copy_stored else ""
    note = (f"{stored}{copy_name(plan.part_of, source)}にこの文書の項目 {plan.after} 件{held}含まれているため、このファイル（一部）は"
            f"{'取り込みませんでした' if done else '取り込みません'}。")
    note += f"含まれていない {missing} 件は前例に入らないため、原本で確かめてください。" if missing else ""
    return note + ("訂正版として置き換えるなら、取り込み済みの文書を削除してから取り込んでください。" if plan.copy_stored else "")


def _part_report(parsed: ParsedDocument, plan: DocumentPlan) -> IngestReport:
    return IngestReport(source=parsed.source, ok=False, title=parsed.meta.title, kind=parsed.meta.kind,
                        declared_count=parsed.meta.declared_count, file_kind=_kind(parsed), plan=plan,
                        error=part_note(plan, parsed.source))


def _batch_other_period(earlier: ParsedDocument, parsed: ParsedDocument) -> bool:
    """Another file of the batch, of the same title, another stated period and comments alike: named in ``parsed``'s
    plan as :meth:`Store.other_period_versions` names it once ``earlier`` is stored."""
    one, other = earlier.meta, parsed.meta
    mine, theirs = comment_keys(parsed), comment_keys(earlier)
    return (earlier.source != parsed.source and one.title == other.title and periods_differ(other, one.period_start, one.period_end)
            and bool(mine and theirs) and versions_alike(mine, theirs))


def _left_out(documents: list[ParsedDocument], copies: dict[int, int], approved: dict[int, Document],
              versions: dict[int, DocumentPlan]) -> set[int]:
    """The batch's documents not stored whatever :func:`batch_parts` finds: approved answers stored before (and their
    copies) and older versions of another file's document (and theirs)."""
    return {index for index in range(len(documents)) if _approved_copy(index, copies, approved) is not None} | set(versions)


def _file_titles(documents: list[ParsedDocument]) -> list[frozenset[str]]:
    """For each document, the titles (normalised) of the other documents read from its file (a workbook's 件名): a
    stored document of one of those titles is theirs, never a retitled version of this one
    (:meth:`Store.plan_document`)."""
    by_source: dict[str, Counter] = {}
    for parsed in documents:
        by_source.setdefault(parsed.source, Counter())[normalize(parsed.meta.title)] += 1
    return [frozenset(title for title, count in by_source[parsed.source].items()
                      if title != normalize(parsed.meta.title) or count > 1) for parsed in documents]


def _plans(documents: list[ParsedDocument], store: Store, copies: dict[int, int]) -> list[DocumentPlan]:
    plans: list[DocumentPlan] = []
    written: list[tuple[str, int]] = []  # (id, index) of the batch's documents, in the order they would be written
    approved = _approved_copies(documents, store)
    versions = _superseded(documents, copies)
    parts = _parts(documents, copies, _left_out(documents, copies, approved, versions))
    siblings = _file_titles(documents)
    for index, parsed in enumerate(documents):  # as write_documents: a file's own documents never replace each other
        if (document := _approved_copy(index, copies, approved)) is not None:  # the approved answers, exported
            plans.append(_approved_copy_plan(parsed, document))
            continue
        if index in versions:  # an older version of another file's document in the batch
            plans.append(versions[index])
            continue
        if index in parts:  # a part of another file's document in the batch
            plans.append(parts[index])
            continue
        if index in copies:
            plans.append(_copy_plan(parsed, documents[copies[index]]))
            continue
        exclude = frozenset(plans[other].document_id for _, other in written if documents[other].source == parsed.source)
        plan = store.plan_document(parsed, exclude, siblings[index])
        taken = {document_id for document_id, _ in written}
        if plan.replaces is None or plan.replaces.id in taken:  # what the batch wrote before decides
            earlier = next((other for _, other in written if _batch_same(documents[other], parsed)), None)
            if earlier is not None:
                plan = store.plan_over(parsed, documents[earlier], plans[earlier].document_id)
            elif plan.replaces is not None:  # the stored document it matched is another file's of this batch by then
                plan = store.new_document_plan(parsed, unlike=(plan.replaces.id,))
            else:  # added; named beside the batch's documents of its title and period that it does not replace
                unlike = tuple(plans[other].document_id for _, other in written if _batch_titled(documents[other], parsed))
                plan = dataclasses.replace(plan, unlike=plan.unlike + tuple(i for i in unlike if i not in plan.unlike),
                                           same_title=tuple(i for i in plan.same_title if i not in unlike))
        else:
            plan = _stored_copy_plan(parsed, plan, store)
        if plan.replaces is None and not plan.copy_of and not plan.part_of:  # added: under the id the write finds free once the batch's
            # earlier documents are stored (the stored ids alone gave a second consultation of the same title and period
            # the first one's id, and its final version was previewed as 「追加」 while the write replaced it)
            moved = () if parsed.source.startswith("drafts:") else store.other_period_versions(parsed, exclude | taken) + tuple(
                plans[other].document_id for _, other in written if _batch_other_period(documents[other], parsed))
            plan = dataclasses.replace(plan, document_id=store.new_document_id(parsed, frozenset(taken)), other_period=moved)
        if not plan.copy_stored:
            written = [(document_id, other) for document_id, other in written
                       if not (plan.replaces is not None and document_id == plan.document_id)]
            written.append((plan.document_id, index))
        plans.append(plan)
    return plans


UNCONFIRMED_BATCH = ("同じ回のほかの文書の置き換えを確認していないため、この文書も取り込んでいません（一部だけを取り込むことは"
                     "しません）。置き換えを確認してから、もう一度取り込んでください。")


def write_documents(documents: Iterable[ParsedDocument], store: Store, *, user: User | None = None,
                    replace: bool = True) -> list[IngestReport]:
    """Write parsed documents without a role check (callers check theirs), after a backup when one replaces a
    stored document (else after the daily backup, when the newest backup is a day old).

    Each document is written in one transaction with its templates (grouped against the stored ones): a
    failure or a kill never leaves half a document. Without ``replace``, a batch in which any document would
    replace another (stored, or of the batch) and change its items, title or stored metadata (its 担当課, say:
    :attr:`DocumentPlan.other_changes`) writes nothing: the replacing documents' reports say that confirmation is
    needed, the others' that they wait for it (:data:`UNCONFIRMED_BATCH`). A replacement that changes nothing
    (「変更なし」, :attr:`DocumentPlan.needs_confirmation`) is never asked about, and is not written (no backup either).

    Raises:
        StoreBusyError: Other users kept the store locked before any document was written (nothing changed).
        IngestBusyError: They kept it locked partway: the documents before stay stored, the rest are not tried (each
            would wait as long again); its reports say which (:data:`BUSY_NOT_WRITTEN`) and its message names them.
    """
    documents = list(documents)
    copies = batch_copies(documents)
    plans = _plans(documents, store, copies)
    if not replace and any(plan.needs_confirmation for plan in plans):
        return [_superseded_report(parsed, plan) if plan.superseded_by else _part_report(parsed, plan) if plan.part_of
                else _copy_report(parsed, plan) if plan.copy_of
                else _report(parsed, plan, False) if plan.needs_confirmation
                else _waiting_report(parsed, plan) for parsed, plan in zip(documents, plans)]
    if any(plan.needs_confirmation for plan in plans):
        backup_before_change(store, "ingest")  # a replacement loses the stored version: keep a copy first
    elif any(plan.action == "追加" for plan in plans):
        ensure_daily_backup(store)  # an addition loses nothing (`corpus delete` undoes it); 「変更なし」 writes nothing
    reports: list[IngestReport] = []
    written: dict[str, set[str]] = {}  # per file, the ids its documents were written under
    by_id: dict[str, str] = {}  # each id written in this batch → the file written under it last
    approved = _approved_copies(documents, store)
    versions = _superseded(documents, copies)
    parts = _parts(documents, copies, _left_out(documents, copies, approved, versions))
    busy: StoreBusyError | None = None  # the store stayed locked: the documents after are not written
    siblings = _file_titles(documents)
    for index, parsed in enumerate(documents):
        if (document := _approved_copy(index, copies, approved)) is not None:  # the approved answers, exported
            reports.append(_copy_report(parsed, _approved_copy_plan(parsed, document)))
            continue
        if index in versions:  # the draft beside its final version: the final version is stored
            reports.append(_superseded_report(parsed, versions[index]))
            continue
        if index in parts:  # part 1 beside the whole result: the whole is stored
            reports.append(_part_report(parsed, parts[index]))
            continue
        if index in copies:  # the PDF beside its Word file: the Word file's reading is stored, once
            reports.append(_copy_report(parsed, _copy_plan(parsed, documents[copies[index]])))
            continue
        # Two documents of one file (a workbook's consultations) never replace each other.
        exclude = frozenset(written.get(parsed.source, ()))
        stored_copy = _stored_copy_plan(parsed, store.plan_document(parsed, exclude, siblings[index]), store)
        if stored_copy.part_of:  # part 1 of a result stored whole before: the whole stays
            reports.append(_part_report(parsed, stored_copy))
            continue
        if stored_copy.copy_stored:  # the PDF of a Word file ingested before: the Word file's reading stays
            reports.append(_copy_report(parsed, stored_copy))
            continue
        if busy is None:
            try:
                plan = store.write_document(parsed, replace=replace, exclude=exclude, file_titles=siblings[index],
                                            actor=user)
            except StoreBusyError as error:  # the documents written before stay: said, never 「何も変更していません」
                busy = error
        if busy is not None:  # each would wait as long again: the rest are not tried
            reports.append(_busy_report(parsed))
            continue
        if plan is None:  # a colleague's ingest made it a replacement after the plans above
            reports.append(_report(parsed, stored_copy, False))
            continue
        written.setdefault(parsed.source, set()).add(plan.document_id)
        report = _report(parsed, dataclasses.replace(plan, better_reading=stored_copy.better_reading), True)
        if by_id.get(plan.document_id, parsed.source) != parsed.source:  # never a silent replacement in one batch
            report = dataclasses.replace(report, warnings=report.warnings + (same_batch_note(by_id[plan.document_id]),))
        by_id[plan.document_id] = parsed.source
        reports.append(report)
    if busy is not None:
        reports = _busy_kept(documents, copies, _left_out(documents, copies, approved, versions), reports)
        if not any(report.ok for report in reports):  # nothing written: the store's own message is true
            raise busy
        raise IngestBusyError(busy_partway(reports), tuple(reports)) from busy
    return reports


BUSY_NOT_WRITTEN = ("ほかの人の保存や取り込みが続いていて、データベースに書き込めなかったため、取り込んでいません。"
                    "少し待ってから、もう一度取り込んでください。")


def _busy_report(parsed: ParsedDocument) -> IngestReport:
    return IngestReport(source=parsed.source, ok=False, title=parsed.meta.title, kind=parsed.meta.kind,
                        declared_count=parsed.meta.declared_count, warnings=parsed.warnings, error=BUSY_NOT_WRITTEN,
                        file_kind=_kind(parsed))


def _busy_kept(documents: list[ParsedDocument], copies: dict[int, int], left_out: Collection[int],
               reports: list[IngestReport]) -> list[IngestReport]:
    """The reports of an ingest the store's lock stopped partway, where a copy, an older version or a part of another
    document of the batch whose write the lock stopped is not written either (:data:`BUSY_NOT_WRITTEN`): it said
    that document's file was stored in its stead. ``left_out``: as :func:`_parts` is given it."""
    kept = {**copies, **batch_versions(documents, copies), **batch_parts(documents, {*copies, *left_out})}
    failed = {index for index, report in enumerate(reports) if report.error == BUSY_NOT_WRITTEN}
    changed = True
    while changed:  # a copy of a part: through the part to the whole
        changed = False
        for index, other in kept.items():
            if index not in failed and other in failed and not reports[index].ok:
                failed.add(index)
                changed = True
    return [_busy_report(parsed) if index in failed else report
            for index, (parsed, report) in enumerate(zip(documents, reports))]


def busy_partway(reports: Iterable[IngestReport]) -> str:
    """What an ingest that the store's lock stopped partway did: the documents stored (added, replaced or unchanged),
    and how many were not (:data:`BUSY_NOT_WRITTEN`)."""
    reports = list(reports)
    last = {report.document_id: report for report in reports if report.ok}  # a document replaced in the batch: once
    named = "、".join(f"{report.document_id} {report.title}（{report.plan.action if report.plan else '追加'}）"
                     for report in list(last.values())[:10]) + (" ほか" if len(last) > 10 else "")
    left = sum(report.error == BUSY_NOT_WRITTEN for report in reports)
    return (f"ほかの人の保存や取り込みが続いていて、途中からデータベースに書き込めなくなりました。それまでに保存した文書は "
            f"{len(last)} 件です（{named}）。残りの {left} 件の文書は取り込んでいません。少し待ってから、同じファイルを"
            "もう一度取り込んでください（保存済みの文書は「変更なし」となり、重複しません）。")


def _waiting_report(parsed: ParsedDocument, plan: DocumentPlan) -> IngestReport:
    return IngestReport(source=parsed.source, ok=False, title=parsed.meta.title, kind=parsed.meta.kind,
                        declared_count=parsed.meta.declared_count, warnings=parsed.warnings, error=UNCONFIRMED_BATCH,
                        file_kind=_kind(parsed), plan=plan)


def unlike_note(plan: DocumentPlan, delete_how: str, *, done: bool) -> str:
    """Why a document of a stored one's title and period is added beside it (:attr:`DocumentPlan.unlike`);
    ``delete_how`` says where staff delete a document (the command, or the page's section); ``done``: written."""
    return (f"件名と期間が同じ文書が既にあります（文書ID: {_named_ids(plan.unlike)}）が、ご意見の半分以上が違うため、別の意見募集の結果として"
            f"置き換えずに追加{'しました' if done else 'します'}（件名を読み違えているかもしれません）。同じ結果の古い版なら、"
            f"{delete_how}古いほうを削除してください。")


def unlike_replaced_note(plan: DocumentPlan, *, done: bool) -> str:
    """What a document replacing the stored one of its file path says when fewer than half of the comments are alike
    (:attr:`DocumentPlan.unlike_replaced`: perhaps the file was overwritten with another consultation's list); ``done``:
    written."""
    return (f"同じパスのファイルを編集したものとして、取り込み済みの文書（文書ID: {plan.document_id}）を置き換え"
            f"{'ました' if done else 'ます'}が、ご意見の半分以上が違います（別の意見募集の一覧で上書きしたファイルかもしれません）。"
            "両方を残すなら、別の意見募集の一覧は別のファイル名で保存して取り込み、元の一覧のファイルも取り込み直してください"
            "（置き換える前の内容は、取り込み前に取ったバックアップにあります）。")


def _named_ids(ids: tuple[str, ...]) -> str:
    """Document ids as a note names them: the first three, and 「ほか」 when there are more."""
    return "、".join(ids[:3]) + (" ほか" if len(ids) > 3 else "")


def other_period_note(plan: DocumentPlan, delete_how: str, *, done: bool) -> str:
    """What a document added beside stored ones of its title, another period and comments alike says
    (:attr:`DocumentPlan.other_period`); ``delete_how`` says where staff delete a document; ``done``: written."""
    return (f"件名が同じで、ご意見の半分以上も同じ文書が、意見募集期間の違う文書として既にあります（文書ID: "
            f"{_named_ids(plan.other_period)}）。"
            f"期間が違うため、置き換えずに別の文書として追加{'しました' if done else 'します'}。期間を訂正した版なら、"
            f"{delete_how}古いほうを削除してください（別の回の意見募集なら、そのままで構いません）。")


def retitled_note(plan: DocumentPlan, delete_how: str, *, done: bool) -> str:
    """What a document added beside stored ones of another title whose comments are alike both ways says
    (:attr:`DocumentPlan.retitled`); ``delete_how`` says where staff delete a document; ``done``: written."""
    return (f"件名は違いますが、ご意見がほぼ同じ文書が既にあります（文書ID: {_named_ids(plan.retitled)}）。ファイルも違うため、"
            f"置き換えずに別の文書として追加{'しました' if done else 'します'}。ファイル名や件名を直した同じ結果なら、"
            f"{delete_how}古いほうを削除してください（別の意見募集なら、そのままで構いません）。")


def same_batch_note(earlier: str) -> str:
    """The warning of a document that replaced another file's document of the same batch."""
    return (f"同じ回に取り込んだ {Path(earlier).name} の文書と件名・期間が同じため、それを置き換えました。別の意見募集の"
            f"結果なら、{Path(earlier).name} を取り込み直し、件名か期間が違う形で公表されているか確かめてください。")


def stored_totals(reports: Iterable[IngestReport]) -> tuple[int, int]:
    """Documents and items a batch left in the store: a document that a later file of the batch replaced counts
    once, with the later file's items (the summary had counted both)."""
    last = {report.document_id: report.n_items for report in reports if report.ok}
    return len(last), sum(last.values())


def stored_changes(reports: Iterable[IngestReport]) -> tuple[int, int]:
    """Of the documents a batch stored (:func:`stored_totals`), how many replaced a stored one (「置き換え」) and how many
    replaced one with the same items and title (「変更なし」, a document that another file of the batch changed
    afterwards not counted)."""
    written = [report for report in reports if report.ok and report.plan is not None]
    replaced = sum(report.plan.action == "置き換え" for report in written)
    unchanged = len({report.document_id for report in written if report.plan.action == "変更なし"}
                    - {report.document_id for report in written if report.plan.action != "変更なし"})
    return replaced, unchanged


def store_parsed(documents: Iterable[ParsedDocument], store: Store, *, user: User | None = None,
                 replace: bool = True) -> list[IngestReport]:
    """Write already parsed documents (e.g. after a preview the user confirmed), with their templates.

    Args:
        documents: Documents as read by :func:`read_files`.
        store: Where they go.
        user: Who ingests: must hold 管理 when logins are on.
        replace: False: a document that would replace a stored one (change its items, title or metadata) is not
            written, and its report says that confirmation is needed (``needs_confirmation``); one that changes nothing
            is reported as stored (「変更なし」), the stored document left as it is.

    Raises:
        PermissionDeniedError: The user may not ingest.
        StoreBusyError: The store stayed locked by others (an :class:`IngestBusyError` when some documents were
            stored before: see :func:`write_documents`).
    """
    require(user, "ingest")
    return write_documents(documents, store, user=user, replace=replace)


def store_outcomes(outcomes: Iterable[ReadOutcome], store: Store, *, user: User | None = None,
                   replace: bool = True) -> list[IngestReport]:
    """Store what was read, in file order: one report per document, one failed report per refused file."""
    outcomes = list(outcomes)
    stopped: IngestBusyError | None = None
    try:
        stored = store_parsed([doc for outcome in outcomes for doc in outcome.documents], store, user=user,
                              replace=replace)
    except IngestBusyError as error:  # stopped partway: its reports too, in file order
        stored, stopped = list(error.reports), error
    written = iter(stored)
    reports: list[IngestReport] = []
    for outcome in outcomes:
        reports.extend([next(written) for _ in outcome.documents] if outcome.error is None else [outcome.failed_report()])
    if stopped is not None:
        raise IngestBusyError(str(stopped), tuple(reports)) from stopped
    return reports


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    encoding: str | None = None,
    progress: Progress | None = None,
    page_progress: PageProgress | None = None,
    user: User | None = None,
    replace: bool = True,
) -> list[IngestReport]:
    """Read each file (folders recursively) and store its documents; a file that fails changes nothing.

    Args:
        paths: Published results (PDF, Word, web pages, Excel, text), council minutes, CSV or XLSX
            files, or folders holding them.
        store: Where precedents go. A document that is the same source as a stored one (same file
            content, or same title and period) replaces it in place; any other is added.
        encoding: Force a text encoding for every text file instead of detecting it.
        progress: Called as ``progress(done, total, path)`` after each file.
        page_progress: Called as ``page_progress(path, page, pages)`` after each page of a PDF.
        user: Who ingests (管理 when logins are on); recorded in the audit log.
        replace: False: leave stored documents alone (their reports say confirmation is needed).

    Returns:
        One report per stored document, and one failed report per file that could not be read.

    Raises:
        IngestBusyError: Others locked the store partway; its reports are these, in file order (see
            :func:`write_documents`).
    """
    outcomes = read_files(paths, encoding=encoding, progress=progress, page_progress=page_progress)
    return store_outcomes(outcomes, store, user=user, replace=replace)


def delete_document(store: Store, document_id: str, *, user: User | None = None) -> Document:
    """Remove a document and its precedents (管理 when logins are on), after a backup; audited.

    Raises:
        AssistantError: No document has that id.
    """
    require(user, "delete_document")
    document = next((doc for doc in store.documents() if doc.id == document_id), None)
    if document is None:
        raise AssistantError(f"文書 ID「{document_id}」はありません。`python -m assistant corpus stats` で ID を確認してください。")
    backup_before_change(store, "delete")
    store.delete_document(document_id, actor=user)
    return document


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
    reports = ingest(seed_paths(seed_dir or Path(settings.get("seed_dir"))), store, user=SYSTEM)
    store.set_meta("seeded_at", datetime.now(timezone.utc).isoformat())
    return reports


def open_corpus(path: str | Path | None = None) -> tuple[Store, list[IngestReport]]:
    """Open the configured store, seeding it on first use when ``auto_seed`` is on; back it up once a day.

    Returns:
        ``(store, seed reports)``; the reports are empty unless seeding happened now.
    """
    store = Store(path or settings.get("db_path"))
    try:
        reports = ensure_seeded(store) if settings.get("auto_seed") else []
        ensure_daily_backup(store)
    except BaseException:
        store.close()
        raise
    return store, reports
