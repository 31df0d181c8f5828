"""The lexical index: token ids in one vocabulary, the token cache on disk, paragraphs tokenised once."""

from __future__ import annotations

import numpy as np
import pytest

from assistant import tokenizer as tokenizer_module
from assistant.tokenizer import JapaneseTokenizer
from retrieval.corpus import CorpusView
from retrieval.lexical import OLD_TOKENS_FILE, TOKENS_FILE, LexicalIndex, TokenCache
from retrieval.sync import sync_lexical
from tests.conftest import in_switching_threads


class Counting:
    """A tokenizer that splits on spaces and remembers what it was asked."""

    identity = "space-split-v1"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, text: str) -> list[str]:
        self.seen.append(text)
        return text.split()


def test_coverage_and_shared_terms_count_each_token_once() -> None:
    index = LexicalIndex(["a", "b", "c"], [["雪", "雪", "除雪"], ["個人"], []], [["情報", "除雪"], ["情報"], []])
    weights = {token: index.idf(token) for token in ("除雪", "情報", "未知")}
    total = sum(weights.values())
    query = ["除雪", "情報", "未知", "除雪"]
    assert index.coverages(query, [0, 1, 2], "all") == pytest.approx(
        [(weights["除雪"] + weights["情報"]) / total, weights["情報"] / total, 0.0], abs=1e-12)
    assert index.coverages(query, [0], "comment") == pytest.approx([weights["除雪"] / total], abs=1e-12)
    assert index.coverages(query, [1, 0], "answer") == pytest.approx(
        [weights["情報"] / total, (weights["除雪"] + weights["情報"]) / total], abs=1e-12)
    assert index.shared_terms(query, 0) == ["除雪", "情報"]  # rarer first: 除雪 is in one document, 情報 in two
    assert index.shared_terms(query, 1, "comment") == []
    assert index.idf("未知") == index.idf("") > index.idf("除雪") > index.idf("情報")
    assert index.coverages([], [0, 1], "all") == [0.0, 0.0]
    assert index.part_coverages(query, [2, 0, 1]) == [index.coverages(query, [2, 0, 1], "comment"),
                                                      index.coverages(query, [2, 0, 1], "answer")]
    assert index.part_coverages([], [0, 1]) == [[0.0, 0.0], [0.0, 0.0]]


def test_scores_of_an_empty_document_and_an_unknown_word() -> None:
    index = LexicalIndex(["a", "b"], [["雪", "除雪"], []], [[], []])
    assert [round(float(s), 3) for s in index.scores(["除雪"])] == [0.241, 0.0]  # as bm25s over lists of strings
    assert index.scores(["未知"]).tolist() == [0.0, 0.0]


def test_the_cache_file_is_plain_numpy_and_reads_back(tmp_path) -> None:
    cache = TokenCache(tmp_path / TOKENS_FILE, "space-split-v1")
    ids = cache.resolve([("k1", "雪 除雪 雪"), ("k2", "個人 情報")], str.split)
    assert [a.tolist() for a in ids] == [[1, 2, 1], [3, 4]]
    cache.save({"k1", "k2"})
    with np.load(tmp_path / TOKENS_FILE, allow_pickle=False) as data:
        assert str(data["tokenizer"]) == "space-split-v1"
        assert data["vocabulary"].tolist() == ["", "雪", "除雪", "個人", "情報"]
        assert data["keys"].tolist() == ["k1", "k2"]
        assert data["offsets"].tolist() == [0, 3, 5]
        assert data["ids"].tolist() == [1, 2, 1, 3, 4]
    again = TokenCache(tmp_path / TOKENS_FILE, "space-split-v1")
    assert {key: value.tolist() for key, value in again.tokens.items()} == {"k1": [1, 2, 1], "k2": [3, 4]}
    assert again.resolve([("k2", "not tokenised again")], lambda text: pytest.fail("tokenised")) and not again.changed


def test_saving_drops_removed_texts_and_their_words(tmp_path) -> None:
    cache = TokenCache(tmp_path / TOKENS_FILE, "space-split-v1")
    cache.resolve([("k1", "雪 除雪"), ("k2", "個人 情報 雪")], str.split)
    cache.save({"k2"})
    again = TokenCache(tmp_path / TOKENS_FILE, "space-split-v1")
    assert again.vocabulary.tokens == ["", "雪", "個人", "情報"]
    assert {key: value.tolist() for key, value in again.tokens.items()} == {"k2": [2, 3, 1]}


@pytest.mark.parametrize("damage", [b"not a zip file", b""])
def test_a_damaged_cache_only_costs_tokenising_again(tmp_path, damage) -> None:
    (tmp_path / TOKENS_FILE).write_bytes(damage)
    cache = TokenCache(tmp_path / TOKENS_FILE, "space-split-v1")
    assert cache.tokens == {}
    assert [a.tolist() for a in cache.resolve([("k", "雪")], str.split)] == [[1]] and cache.changed


def test_another_tokenizers_cache_is_not_used(tmp_path) -> None:
    cache = TokenCache(tmp_path / TOKENS_FILE, "space-split-v1")
    cache.resolve([("k", "雪")], str.split)
    cache.save({"k"})
    assert TokenCache(tmp_path / TOKENS_FILE, "other-v2").tokens == {}


def test_a_paragraph_shared_by_answers_is_tokenised_once(seeded, tmp_path) -> None:
    view = CorpusView.from_store(seeded)
    counting = Counting()
    lexical, tokenized = sync_lexical(view, counting, tmp_path)
    paragraphs = {text for p in view.precedents for text in (p.paragraphs or (p.answer,))}
    comments = {f"{p.topic or ''}\n{p.comment}" for p in view.precedents}
    assert tokenized is True
    assert sorted(counting.seen) == sorted(comments | paragraphs)  # each distinct text once
    assert len(paragraphs) < sum(len(p.paragraphs) for p in view.precedents)  # the seeds do reuse paragraphs
    first = view.precedents[0]
    expected = [t for text in first.paragraphs for t in text.split()]
    assert lexical.shared_terms(expected, 0, "answer") == sorted(set(expected), key=lambda t: (-lexical.idf(t), t))
    assert not (tmp_path / OLD_TOKENS_FILE).exists()

    again = Counting()
    _, retokenized = sync_lexical(view, again, tmp_path)
    assert (retokenized, again.seen) == (False, [])


def test_the_old_cache_file_is_removed_when_the_new_one_is_written(seeded, tmp_path) -> None:
    (tmp_path / OLD_TOKENS_FILE).write_text('{"tokenizer": "space-split-v1", "tokens": {}}', encoding="utf-8")
    sync_lexical(CorpusView.from_store(seeded), Counting(), tmp_path)
    assert not (tmp_path / OLD_TOKENS_FILE).exists() and (tmp_path / TOKENS_FILE).is_file()


def test_remembered_words_give_the_same_tokens(monkeypatch) -> None:
    texts = ["個人情報が漏えいした場合の責任は誰が負うのか。", "除雪車が来ない。除雪を早くしてほしい。", "ＡＢＣ１２３ｶﾞ"]
    expected = [["個人", "情報", "漏洩", "責任", "負う"], ["除雪", "除雪", "早い"], ["abc", "蛾"]]
    monkeypatch.setattr(tokenizer_module, "WORD_MEMORY", 3)  # forgets every few words
    small = JapaneseTokenizer()
    assert [small(text) for text in texts] == expected
    assert len(small._words) <= 3
    plenty = JapaneseTokenizer()
    assert [plenty(text) for text in texts + texts] == expected + expected


def test_one_tokenizer_shared_by_threads_gives_each_text_its_own_tokens() -> None:
    """One tokenizer serves every browser session's thread, and fugashi reads a word's features lazily from MeCab's
    buffer: a parse in another thread between the parse and the reading gave one text another text's lemmas."""
    shared = JapaneseTokenizer()
    texts = ["札幌市の除雪計画について意見します", "東京都の図書館は開館時間が長い", "マイナンバーカードの情報漏えいが心配です",
             "公園の遊具を新しくしてほしい"]
    expected = {text: (shared(text), shared.keyword_terms(text), shared.keywords(text)) for text in texts}
    wrong: list[str] = []

    def work(text: str) -> None:
        for _ in range(150):
            if (shared(text), shared.keyword_terms(text), shared.keywords(text)) != expected[text]:
                wrong.append(text)
                return

    in_switching_threads(work, [text for text in texts for _ in range(2)])
    assert wrong == []


@pytest.mark.parametrize(("text", "topics"), [
    ("マイナンバーカード", 1),  # one compound noun, three words to the tagger
    ("個人情報保護", 1),
    ("環境影響評価書", 1),
    ("除雪の計画", 2),  # two nouns joined by a particle
    ("除雪を増やしてほしい", 2),  # a noun and a verb
    ("マイナンバーカードの取得は任意か", 3),
    ("除雪計画\n公園", 2),  # a compound ends at a line break
    ("除雪と除雪", 1),  # distinct
    ("あ", 0),
    # second reading: keywords typed with spaces are several, and a stand taken on a compound is an opinion
    ("マイナンバーカード 個人情報 漏洩", 3),
    ("ごみ収集有料化反対", 2),
    ("健康保険証廃止反対", 3),
    ("クラウドについて意見を述べます", 1),  # an announcement names one thing
    ("除雪を要望します。", 2),  # a request: 要望 takes a stand
])
def test_topics_counts_a_compound_noun_once(text: str, topics: int) -> None:
    assert JapaneseTokenizer().topics(text) == topics


@pytest.mark.parametrize("text, says", [
    ("マイナンバーカードは必要ですか。", True),  # about one thing, but a sentence (a verdict, as before topics)
    ("個人情報保護評価書はどこで見られますか", True),
    ("ごみ有料化はいつから実施されますか", True),
    ("マイナンバーカードが欲しい", True),
    ("マイナンバーカード", False),
    ("マイナンバーカードについて", False),  # the verb of a compound particle
    ("除雪計画に関して", False),
    ("除雪計画。", False),
    ("あ", False),
    # second reading: words that only announce a comment say nothing of what it names
    ("評価書について意見を申し上げます。", False),
    ("生活保護についての質問です。", False),
    ("除雪を増やしてほしいという意見です", True),
    # and a request is no announcement (second reading 114: 「漏えい対策をお願いしたい。」 had lost its verdict)
    ("漏えい対策をお願いしたい。", True),
    ("除雪を要望します。", True),
    ("生活保護について聞きたい。", True),
])
def test_has_predicate_tells_a_sentence_from_a_keyword(text: str, says: bool) -> None:
    assert JapaneseTokenizer().has_predicate(text) is says



def test_shared_words_keep_a_compound_whole_only_when_every_word_of_it_is_shared() -> None:
    """Second reading 114: 「委託事項5」 was shown against a past comment on 委託事項10, 「別紙2安全管理基準」 against 別紙４,
    and 「学校施設」, a word the comment never wrote, out of 「学校等施設整備」."""
    from assistant.tokenizer import shown_terms

    tokenizer = JapaneseTokenizer()
    assert shown_terms(tokenizer.term_runs("委託事項5では"), ["委託", "事項"]) == ["委託事項"]
    assert shown_terms(tokenizer.term_runs("学校等施設整備"), ["学校", "施設", "整備"]) == ["学校", "施設整備"]
    assert shown_terms(tokenizer.term_runs("審議資料Ｐ９の別紙２安全管理基準"),
                       ["審議", "資料", "別紙", "安全", "管理", "基準", "p"]) == ["審議資料", "別紙", "安全管理基準"]


@pytest.mark.parametrize(("text", "topics"), [
    # review of search on env6th: a bare page and line reference got 「前例があります」 (P and L counted as topics)
    ("P.12 L.3-5", 0), ("P120 L14", 0), ("5ページ目の3行目", 0), ("P64 11行目", 0), ("pp.12-13", 0), ("第3章第2節", 0),
    ("P.3の表2", 0), ("Ｐ．１２　Ｌ．３", 0),
    ("P.12の記述を修正してください", 2),  # what it says of the place still counts
    ("ビタミンD", 1), ("ページ数を減らして", 2),  # a letter or a counter with a word of its own, no number
    # the plan's name with its draft mark is one thing, and 「に対する」 a compound particle
    ("第六次環境基本計画（案）について意見を申し上げます。", 1), ("第六次環境基本計画（案）に対する意見です。", 1),
    ("環境基本計画(素案)について意見を述べます。", 1),
])
def test_topics_leave_out_page_and_line_references_and_a_drafts_mark(text: str, topics: int) -> None:
    assert JapaneseTokenizer().topics(text) == topics


def test_topics_leave_the_search_tokens_as_they_were() -> None:
    """Only the count of topics changes: BM25's tokens (and so the index and every evaluation figure) do not."""
    tokenizer = JapaneseTokenizer()
    assert tokenizer("P.12 L.3-5") == ["p", "l"]
    assert tokenizer("第六次環境基本計画（案）に対する意見です。") == ["環境", "基本", "計画", "案", "対する"]
