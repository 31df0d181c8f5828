"""Command line: thin wrappers that open the store, call one library function and print.

Library errors become a one-line Japanese message on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from typing import TextIO

from assistant.errors import AssistantError
from assistant.export import dump_jsonl
from assistant.ingest import ingest, open_corpus
from assistant.models import IngestReport
from assistant.store import Store
from assistant.textnorm import format_period

KIND_LABELS = {"table": "結果公表（表）", "minutes": "会議録", "spreadsheet": "表計算", "draft": "決裁済み回答"}


def format_report(report: IngestReport) -> str:
    """Human-readable lines for one ingest report."""
    if not report.ok:
        return f"✗ {report.source}\n    エラー: {report.error}"
    declared = f"（文書記載の意見総数 {report.declared_count} 件）" if report.declared_count is not None else ""
    action = "更新" if report.replaced else "追加"
    lines = [
        f"✓ {report.source}",
        f"    {report.title}",
        f"    種類: {KIND_LABELS.get(report.kind, report.kind)}　項目: {report.n_items} 件{declared}　{action}",
    ]
    lines += [f"    ⚠ {warning}" for warning in report.warnings]
    return "\n".join(lines)


def _print_seeded(reports: list[IngestReport], out: TextIO) -> None:
    if reports:
        print("初回のため、同梱の前例資料を取り込みました:", file=out)
        for report in reports:
            print(format_report(report), file=out)
        print(file=out)


def cmd_ingest(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    reports = ingest(args.paths, store, encoding=args.encoding)
    for report in reports:
        print(format_report(report), file=out)
    ok = sum(report.ok for report in reports)
    print(f"\n取り込み: {ok} 件の文書、{sum(r.n_items for r in reports)} 項目。失敗: {len(reports) - ok} 件のファイル。", file=out)
    return 0 if ok == len(reports) else 1


def cmd_stats(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    stats = store.stats()
    if args.json:
        print(json.dumps(asdict(stats), ensure_ascii=False, indent=2), file=out)
        return 0
    print(f"文書: {stats.n_documents} 件　前例: {stats.n_precedents} 件　回答段落: {stats.n_paragraphs} 件", file=out)
    print(f"回答テンプレート: {stats.n_templates} 件（2件以上の前例で使われたもの {stats.n_recurring_templates} 件）", file=out)
    print("\n文書:", file=out)
    for doc in store.documents():
        period = format_period(doc.period_start, doc.period_end)
        print(f"  {doc.id}  {doc.parsed_count:>3} 件  {period}  {doc.title}", file=out)
    print("\nよく使われる回答:", file=out)
    for template in store.templates(min_precedents=2)[:10]:
        text = template.text if len(template.text) <= 60 else template.text[:60] + "…"
        print(f"  {template.n_precedents} 前例 / {template.n_documents} 文書  {text}", file=out)
    return 0


def cmd_dump(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            count = dump_jsonl(store, handle)
        print(f"{count} 件の前例を {args.output} に書き出しました。", file=out)
    else:
        dump_jsonl(store, out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="前例回答アシスタント")
    parser.add_argument("--db", help="コーパスのデータベースファイル（既定: 設定 ZENREI_DB_PATH）")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest_parser = commands.add_parser("ingest", help="公表資料・会議録・CSV/XLSX を取り込む")
    ingest_parser.add_argument("paths", nargs="+", help="取り込むファイル")
    ingest_parser.add_argument("--encoding", help="文字コードを指定する（例: cp932）。省略時は自動判別")
    ingest_parser.set_defaults(handler=cmd_ingest)

    corpus = commands.add_parser("corpus", help="取り込んだ前例を見る")
    corpus_commands = corpus.add_subparsers(dest="corpus_command", required=True)
    stats = corpus_commands.add_parser("stats", help="件数と文書の一覧")
    stats.add_argument("--json", action="store_true", help="JSON で出力する")
    stats.set_defaults(handler=cmd_stats)
    dump = corpus_commands.add_parser("dump", help="全前例を JSON Lines で書き出す")
    dump.add_argument("--output", "-o", help="書き出し先（省略時は標準出力）")
    dump.set_defaults(handler=cmd_dump)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the CLI. Returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        store, seeded = open_corpus(args.db)
        with store:
            _print_seeded(seeded, err)
            return args.handler(args, store, out)
    except AssistantError as error:
        print(f"エラー: {error}", file=err)
        return 1
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return 0
