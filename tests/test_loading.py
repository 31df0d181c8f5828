"""The app's background load of the model and the indexes (assistant.loading)."""

from __future__ import annotations

import subprocess
import sys

# Start the load on a fresh store, then exit while the seeds are being embedded (the encoder's C++
# threads are busy): the process must exit with its own code, not abort.
EXIT_WHILE_LOADING = """
import sys, time
from assistant.loading import RetrieverLoader
loader = RetrieverLoader(sys.argv[1])
loader.start()
deadline = time.monotonic() + 240
while not any("ベクトル化" in message for message in loader.messages):
    if loader.done.is_set() or time.monotonic() > deadline:
        sys.exit("the load ended before embedding: " + repr(loader.messages) + repr(loader.error))
    time.sleep(0.01)
print("exiting while:", loader.messages[-1], flush=True)
sys.exit(3)
"""


def test_a_process_exiting_while_the_retriever_loads_exits_cleanly(tmp_path, monkeypatch, model_cache, real_encoder) -> None:
    """Before: the interpreter shut down under the running load and the process aborted with
    「terminate called without an active exception」 (exit code 134; it failed a CI run after every test passed)."""
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.setenv("ZENREI_MODEL_CACHE", str(model_cache))
    monkeypatch.setenv("ZENREI_INDEX_DIR", str(tmp_path / "index"))
    done = subprocess.run([sys.executable, "-c", EXIT_WHILE_LOADING, str(tmp_path / "corpus.sqlite3")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.stdout.startswith("exiting while: 前例をベクトル化しています… "), (done.stdout, done.stderr)
    assert "terminate called" not in done.stderr
    assert done.returncode == 3, done.stderr
