"""Injected faults: ingest killed with SIGKILL at random points, twenty times, always leaves an index that
answers, and the next ingest completes; a second ingest at the same time is refused with a clear message."""

from __future__ import annotations

import fcntl
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.index.ingest import ingest
from assistant.index.retrieval import IndexReader
from assistant.index.store import forget_client
from tests.support.cards import write_card


def _env(settings: Settings) -> dict[str, str]:
    return {
        "SUPERNODE_KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "SUPERNODE_DATA_DIR": str(settings.data_dir),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }


def _grow(settings: Settings, round_: int, n: int = 12) -> None:
    """Change a batch of cards so the next ingest has real embedding work to do."""
    folder = settings.knowledge_dir / "playbook"
    for i in range(n):
        body = {
            "zh": f"第{round_}轮批量内容{i}：" + "合作方资源盘点与复盘。" * 12,
            "en": f"round {round_} item {i} " * 30,
        }
        write_card(folder, f"bulk-{i}", 20 + i, {"zh": f"批量{i}", "en": f"bulk {i}"}, body)


def _lock_held(settings: Settings) -> bool:
    path = settings.data_dir / "ingest.lock"
    if not path.exists():
        return False
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
        return False


@pytest.mark.slow
def test_sigkill_during_ingest_twenty_times(fixture_settings: Settings, tally) -> None:
    ingest(fixture_settings)
    rng = random.Random(20261125)
    for round_ in range(20):
        _grow(fixture_settings, round_)
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant", "ingest"],
            env=_env(fixture_settings),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while not _lock_held(fixture_settings) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 1.5))  # somewhere in loading, embedding, writing or switching
        proc.kill()
        proc.wait()
        tally["faults injected"] += 1
        forget_client(fixture_settings)
        hits = IndexReader(fixture_settings).search("合作方突然不干了怎么办", k=3)
        assert hits and hits[0].id == "partner-exit", (round_, [h.id for h in hits])
    forget_client(fixture_settings)
    report = ingest(fixture_settings)
    assert report.version >= 1
    reader = IndexReader(fixture_settings)
    assert {h.id for h in reader.search("round 19 item", k=20, language="en")} >= {
        f"bulk-{i}" for i in range(12)
    }
    assert ingest(fixture_settings).unchanged


def test_two_ingests_at_once_are_serialised_with_a_clear_message(fixture_settings: Settings, tally) -> None:
    _grow(fixture_settings, 0, n=12)  # enough embedding to hold the lock while the second one starts
    first = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ingest"],
        env=_env(fixture_settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not _lock_held(fixture_settings) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _lock_held(fixture_settings), "the first ingest never took the lock"
    second = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest"],
        env=_env(fixture_settings),
        capture_output=True,
        text=True,
        timeout=60,
    )
    _out, err = first.communicate(timeout=180)
    tally["inputs tried"] += 2
    assert first.returncode == 0, err
    if second.returncode != 0:
        assert "another ingest is running" in second.stderr
    else:  # the first one finished before the second got going: then it saw nothing to do
        assert "up to date" in second.stdout


def test_corrupt_index_folder_gives_a_clear_error(fixture_settings: Settings, tmp_path: Path) -> None:
    fixture_settings.index_dir.mkdir(parents=True)
    (fixture_settings.index_dir / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "search", "佣金"],
        env=_env(fixture_settings),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1 and "search:" in out.stderr and "Traceback" not in out.stderr
