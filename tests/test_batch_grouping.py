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


PARK = "公園の樹木の伐採をやめてください。子どもたちの遊び場を守ってほしい。夏の木陰は高齢者にも大切な場所です。"


@pytest.mark.parametrize("introduction", ["北区に住む二児の母です。", "市内在住の会社員です。", "私は北区で保育士をしています。",
                                          "札幌市北区に住んでいます。", "北区に住んで30年になります。"])
def test_a_campaign_letter_with_the_writer_s_self_introduction_added_stays_in_its_group(introduction) -> None:
    """「北区に住む二児の母です。」 added to a copy made it a point of its own, though it asks nothing."""
    from assistant.batch import adds_a_point

    assert adds_a_point(introduction + PARK, PARK) is False
    assert adds_a_point(PARK + "\n" + introduction, PARK) is False
    assert [(group.no, group.label) for group in group_batch([PARK, PARK, introduction + PARK])] == [
        ("1・2・3", "同趣旨 3件（同文の写し 1件、似た文面 2種類）")]


@pytest.mark.parametrize("sentence", ["除雪の回数を増やしてほしい北区の住民です。", "駅前の再開発計画に反対する市民です。",
                                      "冬道で転んで困っている高齢者です。", "最大の問題は業者の人手不足です。",
                                      # second reading: sentences of a self-introduction's shape about someone else
                                      "公園の管理を任せるなら地元の造園業者です。", "伐採を決めたのも一部の町内会役員です。"])
def test_a_sentence_that_says_more_than_who_writes_still_adds_a_point(sentence) -> None:
    from assistant.batch import adds_a_point

    assert adds_a_point(sentence + PARK, PARK) is True


def test_the_same_sentences_with_their_stances_swapped_are_two_points() -> None:
    """Second reading: the same sentences in another order were read as one point (a copy reordered), but a stance
    belongs to the sentence before it: 「A案について。賛成です。B案について。反対です。」 with the stances swapped says the
    opposite. Reordered copies are their own groups again."""
    one, swapped = "A案について。賛成です。B案について。反対です。", "A案について。反対です。B案について。賛成です。"
    assert same_point(one, swapped) is False
    assert [group.no for group in group_batch([one, swapped])] == ["1", "2"]


def test_long_copies_are_compared_only_where_they_differ() -> None:
    """Copies of a 10,000-character letter with a word inserted took minutes to group in pairs (review r7: 100 copies,
    444 s), every pair aligned character by character; only the part between their common ends is aligned now. A
    negation inserted there still makes two points, however long the letter around it."""
    letter = "公園の樹木の伐採について意見を申し上げます。" * 450
    middle = len(letter) // 2
    assert same_point(letter, letter[:middle] + "とても" + letter[middle:]) is True
    assert same_point(letter + "伐採に賛成します。", letter + "伐採に反対します。") is False
    assert same_point("除雪をしないでほしい。" + letter, "除雪をしてほしい。" + letter) is False
    copies = [letter[:at] + "とても" + letter[at:] for at in range(0, len(letter), len(letter) // 8)]
    assert [group.count for group in group_batch(copies)] == [len(copies)]
