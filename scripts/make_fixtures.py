"""Write the published-format test fixtures the way a city makes them: Word files printed to PDF.

For each of the five seed documents, a .docx with the front matter (title, period, counts) as
paragraphs and the answer table as a ruled Word table (header row repeated on every page, paragraphs
inside cells, A4, page numbers in the footer); the minutes (002) as plain paragraphs. Then layout
variants cities use: an answer cell merged down across several comments, a four-column table
該当箇所 / 番号 / 意見 / 考え方 with group headings and numbering that restarts, a long table whose
rows break across pages (and a Word table split in two by a page break), a table whose header row is
printed on the first page only under a running title, a fee table inside an answer cell, the answer
table inside a layout box, numbered Q&A paragraphs without a table, a memo with neither (bad input), and a password-protected PDF (bad input).

Every .docx is converted with LibreOffice in headless mode (Debian ``libreoffice-writer-nogui``,
installed by ``scripts/setup-system.sh``). LibreOffice only ever opens files this script wrote.

Usage:
    .venv/bin/python -m scripts.make_fixtures [--out tests/fixtures/published] [--no-pdf]   (from the repository root)
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from assistant.readers import read_document
from assistant.readers.docmeta import find_title
from assistant.readers.table import is_header_row
from assistant.settings import REPO_ROOT, SEED_DIR

DEFAULT_OUT = REPO_ROOT / "tests" / "fixtures" / "published"
FONT = "ＭＳ 明朝"
PASSWORD = "zenrei"


# --- Word building blocks ---------------------------------------------------------------------------
def new_document(landscape: bool = False, size: float = 10.5) -> Document:
    """An A4 document with Japanese default font and 20 mm margins."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(size)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    return document


def paragraph(document, text: str, size: float | None = None, bold: bool = False, center: bool = False, right: bool = False):
    para = document.add_paragraph()
    run = para.add_run(text)
    if size:
        run.font.size = Pt(size)
    run.bold = bold
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return para


def _field(para, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)


def page_numbers(document, style: str) -> None:
    """Footer page numbers as cities print them: "- 3 -", "3 ページ", "3/6" or a bare "3"."""
    para = document.sections[0].footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if style == "bare":
        _field(para, "PAGE")
    elif style == "dash":
        para.add_run("- ")
        _field(para, "PAGE")
        para.add_run(" -")
    elif style == "page":
        _field(para, "PAGE")
        para.add_run(" ページ")
    else:
        _field(para, "PAGE")
        para.add_run("/")
        _field(para, "NUMPAGES")


def running_header(document, text: str) -> None:
    para = document.sections[0].header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    para.add_run(text)


def _set_cell(cell, paragraphs: Sequence[str], size: float | None = None, center: bool = False) -> None:
    cell.paragraphs[0].text = ""
    for index, text in enumerate(paragraphs or [""]):
        para = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        run = para.add_run(text)
        if size:
            run.font.size = Pt(size)
        if center:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))


def _widths(table, widths_mm: Sequence[float]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def answer_table(document, headers: Sequence[str], rows: Iterable[Sequence[Sequence[str]]], widths_mm: Sequence[float],
                 header: bool = True, repeat: bool = True):
    """A ruled table whose header row repeats on every page; each cell holds a list of paragraphs.

    With ``header=False`` the table has no header row (the second part of a table split in two); with
    ``repeat=False`` the header row is printed on the first page only.
    """
    rows = list(rows)
    table = document.add_table(rows=int(header) + len(rows), cols=len(headers))
    table.style = "Table Grid"
    if header:
        for cell, text in zip(table.rows[0].cells, headers):
            _set_cell(cell, [text], center=True)
        if repeat:
            _repeat_header(table.rows[0])
    for row, values in zip(table.rows[int(header):], rows):
        for cell, value in zip(row.cells, values):
            _set_cell(cell, value)
    _widths(table, widths_mm)
    return table


def merge_down(table, column: int, first_row: int, last_row: int) -> None:
    """Merge a column's cells vertically (w:vMerge); the text stays in the first row's cell."""
    table.cell(first_row, column).merge(table.cell(last_row, column))


def page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# --- the five seeds ---------------------------------------------------------------------------------
def _front_and_tail(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Lines before the answer table, the header cells, and the lines after the table."""
    header_at = next(i for i, line in enumerate(lines) if "\t" in line and is_header_row(line))
    last_row = max(i for i, line in enumerate(lines) if "\t" in line)
    return lines[:header_at], lines[header_at].split("\t"), lines[last_row + 1:]


def _clean(line: str) -> str:
    return line.strip().lstrip("#").strip()


def _write_front(document, front: list[str]) -> None:
    """Title lines large and centred, a tab-separated count table as a small table, the rest as paragraphs."""
    title = find_title(front)
    pending_table: list[list[str]] = []

    def flush_table() -> None:
        if pending_table:
            table = document.add_table(rows=len(pending_table), cols=len(pending_table[0]))
            table.style = "Table Grid"
            for row, values in zip(table.rows, pending_table):
                for cell, value in zip(row.cells, values):
                    _set_cell(cell, [value.strip()], size=9)
            pending_table.clear()

    taken = ""
    for raw in front:
        line = _clean(raw)
        if "\t" in raw:
            pending_table.append(raw.split("\t"))
            continue
        flush_table()
        if not line:
            continue
        if len(taken) < len(title) and title.startswith(taken + line.replace(" ", "")[:5]):
            taken += line.replace(" ", "")
            paragraph(document, line, size=14, bold=True, center=True)
        else:
            paragraph(document, line)
    flush_table()


def seed_table_docx(path: Path) -> Document:
    lines = path.read_text(encoding="utf-8").split("\n")
    front, headers, tail = _front_and_tail(lines)
    [parsed] = read_document(path)
    document = new_document()
    page_numbers(document, "dash")
    _write_front(document, front)
    rows = [([item.no], item.comment.split("\n"), list(item.answer_paragraphs)) for item in parsed.items]
    answer_table(document, [h.strip() for h in headers], rows, (12, 70, 88))
    for raw in tail:
        if _clean(raw):
            paragraph(document, _clean(raw))
    return document


_MINUTES_MARKERS = ("・", "→", "〇", "○", "(", "（", "【", "１", "２", "３", "４", "５", "６")


def seed_minutes_docx(path: Path) -> Document:
    """Council minutes as a clerk types them: one Word paragraph per remark, not per printed line."""
    document = new_document()
    page_numbers(document, "dash")
    paragraphs: list[str] = []
    blank = True
    for raw in path.read_text(encoding="utf-8").split("\n"):
        line = raw.strip()
        if not line:
            blank = True
            continue
        starts_new = blank or line.startswith(_MINUTES_MARKERS) or not paragraphs
        if not starts_new and len(paragraphs[-1]) < 30 and not paragraphs[-1].endswith(("、", "「")):
            starts_new = True  # a short line is a heading or a list line, not a wrapped one
        if starts_new:
            paragraphs.append(line)
        else:
            paragraphs[-1] += line
        blank = False
    for index, text in enumerate(paragraphs):
        paragraph(document, text, size=14 if index == 0 else None, bold=index == 0, center=index == 0)
    return document


# --- layout variants --------------------------------------------------------------------------------
PARK_ROWS = [
    ("1", ["公園の遊具が古くなっているので、早く更新してほしい。"],
     ["遊具については、毎年点検を行い、劣化の程度に応じて計画的に更新しています。",
      "いただいたご意見は、今後の更新計画の参考とさせていただきます。"]),
    ("2", ["公園のトイレを洋式にしてほしい。"],
     ["本計画では、誰もが利用しやすい公園を目指し、トイレの洋式化とバリアフリー化を進めることとしています。",
      "整備の順序は、利用者の多い公園から順に検討してまいります。"]),
    ("3", ["車椅子でも使えるトイレを増やしてほしい。高齢の親と出かけるときに困っている。"], None),
    ("4", ["子ども連れでも安心して使えるよう、おむつ替えのできるトイレがほしい。"], None),
    ("5", ["夜間の照明が暗く、防犯上不安がある。", "特に冬は日が短いので、照明を増やしてほしい。"],
     ["照明については、LED化による明るさの改善を順次進めています。"]),
]


def headed_document(title: str, *lines: str, numbers: str = "dash") -> Document:
    """A new document with footer page numbers, the title large and centred, and front-matter lines under it."""
    document = new_document()
    page_numbers(document, numbers)
    paragraph(document, title, size=14, bold=True, center=True)
    for line in lines:
        paragraph(document, line)
    return document


def grid_table(container, rows: Sequence[Sequence[str]]):
    """A ruled table of one-paragraph cells, in a document or inside a table cell."""
    table = container.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for row, values in zip(table.rows, rows):
        for cell, text in zip(row.cells, values):
            _set_cell(cell, [text])
    return table


def merged_answer_docx() -> Document:
    """One answer cell merged down over comments 2-4, as tables do for 同趣旨のご意見."""
    document = headed_document("札幌市公園再整備計画（案）に対する意見募集の結果", "1 意見募集期間　令和6年4月1日（月）～令和6年4月30日（火）",
                               "2 意見提出者数　4人", "3 意見総数　5件", "4 ご意見の概要と市の考え方", numbers="page")
    rows = [([no], comment, answer or [""]) for no, comment, answer in PARK_ROWS]
    table = answer_table(document, ["No.", "ご意見の概要", "市の考え方"], rows, (12, 70, 88))
    merge_down(table, 2, 2, 4)
    return document


GROUPED = [
    ("Ⅰ．当該意見を踏まえて内容を修正するもの", [
        ("第１章", "1", "「地域公共交通」の定義が分かりにくいので、用語の説明を加えるべきとの意見",
         ["頂いたご意見を踏まえ、第１章１．の脚注に以下の記述を追加しました。【３ページ】",
          "地域公共交通：地域住民の日常生活や社会生活における移動のための交通手段として利用される公共交通機関をいう。"]),
        ("第２章\n基本方針Ａ", "2", "バス路線の再編に当たっては、利用者の意見を聞くべきとの意見",
         ["頂いたご意見を踏まえ、第２章基本方針Ａに、利用者アンケートの実施について追記しました。【12ページ】"]),
        (None, "3", "路線の廃止を決める前に、住民への説明会を開くべきとの意見", None),
    ]),
    ("Ⅱ．その他の主な意見", [
        ("第１章等", "1", "人口減少が進む中で、交通の維持は難しいのではないかとの意見",
         ["第１章に記述のとおり、人口減少下でも移動手段の確保は重要な課題であると認識しています。素案のとおりとして取組を進めてまいります。"]),
        ("第３章\n基本方針Ｂ等", "2", "自転車の通行空間の整備を進めるべきとの意見",
         ["第３章基本方針Ｂに、自転車通行空間の計画的な整備について記述しているところであり、ご意見も踏まえて適切に対処して参ります。"]),
        (None, "3", "歩道の段差を解消し、車椅子でも移動しやすい街にしてほしいとの意見",
         ["第３章基本方針Ｂに、歩行空間のバリアフリー化を進める旨を記述しているところであり、ご意見も踏まえて適切に対処して参ります。"]),
        ("第４章", "4", "計画の進捗を毎年公表すべきとの意見",
         ["第４章に、フォローアップとして毎年度進捗状況を取りまとめ、公表する旨を記述しています。"]),
    ]),
]


def grouped_docx() -> Document:
    """Landscape, four columns, a heading outside the table before each group, numbering restarting."""
    document = new_document(landscape=True)
    page_numbers(document, "page")
    paragraph(document, "資料３", right=True)
    paragraph(document, "札幌市地域交通計画（素案）に対する主な御意見及びそれに対する考え方", size=14, bold=True, center=True)
    paragraph(document, "※パブリックコメント意見提出総数　12者20件", right=True)
    paragraph(document, "（意見募集期間：令和７年６月２日～７月１日）", right=True)
    for group_index, (heading, rows) in enumerate(GROUPED):
        if group_index:
            page_break(document)
        paragraph(document, heading, bold=True)
        values = [([place.replace("\n", "\n")] if place else [""], [no], [comment], answer or [""])
                  for place, no, comment, answer in rows]
        values = [(place[0].split("\n"), no, comment, answer) for place, no, comment, answer in values]
        table = answer_table(document, ["該当箇所", "番号", "素案に対する意見（概要）", "意見に対する考え方"], values, (30, 14, 80, 133))
        for index, (place, _, _, answer) in enumerate(rows, start=1):
            if place is None:
                merge_down(table, 0, index - 1, index)
            if answer is None:
                merge_down(table, 3, index - 1, index)
    return document


LONG_COMMENT = ("地域の除雪について、生活道路の除雪が幹線道路に比べて遅く、朝の通勤や通学の時間帯に間に合わないことが多い。"
                "高齢者の多い地域では、自宅前の雪を片付けることも難しく、外出をためらう人もいる。")
LONG_ANSWER = [
    "生活道路の除雪は、幹線道路の除雪が終わった後に、降雪の状況に応じて実施しています。",
    "本市では、限られた除雪体制の中で、効率的な作業となるよう路線ごとの作業順序を毎年見直しています。"
    "また、高齢者世帯等を対象とした福祉除雪の制度も設けており、地域の皆様のご協力もいただきながら、冬の暮らしを支えてまいります。",
    "・除雪の出動基準や作業の予定は、市のホームページでお知らせしています。",
    "・福祉除雪の申込みは、各区の保健福祉課で受け付けています。",
]


def long_rows(count: int) -> list[tuple[list[str], list[str], list[str]]]:
    rows = []
    for number in range(1, count + 1):
        comment = [f"【意見{number}】" + LONG_COMMENT * (1 + number % 3)]
        answer = LONG_ANSWER[: 2 + number % 3] + ([LONG_ANSWER[1]] * (number % 4 == 0))
        rows.append(([str(number)], comment, answer))
    return rows


def long_table_docx() -> Document:
    """Rows long enough to break across pages; the Word file holds the table in two parts split by a
    page break, the second part without a header row."""
    document = new_document()
    page_numbers(document, "slash")
    running_header(document, "札幌市雪対策実施計画 意見募集の結果")
    paragraph(document, "札幌市雪対策実施計画（案）に対するご意見と本市の考え方", size=14, bold=True, center=True)
    paragraph(document, "意見募集期間　令和5年11月1日～令和5年11月30日")
    paragraph(document, "提出意見数　24件")
    rows = long_rows(24)
    headers = ["番号", "意見の要旨", "本市の考え方"]
    answer_table(document, headers, rows[:14], (14, 72, 84))
    page_break(document)
    answer_table(document, headers, rows[14:], (14, 72, 84), header=False)
    return document


def plain_table_docx() -> Document:
    """A header row on the first page only, a running title low enough to sit in the body area, bare page numbers."""
    document = new_document()
    section = document.sections[0]
    section.top_margin, section.header_distance = Mm(40), Mm(22)
    page_numbers(document, "bare")
    running_header(document, "札幌市除雪計画 意見募集の結果")
    paragraph(document, "札幌市除雪計画（案）に関する意見募集の結果", size=14, bold=True, center=True)
    paragraph(document, "意見募集期間　令和4年10月3日～令和4年11月2日")
    answer_table(document, ["番号", "意見の内容", "市の考え方"], long_rows(12), (14, 72, 84), repeat=False)
    return document


QA_ITEMS = [
    ("図書館の開館時間を延長してほしい。平日は仕事で行けない。",
     ["開館時間については、利用状況や運営体制を踏まえて検討しています。", "令和7年度から、中央図書館では平日の閉館時刻を午後8時に延長します。"]),
    ("電子書籍の貸出を始めてほしい。",
     ["電子図書館サービスを令和6年度に開始しました。", "蔵書の充実に努めてまいります。"]),
    ("駐車場が狭い。", ["駐車場の拡張は敷地の制約から難しい状況です。公共交通機関のご利用をお願いします。"]),
]


def numbered_qa_docx() -> Document:
    """Answers published as numbered paragraphs instead of a table."""
    document = headed_document("札幌市図書館ビジョン（案）に対する意見募集の結果について", "意見募集期間：令和6年9月2日～令和6年10月1日",
                               "意見総数：3件")
    paragraph(document, "ご意見の概要と本市の考え方", bold=True)
    for number, (comment, answer) in enumerate(QA_ITEMS, start=1):
        paragraph(document, f"{number}　{comment}")
        paragraph(document, "（本市の考え方）")
        for text in answer:
            paragraph(document, text)
    return document


FEE_ROWS = [["手数料", "現行", "改定後"], ["住民票の写し", "300円", "350円"], ["印鑑登録証明書", "300円", "350円"]]


def fee_table_docx() -> Document:
    """A small table inside an answer cell (the fees before and after), as answers about a fee revision show them:
    in the first row, and again in the last row, on the second page, where Word does not repeat the header."""
    document = headed_document("札幌市手数料条例の一部改正（案）に対する意見募集結果", "意見募集期間　令和6年8月1日～令和6年8月30日",
                               "意見総数　13件")
    rows = [(["1"], ["手数料の値上げに反対する。"], ["改定後の手数料は次のとおりです。"]),
            (["2"], ["値上げの理由を説明してほしい。"], ["人件費等の上昇を反映したものです。"]),
            (["3"], ["減免制度を設けてほしい。"], ["生活保護世帯は減免します。"])]
    rows += [([str(number)], [LONG_COMMENT], LONG_ANSWER[:2]) for number in range(4, 13)]
    rows.append((["13"], ["改定後の手数料を一覧で示してほしい。"], ["改定後の手数料は次のとおりです。"]))
    table = answer_table(document, ["No.", "ご意見の概要", "本市の考え方"], rows, (12, 70, 88), repeat=False)
    for row in (1, 13):
        cell = table.cell(row, 2)
        grid_table(cell, FEE_ROWS)
        cell.add_paragraph("ご理解をお願いします。")
    return document


def boxed_table_docx() -> Document:
    """The answer table inside a layout box: a caption row over a row that holds the table."""
    document = headed_document("札幌市緑の基本計画（案）に対する意見募集の結果", "意見募集期間　令和6年5月1日～令和6年5月31日", "意見総数　2件")
    box = grid_table(document, [["ご意見の概要と市の考え方"], [""]])
    _set_cell(box.cell(0, 0), ["ご意見の概要と市の考え方"], center=True)
    grid_table(box.cell(1, 0), [["No.", "ご意見の概要", "市の考え方"], ["1", "街路樹を増やしてほしい。", "計画に基づき植樹を進めます。"],
                                ["2", "公園の遊具を点検してほしい。", "定期的な点検を行います。"]])
    return document


def memo_docx() -> Document:
    document = new_document()
    paragraph(document, "打合せメモ", size=14, bold=True, center=True)
    paragraph(document, "令和6年5月10日、庁内の担当者で次年度の広報について打合せを行った。")
    paragraph(document, "広報紙の配布方法と、ホームページの更新手順を確認した。表やご意見の記載はない。")
    return document


# --- building everything ------------------------------------------------------------------------------
def documents() -> dict[str, Document]:
    """Every fixture .docx by file stem."""
    built = {}
    for path in sorted(SEED_DIR.glob("*.txt")):
        stem = f"seed_{path.name[:3]}"
        built[stem] = seed_minutes_docx(path) if path.name.startswith("002") else seed_table_docx(path)
    built["merged_answer"] = merged_answer_docx()
    built["grouped"] = grouped_docx()
    built["long_table"] = long_table_docx()
    built["plain_table"] = plain_table_docx()
    built["numbered_qa"] = numbered_qa_docx()
    built["fee_table"] = fee_table_docx()
    built["boxed_table"] = boxed_table_docx()
    built["memo"] = memo_docx()
    return built


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise SystemExit("LibreOffice (soffice) が見つかりません。bash scripts/setup-system.sh を実行してください。")
    return found


def to_pdf(sources: list[Path], out: Path, export_filter: str = "pdf") -> None:
    """Convert files this script wrote with LibreOffice in headless mode, with a private profile."""
    with tempfile.TemporaryDirectory() as profile:
        command = [soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", export_filter, "--outdir", str(out), *map(str, sources)]
        subprocess.run(command, check=True, capture_output=True, timeout=600)


def encrypted_filter() -> str:
    options = {"EncryptFile": {"type": "boolean", "value": "true"},
               "DocumentOpenPassword": {"type": "string", "value": PASSWORD}}
    return "pdf:writer_pdf_Export:" + json.dumps(options)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write to")
    parser.add_argument("--no-pdf", action="store_true", help="write the .docx files only")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, document in documents().items():
        target = args.out / f"{stem}.docx"
        document.save(target)
        written.append(target)
    if not args.no_pdf:
        to_pdf(written, args.out)
        with tempfile.TemporaryDirectory() as temp:
            source = Path(temp) / "encrypted.docx"
            shutil.copyfile(args.out / "merged_answer.docx", source)
            to_pdf([source], args.out, encrypted_filter())
    for path in sorted(args.out.iterdir()):
        print(f"{path.name}\t{path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
