"""Export stage: precedents as JSON Lines, and a consultation's answer table as Excel, Word or CSV.

Citizen text cannot become a formula: CSV cells that would start one get a leading apostrophe, and
every XLSX cell is written as a string (see :mod:`assistant.formulas`). Each export of an answer
table is recorded in the audit log (:func:`record_export`).

Example:
    >>> import io
    >>> from assistant.store import Store
    >>> dump_jsonl(Store(":memory:"), io.StringIO())
    0
"""

from __future__ import annotations

import datetime
import io
import json
import math
import re
import unicodedata
from bisect import bisect_right
from collections import deque
from itertools import accumulate
from dataclasses import dataclass
from typing import TextIO

from assistant import audit
from assistant.errors import AssistantError, ExportError
from assistant.formulas import csv_bytes, is_formula_like
from assistant.models import Document, Precedent
from assistant.personal import mask
from assistant.readers.cells import SENTENCE_END
from assistant.store import Store
from assistant.textnorm import (NO_LIST_MARKS, canonical_name, char_widths, display_width, format_period, no_thousands,
                                strip_controls, tidy)
from assistant.users import User, current, require


def precedent_record(precedent: Precedent, document: Document) -> dict[str, object]:
    """The JSON form of one precedent, with the document facts a reader needs to cite it."""
    return {
        "id": precedent.id,
        "document": document.title,
        "document_id": document.id,
        "area": document.area,
        "period_start": document.period_start,
        "period_end": document.period_end,
        "period": format_period(document.period_start, document.period_end),
        "no": precedent.no,
        "topic": precedent.topic,
        "comment": precedent.comment,
        "answer": precedent.answer,
        "paragraphs": list(precedent.paragraphs),
        "template_ids": list(precedent.template_ids),
        "source_file": precedent.source_file,
        "page": precedent.page,
        "extra": precedent.extra,
    }


def dump_jsonl(store: Store, out: TextIO) -> int:
    """Write every precedent as one JSON object per line. Returns the number written."""
    documents = {doc.id: doc for doc in store.documents()}
    count = 0
    for precedent in store.precedents():
        out.write(json.dumps(precedent_record(precedent, documents[precedent.document_id]), ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


# --- the consultation's answer table -------------------------------------------------------------
HEADERS = ("No.", "ご意見の概要", "本市の考え方")


@dataclass(frozen=True)
class AnswerTable:
    """The published layout: title, period and rows of (No., comment, answer); ``statuses`` gives each
    row's draft status (not exported: staff are told before exporting answers not yet approved, and rows without
    a comment)."""

    title: str
    period: str
    rows: tuple[tuple[str, str, str], ...]
    statuses: tuple[str, ...] = ()

    @property
    def unapproved(self) -> str:
        """「下書き 2、確認済 1」 for the rows not yet 決裁済, or empty when every row is approved.

        Example:
            >>> AnswerTable("t", "", (), ("決裁済", "下書き", "確認済", "下書き")).unapproved
            '下書き 2、確認済 1'
        """
        counts = [(status, self.statuses.count(status)) for status in ("下書き", "確認済")]
        return "、".join(f"{status} {count:,}" for status, count in counts if count)

    @property
    def empty_comments(self) -> tuple[str, ...]:
        """The No. of each row whose ご意見の概要 is empty (起案 saves a new No. without its comment): published, it
        answers nothing, and :func:`assistant.drafts.approved_document` leaves it out of the corpus.

        Example:
            >>> AnswerTable("t", "", (("1", "除雪を。", "検討します。"), ("2", " \\n", "対応します。"))).empty_comments
            ('2',)
        """
        return tuple(no for no, comment, _ in self.rows if not comment.strip())

    @property
    def same_comments(self) -> str:
        """The warning to give before export where two rows' Nos. name a same comment (「3」 and 「03」, 「08～10」 and
        「9」: drafts saved side by side before the save guard, or restored from an older backup), else empty. Both
        rows are exported as saved: :func:`assistant.drafts.same_comment_warning`.

        Example:
            >>> AnswerTable("t", "", (("3", "除雪を。", "検討します。"), ("03", "除雪を。", "対応します。"))).same_comments
            'No.3 と No.03 は同じご意見（No.3）を指しています。回答の表にはこのご意見が2回、別々の回答とともに載ります。公表する前に、下書きの画面でどちらかの回答案を削除するか、No. を直して保存してから書き出してください。'
        """
        from assistant.drafts import same_comment_warning

        return same_comment_warning(no for no, _, _ in self.rows)


EMPTY_NAME = "意見募集の名前が空です。書き出す回答案を保存した意見募集の名前（例: 除雪計画）を入力してください。"


def answer_table(store: Store, consultation: str, mask_personal: bool = True) -> AnswerTable:
    """The consultation's drafts in No. order as an answer table.

    Personal data in the comments is masked by default. The answers are the city's own wording and are
    written as saved: masking them blanked the city's own telephone numbers and addresses, and read
    「同様」「多様」 before 様 as names (staff choose whether to mask a draft when they save it).

    Raises:
        AssistantError: The consultation's name is empty (list_drafts reads an empty name as every consultation:
            one table held all of them), or the consultation has no saved draft.
    """
    from assistant.drafts import get_consultation, list_drafts

    consultation = canonical_name(consultation)
    if not consultation:
        raise AssistantError(EMPTY_NAME)
    drafts = list_drafts(store, consultation=consultation)
    if not drafts:
        raise AssistantError(f"「{consultation}」に保存された回答案がありません。回答案を保存してから"
                             "（起案画面の「保存する」、一括起案画面の「まとめて保存する」）書き出してください。")
    info = get_consultation(store, consultation)
    clean = mask if mask_personal else (lambda text: text)
    # What no Word or Excel file may hold (U+FFFF in a draft saved before it was removed on saving) goes here.
    rows = tuple((strip_controls(d.item_no), clean(strip_controls(d.comment, lines=True)), strip_controls(d.text, lines=True))
                 for d in drafts)
    return AnswerTable(strip_controls(info.title or consultation), format_period(info.period_start, info.period_end),
                       rows, tuple(d.status for d in drafts))  # a vertical tab pasted from Office into the title


PUBLISHED_HEADING = "について寄せられたご意見と本市の考え方"
# A title that already names the comments and what was made of them (「…に対する意見と市の考え方（案）」,
# 「…に関する意見募集の結果について」) is the heading itself.
_ALREADY_A_HEADING = re.compile(r"(?:意見|コメント)(?:等)?.{0,12}(?:考え方|結果|回答)(?:[（(][^）)]{1,10}[）)])?(?:について)?$")
# A title that names the consultation (「…へのご意見」, 「…についてのパブリックコメント」, 「…に関する意見募集」) says
# again what the heading adds: that part gives way to it.
_CONSULTATION_SUFFIX = re.compile(
    r"(?:(?:についての|について|に関する|に関して|に係る|に対する|に対して|への|へ|の|に)(?:地域(?=住民|の皆|から|より)の?)?)?"
    r"(?:(?:(?:[市区町村県道府都]民|住民)の?)?(?:皆様|皆さま|方々)?"
    r"(?:パブリック[・･]?コメント|意見募集|意見公募)?(?:から|より|で)?の?)?"
    r"(?:寄せられた|提出された|出された|いただいた|頂いた)?(?:[市区町村県道府都]民|住民)?の?"
    r"(?:(?:ご意見|御意見|意見)(?:[・･、]ご?(?:提案|要望|質問))?|パブリック[・･]?コメント|パブコメ)"
    r"(?:等)?(?:の?募集|の?公募|の?提出)?(?:手続き?)?$")
# After a title that names the consultation, a note or 「について」 (「…に係る意見募集（パブリックコメント）」,
# 「…意見募集（第2回）」, 「…の意見募集について」) is looked past to find the consultation's name. A note after anything
# else is the title's own (「除雪計画（令和8年度）」).
# A note that names the consultation (「（パブリック・コメント）」, 「（市民意見募集）」) is dropped wherever it stands among
# the trailing notes, and the notes after it are looked past as after a title that names the consultation.
_CONSULTATION_NOTE = re.compile(
    r"\s*[（(](?:(?:[市区町村県道府都]民|住民)?(?:パブリック[・･]?コメント|意見募集|意見公募|意見提出|パブコメ)(?:手続き?)?)[）)]")
_TRAILING_NOTE = re.compile(r"\s*(?:[（(][^（）()]{1,30}[）)]|について)$")
# Of those, what adds nothing: the consultation named again, its dates (a month and a day: the period line says
# them), the page's state (「（終了しました）」, 「（期間延長）」, 「（結果公表）」), 「について」. Any other note tells
# consultations apart (「（第2回）」, 「（追加募集）」, 「（中学生版）」): kept, after the plan's name.
_DROPPED_NOTE = re.compile(r"\s*(?:[（(](?:(?:[市区町村県道府都]民|住民)?(?:パブリック[・･]?コメント|パブコメ|意見募集|意見公募|意見提出)"
                           r"(?:手続き?)?|[^（）()]*(?:\d+\s*月\s*\d+\s*日|\d+/\d+)[^（）()]*"
                           r"|[^（）()]*(?:終了|実施中|お知らせ|延長|公表|概要|報告)[^（）()]*)[）)]|について)$")
# What is left of 「市民の意見（子ども版）」 or 「本市へのご意見（第2回）」 once the consultation is taken off: nothing, or a
# word that names no plan. The heading is then the generic one with the notes after it, never 「（子ども版）について…」.
_GENERIC_STEM = re.compile(r"(?:本|当|わが|我が)?[市区町村県道府都]|(?:[市区町村県道府都]民|住民)(?:の?(?:皆様|皆さま|みなさま|方々))?"
                           r"|皆様|皆さま|みなさま|みなさん|方々")
# What a title may end with before 「について」 is added: 「除雪計画に係る」 (a title cut short) reads 「除雪計画について」.
# A title cut after a connective loses it; の only after a noun's last character (「除雪計画の」). A particle may end a
# slogan (「未来へ」, 「みんなの力で」, 「北の大地から」) or a word (「宝もの」, 「ともに」): kept. (The 地域 of 「…に係る
# 地域住民の意見」 goes with the residents; that of 「中山間地域住民の」 is the place's name.)
# Connectives that make the title's end an attribute of 「意見募集」 (「…の改定に向けた」, 「…に伴う」, 「…における」,
# 「…をめぐる」, 「…のための」, 「…にあたっての」) are dropped the same way: 「…改定に向けたについて…」 is no Japanese.
_DANGLING = re.compile(r"(?:についての|について|に関する|に関して|に係る|に対する|に対して|への"
                       r"|に向けた|に向けての|に向けて|に伴う|における|をめぐる|を巡る|(?:の)?ための|のため"
                       r"|に(?:あたって|当たって|際して)の?|を見据えた"
                       r"|(?<=[一-龥ァ-ヴー々）)」』])の)$")
# What the notice page says around the consultation's name, pasted with it into 件名: a note or a tag of the page's
# state (「（お知らせ）」, 「（終了しました）」, 「【意見募集】」), 「…のお知らせ」, and what the city does with the consultation
# (「…を実施します」, 「…を募集しています」, 「ご意見を募集します」; 「…の実施について」 after the consultation's name only:
# 「除雪計画の実施について」 names a plan's part). None of it is the consultation's name: it read 「…の実施について
# について寄せられた…」 and 「…を実施しますについて寄せられた…」.
_NOTICE_NOTE = re.compile(r"\s*[（(][^（）()]{0,12}(?:お知らせ|ご案内|実施中|募集中|受付中|(?:終了|延長)(?:しました|いたしました)?)[）)]")
_NOTICE_TAG = re.compile(r"^(?:[【\[［](?:意見募集|意見公募|パブリック[・･]?コメント|パブコメ|お知らせ|募集中|実施中|受付中|募集終了|終了)"
                         r"[】\]］]|[（(](?:お知らせ|ご案内|募集中|実施中|受付中|募集終了|終了)[）)])[ 　]*")
_AFTER_CONSULTATION = r"(?:(?<=募集)|(?<=公募)|(?<=コメント)|(?<=パブコメ)|(?<=意見)|(?<=手続)|(?<=手続き)|(?<=提出))"
_NOTICE_WORDING = re.compile(
    r"(?:の(?:お知らせ|ご案内)"
    r"|を(?:実施|募集|公募|開始|受付|受け付け|公表)(?:いた)?(?:します|しています|しております|中(?:です)?)"
    r"|を行(?:います|っています|っております)"
    r"|(?:ご意見|御意見|意見)を(?:お寄せ|お聞かせ|お寄せいただけますよう|ご提出)(?:ください|下さい)"
    r"|(?:ご意見|御意見|意見)を(?:お待ちしています|お待ちしております|お待ちします|(?:募集|受付)中(?:です)?)"
    rf"|{_AFTER_CONSULTATION}(?:を)?(?:実施|募集|受付)中(?:です)?"
    rf"|{_AFTER_CONSULTATION}(?:の(?:実施|開始|受付)|を(?:実施|募集|公募|開始|受付|公表)))[\s。．]*$")


def _without_notice(title: str) -> str:
    """The title without what the notice page says around the consultation's name (:data:`_NOTICE_NOTE`,
    :data:`_NOTICE_WORDING`), without the spaces at its start and the whitespace at its end (a leading tab or another
    character stays: the export neutralises a title that would start a formula); the notes that tell consultations
    apart stay.

    Example:
        >>> _without_notice("【意見募集】除雪計画（案）に対する意見募集の実施について（お知らせ）")
        '除雪計画（案）に対する意見募集について'
    """
    title, notes = _NOTICE_TAG.sub("", title.lstrip(" 　")).rstrip(), []
    while True:
        base, more = _trailing_notes(title.rstrip("。． 　\t"))
        notes = [note for note in more if not _NOTICE_NOTE.fullmatch(note)] + notes
        shorter = _NOTICE_WORDING.sub("", base).rstrip()
        if shorter == base:
            return base + "".join(notes)
        title = shorter


# Page and columns as published: A4 portrait, 20 mm margins, No. narrow beside the comment and the answer
# (the seeds' and the published tables' proportions, about 8 % / 40 % / 52 % of the text width).
A4_MM = (210, 297)
MARGIN_MM = 20
COLUMN_SHARES = (0.08, 0.40, 0.52)
_UNIT_MM = 10.5 / 2 * 25.4 / 72  # a half-width character of 10.5-point text
# A half-width character of the No. as printed where MS Mincho is missing: LibreOffice sets its digits in DejaVu Serif,
# 0.64 em each (not MS Mincho's 0.5): 「101、」 counted as 5 half-widths did not fit, and printed as 「10」 / 「1、」.
_NO_UNIT_MM = 1.3 * _UNIT_MM
_CELL_MARGINS_MM = 4.8  # Word's cell margins (1.9 mm each side) and a little room


# Where Word and LibreOffice may end a line in a No. that has no break of its own: 「101,205」 is one word to both
# (they wrapped it as 「101,205,309,41」 / 「2,518」), and LibreOffice 「101、205」 anywhere (「10」 / 「1、20」), so
# export_docx puts this zero-width space after each list mark (the readers take it out).
NO_BREAK = "\u200b"


def no_pieces(no: str) -> list[str]:
    """A No. cut after each mark of a list (:data:`~assistant.textnorm.NO_LIST_MARKS`: 「・」, 「、」, 「,」) and
    after 「ほか」: the pieces a printed No. may be wrapped between, never inside a number. The comma of a number's
    thousands (「ほか1,522件」, 「1,000」; see :func:`~assistant.textnorm.no_thousands`) is no list mark.

    Example:
        >>> [no_pieces(no) for no in ["101・205", "1、2", "101,205,309", "12ほか1,522件", "1,000", "6-1"]]
        [['101・', '205'], ['1、', '2'], ['101,', '205,', '309'], ['12ほか', '1,522件'], ['1,000'], ['6-1']]
    """
    head, mark, tail = no.partition("ほか")  # 「…ほか1,522件」: a count, as written
    kept, pieces, start, at = no_thousands(head), [], 0, 0  # no_thousands only takes commas out: ``at`` follows ``head``
    for index, char in enumerate(head):
        if at < len(kept) and kept[at] == char:
            at += 1
            if char in NO_LIST_MARKS:
                pieces.append(head[start:index + 1])
                start = index + 1
    pieces += [head[start:] + mark, tail]
    return [piece for piece in pieces if piece]


def _breakable(no: str) -> str:
    """The No. with :data:`NO_BREAK` after each list mark: where Word and LibreOffice may wrap it."""
    return "".join(piece + NO_BREAK if piece[-1] in NO_LIST_MARKS else piece for piece in no_pieces(no))


def column_shares(table: AnswerTable) -> tuple[float, float, float]:
    """The columns' shares of the text width: :data:`COLUMN_SHARES`, with the No. column widened (from the
    comment column, up to a fifth of the page) until each number of a grouped No. fits on a line: in 8 %,
    「101・205・309」 printed as 「101・/20/5・」 and 「12ほか1,522件」 as 「1,52/2件」 (the pieces: :func:`no_pieces`)."""
    pieces = [piece for no, *_ in table.rows for piece in no_pieces(no)]
    widest = max((sum(2 * _UNIT_MM if width == 2 else width * _NO_UNIT_MM for width in char_widths(piece))
                  for piece in pieces), default=0)
    no_share = min(max(COLUMN_SHARES[0], (widest + _CELL_MARGINS_MM) / (A4_MM[0] - 2 * MARGIN_MM)), 0.2)
    return no_share, COLUMN_SHARES[1] - (no_share - COLUMN_SHARES[0]), COLUMN_SHARES[2]


def _trailing_notes(title: str) -> tuple[str, list[str]]:
    """The title without the notes and 「について」 it ends with, and those, in order.

    Example:
        >>> _trailing_notes("除雪計画（案）について（第2回）")
        ('除雪計画', ['（案）', 'について', '（第2回）'])
    """
    notes: list[str] = []
    while found := _TRAILING_NOTE.search(title):
        notes.insert(0, found.group(0))
        title = title[:found.start()]
    return title, notes


# Who wrote the comments, where a title names them instead of the plan's readers at large (「子どもの意見」, 「若者の意見
# 募集」, 「…に対する事業者の意見募集」): kept, as 「…について子どもから寄せられた…」 (it read 「…に対する子どもについて
# 寄せられた…」, as though the comments were about children). Citizens (市民, 住民, 区民…) are every consultation's
# writers and give way to the heading (_CONSULTATION_SUFFIX). A short, fixed list, so that the heading is predictable:
# any other word before 「の意見」 is the plan's name (「除雪計画の意見募集」, 「札幌市への提言の意見募集」: the words after
# 「への」 or 「に対する」 are the writers only when the list names them, 「…（案）に対する子どもの意見」).
_WRITERS = ("子ども|こども|子供|児童|生徒|若者|青少年|事業者|企業|団体|高校生|中学生|小学生|大学生|学生|保護者|関係者"
            "|障がい者|障害者|高齢者")
_WRITER_LINK = re.compile(r"(?:についての|について|に関する|に関して|に係る|に対する|に対して|への)")
_WRITTEN_BY = re.compile(rf"(?:{_WRITERS})(?:たち|達)?(?:の?(?:皆様|皆さま|みなさま|皆さん|みなさん))?$")


def _writers(stem: str) -> tuple[str, str] | None:
    """The stem of a title that named its consultation (its 「の意見募集」 taken off) cut into the plan's name and who
    wrote (a word of :data:`_WRITTEN_BY` at its end), or None when it names no writers.

    Example:
        >>> _writers("こども計画（案）に対する子ども"), _writers("子ども"), _writers("地域の子ども"), _writers("除雪計画")
        (('こども計画（案）', '子ども'), ('', '子ども'), ('', '地域の子ども'), None)
        >>> _writers("こども計画（案）へのみんな"), _writers("札幌市への提言"), _writers("事業者に対する補助制度")
        (None, None, None)
    """
    links = list(_WRITER_LINK.finditer(stem))
    start = links[-1].end() if links else 0
    if _WRITTEN_BY.search(stem[start:]):
        return (stem[:links[-1].start()] if links else ""), stem[start:]
    return None


def table_heading(table: AnswerTable) -> list[str]:
    """The title and period lines as published: 「○○について寄せられたご意見と本市の考え方」 (a title that
    already says so is kept as it is, never doubled) and 「（意見募集期間：…）」.

    Example:
        >>> table_heading(AnswerTable("除雪計画に対するご意見と本市の考え方", "令和8年1月5日～令和8年2月4日", ()))
        ['除雪計画に対するご意見と本市の考え方', '（意見募集期間：令和8年1月5日～令和8年2月4日）']
        >>> table_heading(AnswerTable("除雪計画について", "", ()))
        ['除雪計画について寄せられたご意見と本市の考え方']
        >>> table_heading(AnswerTable("除雪計画（案）についてのパブリックコメント", "", ()))
        ['除雪計画（案）について寄せられたご意見と本市の考え方']
    """
    title = _without_notice(table.title)
    if not _ALREADY_A_HEADING.search(title):
        base, notes = _trailing_notes(title)
        # The notes from the first that follows the consultation's name, or names it itself, are looked past: in
        # 「○○計画（案）（パブリック・コメント）（第2回）」 both (the first was kept and the heading said it again)
        cut = next((index for index in range(len(notes) + 1)
                    if _CONSULTATION_SUFFIX.search(base + "".join(notes[:index]))
                    or (index < len(notes) and _CONSULTATION_NOTE.fullmatch(notes[index]))), len(notes))
        kept = "".join(note.strip() for note in notes[cut:] if not _DROPPED_NOTE.fullmatch(note))
        named = base + "".join(notes[:cut])
        stem = _CONSULTATION_SUFFIX.sub("", named).rstrip()
        writers = _writers(stem) if stem != named.rstrip() else None
        if writers is not None:
            stem, who = writers[0].rstrip(), writers[1]
        while (shorter := _DANGLING.sub("", stem).rstrip()) != stem:  # 「…について」 twice: not 「についてについて」
            stem = shorter
        core, own = _trailing_notes(stem)
        heading = PUBLISHED_HEADING if writers is None else f"について{who}から{PUBLISHED_HEADING.removeprefix('について')}"
        if _GENERIC_STEM.fullmatch(core.strip()) or not core.strip():
            title = heading.removeprefix("について") + "".join(
                note.strip() for note in own if not _DROPPED_NOTE.fullmatch(note)) + kept
        else:
            title = stem + kept + heading
    heading = [title]
    if table.period:
        heading.append(f"（意見募集期間：{table.period}）")
    return heading


def export_csv(table: AnswerTable) -> bytes:
    """UTF-8 with BOM so that Excel opens the Japanese text correctly; formula-like cells neutralised.

    A No. is written as it is, also one that Excel reads as a date or a number when the file is opened directly
    (「2-1」 as 2月1日, 「3.10」 as 3.1): no CSV cell is text to Excel and unchanged to every other reader. A leading
    apostrophe shows in LibreOffice and in any program that reads the text, 「="2-1"」 is a formula (which no cell
    of this file may be), and an invisible character before it would change the No. that others search and read.
    The page says so instead (:func:`csv_caution`): the XLSX export writes every No. as a text cell.
    """
    return csv_bytes([*([line] for line in table_heading(table)), HEADERS, *table.rows])


# A No. that Excel (and LibreOffice), opening a CSV directly, take for a date, a time or a number and show
# otherwise than written: 「2-1」, 「1/2」, 「2026-1-5」, 「1:30」, 「01」, 「3.10」, 「3.1」 (a number, no longer text), 「1E3」,
# 「(1)」 (-1, a negative number in accounting notation: 「（1）」 is stored so), 「5%」 (0.05).
_SPREADSHEET_VALUE = re.compile(r"\d{1,4}[-/]\d{1,2}(?:[-/]\d{1,4})?|\d{1,2}:\d{2}(?::\d{2})?|0\d+(?:\.\d*)?|\d*\.\d+|\d+\."
                                r"|\d+(?:\.\d+)?[eE][+-]?\d+|\(\d+(?:\.\d+)?\)|\d+(?:\.\d+)?%")


def csv_caution(table: AnswerTable) -> str:
    """What the page says beside the CSV button when Excel, opening the file directly, would change a No.
    (:func:`export_csv` writes it as it is); empty when no No. would change.

    Example:
        >>> csv_caution(AnswerTable("t", "", (("1", "c", "a"), ("2-1", "c", "a")))).split("。")[0]
        'No. 2-1 は、CSV をそのまま Excel で開くと日付や数値に変わります（2-1 が 2月1日に、3.10 が 3.1 に）'
    """
    changed = [no for no, *_ in table.rows if _SPREADSHEET_VALUE.fullmatch(unicodedata.normalize("NFKC", no).strip())]
    if not changed:
        return ""
    shown = "、".join(changed[:3]) + (f" ほか {len(changed) - 3:,} 件" if len(changed) > 3 else "")
    return (f"No. {shown} は、CSV をそのまま Excel で開くと日付や数値に変わります（2-1 が 2月1日に、3.10 が 3.1 に）。"
            "Excel で使う表は「XLSX で書き出す」で書き出してください（No. は文字列のまま入ります）。CSV を Excel で開くときは、"
            "「データ」→「テキストまたは CSV から」で No. の列を「テキスト」にして読み込んでください。")


# Text that OOXML readers (Excel, openpyxl) read as an escaped character (ST_Xstring: 「_x000D_」 is a carriage return,
# 「_x0041_」 「A」); openpyxl writes it as it is. Its 「_」 written as 「_x005F_」 reads back as the text itself.
# (the 「_」 ending one may start the next: 「_x005f_x0041_」 has two).
_XSTRING_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def _text_cell(sheet, row: int, column: int, value: str):
    """A cell that holds ``value`` as a string, never a formula (openpyxl reads a leading = as one).

    A text that would start a formula also gets Excel's quote prefix, so that editing the cell later
    does not turn it into one either. Literal 「_xHHHH_」 is written escaped (:data:`_XSTRING_ESCAPE`).
    """
    cell = sheet.cell(row=row, column=column)
    cell.value = _XSTRING_ESCAPE.sub("_x005F_", value)
    cell.data_type = "s"
    if is_formula_like(value):
        cell.quotePrefix = True
    return cell


EXCEL_CELL_CHARS = 32_767  # the most characters one Excel cell holds (openpyxl cuts longer text without a word)
_LINE_POINTS = 15.0  # the height of one line of 11-point text in an Excel row
_MAX_ROW_POINTS = 409.0  # Excel's highest row
_TITLE_POINTS = 13  # the title's size: wider and taller than the table's 11-point text


def _lines(text: str, width: float) -> int:
    """Printed lines of a wrapped cell of ``width`` character units (a full-width character is two)."""
    lines = 0
    for paragraph in text.split("\n"):
        lines += max(1, math.ceil(display_width(paragraph) / max(width - 1, 1)))
    return lines


_MAX_ROW_LINES = int((_MAX_ROW_POINTS - 3) // _LINE_POINTS)  # 27 lines of wrapped text in Excel's highest row


def _row_pieces(text: str, width: float, alone_from: int | None = None) -> list[str]:
    """A cell's text in pieces that each fit Excel's highest row: a long answer or comment (a quarter of 環境省's
    rows) goes on in the rows below instead of being cut off on screen and in print.

    The readers join a No.'s rows as they join a table cut by a page break: a row that ends a sentence
    (「。」) ends its paragraph, and one that stops mid-sentence goes on in the next row's first paragraph
    (:func:`assistant.readers.cells.merge_continuation`). So a piece ends between paragraphs only after a
    sentence end, and otherwise inside a paragraph (:func:`_cut`; in the row's own last paragraph or an earlier
    one when the next cannot start there, :func:`_last_break`): read back, the cell is the same text in the
    same paragraphs as when written in one cell.

    From the piece ``alone_from`` on, the other columns of the row are empty. There a piece of one short
    paragraph does not stand alone (:func:`_keep_company`): the readers take a row whose only text is 「【要望】」
    or 「基本目標1　…」 in the comment column for a section heading, and a person would too.
    """
    pieces: list[list[str]] = []
    joined: set[int] = set()  # pieces whose last paragraph goes on in the next piece's first
    queue, current, used = deque(text.split("\n")), [], 0  # the open row's paragraphs and their lines
    while queue:
        paragraph = queue.popleft()
        need = _lines(paragraph, width)
        if used + need <= _MAX_ROW_LINES:
            current.append(paragraph)
            used += need
            continue
        if current and not current[-1].rstrip().endswith(SENTENCE_END):  # ending the row here would join the next
            # paragraph to its last one: end it inside this paragraph, else inside its own last one
            cut = _cut(used, paragraph, width)
            if cut:
                joined.add(len(pieces))
                pieces.append([*current, paragraph[:cut]])
                queue.appendleft(paragraph[cut:])
                current, used = [], 0
                continue
            found = _last_break(current, width)
            if found is not None:
                piece, rest = found
                if len(piece) + len(rest) > len(current):  # ended inside a paragraph
                    joined.add(len(pieces))
                pieces.append(piece)
                queue.extendleft(reversed([*rest, paragraph]))
                current, used = [], 0
                continue
        if current:
            pieces.append(current)
            current, used = [], 0
        if need <= _MAX_ROW_LINES:
            current, used = [paragraph], need
        else:  # a paragraph longer than a row on its own
            cut = _cut(0, paragraph, width, anywhere=True)
            joined.add(len(pieces))
            pieces.append([paragraph[:cut]])
            queue.appendleft(paragraph[cut:])
    if current or not pieces:
        pieces.append(current)
    if alone_from is not None:
        _keep_company(pieces, joined, width, max(alone_from, 1))
    return ["\n".join(piece) for piece in pieces]


# The longest line the readers take for a section heading in a row of its own (assistant.readers.grid).
_HEADING_CHARS = 60


def _alone(piece: list[str]) -> bool:
    """Whether a piece is one short paragraph (a row's only text that reads as a heading: 「【要望】」)."""
    filled = [paragraph for paragraph in piece if tidy(paragraph)]
    return len(filled) == 1 and len(tidy(filled[0])) <= _HEADING_CHARS


def _keep_company(pieces: list[list[str]], joined: set[int], width: float, alone_from: int) -> None:
    """Move the end of the piece before down into each piece from ``alone_from`` on that would stand alone in its
    row as one short paragraph (:func:`_alone`; the last paragraph of a comment, one sentence before a paragraph
    longer than a row, the last words of such a paragraph), so that the row holds two paragraphs or a long one:
    the piece before's last paragraph (or its last paragraphs, from one that ends a sentence), else about the last
    quarter of one of its paragraphs.

    The readers join the pieces again as before (a piece still ends after a sentence end or inside a paragraph);
    the moved text must fit the row, and nothing moves when it does not.
    """
    for at in range(alone_from, len(pieces)):
        if _alone(pieces[at]):
            found = _move_down(pieces[at - 1], pieces[at], at - 1 in joined, width, at - 1 >= alone_from)
            if found is not None:
                keep, piece, inside = found
                pieces[at - 1:at + 1] = [keep, piece]
                (joined.add if inside else joined.discard)(at - 1)


def _move_down(before: list[str], lone: list[str], goes_on: bool, width: float,
               before_alone: bool) -> tuple[list[str], list[str], bool] | None:
    """The piece before and the lone piece once the end of the one before has gone down (:func:`_keep_company`),
    and whether the piece before now ends inside a paragraph; None when no place to end it will do. ``goes_on``:
    the piece before ended inside a paragraph that the lone piece ends; ``before_alone``: the piece before is in a
    row of its own too (it must not be left alone in turn)."""

    def moved_down(moved: list[str]) -> list[str]:
        return [*moved[:-1], moved[-1] + lone[0], *lone[1:]] if goes_on else [*moved, *lone]

    def fits(keep: list[str], piece: list[str]) -> bool:
        return (any(tidy(paragraph) for paragraph in keep) and not _alone(piece)
                and _lines("\n".join(piece), width) <= _MAX_ROW_LINES and not (before_alone and _alone(keep)))

    for index in range(len(before) - 1, 0, -1):  # whole paragraphs, after one that ends a sentence
        if before[index - 1].rstrip().endswith(SENTENCE_END) and fits(before[:index], moved_down(before[index:])):
            return before[:index], moved_down(before[index:]), False
    for index in range(len(before) - 1, -1, -1):  # inside a paragraph: about its last quarter goes down
        paragraph = before[index]
        cut = _cut(0, paragraph, width, limit=len(paragraph) - max(len(paragraph) // 4, 1))
        keep, piece = [*before[:index], paragraph[:cut]], moved_down([paragraph[cut:], *before[index + 1:]])
        if cut and fits(keep, piece):
            return keep, piece, True
    return None


def _last_break(current: list[str], width: float) -> tuple[list[str], list[str]] | None:
    """The open row's last place to end it (its paragraphs as the row and as what goes on in the next), when its
    last paragraph can end none: after an earlier paragraph that ends a sentence, or inside one (「通学路の歩道が
    狭い」 before a blank line or a one-letter line); None when there is none."""
    lines = [_lines(paragraph, width) for paragraph in current]
    for index in range(len(current) - 1, -1, -1):
        if index < len(current) - 1 and current[index].rstrip().endswith(SENTENCE_END):
            return current[:index + 1], current[index + 1:]
        keep = _cut(sum(lines[:index]), current[index], width, limit=len(current[index]) - 1)
        if keep:
            return [*current[:index], current[index][:keep]], [current[index][keep:], *current[index + 1:]]
    return None


def _cut(used: int, paragraph: str, width: float, limit: int | None = None, anywhere: bool = False) -> int:
    """How much of ``paragraph`` goes in a row that has ``used`` lines already: as much as fits (at most
    ``limit`` characters), back to its last 「、」 in the last quarter, and only between two characters that are
    not spaces, the first no sentence end (the readers strip a row's spaces and end its paragraph at a sentence
    end). 0 when none of it can; with ``anywhere``, a text with no such place (「。。。」) is cut where it fills
    the row rather than one character a row."""
    capacity = int((_MAX_ROW_LINES - used) * max(width - 1, 1))
    start = paragraph[:min(len(paragraph) if limit is None else limit, max(capacity, 0))]  # a character is 1 or 2 wide
    fits = bisect_right(list(accumulate(char_widths(start))), capacity)  # the longest start that fits
    comma = paragraph.rfind("、", fits * 3 // 4, fits)
    cut = comma + 1 if comma >= 0 else fits
    while cut and (paragraph[cut - 1].isspace() or paragraph[cut - 1] in SENTENCE_END
                   or (cut < len(paragraph) and paragraph[cut].isspace())):
        cut -= 1
    return cut or (max(fits, 1) if anywhere else 0)


def _check_cell_lengths(table: AnswerTable) -> None:
    for no, *texts in table.rows:
        for column, text in zip(HEADERS[1:], texts):
            if len(text) > EXCEL_CELL_CHARS:
                raise ExportError(
                    f"No.{no} の「{column}」は {len(text):,} 字あり、Excel の1つのセルに入る {EXCEL_CELL_CHARS:,} 字を"
                    "超えています。Word か CSV で書き出してください（どちらも全文を書き出します）。")


def export_xlsx(table: AnswerTable) -> bytes:
    """The answer table as one sheet, ready to print: A4 portrait fitted to the page width, the header
    row frozen and repeated on every printed page, each row as high as its wrapped text; a comment or answer
    longer than Excel's highest row (409 points) goes on in the rows below, without a line between them.

    Raises:
        ExportError: A comment or an answer is longer than an Excel cell holds (nothing is cut).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    _check_cell_lengths(table)
    book = Workbook()
    book.properties.creator = book.properties.lastModifiedBy = ""
    book.properties.title = table.title
    sheet = book.active
    sheet.title = "本市の考え方"
    heading = table_heading(table)
    for number, line in enumerate(heading, start=1):
        cell = _text_cell(sheet, number, 1, line)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=3)
        if number == 1:  # 13-point bold over the three columns: as many lines as it wraps to (a long title was cut)
            lines = _lines(line, sum(round(100 * share) for share in column_shares(table)) * 11 / _TITLE_POINTS)
            sheet.row_dimensions[number].height = max(36, lines * _LINE_POINTS * _TITLE_POINTS / 11 + 8)
        else:
            sheet.row_dimensions[number].height = 20
    sheet["A1"].font = Font(bold=True, size=_TITLE_POINTS)
    header_row = len(heading) + 1
    for column, header in enumerate(HEADERS, start=1):
        _text_cell(sheet, header_row, column, header)
    thin = Side(style="thin")
    widths = [round(100 * share) for share in column_shares(table)]
    open_below, open_above = set(), set()  # rows whose comment and answer go on in the row below / come from above
    number = header_row + 1
    for row in table.rows:
        pieces = [[row[0]], *(_row_pieces(value, width) for value, width in zip(row[1:], widths[1:]))]
        for column in (1, 2):  # a piece alone in its row, the other columns ended above: split again
            beside = max(len(pieces[other]) for other in (0, 1, 2) if other != column)
            if any(_alone(piece.split("\n")) for piece in pieces[column][beside:]):
                pieces[column] = _row_pieces(row[column], widths[column], alone_from=beside)
        height = max(len(column) for column in pieces)
        for offset in range(height):
            texts = [column[offset] if offset < len(column) else "" for column in pieces]
            for column, value in enumerate(texts, start=1):
                if value or column > 1:
                    _text_cell(sheet, number + offset, column, value)
            lines = max(_lines(value, width) for value, width in zip(texts, widths))
            sheet.row_dimensions[number + offset].height = min(_MAX_ROW_POINTS, lines * _LINE_POINTS + 3)
        if height > 1:  # one item over several rows: its No. in the first, no line between the rows (no merged
            # cell: openpyxl checks each new merge against all the others; 5,000 long rows, 17 s with them, 11 s without)
            open_below.update(range(number, number + height - 1))
            open_above.update(range(number + 1, number + height))
        number += height
    top_aligned = Alignment(wrap_text=True, vertical="top")
    borders = {(above, below): Border(left=thin, right=thin, top=None if above else thin, bottom=None if below else thin)
               for above in (False, True) for below in (False, True)}  # one of each, shared (thousands of cells)
    for row in sheet.iter_rows(min_row=header_row, max_row=sheet.max_row, max_col=3):
        for cell in row:
            cell.alignment = top_aligned
            cell.border = borders[cell.row in open_above, cell.row in open_below]
            if cell.row == header_row:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="DDEBF7")
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for column, width in zip("ABC", widths):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_area = f"A1:C{sheet.max_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the answers need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    margin = MARGIN_MM / 25.4
    sheet.page_margins.left = sheet.page_margins.right = margin
    sheet.page_margins.top = sheet.page_margins.bottom = margin
    buffer = io.BytesIO()
    book.save(buffer)
    return _own_application(buffer.getvalue())


def _repeat_as_header(row) -> None:
    """Mark a Word table row as the header row that repeats at the top of every page (w:tblHeader)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def export_docx(table: AnswerTable) -> bytes:
    """The answer table as a Word document as published: A4 portrait, the title and period once, a
    three-column table (No. narrow) whose header row repeats on every page."""
    from docx import Document as WordDocument
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = WordDocument()
    properties = document.core_properties  # python-docx's template says 「python-docx」, 2013
    properties.author = properties.last_modified_by = properties.comments = properties.keywords = properties.subject = ""
    properties.title = table.title
    properties.created = properties.modified = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    properties.revision = 1
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "ＭＳ 明朝", Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "ＭＳ 明朝")
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
    for number, line in enumerate(table_heading(table)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        if number == 0:
            run.bold, run.font.size = True, Pt(14)
    grid = document.add_table(rows=1, cols=3)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for cell, header in zip(grid.rows[0].cells, HEADERS):
        cell.text = header
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.paragraphs[0].runs[0].bold = True
    _repeat_as_header(grid.rows[0])
    for no, *texts in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, (_breakable(no), *texts)):
            lines = value.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    text_width = Mm(A4_MM[0] - 2 * MARGIN_MM)
    widths = [int(text_width * share) for share in column_shares(table)]
    for column, width in zip(grid.columns, widths):
        column.width = width
    for row in grid.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    buffer = io.BytesIO()
    document.save(buffer)
    return _own_application(buffer.getvalue())


# The files' 「application」 property: openpyxl writes 「Microsoft Excel Compatible / Openpyxl 3.1.5」 and python-docx's
# template 「Microsoft Macintosh Word」, version 14: neither wrote the city's table.
APPLICATION = "前例回答アシスタント"
_APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/extended-properties"><Application>{APPLICATION}</Application></Properties>').encode()


def _own_application(data: bytes) -> bytes:
    """An Office file with its extended properties (docProps/app.xml) naming this tool alone."""
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, _APP_XML if info.filename == "docProps/app.xml" else source.read(info))
    return out.getvalue()


EXPORTERS = {"xlsx": export_xlsx, "docx": export_docx, "csv": export_csv}


def check_exportable(table: AnswerTable, fmt: str) -> None:
    """Whether :data:`EXPORTERS` ``[fmt]`` can write the table, without writing it (a page says what cannot be
    written and offers the other formats).

    Raises:
        ExportError: A comment or an answer is longer than an Excel cell holds (``xlsx`` only).
    """
    if fmt == "xlsx":
        _check_cell_lengths(table)


def record_export(store: Store, consultation: str, fmt: str, user: User | None = None, *, anonymous: str = "") -> None:
    """Note in the audit log that the consultation's answer table was exported (any role may export).

    Raises:
        PermissionDeniedError: Logins are on and nobody is signed in.
    """
    require(user, "export")
    audit.log(store, user, "export", canonical_name(consultation), fmt.upper(), anonymous=anonymous)


def exported_file(store: Store, consultation: str, table: AnswerTable, fmt: str, user: User | None = None, *,
                  anonymous: str = "") -> bytes:
    """The table written by :data:`EXPORTERS` ``[fmt]`` for ``user`` as the store holds the user now, its audit
    entry (:func:`record_export`) written with it.

    For a page's download made when the button is pressed (the file given with the button was delivered to a
    user removed since the page was drawn, with no entry): no file and no entry for such a user.

    Raises:
        PermissionDeniedError: Logins are on and the user, read again, was removed or has to sign in again.
    """
    now = current(store, user)
    require(now, "export")
    data = EXPORTERS[fmt](table)
    record_export(store, consultation, fmt, now, anonymous=anonymous)
    return data
