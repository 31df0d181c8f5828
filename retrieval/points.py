"""Split a comment that raises several points into one text per point.

Recognised: 「1点目は…2点目は…」, 「第一に／第二に」, numbered items (「(1)」「1.」「①」「⑴」「（ア）」 after a
sentence's end, a line break or a space, not inside a sentence, where 「施策①、②に賛成」 lists things of one point;
「1　」「1、」「一、」「ア　」「Ⅰ．」 at a line's start), bullets (「・」「- 」), 【見出し】 headings
other than a submission form's fields (【該当箇所】【意見】【理由】 are one point), and, for long letters with none of
these, blank-line paragraphs.

Example:
    >>> split_points("2点伺いたい。1点目は、費用について。2点目は、漏えい時の責任について。")
    ['費用について。', '漏えい時の責任について。']
    >>> split_points("マイナンバーカードは任意ですか。")
    ['マイナンバーカードは任意ですか。']
    >>> letter_body("いつもお世話になっております。山田太郎と申します。除雪を増やして。以上、よろしくお願いいたします。")
    '除雪を増やして。'
"""

from __future__ import annotations

import re

from assistant.personal import MASK, find_personal_data, writer_introduction
from assistant.textnorm import strip_controls

MAX_POINTS = 20
MIN_POINT_CHARS = 4
LONG_LETTER_CHARS = 400
_KANSUJI = "一二三四五六七八九十"
_FORM_LABEL = (r"(?:該当|対象)?(?:箇所|ページ|頁|部分|項目|文章|文言|記述|本文)|(?:該当|対象)場所|(?:ご)?意見(?:の)?(?:内容|要旨|概要|理由)?|理由|根拠|内容|要旨|概要"
               r"|提案|修正案|背景|その他|件名|題名|タイトル")  # the fields of one submission form, not points
_MARKER = re.compile(
    # numbered or bulleted after a sentence's end or a line break (a space may follow them), not inside a sentence
    # (「資料の表 (1) と表 (2) を比べると」, 「重点施策は ① 子育て支援と ② 高齢者福祉」 are one point)
    rf"(?:(?<=^)|(?<=[。．！？!?\n])|(?<=[。．！？!?\n][ \t　]))"
    rf"(?:[0-9０-９{_KANSUJI}]+点目(?:は|に|として|が)?[、，,]?"
    rf"|第[0-9０-９{_KANSUJI}]+(?:に|点目?は?)[、，,]?"
    rf"|[0-9０-９]{{1,2}}[.．)）]\s*(?![0-9０-９])"
    rf"|[・●■◆◇○◎]\s*"
    rf"|【(?!(?:{_FORM_LABEL})】)[^】\n]{{1,30}}】"
    rf"|[（(](?:[0-9０-９{_KANSUJI}]{{1,2}}|[アイウエオカキクケコ])[)）]\s*"
    rf"|[①-⑳⑴-⒇㈠-㈩]\s*)"
    # at a line's start only, where they cannot be a sentence's words: 「1　」「1、」「一、」「ア　」「Ⅰ．」「- 」
    # (after 「1、」 any word: 「1、個人番号カードの…」, 「１　人口が…」; after 「1　」 not a page's or a rule's part: 「1　頁」)
    rf"|^[ \t　]*(?:[0-9０-９]{{1,2}}[、，][ \t　]*(?![0-9０-９%％～~-])"
    rf"|[0-9０-９]{{1,2}}　[ \t　]*(?![0-9０-９頁ページ行条項号章節%％PpＰｐ～~-])"
    rf"|[{_KANSUJI}]{{1,2}}[、．.　]"
    rf"|[アイウエオカキクケコ][　．.)）]"
    rf"|[Ⅰ-Ⅹ][．.、　 ]"
    rf"|[-－＊*][ \t　]*(?=[^\s0-9０-９\-－＊*=＝_＿]))",  # not a footnote's 「*1」 nor a rule 「-----」
    re.MULTILINE,
)
# A field label of a submission form (:data:`_FORM_LABEL`, also joined: 「意見の該当箇所」), as forms print it: in
# brackets anywhere (【理由】, ＜意見内容＞), after a mark (「▼該当箇所」「● 意見」) at a line's start or after a space,
# or bare at a line's start before a colon (「該当箇所：」「理由：」), a number (「意見（１）」) or the line's end.
_LABELS = rf"(?:{_FORM_LABEL})(?:の?(?:{_FORM_LABEL}))*"
_LABEL_NUMBER = rf"[ \t　]*[（(][0-9０-９{_KANSUJI}]{{1,2}}[)）]"
_FIELD_LABEL = re.compile(
    rf"[【＜<〈《［\[]{_LABELS}[】＞>〉》］\]][ \t　]*[:：]*[ \t　]*"
    rf"|(?:(?<=^)|(?<=\s))[▼▽■□◆◇●○◎・][ \t　]*{_LABELS}(?:{_LABEL_NUMBER})?(?=[\s:：]|$)[ \t　]*[:：]*[ \t　]*"
    rf"|^[ \t　]*{_LABELS}(?:{_LABEL_NUMBER}(?=[\s:：]|$)|[ \t　]*(?=[:：]|$))[ \t　]*[:：]*[ \t　]*",
    re.MULTILINE)
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
# A reference list closing the comment: 「*1 IPCC, 2023: …」「[1]下水道分野の国際展開…」 (a line running on in Latin
# letters, 「53, Table 2.2.」, is its continuation), under a heading such as 「＜参考文献＞」; and its marks in the text.
_FOOTNOTE_LINE = re.compile(r"[ \t　]*(?:(?:[*＊※][ \t　]*|注)[0-9０-９]{1,3}(?![0-9０-９])|[\[［][0-9０-９]{1,3}[\]］])")
_NOTES_HEADING = re.compile(r"[ \t　]*[【＜<〈《［\[]?(?:参考文献|参考資料|引用文献|出典|脚注|注釈?)[】＞>〉》］\]]?[ \t　]*[:：]?[ \t　]*")
_FOOTNOTE_MARK = re.compile(r"[(（][ \t　]*[*＊※][ \t　]*[0-9０-９]{1,3}[ \t　]*[)）]|[*＊※][0-9０-９]{1,3}(?![0-9０-９])"
                            r"|[\[［][0-9０-９]{1,3}[\]］]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _without_reference_list(text: str) -> str:
    """The text without the reference list that closes it, and without its marks (「(*1)」「[2]」) in the text. A list
    the text does not cite is the comment's own (「[1] 回数を増やして。」), and so is a note with the comment after it."""
    lines = text.split("\n")
    start = len(lines)
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if not line.strip() or _FOOTNOTE_LINE.match(line):
            start = index
        elif _NOTES_HEADING.fullmatch(line) or (index > 0 and not _CJK.search(line) and _FOOTNOTE_LINE.match(lines[index - 1])):
            start = index  # a heading over the list, or a footnote running on to the next line
        else:
            break
    head = "\n".join(lines[:start])
    if not any(_FOOTNOTE_LINE.match(line) for line in lines[start:]) or not _FOOTNOTE_MARK.search(head):
        return text
    return _FOOTNOTE_MARK.sub("", head)


def comment_content(text: str) -> str:
    """What a comment says, for comparing comments with one another (clusters, keywords): the labels of a
    submission form's fields taken out (「▼該当箇所」「【意見】」「理由：」, the label only: what follows it stays, a
    page reference 「p. 108, 34～36 行目」 too), URLs, and a reference list closing the comment (「*1 IPCC, 2023: …」,
    「[1]…」) with its marks in the text. Comments written on one form otherwise go together by its layout,
    named 「該当・理由・意見」. The comment as it is when nothing is left, or nothing of this is in it.

    Example:
        >>> comment_content("▼該当箇所\\np. 108, 34～36 行目\\n▼意見\\n除雪を増やして(*1)。\\n▼理由\\n通学路が危ない。\\n*1 市の調査")
        'p. 108, 34～36 行目\\n除雪を増やして。\\n通学路が危ない。'
        >>> comment_content("【該当箇所】P5【意見】除雪を増やして。https://example.jp/a 参照")
        'P5除雪を増やして。 参照'
        >>> comment_content("意見の理由は、通学路が危ないからです。")
        '意見の理由は、通学路が危ないからです。'
    """
    body = _without_reference_list(text)
    lines = []
    for line in body.split("\n"):
        kept = _URL.sub("", _FIELD_LABEL.sub("", line)).rstrip()
        if kept.strip() or not line.strip():  # a line that was only a label goes; a blank line stays
            lines.append(kept)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if body == text.strip():
        return text
    return body if any(char.isalnum() for char in body) else text


# A preamble that only announces the points (「2点伺いたい。」, 「以下、意見を述べさせていただきます。」, 「質問です。」) is
# no point of its own: nothing is left of it once these words are taken out. Any other is kept as a point, even
# with 以下 or 次の in it (「以下の地区で除雪が遅れています。」, 「下記の交差点が危険です。」): an opinion lost costs
# more than a short announcement searched.
_ANNOUNCE = re.compile(
    rf"[0-9０-９{_KANSUJI}]*(?:点|つ|件)(?:目)?|以下|次|下記|とおり|通り|ご?質問|ご?意見|要望|提案|お願い|お尋ね|伺い|伺う"
    r"|申し上げ|申し述べ|述べ|提出|送付|記し|事項|内容|具体的な?|について|に関して|に対して|への|あり|いたし|致し"
    r"|させていただき?|させて頂き?|します|ます|です|たい|ください|下さい|[：:]")


def _announces(preamble: str) -> bool:
    """Whether the text before a comment's list only announces it (see :data:`_ANNOUNCE`): nothing but particles and
    punctuation (:data:`_LEFT_OVER`, as of a letter's courtesies) is left once the announcing words are taken out."""
    return bool(_LEFT_OVER.fullmatch(_ANNOUNCE.sub("", preamble)))


# The letter around a comment: a header line of who writes (「氏名：山田太郎」「電話：011-…」), and sentences that are
# nothing but a greeting, a self-introduction or a closing once these phrases are taken out.
_HEADER_LINE = re.compile(
    r"^[ \t　]*[【\[［]?(?P<label>氏名|お名前|名前|フリガナ|ふりがな|住所|ご住所|所在地|電話番号|電話|TEL|FAX|メールアドレス|"
    r"メール|E-?mail|連絡先|年齢|年代|性別|職業|所属)[】\]］]?[ \t　]*(?:[:：]|(?<=[】\]］]))[ \t　]*(?P<value>[^\n]*)$",
    re.MULTILINE | re.IGNORECASE)
_CONTACT_LABELS = {"電話番号", "電話", "tel", "fax", "メールアドレス", "メール", "email", "e-mail", "連絡先"}
_COURTESY = re.compile(
    r"いつも(?:大変)?お世話に(?:なって(?:おり|い)ます|なります)|お世話になります|(?:どうぞ|何卒|なにとぞ)?(?:よろしく|宜しく)?"
    r"お願い(?:いた|致)?し?(?:ます|申し上げます)|以上(?:です)?|失礼(?:いた|致)?します"
    r"|お忙しい(?:ところ|中)(?:恐れ入りますが|恐縮ですが|すみませんが|申し訳ありませんが)?"
    r"|ご検討(?:のほど)?|ご査収(?:ください)?|意見を?(?:提出|送付|申し上げ|述べ)(?:いた|致)?(?:します|ます|させていただきます)"
    r"|以下の(?:とおり|通り)|[^。！？\n]{0,30}と申します|パブリックコメント(?:について|に対する意見)?"
    r"|(?:電話|TEL|FAX|メール|E-?mail)(?:番号|アドレス)?[:：]?")  # a label whose number was personal data
_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+|\n|$)")
_LEFT_OVER = re.compile(r"[\s、。，．,.！？!?・ので、がはもをにへとや●]*")


def _header(match: re.Match[str]) -> str:
    """A header line as searched: gone when it says who writes (a short value without a sentence in it; a contact
    line only with a number or an address in it), else kept whole (「電話：なかなかつながらない。」 is a point)."""
    value = match.group("value").strip()
    label = match.group("label").lower()
    if "。" in value or re.search(r"[:：]", value) or len(value) > 40:
        return match.group(0)
    if label in _CONTACT_LABELS and not re.search(r"[0-9０-９@＠]", value):
        return match.group(0)
    return ""


def letter_body(text: str) -> str:
    """The comment without the letter around it: who writes (a 氏名／住所／電話 header, 「山田太郎と申します。」,
    「中央区の山田太郎です。」), greetings and closings (「いつもお世話になっております。」「以上、よろしくお願いいた
    します。」), and personal data anywhere. None of this is the point, yet it moved the ranking and the verdict of the same comment; the
    comment as typed when nothing else is left.
    """
    text = strip_controls(text)  # as the precedents were stored: 「クラ\u200bウド」 is クラ + 独活, and NUL ends the tagger's text
    body = _HEADER_LINE.sub(_header, text)
    for finding in sorted(find_personal_data(body), key=lambda f: f.start, reverse=True):
        body = body[:finding.start] + MASK + body[finding.end:]  # masked, so that 「●●●と申します。」 is still one
    kept: list[str] = []
    for sentence in _SENTENCE.findall(body):  # line breaks stay: blank lines part points
        if sentence.strip() and (_LEFT_OVER.fullmatch(_COURTESY.sub("", sentence)) or writer_introduction(sentence)):
            continue  # a greeting or a closing; who writes
        kept.append(sentence)
    body = "".join(kept).replace(MASK, "")
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    return body if any(char.isalnum() for char in body) else text


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
            merged[-1] += "\n" + segment  # 「ごみ」「駐輪場」: two words, not 「ごみ駐輪場」
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
    if preamble and not _announces(preamble):
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
