"""Labelled files (eval/calibrate --queries, personal-eval --data): a line of the wrong shape is refused by its
number with what it should be, never read into something else, and never a traceback."""

from __future__ import annotations

import io
import json

import pytest

from assistant.cli import main
from assistant.errors import AssistantError
from assistant.personal_eval import read_labelled
from retrieval.labels import LabelledQuery, read_queries

SHAPE = ('1行を {"id": "q1", "query": "ご意見の文", "gold": ["正解の回答の一節", …], "out_of_domain": false} の形にして'
         "ください（gold は文字列のリストで、前例のないクエリ（out_of_domain が true）だけ省略可。out_of_domain は true か false で、"
         "省略すると false）。")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_well_formed_queries_are_read_as_written(tmp_path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": 7, "query": "除雪を増やして", "gold": ["除雪計画"]}\n\n'
                    '{"id": "b", "query": "図書館の開館時間", "out_of_domain": true}\n', encoding="utf-8")
    assert [(q.id, q.query, q.gold, q.out_of_domain) for q in read_queries(path)] == [
        ("7", "除雪を増やして", ("除雪計画",), False), ("b", "図書館の開館時間", (), True)]


@pytest.mark.parametrize("line, reason", [
    # a string gold was split into characters: almost any answer counted as correct
    ('{"id": "a", "query": "除雪", "gold": "除雪計画"}', '「gold」は文字列のリストにしてください（"除雪計画" は使えません）'),
    ('{"id": "a", "query": "除雪", "gold": [1]}', "「gold」の中身は空でない文字列にしてください"),
    # a query with a precedent and no gold was counted as a miss: recall@1 0.250 where it was 0.333, rc 0
    ('{"id": "a", "query": "除雪"}', '「gold」がありません。前例のあるクエリには正解の回答の一節を、前例のないクエリには '
                                   '"out_of_domain": true を書いてください'),
    ('{"id": "a", "query": "除雪", "gold": [], "out_of_domain": false}',
     '「gold」が空です。前例のあるクエリには正解の回答の一節を、前例のないクエリには "out_of_domain": true を書いてください'),
    # the string "false" was True
    ('{"id": "a", "query": "除雪", "out_of_domain": "false"}',
     '「out_of_domain」はtrue か false のどちらかにしてください（"false" は使えません）'),
    ('{"id": "a", "query": "除雪", "out_of_domain": 0}', "「out_of_domain」はtrue か false のどちらかにしてください（0 は使えません）"),
    # a number was an AttributeError traceback
    ('{"id": "a", "query": 123}', "「query」は文字列にしてください（123 は使えません）"),
    ('{"id": "a", "query": " "}', "「query」が空です"),
    ('{"id": "a"}', "項目「query」がありません"),
    ('["除雪"]', "1行が1つの JSON オブジェクト {…} ではありません"),
])
def test_a_query_line_of_the_wrong_shape_is_refused_by_its_number(tmp_path, line, reason) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "ok", "query": "歩道の除雪", "gold": ["歩道除雪"]}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(AssistantError) as caught:
        read_queries(path)
    assert str(caught.value) == f"{path} の 2 行目を読めません（{reason}）。{SHAPE}"


def test_a_query_file_not_in_utf8_is_refused_by_eval_without_a_traceback(tmp_path, monkeypatch) -> None:
    import assistant.cli as cli

    monkeypatch.setattr(cli, "_retriever", lambda store, err: pytest.fail("the model was loaded"))
    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    path = tmp_path / "q.jsonl"
    path.write_bytes('{"id": "a", "query": "除雪"}\n'.encode("cp932"))
    for command in ("eval", "calibrate"):
        code, out, err = run(command, "--queries", str(path))
        assert (code, out, err) == (1, "", f"エラー: {path} は UTF-8 で書かれていないため読めません（23 バイト目）。"
                                           "UTF-8 で保存し直してください。\n")


def test_eval_refuses_a_string_gold_before_loading_the_model(tmp_path, monkeypatch) -> None:
    import assistant.cli as cli

    monkeypatch.setattr(cli, "_retriever", lambda store, err: pytest.fail("the model was loaded"))
    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "query": "除雪", "gold": "除雪計画"}\n', encoding="utf-8")
    code, out, err = run("eval", "--queries", str(path))
    assert (code, out) == (1, "")
    assert err == (f'エラー: {path} の 1 行目を読めません（「gold」は文字列のリストにしてください（"除雪計画" は使えません））。'
                   f"{SHAPE}\n")


@pytest.mark.parametrize("line, reason", [
    ('{"text": "山田太郎です", "spans": "山田太郎"}', '「spans」は[種類, 文字列] のリストにしてください（"山田太郎" は使えません）'),
    ('{"text": "山田太郎です", "spans": [["name"]]}', "「spans」の各項目は [種類, 文字列] にしてください"),
    ('{"text": 1, "spans": []}', "「text」は文字列にしてください（1 は使えません）"),
])
def test_a_labelled_snippet_of_the_wrong_shape_is_refused_by_its_number(tmp_path, line, reason) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(AssistantError) as caught:
        read_labelled(path)
    assert str(caught.value) == (f"{path} の 1 行目を読めません（{reason}）。"
                                 '{"text": …, "spans": [[種類, 文字列], …]} の形にしてください。')


def test_a_file_saved_as_utf8_with_a_bom_is_read(tmp_path) -> None:
    """「UTF-8 (BOM 付き)」 was refused: 「1 行目を読めません（Unexpected UTF-8 BOM (decode using utf-8-sig)…）」."""
    path = tmp_path / "q.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + '{"id": "a", "query": "ごみの有料化について", "gold": ["参考"]}\n'.encode("utf-8"))
    assert read_queries(path) == read_queries(path, searchable=True) == [
        LabelledQuery("a", "ごみの有料化について", ("参考",), False)]
    snippets = tmp_path / "s.jsonl"
    snippets.write_bytes(b"\xef\xbb\xbf" + '{"text": "山田太郎です", "spans": [["name", "山田太郎"]]}\n'.encode("utf-8"))
    assert read_labelled(snippets)[0].spans == (("name", "山田太郎"),)
    # a BOM before text in another encoding: the byte named is the file's, the BOM counted
    path.write_bytes(b"\xef\xbb\xbf" + '{"id": "a", "query": "除雪"}\n'.encode("cp932"))
    with pytest.raises(AssistantError) as caught:
        read_queries(path)
    assert str(caught.value) == f"{path} は UTF-8 で書かれていないため読めません（26 バイト目）。UTF-8 で保存し直してください。"


VALID = [f'{{"id": "v{n}", "query": "歩道の除雪をお願いしたい{n}", "gold": ["歩道除雪"]}}' for n in range(1, 5)]


@pytest.mark.parametrize("compare", [False, True])
@pytest.mark.parametrize("query, limit, reason", [
    ("？？？", None, "文字が含まれていません（絵文字や記号だけのようです）。ご意見の本文を入力してください。"),
    ("除雪の回数を増やしてほしいです。", "10", "コメントが長すぎます（16文字）。10文字以内に分けて入力してください。"),
])
def test_eval_refuses_a_query_the_search_refuses_by_its_line_and_id_before_loading_the_model(
        tmp_path, monkeypatch, compare, query, limit, reason) -> None:
    """`eval` searched lines 1-2, then stopped at line 3 with only the search's message (no line, no id; rc 1, the
    results lost) after the model had loaded; `--compare` counted the query as a miss."""
    import assistant.cli as cli

    monkeypatch.setattr(cli, "_retriever", lambda store, err: pytest.fail("the model was loaded"))
    monkeypatch.setenv("ZENREI_AUTO_SEED", "0")
    if limit:
        monkeypatch.setenv("ZENREI_MAX_QUERY_CHARS", limit)
    path = tmp_path / "q.jsonl"
    bad = json.dumps({"id": "sym", "query": query, "gold": ["x"]}, ensure_ascii=False)
    path.write_text("\n".join(VALID[:2] + [bad] + VALID[2:]) + "\n", encoding="utf-8")
    if limit:
        path.write_text(bad + "\n", encoding="utf-8")  # the valid lines are over 10 characters too
    code, out, err = run("eval", "--queries", str(path), *(["--compare"] if compare else []))
    line = 1 if limit else 3
    assert (code, out, err) == (1, "", f"エラー: {path} の {line} 行目: id「sym」のクエリは検索できません。{reason}\n")
