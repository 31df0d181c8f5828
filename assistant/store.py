"""The corpus store: one SQLite file with a versioned schema.

Every write is one transaction, so a failure leaves the store exactly as it was. Several processes
(the app, the command line, colleagues' sessions) may share the file: it runs in WAL mode, a writer
waits for a busy store and retries with backoff, and only then gives up with a message. Opening a file
runs ``PRAGMA quick_check``; a damaged store is refused with the newest backup named.

Example:
    >>> store = Store(":memory:")
    >>> store.stats().n_documents
    0
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from assistant import audit
from assistant.audit import AUDIT_TABLE
from assistant.errors import AssistantError, StoreBusyError, StoreCorruptError, StoreError
from assistant.models import (
    CorpusStats, Document, DocumentPlan, ItemChanges, ParsedDocument, Precedent, Template, short_hash,
)
from assistant.templates import group_paragraphs
from assistant.textnorm import normalize
from assistant.users import USERS_TABLE, User

SCHEMA_VERSION = 5
BUSY_TIMEOUT_S = 5.0  # SQLite's own wait for a lock, per attempt
BUSY_RETRIES = 4  # further attempts after that, with growing pauses (about 25 s in all)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL, area TEXT, publisher TEXT,
    department TEXT, period_start TEXT, period_end TEXT, declared_count INTEGER,
    parsed_count INTEGER NOT NULL, source TEXT NOT NULL, source_sha256 TEXT NOT NULL,
    warnings TEXT NOT NULL, ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS precedents (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, no TEXT NOT NULL, topic TEXT,
    comment TEXT NOT NULL, answer TEXT NOT NULL,
    comment_norm TEXT NOT NULL, answer_norm TEXT NOT NULL, content_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS precedents_document ON precedents(document_id, seq);
CREATE TABLE IF NOT EXISTS paragraphs (
    id TEXT PRIMARY KEY,
    precedent_id TEXT NOT NULL REFERENCES precedents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, text TEXT NOT NULL, norm TEXT NOT NULL, template_id TEXT
);
CREATE INDEX IF NOT EXISTS paragraphs_precedent ON paragraphs(precedent_id, idx);
CREATE INDEX IF NOT EXISTS paragraphs_template ON paragraphs(template_id);
CREATE TABLE IF NOT EXISTS templates (
    id TEXT PRIMARY KEY, text TEXT NOT NULL, n_paragraphs INTEGER NOT NULL,
    n_precedents INTEGER NOT NULL, n_documents INTEGER NOT NULL
);
"""

# Each entry upgrades the schema from the version before it; a store is migrated in order, one
# transaction per step.
MIGRATIONS = {
    2: """
CREATE TABLE IF NOT EXISTS consultations (
    name TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', period_start TEXT, period_end TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS drafts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    consultation TEXT NOT NULL, item_no TEXT NOT NULL, comment TEXT NOT NULL, text TEXT NOT NULL,
    picks TEXT NOT NULL, suggested TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('下書き', '確認済', '決裁済')),
    author TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (consultation, item_no)
);
CREATE INDEX IF NOT EXISTS drafts_consultation ON drafts(consultation, item_no);
""",
    # Provenance: the PDF page an item starts on, and the published table's other columns as JSON.
    3: """
ALTER TABLE precedents ADD COLUMN page INTEGER;
ALTER TABLE precedents ADD COLUMN extra TEXT NOT NULL DEFAULT '{}';
""",
    # A shared office: users and roles, the audit log, every saved version of a draft, the author's
    # login name; indexes for finding the stored document a new one is the same as. (Never edit a
    # migration once released; add the next one.)
    4: USERS_TABLE + AUDIT_TABLE + """
CREATE TABLE IF NOT EXISTS draft_versions (
    draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE, version INTEGER NOT NULL,
    text TEXT NOT NULL, status TEXT NOT NULL, author TEXT NOT NULL, author_username TEXT NOT NULL,
    saved_at TEXT NOT NULL, PRIMARY KEY (draft_id, version)
);
ALTER TABLE drafts ADD COLUMN author_username TEXT NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents(source_sha256);
CREATE INDEX IF NOT EXISTS documents_source ON documents(source);
CREATE INDEX IF NOT EXISTS documents_period ON documents(period_start);
CREATE INDEX IF NOT EXISTS documents_title ON documents(title);
""",
    # The 起案 page's work in progress, kept on every change so that a reload (F5) loses nothing: one
    # row per browser tab (the token is in the page's address), readable only by the same user.
    5: """
CREATE TABLE IF NOT EXISTS work_in_progress (
    token TEXT PRIMARY KEY, username TEXT NOT NULL, data TEXT NOT NULL, updated_at TEXT NOT NULL
);
""",
}

_PRECEDENT_SELECT = """
SELECT p.id, p.document_id, p.seq, p.no, p.topic, p.comment, p.answer, p.comment_norm, p.answer_norm,
       p.page, p.extra, d.source
FROM precedents p JOIN documents d ON d.id = p.document_id
"""


@dataclass(frozen=True)
class PrecedentPage:
    """A page of filtered precedents (:meth:`Store.precedent_page`): its rows, and the count of all that pass."""

    precedents: tuple[Precedent, ...]
    total: int
    offset: int
    limit: int

    @property
    def label(self) -> str:
        """「1–50 / 10,000 件」 (「0 / 0 件」 when nothing passes)."""
        return page_label(self.offset, len(self.precedents), self.total)


def page_label(offset: int, shown: int, total: int) -> str:
    """Which rows a page shows, of how many: 「51–100 / 10,000 件」.

    Example:
        >>> page_label(50, 50, 10_000)
        '51–100 / 10,000 件'
    """
    if not shown:
        return f"0 / {total:,} 件"
    return f"{offset + 1:,}–{offset + shown:,} / {total:,} 件"


def _statements(script: str) -> list[str]:
    """The SQL statements of a schema script (they hold no semicolons inside)."""
    return [statement.strip() for statement in script.split(";") if statement.strip()]


def _is_busy(error: sqlite3.Error) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _busy_error() -> StoreBusyError:
    return StoreBusyError("ほかの人の保存や取り込みが続いていて、データベースに書き込めませんでした。"
                          "何も変更していません。少し待ってから、もう一度操作してください。")


def store_error(path: str, error: sqlite3.Error) -> StoreError:
    """The library's error for an SQLite error met while using the store (never shown as a traceback)."""
    if _is_busy(error):
        return _busy_error()
    if isinstance(error, sqlite3.OperationalError):
        return StoreError(f"データベース {path} を読み書きできません（{error}）。ディスクの空き容量とファイルの権限を確認して"
                          "ください。")
    return damaged_store_error(path, str(error))


def damaged_store_error(path: str, detail: str) -> StoreCorruptError:
    """The message for a damaged store: what is at risk, and the newest backup to restore from."""
    from assistant.backup import newest_backup

    head = (f"データベース {path} は壊れているため開けません（{detail}）。このまま使うと、回答案（下書き）・"
            "利用者・操作記録が失われます。")
    newest = newest_backup(path)
    if newest is not None:
        return StoreCorruptError(f"{head}最新のバックアップは {newest.label} の {newest.path} です。"
                                 "`python -m assistant restore` で戻してください。")
    return StoreCorruptError(f"{head}バックアップはありません。ファイルを別の場所に移してから管理者に相談してください"
                             "（前例は元の資料から取り込み直せますが、回答案は戻りません）。")


def precedent_key(no: str, taken: set[str]) -> str:
    """The item part of a precedent id: the published No., made unique within its document."""
    key = "".join(normalize(no).split()) or "?"
    candidate, suffix = key, 2
    while candidate in taken:
        candidate, suffix = f"{key}_{suffix}", suffix + 1
    taken.add(candidate)
    return candidate


def _file_name(source: str) -> str:
    """The file name of a document's source path; approved drafts ("drafts:<consultation>") as they are."""
    return source if source.startswith("drafts:") else Path(source).name


class Store:
    """SQLite-backed corpus of documents, precedents, paragraphs and templates.

    Args:
        path: Database file (its folder is created), or ":memory:" for tests.
    """

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                        timeout=BUSY_TIMEOUT_S)
        except sqlite3.Error as error:
            raise StoreError(f"データベース {self.path} を開けません（{error}）。パスと権限を確認してください。") from error
        try:
            if self.path != ":memory:":
                self._check_integrity()
                if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self._retrying(lambda: self.conn.execute("PRAGMA journal_mode = WAL"))
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._init_schema()
        except sqlite3.DatabaseError as error:
            self.conn.close()
            raise store_error(self.path, error) from error
        except AssistantError:
            self.conn.close()
            raise

    def _check_integrity(self) -> None:
        rows = self.conn.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            raise sqlite3.DatabaseError("; ".join(str(row[0]) for row in rows[:3]))

    def _init_schema(self) -> None:
        version = self._schema_version()
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(
                f"データベース {self.path} を開けません（スキーマ版 {version} はこのツール（版 {SCHEMA_VERSION}）より"
                "新しい版です）。新しい版のツールで開いてください。"
            )
        if version == SCHEMA_VERSION:
            return
        with self.transaction() as conn:  # another process may be creating or migrating the same file
            version = self._schema_version()
            if version is None:
                for statement in _statements(SCHEMA):
                    conn.execute(statement)
                conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '1')")
                version = 1
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _statements(MIGRATIONS[step]):
                    conn.execute(statement)
                conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(step),))

    def _schema_version(self) -> int | None:
        exists = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        if not exists:
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else None

    def close(self) -> None:
        self.conn.close()

    @property
    def lock(self) -> threading.RLock:
        """Held while a thread uses the shared connection (a transaction, a read view, a backup)."""
        return self._lock

    def is_empty(self) -> bool:
        """No document, draft or user yet (nothing worth a backup)."""
        return not any(
            self.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
            for table in ("documents", "drafts", "users")
        )

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one transaction: all of it is written, or none of it.

        The write lock is taken first (``BEGIN IMMEDIATE``), so what the block reads cannot change
        before it commits. When another process holds the lock, SQLite waits ``BUSY_TIMEOUT_S`` and the
        attempt is repeated ``BUSY_RETRIES`` times with growing pauses; then :class:`StoreBusyError`.
        A lock keeps threads sharing this connection (the web app's sessions) from interleaving.

        Raises:
            StoreBusyError: The store stayed locked by others (nothing was written).
        """
        with self._lock:
            self._retrying(lambda: self.conn.execute("BEGIN IMMEDIATE"))
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            try:
                self.conn.execute("COMMIT")
            except sqlite3.OperationalError as error:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if _is_busy(error):
                    raise _busy_error() from error
                raise

    @staticmethod
    def _retrying(step):
        """Run ``step``; when the store is locked, wait with growing, jittered pauses and try again."""
        for attempt in range(BUSY_RETRIES + 1):
            try:
                return step()
            except sqlite3.OperationalError as error:
                if not _is_busy(error):
                    raise
                if attempt == BUSY_RETRIES:
                    raise _busy_error() from error
                time.sleep(min(2.0, 0.05 * 2 ** attempt) * (0.5 + random.random()))
        return None

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Run the block's reads as one consistent view of the store (a read transaction).

        Other threads sharing this connection wait, so they cannot write halfway through the reads.
        """
        with self._lock:
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                self.conn.execute("COMMIT")

    # --- meta -------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # --- writing ----------------------------------------------------------------------------
    # --- document identity ------------------------------------------------------------------
    def plan_document(self, parsed: ParsedDocument, exclude: frozenset[str] = frozenset()) -> DocumentPlan:
        """What writing ``parsed`` would do, without writing.

        A parsed document is the same as a stored one (and replaces it) when it comes from the same file
        content (same sha256: the same title, or the only document stored from that file), when it has
        the same title and the same period, or when both are the approved drafts of one consultation.
        Otherwise it is added beside the stored ones, under a new id, even with the same title.

        Args:
            parsed: The document as read.
            exclude: Ids already written in the same batch (never replaced twice).
        """
        meta = parsed.meta
        title = normalize(meta.title)
        rows = self.conn.execute(
            "SELECT id, title, period_start, source, source_sha256 FROM documents"
            " WHERE (source_sha256 = ? AND source_sha256 <> '') OR source = ? OR period_start = ? OR title = ?",
            (parsed.source_sha256, parsed.source, meta.period_start, meta.title),
        ).fetchall()
        rows = [row for row in rows if row[0] not in exclude]
        same_file = [row for row in rows if parsed.source_sha256 and row[4] == parsed.source_sha256]
        match = (
            next((row for row in same_file if normalize(row[1]) == title), None)
            or (same_file[0] if len(same_file) == 1 else None)
            or next((row for row in rows if meta.period_start and row[2] == meta.period_start
                     and normalize(row[1]) == title), None)
            or next((row for row in rows if parsed.source.startswith("drafts:") and row[3] == parsed.source), None)
        )
        after = len(parsed.items)
        if match is None:
            same_title = tuple(row[0] for row in rows if normalize(row[1]) == title)
            return DocumentPlan(self._new_document_id(parsed), None, 0, after, same_title=same_title)
        existing = next(doc for doc in self.documents() if doc.id == match[0])
        return DocumentPlan(match[0], existing, existing.parsed_count, after, self._item_changes(match[0], parsed))

    def _new_document_id(self, parsed: ParsedDocument) -> str:
        """The title-and-period id, or, when a different document already has it, one that adds the file."""
        candidate = parsed.meta.document_id
        salt = parsed.source_sha256 or parsed.source
        number = 1
        while self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (candidate,)).fetchone():
            candidate = "d" + short_hash(normalize(parsed.meta.title), parsed.meta.period_start or "", salt, str(number))
            number += 1
        return candidate

    def _item_changes(self, doc_id: str, parsed: ParsedDocument) -> ItemChanges:
        stored = dict(self.conn.execute("SELECT id, content_hash FROM precedents WHERE document_id = ?", (doc_id,)))
        incoming = {precedent_id: digest for precedent_id, _, digest in self._keyed_items(doc_id, parsed)}
        common = stored.keys() & incoming.keys()
        changed = sum(stored[key] != incoming[key] for key in common)
        return ItemChanges(added=len(incoming.keys() - stored.keys()), removed=len(stored.keys() - incoming.keys()),
                           changed=changed, unchanged=len(common) - changed)

    @staticmethod
    def _keyed_items(doc_id: str, parsed: ParsedDocument) -> list[tuple[str, object, str]]:
        """``(precedent id, item, content hash)`` of every item, ids unique within the document."""
        taken: set[str] = set()
        keyed = []
        for item in parsed.items:
            digest = short_hash(normalize(item.comment), normalize(item.answer), item.topic or "", length=16)
            keyed.append((f"{doc_id}-{precedent_key(item.key or item.no, taken)}", item, digest))
        return keyed

    # --- writing ----------------------------------------------------------------------------
    def write_document(self, parsed: ParsedDocument, *, replace: bool = True, exclude: frozenset[str] = frozenset(),
                       actor: User | None = None) -> DocumentPlan | None:
        """Insert a parsed document, or replace the stored one it is the same as (see :meth:`plan_document`).

        The decision and the write are one transaction, with an audit log entry.

        Args:
            parsed: The document as read.
            replace: False: leave a stored document alone and return None when this one would replace it.
            exclude: Ids already written in the same batch.
            actor: Who ingests (for the audit log).

        Returns:
            What was done, or None when a replacement was not allowed.
        """
        meta = parsed.meta
        with self.transaction() as conn:
            plan = self.plan_document(parsed, exclude)
            if plan.replaces is not None and not replace:
                return None
            doc_id = plan.document_id
            self._bump_generation(conn)
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            conn.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc_id, meta.title, meta.kind, meta.area, meta.publisher, meta.department, meta.period_start,
                 meta.period_end, meta.declared_count, len(parsed.items), parsed.source, parsed.source_sha256,
                 json.dumps(list(parsed.warnings), ensure_ascii=False), datetime.now(timezone.utc).isoformat()),
            )
            self._insert_items(doc_id, parsed)
            audit.record(conn, actor, "ingest", meta.title, f"{plan.describe()}（{_file_name(parsed.source)}）")
        return plan

    def _insert_items(self, doc_id: str, parsed: ParsedDocument) -> None:
        for seq, (precedent_id, item, digest) in enumerate(self._keyed_items(doc_id, parsed), start=1):
            self.conn.execute(
                "INSERT INTO precedents(id, document_id, seq, no, topic, comment, answer, comment_norm, answer_norm,"
                " content_hash, page, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (precedent_id, doc_id, seq, item.no, item.topic, item.comment, item.answer, normalize(item.comment),
                 normalize(item.answer), digest, item.page, json.dumps(item.extra, ensure_ascii=False)),
            )
            self.conn.executemany(
                "INSERT INTO paragraphs(id, precedent_id, idx, text, norm) VALUES (?,?,?,?,?)",
                [(f"{precedent_id}:{idx}", precedent_id, idx, text, normalize(text))
                 for idx, text in enumerate(item.answer_paragraphs, start=1)],
            )

    def rebuild_templates(self, threshold: float) -> int:
        """Regroup every answer paragraph into templates. Returns the number of templates."""
        rows = self.conn.execute(
            "SELECT g.id, g.norm, p.id, p.document_id, g.text FROM paragraphs g"
            " JOIN precedents p ON p.id = g.precedent_id ORDER BY g.id"
        ).fetchall()
        norm_of = {row[0]: row[1] for row in rows}
        owner = {row[0]: (row[2], row[3]) for row in rows}
        published = {}
        for row in rows:
            published.setdefault(row[1], row[4])
        groups = group_paragraphs(((row[0], row[1]) for row in rows), threshold)
        with self.transaction() as conn:
            self._bump_generation(conn)
            conn.execute("DELETE FROM templates")
            for ids in groups:
                wording = Counter(norm_of[i] for i in ids).most_common()
                best = max(count for _, count in wording)
                norm = min(norm for norm, count in wording if count == best)
                template_id = "t" + short_hash(norm)
                conn.execute(
                    "INSERT INTO templates VALUES (?,?,?,?,?)",
                    (template_id, published[norm], len(ids), len({owner[i][0] for i in ids}), len({owner[i][1] for i in ids})),
                )
                conn.executemany("UPDATE paragraphs SET template_id = ? WHERE id = ?", [(template_id, i) for i in ids])
        return len(groups)

    def delete_document(self, doc_id: str, actor: User | None = None) -> bool:
        """Remove a document and its precedents (audited). Returns whether it existed."""
        with self.transaction() as conn:
            self._bump_generation(conn)
            row = conn.execute("SELECT title, parsed_count FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                return False
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            audit.record(conn, actor, "document_delete", row[0], f"{row[1]} 項目（{doc_id}）")
            return True

    @staticmethod
    def _bump_generation(conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT INTO meta(key, value) VALUES ('generation', '1')"
            " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    @property
    def generation(self) -> int:
        """Increases with every change to documents, precedents or templates (from any process)."""
        value = self.get_meta("generation")
        return int(value) if value else 0

    # --- reading ----------------------------------------------------------------------------
    def documents(self) -> list[Document]:
        rows = self.conn.execute(
            "SELECT id, title, kind, area, publisher, department, period_start, period_end, declared_count,"
            " parsed_count, source, warnings FROM documents ORDER BY period_start, id"
        ).fetchall()
        return [Document(*row[:11], tuple(json.loads(row[11]))) for row in rows]

    def precedents(self, document_id: str | None = None) -> list[Precedent]:
        """Every precedent (or one document's), in document period order then published order."""
        where, args = ("WHERE p.document_id = ?", (document_id,)) if document_id else ("", ())
        rows = self.conn.execute(f"{_PRECEDENT_SELECT} {where} ORDER BY d.period_start, d.id, p.seq", args)
        return self._with_paragraphs(rows.fetchall())

    def precedent_page(self, *, areas: tuple[str, ...] = (), document_title: str | None = None,
                       years: tuple[int, int] | None = None, words: tuple[str, ...] = (), limit: int = 50,
                       offset: int = 0) -> PrecedentPage:
        """One page of the precedents that pass the filters, and how many pass in all.

        Args:
            areas: Business areas (事務名) to keep; 「（不明）」 keeps documents without one; empty keeps all.
            document_title: Keep one document's precedents (by title); None keeps all.
            years: First and last year (西暦) of the comment period; documents without a period are kept.
            words: Every word must occur in the comment or the answer (exact characters, as typed).
            limit: Rows per page.
            offset: Rows to skip (in document period order, then published order).
        """
        clauses, args = [], []
        if areas:
            clauses.append(f"COALESCE(d.area, '（不明）') IN ({','.join('?' * len(areas))})")
            args += list(areas)
        if document_title is not None:
            clauses.append("d.title = ?")
            args.append(document_title)
        if years is not None:
            clauses.append("(d.period_start IS NULL OR CAST(substr(d.period_start, 1, 4) AS INTEGER) BETWEEN ? AND ?)")
            args += [years[0], years[1]]
        for word in words:
            clauses.append("instr(p.comment || p.answer, ?) > 0")
            args.append(word)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        total = self.conn.execute(
            f"SELECT COUNT(*) FROM precedents p JOIN documents d ON d.id = p.document_id {where}", args).fetchone()[0]
        rows = self.conn.execute(f"{_PRECEDENT_SELECT} {where} ORDER BY d.period_start, d.id, p.seq LIMIT ? OFFSET ?",
                                 [*args, limit, offset]).fetchall()
        return PrecedentPage(tuple(self._with_paragraphs(rows)), total, offset, limit)

    def precedent(self, precedent_id: str) -> Precedent | None:
        rows = self.conn.execute(f"{_PRECEDENT_SELECT} WHERE p.id = ?", (precedent_id,)).fetchall()
        found = self._with_paragraphs(rows)
        return found[0] if found else None

    def _with_paragraphs(self, rows: list[tuple]) -> list[Precedent]:
        ids = [row[0] for row in rows]
        paragraphs: dict[str, list[tuple[str, str]]] = {pid: [] for pid in ids}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for pid, text, tid in self.conn.execute(
                f"SELECT precedent_id, text, template_id FROM paragraphs WHERE precedent_id IN ({marks})"
                " ORDER BY precedent_id, idx",
                chunk,
            ):
                paragraphs[pid].append((text, tid or ""))
        return [
            Precedent(
                id=row[0], document_id=row[1], seq=row[2], no=row[3], topic=row[4], comment=row[5], answer=row[6],
                paragraphs=tuple(text for text, _ in paragraphs[row[0]]),
                template_ids=tuple(tid for _, tid in paragraphs[row[0]]),
                comment_norm=row[7], answer_norm=row[8], page=row[9], extra=json.loads(row[10]),
                source_file=_file_name(row[11]),
            )
            for row in rows
        ]

    def templates(self, min_precedents: int = 1) -> list[Template]:
        """Templates used by at least ``min_precedents`` precedents, most used first (ties by id)."""
        rows = self.conn.execute(
            "SELECT id, text, n_paragraphs, n_precedents, n_documents FROM templates WHERE n_precedents >= ?"
            " ORDER BY n_precedents DESC, n_documents DESC, id",
            (min_precedents,),
        ).fetchall()
        return [Template(*row) for row in rows]

    def template_paragraphs(self, template_id: str) -> list[tuple[str, str]]:
        """``(paragraph id, text)`` of every paragraph in a template, ordered by id."""
        return self.conn.execute(
            "SELECT id, text FROM paragraphs WHERE template_id = ? ORDER BY id", (template_id,)
        ).fetchall()

    def stats(self) -> CorpusStats:
        count = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        return CorpusStats(
            n_documents=count("SELECT COUNT(*) FROM documents"),
            n_precedents=count("SELECT COUNT(*) FROM precedents"),
            n_paragraphs=count("SELECT COUNT(*) FROM paragraphs"),
            n_templates=count("SELECT COUNT(*) FROM templates"),
            n_recurring_templates=count("SELECT COUNT(*) FROM templates WHERE n_precedents >= 2"),
            by_kind=dict(self.conn.execute("SELECT kind, COUNT(*) FROM documents GROUP BY kind ORDER BY kind")),
            by_area=dict(
                self.conn.execute(
                    "SELECT COALESCE(d.area, '（不明）'), COUNT(*) FROM precedents p JOIN documents d"
                    " ON d.id = p.document_id GROUP BY 1 ORDER BY 2 DESC, 1"
                )
            ),
        )
