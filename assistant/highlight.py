"""Safe HTML for citizen text: escape everything, then mark the shared terms.

Example:
    >>> highlight("<script>漏えい</script>の責任", ["漏えい"])
    '&lt;script&gt;<mark>漏えい</mark>&lt;/script&gt;の責任'
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from assistant.tokenizer import GRAMMAR_WORDS


# Where Markdown's GFM extension would turn plain text into a link (http://…, www.…, a@b.jp); the
# pages render citizen text through Markdown, where escaping the characters does not stop it.
_AUTOLINK_START = re.compile(r"(?i)(?:https?|ftp|mailto|xmpp|www)(?=\\?[:.])|@")
WORD_JOINER = "\u2060"  # invisible, and ends the run of characters a link is recognised by


def unlink(text: str) -> str:
    """Keep web and mail addresses in untrusted text from becoming links: a word joiner after the
    scheme, ``www`` or ``@`` (shown the same, never clickable).

    Example:
        >>> unlink("http://example.com") == "http" + WORD_JOINER + "://example.com"
        True
    """
    return _AUTOLINK_START.sub(lambda match: match.group(0) + WORD_JOINER, text)


def _escape(text: str) -> str:
    return unlink(html.escape(text))


def highlight(text: str, terms: Iterable[str]) -> str:
    """HTML-escape ``text`` and wrap every occurrence of the terms in ``<mark>``.

    Terms are matched on the raw text (longest first) and escaped too, so neither the text nor the
    terms can inject markup; addresses are not turned into links (:func:`unlink`). Newlines become ``<br>``.
    """
    terms = sorted({t for t in terms if t and t.strip()}, key=lambda t: (-len(t), t))
    if not terms:
        return _escape(text).replace("\n", "<br>")
    pattern = re.compile("|".join(re.escape(t) for t in terms))
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(_escape(text[last:match.start()]))
        out.append(f"<mark>{_escape(match.group(0))}</mark>")
        last = match.end()
    out.append(_escape(text[last:]))
    return "".join(out).replace("\n", "<br>")


def shared_surfaces(tokenizer, new: str, past: str) -> list[str]:
    """Surface forms in ``past`` whose lemma also occurs among the content words of ``new``, the verbs of
    compound particles aside (:data:`assistant.tokenizer.GRAMMAR_WORDS`: よる in による, 対する in に対する).

    Example:
        >>> from assistant.tokenizer import JapaneseTokenizer
        >>> shared_surfaces(JapaneseTokenizer(), "除雪による渋滞に対する対策", "除雪による事故に対する補償")
        ['除雪']
    """
    wanted = set(tokenizer(new)) - GRAMMAR_WORDS
    found = []
    for surface in tokenizer.keywords(past):
        lemmas = tokenizer(surface)
        if lemmas and set(lemmas) <= wanted:
            found.append(surface)
    return found


def md_message(text: str) -> str:
    """A message for Markdown that may quote typed text: escaped as :func:`md_escape`, except its code
    spans (commands in backticks), which Markdown shows literally anyway.

    Example:
        >>> md_message("「![x](http://example.com/a.png)」はありません。`python -m assistant users list` で確認") == (
        ...     md_escape("「![x](http://example.com/a.png)」はありません。") + "`python -m assistant users list`" + md_escape(" で確認"))
        True
    """
    parts = _CODE_SPAN.split(text)
    return "".join(part if index % 2 else md_escape(part) for index, part in enumerate(parts))


_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=])")


def md_escape(text: str) -> str:
    """Escape Markdown syntax so untrusted text shows as typed (no links, images, formatting or
    character references such as ``&lt;``; addresses stay plain text, see :func:`unlink`).

    Example:
        >>> md_escape("![x](http://example.com/a.png) &lt;") == (
        ...     "\\\\!\\\\[x\\\\]\\\\(http" + WORD_JOINER + "\\\\://example\\\\.com/a\\\\.png\\\\) \\\\&lt;")
        True
        >>> md_escape("図書館について\\n=====")  # a line of = under a line made it a heading
        '図書館について  \\n\\\\=\\\\=\\\\=\\\\=\\\\='
        >>> md_escape("除雪について\\n\\n    1. 歩道も") == "除雪について  \\n  \\n" + "\\u00a0" * 4 + "1\\\\. 歩道も"
        True

    A line's leading spaces and tabs become no-break spaces (a tab four): four of them after a blank line or a
    heading made the line a code block, which showed the escaping backslashes (「1\\.」).
    """
    escaped = _LEADING_BLANKS.sub(_keep_indent, _MARKDOWN_SPECIAL.sub(r"\\\1", text))
    return unlink(escaped).replace("\n", "  \n")


# A line's indent (after "\n", "\r" or at the start); a line of blanks alone stays a blank line.
_LEADING_BLANKS = re.compile(r"(?<![^\r\n])[ \t]+(?=[^ \t\r\n])")
NO_BREAK_SPACE = "\u00a0"


def _keep_indent(match: re.Match[str]) -> str:
    """The indent as no-break spaces, which Markdown does not read as one (a tab as four)."""
    return match.group().replace("\t", "    ").replace(" ", NO_BREAK_SPACE)
