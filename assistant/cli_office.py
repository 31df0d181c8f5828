"""Command line for running the tool in a shared office: backups, users, the audit log, and two checks
(masking quality on the labelled snippets, concurrent saves).

Each command is a thin wrapper around one library function; :func:`add_office_commands` registers them
with :func:`assistant.cli.build_parser`.
"""

from __future__ import annotations

import argparse
import getpass
import shlex
import sqlite3
import sys
from pathlib import Path
from typing import TextIO

from assistant import audit, backup, settings, users
from assistant.errors import AssistantError, UserError
from assistant.store import Store


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db or settings.get("db_path"))


def cmd_backup(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    if args.list:
        found = backup.backups(store.path)
        if not found:
            print(f"{settings.backup_dir(store.path)} にバックアップはありません。", file=out)
        for item in found:
            print(f"{item.label}  {item.path}", file=out)
        unowned = backup.unowned_backups(store.path)
        if unowned:
            print("\nどのデータベースのものか記録のないバックアップ（同じ名前のほかのデータベースのものかもしれません。"
                  "戻すときは `python -m assistant restore ファイル` で指定してください）:", file=out)
            for item in unowned:
                print(f"{item.label}  {item.path}", file=out)
        return 0
    made = backup.make_backup(store, "manual")
    kept = len(backup.backups(store.path))
    try:
        audit.log(store, users.command_line_user(), "backup", made.path.name)
    except (AssistantError, sqlite3.DatabaseError) as error:  # a read-only store: the backup is made all the same
        from assistant.store import store_error

        reason = error if isinstance(error, AssistantError) else store_error(str(store.path), error)
        print(f"バックアップしました: {made.path}（保存しているバックアップ {kept} 件、最大 {backup.most_kept()} 件）", file=out)
        print(f"エラー: バックアップは作りましたが、操作記録に書き込めませんでした。{reason}", file=args.err)
        return 1
    print(f"バックアップしました: {made.path}（保存しているバックアップ {kept} 件、最大 {backup.most_kept()} 件）", file=out)
    return 0


def cmd_restore(args: argparse.Namespace, store: None, out: TextIO) -> int:
    # Recorded in the restore's own transaction: a separate entry after it, refused when a colleague's ingest held the
    # store then, said 「何も変更していません」 of a restore that was done, and left it out of the log.
    report = backup.restore(_db_path(args), args.backup, actor=users.command_line_user())
    unlogged = None
    if not report.logged:  # a backup of a version without the audit log, put in place of a damaged or missing store
        try:
            with Store(_db_path(args)) as restored:
                audit.log(restored, users.command_line_user(), "restore", report.source.path.name,
                          f"元のファイル: {report.previous.name if report.previous else 'なし'}")
        except (AssistantError, sqlite3.DatabaseError) as error:
            from assistant.store import store_error

            unlogged = error if isinstance(error, AssistantError) else store_error(str(_db_path(args)), error)
    print(f"{report.source.label} のバックアップ {report.source.path} から戻しました"
          f"（文書 {report.n_documents} 件、回答案 {report.n_drafts} 件、利用者 {report.n_users} 人）。", file=out)
    if report.kept_accounts:
        print("利用者（パスワード・役割）と操作記録は戻さず、今のままにしています"
              + (f"（バックアップにだけある利用者 {report.added_accounts} 人は加えました）。" if report.added_accounts else "。"), file=out)
    if report.renewed_drafts:
        from assistant.drafts import RESTORED

        print(f"回答案 {report.renewed_drafts} 件は、戻す前に開いていた画面から保存しても上書きにならないよう、版を進めました"
              f"（版の履歴に「（{RESTORED}）」と残ります）。", file=out)
    if report.previous:
        print(f"戻す前のファイルは {report.previous} に残しています。", file=out)
    print("アプリを起動している場合は、再起動してください。", file=out)
    if unlogged is not None:
        print(f"エラー: バックアップから戻しましたが、操作記録に書き込めませんでした。{unlogged}", file=args.err)
        return 1
    return 0


_NOT_UTF8 = ("標準入力のパスワードを UTF-8 の文字として読めませんでした（Shift_JIS など、ほかの文字コードで保存したファイルでは"
             "ありませんか）。パスワードのファイルを UTF-8 で保存し直してから、もう一度実行してください。")


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        # A file in another encoding than the locale's (Shift_JIS from メモ帳 on a UTF-8 server) is read with its bytes
        # as surrogates, which Argon2 cannot hash (a traceback); a BOM (メモ帳's 「UTF-8 (BOM 付き)」) is no character of
        # the password.
        try:
            line = sys.stdin.readline().rstrip("\r\n").removeprefix("\ufeff")
            line.encode("utf-8")
        except UnicodeError as error:
            raise UserError(_NOT_UTF8) from error
        return line
    if sys.stdin is None or not sys.stdin.isatty():
        raise UserError("パスワードを尋ねる端末がありません。端末から実行するか、--password-stdin を付けて"
                        "パスワードを標準入力の1行で渡してください。")
    first = getpass.getpass("パスワード: ")
    if first != getpass.getpass("もう一度: "):
        raise UserError("2回入力したパスワードが違います。もう一度実行してください。")
    return first


def cmd_users_add(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    user = users.add_user(store, args.username, args.name, _password(args), args.role, actor=users.command_line_user())
    print(f"利用者 {user.username}（{user.display_name}、役割: {user.role_label}）を追加しました。", file=out)
    return 0


def cmd_users_remove(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    users.remove_user(store, args.username, actor=users.command_line_user())
    print(f"利用者 {args.username} を削除しました（その人の回答案と操作記録は残ります）。", file=out)
    return 0


def cmd_users_roles(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    user = users.set_roles(store, args.username, args.role, actor=users.command_line_user())
    print(f"利用者 {user.username}（{user.display_name}）の役割を {user.role_label} にしました（次の操作から有効です）。", file=out)
    return 0


def cmd_users_passwd(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    unlocked = users.set_password(store, args.username, _password(args), actor=users.command_line_user())
    print(f"利用者 {args.username} のパスワードを変更しました。"
          + ("ログインの失敗が続いたためのロックも解除しました。" if unlocked else ""), file=out)
    return 0


def _table(rows: list[tuple[str, ...]]) -> str:
    from assistant.cli import _pad
    from assistant.textnorm import display_width

    widths = [max(display_width(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join("  ".join(_pad(cell, width) for cell, width in zip(row, widths)).rstrip() for row in rows)


def cmd_users_list(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    found = users.list_users(store)
    if not found:
        print("利用者はいません。`python -m assistant users add` で追加してください。", file=out)
        return 0
    print(_table([("ユーザー名", "氏名", "役割"), *((u.username, u.display_name, u.role_label) for u in found)]), file=out)
    return 0


def _user_hint(store: Store, name: str) -> str:
    """What to type for ``--user`` when ``name`` is no user name in the log but a person's name (「山田太郎」 for
    yamada, whose name the listing shows): the user names of that name, or ``--name`` for a 担当者名 typed without
    logins. Empty when ``name`` is a user name or no one's name."""
    known = audit.actors(store) + [(user.username, user.display_name) for user in users.list_users(store)]
    if any(username == name for username, _ in known):
        return ""
    accounts = sorted({username for username, shown in known if shown == name and username})
    if accounts:
        return (f"「{name}」は氏名です。ユーザー名（`users list` の左の列）で指定してください"
                f"（{name} さんのユーザー名: {'、'.join(accounts)}）。")
    if name != audit.ANONYMOUS and any(shown == name and not username for username, shown in known):
        return f"「{name}」はログインなしで入力された担当者名です。`{_name_option(name)}` で指定してください。"
    return ""


def _name_option(name: str) -> str:
    """``--name`` with a 担当者名 as a shell reads it back whole: quoted only when it has to be (「山田 太郎」 given bare
    was refused, 「知らない指定があります: 太郎」), joined by 「=」 when it starts with 「-」 (taken for an option)."""
    try:
        bare = shlex.split(name) == [name]
    except ValueError:  # an unclosed quote
        bare = False
    value = name if bare else shlex.quote(name)
    return f"--name={value}" if name.startswith("-") else f"--name {value}"


def cmd_audit(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    found = audit.entries(store, username=args.user, typed_name=args.name, action=args.action, limit=args.limit)
    hint = _user_hint(store, args.user) if args.user and not found else ""
    if args.csv:
        try:
            Path(args.csv).write_bytes(audit.to_csv(found))
        except OSError as error:
            from assistant.cli import unwritable

            raise AssistantError(unwritable(args.csv, error)) from error
        audit.log(store, users.command_line_user(), "audit_export", Path(args.csv).name, f"{len(found)} 件")
        print(f"{len(found)} 件の操作記録を {args.csv} に書き出しました。{hint}", file=out)
        return 0
    if not found:
        print(f"操作記録はありません。{hint}", file=out)
        return 0
    rows = [("日時", "氏名", "ユーザー名", "操作", "対象", "内容")]
    rows += [(e.at, e.display_name, e.username, e.label, e.target, e.detail) for e in found]
    print(_table(rows), file=out)
    return 0


def cmd_personal_eval(args: argparse.Namespace, store: None, out: TextIO) -> int:
    from assistant.personal_eval import DEFAULT_DATA, HOLDOUT_DATA, evaluate, format_scores, read_labelled

    paths = [Path(path) for path in args.data] if args.data else [DEFAULT_DATA, HOLDOUT_DATA]
    for number, path in enumerate(paths):
        print(("\n" if number else "") + f"■ {path.name}", file=out)
        print(format_scores(evaluate(read_labelled(path)), verbose=args.verbose), file=out)
    return 0


def cmd_stress_saves(args: argparse.Namespace, store: None, out: TextIO) -> int:
    from assistant.concurrency import run_writers

    report = run_writers(writers=args.writers, seconds=args.seconds, say=lambda text: print(text, file=args.err))
    print(report.describe(), file=out)
    return 0 if report.ok else 1


def add_office_commands(commands: argparse._SubParsersAction) -> None:
    """Register the office commands on the main parser's subcommands."""
    from assistant.cli import _positive, _positive_seconds

    made = commands.add_parser("backup", help="データベースをバックアップする（SQLite のオンラインバックアップ）")
    made.add_argument("--list", action="store_true", help="バックアップの一覧を表示する")
    made.set_defaults(handler=cmd_backup)

    restore = commands.add_parser("restore", help="バックアップから戻す（今のファイルは残す）")
    restore.add_argument("backup", nargs="?", help="バックアップのファイル（省略時は最新のもの）")
    restore.set_defaults(handler=cmd_restore, needs_store=False)

    people = commands.add_parser("users", help="アプリの利用者（ログインと役割）を管理する")
    people_commands = people.add_subparsers(dest="users_command", required=True)
    add = people_commands.add_parser("add", help="利用者を追加する（パスワードを尋ねる）")
    add.add_argument("username", help="ログインに使うユーザー名（半角英数字）")
    add.add_argument("--name", required=True, help="氏名（回答案の作成者・操作記録に表示される名前）")
    add.add_argument("--role", action="append", required=True, choices=users.ROLES,
                     help="役割（複数指定可）: 起案・確認・決裁・管理")
    add.add_argument("--password-stdin", action="store_true", help="パスワードを標準入力の1行から読む")
    add.set_defaults(handler=cmd_users_add, creates_store=True)
    remove = people_commands.add_parser("remove", help="利用者を削除する")
    remove.add_argument("username")
    remove.set_defaults(handler=cmd_users_remove)
    listing = people_commands.add_parser("list", help="利用者の一覧")
    listing.set_defaults(handler=cmd_users_list)
    roles = people_commands.add_parser("roles", help="利用者の役割を変える（パスワードとログイン中の画面はそのまま）")
    roles.add_argument("username")
    roles.add_argument("--role", action="append", required=True, choices=users.ROLES,
                       help="新しい役割（複数指定可。今の役割と置き換える）: 起案・確認・決裁・管理")
    roles.set_defaults(handler=cmd_users_roles)
    passwd = people_commands.add_parser("passwd", help="パスワードを変更する")
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true", help="パスワードを標準入力の1行から読む")
    passwd.set_defaults(handler=cmd_users_passwd)

    log = commands.add_parser("audit", help="操作記録（監査ログ）を表示する、または CSV に書き出す")
    log.add_argument("--user", help="このユーザー名の記録だけ")
    log.add_argument("--name", help="ログインなしの操作で、この担当者名が入力された記録だけ")
    log.add_argument("--action", choices=sorted(audit.ACTIONS), help="この操作の記録だけ")
    log.add_argument("--limit", type=_positive, default=None, help="新しい順にこの件数まで（1 以上）")
    log.add_argument("--csv", help="CSV（UTF-8 BOM 付き）の書き出し先")
    log.set_defaults(handler=cmd_audit, outputs=("csv",))

    personal = commands.add_parser("personal-eval", help="個人情報の検出の適合率と再現率を、ラベル付きの文例で測る")
    personal.add_argument("--data", action="append",
                          help="ラベル付きの文例（JSON Lines、複数指定可。既定: data/personal の labelled.jsonl と holdout.jsonl）")
    personal.add_argument("--verbose", action="store_true", help="見落としと誤検出を1件ずつ表示する")
    personal.set_defaults(handler=cmd_personal_eval, needs_store=False)

    stress = commands.add_parser("stress-saves", help="複数のプロセスが同じ回答案を同時に保存し、上書きの取りこぼしを数える")
    stress.add_argument("--writers", type=_positive, default=4, help="同時に保存するプロセスの数（既定 4、1 以上）")
    stress.add_argument("--seconds", type=_positive_seconds, default=30.0, help="続ける秒数（既定 30、0 より大きい）")
    stress.set_defaults(handler=cmd_stress_saves, needs_store=False)
