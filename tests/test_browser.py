"""The real server on localhost, opened in headless Chromium (Debian's, installed by scripts/setup-system.sh).

It pastes a comment about cloud liability, sees the liability answer among the suggestions, and saves
a screenshot.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.settings import REPO_ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
COMMENT = "ガバメントクラウドで市民の個人情報が漏えいした場合、誰が責任を負い、賠償するのですか。"
SCREENSHOT = REPO_ROOT / "docs" / "screenshot-draft.png"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not become healthy within {seconds} s")


@pytest.fixture
def server(tmp_path, model_cache):
    port = free_port()
    env = dict(os.environ, ZENREI_DB_PATH=str(tmp_path / "corpus.sqlite3"), ZENREI_MODEL_CACHE=str(model_cache))
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_liability_comment_in_headless_chromium(server, tmp_path) -> None:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: run scripts/setup-system.sh"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 1600}, locale="ja-JP")
        page.goto(server, timeout=60_000)
        page.get_by_text("起案（1件のご意見）").wait_for(timeout=180_000)
        page.get_by_label("意見募集の名前").fill("ガバメントクラウド評価書")
        page.get_by_label("担当者名").fill("山田")
        page.get_by_label("ご意見（コメントを貼り付けてください）").fill(COMMENT)
        page.keyboard.press("Control+Enter")
        page.get_by_role("button", name="前例を探す").click()
        page.get_by_text("CSPやデジタル庁に帰責性がある場合は", exact=False).first.wait_for(timeout=120_000)
        shot = tmp_path / "draft.png"
        page.screenshot(path=str(shot), full_page=False)
        browser.close()
    assert shot.stat().st_size > 20_000
    if os.environ.get("ZENREI_UPDATE_SCREENSHOT"):
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copy(shot, SCREENSHOT)
