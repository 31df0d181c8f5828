"""Grouping paragraphs into templates is a pure function with exact, predictable output."""

from __future__ import annotations

import pytest

from assistant.templates import group_paragraphs

BASE = "事案の内容により個別に判断することとなります。損害賠償責任を負うものとされています。"


@pytest.mark.parametrize(
    ("paragraphs", "threshold", "expected"),
    [
        ([("a", "同じ文。"), ("b", "同じ文。")], 1.0, [["a", "b"]]),
        ([("a", BASE), ("b", "なお、" + BASE)], 0.8, [["a", "b"]]),
        ([("a", BASE), ("b", "なお、" + BASE)], 1.0, [["a"], ["b"]]),
        ([("a", "短い。"), ("b", "全く別の長い回答文です。")], 0.8, [["a"], ["b"]]),
        ([], 0.8, []),
    ],
)
def test_group_paragraphs(paragraphs, threshold, expected) -> None:
    assert sorted(group_paragraphs(paragraphs, threshold)) == expected


def test_every_id_lands_in_exactly_one_group() -> None:
    paragraphs = [(f"p{i}", BASE[: 10 + i]) for i in range(30)]
    groups = group_paragraphs(paragraphs, 0.9)
    assert sorted(pid for group in groups for pid in group) == sorted(pid for pid, _ in paragraphs)


def test_threshold_outside_range_is_refused() -> None:
    with pytest.raises(ValueError, match=r"threshold of 1.5 is outside 0..1"):
        group_paragraphs([("a", "x")], 1.5)
