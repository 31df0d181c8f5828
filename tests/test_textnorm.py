"""Text clean-up and Japanese era dates."""

from __future__ import annotations

import pytest

from assistant.readers.sniff import decode
from assistant.textnorm import (format_period, iso_to_wareki, natural_key, no_form, no_without_stop, normalize, parse_period,
                                roman_value, tidy, wareki_to_iso)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("令和7年11月12日", "2025-11-12"),
        ("平成30年9月12日（水）", "2018-09-12"),
        ("令和元年5月1日", "2019-05-01"),
        ("令和６年６月４日（月）", "2024-06-04"),
        ("昭和64年1月7日", "1989-01-07"),
        ("2023-05-01 00:00:00", "2023-05-01"),
        ("2024年4月1日", "2024-04-01"),
        ("令和7年2月30日", None),
        ("日付なし", None),
    ],
)
def test_wareki_to_iso(text: str, iso: str | None) -> None:
    assert wareki_to_iso(text) == iso


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("令和7年11月12日（水）～令和7年12月11日（木）", ("2025-11-12", "2025-12-11")),
        ("(令和2年6月15日～7月14日実施)", ("2020-06-15", "2020-07-14")),
        ("令和6年12月20日～1月19日", ("2024-12-20", "2025-01-19")),
        ("令和６年６月４日（月） 10 時 00 分～11 時 00 分", ("2024-06-04", "2024-06-04")),
        ("令和６年６月３日（月曜日）から令和６年７月２日（火曜日）まで", ("2024-06-03", "2024-07-02")),
        ("2024年6月3日より7月2日まで", ("2024-06-03", "2024-07-02")),
        ("令和７年５月20日（火）から同年６月18日（水）までの間", ("2025-05-20", "2025-06-18")),
        ("令和７年１月６日（月）～同月31日（金）", ("2025-01-06", "2025-01-31")),
        ("令和７年１月６日から同年同月31日まで", ("2025-01-06", "2025-01-31")),
        ("令和8年1月5日～30日", ("2026-01-05", "2026-01-30")),  # the end's month left out (read as one day)
        ("令和8年1月5日（月）～30日（金）", ("2026-01-05", "2026-01-30")),
        ("令和8年1月5日から30日間", ("2026-01-05", "2026-01-05")),  # a length, not an end
        ("令和8年1月5日から14日以内", ("2026-01-05", "2026-01-05")),
        ("令和8年12月25日～5日", ("2026-12-25", "2027-01-05")),  # into the next month
        ("なし", (None, None)),
    ],
)
def test_parse_period(text: str, period) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize(
    ("iso", "wareki"),
    [("2025-11-12", "令和7年11月12日"), ("2019-05-01", "令和元年5月1日"), ("2019-04-30", "平成31年4月30日"),
     ("2018-09-12", "平成30年9月12日"), (None, "")],
)
def test_iso_to_wareki(iso, wareki: str) -> None:
    assert iso_to_wareki(iso) == wareki


def test_format_period() -> None:
    assert format_period("2020-06-15", "2020-07-14") == "令和2年6月15日～令和2年7月14日"
    assert format_period("2024-06-04", "2024-06-04") == "令和6年6月4日"
    assert format_period(None, None) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＣＳＰ　や デジタル 庁", "CSPやデジタル庁"),
        ("約 12 万人", "約12万人"),
        ("USB メ\nモリ", "USBメモリ"),
        ("F A X", "F A X"),
        ("  ｶﾞﾊﾞﾒﾝﾄ  ", "ガバメント"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_tidy_keeps_full_width_characters() -> None:
    assert tidy("審議資料の Ｐ８ について") == "審議資料のＰ８について"


def test_utf16_with_bom_is_read(tmp_path) -> None:
    data = "No.\tご意見\n".encode("utf-16")
    assert decode(data, tmp_path / "x.txt") == "No.\tご意見\n"


@pytest.mark.parametrize(("typed", "expected"), [
    ("ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ 2026", "パブリックコメント 2026"),  # half-width katakana: full-width
    ("パブリックコメント　２０２６", "パブリックコメント 2026"),  # full-width digits and U+3000: ASCII
    ("  パブリックコメント \t\u3000 2026\n", "パブリックコメント 2026"),  # a run of whitespace: one space, none at the ends
    ("除雪 計画（ＡＢＣ）", "除雪 計画（ABC）"),  # a space between Japanese words stays, and so do full-width brackets
    ("ｺﾒﾝﾄ｢案｣", "コメント「案」"),  # half-width katakana punctuation: full-width
    ("雪\u200b対策", "雪対策"),  # a zero-width space pasted with it
])
def test_canonical_name_gives_one_form_of_a_consultation_name(typed: str, expected: str) -> None:
    from assistant.textnorm import canonical_name

    assert canonical_name(typed) == expected
    assert canonical_name(expected) == expected


def test_strip_controls_removes_a_soft_hyphen_and_counts_it() -> None:
    from assistant.textnorm import count_controls, strip_controls

    assert strip_controls("マイ\xadナンバー\u00adカード") == "マイナンバーカード"
    assert count_controls("マイ\xadナンバー\u00adカード") == 2


def test_office_line_breaks_are_line_breaks_in_a_text_of_several_lines_and_dropped_in_a_title() -> None:
    """Review rv-export #1: Word's manual line break (U+000B, Shift+Enter) and a PDF's page break (U+000C) were
    removed from comments too, joining 「氏名：山田太郎」 to the next line, so its name was masked no more."""
    from assistant.textnorm import count_controls, strip_controls

    text = "氏名：山田太郎\x0b住所：北区\x0c除雪\x85を\u2028増やして\u2029ほしい\r\n。\x00"
    assert strip_controls(text, lines=True) == "氏名：山田太郎\n住所：北区\n除雪\nを\n増やして\nほしい\n。"
    assert count_controls(text, lines=True) == 1
    # a title, a No. or a name as before: the three controls removed, the separators kept
    assert strip_controls(text) == "氏名：山田太郎住所：北区除雪を\u2028増やして\u2029ほしい\n。"
    assert count_controls(text) == 4


def test_an_office_line_break_before_a_paragraph_mark_is_one_line_break() -> None:
    """Second reading sr-ctl #3: Shift+Enter before a paragraph mark (「\\v\\r\\n」) and pdftotext's 「\\f\\n」 gave a
    blank line in the saved comment and the export. A page break inside a word stays a line break (as one typed)."""
    from assistant.textnorm import count_controls, strip_controls

    text = "増やして\x0b\r\nほしい。\x0c\n2ページ目\u2028\r\u2029\n\n次の段落\x0c\x0c末尾"
    assert strip_controls(text, lines=True) == "増やして\nほしい。\n2ページ目\n\n\n次の段落\n\n末尾"
    assert count_controls(text, lines=True) == 0
    assert strip_controls("除雪を増や\x0cしてほしい。", lines=True) == "除雪を増や\nしてほしい。"


def test_the_first_date_is_the_start_however_each_date_is_written() -> None:
    """Review 178: a cover with a western date first and a 令和 date after gave the 令和 date as the start (and, one
    date on each of two rows, as the end too): the era date was looked for first, wherever it stood."""
    from assistant.textnorm import stated_period

    assert stated_period("2024年4月1日～令和6年5月1日") == ("2024-04-01", "2024-05-01", True)
    assert stated_period("募集開始 2024年4月1日\n募集終了 令和6年5月1日") == ("2024-04-01", "2024-04-01", False)
    assert stated_period("令和6年4月1日～2024年5月1日") == ("2024-04-01", "2024-05-01", True)


def test_a_run_of_roman_numerals_is_one_number() -> None:
    """Review r1 #5: 「ⅩⅢ-1」 was read as 10, 3, 1 and sorted between 「Ⅹ-1」 and 「Ⅺ-1」."""
    assert natural_key("ⅩⅢ-1") == ((0, 13, ""), (0, 1, ""))
    assert [roman_value(numeral) for numeral in ["ⅩⅢ", "ⅩⅣ", "ⅩⅩ", "ⅠⅤ", "ⅩⅨ", "Ⅻ"]] == [13, 14, 20, 4, 19, 12]
    assert sorted(["ⅩⅩ", "ⅩⅢ-1", "Ⅻ-1", "Ⅺ-1", "Ⅹ-1", "ⅩⅨ"], key=natural_key) == ["Ⅹ-1", "Ⅺ-1", "Ⅻ-1", "ⅩⅢ-1", "ⅩⅨ", "ⅩⅩ"]
    assert sorted(["X-1", "ⅩⅢ", "I-1"], key=natural_key) == ["ⅩⅢ", "I-1", "X-1"]  # letters stay words


def test_a_no_keeps_its_roman_numerals_and_range_mark_and_drops_a_stop() -> None:
    """Review r1 #2 and #3: the one form the drafts and the table readers give a No."""
    assert [no_form(no) for no in ["３～５", "3~5", "3〜5", "Ⅳ－１", "ⅩⅢ", "１．"]] == ["3～5", "3～5", "3～5", "Ⅳ-1", "ⅩⅢ", "1."]
    assert [no_without_stop(no) for no in ["1.", "1、", "3～5.", "1.5", "No.3", "Ⅳ."]] == ["1", "1", "3～5", "1.5", "No.3", "Ⅳ."]
