"""Paged tables: the store returns one page of filtered precedents and the count of all that pass,
exact at 10,000 synthetic precedents."""

from __future__ import annotations

import time

import pytest

from assistant.models import DocumentMeta, ParsedDocument, ParsedItem
from assistant.store import Store

PER_DOCUMENT = 2_500
DOCUMENTS = (  # title, area, period start: four documents of 2,500 items, 10,000 precedents
    ("介護保険評価書 令和5年", "介護保険に関する事務", "2023-01-10"),
    ("介護保険評価書 令和6年", "介護保険に関する事務", "2024-01-10"),
    ("除雪計画 令和7年", "除雪に関する事務", "2025-01-06"),
    ("期間の書かれていない資料", None, None),
)


def synthetic_item(i: int) -> ParsedItem:
    """Item i (1-based): every 10th comment is about 除雪, every 4th answer mentions 通学路."""
    comment = f"第{i}号のご意見です。" + ("除雪を増やしてほしい。" if i % 10 == 0 else "")
    answer = f"第{i}号への回答です。" + ("通学路を優先します。" if i % 4 == 0 else "")
    return ParsedItem(str(i), comment, (answer,))


@pytest.fixture(scope="module")
def big_store():
    with Store(":memory:") as store:
        for title, area, start in DOCUMENTS:
            items = tuple(synthetic_item(i) for i in range(1, PER_DOCUMENT + 1))
            meta = DocumentMeta(title=title, kind="table", area=area, period_start=start, period_end=start)
            store.write_document(ParsedDocument(meta, items, source=f"{title}.csv", source_sha256=title))
        assert store.stats().n_precedents == 10_000
        yield store


def test_first_page_of_ten_thousand(big_store) -> None:
    page = big_store.precedent_page(limit=50)
    assert (page.total, len(page.precedents), page.label) == (10_000, 50, "1–50 / 10,000 件")
    assert [p.no for p in page.precedents[:3]] == ["1", "2", "3"]
    assert page.precedents[0].answer == "第1号への回答です。"


def test_last_page_is_short_and_in_published_order(big_store) -> None:
    page = big_store.precedent_page(limit=50, offset=9_950)
    assert page.label == "9,951–10,000 / 10,000 件"
    assert [p.no for p in page.precedents[-2:]] == ["2499", "2500"]
    assert page.precedents[-1].document_id == big_store.documents()[-1].id


def test_filters_count_exactly(big_store) -> None:
    # 除雪 in every 10th comment: 250 per document
    assert big_store.precedent_page(words=("除雪",)).total == 1_000
    # 除雪 and 通学路 (every 20th item): 125 per document; two documents in 介護保険
    snow = big_store.precedent_page(words=("除雪", "通学路"), areas=("介護保険に関する事務",), limit=50, offset=200)
    assert (snow.total, snow.label) == (250, "201–250 / 250 件")
    assert [p.no for p in snow.precedents[:2]] == ["1520", "1540"]  # the second document's 76th and 77th
    # documents without a period pass a year filter; 2024–2025 keeps two dated documents
    assert big_store.precedent_page(years=(2024, 2025)).total == 7_500
    assert big_store.precedent_page(areas=("（不明）",)).total == 2_500
    assert big_store.precedent_page(document_title="除雪計画 令和7年", words=("第25号の",)).total == 1
    nothing = big_store.precedent_page(words=("存在しない語",))
    assert (nothing.total, nothing.precedents, nothing.label) == (0, (), "0 / 0 件")


def test_a_filtered_page_is_quick_at_ten_thousand(big_store) -> None:
    start = time.perf_counter()
    page = big_store.precedent_page(words=("通学路",), areas=("除雪に関する事務", "（不明）"), offset=500)
    elapsed = time.perf_counter() - start
    assert (page.total, page.label) == (1_250, "501–550 / 1,250 件")
    assert elapsed < 2.0, f"one page took {elapsed:.2f} s"


def test_words_match_whatever_their_width(seeded) -> None:
    full = seeded.precedent_page(words=("クラウド",))
    assert full.total > 0
    assert seeded.precedent_page(words=("ｸﾗｳﾄﾞ",)).total == full.total  # half-width katakana, as some IMEs type it
    assert seeded.precedent_page(words=("ＣＳＰ",)).total == seeded.precedent_page(words=("CSP",)).total > 0
