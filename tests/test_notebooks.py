"""Every notebook runs top to bottom on the shipped corpus, and is committed without outputs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from assistant.settings import REPO_ROOT

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))


def test_the_four_notebooks_exist() -> None:
    assert [n.name for n in NOTEBOOKS] == [
        "01_corpus_overview.ipynb", "02_comment_clusters.ipynb", "03_answer_consistency.ipynb", "04_new_consultation.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path) -> None:
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") and cell.get("execution_count") is None
               for cell in notebook.cells if cell.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_top_to_bottom_from_the_notebooks_folder(path, monkeypatch, model_cache, tmp_path) -> None:
    """As an analyst runs them after scripts/setup.sh: the venv's Jupyter, the kernel's working directory
    notebooks/, no PYTHONPATH (the editable install makes the packages importable)."""
    monkeypatch.setenv("ZENREI_MODEL_CACHE", str(model_cache))
    monkeypatch.delenv("PYTHONPATH", raising=False)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
         "--ExecutePreprocessor.timeout=600", "--output-dir", str(tmp_path), path.name],
        cwd=REPO_ROOT / "notebooks", capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr[-4000:]  # a failing cell makes nbconvert exit non-zero
    notebook = nbformat.read(tmp_path / path.name, as_version=4)
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    assert all(cell.get("execution_count") for cell in notebook.cells if cell.cell_type == "code")
    html = "".join(str(o.get("data", {}).get("text/html", "")) for c in notebook.cells for o in c.get("outputs", []))
    # Nothing is fetched from another host (plotly.js itself is inlined; its code mentions links, never loads them).
    assert re.search(r"""(?:\bsrc\s*=\s*|<link[^>]*href\s*=\s*)["']https?://""", html) is None and "cdnjs" not in html
    streams = [o.get("text", "") for c in notebook.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert not any("Warning" in text or "Loading weights" in text for text in streams), streams


def test_the_overview_runs_on_a_corpus_whose_documents_state_no_count(monkeypatch, model_cache, tmp_path) -> None:
    """A city's own corpus from a spreadsheet states no 意見総数: the chart of declared counts failed on it
    (every value <NA>)."""
    source = tmp_path / "comments.csv"
    source.write_text("No.,ご意見,本市の考え方\n1,除雪を早くしてほしい。,優先して除雪します。\n"
                      "2,図書館を広げてほしい。,計画の中で検討します。\n", encoding="utf-8")
    run_on_store("01_corpus_overview.ipynb", [source], monkeypatch, model_cache, tmp_path)  # it checks the run


def outlook_of(source: Path, monkeypatch, model_cache, tmp_path):
    """Notebook 04 run on the comment file ``source`` as an analyst runs it (COMMENTS_FILE), its outputs."""
    monkeypatch.setenv("COMMENTS_FILE", str(source))
    monkeypatch.setenv("ZENREI_MODEL_CACHE", str(model_cache))
    monkeypatch.setenv("ZENREI_DB_PATH", str(tmp_path / "store" / "corpus.sqlite3"))
    monkeypatch.setenv("ZENREI_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.delenv("PYTHONPATH", raising=False)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
         "--ExecutePreprocessor.timeout=600", "--output-dir", str(tmp_path), "04_new_consultation.ipynb"],
        cwd=REPO_ROOT / "notebooks", capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return nbformat.read(tmp_path / "04_new_consultation.ipynb", as_version=4)


def test_the_outlook_reads_a_citys_own_comment_file(monkeypatch, model_cache, tmp_path) -> None:
    """Notebook 04 read its sample with pandas' defaults: a city's Shift_JIS CSV with a title row and a 「意見の内容」
    column failed (UnicodeDecodeError, then KeyError 'ご意見'). It reads the file as the 一括起案 page does."""
    source = tmp_path / "意見一覧.csv"
    source.write_bytes("除雪計画（素案）への意見一覧\n番号,意見の内容\n1,除雪の回数を増やしてほしい。\n"
                       "2,マイナンバーカードの取得は義務なのですか。\n".encode("cp932"))
    notebook = outlook_of(source, monkeypatch, model_cache, tmp_path)
    printed = [o.get("text", "") for o in notebook.cells[2].outputs if o.get("name") == "stdout"]
    assert printed == ["意見一覧.csv: 2 件のご意見\n"]


def test_the_outlook_of_a_file_without_comments_says_so_and_stops_nowhere(monkeypatch, model_cache, tmp_path) -> None:
    """A comment file with its header and no row ended notebook 04 in a traceback, and the next cell in an English
    NameError (``outlook`` was never made): the message is printed and the outlook is empty."""
    source = tmp_path / "意見一覧.csv"
    source.write_text("No.,ご意見\n", encoding="utf-8")
    notebook = outlook_of(source, monkeypatch, model_cache, tmp_path)
    assert [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"] == []
    printed = [o.get("text", "") for o in notebook.cells[2].outputs if o.get("name") == "stdout"]
    assert printed == [f"意見一覧.csv: 0 件のご意見\n{source}: ご意見の行がありません。1行に1件のご意見を入れてください。\n"]


def run_on_store(notebook: str, sources: list[Path], monkeypatch, model_cache, tmp_path):
    """``notebook`` run as an analyst runs it on a store holding ``sources`` (none: an empty store, as a mistyped
    ZENREI_DB_PATH opens with ZENREI_AUTO_SEED=0), its outputs."""
    from assistant.ingest import ingest
    from assistant.store import Store

    store_path = tmp_path / "store" / "corpus.sqlite3"
    monkeypatch.setenv("ZENREI_DB_PATH", str(store_path))
    monkeypatch.setenv("ZENREI_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    monkeypatch.setenv("ZENREI_MODEL_CACHE", str(model_cache))
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.delenv("MPLBACKEND", raising=False)  # importing streamlit (an earlier UI test) sets Agg: no charts shown
    if sources:
        with Store(store_path) as store:
            assert all(report.ok for report in ingest(sources, store))
    done = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
         "--ExecutePreprocessor.timeout=600", "--output-dir", str(tmp_path / "out"), notebook],
        cwd=REPO_ROOT / "notebooks", capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return nbformat.read(tmp_path / "out" / notebook, as_version=4)


def printed(cell) -> str:
    """What a cell printed (its stdout, every stream joined)."""
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout")


def unanswered_sources(tmp_path: Path) -> list[Path]:
    """An answered consultation, and the next year's published without answers, its two comments alike the first."""
    answered, unanswered = tmp_path / "answered.csv", tmp_path / "unanswered.csv"
    answered.write_text("No.,ご意見,本市の考え方,件名,日付\n"
                        "1,マイナンバーカードの取得は義務なのですか。,カードの取得は任意です。,令和5年の意見募集,2023-05-01\n",
                        encoding="utf-8")
    unanswered.write_text("No.,ご意見,本市の考え方,件名,日付\n"
                          "1,マイナンバーカードの取得は義務なのですか？,,令和6年の意見募集,2024-05-01\n"
                          "2,マイナンバーカードの取得は義務ですか。,,令和6年の意見募集,2024-05-01\n", encoding="utf-8")
    return [answered, unanswered]


def test_the_consistency_notebook_leaves_out_precedents_without_an_answer(monkeypatch, model_cache, tmp_path) -> None:
    """Notebook 03 listed a consultation published without answers as 3 pairs of 「似たご意見…なのに、回答に共通の段落が
    ない組」, all false alarms."""
    notebook = run_on_store("03_answer_consistency.ipynb", unanswered_sources(tmp_path), monkeypatch, model_cache, tmp_path)
    assert printed(notebook.cells[5]) == ("似たご意見（コサイン類似度 0.93 以上）なのに、回答に共通の段落（定型文を除き、両方で60字以上）がない組: 0 組\n"
                                          "回答のない前例 2 件は除いています。\n")


def test_the_overview_counts_answers_only(monkeypatch, model_cache, tmp_path) -> None:
    """Notebook 01 counted the precedents published without an answer as answers (「0 / 3 件の回答が…」), and its
    histogram drew them as answers of 0 characters (review 145)."""
    notebook = run_on_store("01_corpus_overview.ipynb", unanswered_sources(tmp_path), monkeypatch, model_cache, tmp_path)
    assert printed(notebook.cells[5]) == "回答のない前例 2 件は除いています。\n"
    assert printed(notebook.cells[6]) == (
        "0 / 1 件の回答が、先に使われた段落テンプレートを再利用しています（定型文を除くと 0 件。定型文: 話題を問わず多くの回答に付く文）。\n"
        "回答のない前例 2 件は除いています。\n")


def test_the_comment_clusters_say_how_many_precedents_they_leave_out(monkeypatch, model_cache, tmp_path) -> None:
    """Notebook 02 left a precedent without a comment (an answer kept whose comment cell was empty) out of its comment
    clusters without a word, while it counts those left out of the answer clusters."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "除雪"
    for row in (["No.", "ご意見", "本市の考え方"], [1, "除雪を早くしてほしい。", "優先して除雪します。"], [2, None, "排雪の回数は維持します。"]):
        sheet.append(row)
    sheet = workbook.create_sheet("図書館")
    for row in (["No.", "ご意見", "本市の考え方"], [1, "図書館を広げてほしい。", "計画の中で検討します。"],
                [2, "開館時間を延ばしてほしい。", "検討します。"]):
        sheet.append(row)
    workbook.save(tmp_path / "sheets.xlsx")
    notebook = run_on_store("02_comment_clusters.ipynb", [tmp_path / "sheets.xlsx"], monkeypatch, model_cache, tmp_path)
    assert printed(notebook.cells[2]) == "ご意見のない前例 1 件は除いています。\n"
    assert printed(notebook.cells[4]) == ""  # every precedent has an answer


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_says_first_that_the_store_is_empty(path, monkeypatch, model_cache, tmp_path) -> None:
    """A mistyped ZENREI_DB_PATH with ZENREI_AUTO_SEED=0 opens an empty store: the notebooks ran on nothing without a
    word, and 04 reported 「一から書く必要があるご意見: 7 件」 (every comment at 0 %). The first cell says there is no
    precedent and where it looked; 04 gives no verdict."""
    notebook = run_on_store(path.name, [], monkeypatch, model_cache, tmp_path)
    assert printed(notebook.cells[1]).endswith(
        f"前例が0件です（DB: {tmp_path / 'store' / 'corpus.sqlite3'}）。先に取り込んでください: python -m assistant ingest ファイル"
        "（取り込み済みの DB を使うはずなら、ZENREI_DB_PATH のパスを確かめてください）。\n")
    if path.name == "04_new_consultation.ipynb":
        assert printed(notebook.cells[2]) == "new_comments.csv: 7 件のご意見\n"
        assert "Empty DataFrame" in notebook.cells[2].outputs[-1]["data"]["text/plain"]
        assert printed(notebook.cells[3]) == "前例が0件のため、判定していません。\n"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_committed_notebooks_are_what_the_script_writes(path) -> None:
    """The notebooks are written by scripts/make_notebooks.py: a cell changed by hand, or a script changed without
    writing them again, would run other code than the script shows."""
    sys.path.insert(0, str(REPO_ROOT / "scripts"))
    try:
        import make_notebooks
    finally:
        sys.path.remove(str(REPO_ROOT / "scripts"))
    assert nbformat.read(path, as_version=4) == make_notebooks.notebook_of(path.name)


def test_the_consistency_notebook_leaves_out_precedents_without_a_comment(monkeypatch, model_cache, tmp_path) -> None:
    """Review 145: notebook 03 paired the answers published without their comment with each other (two empty comments,
    similarity 1.0), ranked first, without a word; it leaves them out and counts them as 02 does."""
    source = tmp_path / "comments.csv"
    source.write_text("No.,ご意見,本市の考え方,件名,日付\n"
                      "1,,地下鉄の終電時刻は、利用状況を踏まえて交通局で検討しています。,交通に関する意見,2023-06-01\n"
                      "2,,バス路線の運行本数は、各バス事業者が需要に応じて定めています。,交通に関する意見,2023-06-01\n"
                      "3,除雪を早くしてほしい。,幹線道路の除雪を優先し、生活道路は順次除雪します。,交通に関する意見,2023-06-01\n",
                      encoding="utf-8")
    notebook = run_on_store("03_answer_consistency.ipynb", [source], monkeypatch, model_cache, tmp_path)
    assert printed(notebook.cells[3]) == "文面が2種類以上あるテンプレート: 0 / 0 件\n"  # no answer recurs
    assert printed(notebook.cells[5]) == ("似たご意見（コサイン類似度 0.93 以上）なのに、回答に共通の段落（定型文を除き、両方で60字以上）がない組: 0 組\n"
                                          "ご意見のない前例 2 件は除いています。\n")


def test_the_outlook_shows_every_comment_and_the_whole_of_each(monkeypatch, model_cache, tmp_path) -> None:
    """Review 145: pandas' defaults cut the tables of 02, 03 and 04: 70 comments showed No.1-5 and 66-70 only, and
    every cell was cut at 50 characters (03 hid the wording where two answers differ)."""
    long = "除雪の回数を増やしてほしい。特に通学路と高齢者の多い地区の生活道路は、朝の通勤通学の時間までに除雪を終えてほしい。"
    form = "▼該当箇所\np. 108, 34～36 行目\n▼意見\n図書館の開館時間を延ばしてほしい。"  # notebook review: shown 「▼該当箇所\\np. 108…」
    source = tmp_path / "意見一覧.csv"
    cells = {35: long, 36: f'"{form}"'}  # a quoted CSV cell keeps its line breaks
    source.write_text("No.,ご意見\n" + "".join(f"{n},{cells.get(n, f'ご意見その{n}です。')}\n" for n in range(1, 71)),
                      encoding="utf-8")
    notebook = outlook_of(source, monkeypatch, model_cache, tmp_path)
    table = notebook.cells[2].outputs[-1]["data"]["text/html"]
    assert f">{form}</td>" in table and "\\n" not in table and "white-space: pre-wrap;" in table  # line breaks as breaks
    assert (table.count("<tr>"), long in table, "...</td>" in table) == (71, True, False)  # the header and a row per comment


def test_the_overview_charts_grow_with_the_number_of_documents(monkeypatch, model_cache, tmp_path) -> None:
    """Notebook review: 01 drew its charts 3 to 3.5 inches high whatever the number of documents; 30 documents' labels
    overprinted one another into a smear, bars 3 px high. The charts grow 0.3 inch a bar (a document; two bars a
    document in the reuse chart)."""
    import base64
    import struct

    sources = []
    for n in range(1, 31):
        source = tmp_path / f"計画{n:02d}.csv"
        source.write_text(f"No.,ご意見,本市の考え方,件名\n1,除雪を早くしてほしい。,優先して除雪します。,札幌市第{n}次計画（素案）に対する意見募集\n",
                          encoding="utf-8")
        sources.append(source)
    notebook = run_on_store("01_corpus_overview.ipynb", sources, monkeypatch, model_cache, tmp_path)

    def height(cell) -> int:  # the chart's height in pixels, from its PNG header
        [png] = [o["data"]["image/png"] for o in cell.outputs if "image/png" in o.get("data", {})]
        return struct.unpack(">II", base64.b64decode(png)[16:24])[1]

    heights = height(notebook.cells[3]), height(notebook.cells[6])  # 10.5 and 19.5 inches; they were 3.5 and 3
    assert heights[0] > 700 and heights[1] > 1300, heights
