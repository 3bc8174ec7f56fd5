"""`python -m assistant eval`: run question sets in-process and report intent and verdict accuracy,
must-mention coverage, language, retrieval hit@k / MRR and latency percentiles."""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT, Settings

_CJK = re.compile(r"[\u4e00-\u9fff]")
DEFAULT_SETS = (
    PROJECT_ROOT.parent / "shared" / "eval" / "questions.jsonl",
    PROJECT_ROOT / "tests" / "data" / "questions_eval.jsonl",
    PROJECT_ROOT / "tests" / "data" / "retrieval_eval.jsonl",
)


def check_case(case: dict[str, Any], result: dict[str, Any]) -> tuple[dict[str, bool | None], list[str]]:
    """Judge one answer (the `ask --json` object) against a case; returns per-criterion results and why."""
    why: list[str] = []
    checks: dict[str, bool | None] = {"intent": None, "verdict": None, "must": None, "lang": None}
    if "intent" in case:
        checks["intent"] = result.get("intent") == case["intent"]
        if not checks["intent"]:
            why.append(f"intent {result.get('intent')!r} != {case['intent']!r}")
    if case.get("tool"):
        calls = [c for c in result.get("tool_calls") or [] if c.get("name") == case["tool"]]
        ok = bool(calls)
        if not ok:
            why.append(f"no call of {case['tool']}")
        else:
            out = calls[-1].get("output") or {}
            if case.get("invalid"):
                ok = "error" in out
                if not ok:
                    why.append("invalid input was not rejected")
            else:
                if out.get("verdict") != case.get("verdict"):
                    ok = False
                    why.append(f"verdict {out.get('verdict')!r} != {case.get('verdict')!r}")
                for key, want in (case.get("fields") or {}).items():
                    got = out.get(key)
                    if not isinstance(got, int | float) or abs(got - want) > 1e-6 * max(1, abs(want)):
                        ok = False
                        why.append(f"{key} {got!r} != {want}")
                codes = {str(a.get("code")) for a in out.get("alerts") or [] if isinstance(a, dict)}
                if case.get("alerts") and not set(case["alerts"]) <= codes:
                    ok = False
                    why.append(f"alerts {sorted(codes)} lack {case['alerts']}")
        checks["verdict"] = ok
    text = result.get("answer") or ""
    if case.get("must"):
        hay = (
            text
            + " "
            + " ".join(f"{c.get('title', '')} {c.get('text', '')}" for c in result.get("citations") or [])
        ).lower()
        missing = [group for group in case["must"] if not any(w.lower() in hay for w in group)]
        checks["must"] = not missing
        if missing:
            why.append(f"missing {missing}")
    if "lang" in case and "intent" in case:
        share = len(_CJK.findall(text)) / max(1, len(text))
        checks["lang"] = result.get("language") == case["lang"] and (
            share > 0.2 if case["lang"] == "zh" else share < 0.05
        )
        if not checks["lang"]:
            why.append(f"language {result.get('language')!r}, CJK share {share:.2f}")
    return checks, why


@dataclass
class Tally:
    """Running totals of one question set."""

    name: str
    cases: int = 0
    passed: int = 0
    scores: dict[str, list[bool]] = field(
        default_factory=lambda: {k: [] for k in ("intent", "verdict", "must", "lang")}
    )
    hits: list[int | None] = field(default_factory=list)  # rank of the first expected card, None if absent
    latency: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def line(self, k: int) -> str:
        pct = lambda xs: f"{100 * sum(xs) / len(xs):.0f}%" if xs else "n/a"  # noqa: E731
        parts = [f"{self.name}: passed {self.passed}/{self.cases}"]
        parts += [f"{key} {pct(v)}" for key, v in self.scores.items() if v]
        if self.hits:
            hit = sum(1 for r in self.hits if r is not None and r < k) / len(self.hits)
            mrr = sum(1 / (r + 1) for r in self.hits if r is not None) / len(self.hits)
            parts.append(f"hit@{k} {hit:.3f} MRR {mrr:.3f}")
        if self.latency:
            lat = sorted(self.latency)
            p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))]
            parts.append(f"latency p50 {statistics.median(lat):.0f} ms p95 {p95:.0f} ms")
        return ", ".join(parts)


def evaluate_file(engine: Any, path: Path, k: int = 3) -> Tally:
    """Run every case of one JSONL file through the engine."""
    tally = Tally(path.name)
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        case = json.loads(line)
        tally.cases += 1
        if "intent" not in case and "ids" in case:  # a retrieval case
            hits = engine.deps.reader.search(case["q"], k=10, kind="playbook")
            ids = [h.id for h in hits]
            rank = next((i for i, x in enumerate(ids) if x in case["ids"]), None)
            tally.hits.append(rank)
            if rank is not None and rank < k:
                tally.passed += 1
            else:
                tally.failures.append(
                    f"{case.get('id', line_no)}: {case['q']!r} -> {ids[:k]} (want {case['ids']})"
                )
            continue
        answer = engine.answer(case["q"], case.get("history") or [])
        result = answer.contract()
        tally.latency.append(answer.latency_ms)
        checks, why = check_case(case, result)
        for key, value in checks.items():
            if value is not None:
                tally.scores[key].append(value)
        if all(v is not False for v in checks.values()):
            tally.passed += 1
        else:
            tally.failures.append(f"{case.get('id', line_no)}: {case['q']!r}: {'; '.join(why)}")
    return tally


def run_eval(settings: Settings, files: list[str], k: int = 3, verbose: bool = False) -> int:
    """Print one summary line per set (and failures with --verbose); exit 1 when a set has failures."""
    from assistant.backends import make_engine

    paths = [Path(f) for f in files] if files else [p for p in DEFAULT_SETS if p.exists()]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"eval: no such file: {', '.join(missing)}")
        return 2
    engine = make_engine(settings)
    engine.answer("warm-up 预热")
    worst = 0
    for path in paths:
        tally = evaluate_file(engine, path, k)
        print(tally.line(k))
        if verbose:
            for failure in tally.failures:
                print(f"  FAIL {failure}")
        worst = max(worst, 1 if tally.failures else 0)
    if not files:
        for split in ("train", "unseen", "fresh"):
            print("\n".join(labelled_report(engine, split, verbose)))
    return worst


def labelled_report(engine: Any, split: str, verbose: bool = False) -> list[str]:
    """Intent accuracy (the router, through the engine's reading) and slot precision/recall per field of the
    labelled questions of one split ('train'; 'unseen': families the number reader was not trained on; 'fresh':
    the held-out set written apart, labelled.FRESH_PATH)."""
    from assistant.understanding import labelled
    from assistant.understanding.slots import extract_slots, rule_slots

    source = labelled.FRESH_PATH if split == "fresh" else None
    rows = [r for r in labelled.load(source) if r["split"] == split]
    right = 0
    for row in rows:
        history = [{"role": "user", "content": t} for t in row.get("history") or []]
        read = getattr(engine, "grounded", engine).read(row["q"], history)
        right += getattr(read, "intent", None) == row["intent"]
    lines = [f"labelled {split}: {len(rows)} questions, intent accuracy {right / max(len(rows), 1):.3f}"]
    reader = getattr(engine, "grounded", engine)

    def routed(text: str) -> dict[str, Any]:  # the engine's own reading: numbers read again for the intent
        return dict(getattr(reader.read(text), "slots", None) or {})

    readers = (
        ("rules", rule_slots),
        ("rules + learned", extract_slots),
        ("read for the routed intent", routed),
    )
    for name, extract in readers:
        report = labelled.evaluate(extract, rows)
        micro = report.micro(labelled.SLOT_FIELDS)
        lines.append(
            f"  slots ({name}): micro F1 {micro.f1:.3f}, P {micro.precision:.3f}, R {micro.recall:.3f}; "
            f"unused {report.unused_count(labelled.SLOT_FIELDS)} of {micro.support} numbers"
        )
        if verbose and name == readers[-1][0]:
            lines += ["    " + line for line in report.table().splitlines()]
    return lines
