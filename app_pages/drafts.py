"""下書き: list, filter and reopen saved drafts; reuse ratios and the most picked precedents."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import (
    CHOOSE, PAGE_SIZE, TABLE_COLUMNS, TABLE_ROW_HEIGHT, Keys, acting_user, author_name, init_state, page_user, resources,
    error_text, mark_saved, pick_dicts, show_message, unsaved_draft,
)
from assistant.highlight import md_escape
from assistant.drafts import (NOS_TO_CHECK_NOTE, STATUSES, NoToCheck, added_to_corpus, consultation_names, delete_draft,
                              draft_versions, get_draft, history_note, list_drafts, mark_numbers_checked, may_delete,
                              numbers_to_check, reached_status, pick_stats, shown_time)
from assistant.errors import AssistantError
from assistant.naming import short_title
from assistant.store import page_label
from assistant.users import allowed

init_state()
store, retriever = resources()
user = page_user(store)
if st.session_state.pop("reopened", False):  # 「開く」 was pressed: to 起案, with its message (if any) unread
    st.switch_page("app_pages/draft.py")
st.title("下書き（保存した回答案）")
show_message()


def numbers_checked(shown: list[NoToCheck]) -> None:
    """Take the Nos. shown off the list of those a schema update asked to check."""
    user = acting_user(store)
    typed = st.session_state.get("nos_checked_name", "").strip()  # without logins: who checked, asked below
    try:
        taken = mark_numbers_checked(store, shown, user=user, anonymous=typed or author_name(user))
    except AssistantError as error:
        st.session_state[Keys.MESSAGE] = ("error", error_text(error))
        return
    st.session_state[Keys.MESSAGE] = ("success", f"確かめた No. {taken} 件を一覧から外しました。")


if to_check := numbers_to_check(store):  # kept apart or named by a schema update: staff correct them here
    with st.container(border=True):
        st.warning(f"**確かめてほしい No. が {len(to_check)} 件あります。** {NOS_TO_CHECK_NOTE}\n\n"
                   + "\n".join(f"- {md_escape(entry.line)}" for entry in to_check))
        if allowed(user, "draft_save"):  # 管理 alone: refused, so not offered
            named = True
            if user is None:  # the audit log names who checked: the 担当者名 typed on 起案, or typed here
                if "nos_checked_name" not in st.session_state:
                    st.session_state["nos_checked_name"] = st.session_state.get(Keys.AUTHOR, "")
                named = bool(st.text_input("確かめた人の名前（監査ログに残ります）", key="nos_checked_name").strip())
            st.button("確かめました（この一覧を消す）", key="nos_checked", on_click=numbers_checked, args=(to_check,),
                      disabled=not named)


def first_page() -> None:
    st.session_state["drafts_offset"] = 0


if "drafts_offset" not in st.session_state:
    st.session_state["drafts_offset"] = 0
left, middle, right = st.columns(3)
names = ["（すべて）"] + consultation_names(store)
if st.session_state.get("drafts_consultation", "（すべて）") not in names:
    # A kept consultation that has no drafts any more: the list falls back to every draft, from its first page.
    del st.session_state["drafts_consultation"]
    first_page()
consultation = left.selectbox("意見募集", names, key="drafts_consultation",
                              placeholder=CHOOSE, on_change=first_page)
status = middle.selectbox("状態", ["（すべて）", *STATUSES], key="drafts_status", on_change=first_page,
                       placeholder=CHOOSE)
author = right.text_input("担当者", key="drafts_author", on_change=first_page)
drafts = list_drafts(
    store,
    consultation=None if consultation == "（すべて）" else consultation,
    status=None if status == "（すべて）" else status,
    author=author.strip() or None,
)
offset = min(st.session_state["drafts_offset"], max(0, (len(drafts) - 1) // PAGE_SIZE * PAGE_SIZE))
shown = drafts[offset:offset + PAGE_SIZE]


OPEN_PENDING = "drafts_open_pending"


def reopen(draft_id: int, discard: bool = False, version: int | None = None) -> None:
    """Load a saved draft into the 起案 page's fields (with ``version``, that earlier version's text in the editor,
    not saved: saving it makes it the newest version); with an unsaved draft there, ask first (it would be
    lost, and with it the work kept for a reload)."""
    state = st.session_state
    if not discard and unsaved_draft():
        state[OPEN_PENDING] = (draft_id, version)
        return
    state[OPEN_PENDING] = None
    draft = get_draft(store, draft_id)
    if draft is None:  # a colleague deleted it after this list was shown
        state[Keys.MESSAGE] = ("warning", "この回答案は削除されています。一覧を確かめてください。")
        return
    state[Keys.CONSULTATION], state[Keys.ITEM_NO], state[Keys.COMMENT] = draft.consultation, draft.item_no, draft.comment
    state[Keys.DRAFT_TEXT], state[Keys.STATUS] = draft.text, draft.status
    mark_saved(draft)  # loaded as saved: 「次のご意見へ」 has nothing unsaved to warn about
    state[Keys.AUTHOR] = user.display_name if user else state[Keys.AUTHOR] or draft.author
    state[Keys.PICKS] = pick_dicts(draft.picks)
    state[Keys.DRAFT_ID], state[Keys.DRAFT_VERSION] = draft.id, draft.version
    state[Keys.RESULT], state[Keys.CONFLICT] = None, None
    earlier = next((v for v in draft_versions(store, draft_id) if v.version == version), None) if version else None
    if earlier is not None and earlier.version != draft.version:
        state[Keys.DRAFT_TEXT] = earlier.text
        # The newest version's 確認済 or 決裁済 is for its own text: saved with it, an older text became 決裁済 unchecked.
        state[Keys.STATUS] = STATUSES[0]
        state[Keys.MESSAGE] = ("info", f"版 {earlier.version}（{shown_time(earlier.updated_at)}、{md_escape(earlier.author)} さん）の"
                               f"回答案を読み込みました。保存するまで、保存されている回答案は版 {draft.version} のままです。" + (
                                   f"版 {draft.version} の「{draft.status}」はその文へのものなので、状態は「{STATUSES[0]}」に"
                                   "しています。" if draft.status != STATUSES[0] else ""))
    state["reopened"] = True


def ask_delete(draft_id: int | None) -> None:
    st.session_state["drafts_delete"] = draft_id


def delete(draft_id: int, version: int) -> None:
    """Delete a draft once the user has confirmed, as it was shown (the deletion is audited; an approved one only
    by 決裁; one a colleague saved since is kept)."""
    user = acting_user(store)
    draft = get_draft(store, draft_id)
    st.session_state["drafts_delete"] = None
    if draft is None:
        return
    typed = st.session_state.get(f"delete_name_{draft_id}", "").strip()  # without logins: who deletes, asked below
    try:
        delete_draft(store, draft_id, user=user, anonymous=typed or author_name(user), version=version)
    except AssistantError as error:
        st.session_state[Keys.MESSAGE] = ("error", error_text(error))
        return
    st.session_state[Keys.MESSAGE] = ("success", f"「{md_escape(draft.consultation)}」No.{md_escape(draft.item_no)} の回答案を削除しました。")


def turn(step: int) -> None:
    st.session_state["drafts_offset"] = max(0, offset + step * PAGE_SIZE)


if not drafts:
    st.info("条件に合う回答案はありません。")
for draft in shown:
    with st.container(border=True):
        comment_col, text_col, side_col = st.columns([4, 5, 2])
        comment_col.markdown(f"**ご意見**　{md_escape(draft.comment) or '（未入力）'}")
        text_col.markdown(f"**回答案**　{md_escape(draft.text)}")
        side_col.button("開く", key=f"open_{draft.id}", on_click=reopen, args=(draft.id,), type="primary")
        # 起案 on a draft once checked or approved, 管理 alone: refused (the history is read only when the status now allows)
        if may_delete(user, draft) and may_delete(user, draft, reached_status(store, draft)):
            side_col.button("削除", key=f"delete_{draft.id}", on_click=ask_delete, args=(draft.id,))
        pending = st.session_state.get(OPEN_PENDING)
        if pending and pending[0] == draft.id:
            where = f"「{st.session_state[Keys.CONSULTATION].strip()}」No.{st.session_state[Keys.ITEM_NO].strip()}"
            st.warning(f"起案に、保存していない回答案があります（{md_escape(where)}）。この回答案を開くと、それは消えます。"
                       "残すときは「戻る」を押し、起案のページで「保存する」を押してください。")
            discard_col, back_col = st.columns(2)
            discard_col.button("保存せずに開く", key=f"open_discard_{draft.id}", on_click=reopen, args=(draft.id, True, pending[1]))
            back_col.button("戻る", key=f"open_back_{draft.id}", on_click=lambda: st.session_state.update({OPEN_PENDING: None}))
        if st.session_state.get("drafts_delete") == draft.id:
            document_id = added_to_corpus(store, draft)
            st.warning(f"「{md_escape(draft.consultation)}」No.{md_escape(draft.item_no)} の回答案を削除します。"
                       "保存したすべての版も消え、元に戻せません（監査ログには残ります）。"
                       + ("" if document_id is None else
                          "この回答は前例にも加えてあり、回答案を削除しても前例には残ります。前例から外すには、削除した後に"
                          "前例のページの「決裁済の回答を前例に加える」でこの意見募集をもう一度加えてください（決裁済の回答が"
                          f"一つも残らないときは、管理者が前例のページの「文書を削除する」で文書ID {document_id} を削除します）。"))
            named = True
            if user is None:  # the audit log names who deleted it: the 担当者名 typed on 起案, or typed here
                if f"delete_name_{draft.id}" not in st.session_state:
                    st.session_state[f"delete_name_{draft.id}"] = st.session_state.get(Keys.AUTHOR, "")
                named = bool(st.text_input("削除する人の名前（監査ログに残ります）", key=f"delete_name_{draft.id}").strip())
            yes, no = st.columns(2)
            yes.button("削除する", key=f"delete_yes_{draft.id}", on_click=delete, args=(draft.id, draft.version),
                       type="primary", disabled=not named)
            no.button("やめる", key=f"delete_no_{draft.id}", on_click=ask_delete, args=(None,))
        side_col.caption(f"{md_escape(short_title(draft.consultation, 24))}　No.{md_escape(draft.item_no)}　"
                         f"{draft.status}　{md_escape(draft.author)}　更新 {shown_time(draft.updated_at)}　"
                         f"前例からの再利用率 {draft.reuse_ratio:.0%}")
        if draft.version > 1:  # every save is kept (a colleague's version overwritten too): read and reopen any
            versions = draft_versions(store, draft.id)  # a restore leaves out those saved after its backup
            with st.expander(f"版の履歴（{len(versions)} 版）"):
                if note := history_note(versions):
                    st.caption(note)
                for earlier in reversed(versions):
                    head, body, action = st.columns([3, 6, 2])
                    head.caption(f"版 {earlier.version}　{shown_time(earlier.updated_at)}　{md_escape(earlier.author)}　"
                                 f"{earlier.status}" + ("（今の版）" if earlier.version == draft.version else ""))
                    body.markdown(md_escape(earlier.text))
                    if earlier.version != draft.version:
                        action.button("この版を起案で開く", key=f"open_version_{draft.id}_{earlier.version}", on_click=reopen,
                                      args=(draft.id, False, earlier.version))
if drafts:
    count_col, prev_col, next_col = st.columns([4, 1, 1])
    count_col.caption(f"{page_label(offset, len(shown), len(drafts))}（{PAGE_SIZE} 件ずつ表示）")
    prev_col.button(f"前の {PAGE_SIZE} 件", key="drafts_prev", on_click=turn, args=(-1,), disabled=offset == 0)
    next_col.button(f"次の {PAGE_SIZE} 件", key="drafts_next", on_click=turn, args=(1,),
                    disabled=offset + len(shown) >= len(drafts))

st.divider()
st.subheader("よく選ばれている前例")
stats = pick_stats(store)
if stats:
    documents = {doc.id: doc for doc in store.documents()}
    rows = []
    for stat in stats:
        precedent = store.precedent(stat.precedent_id)
        document = documents.get(precedent.document_id) if precedent else None
        rows.append({
            "ご意見": precedent.comment if precedent else "（削除された前例）",
            "本市の考え方": precedent.answer if precedent else "",
            "文書": short_title(document.title) if document else "（削除された文書）",
            "No.": precedent.no if precedent else "",
            "選ばれた段落": stat.picked, "回答案": stat.drafts,
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", row_height=TABLE_ROW_HEIGHT,
                 column_config={**TABLE_COLUMNS, "回答案": st.column_config.NumberColumn("回答案の数", width=90),
                                "選ばれた段落": st.column_config.NumberColumn("選ばれた段落", width=100)})
else:
    st.caption("まだ前例から選ばれた段落はありません。")
