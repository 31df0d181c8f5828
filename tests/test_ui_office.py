"""The app in a shared office (AppTest): sign-in, what each role sees and may do, the audit log page,
replacement confirmation, and the refusal to listen beyond localhost without logins."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assistant import audit
from assistant.drafts import list_drafts
from assistant.settings import REPO_ROOT
from assistant.store import Store
from assistant.users import User, add_user, command_line_user
from tests.conftest import SEEDS

APP = str(REPO_ROOT / "app.py")
PAGES = REPO_ROOT / "app_pages"
PASSWORD = "yuki-matsuri-2026"
PEOPLE = (("kian", "山田太郎", "起案"), ("kessai", "鈴木一郎", "決裁"), ("kanri", "高橋管理", "管理"))


@pytest.fixture(autouse=True)
def shared_model(monkeypatch, model_cache):
    monkeypatch.setenv("ZENREI_MODEL_CACHE", str(model_cache))


@pytest.fixture
def office(isolated_settings, monkeypatch):
    monkeypatch.setenv("ZENREI_LOGINS", "1")
    with Store(isolated_settings) as store:
        for username, name, role in PEOPLE:
            add_user(store, username, name, PASSWORD, [role], actor=command_line_user())
    return isolated_settings


def signed_in(username: str, password: str = PASSWORD) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=300)
    app.run()
    assert not app.exception, app.exception
    assert app.title[0].value == "ログイン"
    app.text_input(key="login_username").input(username)
    app.text_input(key="login_password").input(password)
    app.button(key="login").click().run()
    assert not app.exception, app.exception
    return app


def test_nothing_is_shown_before_signing_in_and_a_wrong_password_is_told(office) -> None:
    app = signed_in("kian", "wrong-password-1")
    assert app.error[0].value == "ユーザー名かパスワードが違います。確かめてから、もう一度入力してください。"
    assert [t.value for t in app.title] == ["ログイン"]
    assert not [w for w in app.text_area if w.key == "comment"]


def test_a_drafter_signs_in_drafts_as_themself_and_cannot_approve(office) -> None:
    app = signed_in("kian")
    assert app.title[0].value == "起案（1件のご意見）"
    author = app.text_input(key="author")
    assert (author.value, author.disabled) == ("山田太郎", True)
    assert app.selectbox(key="status").options == ["下書き"]
    app.text_input(key="consultation").input("雪対策")
    app.text_area(key="draft_text").input("計画的に除雪します。").run()
    app.button(key="save").click().run()
    assert app.success[0].value == "保存しました（雪対策 No.1、版 1）。"
    with Store(office) as store:
        [draft] = list_drafts(store)
        assert (draft.author, draft.author_username) == ("山田太郎", "kian")
        assert [(e.display_name, e.label, e.target) for e in reversed(audit.entries(store, username="kian"))] == [
            ("山田太郎", "ログイン", "kian"), ("山田太郎", "回答案の保存", "雪対策 No.1")]


def test_a_drafter_cannot_ingest_or_add_approved_answers(office) -> None:
    app = signed_in("kian")
    app.switch_page("app_pages/corpus.py").run()
    assert not app.exception
    assert not app.get("file_uploader")
    assert not [b for b in app.button if b.key in {"upload_preview", "upload_confirm", "promote"}]
    captions = [c.value for c in app.caption]
    assert "公表資料の取り込みは、役割「管理」を持つ人が行います。" in captions
    assert "決裁済の回答を前例に加えるのは、役割「決裁」を持つ人です。" in captions


def test_only_admins_get_the_audit_log_page_and_its_export_is_audited(office) -> None:
    drafter = signed_in("kian")
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not offered to 起案
        drafter.switch_page("app_pages/audit.py")
    direct = AppTest.from_file(str(PAGES / "audit.py"), default_timeout=300)
    direct.session_state["user"] = User("kian", "山田太郎", ("起案",))
    direct.run()
    assert direct.error[0].value == "監査ログを見られるのは、役割「管理」を持つ人だけです。"
    admin = signed_in("kanri")
    admin.switch_page("app_pages/audit.py").run()
    assert not admin.exception
    assert [box.proto.placeholder for box in admin.selectbox] == ["選んでください", "選んでください"]
    table = admin.dataframe[0].value
    assert list(table.columns) == ["日時", "ユーザー名", "氏名", "操作", "対象", "内容"]
    assert (table.iloc[0]["氏名"], table.iloc[0]["操作"]) == ("高橋管理", "ログイン")
    assert ("山田太郎", "ログイン") in set(zip(table["氏名"], table["操作"]))
    admin.download_button(key="audit_export").click().run()
    with Store(office) as store:
        [entry] = audit.entries(store, action="audit_export")
        assert (entry.display_name, entry.target) == ("高橋管理", "監査ログ")


def test_approver_sets_approved_and_adds_to_the_corpus(office) -> None:
    app = signed_in("kessai")
    assert app.selectbox(key="status").options == ["下書き", "確認済", "決裁済"]
    app.text_input(key="consultation").input("雪対策")
    app.text_area(key="comment").input("除雪の回数を増やしてほしい。")
    app.text_area(key="draft_text").input("計画的に除雪します。").run()
    app.selectbox(key="status").select("決裁済").run()
    app.button(key="save").click().run()
    app.switch_page("app_pages/corpus.py").run()
    assert [caption.value for caption in app.caption][-2:] == ["追加（1 項目）", "文書の削除は、役割「管理」を持つ人が行います。"]
    assert not [box for box in app.selectbox if box.key == "delete_document"]  # only 管理 deletes documents
    app.button(key="promote").click().run()
    assert app.success[0].value == "決裁済の回答 1 件を前例に加えました。"
    app.switch_page("app_pages/batch.py").run()
    app.text_input(key="consultation").input("雪対策").run()
    app.download_button(key="export_csv").click().run()
    with Store(office) as store:
        assert [(e.display_name, e.label, e.target, e.detail) for e in audit.entries(store, action="export")] == [
            ("鈴木一郎", "書き出し", "雪対策", "CSV")]


def test_sign_out_forgets_the_session(office) -> None:
    app = signed_in("kian")
    app.button(key="sign_out").click().run()
    assert [t.value for t in app.title] == ["ログイン"]
    with Store(office) as store:
        assert audit.entries(store)[0].label == "ログアウト"


def test_replacing_a_document_needs_confirmation_in_the_app(isolated_settings) -> None:
    from assistant.highlight import md_escape

    app = AppTest.from_file(str(PAGES / "corpus.py"), default_timeout=300)
    app.run()
    app.file_uploader(key="upload").set_value(("kaigo.txt", SEEDS["000"].read_bytes(), "text/plain")).run()
    app.button(key="upload_preview").click().run()
    assert not app.exception
    assert app.warning[0].value == (
        "既にある「介護保険に関する事務の特定個人情報保護評価書について寄せられたご意見と本市の考え方」"
        f"（令和7年11月12日～令和7年12月11日、{md_escape(SEEDS['000'].name)}）を置き換え（9 → 9 項目: 内容は同じ）します。")
    assert app.button(key="upload_confirm").disabled
    app.checkbox(key="upload_replace_ok").check().run()
    app.button(key="upload_confirm").click().run()
    assert app.success[0].value.startswith("1 件の文書（うち 1 件は置き換え）（9 項目）を取り込み、")
    with Store(isolated_settings) as store:
        assert store.stats().n_documents == 5
        assert audit.entries(store, action="ingest")[0].detail == "置き換え（9 → 9 項目: 内容は同じ）（kaigo.txt）"


def test_without_logins_the_app_refuses_a_public_address(isolated_settings) -> None:
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        app = AppTest.from_file(APP, default_timeout=300)
        app.run()
    finally:
        config.set_option("server.address", before)
    assert app.error[0].value.startswith("ログインが無効のまま 0.0.0.0 で待ち受けることはできません")
    assert not app.title


def test_a_click_acts_with_the_roles_the_user_has_now(office) -> None:
    """A button's callback runs before the page re-reads the user: an administrator demoted to 起案 while the 前例
    page was open deleted a document with the next click, and an approver removed meanwhile saved 決裁済."""
    from assistant.ingest import ingest
    from assistant.users import remove_user

    with Store(office) as store:
        ingest([SEEDS["000"]], store, user=command_line_user())
        document = store.documents()[0].id
    admin = signed_in("kanri")
    admin.switch_page("app_pages/corpus.py").run()
    admin.selectbox(key="delete_document").select(document).run()
    approver = signed_in("kessai")
    approver.text_input(key="consultation").input("雪対策")
    approver.text_area(key="comment").input("除雪の回数を増やしてほしい。")
    approver.text_area(key="draft_text").input("計画的に除雪します。").run()
    approver.selectbox(key="status").select("決裁済").run()
    with Store(office) as store:
        with store.transaction() as conn:  # roles changed in place (a session of the same account goes on)
            conn.execute("UPDATE users SET roles = '起案' WHERE username = 'kanri'")
        remove_user(store, "kessai", actor=command_line_user())
    admin.button(key="delete_document_confirm").click().run()
    assert not admin.exception
    assert admin.error[0].value == ("高橋管理 さん（役割: 起案）には文書の削除の権限がありません。"
                                    "役割「管理」を持つ人に依頼してください（役割は管理者が変更できます）。")
    approver.button(key="save").click().run()
    assert not approver.exception
    assert [t.value for t in approver.title] == ["ログイン"]  # removed: signed out
    with Store(office) as store:
        assert [doc.id for doc in store.documents()] == [document]
        assert list_drafts(store) == []
        assert audit.entries(store, action="document_delete") == []
