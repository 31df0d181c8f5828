"""Bad input gets a clear message, and the store stays exactly as it was."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from assistant.errors import (
    BinaryFileError,
    EmptyFileError,
    MissingColumnsError,
    NoContentError,
    SourceNotFoundError,
    UnknownEncodingError,
)
from assistant.ingest import ingest
from assistant.readers import read_document
from tests.conftest import SEEDS


def make_empty(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    return path


def make_blank(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text(" \n\n\u3000\n", encoding="utf-8")
    return path


def make_binary(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return path


def make_unknown_encoding(tmp_path):
    path = tmp_path / "eucjp.txt"
    path.write_bytes("No.\t寄せられたご意見\t本市の考え方\n1\t除雪について\t検討します。\n".encode("euc_jp"))
    return path


def make_no_content(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("これは議事メモです。\n表も質疑もありません。\n", encoding="utf-8")
    return path


def make_xlsx_without_columns(tmp_path):
    path = tmp_path / "names.xlsx"
    pd.DataFrame([["氏名", "電話"], ["山田", "011"]]).to_excel(path, header=False, index=False)
    return path


def make_fake_xlsx(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("No.,ご意見,本市の考え方\n", encoding="utf-8")
    return path


def make_broken_xlsx(tmp_path):
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return path


def make_missing(tmp_path):
    return tmp_path / "nowhere" / "missing.txt"


def make_header_only(tmp_path):
    path = tmp_path / "header.txt"
    path.write_text("No.\t寄せられたご意見\t本市の考え方\n", encoding="utf-8")
    return path


CASES = [
    (make_empty, EmptyFileError, "ファイルが空です。内容のあるファイルを指定してください。"),
    (make_blank, EmptyFileError, "ファイルが空です。内容のあるファイルを指定してください。"),
    (make_binary, BinaryFileError,
     "テキストではないファイルです（バイナリ）。公表資料の PDF・Word・Excel・Web ページ・テキスト、または CSV を指定してください。"),
    (make_unknown_encoding, UnknownEncodingError,
     "文字コードを判別できません。UTF-8 または Shift_JIS（CP932）で保存し直すか、--encoding で文字コードを指定してください。"),
    (make_no_content, NoContentError,
     "意見と回答の表（「No.」の見出し行）も、会議録のQ&A（「・」の質問と「→」の回答）も見つかりません。"
     "公表資料のテキストか、No.・ご意見・本市の考え方の列がある CSV / XLSX を指定してください。"),
    (make_header_only, NoContentError, "表の見出し行はありますが、意見の行がありません。"),
    (make_xlsx_without_columns, MissingColumnsError,
     "必要な列が見つかりません。見つかった列: 氏名、電話。必要な列: No.（任意）、ご意見、本市の考え方"
     "（任意: 件名、担当課、日付、事務名）。1行目（見出し行）の列名を確認してください。"),
    (make_fake_xlsx, BinaryFileError, "XLSX ファイルとして読めません。Excel で「.xlsx」形式で保存し直してください。"),
    (make_missing, SourceNotFoundError, "ファイルが見つかりません。パスを確認してください。"),
]


@pytest.mark.parametrize(("make", "error", "message"), CASES, ids=[case[0].__name__ for case in CASES])
def test_reader_raises_a_clear_error(tmp_path, make, error, message) -> None:
    path = make(tmp_path)
    with pytest.raises(error) as caught:
        read_document(path)
    assert caught.value.reason == message
    assert str(caught.value) == f"{path}: {message}"


@pytest.mark.parametrize(("make", "error", "message"), CASES, ids=[case[0].__name__ for case in CASES])
def test_bad_file_leaves_the_store_unchanged(tmp_path, seeded, make, error, message) -> None:
    before = seeded.stats(), [p.id for p in seeded.precedents()]
    reports = ingest([make(tmp_path)], seeded)
    assert [(r.ok, r.error) for r in reports] == [(False, message)]
    assert (seeded.stats(), [p.id for p in seeded.precedents()]) == before


def test_broken_xlsx_is_reported(tmp_path) -> None:
    with pytest.raises(BinaryFileError) as caught:
        read_document(make_broken_xlsx(tmp_path))
    assert caught.value.reason.startswith("XLSX ファイルが壊れているか読めません")


def test_folder_is_not_a_file(tmp_path) -> None:
    with pytest.raises(SourceNotFoundError) as caught:
        read_document(tmp_path)
    assert caught.value.reason == "ファイルではありません（フォルダーです）。ファイルを指定してください。"


def test_forced_encoding_reads_what_detection_refuses(tmp_path) -> None:
    [document] = read_document(make_unknown_encoding(tmp_path), encoding="euc_jp")
    assert document.items[0].comment == "除雪について"


def test_wrong_forced_encoding_is_explained(tmp_path) -> None:
    path = tmp_path / "utf8.txt"
    path.write_bytes("No.\tご意見\t回答\n1\t雪\t除雪\n".encode("utf-8"))
    with pytest.raises(UnknownEncodingError) as caught:
        read_document(path, encoding="ascii")
    assert caught.value.reason == "文字コード ascii では読めません（UnicodeDecodeError）。--encoding を確認してください。"


def test_one_bad_file_does_not_stop_the_good_ones(tmp_path, store) -> None:
    reports = ingest([make_empty(tmp_path), SEEDS["000"]], store)
    assert [(r.ok, r.n_items) for r in reports] == [(False, 0), (True, 9)]
    assert store.stats().n_precedents == 9
