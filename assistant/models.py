"""Small typed records passed between the stages."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import PurePath
from dataclasses import dataclass, field


def short_hash(*parts: str, length: int = 12) -> str:
    """Stable hexadecimal digest of the parts (used for ids)."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True)
class ParsedItem:
    """One comment and its answer as a reader found it, before it gets an id.

    Attributes:
        no: Item number as published (「1」), or the Q/A sequence number for minutes.
        comment: The citizen's comment (or a council member's question), paragraphs joined by "\\n".
        answer_paragraphs: The answer's paragraphs in order, as published (layout removed).
        topic: Heading the item sits under, if any.
        page: Page of a PDF where the item starts (1-based), or None for other formats.
        extra: Other columns of the published table kept as metadata, by header as published
            (e.g. ``{"該当箇所": "第３章"}``); never mixed into the comment.
        key: The item part of the stored id when the published No. alone is not unique because
            numbering restarts in each group (e.g. 「Ⅱ-3」); None to use ``no``. For a positional item, a
            prefix of the id made from its comment (a workbook's sheet).
        positional: The document numbers no item and ``no`` is the item's position: the store keys it by
            its comment and answer (see ``Store._keyed_items``), so that an item added or removed above it
            keeps its id, and the drafts that picked it their precedent.
    """

    no: str
    comment: str
    answer_paragraphs: tuple[str, ...]
    topic: str | None = None
    page: int | None = None
    extra: dict[str, str] = field(default_factory=dict, hash=False)
    key: str | None = None
    positional: bool = False

    @property
    def answer(self) -> str:
        return "\n".join(self.answer_paragraphs)


@dataclass(frozen=True)
class DocumentMeta:
    """What a document says about itself.

    Attributes:
        title: Title as published.
        kind: "table", "minutes", "qa" (numbered Q&A paragraphs), "labeled" (comments and answers
            labelled 【意見】/【市の考え方】 one after another), "spreadsheet" or "draft".
        area: Business area (事務名), e.g. 「介護保険に関する事務」.
        publisher: Publishing body, e.g. 「札幌市」.
        department: Department where stated.
        period_start: First day of the comment period (ISO), or the meeting date for minutes.
        period_end: Last day of the comment period (ISO).
        declared_count: The document's own count of comments (意見総数), if stated.
    """

    title: str
    kind: str
    area: str | None = None
    publisher: str | None = None
    department: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    declared_count: int | None = None

    @property
    def document_id(self) -> str:
        """Stable id from the title and period (a second document with the same title and no period gets
        another id; see :meth:`assistant.store.Store.plan_document`)."""
        from assistant.textnorm import normalize

        return "d" + short_hash(normalize(self.title), self.period_start or "")


@dataclass(frozen=True)
class ParsedDocument:
    """A reader's full result for one document: metadata, items and warnings."""

    meta: DocumentMeta
    items: tuple[ParsedItem, ...]
    warnings: tuple[str, ...] = ()
    source: str = ""
    source_sha256: str = ""
    file_kind: str = ""  # the format it was read as (「PDF」 for a PDF named .txt); empty: told by the name


@dataclass(frozen=True)
class Precedent:
    """A stored precedent: one past comment and the city's answer.

    Attributes:
        id: Stable id ``<document id>-<no>``.
        document_id: Id of the document it was published in.
        seq: Position in the document (1-based).
        no: Item number as published.
        topic: Heading, if any.
        comment: Comment text as published.
        answer: Answer text as published, paragraphs joined by "\\n".
        paragraphs: Answer paragraphs in order.
        template_ids: Template of each paragraph, in paragraph order.
        comment_norm: Matching form of the comment.
        answer_norm: Matching form of the answer.
        page: PDF page where the item starts (shown as "p.3"), None for other formats.
        extra: Other published columns (e.g. 該当箇所, 意見提出者) by header.
        source_file: File name of the document it came from.
    """

    id: str
    document_id: str
    seq: int
    no: str
    topic: str | None
    comment: str
    answer: str
    paragraphs: tuple[str, ...]
    template_ids: tuple[str, ...]
    comment_norm: str
    answer_norm: str
    page: int | None = None
    extra: dict[str, str] = field(default_factory=dict, hash=False)
    source_file: str = ""

    @property
    def location(self) -> str:
        """Where it was published: the file name, and the page for PDFs ("result.pdf p.3")."""
        page = f"p.{self.page}" if self.page else ""
        return " ".join(part for part in (self.source_file, page) if part)


@dataclass(frozen=True)
class Document:
    """A stored document with its metadata and ingest outcome."""

    id: str
    title: str
    kind: str
    area: str | None
    publisher: str | None
    department: str | None
    period_start: str | None
    period_end: str | None
    declared_count: int | None
    parsed_count: int
    source: str
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Template:
    """A recurring answer paragraph: identical or near-identical paragraphs grouped together.

    Attributes:
        id: Stable id derived from the representative paragraph's text.
        text: The representative paragraph (the most used wording).
        n_paragraphs: Paragraphs in the group.
        n_precedents: Distinct precedents using it.
        n_documents: Distinct documents using it.
    """

    id: str
    text: str
    n_paragraphs: int
    n_precedents: int
    n_documents: int


@dataclass(frozen=True)
class ItemChanges:
    """How a document's items change when it replaces the stored one (matched by the item's No.)."""

    added: int = 0
    removed: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def none(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def describe(self) -> str:
        """「追加 1、削除 0、変更 2」, or 「内容は同じ」."""
        if self.none:
            return "内容は同じ"
        return f"追加 {self.added}、削除 {self.removed}、変更 {self.changed}"


@dataclass(frozen=True)
class DocumentPlan:
    """What storing a parsed document would do: add it, or replace a stored one (and how).

    Attributes:
        document_id: The id it is (or would be) stored under.
        replaces: The stored document it replaces (same file content, or same title and period), or None.
        before: Items of the stored document (0 when it is new).
        after: Items of the parsed document.
        changes: Item by item, against the stored document (None when new).
        same_title: Stored documents with the same title that it does not replace (different file, no
            period to tell them apart): both are kept.
        copy_of: Another file of the same batch that gives the same document (see
            :func:`assistant.ingest.batch_copies`: the Word file beside its PDF, one file in two folders):
            that one is stored, this one is not. Empty otherwise.
        copy_stored: ``copy_of`` is a stored document read from a more faithful format (the Word file ingested
            before this PDF of it), or a consultation's approved answers added to the corpus (``drafts:<name>``: this
            is the table exported from them), not a file of the batch; with ``part_of``, that the document holding
            this one is a stored one (the whole result ingested before its part 1).
        better_reading: The stored document it replaces was read from this file, in a more faithful format
            (a corrected PDF, or a PDF read differently, replacing the Word file's reading); empty otherwise.
        procedure_titled: Stored documents of the same period titled with the procedure only (「パブリックコメント
            手続の実施結果について」), which this one, named by its 案件名, does not replace: an earlier version's
            reading of the same result, perhaps (both are kept).
        unlike: Stored documents of the same title and period, of other files, that it does not replace because
            fewer than half of the comments are alike (:func:`assistant.store.versions_alike`): another
            consultation read under the same title (both are kept).
        replaces_batch_file: The file of the same batch whose document it replaces (that document is not
            stored yet: ``replaces`` describes it as it will be stored); empty otherwise.
        other_period: Stored documents of the same title with another stated period whose comments are alike
            (:func:`assistant.store.versions_alike`), which it does not replace: perhaps the same result published
            again with its period corrected (both are kept, and staff are told how to delete the old one).
        superseded_by: Another file of the same batch giving a newer version of this document (same title and
            period, comments alike: see :func:`assistant.ingest.batch_versions`): that one is stored, this one
            is not. Empty otherwise.
        superseded_newer: ``superseded_by`` was modified later than this file; False: the two cannot be told
            apart by their modification times (uploaded files, or the same time), and the later in the batch is kept.
        part_of: Another file of the same batch whose document holds this one's items (at least
            :data:`~assistant.store.COPY_OVERLAP` of them) and at least twice as many items, with the same stated period
            or the same title: the whole result beside its part 1 or 別紙 (see :func:`assistant.ingest.batch_parts`).
            That one is stored, this one is not; or, with ``copy_stored``, the stored document this one would replace
            (same title and period) that holds it so (see :func:`assistant.ingest._stored_copy_plan`). Empty otherwise.
        part_contained: Of this document's items, how many ``part_of`` holds (comment and answer alike).
        retitled: Stored documents of another title, of other files (or, from the same file, more than one), without
            another stated period, whose comments are alike both ways (:func:`assistant.store.versions_alike` each way),
            which it does not replace: perhaps the same result renamed or with its title corrected (both are kept, and
            staff are told how to delete the old one). The same file's one such document it replaces.
        new_title: The title it replaces ``replaces`` under, when that differs from the stored one's (a corrected
            title: 雪封策 → 雪対策): a change even with every item the same. Empty otherwise.
        other_changes: With every item and the title the same, what else of ``replaces`` writing it changes, each
            named for staff (「担当課：環境局 → 建設局」, 「記載の意見総数：（なし） → 12 件」, 「頁の違う項目 3 件」; see
            :func:`assistant.store.stored_differences`): a change to confirm like any replacement, never 「変更なし」.
            Empty otherwise (a replacement that changes items or the title is confirmed as such).
        unlike_replaced: It replaces the stored document of its file path (the file edited: a CLI path, not an upload),
            though fewer than half of the comments are alike either way (:func:`assistant.store.versions_alike`, as an
            upload is compared): perhaps the file was overwritten with another consultation's list (staff are told).
    """

    document_id: str
    replaces: Document | None
    before: int
    after: int
    changes: ItemChanges | None = None
    same_title: tuple[str, ...] = ()
    copy_of: str = ""
    copy_stored: bool = False
    better_reading: str = ""
    procedure_titled: tuple[str, ...] = ()
    unlike: tuple[str, ...] = ()
    replaces_batch_file: str = ""
    other_period: tuple[str, ...] = ()
    superseded_by: str = ""
    superseded_newer: bool = False
    part_of: str = ""
    part_contained: int = 0
    retitled: tuple[str, ...] = ()
    new_title: str = ""
    other_changes: tuple[str, ...] = ()
    unlike_replaced: bool = False

    @property
    def action(self) -> str:
        """「追加」, 「置き換え」, 「変更なし」 (a replacement by the same items), 「同じ文書のため省略」, 「古い版のため省略」
        or 「一部のため省略」."""
        if self.superseded_by:
            return "古い版のため省略"
        if self.part_of:
            return "一部のため省略"
        if self.copy_of:
            return "同じ文書のため省略"
        if self.unchanged:
            return "変更なし"
        return "置き換え" if self.replaces is not None else "追加"

    @property
    def needs_confirmation(self) -> bool:
        """Whether storing it replaces a document's items, title or stored metadata (its action is 「置き換え」), which
        staff confirm first; a replacement that changes nothing (「変更なし」) is not written, and not asked about."""
        return self.action == "置き換え"

    @property
    def unchanged(self) -> bool:
        """A replacement that changes nothing: the same items, the same title and the same stored metadata (nothing is
        written)."""
        return (self.replaces is not None and self.changes is not None and self.changes.none and not self.new_title
                and not self.other_changes)

    def describe(self, quote: Callable[[str], str] = str) -> str:
        """「追加（10 項目）」, 「変更なし（9 項目）」 or 「置き換え（9 → 10 項目: 追加 1、削除 0、変更 2）」 (「…、件名の変更」 with a new title; each of
        :attr:`other_changes` after 「内容は同じ」, as ``quote`` gives it: 「置き換え（2 → 2 項目: 内容は同じ、担当課：環境局 →
        建設局）」)."""
        if self.copy_of.startswith("drafts:"):  # a consultation's approved answers, added to the corpus
            return f"取り込まない（同じ回答を「{self.copy_of.removeprefix('drafts:')}」の決裁済の回答として前例に加えてあります）"
        if self.superseded_by:
            return f"取り込まない（{PurePath(self.superseded_by).name} の方を新しい版として取り込みます）"
        if self.part_of:
            done = "から取り込み済みです" if self.copy_stored else "を取り込みます"
            return f"取り込まない（この文書の項目を含む {PurePath(self.part_of).name} {done}）"
        if self.copy_stored:
            return f"取り込まない（同じ文書を {PurePath(self.copy_of).name} から取り込み済みです）"
        if self.copy_of:
            return f"取り込まない（同じ文書を {PurePath(self.copy_of).name} から取り込みます）"
        if self.replaces is None:
            return f"追加（{self.after} 項目）"
        if self.unchanged:  # nothing is written: 「置き換え（8 → 8 項目: 内容は同じ）」 said otherwise
            return f"変更なし（{self.after} 項目）"
        retitled = "、件名の変更" if self.new_title else ""
        others = "".join(f"、{quote(change)}" for change in self.other_changes)
        return f"置き換え（{self.before} → {self.after} 項目: {self.changes.describe()}{retitled}{others}）"


@dataclass(frozen=True)
class IngestReport:
    """Outcome of ingesting one document (or one failed file).

    Attributes:
        source: The path read.
        ok: Whether the document was stored.
        document_id: Id of the stored document (None on error).
        title: Title found.
        kind: Reader used.
        n_items: Items parsed and stored.
        declared_count: Count the document declares, if any.
        warnings: Things the user should check.
        error: Why nothing was stored (None when ok).
        replaced: True when an earlier version of the document was replaced in place.
        file_kind: The file's format as staff call it (「PDF」「Word」「Excel」「Web ページ」…).
        plan: What was (or, when not confirmed, would have been) done: added, or replaced with the items
            before and after.
        copy_of: Not stored because another file of the batch, or a stored document read from a more
            faithful format, gives the same document (see :attr:`DocumentPlan.copy_of`); not a failure.
        needs_confirmation: Not stored because it would replace a stored document and replacing was not
            confirmed.

    ``superseded_by`` and ``part_of`` (not stored: an older version, or a part, of another file's document in the batch)
    are the plan's (:class:`DocumentPlan`); neither is a failure.
    """

    source: str
    ok: bool
    document_id: str | None = None
    title: str = ""
    kind: str = ""
    n_items: int = 0
    declared_count: int | None = None
    warnings: tuple[str, ...] = ()
    error: str | None = None
    replaced: bool = False
    file_kind: str = ""
    plan: DocumentPlan | None = None
    needs_confirmation: bool = False

    @property
    def copy_of(self) -> str:
        return self.plan.copy_of if self.plan else ""

    @property
    def superseded_by(self) -> str:
        return self.plan.superseded_by if self.plan else ""

    @property
    def part_of(self) -> str:
        return self.plan.part_of if self.plan else ""


@dataclass(frozen=True)
class CorpusStats:
    """Counts over the whole store."""

    n_documents: int
    n_precedents: int
    n_paragraphs: int
    n_templates: int
    n_recurring_templates: int
    by_kind: dict[str, int] = field(default_factory=dict)
    by_area: dict[str, int] = field(default_factory=dict)
