"""Backups of the store with SQLite's online backup API: on demand, before an ingest replaces or a deletion removes a document, and daily.

A backup is a complete, checked copy of the store file (documents, drafts, users, audit log) in the
backup folder (the ``backup_dir`` setting), named ``<store>-<local time>-<reason>.sqlite3`` (``<store>@<hash of
its path>-…`` in a folder set by the setting, which stores of one name may share); the newest
``backup_keep`` are kept. :func:`restore` copies one back, after keeping the current file aside; the
accounts and the audit log of a sound store stay as they are (:data:`KEPT`).

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from assistant.store import Store
    >>> folder = Path(tempfile.mkdtemp())
    >>> with Store(folder / "corpus.sqlite3") as store:
    ...     make_backup(store, "manual", folder=folder / "backups").path.name.startswith("corpus-")
    True
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import settings
from assistant.errors import BackupError

if TYPE_CHECKING:
    from assistant.store import Store
    from assistant.users import User

DAILY = timedelta(hours=24)
REASONS = {"manual": "手動", "ingest": "取り込み前", "delete": "削除前", "daily": "毎日", "before-restore": "復元前"}
_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"^(?P<stem>.+?)(?:@(?P<owner>[0-9a-f]{8}))?-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z-]+)"
                   r"\.sqlite3$")


@dataclass(frozen=True)
class Backup:
    """One backup file: where it is, when it was taken (local time) and why."""

    path: Path
    taken_at: datetime
    reason: str

    @property
    def label(self) -> str:
        """「2026-01-05 10:15:30（取り込み前）」."""
        return f"{self.taken_at:%Y-%m-%d %H:%M:%S}（{REASONS.get(self.reason, self.reason)}）"


@dataclass(frozen=True)
class RestoreReport:
    """What :func:`restore` did: the backup used, where the previous file went, and what is now in the store."""

    source: Backup
    previous: Path | None
    n_documents: int
    n_drafts: int
    n_users: int
    kept_accounts: bool = False  # the store's accounts were left as they were (see :data:`KEPT`), not the backup's
    added_accounts: int = 0  # accounts of the backup the store never had nor removed (see :func:`_keep_current`)
    renewed_drafts: int = 0  # drafts given a version above any a page opened before may hold (see :func:`_renew_drafts`)
    logged: bool = False  # the 復元 entry was written in the restore's own transaction (see :func:`restore`'s ``actor``)


def _parse(path: Path, stem: str | None, owner: str | None = None) -> Backup | None:
    """The backup a file name describes (of the store named ``stem``; of any store when None), and, when ``owner``
    is given, only if the name carries that owner (see :func:`_owner`)."""
    match = _NAME.match(path.name)
    if not match or (stem is not None and match["stem"] != stem) or (owner is not None and match["owner"] != owner):
        return None
    return Backup(path, datetime.strptime(match["stamp"], _STAMP), match["reason"])


def _owner(db_path: str | Path, folder: Path) -> str | None:
    """What a backup's name carries after ``@`` to say which store it is of, or None in the store's own folder.

    The folder ``backups`` beside the store is that store's alone, and its backups are named by the store's stem.
    A folder set by ``backup_dir`` may be shared by stores of one name (two offices' ``corpus.sqlite3``): there a
    backup's name also carries a short hash of its store's full path, and only that store lists, restores and
    rotates it (all of them shared one list, and a plain ``restore`` of one store could bring back the other's).
    """
    if os.path.realpath(folder) == os.path.realpath(Path(db_path).parent / "backups"):
        return None
    return hashlib.sha256(os.path.realpath(db_path).encode("utf-8")).hexdigest()[:8]


def backups(db_path: str | Path, folder: Path | None = None) -> list[Backup]:
    """The store's backups, newest first."""
    folder = folder or settings.backup_dir(db_path)
    if not folder.is_dir():
        return []
    stem, owner = Path(db_path).stem, _owner(db_path, folder)
    found = [backup for path in folder.iterdir() if (backup := _parse(path, stem, owner))]
    return sorted(found, key=lambda backup: backup.taken_at, reverse=True)


def unowned_backups(db_path: str | Path, folder: Path | None = None) -> list[Backup]:
    """Backups in a shared backup folder named by the store's stem but by no store's path (made before the names
    carried it): perhaps this store's, perhaps another's of that name, so only restored when named."""
    folder = folder or settings.backup_dir(db_path)
    if not folder.is_dir() or _owner(db_path, folder) is None:
        return []
    stem = Path(db_path).stem
    found = [backup for path in folder.iterdir()
             if (backup := _parse(path, stem)) and _NAME.match(path.name)["owner"] is None]
    return sorted(found, key=lambda backup: backup.taken_at, reverse=True)


def newest_backup(db_path: str | Path, folder: Path | None = None) -> Backup | None:
    found = backups(db_path, folder)
    return found[0] if found else None


def check_file(path: Path) -> str | None:
    """None when ``path`` is a sound SQLite file (``PRAGMA quick_check``), else what is wrong."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return str(error)
    try:
        return _problem(conn)
    finally:
        conn.close()


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """Online backup of ``source`` into a new file, written beside ``target`` and renamed when complete.

    The copy holds no unsaved 起案 page (``work_in_progress``: comments as typed, personal data included): the store
    deletes them after ``ZENREI_WORK_KEEP_DAYS`` days, and a backup kept for weeks held them long after (a restore
    keeps the store's own, see :data:`KEPT`). They are overwritten in the file, not only unlinked (secure_delete)."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))  # private from its first byte
    dest = sqlite3.connect(partial, isolation_level=None)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        if dest.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'work_in_progress'").fetchone():
            dest.execute("PRAGMA secure_delete = ON")
            dest.execute("DELETE FROM work_in_progress")
    finally:
        dest.close()
    os.chmod(partial, 0o600)  # drafts, password hashes and the audit log are in it (whatever the umask made of it)
    problem = check_file(partial)
    if problem:
        partial.unlink(missing_ok=True)
        raise BackupError(f"バックアップを確認できませんでした（{problem}）。もう一度実行してください。")
    partial.replace(target)


def _problem(conn: sqlite3.Connection) -> str | None:
    """What is wrong with the open file (None when it is sound). Asked of a copy, and of the store being copied when
    the copy fails: a copy of a damaged store fails its check however often it is taken again."""
    from assistant.store import integrity_problem

    try:
        return integrity_problem(conn)
    except sqlite3.DatabaseError as error:
        return str(error)


def _backup_connection(conn: sqlite3.Connection, db_path: str | Path, reason: str, folder: Path | None,
                       spare: Path | None = None, rotate: bool = True) -> Backup:
    folder = folder or settings.backup_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)  # a new folder is its owner's alone; one made before stays
        taken = datetime.now()
        owner = _owner(db_path, folder)
        path = folder / f"{Path(db_path).stem}{'@' + owner if owner else ''}-{taken.strftime(_STAMP)}-{reason}.sqlite3"
        _copy(conn, path)
    except BackupError:
        problem = _problem(conn)
        if problem:
            from assistant.store import damaged_store_error

            raise damaged_store_error(str(db_path), problem) from None
        raise
    except (OSError, sqlite3.Error) as error:
        raise BackupError(f"バックアップを {folder} に書けません（{error}）。フォルダーの場所と空き容量を確認してください。") from error
    if rotate:
        _rotate(db_path, folder, spare)
    return Backup(path, taken, reason)


def most_kept() -> int:
    """How many backups the rotation keeps: the ``backup_keep`` setting, and one when it is 0."""
    return max(1, int(settings.get("backup_keep")))


def _rotate(db_path: str | Path, folder: Path, spare: Path | None = None) -> None:
    """Keep the newest :func:`most_kept` backups, and the newest daily one whatever came after it (a day of
    many ingests must not push out the copy from before them); ``spare`` (the backup being restored) stays."""
    keep = most_kept()
    found = backups(db_path, folder)
    daily = next((backup for backup in found if backup.reason == "daily"), None)
    for old in found[keep:]:
        if old is not daily and (spare is None or old.path.resolve() != spare.resolve()):
            old.path.unlink(missing_ok=True)


def make_backup(store: Store, reason: str = "manual", *, folder: Path | None = None) -> Backup:
    """Copy the whole store (SQLite online backup: consistent even while others write) and keep the newest N.

    Raises:
        BackupError: The store lives in memory, or the backup folder cannot be written.
    """
    if store.path == ":memory:":
        raise BackupError("メモリー上のデータベースはバックアップできません。")
    with store.lock:
        return _backup_connection(store.conn, store.path, reason, folder)


def backup_before_change(store: Store, reason: str) -> Backup | None:
    """A backup before a change (e.g. an ingest); nothing for an in-memory or still empty store."""
    if store.path == ":memory:" or store.is_empty():
        return None
    return make_backup(store, reason)


def ensure_daily_backup(store: Store, now: datetime | None = None) -> Backup | None:
    """A backup when the newest one is more than a day old (or there is none and the store holds data)."""
    if store.path == ":memory:" or store.is_empty():
        return None
    newest = newest_backup(store.path)
    if newest is not None and (now or datetime.now()) - newest.taken_at < DAILY:
        return None
    return make_backup(store, "daily")


def _count(conn: sqlite3.Connection, table: str) -> int:
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:  # an old backup without that table
        return 0


def _set_aside(db_path: Path) -> Path:
    """Rename a damaged store (and its -wal/-shm files, which must not be applied to the restored one)."""
    stamp = datetime.now().strftime(_STAMP)
    aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    db_path.replace(aside)
    for suffix in ("-wal", "-shm", "-journal"):
        extra = db_path.with_name(db_path.name + suffix)
        if extra.exists():
            extra.replace(aside.with_name(aside.name + suffix))
    return aside


def restore(db_path: str | Path, source: str | Path | None = None, actor: User | None = None) -> RestoreReport:
    """Put a backup back in place of the store (the newest backup when ``source`` is None).

    The current file is kept first: a sound one as a 「復元前」 backup, a damaged one renamed to
    ``<name>.damaged-<time>``. A sound store is restored in one transaction under its write lock (see
    :func:`_restore_in_place`), so a running app sees the store before or after, and a colleague's save
    is never lost; a backup of an older schema version is first migrated, in a temporary copy, and so is the
    store when it is older. A damaged or missing store is replaced by a copy of the whole backup file (SQLite's
    backup API), its restored drafts renewed as far as the damaged file's drafts can still be read (every one of
    them, :data:`UNREAD_VERSION_STEP` versions on, when they cannot: see :func:`_damaged_drafts`). Restart a running app afterwards so that its search index
    is rebuilt.

    What a sound store holds in the tables of :data:`KEPT` stays as it is now: a restore brings back
    documents and drafts, not a colleague's removed account, an old password or an erased audit entry. A restored
    draft the store held otherwise gets a new version (:func:`_renew_drafts`): a page opened before the restore
    cannot save over a colleague's save made after it.

    ``actor``: who restores; when given, the 復元 entry of the audit log is written in the restore's own transaction
    (``RestoreReport.logged``), so that a restore is never done without it, nor said to be refused after it was done
    (a colleague's ingest holding the lock right after). Not when the backup is of a version without an audit log put
    in place of a damaged or missing store: the caller records it then. None: nothing recorded.

    Raises:
        BackupError: There is no backup, or the chosen one is missing or damaged.
    """
    db_path = Path(db_path)
    chosen = _chosen_backup(db_path, source)
    _check_backup(chosen.path, db_path)
    previous: Path | None = None
    if db_path.exists():
        if check_file(db_path) is None:
            if _schema(db_path) == _schema(chosen.path):
                return _restore_in_place(db_path, chosen, actor=actor)
            return _restore_migrated(db_path, chosen, actor)
        previous = _set_aside(db_path)
    from assistant.store import _create_private

    before = _damaged_drafts(previous) if previous is not None else None
    _create_private(db_path)  # owner-only, as a new store is (it was made as the umask said: readable by everyone)
    with sqlite3.connect(chosen.path) as backup_conn, sqlite3.connect(db_path) as target:
        backup_conn.backup(target)
        # Running readers compare generations to notice a changed corpus: make this one new to them.
        target.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('generation', ?)",
                       (str(_generation(target) + 1),))
        renewed = 0
        if previous is not None and all(_has_table(target, "main", table) for table in ("drafts", "draft_versions", "audit_log")):
            step = 1
            if before is None:  # the damaged file's drafts cannot be read: every restored draft may be stale on a page,
                # at any version saved since the backup (the next one was what a page opened after one save held)
                before = ({}, max((row[0] for row in target.execute("SELECT id FROM drafts")), default=0))
                step = UNREAD_VERSION_STEP
            renewed = _renew_drafts(target, before, step)
        logged = _log_restore(target, actor, chosen, previous)
        report = RestoreReport(chosen, previous, _count(target, "documents"), _count(target, "drafts"),
                               _count(target, "users"), renewed_drafts=renewed, logged=logged)
    backup_conn.close()
    target.close()
    return report


def _log_restore(conn: sqlite3.Connection, actor: User | None, chosen: Backup, previous: Path | None) -> bool:
    """Record the restore as 復元 by ``actor`` in ``conn``'s transaction; whether it was (None records nothing, and a
    store of a version without the audit log cannot)."""
    if actor is None or not _has_table(conn, "main", "audit_log"):
        return False
    from assistant import audit

    audit.record(conn, actor, "restore", chosen.path.name, f"元のファイル: {previous.name if previous else 'なし'}")
    return True


def _restore_migrated(db_path: Path, chosen: Backup, actor: User | None = None) -> RestoreReport:
    """Restore a backup of another schema version into a sound store: both brought to this version's schema (the
    backup in a temporary copy beside the store, the store itself as any open does), then restored in place.
    Copying the whole file over the store, as before, lost a colleague's save made while it was copied."""
    from assistant.store import Store

    with tempfile.TemporaryDirectory(dir=db_path.parent, prefix=".restore-") as folder:
        migrated = Path(folder) / chosen.path.name
        with sqlite3.connect(chosen.path) as source, sqlite3.connect(migrated) as copy:
            source.backup(copy)
        source.close()
        copy.close()
        Store(migrated).close()
        Store(db_path).close()
        return _restore_in_place(db_path, chosen, fill_from=migrated, actor=actor)


def _restore_in_place(db_path: Path, chosen: Backup, fill_from: Path | None = None,
                      actor: User | None = None) -> RestoreReport:
    """Restore a sound store under its write lock, so that a colleague's save is never lost between the
    「復元前」 copy and the restore: it is either in that copy (it came before) or waits and lands after. The
    backup must be of the store's schema version (its tables are filled into the store's own).

    The copy is taken first without the lock (SQLite's backup API cannot read a database its own connection
    is writing); the lock is then taken, and if anything was committed in between (``PRAGMA data_version``)
    the copy is taken again. Under the lock every table is emptied and filled from the backup (the columns
    both have; a table the backup lacks stays empty, as the backup API left it), and the restored drafts given
    new versions (:func:`_renew_drafts`), and the restore recorded by ``actor``, in one transaction.
    ``fill_from``: the file to fill from when it is not the backup's own (a migrated copy of it).
    """
    conn = sqlite3.connect(db_path, isolation_level=None, timeout=float(_LOCK_WAIT_SECONDS))
    previous: Path | None = None
    restored: Path | None = None  # the 「復元前」 copy, once the restore is committed
    try:
        conn.execute("ATTACH DATABASE ? AS chosen", (str(fill_from or chosen.path),))
        for _ in range(_COPY_TRIES):
            seen = conn.execute("PRAGMA data_version").fetchone()[0]
            # Rotated only once the restore is done: a restore refused must leave the backups as they were.
            previous = _backup_connection(conn, db_path, "before-restore", None, rotate=False).path
            conn.execute("BEGIN IMMEDIATE")
            if conn.execute("PRAGMA data_version").fetchone()[0] == seen:
                break
            conn.execute("ROLLBACK")  # a colleague saved meanwhile: that save must be in the 「復元前」 copy
            previous.unlink(missing_ok=True)
            previous = None
        else:
            raise BackupError("ほかの人の保存が続いているため、戻せませんでした。しばらくしてからもう一度実行してください。")
        try:
            generation = _generation(conn)
            drafts = _drafts_before(conn)
            _replace_tables(conn)
            kept, added = _keep_current(conn)
            renewed = _renew_drafts(conn, drafts)
            logged = _log_restore(conn, actor, chosen, previous)
            conn.execute("INSERT OR REPLACE INTO main.meta(key, value) VALUES ('generation', ?)",
                         (str(max(generation, _generation(conn)) + 1),))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        restored = previous
        _rotate(db_path, settings.backup_dir(db_path), chosen.path)
        conn.execute("DETACH DATABASE chosen")
        return RestoreReport(chosen, previous, _count(conn, "documents"), _count(conn, "drafts"), _count(conn, "users"),
                             kept, added, renewed, logged)
    except sqlite3.OperationalError as error:  # the lock not had within the wait: nothing was changed
        raise BackupError(f"データベースが使用中のため、戻せませんでした（{error}）。アプリの保存や取り込みが終わってから、"
                          "もう一度実行してください。") from error
    finally:
        conn.close()
        if previous is not None and restored is None:  # refused or failed: the store is as it was, no copy of it kept
            previous.unlink(missing_ok=True)


def _schema(path: Path) -> str | None:
    """The store's schema version as its meta table records it (None when it records none)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.Error:
            row = None
    conn.close()
    return row[0] if row else None


def _replace_tables(conn: sqlite3.Connection) -> None:
    """Empty every table of ``main`` and fill it from the attached ``chosen`` (the columns both have)."""
    def tables(schema: str) -> dict[str, str]:
        return {name: sql for name, sql in conn.execute(
            f"SELECT name, sql FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}

    def columns(schema: str, table: str) -> list[str]:
        return [row[1] for row in conn.execute(f"PRAGMA {schema}.table_info({_quoted(table)})")]

    ours, theirs = tables("main"), tables("chosen")
    for name, sql in theirs.items():
        if name not in ours:  # a table this version does not know: as the backup has it
            conn.execute(sql)
            ours[name] = sql
    for name in ours:
        if name in KEPT:  # see _keep_current
            continue
        conn.execute(f"DELETE FROM main.{_quoted(name)}")
        if name in theirs:
            shared = [column for column in columns("main", name) if column in set(columns("chosen", name))]
            listed_columns = ", ".join(_quoted(column) for column in shared)
            conn.execute(f"INSERT INTO main.{_quoted(name)} ({listed_columns}) "
                         f"SELECT {listed_columns} FROM chosen.{_quoted(name)}")
    if _has_table(conn, "chosen", "sqlite_sequence") and _has_table(conn, "main", "sqlite_sequence"):
        reached = dict(conn.execute("SELECT name, seq FROM main.sqlite_sequence"))
        kept = ", ".join(f"'{name}'" for name in KEPT)
        conn.execute(f"DELETE FROM main.sqlite_sequence WHERE name NOT IN ({kept})")
        conn.execute(f"INSERT INTO main.sqlite_sequence SELECT * FROM chosen.sqlite_sequence WHERE name NOT IN ({kept})")
        _raise_sequences(conn, reached)


# Tables a restore of a sound store leaves as they are now. users: who may sign in (a colleague removed
# since the backup, an old password or a role taken away must not come back with the drafts); audit_log: the
# record of what was done, restores included; work_in_progress: the unsaved 起案 pages of people working now (a backup
# holds none, see _copy).
KEPT = ("users", "audit_log", "work_in_progress")
_AUDIT_COLUMNS = "at, username, display_name, action, target, detail"
_AUDIT_COLUMNS_RENAMED = ("at, username, display_name, action, target, CASE WHEN action = 'user_name'"
                          " THEN restored_rename(detail, target) ELSE detail END")  # see _keep_current


def _has_table(conn: sqlite3.Connection, schema: str, table: str) -> bool:
    return conn.execute(f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?",
                        (table,)).fetchone() is not None


def _keep_current(conn: sqlite3.Connection) -> tuple[bool, int]:
    """Keep ``main``'s rows of :data:`KEPT` with the backup attached as ``chosen`` (of the same schema), within the
    caller's transaction. Returns whether the store had accounts, and how many accounts were taken from the backup.

    Accounts: the current ones as they are, and those of the backup the store never had and never removed
    (its audit log has no 利用者の削除 of the name): a new machine whose first 管理 was added before the office's
    backup is restored gets the office's accounts; a colleague removed since the backup stays removed. The audit
    log is the current one with the entries only the backup has (a backup of another store) added after it; a
    sign-in attempt a backup of this store (its log the current one's up to the attempt) holds as a failure, settled
    since into a sign-in, is not one of them; nor is a 氏名の表記の修正 of a rename the log has (its counts aside), and
    one the log lacks is added as users.restored_rename gives it (利用者の氏名 only for an account taken from the backup).
    """
    from assistant.store import MIGRATION_ACTOR
    from assistant.users import UNKNOWN_NAME, accounts_by_name, rename_of, restored_rename

    if not all(_has_table(conn, schema, "users") for schema in ("main", "chosen")):
        return False, 0
    live = {username for (username,) in conn.execute("SELECT username FROM main.users")}
    had = bool(live)
    added = conn.execute("INSERT INTO main.users SELECT * FROM chosen.users WHERE username NOT IN"
                         " (SELECT username FROM main.users) AND username NOT IN"
                         " (SELECT target FROM main.audit_log WHERE action = 'user_remove')").rowcount
    # A display name cleaned by schema 12 (氏名の表記の修正) is one entry per user and rename, whichever store's
    # migration logged it and whatever rows it counted there (the live store's and the backup's differ once either
    # changed): the backup's entry comes only for a rename the log lacks, naming 利用者の氏名 only for an account taken
    # from the backup, and the accounts of the same name as the store has them (users.restored_rename).
    accounts = accounts_by_name(conn, "main.users")
    conn.create_function("rename_of", 1, rename_of, deterministic=True)
    conn.create_function("restored_rename", 2, lambda detail, username: restored_rename(
        detail, username, username not in live, accounts), deterministic=True)
    # A migration's entries (of a temporary copy of an older backup) bear the time it ran: the same rename logged
    # by the restore of that backup before is the same entry. A failed sign-in under an unknown name is tagged
    # with a key of its own by each store's migration (users.hide_typed_names): the same time is the same entry.
    conn.execute(f"INSERT INTO main.audit_log ({_AUDIT_COLUMNS}) SELECT {_AUDIT_COLUMNS_RENAMED} FROM chosen.audit_log AS r"
                 " WHERE NOT (r.action = 'user_name' AND (restored_rename(r.detail, r.target) IS NULL OR EXISTS (SELECT 1"
                 " FROM main.audit_log AS c WHERE c.action = 'user_name' AND c.target = r.target"
                 " AND rename_of(c.detail) = rename_of(r.detail))))"
                 " AND NOT EXISTS (SELECT 1 FROM main.audit_log AS c WHERE c.action = r.action AND c.detail = r.detail"
                 " AND (((c.username, c.target) = (r.username, r.target) AND (c.at = r.at OR (r.display_name LIKE ?"
                 " AND c.display_name = r.display_name))) OR (r.action = 'sign_in_failed' AND r.display_name = ?"
                 " AND c.display_name = r.display_name AND c.at = r.at)))"
                 # A sign-in in progress when the backup was made: its attempt, recorded as a failure first, was settled
                 # since into the sign-in the current log holds under the same id (a later time): no failure comes back.
                 # Only for a backup of this store, its log up to that id the current one's (ids of two stores line up:
                 # on a new machine id 2 is the first 管理's sign-in, and another office's real failure came not back).
                 " AND NOT (r.action = 'sign_in_failed' AND EXISTS (SELECT 1 FROM main.audit_log AS c WHERE c.id = r.id"
                 " AND c.action = 'sign_in' AND (c.username, c.target, c.detail) = (r.username, r.target, r.detail)"
                 " AND c.at >= r.at)"
                 " AND (SELECT COUNT(*) FROM main.audit_log WHERE id < r.id) = (SELECT COUNT(*) FROM chosen.audit_log"
                 " WHERE id < r.id) AND NOT EXISTS (SELECT 1 FROM chosen.audit_log AS b WHERE b.id < r.id AND NOT EXISTS"
                 " (SELECT 1 FROM main.audit_log AS c WHERE c.id = b.id AND (c.username, c.target, c.detail) ="
                 " (b.username, b.target, b.detail) AND ((c.at, c.action) = (b.at, b.action) OR (b.action = 'sign_in_failed'"
                 " AND c.action = 'sign_in' AND c.at >= b.at))))) ORDER BY r.id",  # another attempt settled since
                 (MIGRATION_ACTOR.format(step="%"), UNKNOWN_NAME))
    return had, added


def _drafts_before(conn: sqlite3.Connection) -> tuple[dict[int, tuple], int] | None:
    """The store's drafts as they are before the restore replaces them (None for a store older than the drafts'
    versions, schema 4)."""
    from assistant.drafts import states_before_restore

    if not all(_has_table(conn, "main", table) for table in ("drafts", "draft_versions", "audit_log")):
        return None
    return states_before_restore(conn)


def _damaged_drafts(path: Path) -> tuple[dict[int, tuple], int] | None:
    """The drafts of a damaged store set aside (see :func:`_drafts_before`), as far as they can still be read: a
    damaged page elsewhere in the file (an index, a template table) leaves them readable, and a page opened before
    the damage must not save over a colleague's save after the restore. None when they cannot be read."""
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return _drafts_before(conn)
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


UNREAD_VERSION_STEP = 100  # versions a restored draft moves on when the damaged store's own could not be read


def _renew_drafts(conn: sqlite3.Connection, before: tuple[dict[int, tuple], int] | None, step: int = 1) -> int:
    """Give the restored drafts versions no page opened before the restore holds (a draft's version came back
    with the backup and the next saves gave its numbers again: a page opened before the restore saved over a
    colleague's save made after it, without a conflict). See :func:`assistant.drafts.renew_restored_versions`."""
    from assistant.drafts import renew_restored_versions

    return 0 if before is None else renew_restored_versions(conn, *before, step=step)


def _raise_sequences(conn: sqlite3.Connection, reached: dict[str, int]) -> None:
    """Keep every AUTOINCREMENT sequence of ``main`` at least where the store before the restore had ``reached``: a
    draft id is never given twice (a 起案 tab's kept work names the draft it edits by id: given to a new draft
    after the restore, that work moved the colleague's draft and replaced its text)."""
    for name, seq in reached.items():
        if conn.execute("UPDATE main.sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?", (seq, name)).rowcount == 0:
            conn.execute("INSERT INTO main.sqlite_sequence(name, seq) SELECT ?, ? WHERE EXISTS"
                         " (SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?)", (name, seq, name))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_LOCK_WAIT_SECONDS = 60
_COPY_TRIES = 5
_SQLITE_MAGIC = b"SQLite format 3\x00"
_LIST_HINT = "`python -m assistant backup --list` でバックアップの一覧を確かめて、その中のファイルを指定してください。"


def _check_backup(path: Path, db_path: Path) -> None:
    """Refuse what must not replace the store: a file that is no database, a damaged one, a database of
    something else, or the store itself."""
    with path.open("rb") as handle:
        if handle.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            raise BackupError(f"{path} はデータベースのファイルではないため、戻せません。{_LIST_HINT}")
    problem = check_file(path)
    if problem:
        raise BackupError(f"バックアップ {path} は壊れています（{problem}）。別のバックアップを指定してください。")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    if not {"documents", "precedents"} <= tables:
        raise BackupError(f"{path} はこのツールのデータベースではない（文書と前例の表がない）ため、戻せません。{_LIST_HINT}")
    if db_path.exists() and path.resolve() == db_path.resolve():
        raise BackupError(f"{path} は今使っているデータベースそのものです。{_LIST_HINT}")
    from assistant.store import SCHEMA_VERSION

    version = _schema(path)
    if version is not None and version.isdigit() and int(version) > SCHEMA_VERSION:
        raise BackupError(f"{path} はこのツールより新しい版（スキーマ版 {version}）で作られたため、戻せません。"
                          "新しい版のツールで戻してください。")


def _generation(conn: sqlite3.Connection) -> int:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    except sqlite3.Error:
        return 0
    return int(row[0]) if row else 0


def _chosen_backup(db_path: Path, source: str | Path | None) -> Backup:
    if source is None:
        newest = newest_backup(db_path)
        if newest is None:
            unowned = unowned_backups(db_path)
            raise BackupError(f"{settings.backup_dir(db_path)} にバックアップがありません。" + (
                f"（このデータベースのものか記録のない「{db_path.stem}」のバックアップが {len(unowned)} 件あります。"
                f"{_LIST_HINT}）" if unowned else "バックアップのファイルを指定してください。"))
        return newest
    path = Path(source)
    if path.is_dir():  # it had been said not to be found
        raise BackupError(f"{path} はフォルダーです。その中のバックアップのファイルを指定してください。{_LIST_HINT}")
    if not path.is_file():
        raise BackupError(f"バックアップ {path} が見つかりません。パスを確認してください。")
    # A file named as this tool names backups keeps its time and reason, whichever store it was taken of.
    return _parse(path, None) or Backup(path, datetime.fromtimestamp(path.stat().st_mtime), "manual")
