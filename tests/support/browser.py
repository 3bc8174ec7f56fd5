"""The browser tests' fixtures and helpers: Chromium via playwright, `streamlit run app.py` on a free loopback
port, a fresh page per test, screenshots, asking in the chat and opening a page."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.config import PROJECT_ROOT, Settings
from tests.support.app import APP, copy_app_folders

SHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--disable-default-apps",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


def find_chromium() -> str | None:
    for candidate in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium() -> str:
    """The system Chromium; without one the browser tests are skipped locally and fail under CI."""
    path = find_chromium()
    if path is None:
        message = "Chromium is not installed (apt-get install chromium fonts-wqy-microhei)"
        if os.environ.get("CI"):
            pytest.fail(message + ": under CI the browser tests must run")
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"streamlit was not healthy within {timeout}s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen[bytes], timeout: float = 15) -> None:
    """End a served process: terminate, then kill if it does not exit in time."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


@pytest.fixture(scope="session")
def served(
    chromium: str,
    app_folders: Settings,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, Settings]]:
    """`streamlit run app.py` on a free port, reading a private copy of the indexed knowledge."""
    settings = copy_app_folders(app_folders, tmp_path_factory.mktemp("browser"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPERNODE_")}
    env |= {
        "SUPERNODE_KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "SUPERNODE_DATA_DIR": str(settings.data_dir),
        "SUPERNODE_BACKEND": "grounded",
    }
    secrets = settings.data_dir / "secrets.toml"  # read instead of any real .streamlit/secrets.toml
    secrets.write_text(
        "\n".join(f'{k} = "{v}"' for k, v in env.items() if k.startswith("SUPERNODE_")) + "\n",
        encoding="utf-8",
    )
    port = free_port()
    log = settings.data_dir / "streamlit.log"
    command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true", "--secrets.files", str(secrets)]
    # serve the code as it is now: with a file watcher, an edit in the working tree during the run makes every
    # session drop the project's modules from sys.modules at its next rerun, and a session importing them at
    # that moment fails (KeyError: 'ui.render' under concurrent sessions)
    command += ["--server.fileWatcherType", "none"]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log)
        yield url, settings
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser profile (no cookies, no storage) at laptop size."""
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    context.set_default_timeout(60_000)
    tab = context.new_page()
    yield tab
    context.close()


def shot(page: Any, name: str) -> Path:
    """Save a screenshot under test-artifacts/screenshots/ (git-ignored)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.wait_for_timeout(400)  # let charts finish their transition
    page.screenshot(path=str(path))
    return path


def ask(page: Any, question: str) -> Any:
    """Type a question into the chat and wait for its answer's chart; returns the answer's message."""
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    reply = page.get_by_test_id("stChatMessage").last
    reply.get_by_test_id("stPlotlyChart").wait_for(timeout=150_000)  # the server builds its engine once
    return reply


# the last line of a complete answer, in either language: the wait the user had
DONE = re.compile(r"^(?:用时 [\d.]+ 秒|Answered in [\d.]+ s)$")


def answer(page: Any, question: str) -> Any:
    """Ask in the chat and wait until the answer is complete; returns the answer's message."""
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    reply = page.get_by_test_id("stChatMessage").last
    reply.get_by_text(DONE).wait_for(timeout=150_000)  # the first question of the server builds its engine
    # and the page has brought the answer's top into view (it keeps it there while late elements lay out)
    page.wait_for_function("document.body.dataset.answerScroll === 'done'", timeout=30_000)
    return reply


def open_expanders(page: Any) -> None:
    """Open every closed expander of the main block (an answer's sources and similar deals, a page's cards),
    so what they hold is on screen; waits until the reruns they may cause have settled."""
    page.evaluate(
        """() => document.querySelectorAll(
            '[data-testid=stMainBlockContainer] [data-testid=stExpander] details > summary'
        ).forEach((s) => {
            const body = s.parentElement.querySelector('[data-testid=stExpanderDetails]');
            if (body ? body.hasAttribute('inert') : !s.parentElement.open) s.click();  // closed: open it
        })"""
    )
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=20_000)


def open_page(page: Any, url: str, path: str = "", **params: str) -> None:
    """Go to a page of the served app (with query parameters) and wait for its navigation and heading."""
    query = "&".join(f"{k}={v}" for k, v in params.items())
    page.goto(f"{url}/{path}" + (f"?{query}" if query else ""))
    page.get_by_test_id("stSidebarNav").wait_for()
    page.get_by_test_id("stMainBlockContainer").get_by_role("heading").first.wait_for()
