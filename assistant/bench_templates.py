"""``python -m assistant bench --only templates``: template grouping and incremental ingest at scale.

Synthetic paragraphs are word-level variants of the seed corpus's answer paragraphs (fugashi surfaces):
each copies a seed paragraph (round robin) and drops or replaces a share of its words drawn uniformly
from 0 to 30 %, so some copies are exact, many are near-duplicates (the templates to find) and many
are too far apart to join. Paragraph counts: 10k, 100k and 1M (the last one is what makes the growth
visible; it takes a few minutes on two cores).

Figures, all from the same run:

- grouping time at each size, and time / (n log n) relative to the smallest size (1.0 means n log n
  growth, below 1 means slower growth);
- the baseline: the previous algorithm (every pair in a length window, RapidFuzz ``cdist``) at the
  smallest size, and at the next one only when it finishes within a cap;
- quality at the smallest size against that exact grouping: the share of same-group pairs of the exact
  grouping that the LSH grouping also puts together (recall), and the same the other way (precision:
  every LSH join is a pair verified at or above the threshold, so the few it does not share with the
  exact grouping are pairs that the old length window's float bound left out);
- incremental ingest: one document of one row written (document, paragraphs, templates, one
  transaction) into a store of ``STORE_ROWS`` synthetic precedents, against a full regrouping of that
  store's paragraphs (what every ingest did before).
"""

from __future__ import annotations

import math
import multiprocessing
import random
import tempfile
import time
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

import numpy as np
from rapidfuzz import fuzz, process

from assistant import settings
from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
from assistant.templates import UnionFind, group_paragraphs, same_stance

Say = Callable[[str], None]
SIZES = (10_000, 100_000, 1_000_000)
EXACT_CAP_S = 120.0  # the old algorithm at the second size is given this long
STORE_ROWS = 100_000
MAX_RATE = 0.30


def seed_paragraphs() -> list[list[str]]:
    """The seed corpus's answer paragraphs as fugashi surfaces."""
    from assistant.ingest import ingest, seed_paths
    from assistant.store import Store
    from assistant.tokenizer import JapaneseTokenizer

    tokenizer = JapaneseTokenizer()
    with Store(":memory:") as store:
        ingest(seed_paths(Path(settings.get("seed_dir"))), store)
        paragraphs = [p for precedent in store.precedents() for p in precedent.paragraphs]
    return [tokenizer.surfaces(text) for text in paragraphs]


def variants(seed: list[list[str]], count: int, rng: random.Random) -> list[str]:
    """``count`` variants of the seed paragraphs, each with 0-30 % of its words dropped or replaced."""
    vocabulary = sorted({w for words in seed for w in words if len(w) > 1})
    out = []
    for i in range(count):
        words = seed[i % len(seed)]
        rate = rng.random() * MAX_RATE
        kept = []
        for word in words:
            roll = rng.random()
            if roll < rate / 2:
                continue
            kept.append(rng.choice(vocabulary) if roll < rate else word)
        out.append("".join(kept))
    return out


def exact_groups(paragraphs: Iterable[tuple[str, str]], threshold: float) -> list[list[str]]:
    """The previous grouping: every pair whose lengths allow the threshold, compared (quadratic)."""
    by_text: dict[str, list[str]] = defaultdict(list)
    for paragraph_id, text in paragraphs:
        by_text[text].append(paragraph_id)
    texts = sorted(by_text, key=lambda text: (len(text), text))
    lengths = [len(text) for text in texts]
    links = UnionFind(len(texts))
    cutoff = threshold * 100
    for i, left in enumerate(texts):
        longest = lengths[i] * (2 - threshold) / threshold if threshold > 0 else float("inf")
        end = bisect_right(lengths, longest, lo=i + 1)
        if end <= i + 1:
            continue
        scores = process.cdist([left], texts[i + 1:end], scorer=fuzz.ratio, score_cutoff=cutoff)[0]
        for offset in np.flatnonzero(scores >= cutoff):
            links.union(i, i + 1 + int(offset))
    groups: dict[int, list[str]] = defaultdict(list)
    for index, text in enumerate(texts):
        groups[links.find(index)].extend(by_text[text])
    return [sorted(ids) for ids in groups.values()]


def pair_agreement(truth: list[list[str]], found: list[list[str]]) -> tuple[float, float]:
    """(recall, precision) of same-group pairs of ``found`` against ``truth``."""
    label = {pid: n for n, group in enumerate(found) for pid in group}
    both = Counter((n, label[pid]) for n, group in enumerate(truth) for pid in group)

    def pairs(sizes: Iterable[int]) -> int:
        return sum(size * (size - 1) // 2 for size in sizes)

    shared = pairs(both.values())
    in_truth, in_found = pairs(len(g) for g in truth), pairs(len(g) for g in found)
    return (shared / in_truth if in_truth else 1.0), (shared / in_found if in_found else 1.0)


def _exact_worker(pairs: list[tuple[str, str]], threshold: float, queue) -> None:
    started = time.perf_counter()
    exact_groups(pairs, threshold)
    queue.put(time.perf_counter() - started)


def _exact_capped(pairs: list[tuple[str, str]], threshold: float, cap: float) -> float | None:
    """Seconds the old grouping takes, or None when it is not done within ``cap`` (then it is stopped)."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    worker = context.Process(target=_exact_worker, args=(pairs, threshold, queue))
    worker.start()
    worker.join(cap)
    if worker.is_alive():
        worker.kill()
        worker.join()
        return None
    return queue.get()


def grouping_figures(sizes: tuple[int, ...], threshold: float, say: Say, rng_seed: int = 12) -> Iterator[dict]:
    """Time of the LSH grouping at each size, the old one where it finishes, recall at the smallest
    (one row per size, as soon as it is measured)."""
    seed = seed_paragraphs()
    rows = []
    for size in sizes:
        say(f"  {size:,} 段落を作っています…")
        texts = variants(seed, size, random.Random(rng_seed))
        pairs = [(f"p{i:07d}", text) for i, text in enumerate(texts)]
        say(f"  {size:,} 段落をまとめています…")
        started = time.perf_counter()
        groups = group_paragraphs(pairs, threshold)
        seconds = time.perf_counter() - started
        row = {"n": size, "seconds": seconds, "groups": len(groups), "distinct": len(set(texts))}
        say(f"  {size:,} 段落を、向きの確認（same_stance）込みで、保存先と同じようにまとめています…")
        started = time.perf_counter()
        row["stance_groups"] = len(group_paragraphs(pairs, threshold, same_stance))
        row["stance_seconds"] = time.perf_counter() - started
        if size == sizes[0]:
            say("  従来の総当たりで同じ段落をまとめています（基準）…")
            started = time.perf_counter()
            truth = exact_groups(pairs, threshold)
            row["exact_seconds"] = time.perf_counter() - started
            row["exact_groups"] = len(truth)
            row["recall"], row["precision"] = pair_agreement(truth, groups)
        elif len(rows) == 1:
            say(f"  従来の総当たりを {size:,} 段落で試しています（最大 {EXACT_CAP_S:.0f} 秒）…")
            row["exact_seconds"] = _exact_capped(pairs, threshold, EXACT_CAP_S)
        rows.append(row)
        yield row


def incremental_figures(rows: int, threshold: float, say: Say, folder: Path) -> dict[str, float]:
    """One-row ingest into a store of ``rows`` precedents, against regrouping all of its paragraphs."""
    from assistant.store import Store

    seed = seed_paragraphs()
    rng = random.Random(5)
    store = Store(folder / "incremental.sqlite3")
    say(f"  {rows:,} 前例の保存先を作っています…")
    texts = variants(seed, rows * 3, rng)
    started = time.perf_counter()
    per_document = 10_000
    for start in range(0, rows, per_document):
        items = tuple(
            ParsedItem(str(n + 1), f"ご意見{n}", tuple(texts[3 * n:3 * n + 3]))
            for n in range(start, min(rows, start + per_document))
        )
        meta = DocumentMeta(title=f"合成文書{start // per_document:03d}", kind="table", period_start="2024-04-01")
        store.write_document(ParsedDocument(meta, items, source=f"synthetic{start}.csv"), template_similarity=threshold)
    fill = time.perf_counter() - started
    one = ParsedDocument(DocumentMeta(title="1件の文書", kind="table", period_start="2025-04-01"),
                         (ParsedItem("1", "新しいご意見", tuple(variants(seed, 3, rng))),), source="one.csv")
    started = time.perf_counter()
    store.write_document(one, template_similarity=threshold)
    single = time.perf_counter() - started
    say("  基準: 全段落をまとめ直しています…")
    started = time.perf_counter()
    store.rebuild_templates(threshold)
    rebuild = time.perf_counter() - started
    n_paragraphs = store.stats().n_paragraphs
    store.close()
    return {"rows": rows, "paragraphs": n_paragraphs, "fill_s": fill, "one_row_s": single, "rebuild_s": rebuild}


def print_template_figures(out: TextIO, say: Say, sizes: tuple[int, ...] | None = None,
                           store_rows: int | None = None) -> None:
    """Print the grouping and incremental-ingest figures, each beside its baseline."""
    sizes, store_rows = sizes or SIZES, store_rows or STORE_ROWS
    threshold = float(settings.get("template_similarity"))
    say("テンプレートのまとめ方の速度を測っています…")
    print(f"\nテンプレートのまとめ（類似度 {threshold}、MinHash LSH、合成段落）", file=out)
    print("| 段落数 | 異なり | テンプレート | 時間 | 時間/(n log n)（10k比） | 従来の総当たり (比) "
          "| 向きの確認込み（保存先のまとめ方）: テンプレート・時間 (比) |", file=out)
    print("|---:|---:|---:|---:|---:|---|---|", file=out)
    rows = []
    for row in grouping_figures(sizes, threshold, say):
        rows.append(row)
        base = rows[0]["seconds"] / (rows[0]["n"] * math.log(rows[0]["n"]))
        growth = row["seconds"] / (row["n"] * math.log(row["n"])) / base
        if "exact_seconds" not in row:
            old = "—"
        elif row["exact_seconds"] is None:
            old = f"{EXACT_CAP_S:.0f} 秒で終わらず"
        else:
            old = f"{row['exact_seconds']:.1f} 秒 ({row['exact_seconds'] / row['seconds']:.1f}x)"
        stance = f"{row['stance_groups']:,}・{row['stance_seconds']:.1f} 秒 ({row['stance_seconds'] / row['seconds']:.1f}x)"
        print(f"| {row['n']:,} | {row['distinct']:,} | {row['groups']:,} | {row['seconds']:.1f} 秒 | {growth:.2f} | {old} "
              f"| {stance} |", file=out, flush=True)
    first = rows[0]
    print(f"{first['n']:,} 段落での一致（従来の総当たりが同じテンプレートにした組のうち LSH も同じにした割合）: "
          f"再現率 {first['recall']:.4f}、適合率 {first['precision']:.4f}"
          f"（テンプレート数 {first['groups']:,}、総当たり {first['exact_groups']:,}）", file=out, flush=True)
    with tempfile.TemporaryDirectory() as temp:
        say("追加取り込み（1件）の速度を測っています…")
        inc = incremental_figures(store_rows, threshold, say, Path(temp))
    print(f"1件の追加取り込み（{inc['rows']:,} 前例・{inc['paragraphs']:,} 段落の保存先へ、文書・段落・テンプレートを1回で）: "
          f"{inc['one_row_s']:.2f} 秒（基準: 全段落のまとめ直し {inc['rebuild_s']:.1f} 秒、"
          f"{inc['rebuild_s'] / inc['one_row_s']:.0f} 倍の時間。保存先の作成 {inc['fill_s']:.0f} 秒）", file=out, flush=True)
