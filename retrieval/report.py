"""Reports for people: the calibration's figures, and the reliability table and plot of an evaluation."""

from __future__ import annotations

from pathlib import Path


PLOT_FORMATS = (".png", ".pdf", ".svg")


def check_plot_path(path: str | Path) -> Path:
    """Refuse, before any evaluation, a file the reliability figure cannot be written to: no or another extension
    (matplotlib added .png to 「outdir」 and refused 「.pdfx」 after the whole evaluation), a folder, a place that
    cannot be written (tried by creating the file; one created here is removed again). Folders are made as
    :func:`reliability_plot` makes them.

    Raises:
        AssistantError: Why, in Japanese, and what to do.
    """
    from assistant.errors import AssistantError

    path = Path(path)
    if path.is_dir():
        raise AssistantError(f"--plot の {path} はフォルダーです。図のファイル名まで指定してください"
                             f"（例: {path / 'reliability.png'}）。")
    if path.suffix.lower() not in PLOT_FORMATS:
        raise AssistantError(f"--plot の {path} は図の形式が分かりません。拡張子を {'・'.join(PLOT_FORMATS)} のどれかに"
                             "してください（例: reliability.png）。")
    existed = path.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "ab"):
            pass
    except OSError as error:
        from assistant.cli import unwritable

        raise AssistantError("--plot の " + unwritable(str(path), error)) from error
    if not existed:
        path.unlink(missing_ok=True)
    return path


def reliability_plot(table: list[dict], path: str | Path, title: str = "") -> Path:
    """Draw the reliability table (``retrieval.evaluate.reliability_table``) as a PNG, PDF or SVG (by the extension;
    :func:`check_plot_path` says first whether ``path`` can be written).

    Points on the diagonal mean the probability says what it means; the marker size shows how many
    queries fell in the bin.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib_fontja  # noqa: F401  (Japanese glyphs, offline)

    figure, axes = plt.subplots(figsize=(4.5, 4.5), dpi=120)
    axes.plot([0, 1], [0, 1], linestyle="--", color="#999999", label="理想")
    if table:
        total = sum(row["n"] for row in table)
        axes.scatter([row["predicted"] for row in table], [row["observed"] for row in table],
                     s=[30 + 400 * row["n"] / total for row in table], color="#1f6fb2", alpha=0.8, label="実際")
        for row in table:
            axes.annotate(str(row["n"]), (row["predicted"], row["observed"]), textcoords="offset points", xytext=(6, -10))
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.set_xlabel("確からしさ（予測）")
    axes.set_ylabel("最上位の候補が正しかった割合")
    axes.set_title(title or "信頼度の図", fontsize=9)
    axes.legend(loc="upper left", markerscale=0.5)
    figure.tight_layout()
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, format=path.suffix.lstrip(".").lower() or None)
    finally:
        plt.close(figure)
    return path


def calibration_summary(calibration) -> str:
    """The fitted figures of the ranking and the "no close precedent" decision, for people: 「—」 for a figure with
    nothing to measure, and what is still at its measured default and why."""
    from retrieval.calibration import MIN_CLASS_EXAMPLES, MIN_RANK_QUERIES
    from retrieval.results import threshold_percent

    fitted = calibration.fitted
    if calibration.is_default or not fitted.get("modes"):
        return "順位付けの校正: まだありません（前例が10件以上になると、検索の準備のときに自動で行います）。"
    hand = ""
    if fitted.get("hand_written"):
        named = f"（{fitted['hand_written_file']}）" if fitted.get("hand_written_file") else ""
        hand = f"、手書きの評価用クエリ {fitted['hand_written']} 件{named}"
    hybrid = fitted["modes"]["hybrid"]
    weights = calibration.modes["hybrid"]

    def quality(found: dict) -> str:
        return (f"recall@1 {_figure(found['recall@1'])}　recall@3 {_figure(found['recall@3'])}　MRR {_figure(found['mrr'])}　"
                f"「前例なし」判定の適合率 {_figure(found['no_precedent_precision'])}・"
                f"再現率 {_figure(found['no_precedent_recall'])}")

    # A fit saved before the corpus's own figures were kept apart has only the figures over every query.
    own = hybrid["own"] if "own" in hybrid else (None if fitted.get("hand_written") else hybrid)
    lines = [
        f"順位付けの校正: {fitted['fitted_at']}　前例 {fitted['precedents']} 件から、過去のご意見 {fitted['queries']} 件"
        f"（前例あり {fitted['with_precedent']} 件・なし {fitted['without_precedent']} 件）を1件ずつ除いて検索{hand}",
    ]
    if own is not None:
        lines.append(f"  自己評価（除外検索）: {quality(own)}")
        if own["recall@1"] is None:
            lines.append("  （前例のある過去のご意見、つまりほかのご意見と同じ回答を受けたものがないため、recall と MRR は測れません）")
        if own["no_precedent_recall"] is None:
            lines.append("  （前例のない過去のご意見がないため、「前例なし」判定の再現率は測れません）")
    if fitted.get("hand_written"):
        lines.append(f"  学習に使った全クエリ（手書きの評価用クエリを含む）での値: {quality(hybrid)}")
    lines.append(f"  「前例あり」とする確からしさ: {threshold_percent(weights.threshold)} 以上　"
                 f"重み: {'、'.join(f'{n} {w:g}' for n, w in zip(weights.rank_features, weights.rank_weights))}")
    if not hybrid.get("probability_fitted", True):
        lines.append(f"  確からしさと「前例あり」とする基準は、まだ既定値です（合わせるには、前例のある過去のご意見と前例のないものが"
                     f"それぞれ {MIN_CLASS_EXAMPLES} 件以上要ります。今は {fitted['with_precedent']} 件と "
                     f"{fitted['without_precedent']} 件）。")
    if not hybrid.get("rank_weights_fitted", True):
        lines.append(f"  順位付けの重みは、まだ既定値です（合わせるには、前例のある過去のご意見が {MIN_RANK_QUERIES} 件以上要ります。"
                     f"今は {fitted['with_precedent']} 件）。")
    if fitted.get("generic_families"):
        lines.append(f"  定型的な回答（話題を問わず使われるもの）: {fitted['generic_families']} 種類は学習に使っていません")
    return "\n".join(lines)


def _figure(value: float | None) -> str:
    """A figure of the fit to three places, 「—」 when there was nothing to measure."""
    return "—" if value is None else f"{value:.3f}"


def reliability_text(table: list[dict]) -> str:
    """The reliability table as aligned text."""
    rows = [f"  {row['bin']:<9} {row['n']:>5} {row['predicted']:>7.2f} {row['observed']:>7.2f}" for row in table]
    return "\n".join(["  確からしさ   件数    予測    実際"] + rows)


def finetune_summary(record) -> str:
    """What the last fine-tuning on this corpus did, for people."""
    if record is None:
        return ("モデルの微調整: まだありません（`python -m assistant finetune` で行えます。"
                "ZENREI_FINETUNE=auto なら、組が十分にあるコーパスで索引を作るときに行います）。")
    verdict = "採用（このコーパスでは微調整したモデルで検索します）" if record.adopted else "不採用（元のモデルのほうが順位がよかったため）"
    return (f"モデルの微調整: {record.pairs} 組・{record.epochs} 回・上位 {record.layers} 層、{record.seconds:.0f} 秒。"
            f"学習に使わなかったご意見 {record.validation_queries} 件での MRR {record.base_mrr:.3f} → {record.tuned_mrr:.3f}。{verdict}")
