"""The real server on localhost, opened in headless Chromium (Debian's, installed by scripts/setup-system.sh).

With logins on, it signs in, pastes a comment about cloud liability, sees the liability answer among
the suggestions, saves a screenshot, takes a paragraph into the draft and saves it; the sign-in and the
save are in the audit log under the user's name, and the page requested nothing from any other host.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from assistant import audit
from assistant.drafts import list_drafts
from assistant.settings import REPO_ROOT
from assistant.store import Store
from assistant.users import add_user, command_line_user

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
COMMENT = "ガバメントクラウドで市民の個人情報が漏えいした場合、誰が責任を負い、賠償するのですか。"
SCREENSHOT = REPO_ROOT / "docs" / "screenshot-draft.png"
PASSWORD = "yuki-matsuri-2026"


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


def start_app(env: dict, output) -> tuple[subprocess.Popen, str]:
    """The app as `scripts/app.sh` starts it (streamlit run app.py), on a free localhost port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
    )
    return process, f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def chromium_page(playwright, height: int):
    """A page of headless Chromium (1280 px wide, Japanese locale), closed at the end. When the test fails
    inside, the page's text is printed first: a timeout then shows what the page had on it instead."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    page = browser.new_page(viewport={"width": 1280, "height": height}, locale="ja-JP")
    try:
        yield page
    except BaseException:
        try:
            print("--- the page's text at the failure ---\n" + page.inner_text("body", timeout=5_000)[-4000:])
            print("--- its text fields ---\n" + "\n".join(page.evaluate("""() => [...document.querySelectorAll(
                'input[aria-label], textarea[aria-label]')].map(e => e.getAttribute('aria-label') + ': '
                + JSON.stringify(e.value.slice(0, 40)))""")))
        except Exception as error:  # the page itself may be gone
            print(f"(the page's text could not be read: {error.__class__.__name__})")
        raise
    finally:
        browser.close()


def wait_for_app_run(page, timeout: int = 60_000) -> None:
    """Wait until the script run that a key press or a click started has finished (Streamlit marks its root
    element with the run's state; the run begins once the message reaches the server, hence the pause)."""
    page.wait_for_timeout(500)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=timeout)


def fill_and_commit(page, label: str, text: str) -> None:
    """Type into a text field as a person does once the page has settled: after the run that drew the page (a text
    typed while a run is still going is lost when it ends: CI on e72df25 typed the comment while the run after the
    sign-in was going, and Ctrl+Enter then searched nothing), then leave the field and wait for the run it starts."""
    wait_for_app_run(page, timeout=600_000)
    field = page.get_by_label(label)
    field.fill(text)
    field.press("Tab")
    wait_for_app_run(page, timeout=180_000)


@pytest.fixture
def db_path(tmp_path):
    """The server's store, with one 起案 user."""
    path = tmp_path / "corpus.sqlite3"
    with Store(path) as store:
        add_user(store, "yamada", "山田太郎", PASSWORD, ["起案"], actor=command_line_user())
    return path


@pytest.fixture
def server(db_path, model_cache, tmp_path):
    """The app on the test's store. Its output goes to a file (a pipe nobody reads would stop the server once
    full); at the end the app is asked for its threads' stacks and the file's end is printed, so that a
    failing test shows what the server was doing."""
    env = dict(os.environ, ZENREI_DB_PATH=str(db_path), ZENREI_MODEL_CACHE=str(model_cache), ZENREI_LOGINS="1")
    log = tmp_path / "streamlit.log"
    with open(log, "wb") as output:
        process, url = start_app(env, output)
    try:
        wait_healthy(url, process)
        yield url
    finally:
        process.send_signal(signal.SIGUSR1)  # the app writes every thread's stack: what a hung server was doing
        time.sleep(1)
        process.terminate()
        process.wait(timeout=30)
        output = log.read_text(encoding="utf-8", errors="replace")
        print(f"--- the server's threads that were in this project's code ({log}) ---")
        print("\n".join(project_stacks(output)) or "(none: no model load and no page run was going)")
        print(f"--- the end of the server's output ({log}) ---")
        print(output[-20_000:])


def project_stacks(output: str) -> list[str]:
    """The stacks, in a faulthandler dump, of the threads with a frame in this project's code (not a library's): the
    model's load and the page's run, shown before the rest of the output, which a CI summary may cut."""
    stacks = re.split(r"\n(?=(?:Current thread|Thread) 0x)", output)
    project = re.compile(re.escape(str(REPO_ROOT)) + r"/(?:assistant|retrieval|embeddings|app_pages|app\.py)")
    return [stack.strip() for stack in stacks if re.match(r"(?:Current thread|Thread) 0x", stack) and project.search(stack)]


def test_sign_in_and_draft_the_liability_answer_in_headless_chromium(server, db_path, tmp_path) -> None:
    from playwright.sync_api import expect, sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: run scripts/setup-system.sh"
    with sync_playwright() as playwright:
        with chromium_page(playwright, height=1600) as page:
            requested: list[str] = []  # every request of the page (favicon, fonts, scripts): none may leave the machine
            page.on("request", lambda request: requested.append(request.url))
            page.goto(server, timeout=60_000)
            page.get_by_label("ユーザー名").fill("yamada", timeout=180_000)
            page.get_by_label("パスワード").fill(PASSWORD)
            page.get_by_role("button", name="ログイン").click()
            page.get_by_text("起案（1件のご意見）").wait_for(timeout=180_000)
            fill_and_commit(page, "意見募集の名前", "ガバメントクラウド評価書")
            comment = page.get_by_label("ご意見（コメントを貼り付けてください）")
            comment.fill(COMMENT)
            expect(comment).to_have_value(COMMENT)
            comment.press("Control+Enter")  # searches (the first search waits for the model behind the page)
            page.get_by_text("CSPやデジタル庁に帰責性がある場合は", exact=False).first.wait_for(timeout=600_000)
            page.get_by_role("button", name="前例を探す").click()  # searches again
            page.get_by_text("CSPやデジタル庁に帰責性がある場合は", exact=False).first.wait_for(timeout=120_000)
            shot = tmp_path / "draft.png"
            page.screenshot(path=str(shot), full_page=False)
            page.get_by_role("button", name="回答全体を使う").first.click()
            editor = page.get_by_label("選んだ段落が順に入ります。自由に編集してください。")
            expect(editor).to_have_value(re.compile("CSPやデジタル庁に帰責性がある場合は"), timeout=60_000)
            save = page.get_by_role("button", name="保存する")
            expect(save).to_have_count(1, timeout=60_000)  # while a rerun redraws the page, the old button may linger
            save.click()
            page.get_by_text("保存しました（ガバメントクラウド評価書 No.1、版 1）。").wait_for(timeout=60_000)
    assert len(requested) > 10
    assert [url for url in requested if urlsplit(url).scheme not in {"data", "blob"}
            and urlsplit(url).hostname not in {"127.0.0.1", "localhost"}] == []
    assert shot.stat().st_size > 20_000
    with Store(db_path) as store:
        [draft] = list_drafts(store)
        assert (draft.author, draft.author_username) == ("山田太郎", "yamada")
        assert "CSPやデジタル庁に帰責性がある場合は" in draft.text
        assert [(e.display_name, e.label, e.target) for e in reversed(audit.entries(store, username="yamada"))] == [
            ("山田太郎", "ログイン", "yamada"), ("山田太郎", "回答案の保存", "ガバメントクラウド評価書 No.1")]
    if os.environ.get("ZENREI_UPDATE_SCREENSHOT"):
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copy(shot, SCREENSHOT)


ENGLISH_WIDGET_TEXT = re.compile(r"Choose options?|Choose an option|Upload|Drag and drop|Browse files|per file|"
                                 r"files are not allowed|No results|to apply")
VISIBLE_ENGLISH = """(pattern) => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const re = new RegExp(pattern);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || !re.test(node.textContent) || element.closest('script, style')) continue;
    const style = getComputedStyle(element), box = element.getBoundingClientRect();
    if (style.visibility !== 'hidden' && style.display !== 'none' && style.fontSize !== '0px' && box.width > 1
        && box.height > 1) found.push(node.textContent.trim());  // 1 px: text for screen readers only
  }
  const input = document.querySelectorAll('input[placeholder], textarea[placeholder]');
  for (const field of input) if (re.test(field.placeholder)) found.push(field.placeholder);
  return found;
}"""


def visible_english(page) -> list[str]:
    """Streamlit's English widget texts visible on the page, read once the page has settled: a rerun can
    show a text for a moment before the page's style sheet is drawn again, so wait up to 10 s for none."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    pattern = ENGLISH_WIDGET_TEXT.pattern
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(f"() => ({VISIBLE_ENGLISH})({json.dumps(pattern)}).length === 0", timeout=10_000)
    return page.evaluate(VISIBLE_ENGLISH, pattern)


def in_viewport(page, locator) -> bool:
    box, view = locator.bounding_box(), page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= view["height"]


def test_draft_page_feedback_reload_and_japanese_widgets_in_headless_chromium(server, db_path, tmp_path) -> None:
    """Ctrl+Enter searches; an empty draft is refused and a save confirmed next to the button (inside the
    viewport); a reload keeps the comment and the unsaved draft; no English widget text and no internal id
    on the 起案, 前例 and 下書き pages (the uploader's texts are replaced by Japanese ones)."""
    from playwright.sync_api import expect, sync_playwright

    with Store(db_path) as store:
        add_user(store, "sato", "佐藤花子", PASSWORD, ["起案", "管理"], actor=command_line_user())
    # a document id, as in the precedent id 「d371c77a39bd0-8:1」
    internal_id = re.compile(r"(?<![0-9A-Za-z])d[0-9a-f]{12}(?![0-9A-Za-z])")
    with sync_playwright() as playwright:
        with chromium_page(playwright, height=800) as page:

            def sign_in() -> None:
                page.get_by_label("ユーザー名").fill("sato", timeout=180_000)
                page.get_by_label("パスワード").fill(PASSWORD)
                page.get_by_role("button", name="ログイン").click()
                page.get_by_text("起案（1件のご意見）").wait_for(timeout=180_000)

            page.goto(server, timeout=60_000)
            sign_in()
            fill_and_commit(page, "意見募集の名前", "ガバメントクラウド評価書")
            comment = page.get_by_label("ご意見（コメントを貼り付けてください）")
            comment.fill(COMMENT)
            # while a field is being typed in, Streamlit writes 「Press Ctrl+Enter to apply」 under it
            page.locator('[data-testid="stTextArea"] [data-testid="InputInstructions"]').first.wait_for(timeout=60_000)
            assert visible_english(page) == []
            assert page.evaluate("""() => getComputedStyle(document.querySelector(
                '[data-testid="stTextArea"] [data-testid="InputInstructions"]'), '::after').content""") == '"Ctrl+Enter で確定"'
            comment.press("Control+Enter")  # no click on 前例を探す; the first search waits for the model
            page.get_by_text("CSPやデジタル庁に帰責性がある場合は", exact=False).first.wait_for(timeout=600_000)
            page.get_by_role("button", name="段落を使う").first.click()
            page.get_by_text("選んだ段落: 1 件", exact=False).wait_for(timeout=60_000)
            body = page.inner_text("body")
            assert not internal_id.search(body), internal_id.search(body)
            assert visible_english(page) == []

            page.get_by_role("button", name="回答案を空にする").click()
            # an unsaved text is emptied only once confirmed (review of 起案: it was lost at one click)
            page.get_by_text("保存していない回答案を空にします。", exact=False).wait_for(timeout=60_000)
            page.get_by_role("button", name="空にする", exact=True).click()
            editor = page.get_by_label("選んだ段落が順に入ります。自由に編集してください。")
            expect(editor).to_have_value("", timeout=60_000)
            save = page.get_by_role("button", name="保存する")
            expect(save).to_have_count(1, timeout=60_000)  # while a rerun redraws the page, the old button may linger
            save.click()
            refused = page.get_by_text("回答案が空です。前例の段落を選ぶか本文を書いてから保存してください。")
            refused.wait_for(timeout=60_000)
            assert in_viewport(page, refused)

            editor.fill("クラウドの責任分担は契約で定めています。")
            expect(save).to_have_count(1, timeout=60_000)
            save.click()
            saved = page.get_by_text("保存しました（ガバメントクラウド評価書 No.1、版 1）。")
            saved.wait_for(timeout=60_000)
            assert in_viewport(page, saved)

            editor.fill("クラウドの責任分担は契約で定めています。\nまだ保存していない一文。")
            editor.press("Tab")  # the text reaches the server when the field is left (or on Ctrl+Enter)
            page.wait_for_function("() => location.search.includes('work=')", timeout=60_000)
            page.wait_for_timeout(3_000)
            page.reload()
            sign_in()  # a reload starts a new session: signing in again is needed
            expect(page.get_by_label("選んだ段落が順に入ります。自由に編集してください。")).to_have_value(
                "クラウドの責任分担は契約で定めています。\nまだ保存していない一文。", timeout=60_000)
            expect(page.get_by_label("ご意見（コメントを貼り付けてください）")).to_have_value(COMMENT)
            expect(page.get_by_label("意見募集の名前")).to_have_value("ガバメントクラウド評価書")

            page.get_by_role("link", name="前例", exact=True).click()
            page.get_by_text("前例（取り込んだ公表資料）").wait_for(timeout=60_000)
            page.get_by_text("1–50 / 54 件", exact=False).wait_for(timeout=60_000)
            page.locator('[data-testid="stFileUploaderDropzone"]').wait_for(timeout=60_000)
            assert visible_english(page) == []
            after = page.evaluate("""() => [...document.querySelectorAll(
                '[data-testid="stFileUploaderDropzone"] [data-testid="stMarkdownContainer"] p,'
                + ' [data-testid="stFileUploaderDropzoneInstructions"]')].map(e => getComputedStyle(e, '::after').content)""")
            assert after == ['"ファイルを選ぶ"', '"ここにドラッグするか「ファイルを選ぶ」で選んでください（1ファイル300MBまで）"']
            uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
            # a type the uploader refuses (ZIP files and images are taken, to be told what to do with them)
            uploader.set_input_files(files=[{"name": "memo.mp3", "mimeType": "audio/mpeg", "buffer": b"ID3\x03\x00"}])
            chip = page.locator('[data-testid="stFileChip"]').first
            chip.wait_for(timeout=60_000)
            chip.hover()
            page.locator('[data-testid="stTooltipErrorContent"]').first.wait_for(timeout=10_000)
            assert page.evaluate("""() => [...document.querySelectorAll(
                '[data-testid="stFileChipName"], [data-testid="stTooltipErrorContent"]')]
                .map(e => getComputedStyle(e, '::after').content)""")[:2] == [
                '"　取り込めないファイルです"', '"このファイルは取り込めません（対応していない種類か、300MB を超えています）"']
            assert visible_english(page) == []
            assert not internal_id.search(page.inner_text("body"))
            page.screenshot(path=str(tmp_path / "corpus.png"), full_page=False)

            page.get_by_role("link", name="下書き", exact=True).click()
            page.get_by_text("下書き（保存した回答案）").wait_for(timeout=60_000)
            page.get_by_text("よく選ばれている前例").wait_for(timeout=60_000)
            assert visible_english(page) == []
            assert not internal_id.search(page.inner_text("body"))


def test_batch_worksheet_saves_an_edit_then_a_second_edit_in_headless_chromium(server, db_path) -> None:
    """一括起案 in the browser: search two comments, edit an answer and save, edit it again and save again;
    both edits are stored as versions 1 and 2 of the same draft."""
    from playwright.sync_api import expect, sync_playwright

    from assistant.drafts import draft_versions, find_draft

    assert Path(CHROMIUM).exists(), "Chromium is missing: run scripts/setup-system.sh"
    with sync_playwright() as playwright:
        with chromium_page(playwright, height=1600) as page:
            page.goto(server, timeout=60_000)
            page.get_by_label("ユーザー名").fill("yamada", timeout=180_000)
            page.get_by_label("パスワード").fill(PASSWORD)
            page.get_by_role("button", name="ログイン").click()
            page.get_by_text("起案（1件のご意見）").wait_for(timeout=180_000)  # the model loads behind the page
            page.get_by_role("link", name="一括起案").click()
            page.get_by_text("一括起案（意見募集の全件）").wait_for(timeout=600_000)  # this page waits for the model
            fill_and_commit(page, "意見募集の名前", "一括ブラウザ")  # once the page's run (the model's wait) has ended
            page.get_by_label("または貼り付け（1行に1件、または空行で区切る）").fill(f"{COMMENT}\n除雪の回数を増やしてほしい。")
            page.keyboard.press("Control+Enter")
            wait_for_app_run(page)  # the pasted comments have reached the server before the button reruns the page
            page.get_by_role("button", name="一括で前例を探す").click()
            # the first search of this server
            page.get_by_text("2 件のご意見を 2 件の回答にまとめました（同趣旨のご意見はありません）。").wait_for(timeout=600_000)
            answer = page.get_by_label("本市の考え方", exact=True).first
            # the snow comment has no precedent in the seeds: its answer stays blank and is named, not saved
            saved_one = "1 件の回答案を「一括ブラウザ」に保存しました。No.2 は回答案が空のため保存していません。"
            for version, text in enumerate(("一回目の編集です。", "二回目の編集です。"), start=1):
                answer.fill(text)
                answer.press("Control+Enter")
                expect(answer).to_have_value(text)
                page.wait_for_timeout(1_000)
                page.get_by_role("button", name="まとめて保存する（ご意見の個人情報は伏せ字）").click()
                # the same message twice: the row's version says that this save, not the last one, is done
                page.get_by_text(f"保存済み（版 {version}、山田太郎 さん）", exact=True).wait_for(timeout=60_000)
                page.get_by_text(saved_one, exact=True).wait_for(timeout=60_000)
                wait_for_app_run(page)  # the run after the save writes the answer table too: typing during it was lost
            for fmt in ("CSV", "XLSX"):  # each file is made when its button is pressed
                with page.expect_download(timeout=60_000) as download:
                    page.get_by_role("button", name=f"{fmt} で書き出す").click()
                downloaded = Path(download.value.path()).read_bytes()
                if fmt == "CSV":
                    assert downloaded.decode("utf-8-sig").splitlines()[-1] == f"1,{COMMENT},二回目の編集です。"
                else:
                    assert downloaded.startswith(b"PK") and download.value.suggested_filename == "一括ブラウザ.xlsx"
    with Store(db_path) as store:
        draft = find_draft(store, "一括ブラウザ", "1")
        assert (draft.text, draft.version, draft.author) == ("二回目の編集です。", 2, "山田太郎")
        assert [v.text for v in draft_versions(store, draft.id)] == ["一回目の編集です。", "二回目の編集です。"]
