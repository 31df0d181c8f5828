"""Masking quality, measured: precision and recall of :func:`assistant.personal.find_personal_data` on
labelled snippets (``data/personal/labelled.jsonl``, written for this project; see its README).

A finding counts as correct when its kind and its exact span equal a labelled one; so a name found
with its honorific, or an address cut short, counts as both a false alarm and a miss.

Example:
    >>> scores = evaluate([Labelled("電話 011-211-2111 まで", (("phone", "011-211-2111"),))])
    >>> (scores.precision, scores.recall, scores.n_snippets)
    (1.0, 1.0, 1)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import AssistantError
from assistant.jsonl import checked, read_records
from assistant.personal import KIND_LABELS, find_personal_data
from assistant.settings import DATA_DIR

DEFAULT_DATA = DATA_DIR / "personal" / "labelled.jsonl"
HOLDOUT_DATA = DATA_DIR / "personal" / "holdout.jsonl"


@dataclass(frozen=True)
class Labelled:
    """A snippet and its personal data as ``(kind, text)`` in the order they occur."""

    text: str
    spans: tuple[tuple[str, str], ...]

    def gold(self) -> set[tuple[str, int, int]]:
        """``(kind, start, end)`` of each labelled span (repeated texts are taken in order)."""
        found, cursor = set(), {}
        for kind, part in self.spans:
            start = self.text.find(part, cursor.get(part, 0))
            if start < 0:
                raise AssistantError(f"ラベル「{part}」が文例「{self.text}」の中にありません。ラベルを直してください。")
            cursor[part] = start + len(part)
            found.add((kind, start, start + len(part)))
        return found


@dataclass(frozen=True)
class Scores:
    """Counts over all snippets, overall and by kind, with the misses and false alarms."""

    n_snippets: int
    true_positives: int
    false_positives: int
    false_negatives: int
    by_kind: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    misses: tuple[tuple[str, str, str], ...] = ()
    false_alarms: tuple[tuple[str, str, str], ...] = ()

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        labelled = self.true_positives + self.false_negatives
        return self.true_positives / labelled if labelled else 1.0


def read_labelled(path: Path) -> list[Labelled]:
    """Snippets from JSON Lines: ``{"text": …, "spans": [[kind, text], …]}``."""
    return read_records(
        path, _labelled,
        missing=f"ラベル付きの文例 {path} が見つかりません。--data でファイルを指定してください。",
        shape="{\"text\": …, \"spans\": [[種類, 文字列], …]} の形にしてください。",
    )


def _labelled(record: dict) -> Labelled:
    """One snippet from a parsed line; a field of the wrong type is refused (ValueError), never coerced."""
    text = checked(record, "text", str, "文字列")
    spans = checked(record, "spans", list, "[種類, 文字列] のリスト")
    if not all(isinstance(span, list) and len(span) == 2 and all(isinstance(part, str) for part in span)
               for span in spans):
        raise ValueError("「spans」の各項目は [種類, 文字列] にしてください")
    return Labelled(text, tuple((kind, part) for kind, part in spans))


def evaluate(snippets: list[Labelled]) -> Scores:
    """Compare the detector's findings with the labels, span by span."""
    counts: Counter[tuple[str, str]] = Counter()
    misses, alarms = [], []
    for snippet in snippets:
        gold = snippet.gold()
        found = {(f.kind, f.start, f.end) for f in find_personal_data(snippet.text)}
        for kind, start, end in found | gold:
            outcome = "tp" if (kind, start, end) in found and (kind, start, end) in gold else (
                "fp" if (kind, start, end) in found else "fn")
            counts[(kind, outcome)] += 1
            if outcome == "fn":
                misses.append((kind, snippet.text[start:end], snippet.text))
            elif outcome == "fp":
                alarms.append((kind, snippet.text[start:end], snippet.text))
    by_kind = {kind: (counts[(kind, "tp")], counts[(kind, "fp")], counts[(kind, "fn")]) for kind in KIND_LABELS}
    return Scores(
        n_snippets=len(snippets),
        true_positives=sum(v[0] for v in by_kind.values()),
        false_positives=sum(v[1] for v in by_kind.values()),
        false_negatives=sum(v[2] for v in by_kind.values()),
        by_kind=by_kind,
        misses=tuple(misses),
        false_alarms=tuple(alarms),
    )


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.3f}" if denominator else "—"


def format_scores(scores: Scores, verbose: bool = False) -> str:
    """The figures as a table; with ``verbose`` every miss and false alarm."""
    lines = [
        f"文例 {scores.n_snippets} 件、ラベル {scores.true_positives + scores.false_negatives} 件、"
        f"検出 {scores.true_positives + scores.false_positives} 件",
        f"適合率 (precision) {scores.precision:.3f}　再現率 (recall) {scores.recall:.3f}",
        "",
        "種類            ラベル  検出  正解  適合率  再現率",
    ]
    for kind, (tp, fp, fn) in scores.by_kind.items():
        if not tp + fp + fn:
            continue  # a kind neither labelled nor found (年齢, 性別, … in these sets) has no figures
        label = KIND_LABELS[kind]
        lines.append(f"{label}{'　' * (7 - len(label))}  {tp + fn:>6}  {tp + fp:>4}  {tp:>4}  {_ratio(tp, tp + fp):>6}  "
                     f"{_ratio(tp, tp + fn):>6}")
    if verbose:
        lines += ["", "見落とし:"] + [f"  {KIND_LABELS[k]}「{part}」 ← {text}" for k, part, text in scores.misses]
        lines += ["誤検出:"] + [f"  {KIND_LABELS[k]}「{part}」 ← {text}" for k, part, text in scores.false_alarms]
    return "\n".join(lines)
