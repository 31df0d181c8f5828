"""The configured store's retriever, loaded once per process in a background thread.

The app's first page needs only the store; the model and the indexes load behind it (importing the model
libraries and embedding take seconds), so staff can type meanwhile. Nothing here imports streamlit or,
until the load starts, the model libraries.
"""

from __future__ import annotations

import atexit
import threading

from assistant.errors import AssistantError

_LOADING = threading.Lock()
# Set when the process exits: a load still running stops at its next progress message. The model libraries
# run C++ threads of their own; a load left running while the interpreter shuts down aborts the process
# ("terminate called without an active exception", exit code 134) instead of letting it exit.
_STOPPING = threading.Event()
_THREADS: list[threading.Thread] = []
# How long the exiting process waits for a running load to reach its next progress message.
EXIT_WAIT_SECONDS = 60.0


class _Stopped(Exception):
    """Raised inside a load when the process is exiting."""


def _stop_loads() -> None:
    """Stop the loads still running and wait for them, so the process exits cleanly (registered at exit)."""
    _STOPPING.set()
    for thread in list(_THREADS):
        thread.join(EXIT_WAIT_SECONDS)


atexit.register(_stop_loads)
# The store whose retriever was asked for last. The app serves one store; a process that opens several
# (the tests) skips a queued load whose store nobody has asked for since, and loads it again on demand.
_WANTED = [""]


class RetrieverLoader:
    """Holds the (store, retriever) pair of one database; the retriever loads once, in a background thread.

    The store opens at once (the first page needs it); the model and the indexes load in a thread that
    the first page starts, so the page is usable while they load. Progress messages and the error, if
    any, are kept for the pages to show.
    """

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self.value = None
        self.lock = threading.Lock()
        self.store = None
        self.seeded: list = []
        self.messages: list[str] = []
        self.error: AssistantError | None = None
        self.done = threading.Event()
        self.thread: threading.Thread | None = None
        self.superseded = False

    def open_store(self):
        """The store alone (for the sign-in form and the first page), opened and seeded once."""
        from assistant.ingest import open_corpus

        with self.lock:
            if self.store is None:
                self.store, self.seeded = open_corpus(self.db_path)
                if self.seeded:
                    self.messages.append(f"同梱の前例資料 {len(self.seeded)} 件を取り込みました。")
        return self.store

    def start(self) -> None:
        """Start loading the retriever in the background (once; again after a failed attempt)."""
        with self.lock:
            _WANTED[0] = self.db_path
            if self.thread is not None and not (self.done.is_set() and (self.error is not None or self.superseded)):
                return
            self.error = None
            self.superseded = False
            self.done.clear()
            self.thread = threading.Thread(target=self._load, name="zenrei-retriever", daemon=True)
            _THREADS[:] = [thread for thread in _THREADS if thread.is_alive()] + [self.thread]
        self.thread.start()

    def _say(self, message: str) -> None:
        if _STOPPING.is_set():
            raise _Stopped
        self.messages.append(message)

    def _load(self) -> None:
        from assistant.service import open_retriever

        try:
            store = self.open_store()
            with _LOADING:  # one load at a time in a process (imports of the model libraries are not thread-safe)
                if _WANTED[0] != self.db_path:
                    self.superseded = True
                    return
                self.value = open_retriever(store, progress=self._say)
        except _Stopped:
            pass
        except AssistantError as error:
            self.error = error
        except Exception as error:  # never a traceback on the page: a one-line message instead
            self.error = AssistantError(f"検索の準備中に予期しないエラーが起きました（{error.__class__.__name__}: {error}）。")
        finally:
            self.done.set()

    def ready(self):
        """The (store, retriever) pair when loaded, else None (loading is started)."""
        self.start()
        return self.value

    def wait(self, progress=None, poll: float = 0.25):
        """Block until loaded, passing each new progress message to ``progress``.

        Raises:
            AssistantError: Loading failed.
        """
        shown = 0
        while True:
            self.start()
            finished = self.done.wait(poll)
            if progress:
                while shown < len(self.messages):
                    progress(self.messages[shown])
                    shown += 1
            if finished and not (self.superseded and self.value is None):
                break
        if self.error is not None:
            raise self.error
        return self.value
