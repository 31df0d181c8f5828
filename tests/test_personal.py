"""Personal data in comments: detection (個人番号 only with a valid check digit) and masking."""

from __future__ import annotations

import pytest

from assistant.personal import describe, find_personal_data, mask, my_number_is_valid


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("123456789018", True), ("123456789012", False), ("000000000000", True), ("12345678901", False), ("12345678901a", False)],
)
def test_my_number_check_digit(digits: str, valid: bool) -> None:
    assert my_number_is_valid(digits) is valid


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("個人番号は123456789018です", [("my_number", "123456789018")]),
        ("個人番号は 1234-5678-9018 です", [("my_number", "1234-5678-9018")]),
        ("個人番号は１２３４５６７８９０１８です", [("my_number", "１２３４５６７８９０１８")]),
        ("番号は123456789012です", []),
        ("電話は011-211-2111まで", [("phone", "011-211-2111")]),
        ("携帯 090-1234-5678", [("phone", "090-1234-5678")]),
        ("携帯09012345678", [("phone", "09012345678")]),
        ("メールは yamada.taro@example.co.jp へ", [("email", "yamada.taro@example.co.jp")]),
        ("〒060-8611 札幌市中央区北1条西2丁目", [("postal_code", "〒060-8611"), ("address", "札幌市中央区北1条西2丁目")]),
        ("氏名：佐藤 花子", [("name", "佐藤 花子")]),
        ("山田太郎と申します。", [("name", "山田太郎")]),
        ("令和7年12月11日に意見を提出した。", []),
        ("2025-12-11 に提出", []),
        ("予算は5倍との報道がある", []),
    ],
)
def test_detection(text: str, found: list[tuple[str, str]]) -> None:
    assert [(f.kind, f.text) for f in find_personal_data(text)] == found


def test_masking_replaces_each_finding() -> None:
    text = "山田太郎と申します。電話 011-211-2111、個人番号 123456789018、mail a@b.jp"
    assert mask(text) == "●●●と申します。電話 ●●●、個人番号 ●●●、mail ●●●"


def test_invalid_my_number_is_left_alone_when_masking() -> None:
    assert mask("番号 123456789012 の件") == "番号 123456789012 の件"


def test_describe_counts_by_kind() -> None:
    findings = find_personal_data("011-211-2111 と 090-1234-5678、a@b.jp")
    assert describe(findings) == "電話番号 2 件、メールアドレス 1 件"
