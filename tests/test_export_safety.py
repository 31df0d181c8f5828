"""Exports that cannot run code: per leading character, the xlsx has no formula cell and the csv no
formula text (OWASP: a leading apostrophe), also in the consultation's title."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from assistant.drafts import Consultation, Draft, save_consultation, save_draft
from assistant.export import answer_table, export_csv, export_xlsx
from assistant.formulas import neutralise

LEADING = ["=", "+", "-", "@", "\t", "＝", "＋", "－", "＠"]


@pytest.fixture(params=LEADING, ids=lambda c: f"U+{ord(c):04X}")
def hostile(request, store):
    """A consultation whose title, comment and answer all start with the character."""
    char = request.param
    save_consultation(store, Consultation("攻撃", f"{char}HYPERLINK(\"http://x.example/\",\"表題\")"))
    save_draft(store, Draft(None, "攻撃", "1", f"{char}cmd|' /C calc'!A0", f"{char}1+1", author="山田"))
    return char, answer_table(store, "攻撃")


def test_xlsx_has_no_formula_cell(hostile) -> None:
    char, table = hostile
    data = export_xlsx(table)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert {cell.data_type for cell in cells} == {"s"}
    assert sheet["A1"].value == f"{char}HYPERLINK(\"http://x.example/\",\"表題\")について寄せられたご意見と本市の考え方"
    assert [sheet.cell(3, c).value for c in (1, 2, 3)] == ["1", f"{char}cmd|' /C calc'!A0", f"{char}1+1"]
    assert (sheet["A1"].quotePrefix, sheet["B3"].quotePrefix, sheet["C3"].quotePrefix) == (True, True, True)


def test_csv_has_no_formula_text(hostile) -> None:
    char, table = hostile
    rows = list(csv.reader(io.StringIO(export_csv(table).decode("utf-8-sig"))))
    assert rows[0] == [f"'{char}HYPERLINK(\"http://x.example/\",\"表題\")について寄せられたご意見と本市の考え方"]
    assert rows[2] == ["1", f"'{char}cmd|' /C calc'!A0", f"'{char}1+1"]
    assert not any(cell.startswith(tuple(LEADING)) for row in rows for cell in row)


@pytest.mark.parametrize(("value", "cell"), [("1", "1"), ("ご意見", "ご意見"), ("", ""), (None, ""), ("a=b", "a=b"),
                                             ("'ご意見", "'ご意見")])
def test_harmless_text_is_left_as_it_is(value, cell) -> None:
    assert neutralise(value) == cell


def test_characters_no_xml_file_may_hold_are_dropped_and_an_emoji_family_stays_whole(store) -> None:
    """U+FFFF / U+FFFE pasted into a comment made the Word and Excel exports fail with an English
    ValueError; the zero-width joiner inside 👨‍👩‍👧 was removed, splitting it into three faces."""
    from docx import Document

    from assistant.export import export_docx

    save_consultation(store, Consultation("雪", "除雪計画"))
    save_draft(store, Draft(None, "雪", "1", "除雪\uffffを\ufffe増やして👨\u200d👩\u200d👧", "検討します。", author="山田"))
    table = answer_table(store, "雪")
    assert table.rows == (("1", "除雪を増やして👨\u200d👩\u200d👧", "検討します。"),)
    assert load_workbook(io.BytesIO(export_xlsx(table))).active["B3"].value == "除雪を増やして👨\u200d👩\u200d👧"
    assert Document(io.BytesIO(export_docx(table))).tables[0].rows[1].cells[1].text == "除雪を増やして👨\u200d👩\u200d👧"


def test_a_control_character_in_the_title_or_the_no_is_dropped_so_every_format_is_written(store) -> None:
    """A vertical tab pasted from Office into the title made the Excel export raise openpyxl's
    IllegalCharacterError and the Word one a ValueError, on the page, in English; only comments and answers
    were cleaned."""
    from docx import Document

    from assistant.export import export_docx

    save_consultation(store, Consultation("雪", "除雪計画\x0b（案）"))
    save_draft(store, Draft(None, "雪", "1\x0c", "除雪を増やして。", "検討します。", author="山田"))
    table = answer_table(store, "雪")
    assert (table.title, table.rows) == ("除雪計画（案）", (("1", "除雪を増やして。", "検討します。"),))
    assert load_workbook(io.BytesIO(export_xlsx(table))).active["A1"].value == "除雪計画（案）について寄せられたご意見と本市の考え方"
    assert Document(io.BytesIO(export_docx(table))).paragraphs[0].text == "除雪計画（案）について寄せられたご意見と本市の考え方"
    assert export_csv(table).decode("utf-8-sig").splitlines()[0] == "除雪計画（案）について寄せられたご意見と本市の考え方"


def test_office_line_breaks_in_a_comment_are_line_breaks_before_masking(store) -> None:
    """Review rv-export #1: Word's manual line break (U+000B) and a PDF's page break (U+000C) were removed, joining
    the lines before masking: the table printed 「氏名：山田太郎住所：●●●…」 (the name) and 「氏名：●●●。」 (the whole
    comment masked away)."""
    save_consultation(store, Consultation("雪", "除雪計画"))
    save_draft(store, Draft(None, "雪", "1", "氏名：山田太郎\x0b住所：札幌市北区北7条西5丁目1番地\x0b除雪を早くしてほしい。",
                            "検討\x0bします。", author="佐藤"))
    save_draft(store, Draft(None, "雪", "2", "氏名：鈴木花子\x0c歩道の除雪を増やしてほしい。", "検討します。", author="佐藤"))
    table = answer_table(store, "雪")
    assert table.rows == (("1", "氏名：●●●\n住所：●●●\n除雪を早くしてほしい。", "検討\nします。"),
                          ("2", "氏名：●●●\n歩道の除雪を増やしてほしい。", "検討します。"))
    assert "山田太郎" not in export_csv(table).decode("utf-8-sig")


def test_a_text_longer_than_an_excel_cell_is_refused_for_excel_and_written_whole_elsewhere(store) -> None:
    """openpyxl cut a 33,816-character answer at 32,767 without a word (its conclusion lost)."""
    from docx import Document

    from assistant.errors import ExportError
    from assistant.export import export_docx

    answer = "検討します。" * 6_000 + "【結論】原案のとおりとします。"
    save_consultation(store, Consultation("雪", "除雪計画"))
    save_draft(store, Draft(None, "雪", "3", "除雪を", answer, author="山田"))
    table = answer_table(store, "雪")
    with pytest.raises(ExportError) as caught:
        export_xlsx(table)
    assert str(caught.value) == ("No.3 の「本市の考え方」は 36,015 字あり、Excel の1つのセルに入る 32,767 字を超えています。"
                                 "Word か CSV で書き出してください（どちらも全文を書き出します）。")
    assert Document(io.BytesIO(export_docx(table))).tables[0].rows[1].cells[2].text == answer
    assert list(csv.reader(io.StringIO(export_csv(table).decode("utf-8-sig"))))[-1][2] == answer


def test_excel_rows_are_as_high_as_their_wrapped_text_and_the_files_name_no_library(store) -> None:
    """Rows had no height: a four-paragraph answer showed and printed one line. Word's file properties said
    「python-docx」, 2013; Excel's 「openpyxl」."""
    from docx import Document

    from assistant.export import export_docx

    save_consultation(store, Consultation("雪", "除雪計画"))
    save_draft(store, Draft(None, "雪", "1", "除雪を", "一。\n二。\n三。\n" + "あ" * 60, author="山田"))
    save_draft(store, Draft(None, "雪", "2", "短い", "はい。", author="山田"))
    table = answer_table(store, "雪")
    book = load_workbook(io.BytesIO(export_xlsx(table)))
    sheet = book.active
    assert (sheet.row_dimensions[3].height, sheet.row_dimensions[4].height) == (93.0, 18.0)  # 6 lines, 1 line
    assert (book.properties.creator, book.properties.title) == (None, "除雪計画")
    properties = Document(io.BytesIO(export_docx(table))).core_properties
    assert (properties.author, properties.comments, properties.title) == ("", "", "除雪計画")
    assert properties.created.year >= 2026
    for data in (export_xlsx(table), export_docx(table)):  # the application property names no library either
        assert re.findall(r"<Application>(.*)</Application>", zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode()) == [
            "前例回答アシスタント"]


def test_a_citizens_own_apostrophe_before_a_formula_sign_survives_the_csv(tmp_path) -> None:
    """「'=1+1」 was written as it was (it starts with 「'」) and read back as 「=1+1」: the reader takes one leading
    apostrophe off a formula; such text now gets one more."""
    from assistant.export import AnswerTable
    from assistant.readers import read_document

    table = AnswerTable("除雪計画", "", (("1", "'=1+1と書くと式になります。", "'-'の扱いを確かめます。"),
                                        ("2", "''@mentionです。", "回答します。")))
    path = tmp_path / "answers.csv"
    path.write_bytes(export_csv(table))
    assert list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))[2:] == [
        ["1", "''=1+1と書くと式になります。", "''-'の扱いを確かめます。"], ["2", "'''@mentionです。", "回答します。"]]
    [document] = read_document(path)
    assert [(item.no, item.comment, item.answer) for item in document.items] == list(table.rows)


@pytest.mark.parametrize("name", ["", "　", " ", " \t\u200b"])
def test_an_empty_consultation_name_exports_nothing(store, name: str) -> None:
    """list_drafts reads an empty name as every consultation: answer_table(store, "") was one table of every
    consultation's drafts (two 「No.1」, an empty title)."""
    from assistant.errors import AssistantError

    save_draft(store, Draft(None, "除雪計画", "1", "除雪してほしい。", "対応します。", author="山田"))
    save_draft(store, Draft(None, "図書館計画", "1", "開館時間を延長して。", "検討します。", author="山田"))
    with pytest.raises(AssistantError) as refused:
        answer_table(store, name)
    assert str(refused.value) == "意見募集の名前が空です。書き出す回答案を保存した意見募集の名前（例: 除雪計画）を入力してください。"
    assert answer_table(store, "除雪計画").rows == (("1", "除雪してほしい。", "対応します。"),)
