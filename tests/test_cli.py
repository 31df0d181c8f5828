"""The CLI: exact exit codes and messages, seeded on first use, JSONL dump fields."""

from __future__ import annotations

import io
import json
import os

import pytest

from assistant.cli import main
from assistant.store import Store
from tests.conftest import SEEDS


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_first_use_ingests_the_seed_corpus() -> None:
    code, out, err = run("corpus", "stats")
    assert code == 0
    assert err.startswith("初回のため、同梱の前例資料を取り込みました:\n")
    assert "⚠ 文書に記載の意見総数は11件ですが、表から読み取れた項目は8件です。" in err
    assert out.splitlines()[0] == "文書: 5 件　前例: 54 件　回答段落: 78 件"
    assert "令和7年11月12日～令和7年12月11日  介護保険に関する事務の特定個人情報保護評価書について" in out
    code, out, err = run("corpus", "stats")
    assert (code, err) == (0, "")


def test_stats_json() -> None:
    code, out, _ = run("corpus", "stats", "--json")
    data = json.loads(out)
    assert (code, data["n_documents"], data["n_precedents"]) == (0, 5, 54)
    # what the text shows: the documents with their ids, and the most used answers (only counts before)
    _, text, _ = run("corpus", "stats")
    for doc in data["documents"]:
        assert f"  {doc['id']}  {doc['n_precedents']:>3} 件  {doc['period']}  {doc['title']}" in text.splitlines()
    assert len(data["documents"]) == 5 and sum(doc["n_precedents"] for doc in data["documents"]) == 54
    first = data["most_used_answers"][0]
    assert text.splitlines()[text.splitlines().index("よく使われる回答:") + 1] == (
        f"  {first['n_precedents']} 前例 / {first['n_documents']} 文書（この文面 {first['wording_n_precedents']} 前例、"
        f"文面 {first['n_wordings']} 種類）  {first['wording'][:60]}…")
    assert (first["n_precedents"], first["n_documents"], first["wording_n_precedents"], first["n_wordings"]) == (4, 2, 2, 2)
    assert first["wording"].startswith("万が一、個人情報の漏洩があった場合の責任とその損害賠償につきましては、")
    assert len(data["most_used_answers"]) == min(10, data["n_recurring_templates"])


def test_stats_shows_a_templates_most_used_wording_with_its_own_count(tmp_path, monkeypatch) -> None:
    """Second reading s1 D2 (review rb D3 left in the CLI): 「よく使われる回答」 printed the template's stored text with the
    whole template's count, 「5 前例 / 2 文書  …進めてまいります。」, where that text was in 2 answers and the other 3 used
    another wording. As notebook 03: the most used wording, its own count and the number of wordings; --json adds them
    and keeps the stored text under "text"."""
    import csv

    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    first = "生活道路の除雪は、地域と協力して、降雪量に応じて出動基準を見直しながら計画的に進めてまいります。"
    second = "生活道路の除雪は、地域と協力して、降雪量に応じて出動基準を見直しながら計画的に進めます。"
    for name, title, wording, count in (("plan", "冬のみちづくりプラン", first, 2), ("more", "除雪計画の追加意見", second, 3)):
        path = tmp_path / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([["件名", "No.", "ご意見", "本市の考え方"],
                                          *[[title, str(n), f"除雪の意見{n}", wording] for n in range(1, count + 1)]])
        assert run("ingest", str(path))[0] == 0
    code, out, _ = run("corpus", "stats")
    lines = out.splitlines()
    assert (code, lines[lines.index("よく使われる回答:") + 1:lines.index("よく使われる回答:") + 3]) == (0, [
        f"  5 前例 / 2 文書（この文面 3 前例、文面 2 種類）  {second}", ""])
    (entry,) = json.loads(run("corpus", "stats", "--json")[1])["most_used_answers"]
    del entry["template_id"]
    assert entry == {"text": first, "n_precedents": 5, "n_documents": 2, "wording": second, "wording_n_precedents": 3,
                     "n_wordings": 2}


def test_dump_writes_every_precedent_with_the_documented_fields(tmp_path) -> None:
    target = tmp_path / "corpus.jsonl"
    code, out, _ = run("corpus", "dump", "--output", str(target))
    assert (code, out) == (0, f"54 件の前例を {target} に書き出しました。\n")
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 54
    assert {"id", "document", "no", "topic", "comment", "answer", "paragraphs", "template_ids", "source_file", "page",
            "extra"} <= set(records[0])
    record = next(r for r in records if r["document"].startswith("国民健康保険") and r["no"] == "4")
    assert record["period"] == "令和2年6月15日～令和2年7月14日"
    assert (record["source_file"], record["page"], record["extra"]) == (SEEDS["003"].name, None, {})
    assert len(record["paragraphs"]) == len(record["template_ids"]) == 2


def test_dump_to_stdout() -> None:
    code, out, _ = run("corpus", "dump")
    assert code == 0
    assert len(out.splitlines()) == 54


def test_ingest_prints_a_report_per_document(tmp_path) -> None:
    code, out, _ = run("ingest", str(SEEDS["003"]))
    assert code == 0
    assert out == (
        f"✓ {SEEDS['003']}\n"
        "    国民健康保険事務に関する特定個人情報保護評価書について寄せられたご意見と本市の考え方\n"
        "    種類: 結果公表（表）　項目: 8 件（文書記載の意見総数 11 件）　変更なし（8 項目）\n"
        "    ⚠ 文書に記載の意見総数は11件ですが、表から読み取れた項目は8件です。類似意見をまとめた可能性があります。"
        "原本と照合してください（行の追加・削除はしていません）。\n"
        "\n取り込み: 1 件の文書（うち 1 件は変更なし）、8 項目。失敗: 0 件のファイル。\n"
    )


def test_the_same_file_in_another_folder_is_said_to_be_the_stored_one_not_replaced(tmp_path) -> None:
    """Review 201: 「変更なし（8 項目）」 was followed by 「↺ 置き換えた文書: …」, though nothing was replaced."""
    import shutil

    shutil.copy(SEEDS["003"], tmp_path / SEEDS["003"].name)
    code, out, _ = run("ingest", str(tmp_path / SEEDS["003"].name))
    assert code == 0
    [line] = [line for line in out.splitlines() if line.startswith("    ＝ ") or line.startswith("    ↺ ")]
    assert line.startswith("    ＝ 取り込み済みの同じ文書: ") and f"（{SEEDS['003']}" in line


def test_the_summary_of_a_folder_ingested_again_tells_the_unchanged_documents_from_the_changed(tmp_path) -> None:
    """Review 139: the summary said 「置き換え」 for every document of a folder ingested again, changed or not."""
    import shutil

    for name in ("000", "003"):
        shutil.copy(SEEDS[name], tmp_path / SEEDS[name].name)
    code, out, _ = run("ingest", str(tmp_path))  # the seeds, moved: 「変更なし」, the stored paths follow them
    assert code == 0
    table = out.split("\n\n")[-2].splitlines()
    assert [line.rsplit(maxsplit=1)[-1] for line in table[1:]] == ["変更なし", "変更なし"]
    assert out.endswith("\n取り込み: 2 件の文書（うち 2 件は変更なし）、17 項目。失敗: 0 件のファイル。\n")
    edited = tmp_path / SEEDS["000"].name
    text = edited.read_text(encoding="utf-8")  # the first answer corrected
    edited.write_text(text.replace("任意となっております。", "任意です。", 1), encoding="utf-8")
    code, out, _ = run("ingest", str(tmp_path))
    assert code == 0
    table = out.split("\n\n")[-2].splitlines()
    assert [line.rsplit(maxsplit=1)[-1] for line in table[1:]] == ["置き換え", "変更なし"]
    assert out.endswith("\n取り込み: 2 件の文書（うち 1 件は変更なし）、17 項目。失敗: 0 件のファイル。\n")


def test_ingest_of_a_missing_file_fails_with_status_1(tmp_path) -> None:
    missing = tmp_path / "missing.txt"
    code, out, _ = run("ingest", str(missing))
    assert code == 1
    assert out == (
        f"✗ {missing}\n    エラー: ファイルが見つかりません。パスを確認してください。\n"
        "\n取り込み: 0 件の文書、0 項目。失敗: 1 件のファイル。\n"
    )


def test_store_error_becomes_a_message(tmp_path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 200)
    code, out, err = run("--db", str(bad), "corpus", "stats")
    assert (code, out) == (1, "")
    assert err.startswith(f"エラー: データベース {bad} は壊れているため開けません（file is not a database）。")


def test_unknown_command_exits_2() -> None:
    with pytest.raises(SystemExit) as caught:
        run("frobnicate")
    assert caught.value.code == 2


def test_bench_only_pdf_prints_pages_per_second_beside_its_baseline(monkeypatch) -> None:
    import re

    import assistant.bench

    monkeypatch.setattr(assistant.bench, "PDF_BENCH_PAGES", 14)
    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    code, out, err = run("bench", "--only", "pdf")
    assert (code, err) == (0, "PDF の取り込み速度を測っています…\n")
    assert re.fullmatch(
        r"PDF 取り込み（罫線の表・段落・見出しの解析、14 頁 48 項目）: \d+\.\d 頁/秒"
        r"（基準: pdfplumber の extract_text だけ \d+\.\d 頁/秒、\d+\.\d 倍の時間）\n", out)


def test_bench_only_batch_prints_each_figure_beside_its_baseline(monkeypatch) -> None:
    import re

    import assistant.bench_batch

    monkeypatch.setattr(assistant.bench_batch, "TOTAL", 4_000)
    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    code, out, err = run("bench", "--only", "batch")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "一括起案の規模（4,000 件、固定シード 12、2コアCPU）"
    assert re.fullmatch(r"同じ文面（手紙の前後と個人情報を除き、NFKC・空白除去）をまとめる: \d+\.\d 秒で 162 種類（基準: 文字列そのままの set\(\) "
                        r"\d+\.\d\d 秒・\d+ 種類、\d+ 倍の時間）", lines[1])
    assert re.fullmatch(r"全体をまとめる（同じ文面、続いて似た文面）: \d+\.\d 秒で \d+ 件の回答、最大の組は同趣旨 [\d,]+件"
                        r"（基準: 先頭 4,000 件で従来の方法＝全件を正規化して group_paragraphs \d+\.\d 秒・(\d+) 組、"
                        r"同じ 4,000 件でこの方法 \d+\.\d 秒・\1 組、\d+\.\d\d 倍の時間）", lines[2])
    # every pair of 20 copies of a long comment, each with a word inserted: all one point, as the old comparison says
    assert re.fullmatch(r"長いご意見（2,600 字）の写し 20 件を2件ずつ比べる（190 組）: \d+\.\d\d 秒、同じ論点 190 組（基準: "
                        r"全文を1文字ずつ対応付ける従来の比較 \d+\.\d 秒・190 組、\d+\.\d{3} 倍の時間）", lines[3])
    assert re.fullmatch(r"CSV 書き出し（\d+ MB）: \d+\.\d 秒", lines[4])
    assert re.fullmatch(r"CSV を1行ずつ読み、同じ文面をまとめる: \d+\.\d 秒、162 種類、Python のメモリ最大 \d+ MiB（基準: "
                        r"ファイル全体を表に読む従来の方法 \d+\.\d 秒・4,000 件・\d+ MiB、\d+\.\d\d 倍の時間、"
                        r"メモリ \d+\.\d\d 倍。メモリは tracemalloc で別に測定）", lines[5])


def test_the_installed_zenrei_command_runs_from_any_folder_like_python_m_assistant(tmp_path, monkeypatch) -> None:
    """scripts/setup.sh installs the project in editable mode: `zenrei` and `python -m assistant` work
    outside the checkout, without PYTHONPATH, and still find the shipped seeds in data/."""
    import subprocess
    import sys
    from pathlib import Path

    monkeypatch.delenv("PYTHONPATH", raising=False)
    zenrei = subprocess.run([str(Path(sys.executable).parent / "zenrei"), "corpus", "stats"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert zenrei.returncode == 0, zenrei.stderr
    assert zenrei.stderr.startswith("初回のため、同梱の前例資料を取り込みました:\n")
    assert zenrei.stdout.splitlines()[0] == "文書: 5 件　前例: 54 件　回答段落: 78 件"
    module = subprocess.run([sys.executable, "-m", "assistant", "corpus", "stats"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert (module.returncode, module.stdout, module.stderr) == (0, zenrei.stdout, "")


def test_bench_only_templates_prints_each_figure_beside_its_baseline(monkeypatch) -> None:
    import re

    import assistant.bench_templates

    monkeypatch.setattr(assistant.bench_templates, "SIZES", (300, 600))
    monkeypatch.setattr(assistant.bench_templates, "STORE_ROWS", 40)
    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    code, out, err = run("bench", "--only", "templates")
    assert code == 0
    assert err.startswith("テンプレートのまとめ方の速度を測っています…\n")
    lines = out.splitlines()
    assert lines[:4] == ["", "テンプレートのまとめ（類似度 0.8、MinHash LSH、合成段落）",
                         "| 段落数 | 異なり | テンプレート | 時間 | 時間/(n log n)（10k比） | 従来の総当たり (比) "
                         "| 向きの確認込み（保存先のまとめ方）: テンプレート・時間 (比) |",
                         "|---:|---:|---:|---:|---:|---|---|"]
    stance = r" \d+・\d+\.\d 秒 \(\d+\.\dx\) \|"
    assert re.fullmatch(r"\| 300 \| \d+ \| \d+ \| \d+\.\d 秒 \| 1\.00 \| \d+\.\d 秒 \(\d+\.\dx\) \|" + stance, lines[4])
    assert re.fullmatch(r"\| 600 \| \d+ \| \d+ \| \d+\.\d 秒 \| \d+\.\d\d \| \d+\.\d 秒 \(\d+\.\dx\) \|" + stance, lines[5])
    assert re.fullmatch(r"300 段落での一致（従来の総当たりが同じテンプレートにした組のうち LSH も同じにした割合）: "
                        r"再現率 [01]\.\d{4}、適合率 [01]\.\d{4}（テンプレート数 \d+、総当たり \d+）", lines[6])
    assert re.fullmatch(r"1件の追加取り込み（40 前例・123 段落の保存先へ、文書・段落・テンプレートを1回で）: \d+\.\d\d 秒"
                        r"（基準: 全段落のまとめ直し \d+\.\d 秒、\d+ 倍の時間。保存先の作成 \d+ 秒）", lines[7])
    assert len(lines) == 8


def test_db_option_keeps_the_index_beside_the_store_it_names(tmp_path, monkeypatch) -> None:
    import assistant.cli as cli
    from assistant import settings

    other = tmp_path / "other" / "corpus.sqlite3"
    Store(other).close()
    monkeypatch.delenv("ZENREI_INDEX_DIR", raising=False)
    before = settings.get("db_path")
    seen = []
    parser = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda: _with_handler(parser(), seen))
    code, _, _ = run("--db", str(other), "corpus", "stats")
    assert (code, seen) == (0, [other.parent / "index"])
    assert settings.get("db_path") == before  # the setting is the user's again after the command


def _with_handler(parser, seen, both=False):
    from assistant import settings

    original = parser.parse_args

    def parse_args(argv=None):
        args = original(argv)
        args.handler = lambda args, store, out: seen.append(
            (settings.index_dir(), settings.backup_dir()) if both else settings.index_dir()) or 0
        return args

    parser.parse_args = parse_args
    return parser


def test_top_k_must_be_positive(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        run("suggest", "除雪の回数を増やしてほしい。", "--top-k", "0")
    assert caught.value.code == 2
    assert "0 は使えません。1 以上の整数を指定してください。" in capsys.readouterr().err


@pytest.mark.parametrize(("arguments", "message"), [
    (["--writers", "0"], "--writers: 0 は使えません。1 以上の整数を指定してください。"),
    (["--seconds", "-1"], "--seconds: -1 は使えません。0 より大きい秒数を指定してください。"),
    (["--seconds", "nan"], "--seconds: nan は使えません。0 より大きい秒数を指定してください。"),
])
def test_stress_saves_refuses_no_writers_and_no_time(capsys, arguments, message) -> None:
    """Review of the README: --writers 0 ended in a ValueError traceback, and --seconds -1 reported 「問題なし」."""
    with pytest.raises(SystemExit) as caught:
        run("stress-saves", *arguments)
    assert caught.value.code == 2
    assert message in capsys.readouterr().err


def test_a_mistyped_db_is_refused_not_created(tmp_path) -> None:
    typo = tmp_path / "corpsu.sqlite3"
    for argv in (("corpus", "stats"), ("suggest", "除雪の回数を増やしてほしい。"), ("audit",)):
        code, out, err = run("--db", str(typo), *argv)
        assert (code, out, err) == (1, "", f"エラー: データベース {typo} がありません。--db のパスを確かめてください（新しいコーパスは "
                                           f"`python -m assistant --db {typo} ingest ファイル` で作ります）。\n")
    assert not typo.exists()
    code, _, _ = run("--db", str(typo), "ingest", str(SEEDS["003"]))
    assert code == 0 and typo.exists()  # ingest is how a new corpus starts


@pytest.mark.parametrize("where, reason", [
    ("missing/corpus.jsonl", "書き出し先のフォルダーがありません。フォルダーを作るか、パスを確かめてください"),
    (".", "フォルダーの名前です。書き出すファイルの名前まで指定してください"),
])
def test_dump_to_a_place_that_cannot_be_written_says_why(tmp_path, where, reason) -> None:
    target = tmp_path / where
    code, out, err = run("corpus", "dump", "-o", str(target))
    assert (code, out, err.splitlines()[-1]) == (1, "", f"エラー: {target} に書き出せません。{reason}。")


def test_a_dump_that_fails_midway_keeps_the_earlier_dump_and_says_why(tmp_path, monkeypatch) -> None:
    target = tmp_path / "corpus.jsonl"
    assert run("corpus", "dump", "-o", str(target))[0] == 0
    before = target.read_bytes()

    def disk_full(store, handle) -> int:
        handle.write('{"comment": "')
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("assistant.cli.dump_jsonl", disk_full)
    code, out, err = run("corpus", "dump", "-o", str(target))
    assert (code, out, err.splitlines()[-1]) == (
        1, "", f"エラー: {target} に書き出せません。ディスクの空きや、ほかのプログラムが開いていないかを確かめてください。")
    assert target.read_bytes() == before
    assert not [path.name for path in tmp_path.iterdir() if path.name.endswith(".part")]


def test_a_dump_to_a_full_device_says_why() -> None:
    code, out, err = run("corpus", "dump", "-o", "/dev/full")
    assert (code, out, err.splitlines()[-1]) == (
        1, "", "エラー: /dev/full に書き出せません。ディスクの空きや、ほかのプログラムが開いていないかを確かめてください。")


def test_audit_limit_must_be_positive(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        run("audit", "--limit", "0")
    assert caught.value.code == 2
    assert "0 は使えません。1 以上の整数を指定してください。" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (("suggest",), "python -m assistant suggest: エラー: 次の指定が必要です: comment"),
    (("corpus",), "python -m assistant corpus: エラー: 次の指定が必要です: {stats,dump,delete}"),
    (("eval", "--mode", "x"), "python -m assistant eval: エラー: --mode に 'x' は指定できません（指定できるもの: 'hybrid', 'dense', 'bm25'）"),
    (("bench", "--queries", "x"), "python -m assistant bench: エラー: --queries には数を指定してください（'x' は数ではありません）"),
    (("eval", "--self", "--queries", "q.jsonl"), "python -m assistant eval: エラー: --queries と --self は一緒に指定できません"),
    (("corpus", "stats", "--foo"), "python -m assistant: エラー: 知らない指定があります: --foo"),
    (("suggest", "-除雪を増やしてほしい。"), "python -m assistant suggest: エラー: 次の指定が必要です: comment（「-除雪を増やしてほしい。」は"
                                  "「-」で始まるため、指定の名前と読まれました。そのまま渡すときは、前に -- を置いてください。例: "
                                  "python -m assistant suggest -- '-除雪を増やしてほしい。'）"),
    (("ingest", "a.csv", "-意見一覧.csv"), "python -m assistant: エラー: 知らない指定があります: -意見一覧.csv（「-意見一覧.csv」は"
                                       "「-」で始まるため、指定の名前と読まれました。そのまま渡すときは、前に -- を置いてください。例: "
                                       "python -m assistant ingest a.csv -- '-意見一覧.csv'）"),
    (("audit", "--since", "-1.5"), "python -m assistant: エラー: 知らない指定があります: --since -1.5"),
    # a store_true option given a value printed argparse's English 「ignored explicit argument '1'」
    (("eval", "--self", "--verbose=1"), "python -m assistant eval: エラー: --verbose は値をとりません（'1' は指定できません。"
                                        "--verbose とだけ書いてください）"),
    (("corpus", "stats", "--json=yes"), "python -m assistant corpus stats: エラー: --json は値をとりません（'yes' は指定できません。"
                                        "--json とだけ書いてください）"),
    (("bench", "--s", "1000"), "python -m assistant bench: エラー: --s はどの指定か決まりません（候補: --sizes, --search-sizes）。"
                               "名前を最後まで書いてください"),
    (("--db", "x.sqlite3", "suggest", "-除雪"), "python -m assistant suggest: エラー: 次の指定が必要です: comment（「-除雪」は「-」で始まる"
                                               "ため、指定の名前と読まれました。そのまま渡すときは、前に -- を置いてください。例: "
                                               "python -m assistant --db x.sqlite3 suggest -- '-除雪'）"),
])
def test_argument_errors_are_in_japanese(capsys, argv, message) -> None:
    with pytest.raises(SystemExit) as caught:
        run(*argv)
    err = capsys.readouterr().err
    assert caught.value.code == 2
    assert err.startswith("使い方: python -m assistant")
    assert err.splitlines()[-1] == message


def test_help_is_in_japanese(capsys) -> None:
    with pytest.raises(SystemExit):
        run("--help")
    out = capsys.readouterr().out
    assert out.startswith("使い方: python -m assistant [-h] [--db DB]")
    assert "\n引数:\n" in out and "\nオプション:\n" in out and "この説明を表示して終わる" in out
    assert "usage" not in out and "positional arguments" not in out


@pytest.mark.parametrize(("variable", "value", "expects", "default"), [
    ("ZENREI_TEMPLATE_SIMILARITY", "abc", "0 から 1 までの数", "0.8"),
    ("ZENREI_TEMPLATE_SIMILARITY", "5", "0 から 1 までの数", "0.8"),
    ("ZENREI_MAX_ROWS", "-1", "1 以上の整数", "500000"),
    ("ZENREI_MAX_CELL_CHARS", "1.5", "1 以上の整数", "100000"),
    ("ZENREI_BACKUP_KEEP", "abc", "0 以上の整数", "14"),  # 0 keeps one, as before
])
def test_a_bad_setting_is_named_before_any_work(monkeypatch, tmp_path, variable, value, expects, default) -> None:
    """Before, a bad ZENREI_MAX_ROWS refused every file as an unexpected error of the file, and a bad
    ZENREI_TEMPLATE_SIMILARITY or ZENREI_BACKUP_KEEP gave a traceback (the latter after the backup was made)."""
    monkeypatch.setenv(variable, value)
    code, out, err = run("ingest", str(SEEDS["003"]))
    assert (code, out, err) == (1, "", f"エラー: 環境変数 {variable} の値「{value}」は使えません（{expects}を指定します）。"
                                       f"値を直すか、変数を消して既定値（{default}）に戻してください。\n")


def test_a_dump_through_a_link_writes_the_file_it_names_and_keeps_its_permissions(tmp_path) -> None:
    real = tmp_path / "real.jsonl"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    assert run("corpus", "dump", "-o", str(link))[0] == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith('{"')
    assert real.stat().st_mode & 0o777 == 0o640


OK_CSV = ("No.,ご意見,市の考え方\n1,除雪の回数を増やしてほしい。,除雪計画に基づき対応します。\n"
          "2,歩道の除雪もお願いしたい。,歩道除雪も計画に含めています。\n")


def _small_store(tmp_path, monkeypatch):
    """A store of two precedents (no seeds) at the isolated ZENREI_DB_PATH, and that path."""
    import os
    from pathlib import Path

    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    source = tmp_path / "ok.csv"
    source.write_text(OK_CSV, encoding="utf-8")
    assert run("ingest", str(source))[0] == 0
    return Path(os.environ["ZENREI_DB_PATH"])


@pytest.mark.parametrize("command", [("corpus", "dump", "-o"), ("audit", "--csv")])
@pytest.mark.parametrize("which", ["store", "link", "wal", "journal"])
def test_an_output_that_is_the_store_or_one_of_its_files_is_refused_and_the_store_kept(tmp_path, monkeypatch, command,
                                                                                      which) -> None:
    """`corpus dump -o corpus.sqlite3` replaced the store with JSON Lines (rc 0; then 「file is not a database」),
    and `audit --csv` did the same."""
    db = _small_store(tmp_path, monkeypatch)
    given = {"store": db, "link": tmp_path / "link.sqlite3", "wal": db.with_name(db.name + "-wal"),
             "journal": db.with_name(db.name + "-journal")}[which]
    if which == "link":
        given.symlink_to(db)
    before = db.read_bytes()
    code, out, err = run(*command, str(given))
    assert (code, out) == (1, "")
    assert err == (f"エラー: {given} はデータベース {db} のファイルです。書き出すとデータベースが失われるため、"
                   "書き出しませんでした。別のファイル名を指定してください。\n")
    assert db.read_bytes() == before
    assert run("corpus", "stats", "--json")[0] == 0


@pytest.mark.parametrize("folder, what", [("backups", "バックアップ"), ("index", "索引")])
def test_an_output_in_the_backup_or_index_folder_is_refused(tmp_path, monkeypatch, folder, what) -> None:
    db = _small_store(tmp_path, monkeypatch)
    monkeypatch.delenv("ZENREI_INDEX_DIR", raising=False)
    given = db.parent / folder / "out.jsonl"
    code, out, err = run("corpus", "dump", "-o", str(given))
    assert (code, out) == (1, "")
    assert err == (f"エラー: {given} はデータベースの{what}のフォルダー {db.parent / folder} の中です。そこに書き出すと"
                   f"{what}を壊すことがあるため、書き出しませんでした。別の場所を指定してください。\n")
    assert not given.exists()


def test_eval_plot_onto_the_store_is_refused_before_the_model_is_loaded(tmp_path, monkeypatch) -> None:
    import assistant.cli as cli

    db = _small_store(tmp_path, monkeypatch)
    monkeypatch.setattr(cli, "_retriever", lambda store, err: pytest.fail("the model was loaded"))
    code, _, err = run("eval", "--self", "--plot", str(db))
    assert code == 1 and err.startswith(f"エラー: {db} はデータベース {db} のファイルです。")


def test_db_naming_another_store_uses_neither_the_configured_index_nor_backup_folder(tmp_path, monkeypatch) -> None:
    """ZENREI_INDEX_DIR and ZENREI_BACKUP_DIR are the configured store's: `--db other suggest` wrote other's index
    into the configured folder (and used that corpus's calibration), and the configured store then re-embedded."""
    import assistant.cli as cli
    from assistant import settings

    other = tmp_path / "other" / "corpus.sqlite3"
    Store(other).close()
    monkeypatch.setenv("ZENREI_INDEX_DIR", str(tmp_path / "configured-index"))
    monkeypatch.setenv("ZENREI_BACKUP_DIR", str(tmp_path / "configured-backups"))
    seen = []
    parser = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda: _with_handler(parser(), seen, both=True))
    code, _, err = run("--db", str(other), "corpus", "stats")
    assert code == 0
    assert seen == [(other.parent / "index", other.parent / "backups")]
    # second review: said, so that an operator does not look for its backups in the configured folder
    assert err.splitlines()[0] == (f"注意: --db の {other} は設定 ZENREI_DB_PATH のデータベースではないため、ZENREI_INDEX_DIR・"
                                   "ZENREI_BACKUP_DIR は使わず、そのデータベースと同じフォルダーの index・backups を使います。")
    assert settings.index_dir() == tmp_path / "configured-index"  # the settings are the user's again after it
    seen.clear()
    Store(settings.get("db_path")).close()
    assert run("--db", settings.get("db_path").as_posix(), "corpus", "stats")[0] == 0  # the configured store itself
    assert seen == [(tmp_path / "configured-index", tmp_path / "configured-backups")]


@pytest.fixture
def fake_eval(tmp_path, monkeypatch):
    """`eval --self` on a small city corpus with the fake encoder (no model), counting the evaluations."""
    import assistant.cli as cli
    from retrieval import build_index
    from tests.fakes import FakeEncoder
    from tests.test_calibration import write_corpus

    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    monkeypatch.setenv("ZENREI_CALIBRATION_QUERIES", "")
    source = tmp_path / "city.csv"
    write_corpus(source)
    assert run("ingest", str(source))[0] == 0
    loaded = []
    monkeypatch.setattr(cli, "_retriever", lambda store, err: loaded.append(1) or build_index(
        store, FakeEncoder(), index_dir=tmp_path / "fake-index"))
    return loaded


@pytest.mark.parametrize("given, message", [
    ("r.pdfx", "エラー: --plot の {p} は図の形式が分かりません。拡張子を .png・.pdf・.svg のどれかにしてください（例: reliability.png）。"),
    ("outdir", "エラー: --plot の {p} は図の形式が分かりません。拡張子を .png・.pdf・.svg のどれかにしてください（例: reliability.png）。"),
    ("folder", "エラー: --plot の {p} はフォルダーです。図のファイル名まで指定してください（例: {p}/reliability.png）。"),
])
def test_eval_plot_of_an_unknown_format_or_a_folder_is_refused_before_evaluating(tmp_path, fake_eval, given,
                                                                                 message) -> None:
    """`--plot r.pdfx` failed with matplotlib's ValueError after the whole evaluation, and `--plot outdir` said
    「outdir に保存しました」 but wrote outdir.png."""
    path = tmp_path / given
    if given == "folder":
        path.mkdir()
    code, out, err = run("eval", "--self", "--plot", str(path))
    assert (code, out, err, fake_eval) == (1, "", message.format(p=path) + "\n", [])
    assert not (tmp_path / "outdir.png").exists()


def test_eval_plot_where_nothing_can_be_written_is_refused_before_evaluating(fake_eval) -> None:
    """`--plot /proc/x.png` was a FileNotFoundError traceback after the whole evaluation, nothing printed."""
    code, out, err = run("eval", "--self", "--plot", "/proc/x.png")
    assert (code, out, fake_eval) == (1, "", [])
    assert err.startswith("エラー: --plot の /proc/x.png に書き出せません。")


def test_eval_prints_its_figures_before_drawing_and_names_the_file_written(tmp_path, fake_eval, monkeypatch) -> None:
    import retrieval.report

    target = tmp_path / "figs" / "r.svg"
    code, out, err = run("eval", "--self", "--plot", str(target))
    assert code == 0, err
    assert out.startswith("方式: hybrid　クエリ: ")
    assert out.endswith(f"信頼度の図を {target} に保存しました。\n")
    assert target.read_text(encoding="utf-8").lstrip().startswith("<?xml")

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(retrieval.report, "reliability_plot", refused)
    code, out, err = run("eval", "--self", "--plot", str(target))
    assert code == 1
    assert "信頼度の表（最上位の候補の確からしさと、実際に正しかった割合）:" in out
    assert err == (f"エラー: 評価の結果は上のとおりですが、信頼度の図は{target} に書き出せません。書き込む権限がありません。"
                   "別の場所を指定してください。\n")


@pytest.mark.parametrize("variable, value, accepted, default", [
    ("ZENREI_ENCODE_PRECISION", "fp16", "「auto」「float32」「bfloat16」のどれか", "auto"),
    ("ZENREI_ENCODE_PRECISION", "bf16", "「auto」「float32」「bfloat16」のどれか", "auto"),
    ("ZENREI_FINETUNE", "on", "「auto」「off」のどれか", "off"),
    ("ZENREI_ENCODE_BACKEND", "onnx_int8", "「auto」「torch」「onnx」「onnx-int8」のどれか", "auto"),
])
def test_a_setting_value_outside_its_choices_is_named_before_any_work(monkeypatch, variable, value, accepted,
                                                                      default) -> None:
    """「fp16」 (or 「bf16」) ran float32 and 「on」 left fine-tuning off, silently."""
    monkeypatch.setenv(variable, value)
    code, out, err = run("corpus", "stats")
    assert (code, out) == (1, "")
    assert err == (f"エラー: 環境変数 {variable} の値「{value}」は使えません（{accepted}を指定します）。"
                   f"値を直すか、変数を消して既定値（{default}）に戻してください。\n")


def test_a_setting_choice_ignores_letter_case(monkeypatch) -> None:
    from assistant import settings

    monkeypatch.setenv("ZENREI_ENCODE_PRECISION", " BFloat16 ")
    assert settings.get("encode_precision") == "bfloat16"


def test_ctrl_c_during_ingest_says_what_was_stored_and_exits_130(tmp_path, monkeypatch) -> None:
    """Ctrl+C was a KeyboardInterrupt traceback (rc -2) that did not say which documents were already stored."""
    import assistant.cli as cli
    from assistant.ingest import ingest

    db = _small_store(tmp_path, monkeypatch)
    second = tmp_path / "second.csv"
    second.write_text("No.,ご意見,市の考え方,件名\n1,公園の遊具を新しくしてほしい。,点検結果に基づき更新します。,公園の意見募集\n",
                      encoding="utf-8")

    def interrupted(paths, store, **kwargs):
        ingest([second], store)  # the first document is stored, then Ctrl+C
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "ingest", interrupted)
    code, out, err = run("ingest", str(second), str(tmp_path / "third.csv"))
    with Store(db) as store:
        [new] = [doc for doc in store.documents() if doc.title == "公園の意見募集"]
        assert len(store.documents()) == 2
    assert (code, out) == (130, "")
    assert err == (f"\n中断しました（Ctrl+C）。それまでに保存した文書は 1 件です（{new.id} 公園の意見募集）。残りのファイルは"
                   "取り込まれていません。もう一度取り込めば、保存済みの文書は「変更なし」となり、重複しません。"
                   "データベースは壊れていません（書きかけの変更は保存されていません）。\n")


def test_ctrl_c_during_ingest_counts_a_replaced_document_as_stored(tmp_path, monkeypatch) -> None:
    """Review 147: the message counted only documents unlike those stored before, so a corrected version that had
    replaced its stored document (same id, title, count and file) was 「それまでに保存した文書は 0 件です」."""
    import assistant.cli as cli
    from assistant.ingest import ingest

    _small_store(tmp_path, monkeypatch)
    source = tmp_path / "ok.csv"
    source.write_text(OK_CSV.replace("歩道除雪も計画に含めています。", "歩道除雪も計画に含めて実施しています。"), encoding="utf-8")

    def interrupted(paths, store, **kwargs):
        ingest([source], store)  # the corrected version replaces the stored one, then Ctrl+C
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "ingest", interrupted)
    code, out, err = run("ingest", str(source), str(tmp_path / "third.csv"))
    with Store(os.environ["ZENREI_DB_PATH"]) as store:
        [doc] = store.documents()
        assert [p.answer for p in store.precedents()][1] == "歩道除雪も計画に含めて実施しています。"
    assert (code, out) == (130, "")
    assert err.startswith(f"\n中断しました（Ctrl+C）。それまでに保存した文書は 1 件です（{doc.id} {doc.title}（置き換え））。")


def _lock_after_first_write(monkeypatch, db) -> list:
    """Another connection takes the store's write lock right after the first document is written, and holds it;
    the store waits for it briefly. Returns the list that receives that connection."""
    import sqlite3

    from assistant import store as store_module

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr(store_module, "BUSY_RETRIES", 1)
    write = Store.write_document
    lockers: list = []

    def write_then_lock(self, *args, **kwargs):
        if lockers:
            return write(self, *args, **kwargs)
        plan = write(self, *args, **kwargs)
        locker = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        locker.execute("BEGIN IMMEDIATE")
        lockers.append(locker)
        return plan

    monkeypatch.setattr(Store, "write_document", write_then_lock)
    return lockers


BUSY = ("ほかの人の保存や取り込みが続いていて、データベースに書き込めなかったため、取り込んでいません。"
        "少し待ってから、もう一度取り込んでください。")


def _ingest_locked_after_first_write(monkeypatch, db, files):
    """``ingest`` of ``files`` with the store locked after its first write: exit code, output, errors and the one
    document stored (公園の意見募集)."""
    lockers = _lock_after_first_write(monkeypatch, db)
    code, out, err = run("ingest", *files)
    lockers[0].execute("ROLLBACK")
    with Store(db) as store:
        [park] = [doc for doc in store.documents() if doc.title == "公園の意見募集"]
        assert len(store.documents()) == 2
    return code, out, err, park


def test_an_ingest_the_store_lock_stops_partway_reports_what_was_stored_and_what_was_not(tmp_path, monkeypatch) -> None:
    """Review 147: a store locked by another writer after some documents were written ended the ingest with no
    report, only 「…データベースに書き込めませんでした。何も変更していません。…」, although those documents were
    stored. Now each file's report and the summary are printed, and the error names what was stored."""
    db = _small_store(tmp_path, monkeypatch)
    files = []
    for name, title in (("a.csv", "公園の意見募集"), ("b.csv", "図書館の意見募集"), ("c.csv", "道路の意見募集")):
        (tmp_path / name).write_text(f"No.,ご意見,市の考え方,件名\n1,{title}について意見します。,検討します。,{title}\n",
                                     encoding="utf-8")
        files.append(str(tmp_path / name))
    code, out, err, park = _ingest_locked_after_first_write(monkeypatch, db, files)
    assert code == 1
    assert out.startswith(f"✓ {files[0]}\n    公園の意見募集\n")
    assert f"✗ {files[1]}\n    エラー: {BUSY}\n✗ {files[2]}\n    エラー: {BUSY}\n" in out
    assert out.endswith("\n取り込み: 1 件の文書、1 項目。失敗: 2 件のファイル。\n")
    assert err.splitlines()[3:] == [f"エラー: ほかの人の保存や取り込みが続いていて、途中からデータベースに書き込めなくなりました。それまでに保存した"
                   f"文書は 1 件です（{park.id} 公園の意見募集（追加））。残りの 2 件の文書は取り込んでいません。少し待ってから、"
                   "同じファイルをもう一度取り込んでください（保存済みの文書は「変更なし」となり、重複しません）。"]
    code, out, _ = run("ingest", *files)  # the rest, once the store is free
    assert code == 0
    assert out.endswith("\n取り込み: 3 件の文書（うち 1 件は変更なし）、3 項目。失敗: 0 件のファイル。\n")


def test_a_copy_of_a_document_the_store_lock_stopped_is_not_ingested_either(tmp_path, monkeypatch) -> None:
    """Review 155: with the store locked after the first document, the web page failed 「…取り込んでいません」 but its
    text copy said 「同じ文書を b_snow.html（Web ページ）から取り込んだため…」 and the summary 「同じ文書のため省略」, covered
    by a file never stored, and the error counted 「残りの 1 件」. A copy, older version or part of a document the lock
    stopped is not ingested either, and counted so."""
    from tests.test_identity import ROWS, page_of, text_of

    db = _small_store(tmp_path, monkeypatch)
    files = [tmp_path / "a.csv", tmp_path / "b_snow.html", tmp_path / "c_snow.txt"]
    files[0].write_text("No.,ご意見,市の考え方,件名\n1,公園を増やしてほしい。,検討します。,公園の意見募集\n", encoding="utf-8")
    files[1].write_text(page_of(ROWS), encoding="utf-8")
    files[2].write_text(text_of(ROWS), encoding="utf-8")
    code, out, err, park = _ingest_locked_after_first_write(monkeypatch, db, map(str, files))
    assert code == 1
    assert f"✗ {files[1]}\n    エラー: {BUSY}\n✗ {files[2]}\n    エラー: {BUSY}\n" in out
    assert out.endswith("\n取り込み: 1 件の文書、1 項目。失敗: 2 件のファイル。\n")
    assert err.splitlines()[3:] == [f"エラー: ほかの人の保存や取り込みが続いていて、途中からデータベースに書き込めなくなりました。それまでに保存した"
                   f"文書は 1 件です（{park.id} 公園の意見募集（追加））。残りの 2 件の文書は取り込んでいません。少し待ってから、"
                   "同じファイルをもう一度取り込んでください（保存済みの文書は「変更なし」となり、重複しません）。"]


def test_ctrl_c_in_another_command_exits_130_with_a_message(monkeypatch) -> None:
    import assistant.cli as cli

    def interrupted(args, store, out):
        raise KeyboardInterrupt

    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    parser = cli.build_parser

    def build():
        built = parser()
        original = built.parse_args
        built.parse_args = lambda argv=None: setattr(args := original(argv), "handler", interrupted) or args
        return built

    monkeypatch.setattr(cli, "build_parser", build)
    assert run("corpus", "stats") == (130, "", "\n中断しました（Ctrl+C）。データベースは壊れていません（書きかけの変更は保存されていません）。\n")


def test_eval_self_on_a_corpus_without_pairs_says_what_it_cannot_measure(tmp_path, monkeypatch) -> None:
    """Review 130: no two comments sharing an answer, `eval --self` printed recall@1, recall@3 and MRR 0.000, figures
    it had not measured; with no query at all it said 「前例のないクエリがないため…」."""
    import assistant.cli as cli
    from retrieval import build_index
    from tests.fakes import FakeEncoder
    from tests.test_calibration import LONE, write_rows

    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    monkeypatch.setenv("ZENREI_CALIBRATION_QUERIES", "")
    monkeypatch.setattr(cli, "_retriever", lambda store, err: build_index(store, FakeEncoder(),
                                                                          index_dir=tmp_path / "fake-index"))
    source = tmp_path / "lone.csv"
    write_rows(source, LONE)
    assert run("ingest", str(source))[0] == 0
    code, out, err = run("eval", "--self")
    assert code == 0, err
    assert out.splitlines()[:10] == [
        "方式: hybrid　クエリ: 10 件（コーパス自身の組（1件ずつ除いて検索））",
        "  recall@1      —", "  recall@3      —", "  recall@5      —", "  mrr           —",
        "  ood_precision 1.000", "  ood_recall    1.000", "  ood_auroc     —",
        "  （前例のあるクエリがないため、recall と MRR は測れません）",
        "  前例があるのに「前例なし」と判定したクエリ: 0 件",
    ]


def _verdict(confidence: float, threshold: float, judged: bool = True):
    """A one-point result with one card of probability ``confidence`` (as retrieval.search builds it)."""
    from retrieval import PointResult, Source, Suggestion, SuggestResult

    source = Source("d1-1", "d1", "除雪計画", "1", "令和7年1月6日～令和7年2月5日", "2025-01-06", None, "除雪を増やして。")
    card = Suggestion(1, confidence, "t1", "d1-1", "計画的に除雪します。", (), (source,), (), "d1-1",
                      is_precedent=judged and confidence >= threshold)
    point = PointResult("除雪", not judged or confidence < threshold, confidence, (card,), threshold, judged)
    return SuggestResult("除雪", point.no_precedent, (point,))


@pytest.mark.parametrize(("confidence", "threshold", "verdict", "card"), [
    # 0.18524 against 0.18592 read 「確からしさ 19%、前例とみなすのは 19% 以上」 (review 129)
    (0.18524, 0.18592, "【近い前例はありません】（最も近い候補の確からしさ 18%、前例とみなすのは 19% 以上）", "1. 参考　確からしさ 18%"),
    (0.186, 0.18592, "【前例があります】（確からしさ 19%）", "1. 前例　確からしさ 19%"),
    (0.1845, 0.1841, "【前例があります】（確からしさ 19%）", "1. 前例　確からしさ 19%"),  # never below 「19% 以上」
    (0.05, 0.18592, "【近い前例はありません】（最も近い候補の確からしさ 5%、前例とみなすのは 19% 以上）", "1. 参考　確からしさ 5%"),
    (0.94, 0.18592, "【前例があります】（確からしさ 94%）", "1. 前例　確からしさ 94%"),
], ids=["just-below", "just-above", "above-under-a-whole-percent", "far-below", "far-above"])
def test_suggest_percentages_read_on_their_side_of_the_threshold(confidence, threshold, verdict, card) -> None:
    from assistant.cli import format_suggestions

    lines = format_suggestions(_verdict(confidence, threshold)).splitlines()
    assert (lines[0], lines[-3].strip()) == (verdict, f"{card}　使用 1 件")


@pytest.mark.parametrize(("period", "line"), [("令和7年1月6日～令和7年2月5日", "└ 除雪計画（令和7年1月6日～令和7年2月5日）No.1"),
                                            ("", "└ 除雪計画No.1")])
def test_suggest_names_a_source_without_a_period_without_empty_brackets(period, line) -> None:
    """A staff sheet or a document that states no period was shown as 「除雪計画（）No.1」."""
    from dataclasses import replace

    from assistant.cli import format_suggestions

    result = _verdict(0.94, 0.18592)
    point = result.points[0]
    card = replace(point.results[0], sources=(replace(point.results[0].sources[0], period=period),))
    result = replace(result, points=(replace(point, results=(card,)),))
    assert format_suggestions(result).splitlines()[-1].strip() == line


def test_suggest_shows_no_probability_for_a_keyword_it_does_not_judge() -> None:
    """A bare keyword gets no verdict; its cards showed 確からしさ 94 % beside 「判断できません」 (review 129)."""
    from assistant.cli import format_suggestions
    from retrieval.results import TOO_FEW_WORDS

    lines = format_suggestions(_verdict(0.94, 0.18592, judged=False)).splitlines()
    assert (lines[0], lines[2]) == (f"【判断できません】{TOO_FEW_WORDS}", "  1. 参考　確からしさ 判定なし　使用 1 件")


@pytest.mark.parametrize("command", ["eval", "calibrate"])
@pytest.mark.parametrize("content", ["", "\n  \n"])
def test_a_query_file_without_a_query_is_refused_before_the_model_loads(tmp_path, fake_eval, command, content) -> None:
    """`eval --queries empty.jsonl` loaded the model and printed a table of 「—」 with rc 0; `calibrate` loaded it and
    said the gold answers were not in the corpus."""
    from retrieval.labels import QUERY_SHAPE

    path = tmp_path / "empty.jsonl"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(command, "--queries", str(path))
    assert (code, out, err, fake_eval) == (
        1, "", f"エラー: {path} にクエリが1件もありません（空のファイルか、空行だけです）。{QUERY_SHAPE}\n", [])


@pytest.mark.parametrize("argv", [("eval", "--self"), ("eval", "--queries", "QUERIES"), ("calibrate",),
                                  ("calibrate", "--queries", "QUERIES")])
def test_a_store_without_precedents_is_refused_before_the_model_loads(tmp_path, monkeypatch, argv) -> None:
    """An empty store (a failed ingest creates the file; a mistyped --db) was evaluated with rc 0 and 「自己評価
    できません」, and `calibrate` saved a fit 「前例 0 件から」."""
    import assistant.cli as cli

    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    monkeypatch.setattr(cli, "_retriever", lambda store, err: pytest.fail("the model was loaded"))
    db = tmp_path / "empty store" / "corpus.sqlite3"
    Store(db).close()
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "a", "query": "除雪を増やして", "gold": ["除雪計画"]}\n', encoding="utf-8")
    code, out, err = run("--db", str(db), *(str(queries) if arg == "QUERIES" else arg for arg in argv))
    assert (code, out) == (1, "")
    assert err == (f"エラー: コーパス（{db}）に前例がありません。先に `python -m assistant --db '{db}' ingest ファイル` で"
                   "前例を取り込んでください（--db のパスを打ち間違えたときは、正しいパスを指定してください）。\n")
    assert not (db.parent / "index").exists() and not list(tmp_path.rglob("calibration.json"))


@pytest.mark.parametrize("argv, message", [
    (("eval", "--self", "--compare"),
     "--compare と --self は一緒に指定できません（--compare は --queries のファイルのクエリで方式を比べます）"),
    (("eval", "--compare"), "--compare には --queries のファイルが必要です"),
    (("eval", "--queries", "q.jsonl", "--compare", "--plot", "r.png"),
     "--compare と --plot は一緒に指定できません（方式の比較では信頼度の図を描きません。図は --compare を付けずに描いてください）"),
])
def test_what_compare_cannot_do_is_an_argument_error(capsys, fake_eval, argv, message) -> None:
    """`eval --self --compare` loaded the model before refusing; `--compare --plot` printed the table with rc 0 and
    drew no figure, saying nothing."""
    with pytest.raises(SystemExit) as caught:
        run(*argv)
    err = capsys.readouterr().err
    assert (caught.value.code, fake_eval) == (2, [])
    assert err.startswith("使い方: python -m assistant eval")
    assert err.splitlines()[-1] == f"python -m assistant eval: エラー: {message}"


def test_ctrl_c_while_the_cli_loads_exits_130_with_a_line_not_a_traceback(monkeypatch, capsys) -> None:
    """The imports take seconds on a busy machine; Ctrl+C then printed a traceback ending in KeyboardInterrupt."""
    import sys
    import types

    import assistant.__main__ as entry

    loading = types.ModuleType("assistant.cli")

    def interrupted(name):
        raise KeyboardInterrupt

    loading.__getattr__ = interrupted  # `from assistant.cli import main` is interrupted halfway
    monkeypatch.setitem(sys.modules, "assistant.cli", loading)
    assert entry.run() == 130
    assert capsys.readouterr() == ("", "\n中断しました（Ctrl+C）。データベースは壊れていません（書きかけの変更は保存されていません）。\n")


def test_calibrate_on_a_file_of_only_out_of_domain_queries_says_so_before_the_model_loads(tmp_path, fake_eval) -> None:
    """Every query out_of_domain: `calibrate` loaded the model and said the gold answers were hardly found in this
    corpus (「半数未満」), though the file has no gold answer to look for."""
    path = tmp_path / "ood.jsonl"
    path.write_text('{"id": "n1", "query": "市役所の食堂のメニューを増やしてほしい。", "out_of_domain": true}\n\n'
                    '{"id": "n2", "query": "図書館の開館時間を延ばしてほしい。", "gold": [], "out_of_domain": true}\n',
                    encoding="utf-8")
    code, out, err = run("calibrate", "--queries", str(path))
    assert (code, out, fake_eval) == (1, "", [])
    assert err == (f"エラー: {path} には前例のあるクエリ（正解の回答の一節 gold があり、out_of_domain が false のもの）が"
                   "1件もありません（2 行のクエリがすべて out_of_domain: true です）。順位付けは前例のあるクエリの正解で合わせる"
                   "ため、このファイルでは校正できません。正解の回答の一節を書いた、前例のあるクエリを加えてください。\n")
    assert not list(tmp_path.rglob("calibration.json"))


@pytest.mark.parametrize("verbose", [True, False])
def test_eval_lines_say_why_a_query_has_no_rank_and_whether_its_verdict_was_right(tmp_path, fake_eval, monkeypatch,
                                                                                  verbose) -> None:
    """`eval --verbose` printed 「順位 None　前例なし判定 True」 alike for a query whose answer no card held, a query
    without a precedent and a query judged 「前例なし」, and did not say whether an out_of_domain verdict was right."""
    import retrieval.evaluate
    from retrieval.evaluate import QueryOutcome, metrics

    outcomes = [QueryOutcome("q1", False, 1, False, 0.81, True), QueryOutcome("q2", False, 2, True, 0.07),
                QueryOutcome("q3", False, None, False, 0.40), QueryOutcome("q4", False, None, True, 0.05),
                QueryOutcome("n1", True, None, True, 0.03), QueryOutcome("n2", True, None, False, 0.62)]
    monkeypatch.setattr(retrieval.evaluate, "evaluate", lambda retriever, queries, mode: (metrics(outcomes), outcomes))
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "q1", "query": "除雪の回数を増やしてほしい。", "gold": ["除雪計画"]}\n', encoding="utf-8")
    code, out, err = run("eval", "--queries", str(path), *(["--verbose"] if verbose else []))
    assert code == 0, err
    lines = [
        "  　　　 q1: 順位 1　前例ありと判定（正しい）　確からしさ 0.81",
        "  要確認 q2: 順位 2　前例なしと判定（誤り）　確からしさ 0.07",
        "  要確認 q3: 順位 -（候補外: 上位 10 件に正解の回答なし）　前例ありと判定（正しい）　確からしさ 0.40",
        "  要確認 q4: 順位 -（候補外: 上位 10 件に正解の回答なし）　前例なしと判定（誤り）　確からしさ 0.05",
        "  　　　 n1: 順位 -（前例のないクエリ）　前例なしと判定（正しい）　確からしさ 0.03",
        "  要確認 n2: 順位 -（前例のないクエリ）　前例ありと判定（誤り）　確からしさ 0.62",
    ]
    expected = lines if verbose else [line for line in lines if line.startswith("  要確認")]
    assert out.splitlines()[-len(expected):] == expected
    assert out.splitlines()[-len(expected) - 1].startswith("  0.")  # the reliability table's last row before them


def test_stats_lists_the_nos_a_schema_update_asks_to_check(isolated_settings) -> None:
    """The Nos. schema 9 and 10 kept apart or named (meta draft_numbers_to_check) were shown by no command."""
    run("corpus", "stats")  # seeded
    entries = [{"consultation": "雪対策", "no": "3<U+200B>", "now": "3(表記違い2)", "why": "No.3 の回答案がほかにあります"},
               {"consultation": "雪対策", "no": "1、2", "now": "1、2", "why": "No.2 とご意見の番号が重なります"}]
    with Store(isolated_settings) as store:
        store.set_meta("draft_numbers_to_check", json.dumps(entries, ensure_ascii=False))
    code, out, _ = run("corpus", "stats")
    lines = out.splitlines()
    start = lines.index("確かめてほしい回答案の No.（2 件。下書きのページで直し、「確かめました」を押すまで表示）:")
    assert (code, lines[start + 1:start + 4]) == (0, [
        "  「雪対策」No.3<U+200B> → No.3(表記違い2)：No.3 の回答案がほかにあります",
        "  「雪対策」No.1、2：No.2 とご意見の番号が重なります", ""])
    assert json.loads(run("corpus", "stats", "--json")[1])["draft_numbers_to_check"] == entries


_LONG_NO = "1" * 5000  # a cell of digits under 「No.」: Python reads at most 4,300 digits as a number
_LONG_NO_ROWS = [("1", "除雪を早くしてほしい。", "除雪計画に基づき実施します。"), (_LONG_NO, "公園を整備してほしい。", "検討します。"),
                 ("3～" + _LONG_NO, "図書館を増やしてほしい。", "図書館計画で検討します。"),
                 ("4," + "2" * 4999, "バスを増やしてほしい。", "交通計画で検討します。")]


def _long_no_file(tmp_path, kind: str):
    if kind == "csv":
        import csv
        path = tmp_path / "long.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([("No.", "ご意見", "回答"), *_LONG_NO_ROWS])
    elif kind == "html":
        path = tmp_path / "long.html"
        rows = "".join(f"<tr><td>{no}</td><td>{comment}</td><td>{answer}</td></tr>" for no, comment, answer in _LONG_NO_ROWS)
        path.write_text("<html><body><h1>緑の計画（案）に対する意見募集の結果</h1><p>意見数 4件</p><table border=1>"
                        f"<tr><th>No.</th><th>ご意見の概要</th><th>本市の考え方</th></tr>{rows}</table></body></html>",
                        encoding="utf-8")
    else:
        from docx import Document
        document = Document()
        document.add_paragraph("緑の計画（案）に対する意見募集の結果")
        table = document.add_table(rows=1, cols=3)
        for cell, name in zip(table.rows[0].cells, ("No.", "ご意見の概要", "市の考え方")):
            cell.text = name
        for row in _LONG_NO_ROWS:
            for cell, value in zip(table.add_row().cells, row):
                cell.text = value
        path = tmp_path / "long.docx"
        document.save(path)
    return path


@pytest.mark.parametrize("kind", ["csv", "html", "docx"])
def test_a_no_of_thousands_of_digits_is_read_not_an_unexpected_error(tmp_path, monkeypatch, kind) -> None:
    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    path = _long_no_file(tmp_path, kind)
    code, out, err = run("ingest", str(path))
    assert (code, err) == (0, f"[1/1] {path}\n")
    assert "項目: 4 件" in out
    assert out.endswith("取り込み: 1 件の文書、4 項目。失敗: 0 件のファイル。\n")
    with Store(os.environ["ZENREI_DB_PATH"]) as store:
        numbers = [row[0] for row in store.conn.execute("SELECT no FROM precedents ORDER BY seq")]
    assert [len(number) for number in numbers] == [1, 5000, 5002, 5001]


def test_stats_tells_apart_two_templates_whose_wordings_begin_with_the_same_60_characters(monkeypatch, tmp_path) -> None:
    """Two templates' most used wordings that share their first 60 characters had printed as one line twice
    (「…皆様の貴重なご意見を踏まえて、市内…」): each is shown to 10 characters past where they first differ."""
    import csv

    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    start = "公共交通の利便性の向上につきましては、交通事業者や関係機関と連携しながら、利用される皆様の貴重なご意見を踏まえて、"
    bus = start + "市内のバス路線の再編と運行本数の見直しを令和8年度から段階的に実施する予定です。"
    station = start + "市内のバス停留所の上屋やベンチは、利用状況を調査したうえで設置場所を検討いたします。"
    path = tmp_path / "transit.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["件名", "No.", "ご意見", "本市の考え方"],
                                      *[["交通計画", str(n), f"交通の意見{n}", bus if n <= 3 else station] for n in range(1, 6)]])
    assert run("ingest", str(path))[0] == 0
    assert len(start) == 57 and bus[:62] == station[:62] and bus[62] != station[62]
    code, out, _ = run("corpus", "stats")
    lines = out.splitlines()
    assert (code, lines[lines.index("よく使われる回答:") + 1:lines.index("よく使われる回答:") + 4]) == (0, [
        f"  3 前例 / 1 文書（この文面 3 前例、文面 1 種類）  {start}市内のバス路線の再編と運行本数…",
        f"  2 前例 / 1 文書（この文面 2 前例、文面 1 種類）  {start}市内のバス停留所の上屋やベンチ…", ""])


def test_stats_shows_two_long_wordings_that_differ_late_each_on_a_short_line() -> None:
    """Second reading of s49 #2: two wordings differing only at their 231st character each printed 240 characters, the
    same 230 twice. Widened past 80 characters, a wording is shown as its first 20, 「…」, and 20 before where it
    differs to 10 past it; one that is the other's start ends where it ends."""
    from assistant.cli import shown_wordings

    start = "".join(f"第{n}項の趣旨を踏まえて検討します。" for n in range(1, 15))[:230]
    first, second, short = start + "バス路線の再編を進めます。", start + "駅前広場を整備いたします。", start
    assert (len(start), len(first)) == (230, 243)
    assert shown_wordings([first, second, short]) == [
        f"{start[:20]}…{start[210:]}バス路線の再編を進め…", f"{start[:20]}…{start[210:]}駅前広場を整備いたし…",
        f"{start[:20]}…{start[210:]}"]
    assert [len(text) for text in shown_wordings([first, second, short])] == [52, 52, 41]
    assert shown_wordings([first, second[:70] + "。"]) == [first[:80] + "…", second[:70] + "。"]  # up to 80: whole
