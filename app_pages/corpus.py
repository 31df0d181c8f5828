"""前例: browse and filter the precedents; add a published document (preview first); add approved drafts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from app_pages.common import (
    CHOOSE, PAGE_SIZE, TABLE_COLUMNS, TABLE_ROW_HEIGHT, Keys, acting_user, account_store, init_state, page_user, ready_retriever,
    error_text, show_message, status_lines, uploaded_paths, wait_retriever,
)
from assistant.drafts import add_approved_to_corpus, approved_document, consultation_names
from assistant.errors import AssistantError, IngestBusyError
from assistant.naming import document_choice_label, short_title, source_label
from assistant.highlight import md_escape, md_message
from assistant.ingest import (as_uploaded, better_reading_note, copy_name, copy_reason, delete_document, other_period_note,
                              part_note, plan_documents, read_files, retitled_note, store_parsed,
                              stored_changes, stored_totals, superseded_note, unlike_note,
                              unlike_replaced_note)
from assistant.readers import NOT_DOCUMENT_SUFFIXES, RESAVE_SUFFIXES, SUPPORTED_SUFFIXES, file_kind
from assistant.textnorm import format_period
from assistant import settings
from assistant.users import allowed
from retrieval.report import calibration_summary, finetune_summary
from retrieval.retriever import saved_state

init_state()
# Browsable while the model and the indexes load in the background: only adding documents waits for them.
store = account_store()
user = page_user(store)
st.title("前例（取り込んだ公表資料）")
show_message()

documents = {doc.id: doc for doc in store.documents()}
stats = store.stats()
st.caption(f"文書 {stats.n_documents} 件　前例 {stats.n_precedents} 件　繰り返し使われた回答 {stats.n_recurring_templates} 件")
with st.expander("検索の校正（このコーパスに合わせた順位付けと「前例なし」判定）"):
    retriever = ready_retriever()
    if retriever is not None:
        st.text(calibration_summary(retriever.calibration) + "\n" + finetune_summary(retriever.finetune_record()))
    else:  # still loading: the saved calibration, read from disk
        calibration, record = saved_state(settings.index_dir())
        st.text(calibration_summary(calibration) + "\n" + finetune_summary(record))

areas = sorted({doc.area or "（不明）" for doc in documents.values()})
years = sorted({int(doc.period_start[:4]) for doc in documents.values() if doc.period_start})


def first_page() -> None:
    """A changed filter starts again at the first page."""
    st.session_state["corpus_offset"] = 0


if "corpus_offset" not in st.session_state:
    st.session_state["corpus_offset"] = 0
left, middle, right = st.columns(3)
chosen_areas = left.multiselect("事務名", areas, key="filter_area", placeholder="すべての事務（選ぶと絞り込みます）",
                                on_change=first_page)
chosen_doc = middle.selectbox("文書", ["（すべて）"] + sorted({d.title for d in documents.values()}), key="filter_doc",
                              placeholder=CHOOSE, on_change=first_page)
words = right.text_input("語句で絞り込む", key="filter_words", placeholder="空白で区切るとすべてを含むもの",
                         on_change=first_page)
year_range = (st.slider("年（西暦）", years[0], years[-1], (years[0], years[-1]), key="filter_year", on_change=first_page)
              if len(years) > 1 else None)

page = store.precedent_page(areas=tuple(chosen_areas), document_title=None if chosen_doc == "（すべて）" else chosen_doc,
                            years=tuple(year_range) if year_range else None, words=tuple(words.split()),
                            limit=PAGE_SIZE, offset=st.session_state["corpus_offset"])
if page.total and not page.precedents:  # the list shrank under the current page (another user's change)
    st.session_state["corpus_offset"] = 0
    st.rerun()


def turn(step: int) -> None:
    st.session_state["corpus_offset"] = max(0, st.session_state["corpus_offset"] + step * PAGE_SIZE)


rows = [
    {"ご意見": p.comment, "本市の考え方": p.answer, "文書": short_title(documents[p.document_id].title), "No.": p.no,
     "期間": format_period(documents[p.document_id].period_start, documents[p.document_id].period_end),
     "頁": f"p.{p.page}" if p.page else "", "ファイル": p.source_file}
    for p in page.precedents
]
st.dataframe(pd.DataFrame(rows, columns=["ご意見", "本市の考え方", "文書", "No.", "期間", "頁", "ファイル"]),
             hide_index=True, width="stretch", row_height=TABLE_ROW_HEIGHT, column_config=TABLE_COLUMNS)
count_col, prev_col, next_col = st.columns([4, 1, 1])
count_col.caption(f"{page.label}（{PAGE_SIZE} 件ずつ表示）")
prev_col.button(f"前の {PAGE_SIZE} 件", key="corpus_prev", on_click=turn, args=(-1,), disabled=page.offset == 0)
next_col.button(f"次の {PAGE_SIZE} 件", key="corpus_next", on_click=turn, args=(1,),
                disabled=page.offset + len(page.precedents) >= page.total)


def refresh_with_progress(status):
    """Bring the search index up to date after a change, showing where it is inside ``status``."""
    retriever = wait_retriever()
    bar = status.progress(0.0, text="検索の索引を更新しています…")
    return retriever.refresh(
        progress=lambda done, total: bar.progress(done / total if total else 1.0,
                                                  text=f"前例をベクトル化しています… {done:,} / {total:,}"),
        say=status_lines(status))


def show_plan(plan, source: str = "") -> None:
    """Add or replace: a replacement names the stored document and its items before and after (and its new title, when
    it corrects the stored one's, or what else of it changes: 「担当課：環境局 → 建設局」); a copy, an older version or a
    part of another file's document names that file, and the table exported from approved answers added to the corpus
    names them."""
    if plan.superseded_by:  # an older version of another file's document in the upload
        st.info(md_escape(superseded_note(plan, source, done=False)))
    elif plan.part_of:  # a part of another file's document in the upload (part 1 beside the whole result)
        st.info(md_escape(part_note(plan, source, done=False)))
    elif plan.copy_of.startswith("drafts:"):  # the table exported from approved answers added to the corpus
        st.info(f"同じ回答を{md_escape(copy_name(plan.copy_of, source))}として前例に加えてあるため、"
                f"このファイルからは取り込みません（{copy_reason(source, plan.copy_of)}）。")
    elif plan.copy_stored:
        st.info(f"同じ文書を {md_escape(Path(plan.copy_of).name)}（{file_kind(plan.copy_of)}）から取り込み済みのため、"
                f"このファイルからは取り込みません（{copy_reason(source, plan.copy_of)}）。")
    elif plan.copy_of:
        st.info(f"同じ文書を {md_escape(Path(plan.copy_of).name)}（{file_kind(plan.copy_of)}）から取り込むため、"
                f"このファイルからは取り込みません（{copy_reason(source, plan.copy_of)}）。")
    elif plan.replaces_batch_file:
        st.warning(f"同じ回に取り込む {md_escape(Path(plan.replaces_batch_file).name)} の文書と件名・期間が同じため、"
                   f"それを{plan.describe(md_escape)}します。別の意見募集の結果なら、どちらかの件名か期間が違う形で公表されていないか"
                   "確かめてください。")
    elif plan.replaces is not None:
        where = (format_period(plan.replaces.period_start, plan.replaces.period_end), source_label(plan.replaces.source))
        retitled = f"件名は「{md_escape(plan.new_title)}」に変わります。" if plan.new_title else ""
        if plan.action == "変更なし":  # the same items, title and metadata: nothing written (as the CLI's 「変更なし」)
            st.info(f"既にある「{md_escape(plan.replaces.title)}」（{md_escape('、'.join(part for part in where if part))}）と"
                    f"項目も件名も同じです（変更なし）。取り込んでも前例は変わりません。")
        else:
            st.warning(f"既にある「{md_escape(plan.replaces.title)}」（{md_escape('、'.join(part for part in where if part))}）を"
                       f"{plan.describe(md_escape)}します。{retitled}"
                       + (md_escape(better_reading_note(plan, source)) if plan.better_reading else ""))
    elif plan.same_title:
        st.info(f"同じ件名の文書が既に {len(plan.same_title)} 件あります（文書ID: {'、'.join(plan.same_title[:3])}）。"
                f"期間の記載で見分けられず、ファイルも違うため、別の文書として追加します（{plan.describe()}）。"
                "同じ結果の古い版なら、取り込んだ後にこのページの「文書を削除する」で古いほうを削除できます。")
    else:
        st.caption(plan.describe())
    if plan.unlike_replaced:
        st.warning(md_escape(unlike_replaced_note(plan, done=False)))
    if plan.unlike:
        st.info(md_escape(unlike_note(plan, "取り込んだ後にこのページの「文書を削除する」で", done=False)))
    if plan.retitled:
        st.info(md_escape(retitled_note(plan, "取り込んだ後にこのページの「文書を削除する」で", done=False)))
    if plan.other_period:
        st.info(md_escape(other_period_note(plan, "取り込んだ後にこのページの「文書を削除する」で", done=False)))
    if plan.procedure_titled:
        st.info(f"同じ期間に、件名が「パブリックコメント手続の実施結果について」のような文書があります（文書ID: "
                f"{'、'.join(plan.procedure_titled[:3])}）。以前の版が案件名を読まずに取り込んだ同じ結果なら、取り込んだ後に"
                "このページの「文書を削除する」で古いほうを削除してください（別の意見募集なら、そのままで構いません）。")


def chosen_files(uploads) -> list[tuple[str, int, str]]:
    """The files in the uploader, as told apart between runs (a file removed or added changes this)."""
    return [(upload.name, upload.size, getattr(upload, "file_id", "")) for upload in uploads or []]


CHANGED_FILES = "選んだファイルが変わったため、確認した内容を取り消しました。もう一度「内容を確認する」を押してください。"


st.divider()
st.subheader("公表資料を取り込む")
if not allowed(user, "ingest"):
    st.caption("公表資料の取り込みは、役割「管理」を持つ人が行います。")
    uploads = None
else:
    uploads = st.file_uploader(
        "結果公表の PDF・Word・Web ページ（保存した .html・.mhtml）・Excel・テキスト、会議録、または CSV（複数選べます）",
        type=sorted(suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES | RESAVE_SUFFIXES | NOT_DOCUMENT_SUFFIXES),
        accept_multiple_files=True, key="upload")
if st.session_state[Keys.PREVIEW] and chosen_files(uploads) != st.session_state.get("upload_previewed_files"):
    st.session_state[Keys.PREVIEW] = None  # never ingest a file removed from the uploader after the preview
    st.session_state["upload_replace_ok"] = False
    st.info(CHANGED_FILES)
if uploads and st.button("内容を確認する", key="upload_preview"):
    bar = st.progress(0.0, text="読み込んでいます…")
    with uploaded_paths(uploads) as paths:
        outcomes = as_uploaded(read_files(
            paths,
            progress=lambda done, total, path: bar.progress(done / total, text=f"{done} / {total} 件を読み込みました"),
            page_progress=lambda path, page, pages: bar.progress(
                page / pages, text=f"{Path(path).name}: {page} / {pages} ページ"),
        ))
    bar.empty()
    st.session_state[Keys.PREVIEW] = outcomes
    st.session_state["upload_previewed_files"] = chosen_files(uploads)
    st.session_state["upload_replace_ok"] = False  # every preview asks again

preview = st.session_state[Keys.PREVIEW] if allowed(user, "ingest") else None
if preview:
    for outcome in preview:
        if outcome.error:
            st.error(md_message(f"{outcome.path.name}: {outcome.error}"))
    parsed = [document for outcome in preview for document in outcome.documents]
    planned = plan_documents(parsed, store)
    plans = iter(planned)
    for outcome in preview:
        for document in outcome.documents:
            meta = document.meta
            declared = f"（記載の意見総数 {meta.declared_count} 件）" if meta.declared_count is not None else ""
            st.markdown(f"**{md_escape(meta.title)}**　{format_period(meta.period_start, meta.period_end)}　"
                        f"{len(document.items)} 項目{declared}　（{md_escape(outcome.path.name)}・{document.file_kind or file_kind(outcome.path)}）")
            show_plan(next(plans), document.source)
            for warning in document.warnings:
                st.warning(md_escape(warning))  # it may quote the file: a note row, a comment
            st.dataframe(pd.DataFrame([{"No.": i.no, "頁": f"p.{i.page}" if i.page else "", "見出し": i.topic or "",
                                        "ご意見": i.comment, "本市の考え方": i.answer} for i in document.items]),
                         hide_index=True, width="stretch")
    replacing = sum(plan.needs_confirmation for plan in planned)
    storing = any(not plan.copy_of and not plan.superseded_by and not plan.part_of for plan in planned)
    if storing:
        st.caption("まだ保存していません。内容を確認してから取り込んでください（取り込む前に自動でバックアップします）。")
    elif parsed:
        st.caption("取り込むものはありません（どの文書も、取り込み済みか、ほかのファイルと同じか、その一部です）。")
    if replacing:
        st.checkbox(f"上の {replacing} 件の置き換えを確認しました（置き換える前の内容はバックアップに残ります）",
                    key="upload_replace_ok")

    def confirm() -> None:
        user = acting_user(store)
        if chosen_files(st.session_state.get("upload")) != st.session_state.get("upload_previewed_files"):
            st.session_state[Keys.PREVIEW] = None
            st.session_state[Keys.MESSAGE] = ("info", CHANGED_FILES)
            return
        documents = [doc for outcome in st.session_state[Keys.PREVIEW] for doc in outcome.documents]
        # The files the preview could not read: named after confirming too (the preview, their errors with it, is gone then).
        failed = [outcome for outcome in st.session_state[Keys.PREVIEW] if outcome.error]
        not_read = (f"\n\n読めなかったファイル {len(failed)} 件は取り込んでいません（失敗: {len(failed)} 件のファイル）。"
                    "直してから、そのファイルだけをもう一度取り込んでください。\n\n"
                    + "\n\n".join(md_message(f"{outcome.path.name}: {outcome.error}") for outcome in failed)) if failed else ""
        with st.status("取り込んでいます…", expanded=True) as status:
            try:
                reports = store_parsed(documents, store, user=user, replace=st.session_state.get("upload_replace_ok", False))
            except IngestBusyError as error:  # stopped partway: the message names what was stored; the preview stays
                status.update(label="途中までしか取り込めませんでした", state="error")
                st.session_state[Keys.MESSAGE] = ("error", error_text(error))
                return
            except AssistantError as error:
                status.update(label="取り込めませんでした", state="error")
                st.session_state[Keys.MESSAGE] = ("error", error_text(error))
                return
            written = [report for report in reports if report.ok]
            waiting = [report for report in reports if report.needs_confirmation]
            if waiting:  # another user's ingest made one of them a replacement after the preview
                status.update(label="確認が必要です", state="error")
                done = f"{stored_totals(written)[0]} 件の文書は取り込みました。次の文書は" if written else "何も取り込んでいません。次の文書は"
                st.session_state[Keys.MESSAGE] = ("warning", done + "置き換えの確認が必要です。\n\n"
                                                  + "\n\n".join(md_message(report.error) for report in waiting))
                return
            st.session_state[Keys.PREVIEW] = None  # stored: the preview is done, whatever the index does next
            st.session_state["upload_replace_ok"] = False
            documents, items = stored_totals(written)
            replaced, unchanged = stored_changes(written)
            copies = sum(bool(report.copy_of) for report in reports)
            older = sum(bool(report.superseded_by) for report in reports)
            parts = sum(bool(report.part_of) for report in reports)
            note = (f"（うち {replaced} 件は置き換え）" if replaced else "") + (
                f"（うち {unchanged} 件は変更なし）" if unchanged else "") + (
                f"（ほかのファイルや取り込み済みの文書と同じもの {copies} 件は取り込んでいません）" if copies else "") + (
                f"（同じ回のほかのファイルの古い版 {older} 件は取り込んでいません）" if older else "") + (
                f"（同じ回のほかのファイルの文書の一部 {parts} 件は取り込んでいません）" if parts else "")
            stored = f"{documents} 件の文書{note}（{items:,} 項目）を取り込み"
            status.write(f"{stored}ました。検索の索引を更新しています…")
            try:
                refreshed = refresh_with_progress(status)
            except AssistantError as error:
                status.update(label="検索の索引を更新できませんでした", state="error")
                st.session_state[Keys.MESSAGE] = (
                    "error", f"{stored}ましたが、検索の索引を更新できませんでした: {error_text(error)}{not_read}")
                return
            status.update(label="取り込みました", state="complete", expanded=False)
        st.session_state[Keys.MESSAGE] = (
            "warning" if failed else "success", f"{stored}、{refreshed.embedded_units} 件の文をベクトル化しました。{not_read}")

    if storing:
        st.button("この内容で取り込む", key="upload_confirm", type="primary", on_click=confirm,
                  disabled=bool(replacing) and not st.session_state.get("upload_replace_ok", False))

st.divider()
st.subheader("決裁済の回答を前例に加える")
names = consultation_names(store)
if not allowed(user, "add_approved"):
    st.caption("決裁済の回答を前例に加えるのは、役割「決裁」を持つ人です。")
elif names:
    # A replacement confirmed for one consultation is not one confirmed for the next chosen.
    name = st.selectbox("意見募集", names, key="promote_consultation", placeholder=CHOOSE,
                        on_change=lambda: st.session_state.update({"promote_replace_ok": False}))
    try:
        promote_plan = plan_documents([approved_document(store, name)], store)[0]
    except AssistantError as error:
        promote_plan = None
        st.info(error_text(error))
    unchanged = promote_plan is not None and promote_plan.action == "変更なし"
    if unchanged:  # added before, every answer the same: nothing to add or confirm
        st.info("この意見募集の決裁済の回答は前例に加えてあります（変更なし）。回答を変えて決裁すると、ここで置き換えられます。")
    elif promote_plan is not None:
        show_plan(promote_plan)
        if promote_plan.needs_confirmation:
            st.checkbox("前回加えた回答の置き換えを確認しました", key="promote_replace_ok")
    if promote_plan is not None:

        def promote() -> None:
            user = acting_user(store)
            try:
                report = add_approved_to_corpus(store, st.session_state["promote_consultation"], user=user,
                                                replace_existing=st.session_state.get("promote_replace_ok", False))
                if report.needs_confirmation:
                    st.session_state[Keys.MESSAGE] = ("warning", md_message(report.error))
                    return
                wait_retriever().refresh()
            except AssistantError as error:
                st.session_state[Keys.MESSAGE] = ("error", error_text(error))
                return
            st.session_state["promote_replace_ok"] = False
            action = {"変更なし": "は前例に加えてあります（変更なし）", "置き換え": "で前回の分を置き換えました"}.get(
                report.plan.action if report.plan else "", "を前例に加えました")
            st.session_state[Keys.MESSAGE] = ("success", f"決裁済の回答 {report.n_items} 件{action}。")

        st.button("決裁済の回答を前例に加える", key="promote", on_click=promote,
                  disabled=unchanged or (promote_plan.needs_confirmation
                                         and not st.session_state.get("promote_replace_ok", False)))
else:
    st.caption("保存した回答案はまだありません。")

st.divider()
st.subheader("文書を削除する")
if not allowed(user, "delete_document"):
    st.caption("文書の削除は、役割「管理」を持つ人が行います。")
elif documents:
    def document_label(document_id: str) -> str:
        doc = documents.get(document_id)
        if doc is None:
            return document_id
        return document_choice_label(doc)

    doomed = st.selectbox("削除する文書", list(documents), format_func=document_label, index=None, key="delete_document",
                          placeholder=CHOOSE)
    if doomed in documents:
        st.warning(f"「{md_escape(documents[doomed].title)}」の前例 {documents[doomed].parsed_count} 件を削除します。"
                   "削除した前例は検索に出なくなります（回答案に取り込んだ文はそのまま残ります）。"
                   "削除の前に自動でバックアップを取ります。")

        def remove(document_id: str) -> None:
            user = acting_user(store)
            st.session_state["delete_document"] = None
            if document_id not in {doc.id for doc in store.documents()}:
                st.session_state[Keys.MESSAGE] = ("info", "この文書は既にありません（ほかの人が削除したようです）。")
                return
            with st.status("削除しています…", expanded=True) as status:
                try:
                    removed = delete_document(store, document_id, user=user)
                except AssistantError as error:
                    status.update(label="削除できませんでした", state="error")
                    st.session_state[Keys.MESSAGE] = ("error", error_text(error))
                    return
                status.write(f"文書「{md_escape(removed.title)}」を削除しました。検索の索引を更新しています…")
                try:
                    refresh_with_progress(status)
                except AssistantError as error:
                    status.update(label="検索の索引を更新できませんでした", state="error")
                    st.session_state[Keys.MESSAGE] = (
                        "error", f"文書「{md_escape(removed.title)}」は削除しましたが、検索の索引を更新できませんでした: {error_text(error)}")
                    return
                status.update(label="削除しました", state="complete", expanded=False)
            st.session_state[Keys.MESSAGE] = (
                "success", f"文書「{md_escape(removed.title)}」（{removed.parsed_count} 項目）を削除しました。")

        st.button("この文書を削除する", key="delete_document_confirm", type="primary", on_click=remove, args=(doomed,))
