"""Safe HTML for citizen text: escape everything, then mark the shared terms.

Example:
    >>> highlight("<script>漏えい</script>の責任", ["漏えい"])
    '&lt;script&gt;<mark>漏えい</mark>&lt;/script&gt;の責任'
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable


def highlight(text: str, terms: Iterable[str]) -> str:
    """HTML-escape ``text`` and wrap every occurrence of the terms in ``<mark>``.

    Terms are matched on the raw text (longest first) and escaped too, so neither the text nor the
    terms can inject markup. Newlines become ``<br>``.
    """
    terms = sorted({t for t in terms if t and t.strip()}, key=lambda t: (-len(t), t))
    if not terms:
        return html.escape(text).replace("\n", "<br>")
    pattern = re.compile("|".join(re.escape(t) for t in terms))
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last:match.start()]))
        out.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out).replace("\n", "<br>")


def shared_surfaces(tokenizer, new: str, past: str) -> list[str]:
    """Surface forms in ``past`` whose lemma also occurs among the content words of ``new``."""
    wanted = set(tokenizer(new))
    found = []
    for surface in tokenizer.keywords(past):
        lemmas = tokenizer(surface)
        if lemmas and set(lemmas) <= wanted:
            found.append(surface)
    return found


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """Escape Markdown syntax so untrusted text shows as typed (no links, images or formatting).

    Example:
        >>> md_escape("![x](http://example.com/a.png)")
        '\\\\!\\\\[x\\\\]\\\\(http\\\\://example\\\\.com/a\\\\.png\\\\)'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")
