"""The corpus store: one SQLite file with a versioned schema.

Every write is one transaction, so a failure leaves the store exactly as it was. Several processes
(the app, the command line, colleagues' sessions) may share the file: it runs in WAL mode, a writer
waits for a busy store and retries with backoff, and only then gives up with a message. Opening a file
runs ``PRAGMA quick_check``; a damaged store is refused with the newest backup named. The check is skipped
only when the file is exactly as this tool left it after a check: a clean close writes ``<file>.checked``
(size and modification time, with no write-ahead log left), and any other writer, a crash or a copy over
the file changes what it names.

Example:
    >>> store = Store(":memory:")
    >>> store.stats().n_documents
    0
"""

from __future__ import annotations

import functools
import json
import os
import random
import sqlite3
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from rapidfuzz import fuzz, process

from assistant import audit, settings
from assistant.audit import AUDIT_TABLE
from assistant.errors import AssistantError, StoreBusyError, StoreCorruptError, StoreError
from assistant.models import (
    CorpusStats, Document, DocumentMeta, DocumentPlan, ItemChanges, ParsedDocument, Precedent, Template, short_hash,
)
from assistant.templates import SCHEME, WHOLE_GROUP_SCANNED, LinkIndex, band_keys, same_stance
from assistant.naming import KIND_LABELS, source_label
from assistant.readers.docmeta import generic_title
from assistant.textnorm import (NO_RANGE_MARKS, canonical_name, count_controls, format_period, natural_key, no_dashes,
                                no_thousands, normalize, squash, strip_controls)
from assistant.users import USERS_TABLE, User

SCHEMA_VERSION = 12
RACY_WINDOW_NS = 25_000_000  # wider than a file-system clock tick (1-10 ms)
BUSY_TIMEOUT_S = 5.0  # SQLite's own wait for a lock, per attempt
BUSY_RETRIES = 4  # further attempts after that, with growing pauses (about 25 s in all)
# How long a write waits for another thread of this process (another browser session) that holds the shared
# connection, as long as a write waits for another process: each session's wait is its own, not one after another.
LOCK_WAIT_S = BUSY_TIMEOUT_S * (BUSY_RETRIES + 1)
CORRECTED_SIMILARITY = 80  # an unnumbered item's comment this alike (0-100) to a stored one that is gone corrects it


def _create_private(path: Path) -> None:
    """Create a new store file readable and writable by its owner only (drafts, citizens' comments, password hashes
    and the audit log are in it; SQLite gives its -wal and -shm files the same mode). An existing file is left as
    it is."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError:  # it exists; or sqlite3.connect says what is wrong, in the store's own message
        pass


def _changes(stored: dict[str, object], incoming: dict[str, object]) -> ItemChanges:
    """Items added, removed, changed and unchanged, from what is compared of each (its content hash and its answer's
    paragraphs) by precedent id before and after."""
    common = stored.keys() & incoming.keys()
    changed = sum(stored[key] != incoming[key] for key in common)
    return ItemChanges(added=len(incoming.keys() - stored.keys()), removed=len(stored.keys() - incoming.keys()),
                       changed=changed, unchanged=len(common) - changed)


_NOT_STATED = "（なし）"
# What an item's stored form keeps besides its compared content (:func:`_changes`), in order: its position, its No., the
# heading, comment and answer as published, its page and its other columns; named as :func:`stored_differences` says them.
_ITEM_ASPECTS = ("並び順", "No.", "表記", "表記", "表記", "頁", "ほかの列")


def _shown(value) -> str:
    return _NOT_STATED if value is None or value == "" else str(value)


def _item_form(seq: int, no: str, topic, comment: str, answer: str, page, extra) -> tuple:
    """An item as stored, beside what :func:`_changes` compares (see :data:`_ITEM_ASPECTS`)."""
    return (seq, no, topic or None, comment, answer, page, extra or {})


def _item_forms(keyed: list[tuple[str, object, str]]) -> dict[str, tuple]:
    """The stored form of each item that ``keyed`` (:meth:`Store._keyed_items`) would write, by precedent id."""
    return {precedent_id: _item_form(seq, item.no, item.topic, item.comment, item.answer, item.page, item.extra)
            for seq, (precedent_id, item, _) in enumerate(keyed, start=1)}


def stored_differences(stored: Document, parsed: ParsedDocument, stored_items: dict[str, tuple],
                       incoming_items: dict[str, tuple]) -> tuple[str, ...]:
    """What writing ``parsed`` in the place of ``stored`` changes besides its items' content and its title, each as
    staff read it: 「担当課：環境局 → 建設局」, 「記載の意見総数：（なし） → 12 件」, 「警告：2 件 → 0 件」, 「ファイル：a.csv →
    b.csv」 (the file's name: the same name in another folder, spelt relative, or in another Unicode form is no change
    to confirm, and the stored path stays), 「件名の表記：…」 (a title the same once normalised, 「（案）」 for 「(案)」),
    「頁の違う項目 3 件」 (the items' stored forms, :func:`_item_forms`, by precedent id). A document the same in all of these and in its items and title is
    「変更なし」 and is not rewritten (:meth:`Store._keep_unchanged` says what it still writes); one that differs is a
    replacement to confirm (:attr:`DocumentPlan.other_changes`)."""
    meta = parsed.meta
    changes = [f"{label}：{_shown(before)} → {_shown(after)}" for label, before, after in (
        ("件名の表記", stored.title, meta.title),
        ("種類", KIND_LABELS.get(stored.kind, stored.kind), KIND_LABELS.get(meta.kind, meta.kind)),
        ("事務名", stored.area, meta.area), ("公表元", stored.publisher, meta.publisher),
        ("担当課", stored.department, meta.department)) if _shown(before) != _shown(after)]
    if (stored.period_start, stored.period_end) != (meta.period_start, meta.period_end):
        changes.append(f"期間：{_shown(format_period(stored.period_start, stored.period_end))} → "
                       f"{_shown(format_period(meta.period_start, meta.period_end))}")
    if stored.declared_count != meta.declared_count:
        counted = [_NOT_STATED if count is None else f"{count} 件" for count in (stored.declared_count, meta.declared_count)]
        changes.append(f"記載の意見総数：{counted[0]} → {counted[1]}")
    names = (source_label(stored.source), source_label(parsed.source))
    # The name only (another folder is no change), in one Unicode form (a Mac sends NFD names).
    if unicodedata.normalize("NFC", names[0]) != unicodedata.normalize("NFC", names[1]):
        changes.append(f"ファイル：{names[0]} → {names[1]}")
    differing = [key for key in stored_items.keys() & incoming_items.keys() if stored_items[key] != incoming_items[key]]
    if differing:
        aspects = dict.fromkeys(aspect for at, aspect in enumerate(_ITEM_ASPECTS)
                                if any(stored_items[key][at] != incoming_items[key][at] for key in differing))
        changes.append(f"{'・'.join(aspects)}の違う項目 {len(differing)} 件")
    if tuple(stored.warnings) != tuple(parsed.warnings):
        changes.append(f"警告：{len(stored.warnings)} 件 → {len(parsed.warnings)} 件" if len(stored.warnings) != len(
            parsed.warnings) else f"警告の文面（{len(parsed.warnings)} 件）")
    return tuple(changes)


def _paragraph_norms(item) -> tuple[str, ...]:
    """An item's answer paragraphs as stored for comparison (``paragraphs.norm``, in order)."""
    return tuple(normalize(text) for text in item.answer_paragraphs)


def comment_keys(parsed: ParsedDocument) -> set[str]:
    """The comments of a document as compared for identity (NFKC, whitespace removed)."""
    return {squash(item.comment) for item in parsed.items}


def versions_alike(mine: set[str], theirs: set[str]) -> bool:
    """Whether two documents of one title and period can be one result's versions: at least half of the comments
    (of :data:`COMPARED_COMMENTS` of ours) are in theirs, the same or corrected (:data:`CORRECTED_SIMILARITY`: a
    version that fixed a typo in every comment, or summarised each again, is still the same result). Fewer are
    two consultations that read the same title (a generic heading such as 「意見募集の結果について」) and period,
    such as two a citizen answered with the same letter; one without items tells nothing, and counts as alike.
    Short comments (「賛成です。」) count only when equal.
    """
    if not mine or not theirs:
        return True
    pool = [comment for comment in theirs if len(comment) >= _LONG_ENOUGH]
    sample = sorted(mine)[:COMPARED_COMMENTS]
    alike = sum(comment in theirs or (len(comment) >= _LONG_ENOUGH and bool(pool) and process.extractOne(
        comment, pool, scorer=fuzz.ratio, score_cutoff=CORRECTED_SIMILARITY) is not None) for comment in sample)
    return 2 * alike >= len(sample)


COPY_OVERLAP = 0.8  # share of items two files of different formats must read alike to be one document's copies


def item_keys(parsed: ParsedDocument) -> set[tuple[str, str]]:
    """The items of a document as compared for copies (comment and answer, NFKC, whitespace removed)."""
    return {(squash(item.comment), squash(item.answer)) for item in parsed.items}


def items_overlap(mine: set, theirs: set) -> bool:
    """Whether two documents' items (:func:`item_keys`) read alike as copies in two formats do: :data:`COPY_OVERLAP`
    of the larger's items are in both."""
    return len(mine & theirs) >= COPY_OVERLAP * max(len(mine), len(theirs))


def extends(one: str, other: str) -> bool:
    """Whether one title runs on from the other (normalised; both non-empty): the PDF's or Word file's
    「…の結果寄せられたご意見と本市の考え方」 beside the web page's heading 「…の結果」."""
    one, other = normalize(one), normalize(other)
    return bool(one and other) and one != other and (one.startswith(other) or other.startswith(one))


def periods_differ(meta: DocumentMeta, start: str | None, end: str | None) -> bool:
    """Whether a document of the period ``start``-``end`` states another period than ``meta`` does, both stating one
    (of the same title and with comments alike, perhaps the same result with its period corrected)."""
    return bool(meta.period_start and start) and (start, end) != (meta.period_start, meta.period_end)


COMPARED_COMMENTS = 50
_LONG_ENOUGH = 20  # characters of a comment compared for likeness, not only for equality
_SHARED_LINKS = 2  # long comments a stored document of another title shares, at least, to be compared as retitled


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
    # Incremental templates: every distinct normalised paragraph with its template and use count, and
    # its LSH bucket keys (assistant/templates.py), so that a new document is grouped against the stored
    # paragraphs without regrouping them. The step also regroups the stored paragraphs (Store._init_schema).
    6: """
CREATE TABLE IF NOT EXISTS template_norms (
    id INTEGER PRIMARY KEY AUTOINCREMENT, norm TEXT NOT NULL UNIQUE, template_id TEXT NOT NULL,
    n_paragraphs INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS template_norms_template ON template_norms(template_id);
CREATE TABLE IF NOT EXISTS template_keys (
    key INTEGER NOT NULL, norm_id INTEGER NOT NULL, PRIMARY KEY (key, norm_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS template_keys_norm ON template_keys(norm_id);
""",
    # Consultation names in their canonical form (textnorm.canonical_name): 「ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ　２０２６」 and
    # 「パブリックコメント 2026」 were two consultations. No table changes; the step renames the stored names
    # (canonical_consultation_names, run by Store._init_schema).
    7: "",
    # No table changes either. The names again (strip_controls took the soft hyphen U+00AD after step 7, so a name
    # typed with one was no longer found), a group's No. now kept apart from one it lists; and failed sign-ins that
    # versions before the tagging of unknown names logged under the name as typed (often a password typed into the
    # name field) get that tag (users.hide_typed_names).
    8: "",
    # No table changes. The drafts' Nos. as drafts.item_number now gives them: without the invisible characters a No.
    # copied from a web page, a PDF or Word carried (「3<U+200B>」 beside 「3」: two rows shown as No. 3), a range's
    # mark as 「～」 (「3~5」); the step renames the stored Nos. (canonical_item_numbers, run by Store._init_schema).
    9: "",
    # No table changes. The drafts' Nos. again, as drafts.item_number now gives them: a sub-number's hyphen typed as one
    # of its look-alikes as 「-」 (「6‐1」, 「6−1」, 「6ー1」 were rows of their own beside 「6-1」), a number without its
    # thousands separators (「1,000」 had been the list of 1 and 000); and the Nos. that list a comment another No. lists
    # (「1、2」 beside 「2」, saved before a save refused it) are named, as a save names them (canonical_item_numbers).
    10: "",
    # The audit log is listed by the instant of ``at`` (julianday applies its UTC offset; the text of an entry written
    # at +09:00 sorts above a later one written at +00:00 after a restore on a UTC machine or a change of the server's
    # time zone): without these indexes a page of 50 entries of 200,000 sorted them all (about 180 ms; with it 0.1 ms),
    # and a page filtered by 操作, or by user and 操作, of 300,000 took 0.5-1.6 s (56-139 ms in id order before).
    11: """
CREATE INDEX IF NOT EXISTS audit_log_time ON audit_log(julianday(at));
CREATE INDEX IF NOT EXISTS audit_log_action_time ON audit_log(action, julianday(at));
CREATE INDEX IF NOT EXISTS audit_log_user_time ON audit_log(username, julianday(at));
CREATE INDEX IF NOT EXISTS audit_log_user_action_time ON audit_log(username, action, julianday(at));
""",
    # No table changes. The users' display names as users.clean_display_name gives them (a store of the versions before
    # it kept a name with a line break, which printed a row of its own in `users list` and `audit`, or zero-width and
    # bidi characters), with the copies written with them (audit log, drafts' authors and versions); one that shows
    # nothing becomes the user name, each change in the audit log (users.clean_stored_display_names).
    12: "",
}
TEMPLATES_REGROUPED_AT = 6  # the migration step after which every stored paragraph is regrouped
NAMES_CANONICAL_AT = (7, 8)  # the migration steps that give every stored consultation name its canonical form: a
# change of textnorm.canonical_name (or of strip_controls, which it applies) needs another step
TYPED_NAMES_HIDDEN_AT = 8  # the migration step that tags the names of failed sign-ins logged as typed
NAMES_APART_KEY = "consultation_names_apart"  # meta: JSON list of the names that step kept apart, and why
NOS_CANONICAL_AT = (9, 10)  # the migration steps that give every stored draft's No. the form drafts.item_number
# gives: a change of item_number needs another step
NOS_SHARED_NAMED_AT = 10  # from this step on, every stored No. that lists a comment another No. lists is named
NOS_TO_CHECK_KEY = "draft_numbers_to_check"  # meta: JSON list of the Nos. that step kept apart or left sharing a comment
DISPLAY_NAMES_CLEANED_AT = 12  # the migration step that gives every stored display name users.clean_display_name's form:
# a change of clean_display_name (or of strip_controls, which it applies) needs another step
MIGRATION_ACTOR = "（スキーマ版 {step} への移行）"  # who the audit log names for what a migration step did


@contextmanager
def secure_deletes(conn: sqlite3.Connection) -> Iterator[None]:
    """Within it, what ``conn`` deletes or overwrites is overwritten in the file, not only unlinked (SQLite's
    secure_delete): for rows that hold personal data unmasked (the 起案 page's kept work, comments as typed). The
    connection's setting is as it was afterwards."""
    was = conn.execute("PRAGMA secure_delete").fetchone()[0]
    conn.execute("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA secure_delete = {int(was)}")


def migration_actor(step: int) -> str:
    """「（スキーマ版 8 への移行）」: who the audit log names for what migration step ``step`` changed."""
    return MIGRATION_ACTOR.format(step=step)


def _apart_name(canonical: str, taken: set[str]) -> str:
    """A free name for a consultation kept apart from ``canonical``: 「… (表記違い2)」, 「… (表記違い3)」, …"""
    number = 2
    while f"{canonical} (表記違い{number})" in taken:
        number += 1
    return f"{canonical} (表記違い{number})"


def canonical_consultation_names(conn: sqlite3.Connection, step: int = NAMES_CANONICAL_AT[-1]) -> list[dict[str, str]]:
    """Give every stored consultation name (consultations.name, drafts.consultation) its canonical form
    (:func:`assistant.textnorm.canonical_name`), inside the caller's transaction; nothing is deleted or overwritten.

    The names of one canonical form are taken in order: the one already canonical, then by when each was first
    used (its consultation row or first draft). Each merges into the canonical name, its drafts, its title and
    period, unless that would overwrite anything: a No. saved under both names (UNIQUE(consultation, item_no)), or
    both stating a title, or a period, and the two differing. Such a name is kept apart under a free canonical name
    「<canonical> (表記違い2)」 (its title, when it had none, the name as it was, which is what its exported table
    was titled), so that its drafts can still be found, opened and saved. The approved answers added to the corpus
    (document source ``drafts:<name>``) follow their consultation's new name. Every rename is in the audit log
    (``consultation_rename``, by :func:`migration_actor` of ``step``); the names kept apart are also listed in meta
    (:data:`NAMES_APART_KEY`, added to those of an earlier step). Running it again changes nothing.

    Returns:
        The names kept apart: ``{"name", "now", "canonical", "why"}`` each.
    """
    rows = {row[0]: list(row[1:]) for row in conn.execute(
        "SELECT name, title, period_start, period_end, created_at FROM consultations")}
    first_draft = dict(conn.execute("SELECT consultation, MIN(created_at) FROM drafts GROUP BY consultation"))
    names = set(rows) | set(first_draft)
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(canonical_name(name), []).append(name)
    taken = names | set(groups)
    apart: list[dict[str, str]] = []

    from assistant.drafts import listed_numbers  # drafts builds on this module

    def numbers(name: str) -> dict[str, set[str]]:
        """Each No. saved under ``name`` with the comment numbers it lists (「3・4」 → 3 and 4)."""
        return {row[0]: listed_numbers(row[0])
                for row in conn.execute("SELECT item_no FROM drafts WHERE consultation = ?", (name,))}

    def since(name: str) -> str:
        return min(stamp for stamp in ((rows.get(name) or [None] * 4)[3], first_draft.get(name), "\uffff") if stamp)

    def move(old: str, new: str) -> int:
        moved = conn.execute("UPDATE drafts SET consultation = ? WHERE consultation = ?", (new, old)).rowcount
        conn.execute("UPDATE documents SET source = ? WHERE source = ?", (f"drafts:{new}", f"drafts:{old}"))
        if old in rows:
            if new in rows:  # what one of the two leaves empty, the other fills; nothing differs (checked)
                mine, theirs = rows[new], rows.pop(old)
                rows[new] = [mine[0] or theirs[0], *(mine[1:3] if mine[1] else theirs[1:3]), min(mine[3], theirs[3])]
                conn.execute("UPDATE consultations SET title = ?, period_start = ?, period_end = ?, created_at = ?"
                             " WHERE name = ?", (*rows[new], new))
                conn.execute("DELETE FROM consultations WHERE name = ?", (old,))
            else:
                rows[new] = rows.pop(old)
                conn.execute("UPDATE consultations SET name = ? WHERE name = ?", (new, old))
        return moved

    for canonical in sorted(groups):
        if not canonical:  # a name of control characters only: nothing to give it
            continue
        for name in sorted(groups[canonical], key=lambda name: (name != canonical, since(name), name)):
            if name == canonical:
                continue
            why = ""
            theirs_listed = numbers(canonical).values()  # a group 「3・4」 on one side and 「4」 on the other: one comment twice
            both = sorted(no for no, listed in numbers(name).items() if any(listed & other for other in theirs_listed))
            mine, theirs = rows.get(canonical), rows.get(name)
            if both:
                why = f"No.{'・'.join(both)} の回答案が両方にあります"
            elif mine and theirs and mine[0] and theirs[0] and mine[0] != theirs[0]:
                why = f"件名が違います（「{mine[0]}」と「{theirs[0]}」）"
            elif mine and theirs and mine[1] and theirs[1] and mine[1:3] != theirs[1:3]:
                why = "意見募集期間が違います"
            if not why:
                count = move(name, canonical)
                audit.record(conn, None, "consultation_rename", canonical,
                             f"「{name}」→「{canonical}」（回答案 {count} 件）", anonymous=migration_actor(step))
                continue
            now = _apart_name(canonical, taken)
            taken.add(now)
            move(name, now)
            if now not in rows:  # drafts only: the exported table was titled by the name
                rows[now] = [name, None, None, since(name)]
                conn.execute("INSERT INTO consultations(name, title, period_start, period_end, created_at)"
                             " VALUES (?,?,?,?,?)", (now, *rows[now]))
            elif not rows[now][0]:
                rows[now][0] = name
                conn.execute("UPDATE consultations SET title = ? WHERE name = ?", (name, now))
            apart.append({"name": name, "now": now, "canonical": canonical, "why": why})
            audit.record(conn, None, "consultation_rename", now,
                         f"「{name}」は「{canonical}」と表記だけが違いますが、{why}。まとめずに「{now}」としました",
                         anonymous=migration_actor(step))
    if apart:
        before = conn.execute("SELECT value FROM meta WHERE key = ?", (NAMES_APART_KEY,)).fetchone()
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                     (NAMES_APART_KEY, json.dumps((json.loads(before[0]) if before else []) + apart, ensure_ascii=False)))
    return apart


def _shown_no(no: str) -> str:
    """A stored No. with each invisible character named: 「3<U+200B>」 (the audit log would show 「3」)."""
    return "".join(f"<U+{ord(char):04X}>" if count_controls(char) else char for char in no)


def _renumbering(old: str, step: int) -> list[tuple[str, str]]:
    """What :func:`canonical_item_numbers` at ``step`` changes in a stored No., each as the clause that says it was done
    and the one that says it would be: invisible characters and a range's 「~」 (step 9), a hyphen's look-alike and a
    number's thousands separators (step 10 on; at step 9 named too where the No. changes for the others). Empty when
    the step leaves the No. as it is."""
    invisible = "".join(char for char in old if count_controls(char))
    plain = unicodedata.normalize("NFKC", strip_controls(old))
    changes = []
    if invisible:
        changes.append((f"見えない文字 {_shown_no(invisible)} を除き", f"見えない文字 {_shown_no(invisible)} を除く"))
    if any(mark in old for mark in NO_RANGE_MARKS):
        changes.append(("範囲の印を「～」にそろえ", "範囲の印を「～」にそろえる"))
    if not changes and step < NOS_SHARED_NAMED_AT:
        return []
    if no_dashes(plain) != plain:
        changes.append(("ハイフンの表記を「-」にそろえ", "ハイフンの表記を「-」にそろえる"))
    if no_thousands(plain) != plain:
        changes.append(("桁区切りの「,」を除き", "桁区切りの「,」を除く"))
    return changes


def canonical_item_numbers(conn: sqlite3.Connection, step: int = NOS_CANONICAL_AT[-1]) -> list[dict[str, str]]:
    """Give every stored draft's No. that holds an invisible character or a range's 「~」 or 「〜」 (and from step 10 a
    look-alike of a hyphen or a number's thousands separator) the form :func:`assistant.drafts.item_number` gives it
    (「3<U+200B>」 → 「3」, 「3~5」 → 「3～5」, 「6−1」 → 「6-1」, 「1,000」 → 「1000」), inside the caller's transaction; nothing
    is deleted, merged or overwritten, and no draft's version changes (a page that has it open saves it as before).

    A No. that another draft of the consultation already holds in that form (「3」 beside 「3<U+200B>」: the table listed
    No. 3 twice, each with its own answer) is kept apart: the draft already in that form keeps it (else the one saved
    first), the other gets 「3(表記違い2)」, which the 下書き page and the exported table show as it is until a user corrects
    it. A renamed No. that lists a comment another draft's No. lists (「4・5」 beside 「4」) keeps its new form (its
    comment was listed twice before too) and is named. From step 10 (:data:`NOS_SHARED_NAMED_AT`) a No. that was not
    renamed but lists a comment another lists (「1、2」 beside 「2」, saved before a save refused it) is named too, as a
    save names it (``draft_overlap``), both drafts kept as they are. Every rename is in the audit log (回答案の番号の付け
    替え, by :func:`migration_actor` of ``step``); the Nos. kept apart or named are also listed in meta
    (:data:`NOS_TO_CHECK_KEY`; a No. listed there already is not named again). Running it again changes nothing.

    Returns:
        The Nos. to check: ``{"consultation", "no", "now", "why"}`` each (``no`` as :func:`_shown_no` shows it).
    """
    from assistant.drafts import item_number, listed_numbers  # drafts builds on this module

    rows = conn.execute("SELECT id, consultation, item_no FROM drafts ORDER BY consultation, created_at, id").fetchall()
    by_consultation: dict[str, list[tuple[int, str]]] = {}
    for draft_id, consultation, no in rows:
        by_consultation.setdefault(consultation, []).append((draft_id, no))
    before = conn.execute("SELECT value FROM meta WHERE key = ?", (NOS_TO_CHECK_KEY,)).fetchone()
    checked = json.loads(before[0]) if before else []
    to_check: list[dict[str, str]] = []
    listings: dict[str, set[str]] = {}  # No. -> the comment numbers it lists, each No. parsed once

    def listing(no: str) -> set[str]:
        if no not in listings:
            listings[no] = listed_numbers(no)
        return listings[no]

    for consultation, drafts in by_consultation.items():
        nos = {draft_id: no for draft_id, no in drafts}
        held = Counter(nos.values())  # No. -> how many of the consultation's drafts hold it
        holders: dict[str, Counter[str]] | None = None  # comment number -> the Nos. that list it, each with how many
        # drafts hold it, filled at the first rename (no pair of Nos. compared: 5,000 renamed drafts took minutes)
        for draft_id, old in drafts:
            changes = _renumbering(old, step)
            new = item_number(old)
            if new == old or not new or not changes:
                continue  # a No. of invisible characters only stays as it is: it would become no No. at all
            done = "、".join([*(clause for clause, _ in changes[:-1]), f"{changes[-1][0]}ました"])
            would = "、".join([*(clause for clause, _ in changes[:-1]), f"{changes[-1][1]}と"])
            now, why = new, ""
            if holders is None:
                holders = {}
                for no in nos.values():
                    for number in listing(no):
                        holders.setdefault(number, Counter())[no] += 1
            if held[new] > 0:  # another draft holds it (``new`` is not ``old``, this draft's No.)
                number = 2
                while f"{new}(表記違い{number})" != old and held[f"{new}(表記違い{number})"] > 0:
                    number += 1
                now = f"{new}(表記違い{number})"
                why = f"No.{new} の回答案がほかにあります"
                detail = (f"No.{_shown_no(old)} は{would} No.{new} の回答案と同じ番号になるため、まとめずに No.{now} と"
                          "しました（どちらの回答案も残っています）。No. を確かめて直してください")
            else:
                detail = f"No.{_shown_no(old)} → No.{now}（{done}）"
                shared = sorted({other for number in listing(now) for other, count in holders.get(number, {}).items()
                                 if count > (other == old)}, key=natural_key)  # this draft still holds ``old``
                if shared:
                    others = "、".join(f"No.{other}" for other in shared)
                    why = f"{others} とご意見の番号が重なります"
                    detail += (f"。No.{now} と {others} は同じご意見の番号を含むため、回答の表に同じご意見が2回載ります。"
                               "どちらかの No. を確かめて直してください")
            conn.execute("UPDATE drafts SET item_no = ? WHERE id = ?", (now, draft_id))
            nos[draft_id] = now
            held[old] -= 1
            held[now] += 1
            for number in listing(old):
                holders[number][old] -= 1
            for number in listing(now):
                holders.setdefault(number, Counter())[now] += 1
            audit.record(conn, None, "draft_renumber", f"{consultation} No.{now}", detail, anonymous=migration_actor(step))
            if why:
                to_check.append({"consultation": consultation, "no": _shown_no(old), "now": now, "why": why})
        if step >= NOS_SHARED_NAMED_AT:
            to_check += _named_shared(conn, consultation, nos, checked + to_check, step)
    if to_check:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                     (NOS_TO_CHECK_KEY, json.dumps(checked + to_check, ensure_ascii=False)))
    return to_check


def _named_shared(conn: sqlite3.Connection, consultation: str, nos: dict[int, str], checked: list[dict[str, str]],
                  step: int) -> list[dict[str, str]]:
    """The consultation's stored Nos. (draft id → No., in the order saved) that list a comment another No. lists, each
    named once with the Nos. it shares a comment with (「1、2」 beside 「2」: 「1、2」, the one saved first), in the audit
    log (``draft_overlap``) and as an entry for :data:`NOS_TO_CHECK_KEY`; a No. ``checked`` names already is left out,
    and so is what it shares with other Nos."""
    from assistant.drafts import listed_numbers  # drafts builds on this module

    named = {entry["now"] for entry in checked if entry["consultation"] == consultation}
    holders: dict[str, list[str]] = {}  # comment number -> the Nos. that list it (no pair of Nos. compared: a batch
    for no in nos.values():  # saves thousands of drafts)
        for number in listed_numbers(no):
            holders.setdefault(number, []).append(no)
    found: list[dict[str, str]] = []
    for no in nos.values():
        if no in named:
            continue
        shared = sorted({other for number in listed_numbers(no) for other in holders[number]
                         if other != no and other not in named}, key=natural_key)
        if not shared:
            continue
        others = "、".join(f"No.{other}" for other in shared)
        audit.record(conn, None, "draft_overlap", f"{consultation} No.{no}",
                     f"No.{no} と {others} は同じご意見の番号を含むため、回答の表に同じご意見が2回載ります（どの回答案も"
                     "そのまま残っています）。どちらかの No. を確かめて直してください", anonymous=migration_actor(step))
        found.append({"consultation": consultation, "no": _shown_no(no), "now": no,
                      "why": f"{others} とご意見の番号が重なります"})
        named.add(no)
    return found


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


def integrity_problem(conn: sqlite3.Connection) -> str | None:
    """None when ``PRAGMA quick_check`` finds the file sound, else its first findings in one short line.

    SQLite gives its findings as one row of many lines (a hundred for a few damaged pages): the message
    that says what to do came after them.
    """
    rows = conn.execute("PRAGMA quick_check(3)").fetchall()
    if rows == [("ok",)]:
        return None
    lines = [line.strip() for row in rows for line in str(row[0]).splitlines()]
    found = [line for line in lines if line and not line.startswith("***")][:3] or lines[:1]
    return "; ".join(found)


def damaged_store_error(path: str, detail: str) -> StoreCorruptError:
    """The message for a damaged store: what is at risk, and the newest backup to restore from."""
    from assistant.backup import newest_backup, unowned_backups

    head = (f"データベース {path} は壊れているため開けません（{detail}）。このまま使うと、回答案（下書き）・"
            "利用者・操作記録が失われます。")
    newest = newest_backup(path)
    if newest is not None:
        return StoreCorruptError(f"{head}最新のバックアップは {newest.label} の {newest.path} です。"
                                 "`python -m assistant restore` で戻してください。")
    unowned = unowned_backups(path)  # a shared backup folder's backups from before their names carried the store
    if unowned:
        return StoreCorruptError(
            f"{head}このデータベースのものか記録のない「{Path(path).stem}」のバックアップが {len(unowned)} 件あります。"
            f"最新は {unowned[0].label} の {unowned[0].path} です。このデータベースのものであれば "
            f"`python -m assistant restore {unowned[0].path}` で戻してください。")
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


def _similarity(value: float | None) -> float:
    return float(settings.get("template_similarity")) if value is None else float(value)


def _grouping(threshold: float) -> str:
    """What the stored templates were made with: the LSH scheme and the similarity threshold."""
    return f"{SCHEME}@{threshold:g}"


# The folder a file uploaded through the app is recorded under (ingest.as_uploaded): 「アップロード/結果.xlsx」.
UPLOADED = "アップロード"


def _same_source(stored: str, source: str) -> bool:
    """Whether a stored document's source is ``source``'s file: the same path, or, for a file uploaded alone
    (「アップロード/結果.pdf」), the same name uploaded before beside another of that name (「アップロード/2/結果.pdf」,
    :func:`assistant.ingest.as_uploaded`)."""
    if stored == source:
        return True
    prefix = f"{UPLOADED}/"
    if not (source.startswith(prefix) and stored.startswith(prefix)) or "/" in source[len(prefix):]:
        return False
    number, _, name = stored[len(prefix):].partition("/")
    return number.isdigit() and name == source[len(prefix):]


@functools.lru_cache(maxsize=4096)  # a document's many precedents share its source (pathlib per row: 45 % of reading)
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
            _create_private(Path(self.path))
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                        timeout=BUSY_TIMEOUT_S)
        except sqlite3.Error as error:
            raise StoreError(f"データベース {self.path} を開けません（{error}）。パスと権限を確認してください。") from error
        try:
            if self.path != ":memory:" and not self._unchanged_since_check():
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
        problem = integrity_problem(self.conn)
        if problem:
            raise sqlite3.DatabaseError(problem)

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
                if step == TEMPLATES_REGROUPED_AT:
                    self._regroup_all(float(settings.get("template_similarity")))
                if step in NAMES_CANONICAL_AT:
                    canonical_consultation_names(conn, step)
                if step in NOS_CANONICAL_AT:
                    canonical_item_numbers(conn, step)
                if step == TYPED_NAMES_HIDDEN_AT:
                    from assistant.users import hide_typed_names  # users builds on this module

                    hide_typed_names(conn, migration_actor(step))
                if step == DISPLAY_NAMES_CLEANED_AT:
                    from assistant.users import clean_stored_display_names

                    clean_stored_display_names(conn, migration_actor(step))
                conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(step),))

    def _schema_version(self) -> int | None:
        exists = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        if not exists:
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else None

    def close(self) -> None:
        self.conn.close()
        self._stamp_checked()

    def _stamp_path(self) -> Path:
        return Path(self.path + ".checked")

    def _file_state(self) -> str | None:
        """Size and modification time of the file when no write-ahead log is pending, else None."""
        path = Path(self.path)
        wal = Path(self.path + "-wal")
        try:
            if wal.exists() and wal.stat().st_size > 0:
                return None
            stat = path.stat()
        except OSError:
            return None
        return f"{stat.st_size} {stat.st_mtime_ns}"

    def _unchanged_since_check(self) -> bool:
        state = self._file_state()
        try:
            return state is not None and self._stamp_path().read_text(encoding="utf-8") == state
        except OSError:
            return False

    def _stamp_checked(self) -> None:
        """After a clean close (the last connection folds the log into the file), remember the file's state."""
        if self.path == ":memory:":
            return
        state = self._file_state()
        if state is not None:
            # A file's modification time moves in clock ticks (a few ms): wait until the tick of the last
            # write has passed, so that any later write, however soon, shows as a different time.
            settled = int(state.split()[1]) + RACY_WINDOW_NS - time.time_ns()
            if settled > 0:
                time.sleep(settled / 1e9)
                state = self._file_state()
        try:
            if state is None:
                self._stamp_path().unlink(missing_ok=True)
            else:
                self._stamp_path().write_text(state, encoding="utf-8")
        except OSError:
            pass  # a read-only folder: the next open checks again

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
        A lock keeps threads sharing this connection (the web app's sessions) from interleaving; a thread waits
        for it at most ``LOCK_WAIT_S`` (three sessions saving behind a store locked by another process were told
        after 26, 52 and 77 s, and every other session's sign-in and saves queued behind them).

        Raises:
            StoreBusyError: The store stayed locked by others (nothing was written).
        """
        if not self._lock.acquire(timeout=LOCK_WAIT_S):
            raise _busy_error()
        try:
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
        finally:
            self._lock.release()

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
    def plan_document(self, parsed: ParsedDocument, exclude: frozenset[str] = frozenset(),
                      file_titles: frozenset[str] = frozenset()) -> DocumentPlan:
        """What writing ``parsed`` would do, without writing.

        A parsed document is the same as a stored one (and replaces it) when it comes from the same file
        content (same sha256: the same title, or the only document stored from that file), when it comes
        from the same file path with the same title and no other period (the file edited, or saved again
        by Word or Excel; a file uploaded through the app is known by its name only, and its comments must be
        alike too, see :func:`assistant.ingest.as_uploaded`), when it has the same title and the same period (start and end), or when both
        are the approved drafts of one consultation. A document of the same file path with another title (corrected:
        雪封策 → 雪対策, or a workbook's 件名 amended), no other period and comments alike both ways replaces the one stored
        document of that file that is so (:meth:`_retitled`). Otherwise it is added beside the stored ones, under a
        new id, even with the same title; stored documents of another title whose comments are alike both ways are
        named (:attr:`DocumentPlan.retitled`: a renamed file's result).

        Args:
            parsed: The document as read.
            exclude: Ids written in the same batch from the same file (two documents of one file never
                replace each other).
            file_titles: The titles (normalised) of the other documents read from the same file in the batch: a stored
                document of one of those titles is theirs, never replaced by this one under another title.
        """
        meta = parsed.meta
        title = normalize(meta.title)
        rows = self.conn.execute(
            "SELECT id, title, period_start, source, source_sha256, period_end FROM documents"
            " WHERE (source_sha256 = ? AND source_sha256 <> '') OR source = ? OR period_start = ? OR title = ?",
            (parsed.source_sha256, parsed.source, meta.period_start, meta.title),
        ).fetchall()
        rows = [row for row in rows if row[0] not in exclude]
        same_file = [row for row in rows if parsed.source_sha256 and row[4] == parsed.source_sha256]
        same_title = [row for row in rows if normalize(row[1]) == title]

        def other_period(row) -> bool:  # both say their period, and the periods differ
            return periods_differ(meta, row[2], row[5])

        drafts = parsed.source.startswith("drafts:")
        if drafts:  # approved answers replace only their own earlier addition,
            # never a published result or another consultation that happens to share the title and period
            rows = same_file = same_title = [row for row in rows if row[3] == parsed.source]
        match = (
            next((row for row in same_file if normalize(row[1]) == title), None)
            or (same_file[0] if len(same_file) == 1 else None)
        )
        unlike: list[str] = []  # same title and period, another file, comments unlike: another consultation
        unlike_replaced = False  # the same path's stored document, its comments mostly unlike, replaced
        if match is None:
            by_title = [row for row in same_title if _same_source(row[3], parsed.source) and not other_period(row)] + [
                row for row in same_title if meta.period_start and (row[2], row[5]) == (meta.period_start, meta.period_end)]
            mine = comment_keys(parsed)
            # An upload is known by its name only (another office's 結果.pdf has it too): its comments must be alike, one
            # way or the other (a staff list that grew from 3 rows to 30 is the same list; the other way only with three
            # comments in common at least: 「賛成です。」 and 「反対です。」 of a stored 2-row list are in any long list).
            upload = parsed.source.startswith(f"{UPLOADED}/")
            parts: list[tuple] = []  # stored documents it holds as parts (part 1 stored, now the whole)

            def alike(theirs: set[str], same_source: bool) -> bool:
                return versions_alike(mine, theirs) or (same_source and len(mine & theirs) >= 3
                                                        and versions_alike(theirs, mine))

            for row in by_title:
                same_source = _same_source(row[3], parsed.source)
                if drafts or (same_source and not upload):
                    match = row
                    # The file edited replaces; one overwritten with another consultation's list is said (review r3 #4):
                    # the stored comments mostly not in it, the same or corrected, nor its comments in them. A list
                    # grown from 2 or 3 rows to 30, its first rows corrected, is the file edited (no three in common
                    # needed here: that guards uploads, known by name only).
                    theirs = self._comment_keys(row[0])
                    unlike_replaced = not drafts and not (versions_alike(theirs, mine) or versions_alike(mine, theirs))
                    break
                theirs = self._comment_keys(row[0])
                if alike(theirs, same_source):
                    match = row
                    break
                if self._holds_stored_part(parsed, row[0], len(theirs)):
                    if row not in parts:
                        parts.append(row)
                elif row[0] not in unlike:
                    unlike.append(row[0])
            if match is None and len(parts) == 1:
                match = parts[0]
            elif match is None and parts:
                # Several stored parts (その1 and その2): replacing one would leave the others beside the whole, their
                # answers twice and nothing said; it is added, and every part is named with how to delete it.
                held = {row[0] for row in parts}
                unlike = [row[0] for row in dict.fromkeys(by_title) if row[0] in held or row[0] in unlike]
        retitled: list[str] = []  # another title, comments alike both ways: replaced when it is this file's only one
        if match is None and not drafts:
            found = self._retitled(parsed, rows, exclude, file_titles)
            own = [row for row in found if _same_source(row[3], parsed.source)]
            match = own[0] if len(own) == 1 else None
            retitled = [row[0] for row in found if match is None]
        if match is None and drafts:
            match = next((row for row in rows if row[3] == parsed.source), None)
        if match is None and not drafts and meta.period_start and parsed.items:
            # The same result stored from another file whose title runs on (the Word file's 「…の結果寄せられたご意見と
            # 本市の考え方」, now its web page headed 「…の結果」), of the same period, its items read alike as copies'
            # (an ingest a month later stored every answer twice): it replaces as the same title would, and
            # assistant.ingest keeps the more faithful reading of the two.
            mine_items = item_keys(parsed)
            match = next((row for row in rows if row[0] not in unlike and extends(row[1], meta.title)
                          and (row[2], row[5]) == (meta.period_start, meta.period_end)
                          and items_overlap(mine_items, self._item_keys(row[0]))), None)
        after = len(parsed.items)
        if match is None:
            # Same title, and nothing tells them apart: named in the report so that an old copy can be deleted.
            alike = tuple(row[0] for row in same_title if not other_period(row) and row[0] not in unlike)
            # Read before its title gave way to the 案件名 (docmeta.with_subject), the same result was stored under the
            # procedure's name: named too, never replaced unasked.
            generic = tuple(row[0] for row in rows if meta.period_start and (row[2], row[5]) == (meta.period_start, meta.period_end)
                            and generic_title(row[1]) and not generic_title(meta.title))
            return DocumentPlan(self.new_document_id(parsed), None, 0, after, same_title=alike, procedure_titled=generic,
                                unlike=tuple(unlike), other_period=() if drafts else self.other_period_versions(parsed, exclude),
                                retitled=tuple(doc_id for doc_id in retitled if doc_id not in generic))
        existing = next(doc for doc in self.documents() if doc.id == match[0])
        changes = self._item_changes(match[0], parsed)
        new_title = meta.title if normalize(existing.title) != title else ""
        others = () if new_title or not changes.none else stored_differences(
            existing, parsed, self._stored_item_forms(match[0]), _item_forms(self._keyed_items(match[0], parsed)))
        return DocumentPlan(match[0], existing, existing.parsed_count, after, changes, new_title=new_title,
                            other_changes=others, unlike_replaced=unlike_replaced)

    def _stored_item_forms(self, doc_id: str) -> dict[str, tuple]:
        """The stored form of each of a document's items (:func:`_item_form`), by precedent id."""
        return {row[0]: _item_form(*row[1:7], json.loads(row[7]) if row[7] else {}) for row in self.conn.execute(
            "SELECT id, seq, no, topic, comment, answer, page, extra FROM precedents WHERE document_id = ?", (doc_id,))}

    def _retitled(self, parsed: ParsedDocument, rows: list[tuple], exclude: frozenset[str],
                  file_titles: frozenset[str]) -> list[tuple]:
        """Stored documents (rows as :meth:`plan_document` reads them; but ``exclude``) of another title than
        ``parsed``'s and not of another stated period, whose comments are alike to its comments both ways
        (:func:`versions_alike` each way, both with comments): the same result with its title corrected or its file
        renamed, perhaps. Those of the same file and sharing no comment are found in ``rows``; the others by comments
        in common (the same after normalising): half of those compared, or :data:`_SHARED_LINKS` of
        :data:`_LONG_ENOUGH` characters or more. A document of the same file titled as another document of that file
        in the batch (``file_titles``) is that one's, and approved answers added to the corpus are never found."""
        mine = comment_keys(parsed)
        if not mine:
            return []
        title, meta = normalize(parsed.meta.title), parsed.meta
        found = {row[0]: row for row in rows if _same_source(row[3], parsed.source)}
        # Documents sharing comments (another file's, without a period), compared below only when they share half of
        # the comments compared (:data:`COMPARED_COMMENTS`) or :data:`_SHARED_LINKS` long ones (the others perhaps
        # corrected): a short stock comment (「賛成です。」) is in thousands of documents, and each was compared fuzzily
        # both ways (1.2 s a document on a store of 2,000).
        comments = sorted({normalize(item.comment) for item in parsed.items})
        long_ones = {comment for comment in comments if len(squash(comment)) >= _LONG_ENOUGH}
        shared: Counter[str] = Counter()
        shared_long: Counter[str] = Counter()
        for start in range(0, len(comments), 500):
            chunk = comments[start:start + 500]
            for doc_id, comment in self.conn.execute(
                    "SELECT DISTINCT document_id, comment_norm FROM precedents"
                    f" WHERE comment_norm IN ({','.join('?' * len(chunk))})", chunk):
                shared[doc_id] += 1
                shared_long[doc_id] += comment in long_ones
        least = min(COMPARED_COMMENTS, len(mine))
        linked = sorted(doc_id for doc_id, count in shared.items()
                        if (2 * count >= least or (long_ones and shared_long[doc_id] >= min(_SHARED_LINKS, len(long_ones))))
                        and doc_id not in found and doc_id not in exclude)
        for start in range(0, len(linked), 500):
            chunk = linked[start:start + 500]
            found.update((row[0], row) for row in self.conn.execute(
                "SELECT id, title, period_start, source, source_sha256, period_end FROM documents"
                f" WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        alike = []
        for row in found.values():
            theirs_title = normalize(row[1])
            if (row[0] in exclude or theirs_title == title or row[3].startswith("drafts:") or periods_differ(meta, row[2], row[5])
                    or (_same_source(row[3], parsed.source) and theirs_title in file_titles)):
                continue
            theirs = self._comment_keys(row[0])
            if theirs and versions_alike(mine, theirs) and versions_alike(theirs, mine):
                alike.append(row)
        return sorted(alike, key=lambda row: row[0])

    def other_period_versions(self, parsed: ParsedDocument, exclude: frozenset[str] = frozenset()) -> tuple[str, ...]:
        """Stored documents (but ``exclude``) of ``parsed``'s title with another stated period and comments alike
        (:func:`versions_alike`, both with comments): the same result with its period corrected, perhaps. They are
        never replaced unasked (a consultation held again may repeat its comments), but named in the plan
        (:attr:`DocumentPlan.other_period`), so that staff delete an old version."""
        meta, mine = parsed.meta, comment_keys(parsed)
        if not meta.period_start or not mine:
            return ()
        rows = self.conn.execute("SELECT id, period_start, period_end FROM documents WHERE title = ? ORDER BY rowid",
                                 (meta.title,)).fetchall()
        return tuple(doc_id for doc_id, start, end in rows
                     if doc_id not in exclude and periods_differ(meta, start, end)
                     and (theirs := self._comment_keys(doc_id)) and versions_alike(mine, theirs))

    def _holds_stored_part(self, parsed: ParsedDocument, doc_id: str, stored_size: int) -> bool:
        """Whether ``parsed`` holds the stored document as a part: at least twice as many items, and
        :data:`COPY_OVERLAP` of the stored items (comment and answer alike, three at least: 「賛成です。」 answered
        「ありがとうございます。」 is in many a list). Part 1 stored, the whole result of its title and period was added
        beside it (its items twice); it replaces it now."""
        if not stored_size or 2 * stored_size > len(parsed.items):
            return False
        theirs = self._item_keys(doc_id)
        common = len(item_keys(parsed) & theirs)
        return common >= 3 and common >= COPY_OVERLAP * len(theirs)

    def _item_keys(self, doc_id: str) -> set[tuple[str, str]]:
        return {(squash(comment), squash(answer)) for comment, answer in self.conn.execute(
            "SELECT comment, answer FROM precedents WHERE document_id = ?", (doc_id,))}

    def _comment_keys(self, doc_id: str) -> set[str]:
        return {squash(row[0]) for row in self.conn.execute("SELECT comment FROM precedents WHERE document_id = ?", (doc_id,))}

    def new_document_plan(self, parsed: ParsedDocument, unlike: tuple[str, ...] = ()) -> DocumentPlan:
        """The plan of adding ``parsed`` under a new id (nothing else checked)."""
        return DocumentPlan(self.new_document_id(parsed), None, 0, len(parsed.items), unlike=unlike)

    def plan_over(self, parsed: ParsedDocument, earlier: ParsedDocument, earlier_id: str) -> DocumentPlan:
        """What writing ``parsed`` would do right after ``earlier``, a document of the same batch that is not
        written yet and that ``parsed`` replaces (see :func:`assistant.ingest.plan_documents`): the plan
        :meth:`plan_document` gives once ``earlier`` is stored under ``earlier_id``, without writing."""
        old = self._keyed_items(earlier_id, earlier)
        norms = {precedent_id: (normalize(item.comment), normalize(item.answer)) for precedent_id, item, _ in old}
        stored = {precedent_id: (digest, _paragraph_norms(item)) for precedent_id, item, digest in old}
        keyed = self._keyed_items(earlier_id, parsed, norms)
        incoming = {precedent_id: (digest, _paragraph_norms(item)) for precedent_id, item, digest in keyed}
        changes = _changes(stored, incoming)
        meta = earlier.meta
        replaced = Document(earlier_id, meta.title, meta.kind, meta.area, meta.publisher, meta.department,
                            meta.period_start, meta.period_end, meta.declared_count, len(earlier.items), earlier.source,
                            earlier.warnings)
        others = stored_differences(replaced, parsed, _item_forms(old), _item_forms(keyed)) if changes.none else ()
        return DocumentPlan(earlier_id, replaced, len(earlier.items), len(parsed.items), changes,
                            replaces_batch_file=earlier.source, other_changes=others)

    def new_document_id(self, parsed: ParsedDocument, taken: frozenset[str] = frozenset()) -> str:
        """The title-and-period id, or, when a different document already has it, one that adds the file.

        ``taken``: ids that documents of the same batch, not written yet, will be stored under before this one (a
        preview plans the id the write will find: two consultations of one title and period in one upload)."""
        candidate = parsed.meta.document_id
        salt = parsed.source_sha256 or parsed.source
        number = 1
        while candidate in taken or self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (candidate,)).fetchone():
            candidate = "d" + short_hash(normalize(parsed.meta.title), parsed.meta.period_start or "", salt, str(number))
            number += 1
        return candidate

    def _item_changes(self, doc_id: str, parsed: ParsedDocument) -> ItemChanges:
        """Each item against the stored one of its id: its content hash, and its answer's paragraphs (normalised, in
        order): the hash normalises the answer whole, so a PDF joining two paragraphs that the text kept apart was
        「内容は同じ」, written with no backup, and the stored paragraphs (the templates' units) changed."""
        paragraphs: dict[str, list[str]] = {}
        for precedent_id, norm in self.conn.execute(
                "SELECT g.precedent_id, g.norm FROM paragraphs g JOIN precedents p ON p.id = g.precedent_id"
                " WHERE p.document_id = ? ORDER BY g.precedent_id, g.idx", (doc_id,)):
            paragraphs.setdefault(precedent_id, []).append(norm)
        stored = {precedent_id: (digest, tuple(paragraphs.get(precedent_id, ()))) for precedent_id, digest in
                  self.conn.execute("SELECT id, content_hash FROM precedents WHERE document_id = ?", (doc_id,))}
        incoming = {precedent_id: (digest, _paragraph_norms(item))
                    for precedent_id, item, digest in self._keyed_items(doc_id, parsed)}
        return _changes(stored, incoming)

    def _keyed_items(self, doc_id: str, parsed: ParsedDocument,
                     stored: dict[str, tuple[str, str]] | None = None) -> list[tuple[str, object, str]]:
        """``(precedent id, item, content hash)`` of every item, ids unique within the document.

        A numbered item's id is its published No. (or its key). An item of a document that numbers none
        (``positional``) is keyed by its comment and answer, so that an item added or removed above it keeps
        its id (two items with one comment, 「賛成です。」, keep theirs apart); one corrected since the stored
        version (a new key, while a stored item that is gone has a comment :data:`CORRECTED_SIMILARITY`
        alike) keeps that item's id, and counts as changed.
        """
        taken: set[str] = set()
        keyed = []
        for item in parsed.items:
            digest = short_hash(normalize(item.comment), normalize(item.answer), item.topic or "", length=16)
            if item.positional:
                part = "c" + short_hash(squash(item.comment), squash(item.answer), length=10)
                part = f"{item.key}-{part}" if item.key else part
            else:
                part = item.key or item.no
            keyed.append((f"{doc_id}-{precedent_key(part, taken)}", item, digest))
        return self._keep_corrected_ids(doc_id, keyed, stored)

    def _keep_corrected_ids(self, doc_id: str, keyed: list[tuple[str, object, str]],
                            stored: dict[str, tuple[str, str]] | None = None) -> list[tuple[str, object, str]]:
        """A positional item whose comment was corrected keeps the id of the stored item it corrects (``stored``:
        the items' normalised comment and answer by id, when they are not the stored document's)."""
        if not any(item.positional for _, item, _ in keyed):
            return keyed
        if stored is None:
            stored = {row[0]: row[1:] for row in self.conn.execute(
                "SELECT id, comment_norm, answer_norm FROM precedents WHERE document_id = ?", (doc_id,))}
        incoming = {precedent_id for precedent_id, _, _ in keyed}
        gone = {precedent_id: norms for precedent_id, norms in stored.items() if precedent_id not in incoming}
        kept = []
        for precedent_id, item, digest in keyed:
            if item.positional and precedent_id not in stored and gone:
                comment, answer = normalize(item.comment), normalize(item.answer)
                alike = {old: fuzz.ratio(comment, norms[0]) for old, norms in gone.items()}
                best = max(gone, key=lambda old: (alike[old], fuzz.ratio(answer, gone[old][1])))
                if alike[best] >= CORRECTED_SIMILARITY:
                    precedent_id = best
                    del gone[best]
            kept.append((precedent_id, item, digest))
        return kept

    # --- writing ----------------------------------------------------------------------------
    def write_document(self, parsed: ParsedDocument, *, replace: bool = True, exclude: frozenset[str] = frozenset(),
                       file_titles: frozenset[str] = frozenset(), actor: User | None = None,
                       template_similarity: float | None = None) -> DocumentPlan | None:
        """Insert a parsed document, or replace the stored one it is the same as (see :meth:`plan_document`).

        The decision, the document, its precedents and paragraphs, their templates (grouped against the
        stored ones, see :meth:`_group_new_paragraphs`) and an audit log entry are one transaction: a
        failure or a kill leaves the store as it was.

        Args:
            parsed: The document as read.
            replace: False: leave a stored document alone and return None when this one would replace it (change its
                items, title or metadata, see :attr:`DocumentPlan.needs_confirmation`). One the same in all of these
                (「変更なし」) is never written, whatever ``replace`` says.
            exclude: Ids already written in the same batch.
            file_titles: The titles of the other documents of the same file in the batch (see :meth:`plan_document`).
            actor: Who ingests (for the audit log).
            template_similarity: The templates' similarity threshold (default: the setting). When it (or
                the grouping scheme) differs from the one the stored templates were made with, every
                paragraph is regrouped in the same transaction.

        Returns:
            What was done, or None when a replacement was not allowed.
        """
        meta = parsed.meta
        threshold = _similarity(template_similarity)
        with self.transaction() as conn:
            plan = self.plan_document(parsed, exclude, file_titles)
            if plan.needs_confirmation and not replace:
                return None
            if plan.unchanged:  # the same items, title and metadata (「変更なし」): the stored document stays as it is
                self._keep_unchanged(plan.document_id, parsed, threshold)
                return plan
            doc_id = plan.document_id
            keyed = self._keyed_items(doc_id, parsed)  # before the stored version goes (corrected items keep their ids)
            self._bump_generation(conn)
            self._forget_paragraphs(doc_id)
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            conn.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc_id, meta.title, meta.kind, meta.area, meta.publisher, meta.department, meta.period_start,
                 meta.period_end, meta.declared_count, len(parsed.items), parsed.source, parsed.source_sha256,
                 json.dumps(list(parsed.warnings), ensure_ascii=False), datetime.now(timezone.utc).isoformat()),
            )
            self._insert_items(doc_id, keyed)
            self._settle_templates(threshold)
            audit.record(conn, actor, "ingest", meta.title, f"{plan.describe()}（{_file_name(parsed.source)}）")
        return plan

    def _keep_unchanged(self, doc_id: str, parsed: ParsedDocument, threshold: float) -> None:
        """What a 「変更なし」 ingest still writes, in its transaction, with no backup and no audit entry: the checksum of its
        file saved again at the same path (else the same file renamed later was not known by it and was added as a
        second document); the templates when their grouping is outdated (a changed ``ZENREI_TEMPLATE_SIMILARITY`` is
        applied at the next ingest, whatever it changes). A file elsewhere changes neither path nor checksum: a file
        holds several documents, and moving one document to another file's checksum made a later ingest of the first
        file take it for another of its documents."""
        if parsed.source_sha256:
            self.conn.execute("UPDATE documents SET source_sha256 = ? WHERE id = ? AND source = ?",
                              (parsed.source_sha256, doc_id, parsed.source))
        if self.get_meta("template_grouping") != _grouping(threshold):
            self._bump_generation(self.conn)
            self._regroup_all(threshold)

    def _insert_items(self, doc_id: str, keyed: list[tuple[str, object, str]]) -> None:
        for seq, (precedent_id, item, digest) in enumerate(keyed, start=1):
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

    # --- templates (call inside a transaction) ----------------------------------------------
    def _group_new_paragraphs(self, threshold: float) -> set[str]:
        """Give every paragraph without a template one: the stored template of the same wording, else
        the template of a stored wording similar enough (found through the LSH buckets), else a new one.
        A new wording similar to wordings of several templates merges them. Returns the templates touched.
        """
        conn = self.conn
        rows = conn.execute("SELECT norm, text FROM paragraphs WHERE template_id IS NULL ORDER BY rowid").fetchall()
        if not rows:
            return set()
        uses = Counter(norm for norm, _ in rows)
        published: dict[str, str] = {}
        for norm, text in rows:
            published.setdefault(norm, text)
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS new_norms (norm TEXT PRIMARY KEY, uses INTEGER NOT NULL)")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS new_keys (key INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM temp.new_norms")
        conn.execute("DELETE FROM temp.new_keys")
        conn.executemany("INSERT INTO temp.new_norms VALUES (?, ?)", uses.items())
        known = dict(conn.execute(
            "SELECT n.norm, n.template_id FROM template_norms n JOIN temp.new_norms t ON t.norm = n.norm"
        ).fetchall())
        conn.execute("UPDATE template_norms SET n_paragraphs = n_paragraphs + (SELECT uses FROM temp.new_norms t"
                     " WHERE t.norm = template_norms.norm) WHERE norm IN (SELECT norm FROM temp.new_norms)")
        touched = set(known.values())
        fresh = [norm for norm in uses if norm not in known]
        if fresh:
            touched |= self._link_fresh(fresh, uses, published, threshold)
        conn.execute("UPDATE paragraphs SET template_id = (SELECT n.template_id FROM template_norms n"
                     " WHERE n.norm = paragraphs.norm) WHERE template_id IS NULL")
        return touched

    def _link_fresh(self, fresh: list[str], uses: Counter, published: dict[str, str], threshold: float) -> set[str]:
        """Group wordings not stored yet, with each other and with the stored ones; store them."""
        conn = self.conn
        keys = band_keys(fresh)
        conn.executemany("INSERT OR IGNORE INTO temp.new_keys VALUES (?)",
                         ((key,) for row, norm in zip(keys.tolist(), fresh) if norm for key in row))
        bucketed = conn.execute(
            "SELECT k.key, k.norm_id, n.norm, n.template_id FROM template_keys k JOIN temp.new_keys t ON t.key = k.key"
            " JOIN template_norms n ON n.id = k.norm_id ORDER BY k.norm_id, k.key"
        ).fetchall()
        index = LinkIndex(threshold, same_stance, whole_groups=True)
        known_nodes: dict[int, tuple[int, str]] = {}  # node -> (norm id, template id)
        by_norm: dict[int, list[int]] = {}
        stored: dict[int, tuple[str, str]] = {}
        for key, norm_id, norm, template_id in bucketed:
            by_norm.setdefault(norm_id, []).append(key)
            stored[norm_id] = (norm, template_id)
        # A template two groups may join with is checked by wordings picked of its first ones (LinkIndex's
        # whole_groups): those too, though no bucket of a new wording holds them.
        templates = sorted({template_id for _, template_id in stored.values()})
        for start in range(0, len(templates), 500):
            part = templates[start:start + 500]
            stored.update((norm_id, (norm, template_id)) for norm_id, norm, template_id in conn.execute(
                "SELECT id, norm, template_id FROM (SELECT id, norm, template_id, ROW_NUMBER() OVER"
                " (PARTITION BY template_id ORDER BY id) AS place FROM template_norms WHERE template_id IN"
                f" ({','.join('?' * len(part))})) WHERE place <= ?", (*part, WHOLE_GROUP_SCANNED)))
        of_template: dict[str, list[int]] = {}
        for norm_id in sorted(stored):
            node = index.add_known(stored[norm_id][0], by_norm.get(norm_id, ()))
            known_nodes[node] = (norm_id, stored[norm_id][1])
            of_template.setdefault(stored[norm_id][1], []).append(node)
        for nodes in of_template.values():
            index.join_known(nodes)
        first_new = len(index.texts)
        added = index.link(fresh, keys)
        components: dict[int, list[int]] = {}
        for node in range(len(index.texts)):
            components.setdefault(index.find(node), []).append(node)
        template_of: dict[int, str] = {}  # fresh node -> template id
        touched: set[str] = set()
        for members in components.values():
            new_members = [node for node in members if node >= first_new]
            if not new_members:
                continue
            existing = sorted({known_nodes[node][1] for node in members if node < first_new})
            if not existing:
                target = self._new_template(
                    max((fresh[node - first_new] for node in new_members), key=lambda norm: (uses[norm], -len(norm), norm)),
                    published,
                )
            else:
                target = self._merge_templates(existing)
            touched.add(target)
            for node in new_members:
                template_of[node] = target
        norm_ids: dict[int, int] = {}
        for offset, norm in enumerate(fresh):
            cursor = conn.execute("INSERT INTO template_norms(norm, template_id, n_paragraphs) VALUES (?,?,?)",
                                  (norm, template_of[first_new + offset], uses[norm]))
            norm_ids[first_new + offset] = cursor.lastrowid
        conn.executemany("INSERT INTO template_keys(key, norm_id) VALUES (?, ?)",
                         ((key, norm_ids[node]) for key, node in added))
        return touched

    def _new_template(self, norm: str, published: dict[str, str]) -> str:
        template_id, number = "t" + short_hash(norm), 1
        while self.conn.execute("SELECT 1 FROM templates WHERE id = ?", (template_id,)).fetchone():
            template_id, number = "t" + short_hash(norm, str(number)), number + 1
        self.conn.execute("INSERT INTO templates VALUES (?,?,0,0,0)", (template_id, published[norm]))
        return template_id

    def _merge_templates(self, template_ids: list[str]) -> str:
        """Merge templates into the most used one (its id and text stay). Returns that id."""
        marks = ",".join("?" * len(template_ids))
        sizes = dict(self.conn.execute(f"SELECT id, n_paragraphs FROM templates WHERE id IN ({marks})", template_ids))
        target = min(template_ids, key=lambda tid: (-sizes.get(tid, 0), tid))
        for other in template_ids:
            if other != target:
                self.conn.execute("UPDATE paragraphs SET template_id = ? WHERE template_id = ?", (target, other))
                self.conn.execute("UPDATE template_norms SET template_id = ? WHERE template_id = ?", (target, other))
                self.conn.execute("DELETE FROM templates WHERE id = ?", (other,))
        return target

    def _forget_paragraphs(self, doc_id: str) -> None:
        """Before a document's rows are deleted: lower its wordings' use counts, drop the wordings no
        longer used, and detach the templates it used (their other paragraphs lose their template, to be
        regrouped by :meth:`_settle_templates`: a template that a deleted wording linked may split).
        """
        conn = self.conn
        counts = conn.execute(
            "SELECT g.norm, COUNT(*), MIN(g.template_id) FROM paragraphs g JOIN precedents p ON p.id = g.precedent_id"
            " WHERE p.document_id = ? GROUP BY g.norm", (doc_id,),
        ).fetchall()
        if not counts:
            return
        conn.executemany("UPDATE template_norms SET n_paragraphs = n_paragraphs - ? WHERE norm = ?",
                         [(count, norm) for norm, count, _ in counts])
        conn.execute("DELETE FROM template_keys WHERE norm_id IN (SELECT id FROM template_norms WHERE n_paragraphs <= 0)")
        conn.execute("DELETE FROM template_norms WHERE n_paragraphs <= 0")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS detached (id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM temp.detached")
        conn.executemany("INSERT OR IGNORE INTO temp.detached VALUES (?)", ((tid,) for _, _, tid in counts if tid))
        conn.execute("DELETE FROM template_keys WHERE norm_id IN"
                     " (SELECT id FROM template_norms WHERE template_id IN (SELECT id FROM temp.detached))")
        conn.execute("DELETE FROM template_norms WHERE template_id IN (SELECT id FROM temp.detached)")
        conn.execute("DELETE FROM templates WHERE id IN (SELECT id FROM temp.detached)")
        conn.execute("UPDATE paragraphs SET template_id = NULL WHERE template_id IN (SELECT id FROM temp.detached)")

    def _settle_templates(self, threshold: float) -> None:
        """Group the paragraphs without a template (or, when the grouping changed, every paragraph)."""
        if self.get_meta("template_grouping") != _grouping(threshold):
            self._regroup_all(threshold)
        else:
            self._recount_templates(self._group_new_paragraphs(threshold))

    def _recount_templates(self, template_ids: set[str]) -> None:
        """Count the paragraphs, precedents and documents of each template; drop the unused ones."""
        conn = self.conn
        for template_id in sorted(template_ids):
            n_paragraphs, n_precedents, n_documents = conn.execute(
                "SELECT COUNT(*), COUNT(DISTINCT g.precedent_id), COUNT(DISTINCT p.document_id) FROM paragraphs g"
                " JOIN precedents p ON p.id = g.precedent_id WHERE g.template_id = ?", (template_id,),
            ).fetchone()
            if n_paragraphs:
                conn.execute("UPDATE templates SET n_paragraphs = ?, n_precedents = ?, n_documents = ? WHERE id = ?",
                             (n_paragraphs, n_precedents, n_documents, template_id))
            else:
                conn.execute("DELETE FROM templates WHERE id = ?", (template_id,))

    def _regroup_all(self, threshold: float) -> int:
        """Regroup every paragraph from scratch, in the order they were written (inside a transaction)."""
        conn = self.conn
        for table in ("templates", "template_norms", "template_keys"):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("UPDATE paragraphs SET template_id = NULL")
        conn.execute("DELETE FROM sqlite_sequence WHERE name = 'template_norms'")
        self._recount_templates(self._group_new_paragraphs(threshold))
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('template_grouping', ?)", (_grouping(threshold),))
        return conn.execute("SELECT COUNT(*) FROM templates").fetchone()[0]

    def templates_outdated(self, threshold: float | None = None) -> bool:
        """Whether the stored templates were made under another grouping (an older :data:`SCHEME`, another
        similarity) than the next write would make: that write, or :meth:`rebuild_templates`, groups them again."""
        made = self.get_meta("template_grouping")
        return made is not None and made != _grouping(_similarity(threshold))

    def rebuild_templates(self, threshold: float | None = None) -> int:
        """Regroup every answer paragraph into templates (one transaction). Returns the number of templates."""
        with self.transaction() as conn:
            self._bump_generation(conn)
            return self._regroup_all(_similarity(threshold))

    def delete_document(self, doc_id: str, actor: User | None = None, template_similarity: float | None = None) -> bool:
        """Remove a document and its precedents, and regroup the templates it used (audited, one transaction).

        Returns whether it existed.
        """
        threshold = _similarity(template_similarity)
        with self.transaction() as conn:
            self._bump_generation(conn)
            row = conn.execute("SELECT title, parsed_count FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                return False
            self._forget_paragraphs(doc_id)
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            self._settle_templates(threshold)
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

    def ingest_times(self) -> dict[str, str]:
        """When each stored document was written, by id: a document replaced since has another time (as listed by
        :meth:`documents`, a corrected version may equal the one it replaced)."""
        return dict(self.conn.execute("SELECT id, ingested_at FROM documents"))

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
            words: Every word must occur in the comment or the answer, both compared in the matching form
                (:func:`assistant.textnorm.normalize`: 「ｸﾗｳﾄﾞ」 finds 「クラウド」, 「ＡＩ」 finds 「AI」).
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
            clauses.append("(instr(p.comment_norm, ?) > 0 OR instr(p.answer_norm, ?) > 0)")
            args += [normalize(word)] * 2
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        total = self.conn.execute(
            f"SELECT COUNT(*) FROM precedents p JOIN documents d ON d.id = p.document_id {where}", args).fetchone()[0]
        rows = self.conn.execute(f"{_PRECEDENT_SELECT} {where} ORDER BY d.period_start, d.id, p.seq LIMIT ? OFFSET ?",
                                 [*args, limit, offset]).fetchall()
        return PrecedentPage(tuple(self._with_paragraphs(rows)), total, offset, limit)

    def precedent(self, precedent_id: str) -> Precedent | None:
        return self.precedents_by_id([precedent_id]).get(precedent_id)

    def precedents_by_id(self, precedent_ids: Iterable[str]) -> dict[str, Precedent]:
        """The precedents of ``precedent_ids`` that exist, by id (the uses of a few templates, not the whole corpus)."""
        ids, found = list(dict.fromkeys(precedent_ids)), {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = self.conn.execute(f"{_PRECEDENT_SELECT} WHERE p.id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
            found.update((precedent.id, precedent) for precedent in self._with_paragraphs(rows))
        return found

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
                comment_norm=row[7], answer_norm=row[8], page=row[9],
                extra={} if row[10] == "{}" else json.loads(row[10]),
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
