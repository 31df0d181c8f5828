"""一括起案: a whole consultation's comments, each with its best precedent preselected; save and export."""

from __future__ import annotations

import streamlit as st

from app_pages.common import Keys, author_name, init_state, page_user, resources, show_message, uploaded_path
from assistant.batch import read_comment_file, read_pasted, suggest_batch
from assistant.drafts import Consultation, Draft, DraftConflict, Pick, save_consultation, save_draft
from assistant.errors import AssistantError
from assistant.highlight import md_escape
from assistant.export import EXPORTERS, answer_table, record_export
from assistant.textnorm import parse_period

init_state()
store, retriever = resources()
user = page_user(store)
if user is not None:
    st.session_state[Keys.AUTHOR] = user.display_name
st.title("一括起案（意見募集の全件）")
show_message()
OWN = "自分で書く"

left, right = st.columns([1, 1])
left.text_input("意見募集の名前", key=Keys.CONSULTATION)
right.text_input("担当者名", key=Keys.AUTHOR, disabled=user is not None)
left.text_input("件名（書き出す表の題名）", key="batch_title", placeholder="例: 介護保険に関する事務の特定個人情報保護評価書")
right.text_input("意見募集期間（和暦可）", key="batch_period", placeholder="例: 令和8年1月5日～令和8年2月4日")

upload = st.file_uploader("ご意見の CSV / XLSX（1行に1件）", type=["csv", "xlsx", "txt"], key="batch_file")
st.text_area("または貼り付け（1行に1件、または空行で区切る）", key="batch_text", height=150)


def read_batch() -> list[str]:
    if upload is not None:
        with uploaded_path(upload) as path:
            return read_comment_file(path)
    return read_pasted(st.session_state["batch_text"])


if st.button("一括で前例を探す", key="batch_run", type="primary"):
    try:
        comments = read_batch()
        if not comments:
            raise AssistantError("ご意見がありません。ファイルを選ぶか、貼り付けてください。")
        bar = st.progress(0.0, text="ご意見をベクトル化して前例を探しています…")
        rows = suggest_batch(retriever, comments, progress=lambda done, total: bar.progress(
            done / total, text=f"前例を探しています… {done}/{total}"))
        bar.empty()
        st.session_state[Keys.BATCH_ROWS], st.session_state[Keys.BATCH_COMMENTS] = rows, comments
        for row in rows:
            st.session_state[f"batch_choice_{row.index}"] = "候補 1" if row.best and not row.no_precedent else OWN
            st.session_state[f"batch_answer_{row.index}"] = row.best.answer if row.best and not row.no_precedent else ""
    except AssistantError as error:
        st.error(str(error))


def choose(index: int) -> None:
    """Replace the answer text with the chosen suggestion (staff can still edit it)."""
    rows = st.session_state[Keys.BATCH_ROWS]
    choice = st.session_state[f"batch_choice_{index}"]
    if choice != OWN:
        st.session_state[f"batch_answer_{index}"] = rows[index].suggestions[int(choice.split()[1]) - 1].answer


rows = st.session_state[Keys.BATCH_ROWS]
if rows:
    groups = {row.group for row in rows}
    st.caption(f"{len(rows)} 件のご意見、{len(groups)} 件の回答（同趣旨のご意見はまとめています）。")
    for row in rows:
        if row.group != row.index:
            continue
        members = [r.index + 1 for r in rows if r.group == row.index]
        with st.container(border=True):
            label = "・".join(str(m) for m in members)
            st.markdown(f"**No.{label}**" + ("　（同趣旨のご意見を一つにまとめています）" if len(members) > 1 else ""))
            st.markdown(md_escape(row.comment))
            if row.error:
                st.warning(row.error)
            elif row.no_precedent:
                st.info(f"近い前例はありません（確からしさ {row.confidence:.0%}）。新しく回答を書いてください。")
            else:
                st.success(f"前例があります（確からしさ {row.confidence:.0%}）")
            options = [f"候補 {s.rank}" for s in row.suggestions] + [OWN]
            st.radio("回答の元", options, key=f"batch_choice_{row.index}", horizontal=True,
                     on_change=choose, args=(row.index,))
            for suggestion in row.suggestions:
                source = suggestion.sources[0]
                label = "前例" if suggestion.is_precedent else "参考"
                st.caption(f"候補 {suggestion.rank}（{label}、確からしさ {suggestion.score:.0%}、{len(suggestion.sources)} 件で使用）: "
                           + md_escape(f"{source.document}　{source.period}　No.{source.no}"))
            st.text_area("本市の考え方", key=f"batch_answer_{row.index}", height=140)


def save_all() -> None:
    state = st.session_state
    name = state[Keys.CONSULTATION].strip()
    start, end = parse_period(state["batch_period"])
    saved, conflicts = 0, []
    try:
        save_consultation(store, Consultation(name, state["batch_title"].strip(), start, end))
        for row in state[Keys.BATCH_ROWS]:
            if row.group != row.index:
                continue
            members = [r for r in state[Keys.BATCH_ROWS] if r.group == row.index]
            choice = state[f"batch_choice_{row.index}"]
            picked = [] if choice == OWN else [row.suggestions[int(choice.split()[1]) - 1]]
            draft = Draft(
                None, name, "・".join(str(m.index + 1) for m in members), row.comment, state[f"batch_answer_{row.index}"],
                author=state[Keys.AUTHOR].strip(),
                picks=tuple(Pick(s.precedent_id, f"{s.precedent_id}:*", s.answer) for s in picked),
                suggested=tuple(s.template_id for s in row.suggestions),
            )
            try:
                save_draft(store, draft, mask_personal=True, user=user)
                saved += 1
            except DraftConflict:
                conflicts.append(draft.item_no)
    except AssistantError as error:
        state[Keys.MESSAGE] = ("error", str(error))
        return
    note = f"（既に保存済みのため保存しなかった No.: {'、'.join(conflicts)}。下書き画面で開いて編集してください）" if conflicts else ""
    state[Keys.MESSAGE] = ("success", f"{saved} 件の回答案を「{name}」に保存しました。{note}")


if rows:
    st.button("まとめて保存する（個人情報は伏せ字）", key="batch_save", type="primary", on_click=save_all)

st.divider()
st.subheader("回答表を書き出す")
name = st.session_state[Keys.CONSULTATION].strip()
if name:
    try:
        table = answer_table(store, name)
        columns = st.columns(3)
        mime = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "csv": "text/csv"}

        def exported(fmt: str) -> None:
            try:
                record_export(store, name, fmt, user, anonymous=author_name(user))
            except AssistantError as error:
                st.session_state[Keys.MESSAGE] = ("error", str(error))

        for column, (fmt, exporter) in zip(columns, EXPORTERS.items()):
            column.download_button(f"{fmt.upper()} で書き出す", exporter(table), file_name=f"{name}.{fmt}",
                                   mime=mime[fmt], key=f"export_{fmt}", on_click=exported, args=(fmt,))
        st.caption(f"{len(table.rows)} 行（No. / ご意見の概要 / 本市の考え方）。個人情報は伏せ字になります。")
    except AssistantError as error:
        st.info(str(error))
else:
    st.caption("意見募集の名前を入れると、保存した回答案を表として書き出せます。")
