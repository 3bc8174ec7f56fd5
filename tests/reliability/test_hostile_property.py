"""Random bytes, random JSON trees (up to 10,000 deep) and random table cells fed to `tool`, `ask --history` and
`import-deals --dry-run` through the command line's own entry point: never a traceback, an exit code that says
what happened (0 done, 1 environment, 2 bad input), each call within 5 s and at most 500 MB allocated at its
peak (tracemalloc: Python objects and numpy arrays).

2,000 examples in all: 1,100 to `tool`, 400 to `ask --history`, 500 to `import-deals --dry-run`."""

from __future__ import annotations

import csv
import io
import shutil
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import backends, cli
from assistant.config import PROJECT_ROOT, Settings, get_settings
from assistant.tools import TOOLS

SECONDS, BYTES = 5.0, 500 * 1024 * 1024
RUN = settings(
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure is reproducible from the test alone
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
scalar_json = st.one_of(
    st.sampled_from(["null", "true", "false", "0", "-0", "1e308", "-1e309", "NaN", "Infinity", '""', '"x"']),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.text(max_size=12).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
)


@st.composite
def json_trees(draw: Any) -> str:
    """A JSON text nested up to 10,000 deep, built as text (a Python structure that deep cannot be dumped)."""
    depth = draw(st.one_of(st.integers(0, 6), st.integers(7, 10_000)))
    kinds = draw(st.lists(st.sampled_from("[{"), min_size=1, max_size=4))
    leaf = draw(scalar_json)
    opens = "".join("[" if kinds[i % len(kinds)] == "[" else '{"demanded_pct":' for i in range(depth))
    closes = "".join("]" if kinds[i % len(kinds)] == "[" else "}" for i in reversed(range(depth)))
    broken = draw(st.booleans()) and depth > 0  # an unclosed or over-closed tree
    return opens + leaf + (closes[: len(closes) // 2] if broken else closes)


payloads = st.one_of(
    json_trees(),
    st.binary(max_size=300).map(lambda b: b.decode("utf-8", "replace")),
    st.dictionaries(
        st.sampled_from(["demanded_pct", "industry_avg_pct", "gross_margin_pct", "x"]), scalar_json
    ).map(lambda d: "{" + ",".join(f'"{k}":{v}' for k, v in d.items()) + "}"),
)


def _call(argv: list[str], capsys: pytest.CaptureFixture[str], tally: Counter[str]) -> int:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse's own usage errors exit 2
        code = int(exc.code or 0)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    out, err = capsys.readouterr()
    tally["inputs tried"] += 1
    if "Traceback" in out + err:
        tally["tracebacks"] += 1
    assert "Traceback" not in out + err, err[-2000:]
    assert "unexpected error" not in err, err[-2000:]
    assert code in (0, 1, 2), (code, err[-500:])
    assert elapsed < SECONDS, f"{argv[:2]} took {elapsed:.1f} s"
    assert peak < BYTES, f"{argv[:2]}: {peak / 2**20:.0f} MB allocated at the peak"
    if code == 2 and ("at most" in err or "deep" in err):
        tally["resource limits hit cleanly"] += 1
    return code


@given(name=st.sampled_from(sorted(TOOLS)), text=payloads, stdin=st.booleans())
@settings(RUN, max_examples=1100)
def test_tool_takes_any_input(
    name: str,
    text: str,
    stdin: bool,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tally: Counter[str],
) -> None:
    if stdin:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8", "surrogatepass"))))
        _call(["tool", name, "-"], capsys, tally)
    else:
        _call(["tool", name, text.replace("\x00", "")], capsys, tally)  # argv cannot carry NUL


@pytest.fixture(scope="module")
def engine(real_index: Settings) -> Any:
    """One engine over the real knowledge, shared by every `ask` example (building one per call costs ~1 s)."""
    return backends.make_engine(real_index)


turns = st.lists(
    st.fixed_dictionaries(
        {"role": st.sampled_from(["user", "assistant"]), "content": st.text(max_size=200)},
        optional={"corrected": st.dictionaries(st.sampled_from(["roi", "spend", "x"]), scalar_json)},
    ),
    max_size=8,
)
histories = st.one_of(
    json_trees(),
    st.binary(max_size=400),
    turns.map(lambda t: __import__("json").dumps(t, ensure_ascii=False)),
)


@given(history=histories, question=st.sampled_from(["那ROI只有2呢？", "why?", "对方要30%佣金，行业20%", ""]))
@settings(RUN, max_examples=400)
def test_ask_takes_any_history(
    history: str | bytes,
    question: str,
    engine: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tally: Counter[str],
) -> None:
    monkeypatch.setattr(backends, "make_engine", lambda _settings: engine)
    path = tmp_path / "history.json"
    path.write_bytes(history if isinstance(history, bytes) else history.encode("utf-8", "surrogatepass"))
    _call(["ask", question or " ", "--history", str(path), "--json"], capsys, tally)


HEADER = ["deal_id", "partner", "category", "commission_pct", "spend", "gmv", "verified_cases", "date"]
cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["1e20", "-0", "NaN", "5万", "=HYPERLINK(1)", "T99:99", "ｄ-001", "a:b", "\x1b[2J", " "]),
    st.integers(-(10**18), 10**18).map(str),
)


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's knowledge with the first 20 sample deals (a dry run reads every shipped deal for its ids)."""
    root = tmp_path_factory.mktemp("knowledge") / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", root, ignore=shutil.ignore_patterns("user_deals.csv"))
    sample = root / "deals" / "sample_deals.csv"
    sample.write_text(
        "\n".join(sample.read_text(encoding="utf-8").splitlines()[:21]) + "\n", encoding="utf-8"
    )
    return root


@given(
    rows=st.lists(st.lists(cells, min_size=0, max_size=10), max_size=6),
    header=st.one_of(st.just(HEADER), st.lists(st.text(max_size=12), max_size=8)),
    kind=st.sampled_from(["csv", "xlsx", "bytes"]),
    raw=st.binary(max_size=300),
)
@settings(RUN, max_examples=500)
def test_import_takes_any_table(
    rows: list[list[str]],
    header: list[str],
    kind: str,
    raw: bytes,
    knowledge: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tally: Counter[str],
) -> None:
    monkeypatch.setenv("SUPERNODE_KNOWLEDGE_DIR", str(knowledge))
    get_settings.cache_clear()
    before = {p: p.read_bytes() for p in knowledge.rglob("*") if p.is_file()}
    path = tmp_path / f"deals.{'xlsx' if kind == 'xlsx' else 'csv'}"
    if kind == "bytes":
        path.write_bytes(raw)
    elif kind == "csv":
        buf = io.StringIO()
        csv.writer(buf).writerows([header, *rows])
        path.write_text(buf.getvalue(), encoding="utf-8", errors="surrogatepass")
    else:
        from openpyxl import Workbook

        wb = Workbook()
        sheet = wb.active
        for row in [header, *rows]:
            sheet.append([_xlsx_safe(c) for c in row])
        wb.save(path)
    _call(["import-deals", "--dry-run", str(path)], capsys, tally)
    after = {p: p.read_bytes() for p in knowledge.rglob("*") if p.is_file()}
    assert after == before, "a dry run changed the knowledge folder"


def _xlsx_safe(cell: str) -> str:
    """openpyxl refuses control characters in cells; a spreadsheet program would not write them either."""
    return "".join(c for c in cell if c.isprintable() or c in "\t\n")
