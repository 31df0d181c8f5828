"""Shared page helpers: session keys, cached resources, sign-in, error display and suggestion cards."""

from __future__ import annotations

import faulthandler
import signal
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import streamlit as st

from assistant import settings, users
from assistant.drafts import STATUSES, comment_key, item_number
from assistant.errors import AssistantError, IngestError
from assistant.highlight import highlight, md_escape, md_message, shared_surfaces
from assistant.loading import RetrieverLoader

# Once per server process (this module is imported once; app.py runs again on every rerun):
# `kill -USR1 <pid>` writes every thread's stack to the server's output, for a server that seems stuck.
if hasattr(signal, "SIGUSR1"):
    faulthandler.register(signal.SIGUSR1, all_threads=True)


class Keys:
    """Session-state keys, in one place."""

    CONSULTATION = "consultation"
    ITEM_NO = "item_no"
    AUTHOR = "author"
    COMMENT = "comment"
    RESULT = "result"
    RESULT_FOR = "result_for"
    PICKS = "picks"
    DRAFT_TEXT = "draft_text"
    STATUS = "status"
    MASK = "mask"
    MASK_ANSWER = "mask_answer"
    DRAFT_ID = "draft_id"
    DRAFT_VERSION = "draft_version"
    CONFLICT = "conflict"
    MESSAGE = "message"
    BATCH_ROWS = "batch_rows"
    PREVIEW = "preview"
    USER = "user"
    MERGED = "merged_text"
    SAVE_MESSAGE = "save_message"
    WORK_TOKEN = "work_token"
    BATCH_TOKEN = "batch_token"  # the 一括起案 tab's token (?batch=…) its worksheet is kept under for a reload
    SAVED_TEXT = "draft_saved_text"  # the draft text as last saved or loaded: an unsaved edit differs from it
    SAVED_DRAFT = "draft_saved"  # the draft as last saved or loaded (its No., comment and status), None before a save


DEFAULTS = {
    Keys.CONSULTATION: "", Keys.ITEM_NO: "1", Keys.AUTHOR: "", Keys.COMMENT: "", Keys.RESULT: None,
    Keys.RESULT_FOR: "", Keys.PICKS: [], Keys.DRAFT_TEXT: "", Keys.STATUS: "下書き", Keys.MASK: True, Keys.MASK_ANSWER: False,
    Keys.DRAFT_ID: None, Keys.DRAFT_VERSION: 0, Keys.CONFLICT: None, Keys.MESSAGE: None,
    Keys.BATCH_ROWS: None, Keys.PREVIEW: None, Keys.USER: None, Keys.MERGED: "",
    Keys.SAVE_MESSAGE: None, Keys.WORK_TOKEN: None, Keys.BATCH_TOKEN: None,
}


# Widget values that must survive a visit to another page (Streamlit drops the state of widgets that
# are not drawn in a run unless it is assigned again). Buttons and uploaders cannot be assigned.
KEPT = ("batch_title", "batch_period", "batch_text", "batch_page", "filter_words", "drafts_consultation",
        "drafts_status", "drafts_author")
KEPT_PREFIXES = ("batch_answer_", "batch_choice_")


def init_state() -> None:
    """Give every key a value, and keep typed values alive when the user switches pages.

    Also puts Japanese texts on Streamlit's file uploader (see :func:`widget_style`).
    """
    st.html(widget_style())
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = list(value) if isinstance(value, list) else value
    for key in list(st.session_state.keys()):
        if key in DEFAULTS or key in KEPT or key.startswith(KEPT_PREFIXES):
            st.session_state[key] = st.session_state[key]


@st.cache_resource(show_spinner=False)
def _loader(db_path: str) -> RetrieverLoader:
    return RetrieverLoader(db_path)


def loader() -> RetrieverLoader:
    """The process's loader for the configured store."""
    return _loader(str(settings.get("db_path")))


def resources():
    """(store, retriever), loaded once per process (st.cache_resource); while it loads, progress is shown.

    Also makes the daily backup when the newest is more than a day old.
    """
    current = loader()
    if current.ready() is not None:
        _daily_backup(current.value[0])
        return current.value
    with st.status("前例と検索モデルを準備しています（初回は1分ほどかかります）…", expanded=True) as status:
        try:
            loaded = current.wait(progress=status_lines(status))  # one line for the embedding's progress
        except AssistantError as error:
            status.update(label="準備できませんでした", state="error")
            st.error(error_text(error))
            st.stop()
        status.update(label="準備ができました", state="complete", expanded=False)
    return loaded


def ready_retriever():
    """The retriever when it is loaded, else None; starts loading it in the background."""
    loaded = loader().ready()
    return loaded[1] if loaded is not None else None


def wait_retriever():
    """The retriever, waiting for the background load with a spinner.

    Raises:
        AssistantError: Loading failed (the page shows the message and goes on).
    """
    current = loader()
    if current.ready() is not None:
        return current.value[1]
    with st.spinner("前例の索引を読み込んでいます…（準備ができ次第、検索します）"):
        return current.wait()[1]


def _daily_backup(store) -> None:
    from assistant.backup import ensure_daily_backup

    try:
        ensure_daily_backup(store)
    except AssistantError as error:
        st.warning(f"毎日のバックアップができませんでした: {error_text(error)}")


def account_store():
    """The store, for signing in and for the first page; starts loading the model and the indexes behind it."""
    try:
        store = loader().open_store()
        loader().start()
    except AssistantError as error:
        st.error(error_text(error))
        st.stop()
    _daily_backup(store)  # once a day for a server that runs for days (every page passes here)
    return store


def login_form(store) -> None:
    """User name and password; on success the user is kept in the session and the app reruns."""
    st.title("ログイン")
    if not users.list_users(store):
        st.warning("利用者が登録されていません。サーバーで `python -m assistant users add ユーザー名 --name 氏名 "
                   "--role 管理` を実行して登録してください。")
        return
    with st.form("login_form"):
        username = st.text_input("ユーザー名", key="login_username")
        password = st.text_input("パスワード", type="password", key="login_password")
        submitted = st.form_submit_button("ログイン", key="login", type="primary")
    if submitted:
        try:
            user = users.sign_in(store, username, password)
        except AssistantError as error:
            st.error(error_text(error))
            return
        st.session_state[Keys.USER] = user
        st.session_state[Keys.AUTHOR] = user.display_name
        st.rerun()


def page_user(store):
    """The signed-in user, re-read from the store on every run (roles may change, users may be removed).

    None when logins are off. When logins are on and nobody is signed in, the sign-in form is shown
    and the page stops here.
    """
    if not users.logins_on():
        return None
    before = st.session_state.get(Keys.USER)
    user = users.current(store, before)
    if user is None:
        if before is not None or st.session_state.get(_USER_GONE):
            # The session ended by the user's removal or a password reset: the next one to sign in in this browser
            # must not see (nor keep under their own name) the pages of the one before, as after 「ログアウト」.
            forget_session()
        st.session_state[Keys.USER] = None
        login_form(store)
        st.stop()
    st.session_state[Keys.USER] = user
    return user


_USER_GONE = "session_user_gone"  # set by a callback that found the session's user gone: the page run after forgets all


def acting_user(store):
    """The user a button's callback acts as, re-read from the store now. Callbacks run before the page does,
    so the page's own ``user`` is the one of the run before: roles taken away since, or the user removed, still
    acted (a demoted 管理 deleted a document, a removed 決裁 approved a draft). None when logins are off, and
    when the session's user is gone (the library then refuses with 「ログインが必要です」, and the page that
    follows shows the sign-in form)."""
    if not users.logins_on():
        return None
    before = st.session_state.get(Keys.USER)
    user = users.current(store, before)
    if user is None and before is not None:
        st.session_state[_USER_GONE] = True  # the callback may still read the page's state: page_user forgets it
    st.session_state[Keys.USER] = user
    return user


def sign_out() -> None:
    """Record the sign-out (only of a session still signed in, see users.sign_out) and forget everything this session
    held."""
    user = st.session_state.get(Keys.USER)
    if user is not None:
        users.sign_out(account_store(), user)
    forget_session()


def forget_session() -> None:
    """Forget everything this session held (the pages' text, worksheets, tokens and the user)."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def author_name(user) -> str:
    """Who is acting, for messages and the audit log: the signed-in user, else the typed 担当者名."""
    return user.display_name if user else st.session_state.get(Keys.AUTHOR, "").strip()


@contextmanager
def uploaded_path(upload) -> Iterator[Path]:
    """The uploaded file as a path in a private temporary folder (only its base name is kept)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        yield path


@contextmanager
def uploaded_paths(uploads) -> Iterator[list[Path]]:
    """Several uploaded files as paths, each in its own private temporary folder (same names may repeat)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, upload in enumerate(uploads):
            path = Path(folder) / str(index) / Path(upload.name).name
            path.parent.mkdir()
            path.write_bytes(upload.getvalue())
            paths.append(path)
        yield paths


def error_text(error: AssistantError) -> str:
    """A library error for the page, Markdown escaped (it may quote what was typed: a name, a period, a user
    name); a file's error names the file as uploaded, not the server's copy."""
    if isinstance(error, IngestError):
        return md_message(f"{Path(error.path).name}: {error.reason}")
    return md_message(str(error))


@contextmanager
def shown_errors():
    """Turn library errors into a message; the page and everything typed stay as they were."""
    try:
        yield
    except AssistantError as error:
        st.error(error_text(error))


def pick_dicts(picks: Iterable) -> list[dict]:
    """Picks (:class:`assistant.drafts.Pick`) as the session keeps them."""
    return [asdict(pick) for pick in picks]


def mark_saved(draft=None) -> None:
    """Remember ``draft`` (an :class:`assistant.drafts.Draft`) as the 起案 page's draft as saved or loaded; None: nothing
    saved yet (the next comment)."""
    st.session_state[Keys.SAVED_TEXT] = draft.text if draft is not None else None
    st.session_state[Keys.SAVED_DRAFT] = draft


def unsaved_draft() -> bool:
    """Whether the 起案 page holds a draft not saved: a text typed, or changed since it was saved or opened, or, for a
    saved draft, its No., comment or status changed (「次のご意見へ」 and 「開く」 on 下書き dropped a checker's 確認済
    or a corrected No. without asking). A status the signed-in role cannot give, which the page itself set back, is
    no change of the user's; nor is the consultation's name, a field 一括起案 shares (its own move is asked on save)."""
    state = st.session_state
    if bool(state.get(Keys.DRAFT_TEXT, "").strip()) and state.get(Keys.DRAFT_TEXT) != state.get(Keys.SAVED_TEXT):
        return True
    saved = state.get(Keys.SAVED_DRAFT)
    if saved is None:
        return False
    status, comment = state.get(Keys.STATUS), state.get(Keys.COMMENT, "")
    return (item_number(state.get(Keys.ITEM_NO, "")) != item_number(saved.item_no)  # a No. stored as 「4.」 before is 4
            # an emptied comment is none to save: a save keeps the stored one (versions keep no comment)
            or (bool(comment_key(comment)) and comment_key(comment) != comment_key(saved.comment))
            or (status != saved.status and saved.status in users.statuses_for(state.get(Keys.USER), STATUSES)))


def status_lines(status):
    """``say`` for a status box: a message that goes on with the previous one's stage (the same text before 「…」: 「校正用の
    検索をしています… 40/191」 after 「… 20/191」) takes its line, any other starts a new line (a box of progress lines
    otherwise)."""
    shown = {"stage": None, "line": None}

    def say(message: str) -> None:
        stage = message.split("…", 1)[0] if "…" in message else None
        if stage is None or stage != shown["stage"]:
            shown["line"] = status.empty()
        shown["stage"] = stage
        shown["line"].write(message)

    return say


def show_message(key: str = Keys.MESSAGE, where=st) -> None:
    """Draw, once, the ``(kind, text)`` message an action left under ``key`` (the page's, under its title; a save
    button's, beside that button), in ``where`` (the page or a column)."""
    message = st.session_state.get(key)
    if message:
        kind, text = message
        getattr(where, kind)(text)
        st.session_state[key] = None


def card_label(suggestion) -> str:
    """「前例」 when the card's probability reaches the corpus's threshold, else 「参考」."""
    return "前例" if suggestion.is_precedent else "参考"


def why_matched(suggestion) -> str:
    """Why the card was suggested, in one line (escaped for Markdown)."""
    matched = suggestion.matched_source
    if matched is None:
        return ""
    side = "過去のご意見が近い" if suggestion.reason == "comment" else "回答の内容が近い"
    terms = "・".join(suggestion.shared_terms[:6])
    shared = f"　共通の語: {md_escape(terms)}" if terms else ""
    return f"一致した理由: {side}（{md_escape(matched.document)} No.{md_escape(matched.no)}）{shared}"


def source_line(source) -> str:
    """「文書　期間　No.　p.3」 as escaped HTML."""
    where = f"　{highlight(source.location, [])}" if source.location else ""
    return (f"<b>{highlight(source.document, [])}</b>　{highlight(source.period, [])}　"
            f"No.{highlight(source.no, [])}{where}")


def render_sources(suggestion, query: str, tokenizer) -> None:
    """The places the answer was used, the matched one first, with shared terms highlighted; beyond the
    ``sources_shown`` setting only a count."""
    ordered = sorted(suggestion.sources, key=lambda s: s.precedent_id != suggestion.matched_precedent_id)
    shown = max(int(settings.get("sources_shown")), 1)
    for source in ordered[:shown]:
        terms = shared_surfaces(tokenizer, query, source.comment)
        mark = "（一致）" if source.precedent_id == suggestion.matched_precedent_id else ""
        st.markdown(
            f"<div class='zenrei-source'>{source_line(source)}{mark}<br>"
            f"<span class='zenrei-comment'>過去のご意見: {highlight(source.comment, terms)}</span></div>",
            unsafe_allow_html=True,
        )
    if len(ordered) > shown:
        st.caption(f"ほか {len(ordered) - shown:,} 件の前例でも使われています（一致した前例と新しいものから {shown} 件を表示しています）。")


def diff_html(hunks) -> str:
    """Two versions of a text as escaped HTML: shared lines plain, the colleague's and the user's own
    differing lines marked (from :func:`assistant.drafts.diff_versions`)."""
    rows = []
    for hunk in hunks:
        if hunk.same:
            rows += [f"<div class='zenrei-same'>{highlight(line, []) or '&nbsp;'}</div>" for line in hunk.theirs]
            continue
        rows += [f"<div class='zenrei-theirs'>− 相手: {highlight(line, [])}</div>" for line in hunk.theirs]
        rows += [f"<div class='zenrei-mine'>＋ あなた: {highlight(line, [])}</div>" for line in hunk.mine]
    return "<div class='zenrei-diff'>" + "".join(rows) + "</div>"


STYLE = """
<style>
.zenrei-source {font-size: 0.9em; margin: 0.2em 0 0.6em 0;}
.zenrei-comment {color: #444;}
mark {background: #fff3a3; padding: 0 2px;}
.zenrei-diff {font-size: 0.95em; border: 1px solid #ddd; padding: 0.4em;}
.zenrei-theirs {background: #fde2e1;}
.zenrei-mine {background: #dff5e1;}
</style>
"""


CHOOSE = "選んでください"  # placeholder of every select box (Streamlit's own is English)


# --- tables --------------------------------------------------------------------------------------
PAGE_SIZE = 50  # rows per page of the 前例 and 下書き tables
TABLE_ROW_HEIGHT = 100  # above 4rem Streamlit wraps text cells: about four lines of comment and answer
TABLE_COLUMNS = {
    "ご意見": st.column_config.TextColumn("ご意見", width=360),
    "本市の考え方": st.column_config.TextColumn("本市の考え方", width=440),
    "回答案": st.column_config.TextColumn("回答案", width=440),
    "文書": st.column_config.TextColumn("文書", width=150),
    "意見募集": st.column_config.TextColumn("意見募集", width=150),
    "No.": st.column_config.TextColumn("No.", width=50),
    "期間": st.column_config.TextColumn("期間", width=120),
    "頁": st.column_config.TextColumn("頁", width=50),
    "ファイル": st.column_config.TextColumn("ファイル", width=120),
}

# --- Japanese texts on Streamlit's own widgets -----------------------------------------------------
def widget_style() -> str:
    """CSS that hides the file uploader's English texts (Streamlit has no locale setting) and shows
    Japanese ones in their place: the 「Upload」 button, 「300MB per file • …」 and the error of a file
    of the wrong type or size (the chip and its tooltip); so too a text field's 「Press Enter to apply」. Checked in Chromium by tests/test_browser.py;
    the selectors are Streamlit's data-testid attributes of version 1.67."""
    limit = st.get_option("server.maxUploadSize")
    return f"""<style>
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p
  {{font-size: 0;}}
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p::after
  {{content: "ファイルを選ぶ"; font-size: 0.875rem;}}
[data-testid="stFileUploaderDropzoneInstructions"] * {{font-size: 0 !important;}}
[data-testid="stFileUploaderDropzoneInstructions"]::after {{
  content: "ここにドラッグするか「ファイルを選ぶ」で選んでください（1ファイル{limit}MBまで）";
  font-size: 0.875rem; opacity: 0.6;}}
[data-testid="stFileChip"][aria-invalid="true"] [data-testid="stFileChipName"]::after {{
  content: "　取り込めないファイルです";}}
[data-testid="InputInstructions"] {{font-size: 0 !important;}}
[data-testid="InputInstructions"]::after {{content: "Enter で確定"; font-size: 0.75rem;}}
[data-testid="stTextArea"] [data-testid="InputInstructions"]::after {{content: "Ctrl+Enter で確定";}}
[data-testid="stTooltipErrorContent"] {{font-size: 0;}}
[data-testid="stTooltipErrorContent"]::after {{
  content: "このファイルは取り込めません（対応していない種類か、{limit}MB を超えています）"; font-size: 0.875rem;}}
</style>"""
