"""The command line under hostile and careless input: bounded time and memory, one clear line, the exit code that
says whose problem it is (2 bad input, 1 environment), no traceback, a quiet stop on a closed pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant import cli
from assistant.config import PROJECT_ROOT

SECONDS, RSS = 10.0, 500 * 1024 * 1024


def _run(
    args: list[str], tmp_path: Path, tally: Counter[str], stdin: bytes | None = None
) -> tuple[int, str, float, int]:
    """Run the command line in a fresh process: (exit code, stderr, seconds, that process's own peak RSS)."""
    env = {**os.environ, "SUPERNODE_DATA_DIR": str(tmp_path / "data")}
    (tmp_path / "stdin").write_bytes(stdin or b"")
    status = tmp_path / "status"
    # The child reads its own high-water mark (VmHWM: fresh after exec) as it ends; a forked child's rusage
    # would also count the test process it was forked from.
    script = (
        f"import sys; from assistant.cli import main; code = main({args!r}); "
        f"open({str(status)!r}, 'w').write(open('/proc/self/status').read()); sys.exit(code)"
    )
    start = time.perf_counter()
    with open(tmp_path / "stdin", "rb") as fin, open(tmp_path / "stderr", "wb+") as ferr:
        child = subprocess.run(
            [sys.executable, "-c", script],
            stdin=fin,
            stdout=subprocess.DEVNULL,
            stderr=ferr,
            cwd=PROJECT_ROOT,
            env=env,
            timeout=60,
            check=False,
        )
        elapsed = time.perf_counter() - start
        ferr.seek(0)
        err = ferr.read().decode("utf-8", "replace")
    fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
    peak = int(fields["VmHWM"].split()[0]) * 1024
    tally["inputs tried"] += 1
    tally["tracebacks"] += "Traceback" in err
    assert "Traceback" not in err, err[-2000:]
    return child.returncode, err, elapsed, peak


@pytest.mark.parametrize("megabytes", [0.5, 5, 50])
def test_a_huge_history_ends_at_once_with_a_clear_message(
    megabytes: float, tmp_path: Path, tally: Counter[str]
) -> None:
    turn = {"role": "user", "content": "合作方有4个成功案例，匹配度65%，ROI 1:3.5 " * 20}
    count = int(megabytes * 1024 * 1024 / len(json.dumps(turn)))
    path = tmp_path / "history.json"
    path.write_text(json.dumps([turn] * count), encoding="utf-8")
    code, err, elapsed, rss = _run(["ask", "那ROI只有2呢？", "--history", str(path)], tmp_path, tally)
    assert code == 2 and "--history" in err and "at most" in err, err
    assert len(err) < 400, "the history is named, not echoed"
    assert elapsed < SECONDS, f"{elapsed:.1f} s"
    assert rss < RSS, f"peak RSS {rss / 2**20:.0f} MB"
    tally["resource limits hit cleanly"] += 1


@pytest.mark.parametrize("where", ["tool", "history"])
def test_json_nested_thousands_deep_is_refused_before_parsing(
    where: str, tmp_path: Path, tally: Counter[str]
) -> None:
    deep = "[" * 2000 + "]" * 2000
    if where == "tool":
        code, err, *_ = _run(["tool", "counter_offer", deep], tmp_path, tally)
    else:
        path = tmp_path / "history.json"
        path.write_text(deep, encoding="utf-8")
        code, err, *_ = _run(["ask", "hi", "--history", str(path)], tmp_path, tally)
    assert code == 2 and "2000 deep" in err and "at most 32" in err, err
    tally["resource limits hit cleanly"] += 1


def test_an_overflowing_number_gets_the_field_message(tmp_path: Path, tally: Counter[str]) -> None:
    payload = {"demanded_pct": 30, "industry_avg_pct": 20, "expected_gmv": 1e308, "fixed_fee": 1000}
    code, err, *_ = _run(["tool", "counter_offer", json.dumps(payload)], tmp_path, tally)
    assert code == 2 and "expected_gmv" in err and "1e+15" in err, err
    assert "LadderTier" not in err and "pydantic" not in err


def test_a_megabyte_bad_value_is_not_echoed_back_whole(tmp_path: Path, tally: Counter[str]) -> None:
    payload = json.dumps({"demanded_pct": "9" * 1_500_000, "industry_avg_pct": 20}).encode()
    code, err, *_ = _run(["tool", "counter_offer", "-"], tmp_path, tally, stdin=payload)
    assert code == 2 and "demanded_pct" in err, err[:500]
    assert len(err) < 1000, f"{len(err)} characters of error"


def test_a_closed_pipe_stops_quietly(tmp_path: Path, tally: Counter[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader (`| head`) is already gone when the first line is written
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "tool", "--list"],
        stdout=write,
        stderr=subprocess.PIPE,
        cwd=PROJECT_ROOT,
        env={**os.environ, "SUPERNODE_DATA_DIR": str(tmp_path / "data")},
        timeout=60,
        check=False,
    )
    os.close(write)
    err = done.stderr.decode()
    tally["inputs tried"] += 1
    tally["tracebacks"] += "Traceback" in err
    assert done.returncode == 0 and err == "", err


def test_an_unexpected_error_is_one_line_and_logged(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], isolated_data: Path
) -> None:
    def broken(_args: object) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cli, "_cmd_validate", broken)  # the parser is built on each call: it takes this one
    assert cli.main(["validate"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected error (RuntimeError: disk on fire)" in err
    log = isolated_data / "logs" / "supernode-cli.log"
    assert "Traceback" in log.read_text(encoding="utf-8") and str(log) in err


def test_search_output_cannot_drive_the_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.index import retrieval

    hit = SimpleNamespace(
        kind="deal",
        language="en",
        id="D-1",
        title="Acme\x1b[2J\x1b]0;owned\x07",
        score=1.0,
        text="line one\rhidden\x1b[31m red",
    )
    monkeypatch.setattr(retrieval.IndexReader, "__init__", lambda self, settings: None)
    monkeypatch.setattr(retrieval.IndexReader, "search", lambda self, *a, **k: [hit])
    assert cli.main(["search", "x"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out and "\x07" not in out
    assert "Acme" in out and "red" in out


@pytest.mark.parametrize("k", ["0", "-3", "many"])
def test_search_k_must_be_a_positive_whole_number(k: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["search", "x", "--k", k])
    assert exit_.value.code == 2
    assert "--k" in capsys.readouterr().err
