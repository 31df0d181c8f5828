"""Cold start: the set-up step (prepare) and its stamp, and the 起案 page usable while the model loads."""

from __future__ import annotations

import threading
import time

import pytest
from streamlit.testing.v1 import AppTest

from assistant.ingest import ingest, open_corpus
from assistant.prepare import STAMP, is_prepared, prepare
from assistant.settings import REPO_ROOT, index_dir
from tests.conftest import SEEDS
from tests.fakes import FakeEncoder

LIABILITY = "クラウドに預けた個人情報が漏れたら、誰が責任を取って賠償するのですか。"
LOADING = "前例の索引を読み込んでいます…（入力はそのまま続けられます。「前例を探す」を押すと、準備ができ次第検索します）"


def test_prepare_builds_once_then_is_a_no_op_until_the_corpus_changes(tmp_path, monkeypatch) -> None:
    store, seeded = open_corpus()
    assert len(seeded) == 5
    said: list[str] = []
    encoder = FakeEncoder()
    assert prepare(store, say=said.append, encoder=encoder) is True
    assert (index_dir() / STAMP).is_file() and is_prepared(store)
    assert said[-1] == "準備ができました（前例 54 件、索引 IndexFlatIP）。"
    embedded = len(encoder.encoded)
    assert embedded > 100

    started = time.perf_counter()
    assert prepare(store, say=said.append, encoder=encoder) is False
    assert time.perf_counter() - started < 1.0  # reads a stamp, the manifest and the calibration: no model
    assert said[-1] == "準備済みです（モデルの変換・索引・校正はそのまま使えます）。"
    assert len(encoder.encoded) == embedded

    extra = tmp_path / "extra.txt"
    extra.write_text(SEEDS["000"].read_text(encoding="utf-8").replace("介護保険", "国民年金"), encoding="utf-8")
    ingest([extra], store)
    assert not is_prepared(store)  # the store's generation moved on
    assert prepare(store, encoder=encoder) is True
    assert is_prepared(store)

    import retrieval.scoring

    format_now = retrieval.scoring.FORMAT
    monkeypatch.setattr(retrieval.scoring, "FORMAT", format_now + 1)
    assert not is_prepared(store)  # a version that fits the calibration otherwise: refit at set-up
    monkeypatch.setattr(retrieval.scoring, "FORMAT", format_now)
    assert is_prepared(store)
    (index_dir() / "vectors" / "manifest.json").write_text("{}", encoding="utf-8")
    assert not is_prepared(store)  # an index changed behind the stamp's back
    store.close()


@pytest.fixture
def slow_model(monkeypatch):
    """The retriever's load (fake encoder) waits until the test opens the gate."""
    import assistant.service

    gate = threading.Event()
    real = assistant.service.open_retriever

    def gated(store=None, encoder=None, progress=None):
        gate.wait(60)
        return real(store, encoder=FakeEncoder(), progress=progress)

    monkeypatch.setattr(assistant.service, "open_retriever", gated)
    return gate


def test_the_draft_page_is_usable_while_the_model_loads_and_searches_when_it_is_ready(slow_model) -> None:
    app = AppTest.from_file(str(REPO_ROOT / "app_pages" / "draft.py"), default_timeout=120)
    started = time.perf_counter()
    app.run()
    assert not app.exception
    assert time.perf_counter() - started < 30  # the page did not wait for the model (the gate holds it 60 s)
    assert [c.value for c in app.caption] == [LOADING]
    assert app.button(key="search").label == "前例を探す"
    app.text_input(key="consultation").input("クラウド評価書")
    app.text_area(key="comment").input(LIABILITY)
    threading.Timer(1.0, slow_model.set).start()  # the model is ready a second after the click
    app.button(key="search").click().run()
    assert not app.exception
    assert app.session_state["result"] is not None and app.session_state["result_for"] == LIABILITY
    assert LOADING not in [c.value for c in app.caption]
    assert app.text_input(key="consultation").value == "クラウド評価書"


def test_bench_prints_the_cold_start_figures_beside_a_bare_interpreter() -> None:
    import io

    from assistant.bench_cold import print_cold_start

    out = io.StringIO()
    print_cold_start(out, {"baseline": 2.0, "first_page": 3.0, "first_suggestion": 12.0})
    assert out.getvalue() == ("コールドスタート（新しいプロセスから、準備済みの状態で）: 起案ページの表示 3.0 秒（基準: streamlit の "
                              "import だけ 2.0 秒、1.5 倍）、最初の提案 12.0 秒（6.0 倍）\n")
