"""Users, roles and sign-in for a server several staff share (the ``logins`` setting).

Passwords are hashed with Argon2id (argon2-cffi, RFC 9106 parameters); the store keeps only the hash.
Roles decide what a user may do, and the library checks them (:func:`require`), so a page that forgot
to hide a button still cannot do what the role does not allow:

- 起案: write and save drafts (status 下書き);
- 確認: also set 確認済;
- 決裁: also set 決裁済, change an approved draft, and add approved answers to the corpus;
- 管理: ingest documents, manage users, read and export the audit log.

A user may hold several roles. With logins off (a single-user tool on localhost) there is no user and
every action is allowed, as before.

Example:
    >>> from assistant.store import Store
    >>> store = Store(":memory:")
    >>> user = add_user(store, "yamada", "山田太郎", "correct horse battery", ["起案"])
    >>> sign_in(store, "yamada", "correct horse battery").roles
    ('起案',)
    >>> allowed(user, "status:決裁済")
    False
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assistant import audit, settings
from assistant.errors import PermissionDeniedError, SignInError, UnknownUserError, UserError
from assistant.textnorm import strip_controls

if TYPE_CHECKING:
    from assistant.store import Store

# The table, beside the SQL that uses it (store.MIGRATIONS[4] creates it).
USERS_TABLE = """
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY, display_name TEXT NOT NULL, password_hash TEXT NOT NULL,
    roles TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
"""

ROLES = ("起案", "確認", "決裁", "管理")
# Action -> the roles that may do it.
PERMISSIONS: dict[str, tuple[str, ...]] = {
    "draft_save": ("起案", "確認", "決裁"),
    "status:下書き": ("起案", "確認", "決裁"),
    "status:確認済": ("確認", "決裁"),
    "status:決裁済": ("決裁",),
    "add_approved": ("決裁",),
    "export": ROLES,
    "ingest": ("管理",),
    "delete_document": ("管理",),
    "manage_users": ("管理",),
    "view_audit": ("管理",),
}
ACTION_LABELS = {
    "draft_save": "回答案の保存", "status:下書き": "状態を下書きにすること", "status:確認済": "状態を確認済にすること",
    "status:決裁済": "状態を決裁済にすること（決裁済の回答案の変更を含む）", "add_approved": "決裁済の回答を前例に加えること",
    "export": "回答表の書き出し", "ingest": "公表資料の取り込み", "delete_document": "文書の削除",
    "manage_users": "利用者の管理", "view_audit": "監査ログの閲覧",
}
MIN_PASSWORD_LENGTH = 10
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{1,63}")
_HASHER = PasswordHasher()  # Argon2id, 64 MiB, 3 passes, 4 lanes (RFC 9106 second recommended option)


@dataclass(frozen=True)
class User:
    """A signed-in member of staff (or the command line acting for an administrator)."""

    username: str
    display_name: str
    roles: tuple[str, ...]
    # Which account and password a sign-in was made with (:func:`current` ends the session when either changed:
    # the user removed and the name given to someone else, or the password reset); empty for the command line.
    stamp: str = field(default="", compare=False, repr=False)

    @property
    def role_label(self) -> str:
        return "・".join(self.roles)


SYSTEM = User("system", "システム（初回の同梱資料）", ROLES)


def command_line_user() -> User:
    """Whoever runs ``python -m assistant`` on the server: shell access to the store means every role."""
    name = getpass.getuser()
    return User(f"cli:{name}", f"コマンド（{name}）", ROLES)


def logins_on() -> bool:
    return bool(settings.get("logins"))


def allowed(user: User | None, action: str) -> bool:
    """Whether ``user`` may do ``action`` (a key of :data:`PERMISSIONS`); None is the single local user."""
    if user is None:
        return not logins_on()
    return any(role in user.roles for role in PERMISSIONS[action])


def require(user: User | None, action: str) -> None:
    """Raise :class:`PermissionDeniedError` unless ``user`` may do ``action``."""
    if allowed(user, action):
        return
    label = ACTION_LABELS[action]
    if user is None:
        raise PermissionDeniedError(f"{label}にはログインが必要です。ログインしてから、もう一度操作してください。")
    needed = "・".join(PERMISSIONS[action])
    raise PermissionDeniedError(
        f"{user.display_name} さん（役割: {user.role_label or 'なし'}）には{label}の権限がありません。"
        f"役割「{needed}」を持つ人に依頼してください（役割は管理者が変更できます）。"
    )


def statuses_for(user: User | None, statuses: Iterable[str]) -> list[str]:
    """The draft statuses ``user`` may set, in the given order."""
    return [status for status in statuses if allowed(user, f"status:{status}")]


# --- managing users ----------------------------------------------------------------------------
def _user(row: tuple) -> User:
    return User(row[0], row[1], tuple(role for role in row[2].split(",") if role))


def _check_roles(roles: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(role.strip() for role in roles if role.strip()))
    unknown = [role for role in chosen if role not in ROLES]
    if unknown or not chosen:
        shown = "、".join(unknown) if unknown else "（なし）"
        raise UserError(f"役割 {shown} は使えません。{'・'.join(ROLES)} から1つ以上選んでください。")
    return tuple(role for role in ROLES if role in chosen)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"パスワードは {MIN_PASSWORD_LENGTH} 文字以上にしてください。")


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _stamp(created_at: str, password_hash: str) -> str:
    return hashlib.sha256(f"{created_at}\n{password_hash}".encode()).hexdigest()[:16]


def account_created(conn, username: str) -> str:
    """When the account now named ``username`` was added ("" when there is none): what tells it apart from an
    earlier account of the same name, removed since (a password change keeps it)."""
    row = conn.execute("SELECT created_at FROM users WHERE username = ?", (username,)).fetchone()
    return row[0] if row else ""


def get_user(store: Store, username: str) -> User | None:
    row = store.conn.execute("SELECT username, display_name, roles FROM users WHERE username = ?", (username,)).fetchone()
    return _user(row) if row else None


def list_users(store: Store) -> list[User]:
    rows = store.conn.execute("SELECT username, display_name, roles FROM users ORDER BY username").fetchall()
    return [_user(row) for row in rows]


_LINE_BREAKING_SPACE = re.compile(r"\s*[^\S \u3000]\s*")  # a line break or tab with the spaces around it
_BIDI_MARKS = re.compile("[\u061c]")  # the Arabic letter mark, a bidi mark strip_controls leaves (it drops U+200E/F)
# Letters and symbols that show nothing: the Hangul fillers and the blank braille pattern (variation selectors, tags
# and other marks or format characters are not letters, numbers, symbols or punctuation, so never visible alone).
_BLANK_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def has_visible_character(name: str) -> bool:
    r"""Whether ``name`` shows anything: a letter, number, symbol or punctuation, not a blank filler.

    Example:
        >>> has_visible_character("\u3164\ufe0f\U000e0100"), has_visible_character("\u9ad9")
        (False, True)
    """
    return any(unicodedata.category(char)[0] in "LNSP" and char not in _BLANK_FILLERS for char in name)


def clean_display_name(name: str) -> str:
    r"""A display name as it is stored: without the characters :func:`~assistant.textnorm.strip_controls` removes (as
    a consultation's name and a comment are: a name of only U+200B looked empty, a bidi override reordered the audit
    log's row), on one line (a line break or tab, with the spaces around it, one space: a second line printed in
    `users list` and `audit` as a row of its own), no spaces at the ends. Spaces within it stay as typed (「山田　太郎」).
    The bidi mark U+061C goes too; a name that shows nothing (see :func:`has_visible_character`) is refused by
    :func:`add_user`.

    Example:
        >>> clean_display_name(" 山田\u200b\r\n太郎\u202e\u061c ")
        '山田 太郎'
    """
    return _LINE_BREAKING_SPACE.sub(" ", _BIDI_MARKS.sub("", strip_controls(name))).strip()


def add_user(store: Store, username: str, display_name: str, password: str, roles: Iterable[str],
             actor: User | None = None) -> User:
    """Add a user, or raise :class:`UserError` saying what to change.

    Args:
        username: Sign-in name: letters, digits and ``. _ @ -``, 2-64 characters (e.g. an employee id).
        display_name: The name shown as a draft's author and in the audit log (「山田太郎」), kept as
            :func:`clean_display_name` gives it.
        password: At least :data:`MIN_PASSWORD_LENGTH` characters; only its Argon2id hash is kept.
        roles: One or more of :data:`ROLES`.
        actor: Who adds the user (must hold 管理 when logins are on); None for the local user.
    """
    require(actor, "manage_users")
    if not _USERNAME.fullmatch(username):
        raise UserError(f"ユーザー名「{username}」は使えません。半角英数字と . _ @ - で2～64文字にしてください。")
    if username.lower() == SYSTEM.username:  # the audit log's name for the first ingest of the shipped documents
        raise UserError(f"ユーザー名「{username}」は、同梱資料の取り込みの記録に使われているため使えません。別の名前にしてください。")
    display_name = clean_display_name(display_name)
    if not has_visible_character(display_name):  # empty, spaces, or only marks and fillers (U+FE0F, U+3164, U+2800)
        raise UserError("氏名（表示名）を入力してください。")
    chosen = _check_roles(roles)
    _check_password(password)
    digest = _HASHER.hash(password)
    now = _now()
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone():
            raise UserError(f"ユーザー名「{username}」は既に使われています。別の名前にしてください。")
        # 「yamada」 and 「YAMADA」 would sign in as two people whom the audit log and the drafts' authors hardly tell apart
        alike = conn.execute("SELECT username FROM users WHERE lower(username) = lower(?)", (username,)).fetchone()
        if alike:
            raise UserError(f"ユーザー名「{username}」は、既にある「{alike[0]}」と大文字・小文字だけが違います。別の名前にしてください。")
        conn.execute("INSERT INTO users VALUES (?,?,?,?,?,?)",
                     (username, display_name, digest, ",".join(chosen), now, now))
        audit.record(conn, actor, "user_add", username, f"{display_name}（{'・'.join(chosen)}）")
    return User(username, display_name, chosen)


def remove_user(store: Store, username: str, actor: User | None = None) -> None:
    """Remove a user (their drafts and audit entries stay, their unsaved 起案 pages are deleted); the last 管理 user
    cannot be removed."""
    require(actor, "manage_users")
    with store.transaction() as conn:
        target = conn.execute("SELECT username, display_name, roles FROM users WHERE username = ?", (username,)).fetchone()
        if target is None:
            raise UnknownUserError(username)
        admins = [row[0] for row in conn.execute("SELECT username, roles FROM users") if "管理" in row[1].split(",")]
        if admins == [username]:
            raise UserError("最後の管理者は削除できません。先に別の利用者に「管理」の役割を与えてください。")
        conn.execute("DELETE FROM users WHERE username = ?", (username,))
        # Their unsaved 起案 pages hold comments as typed (personal data unmasked): overwritten in the file, not only
        # unlinked (secure_delete, as a backup's copy of them is), so that no one given the name later can load them.
        from assistant.store import secure_deletes  # the store builds on this module

        with secure_deletes(conn):
            conn.execute("DELETE FROM work_in_progress WHERE username = ?", (username,))
        audit.record(conn, actor, "user_remove", username, target[1])


def set_roles(store: Store, username: str, roles: Iterable[str], actor: User | None = None,
              expected: Iterable[str] | None = None) -> User:
    """Give a user other roles (管理 only), keeping their password and session: pages re-read the user on every
    click, so the new roles hold from the user's next click. The last 管理 user keeps 管理.

    ``expected``: the roles the user had when the form was drawn (the アカウント page). The roles are replaced as a
    whole, so a form drawn before another 管理 changed them would undo that change (a role taken away came back):
    when the stored roles are no longer these, nothing is written and :class:`UserError` names the present ones
    (unless they are already the roles chosen). None (the command line) checks nothing.
    """
    require(actor, "manage_users")
    chosen = _check_roles(roles)
    with store.transaction() as conn:
        target = conn.execute("SELECT username, display_name, roles FROM users WHERE username = ?", (username,)).fetchone()
        if target is None:
            raise UnknownUserError(username)
        before = _user(target)
        if expected is not None and set(before.roles) != set(expected) and before.roles != chosen:
            raise UserError(f"{before.display_name} さんの役割は、この画面を開いた後にほかの管理者が「{before.role_label or 'なし'}」に"
                            "変えています。今の役割を確かめてから、もう一度設定してください。")
        admins = [row[0] for row in conn.execute("SELECT username, roles FROM users") if "管理" in row[1].split(",")]
        if admins == [username] and "管理" not in chosen:
            raise UserError("最後の管理者から「管理」の役割は外せません。先に別の利用者に「管理」の役割を与えてください。")
        if before.roles != chosen:
            conn.execute("UPDATE users SET roles = ?, updated_at = ? WHERE username = ?", (",".join(chosen), _now(), username))
            audit.record(conn, actor, "user_roles", username, f"{before.role_label or 'なし'} → {'・'.join(chosen)}")
    return User(username, before.display_name, chosen)


def set_password(store: Store, username: str, password: str, actor: User | None = None) -> bool:
    """Replace a user's password (管理, or the user themself). A reset by someone else also ends a lock of the name
    after :data:`MAX_FAILURES` failed sign-ins (the lock's message says to ask the 管理): returns whether it had been
    locked."""
    if actor is None or actor.username != username:
        require(actor, "manage_users")
    _check_password(password)
    digest = _HASHER.hash(password)
    with store.transaction() as conn:
        locked = _locked(conn, username)
        if conn.execute("UPDATE users SET password_hash = ?, updated_at = ? WHERE username = ?",
                        (digest, _now(), username)).rowcount == 0:
            raise UnknownUserError(username)
        audit.record(conn, actor, "user_password", username)
    return locked and (actor is None or actor.username != username)


def _locked(conn, username: str) -> bool:
    """Whether ``username`` is locked: :data:`MAX_FAILURES` failed sign-ins in a row, each within :data:`LOCKOUT` of
    the one that completed the row, lock it for :data:`LOCKOUT` from that one (a window sliding over the failures
    ended the lock when the oldest of the five was 15 minutes old, however recent the fifth). A row that locked the
    name ends with the lock: the failures after it start a new one."""
    now = datetime.now().astimezone()
    failures = [datetime.fromisoformat(at) for at in audit.failures_in_row(
        conn, username, (now - 2 * LOCKOUT).isoformat(timespec="seconds"))]  # a lock still on began at most this long ago
    row: list[datetime] = []
    until = None
    for at in failures:
        if until is not None and at >= until:
            until = None  # the lock is over: a new row
        elif until is not None:
            continue  # recorded as a failure by an attempt that began before the lock did
        row = [earlier for earlier in row if earlier > at - LOCKOUT] + [at]
        if len(row) >= MAX_FAILURES:
            until, row = at + LOCKOUT, []
    return until is not None and now < until


def _lock_error(refused: str) -> SignInError:
    """What a locked name is told: 「…このユーザー名は 15 分間ログインできません。…」 (``refused``: what it cannot do)."""
    return SignInError(f"ログインに {MAX_FAILURES} 回続けて失敗したため、このユーザー名は "
                       f"{int(LOCKOUT.total_seconds() // 60)} 分間{refused}。時間をおいてから試すか、管理者に連絡してください。")


def change_own_password(store: Store, user: User, old_password: str, new_password: str) -> User:
    """A signed-in user's own change of password, which keeps their session: returns the user with the new
    password's stamp (:func:`set_password`, used for a reset, ends every session of the user).

    The present password is asked for, so that a session left open on someone else's screen cannot be taken
    over; a wrong one counts as a failed sign-in (:data:`MAX_FAILURES` of them lock the name, as at sign-in).

    Raises:
        SignInError: The present password is wrong, or the name is locked.
        UserError: The new password is too short, or the same as the present one.
    """
    row = store.conn.execute("SELECT password_hash, created_at FROM users WHERE username = ?", (user.username,)).fetchone()
    if row is None:
        raise SignInError("この利用者は削除されています。管理者に連絡してください。")
    if _locked(store.conn, user.username):
        raise _lock_error("パスワードを変更できません")
    if not _verifies(row[0], old_password):
        audit.log(store, user, "sign_in_failed", user.username, _PASSWORD_CHANGE)
        raise SignInError("今のパスワードが違います。確かめてから、もう一度入力してください。")
    _check_password(new_password)
    if new_password == old_password:
        raise UserError("新しいパスワードが今のものと同じです。別のパスワードにしてください。")
    digest = _HASHER.hash(new_password)
    with store.transaction() as conn:
        # The change ends the row of failures (audit._row_start): failures that locked the name while the passwords
        # were checked must not be wiped by it, nor the lock ended.
        if _locked(conn, user.username):
            raise _lock_error("パスワードを変更できません")
        if conn.execute("UPDATE users SET password_hash = ?, updated_at = ? WHERE username = ? AND password_hash = ?",
                        (digest, _now(), user.username, row[0])).rowcount == 0:
            raise UserError("パスワードは、確かめている間にほかの画面で変更されました。もう一度ログインしてください。")
        audit.record(conn, user, "user_password", user.username, audit.OWN_CHANGE)
    return replace(user, stamp=_stamp(row[1], digest))


_PASSWORD_CHANGE = "パスワードの変更で"  # the detail of a failure to confirm the present password


# --- signing in --------------------------------------------------------------------------------
_WRONG = "ユーザー名かパスワードが違います。確かめてから、もう一度入力してください。"
UNKNOWN_NAME = "（登録のない名前）"  # how a failed sign-in with a name that is no user's is logged
_UNKNOWN_KEY = secrets.token_bytes(16)  # this server's key for telling unknown names apart in the log


def _unknown(name: str) -> str:
    """An unknown name as the log keeps it: 「（登録のない名前）#1a2b3c4d」, the same for the same name while the server
    runs (so that its failures lock it like a user's), and no text anyone can read the name back from."""
    return f"{UNKNOWN_NAME}#{hmac.new(_UNKNOWN_KEY, name.encode(), hashlib.sha256).hexdigest()[:8]}"
_DUMMY_HASH: list[str] = []


def hide_typed_names(conn, actor: str) -> int:
    """Tag the names of failed sign-ins that earlier versions logged as typed (inside the caller's transaction, as a
    schema migration): a name that is no user's and never was one (no 利用者の追加 or 削除 of it in the log) becomes
    「（登録のない名前）#…」, as :func:`sign_in` logs it now, the same tag for the same name; the name typed is gone.
    One entry of the log says how many were tagged, by ``actor``. Returns that count."""
    known = {row[0] for row in conn.execute(
        "SELECT username FROM users UNION SELECT target FROM audit_log"
        " WHERE action IN ('user_add', 'user_remove')")}
    key = secrets.token_bytes(16)  # this migration's: no tag can be traced back to its name
    typed = [row[0] for row in conn.execute("SELECT DISTINCT username FROM audit_log"
                                           " WHERE action = 'sign_in_failed' ORDER BY username")
             if row[0] not in known and not row[0].startswith(UNKNOWN_NAME)]
    hidden = 0
    for name in typed:
        tag = f"{UNKNOWN_NAME}#{hmac.new(key, name.encode(), hashlib.sha256).hexdigest()[:8]}"
        hidden += conn.execute("UPDATE audit_log SET username = ?, display_name = ?, target = ?"
                               " WHERE action = 'sign_in_failed' AND username = ?", (tag, UNKNOWN_NAME, tag, name)).rowcount
    if hidden:
        audit.record(conn, None, "audit_hide", UNKNOWN_NAME,
                     f"登録のない名前で記録されていたログイン失敗 {hidden} 件の名前を伏せました（名前の欄に入力された"
                     "パスワードが読めるまま残らないように）", anonymous=actor)
    return hidden


_SHOWN_NAMED = re.compile("[\u034f\ufe00-\ufe0f\U000e0100-\U000e01ef" + "".join(sorted(_BLANK_FILLERS)) + "]")


def shown_name(name: str) -> str:
    r"""A stored display name as an audit entry quotes it, on one line: each character that shows nothing, breaks the
    line or is no plain space named (「山田<U+000A>太郎」, 「<U+3164>」); the rest as it is.

    Example:
        >>> shown_name("山田\u200b\n太郎　\u3164\ufe0f")
        '山田<U+200B><U+000A>太郎　<U+3164><U+FE0F>'
    """
    return "".join(f"<U+{ord(char):04X}>" if char not in " \u3000" and (
        unicodedata.category(char)[0] in "CZ" or _SHOWN_NAMED.match(char)) else char for char in name)


def _cleaned_name(name: str, username: str) -> str:
    """``name`` as :func:`clean_display_name` gives it, or ``username`` when that shows nothing."""
    cleaned = clean_display_name(name)
    return cleaned if has_visible_character(cleaned) else username


def clean_stored_display_names(conn, actor: str) -> list[dict[str, str]]:
    """Give the display names stored before :func:`add_user` cleaned them the form :func:`clean_display_name` gives
    (inside the caller's transaction, as a schema migration): a line break had printed a row of its own in `users
    list` and `audit`, a zero-width space or a bidi override was kept. A name that shows nothing once cleaned (only
    U+200B, U+3164, U+2800, variation selectors, spaces) becomes the user name, which is what the account signs in
    with. The account's name (``users``) and the copies written with it are changed alike: the name of its entries in
    the audit log and the one in the detail of its 利用者の追加 and 利用者の削除 (a removed account's name), the author of
    its drafts and of their versions (a restored version's 「（バックアップから復元）」 kept); a name typed with logins off
    (no user name) is left as typed. Nothing is deleted and no draft's version changes. One entry of the log
    (氏名の表記の修正, by ``actor``) per user name and name says what it was (invisible characters named,
    :func:`shown_name`), what it is, and what changed; and the other accounts that bear the name it now is, which the
    cleaning may have made alike (「。同じ氏名の利用者がいます（ユーザー名: yamada2）」). Running it again changes nothing.

    Returns:
        The entries' facts: ``{"username", "was", "now", "changed", "same_name"}`` each, by user name and name as it
        was (``same_name``: the other accounts of that name, 「、」 between, or empty).
    """
    from assistant.drafts import RESTORED  # drafts builds on this module

    suffix = f"（{RESTORED}）"
    found: dict[tuple[str, str], dict[str, int]] = {}  # (user name, name as it was) -> what changed -> rows

    def note(username: str, was: str, where: str, rows: int) -> None:
        counts = found.setdefault((username, was), {})
        counts[where] = counts.get(where, 0) + rows

    for username, was in conn.execute("SELECT username, display_name FROM users").fetchall():
        if (now := _cleaned_name(was, username)) != was:
            conn.execute("UPDATE users SET display_name = ? WHERE username = ?", (now, username))
            note(username, was, "users", 1)
    for username, was in conn.execute("SELECT DISTINCT username, display_name FROM audit_log WHERE username != ''"
                                      ).fetchall():
        if (now := _cleaned_name(was, username)) != was:
            note(username, was, "audit", conn.execute("UPDATE audit_log SET display_name = ? WHERE username = ?"
                                                      " AND display_name = ?", (now, username, was)).rowcount)
    for entry_id, username, detail in conn.execute("SELECT id, target, detail FROM audit_log WHERE action = 'user_add'"
                                                   ).fetchall():  # 「山田太郎（起案・確認）」
        if not (match := re.fullmatch(r"(.*)（([^（）]*)）", detail, re.S)):
            continue
        if (now := _cleaned_name(match[1], username)) != match[1]:
            conn.execute("UPDATE audit_log SET detail = ? WHERE id = ?", (f"{now}（{match[2]}）", entry_id))
            note(username, match[1], "audit", 1)
    for entry_id, username, was in conn.execute("SELECT id, target, detail FROM audit_log WHERE action = 'user_remove'"
                                                ).fetchall():  # the name the account had: 「山田太郎」
        if (now := _cleaned_name(was, username)) != was:
            conn.execute("UPDATE audit_log SET detail = ? WHERE id = ?", (now, entry_id))
            note(username, was, "audit", 1)
    for table, where in (("drafts", "drafts"), ("draft_versions", "versions")):
        for username, author in conn.execute(f"SELECT DISTINCT author_username, author FROM {table}"
                                             " WHERE author_username != ''").fetchall():
            was, tail = (author[:-len(suffix)], suffix) if author.endswith(suffix) and author != suffix else (author, "")
            if (now := _cleaned_name(was, username)) != was:
                note(username, was, where, conn.execute(
                    f"UPDATE {table} SET author = ? WHERE author_username = ? AND author = ?",
                    (now + tail, username, author)).rowcount)
    accounts = accounts_by_name(conn)
    changes = []
    for (username, was), counts in sorted(found.items()):
        now = _cleaned_name(was, username)
        places = "、".join(([] if "users" not in counts else [ACCOUNT_NAME_CHANGED])
                          + [f"{label} {counts[key]:,} 件" for key, label in (
                              ("audit", "操作記録"), ("drafts", "回答案"), ("versions", "版の履歴")) if counts.get(key)])
        if has_visible_character(clean_display_name(was)):
            detail = f"氏名「{shown_name(was)}」を「{now}」にしました（{places}）"
        else:
            detail = f"氏名「{shown_name(was)}」は何も表示されないため、ユーザー名「{now}」にしました（{places}）"
        same = [other for other in accounts.get(now, []) if other != username]
        audit.record(conn, None, "user_name", username, detail + _same_name_note(same), anonymous=actor)
        changes.append({"username": username, "was": was, "now": now, "changed": places, "same_name": "、".join(same)})
    return changes


ACCOUNT_NAME_CHANGED = "利用者の氏名"  # in a 氏名の表記の修正 entry's list of what changed: the account's own name
_RENAME_DETAIL = re.compile(r"(.*にしました)（([^（）]*)）(?:。同じ氏名の利用者がいます（ユーザー名: [^（）]*）)?", re.S)


def accounts_by_name(conn, table: str = "users") -> dict[str, list[str]]:
    """The user names of the accounts in ``conn``'s ``table`` of users, by display name (in user name order)."""
    found: dict[str, list[str]] = {}
    for username, name in conn.execute(f"SELECT username, display_name FROM {table} ORDER BY username"):
        found.setdefault(name, []).append(username)
    return found


def _same_name_note(others: list[str]) -> str:
    """What a 氏名の表記の修正 entry adds when other accounts bear the name it gave (empty when none)."""
    return f"。同じ氏名の利用者がいます（ユーザー名: {'、'.join(others)}）" if others else ""


def rename_of(detail: str) -> str:
    """The rename a 氏名の表記の修正 entry (:func:`clean_stored_display_names`) records, without what it counted:
    two stores' migrations of one name give the same, whatever rows each changed.

    Example:
        >>> rename_of("氏名「山田<U+000A>太郎」を「山田 太郎」にしました（利用者の氏名、操作記録 3 件）")
        '氏名「山田<U+000A>太郎」を「山田 太郎」にしました'
    """
    match = _RENAME_DETAIL.fullmatch(detail)
    return match[1] if match else detail


def restored_rename(detail: str, username: str, account_restored: bool, accounts: dict[str, list[str]]) -> str | None:
    """A 氏名の表記の修正 entry of a backup (or of the temporary copy a restore migrated) as the restore adds it to the
    store's log: 利用者の氏名 only when the restore took the account from the backup (the store's own account, kept as
    it is, was not renamed by it), and the accounts of the same name those the store has now (``accounts``, by display
    name). None when the entry then names nothing the restore changed.

    Example:
        >>> restored_rename("氏名「山田<U+000A>太郎」を「山田 太郎」にしました（利用者の氏名、操作記録 2 件）", "yamada",
        ...                 False, {"山田 太郎": ["yamada", "yamada2"]})
        '氏名「山田<U+000A>太郎」を「山田 太郎」にしました（操作記録 2 件）。同じ氏名の利用者がいます（ユーザー名: yamada2）'
        >>> restored_rename("氏名「<U+3164>」は何も表示されないため、ユーザー名「suzuki」にしました（利用者の氏名）",
        ...                 "suzuki", False, {})
    """
    if not (match := _RENAME_DETAIL.fullmatch(detail)):
        return detail
    places = match[2].split("、")
    if not account_restored:
        places = [place for place in places if place != ACCOUNT_NAME_CHANGED]
    if not places:
        return None
    now = re.fullmatch(r".*(?:」を「|、ユーザー名「)(.*)」にしました", match[1], re.S)
    same = [other for other in accounts.get(now[1], []) if other != username] if now else []
    return f"{match[1]}（{'、'.join(places)}）{_same_name_note(same)}"


def _dummy_hash() -> str:
    """A hash to verify against for unknown names, so that they take as long as known ones."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(_HASHER.hash("not a password of anyone"))
    return _DUMMY_HASH[0]


def sign_in(store: Store, username: str, password: str) -> User:
    """Check a password and record the attempt in the audit log.

    After :data:`MAX_FAILURES` failures in a row within :data:`LOCKOUT`, the name is refused for that
    long even with the right password. Each attempt is counted and recorded as a failure in one short
    transaction before its password is checked, and turned into a sign-in when it was right: guesses sent
    at once count against each other (30 parallel guesses were all checked), and the slow check (Argon2id)
    holds no lock that colleagues' saves wait for. A name that is no user's is logged as
    :data:`UNKNOWN_NAME` with a tag, not as typed: a password typed into the name field would be kept in the
    log in the clear.

    Raises:
        SignInError: Unknown user, wrong password (one message for both), or locked for a while.
    """
    username = username.strip()[:64]
    with store.transaction() as conn:
        row = conn.execute("SELECT username, display_name, roles, password_hash, created_at FROM users WHERE username = ?",
                           (username,)).fetchone()
        logged = User(username, row[1], ()) if row else User(_unknown(username), UNKNOWN_NAME, ())
        locked = _locked(conn, logged.username)  # unknown names too: a lock tells nobody which names exist
        attempt = audit.record(conn, logged, "sign_in_failed", logged.username, audit.LOCKED if locked else "")
    if locked:
        raise _lock_error("ログインできません")
    if not _verifies(row[3] if row else _dummy_hash(), password) or row is None:
        raise SignInError(_WRONG)
    digest = _HASHER.hash(password) if _HASHER.check_needs_rehash(row[3]) else row[3]
    with store.transaction() as conn:
        stored = conn.execute("SELECT password_hash, created_at FROM users WHERE username = ?", (username,)).fetchone()
        if stored is not None and stored[0] == row[3]:  # as checked: rehashed here if needed
            if digest != row[3]:
                conn.execute("UPDATE users SET password_hash = ? WHERE username = ?", (digest, username))
            audit.settle_sign_in(conn, attempt)
            stored = (digest, stored[1])
    if stored is None or (stored[0] != digest and not _verifies(stored[0], password)):
        raise SignInError(_WRONG)  # removed, or its password reset, while this one was checked
    if stored[0] != digest:  # another sign-in rehashed it meanwhile: the same password
        with store.transaction() as conn:
            audit.settle_sign_in(conn, attempt)
    # The session's stamp is that of the hash as stored.
    return current(store, User(username, row[1], (), stamp=_stamp(stored[1], stored[0])))


def _verifies(digest: str, password: str) -> bool:
    try:
        return _HASHER.verify(digest, password)
    except (VerificationError, InvalidHashError):
        return False


def sign_out(store: Store, user: User) -> bool:
    """Record the sign-out of a session that is still signed in; returns whether it was recorded.

    A session that had already ended (its user removed, the name given to someone else since, or the password reset:
    see :func:`current`) records nothing: its 「ログアウト」 was logged as the user's, under a name perhaps another
    person's by then, at a time nobody signed out."""
    with store.transaction() as conn:
        now = current(store, user)
        if now is None:
            return False
        audit.record(conn, now, "sign_out", now.username)
    return True


def current(store: Store, user: User | None) -> User | None:
    """The user as stored now (roles may have changed since sign-in); None when removed meanwhile, and for a
    signed-in session (one with a stamp) also when the password was reset or the name now belongs to a user
    added since: that session has to sign in again."""
    if user is None:
        return None
    row = store.conn.execute("SELECT username, display_name, roles, password_hash, created_at FROM users WHERE username = ?",
                             (user.username,)).fetchone()
    if row is None:
        return None
    stamp = _stamp(row[4], row[3])
    if user.stamp and user.stamp != stamp:
        return None
    return replace(_user(row[:3]), stamp=stamp if user.stamp else "")
