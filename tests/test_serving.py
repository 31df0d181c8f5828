"""Listening beyond localhost is refused unless logins are on: scripts/app.sh and the check behind it."""

from __future__ import annotations

import os
import subprocess

import pytest

from assistant.serving import listen_refusal, requested_address
from assistant.settings import REPO_ROOT

REFUSAL = ("エラー: ログインが無効のまま 0.0.0.0 で待ち受けることはできません（同じネットワークの誰でも回答案を読めてしまいます）。"
           "このパソコンだけで使うなら --server.address を指定しないでください。複数の職員で使うなら、"
           "`python -m assistant users add` で利用者を登録し、ZENREI_LOGINS=1 にしてから起動してください。\n")


@pytest.mark.parametrize(
    ("argv", "environ", "address"),
    [
        ([], {}, "localhost"),
        (["--server.address", "0.0.0.0"], {}, "0.0.0.0"),
        (["--server.port", "8502", "--server.address=192.168.1.5"], {}, "192.168.1.5"),
        ([], {"STREAMLIT_SERVER_ADDRESS": "0.0.0.0"}, "0.0.0.0"),
        (["--server.address", "127.0.0.1"], {"STREAMLIT_SERVER_ADDRESS": "0.0.0.0"}, "127.0.0.1"),
        (["--server.address"], {}, ""),
    ],
)
def test_requested_address(argv, environ, address) -> None:
    assert requested_address(argv, environ) == address


@pytest.mark.parametrize(("address", "logins", "refused"), [
    ("localhost", False, False), ("127.0.0.1", False, False), ("::1", False, False), ("0.0.0.0", False, True),
    ("192.168.1.5", False, True), ("", False, True), (None, False, True), ("0.0.0.0", True, False),
])
def test_listen_refusal(address, logins, refused) -> None:
    assert (listen_refusal(address, logins) is not None) is refused


def test_a_server_started_without_the_apps_configuration_is_told_how_to_start() -> None:
    """`streamlit run /path/app.py` from another folder reads no .streamlit/config.toml: Streamlit listens on every
    interface and reports no address; the refusal had told the user not to pass --server.address, which they had not."""
    assert listen_refusal(None, logins=False) == (
        "このアプリの設定（.streamlit/config.toml）が読み込まれていないため、すべてのネットワークで待ち受けようとしています"
        "（ログインが無効のままでは、同じネットワークの誰でも回答案を読めてしまいます）。`bash scripts/app.sh` で起動するか、"
        "アプリのフォルダに移動してから `streamlit run app.py` で起動してください。複数の職員で使うなら、"
        "`python -m assistant users add` で利用者を登録し、ZENREI_LOGINS=1 にしてから起動してください。")


def app_sh(*args: str, logins: str | None = None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ZENREI_LOGINS", "STREAMLIT_"))}
    if logins is not None:
        env["ZENREI_LOGINS"] = logins
    return subprocess.run(["bash", str(REPO_ROOT / "scripts" / "app.sh"), *args], env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.parametrize("args", [("--server.address", "0.0.0.0"), ("--server.address=0.0.0.0",)])
def test_app_sh_refuses_a_public_address_without_logins(args) -> None:
    result = app_sh(*args)
    assert result.returncode == 2
    assert result.stderr.endswith(REFUSAL)


def test_the_check_passes_with_logins_on(monkeypatch, capsys) -> None:
    from assistant.serving import main

    monkeypatch.setenv("ZENREI_LOGINS", "1")
    assert main(["--server.address", "0.0.0.0"]) == 0
    monkeypatch.setenv("ZENREI_LOGINS", "0")
    assert main(["--server.address", "0.0.0.0"]) == 2
    assert capsys.readouterr().err == REFUSAL
