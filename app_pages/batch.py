"""一括起案: a whole consultation's comments, each with its best precedent preselected; save and export.

A national consultation holds 200,000 comments in some 8,000 groups: the page shows the groups 20 to a
page, each with its count (「同趣旨 1,523件」), and searches the precedents of a page's groups when the page
is first shown (a second or two), never all groups before the first render. Staff answer groups in
order and save what they have seen; a group nobody has opened is not saved (the save says how many).
"""

from __future__ import annotations

from dataclasses import replace

import math
import secrets
from functools import partial

import streamlit as st

from app_pages.common import (Keys, acting_user, author_name, error_text, init_state, page_user, resources, show_message,
                              uploaded_path)
from assistant.batch import (BatchGroup, BatchRow, KeptInput, comment_as_saved, export_gaps, group_batch, group_key,
                             group_layout, keep_answered_apart, holds_answers, read_comments, read_pasted, restore_groups,
                             save_batch, saved_answers, search_group, with_split, worksheet_elsewhere)
from assistant.drafts import (Consultation, ConsultationConflict, Draft, DraftConflict, DraftError, Pick, consultation_period,
                              batch_work_handed_over, delete_draft, draft_versions, edited_fields, get_consultation,
                             hand_over_batch_work, item_number, keep_batch_work, kept_picks,
                              load_batch_work_stamped, own_title, save_consultation)
from assistant.textnorm import canonical_name, format_period
from assistant import users
from assistant.users import require
from assistant import settings
from assistant.errors import AssistantError
from assistant.highlight import md_escape, md_message
from assistant.export import EXPORTERS, answer_table, check_exportable, csv_caution, exported_file

init_state()
KEEP_FAILED = "batch_keep_failed"  # a keep failed (the store busy) in an on_change before this run: not tried again in it
keep_failed = st.session_state.pop(KEEP_FAILED, False)  # read at once: a run stopped halfway leaves it to no other run
store, retriever = resources()
user = page_user(store)
if user is not None:
    st.session_state[Keys.AUTHOR] = user.display_name
st.title("一括起案（意見募集の全件）")
OWN = "自分で書く"
GROUPS = "batch_groups"  # the batch's groups (BatchGroup), in order of first appearance
SHEET = "batch_sheet"  # the consultation (as stored) GROUPS were searched for; empty: searched before a name was typed
LEFT = "batch_left"  # the consultation the worksheet moved from and its rows' saved drafts there, to move back to
SOURCE = "batch_source"  # the name of the file the worksheet was read from (None: pasted)
PAGE = "batch_page"
GROUPS_PER_PAGE = 20
VARIANTS_SHOWN = 5

TITLE, PERIOD = "batch_title", "batch_period"
FILLED = "batch_filled"  # the consultation whose stored title and period the fields were last filled with
LOADED = "batch_loaded"  # those title and period (Consultation) as the fields hold them unedited: a save writes only edits
THEIRS = "batch_theirs"  # the ConsultationConflict a save was refused with: a colleague's title or period, to take
UNMATCHED = "batch_unmatched"  # the consultation's saved drafts as matched to the batch (SavedAnswers), to name the unmatched
NOTES = "batch_notes"  # what reading the file left out (hidden rows and sheets, sheets without a ご意見 column)

# The worksheet is kept in the store under a token in the page's address (?batch=…), as 起案 keeps its work (?work=…),
# so that a reload (F5), which starts a new session, gets it back: the fields, the comments as read (up to
# ZENREI_BATCH_KEEP_CHARS characters), how they are grouped, the page shown and every answer not saved.
BATCH = "batch"
INPUT = "batch_input"  # the comments the worksheet was read from: {"comments": list or None (too large), "numbers", "chars"}
PENDING = "batch_kept_answers"  # str(group index) → [No., group_key, choice, answer, saved]: kept, waiting for its search
# (saved: [draft id, version] of the saved draft the answer continues from, or None: checked for a conflict as without F5)
RESTORED_FROM = "batch_restored_from"  # [token, stamp] of a restored worksheet whose hand-over failed: tried at the next keep
KEPT_WORK = "batch_kept_work"  # what was last kept (the fields, and the input and groups it was kept with)
HANDED = "batch_handed_over"  # the token of the tab that took over the worksheet of this tab's address: said, not loaded
username = user.username if user else ""


def keeper() -> str | None:
    """The user name the worksheet is kept and loaded under, re-read from the store now (:func:`acting_user`): the
    page's ``username`` is the one of the run before, and a callback runs before :func:`page_user` does, so a user
    removed meanwhile had their next edit (personal data as typed) written back after the removal. "" without
    logins; None when the session's user was removed or signed out: nothing is kept or loaded for them."""
    if not users.logins_on():
        return ""
    now = acting_user(store)
    return now.username if now is not None else None


def too_large_note(chars: int) -> str:
    return (f"ご意見が多いため（{chars:,} 文字。一時保存するのは {int(settings.get('batch_keep_chars')):,} 文字まで）、"
            "ご意見の一覧は一時保存していません。ページを再読み込み（F5）したときは、ファイルをもう一度選ぶ（または貼り付ける）"
            "必要があります。「一括で前例を探す」を押すと、まだ保存していない回答が同じご意見の行に戻ります。")


def restore_work(kept: dict) -> None:
    """Put the kept worksheet back (:func:`assistant.drafts.load_batch_work`): the fields, and the groups from the
    comments as read; each page's searches run when it is shown, and the answers typed go back into their rows then."""
    state = st.session_state
    for field, key in (("consultation", Keys.CONSULTATION), ("title", TITLE), ("period", PERIOD), ("pasted", "batch_text")):
        if isinstance(kept.get(field), str):
            state[key] = kept[field]
    if user is None and kept.get("author") and not state.get(Keys.AUTHOR):
        state[Keys.AUTHOR] = kept["author"]
    state[PENDING] = pending = dict(kept.get("answers") or {})
    state[SOURCE], state[NOTES] = kept.get("source"), list(kept.get("notes") or [])
    read = kept.get("input") or {}
    unsaved = f"（まだ保存していない回答 {len(pending):,} 件を含みます）" if pending else ""
    if read.get("comments") and kept.get("layout") is not None:
        groups = restore_groups(read["comments"], read.get("numbers") or [], kept["layout"])
        pages = max(1, math.ceil(len(groups) / GROUPS_PER_PAGE))
        state[GROUPS], state[Keys.BATCH_ROWS], state[UNMATCHED], state[LEFT] = groups, {}, None, None
        state[PAGE] = min(max(int(kept.get("page") or 1), 1), pages)
        state[SHEET] = kept.get("sheet") or ""
        state[INPUT] = read
        state[Keys.MESSAGE] = ("info", f"前回の一覧と入力内容を復元しました{unsaved}。")
    elif kept.get("too_large"):
        again = f"ファイル「{md_escape(kept['source'])}」" if kept.get("source") else "ご意見"
        state[Keys.MESSAGE] = ("warning", f"前回の入力内容を復元しました{unsaved}。ご意見が多かったため一覧は一時保存していません。"
                                          f"{again}をもう一度選んで（または貼り付けて）「一括で前例を探す」を押すと、"
                                          "一覧と入力した回答が戻ります。")
    else:
        state[Keys.MESSAGE] = ("info", "前回の入力内容を復元しました。")


CHANGED_MEANWHILE = ("このアドレスで一時保存していた一括起案の作業は、このタブで開いた後に、別のタブ（同じアドレスで開いたタブ）"
                     "で変更されました。このタブの作業は、このタブのアドレスで別に一時保存します（別のタブでの変更は含みません）。"
                     "別のタブでの変更は、そのタブとそのアドレスに残しています。同じ回答を二つのタブで別々に編集しないよう、"
                     "どちらかのタブで続けてください。")


def take_over(token: str, stamp: str, kept: dict | None) -> None:
    """Hand the worksheet restored from ``token`` over to this tab's own token (:func:`assistant.drafts.hand_over_batch_work`),
    the copy restored only (``stamp``): at once, before any search, with ``kept`` (the worksheet as loaded) kept under
    the new token in the same transaction. A tab still open on ``token`` that kept a newer answer in between keeps it:
    the hand-over is not done, and this tab says so (its own copy goes on under its token). The store busy: tried
    again at the next keep (:func:`keep_worksheet`)."""
    state, owner = st.session_state, keeper()
    if owner is None:
        return  # removed or signed out since: the page that follows shows the sign-in form
    try:
        done = hand_over_batch_work(store, token, state[Keys.BATCH_TOKEN], owner, stamp=stamp, work=kept)
    except AssistantError:
        state[RESTORED_FROM] = [token, stamp]
        return
    if not done:
        st.warning(CHANGED_MEANWHILE)


if st.session_state.get(Keys.BATCH_TOKEN) is None:
    token = st.query_params.get(BATCH, "")
    kept = load_batch_work_stamped(store, token, username) if token else None
    # a token of this session's own, restored or not: two tabs with one address overwrote each other's work (see 起案)
    st.session_state[Keys.BATCH_TOKEN] = secrets.token_urlsafe(12)
    if kept is not None:
        restore_work(kept[0])
        take_over(token, kept[1], kept[0])
    elif token:  # another tab took it over (a second tab on this address, or this tab reloaded before): said below
        st.session_state[HANDED] = batch_work_handed_over(store, token, username)
if st.query_params.get(BATCH) != st.session_state[Keys.BATCH_TOKEN]:
    st.query_params[BATCH] = st.session_state[Keys.BATCH_TOKEN]
show_message()


def open_moved() -> None:
    """Load, in this tab, the worksheet that another tab took over from this tab's address (that tab was closed)."""
    state = st.session_state
    token, state[HANDED], owner = state[HANDED], None, keeper()
    kept = load_batch_work_stamped(store, token, owner) if owner is not None else None
    if kept is None:
        state[Keys.MESSAGE] = ("warning", "引き継いだタブの作業は、もう一時保存されていません。")
        return
    restore_work(kept[0])
    take_over(token, kept[1], kept[0])  # handed over to this tab, as a reload's is


if st.session_state.get(HANDED) and not st.session_state.get(GROUPS):
    # Not loaded on its own: two tabs holding one worksheet would each edit the same answers apart.
    st.warning("このアドレスで一時保存していた一括起案の作業は、別のタブ（同じアドレスで開いたタブ、または再読み込みしたページ）"
               "に引き継がれているため、このタブには読み込んでいません。二つのタブで同じ回答を別々に編集しないよう、"
               "引き継いだタブで続けてください。そのタブを閉じてしまったときは、下のボタンでこのタブに読み込めます。")
    st.button("引き継いだ作業をこのタブで開く", key="batch_open_moved", on_click=open_moved)


def keep_worksheet() -> None:
    """Keep the worksheet in the store under the tab's token (:func:`assistant.drafts.keep_batch_work`) when it
    changed since the last run: the fields, the comments as read and their groups, the page shown, and every answer
    not saved (typed, or chosen from a candidate: not the answer the search put there) with its group's No. and the
    saved draft it continues from (its id and version).

    Also each field's and answer's on_change, which runs before whatever run the change starts: leaving for another
    page straight after typing (the change and the page switch one rerun, or the switch stopping this page's run
    before its end) left the last edit out of the kept worksheet, lost with the session. Defined before any widget
    that calls it back, for a run stopped halfway."""
    state = st.session_state
    if state.get(KEEP_FAILED):
        return  # an on_change of this run failed to keep it (the store busy): one wait and one warning a run
    owner = keeper()
    if owner is None:
        return  # removed or signed out since the run before: their typing is not kept (the sign-in form follows)
    groups, read = state.get(GROUPS), state.get(INPUT)
    found = state.get(Keys.BATCH_ROWS) or {}
    answers = dict(state.get(PENDING) or {})  # kept before a reload, their pages not opened since
    for group in groups or []:
        if group.index in found:
            saved, answer = state.get(f"batch_saved_{group.index}"), state.get(f"batch_answer_{group.index}", "")
            choice = state.get(f"batch_choice_{group.index}")
            touched = state.get(f"batch_start_{group.index}") != (choice, answer)
            if touched and (saved is None or answer != saved.text):
                answers[str(group.index)] = [group.no, group_key(group), choice, answer,
                                             [saved.id, saved.version] if saved is not None else None]
    pasted = state.get("batch_text", "")
    comments = read.get("comments") if read is not None and groups else None
    limit = int(settings.get("batch_keep_chars"))
    work = {"consultation": state.get(Keys.CONSULTATION, ""), "author": state.get(Keys.AUTHOR, ""),
            "title": state.get(TITLE, ""), "period": state.get(PERIOD, ""),
            "pasted": pasted if len(pasted) + (read or {}).get("chars", 0) * (comments is not None) <= limit else None,
            "source": state.get(SOURCE), "sheet": state.get(SHEET) or "", "notes": list(state.get(NOTES) or []),
            "page": int(state.get(PAGE) or 1), "answers": answers,
            "too_large": bool(groups) and read is not None and read.get("comments") is None}
    last = state.get(KEPT_WORK)
    if last is None and not (any(work[field] for field in ("consultation", "title", "period", "pasted")) or groups):
        return  # nothing typed yet: nothing to keep
    if last is not None and last[0] == work and last[1] is comments and last[2] is groups:
        return
    layout = last[3] if last is not None and last[2] is groups and last[1] is comments else (
        group_layout(groups, comments) if groups and comments is not None else None)
    kept_input = {"comments": comments, "numbers": read.get("numbers") or [], "chars": read.get("chars", 0)} if layout else None
    try:
        keep_batch_work(store, state[Keys.BATCH_TOKEN], owner, {**work, "input": kept_input, "layout": layout})
    except AssistantError as error:
        state[KEEP_FAILED] = True
        st.warning(f"一括起案の入力内容を一時保存できませんでした（{error_text(error)}）。ページを再読み込みすると入力が消えます。")
        return
    state[KEPT_WORK] = (work, comments, groups, layout)
    old = state.pop(RESTORED_FROM, None)
    if old and old[0] != state[Keys.BATCH_TOKEN]:  # kept under the new token: the copy under the old one goes (a note
        # of where it went stays, for a tab opened on the old address), if it is still the copy restored
        take_over(old[0], old[1], None)


def consultation_name() -> str:
    """The consultation's name as typed, in the one form it is stored under (「ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ　２０２６」 is 「パブリックコメント
    2026」): compared with a saved draft's, the name as typed made the worksheet's own save a colleague's."""
    return canonical_name(st.session_state[Keys.CONSULTATION])


def sheet_name() -> str:
    """The consultation the worksheet belongs to: the one it was searched for (its saved drafts were matched for
    it), or the one named now when it was searched before a name was typed."""
    return st.session_state.get(SHEET) or consultation_name()


def elsewhere() -> str | None:
    """Why the worksheet is not saved under the name now in the field (shared with 起案, where opening another
    consultation's draft changes it), or None (:func:`assistant.batch.worksheet_elsewhere`)."""
    name = consultation_name()
    return worksheet_elsewhere(st.session_state.get(SHEET) or "", name, holds_answers(store, name) if name else True)


def loaded() -> Consultation | None:
    """The title and period the fields were filled with, for the consultation named (what a save compares them with)."""
    state = st.session_state
    return state.get(LOADED) if state.get(FILLED) == consultation_name() else None


def edited(filled: Consultation) -> tuple[bool, bool]:
    """Whether the 件名 field, and the 期間 field, differ from what they were filled with (a period that cannot be
    read as dates is edited)."""
    state = st.session_state
    typed = replace(filled, title=state.get(TITLE, ""))
    try:
        start, end = consultation_period(state.get(PERIOD, ""))
    except DraftError:
        return edited_fields(typed, filled)[0], True
    return edited_fields(replace(typed, period_start=start, period_end=end), filled)


def show_stored(stored: Consultation, settled: bool = False) -> None:
    """Put the stored title and period into the fields not edited (a colleague's correction shows, and a save leaves
    it as it is). An edited field keeps what it was filled with as loaded, so that a save still finds a colleague's
    change made since, unless ``settled``: a save stored it, or refused it with the colleague's shown (then a
    colleague's title or period to take is no longer offered)."""
    state, filled = st.session_state, loaded()
    title, period = edited(filled) if filled is not None else (False, False)
    if not title:
        state[TITLE] = own_title(stored)
    if not period:
        state[PERIOD] = format_period(stored.period_start, stored.period_end)
    if filled is not None and not settled:
        stored = replace(stored, **({"title": filled.title} if title else {}),
                         **({"period_start": filled.period_start, "period_end": filled.period_end} if period else {}))
    state[FILLED], state[LOADED] = stored.name, stored
    if settled:
        state[THEIRS] = None


def fill_consultation() -> None:
    """The stored title and period of the consultation named: a save writes the fields, and empty ones erased
    what a colleague had saved. Switching from another consultation replaces what was there (typed for that
    one); the first name keeps a title or period typed before it, filling only the fields left empty. Filled
    before, the fields not edited since show what is stored now (a colleague's correction: a save put back the
    title the page had loaded)."""
    state = st.session_state
    name = consultation_name()
    before = state.get(FILLED, "")
    if not name:
        return
    stored = get_consultation(store, name)
    if before == name and state.get(LOADED) is not None:
        if any(edited_fields(stored, state[LOADED])):
            show_stored(stored)
        return
    values = {TITLE: own_title(stored), PERIOD: format_period(stored.period_start, stored.period_end)}
    for key, value in values.items():
        if before or not state.get(key, "").strip():
            state[key] = value
    state[FILLED], state[LOADED], state[THEIRS] = name, stored, None


def refused_title(conflict: ConsultationConflict) -> None:
    """A save refused over a colleague's title or period: the fields not edited take theirs, the edited ones stay (a
    save again writes them over the colleague's, as the message says), and 「…を使う」 takes theirs."""
    show_stored(conflict.theirs, settled=True)
    st.session_state[THEIRS] = conflict


def take_theirs() -> None:
    """The colleague's title or period that a save was refused over, into the fields."""
    state = st.session_state
    conflict, state[THEIRS] = state[THEIRS], None
    if conflict.fields[0]:
        state[TITLE] = own_title(conflict.theirs)
    if conflict.fields[1]:
        state[PERIOD] = format_period(conflict.theirs.period_start, conflict.theirs.period_end)


def store_title(typed: Consultation, user) -> None:
    """Save the title and period typed (「件名と期間を保存する」), over a colleague's change only once told of it.

    Raises:
        ConsultationConflict: A colleague changed what was edited here since the fields were filled.
    """
    try:
        stored = save_consultation(store, typed, user=user, anonymous=author_name(user), expected=loaded())
    except ConsultationConflict as conflict:
        refused_title(conflict)
        raise
    show_stored(stored, settled=True)


def name_typed() -> None:
    fill_consultation()
    keep_worksheet()


fill_consultation()  # the name may come from the 起案 page or a reload, not only from typing it here
left, right = st.columns([1, 1])
left.text_input("意見募集の名前", key=Keys.CONSULTATION, on_change=name_typed)
right.text_input("担当者名", key=Keys.AUTHOR, disabled=user is not None)
left.text_input("件名（書き出す表の題名）", key=TITLE, placeholder="例: 介護保険に関する事務の特定個人情報保護評価書",
                on_change=keep_worksheet)
right.text_input("意見募集期間（和暦可）", key=PERIOD, placeholder="例: 令和8年1月5日～令和8年2月4日",
                 on_change=keep_worksheet)
if st.session_state.get(THEIRS) is not None:
    st.button(f"保存されている{'・'.join(label for label, taken in zip(('件名', '期間'), st.session_state[THEIRS].fields) if taken)}を使う",
              key="batch_take_title", on_click=take_theirs)

upload = st.file_uploader("ご意見の CSV / XLSX（1行に1件）", type=["csv", "xlsx", "txt"], key="batch_file")
if upload is None and st.session_state.get(SOURCE) and st.session_state.get(GROUPS):
    st.caption(f"いまの一覧はファイル「{md_escape(st.session_state[SOURCE])}」から読んだものです。"
               "ほかの画面に移ると選んだファイルは外れるため、探し直すときはもう一度選んでください。")
st.text_area("または貼り付け（1行に1件、または空行で区切る）", key="batch_text", height=150, on_change=keep_worksheet)



def read_batch() -> tuple[list[BatchGroup], dict]:
    """The batch's groups, and its comments as read to keep with the worksheet (``INPUT``); an uploaded file is read
    row by row, keeping only the distinct comments (and the comments as read up to ZENREI_BATCH_KEEP_CHARS characters).
    Which one was read is said when both are there, or when the worksheet came from a file no longer chosen (an
    uploader is empty again after a visit to another page)."""
    st.session_state[NOTES] = notes = []
    pasted = st.session_state["batch_text"]
    kept = KeptInput()
    numbers: list[str] = []  # the file's own No., when every comment has one (or a table pasted from Excel's No. column)
    if upload is not None:
        if pasted.strip():
            notes.append(f"ファイル「{upload.name}」のご意見を読みました。貼り付けたご意見は使っていません（使うときは、"
                         "ファイルを外してから探し直してください）。")
        with uploaded_path(upload) as path:
            groups = group_batch(kept.collect(read_comments(path, notes, numbers)), numbers=numbers, notes=notes)
    else:
        if st.session_state.get(SOURCE) and pasted.strip():
            notes.append(f"前に読んだファイル「{st.session_state[SOURCE]}」は、いま選ばれていないため（ほかの画面に移ると外れます）、"
                         "貼り付けたご意見を読みました。ファイルのご意見で探すときは、もう一度選んでください。")
        groups = group_batch(kept.collect(read_pasted(pasted, notes, numbers)), numbers=numbers, notes=notes)
    return groups, {"comments": kept.comments, "numbers": list(numbers), "chars": kept.chars}


# Per comment group (keyed by its first comment's index): the answer text the app last put in the box
# (to tell an edit from it), the chosen source before the current one, a choice waiting for the user to
# confirm discarding an edit, the draft as last saved from this worksheet, a colleague's conflicting save, and
# the comment a draft found at the group's own No. was saved with when the wording has changed since.
ROW_STATE = ("batch_base_", "batch_prev_", "batch_pending_", "batch_saved_", "batch_conflict_", "batch_answer_",
             "batch_choice_", "batch_reworded_", "batch_start_")
MOVED = ("batch_saved_", "batch_reworded_", "batch_conflict_")  # a row's state that belongs to its consultation


def follow_name() -> None:
    """Move the worksheet to the name now in the field when nothing is stored under it (a name corrected before the
    first save: refused, the answers could be saved only under the wrong name, or searched again and lost), or when
    it is the one the worksheet moved from: its rows are matched to that consultation's saved drafts (none), or get
    back what they held there. A consultation that holds drafts or a title of its own is never taken
    (:func:`elsewhere` says so)."""
    state = st.session_state
    sheet, name, groups, found = state.get(SHEET) or "", consultation_name(), state.get(GROUPS), state.get(Keys.BATCH_ROWS)
    if not sheet or not name or sheet == name or not groups or found is None:
        return
    left = state.get(LEFT)
    if left is not None and left[0] == name:
        unmatched, rows = left[1], left[2]
    elif not holds_answers(store, name):
        unmatched, rows = saved_answers(store, name, groups), {}
    else:
        return
    state[LEFT] = (sheet, state.get(UNMATCHED), {key: state[key] for key in state if str(key).startswith(MOVED)})
    for key in [key for key in state if str(key).startswith(MOVED)]:
        del state[key]
    state.update(rows)
    state[SHEET], state[UNMATCHED] = name, unmatched


follow_name()  # before anything reads the worksheet's consultation: the name may have changed since the last run


def candidate(row: BatchRow, choice: str):
    return None if choice == OWN else row.suggestions[int(choice.split()[1]) - 1]


def unsaved_edits() -> list[str]:
    """The No. of every searched group whose answer box differs from its last save (or, never saved,
    from the answer the page put there)."""
    state, found = st.session_state, st.session_state.get(Keys.BATCH_ROWS) or {}
    edited = []
    for group in state.get(GROUPS) or []:
        if group.index in found:
            saved = state.get(f"batch_saved_{group.index}")
            answer = state.get(f"batch_answer_{group.index}", "")
            if answer.strip() and answer != (saved.text if saved is not None else state.get(f"batch_base_{group.index}")):
                edited.append(group.no)
        elif str(group.index) in (state.get(PENDING) or {}):  # kept before a reload, its page not opened since
            edited.append(group.no)
    return edited


def listed_nos(nos) -> str:
    """「No.2、5」, at most ten Nos. then 「ほか」 (a No. may come from the file: escaped)."""
    return f"No.{md_escape('、'.join(nos[:10]))}{' ほか' if len(nos) > 10 else ''}"


def confirm_rerun(discard: bool) -> None:
    st.session_state["batch_rerun"] = "discard" if discard else None


run = st.button("一括で前例を探す", key="batch_run", type="primary")
if run and unsaved_edits():
    st.session_state["batch_rerun"] = "asked"  # searching again would throw the edits away: ask first
    run = False
elif st.session_state.get("batch_rerun") == "discard":
    st.session_state["batch_rerun"], run = None, True
if st.session_state.get("batch_rerun") == "asked":
    pending = unsaved_edits()
    back = f"意見募集の名前を「{md_escape(sheet_name())}」に戻して" if elsewhere() else ""  # a save is refused until then
    st.warning(f"保存していない編集が {len(pending):,} 件あります（{listed_nos(pending)}）。"
               f"探し直すと、その編集は消えます。残すときは先に{back}「まとめて保存する」を押してください。")
    left_button, right_button = st.columns(2)
    left_button.button("編集を捨てて探し直す", key="batch_rerun_discard", on_click=confirm_rerun, args=(True,))
    right_button.button("やめる", key="batch_rerun_cancel", on_click=confirm_rerun, args=(False,))
if run:
    try:
        with st.spinner("ご意見を読み、同じ文面と似た文面をまとめています…"):
            groups, read = read_batch()
        if not groups:
            raise AssistantError("ご意見がありません。ファイルを選ぶか、貼り付けてください。")
        name = consultation_name()
        if name:  # wordings staff answered apart last time stay apart
            groups, split = keep_answered_apart(groups, saved_answers(store, name, groups))
            if split:
                st.session_state[NOTES].append(f"No.{'、No.'.join(split[:10])}{' ほか' if len(split) > 10 else ''} は、似た文面に別々の回答案が保存されているため、"
                                               "前回と同じように別々の回答に分けています。")
        for key in [k for k in st.session_state if str(k).startswith(ROW_STATE)]:
            del st.session_state[key]
        st.session_state[UNMATCHED] = None
        st.session_state[GROUPS], st.session_state[Keys.BATCH_ROWS], st.session_state[PAGE] = groups, {}, 1
        st.session_state[SHEET], st.session_state[LEFT] = name, None
        st.session_state[SOURCE] = upload.name if upload is not None else None
        # answers kept before a reload wait for their groups when the comments had to be read again (too many to
        # keep); searching again over a worksheet on screen starts afresh, as it does for the answers in its boxes
        waiting = st.session_state.get(PENDING) or {} if st.session_state.get(INPUT) is None else {}
        keys = {str(group.index): (group.no, group_key(group)) for group in groups}
        st.session_state[PENDING] = {index: entry for index, entry in waiting.items()
                                     if keys.get(index) == (entry[0], entry[1])}
        st.session_state[INPUT] = read
    except AssistantError as error:
        st.error(error_text(error))
for note in st.session_state.get(NOTES) or []:
    st.warning(md_message(note))  # notes quote the file: its Nos., its sheets' names


def search_page(groups: list[BatchGroup]) -> None:
    """Search the groups not searched yet and preselect each one's best answer."""
    state, found = st.session_state, st.session_state[Keys.BATCH_ROWS]
    missing = [group for group in groups if group.index not in found]
    if not missing:
        return
    name = sheet_name()  # a page opened after the name field changed: still the worksheet's own drafts
    # Answered before (another day, another session): each group continues from its own saved draft, found
    # by its comment even when comments added above it moved its No.
    answers = saved_answers(store, name, state[GROUPS]) if name else None
    if answers is not None:
        state[UNMATCHED], state[SHEET] = answers, name
    bar = st.progress(0.0, text="このページのご意見の前例を探しています…")
    for done, group in enumerate(missing, start=1):
        row = found[group.index] = search_group(retriever, group)
        choice = "候補 1" if row.best and not row.no_precedent else OWN
        saved = answers.drafts.get(group.index) if answers else None
        if saved is not None:
            picked = {pick.precedent_id for pick in saved.picks}
            choice = next((f"候補 {s.rank}" for s in row.suggestions if s.precedent_id in picked), OWN)
            state[f"batch_saved_{row.index}"] = saved
            if group.index in answers.reworded:
                state[f"batch_reworded_{row.index}"] = saved.comment
        picked_now = candidate(row, choice)
        text = picked_now.answer if picked_now is not None else ""
        state.update({f"batch_choice_{row.index}": choice, f"batch_answer_{row.index}": saved.text if saved else text,
                      f"batch_base_{row.index}": text, f"batch_prev_{row.index}": choice})
        # what the search put in the row: an answer that is still this was not typed or chosen, and is not kept
        state[f"batch_start_{row.index}"] = (choice, state[f"batch_answer_{row.index}"])
        restore_answer(group, row)
        bar.progress(done / len(missing), text=f"このページのご意見の前例を探しています… {done}/{len(missing)}")
    bar.empty()


def restore_answer(group: BatchGroup, row: BatchRow) -> None:
    """The answer kept for the group before a reload (F5), into its box, with the source it was chosen from (when the
    search offers it again); kept for another group of the same No. (another file read), it is dropped. It continues
    from the saved draft it was typed over (none, or that version), as without the reload: when a colleague has saved
    since, the save is refused as a conflict, not written over theirs."""
    state = st.session_state
    entry = (state.get(PENDING) or {}).pop(str(group.index), None)
    if not isinstance(entry, list) or len(entry) not in (4, 5) or (entry[0], entry[1]) != (group.no, group_key(group)):
        return
    no, key, choice, answer = entry[:4]
    current = state.get(f"batch_saved_{row.index}")
    now = [current.id, current.version] if current is not None else None
    if len(entry) == 4:  # kept by an earlier version, which did not record the saved draft: only where none is saved
        if now is not None:
            return
    elif entry[4] != now:
        since = entry[4]
        state[f"batch_saved_{row.index}"] = None if since is None else next(
            (draft for draft in draft_versions(store, int(since[0])) if draft.version == since[1]), current)
    if choice in [f"候補 {s.rank}" for s in row.suggestions] + [OWN]:
        picked = candidate(row, choice)
        state[f"batch_choice_{row.index}"] = state[f"batch_prev_{row.index}"] = choice
        if picked is not None:
            state[f"batch_base_{row.index}"] = picked.answer
    state[f"batch_answer_{row.index}"] = answer


def apply_choice(index: int, choice: str) -> None:
    """Put the chosen candidate's answer in the box (the choice is confirmed, or nothing was edited)."""
    state = st.session_state
    suggestion = candidate(state[Keys.BATCH_ROWS][index], choice)
    state[f"batch_choice_{index}"] = state[f"batch_prev_{index}"] = choice
    state[f"batch_pending_{index}"] = None
    if suggestion is not None:
        state[f"batch_answer_{index}"] = state[f"batch_base_{index}"] = suggestion.answer


def choose(index: int) -> None:
    """Switch to the chosen source; an edited answer is kept until the user confirms discarding it."""
    state = st.session_state
    choice = state[f"batch_choice_{index}"]
    edited = state[f"batch_answer_{index}"].strip() and state[f"batch_answer_{index}"] != state.get(f"batch_base_{index}")
    if choice != OWN and edited:
        state[f"batch_pending_{index}"] = choice
        state[f"batch_choice_{index}"] = state[f"batch_prev_{index}"]
        return
    apply_choice(index, choice)
    keep_worksheet()


def keep_edit(index: int) -> None:
    st.session_state[f"batch_pending_{index}"] = None


def load_theirs(index: int) -> None:
    """Take the colleague's saved answer into the box; the next save continues from their version."""
    state = st.session_state
    theirs = state[f"batch_conflict_{index}"].theirs
    state[f"batch_answer_{index}"] = theirs.text
    state[f"batch_saved_{index}"], state[f"batch_conflict_{index}"] = theirs, None


def show_candidates(row: BatchRow) -> None:
    """The candidates' answers side by side, to compare before choosing."""
    for column, suggestion in zip(st.columns(len(row.suggestions)), row.suggestions):
        source = suggestion.sources[0]
        label = "前例" if suggestion.is_precedent else "参考"
        with column.container(border=True):
            st.caption(f"候補 {suggestion.rank}（{label}、確からしさ {row.percent(suggestion.score)}、{len(suggestion.sources)} 件で使用）: "
                       + md_escape(f"{source.document}　{source.period}　No.{source.no}"))
            st.markdown(md_escape(suggestion.answer))


def split_off(index: int, wordings: list[int] | None) -> None:
    """Answer some wordings of a group apart (:func:`assistant.batch.split_group`); the part that keeps the
    group's first comment keeps its answer box, the others are searched when their page is shown."""
    state = st.session_state
    group = next((group for group in state.get(GROUPS) or [] if group.index == index), None)
    if group is None or len(group.variants) < 2:
        state[Keys.MESSAGE] = ("warning", "このまとまりは、もう分けられています。")
        return
    state[GROUPS] = with_split(state[GROUPS], index, wordings)
    parts = [part.no for part in state[GROUPS] if part.index in group.members]
    listed = "No." + "、No.".join(md_escape(part) for part in parts[:10]) + (" ほか" if len(parts) > 10 else "")
    state[Keys.MESSAGE] = ("info", f"No.{md_escape(group.no)} を {listed} の {len(parts):,} つの回答に分けました。"
                                   "新しく分けたご意見には、前例を探した回答案が入ります（まとめて保存するまで保存されません）。")


def show_row(group: BatchGroup, row: BatchRow) -> None:
    state = st.session_state
    with st.container(border=True):
        st.markdown(f"**No.{md_escape(group.no)}**" + (f"　{group.label}" if group.count > 1 else ""))
        for slot, (text, first, count) in enumerate(group.variants[:VARIANTS_SHOWN]):
            if group.count > 1:
                st.caption(f"No.{md_escape(group.number(first))}" + (f"　ほか同じ文面 {count - 1:,}件" if count > 1 else ""))
            st.markdown(md_escape(text))
            if slot:
                st.button("この文面を別の回答にする", key=f"batch_split_{group.index}_{slot}", on_click=split_off,
                          args=(group.index, [slot]))
        if len(group.variants) > VARIANTS_SHOWN:
            st.caption(f"ほかに似た文面が {len(group.variants) - VARIANTS_SHOWN:,} 種類あります（同じ回答でまとめています）。")
        if len(group.variants) > 2:
            st.button(f"似た文面 {len(group.variants):,} 種類をすべて別々の回答にする", key=f"batch_split_{group.index}_all",
                      on_click=split_off, args=(group.index, None))
        if row.notice:
            st.warning(md_escape(row.notice))  # it quotes the comment
        if row.error:
            st.warning(row.error)
        elif row.no_precedent:
            st.info(row.note or f"近い前例はありません（最も近い候補の確からしさ {row.percent(row.confidence)}。前例とみなすのは "
                                f"{row.threshold_text} 以上）。新しく回答を書いてください。")
        else:
            st.success(f"前例があります（確からしさ {row.percent(row.confidence)}）")
        if row.suggestions:
            show_candidates(row)
        options = [f"候補 {s.rank}" for s in row.suggestions] + [OWN]
        st.radio("回答の元", options, key=f"batch_choice_{row.index}", horizontal=True,
                 on_change=choose, args=(row.index,))
        pending = state.get(f"batch_pending_{row.index}")
        if pending:
            st.warning(f"回答案を編集しています。{pending}に切り替えると、編集した内容は消えます。")
            left, right = st.columns(2)
            left.button(f"編集を捨てて{pending}にする", key=f"batch_discard_{row.index}",
                        on_click=apply_choice, args=(row.index, pending))
            right.button("編集を残す", key=f"batch_keep_{row.index}", on_click=keep_edit, args=(row.index,))
        st.text_area("本市の考え方", key=f"batch_answer_{row.index}", height=140, on_change=keep_worksheet)
        conflict = state.get(f"batch_conflict_{row.index}")
        if conflict is not None:
            st.error(md_escape(str(conflict)))  # it may quote the stored comment: the citizen's text, as typed
            st.markdown("**保存されている回答案**")
            st.markdown(md_escape(conflict.theirs.text))
            left, right = st.columns(2)
            left.button("保存されている内容を読み込む", key=f"batch_load_{row.index}", on_click=load_theirs,
                        args=(row.index,))
            right.button("自分の内容で上書き保存する", key=f"batch_overwrite_{row.index}", on_click=save_all,
                         args=(row.index,))
        saved = state.get(f"batch_saved_{row.index}")
        if saved is not None and conflict is None:
            moved = (f"、保存したときは No.{md_escape(saved.item_no)}。保存すると No.{md_escape(group.no)} に付け替えます"
                     if saved.item_no != group.no else "")
            st.caption(f"保存済み（版 {saved.version}、{md_escape(saved.author)} さん{moved}）")
        reworded = state.get(f"batch_reworded_{row.index}")
        if reworded:
            st.warning("この回答案は、保存したときとご意見の文面が違います。回答が今のご意見に合っているか確かめてください。")
            st.caption("保存したときのご意見: " + md_escape(reworded))


def row_draft(group: BatchGroup, row: BatchRow, name: str) -> Draft:
    """The group's answer as a draft that continues from its last save in this worksheet; the comment keeps
    the group's count (「（同趣旨 1,523件）」) for the exported table."""
    state = st.session_state
    picked = candidate(row, state[f"batch_choice_{row.index}"])
    saved = state.get(f"batch_saved_{row.index}")
    ours = saved is not None and saved.consultation == name
    draft_id, version = (saved.id, saved.version) if ours else (None, 0)
    return Draft(  # an approved (決裁済) or checked answer keeps its status: saving it again is no demotion
        draft_id, name, group.no, group.summary, state[f"batch_answer_{row.index}"], author=state[Keys.AUTHOR].strip(),
        status=saved.status if ours else "下書き",
        picks=() if picked is None else kept_picks(state[f"batch_answer_{row.index}"],  # rewritten: not its source
                                                   (Pick(picked.precedent_id, f"{picked.precedent_id}:*", picked.answer),)),
        suggested=tuple(s.template_id for s in row.suggestions), version=version,
    )


def unchanged(draft: Draft, group: BatchGroup) -> bool:
    """Nothing to write: the answer, its source and the comment (with its count) are as last saved (a comment saved
    whole before the letter around it was left out included: :func:`assistant.batch.comment_as_saved`)."""
    saved = st.session_state.get(f"batch_saved_{group.index}")
    return (saved is not None and draft.id == saved.id and (draft.text, draft.picks) == (saved.text, saved.picks)
            and comment_as_saved(group, draft.comment, saved.comment)  # as save_batch stores it
            and st.session_state.get(f"batch_conflict_{group.index}") is None)


SAVE_NOTE = "batch_save_note"  # what 「まとめて保存する」 did, drawn under that button (it is at the page's foot)


def save_all(overwrite: int | None = None) -> None:
    """Save every changed group (or, after a conflict, one group over the colleague's version). The message goes
    under the button pressed: the save button's own below it, a row's overwrite at the top of the page."""
    state, user = st.session_state, acting_user(store)
    note = Keys.MESSAGE if overwrite is not None else SAVE_NOTE
    name = consultation_name()
    found = state[Keys.BATCH_ROWS]
    groups = [group for group in state[GROUPS] if group.index in found and overwrite in (None, group.index)]
    unseen = 0 if overwrite is not None else len(state[GROUPS]) - len(groups)
    drafts, kept = {}, 0
    for group in groups:
        row = found[group.index]
        draft = row_draft(group, row, name)
        if overwrite is not None:
            theirs = state[f"batch_conflict_{row.index}"].theirs
            draft = replace(draft, id=theirs.id, version=theirs.version, status=theirs.status)  # an approval stays
        if unchanged(draft, group):
            kept += 1
        else:
            drafts[row.index] = draft
    try:
        start, end = consultation_period(state[PERIOD])
        answers = saved_answers(store, name, state[GROUPS])  # read now: a colleague may have saved since
        result = save_batch(store, Consultation(name, state[TITLE].strip(), start, end), list(drafts.values()),
                            user=user, answers=answers, author=state[Keys.AUTHOR].strip(), expected=loaded(),
                            searched=state.get(SHEET) or "")  # refused when the name field says another now
    except ConsultationConflict as conflict:
        refused_title(conflict)
        state[note] = ("error", error_text(conflict) + "回答案もまだ保存していません。")
        return
    except AssistantError as error:
        state[note] = ("error", error_text(error))
        return
    show_stored(result.consultation, settled=True)  # a colleague's title or period, left as stored, shows
    state[SHEET] = result.consultation.name  # searched before a name was typed: the worksheet is this one's now
    state[UNMATCHED] = saved_answers(store, name, state[GROUPS])  # as the save left them
    moved = {draft.id: draft for draft in result.renumbered.values()}
    for group in state[GROUPS]:  # drafts given their group's No. (those written again are dealt with below)
        saved, theirs = state.get(f"batch_saved_{group.index}"), None
        if saved is not None:
            theirs = moved.get(saved.id)
        if theirs is None:
            continue
        if theirs.version == saved.version + 1:  # moved from the version this worksheet holds
            state[f"batch_saved_{group.index}"] = theirs
        elif state.get(f"batch_answer_{group.index}") == saved.text:  # a colleague saved it since; nothing edited here
            state[f"batch_saved_{group.index}"], state[f"batch_answer_{group.index}"] = theirs, theirs.text
        else:  # a colleague saved it since, and it was edited here: their text is shown, never overwritten
            state[f"batch_conflict_{group.index}"] = DraftConflict(row_draft(group, found[group.index], name), theirs)
    for index, draft in drafts.items():
        if draft.item_no in result.saved:
            saved = result.saved[draft.item_no]
            state[f"batch_saved_{index}"], state[f"batch_conflict_{index}"] = saved, None
            state[f"batch_answer_{index}"], state[f"batch_reworded_{index}"] = saved.text, None
        elif draft.item_no in result.conflicts:
            state[f"batch_conflict_{index}"] = result.conflicts[draft.item_no]
        elif draft.item_no in result.deleted:  # the next save makes it a new draft, as the message says
            state[f"batch_saved_{index}"] = None
    message = f"{len(result.saved)} 件の回答案を「{md_escape(name)}」に保存しました。"
    if kept:
        message += f"（変更のない {kept} 件はそのままです）"
    if result.renumbered:
        moves = [f"No.{md_escape(old)} → No.{md_escape(draft.item_no)}" for old, draft in result.renumbered.items()]
        message += (f"ご意見の一覧が変わったため、{len(moves):,} 件の回答案の番号を付け替えました（{'、'.join(moves[:10])}"
                    f"{' ほか' if len(moves) > 10 else ''}）。")
    if result.not_renumbered:
        message += "".join(f"No.{md_escape(old)} の回答案は番号を付け替えていません（{md_message(why)}）"
                           for old, why in result.not_renumbered.items())
    if result.unmoved:
        message += "".join(f"No.{md_escape(no)} は、保存済みの回答案の番号を付け替えられなかったため保存していません（{md_message(why)}）"
                           for no, why in result.unmoved.items())
    if result.waiting:
        message += (f"No.{md_escape('、'.join(result.waiting))} には、今回のほかのご意見への回答案が番号を付け替えられずに残っているため、"
                    "保存していません。")
    if result.refused:
        message += "".join(f"No.{md_escape(no)} は保存していません（{md_message(why)}）" for no, why in result.refused.items())
    if result.deleted:
        message += "".join(f"No.{md_escape(no)} は保存していません（{md_message(why)}）" for no, why in result.deleted.items())
        message += "もう一度「まとめて保存する」を押すと、新しい回答案として保存します。"
    if result.conflicts:
        message += (f"No.{md_escape('、'.join(result.conflicts))} は、開いた後に別の版が保存されていたため保存していません。"
                    "その行で保存されている内容を確かめてください。")
    taken = [no for no, holder in result.taken.items() if holder.item_no == item_number(no)]
    if taken:
        message += f"No.{md_escape('、'.join(taken))} には今回のご意見にない回答案が保存されているため、保存していません。"
    for no, holder in result.taken.items():  # at another No. that lists some of the same comments (「4」 for 「3・4」)
        if holder.item_no != item_number(no):
            message += (f"No.{md_escape(no)} は、今回のご意見にない No.{md_escape(holder.item_no)} の回答案とご意見の番号が重なるため、"
                        f"保存していません（両方あると回答の表に同じ No. が2回載ります）。")
    if result.empty:
        message += f"No.{md_escape('、'.join(result.empty))} は回答案が空のため保存していません。"
    if unseen:
        message += f"まだ開いていないページの {unseen:,} 件は、前例を探していないため保存していません。"
    if (result.taken or result.unmoved or result.waiting or result.not_renumbered) and state[UNMATCHED].unmatched:
        message += "上の「一覧にない回答案を削除する」で確かめ、不要なら削除してから保存し直してください。"
    trouble = (result.conflicts or result.empty or result.taken or result.not_renumbered or result.unmoved
               or result.waiting or result.refused or result.deleted)
    state[note] = ("warning" if trouble else "success", message)


def name_back() -> None:
    """The name field back to the worksheet's consultation (the page fills its stored title and period again)."""
    st.session_state[Keys.CONSULTATION] = st.session_state[SHEET]


def delete_unmatched(shown: tuple[tuple[int, int], ...]) -> None:
    """Delete the saved drafts that answer none of the batch's comments, as they were shown (id and version:
    one a colleague saved or matched since is kept); each deletion audited, approved drafts only by 決裁. The
    next save can then give their numbers to this batch's answers."""
    state, user = st.session_state, acting_user(store)
    if (why := elsewhere()) is not None:  # the drafts shown are another consultation's than the one named now
        state[Keys.MESSAGE] = ("error", md_message(why))
        return
    name = consultation_name()
    current = saved_answers(store, name, state[GROUPS]) if name else None
    unmatched = [draft for draft in current.unmatched if (draft.id, draft.version) in shown] if current else []
    deleted, refused = [], []
    for draft in unmatched:
        try:
            delete_draft(store, draft.id, user=user, anonymous=author_name(user), version=draft.version)
            deleted.append(draft.item_no)
        except AssistantError as error:
            refused.append(f"No.{md_escape(draft.item_no)}: {error_text(error)}")
    state[UNMATCHED] = saved_answers(store, name, state[GROUPS]) if name else None
    message = f"一覧にない回答案 {len(deleted):,} 件を削除しました。" + "".join(refused)
    state[Keys.MESSAGE] = ("warning" if refused else "success", message)


groups = st.session_state.get(GROUPS)
if groups and st.session_state[Keys.BATCH_ROWS] is not None:
    total = sum(group.count for group in groups)
    distinct = sum(len(group.variants) for group in groups)
    copies, references = sum(group.copies for group in groups), sum(group.references for group in groups)  # 「同上」 apart
    parts = ([f"同じ文面の写し {copies:,} 件"] if copies else []) + (
        [f"似た文面 {distinct - len(groups):,} 件"] if distinct > len(groups) else []) + (
        [f"「同上」など {references:,} 件"] if references else [])
    merged = f"{'、'.join(parts)}を同趣旨としてまとめています" if parts else "同趣旨のご意見はありません"
    st.caption(f"{total:,} 件のご意見を {len(groups):,} 件の回答にまとめました（{merged}）。")
    read = st.session_state.get(INPUT)
    if read is not None and read.get("comments") is None:  # too many to keep: a reload will need them again
        st.warning(too_large_note(read.get("chars") or 0))
    notice = st.container()  # filled once this page's groups are matched to saved drafts (below)
    pages = math.ceil(len(groups) / GROUPS_PER_PAGE)
    if pages > 1:
        st.number_input(f"ページ（全 {pages:,} ページ、1ページ {GROUPS_PER_PAGE} 件）", min_value=1, max_value=pages,
                        step=1, key=PAGE)
    page = min(int(st.session_state.get(PAGE) or 1), pages)
    shown = groups[(page - 1) * GROUPS_PER_PAGE:page * GROUPS_PER_PAGE]
    search_page(shown)
    away = elsewhere()
    with notice:
        if away is not None:  # nothing of the consultation named now is matched, saved or offered for deletion here
            st.warning(md_message(away))
            st.button(f"意見募集の名前を「{md_escape(sheet_name())}」に戻す", key="batch_name_back", on_click=name_back)
        answers = st.session_state.get(UNMATCHED)  # the worksheet's own consultation's drafts
        unmatched = answers.unmatched if answers is not None and away is None else ()
        if unmatched:
            name = md_escape(sheet_name())
            apart = [draft for draft in unmatched if draft.id not in answers.merged]
            together = [draft for draft in unmatched if draft.id in answers.merged]
            notes = []
            if apart:
                listed = "、".join(f"No.{md_escape(draft.item_no)}" for draft in apart[:10]) + (" ほか" if len(apart) > 10 else "")
                notes.append(f"{len(apart):,} 件（{listed}）は、今回のご意見のどれとも文面が合いません。")
            if together:
                listed = "、".join(f"No.{md_escape(draft.item_no)}（今の No.{md_escape(answers.merged[draft.id])}）" for draft in together[:10])
                notes.append(f"{len(together):,} 件（{listed}{' ほか' if len(together) > 10 else ''}）は、ご意見が同趣旨として"
                             "ほかのご意見とまとめられ、その回答案が使われています。")
            st.warning(f"「{name}」に保存済みの回答案のうち " + "".join(notes) + "書き出す表にはその番号のまま入り、"
                       "その番号に今回のご意見の回答を保存することもできません。不要なら削除してください。")
            with st.expander(f"一覧にない回答案を削除する（{len(unmatched):,} 件）"):
                for draft in unmatched[:VARIANTS_SHOWN * 4]:
                    st.caption(f"No.{md_escape(draft.item_no)}（{draft.status}、{md_escape(draft.author)} さん）: "
                               + md_escape(draft.comment[:120]))
                if len(unmatched) > VARIANTS_SHOWN * 4:
                    st.caption(f"ほか {len(unmatched) - VARIANTS_SHOWN * 4:,} 件")
                st.button(f"この {len(unmatched):,} 件の回答案を削除する（元に戻せません）", key="batch_delete_unmatched",
                          on_click=delete_unmatched, args=(tuple((draft.id, draft.version) for draft in unmatched),))
    for group in shown:
        show_row(group, st.session_state[Keys.BATCH_ROWS][group.index])
    st.button("まとめて保存する（ご意見の個人情報は伏せ字）", key="batch_save", type="primary", on_click=save_all,
              disabled=away is not None)
    if away is not None:
        st.caption(f"この一覧は「{md_escape(sheet_name())}」のご意見です。保存するときは、一覧の上のボタンで意見募集の名前を戻してください。")
    show_message(SAVE_NOTE)  # beside the button that caused it, not at the top, out of view



if not keep_failed:  # an on_change's keep failed in this run: not a second wait and warning
    keep_worksheet()  # before the export below, whose errors must not keep it from being kept
    st.session_state.pop(KEEP_FAILED, None)  # a failure here is this run's own: the next run's changes try again

st.divider()
st.subheader("回答表を書き出す")
name = consultation_name()


def typed_consultation() -> Consultation | None:
    """The title and period typed, when they differ from the stored ones (None when they agree or are empty).

    Raises:
        DraftError: The period typed cannot be read as dates.
    """
    state = st.session_state
    start, end = consultation_period(state.get(PERIOD, ""))
    typed, stored = Consultation(name, state.get(TITLE, "").strip(), start, end), get_consultation(store, name)
    shown = (stored.title if stored.title != stored.name else "", stored.period_start, stored.period_end)
    if not (typed.title or typed.period_start) or (typed.title, typed.period_start, typed.period_end) == shown:
        return None
    return typed


def export_warning() -> str | None:
    """What the table written from the saved answers lacks of the worksheet on screen (an edit made since the
    last save, a group never saved), said before the buttons: the file would otherwise go out with old answers. None
    when the worksheet is another consultation's than the one named (and exported) now: none of it goes in that table."""
    state = st.session_state
    groups, found = state.get(GROUPS), state.get(Keys.BATCH_ROWS)
    if not groups or found is None or elsewhere() is not None:
        return None
    answers = state.get(UNMATCHED)  # matched to every group, for the groups not searched yet
    saved = {group.index: state.get(f"batch_saved_{group.index}") if group.index in found
             else answers.drafts.get(group.index) if answers is not None else None for group in groups}
    gaps = export_gaps(groups, name, saved, {index: state.get(f"batch_answer_{index}", "") for index in found})
    if not gaps:
        return None
    message = ""
    if gaps.edited:
        message += (f"保存していない編集が {len(gaps.edited):,} 件あります（{listed_nos(gaps.edited)}）。"
                    "書き出す表には保存済みの内容が入ります。")
    if gaps.unsaved:
        message += f"まだ保存していない回答が {len(gaps.unsaved):,} 件あり（{listed_nos(gaps.unsaved)}）、書き出す表に入りません。"
    if gaps.edited or len(gaps.unsaved) > gaps.unsearched + gaps.blank:  # a blank box: nothing a save would write
        message += "先に「まとめて保存する」を押してください。"
    if gaps.blank:
        message += f"回答の欄が空の {gaps.blank:,} 件は、回答を書いてから保存してください。"
    if gaps.unsearched:
        message += f"まだ開いていないページの {gaps.unsearched:,} 件は、そのページを開いてから保存してください。"
    return message


def save_title() -> None:
    user = acting_user(store)
    try:
        require(user, "draft_save")
        typed = typed_consultation()
        if typed is not None:
            store_title(typed, user)
    except AssistantError as error:
        st.session_state[Keys.MESSAGE] = ("error", error_text(error))


if name:
    try:
        if typed_consultation() is not None:  # typed before any comment was loaded and saved: the table lacked it
            st.warning("入力した件名・意見募集期間はまだ保存されていません。書き出す表の題名と期間は、保存すると変わります。")
            st.button("件名と期間を保存する", key="batch_save_title", on_click=save_title)
    except AssistantError as error:  # the period typed cannot be read: say so here too, where the title would be saved
        st.warning(f"件名・意見募集期間を保存できません。{error_text(error)}")
    try:
        table = answer_table(store, name)
        st.caption(f"{len(table.rows)} 行（No. / ご意見の概要 / 本市の考え方）。ご意見の個人情報は伏せ字になります（回答は保存したとおり）。")
        if gaps := export_warning():  # the files hold the saved answers, not the boxes on screen
            st.warning(gaps)
        if table.unapproved:  # the file has no status column: say it before it is downloaded and published as it is
            st.warning(f"決裁済でない回答を含みます（{table.unapproved} 件）。公表する表は、すべて決裁済にしてから書き出してください。")
        if empty := table.empty_comments:  # a row that answers nothing: said before it is published
            st.warning(f"ご意見が空の回答が {len(empty):,} 件あります（{listed_nos(empty)}）。公表する前に、下書きの画面で"
                       "その回答案を開き、ご意見の概要を入れて保存してください。")
        if twice := table.same_comments:  # 「3」 and 「03」 saved before the save guard: both rows go into the files
            st.warning(md_message(twice))  # the Nos. may come from the file
        columns = st.columns(3)
        mime = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "csv": "text/csv"}

        # Each file, and its entry, is made by exported_file when its button is pressed (a user removed or demoted since
        # the page was drawn gets neither); no rerun on the click: a rerun dropped the deferred file before the browser
        # fetched it (「Deferred file … not found」, the browser test).
        for column, fmt in zip(columns, EXPORTERS):
            try:
                check_exportable(table, fmt)
            except AssistantError as error:  # an answer longer than an Excel cell: the other formats still
                column.warning(error_text(error))
                continue
            made = partial(exported_file, store, name, table, fmt, user, anonymous=author_name(user))  # on the click
            column.download_button(f"{fmt.upper()} で書き出す", made, file_name=f"{name}.{fmt}", mime=mime[fmt],
                                   key=f"export_{fmt}", on_click="ignore")
            if fmt == "csv" and (caution := csv_caution(table)):  # a No. Excel would show as a date or a number
                column.caption(caution)
    except AssistantError as error:
        st.info(error_text(error))
else:
    st.caption("意見募集の名前を入れると、保存した回答案を表として書き出せます。")
