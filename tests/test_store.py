"""The SQLite store: stable ids, in-place updates, transactions, schema version, templates."""

from __future__ import annotations

import sqlite3

import pytest

from assistant.errors import StoreError
from assistant.ingest import ensure_seeded, ingest, open_corpus
from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
from assistant.store import SCHEMA_VERSION, Store
from tests.conftest import SEEDS, precedent_by

LIABILITY = "CSPやデジタル庁に帰責性がある場合は、CSPやデジタル庁が損害賠償責任を負うものとされています。"


def test_seed_corpus_counts(seeded) -> None:
    stats = seeded.stats()
    assert (stats.n_documents, stats.n_precedents) == (5, 9 + 10 + 19 + 8 + 8)
    assert stats.by_kind == {"minutes": 1, "table": 4}


def test_ids_are_stable_across_runs(tmp_path) -> None:
    first, second = Store(tmp_path / "a.sqlite3"), Store(tmp_path / "b.sqlite3")
    ingest(SEEDS.values(), first)
    ingest(reversed(list(SEEDS.values())), second)
    assert sorted(p.id for p in first.precedents()) == sorted(p.id for p in second.precedents())
    assert precedent_by(first, "003", "4").id == precedent_by(second, "003", "4").id


def test_reingest_updates_in_place_without_duplicates(seeded) -> None:
    ids = [p.id for p in seeded.precedents()]
    reports = ingest([SEEDS["001"]], seeded)
    assert [(r.ok, r.replaced, r.n_items) for r in reports] == [(True, True, 10)]
    assert [p.id for p in seeded.precedents()] == ids
    assert seeded.stats().n_precedents == 54


def test_a_changed_document_replaces_its_rows(tmp_path, store) -> None:
    path = tmp_path / "doc.txt"
    head = "雪対策について寄せられたご意見と本市の考え方\n\n1 意見の募集期間\n令和6年1月5日～令和6年2月5日\n\nNo.\tご意見\t本市の考え方\n"
    path.write_text(head + "1\t除雪を増やして。\t検討します。\n2\t排雪は？\t実施します。\n", encoding="utf-8")
    ingest([path], store)
    path.write_text(head + "1\t除雪を増やして。\t計画的に実施します。\n", encoding="utf-8")
    [report] = ingest([path], store)
    assert report.replaced
    assert [(p.no, p.answer) for p in store.precedents()] == [("1", "計画的に実施します。")]


def test_failed_write_rolls_back_everything(seeded, monkeypatch, tmp_path) -> None:
    before = [(p.id, p.answer) for p in seeded.precedents()]

    def explode(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Store, "_insert_items", explode)
    moved = tmp_path / f"写し_{SEEDS['000'].name}"  # renamed, it replaces it (the seed itself again rewrites nothing)
    moved.write_bytes(SEEDS["000"].read_bytes())
    with pytest.raises(sqlite3.OperationalError):
        ingest([moved], seeded)
    assert [(p.id, p.answer) for p in seeded.precedents()] == before


def test_duplicate_numbers_in_one_document_get_distinct_ids(store) -> None:
    meta = DocumentMeta(title="重複番号", kind="table")
    items = (ParsedItem("1", "a", ("x。",)), ParsedItem("1", "b", ("y。",)), ParsedItem("1", "c", ("z。",)))
    store.write_document(ParsedDocument(meta, items))
    assert [p.id.rsplit("-", 1)[1] for p in store.precedents()] == ["1", "1_2", "1_3"]


def test_schema_version_is_recorded(store) -> None:
    assert store.get_meta("schema_version") == str(SCHEMA_VERSION)


def test_newer_schema_is_refused(tmp_path) -> None:
    path = tmp_path / "future.sqlite3"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert f"スキーマ版 99 はこのツール（版 {SCHEMA_VERSION}）より新しい版です" in str(caught.value)


def drop_version_4(conn: sqlite3.Connection) -> None:
    """Undo migration 4 (users, audit log, draft versions, the author's login name)."""
    for table in ("users", "audit_log", "draft_versions"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("ALTER TABLE drafts DROP COLUMN author_username")


def test_version_3_store_gets_users_audit_and_draft_versions(tmp_path) -> None:
    from assistant.drafts import Draft, draft_versions, list_drafts, save_draft

    path = tmp_path / "v3.sqlite3"
    with Store(path) as store:
        save_draft(store, Draft(None, "雪対策", "1", "除雪を。", "実施します。", author="山田"))
    with sqlite3.connect(path) as conn:
        drop_version_4(conn)
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    with Store(path) as store:
        assert store.get_meta("schema_version") == str(SCHEMA_VERSION)
        [draft] = list_drafts(store)
        assert (draft.author, draft.author_username, draft.version) == ("山田", "", 1)
        assert draft_versions(store, draft.id) == []  # versions are kept from now on
        store.conn.execute("SELECT COUNT(*) FROM users").fetchone()
        assert store.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone() == (0,)


def test_version_1_store_is_migrated_in_place(tmp_path) -> None:
    path = tmp_path / "old.sqlite3"
    with Store(path) as store:
        ingest([SEEDS["000"]], store)
    with sqlite3.connect(path) as conn:
        drop_version_4(conn)
        conn.execute("DROP TABLE drafts")
        conn.execute("DROP TABLE consultations")
        conn.execute("ALTER TABLE precedents DROP COLUMN page")
        conn.execute("ALTER TABLE precedents DROP COLUMN extra")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with Store(path) as store:
        assert store.get_meta("schema_version") == str(SCHEMA_VERSION) == "12"
        assert store.stats().n_precedents == 9
        assert store.conn.execute("SELECT COUNT(*) FROM drafts").fetchone() == (0,)
        assert {(p.page, len(p.extra)) for p in store.precedents()} == {(None, 0)}


def test_version_2_store_gets_provenance_columns(tmp_path) -> None:
    path = tmp_path / "v2.sqlite3"
    with Store(path) as store:
        ingest([SEEDS["003"]], store)
    with sqlite3.connect(path) as conn:
        drop_version_4(conn)
        conn.execute("ALTER TABLE precedents DROP COLUMN page")
        conn.execute("ALTER TABLE precedents DROP COLUMN extra")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with Store(path) as store:
        assert store.get_meta("schema_version") == str(SCHEMA_VERSION)
        first = store.precedents()[0]
        assert (first.no, first.page, first.extra, first.source_file) == ("1", None, {}, SEEDS["003"].name)
        store.write_document(ParsedDocument(DocumentMeta(title="新しい文書", kind="table"), (
            ParsedItem("1", "意見。", ("回答。",), page=3, extra={"該当箇所": "第２章"}),)))
        added = next(p for p in store.precedents() if p.comment == "意見。")
        assert (added.page, added.extra, added.location) == (3, {"該当箇所": "第２章"}, "p.3")


def test_corrupt_database_file_gets_a_clear_error(tmp_path) -> None:
    path = tmp_path / "corrupt.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert str(caught.value) == (
        f"データベース {path} は壊れているため開けません（file is not a database）。このまま使うと、回答案（下書き）・"
        "利用者・操作記録が失われます。バックアップはありません。ファイルを別の場所に移してから管理者に相談してください"
        "（前例は元の資料から取り込み直せますが、回答案は戻りません）。"
    )


def test_liability_paragraph_is_one_template_across_two_documents(seeded) -> None:
    uses = {
        (seed, no): precedent_by(seeded, seed, no)
        for seed, no in [("000", "2"), ("000", "8"), ("001", "8"), ("001", "9")]
    }
    template_ids = {
        key: next(t for text, t in zip(p.paragraphs, p.template_ids) if LIABILITY in text) for key, p in uses.items()
    }
    assert len(set(template_ids.values())) == 1
    [template] = [t for t in seeded.templates() if t.id == next(iter(template_ids.values()))]
    assert (template.n_precedents, template.n_documents) == (4, 2)
    assert template.text.startswith("万が一、個人情報の漏洩があった場合の責任とその損害賠償につきましては")


def test_shorter_variant_without_the_liability_sentence_is_its_own_template(seeded) -> None:
    short = precedent_by(seeded, "003", "3")
    long = precedent_by(seeded, "000", "2")
    assert short.template_ids[1] != long.template_ids[1]


def test_every_paragraph_knows_its_template(seeded) -> None:
    counts = {t.id: t.n_precedents for t in seeded.templates()}
    for precedent in seeded.precedents():
        assert len(precedent.template_ids) == len(precedent.paragraphs)
        assert all(tid in counts for tid in precedent.template_ids)
    assert seeded.stats().n_recurring_templates == 10


def test_template_similarity_setting_changes_grouping(monkeypatch, store) -> None:
    monkeypatch.setenv("ZENREI_TEMPLATE_SIMILARITY", "1.0")
    ingest(SEEDS.values(), store)
    [liability] = [t for t in store.templates() if t.text.startswith("万が一、個人情報の漏洩があった場合の責任とその損害")]
    assert (liability.n_precedents, liability.n_documents) == (2, 2)


def test_seed_corpus_is_ingested_once_on_first_use(isolated_settings) -> None:
    store, reports = open_corpus()
    assert [r.n_items for r in reports] == [9, 10, 19, 8, 8]
    assert store.get_meta("seeded_at") is not None
    store.delete_document(store.documents()[0].id)
    assert ensure_seeded(store) == []
    assert store.stats().n_documents == 4
    store.close()
    assert isolated_settings.exists()


def test_auto_seed_can_be_turned_off(monkeypatch) -> None:
    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    store, reports = open_corpus()
    assert (reports, store.stats().n_documents) == ([], 0)
    store.close()


# --- schema 7: consultation names in their canonical form -----------------------------------------
HALF, FULL, PLAIN = "ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ 2026", "パブリックコメント　２０２６", "パブリックコメント 2026"


def version_6_store(path, consultations=(), drafts=(), sources=()) -> None:
    """A schema-6 store (names stored as typed) holding ``consultations`` (name, title, start, end, created_at),
    ``drafts`` (consultation, No., text, created_at) and documents of the approved answers of ``sources``."""
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.executemany("INSERT INTO consultations VALUES (?,?,?,?,?)", consultations)
        conn.executemany(
            "INSERT INTO drafts(consultation, item_no, comment, text, picks, suggested, status, author, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, '[]', '[]', '下書き', '山田', ?, ?)",
            [(name, no, f"ご意見{no}（{name}）", text, at, at) for name, no, text, at in drafts])
        conn.executemany("INSERT INTO documents VALUES (?, ?, 'draft', NULL, NULL, NULL, NULL, NULL, NULL, 0, ?, '', '[]',"
                         " '2026-01-01')", [(f"d{n}", name, f"drafts:{name}") for n, name in enumerate(sources)])
        conn.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    conn.close()


def stored_drafts(store) -> list[tuple[str, str, str]]:
    return store.conn.execute("SELECT consultation, item_no, text FROM drafts ORDER BY consultation, item_no").fetchall()


def test_a_version_6_store_merges_names_that_differ_only_in_width(tmp_path) -> None:
    from assistant import audit
    from assistant.drafts import Consultation, consultation_names, get_consultation

    path = tmp_path / "v6.sqlite3"
    version_6_store(path, consultations=[(HALF, "", None, None, "2026-01-02"),
                                         (FULL, "除雪計画（案）", "2026-01-05", "2026-02-04", "2026-01-03")],
                    drafts=[(HALF, "1", "一つ目。", "2026-01-02"), (FULL, "2", "二つ目。", "2026-01-03"),
                            (f" {PLAIN} ", "3", "三つ目。", "2026-01-04"), ("雪対策", "1", "別の意見募集。", "2026-01-01")],
                    sources=[HALF])
    with Store(path) as store:
        assert store.get_meta("schema_version") == "12"
        assert consultation_names(store) == [PLAIN, "雪対策"]
        assert stored_drafts(store) == [(PLAIN, "1", "一つ目。"), (PLAIN, "2", "二つ目。"), (PLAIN, "3", "三つ目。"),
                                        ("雪対策", "1", "別の意見募集。")]
        assert get_consultation(store, PLAIN) == Consultation(PLAIN, "除雪計画（案）", "2026-01-05", "2026-02-04")
        assert store.conn.execute("SELECT created_at FROM consultations WHERE name = ?", (PLAIN,)).fetchone() == (
            "2026-01-02",)
        assert [d.source for d in store.documents()] == [f"drafts:{PLAIN}"]
        assert store.get_meta("consultation_names_apart") is None
        assert sorted((e.display_name, e.target, e.detail) for e in audit.entries(store, action="consultation_rename")) == [
            ("（スキーマ版 7 への移行）", PLAIN, f"「 {PLAIN} 」→「{PLAIN}」（回答案 1 件）"),
            ("（スキーマ版 7 への移行）", PLAIN, f"「{FULL}」→「{PLAIN}」（回答案 1 件）"),
            ("（スキーマ版 7 への移行）", PLAIN, f"「{HALF}」→「{PLAIN}」（回答案 1 件）")]


def test_a_version_6_store_keeps_apart_names_whose_drafts_share_a_no_and_loses_no_draft(tmp_path) -> None:
    """Merging would have put two drafts at one No. (UNIQUE(consultation, item_no)): the one first used takes the
    canonical name, the later one a name of its own, titled as it was, so that nothing is lost or overwritten."""
    import json

    from assistant import audit
    from assistant.drafts import Consultation, get_consultation, list_drafts
    from assistant.export import answer_table
    from assistant.textnorm import canonical_name

    path = tmp_path / "v6.sqlite3"
    version_6_store(path, drafts=[(FULL, "1", "先の回答。", "2026-01-02"), (HALF, "1", "後の回答。", "2026-01-03"),
                                  (HALF, "2", "後の二つ目。", "2026-01-03")], sources=[HALF])
    with Store(path) as store:
        apart = f"{PLAIN} (表記違い2)"
        assert stored_drafts(store) == [(PLAIN, "1", "先の回答。"), (apart, "1", "後の回答。"), (apart, "2", "後の二つ目。")]
        assert canonical_name(apart) == apart
        assert get_consultation(store, apart) == Consultation(apart, HALF)
        assert answer_table(store, apart).title == HALF  # as its table was titled before
        assert [d.text for d in list_drafts(store, consultation=apart)] == ["後の回答。", "後の二つ目。"]
        assert [d.source for d in store.documents()] == [f"drafts:{apart}"]
        assert json.loads(store.get_meta("consultation_names_apart")) == [
            {"name": HALF, "now": apart, "canonical": PLAIN, "why": "No.1 の回答案が両方にあります"}]
        assert [e.detail for e in audit.entries(store, action="consultation_rename")] == [
            f"「{HALF}」は「{PLAIN}」と表記だけが違いますが、No.1 の回答案が両方にあります。まとめずに「{apart}」としました",
            f"「{FULL}」→「{PLAIN}」（回答案 1 件）"]


@pytest.mark.parametrize(("theirs", "why"), [
    ((HALF, "除雪計画（素案）", None, None, "2026-01-03"), "件名が違います（「除雪計画（案）」と「除雪計画（素案）」）"),
    ((HALF, "", "2026-01-06", "2026-02-05", "2026-01-03"), "意見募集期間が違います"),
])
def test_a_version_6_store_keeps_apart_names_whose_titles_or_periods_differ(tmp_path, theirs, why) -> None:
    import json

    from assistant.drafts import Consultation, get_consultation

    path = tmp_path / "v6.sqlite3"
    version_6_store(path, consultations=[(PLAIN, "除雪計画（案）", "2026-01-05", "2026-02-04", "2026-01-02"), theirs],
                    drafts=[(PLAIN, "1", "一つ目。", "2026-01-02"), (HALF, "2", "二つ目。", "2026-01-03")])
    with Store(path) as store:
        apart = f"{PLAIN} (表記違い2)"
        assert get_consultation(store, PLAIN) == Consultation(PLAIN, "除雪計画（案）", "2026-01-05", "2026-02-04")
        assert get_consultation(store, apart) == Consultation(apart, theirs[1] or HALF, *theirs[2:4])
        assert stored_drafts(store) == [(PLAIN, "1", "一つ目。"), (apart, "2", "二つ目。")]
        assert [entry["why"] for entry in json.loads(store.get_meta("consultation_names_apart"))] == [why]


def test_a_write_waiting_for_another_sessions_write_gives_up_on_its_own(store, monkeypatch) -> None:
    """Review: the browser sessions share one connection, and a session waiting for it waited without end: three
    sessions saving behind a store locked by another process were told after 26, 52 and 77 s, and every other
    session's sign-in and saves queued behind them. Each waits at most ``LOCK_WAIT_S`` for the others."""
    import threading

    from assistant import store as store_module
    from assistant.errors import StoreBusyError

    monkeypatch.setattr(store_module, "LOCK_WAIT_S", 0.2, raising=False)
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store.transaction():
            holding.set()
            release.wait(30)

    caught: list[BaseException] = []

    def write() -> None:
        try:
            store.set_meta("note", "x")
        except BaseException as error:  # noqa: BLE001 - the test reads it
            caught.append(error)

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(10)
    writer = threading.Thread(target=write)
    writer.start()
    writer.join(10)
    finished = not writer.is_alive()
    release.set()
    holder.join(10)
    writer.join(10)
    assert finished
    assert [type(error) for error in caught] == [StoreBusyError]
    assert str(caught[0]) == ("ほかの人の保存や取り込みが続いていて、データベースに書き込めませんでした。"
                              "何も変更していません。少し待ってから、もう一度操作してください。")
    assert store.get_meta("note") is None
    store.set_meta("note", "y")  # the lock was given back
    assert store.get_meta("note") == "y"


# --- schema 8: the names again, and failed sign-ins logged as typed ----------------------------------
def version_7_store(path, drafts=(), consultations=(), failures=()) -> None:
    """A schema-7 store as the version before it left it: ``drafts`` (consultation, No., text), ``consultations``
    (name, title, start, end) and failed sign-ins logged under the name as typed (``failures``: names)."""
    version_6_store(path, consultations=[(*row, "2026-01-02") for row in consultations],
                    drafts=[(name, no, text, "2026-01-02") for name, no, text in drafts])
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
        conn.executemany("INSERT INTO audit_log(at, username, display_name, action, target, detail)"
                         " VALUES ('2026-01-03T09:00:00+09:00', ?, ?, 'sign_in_failed', ?, '')",
                         [(name, name, name) for name in failures])
    conn.close()


def test_a_version_7_store_gives_a_name_typed_with_a_soft_hyphen_its_drafts_title_and_period_back(tmp_path) -> None:
    """Upgrade review: strip_controls took the soft hyphen (U+00AD) after the names were made canonical, so a name
    saved with one was listed as it was stored, while every lookup asked for it without: its drafts were found by no
    filter and no export, and its title and period were gone."""
    from assistant.drafts import Consultation, get_consultation, list_drafts

    typed = "除雪計画\u00ad（案）への意見募集"
    path = tmp_path / "v7.sqlite3"
    version_7_store(path, drafts=[(typed, "1", "一つ目。"), (typed, "2", "二つ目。")],
                    consultations=[(typed, "除雪計画（案）", "2026-01-05", "2026-02-04")])
    with Store(path) as store:
        name = "除雪計画（案）への意見募集"
        assert [d.text for d in list_drafts(store, consultation=name)] == ["一つ目。", "二つ目。"]
        assert get_consultation(store, name) == Consultation(name, "除雪計画（案）", "2026-01-05", "2026-02-04")


def test_a_group_no_and_a_no_it_lists_keep_their_names_apart(tmp_path) -> None:
    """Upgrade review: two spellings of one consultation, 「3・4」 under one and 「4」 under the other, were merged,
    so comment 4 was in the answer table twice with opposite answers; the names are kept apart, as for one No."""
    import json

    path = tmp_path / "v6.sqlite3"
    version_6_store(path, drafts=[(HALF, "3・4", "遊具は順次更新します。", "2026-01-02"),
                                  (PLAIN, "4", "遊具の更新は予定していません。", "2026-01-03")])
    with Store(path) as store:
        apart = f"{PLAIN} (表記違い2)"
        assert stored_drafts(store) == [(PLAIN, "4", "遊具の更新は予定していません。"), (apart, "3・4", "遊具は順次更新します。")]
        assert [entry["why"] for entry in json.loads(store.get_meta("consultation_names_apart"))] == [
            "No.3・4 の回答案が両方にあります"]


def test_failed_sign_ins_logged_under_the_name_as_typed_are_tagged_by_the_migration(tmp_path) -> None:
    """Upgrade review: versions before unknown names were tagged logged a failed sign-in under the name as typed, often
    a password typed into the name field; upgrading left them readable in the log, its CSV and the page's filter."""
    from assistant import audit
    from assistant.users import add_user

    path = tmp_path / "v7.sqlite3"
    Store(path).close()
    with Store(path) as store:
        add_user(store, "kanri", "高橋管理", "kanri-password-1", ["管理"])
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
        conn.executemany("INSERT INTO audit_log(at, username, display_name, action, target, detail)"
                         " VALUES (?, ?, ?, 'sign_in_failed', ?, '')",
                         [("2026-01-03T09:00:00+09:00", name, name, name)
                          for name in ("kanri-password-1", "kanri", "kanri-password-1", "（登録のない名前）#1a2b3c4d")])
    conn.close()
    with Store(path) as store:
        failures = audit.entries(store, action="sign_in_failed")
        names = [(e.username, e.display_name, e.target) for e in reversed(failures)]
        assert "kanri-password-1" not in repr(audit.entries(store))
        tag = names[0][0]
        assert tag.startswith("（登録のない名前）#") and tag != "（登録のない名前）#1a2b3c4d"
        assert names == [(tag, "（登録のない名前）", tag), ("kanri", "kanri", "kanri"),
                         (tag, "（登録のない名前）", tag), ("（登録のない名前）#1a2b3c4d", "（登録のない名前）#1a2b3c4d",
                                                      "（登録のない名前）#1a2b3c4d")]
        assert [(e.display_name, e.detail) for e in audit.entries(store, action="audit_hide")] == [
            ("（スキーマ版 8 への移行）", "登録のない名前で記録されていたログイン失敗 2 件の名前を伏せました（名前の欄に入力された"
                                    "パスワードが読めるまま残らないように）")]


# --- schema 9: the drafts' Nos. without invisible characters, ranges with 「～」 -----------------------------------
def version_8_store(path, drafts) -> None:
    """A schema-8 store holding ``drafts`` (consultation, No. as the version before stored it, text, created_at)."""
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO drafts(consultation, item_no, comment, text, picks, suggested, status, author, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, '[]', '[]', '下書き', '山田', ?, ?)",
            [(name, no, f"ご意見（{text}）", text, at, at) for name, no, text, at in drafts])
        conn.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
    conn.close()


def test_a_version_8_store_takes_invisible_characters_out_of_the_nos_and_keeps_a_draft_that_would_collide_apart(
        tmp_path) -> None:
    """Review 144: a No. copied from a web page, a PDF or Word with a zero-width space, a BOM, a soft hyphen or a word
    joiner was a row of its own, shown and exported as the same No. (「3」 four times), and 「3～5」 was stored as 「3~5」.
    The stored Nos. get the form a save gives them; a draft whose No. another holds in that form keeps its answer under
    a No. of its own that the table shows, and one that now lists a comment another lists is named."""
    import json

    from assistant import audit
    from assistant.drafts import find_draft, list_drafts

    path = tmp_path / "v8.sqlite3"
    version_8_store(path, drafts=[("雪対策", "3\u200b", "図書館の回答。", "2026-01-02"),
                                  ("雪対策", "3", "除雪の回答。", "2026-01-03"),
                                  ("雪対策", "\ufeff3", "公園の回答。", "2026-01-04"),
                                  ("雪対策", "4\u00ad", "ごみの回答。", "2026-01-05"),
                                  ("雪対策", "5~7", "バスの回答。", "2026-01-06"),
                                  ("雪対策", "6", "バス停の回答。", "2026-01-07"),
                                  ("図書館", "3\u2060", "別の意見募集。", "2026-01-02")])
    with Store(path) as store:
        assert store.get_meta("schema_version") == "12"
        assert [(d.item_no, d.text, d.version) for d in list_drafts(store, consultation="雪対策")] == [
            ("3", "除雪の回答。", 1), ("3(表記違い2)", "図書館の回答。", 1), ("3(表記違い3)", "公園の回答。", 1),
            ("4", "ごみの回答。", 1), ("5～7", "バスの回答。", 1), ("6", "バス停の回答。", 1)]
        assert (find_draft(store, "雪対策", "3\u00ad").text, find_draft(store, "図書館", "3").text) == (
            "除雪の回答。", "別の意見募集。")
        actor = "（スキーマ版 9 への移行）"
        assert sorted((e.display_name, e.action, e.target, e.detail) for e in audit.entries(store)) == sorted([
            (actor, "draft_renumber", "雪対策 No.3(表記違い2)",
             "No.3<U+200B> は見えない文字 <U+200B> を除くと No.3 の回答案と同じ番号になるため、まとめずに No.3(表記違い2) と"
             "しました（どちらの回答案も残っています）。No. を確かめて直してください"),
            (actor, "draft_renumber", "雪対策 No.3(表記違い3)",
             "No.<U+FEFF>3 は見えない文字 <U+FEFF> を除くと No.3 の回答案と同じ番号になるため、まとめずに No.3(表記違い3) と"
             "しました（どちらの回答案も残っています）。No. を確かめて直してください"),
            (actor, "draft_renumber", "雪対策 No.4", "No.4<U+00AD> → No.4（見えない文字 <U+00AD> を除きました）"),
            (actor, "draft_renumber", "雪対策 No.5～7",
             "No.5~7 → No.5～7（範囲の印を「～」にそろえました）。No.5～7 と No.6 は同じご意見の番号を含むため、回答の表に"
             "同じご意見が2回載ります。どちらかの No. を確かめて直してください"),
            (actor, "draft_renumber", "図書館 No.3", "No.3<U+2060> → No.3（見えない文字 <U+2060> を除きました）")])
        assert json.loads(store.get_meta("draft_numbers_to_check")) == [
            {"consultation": "雪対策", "no": "3<U+200B>", "now": "3(表記違い2)", "why": "No.3 の回答案がほかにあります"},
            {"consultation": "雪対策", "no": "<U+FEFF>3", "now": "3(表記違い3)", "why": "No.3 の回答案がほかにあります"},
            {"consultation": "雪対策", "no": "5~7", "now": "5～7", "why": "No.6 とご意見の番号が重なります"}]
    with Store(path) as store:  # nothing more the next time
        assert len(audit.entries(store)) == 5


# --- schema 10: the drafts' Nos. with 「-」 for a hyphen's look-alike, without thousands separators; shared ones named --
def test_a_version_9_store_gives_the_nos_one_hyphen_and_no_thousands_separator_and_names_nos_sharing_a_comment(
        tmp_path) -> None:
    """Defects with Nos. 1-3: 「6-1」, 「6‐1」, 「6−1」 and 「6ー1」 were four rows for one comment's No., 「1,000」 the list of 1
    and 000, and a stored 「1、2」 beside a stored 「2」 was named by no migration (a save refuses it). Each look-alike that
    would become a No. another draft holds keeps its answer under a No. of its own; Nos. sharing a comment are named
    once, and every draft stays as it was."""
    import json

    from assistant import audit
    from assistant.drafts import find_draft, list_drafts

    path = tmp_path / "v9.sqlite3"
    version_8_store(path, drafts=[("雪対策", "6-1", "除雪の回答。", "2026-01-02"),
                                  ("雪対策", "6\u20101", "図書館の回答。", "2026-01-03"),
                                  ("雪対策", "6\u22121", "公園の回答。", "2026-01-04"),
                                  ("雪対策", "1,000", "ごみの回答。", "2026-01-05"),
                                  ("雪対策", "1、2", "バスの回答。", "2026-01-06"),
                                  ("雪対策", "2", "バス停の回答。", "2026-01-07"),
                                  ("雪対策", "1,2", "駅の回答。", "2026-01-08"),
                                  ("図書館", "7ー1", "別の意見募集。", "2026-01-02"),
                                  ("図書館", "8\u22121\u200b", "図書館の別の回答。", "2026-01-03"),
                                  ("図書館", "1,\u200b000", "千番目の回答。", "2026-01-04")])
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    conn.close()
    with Store(path) as store:
        assert store.get_meta("schema_version") == "12"
        assert [(d.item_no, d.text, d.version) for d in list_drafts(store, consultation="雪対策")] == [
            ("1,2", "駅の回答。", 1), ("1、2", "バスの回答。", 1), ("2", "バス停の回答。", 1), ("6-1", "除雪の回答。", 1),
            ("6-1(表記違い2)", "図書館の回答。", 1), ("6-1(表記違い3)", "公園の回答。", 1), ("1000", "ごみの回答。", 1)]
        assert (find_draft(store, "雪対策", "6\u22121").text, find_draft(store, "雪対策", "1,000").text,
                find_draft(store, "図書館", "7-1").text) == ("除雪の回答。", "ごみの回答。", "別の意見募集。")
        actor = "（スキーマ版 10 への移行）"
        assert sorted((e.display_name, e.action, e.target, e.detail) for e in audit.entries(store)) == sorted([
            (actor, "draft_overlap", "雪対策 No.1、2",
             "No.1、2 と No.1,2、No.2 は同じご意見の番号を含むため、回答の表に同じご意見が2回載ります（どの回答案もそのまま"
             "残っています）。どちらかの No. を確かめて直してください"),
            (actor, "draft_overlap", "雪対策 No.2",
             "No.2 と No.1,2 は同じご意見の番号を含むため、回答の表に同じご意見が2回載ります（どの回答案もそのまま"
             "残っています）。どちらかの No. を確かめて直してください"),
            (actor, "draft_renumber", "図書館 No.7-1", "No.7ー1 → No.7-1（ハイフンの表記を「-」にそろえました）"),
            (actor, "draft_renumber", "図書館 No.8-1",
             "No.8\u22121<U+200B> → No.8-1（見えない文字 <U+200B> を除き、ハイフンの表記を「-」にそろえました）"),
            (actor, "draft_renumber", "図書館 No.1000",
             "No.1,<U+200B>000 → No.1000（見えない文字 <U+200B> を除き、桁区切りの「,」を除きました）"),
            (actor, "draft_renumber", "雪対策 No.1000", "No.1,000 → No.1000（桁区切りの「,」を除きました）"),
            (actor, "draft_renumber", "雪対策 No.6-1(表記違い2)",
             "No.6\u20101 はハイフンの表記を「-」にそろえると No.6-1 の回答案と同じ番号になるため、まとめずに No.6-1(表記違い2) "
             "としました（どちらの回答案も残っています）。No. を確かめて直してください"),
            (actor, "draft_renumber", "雪対策 No.6-1(表記違い3)",
             "No.6\u22121 はハイフンの表記を「-」にそろえると No.6-1 の回答案と同じ番号になるため、まとめずに No.6-1(表記違い3) "
             "としました（どちらの回答案も残っています）。No. を確かめて直してください")])
        assert [entry.label for entry in audit.entries(store, action="draft_overlap")] == ["回答案の番号の重なり"] * 2
        assert json.loads(store.get_meta("draft_numbers_to_check")) == [
            {"consultation": "雪対策", "no": "6\u20101", "now": "6-1(表記違い2)", "why": "No.6-1 の回答案がほかにあります"},
            {"consultation": "雪対策", "no": "6\u22121", "now": "6-1(表記違い3)", "why": "No.6-1 の回答案がほかにあります"},
            {"consultation": "雪対策", "no": "1、2", "now": "1、2", "why": "No.1,2、No.2 とご意見の番号が重なります"},
            {"consultation": "雪対策", "no": "2", "now": "2", "why": "No.1,2 とご意見の番号が重なります"}]
    with Store(path) as store:  # nothing more the next time
        assert len(audit.entries(store)) == 8


def test_a_version_9_store_with_thousands_of_look_alike_hyphens_gets_every_no_renamed_and_kept_apart(tmp_path) -> None:
    """Second reading, defect 2: step 10 parsed every No. of the consultation again for each renamed draft (5,000
    drafts 「1−1」… took about 5 minutes to open a store). 3,000 drafts: 「k-1」 saved first, 「a−b」 (a minus sign), 「k‐1」 (a
    hyphen), 「k−1・k−2」 and 「aｰb」; each gets the No. a save gives it, a collision is kept apart and every rename is
    logged, as with a few drafts."""
    import json

    from assistant import audit
    from assistant.drafts import list_drafts

    drafts = [(f"{k}-1", "2026-01-01") for k in range(1, 21)]
    drafts += [(f"{a}\u2212{b}", "2026-01-02") for a in range(1, 51) for b in range(1, 51)]
    drafts += [(f"{k}\u20101", "2026-01-03") for k in range(1, 21)]
    drafts += [(f"{k}\u22121・{k}\u22122", "2026-01-04") for k in range(41, 51)]
    drafts += [(f"{a}\uff70{b}", "2026-01-05") for a in range(51, 60) for b in range(1, 51)]
    assert len(drafts) == 3000
    path = tmp_path / "v9-many.sqlite3"
    version_8_store(path, drafts=[("雪対策", no, f"回答{i}。", at) for i, (no, at) in enumerate(drafts)])
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    conn.close()
    with Store(path) as store:
        assert store.get_meta("schema_version") == "12"
        saved = {d.item_no: (d.text, d.version) for d in list_drafts(store, consultation="雪対策")}
        assert sorted(saved) == sorted([f"{a}-{b}" for a in range(1, 60) for b in range(1, 51)]
                                       + [f"{k}-1(表記違い{n})" for k in range(1, 21) for n in (2, 3)]
                                       + [f"{k}-1・{k}-2" for k in range(41, 51)])
        assert {version for _, version in saved.values()} == {1}
        assert (saved["7-1"], saved["7-1(表記違い2)"], saved["7-1(表記違い3)"], saved["7-2"], saved["50-50"],
                saved["41-1・41-2"], saved["59-50"]) == (
            ("回答6。", 1), ("回答320。", 1), ("回答2526。", 1), ("回答321。", 1), ("回答2519。", 1), ("回答2540。", 1),
            ("回答2999。", 1))
        renames = {e.target: e.detail for e in audit.entries(store, action="draft_renumber", limit=None)}
        assert len(renames) == 2980 and not audit.entries(store, action="draft_overlap")
        assert renames["雪対策 No.7-2"] == "No.7\u22122 → No.7-2（ハイフンの表記を「-」にそろえました）"
        assert renames["雪対策 No.41-2"] == (
            "No.41\u22122 → No.41-2（ハイフンの表記を「-」にそろえました）。No.41-2 と No.41\u22121・41\u22122 は同じご意見の番号を"
            "含むため、回答の表に同じご意見が2回載ります。どちらかの No. を確かめて直してください")
        assert renames["雪対策 No.59-50"] == "No.59\uff7050 → No.59-50（ハイフンの表記を「-」にそろえました）"
        assert renames["雪対策 No.7-1(表記違い3)"] == (
            "No.7\u20101 はハイフンの表記を「-」にそろえると No.7-1 の回答案と同じ番号になるため、まとめずに No.7-1(表記違い3) "
            "としました（どちらの回答案も残っています）。No. を確かめて直してください")
        assert renames["雪対策 No.41-1・41-2"] == (
            "No.41\u22121・41\u22122 → No.41-1・41-2（ハイフンの表記を「-」にそろえました）。No.41-1・41-2 と No.41-1、No.41-2 "
            "は同じご意見の番号を含むため、回答の表に同じご意見が2回載ります。どちらかの No. を確かめて直してください")
        to_check = json.loads(store.get_meta("draft_numbers_to_check"))
        # 「k−1」; 「41−1」… beside the 「41−1・41−2」 not renamed yet; 「k‐1」; 「k−1・k−2」
        assert len(to_check) == 20 + 20 + 20 + 10
        assert (to_check[0], to_check[20], to_check[40]) == (
            {"consultation": "雪対策", "no": "1\u22121", "now": "1-1(表記違い2)", "why": "No.1-1 の回答案がほかにあります"},
            {"consultation": "雪対策", "no": "41\u22121", "now": "41-1", "why": "No.41\u22121・41\u22122 とご意見の番号が重なります"},
            {"consultation": "雪対策", "no": "1\u20101", "now": "1-1(表記違い3)", "why": "No.1-1 の回答案がほかにあります"})
        assert to_check[-1] == {"consultation": "雪対策", "no": "50\u22121・50\u22122", "now": "50-1・50-2",
                                "why": "No.50-1、No.50-2 とご意見の番号が重なります"}


def test_version_10_store_gets_the_index_that_lists_the_audit_log_by_time(tmp_path) -> None:
    """Schema 11 indexes the audit log by the instant of ``at`` (julianday applies the offset each entry carries), so a
    page of the newest entries reads 50 rows of the index instead of sorting the whole log."""
    from assistant import audit

    path = tmp_path / "v10.sqlite3"
    with Store(path) as store:
        with store.transaction() as conn:
            conn.executemany("INSERT INTO audit_log(at, username, display_name, action, target, detail)"
                             " VALUES (?, 'kanri', '高橋', 'sign_in', 'kanri', '')",
                             [("2026-12-07T19:38:04+09:00",), ("2026-12-07T10:38:07+00:00",),
                              ("2026-12-07T10:37:00+00:00",)])
    with sqlite3.connect(path) as conn:
        for index in ("audit_log_time", "audit_log_action_time", "audit_log_user_time", "audit_log_user_action_time"):
            conn.execute(f"DROP INDEX {index}")
        conn.execute("UPDATE meta SET value = '10' WHERE key = 'schema_version'")
    conn.close()
    with Store(path) as store:
        assert store.get_meta("schema_version") == "12"
        assert store.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_log_time'").fetchone() == (
            "CREATE INDEX audit_log_time ON audit_log(julianday(at))",)
        plan = store.conn.execute("EXPLAIN QUERY PLAN SELECT id FROM audit_log ORDER BY julianday(at) DESC, id DESC"
                                  " LIMIT 50").fetchall()
        assert [row[-1] for row in plan] == ["SCAN audit_log USING INDEX audit_log_time"]
        # a page filtered by 操作, or by user (and 操作), is read from an index in that order too (final reading s11:
        # 0.5-1.6 s for a page of 300,000 entries without them)
        for where, index in (("action = 'sign_in'", "audit_log_action_time (action=?)"),
                             ("username = 'kanri'", "audit_log_user_time (username=?)"),
                             ("username = 'kanri' AND action = 'sign_in'", "audit_log_user_action_time (username=? AND action=?)")):
            plan = store.conn.execute(f"EXPLAIN QUERY PLAN SELECT id FROM audit_log WHERE {where}"
                                      " ORDER BY julianday(at) DESC, id DESC LIMIT 50").fetchall()
            assert [row[-1] for row in plan] == [f"SEARCH audit_log USING INDEX {index}"]
        assert [(e.id, e.at) for e in audit.entries(store, limit=2)] == [
            (2, "2026-12-07T10:38:07+00:00"), (1, "2026-12-07T19:38:04+09:00")]


# --- schema 12: the users' display names as users.clean_display_name gives them -----------------------------------
def test_a_version_11_store_cleans_its_display_names_and_their_copies_and_logs_each_change(tmp_path) -> None:
    """A display name stored before add_user cleaned it (a line break, U+200B, a bidi override) was shown as stored: on
    two lines in `users list` and `audit`, in drafts' history and on the office pages. Schema 12 cleans it, and the copies
    written with it; one that shows nothing (U+200B, U+3164, U+2800 and a variation selector) becomes the user name.
    Each change is one audit entry that names what the name was (a removed account's 利用者の削除 holds its name: cleaned
    and counted too); names typed with logins off are left as typed."""
    import argparse
    import io

    from assistant import audit, users
    from assistant.cli_office import cmd_audit, cmd_users_list
    from assistant.drafts import draft_versions, list_drafts

    path = tmp_path / "v11.sqlite3"
    yamada = "山田\r\n太郎\u200b"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.executemany("INSERT INTO users VALUES (?, ?, 'hash', '起案', '2026-01-01', '2026-01-01')",
                         [("yamada", yamada), ("sato", "\u200b"), ("suzuki", "\u3164"), ("tanaka", "\u2800\ufe0f "),
                          ("kato", "加藤\u202e花子"), ("ito", "伊藤　一郎")])
        conn.executemany("INSERT INTO audit_log(at, username, display_name, action, target, detail)"
                         " VALUES ('2026-01-02T10:00:00+09:00', ?, ?, ?, ?, ?)",
                         [("cli:admin", "コマンド（admin）", "user_add", "yamada", f"{yamada}（起案）"),
                          ("yamada", yamada, "sign_in", "yamada", ""),
                          ("yamada", yamada, "draft_save", "雪対策 No.1", "版 1、状態 下書き"),
                          ("sato", "\u200b", "sign_in", "sato", ""),
                          ("old", "旧\n姓", "sign_in", "old", ""),  # an account removed since
                          ("cli:admin", "コマンド（admin）", "user_remove", "old", "旧\n姓"),  # its name, as stored
                          ("", "佐藤\u200b", "export", "雪対策", "CSV")])  # typed with logins off
        conn.executemany("INSERT INTO drafts(consultation, item_no, comment, text, picks, suggested, status, author,"
                         " created_at, updated_at, version, author_username)"
                         " VALUES ('雪対策', ?, 'ご意見。', '回答。', '[]', '[]', '下書き', ?, '2026-01-02', '2026-01-02', ?, ?)",
                         [("1", yamada, 2, "yamada"), ("2", "佐藤\u200b", 1, "")])
        conn.executemany("INSERT INTO draft_versions VALUES (1, ?, '回答。', '下書き', ?, 'yamada', '2026-01-02')",
                         [(1, yamada), (2, f"{yamada}（バックアップから復元）")])
        conn.execute("UPDATE meta SET value = '11' WHERE key = 'schema_version'")
    conn.close()
    with Store(path) as store:
        assert store.get_meta("schema_version") == "12"
        assert [(user.username, user.display_name) for user in users.list_users(store)] == [
            ("ito", "伊藤　一郎"), ("kato", "加藤花子"), ("sato", "sato"), ("suzuki", "suzuki"), ("tanaka", "tanaka"),
            ("yamada", "山田 太郎")]
        out = io.StringIO()
        cmd_users_list(argparse.Namespace(), store, out)
        assert len(out.getvalue().splitlines()) == 1 + 6  # one line a user
        assert [(e.username, e.display_name, e.action, e.detail) for e in reversed(audit.entries(store))][:7] == [
            ("cli:admin", "コマンド（admin）", "user_add", "山田 太郎（起案）"), ("yamada", "山田 太郎", "sign_in", ""),
            ("yamada", "山田 太郎", "draft_save", "版 1、状態 下書き"), ("sato", "sato", "sign_in", ""),
            ("old", "旧 姓", "sign_in", ""), ("cli:admin", "コマンド（admin）", "user_remove", "旧 姓"),
            ("", "佐藤\u200b", "export", "CSV")]
        out = io.StringIO()
        cmd_audit(argparse.Namespace(user="cli:admin", name=None, action=None, limit=None, csv=None), store, out)
        assert len(out.getvalue().splitlines()) == 1 + 2  # one line an entry: 利用者の追加, 利用者の削除
        assert [(d.item_no, d.author, d.version) for d in list_drafts(store)] == [("1", "山田 太郎", 2), ("2", "佐藤\u200b", 1)]
        assert [v.author for v in draft_versions(store, 1)] == ["山田 太郎", "山田 太郎（バックアップから復元）"]
        actor = "（スキーマ版 12 への移行）"
        assert [(e.username, e.display_name, e.label, e.target, e.detail)
                for e in reversed(audit.entries(store, action="user_name"))] == [
            ("", actor, "氏名の表記の修正", "kato", "氏名「加藤<U+202E>花子」を「加藤花子」にしました（利用者の氏名）"),
            ("", actor, "氏名の表記の修正", "old", "氏名「旧<U+000A>姓」を「旧 姓」にしました（操作記録 2 件）"),
            ("", actor, "氏名の表記の修正", "sato",
             "氏名「<U+200B>」は何も表示されないため、ユーザー名「sato」にしました（利用者の氏名、操作記録 1 件）"),
            ("", actor, "氏名の表記の修正", "suzuki", "氏名「<U+3164>」は何も表示されないため、ユーザー名「suzuki」にしました（利用者の氏名）"),
            ("", actor, "氏名の表記の修正", "tanaka",
             "氏名「<U+2800><U+FE0F> 」は何も表示されないため、ユーザー名「tanaka」にしました（利用者の氏名）"),
            ("", actor, "氏名の表記の修正", "yamada", "氏名「山田<U+000D><U+000A>太郎<U+200B>」を「山田 太郎」にしました"
                                            "（利用者の氏名、操作記録 3 件、回答案 1 件、版の履歴 2 件）")]
        with store.transaction() as conn:  # done: again, nothing changes
            assert users.clean_stored_display_names(conn, actor) == []
        assert audit.count(store) == 7 + 6


def test_a_display_name_cleaned_into_another_accounts_name_says_so_in_its_entry(tmp_path) -> None:
    """Cleaning can give an account the name another account bears (「山田\\n太郎」 beside 「山田 太郎」): their entries and
    drafts are no longer told apart by the name, and the entry said nothing of it."""
    from assistant import audit

    path = tmp_path / "v11.sqlite3"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.executemany("INSERT INTO users VALUES (?, ?, 'hash', '起案', '2026-01-01', '2026-01-01')",
                         [("yamada", "山田\n太郎"), ("yamada2", "山田 太郎"), ("yamada3", "山田\t太郎"),
                          ("x", "山田太郎\u3000"), ("y", "山田太郎"), ("ito", "伊藤\n一郎")])
        conn.execute("UPDATE meta SET value = '11' WHERE key = 'schema_version'")
    conn.close()
    with Store(path) as store:
        assert [(e.target, e.detail) for e in reversed(audit.entries(store, action="user_name"))] == [
            ("ito", "氏名「伊藤<U+000A>一郎」を「伊藤 一郎」にしました（利用者の氏名）"),
            ("x", "氏名「山田太郎　」を「山田太郎」にしました（利用者の氏名）。同じ氏名の利用者がいます（ユーザー名: y）"),
            ("yamada", "氏名「山田<U+000A>太郎」を「山田 太郎」にしました（利用者の氏名）。"
                       "同じ氏名の利用者がいます（ユーザー名: yamada2、yamada3）"),
            ("yamada3", "氏名「山田<U+0009>太郎」を「山田 太郎」にしました（利用者の氏名）。"
                        "同じ氏名の利用者がいます（ユーザー名: yamada、yamada2）")]


def test_the_audit_log_is_listed_by_the_instant_not_the_text_of_its_times(store, monkeypatch) -> None:
    """Each entry carries the offset of the machine that wrote it: after the server's time zone changed from +09:00 to
    UTC (or an office's backup was restored on a UTC machine), 「…19:38:16+09:00」 sorted above the later
    「…10:38:20+00:00」 as text, so `audit --limit`, the page's 「新しい順」 and the CSV put the older entry first."""
    from assistant import audit, users

    times = iter(["2026-12-07T19:38:16+09:00", "2026-12-07T10:38:20+00:00", "2026-12-07T10:38:20+00:00",
                  "2026-12-07T19:38:21+09:00"])
    monkeypatch.setattr(audit, "now", lambda: next(times))
    admin = users.command_line_user()
    for name in ("kanri", "yamada", "sato", "suzuki"):
        users.add_user(store, name, name, f"{name}-password-1", ["起案"], actor=admin)
    assert [(e.target, e.at) for e in audit.entries(store)] == [
        ("suzuki", "2026-12-07T19:38:21+09:00"), ("sato", "2026-12-07T10:38:20+00:00"),
        ("yamada", "2026-12-07T10:38:20+00:00"), ("kanri", "2026-12-07T19:38:16+09:00")]
    assert [e.target for e in audit.entries(store, limit=1)] == ["suzuki"]
    assert [e.target for e in audit.entries(store, action="user_add", limit=3)] == ["suzuki", "sato", "yamada"]
    assert [line.split(",")[4] for line in audit.to_csv(audit.entries(store)).decode("utf-8-sig").splitlines()[1:]] == [
        "kanri", "yamada", "sato", "suzuki"]
