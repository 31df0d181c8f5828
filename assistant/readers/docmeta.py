"""Metadata found in the front matter of published documents (title, area, period, counts)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from assistant.models import DocumentMeta
from assistant.textnorm import number_value, parse_period, squash, stated_period, tidy

_SECTION_START = re.compile(r"^\s*#*\s*[1１][\s.．、]")
_AREA = re.compile(r"([^\s、。（）()「」【】]+?事務)(?:に関する|における|の特定|及び|について)")
_PUBLISHER = re.compile(r"([一-龥]{1,5}?[都道府県市区町村])(?:の考え方|の回答|公式ホームページ|情報公開)")
_SELF_REFERENCES = {"本市", "当市", "同市", "本区", "本町", "本村", "本県"}
_DEPARTMENT = re.compile(r"([一-龥ァ-ヶー]+局\s*[一-龥ァ-ヶー]+部\s*[一-龥ァ-ヶー]+課)")
# 「意見総数 9件」, 「意見提出総数 33者62件」 (62 comments from 33 people), 「提出意見数：24件」, 「提出意見数 延べ7件」,
# 「意見の件数 5人から8件」, 「意見数：12人・団体から45件」, 「意見提出者数及び件数 5人（12件）」, 「意見等の件数 12件（5人）」,
# a summary table's 「意見件数 | 計6件」: the 件 is the count of
# comments, never the persons (名, 人, 通) before it.
_COUNT = (r"\s*[:：|｜]?\s*(?:\d+\s*(?:者|人|名|団体|通)(?:・団体)?\s*(?:から|[、,・/(])?\s*)?(?:延べ|合計|総計|計)?\s*"
          r"(\d{1,3}(?:,\d{3})+|\d+)\s*件(?!名)")
_DECLARED = re.compile(
    r"(?:(?:意見)?提出者数?(?:及び|並びに|と|・|、|,)(?:[ご御]?意見(?:等)?の?)?件?数|"  # 「意見提出者数及び件数 5人（12件）」
    r"意見提出総数|提出意見総数|意見総数|提出意見数|意見提出者?数|(?:[ご御]?意見の?)?(?:提出|受付)件数|[ご御]?意見(?:等)?の?件数|"
    r"[ご御]?意見の?総?数|(?:寄せられた|提出された|いただいた|頂いた)[ご御]?意見(?:等)?の?(?:件?数)?)" + _COUNT)
# The persons who wrote, the 件 after them: 「ご意見をいただいた方：10名（18件）」, 「意見を提出された方　3人（5件）」. Only in
# the front matter (an answer may say 「前回ご意見をいただいた方 20人（35件）」), and not on a line about another
# occasion (:func:`_another_occasion`).
_DECLARED_PERSONS = re.compile(
    r"[ご御]?意見を(?:(?:お寄せ|ご?提出)(?:いただいた|頂いた|くださった|下さった)|いただいた|頂いた|くださった|下さった|"
    r"提出(?:された|した)|寄せられた)方(?:々)?(?:の?数)?" + _COUNT)
# Labels that also end phrases (「計画全体に関する提出意見 1件」, 「同趣旨の提出意見 2件をまとめて」, 「令和6年度の提出意見
# 15件を踏まえ」): a count only at a line's start, after a number or a bullet (「意見提出者　2名（5件）」, 「・提出意見　5件（3人）」,
# 「意見提出状況：2通（5件）」), or after another count on the line (「意見提出者：3名　提出意見：5件」); after the labels above.
_DECLARED_LINE = re.compile(
    r"(?:^[ \t]*(?:[0-9一二三四五六七八九十]+[ \t.、)]+|\([0-9一二三四五六七八九十]+\)[ \t]*|[・○◎●■□◆◇※\-][ \t]*|"
    r"[ア-ン][ \t.、)]+)?|(?<=[名人通件][ \t、,]))(?:意見提出者|意見提出状況|提出意見)" + _COUNT, re.MULTILINE)
# A cover's label and its count without 「件」, the number alone in the value cell (「意見件数｜3」, 「意見総数：12」): a
# label of the comments' total (not 「意見提出者数」, whose bare number counts persons, nor 「提出件数」, 「受付件数」 or
# 「意見提出数」, which count submissions, nor a topic's 「意見数 4」), the number ending the line. Only in the front
# matter, and only one number there (「ア …／意見件数 4」, 「イ …／意見件数 5」 break a total down); a total row keeps
# its place (:func:`with_total`).
_DECLARED_BARE = re.compile(
    r"^[ \t]*(?:[0-9一二三四五六七八九十]+[ \t.、)]+|\([0-9一二三四五六七八九十]+\)[ \t]*|[・○◎●■□◆◇※\-][ \t]*)?"
    r"(?:提出意見総数|意見総数|提出意見数|[ご御]?意見(?:等)?の?件数|[ご御]?意見(?:等)?の?総数)"
    r"[ \t]*[:：|｜]?[ \t]*(\d{1,3}(?:,\d{3})+|\d+)[ \t]*$", re.MULTILINE)
# The same in prose, as ministries write it: 「その結果、３件の御意見が寄せられました」, 「12件の意見の提出がありました」,
# 「５件（２人）のご意見が寄せられました」. Only in the front matter (an answer may say 「前回は25件のご意見をいただき」).
_DECLARED_PROSE = re.compile(
    r"(?<![\d,])(\d{1,3}(?:,\d{3})+|\d+)\s*件\s*(?:\(\s*\d+\s*(?:人|名|者|団体|通)\s*\)\s*)?の[ご御]?意見(?:等)?(?:が|を|の提出が)\s*(?:寄せられ|提出され|あり|いただき|頂き|受け)")
_FRONT_CHARS = 800
# Another occasion than this consultation, whose comments a front matter may count too: a past one (前回, 参考, これまで),
# a meeting, survey or exhibition (説明会, 意見交換会, アンケート, パネル展, 審議会 …), the last unless the line names
# the consultation itself (「○○審議会答申（案）に対する意見募集」). The forms below give no count on such a line or
# under such a heading.
_PAST_OCCASION = re.compile(r"前回|参考|これまで|過去|前年度|昨年度|前計画|従前")
_OTHER_OCCASION = re.compile(
    r"説明会|意見交換|交換会|懇談会|座談会|アンケート|ワークショップ|パネル展|展示|審議会|協議会|ヒアリング|"
    r"タウンミーティング|フォーラム|シンポジウム|オープンハウス|出前講座|会場|参加者|来場者")
_THIS_PROCEDURE = re.compile(r"パブリック・?コメント|パブコメ|意見公募|意見募集|意見提出手続")
_COUNTED = re.compile(r"\d[ \t]*(?:件|人|名|者|通|団体)")  # a line with a count is no heading of the line below
# A summary table's column naming a meeting's or a year's figures (「会場｜参加者数｜意見数」, 「年度｜意見数」).
_OTHER_COLUMN = re.compile(r"年度|会場|参加|開催|回数")
_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+)"
# The submitters and then the comments on one line, 「提出者8人　意見22件」, 「意見提出者 5名、ご意見 12件」: the 件 after
# 意見. Only after 提出者 (「説明会参加者30人　意見5件」 counts a meeting's), only on that line, and only in the front matter.
_PERSONS_THEN_COUNT = re.compile(
    r"(?:意見)?提出(?:者|人)数?[ \t]*[:：|｜]?[ \t]*\d+[ \t]*(?:人|名|者|団体|通)(?:・団体)?[ \t、,・/(]*"
    rf"[ご御]?意見(?:等)?(?:の?(?:件?数|総数))?[ \t]*[:：|｜]?[ \t]*{_NUMBER}[ \t]*件(?!名)")
# A breakdown closed by its total on one line, 「提出方法別：電子メール5件、郵送2件、持参1件（計8件）」: two parts or
# more right before the total, each a label and its 件 (persons never), set apart by 「、」, 「,」, 「・」, 「/」 or
# spaces, the total in brackets equal to their sum, on a line about the comments received (意見 or 提出 before the
# total). Only in the front matter.
_BREAKDOWN_TOTAL = re.compile(rf"\([ \t]*(?:計|合計|総計)[ \t]*{_NUMBER}[ \t]*件[ \t]*\)")
_BREAKDOWN_SEPARATOR = re.compile(r"[ \t]*(?:[、・/]|,(?!\d{3}))[ \t]*|[ \t]+")  # 「1,234件」 is one number
_BREAKDOWN_PART = re.compile(rf"^\S*[^\d\s,]{_NUMBER}件$")
# A summary table in the front matter whose last column counts the comments (「項目｜意見数」, 「区分｜人数｜ご意見の件数」),
# its cells on a line each row as the readers give them: rows ending in a number (「第1章 2件」), then its total row
# (「合計 5件」) equal to their sum. A number of persons (人, 名, 者, 通) is no such row.
_SUMMARY_HEADER = re.compile(r"^\S.*?[ \t]+[ご御]?意見(?:等)?の?(?:件数|総数|数)$")
_SUMMARY_ROW = re.compile(rf"^(?P<label>\S.*?)[ \t]+{_NUMBER}[ \t]*件?$")
_SUMMARY_TOTAL = re.compile(r"^(?:合計|総計|計|総数|合計件数|件数計|意見数計)$")
# A date, a count or a period line: never the title, and the end of a title that names the result.
_DATE_OR_COUNT_LINE = (
    r"[^。]*\d+\s*年\s*\d+\s*月\s*\d+\s*日[^。]{0,12}|[^。]{0,20}\d+\s*(?:件|名|人|者)[^。]{0,8}|"
    r"(?:意見の?)?(?:募集|実施|受付|提出)期間\s*[:：]?[^。]*\d+\s*日[^。]*|(?:令和|平成)?\s*(?:\d+|元)\s*年\s*\d+\s*月")
_DATE_OR_COUNT = re.compile(rf"^(?:{_DATE_OR_COUNT_LINE})$")
# Opening lines that are labels, page numbers, notes or dates, never the title.
_NOT_TITLE = re.compile(
    r"^(?:(?:資料|別紙|別添|参考|様式)\s*[\d\-‐－ー]*|[(（]?案[)）]?|[-－―—–\s\d/]+(?:ページ)?|[※＊*].*|[(（].*[)）]|"
    rf"{_DATE_OR_COUNT_LINE})$"
)
_NAMES_RESULT = re.compile(r"結果|意見|考え方|パブリック・?コメント|パブコメ")
# A legend under the title: 「【対応区分】A：反映する B：…」, 「区分 A：反映 B：…」.
LEGEND = re.compile(r"^\s*(?:【[^】]{1,12}】|[^\s:：]{1,8}区分)\s*[:：]?\s*[A-ZＡ-Ｚa-z①-⑳○◎△×●■]\s*[:：]")
# A table's total row: 「合計 | 6件」, 「計 | 12」, 「総数：8件」, the label in the first filled cell, counts in the others.
_TOTAL_LABEL = re.compile(r"^(?:合計|総計|計|総数|合計件数|件数計|意見数計)(?:[:：]?(?:計)?(\d+)(?:件|人|名|通)?)?$")
_TOTAL_VALUE = re.compile(r"^(?:計|合計)?(\d+)(?:件|人|名|通)?$|^[-－―ー]$")


def header_again_note(header: str) -> str:
    """What a reader says of the header typed again inside the table (「No｜ご意見の概要｜市の考え方」), after where it stands."""
    return f"表の途中にある見出しの行（「{header}」）は、項目にしていません。"


def total_note(total: int) -> str:
    """What a reader says of a total row it did not make an item of (after where it stands)."""
    return f"合計の行（{total}件）は項目にしていません。"


def with_total(meta: DocumentMeta, total: int | None) -> DocumentMeta:
    """The document's facts with a total row's count as its declared count, when it declares none."""
    return replace(meta, declared_count=total) if meta.declared_count is None and total is not None else meta


def total_row(cells: list[str]) -> int | None:
    """The count a table's total row gives (「合計 | 6件」 → 6), or None when the row is no total row."""
    filled = ["".join(unicodedata.normalize("NFKC", cell).split()) for cell in cells]
    filled = [cell for cell in filled if cell]
    if not filled or not (label := _TOTAL_LABEL.match(filled[0])):
        return None
    values = [_TOTAL_VALUE.match(cell) for cell in filled[1:]]
    if not all(values):
        return None
    counts = [number_value(found) for found in [label.group(1), *(value.group(1) for value in values)] if found]
    return counts[0] if counts else None


_COMMENT_COUNT = re.compile(r"^(?:計|合計)?(\d+)件$")


def summary_total(cells: list[str], comment: int) -> int | None:
    """The count of comments a summary table's total row gives (:func:`total_row`): the count in 件 in its comment
    column (``comment``, the index of the cell in ``cells``, the row as laid out), never one of people (人, 名) nor
    another column's; else None.

    Example:
        >>> summary_total(["計", "3人", "5件", ""], 2), summary_total(["計", "2件", ""], 1)
        (5, 2)
        >>> summary_total(["計", "3人", ""], 1), summary_total(["計", "3人", "5件"], 1), summary_total(["反映", "2件"], 1)
        (None, None, None)
    """
    if total_row(cells) is None or comment >= len(cells):
        return None
    found = _COMMENT_COUNT.match("".join(unicodedata.normalize("NFKC", cells[comment]).split()))
    return int(found.group(1)) if found else None


# Lines of a web page's frame copied with its text: skip links, text size and print buttons, breadcrumbs
# (「ホーム > 市政情報 > …」), page IDs.
_NAVIGATION = re.compile(
    r"^(?:本文へ.*|(?:メイン)?コンテンツへ.*|メニュー.*|文字サイズ.*|背景色.*|音声読み上げ.*|サイト内検索.*|検索.{0,6}|"
    r"印刷.{0,8}|ページ\s*ID.*|更新日.*|ツイート|シェア|Language.*|.*\s[>＞»›]\s.*)$"
)
# The first of these labels dates what follows it (「意見募集」 is a heading's word too, so a lone publication date under
# 「意見募集の結果について」 still dates such a result).
_PERIOD_LABEL = re.compile(r"(?:募集期間|日時|実施期間|意見募集)")
# A date said to be when the result was published (「公表日：令和8年3月1日」, 「令和8年3月1日公表」, 「…現在」): no period.
# A date alone on its line is not passed over: it is a meeting's date as often as a publication's.
_PUBLISHED = re.compile(
    r"^(?:(?:公表|更新|作成|発行|掲載|発表)(?:日|年月日)?[:：]?(?:令和|平成)?(?:\d+|元)年\d+月\d+日(?:\([月火水木金土日](?:曜日?)?\))?"
    r"|(?:令和|平成)?(?:\d+|元)年\d+月\d+日(?:\([月火水木金土日](?:曜日?)?\))?(?:公表|更新|作成|発行|掲載|発表|現在)(?:日)?)$")


# A date alone (「令和6年3月」, 「令和6年3月15日」, 「2024年3月」, 「2024/3/15」, 「令和6年3月公表」), as typed beside a
# workbook's title or after it in its cell.
_DATE_ALONE = (r"(?:(?:公表|更新|作成|発行|掲載|発表)(?:日|年月日)?[:：]?)?"
               r"(?:(?:令和|平成)\s*(?:\d+|元)|\d{4})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
               r"(?:[(（][月火水木金土日](?:曜日?)?[)）])?(?:公表|更新|作成|発行|掲載|発表|現在)?日?|\d{4}[/／]\d{1,2}(?:[/／]\d{1,2})?")
_DATE_CELL = re.compile(rf"^(?:{_DATE_ALONE})$")
_TITLE_THEN_DATE = re.compile(rf"^(?P<title>\S.*?)\s+(?P<date>{_DATE_ALONE})$")
# A label of the date after it, no title (「意見提出期限｜令和6年2月9日」, 「結果公表日」, 「意見の募集期間　令和6年1月10日」,
# 「公表：」): its words name the result too.
_DATE_LABEL = re.compile(r"(?:期間|期限|日|日時|期日)[:：]?$|[:：]$")


def title_and_date(cells: list[str]) -> list[str] | None:
    """A workbook row's filled cells as the title and its date, each a line of its own, when the first names the result
    (「○○計画（案）に対する意見募集の結果」) and every other is a date alone (「令和6年3月」 in B1), or the first is
    such a title with a date after a space and no other cell is filled (「…の結果　令和6年3月」 in A1); else None (the
    date had been read as the end of the title: 「…の結果令和6年3月」), and None for a label of the date (ending in
    期間, 期限, 日, 日時, 期日 or a colon: 「意見提出期限｜令和6年2月9日」, 「結果公表日｜令和6年3月15日」). Only the title row,
    the first row filled, is read so: each reader asks of that row alone.

    Example:
        >>> title_and_date(["○○計画（案）に対する意見募集の結果", "令和6年3月"])
        ['○○計画（案）に対する意見募集の結果', '令和6年3月']
        >>> title_and_date(["○○計画（案）に対する意見募集の結果　2024年3月15日"])
        ['○○計画（案）に対する意見募集の結果', '2024年3月15日']
        >>> title_and_date(["意見件数", "2件"]) is None, title_and_date(["○○計画の結果", "都市計画課"]) is None
        (True, True)
        >>> title_and_date(["意見提出期限", "令和6年2月9日"]), title_and_date(["意見の募集期間　令和6年1月10日"])
        (None, None)
    """
    flat = [cell.strip() for cell in cells if tidy(cell)]  # \d is any digit: 「令和６年３月」 too
    if not flat:
        return None
    title, dates = flat[0], flat[1:]
    if not dates and (split := _TITLE_THEN_DATE.match(title)):  # as typed: tidy joins Japanese across a space
        title, dates = split.group("title"), [split.group("date")]
    title, dates = tidy(title), [tidy(date) for date in dates]
    if not dates or not all(_DATE_CELL.match(date) for date in dates) or _DATE_LABEL.search(title):
        return None
    return [title, *dates] if _NAMES_RESULT.search(title) and not not_title(title) else None


def not_title(line: str) -> bool:
    """Whether an opening line is a label, page number, note, date or count line, never a title."""
    return bool(_NOT_TITLE.match(unicodedata.normalize("NFKC", tidy(line))))


def _clean_line(line: str) -> str:
    return tidy(line.lstrip("#").strip())


# The procedure's own name: 「パブリックコメント」, 「意見募集」, 「市民意見の募集」, 「意見提出手続」, 「パブコメ制度」.
_PROCEDURE = (r"(?:パブリック・?コメント|パブコメ|意見公募|意見提出|(?:[市区町村県都府道]民|住民)?[ご御]?意見の?(?:募集|公募|提出|聴取))"
              r"(?:手続き?|制度)?")
# A title that names no subject, only the procedure (many cities publish every result under it), and the line
# that then names the plan: 「パブリックコメント手続の実施結果について」 over 「１　案件名　○○市緑の基本計画（案）」.
# The procedure's name, what was done (「募集」「実施」) and its result, in any of the ways cities word them
# (「パブリックコメントの募集結果について」, 「市民意見の募集結果」); or the table's own name, the comments and the
# city's answer (「ご意見と市の考え方」, 「ご意見の要旨とそれに対する市の考え方」, 「意見の要旨及び市の考え方」).
_GENERIC_TITLE = re.compile(
    rf"^(?:(?:[○〇]+市?)?{_PROCEDURE}(?:[(（]{_PROCEDURE}[)）])?の?"
    r"(?:(?:募集|実施|公募|受付)の?)?(?:結果)?(?:の公表)?(?:について|のお知らせ|の公表|等)?(?:[(（](?:お知らせ|報告|公表)[)）])?"
    # 「ご意見と市の考え方」, 「寄せられたご意見の概要と本市の考え方」, 「市民意見の概要と市の考え方」: the table's own name
    rf"|(?:{_PROCEDURE}(?:に|で|へ|に対して|において))?(?:寄せられた|提出された|いただいた|頂いた)?(?:主な)?"
    r"[ご御]?(?:[市区町村県都府道]民|住民)?の?意見(?:等)?(?:の(?:概要|要旨|要約|内容))?"
    r"(?:と|及び|および|並びに|に対する|への)(?:それ|これ)?(?:に対する|への)?"
    r"(?:(?:本|当)?[市区町村県都府道]の?)?(?:考え方|回答|対応)(?:一覧)?(?:について)?)$")
_LABEL = (r"^\s*(?:[0-9０-９一二三四五六七八九十]+[\s.．、)）]*|[(（][0-9０-９一二三四五六七八九十]+[)）]\s*)?"
          r"(?:案件名|件名|案の名称|計画等?の名称|政策等の名称|意見募集案件名|題名|名称)")
_SUBJECT = re.compile(rf"{_LABEL}(?:[\s　]*[:：][\s　]*|[\s　]+|$)(?P<subject>.*)$")


def generic_title(title: str) -> bool:
    """Whether a title names only the procedure (「パブリックコメント手続の実施結果について」), not what was consulted on."""
    return bool(_GENERIC_TITLE.match(squash(title)))


def _subject(text: str) -> bool:
    """A plan's name: not a sentence, another numbered section, a date, a bracketed note or prose after the label."""
    flat = unicodedata.normalize("NFKC", text)
    note = flat.startswith("(") and flat.find(")") == len(flat) - 1  # 「（別紙のとおり）」; 「（仮称）…（案）」 is a name
    # 「名称 の変更について」, 「件名 については」, 「題名 がありません」 are prose; 「ともに生きる…」, 「のぼりべつ…」 are names
    prose = re.match(r"(?:について|は[、,]|が|を|のみ|の[一-龥]|[にでも][一-龥、,])", flat)
    return (2 <= len(text) <= 80 and not text.endswith("。") and not re.match(r"[0-9一二三四五六七八九十]+[\s.、)]", flat)
            and not note and not prose and not _DATE_OR_COUNT.match(flat))


# What a plan's name holds when no label says it is one: 「札幌市みどりの基本計画（案）」, 「○○条例の一部改正について」.
_PLAN_WORD = re.compile(
    r"計画|方針|指針|条例|規則|規程|要綱|要領|戦略|ビジョン|構想|プラン|大綱|ガイドライン|基準|評価書|素案|原案|案(?:\)|$)|"
    r"改定|改正|制定|策定|廃止|見直し|あり方|在り方|方向性|施策|事業|プログラム|報告書|白書|制度")
# Lines that are no plan's name however they are worded: a department or its contact (「環境局みどり推進課」,
# 「担当：…」), a label and its value (「公表日：…」), a number or a bullet opening a section, a dated line, a count,
# a note in brackets, a decoration (「～…～」), and prose (a sentence, a clause, a verb at its end).
_NOT_PLAN = re.compile(
    r"^(?:担当|所管|問い?合わせ|お問い?合わせ|連絡先|作成|発行|事務局)|(?:課|係|室|局|部|担当|グループ|センター|事務所)$|"
    r"^[^:：]{1,12}[:：]|^(?:[0-9一二三四五六七八九十]+[\s.、)]|[0-9]{1,2}(?![0-9])|\([0-9一二三四五六七八九十]+\)|第[0-9一二三四五六七八九十]+[章節]|"
    r"[①-⑳ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ■□●◆◇▼▽▲△・※*＊～〜\-―ー]|【[^】]*】$|\[[^\]]*\]$|<[^>]*>$)|"
    r"\d+\s*年\s*\d+\s*月|\d+\s*(?:件|名|人|者|通|団体)|[。、,]|"
    r"(?:ます|ました|ません|です|でした|ください|下さい|した|いた|った|んだ|ある|いる|おり|だ|する|なる|れる)$")
# The same after NFKC, which turns 「～」 into 「~」 and 「Ⅰ」 into 「I」; and a section's marker in kana or a letter
# (「ア　…」, 「A. …」), a document's number (「資料2 …」), a telephone or fax number, a department followed by
# more (「環境局環境計画課（TEL…）」), and a plan's part (「基本計画の概要」, 「計画策定の背景」).
_NOT_PLAN_FOLDED = re.compile(
    r"^(?:~|[IVX]+[ .)]|[ア-ンA-Za-z][ .)]|資料\s*\d|(?:別紙|参考)(?:[\s:0-9]|$))|"
    r"電話\s*[:(]?\s*[0-9]|TEL|FAX|Tel|tel|[0-9]{2,4}-[0-9]{2,4}-[0-9]{3,4}|(?:課|係|室)[\s(]|"
    r"(?:概要|概要版|背景|趣旨|目的|経緯|構成|位置づけ|位置付け|スケジュール|ポイント|体系|進め方|主な内容|内容|主な施策|重点施策)$")
# A slogan in 「～…～」 before the plan's name (「～ひと・まち・みどり～札幌市みどりの基本計画（案）」), or around it
# (「～札幌市みどりの基本計画（案）～」): the name is what is left, when it ends as a draft's name does.
_SLOGAN_BEFORE = re.compile(r"^~[^~]{1,40}~\s*(?P<rest>.+)$")
_AROUND = re.compile(r"^~(?P<inner>[^~]+\((?:案|素案|原案)\))~$")
# A labelled line, also as a spreadsheet's cell joins it (「１案件名○○計画」): read by its label or not at all.
_LABELLED = re.compile(_LABEL)
# A plan's part or the plan unnamed (「計画全体について」, 「本計画の概要」, 「計画策定の趣旨」): a section, not a name.
_UNNAMED = re.compile(rf"^(?:本|当|同|この|その|今回の?|今後の?|次期の?)?(?:{_PLAN_WORD.pattern})")


def plan_name(line: str) -> bool:
    """Whether a line without a label is a plan's name (「札幌市みどりの基本計画（案）」): what the consultation
    was on, never a department, a date, a count, a numbered section, a note or a line of prose.

    Example:
        >>> plan_name("札幌市みどりの基本計画（案）"), plan_name("環境局みどり推進課"), plan_name("意見数　5件")
        (True, False, False)
    """
    text, raw = tidy(line), unicodedata.normalize("NFKC", line.strip())
    flat = unicodedata.normalize("NFKC", text)
    decorated = _SLOGAN_BEFORE.match(flat) or _AROUND.match(flat)
    if decorated:
        return plan_name(decorated.group(decorated.lastgroup))
    return (4 <= len(flat) <= 60 and "\t" not in line and bool(_PLAN_WORD.search(flat)) and _subject(text)
            and not _NOT_PLAN.search(raw) and not _NOT_PLAN.search(flat) and not _NOT_PLAN_FOLDED.search(flat)
            and not _UNNAMED.match(flat)
            and not _LABELLED.match(flat) and not LEGEND.match(raw) and not generic_title(flat))


# A line that is only an organisation's name, the department that publishes the result (「札幌市環境局環境都市推進部」,
# 「環境局みどり推進課」): printed under the title in its type, never part of it.
# 「こども未来局」, 「まちづくり政策局」 hold kana; 「条例の一部」, 「…に関する部」 are words of a title, and a 部 alone
# may be a place (「札幌市都心部」): a 局 or a 課, 係 or 室 at the end says it is a department.
_ORGANISATION = re.compile(
    r"^(?!.*(?:の|を|に(?:対す|関す|係)|について|における))(?=.*(?:局|[課係室]$))(?:[一-龥ぁ-んァ-ヶー]{1,10}?[都道府県市区町村])?"
    r"(?:[一-龥ぁ-んァ-ヶー]{1,14}?(?:局|(?<![一全])部|課|係|室))+$")
# A plan's name wrapped over two lines: the first ends where a name cannot (a particle, 「・」, an open bracket,
# 「○○計画（素案）に対する」), or the second is only what ends a name (「（案）」, 「2027（案）」, 「2027」).
_UNFINISHED = re.compile(r"(?:の|に対する|に係る|に関する|における|への|及び|および|並びに|・|\([^)]*|「[^」]*)$")
_NAME_END = re.compile(
    r"^(?=.)(?:(?:19|20)\d\d(?:年度?)?|(?:令和|平成)(?:\d+|元)年度)?(?:\((?:案|素案|原案|骨子案|改定案|中間案|最終案)\))?$")


_GOES_ON_FROM = re.compile(r"^(?:の|に|を|へ|と|が|で|は|も)")  # a line going on from the one before (「を開設します。」)
# What leaves a title's line unfinished (「…小中学校における」 / 「空き教室」 / 「の活用方針」): a name like a department's
# after it is the title's subject, not the department under it.
_GOES_ON = re.compile(r"(?:の|に対する|に係る|に関する|における|に伴う|に向けた|による|のための|への|及び|および|並びに|・|、)$")


def department_under(before: str, line: str, following: str | None) -> bool:
    """Whether ``line`` is the department printed under a title that ends with ``before`` (:func:`organisation`), not
    part of a title wrapped over it: the title's last line, ``following`` being the next line that could still be
    the title's (None when the next is a date, a section, smaller type or nothing; a sentence 「このたび…。」 or,
    under a line naming a 局 or 部, the department's next line 「…推進課」 is none either), and ``before`` not left
    off. 「中央図書館の再整備に伴う」 / 「学習室」 / 「に関する意見募集の結果」 and 「札幌市立小中学校」 / 「図書室」 /
    「整備方針（案）」 are one title each.

    Example:
        >>> department_under("…に対する意見募集の結果", "札幌市環境局環境都市推進部", None)
        True
        >>> department_under("組織改正に伴う", "札幌市こども未来局", "の名称変更に関する意見募集の結果")
        False
    """
    after = squash(following or "")
    ends = (following is None or (organisation(following) and re.search(r"[局部]", line) is not None)
            or (after.endswith("。") and not _GOES_ON_FROM.match(after)))
    return organisation(line) and ends and not _GOES_ON.search(squash(before))


def organisation(line: str) -> bool:
    """Whether a line is only an organisation's name (「札幌市環境局環境都市推進部」), as printed under a title.

    Example:
        >>> organisation("札幌市環境局環境都市推進部"), organisation("条例の一部"), organisation("札幌市みどりの基本計画（案）")
        (True, False, False)
    """
    return bool(_ORGANISATION.match(squash(line)))


def wrapped(line: str, following: str) -> bool:
    """Whether ``following`` goes on the plan's name that ``line`` begins: ``line`` ends where no name ends
    (「第２次札幌市環境基本計画（素案）に対する」, 「…ビジョン・」) or ``following`` is only a name's end (「2027（案）」)."""
    first, second = squash(line), squash(following)  # 「…計画（案）」 / 「2024」: the name had ended
    return bool(first and second and (_UNFINISHED.search(first) or (_NAME_END.match(second) and not first.endswith(")"))))


def _plan_at(lines: list[tuple[str, float | None]], index: int) -> str | None:
    """The plan's name on line ``index`` of ``(text, font size or None)`` lines, with the next line when the name
    is wrapped onto it in the same type (:func:`wrapped`), or None when the line names no plan (:func:`plan_name`)."""
    text, size = lines[index]
    following = next((lines[at] for at in range(index + 1, len(lines)) if tidy(lines[at][0])), None)
    if following is not None and (size is None or following[1] is None or abs(size - following[1]) < 0.5):
        joined = tidy(tidy(text) + tidy(following[0]))
        if wrapped(text, following[0]) and plan_name(joined):
            return joined
    return tidy(text) if plan_name(text) else None


def _name_end_after(lines: list[tuple[str, float | None]], index: int, kept: int) -> bool:
    """Whether line ``index`` is only a name's end (「（案）」, 「2027」) wrapped from line ``kept``, the line right
    before it in the same type: part of a title, though alone it is a note or a page number (:data:`_NOT_TITLE`);
    never of a title that names only the procedure."""
    before = next((at for at in range(index - 1, -1, -1) if tidy(lines[at][0])), None)
    text, size = lines[index]
    return (before == kept and bool(_NAME_END.match(squash(text))) and not generic_title(lines[kept][0])
            and (size is None or lines[kept][1] is None or abs(size - lines[kept][1]) < 0.5))


def with_subject(title: str, lines: list[str], below: str | None = None) -> str:
    """The title, or the plan's name when the title names only the procedure: on a labelled line of the front
    matter (「１　案件名　○○計画（案）」, or the label alone with the name on the next line), else on the line right
    below the title, ``below``, when that line is a plan's name (:func:`plan_name`). Two consultations published
    under 「パブリックコメント手続の実施結果について」 or 「意見募集の結果について」 in one period were one document,
    the second replacing the first.

    Example:
        >>> with_subject("パブリックコメント手続の実施結果について", ["１　案件名　○○市緑の基本計画（案）"])
        '○○市緑の基本計画（案）'
        >>> with_subject("意見募集の結果について", [], below="札幌市みどりの基本計画（案）")
        '札幌市みどりの基本計画（案）'
        >>> with_subject("パブリックコメント手続の実施結果について", ["名称を「中央図書館」に改めます。"])
        'パブリックコメント手続の実施結果について'
    """
    if not generic_title(title):
        return title
    lines = [line.strip() for line in lines[:40] if line.strip()]
    for index, line in enumerate(lines):
        found = _SUBJECT.match(line)
        if not found:
            continue
        subject, at = tidy(found.group("subject")), index
        if not subject and index + 1 < len(lines):  # the label alone, the name on the line below
            subject, at = tidy(lines[index + 1]), index + 1
        if at + 1 < len(lines) and wrapped(subject, lines[at + 1]) and _subject(tidy(subject + tidy(lines[at + 1]))):
            subject = tidy(subject + tidy(lines[at + 1]))  # the name wrapped onto the next line
        if _subject(subject):
            return subject
        break
    return tidy(below) if below is not None and plan_name(below) else title


def find_title(lines: list[str]) -> str:
    """Join the opening lines up to the first numbered section ("1 意見の募集期間", "１ 日時"), a date line
    or a count line (「意見募集期間 令和6年5月1日～…」, 「意見総数 6件」); a title that names only the
    procedure gives way to the plan's name (:func:`with_subject`)."""
    return with_subject(*_opening_title(lines))


def _opening_title(lines: list[str]) -> tuple[str, list[str], str | None]:
    """The opening lines joined as the title, the lines, and the line right below the title when the title names
    only the procedure and that line names a plan (「意見募集の結果について」 over 「○○計画（案）」, also wrapped
    over two lines: :func:`wrapped`), which then stays out of the title. A department's name under the title
    (「札幌市環境局環境都市推進部」) ends it, or is passed over when the title names only the procedure."""
    parts: list[str] = []
    plain: list[tuple[str, float | None]] = [(line, None) for line in lines]
    for index, line in enumerate(lines):
        generic = bool(parts) and generic_title("".join(parts))
        if generic and (plan := _plan_at(plain, index)):
            return tidy("".join(parts)), lines, plan
        if generic and organisation(line):
            continue  # the department between 「意見募集の結果について」 and the plan's name
        if not parts and sum(bool(cell.strip()) for cell in line.split("\t")) >= 2:
            break  # a table with no title line: its header row (or a row) is no title (Excel pads a title with tabs)
        following = next((text for text in lines[index + 1:] if text.strip()), None)
        if parts and _ends_title(parts, line, None if following is None or _ends_title(parts, following) else following):
            break
        if _NAVIGATION.match(unicodedata.normalize("NFKC", line.strip())):
            continue
        if line.strip():
            parts.append(_clean_line(line))
        if len(parts) >= 3:
            break
    return tidy("".join(parts)), lines, None


# A line under the title that opens a section of minutes or a labelled answer: 「【議題】雪対策について」, 「【意見】…」
# (not 「【概要版】に対する意見募集の結果」, the rest of a title's name).
_LABELLED_LINE = re.compile(r"【(?:議題|件名|案件|テーマ|質疑項目|題目|所管事項|ご?意見|質問|回答|答弁|(?:本?市|町|村|区|県|国)の考え方)"
                            r"[0-9０-９一二三四五六七八九十]{0,3}】\S")


def _ends_title(parts: list[str], line: str, following: str | None = None) -> bool:
    """Whether ``line`` ends the title begun by ``parts``: a numbered section, a date or count line, the table's
    header row, a legend, a labelled line of minutes or of a labelled result (:data:`_LABELLED_LINE`), or the
    department under the title (「札幌市環境局環境都市推進部」, :func:`department_under`,
    ``following`` being the next line when it could still be the title's); not a name's end (「（案）」, 「2027」)
    wrapped from the line before."""
    flat = unicodedata.normalize("NFKC", line)
    ends_name = bool(_NAME_END.match(squash(line))) and not generic_title(parts[-1])
    return bool((_NOT_TITLE.match(tidy(flat)) and not ends_name) or _SECTION_START.match(flat) or "\t" in line
                or _LABELLED_LINE.match(line.strip())
                or LEGEND.match(flat) or (department_under(parts[-1], line, following)
                                          and not all(organisation(part) for part in parts)))


def choose_title(lines: list[tuple[str, float | None]]) -> str:
    """The title among a document's opening lines, given as ``(text, font size or None)``.

    Labels (「資料６」「別紙」), page numbers, notes (※…), parenthesised lines (not a plan's name such as
    「（仮称）○○条例（案）」) and date lines are skipped. When font sizes are known and differ, the first run of
    lines in the largest size is the title (a title wrapped over two lines is joined); otherwise the opening
    lines up to the first numbered section, as in :func:`find_title`. A title that names only the procedure
    gives way to the plan's name on a labelled line or right below it (:func:`with_subject`).

    Example:
        >>> choose_title([("資料６", 11.8), ("交通政策基本計画に対する御意見", 13.7), ("※意見提出総数 33者62件", 10.8)])
        '交通政策基本計画に対する御意見'
    """
    kept: list[tuple[int, str, float | None]] = []
    for index, (text, size) in enumerate(lines):
        if tidy(text) and (not _NOT_TITLE.match(unicodedata.normalize("NFKC", tidy(text))) or plan_name(text)
                           or (kept and _name_end_after(lines, index, kept[-1][0]))):
            kept.append((index, text, size))
    kept = kept[:20]
    sizes = [size for _, _, size in kept if size]
    if sizes and max(sizes) >= min(sizes) + 1:
        biggest = max(sizes) - 0.5
        start = next(i for i, (_, _, size) in enumerate(kept) if size and size >= biggest)
        run, last, below = [], kept[start][0], None
        for at, (index, text, size) in enumerate(kept[start:], start=start):
            following = kept[at + 1][1] if at + 1 < len(kept) and (kept[at + 1][2] or 0) >= biggest else None
            if not size or size < biggest or (run and department_under(run[-1], text, following)
                                              and not all(organisation(part) for part in run)):
                break  # smaller type, or the department under the title in its type (「札幌市環境局環境都市推進部」)
            if run and generic_title("".join(run)) and (plan := _plan_at(lines, index)):
                below = plan  # the plan in the title's type under a title naming only the procedure
                break
            run.append(text)
            last = index
        if below is None:  # the line right below the title (or its department), in any type, wrapped or not
            following = next((index for index in range(last + 1, len(lines))
                              if tidy(lines[index][0]) and not organisation(lines[index][0])), None)
            below = None if following is None else _plan_at(lines, following) or lines[following][0]
        return with_subject(tidy("".join(run)), [text for text, _ in lines], below)
    # A date or count line (skipped above) ends a title that already names the result: 「…意見募集の結果 / 令和6年5月1日
    # / 環境局環境政策課」 is the first line alone; 「環境局環境政策課 / 令和6年5月1日 / …の結果」 is joined as before.
    opening, named, last = [], False, -1
    for index, (text, _) in enumerate(lines):
        flat = unicodedata.normalize("NFKC", tidy(text))
        if not flat:
            continue
        # 「（仮称）○○条例（案）」 is a name, not a note; 「（案）」 under 「○○計画」 ends that name
        if _NOT_TITLE.match(flat) and not plan_name(text) and not (opening and _name_end_after(lines, index, last)):
            if named and _DATE_OR_COUNT.match(flat):
                break
            continue
        opening.append(text)
        last = index
        named = named or bool(_NAMES_RESULT.search(flat))
        if len(opening) >= 20:
            break
    title, _, below = _opening_title(opening)
    return with_subject(title, [text for text, _ in lines], below)


def find_period(text: str) -> tuple[str | None, str | None]:
    r"""Comment period (or meeting date), preferring the text after a 募集期間 / 日時 label. A date said to be the
    publication's (:data:`_PUBLISHED`: 「公表日：…」, 「…公表」, 「…現在」) is passed over: 「意見募集の結果について /
    公表日：令和8年3月1日 / 1 期間 令和7年1月6日～2月5日」 was dated 2026-03-01. A date alone on its line is not (a
    meeting's date as often as a publication's; 「意見募集の結果について / 令和8年3月1日 / 1 意見募集期間 …」 is still
    dated by it).

    Example:
        >>> find_period("意見募集の結果について\n公表日：令和8年3月1日\n1 期間 令和7年1月6日～2月5日")
        ('2025-01-06', '2025-02-05')
    """
    label = _PERIOD_LABEL.search(text)
    start, end = _dated(text[label.end():] if label else text)
    if start is None and label:
        start, end = _dated(text)
    if start is not None and start == end:
        end = _labelled_end(text, start) or end
    return start, end


# The period's two ends under labels of their own, on two lines or cells (「募集開始日｜令和6年4月1日」 /
# 「募集終了日｜令和6年5月1日」): the start's line says 開始, the end's 終了, 締切 or 期限 (「意見提出期限」, 「募集期限」).
_START_LABEL = re.compile(r"開始|始期")
_END_LABEL = re.compile(r"(?:終了|締切|締め切り|〆切|終期|期限)(?:日時|日)?[\s:：|｜]*")
_DATE_START = re.compile(r"(?:明治|大正|昭和|平成|令和)|(?:19|20)\d\d")
_END_LINES = 3  # the end's line among the next non-empty lines of the cover, never further (the comments' text)


def _labelled_end(text: str, start: str) -> str | None:
    r"""The end of a period whose start stands alone on a line labelled 開始 (「募集開始日：令和6年4月1日」): the date
    after a 終了, 締切 or 期限 label later on the start's line or opening one of the next :data:`_END_LINES` non-empty
    lines (「募集終了日：令和6年5月1日」, 「意見提出期限：令和6年5月1日」), when it is not before the start; else None. A
    終了 further on is no end: 「…令和7年3月31日で終了し、令和7年4月1日から…」 in the body dated no period.

    Example:
        >>> _labelled_end("募集開始日：令和6年4月1日\n募集終了日：令和6年5月1日", "2024-04-01")
        '2024-05-01'
        >>> _labelled_end("募集開始日：令和6年4月1日\n\n提出期限：令和6年5月1日", "2024-04-01")
        '2024-05-01'
        >>> _labelled_end("募集開始日：令和6年4月1日\n公表日：令和6年6月1日\n計画は令和7年3月31日で終了し、令和7年4月1日から", "2024-04-01")
    """
    lines = unicodedata.normalize("NFKC", text).splitlines()
    for index, line in enumerate(lines):
        date = _DATE_START.search(line)
        if date and _START_LABEL.search(line[:date.start()]) and parse_period(line)[0] == start:
            following = [later for later in lines[index + 1:] if later.strip()][:_END_LINES]
            for candidate in [line[date.end():], *following]:
                label = _END_LABEL.search(candidate)
                first_date = _DATE_START.search(candidate)
                if label and (first_date is None or label.start() < first_date.start()):
                    end = parse_period(candidate[label.end():label.end() + 40])[0]
                    return end if end is not None and end >= start else None
            return None
    return None


def _dated(text: str) -> tuple[str | None, str | None]:
    """The first date range or date in ``text`` that is no publication date (:data:`_PUBLISHED`), unless the range
    starts on that line and ends on the next (「令和7年1月6日 / ～令和7年2月5日」)."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if parse_period(line)[0] is not None:
            start, end, stated = stated_period(text[offset:])
            if stated or not _PUBLISHED.match(squash(line)):
                return start, end
        offset += len(line)
    return None, None


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return tidy(match.group(1)) if match else None


def _publisher(text: str) -> str | None:
    for match in _PUBLISHER.finditer(text):
        if match.group(1) not in _SELF_REFERENCES:
            return match.group(1)
    return None


def _bare_total(front: str) -> re.Match[str] | None:
    r"""The front matter's one total without 「件」 (:data:`_DECLARED_BARE`), or None where it gives none or several.

    Example:
        >>> [_bare_total(text) is not None for text in ("意見件数｜3\n", "意見数 4\n", "提出件数｜5\n", "意見件数 4\n意見件数 5\n")]
        [True, False, False, False]
    """
    found = list(_DECLARED_BARE.finditer(front))
    return found[0] if found and len({match.group(1) for match in found}) == 1 else None


def _number(text: str) -> int:
    return number_value(text.replace(",", ""))


def _another_occasion(lines: list[str], index: int) -> bool:
    r"""Whether line ``index`` of the front matter, or the heading right above it (a line without a count), is about
    another occasion than this consultation (:data:`_PAST_OCCASION`, :data:`_OTHER_OCCASION`).

    Example:
        >>> [_another_occasion(text.split("\n"), 1) for text in ("x\n(参考)前回:提出者12人 意見30件", "1 住民説明会\n提出者3人 意見5件",
        ...     "審議会答申案に対する意見募集\n提出者3人 意見5件", "説明会 参加者45人、意見12件\n提出者3人 意見5件")]
        [True, True, False, False]
    """
    def other(line: str) -> bool:
        return bool(_PAST_OCCASION.search(line) or (_OTHER_OCCASION.search(line) and not _THIS_PROCEDURE.search(line)))

    if other(lines[index]):
        return True
    above = next((line for line in reversed(lines[:index]) if line.strip()), None)
    return above is not None and not _COUNTED.search(above) and other(above)


def _on_this_consultation(pattern: re.Pattern[str], front: str) -> re.Match[str] | None:
    """The first match of ``pattern`` in the front matter on a line not about another occasion, or None."""
    lines = front.split("\n")
    for match in pattern.finditer(front):
        if not _another_occasion(lines, front.count("\n", 0, match.start())):
            return match
    return None


def _breakdown_total(front: str) -> int | None:
    r"""The total closing a breakdown on a line about the comments received (:data:`_BREAKDOWN_TOTAL`), or None.

    Example:
        >>> [_breakdown_total(text) for text in ("提出方法:郵送3件、電子メール5件(計8件)", "郵送3件、電子メール5件(計8件)",
        ...                                      "提出方法:郵送3件、電子メール5件(計9件)", "提出方法:郵送3人、電子メール5人(計8人)")]
        [8, None, None, None]
    """
    lines = front.split("\n")
    for index, line in enumerate(lines):
        if _another_occasion(lines, index):
            continue
        for total in _BREAKDOWN_TOTAL.finditer(line):
            before = line[:total.start()]
            parts: list[int] = []
            for piece in reversed(_BREAKDOWN_SEPARATOR.sub("\t", before.strip()).split("\t")):
                part = _BREAKDOWN_PART.match(piece)
                if part is None:
                    break
                parts.append(_number(part.group(1)))
            if len(parts) >= 2 and sum(parts) == _number(total.group(1)) and re.search(r"意見|提出", before):
                return _number(total.group(1))
    return None


def _summary_total(front: str) -> int | None:
    r"""The total row of a summary table counting the comments (:data:`_SUMMARY_HEADER`), when it is the sum of the
    rows above it, or None.

    Example:
        >>> _summary_total("項目 意見数\n第1章 2件\n第2章 3件\n合計 5件"), _summary_total("項目 意見数\n第1章 2件\n合計 5件")
        (5, None)
    """
    lines = [line.strip() for line in front.split("\n") if line.strip()]
    for index, line in enumerate(lines):
        if not _SUMMARY_HEADER.match(line) or _OTHER_COLUMN.search(line):
            continue
        if _another_occasion(lines, index) or (index and _another_occasion(lines, index - 1)):
            continue  # a table of a meeting's, a survey's or past years' comments, by its header or its caption
        counts: list[int] = []
        for row in lines[index + 1:]:
            found = _SUMMARY_ROW.match(row)
            if found is None:
                break
            if _SUMMARY_TOTAL.match(found.group("label").split()[0]):  # 「合計 4人 6件」: persons, then the 件
                total = _number(found.group(2))
                if counts and sum(counts) == total:
                    return total
                break
            counts.append(_number(found.group(2)))
    return None


def find_meta(text: str) -> dict[str, object]:
    """Everything but the title and kind, as keyword arguments for :class:`DocumentMeta`."""
    flat = unicodedata.normalize("NFKC", text)
    flat_joined = re.sub(r"\s*\n\s*", "", flat)
    start, end = find_period(text)
    front = flat[:_FRONT_CHARS]
    declared = (_DECLARED.search(flat) or _DECLARED_LINE.search(flat) or _on_this_consultation(_DECLARED_PERSONS, front)
                or _on_this_consultation(_PERSONS_THEN_COUNT, front) or _bare_total(front) or _DECLARED_PROSE.search(front))
    count = _number(declared.group(1)) if declared else _summary_total(front)
    if count is None:
        count = _breakdown_total(front)
    return {
        "area": _first(_AREA, flat_joined),
        "publisher": _publisher(flat_joined),
        "department": _first(_DEPARTMENT, flat),
        "period_start": start,
        "period_end": end,
        "declared_count": count,
    }
