"""How people see documents and precedents: short document labels and 「文書 No.8 第1段落」, never internal ids."""

from __future__ import annotations

import re
from pathlib import PurePath

from assistant.textnorm import format_period

# What each document kind (``DocumentMeta.kind``) is called on screen, in the CLI and in the notebooks.
KIND_LABELS = {"table": "結果公表（表）", "minutes": "会議録", "qa": "番号付きQ&A", "labeled": "見出し付きの意見・回答",
               "spreadsheet": "表計算", "draft": "決裁済み回答"}
_TITLE_TAIL = re.compile(r"(について|に関して|に対して)?(寄せられた|いただいた|頂いた)?(ご意見|御意見|意見)(と|及び|および)本市の考え方$")
_ASSESSMENT = re.compile(r"(に関する|の)?特定個人情報保護評価書")


def short_title(title: str, limit: int = 18) -> str:
    """A document's title as a short label for a table cell.

    Example:
        >>> short_title("介護保険に関する事務の特定個人情報保護評価書について寄せられたご意見と本市の考え方")
        '介護保険に関する事務 評価書'
    """
    label = _ASSESSMENT.sub(" 評価書", _TITLE_TAIL.sub("", title.strip())).strip() or title.strip()
    return label if len(label) <= limit else label[:limit - 1] + "…"


def precedent_label(precedent, documents) -> str:
    """「文書（短く） No.8」 for a precedent, given the documents by id; never the internal id."""
    document = documents.get(precedent.document_id)
    title = short_title(document.title) if document else "（削除された文書）"
    return f"{title} No.{precedent.no}"


def pick_label(store, precedent_id: str, paragraph_id: str, documents=None) -> str:
    """「介護保険に関する事務 評価書 No.8 第1段落」 (or 「… 回答全体」) for a picked paragraph."""
    documents = documents if documents is not None else {doc.id: doc for doc in store.documents()}
    precedent = store.precedent(precedent_id)
    where = precedent_label(precedent, documents) if precedent else "（削除された前例）"
    part = paragraph_id.rsplit(":", 1)[-1]
    return f"{where} " + ("回答全体" if part == "*" else f"第{part}段落")


def source_label(source: str) -> str:
    """Where a stored document came from, for people: the file's name, or 「決裁済の回答」 for the approved drafts
    of a consultation added to the corpus (their source is ``drafts:<consultation>``, no file).

    Example:
        >>> source_label("/tmp/tmpq1/0/結果.pdf"), source_label("アップロード/一覧.csv"), source_label("drafts:除雪計画")
        ('結果.pdf', '一覧.csv', '決裁済の回答')
    """
    return "決裁済の回答" if source.startswith("drafts:") else PurePath(source).name


def document_choice_label(document) -> str:
    """A stored document in a list to choose from: 「短い件名（期間、ファイル、9 項目、文書ID …）」; a document
    without a period leaves the period out (it left a stray 「、」).

    Example:
        >>> from assistant.models import Document
        >>> document_choice_label(Document("d1", "職員回答集", "spreadsheet", None, None, None, None, None, None, 2,
        ...                                "/tmp/職員 回答集.csv", ()))
        '職員回答集（職員 回答集.csv、2 項目、文書ID d1）'
    """
    parts = (format_period(document.period_start, document.period_end), source_label(document.source),
             f"{document.parsed_count} 項目", f"文書ID {document.id}")
    return f"{short_title(document.title)}（{'、'.join(part for part in parts if part)}）"
