"""Is the embedded index's folder usable: writable, holding a whole database, free of leftovers.

Chroma needs to write its folder even to read it, fails deep inside with a traceback on a damaged database,
and leaves the vector folder of every deleted collection behind. These checks turn each case into one
sentence that says what to do, let ingest set a damaged index aside and rebuild it, and keep the folder
to what the live collections use.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from chromadb.errors import ChromaError

from assistant.config import Settings
from assistant.index.store import (
    DB_FILE,
    DataFolderReadOnly,
    IndexDamaged,
    IndexUnavailable,
    release_index,
    unreachable,
)

log = logging.getLogger(__name__)

# What a failing embedded index raises: Chroma's own errors (its Rust core reports SQLite's) and SQLite's.
STORAGE_ERRORS: tuple[type[BaseException], ...] = (ChromaError, sqlite3.Error)
FIX = "make it writable (chmod u+w) or set SUPERNODE_DATA_DIR to a writable folder"
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_QUERY = """
import json, sqlite3, sys
try:
    rows = sqlite3.connect(sys.argv[1], uri=True, timeout=5).execute(sys.argv[2]).fetchall()
    print(json.dumps({"rows": rows}))
except sqlite3.Error as exc:
    print(json.dumps({"error": str(exc), "code": getattr(exc, "sqlite_errorcode", 0)}))
"""


# -- writable -------------------------------------------------------------------------------------
def _blocked(path: Path, folder: bool) -> DataFolderReadOnly | None:
    """Why new files cannot be written at `path` (a folder, or a file when `folder` is false), or None. A
    path still to be made is judged by the nearest folder that exists above it."""
    if not path.exists():
        parent = next((p for p in path.parents if p.exists()), None)
        return None if parent is None else _blocked(parent, folder=True)
    if folder and not path.is_dir():
        return DataFolderReadOnly(
            f"the data folder {path} is a file, not a folder: move it away or set SUPERNODE_DATA_DIR "
            "to a writable folder"
        )
    if os.access(path, os.W_OK | (os.X_OK if folder else 0)):
        return None
    what = "the data folder" if folder else "the file"
    return DataFolderReadOnly(f"{what} {path} is read-only: {FIX}")


def _first_blocked(paths: list[tuple[Path, bool]]) -> DataFolderReadOnly | None:
    return next((p for p in (_blocked(path, folder) for path, folder in paths) if p is not None), None)


def _written(settings: Settings, lock: bool) -> list[tuple[Path, bool]]:
    """What Chroma and ingest write, in the order a message should name them: (path, is a folder)."""
    paths = [(settings.data_dir, True)] + ([(settings.data_dir / "ingest.lock", False)] if lock else [])
    if not settings.uses_server:
        paths += [(settings.index_dir, True), (settings.index_dir / DB_FILE, False)]
    return paths


def require_writable(settings: Settings) -> None:
    """Raise DataFolderReadOnly unless ingest can write what it writes: its lock in the data folder and,
    for an embedded index, the index folder and its database. Checked before anything is written, so a
    read-only folder is one sentence, not a PermissionError from inside Chroma."""
    problem = _first_blocked(_written(settings, lock=True))
    if problem is not None:
        raise problem


def read_failure(settings: Settings, exc: BaseException) -> IndexUnavailable:
    """What a reader tells the user when opening or reading the index failed with `exc`: the server is
    down, the folder is read-only (Chroma cannot open it then; named as ingest names it), or the index must
    be (re)built. Writability is only looked at after a failure: a readable index is read as it is."""
    if isinstance(exc, IndexUnavailable):
        return exc
    if settings.uses_server:
        return unreachable(settings, exc)
    problem = _first_blocked(_written(settings, lock=False))
    if problem is not None:
        return problem
    return IndexDamaged(
        f"the index in {settings.index_dir} cannot be read ({reason_of(exc)}); "
        "run `python -m assistant ingest` (it rebuilds a damaged index)"
    )


# -- damaged --------------------------------------------------------------------------------------
def reason_of(exc: BaseException) -> str:
    """The error's text on one short line, for a message that names the cause."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"


def is_transient(exc: BaseException) -> bool:
    """A busy or locked database: another process is writing, which is no damage."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class _QueryFailed(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code & 0xFF  # the primary result code


def _query(db: Path, sql: str, timeout: float) -> list[list[Any]]:
    """The rows of one read-only query on the index database, run in a child process.

    Chroma's core links its own copy of SQLite, and when a second copy in the same process closes a file on
    the database, POSIX drops the locks the first one holds on it (a documented way to corrupt SQLite)."""
    out = subprocess.run(
        [sys.executable, "-I", "-c", _QUERY, f"{db.as_uri()}?mode=ro", sql],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    try:
        answer = json.loads(out.stdout)
    except ValueError:
        raise _QueryFailed(out.stderr.strip()[-200:] or f"exit {out.returncode}", 0) from None
    if "error" in answer:
        raise _QueryFailed(answer["error"], int(answer["code"] or 0))
    return list(answer["rows"])


def database_damage(settings: Settings) -> str | None:
    """What SQLite's own check finds wrong with the index database, or None when it is whole (or absent,
    or cannot be checked now). Only asked after a failure: on a large index the check reads every page."""
    db = settings.index_dir / DB_FILE
    if not db.is_file():
        return None
    try:
        rows = _query(db, "PRAGMA quick_check", timeout=900)
    except _QueryFailed as exc:
        return reason_of(exc) if exc.code in _CORRUPT_CODES else None
    except (OSError, subprocess.SubprocessError):  # cannot tell: not damage
        return None
    problems = [str(r[0]) for r in rows if r[0] != "ok"]
    return reason_of(Exception("; ".join(problems))) if problems else None


def set_aside(settings: Settings, reason: str) -> Path:
    """Move the damaged index folder to data/index.damaged-<time> (nothing is deleted, it can be
    inspected or removed later) so a fresh index can be built at the same path. Raises IndexDamaged naming
    the folder to remove by hand when it cannot be moved."""
    index = settings.index_dir
    release_index(settings)  # this process must not keep using the old files
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = index.with_name(f"{index.name}.damaged-{stamp}")
    for n in range(2, 100):
        if not target.exists():
            break
        target = index.with_name(f"{index.name}.damaged-{stamp}-{n}")
    try:
        os.rename(index, target)
    except OSError as exc:
        raise IndexDamaged(
            f"the index in {index} is damaged ({reason}) and could not be moved aside "
            f"({exc.strerror or exc}): remove the folder {index} (rm -r '{index}') and run "
            "`python -m assistant ingest` again"
        ) from exc
    return target


# -- leftovers ------------------------------------------------------------------------------------
def _live_segments(db: Path) -> set[str]:
    """Ids of every segment Chroma's database knows (of any collection, also other apps' prefixes)."""
    return {str(row[0]) for row in _query(db, "SELECT id FROM segments", timeout=60)}


def remove_orphan_segments(settings: Settings) -> list[Path]:
    """Delete the segment folders no collection references any more, and return them.

    Chroma keeps a deleted collection's vector folder, so each ingest would leave one per replaced
    collection. Only folders named like a segment id (a UUID) and absent from Chroma's `segments` table
    go; the folder is listed before the table is read, so a collection made meanwhile is never touched.
    Call it with the ingest lock held."""
    index = settings.index_dir
    if settings.uses_server or not index.is_dir():
        return []
    folders = [p for p in index.iterdir() if _UUID.fullmatch(p.name) and p.is_dir() and not p.is_symlink()]
    if not folders:
        return []
    try:
        live = _live_segments(index / DB_FILE)
    except (_QueryFailed, OSError, subprocess.SubprocessError) as exc:  # busy, damaged: keep all for now
        log.warning("could not list the index's segments (%s); leftover folders are kept", exc)
        return []
    if not live:  # a built index always has segments: an empty answer is not to be trusted
        return []
    removed = []
    for folder in folders:
        if folder.name not in live:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
