"""Reader for council minutes: 「・」 questions, 「→」 answers, under topic headings; or verbatim minutes whose
speakers are marked (「◆12番（…君）」 asks, 「◎市長（…君）」 answers, 「○議長（…君）」 chairs).

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


# Verbatim minutes (会議録) mark each speaker: 「◆12番（鈴木花子君）」 a member asks, 「◎市長（佐藤一郎君）」 the
# executive answers, 「○議長（山田太郎君）」 the chair, whose procedural remarks are no part of a pair. Where every
# speaker has 「○」, the title tells the role.
_SPEAKER = re.compile(r"^([◆◎○〇])\s*([^\s（(]{1,24})\s*[（(]([^）)]{1,16})[）)](?:\s+(.*)|$)")
_NAME = re.compile(r"^[一-龥々〆ヵヶぁ-んァ-ヴー・\s]{1,12}$")  # 「山田太郎君」, 「鈴木花子」: no digits, no dates
_CHAIR = re.compile(r"^副?(?:議長|委員長|会長|座長|分科会長)$")
_MEMBER = re.compile(r"^(?:\d+番|[^\d]*議員|副?委員)$")
_STAGE = re.compile(r"^[〔［\[][^〕］\]]*[〕］\]]$")  # 〔「なし」と呼ぶ者あり〕


def _speaker(line: str) -> tuple[str, str] | None:
    """``("q" | "a" | "chair", what they said)`` for a line that opens a speaker's remark (a mark, a title, a
    name in brackets, then a space), else None. The chair is told by the title whatever the mark; a member
    (「12番」, 「…議員」, 「委員」) asks; anyone else answers (市長, 消防長, 課長補佐, 代表監査委員…)."""
    match = _SPEAKER.match(line.replace("◯", "○"))
    if match is None or not _NAME.match(unicodedata.normalize("NFKC", match.group(3))):
        return None
    mark, title, _, rest = match.groups()
    title = unicodedata.normalize("NFKC", title)
    if _CHAIR.match(title):
        return "chair", rest or ""
    if mark == "◆" or _MEMBER.match(title):
        return ("q", rest or "") if mark != "◎" else ("a", rest or "")
    return "a", rest or ""


def _verbatim(lines: list[str]) -> bool:
    """Verbatim minutes: members' and executives' marked remarks, two of each at least."""
    kinds = [found[0] for line in lines if (found := _speaker(line))]
    return kinds.count("q") >= 2 and kinds.count("a") >= 2


def has_minutes(text: str) -> bool:
    stripped = [line.strip() for line in text.split("\n")]
    return (any(s.startswith(QUESTION) for s in stripped) and any(s.startswith(ANSWER) for s in stripped)) or _verbatim(stripped)


def _is_heading(line: str, next_line: str | None) -> bool:
    """A short line without a marker or sentence end, directly followed by a question."""
    if not line or line.startswith((QUESTION, ANSWER, "【")) or _NARRATIVE.match(line):
        return False
    if line.endswith(_NO_SENTENCE_END) or len(unicodedata.normalize("NFKC", line)) > _MAX_HEADING:
        return False
    return next_line is not None and next_line.startswith(QUESTION)


def _speaker_entries(lines: list[str]) -> list[_Entry]:
    """Entries of verbatim minutes: each member's remark a question, each executive's an answer; the chair's
    remarks and stage notes (〔「なし」と呼ぶ者あり〕) are skipped, and a 【議題】 line is the topic."""
    entries: list[_Entry] = []
    topic: str | None = None
    speaking = False  # the lines after a member's or an executive's mark continue their remark
    for line in lines:
        found = _speaker(line)
        if found is not None:
            kind, rest = found
            speaking = kind != "chair"
            if speaking:
                entries.append(_Entry(kind, topic, [rest] if rest else []))
            continue
        if line.startswith("【") and "】" in line:
            topic, speaking = tidy(line.split("】", 1)[1] or line), False
            continue
        if speaking and entries and not _STAGE.match(line):
            entries[-1].lines.append(line)
    return entries


# 【議題】 and its like, naming the subject of the questions under it (a 【補足】 inside an answer goes on with it).
_TOPIC_LABEL = re.compile(r"【(?:議題|件名|案件|テーマ|質疑項目|題目|所管事項)[^】]{0,6}】(.*)")


def _entries(text: str) -> list[_Entry]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if _verbatim(lines) and not any(line.startswith(ANSWER) for line in lines):
        return _speaker_entries(lines)
    entries: list[_Entry] = []
    topic: str | None = None
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if labelled := _TOPIC_LABEL.match(line):  # 「【議題】雪対策について」, as in verbatim minutes
            topic = tidy(labelled.group(1)) or tidy(line)
            entries.append(_Entry("narrative", topic))
        elif _is_heading(line, following):
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
