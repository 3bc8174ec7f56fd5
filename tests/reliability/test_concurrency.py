"""One engine answering from 8 threads (50 questions each) gives exactly the serial answers, no errors."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.engine import Engine, build_deps

pytestmark = pytest.mark.slow


def _questions(n: int = 50) -> list[tuple[str, list[dict[str, str]]]]:
    path = PROJECT_ROOT / "tests" / "data" / "questions_eval.jsonl"
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(c["q"], c.get("history") or []) for c in cases[:n]]


def _stable(answer) -> str:  # everything but the timings
    data = answer.contract()
    data.pop("latency_ms")
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def test_eight_threads_give_the_serial_answers(real_index: Settings, tally) -> None:
    engine = Engine(build_deps(real_index))
    questions = _questions()
    serial = [_stable(engine.answer(q, h)) for q, h in questions]

    def worker(offset: int) -> list[tuple[int, str]]:
        order = questions[offset:] + questions[:offset]  # each thread starts elsewhere
        return [
            ((i + offset) % len(questions), _stable(engine.answer(q, h))) for i, (q, h) in enumerate(order)
        ]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(worker, range(0, 8 * 6, 6)))
    mismatches = [(i, got) for per_thread in results for i, got in per_thread if got != serial[i]]
    tally["inputs tried"] += sum(len(r) for r in results)
    assert sum(len(r) for r in results) == 400
    assert not mismatches, mismatches[:2]
