"""Every malformed import file is rejected with row, column and reason and changes nothing on disk;
awkward but valid files (GBK, BOM, Chinese headers, several sheets) import correctly."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.config import PROJECT_ROOT, Settings, get_settings
from assistant.kb.deal_store import undo, user_deals, user_file

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
EXPECTED: dict[str, str] = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def import_env(fixture_knowledge: Path, isolated_data: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Fixture cards plus two shipped sample deals (so an import cannot reuse their ids)."""
    lines = (
        (PROJECT_ROOT / "knowledge" / "deals" / "sample_deals.csv")
        .read_text(encoding="utf-8")
        .splitlines()[:3]
    )
    (fixture_knowledge / "deals" / "sample_deals.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copy(PROJECT_ROOT / "knowledge" / "benchmarks.csv", fixture_knowledge / "benchmarks.csv")
    monkeypatch.setenv("SUPERNODE_KNOWLEDGE_DIR", str(fixture_knowledge))
    get_settings.cache_clear()
    return get_settings()


def test_there_are_at_least_30_malformed_fixtures() -> None:
    assert sum(1 for v in EXPECTED.values() if v == "reject") >= 30
    assert all((FIXTURES / name).exists() for name in EXPECTED)


@pytest.mark.parametrize("name", sorted(n for n, v in EXPECTED.items() if v == "reject"))
def test_malformed_file_is_rejected_with_location_and_nothing_changes(
    name: str, import_env: Settings, capsys: pytest.CaptureFixture[str], tally
) -> None:
    before = snapshot(import_env.knowledge_dir)
    code = main(["import-deals", str(FIXTURES / name)])
    err = capsys.readouterr().err
    tally["inputs tried"] += 1
    assert code == 1, err
    assert "nothing was changed" in err
    problems = [line for line in err.splitlines() if line.strip().startswith("- ")]
    assert problems, err
    assert all(": " in p for p in problems)  # "row R, column C: reason" or "file: reason"
    assert snapshot(import_env.knowledge_dir) == before
    assert not (import_env.data_dir / "index").exists()  # no ingest was started
    tally["files rejected cleanly"] += 1


@pytest.mark.parametrize("name", sorted(n for n, v in EXPECTED.items() if v == "ok"))
def test_valid_file_passes_a_dry_run_without_writing(
    name: str, import_env: Settings, capsys: pytest.CaptureFixture[str], tally
) -> None:
    before = snapshot(import_env.knowledge_dir)
    code = main(["import-deals", str(FIXTURES / name), "--dry-run"])
    out = capsys.readouterr()
    tally["inputs tried"] += 1
    assert code == 0, out.err
    assert "valid rows" in out.out and "added" in out.out
    assert snapshot(import_env.knowledge_dir) == before
    tally["files imported"] += 1


def test_gbk_import_writes_deals_refreshes_the_index_and_can_be_undone(
    import_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-deals", str(FIXTURES / "ok_gbk.csv")]) == 0
    out = capsys.readouterr().out
    assert "2 added" in out and "index v1 built" in out
    names = {d.partner for d in user_deals(import_env)}
    assert names == {"晨光文具", "远山传媒"} and all(d.source == "user" for d in user_deals(import_env))
    assert undo(import_env) is not None and not user_file(import_env).exists()


def test_hundred_thousand_rows_are_refused_with_the_limit(
    import_env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str], tally
) -> None:
    header, row = (FIXTURES / "ok_utf8.csv").read_text(encoding="utf-8").splitlines()[:2]
    rest = row.split(",", 1)[1]
    big = tmp_path / "big.csv"
    big.write_text(
        "\n".join([header, *(f"B-{i:06d},{rest}" for i in range(100_000))]) + "\n", encoding="utf-8"
    )
    before = snapshot(import_env.knowledge_dir)
    assert main(["import-deals", str(big)]) == 1
    assert "more than 20,000 data rows" in capsys.readouterr().err  # reading stops at the limit
    assert snapshot(import_env.knowledge_dir) == before
    tally["files rejected cleanly"] += 1
