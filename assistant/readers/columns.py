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
# 「市の対応」, 「ご意見に対する市の対応」, 「意見への対応」: the answer, as some cities head it. Only a header ending
# in 対応 (「対応区分」, 「対応状況」 name a category column) and only where no column says 考え方/回答 (:func:`answer_word_only`).
# The 対応 must be someone's (「市の対応」) or the comment's (「意見への対応」): a short answer cell 「個別に対応」 is no header
# (a row of such cells was taken for the header repeated, and dropped).
_ACTION_ANSWER = re.compile(r"(?:^|[市区町村県都道府国本当]の|への|に対する|に対しての|についての)対応(?:\(案\))?$")
_NOT_COMMENT = ("提出者", "者数", "件数", "番号", "区分", "反映", "対応", "提出日", "受付", "方法", "年代", "性別", "属性")
# A header that names who gave the comment (「意見者」, 「意見者名」, 「意見提出者氏名」), its note in brackets aside; not one
# that names the comment with a note about the person (「意見者の意見」, 「ご意見（意見者）」, 「ご意見（氏名・住所は除く）」).
_NAMES_A_PERSON = re.compile(r"(?:意見者|者名|氏名|名前)(?:\([^()]*\))?$")


def header_like(text: str) -> bool:
    """Whether a cell's text is short enough to be a header (no sentence ending 「。」)."""
    return len(header_key(text)) <= MAX_HEADER_CHARS and not text.endswith("。")


def column_role(header: str) -> str | None:
    """The role of a header cell: "no", "comment", "answer", or None for a column kept as metadata.

    Example:
        >>> [column_role(h) for h in ["該当箇所", "番号", "素案に対する意見（概要）", "意見に対する考え方", "意見提出者", "電話番号"]]
        [None, 'no', 'comment', 'answer', None, None]
    """
    key = header_key(header)
    if not key or len(key) > MAX_HEADER_CHARS:
        return None
    if key in _NO_NAMES or (key.endswith("番号") and "者" not in key and not _PERSONAL_NUMBER.search(key)):
        return "no"
    if key in COLUMN_NAMES["answer"] or any(word in key for word in _ANSWER_WORDS) or _ACTION_ANSWER.search(key):
        return "answer"
    if key in COLUMN_NAMES["comment"] or (
        ("意見" in key or "質問" in key) and not any(word in key for word in _NOT_COMMENT)
        and not _NAMES_A_PERSON.search(key)
    ):
        return "comment"
    return None


def answer_word_only(header: str) -> bool:
    """Whether a header is an answer column only because it ends in 対応 (「市の対応」, 「意見への対応」): in a table
    that also has a 考え方 or 回答 column, that column holds the answer and this one is kept as metadata.

    Example:
        >>> [answer_word_only(h) for h in ["市の対応", "ご意見に対する市の対応", "対応", "市の考え方", "対応区分"]]
        [True, True, False, False, False]
    """
    key = header_key(header)
    return column_role(header) == "answer" and key not in COLUMN_NAMES["answer"] and not any(
        word in key for word in _ANSWER_WORDS)


def without_weaker_answers(roles: list[str | None], headers: list[str]) -> list[str | None]:
    """The roles of a header row's columns, an answer column named only by 対応 (:func:`answer_word_only`) made
    None when another column names the answer 考え方 or 回答 (「市の考え方」 before or after 「市の対応」)."""
    named = any(role == "answer" and not answer_word_only(header) for role, header in zip(roles, headers))
    return [None if named and role == "answer" and answer_word_only(header) else role
            for role, header in zip(roles, headers)]
