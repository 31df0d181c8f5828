"""Group identical and near-identical answer paragraphs into recurring templates, in n log n.

Exact duplicates (after normalisation) are grouped first. Distinct texts are then joined when their
normalised edit similarity (RapidFuzz ``ratio``, the Indel similarity 2·matches / total length) reaches
a threshold (single linkage; for the store's templates, the answer families and a batch's groups, only when
the two groups' first texts all say the same thing, see below). Comparing every pair is quadratic, so candidates come from MinHash
locality-sensitive hashing: each text's set of character bigrams gets ``BANDS × ROWS`` MinHash values
(numpy, vectorised over all texts at once); texts that share a band (``ROWS`` values in a row) are
candidates. Each text is compared, exactly, only with the ``TOP_CANDIDATES`` earlier texts that share
the most bands with it (skipping those already in its group, which a join could not change), and a
bucket keeps its first ``BUCKET_SIZE`` texts. The work per text is
bounded, so the whole grows with n (plus a sort), and each join is a real pair at or above the
threshold: a group never holds a text that no chain of similar pairs links to the rest. What LSH can
miss is a pair whose bigram sets overlap little (``python -m assistant bench --only templates`` prints
the recall against the exact all-pairs grouping).

The same :class:`LinkIndex` serves the store, which keeps each bucket in SQLite and groups a new
document's paragraphs against the stored ones (incremental), with the same result as grouping
everything at once in the same order.

Similarity alone cannot see a change of a few characters that turns a text round: 「…令和7年4月から
実施します。」 and 「…実施しません。」 are 95 % alike. The store's templates and the answer families (one
card each) join two similar texts only when they also say the same thing (:func:`same_stance`: no
negation more on one side of where they differ, no word of an opposite pair such as 賛成/反対,
増やす/減らす, 有料/無料 against its opposite, nor the plan changed where the other keeps it, 「原案を修正いたします」/
「原案のとおりといたします」, read over the whole texts). A page cited, a name or a clause added differs without
turning anything round, and such texts still join. Nor do two groups join when a text of one says the opposite of a
text of the other (their first :data:`WHOLE_GROUP_CHECKED` texts are checked, and as many more that hold such a
word): 「…強化します」 and 「…緩和します」 are
not one template through 「…検討します」, alike both. A batch of comments groups with its own, stricter
check (:func:`assistant.batch.same_point`).

Example:
    >>> groups = group_paragraphs([("a", "同じ文です。"), ("b", "同じ文です。"), ("c", "違う話。")], 0.8)
    >>> sorted(sorted(g) for g in groups)
    [['a', 'b'], ['c']]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

BANDS = 16  # LSH bands; a pair is a candidate when one band agrees
ROWS = 2  # MinHash values per band: P(candidate) = 1 - (1 - J^ROWS)^BANDS for bigram Jaccard J
BUCKET_SIZE = 32  # texts a bucket keeps (the first ones); later ones still look it up
TOP_CANDIDATES = 16  # earlier texts each text is compared with, those sharing the most bands
STANCE = "stance-10"  # the check that similar texts say the same thing (same_stance): change it when that check changes
WHOLE_GROUP_CHECKED = 8  # a group's first texts checked before two groups join (LinkIndex's whole_groups) …
WHOLE_GROUP_SCANNED = 64  # … and, of its first this many texts, up to WHOLE_GROUP_CHECKED more that hold a word that
# could turn a text round (a negation, one of an opposite pair): a group of 8 wordings of 「…検討します」 that 「…強化します」
# joined took 「…緩和します」 too, checked against the first 8 only
SCHEME = (f"minhash-bigram-{BANDS}x{ROWS}-b{BUCKET_SIZE}-k{TOP_CANDIDATES}-w{WHOLE_GROUP_CHECKED}of{WHOLE_GROUP_SCANNED}"
          f"-{STANCE}")  # stored beside the templates and
# the answer families: templates made under another scheme are grouped again at the store's next write (or by
# ``prepare``), a families file at the next snapshot
_CHUNK_SHINGLES = 200_000  # bigrams hashed per numpy pass (bounds memory: × BANDS·ROWS × 8 bytes)
_MIX = np.uint64(0x9E3779B97F4A7C15)


# What turns a text round where two wordings differ: a negation or refusal more on one side (「…ほしい」/「…ほしくない」,
# 「実施します」/「実施しません」, 「実施は困難です」, 「いたしかねます」, 「見送ります」, 「やめて」/「やめないで」, 公開/非公開,
# 適切/不適切, 「計画の推進」/「計画の撤回」 (白紙, 凍結, 断念, 中断, 延期 alike)), one word of an opposite pair where
# the other has its opposite, or two options of a choice (A案/B案, 第1案/第2案, 甲案/乙案). A name, a ward, a page cited or a typo (山田/佐藤, 北区/南区, 12ページ/13ページ,
# 図書館/図書舘) is no such change.
NEGATION = re.compile(r"ない|なく|ません|反対|廃止|中止|やめ|止め|禁止|困難(?!な(?:世帯|方|人|家庭|者|状況にある)|を抱え|者)"
                      r"|難し(?:い|く)|かね(?:ます|る)|見送|見合わせ|撤回|白紙|断念|中断|延期"
                      # 凍結 of a plan (「計画は凍結」), not a road's or a pipe's icing, everyday in a snow city's
                      # comments (「歩道が凍結して」, 「凍結対策」, 「凍結防止剤」, 「路面凍結」, 「水道管の凍結」)
                      r"|(?<![道路面管])(?<![道路面管][がはもの])凍結(?!防止|対策|剤|路面|箇所|時|期|し(?:やす|にく|て危))"
                      # out of scope: 対象外, 適用外 (not 海外, 国内外, 以外, 市外: places and words of their own)
                      r"|(?:対象|適用|範囲|補助|助成|支給|給付|想定|規格|区域|計画|制度|保険|所管|管轄|権限|業務)外"
                      r"(?![\u4e00-\u9fff])")
NEGATING_PREFIX = re.compile(r"[不非無未]")
# Words that only look negating: 是非, 未来 and the like, and words of one spelling with a ない or 止め inside, which
# another spelling of the same word lacks: 行ない/行い, おこない, ともない/伴い, まかない/賄い (when it goes on as
# the verb goes on: 「まかないます」, not 「まかない方針」, 撒かない), つぐない/償い; 受け止め/受けとめ, 食い止め, 突き止め, 引き止め, 歯止め, せき止め.
# 取り止め, 差し止め, 通行止め stay negations.
NOT_NEGATION = re.compile(r"是非|未来|非常|無事|不動産|未満|非公式に"
                          # 「…にともない」 is 伴い; 「…こともない」, 「何ともない」 are negations
                          r"|(?:行|おこ|つぐ)ない|(?<=に)ともない|まかない(?=[ま、，]|きれ|切れ)"
                          r"|(?:受け?|食い?|突き?|引き?|繋ぎ?|つなぎ|堰き?|せき|歯)止め")
OPPOSITES = (("賛成", "反対"), ("増", "減"), ("拡大", "縮小"), ("拡充", "縮小"), ("延長", "短縮"), ("延ば", "短く"),
             ("上げ", "下げ"), ("高く", "低く"), ("多く", "少なく"), ("早く", "遅く"), ("広く", "狭く"), ("有料", "無料"),
             ("有償", "無償"), ("強化", "緩和"), ("推進", "見直"), ("設置", "撤去"), ("存続", "廃止"), ("維持", "廃止"),
             ("許可", "禁止"), ("賛同", "反対"), ("良い", "悪い"), ("良く", "悪く"), ("大きく", "小さく"), ("継続", "終了"),
             ("開始", "終了"), ("以上", "未満"), ("以上", "以下"), ("超え", "未満"), ("上げ", "据え置"), ("上げ", "据置"),
             ("修正前", "修正後"), ("変更前", "変更後"), ("改正前", "改正後"),
             # 「規制を厳しく…」/「規制を緩く…」 (厳格化/緩和, 厳しい/緩い alike): first 一括起案's pairs, the answers' too since stance-7
             ("厳", "緩"), ("強く", "弱く"), ("強い", "弱い"), ("強め", "弱め"), ("強化", "弱体化"), ("長く", "短く"),
             ("長い", "短い"), ("高い", "低い"), ("高い", "安い"), ("高く", "安く"), ("早い", "遅い"), ("早め", "遅め"),
             ("速く", "遅く"), ("広げ", "狭め"), ("促進", "抑制"), ("積極", "消極"),
             # what an answer does to the plan's text (stance-8): 「…を踏まえ追記します」/「…削除します」
             ("追記", "削除"), ("加筆", "削除"), ("追加", "削除"))
# The two outcomes of an answer to a パブコメ, the plan changed (「…を踏まえ、原案を修正いたします」, 「以下のとおり修正
# いたします」, 「…追記します」) or kept (「原案のとおりといたします」, 原案どおり, 原案の通り, 原案のまま): read over the
# whole texts, not only where they differ (stance-8), since 「以下のとおり修正いたします」 and 「原案のとおりとさせて
# いただきます」 differ in two places (以下/原案, 修正/とさせて) that hold one word of the pair each. Turned round when one
# text says one outcome and not the other, the other text the other and not the one. 「修正の必要はない」 states no
# change (its negation counts where the texts differ); 反映する/反映しない is a negation.
# A change in any conjugation (修正いたします, 修正し、, 修正して, 修正させていただきます, 修正を行います), not its
# negation (修正しません, 修正いたしません, 修正していません); 追加/反映 count when the plan's text is what is added to
# (「原案に記述を追加します」, 「計画に反映します」), not 「今後の事業に反映します」 (stance-9). A text saying both outcomes (「…次のとおり
# 修正し、その他は原案のとおりとします」, a partial revision) is turned round by neither: it groups with a change.
# 「…して」 not a request the answer quotes (「修正してほしいとのご意見については、原案のとおり…」 keeps the plan: second
# reading 239), nor a negation
_DONE = (r"(?:(?:いた)?し(?:ます|まし|た(?!方|ほう)|、|て(?!(?:い|お)?(?:ませ|りませ)|はい|いな|ほし|欲し|くださ|下さ|いただきた"
         r"|頂きた|いただけ|頂け|いただくよう|もらいた|はどう))|させて(?:いただ|頂)|を(?:行|加え))")
# the plan's text: not a next plan (「次期計画に反映してまいります」 changes nothing of this one)
PLAN_CHANGED = re.compile(rf"(?:修正|追記|加筆|削除){_DONE}|(?:記述|記載|文言|原案|素案|(?<!次期)(?<!次の)(?<!今後の)計画)"
                          rf"[^。、]{{0,8}}?(?:追加|反映){_DONE}")
PLAN_KEPT = re.compile(r"原案(?:の(?:とおり|通り|まま)|どおり|通り)")
_OPTION = re.compile(r"(?:第?[0-9０-９一二三四五六七八九十]+|[A-Za-zＡ-Ｚａ-ｚ]|[甲乙丙丁])案(?![件内])")  # not 12案件
_KANJI_NUMBER = re.compile("[一二三四五六七八九十]+")
_KANJI_DIGITS = {digit: value for value, digit in enumerate("一二三四五六七八九", start=1)}


def _option_key(found: str) -> str:
    """An option as one key however its number is written: 第一案, 第1案, 第１案 → 第1案; 第十一案 → 第11案."""
    return _KANJI_NUMBER.sub(lambda match: str(_kanji_number(match.group())), unicodedata.normalize("NFKC", found))


def _kanji_number(kanji: str) -> int:
    """A number written in kanji up to 99 (十一, 二十, 二十三), or digit by digit (一二 → 12)."""
    if "十" not in kanji:
        return int("".join(str(_KANJI_DIGITS[digit]) for digit in kanji))
    tens, _, ones = kanji.partition("十")
    return (_KANJI_DIGITS.get(tens, 1) if len(tens) < 2 else _kanji_number(tens)) * 10 + (
        _kanji_number(ones) if ones else 0)
_ANY_MARKER = re.compile("|".join([NEGATION.pattern, NEGATING_PREFIX.pattern, _OPTION.pattern,
                                   *sorted({w for pair in OPPOSITES for w in pair})]))


def negations(text: str, other: str | None = None) -> int:
    """Negations in ``text``, a differing part of one wording (with context). With ``other``, the other wording's
    part, a negating prefix (不, 非, 無, 未) counts only when the word it negates is in ``other`` too (公開/非公開,
    安心/不安): in a clause only one side has (「…サイバー攻撃・不正アクセスを受けた際の…」) it is a word of that
    clause, not a negation of anything the two share. Without ``other`` every prefix counts."""
    text = NOT_NEGATION.sub("", text)
    prefixes = sum(1 for found in NEGATING_PREFIX.finditer(text)  # the first character of the word it negates
                   if other is None or (word := text[found.end():found.end() + 1]) == "" or word in other)
    return len(NEGATION.findall(text)) + prefixes


def turned_round(left: str, right: str, *, prefix_needs_word: bool = True) -> bool:
    """Whether ``left`` and ``right``, where two wordings differ (with two characters of context each side), say
    opposite things: a negation more on one side, or one word of an opposite pair where the other has its opposite.
    ``prefix_needs_word`` as ``other`` in :func:`negations`."""
    if not _ANY_MARKER.search(left) and not _ANY_MARKER.search(right):
        return False  # most places: no word that could turn anything round (one search instead of some hundred)
    if negations(left, right if prefix_needs_word else None) != negations(right, left if prefix_needs_word else None):
        return True
    options = [{_option_key(found) for found in _OPTION.findall(side)}
               for side in (left, right)]  # 第一案 and 第1案 are one option, 第十一案 and 第11案 too
    if all(options) and options[0] != options[1]:
        return True  # 「A案の採用」/「B案の採用」: another option chosen
    return any((one in left and other in right and other not in left and one not in right)
               or (other in left and one in right and one not in left and other not in right)
               for one, other in OPPOSITES)


def same_stance(a: str, b: str) -> bool:
    """Whether two similar texts (answers, paragraphs) say the same thing: no place where they differ is turned
    round (:func:`turned_round`). The ``compatible`` check of the templates and the answer families. Adjacent
    changes (or changes two characters apart: 「困難です」/「難しいと考えています」 align on 「難」) are read as one place; the
    alignment is RapidFuzz's (C++), so a long answer costs what the
    similarity itself costs.

    Example:
        >>> same_stance("有料化は4月から実施します。", "有料化は4月から実施しません。")
        False
        >>> same_stance("計画（12ページ）のとおり実施します。", "計画（13ページ）のとおり実施します。")
        True
    """
    if _opposite_outcomes(a, b):
        return False
    if not _ANY_MARKER.search(a) and not _ANY_MARKER.search(b):
        return True
    places: list[list[int]] = []  # [i1, i2, j1, j2] of each run of adjacent changes
    for tag, i1, i2, j1, j2 in Indel.opcodes(a, b):
        if tag == "equal":
            continue
        if places and i1 - places[-1][1] <= 2 and j1 - places[-1][3] <= 2:  # one change, the aligner's odd match aside
            places[-1][1], places[-1][3] = i2, j2
        else:
            places.append([i1, i2, j1, j2])
    return not any(turned_round(a[max(i1 - 2, 0):i2 + 2], b[max(j1 - 2, 0):j2 + 2]) for i1, i2, j1, j2 in places)


def _opposite_outcomes(a: str, b: str) -> bool:
    """Whether one text changes the plan (:data:`PLAN_CHANGED`) and the other keeps it (:data:`PLAN_KEPT`), neither
    saying both."""
    changed = (PLAN_CHANGED.search(a) is not None, PLAN_CHANGED.search(b) is not None)
    kept = (PLAN_KEPT.search(a) is not None, PLAN_KEPT.search(b) is not None)
    return (changed[0] and not kept[0] and kept[1] and not changed[1]) or (
        kept[0] and not changed[0] and changed[1] and not kept[1])


def _seeds() -> np.ndarray:
    rng = np.random.default_rng(20240401)
    count = BANDS * ROWS
    multipliers = rng.integers(1, 2**63, size=count, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    return multipliers


_MULTIPLIERS = _seeds()


def _finalise(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads every bit of a 64-bit value over the whole word."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def band_keys(texts: list[str]) -> np.ndarray:
    """The LSH key of each text in each band: an ``(n, BANDS)`` int64 array (SQLite's integer).

    Every text is followed by NUL, so a one-character text has one shingle; an empty text has none
    (its keys are meaningless, and :meth:`LinkIndex.link` never buckets it).
    """
    if not texts:
        return np.zeros((0, BANDS), dtype=np.int64)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    signatures = np.zeros((len(texts), BANDS * ROWS), dtype=np.uint64)
    start = 0
    while start < len(texts):
        end, total = start, 0
        while end < len(texts) and (total == 0 or total + lengths[end] <= _CHUNK_SHINGLES):
            total += max(int(lengths[end]), 1)
            end += 1
        signatures[start:end] = _minhash([t + "\x00" for t in texts[start:end]])
        start = end
    bands = signatures.reshape(len(texts), BANDS, ROWS)
    combined = (bands[:, :, 0] << np.uint64(32)) ^ bands[:, :, 1]
    combined ^= np.arange(BANDS, dtype=np.uint64) * _MIX
    return _finalise(combined).view(np.int64)


def _minhash(padded: list[str]) -> np.ndarray:
    """MinHash values (``BANDS·ROWS`` per text) of the bigram sets of texts that each end with NUL."""
    points = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    sizes = np.fromiter((len(t) for t in padded), dtype=np.int64, count=len(padded))
    ends = np.cumsum(sizes) - 1  # the NUL of each text
    bigrams = (points[:-1] << np.uint64(21)) | points[1:]
    valid = np.ones(len(bigrams), dtype=bool)
    valid[ends[:-1]] = False  # a bigram that would start at a NUL crosses into the next text
    shingles = _finalise(bigrams[valid]) if len(bigrams) else np.zeros(0, dtype=np.uint64)
    counts = sizes - 1  # bigrams per text: its length (the last one pairs the last character with NUL)
    out = np.full((len(padded), BANDS * ROWS), np.iinfo(np.uint64).max, dtype=np.uint64)
    present = counts > 0
    if not present.any():
        return out
    starts = (np.cumsum(counts) - counts)[present]
    # Multiply-shift hashing (Dietzfelbinger): the top 32 bits of a·x for a random odd a.
    hashed = np.multiply(shingles[:, None], _MULTIPLIERS[None, :])
    np.right_shift(hashed, np.uint64(32), out=hashed)
    out[present] = np.minimum.reduceat(hashed, starts, axis=0)
    return out


class UnionFind:
    """Disjoint sets over nodes 0..n-1 (path halving); a group's representative is its smallest node.

    Example:
        >>> links = UnionFind(3)
        >>> links.union(2, 0)
        >>> [links.find(node) for node in range(3)], links.add()
        ([0, 1, 0], 3)
    """

    def __init__(self, size: int = 0) -> None:
        self.parent = list(range(size))

    def add(self) -> int:
        """A new node in a group of its own. Returns it."""
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, node: int) -> int:
        parent = self.parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(self, left: int, right: int) -> None:
        a, b = self.find(left), self.find(right)
        if a != b:
            self.parent[max(a, b)] = min(a, b)



class LinkIndex:
    """Texts joined by single linkage, with LSH buckets that find each new text's candidates.

    Nodes are numbered in the order they are added. :meth:`add_known` adds a text that is already
    bucketed (read back from a store); :meth:`link` adds new texts, compares each with its candidates
    and joins it to every one at or above the threshold, then puts it into the buckets that have room.

    Args:
        threshold: Similarity in [0, 1] at or above which two texts join.
        compatible: Also required of two similar texts before they join (None: similarity alone).
        whole_groups: Require ``compatible`` of every text of one group with every text of the other before two
            groups join, not only of the similar pair: single linkage alone put 「…強化すべき」 and 「…緩和すべき」 in
            one group through 「…検討すべき」, compatible with both. A group's texts checked are picked from its first
            :data:`WHOLE_GROUP_SCANNED` in order of first appearance (its smallest nodes), so a grouping restored
            from a store or a file (:meth:`join_known`) checks what grouping everything at once checks.
    """

    def __init__(self, threshold: float, compatible: Callable[[str, str], bool] | None = None,
                 whole_groups: bool = False) -> None:
        if not 0 <= threshold <= 1:
            raise ValueError(f"threshold of {threshold} is outside 0..1")
        self.cutoff = threshold * 100
        self.compatible = compatible
        self.texts: list[str] = []
        self.links = UnionFind()
        self.buckets: dict[int, list[int]] = {}
        self.members: dict[int, list[int]] | None = {} if whole_groups and compatible is not None else None
        self.marks: dict[int, bool] = {}  # node → whether its text holds a word that could turn it round

    def find(self, node: int) -> int:
        """The representative node of ``node``'s group."""
        return self.links.find(node)

    def add_known(self, text: str, keys: Iterable[int]) -> int:
        """Add a stored text already in the buckets under ``keys`` (in stored order). Returns its node."""
        node = len(self.texts)
        self.texts.append(text)
        self.links.add()
        for key in keys:
            self.buckets.setdefault(int(key), []).append(node)
        return node

    def join_known(self, nodes: Iterable[int]) -> None:
        """Join known nodes already grouped together (a stored template's wordings, a saved grouping's), unchecked;
        with ``whole_groups`` their group's checked texts are its smallest nodes, as :meth:`_join` keeps them."""
        nodes = sorted(nodes)
        for node in nodes[1:]:
            self.links.union(nodes[0], node)
        if self.members is not None and len(nodes) > 1:
            root = self.links.find(nodes[0])
            self.members[root] = sorted(set(self.members.get(root, [root])) | set(nodes))[:WHOLE_GROUP_SCANNED]

    def link(self, texts: list[str], keys: np.ndarray) -> list[tuple[int, int]]:
        """Add distinct new texts (with their :func:`band_keys`), each joined to its similar candidates.

        Returns:
            ``(key, node)`` of every bucket entry added (the store writes them).
        """
        added: list[tuple[int, int]] = []
        buckets, cutoff = self.buckets, self.cutoff
        for text, row in zip(texts, keys.tolist()):
            node = len(self.texts)
            self.texts.append(text)
            self.links.add()
            if not text:
                continue
            votes: Counter[int] = Counter()
            for key in row:
                members = buckets.get(key)
                if members:
                    votes.update(members)
            links = self.links
            for other, _ in votes.most_common(TOP_CANDIDATES):
                if links.find(other) == links.find(node):
                    continue  # already in this text's group: a join could not change the grouping
                if fuzz.ratio(text, self.texts[other], score_cutoff=cutoff) >= cutoff and (
                        self.compatible is None or self.compatible(text, self.texts[other])):
                    self._join(node, other)
            for key in row:
                members = buckets.setdefault(key, [])
                if len(members) < BUCKET_SIZE:
                    members.append(node)
                    added.append((key, node))
        return added


    def _join(self, node: int, other: int) -> None:
        """Join the groups of two similar, compatible texts; with ``whole_groups``, only when every text of one
        group is compatible with every text of the other (the pair itself is checked already), of the texts
        :meth:`_checked` picks of each (every pair was quadratic: 400 lightly edited copies of one letter took 8.4 s
        against 0.18 s)."""
        links = self.links
        if self.members is None:
            links.union(node, other)
            return
        left, right = links.find(node), links.find(other)
        ours, theirs = self.members.get(left, [left]), self.members.get(right, [right])
        texts, compatible, marked = self.texts, self.compatible, self._marked
        # same_stance holds of two texts without a word that could turn one round: those pairs are not compared
        either = (lambda one, two: marked(one) or marked(two)) if compatible is same_stance else (lambda one, two: True)
        if not all(compatible(texts[one], texts[two]) for one in self._checked(ours)
                   for two in self._checked(theirs) if (one, two) != (node, other) and either(one, two)):
            return
        links.union(node, other)
        self.members[links.find(node)] = sorted(ours + theirs)[:WHOLE_GROUP_SCANNED]
        self.members.pop(max(left, right), None)

    def _checked(self, members: list[int]) -> list[int]:
        """The texts of a group (its first :data:`WHOLE_GROUP_SCANNED`, in order of first appearance) checked before it
        joins another: its first :data:`WHOLE_GROUP_CHECKED`, and as many more of the rest that hold a word that could
        turn a text round (a text without one is compatible with the others' wordings as its group's first are)."""
        marked = [node for node in members[WHOLE_GROUP_CHECKED:] if self._marked(node)]
        return members[:WHOLE_GROUP_CHECKED] + marked[:WHOLE_GROUP_CHECKED]

    def _marked(self, node: int) -> bool:
        """Whether a text holds a word that could turn it round (:data:`_ANY_MARKER`) or states an outcome
        (:data:`PLAN_CHANGED`, :data:`PLAN_KEPT`: 「…次のとおりといたします」 had joined 「…原案のとおりといたします」 and
        「…次のとおり修正いたします」 into one group), read once per text."""
        found = self.marks.get(node)
        if found is None:
            text = self.texts[node]
            found = self.marks[node] = (_ANY_MARKER.search(text) is not None or PLAN_CHANGED.search(text) is not None
                                        or PLAN_KEPT.search(text) is not None)
        return found


def group_paragraphs(paragraphs: Iterable[tuple[str, str]], threshold: float,
                     compatible: Callable[[str, str], bool] | None = None,
                     whole_groups: bool = False) -> list[list[str]]:
    """Group paragraph ids whose normalised texts are identical or similar enough.

    Args:
        paragraphs: ``(paragraph id, normalised text)`` pairs.
        threshold: Similarity in [0, 1] at or above which two texts join one group.
        compatible: Also required of two similar texts before they join (see :class:`LinkIndex`).
        whole_groups: Require ``compatible`` of every pair of texts of a group (see :class:`LinkIndex`).

    Returns:
        Groups of paragraph ids, every id in exactly one group (singletons included). Which candidates a
        text is compared with depends on the order of first appearance, so the store, which groups its
        paragraphs in the order they were written, gets the same groups as this function.
    """
    index = LinkIndex(threshold, compatible, whole_groups)
    by_text: dict[str, list[str]] = defaultdict(list)
    for paragraph_id, text in paragraphs:
        by_text[text].append(paragraph_id)
    texts = list(by_text)  # in order of first appearance (sorting by length would fill buckets with short texts)
    index.link(texts, band_keys(texts))
    groups: dict[int, list[str]] = defaultdict(list)
    for node, text in enumerate(texts):
        groups[index.find(node)].extend(by_text[text])
    return [sorted(ids) for ids in groups.values()]
