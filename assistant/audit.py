"""The audit log: who did what, when (sign-ins, saves, status changes, exports, ingests, deletions).

Entries are written in the same transaction as the change they record, so a change is never without
its entry. 管理 users read them in the app (監査ログ) or with ``python -m assistant audit``, and export
them as CSV.

Example:
    >>> from assistant.store import Store
    >>> store = Store(":memory:")
    >>> log(store, None, "export", "雪対策", "CSV", anonymous="山田")
    >>> [(e.display_name, e.label, e.target) for e in entries(store)]
    [('山田', '書き出し', '雪対策')]
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from assistant.formulas import csv_bytes

if TYPE_CHECKING:
    from assistant.store import Store
    from assistant.users import User

# The table, beside the SQL that uses it (store.MIGRATIONS[4] creates it).
AUDIT_TABLE = """
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, username TEXT NOT NULL,
    display_name TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at);
CREATE INDEX IF NOT EXISTS audit_log_user ON audit_log(username, action, at);
"""

ACTIONS = {
    "sign_in": "ログイン",
    "sign_in_failed": "ログイン失敗",
    "sign_out": "ログアウト",
    "draft_save": "回答案の保存",
    "draft_status": "状態の変更",
    "draft_delete": "回答案の削除",
    "draft_renumber": "回答案の番号の付け替え",
    "draft_overlap": "回答案の番号の重なり",
    "draft_numbers_checked": "回答案の番号の確認",
    "consultation_change": "意見募集の件名・期間の変更",
    "consultation_rename": "意見募集の名前の統一",
    "export": "書き出し",
    "ingest": "取り込み",
    "document_delete": "文書の削除",
    "user_add": "利用者の追加",
    "user_remove": "利用者の削除",
    "user_roles": "役割の変更",
    "user_password": "パスワードの変更",
    "user_name": "氏名の表記の修正",
    "backup": "バックアップ",
    "restore": "復元",
    "audit_export": "監査ログの書き出し",
    "audit_hide": "記録の名前を伏せる",
}
CSV_HEADERS = ("日時", "ユーザー名", "氏名", "操作", "対象", "内容")
ANONYMOUS = "（ログインなし）"
LOCKED = "ロック中"  # the detail of a sign-in refused while its name is locked (not counted as a failure)


@dataclass(frozen=True)
class Entry:
    """One audit log entry; ``at`` is local time with its offset (「2026-01-05T10:15:30+09:00」)."""

    id: int
    at: str
    username: str
    display_name: str
    action: str
    target: str
    detail: str

    @property
    def label(self) -> str:
        """The action in Japanese (「回答案の保存」)."""
        return ACTIONS.get(self.action, self.action)

    def row(self) -> tuple[str, ...]:
        return (self.at, self.username, self.display_name, self.label, self.target, self.detail)


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def record(conn: sqlite3.Connection, actor: User | None, action: str, target: str = "", detail: str = "",
           *, anonymous: str = "") -> int:
    """Add an entry inside the caller's transaction; returns its id.

    Args:
        conn: The store's connection, in a transaction the caller commits.
        actor: The signed-in user; None when logins are off (then ``anonymous`` names who acted, e.g.
            the typed 担当者名).
        action: A key of :data:`ACTIONS`.
        target: What was acted on (「雪対策 No.1」, a document title, a user name).
        detail: What changed (「版 2、状態 確認済」).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    username, name = (actor.username, actor.display_name) if actor else ("", anonymous.strip() or ANONYMOUS)
    return conn.execute(
        "INSERT INTO audit_log(at, username, display_name, action, target, detail) VALUES (?,?,?,?,?,?)",
        (now(), username, name, action, target, detail),
    ).lastrowid


def settle_sign_in(conn: sqlite3.Connection, entry_id: int) -> None:
    """Turn a sign-in attempt, recorded as a failure before its password was checked (so that attempts sent at
    once count against each other), into the sign-in it was."""
    conn.execute("UPDATE audit_log SET action = 'sign_in', at = ? WHERE id = ? AND action = 'sign_in_failed'",
                 (now(), entry_id))


def log(store: Store, actor: User | None, action: str, target: str = "", detail: str = "", *,
        anonymous: str = "") -> None:
    """Add an entry in its own transaction (for actions that change nothing else, such as an export)."""
    with store.transaction() as conn:
        record(conn, actor, action, target, detail, anonymous=anonymous)


def _where(username: str | None, typed_name: str | None, action: str | None) -> tuple[str, list[str]]:
    clauses, args = [], []
    if username:
        clauses.append("username = ?")
        args.append(username)
    if typed_name:
        clauses.append("(username = '' AND display_name = ?)")
        args.append(typed_name)
    if action:
        clauses.append("action = ?")
        args.append(action)
    return (f" WHERE {' AND '.join(clauses)}" if clauses else ""), args


def count(store: Store, *, username: str | None = None, action: str | None = None,
          typed_name: str | None = None) -> int:
    """How many entries :func:`entries` would give without a limit."""
    where, args = _where(username, typed_name, action)
    return store.conn.execute(f"SELECT COUNT(*) FROM audit_log{where}", args).fetchone()[0]


def actors(store: Store) -> list[tuple[str, str]]:
    """Every (user name, name shown) in the log: a user name empty for a 担当者名 typed with logins off."""
    return store.conn.execute("SELECT DISTINCT username, display_name FROM audit_log").fetchall()


def entries(store: Store, *, username: str | None = None, action: str | None = None, limit: int | None = None,
            typed_name: str | None = None) -> list[Entry]:
    """Entries, newest first, optionally for one user name, one 担当者名 typed with logins off (``typed_name``: those
    entries have no user name, so filtering by user found nothing of them), or one action. A user name never
    matches a typed name, nor the other way round: an account is not whoever typed its name.

    Newest by time, entries of one second by id: a restore adds the entries only the backup has after the store's
    own (new ids), and an office's backup restored on a new machine listed its older history above the new machine's
    entries (``--limit`` and the page's 「新しい順」 kept the old ones). By the instant ``at`` names, not its text: each
    entry carries the offset of the machine that wrote it (``+09:00``, ``+00:00``), and the text put an office's
    +09:00 entries above a UTC machine's later ones. Schema 11's indexes give this order, alone and under a filter by
    action, user or both."""
    where, args = _where(username, typed_name, action)
    tail = f" LIMIT {int(limit)}" if limit else ""
    rows = store.conn.execute(
        f"SELECT id, at, username, display_name, action, target, detail FROM audit_log{where}"
        f" ORDER BY julianday(at) DESC, id DESC{tail}", args
    ).fetchall()
    return [Entry(*row) for row in rows]


def last_entry(conn: sqlite3.Connection, action: str, *, target: str | None = None,
               detail_ending: str | None = None) -> Entry | None:
    """The newest entry of ``action`` (for ``target``, or whose detail ends with ``detail_ending``), read inside the
    caller's transaction; None when there is none."""
    where, args = " WHERE action = ?", [action]
    if target is not None:
        where, args = where + " AND target = ?", [*args, target]
    if detail_ending is not None:
        where, args = where + " AND detail LIKE ?", [*args, f"%{detail_ending}"]
    row = conn.execute(f"SELECT id, at, username, display_name, action, target, detail FROM audit_log{where}"
                       " ORDER BY id DESC LIMIT 1", args).fetchone()
    return Entry(*row) if row else None


OWN_CHANGE = "本人による変更"  # the detail of a user's own change of password, the present one verified


def _row_start(username: str) -> tuple[str, tuple]:
    """The SQL condition (and its parameters) for entries after ``username``'s last end of a row of failures: a
    successful sign-in, a reset of its password by someone else (a 管理: the user told 「管理者に連絡してください」
    stayed locked after it), or the user's own change of it, whose present password was verified as a sign-in's is
    (four wrong present passwords, a right change and one typo at sign-in locked the name)."""
    return (" AND id > MAX(COALESCE((SELECT MAX(id) FROM audit_log WHERE action = 'sign_in' AND username = ?), 0),"
            " COALESCE((SELECT MAX(id) FROM audit_log WHERE action = 'user_password' AND target = ?"
            " AND (username != ? OR detail = ?)), 0))", (username, username, username, OWN_CHANGE))


def recent_failures(conn: sqlite3.Connection, username: str, since: str) -> int:
    """Failed sign-ins for ``username`` after ``since`` (ISO time; compared as instants, whatever UTC offset each
    entry was written with) and after its last end of a row of failures (see
    :func:`failures_in_row`); attempts refused while the name was locked do not count (else retrying every few
    minutes kept a colleague locked out)."""
    condition, parameters = _row_start(username)
    row = conn.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_failed' AND username = ?"
                       " AND julianday(at) > julianday(?)"
                       " AND detail != ?" + condition, (username, since, LOCKED, *parameters)).fetchone()
    return row[0]


def failures_in_row(conn: sqlite3.Connection, username: str, since: str) -> list[str]:
    """The times (ISO) of ``username``'s failed sign-ins at or after ``since`` and after its last successful sign-in,
    reset of its password by someone else or own change of it, oldest first; attempts refused while the name was
    locked left out."""
    condition, parameters = _row_start(username)
    return [row[0] for row in conn.execute(
        "SELECT at FROM audit_log WHERE action = 'sign_in_failed' AND username = ? AND julianday(at) >= julianday(?)"
        " AND detail != ?"
        + condition + " ORDER BY id", (username, since, LOCKED, *parameters))]


def to_csv(found: list[Entry]) -> bytes:
    """The entries as CSV (UTF-8 with BOM), oldest first, every cell neutralised against formulas."""
    return csv_bytes([CSV_HEADERS, *(entry.row() for entry in reversed(found))])


def csv_export(store: Store, user: User | None, found: list[Entry], *, anonymous: str = "") -> bytes:
    """The entries' CSV (:func:`to_csv`) for ``user`` as the store holds the user now, its entry written with it.

    For a page's download made when the button is pressed (the file given with the button was delivered to a
    user demoted or removed since the page was drawn, with no entry): no file and no entry for such a user.

    Raises:
        PermissionDeniedError: The user, read again, is not 管理, was removed or has to sign in again.
    """
    from assistant.users import current, require  # users imports this module

    now = current(store, user)
    require(now, "view_audit")
    data = to_csv(found)
    log(store, now, "audit_export", "監査ログ", f"{len(found)} 件", anonymous=anonymous)
    return data
