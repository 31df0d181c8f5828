"""Templates kept by the store: grouped per document, in its transaction, the same as a full regrouping."""

from __future__ import annotations

import csv
import os
import random
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
from assistant.templates import group_paragraphs, same_stance

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


SNOW = "除雪体制については、地域の実情を踏まえながら、関係部局と連携して{}してまいります。"


def test_a_wording_alike_two_templates_that_say_the_opposite_joins_only_one_of_them() -> None:
    """Single linkage made 「…強化して…」 and 「…緩和して…」 one template through 「…検討して…」, which is compatible
    with both: the store's templates were one card and one recurring wording saying both."""
    strong, loose, study = (SNOW.format(word) for word in ("強化", "緩和", "検討"))
    store = Store(":memory:")
    for title, answer in (("強", strong), ("緩", loose), ("検", study)):
        store.write_document(document(title, answer), template_similarity=0.8)
    assert sorted((t.text, t.n_paragraphs) for t in store.templates()) == [(strong, 2), (loose, 1)]
    rows = store.conn.execute("SELECT id, norm FROM paragraphs ORDER BY rowid").fetchall()
    assert partition(store) == {frozenset(ids) for ids in group_paragraphs(rows, 0.8, same_stance, whole_groups=True)}
    assert_consistent(store)


def test_a_template_of_many_wordings_is_checked_by_the_one_that_could_turn_it_round_too() -> None:
    """Second reading: with 8 wordings of 「…検討して…」 (an answer used often), 「…強化して…」 joined as the ninth, and
    「…緩和して…」, checked against the first 8 only, joined too: one template saying both again."""
    study = [SNOW.format("検討") + f"（計画{page}ページ）" for page in range(10, 18)]
    strong, loose = SNOW.format("強化") + "（計画10ページ）", SNOW.format("緩和") + "（計画10ページ）"
    store = Store(":memory:")
    for number, answer in enumerate([*study, strong, loose]):
        store.write_document(document(f"d{number}", answer), template_similarity=0.8)
    assert sorted((t.text, t.n_paragraphs) for t in store.templates()) == [(study[0], 9), (loose, 1)]
    rows = store.conn.execute("SELECT id, norm FROM paragraphs ORDER BY rowid").fetchall()
    assert partition(store) == {frozenset(ids) for ids in group_paragraphs(rows, 0.8, same_stance, whole_groups=True)}
    assert_consistent(store)


# Three wordings (letters changed at random, seed 48) where the middle one is alike both others, and the first and the
# last share no LSH bucket: a new last wording finds the middle one's template through the middle one only.
FIRST = "除雪体制につしてつあけのつ情を踏まえなうき関係部局と連えして計画おにうた組み市民の安こな冬き暮らしをたえてさいりまお強化します。"
MIDDLE = "除雪体制につしてちあけのつ情を踏まえなおき関係部局と連えして計画いにうく組み市民の安おな冬あ暮らしをたえてさいりまお検討します。"
LAST = "除雪体制につせてちてけのこ情を踏まえなおち関係部局と連くして計画いにせく組み市民の安おな冬あ暮らしをかえてさいりまた緩和します。"


def test_a_new_wording_is_checked_against_a_template_s_first_wordings_that_no_bucket_of_it_holds() -> None:
    from assistant.templates import band_keys

    first, _, last = (set(keys) for keys in band_keys([FIRST, MIDDLE, LAST]).tolist())
    assert not first & last  # the case this test is about
    store = Store(":memory:")
    for title, answer in (("一", FIRST), ("二", MIDDLE), ("三", LAST)):
        store.write_document(document(title, answer), template_similarity=0.8)
    assert sorted((t.text, t.n_paragraphs) for t in store.templates()) == [(FIRST, 2), (LAST, 1)]
    one_by_one = partition(store)
    store.rebuild_templates(0.8)
    assert partition(store) == one_by_one
    assert_consistent(store)


def test_growing_a_store_one_document_at_a_time_groups_as_regrouping_it_at_once_with_opposites() -> None:
    """A template is checked by its first wordings, which no new wording's bucket may hold: the store reads them."""
    rng = random.Random(11)
    words = ("強化", "緩和", "検討", "推進", "見直し", "実施", "継続", "廃止")
    answers = []
    for _ in range(240):
        text = list(SNOW.format(rng.choice(words)) + rng.choice(("", "（計画12ページ）", "（計画13ページ）")))
        for _ in range(rng.choice((0, 1, 2))):
            text[rng.randrange(len(text) - 12)] = rng.choice("あいうえおかきくけこ")
        answers.append("".join(text))
    store = Store(":memory:")
    for start in range(0, len(answers), 12):
        store.write_document(document(f"d{start}", *answers[start:start + 12]), template_similarity=0.8)
    one_by_one = partition(store)
    assert 3 < len(one_by_one) < 200
    assert store.rebuild_templates(0.8) == len(one_by_one)
    assert partition(store) == one_by_one
    assert_consistent(store)
    for template in store.templates():  # no template holds two wordings that say the opposite
        norms = [norm for (norm,) in store.conn.execute(
            "SELECT norm FROM template_norms WHERE template_id = ? ORDER BY id LIMIT 8", (template.id,))]
        assert all(same_stance(one, two) for one in norms for two in norms), norms


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
        assert store.get_meta("schema_version") == str(SCHEMA_VERSION) == "12"
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
