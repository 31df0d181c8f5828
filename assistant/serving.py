"""Where the app may listen: beyond localhost only when logins are on.

With logins off the app is a single-user tool: anyone who reaches the server reads every draft, so it
must listen on this machine only. ``scripts/app.sh`` runs ``python -m assistant.serving ARGS…`` with
the arguments it would give Streamlit and stops when they are refused; the app checks the address it
actually runs with as well (:func:`listen_refusal`).

Example:
    >>> listen_refusal("127.0.0.1", logins=False) is None
    True
    >>> listen_refusal("0.0.0.0", logins=True) is None
    True
    >>> requested_address(["--server.port", "8502", "--server.address=0.0.0.0"], {})
    '0.0.0.0'
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

from assistant import settings

LOCAL_ADDRESSES = {"localhost", "127.0.0.1", "::1", "[::1]"}
CONFIGURED = "localhost"  # .streamlit/config.toml


def listen_refusal(address: str | None, logins: bool | None = None) -> str | None:
    """Why the app must not listen on ``address`` (None, empty: every interface), or None when it may; None is the
    address of a server started from another folder, which read no ``.streamlit/config.toml``, and is said so."""
    logins = settings.get("logins") if logins is None else logins
    if logins or (address or "").strip().lower() in LOCAL_ADDRESSES:
        return None
    if address is None:  # no address set anywhere: Streamlit was started without the app folder's configuration
        return ("このアプリの設定（.streamlit/config.toml）が読み込まれていないため、すべてのネットワークで待ち受けようとして"
                "います（ログインが無効のままでは、同じネットワークの誰でも回答案を読めてしまいます）。`bash scripts/app.sh` で"
                "起動するか、アプリのフォルダに移動してから `streamlit run app.py` で起動してください。複数の職員で使うなら、"
                "`python -m assistant users add` で利用者を登録し、ZENREI_LOGINS=1 にしてから起動してください。")
    shown = address if address else "すべてのネットワーク"
    return (f"ログインが無効のまま {shown} で待ち受けることはできません（同じネットワークの誰でも回答案を読めてしまいます）。"
            "このパソコンだけで使うなら --server.address を指定しないでください。複数の職員で使うなら、"
            "`python -m assistant users add` で利用者を登録し、ZENREI_LOGINS=1 にしてから起動してください。")


def requested_address(argv: Sequence[str], environ: Mapping[str, str]) -> str | None:
    """The address Streamlit would listen on: the last ``--server.address``, else STREAMLIT_SERVER_ADDRESS,
    else the project's configuration (localhost)."""
    address = environ.get("STREAMLIT_SERVER_ADDRESS", CONFIGURED)
    args = list(argv)
    for index, arg in enumerate(args):
        if arg == "--server.address":
            address = args[index + 1] if index + 1 < len(args) else ""
        elif arg.startswith("--server.address="):
            address = arg.split("=", 1)[1]
    return address


def main(argv: Sequence[str] | None = None) -> int:
    """Exit status 2 with the reason on stderr when the arguments would publish the app without logins."""
    refusal = listen_refusal(requested_address(sys.argv[1:] if argv is None else argv, os.environ))
    if refusal:
        print(f"エラー: {refusal}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
