"""The knowledge folder named by SUPERNODE_KNOWLEDGE_DIR is the one read everywhere: the command line, the
engine and the app take its tool settings and benchmarks, never the package's own knowledge/ folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, Settings
from tests.support.app import copy_app_folders, new_app, page, point_app_at

ONE_TIER = "[tools.counter_offer]\nmin_net_margin_pct = 10\nstep_pct = 1\ntiers = 1\n"
DEMAND = {"demanded_pct": 50, "industry_avg_pct": 25, "gross_margin_pct": 60}


def _with_settings(folder: Path, text: str) -> None:
    (folder / "settings.toml").write_text(text, encoding="utf-8")


def test_tool_command_reads_the_settings_of_the_knowledge_dir(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    _with_settings(knowledge, ONE_TIER)
    env = {**os.environ, "SUPERNODE_KNOWLEDGE_DIR": str(knowledge), "SUPERNODE_DATA_DIR": str(tmp_path / "d")}
    cmd = [sys.executable, "-m", "assistant", "tool", "counter_offer", json.dumps(DEMAND)]
    done = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert [t["rate_pct"] for t in out["tiers"]] == [26]  # one tier, one point above the base of 25
    assert out["inputs"]["tiers"] == 1 and out["inputs"]["step_pct"] == 1
    # and the package's own settings (3 tiers, 5 points) without the variable
    env.pop("SUPERNODE_KNOWLEDGE_DIR")
    done = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert [t["rate_pct"] for t in json.loads(done.stdout)["tiers"]] == [30, 35, 40]


def test_a_malformed_settings_file_is_named_by_the_tool_command(tmp_path: Path) -> None:
    _with_settings(tmp_path, "[tools.counter_offer]\ntiers = 0\n")
    env = {**os.environ, "SUPERNODE_KNOWLEDGE_DIR": str(tmp_path)}
    cmd = [sys.executable, "-m", "assistant", "tool", "counter_offer", json.dumps(DEMAND)]
    done = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "tools.counter_offer.tiers" in done.stderr


@pytest.fixture(scope="module")
def one_tier_folders(app_folders: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A copy of the app's folders whose settings offer one tier of one point, and whose benchmarks name
    the beauty category differently."""
    settings = copy_app_folders(app_folders, tmp_path_factory.mktemp("one_tier"))
    _with_settings(settings.knowledge_dir, ONE_TIER)
    bench = settings.knowledge_dir / "benchmarks.csv"
    bench.write_text(bench.read_text(encoding="utf-8").replace(",美妆,", ",美妆个护,"), encoding="utf-8")
    return settings


@pytest.mark.slow
def test_the_engine_reads_the_settings_and_benchmarks_of_its_knowledge_dir(
    one_tier_folders: Settings,
) -> None:
    from assistant.engine import Engine, build_deps

    engine = Engine(build_deps(one_tier_folders))
    answer = engine.answer("对方要50%的佣金，行业平均25%，我们毛利率60%，怎么还价？")
    call = next(c for c in answer.tool_calls if c.name == "counter_offer")
    assert [t["rate_pct"] for t in call.output["tiers"]] == [26]
    assert engine.deps.benchmarks["beauty"].name_zh == "美妆个护"
    beauty = next(d for d in engine.deps.deals if d.category == "beauty")
    assert "美妆个护" in engine.deal_citation(beauty, "zh", 1.0).title


@pytest.mark.slow
def test_the_app_reads_the_settings_of_its_knowledge_dir(
    one_tier_folders: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_app_at(one_tier_folders, monkeypatch)
    at = page(new_app(one_tier_folders), "ui/calculators.py")
    assert at.number_input(key="co_tiers").value == 1 and at.number_input(key="co_step").value == 1
    at.number_input(key="co_demand").set_value(50)  # the demand starts empty: the user gives it
    at.number_input(key="co_margin").set_value(60)
    at.form_submit_button[0].click().run()
    assert not at.exception
    said = [m.value for m in at.markdown]
    assert any(s.startswith("基础佣金 20%；GMV 达到门槛后逐档提高到 21%") for s in said), (
        said
    )  # the general default
