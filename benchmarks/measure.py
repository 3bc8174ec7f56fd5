"""Measuring helpers for the benchmark: percentiles, timers, machine description, load and subprocess runs."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def pct(values: Iterable[float], q: float) -> float:
    """The q-quantile (nearest rank) of some values; 0.5 is the median."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    if q == 0.5:
        return float(statistics.median(ordered))
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed_ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(milliseconds, result) of one call."""
    tick = time.perf_counter()
    result = fn()
    return (time.perf_counter() - tick) * 1000, result


@dataclass
class Latency:
    """Latencies of one measured operation, in milliseconds."""

    samples: list[float]

    @property
    def p50(self) -> float:
        return pct(self.samples, 0.5)

    @property
    def p95(self) -> float:
        return pct(self.samples, 0.95)


def repeat(
    fn: Callable[[Any], Any], inputs: list[Any], passes: int = 2, warmup: int | None = None
) -> Latency:
    """Call fn on every input `passes` times, after an unmeasured pass over the first `warmup` inputs
    (all of them by default), and collect the latencies."""
    for item in inputs[:warmup]:
        fn(item)
    samples = []
    for _ in range(passes):
        for item in inputs:
            samples.append(timed_ms(lambda item=item: fn(item))[0])
    return Latency(samples)


def load_average() -> float:
    """The 1-minute load average (0 where the platform has none)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return float("nan")


def machine() -> dict[str, Any]:
    """What the benchmark ran on, by its properties (no host names, no paths)."""
    import chromadb

    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count() or 0,
        "ram_gb": round(_ram_gb(), 1),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.machine()}",
        "chromadb": chromadb.__version__,
    }


def run_python(
    code: str, env: dict[str, str], timeout: float = 300.0, args: list[str] | None = None
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run `python -c code` (or `python -m ...` when args are given) and time it from spawn to exit, in s."""
    cmd = [sys.executable, *(args if args is not None else ["-c", code])]
    full_env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    full_env.pop("SUPERNODE_CHROMA_HOST", None)
    if "SUPERNODE_CHROMA_HOST" in env:
        full_env["SUPERNODE_CHROMA_HOST"] = env["SUPERNODE_CHROMA_HOST"]
    tick = time.perf_counter()
    proc = subprocess.run(
        cmd, env=full_env, cwd=str(ROOT), capture_output=True, text=True, timeout=timeout, check=False
    )
    elapsed = time.perf_counter() - tick
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return elapsed, proc


def first_output_s(args: list[str], env: dict[str, str], timeout: float = 300.0) -> tuple[float, float, str]:
    """Run `python *args`; seconds from spawn to its first line on stdout (the answer), to its exit, and
    its whole stdout."""
    full_env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    full_env.pop("SUPERNODE_CHROMA_HOST", None)
    if "SUPERNODE_CHROMA_HOST" in env:  # a Chroma server only when the caller names one
        full_env["SUPERNODE_CHROMA_HOST"] = env["SUPERNODE_CHROMA_HOST"]
    tick = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, *args],
        env=full_env,
        cwd=str(ROOT),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        answered = time.perf_counter() - tick
        rest, err = proc.communicate(timeout=timeout)
        exited = time.perf_counter() - tick
    if proc.returncode != 0:
        raise RuntimeError(f"python {' '.join(args[:3])} failed ({proc.returncode}): {err[-2000:]}")
    return answered, exited, first + rest


PEAK_RSS_CODE = """
import json, resource, sys, time
from assistant.config import Settings
from assistant.engine import Engine, build_deps
questions = json.loads(sys.argv[1])
tick = time.perf_counter()
engine = Engine(build_deps(Settings()))
startup = time.perf_counter() - tick
for q in questions:
    engine.answer(q)
# VmHWM is this process's own peak; ru_maxrss also counts the parent it was forked from (the benchmark
# runner, over 1 GB by then), which is what earlier runs reported
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"peak_rss_mb": hwm / 1024, "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "startup_s": startup, "deals": len(engine.deps.deals)}))
"""


def engine_peak_rss(env: dict[str, str], questions: list[str]) -> dict[str, float]:
    """Peak RSS (MB) of a fresh process that builds the engine and answers some questions."""
    _, proc = run_python("", env, args=["-c", PEAK_RSS_CODE, json.dumps(questions, ensure_ascii=False)])
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))
