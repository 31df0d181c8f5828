"""起案: one comment in, precedent cards out; pick paragraphs into a draft, edit and save."""

from __future__ import annotations

import secrets

import streamlit as st

from app_pages.common import (
    CHOOSE, STYLE, Keys, acting_user, account_store, card_label, diff_html, error_text, init_state, mark_saved, page_user,
    pick_dicts, ready_retriever, render_sources, show_message, unsaved_draft, wait_retriever, why_matched,
)
from assistant.highlight import md_escape, md_message
from assistant.drafts import (
    STATUSES, Draft, DraftConflict, DraftDeleted, Pick, comment_key, conflict_status, diff_versions, distinct_picks,
    get_draft, keep_work, kept_picks, load_work, merge_both, merged_picks, next_item_number, save_draft, text_to_add,
    with_pick,
)
from assistant.errors import AssistantError
from assistant.naming import pick_label
from assistant.personal import describe, find_personal_data
from assistant.textnorm import canonical_name, squash
from assistant.users import statuses_for

init_state()
# The page needs only the store: the model and the indexes load in the background meanwhile, and a search
# asked for before they are ready waits for them (see app_pages.common.wait_retriever).
store = account_store()
ready_retriever()
user = page_user(store)
if user is not None:
    st.session_state[Keys.AUTHOR] = user.display_name  # the author is who is signed in, not a typed name
st.markdown(STYLE, unsafe_allow_html=True)
st.title("起案（1件のご意見）")
show_message()

# The work in progress is kept in the store under a token in the page's address (?work=…), so that a
# reload (F5), which starts a new session, gets the comment and the unsaved draft back.
WORK = "work"
WORK_KEYS = {"consultation": Keys.CONSULTATION, "item_no": Keys.ITEM_NO, "author": Keys.AUTHOR,
             "comment": Keys.COMMENT, "text": Keys.DRAFT_TEXT, "picks": Keys.PICKS, "status": Keys.STATUS,
             "draft_id": Keys.DRAFT_ID, "draft_version": Keys.DRAFT_VERSION}
username = user.username if user else ""
if Keys.WORK_TOKEN not in st.session_state or st.session_state[Keys.WORK_TOKEN] is None:
    token = st.query_params.get(WORK, "")
    kept = load_work(store, token, username) if token else None
    if kept is None:
        token = secrets.token_urlsafe(12)
    else:
        for field, key in WORK_KEYS.items():
            if kept.get(field) is not None:
                st.session_state[key] = kept[field]
        # The draft as saved, when the restored work was saved at the version still stored: otherwise a draft saved
        # before F5 read as unsaved (「次のご意見へ」 and 「開く」 on 下書き asked about it).
        opened = get_draft(store, kept["draft_id"]) if kept.get("draft_id") is not None else None
        same = opened is not None and opened.version == kept.get("draft_version")
        mark_saved(opened if same else None)
        st.session_state[Keys.SAVE_MESSAGE] = ("info", "前回の入力内容を復元しました"
                                               + ("（まだ保存していない回答案も含みます）" if unsaved_draft() else "") + "。")
        # The restored work goes on under a token of this session's own: two sessions with one address (a duplicated
        # tab, a bookmarked 起案 address) overwrote each other's work, and F5 restored the other tab's. The old token's
        # work stays as it was (the tab that holds it goes on writing there) until it expires.
        token = secrets.token_urlsafe(12)
    st.session_state[Keys.WORK_TOKEN] = token
if st.query_params.get(WORK) != st.session_state[Keys.WORK_TOKEN]:
    st.query_params[WORK] = st.session_state[Keys.WORK_TOKEN]


PICK_NOTE = "pick_note"  # why a paragraph picked was not put in the draft (it is there already)


def pick(precedent_id: str, paragraph_id: str, text: str) -> None:
    """Append a paragraph to the picks and to the draft text (runs before the next render); a paragraph whose text is
    in the draft already is not put there again (a double click put it in twice, and it was saved and counted as two
    picks), nor is one of a whole answer's paragraphs."""
    new, picks = Pick(precedent_id, paragraph_id, text), [Pick(**p) for p in st.session_state[Keys.PICKS]]
    added = text_to_add(st.session_state[Keys.DRAFT_TEXT], new)
    whole = paragraph_id.endswith(":*")
    if not added:
        st.session_state[PICK_NOTE] = ("info", (
            "この回答は回答案に入っているため、もう一度は入れていません。入れ直すには、回答案からその回答を消してからもう一度選んでください。"
            if whole else
            "この段落は回答案に入っているため、もう一度は入れていません。入れ直すには、回答案からその段落を消してからもう一度選んでください。"))
        return
    if added != text:
        st.session_state[PICK_NOTE] = ("info", "この回答のうち回答案に入っている段落は、もう一度は入れていません。")
    st.session_state[Keys.PICKS] = pick_dicts(with_pick(picks, new))
    current = st.session_state[Keys.DRAFT_TEXT].rstrip("\n")
    st.session_state[Keys.DRAFT_TEXT] = f"{current}\n{added}" if current else added


NEXT_PENDING = "next_pending"
MOVE_PENDING = "move_pending"  # (draft id, the consultation it is saved under) while a move to another is asked
DELETED = "draft_deleted"  # why the save was refused: a colleague deleted the draft after it was opened here
CLEAR_PENDING = "clear_pending"  # 「回答案を空にする」 pressed on an unsaved draft: asked before it is emptied
PLACE = "conflict_place"  # where a conflict's resolution saves, when a colleague moved the draft: "theirs" or "mine"


def next_comment(discard: bool = False) -> None:
    """Start the next comment of the same consultation; an unsaved draft is kept until the user confirms."""
    state = st.session_state
    if not discard and unsaved_draft():
        state[NEXT_PENDING] = True
        return
    state[NEXT_PENDING], state[MOVE_PENDING], state[DELETED], state[CLEAR_PENDING] = False, None, None, False
    mark_saved(None)
    state[Keys.ITEM_NO] = next_item_number(state[Keys.ITEM_NO])
    for key in (Keys.COMMENT, Keys.DRAFT_TEXT, Keys.RESULT_FOR):
        state[key] = ""
    state[Keys.RESULT], state[Keys.DRAFT_ID], state[Keys.DRAFT_VERSION], state[Keys.CONFLICT] = None, None, 0, None
    state[Keys.PICKS] = []
    state[Keys.STATUS] = "下書き"


def unsaved_text() -> bool:
    """Whether the editor holds a text not saved (what 「回答案を空にする」 would lose for good)."""
    text = st.session_state[Keys.DRAFT_TEXT]
    return bool(text.strip()) and text != st.session_state.get(Keys.SAVED_TEXT)


def clear_draft(confirmed: bool = False) -> None:
    """Empty the editor; an unsaved text only once the user confirms (it emptied at once, and the work kept for a
    reload was overwritten with the empty draft, so F5 did not bring it back)."""
    state = st.session_state
    if not confirmed and unsaved_text():
        state[CLEAR_PENDING] = True
        return
    state[CLEAR_PENDING] = False
    state[Keys.PICKS] = []
    state[Keys.DRAFT_TEXT] = ""


left, middle, right = st.columns([2, 1, 1])
left.text_input("意見募集の名前", key=Keys.CONSULTATION, placeholder="例: 介護保険事務の評価書（令和8年）")
middle.text_input("No.", key=Keys.ITEM_NO)
right.text_input("担当者名", key=Keys.AUTHOR, disabled=user is not None)


PENDING = "search_pending"


def search(typed: bool = False) -> None:
    """Search the comment: the button always; Ctrl+Enter or leaving the field only when the text changed."""
    state = st.session_state
    comment = state[Keys.COMMENT]
    if typed and (not comment.strip() or (state[Keys.RESULT] is not None and state[Keys.RESULT_FOR] == comment)):
        return
    retriever = ready_retriever()
    if retriever is None:
        state[PENDING] = True  # searched below, once the model and the indexes are loaded
        return
    try:
        state[Keys.RESULT] = retriever.search(comment)
        state[Keys.RESULT_FOR] = comment
        state["search_error"] = None
    except AssistantError as error:
        state[Keys.RESULT] = None
        state["search_error"] = str(error)


st.text_area("ご意見（コメントを貼り付けてください）", key=Keys.COMMENT, height=150, on_change=search,
             kwargs={"typed": True}, placeholder="ここに貼り付けて Ctrl+Enter を押すと前例を探します")

findings = find_personal_data(st.session_state[Keys.COMMENT])
if findings:
    st.warning(f"個人情報の可能性があります: {describe(findings)}。保存・書き出しの前に伏せ字（●●●）にできます。")

st.button("前例を探す", key="search", type="primary", on_click=search)
if st.session_state.get(PENDING):
    # Asked for until searched: a run stopped while it waits for the model (a rerun asked meanwhile, a browser that
    # reconnects) leaves the search to the next run instead of dropping it.
    try:
        wait_retriever()
        search()
    except AssistantError as error:
        st.session_state["search_error"] = str(error)
    st.session_state[PENDING] = False
elif ready_retriever() is None:
    st.caption("前例の索引を読み込んでいます…（入力はそのまま続けられます。「前例を探す」を押すと、準備ができ次第検索します）")
if st.session_state.get("search_error"):
    st.error(md_message(st.session_state["search_error"]))
    st.session_state["search_error"] = None

result = st.session_state[Keys.RESULT]


def render_card(p_index: int, suggestion, point) -> None:
    """One answer: its label and probability (as ``point``, the point it answers, shows it beside its verdict), why
    it matched, its paragraphs and where it was used (with the words its past comments share with the point, as
    「共通の語」 says)."""
    with st.container(border=True):
        head, score = st.columns([3, 1])
        head.markdown(f"**候補 {suggestion.rank}**　この回答は {len(suggestion.sources)} 件の前例で使われています")
        score.markdown(f"**{card_label(suggestion)}**　確からしさ **{point.percent(suggestion.score)}**")
        reason = why_matched(suggestion)
        if reason:
            st.caption(reason)
        order = st.radio("段落の順", ["ご意見に近い順", "公表された順"], key=f"order_{p_index}_{suggestion.rank}",
                         horizontal=True, label_visibility="collapsed")
        paragraphs = suggestion.paragraphs if order == "ご意見に近い順" else suggestion.published_paragraphs
        for paragraph in paragraphs:
            text_col, button_col = st.columns([4, 1])
            text_col.markdown(md_escape(paragraph.text))
            button_col.button("段落を使う", key=f"pick_{p_index}_{suggestion.rank}_{paragraph.id}",
                              on_click=pick, args=(suggestion.precedent_id, paragraph.id, paragraph.text))
        st.button("回答全体を使う", key=f"pick_all_{p_index}_{suggestion.rank}", on_click=pick,
                  args=(suggestion.precedent_id, f"{suggestion.precedent_id}:*", suggestion.answer))
        with st.expander("使われた場所と過去のご意見"):
            render_sources(suggestion, point.text, wait_retriever().tokenizer)


if result is not None:
    if result.merged_note:
        st.info(result.merged_note)
    for p_index, point in enumerate(result.points):
        if len(result.points) > 1:
            st.subheader(f"論点{p_index + 1}: {md_escape(point.text[:60])}")
        if point.no_precedent:
            st.info(point.note or
                    f"近い前例はありません（最も近い候補の確からしさ {point.percent(point.confidence)}。前例とみなすのは "
                    f"{point.threshold_text} 以上）。新しく回答を書いてください。")
            if point.results:  # a keyword's cards were titled 「近くはない」 beside 「近い候補は参考として表示しています」
                with st.expander(f"参考: 近くはない候補 {len(point.results)} 件" if point.judged else
                                 f"参考: 候補 {len(point.results)} 件（判定していません）"):
                    for suggestion in point.results:
                        render_card(p_index, suggestion, point)
        else:
            st.success(f"前例があります（確からしさ {point.percent(point.confidence)}）")
            for suggestion in point.results:
                render_card(p_index, suggestion, point)

st.divider()
st.subheader("回答案（本市の考え方）")
st.text_area("選んだ段落が順に入ります。自由に編集してください。", key=Keys.DRAFT_TEXT, height=220)
picked = st.session_state[Keys.PICKS]
in_draft = kept_picks(st.session_state[Keys.DRAFT_TEXT], [Pick(**p) for p in picked])  # what a save keeps
gone_count = sum(1 for p in distinct_picks([Pick(**p) for p in picked]) if p not in in_draft)  # each paragraph once
gone = f"選んだ {gone_count} 件は回答案に残っていないため数えていません" if gone_count else ""
if in_draft:
    documents = {doc.id: doc for doc in store.documents()}
    labels = "、".join(pick_label(store, p.precedent_id, p.paragraph_id, documents) for p in in_draft)
    st.caption(f"選んだ段落: {len(in_draft)} 件（{md_escape(labels)}）" + (f"　ほかに{gone}" if gone else ""))
elif picked:
    st.caption(f"選んだ段落: 0 件（{gone}）")
show_message(PICK_NOTE)
status_col, mask_col, clear_col = st.columns([1, 2, 1])
statuses = statuses_for(user, STATUSES)  # only what the signed-in role may set
if statuses and st.session_state[Keys.STATUS] not in statuses:
    st.session_state[Keys.STATUS] = statuses[0]
# The stored draft's 確認済 or 決裁済 that this role cannot give (read each run: a colleague may have changed it)
stored = get_draft(store, st.session_state[Keys.DRAFT_ID]) if st.session_state[Keys.DRAFT_ID] is not None else None
if statuses and stored is not None and stored.status not in statuses:
    if stored.status == "決裁済":
        st.warning("この回答案は決裁済です。決裁済の回答案は、決裁の役割がないと変更できません。")
    else:  # the save would set it back, silently, and the audit log alone said so
        st.warning(f"この回答案は「{stored.status}」です。あなたの役割では「{stored.status}」にできないため、保存すると"
                   f"「{st.session_state[Keys.STATUS]}」になり、{stored.status.removesuffix('済')}をやり直してもらうことになります。")
if statuses:
    status_col.selectbox("状態", statuses, key=Keys.STATUS, placeholder=CHOOSE)
else:
    status_col.caption("回答案の保存には、起案・確認・決裁のいずれかの役割が必要です。")
answer_findings = find_personal_data(st.session_state[Keys.DRAFT_TEXT])
mask_col.checkbox("ご意見の個人情報を伏せ字（●●●）にして保存する", key=Keys.MASK)
if answer_findings:  # the answer is the city's wording: its own telephone numbers stay unless staff ask
    mask_col.checkbox("回答案の個人情報の可能性がある記載も伏せ字にする", key=Keys.MASK_ANSWER)
clear_col.button("回答案を空にする", key="clear", on_click=clear_draft)
if st.session_state.get(CLEAR_PENDING) and unsaved_text():
    st.warning("保存していない回答案を空にします。空にした回答案は元に戻せません（再読み込みしても戻りません）。")
    clear_yes_col, clear_no_col, _ = st.columns([1, 1, 3])
    clear_yes_col.button("空にする", key="clear_yes", on_click=clear_draft, args=(True,))
    clear_no_col.button("やめる", key="clear_no", on_click=lambda: st.session_state.update({CLEAR_PENDING: False}))
if findings and not st.session_state[Keys.MASK]:
    st.warning(f"ご意見に個人情報の可能性があるまま保存しようとしています: {describe(findings)}。")
if answer_findings:
    st.warning(f"回答案に個人情報の可能性がある記載があります: {describe(answer_findings)}。"
               + ("保存すると伏せ字（●●●）になります。" if st.session_state.get(Keys.MASK_ANSWER) else
                  "本市の連絡先などはそのまま保存します。市民の個人情報なら、伏せ字にするか書き直してください。"))


def current_draft(version: int | None = None, text: str | None = None) -> Draft:
    """The page's draft; of the paragraphs picked, only those still in its text (replaced or deleted, a paragraph
    is no longer the answer's source: the reuse ratio and 「よく選ばれている前例」 counted it)."""
    state = st.session_state
    text = state[Keys.DRAFT_TEXT] if text is None else text
    return Draft(
        id=state[Keys.DRAFT_ID], consultation=state[Keys.CONSULTATION].strip(), item_no=state[Keys.ITEM_NO].strip(),
        comment=state[Keys.COMMENT], text=text, author=state[Keys.AUTHOR].strip(), status=state[Keys.STATUS],
        picks=kept_picks(text, [Pick(**p) for p in state[Keys.PICKS]]),
        suggested=tuple(s.template_id for p in (state[Keys.RESULT].points if state[Keys.RESULT] else ()) for s in p.results),
        version=state[Keys.DRAFT_VERSION] if version is None else version,
    )


def store_draft(draft: Draft, replace_comment: bool = False, absorb: Draft | None = None) -> None:
    """Save; on a conflict keep both texts (the merge view below), never the stored version under mine. ``absorb``: the
    draft moved onto this No. (a conflict's ``moving``), deleted with the save."""
    state, user = st.session_state, acting_user(store)
    before = get_draft(store, draft.id) if draft.id is not None else None
    try:
        saved = save_draft(store, draft, mask_personal=state[Keys.MASK], user=user,
                           mask_answer=bool(state.get(Keys.MASK_ANSWER)) and bool(find_personal_data(draft.text)),
                           replace_comment=replace_comment, absorb=absorb)
    except DraftConflict as conflict:
        state[Keys.CONFLICT] = conflict
        state[PLACE] = "theirs"  # a colleague's corrected No. stays unless the user chooses the page's
        state[Keys.MERGED] = merge_both(conflict.theirs.text, conflict.mine.text)
        return
    except DraftDeleted as deleted:  # offered below as a new draft, never one without asking
        state[DELETED] = error_text(deleted)
        return
    except AssistantError as error:
        state[Keys.SAVE_MESSAGE] = ("error", error_text(error))
        if absorb is not None:  # a merge refused: the page is the moved draft again, as opened (its No. put back
            # saves it there, or shows a colleague's version of it), and the conflict's buttons would be refused again
            state[Keys.DRAFT_ID], state[Keys.DRAFT_VERSION], state[Keys.CONFLICT] = absorb.id, absorb.version, None
        return
    state[Keys.DRAFT_ID], state[Keys.DRAFT_VERSION] = saved.id, saved.version
    state[Keys.DRAFT_TEXT] = saved.text
    mark_saved(saved)
    state[Keys.CONFLICT], state[NEXT_PENDING], state[MOVE_PENDING], state[DELETED] = None, False, None, None
    kept = ""
    if before is not None and before.id != saved.id:  # another No. with another comment: the draft there stays
        kept = (f"ご意見が違うため新しい回答案として保存し、{md_escape(before.consultation)} No.{md_escape(before.item_no)} の回答案はそのまま残して"
                "います（No. を直しただけなら、不要なほうを下書きの一覧で削除してください）。")
    elif before is not None and (before.consultation, before.item_no) != (saved.consultation, saved.item_no):
        kept = f"{md_escape(before.consultation)} No.{md_escape(before.item_no)} から移しました。"
    if absorb is not None:
        kept += (f"同じご意見の {md_escape(absorb.consultation)} No.{md_escape(absorb.item_no)} の回答案は、この回答案に"
                 "まとめて削除しました。")
    state[Keys.SAVE_MESSAGE] = ("success", f"保存しました（{md_escape(saved.consultation)} No.{md_escape(saved.item_no)}、版 {saved.version}）。{kept}")


def save_clicked() -> None:
    """Save, but first ask when the opened draft would move to another consultation: the name field is shared with
    一括起案, and a name typed there moved the draft out of its consultation's table without a word."""
    state, draft = st.session_state, current_draft()
    before = get_draft(store, draft.id) if draft.id is not None else None
    if (before is not None and canonical_name(draft.consultation) != before.consultation
            and comment_key(before.comment) and comment_key(before.comment) == comment_key(draft.comment)):  # it moves
        state[MOVE_PENDING] = (before.id, before.consultation)
        return
    store_draft(draft)


def save_moved(keep: bool) -> None:
    """The answer to the question above: move the draft to the typed consultation, or keep it where it was."""
    state = st.session_state
    if keep:
        state[Keys.CONSULTATION] = state[MOVE_PENDING][1]
    state[MOVE_PENDING] = None
    store_draft(current_draft())


def save_as_new() -> None:
    """The answer to a deletion made after the draft was opened: save what is on the page as a new draft."""
    st.session_state[Keys.DRAFT_ID], st.session_state[Keys.DRAFT_VERSION] = None, 0
    store_draft(current_draft())


save_col, next_col, message_col = st.columns([1, 1, 3])
save_col.button("保存する", key="save", type="primary", on_click=save_clicked, disabled=not statuses)
next_col.button("次のご意見へ", key="next", on_click=next_comment)
if st.session_state.get(NEXT_PENDING):
    st.warning("回答案を保存していません。次のご意見へ進むと、この回答案は消えます。残すときは先に「保存する」を押してください。")
    discard_col, back_col, _ = st.columns([1, 1, 3])
    discard_col.button("保存せずに次へ", key="next_discard", on_click=next_comment, args=(True,))
    back_col.button("戻る", key="next_back", on_click=lambda: st.session_state.update({NEXT_PENDING: False}))
pending_move = st.session_state.get(MOVE_PENDING)
moving_from = pending_move[1] if pending_move and pending_move[0] == st.session_state[Keys.DRAFT_ID] else None
if moving_from and canonical_name(st.session_state[Keys.CONSULTATION]) != moving_from:
    moving_to = canonical_name(st.session_state[Keys.CONSULTATION])
    st.warning(f"この回答案は「{md_escape(moving_from)}」に保存されています。意見募集の名前が「{md_escape(moving_to)}」"
               f"になっているため、保存すると「{md_escape(moving_to)}」の回答案に移り、「{md_escape(moving_from)}」の表から"
               "なくなります。")
    move_col, keep_col, _ = st.columns([1, 1, 2])
    move_col.button(f"「{md_escape(moving_to)}」に移して保存する", key="move_save", on_click=save_moved, args=(False,))
    keep_col.button(f"「{md_escape(moving_from)}」のまま保存する", key="move_keep", on_click=save_moved, args=(True,))
show_message(Keys.SAVE_MESSAGE, message_col)  # beside the button that caused it (in view whenever it is), not at the top
if st.session_state.get(DELETED):
    st.error(st.session_state[DELETED])
    st.button("新しい回答案として保存する", key="deleted_save_new", type="primary", on_click=save_as_new)

conflict = st.session_state[Keys.CONFLICT]
if conflict is not None:
    st.error(md_escape(str(conflict)))  # it quotes the stored comment: the citizen's text, shown as typed
    kept_status = conflict_status(conflict.mine.status, conflict.theirs.status, statuses)
    if not conflict.other_comment and conflict.theirs.status != conflict.mine.status:
        st.warning(f"{md_escape(conflict.their_version)}の状態は「{conflict.theirs.status}」、あなたの版は「{conflict.mine.status}」です。"
                   f"保存すると「{kept_status}」になります。" + (
                       f"あなたの役割では「{conflict.theirs.status}」にできないため、{conflict.theirs.status}"
                       "をやり直してもらうことになります。" if STATUSES.index(kept_status) < STATUSES.index(conflict.theirs.status) else ""))
    if conflict.other_comment:  # most likely a mistyped No.: show what the stored answer answers
        st.markdown("**保存されている回答案のご意見**　" + md_escape(conflict.theirs.comment))
        st.markdown("**保存されている回答案**　" + md_escape(conflict.theirs.text))
    else:
        st.markdown(f"**違い**（− {md_escape(conflict.their_version)} {conflict.theirs.version}、＋ あなたの版）")
        st.markdown(diff_html(diff_versions(conflict.theirs.text, conflict.mine.text)), unsafe_allow_html=True)
        st.text_area("統合した回答案（両方の文を残しています。不要な文を消してから保存してください）", key=Keys.MERGED, height=220)

    # A colleague who corrected the No. (or the consultation) meanwhile: the page still shows the one it was opened at,
    # and a merge or an overwrite moved the draft back there without a word.
    their_place = (conflict.theirs.consultation, conflict.theirs.item_no)
    my_place = (conflict.mine.consultation, conflict.mine.item_no)  # as save_draft canonicalised them
    moved = not conflict.other_comment and their_place != my_place
    if moved:
        places = {"theirs": f"{md_escape(their_place[0])} No.{md_escape(their_place[1])}（{md_escape(conflict.their_version)}のまま）",
                  "mine": f"{md_escape(my_place[0])} No.{md_escape(my_place[1])}（この画面の No.）"}
        st.warning(f"{md_escape(conflict.their_version)}では、この回答案は {md_escape(their_place[0])} No.{md_escape(their_place[1])} "
                   f"に移されています（この画面では {md_escape(my_place[0])} No.{md_escape(my_place[1])}）。保存する場所を選んでください。")
        st.radio("保存する場所", list(places), key=PLACE, format_func=places.get)
    if not conflict.other_comment and squash(conflict.mine.comment) and comment_key(conflict.theirs.comment) != comment_key(conflict.mine.comment):
        if conflict.moving is None:
            st.warning(f"{md_escape(conflict.their_version)}では、ご意見も書き換えられています。統合した版や自分の版で保存すると、ご意見は"
                       "この画面のものになります。相手のご意見を残すときは「相手の版を読み込んで編集する」を押してください。")
        else:  # that button is not offered (it would leave the moved draft behind): the No. is the way to keep both
            there_comment = bool(squash(conflict.theirs.comment))
            st.warning(f"{md_escape(conflict.their_version)}では、ご意見が{'違います' if there_comment else '入っていません'}。"
                       "統合した版や自分の版で保存すると、ご意見はこの画面のものになります。" + (
                           f"相手のご意見を残すときは、No. を「{md_escape(conflict.moving.item_no)}」に戻して、別の回答案として"
                           "保存してください。" if there_comment else ""))

    def keep_place() -> None:
        """The place the user chose for the save (a colleague's corrected No. unless the page's is chosen)."""
        if moved and st.session_state.get(PLACE, "theirs") == "theirs":
            st.session_state[Keys.CONSULTATION], st.session_state[Keys.ITEM_NO] = their_place

    # Resolving keeps a colleague's 確認済 or 決裁済 made meanwhile (as far as the saver's roles go): the page's
    # status is still the one the draft had when it was opened.
    def save_merged() -> None:
        theirs, moving = st.session_state[Keys.CONFLICT].theirs, st.session_state[Keys.CONFLICT].moving
        st.session_state[Keys.DRAFT_ID] = theirs.id
        st.session_state[Keys.STATUS] = kept_status
        keep_place()
        merged = st.session_state[Keys.MERGED]  # its sources: both versions' picks still in it
        st.session_state[Keys.PICKS] = pick_dicts(merged_picks(merged, [Pick(**p) for p in st.session_state[Keys.PICKS]],
                                                               theirs.picks))
        store_draft(current_draft(version=theirs.version, text=merged), absorb=moving)

    def take_theirs() -> None:  # the whole stored version: its No., consultation and comment too, not its text alone
        state, theirs = st.session_state, st.session_state[Keys.CONFLICT].theirs
        state[Keys.DRAFT_TEXT] = theirs.text
        mark_saved(theirs)
        state[Keys.DRAFT_ID], state[Keys.DRAFT_VERSION] = theirs.id, theirs.version
        state[Keys.CONSULTATION], state[Keys.ITEM_NO], state[Keys.COMMENT] = theirs.consultation, theirs.item_no, theirs.comment
        state[Keys.PICKS] = pick_dicts(theirs.picks)
        state[MOVE_PENDING] = None
        st.session_state[Keys.STATUS] = kept_status
        st.session_state[Keys.CONFLICT] = None

    def keep_mine() -> None:
        theirs, moving = st.session_state[Keys.CONFLICT].theirs, st.session_state[Keys.CONFLICT].moving
        st.session_state[Keys.DRAFT_ID] = theirs.id
        st.session_state[Keys.STATUS] = kept_status
        keep_place()
        store_draft(current_draft(version=theirs.version), absorb=moving)

    def replace_comment() -> None:  # this draft's own comment, replaced by the one typed (the user says so)
        theirs = st.session_state[Keys.CONFLICT].theirs
        st.session_state[Keys.DRAFT_ID] = theirs.id
        store_draft(current_draft(version=theirs.version), replace_comment=True)

    if conflict.other_comment and conflict.replacing:
        st.button("ご意見を差し替えて保存する", key="conflict_replace", on_click=replace_comment)
    elif conflict.other_comment:
        # Merging or overwriting would pair one comment's answer with the other comment (a version keeps
        # no comment): the No. is what to change.
        st.info("No. を正しい番号に直してから、もう一度保存してください。入力した内容はそのまま残っています。"
                + ("" if squash(conflict.mine.comment) or conflict.shared else  # another No.: pasting will not do
                   "同じご意見への回答なら、ご意見の欄に上のご意見を貼り付けてから保存してください。"))
    else:
        merge_col, theirs_col, mine_col = st.columns(3)
        merge_col.button("統合した版で保存する", key="conflict_merge", type="primary", on_click=save_merged)
        if conflict.moving is None:  # loading the other draft would leave this one behind, at its No.
            theirs_col.button("相手の版を読み込んで編集する", key="conflict_theirs", on_click=take_theirs)
        mine_col.button("自分の版で上書きする（相手の版は履歴に残ります）", key="conflict_mine", on_click=keep_mine)


def keep_work_in_progress() -> None:
    """Write the page's state to the store when it changed since the last run (at most once per run)."""
    state = st.session_state
    work = {field: state[key] for field, key in WORK_KEYS.items()}
    if work == state.get("work_kept"):
        return
    try:
        keep_work(store, state[Keys.WORK_TOKEN], username, work)
    except AssistantError as error:
        st.warning(f"入力内容を一時保存できませんでした（{error_text(error)}）。ページを再読み込みすると入力が消えます。")
        return
    state["work_kept"] = {key: list(value) if isinstance(value, list) else value for key, value in work.items()}


keep_work_in_progress()
