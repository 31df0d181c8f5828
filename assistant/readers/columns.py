"""Which column of an answer table or a staff spreadsheet holds what, from its header text.

One set of rules for every reader: the published-table reader (:mod:`assistant.readers.grid`) and
the staff spreadsheet reader (:mod:`assistant.readers.spreadsheet`) both ask :func:`column_role`, so a
column named 意見提出者, 意見区分 or 意見No. is the comment column in neither.
"""

from __future__ import annotations

import re
import unicodedata

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "no": ("no", "no.", "番号", "項番", "通番", "#", "意見番号"),
    "comment": ("ご意見", "意見", "寄せられたご意見", "ご意見の概要", "意見の概要", "意見要旨", "ご意見の要旨", "ご意見内容",
                "意見内容", "コメント", "ご要望", "要望", "提出内容", "comment"),  # the last five as web forms export them
    "answer": ("本市の考え方", "市の考え方", "考え方", "回答", "市の回答", "本市の回答", "対応", "answer"),
    "title": ("件名", "案件名", "タイトル", "表題", "資料名", "title"),
    "department": ("担当課", "所管課", "担当部署", "部署", "所管", "department"),
    "date": ("日付", "募集期間", "意見募集期間", "期間", "実施日", "公表日", "date", "period"),
    "area": ("事務名", "分野", "業務", "area"),
}
MAX_HEADER_CHARS = 30


def header_key(text: str) -> str:
    """A header as compared: NFKC, lower case, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


_NO_NAMES = {*COLUMN_NAMES["no"], "整理番号", "連番", "意見no", "意見no.", "ご意見no", "ご意見no.", "項目番号"}
# A number that belongs to the person who wrote (電話番号, 郵便番号, 個人番号): no row's No. (a phone number became
# the No. of every group of a web form's export, published unmasked), but a column left out as the writer's.
_PERSONAL_NUMBER = re.compile(r"電話|携帯|tel|fax|ファクス|ファックス|郵便|個人|マイナンバー|会員|口座|免許|保険|学籍|社員|職員|連絡先")
_ANSWER_WORDS = ("考え方", "回答", "見解", "対応方針")
# 「提出意見を考慮した結果及びその理由」, 「意見を考慮した結果」: the answer as 行政手続法 §43 names it (before the 意見 that
# makes a comment column), the words ending the name, its notes aside: a row's answer that opens with them
# (「ご意見を考慮した結果、素案を修正します（21）」) names no column (such a row at a page's top was taken for the header
# printed again, and dropped).
_CONSIDERED = re.compile(r"(?:考慮した結果(?:(?:及び|および)(?:その)?理由)?|結果(?:及び|および)その理由)$")
# 「市の対応」, 「ご意見に対する市の対応」, 「意見への対応」: the answer, as some cities head it. Only a header ending
# in 対応 (「対応区分」, 「対応状況」 name a category column) and only where no column says 考え方/回答 (:func:`answer_word_only`).
# The 対応 must be someone's (「市の対応」) or the comment's (「意見への対応」): a short answer cell 「個別に対応」 is no header
# (a row of such cells was taken for the header repeated, and dropped).
_ACTION_ANSWER = re.compile(r"(?:^|[市区町村県都道府国本当]の|への|に対する|に対しての|についての)対応(?:\(案\))?$")
_NOT_COMMENT = ("提出者", "者数", "件数", "番号", "区分", "反映", "対応", "提出日", "受付", "方法", "年代", "性別", "属性")
# A column named as a classification, a count, a department, a date or a person (its name's last words, notes
# aside): never the answer, whatever else its name says (「回答区分」, 「考え方の区分」, 「対応の別」, 「回答課」, 「回答日」), nor
# the comment (「意見の分類」, 「意見の種類」, 「意見数」). A category column 「回答区分」 before 「市の考え方」 was the answer of
# every row (「A」), the answer itself kept aside.
_CATEGORY_NAME = re.compile(r"(?:区分|分類|種別|種類|類型|の別|有無|課|部署|部局|担当|所管|日|日付|年月日|時期|期日|者|者名|数)$")
# ... and for the comment, a column named as where in the plan the comment points or who sent it (「意見の該当箇所」,
# 「意見の対象」, 「意見提出団体」): the comment's place or sender, not the comment.
_PLACE_OR_SENDER = re.compile(r"(?:該当|箇所|頁|ページ|章|節|条|項目|対象|テーマ|団体|団体名|者名|名)$")
# The comment named as itself (「ご意見」, 「意見の概要」, 「ご意見等の要旨」, 「意見の内容」): where a table has several columns
# that mention 意見 (「意見の趣旨」 beside 「ご意見の要旨」 …), one of these is the comment.
_COMMENT_ITSELF = re.compile(r"(?:意見|質問|要望|提案|概要|要旨|要約|概略|趣旨|主旨|内容|本文|全文|原文)(?:等|など)?$")
# A header that names who gave the comment (「意見者」, 「意見者名」, 「意見提出者氏名」), its note in brackets aside; not one
# that names the comment with a note about the person (「意見者の意見」, 「ご意見（意見者）」, 「ご意見（氏名・住所は除く）」).
_NAMES_A_PERSON = re.compile(r"(?:意見者|者名|氏名|名前)(?:\([^()]*\))?$")


# A note printed in a header cell with its name: in brackets (「寄せられたご意見の概要（個人情報に関わる部分等は省略して
# います）」, 「提出意見を考慮した結果（…との差異を含む。）及びその理由」) or after ※ (「ご意見の概要※いただいたご意見は、…要約して
# います。」), on the name's line or under it. Compared after header_key (NFKC: 「（」 is 「(」).
_HEADER_NOTE = re.compile(r"\([^()]*\)|〔[^〔〕]*〕|[※*].*$")


def _noted_name(key: str) -> str | None:
    """A header key's name without the notes printed with it, when it has any and what is left is short enough to
    be a column name and ends no sentence; else None."""
    name, previous = key, None
    while name != previous:  # a note in brackets inside another: the inner one first
        previous, name = name, _HEADER_NOTE.sub("", name)
    return name if name != key and name and len(name) <= MAX_HEADER_CHARS and not name.endswith("。") else None


def header_name(text: str) -> str:
    """A header cell's text as compared (:func:`header_key`), without the notes printed with it when what is left is
    a column name (:data:`_HEADER_NOTE`).

    Example:
        >>> header_name("提出意見を考慮した結果（案との差異を含む）及びその理由")
        '提出意見を考慮した結果及びその理由'
    """
    key = header_key(text)
    return _noted_name(key) or key


def _names_answer(key: str) -> bool:
    """Whether a header key names the answer column in words (考え方, 回答, 意見を考慮した結果…), not only by 対応 (a bare
    「対応」 is as weak as 「市の対応」: a category column 「対応」 (A 反映, B 記載済) often stands before 「市の考え方」)."""
    return (key in COLUMN_NAMES["answer"] and key != "対応") or any(word in key for word in _ANSWER_WORDS) or bool(
        _CONSIDERED.search(_noted_name(key) or key))


# What joins two names in one header cell (「市の考え方・対応区分」, 「市の考え方と対応区分」, 「意見及び該当箇所」); 「と」 only
# after the last letter of a name of the answer or the comment (考え方, 回答, 見解, 方針, 意見, 概要, 要旨, 内容).
_JOIN = re.compile(r"[・/、,&]|及び|および|並びに|(?<=[方答解針見要旨容])と")
# 「市の考え方担当課」: a cell of two lines (「市の考え方」 over 「担当課」) read as one; not 「考え方の区分」 (the answer's category).
_ANSWER_THEN_NAME = re.compile(r"^(.+(?:の|する|ての)考え方)([^の].*)$")


def _parts(name: str) -> list[str]:
    """The names a header name (notes aside) joins (:data:`_JOIN`, :data:`_ANSWER_THEN_NAME`), in order; the name alone
    when it joins none."""
    parts = [part for part in _JOIN.split(name) if part]
    if len(parts) == 1 and (joined := _ANSWER_THEN_NAME.match(name)):
        parts = list(joined.groups())
    return parts or [name]


def _names_comment_itself(part: str) -> bool:
    """Whether one part of a header name names the comment as itself (「意見」, 「ご意見の概要」, 「意見内容」)."""
    return ("意見" in part or "質問" in part) and bool(_COMMENT_ITSELF.search(part)) and not _CATEGORY_NAME.search(part)


def _led_by_a_role(name: str) -> bool:
    """Whether a header name joins a category, a place or a sender to a leading name of the answer or the comment
    (「市の考え方と対応区分」, 「市の考え方担当課」, 「意見・該当箇所」, 「ご意見の概要と該当箇所」): that column keeps the role."""
    return any((_names_answer(part) or _names_comment_itself(part)) and not _CATEGORY_NAME.search(part)
               for part in _parts(name)[:-1])


def _category(name: str) -> bool:
    """Whether a header name (notes aside) names a classification, a count, a department, a date or a person
    (:data:`_CATEGORY_NAME`), not a column that also names the answer or the comment before it (「市の考え方・対応区分」,
    「市の考え方と修正の有無」, :func:`_led_by_a_role`)."""
    return bool(_CATEGORY_NAME.search(name)) and not _led_by_a_role(name)


def _place_or_sender(name: str) -> bool:
    """Whether a header name (notes aside) names where in the plan a comment points or who sent it
    (:data:`_PLACE_OR_SENDER`), not a column that names the comment before it (「意見・該当箇所」)."""
    return bool(_PLACE_OR_SENDER.search(name)) and not _led_by_a_role(name)


def header_like(text: str) -> bool:
    """Whether a cell's text is short enough to be a header (no sentence ending 「。」), or is a header name with a
    note in brackets or after ※ (:data:`_HEADER_NOTE`).

    Example:
        >>> [header_like(h) for h in ["ご意見の概要", "ご意見の概要※いただいたご意見は要約しています。", "要約しています。"]]
        [True, True, False]
    """
    key = header_key(text)
    return (len(key) <= MAX_HEADER_CHARS and not text.endswith("。")) or _noted_name(key) is not None


# A header's qualifier printed in brackets under a column's name (「（要旨）」 under 「ご意見の概要」, 「（抜粋）」, 「（概要）」):
# part of the header, no comment of its own.
_QUALIFIER = re.compile(r"^[(（［\[](?:一部)?(?:要旨|概要|要約|概略|抜粋|趣旨|本文|全文|原文|原文のまま|主なもの|主な意見|順不同)"
                        r"[)）］\]]$")


def qualifier_cell(text: str, role: str | None) -> bool:
    """Whether a cell under a header's column of role ``role`` (None: a column of no role) only qualifies the column's
    name: a bracketed qualifier (「（要旨）」, 「（抜粋）」) or, under a comment's or an answer's column, one of that
    role's names (「ご意見の要旨」 under 「ご意見の概要」; not a heading naming it, 「１次募集でのご意見」); never in a No. column.

    Example:
        >>> [qualifier_cell(text, "comment") for text in ["（要旨）", "ご意見の要旨", "（略）", "本市の考え方", "１次募集でのご意見"]]
        [True, True, False, False, False]
    """
    if role == "no":
        return False
    flat = unicodedata.normalize("NFKC", text).replace(" ", "").replace("\u3000", "")
    return bool(_QUALIFIER.match(flat)) or (role in ("comment", "answer") and header_key(text) in COLUMN_NAMES[role])


def noted_header(text: str) -> bool:
    """Whether a cell is a header name with a note printed in it (「ご意見※いただいたご意見は原文のまま掲載しています。」):
    its 「。」 is the note's, not a sentence of a comment.

    Example:
        >>> noted_header("ご意見※原文のまま掲載しています。"), noted_header("除雪を増やしてほしい。")
        (True, False)
    """
    return _noted_name(header_key(text)) is not None


def _judged_key(header: str) -> str:
    """A header's key (:func:`header_key`), a long one's name noted in it only (「」 where it has none)."""
    key = header_key(header)
    return key if len(key) <= MAX_HEADER_CHARS else _noted_name(key) or ""


def column_role(header: str) -> str | None:
    """The role of a header cell: "no", "comment", "answer", or None for a column kept as metadata.

    A header too long for a column name is judged by its name without the notes printed with it (:func:`header_like`).

    Example:
        >>> [column_role(h) for h in ["該当箇所", "番号", "素案に対する意見（概要）", "意見に対する考え方", "意見提出者", "電話番号"]]
        [None, 'no', 'comment', 'answer', None, None]
        >>> [column_role(h) for h in ["提出意見を考慮した結果及びその理由", "寄せられたご意見の概要（個人情報に関わる部分等は省略しています）"]]
        ['answer', 'comment']
        >>> [column_role(h) for h in ["回答区分", "考え方の区分", "回答日", "意見の分類", "意見数", "意見の該当箇所", "意見提出団体"]]
        [None, None, None, None, None, None, None]
    """
    key = _judged_key(header)
    if not key:
        return None
    if key in _NO_NAMES or (key.endswith("番号") and "者" not in key and not _PERSONAL_NUMBER.search(key)):
        return "no"
    name = _noted_name(key) or key
    if _category(name):
        return None
    if _names_answer(key) or _ACTION_ANSWER.search(key):
        return "answer"
    if key in COLUMN_NAMES["comment"] or (
        ("意見" in key or "質問" in key) and not any(word in key for word in _NOT_COMMENT)
        and not _NAMES_A_PERSON.search(key) and not _place_or_sender(name)
    ):
        return "comment"
    return None


# A column that sorts the comments into groups a sheet may number again under (1, 2 under 総論, then 1, 2 under 各論;
# or under each 担当課): a classification or a department, notes aside.
_NUMBERED_GROUP = re.compile(r"(?:区分|分類|種別|種類|類型|課|部署|部局|担当|所管)$")
# A No. column that numbers the senders, not the comments (one sender's several comments share it).
_SENDER_NUMBER = re.compile(r"^(?:意見)?(?:受付(?:番号|no\.?)|提出者(?:番号|no\.?))$")


def numbering_group(header: str) -> bool:
    """Whether a column's values are groups a staff sheet may number its comments again under: a classification or a
    department (「分類」, 「意見の区分」, 「担当課」, 「所管」), not one that names the answer or the comment before it.

    Example:
        >>> [numbering_group(h) for h in ["分類", "意見の分類", "担当課", "所管課（担当）", "該当箇所", "受付日", "市の考え方・対応区分"]]
        [True, True, True, True, False, False, False]
    """
    key = _judged_key(header)
    name = _noted_name(key) or key
    return bool(name) and bool(_NUMBERED_GROUP.search(name)) and not _led_by_a_role(name)


def sender_number(header: str) -> bool:
    """Whether a No. column's header names the sender's number (「受付番号」, 「受付No.」, 「提出者番号」), which one
    sender's several comments share, not each comment's.

    Example:
        >>> [sender_number(h) for h in ["受付番号", "受付No.", "受付ＮＯ", "提出者番号", "No.", "意見番号", "整理番号"]]
        [True, True, True, True, False, False, False]
    """
    key = _judged_key(header)
    return bool(_SENDER_NUMBER.match(_noted_name(key) or key))


def answer_word_only(header: str) -> bool:
    """Whether a header is an answer column only because it says 対応 (「市の対応」, 「意見への対応」, a bare 「対応」): in a
    table that also has a 考え方 or 回答 column, that column holds the answer and this one is kept as metadata.

    Example:
        >>> [answer_word_only(h) for h in ["市の対応", "ご意見に対する市の対応", "対応", "市の考え方", "対応区分"]]
        [True, True, True, False, False]
    """
    return column_role(header) == "answer" and not _names_answer(header_key(header))


# A column of the office's own notes on an answer or a comment (「回答メモ」, 「回答備考」, 「回答の補足」, 「回答状況」,
# 「担当課意見」): it names the role, but beside a column that names it without such a word it is never the answer or
# the comment, whatever it holds (a memo 「財政課と協議中。公表しないこと。」 had been stored as every answer).
_ASIDE_NAME = re.compile(r"(?:メモ|備考|補足|注記|付記|覚書|状況|進捗|経過|履歴|記録|"
                         r"(?:担当|所管|主管|担当課|所管課|関係課|担当部署|担当部局|事務局|庁内|内部)の?(?:意見|見解|コメント))$")


def _header_name_only(header: str) -> str:
    """A header as :func:`column_role` judges it: its key, without the notes printed with it."""
    key = _judged_key(header)
    return _noted_name(key) or key


def _strength(role: str, header: str) -> int:
    """How plainly a header names its role's column: the answer in words (考え方, 回答) over one named only by 対応; the comment
    as itself (「ご意見」, 「意見の概要」, 「意見・該当箇所」, :data:`_COMMENT_ITSELF`) over a name that only mentions 意見
    (「意見の趣旨について」); a column of notes (:data:`_ASIDE_NAME`: 「回答メモ」, 「担当課意見」) below both."""
    name = _header_name_only(header)
    if _ASIDE_NAME.search(name):
        return -1
    if role == "answer":
        return 0 if answer_word_only(header) else 1
    return int(name in COLUMN_NAMES["comment"] or any(_COMMENT_ITSELF.search(part) for part in _parts(name)))


# A cell of a category or a short label (「A」, 「反映」, 「記載済」, 「要望」, 「2」), not a comment's or an answer's sentence.
_LABEL_CHARS = 12


def column_content(cells: list[str]) -> tuple[int, int]:
    """How many of a column's cells (the rows under its header) are filled, and how many of those are sentences (longer
    than :data:`_LABEL_CHARS` characters, or with 「。」) rather than short labels (「A」, 「反映」, 「ご意見として承ります」).

    Example:
        >>> [column_content(cells) for cells in [["", " "], ["A", "反映", ""], ["ご意見として承ります"], ["", "財政課と協議中。"]]]
        [(0, 0), (2, 0), (1, 0), (1, 1)]
    """
    filled = ["".join(cell.split()) for cell in cells if cell and cell.strip()]
    return len(filled), sum(1 for text in filled if len(text) > _LABEL_CHARS or "。" in text)


def without_weaker_columns(roles: list[str | None], headers: list[str],
                           values: list[list[str]] | None = None) -> list[str | None]:
    """The roles of a header row's columns with one comment and one answer column at most, the others made None (kept
    as metadata). Of the columns named for one role: a column of notes (「回答メモ」, 「担当課意見」: :data:`_ASIDE_NAME`)
    only where no other column names the role; where the caller has the cells below (``values``, one list a column,
    :func:`column_content`), an empty column only where all are, and a column of short labels only (「参考」「修正」)
    not beside one mostly of sentences filled in half as many rows at least (「対応」 of sentences over 「回答」 of labels,
    also where one answer is missing; not 「修正後の回答」 of one revised answer over 「回答」 of ten); then the
    column whose header names its role most plainly (:func:`_strength`: 「市の考え方」 or 「回答」 before 「市の対応」 or
    「対応」, wherever each stands; 「ご意見の要旨」 before 「意見の趣旨について」); else the first (「回答」 of short answers
    before 「修正後の回答」 of one sentence).

    Example:
        >>> without_weaker_columns(["no", "comment", "answer", "answer"], ["No.", "ご意見", "対応", "市の考え方"])
        ['no', 'comment', None, 'answer']
        >>> without_weaker_columns([None, "answer", "answer"], ["意見", "回答", "市の回答"], [["a"], ["A", "B"], ["検討します。", "実施します。"]])
        [None, None, 'answer']
        >>> without_weaker_columns([None, "answer", "answer"], ["意見", "回答", "回答メモ"], [["a"], ["A"], ["協議中。"]])
        [None, 'answer', None]
        >>> without_weaker_columns([None, "answer", "answer"], ["意見", "回答", "修正後の回答"], [["a"] * 3, ["承ります"] * 3, ["", "修正します。", ""]])
        [None, 'answer', None]
    """
    chosen = list(roles)
    for role in ("comment", "answer"):
        named = [index for index, each in enumerate(roles) if each == role]
        if len(named) < 2:
            continue
        strength = {index: _strength(role, headers[index]) for index in named}
        content = {index: column_content(values[index]) if values is not None and index < len(values) else (0, 0)
                   for index in named}
        candidates = [index for index in named if strength[index] >= 0] or named  # notes only where nothing else
        candidates = [index for index in candidates if content[index][0]] or candidates  # empty only where all are
        prose = [index for index in candidates if 2 * content[index][1] > content[index][0]]
        candidates = [index for index in candidates if content[index][1] or not any(
            2 * content[other][0] >= content[index][0] for other in prose)] or candidates  # labels beside sentences
        keep = max(candidates, key=lambda index: strength[index])  # the first of the best
        for index in named:
            if index != keep:
                chosen[index] = None
    return chosen


# A cell no column is named by: a number (「3」, 「4-1」) or a sentence (「…します」, 「…ほしい」).
_NOT_A_NAME = re.compile(r"^(?:[0-9]+(?:[-・.][0-9]+)*\.?|.*(?:ます|です|たい|ほしい|ください|する|した|ない|。))$")
_ROLE_NAMES = {"comment": ("ご意見の列", "「ご意見の概要」など"), "answer": ("回答の列", "「本市の考え方」「回答」「意見を考慮した結果」など")}


def half_header_note(texts: list[str]) -> str | None:
    """For a row of short column names (two or more, no number, no sentence) that names a comment column but no
    answer column, or the other way round, the words that name it and what it lacks, for the message of a document
    refused for want of an answer table; else None.

    Example:
        >>> half_header_note(["番号", "提出意見（概要）", "措置"])
        '表の見出し行「番号｜提出意見（概要）｜措置」には、ご意見の列はありますが、回答の列（「本市の考え方」「回答」「意見を考慮した結果」など）が見つかりません。列名を確認してください。'
        >>> half_header_note(["1", "意見交換会", "開きます。"]) is None
        True
    """
    filled = [text.strip() for text in texts if text.strip()]
    if len(filled) < 2 or not all(header_like(text) and not _NOT_A_NAME.match(header_key(text)) for text in filled):
        return None
    roles = {column_role(text) for text in filled}
    if ("comment" in roles) == ("answer" in roles):
        return None
    named, missing = ("comment", "answer") if "comment" in roles else ("answer", "comment")
    return (f"表の見出し行「{'｜'.join(filled)}」には、{_ROLE_NAMES[named][0]}はありますが、"
            f"{_ROLE_NAMES[missing][0]}（{_ROLE_NAMES[missing][1]}）が見つかりません。列名を確認してください。")
