"""A hostile data folder: a damaged index database, a read-only or misplaced data folder, leftover segment
folders, an id with ':' in it and k < 1. The command line is run in a subprocess as a user would run it (with
the fast 'hash' embedder): it never prints a traceback, `ingest` repairs what it can and names what it cannot,
and `search`/`ask` say what to do."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from chromadb.errors import InternalError

from assistant.config import Settings
from assistant.index import health, retrieval
from assistant.index import ingest as ingest_module
from assistant.index.corpus import Chunk, card_chunks, source_of
from assistant.index.ingest import ingest
from assistant.index.retrieval import IndexReader
from assistant.index.store import (
    DB_FILE,
    DataFolderReadOnly,
    IndexDamaged,
    client_for,
    read_active,
    release_index,
)
from assistant.kb.cards import Card
from tests.support.cards import write_card

READ_ONLY = "is read-only: make it writable (chmod u+w) or set SUPERNODE_DATA_DIR to a writable folder"


@pytest.fixture
def hash_settings(fixture_knowledge: Path, isolated_data: Path) -> Settings:
    """The fixture knowledge with the deterministic test embedder (fast to build, in- and out-of-process)."""
    return Settings(knowledge_dir=fixture_knowledge, data_dir=isolated_data, embedding_backend="hash")


def _env(settings: Settings) -> dict[str, str]:
    return {
        "SUPERNODE_KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "SUPERNODE_DATA_DIR": str(settings.data_dir),
        "SUPERNODE_EMBEDDING_BACKEND": settings.embedding_backend,
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }


def _cli(settings: Settings, tally: Counter[str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m assistant ARGS` and count (and refuse) any traceback it prints."""
    out = subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        env=_env(settings),
        capture_output=True,
        text=True,
        timeout=120,
    )
    tally["inputs tried"] += 1
    tracebacks = out.stderr.count("Traceback")
    tally["tracebacks"] += tracebacks
    assert tracebacks == 0, out.stderr
    return out


def _damage(db: Path, how: str) -> None:
    """Damage the index database the ways a crash, a full disk or a stray write would."""
    size = db.stat().st_size
    if how == "half":
        os.truncate(db, size // 2)
    elif how == "empty":
        os.truncate(db, 0)
    elif how == "garbage":
        db.write_bytes(b"this is not a database" * 100)
    elif how == "scribbled":  # the header survives, pages in the middle do not
        with open(db, "r+b") as fh:
            fh.seek(size // 4)
            fh.write(b"\xff" * (size // 2))
    else:
        raise AssertionError(how)


def _aside(settings: Settings) -> list[Path]:
    return sorted(settings.data_dir.glob("index.damaged-*"))


# -- 1. a damaged index is repaired by ingest ---------------------------------------------------------
@pytest.mark.parametrize(
    ("how", "command"),
    [
        ("half", ["ingest"]),
        ("half", ["ingest", "--rebuild"]),
        ("empty", ["ingest"]),
        ("garbage", ["ingest"]),
        ("scribbled", ["ingest"]),
    ],
)
def test_damaged_index_is_set_aside_and_rebuilt_by_ingest(
    hash_settings: Settings, tally: Counter[str], how: str, command: list[str]
) -> None:
    ingest(hash_settings)
    release_index(hash_settings)  # as a new process would: nothing of the healthy index stays in memory
    _damage(hash_settings.index_dir / DB_FILE, how)
    tally["faults injected"] += 1

    before = _cli(hash_settings, tally, "search", "佣金 还价")
    if how != "empty":  # an empty file is an empty database to SQLite: "not built yet"
        assert before.returncode == 1 and "python -m assistant ingest" in before.stderr, before.stderr

    repaired = _cli(hash_settings, tally, *command)
    assert repaired.returncode == 0, repaired.stderr
    assert "index v1 built" in repaired.stdout
    if how != "empty":
        (aside,) = _aside(hash_settings)
        assert (aside / DB_FILE).exists()  # nothing lost: the damaged folder is kept beside the new one
        line = next(s for s in repaired.stdout.splitlines() if "was damaged" in s)
        assert str(hash_settings.index_dir) in line and f"moved it to {aside}" in line

    after = _cli(hash_settings, tally, "search", "佣金 还价", "--json")
    assert after.returncode == 0, after.stderr
    assert "commission-counter" in after.stdout
    release_index(hash_settings)  # this process still held the damaged files: open the new ones
    assert ingest(hash_settings).unchanged  # the rebuilt index is an ordinary one
    assert _segment_folders(hash_settings) == _needed_folders(hash_settings)  # no debris of the old one


def test_ask_on_a_damaged_index_says_to_run_ingest(hash_settings: Settings, tally: Counter[str]) -> None:
    ingest(hash_settings)
    release_index(hash_settings)
    _damage(hash_settings.index_dir / DB_FILE, "garbage")
    tally["faults injected"] += 1
    out = _cli(hash_settings, tally, "ask", "合作方要的佣金太高怎么办")
    assert out.returncode == 1 and "python -m assistant ingest" in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_a_damaged_index_that_cannot_be_moved_names_the_folder_to_remove(
    hash_settings: Settings, monkeypatch: pytest.MonkeyPatch, tally: Counter[str]
) -> None:
    ingest(hash_settings)
    release_index(hash_settings)
    _damage(hash_settings.index_dir / DB_FILE, "garbage")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(health.os, "rename", refuse)
    tally["faults injected"] += 1
    with pytest.raises(IndexDamaged) as caught:
        ingest(hash_settings)
    message = str(caught.value)
    assert f"remove the folder {hash_settings.index_dir}" in message and "Permission denied" in message
    assert "python -m assistant ingest" in message


def test_a_reader_in_the_same_process_follows_the_rebuilt_index(
    hash_settings: Settings, monkeypatch: pytest.MonkeyPatch, tally: Counter[str]
) -> None:
    monkeypatch.setattr(retrieval, "POINTER_CHECK_S", 0.0)
    ingest(hash_settings)
    reader = IndexReader(hash_settings)
    assert reader.search("佣金 还价", k=1)[0].id == "commission-counter"
    release_index(hash_settings)
    _damage(hash_settings.index_dir / DB_FILE, "half")
    tally["faults injected"] += 1
    write_card(
        hash_settings.knowledge_dir / "playbook", "late-card", 30, {"zh": "新卡"}, {"zh": "修复之后的新内容"}
    )
    report = ingest(hash_settings)
    assert report.repaired and report.version == 1  # the same version number as before the damage
    assert "late-card" in [h.id for h in reader.search("修复之后的新内容", k=3)]


def test_a_healthy_index_is_never_set_aside_when_a_build_fails(hash_settings: Settings) -> None:
    ingest(hash_settings)
    write_card(hash_settings.knowledge_dir / "playbook", "new-card", 7, {"zh": "新卡"}, {"zh": "新内容"})
    with pytest.raises(RuntimeError, match="simulated"):
        ingest(hash_settings, _fail_after_batches=0)
    assert _aside(hash_settings) == []
    assert ingest(hash_settings).added["playbook"] == 1


# -- 2. a read-only or misplaced data folder ------------------------------------------------------------
@contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    """Make a folder unwritable: chmod for a user; for root (whom chmod does not stop) the immutable flag."""
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(mode)
        return
    chattr = shutil.which("chattr")
    made = chattr and subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode == 0
    if not made:
        pytest.skip(
            "running as root, where chmod does not stop writes, and `chattr +i` does not work here; "
            "test_read_only_data_folder_simulated covers the same messages"
        )
    try:
        yield
    finally:
        subprocess.run([str(chattr), "-i", str(folder)], check=True)


@pytest.mark.parametrize("which", ["data", "index"])
def test_read_only_data_folder_gives_one_clear_message(
    hash_settings: Settings, tally: Counter[str], which: str
) -> None:
    ingest(hash_settings)
    write_card(hash_settings.knowledge_dir / "playbook", "new-card", 7, {"zh": "新卡"}, {"zh": "新内容"})
    folder = hash_settings.data_dir if which == "data" else hash_settings.index_dir
    with _read_only(folder):
        tally["faults injected"] += 1
        for command in (["ingest"], ["ingest", "--rebuild"]):
            out = _cli(hash_settings, tally, *command)
            assert out.returncode == 1, out.stderr
            assert out.stderr.strip().splitlines() == [f"ingest: the data folder {folder} {READ_ONLY}"]
        search = _cli(hash_settings, tally, "search", "佣金 还价")
        ask = _cli(hash_settings, tally, "ask", "合作方要的佣金太高怎么办")
    if which == "data":  # the index itself is writable: it is read as it is
        assert search.returncode == 0 and "commission-counter" in search.stdout, search.stderr
    else:
        for out, command in ((search, "search"), (ask, "ask")):
            assert out.returncode == 1, out.stderr
            assert out.stderr.strip().splitlines() == [f"{command}: the data folder {folder} {READ_ONLY}"]


def test_read_only_data_folder_simulated(
    hash_settings: Settings, monkeypatch: pytest.MonkeyPatch, tally: Counter[str]
) -> None:
    """The same messages where the chmod variant cannot run (as root): the check is told a folder is
    read-only, and Chroma fails as it does on one."""
    ingest(hash_settings)
    write_card(hash_settings.knowledge_dir / "playbook", "new-card", 7, {"zh": "新卡"}, {"zh": "新内容"})
    real_access = os.access

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and Path(str(path)) == hash_settings.index_dir:
            return False
        return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(health.os, "access", access)
    tally["faults injected"] += 1
    expected = f"the data folder {hash_settings.index_dir} {READ_ONLY}"
    with pytest.raises(DataFolderReadOnly) as caught:
        ingest(hash_settings)
    assert str(caught.value) == expected
    assert read_active(client_for(hash_settings), hash_settings).version == 1  # nothing was built

    def readonly_chroma(settings: Settings) -> object:
        raise InternalError("error returned from database: (code: 8) readonly database")

    monkeypatch.setattr(retrieval, "client_for", readonly_chroma)
    with pytest.raises(DataFolderReadOnly) as caught:
        IndexReader(hash_settings).search("佣金")
    assert str(caught.value) == expected


@pytest.mark.parametrize("which", ["data", "index"])
def test_a_file_where_the_data_folder_should_be(
    hash_settings: Settings, tally: Counter[str], which: str
) -> None:
    """Runs as root too: a file is in the way whoever runs it."""
    path = hash_settings.data_dir if which == "data" else hash_settings.index_dir
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("not a folder\n")
    tally["faults injected"] += 1
    for command in ("ingest", "search"):
        out = _cli(hash_settings, tally, command, *(["佣金"] if command == "search" else []))
        assert out.returncode == 1, out.stderr
        assert out.stderr.strip().splitlines() == [
            f"{command}: the data folder {path} is a file, not a folder: move it away or set "
            "SUPERNODE_DATA_DIR to a writable folder"
        ]


# -- 3. no leftover segment folders ---------------------------------------------------------------------
def _segment_folders(settings: Settings) -> set[str]:
    return {p.name for p in settings.index_dir.iterdir() if p.is_dir() and health._UUID.fullmatch(p.name)}


def _needed_folders(settings: Settings) -> set[str]:
    """The vector segments of the live collections that hold vectors (Chroma makes no folder for an empty one)."""
    client = client_for(settings)
    with closing(sqlite3.connect(f"{(settings.index_dir / DB_FILE).as_uri()}?mode=ro", uri=True)) as con:
        rows = con.execute(
            "SELECT s.id, c.name FROM segments s JOIN collections c ON c.id = s.collection "
            "WHERE s.scope = 'VECTOR'"
        ).fetchall()
    return {seg for seg, name in rows if client.get_collection(name).count() > 0}


def test_repeated_ingests_leave_only_the_folders_live_collections_use(hash_settings: Settings) -> None:
    other = hash_settings.model_copy(update={"collection_prefix": "otherapp"})  # shares the folder
    ingest(other)
    stray = hash_settings.index_dir / "0c0ffee0-0000-4000-8000-000000000000"
    keep = hash_settings.index_dir / "notes"
    stray.mkdir()
    keep.mkdir()
    folder = hash_settings.knowledge_dir / "playbook"
    for round_ in range(6):
        for i in range(3):
            body = {"zh": f"第{round_}轮内容{i}" * 20, "en": f"round {round_} text {i} " * 20}
            write_card(folder, f"bulk-{i}", 20 + i, {"zh": f"批量{i}", "en": f"bulk {i}"}, body)
        ingest(hash_settings, rebuild=round_ == 3)
    assert _segment_folders(hash_settings) == _needed_folders(hash_settings)
    assert len(_segment_folders(hash_settings)) <= 2 * 2  # two apps, two kinds (the meta holds no vectors)
    assert not stray.exists() and keep.is_dir()  # only UUID-named folders are ever removed
    assert IndexReader(other).search("佣金 还价", k=1)[0].id == "commission-counter"
    assert IndexReader(hash_settings).search("round 5 text 2", k=1, language="en")[0].id == "bulk-2"


# -- 4. ids with ':' round-trip --------------------------------------------------------------------------
def test_chunk_ids_give_back_their_source_id() -> None:
    card = Card.model_construct(
        id="odd:zh:q1",
        chapter=1,
        order=1,
        title={"zh": "标题", "en": "title"},
        body={"zh": "正文", "en": "body"},
        questions={"zh": ["问一", "问二"], "en": ["q one"]},
    )
    chunks = card_chunks(card)
    assert len(chunks) == 5 and {source_of(c.id) for c in chunks} == {"odd:zh:q1"}
    for deal_id in ("DL:2024:7", "plain", "a:en", ":"):
        assert source_of(f"deal:{deal_id}:zh") == deal_id


def _colon_deal(lang: str) -> Chunk:
    doc_id = f"deal:DL:2024:7:{lang}"
    text = "美妆品牌联名，佣金从30%谈到18%" if lang == "zh" else "beauty co-brand, commission 30% to 18%"
    meta: dict[str, str | int | float] = {"category": "beauty", "outcome": "win", "tokens": text}
    return Chunk(doc_id, doc_id, "deal", "DL:2024:7", lang, "doc", "DL:2024:7", text, meta)


def test_a_colon_in_a_deal_id_reports_no_phantom_changes(
    hash_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_corpus = ingest_module.load_corpus

    def with_colon_deal(knowledge_dir: Path) -> dict[str, list[Chunk]]:  # past the import's id checks
        return {**real_corpus(knowledge_dir), "deal": [_colon_deal("zh"), _colon_deal("en")]}

    monkeypatch.setattr(ingest_module, "load_corpus", with_colon_deal)
    first = ingest(hash_settings)
    assert first.added["deal"] == 1
    runs = iter(range(100))  # a new fingerprint each time: compare chunk by chunk, not by the shortcut
    monkeypatch.setattr(ingest_module, "source_fingerprint", lambda settings: f"run-{next(runs)}")
    assert ingest(hash_settings).unchanged
    write_card(hash_settings.knowledge_dir / "playbook", "new-card", 7, {"zh": "新卡"}, {"zh": "新内容"})
    third = ingest(hash_settings)
    assert (third.added["deal"], third.updated["deal"], third.removed["deal"]) == (0, 0, 0)
    assert (third.added["playbook"], third.removed["playbook"]) == (1, 0)


# -- 5. k must be at least 1 --------------------------------------------------------------------------
@pytest.mark.parametrize("k", [0, -1])
def test_search_with_k_below_one_is_an_error(hash_settings: Settings, k: int) -> None:
    ingest(hash_settings)
    with pytest.raises(ValueError, match="k must be at least 1"):
        IndexReader(hash_settings).search("佣金", k=k)
