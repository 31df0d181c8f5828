"""Council minutes (002): Q/A pairs under topic headings, wrapped lines joined, narrative left alone."""

from __future__ import annotations

import pytest

from assistant.readers import read_document
from assistant.readers.minutes import read_minutes
from tests.conftest import SEEDS
from tests.test_readers_table import read_text

# Counted by hand in data/seeds/002_*.txt: 25 「・」 remarks, of which 19 are followed by a 「→」 answer
# (5 + 2 + 10 + 2 under the four headings); the other 6 are members' remarks that got no answer.
MINUTES_QA_PAIRS = 19


def minutes():
    [document] = read_document(SEEDS["002"])
    return document


def test_minutes_hold_19_question_answer_pairs() -> None:
    document = minutes()
    assert document.meta.kind == "minutes"
    assert len(document.items) == MINUTES_QA_PAIRS
    assert [item.no for item in document.items] == [str(n) for n in range(1, MINUTES_QA_PAIRS + 1)]


def test_topics_follow_the_headings() -> None:
    topics = [item.topic for item in minutes().items]
    assert topics == (
        ["介護保険認定事務の外部委託について"] * 5
        + ["介護保険認定事務を外部委託する際のリスクについて"] * 2
        + ["外部委託に伴う特定個人情報の安全管理措置について"] * 10
        + ["札幌市の介護認定業務について"] * 2
    )


def test_wrapped_lines_are_joined_and_page_spaces_removed() -> None:
    first = minutes().items[0]
    assert first.comment == (
        "介護保険認定事務の一部について認定事務センター（以下「センター」という。）に外部委託をする理由は何か。"
        "気になる方から見ると、必要がない第三者に対して、札幌市が個人番号を閲覧させている、という解釈も可能であるように思う。"
    )
    assert first.answer_paragraphs[0].startswith("札幌市の介護認定者数が現在増加傾向にあり、令和６年３月末現在で約12万人が対象")


def test_answer_after_page_break_indent_is_kept() -> None:
    item = minutes().items[3]
    assert item.comment == "審議資料のＰ８について、現状では個人番号を再確認する段階は含まれていない、という理解で良いか。"
    assert item.answer_paragraphs == ("お見込みのとおりである。",)


def test_narrative_sections_are_not_turned_into_pairs() -> None:
    texts = " ".join(item.comment + item.answer for item in minutes().items)
    assert "防犯カメラ" not in texts
    assert "審議の結果" not in texts
    assert "行政部長の挨拶" not in texts


def test_unanswered_remarks_are_reported() -> None:
    assert minutes().warnings == ("回答（→）のない発言が6件ありました。Q&Aの組ではないため前例にしていません。",)


def test_minutes_metadata() -> None:
    meta = minutes().meta
    assert meta.title == "第77回（令和６年度第１回）札幌市情報公開・個人情報保護審議会会議録"
    assert (meta.period_start, meta.period_end) == ("2024-06-04", "2024-06-04")
    assert meta.area == "介護保険に関する事務"
    assert meta.declared_count is None


def test_answer_without_question_is_kept_with_warning() -> None:
    items, warnings = read_minutes("議題について\n→ 回答だけがある。\n・ 質問。\n→ 答え。\n")
    assert [(item.comment, item.answer) for item in items] == [("", "回答だけがある。"), ("質問。", "答え。")]
    assert warnings == ["質問のない回答があります: 「回答だけがある。…」。質問を空として読みました。"]


def test_two_answers_to_one_question_become_two_paragraphs() -> None:
    items, _ = read_minutes("・ 質問です。\n→ 一つ目の答え。\n→ 補足の答え。\n")
    assert items[0].answer_paragraphs == ("一つ目の答え。", "補足の答え。")


VERBATIM = """令和6年第2回〇〇市議会定例会会議録（第3号）
令和6年6月12日（水曜日）午前10時開議
{chair}議長（山田太郎君）　これより本日の会議を開きます。
　日程第1、一般質問を行います。12番、鈴木花子議員。
{member}12番（鈴木花子君）　通告に従い質問いたします。
　公立保育所の民営化について、保護者への説明はどのように行うのか伺います。
{chair}議長（山田太郎君）　市長。
{executive}市長（佐藤一郎君）　お答えいたします。
　本年9月から各園で説明会を開催します。
　〔「了解」と呼ぶ者あり〕
{member}12番（鈴木花子君）　次に、通学路の危険箇所の対策状況を伺います。
{chair}議長（山田太郎君）　教育長。
{executive}教育長（高橋次郎君）　42か所のうち35か所の対策を完了しております。
{chair}議長（山田太郎君）　以上で一般質問を終わります。
"""


@pytest.mark.parametrize(("member", "executive"), [("◆", "◎"), ("○", "○")])
def test_verbatim_minutes_pair_each_members_question_with_the_executives_answer(tmp_path, member, executive) -> None:
    """Speakers marked 「◆12番（…君）」 / 「◎市長（…君）」 (or all 「○」, told by their titles); the chair's remarks
    between a question and its answer are no part of the pair (such minutes were refused)."""
    document = read_text(tmp_path, VERBATIM.format(chair="○", member=member, executive=executive))
    assert document.meta.kind == "minutes"
    assert [(i.no, i.comment, i.answer) for i in document.items] == [
        ("1", "通告に従い質問いたします。公立保育所の民営化について、保護者への説明はどのように行うのか伺います。",
         "お答えいたします。本年9月から各園で説明会を開催します。"),
        ("2", "次に、通学路の危険箇所の対策状況を伺います。", "42か所のうち35か所の対策を完了しております。")]
    assert document.warnings == ()


def test_verbatim_minutes_tell_the_chair_and_the_answerers_by_their_titles(tmp_path) -> None:
    """「◎議長」 chairs whatever the mark; with 「○」 for everyone a 消防長 or a 選挙管理委員会委員長 answers; a
    「○…（…）について」 line inside a question is no speaker."""
    document = read_text(tmp_path, "令和6年第3回〇〇市議会定例会会議録\n◎議長（山田太郎君）　会議を開きます。\n"
                    "○12番（鈴木花子君）　質問します。\n○放課後児童クラブ（学童保育）について\n解消の見通しを伺います。\n"
                    "◎議長（山田太郎君）　市長。\n○市長（佐藤一郎君）　2か所増設します。\n○12番（鈴木花子君）　救急車の到着時間を伺います。\n"
                    "○消防長（伊藤三郎君）　分署を再配置します。\n○12番（鈴木花子君）　投票所の削減を伺います。\n"
                    "○選挙管理委員会委員長（小林五郎君）　削減はしません。\n")
    assert [(i.comment, i.answer) for i in document.items] == [
        ("質問します。○放課後児童クラブ（学童保育）について解消の見通しを伺います。", "2か所増設します。"),
        ("救急車の到着時間を伺います。", "分署を再配置します。"), ("投票所の削減を伺います。", "削減はしません。")]


def test_a_result_with_marked_lines_is_no_minutes(tmp_path) -> None:
    """「◆意見募集期間（令和6年…）」 or 「◎市長（記者会見での発言要旨）」 in a result's front matter are no speakers."""
    document = read_text(tmp_path, "子ども計画（案）に対する意見募集の結果\n◆意見募集期間（令和6年10月1日～10月31日）\n◆意見提出者数　3人（5件）\n"
                    "◎市長（記者会見での発言要旨）\n【意見】\n待機児童を解消して。\n【市の考え方】\n定員を増やします。\n"
                    "【意見】\n開所時間を延長して。\n【市の考え方】\n延長を検討します。\n")
    assert (document.meta.kind, [i.comment for i in document.items]) == ("labeled", ["待機児童を解消して。", "開所時間を延長して。"])


def test_a_labelled_agenda_line_is_the_topic_and_ends_the_title(tmp_path) -> None:
    """Review 139: in 「・」/「→」 minutes 【議題】 never became the topic (only verbatim minutes read it), and the title ran
    on over 【議題】 and the first question: 「…質疑要旨【議題】雪対策について・雪堆積場が不足しているのではないか。」."""
    document = read_text(tmp_path, "令和6年第4回定例会 建設委員会 質疑要旨\n\n【議題】雪対策について\n・雪堆積場が不足しているのではないか。\n"
                         "→雪堆積場は今年度2か所を追加で確保しました。\n【補足】来年度も検討します。\n\n【議題】公園について\n"
                         "・遊具を更新してほしい。\n→順次更新しています。\n")
    assert document.meta.title == "令和6年第4回定例会建設委員会質疑要旨"
    assert [(i.topic, i.comment, i.answer_paragraphs) for i in document.items] == [
        ("雪対策について", "雪堆積場が不足しているのではないか。",
         ("雪堆積場は今年度2か所を追加で確保しました。【補足】来年度も検討します。",)),
        ("公園について", "遊具を更新してほしい。", ("順次更新しています。",))]


@pytest.mark.parametrize(("opening", "title"), [
    ("札幌市雪対策計画（案）\n【概要版】に対する意見募集の結果", "札幌市雪対策計画（案）【概要版】に対する意見募集の結果"),
    ("意見募集の結果\n・札幌市雪対策計画（案）について", "意見募集の結果・札幌市雪対策計画（案）について"),
])
def test_a_title_wrapped_before_a_bracket_or_a_bullet_stays_whole(tmp_path, opening: str, title: str) -> None:
    """Second reading 143: any 【…】, 「・」 or 「→」 line ended the title, which lost the plan's name; only the labels of
    minutes and labelled results do."""
    document = read_text(tmp_path, f"{opening}\n【意見】\n待機児童を解消して。\n【市の考え方】\n定員を増やします。\n")
    assert document.meta.title == title


def test_a_label_inside_an_answer_stays_in_it(tmp_path) -> None:
    """Second reading 143: 【項目】 inside an answer became the next question's topic."""
    document = read_text(tmp_path, "質疑要旨\n【議題】雪対策について\n・雪堆積場が不足しているのではないか。\n→確保しました。\n"
                         "【項目】除雪体制の見直しについても説明しました。\n・排雪の日程を知らせてほしい。\n→お知らせします。\n")
    assert [(i.topic, i.answer_paragraphs) for i in document.items] == [
        ("雪対策について", ("確保しました。【項目】除雪体制の見直しについても説明しました。",)),
        ("雪対策について", ("お知らせします。",))]
