"""How much a PDF page draws, measured before pdfminer lays it out: the page's content streams inflated,
each Form XObject counted as often as the content draws it (``/Fm1 Do``), never inflating more than
``cap + 1`` bytes of any stream.

pdfminer makes a Python object of every character and path segment it draws, several hundred bytes to
a few kilobytes each, so a few KB of deflated drawing commands take gigabytes (a 6 KB page of 200,000
``1 1 m 2 2 l S`` took 1.16 GB). The size is the cheap bound on that: zlib inflates in C, in chunks,
and stops past the cap; nothing is kept but the content being scanned for ``Do``.

Example:
    >>> page_content_size(pdfplumber_page.page_obj, cap=256 * 1024)  # doctest: +SKIP
    14036
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from typing import Any

_CHUNK = 64 * 1024
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")
_DEPTH = 12  # forms inside forms deeper than this are counted as over the cap


def _inflate(data: bytes, cap: int) -> bytes:
    """``data`` inflated, at most ``cap + 1`` bytes of it (a damaged stream: what came out before the damage)."""
    inflater, out, size = zlib.decompressobj(), [], 0
    try:
        for start in range(0, len(data), _CHUNK):
            pending = data[start:start + _CHUNK]
            while pending and not inflater.eof:
                piece = inflater.decompress(pending, _CHUNK)
                out.append(piece)
                size += len(piece)
                if size > cap:
                    return b"".join(out)[:cap + 1]
                pending = inflater.unconsumed_tail
            if inflater.eof:
                break
        out.append(inflater.flush())
    except zlib.error:
        pass
    return b"".join(out)[:cap + 1]


def _lzw(data: bytes, cap: int) -> bytes:
    import io

    from pdfminer.lzw import LZWDecoder

    out, size = [], 0
    try:
        for piece in LZWDecoder(io.BytesIO(data)).run():
            out.append(piece)
            size += len(piece)
            if size > cap:
                break
    except Exception:  # pdfminer reads a damaged LZW stream as far as it goes
        pass
    return b"".join(out)[:cap + 1]


def stream_content(stream: Any, cap: int) -> bytes:
    """A content stream's decoded bytes, at most ``cap + 1`` of them (filters as pdfminer applies them)."""
    from pdfminer.pdftypes import (LITERALS_ASCII85_DECODE, LITERALS_ASCIIHEX_DECODE, LITERALS_FLATE_DECODE,
                                   LITERALS_LZW_DECODE, LITERALS_RUNLENGTH_DECODE)
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.runlength import rldecode

    if stream.data is not None:  # pdfminer decoded it already
        return stream.data[:cap + 1]
    data = stream.rawdata or b""
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    filters = stream.get_filters()
    for index, (name, _params) in enumerate(filters):
        bound = cap if index == len(filters) - 1 else 4 * cap + 4  # a later ASCII filter shrinks what comes before it
        if name in LITERALS_FLATE_DECODE:
            data = _inflate(data, bound)
        elif name in LITERALS_LZW_DECODE:
            data = _lzw(data, bound)
        elif name in LITERALS_ASCII85_DECODE:
            data = ascii85decode(data)
        elif name in LITERALS_ASCIIHEX_DECODE:
            data = asciihexdecode(data)
        elif name in LITERALS_RUNLENGTH_DECODE:
            data = rldecode(data[:bound // 128 + 2])  # a run-length byte pair gives at most 128 bytes
        else:
            break  # images and filters pdfminer does not decode draw nothing to count
    return data[:cap + 1]


def page_content_size(page: Any, cap: int) -> int:
    """Bytes of drawing commands ``page`` (a pdfminer ``PDFPage``) runs, stopped just past ``cap``."""
    from pdfminer.pdftypes import PDFStream, resolve1

    sizes: dict[int, int] = {}

    def forms(resources: Any) -> dict[str, Any]:
        resources = resolve1(resources)
        xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
        if not isinstance(xobjects, dict):
            return {}
        found = {}
        for name, value in xobjects.items():
            stream = resolve1(value)
            if isinstance(stream, PDFStream) and getattr(resolve1(stream.get("Subtype")), "name", None) == "Form":
                found[name] = stream
        return found

    def drawn(content: bytes, resources: Any, depth: int) -> int:
        total = len(content)
        uses = Counter(match.decode("latin-1") for match in _DO.findall(content))
        if not uses:
            return total
        named = forms(resources)
        for name, count in uses.items():
            if total > cap:
                break
            if name in named:
                total += count * form_size(named[name], resources, depth + 1)
        return total

    def form_size(stream: Any, outer: Any, depth: int) -> int:
        key = id(stream)
        if key not in sizes:
            if depth > _DEPTH:
                return cap + 1
            sizes[key] = cap + 1  # a form that draws itself is over the cap
            resources = stream.get("Resources") if "Resources" in stream else outer  # as pdfminer: else the outer ones
            sizes[key] = min(drawn(stream_content(stream, cap), resources, depth), cap + 1)
        return sizes[key]

    content = b""
    for stream in page.contents or []:
        stream = resolve1(stream)
        if isinstance(stream, PDFStream) and len(content) <= cap:
            content += b"\n" + stream_content(stream, cap)
    return min(drawn(content[:cap + 1], page.resources, 0), cap + 1)
