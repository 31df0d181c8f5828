"""前例: browse and filter the precedents; add a published document (preview first); add approved drafts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from app_pages.common import Keys, init_state, resources, show_message, uploaded_paths
from assistant.drafts import add_approved_to_corpus, consultation_names
from assistant.errors import AssistantError
from assistant.highlight import md_escape
from assistant.ingest import read_files, store_parsed
from assistant.readers import SUPPORTED_SUFFIXES, file_kind
from assistant.textnorm import format_period
from retrieval.report import calibration_summary, finetune_summary

init_state()
store, retriever = resources()
st.title("前例（取り込んだ公表資料）")
show_message()

documents = {doc.id: doc for doc in store.documents()}
stats = store.stats()
st.caption(f"文書 {stats.n_documents} 件　前例 {stats.n_precedents} 件　繰り返し使われた回答 {stats.n_recurring_templates} 件")
with st.expander("検索の校正（このコーパスに合わせた順位付けと「前例なし」判定）"):
    st.text(calibration_summary(retriever.calibration) + "\n" + finetune_summary(retriever.finetune_record()))

areas = sorted({doc.area or "（不明）" for doc in documents.values()})
years = sorted({int(doc.period_start[:4]) for doc in documents.values() if doc.period_start})
left, middle, right = st.columns(3)
chosen_areas = left.multiselect("事務名", areas, key="filter_area")
chosen_doc = middle.selectbox("文書", ["（すべて）"] + [d.title for d in documents.values()], key="filter_doc")
words = right.text_input("語句で絞り込む", key="filter_words")
year_range = st.slider("年（西暦）", years[0], years[-1], (years[0], years[-1]), key="filter_year") if len(years) > 1 else None


def visible(precedent) -> bool:
    doc = documents[precedent.document_id]
    if chosen_areas and (doc.area or "（不明）") not in chosen_areas:
        return False
    if chosen_doc != "（すべて）" and doc.title != chosen_doc:
        return False
    if year_range and doc.period_start and not year_range[0] <= int(doc.period_start[:4]) <= year_range[1]:
        return False
    return not words or all(w in precedent.comment + precedent.answer for w in words.split())


rows = [
    {"No.": p.no, "文書": documents[p.document_id].title, "期間": format_period(documents[p.document_id].period_start,
     documents[p.document_id].period_end), "ご意見": p.comment, "本市の考え方": p.answer, "ファイル": p.source_file,
     "頁": f"p.{p.page}" if p.page else "", "ID": p.id}
    for p in store.precedents() if visible(p)
]
st.dataframe(pd.DataFrame(rows, columns=["No.", "文書", "期間", "ご意見", "本市の考え方", "ファイル", "頁", "ID"]),
             hide_index=True, width="stretch")

st.divider()
st.subheader("公表資料を取り込む")
uploads = st.file_uploader(
    "結果公表の PDF・Word・Web ページ（保存した .html）・Excel・テキスト、会議録、または CSV（複数選べます）",
    type=sorted(suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES), accept_multiple_files=True, key="upload")
if uploads and st.button("内容を確認する", key="upload_preview"):
    bar = st.progress(0.0, text="読み込んでいます…")
    with uploaded_paths(uploads) as paths:
        outcomes = read_files(
            paths,
            progress=lambda done, total, path: bar.progress(done / total, text=f"{done} / {total} 件を読み込みました"),
            page_progress=lambda path, page, pages: bar.progress(
                page / pages, text=f"{Path(path).name}: {page} / {pages} ページ"),
        )
    bar.empty()
    st.session_state[Keys.PREVIEW] = outcomes

preview = st.session_state[Keys.PREVIEW]
if preview:
    for outcome in preview:
        if outcome.error:
            st.error(f"{outcome.path.name}: {outcome.error}")
    for outcome in preview:
        for document in outcome.documents:
            meta = document.meta
            declared = f"（記載の意見総数 {meta.declared_count} 件）" if meta.declared_count is not None else ""
            st.markdown(f"**{md_escape(meta.title)}**　{format_period(meta.period_start, meta.period_end)}　"
                        f"{len(document.items)} 項目{declared}　（{md_escape(outcome.path.name)}・{file_kind(outcome.path)}）")
            for warning in document.warnings:
                st.warning(warning)
            st.dataframe(pd.DataFrame([{"No.": i.no, "頁": f"p.{i.page}" if i.page else "", "見出し": i.topic or "",
                                        "ご意見": i.comment, "本市の考え方": i.answer} for i in document.items]),
                         hide_index=True, width="stretch")
    if any(outcome.documents for outcome in preview):
        st.caption("まだ保存していません。内容を確認してから取り込んでください。")

    def confirm() -> None:
        try:
            reports = store_parsed([doc for outcome in st.session_state[Keys.PREVIEW] for doc in outcome.documents], store)
            refreshed = retriever.refresh()
        except AssistantError as error:
            st.session_state[Keys.MESSAGE] = ("error", str(error))
            return
        st.session_state[Keys.PREVIEW] = None
        items = sum(report.n_items for report in reports)
        st.session_state[Keys.MESSAGE] = (
            "success", f"{len(reports)} 件の文書（{items} 項目）を取り込み、{refreshed.embedded_units} 件の文をベクトル化しました。")

    if any(outcome.documents for outcome in preview):
        st.button("この内容で取り込む", key="upload_confirm", type="primary", on_click=confirm)

st.divider()
st.subheader("決裁済の回答を前例に加える")
names = consultation_names(store)
if names:
    st.selectbox("意見募集", names, key="promote_consultation")

    def promote() -> None:
        try:
            report = add_approved_to_corpus(store, st.session_state["promote_consultation"])
            retriever.refresh()
        except AssistantError as error:
            st.session_state[Keys.MESSAGE] = ("error", str(error))
            return
        st.session_state[Keys.MESSAGE] = ("success", f"決裁済の回答 {report.n_items} 件を前例に加えました。")

    st.button("決裁済の回答を前例に加える", key="promote", on_click=promote)
else:
    st.caption("保存した回答案はまだありません。")
