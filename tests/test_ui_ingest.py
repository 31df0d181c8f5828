"""The 前例 page's upload: the preview plans what confirming writes (also within one upload), a changed
file list cancels the preview, and refreshing the index shows its progress. Real model, like test_ui."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assistant.settings import REPO_ROOT
from assistant.store import Store
from tests.test_identity import DEPARTMENT_SHEET, ROWS, text_of

PAGE = str(REPO_ROOT / "app_pages" / "corpus.py")
CHANGED = "選んだファイルが変わったため、確認した内容を取り消しました。もう一度「内容を確認する」を押してください。"


@pytest.fixture(autouse=True)
def shared_model(monkeypatch, model_cache):
    monkeypatch.setenv("ZENREI_MODEL_CACHE", str(model_cache))
    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")


def corpus_page() -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=300)
    app.run()
    assert not app.exception, app.exception
    return app


def sources(isolated_settings) -> list[str]:
    with Store(isolated_settings) as store:
        return sorted(document.source.rsplit("/", 1)[-1] for document in store.documents())


def titles(app: AppTest) -> list[str]:
    return [m.value for m in app.markdown if m.value.startswith("**")]


def test_a_draft_uploaded_with_its_final_version_is_previewed_as_not_taken_and_only_the_final_is_written(
        isolated_settings) -> None:
    """Review 139: the draft was written and then replaced by the later file of the upload, whichever that was, after
    a confirmation; an upload has no modification time, so the later is still the one kept, and the preview says so."""
    app = corpus_page()
    app.file_uploader(key="upload").set_value([("a_draft.txt", text_of(ROWS[:3]).encode(), "text/plain"),
                                               ("b_final.txt", text_of(ROWS[:4]).encode(), "text/plain")]).run()
    app.button(key="upload_preview").click().run()
    assert not app.exception
    assert [w.value for w in app.warning] == []
    assert [i.value for i in app.info] == [
        "同じ回の b\\_final\\.txt と件名・期間が同じで、ご意見の半分以上も同じため、同じ結果の別の版とみなしました。"
        "どちらが新しい版か更新日時で分からないため、同じ回で後の b\\_final\\.txt を新しい版として取り込み、このファイルは"
        "取り込みません。こちらが最終版なら、このファイルだけを取り込んでください。"]
    assert [c.label for c in app.checkbox] == []
    assert sources(isolated_settings) == []
    app.button(key="upload_confirm").click().run()
    assert not app.exception
    assert app.success[0].value.startswith(
        "1 件の文書（同じ回のほかのファイルの古い版 1 件は取り込んでいません）（4 項目）を取り込み、")
    assert sources(isolated_settings) == ["b_final.txt"]
    assert [s.label for s in app.status if s.label.startswith("取り込")] == ["取り込みました"]


def test_removing_a_file_after_the_preview_cancels_it_and_never_ingests_the_removed_file(isolated_settings) -> None:
    snow = ("snow.txt", text_of(ROWS[:2]).encode(), "text/plain")
    park = ("park.txt", text_of([("公園を増やして。", "検討します。")]).replace("雪対策", "公園").encode(), "text/plain")
    app = corpus_page()
    app.file_uploader(key="upload").set_value([snow, park]).run()
    app.button(key="upload_preview").click().run()
    assert len(titles(app)) == 2
    app.file_uploader(key="upload").set_value([snow]).run()  # the wrong file taken out again
    assert [i.value for i in app.info] == [CHANGED]
    assert titles(app) == [] and not [b for b in app.button if b.key == "upload_confirm"]
    app.button(key="upload_preview").click().run()
    assert len(titles(app)) == 1
    app.button(key="upload_confirm").click().run()
    assert not app.exception
    assert app.success[0].value.startswith("1 件の文書（2 項目）を取り込み、")
    assert sources(isolated_settings) == ["snow.txt"]

    app.file_uploader(key="upload").set_value([park]).run()
    app.button(key="upload_preview").click().run()
    app.file_uploader(key="upload").set_value([]).run()  # every file removed: no preview, no button
    assert [i.value for i in app.info] == [CHANGED]
    assert titles(app) == [] and not [b for b in app.button if b.key == "upload_confirm"]


def test_deleting_a_document_shows_the_index_refresh_and_lists_a_document_without_a_period_cleanly(
        isolated_settings) -> None:
    staff = "件名,ご意見,本市の考え方\n職員 回答集,除雪を増やして。,検討します。\n職員 回答集,歩道も。,実施します。\n"
    app = corpus_page()
    app.file_uploader(key="upload").set_value([("職員 回答集.csv", staff.encode(), "text/csv")]).run()
    app.button(key="upload_preview").click().run()
    app.button(key="upload_confirm").click().run()
    with Store(isolated_settings) as store:
        [document] = store.documents()
    app.run()
    selector = app.selectbox(key="delete_document")
    assert selector.format_func(document.id) == f"{document.title}（職員 回答集.csv、2 項目、文書ID {document.id}）"
    selector.select(document.id).run()
    app.button(key="delete_document_confirm").click().run()
    assert not app.exception
    assert app.success[0].value == f"文書「{document.title}」（2 項目）を削除しました。"
    assert [s.label for s in app.status if s.label.startswith("削除")] == ["削除しました"]
    assert sources(isolated_settings) == []


def test_a_version_with_another_period_is_previewed_with_how_to_delete_the_old_one(isolated_settings) -> None:
    from tests.test_ingest_replacement import CORRECTED, LONG, _moved

    app = corpus_page()
    app.file_uploader(key="upload").set_value([("v1.txt", text_of(LONG).encode(), "text/plain"),
                                               ("v2.txt", _moved(CORRECTED).encode(), "text/plain")]).run()
    app.button(key="upload_preview").click().run()
    assert not app.exception
    notes = [i.value for i in app.info if i.value.startswith("件名が同じで")]
    assert len(notes) == 1 and notes[0].endswith(
        "）。期間が違うため、置き換えずに別の文書として追加します。期間を訂正した版なら、取り込んだ後にこのページの「文書を削除する」で"
        "古いほうを削除してください（別の回の意見募集なら、そのままで構いません）。")
    app.button(key="upload_confirm").click().run()
    assert not app.exception
    with Store(isolated_settings) as store:
        documents = store.documents()
    assert len(documents) == 2
    first = next(document for document in documents if document.source.endswith("v1.txt"))
    assert notes[0].startswith(f"件名が同じで、ご意見の半分以上も同じ文書が、意見募集期間の違う文書として既にあります（文書ID\\: {first.id}）。")  # escaped for Markdown


def test_a_list_uploaded_again_after_an_edit_is_previewed_as_replacing_the_one_uploaded_before(isolated_settings) -> None:
    """Every upload was read from a new temporary folder, recorded as its source: the edited list was 「ファイルも違うため、
    別の文書として追加します」 and stored twice."""
    def upload(app: AppTest, answer: str) -> None:
        data = ("件名,No.,ご意見,本市の考え方\n"
                f"除雪計画への意見,1,除雪の回数を増やしてほしい。,{answer}\n"
                "除雪計画への意見,2,バスを増便してほしい。,事業者と協議します。\n").encode()
        app.file_uploader(key="upload").set_value(("jyosetsu.csv", data, "text/csv")).run()
        app.button(key="upload_preview").click().run()
        assert not app.exception, app.exception

    app = corpus_page()
    upload(app, "計画的に実施します。")
    app.button(key="upload_confirm").click().run()
    upload(app, "計画的に実施します。なお、予算の範囲内で行います。")
    assert [w.value for w in app.warning] == [
        "既にある「除雪計画への意見」（jyosetsu\\.csv）を置き換え（2 → 2 項目: 追加 0、削除 0、変更 1）します。"]
    app.checkbox(key="upload_replace_ok").check().run()
    app.button(key="upload_confirm").click().run()
    assert sources(isolated_settings) == ["jyosetsu.csv"]


def test_a_note_of_the_file_quoted_in_a_preview_warning_is_shown_as_typed(isolated_settings) -> None:
    """A reader's warning quotes the file (a note row here): put into Markdown as it was, its link was live."""
    data = ("No.,ご意見,本市の考え方\n1,除雪を増やしてほしい。,計画的に実施します。\n2,バスを増便してほしい。,事業者と協議します。\n"
            ",,\n※詳細は[市のサイト](http://evil.example/login)と**こちら**をご覧ください。,,\n").encode()
    app = corpus_page()
    app.file_uploader(key="upload").set_value(("kekka.csv", data, "text/csv")).run()
    app.button(key="upload_preview").click().run()
    assert not app.exception, app.exception
    quoted = [w.value for w in app.warning if "市のサイト" in w.value]
    assert quoted and all("](http" not in w and "\\*\\*こちら\\*\\*" in w for w in quoted), quoted


def test_an_upload_the_store_lock_stops_partway_says_what_was_stored(isolated_settings, monkeypatch) -> None:
    """Review 147: a store locked by another writer after the first document was written ended in 「取り込めません
    でした」 with 「…何も変更していません。…」, although that document was stored. Now the message names it and how
    many were not; confirming again once the store is free writes the rest (the stored one is 「変更なし」)."""
    from tests.test_cli import _lock_after_first_write

    lockers = _lock_after_first_write(monkeypatch, isolated_settings)
    files = [(f"{name}.txt", text_of([(f"{name}について意見します。", "検討します。")]).replace("雪対策", name).encode(),
              "text/plain") for name in ("公園", "図書館", "道路")]
    app = corpus_page()
    app.file_uploader(key="upload").set_value(files).run()
    app.button(key="upload_preview").click().run()
    app.button(key="upload_confirm").click().run()
    lockers[0].execute("ROLLBACK")
    assert not app.exception
    with Store(isolated_settings) as store:
        [park] = store.documents()
    assert [s.label for s in app.status if s.label.startswith("途中")] == ["途中までしか取り込めませんでした"]
    assert [e.value for e in app.error] == [
        f"ほかの人の保存や取り込みが続いていて、途中からデータベースに書き込めなくなりました。それまでに保存した文書は 1 件です"
        f"（{park.id} {park.title}（追加））。残りの 2 件の文書は取り込んでいません。少し待ってから、同じファイルをもう一度"
        "取り込んでください（保存済みの文書は「変更なし」となり、重複しません）。"]
    assert len(titles(app)) == 3  # the preview stays, planned anew
    assert [c.label for c in app.checkbox] == []  # the stored one is 「変更なし」: nothing to confirm
    app.button(key="upload_confirm").click().run()
    assert not app.exception
    assert sources(isolated_settings) == ["公園.txt", "図書館.txt", "道路.txt"]


def test_a_file_uploaded_again_with_its_title_corrected_is_previewed_as_replacing_the_stored_one(isolated_settings) -> None:
    """Review 147: the upload with the title's typo fixed (雪封策 → 雪対策) was previewed 「追加（5 項目）」 with no note,
    and stored a second time. The same file with comments alike both ways replaces it, after the confirmation."""
    app = corpus_page()
    for text in (text_of(ROWS).replace("雪対策", "雪封策"), text_of(ROWS)):
        app.file_uploader(key="upload").set_value(("kekka.txt", text.encode(), "text/plain")).run()
        app.button(key="upload_preview").click().run()
        assert not app.exception, app.exception
        if not [c for c in app.checkbox if c.key == "upload_replace_ok"]:
            app.button(key="upload_confirm").click().run()
    assert [w.value for w in app.warning] == [
        "既にある「雪封策について寄せられたご意見と本市の考え方」（令和6年1月5日～令和6年2月5日、kekka\\.txt）を置き換え（5 → 5 項目: "
        "内容は同じ、件名の変更）します。件名は「雪対策について寄せられたご意見と本市の考え方」に変わります。"]
    app.checkbox(key="upload_replace_ok").check().run()
    app.button(key="upload_confirm").click().run()
    assert not app.exception
    with Store(isolated_settings) as store:
        assert [d.title for d in store.documents()] == ["雪対策について寄せられたご意見と本市の考え方"]


def test_approved_answers_added_before_and_unchanged_are_said_to_be_in_the_corpus_with_nothing_to_confirm(
        isolated_settings) -> None:
    """Review (前例 page): right after 「決裁済の回答を前例に加える」, and on every later visit, the page asked to confirm
    replacing them 「（1 → 1 項目: 内容は同じ）」, the button disabled until ticked."""
    from assistant.drafts import Draft, add_approved_to_corpus, save_draft

    with Store(isolated_settings) as store:
        draft = save_draft(store, Draft(None, "除雪計画", "1", "除雪を早めてほしい。", "降雪量に応じて判断します。",
                                        status="決裁済", author="山田"))
        add_approved_to_corpus(store, "除雪計画")
    app = corpus_page()
    assert [w.value for w in app.warning] == []
    assert [i.value for i in app.info] == [
        "この意見募集の決裁済の回答は前例に加えてあります（変更なし）。回答を変えて決裁すると、ここで置き換えられます。"]
    assert [c.label for c in app.checkbox] == []
    assert app.button(key="promote").disabled
    with Store(isolated_settings) as store:  # an answer changed: the replacement is asked for, as before
        save_draft(store, Draft(draft.id, "除雪計画", "1", "除雪を早めてほしい。", "降雪量に応じて早めに判断します。",
                                status="決裁済", author="山田", version=draft.version))
    app.run()
    assert [w.value for w in app.warning] == [
        "既にある「除雪計画」（決裁済の回答）を置き換え（1 → 1 項目: 追加 0、削除 0、変更 1）します。"]
    assert [c.label for c in app.checkbox] == ["前回加えた回答の置き換えを確認しました"]
    assert app.button(key="promote").disabled


def test_files_uploaded_again_unchanged_are_previewed_and_counted_as_unchanged_as_on_the_command_line(
        isolated_settings) -> None:
    """Review (前例 page): the same file uploaded again was a replacement to confirm (「置き換え（5 → 5 項目: 内容は
    同じ）」, a checkbox) and counted 「うち 1 件は置き換え」, while `ingest` said 「変更なし」. Only a changed file is
    confirmed now, and each is counted as the command line counts it."""
    def sheet(name: str, title: str, answer: str) -> tuple[str, bytes, str]:
        return (name, (f"件名,No.,ご意見,本市の考え方\n{title},1,除雪の回数を増やしてほしい。,{answer}\n"
                       f"{title},2,バスを増便してほしい。,事業者と協議します。\n").encode(), "text/csv")

    def upload(app: AppTest, files) -> None:
        app.file_uploader(key="upload").set_value(files).run()
        app.button(key="upload_preview").click().run()
        assert not app.exception, app.exception

    app = corpus_page()
    upload(app, [sheet("jyosetsu.csv", "除雪計画への意見", "計画的に実施します。"),
                 sheet("bus.csv", "バス路線への意見", "検討します。")])
    app.button(key="upload_confirm").click().run()
    upload(app, [sheet("jyosetsu.csv", "除雪計画への意見", "計画的に実施します。")])
    assert [w.value for w in app.warning] == []
    assert [i.value for i in app.info] == [
        "既にある「除雪計画への意見」（jyosetsu\\.csv）と項目も件名も同じです（変更なし）。取り込んでも前例は変わりません。"]
    assert [c.label for c in app.checkbox] == []
    assert not app.button(key="upload_confirm").disabled
    app.button(key="upload_confirm").click().run()
    assert not app.exception
    assert app.success[0].value.startswith("1 件の文書（うち 1 件は変更なし）（2 項目）を取り込み、")

    upload(app, [sheet("jyosetsu.csv", "除雪計画への意見", "計画的に実施します。"),
                 sheet("bus.csv", "バス路線への意見", "事業者と検討します。")])
    assert [w.value for w in app.warning] == [
        "既にある「バス路線への意見」（bus\\.csv）を置き換え（2 → 2 項目: 追加 0、削除 0、変更 1）します。"]
    assert [c.label for c in app.checkbox] == ["上の 1 件の置き換えを確認しました（置き換える前の内容はバックアップに残ります）"]
    app.checkbox(key="upload_replace_ok").check().run()
    app.button(key="upload_confirm").click().run()
    assert not app.exception
    assert app.success[0].value.startswith("2 件の文書（うち 1 件は置き換え）（うち 1 件は変更なし）（4 項目）を取り込み、")
    assert sources(isolated_settings) == ["bus.csv", "jyosetsu.csv"]


def test_a_file_uploaded_again_with_another_department_is_a_replacement_to_confirm_that_names_it(isolated_settings) -> None:
    """Review: the same items and title under another 担当課 were 「変更なし」 (nothing to confirm), and confirming wrote the
    new 担当課 over the stored one. The page names what changes and asks, as for any replacement."""
    def upload(app: AppTest, department: str) -> None:
        app.file_uploader(key="upload").set_value(
            [("jyosetsu.csv", DEPARTMENT_SHEET.format(department).encode(), "text/csv")]).run()
        app.button(key="upload_preview").click().run()
        assert not app.exception, app.exception

    def departments() -> list[str]:
        with Store(isolated_settings) as store:
            return [document.department for document in store.documents()]

    app = corpus_page()
    upload(app, "環境局")
    app.button(key="upload_confirm").click().run()
    upload(app, "建設局_道路課")  # named as read from the file (escaped: no Markdown)
    assert [w.value for w in app.warning] == [
        "既にある「除雪計画への意見」（jyosetsu\\.csv）を置き換え（2 → 2 項目: 内容は同じ、担当課：環境局 → 建設局\\_道路課）します。"]
    assert [i.value for i in app.info] == []
    assert [c.label for c in app.checkbox] == ["上の 1 件の置き換えを確認しました（置き換える前の内容はバックアップに残ります）"]
    assert app.button(key="upload_confirm").disabled
    assert departments() == ["環境局"]
    app.checkbox(key="upload_replace_ok").check().run()
    app.button(key="upload_confirm").click().run()
    assert not app.exception
    assert app.success[0].value.startswith("1 件の文書（うち 1 件は置き換え）（2 項目）を取り込み、")
    assert departments() == ["建設局_道路課"]


def test_the_index_refresh_status_keeps_one_line_a_stage() -> None:
    """A progress message of the stage before takes its line (「校正用の検索をしています… 20/35」 after 「… 10/35」): told
    every twentieth query, the status box would otherwise fill with them."""
    from app_pages.common import status_lines

    class Line:
        def __init__(self) -> None:
            self.text = ""

        def write(self, message: str) -> None:
            self.text = message

    class Box:
        def __init__(self) -> None:
            self.lines: list[Line] = []

        def empty(self) -> Line:
            self.lines.append(Line())
            return self.lines[-1]

    box = Box()
    say = status_lines(box)
    for message in ("順位付けと「前例なし」判定をこのコーパスに合わせています…", "校正用の検索をしています… 10/35",
                    "校正用の検索をしています… 20/35", "校正用の検索をしています… 35/35", "索引を保存しました。"):
        say(message)
    assert [line.text for line in box.lines] == [
        "順位付けと「前例なし」判定をこのコーパスに合わせています…", "校正用の検索をしています… 35/35", "索引を保存しました。"]


KOUEN = ("件名,No.,ご意見,本市の考え方\n"
         "公園の整備への意見,1,遊具を新しくしてほしい。,順次更新します。\n"
         "公園の整備への意見,2,トイレを増やしてほしい。,検討します。\n").encode()


def test_the_same_file_uploaded_twice_at_once_is_replaced_by_its_edited_file_as_after_one_upload(isolated_settings) -> None:
    """Review r3 #1: kouen.csv chosen twice in one upload (the same bytes) was stored as 「アップロード/2/kouen.csv」, and the
    edited kouen.csv uploaded alone was then 「…ファイルも違うため、別の文書として追加します」: its answers twice."""
    app = corpus_page()
    app.file_uploader(key="upload").set_value([("kouen.csv", KOUEN, "text/csv"), ("kouen.csv", KOUEN, "text/csv")]).run()
    app.button(key="upload_preview").click().run()
    app.button(key="upload_confirm").click().run()
    assert not app.exception, app.exception
    assert app.success[0].value.startswith(
        "1 件の文書（ほかのファイルや取り込み済みの文書と同じもの 1 件は取り込んでいません）（2 項目）を取り込み、")
    with Store(isolated_settings) as store:
        assert [document.source for document in store.documents()] == ["アップロード/kouen.csv"]
    edited = KOUEN.decode().replace("検討します。", "令和9年度に増設します。").encode()
    app.file_uploader(key="upload").set_value([("kouen.csv", edited, "text/csv")]).run()
    app.button(key="upload_preview").click().run()
    assert [w.value for w in app.warning] == [
        "既にある「公園の整備への意見」（kouen\\.csv）を置き換え（2 → 2 項目: 追加 0、削除 0、変更 1）します。"]
    assert [i.value for i in app.info] == []
    app.checkbox(key="upload_replace_ok").check().run()
    app.button(key="upload_confirm").click().run()
    with Store(isolated_settings) as store:
        assert [(document.source, document.parsed_count) for document in store.documents()] == [("アップロード/kouen.csv", 2)]


def test_the_files_not_read_are_named_after_confirming_the_others(isolated_settings) -> None:
    """Review r3 #5: after 「この内容で取り込む」 the preview's errors were gone and the success message did not say that
    two files were not read (the command line says 「失敗: 2 件のファイル」)."""
    app = corpus_page()
    app.file_uploader(key="upload").set_value([("kouen.csv", KOUEN, "text/csv"),
                                               ("m_broken.pdf", b"%PDF-1.4 not a pdf", "application/pdf"),
                                               ("n_empty.csv", b"", "text/csv")]).run()
    app.button(key="upload_preview").click().run()
    errors = [e.value for e in app.error]
    app.button(key="upload_confirm").click().run()
    assert not app.exception, app.exception
    assert [e.value for e in app.error] == [] and [s.value for s in app.success] == []
    [message] = [w.value for w in app.warning]
    assert message.startswith("1 件の文書（2 項目）を取り込み、")
    assert message.split("ベクトル化しました。", 1)[1] == (
        "\n\n読めなかったファイル 2 件は取り込んでいません（失敗: 2 件のファイル）。直してから、そのファイルだけをもう一度"
        "取り込んでください。\n\n" + "\n\n".join(errors))
    assert errors == [
        "m\\_broken\\.pdf\\: PDF ファイルが壊れているか、途中で切れています。もう一度ダウンロードするか、元のファイルから PDF を"
        "作り直してください。",
        "n\\_empty\\.csv\\: ファイルが空です。内容のあるファイルを指定してください。"]
