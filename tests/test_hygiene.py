"""Input hygiene on ingest: control characters removed, empty rows skipped with a warning, XLSX formula
cells read as the values Excel saved (or reported when there are none)."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

from assistant.batch import read_comment_file
from assistant.ingest import ingest
from assistant.readers import read_document

FORMULA = '="計画的に"&"実施します。"'


def workbook(path, rows, cached: str | None = None):
    """An XLSX written by a program (openpyxl): formulas without a saved value, unless ``cached`` is put
    into the file the way Excel saves it."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if cached is not None:
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                content = source.read(info.filename)
                if info.filename == "xl/worksheets/sheet1.xml":
                    content = content.decode().replace('<c r="C2"><f>', '<c r="C2" t="str"><f>').replace(
                        "</f><v></v>", f"</f><v>{cached}</v>").encode()
                target.writestr(info, content)
        data = out.getvalue()
    path.write_bytes(data)
    return path


def test_control_characters_are_removed_and_counted(tmp_path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("No.,ご意見,本市の考え方\n1,除雪を\x00増やして\x1b。,計画的に\u202e実施します。\n", encoding="utf-8")
    [document] = read_document(path)
    assert (document.items[0].comment, document.items[0].answer) == ("除雪を増やして。", "計画的に実施します。")
    assert document.warnings == ("制御文字（NUL など）3 個を取り除きました。",)


def test_office_line_breaks_in_a_comment_or_an_answer_are_read_as_line_breaks() -> None:
    """Review rv-export #1: a manual line break from Word (U+000B) or a page break (U+000C) that a reader leaves in a
    comment was removed and counted as a control character, joining its lines (「氏名：山田太郎除雪を…」, whose name
    no mask found). A title and a No. drop them as before."""
    from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
    from assistant.readers.hygiene import clean_document

    items = (ParsedItem("1\x0b", "氏名：山田太郎\x0b除雪を\x00増やして。\u2028以上", ("計画的に\x0c実施します。",)),)
    document = clean_document(ParsedDocument(DocumentMeta("除雪計画\x0b（案）", "table"), items))
    assert (document.meta.title, document.items[0].no, document.items[0].comment, document.items[0].answer) == (
        "除雪計画（案）", "1", "氏名：山田太郎\n除雪を増やして。\n以上", "計画的に\n実施します。")
    assert document.warnings == ("制御文字（NUL など）3 個を取り除きました。",)


def test_a_row_with_neither_comment_nor_answer_is_skipped_with_a_warning(tmp_path, store) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("No.,ご意見,本市の考え方\n1,除雪を。,実施します。\n2,,\n3,排雪を。,\n", encoding="utf-8")
    [report] = ingest([path], store)
    assert report.n_items == 2
    assert report.warnings == ("3行目: ご意見も回答も空のため読み飛ばしました。",
                               "4行目: 回答（本市の考え方）が空です。回答の欄を確認してください。")
    assert [p.no for p in store.precedents()] == ["1", "3"]


def test_published_items_with_neither_comment_nor_answer_are_skipped(tmp_path) -> None:
    path = tmp_path / "kekka.txt"
    path.write_text("除雪について寄せられたご意見と本市の考え方\n\nNo.\tご意見\t本市の考え方\n"
                    "1\t除雪を増やして。\t<p>実施します。</p>\n2\t\x00\t<p></p>\n", encoding="utf-8")
    [document] = read_document(path)
    assert [item.no for item in document.items] == ["1"]
    assert document.warnings[-2:] == ("No.2: ご意見も回答も空のため読み飛ばしました。", "制御文字（NUL など）1 個を取り除きました。")


def test_the_declared_count_is_compared_with_the_items_kept(tmp_path) -> None:
    path = tmp_path / "kekka.txt"
    path.write_text("除雪について寄せられたご意見と本市の考え方\n意見総数 1件\n\nNo.\tご意見\t本市の考え方\n"
                    "1\t除雪を増やして。\t<p>実施します。</p>\n2\t\t<p></p>\n", encoding="utf-8")
    [document] = read_document(path)
    assert [item.no for item in document.items] == ["1"]
    assert document.warnings == ("No.2: ご意見も回答も空のため読み飛ばしました。",)  # 1 declared, 1 kept: no count warning


def test_xlsx_formula_cells_are_read_as_their_saved_values(tmp_path) -> None:
    path = workbook(tmp_path / "answers.xlsx", [["No.", "ご意見", "本市の考え方"], [1, "除雪を増やして。", FORMULA]],
                    cached="計画的に実施します。")
    [document] = read_document(path)
    assert document.items[0].answer == "計画的に実施します。"
    assert document.warnings == ()


def test_xlsx_formula_cells_without_a_saved_value_are_reported(tmp_path, store) -> None:
    path = workbook(tmp_path / "answers.xlsx", [["No.", "ご意見", "本市の考え方"], [1, "除雪を増やして。", FORMULA],
                                                [2, "排雪を。", "お知らせします。"]])
    [report] = ingest([path], store)
    assert report.warnings == (
        "2行目: 回答（本市の考え方）が空です。回答の欄を確認してください。",
        "数式のセル 1 個（Sheet C2）に計算結果が保存されていないため、空として読みました。"
        "Excel で開いて保存し直してから取り込むと、計算結果を読み取れます。",
    )
    assert [p.answer for p in store.precedents()] == ["", "お知らせします。"]


def test_batch_comments_from_xlsx_use_saved_values(tmp_path) -> None:
    path = workbook(tmp_path / "comments.xlsx", [["No.", "ご意見", "x"], [1, "除雪を増やして。", FORMULA]],
                    cached="計画的に実施します。")
    assert read_comment_file(path) == ["除雪を増やして。"]


def test_an_answer_that_refers_to_another_row_is_that_row_s_answer(tmp_path, store) -> None:
    """A published table answers 「同上」 or 「No.3の回答のとおりです。」: stored as the answer, a card offered 「同上」 as
    the reusable answer (review of published formats). The row referred to gives the answer; the words as published
    are kept, and the items are named; a reference to a row the document does not have stays as it is."""
    path = tmp_path / "kekka.txt"
    path.write_text("公園について寄せられたご意見と本市の考え方\n\nNo.\tご意見\t本市の考え方\n"
                    "1\t遊具を増やして。\t<p>幼児向け遊具を増設します。</p>\n2\t子どもの遊具が少ない。\t<p>同上</p>\n"
                    "3\tトイレを洋式に。\t<p>全てのトイレを洋式化します。</p>\n4\tトイレが古い。\t<p>No.3の回答のとおりです。</p>\n"
                    "5\t駐車場を。\t<p>No.9と同じ。</p>\n", encoding="utf-8")
    [document] = read_document(path)
    assert [(i.no, i.answer, i.extra) for i in document.items] == [
        ("1", "幼児向け遊具を増設します。", {}), ("2", "幼児向け遊具を増設します。", {"回答（原文）": "同上"}),
        ("3", "全てのトイレを洋式化します。", {}),
        ("4", "全てのトイレを洋式化します。", {"回答（原文）": "No.3の回答のとおりです。"}), ("5", "No.9と同じ。", {})]
    assert document.warnings == (
        "No.2: 回答「同上」は前の項目（No.1）の回答を指すため、その回答を取り込みました（元の文は「回答（原文）」として残しています）。",
        "No.4: 回答「No.3の回答のとおりです。」はNo.3の回答を指すため、その回答を取り込みました（元の文は「回答（原文）」として残しています）。",
        "No.5: 回答「No.9と同じ。」が指すNo.9は文書にないため、そのまま取り込みました。原本を確認してください。")
    ingest([path], store)
    assert [p.answer for p in store.precedents()][1] == "幼児向け遊具を増設します。"


def test_a_reference_is_looked_for_in_its_own_section_among_later_rows_and_a_group_s_nos(tmp_path) -> None:
    """Second reading: with numbering that restarts per heading, 「No.1の回答のとおりです。」 in Ⅱ took Ⅰ's No.1 answer (the
    toilet comment stored with the playground answer); a reference to a later row, or to a No. a group 「1・2」 lists,
    was said not to exist."""
    from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
    from assistant.readers.hygiene import clean_document

    items = (ParsedItem("1", "遊具を増やして。", ("幼児向け遊具を増設します。",), "遊具について"),
             ParsedItem("1", "トイレを洋式に。", ("全てのトイレを洋式化します。",), "トイレについて"),
             ParsedItem("2", "トイレが古い。", ("No.1の回答のとおりです。",), "トイレについて"),
             ParsedItem("3・4", "駐車場を。", ("駐車場を拡張します。",), "駐車場について"),
             ParsedItem("5", "駐車場が狭い。", ("No.4と同じ",), "駐車場について"),
             ParsedItem("6", "駐輪場を。", ("No.7の回答をご参照ください。",), "駐車場について"),
             ParsedItem("7", "駐輪場が足りない。", ("駐輪場を増設します。",), "駐車場について"),
             ParsedItem("8", "ベンチを。", ("No.1と同じ。",), "その他"),
             ParsedItem("9", "街灯を。", ("No.10と同じ。",), "その他"), ParsedItem("10", "街灯が暗い。", ("No.9と同じ。",), "その他"))
    document = clean_document(ParsedDocument(DocumentMeta("公園計画", "table"), items))
    assert [i.answer for i in document.items] == [
        "幼児向け遊具を増設します。", "全てのトイレを洋式化します。", "全てのトイレを洋式化します。", "駐車場を拡張します。",
        "駐車場を拡張します。", "駐輪場を増設します。", "駐輪場を増設します。", "No.1と同じ。", "No.10と同じ。", "No.9と同じ。"]
    assert document.warnings[-3:] == (
        "No.8: 回答「No.1と同じ。」が指すNo.1が2か所にあり、どれか決められないため、そのまま取り込みました。原本を確認してください。",
        "No.9: 回答「No.10と同じ。」が指すNo.10の回答が空か、この項目を指し返しているため、そのまま取り込みました。"
        "原本を確認してください。",
        "No.10: 回答「No.9と同じ。」が指すNo.9の回答が空か、この項目を指し返しているため、そのまま取り込みました。"
        "原本を確認してください。")


def test_a_reference_to_no_1_is_followed_beside_a_no_written_with_a_thousands_separator() -> None:
    """Second reading: with 「1,234」 read as the list 1 and 234, 「No.1と同様です。」 found No.1 in two rows and was kept
    as published; a 「1」 of its own is the row named."""
    from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
    from assistant.readers.hygiene import clean_document

    items = (ParsedItem("1", "バスの本数を増やしてほしい。", ("増便を検討します。",)),
             ParsedItem("2", "駐車場が狭い。", ("拡張は難しい状況です。",)),
             ParsedItem("1,233", "図書館を夜も開けてほしい。", ("開館時間の延長を検討します。",)),
             ParsedItem("1,234", "バスの便が少ない。", ("No.1と同様です。",)))
    document = clean_document(ParsedDocument(DocumentMeta("公共交通計画", "table"), items))
    assert [(i.answer, i.extra) for i in document.items][3] == ("増便を検討します。", {"回答（原文）": "No.1と同様です。"})
    assert document.warnings == ("No.1,234: 回答「No.1と同様です。」はNo.1の回答を指すため、その回答を取り込みました"
                                 "（元の文は「回答（原文）」として残しています）。",)


def test_a_reference_finds_a_row_whose_no_keeps_its_label() -> None:
    """Second reading 114: a staff sheet keeps 「No.4」 as written, and 「No.4と同じ」 was said to name no row."""
    from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
    from assistant.readers.hygiene import clean_document

    items = (ParsedItem("No.4", "駐車場を。", ("駐車場を拡張します。",)), ParsedItem("No.5", "駐車場が狭い。", ("No.4と同じ",)))
    document = clean_document(ParsedDocument(DocumentMeta("公園計画", "spreadsheet"), items))
    assert [i.answer for i in document.items] == ["駐車場を拡張します。", "駐車場を拡張します。"]


def test_an_answer_that_refers_in_other_words_is_that_row_s_answer_and_one_that_goes_on_is_kept(tmp_path) -> None:
    """Review 128: 「No.1と同様です。」 and 「上記と同じです。」 were stored as the precedent's answer without a word, while
    「No.1と同じ」 was followed; an answer that goes on after 「上記のとおり」 is an answer of its own, and a short one
    naming two Nos. is kept as published, named."""
    path = tmp_path / "kekka.html"
    rows = [("1", "観光案内所を増やしてほしい。", "主要駅周辺への設置を検討します。"), ("2", "開設時間を延ばしてほしい。", "No.1と同様です。"),
            ("3", "外国語の案内を充実して。", "多言語の案内板を整備します。"), ("4", "多言語アプリを作って。", "上記と同じです。"),
            ("5", "案内所を駅に。", "No.3の回答と同様です。"), ("6", "案内板を増やして。", "No.3と同じ考え方です。"),
            ("7", "看板が少ない。", "No.3をご覧ください。"), ("8", "表示が小さい。", "上記No.1のとおりです。"),
            ("9", "地図が古い。", "上記のとおりです。"), ("10", "地図を直して。", "前項と同じ"), ("11", "地図を配って。", "3と同様"),
            ("12", "Wi-Fiを。", "上記のとおり、案内所への設置を進めます。"), ("13", "両方を。", "No.1及びNo.3と同じです。"),
            ("14", "全部を。", "前記の回答と同じです。")]
    path.write_text("<html><head><meta charset='utf-8'></head><body><h1>奈良市観光振興計画（案）に対する意見募集の結果</h1>"
                    "<table border='1'><tr><th>No.</th><th>ご意見の概要</th><th>市の考え方</th></tr>"
                    + "".join(f"<tr><td>{no}</td><td>{comment}</td><td>{answer}</td></tr>"
                              for no, comment, answer in rows)
                    + "</table></body></html>", encoding="utf-8")
    [document] = read_document(path)
    first, third = "主要駅周辺への設置を検討します。", "多言語の案内板を整備します。"
    assert [(i.no, i.answer, i.extra.get("回答（原文）")) for i in document.items] == [
        ("1", first, None), ("2", first, "No.1と同様です。"), ("3", third, None), ("4", third, "上記と同じです。"),
        ("5", third, "No.3の回答と同様です。"), ("6", third, "No.3と同じ考え方です。"), ("7", third, "No.3をご覧ください。"),
        ("8", first, "上記No.1のとおりです。"), ("9", first, "上記のとおりです。"), ("10", first, "前項と同じ"), ("11", third, "3と同様"),
        ("12", "上記のとおり、案内所への設置を進めます。", None), ("13", "No.1及びNo.3と同じです。", None),
        ("14", "前記の回答と同じです。", None)]
    taken = "の回答を指すため、その回答を取り込みました（元の文は「回答（原文）」として残しています）。"
    assert document.warnings == (
        f"No.2: 回答「No.1と同様です。」はNo.1{taken}", f"No.4: 回答「上記と同じです。」は前の項目（No.3）{taken}",
        f"No.5: 回答「No.3の回答と同様です。」はNo.3{taken}", f"No.6: 回答「No.3と同じ考え方です。」はNo.3{taken}",
        f"No.7: 回答「No.3をご覧ください。」はNo.3{taken}", f"No.8: 回答「上記No.1のとおりです。」はNo.1{taken}",
        f"No.9: 回答「上記のとおりです。」は前の項目（No.8）{taken}", f"No.10: 回答「前項と同じ」は前の項目（No.9）{taken}",
        f"No.11: 回答「3と同様」はNo.3{taken}",
        "No.13: 回答「No.1及びNo.3と同じです。」はほかの項目の回答を指しているようですが、指す項目を一つに決められないため、"
        "そのまま取り込みました。原本を確認してください。",
        "No.14: 回答「前記の回答と同じです。」が指す前の項目の回答もほかの項目を指していて、たどれないため、そのまま取り込みました。"
        "原本を確認してください。")


def test_an_answer_of_its_own_that_names_a_no_is_an_answer_and_a_reference_to_it_is_followed() -> None:
    """Second reading 136: 「No.1と同様の理由により、原案のとおりとします。」 and 「No.5と同様、原案のとおりとします。」 say
    what the city does, yet were named as references not followed, and 「No.2と同じです。」 or 「上記のとおりです。」 under
    them kept their own words, named as unfollowable; only a short answer that is all reference is such."""
    from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
    from assistant.readers.hygiene import clean_document

    answers = ["事業者と協議し、増便を検討します。", "No.1と同様の理由により、原案のとおりとします。", "No.2と同じです。",
               "No.1と同様、原案のとおりとします。", "上記のとおりです。", "No.3のご意見のとおり修正します。", "No.6の回答のとおりです。",
               "No.1と同様に原案のとおりとします。", "No.1及びNo.2の回答のとおりです。"]
    items = tuple(ParsedItem(str(no), f"バスについて（{no}）。", (answer,)) for no, answer in enumerate(answers, 1))
    document = clean_document(ParsedDocument(DocumentMeta("交通計画", "spreadsheet"), items))
    own, same, fix = answers[1], answers[3], answers[5]
    assert [(i.no, i.answer, i.extra.get("回答（原文）")) for i in document.items] == [
        ("1", answers[0], None), ("2", own, None), ("3", own, "No.2と同じです。"), ("4", same, None),
        ("5", same, "上記のとおりです。"), ("6", fix, None), ("7", fix, "No.6の回答のとおりです。"), ("8", answers[7], None),
        ("9", answers[8], None)]
    taken = "の回答を指すため、その回答を取り込みました（元の文は「回答（原文）」として残しています）。"
    assert document.warnings == (
        f"No.3: 回答「No.2と同じです。」はNo.2{taken}", f"No.5: 回答「上記のとおりです。」は前の項目（No.4）{taken}",
        f"No.7: 回答「No.6の回答のとおりです。」はNo.6{taken}",
        "No.9: 回答「No.1及びNo.2の回答のとおりです。」はほかの項目の回答を指しているようですが、指す項目を一つに決められないため、"
        "そのまま取り込みました。原本を確認してください。")


def test_a_referring_answer_with_a_note_is_followed_and_keeps_its_note() -> None:
    """Final reading of the footnotes change: 「No.1の回答のとおり（注2）」 with its note's paragraph (as the Word and web
    readers write a note) no longer matched a reference, nor the short answer that only seems one, and was kept as a
    reference with nothing in it, unsaid. The note's mark and paragraphs are no part of the reference: the item takes
    the answer it names, its own note kept after it, and a note in the answer taken is named."""
    from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
    from assistant.readers.hygiene import clean_document

    answers = [("バス路線の再編を検討しました。（注1）", "（注1）令和5年度の調査による。"),
               ("No.1の回答のとおり（注2）", "（注2）路線の再編は令和7年度からです。", "詳しくは交通政策課へ。"),
               ("上記のとおりです。",), ("No.1及びNo.2と同じです。（文末注i）", "（文末注i）要約しています。")]
    items = tuple(ParsedItem(str(no), f"バスについて（{no}）。", answer) for no, answer in enumerate(answers, 1))
    document = clean_document(ParsedDocument(DocumentMeta("交通計画", "word"), items))
    second = answers[0] + answers[1][1:]
    assert [(i.no, i.answer_paragraphs, i.extra.get("回答（原文）")) for i in document.items] == [
        ("1", answers[0], None), ("2", second, "No.1の回答のとおり（注2）"), ("3", second, "上記のとおりです。"),
        ("4", answers[3], None)]
    taken = "の回答を指すため、その回答を取り込みました（元の文は「回答（原文）」として残しています）。"
    assert document.warnings == (
        f"No.2: 回答「No.1の回答のとおり（注2）」はNo.1{taken}取り込んだ回答にはNo.1の脚注（注1）も含まれています。",
        f"No.3: 回答「上記のとおりです。」は前の項目（No.2）{taken}取り込んだ回答には前の項目（No.2）の脚注（注1）、脚注（注2）も"
        "含まれています。",
        "No.4: 回答「No.1及びNo.2と同じです。（文末注i）」はほかの項目の回答を指しているようですが、指す項目を一つに決められないため、"
        "そのまま取り込みました。原本を確認してください。")


def test_words_typed_in_brackets_after_注_are_the_answers_own_not_a_note_label() -> None:
    """Last reading of the footnotes change: any 「（注…）」 of up to 8 characters was taken for a note's label and set
    aside, so a typed condition 「No.1の回答のとおり（注：令和7年度から）」 (a CSV, where no reader writes notes) became
    No.1's answer, the condition dropped, and 「前項と同じ（注意）」 was followed with its words called 脚注. Only a label
    the readers write, 「（注1）」, 「（文末注i）」 (endnote 88 「（文末注lxxxviii）」), 「（注①）」, a web page's 「（注†）」, is one."""
    from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
    from assistant.readers.hygiene import clean_document

    answers = ["バス路線の再編を検討しました。", "No.1の回答のとおり（注：令和7年度から）", "No.1と同じ（注記参照）",
               "同上（注R7）", "前項と同じ（注意）", "No.1の回答のとおり（注①）", "No.1と同じ（注†）",
               "No.1の回答のとおり（文末注lxxxviii）"]
    items = tuple(ParsedItem(str(no), f"バスについて（{no}）。", (answer,)) for no, answer in enumerate(answers, 1))
    document = clean_document(ParsedDocument(DocumentMeta("交通計画", "spreadsheet"), items))
    assert [i.answer for i in document.items] == [*answers[:5], *[answers[0]] * 3]
    taken = "はNo.1の回答を指すため、その回答を取り込みました（元の文は「回答（原文）」として残しています）。"
    assert document.warnings[-3:] == (f"No.6: 回答「No.1の回答のとおり（注①）」{taken}", f"No.7: 回答「No.1と同じ（注†）」{taken}",
                                      f"No.8: 回答「No.1の回答のとおり（文末注lxxxviii）」{taken}")
    assert not any("脚注" in warning for warning in document.warnings)


def test_a_reference_finds_a_group_listed_with_any_list_mark_and_a_number_with_a_thousands_separator() -> None:
    """Defects with Nos. 4: the rows a reference may name were split on 「・」 only, so 「No.4と同じ」 named no row when the
    group was 「3、4」 or 「3,4」 (「，」), unlike the drafts, which read every mark of a list; and 「1,000」 is No. 1000, not
    a group of 1 and 000."""
    from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
    from assistant.readers.hygiene import clean_document

    items = (ParsedItem("3、4", "駐車場を。", ("駐車場を拡張します。",), "駐車場"),
             ParsedItem("5", "駐車場が狭い。", ("No.4と同じ",), "駐車場"),
             ParsedItem("6，7", "駐輪場を。", ("駐輪場を増設します。",), "駐輪場"),
             ParsedItem("8", "駐輪場が足りない。", ("No.7のとおりです。",), "駐輪場"),
             ParsedItem("1,000", "ベンチを。", ("ベンチを置きます。",), "その他"),
             ParsedItem("1,001", "ベンチが古い。", ("No.1000と同じ。",), "その他"))
    document = clean_document(ParsedDocument(DocumentMeta("公園計画", "table"), items))
    assert [i.answer for i in document.items] == [
        "駐車場を拡張します。", "駐車場を拡張します。", "駐輪場を増設します。", "駐輪場を増設します。", "ベンチを置きます。",
        "ベンチを置きます。"]
    assert document.warnings == (
        "No.5: 回答「No.4と同じ」はNo.4（No.3、4）の回答を指すため、その回答を取り込みました（元の文は「回答（原文）」として残しています）。",
        "No.8: 回答「No.7のとおりです。」はNo.7（No.6，7）の回答を指すため、その回答を取り込みました（元の文は「回答（原文）」"
        "として残しています）。",
        "No.1,001: 回答「No.1000と同じ。」はNo.1000（No.1,000）の回答を指すため、その回答を取り込みました（元の文は「回答（原文）」"
        "として残しています）。")


def test_a_reference_finds_a_row_whose_no_is_a_range_and_a_sub_number_is_no_range() -> None:
    """The rows a reference may name were read as lists only: 「No.4と同じ」 beside a row 「3～5」 (「3〜5」, 「3~5」) was
    said to name no row (「No.4は文書にないため、そのまま取り込みました」), though that row answers comments 3 to 5 (as
    the drafts and the count of comments read it). 「6-1」 is a sub-number, no range: 「No.6-1」 names it alone."""
    from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
    from assistant.readers.hygiene import clean_document

    items = (ParsedItem("3～5", "駐車場を。", ("駐車場を拡張します。",), "駐車場"),
             ParsedItem("6", "駐車場が狭い。", ("No.4と同じ",), "駐車場"),
             ParsedItem("7〜9", "駐輪場を。", ("駐輪場を増設します。",), "駐輪場"),
             ParsedItem("10", "駐輪場が足りない。", ("意見番号9のとおりです。",), "駐輪場"),
             ParsedItem("11-1", "ベンチを。", ("ベンチを置きます。",), "その他"),
             ParsedItem("11-3", "ベンチが古い。", ("No.11-2と同じ。",), "その他"))
    document = clean_document(ParsedDocument(DocumentMeta("公園計画", "table"), items))
    assert [i.answer for i in document.items] == [
        "駐車場を拡張します。", "駐車場を拡張します。", "駐輪場を増設します。", "駐輪場を増設します。", "ベンチを置きます。",
        "No.11-2と同じ。"]
    assert document.warnings == (
        "No.6: 回答「No.4と同じ」はNo.4（No.3～5）の回答を指すため、その回答を取り込みました（元の文は「回答（原文）」として残しています）。",
        "No.10: 回答「意見番号9のとおりです。」はNo.9（No.7〜9）の回答を指すため、その回答を取り込みました（元の文は"
        "「回答（原文）」として残しています）。",
        "No.11-3: 回答「No.11-2と同じ。」が指すNo.11-2は文書にないため、そのまま取り込みました。原本を確認してください。")
