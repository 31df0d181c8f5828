"""Concurrent saves, measured: several processes save the same draft as fast as they can.

Each writer behaves like a member of staff on the 起案 page: it saves its own text on top of the
version it last saw; when told of a conflict it takes the colleague's version (as the merge view does)
and saves again on top of it; between saves it reads the draft list. Afterwards the saves are checked:

- a **silent overwrite** is a successful save although another writer had saved in between (two saves
  on top of the same version), or a save that came back with a version or text other than its own
  (the page would then hold a colleague's version number under its own text);
- a **raw error** is any exception that is not one of the library's own, with its Japanese message.

Used by ``python -m assistant stress-saves`` and the four-writer test.
"""

from __future__ import annotations

import random
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

CONSULTATION, ITEM_NO = "同時保存の確認", "1"
START_TIMEOUT_S = 300.0  # how long the writer processes may take to start and import before they all begin


@dataclass(frozen=True)
class RaceReport:
    """What the writers did, and what went wrong."""

    writers: int
    seconds: float
    saves: int
    conflicts: int
    busy: int
    silent_overwrites: int
    raw_errors: tuple[str, ...] = field(default_factory=tuple)
    final_version: int = 0
    versions_kept: int = 0

    @property
    def ok(self) -> bool:
        return self.silent_overwrites == 0 and not self.raw_errors and self.final_version == self.saves == self.versions_kept

    def describe(self) -> str:
        lines = [
            f"{self.writers} つのプロセスが同じ回答案を {self.seconds:g} 秒間保存しました。",
            f"  保存できた回数: {self.saves}（最終の版 {self.final_version}、記録された版 {self.versions_kept}）",
            f"  競合として知らされた回数: {self.conflicts}",
            f"  混雑で保存できず、その旨を知らされた回数: {self.busy}",
            f"  知らないうちに他の人の保存を上書きした回数: {self.silent_overwrites}",
            f"  想定外のエラー: {len(self.raw_errors)}",
        ]
        lines += [f"    {error}" for error in self.raw_errors[:5]]
        lines.append("結果: 問題なし" if self.ok else "結果: 問題あり")
        return "\n".join(lines)


def _writer(db_path: str, name: str, ready, seconds: float, seed: int) -> dict:
    """One writer process: once every writer is ready (``ready``, a barrier), save, take the colleague's
    version on conflict, read, repeat."""
    from assistant.drafts import Draft, DraftConflict, find_draft, list_drafts, save_draft
    from assistant.errors import AssistantError, StoreBusyError
    from assistant.store import Store

    rng = random.Random(seed)
    result = {"saves": [], "conflicts": 0, "busy": 0, "raw": []}
    try:
        store = Store(db_path)
    except Exception as error:  # noqa: BLE001 - counted, the measurement goes on
        result["raw"].append(f"{name}: {error!r}")
        ready.abort()  # the others do not wait for this one
        return result
    try:
        ready.wait(START_TIMEOUT_S)  # all start together, however long a loaded machine took to start them
    except threading.BrokenBarrierError:  # a writer could not start (counted): the others go on
        pass
    start_at = time.time()
    seen = find_draft(store, CONSULTATION, ITEM_NO)
    known_id, known_version = (seen.id, seen.version) if seen else (None, 0)
    number = 0
    while time.time() < start_at + seconds:
        number += 1
        text = f"{name} の修正 {number}"
        try:
            saved = save_draft(store, Draft(known_id, CONSULTATION, ITEM_NO, "同時保存の確認です。", text, author=name,
                                            version=known_version))
            result["saves"].append((known_version, saved.version, saved.text == text and saved.author == name))
            known_id, known_version = saved.id, saved.version
        except DraftConflict as conflict:
            result["conflicts"] += 1
            known_id, known_version = conflict.theirs.id, conflict.theirs.version
        except StoreBusyError:
            result["busy"] += 1
        except AssistantError as error:
            result["raw"].append(f"{name}: {error}")
        except Exception as error:  # noqa: BLE001 - a raw error is what this measures
            result["raw"].append(f"{name}: {error!r}")
        try:
            list_drafts(store)
        except Exception as error:  # noqa: BLE001
            result["raw"].append(f"{name}: {error!r}")
        time.sleep(rng.random() * 0.002)
    store.close()
    return result


def run_writers(db_path: str | Path | None = None, writers: int = 4, seconds: float = 30.0,
                say: Callable[[str], None] | None = None) -> RaceReport:
    """Start ``writers`` processes that save one draft for ``seconds``; count what went wrong.

    Args:
        db_path: The store to use (created if needed); a temporary one when None, never the real corpus.
        writers: Processes.
        seconds: How long they keep saving.
        say: Progress messages.
    """
    from assistant.drafts import draft_versions, find_draft
    from assistant.store import Store

    say = say or (lambda text: None)
    with tempfile.TemporaryDirectory() as folder:
        path = str(db_path or Path(folder) / "race.sqlite3")
        Store(path).close()  # create the schema once, before the writers open it
        say(f"{writers} つのプロセスで {seconds:g} 秒間、同じ回答案を保存しています…")
        context = get_context("spawn")
        with context.Manager() as manager, ProcessPoolExecutor(max_workers=writers, mp_context=context) as pool:
            ready = manager.Barrier(writers)
            futures = [pool.submit(_writer, path, f"職員{n + 1}", ready, seconds, n) for n in range(writers)]
            results = [future.result() for future in futures]
        with Store(path) as store:
            final = find_draft(store, CONSULTATION, ITEM_NO)
            kept = len(draft_versions(store, final.id)) if final else 0
    saves = [save for result in results for save in result["saves"]]
    on_top_of = Counter(base for base, _, _ in saves)
    wrong_row = sum(1 for base, version, own in saves if version != base + 1 or not own)
    return RaceReport(
        writers=writers,
        seconds=seconds,
        saves=len(saves),
        conflicts=sum(result["conflicts"] for result in results),
        busy=sum(result["busy"] for result in results),
        silent_overwrites=sum(count - 1 for count in on_top_of.values()) + wrong_row,
        raw_errors=tuple(error for result in results for error in result["raw"]),
        final_version=final.version if final else 0,
        versions_kept=kept,
    )
