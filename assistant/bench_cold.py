"""``python -m assistant bench --only coldstart``: how long a fresh process takes to a usable first page.

Run after ``python -m assistant prepare`` (``scripts/setup.sh`` runs it). Three figures from fresh
interpreters on the configured store and caches, in the same run:

- the 起案 page drawn (AppTest, no browser): the comment field and 「前例を探す」 are there, while the
  model loads behind the page;
- the first suggestion (open the retriever, search once): what a search on the first visit waits for;
- the baseline: a bare interpreter that imports streamlit and nothing of ours.

The browser equivalent (first visit to a fresh server until the page is usable, and until the first
search is answered) is measured by ``tests/test_browser_cold_start.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import TextIO

from assistant.settings import REPO_ROOT

FIRST_PAGE = (
    "from streamlit.testing.v1 import AppTest\n"
    f"app = AppTest.from_file({str(REPO_ROOT / 'app_pages' / 'draft.py')!r}, default_timeout=300)\n"
    "app.run()\n"
    "assert not app.exception, app.exception\n"
    "assert app.button(key='search').label == '前例を探す' and app.text_area(key='comment') is not None\n"
    "import os; os._exit(0)  # the model is still loading behind the page: do not wait for it\n"
)
FIRST_SUGGESTION = (
    "from assistant.service import open_retriever\n"
    "s, r = open_retriever()\n"
    "r.search('マイナンバーカードの取得は義務ですか。')\n"
)
BASELINE = "import streamlit\n"


def seconds(code: str) -> float:
    """Wall-clock seconds of a fresh interpreter running ``code`` (it must succeed)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=dict(os.environ), cwd=REPO_ROOT)
    return time.perf_counter() - started


def cold_start_figures() -> dict[str, float]:
    return {"baseline": seconds(BASELINE), "first_page": seconds(FIRST_PAGE), "first_suggestion": seconds(FIRST_SUGGESTION)}


def print_cold_start(out: TextIO, figures: dict[str, float] | None = None) -> dict[str, float]:
    figures = figures or cold_start_figures()
    base = figures["baseline"]
    print(f"コールドスタート（新しいプロセスから、準備済みの状態で）: 起案ページの表示 {figures['first_page']:.1f} 秒"
          f"（基準: streamlit の import だけ {base:.1f} 秒、{figures['first_page'] / base:.1f} 倍）、"
          f"最初の提案 {figures['first_suggestion']:.1f} 秒（{figures['first_suggestion'] / base:.1f} 倍）",
          file=out, flush=True)
    return figures
