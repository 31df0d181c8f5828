"""Split a comment that raises several points into one text per point.

Recognised: 「1点目は…2点目は…」, 「1つ目は…」「一つ目は…」, 「第一に／第二に」, numbered items (「(1)」「1.」「①」「⑴」
「（ア）」 after a sentence's end, a line break or a space, not inside a sentence, where 「施策①、②に賛成」 lists things
of one point, nor before a particle, where 「(1)の記述は古い」 names an item of something else; 「1　」「1、」「一、」
「ア　」「Ⅰ．」 at a line's start, and 「1 」「1：」 there in a list numbered from 1), bullets (「・」「- 」, not those of a
list inside one sentence: 「なぜなら、・A・B からです。」), 【見出し】 headings, and, for long letters with none of these,
blank-line paragraphs (also after a list's last item and before its first: 「また、…」, or a long one). A submission form (two fields or more: 【該当箇所】【意見】【理由】, 「■意見」, 「1. 意見：」)
gives one point per opinion, with its place and reasons (【意見1】【理由1】【意見2】【理由2】 are two).

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
import unicodedata

from assistant.personal import MASK, find_personal_data, header_lines, signature_lines, writer_introduction
from assistant.textnorm import strip_controls

MAX_POINTS = 20
MIN_POINT_CHARS = 4
LONG_LETTER_CHARS = 400
_KANSUJI = "一二三四五六七八九十"
_FORM_LABEL = (r"(?:該当|対象|修正)?(?:箇所|ページ|頁|部分|項目|文章|文言|記述|本文)|(?:該当|対象)場所"
               r"|(?:ご)?(?:修正)?意見(?:の)?(?:内容|要旨|概要|理由)?|(?:修正)?理由|根拠|内容|要旨|概要"
               r"|提案|修正案|背景|その他|件名|題名|タイトル")  # the fields of one submission form, not points
# A label as forms print it, also joined (「意見の該当箇所」「意見・理由」) and numbered (「意見1」「理由（２）」).
_LABELS = rf"(?:{_FORM_LABEL})(?:(?:の|[・･／/])?(?:{_FORM_LABEL}))*"
_LABEL_NUMBER = rf"[ \t　]*[（(][0-9０-９{_KANSUJI}]{{1,2}}[)）]"
_BRACKETED_LABEL = rf"[【＜<〈《［\[](?P<bracketed>{_LABELS})(?P<bracketed_number>[0-9０-９]{{1,2}}|{_LABEL_NUMBER})?[】＞>〉》］\]]"
# A number in brackets or a circle followed by a particle names something (「(1)の記述は古い」「①と②」), it is no item.
_NOT_AN_ITEM = r"(?![ \t　]*[のとはがをに、，,])"
_MARKER = re.compile(
    # numbered or bulleted after a sentence's end or a line break (a space may follow them), not inside a sentence
    # (「資料の表 (1) と表 (2) を比べると」, 「重点施策は ① 子育て支援と ② 高齢者福祉」 are one point)
    rf"(?:(?<=^)|(?<=[。．！？!?\n])|(?<=[。．！？!?\n][ \t　]))"
    rf"(?:[0-9０-９{_KANSUJI}]+点目(?:は|に|として|が)?[、，,]?"
    rf"|第[0-9０-９{_KANSUJI}]+(?:に|点目?は?)[、，,]?"
    rf"|(?:[0-9０-９{_KANSUJI}]+|ひと|ふた|みっ|よっ|いつ)つ(?:目|め)(?:は|に|として|が)?[、，,]?"
    rf"|[0-9０-９]{{1,2}}[.．)）]\s*(?![0-9０-９])"
    rf"|[・●■◆◇○◎]\s*"
    rf"|(?!{_BRACKETED_LABEL})【[^】\n]{{1,30}}】"
    rf"|[（(](?:[0-9０-９{_KANSUJI}]{{1,2}}|[アイウエオカキクケコ])[)）]{_NOT_AN_ITEM}\s*"
    rf"|[①-⑳⑴-⒇㈠-㈩]{_NOT_AN_ITEM}\s*)"
    # at a line's start only, where they cannot be a sentence's words: 「1　」「1、」「一、」「ア　」「Ⅰ．」「- 」
    # (after 「1、」 any word: 「1、個人番号カードの…」, 「１　人口が…」; after 「1　」 not a page's or a rule's part: 「1　頁」)
    rf"|^[ \t　]*(?:[0-9０-９]{{1,2}}[、，][ \t　]*(?![0-9０-９%％～~-])"
    rf"|[0-9０-９]{{1,2}}　[ \t　]*(?![0-9０-９頁ページ行条項号章節%％PpＰｐ～~-])"
    # 「1 」「１ 」「1：」: not a count 「3 人が」, a time 「10:30」 or a date 「2 月の」, and only in a list from 1
    rf"|(?P<weak>[0-9０-９]{{1,2}})(?:[ \t][ \t　]*+|[:：][ \t　]*+)"
    rf"(?![0-9０-９頁ページ行条項号章節%％PpＰｐ～~-]|[年月日時分秒人件回歳才個円万億倍割台本枚冊名校階番週代](?![\u3400-\u9fff]))"
    rf"|[{_KANSUJI}]{{1,2}}[、．.　]"
    rf"|[アイウエオカキクケコ][　．.)）]"
    rf"|[Ⅰ-Ⅹ][．.、　 ]"
    # 「(1)は賛成です。⏎(2)は反対です。」: lines about the plan's items each, the number kept in the point (it names them)
    rf"|(?P<ref>[（(](?:[0-9０-９{_KANSUJI}]{{1,2}}|[アイウエオカキクケコ])[)）]|[①-⑳⑴-⒇㈠-㈩])(?=[ \t　]*[のとはがをに])"
    rf"|[-－＊*][ \t　]*(?=[^\s0-9０-９\-－＊*=＝_＿]))",  # not a footnote's 「*1」 nor a rule 「-----」
    re.MULTILINE,
)
# A field label of a submission form (:data:`_FORM_LABEL`, also joined: 「意見の該当箇所」), as forms print it: in
# brackets anywhere (【理由】, ＜意見内容＞), after a mark (「▼該当箇所」「● 意見」) at a line's start or after a space,
# or bare at a line's start before a colon (「該当箇所：」「理由：」), a number (「意見（１）」) or the line's end.
_FIELD_LABEL = re.compile(
    rf"{_BRACKETED_LABEL}[ \t　]*[:：]*[ \t　]*"
    rf"|(?:(?<=^)|(?<=\s))[▼▽■□◆◇●○◎・][ \t　]*{_LABELS}(?:{_LABEL_NUMBER})?(?=[\s:：]|$)[ \t　]*[:：]*[ \t　]*"
    rf"|^[ \t　]*{_LABELS}(?:{_LABEL_NUMBER}(?=[\s:：]|$)|[ \t　]*(?=[:：]|$))[ \t　]*[:：]*[ \t　]*",
    re.MULTILINE)
# Where a field of a submission form begins, for splitting a form: a label in brackets (【修正意見】【意見1】), or at
# a line's start after an item's mark or number if any (「■該当箇所」「1. 意見：」「（２）理由」「・理由：」) before a
# colon or the line's end, or after a mark and a space (「● 意見 原文に…」).
_ITEM_MARK = rf"(?:[▼▽■□◆◇●○◎・]|[0-9０-９]{{1,2}}[.．)）、，:：]?|[（(][0-9０-９{_KANSUJI}]{{1,2}}[)）]|[①-⑳⑴-⒇])"
_FIELD = re.compile(
    rf"{_BRACKETED_LABEL}"
    rf"|^[ \t　]*(?:{_ITEM_MARK}[ \t　]*)?(?P<bare>{_LABELS})(?P<bare_number>[0-9０-９]{{1,2}}|{_LABEL_NUMBER})?"
    rf"(?=[ \t　]*(?:[:：]|$))"
    rf"|(?:(?<=^)|(?<=\s))[▼▽■□◆◇●○◎・][ \t　]*(?P<marked>{_LABELS})(?P<marked_number>{_LABEL_NUMBER})?(?=\s)",
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
    r"|申し上げ|申し述べ|述べ|提出|送付|記し|事項|内容|具体的な?|について|に関して|に対して|に対する|に関する|への|あり"
    r"|いたし|致し|させていただき?|させて頂き?|します|ます|です|たい|ください|下さい|[：:]")
# The plan a sentence announces opinions on, the consultation's own name (「第六次環境基本計画（案）について意見を申し上げ
# ます。」, 「除雪計画（素案）に対する意見です。」): announcing words too, where what it names is a plan or a draft, in one
# sentence with no comma (「ごみ有料化には反対です。次の点を述べます。」 takes a stand and stays a point).
_PLAN_SUBJECT = re.compile(
    r"(?:(?<=^)|(?<=[。．！？!?\n]))[ \t　]*[^。．！？!?\n、，,]{0,40}?"
    r"(?:計画|方針|戦略|指針|ビジョン|プラン|大綱|構想|条例|要綱|評価書|報告書|白書|案)(?:[（(][^()（）\n]{0,6}[)）])?"
    r"(?=について|に関して|に対して|に対する|に関する|への)")


def _announces(preamble: str) -> bool:
    """Whether the text before a comment's list only announces it (see :data:`_ANNOUNCE`, :data:`_PLAN_SUBJECT`):
    nothing but particles and punctuation (:data:`_LEFT_OVER`, as of a letter's courtesies) is left once the
    announcing words are taken out."""
    return bool(_LEFT_OVER.fullmatch(_ANNOUNCE.sub("", _PLAN_SUBJECT.sub("", preamble))))


# The letter around a comment: a header line of who writes (「氏名：山田太郎」「電話：011-…」), and sentences that are
# nothing but a greeting, a self-introduction or a closing once these phrases are taken out.
_COURTESY = re.compile(
    r"いつも(?:大変)?お世話に(?:なって(?:おり|い)ます|なります)|お世話になります|(?:どうぞ|何卒|なにとぞ)?(?:よろしく|宜しく)?"
    r"お願い(?:いた|致)?し?(?:ます|申し上げます)|以上(?:です)?|失礼(?:いた|致)?します"
    r"|お忙しい(?:ところ|中)(?:恐れ入りますが|恐縮ですが|すみませんが|申し訳ありませんが)?"
    r"|ご検討(?:のほど)?|ご査収(?:ください)?|意見を?(?:提出|送付|申し上げ|述べ)(?:いた|致)?(?:します|ます|させていただきます)"
    r"|以下の(?:とおり|通り)|[^。！？\n]{0,30}と申します|パブリックコメント(?:について|に対する意見)?"
    r"|(?:電話|TEL|FAX|メール|E-?mail)(?:番号|アドレス)?[:：]?"  # a label whose number was personal data
    r"|(?:ご|御|お)?(?:回答|返答|返事|返信)(?:のほど|を)?|お待ち(?:して(?:おり|い)ます|申し上げ(?:て(?:おり|い))?ます)"
    r"|ください|下さい")  # 「ご回答よろしくお願いします。」「ご回答をお待ちしております。」「ご返信ください。」
# A line of the letter around a comment, alone on its line: the addressee (「札幌市長　様」「○○課 御中」), the
# opening and closing words (拝啓 … 敬具), the date (「令和8年1月10日」「2026/1/10」) and who writes by age, sex,
# job and place (「60代　男性」「（60代・女性・会社員）」, in brackets also as a sentence of its own after the comment).
_ADDRESSEE = re.compile(r"(?![・●■◆◇◎□▼▽\-－＊*(（\[［【①-⑳⑴-⒇0-9０-９])"  # not a list's item: 「・高齢者の皆様」
                        r"[^\s。、，,．！？!?「」『』（）()]{1,30}(?:[ \t　]+[^\s。、，,．！？!?「」『』（）()]{1,30}){0,3}"
                        r"[ \t　]*(?:様|さま|殿|御中|各位)へ?"
                        r"|拝啓|謹啓|前略|冠省|拝復|敬具|敬白|謹白|草々|早々|不一|かしこ")
_DATE = re.compile(
    r"(?:(?:令和|平成|昭和|[RHＲＨ])[ \t　]*(?:[0-9０-９]{1,2}|元)|[0-9０-９]{4})[ \t　]*年[ \t　]*[0-9０-９]{1,2}[ \t　]*月"
    r"(?:[ \t　]*[0-9０-９]{1,2}[ \t　]*日)?(?:[ \t　]*[（(][月火水木金土日](?:曜日?)?[)）])?"
    r"|(?:[RHＲＨ][0-9０-９]{1,2}|[0-9０-９]{4})[/／.．\-][0-9０-９]{1,2}[/／.．\-][0-9０-９]{1,2}")
_AGE_OR_SEX = re.compile(r"[0-9０-９]{1,3}(?:代|歳|才)(?:以上|以下|前半|後半)?|[十二三四五六七八九]十(?:代|歳)|男性|女性|男|女")
_WRITER_WORD = re.compile(
    rf"{_AGE_OR_SEX.pattern}|パート|アルバイト|フリーター|年金生活|自営|会社経営|その他"
    r"|(?:事業|経営|研究|技術|医療従事|年金受給|障がい|障害)者"  # not any 「…者」: 「（特に高齢者・障がい者・女性）」 is a point's
    r"|[^\s・、，,／/。！？!?()（）]{0,10}(?:員|業|生|師|士|婦|夫|職|主|区|市|町|村|都|道|府|県|在住|在勤|在学)")
_SENTENCE_END = "。．！？!?）)」』】"


def _writer(text: str, alone: bool) -> bool:
    """Whether ``text`` only says who writes by age, sex, job and place (「60代　男性」「（北区・70歳・無職）」): up to
    five such words with an age or a sex among them, two at least unless in brackets. Without brackets only where it
    is ``alone`` on its line. 「60代　男性の就労支援」 says something."""
    bracketed = re.fullmatch(r"[（(]([^()（）]*)[)）]", text)
    if not bracketed and not alone:
        return False
    words = [word for word in re.split(r"[ \t　・、，,／/]+", bracketed.group(1) if bracketed else text) if word]
    return (0 < len(words) <= 5 and (len(words) > 1 or bracketed is not None)
            and all(_WRITER_WORD.fullmatch(word) for word in words) and any(_AGE_OR_SEX.fullmatch(word) for word in words))


# A next line that goes on with the line before (a particle or a comma first: 「では遅すぎる」, 「にも配慮した…」), not a
# greeting that opens with one (「はじめまして」, 「いつも…」).
_GOES_ON_LINE = re.compile(r"(?!はじめ|いつも|お世話|突然)(?:[にへのをはがとやもで]|から|まで|より|[、，,。．])")


def _without_letter_lines(text: str) -> str:
    """The text without the addressee, opening and closing words, date and writer's lines (see :data:`_ADDRESSEE`),
    each alone on its line, and only between sentences: 「目標の期限が\n2030年3月\nでは遅すぎる。」 keeps its date, and
    「子育て支援について\n高齢者の皆様\n障がいのある皆様\nにも配慮…」 its lines ending in 様."""
    lines = text.split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped and (_ADDRESSEE.fullmatch(stripped) or _DATE.fullmatch(stripped) or _writer(stripped, alone=True)):
            before = next((kept_line.strip() for kept_line in reversed(kept) if kept_line.strip()), "")
            after = next((next_line.strip() for next_line in lines[index + 1:] if next_line.strip()), "")
            if (not before or before[-1] in _SENTENCE_END) and not _GOES_ON_LINE.match(after):
                continue
        kept.append(line)
    return "\n".join(kept)


_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+|\n|$)")
# A closing that goes on with the line before where that line ends mid-sentence (a line broken by hand, Shift+Enter
# in Word: 「歩道の除雪を増やして⏎ください。」, 「早めの対応を⏎よろしくお願いします。」): the words a request ends with,
# not 以上 nor a greeting, which begin a sentence of their own.
_GOES_ON_CLOSING = re.compile(r"[ \t　]*(?:(?:どうぞ|何卒|なにとぞ)?(?:よろしく|宜しく)|お願い|ください|下さい|ご検討|ご査収|お待ち"
                              r"|(?:ご|御|お)?(?:回答|返答|返事|返信))")
_ENDS_SENTENCE = re.compile(r"[。．！？!?][」』）)】]*[ \t　]*$")
_LEFT_OVER = re.compile(r"[\s、。，．,.！？!?・ので、がはもをにへとや●]*")


def letter_body(text: str, masked: bool = False, keep_personal: bool = False) -> str:
    """The comment without the letter around it: who writes (a 氏名／住所／電話 header, 「山田太郎と申します。」,
    「中央区の山田太郎です。」, 「60代　男性」, a signature line 「北区　山田太郎」), greetings and closings
    (「いつもお世話になっております。」「以上、よろしくお願いいたします。」「ご回答をお待ちしております。」), the addressee (「市長様」), 拝啓 … 敬具, the date, and personal
    data anywhere. None of this is the point, yet it moved the ranking and the verdict of the same comment; the
    comment as typed when nothing else is left. ``masked`` keeps 「●●●」 where personal data was in what is left
    (the comment as shown and exported: 「●●●に電話しても」, not 「に電話しても」); searched, it is taken out.
    ``keep_personal`` keeps it as typed in what is left (the batch compares copies so: two comments about two
    addresses are two comments), the letter around it left out all the same.

    Example:
        >>> letter_body("氏名：山田太郎\\n電話：011-211-2682\\n011-211-2682 に電話してもつながらない。", masked=True)
        '●●● に電話してもつながらない。'
    """
    body, unsigned = _body(text, masked, keep_personal)
    return body or unsigned.strip()


def _body(text: str, masked: bool = False, keep_personal: bool = False) -> tuple[str, str]:
    """:func:`letter_body`, empty when nothing but the letter is there, and the text without its signature lines."""
    text = strip_controls(text, lines=True)  # as the precedents were stored: 「クラ\u200bウド」 is クラ + 独活, and NUL ends the tagger's text
    for start, end, _, _ in reversed(signature_lines(text)):  # 「北区　山田太郎」: where the writer lives goes too
        text = text[:start] + text[end:]
    for start, end in reversed(header_lines(text)):  # 「氏名：山田太郎」, 「ﾌﾘｶﾞﾅ：ﾔﾏﾀﾞ ﾀﾛｳ」; 「電話：なかなかつながらない。」 stays
        text = text[:start] + text[end:]
    body = _without_letter_lines(text)
    # masked, so that 「●●●と申します。」 is still one; each mask remembered with what it hides (keep_personal). The
    # signatures are gone already: found again in what is left, a line above them would be taken for one.
    pieces: list[str] = []
    hidden: list[tuple[int, str]] = []  # where each mask starts in the masked body → the text it hides
    at = length = 0
    for finding in find_personal_data(body, signatures=False):  # in text order, none overlapping
        pieces += [body[at:finding.start], MASK]
        length += finding.start - at
        hidden.append((length, body[finding.start:finding.end]))
        length += len(MASK)
        at = finding.end
    body = "".join(pieces) + body[at:]
    kept: list[str] = []
    dropped = 0  # where the last sentence dropped ends
    for match in _SENTENCE.finditer(body):  # line breaks stay: blank lines part points
        sentence = match.group()
        if sentence.strip() and (_LEFT_OVER.fullmatch(_COURTESY.sub("", sentence)) and not _goes_on(body, match, dropped)
                                 or writer_introduction(sentence) or _writer(sentence.strip(), alone=False)):
            dropped = match.end()
            continue  # a greeting or a closing; who writes
        if keep_personal:
            for start, original in reversed([(start, original) for start, original in hidden
                                             if match.start() <= start and start + len(MASK) <= match.end()]):
                offset = start - match.start()
                sentence = sentence[:offset] + original + sentence[offset + len(MASK):]
        kept.append(sentence)
    body = "".join(kept)
    if not masked:
        body = body.replace(MASK, "")
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    return (body if any(char.isalnum() for char in body) else ""), text


def _goes_on(body: str, match: re.Match, dropped: int) -> bool:
    """Whether the closing ``match`` begins a line that goes on with the sentence the line before left open
    (:data:`_GOES_ON_CLOSING`): that line neither ends a sentence nor is blank nor was dropped itself."""
    before = body[:match.start()]
    if not before.endswith("\n") or match.start() == dropped or not _GOES_ON_CLOSING.match(match.group()):
        return False
    line = before[:-1].rsplit("\n", 1)[-1]
    return bool(line.strip()) and not _ENDS_SENTENCE.search(line)


def only_letter(text: str) -> bool:
    """Whether a comment is only the letter around one: a greeting, a closing, who writes (「よろしくお願いします。」,
    「山田太郎と申します。」), with no body that :func:`letter_body` keeps. A text without a letter or digit is no
    letter either (the search refuses it first).

    Example:
        >>> only_letter("よろしくお願いします。"), only_letter("除雪をお願いします。よろしくお願いします。")
        (True, False)
    """
    return any(char.isalnum() for char in text) and not _body(text)[0]


def _field_kinds(label: str) -> set[str]:
    """What a form's field holds, by its label: the place commented on, the opinion, its reason, or another field by
    its own name (背景, 件名). 「意見の理由」 is a reason, 「意見・理由」 both."""
    kinds = set()
    for part in re.split(r"[・･／/]", label):
        last = re.findall(_FORM_LABEL, part)[-1]
        if re.search(r"理由|根拠", last):
            kinds.add("reason")
        elif re.search(r"箇所|ページ|頁|部分|項目|文章|文言|記述|本文|場所", last):
            kinds.add("place")
        elif re.search(r"意見|提案|修正案|内容|要旨|概要", last):
            kinds.add("opinion")
        else:
            kinds.add(last)
    return kinds


def _form_opinions(text: str) -> list[str] | None:
    """A submission form's opinions, each with its fields (該当箇所, 意見, 理由: one point); None where the text is no
    form (fewer than two fields, or a list before them). A field whose kind the opinion has already (a second 【意見】,
    【該当箇所】 again), or whose number differs (【意見2】 after 【理由1】), begins the next opinion. The text before the
    first field is the first opinion's (its place without a label: 「P64  11 行目」) unless it only announces them."""
    fields = list(_FIELD.finditer(text))
    if len(fields) < 2 or _MARKER.search(text[:fields[0].start()]):
        return None
    starts: list[int] = []
    seen: set[str] = set()
    number = ""
    for field in fields:
        label = field.group("bracketed") or field.group("bare") or field.group("marked")
        numbered = re.sub(rf"[^0-9{_KANSUJI}]", "", unicodedata.normalize(
            "NFKC", field.group("bracketed_number") or field.group("bare_number") or field.group("marked_number") or ""))
        kinds = _field_kinds(label)
        if not starts or kinds & seen or (numbered and number and numbered != number):
            line_start = text.rfind("\n", 0, field.start()) + 1
            before = text[line_start:field.start()]
            starts.append(line_start if re.fullmatch(rf"[ \t　]*(?:{_ITEM_MARK}[ \t　]*)?", before) else field.start())
            seen, number = set(), ""
        seen |= kinds
        number = numbered or number
    if not _announces(text[:starts[0]].strip()):
        starts[0] = 0
    bounds = starts + [len(text)]
    return [text[start:end].strip() for start, end in zip(bounds, bounds[1:])]


# A line that goes on with the sentence a list is in (「なぜなら、\n・A\n・B\nからです。」).
_GOES_ON = re.compile(r"\n[ \t　]*(?:から|ので|ため|など|等|といった|という|のような|のように|の|を|は|が"
                      r"|に(?:ついて|より|よって|関して)|で(?:す|ある|した)|と(?:いう|いった|して|考え|思))")


def _item_marks(text: str) -> list[re.Match[str]]:
    """The marks that begin the comment's points (:data:`_MARKER`), less those that only look like one: a mark before a
    form's field label (「1. 該当箇所：」), 「1 」 and 「1：」 outside a list numbered from 1, and the marks of a list
    inside one sentence (the sentence before it not ended, a line after it going on with it)."""
    marks = []
    expected = 1
    for mark in _MARKER.finditer(text):
        if _FIELD.match(text, mark.end()) or _FIELD.match(text, mark.start()):
            continue
        if mark.group("weak"):
            if int(unicodedata.normalize("NFKC", mark.group("weak"))) != expected:
                continue
            expected += 1
        marks.append(mark)
    if expected == 2:  # 「1 」 alone is no list
        marks = [mark for mark in marks if not mark.group("weak")]
    last = len(marks) - 1
    while last > 0:
        end = marks[last + 1].start() if last + 1 < len(marks) else len(text)
        item, _, rest = text[marks[last].end():end].strip().partition("\n")
        first = last
        while first > 0 and "\n" not in text[marks[first - 1].end():marks[first].start()].strip():
            first -= 1  # the items of the list, one line each
        items = [text[marks[i].end():marks[i + 1].start()].strip() for i in range(first, last)] + [item]
        before = text[:marks[first].start()].rstrip()
        if (last > first and _GOES_ON.match("\n" + rest) and before and before[-1] not in _SENTENCE_END
                and not any(piece[-1:] in _SENTENCE_END for piece in items)):
            del marks[first:last + 1]  # the sentence goes on after the list
        last = first - 1
    return marks


def _marker_segments(text: str) -> tuple[str, list[str]]:
    matches = _item_marks(text)
    if len(matches) < 2:
        return text, []
    preamble = text[: matches[0].start()].strip()
    bounds = [m.start() for m in matches] + [len(text)]
    segments = []
    for match, end in zip(matches, bounds[1:]):
        heading = match.group(0).strip()
        body = text[match.end():end].strip()
        segments.append(f"{heading}{body}" if heading.startswith("【") or match.group("ref") else body)
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


def _listed_requests(opinion: str) -> list[str]:
    """The requests a form's opinion lists under its 意見 field, one point each (the fields before the list go with
    the first, those after it, 理由 for one, with the last); empty when that field lists fewer than two. A list under
    理由 is the reasons of one opinion."""
    fields = list(_FIELD.finditer(opinion))
    for field, after in zip(fields, [*fields[1:], None]):
        label = field.group("bracketed") or field.group("bare") or field.group("marked")
        if "opinion" not in _field_kinds(label) or "reason" in _field_kinds(label):
            continue
        end = after.start() if after is not None else len(opinion)
        preamble, segments = _marker_segments(opinion[field.end():end])
        if len(segments) < 2:
            return []
        head = opinion[:field.end()].strip()
        head = head + preamble.strip() if re.match(r"\s*[:：]", preamble) else "\n".join(p for p in (head, preamble.strip()) if p)
        segments[0] = f"{head}\n{segments[0]}"
        segments[-1] = "\n".join(part for part in (segments[-1], opinion[end:].strip()) if part)
        return segments
    return []


NEW_PARAGRAPH_CHARS = 60  # a paragraph after a list's last item this long, going on with nothing, is a point of its own
# A paragraph that begins another topic (「まず、」「また、」「さらに、」「最後に、」「その他」「もう一点」), or goes on with the one before
# (「このため」「なぜなら」「以上の理由から」「特に」).
_NEW_TOPIC = re.compile(r"[ \t　]*(?:(?:まず|はじめに|初めに|また|さらに|更に|加えて|次に|最後に|あわせて|併せて|その上で)[、，,]"
                        r"|その他|そのほか|他にも|ほかにも|もう[一1１]点|別件)")
_GOES_ON_PARAGRAPH = re.compile(r"[ \t　]*(?:これ|この|こう|こちら|それ|その|そう|そこ|そして|そのため|なぜなら|理由|以上|"
                                r"したがって|従って|つまり|例えば|たとえば|具体的|特に|なお|ただし|但し|しかし|しかも|ですから|"
                                r"だから|よって|ぜひ|是非|[（(「『※*＊]|[にへのをはがとやもで][^\u3040-\u309f])")


def _blank_line_blocks(text: str) -> list[str]:
    """A text's paragraphs: its blocks between blank lines, stripped, none empty."""
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


def _paragraph_points(item: str) -> list[str]:
    """A list's last item with the paragraphs after it: nothing ends that item, so each later paragraph that begins
    another topic (:data:`_NEW_TOPIC`), or runs to :data:`NEW_PARAGRAPH_CHARS` without going on with the one before
    (:data:`_GOES_ON_PARAGRAPH`), is a point of its own; a short one, or one that goes on, stays with the point
    before it."""
    blocks = _blank_line_blocks(item)
    points = blocks[:1]
    for block in blocks[1:]:
        if _NEW_TOPIC.match(block) or (len(block) >= NEW_PARAGRAPH_CHARS and not _GOES_ON_PARAGRAPH.match(block)):
            points.append(block)
        else:
            points[-1] += "\n\n" + block
    return points or [item]


def _points(text: str) -> list[str]:
    """Every point found, before :data:`MAX_POINTS` applies (empty for a single-point comment)."""
    opinions = _form_opinions(text)
    if opinions is not None:  # and inside an opinion, its numbered requests (「ご意見：\n(1) …\n(2) …\n理由：…」)
        points = [point for opinion in opinions for point in (_listed_requests(opinion) or [opinion])]
        return points if len(points) > 1 else []
    preamble, segments = _marker_segments(text)
    if segments:  # the paragraphs after the last item that begin something new (「また、…」「最後に、…」)
        segments[-1:] = _paragraph_points(segments[-1])
    if not segments and len(text) >= LONG_LETTER_CHARS:
        segments = _blank_line_blocks(text)
        preamble = ""
        if len(segments) < 2:
            segments = []
    if not segments:
        return []
    if preamble:  # its paragraphs as the last item's (「…について意見を述べます。⏎⏎まず、暑さ…⏎⏎次に、河川…⏎⏎三つ目に…」)
        before = _paragraph_points(preamble)
        segments[:0] = before[1:] if _announces(before[0]) else before
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
