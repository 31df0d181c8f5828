"""Batch at national scale: exact copies merged before near-duplicates, with counts; streamed reading;
input limits (file size, rows, cell length, unpacked XLSX size) with the same message for ingest and batch."""

from __future__ import annotations

import codecs
import zipfile

import pandas as pd
import pytest

from assistant.batch import exact_key, group_batch, group_similar, read_comment_file, read_comments
from assistant.errors import InputTooLargeError
from assistant.readers import read_document

LETTER = "再生可能エネルギーの導入目標を引き上げ、石炭火力発電所の新設を中止してください。"
CARD = "マイナンバーカードの取得は義務ですか。"


def test_copies_merge_first_then_near_duplicates_with_counts_in_first_appearance_order() -> None:
    comments = [CARD, LETTER, "除雪を増やして。", LETTER.replace("、", "、\u3000"), "ＣＯ２を減らして。",
                LETTER + "！", "CO2を 減らして。", LETTER]
    groups = group_batch(comments)
    assert [(g.index, g.members, g.count, g.copies) for g in groups] == [
        (0, (0,), 1, 0), (1, (1, 3, 5, 7), 4, 2), (2, (2,), 1, 0), (4, (4, 6), 2, 1)]
    letter = groups[1]
    assert letter.comment == LETTER
    assert letter.variants == ((LETTER, 1, 3), (LETTER + "！", 5, 1))
    assert (letter.no, letter.label) == ("2・4・6・8", "同趣旨 4件（同文の写し 2件、似た文面 2種類）")
    assert letter.summary == LETTER + "\n（同趣旨 4件）"
    assert (groups[0].label, groups[0].summary, groups[3].label) == ("", CARD, "同趣旨 2件（同文の写し 1件）")
    assert group_similar(comments) == [0, 1, 2, 1, 4, 1, 4, 1]


def test_a_large_group_is_numbered_by_its_first_comment_and_count() -> None:
    [group] = group_batch([LETTER] * 1523)
    assert (group.no, group.label, group.copies) == ("1ほか1,522件", "同趣旨 1,523件（同文の写し 1,522件）", 1522)


def test_the_exact_key_ignores_width_and_every_space() -> None:
    assert exact_key("ＣＯ２を　減らして\n ください") == exact_key("CO2を減らしてください") == "CO2を減らしてください"


def test_group_batch_takes_a_stream_once() -> None:
    stream = (LETTER if i % 25 else f"{i}番目の意見です。除雪を増やしてください。" for i in range(10_000))
    groups = group_batch(stream)
    assert [(g.index, g.count, g.copies, len(g.variants)) for g in groups] == [(0, 400, 0, 400), (1, 9_600, 9_599, 1)]


def test_comments_stream_from_a_utf16_tsv(tmp_path) -> None:
    path = tmp_path / "comments.tsv"
    path.write_bytes(codecs.BOM_UTF16_LE + "番号\tご意見\n1\t除雪を増やして\n2\t\"図書館を\r\n広げて\"\n".encode("utf-16-le"))
    assert list(read_comments(path)) == ["除雪を増やして", "図書館を\n広げて"]  # the citizen's line break kept


def assert_both_readers_refuse(path, message: str) -> None:
    """The batch page's reader and ingest's reader refuse the file with the same message."""
    for read in (read_comment_file, read_document):
        with pytest.raises(InputTooLargeError) as caught:
            read(path)
        assert str(caught.value) == message


def test_a_million_character_cell_gets_a_message_not_a_csv_error(tmp_path) -> None:
    path = tmp_path / "comments.csv"
    path.write_text("No.,ご意見,本市の考え方\n1,除雪を増やして,検討します。\n2," + "あ" * 1_000_000 + ",検討します。\n",
                    encoding="utf-8")
    message = (f"{path}: セル（3行目）が 1,000,000 文字あり、上限の 100,000 文字を超えています。"
               "セルの内容を確かめ、長い文章は分けて入れてください（上限は ZENREI_MAX_CELL_CHARS）。")
    assert_both_readers_refuse(path, message)


def _bomb(path, chars: int) -> None:
    """An XLSX of a few kilobytes whose shared strings unpack to over ``3 × chars`` bytes."""
    plain = path.with_name("plain.xlsx")
    pd.DataFrame([["ご意見", "本市の考え方"], ["除雪を増やして", "検討します。"]]).to_excel(plain, header=False, index=False)
    strings = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
               f"<si><t>{'あ' * chars}</t></si></sst>")
    link = ('<Relationship Id="rIdStrings" Target="sharedStrings.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>')
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", link.encode())
            target.writestr(info.filename, data)
        target.writestr("xl/sharedStrings.xml", strings)


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_before_parsing(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ZENREI_MAX_XLSX_UNCOMPRESSED_MB", "1")
    path = tmp_path / "bomb.xlsx"
    _bomb(path, 1_000_000)
    assert path.stat().st_size < 30_000
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size > 3_000_000
    message = (f"{path}: XLSX を展開すると 3 MB になり、上限の 1 MB を超えています。不要なシートや書式を消して保存し直すか、"
               "CSV で保存して読み込んでください（上限は ZENREI_MAX_XLSX_UNCOMPRESSED_MB）。")
    assert_both_readers_refuse(path, message)


def test_a_long_cell_in_an_xlsx_names_its_row(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ZENREI_MAX_CELL_CHARS", "1000")  # Excel itself keeps at most 32,767 characters a cell
    path = tmp_path / "long.xlsx"
    pd.DataFrame([["ご意見"], ["除雪を増やして"], ["い" * 1001]]).to_excel(path, header=False, index=False)
    with pytest.raises(InputTooLargeError) as caught:
        read_comment_file(path)
    assert caught.value.reason.startswith("セル（3行目）が 1,001 文字あり、上限の 1,000 文字を超えています。")


def test_too_many_rows_are_refused_not_cut(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ZENREI_MAX_ROWS", "3")
    path = tmp_path / "comments.csv"
    path.write_text("ご意見\n一\n\n二\n三\n", encoding="utf-8")
    with pytest.raises(InputTooLargeError) as caught:
        read_comment_file(path)
    assert caught.value.reason == ("内容のある行が上限の 3 行を超えています。"
                                   "ファイルを分けて読み込むか、管理者に上限（ZENREI_MAX_ROWS）を上げてもらってください。")
    path.write_text("ご意見\n一\n\n二\n", encoding="utf-8")
    assert read_comment_file(path) == ["一", "二"]


def test_a_file_over_the_upload_limit_is_refused_by_batch_and_ingest(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ZENREI_MAX_UPLOAD_MB", "1")
    path = tmp_path / "comments.csv"
    path.write_text("ご意見\n" + "除雪を増やして。\n" * 70_000, encoding="utf-8")  # 1,750,010 bytes
    message = (f"{path}: ファイルが 1.7 MB あり、上限の 1 MB を超えています。"
               "ファイルを分けて読み込むか、管理者に上限（ZENREI_MAX_UPLOAD_MB）を上げてもらってください。")
    assert_both_readers_refuse(path, message)


def test_a_groups_draft_keeps_its_count_in_the_exported_table(store) -> None:
    from assistant.batch import save_batch
    from assistant.drafts import Consultation, Draft
    from assistant.export import answer_table

    [group] = group_batch([LETTER] * 1523)
    save_batch(store, Consultation("計画", "環境基本計画"),
               [Draft(None, "計画", group.no, group.summary, "ご意見として承ります。", author="山田")])
    assert answer_table(store, "計画").rows == (
        ("1ほか1,522件", LETTER + "\n（同趣旨 1,523件）", "ご意見として承ります。"),)


def test_ingest_reports_an_unpacked_xlsx_over_the_limit_and_leaves_the_store_as_it_was(tmp_path, seeded,
                                                                                      monkeypatch) -> None:
    from assistant.ingest import ingest

    monkeypatch.setenv("ZENREI_MAX_XLSX_UNCOMPRESSED_MB", "1")
    path = tmp_path / "bomb.xlsx"
    _bomb(path, 1_000_000)
    before = seeded.stats(), [p.id for p in seeded.precedents()]
    reports = ingest([path], seeded)
    assert [(r.ok, r.error) for r in reports] == [(False, "XLSX を展開すると 3 MB になり、上限の 1 MB を超えています。"
                                                   "不要なシートや書式を消して保存し直すか、CSV で保存して読み込んでください"
                                                   "（上限は ZENREI_MAX_XLSX_UNCOMPRESSED_MB）。")]
    assert (seeded.stats(), [p.id for p in seeded.precedents()]) == before
