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

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
SEED_DIR = DATA_DIR / "seeds"


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
        lambda text: text.strip().lower() not in {"0", "false", "no", "off", ""},
    ),
    Setting(
        "template_similarity",
        "ZENREI_TEMPLATE_SIMILARITY",
        0.8,
        "Normalised edit similarity (0-1) at or above which two answer paragraphs share a template.",
        float,
    ),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


def get(name: str) -> object:
    """Return the current value of a setting, reading its environment variable each time.

    Args:
        name: A name from :data:`SETTINGS`.

    Raises:
        KeyError: If no setting has that name.
    """
    setting = _BY_NAME[name]
    raw = os.environ.get(setting.env)
    if raw is None:
        return setting.default
    return setting.parse(raw)
