"""Reader for council minutes: 「・」 questions, 「→」 answers, under topic headings.

Lines are wrapped mid-word and page breaks leave stray spaces, so lines are joined back into
entries first. Narrative parts (「〇 審議の結果…」, report sections) never become Q/A pairs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from assistant.models import ParsedItem
from assistant.textnorm import tidy

QUESTION = "・"
ANSWER = "→"
_NARRATIVE = re.compile(r"^(?:[〇○◯●■□◆◇※]|[(（]\s*[0-9０-９]+\s*[)）]|[0-9０-９]+\s)")
_NO_SENTENCE_END = ("。", "、", "，", "．")
_MAX_HEADING = 40


@dataclass
class _Entry:
    kind: str  # "q", "a" or "narrative"
    topic: str | None
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return tidy("".join(self.lines))


def has_minutes(text: str) -> bool:
    stripped = [line.strip() for line in text.split("\n")]
    return any(s.startswith(QUESTION) for s in stripped) and any(s.startswith(ANSWER) for s in stripped)


def _is_heading(line: str, next_line: str | None) -> bool:
    """A short line without a marker or sentence end, directly followed by a question."""
    if not line or line.startswith((QUESTION, ANSWER, "【")) or _NARRATIVE.match(line):
        return False
    if line.endswith(_NO_SENTENCE_END) or len(unicodedata.normalize("NFKC", line)) > _MAX_HEADING:
        return False
    return next_line is not None and next_line.startswith(QUESTION)


def _entries(text: str) -> list[_Entry]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    entries: list[_Entry] = []
    topic: str | None = None
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if _is_heading(line, following):
            topic = tidy(line)
            entries.append(_Entry("narrative", topic))
        elif line.startswith(QUESTION):
            entries.append(_Entry("q", topic, [line[1:]]))
        elif line.startswith(ANSWER):
            entries.append(_Entry("a", topic, [line[1:]]))
        elif _NARRATIVE.match(line) or not entries:
            entries.append(_Entry("narrative", topic, [line]))
        else:
            entries[-1].lines.append(line)
    return entries


def read_minutes(text: str) -> tuple[list[ParsedItem], list[str]]:
    """Pair each question with the answer(s) right after it.

    Returns:
        ``(items, warnings)``. Remarks that got no answer are counted in a warning, not turned into
        pairs; an answer with no question before it is kept with an empty comment and a warning.
    """
    items: list[ParsedItem] = []
    warnings: list[str] = []
    unanswered = 0
    question: _Entry | None = None
    answers: list[str] = []

    def close() -> None:
        nonlocal question, answers, unanswered
        if question is not None and answers:
            items.append(ParsedItem(str(len(items) + 1), question.text, tuple(answers), question.topic,
                                    positional=True))  # minutes number no question
        elif question is not None:
            unanswered += 1
        question, answers = None, []

    for entry in _entries(text):
        if entry.kind == "a":
            if question is None:
                warnings.append(f"質問のない回答があります: 「{entry.text[:30]}…」。質問を空として読みました。")
                question = _Entry("q", entry.topic)
            answers.append(entry.text)
            continue
        close()
        if entry.kind == "q":
            question = entry
    close()
    if unanswered:
        warnings.append(f"回答（→）のない発言が{unanswered}件ありました。Q&Aの組ではないため前例にしていません。")
    return items, warnings
