"""app_pages.common.page_user and acting_user with a stand-in for streamlit: a session whose user is gone (removed,
or their password reset) forgets the pages it held, as 「ログアウト」 does."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app_pages import common
from app_pages.common import Keys
from assistant.users import add_user, command_line_user, remove_user, set_password, sign_in

PASSWORD = "kian-password-1"
PASTED = "北区の山田です。電話 090-1234-5678。除雪をお願いします。"


class Stopped(Exception):
    """What the stand-in's st.stop raises."""


@pytest.fixture
def page(store, monkeypatch):
    """Logins on, 起案 user kian signed in, and a 一括起案 page's state in a stand-in session."""
    monkeypatch.setenv("ZENREI_LOGINS", "1")
    admin = add_user(store, "kanri", "高橋管理", "kanri-password-1", ["管理"], actor=command_line_user())
    add_user(store, "kian", "山田太郎", PASSWORD, ["起案"], actor=admin)
    state = {Keys.USER: sign_in(store, "kian", PASSWORD), Keys.BATCH_TOKEN: "tok-1", "batch_text": PASTED,
             Keys.AUTHOR: "山田太郎"}

    def stop():
        raise Stopped

    monkeypatch.setattr(common, "st", SimpleNamespace(session_state=state, stop=stop))
    monkeypatch.setattr(common, "login_form", lambda store: None)
    return SimpleNamespace(state=state, admin=admin)


@pytest.mark.parametrize("end", ["removed", "reset"])
def test_a_session_whose_user_is_gone_forgets_the_page_state(store, page, end) -> None:
    """Only the user was set to None: the next one to sign in in that browser saw the pasted text (a phone number) and
    their first edit kept it under their name."""
    assert common.page_user(store).username == "kian"
    if end == "removed":
        remove_user(store, "kian", actor=page.admin)
    else:
        set_password(store, "kian", "kian-password-2", actor=page.admin)
    with pytest.raises(Stopped):
        common.page_user(store)
    assert page.state == {Keys.USER: None}


def test_a_callback_that_finds_the_user_gone_keeps_the_state_for_itself_and_the_page_after_forgets_it(store, page) -> None:
    remove_user(store, "kian", actor=page.admin)
    assert common.acting_user(store) is None
    assert page.state["batch_text"] == PASTED  # the callback still runs on it (it keeps nothing: no user)
    with pytest.raises(Stopped):
        common.page_user(store)
    assert page.state == {Keys.USER: None}


def test_the_sign_in_form_keeps_what_is_typed_while_nobody_is_signed_in(store, page) -> None:
    page.state.clear()
    page.state.update({Keys.USER: None, "login_name": "kian"})
    with pytest.raises(Stopped):
        common.page_user(store)
    assert page.state == {Keys.USER: None, "login_name": "kian"}
