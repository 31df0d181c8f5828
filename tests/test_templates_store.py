"""Templates kept by the store: grouped per document, in its transaction, the same as a full regrouping."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter

import pytest

from assistant.ingest import ingest
from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
from assistant.settings import SEED_DIR
from assistant.store import SCHEMA_VERSION, Store

SEEDS = sorted(path for path in SEED_DIR.iterdir() if path.suffix == ".txt")
LEFT = "個人情報の取扱いについては、条例に基づき適切に管理してまいります。"
RIGHT = "個人情報の取扱いについては、法律に基づき厳格に運用し、適切に保護してまいります。"
BRIDGE = "個人情報の取扱いについては、条例に基づき厳格に運用し、適切に管理してまいります。"


def document(title: str, *answers: str) -> ParsedDocument:
    items = tuple(ParsedItem(str(n), f"ご意見{n}", (answer,)) for n, answer in enumerate(answers, start=1))
    return ParsedDocument(DocumentMeta(title=title, kind="table"), items, source=f"{title}.csv", source_sha256=title)


def partition(store: Store) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for paragraph_id, template_id in store.conn.execute("SELECT id, template_id FROM paragraphs"):
        groups.setdefault(template_id, set()).add(paragraph_id)
    return {frozenset(ids) for ids in groups.values()}


def assert_consistent(store: Store) -> None:
    """Every paragraph has a stored template; every count matches the rows it counts."""
    conn = store.conn
    assert conn.execute("SELECT COUNT(*) FROM paragraphs WHERE template_id IS NULL"
                        " OR template_id NOT IN (SELECT id FROM templates)").fetchone() == (0,)
    counted = conn.execute(
        "SELECT g.template_id, COUNT(*), COUNT(DISTINCT g.precedent_id), COUNT(DISTINCT p.document_id)"
        " FROM paragraphs g JOIN precedents p ON p.id = g.precedent_id GROUP BY g.template_id ORDER BY 1"
    ).fetchall()
    assert conn.execute("SELECT id, n_paragraphs, n_precedents, n_documents FROM templates ORDER BY 1").fetchall() == counted
    uses = conn.execute("SELECT norm, template_id, COUNT(*) FROM paragraphs GROUP BY norm ORDER BY norm").fetchall()
    assert conn.execute("SELECT norm, template_id, n_paragraphs FROM template_norms ORDER BY norm").fetchall() == uses
    assert conn.execute("SELECT COUNT(*) FROM template_keys WHERE norm_id NOT IN (SELECT id FROM template_norms)"
                        ).fetchone() == (0,)


def test_ingesting_one_document_at_a_time_groups_as_a_full_regrouping_does() -> None:
    store = Store(":memory:")
    for path in SEEDS:
        ingest([path], store)
    assert_consistent(store)
    one_by_one = partition(store)
    assert store.rebuild_templates() == len(one_by_one) == store.stats().n_templates
    assert partition(store) == one_by_one
    assert_consistent(store)
    assert store.stats().n_recurring_templates == 10


def test_a_wording_similar_to_two_templates_merges_them_into_the_larger() -> None:
    store = Store(":memory:")
    store.write_document(document("左", LEFT, LEFT), template_similarity=0.8)
    store.write_document(document("右", RIGHT), template_similarity=0.8)
    assert len(store.templates()) == 2
    [left] = [t for t in store.templates() if t.text == LEFT]
    store.write_document(document("橋", BRIDGE), template_similarity=0.8)
    [merged] = store.templates()
    assert (merged.id, merged.text, merged.n_paragraphs, merged.n_precedents, merged.n_documents) == (
        left.id, LEFT, 4, 4, 3)
    assert_consistent(store)


def test_deleting_a_document_removes_its_uses_and_unused_templates() -> None:
    store = Store(":memory:")
    store.write_document(document("左", LEFT, LEFT), template_similarity=0.8)
    plan = store.write_document(document("別", "全く別の回答です。", LEFT), template_similarity=0.8)
    assert {t.text: t.n_paragraphs for t in store.templates()} == {"全く別の回答です。": 1, LEFT: 3}
    store.delete_document(plan.document_id)
    assert [(t.text, t.n_paragraphs, t.n_documents) for t in store.templates()] == [(LEFT, 2, 1)]
    assert store.conn.execute("SELECT norm FROM template_norms").fetchall() == [(LEFT,)]
    assert_consistent(store)


def test_replacing_a_document_regroups_only_its_paragraphs() -> None:
    store = Store(":memory:")
    store.write_document(document("左", LEFT), template_similarity=0.8)
    store.write_document(document("右", RIGHT), template_similarity=0.8)
    store.write_document(document("右", BRIDGE), template_similarity=0.8)  # same title and file: replaces 右
    assert [(t.text, t.n_paragraphs, t.n_documents) for t in store.templates()] == [(LEFT, 2, 2)]
    assert_consistent(store)


def test_a_changed_similarity_regroups_every_paragraph_in_the_next_write() -> None:
    store = Store(":memory:")
    store.write_document(document("左", LEFT, BRIDGE), template_similarity=0.8)
    assert len(store.templates()) == 1
    store.write_document(document("右", RIGHT), template_similarity=1.0)
    assert sorted(t.text for t in store.templates()) == sorted([LEFT, BRIDGE, RIGHT])
    assert store.get_meta("template_grouping").endswith("@1")
    assert_consistent(store)


def test_a_version_5_store_is_regrouped_by_the_migration(tmp_path) -> None:
    path = tmp_path / "v5.sqlite3"
    with Store(path) as store:
        ingest(SEEDS[:2], store)
        before = partition(store)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE template_keys")
        conn.execute("DROP TABLE template_norms")
        conn.execute("DELETE FROM meta WHERE key = 'template_grouping'")
        conn.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    with Store(path) as store:
        assert store.get_meta("schema_version") == str(SCHEMA_VERSION) == "9"
        assert partition(store) == before
        assert store.conn.execute("SELECT COUNT(*) FROM template_norms").fetchone()[0] > 0
        assert_consistent(store)


# --- kill -9 during an ingest -----------------------------------------------------------------
ROWS = 1500
CHILD = """
import os, sys, time
import assistant.store as store_module
import assistant.templates as templates
from assistant import audit
point = os.environ["KILL_POINT"]

def pause(name, function):
    def wrapped(*args, **kwargs):
        result = function(*args, **kwargs) if name.endswith("after") else None
        if point == name:
            print("AT " + name, flush=True)
            time.sleep(60)
        return result if name.endswith("after") else function(*args, **kwargs)
    return wrapped

store_module.band_keys = pause("keys", templates.band_keys)  # paragraphs written, templates not yet
store_module.LinkIndex.link = pause("link-after", store_module.LinkIndex.link)  # grouped, nothing of it stored
store_module.Store._recount_templates = pause("recount", store_module.Store._recount_templates)  # templates stored
store_module.audit.record = pause("audit", audit.record)  # the last statement before COMMIT
import assistant.cli as cli
cli.format_report = pause("report", cli.format_report)  # committed, the report not printed yet
sys.exit(cli.main(["--db", sys.argv[1], "ingest", sys.argv[2]]))
"""


def staff_csv(path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["No.", "ご意見", "本市の考え方"])
        for n in range(1, ROWS + 1):
            answer = f"ご意見{n % 7}について回答します。\n{LEFT if n % 2 else RIGHT}\n第{n}項の扱いは個別に検討します。"
            writer.writerow([n, f"第{n}項についての意見です。", answer])


def snapshot(path) -> dict[str, list]:
    with sqlite3.connect(path) as conn:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
                for table in ("documents", "precedents", "paragraphs", "templates", "template_norms", "template_keys")}


@pytest.fixture
def kill_env(tmp_path):
    db = tmp_path / "store.sqlite3"
    with Store(db) as store:
        ingest([SEEDS[0]], store)
    source = tmp_path / "staff.csv"
    staff_csv(source)
    env = {**os.environ, "ZENREI_AUTO_SEED": "0", "ZENREI_BACKUP_DIR": str(tmp_path / "backups")}
    env.pop("ZENREI_TEMPLATE_SIMILARITY", None)
    env.pop("PYTHONPATH", None)  # the CLI as a user runs it: the editable install, from another folder
    return db, source, env


def check_after_kill(db, before) -> str:
    """The store is as before, or holds the whole new document with its templates. Returns which."""
    with Store(db) as store:
        assert_consistent(store)
        after = snapshot(db)
        if after == before:
            return "before"
        assert len(after["documents"]) == len(before["documents"]) + 1
        assert store.stats().n_precedents == len(before["precedents"]) + ROWS
        assert store.stats().n_paragraphs == len(before["paragraphs"]) + 3 * ROWS
        return "ingested"


@pytest.mark.parametrize(("point", "expected"), [("keys", "before"), ("link-after", "before"),
                                                 ("recount", "before"), ("audit", "before"), ("report", "ingested")])
def test_kill_at_each_stage_of_an_ingest_leaves_the_store_before_or_fully_ingested(kill_env, point, expected) -> None:
    db, source, env = kill_env
    before = snapshot(db)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(source)], env={**env, "KILL_POINT": point}, cwd=db.parent,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = child.stdout.readline()
    assert line == f"AT {point}\n"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert check_after_kill(db, before) == expected


def test_kills_at_random_moments_leave_the_store_before_or_fully_ingested(kill_env) -> None:
    db, source, env = kill_env
    before = snapshot(db)
    started = time.perf_counter()
    finished = subprocess.run([sys.executable, "-m", "assistant", "--db", str(db), "ingest", str(source)], env=env,
                              cwd=db.parent, capture_output=True, text=True)
    whole = time.perf_counter() - started
    assert finished.returncode == 0, finished.stderr
    assert check_after_kill(db, before) == "ingested"
    os.replace(db, db.with_suffix(".done"))
    seen = Counter()
    for fraction in (0.3, 0.6, 0.8, 0.9, 0.95):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(str(db) + suffix):
                os.remove(str(db) + suffix)
        with Store(db) as store:
            ingest([SEEDS[0]], store)
        before = snapshot(db)
        child = subprocess.Popen([sys.executable, "-m", "assistant", "--db", str(db), "ingest", str(source)], env=env,
                                 cwd=db.parent,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(whole * fraction)
        child.send_signal(signal.SIGKILL)
        child.wait()
        seen[check_after_kill(db, before)] += 1
    assert sum(seen.values()) == 5


def test_deleting_the_document_that_linked_two_wordings_splits_their_template() -> None:
    store = Store(":memory:")
    store.write_document(document("左", LEFT), template_similarity=0.8)
    store.write_document(document("右", RIGHT), template_similarity=0.8)
    bridge = store.write_document(document("橋", BRIDGE), template_similarity=0.8)
    assert len(store.templates()) == 1
    store.delete_document(bridge.document_id, template_similarity=0.8)
    assert sorted((t.text, t.n_paragraphs) for t in store.templates()) == sorted([(LEFT, 1), (RIGHT, 1)])
    assert_consistent(store)
