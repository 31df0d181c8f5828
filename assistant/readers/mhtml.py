"""Web pages saved as one file (MHTML: .mhtml / .mht).

Chrome and Edge save 「Web ページ、1 ファイル」 as MHTML, Internet Explorer saved 「Web アーカイブ、単一のファイル」
(.mht), and Word saves 「単一ファイル Web ページ」 (.mht) the same way: a MIME message (multipart/related)
whose parts are the page's HTML, its frames, images and style sheets, each in quoted-printable or
base64. The standard library's :mod:`email` parser takes it apart; the page itself (the part the message
names as its start, else its first HTML part) is then read as a saved web page, in the charset the part
declares when it declares one, and when it holds no result, each frame in turn (a result shown in an
<iframe>).
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

from assistant.errors import DamagedFileError

MHTML_SUFFIXES = frozenset({".mhtml", ".mht"})
_NO_PAGE = ("MHTML（Web ページ、1 ファイル）の中に Web ページの本文が見つかりません。ブラウザーで開けるか確かめ、"
            "「Web ページ、HTML のみ」で保存し直してください。")


def looks_like_mhtml(data: bytes) -> bool:
    """True when the bytes start like a saved single-file web page (MIME headers, multipart/related)."""
    head = data[:4096].lower()
    return b"mime-version:" in head and b"multipart/related" in head and not head.lstrip().startswith(b"<")


def mhtml_pages(path: Path, data: bytes) -> list[tuple[bytes, str | None]]:
    """The HTML parts of a saved single-file web page, the page itself first (the part the message names as
    its start, else its first HTML part), then its frames (a result table shown in an <iframe>), each with
    the charset its part declares (None when it declares none).

    Raises:
        DamagedFileError: The file holds no HTML part (cut short, or not MHTML).
    """
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    parts = [part for part in message.walk() if not part.is_multipart() and part.get_content_type() == "text/html"]
    start = message.get_param("start")
    if isinstance(start, str):
        parts.sort(key=lambda part: part.get("Content-ID", "").strip() != start.strip())
    pages = []
    for part in parts:
        body = part.get_payload(decode=True)
        if isinstance(body, bytes) and body.strip():
            pages.append((body, part.get_content_charset()))
    if not pages:
        raise DamagedFileError(path, _NO_PAGE)
    return pages
