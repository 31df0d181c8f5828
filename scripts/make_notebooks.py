"""Write the analyst notebooks (no outputs). Run: .venv/bin/python scripts/make_notebooks.py

The notebooks only call assistant.analysis and draw; keeping their source here makes them easy to
review and regenerate.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
SETUP = """import matplotlib.pyplot as plt
import matplotlib_fontja  # Japanese font for static charts (IPAexGothic, shipped in the package)
import pandas as pd
from IPython.display import HTML, display

# Every row and the whole of every cell: pandas' defaults showed 10 of 163 clusters, cut each ご意見 and 回答 at 50
# characters (where two answers differ) and left out the middle of a new consultation's comments.
pd.set_option('display.max_rows', None)
pd.set_option('display.max_colwidth', None)

from assistant import analysis
from assistant.service import open_retriever

analysis.use_offline_plotly()  # plotly.js embedded in the notebook, nothing from a CDN: works offline
store, retriever = open_retriever(progress=print)  # the configured store (ZENREI_DB_PATH); seeds on first use
if note := analysis.empty_store_note(store):  # no precedent: a mistyped ZENREI_DB_PATH opens an empty store
    print(note)
"""

NOTEBOOKS = {
    "01_corpus_overview.ipynb": [
        new_markdown_cell("# 前例コーパスの概要\n文書、事務名、期間、文書ごとのご意見の数、回答の長さ、既存テンプレートの再利用。"),
        new_code_cell(SETUP),
        new_code_cell("documents = analysis.documents_table(store)\ndocuments"),
        new_code_cell(
            "labels = documents['表示名'].tolist()  # one per document, told apart by period or id where titles cut alike\n"
            "fig, ax = plt.subplots(figsize=(8, analysis.bar_chart_height(len(labels))))  # taller with more documents\n"
            "ax.barh(labels, documents['項目数'], color='#4C78A8', label='読み取った項目')\n"
            "stated = documents['意見総数（記載）'].notna()  # documents that state their count (a CSV states none)\n"
            "ax.scatter(documents.loc[stated, '意見総数（記載）'].astype(int), [l for l, s in zip(labels, stated) if s],\n"
            "           color='#E45756', zorder=3, label='記載の意見総数')\n"
            "ax.set_xlabel('件数'); ax.set_title('文書ごとのご意見の数'); ax.legend(); plt.tight_layout(); plt.show()"
        ),
        new_code_cell("precedents = analysis.precedents_table(store)\nprecedents.groupby('事務名')['id'].count().rename('前例数')"),
        new_code_cell(
            "lengths = precedents['回答の文字数'].dropna()  # <NA>: published without an answer, no 0-character answer\n"
            "fig, ax = plt.subplots(figsize=(7, 3))\n"
            "ax.hist(lengths.astype(int), bins=15, color='#72B7B2')\n"
            "ax.set_xlabel('回答の文字数'); ax.set_ylabel('前例数'); ax.set_title('回答の長さ'); plt.tight_layout(); plt.show()\n"
            "if len(lengths) < len(precedents):\n"
            "    print(f'回答のない前例 {len(precedents) - len(lengths)} 件は除いています。')"
        ),
        new_code_cell(
            "reuse = analysis.template_reuse(store)\n"
            "summary = reuse.groupby('表示名', sort=False)[['再利用', '以前の期間から']].sum()  # per document, in publication order\n"
            "if len(summary):  # an empty corpus has nothing to draw\n"
            "    summary.plot.barh(figsize=(8, analysis.bar_chart_height(2 * len(summary))),  # two bars a document\n"
            "                      title='既存のテンプレートを再利用した回答の数'); plt.tight_layout(); plt.show()\n"
            "print(f\"{int(reuse['再利用'].sum())} / {len(reuse)} 件の回答が、先に使われた段落テンプレートを再利用しています\"\n"
            "      f\"（定型文を除くと {int(reuse['定型文以外を再利用'].sum())} 件。定型文: 話題を問わず多くの回答に付く文）。\")\n"
            "if reuse.attrs['left_out']:  # published without an answer: no answer to count\n"
            "    print(f\"回答のない前例 {len(reuse.attrs['left_out'])} 件は除いています。\")"
        ),
    ],
    "02_comment_clusters.ipynb": [
        new_markdown_cell(
            "# ご意見のクラスタ\n埋め込みでご意見（と回答）をまとめ、c-TF-IDF のキーワードで名前を付けます。\n"
            "方法: 2,000件までは完全連結の凝集型クラスタリング（コサイン距離のしきい値で切る。同じクラスタのどの2件もしきい値より近い）、それより多いときは "
            "MiniBatchKMeans で細かく分けてから同じしきい値で重心をまとめます（`assistant/analysis.py` の説明を参照）。"
        ),
        new_code_cell(SETUP),
        new_code_cell(
            "comments = analysis.cluster_precedents(retriever, 'comment')\n"
            "if comments.left_out:  # an answer published without its comment: nothing to cluster\n"
            "    print(f'ご意見のない前例 {len(comments.left_out)} 件は除いています。')\n"
            "analysis.table_view(comments.clusters)  # line breaks shown as breaks, not 「\\n」"
        ),
        new_code_cell("analysis.cluster_map(comments, 'ご意見のクラスタ（PCA による2次元の地図）').show()"),
        new_code_cell(
            "answers = analysis.cluster_precedents(retriever, 'answer')\n"
            "if answers.left_out:  # a result published without answers: no topic of its own\n"
            "    print(f'回答のない前例 {len(answers.left_out)} 件は除いています。')\n"
            "analysis.table_view(answers.clusters)"
        ),
        new_code_cell("analysis.cluster_map(answers, '回答のクラスタ').show()"),
    ],
    "03_answer_consistency.ipynb": [
        new_markdown_cell(
            "# 回答の一貫性\n繰り返し使われる回答テンプレート、1段落だけ違う回答、似たご意見に違う回答をしている組。\n\n"
            "テンプレートは、ほぼ同じ文面の段落をまとめたものです。「前例数」はテンプレートのどれかの文面を使った前例の数、"
            "「文面」はそのうち最も多く使われた文面、「この文面の前例数」はその文面をそのまま使った前例の数、"
            "「文面の種類」はまとめた文面の数です。「文面の種類」が2以上のテンプレートには言い回しの違う文面があり、"
            "約束を書き足した文面もありえます。流用する前に、文面ごとの前例数を "
            "`analysis.template_wordings(store, テンプレートID)` で確かめてください（下のセルは、文面が2種類以上ある最初のテンプレートの例です）。"
            "「使われた場所」は文書を古い順に（最新を最後に、日付のない文書はその後に）並べ、文書ごとに No. を 5 件まで示して残りは「ほか N 件」と数だけ示します。"
            "文書が 8 を超えるときは、最初の文書と最新の 7 文書を示し、その間は「ほか N 文書（M 件）」とまとめます。"
        ),
        new_code_cell(SETUP),
        new_code_cell("templates = analysis.templates_table(store)\n"
                      "analysis.table_view(templates)  # line breaks shown as breaks, not 「\\n」"),
        new_code_cell(
            "several = templates[templates['文面の種類'] > 1]  # templates holding more than one wording\n"
            "print(f'文面が2種類以上あるテンプレート: {len(several)} / {len(templates)} 件')\n"
            "if len(several):  # the first of them; pass another テンプレートID to see its wordings\n"
            "    display(analysis.table_view(analysis.template_wordings(store, several['テンプレートID'].iloc[0])))"
        ),
        new_code_cell(
            "diffs = analysis.near_identical_answers(store)\n"
            "print(f'{len(diffs)} 組の回答が段落を共有しつつ、一部の段落が違います。')\n"
            "if diffs:\n"
            "    display(HTML(diffs[0].html()))  # the pair that shares the most; diffs[1], diffs[2]… for the others"
        ),
        new_code_cell(
            "inconsistent = analysis.inconsistent_answers(retriever)\n"
            "print(f'似たご意見（コサイン類似度 0.93 以上）なのに、回答に共通の段落（定型文を除き、両方で60字以上）がない組: {len(inconsistent)} 組')\n"
            "if inconsistent.attrs['left_out']:  # published without an answer: nothing to disagree with\n"
            "    print(f\"回答のない前例 {len(inconsistent.attrs['left_out'])} 件は除いています。\")\n"
            "if inconsistent.attrs['no_comment']:  # an answer published without its comment: no comment to compare\n"
            "    print(f\"ご意見のない前例 {len(inconsistent.attrs['no_comment'])} 件は除いています。\")\n"
            "analysis.table_view(inconsistent)"
        ),
    ],
    "04_new_consultation.ipynb": [
        new_markdown_cell("# 新しい意見募集の見通し\nCSV のご意見ごとに、近い前例があるか（流用できるか）、一から書く必要があるかを示します。"),
        new_code_cell(SETUP),
        new_code_cell(
            "import os\n"
            "from pathlib import Path\n\n"
            "from assistant.batch import read_comments\n"
            "from assistant.errors import AssistantError\n"
            "from assistant.settings import DATA_DIR\n\n"
            "# Your file here (or in COMMENTS_FILE): CSV, Excel or text in any encoding, its ご意見 column found as the\n"
            "# 一括起案 page finds it (title rows above the header, 「意見の内容」, several sheets).\n"
            "source = Path(os.environ.get('COMMENTS_FILE') or DATA_DIR / 'samples' / 'new_comments.csv')\n"
            "notes, numbers = [], []  # numbers: the file's own No., when every comment has one\n"
            "try:\n"
            "    comments = list(read_comments(source, notes, numbers))\n"
            "except AssistantError as error:  # an empty file, no ご意見 column…: the message, not a traceback\n"
            "    comments = []\n"
            "    notes.append(str(error))\n"
            "print(f'{source.name}: {len(comments)} 件のご意見', *notes, sep='\\n')\n"
            "outlook = analysis.new_consultation(retriever, comments, numbers)\n"
            "analysis.table_view(outlook)  # line breaks shown as breaks, not 「\\n」"
        ),
        new_code_cell(
            "if outlook.empty:  # no comment in the file, or no precedent to judge it by (the first cell says so)\n"
            "    print('前例が0件のため、判定していません。' if comments else 'ご意見がないため、判定していません。')\n"
            "else:  # a fixed order and colour per verdict (value_counts orders by count, which swapped the colours)\n"
            "    counts = outlook['前例'].value_counts().reindex(['あり', 'なし（新規に作成）', '判定なし'], fill_value=0)\n"
            "    counts.plot.bar(figsize=(6, 3), title='前例の有無', color=['#4C78A8', '#E45756', '#BAB0AC'], rot=0); plt.tight_layout(); plt.show()\n"
            "    if outlook.attrs['threshold']:\n"
            "        print(f\"確からしさが {outlook.attrs['threshold']} 以上のご意見を、前例ありとしています。\")\n"
            "    print(f\"一から書く必要があるご意見: {counts['なし（新規に作成）']} 件\")\n"
            "    if counts['判定なし']:  # a bare keyword, a greeting alone: no verdict, read them (判定なしの理由)\n"
            "        print(f\"判定なし（語句だけ・挨拶だけなど）: {counts['判定なし']} 件。表の「判定なしの理由」と参考の候補を見てください。\")"
        ),
    ],
}


def notebook_of(name: str) -> nbformat.NotebookNode:
    """The notebook ``name`` as the script writes it: its cells numbered (cell-01, …), not given random ids, so that
    writing it again changes only the cells whose source changed."""
    cells = [nbformat.from_dict({**cell, "id": f"cell-{number:02d}"}) for number, cell in enumerate(NOTEBOOKS[name], 1)]
    return new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def main() -> None:
    folder = ROOT / "notebooks"
    folder.mkdir(exist_ok=True)
    for name in NOTEBOOKS:
        nbformat.write(notebook_of(name), folder / name)
        print(folder / name)


if __name__ == "__main__":
    main()
