"""Ingest (incremental, atomic) and hybrid retrieval over a small fixture knowledge base."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.index.ingest import IngestBusy, ingest, ingest_lock
from assistant.index.lc_retriever import make_retriever
from assistant.index.retrieval import IndexReader
from assistant.index.store import IndexUnavailable, forget_client
from tests.support.cards import write_card
from tests.support.network import NetworkBlocked


def ids(hits):
    return [h.id for h in hits]


def test_first_ingest_then_noop(fixture_settings: Settings) -> None:
    first = ingest(fixture_settings)
    assert first.added["playbook"] == 5 and first.embedded_chunks == 9  # 4 bilingual + 1 English-only
    second = ingest(fixture_settings)
    assert second.unchanged and second.embedded_chunks == 0
    assert second.version == first.version


def test_changed_card_is_reembedded_and_removed_card_disappears(fixture_settings: Settings) -> None:
    ingest(fixture_settings)
    folder = fixture_settings.knowledge_dir / "playbook"
    write_card(
        folder,
        "trust-dashboard",
        4,
        {"zh": "用看板化解信任危机", "en": "A dashboard to rebuild trust"},
        {
            "zh": "新的内容：对赌机制，未达到承诺ROI就补偿等值广告位。",
            "en": "New text: a performance bet with ad slots.",
        },
    )
    (folder / "03-coupon-abuse.md").unlink()
    report = ingest(fixture_settings)
    assert (
        report.updated["playbook"] == 1 and report.removed["playbook"] == 1 and report.added["playbook"] == 0
    )
    assert report.embedded_chunks == 2  # only the changed card, both languages
    reader = IndexReader(fixture_settings)
    assert "coupon-abuse" not in ids(reader.search("优惠券 黄牛 设备指纹", k=10))
    assert reader.search("对赌 广告位", k=1)[0].id == "trust-dashboard"
    assert "对赌" in reader.document("card:trust-dashboard:zh").text


def test_rebuild_starts_over(fixture_settings: Settings) -> None:
    ingest(fixture_settings)
    report = ingest(fixture_settings, rebuild=True)
    assert report.embedded_chunks == 9 and report.copied_chunks == 0 and report.version == 2


def test_failed_ingest_leaves_previous_index_queryable(fixture_settings: Settings) -> None:
    ingest(fixture_settings)
    reader = IndexReader(fixture_settings)
    before = ids(reader.search("合作方要50%的佣金", k=3))
    folder = fixture_settings.knowledge_dir / "playbook"
    write_card(folder, "new-card", 7, {"zh": "新卡", "en": "New card"}, {"zh": "新内容", "en": "new content"})
    with pytest.raises(RuntimeError, match="simulated"):
        ingest(fixture_settings, _fail_after_batches=0)
    fresh = IndexReader(fixture_settings)  # a new process would see the same pointer
    assert ids(fresh.search("合作方要50%的佣金", k=3)) == before
    report = ingest(fixture_settings)  # the next ingest completes and cleans up the half-built version
    assert report.added["playbook"] == 1
    assert "new-card" in ids(IndexReader(fixture_settings).search("新内容", k=6))


def test_killed_ingest_process_leaves_index_usable(fixture_settings: Settings, tmp_path: Path) -> None:
    ingest(fixture_settings)
    folder = fixture_settings.knowledge_dir / "playbook"
    for i in range(40):
        write_card(
            folder,
            f"bulk-{i}",
            20 + i,
            {"zh": f"批量{i}", "en": f"bulk {i}"},
            {"zh": f"内容{i}" * 30, "en": f"text {i} " * 40},
        )
    env = {
        "SUPERNODE_KNOWLEDGE_DIR": str(fixture_settings.knowledge_dir),
        "SUPERNODE_DATA_DIR": str(fixture_settings.data_dir),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ingest"],
        env={**env, "PATH": "/usr/bin:/bin"},
        stdout=subprocess.PIPE,
    )
    try:
        proc.wait(timeout=1.5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    forget_client(fixture_settings)
    assert IndexReader(fixture_settings).search("佣金 还价", k=1)[0].id == "commission-counter"
    report = ingest(fixture_settings)
    assert report.unchanged or report.added["playbook"] in (0, 40)
    assert len(IndexReader(fixture_settings).search("bulk text", k=50, language="en")) >= 40


def test_concurrent_ingest_is_refused_with_a_clear_message(fixture_settings: Settings) -> None:
    with ingest_lock(fixture_settings), pytest.raises(IngestBusy, match="another ingest"):
        ingest(fixture_settings)


def test_search_before_any_ingest_says_what_to_do(fixture_settings: Settings) -> None:
    with pytest.raises(IndexUnavailable, match="ingest"):
        IndexReader(fixture_settings).search("anything")


@pytest.fixture
def indexed(fixture_settings: Settings) -> IndexReader:
    ingest(fixture_settings)
    return IndexReader(fixture_settings)


def test_chinese_and_english_queries(indexed: IndexReader) -> None:
    assert indexed.search("合作方突然不干了怎么办", k=1)[0].id == "partner-exit"
    assert indexed.search("the partner wants too much commission", k=1)[0].id == "commission-counter"


def test_cross_language_query_finds_english_only_card(indexed: IndexReader) -> None:
    hits = indexed.search("超市和银行联名会员卡", k=2)
    assert hits[0].id == "membership-alliance" and hits[0].language == "en"


def test_bm25_finds_exact_chinese_term_vectors_rank_low(fixture_settings: Settings) -> None:
    folder = fixture_settings.knowledge_dir / "playbook"
    # The target names an internal programme; the decoys are about what the name's characters evoke.
    target = "跨境仓库的SKU匹配：用需求预测算法把库存周转从1.2次提升到4.8次，这是青禾项目的成果。"
    write_card(folder, "turnover-plan", 11, {"zh": "库存周转提升"}, {"zh": target})
    write_card(
        folder,
        "green-sprouts",
        12,
        {"zh": "青青禾苗"},
        {"zh": "青色禾苗主题的农产品联名：稻田里的禾苗与丰收。"},
    )
    write_card(
        folder,
        "rice-fields",
        13,
        {"zh": "禾苗与稻谷"},
        {"zh": "农业品牌合作：水稻基地的禾苗长势、青苗期管理与收成联合宣传。"},
    )
    ingest(fixture_settings)
    reader = IndexReader(fixture_settings)
    query = "青禾"
    vector = ids(reader.search(query, k=8, mode="vector", language="zh"))
    bm25 = ids(reader.search(query, k=8, mode="bm25", language="zh"))
    hybrid = ids(reader.search(query, k=8, language="zh"))
    assert bm25[0] == "turnover-plan"
    assert vector.index("turnover-plan") > 0, vector  # the embedder alone does not put it first
    assert hybrid.index("turnover-plan") < vector.index("turnover-plan")


def test_filters_kind_language(indexed: IndexReader) -> None:
    assert all(h.language == "en" for h in indexed.search("佣金", k=5, language="en"))
    assert all(h.kind == "playbook" for h in indexed.search("佣金", k=5, kind="playbook"))
    assert indexed.search("佣金", k=5, kind="deal") == []


def test_langchain_retriever_returns_documents_with_metadata(fixture_settings: Settings) -> None:
    ingest(fixture_settings)
    docs = make_retriever(fixture_settings, k=2, language="zh").invoke("优惠券被薅")
    assert docs[0].metadata["id"] == "coupon-abuse"
    assert set(docs[0].metadata) >= {"id", "title", "kind", "language", "score"}


def test_cli_search_json(fixture_settings: Settings) -> None:
    ingest(fixture_settings)
    env = {
        "SUPERNODE_KNOWLEDGE_DIR": str(fixture_settings.knowledge_dir),
        "SUPERNODE_DATA_DIR": str(fixture_settings.data_dir),
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "search", "对方要的佣金太高", "--json", "--k", "2"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    hits = json.loads(out.stdout)
    assert hits[0]["id"] == "commission-counter"
    assert set(hits[0]) == {"id", "title", "kind", "language", "score", "text"}


def test_network_guard_blocks_outside_addresses() -> None:
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("192.0.2.1", 9), timeout=0.1)
