"""アカウント: every signed-in user changes their own password; 管理 users also add users, change their roles,
reset a password and remove a user (the library checks the role and writes the audit log)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import Keys, account_store, acting_user, error_text, init_state, page_user, show_message
from assistant import users
from assistant.errors import AssistantError, PermissionDeniedError, UnknownUserError, UserError
from assistant.highlight import md_escape

init_state()
store = account_store()
user = page_user(store)
st.title("アカウント")
show_message()
if user is None:  # logins off: a single-user tool has no accounts
    st.info("ログインを使っていないため、アカウントはありません（設定 ZENREI_LOGINS=1 で使えます）。")
    st.stop()


def done(text: str) -> None:
    """Say what was done on the next run (which shows the users as they are now); names in ``text`` escaped."""
    st.session_state[Keys.MESSAGE] = ("success", text)
    st.rerun()


def refused(error: AssistantError, key: str) -> None:
    """Keep a form's refusal under ``key``, shown beside the form; a refusal for want of 管理 under the page's message,
    as the page that follows draws no management forms (the user was demoted since the page was drawn)."""
    if isinstance(error, PermissionDeniedError):
        st.session_state[Keys.MESSAGE] = ("error", error_text(error))
    else:
        st.session_state[key] = error_text(error)


def two_passwords(first: str, second: str) -> str:
    if first != second:
        raise UserError("確認のために2回入力したパスワードが違います。同じものを入力してください。")
    return first


st.subheader("パスワードの変更")
st.caption(f"{md_escape(user.display_name)}（ユーザー名 {md_escape(user.username)}、役割 {user.role_label}）のパスワードを変更します。"
           f"{users.MIN_PASSWORD_LENGTH} 文字以上にしてください。")
with st.form("own_password", clear_on_submit=True):
    old = st.text_input("今のパスワード", type="password", key="own_old")
    new = st.text_input("新しいパスワード", type="password", key="own_new")
    again = st.text_input("新しいパスワード（確認）", type="password", key="own_again")
    changing = st.form_submit_button("パスワードを変更する", key="own_change")
if changing:
    try:
        st.session_state[Keys.USER] = users.change_own_password(store, user, old, two_passwords(new, again))
    except AssistantError as error:
        st.error(error_text(error))
    else:
        done("パスワードを変更しました。次のログインから新しいパスワードを使ってください。")

if not users.allowed(user, "manage_users"):
    st.stop()

st.divider()
st.subheader("利用者の管理")
people = users.list_users(store)
st.dataframe(pd.DataFrame([(p.username, p.display_name, p.role_label) for p in people],
                          columns=["ユーザー名", "氏名", "役割"]), hide_index=True, width="content")
names = {f"{p.display_name}（{p.username}）": p for p in people}

ADD_FIELDS = ("add_username", "add_name", "add_roles", "add_password", "add_password_again")
ADD_ERROR = "add_user_error"


def add_clicked() -> None:
    """Add the user typed in the form. A refusal keeps what was typed, the passwords aside, to correct it (the form
    had been emptied on every submit, refused or not); an addition empties the form."""
    state = st.session_state
    try:
        added = users.add_user(store, state["add_username"].strip(), state["add_name"],
                               two_passwords(state["add_password"], state["add_password_again"]), state["add_roles"],
                               actor=acting_user(store))
    except AssistantError as error:
        refused(error, ADD_ERROR)
        state["add_password"] = state["add_password_again"] = ""
        return
    state[ADD_ERROR] = None
    for key in ADD_FIELDS:
        del state[key]
    state[Keys.MESSAGE] = ("success", f"{md_escape(added.display_name)}（{md_escape(added.username)}、{added.role_label}）を"
                                      "追加しました。最初のパスワードを本人に伝え、ログイン後にこのページで変更してもらってください。")


with st.expander("利用者を追加する", expanded=bool(st.session_state.get(ADD_ERROR))):
    with st.form("add_user"):
        st.text_input("ユーザー名（半角英数字と . _ @ -、職員番号など）", key="add_username")
        st.text_input("氏名（回答案の作成者と操作記録に出る名前）", key="add_name")
        st.multiselect("役割", users.ROLES, default=["起案"], key="add_roles")
        st.text_input("最初のパスワード", type="password", key="add_password")
        st.text_input("最初のパスワード（確認）", type="password", key="add_password_again")
        st.form_submit_button("追加する", key="add_user_submit", on_click=add_clicked)
    if st.session_state.get(ADD_ERROR):
        st.error(st.session_state[ADD_ERROR])
        st.session_state[ADD_ERROR] = None

ROLES_ERROR = "set_roles_error"


def roles_shown(username: str) -> str:
    """The key of the roles the form was drawn with (compared when it is submitted: another 管理 may change them)."""
    return f"roles_shown_{username}"


def roles_clicked(username: str) -> None:
    """Set the roles chosen, if they are still those the form was drawn with; when another 管理 changed them since,
    the form is drawn again with the roles as they are now, beside the library's message."""
    state = st.session_state
    try:
        changed = users.set_roles(store, username, state[f"roles_{username}"], actor=acting_user(store),
                                  expected=state[roles_shown(username)])
    except AssistantError as error:
        refused(error, ROLES_ERROR)
        now = users.get_user(store, username)
        if now is not None and list(now.roles) != state[roles_shown(username)]:
            state[f"roles_{username}"] = state[roles_shown(username)] = list(now.roles)
        return
    state[ROLES_ERROR] = None
    state[f"roles_{username}"] = state[roles_shown(username)] = list(changed.roles)  # the form now shows what is stored
    state[Keys.MESSAGE] = ("success", f"{md_escape(changed.display_name)} さんの役割を「{changed.role_label}」にしました（次の操作から有効です）。")


with st.expander("役割を変更する", expanded=bool(st.session_state.get(ROLES_ERROR))):
    chosen = st.selectbox("利用者", list(names), index=None, placeholder="選んでください", key="roles_user")
    if chosen:
        target = names[chosen]
        if f"roles_{target.username}" not in st.session_state:  # drawn afresh: with the roles as read now
            st.session_state[f"roles_{target.username}"] = st.session_state[roles_shown(target.username)] = list(target.roles)
        with st.form("set_roles"):
            st.multiselect("役割", users.ROLES, key=f"roles_{target.username}")
            st.form_submit_button("役割を変更する", key="roles_submit", on_click=roles_clicked, args=(target.username,))
    if st.session_state.get(ROLES_ERROR):
        st.error(st.session_state[ROLES_ERROR])
        st.session_state[ROLES_ERROR] = None

RESET_ERROR = "reset_password_error"


def reset_clicked(username: str, display_name: str) -> None:
    """Reset the password of the colleague the form was drawn for (a callback: run before the page, which no longer
    lists a colleague another 管理 removed meanwhile, so a submission read below the form was dropped unsaid)."""
    state = st.session_state
    first, second = state["reset_password"], state["reset_password_again"]
    state["reset_password"] = state["reset_password_again"] = ""
    try:
        unlocked = users.set_password(store, username, two_passwords(first, second), actor=acting_user(store))
    except UnknownUserError:
        state[RESET_ERROR] = (f"{md_escape(display_name)}（{md_escape(username)}）さんは、この画面を開いた後にほかの"
                              "管理者が削除しています。パスワードは再設定していません。")
        return
    except AssistantError as error:
        refused(error, RESET_ERROR)
        return
    state[RESET_ERROR] = None
    state[Keys.MESSAGE] = ("success", f"{md_escape(display_name)} さんのパスワードを再設定しました。"
                           + ("ログインの失敗が続いたためのロックも解除しました。" if unlocked else "") + "本人に伝えてください。")


with st.expander("パスワードを再設定する", expanded=bool(st.session_state.get(RESET_ERROR))):
    # Not one's own: that is changed above, with the present password (a session left open is no taken account).
    others = [label for label, person in names.items() if person.username != user.username]
    st.caption("自分のパスワードは、上の「パスワードの変更」で今のパスワードを入れて変更します。")
    chosen = st.selectbox("利用者", others, index=None, placeholder="選んでください", key="reset_user")
    if chosen:
        target = names[chosen]
        st.caption("再設定すると、その人のログイン中の画面は閉じられ、新しいパスワードでのログインが必要になります。")
        with st.form("reset_password_form"):
            st.text_input("新しいパスワード", type="password", key="reset_password")
            st.text_input("新しいパスワード（確認）", type="password", key="reset_password_again")
            st.form_submit_button("再設定する", key="reset_submit", on_click=reset_clicked,
                                  args=(target.username, target.display_name))
    if st.session_state.get(RESET_ERROR):
        st.error(st.session_state[RESET_ERROR])
        st.session_state[RESET_ERROR] = None

with st.expander("利用者を削除する"):
    chosen = st.selectbox("利用者", list(names), index=None, placeholder="選んでください", key="remove_user")
    if chosen:
        target = names[chosen]
        st.caption("削除しても、その人の回答案と操作記録は残ります。")
        # Keyed by the colleague: a tick given for one is not one for the next chosen.
        sure = st.checkbox(f"{md_escape(target.display_name)}（{md_escape(target.username)}）を削除します",
                           key=f"remove_sure_{target.username}")
        if st.button("削除する", key="remove_submit", disabled=not sure, type="primary"):
            try:
                users.remove_user(store, target.username, actor=user)
            except AssistantError as error:
                st.error(error_text(error))
            else:
                done(f"{md_escape(target.display_name)}（{md_escape(target.username)}）を削除しました。")
