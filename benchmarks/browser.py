"""Time to answer in a real Chromium against `streamlit run app.py`: from the Enter key to the first section
of the answer on screen, and to the complete answer (laid out with its verdict card, expanders and charts
drawn). Timed inside the page (performance.now() at the key press, a MutationObserver for the rest), so the
figures do not include the driver's polling. One user asking in turn, then several sessions at once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT, Settings
from benchmarks.measure import Latency

# Set up before the key press: remembers how many messages there were, then watches the page. "first" is
# the first text of the new answer other than the waiting caption; "done" is the answer laid out (an
# expander only the final layout draws), nothing stale in it, every chart drawn and the script run over.
WATCH = """(waiting) => {
  const all = () => document.querySelectorAll('[data-testid=stChatMessage]');
  const t = {n0: all().length, start: null, first: null, done: null};
  window.__answer = t;
  const check = () => {
    if (t.start === null) return;
    const msgs = all();
    if (msgs.length < t.n0 + 2) return;
    const reply = msgs[t.n0 + 1];
    const now = performance.now();
    if (t.first === null) {
      const text = [...reply.querySelectorAll('[data-testid=stMarkdownContainer]')]
        .map((e) => e.innerText.trim()).filter((s) => s && s !== waiting);
      if (text.length) t.first = now;
    }
    if (t.first !== null && t.done === null) {
      const laid = reply.querySelector('[data-testid=stExpander]');
      const stale = reply.querySelector('[data-stale=true]') || document.querySelector('[data-stale=true]');
      const charts = [...reply.querySelectorAll('[data-testid=stPlotlyChart]')];
      const drawn = charts.every((c) => c.querySelector('svg.main-svg'));
      const running = document.querySelector('[data-testid=stStatusWidget]');
      if (laid && !stale && drawn && !running) t.done = now;
    }
  };
  new MutationObserver(check).observe(document.body, {subtree: true, childList: true, attributes: true,
                                                       characterData: true});
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && t.start === null) t.start = performance.now();
  }, {capture: true});
  setInterval(check, 50);  // a chart drawn inside a canvas or an attribute-only change still ends the wait
}"""


@contextmanager
def serve(settings: Settings, log: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port over these folders (the grounded back-end)."""
    from tests.support.browser import free_port, stop, wait_healthy

    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPERNODE_")}
    env |= {
        "SUPERNODE_KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "SUPERNODE_DATA_DIR": str(settings.data_dir),
        "SUPERNODE_BACKEND": "grounded",
    }
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(PROJECT_ROOT / "app.py"),
        "--server.port",
        str(port),
    ]
    command += [
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log)
        yield url
    finally:
        stop(proc)


async def _session(
    browser: Any, url: str, questions: list[str], out: dict[str, list[float]], pause_ms: int
) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    context.set_default_timeout(180_000)
    page = await context.new_page()
    try:
        await page.goto(url)
        box = page.get_by_test_id("stChatInputTextArea")
        await box.wait_for()
        for question in questions:
            await box.fill(question)
            await page.evaluate(WATCH, "正在分析……")
            await box.press("Enter")
            await page.wait_for_function("() => window.__answer.done !== null", timeout=180_000, polling=100)
            t = await page.evaluate("() => window.__answer")
            out["first"].append(t["first"] - t["start"])
            out["done"].append(t["done"] - t["start"])
            await page.wait_for_timeout(pause_ms)  # a person reads before the next question
    except Exception as exc:  # counted, never hidden: the report names how many answers failed
        out["errors"].append(len(out["done"]))
        print(f"browser session failed: {type(exc).__name__}: {exc}"[:300], file=sys.stderr)
    finally:
        await context.close()


async def _drive(url: str, sessions: list[list[str]], pause_ms: int) -> dict[str, list[float]]:
    from playwright.async_api import async_playwright

    from tests.support.browser import CHROMIUM_ARGS, find_chromium

    out: dict[str, list[float]] = {"first": [], "done": [], "errors": []}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS)
        await asyncio.gather(*(_session(browser, url, qs, out, pause_ms) for qs in sessions))
        await browser.close()
    return out


def time_to_answer(settings: Settings, questions: list[str], log: Path, sessions: int = 10) -> dict[str, Any]:
    """One user asking `questions` in turn, then `sessions` users at once asking 5 each (after a warm-up
    question that builds the server's engine): first section and complete answer, in ms."""
    from tests.support.browser import find_chromium

    if find_chromium() is None:
        return {"skipped": "no Chromium (apt-get install chromium fonts-wqy-microhei)"}
    with serve(settings, log) as url:
        asyncio.run(_drive(url, [questions[:1]], 0))  # the server builds its engine once
        one = asyncio.run(_drive(url, [questions], 500))
        many = asyncio.run(
            _drive(
                url,
                [[questions[(i * 5 + k) % len(questions)] for k in range(5)] for i in range(sessions)],
                1000,
            )
        )
    return {
        "questions": len(questions),
        "sessions": sessions,
        "one": {k: Latency(v) for k, v in one.items() if k != "errors"} | {"errors": len(one["errors"])},
        "many": {k: Latency(v) for k, v in many.items() if k != "errors"} | {"errors": len(many["errors"])},
    }
