"""Two processes on one index folder (the app and a command beside it): no missing, half-swapped or rebuilt index.

The races are made to happen, not hoped for: a save is stopped at the moment the old folder is gone and
the new one not yet in place, and another process is started right then. Whether that process is
waiting for the index folder's lock is read from ``/proc/locks`` (Linux, the only supported system).
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import AssistantError
from assistant.ingest import ingest
from assistant.store import Store
from embeddings.index import VectorIndex, fingerprint
from retrieval import build_index
from retrieval.lexical import TOKENS_FILE, TokenCache
from retrieval.sync import sync_vectors
from tests.conftest import SEEDS
from tests.fakes import FakeEncoder

ROOT = Path(__file__).resolve().parents[1]
GUARD_SECONDS = 120  # only so that a broken test cannot hang the suite: nothing is timed


def run_python(script: str, *args: str) -> subprocess.Popen:
    """Start ``script`` in a new interpreter of this environment, its stdout piped. The packages come from the
    editable install (no PYTHONPATH); the checkout is the working folder only so that a script can import the
    tests' fake encoder (``tests.fakes``)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)


def finished(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=GUARD_SECONDS)
    assert process.returncode == 0, err[-3000:]
    return out


def waits_for_a_lock(pid: int) -> bool:
    """Whether process ``pid`` is blocked waiting for a file lock (a ``->`` line of /proc/locks)."""
    with open("/proc/locks", encoding="ascii") as handle:
        return any(line.split()[1] == "->" and str(pid) in line.split()[3:6] for line in handle if "->" in line)


def until_waiting_or_done(process: subprocess.Popen, marker: Path | None = None) -> None:
    """Return once ``process`` has exited, waits for a lock, or (when given) has made ``marker``."""
    deadline = time.monotonic() + GUARD_SECONDS
    while process.poll() is None and not waits_for_a_lock(process.pid) and not (marker and marker.exists()):
        assert time.monotonic() < deadline, "the other process neither finished nor waited"
        time.sleep(0.01)


def index_of(keys: list[str], dim: int = 16, seed: int = 0) -> VectorIndex:
    vectors = np.random.default_rng(seed).standard_normal((len(keys), dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return VectorIndex.build(keys, vectors, "m")


def leftovers(parent: Path) -> list[str]:
    return sorted(name for name in os.listdir(parent) if name.startswith((".tmp-", ".old-")))


READER = """
    import json, sys
    from pathlib import Path
    from embeddings.index import VectorIndex
    folder = Path(sys.argv[1])
    if VectorIndex.read_manifest(folder) is None:
        print(json.dumps("missing"))
    else:
        print(json.dumps(VectorIndex.load(folder)[0].keys))
"""


def test_a_process_that_reads_while_the_index_is_swapped_waits_and_reads_the_new_one(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "index" / "vectors"
    index_of(["a", "b"]).save(folder, fingerprint(["a", "b"]))
    readers: list[subprocess.Popen] = []
    real_rename, real_replace = os.rename, os.replace

    def mid_swap(move):
        def moved(source, target, *args, **kwargs):
            # the new folder is about to go in: the old one is gone (or aside); another process reads now
            if Path(source).name.startswith(".tmp-") and not readers:
                readers.append(run_python(READER, str(folder)))
                until_waiting_or_done(readers[0])
            return move(source, target, *args, **kwargs)
        return moved

    monkeypatch.setattr(os, "rename", mid_swap(real_rename))
    monkeypatch.setattr(os, "replace", mid_swap(real_replace))
    index_of(["a", "b", "c"], seed=1).save(folder, fingerprint(["a", "b", "c"]))
    monkeypatch.undo()

    assert len(readers) == 1
    assert json.loads(finished(readers[0])) == ["a", "b", "c"]  # not "missing", not the files of two saves
    assert leftovers(folder.parent) == []


KILLED_SYNC = """
    import os, sys
    from pathlib import Path
    from retrieval.sync import sync_vectors
    from tests.fakes import FakeEncoder
    folder, count = Path(sys.argv[1]), int(sys.argv[2])
    units = {f"u{i}": f"除雪について意見{i}番です。" for i in range(count)}
    sync_vectors(units, FakeEncoder(), folder, 10_000_000)
    for name in ("rename", "replace"):
        real = getattr(os, name)
        def killed(source, target, *args, real=real, **kwargs):
            if Path(source).name.startswith(".tmp-"):
                os._exit(9)  # as kill -9 between taking the old folder away and putting the new one in
            return real(source, target, *args, **kwargs)
        setattr(os, name, killed)
    units["new"] = "新しい意見です。"
    sync_vectors(units, FakeEncoder(), folder, 10_000_000)
"""


def test_a_save_killed_between_its_two_steps_leaves_the_index_to_the_next_start(tmp_path) -> None:
    folder = tmp_path / "index" / "vectors"
    process = run_python(KILLED_SYNC, str(folder), "40")
    process.communicate(timeout=GUARD_SECONDS)
    assert process.returncode == 9

    encoder = FakeEncoder()
    units = {f"u{i}": f"除雪について意見{i}番です。" for i in range(40)}
    index, synced = sync_vectors(units, encoder, folder, 10_000_000)
    assert synced.rebuilt is None and encoder.encoded == []  # the index saved before the kill, not a rebuild
    assert index.unit_keys == set(units)
    assert leftovers(folder.parent) == []


KILLED_WRITE = """
    import os, sys
    from pathlib import Path
    import embeddings.index
    from embeddings.index import VectorIndex, fingerprint
    import numpy as np
    def killed(path):
        os._exit(9)  # as kill -9 while the new index is written
    embeddings.index.sha256_file = killed
    VectorIndex.build(["x"], np.eye(1, 16, dtype=np.float32), "m").save(Path(sys.argv[1]), fingerprint(["x"]))
"""


def test_the_next_save_removes_what_a_save_killed_while_writing_left(tmp_path) -> None:
    folder = tmp_path / "index" / "vectors"
    index_of(["a"]).save(folder, fingerprint(["a"]))
    process = run_python(KILLED_WRITE, str(folder))
    process.communicate(timeout=GUARD_SECONDS)
    assert process.returncode == 9
    assert [name.startswith(".tmp-vectors-") for name in leftovers(folder.parent)] == [True]
    assert VectorIndex.load(folder)[0].keys == ["a"]

    index_of(["a", "b"]).save(folder, fingerprint(["a", "b"]))
    assert leftovers(folder.parent) == []
    assert VectorIndex.load(folder)[0].keys == ["a", "b"]


def test_a_save_that_cannot_write_says_what_to_do_and_keeps_the_index(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "index" / "vectors"
    index_of(["a"]).save(folder, fingerprint(["a"]))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(np, "save", full)
    with pytest.raises(AssistantError, match="保存できません.*ディスクの空き"):
        index_of(["a", "b"]).save(folder, fingerprint(["a", "b"]))
    monkeypatch.undo()
    assert VectorIndex.load(folder)[0].keys == ["a"]
    assert leftovers(folder.parent) == []


SAVER = """
    import sys
    from pathlib import Path
    import numpy as np
    from embeddings.index import VectorIndex, fingerprint
    folder, seed = Path(sys.argv[1]), int(sys.argv[2])
    keys = [f"u{i}" for i in range(2000)]
    vectors = np.random.default_rng(seed).standard_normal((2000, 64)).astype(np.float32)
    index = VectorIndex(keys, vectors / np.linalg.norm(vectors, axis=1, keepdims=True), "m")
    failed = []
    for _ in range(25):
        try:
            index.save(folder, fingerprint(keys))
        except Exception as error:
            failed.append(repr(error))
    print(failed)
"""


def test_two_processes_saving_while_a_third_loads_meet_no_error_and_no_missing_index(tmp_path) -> None:
    folder = tmp_path / "index" / "vectors"
    index_of([f"u{i}" for i in range(2000)], dim=64).save(folder, fingerprint([]))
    savers = [run_python(SAVER, str(folder), str(seed)) for seed in (1, 2)]
    found = {"loaded": 0, "missing": 0, "failed": []}
    while any(saver.poll() is None for saver in savers):
        try:
            if VectorIndex.read_manifest(folder) is None:
                found["missing"] += 1
            else:
                found["loaded"] += len(VectorIndex.load(folder)[0].keys) == 2000
        except Exception as error:  # noqa: BLE001 - any failure is what the test counts
            found["failed"].append(repr(error))
    assert [finished(saver) for saver in savers] == ["[]\n", "[]\n"]
    assert (found["missing"], found["failed"]) == (0, [])
    assert leftovers(folder.parent) == []


REFRESH = """
    import json, os, sys, time
    from pathlib import Path
    from assistant.store import Store
    from assistant.tokenizer import JapaneseTokenizer
    from retrieval.retriever import Retriever
    from tests.fakes import FakeEncoder
    db, index_dir, name, marks = sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])

    class Encoder(FakeEncoder):
        def encode_documents(self, texts):
            if not self.encoded:
                (marks / f"{name}-embedding").touch()
                while name == "first" and not (marks / "go-on").exists():
                    time.sleep(0.01)
            return super().encode_documents(texts)
        encode_queries = encode_documents

    said = []
    encoder = Encoder()
    report = Retriever(Store(db), encoder, JapaneseTokenizer(), index_dir, auto_calibrate=False).refresh(say=said.append)
    print(json.dumps({"embedded": report.embedded_units, "rebuilt": report.vector_rebuilt, "said": said}))
"""


def test_a_refresh_beside_another_waits_for_it_and_embeds_nothing(tmp_path) -> None:
    db = tmp_path / "store" / "shared.sqlite3"
    store = Store(db)
    ingest([SEEDS["000"], SEEDS["001"]], store)
    store.close()
    index_dir, marks = tmp_path / "index", tmp_path / "marks"
    marks.mkdir()

    first = run_python(REFRESH, str(db), str(index_dir), "first", str(marks))
    until_waiting_or_done(first, marks / "first-embedding")
    assert first.poll() is None  # the first one is embedding, and holds there
    second = run_python(REFRESH, str(db), str(index_dir), "second", str(marks))
    until_waiting_or_done(second, marks / "second-embedding")  # the old code embedded the whole corpus again
    (marks / "go-on").touch()

    built, waited = json.loads(finished(first)), json.loads(finished(second))
    assert built["embedded"] > 50 and built["rebuilt"] == "new"
    assert (waited["embedded"], waited["rebuilt"]) == (0, None)
    assert any("別の処理" in line and "待って" in line for line in waited["said"])
    assert leftovers(index_dir) == []


def test_a_refresh_removes_the_temporary_files_that_killed_processes_left(seeded, tmp_path) -> None:
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    killed = index_dir / f".tokens.npz.{int(ended.stdout)}.tmp"  # a token cache half written by a process now gone
    killed.write_bytes(b"PK half")
    running = index_dir / f".calibration.json.{os.getpid()}.tmp"  # a running process's: it may be about to rename it
    running.write_bytes(b"{")
    build_index(seeded, FakeEncoder(), index_dir=index_dir, auto_calibrate=False)
    assert not killed.exists() and running.exists()


def test_a_cache_file_that_cannot_be_written_says_what_to_do_and_keeps_the_old_one(tmp_path, monkeypatch) -> None:
    path = tmp_path / "index" / TOKENS_FILE
    cache = TokenCache(path, "tok")
    cache.resolve([("k1", "除雪 回数")], str.split)
    cache.save({"k1"})
    before = path.read_bytes()

    def full(handle, **arrays):
        handle.write(b"PK\x03\x04")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(np, "savez", full)
    cache.resolve([("k2", "公園 遊具")], str.split)
    with pytest.raises(AssistantError, match="書き込めません.*ディスクの空き"):
        cache.save({"k1", "k2"})
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [name for name in os.listdir(path.parent) if name.endswith(".tmp")] == []


HOLD = """
import sys, time
from pathlib import Path
from assistant.locking import hold

with hold(Path(sys.argv[1])):
    Path(sys.argv[2]).touch()
    while not Path(sys.argv[3]).exists():
        time.sleep(0.01)
"""


def test_a_search_uses_the_snapshot_in_hand_while_another_process_holds_the_index_folder(seeded, tmp_path) -> None:
    """Second reading: a search after the store changed refreshed first, and so waited without a word for as long as
    another process (a command's calibrate or finetune) held the index folder."""
    from assistant.locking import held_elsewhere

    index_dir = tmp_path / "index"
    retriever = build_index(seeded, FakeEncoder(), index_dir=index_dir, auto_calibrate=False)
    before = retriever.current()
    assert held_elsewhere(index_dir) is False
    added = tmp_path / "bus.csv"  # the store changed: the next search would refresh (a seed again is 「変更なし」)
    added.write_text("No.,ご意見,本市の考え方\n1,バスを増便してほしい。,事業者と協議します。\n", encoding="utf-8")
    assert [report.plan.action for report in ingest([added], seeded)] == ["追加"]
    holding, go_on = tmp_path / "holding", tmp_path / "go-on"
    other = run_python(HOLD, str(index_dir), str(holding), str(go_on))
    release = threading.Timer(20, go_on.touch)  # a search that waits (the old code) fails below instead of hanging
    release.start()
    try:
        until_waiting_or_done(other, holding)
        assert held_elsewhere(index_dir) is True
        assert retriever.current() is before  # answered from the snapshot in hand, not after the other's end
        assert retriever.search("除雪の回数を増やしてほしい。").points
    finally:
        release.cancel()
        go_on.touch()
        finished(other)
    assert held_elsewhere(index_dir) is False
    assert retriever.current() is not before  # refreshed once the folder is free
