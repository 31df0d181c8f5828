"""Exports made when their button is pressed (audit.csv_export, export.exported_file): the user is read again
from the store, and a user demoted or removed since the page was drawn gets no file and leaves no entry; an
allowed user's every download writes one entry (review r4 #5: the file was given with the button at render)."""

from __future__ import annotations

import pytest

from assistant import audit
from assistant.drafts import Draft, save_draft
from assistant.errors import PermissionDeniedError
from assistant.export import EXPORTERS, answer_table, exported_file
from assistant.users import add_user, command_line_user, remove_user, set_roles

PASSWORD = "yuki-matsuri-2026"


@pytest.fixture
def office(store, monkeypatch):
    save_draft(store, Draft(None, "雪対策", "1", "除雪の回数を増やしてほしい。", "計画的に除雪します。", author="山田太郎"))
    monkeypatch.setenv("ZENREI_LOGINS", "1")
    root = command_line_user()
    add_user(store, "kanri", "高橋管理", PASSWORD, ["管理"], actor=root)
    add_user(store, "kian", "山田太郎", PASSWORD, ["起案"], actor=root)
    return store


def user(store, username):
    from assistant.users import current, User
    return current(store, User(username, "", ()))


def test_the_audit_csv_is_made_and_logged_for_an_admin_once_per_download(office) -> None:
    admin = user(office, "kanri")
    found = audit.entries(office)
    assert audit.csv_export(office, admin, found) == audit.to_csv(found)
    audit.csv_export(office, admin, found)
    assert [(e.display_name, e.target, e.detail) for e in audit.entries(office, action="audit_export")] == [
        ("高橋管理", "監査ログ", f"{len(found)} 件"), ("高橋管理", "監査ログ", f"{len(found)} 件")]


def test_an_admin_demoted_or_removed_after_the_page_was_drawn_gets_no_audit_csv_and_no_entry(office) -> None:
    admin = user(office, "kanri")  # as the page had it when drawn
    found = audit.entries(office)
    add_user(office, "kanri2", "佐藤管理", PASSWORD, ["管理"], actor=command_line_user())  # the last 管理 stays
    set_roles(office, "kanri", ["起案"], actor=command_line_user())
    with pytest.raises(PermissionDeniedError) as refused:
        audit.csv_export(office, admin, found)
    assert str(refused.value) == ("高橋管理 さん（役割: 起案）には監査ログの閲覧の権限がありません。"
                                  "役割「管理」を持つ人に依頼してください（役割は管理者が変更できます）。")
    remove_user(office, "kanri", actor=command_line_user())
    with pytest.raises(PermissionDeniedError, match="^監査ログの閲覧にはログインが必要です。"):
        audit.csv_export(office, admin, found)
    assert audit.entries(office, action="audit_export") == []


@pytest.mark.parametrize("fmt", list(EXPORTERS))
def test_the_answer_table_is_made_and_logged_once_per_download(office, fmt) -> None:
    table = answer_table(office, "雪対策")
    drafter = user(office, "kian")
    data = exported_file(office, "雪対策", table, fmt, drafter, anonymous="山田太郎")
    assert data == EXPORTERS[fmt](table) if fmt == "csv" else data[:2] == b"PK"
    exported_file(office, "雪対策", table, fmt, drafter)
    assert [(e.display_name, e.target, e.detail) for e in audit.entries(office, action="export")] == [
        ("山田太郎", "雪対策", fmt.upper())] * 2


def test_a_user_removed_after_the_page_was_drawn_gets_no_answer_table_and_no_entry(office) -> None:
    table = answer_table(office, "雪対策")
    drafter = user(office, "kian")
    remove_user(office, "kian", actor=command_line_user())
    made = []
    for fmt in EXPORTERS:
        with pytest.raises(PermissionDeniedError) as refused:
            made.append(exported_file(office, "雪対策", table, fmt, drafter))
        assert str(refused.value) == "回答表の書き出しにはログインが必要です。ログインしてから、もう一度操作してください。"
    assert (made, audit.entries(office, action="export")) == ([], [])
