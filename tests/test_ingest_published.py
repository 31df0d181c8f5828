"""Ingesting what a city has: a folder of mixed files, long PDFs, and the fixture script itself."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile

import pypdfium2
import pytest

from assistant.ingest import expand_paths, ingest, read_files
from assistant.readers import read_document
from assistant.settings import REPO_ROOT
from tests.conftest import SEEDS

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "published"
ENCRYPTED = ("この PDF はパスワードで保護されています（暗号化）。PDF ソフトでパスワードを解除して保存し直すか、"
             "元の Word・Excel ファイルを指定してください。")
OLD_WORD = ("Word 97-2003 形式（.doc）のファイルです（拡張子だけ .docx に変えたもの）。"
            "Word で開いて「Word 文書（.docx）」形式で保存し直すか、PDF を指定してください。")


@pytest.fixture
def archive(tmp_path):
    """A city's archive: results in several formats, a bad file, a lock file, and files of other kinds."""
    folder = tmp_path / "archive"
    (folder / "2024" / "sub").mkdir(parents=True)
    shutil.copy(FIXTURES / "grouped.pdf", folder / "2024" / "kotsu.pdf")
    shutil.copy(FIXTURES / "merged_answer.docx", folder / "2024" / "sub" / "koen.docx")
    shutil.copy(FIXTURES / "encrypted.pdf", folder / "2024" / "locked.pdf")
    shutil.copy(SEEDS["003"], folder / "kokuho.txt")
    (folder / "2024" / "old.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (folder / "2024" / "~$koen.docx").write_bytes(b"lock")
    (folder / ".hidden").mkdir()
    shutil.copy(FIXTURES / "grouped.pdf", folder / ".hidden" / "copy.pdf")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder

IMAGE = ("画像ファイルです。画像の文字は読み取れません（OCR は組み込んでいません）。結果公表の PDF・Word・Excel・Web ページを"
         "取り込んでください。")


def test_folder_lists_supported_files_recursively_in_name_order(archive) -> None:
    assert [path.relative_to(archive).as_posix() for path in expand_paths([archive])] == [
        "2024/kotsu.pdf", "2024/locked.pdf", "2024/old.docx", "2024/sub/koen.docx", "kokuho.txt", "photo.png"]


def test_documents_to_save_again_are_listed_and_refused_with_how(tmp_path, store) -> None:
    folder = tmp_path / "h22"
    folder.mkdir()
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    (folder / "kekka.doc").write_bytes(ole)
    (folder / "ichiran.xls").write_bytes(ole)
    (folder / "memo.jtd").write_bytes(ole)
    (folder / "an.rtf").write_bytes(b"{\\rtf1\\ansi hello}")
    with zipfile.ZipFile(folder / "an.odt", "w") as odt:
        odt.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        odt.writestr("content.xml", "<office:document-content/>")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert [path.name for path in expand_paths([folder])] == ["an.odt", "an.rtf", "ichiran.xls", "kekka.doc", "memo.jtd",
                                                              "photo.png"]
    reports = ingest([folder], store)
    assert [(r.file_kind, r.error) for r in reports] == [
        ("OpenDocument", "OpenDocument 形式（.odt）の文書です。LibreOffice か Word で開いて「Word 文書（.docx）」形式か PDF で保存し直してください。"),
        ("リッチテキスト", "リッチテキスト形式（.rtf）の文書です。Word で開いて「Word 文書（.docx）」形式か PDF で保存し直してください。"),
        ("Excel", "Excel 97-2003 形式（.xls）のファイルです。Excel で開いて「Excel ブック（.xlsx）」形式で保存し直してください。"),
        ("Word", "Word 97-2003 形式（.doc）のファイルです。Word で開いて「Word 文書（.docx）」形式で保存し直すか、PDF を指定してください。"),
        ("一太郎", "一太郎の文書（.jtd）です。一太郎で開いて PDF か「Word 文書（.docx）」形式で保存し直してください。"),
        ("画像", IMAGE),
    ]
    assert store.stats().n_documents == 0


def test_folder_ingest_goes_on_after_a_bad_file(archive, store) -> None:
    seen = []
    reports = ingest([archive], store, progress=lambda done, total, path: seen.append((done, total)))
    assert seen == [(n, 6) for n in range(1, 7)]
    assert [(r.ok, r.file_kind, r.kind, r.n_items, r.error) for r in reports] == [
        (True, "PDF", "table", 7, None),
        (False, "PDF", "", 0, ENCRYPTED),
        (False, "Word", "", 0, OLD_WORD),
        (True, "Word", "table", 5, None),
        (True, "テキスト", "table", 8, None),
        (False, "画像", "", 0, IMAGE),
    ]
    assert store.stats().n_documents == 3
    assert store.stats().n_precedents == 7 + 5 + 8


def test_a_folder_without_supported_files_is_reported(tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    [outcome] = read_files([tmp_path / "empty"])
    assert outcome.error == ("フォルダーの中に取り込める形式のファイルがありません"
                             "（.csv .docx .htm .html .mht .mhtml .pdf .tsv .txt .xlsm .xlsx）。")
    assert outcome.failed_report().file_kind == "フォルダー"


def test_unexpected_failure_in_one_file_does_not_stop_the_others(tmp_path, store, monkeypatch) -> None:
    import assistant.readers.word as word

    def explode(*args, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(word, "word_blocks", explode)
    shutil.copy(FIXTURES / "merged_answer.docx", tmp_path / "a.docx")
    shutil.copy(FIXTURES / "merged_answer.pdf", tmp_path / "b.pdf")
    reports = ingest([tmp_path], store)
    assert [(r.ok, r.n_items) for r in reports] == [(False, 0), (True, 5)]
    assert reports[0].error == ("読み取り中に予期しないエラーが起きました（IndexError: list index out of range）。"
                                "このファイルは取り込んでいません。ファイルを添えて管理者に連絡してください。")


def run_cli(*argv: str, db, measure: bool = False) -> subprocess.CompletedProcess:
    """``python -m assistant`` in a new process, as a user runs it (optionally reporting its peak memory)."""
    env = {**os.environ, "ZENREI_AUTO_SEED": "0"}
    args = ["--db", str(db), *argv]
    if not measure:
        return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, env=env, cwd=REPO_ROOT)
    code = ("import atexit, resource, runpy, sys; "
            "atexit.register(lambda: print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)); "
            f"sys.argv = ['assistant', *{args!r}]; runpy.run_module('assistant', run_name='__main__')")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO_ROOT)


def test_cli_folder_ingest_prints_progress_and_a_summary_table(archive, tmp_path) -> None:
    result = run_cli("ingest", str(archive), db=tmp_path / "corpus.sqlite3")
    assert result.returncode == 1
    assert [line.split("] ")[0] for line in result.stderr.splitlines()] == [f"[{n}/6" for n in range(1, 7)]
    table = result.stdout.split("\n\n")[-2].splitlines()
    assert re.split(r"\s{2,}", table[0]) == ["ファイル", "種類", "項目", "警告", "結果"]
    rows = [re.split(r"\s{2,}", line.strip()) for line in table[1:]]
    assert [(row[0].removeprefix(str(archive) + "/"), *row[1:]) for row in rows] == [
        ("2024/kotsu.pdf", "PDF・結果公表（表）", "7", "1", "追加"),
        ("2024/locked.pdf", "PDF", "-", "-", f"✗ {ENCRYPTED}"),
        ("2024/old.docx", "Word", "-", "-", f"✗ {OLD_WORD}"),
        ("2024/sub/koen.docx", "Word・結果公表（表）", "5", "0", "追加"),
        ("kokuho.txt", "テキスト・結果公表（表）", "8", "1", "追加"),
        ("photo.png", "画像", "-", "-", f"✗ {IMAGE}"),
    ]
    assert result.stdout.endswith("\n取り込み: 3 件の文書、20 項目。失敗: 3 件のファイル。\n")


def _pages(count: int, target) -> None:
    source = pypdfium2.PdfDocument(FIXTURES / "long_table.pdf")
    out = pypdfium2.PdfDocument.new()
    while len(out) < count:
        out.import_pages(source, list(range(min(len(source), count - len(out)))))
    out.save(target)


def test_300_page_pdf_with_progress_and_bounded_memory(tmp_path) -> None:
    """The 7-page long table printed 43 times: 301 pages, 1,032 items (numbers repeat, so ids get _2, _3…).

    Memory must not grow with the page count: the 301-page run's peak may exceed a 35-page run's by
    less than 40 MB (it measured 13 MB; the text of 1,032 items is about 1 MB)."""
    _pages(35, tmp_path / "short.pdf")
    _pages(301, tmp_path / "long.pdf")
    short = run_cli("ingest", str(tmp_path / "short.pdf"), db=tmp_path / "a.sqlite3", measure=True)
    long = run_cli("ingest", str(tmp_path / "long.pdf"), db=tmp_path / "b.sqlite3", measure=True)
    assert (short.returncode, long.returncode) == (0, 0)
    assert "項目: 1032 件" in long.stdout
    progress = [line.strip() for line in long.stderr.splitlines() if "ページ" in line]
    assert progress == [f"{tmp_path / 'long.pdf'}: {page}/301 ページ" for page in [*range(25, 301, 25), 301]]
    peak = {name: int(run.stderr.split("PEAK_KB ")[1].split()[0]) for name, run in (("short", short), ("long", long))}
    assert peak["long"] - peak["short"] < 40_000, peak


def test_fixture_script_prints_the_same_documents_with_libreoffice(tmp_path) -> None:
    """scripts/make_fixtures.py end to end: Word files written, printed to PDF by LibreOffice, read back
    to the same items as the committed fixtures."""
    result = subprocess.run([sys.executable, "-m", "scripts.make_fixtures", "--out", str(tmp_path)],
                            capture_output=True, text=True, cwd=REPO_ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    made = sorted(path.name for path in tmp_path.iterdir())
    assert made == sorted(path.name for path in FIXTURES.iterdir())
    for name in made:
        if name in {"encrypted.pdf", "memo.pdf", "memo.docx"}:
            continue
        [fresh], [committed] = read_document(tmp_path / name), read_document(FIXTURES / name)
        assert [(i.no, i.comment, i.answer, i.topic, i.extra) for i in fresh.items] == [
            (i.no, i.comment, i.answer, i.topic, i.extra) for i in committed.items], name
        assert (fresh.meta, fresh.warnings) == (committed.meta, committed.warnings), name


def _generic_result(path, subject: str | None, topic: str) -> None:
    """A result published under the procedure's name only, with the plan named on a numbered line below."""
    from docx import Document

    word = Document()
    word.add_paragraph("パブリックコメント手続の実施結果について")
    if subject:
        word.add_paragraph(f"１　案件名　{subject}")
    word.add_paragraph("２　意見募集期間　令和6年12月2日（月）～令和7年1月6日（月）")
    _two_rows(word, topic, "について意見", "意見の概要")
    word.save(path)


def _two_rows(word, topic: str, said: str, comment_header: str) -> None:
    """An answer table of two comments on ``topic`` (「{topic}{said}1。」) under a No. / comment / 市の考え方 header."""
    table = word.add_table(rows=3, cols=3)
    for row, values in zip(table.rows, [["No.", comment_header, "市の考え方"], ["1", f"{topic}{said}1。", "回答1。"],
                                        ["2", f"{topic}{said}2。", "回答2。"]]):
        for cell, text in zip(row.cells, values):
            cell.text = text


def test_results_under_a_generic_title_are_named_by_their_plan_and_never_replace_each_other_silently(tmp_path) -> None:
    """Two consultations of one period, each published as 「パブリックコメント手続の実施結果について」 with its plan on
    the 案件名 line: the second replaced the first, and the summary still said 2 documents, 4 items."""
    named, unnamed = tmp_path / "named", tmp_path / "unnamed"
    named.mkdir(), unnamed.mkdir()
    _generic_result(named / "a.docx", "○○市環境基本計画（第3次）（案）", "ごみ")
    _generic_result(named / "b.docx", "○○市緑の基本計画（案）", "公園")
    result = run_cli("ingest", str(named), db=tmp_path / "named.sqlite3")
    assert "\n    ○○市環境基本計画（第3次）（案）\n" in result.stdout and "\n    ○○市緑の基本計画（案）\n" in result.stdout
    assert result.stdout.endswith("\n取り込み: 2 件の文書、4 項目。失敗: 0 件のファイル。\n")
    _generic_result(unnamed / "a.docx", None, "ごみ")  # one title and period, but no comment alike: two documents,
    _generic_result(unnamed / "b.docx", None, "公園")  # and said so (the second had replaced the first)
    result = run_cli("ingest", str(unnamed), db=tmp_path / "unnamed.sqlite3")
    assert ("が、ご意見の半分以上が違うため、別の意見募集の結果として置き換えずに追加しました（件名を読み違えているかもしれません）。"
            "同じ結果の古い版なら、`python -m assistant corpus delete 文書ID` で古いほうを削除してください。") in result.stdout
    assert result.stdout.endswith("\n取り込み: 2 件の文書、4 項目。失敗: 0 件のファイル。\n")


def test_results_under_a_generic_heading_over_their_plans_unlabelled_are_two_documents(tmp_path) -> None:
    """「意見募集の結果について」 over 「札幌市みどりの基本計画（案）」 (no 案件名 label) was the title of both results of one
    period: the second replaced the first (「置き換え（2 → 2 項目: 追加 0、削除 0、変更 2）」)."""
    from docx import Document

    for name, plan, topic in (("gA.docx", "札幌市みどりの基本計画（案）", "公園"), ("gB.docx", "札幌市子ども・子育て支援計画（案）", "保育")):
        word = Document()
        word.add_paragraph("意見募集の結果について")
        word.add_paragraph(plan)
        word.add_paragraph("意見募集期間　令和７年１月６日～令和７年２月５日")
        _two_rows(word, topic, "の意見", "ご意見の概要")
        word.save(tmp_path / name)
    result = run_cli("ingest", str(tmp_path / "gA.docx"), str(tmp_path / "gB.docx"), db=tmp_path / "corpus.sqlite3")
    assert "\n    札幌市みどりの基本計画（案）\n" in result.stdout and "\n    札幌市子ども・子育て支援計画（案）\n" in result.stdout
    assert "置き換え" not in result.stdout
    assert result.stdout.endswith("\n取り込み: 2 件の文書、4 項目。失敗: 0 件のファイル。\n")


def test_the_plan_named_under_its_label_is_the_title_and_a_line_of_prose_never_is(tmp_path) -> None:
    from docx import Document

    word = Document()
    word.add_paragraph("パブリックコメント手続の実施結果について")
    word.add_paragraph("１　案件名")
    word.add_paragraph("○○市立図書館条例の一部改正（案）")
    word.add_paragraph("２　意見募集期間　令和6年5月1日～令和6年5月31日")
    word.add_paragraph("名称を「○○市立中央図書館」に改め、分館の位置を変更します。")
    table = word.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, [["No.", "意見の概要", "市の考え方"], ["1", "名称の変更に賛成です。", "ありがとうございます。"]]):
        for cell, text in zip(row.cells, values):
            cell.text = text
    word.save(tmp_path / "label.docx")
    assert read_document(tmp_path / "label.docx")[0].meta.title == "○○市立図書館条例の一部改正（案）"
    word.paragraphs[2].text = "（仮称）○○市文化芸術振興条例（案）"  # brackets at both ends: still a name, not a note
    word.save(tmp_path / "kasho.docx")
    assert read_document(tmp_path / "kasho.docx")[0].meta.title == "（仮称）○○市文化芸術振興条例（案）"
    word.paragraphs[2].text = "ともに生きる社会づくり条例（案）"  # a name may begin with a kana that is also a particle
    word.save(tmp_path / "kana.docx")
    assert read_document(tmp_path / "kana.docx")[0].meta.title == "ともに生きる社会づくり条例（案）"
    word.paragraphs[1].text, word.paragraphs[2].text = "１　名称 について", ""  # a label's word in prose: no name
    word.save(tmp_path / "word.docx")
    assert read_document(tmp_path / "word.docx")[0].meta.title == "パブリックコメント手続の実施結果について"
    word.paragraphs[1].text = "１　案件名"
    word.paragraphs[2].text = "（別紙「計画案の概要」のとおり）"  # a note under the label: no plan's name
    word.save(tmp_path / "note.docx")
    assert read_document(tmp_path / "note.docx")[0].meta.title == "パブリックコメント手続の実施結果について"
    word.paragraphs[1].text, word.paragraphs[2].text = "", ""  # no label: the prose's 「名称を…」 is no plan's name
    word.save(tmp_path / "prose.docx")
    assert read_document(tmp_path / "prose.docx")[0].meta.title == "パブリックコメント手続の実施結果について"


def test_a_result_stored_under_the_procedures_name_is_named_when_its_plan_named_version_comes(tmp_path) -> None:
    """A result stored before its title gave way to the 案件名 (under 「パブリックコメント手続の実施結果について」) was
    not replaced by its corrected version, now named by its plan, and nothing said there were two."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    _generic_result(first / "kekka.docx", None, "公園")
    _generic_result(second / "kekka_fixed.docx", "○○市緑の基本計画（案）", "公園")
    run_cli("ingest", str(first / "kekka.docx"), db=tmp_path / "corpus.sqlite3")
    result = run_cli("ingest", str(second / "kekka_fixed.docx"), db=tmp_path / "corpus.sqlite3")
    [note] = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("ℹ")]
    assert note.startswith("ℹ 同じ期間に、件名が「パブリックコメント手続の実施結果について」のような文書があります（文書ID: ")
    assert note.endswith("）。以前の版が案件名を読まずに取り込んだ同じ結果なら、`python -m assistant corpus delete 文書ID` で"
                         "削除してください（別の意見募集なら、そのままで構いません）。")


def test_a_pdf_that_joins_answer_paragraphs_replaces_its_text_as_a_change_backed_up_first(isolated_settings) -> None:
    """Review 147: the seed's PDF replacing its text was 「置き換え（9 → 9 項目: 内容は同じ）」 and 変更なし, so no backup was
    taken, yet the PDF joins two paragraphs that the text kept apart (the store's paragraphs 33 → 31, the templates'
    units). The paragraphs are compared too: that item is 変更, and the stored version is backed up first; the same
    file again is still 「内容は同じ」 (「変更なし」: nothing written, nothing backed up)."""
    from assistant.backup import backups
    from assistant.models import ItemChanges
    from assistant.store import Store

    with Store(isolated_settings) as store:
        ingest([SEEDS["000"]], store)
        [again] = ingest([SEEDS["000"]], store)
        assert (again.plan.action, again.plan.describe()) == ("変更なし", "変更なし（9 項目）")
        assert [b.reason for b in backups(isolated_settings)] == []  # 「変更なし」 writes nothing, so backs nothing up
        before = store.stats().n_paragraphs
        [pdf] = ingest([FIXTURES / "seed_000.pdf"], store)
        assert (pdf.plan.action, pdf.plan.changes) == ("置き換え", ItemChanges(added=0, removed=0, changed=1, unchanged=8))
        assert (before, store.stats().n_paragraphs) == (17, 16)
        assert [b.reason for b in backups(isolated_settings)] == ["ingest"]
        [pdf_again] = ingest([FIXTURES / "seed_000.pdf"], store)
        assert pdf_again.plan.action == "変更なし"


def test_a_blank_result_form_is_refused_and_nothing_is_stored(tmp_path, store, monkeypatch) -> None:
    """Review of the published-result readers (defect 2, emptyrows.html): a header over numbered rows with every comment
    and answer empty was stored as a document of 0 items, ingest exiting 0 (`corpus stats` listed it); the same rows as
    a CSV are refused. Now both are refused alike, the exit status 1 as for any refused file."""
    import io

    from assistant.cli import main
    from assistant.store import Store

    page = tmp_path / "emptyrows.html"
    page.write_text("<html><head><meta charset='utf-8'></head><body><h1>西区公園計画（案）に対する意見募集の結果</h1>"
                    "<table border=1><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
                    "<tr><td>1</td><td></td><td></td></tr><tr><td>2</td><td></td><td></td></tr></table></body></html>",
                    encoding="utf-8")
    reason = "No. の行はありますが、どの行にもご意見も回答も書かれていません。空の行（2行）: No.1（表の1行目）、No.2（表の2行目）。"
    [report] = ingest([page], store)
    assert (report.ok, report.n_items, report.error) == (False, 0, reason)
    assert store.stats().n_documents == 0
    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    out = io.StringIO()
    assert main(["ingest", str(page)], out=out, err=io.StringIO()) == 1
    assert reason in out.getvalue() and "失敗: 1 件のファイル。" in out.getvalue()
    with Store(os.environ["ZENREI_DB_PATH"]) as written:
        assert written.stats().n_documents == 0
