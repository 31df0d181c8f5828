"""``python -m assistant bench --only batch``: a national-scale consultation grouped, each figure beside a
baseline measured in the same run.

How the batch is made (fixed seed, from the 290 real comments of ``data/eval/env6th/corpus.csv``, the
Ministry of the Environment's sixth basic environment plan): 200,000 comments of which 96 % are copies,
like the 207,850 comments (8,277 distinct) the ministry received on one plan.

- Campaign letters: 8 real comments, copied 192,000 times in all (Zipf-like shares); every third copy is
  typed with full-width spaces or line breaks (the same letter after NFKC and whitespace removal).
- Distinct comments: 7,000 of 2 to 4 real sentences drawn from different comments (real wording, new
  combinations), and 1,000 near-duplicates of them (a closing phrase added or a sentence ending changed).

Figures, each beside a baseline of the same run: merging exact copies (against a plain ``set()`` of the
raw strings); the whole grouping (:func:`assistant.batch.group_batch`), and on the first 20,000 comments
the old path (every comment's normalised text into :func:`assistant.templates.group_paragraphs`, as
``group_similar`` did) beside the new one; writing the batch as CSV; reading it back row by row while
merging copies, against the old whole-file read (:func:`assistant.readers.spreadsheet.load_frame`), with
peak Python memory (tracemalloc).
"""

from __future__ import annotations

import csv
import random
import re
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from assistant import settings

CORPUS = settings.DATA_DIR / "eval" / "env6th" / "corpus.csv"
TOTAL = 200_000
LETTERS = 8
DISTINCT = 0.035  # of the batch: 7,000 of 200,000
NEAR = 0.005  # 1,000 of 200,000
SEED = 12
SAMPLE = 20_000
_SENTENCE = re.compile(r"[^。！？]+[。！？]?")
_CLOSINGS = ("よろしくお願いします。", "ご検討ください。", "以上、意見です。", "強く要望します。")


def real_comments() -> list[str]:
    with CORPUS.open(encoding="utf-8-sig", newline="") as handle:
        return [row["ご意見"] for row in csv.DictReader(handle) if row["ご意見"].strip()]


def national_batch(total: int = TOTAL, seed: int = SEED) -> list[str]:
    """The synthetic consultation described in the module docstring (same seed, same batch)."""
    rng = random.Random(seed)
    comments = real_comments()
    sentences = [[s for s in _SENTENCE.findall(c) if len(s) > 8] or [c] for c in comments]
    letters = rng.sample(comments, LETTERS)
    distinct: set[str] = set(letters)
    made: list[str] = []
    while len(made) < round(total * DISTINCT):
        picked = rng.sample(range(len(sentences)), rng.randint(2, 4))
        text = "".join(rng.choice(sentences[i]) for i in picked)
        if text not in distinct:
            distinct.add(text)
            made.append(text)
    near = []
    for text in rng.sample(made, round(total * NEAR)):
        variant = text + rng.choice(_CLOSINGS) if rng.random() < 0.5 else text.replace("。", "！", 1)
        if variant not in distinct:
            distinct.add(variant)
            near.append(variant)
    originals = letters + made + near
    weights = [1 / (rank + 1) for rank in range(LETTERS)]
    copies = rng.choices(range(LETTERS), weights, k=total - len(originals))
    batch = originals + [_retyped(letters[i], n) for n, i in enumerate(copies)]
    rng.shuffle(batch)
    return batch


def _retyped(letter: str, n: int) -> str:
    if n % 3:
        return letter
    return letter.replace("、", "、\u3000", 3) if n % 2 else letter.replace("。", "。\n", 2)


def _timed(work: Callable[[], object], memory: bool = False) -> tuple[object, float, float]:
    """(result, seconds, peak MiB of Python allocations or 0.0 when memory is not traced)."""
    if memory:
        tracemalloc.start()
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    peak = 0.0
    if memory:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return result, seconds, peak


def _old_grouping(comments: list[str]) -> int:
    """The path before exact copies were merged first: every comment's normalised text into group_paragraphs."""
    from assistant.templates import group_paragraphs
    from assistant.textnorm import normalize

    return len(group_paragraphs(((str(i), normalize(c)) for i, c in enumerate(comments)), 0.85))


def _old_read(path: Path) -> int:
    """The whole-file read before streaming: a pandas frame of every cell, then the comment column."""
    from assistant.batch import comment_column
    from assistant.readers.spreadsheet import load_frame
    from assistant.textnorm import tidy

    frame = load_frame(path, None)
    start, column = comment_column(frame)
    return len([c for c in (tidy(str(v)) for v in frame.iloc[start:, column]) if c])


def _whole_alignment(a: str, b: str) -> bool:
    """:func:`assistant.batch.same_point` as it was: both whole texts aligned character by character."""
    from difflib import SequenceMatcher

    from assistant.batch import places_differ
    from assistant.templates import turned_round

    if places_differ(a, b):
        return False
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal" and turned_round(a[max(i1 - 2, 0):i2 + 2], b[max(j1 - 2, 0):j2 + 2], prefix_needs_word=False):
            return False
    return True


def print_long_copies(out: TextIO, copies: int = 20) -> None:
    """Every pair of ``copies`` copies of the longest real comment, each with one word inserted at its own place
    (fixed seed), compared as :func:`assistant.batch.group_batch` compares a group's wordings, beside the old
    comparison of the whole texts."""
    from assistant.batch import same_point

    letter = max(real_comments(), key=len)
    rng = random.Random(SEED)
    texts = [letter[:at] + "とても" + letter[at:] for at in (rng.randrange(len(letter)) for _ in range(copies))]
    pairs = [(a, b) for i, a in enumerate(texts) for b in texts[i + 1:]]
    ours, ours_s, _ = _timed(lambda: sum(same_point(a, b) for a, b in pairs))
    old, old_s, _ = _timed(lambda: sum(_whole_alignment(a, b) for a, b in pairs))
    print(f"長いご意見（{len(letter):,} 字）の写し {copies} 件を2件ずつ比べる（{len(pairs):,} 組）: {ours_s:.2f} 秒、同じ論点 {ours:,} 組"
          f"（基準: 全文を1文字ずつ対応付ける従来の比較 {old_s:.1f} 秒・{old:,} 組、{ours_s / old_s:.3f} 倍の時間）",
          file=out, flush=True)


def print_batch_bench(out: TextIO, say: Callable[[str], None], total: int | None = None) -> None:
    """Print the batch figures, each with its same-run baseline as a ratio (``total`` comments, else TOTAL)."""
    from assistant.batch import _merge, compared_body, group_batch, read_comments, shown_comment

    def cold(work: Callable[[], object]) -> Callable[[], object]:
        """``work`` without the texts read before: each figure reads every letter (compared_body and shown_comment
        are cached)."""
        def run() -> object:
            compared_body.cache_clear()
            shown_comment.cache_clear()
            return work()
        return run

    total = total or TOTAL
    sample_size = min(SAMPLE, total)
    say(f"{total:,} 件のご意見（96 % が写し）を作っています…")
    comments = national_batch(total)
    print(f"一括起案の規模（{total:,} 件、固定シード {SEED}、2コアCPU）", file=out, flush=True)
    say("同じ文面をまとめる速さを測っています…")
    texts, exact_s, _ = _timed(cold(lambda: _merge(comments).texts))
    plain, plain_s, _ = _timed(lambda: len(set(comments)))
    print(f"同じ文面（手紙の前後と個人情報を除き、NFKC・空白除去）をまとめる: {exact_s:.1f} 秒で {len(texts):,} 種類"
          f"（基準: 文字列そのままの set() {plain_s:.2f} 秒・{plain:,} 種類、{exact_s / plain_s:.0f} 倍の時間）", file=out, flush=True)
    say("似た文面もまとめる速さを測っています（数分かかることがあります）…")
    groups, ours, _ = _timed(cold(lambda: group_batch(comments)))
    assert sum(g.count for g in groups) == total
    biggest = max(g.count for g in groups)
    sample = comments[:sample_size]
    sample_groups, sample_s, _ = _timed(cold(lambda: len(group_batch(sample))))
    old_groups, old_s, _ = _timed(lambda: _old_grouping(sample))
    print(f"全体をまとめる（同じ文面、続いて似た文面）: {ours:.1f} 秒で {len(groups):,} 件の回答、最大の組は同趣旨 {biggest:,}件"
          f"（基準: 先頭 {sample_size:,} 件で従来の方法＝全件を正規化して group_paragraphs {old_s:.1f} 秒・{old_groups:,} 組、"
          f"同じ {sample_size:,} 件でこの方法 {sample_s:.1f} 秒・{sample_groups:,} 組、{sample_s / old_s:.2f} 倍の時間）",
          file=out, flush=True)
    say("長いご意見の写しを比べる速さを測っています…")
    print_long_copies(out)
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "national.csv"

        def write() -> None:
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["No.", "ご意見"])
                writer.writerows([i + 1, c] for i, c in enumerate(comments))

        _, wrote, _ = _timed(write)
        size = path.stat().st_size / 2**20
        del comments, groups, sample
        say("CSV を読む速さとメモリを測っています…")
        streamed, read_s, _ = _timed(cold(lambda: _merge(read_comments(path)).texts))
        whole, whole_s, _ = _timed(lambda: _old_read(path))
        _, _, read_mb = _timed(cold(lambda: _merge(read_comments(path))), memory=True)
        _, _, whole_mb = _timed(lambda: _old_read(path), memory=True)
    print(f"CSV 書き出し（{size:,.0f} MB）: {wrote:.1f} 秒", file=out)
    print(f"CSV を1行ずつ読み、同じ文面をまとめる: {read_s:.1f} 秒、{len(streamed):,} 種類、Python のメモリ最大 {read_mb:,.0f} MiB"
          f"（基準: ファイル全体を表に読む従来の方法 {whole_s:.1f} 秒・{whole:,} 件・{whole_mb:,.0f} MiB、"
          f"{read_s / whole_s:.2f} 倍の時間、メモリ {read_mb / whole_mb:.2f} 倍。メモリは tracemalloc で別に測定）",
          file=out, flush=True)
