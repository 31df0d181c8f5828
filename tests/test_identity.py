"""Document identity: a document replaces a stored one only when it is the same source (same file
content, or same title and period); otherwise both are kept. Replacements say what changes."""

from __future__ import annotations

import io
from pathlib import Path

from assistant.cli import main
from assistant.drafts import Consultation, Draft, add_approved_to_corpus, save_consultation, save_draft
from assistant.ingest import ingest, plan_documents, read_files, store_parsed
from assistant.models import ItemChanges
from tests.conftest import SEEDS

SHEET = "件名,No.,ご意見,本市の考え方\n除雪について,1,{0},{1}\n"
HEAD = "雪対策について寄せられたご意見と本市の考え方\n\n1 意見の募集期間\n令和6年1月5日～令和6年2月5日\n\nNo.\tご意見\t本市の考え方\n"


def sheet(path, comment: str, answer: str):
    path.write_text(SHEET.format(comment, answer), encoding="utf-8")
    return path


def test_two_spreadsheets_with_the_same_title_and_no_period_are_two_documents(tmp_path, store) -> None:
    first = sheet(tmp_path / "a.csv", "歩道の除雪を。", "実施します。")
    second = sheet(tmp_path / "b.csv", "排雪の日程は？", "お知らせします。")
    [one] = ingest([first], store)
    [two] = ingest([second], store)
    assert (one.replaced, two.replaced, one.document_id != two.document_id) == (False, False, True)
    assert two.plan.same_title == (one.document_id,)
    assert [(d.title, d.parsed_count) for d in store.documents()] == [("除雪について", 1), ("除雪について", 1)]
    assert store.stats().n_precedents == 2


def test_the_same_file_again_is_unchanged_and_says_so(tmp_path, store) -> None:
    """Its plan read 「置き換え（1 → 1 項目: 内容は同じ）」 though nothing is written: 「変更なし」."""
    path = sheet(tmp_path / "a.csv", "歩道の除雪を。", "実施します。")
    [first] = ingest([path], store)
    [again] = ingest([path], store)
    assert (again.replaced, again.document_id) == (True, first.document_id)
    assert again.plan.describe() == "変更なし（1 項目）"
    assert store.stats().n_documents == 1


def test_same_title_and_period_replaces_and_says_what_changes(tmp_path, store) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(HEAD + "1\t除雪を増やして。\t検討します。\n2\t排雪は？\t実施します。\n", encoding="utf-8")
    ingest([path], store)
    other = tmp_path / "corrected.txt"
    other.write_text(HEAD + "1\t除雪を増やして。\t計画的に実施します。\n3\t融雪剤は？\t散布します。\n", encoding="utf-8")
    [plan] = plan_documents(read_files([other])[0].documents, store)
    assert (plan.action, plan.before, plan.after) == ("置き換え", 2, 2)
    assert plan.changes == ItemChanges(added=1, removed=1, changed=1, unchanged=0)
    assert plan.describe() == "置き換え（2 → 2 項目: 追加 1、削除 1、変更 1）"
    [report] = ingest([other], store)
    assert report.replaced
    assert [(p.no, p.answer) for p in store.precedents()] == [("1", "計画的に実施します。"), ("3", "散布します。")]


GENERIC = "パブリックコメントの結果について\n\n意見募集期間　{0}\n\nNo.\tご意見\t本市の考え方\n1\t{1}\t{2}\n"


def test_same_generic_title_and_start_but_another_end_is_another_consultation(tmp_path, store) -> None:
    """Two consultations opened on one day under one generic title: the second replaced the first (only
    the start date was compared)."""
    (tmp_path / "kankyo").mkdir()
    (tmp_path / "kosodate").mkdir()
    (tmp_path / "kankyo" / "kekka.txt").write_text(
        GENERIC.format("令和6年4月1日～令和6年4月30日", "緑を増やして。", "植樹します。"), encoding="utf-8")
    (tmp_path / "kosodate" / "kekka.txt").write_text(
        GENERIC.format("令和6年4月1日～令和6年5月15日", "保育所を増やして。", "整備します。"), encoding="utf-8")
    ingest([tmp_path / "kankyo" / "kekka.txt"], store)
    [report] = ingest([tmp_path / "kosodate" / "kekka.txt"], store)
    assert (report.replaced, report.plan.same_title) == (False, ())
    assert sorted(p.comment for p in store.precedents()) == ["保育所を増やして。", "緑を増やして。"]


def test_an_edited_file_at_the_same_path_replaces_its_earlier_version(tmp_path, store) -> None:
    """Same path, same title, no period: the file edited (or saved again by Excel) was added a second time."""
    path = sheet(tmp_path / "a.csv", "歩道の除雪を。", "実施します。")
    [first] = ingest([path], store)
    sheet(path, "歩道の除雪を。", "計画的に実施します。")
    [again] = ingest([path], store)
    assert (again.replaced, again.document_id, again.plan.describe()) == (
        True, first.document_id, "置き換え（1 → 1 項目: 追加 0、削除 0、変更 1）")
    assert [p.answer for p in store.precedents()] == ["計画的に実施します。"]


def test_one_result_in_two_files_of_one_batch_is_one_document_and_a_no_change_ingest_takes_no_backup(
        tmp_path, isolated_settings) -> None:
    """The same result as text and as CSV in one folder (as PDF beside its Word file): one document, not
    two. Ingesting it again changes nothing and takes no backup (14 such ingests had pushed out every
    backup that held a lost document)."""
    from assistant import backup
    from assistant.store import Store

    store = Store(isolated_settings)
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "kekka.txt").write_text(HEAD + "1\t除雪を増やして。\t検討します。\n", encoding="utf-8")
    (tmp_path / "r" / "kekka2.txt").write_text(HEAD + "1\t除雪を増やして。\t検討します。\n\n", encoding="utf-8")
    reports = ingest([tmp_path / "r"], store)
    assert [(r.ok, r.replaced, r.plan.describe()) for r in reports] == [
        (False, False, "取り込まない（同じ文書を kekka2.txt から取り込みます）"), (True, False, "追加（1 項目）")]
    assert store.stats().n_documents == 1
    ingest([tmp_path / "r"], store)
    ingest([tmp_path / "r"], store)
    assert [b.reason for b in backup.backups(isolated_settings)] == []  # no change: nothing written, no backup at all
    store.close()


def test_a_list_copied_under_another_name_is_one_document_and_an_unchanged_folder_stays_unchanged(
        tmp_path, isolated_settings) -> None:
    """README review: a staff list (no title: its title is the file's name) and a byte-identical copy of it under
    another name in another folder were paired by title only; the copy replaced the first file's document (「置き換え
    （1 → 1 項目: 内容は同じ、件名の変更）」, warned 「…と件名・期間が同じため、それを置き換えました」, false), and every
    run of the unchanged folder replaced it twice, the title flipping and a backup written each time."""
    from assistant import backup
    from assistant.store import Store

    folder = tmp_path / "f"
    (folder / "x").mkdir(parents=True)
    (folder / "y").mkdir()
    rows = "No.,ご意見,本市の考え方\n1,除雪を早くしてほしい。家の前の道路が狭くなって危ないです。,除雪の順番は幹線道路から行っています。\n"
    (folder / "x" / "除雪回答集.csv").write_text(rows, encoding="utf-8")
    (folder / "y" / "回答集コピー.csv").write_bytes((folder / "x" / "除雪回答集.csv").read_bytes())
    skipped = ["＝ " + str(folder / "x" / "除雪回答集.csv"),
               "    同じ文書を 回答集コピー.csv（CSV）から取り込んだため、このファイル（CSV）は取り込んでいません"
               "（同じ形式で、項目もすべて同じです）。",
               "✓ " + str(folder / "y" / "回答集コピー.csv"),
               "    回答集コピー"]
    titles = []
    for action, summary in [("追加（1 項目）", "取り込み: 1 件の文書、1 項目。"),
                            ("変更なし（1 項目）", "取り込み: 1 件の文書（うち 1 件は変更なし）、1 項目。"),
                            ("変更なし（1 項目）", "取り込み: 1 件の文書（うち 1 件は変更なし）、1 項目。")]:
        out = io.StringIO()
        assert main(["ingest", str(folder)], out=out, err=io.StringIO()) == 0
        lines = out.getvalue().splitlines()
        assert lines[:6] == [*skipped, f"    種類: 表計算　項目: 1 件　{action}", ""]
        assert lines[-1] == summary + "ほかのファイルや取り込み済みの文書と同じため取り込まなかったもの: 1 件。失敗: 0 件のファイル。"
        assert "件名・期間が同じため" not in out.getvalue()
        with Store(isolated_settings) as store:
            titles.append([(d.title, d.source) for d in store.documents() if str(folder) in d.source])
    assert titles == [[("回答集コピー", str(folder / "y" / "回答集コピー.csv"))]] * 3
    assert [b.reason for b in backup.backups(isolated_settings)] == ["daily"]  # no 「ingest」 backup: nothing replaced


def test_documents_of_the_same_content_titled_from_their_file_names_are_copies_and_others_of_other_titles_are_not(
) -> None:
    """The same items and period under the names of two files are copies (titles from the names say nothing of the
    content); under two titles the documents state themselves, or with one item else, they are two documents."""
    from assistant.ingest import batch_copies
    from assistant.models import DocumentMeta, ParsedDocument, ParsedItem

    items = tuple(ParsedItem(str(n), c, (a,)) for n, (c, a) in enumerate(ROWS, start=1))

    def document(title: str, source: str, rows=items) -> ParsedDocument:
        return ParsedDocument(DocumentMeta(title, "table"), rows, source=source)

    assert batch_copies([document("除雪回答集", "x/除雪回答集.csv"), document("回答集コピー", "y/回答集コピー.xlsx"),
                         document("除雪回答集", "z/除雪回答集.csv")]) == {0: 2, 1: 2}
    assert batch_copies([document("除雪の結果", "x/除雪回答集.csv"), document("雪対策の結果", "y/回答集コピー.csv")]) == {}
    assert batch_copies([document("除雪回答集", "x/除雪回答集.csv"),
                         document("回答集コピー", "y/回答集コピー.csv", items[:4])]) == {}


def test_a_replacement_that_is_not_confirmed_changes_nothing(tmp_path, store) -> None:
    path = tmp_path / SEEDS["003"].name
    text = SEEDS["003"].read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    ingest([path], store)
    before = [(p.id, p.answer) for p in store.precedents()]
    path.write_text(text.replace("今回再評価されるものではありません。", "今回の再評価の対象ではありません。"), encoding="utf-8")
    [report] = store_parsed(read_files([path])[0].documents, store, replace=False)
    assert (report.ok, report.needs_confirmation, report.n_items) == (False, True, 0)
    assert report.error == (
        "既にある同じ文書「国民健康保険事務に関する特定個人情報保護評価書について寄せられたご意見と本市の考え方」を"
        "置き換え（8 → 8 項目: 追加 0、削除 0、変更 1）することになるため、確認がないまま取り込んでいません。内容を確認してから置き換えてください。"
    )
    assert [(p.id, p.answer) for p in store.precedents()] == before


def test_the_same_document_again_needs_no_confirmation_and_is_unchanged(tmp_path, isolated_settings) -> None:
    """Review (前例 page): the same file uploaded again, or approved answers added again unchanged, were a replacement
    to confirm (a checkbox, 「うち 1 件は置き換え」) while the command line said 「変更なし」: nothing is lost, nothing is
    asked; an unconfirmed write still writes it, as 「変更なし」, without the backup a replacement takes."""
    from assistant import backup
    from assistant.ingest import stored_changes
    from assistant.store import Store

    store = Store(isolated_settings)
    ingest([SEEDS["003"]], store)
    [plan] = plan_documents(read_files([SEEDS["003"]])[0].documents, store)
    assert (plan.action, plan.needs_confirmation, plan.replaces is not None) == ("変更なし", False, True)
    [report] = store_parsed(read_files([SEEDS["003"]])[0].documents, store, replace=False)
    assert (report.ok, report.needs_confirmation, report.n_items, report.error, report.plan.action) == (
        True, False, 8, None, "変更なし")
    assert stored_changes([report]) == (0, 1)
    assert "ingest" not in [b.reason for b in backup.backups(isolated_settings)]
    assert store.stats().n_documents == 1

    save_draft(store, Draft(None, "除雪計画", "1", "除雪を早めてほしい。", "降雪量に応じて判断します。", status="決裁済",
                            author="山田"))
    first = add_approved_to_corpus(store, "除雪計画")
    again = add_approved_to_corpus(store, "除雪計画", replace_existing=False)
    assert (again.ok, again.needs_confirmation, again.document_id, again.plan.action) == (
        True, False, first.document_id, "変更なし")
    assert store.stats().n_documents == 2
    store.close()


DEPARTMENT_SHEET = ("件名,担当課,No.,ご意見,本市の考え方\n除雪計画への意見,{0},1,除雪の回数を増やしてほしい。,計画的に実施します。\n"
                    "除雪計画への意見,{0},2,バスを増便してほしい。,事業者と協議します。\n")


def test_the_same_items_and_title_with_another_department_are_a_replacement_to_confirm_and_unchanged_writes_nothing(
        tmp_path, isolated_settings) -> None:
    """Review: a file read again with the same items and title was 「変更なし」 and written unasked, its new 担当課 (and
    declared count, warnings…) silently taking the stored one's place. What else it changes is named, and confirmed like
    any replacement; a document the same in all of it is 「変更なし」 and is not written at all (nor backed up)."""
    from assistant import backup
    from assistant.ingest import stored_changes
    from assistant.store import Store

    path = tmp_path / "jyosetsu.csv"
    path.write_text(DEPARTMENT_SHEET.format("環境局"), encoding="utf-8")
    store = Store(isolated_settings)
    [first] = ingest([path], store)
    stamp, generation = store.ingest_times(), store.generation
    [again] = ingest([path], store)  # the same file: nothing written, no backup
    assert (again.ok, again.plan.action, stored_changes([again])) == (True, "変更なし", (0, 1))
    assert (store.ingest_times(), store.generation, backup.backups(isolated_settings)) == (stamp, generation, [])

    path.write_text(DEPARTMENT_SHEET.format("建設局"), encoding="utf-8")
    [plan] = plan_documents(read_files([path])[0].documents, store)
    assert (plan.action, plan.needs_confirmation, plan.describe(), plan.other_changes) == (
        "置き換え", True, "置き換え（2 → 2 項目: 内容は同じ、担当課：環境局 → 建設局）", ("担当課：環境局 → 建設局",))
    [unasked] = store_parsed(read_files([path])[0].documents, store, replace=False)
    assert (unasked.ok, unasked.needs_confirmation, unasked.error) == (False, True, (
        "既にある同じ文書「除雪計画への意見」を置き換え（2 → 2 項目: 内容は同じ、担当課：環境局 → 建設局）することになるため、"
        "確認がないまま取り込んでいません。内容を確認してから置き換えてください。"))
    assert [(d.department, d.id) for d in store.documents()] == [("環境局", first.document_id)]
    assert store.ingest_times() == stamp

    [confirmed] = store_parsed(read_files([path])[0].documents, store)
    assert (confirmed.ok, confirmed.plan.action, stored_changes([confirmed])) == (True, "置き換え", (1, 0))
    assert [(d.department, d.id) for d in store.documents()] == [("建設局", first.document_id)]
    assert [b.reason for b in backup.backups(isolated_settings)] == ["ingest"]
    store.close()


def test_an_unchanged_document_in_another_folder_is_unchanged_and_a_title_written_otherwise_is_a_change(
        tmp_path, isolated_settings, monkeypatch) -> None:
    """Second readings: the seeds in another folder, or spelt relative, were 「置き換え（…ファイルの場所：…）」 to confirm;
    a title corrected only in form (「(案)」 for 「（案）」) was never stored; a changed ZENREI_TEMPLATE_SIMILARITY was not
    applied by the next ingest. Then noting the new folder and checksum on 「変更なし」 moved one document of a file
    holding two to another file's checksum: the first file ingested again took it for its other document (公園's id held
    除雪's items). 「変更なし」 writes nothing but outdated templates; the stored path and checksum stay."""
    import shutil

    from assistant.store import Store

    two = ("件名,日付,No.,ご意見,本市の考え方\n"
           "除雪計画への意見,令和7年1月5日～令和7年2月4日,1,除雪の回数を増やしてほしい。,計画的に実施します。\n"
           "公園計画への意見,令和7年3月1日～令和7年3月31日,1,遊具を増やしてほしい。,順次更新します。\n")
    for folder, text in (("A", two), ("B", two.splitlines(keepends=True)[0] + two.splitlines(keepends=True)[1])):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "一覧.csv").write_text(text, encoding="utf-8")
    store = Store(isolated_settings)
    ingest([tmp_path / "A"], store)
    stored = [(d.id, d.title, d.source) for d in store.documents()]
    checksums = store.conn.execute("SELECT id, source_sha256 FROM documents ORDER BY id").fetchall()
    assert [r.plan.action for r in ingest([tmp_path / "B"], store)] == ["変更なし"]
    assert [r.plan.action for r in ingest([tmp_path / "A"], store)] == ["変更なし", "変更なし"]
    assert [(d.id, d.title, d.source) for d in store.documents()] == stored
    assert store.conn.execute("SELECT id, source_sha256 FROM documents ORDER BY id").fetchall() == checksums

    templates = store.stats().n_templates
    monkeypatch.setenv("ZENREI_TEMPLATE_SIMILARITY", "0.3")
    assert store.templates_outdated()
    shutil.copy(tmp_path / "A" / "一覧.csv", tmp_path / "一覧.csv")
    assert [r.plan.action for r in ingest([tmp_path / "一覧.csv"], store)] == ["変更なし", "変更なし"]
    assert (store.templates_outdated(), templates) == (False, 2)

    retitled = tmp_path / "retitled.csv"
    retitled.write_text(DEPARTMENT_SHEET.format("環境局").replace("除雪計画への意見", "除雪計画(案)への意見"), encoding="utf-8")
    ingest([retitled], store)
    retitled.write_text(DEPARTMENT_SHEET.format("環境局").replace("除雪計画への意見", "除雪計画（案）への意見"), encoding="utf-8")
    [plan] = plan_documents(read_files([retitled])[0].documents, store)
    assert (plan.action, plan.other_changes) == ("置き換え", ("件名の表記：除雪計画(案)への意見 → 除雪計画（案）への意見",))
    store.close()


def test_a_file_saved_again_unchanged_and_renamed_later_replaces_its_document(tmp_path, isolated_settings) -> None:
    """Second reading 200: 「変更なし」 kept the old checksum of a file saved again at its path, so the same file renamed
    later was not known by it and was added as a second document. The checksum of the same path is noted."""
    import shutil

    from assistant.store import Store

    path = tmp_path / "jyosetsu.csv"
    path.write_text(DEPARTMENT_SHEET.format("環境局"), encoding="utf-8")
    store = Store(isolated_settings)
    ingest([path], store)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # saved again: another checksum, the same reading
    [again] = ingest([path], store)
    renamed = shutil.move(path, tmp_path / "除雪回答集.csv")
    [plan] = plan_documents(read_files([renamed])[0].documents, store)
    assert (again.plan.action, plan.action, plan.other_changes) == (
        "変更なし", "置き換え", ("ファイル：jyosetsu.csv → 除雪回答集.csv",))
    store.close()


def test_what_else_a_replacement_by_the_same_items_changes_is_named_for_staff() -> None:
    """Every stored field of a document, and each item's stored form, are compared (their names as staff read them)."""
    from assistant.models import Document, DocumentMeta, ParsedDocument, ParsedItem
    from assistant.store import _item_forms, stored_differences

    stored = Document("d1", "雪対策", "table", "除雪に関する事務", "札幌市", None, "2024-01-05", "2024-02-05", None, 2,
                      "/data/2024/kekka.pdf", ("警告1", "警告2"))
    old = [("d1-1", ParsedItem("1", "除雪を。", ("検討します。",), page=1), ""),
           ("d1-2", ParsedItem("2", "歩道も。", ("実施します。",), page=1, extra={"該当箇所": "第3章"}), "")]
    new = [("d1-1", ParsedItem("1", "除雪を。", ("検討します。",), page=2), ""),
           ("d1-2", ParsedItem("2", "歩道も。", ("実施します。",), page=2, extra={"該当箇所": "第４章"}), "")]
    parsed = ParsedDocument(DocumentMeta("雪対策", "spreadsheet", "除雪に関する事務", None, "建設局", "2024-01-05", None, 12),
                            tuple(item for _, item, _ in new), ("警告1",), "/data/2025/kekka.pdf")
    assert stored_differences(stored, parsed, _item_forms(old), _item_forms(new)) == (
        "種類：結果公表（表） → 表計算", "公表元：札幌市 → （なし）", "担当課：（なし） → 建設局",
        "期間：令和6年1月5日～令和6年2月5日 → 令和6年1月5日", "記載の意見総数：（なし） → 12 件",
        "頁・ほかの列の違う項目 2 件", "警告：2 件 → 1 件")  # the same name in another folder: kept quietly
    uploaded = ParsedDocument(DocumentMeta("雪対策", "table", "除雪に関する事務", "札幌市", None, "2024-01-05", "2024-02-05"),
                              tuple(item for _, item, _ in old), ("警告2", "警告1"), "アップロード/kekka.pdf")
    assert stored_differences(stored, uploaded, _item_forms(old), _item_forms(old)) == ("警告の文面（2 件）",)
    import unicodedata  # review 201: a Mac sends a file's name decomposed (NFD): the same name, no change to confirm

    name = unicodedata.normalize("NFD", "パブリックコメント結果.pdf")
    named = ParsedDocument(uploaded.meta, uploaded.items, ("警告1", "警告2"), f"アップロード/{name}")
    from dataclasses import replace

    moved = replace(stored, source="/data/2024/パブリックコメント結果.pdf")
    assert stored_differences(moved, named, _item_forms(old), _item_forms(old)) == ()


def test_new_documents_are_planned_as_additions(tmp_path, store) -> None:
    [plan] = plan_documents(read_files([SEEDS["000"]])[0].documents, store)
    assert (plan.action, plan.describe(), plan.replaces) == ("追加", "追加（9 項目）", None)


def test_approved_drafts_of_a_consultation_replace_their_earlier_addition(store) -> None:
    save_consultation(store, Consultation("雪対策", "雪対策計画について"))
    save_draft(store, Draft(None, "雪対策", "1", "除雪を。", "実施します。", author="山田", status="決裁済"))
    first = add_approved_to_corpus(store, "雪対策")
    save_draft(store, Draft(None, "雪対策", "2", "排雪を。", "検討します。", author="山田", status="決裁済"))
    second = add_approved_to_corpus(store, "雪対策")
    assert (second.replaced, second.document_id, second.plan.describe()) == (
        True, first.document_id, "置き換え（1 → 2 項目: 追加 1、削除 0、変更 0）")
    assert store.stats().n_documents == 1


def test_cli_reports_the_second_same_title_document_as_added_with_a_note(tmp_path, isolated_settings) -> None:
    from assistant.store import Store

    first = sheet(tmp_path / "a.csv", "歩道の除雪を。", "実施します。")
    second = sheet(tmp_path / "b.csv", "排雪の日程は？", "お知らせします。")
    main(["ingest", str(first)], out=io.StringIO(), err=io.StringIO())
    with Store(isolated_settings) as stored:
        [first_id] = [document.id for document in stored.documents() if document.title == "除雪について"]
    out = io.StringIO()
    assert main(["ingest", str(second)], out=out, err=io.StringIO()) == 0
    assert out.getvalue().splitlines()[2:4] == [
        "    種類: 表計算　項目: 1 件　追加（1 項目）",
        f"    ℹ 同じ件名の文書が既に 1 件あります（文書ID: {first_id}）。期間の記載で見分けられず、ファイルも違うため、"
        "別の文書として追加しました。同じ結果の古い版なら `python -m assistant corpus delete 文書ID` で削除してください。",
    ]


def test_corpus_delete_removes_a_document_after_a_backup(tmp_path, isolated_settings) -> None:
    from assistant import audit, backup
    from assistant.store import Store

    main(["corpus", "stats"], out=io.StringIO(), err=io.StringIO())
    with Store(isolated_settings) as store:
        doc = store.documents()[0]
    out = io.StringIO()
    assert main(["corpus", "delete", doc.id], out=out, err=io.StringIO()) == 0
    assert out.getvalue() == f"文書「{doc.title}」（{doc.id}、{doc.parsed_count} 項目）を削除しました。\n"
    assert backup.newest_backup(isolated_settings).reason == "delete"
    with Store(isolated_settings) as store:
        assert store.stats().n_documents == 4
        [entry] = audit.entries(store, action="document_delete")
        assert (entry.target, entry.username.startswith("cli:"), entry.detail) == (
            doc.title, True, f"{doc.parsed_count} 項目（{doc.id}）")
    err = io.StringIO()
    assert main(["corpus", "delete", doc.id], out=io.StringIO(), err=err) == 1
    assert err.getvalue() == f"エラー: 文書 ID「{doc.id}」はありません。`python -m assistant corpus stats` で ID を確認してください。\n"


def test_cli_names_the_stored_document_a_file_replaced(tmp_path, isolated_settings) -> None:
    """A clerk must see which stored document (its file and period) another file took the place of."""
    from assistant.store import Store

    first, second = tmp_path / "doc.txt", tmp_path / "corrected.txt"
    first.write_text(HEAD + "1\t除雪を増やして。\t検討します。\n", encoding="utf-8")
    second.write_text(HEAD + "1\t除雪を増やして。\t実施します。\n", encoding="utf-8")
    main(["ingest", str(first)], out=io.StringIO(), err=io.StringIO())
    with Store(isolated_settings) as stored:
        [doc_id] = [d.id for d in stored.documents() if d.source == str(first)]
    out = io.StringIO()
    assert main(["ingest", str(second)], out=out, err=io.StringIO()) == 0
    assert f"    ↺ 置き換えた文書: {doc_id}（{first}、令和6年1月5日～令和6年2月5日）" in out.getvalue().splitlines()


def test_a_result_as_word_and_as_pdf_in_one_folder_is_stored_once_from_the_word_file(tmp_path, isolated_settings) -> None:
    """The PDF printed from a Word file reads less faithfully (rows split over pages, columns found from
    positions): whatever the file names' order, the Word file's reading is stored and the PDF says why not."""
    import shutil

    from assistant.store import Store

    fixtures = Path(__file__).parent / "fixtures" / "published"
    folder = tmp_path / "r"
    folder.mkdir()
    shutil.copy(fixtures / "plain_table.pdf", folder / "a_kekka.pdf")  # the PDF first in name order
    shutil.copy(fixtures / "plain_table.docx", folder / "b_kekka.docx")
    out = io.StringIO()
    assert main(["ingest", str(folder)], out=out, err=io.StringIO()) == 0
    lines = out.getvalue().splitlines()
    assert lines[:2] == [f"＝ {folder / 'a_kekka.pdf'}",
                         "    同じ文書を b_kekka.docx（Word）から取り込んだため、このファイル（PDF）は取り込んでいません"
                         "（Word の方が表を正確に読めます）。"]
    assert lines[-1] == "取り込み: 1 件の文書、12 項目。ほかのファイルや取り込み済みの文書と同じため取り込まなかったもの: 1 件。失敗: 0 件のファイル。"
    with Store(isolated_settings) as store:
        assert [(d.source, d.parsed_count) for d in store.documents() if str(folder) in d.source] == [
            (str(folder / "b_kekka.docx"), 12)]
        [plan_pdf, plan_docx] = plan_documents([d for o in read_files([folder]) for d in o.documents], store)
    assert (plan_pdf.action, plan_pdf.copy_of, plan_docx.describe()) == (
        "同じ文書のため省略", str(folder / "b_kekka.docx"), "変更なし（12 項目）")


ROWS = [("除雪を増やして。", "検討します。"), ("歩道も。", "実施します。"), ("排雪の日程は？", "お知らせします。"),
        ("除雪車がうるさい。", "配慮します。"), ("融雪剤を。", "散布します。")]


def page_of(rows) -> str:
    cells = "".join(f"<tr><td>{n}</td><td>{c}</td><td>{a}</td></tr>" for n, (c, a) in enumerate(rows, start=1))
    return ("<html><head><meta charset='utf-8'><title>結果</title></head><body><h1>雪対策について寄せられたご意見と本市の考え方</h1>"
            "<p>1 意見の募集期間</p><p>令和6年1月5日～令和6年2月5日</p>"
            f"<table><tr><th>No.</th><th>ご意見</th><th>本市の考え方</th></tr>{cells}</table></body></html>")


def text_of(rows) -> str:
    return HEAD + "".join(f"{n}\t{c}\t{a}\n" for n, (c, a) in enumerate(rows, start=1))


def test_a_copy_in_another_format_that_reads_one_item_differently_says_so_on_the_one_stored(tmp_path) -> None:
    (tmp_path / "kekka.html").write_text(page_of(ROWS), encoding="utf-8")
    (tmp_path / "kekka.txt").write_text(text_of(ROWS[:4] + [("融雪剤をまいて。", "散布します。")]), encoding="utf-8")
    [page, text] = read_files([tmp_path])
    assert page.documents[0].warnings[-1] == (
        "同じ文書を kekka.txt（テキスト）からも読みましたが、項目が少し違います（このファイルにだけある項目 1、そちらにだけある項目 1）。"
        "使うのはこのファイルの内容です。違う項目を原本で確かめてください。")
    assert text.documents[0].warnings == ()


def test_a_web_page_whose_heading_stops_where_the_other_files_title_runs_on_is_the_same_documents_copy(
        tmp_path, store) -> None:
    """Review 139: the Word file's and the PDF's title ran on into the next line (「…の結果寄せられたご意見と本市の考え方」),
    the web page's <h1> did not, and the same result was stored twice (every answer found twice). One title extending
    the other, with the same period and the items alike as between formats, is one document; other comments are not."""
    from assistant.ingest import batch_copies

    (tmp_path / "kekka.html").write_text(page_of(ROWS).replace("寄せられたご意見と本市の考え方</h1>", "</h1>").replace(
        "<title>結果</title>", ""), encoding="utf-8")
    (tmp_path / "kekka.txt").write_text(text_of(ROWS[:4] + [("融雪剤を。", "散布を増やします。")]), encoding="utf-8")
    reports = ingest([tmp_path], store)
    assert [(r.ok, r.title) for r in reports] == [(True, "雪対策について"), (False, "雪対策について寄せられたご意見と本市の考え方")]
    assert reports[1].error == ("同じ文書を kekka.html（Web ページ）から取り込んだため、このファイル（テキスト）は取り込んで"
                                "いません（Web ページ の方が表を正確に読めます）。")
    assert reports[0].warnings == (
        "同じ文書を kekka.txt（テキスト）からも読みましたが、項目が少し違います（このファイルにだけある項目 1、そちらにだけある"
        "項目 1）。使うのはこのファイルの内容です。違う項目を原本で確かめてください。",)
    assert (store.stats().n_documents, store.stats().n_precedents) == (1, 5)

    (tmp_path / "kekka.txt").write_text(text_of(ROWS[:3] + [("公園を増やして。", "検討します。"), ("遊具が古い。", "更新します。")]),
                                        encoding="utf-8")  # 3 items of 5 alike: not a copy
    assert batch_copies([document for outcome in read_files([tmp_path]) for document in outcome.documents]) == {}


def test_a_copy_whose_title_runs_on_ingested_a_month_later_is_the_stored_documents_copy(tmp_path, store) -> None:
    """Known since review 139: the web page ingested in one run and its Word file (title running on into
    「寄せられたご意見と本市の考え方」) in a later one stored the result twice, every answer found twice. Across ingests,
    as within one, one title extending the other with the same period and the items alike is one document: the
    more faithful reading stays (the later, less faithful file is a copy), or replaces the other (the later, more
    faithful one); 3 items alike of 5 are another document."""
    page = tmp_path / "kekka.html"
    page.write_text(page_of(ROWS).replace("寄せられたご意見と本市の考え方</h1>", "</h1>").replace("<title>結果</title>", ""),
                    encoding="utf-8")
    (tmp_path / "kekka.txt").write_text(text_of(ROWS), encoding="utf-8")
    [first] = ingest([page], store)
    [later] = ingest([tmp_path / "kekka.txt"], store)
    assert (first.ok, first.title, later.ok, later.error) == (
        True, "雪対策について", False, "同じ文書を kekka.html（Web ページ）から取り込み済みのため、このファイル（テキスト）は"
        "取り込んでいません（Web ページ の方が表を正確に読めます）。")
    assert (store.stats().n_documents, store.stats().n_precedents) == (1, 5)

    other = tmp_path / "other"
    other.mkdir()
    (other / "kekka.txt").write_text(text_of(ROWS), encoding="utf-8")
    page.rename(other / "kekka.html")
    for document in store.documents():
        store.delete_document(document.id)
    ingest([other / "kekka.txt"], store)
    [replacing] = ingest([other / "kekka.html"], store)  # the more faithful file, a month later
    assert (replacing.ok, replacing.plan.describe(), replacing.plan.replaces.title) == (
        True, "置き換え（5 → 5 項目: 内容は同じ、件名の変更）", "雪対策について寄せられたご意見と本市の考え方")
    assert [(d.title, Path(d.source).name) for d in store.documents()] == [("雪対策について", "kekka.html")]

    (other / "kekka.txt").write_text(text_of(ROWS[:3] + [("公園を増やして。", "検討します。"), ("遊具が古い。", "更新します。")]),
                                     encoding="utf-8")  # 3 items of 5 alike: another document
    [added] = ingest([other / "kekka.txt"], store)
    assert (added.ok, added.plan.describe(), store.stats().n_documents) == (True, "追加（5 項目）", 2)


def test_a_pdf_ingested_after_its_word_file_keeps_the_word_files_reading(tmp_path, isolated_settings) -> None:
    """The format preference holds across ingests too: the PDF of a Word file stored last month does not
    replace the Word file's reading (it replaced it before, a row split over two pages and all)."""
    import shutil

    from assistant.store import Store

    fixtures = Path(__file__).parent / "fixtures" / "published"
    shutil.copy(fixtures / "plain_table.docx", tmp_path / "kekka.docx")
    shutil.copy(fixtures / "plain_table.pdf", tmp_path / "kekka.pdf")
    assert main(["ingest", str(tmp_path / "kekka.docx")], out=io.StringIO(), err=io.StringIO()) == 0
    out = io.StringIO()
    assert main(["ingest", str(tmp_path / "kekka.pdf")], out=out, err=io.StringIO()) == 0
    with Store(isolated_settings) as store:
        [doc] = [d for d in store.documents() if str(tmp_path) in d.source]
    assert out.getvalue().splitlines() == [
        f"＝ {tmp_path / 'kekka.pdf'}",
        "    同じ文書を kekka.docx（Word）から取り込み済みのため、このファイル（PDF）は取り込んでいません（Word の方が表を正確に読めます）。",
        "",
        "取り込み: 0 件の文書、0 項目。ほかのファイルや取り込み済みの文書と同じため取り込まなかったもの: 1 件。失敗: 0 件のファイル。"]
    assert (doc.source, doc.parsed_count) == (str(tmp_path / "kekka.docx"), 12)


def test_a_later_copy_that_reads_an_item_differently_replaces_the_better_reading_only_with_a_warning(tmp_path, store) -> None:
    """One item of five differs: a corrected version, or the less faithful format's misreading. It replaces as any
    corrected version does (the 前例 page asks first), and says which stored file reads more faithfully."""
    from assistant.cli import format_report

    (tmp_path / "kekka.html").write_text(page_of(ROWS), encoding="utf-8")
    (tmp_path / "kekka.txt").write_text(text_of(ROWS[:4] + [("融雪剤をまいて。", "散布します。")]), encoding="utf-8")
    ingest([tmp_path / "kekka.html"], store)
    [text] = ingest([tmp_path / "kekka.txt"], store)
    note = ("取り込み済みの kekka.html（Web ページ）は、このファイル（テキスト）より表を正確に読めます。違う項目（追加 0、削除 0、変更 1）が"
            "このファイルの読み違いなら、置き換えないでください。訂正版なら置き換えてください。")
    assert (text.ok, text.plan.describe(), text.plan.better_reading) == (
        True, "置き換え（5 → 5 項目: 追加 0、削除 0、変更 1）", str(tmp_path / "kekka.html"))
    assert f"    ⚠ {note}" in format_report(text).splitlines()
    [again] = ingest([tmp_path / "kekka.html"], store)  # the more faithful file replaces without a note
    assert (again.ok, again.plan.better_reading) == (True, "")


def test_a_later_file_in_a_less_faithful_format_with_other_items_replaces_the_stored_one(tmp_path, store) -> None:
    """Two items of five changed: a corrected version, not a copy; and a more faithful format always replaces."""
    (tmp_path / "kekka.html").write_text(page_of(ROWS), encoding="utf-8")
    (tmp_path / "kekka.txt").write_text(text_of(ROWS[:3] + [("除雪車が遅い。", "配慮します。"), ("融雪剤をまいて。", "散布します。")]),
                                        encoding="utf-8")
    ingest([tmp_path / "kekka.html"], store)
    [text] = ingest([tmp_path / "kekka.txt"], store)
    assert (text.ok, text.plan.describe()) == (True, "置き換え（5 → 5 項目: 追加 0、削除 0、変更 2）")
    [page] = ingest([tmp_path / "kekka.html"], store)
    assert (page.ok, page.plan.describe()) == (True, "置き換え（5 → 5 項目: 追加 0、削除 0、変更 2）")


def test_two_files_of_one_title_and_period_with_other_items_are_not_copies(tmp_path, store) -> None:
    """Two versions of one format that differ (a draft and its final version, a comment in common): not
    copies of one document. The later replaces the earlier, as a corrected version, and says what changes."""
    (tmp_path / "kekka_1.txt").write_text(text_of(ROWS[:3]), encoding="utf-8")
    (tmp_path / "kekka_2.txt").write_text(text_of(ROWS[2:4]), encoding="utf-8")
    reports = ingest([tmp_path], store)
    assert [(r.ok, r.copy_of, r.plan.describe()) for r in reports] == [
        (True, "", "追加（3 項目）"), (True, "", "置き換え（3 → 2 項目: 追加 0、削除 1、変更 2）")]


def test_a_list_published_in_two_parts_with_no_comment_in_common_is_two_documents(tmp_path, store) -> None:
    """Items 1-2 and 3-4 under one title and period share no comment: neither replaces the other (a generic
    heading read as the title made two consultations one document, and the second erased the first)."""
    (tmp_path / "kekka_1.txt").write_text(text_of(ROWS[:2]), encoding="utf-8")
    (tmp_path / "kekka_2.txt").write_text(text_of(ROWS[2:4]), encoding="utf-8")
    reports = ingest([tmp_path], store)
    assert [(r.ok, r.copy_of, r.plan.describe(), r.plan.unlike) for r in reports] == [
        (True, "", "追加（2 項目）", ()), (True, "", "追加（2 項目）", (reports[0].document_id,))]
    assert store.stats().n_precedents == 4


def test_a_file_named_twice_in_one_ingest_is_read_once(tmp_path, store) -> None:
    (tmp_path / "kekka.txt").write_text(text_of(ROWS[:2]), encoding="utf-8")
    reports = ingest([tmp_path, tmp_path / "kekka.txt"], store)
    assert [(r.ok, r.plan.describe()) for r in reports] == [(True, "追加（2 項目）")]


def test_a_result_without_a_period_as_word_and_pdf_is_stored_once() -> None:
    from assistant.ingest import batch_copies
    from assistant.models import DocumentMeta, ParsedDocument, ParsedItem

    items = tuple(ParsedItem(str(n), c, (a,)) for n, (c, a) in enumerate(ROWS, start=1))
    meta = DocumentMeta("雪対策の結果", "table")
    assert batch_copies([ParsedDocument(meta, items, source="k.pdf"), ParsedDocument(meta, items, source="k.docx")]) == {0: 1}
    assert batch_copies([ParsedDocument(meta, items, source="k.pdf"), ParsedDocument(meta, items[:3], source="k.docx")]) == {}


def test_two_documents_of_one_workbook_are_never_copies_of_each_other() -> None:
    from assistant.ingest import batch_copies
    from assistant.models import DocumentMeta, ParsedDocument, ParsedItem

    meta = DocumentMeta("除雪計画の結果", "table", period_start="2026-01-05", period_end="2026-02-04")
    items = (ParsedItem("1", "除雪を増やして。", ("実施します。",)),)
    book = [ParsedDocument(meta, items, source="book.xlsx"), ParsedDocument(meta, items, source="book.xlsx")]
    assert batch_copies(book) == {}
    assert batch_copies([ParsedDocument(meta, items, source="a.pdf"), *book]) == {0: 1}


LABELLED = "図書館の意見募集の結果\n意見募集期間　令和6年1月5日～令和6年2月5日\n{}"


def labelled(path, *pairs: tuple[str, str]):
    path.write_text(LABELLED.format("".join(f"【意見】{c}\n【市の考え方】{a}\n" for c, a in pairs)), encoding="utf-8")
    return path


def test_a_document_without_numbers_keeps_its_ids_when_a_comment_is_added_above(tmp_path, store) -> None:
    """Items a document does not number are numbered by position; their ids come from the comment, so a
    corrected version with one comment more at the top says 「追加 1」 (not 「変更 2、追加 1」) and a draft's
    picked precedent is still the comment it picked."""
    path = labelled(tmp_path / "kekka.txt", ("開館時間を延ばして。", "検討します。"), ("駐車場が狭い。", "拡張は難しい状況です。"))
    [first] = ingest([path], store)
    parking = next(p for p in store.precedents() if p.comment == "駐車場が狭い。")
    labelled(path, ("本を増やして。", "順次購入します。"), ("開館時間を延ばして。", "検討します。"),
             ("駐車場が狭い。", "拡張は難しい状況です。"))
    [again] = ingest([path], store)
    assert (again.replaced, again.plan.describe()) == (True, "置き換え（2 → 3 項目: 追加 1、削除 0、変更 0）")
    moved = store.precedent(parking.id)
    assert (moved.comment, moved.no) == ("駐車場が狭い。", "3")


def test_a_spreadsheet_without_a_no_column_keeps_its_ids_when_a_row_is_added_above(tmp_path, store) -> None:
    path = tmp_path / "kekka.csv"
    path.write_text("件名,ご意見,本市の考え方\n除雪,歩道の除雪を。,実施します。\n除雪,排雪の日程は？,お知らせします。\n",
                    encoding="utf-8")
    ingest([path], store)
    before = {p.comment: p.id for p in store.precedents()}
    path.write_text("件名,ご意見,本市の考え方\n除雪,除雪車の音がうるさい。,配慮します。\n除雪,歩道の除雪を。,実施します。\n"
                    "除雪,排雪の日程は？,お知らせします。\n", encoding="utf-8")
    [again] = ingest([path], store)
    assert again.plan.describe() == "置き換え（2 → 3 項目: 追加 1、削除 0、変更 0）"
    assert {p.comment: p.id for p in store.precedents() if p.comment in before} == before
    assert [p.no for p in store.precedents()] == ["1", "2", "3"]


def test_repeated_comments_in_a_document_without_numbers_keep_their_own_ids(tmp_path, store) -> None:
    """Two rows 「賛成です。」 with different answers: each keeps its id when the first is removed."""
    path = tmp_path / "kekka.csv"
    rows = [("賛成です。", "ありがとうございます。"), ("賛成です。", "第3章に反映します。"), ("歩道の除雪を。", "実施します。")]
    path.write_text("件名,ご意見,本市の考え方\n" + "".join(f"除雪,{c},{a}\n" for c, a in rows), encoding="utf-8")
    ingest([path], store)
    ids = {p.answer: p.id for p in store.precedents()}
    path.write_text("件名,ご意見,本市の考え方\n" + "".join(f"除雪,{c},{a}\n" for c, a in rows[1:]), encoding="utf-8")
    [again] = ingest([path], store)
    assert again.plan.describe() == "置き換え（3 → 2 項目: 追加 0、削除 1、変更 0）"
    assert {p.answer: p.id for p in store.precedents()} == {a: ids[a] for a in ("第3章に反映します。", "実施します。")}


def test_a_corrected_comment_without_a_number_keeps_its_id(tmp_path, store) -> None:
    path = labelled(tmp_path / "kekka.txt", ("開館時間を延ばして下さい。", "検討します。"), ("駐車場が狭い。", "拡張は難しい状況です。"))
    ingest([path], store)
    library = next(p for p in store.precedents() if p.answer == "検討します。")
    labelled(path, ("本を増やして。", "順次購入します。"), ("開館時間を延ばしてください。", "検討します。"),
             ("駐車場が狭い。", "拡張は難しい状況です。"))
    [again] = ingest([path], store)
    assert again.plan.describe() == "置き換え（2 → 3 項目: 追加 1、削除 0、変更 1）"
    assert store.precedent(library.id).comment == "開館時間を延ばしてください。"
    labelled(path, ("本を増やして。", "順次購入します。"), ("開館時間を延ばしてください。", "延長を検討します。"),
             ("駐車場が狭い。", "拡張は難しい状況です。"))
    [answer_corrected] = ingest([path], store)
    assert answer_corrected.plan.describe() == "置き換え（3 → 3 項目: 追加 0、削除 0、変更 1）"
    assert store.precedent(library.id).answer == "延長を検討します。"


def test_a_document_stored_under_positional_ids_keeps_them_on_its_next_ingest(tmp_path, store) -> None:
    """An earlier version stored unnumbered items as 「…-1」「…-2」; drafts picked those ids."""
    path = labelled(tmp_path / "kekka.txt", ("開館時間を延ばして。", "検討します。"), ("駐車場が狭い。", "拡張は難しい状況です。"))
    ingest([path], store)
    conn = store.conn
    conn.execute("PRAGMA foreign_keys=OFF")  # rename the ids as the earlier version wrote them
    for n, (precedent_id,) in enumerate(conn.execute("SELECT id FROM precedents ORDER BY seq").fetchall(), start=1):
        old = precedent_id.rsplit("-", 1)[0] + f"-{n}"
        conn.execute("UPDATE paragraphs SET precedent_id = ?, id = replace(id, ?, ?) WHERE precedent_id = ?",
                     (old, precedent_id, old, precedent_id))
        conn.execute("UPDATE precedents SET id = ? WHERE id = ?", (old, precedent_id))
    conn.commit()
    conn.execute("PRAGMA foreign_keys=ON")
    labelled(path, ("本を増やして。", "順次購入します。"), ("開館時間を延ばして。", "検討します。"),
             ("駐車場が狭い。", "拡張は難しい状況です。"))
    [again] = ingest([path], store)
    assert again.plan.describe() == "置き換え（2 → 3 項目: 追加 1、削除 0、変更 0）"
    assert [(p.id.rsplit("-", 1)[1], p.comment) for p in store.precedents()][1:] == [
        ("1", "開館時間を延ばして。"), ("2", "駐車場が狭い。")]


def test_the_table_exported_from_approved_answers_added_to_the_corpus_is_their_copy(tmp_path, isolated_settings) -> None:
    """「決裁済の回答を前例に加える」, then the exported table (the published result) ingested: every answer was stored
    again as a second document, each precedent found twice, with no word (review 115). It is a copy of the approved
    answers, as a PDF of a stored Word file is; with one answer changed it is another document."""
    from dataclasses import replace

    from assistant.export import answer_table, export_docx, export_xlsx
    from assistant.store import Store

    with Store(isolated_settings) as store:
        save_consultation(store, Consultation("除雪計画2026", "除雪計画（案）に対する意見募集", "2026-01-05", "2026-02-04"))
        for no, comment, answer in (("1", "幹線道路の除雪を早くしてほしい。", "降雪後すみやかに除雪します。\n通学路も優先します。"),
                                    ("2・3", "歩道の除雪をしてほしい。\n（同趣旨 2件）", "歩道の除雪は順次拡大します。"),
                                    ("4", "排雪の回数を増やしてほしい。", "=排雪は検討します。")):
            save_draft(store, Draft(None, "除雪計画2026", no, comment, answer, author="佐藤", status="決裁済"),
                       replace_comment=True)
        added = add_approved_to_corpus(store, "除雪計画2026")
        table = answer_table(store, "除雪計画2026")
        (tmp_path / "kekka.xlsx").write_bytes(export_xlsx(table))
        (tmp_path / "kekka.docx").write_bytes(export_docx(table))
        (tmp_path / "edited.xlsx").write_bytes(export_xlsx(replace(
            table, rows=table.rows[:2] + (("4", "排雪の回数を増やしてほしい。", "排雪は来年度から増やします。"),))))
    out = io.StringIO()
    assert main(["ingest", str(tmp_path / "kekka.xlsx")], out=out, err=io.StringIO()) == 0
    assert out.getvalue().splitlines() == [
        f"＝ {tmp_path / 'kekka.xlsx'}",
        "    同じ回答を「除雪計画2026」の決裁済の回答として前例に加えてあるため、このファイル（Excel）は取り込んでいません"
        "（ご意見も回答もすべて同じです）。",
        "",
        "取り込み: 0 件の文書、0 項目。ほかのファイルや取り込み済みの文書と同じため取り込まなかったもの: 1 件。失敗: 0 件のファイル。"]
    with Store(isolated_settings) as store:
        both = [document for outcome in read_files([tmp_path / "kekka.xlsx", tmp_path / "kekka.docx"])
                for document in outcome.documents]
        [plan, copy] = plan_documents(both, store)  # the Word file beside the Excel one: a copy of the same answers
        assert (plan.copy_of, plan.copy_stored, copy.copy_of) == ("drafts:除雪計画2026", True, "drafts:除雪計画2026")
        assert plan.describe() == "取り込まない（同じ回答を「除雪計画2026」の決裁済の回答として前例に加えてあります）"
        [word] = store_parsed(read_files([tmp_path / "kekka.docx"])[0].documents, store)
        assert (word.ok, word.copy_of) == (False, "drafts:除雪計画2026")
        assert [(d.id, d.parsed_count) for d in store.documents()] == [(added.document_id, 3)]
        [edited] = ingest([tmp_path / "edited.xlsx"], store)  # one answer changed: another document
        assert (edited.ok, edited.copy_of, store.stats().n_documents) == (True, "", 2)


SNOW = [(f"除雪について意見その{n}を書きます。", f"回答{n}です。") for n in range(1, 11)]
TITLE = "雪対策について寄せられたご意見と本市の考え方"


def test_parts_beside_the_whole_result_in_one_folder_are_not_stored_and_the_report_says_so(
        tmp_path, isolated_settings) -> None:
    """A city's archive folder holds the whole result and the parts it was published in (その1/その2): every part's
    answer was stored twice (3 documents, 12 items for 6). A document whose items another file's document of the same
    period holds, with twice as many items at least, is its part: the whole is stored once, the parts say why not."""
    from assistant.store import Store

    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a_part1.txt").write_text(text_of(SNOW[:3]).replace(TITLE, "雪対策について（その1）寄せられたご意見と本市の考え方"),
                                        encoding="utf-8")
    (folder / "b_part2.txt").write_text(text_of(SNOW[3:6]).replace(TITLE, "雪対策について（その2）寄せられたご意見と本市の考え方"),
                                        encoding="utf-8")
    (folder / "c_whole.txt").write_text(text_of(SNOW[:6]), encoding="utf-8")
    out = io.StringIO()
    assert main(["ingest", str(folder)], out=out, err=io.StringIO()) == 0
    lines = out.getvalue().splitlines()
    part = "c_whole.txt（テキスト）にこの文書の項目 3 件がすべて含まれているため、このファイル（一部）は取り込みませんでした。"
    assert lines[:5] == [f"＝ {folder / 'a_part1.txt'}", f"    {part}", f"＝ {folder / 'b_part2.txt'}", f"    {part}",
                         f"✓ {folder / 'c_whole.txt'}"]
    assert [line.split("  ")[-1] for line in lines[9:11]] == ["＝ 一部のため省略（c_whole.txt を取り込み）"] * 2
    assert lines[-1] == ("取り込み: 1 件の文書、6 項目。同じ回のほかのファイルの文書の一部のため取り込まなかったもの: 2 件。"
                         "失敗: 0 件のファイル。")
    with Store(isolated_settings) as store:
        assert [(Path(d.source).name, d.parsed_count) for d in store.documents() if str(folder) in d.source] == [
            ("c_whole.txt", 6)]


def test_the_preview_names_a_part_and_how_many_of_its_items_the_whole_holds_and_stores_a_file_of_other_items(
        tmp_path, store) -> None:
    """The 前例 page shows a part before anything is written, saying how many of its items the whole holds when not
    all (the others are not stored: staff check them). A file whose items the whole holds fewer than 80 % of is
    stored as before, and a part never leaves the whole out, wherever it stands in the batch."""
    from assistant.ingest import part_note

    (tmp_path / "a_kekka.txt").write_text(text_of(SNOW), encoding="utf-8")
    (tmp_path / "b_bessi.txt").write_text(text_of(SNOW[:4] + [("融雪剤をまいてほしい。", "散布します。")]), encoding="utf-8")
    (tmp_path / "c_park.txt").write_text(text_of(SNOW[4:7] + [("公園を増やして。", "検討します。"), ("遊具が古い。", "更新します。")])
                                         .replace(TITLE, "公園について寄せられたご意見と本市の考え方"), encoding="utf-8")
    documents = [document for outcome in read_files([tmp_path]) for document in outcome.documents]
    whole, part, park = plan_documents(documents, store)
    assert [(plan.action, plan.describe(), plan.part_of, plan.part_contained) for plan in (whole, part, park)] == [
        ("追加", "追加（10 項目）", "", 0),
        ("一部のため省略", "取り込まない（この文書の項目を含む a_kekka.txt を取り込みます）", str(tmp_path / "a_kekka.txt"), 4),
        ("追加", "追加（5 項目）", "", 0)]
    assert part_note(part, str(tmp_path / "b_bessi.txt"), done=False) == (
        "a_kekka.txt（テキスト）にこの文書の項目 5 件のうち 4 件が含まれているため、このファイル（一部）は取り込みません。"
        "含まれていない 1 件は前例に入らないため、原本で確かめてください。")
    reports = store_parsed(documents, store)
    assert [(r.ok, r.part_of, r.n_items) for r in reports] == [(True, "", 10), (False, str(tmp_path / "a_kekka.txt"), 0),
                                                               (True, "", 5)]
    assert (store.stats().n_documents, store.stats().n_precedents) == (2, 15)


def test_a_part_is_told_by_its_title_without_a_period_and_names_the_largest_document_holding_it() -> None:
    """Without a stated period the same title tells a part (another title does not); a document holding a part that
    is itself a part of a larger one holds none (the largest is named); a file's own documents are never parts."""
    from assistant.ingest import batch_parts
    from assistant.models import DocumentMeta, ParsedDocument, ParsedItem

    items = tuple(ParsedItem(str(n), comment, (answer,)) for n, (comment, answer) in enumerate(SNOW, start=1))
    meta, other = DocumentMeta("除雪計画の結果", "table"), DocumentMeta("公園計画の結果", "table")
    whole = ParsedDocument(meta, items, source="結果.docx")
    assert batch_parts([ParsedDocument(meta, items[:3], source="その1.docx"), whole,
                        ParsedDocument(other, items[3:6], source="公園.docx")]) == {0: 1}
    assert batch_parts([ParsedDocument(meta, items[:3], source="抜粋.docx"), ParsedDocument(meta, items[:5], source="その1.docx"),
                        whole]) == {0: 2, 1: 2}
    assert batch_parts([ParsedDocument(meta, items[:3], source="結果.xlsx"), ParsedDocument(meta, items, source="結果.xlsx")]) == {}
    # Two items in common are too few to tell a part (「賛成です。」 answered 「ありがとうございます。」 is in many a list).
    assert batch_parts([ParsedDocument(meta, items[:2], source="その1.docx"), whole]) == {}


def test_the_preview_of_a_file_that_replaces_another_of_its_batch_says_so_as_the_write_does(tmp_path, store) -> None:
    """Fix 148 found: the preview compared two files of one title and period the other way round from the write (half
    of the earlier file's comments in the later one's): a 6-item file sharing 4 comments with a 10-item one was
    previewed 「追加」 for both, and the write then replaced the 10 items with the 6, unasked on the 前例 page."""
    (tmp_path / "a_kekka.txt").write_text(text_of(SNOW), encoding="utf-8")
    (tmp_path / "b_bessi.txt").write_text(text_of(SNOW[:4] + [("融雪剤をまいてほしい。", "散布します。"), ("雪捨て場を。", "検討します。")]),
                                          encoding="utf-8")
    documents = [document for outcome in read_files([tmp_path]) for document in outcome.documents]
    assert [plan.describe() for plan in plan_documents(documents, store)] == [
        "追加（10 項目）", "置き換え（10 → 6 項目: 追加 0、削除 4、変更 2）"]
    assert [report.ok for report in store_parsed(documents, store, replace=False)] == [False, False]
    assert store.stats().n_precedents == 0


def test_part_of_a_result_ingested_after_the_whole_does_not_replace_it(tmp_path, isolated_settings) -> None:
    """Fix 148 found: a 別紙 of the stored whole's title and period, ingested later, replaced the whole's 10 items with
    its 4 (「削除 6」), unasked on the command line. A document at most half the stored one's size whose items it
    holds is its part, whatever the formats; a later whole still replaces a stored part."""
    (tmp_path / "kekka.txt").write_text(text_of(SNOW), encoding="utf-8")
    (tmp_path / "bessi.txt").write_text(text_of(SNOW[:4]), encoding="utf-8")
    assert main(["ingest", str(tmp_path / "kekka.txt")], out=io.StringIO(), err=io.StringIO()) == 0
    out = io.StringIO()
    assert main(["ingest", str(tmp_path / "bessi.txt")], out=out, err=io.StringIO()) == 0
    assert out.getvalue().splitlines() == [
        f"＝ {tmp_path / 'bessi.txt'}",
        "    取り込み済みの kekka.txt（テキスト）にこの文書の項目 4 件がすべて含まれているため、このファイル（一部）は取り込みません"
        "でした。訂正版として置き換えるなら、取り込み済みの文書を削除してから取り込んでください。",
        "",
        "取り込み: 0 件の文書、0 項目。同じ回のほかのファイルの文書の一部のため取り込まなかったもの: 1 件。失敗: 0 件のファイル。"]
    from assistant.store import Store

    with Store(isolated_settings) as store:
        assert [(Path(d.source).name, d.parsed_count) for d in store.documents() if str(tmp_path) in d.source] == [
            ("kekka.txt", 10)]
        [plan] = plan_documents([d for o in read_files([tmp_path / "bessi.txt"]) for d in o.documents], store)
        assert (plan.action, plan.describe()) == ("一部のため省略", "取り込まない（この文書の項目を含む kekka.txt から取り込み済みです）")
        for document in store.documents():
            store.delete_document(document.id)
        [part] = ingest([tmp_path / "bessi.txt"], store)
        [whole] = ingest([tmp_path / "kekka.txt"], store)
        assert (part.plan.describe(), whole.plan.describe()) == ("追加（4 項目）", "置き換え（4 → 10 項目: 追加 6、削除 0、変更 0）")
        (tmp_path / "bessi.txt").write_text(text_of(SNOW[:2]), encoding="utf-8")  # two items, both held: a part too
        [small] = ingest([tmp_path / "bessi.txt"], store)
        assert (small.ok, small.plan.action, store.stats().n_precedents) == (False, "一部のため省略", 10)
        (tmp_path / "kekka.txt").write_text(text_of(SNOW[:4]), encoding="utf-8")  # the same file pruned: it replaces
        [pruned] = ingest([tmp_path / "kekka.txt"], store)
        assert (pruned.ok, pruned.plan.describe()) == (True, "置き換え（10 → 4 項目: 追加 0、削除 6、変更 0）")


def test_a_whole_ingested_after_two_of_its_parts_replaces_neither_and_names_both(tmp_path, store) -> None:
    """Review 155: the whole result ingested after its その1 and その2 (same title and period) replaced part 1 and left
    part 2 stored beside it, its answers twice and nothing said. Holding several stored parts, it replaces none: it is
    added, and every part is named with how to delete it (one stored part it still replaces)."""
    (tmp_path / "part1.txt").write_text(text_of(SNOW[:3]), encoding="utf-8")
    (tmp_path / "part2.txt").write_text(text_of(SNOW[3:6]), encoding="utf-8")
    (tmp_path / "whole.txt").write_text(text_of(SNOW), encoding="utf-8")
    parts = ingest([tmp_path / "part1.txt", tmp_path / "part2.txt"], store)
    assert [(report.ok, report.plan.describe()) for report in parts] == [(True, "追加（3 項目）"), (True, "追加（3 項目）")]
    [whole] = ingest([tmp_path / "whole.txt"], store)
    assert (whole.ok, whole.plan.describe(), whole.plan.unlike) == (
        True, "追加（10 項目）", (parts[0].plan.document_id, parts[1].plan.document_id))
    assert sorted((Path(d.source).name, d.parsed_count) for d in store.documents()) == [
        ("part1.txt", 3), ("part2.txt", 3), ("whole.txt", 10)]


def test_the_same_file_with_its_title_corrected_replaces_the_stored_document_and_names_both_titles(tmp_path,
                                                                                                   isolated_settings) -> None:
    """Review 147: the file read again with a typo of its title fixed (雪封策 → 雪対策), same period and items, was a
    second 「追加（3 項目）」 with no note: two documents, every answer twice. The same file with comments alike both
    ways is the same document: it replaces it, a change (backed up) even with every item the same."""
    path = tmp_path / "kekka.txt"
    path.write_text(text_of(ROWS[:3]).replace("雪対策", "雪封策"), encoding="utf-8")
    assert main(["ingest", str(path)], out=io.StringIO(), err=io.StringIO()) == 0
    path.write_text(text_of(ROWS[:3]), encoding="utf-8")
    from assistant.store import Store

    with Store(isolated_settings) as store:
        [stored] = [d for d in store.documents() if str(tmp_path) in d.source]
        [plan] = plan_documents(read_files([path])[0].documents, store)
        assert (plan.action, plan.describe(), plan.new_title) == (
            "置き換え", "置き換え（3 → 3 項目: 内容は同じ、件名の変更）", "雪対策について寄せられたご意見と本市の考え方")
    out = io.StringIO()
    assert main(["ingest", str(path)], out=out, err=io.StringIO()) == 0
    assert out.getvalue().splitlines()[2:] == [
        "    種類: 結果公表（表）　項目: 3 件　置き換え（3 → 3 項目: 内容は同じ、件名の変更）",
        "    ↺ 件名は「雪封策について寄せられたご意見と本市の考え方」から「雪対策について寄せられたご意見と本市の考え方」に変わりました。",
        "", "取り込み: 1 件の文書、3 項目。失敗: 0 件のファイル。"]
    with Store(isolated_settings) as store:
        assert [(d.id, d.title) for d in store.documents() if str(tmp_path) in d.source] == [
            (stored.id, "雪対策について寄せられたご意見と本市の考え方")]
        assert len(store.precedents(stored.id)) == 3
    from assistant.backup import backups

    assert sorted(b.reason for b in backups(isolated_settings)) == ["daily", "ingest"]  # kept before the change


def test_a_workbooks_corrected_subject_replaces_its_document_and_never_takes_another_subjects(tmp_path, store) -> None:
    """Review 147: a 件名 corrected in a CSV of several (除雪計画 → 除雪計画（案）) left the old document beside the new one.
    It replaces it; a stored document whose 件名 another row group of the file still has is never taken, even with the
    same comments, and two stored documents alike are not guessed between (the new one is added, both named)."""
    path = tmp_path / "kekka.csv"
    rows = ("件名,No.,ご意見,本市の考え方\n{0},1,除雪の回数を増やしてほしい。,対応します。\n{0},2,歩道の除雪もお願いしたい。,"
            "含めています。\n公園計画,1,遊具を新しくしてほしい。,更新します。\n{1}")
    path.write_text(rows.format("除雪計画", ""), encoding="utf-8")
    first = ingest([path], store)
    path.write_text(rows.format("除雪計画（案）", ""), encoding="utf-8")
    snow, park = ingest([path], store)
    assert (snow.document_id, snow.plan.describe(), park.plan.describe()) == (
        first[0].document_id, "置き換え（2 → 2 項目: 内容は同じ、件名の変更）", "変更なし（1 項目）")
    assert sorted(d.title for d in store.documents()) == ["公園計画", "除雪計画（案）"]

    twice = "除雪計画,1,除雪の回数を増やしてほしい。,対応します。\n除雪計画,2,歩道の除雪もお願いしたい。,含めています。\n"
    path.write_text(rows.format("除雪計画（修正）", twice), encoding="utf-8")  # 「除雪計画」 again, after the renamed one
    renamed, park, again = ingest([path], store)
    assert (renamed.document_id, renamed.plan.new_title, again.plan.describe(), again.plan.retitled) == (
        first[0].document_id, "除雪計画（修正）", "追加（2 項目）", ())  # the file's own renamed row group: not named
    assert sorted(d.title for d in store.documents()) == ["公園計画", "除雪計画", "除雪計画（修正）"]
    path.write_text(rows.format("除雪計画（最終）", ""), encoding="utf-8")  # alike to both stored: neither is guessed
    final, _ = ingest([path], store)
    assert (final.plan.action, sorted(final.plan.retitled)) == (
        "追加", sorted(d.id for d in store.documents() if d.title.startswith("除雪計画") and d.id != final.document_id))


def test_stored_documents_sharing_only_stock_comments_are_not_compared_as_retitled(store, monkeypatch) -> None:
    """Review 155: every stored document sharing any comment was compared fuzzily both ways, and 「賛成です。」 is in
    thousands: an undated list planned in 1.2 s on a store of 2,000 documents. Those sharing fewer than half of the
    comments, and fewer than two long ones, are not compared; a renamed list, and one whose other comments were
    corrected, are still named."""
    from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
    from assistant.store import Store

    def listing(title: str, comments: list[str], source: str) -> ParsedDocument:
        items = tuple(ParsedItem(str(n), comment, ("検討します。",)) for n, comment in enumerate(comments, start=1))
        return ParsedDocument(DocumentMeta(title, "table"), items, source=source)

    stock = ["賛成です。", "特にありません。"]
    mine = stock + [f"新しいバス路線の計画の区間{n}について、朝夕の本数を増やしてほしいと思います。" for n in range(1, 9)]
    others = [listing(f"計画{n}の意見", stock + [f"計画{n}の項目{k}について、道路や公園の整備を早く進めてほしいです。" for k in range(8)],
                      f"/x/{n}.csv") for n in range(6)]
    renamed = listing("バス路線の意見（旧）", mine, "/x/old.csv")
    corrected = listing("バス路線の意見（修正前）", mine[:4] + [comment.replace("増やして", "増やしで") for comment in mine[4:]],
                        "/x/typo.csv")
    assert all(report.ok for report in store_parsed([*others, renamed, corrected], store))
    compared: list[str] = []
    keys = Store._comment_keys
    monkeypatch.setattr(Store, "_comment_keys", lambda self, doc_id: compared.append(doc_id) or keys(self, doc_id))
    plan = store.plan_document(listing("バス路線の意見", mine, "/x/new.csv"))
    ids = {document.source: document.id for document in store.documents()}
    assert (plan.action, plan.retitled) == ("追加", tuple(sorted((ids["/x/old.csv"], ids["/x/typo.csv"]))))
    assert sorted(compared) == sorted([ids["/x/old.csv"], ids["/x/typo.csv"]])


def test_a_renamed_file_with_a_changed_title_is_added_and_names_the_stored_document(tmp_path, isolated_settings) -> None:
    """Review 147: a staff list renamed (除雪回答集.csv → 除雪回答集_2025年度版.csv, its title read from the name) and grown
    by one row was 「追加（4 項目）」 with no note: two documents, three answers twice. Another file is not replaced
    unasked (another city's list may share comments), but the plan names the stored one and how to delete it."""
    list_rows = ("No.,ご意見,本市の考え方\n1,除雪の回数を増やしてほしい。,対応します。\n2,歩道の除雪もお願いしたい。,含めています。\n"
                 "3,排雪の日程を知らせてほしい。,お知らせします。\n")
    (tmp_path / "除雪回答集.csv").write_text(list_rows, encoding="utf-8")
    (tmp_path / "除雪回答集_2025年度版.csv").write_text(list_rows + "4,融雪剤をまいてほしい。,散布します。\n", encoding="utf-8")
    assert main(["ingest", str(tmp_path / "除雪回答集.csv")], out=io.StringIO(), err=io.StringIO()) == 0
    from assistant.store import Store

    with Store(isolated_settings) as store:
        [stored] = [d for d in store.documents() if str(tmp_path) in d.source]
    out = io.StringIO()
    assert main(["ingest", str(tmp_path / "除雪回答集_2025年度版.csv")], out=out, err=io.StringIO()) == 0
    assert out.getvalue().splitlines()[1:4] == [
        "    除雪回答集_2025年度版",
        "    種類: 表計算　項目: 4 件　追加（4 項目）",
        f"    ℹ 件名は違いますが、ご意見がほぼ同じ文書が既にあります（文書ID: {stored.id}）。ファイルも違うため、置き換えずに別の文書"
        "として追加しました。ファイル名や件名を直した同じ結果なら、`python -m assistant corpus delete 文書ID` で古いほうを削除して"
        "ください（別の意見募集なら、そのままで構いません）。"]
