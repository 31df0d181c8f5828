"""Drafting stage: answers staff compose from precedents, saved with where they came from.

Saving is optimistic: every draft carries a version, and a save that started from an older version
than the stored one raises :class:`DraftConflict` with both texts, so no one silently overwrites a
colleague. The version check and the write are one transaction that holds the write lock from the
start and returns the row it wrote; every saved version is kept (``draft_versions``) and the save is
recorded in the audit log. :func:`diff_versions` and :func:`merge_both` help the user merge the two
texts of a conflict. Roles are checked here (see :mod:`assistant.users`). Approved (決裁済) drafts can
be added to the corpus as precedents for next year.

Example:
    >>> from assistant.store import Store
    >>> store = Store(":memory:")
    >>> saved = save_draft(store, Draft(None, "雪対策", "1", "除雪を増やして", "計画的に実施します。", author="山田"))
    >>> (saved.id, saved.version, saved.status)
    (1, 1, '下書き')
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta

from rapidfuzz import fuzz

from assistant import audit, settings
from assistant.backup import backup_before_change
from assistant.errors import AssistantError, PermissionDeniedError
from assistant.models import DocumentMeta, IngestReport, ParsedDocument, ParsedItem
from assistant.personal import mask
from assistant.store import NOS_TO_CHECK_KEY, Store, secure_deletes
from assistant.textnorm import (MAX_DIGITS, MAX_RANGE, NO_LIST_MARKS, NO_RANGE_MARK, NO_RANGE_MARKS, canonical_name,
                                format_period, natural_key, no_dashes, no_form, no_list_parts, no_range, no_range_numbers,
                                no_thousands, no_without_stop, squash, stated_period, strip_controls)
from assistant.users import PERMISSIONS, User, account_created, allowed, require

STATUSES = ("下書き", "確認済", "決裁済")
NEW = "（新規）"  # the status before a draft's first save, in the audit log's 状態の変更
EMPTY_TEXT = "回答案が空です。前例の段落を選ぶか本文を書いてから保存してください。"


class DraftError(AssistantError):
    """A draft cannot be saved as given (missing consultation, author, …)."""


class DraftConflict(AssistantError):
    """Someone saved the draft after it was opened, or a draft for another comment holds its No.; both
    versions are attached. ``replacing``: the draft is this one, saved with a comment unlike its own (the next
    comment typed over it, or its own comment replaced: :func:`save_draft` with ``replace_comment`` does that).
    ``shared``: the comment numbers that this draft's No. and the stored draft's, another No., both list (「4」 for
    「3・4」 and 「4」): saved at both, the table would list those comments twice, with two answers. ``restored``: the
    stored version is the one a restore gave the draft (:func:`renew_restored_versions`), its time the restore's: the
    message says so rather than that its author saved it then. ``moving``: this draft as stored at another No. (or
    consultation), saved at a No. where another draft answers the same comment (「3(表記違い2)」 corrected to 「3」): the
    two are one comment's answers, and :func:`save_draft` with ``absorb=moving`` saves at ``theirs`` and deletes it."""

    def __init__(self, mine: Draft, theirs: Draft, replacing: bool = False, shared: tuple[str, ...] = (),
                 restored: bool = False, moving: Draft | None = None) -> None:
        self.mine, self.theirs, self.replacing, self.shared, self.restored = mine, theirs, replacing, shared, restored
        self.moving = moving
        if shared:
            super().__init__(_overlap_message(mine, theirs, shared, restored))
            return
        if moving is not None and not self.other_comment:
            here, there, same = _target(theirs), _target(moving), bool(comment_key(theirs.comment))
            what = "同じご意見への別の回答案" if same else "ご意見の入っていない回答案"  # not called the same comment
            two = "同じご意見の回答案" if same else f"No.{theirs.item_no} の回答案"
            super().__init__(
                f"{here} には、{_stored(what, theirs, restored)}。開いている {there} の回答案を"
                f" No.{theirs.item_no} に移すと、{two}が2つになります。{here} の回答案にまとめるなら、統合した版か"
                f"自分の版で保存してください。{here} の回答案の新しい版として保存し、{there} の回答案（版 {moving.version}）は"
                "削除します（その回答案の版の履歴は残りません。削除は監査ログに残ります）。別の回答案として残すなら、No. を"
                f"「{moving.item_no}」に戻してください。"
            )
            return
        if restored and not self.other_comment:
            super().__init__(
                f"この回答案は開いた後に、バックアップから復元されています（{shown_time(theirs.updated_at)} に復元、"
                f"版 {theirs.version}）。両方の内容を見比べて、反映してから保存し直してください。"
            )
            return
        if self.other_comment:
            summary = _summary(theirs.comment)
            if replacing:
                super().__init__(
                    f"{theirs.consultation} No.{theirs.item_no} のこの回答案は、ご意見「{summary}」への回答として保存されて"
                    f"います（版 {theirs.version}）。入力したご意見はこれと違います。次のご意見への回答なら、No. を次の番号に"
                    "直してから保存してください（入力した内容はそのまま残っています）。この回答案のご意見を入力したものに差し替える"
                    "なら、「ご意見を差し替えて保存する」を押してください（前のご意見は残りません）。"
                )
                return
            if not squash(mine.comment):
                super().__init__(
                    f"{theirs.consultation} No.{theirs.item_no} には、{_stored(f'ご意見「{summary}」への回答案', theirs, restored)}"
                    "。入力した回答案にはご意見が"
                    "ないため、同じご意見への回答か分かりません。No. が正しいか確かめてください。同じご意見への回答なら、"
                    "ご意見の欄にそのご意見を貼り付けてから保存し直してください。"
                )
                return
            super().__init__(
                f"{theirs.consultation} No.{theirs.item_no} には、{_stored(f'別のご意見（「{summary}」）への回答案', theirs, restored)}"
                "。No. が正しいか確かめてください。"
                "同じご意見への回答なら、下書き画面でその回答案を開いて編集してください。"
            )
            return
        super().__init__(
            f"この回答案は開いた後に {theirs.author} さんが {shown_time(theirs.updated_at)} に保存しています"
            f"（版 {theirs.version}）。両方の内容を見比べて、反映してから保存し直してください。"
        )

    @property
    def their_version(self) -> str:
        """Whose the stored version is, as the 起案 page names it beside the page's: 「山田 さんの版」, or 「バックアップから
        復元した版」 (``restored``: not a save of its author's)."""
        return "バックアップから復元した版" if self.restored else f"{self.theirs.author} さんの版"

    @property
    def other_comment(self) -> bool:
        """The stored draft is not this one and answers another comment, or this save gives none, or it is saved at
        another No. that lists some of the same comments (``shared``): most likely a mistyped No., not a colleague's
        version of the same answer (merging or overwriting would pair one comment's answer with the other comment,
        or give the stored draft this No.)."""
        if self.shared:
            return True
        mine, theirs = comment_key(self.mine.comment), comment_key(self.theirs.comment)
        return self.mine.id != self.theirs.id and bool(theirs) and mine != theirs


def _summary(comment: str) -> str:
    """A stored comment's first line as a message quotes it (40 characters at most)."""
    summary = comment.split("\n", 1)[0]
    return summary if len(summary) <= 40 else summary[:40] + "…"


# A number's zero padding in a No. (「02」, 「6-01」, 「08」 of 「08～10」): the table lists such a No. beside the one
# without it (「2」), though it names the same comment
_ZERO_PADDING = re.compile(r"(?<![0-9.])0+(?=[0-9])")  # not after a decimal point: 「1.05」 is no 「1.5」
# a stored No. with it, in SQL (instr first: cheaper than a GLOB on each of thousands of Nos.)
_ZERO_PADDED_SQL = "instr(item_no, '0') AND (item_no GLOB '0[0-9]*' OR item_no GLOB '*[^0-9]0[0-9]*')"


@functools.lru_cache(maxsize=65536)
def comment_number(number: str) -> str:
    """One comment number a No. lists (:func:`listed_numbers`, as :func:`item_number` writes it: NFKC, so 「０３」 is
    「03」 and 「①」 is 「1」) without the zero padding of its numbers: 「02」 and 「2」, 「6-01」 and 「6-1」 name the same
    comment. Nothing else is read as a number here: Roman (「Ⅰ」), kanji (「一」), negative circled (「❶」) numerals,
    brackets (「(1)」, 「1)」) and other separators (「1(1)」, 「1.1」 beside 「1-1」) stay as written, Nos. of their own.

    Example:
        >>> [comment_number(n) for n in ["02", "2", "6-01", "第01章", "100", "0", "00", "❶", "一", "Ⅰ", "(03)", "1.10", "1.05"]]
        ['2', '2', '6-1', '第1章', '100', '0', '0', '❶', '一', 'Ⅰ', '(3)', '1.10', '1.05']
    """
    return _ZERO_PADDING.sub("", number)


@functools.lru_cache(maxsize=65536)
def _numbers(no: str) -> frozenset[str]:
    """The comment numbers a saved No. lists, as :func:`comment_number` reads them (「02」 and 「2」 are one; a Roman
    numeral saved as letters before December 2026 is that numeral too)."""
    return frozenset(comment_number(form) for number in listed_numbers(no) for form in (number, _legacy_number(number)))


def _padded_globs(number: str) -> tuple[str, str]:
    """GLOB patterns for the stored Nos. that may write ``number`` (a :func:`comment_number`) with zero padding: alone
    (「*6-*1」 for 「6-01」, 「06-1」) and within a group (「*6-*1*」 for 「5・6-01」); a superset, checked in Python."""
    escaped = re.sub(r"[*?\[]", lambda found: f"[{found[0]}]", number)
    pattern = re.sub(r"[0-9]+", lambda found: f"*{found[0]}", escaped)
    return pattern, f"*{pattern}*"


def _shared(no: str, other: str) -> set[str]:
    """The comment numbers ``no`` lists, as written there, that ``other`` lists too (「02」 for 「02」 and 「1・2」)."""
    theirs = _numbers(other)
    return {number for number in listed_numbers(no) if _numbers(number) & theirs}


def _overlap_why(no: str, other: str, shared: Iterable[str], both_saved: bool = False) -> str:
    """「No.3・4 と No.4 はどちらも No.4 のご意見の回答になるため、…」: why one No. keeps another off; 「No.03 と No.3 は
    同じご意見（No.3）を指しています。」 where both list the same comments, written otherwise (:func:`comment_number`).
    ``both_saved``: said of two drafts already saved side by side (:func:`same_comment_warning`)."""
    if _shared(no, other) == listed_numbers(no) and _shared(other, no) == listed_numbers(other):
        return f"No.{no} と No.{other} は同じご意見（No.{comment_number(other)}）を指しています。"
    # as numbers, unpadded: 「02」 of a range 「01～03」 typed is no No. anybody wrote
    numbers = "・".join(sorted({comment_number(number) for number in shared}, key=natural_key))
    if both_saved:
        return f"No.{no} と No.{other} はどちらも No.{numbers} のご意見への回答案です。"
    return (f"No.{no} と No.{other} はどちらも No.{numbers} のご意見の回答になるため、両方を保存すると回答の表に"
            f" No.{numbers} が2回載ります。")


_SAID_GROUPS = 5  # groups named in the export's warning; the rest counted (a range 「1～5000」 beside each single No.)


def same_comment_groups(nos: Iterable[str]) -> list[tuple[str, ...]]:
    """The groups of a consultation's saved Nos. (each in the order given, the groups in the order of their first No.)
    that list a same comment, as the save guard reads them (:func:`_numbers`, as :func:`_overlapping` compares them):
    「3」 and 「03」, 「08～10」 and 「9」, 「1・2」 and 「02」; 「3」, 「03」 and 「003」 are one group. The guard refuses such a
    save now; drafts saved before it, or restored from an older backup, can still stand side by side, and the answer
    table then lists the comment once for each with different answers.

    Example:
        >>> same_comment_groups(["1・2", "02", "3", "03", "003", "08～10", "9", "Ⅰ", "1.5", "1.05"])
        [('1・2', '02'), ('3', '03', '003'), ('08～10', '9')]
    """
    nos = list(nos)
    holders: dict[str, set[int]] = {}
    for index, no in enumerate(nos):
        for number in _numbers(no):
            holders.setdefault(number, set()).add(index)
    groups = {tuple(sorted(held)) for held in holders.values() if len({nos[index] for index in held}) > 1}
    return [tuple(dict.fromkeys(nos[index] for index in group)) for group in sorted(groups)]


def _group_why(group: tuple[str, ...]) -> str:
    """Why the Nos. of one :func:`same_comment_groups` group name one comment: two as the save guard says it
    (:func:`_overlap_why`), three or more 「No.3、No.03、No.003 は同じご意見（No.3）を指しています。」 or 「No.3、No.03、No.1・3
    はどれも No.3 のご意見への回答案です。」."""
    if len(group) == 2:
        return _overlap_why(group[0], group[1], _shared(group[0], group[1]), both_saved=True)
    listed = "、".join(f"No.{no}" for no in group)
    if len({_numbers(no) for no in group}) == 1:
        return f"{listed} は同じご意見（No.{comment_number(group[-1])}）を指しています。"
    common = frozenset.intersection(*(_numbers(no) for no in group))
    return f"{listed} はどれも No.{'・'.join(sorted(common, key=natural_key))} のご意見への回答案です。"


def same_comment_warning(nos: Iterable[str]) -> str:
    """What to tell staff before a table whose Nos. name a same comment more than once (:func:`same_comment_groups`)
    is exported: each group (the first :data:`_SAID_GROUPS`, the rest counted), that each of its rows is exported, and
    what to do; empty when no comment is named twice. No draft is dropped or merged: which answer stands is the staff's
    choice.

    Example:
        >>> same_comment_warning(["3", "03"])
        'No.3 と No.03 は同じご意見（No.3）を指しています。回答の表にはこのご意見が2回、別々の回答とともに載ります。公表する前に、下書きの画面でどちらかの回答案を削除するか、No. を直して保存してから書き出してください。'
        >>> same_comment_warning(["3", "03", "003"])
        'No.3、No.03、No.003 は同じご意見（No.3）を指しています。回答の表にはこのご意見が3回、別々の回答とともに載ります。公表する前に、下書きの画面で 1 件を残して回答案を削除するか、No. を直して保存してから書き出してください。'
        >>> same_comment_warning(["1", "2"])
        ''
    """
    groups = same_comment_groups(nos)
    if not groups:
        return ""
    said = "".join(_group_why(group) for group in groups[:_SAID_GROUPS])
    if len(groups) > _SAID_GROUPS:
        said += f"ほかに {len(groups) - _SAID_GROUPS:,} 組あります。"
    count = f"同じご意見を指す No. が {len(groups):,} 組あります。" if len(groups) > 1 else ""
    most = max(len(group) for group in groups)
    if len(groups) == 1:
        which = f"このご意見が{most}回"
    else:
        which = "それぞれのご意見が2回" if most == 2 else "それぞれのご意見が2回以上"
    keep = "どちらかの" if most == 2 else " 1 件を残して"
    return (f"{count}{said}回答の表には{which}、別々の回答とともに載ります。公表する前に、下書きの画面で{keep}回答案を"
            "削除するか、No. を直して保存してから書き出してください。")


def _stored(what: str, theirs: Draft, restored: bool) -> str:
    """「…への回答案を 山田 さんが 12-06 08:41 に保存しています（版 2）」, or for the version a restore gave it
    「…への回答案が 12-06 08:47 にバックアップから復元されています（版 3）」 (its time is the restore's, not a save's)."""
    if restored:
        return f"{what}が {shown_time(theirs.updated_at)} にバックアップから復元されています（版 {theirs.version}）"
    return f"{what}を {theirs.author} さんが {shown_time(theirs.updated_at)} に保存しています（版 {theirs.version}）"


def _overlap_message(mine: Draft, theirs: Draft, shared: tuple[str, ...], restored: bool = False) -> str:
    """Why a draft is not saved at a No. whose comments another draft of the consultation answers (「3・4」 beside
    「4」, either one saved first)."""
    summary = _summary(theirs.comment)
    key = comment_key(mine.comment)
    if not summary:
        whose = "ご意見のない回答案"
    elif not key:
        whose = f"ご意見「{summary}」への回答案"
    elif key == comment_key(theirs.comment):
        whose = f"同じご意見（「{summary}」）への回答案"
    else:
        whose = f"別のご意見（「{summary}」）への回答案"
    return (f"{theirs.consultation} No.{theirs.item_no} には、{_stored(whose, theirs, restored)}。"
            f"{_overlap_why(mine.item_no, theirs.item_no, shared)}No. が正しいか確かめて"
            f"ください。同じご意見への回答なら、下書き画面で No.{theirs.item_no} の回答案を開いて編集してください（No. を直して"
            "保存すると、その回答案が直した No. に移ります）。")


class DraftDeleted(DraftError):
    """The draft was deleted after it was opened (the audit log has a 回答案の削除 of its id). A save from a page that
    still had it open had made it a new draft, the deletion undone without a word. ``mine`` is the draft as given;
    saving it again with no id and version 0 makes it a new draft on purpose."""

    def __init__(self, mine: Draft, deletion: audit.Entry) -> None:
        self.mine, self.deletion = mine, deletion
        match = _DELETED.match(deletion.detail)
        what = f"（削除したときの版 {match[1]}、{match[2]}）" if match else ""
        super().__init__(
            f"{deletion.target} の回答案は、開いた後に {deletion.display_name} さんが {shown_time(deletion.at)} に削除して"
            f"います{what}。保存していません。{deletion.display_name} さんに確かめ、残すなら新しい回答案として保存してください"
            "（削除した回答案の版の履歴は戻りません）。"
        )


def _deleted_detail(draft: Draft) -> str:
    """The detail of a draft's 回答案の削除: 「版 2、状態 下書き（ID 7）」 (the id names the draft: its No. may have changed
    since it was opened, and ids are never given twice, a restore included)."""
    return f"版 {draft.version}、状態 {draft.status}（ID {draft.id}）"


_DELETED = re.compile(r"版 (\d+)、状態 ([^（]+)")


def _deletion(conn, draft_id: int) -> audit.Entry | None:
    """The audit log's deletion of the draft of that id; None when it has none (a store restored from a backup taken
    before the draft was saved: a page's kept work is then saved as a new draft, as before)."""
    return audit.last_entry(conn, "draft_delete", detail_ending=f"（ID {int(draft_id)}）")


# --- versions across a restore -------------------------------------------------------------------
RESTORED = "バックアップから復元"  # the version a restore gives a draft: 「山田（バックアップから復元）」 in its history
_DELETED_ID = re.compile(r"版 (\d+)、状態 [^（]+（ID (\d+)）$")
_STATE = "SELECT id, version, consultation, item_no, comment, text, status FROM main.drafts"


def states_before_restore(conn) -> tuple[dict[int, tuple], int]:
    """Read inside a restore's transaction before the drafts are replaced: each draft's state (version, consultation,
    No., comment, text, status) by id, and the highest id the store has given a draft (its AUTOINCREMENT sequence),
    for :func:`renew_restored_versions`."""
    states = {row[0]: row[1:] for row in conn.execute(_STATE)}
    given = conn.execute("SELECT seq FROM main.sqlite_sequence WHERE name = 'drafts'").fetchone()
    return states, max([given[0] if given else 0, *states])


def renew_restored_versions(conn, before: dict[int, tuple], given: int, step: int = 1) -> int:
    """Give each draft a restore brought back a version above any a page of the store may hold, inside the restore's
    transaction (``before`` and ``given`` from :func:`states_before_restore`). Returns how many drafts it renewed.

    A restore puts a draft back at its version in the backup, and the saves after it give the later numbers again: a
    page opened before the restore (version 2, saved since the backup) then saved over the colleague's version 2 of
    after it without a conflict. Every restored draft whose id the store had given and that is not exactly as the
    store held it (changed since the backup, deleted since, or taken away by an earlier restore) gets the version
    after the highest of its version in the backup, in the store, and when it was deleted (the audit log's
    回答案の削除), kept in its history as a version of its author's 「（バックアップから復元）」, and the restore's time as its
    update (the backup's last save's had stayed: a page opened after that save was told its author saved the draft
    since): a page that opened any of them gets a conflict showing the restored answer and saying it was restored
    (:func:`restored_version`). Drafts the store never had are left as the backup has them. ``step``: how far above
    the highest known version the new one is (more than one when the store's own versions could not be read).
    """
    deleted: dict[int, int] = {}
    for (detail,) in conn.execute("SELECT detail FROM main.audit_log WHERE action = 'draft_delete'"):
        if match := _DELETED_ID.search(detail):
            deleted[int(match[2])] = max(deleted.get(int(match[2]), 0), int(match[1]))
    now, renewed = _now(), 0
    for draft_id, *state in conn.execute(_STATE).fetchall():
        if draft_id > given or before.get(draft_id) == tuple(state):
            continue
        version = max(state[0], before.get(draft_id, (0,))[0], deleted.get(draft_id, 0)) + step
        text, status, author, username = conn.execute(
            "UPDATE main.drafts SET version = ?, updated_at = ? WHERE id = ? RETURNING text, status, author, author_username",
            (version, now, draft_id)).fetchone()
        conn.execute("INSERT OR REPLACE INTO main.draft_versions VALUES (?,?,?,?,?,?,?)",
                     (draft_id, version, text, status, f"{author}（{RESTORED}）", username, now))
        renewed += 1
    return renewed


def restored_version(conn, draft: Draft) -> bool:
    """Whether the draft's stored version is the one a restore gave it (:func:`renew_restored_versions`), not a save."""
    row = conn.execute("SELECT author FROM draft_versions WHERE draft_id = ? AND version = ?",
                       (draft.id, draft.version)).fetchone()
    return row is not None and row[0].endswith(f"（{RESTORED}）")


def history_note(versions: list[Draft]) -> str:
    """What a draft's history (:func:`draft_versions`) does not list, when a restore gave it a version: the versions
    saved after the backup are not in it (「版の履歴（3 版）」 listed 版 3 and 版 1 only); "" when it lists them all.

    Example:
        >>> history_note([Draft(1, "c", "1", "", "t", version=1), Draft(1, "c", "1", "", "t", "山田（バックアップから復元）", version=4)])
        '版 2～3 は履歴にありません。バックアップから戻したとき、バックアップの後に保存された版は履歴から外れます（戻す前のファイルは「復元前」のバックアップにあります）。'
    """
    if not any(version.author.endswith(f"（{RESTORED}）") for version in versions):
        return ""
    listed = {version.version for version in versions}
    missing = [number for number in range(1, max(listed)) if number not in listed]
    if not missing:
        return ""
    runs: list[list[int]] = []
    for number in missing:
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    named = "、".join(f"{run[0]}～{run[-1]}" if len(run) > 1 else f"{run[0]}" for run in runs)
    return (f"版 {named} は履歴にありません。バックアップから戻したとき、バックアップの後に保存された版は履歴から外れます"
            "（戻す前のファイルは「復元前」のバックアップにあります）。")


def masked_comment(comment: str) -> str:
    """A citizen's comment as it is saved masked: the characters no file may hold removed first, then personal data
    masked (:func:`assistant.personal.mask`). One order everywhere: whatever asks for a saved comment's key
    must mask as the save did."""
    return mask(strip_controls(comment, lines=True))  # 「氏名：山田太郎\v住所：…」 as two lines


def comment_key(comment: str) -> str:
    """What two saves of one comment share, masked or not: masked, controls and whitespace removed, NFKC."""
    return squash(masked_comment(comment))


_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}  # ァ-ヶ → ぁ-ゖ
MENDED_SIMILARITY = 70  # a draft's comment saved again this close (0-100) is the same comment mended, not another one


def _mended(stored: str, typed: str) -> bool:
    """Whether a comment saved again over a draft's own is that comment corrected, not the next citizen's comment
    pasted into the page before 「次のご意見へ」: nothing was stored, or it is as alike as :data:`MENDED_SIMILARITY`,
    katakana read as hiragana (「ごみ」/「ゴミ」), and not turned round where they differ (「除雪計画に賛成です。」 /
    「除雪計画に反対です。」: :func:`assistant.batch.same_point`). One within the other is not enough (「賛成です。」 is the
    next citizen's comment as often as the stored one cut short); the page's 「ご意見を差し替えて保存する」 says that it
    is meant."""
    from assistant.batch import same_point  # batch builds on this module

    old, new = (comment_key(text).translate(_HIRAGANA) for text in (stored, typed))
    return not old or (fuzz.ratio(old, new) >= MENDED_SIMILARITY and same_point(old, new))


def _same_comment(stored: str, typed: str) -> bool:
    """The comment of a draft moved to another No., as saved (masked or not), not the next comment typed after a
    save. Only the same text: one character turns a comment round (「除雪」/「排雪」, 「賛成」/「反対」), so a comment
    mended in the same save makes a new draft and the page names the one left at the old No."""
    one = comment_key(stored)
    return bool(one) and one == comment_key(typed)


def conflict_status(mine: str, theirs: str, may_set: Iterable[str]) -> str:
    """The status a resolved conflict saves: the higher of the two (a colleague's 確認済 or 決裁済 made
    meanwhile stays), as far as ``may_set`` (the statuses the saver may set) goes; else the saver's own.

    Example:
        >>> conflict_status("下書き", "決裁済", STATUSES), conflict_status("下書き", "確認済", ["下書き"])
        ('決裁済', '下書き')
    """
    may_set = tuple(may_set)
    for status in sorted({mine, theirs}, key=lambda s: STATUSES.index(s) if s in STATUSES else -1, reverse=True):
        if status in may_set:
            return status
    return mine


@dataclass(frozen=True)
class Pick:
    """A paragraph (or whole answer) taken from a precedent into the draft."""

    precedent_id: str
    paragraph_id: str
    text: str


@dataclass(frozen=True)
class Draft:
    """One answer being written for one comment of a consultation.

    Attributes:
        id: Row id (None until saved).
        consultation: Name of the consultation (意見募集) the comment belongs to.
        item_no: The comment's No. in the consultation (stored as :func:`item_number` gives it).
        comment: The citizen's comment (ご意見の概要).
        text: The answer being written (本市の考え方).
        author: Who saved it last (the signed-in user's name when logins are on).
        status: 下書き, 確認済 or 決裁済.
        picks: Paragraphs taken from precedents, in the order picked.
        suggested: Template ids of the suggestions shown when it was composed.
        version: Increases with every save; a save must start from the stored version.
    """

    id: int | None
    consultation: str
    item_no: str
    comment: str
    text: str
    author: str = ""
    status: str = "下書き"
    picks: tuple[Pick, ...] = ()
    suggested: tuple[str, ...] = ()
    version: int = 0
    created_at: str = ""
    updated_at: str = ""
    author_username: str = ""

    @property
    def reuse_ratio(self) -> float:
        """Share of the final text that comes from the picked precedents (see :func:`reuse_ratio`)."""
        return reuse_ratio(self.text, [pick.text for pick in self.picks])


MIN_REUSED = 8  # characters: a shorter stretch shared with a picked paragraph (「については、」, 「します。」) is no reuse
KEPT_SHARE = 0.5  # a pick is still in the draft while at least this share of its characters is


def _shared_stretches(final: str, picked: str) -> list[tuple[int, int, int]]:
    """The stretches ``final`` shares with ``picked`` as ``(start in final, start in picked, length)``, longest
    first, each at least :data:`MIN_REUSED` characters (or all of a shorter ``picked``). A stretch of ``final`` is
    used once; one of ``picked`` may be found again (a sentence copied twice, or sentences put in another order)."""
    shortest = min(MIN_REUSED, len(picked))
    if not shortest:
        return []
    used = object()  # equal to no character: marks what is already found
    text: list = list(final)
    matcher = difflib.SequenceMatcher(None, text, picked, autojunk=False)  # no junk: 「の」 fills Japanese text
    stretches = []
    while True:
        match = matcher.find_longest_match(0, len(text), 0, len(picked))
        if match.size < shortest:
            return stretches
        stretches.append((match.a, match.b, match.size))
        text[match.a:match.a + match.size] = [used] * match.size
        matcher.set_seq1(text)


def _counted(text: str, positions: Iterable[int]) -> int:
    """How many of ``positions`` in ``text`` hold a character other than white space."""
    return sum(1 for i in set(positions) if not text[i].isspace())


def reuse_ratio(final: str, picked: list[str]) -> float:
    """Characters of ``final`` in stretches of at least :data:`MIN_REUSED` characters shared with a picked text,
    over the characters of ``final`` (white space left out of both). A character-by-character common subsequence
    counted particles and endings as reuse: a text written anew read as 30-40 % reused.

    Example:
        >>> reuse_ratio("除雪は計画的に実施します。", ["除雪は計画的に実施します。"])
        1.0
        >>> reuse_ratio("除雪は計画的に実施します。今後は歩道も対象とします。", ["除雪は計画的に実施します。"])
        0.5
        >>> reuse_ratio("歩道の除雪を増やします。", ["車道の除雪を計画的に実施します。"])  # 「の除雪を」, 「します。」 are no reuse
        0.0
    """
    total = _counted(final, range(len(final)))
    if not total:
        return 0.0
    reused = {a + i for text in picked for a, _, size in _shared_stretches(final, text) for i in range(size)}
    return _counted(final, reused) / total


_PICKED_SENTENCE = re.compile(r"[^。\n]+。?")


def kept_picks(final: str, picks: Iterable[Pick]) -> tuple[Pick, ...]:
    """The picks still in ``final``: those with a sentence (or a line) of which at least :data:`KEPT_SHARE` of the
    characters are in stretches shared with it (edited a little, a paragraph stays; a whole answer cut down to one
    of its paragraphs, or a paragraph to one of its sentences, stays too; replaced or deleted, it is no longer the
    draft's source).

    Example:
        >>> picks = (Pick("a", "a:1", "除雪は計画的に実施します。"), Pick("b", "b:1", "排雪の予定はお知らせしています。"))
        >>> [p.precedent_id for p in kept_picks("除雪は計画的に実施しております。", picks)]
        ['a']
        >>> whole = Pick("c", "c:*", "歩道の除雪は通学路を優先しています。\\n排雪の日程は町内会にお知らせしています。")
        >>> [p.precedent_id for p in kept_picks("排雪の日程は町内会にお知らせしています。", [whole])]
        ['c']
    """
    kept = []
    for pick in picks:
        found = {b + i for _, b, size in _shared_stretches(final, pick.text) for i in range(size)}
        whole = _counted(pick.text, range(len(pick.text)))
        for sentence in _PICKED_SENTENCE.finditer(pick.text):
            span = range(sentence.start(), sentence.end())
            size = _counted(pick.text, span)
            if size >= min(MIN_REUSED, whole) and _counted(pick.text, found.intersection(span)) >= KEPT_SHARE * size:
                kept.append(pick)
                break
    return distinct_picks(kept)


def _whole_answer(pick: Pick) -> bool:
    """Whether the pick is a whole answer (「回答全体を使う」), not one of its paragraphs."""
    return pick.paragraph_id == f"{pick.precedent_id}:*"


def _plain(text: str) -> str:
    """``text`` without its white space, as :func:`kept_picks` compares texts (line breaks and indents left out)."""
    return "".join(text.split())


def distinct_picks(picks: Iterable[Pick]) -> tuple[Pick, ...]:
    """One pick per paragraph, in the order first picked; a paragraph of an answer also picked whole is counted in the
    whole answer (a paragraph picked twice was saved, and counted in 「よく選ばれている前例」, twice); of picks with the
    same text (white space left out; two precedents may hold the same paragraph), the first picked stands for all.

    Example:
        >>> picks = [Pick("a", "a:1", "x"), Pick("b", "b:2", "y"), Pick("a", "a:1", "x"), Pick("b", "b:*", "z\\ny")]
        >>> [p.paragraph_id for p in distinct_picks(picks)]
        ['a:1', 'b:*']
        >>> [p.paragraph_id for p in distinct_picks([Pick("a", "a:1", "x y"), Pick("c", "c:3", "x\\ny")])]
        ['a:1']
    """
    first: dict[str, Pick] = {}
    for pick in picks:
        first.setdefault(pick.paragraph_id, pick)
    whole = {pick.precedent_id for pick in first.values() if _whole_answer(pick)}
    by_text: dict[str, Pick] = {}
    for pick in first.values():
        if _whole_answer(pick) or pick.precedent_id not in whole:
            by_text.setdefault(_plain(pick.text), pick)
    return tuple(by_text.values())


def text_to_add(final: str, new: Pick) -> str:
    """What picking ``new`` puts in ``final``: its text, less the paragraphs (lines) whose text is there already
    (white space left out), so a paragraph is not put in twice; empty when all of it is there. Only the text in the
    draft counts: a paragraph deleted from it, or rewritten there, goes in again.

    Example:
        >>> text_to_add("除雪は計画的に実施します。", Pick("a", "a:1", "除雪は計画的に実施します。"))
        ''
        >>> text_to_add("除雪は計画的に実施します。", Pick("a", "a:*", "除雪は計画的に実施します。\\n排雪もします。"))
        '排雪もします。'
        >>> text_to_add("お見込みのとおりである。申請は受け付けます。", Pick("b", "b:1", "お見込みのとおりである。"))
        'お見込みのとおりである。'
    """
    present = {_plain(line) for line in final.split("\n")} - {""}  # whole lines: a short answer 「お見込みのとおりである。」
    # is not in the draft because another paragraph begins with it (final reading)

    def there(text: str) -> bool:
        return all(_plain(line) in present for line in text.split("\n") if line.strip())

    lines = [line for line in new.text.split("\n") if line.strip()] if _whole_answer(new) else [new.text]
    kept = [line for line in lines if not there(line)]
    return new.text if len(kept) == len(lines) else "\n".join(kept)


def with_pick(picks: Iterable[Pick], new: Pick) -> tuple[Pick, ...]:
    """The picks once ``new`` is picked: a paragraph picked before is listed once; an answer picked whole stands for
    its paragraphs picked before."""
    picks = tuple(p for p in picks if not _whole_answer(new) or p.precedent_id != new.precedent_id or _whole_answer(p))
    return picks if any(p.paragraph_id == new.paragraph_id for p in picks) else (*picks, new)


def merged_picks(final: str, *versions: Iterable[Pick]) -> tuple[Pick, ...]:
    """The sources of a text merged from several versions: their picks still in it, each paragraph once (the merge
    of a conflict kept the saving session's picks alone, so a colleague's picked paragraphs were no longer counted).

    Example:
        >>> mine, theirs = [Pick("a", "a:1", "除雪は計画的に実施します。")], [Pick("b", "b:*", "排雪の予定はお知らせしています。")]
        >>> [p.precedent_id for p in merged_picks("除雪は計画的に実施します。\\n排雪の予定はお知らせしています。", mine, theirs, mine)]
        ['a', 'b']
    """
    return kept_picks(final, [pick for version in versions for pick in version])


def _now() -> str:
    """Now in the server's local time, as the audit log and sign-ins record it (drafts once used UTC)."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def shown_time(stamp: str) -> str:
    """A saved time as staff read it, in the server's local time: 「2026-12-05 01:09」 (a draft saved in UTC
    by an earlier version included)."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp[:16].replace("T", " ")
    return (moment.astimezone() if moment.tzinfo else moment).strftime("%Y-%m-%d %H:%M")


def _check(draft: Draft) -> None:
    missing = [label for label, value in (("意見募集の名前", draft.consultation), ("No.", draft.item_no),
                                          ("担当者名", draft.author)) if not strip_controls(str(value)).strip()]
    if missing:
        raise DraftError(f"{'・'.join(missing)}を入力してください。")
    if not strip_controls(draft.text).strip():
        raise DraftError(EMPTY_TEXT)
    if draft.status not in STATUSES:
        raise DraftError(f"状態「{draft.status}」は使えません。{' / '.join(STATUSES)} から選んでください。")


def _row(row: tuple) -> Draft:
    picks = tuple(Pick(**p) for p in json.loads(row[6]))
    return Draft(row[0], row[1], row[2], row[3], row[4], row[8], row[5], picks, tuple(json.loads(row[7])),
                 row[11], row[9], row[10], row[12])


_COLUMNS = ("id, consultation, item_no, comment, text, status, picks, suggested, author, created_at, updated_at,"
            " version, author_username")
_SELECT = f"SELECT {_COLUMNS} FROM drafts"


def get_draft(store: Store, draft_id: int) -> Draft | None:
    row = store.conn.execute(f"{_SELECT} WHERE id = ?", (draft_id,)).fetchone()
    return _row(row) if row else None


_NO_PREFIX = re.compile(r"^(?:no\.?|番号|№)\s*", re.IGNORECASE)


# A circled number right after a digit (「1①」): NFKC alone would make it 「11」, another comment's No.
_CIRCLED_AFTER_DIGIT = re.compile(r"(?<=[0-9０-９])(?=[\u2460-\u2473\u24ea-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf])")
RANGE_MARK = NO_RANGE_MARK  # a range of comment numbers as a stored No. writes it (「3～5」), as published tables do


def item_number(text: str) -> str:
    r"""A comment's No. as stored: without the invisible characters a No. copied from a web page, a PDF or Word carries
    (a zero-width space, a BOM, a soft hyphen, a word joiner: :func:`~assistant.textnorm.strip_controls`; 「3」 and
    「3<U+200B>」 were two rows, both shown as 3), NFKC (「１」 is 「1」), without spaces or a leading 「No.」; a circled
    number after a digit is a sub-number (「1①」 is 「1-1」, not No. 11); Roman numerals stay (「Ⅳ」, not the letters
    「IV」), and so does a range's 「～」 (「3~5」 and 「3〜5」 are 「3～5」: NFKC had made it ASCII 「~」). The look-alikes
    of a sub-number's hyphen are 「-」 (「6‐1」, 「6−1」, 「6ー1」 are 「6-1」: :func:`~assistant.textnorm.no_dashes`) and a
    number's thousands separators go (「1,000」 is 「1000」, 「1,2」 lists two: :func:`~assistant.textnorm.no_thousands`),
    and so does a 「.」 or 「、」 after the last number (「1.」 and 「1、」 are 「1」, as the readers read Word's automatic
    numbering: :func:`~assistant.textnorm.no_without_stop`; 「1.5」 stays).

    Example:
        >>> [item_number(t) for t in ["１", " No.3 ", "ＮＯ．１２", "1・2", "番号 4", "1①", "⑪", "Ⅳ－１", "3\u200b", "３～５"]]
        ['1', '3', '12', '1・2', '4', '1-1', '11', 'Ⅳ-1', '3', '3～5']
        >>> [item_number(t) for t in ["6\u20101", "6\u22121", "6ー1", "６－１", "1,000", "１，０００", "1,2"]]
        ['6-1', '6-1', '6-1', '6-1', '1000', '1000', '1,2']
        >>> [item_number(t) for t in ["1.", "１．", "1、", "No.3", "1.5"]]
        ['1', '1', '1', '3', '1.5']
    """
    # Roman numerals stay as typed (NFKC makes 「Ⅳ」 the letters 「IV」, shown so in the table and ordered as a word), and
    # so does a range's 「～」: as the readers read a table's No. (textnorm.no_form)
    text = no_form(_CIRCLED_AFTER_DIGIT.sub("-", strip_controls(text)))
    return no_thousands(no_without_stop(no_dashes("".join(_NO_PREFIX.sub("", text.strip()).split()))))


def _legacy_number(no: str) -> str:
    """The No. as stores before December 2026 kept it (Roman numerals in NFKC: 「Ⅳ」 as 「IV」), to find such a draft."""
    return unicodedata.normalize("NFKC", no)


def _stored_forms(no: str) -> tuple[str, str, str, str]:
    """The forms a draft at ``no`` (an :func:`item_number`) may be stored under: ``no``, its :func:`_legacy_number`,
    and, for a No. that ends in a number, that No. with the 「.」 or 「、」 that stores before December 2026 kept after
    it (「1.」, 「1、」 saved then are No. 1, as the readers read them: :func:`~assistant.textnorm.no_without_stop`)."""
    legacy = _legacy_number(no)
    if no[-1:].isdigit():
        return no, legacy, f"{no}.", f"{no}、"
    return no, legacy, legacy, legacy


_KEPT_APART = re.compile(r"\(表記違い[0-9]+\)$")  # what a schema update added to a No. it kept apart (assistant.store)


def next_item_number(item_no: str) -> str:
    """The No. after this one, as 「次のご意見へ」 fills it: the last number one up (「3」 4, 「No.3」 4, 「①」 2,
    「1-3」 1-4, 「007」 008, a group's 「1・2」 3, 「(3)」 and 「（3）」 「(4)」, 「3)」 「4)」: a closing bracket stays); empty
    when the No. ends in no number (or is 「6ほか11件」). A No. a schema update kept apart (「3(表記違い2)」) is followed
    by the one after its own No. (「4」), not by another one kept apart (「3(表記違い3)」).

    Example:
        >>> [next_item_number(t) for t in ["3", "No.3", "①", "1-3", "007", "Ⅳ", "A", "", "二", "1・2", "6ほか11件"]]
        ['4', '4', '2', '1-4', '008', '', '', '', '', '3', '']
        >>> [next_item_number(t) for t in ["(3)", "（3）", "3)", "【9】"]]
        ['(4)', '(4)', '4)', '【10】']
        >>> [next_item_number(t) for t in ["3(表記違い2)", "6-1(表記違い2)"]]
        ['4', '6-2']
    """
    no = _KEPT_APART.sub("", item_number(item_no))
    if "ほか" in no:  # 「6ほか11件」: which numbers the group holds is not in its No.
        return ""
    # after 「1・2」 (「1、2」, 「3～5」) comes the number after the last, not 「1・3」
    # a closing bracket after the number stays: 「(3)」 (「（3）」 after NFKC) is followed by 「(4)」, 「3)」 by 「4)」
    match = re.fullmatch(r"(.*?)([0-9]+)([)\]〕】」』]*)", _GROUP_SPLIT.split(no)[-1])
    if not match:
        return ""
    prefix, digits, closing = match.groups()
    if len(digits) > MAX_DIGITS:  # no comment number (a cell of digits typed or pasted as the No.)
        return ""
    return f"{prefix}{int(digits) + 1:0{len(digits)}d}{closing}"


def listed_numbers(no: str) -> set[str]:
    """The comment numbers a saved No. lists, as published tables group them (:data:`~assistant.textnorm.NO_LIST_MARKS`,
    :data:`~assistant.textnorm.NO_RANGE`): 「1・3」, 「1、3」 and 「1,3」 (「1，3」) → {"1", "3"}; 「3～5」 → {"3", "4", "5"};
    「12ほか1,522件」 → {"12"}; 「2-1・3」 → {"2-1", "3"}; 「1,000」 → {"1000"} (a number's thousands separator, not a
    list: :func:`~assistant.textnorm.no_thousands`). A range wider than :data:`MAX_RANGE` is listed as written.

    Example:
        >>> [sorted(listed_numbers(no)) for no in ["1、2", "3～5", "3~5", "12ほか1,522件", "2-1・3", "08～10", "5～3", "1,000"]]
        [['1', '2'], ['3', '4', '5'], ['3', '4', '5'], ['12'], ['2-1', '3'], ['08', '09', '10'], ['5～3'], ['1000']]
    """
    return {number for part in _parts(no) for number in no_range_numbers(part)}


_GROUP_SPLIT = re.compile(f"[{NO_LIST_MARKS}{RANGE_MARK}]")


def _parts(no: str) -> list[str]:
    """A No.'s parts between the marks of a list, 「ほか…件」 left out: 「1、2・3～5」 → 「1」, 「2」, 「3～5」
    (:func:`~assistant.textnorm.no_list_parts`)."""
    return no_list_parts(item_number(no))


def _wide_ranges(no: str) -> list[str]:
    """The ranges of a No. wider than :data:`MAX_RANGE` (「1～99999」)."""
    return [part for part in _parts(no) if (found := no_range(part)) is not None and found[1] - found[0] >= MAX_RANGE]


_NARROWED = 100  # comment numbers a No. may list for the SQL to look for each (a wider range reads every No.)


def _overlapping(conn, draft: Draft, exclude: int | None = None) -> tuple[Draft, tuple[str, ...]] | None:
    """Another draft of the consultation, at another No., that lists some of the comments ``draft``'s No. lists,
    and those comment numbers: 「3・4」 for 「4」, 「4」 or 「2・4」 for 「3・4」, 「12ほか3件」 for 「12」, 「3～5」 or 「2、4」
    for 「4」 (:func:`listed_numbers`; Roman numerals saved as letters before December 2026 included). ``exclude``: the
    id of a draft that moves away from its No."""
    mine = {comment_number(form): number for number in listed_numbers(draft.item_no)
            for form in (number, _legacy_number(number))}
    if not mine:
        return None
    # Narrowed in SQL on the (consultation, item_no) index alone, a batch saves thousands of drafts one by one: the No.
    # itself, else a group's No. (a mark of a list or 「ほか」 in it) that holds one of the numbers, else a range; else
    # one with a number's zero padding that writes one of them so (「03」 for 「3」, 「6-01」 for 「6-1」: _padded_globs)
    sought = sorted({form for number in (*mine, *mine.values()) for form in _stored_forms(number)})  # 「Ⅳ」, as letters, 「4.」
    alone, grouped = zip(*(_padded_globs(number) for number in sorted(mine)))
    listing = " OR ".join(f"instr(item_no, '{mark}')" for mark in (*NO_LIST_MARKS, "ほか"))
    ranging = " OR ".join(f"instr(item_no, '{mark}')" for mark in NO_RANGE_MARKS)
    narrowed, args = "", ()
    if len(sought) + len(mine) <= _NARROWED:
        holding = " OR ".join(["instr(item_no, ?)"] * len(sought))
        padded = " OR ".join(["item_no GLOB ?"] * len(mine))
        narrowed = (f" AND (item_no IN ({', '.join('?' * len(sought))}) OR (({listing}) AND ({holding}))"
                    f" OR {ranging} OR (({_ZERO_PADDED_SQL}) AND ({padded} OR (({listing}) AND ({padded})))))")
        args = (*sought, *sought, *alone, *grouped)
    rows = conn.execute(
        f"SELECT id, item_no FROM drafts WHERE consultation = ? AND item_no NOT IN (?, ?, ?, ?) AND id IS NOT ?{narrowed}"
        " ORDER BY id", (draft.consultation, *_stored_forms(draft.item_no), exclude, *args))
    for other_id, other_no in rows.fetchall():
        shared = _numbers(other_no) & mine.keys()
        if shared:
            other = _row(conn.execute(f"{_SELECT} WHERE id = ?", (other_id,)).fetchone())
            return other, tuple(sorted({mine[number] for number in shared}, key=natural_key))
    return None


def find_draft(store: Store, consultation: str, item_no: str) -> Draft | None:
    """The draft saved at a consultation's No. (the name as :func:`~assistant.textnorm.canonical_name` gives it)."""
    no = item_number(item_no)
    row = store.conn.execute(f"{_SELECT} WHERE consultation = ? AND item_no IN (?, ?, ?, ?) ORDER BY item_no != ? LIMIT 1",
                             (canonical_name(consultation), *_stored_forms(no), no)).fetchone()
    return _row(row) if row else None


def list_drafts(store: Store, consultation: str | None = None, status: str | None = None,
                author: str | None = None) -> list[Draft]:
    """Saved drafts, filtered, ordered by consultation then No. (numeric where possible). ``consultation`` is read as
    :func:`~assistant.textnorm.canonical_name` gives it (「ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ　２０２６」 finds 「パブリックコメント 2026」); ``author``
    is part of the name, as typed in the 担当者 filter, compared whatever the width and the spaces (「佐藤」 and
    「佐藤 花子」 find 「佐藤　花子」, 「サトウ」 finds 「ｻﾄｳ」: :func:`~assistant.textnorm.squash`)."""
    clauses, args = [], []
    if consultation is not None:
        consultation = canonical_name(consultation)
    for column, value in (("consultation", consultation), ("status", status)):
        if value:
            clauses.append(f"{column} = ?")
            args.append(value)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    drafts = [_row(row) for row in store.conn.execute(f"{_SELECT}{where}", args)]
    if author and (wanted := squash(author)):
        drafts = [draft for draft in drafts if wanted in squash(draft.author)]
    # Words in the Nos. (「総-1」, 「環-1」) in the order their drafts were first saved (a batch saves them in the
    # file's order), not in character order.
    first_seen: dict[str, dict[str, int]] = {}
    for draft in sorted(drafts, key=lambda d: d.id or 0):
        seen = first_seen.setdefault(draft.consultation, {})
        for kind, _, word in natural_key(draft.item_no):
            if kind:
                seen.setdefault(word, len(seen))
    return sorted(drafts, key=lambda d: (d.consultation, natural_key(d.item_no, first_seen[d.consultation]), d.item_no))


def _check_rights(user: User | None, draft: Draft, current: Draft | None) -> None:
    require(user, "draft_save")
    require(user, f"status:{draft.status}")
    if current is not None and current.status == "決裁済":
        require(user, "status:決裁済")


def _target(draft: Draft) -> str:
    return f"{draft.consultation} No.{draft.item_no}"


def save_draft(store: Store, draft: Draft, mask_personal: bool = False, user: User | None = None,
               mask_answer: bool = False, *, replace_comment: bool = False, absorb: Draft | None = None) -> Draft:
    """Insert or update a draft. Returns the row as written, with its new version.

    The stored version is read, compared and written under one write lock (``BEGIN IMMEDIATE``), and
    the written row comes back from the same statement (``RETURNING``): what the caller gets is exactly
    its own save, never a colleague's later one.

    Args:
        store: Where drafts live (the corpus store).
        draft: ``version`` must equal the stored version (0 for a new draft).
        mask_personal: Replace personal data in the comment with ●●● before storing.
        user: The signed-in user, who becomes the author and whose roles are checked; None when logins
            are off (the typed ``draft.author`` is kept).
        mask_answer: The same in the answer, which is the city's own wording: its telephone numbers and
            addresses (「雪対策室（電話 011-211-2682）」) are kept unless this is asked for.
        replace_comment: The caller has matched the draft to this comment itself (the 一括起案 batch), so a
            comment unlike the stored one replaces it. Otherwise such a save is refused: it is most likely the
            next citizen's comment typed over a saved draft, whose comment would be lost (versions keep none).
        absorb: The draft that was moved onto this one's No. (a :class:`DraftConflict`'s ``moving``): deleted in the
            same transaction (audited as 回答案の削除), as :func:`delete_draft` would, once this save is written; a
            version of it saved since it was opened, or a user who may not delete it, and nothing is saved.

    A draft is never saved, new or moved, at a No. that lists a comment another draft of the consultation answers
    (「2」 where 「1・2」 or 「2ほか3件」 is saved, 「1・2」 where 「2」 is, whatever the comments: the table would list No. 2
    twice, with two answers; numbers compared without their zero padding, :func:`comment_number`: 「02」 where 「2」 is,
    「6-01」 where 「6-1」 is, not 「一」, 「Ⅰ」 or 「(1)」 where 「1」 is); ``replace_comment`` changes nothing there.

    Raises:
        DraftError: A required field is missing, or the answer text is empty (blank or only spaces).
        PermissionDeniedError: The user's roles do not allow this status (or changing an approved draft).
        DraftConflict: The stored draft changed since this one was opened, or it answers another comment (a
            different one given for the same draft, unless ``replace_comment``), or another draft answers some of the
            comments this No. lists (``shared``).
        DraftDeleted: A colleague deleted the draft after it was opened (``draft.version`` above 0); saved again
            with ``id`` None and ``version`` 0, it becomes a new draft.
        StoreBusyError: Others kept the store locked through every retry (nothing was saved).
    """
    if user is not None:
        draft = replace(draft, author=user.display_name)
    # 「１」 and 「No.1」 are the same row as 「1」; 「ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ　２０２６」 the same consultation as 「パブリックコメント 2026」
    draft = replace(draft, consultation=canonical_name(draft.consultation), item_no=item_number(draft.item_no))
    _check(draft)
    if wide := _wide_ranges(draft.item_no):
        which = " " if wide[0] == draft.item_no else f" の「{wide[0]}」"
        raise DraftError(f"No.{draft.item_no}{which}は {MAX_RANGE:,} 件を超える範囲です。No. が正しいか確かめてください"
                         "（範囲は「3～5」のように書きます）。")
    draft = replace(draft, comment=strip_controls(draft.comment, lines=True), text=strip_controls(draft.text, lines=True))
    if mask_personal:
        draft = replace(draft, comment=masked_comment(draft.comment))
    if mask_answer:
        draft = replace(draft, text=mask(draft.text))
    now = _now()
    picks = json.dumps([asdict(p) for p in draft.picks], ensure_ascii=False)
    suggested = json.dumps(list(draft.suggested), ensure_ascii=False)
    username = user.username if user else ""
    with store.transaction() as conn:
        row = conn.execute(f"{_SELECT} WHERE consultation = ? AND item_no IN (?, ?, ?, ?) ORDER BY item_no != ? LIMIT 1",
                           (draft.consultation, *_stored_forms(draft.item_no), draft.item_no)).fetchone()
        current = _row(row) if row else None
        moved_from = None  # a draft opened and saved under a corrected No. or consultation moves there (no copy);
        # with another comment it is the next comment's answer, a draft of its own (the first one stays)
        if current is None and draft.id is not None:
            row = conn.execute(f"{_SELECT} WHERE id = ?", (draft.id,)).fetchone()
            own = _row(row) if row else None
            if own is None and draft.version > 0 and (deletion := _deletion(conn, draft.id)) is not None:
                raise DraftDeleted(draft, deletion)  # a colleague deleted it: not brought back unasked
            if own is not None and _same_comment(own.comment, draft.comment):
                current = moved_from = own
            else:  # the next comment's answer typed after a save, or a draft a restore took away: a new draft
                draft = replace(draft, id=None, version=0)
        if current is None or moved_from is not None:  # a new No. for this draft: none of its comments answered
            # by another draft (「4」 where 「3・4」 is saved, 「3・4」 where 「4」 is: the table would list No.4 twice)
            overlap = _overlapping(conn, draft, exclude=moved_from.id if moved_from is not None else None)
            if overlap is not None:
                other, shared = overlap
                raise DraftConflict(draft if moved_from is not None else replace(draft, id=None), other, shared=shared,
                                    restored=restored_version(conn, other))
        _check_rights(user, draft, current)
        if current and (draft.id != current.id or draft.version != current.version):
            # this draft, stored at another No.: moved onto a draft of the same comment; or, saving with ``absorb``
            # over a version of that draft saved since, the one still to be deleted (the merge is still meant)
            opened = draft if draft.id is not None and draft.id != current.id else absorb
            moving = None
            if opened is not None and opened.id is not None and opened.id != current.id:
                row = conn.execute(f"{_SELECT} WHERE id = ?", (opened.id,)).fetchone()
                stored = _row(row) if row else None
                # only the answer of the same comment as stored, or one moved onto a No. without a comment: a draft whose
                # comment was changed on the page is another citizen's answer, never deleted by a merge (third reading)
                if stored is not None and (not comment_key(current.comment) or _same_comment(stored.comment, current.comment)):
                    moving = stored
            conflict = DraftConflict(draft, current, restored=restored_version(conn, current), moving=moving)
            if moving is not None and not conflict.other_comment and moving.version != opened.version:
                raise DraftError(_moved_meanwhile(moving, current))  # merging would delete a version never seen
            raise conflict
        if current and not replace_comment and squash(draft.comment) and not _mended(current.comment, draft.comment):
            raise DraftConflict(replace(draft, id=None), current, replacing=True,  # as at a No. another comment holds
                                restored=restored_version(conn, current))
        if current is None:
            row = conn.execute(
                "INSERT INTO drafts(consultation, item_no, comment, text, picks, suggested, status, author,"
                f" created_at, updated_at, version, author_username) VALUES (?,?,?,?,?,?,?,?,?,?,1,?) RETURNING {_COLUMNS}",
                (draft.consultation, draft.item_no, draft.comment, draft.text, picks, suggested, draft.status,
                 draft.author, now, now, username),
            ).fetchone()
        else:
            # A save without a comment (a page that never loaded it) keeps the stored one: draft versions keep
            # no comment, so the citizen's text would be gone for good.
            comment = draft.comment if squash(draft.comment) else current.comment
            row = conn.execute(
                "UPDATE drafts SET consultation=?, item_no=?, comment=?, text=?, picks=?, suggested=?, status=?, author=?,"
                f" updated_at=?, version=version+1, author_username=? WHERE id=? AND version=? RETURNING {_COLUMNS}",
                (draft.consultation, draft.item_no, comment, draft.text, picks, suggested, draft.status, draft.author, now,
                 username, current.id, current.version),
            ).fetchone()
        saved = _row(row)
        conn.execute("INSERT INTO draft_versions VALUES (?,?,?,?,?,?,?)",
                     (saved.id, saved.version, saved.text, saved.status, saved.author, username, now))
        if moved_from is not None:
            audit.record(conn, user, "draft_renumber", _target(saved), f"{_target(moved_from)} → {_target(saved)}、版 {saved.version}",
                         anonymous=saved.author)
        audit.record(conn, user, "draft_save", _target(saved), f"版 {saved.version}、状態 {saved.status}",
                     anonymous=saved.author)
        if absorb is not None and absorb.id is not None and absorb.id != saved.id:
            _absorb(conn, absorb, user, saved)
        # A new draft saved 確認済 or 決裁済 at once is a change of status too (`audit --action draft_status` missed it)
        before = current.status if current is not None else NEW if saved.status != STATUSES[0] else saved.status
        if before != saved.status:
            audit.record(conn, user, "draft_status", _target(saved), f"{before} → {saved.status}", anonymous=saved.author)
    return saved


def draft_versions(store: Store, draft_id: int) -> list[Draft]:
    """Every saved version of a draft, oldest first (text, status, author and time of each save)."""
    latest = get_draft(store, draft_id)
    if latest is None:
        return []
    rows = store.conn.execute(
        "SELECT version, text, status, author, author_username, saved_at FROM draft_versions WHERE draft_id = ?"
        " ORDER BY version", (draft_id,)).fetchall()
    return [replace(latest, version=v, text=t, status=st, author=a, author_username=u, updated_at=at)
            for v, t, st, a, u, at in rows]


def reached_status(store_or_conn, draft: Draft) -> str:
    """The highest status the draft has had, in any saved version or now (確認済 for a draft saved back to 下書き after
    it was checked): what :func:`may_delete` asks for."""
    conn = getattr(store_or_conn, "conn", store_or_conn)
    statuses = {draft.status, *(status for (status,) in conn.execute(
        "SELECT DISTINCT status FROM draft_versions WHERE draft_id = ?", (draft.id,)))}
    return max((status for status in statuses if status in STATUSES), key=STATUSES.index, default=draft.status)


def may_delete(user: User | None, draft: Draft, reached: str | None = None) -> bool:
    """Whether ``user`` may delete the draft: one who saves drafts and may give it the highest status it has had
    (``reached``, :func:`reached_status`; its status now when not given): a 下書き never checked by 起案, 確認 or 決裁, one
    that has been 確認済 by 確認 or 決裁, one that has been 決裁済 by 決裁 (a 起案 saved a colleague's 確認済 answer back
    to 下書き, then deleted it and its history); the 下書き page shows 「削除」 only then."""
    return allowed(user, "draft_save") and allowed(user, f"status:{reached or draft.status}")


def delete_draft(store: Store, draft_id: int, user: User | None = None, anonymous: str = "",
                 version: int | None = None) -> None:
    """Delete a draft and its versions, by someone who may give it the highest status it has had (:func:`may_delete`:
    one checked, now or once, by 確認 or 決裁, one approved by 決裁: a 起案 deleted a colleague's 確認済 answer and its
    history, also after saving it back to 下書き); the deletion is audited
    (under ``anonymous``, the typed 担当者名, when logins are off).

    Raises:
        DraftError: ``version``, the version the user saw when asking to delete, is no longer the latest: a
            colleague saved the draft since (their version, perhaps approved, was deleted unseen).
    """
    with store.transaction() as conn:
        row = conn.execute(f"{_SELECT} WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            return
        current = _row(row)
        if version is not None and current.version != version:
            raise DraftError(
                f"「{current.consultation}」No.{current.item_no} の回答案は、削除を確かめている間に"
                f"{current.author or '別の人'} さんが保存しました（版 {current.version}、{current.status}）。"
                "削除していません。一覧で内容を確かめてから、必要ならもう一度削除してください。")
        _check_deletion(conn, user, current)
        conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        audit.record(conn, user, "draft_delete", _target(current), _deleted_detail(current), anonymous=anonymous)


def _check_deletion(conn, user: User | None, current: Draft) -> None:
    """Refuse the deletion of the draft as stored to one who may not delete it (:func:`may_delete`), said as a deletion
    (it had been 「…を決裁済にすることの権限がありません」)."""
    reached = reached_status(conn, current)
    if may_delete(user, current, reached):
        return
    if user is None:
        raise PermissionDeniedError("回答案の削除にはログインが必要です。ログインしてから、もう一度操作してください。")
    needed = "・".join(role for role in PERMISSIONS[f"status:{reached}"] if role in PERMISSIONS["draft_save"])
    what = (f"{reached}の回答案" if reached == current.status else
            f"{reached}になったことのある回答案（いまは{current.status}、{reached}の版が履歴にあります）")
    raise PermissionDeniedError(f"{user.display_name} さん（役割: {user.role_label or 'なし'}）は{what}を削除できません。"
                                f"役割「{needed}」を持つ人に依頼してください。")


def _moved_meanwhile(stored: Draft, target: Draft) -> str:
    """The refusal of a merge (:func:`save_draft`'s ``absorb``) whose moved draft was saved since it was opened."""
    who = stored.author or "別の人"
    return (f"{_target(stored)} の回答案は、開いた後に {who} さんが保存しています（版 {stored.version}、{stored.status}）。"
            f"{_target(target)} には保存しておらず、{_target(stored)} の回答案も削除していません。No. を「{stored.item_no}」に"
            f"戻して保存すると、{who} さんの版と見比べられます。そのあとで No. を直して保存し直してください。")


def _absorb(conn, moved: Draft, user: User | None, saved: Draft) -> None:
    """Delete the draft that was moved onto ``saved``'s No. (:func:`save_draft`'s ``absorb``), in its transaction."""
    row = conn.execute(f"{_SELECT} WHERE id = ?", (moved.id,)).fetchone()
    if row is None:  # deleted meanwhile: nothing left to remove
        return
    stored = _row(row)
    if stored.version != moved.version:
        raise DraftError(_moved_meanwhile(stored, saved))
    try:
        _check_deletion(conn, user, stored)
    except PermissionDeniedError as refused:  # the save above is rolled back with it: say so, and the way on
        raise PermissionDeniedError(
            f"{refused}{_target(saved)} には保存しておらず、{_target(stored)} の回答案もそのままです。別の回答案として"
            f"残すなら、No. を「{stored.item_no}」に戻して保存してください。") from None
    conn.execute("DELETE FROM drafts WHERE id = ?", (stored.id,))
    audit.record(conn, user, "draft_delete", _target(stored), _deleted_detail(stored), anonymous=saved.author)


@dataclass(frozen=True)
class Renumbered:
    """What :func:`renumber_drafts` did.

    Attributes:
        moved: Draft id → the draft as written under its new No. (its version increased by one).
        blocked: Draft id → why it keeps its No. (saved by a colleague since it was read, approved, or its
            new No. is held, or some of the comments it lists answered, by a draft that is not moving away).
    """

    moved: dict[int, Draft]
    blocked: dict[int, str]


def renumber_drafts(store: Store, moves: list[tuple[Draft, str]], user: User | None = None,
                    anonymous: str = "", comments: dict[int, str] | None = None) -> Renumbered:
    """Give saved drafts of one consultation new numbers, all in one transaction: comments added to or
    removed from the consultation's list above them moved their No. (「1」 now 「2」, 「2」 now 「3」).
    ``comments`` (draft id → comment) gives a moved draft the comment its new No. goes with (a group that
    grew: 「（同趣旨 3件）」 with 「1・3・5」).

    A chain of moves is made whatever its order (a No. held by a draft that moves away is free). A draft
    changed since it was read, one the user may not change, and one whose new No. is held by a draft
    that stays, or lists a comment that such a draft's No. lists (「3・4」 while 「4」 stays: the table would list
    No.4 twice), keep their No. and are named in ``blocked``. Each move is a new version (text unchanged)
    and an audit entry 「No.1 → No.2」 (by ``user``, or by ``anonymous`` when logins are off).
    """
    wanted = {draft.id: (draft, item_number(no)) for draft, no in moves
              if draft.id is not None and item_number(no) != draft.item_no}
    if not wanted:
        return Renumbered({}, {})
    consultations = {canonical_name(draft.consultation) for draft, _ in wanted.values()}
    if len(consultations) > 1:
        raise DraftError("回答案の番号は一つの意見募集の中でだけ付け替えられます。")
    now, username = _now(), user.username if user else ""
    moved, blocked = {}, {}
    with store.transaction() as conn:
        current = {draft.id: draft for draft in map(_row, conn.execute(
            f"{_SELECT} WHERE consultation = ?", (consultations.pop(),)))}
        targets: dict[int, str] = {}
        aimed: dict[str, int] = {}  # each comment number a target No. lists → the draft moving there
        for draft_id, (draft, no) in wanted.items():
            stored = current.get(draft_id)
            if stored is None or stored.version != draft.version or stored.item_no != draft.item_no:
                blocked[draft_id] = f"No.{draft.item_no} の回答案は、読み込んだ後に変更されています。"
                continue
            try:
                _check_rights(user, stored, stored)
            except AssistantError as error:
                blocked[draft_id] = str(error)
                continue
            other = next((targets[aimed[number]] for number in _numbers(no) if number in aimed), None)
            if other is not None:
                blocked[draft_id] = (f"No.{no} には、ほかの回答案も付け替えようとしています。" if other == no else
                                     f"No.{other} には、ほかの回答案を付け替えようとしています。"
                                     + _overlap_why(no, other, _shared(no, other)))
                continue
            targets[draft_id] = no
            aimed.update(dict.fromkeys(_numbers(no), draft_id))
        holders: dict[str, set[int]] = {}  # each comment number a saved No. lists → the drafts saved there
        for draft in current.values():
            for number in _numbers(draft.item_no):
                holders.setdefault(number, set()).add(draft.id)
        changed = True
        while changed:  # a No. held by a draft that stays (or cannot move) is not free, nor one that lists its comments
            changed = False
            for draft_id, no in list(targets.items()):
                held = min((other for number in _numbers(no) for other in holders.get(number, ())
                            if other != draft_id and other not in targets), default=None)
                if held is not None:
                    there = current[held].item_no
                    blocked[draft_id] = (f"No.{there} の回答案も番号を付け替えられません。" if held in wanted
                                         else f"No.{there} には、別のご意見への回答案が保存されています。") + (
                        "" if there == no else _overlap_why(no, there, _shared(no, there)))
                    del targets[draft_id]
                    changed = True
        for draft_id in targets:  # UNIQUE(consultation, item_no) is checked row by row: free every No. first
            conn.execute("UPDATE drafts SET item_no = ? WHERE id = ?", (f"\x00{draft_id}", draft_id))
        for draft_id, no in targets.items():
            comment = (comments or {}).get(draft_id, current[draft_id].comment)
            row = conn.execute(f"UPDATE drafts SET item_no = ?, comment = ?, updated_at = ?, version = version + 1"
                               f" WHERE id = ? RETURNING {_COLUMNS}", (no, comment, now, draft_id)).fetchone()
            saved = moved[draft_id] = _row(row)
            conn.execute("INSERT INTO draft_versions VALUES (?,?,?,?,?,?,?)",
                         (saved.id, saved.version, saved.text, saved.status, saved.author, username, now))
            summary = "、ご意見の概要を更新" if saved.comment != current[draft_id].comment else ""
            audit.record(conn, user, "draft_renumber", _target(saved),
                         f"No.{current[draft_id].item_no} → No.{no}、版 {saved.version}{summary}", anonymous=anonymous or saved.author)
    return Renumbered(moved, blocked)


# --- the Nos. a schema update asked staff to check -------------------------------------------------
@dataclass(frozen=True)
class NoToCheck:
    """A No. a schema update kept apart or named (:func:`~assistant.store.canonical_item_numbers`, in meta
    :data:`~assistant.store.NOS_TO_CHECK_KEY`): ``no`` as it was stored (invisible characters named: 「3<U+200B>」),
    ``now`` as it is stored now, ``why`` to check it."""

    consultation: str
    no: str
    now: str
    why: str

    @property
    def line(self) -> str:
        """「「雪対策」No.3<U+200B> → No.3(表記違い2)：No.3 の回答案がほかにあります」 (without the arrow when the No. is as it was)."""
        moved = f"No.{self.no} → No.{self.now}" if self.no != self.now else f"No.{self.now}"
        return f"「{self.consultation}」{moved}：{self.why}"


NOS_TO_CHECK_NOTE = ("データベースの更新で、次の回答案の No. を付け替えたか、ほかの No. とご意見の番号が重なることが"
                     "わかりました。どの回答案も消えていません。一覧でその回答案を「開く」で起案に読み込み、No. を確かめて"
                     "直し、保存してください（「3(表記違い2)」のような No. は、回答の表にもそのまま載ります）。")


def numbers_to_check(store: Store) -> list[NoToCheck]:
    """The Nos. a schema update listed for staff to check (:data:`~assistant.store.NOS_TO_CHECK_KEY`), until
    :func:`mark_numbers_checked`; shown on the 下書き page and by ``python -m assistant corpus stats``."""
    value = store.get_meta(NOS_TO_CHECK_KEY)
    return [NoToCheck(entry["consultation"], entry["no"], entry["now"], entry["why"])
            for entry in (json.loads(value) if value else [])]


def mark_numbers_checked(store: Store, shown: Iterable[NoToCheck], user: User | None = None,
                         anonymous: str = "") -> int:
    """Take the Nos. ``shown`` (as :func:`numbers_to_check` gave them) off the list, as checked by ``user`` (any role that
    saves drafts), in the audit log (回答案の番号の確認); a No. listed since (a backup restored and migrated) stays.
    Returns how many were taken off."""
    require(user, "draft_save")
    shown = set(shown)
    with store.transaction() as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (NOS_TO_CHECK_KEY,)).fetchone()
        entries = json.loads(row[0]) if row else []
        kept = [entry for entry in entries
                if NoToCheck(entry["consultation"], entry["no"], entry["now"], entry["why"]) not in shown]
        taken = len(entries) - len(kept)
        if not taken:
            return 0
        if kept:
            conn.execute("UPDATE meta SET value = ? WHERE key = ?", (json.dumps(kept, ensure_ascii=False), NOS_TO_CHECK_KEY))
        else:
            conn.execute("DELETE FROM meta WHERE key = ?", (NOS_TO_CHECK_KEY,))
        audit.record(conn, user, "draft_numbers_checked", f"{taken} 件",
                     "、".join(f"「{entry['consultation']}」No.{entry['now']}" for entry in entries if entry not in kept),
                     anonymous=anonymous)
    return taken


# --- work in progress (survives a reload of the page) ------------------------------------------
WORK_FIELDS = ("consultation", "item_no", "author", "comment", "text", "picks", "status", "draft_id", "draft_version")


def _work_cutoff() -> str:
    """The oldest state kept: it holds the comment as typed (personal data unmasked), so not for long."""
    days = int(settings.get("work_keep_days"))
    return (datetime.now().astimezone() - timedelta(days=days)).isoformat(timespec="seconds")


def _keep(store: Store, token: str, username: str, data: dict) -> None:
    """Write ``data`` under ``token`` for ``username`` (with when their account was added); delete the states older
    than ``ZENREI_WORK_KEEP_DAYS`` days. What is replaced or deleted is overwritten in the file (secure_delete), as a
    removed account's kept work is: it holds comments as typed, personal data included."""
    with store.transaction() as conn:
        _write(conn, token, username, data)


def _write(conn, token: str, username: str, data: dict) -> None:
    """:func:`_keep` in a transaction already begun."""
    payload = json.dumps({**data, _ACCOUNT: account_created(conn, username)}, ensure_ascii=False)
    with secure_deletes(conn):  # the states expired or replaced hold comments as typed, as a removed user's do
        conn.execute("DELETE FROM work_in_progress WHERE updated_at < ?", (_work_cutoff(),))
        conn.execute("INSERT INTO work_in_progress(token, username, data, updated_at) VALUES (?,?,?,?)"
                     " ON CONFLICT(token) DO UPDATE SET username=excluded.username, data=excluded.data,"
                     " updated_at=excluded.updated_at", (token, username, payload, _now()))


def _load(store: Store, token: str, username: str) -> dict | None:
    """The data kept under ``token`` for ``username`` (see :func:`load_work`), its kind marker included."""
    kept = _load_stamped(store, token, username)
    return kept[0] if kept is not None else None


def _stamp(data: str) -> str:
    """What tells one kept copy from any later one: a checksum of the data as stored."""
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _load_stamped(store: Store, token: str, username: str) -> tuple[dict, str] | None:
    """:func:`_load`, with the copy's stamp (:func:`_stamp`)."""
    row = store.conn.execute("SELECT username, data, updated_at FROM work_in_progress WHERE token = ? AND updated_at >= ?",
                             (token, _work_cutoff())).fetchone()
    if row is None or row[0] != username:
        return None
    work = json.loads(row[1])
    created = account_created(store.conn, username)
    kept_by = work.pop(_ACCOUNT, None)
    if kept_by is None:  # kept by an earlier version, which recorded no account: not one added after it was kept
        if created > row[2]:
            return None
    elif kept_by != created:
        return None
    return work, _stamp(row[1])


def keep_work(store: Store, token: str, username: str, work: dict) -> None:
    """Keep the 起案 page's unsaved state under the tab's token (overwrites the previous one); states
    older than ``ZENREI_WORK_KEEP_DAYS`` days are deleted.

    Only the fields in ``WORK_FIELDS`` are kept; ``username`` is the signed-in user ("" without logins), kept with
    when their account was added (:func:`load_work` gives it to that account only).
    """
    _keep(store, token, username, {key: work.get(key) for key in WORK_FIELDS})


_ACCOUNT = "_account"  # in the kept data, beside WORK_FIELDS: when the account that kept it was added
_KIND = "_kind"  # in the kept data: which page kept it (absent: 起案), so that one page never restores the other's


def load_work(store: Store, token: str, username: str) -> dict | None:
    """The state kept under ``token``, or None when there is none, it belongs to another user or it is
    older than ``ZENREI_WORK_KEEP_DAYS`` days. Another user includes a later account of the same name (an
    employee id given again): the work of a removed colleague (the comment as typed) is never theirs. The
    一括起案 page's work (:func:`keep_batch_work`) is not the 起案 page's: None for its token."""
    work = _load(store, token, username)
    if work is None or work.pop(_KIND, None) is not None:
        return None
    return work


BATCH_WORK = "batch"
BATCH_WORK_FIELDS = ("consultation", "author", "title", "period", "pasted", "source", "sheet", "input", "too_large",
                     "notes", "layout", "page", "answers")


def keep_batch_work(store: Store, token: str, username: str, work: dict) -> None:
    """Keep the 一括起案 page's unsaved worksheet under the tab's own token (the comments as read, how they were
    grouped, the answers typed and not saved: see :mod:`assistant.batch`), by the rules of :func:`keep_work`: for
    ``username``'s account only, deleted ``ZENREI_WORK_KEEP_DAYS`` days after its last change, on the account's
    removal, and left out of backups. Only the fields in ``BATCH_WORK_FIELDS`` are kept."""
    _keep(store, token, username, {**{key: work.get(key) for key in BATCH_WORK_FIELDS}, _KIND: BATCH_WORK})


def load_batch_work(store: Store, token: str, username: str) -> dict | None:
    """The 一括起案 worksheet kept under ``token`` (:func:`keep_batch_work`), or None as :func:`load_work` gives None
    (none, another user's, expired), and for the 起案 page's work."""
    kept = load_batch_work_stamped(store, token, username)
    return kept[0] if kept is not None else None


def load_batch_work_stamped(store: Store, token: str, username: str) -> tuple[dict, str] | None:
    """:func:`load_batch_work`, with the copy's stamp: :func:`hand_over_batch_work` hands over that copy only."""
    kept = _load_stamped(store, token, username)
    if kept is None or kept[0].pop(_KIND, None) != BATCH_WORK or _HANDED_OVER in kept[0]:
        return None
    return kept


_HANDED_OVER = "handed_over_to"  # in a worksheet's place once a tab took it over: that tab's token, and nothing else


def hand_over_batch_work(store: Store, token: str, new: str, username: str, stamp: str | None = None,
                         work: dict | None = None) -> bool:
    """Replace the 一括起案 worksheet kept under ``token`` for ``username`` (:func:`keep_batch_work`) by a note that the
    tab kept under ``new`` took it over, overwritten in the file (secure_delete): a worksheet restored after a reload
    (F5), or in a second tab opened on its address, goes on under a new token, and the old copy (the comments as
    read, personal data included) would stay for ``ZENREI_WORK_KEEP_DAYS`` days, one per reload. The note holds no
    comment; a tab opened later on ``token``'s address finds where the worksheet went (:func:`batch_work_handed_over`)
    instead of starting empty, and a tab still open on it keeps its worksheet there again with its next change. Another
    user's work and the 起案 page's are left alone.

    With ``stamp`` (:func:`load_batch_work_stamped`), only the copy loaded is handed over: when the worksheet under
    ``token`` changed since (the tab still open on it kept a newer answer, or another tab took it over first), nothing
    is done and False is returned; the newer worksheet was lost for the note. With ``work``, it is kept under ``new``
    (:func:`keep_batch_work`) in the same transaction, so that the note never leads to nothing. True otherwise."""
    with store.transaction() as conn:
        row = conn.execute("SELECT username, data FROM work_in_progress WHERE token = ?", (token,)).fetchone()
        if row is None or row[0] != username or json.loads(row[1]).get(_KIND) != BATCH_WORK:
            return True
        if stamp is not None and _stamp(row[1]) != stamp:
            return False
        if work is not None:
            _write(conn, new, username, {**{key: work.get(key) for key in BATCH_WORK_FIELDS}, _KIND: BATCH_WORK})
        note = json.dumps({_KIND: BATCH_WORK, _HANDED_OVER: new, _ACCOUNT: account_created(conn, username)})
        with secure_deletes(conn):
            conn.execute("UPDATE work_in_progress SET data = ?, updated_at = ? WHERE token = ?", (note, _now(), token))
    return True


def batch_work_handed_over(store: Store, token: str, username: str) -> str | None:
    """The token under which the 一括起案 worksheet once kept under ``token`` is kept now, following each hand-over
    (:func:`hand_over_batch_work`: a reload, a second tab); None when ``token`` holds no such note for ``username``,
    or the worksheet it leads to is no longer kept (expired, the account removed)."""
    seen = {token}
    work = _load(store, token, username)
    while work is not None and work.get(_KIND) == BATCH_WORK and isinstance(work.get(_HANDED_OVER), str):
        token = work[_HANDED_OVER]
        if token in seen:
            return None
        seen.add(token)
        work = _load(store, token, username)
        if work is not None and work.get(_KIND) == BATCH_WORK and _HANDED_OVER not in work:
            return token
    return None


# --- merging the two versions of a conflict ----------------------------------------------------
@dataclass(frozen=True)
class Hunk:
    """A stretch of two texts compared line by line: the same in both, or different."""

    same: bool
    theirs: tuple[str, ...]
    mine: tuple[str, ...]


def diff_versions(theirs: str, mine: str) -> list[Hunk]:
    r"""The two texts as alternating equal and differing stretches of lines (paragraphs).

    Example:
        >>> [(h.same, h.theirs, h.mine) for h in diff_versions("A\nB\nC", "A\nX\nC")]
        [(True, ('A',), ('A',)), (False, ('B',), ('X',)), (True, ('C',), ('C',))]
    """
    a, b = theirs.split("\n"), mine.split("\n")
    hunks = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        hunks.append(Hunk(tag == "equal", tuple(a[i1:i2]), tuple(b[j1:j2])))
    return hunks


def merge_both(theirs: str, mine: str) -> str:
    r"""A merge that drops neither text: shared lines once, and where they differ the colleague's lines
    followed by the user's own, for the user to edit.

    Example:
        >>> merge_both("A\nB\nC", "A\nX\nC")
        'A\nB\nX\nC'
    """
    lines: list[str] = []
    for hunk in diff_versions(theirs, mine):
        lines += hunk.theirs if hunk.same else [line for line in (*hunk.theirs, *hunk.mine) if line.strip()]
    return "\n".join(lines)


# --- consultations -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Consultation:
    name: str
    title: str = ""
    period_start: str | None = None
    period_end: str | None = None


def consultation_period(text: str) -> tuple[str | None, str | None]:
    """The comment period typed for a consultation, as ISO dates; ``(None, None)`` when left empty.

    Raises:
        DraftError: Text was typed but holds no date or only one (「令和8年2月4日まで」 was stored as a one-day
            period and exported so), or the period ends before it starts.
    """
    if not text.strip():
        return None, None
    start, end, end_stated = stated_period(text)
    if start is None:
        raise DraftError(f"意見募集期間「{text.strip()}」を日付として読めません。"
                         "「令和8年1月5日～令和8年2月4日」や「2026年1月5日から2月4日まで」のように入力してください。")
    if not end_stated:
        raise DraftError(f"意見募集期間「{text.strip()}」には日付が1つしかありません。始まりと終わりの日を"
                         "「令和8年1月5日～令和8年2月4日」のように入力してください。")
    if end is not None and end < start:
        raise DraftError(f"意見募集期間「{text.strip()}」は終わりの日が始まりの日より前です。日付を確かめてください。")
    return start, end


def own_title(consultation: Consultation) -> str:
    """The consultation's title of its own: one left empty or the name itself is none (the table and the precedents
    are titled by the name then; the 一括起案 page shows such a title empty)."""
    title = consultation.title.strip()
    return "" if title in (consultation.name, canonical_name(consultation.name)) else title


def edited_fields(typed: Consultation, loaded: Consultation) -> tuple[bool, bool]:
    """Whether the title, and the period, typed differ from those loaded (as :func:`get_consultation` gave them when
    the page filled its fields): a save writes only what was edited (:func:`save_consultation`)."""
    return (own_title(typed) != own_title(loaded),
            (typed.period_start, typed.period_end) != (loaded.period_start, loaded.period_end))


def _described(consultation: Consultation, fields: tuple[bool, bool]) -> str:
    title, period = own_title(consultation), format_period(consultation.period_start, consultation.period_end)
    return "、".join(([f"件名「{title}」" if title else "件名（空欄）"] if fields[0] else [])
                    + ([f"期間 {period}" if period else "期間（空欄）"] if fields[1] else []))


class ConsultationConflict(DraftError):
    """Someone changed the consultation's title or period after the page loaded them, and the user edited that too.

    Attributes:
        mine: What was to be saved: the title or period edited as typed, the other as stored now (saved with
            ``expected=theirs``, it replaces what the colleague changed).
        theirs: What is stored now.
        fields: Which of the title and the period both changed.
        by, at: Who changed them last and when, from the audit log (empty when it does not say).
    """

    def __init__(self, mine: Consultation, theirs: Consultation, fields: tuple[bool, bool], by: str = "",
                 at: str = "") -> None:
        self.mine, self.theirs, self.fields, self.by, self.at = mine, theirs, fields, by, at
        what = "・".join(label for label, changed in zip(("件名", "意見募集期間"), fields) if changed)
        who = f"{by} さんが {shown_time(at)} に" if by else "ほかの人が"
        whose = f"{by} さんの" if by else "保存されている"
        super().__init__(
            f"「{theirs.name}」の{what}は、読み込んだ後に {who}変更しています（いまは{_described(theirs, fields)}）。"
            f"入力した{_described(mine, fields)}は保存していません。{whose}{what}を使うなら、入力をそれに"
            f"合わせてください。入力したものにするなら、確かめたうえでもう一度保存してください（{whose}{what}を書き換えます）。"
        )


def _last_change(conn, name: str) -> tuple[str, str]:
    """Who changed the consultation's title or period last, and when (the audit log; empty when it does not say)."""
    entry = audit.last_entry(conn, "consultation_change", target=name)
    return (entry.display_name, entry.at) if entry and entry.display_name != audit.ANONYMOUS else ("", "")


def save_consultation(store: Store, consultation: Consultation, user: User | None = None, anonymous: str = "",
                      expected: Consultation | None = None) -> Consultation:
    """Add a consultation, or give it a new title and period: a change is audited (the title and period go into the
    exported table and into the precedents its approved answers become), by ``user`` or ``anonymous``. The name is
    stored as :func:`~assistant.textnorm.canonical_name` gives it. Returns the consultation as stored after the call.

    ``expected`` is the title and period as the page loaded them (:func:`get_consultation`). With it, the title and
    the period are each written only when the user edited them (:func:`edited_fields`): one left as loaded stays as
    stored, a colleague's correction made since included (the 一括起案 page passes its fields with every save of
    answers, and a save put back the title a colleague had corrected). Without it, the title and period given are
    written whatever is stored (the last save wins).

    Raises:
        DraftError: The name is missing.
        PermissionDeniedError: The user may not save drafts (the title and period are the answer table's: a 管理
            alone, or nobody signed in while logins are on, changed them).
        ConsultationConflict: The user edited the title or the period, and someone changed the stored one since
            ``expected`` was loaded (to something else than typed): nothing is written. The conflict's ``mine``
            saved with ``expected=`` its ``theirs`` saves over it.
    """
    require(user, "draft_save")
    consultation = replace(consultation, name=canonical_name(consultation.name))
    if not consultation.name:
        raise DraftError("意見募集の名前を入力してください。")
    with store.transaction() as conn:
        before = conn.execute("SELECT title, period_start, period_end FROM consultations WHERE name = ?",
                              (consultation.name,)).fetchone()
        stored = Consultation(consultation.name, *before) if before is not None else None
        if expected is not None and stored is not None:
            edited, typed = edited_fields(consultation, expected), consultation
            # what was not edited stays as stored (a colleague's correction made since included)
            consultation = replace(stored, **({"title": typed.title} if edited[0] else {}), **(
                {"period_start": typed.period_start, "period_end": typed.period_end} if edited[1] else {}))
            theirs = edited_fields(stored, expected)  # changed by someone since the page loaded them
            both = tuple(e and t and m for e, t, m in zip(edited, theirs, edited_fields(typed, stored)))
            if any(both):
                raise ConsultationConflict(consultation, stored, both, *_last_change(conn, consultation.name))
            if not any(edited_fields(consultation, stored)):
                return stored
        after = (consultation.title, consultation.period_start, consultation.period_end)
        if before is not None and tuple(before) != after:
            changes = [f"件名「{before[0]}」→「{after[0]}」"] if before[0] != after[0] else []
            if before[1:] != after[1:]:
                changes.append(f"期間 {format_period(*before[1:]) or '（なし）'} → {format_period(*after[1:]) or '（なし）'}")
            audit.record(conn, user, "consultation_change", consultation.name, "、".join(changes), anonymous=anonymous)
        conn.execute(
            "INSERT INTO consultations(name, title, period_start, period_end, created_at) VALUES (?,?,?,?,?)"
            " ON CONFLICT(name) DO UPDATE SET title=excluded.title, period_start=excluded.period_start,"
            " period_end=excluded.period_end",
            (consultation.name, consultation.title, consultation.period_start, consultation.period_end, _now()),
        )
    return consultation


def get_consultation(store: Store, name: str) -> Consultation:
    """The consultation of that name (as :func:`~assistant.textnorm.canonical_name` gives it); one not stored yet is
    titled by its name."""
    name = canonical_name(name)
    row = store.conn.execute(
        "SELECT name, title, period_start, period_end FROM consultations WHERE name = ?", (name,)
    ).fetchone()
    return Consultation(*row) if row else Consultation(name, name)


def consultation_names(store: Store) -> list[str]:
    rows = store.conn.execute(
        "SELECT name FROM consultations UNION SELECT consultation FROM drafts ORDER BY 1"
    ).fetchall()
    return [row[0] for row in rows]


# --- feedback for the corpus owner -------------------------------------------------------------
@dataclass(frozen=True)
class PickStat:
    precedent_id: str
    picked: int
    drafts: int


def pick_stats(store: Store) -> list[PickStat]:
    """How often each precedent was picked into a draft (each paragraph once a draft), most picked first (ties by id)."""
    counts: dict[str, list[int]] = {}
    for draft in list_drafts(store):
        seen = set()
        for pick in distinct_picks(draft.picks):  # a paragraph saved twice (picked twice) counts once
            entry = counts.setdefault(pick.precedent_id, [0, 0])
            entry[0] += 1
            if pick.precedent_id not in seen:
                entry[1] += 1
                seen.add(pick.precedent_id)
    return sorted((PickStat(pid, c[0], c[1]) for pid, c in counts.items()), key=lambda s: (-s.picked, s.precedent_id))


# --- this year's answers become next year's precedents -----------------------------------------
def approved_document(store: Store, consultation: str) -> ParsedDocument:
    """The consultation's 決裁済 drafts as a document of kind "draft" (personal data in the comments masked).

    A draft without the comment it answers cannot be matched later; it is left out with a warning.

    Raises:
        DraftError: No draft of the consultation is approved yet.
    """
    consultation = canonical_name(consultation)
    approved = list_drafts(store, consultation=consultation, status="決裁済")
    usable = [d for d in approved if d.comment.strip()]
    if not usable:
        raise DraftError(f"「{consultation}」に決裁済の回答がありません。状態を決裁済にしてから追加してください。"
                         + ("（ご意見が空の回答案は前例にできません）" if approved else ""))
    info = get_consultation(store, consultation)
    meta = DocumentMeta(title=info.title or consultation, kind="draft", period_start=info.period_start,
                        period_end=info.period_end)
    # The citizens' comments are masked; the answers are the city's own wording (its contact details
    # included), kept as approved, as the exported table keeps them.
    items = tuple(ParsedItem(d.item_no, mask(d.comment), tuple(p for p in d.text.split("\n") if p.strip()))
                  for d in usable)
    warnings = tuple(f"No.{d.item_no}: ご意見が空のため前例に加えていません。" for d in approved if not d.comment.strip())
    return ParsedDocument(meta, items, warnings, approved_document_source(consultation), "")


def added_to_corpus(store: Store, draft: Draft) -> str | None:
    """The id of the stored document (its approved answers added as precedents, see :func:`add_approved_to_corpus`)
    that holds this draft's No., or None: deleting the draft or taking back its approval leaves it there."""
    source = approved_document_source(draft.consultation)
    for document in store.documents():
        if document.source == source and any(p.no == draft.item_no for p in store.precedents(document.id)):
            return document.id
    return None


def approved_document_source(consultation: str) -> str:
    """The source name under which a consultation's approved answers are stored as precedents (the name as
    :func:`~assistant.textnorm.canonical_name` gives it, as the drafts are stored)."""
    return f"drafts:{canonical_name(consultation)}"


def add_approved_to_corpus(store: Store, consultation: str, user: User | None = None,
                           replace_existing: bool = True) -> IngestReport:
    """Store the approved drafts as precedents (only 決裁 may).

    An earlier addition of the same consultation is replaced; with ``replace_existing`` False it is left
    as it is and the report says that confirmation is needed (see :func:`assistant.ingest.plan_documents`), unless
    the answers are all the same (「変更なし」: nothing to confirm).
    Any other earlier addition of it is then deleted (audited): schema 7 gave the additions of two names that
    differed only in width one source, and this one holds every approved answer of both.
    """
    from assistant.ingest import write_documents

    require(user, "add_approved")
    report = write_documents([approved_document(store, consultation)], store, user=user, replace=replace_existing)[0]
    if report.ok and report.document_id:
        source = approved_document_source(consultation)
        others = [document.id for document in store.documents() if document.source == source and document.id != report.document_id]
        if others:
            backup_before_change(store, "delete")  # as every deletion of a document (the write may have taken none)
        for document_id in others:
            store.delete_document(document_id, actor=user)
    return report


__all__ = [
    "STATUSES", "Draft", "DraftConflict", "DraftDeleted", "DraftError", "Pick", "Consultation", "PickStat", "Hunk", "save_draft",
    "get_draft", "find_draft", "list_drafts", "delete_draft", "may_delete", "reached_status", "renumber_drafts", "Renumbered", "draft_versions", "diff_versions", "merge_both",
    "reuse_ratio", "kept_picks", "save_consultation", "edited_fields", "own_title", "ConsultationConflict", "keep_work", "load_work", "EMPTY_TEXT",
    "get_consultation", "consultation_names", "pick_stats", "approved_document", "add_approved_to_corpus", "added_to_corpus",
]
