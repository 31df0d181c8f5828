"""Every notebook runs top to bottom on the shipped corpus, and is committed without outputs."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from assistant.settings import REPO_ROOT

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))


def test_the_four_notebooks_exist() -> None:
    assert [n.name for n in NOTEBOOKS] == [
        "01_corpus_overview.ipynb", "02_comment_clusters.ipynb", "03_answer_consistency.ipynb", "04_new_consultation.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path) -> None:
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") and cell.get("execution_count") is None
               for cell in notebook.cells if cell.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_top_to_bottom(path, monkeypatch, model_cache) -> None:
    monkeypatch.setenv("ZENREI_MODEL_CACHE", str(model_cache))
    monkeypatch.setenv("PYTHONPATH", str(REPO_ROOT))
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(REPO_ROOT)}}).execute()  # raises CellExecutionError on failure
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
