"""下書き: list, filter and reopen saved drafts; reuse ratios and the most picked precedents."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import Keys, init_state, page_user, resources, show_message
from assistant.highlight import md_escape
from assistant.drafts import STATUSES, consultation_names, get_draft, list_drafts, pick_stats

init_state()
store, retriever = resources()
user = page_user(store)
st.title("下書き（保存した回答案）")
show_message()

left, middle, right = st.columns(3)
consultation = left.selectbox("意見募集", ["（すべて）"] + consultation_names(store), key="drafts_consultation")
status = middle.selectbox("状態", ["（すべて）", *STATUSES], key="drafts_status")
author = right.text_input("担当者", key="drafts_author")
drafts = list_drafts(
    store,
    consultation=None if consultation == "（すべて）" else consultation,
    status=None if status == "（すべて）" else status,
    author=author.strip() or None,
)


def reopen(draft_id: int) -> None:
    """Load a saved draft into the 起案 page's fields."""
    draft = get_draft(store, draft_id)
    state = st.session_state
    state[Keys.CONSULTATION], state[Keys.ITEM_NO], state[Keys.COMMENT] = draft.consultation, draft.item_no, draft.comment
    state[Keys.DRAFT_TEXT], state[Keys.STATUS] = draft.text, draft.status
    state[Keys.AUTHOR] = user.display_name if user else state[Keys.AUTHOR] or draft.author
    state[Keys.PICKS] = [{"precedent_id": p.precedent_id, "paragraph_id": p.paragraph_id, "text": p.text} for p in draft.picks]
    state[Keys.DRAFT_ID], state[Keys.DRAFT_VERSION] = draft.id, draft.version
    state[Keys.RESULT], state[Keys.CONFLICT] = None, None
    state["reopened"] = True


if not drafts:
    st.info("条件に合う回答案はありません。")
for draft in drafts:
    with st.container(border=True):
        head, button = st.columns([5, 1])
        head.markdown(f"**{md_escape(draft.consultation)}　No.{md_escape(draft.item_no)}**　{draft.status}　{md_escape(draft.author)}"
                      f"　更新 {draft.updated_at[:16].replace('T', ' ')}　前例からの再利用率 {draft.reuse_ratio:.0%}")
        button.button("開く", key=f"open_{draft.id}", on_click=reopen, args=(draft.id,))
        st.caption(md_escape(draft.comment[:120]))
        st.text(draft.text[:300])

if st.session_state.pop("reopened", False):
    st.switch_page("app_pages/draft.py")

st.divider()
st.subheader("よく選ばれている前例")
stats = pick_stats(store)
if stats:
    precedents = {p.id: p for p in retriever.current().view.precedents}
    st.dataframe(pd.DataFrame([
        {"前例": s.precedent_id, "選ばれた段落": s.picked, "回答案": s.drafts,
         "回答（冒頭）": precedents[s.precedent_id].answer[:60] if s.precedent_id in precedents else "（削除済み）"}
        for s in stats
    ]), hide_index=True, width="stretch")
else:
    st.caption("まだ前例から選ばれた段落はありません。")
