"""The corpus store: one SQLite file with a versioned schema.

Every write is one transaction, so a failure leaves the store exactly as it was.

Example:
    >>> store = Store(":memory:")
    >>> store.stats().n_documents
    0
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from assistant.errors import StoreError
from assistant.models import CorpusStats, Document, ParsedDocument, Precedent, Template, short_hash
from assistant.templates import group_paragraphs
from assistant.textnorm import normalize

SCHEMA_VERSION = 3

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
}

_PRECEDENT_SELECT = """
SELECT p.id, p.document_id, p.seq, p.no, p.topic, p.comment, p.answer, p.comment_norm, p.answer_norm,
       p.page, p.extra, d.source
FROM precedents p JOIN documents d ON d.id = p.document_id
"""


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
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._init_schema()
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"データベース {self.path} を開けません（{error}）。ファイルが壊れている場合は別の場所に移してから"
                "もう一度実行してください（前例は元の資料から取り込み直せます）。"
            ) from error

    def _init_schema(self) -> None:
        version = self._schema_version()
        if version is not None and version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"スキーマ版 {version} はこのツール（版 {SCHEMA_VERSION}）より新しい版です")
        if version is None:
            self.conn.executescript(f"BEGIN; {SCHEMA} INSERT INTO meta(key, value) VALUES ('schema_version', '1'); COMMIT;")
            version = 1
        for step in range(version + 1, SCHEMA_VERSION + 1):
            self.conn.executescript(
                f"BEGIN; {MIGRATIONS[step]} UPDATE meta SET value = '{step}' WHERE key = 'schema_version'; COMMIT;"
            )

    def _schema_version(self) -> int | None:
        exists = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        if not exists:
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one transaction: all of it is written, or none of it.

        A lock keeps threads sharing this connection (the web app's sessions) from interleaving.
        """
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

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
    def write_document(self, parsed: ParsedDocument) -> tuple[str, bool]:
        """Insert a parsed document, or replace it in place if its id is already stored.

        Returns:
            ``(document id, replaced)``.
        """
        meta = parsed.meta
        doc_id = meta.document_id
        with self.transaction() as conn:
            self._bump_generation(conn)
            replaced = conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            conn.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc_id, meta.title, meta.kind, meta.area, meta.publisher, meta.department, meta.period_start,
                 meta.period_end, meta.declared_count, len(parsed.items), parsed.source, parsed.source_sha256,
                 json.dumps(list(parsed.warnings), ensure_ascii=False), datetime.now(timezone.utc).isoformat()),
            )
            self._insert_items(doc_id, parsed)
        return doc_id, replaced

    def _insert_items(self, doc_id: str, parsed: ParsedDocument) -> None:
        taken: set[str] = set()
        for seq, item in enumerate(parsed.items, start=1):
            precedent_id = f"{doc_id}-{precedent_key(item.key or item.no, taken)}"
            comment_norm, answer_norm = normalize(item.comment), normalize(item.answer)
            self.conn.execute(
                "INSERT INTO precedents(id, document_id, seq, no, topic, comment, answer, comment_norm, answer_norm,"
                " content_hash, page, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (precedent_id, doc_id, seq, item.no, item.topic, item.comment, item.answer, comment_norm,
                 answer_norm, short_hash(comment_norm, answer_norm, item.topic or "", length=16), item.page,
                 json.dumps(item.extra, ensure_ascii=False)),
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

    def delete_document(self, doc_id: str) -> bool:
        """Remove a document and its precedents. Returns whether it existed."""
        with self.transaction() as conn:
            self._bump_generation(conn)
            return conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,)).rowcount > 0

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
