"""The keyword index written at ingest beside its vector version: read by mmap, never paired with another
version's vectors (also when an ingest dies between the steps), built from Chroma when missing."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.index import ingest as ingest_module
from assistant.index import keywords
from assistant.index.ingest import ingest
from assistant.index.retrieval import IndexReader
from tests.support.cards import write_card

QUERIES = ("优惠券 黄牛 设备指纹", "对赌 广告位", "partner quits suddenly", "佣金 还价")


def hits_by_query(reader: IndexReader) -> list[list[tuple[str, float]]]:
    return [[(h.id, round(h.score, 9)) for h in reader.search(q, k=5)] for q in QUERIES]


def change_a_card(settings: Settings) -> None:
    write_card(
        settings.knowledge_dir / "playbook",
        "trust-dashboard",
        4,
        {"zh": "用看板化解信任危机", "en": "A dashboard to rebuild trust"},
        {"zh": "新的内容：对赌机制，未达到承诺ROI就补偿等值广告位。", "en": "New text: a bet with ad slots."},
    )


def pairing(reader: IndexReader) -> dict[str, tuple[str, str]]:
    """kind -> (the collection's id, the id its keyword index was written for)."""
    reader.counts()
    out = {}
    for kind, idx in reader._kinds.items():
        folder = idx.table.folder
        assert folder is not None
        out[kind] = (str(idx.collection.id), folder.name[-36:])  # the folder ends with the collection's id
    return out


def assert_consistent(reader: IndexReader) -> None:
    for kind, (collection_id, keyword_id) in pairing(reader).items():
        assert collection_id == keyword_id, kind


def no_chroma_reads(collection):
    raise AssertionError("the keyword index written by ingest should have been used")


def test_ingest_writes_the_keyword_index_and_readers_open_it_without_reading_chroma(
    fixture_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(fixture_settings)
    folders = sorted(p.name for p in keywords.keywords_dir(fixture_settings).iterdir())
    assert [f.split("-", 1)[0] for f in folders] == ["supernode_v1_deal", "supernode_v1_playbook"]
    with monkeypatch.context() as m:
        m.setattr(keywords, "read_collection", no_chroma_reads)
        reader = IndexReader(fixture_settings)
        from_ingest = hits_by_query(reader)
        assert_consistent(reader)
        assert "资源价值看板" in reader.document("card:trust-dashboard:zh").text  # text from the table
    # the same answers as a keyword index built from what Chroma holds (the fallback)
    for path in keywords.keywords_dir(fixture_settings).iterdir():
        for part in path.iterdir():
            if part.name == "manifest.json":
                part.unlink()
    assert hits_by_query(IndexReader(fixture_settings)) == from_ingest


def test_a_new_version_gets_new_keyword_folders_and_the_old_ones_go(fixture_settings: Settings) -> None:
    ingest(fixture_settings)
    change_a_card(fixture_settings)
    ingest(fixture_settings)
    folders = sorted(p.name.split("-", 1)[0] for p in keywords.keywords_dir(fixture_settings).iterdir())
    assert folders == ["supernode_v2_deal", "supernode_v2_playbook"]
    reader = IndexReader(fixture_settings)
    assert reader.search("对赌 广告位", k=1)[0].id == "trust-dashboard"
    assert_consistent(reader)


def test_ingest_killed_between_the_vector_and_keyword_steps_leaves_a_consistent_pair(
    fixture_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(fixture_settings)
    old = hits_by_query(IndexReader(fixture_settings))
    change_a_card(fixture_settings)

    class Killed(BaseException):  # like a kill: nothing after it runs, no cleanup in between
        pass

    def die(*args, **kwargs):
        raise Killed

    def ingest_killed_at(module: object, step: str) -> IndexReader:
        with monkeypatch.context() as m:
            m.setattr(module, step, die)
            with pytest.raises(Killed):
                ingest(fixture_settings)
        reader = IndexReader(fixture_settings)
        assert_consistent(reader)
        return reader

    # 1. the new vectors are written, the process dies before the new keyword index is saved
    reader = ingest_killed_at(ingest_module, "write_keywords")
    assert hits_by_query(reader) == old and reader.version == 1  # old vectors with old keywords
    # 2. both keyword indexes are saved, the process dies before the pointer switch
    reader = ingest_killed_at(ingest_module, "write_active")
    assert hits_by_query(reader) == old and reader.version == 1
    # 3. the pointer switched, the process dies before the old version is removed
    reader = ingest_killed_at(keywords, "remove_stale")
    new = hits_by_query(reader)
    assert new != old and reader.search("对赌 广告位", k=1)[0].id == "trust-dashboard"  # new with new

    # a later ingest finds nothing to do, and removes the leftovers
    assert ingest(fixture_settings).unchanged
    names = {p.name.split("-", 1)[0] for p in keywords.keywords_dir(fixture_settings).iterdir()}
    assert all(n.startswith(f"supernode_v{reader.version}_") for n in names)
    assert hits_by_query(IndexReader(fixture_settings)) == new


def test_a_missing_keyword_index_is_built_from_chroma_once_and_kept(
    fixture_settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import shutil

    ingest(fixture_settings)
    expected = hits_by_query(IndexReader(fixture_settings))
    shutil.rmtree(keywords.keywords_dir(fixture_settings))  # an index built by an older release
    with caplog.at_level(logging.INFO, logger="assistant.index.keywords"):
        reader = IndexReader(fixture_settings)
        assert hits_by_query(reader) == expected
    assert "no keyword index for supernode_v1_deal" in caplog.text
    assert_consistent(reader)
    with monkeypatch.context() as m:  # the next start opens what the first one left
        m.setattr(keywords, "read_collection", no_chroma_reads)
        assert hits_by_query(IndexReader(fixture_settings)) == expected
    # a damaged folder (its manifest no longer names the collection) is built again
    for path in keywords.keywords_dir(fixture_settings).iterdir():
        (path / "manifest.json").write_text("{}")
    assert hits_by_query(IndexReader(fixture_settings)) == expected


def test_a_no_op_ingest_writes_a_missing_keyword_index(
    fixture_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    ingest(fixture_settings)
    shutil.rmtree(keywords.keywords_dir(fixture_settings))
    assert ingest(fixture_settings).unchanged
    with monkeypatch.context() as m:
        m.setattr(keywords, "read_collection", no_chroma_reads)
        assert_consistent(IndexReader(fixture_settings))


def test_read_only_data_folder_keeps_the_built_index_in_memory(
    fixture_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(fixture_settings)
    expected = hits_by_query(IndexReader(fixture_settings))

    def refuse(self, folder: Path, collection) -> Path:
        raise PermissionError(13, "read-only", str(folder))

    monkeypatch.setattr(keywords.KeywordWriter, "save", refuse)
    import shutil

    shutil.rmtree(keywords.keywords_dir(fixture_settings))
    reader = IndexReader(fixture_settings)
    assert hits_by_query(reader) == expected
    assert all(idx.table.folder is None for idx in reader._kinds.values())
