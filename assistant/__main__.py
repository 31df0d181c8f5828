"""Entry point for ``python -m assistant``."""

import sys

INTERRUPTED = "\n中断しました（Ctrl+C）。データベースは壊れていません（書きかけの変更は保存されていません）。"


def run() -> int:
    """Import the CLI and run it; Ctrl+C while it loads (the imports take seconds on a busy machine) or outside the
    command's own handler exits 130 with a line in Japanese, not a traceback."""
    try:
        from assistant.cli import main

        return main()
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(run())
