"""Personal data in citizen comments: find it, and mask it with ●●● before it is stored or exported.

Detected: 個人番号 (12 digits whose check digit is valid), phone numbers, e-mail addresses, postal codes,
street addresses, and names where the comment labels or introduces them (「氏名：…」「…と申します」).

Example:
    >>> [f.kind for f in find_personal_data("連絡先は011-211-2111、mail: taro@example.jp です。")]
    ['phone', 'email']
    >>> mask("電話 090-1234-5678 まで")
    '電話 ●●● まで'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MASK = "●●●"
KIND_LABELS = {
    "my_number": "個人番号",
    "phone": "電話番号",
    "email": "メールアドレス",
    "postal_code": "郵便番号",
    "address": "住所",
    "name": "氏名",
}

_DIGITS12 = re.compile(r"(?<![0-9])([0-9]{4})[ \-]?([0-9]{4})[ \-]?([0-9]{4})(?![0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(
    r"(?<![0-9])(?:\+81[ \-]?[0-9]{1,4}|0[0-9]{1,4}|\(0[0-9]{1,4}\))[ \-]?[0-9]{1,4}[ \-][0-9]{3,4}(?![0-9])"
    r"|(?<![0-9])0[5789]0[0-9]{8}(?![0-9])|(?<![0-9])0[1-9][0-9]{8}(?![0-9])"
)
_POSTAL = re.compile(r"〒\s?[0-9]{3}-?[0-9]{4}|(?<![0-9\-])[0-9]{3}-[0-9]{4}(?![0-9\-])")
_ADDRESS = re.compile(
    r"(?:北海道|東京都|(?:京都|大阪)府|[一-龥]{2,3}県)?[一-龥]{1,4}[市郡][一-龥]{1,4}[区町村]?"
    r"[一-龥ぁ-んァ-ン]{0,8}?[0-9]{1,4}(?:条|丁目)(?:[東西南北]?[0-9]{1,4}(?:丁目|番地?|号)?)*(?:[0-9]{1,4}(?:[\-ー－][0-9]{1,4})*)?"
)
_NAME = re.compile(
    r"(?:氏名|名前|お名前|投稿者|提出者)\s*[:：]\s*(?P<a>[一-龥ぁ-んァ-ヶー]{1,6}(?:[ 　][一-龥ぁ-んァ-ヶー]{1,6})?)"
    r"|(?P<b>[一-龥]{1,4}[ 　]?[一-龥]{1,3})と申します"
)


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its kind, where it is, and the text found."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def my_number_is_valid(digits: str) -> bool:
    """Check digit of a 12-digit 個人番号 (行政手続における特定の個人を識別するための番号の利用等に関する法律施行令第8条).

    Example:
        >>> my_number_is_valid("123456789018")
        True
        >>> my_number_is_valid("123456789012")
        False
    """
    if len(digits) != 12 or not digits.isdigit():
        return False
    body = [int(d) for d in digits[:11]]
    total = sum(p * (n + 1 if n <= 6 else n - 5) for n, p in enumerate(reversed(body), start=1))
    remainder = total % 11
    return int(digits[11]) == (0 if remainder <= 1 else 11 - remainder)


def _my_numbers(text: str) -> list[Finding]:
    found = []
    for match in _DIGITS12.finditer(text):
        if my_number_is_valid("".join(match.groups())):
            found.append(Finding("my_number", match.start(), match.end(), match.group(0)))
    return found


def _simple(kind: str, pattern: re.Pattern[str], text: str) -> list[Finding]:
    return [Finding(kind, m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


def _names(text: str) -> list[Finding]:
    found = []
    for match in _NAME.finditer(text):
        group = "a" if match.group("a") else "b"
        found.append(Finding("name", match.start(group), match.end(group), match.group(group)))
    return found


def find_personal_data(text: str) -> list[Finding]:
    """Every finding, in text order; overlapping findings keep the earlier, longer one.

    Full-width digits and symbols are read as their ASCII forms (positions are kept: NFKC of these
    characters is one character to one character).
    """
    folded = "".join(unicodedata.normalize("NFKC", c) if len(unicodedata.normalize("NFKC", c)) == 1 else c for c in text)
    candidates = (
        _my_numbers(folded) + _simple("email", _EMAIL, folded) + _simple("phone", _PHONE, folded)
        + _simple("postal_code", _POSTAL, folded) + _simple("address", _ADDRESS, folded) + _names(folded)
    )
    chosen: list[Finding] = []
    for finding in sorted(candidates, key=lambda f: (f.start, -(f.end - f.start))):
        if chosen and finding.start < chosen[-1].end:
            continue
        chosen.append(Finding(finding.kind, finding.start, finding.end, text[finding.start:finding.end]))
    return chosen


def mask(text: str, findings: list[Finding] | None = None) -> str:
    """Replace each finding with ●●●."""
    findings = find_personal_data(text) if findings is None else findings
    out, last = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        out += [text[last:finding.start], MASK]
        last = finding.end
    return "".join(out + [text[last:]])


def describe(findings: list[Finding]) -> str:
    """A short Japanese summary: 「個人番号 1 件、電話番号 2 件」."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.label] = counts.get(finding.label, 0) + 1
    return "、".join(f"{label} {count} 件" for label, count in counts.items())
