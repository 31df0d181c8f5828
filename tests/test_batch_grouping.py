"""一括起案's grouping: opposite wordings, a writer's self-introduction and sentences in another order."""

from __future__ import annotations

import pytest

from assistant.batch import group_batch, same_point

LETTER = "市内の大型商業施設の出店について、景観を守るために規制を{}すべきだと考えます。"


@pytest.mark.parametrize(("one", "other"), [("厳しく", "緩く"), ("厳格化", "緩和"), ("厳しいものに", "緩いものに"),
                                            ("強く", "弱く"), ("長く", "短く")])
def test_comments_asking_for_opposite_things_are_two_groups(one, other) -> None:
    """「規制を厳しくすべき」 and 「規制を緩くすべき」 were one group: 厳しく/緩く was no opposite pair."""
    first, second = LETTER.format(one), LETTER.format(other)
    assert same_point(first, second) is False
    assert [group.no for group in group_batch([first, second, first])] == ["1・3", "2"]


def test_words_of_an_opposite_pair_on_both_sides_or_a_word_added_still_make_one_point() -> None:
    assert same_point(LETTER.format("厳しく"), LETTER.format("より厳しく")) is True
    assert same_point("規制の厳しさと緩さを比べてほしい。", "規制の厳しさと緩さを比較してほしい。") is True
