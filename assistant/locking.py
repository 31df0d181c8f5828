"""One process at a time in an index folder: an inter-process lock, and folder swaps that leave no gap.

The app and a command run beside it (``ingest``, ``suggest``, ``prepare``) share one store and one index
folder. Whatever reads or writes the saved indexes there holds the folder's lock (:func:`hold`:
``fcntl.flock`` on ``.index.lock`` in the folder; Linux is the only supported system). A second
process waits until the first has saved and then reads its result instead of building its own. The
kernel releases the lock of a process that dies, also of one killed with ``kill -9``. Within a process
the lock is re-entrant: the thread that holds it may take it again, other threads wait.

A folder (the vector index, a fine-tuned model) is replaced by :func:`swap_folder`: the new one is
written into a temporary folder beside it, the old one is renamed aside, the new one renamed in, and
the old one deleted. A process killed between the two renames leaves the old folder aside:
:func:`settle`, run by the next holder of the lock, renames it back and deletes the temporary and aside
folders that no process is writing any more.

Example::

    with hold(folder.parent):
        settle(folder)
        temp = temporary_folder(folder)
        ...  # write the files into temp
        swap_folder(temp, folder)
"""

from __future__ import annotations

import fcntl
import os
import re
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import IndexWriteError

LOCK_FILE = ".index.lock"
TEMP_PREFIX = ".tmp-"  # a folder being written: .tmp-<name>-<random>
ASIDE_PREFIX = ".old-"  # the folder replaced, until it is deleted: .old-<name>-<random>
# A file written atomically by assistant.jsonl: .<name>.<pid>.tmp
_TEMP_FILE = re.compile(r"^\..+\.(\d+)\.tmp$")


class _Holder:
    """This process's hold on one lock file: the thread lock in front of it, how deep, and the open file."""

    __slots__ = ("mutex", "depth", "handle")

    def __init__(self) -> None:
        self.mutex = threading.RLock()
        self.depth = 0
        self.handle: int | None = None


_held: dict[str, _Holder] = {}
_guard = threading.Lock()


def _forget_after_fork() -> None:
    """A forked child holds none of its parent's locks (it closes its copies of their files when it leaves them)."""
    global _held, _guard
    _held, _guard = {}, threading.Lock()


os.register_at_fork(after_in_child=_forget_after_fork)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _open(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except PermissionError:
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)  # another user's lock file: flock works on a read-only file


def _lock(path: Path, waiting: Callable[[], None] | None) -> int:
    """Open ``path`` and take its exclusive flock, waiting for another process if need be."""
    try:
        handle = _open(path)
    except OSError as error:
        raise IndexWriteError(
            f"索引フォルダー {path.parent} にロックファイルを作れません（{_reason(error)}）。"
            "フォルダーに書き込めるか（権限・空き容量）を確かめてから、もう一度操作してください。") from error
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
    except OSError as error:
        os.close(handle)
        raise IndexWriteError(
            f"索引フォルダー {path.parent} をロックできません（{_reason(error)}）。ロックの使えないネットワーク"
            "ドライブなら、ローカルディスクのフォルダーを ZENREI_INDEX_DIR に指定してください。") from error
    except BaseException:
        os.close(handle)
        raise
    return handle


@contextmanager
def hold(folder: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold ``folder``'s lock (``folder/.index.lock``, the folder made if missing) for the ``with`` block.

    Args:
        folder: The index folder (the parent of the vector index folder).
        waiting: Called once, before waiting, when another process holds the lock.

    Raises:
        IndexWriteError: The lock file cannot be made or locked.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise IndexWriteError(f"索引フォルダー {folder} を作れません（{_reason(error)}）。"
                              "場所と権限を確かめてから、もう一度操作してください。") from error
    key = os.path.realpath(folder / LOCK_FILE)  # two spellings of one folder are one lock
    with _guard:
        holder = _held.setdefault(key, _Holder())
    with holder.mutex:
        if holder.depth == 0:
            holder.handle = _lock(Path(key), waiting)
        holder.depth += 1
        try:
            yield
        finally:
            holder.depth -= 1
            if holder.depth == 0 and holder.handle is not None:
                handle, holder.handle = holder.handle, None
                os.close(handle)  # releases the flock


def held_elsewhere(folder: Path) -> bool:
    """Whether another process holds ``folder``'s lock now (asked without waiting; False when this process holds
    it, or when there is no lock file yet)."""
    path = Path(folder) / LOCK_FILE
    key = os.path.realpath(path)
    holder = _held.get(key)
    if holder is not None and holder.depth:
        return False
    try:
        handle = os.open(key, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(handle)  # releases the trial lock
    return False


def temporary_folder(target: Path) -> Path:
    """A new empty folder beside ``target`` to write its replacement into."""
    return Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{target.name}-", dir=target.parent))


def swap_folder(temp: Path, target: Path) -> None:
    """Put ``temp`` in ``target``'s place (hold the parent's lock): old one aside, new one in, old one deleted.

    If the new one cannot be renamed in, the old one is put back and the error raised.
    """
    aside = None
    if os.path.lexists(target):
        aside = target.with_name(f"{ASIDE_PREFIX}{target.name}-{secrets.token_hex(4)}")
        os.rename(target, aside)
    try:
        os.rename(temp, target)
    except BaseException:
        if aside is not None:
            os.rename(aside, target)
        raise
    if aside is not None:
        _remove(aside)


def replace_folder(target: Path, write: Callable[[Path], None]) -> None:
    """Replace ``target`` whole, holding its parent's lock: what a killed process left is settled first, ``write``
    fills a temporary folder beside it, and :func:`swap_folder` puts that in its place. The temporary folder never
    stays, whatever fails.

    Raises:
        OSError: The replacement could not be written or swapped in (``target`` stays as it was).
        IndexWriteError: The lock cannot be taken.
    """
    with hold(target.parent):
        settle(target)
        temp = None
        try:
            temp = temporary_folder(target)
            write(temp)
            swap_folder(temp, target)
        finally:
            if temp is not None and temp.exists():
                shutil.rmtree(temp, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)  # what is left is removed by the next settle()
    else:
        try:
            path.unlink()
        except OSError:
            pass


def _escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def settle(target: Path) -> None:
    """Undo what a killed :func:`swap_folder` of ``target`` left; call it holding the parent's lock.

    When ``target`` is missing and an old copy was renamed aside, it is renamed back (the index
    that was there before, so nothing is embedded again that it held). Every other temporary or
    aside folder of ``target`` is deleted: under the lock nobody is writing them.
    """
    parent = target.parent
    if not parent.is_dir():
        return
    name = _escape(target.name)
    asides = sorted(parent.glob(f"{ASIDE_PREFIX}{name}-*"), key=_mtime)
    if asides and not os.path.lexists(target):
        try:
            os.rename(asides[-1], target)
            asides.pop()
        except OSError:
            pass  # left as it is: the caller finds no folder and rebuilds
    for leftover in asides + list(parent.glob(f"{TEMP_PREFIX}{name}-*")):
        _remove(leftover)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def remove_stale_files(folder: Path) -> None:
    """Delete the temporary files (``.<name>.<pid>.tmp``) that a process killed while writing left in ``folder``.

    Only files of processes no longer running are deleted (a running one may be about to rename its own).
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        found = _TEMP_FILE.match(name)
        if found is None or _running(int(found.group(1))):
            continue
        try:
            (Path(folder) / name).unlink()
        except OSError:
            pass


def _running(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: running
    return True
