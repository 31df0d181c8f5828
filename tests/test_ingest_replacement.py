"""Replacement decisions: a document of a stored one's title and period with fewer than half of its comments
alike is another consultation (added beside it, and said why), and the preview plans what the write does, also
within one batch, so that nothing is written unasked or half written."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assistant.cli import format_report
from assistant.ingest import UNCONFIRMED_BATCH, ingest, plan_documents, read_files, store_parsed
from assistant.store import Store
from tests.test_identity import ROWS, text_of

OTHER = [("公園を増やして。", "検討します。"), ("遊具が古い。", "更新します。")]


def _documents(paths):
    return [document for outcome in read_files(paths) for document in outcome.documents]


def test_a_document_of_the_same_title_and_period_with_no_comment_alike_is_added_beside_the_stored_one(
        tmp_path, store) -> None:
    """A generic heading read as the title made two consultations one document: the second replaced the
    first and erased its precedents. No comment alike now means two documents, and the report says why."""
    (tmp_path / "snow.txt").write_text(text_of(ROWS[:2]), encoding="utf-8")
    (tmp_path / "park.txt").write_text(text_of(OTHER), encoding="utf-8")
    [first] = ingest([tmp_path / "snow.txt"], store)
    [preview] = plan_documents(_documents([tmp_path / "park.txt"]), store)
    assert (preview.describe(), preview.unlike) == ("追加（2 項目）", (first.document_id,))
    [second] = ingest([tmp_path / "park.txt"], store)
    assert (second.ok, second.replaced, second.plan.describe(), second.plan.unlike) == (
        True, False, "追加（2 項目）", (first.document_id,))
    assert second.document_id != first.document_id
    assert (store.stats().n_documents, store.stats().n_precedents) == (2, 4)
    assert format_report(second).splitlines()[-1] == (
        f"    ℹ 件名と期間が同じ文書が既にあります（文書ID: {first.document_id}）が、ご意見の半分以上が違うため、"
        "別の意見募集の結果として置き換えずに追加しました（件名を読み違えているかもしれません）。同じ結果の古い版なら、"
        "`python -m assistant corpus delete 文書ID` で古いほうを削除してください。")
    # One comment alike: a corrected version, which replaces as before.
    (tmp_path / "snow2.txt").write_text(text_of(ROWS[1:3]), encoding="utf-8")
    [corrected] = ingest([tmp_path / "snow2.txt"], store)
    assert (corrected.document_id, corrected.plan.describe(), corrected.plan.unlike) == (
        first.document_id, "置き換え（2 → 2 項目: 追加 0、削除 0、変更 2）", ())


def test_the_preview_plans_a_draft_and_its_final_version_in_one_batch_as_the_write_does(tmp_path, store) -> None:
    """A draft and its final version uploaded together: the preview said 「追加」 for both, and confirming
    without the replacement ticked stored the draft while saying nothing was saved. Only the newer version is
    stored now (the later file here): nothing replaces anything, nothing waits for a confirmation."""
    (tmp_path / "a_draft.txt").write_text(text_of(ROWS[:3]), encoding="utf-8")
    (tmp_path / "b_final.txt").write_text(text_of(ROWS[:4]), encoding="utf-8")
    documents = _documents([tmp_path / "a_draft.txt", tmp_path / "b_final.txt"])
    plans = plan_documents(documents, store)
    assert [(plan.describe(), plan.superseded_by, plan.replaces) for plan in plans] == [
        ("取り込まない（b_final.txt の方を新しい版として取り込みます）", str(tmp_path / "b_final.txt"), None),
        ("追加（4 項目）", "", None)]

    written = store_parsed(documents, store, replace=False)  # nothing to confirm
    assert [(r.ok, r.needs_confirmation, r.plan.describe()) for r in written] == [
        (False, False, plans[0].describe()), (True, False, "追加（4 項目）")]
    assert written[1].document_id == plans[1].document_id
    assert (store.stats().n_documents, store.stats().n_precedents) == (1, 4)

    # A batch in which one document replaces a stored one writes nothing unconfirmed, the others neither.
    (tmp_path / "c_park.txt").write_text(text_of(OTHER), encoding="utf-8")
    (tmp_path / "d_final.txt").write_text(text_of(ROWS), encoding="utf-8")
    waiting = store_parsed(_documents([tmp_path / "c_park.txt", tmp_path / "d_final.txt"]), store, replace=False)
    assert [(r.ok, r.needs_confirmation, r.error) for r in waiting] == [
        (False, False, UNCONFIRMED_BATCH),
        (False, True, "既にある同じ文書「雪対策について寄せられたご意見と本市の考え方」を"
                      "置き換え（4 → 5 項目: 追加 1、削除 0、変更 0）することになるため、確認がないまま取り込んでいません。"
                      "内容を確認してから置き換えてください。")]
    assert UNCONFIRMED_BATCH == ("同じ回のほかの文書の置き換えを確認していないため、この文書も取り込んでいません（一部だけを"
                                 "取り込むことはしません）。置き換えを確認してから、もう一度取り込んでください。")
    assert (store.stats().n_documents, store.stats().n_precedents) == (1, 4)


def test_two_files_of_one_title_and_period_with_no_comment_alike_in_one_batch_are_previewed_as_written(
        tmp_path, store) -> None:
    (tmp_path / "a.txt").write_text(text_of(ROWS[:2]), encoding="utf-8")
    (tmp_path / "b.txt").write_text(text_of(OTHER), encoding="utf-8")
    documents = _documents([tmp_path / "a.txt", tmp_path / "b.txt"])
    plans = plan_documents(documents, store)
    assert [(plan.describe(), plan.unlike) for plan in plans] == [("追加（2 項目）", ()), ("追加（2 項目）", (plans[0].document_id,))]
    reports = store_parsed(documents, store, replace=False)  # nothing to confirm: both written
    assert [(r.ok, r.plan.describe(), r.plan.unlike) for r in reports] == [
        (True, "追加（2 項目）", ()), (True, "追加（2 項目）", (reports[0].document_id,))]
    assert store.stats().n_documents == 2


LONG = [("除雪の回数を増やしてほしい。特に通学路の歩道は朝までに除雪してほしい。", "通学路の歩道は優先して除雪します。"),
        ("排雪の日程を早めに知らせてほしい。町内会で調整する時間がない。", "日程は一週間前までにお知らせします。"),
        ("除雪車の騒音で夜に眠れないので、住宅地では作業時間を考えてほしい。", "作業時間に配慮します。"),
        ("融雪剤を坂道にもっと置いてほしい。高齢者が転倒しやすいので心配だ。", "坂道への設置を増やします。")]


def test_a_corrected_version_replaces_however_many_comments_it_corrected(tmp_path, store) -> None:
    """Review: a version that fixed a typo in every comment, or the same file edited, shared no comment word for
    word and was added beside the old one (two documents, every answer counted twice by search)."""
    (tmp_path / "v1.txt").write_text(text_of(LONG), encoding="utf-8")
    [first] = ingest([tmp_path / "v1.txt"], store)
    corrected = [(comment.replace("。", "！", 1), answer) for comment, answer in LONG]  # every comment corrected
    (tmp_path / "v2.txt").write_text(text_of(corrected), encoding="utf-8")
    [second] = ingest([tmp_path / "v2.txt"], store)
    assert (second.document_id, second.plan.describe()) == (first.document_id, "置き換え（4 → 4 項目: 追加 0、削除 0、変更 4）")
    (tmp_path / "v2.txt").write_text(text_of(OTHER), encoding="utf-8")  # the same file, edited into other comments
    [third] = ingest([tmp_path / "v2.txt"], store)
    assert (third.document_id, third.replaced, store.stats().n_documents) == (first.document_id, True, 1)


def test_a_consultation_sharing_a_minority_of_its_comments_is_another_one(tmp_path, store) -> None:
    """Two consultations of one period under one title that one citizen answered with the same letter: one comment
    of four alike is no corrected version (the second had replaced the first)."""
    (tmp_path / "snow.txt").write_text(text_of(LONG), encoding="utf-8")
    [first] = ingest([tmp_path / "snow.txt"], store)
    park = [LONG[0], ("公園のトイレを洋式にしてほしい。子どもが使いにくいと言っている。", "順次洋式化します。"),
            ("遊具が古くなっているので、安全のために点検を増やしてほしい。", "点検を年二回にします。"),
            ("公園の夜間照明を明るくしてほしい。暗くて通りにくい。", "照明を更新します。")]
    (tmp_path / "park.txt").write_text(text_of(park), encoding="utf-8")
    [second] = ingest([tmp_path / "park.txt"], store)
    assert (second.replaced, second.plan.unlike, store.stats().n_documents) == (False, (first.document_id,), 2)


PARK = [("公園のトイレを洋式にしてほしい。子どもが使いにくいと言っている。", "順次洋式化します。"),
        ("遊具が古くなっているので、安全のために点検を増やしてほしい。", "点検を年二回にします。"),
        ("公園の夜間照明を明るくしてほしい。暗くて通りにくい。", "照明を更新します。")]


def test_two_consultations_of_one_title_and_period_and_their_final_versions_in_one_upload_are_previewed_as_written(
        tmp_path, store) -> None:
    """The preview gave the second consultation the first one's id (only the stored ids were looked at), so the first
    one's final version dropped both from the plan and the second one's final version was previewed as 「追加」: the
    write replaced the second consultation with it, unasked."""
    files = {"1_snow.txt": LONG[:3], "2_park.txt": PARK[:2], "3_snow_final.txt": LONG, "4_park_final.txt": PARK}
    for name, rows in files.items():
        (tmp_path / name).write_text(text_of(rows), encoding="utf-8")
    documents = _documents([tmp_path / name for name in files])
    plans = plan_documents(documents, store)
    snow, park = plans[2].document_id, plans[3].document_id
    assert snow != park
    assert [(plan.document_id, plan.describe(), plan.superseded_by, plan.unlike) for plan in plans] == [
        ("", "取り込まない（3_snow_final.txt の方を新しい版として取り込みます）", str(tmp_path / "3_snow_final.txt"), ()),
        ("", "取り込まない（4_park_final.txt の方を新しい版として取り込みます）", str(tmp_path / "4_park_final.txt"), ()),
        (snow, "追加（4 項目）", "", ()),
        (park, "追加（3 項目）", "", (snow,))]
    reports = store_parsed(documents, store, replace=False)  # only the final versions are written: nothing to confirm
    assert [(r.ok, r.document_id, r.plan.describe(), r.plan.unlike) for r in reports] == [
        (False, None, plans[0].describe(), ()), (False, None, plans[1].describe(), ()),
        (True, snow, "追加（4 項目）", ()), (True, park, "追加（3 項目）", (snow,))]
    assert (store.stats().n_documents, store.stats().n_precedents) == (2, 7)


def _moved(rows) -> str:
    """A version of ``rows`` whose period was corrected: the same title, the end moved by two weeks."""
    return text_of(rows).replace("令和6年2月5日", "令和6年2月19日")


CORRECTED = LONG[:3] + [("融雪剤を坂道にもっと置いてほしい。", "設置を増やします。")]  # three comments of four the same


def test_a_version_with_another_period_and_comments_alike_is_added_and_says_how_to_delete_the_old_one(
        tmp_path, store) -> None:
    """A corrected version whose period was changed was added beside the old one without a word: two near-identical
    documents, every answer found twice. It is still added (a consultation held again may repeat its comments), and
    the preview and the report name the old one and how to delete it."""
    from assistant.ingest import other_period_note

    (tmp_path / "v1.txt").write_text(text_of(LONG), encoding="utf-8")
    (tmp_path / "v2.txt").write_text(_moved(CORRECTED), encoding="utf-8")
    (tmp_path / "park.txt").write_text(_moved(PARK), encoding="utf-8")  # another period, other comments: nothing to say
    [first] = ingest([tmp_path / "v1.txt"], store)
    [preview, park] = plan_documents(_documents([tmp_path / "v2.txt", tmp_path / "park.txt"]), store)
    assert (preview.describe(), preview.other_period, park.other_period) == ("追加（4 項目）", (first.document_id,), ())
    assert other_period_note(preview, "取り込んだ後にこのページの「文書を削除する」で", done=False) == (
        f"件名が同じで、ご意見の半分以上も同じ文書が、意見募集期間の違う文書として既にあります（文書ID: {first.document_id}）。"
        "期間が違うため、置き換えずに別の文書として追加します。期間を訂正した版なら、取り込んだ後にこのページの「文書を削除する」で"
        "古いほうを削除してください（別の回の意見募集なら、そのままで構いません）。")
    [second] = ingest([tmp_path / "v2.txt"], store)
    assert (second.replaced, second.document_id != first.document_id, store.stats().n_documents) == (False, True, 2)
    assert format_report(second).splitlines()[-1] == (
        f"    ℹ 件名が同じで、ご意見の半分以上も同じ文書が、意見募集期間の違う文書として既にあります（文書ID: {first.document_id}）。"
        "期間が違うため、置き換えずに別の文書として追加しました。期間を訂正した版なら、`python -m assistant corpus delete 文書ID` で"
        "古いほうを削除してください（別の回の意見募集なら、そのままで構いません）。")


def test_a_version_with_another_period_in_the_same_upload_is_named_in_the_preview_as_written(tmp_path, store) -> None:
    (tmp_path / "v1.txt").write_text(text_of(LONG), encoding="utf-8")
    (tmp_path / "v2.txt").write_text(_moved(CORRECTED), encoding="utf-8")
    documents = _documents([tmp_path / "v1.txt", tmp_path / "v2.txt"])
    plans = plan_documents(documents, store)
    assert [(plan.describe(), plan.other_period) for plan in plans] == [
        ("追加（4 項目）", ()), ("追加（4 項目）", (plans[0].document_id,))]
    reports = store_parsed(documents, store)
    assert [(r.document_id, r.plan.other_period) for r in reports] == [(plan.document_id, plan.other_period) for plan in plans]


def _uploaded(tmp_path, name: str, rows: list[tuple[str, str]], folder: str):
    """A staff list (件名 column, no period) uploaded through the app: read from a temporary copy of its own."""
    from assistant.ingest import as_uploaded

    path = tmp_path / folder / name
    path.parent.mkdir()
    path.write_text("件名,No.,ご意見,本市の考え方\n" + "".join(
        f"除雪計画への意見,{n},{comment},{answer}\n" for n, (comment, answer) in enumerate(rows, start=1)), encoding="utf-8")
    return [document for outcome in as_uploaded(read_files([path])) for document in outcome.documents]


SNOW_LIST = [("除雪の回数を増やしてほしい。", "計画的に実施します。"), ("バスを増便してほしい。", "事業者と協議します。"),
             ("歩道の除雪もしてほしい。", "歩道も順次実施します。")]


def test_a_list_uploaded_again_after_an_edit_replaces_the_one_it_uploaded_before(tmp_path, store) -> None:
    """Each upload is read from a temporary folder of its own, and the stored source was that folder's path: the
    same list uploaded again after an edit never matched it, and a staff list without a period (or a Word file
    saved again) was added twice, doubling its precedents. The source is now 「アップロード/<name>」."""
    [first] = store_parsed(_uploaded(tmp_path, "jyosetsu.csv", SNOW_LIST, "a"), store)
    assert first.source == "アップロード/jyosetsu.csv"
    edited = [SNOW_LIST[0], (SNOW_LIST[1][0], "事業者と協議し、増便を求めます。"), SNOW_LIST[2]]
    [plan] = plan_documents(_uploaded(tmp_path, "jyosetsu.csv", edited, "b"), store)
    assert (plan.document_id, plan.describe()) == (first.document_id, "置き換え（3 → 3 項目: 追加 0、削除 0、変更 1）")
    grown = edited + [("除雪車の音がうるさい。", "配慮します。"), ("排雪場を増やして。", "検討します。"),
                      ("雪捨て場が遠い。", "検討します。"), ("融雪槽を増やして。", "検討します。")]
    store_parsed(_uploaded(tmp_path, "jyosetsu.csv", edited, "c"), store)
    [plan] = plan_documents(_uploaded(tmp_path, "jyosetsu.csv", grown, "d"), store)  # 3 of its 7 rows were stored
    assert (plan.document_id, plan.describe()) == (first.document_id, "置き換え（3 → 7 項目: 追加 4、削除 0、変更 0）")
    assert store.stats().n_documents == 1  # the list, once


def test_another_list_of_the_same_name_and_title_uploaded_is_not_taken_for_the_stored_one(tmp_path, store) -> None:
    """An upload is known by its name only: another office's jyosetsu.csv of the same title is added beside it."""
    [first] = store_parsed(_uploaded(tmp_path, "jyosetsu.csv", SNOW_LIST, "a"), store)
    [plan] = plan_documents(_uploaded(tmp_path, "jyosetsu.csv", OTHER, "b"), store)
    assert (plan.describe(), plan.unlike) == ("追加（2 項目）", (first.document_id,))
    # A short stored list whose comments any long list has (「賛成です。」) is not taken for it either.
    [short] = store_parsed(_uploaded(tmp_path, "iken.csv", [("賛成です。", "ありがとうございます。"),
                                                            ("反対です。", "ご意見として承ります。")], "c"), store)
    long = [("賛成です。", "ありがとうございます。"), ("反対です。", "承ります。")] + [
        (f"{n}丁目の除雪を増やしてほしい。", "検討します。") for n in range(1, 9)]
    [plan] = plan_documents(_uploaded(tmp_path, "iken.csv", long, "d"), store)
    assert (plan.describe(), plan.unlike) == ("追加（10 項目）", (short.document_id,))


def test_two_files_of_one_name_uploaded_at_once_stay_two_sources(tmp_path) -> None:
    from assistant.ingest import ReadOutcome, as_uploaded

    outcomes = [ReadOutcome(tmp_path / "0" / "kekka.pdf"), ReadOutcome(tmp_path / "1" / "kekka.pdf"),
                ReadOutcome(tmp_path / "2" / "list.csv")]
    documents = [dataclasses.replace(_uploaded(tmp_path, "list.csv", SNOW_LIST, folder)[0], source_sha256=folder)
                 for folder in ("x", "y", "z")]  # three files' contents
    outcomes = [dataclasses.replace(outcome, documents=(document,)) for outcome, document in zip(outcomes, documents)]
    assert [o.documents[0].source for o in as_uploaded(outcomes)] == [
        "アップロード/1/kekka.pdf", "アップロード/2/kekka.pdf", "アップロード/list.csv"]
    # The same file twice is one file: only its earlier choices are numbered (copies of the last, see batch_copies);
    # a file not read is told apart from the others of its name.
    same = [dataclasses.replace(outcome, documents=(documents[0],)) for outcome in outcomes[:2]]
    assert [o.documents[0].source for o in as_uploaded(same + outcomes[2:])] == [
        "アップロード/1/kekka.pdf", "アップロード/kekka.pdf", "アップロード/list.csv"]
    failed = [ReadOutcome(tmp_path / "3" / "kekka.pdf", error="壊れています。")]
    assert [o.documents[0].source for o in as_uploaded(same + failed) if o.documents] == [
        "アップロード/1/kekka.pdf", "アップロード/2/kekka.pdf"]


def test_the_same_file_uploaded_twice_at_once_is_stored_as_one_upload_and_an_edit_of_it_replaces_it(tmp_path, store) -> None:
    """Review r3 #1: the same list chosen twice in one upload (same name, same bytes) was stored under a numbered
    source (「アップロード/2/jyosetsu.csv」), and the edited list uploaded alone later was added beside it (its answers
    twice, 「…ファイルも違うため、別の文書として追加します」). Only same-named files that differ are numbered now."""
    from assistant.ingest import as_uploaded

    twice = []
    for folder in ("a", "b"):
        path = tmp_path / folder / "jyosetsu.csv"
        path.parent.mkdir()
        path.write_text("件名,No.,ご意見,本市の考え方\n" + "".join(
            f"除雪計画への意見,{n},{comment},{answer}\n" for n, (comment, answer) in enumerate(SNOW_LIST, start=1)),
            encoding="utf-8")
        twice.append(path)
    uploaded = [document for outcome in as_uploaded(read_files(twice)) for document in outcome.documents]
    assert [document.source for document in uploaded] == ["アップロード/1/jyosetsu.csv", "アップロード/jyosetsu.csv"]
    reports = store_parsed(uploaded, store)
    assert [(r.source, r.ok, r.copy_of) for r in reports] == [
        ("アップロード/1/jyosetsu.csv", False, "アップロード/jyosetsu.csv"), ("アップロード/jyosetsu.csv", True, "")]
    assert [document.source for document in store.documents()] == ["アップロード/jyosetsu.csv"]
    edited = [SNOW_LIST[0], (SNOW_LIST[1][0], "事業者と協議し、増便を求めます。"), SNOW_LIST[2]]
    [plan] = plan_documents(_uploaded(tmp_path, "jyosetsu.csv", edited, "c"), store)
    assert (plan.document_id, plan.describe()) == (reports[1].document_id, "置き換え（3 → 3 項目: 追加 0、削除 0、変更 1）")


def test_an_upload_stored_under_a_numbered_source_before_is_replaced_by_its_edited_file(tmp_path, store) -> None:
    """A store that holds 「アップロード/2/jyosetsu.csv」 from before (the same file chosen twice, or two files of one
    name): the edited list uploaded alone replaces the one of them whose comments are alike, as after a single upload."""
    other_office = dataclasses.replace(_uploaded(tmp_path, "jyosetsu.csv", OTHER, "a")[0], source="アップロード/1/jyosetsu.csv")
    ours = dataclasses.replace(_uploaded(tmp_path, "jyosetsu.csv", SNOW_LIST, "b")[0], source="アップロード/2/jyosetsu.csv")
    reports = store_parsed([other_office, ours], store)
    assert [r.plan.action for r in reports] == ["追加", "追加"]
    edited = [SNOW_LIST[0], (SNOW_LIST[1][0], "事業者と協議し、増便を求めます。"), SNOW_LIST[2]]
    [plan] = plan_documents(_uploaded(tmp_path, "jyosetsu.csv", edited, "c"), store)
    assert (plan.document_id, plan.describe(), plan.same_title) == (
        reports[1].document_id, "置き換え（3 → 3 項目: 追加 0、削除 0、変更 1）", ())
    store_parsed(_uploaded(tmp_path, "jyosetsu.csv", edited, "d"), store, replace=True)
    assert sorted(document.source for document in store.documents()) == [
        "アップロード/1/jyosetsu.csv", "アップロード/jyosetsu.csv"]
    # A stored file of another name, or a numbered upload planned again, is not taken for it.
    their_edit = [OTHER[0], (OTHER[1][0], "順次更新します。")]
    renamed = dataclasses.replace(_uploaded(tmp_path, "jyosetsu.csv", their_edit, "e")[0], source="アップロード/jyosetsu2.csv")
    assert plan_documents([renamed], store)[0].action == "追加"
    renamed = dataclasses.replace(renamed, source="アップロード/3/jyosetsu.csv")
    assert plan_documents([renamed], store)[0].action == "追加"


def _stamp(seconds: int) -> str:
    from datetime import datetime

    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M")


def test_a_draft_named_after_its_final_version_in_one_folder_gives_way_to_the_file_modified_last(tmp_path, store) -> None:
    """Review 139: 「…（修正版）」 sorts before 「…（案）」, so the draft, later by name, replaced its corrected version
    in one folder (「⚠ 同じ回に取り込んだ …（修正版）.txt の文書と…置き換えました」), and every run of the unchanged folder
    replaced the document twice. Only the file modified last is stored now, and the other says why it is not."""
    import os

    from assistant.ingest import as_uploaded, superseded_note

    fixed, draft = tmp_path / "結果（修正版）.txt", tmp_path / "結果（案）.txt"
    fixed.write_text(text_of([ROWS[0], ("歩道も。", "令和8年度までに実施します。"), *ROWS[2:4]]), encoding="utf-8")
    draft.write_text(text_of(ROWS[:4]), encoding="utf-8")
    os.utime(draft, (1736470800, 1736470800))
    os.utime(fixed, (1736557200, 1736557200))
    reports = ingest([tmp_path], store)
    assert [(r.source, r.ok, r.plan.describe(), r.superseded_by) for r in reports] == [
        (str(fixed), True, "追加（4 項目）", ""),
        (str(draft), False, "取り込まない（結果（修正版）.txt の方を新しい版として取り込みます）", str(fixed))]
    assert reports[1].error == (
        "同じ回の 結果（修正版）.txt と件名・期間が同じで、ご意見の半分以上も同じため、同じ結果の別の版とみなしました。"
        f"結果（修正版）.txt の方が新しい版（更新日時 {_stamp(1736557200)}、このファイルは {_stamp(1736470800)}）のため、"
        "このファイル（古い版）は取り込みませんでした。こちらが最終版なら、このファイルだけを取り込んでください。")
    assert [p.answer for p in store.precedents(reports[0].document_id)][1] == "令和8年度までに実施します。"
    assert (store.stats().n_documents, store.stats().n_precedents) == (1, 4)

    again = ingest([tmp_path], store)  # the unchanged folder again: nothing changes
    assert [(r.ok, r.plan.action, r.plan.describe()) for r in again] == [
        (True, "変更なし", "変更なし（4 項目）"),
        (False, "古い版のため省略", "取り込まない（結果（修正版）.txt の方を新しい版として取り込みます）")]
    assert [p.answer for p in store.precedents(reports[0].document_id)][1] == "令和8年度までに実施します。"

    os.utime(draft, (1736643600, 1736643600))  # the draft saved last: it is the newer one, whatever the names
    plans = plan_documents(_documents([tmp_path]), store)
    assert [(plan.describe(), plan.superseded_newer) for plan in plans] == [
        ("取り込まない（結果（案）.txt の方を新しい版として取り込みます）", True),
        ("置き換え（4 → 4 項目: 追加 0、削除 0、変更 1）", False)]

    # Uploaded (no modification time to go by): the later in the upload, as before, and the preview says so.
    uploaded = [document for outcome in as_uploaded(read_files([draft, fixed])) for document in outcome.documents]
    plans = plan_documents(uploaded, store)
    assert [(plan.describe(), plan.superseded_newer) for plan in plans] == [
        ("取り込まない（結果（修正版）.txt の方を新しい版として取り込みます）", False),
        ("変更なし（4 項目）", False)]
    assert superseded_note(plans[0], uploaded[0].source, done=False) == (
        "同じ回の 結果（修正版）.txt と件名・期間が同じで、ご意見の半分以上も同じため、同じ結果の別の版とみなしました。"
        "どちらが新しい版か更新日時で分からないため、同じ回で後の 結果（修正版）.txt を新しい版として取り込み、"
        "このファイルは取り込みません。こちらが最終版なら、このファイルだけを取り込んでください。")


LONG_ROWS = [("生活道路の除雪が遅く、朝の通勤に間に合わない日が多いので改善してほしい。", "出動基準を見直します。"),
             ("排雪の日程を町内会に早めに知らせてほしい。掲示板だけでは気づかない。", "ホームページでもお知らせします。"),
             ("通学路の歩道が雪で狭くなり、子どもが車道を歩いていて危ない。", "通学路を優先して除雪します。"),
             ("ロードヒーティングを坂道に増やしてほしい。高齢者が転倒している。", "費用を踏まえて検討します。"),
             ("公園の遊具が古くなっているので、安全な新しいものに替えてほしい。", "点検結果に基づき更新します。"),
             ("図書館の開館時間を夜九時まで延ばしてほしい。仕事帰りに寄れない。", "利用状況を見て検討します。"),
             ("路線バスの本数が減って病院に通えない。せめて午前中の便を戻してほしい。", "事業者と協議します。"),
             ("ごみの収集日を週二回に戻してほしい。夏場はにおいが気になる。", "収集体制を検討します。"),
             ("保育園の入園申込をオンラインでできるようにしてほしい。窓口は平日だけだ。", "電子申請を導入します。"),
             ("避難所の場所が分かりにくい。案内板を増やし、地図を全戸に配ってほしい。", "案内板を増設します。")]


def test_a_part_a_summary_and_the_whole_result_in_one_folder_lose_no_comment(tmp_path, store) -> None:
    """Second reading 142: part 1 and part 2 each alike to the whole were one group of versions through it, and part 1,
    which shares nothing with part 2, was left out as part 2's older version; a 概要版 saved after the full result
    replaced it (only the 概要版's comments were compared, all found in the full one). A file is left out only for
    the file kept, alike both ways, and never for one with fewer items. (The parts beside the whole are not stored
    beside it either, see tests/test_identity.py: the whole holds their items.)"""
    import os

    part1, part2, whole = tmp_path / "結果その1.txt", tmp_path / "結果その2.txt", tmp_path / "結果全体.txt"
    for path, rows, stamp in ((part1, LONG_ROWS[:5], 1709254800), (whole, LONG_ROWS, 1709258400),
                              (part2, LONG_ROWS[5:], 1709341200)):
        path.write_text(text_of(rows), encoding="utf-8")
        os.utime(path, (stamp, stamp))
    reports = ingest([tmp_path], store)
    assert [(r.source, r.ok, r.superseded_by, r.part_of) for r in reports] == [  # parts, not versions: the whole is kept
        (str(part1), False, "", str(whole)), (str(part2), False, "", str(whole)), (str(whole), True, "", "")]
    # every comment is there, once
    assert sorted(p.comment for p in store.precedents()) == sorted(comment for comment, _ in LONG_ROWS)

    for path in (part1, part2, whole):
        path.unlink()
    summary, full = tmp_path / "1_概要版.txt", tmp_path / "2_本編.txt"
    summary.write_text(text_of(LONG_ROWS[:4]), encoding="utf-8")
    full.write_text(text_of(LONG_ROWS), encoding="utf-8")
    os.utime(full, (1709254800, 1709254800))
    os.utime(summary, (1709341200, 1709341200))
    plans = plan_documents(_documents([summary, full]), Store(":memory:"))
    assert not any(plan.superseded_by for plan in plans)


def test_a_final_version_that_merged_a_comment_and_a_pair_of_equal_times_beside_it(tmp_path, store) -> None:
    """Second reading 143: a final version of 9 items beside its draft of 10 was overwritten by the draft (a version
    was never dropped for one with fewer items), and an unrelated pair with equal times made the whole batch go by
    file order, so the older draft, later by name, won again."""
    import os

    fixed, draft = tmp_path / "雪_結果（修正版）.txt", tmp_path / "雪_結果（案）.txt"
    fixed.write_text(text_of([(c, a + "（修正）") for c, a in LONG_ROWS[:9]]), encoding="utf-8")
    draft.write_text(text_of(LONG_ROWS), encoding="utf-8")
    os.utime(draft, (1709254800, 1709254800))
    os.utime(fixed, (1709341200, 1709341200))
    park = tmp_path / "公園"
    park.mkdir()
    for name, answer in (("公園_結果（案）.txt", "検討します。"), ("公園_結果.txt", "来年度に実施します。")):
        rows = [(c.replace("除雪", "公園"), a) for c, a in LONG_ROWS[:3]] + [(LONG_ROWS[4][0], answer)]
        (park / name).write_text(text_of(rows).replace("雪対策", "公園"), encoding="utf-8")
        os.utime(park / name, (1709254800, 1709254800))
    reports = {Path(r.source).name: r for r in ingest([tmp_path], store)}
    assert (reports["雪_結果（修正版）.txt"].ok, reports["雪_結果（案）.txt"].superseded_by) == (True, str(fixed))
    assert "の方が新しい版（更新日時" in reports["雪_結果（案）.txt"].error
    # equal times: the later in the folder's order, 「公園_結果（案）.txt」 after 「公園_結果.txt」, as before
    assert reports["公園_結果.txt"].superseded_by == str(park / "公園_結果（案）.txt")
    assert "どちらが新しい版か更新日時で分からないため" in reports["公園_結果.txt"].error
    snow = reports["雪_結果（修正版）.txt"].document_id
    assert [p.answer for p in store.precedents(snow)][0] == LONG_ROWS[0][1] + "（修正）"


def test_a_file_overwritten_at_its_path_with_another_list_replaces_and_says_the_comments_differ(tmp_path, store) -> None:
    """Review r3 #4: a CLI file at the same path overwritten with another consultation's list replaced the stored
    document as if lightly edited (「置き換え（2 → 3 項目: 追加 1、削除 0、変更 2）」, nothing said). The file edited still
    replaces (README), and the report and the preview now say that the comments mostly differ, and how to keep both."""
    path = tmp_path / "g" / "a" / "回答集.csv"
    path.parent.mkdir(parents=True)
    path.write_text("No.,ご意見,本市の考え方\n1,除雪車の騒音が気になる。,配慮します。\n2,除雪の日程を知りたい。,お知らせします。\n",
                    encoding="utf-8")
    [first] = ingest([path], store)
    path.write_text("No.,ご意見,本市の考え方\n1,図書館の開館時間を延ばして。,検討します。\n2,本を増やして。,購入します。\n"
                    "3,自習室がほしい。,検討します。\n", encoding="utf-8")
    [preview] = plan_documents(_documents([path]), store)
    assert (preview.describe(), preview.unlike_replaced) == ("置き換え（2 → 3 項目: 追加 1、削除 0、変更 2）", True)
    [report] = ingest([path], store)
    assert (report.replaced, report.document_id, report.plan.unlike_replaced) == (True, first.document_id, True)
    assert [p.comment for p in store.precedents()] == ["図書館の開館時間を延ばして。", "本を増やして。", "自習室がほしい。"]
    assert format_report(report).splitlines()[3:] == [
        f"    ⚠ 同じパスのファイルを編集したものとして、取り込み済みの文書（文書ID: {first.document_id}）を置き換えましたが、"
        "ご意見の半分以上が違います（別の意見募集の一覧で上書きしたファイルかもしれません）。両方を残すなら、別の意見募集の一覧は"
        "別のファイル名で保存して取り込み、元の一覧のファイルも取り込み直してください（置き換える前の内容は、取り込み前に取った"
        "バックアップにあります）。"]
    # The file edited (a row added, one answer changed): replaced as before, nothing more said.
    path.write_text("No.,ご意見,本市の考え方\n1,図書館の開館時間を延ばして。,検討します。\n2,本を増やして。,順次購入します。\n"
                    "3,自習室がほしい。,検討します。\n4,駐車場を広げて。,検討します。\n", encoding="utf-8")
    [edited] = ingest([path], store)
    assert (edited.plan.describe(), edited.plan.unlike_replaced) == ("置き換え（3 → 4 項目: 追加 1、削除 0、変更 1）", False)
    assert len(format_report(edited).splitlines()) == 3


GROWING = ["除雪の回数を増やしてほしい。特に通学路の歩道は朝早くに除雪してほしい。",
           "公園の遊具が古くなっているので、計画的に更新してほしいと考えます。",
           "バスの本数が少なく不便です。高齢者が通院できるよう増便を望みます。",
           "図書館の開館時間を平日の夜まで延長してほしい。仕事帰りに使いたい。",
           "ごみ収集の曜日が分かりにくいので、アプリなどで周知してほしいです。"] + [
    f"計画案第{n}章の記述について、市民の意見を反映した内容に見直すべきだと思います（{n}）。" for n in range(6, 31)]


def test_a_list_grown_at_its_path_with_its_first_rows_corrected_is_not_said_to_be_another_list(tmp_path, store) -> None:
    """Second reading sr1 #1: a staff list edited at its path (3 rows grown to 30 with one typo fixed, 5 to 30 with
    all 5 reworded, 2 to 10 unchanged) was said to be perhaps another consultation's list (unlike_replaced ⚠): the
    growing direction needed three comments in common unchanged. The stored comments found in it, the same or
    corrected, make it the file edited; a list of other comments is still said (the test above)."""
    def csv_of(comments: list[str]) -> str:
        return "No.,ご意見,本市の考え方\n" + "".join(
            f"{n},{comment},ご意見{n}の趣旨を踏まえ、計画の記述を修正します。\n" for n, comment in enumerate(comments, 1))

    cases = {"b": (GROWING[:3], [GROWING[0].replace("。特に", "。とくに")] + GROWING[1:30]),
             "j": (GROWING[:5], [c.replace("ほしい", "欲しい") for c in GROWING[:5]] + GROWING[5:30]),
             "c": (GROWING[:2], GROWING[:10])}
    seen = {}
    for folder, (before, after) in cases.items():
        path = tmp_path / folder / "意見一覧.csv"
        path.parent.mkdir()
        path.write_text(csv_of(before), encoding="utf-8")
        [first] = ingest([path], store)
        path.write_text(csv_of(after), encoding="utf-8")
        [report] = ingest([path], store)
        seen[folder] = (report.replaced, report.document_id == first.document_id, report.plan.unlike_replaced,
                        len(format_report(report).splitlines()))
    assert seen == {"b": (True, True, False, 3), "j": (True, True, False, 3), "c": (True, True, False, 3)}


def test_an_upload_with_its_title_corrected_replaces_the_numbered_upload_of_its_name(tmp_path, store) -> None:
    """Second reading sr2 #2: a file uploaded alone with its 件名 corrected found its stored upload 「アップロード/kouen.csv」
    (「件名の変更」) but not one stored as 「アップロード/2/kouen.csv」 (two files of one name uploaded before): it was added
    beside it, its answers twice. The retitled match now reads the source as the other matches do."""
    ours = dataclasses.replace(_uploaded(tmp_path, "kouen.csv", SNOW_LIST, "a")[0], source="アップロード/2/kouen.csv")
    [stored] = store_parsed([ours], store)
    from assistant.ingest import as_uploaded

    path = tmp_path / "b" / "kouen.csv"
    path.parent.mkdir()
    path.write_text("件名,No.,ご意見,本市の考え方\n" + "".join(
        f"除雪計画（案）への意見,{n},{comment},{answer}\n" for n, (comment, answer) in enumerate(SNOW_LIST, start=1)),
        encoding="utf-8")
    [retitled] = [document for outcome in as_uploaded(read_files([path])) for document in outcome.documents]
    assert (retitled.source, retitled.meta.title) == ("アップロード/kouen.csv", "除雪計画（案）への意見")
    [plan] = plan_documents([retitled], store)
    assert (plan.document_id, plan.describe(), plan.retitled) == (
        stored.document_id, "置き換え（3 → 3 項目: 内容は同じ、件名の変更）", ())
