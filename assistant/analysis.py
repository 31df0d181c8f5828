"""Analysis for the notebooks: corpus overview, comment clusters, answer consistency, new batches.

Every function takes the store (and, where vectors are needed, a retriever whose index is built)
and returns pandas DataFrames or small typed results; the notebooks only call these and draw.

Clustering method, and why:
  - up to ``SMALL_CORPUS`` texts: agglomerative clustering (complete linkage, cosine distance) cut at a
    distance threshold. It needs no number of clusters, keeps singletons as singletons (a comment unlike
    any other stays alone), and on 54 precedents it is instant and deterministic. Complete linkage: every
    member of a cluster is within the cut of every other. Average linkage let a tight core pull in texts far
    from each other: env6th's 45 near-copies of the microplastics answer (0.003 apart) took 33 unrelated
    answers (ニホンジカ, パンデミック, 花粉症 …, 0.048 from them on average, under the cut of 0.061) into one cluster of 78
    labelled 「マイクロプラスチック・…」. Complete linkage also separates better (silhouette on the seeds' comments
    0.154 → 0.222, answers 0.195 → 0.286; env6th's comments 0.097 → 0.100, answers 0.365 → 0.414).
  - above that: MiniBatchKMeans over-segments the texts into many small groups (about 25 texts each),
    then the same agglomerative step with the same threshold merges the group centroids. Memory and
    time grow linearly (50,000 texts take seconds), where plain agglomerative needs an n² distance
    matrix (10 GB at 50,000), and the threshold keeps one meaning across corpus sizes.
Cluster labels are c-TF-IDF keywords (class-based TF-IDF, as in BERTopic) over fugashi lemmas with the
Japanese stopwords of :mod:`assistant.tokenizer`.
Comments are clustered, and their keywords taken, on what they say (:func:`retrieval.points.comment_content`):
without a submission form's field labels (「▼該当箇所」「【意見】」「理由：」), URLs and a closing reference list, by
which comments written on one form had gone together, named 「該当・理由・意見」.
"""

from __future__ import annotations

import difflib
import html
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from assistant.models import Document, Precedent
from assistant.naming import KIND_LABELS, short_title
from retrieval import Retriever
from assistant.store import Store
from assistant.textnorm import format_period, iso_to_wareki, natural_key, normalize
from embeddings.encoder import model_text
from retrieval.points import comment_content

SMALL_CORPUS = 2_000
DISTANCE_THRESHOLD = 0.10
# Cut clusters at this share of the field's median pairwise distance: e5's answers sit closer together
# than its comments (env6th: median 0.088 against 0.134), so one absolute cut merged 216 of 290 answers.
RELATIVE_THRESHOLD = 0.70
SEGMENT_SIZE = 25
MIN_DISTANCE = 1e-4  # the lowest cut: texts nearer than this are the same text
# A stock sentence (「その他、いただいたご意見は、今後の施策の参考にさせていただきます。」, in 100 of env6th's 290 answers):
# a template in at least STOCK_MIN_USES answers and in at least STOCK_SHARE of the answers of a document that uses it.
STOCK_MIN_USES = 5
STOCK_SHARE = 0.2
# A closing: a paragraph shorter than this in at least STOCK_MIN_USES answers (「以上のことから、原案のとおりとさせていただきます。」,
# 15 of env6th's answers, whatever they answered). Left out of an answer's vector, as shares_an_answer leaves out short
# stock sentences at its 60 characters.
CLOSING_MAX_CHARS = 60


# --- display ------------------------------------------------------------------------------------
def table_view(frame: pd.DataFrame):
    """``frame`` as the notebooks show it: a pandas Styler whose cells keep their line breaks (CSS ``white-space:
    pre-wrap``), every row (but see below) and the whole of every cell, the text HTML-escaped. A DataFrame's own HTML
    showed each line break as a literal 「\\n」: env6th's form comments read 「▼該当場所\\np. 108, 34～36 行目…\\n▼意見\\n…」 (243 of them in
    02's tables). Floats read as pandas writes them (0.951, not Styler's 0.951000), a missing value as nothing. Its plain
    text (``repr``) is the frame's, as a DataFrame prints in a terminal. A frame past pandas'
    ``styler.render.max_elements`` (262,144 cells) shows its first rows with a caption that says how many of how many.

    Example:
        >>> html = table_view(pd.DataFrame({"ご意見": ["▼意見\\n<除雪>"], "類似度": [0.951]}))._repr_html_()
        >>> "▼意見\\n&lt;除雪&gt;</td>" in html, "white-space: pre-wrap" in html, ">0.951</td>" in html
        (True, True, True)
    """
    from pandas.io.formats.style import Styler

    class TableView(Styler):
        def __repr__(self) -> str:
            return repr(frame)

    def cell(value):
        if pd.api.types.is_scalar(value) and pd.isna(value):  # None, NaN, pd.NA, NaT: nothing, not 「nan」
            return ""
        return f"{value:g}" if isinstance(value, (float, np.floating)) else value

    most = pd.get_option("styler.render.max_elements") // max(1, frame.shape[1])
    view = TableView(frame.head(most), cell_ids=False, na_rep="", escape="html", formatter=cell)
    if len(frame) > most:  # else pandas trims it to fewer rows still, under a bare 「...」 row
        view = view.set_caption(f"全 {len(frame):,} 行のうち先頭 {most:,} 行を表示しています（表全体は DataFrame のまま使えます）。")
    return view.set_table_styles([
        {"selector": "td", "props": "white-space: pre-wrap; text-align: left; vertical-align: top; max-width: 40em;"},
        {"selector": "th", "props": "vertical-align: top;"},
    ])


def bar_chart_height(bars: int, per_bar: float = 0.3, base: float = 1.5, least: float = 3.0, most: float = 30.0) -> float:
    """A horizontal bar chart's height in inches for ``bars`` bars: ``per_bar`` inch a bar (a label of 10 points has
    room) above ``base`` for the title and axis, at least ``least`` and at most ``most`` (100 bars and more share it).
    01 drew every chart 3 to 3.5 inches high: 30 documents' labels overprinted one another into a smear, bars 3 px high.

    Example:
        >>> bar_chart_height(2), bar_chart_height(30), bar_chart_height(58), bar_chart_height(1000)
        (3.0, 10.5, 18.9, 30.0)
    """
    return round(min(max(base + per_bar * bars, least), most), 2)


# --- overview -----------------------------------------------------------------------------------
def empty_store_note(store: Store) -> str:
    """What the notebooks say first when the store holds no precedent, and "" when it holds some: a mistyped
    ZENREI_DB_PATH (with ZENREI_AUTO_SEED=0) opens a new, empty store, and the notebooks ran on nothing without a
    word (04 counted every new comment as one to write from scratch)."""
    if store.stats().n_precedents:
        return ""
    return (f"前例が0件です（DB: {store.path}）。先に取り込んでください: python -m assistant ingest ファイル"
            "（取り込み済みの DB を使うはずなら、ZENREI_DB_PATH のパスを確かめてください）。")


def chart_labels(documents: list[Document], limit: int = 18) -> dict[str, str]:
    """Document id → a short label for a chart, unique: the title cut to ``limit`` characters, with the period's
    start (和暦) when two titles cut alike, and the document id when that is not enough either. Charts drew two
    documents cut to one label 「札幌市第9期高齢者支援計画（素案）に…」 as one bar, the first hidden by the second.

    Example:
        >>> def document(doc_id, title, start):
        ...     return Document(doc_id, title, "table", None, None, None, start, None, None, 3, f"{doc_id}.csv", ())
        >>> chart_labels([document("a", "第9期高齢者支援計画（素案）の意見募集", "2023-01-05"),
        ...               document("b", "第9期高齢者支援計画（素案）の意見募集・追加分", "2023-06-01"),
        ...               document("c", "除雪計画", None)], 10)
        {'a': '第9期高齢者支援計…（令和5年1月5日）', 'b': '第9期高齢者支援計…（令和5年6月1日）', 'c': '除雪計画'}
    """
    return _unique_labels({d.id: d for d in documents}, limit, always_dated=False)


def place_labels(documents: Mapping[str, Document], limit: int = 18) -> dict[str, str]:
    """Document id → where a precedent was used, for 「使われた場所」 and the pairs of 03: the title cut to ``limit``
    characters with the period's start (和暦) whenever the document has one (none: no empty 「（）」), and the document
    id where two documents still read alike. Unique, as :func:`chart_labels`: two yearly consultations of one plan,
    their titles cut alike and undated, had been listed as one place.

    Example:
        >>> def document(doc_id, title, start):
        ...     return Document(doc_id, title, "table", None, None, None, start, None, None, 3, f"{doc_id}.csv", ())
        >>> place_labels({"a": document("a", "第9期高齢者支援計画（素案）の意見募集", None),
        ...               "b": document("b", "第9期高齢者支援計画（素案）の意見募集・追加分", None),
        ...               "c": document("c", "除雪計画", "2023-01-05"), "d": document("d", "図書館計画", None)}, 10)
        {'a': '第9期高齢者支援計…［a］', 'b': '第9期高齢者支援計…［b］', 'c': '除雪計画（令和5年1月5日）', 'd': '図書館計画'}
    """
    return _unique_labels(documents, limit, always_dated=True)


def _unique_labels(documents: Mapping[str, Document], limit: int, always_dated: bool) -> dict[str, str]:
    """A label per document id: its short title, its period's start (always, or where two titles cut alike) and, where
    two labels are still one, the document id."""
    short = {doc_id: short_title(d.title, limit) for doc_id, d in documents.items()}
    counts = Counter(short.values())
    dated = {doc_id: short[doc_id] + (f"（{iso_to_wareki(d.period_start)}）" if d.period_start
                                      and (always_dated or counts[short[doc_id]] > 1) else "")
             for doc_id, d in documents.items()}
    counts = Counter(dated.values())
    return {doc_id: label + (f"［{doc_id}］" if counts[label] > 1 else "") for doc_id, label in dated.items()}


def documents_table(store: Store) -> pd.DataFrame:
    """One row per document: title, its chart label (:func:`chart_labels`), kind, area, period, declared and parsed
    counts."""
    documents = store.documents()
    labels = chart_labels(documents)
    frame = pd.DataFrame(
        [
            {"文書": d.title, "表示名": labels[d.id], "種類": KIND_LABELS.get(d.kind, d.kind), "事務名": d.area or "（不明）",
             "期間": format_period(d.period_start, d.period_end), "開始": d.period_start,
             "意見総数（記載）": d.declared_count, "項目数": d.parsed_count, "警告": len(d.warnings)}
            for d in documents
        ],
        columns=["文書", "表示名", "種類", "事務名", "期間", "開始", "意見総数（記載）", "項目数", "警告"],
    )
    return frame.astype({"意見総数（記載）": "Int64"})  # a count, or <NA> where the document states none


def precedents_table(store: Store) -> pd.DataFrame:
    """One row per precedent with its document facts and answer length (<NA> where it was published without an
    answer: 01's histogram had drawn those as answers of 0 characters)."""
    documents = {d.id: d for d in store.documents()}
    rows = []
    for p in store.precedents():
        d = documents[p.document_id]
        rows.append({"id": p.id, "文書": d.title, "事務名": d.area or "（不明）", "開始": d.period_start, "No.": p.no,
                     "ご意見": p.comment, "回答": p.answer, "回答の文字数": len(p.answer) if p.answer.strip() else None,
                     "段落数": len(p.paragraphs)})
    frame = pd.DataFrame(rows, columns=["id", "文書", "事務名", "開始", "No.", "ご意見", "回答", "回答の文字数", "段落数"])
    return frame.astype({"回答の文字数": "Int64"})  # <NA> for a precedent published without an answer: no 0-character answer


def stock_templates(precedents: list[Precedent]) -> set[str]:
    """Templates that are stock sentences, said whatever the comment: used in at least :data:`STOCK_MIN_USES`
    answers and in at least :data:`STOCK_SHARE` of the answers of a document that uses them, and speaking of the
    comment (ご意見, 参考), not of a policy. Their reuse says nothing about a point answered again in approved
    wording. A precedent published without an answer is none of its document's answers."""
    per_document = Counter(p.document_id for p in precedents if p.answer.strip())
    uses: dict[str, Counter] = {}
    for p in precedents:
        for tid in set(p.template_ids):
            uses.setdefault(tid, Counter())[p.document_id] += 1
    texts = _template_texts(precedents)
    return {tid for tid, found in uses.items() if sum(found.values()) >= STOCK_MIN_USES
            and max(n / per_document[doc] for doc, n in found.items()) >= STOCK_SHARE and _STOCK_WORDING.search(texts.get(tid, ""))}


# What a stock sentence speaks of: the comment itself (ご意見, 参考), not a policy. A policy paragraph that answers half
# of one year's comments (「生活道路の除雪は、令和7年度から…」) is approved wording reused, however often.
_STOCK_WORDING = re.compile(r"[ご御]意見|参考|ありがとう|承り|拝見|賜")


def _template_texts(precedents: list[Precedent]) -> dict[str, str]:
    """Each template's text, as its first paragraph reads."""
    texts: dict[str, str] = {}
    for p in precedents:
        for tid, text in zip(p.template_ids, p.paragraphs):
            texts.setdefault(tid, text)
    return texts


def closing_templates(precedents: list[Precedent], max_chars: int = CLOSING_MAX_CHARS) -> set[str]:
    """Templates of short paragraphs said under many answers whatever they answer: shorter than ``max_chars``
    characters and in at least :data:`STOCK_MIN_USES` answers (「以上のことから、原案のとおりとさせていただきます。」,
    「いただいたご意見については、今後の施策の参考とさせていただきます。」). Unlike :func:`stock_templates`, whatever their wording:
    env6th's 「以上のことから…」 speaks of no comment, and made one answer cluster of 太陽光パネル, パリ協定6条 and PFOS. A
    long paragraph reused as often is approved wording of a topic (the microplastics answer), and is none."""
    texts = _template_texts(precedents)
    uses = Counter(tid for p in precedents if p.answer.strip() for tid in set(p.template_ids))
    return {tid for tid, n in uses.items() if n >= STOCK_MIN_USES and len(texts.get(tid, "").strip()) < max_chars}


def topic_free_closings(precedents: list[Precedent]) -> set[str]:
    """Closings (:func:`closing_templates`) that carry no topic of their own: the whole text is made of the words of a
    closing formula (:data:`_CLOSING_WORDS`: the comment, the outcome, connectives, courtesy), so 「以上のことから、原案の
    とおりとさせていただきます。」, 「ご指摘のとおり修正いたします。」 and 「ご指摘の趣旨は、原案に含まれていることから、原案のとおりと
    させていただきます。」 are said whatever the topic, while a short policy paragraph that answers five comments on one
    point is approved wording reused, even when it names the comment or the plan (「生活道路の除雪は、原案のとおり令和7年度から
    新しい出動基準で実施します。」, 「ご指摘の歩道除雪は、令和7年度から…」: review sr5 D4, these had been 定型文)."""
    texts = _template_texts(precedents)
    return {tid for tid in closing_templates(precedents) if _CLOSING_FORMULA.fullmatch(texts.get(tid, "").strip())}


# The words a closing formula is made of; a text made of nothing else (and punctuation, particles) speaks of no topic.
_CLOSING_WORDS = (
    # connectives
    "以上のことから", "以上により", "以上の理由から", "このため", "そのため", "したがって", "なお", "また", "ことから",
    # the comment
    "いただいた", "頂いた", "いただきました", "頂きました", "寄せられた", "お寄せ", "[ご御]意見", "[ご御]指摘", "[ご御]提案",
    "[ご御]要望", "趣旨", "内容", "について", "を踏まえ", "踏まえ", "とおり", "通り", "どおり", "まま", "以下", "次", "点",
    "以上の理由により", "理由により", "承ります", "承りました", "貴重な", "いただき",
    # the plan and the outcome
    "原案", "素案", "計画案", "案", "記述", "記載", "に含まれて", "含まれ", "いる", "おり", "修正", "追記", "加筆",
    "削除", "追加", "反映", "いたします", "いたしました", "します", "しました", "させていただきます", "いただきます",
    "し", "とさせて", "させて",
    # courtesy
    "ありがとうございました", "ありがとうございます", "今後の", "今後", "施策", "取組", "事業", "検討", "参考",
)
_CLOSING_FORMULA = re.compile(rf"(?:{'|'.join(_CLOSING_WORDS)}|[のはをにとがでもて、。，．\s])+")


def said_paragraphs(precedent: Precedent, closing: set[str]) -> list[str]:
    """What an answer says: its paragraphs less the closings (``closing``, :func:`closing_templates`), or all of them
    when every one is a closing (an answer that is 「ご意見ありがとうございました。」 alone is that); the answer whole when
    it has no paragraphs."""
    said = [text for text, tid in zip(precedent.paragraphs, precedent.template_ids) if tid not in closing]
    return said or list(precedent.paragraphs) or [precedent.answer]


def template_reuse(store: Store) -> pd.DataFrame:
    """Per precedent: how many of its answer paragraphs reuse a template used before it.

    Precedents are put in publication order (period start, then document, then No.; undated documents after the
    dated ones); a paragraph reuses a template when an earlier precedent in that order already used it. 「以前の期間から」
    counts only reuse from a document of an earlier period, both dated (an undated document had been taken for the
    earliest period, and every dated reuse of its wording counted as reuse from an earlier one); 「定型文以外を再利用」 leaves out
    what 01 calls 定型文, a sentence said under many answers whatever their topic: stock sentences (:func:`stock_templates`)
    and closings (:func:`closing_templates`: 「以上のことから、原案のとおりとさせていただきます。」, 「ご指摘のとおり修正いたします。」,
    which had counted as approved wording reused; :func:`topic_free_closings`), which 「再利用」 counts like any other wording.

    Precedents published without an answer are no answers: they are left out, and their ids are listed in
    ``attrs["left_out"]`` (they had made 「0 / 5 件の回答が…」 of a consultation published without answers).
    """
    documents = {d.id: d for d in store.documents()}
    labels = chart_labels(list(documents.values()))
    every = store.precedents()
    precedents = [p for p in every if p.answer.strip()]
    stock = stock_templates(precedents) | topic_free_closings(precedents)
    ordered = sorted(precedents, key=lambda p: (not documents[p.document_id].period_start,
                                                documents[p.document_id].period_start or "", p.document_id, p.seq))
    first: dict[str, str] = {}  # template → the period start of its first use ("" undated)
    rows = []
    for p in ordered:
        start = documents[p.document_id].period_start or ""
        reused = [tid for tid in p.template_ids if tid in first]
        earlier = [tid for tid in reused if start and first[tid] and first[tid] < start]
        rows.append({"id": p.id, "文書": documents[p.document_id].title, "表示名": labels[p.document_id], "開始": start,
                     "段落数": len(p.template_ids),
                     "再利用した段落": len(reused), "再利用": bool(reused), "以前の期間から": bool(earlier),
                     "定型文以外を再利用": any(tid not in stock for tid in reused)})
        for tid in p.template_ids:
            first.setdefault(tid, start)
    frame = pd.DataFrame(rows, columns=["id", "文書", "表示名", "開始", "段落数", "再利用した段落", "再利用", "以前の期間から",
                                        "定型文以外を再利用"])
    frame.attrs["left_out"] = tuple(p.id for p in every if not p.answer.strip())
    return frame


def templates_table(store: Store, min_precedents: int = 2) -> pd.DataFrame:
    """Recurring answer templates with where and when each was used (newest use last); 「定型文」 marks a stock
    sentence (:func:`stock_templates`) or a closing said whatever the topic (:func:`topic_free_closings`), what
    :func:`template_reuse` leaves out. A place is the precedent's document (:func:`place_labels`, unique) and No.,
    once per precedent however many of its paragraphs use the template, grouped by document
    (:func:`_places_text`: 「…（令和6年2月9日） No.3, 21, 22」, at most :data:`PLACES_NOS` Nos. a document, then
    「ほか N 件」; past :data:`PLACES_DOCUMENTS` documents, the first and the newest, the others 「ほか N 文書（M 件）」).

    A template groups near-identical wordings: 「文面」 is its most used wording (:func:`template_wordings`'s first),
    「この文面の前例数」 the precedents that use that wording itself and 「文面の種類」 how many wordings the template
    holds. env6th's closing template showed one wording with 前例数 100, used word for word by 41 answers, while the
    others used 14 other wordings, one of them adding 「関係省庁と共有し」."""
    precedents = {p.id: p for p in store.precedents()}
    documents = {d.id: d for d in store.documents()}
    labels = place_labels(documents)
    stock = stock_templates(list(precedents.values())) | topic_free_closings(list(precedents.values()))
    rows = []
    for template in store.templates(min_precedents=min_precedents):
        wordings = template_wording_list(store, template, precedents, documents)
        uses = sorted({use for wording in wordings for use in wording["uses"]})  # a precedent once, whatever its wordings
        rows.append({"前例数": template.n_precedents, "文書数": template.n_documents, "文面": wordings[0]["text"],
                     "この文面の前例数": len(wordings[0]["uses"]), "文面の種類": len(wordings),
                     "定型文": template.id in stock, "使われた場所": _places_text(uses, labels),
                     "テンプレートID": template.id})
    return pd.DataFrame(rows, columns=TEMPLATE_COLUMNS)


TEMPLATE_COLUMNS = ["前例数", "文書数", "文面", "この文面の前例数", "文面の種類", "定型文", "使われた場所", "テンプレートID"]
PLACES_NOS = 5  # Nos. shown per document in a 「使われた場所」 cell; the rest of that document counted: 「ほか N 件」
PLACES_DOCUMENTS = 8  # documents shown in a cell: the first and the newest; those between counted: 「ほか N 文書」


def template_wordings(store: Store, template_id: str) -> pd.DataFrame:
    """The wordings one template groups (:func:`templates_table`'s 「テンプレートID」), most used first: each wording
    (paragraphs the same once normalised, shown as most of them are written), the precedents using it
    (「前例数」) and where (「使われた場所」, as in :func:`templates_table`). Ties: the template's stored text first, then
    the wording used first (:func:`use_order`: period start, undated first, then document, then No. in
    natural order, then paragraph). An unknown id gives no rows."""
    template = next((t for t in store.templates(min_precedents=1) if t.id == template_id), None)
    columns = ["文面", "前例数", "使われた場所"]
    if template is None:
        return pd.DataFrame([], columns=columns)
    precedents = {p.id: p for p in store.precedents()}
    documents = {d.id: d for d in store.documents()}
    labels = place_labels(documents)
    return pd.DataFrame([{"文面": w["text"], "前例数": len(w["uses"]), "使われた場所": _places_text(w["uses"], labels)}
                         for w in template_wording_list(store, template, precedents, documents)], columns=columns)


def template_wording_list(store: Store, template, precedents: Mapping[str, Precedent] | None = None,
                          documents: Mapping[str, Document] | None = None) -> list[dict]:
    """A template's wordings, most used first: ``{"text", "uses"}``, uses being ``(sort key, document id, No., precedent id)``
    once per precedent, in the order of :func:`use_order`. A wording is a normalised text (what the store takes
    for one wording); its text is how most of its paragraphs write it. Ties, among wordings and among the ways one
    wording is written: the template's stored text first (wordings only), then the one used first (:func:`use_order`;
    a paragraph id compared as a string had put No.211 before No.21)."""
    paragraphs = store.template_paragraphs(template.id)
    if precedents is None:  # this template's only (`corpus stats` shows ten templates: not the whole corpus read)
        precedents = store.precedents_by_id(paragraph_id.rpartition(":")[0] for paragraph_id, _ in paragraphs)
    documents = documents if documents is not None else {d.id: d for d in store.documents()}
    stored = normalize(template.text)
    by_norm: dict[str, dict] = {}
    for paragraph_id, text in paragraphs:
        precedent_id, _, index = paragraph_id.rpartition(":")
        precedent = precedents[precedent_id]
        key = use_order(documents[precedent.document_id], precedent.no)
        first = (key, int(index) if index.isdigit() else 0)
        wording = by_norm.setdefault(normalize(text), {"first": first, "texts": {}, "uses": {}})
        wording["first"] = min(wording["first"], first)
        count, seen = wording["texts"].get(text, (0, first))
        wording["texts"][text] = (count + 1, min(seen, first))
        wording["uses"][precedent.id] = (key, precedent.document_id, precedent.no, precedent.id)
    ordered = sorted(by_norm.items(), key=lambda item: (-len(item[1]["uses"]), item[0] != stored, item[1]["first"]))
    return [{"text": min(wording["texts"].items(), key=lambda item: (-item[1][0], item[1][1]))[0],
             "uses": sorted(wording["uses"].values())}
            for _, wording in ordered]


def use_order(document: Document, no: str) -> tuple:
    """The order of uses in 「使われた場所」 (newest last) and of the tie between wordings: by period start, undated
    documents after the dated ones (as :func:`template_reuse` puts them: their date is unknown, so none is taken for
    where a wording began), then by document (title, then id), then by No. in natural order (「2」 before 「10」,
    「21」 before 「211」)."""
    return (not document.period_start, document.period_start or "", document.title, document.id, natural_key(no))


def _places_text(uses: list[tuple], labels: Mapping[str, str], nos: int = PLACES_NOS,
                 documents: int = PLACES_DOCUMENTS) -> str:
    """「使われた場所」: the uses grouped by document in publication order, newest last, 「<document> No.3, 21, 22 /
    <document> No.5」; at most ``nos`` Nos. a document, then 「ほか N 件」 for that document; past ``documents`` documents,
    the first (where the wording began) and the newest ``documents - 1``, those between counted as 「ほか N 文書（M 件）」.
    A document label repeated before each No. had run to 3,750 characters for env6th's 100 uses in one document, and a
    cap of 20 Nos. over the whole cell had hidden the newest documents that reused a template."""
    groups: dict[str, list[str]] = {}
    for _, doc_id, no, _ in sorted(uses):
        groups.setdefault(doc_id, []).append(str(no))
    items = list(groups.items())

    def place(doc_id: str, shown: list[str]) -> str:
        rest = len(shown) - nos
        return f"{labels[doc_id]} No.{', '.join(shown[:nos])}" + (f" ほか {rest:,} 件" if rest > 0 else "")

    if len(items) <= documents:
        return " / ".join(place(doc_id, shown) for doc_id, shown in items)
    between = items[1:len(items) - (documents - 1)]
    skipped = f"ほか {len(between):,} 文書（{sum(len(shown) for _, shown in between):,} 件）"
    return " / ".join([place(*items[0]), skipped, *(place(doc_id, shown) for doc_id, shown in items[-(documents - 1):])])


# --- clusters -----------------------------------------------------------------------------------
def cluster_vectors(vectors: np.ndarray, threshold: float = DISTANCE_THRESHOLD, seed: int = 0) -> np.ndarray:
    """Cluster L2-normalised vectors; labels are renumbered by cluster size (0 = largest), ties by first member."""
    count = len(vectors)
    if count == 0:
        return np.zeros(0, dtype=int)
    if count == 1:
        return np.zeros(1, dtype=int)
    if count <= SMALL_CORPUS:
        raw = _agglomerative(vectors, threshold)
    else:
        from sklearn.cluster import MiniBatchKMeans

        segments = MiniBatchKMeans(n_clusters=max(2, count // SEGMENT_SIZE), random_state=seed, n_init=1,
                                   batch_size=4096).fit(vectors)
        centroids = segments.cluster_centers_ / np.linalg.norm(segments.cluster_centers_, axis=1, keepdims=True)
        raw = _agglomerative(centroids, threshold)[segments.labels_]
    return _renumber(raw)


def _agglomerative(vectors: np.ndarray, threshold: float) -> np.ndarray:
    """Complete linkage cut at ``threshold``: no two texts of a cluster further apart than it."""
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="complete", distance_threshold=threshold)
    return model.fit_predict(vectors)


def _renumber(labels: np.ndarray) -> np.ndarray:
    sizes = Counter(labels.tolist())
    first = {}
    for index, label in enumerate(labels.tolist()):
        first.setdefault(label, index)
    order = sorted(sizes, key=lambda label: (-sizes[label], first[label]))
    mapping = {label: new for new, label in enumerate(order)}
    return np.array([mapping[label] for label in labels.tolist()], dtype=int)


def ctfidf_keywords(texts: list[str], labels: np.ndarray, tokenizer, top: int = 5) -> dict[int, list[str]]:
    """c-TF-IDF keywords per cluster: tf(term, cluster) / words(cluster) × log(1 + mean words per cluster / tf(term)).

    Terms are lemmas (the nouns, when the tokenizer tells them: ``keyword_terms``); each is shown as the
    compound noun it is mostly written in within the cluster (「柔軟」 as 「柔軟剤」, 「マイクロ」 and 「カプセル」 as one
    「マイクロカプセル」), else as the corpus most often writes it (UniDic's lemma of a proper noun is its
    reading: 「サッポロ」 is shown 「札幌」). A keyword shown twice is shown once, and the next term takes its place.
    Ties are broken by the term itself, so labels are stable.
    """
    per_cluster: dict[int, Counter] = {}
    forms: dict[str, Counter] = {}
    compounds: dict[tuple[int, str], Counter] = {}  # (cluster, term) → the compounds it is written in
    terms = getattr(tokenizer, "keyword_terms", None)
    written = getattr(tokenizer, "written", None)
    for text, label in zip(texts, labels.tolist()):
        if terms is not None:
            pairs = terms(text)
        else:
            pairs = written(text) if written is not None else [(token, token) for token in tokenizer(text)]
        kept = [(_keyword(token), form) for token, form in pairs if _keyword(token)]
        per_cluster.setdefault(label, Counter()).update(token for token, _ in kept)
        for token, form in kept:
            forms.setdefault(token, Counter())[form] += 1
            compounds.setdefault((label, token), Counter())[form] += 1
    overall = Counter()
    for counts in per_cluster.values():
        overall.update(counts)
    mean_words = sum(sum(c.values()) for c in per_cluster.values()) / max(len(per_cluster), 1)
    keywords = {}
    for label, counts in per_cluster.items():
        total = sum(counts.values()) or 1
        scored = {t: (n / total) * math.log(1 + mean_words / overall[t]) for t, n in counts.items()}
        shown: list[str] = []
        for term, _ in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0])):
            compound, uses = min(compounds[label, term].items(), key=lambda kv: (-kv[1], kv[0]))
            word = compound if 2 * uses > counts[term] and len(compound) > len(term) else min(
                forms[term].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            word = _keyword(word) or term
            if word not in shown:
                shown.append(word)
            if len(shown) == top:
                break
        keywords[label] = shown
    return keywords


def _keyword(token: str) -> str:
    """A token as a keyword people can read: the dictionary's gloss dropped (「差す-他動詞」 → 「差す」), and
    nothing for a lone Latin letter (「p」 「l」 of page and line references)."""
    word = re.sub(r"(?<=.)-[^\x00-\x7f].*$", "", token)  # a gloss is Japanese; 「covid-19」 stays whole
    return "" if len(word) == 1 and word.isascii() else word


@dataclass(frozen=True)
class Clusters:
    """Clustering of comments (or answers): a row per text and a row per cluster."""

    points: pd.DataFrame
    clusters: pd.DataFrame
    left_out: tuple[str, ...] = ()  # precedents without the text clustered (a document published without answers)


def relative_threshold(vectors: np.ndarray, share: float = RELATIVE_THRESHOLD, sample: int = 2_000, seed: int = 0) -> float:
    """The cosine distance ``share`` times the median distance between two of ``vectors`` (a sample of
    at most ``sample`` of them), so that the cut means the same for fields that e5 packs more tightly."""
    if len(vectors) < 2:
        return DISTANCE_THRESHOLD
    if len(vectors) > sample:
        vectors = vectors[np.random.default_rng(seed).choice(len(vectors), sample, replace=False)]
    distances = 1.0 - vectors @ vectors.T
    # Never at or below 0: identical texts (a distance of 0, or -1e-7 in float arithmetic) must still join,
    # however many of them there are (a corpus of copies has a median distance of 0).
    return max(float(share * np.median(distances[np.triu_indices(len(vectors), 1)])), MIN_DISTANCE)


def cluster_precedents(retriever: Retriever, field: str = "comment", threshold: float | None = None) -> Clusters:
    """Cluster the comments (``field="comment"``) or the answers (``"answer"``) of every precedent.

    A comment is represented, and its cluster's keywords and examples taken, by what it says
    (:func:`retrieval.points.comment_content`, vectors from :func:`content_vectors`); ``points["本文"]`` keeps it as
    written. An answer is represented by the mean of the vectors of the paragraphs that say something
    (:func:`said_paragraphs`: closings said under many answers left out), renormalised, so a multi-paragraph answer
    counts as a whole; its keywords and examples are taken from those paragraphs. With the closings in, the one-line
    「以上のことから、原案のとおりとさせていただきます。」 weighed as much as the paragraph that answers, and made a cluster of
    14 unrelated env6th answers (太陽光パネル, パリ協定6条, PFOS, GHS …). Without a ``threshold``, the cut is :func:`relative_threshold` of the field.
    Precedents without that text (a result published without answers) are left out and listed in
    :attr:`Clusters.left_out`: together they had made a topic of their own, keywords 「」.
    """
    view = retriever.current().view
    documents = view.documents
    written = {p.id: bool((p.comment if field == "comment" else p.answer).strip()) for p in view.precedents}
    precedents = [p for p in view.precedents if written[p.id]]
    left_out = tuple(precedent_id for precedent_id, has_text in written.items() if not has_text)
    if not precedents:  # an empty corpus: empty tables with their columns, not an error
        return Clusters(pd.DataFrame(columns=["id", "クラスタ", "x", "y", "本文", "文書", "No."]),
                        pd.DataFrame(columns=["クラスタ", "件数", "キーワード", "例"]), left_out)
    if field == "comment":
        texts = [p.comment for p in precedents]
        contents = [comment_content(text) for text in texts]
        vectors = content_vectors(retriever, texts, contents)
    else:
        texts = [p.answer for p in precedents]
        closing = closing_templates(precedents)
        said = [said_paragraphs(p, closing) for p in precedents]
        contents = ["\n".join(paragraphs) for paragraphs in said]
        vectors = np.vstack([_mean(retriever.vectors_for(paragraphs)) for paragraphs in said])
    labels = cluster_vectors(vectors, relative_threshold(vectors) if threshold is None else threshold)
    keywords = ctfidf_keywords(contents, labels, retriever.tokenizer)
    xy = project_2d(vectors)
    points = pd.DataFrame({
        "id": [p.id for p in precedents], "クラスタ": labels, "x": xy[:, 0], "y": xy[:, 1], "本文": texts,
        "文書": [documents[p.document_id].title for p in precedents], "No.": [p.no for p in precedents],
    })
    rows = []
    for label in sorted(set(labels.tolist())):
        members = points[points["クラスタ"] == label]
        rows.append({"クラスタ": label, "件数": len(members), "キーワード": "・".join(keywords[label]),
                     "例": " / ".join(contents[i][:40] for i in members.index[:3])})
    return Clusters(points, pd.DataFrame(rows), left_out)


def content_vectors(retriever: Retriever, texts: list[str], contents: list[str]) -> np.ndarray:
    """A comment vector per text of what it says (``contents``, :func:`retrieval.points.comment_content` of
    ``texts``): the index's stored vector where the content is the text as the model reads it, else the
    content's first window encoded now with the query prompt, as the index embeds a comment (52 of env6th's
    290 comments: the form's labels, URLs or a reference list taken out)."""
    vectors = retriever.vectors_for(texts, kind="comment")
    changed = [i for i, (text, content) in enumerate(zip(texts, contents)) if model_text(text) != model_text(content)]
    if changed:
        encoder = retriever.encoder
        vectors[changed] = encoder.encode_queries([encoder.window(contents[i])[0] for i in changed])
    return vectors


def _mean(vectors: np.ndarray) -> np.ndarray:
    mean = vectors.mean(axis=0)
    return mean / (np.linalg.norm(mean) or 1.0)


def project_2d(vectors: np.ndarray) -> np.ndarray:
    """A 2-D map of the vectors (PCA: deterministic, and fast at 50,000 points)."""
    if len(vectors) < 3:
        return np.zeros((len(vectors), 2))
    from sklearn.decomposition import PCA

    return PCA(n_components=2, random_state=0).fit_transform(vectors)


def use_offline_plotly() -> None:
    """Show plotly figures in notebooks with plotly.js embedded once and nothing fetched from another host.

    plotly's own notebook renderer links MathJax from a CDN in every figure (plotly 7); this one, set as
    the default, writes the same figures without it.
    """
    import plotly.io as pio
    from plotly.io import to_html
    from plotly.io._base_renderers import NotebookRenderer

    class OfflineNotebookRenderer(NotebookRenderer):
        def to_mimebundle(self, fig_dict):
            html = to_html(fig_dict, config=self.config, include_plotlyjs=False, include_mathjax=False,
                           full_html=False, default_width="100%", default_height=525, validate=False)
            return {"text/html": html}

    pio.renderers["zenrei_offline"] = OfflineNotebookRenderer(connected=False)
    pio.renderers.default = "zenrei_offline"


def cluster_map(clusters: Clusters, title: str = "ご意見のクラスタ", min_size: int = 2):
    """Interactive plotly scatter; hover shows the text and its document (Japanese).

    Clusters of at least ``min_size`` texts get their own colour and a keyword legend, largest first;
    the rest are grey 「単独」 points. The palettes hold 74 colours; beyond them, clusters share 「その他」 in
    a second grey rather than reuse a colour. The axes are the first two principal components.
    """
    import plotly.express as px

    table = clusters.clusters.set_index("クラスタ")
    names = {label: f"{label}: {row['キーワード']}（{row['件数']}件）" for label, row in table.iterrows() if row["件数"] >= min_size}
    frame = clusters.points.assign(
        グループ=[names.get(label, "単独") for label in clusters.points["クラスタ"]],
        要約=clusters.points["本文"].str.slice(0, 60),
    )
    palette = px.colors.qualitative.Dark24 + px.colors.qualitative.Alphabet + px.colors.qualitative.Light24
    coloured = list(names.values())[:len(palette)]
    for label, name in list(names.items())[len(palette):]:
        names[label] = "その他（小さいクラスタ）"
    frame = frame.assign(グループ=[names.get(label, "単独") for label in clusters.points["クラスタ"]])
    order = coloured + (["その他（小さいクラスタ）"] if len(names) > len(coloured) else []) + ["単独"]
    colours = dict(zip(coloured, palette))
    colours["その他（小さいクラスタ）"], colours["単独"] = "#888888", "#BBBBBB"
    figure = px.scatter(frame, x="x", y="y", color="グループ", category_orders={"グループ": order},
                        color_discrete_map=colours, hover_data={"要約": True, "文書": True, "No.": True, "x": False, "y": False},
                        title=title)
    figure.update_traces(marker={"size": 9})
    figure.update_layout(font_family="Noto Sans CJK JP, IPAexGothic, sans-serif", height=550, legend_title_text="クラスタ",
                         xaxis_title="主成分1（意味の近さを2次元に写したもの）", yaxis_title="主成分2")
    return figure


# --- consistency --------------------------------------------------------------------------------
@dataclass(frozen=True)
class AnswerDiff:
    """Two near-identical answers and how their paragraphs differ."""

    left: str
    right: str
    shared: int
    only_left: tuple[str, ...]
    only_right: tuple[str, ...]
    left_label: str = ""
    right_label: str = ""

    def html(self) -> str:
        """Side-by-side HTML diff of the paragraphs that differ, headed by where each answer was used
        (texts escaped by difflib; its colours included)."""
        a = [html.unescape(x) for x in self.only_left] or ["（なし）"]
        b = [html.unescape(x) for x in self.only_right] or ["（なし）"]
        table = difflib.HtmlDiff(wrapcolumn=40).make_table(
            a, b, html.escape(self.left_label or self.left), html.escape(self.right_label or self.right))
        note = f"<p>共通の段落 {self.shared} 個は省略し、違う段落だけを並べています。</p>"
        return f"<style>{difflib.HtmlDiff._styles}</style>{note}{table}"


def paragraph_diff(left: Precedent, right: Precedent) -> AnswerDiff:
    """The paragraphs of two answers that differ. Shared templates are left out, and so is text that is one on both
    sides but for a line break: a paragraph of one answer that reads, NFKC and whitespace aside, as consecutive
    differing paragraphs of the other (env6th No.30 and No.269: one paragraph of 320 characters, two of 203 and 116)
    counts as a shared paragraph, not as three different ones."""
    shared = set(left.template_ids) & set(right.template_ids)
    left_open = [i for i, tid in enumerate(left.template_ids) if tid not in shared]
    right_open = [j for j, tid in enumerate(right.template_ids) if tid not in shared]
    same = _same_text_runs(list(left.paragraphs), left_open, list(right.paragraphs), right_open)
    only_left = tuple(left.paragraphs[i] for i in left_open if i not in same[0])
    only_right = tuple(right.paragraphs[j] for j in right_open if j not in same[1])
    return AnswerDiff(left.id, right.id, len(shared) + same[2], only_left, only_right)


def _same_text_runs(left: list[str], left_open: list[int], right: list[str],
                    right_open: list[int]) -> tuple[set[int], set[int], int]:
    """Runs of consecutive ``left_open`` and ``right_open`` paragraphs whose texts are one, NFKC and whitespace aside:
    the paragraph indexes on each side, and how many such runs."""
    def text(paragraph: str) -> str:  # 「P15０L１１」 and 「P150 L11」 read alike
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", paragraph))

    used_left: set[int] = set()
    used_right: set[int] = set()
    runs = 0
    for i in left_open:
        for j in right_open:
            if i in used_left or j in used_right:
                continue
            a, b, i_end, j_end = text(left[i]), text(right[j]), i + 1, j + 1
            while a != b and (a.startswith(b) or b.startswith(a)):
                if len(a) < len(b) and i_end in left_open and i_end not in used_left:
                    a, i_end = a + text(left[i_end]), i_end + 1
                elif len(b) < len(a) and j_end in right_open and j_end not in used_right:
                    b, j_end = b + text(right[j_end]), j_end + 1
                else:
                    break
            if a == b and a:
                used_left.update(range(i, i_end))
                used_right.update(range(j, j_end))
                runs += 1
    return used_left, used_right, runs


def near_identical_answers(store: Store, min_shared_chars: int = 60, max_template_uses: int = 500) -> list[AnswerDiff]:
    """Answers that share paragraph templates but differ in some paragraph, most shared first.

    A pair counts when it shares an answer (:func:`shares_an_answer`): shared paragraphs of at least
    ``min_shared_chars`` characters on both sides, stock sentences left out, so that a stock sentence
    (「ご意見ありがとうございました。」, 「お見込みのとおりです。」) alone does not make two unrelated answers look like
    variants of one. Pairs are found through the templates they share (a template used by more than
    ``max_template_uses`` precedents is a stock phrase and proposes no pair by itself), not by comparing every
    two answers.
    """
    precedents = store.precedents()
    stock = stock_templates(precedents)
    labels = place_labels({document.id: document for document in store.documents()})
    users: dict[str, list[int]] = {}
    for index, precedent in enumerate(precedents):
        for template in set(precedent.template_ids):
            users.setdefault(template, []).append(index)
    pairs = {(a, b) for members in users.values() if len(members) <= max_template_uses
             for position, a in enumerate(members) for b in members[position + 1:]}
    found = []
    for a, b in pairs:
        left, right = precedents[a], precedents[b]
        if left.template_ids == right.template_ids:
            continue
        if shares_an_answer(left, right, stock, min_shared_chars):
            diff = paragraph_diff(left, right)
            if diff.only_left or diff.only_right:  # not one text split at other line breaks
                found.append(replace(diff, left_label=f"{labels[left.document_id]} No.{left.no}",
                                     right_label=f"{labels[right.document_id]} No.{right.no}"))
    return sorted(found, key=lambda d: (-d.shared, d.left, d.right))


def shares_an_answer(left: Precedent, right: Precedent, stock: set[str], min_shared_chars: int = 60) -> bool:
    """Whether two answers share approved wording: paragraph templates they both use, stock sentences (``stock``,
    :func:`stock_templates`) left out where shorter than ``min_shared_chars``, holding at least
    ``min_shared_chars`` characters on both sides. A closing
    courtesy sentence (「ご理解とご協力をお願いいたします。」) shared by 「…令和7年4月から実施します。」 and 「…当面の間、実施を
    見送ります。」 is no shared answer. The one rule of :func:`near_identical_answers` and
    :func:`inconsistent_answers`, so that two similar comments answered differently are in one list or the other."""
    shared = set(left.template_ids) & set(right.template_ids)
    if not shared:  # most pairs of similar comments: nothing to count
        return min_shared_chars <= 0
    # a stock sentence is left out when short: a long paragraph that opens 「ご意見のとおり、…」 says what is done
    shared -= {template for text, template in zip(left.paragraphs, left.template_ids)
               if template in stock and len(text) < min_shared_chars}
    return min(_shared_chars(left, shared), _shared_chars(right, shared)) >= min_shared_chars


def _shared_chars(precedent: Precedent, shared: set[str]) -> int:
    return sum(len(text) for text, template in zip(precedent.paragraphs, precedent.template_ids) if template in shared)


_PAIR_BLOCK = 1024  # comments compared with all the others at once in inconsistent_answers


def inconsistent_answers(retriever: Retriever, min_similarity: float = 0.93, min_shared_chars: int = 60) -> pd.DataFrame:
    """Pairs of similar comments whose answers share no answer and are not one wording: where answers may disagree.

    Two answers share an answer as :func:`near_identical_answers` counts it (:func:`shares_an_answer`): paragraphs of
    at least ``min_shared_chars`` characters on both sides, stock sentences left out. A shorter paragraph in common
    (a closing 「ご理解とご協力をお願いいたします。」 under 「…令和7年4月から実施します。」 and 「…当面の間、実施を見送ります。」) had
    kept the pair out of both lists.

    Similarity is the cosine of the comments' vectors; pairs are listed most similar first, each with
    where it was used and the cosine of the two answers (e5 puts answers on one topic close together,
    so a high answer similarity is not proof of agreement: read the two answers). Two answers whose whole
    texts are of one answer family (the corpus view's ``family``, grouped at the ``answer_similarity`` setting:
    the same reply split into paragraphs differently) agree, and are left out. So are precedents published without
    an answer (no answer to disagree with; a consultation published without answers had made every pair of its
    comments, and each against an answered one, a false alarm): their ids are listed in ``attrs["left_out"]``. So are
    answers published without their comment (two empty comments are one text, similarity 1.0: every two of them had
    been listed first): the ids of those with an answer are in ``attrs["no_comment"]``.
    """
    view = retriever.current().view
    answered = [index for index, p in enumerate(view.precedents) if p.answer.strip() and p.comment.strip()]
    precedents = [view.precedents[index] for index in answered]
    family = [view.family[index] for index in answered]
    stock = stock_templates(list(view.precedents))
    vectors = retriever.vectors_for([p.comment for p in precedents], kind="comment")
    sims: dict[tuple[int, int], float] = {}
    for start in range(0, len(precedents), _PAIR_BLOCK):  # a block of rows at a time: not the whole n × n matrix
        block = vectors[start:start + _PAIR_BLOCK] @ vectors.T  # (20,000 comments: 1.6 GB, and 200 million pairs in Python)
        for row, j in zip(*np.nonzero(block >= min_similarity)):
            if j > start + row:
                sims[start + int(row), int(j)] = float(block[row, j])
    candidates = [(i, j) for i, j in sorted(sims)
                  if not shares_an_answer(precedents[i], precedents[j], stock, min_shared_chars)
                  and family[i] != family[j]]
    answers = {index: _mean(retriever.vectors_for(list(precedents[index].paragraphs) or [precedents[index].answer]))
               for index in sorted({index for pair in candidates for index in pair})}
    labels = place_labels(view.documents)
    rows = []
    for i, j in candidates:
        a, b = precedents[i], precedents[j]
        rows.append({"類似度": round(sims[i, j], 3), "回答の類似度": round(float(answers[i] @ answers[j]), 3),
                     "前例A": f"{labels[a.document_id]} No.{a.no}", "ご意見A": a.comment, "回答A": a.answer,
                     "前例B": f"{labels[b.document_id]} No.{b.no}", "ご意見B": b.comment, "回答B": b.answer,
                     "idA": a.id, "idB": b.id})
    frame = pd.DataFrame(rows, columns=["類似度", "回答の類似度", "前例A", "ご意見A", "回答A", "前例B", "ご意見B", "回答B", "idA", "idB"])
    frame = frame.sort_values(["類似度", "idA", "idB"], ascending=[False, True, True]).reset_index(drop=True)
    frame.attrs["left_out"] = tuple(p.id for p in view.precedents if not p.answer.strip())
    frame.attrs["no_comment"] = tuple(p.id for p in view.precedents if p.answer.strip() and not p.comment.strip())
    return frame


# --- a new consultation -------------------------------------------------------------------------
def new_consultation(retriever: Retriever, comments: list[str], numbers: list[str] | None = None) -> pd.DataFrame:
    """Which new comments have a close precedent, which staff must answer from scratch, and which have no verdict.

    The No. are the file's own (``numbers``, as :func:`assistant.batch.read_comments` fills it), else 1, 2, … in
    order. 「同趣旨（先頭No.）」 is the No. of the first comment of the same gist (itself when it has none before it). With no
    precedent in the store there is nothing to judge by, and the outlook is empty (its columns only). The
    comments are shown with their personal data masked (●●●) as the 一括起案 export has them
    (:func:`assistant.drafts.masked_comment`: control characters removed first, so that none hides a telephone
    number from the mask): the notebook and its saved outputs held a citizen's name, address and telephone number.
    「確からしさ」 reads as 起案 shows it (:meth:`assistant.batch.BatchRow.percent`). A comment without a verdict (a bare
    keyword 「マイナンバーカード」, a greeting alone, symbols alone) is 「判定なし」 in 「前例」 too, with 「判定なしの理由」 and,
    where the search found one, its nearest answer for reference: it had read 「なし（新規に作成）」 and was counted as
    one to write from scratch. ``attrs["threshold"]``: the probability at which a comment counts as having a
    precedent (:func:`retrieval.results.threshold_percent`), "" without a verdict of any comment.
    """
    from assistant.batch import suggest_batch
    from assistant.drafts import masked_comment
    from retrieval.results import NOT_JUDGED, threshold_percent

    # No precedent, no verdict: against an empty store every comment had read 「なし（新規に作成）」 at 0 %.
    rows = suggest_batch(retriever, comments, k=1) if retriever.current().view.precedents else []
    own = numbers if numbers and len(numbers) == len(comments) else None

    def number(position: int) -> int | str:
        return own[position] if own else position + 1

    def verdict(row) -> str:
        return NOT_JUDGED if not row.judged else "なし（新規に作成）" if row.no_precedent else "あり"

    def shown(row) -> bool:  # a precedent's answer, or the nearest one for reference where there is no verdict
        return bool(row.best) and (not row.no_precedent or not row.judged)

    frame = pd.DataFrame([
        {"No.": number(row.index), "ご意見": masked_comment(row.comment), "前例": verdict(row),
         "確からしさ": row.percent(row.confidence), "同趣旨（先頭No.）": number(row.group),
         "候補の回答": row.best.answer if shown(row) else "",
         "出典": f"{row.best.sources[0].document} No.{row.best.sources[0].no}" if shown(row) else "",
         "判定なしの理由": "" if row.judged else (row.error or row.note)}
        for row in rows
    ], columns=["No.", "ご意見", "前例", "確からしさ", "同趣旨（先頭No.）", "候補の回答", "出典", "判定なしの理由"])
    frame.attrs["threshold"] = next((threshold_percent(row.threshold) for row in rows if row.judged), "")
    return frame
