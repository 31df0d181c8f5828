"""Personal data in citizen comments: find it, and mask it with ●●● before it is stored or exported.

Detected:

- 個人番号: 12 digits whose check digit is valid;
- phone numbers: 10 or 11 digits starting with 0 (or +81, 「+81(0)90-…」), in groups separated by hyphens, any
  Unicode dash, the long-vowel mark 「ー」 (spaces or a line break may stand around them), spaces, a tab, a line
  break or dots, 「011-2112111」, or with the area code in parentheses (「011(211)2111」, 「011 (211) 2111」); not a
  number split by tabs or line breaks among other numbers (a table's row or column), nor one in 「第…号」
  (「第012-3456789号」) or, as 「012-3456789」, after a document number's label (「整理番号：」, 「No.」; not
  after another word's 番号, 「私の番号：」);
- e-mail addresses, also with the @ written 「(at)」 or a Japanese domain name (「taro@札幌.jp」);
- postal codes: after 〒 or 郵便番号 (the groups parted by a hyphen or a space, 「〒 060 8611」), or right before an
  address;
- street addresses: a prefecture, city, county or ward followed by a town and a house number (丁目,
  番地, 号, 条 or hyphenated numbers 「あいの里1-2-3」, 「新琴似1-2在住」; two numbers before a counter, 「1-3階」, are a
  range, and after a facility's word, 「区役所1-2番窓口」, no house's), in digits or kanji numerals
  (「南三条西五丁目十二番地」);
- names introduced by a cue (a full name of five kanji too, 「佐々木太郎様」): 「…と申します」, an honorific (様, さん,
  氏, 殿, 先生) or a label (「氏名：」「お名前（カナ）」「提出者」「提出者名」「保護者名」; after a colon the label's whole value, up to the next field or the clause's end, unless it says the field is
  empty or optional, 「名前：なし」「【氏名】欄を任意に」; after a label joined to a word, 「子どもの名前：」, a name's shape only);
  words such as 市長, 皆, 担当者, 総務課 before an honorific are not names, nor organisations (農協, 警察,
  保育園, 札幌市, 図書館, センター, コンビニ; but 「佐藤浩市様」, 「鈴木耕市様」, 「大館さん」 are names), nor words UniDic
  reads before さん as common words or a place (農家, 親御, 北海道; a surname read best so too, 「市場さん」, 「朝日様」),
  after ご or お (「ご苦労様」) or with the honorific's kana (「公園さんぽ道」); one kanji, 「林さん」, 「一ノ瀬さん」,
  「鈴木みどりさん」 and 「ヤマダ タロウ様」 only where UniDic reads a person's name; and the writer's name in a sentence that says who writes
  (「中央区の山田太郎です。」: a name by UniDic's 人名 before the copula; 「山田太郎（70歳）です。」, 「農業を営んでいる鈴木です。」, 「私の名前は山田花子です。」 too; 「円山です。」 alone is masked, even when it names a place; a
  surname UniDic reads as a common word first only after 名前は, 「私の名前は日向です。」, not 「市内在住の大家です。」);
  and a signature, a line of its own between sentences with a person's name and where the writer lives
  (「北区　60代　山田太郎」, 「— 山田花子」, :func:`signature_lines`), or in brackets ending the text after a sentence (a
  full name or a surname with who writes, 「…ほしい。（山田花子）」; not 「（清田）」, maybe a place) or a phone number
  (「携帯090-…（山田）」);
- the value of a header line that says who writes (「住所：北24条西5丁目1-1」, 「連絡先：山田太郎 090-…」,
  :data:`HEADER_LINE`), which the search and the batch leave out; after 連絡先 not a word saying when to call
  (「連絡先：夜間 090-…」; but a surname that is a time word too, 「連絡先：上 090-…」);
- the writer's age, sex, occupation, affiliation and date of birth after their label (「年齢：45歳」, 「【性別】女性」,
  「所属：○○町内会」, 「生年月日：昭和45年3月1日」; after a space only a value of its shape, 「年齢 45 性別 女性」).

Counts, ranges, road and document numbers (「世帯数1,000-2000」「第123-4567号」「9:00-17:00」「札幌市内20-30代」
「本庁舎1-3階」「国道230号」「札幌市告示1234号」) are not masked. Invisible characters (zero-width spaces, soft
hyphens and other format characters) are read as if absent: one inside a number or a name does not hide it.
``python -m assistant personal-eval`` measures precision and recall on labelled snippets
(:mod:`assistant.personal_eval`).

Example:
    >>> [f.kind for f in find_personal_data("連絡先は011-211-2111、mail: taro@example.jp です。")]
    ['phone', 'email']
    >>> mask("山田太郎様、電話 090ー1234ー5678 まで")
    '●●●様、電話 ●●● まで'
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

MASK = "●●●"
KIND_LABELS = {
    "my_number": "個人番号",
    "phone": "電話番号",
    "email": "メールアドレス",
    "postal_code": "郵便番号",
    "address": "住所",
    "name": "氏名",
    "age": "年齢",
    "sex": "性別",
    "occupation": "職業",
    "affiliation": "所属",
    "birth_date": "生年月日",
}

# Dashes of every kind (and the long-vowel mark between digits) are read as "-"; positions are kept.
_DASHES = "‐‑‒–—―−﹣－ｰ"
# Every CJK ideograph: the unified block and extension A (㐀-䶿), the compatibility ideographs (「山﨑」's 﨑 U+FA11)
# and the supplementary planes (「𠮷田」's 𠮷 U+20BB7, extensions B to H).
_KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\U00031350-\U000323af々〆ヵヶ"
_KATAKANA = "ァ-ヴー"

_DIGITS12 = re.compile(r"(?<![0-9])([0-9]{4})[ \-]?([0-9]{4})[ \-]?([0-9]{4})(?![0-9])")
# 「taro(at)example.jp」: the @ written out against address harvesters, as much an address as with @. A domain's name
# may be Japanese (「taro@札幌.jp」, 「taro@例え.jp」: 汎用JPドメイン名), its top level domain not.
_EMAIL_BODY = (r"[A-Za-z0-9._%+\-]+(?:@|\s?[(\[]at[)\]]\s?)"
               rf"[A-Za-z0-9.\-{_KANJI}ぁ-んァ-ヴー]+\.[A-Za-z]{{2,}}")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])" + _EMAIL_BODY, re.IGNORECASE)
# An address that follows another with no space (「taro@city.jp-hanako@city.jp」) starts inside a run of its letters.
_EMAIL_NEXT = re.compile(_EMAIL_BODY, re.IGNORECASE)
# Groups are separated by a hyphen (spaces or a line break may stand around it: 「090 - 1234 - 5678」, 「090-1234-
# (line break)5678」), by spaces or a tab, or by a line break. Not after a digit or a hyphen, nor after a dot or
# comma that follows a digit (「3.011-211-2111」 is no number's start), but after a label's dot (「TEL.」, 「携帯,」).
_SEP = r"(?:[ \t]{0,2}-[ \t]{0,2}(?:\r?\n[ \t]{0,2})?|[ \t]{0,2}\r?\n[ \t]{0,2}|[ \t]{1,3})"
_PHONE = re.compile(
    r"(?<![0-9\-])(?<![0-9][.,])(?:"
    rf"\+81{_SEP}?(?:\(0\){_SEP}?)?\(?[0-9]{{1,4}}\)?{_SEP}?[0-9]{{1,4}}{_SEP}?[0-9]{{3,4}}"
    rf"|\(0[0-9]{{1,4}}\){_SEP}?[0-9]{{1,4}}{_SEP}?[0-9]{{3,4}}"
    r"|0[0-9]{1,4}[ \t]?\([0-9]{1,4}\)[ \t]?[0-9]{3,4}"
    rf"|0[0-9]{{1,4}}{_SEP}[0-9]{{1,4}}{_SEP}[0-9]{{3,4}}"
    r"|0[0-9]{1,4}\.[0-9]{1,4}\.[0-9]{3,4}"
    r"|0[0-9]{1,4}-[0-9]{5,8}"
    r"|0[0-9]{9,10}"
    r")(?![0-9]|-[0-9])"
)
# A number split by tabs or line breaks is a phone number only when no other number stands in the same column or
# row of a table around it (「12\t090\t1234\t5678」 is a row of counts).
_CELL_BEFORE = re.compile(r"[0-9][ \t]*[\t\n][ \t]*$")
_CELL_AFTER = re.compile(r"[ \t]*[\t\n][ \t]*[0-9]")
# After 〒 or 郵便番号 the two groups may be parted by a space as well as a hyphen (「〒 060 8611」, 「〒060　8611」, folded).
_POSTAL_GAP = r"(?:[ \t]?-[ \t]?|[ \t])"
_POSTAL_MARKED = re.compile(rf"〒\s?[0-9]{{3}}{_POSTAL_GAP}?[0-9]{{4}}(?![0-9])"
                            rf"|(?<=郵便番号)[:：\s]*(?P<code>[0-9]{{3}}{_POSTAL_GAP}[0-9]{{4}})(?![0-9])")
_POSTAL_BARE = re.compile(r"(?<![0-9\-,.第])[0-9]{3}-[0-9]{4}(?![0-9\-])")

_PLACE = (
    rf"(?:(?:北海道|東京都|大阪府|京都府|[{_KANJI}]{{2,3}}県)"
    rf"(?:[{_KANJI}]{{1,5}}?市|[{_KANJI}]{{1,4}}?郡[{_KANJI}]{{1,4}}?[町村])?(?:[{_KANJI}]{{1,4}}?区)?"
    rf"|(?:[{_KANJI}]{{1,5}}?市|[{_KANJI}]{{1,4}}?郡[{_KANJI}]{{1,4}}?[町村])(?:[{_KANJI}]{{1,4}}?区)?"
    rf"|[{_KANJI}]{{1,4}}?区)"
)
# Town names may hold kana (あいの里, 霞が関, みなとみらい) but not the particles that end a phrase
# (「札幌市では3-4月」).
_TOWN_KANA = "".join(chr(code) for code in range(ord("ぁ"), ord("ん") + 1) if chr(code) not in "はをにへもでや")
# ... unless the kana begins a town's name: kana, a place-name kanji, then the town's number or a direction (「もみじ台北五
# 丁目」, 「やよい町2丁目」, 「はこだて通3丁目」, 「やまの手2丁目」). 「北区にあるこの通りの」, 「東区へむかう通勤」, 「しずかな町の
# 3丁目」, 「北区にある3丁目」, 「北区にある市営住宅の3号棟」 and 「札幌市では3-4月」 stay phrases.
_PARTICLE_IN_NAME = (rf"[はをにへもでや](?=[{_TOWN_KANA}]{{2,4}}[台丘野里原沢川山谷浜園坂森平岡町通手]"
                     rf"(?:[0-9０-９一二三四五六七八九十東西南北]|字|大字))")
_UNIT = r"[0-9]{1,5}(?:条通?|丁目|番地|番|号|線|地割)"
# House numbers in kanji numerals (「南三条西五丁目十二番地」). A kanji number is whole (never the end of 「第二十」: a
# law's 「条例第二十条」); 番 and 号 only after another unit, since 「本市一番の」 and 「一号」 alone are words; 条 only
# before another unit (「北十条西三丁目」), since 「憲法九条」 and 「三条大橋」 are no addresses.
_KANJI_DIGITS = "一二三四五六七八九十百〇"
_KANJI_NUMBER = rf"(?<![第{_KANJI_DIGITS}])[{_KANJI_DIGITS}]{{1,4}}"
_KANJI_UNIT = rf"(?:[0-9]{{1,5}}|[{_KANJI_DIGITS}]{{1,4}})(?:条|丁目|番地|番|号|線|地割)"
_KANJI_FIRST = (rf"(?:{_KANJI_NUMBER}(?:丁目|番地|地割|条通?(?=[東西南北]?{_KANJI_UNIT}))"
                rf"|第(?:[{_KANJI_DIGITS}]{{1,4}}|[0-9]{{1,5}})地割)")  # 岩手の 「玉山区日戸第二十地割」
_KANJI_NEXT = rf"{_KANJI_NUMBER}(?:条通?|丁目|番地|番|号|地割)"
_AZA = rf"(?:(?<=割)字[{_KANJI}{_KATAKANA}]{{1,8}}?)"  # 岩手の 「第5地割字ヌカリ沢1番」: the 字 after a 地割
_BRANCH = rf"(?:の(?:[0-9]{{1,4}}|{_KANJI_NUMBER}(?![{_KANJI}])))?"  # 「五十番地の一」, not 「番地の一部」
# Counters: after two hyphenated numbers they make a range of a count (「1-3階」, 「20-30代」, 「2-3か所」, 「300-400校」);
# any other word after them (「新琴似1-2在住」, 「屯田1-2付近」, 「大通西1-2ビル」, 「新琴似1-2つくし荘」) leaves an address.
# つ only as a word (「2-3つの」, 「2-3つずつ」), not a name's first kana (「新琴似1-2つくし荘」).
_COUNTER = (r"(?:[階代歳才校件人名回年月日時分秒台本枚冊戸棟軒頁割倍円万千億週個点種類部章節条項行列位期組班度便杯箱匹頭羽社店園局%]"
            r"|[かヶヵケカ箇]所|[かヶヵケカ]月|ページ|号線|番線|車線|号館|号車|号機|号棟|番(?:目|出?口|窓口|ホーム|乗り?場|のりば)|学年|トン|コート|F(?![A-Za-z])"
            r"|世帯|程度|以上|以下|未満|前後|ほど|くらい|ぐらい|センチ|キロ"
            rf"|メートル|[kcm]?m(?![A-Za-z])|kg|ha|つ(?:[のはがをにでともや]|ずつ|ほど|くらい|ぐらい|まで|(?![ぁ-んァ-ヶ{_KANJI}])))")
# A facility's or a document's word right before two hyphenated numbers is no town: the numbers are a platform's, a
# window's, a hall's, a grade's or a page's (「大通駅1-2番出口」, 「区役所1-2番窓口」, 「体育館1-2コート」, 「資料1-2参照」).
_FACILITY_BEFORE = "".join(f"(?<!{word})" for word in ("駅", "役所", "役場", "庁舎", "館", "校", "資料", "別紙", "図", "表", "車"))
_NUMBERS = (
    rf"(?:[東西南北]?(?:{_UNIT}|{_KANJI_FIRST}){_BRANCH}(?:{_AZA}?[東西南北]?(?:{_UNIT}|{_KANJI_NEXT}){_BRANCH})*"
    rf"(?:[東西南北]?[0-9]{{1,5}}(?:-[0-9]{{1,5}}){{0,3}})?"
    r"|[0-9]{1,5}(?:-[0-9]{1,5}){2,3}"
    rf"|(?<=[{_KANJI}{_KATAKANA}]){_FACILITY_BEFORE}[0-9]{{1,5}}-[0-9]{{1,5}}(?!{_COUNTER}))"
)  # two numbers after a town's name, but not a range of a count (「20-30代」, 「1-3階」, 「2-3か所」, 「1-3ページ」)
# Before a number these make it a road's, a notice's or a rule's, no house's (「国道230号」, 「告示1234号」); 「市内」
# and 「区内」 say within the city (「札幌市内20-30代」), there is no town.
_NOT_HOUSE = r"(?<!第)(?<!国道|道道|県道|府道|都道|市道|区道|町道|村道|告示|公告|訓令|規則|条例|要綱|通知|通達|議案)"
_ADDRESS = re.compile(
    rf"(?<![{_KANJI}])(?:住所|現住所|所在地)?(?P<address>{_PLACE}(?!内(?![{_KANJI}]))"
    rf"(?:[{_KANJI}{_KATAKANA}{_TOWN_KANA}]|{_PARTICLE_IN_NAME}){{0,12}}?{_NOT_HOUSE}{_NUMBERS})"
    r"(?![0-9]|-[0-9]|[月日年人円%％頁])"
)

# Names: a cue after them, or a label before them.
_NAME_ANY = (
    rf"[{_KANJI}]{{1,4}}[ 　][{_KANJI}]{{1,4}}|[{_KANJI}]{{1,3}}[{_KATAKANA}]{{2,4}}|[{_KANJI}]{{1,6}}"
    rf"|[{_KATAKANA}]{{2,10}}(?:[ 　][{_KATAKANA}]{{1,10}})?|[ぁ-ん]{{2,8}}[ 　][ぁ-ん]{{1,8}}"
)
# The label's note in brackets (「氏名（ふりがな）」) is matched after folding, where 「（」 is 「(」.
_LABEL = (r"(?:代表者氏名|意見提出者名?|ご氏名|お名前|氏名|名前|フリガナ|ふりがな|投稿者名?|提出者名?|代表者名?|申出者名?|記入者名?"
          r"|申請者名|保護者名)"
          r"(?:[（(][^）)]{0,6}[）)])?")
# The labels of contact details as people write them, in any case and width (folded: 「ＴＥＬ．」 is 「TEL.」): 「TEL」
# 「Tel.」 「電話番号」 「自宅電話」 「携帯」 「FAX」 「Mail」 「e-mail」 「メールアドレス」 「連絡先」, and of an address. One list for
# the contact details around a signature here and for the header lines that retrieval.points.letter_body leaves out
# (:data:`HEADER_LINE`).
PHONE_MAIL_LABEL = (r"(?:(?:自宅|携帯|固定|勤務先|日中)の?)?(?:電話|TEL|FAX|ファッ?クス|Phone)(?:番号)?|携帯(?:電話)?(?:番号)?"
                    r"|(?:E-?)?mail(?:アドレス)?|E?メール(?:アドレス)?|連絡先")
ADDRESS_LABEL = r"ご?住所|現住所|所在地"
CONTACT_LABEL = rf"(?:{PHONE_MAIL_LABEL}|{ADDRESS_LABEL})"
# A header line of who writes (「氏名：山田太郎」, 「住所：北24条西5丁目1-1」, 「連絡先：山田太郎 090-…」, also 「【電話】…」):
# retrieval.points.letter_body leaves it out of what is searched and of the batch's comment as shown
# (:func:`who_writes_header`), and its value is masked (:func:`_header_values`), so that 起案, the batch, the notebook and
# the corpus hold no more of it than each other.
HEADER_LINE = re.compile(
    rf"^[ \t　]*[【\[［]?(?P<label>氏名|お名前|名前|フリガナ|ふりがな|{CONTACT_LABEL}|年齢|年代|性別|職業|所属|生年月日)[】\]］]?[ \t　]*"
    r"(?:[:：]|(?<=[】\]］]))[ \t　]*(?P<value>[^\n]*)$",
    re.MULTILINE | re.IGNORECASE)
_PHONE_MAIL_LABEL = re.compile(PHONE_MAIL_LABEL, re.IGNORECASE)
_NAME_HEADER = re.compile(r"氏名|お名前|名前|フリガナ|ふりがな")
_ADDRESS_HEADER = re.compile(ADDRESS_LABEL)
# After a colon or a 【label】, the whole value is the name (「山田ゆかり」, 「札幌市北区 山田太郎」): its words up to the line's
# or the clause's end, but not a next field (「 電話：」, 「 TEL 011…」); after a mere space, a name's shape only (「名前
# を書く欄」 is no field). A reading in brackets follows either (「お名前：山田太郎（やまだたろう）」).
_VALUE_WORD = r"[^\s、。,，:：;；!?！？()（）「」『』【】\[\]<>0-9@]{1,20}"
_NEXT_FIELD = rf"(?:{_VALUE_WORD}[:：]|{CONTACT_LABEL}(?![{_KANJI}]))"
_READING = r"(?:\s*[（(][ぁ-んァ-ヶー 　]{2,20}[）)])?"
# What may follow a labelled name and is no part of it (「氏名：山田様」, 「お名前：山田です」).
_AFTER_NAME = re.compile(r"(?:様|さま|さん|殿|です|でございます|と申します|といいます|と言います)$")
# A field left empty or said to be optional is no name (「名前：なし」, 「【お名前】必須とありますが」, 「【氏名】欄を」), nor is
# the next field's label (「お名前（任意）： ご意見：」).
_NO_VALUE = (r"(?:なし|無し|ナシ|特になし|特に無し|匿名|非公開|無記名|任意|必須|不要|省略|未記入|未定|空欄|欄|同上|不明|記入|入力|を"
             r"|[はがのにでもや](?![ぁ-ん]))")
_LABELLED = re.compile(
    rf"{_LABEL}\s*(?:(?:[:：]|】)[ \t]*(?!{_NO_VALUE}|{_VALUE_WORD}[:：])"
    rf"(?P<value>{_VALUE_WORD}(?:[ \t](?!{_NEXT_FIELD}){_VALUE_WORD}){{0,2}}{_READING})"
    rf"|\s\s*(?P<name>(?:{_NAME_ANY}){_READING}))",
    re.IGNORECASE,
)
# A label joined to the word before it (「新しい公園の名前：」, 「施設の名前：」) may name a thing: after it only a name's shape
# that ends the clause or comes before an honorific is a name (「子どもの名前：山田花子」, not 「…の名前：さくら公園がよい」).
# A compound ending in 氏名 (「申請者氏名：」, 「保護者氏名：」) is a field's label as it stands.
_GLUED_NAME = re.compile(rf"(?:{_NAME_ANY}){_READING}(?=$|[\s、。,，.!?！？)）」』】]|{_AFTER_NAME.pattern[:-1]})")
# A surname with ノ (「一ノ瀬」) and a kanji surname with a given name in hiragana (「鈴木みどり」), each a name only when
# UniDic reads it as one (:func:`_cued_name`).
_NO_NAME = rf"[{_KANJI}]{{1,3}}ノ[{_KANJI}]{{1,5}}"
_HIRAGANA_NAME = rf"[{_KANJI}]{{1,8}}[ぁ-ん]{{2,4}}"
_INTRODUCED = re.compile(
    rf"(?P<name>{_NO_NAME}|[{_KANJI}]{{1,4}}[ 　][{_KANJI}]{{1,4}}|[{_KANJI}]{{1,8}}|{_HIRAGANA_NAME}"
    rf"|[{_KATAKANA}]{{2,10}}(?:[ 　][{_KATAKANA}]{{1,10}})?)"
    r"と(?:申します|申す者|言います|いいます)"
)
_HONORED = re.compile(
    rf"(?P<name>{_NO_NAME}|[{_KANJI}]{{1,4}}[ 　][{_KANJI}]{{1,4}}|[{_KANJI}]{{1,3}}[{_KATAKANA}]{{2,4}}|[{_KANJI}]{{1,8}}"
    rf"|{_HIRAGANA_NAME}|[{_KATAKANA}]{{2,10}}[ 　][{_KATAKANA}]{{2,10}}|[{_KATAKANA}]{{2,10}})"
    r"[ 　]?(?P<cue>様(?![式子相態々])|さま(?!ざま)|さん|氏(?![名族])|殿|先生)"  # 「佐藤一郎　様」: a space as the formal style has it
)
_INTRODUCED_CUE = re.compile(r"と(?:申|言|いい)")
_HONORED_CUE = re.compile(r"[様氏殿]|さ[まん]|先生")
# Shapes of a name before a cue that other words have too: a name only when UniDic reads a person's name in it
# (:func:`_person`): a surname and a given name in katakana, 「ヤマダ タロウ様」 (not 「バス ドライバーさん」), a surname with
# ノ, 「一ノ瀬さん」, and one kanji before an honorific, 「林さん」「辻さん」「堀様」 (not 「北さん」; 「林と申します」 is a name
# as it stands); and a kanji surname with a given name in hiragana only when UniDic reads the kanji as a surname and a
# given name after it, 「鈴木みどりさん」, 「佐藤さくら様」 (not 「町内のみどりさん」, 「父のおばさん」).
_PERSON_SHAPE = re.compile(rf"[{_KATAKANA}]+[ 　][{_KATAKANA}]+|{_NO_NAME}")
_HIRAGANA_GIVEN = re.compile(rf"(?P<surname>[{_KANJI}]+)[ぁ-ん]+")
# Before an honorific these are roles, groups or relations, not names.
_NOT_NAME_ENDINGS = tuple(
    "長 員 者 師 士 官 課 局 係 所 庁 会 社 店 院 校 省 区 町 県 府 都 国 署 民 人 族 様 輩 客 仏 皆 奥 "
    "母 父 兄 姉 娘 孫 嫁 婿 弟 妹 供 業 体 団 先 各位 担当 大工 息子 医者 旦那 近所 上司 部下 同僚 友達 仲間 大家 "
    "職人 本人 皆様 両親 夫妻 夫婦 家族 学生 先生 生徒 院生 本屋 八百屋 魚屋 肉屋 花屋 床屋 部屋 問屋 酒屋 米屋 "
    "運転手 助手 選手 相手 先方 貴方 神様 王様 総務部 事業部 "
    # organisations addressed as persons (「農協さん」, 「警察さん」, 「地域包括支援センターさん」, 「コンビニさん」); 館 only
    # in a facility's word (「図書館さん」, 「公民館様」), as 大館 and 小館 are surnames
    "協 察 塾 役所 役場 組合 銀行 病院 交番 施設 団地 "
    "書館 術館 物館 育館 民館 会館 旅館 族館 学館 画館 念館 童館 料館 流館 化館 使館 事館 分館 別館 郷土館 福祉館 武道館 歴史館 "
    "センター クリニック ステーション コンビニ スーパー ショップ ストア マート ホテル サービス スクール クラブ".split()
)
# An ending of an organisation that ends short names too (花園): not a name when the word is longer (「保育園さん」).
_NOT_NAME_LONG_ENDINGS = ("園",)
_NOT_NAME_KATAKANA = {"ヘルパー", "ケアマネ", "ケアマネジャー", "ドライバー", "スタッフ", "ボランティア", "サポーター",
                      "オペレーター", "コーディネーター", "ママ", "パパ", "オーナー", "ナース", "ドクター", "ガイド"}
# Words before a name that say who the person is (「町内会長加藤様」「北区在住山田と申します」).
_ROLE_WORDS = ("会長", "委員", "議員", "職員", "担当", "在住", "市長", "区長", "課長", "部長", "係長", "所長", "先生", "代表")


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


class _FoldTable(dict):
    """Each character's folded form, worked out once and read by ``str.translate`` (NFKC character by character in
    Python took half the masking's time): NFKC where that gives one character, else the character, "-" for a dash."""

    def __missing__(self, code: int) -> str:
        folded = unicodedata.normalize("NFKC", chr(code))
        folded = folded if len(folded) == 1 else chr(code)
        self[code] = "-" if folded in _DASHES else folded
        return self[code]


_FOLD = _FoldTable()


def _fold(text: str) -> str:
    """Full-width letters, digits and symbols as ASCII, every dash as "-", and 「ー」 between digits too (one character
    for one)."""
    folded = text.translate(_FOLD)
    if "ー" not in folded:
        return folded
    chars = list(folded)
    for mark in _LONG_VOWEL.finditer(folded):  # katakana words have many: only their places are looked at
        if _digit_at(text, mark.start() - 1) and _digit_at(text, mark.start() + 1):
            chars[mark.start()] = "-"
    return "".join(chars)


_LONG_VOWEL = re.compile("ー")


def _digit_at(text: str, index: int) -> bool:
    return 0 <= index < len(text) and unicodedata.normalize("NFKC", text[index]).isdigit()


def _my_numbers(text: str) -> list[Finding]:
    return [Finding("my_number", m.start(), m.end(), m.group(0)) for m in _DIGITS12.finditer(text)
            if my_number_is_valid("".join(m.groups()))]


# A number in 「第…号」 is a document's, never a phone's (「第012-3456789号」, 「告示第01-23456789号」); so is one written as a
# single group after a hyphen (「012-3456789」) after a label of a number that is not a phone's (「整理番号：」, 「No.」):
# 「電話番号：011-2112111」, 「TEL:011-2112111」 or such a number alone are still phones.
_DOCUMENT_NUMBER_BEFORE = re.compile(r"(?<!次)第[ 　]?$")  # not 「わかり次第 090-…」
_DOCUMENT_NUMBER_AFTER = re.compile(r"[ 　]?号")
_ONE_HYPHEN = re.compile(r"0[0-9]{1,4}-[0-9]{5,8}")
# Only the label of a document's or a register's number makes such a number no phone's (「整理番号：」, 「受付番号 」,
# 「会員番号」, 「No.」, 「ID:」): a number after any other word and 番号 may be a phone's (「私の番号：090-…」,
# 「折り返し番号：」, 「緊急時の番号：」, 「母の番号 」).
_DOCUMENT_LABEL_WORDS = ("整理", "受付", "管理", "文書", "申請", "登録", "会員", "受験", "案件", "事業", "事業所", "事業者",
                         "許可", "認可", "認定", "届出", "通知", "告示", "公告", "条例", "議案", "規則", "証明書", "証書",
                         "保険証", "被保険者", "受給者", "契約", "口座", "顧客", "お客様", "注文", "伝票", "識別", "資格",
                         "免許", "学籍", "社員", "職員", "患者", "診察券", "物件", "車両", "予約", "照会", "処理", "発行", "法人")
_NUMBER_LABEL = re.compile(rf"(?:(?:{'|'.join(_DOCUMENT_LABEL_WORDS)})[ 　]?番号|No|NO|no|№|ID)[ 　]*[.:：]?[ 　]*$")
_PHONE_WORDS = re.compile(r"電話|携帯|FAX|ファ[ッ]?クス|TEL|Phone|連絡|代表|直通|内線|自宅|固定|問い?合わ?せ|ダイヤル", re.IGNORECASE)


def _document_label(text: str, at: int) -> bool:
    """Whether a label of a document's number stands right before ``at`` (「整理番号：」, 「受付番号 」, 「No.」; not
    「電話番号：」, 「代表番号」, 「Phone No.」, a bare 「番号：」 nor another word's 「私の番号：」, 「折り返し番号：」)."""
    label = _NUMBER_LABEL.search(text, max(0, at - 16), at)
    if label is None:
        return False
    return _PHONE_WORDS.search(text, max(0, label.start() - 6), label.end()) is None  # 「電話受付番号」, 「TEL No.」


def _phones(text: str) -> list[Finding]:
    found = []
    for match in _PHONE.finditer(text):
        number = match.group(0)
        if re.search(r"[\t\n]", number) and (_CELL_BEFORE.search(text, max(0, match.start() - 8), match.start())
                                              or _CELL_AFTER.match(text, match.end())):
            continue
        if _DOCUMENT_NUMBER_BEFORE.search(text, max(0, match.start() - 3), match.start()) or _DOCUMENT_NUMBER_AFTER.match(
                text, match.end()) or (_ONE_HYPHEN.fullmatch(number) and _document_label(text, match.start())):
            continue
        if number.startswith("+81"):  # 「+81(0)90-…」: the trunk 0 in brackets is no digit of the number
            digits = "0" + re.sub(r"[^0-9]", "", number.replace("(0)", "", 1))[2:]
        else:
            digits = re.sub(r"[^0-9]", "", number)
        if len(digits) in (10, 11) and digits[1] != "0":
            found.append(Finding("phone", match.start(), match.end(), match.group(0)))
    return found


def _postal_codes(text: str, addresses: list[Finding]) -> list[Finding]:
    found = []
    for match in _POSTAL_MARKED.finditer(text):
        start, end = match.span("code") if match.group("code") else match.span()
        found.append(Finding("postal_code", start, end, text[start:end]))
    address_starts = {finding.start for finding in addresses}
    for match in _POSTAL_BARE.finditer(text):
        after = match.end() + len(text[match.end():]) - len(text[match.end():].lstrip(" 　"))
        if after in address_starts:
            found.append(Finding("postal_code", match.start(), match.end(), match.group(0)))
    return found


def _addresses(text: str) -> list[Finding]:
    return [Finding("address", m.start("address"), m.end("address"), m.group("address"))
            for m in _ADDRESS.finditer(text)]


def _after_role(name: str) -> str:
    """「町内会長加藤」 → 「加藤」: the part after the last role word, when a name is left."""
    for word in _ROLE_WORDS:
        position = name.rfind(word)
        if position >= 0 and len(name) - position - len(word) >= 1:
            return name[position + len(word):]
    return name


def _plausible(name: str, minimum: int) -> bool:
    plain = name.replace(" ", "").replace("　", "")
    if len(plain) < minimum or len(plain) > 8:
        return False
    if plain in _NOT_NAME_KATAKANA or plain.endswith(_NOT_NAME_ENDINGS):
        return False
    if len(plain) >= 3 and plain.endswith(_NOT_NAME_LONG_ENDINGS) or _is_city(plain):
        return False
    return not re.fullmatch(rf"[{_KANJI}]+", plain) or len(plain) <= 5


def _is_city(word: str) -> bool:
    """Whether a word ending in 市 names a city (「札幌市様」, 「伊達市さん」): UniDic reads its 市 as a word of its own,
    and what stands before it is no person's name. In a name 市 is part of the name's word (「佐藤浩市様」: 浩市 is a
    given name; 「高市様」, 「今市様」 surnames), or UniDic splits the given name in two (「鈴木耕市」: 耕, a given name, and
    市; 「小林大市」: a surname, 大 and 市): before a city's 市 stands no given name, and a surname only last
    (「伊達市」, 「小林市」)."""
    if len(word) < 3 or not word.endswith("市"):
        return False
    words = _tagged(word)
    if len(words) < 2 or words[-1][0] != "市":
        return False
    kinds = [(feature.pos3, feature.pos4) for _, feature, _ in words[:-1]]
    return kinds[-1] != ("人名", "名") and ("人名", "姓") not in kinds[:-1]


# Words that end in 様 and are no name before an honorific (「例年同様に」「多様な」「仕様」); 多様 and 一様 only
# before what follows the word (本多様, 健一様 are names).
_SAMA_WORDS = ("同様", "異様", "模様", "仕様", "態様", "有様", "今様", "左様", "斯様", "別様", "両様", "各様", "文様", "紋様")
_SAMA_WORD_BEFORE = re.compile(r"(?:多|一)様(?=[なに性化でだ])")


def _cued_name(text: str, match: re.Match[str], minimum: int) -> Finding | None:
    start, end = match.span("name")
    name = match.group("name")
    if text[end:end + 1] == "様" and (text[:end + 1].endswith(_SAMA_WORDS) or _SAMA_WORD_BEFORE.match(text, end - 1)):
        return None
    first, _, second = name.replace("　", " ").partition(" ")
    if second and not (_plausible(first, 1) and first not in _ROLE_WORDS):
        start, name = start + len(first) + 1, name[len(first) + 1:]  # 「担当者 野村様」: the name is the second word
    trimmed = _after_role(name) if re.fullmatch(rf"[{_KANJI}]+(?:[ぁ-ん]+)?", name) else name
    start += len(name) - len(trimmed)
    if re.fullmatch(rf"[{_KANJI}]+", trimmed) and len(trimmed) > 4 and not (len(trimmed) == 5 and _full_name(trimmed)):
        return None  # a long run of kanji before the cue is a phrase, not a name, but for a full name of five
    one = len(trimmed) == 1 < minimum and re.fullmatch(rf"[{_KANJI}]", trimmed) is not None  # 「林さん」
    if not _plausible(trimmed, 1 if one else minimum):
        return None
    if text[end:end + 1] in " 　" and not any(kind == "人名" for kind, _, _ in _tagged_kinds(trimmed)):
        return None  # after a space only a name UniDic knows: 「公園 さんぽ道」, 「野球 殿堂入り」 are words
    given = _HIRAGANA_GIVEN.fullmatch(trimmed)
    if ((one or _PERSON_SHAPE.fullmatch(trimmed)) and not _person(trimmed)
            or given and not _surname_and_given(trimmed, len(given.group("surname")))):
        return None
    if match.re is _HONORED and (not _honorific_read(text, start, match.start("cue"), match.end()) or _common_word(trimmed)):
        return None  # 「公園さんぽ道」, 「摂氏」, 「ご苦労様」, 「農家さん」: no name and an honorific
    return Finding("name", start, end, text[start:end])


def _honorific_read(text: str, start: int, cue: int, end: int) -> bool:
    """Whether UniDic reads the honorific at ``cue``..``end`` as a word of its own after the name at ``start``, in the
    words around them on their line (not 「公園さんぽ道」: さんぽ, 「野球殿堂」: 殿堂, 「摂氏」 and 「多様し」: one word each),
    and no prefix before the name (「ご苦労様」, 「お医者さん」: ご and お make a word polite, not a name)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    window_start = max(line_start, start - 2)
    window = text[window_start:min(end + 4, len(text) if line_end < 0 else line_end)]
    return _honorific_in(window, start - window_start, cue - window_start, end - window_start)


@lru_cache(maxsize=4096)
def _honorific_in(text: str, start: int, cue: int, end: int) -> bool:
    """:func:`_honorific_read` in a short ``text`` (cached: the same words recur)."""
    words = _tagged(text)
    return (any(at == cue and at + len(surface) == end for surface, _, at in words)
            and not any(at + len(surface) == start and feature.pos1 == "接頭辞" for surface, feature, at in words))


@lru_cache(maxsize=4096)
def _common_word(name: str) -> bool:
    """Whether UniDic reads ``name`` before さん as common words or a place only, each a word it knows, and no person's
    name (「農家」, 「親御」, 「消防」, 「行政」, 「電気屋」, 「北海道」; not 「高市」, read a place before 様 but a surname before
    さん, nor 「髙橋」, which it does not know). Read before さん: before 様 it reads 大橋 and 馬場 as common nouns, 松本 as a
    place. A surname that UniDic reads best as a common word is no name before an honorific either (「市場さん」: a
    market's vendor, 「大家さん」: a landlord, 「朝日様」: a company; 「日向さん」, 「小屋さん」 with them): the honorific
    says someone is meant, not that the word is their name. Such a surname is a name only by a stronger cue: と申します,
    名前は, 連絡先."""
    plain = name.replace(" ", "").replace("　", "")
    words = [feature for _, feature, at in _tagged(plain + "さん") if at < len(plain)]
    return bool(words) and all(
        feature.lemma is not None and feature.pos3 != "人名"
        and (feature.pos2 == "普通名詞" or feature.pos3 == "地名" or feature.pos1 in ("接頭辞", "接尾辞", "代名詞", "形状詞"))
        for feature in words)


# How many of MeCab's best readings :func:`_surname` looks through: 日向 and 朝日 are a surname second, 上 third.
_SURNAME_READINGS = 10


@lru_cache(maxsize=4096)
def _surname(word: str) -> bool:
    """Whether UniDic knows ``word`` as a surname: one of MeCab's best readings of it before さん reads it whole as
    人名-姓 (「日向」, 「小屋」, 「朝日」, 「上」, 「昼間」; not 「農家」, 「北海道」, 「夜間」, 「平日」), though its best reading may
    be a common noun. Only the context says which is meant: a contact label before it or the writer's name's label
    (「連絡先：上 090-…」, 「私の名前は日向です。」)."""
    with _TAGGER_LOCK:
        readings = [[(node.surface, node.feature.pos3, node.feature.pos4) for node in nodes]
                    for nodes in _tagger().nbestToNodeList(word + "さん", _SURNAME_READINGS)]
    return any(reading and reading[0] == (word, "人名", "姓") for reading in readings)


@lru_cache(maxsize=4096)
def _person(name: str) -> bool:
    """Whether UniDic reads a person's name in ``name`` before さん (its spaces left out: MeCab reads across them)."""
    plain = name.replace(" ", "").replace("　", "")
    return any(feature.pos3 == "人名" for _, feature, at in _tagged(plain + "さん") if at < len(plain))


@lru_cache(maxsize=4096)
def _surname_and_given(name: str, surname: int) -> bool:
    """Whether UniDic reads the first ``surname`` characters of ``name`` as a surname, and a person's name right after
    them, before さん (「鈴木みどり」; 「松本まりか」: まり and か)."""
    words = [(at, feature) for _, feature, at in _tagged(name + "さん") if at < len(name)]
    return (len(words) > 1 and words[0][0] == 0 and words[1][0] == surname
            and (words[0][1].pos3, words[0][1].pos4) == ("人名", "姓") and words[1][1].pos3 == "人名")


def _full_name(word: str) -> bool:
    """Whether UniDic reads ``word`` as a surname followed by a given name (「佐々木太郎」, 「長谷川浩市」, 「長谷川誠市」:
    長谷川, 誠 and 市), as it does not read a phrase of as many kanji (「市民病院長」, 「鈴木木材店」)."""
    kinds = [(feature.pos3, feature.pos4) for _, feature, _ in _tagged(word)]
    return kinds[:2] == [("人名", "姓"), ("人名", "名")]


def _field_start(text: str, at: int) -> bool:
    """Whether a label at ``at`` starts a field: at the text's start or after anything but a letter (a space, a line
    break, punctuation, a bracket, a number, a bullet), or a compound ending in 氏名 (「申請者氏名」)."""
    if at == 0 or not unicodedata.category(text[at - 1]).startswith("L"):
        return True
    return text.startswith(("氏名", "ご氏名"), at) and re.match(rf"[{_KANJI}]", text[at - 1]) is not None


def _names(text: str) -> list[Finding]:
    found = []
    for match in _LABELLED.finditer(text):
        group = "value" if match.group("value") else "name"
        start, end = match.span(group)
        if not _field_start(text, match.start()):
            # read on past the value (an end of the text given as endpos met the lookahead's $: 「氏名 住所 年齢を」);
            # after a space the name's shape is all of it, after a colon it may end before an honorific or です
            glued = _GLUED_NAME.match(text, start)
            if glued is None or glued.end() > end or group == "name" and glued.end() != end:
                continue
            end = glued.end()
        trimmed = _AFTER_NAME.search(text, start, end)
        end = trimmed.start() if trimmed and trimmed.start() > start else end
        found.append(Finding("name", start, end, text[start:end]))
    for pattern, minimum, cue in ((_INTRODUCED, 1, _INTRODUCED_CUE), (_HONORED, 2, _HONORED_CUE)):
        if cue.search(text) is None:
            continue  # most comments have none: the names' patterns are tried at every letter
        for match in pattern.finditer(text):
            finding = _cued_name(text, match, minimum)
            if finding is not None:
                found.append(finding)
    return found


# Who writes, said as 「中央区の山田太郎です。」「北区に住む70歳の者です。」: a person's name (UniDic's 人名, or a name
# masked before) or one of these words right before the copula, with nothing but where the writer lives or works
# before it (no が or も; を only for what the writer does; は only after 「私」; no verb but these).
_WRITER_WORDS = {"者", "市民", "住民", "区民", "町民", "村民", "一市民"}
_WRITER_VERBS = {"住む", "暮らす", "生まれる", "育つ", "勤める", "働く", "通う", "営む", "居る"}  # 居る: 住んでいる
# What the writer does for a living, said before the name (「清田区で農業を営んでいる鈴木です。」, 「町内会の会計を務める
# 鈴木です。」, 「市内で保育士をしている佐藤です。」, 「病院に勤務している」): 営む or 務める (UniDic's 勤める) after their
# object; する after a role (保育士, 主婦, 会長: its last word ends so) or after one of these verbal nouns. A place is
# no one's role, but 「除雪をしている中島」 or 「公園を整備している円山」 may be where that is done: no introduction.
_LIVELIHOOD_VERBS = {"営む", "勤める"}
_ROLE = re.compile(r"(?:[士師員業者家手長役係]|主婦|主夫|仕事|パート|アルバイト)$")
_WORK_NOUNS = {"勤務", "経営", "従事", "在籍", "在学", "自営", "開業"}
_COPULA = re.compile(r"(?:です|でございます|であります)[。！!]?[ \t　]*$")
# Before the name, a greeting is no part of the introduction (「はじめまして、北区の山田です。」), and an adverb or a
# conjunction makes none (「たとえば、中島です。」 names a place).
_GREETING = re.compile(r"^[ \t　]*(?:拝啓|はじめまして|初めまして|こんにちは|こんばんは|おはようございます|(?:いつも)?お世話に"
                       r"なって(?:おり|い)ます|お世話になります|(?:突然|夜分に?)?失礼(?:いた|致)?します)[、,。!！ \t　]*")
# Said in apposition (「…、有島武郎です。」), the name is the writer's only after such words: 「次の候補地、円山です。」
# names a place, 「札幌ゆかりの作家、有島武郎です。」 someone else; 「大学生の佐藤です。」 needs none. ゆかり (縁) is said of
# someone known for a tie to a place (「札幌市ゆかりの作家」: 市 is no cue there), never of oneself: no introduction.
_WRITER_CUE = re.compile(r"[区市町村]|在住|住|暮ら|私|わたし|僕|当方|者|員|会長|代表|勤|働|営|電話|TEL|Tel|メール|@|"
                         r"[母父妻夫親]|生|主婦|師|士|職")
_INTRODUCTION_CHARS = 50
# An aside in brackets between the name and the copula that says the writer's age, sex, occupation or ward
# (「山田太郎（70歳・会社員）です。」) is no part of the name; the name is what comes before it.
_ASIDE = re.compile(r"[（(](?P<aside>[^（）()]{1,20})[）)][ \t　]*$")
_PERSON_ASIDE = re.compile(r"[0-9０-９一二三四五六七八九十]+[ 　]*(?:歳|才|代)|男|女|在住|主婦|無職|パート|アルバイト|[員者生師士業職]")


@cache
def _tagger():
    import fugashi

    return fugashi.Tagger()


# One tagger serves every thread (the app answers sessions in threads). fugashi reads a word's features from MeCab's
# data only when asked, and the next parse overwrites that data: a word of one parse read after another parse shows
# the other sentence's features. A parse and the reading of its features are one step under this lock.
_TAGGER_LOCK = threading.Lock()


def _tagged(text: str) -> list[tuple[str, object, int]]:
    """``(surface, UniDic feature, start)`` of each word of ``text`` but punctuation, as plain values (the feature a
    named tuple of strings), read while no other thread parses."""
    with _TAGGER_LOCK:
        parsed = [(word.surface, word.feature) for word in _tagger()(text)]
    words, at = [], 0
    for surface, feature in parsed:
        at = text.find(surface, at)
        if feature.pos1 != "補助記号":
            words.append((surface, feature, at))
        at += len(surface)
    return words


def writer_introduction(sentence: str) -> tuple[int, int] | None:
    """Where the writer's name is in a sentence that says who writes (「中央区の山田太郎です。」: its span; 「北区在住の
    者です。」: an empty span at the end), or None for any other sentence (「中央区の課題です。」, 「担当は鈴木です。」).

    Example:
        >>> writer_introduction("北区在住の佐藤です。"), writer_introduction("北区の課題です。")
        ((5, 7), None)
    """
    copula = _COPULA.search(sentence)
    if copula is None or len(sentence.strip()) > _INTRODUCTION_CHARS:
        return None
    head = sentence[:copula.start()]
    aside = _ASIDE.search(head)
    if aside and _PERSON_ASIDE.search(aside.group("aside")):
        head = head[:aside.start()].rstrip(" \t　")
    if head.endswith(MASK):
        start = end = len(head)
        start -= len(MASK)
    else:
        words = _tagged(head)
        named = len(words)
        while named and words[named - 1][1].pos2 == "固有名詞" and words[named - 1][1].pos3 == "人名":
            named -= 1
        if named < len(words):
            start, end = words[named][2], len(head)
        elif words and words[-1][0] in _WRITER_WORDS:
            start = end = len(head)
        elif words and _surname_word(head, words[-1]):
            start, end = words[-1][2], len(head)  # 「北区在住の日向です。」
        else:
            return None
    greeting = _GREETING.match(head[:start])
    opening = head[greeting.end() if greeting else 0:start]
    if re.search(r"[、，,]", opening) and not _WRITER_CUE.search(opening):
        return None
    before = _tagged(opening)
    for at, (surface, feature, _) in enumerate(before):
        if feature.pos1 in ("副詞", "接続詞", "感動詞") or (
                feature.lemma == "縁" and "の" not in [word for word, _, _ in before[at + 2:]]):
            return None  # 縁: 「札幌市ゆかりの作家、有島武郎です。」 names someone known for a tie to a place (but
            # 「ゆかりの会の山田です。」 is a member of a group so named)
        if feature.pos1 == "助詞" and (surface in ("が", "も") or surface == "を" and not _livelihood(before, at)
                                       or surface == "は" and not (at == 1 and before[0][1].pos1 == "代名詞"
                                                                   or _name_topic(before, at))):
            return None
        if feature.pos1 in ("動詞", "形容詞", "助動詞") and feature.lemma not in _WRITER_VERBS and not (
                feature.lemma == "為る" and at and (before[at - 1][0] == "を" or before[at - 1][0] in _WORK_NOUNS)):
            return None  # する only after a role's を (checked there) or a verbal noun of work
    return start, end


# The writer's name's label as a sentence's topic: 「私の名前は山田花子です。」, 「氏名は山田です。」 say it as 「氏名：」 does
# (not 「施設の名前は日向です。」: a thing's name).
_NAME_TOPIC = re.compile(r"(?:(?:私|わたし|僕|ぼく|自分)の|[おご])?(?:名前|氏名)は[ \t　]*")


def _name_topic(words: list[tuple[str, object, int]], at: int) -> bool:
    """Whether the は at ``at`` is the last word before the name and ends a label of the writer's name
    (:data:`_NAME_TOPIC`)."""
    return at == len(words) - 1 and _NAME_TOPIC.fullmatch("".join(surface for surface, _, _ in words)) is not None


def _surname_word(head: str, word: tuple[str, object, int]) -> bool:
    """Whether the last ``word`` of an introduction's ``head`` is a surname that UniDic reads as a common word first
    (「日向」, 「朝日」, 「小屋」: :func:`_surname`) after the writer's name's label (「私の名前は日向です。」). Nowhere else
    in an introduction: where the writer lives or a greeting before such a word says what they are, their role, not
    their name (「市内在住の大家です。」, 「北区在住の仲間です。」, 「はじめまして、大家です。」: UniDic knows 大家, 仲間
    and 家内 as surnames too), and 「北区在住の日向です。」 stays with them; not one kanji nor a noun of time."""
    surface, feature, at = word
    if len(surface) < 2 or feature.pos1 != "名詞" or feature.pos3 in ("副詞可能", "人名") or not _surname(surface):
        return False
    opening = head[:at]
    greeting = _GREETING.match(opening)
    return _NAME_TOPIC.fullmatch(opening[greeting.end() if greeting else 0:]) is not None


def _livelihood(words: list[tuple[str, object, int]], at: int) -> bool:
    """Whether the を at ``at`` says what the writer does for a living (「農業を営む」, 「保育士をしている」,
    「会計を務める」, 「商店を経営している」)."""
    after = words[at + 1:at + 3]
    if not after:
        return False
    if after[0][1].pos1 == "動詞" and after[0][1].lemma in _LIVELIHOOD_VERBS:
        return True
    if after[0][1].lemma == "為る":
        return at > 0 and bool(_ROLE.search(words[at - 1][0]))
    return len(after) == 2 and after[0][0] in _WORK_NOUNS and after[1][1].lemma == "為る"


def _introduced(text: str) -> list[Finding]:
    """The writer's name in each sentence that says who writes (:func:`writer_introduction`)."""
    found = []
    for sentence in re.finditer(r"[^。！？!?\n]+[。！？!?]?", text):
        span = writer_introduction(sentence.group(0))
        if span is not None and span[0] < span[1]:
            start, end = sentence.start() + span[0], sentence.start() + span[1]
            found.append(Finding("name", start, end, text[start:end]))
    return found


# A signature: the writer's name on a line of its own, in the letter's closing (only blank lines, other signatures,
# contact details, who writes, a closing courtesy, 以上, 敬具 or a date after it; at most two such names, three or more lines of that shape are a list
# of places or people) or as the text's first line, the body after it. The line holds nothing but a name UniDic reads
# as a person's (a surname and a given name, 「山田太郎」「山田　太郎」; a surname alone only with a cue that it is the
# writer's: 在住, an age, a sex, a job, 「より」 or 「拝」, brackets, a phone number: 「北区在住　中島」, since a ward and a
# surname alone may be a district, 「手稲区　前田」), where the writer lives (a place, a ward, an address) and who they
# are (an age, a sex, a job, a phone number). The line before does not go on into it (「展示してほしいのは⏎山田太郎」).
_SIGNATURE_LINE = re.compile(r"[^\r\n]+")
_SIGNATURE_CHARS = 60
# The dash that sets a signature off (「— 山田花子」, folded 「-」); the long vowel mark 「ー」 typed as one only before a
# space (「ー 山田花子」), not a word's (「ーコーヒー」).
_SIGNATURE_DASH = re.compile(r"[-─━]{1,4}[ \t　]*|ー{1,4}[ \t　]+")
_SIGNATURE_END = re.compile(r"[ \t　]*(?:より|拝)?[ \t　]*$")
_SIGNATURE_WHERE = re.compile(rf"[{_KANJI}ぁ-んァ-ヶー]{{0,12}}(?:[区市町村都道府県郡](?:在住|在勤|在学)?|在住|在勤|在学)")
_SIGNATURE_WHO = re.compile(r"[0-9]{1,3}(?:代|歳|才)(?:前半|後半)?|男性|女性|男|女|主婦|主夫|無職|自営業?|会社員|会社役員|"
                            r"公務員|団体職員|教員|学生|大学生|高校生|中学生|パート|アルバイト|年金生活者?|農業|漁業")
_SIGNATURE_CUE = re.compile(r"在住|在勤|在学")
_CLOSING_LINE = re.compile(r"以上(?:です)?。?|敬具|敬白|謹白|草々|早々|不一|かしこ"
                           r"|(?:令和|平成|R)?[ 　]*[0-9元]{1,4}[ 　]*年[ 　]*[0-9]{1,2}[ 　]*月(?:[ 　]*[0-9]{1,2}[ 　]*日)?"
                           r"(?:[（(][月火水木金土日][)）])?|[0-9]{4}[/.\-][0-9]{1,2}[/.\-][0-9]{1,2}")
_CONTACT_LEFT_OVER = re.compile(rf"(?:{CONTACT_LABEL}|自宅|携帯|〒|[ \t　:：.()（）・,，、\-])*", re.IGNORECASE)
# A contact label standing as a part of its own before the number (「北区　山田太郎　TEL 011-…」).
_CONTACT_LABEL_PART = re.compile(rf"{CONTACT_LABEL}[ \t　:：.]*", re.IGNORECASE)
_SIGNATURE_GOES_ON = re.compile(r"[ \t　]*(?:[にへのをはがとやもで]|から|まで|より|[、，,])")
# A closing courtesy on a line of its own (「よろしくお願いいたします。」) and a contact line's note (「（平日のみ）」).
_COURTESY_LINE = re.compile(r"(?:以上、?)?(?:どうぞ|何卒|なにとぞ)?(?:ご検討(?:の程|のほど)?)?(?:よろしく|宜しく)?"
                            r"お願い(?:いた|致|申し上げ)?(?:し)?ます[。！!]?")
_NOTE = re.compile(r"[ \t　]*[（(][^()（）]{1,15}[)）]$")
_GOES_ON_INTO = tuple("はがのをにへとやもで、，,")


def _contact(text: str) -> bool:
    """Whether a line or a part holds nothing but contact details: a phone number, an e-mail address, a postal code
    or an address, with their labels (「TEL：011-…」)."""
    addresses = _addresses(text)
    findings = _phones(text) + _emails(text) + _postal_codes(text, addresses) + addresses
    left = text
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        left = left[:finding.start] + left[finding.end:]
    return bool(findings) and _CONTACT_LEFT_OVER.fullmatch(left) is not None


def _writer_line(line: str) -> bool:
    """Whether a line only says who writes by where and who (「60代　男性」, 「（70歳・男性）」, 「北区在住」, 「会社員」)."""
    bracketed = re.fullmatch(r"[（(]([^()（）]+)[)）]", line)
    parts = [part for part in re.split(r"[ \t　・、，,／/]+", bracketed.group(1) if bracketed else line) if part]
    return bool(parts) and all(_SIGNATURE_WHO.fullmatch(part) or _SIGNATURE_WHERE.fullmatch(part) for part in parts)


def _closing(line: str) -> bool:
    """Whether a line of a letter's closing is no signature but may stand around one: 以上, 敬具, a date, contact
    details (with a short note: 「連絡先：011-211-2682（平日のみ）」), who writes, a closing courtesy."""
    return bool(_CLOSING_LINE.fullmatch(line) or _contact(_NOTE.sub("", line)) or _writer_line(line)
                or _COURTESY_LINE.fullmatch(line))


def _signature(line: str, bracket_cue: bool = True, short_given: bool = True) -> tuple[int, int] | None:
    """Where the name is in a signature ``line`` (see :data:`_SIGNATURE_LINE`), or None. Each part between spaces
    is read alone: MeCab reads across an ASCII space (「在住 中島」 as 在住中 + 島). With ``bracket_cue`` false,
    brackets around the line are no cue that a surname alone is the writer's (:func:`_bracketed_signature`). With
    ``short_given`` false, a full name with a given name of one character is none: UniDic reads a town or a street
    as a surname and one (「月寒東」, 「石山 通」, 「北光」 as 北 + 光), as where a mere space sets it off a sentence
    (:func:`_dashed_signature`) nothing else says it is a signature."""
    stripped = line.strip(" \t　")
    if not stripped or len(stripped) > _SIGNATURE_CHARS:
        return None
    offset = line.find(stripped)
    dash = _SIGNATURE_DASH.match(stripped)  # 「— 山田花子」: a dash before a signature, as letters set it off
    if dash and dash.end() < len(stripped):
        stripped, offset = stripped[dash.end():], offset + dash.end()
    cue = False
    bracketed = re.fullmatch(r"[（(]([^()（）]+)[)）]", stripped)
    if bracketed:
        stripped, offset, cue = bracketed.group(1), offset + 1, bracket_cue
    ending = _SIGNATURE_END.search(stripped)
    cue = cue or bool(ending.group(0).strip())
    body = stripped[:ending.start()]
    aside = re.search(r"[（(]([^()（）]+)[)）]$", body)  # 「山田太郎（北区）」, 「山田太郎（090-1234-5678）」
    if aside and (_contact(aside.group(1)) or all(_SIGNATURE_WHERE.fullmatch(part) or _SIGNATURE_WHO.fullmatch(part)
                                                  for part in re.split(r"[ \t　・、，,／/]+", aside.group(1)) if part)):
        body, cue = body[:aside.start()], True
    parts = list(re.finditer(r"[^ \t　・、，,／/]+", body))
    contact = False  # the part taken off last was contact details: a label may stand before them as a part of its own
    while parts and (_SIGNATURE_WHO.fullmatch(parts[-1].group(0)) or _contact(parts[-1].group(0))
                     or contact and _CONTACT_LABEL_PART.fullmatch(parts[-1].group(0))):
        contact = _contact(parts[-1].group(0))  # 「北区　山田太郎　65歳」, 「北区　山田太郎　TEL 090-1234-5678」
        parts, cue = parts[:-1], True
    if not parts:
        return None
    kinds = [_tagged_kinds(part.group(0)) for part in parts]
    last = kinds[-1]
    named = len(last)
    while named and last[named - 1][0] == "人名":
        named -= 1
    name = [kind for _, kind, _ in last[named:]]
    given = 0  # how many characters the given name has
    if len(parts) > 1 and _spaced_full_name(parts[-2].group(0), parts[-1].group(0), kinds[-2], last):
        name, start, where = ["姓", "名"], parts[-2].start(), [part.group(0) for part in parts[:-2]]  # 「山田 太郎」
        given = len(parts[-1].group(0))
    elif not name:
        return None
    else:
        start, where = parts[-1].start() + last[named][2], [part.group(0) for part in parts[:-1]]
        if named:
            where.append(parts[-1].group(0)[:last[named][2]])
        if len(name) == 2:
            given = len(parts[-1].group(0)) - last[-1][2]
    if name[0] != "姓" or len(name) > 2 or len(name) == 2 and name[1] != "名":
        return None
    if given == 1 and not short_given:
        return None  # 「…。 月寒東」, 「…。 石山 通」: a town or a street
    for chunk in where:
        if _SIGNATURE_WHO.fullmatch(chunk) or _SIGNATURE_CUE.search(chunk):
            cue = True
        elif not (_SIGNATURE_WHERE.fullmatch(chunk) or [kind for kind, _, _ in _tagged_kinds(chunk)] == ["地名"]
                  or _contact(chunk)):
            return None
    if len(name) == 1 and not cue:
        return None  # 「中島」 or 「手稲区　前田」 may name a place
    return offset + start, offset + parts[-1].end()


def _spaced_full_name(surname: str, given: str, surname_kinds: list[tuple[str, str, int]],
                      given_kinds: list[tuple[str, str, int]]) -> bool:
    """Whether two parts of a signature set apart by a space are a surname and a given name (「山田 太郎」, 「高橋 由美」):
    the first read alone as a surname, and the second read alone as a given name, or, when it has two characters or
    more and names no place, the two read together as a surname and a given name that start where the parts do. Alone
    UniDic reads some given names best as a surname (由美), as it does not after a surname (「高橋由美」); but after a
    surname it reads one character as a given name too, where a town and a direction or a common noun are set apart
    (「豊平区 月寒 東」, 「北野 緑」, 「中島 桜」, 「前田 一」), so 「山田 誠」 stays as it did. The parts are read apart at
    all because MeCab reads across an ASCII space (「在住 中島」 as 在住中 + 島)."""
    if [kind[:2] for kind in surname_kinds] != [("人名", "姓")]:
        return False
    if [kind[:2] for kind in given_kinds] == [("人名", "名")]:
        return True
    if len(given) < 2 or any(kind == "地名" for kind, _, _ in given_kinds):
        return False
    return _tagged_kinds(surname + given) == [("人名", "姓", 0), ("人名", "名", len(surname))]


def _tagged_kinds(text: str) -> list[tuple[str, str, int]]:
    return [(feature.pos3, feature.pos4, at) for _, feature, at in _tagged(text)]


def signature_lines(text: str) -> list[tuple[int, int, int, int]]:
    """Each signature line of ``text`` (see :data:`_SIGNATURE_LINE`) as ``(line start, line end, name start, name
    end)``: the search leaves the whole line out, masking the name.

    Example:
        >>> signature_lines("除雪を増やしてほしい。\\n北区　山田太郎")
        [(12, 19, 15, 19)]
    """
    readable = _readable(text)
    if readable is None:
        return _signature_lines(_fold(text))
    reduced, starts, ends = readable
    return [(starts[line_start], ends[line_end - 1], starts[name_start], ends[name_end - 1])
            for line_start, line_end, name_start, name_end in _signature_lines(_fold(reduced))]


def _signature_lines(folded: str) -> list[tuple[int, int, int, int]]:
    """:func:`signature_lines` of a text folded already."""
    lines = [line for line in _SIGNATURE_LINE.finditer(folded) if line.group(0).strip()]
    if len(lines) < 2:
        return []
    found: list[tuple[int, int, int, int]] = []
    closing: list[tuple[re.Match[str], tuple[int, int]]] = []  # the closing block's signatures, from the end
    first = len(lines)
    for index in range(len(lines) - 1, 0, -1):
        line = lines[index].group(0).strip(" \t　")
        span = _signature(lines[index].group(0))
        if span is not None:
            closing.append((lines[index], span))
        elif not _closing(line):
            break
        first = index
    before = lines[first - 1].group(0).rstrip(" \t　")
    if closing and len(closing) <= 2 and not before.endswith(_GOES_ON_INTO):
        found += [(line.start(), line.end(), line.start() + span[0], line.start() + span[1]) for line, span in closing]
    opening = _signature(lines[0].group(0)) if first > 1 else None
    if opening is not None and _signature(lines[1].group(0)) is None and not _SIGNATURE_GOES_ON.match(lines[1].group(0)):
        found.append((lines[0].start(), lines[0].end(), lines[0].start() + opening[0], lines[0].start() + opening[1]))
    return sorted(found)


def _signatures(text: str) -> list[Finding]:
    """The writer's name on each signature line of a folded ``text``."""
    return [Finding("name", start, end, text[start:end]) for _, _, start, end in _signature_lines(text)]


# A signature in brackets at the end of the text's last line, after a sentence or contact details, not on a line of
# its own (「…を増やしてほしい。（山田花子）」, 「携帯090-1234-5678（山田）」).
_CLOSING_BRACKETS = re.compile(r"(?P<before>.*?)[ \t　]*(?P<signature>[（(][^()（）]{1,20}[)）])[ \t　]*")


def _bracketed_signature(text: str) -> list[Finding]:
    """The writer's name in a signature in brackets that ends the text (:data:`_CLOSING_BRACKETS`), read as a
    signature line is (:func:`_signature`; a place's or a thing's name is none). After a sentence a surname alone,
    with a ward or not, is none (「…ほしい。（清田）」, 「（豊平区 月寒）」): brackets there name the area the comment is
    about as often, and UniDic knows most districts as surnames (白石, 手稲, 石狩, 福島; 月寒, 澄川 and 西岡 only as
    surnames), so it cannot tell them apart. A full name is one (「（山田花子）」), and a surname with who writes
    (「（北区在住 山田）」, 「（山田 70代）」, 「（山田より）」); after a phone number or an address a surname alone too
    (「携帯090-1234-5678（山田）」: whose number it is)."""
    end = len(text.rstrip())
    if not text.endswith((")", "）"), 0, end):
        return []  # most comments: no search of the whole text
    line_start = text.rfind("\n", 0, end) + 1
    match = _CLOSING_BRACKETS.fullmatch(text, line_start, end)
    if match is None or not match.group("before"):
        return []
    before = match.group("before")
    last = re.split(r"[\s:：]", before)[-1]  # 「携帯090-…」: the last part, after a space or a label's colon
    contact = bool(last) and _contact(last)
    if not (before.endswith(("。", "！", "？", "!", "?")) or contact):
        return []
    span = _signature(match.group("signature"), bracket_cue=contact)
    if span is None:
        return []
    start, end = match.start("signature") + span[0], match.start("signature") + span[1]
    return [Finding("name", start, end, text[start:end])]


# A signature after a dash on the line of the letter's last sentence (「…ほしい。— 山田花子」), not on a line of its own.
# Also 「ー」 typed as the dash there before a space (「…ください。ー 高橋由美」: no word's long vowel follows a 。), and
# a dash between spaces after a sentence left without its 。 (「…ほしい — 山田花子」), and a mere space after the last
# sentence (「…お願いします。 山田 太郎」: only a name after it, so 「…お願いします。 以上です」 and a sentence with its
# own 。, 「…ほしい。 山田 太郎。」, stay).
_SENTENCE_DASH = re.compile(r"(?P<before>.*[。！？!?])[ \t　]*(?P<signature>(?:[-─━]{1,4}|ー{1,4}(?=[ \t　])).+)"
                            r"|(?P<open>.*[^ \t　])[ \t　]+(?P<spaced>[-─━]{1,4}[ \t　]+.+)"
                            r"|(?P<sentence>.*[。！？!?])[ \t　]+(?P<plain>[^。！？!?]+)")
_SENTENCE_DASH_HINT = re.compile(r"[。！？!?][ \t　]*[-─━ー]|[ \t　][-─━]{1,4}[ \t　]|[。！？!?][ \t　]+[^\s]")


def _dashed_signature(text: str) -> list[Finding]:
    """The writer's name in a signature after a dash or a space that follows the last sentence on its line
    (:data:`_SENTENCE_DASH`), at the end of the text or before the letter's closing lines only (contact details, a
    date, a closing courtesy: :func:`_closing`), read as a signature line is (:func:`_signature`): a full name, or a
    surname with a cue that it is the writer's (「…ほしい。— 北区在住 山田」, 「…ほしい。 北区在住 山田」); a surname
    alone (「…ほしい。— 山田」) may name a place and stays, and so does a dash inside a sentence (「3-5」, 「…。-以下略」
    is no name) and a sentence after a space (「…お願いします。 以上です」, 「…ほしい。 北区も同じ」)."""
    if _SENTENCE_DASH_HINT.search(text) is None:
        return []  # most comments: no reading of the lines
    lines = [line for line in _SIGNATURE_LINE.finditer(text) if line.group(0).strip()]
    index = len(lines) - 1
    while index > 0 and _closing(lines[index].group(0).strip(" \t　")):
        index -= 1
    if index < 0:
        return []
    line = lines[index]
    match = _SENTENCE_DASH.fullmatch(line.group(0).rstrip(" \t　"))
    if match is None:
        return []
    group = next(name for name in ("signature", "spaced", "plain") if match.group(name) is not None)
    span = _signature(match.group(group), short_given=group != "plain")
    if span is None:
        return []
    start, end = line.start() + match.start(group) + span[0], line.start() + match.start(group) + span[1]
    return [Finding("name", start, end, text[start:end])]


def _invisible_class() -> str:
    """A character class of the format characters (Unicode category Cf: the soft hyphen, zero-width spaces and
    joiners, the word joiner, the BOM, bidirectional marks) and the variation selectors (a name's kanji may carry
    one, 「葛󠄀」)."""
    codes = [code for code in (*range(0x20000), *range(0xE0000, 0xE1000)) if unicodedata.category(chr(code)) == "Cf"]
    codes += [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]
    ranges: list[list[int]] = []  # as ranges: a class of single characters is searched several times slower
    for code in sorted(set(codes)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in ranges) + "]"


_INVISIBLE = re.compile(_invisible_class())
# A voiced or semi-voiced sound mark, half-width (「ﾀﾞ」) or combining: NFKC of each character alone makes 「ﾀ」 and
# 「ﾞ」 タ and a combining mark, which no class of kana takes, so the mark is joined to the character before it.
_SOUND_MARKS = "\uff9e\uff9f\u3099\u309a"
_HIDDEN = re.compile(f"{_INVISIBLE.pattern[:-1]}{_SOUND_MARKS}]")  # one class: an alternation is searched far slower


def _readable(text: str) -> tuple[str, list[int], list[int]] | None:
    """``text`` as the finders read it, with where each of its characters starts and ends in ``text``: invisible
    characters (:data:`_INVISIBLE`) left out and a sound mark joined to the kana before it where NFKC makes them one
    character (「ﾔﾏﾀﾞ」 is read 「ﾔﾏダ」, then folded ヤマダ); None when there is nothing of the kind in it."""
    if _HIDDEN.search(text) is None:
        return None
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, char in enumerate(text):
        if _INVISIBLE.match(char):
            continue
        if char in _SOUND_MARKS and chars:
            joined = unicodedata.normalize("NFKC", chars[-1] + char)
            if len(joined) == 1:
                chars[-1], ends[-1] = joined, index + 1
                continue
        chars.append(char)
        starts.append(index)
        ends.append(index + 1)
    return "".join(chars), starts, ends


def find_personal_data(text: str, signatures: bool = True) -> list[Finding]:
    """Every finding, in text order; overlapping findings keep the earlier, longer one.

    Full-width digits and symbols and every kind of dash are read as their ASCII forms (positions are
    kept: each is one character for one). Invisible characters (:data:`_INVISIBLE`) are read as if they were
    not there, so that one inside a number or a name does not hide it, and a half-width kana with its sound mark as
    one kana (「ﾀﾞ」, :func:`_readable`); a finding's span is in ``text``, and covers those inside it.
    ``signatures=False`` leaves out signature lines (:func:`signature_lines`), for a text whose signatures were taken
    out already.

    Example:
        >>> [(f.start, f.end) for f in find_personal_data("電話 090\u200b-1234-5678")]
        [(3, 17)]
    """
    readable = _readable(text)
    if readable is None:
        return _find(text, signatures)
    reduced, starts, ends = readable
    spans = [(starts[finding.start], ends[finding.end - 1], finding.kind) for finding in _find(reduced, signatures)]
    return [Finding(kind, start, end, text[start:end]) for start, end, kind in spans]


def _find(text: str, signatures: bool = True) -> list[Finding]:
    folded = _fold(text)
    addresses = _addresses(folded)
    candidates = (
        _my_numbers(folded) + _emails(folded) + _phones(folded) + _postal_codes(folded, addresses)
        + addresses + _names(folded) + _introduced(folded) + (_signatures(folded) if signatures else [])
        + _bracketed_signature(folded) + _dashed_signature(folded)
        + _attributes(folded)
    )
    candidates += _header_values(folded, candidates)
    chosen: list[Finding] = []
    for finding in sorted(candidates, key=lambda f: (f.start, -(f.end - f.start))):
        if chosen and finding.start < chosen[-1].end:
            continue
        chosen.append(Finding(finding.kind, finding.start, finding.end, text[finding.start:finding.end]))
    return chosen


def who_writes_header(match: re.Match[str]) -> bool:
    """Whether a header line (:data:`HEADER_LINE`) says who writes: a short value without a sentence in it; a phone's
    or an e-mail's line (and 連絡先) only with a number or an address in it (「電話：なかなかつながらない。」 is a point,
    and so is 「電話：つながらない」)."""
    value = match.group("value").strip()
    if "。" in value or re.search(r"[:：]", value) or len(value) > 40:
        return False
    return not _PHONE_MAIL_LABEL.fullmatch(match.group("label")) or re.search(r"[0-9０-９@＠]", value) is not None


def header_lines(text: str) -> list[tuple[int, int]]:
    """Where each header line that says who writes (:func:`who_writes_header`) is in ``text``, without its line break:
    read as the finders read it (:func:`_readable`, folded: 「ﾌﾘｶﾞﾅ：」, 「ＴＥＬ：」).

    Example:
        >>> header_lines("ﾌﾘｶﾞﾅ：ﾔﾏﾀﾞ ﾀﾛｳ\\n除雪を増やして。")
        [(0, 14)]
    """
    readable = _readable(text)
    reduced, starts, ends = readable if readable else (text, None, None)
    spans = [match.span() for match in HEADER_LINE.finditer(_fold(reduced)) if who_writes_header(match)]
    return spans if starts is None or ends is None else [(starts[start], ends[end - 1]) for start, end in spans]


def _header_values(text: str, found: list[Finding]) -> list[Finding]:
    """The value of each header line that says who writes (:func:`who_writes_header`; not one saying the field is
    empty, 「名前：なし」): what no finding of ``found`` covers in it, a name after a name's label, an address after an
    address's, and after 「連絡先：」 a name beside the number (nouns only: not a note 「（平日のみ）」 nor 「まで」). After
    a phone's or an e-mail's label only the number or the address is masked; 年齢, 性別, 職業, 所属 and 生年月日 are
    found on any line by :func:`_attributes`."""
    values: list[Finding] = []
    for match in HEADER_LINE.finditer(text):
        label = match.group("label")
        kind = ("name" if _NAME_HEADER.fullmatch(label) else "address" if _ADDRESS_HEADER.fullmatch(label)
                else "contact" if label == "連絡先" else None)
        if kind is None or not who_writes_header(match) or re.match(_NO_VALUE, match.group("value")):
            continue
        start, end = match.span("value")
        at = start
        for begin, stop in sorted((f.start, f.end) for f in found if f.start < end and f.end > start) + [(end, end)]:
            values += _header_part(text, at, begin, kind)
            at = max(at, stop)
    return values


# The writer's age, sex, occupation, affiliation and date of birth after their label (「年齢：45歳」, 「【職業】会社員」,
# 「所属：○○町内会」, 「生年月日：昭和45年3月1日」), at a field's start (not 「対象年齢：」): after a colon or a bracketed
# label a value of the label's shape (an age, a sex, a date) or, for 職業 and 所属, a name up to the next field or the
# clause's end without the hiragana of a sentence (not a word saying the field is empty, 「性別：なし」): the rest of a
# comment's clause after a label is the comment's point (「性別：男女を問わず利用できる施設に…」, 「【年齢】制限を撤廃して」,
# 「年齢：18歳以上とされているが」, 「所属：市職員ばかりで、…」: second reading); after a mere space only a value of the
# label's shape (「年齢 45 性別 女性」, 「生年月日 1970/3/1」; 「氏名 住所 年齢を書く」, 「性別 女性が多い」 and 「年齢 20 歳未満」
# stay). 所属 has no shape: only after a colon.
_ATTRIBUTE_KINDS = {"年齢": "age", "年代": "age", "性別": "sex", "職業": "occupation", "所属": "affiliation",
                    "生年月日": "birth_date"}
_ATTRIBUTE_LABEL = re.compile(r"(?P<open>[【\[［])?(?P<label>年齢|年代|性別|職業|所属|生年月日)(?(open)[】\]］])"
                              r"(?:(?P<colon>[ \t]*[:：])|(?(open)|[ \t]+))[ \t]*")
_ATTRIBUTE_WORD = r"[^\s、。,，:：;；!?！？()（）「」『』【】\[\]<>]{1,20}"
_ATTRIBUTE_VALUE = re.compile(
    rf"(?!{_NO_VALUE}){_ATTRIBUTE_WORD}"
    rf"(?:[ \t](?!{_NEXT_FIELD}|(?:{'|'.join(_ATTRIBUTE_KINDS)}|氏名|名前)(?![{_KANJI}])){_ATTRIBUTE_WORD}){{0,2}}")
_ERA = r"(?:明治|大正|昭和|平成|令和|[MTSHR])"
_BIRTH_DATE = (rf"(?:{_ERA}[ \t]?)?[0-9元]{{1,4}}[ \t]?年[ \t]?[0-9]{{1,2}}[ \t]?月(?:[ \t]?[0-9]{{1,2}}[ \t]?日)?"
               rf"|(?:{_ERA}[ \t]?)?[0-9]{{1,4}}([/.\-])[0-9]{{1,2}}\1[0-9]{{1,2}}")
_ATTRIBUTE_SHAPES = {
    "age": re.compile(r"[0-9]{1,3}(?:[ \t]?(?:歳|才|代)(?:前半|後半)?)?(?![ \t]?[0-9歳才代])"),
    "sex": re.compile(r"男性|女性|男|女|その他|無回答|回答しない|答えたくない"),
    "occupation": re.compile(r"会社員|会社役員|自営業?|公務員|団体職員|教員|主婦|主夫|無職|大学生|高校生|中学生|学生|パート"
                             r"|アルバイト|年金生活者?|農業|漁業"),
    "birth_date": re.compile(_BIRTH_DATE),
}
_FREE_ATTRIBUTES = ("occupation", "affiliation")  # after a colon any name (看護師, ○○町内会); the others by their shape
_SENTENCE_KANA = re.compile(r"[ぁ-んゃゅょっ](?<!の)")  # hiragana other than の: a sentence's, not a job's or a body's name
_ATTRIBUTE_END = re.compile(r"(?![^\s、。,，;；)）】\]【\[［])")
_ATTRIBUTE_COPULA = re.compile(r"(?:です|でございます)$")
_COPULA_END = re.compile(r"(?:です|でございます)(?![^\s、。,，;；)）】\]【\[［])")  # 「年齢：45歳です。」


def _attributes(text: str) -> list[Finding]:
    """The value after each label of the writer's age, sex, occupation, affiliation or date of birth (see
    :data:`_ATTRIBUTE_LABEL`), as the other header values are masked (「年齢：●●●」)."""
    found = []
    for label in _ATTRIBUTE_LABEL.finditer(text):
        at = label.start()
        if at and not label.group("open") and unicodedata.category(text[at - 1])[0] in "LN":
            continue  # 「対象年齢：」, 「子どもの年齢：」, 「1990年代 」: no field of the writer's (「…【性別】」 is one)
        kind = _ATTRIBUTE_KINDS[label.group("label")]
        named = label.group("colon") or label.group("open")
        shape = _ATTRIBUTE_VALUE if named and kind in _FREE_ATTRIBUTES else _ATTRIBUTE_SHAPES.get(kind)
        value = shape.match(text, label.end()) if shape is not None else None
        if value is None or not (_ATTRIBUTE_END.match(text, value.end()) or _COPULA_END.match(text, value.end())):
            continue
        if kind in _FREE_ATTRIBUTES and _SENTENCE_KANA.search(value.group()):
            continue  # 「所属：市職員ばかりで、…」, 「職業：訓練の場を増やして」: a sentence, no name of a job or a body
        start, end = value.span()
        copula = _ATTRIBUTE_COPULA.search(text, start, end)  # 「年齢：45歳です。」
        end = copula.start() if copula and copula.start() > start else end
        found.append(Finding(kind, start, end, text[start:end]))
    return found


def _header_part(text: str, start: int, end: int, kind: str) -> list[Finding]:
    """What is left of a header line's value between ``start`` and ``end`` (see :func:`_header_values`)."""
    part = text[start:end]
    value = part.strip(" \t　\r:：,，、・/／-【】[]［］")
    if not value or _CONTACT_LEFT_OVER.fullmatch(value) or _NAME_HEADER.fullmatch(value):
        return []  # separators, a note's or the next field's label (「【氏名】渡辺美咲　【住所】札幌市…」)
    if kind == "contact":
        words = [(surface, feature) for surface, feature, _ in _tagged(value)]
        if _NOTE.fullmatch(value) or not all(feature.pos1 in ("名詞", "接頭辞", "接尾辞") for _, feature in words):
            return []
        if all(_when_or_where(surface, feature) for surface, feature in words):
            return []  # 「連絡先：夜間 090-…」, 「連絡先：平日・日中 011-…」: when or where to call, no one's name
        kind = "name"
    at = start + part.find(value)
    return [Finding(kind, at, at + len(value), value)]


# Common nouns that say when or where to call beside a contact number (UniDic's lemma), besides its nouns of time
# (普通名詞 that may stand as adverbs: 平日, 休日, 午後, 夕方, 土日) that are no surname. 昼間 is a surname too, but
# beside a number it says when to call.
_CONTACT_NOTE_WORDS = {"夜間", "日中", "昼間", "深夜", "早朝", "終日", "自宅", "携帯", "固定", "職場", "勤務", "先", "会社",
                       "事務所", "緊急", "時", "留守", "帯", "以降", "以外", "代表", "直通", "内線"}


def _when_or_where(surface: str, feature) -> bool:
    """Whether a word beside a contact number says when or where to call (see :data:`_CONTACT_NOTE_WORDS`): a noun
    of time only when it is no surname too (「上」, 「前」, 「中」, 「今」 are, and a name beside a number is what 連絡先
    gives)."""
    return feature.pos3 != "人名" and (feature.lemma in _CONTACT_NOTE_WORDS or feature.pos2 == "普通名詞"
                                       and feature.pos3 == "副詞可能" and not _surname(surface))


def _emails(text: str) -> list[Finding]:
    """E-mail addresses: each starting where a run of address letters does (trying every position of a long run
    was quadratic), and any that follows one of them directly."""
    found = []
    for match in _EMAIL.finditer(text):
        while match is not None:
            found.append(Finding("email", match.start(), match.end(), match.group(0)))
            match = _EMAIL_NEXT.match(text, match.end())
    return found


def _simple(kind: str, pattern: re.Pattern[str], text: str) -> list[Finding]:
    return [Finding(kind, m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


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
