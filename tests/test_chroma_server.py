"""The index on a real Chroma server (`chroma run` on loopback): ingest, search, answer, and a server that is down."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.engine import Engine, build_deps
from assistant.index.ingest import ingest
from assistant.index.retrieval import IndexReader
from assistant.index.store import IndexUnavailable, forget_client

CHROMA = Path(sys.executable).parent / "chroma"
pytestmark = pytest.mark.skipif(not CHROMA.exists(), reason=f"no chroma command next to {sys.executable}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_heartbeat(port: int, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"chroma run exited with code {proc.returncode}"
        try:
            with opener.open(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"chroma run did not answer on 127.0.0.1:{port} within {timeout:.0f} s")


class ChromaServer:
    """`chroma run --path DIR` on 127.0.0.1 and a free port; stop() ends it and waits."""

    def __init__(self, path: Path) -> None:
        self.port = free_port()
        self.log = open(path.parent / "chroma.log", "wb")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_heartbeat(self.port, self.proc)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ChromaServer]:
    srv = ChromaServer(tmp_path / "chroma")
    try:
        yield srv
    finally:
        srv.stop()


def server_settings(knowledge: Path, data: Path, port: int) -> Settings:
    return Settings(knowledge_dir=knowledge, data_dir=data, chroma_host="127.0.0.1", chroma_port=port)


def test_ingest_search_and_answer_through_a_chroma_server(
    server: ChromaServer, fixture_knowledge: Path, isolated_data: Path
) -> None:
    for name in ("benchmarks.csv", "settings.toml"):  # the engine needs them; the fixture has cards only
        shutil.copy(PROJECT_ROOT / "knowledge" / name, fixture_knowledge / name)
    settings = server_settings(fixture_knowledge, isolated_data, server.port)
    try:
        first = ingest(settings)
        assert first.added["playbook"] == 5 and first.embedded_chunks == 9
        assert not (isolated_data / "index").exists()  # nothing embedded on disk: the server holds it

        reader = IndexReader(settings)
        assert reader.counts() == {"playbook": 9, "deal": 0}
        assert reader.search("合作方要的佣金太高了", k=1)[0].id == "commission-counter"
        assert reader.search("a key partner walked away", k=1, language="en")[0].id == "partner-exit"

        second = ingest(settings)
        assert second.unchanged and second.version == first.version

        answer = Engine(build_deps(settings)).answer("优惠券被黄牛刷了怎么办？")
        assert answer.language == "zh" and answer.intent != "out_of_scope"
        assert any(c.id == "coupon-abuse" for c in answer.citations)
    finally:
        forget_client(settings)


def test_a_server_that_is_down_gives_a_clear_error(fixture_knowledge: Path, isolated_data: Path) -> None:
    port = free_port()  # nothing listens there
    settings = server_settings(fixture_knowledge, isolated_data, port)
    with pytest.raises(IndexUnavailable, match=rf"127\.0\.0\.1:{port}"):
        IndexReader(settings).search("佣金")
    with pytest.raises(IndexUnavailable, match=rf"127\.0\.0\.1:{port}"):
        ingest(settings)
    forget_client(settings)


def test_a_server_that_stops_under_a_running_reader_gives_a_clear_error(
    server: ChromaServer, fixture_knowledge: Path, isolated_data: Path
) -> None:
    settings = server_settings(fixture_knowledge, isolated_data, server.port)
    try:
        ingest(settings)
        reader = IndexReader(settings)
        assert reader.search("佣金", k=1)
        server.stop()
        with pytest.raises(IndexUnavailable, match=rf"127\.0\.0\.1:{server.port}"):
            reader.search("黄牛 优惠券", k=1)
        with pytest.raises(IndexUnavailable, match=rf"127\.0\.0\.1:{server.port}"):
            ingest(settings)
    finally:
        forget_client(settings)


def test_cli_names_the_server_when_it_is_down(tmp_path: Path) -> None:
    port = free_port()
    env = {"SUPERNODE_CHROMA_HOST": "127.0.0.1", "SUPERNODE_CHROMA_PORT": str(port)}
    env |= {"SUPERNODE_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "search", "佣金"],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert f"127.0.0.1:{port}" in proc.stderr and "Traceback" not in proc.stderr


def test_keyword_index_with_a_chroma_server_lives_in_each_instances_data_folder(
    server: ChromaServer, fixture_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ingest writes the keyword index into its own data folder; another instance on the same server builds
    it from the server once, keeps it in its data folder, and opens that on its next start."""
    import logging

    from assistant.index import keywords

    here = server_settings(fixture_knowledge, tmp_path / "ingest-data", server.port)
    there = server_settings(fixture_knowledge, tmp_path / "other-data", server.port)
    try:
        ingest(here)
        written = sorted(p.name.split("-", 1)[0] for p in keywords.keywords_dir(here).iterdir())
        assert written == ["supernode_v1_deal", "supernode_v1_playbook"]
        expected = [h.id for h in IndexReader(here).search("合作方要的佣金太高了", k=3)]

        def no_reads(collection):
            raise AssertionError("the keyword index in the data folder should have been used")

        with monkeypatch.context() as m:  # the ingesting instance reads its own folder, not the server
            m.setattr(keywords, "read_collection", no_reads)
            assert [h.id for h in IndexReader(here).search("合作方要的佣金太高了", k=3)] == expected

        logger = logging.getLogger("assistant.index.keywords")
        seen: list[str] = []
        handler = logging.Handler()
        handler.emit = lambda record: seen.append(record.getMessage())  # type: ignore[method-assign]
        logger.addHandler(handler)
        old_level = logger.level
        logger.setLevel(logging.INFO)
        try:
            assert [h.id for h in IndexReader(there).search("合作方要的佣金太高了", k=3)] == expected
        finally:
            logger.removeHandler(handler)
            logger.setLevel(old_level)
        assert any("no keyword index for supernode_v1_playbook" in s for s in seen)
        assert sorted(p.name for p in keywords.keywords_dir(there).iterdir()) == sorted(
            p.name for p in keywords.keywords_dir(here).iterdir()
        )
        with monkeypatch.context() as m:  # its next start opens what it kept
            m.setattr(keywords, "read_collection", no_reads)
            assert [h.id for h in IndexReader(there).search("合作方要的佣金太高了", k=3)] == expected
    finally:
        forget_client(here)
        forget_client(there)
