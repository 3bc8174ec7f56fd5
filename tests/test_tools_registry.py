"""The registry, run_tool errors, the settings file, the LangChain wrappers and the `tool` CLI piece."""

from __future__ import annotations

import argparse
import json
import tomllib
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.tools import TOOLS, ToolDefaults, ToolInputError, load_tool_defaults, run_tool
from assistant.tools import cli as tool_cli
from assistant.tools.lc import langchain_tools

NAMES = [
    "assess_partner",
    "audience_match",
    "counter_offer",
    "performance_bet",
    "incentive_tier",
    "risk_check",
    "rank_partners",
    "allocate_leads",
]
WORKED = {"demanded_pct": 50, "industry_avg_pct": 25, "gross_margin_pct": 60}


def test_every_tool_is_registered_with_models_and_a_description() -> None:
    assert list(TOOLS) == NAMES
    for spec in TOOLS.values():
        assert spec.description and spec.input_model.__doc__ is not None
        schema = spec.input_model.model_json_schema()
        for name, prop in schema["properties"].items():
            assert prop.get("description"), f"{spec.name}.{name} has no description"
        out_fields = spec.output_model.model_fields
        assert {"verdict", "reasons", "inputs"} <= set(out_fields)


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("assess_partner", {"verdict", "failed", "missing", "radar_score", "reasons"}),
        ("audience_match", {"verdict", "match_pct", "reasons"}),
        (
            "counter_offer",
            {"verdict", "base_pct", "ceiling_pct", "tiers", "effective_pct_at_expected", "reasons"},
        ),
        ("performance_bet", {"verdict", "compensation", "reasons"}),
        ("incentive_tier", {"verdict", "reached", "next_tier", "gap_to_next", "reasons"}),
        ("risk_check", {"verdict", "alerts", "reasons"}),
        ("rank_partners", {"verdict", "ranked", "shortlist", "prune", "reasons"}),
        ("allocate_leads", {"verdict", "allocation", "reasons"}),
    ],
)
def test_output_fields_are_named_as_in_the_spec(name: str, fields: set[str]) -> None:
    assert fields <= set(TOOLS[name].output_model.model_fields)


def test_run_tool_returns_json_ready_dict() -> None:
    out = run_tool("counter_offer", WORKED, ToolDefaults())
    assert json.loads(json.dumps(out)) == out
    assert out["reasons"][0].keys() == {"code", "values", "threshold"}


def test_unknown_tool_lists_the_names() -> None:
    with pytest.raises(KeyError) as info:
        run_tool("nope", {}, ToolDefaults())
    assert "counter_offer" in str(info.value)


def test_tool_input_error_shape() -> None:
    with pytest.raises(ToolInputError) as info:
        run_tool("assess_partner", {"audience_match_pct": 200, "roi": -1}, ToolDefaults())
    err = info.value
    assert err.tool == "assess_partner"
    assert err.problems == [
        {
            "field": "audience_match_pct",
            "message": "Input should be less than or equal to 100, got 200",
            "allowed": "a number 0–100",
        },
        {
            "field": "roi",
            "message": "Input should be greater than or equal to 0, got -1",
            "allowed": "a number ≥ 0",
        },
    ]
    assert "audience_match_pct" in str(err) and "0–100" in str(err)


def test_non_object_payload_is_refused() -> None:
    with pytest.raises(ToolInputError):
        run_tool("counter_offer", [1, 2], ToolDefaults())  # type: ignore[arg-type]


def test_missing_settings_file_gives_builtin_defaults(tmp_path: Path) -> None:
    assert load_tool_defaults(tmp_path / "absent.toml") == ToolDefaults()


def test_shipped_settings_equal_builtin_defaults() -> None:
    path = PROJECT_ROOT / "knowledge" / "settings.toml"
    assert path.is_file()
    assert ToolDefaults() == load_tool_defaults(path)
    text = path.read_text(encoding="utf-8")
    assert "configurable" in text and "constants.py" in text
    tools = tomllib.loads(text)["tools"]
    assert tools["counter_offer"] == {"min_net_margin_pct": 10, "step_pct": 5, "tiers": 3}
    assert tools["incentive_tier"]["ladder"][0]["min_gmv"] == 500_000


def test_settings_are_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        "[app]\nother = 1\n[tools.counter_offer]\nstep_pct = 2.5\n"
        '[[tools.incentive_tier.ladder]]\nname = "x"\nzh = "甲"\nen = "x"\nmin_gmv = 9\n',
        encoding="utf-8",
    )
    d = load_tool_defaults(path)
    assert d.counter_offer.step_pct == 2.5 and d.counter_offer.tiers == 3
    assert [t.name for t in d.incentive_tier.ladder] == ["x"]
    out = run_tool("counter_offer", WORKED, d)
    assert [t["rate_pct"] for t in out["tiers"]] == [27.5, 30, 32.5]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[tools.counter_offer]\nstep_pct = -1\n", "tools.counter_offer.step_pct"),
        ("[tools.counter_offer]\nstepp = 1\n", "tools.counter_offer.stepp"),
        ("[tools.risk_check]\nsingle_point_share_pct = 130\n", "tools.risk_check.single_point_share_pct"),
        ("[tools.allocate_leads.weights]\nconversion = 0\nrating = 0\n", "tools.allocate_leads.weights"),
        ("[tools.counter_offer\n", "TOML"),
    ],
)
def test_malformed_settings_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=key.replace(".", r"\.")):
        load_tool_defaults(path)


def test_langchain_tools_share_names_schemas_and_results() -> None:
    tools = {t.name: t for t in langchain_tools(ToolDefaults())}
    assert list(tools) == NAMES
    for name, tool in tools.items():
        assert tool.args_schema is TOOLS[name].input_model
        assert tool.description == TOOLS[name].description
    assert tools["counter_offer"].invoke(WORKED) == run_tool("counter_offer", WORKED, ToolDefaults())


def test_langchain_validation_errors_come_back_as_tool_errors() -> None:
    tool = next(t for t in langchain_tools(ToolDefaults()) if t.name == "counter_offer")
    text = tool.invoke({"demanded_pct": 150, "industry_avg_pct": 25})
    assert isinstance(text, str) and "demanded_pct" in text and "0–100" in text
    msg = tool.invoke(
        {
            "type": "tool_call",
            "id": "c1",
            "name": "counter_offer",
            "args": {"demanded_pct": -1, "industry_avg_pct": 25},
        }
    )
    assert msg.status == "error" and "demanded_pct" in msg.content
    risk = next(t for t in langchain_tools(ToolDefaults()) if t.name == "risk_check")
    assert "benchmark_roi" in risk.invoke({"monthly_roi": [2.0, 2.0]})


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    tool_cli.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["tool", *argv])


def test_cli_prints_output_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = parse("counter_offer", json.dumps(WORKED))
    assert args.func(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["verdict"] == "unreasonable" and out["base_pct"] == 25 and out["ceiling_pct"] == 50
    assert [t["rate_pct"] for t in out["tiers"]] == [30, 35, 40]


def test_cli_keeps_chinese_readable(capsys: pytest.CaptureFixture[str]) -> None:
    args = parse("incentive_tier", '{"gmv": 600000}')
    assert tool_cli.run(args) == 0
    assert "品牌专场资源包" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("counter_offer", '{"demanded_pct": 150, "industry_avg_pct": 25}'), "demanded_pct"),
        (("counter_offer", "{not json"), "not valid JSON"),
        (("nope", "{}"), "unknown tool"),
        ((), "--list"),
        (("counter_offer", "{}"), "industry_avg_pct"),
    ],
)
def test_cli_errors_exit_2_on_stderr(
    argv: tuple[str, ...], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert tool_cli.run(parse(*argv)) == 2
    captured = capsys.readouterr()
    assert needle in captured.err and captured.out == ""


def test_cli_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert tool_cli.run(parse("--list")) == 0
    text = capsys.readouterr().out
    for name in NAMES:
        assert f"{name}:" in text
    assert "demanded_pct (required, a number 0–100)" in text


def test_cli_file_for_rank_partners(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "partners.csv"
    path.write_text(
        "合作方,流量质量,用户匹配度,品牌调性,转化能力,成本效率,合作稳定性,内容能力\n"
        "甲,90,90,90,90,90,90,90\n乙,50,50,50,50,50,50,50\n",
        encoding="utf-8",
    )
    assert tool_cli.run(parse("rank_partners", '{"top_n": 1}', "--file", str(path))) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["shortlist"] == ["甲"] and out["prune"] == ["乙"]


def test_cli_file_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "outlets.csv"
    path.write_text("name,conversion_pct,rating\na,5,9\n", encoding="utf-8")
    assert tool_cli.run(parse("allocate_leads", '{"total_leads": 10}', "--file", str(path))) == 2
    assert "row 2" in capsys.readouterr().err
    assert tool_cli.run(parse("counter_offer", "{}", "--file", str(path))) == 2


@pytest.mark.parametrize(
    ("tool", "payload", "field"),
    [
        (
            "counter_offer",
            {"demanded_pct": 50, "industry_avg_pct": 25, "expected_gmv": 1e308},
            "expected_gmv",
        ),
        ("counter_offer", {"demanded_pct": -0.0, "industry_avg_pct": 25}, "demanded_pct"),
        ("performance_bet", {"promised_roi": 3, "actual_roi": 2, "spend": 1e16}, "spend"),
        ("incentive_tier", {"gmv": 1e300}, "gmv"),
    ],
)
def test_overflowing_amounts_and_negative_zero_get_a_field_message(
    tool: str, payload: dict, field: str
) -> None:
    with pytest.raises(ToolInputError) as err:
        run_tool(tool, payload, ToolDefaults())
    assert [p["field"] for p in err.value.problems] == [field]
    assert "Traceback" not in str(err.value) and "LadderTier" not in str(err.value)
