"""A Chroma server on loopback for the benchmark: started on a free port, awaited, always stopped."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def chroma_binary() -> Path | None:
    """The `chroma` command installed next to this Python, if any."""
    path = Path(sys.executable).parent / "chroma"
    return path if path.exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_heartbeat(port: int, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    """Poll the server's heartbeat until it answers; fail early when the process died."""
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}/api/v2/heartbeat"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never via a proxy
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma server exited with code {proc.returncode}")
        try:
            with opener.open(url, timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"chroma server did not answer on 127.0.0.1:{port} within {timeout:.0f} s")


@contextmanager
def chroma_server(path: Path, log: Path) -> Iterator[int]:
    """Run `chroma run --path PATH` on 127.0.0.1 and yield its port; stops it on exit."""
    binary = chroma_binary()
    if binary is None:
        raise FileNotFoundError("the chroma command is not installed next to this Python")
    port = free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(binary), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_heartbeat(port, proc)
            yield port
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
