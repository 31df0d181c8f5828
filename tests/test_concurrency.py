"""Four writer processes save the same draft for 20 s: no save overwrites another unseen, no raw error."""

from __future__ import annotations

import io
import re

from assistant.cli import main
from assistant.concurrency import run_writers


def test_four_writers_for_twenty_seconds_lose_nothing(tmp_path) -> None:
    report = run_writers(tmp_path / "race.sqlite3", writers=4, seconds=20)
    assert (report.silent_overwrites, report.raw_errors, report.busy) == (0, (), 0)
    assert report.saves == report.final_version == report.versions_kept
    assert report.saves > 200 and report.conflicts > 50  # they really did collide
    assert report.ok


def test_stress_saves_command_prints_the_counts() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["stress-saves", "--writers", "2", "--seconds", "1"], out=out, err=err)
    assert (code, err.getvalue()) == (0, "2 つのプロセスで 1 秒間、同じ回答案を保存しています…\n")
    lines = out.getvalue().splitlines()
    assert lines[0] == "2 つのプロセスが同じ回答案を 1 秒間保存しました。"
    assert re.fullmatch(r"  保存できた回数: (\d+)（最終の版 \1、記録された版 \1）", lines[1])
    assert lines[4:] == ["  知らないうちに他の人の保存を上書きした回数: 0", "  想定外のエラー: 0", "結果: 問題なし"]
