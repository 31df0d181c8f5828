"""Split a comment that raises several points into one text per point.

Recognised: 「1点目は…2点目は…」, 「第一に／第二に」, numbered items (「(1)」「1.」「①」), bullets (「・」),
【見出し】 headings, and, for long letters with none of these, blank-line paragraphs.

Example:
    >>> split_points("2点伺いたい。1点目は、費用について。2点目は、漏えい時の責任について。")
    ['費用について。', '漏えい時の責任について。']
    >>> split_points("マイナンバーカードは任意ですか。")
    ['マイナンバーカードは任意ですか。']
"""

from __future__ import annotations

import re

MAX_POINTS = 20
MIN_POINT_CHARS = 4
LONG_LETTER_CHARS = 400
_KANSUJI = "一二三四五六七八九十"
_MARKER = re.compile(
    rf"(?:(?<=^)|(?<=[。．！？!?\n\s]))"
    rf"(?:[0-9０-９{_KANSUJI}]+点目(?:は|に|として|が)?[、，,]?"
    rf"|第[0-9０-９{_KANSUJI}]+(?:に|点目?は?)[、，,]?"
    rf"|[（(][0-9０-９{_KANSUJI}]{{1,2}}[)）]\s*"
    rf"|[①-⑳]\s*"
    rf"|[0-9０-９]{{1,2}}[.．)）]\s*(?![0-9０-９])"
    rf"|[・●■◆◇○]\s*"
    rf"|【[^】\n]{{1,30}}】)",
    re.MULTILINE,
)
_ANNOUNCE = re.compile(rf"[0-9０-９{_KANSUJI}]+(?:点|つ)|以下|次の")


def _marker_segments(text: str) -> tuple[str, list[str]]:
    matches = list(_MARKER.finditer(text))
    if len(matches) < 2:
        return text, []
    preamble = text[: matches[0].start()].strip()
    bounds = [m.start() for m in matches] + [len(text)]
    segments = []
    for match, end in zip(matches, bounds[1:]):
        heading = match.group(0).strip()
        body = text[match.end():end].strip()
        segments.append(f"{heading}{body}" if heading.startswith("【") else body)
    return preamble, segments


def _merge_small(segments: list[str]) -> list[str]:
    merged: list[str] = []
    for segment in segments:
        if merged and len(segment) < MIN_POINT_CHARS:
            merged[-1] += segment
        elif segment:
            merged.append(segment)
    return merged


def _cap(segments: list[str]) -> list[str]:
    if len(segments) <= MAX_POINTS:
        return segments
    size = -(-len(segments) // MAX_POINTS)
    return ["\n".join(segments[i:i + size]) for i in range(0, len(segments), size)]


def _points(text: str) -> list[str]:
    """Every point found, before :data:`MAX_POINTS` applies (empty for a single-point comment)."""
    preamble, segments = _marker_segments(text)
    if not segments and len(text) >= LONG_LETTER_CHARS:
        segments = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
        preamble = ""
        if len(segments) < 2:
            segments = []
    if not segments:
        return []
    if preamble and not (len(preamble) <= 60 and _ANNOUNCE.search(preamble)):
        segments.insert(0, preamble)
    return _merge_small(segments)


def split_points(text: str) -> list[str]:
    """Return the points of a comment, in order; a single-point comment comes back whole. Above
    :data:`MAX_POINTS` points, neighbours are searched together (see :func:`count_points`)."""
    text = text.strip()
    points = _cap(_points(text))
    return points if points else ([text] if text else [])


def count_points(text: str) -> int:
    """How many points the comment raises, before neighbours are put together above :data:`MAX_POINTS`.

    Example:
        >>> text = "".join(f"{n}点目は、論点{n}について。" for n in range(1, 31))
        >>> count_points(text), len(split_points(text))
        (30, 15)
    """
    text = text.strip()
    return len(_points(text)) or (1 if text else 0)
