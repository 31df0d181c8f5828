"""Command line: thin wrappers that open the store, call one library function and print.

Library errors become a one-line Japanese message on stderr and exit status 1. The office commands
(backup, restore, users, audit, personal-eval, stress-saves) are in :mod:`assistant.cli_office`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import sqlite3
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from assistant.drafts import numbers_to_check
from assistant.errors import AssistantError, IngestBusyError
from assistant.export import dump_jsonl
from assistant.ingest import (better_reading_note, copy_name, ingest, open_corpus, other_period_note, retitled_note,
                              stored_changes, stored_totals, unlike_note, unlike_replaced_note)
from assistant.models import IngestReport
from assistant.naming import KIND_LABELS
from assistant.store import Store, store_error
from assistant.users import command_line_user
from assistant.textnorm import display_width, format_period
from retrieval.report import calibration_summary, finetune_summary, reliability_text


def format_report(report: IngestReport) -> str:
    """Human-readable lines for one ingest report."""
    if report.copy_of or report.superseded_by or report.part_of:
        return f"＝ {report.source}\n    {report.error}"
    if not report.ok:
        return f"✗ {report.source}\n    エラー: {report.error}"
    declared = f"（文書記載の意見総数 {report.declared_count} 件）" if report.declared_count is not None else ""
    action = report.plan.describe() if report.plan else ("置き換え" if report.replaced else "追加")
    lines = [
        f"✓ {report.source}",
        f"    {report.title}",
        f"    種類: {KIND_LABELS.get(report.kind, report.kind)}　項目: {report.n_items} 件{declared}　{action}",
    ]
    lines += [f"    ⚠ {warning}" for warning in report.warnings]
    if report.plan and report.plan.better_reading:
        lines.append(f"    ⚠ {better_reading_note(report.plan, report.source)}")
    replaced = report.plan.replaces if report.plan else None
    if replaced is not None and replaced.source != report.source:  # say which stored document this one took the place of
        period = format_period(replaced.period_start, replaced.period_end)
        said = "＝ 取り込み済みの同じ文書" if report.plan.unchanged else "↺ 置き換えた文書"  # 「変更なし」 replaces nothing
        lines.append(f"    {said}: {replaced.id}（{replaced.source}{'、' + period if period else ''}）")
    if report.plan and report.plan.unlike_replaced:
        lines.append(f"    ⚠ {unlike_replaced_note(report.plan, done=True)}")
    if report.plan and report.plan.new_title and replaced is not None:
        lines.append(f"    ↺ 件名は「{replaced.title}」から「{report.plan.new_title}」に変わりました。")
    if report.plan and report.plan.same_title:
        ids = "、".join(report.plan.same_title[:3]) + (" ほか" if len(report.plan.same_title) > 3 else "")
        lines.append(f"    ℹ 同じ件名の文書が既に {len(report.plan.same_title)} 件あります（文書ID: {ids}）。期間の記載で見分け"
                     "られず、ファイルも違うため、別の文書として追加しました。同じ結果の古い版なら "
                     "`python -m assistant corpus delete 文書ID` で削除してください。")
    if report.plan and report.plan.unlike:
        lines.append(f"    ℹ {unlike_note(report.plan, '`python -m assistant corpus delete 文書ID` で', done=True)}")
    if report.plan and report.plan.retitled:
        lines.append(f"    ℹ {retitled_note(report.plan, '`python -m assistant corpus delete 文書ID` で', done=True)}")
    if report.plan and report.plan.other_period:
        lines.append(f"    ℹ {other_period_note(report.plan, '`python -m assistant corpus delete 文書ID` で', done=True)}")
    if report.plan and report.plan.procedure_titled:
        ids = "、".join(report.plan.procedure_titled[:3])
        lines.append(f"    ℹ 同じ期間に、件名が「パブリックコメント手続の実施結果について」のような文書があります（文書ID: {ids}）。"
                     "以前の版が案件名を読まずに取り込んだ同じ結果なら、`python -m assistant corpus delete 文書ID` で"
                     "削除してください（別の意見募集なら、そのままで構いません）。")
    return "\n".join(lines)


def _print_seeded(reports: list[IngestReport], out: TextIO) -> None:
    if reports:
        print("初回のため、同梱の前例資料を取り込みました:", file=out)
        for report in reports:
            print(format_report(report), file=out)
        print(file=out)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def format_summary(reports: list[IngestReport]) -> str:
    """One line per document or refused file: file, kind, items, warnings, and the outcome or reason."""
    rows = [("ファイル", "種類", "項目", "警告", "結果")]
    for report in reports:
        kind = "・".join(part for part in (report.file_kind, KIND_LABELS.get(report.kind, report.kind)) if part)
        if report.superseded_by:  # an older version of another file's document in the batch
            kept = report.superseded_by if Path(report.superseded_by).name == Path(report.source).name \
                else Path(report.superseded_by).name
            rows.append((report.source, kind, "-", "-", f"＝ {report.plan.action}（{kept} を取り込み）"))
        elif report.part_of:  # a part of another file's document in the batch
            kept = report.part_of if Path(report.part_of).name == Path(report.source).name else Path(report.part_of).name
            done = "から取り込み済み" if report.plan.copy_stored else "を取り込み"
            rows.append((report.source, kind, "-", "-", f"＝ {report.plan.action}（{kept} {done}）"))
        elif report.copy_of.startswith("drafts:"):  # the table exported from approved answers added to the corpus
            rows.append((report.source, kind, "-", "-", f"＝ {report.plan.action}（{copy_name(report.copy_of, report.source)}と同じ）"))
        elif report.copy_of:
            kept = report.copy_of if Path(report.copy_of).name == Path(report.source).name else Path(report.copy_of).name
            done = "から取り込み済み" if report.plan.copy_stored else "を取り込み"
            rows.append((report.source, kind, "-", "-", f"＝ {report.plan.action}（{kept} {done}）"))
        elif report.ok:
            action = report.plan.action if report.plan else ("置き換え" if report.replaced else "追加")
            rows.append((report.source, kind, str(report.n_items), str(len(report.warnings)), action))
        else:
            rows.append((report.source, kind, "-", "-", f"✗ {report.error}"))
    widths = [max(display_width(row[column]) for row in rows) for column in range(4)]
    lines = []
    for row in rows:
        cells = [_pad(row[0], widths[0]), _pad(row[1], widths[1]), row[2].rjust(widths[2]), row[3].rjust(widths[3]), row[4]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _ingest_progress(err: TextIO):
    """Progress on stderr: each file as it is done, and every 25th page of long PDFs."""

    def file_done(done: int, total: int, path: str) -> None:
        print(f"[{done}/{total}] {path}", file=err, flush=True)

    def page_done(path: str, page: int, pages: int) -> None:
        if pages >= 25 and (page % 25 == 0 or page == pages):
            print(f"    {path}: {page}/{pages} ページ", file=err, flush=True)

    return file_done, page_done


def cmd_ingest(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    file_done, page_done = _ingest_progress(args.err)
    before = store.ingest_times()
    stopped: IngestBusyError | None = None
    try:
        reports = ingest(args.paths, store, encoding=args.encoding, progress=file_done, page_progress=page_done,
                         user=command_line_user())
    except IngestBusyError as error:  # others locked the store partway: what was stored is reported, then the error
        reports, stopped = list(error.reports), error
    except KeyboardInterrupt:
        # Each document is stored in one transaction of its own, after every file was read: say which made it (a
        # replacement too, by when it was written: a corrected version equals the stored document as listed).
        now = store.ingest_times()
        stored = [doc for doc in store.documents() if now.get(doc.id) != before.get(doc.id)]
        args.interrupted = (f"それまでに保存した文書は {len(stored)} 件です" + (
            "（" + "、".join(f"{doc.id} {doc.title}" + ("（置き換え）" if doc.id in before else "") for doc in stored[:10])
            + (" ほか" if len(stored) > 10 else "") + "）。" if stored else "。")
            + "残りのファイルは取り込まれていません。もう一度取り込めば、保存済みの文書は"
            "「変更なし」となり、重複しません。")
        raise
    for report in reports:
        print(format_report(report), file=out)
    if len(reports) > 1 or any(Path(path).is_dir() for path in args.paths):
        print("\n" + format_summary(reports), file=out)
    ok = sum(report.ok for report in reports)
    copies = sum(bool(report.copy_of) for report in reports)
    older = sum(bool(report.superseded_by) for report in reports)
    parts = sum(bool(report.part_of) for report in reports)
    failed = len(reports) - ok - copies - older - parts
    note = f"ほかのファイルや取り込み済みの文書と同じため取り込まなかったもの: {copies} 件。" if copies else ""
    note += f"同じ回のほかのファイルの古い版のため取り込まなかったもの: {older} 件。" if older else ""
    note += f"同じ回のほかのファイルの文書の一部のため取り込まなかったもの: {parts} 件。" if parts else ""
    documents, items = stored_totals(reports)
    unchanged = stored_changes(reports)[1]
    same = f"（うち {unchanged} 件は変更なし）" if unchanged else ""
    print(f"\n取り込み: {documents} 件の文書{same}、{items:,} 項目。{note}失敗: {failed} 件のファイル。", file=out)
    if stopped is not None:
        raise stopped  # 「エラー: …」 on stderr, exit status 1
    return 0 if failed == 0 else 1


_SHOWN_CHARS = 60  # of a most used wording, in `corpus stats`
_PAST_DIFFERENCE = 10  # the characters shown past where two wordings that begin alike first differ
_WIDENED_CHARS = 80  # the most characters a wording widened so is shown from its start; a longer one is cut in two
_HEAD_CHARS = 20  # of a wording cut in two: its first characters, and those shown before where it differs


def shown_wordings(texts: list[str], width: int = _SHOWN_CHARS, past: int = _PAST_DIFFERENCE,
                   widest: int = _WIDENED_CHARS, head: int = _HEAD_CHARS) -> list[str]:
    """The most used wordings as `corpus stats` prints them: each cut at ``width`` characters with 「…」, but where two
    begin with the same ``width`` characters (two templates' 「生活道路の除雪は、地域と協力して、…」 had printed alike),
    each of them up to ``past`` characters past where it first differs from the other, so that no two print alike.
    Widened past ``widest`` characters, a wording is shown as its first ``head`` characters, 「…」, and the ``head``
    characters before where it differs up to ``past`` past it (「…」 again if more follows): one short line however
    late two long answers differ.

    Example:
        >>> shown_wordings(["あいうえおかきくけこさしすせそ", "あいうえおかきくけこたちつてと", "なにぬねのはひふへほ", "まみむ"], 5, 2)
        ['あいうえおかきくけこさし…', 'あいうえおかきくけこたち…', 'なにぬねの…', 'まみむ']
        >>> shown_wordings(["ABCDEFGHIJKLMNOPQRSTUVWX1yz", "ABCDEFGHIJKLMNOPQRSTUVWX2yz"], 5, 2, 12, 3)
        ['ABC…VWX1y…', 'ABC…VWX2y…']
    """
    differ = [None] * len(texts)  # where each first differs from another that begins alike, the latest such place
    for position, text in enumerate(texts):
        for other in texts:
            if other != text and other[:width] == text[:width]:
                same = next((index for index, (mine, theirs) in enumerate(zip(text, other)) if mine != theirs),
                            min(len(text), len(other)))
                differ[position] = max(differ[position] or 0, same)
    shown = []
    for text, same in zip(texts, differ):
        end = min(len(text), width if same is None else max(width, same + past))
        more = "…" if len(text) > end else ""
        shown.append(text[:end] + more if same is None or end <= widest
                     else text[:head] + "…" + text[same - head:end] + more)
    return shown


def cmd_stats(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    from assistant.analysis import template_wording_list

    stats = store.stats()
    # A template groups near-identical wordings: its stored text with the whole count had read as that text's own count
    # (env6th: 「100 前例 / 1 文書  その他、いただいたご意見は…」, a text in 41 answers; the 100 use 15 wordings). Shown as
    # notebook 03 shows them: the most used wording, its own count and how many wordings the template holds.
    documents = {d.id: d for d in store.documents()}
    most_used = [(template, template_wording_list(store, template, documents=documents))
                 for template in store.templates(min_precedents=2)[:10]]
    if args.json:
        calibration = saved_calibration()
        data = {**asdict(stats),
                "documents": [{"id": doc.id, "title": doc.title, "period": format_period(doc.period_start, doc.period_end),
                               "period_start": doc.period_start, "period_end": doc.period_end,
                               "n_precedents": doc.parsed_count, "source": doc.source} for doc in store.documents()],
                "most_used_answers": [{"text": template.text, "n_precedents": template.n_precedents,
                                       "n_documents": template.n_documents, "template_id": template.id,
                                       "wording": wordings[0]["text"], "wording_n_precedents": len(wordings[0]["uses"]),
                                       "n_wordings": len(wordings)}
                                      for template, wordings in most_used],
                "calibration": None if calibration.is_default else calibration.fitted,
                "draft_numbers_to_check": [asdict(entry) for entry in numbers_to_check(store)]}
        print(json.dumps(data, ensure_ascii=False, indent=2), file=out)
        return 0
    print(f"文書: {stats.n_documents} 件　前例: {stats.n_precedents} 件　回答段落: {stats.n_paragraphs} 件", file=out)
    print(f"回答テンプレート: {stats.n_templates} 件（2件以上の前例で使われたもの {stats.n_recurring_templates} 件）", file=out)
    print("\n文書:", file=out)
    for doc in store.documents():
        period = format_period(doc.period_start, doc.period_end)
        print(f"  {doc.id}  {doc.parsed_count:>3} 件  {period}  {doc.title}", file=out)
    if to_check := numbers_to_check(store):  # until marked checked on the 下書き page
        print(f"\n確かめてほしい回答案の No.（{len(to_check)} 件。下書きのページで直し、「確かめました」を押すまで表示）:", file=out)
        for entry in to_check:
            print(f"  {entry.line}", file=out)
    print("\nよく使われる回答:", file=out)
    for (template, wordings), text in zip(most_used, shown_wordings([wordings[0]["text"] for _, wordings in most_used])):
        print(f"  {template.n_precedents} 前例 / {template.n_documents} 文書（この文面 {len(wordings[0]['uses'])} 前例、"
              f"文面 {len(wordings)} 種類）  {text}", file=out)
    from assistant import settings
    from retrieval.retriever import saved_state

    calibration, record = saved_state(settings.index_dir())
    print("\n" + calibration_summary(calibration), file=out)
    print(finetune_summary(record), file=out)
    return 0


def saved_calibration():
    """The calibration in use, read beside the index (no model is loaded to read it)."""
    from assistant import settings
    from retrieval.retriever import saved_state

    return saved_state(settings.index_dir())[0]


def cmd_delete(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    from assistant.ingest import delete_document

    document = delete_document(store, args.document_id, user=command_line_user())
    print(f"文書「{document.title}」（{document.id}、{document.parsed_count} 項目）を削除しました。", file=out)
    return 0


def cmd_dump(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    if args.output:
        # Written beside the target and renamed at the end: a full disk leaves an earlier dump as it was.
        given = Path(args.output)
        special = given.exists() and not given.is_file() and not given.is_dir()  # a device or a pipe (/dev/stdout)
        target = given if special else given.resolve()  # a file through a link: the file it names
        partial = target if special else target.with_name(f".{target.name}.part")
        try:
            if target.is_dir():
                raise IsADirectoryError(str(target))
            try:
                handle = open(partial, "w", encoding="utf-8")
            except PermissionError:  # a folder where only the file itself may be written
                partial = target
                handle = open(partial, "w", encoding="utf-8")
            with handle:
                count = dump_jsonl(store, handle)
            if partial != target:
                if target.exists():
                    shutil.copymode(target, partial)  # the file keeps its permissions
                os.replace(partial, target)
        except OSError as error:
            if partial != target:
                partial.unlink(missing_ok=True)
            raise AssistantError(unwritable(args.output, error)) from error
        print(f"{count} 件の前例を {args.output} に書き出しました。", file=out)
    else:
        dump_jsonl(store, out)
    return 0


def refuse_store_files(path: str) -> None:
    """Refuse an output path that is the store, one of its -wal/-shm/-journal files, or a file in its backup or
    index folder: writing there overwrote the store (`corpus dump -o corpus.sqlite3` left JSON Lines in its place).

    Checked on the path as resolved (a link, ``..``), and on the file itself when it exists (a hard link).

    Raises:
        AssistantError: The path is one of those.
    """
    from assistant import settings

    db_path = Path(settings.get("db_path"))
    target = Path(os.path.realpath(path))
    store = Path(os.path.realpath(db_path))
    for own in [store] + [store.with_name(store.name + suffix) for suffix in ("-wal", "-shm", "-journal")]:
        if target == own or (target.exists() and own.exists() and os.path.samefile(target, own)):
            raise AssistantError(f"{path} はデータベース {db_path} のファイルです。書き出すとデータベースが失われるため、"
                                 "書き出しませんでした。別のファイル名を指定してください。")
    for folder, what in ((settings.backup_dir(db_path), "バックアップ"), (settings.index_dir(), "索引")):
        real = Path(os.path.realpath(folder))
        if target == real or real in target.parents:
            raise AssistantError(f"{path} はデータベースの{what}のフォルダー {folder} の中です。そこに書き出すと{what}を"
                                 "壊すことがあるため、書き出しませんでした。別の場所を指定してください。")


def unwritable(path: str, error: OSError) -> str:
    """Why a file given on the command line cannot be written, and what to do."""
    if isinstance(error, IsADirectoryError):
        reason = "フォルダーの名前です。書き出すファイルの名前まで指定してください"
    elif isinstance(error, FileNotFoundError):
        reason = "書き出し先のフォルダーがありません。フォルダーを作るか、パスを確かめてください"
    elif isinstance(error, PermissionError):
        reason = "書き込む権限がありません。別の場所を指定してください"
    else:
        reason = "ディスクの空きや、ほかのプログラムが開いていないかを確かめてください"
    return f"{path} に書き出せません。{reason}。"


def _say(err: TextIO):
    return lambda message: print(message, file=err, flush=True)


def _retriever(store: Store, err: TextIO):
    from assistant.service import open_retriever

    return open_retriever(store, progress=_say(err))[1]


def format_suggestions(result) -> str:
    """Readable Japanese view of a suggestion result: the verdict first, then the cards."""
    lines = [result.merged_note] if result.merged_note else []
    for number, point in enumerate(result.points, start=1):
        if len(result.points) > 1:
            lines.append(f"■ 論点{number}: {point.text}")
        if point.note:
            lines.append(f"【判断できません】{point.note}")
        elif point.no_precedent:
            lines.append(f"【近い前例はありません】（最も近い候補の確からしさ {point.percent(point.confidence)}、"
                         f"前例とみなすのは {point.threshold_text} 以上）")
            if point.results:
                lines.append("  参考（近い前例ではありません）:")
        else:
            lines.append(f"【前例があります】（確からしさ {point.percent(point.confidence)}）")
        for suggestion in point.results:
            label = "前例" if suggestion.is_precedent else "参考"
            lines.append(f"\n  {suggestion.rank}. {label}　確からしさ {point.percent(suggestion.score)}　使用 {len(suggestion.sources)} 件")
            for paragraph in suggestion.paragraphs:
                lines.append(f"     {paragraph.text}")
            matched = suggestion.matched_source
            if matched is not None:
                side = "過去のご意見" if suggestion.reason == "comment" else "回答"
                terms = "・".join(suggestion.shared_terms[:6]) or "（共通の語なし）"
                lines.append(f"     一致した理由: {side}が近い（{matched.document} No.{matched.no}）　共通の語: {terms}")
            for source in suggestion.sources:
                where = f"　{source.location}" if source.location else ""
                period = f"（{source.period}）" if source.period else ""  # a staff sheet or a document without one
                lines.append(f"     └ {source.document}{period}No.{source.no}{where}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def cmd_suggest(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    from retrieval import check_query

    check_query(args.comment)  # fail fast, before loading the model
    retriever = _retriever(store, args.err)
    result = retriever.search(args.comment, k=args.top_k, mode=args.mode)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), file=out)
    else:
        print(format_suggestions(result), file=out, end="")
    return 0


def _read_queries(path: str, searchable: bool = False):
    """The labelled queries of ``--queries``; a file without one is refused (before the model loads)."""
    from retrieval.labels import QUERY_SHAPE, read_queries

    queries = read_queries(path, searchable=searchable)
    if not queries:  # was evaluated as a success (rc 0, a table of 「—」), or refused by calibrate for another reason
        raise AssistantError(f"{path} にクエリが1件もありません（空のファイルか、空行だけです）。{QUERY_SHAPE}")
    return queries


def _refuse_empty_corpus(store: Store, args: argparse.Namespace) -> None:
    """Say before the model loads that a store without precedents has nothing to evaluate or fit (after a failed
    ingest, which creates the file, or a mistyped --db, it evaluated to rc 0 and saved a fit of 0 precedents)."""
    with store.reading() as conn:
        if conn.execute("SELECT 1 FROM precedents LIMIT 1").fetchone():
            return
    from assistant import settings

    db = str(args.db or settings.get("db_path"))
    raise AssistantError(f"コーパス（{db}）に前例がありません。先に `python -m assistant --db {shlex.quote(db)} ingest "
                         "ファイル` で前例を取り込んでください（--db のパスを打ち間違えたときは、正しいパスを指定してください）。")


def cmd_eval(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    from retrieval.evaluate import evaluate, evaluate_self, reliability_table

    if not args.queries and not args.self_pairs:
        raise AssistantError("--queries ファイル か --self（コーパス自身の組で評価）を指定してください。")
    queries = _read_queries(args.queries, searchable=True) if args.queries else None
    if args.plot:  # said before the evaluation, not after it
        from retrieval.report import check_plot_path

        check_plot_path(args.plot)
    _refuse_empty_corpus(store, args)
    retriever = _retriever(store, args.err)
    if args.compare:
        return print_comparison(retriever, queries, args, out)
    if queries is not None:
        figures, outcomes = evaluate(retriever, queries, args.mode)
    else:
        figures, outcomes = evaluate_self(retriever, args.mode)
    table = reliability_table(outcomes)
    if args.json:
        print(json.dumps({**figures, "reliability": table}, ensure_ascii=False), file=out)
        _draw(table, args, out=None)
        return 0
    source = args.queries or "コーパス自身の組（1件ずつ除いて検索）"
    print(f"方式: {args.mode}　クエリ: {figures['n_queries']} 件（{source}）", file=out)
    for key in ("recall@1", "recall@3", "recall@5", "mrr", "ood_precision", "ood_recall", "ood_auroc"):
        value = figures[key]
        print(f"  {key:<14}{'—' if value is None else f'{value:.3f}'}", file=out)
    if not figures["n_queries"]:
        print("  （評価できるクエリがありません。" + ("ファイルにクエリがありません）" if queries is not None else
              "ほかのご意見と同じ回答を受けたご意見も、話題を問わない定型の回答以外を受けたご意見もないため、自己評価できません）"),
              file=out)
    else:
        if figures["recall@1"] is None:
            print("  （前例のあるクエリがないため、recall と MRR は測れません）", file=out)
        if figures["ood_recall"] is None:
            print("  （前例のないクエリがないため、ood_recall と ood_auroc は測れません）", file=out)
    print(f"  前例があるのに「前例なし」と判定したクエリ: {figures['in_domain_flagged']} 件", file=out)
    if queries is None:
        print("  （corpus stats の「自己評価」は、校正のときに同じ組の特徴量で求めた値です。こちらは実際の検索"
              "（論点分け・カードのまとめを含む）で測るため、少し違うことがあります）", file=out)
    print("信頼度の表（最上位の候補の確からしさと、実際に正しかった割合）:", file=out)
    print(reliability_text(table), file=out)
    for outcome in outcomes:
        wrong = (outcome.out_of_domain != outcome.flagged) or (not outcome.out_of_domain and outcome.rank != 1)
        if args.verbose or wrong:
            print(f"  {'要確認' if wrong else '　　　'} {outcome.id}: {outcome_text(outcome)}", file=out)
    _draw(table, args, out)
    return 0


def outcome_text(outcome) -> str:
    """One query's outcome in words: where its answer ranked, or why it has no rank (none of the first cards holds
    it, 「候補外」, or the query has no precedent), and the verdict with whether it was right.

    It printed 「順位 None　前例なし判定 True」: a query whose answer no card held, one without a precedent, and one the
    engine judged 「前例なし」 read alike."""
    from retrieval.evaluate import RANK_DEPTH

    if outcome.out_of_domain:
        rank = "順位 -（前例のないクエリ）"
    elif outcome.rank is None:
        rank = f"順位 -（候補外: 上位 {RANK_DEPTH} 件に正解の回答なし）"
    else:
        rank = f"順位 {outcome.rank}"
    verdict = "前例なしと判定" if outcome.flagged else "前例ありと判定"
    right = "正しい" if outcome.flagged == outcome.out_of_domain else "誤り"
    return f"{rank}　{verdict}（{right}）　確からしさ {outcome.confidence:.2f}"


def _draw(table: list[dict], args: argparse.Namespace, out: TextIO | None) -> None:
    """Draw the reliability figure after the figures were printed (a failure loses none of them), and name the
    file written (on ``out``; on stderr with None, where stdout holds JSON)."""
    if not args.plot:
        return
    from retrieval.report import reliability_plot

    out = out or args.err
    try:
        written = reliability_plot(table, args.plot, title=f"{args.mode}: {args.queries or 'self'}")
    except OSError as error:
        raise AssistantError(f"評価の結果は上のとおりですが、信頼度の図は{unwritable(args.plot, error)}") from error
    print(f"信頼度の図を {written} に保存しました。", file=out)


def print_comparison(retriever, queries, args: argparse.Namespace, out: TextIO) -> int:
    from retrieval.variants import compare

    if queries is None:
        raise AssistantError("--compare には --queries のファイルが必要です。")
    table = compare(retriever, queries)
    if args.json:
        print(json.dumps(table, ensure_ascii=False), file=out)
        return 0
    encoder = "微調整したモデル" if retriever.encoder is not retriever.base_encoder else "元のモデル"
    print(f"順位付けの比較（{args.queries}、ご意見全体を1つの論点として検索、{encoder}）", file=out)
    print("| 方式 | recall@1 | recall@3 | MRR |\n|---|---:|---:|---:|", file=out)
    for name, figures in table.items():
        print(f"| {name} | " + " | ".join("—" if figures[key] is None else f"{figures[key]:.3f}"
                                          for key in ("recall@1", "recall@3", "mrr")) + " |", file=out)
    return 0


def cmd_calibrate(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    from retrieval.calibration import labelled_queries

    queries = _read_queries(args.queries) if args.queries else None  # a malformed file is said before the model loads
    if queries is not None and all(query.out_of_domain for query in queries):
        # the ranking is fitted on the gold answers of queries with a precedent: with none, the model loaded and the
        # refusal said the gold answers were hardly found in this corpus (「半数未満」), of a file without one
        raise AssistantError(
            f"{args.queries} には前例のあるクエリ（正解の回答の一節 gold があり、out_of_domain が false のもの）が1件も"
            f"ありません（{len(queries)} 行のクエリがすべて out_of_domain: true です）。順位付けは前例のあるクエリの正解で"
            "合わせるため、このファイルでは校正できません。正解の回答の一節を書いた、前例のあるクエリを加えてください。"
        )
    _refuse_empty_corpus(store, args)
    retriever = _retriever(store, args.err)
    extra = labelled_queries(retriever.current(), queries) if queries is not None else None
    if args.queries and not extra:
        raise AssistantError(
            f"{args.queries} の正解の回答が、このコーパスにほとんど見つかりません（半数未満）。"
            "このコーパス向けに作ったクエリを指定してください。"
        )
    calibration = retriever.recalibrate(extra=extra, say=_say(args.err))
    print(calibration_summary(calibration), file=out)
    print(f"{retriever.calibration_path} に保存しました。", file=out)
    return 0


def cmd_finetune(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    retriever = _retriever(store, args.err)
    record = retriever.finetune(say=_say(args.err))
    print(finetune_summary(record), file=out)
    return 0


def cmd_bench(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    from assistant.bench import run_bench

    run_bench(store, sizes=args.sizes, queries=args.queries, out=out, say=_say(args.err), only=args.only,
              search_sizes=args.search_sizes)
    return 0


def cmd_prepare(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    from assistant.prepare import prepare

    prepare(store, say=_say(args.err), force=args.force)
    return 0


# argparse's own messages, in Japanese (the pattern of each English message and its Japanese form).
_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.+)"), r"次の指定が必要です: \1"),
    (re.compile(r"argument (.+?): invalid choice: (.+?) \(choose from (.+)\)"), r"\1 に \2 は指定できません（指定できるもの: \3）"),
    (re.compile(r"argument (.+?): invalid (?:int|float) value: (.+)"), r"\1 には数を指定してください（\2 は数ではありません）"),
    (re.compile(r"argument (.+?): expected one argument"), r"\1 のあとに値を1つ指定してください"),
    (re.compile(r"argument (.+?): expected at least one argument"), r"\1 のあとに値を1つ以上指定してください"),
    (re.compile(r"argument (.+?): not allowed with argument (.+)"), r"\1 と \2 は一緒に指定できません"),
    (re.compile(r"unrecognized arguments: (.+)"), r"知らない指定があります: \1"),
    (re.compile(r"argument (.+?): ignored explicit argument (.+)"),
     r"\1 は値をとりません（\2 は指定できません。\1 とだけ書いてください）"),
    (re.compile(r"ambiguous option: (.+?) could match (.+)"), r"\1 はどの指定か決まりません（候補: \2）。名前を最後まで書いてください"),
    (re.compile(r"argument (.+?): (.+)"), r"\1: \2"),
)


class _HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "使い方: " if prefix is None else prefix)


class JapaneseArgumentParser(argparse.ArgumentParser):
    """An argument parser whose own words (usage, headings, errors) are Japanese."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "引数"
        self._optionals.title = "オプション"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="この説明を表示して終わる")

    def parse_known_args(self, args=None, namespace=None):
        self._given = list(sys.argv[1:] if args is None else args)  # to name a text taken for an option (error)
        if getattr(self, "root", False):  # the whole command line, for the example a subcommand's error gives
            JapaneseArgumentParser.command_line = (self.prog, self._given)
        for action in self._actions:  # a missing subcommand is named by its choices, not its internal dest
            if isinstance(action, argparse._SubParsersAction) and action.metavar is None:
                action.metavar = "{" + ",".join(action.choices) + "}"
        return super().parse_known_args(args, namespace)

    def error(self, message: str):
        for pattern, japanese in _ARGPARSE_MESSAGES:
            if pattern.fullmatch(message):
                message = pattern.sub(japanese, message)
                break
        dashed = [arg for arg in getattr(self, "_given", ()) if arg.startswith("-") and arg != "--"
                  and arg.split("=", 1)[0] not in self._option_string_actions
                  and not arg.isascii()]  # Japanese text: a comment or a file's name, not a mistyped option
        if dashed:  # 「-除雪を増やして」: a comment or a file name that starts with 「-」 reads as an option
            prog, given = getattr(JapaneseArgumentParser, "command_line", None) or (self.prog, self._given)
            at = given.index(dashed[0]) if dashed[0] in given else len(given)
            example = " ".join(shlex.quote(arg) for arg in given[:at] + ["--"] + given[at:])
            message += (f"（「{dashed[0][:20]}」は「-」で始まるため、指定の名前と読まれました。そのまま渡すときは、前に -- を"
                        f"置いてください。例: {prog} {example}）")
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: エラー: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = JapaneseArgumentParser(prog="python -m assistant", description="前例回答アシスタント")
    parser.root = True
    parser.add_argument("--db", help="コーパスのデータベースファイル（既定: 設定 ZENREI_DB_PATH）")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest_parser = commands.add_parser("ingest", help="公表資料（PDF・Word・Web ページ・Excel・テキスト）・会議録・CSV を取り込む")
    ingest_parser.add_argument("paths", nargs="+", help="取り込むファイル、またはフォルダー（中のファイルをすべて読む）")
    ingest_parser.add_argument("--encoding", help="文字コードを指定する（例: cp932）。省略時は自動判別")
    ingest_parser.set_defaults(handler=cmd_ingest, creates_store=True)

    corpus = commands.add_parser("corpus", help="取り込んだ前例を見る")
    corpus_commands = corpus.add_subparsers(dest="corpus_command", required=True)
    stats = corpus_commands.add_parser("stats", help="件数と文書の一覧")
    stats.add_argument("--json", action="store_true", help="JSON で出力する")
    stats.set_defaults(handler=cmd_stats)
    dump = corpus_commands.add_parser("dump", help="全前例を JSON Lines で書き出す")
    dump.add_argument("--output", "-o", help="書き出し先（省略時は標準出力）")
    dump.set_defaults(handler=cmd_dump, outputs=("output",))
    delete = corpus_commands.add_parser("delete", help="文書とその前例を削除する（事前に自動でバックアップ）")
    delete.add_argument("document_id", help="文書 ID（corpus stats の左端）")
    delete.set_defaults(handler=cmd_delete)

    suggest = commands.add_parser("suggest", help="コメントに近い前例の回答を探す")
    suggest.add_argument("comment", help="市民からのコメント（ご意見）")
    suggest.add_argument("--top-k", type=_positive, default=5, help="論点ごとの候補数（既定 5、1 以上）")
    suggest.add_argument("--mode", choices=("hybrid", "dense", "bm25"), default="hybrid", help="検索方式")
    suggest.add_argument("--json", action="store_true", help="JSON で出力する")
    suggest.set_defaults(handler=cmd_suggest)

    evaluation = commands.add_parser("eval", help="検索の精度を測る（評価用クエリ、またはコーパス自身の組）")
    which = evaluation.add_mutually_exclusive_group()
    which.add_argument("--queries", help="queries.jsonl 形式のファイル")
    which.add_argument("--self", dest="self_pairs", action="store_true",
                       help="コーパス自身の組で測る（過去のご意見を1件ずつ除いて検索し、同じ回答が見つかるか）")
    evaluation.add_argument("--mode", choices=("hybrid", "dense", "bm25"), default="hybrid", help="検索方式")
    evaluation.add_argument("--json", action="store_true", help="JSON で出力する")
    evaluation.add_argument("--verbose", action="store_true", help="クエリごとの順位を表示する")
    evaluation.add_argument("--plot", help="信頼度の図の保存先（.png・.pdf・.svg）")
    evaluation.add_argument("--compare", action="store_true",
                            help="順位付けの方式（e5 のみ、BM25、RRF、既定の重み、校正後の重み）を同じ候補で比べる")
    evaluation.set_defaults(handler=cmd_eval, outputs=("plot",), check=lambda args: _check_eval(evaluation, args))

    calibration = commands.add_parser("calibrate", help="順位付けと「前例なし」判定をこのコーパスに合わせ直す")
    calibration.add_argument("--queries", help="追加するラベル付きクエリ（任意。このコーパス向けに作ったもの）")
    calibration.set_defaults(handler=cmd_calibrate)

    tune = commands.add_parser("finetune", help="このコーパスの組でモデルを微調整し、よくなる場合だけ使う（数分）")
    tune.set_defaults(handler=cmd_finetune)

    bench = commands.add_parser("bench", help="速度とメモリを測る（1k/10k/100k 件）")
    bench.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000], help="前例数")
    bench.add_argument("--queries", type=int, default=50, help="測定に使う検索の回数")
    bench.add_argument("--only", choices=("pdf", "templates", "batch", "encoders", "encoders-seeds", "search", "latency",
                                                "coldstart", "analysis"),
                       help="pdf: PDF の取り込み速度だけを測る。templates: テンプレートのまとめ（1万・10万・100万段落）と"
                            "1件の追加取り込みだけを測る。batch: 20万件の一括起案をまとめる速さとメモリだけを測る"
                            "（以上はモデルを読み込まない）。encoders: エンコーダーの実行方式ごとの速度と検索品質（数分）。"
                            "encoders-seeds: その env6th を除いた版。search: ベクトル検索（厳密・HNSW・IVF）だけ。"
                            "latency: --sizes の件数での検索の速さとメモリの表だけ。"
                            "coldstart: 新しいプロセスから起案ページ・最初の提案までの時間だけ。"
                            "analysis: 分析（似たご意見への異なる回答）の 2 万件での速さとメモリだけ（モデルを読み込まない）")
    bench.add_argument("--search-sizes", type=int, nargs="+", default=[100_000],
                       help="ベクトル検索を測るベクトル数（例: 100000 1000000。100 万件は 2 コアで数十分かかります）")
    bench.set_defaults(handler=cmd_bench)

    prepare = commands.add_parser("prepare", help="モデルの変換・索引の作成・校正を済ませ、アプリの初回表示を速くする（済んでいれば何もしない）")
    prepare.add_argument("--force", action="store_true", help="済んでいても作り直す")
    prepare.set_defaults(handler=cmd_prepare)

    from assistant.cli_office import add_office_commands

    add_office_commands(commands)
    return parser


def _check_eval(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse what --compare cannot do, as an argument error (it was said after the model had loaded, and
    ``--compare --plot`` printed the table without the figure, saying nothing)."""
    if args.compare and args.self_pairs:
        parser.error("--compare と --self は一緒に指定できません（--compare は --queries のファイルのクエリで方式を比べます）")
    if args.compare and not args.queries:
        parser.error("--compare には --queries のファイルが必要です")
    if args.compare and args.plot:
        parser.error("--compare と --plot は一緒に指定できません（方式の比較では信頼度の図を描きません。図は --compare を"
                     "付けずに描いてください）")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} は使えません。1 以上の整数を指定してください。")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text} は使えません。0 より大きい秒数を指定してください。")
    return value


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the CLI. Returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    if getattr(args, "check", None):  # combinations of arguments a subcommand cannot take
        args.check(args)
    args.err = err
    if not getattr(args, "db", None):
        return _run(args, out, err)
    # --db stands for ZENREI_DB_PATH for this command, so that the index, calibration and backups are
    # the ones beside that store (they followed the setting and could overwrite another store's index).
    # ZENREI_INDEX_DIR and ZENREI_BACKUP_DIR are the configured store's folders: for another store they are
    # not used (its index went into the configured one, and the configured store then re-embedded everything).
    from assistant import settings

    names = ("ZENREI_DB_PATH", "ZENREI_INDEX_DIR", "ZENREI_BACKUP_DIR")
    before = {name: os.environ.get(name) for name in names}
    if os.path.realpath(args.db) != os.path.realpath(settings.get("db_path")):
        ignored = [name for name in ("ZENREI_INDEX_DIR", "ZENREI_BACKUP_DIR") if os.environ.pop(name, None)]
        if ignored:  # said, so that an operator does not look for this store's backups in the configured folder
            print(f"注意: --db の {args.db} は設定 ZENREI_DB_PATH のデータベースではないため、{'・'.join(ignored)} は使わず、"
                  "そのデータベースと同じフォルダーの index・backups を使います。", file=err)
    os.environ["ZENREI_DB_PATH"] = str(Path(args.db))
    try:
        return _run(args, out, err)
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _run(args, out: TextIO, err: TextIO) -> int:
    from assistant import settings

    try:
        settings.check_all()  # a bad ZENREI_* value is said first, not met as a file's error halfway through
        for name in getattr(args, "outputs", ()):  # a file the command writes: never the store's own, and said first
            if getattr(args, name, None):
                refuse_store_files(getattr(args, name))
        if not getattr(args, "needs_store", True):
            return args.handler(args, None, out)
        if args.db and not Path(args.db).exists() and not getattr(args, "creates_store", False):
            raise AssistantError(
                f"データベース {args.db} がありません。--db のパスを確かめてください（新しいコーパスは "
                f"`python -m assistant --db {args.db} ingest ファイル` で作ります）。")
        store, seeded = open_corpus(args.db)
        with store:
            _print_seeded(seeded, err)
            return args.handler(args, store, out)
    except AssistantError as error:
        print(f"エラー: {error}", file=err)
        return 1
    except sqlite3.DatabaseError as error:  # damage or a lock met after opening: never a traceback
        print(f"エラー: {store_error(str(args.db or settings.get('db_path')), error)}", file=err)
        return 1
    except KeyboardInterrupt:  # Ctrl+C: what was done, and that the store is whole (every write is a transaction)
        print(f"\n中断しました（Ctrl+C）。{getattr(args, 'interrupted', '')}データベースは壊れていません"
              "（書きかけの変更は保存されていません）。", file=err)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return 0
