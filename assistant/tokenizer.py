"""Japanese content-word tokens (fugashi + unidic-lite lemmas) for BM25 and keywords.

Example:
    >>> JapaneseTokenizer()("個人情報が漏えいした場合の責任は誰が負うのか。")
    ['個人', '情報', '漏洩', '責任', '負う']
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable

CONTENT_POS = {"名詞", "動詞", "形容詞", "形状詞", "副詞"}
SKIP_POS2 = {"非自立可能", "数詞"}
_GLOSS = re.compile(r"-[A-Za-z].*$")
WORD_MEMORY = 200_000  # distinct (surface, feature) pairs remembered by a tokenizer before it starts afresh

# Function-like words that carry no topic, in lemma form. Compiled for municipal answers: the generic
# words of comments and replies (「考え方」「検討」「ご意見」) would otherwise match everything.
STOPWORDS = frozenset(
    """
    する ある いる なる れる られる せる させる できる 出来る 思う 考える 言う いう 行う おる 御座る 致す 頂く いただく
    下さる くださる 申し上げる 参る 伺う 存ずる 見る 来る 為る 居る 有る 成る 得る 持つ 於く 置く 付く 取る
    こと 事 もの 物 ため 為 よう 様 とき 時 ところ 所 方 点 上 中 等 など 旨 件 際 場合 以上 以下 以外 以降
    今回 今後 現在 本 当該 同 各 全て 全部 一部 他 其の その これ それ あれ どれ ここ そこ 何 誰 どう どの
    ご 御 お 意見 考え 考え方 回答 質問 内容 指摘 検討 対応 実施 確認 必要 可能 予定 状況 部分 形 場 旨
    本市 当市 市 札幌 札幌市 サッポロ つく また なお さらに 及び および 又は または 並びに かつ ただし つまり
    非常 十分 大変 特に 既に 常に 必ず 全く 少し 多く 多い 少ない 良い よい 無い ない 高い
    """.split()
)


# Verbs the tagger reads inside compound particles (に基づく, による, に対する, に関する, に伴う, に向けて, に応じて,
# を通じて) and とおり (「記載のとおり」): BM25 counts them (taken out, env6th's bm25 lost a query at rank 1), but
# no one would call them a word a comment and a precedent share (「共通の語: 因る・対する」).
GRAMMAR_WORDS = frozenset("基づく 因る 対する 関する 伴う 向ける 応ずる 通ずる 通り".split())


# Nouns that take a stand on what the compound before them names: 「有料化反対」, 「保険証廃止撤回」 are opinions, not
# one keyword.
STANCE_WORDS = frozenset("反対 賛成 廃止 撤回 中止 延期 見直し 見直す 希望 要望 継続 存続 拡充 縮小 拡大 推進 導入 維持".split())


# Verbs of compound particles after に or と (について, に関して, に対する, において, にとって, に基づく, に沿って …): no predicate.
_PARTICLE_VERBS = GRAMMAR_WORDS | frozenset("つく 付く 於く おく 取る とる 当たる 沿う 係る 関わる 限る よる 従う 際する".split())


def shown_terms(runs: list[tuple[str, tuple[tuple[str, str], ...]]], lemmas: Iterable[str]) -> list[str]:
    """The words ``lemmas`` name (a card's shared words, rarest first), as the comment wrote them
    (:meth:`JapaneseTokenizer.term_runs`): 「ごみ」, not the lemma 「塵」; a compound whose words are all among them
    once, whole (「マイナンバーカード」, not 「マイ・ナンバー・カード」), else its shared words next to each other (not
    「委託事項5」 for 委託事項 shared with 「委託事項10」, nor 「学校施設」 out of 「学校等施設」); a single Latin letter (「p」
    of 「P6」) left out.
    In the order of ``lemmas`` (a compound where its rarest word is).

    Example:
        >>> runs = [("マイナンバーカード", (("マイ", "マイ"), ("ナンバー", "ナンバー"), ("カード", "カード"))), ("ごみ", (("塵", "ごみ"),))]
        >>> shown_terms(runs, ["塵", "カード", "マイ", "ナンバー", "p"]), shown_terms(runs, ["ナンバー", "マイ"])
        (['ごみ', 'マイナンバーカード'], ['マイナンバー'])
    """
    order = {lemma: rank for rank, lemma in enumerate(lemmas) if not re.fullmatch(r"[A-Za-z]", lemma)}
    shown: dict[str, int] = {}
    for text, parts in runs:
        if len(parts) > 1 and all(lemma in order for lemma, _ in parts):
            shown.setdefault(text, min(order[lemma] for lemma, _ in parts))
            continue
        segment: list[tuple[str, str]] = []  # shared words next to each other in the compound: 「マイナンバー」 of 「マイナンバー制度」
        for lemma, form in (*parts, ("", "")):
            if lemma in order:
                segment.append((lemma, form))
            elif segment:
                shown.setdefault("".join(form for _, form in segment), min(order[lemma] for lemma, _ in segment))
                segment = []
    for lemma, rank in order.items():  # a word the comment holds in no run (another tokenizer's): as it is
        if not any(lemma == part for _, parts in runs for part, _ in parts):
            shown.setdefault(lemma, rank)
    return [term for term, _ in sorted(shown.items(), key=lambda item: item[1])]


# Words that only announce a comment, and the light verbs and auxiliaries that follow them (「意見を申し上げます」,
# 「質問です」, 「お伺いします」): no predicate of what the comment names. A request (要望, お願い, 提案) says something.
_ANNOUNCING = frozenset("意見 質問 申し上げる 申す 述べる 伺う 尋ねる 聞く 問う 問い合わせ 問い合わせる 伝える 送る 提出 投稿 "
                        "寄せる".split())
# Auxiliaries that say something even after an announcing word: a wish, an obligation, a negation (「聞きたい」 asks).
_SAYING_AUXILIARIES = frozenset("たい べし ない ぬ".split())
_LIGHT_VERBS = frozenset("為る する 致す いたす 差し上げる".split())


_COMPOUND_POS = {"名詞", "接頭辞", "接尾辞", "形状詞"}  # what a compound noun is made of (柔軟+剤, 熱中+症, お+子+さん)
_NOUN_POS = {"名詞", "形状詞"}
_COUNTER_POS3 = {"助数詞", "助数詞可能"}  # 年, 分, 件: no topic on their own


# Single-kanji nouns that relate or refer rather than name (「名の下に」, 「…を基に」, 「…の例」, 「…年比」, 「生活の質」): no
# keyword on their own. Those UniDic reads as adverbial, counters, adjectival or verbal nouns (後, 今, 分, 点, 可, 値) are
# told by their kind; these are 普通名詞 一般 as 雪, 夜 and 海 are.
_FORMAL_KANJI = frozenset("者 名 下 例 基 比 案 質 要 数 率 差 類 項 節 順 側 元 外 訳 略 仮 共 常 誠".split())


_TIME_PREFIXES = frozenset("今 昨 翌 毎".split())  # 「今年度」, 「昨年度」, 「翌月」, 「毎年」: when, not what
# Adverbial nouns (UniDic's 副詞可能) that name a time of day, a season or a kind of day: a topic (「夜の開館」,
# 「冬の除雪」, 「年末のごみ収集」), where the others say when or how much (後, 今, 現在, 昨今, 日々, 全て, 分).
_REFERENCE_COUNTERS = frozenset("章 節 条 項 号 頁 ページ 行 段落 点".split())  # where in a document: no topic
# A draft's mark in brackets after its name (「第六次環境基本計画（案）」, 「…（素案）」): part of the name, no topic of its own.
_DRAFT_MARK = re.compile(r"(?<=[^\s()（）])[(（][^()（）\s]{0,4}案[)）]")
_PAGE_LETTERS = frozenset("pp".split())  # 「pp.12-13」; a single Latin letter is told by its length


def _reference_word(words: list, at: int, lemma: str) -> bool:
    """Whether a word only says where in a document (no topic, for :meth:`JapaneseTokenizer.topics`): a single Latin
    letter (「P.12 L.3-5」, 「P120 L14」: page and line; 「ビタミンD」 and 「X線」 are named by the word they are written
    with) or 「pp」, and a place's counter next to a number (「5ページ目」, 「11行目」, 「第3章」, 「表2」). The search's
    tokens keep them (BM25 and the index are unchanged); they only count for nothing as topics."""
    if (len(lemma) == 1 and lemma.isascii() and lemma.isalpha()) or lemma in _PAGE_LETTERS:
        return True
    if lemma not in _REFERENCE_COUNTERS and words[at].surface not in _REFERENCE_COUNTERS and lemma not in ("図", "表"):
        return False
    return any(0 <= near < len(words) and words[near].feature.pos2 == "数詞" for near in (at - 1, at + 1))


_NAMED_TIMES = frozenset("朝 昼 夜 晩 夕方 朝晩 昼間 午前 午後 深夜 早朝 未明 春 夏 秋 冬 春先 冬期 平日 休日 週末 月末 年末 "
                         "月曜 火曜 水曜 木曜 金曜 土曜 日曜 土日 祝日 祭日 晩秋 初秋 晩春 初夏 初冬 真冬 真夏 年度末 年始 "
                         "年末年始 連休 夏休み 冬休み 春休み".split())


def _adverbial(word) -> bool:
    """Whether a word is a noun that works as an adverb (「そもそも」, 「現在」, 「全て」, 「日々」, 「後」), not a named time."""
    return word.feature.pos1 == "名詞" and word.feature.pos3 == "副詞可能" and word.surface not in _NAMED_TIMES


def _leading(words: list, at: int) -> int:
    """How many words at ``at`` name no topic in front of a compound, 0 where the compound starts: 第; a number with
    its counter (「第六次」, 「2030年」); a number in digits alone before a word in katakana, a list's number glued on
    (「2パートナーシップ」; not 「100Bq」, 「5G」, 「8050問題」, 「3密」); a single kanji after a number and its counter
    (「2019年比」); a suffix (「にくい」 of
    「分かりにくい表現」, after a verb); an auxiliary's stem (「よう」 of 「…するよう勧告」); a prefix of time (「今年度」, and
    「今問題」 where 今 is read as one); an adverbial noun before another noun (「そもそも個人番号」, 「現在増加傾向」; not
    「途上国」, whose 国 is a suffix, nor 「冬道」: :func:`_adverbial`)."""
    word, feature = words[at], words[at].feature
    following = words[at + 1] if at + 1 < len(words) else None
    if feature.pos2 == "数詞":
        counted = following is not None and (following.feature.pos3 in _COUNTER_POS3
                                              or following.surface in _REFERENCE_COUNTERS)  # 「1章」, 「3頁」
        unit = following is not None and following.surface.isascii() and following.surface.isalpha()
        glued = (word.surface.isdigit() and not unit and following is not None
                 and re.fullmatch(r"[ァ-ヶー]+", following.surface) is not None)  # a list's number: 「2パートナーシップ」
        if not (counted or glued):
            return 0  # 「二酸化炭素」 keeps its 二, 「100Bq」, 「5G」, 「8050問題」, 「3密」 and 「5類」 their number
        taken = 2 if counted else 1
        after = words[at + taken].surface if at + taken < len(words) else ""
        return taken + (counted and word.surface.isdigit() and after in _FORMAL_KANJI)  # 「2019年比」, not 「2025年冬」
    if (word.surface == "第" or feature.pos1 == "接尾辞" or feature.pos2 == "助動詞語幹"
            or (feature.pos1 == "接頭辞" and word.surface in _TIME_PREFIXES)):
        return 1
    return int(_adverbial(word) and following is not None and following.feature.pos1 in ("名詞", "接頭辞"))


# English function words, which UniDic reads as nouns in an English name written into a comment (「Taskforce on Nature-related
# Financial Disclosures」, 「For a Planet Free of Harm from Chemicals and Waste」): no keyword of their own, and none at either
# end of a compound. Only keywords leave them out: the search's tokens (:meth:`JapaneseTokenizer.__call__`) keep them.
ENGLISH_STOPWORDS = frozenset("""
    a an the of on in at to for from by with without and or nor but as into onto over under about per via vs than
    is are was were be been being it its this that these those their our your his her not no
    """.split())


def _english_stopword(word) -> bool:
    """An English function word as written in running text (「of」, 「For」); not an acronym written in capitals that
    looks like one (「IT人材」, 「NO2」, 「AS」)."""
    surface = word.surface
    return not (len(surface) > 1 and surface.isupper()) and surface.lower() in ENGLISH_STOPWORDS


def _trimmed(words: list, stopwords: frozenset[str]) -> list:
    """A compound's words without what names no topic at its ends: in front what :func:`_leading` tells (「第六次」,
    「2030年目標」 → 「目標」) or an English function word (「For a Planet…」 → 「Planet…」), digits, 等 or an English function
    word behind (「ジカ等」 → 「ジカ」)."""
    start = 0
    while start < len(words) and (taken := _leading(words, start) or int(_english_stopword(words[start]))):
        start += taken
    end = len(words)
    while end > start and (words[end - 1].surface.isdigit() or words[end - 1].surface in stopwords
                           or _english_stopword(words[end - 1])):
        end -= 1
    return words[start:end]


def _compound_text(words: list) -> str:
    """A compound as written: its words joined, with the space kept between two Latin words (「Taskforce on Nature」,
    not 「TaskforceonNature」); Japanese words join as MeCab reads them together."""
    text = ""
    for at, word in enumerate(words):
        latin = at and word.white_space and re.search(r"[A-Za-z0-9]$", words[at - 1].surface) and re.match(r"[A-Za-z0-9]", word.surface)
        text += (" " if latin else "") + word.surface
    return text


def _keyword_noun(words: list, at: int) -> bool:
    """Whether the word at ``at`` of a trimmed compound ``words`` is a noun that names a topic: no counter (年, 件),
    no adverbial noun (後, 今, 分, 現在, 全て; a named time such as 夜 or 冬 is one) unless a suffix makes a noun of it
    (「途上国」), and no single kanji alone that relates rather than names (「名の下に」: 名, 下; 「可」, 「値」:
    UniDic's adjectival and verbal nouns; :data:`_FORMAL_KANJI`)."""
    word, feature = words[at], words[at].feature
    if feature.pos1 not in _NOUN_POS or feature.pos3 in _COUNTER_POS3:
        return False
    if _adverbial(word):
        return at + 1 < len(words) and words[at + 1].feature.pos1 == "接尾辞"
    if len(words) == 1 and _GLOSS.sub("", feature.lemma or "") in _FORMAL_KANJI:  # 「もと」 (元), 「とも」 (共) too
        return False
    if len(words) == 1 and len(word.surface) == 1 and "\u4e00" <= word.surface <= "\u9fff":
        return feature.pos3 not in ("形状詞可能", "サ変可能") and word.surface not in _FORMAL_KANJI
    return True


class JapaneseTokenizer:
    """Callable turning text into lemma tokens of content words, stopwords removed.

    Args:
        stopwords: Lemmas to drop (defaults to :data:`STOPWORDS`).
    """

    identity = "fugashi-unidic-lite-content-lemmas-v1"

    def __init__(self, stopwords: frozenset[str] = STOPWORDS) -> None:
        import fugashi

        self._tagger = fugashi.Tagger()
        # One tagger serves every browser session's thread, and fugashi reads a word's features lazily from
        # MeCab's buffer: another thread's parse in between gave this parse's words that parse's features.
        # A parse and the reading of its words are one step under this lock.
        self._lock = threading.Lock()
        self.stopwords = stopwords
        self._words: dict[tuple[str, str], tuple[bool, str, str]] = {}

    def _word(self, word) -> tuple[bool, str, str]:
        """``(is a content word, lemma, written form)`` of a tagged word, remembered by surface and raw feature.

        The written form is the dictionary form as written (「札幌」), where the lemma of a proper noun is
        its reading (「サッポロ」).

        Reading ``word.feature`` parses UniDic's feature string on every call: it was 60 % of the time of
        tokenising a corpus, and a corpus repeats the same few thousand words.
        """
        key = (word.surface, word.feature_raw)
        found = self._words.get(key)
        if found is None:
            feature = word.feature
            content = feature.pos1 in CONTENT_POS and feature.pos2 not in SKIP_POS2
            found = (content, _GLOSS.sub("", feature.lemma or word.surface).lower(), feature.orthBase or word.surface)
            if len(self._words) >= WORD_MEMORY:
                self._words.clear()
            self._words[key] = found
        return found

    def __call__(self, text: str) -> list[str]:
        tokens = []  # the loop of written(), kept apart: this one runs over whole corpora for BM25
        with self._lock:
            for word in self._tagger(unicodedata.normalize("NFKC", text)):
                content, lemma, _ = self._word(word)
                if content and lemma and lemma not in self.stopwords and not lemma.isdigit():
                    tokens.append(lemma)
        return tokens

    def written(self, text: str) -> list[tuple[str, str]]:
        """The tokens of :meth:`__call__`, each with its form as written in the text (「サッポロ」, 「札幌」)."""
        tokens = []
        with self._lock:
            for word in self._tagger(unicodedata.normalize("NFKC", text)):
                content, lemma, form = self._word(word)
                if content and lemma and lemma not in self.stopwords and not lemma.isdigit():
                    tokens.append((lemma, form))
        return tokens

    def keyword_terms(self, text: str) -> list[tuple[str, str]]:
        """The nouns of :meth:`__call__` (no verbs, adjectives, adverbs or counters: a topic is named by its
        nouns), each with the compound noun it is written in (「柔軟」 in 「柔軟剤」, 「図書」 in 「図書館」,
        「ジカ」 in 「ニホンジカ」), what names no topic at its ends left out (「2030年目標」 → 「目標」, 「そもそも個人番号」 →
        「個人番号」: :func:`_trimmed`); a noun alone gives its written form. Adverbial nouns (後, 今, 現在) and a single
        kanji alone that relates rather than names (「名の下に」) are none (:func:`_keyword_noun`). A compound ends at a
        line break: 「p. 12, 3～5 行目⏎除雪」 and 「理由⏎エネルギー」 are no 「目除雪」 or 「理由エネルギー」 (MeCab reads across
        it). Latin words keep the spaces between them (「Taskforce on Nature」), and English function words
        (:data:`ENGLISH_STOPWORDS`: on, a, of, for) are no terms. For cluster keywords people can read (:func:`assistant.analysis.ctfidf_keywords`); search's tokens
        (:meth:`__call__`, :meth:`term_runs`) do not use it."""
        runs: list[list[tuple[str, object]]] = [[]]
        terms = []
        with self._lock:  # the words of runs are read below: still this parse's
            for word in self._tagger(unicodedata.normalize("NFKC", text)):
                if runs[-1] and "\n" in word.white_space:
                    runs.append([])
                if word.feature.pos1 in _COMPOUND_POS:
                    runs[-1].append((word.surface, word))
                elif runs[-1]:
                    runs.append([])
            for run in runs:
                kept = _trimmed([word for _, word in run], self.stopwords)
                compound = _compound_text(kept)
                for at, word in enumerate(kept):
                    content, lemma, form = self._word(word)
                    if (content and lemma and lemma not in self.stopwords and not lemma.isdigit() and _keyword_noun(kept, at)
                            and not _english_stopword(word)):
                        terms.append((lemma, compound if len(kept) > 1 else form))
        return terms

    def topics(self, text: str) -> int:
        """How many distinct things a text names: a compound noun counts once however many words it is made of
        (「マイナンバーカード」, 「除雪計画」), and so does each other content word of :meth:`__call__` (「増やす」).
        A compound ends at a space or a line break (keywords typed one after another), and a word that takes a
        stand (:data:`STANCE_WORDS`: 「ごみ収集有料化反対」 is an opinion) counts apart from the compound before it; a
        word that only announces a comment (「意見を述べます」, 「質問です」) counts for nothing.

        Example:
            >>> tokenizer = JapaneseTokenizer()
            >>> tokenizer.topics("マイナンバーカード"), tokenizer.topics("除雪を増やしてほしい")
            (1, 2)
        """
        units: set[str] = set()
        run: list[str] = []  # the surfaces of the compound being read
        named = False  # whether that compound holds a content word

        def close() -> None:
            nonlocal named
            if named:
                units.add("".join(run))
            run.clear()
            named = False

        text = _DRAFT_MARK.sub("", unicodedata.normalize("NFKC", text))  # 「計画（案）」 is the plan's name
        with self._lock:
            words = list(self._tagger(text))
            for at, word in enumerate(words):
                if run and word.white_space:
                    close()
                content, lemma, _ = self._word(word)
                counted = (content and lemma and lemma not in self.stopwords and not lemma.isdigit()
                           and lemma not in _ANNOUNCING  # 「…について意見を述べます」 names one thing
                           and not _reference_word(words, at, lemma)  # 「P.12 L.3-5」, 「5ページ目の3行目」
                           and not (word.feature.pos1 == "動詞" and lemma in _PARTICLE_VERBS and at
                                    and words[at - 1].feature.pos1 == "助詞" and words[at - 1].surface in ("に", "と")))
                if counted and lemma in STANCE_WORDS:
                    close()
                    units.add(lemma)
                    continue
                if word.feature.pos1 in _COMPOUND_POS:
                    run.append(word.surface)
                    named = named or bool(counted)
                    continue
                close()
                if counted:
                    units.add(lemma)
            close()
        return len(units)

    def term_runs(self, text: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
        """The content words of :meth:`__call__` in runs as written: a compound noun (words of a noun's kind with no
        space between them) is one run, ``(its text, ((lemma, form as written), …))`` with ``("", surface)`` for a
        word of it that is not searched (a number, 「等」), any other word a run of its own. For :func:`shown_terms`.

        Example:
            >>> JapaneseTokenizer().term_runs("マイナンバーカードをわかりやすく")
            [('マイナンバーカード', (('マイ', 'マイ'), ('ナンバー', 'ナンバー'), ('カード', 'カード'))), ('わかる', (('分かる', 'わかる'),))]
        """
        runs: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        surfaces: list[str] = []
        parts: list[tuple[str, str]] = []

        def close() -> None:
            if any(lemma for lemma, _ in parts):
                runs.append(("".join(surfaces) if len(surfaces) > 1 else parts[0][1], tuple(parts)))
            surfaces.clear()
            parts.clear()

        with self._lock:
            for word in self._tagger(unicodedata.normalize("NFKC", text)):
                if surfaces and word.white_space:
                    close()
                content, lemma, form = self._word(word)
                counted = content and lemma and lemma not in self.stopwords and not lemma.isdigit()
                if word.feature.pos1 in _COMPOUND_POS:
                    surfaces.append(word.surface)
                    parts.append((lemma, form) if counted else ("", word.surface))  # 「5」 of 「委託事項5」, 「等」
                    continue
                close()
                if counted:
                    runs.append((form, ((lemma, form),)))
            close()
        return runs

    def has_predicate(self, text: str) -> bool:
        """Whether a text says something of what it names: a verb, an adjective or an auxiliary (です, ます, たい, ない)
        other than the verb of a compound particle (「について」, 「に関して」, 「に対する」) and other than words that only
        announce a comment (「評価書について意見を申し上げます。」, 「生活保護についての質問です。」); a request (「…をお願いしたい」,
        「…を要望します」) is no announcement.

        Example:
            >>> tokenizer = JapaneseTokenizer()
            >>> [tokenizer.has_predicate(t) for t in ("マイナンバーカードは必要ですか", "マイナンバーカードについて", "評価書")]
            [True, False, False]
        """
        after_particle = False  # the word before was に or と, which a compound particle's verb follows
        announcing = False  # the words so far only announce a comment (「意見を申し上げます」, 「についての質問です」)
        with self._lock:
            for word in self._tagger(unicodedata.normalize("NFKC", text)):
                feature = word.feature
                lemma = _GLOSS.sub("", feature.lemma or "")
                if feature.pos1 == "動詞" and after_particle and lemma in _PARTICLE_VERBS:
                    pass  # 「について」, 「に関して」
                elif lemma in _ANNOUNCING:
                    announcing = True
                elif feature.pos1 == "助動詞" or (feature.pos1 == "動詞" and lemma in _LIGHT_VERBS):
                    if not announcing or lemma in _SAYING_AUXILIARIES:  # 「必要です」, 「増やしたい」, 「聞きたい」;
                        return True  # not 「質問です」, 「申し上げます」
                elif feature.pos1 in ("形容詞", "動詞"):
                    return True
                elif feature.pos1 in _COMPOUND_POS:
                    announcing = False  # a word of its own: what follows says something of it
                after_particle = feature.pos1 == "助詞" and word.surface in ("に", "と")
        return False

    def surfaces(self, text: str) -> list[str]:
        """Every word's surface form, in order (nothing dropped)."""
        with self._lock:
            return [word.surface for word in self._tagger(text)]

    def keywords(self, text: str) -> list[str]:
        """Surface forms of the content words, in order, without repeats (for highlighting)."""
        seen: dict[str, None] = {}
        with self._lock:
            for word in self._tagger(text):
                content, lemma, _ = self._word(word)
                if content and lemma not in self.stopwords:
                    seen.setdefault(word.surface, None)
        return list(seen)
