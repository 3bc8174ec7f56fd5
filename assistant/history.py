"""The app's own store (SQLite under data_dir): conversations, messages, feedback and quiz progress."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    user TEXT NOT NULL,
    title TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_user ON conversations (user, updated);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content TEXT NOT NULL,
    answer TEXT,
    created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_conversation ON messages (conversation, id);
CREATE TABLE IF NOT EXISTS feedback (
    message INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    user TEXT NOT NULL,
    thumbs INTEGER CHECK (thumbs IN (0, 1)),
    comment TEXT NOT NULL DEFAULT '',
    time TEXT NOT NULL,
    PRIMARY KEY (message, user)
);
CREATE TABLE IF NOT EXISTS quiz_progress (
    user TEXT NOT NULL,
    card TEXT NOT NULL,
    correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
    attempts INTEGER NOT NULL DEFAULT 1,
    time TEXT NOT NULL,
    PRIMARY KEY (user, card)
);
"""
MAX_USER = 200
MAX_TITLE = 80
ANON_ID = re.compile(r"^[0-9a-f]{32}$")  # what new_user_id() makes: the only anonymous id accepted back


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Conversation:
    id: str
    user: str
    title: str
    created: str
    updated: str


@dataclass(frozen=True)
class Message:
    id: int
    conversation: str
    role: str
    content: str
    answer: dict[str, Any] | None
    created: str


@dataclass(frozen=True)
class Feedback:
    message: int
    user: str
    thumbs: int | None
    comment: str
    time: str


def new_user_id() -> str:
    """A random, URL-safe id for a browser user who is not logged in."""
    return uuid.uuid4().hex


def valid_user_id(value: Any) -> str | None:
    """An anonymous id read back from a cookie or a link, if it is one new_user_id() could have made (32
    lowercase hex characters); anything else (too long, other characters, not text) is refused."""
    return value if isinstance(value, str) and len(value) == 32 and ANON_ID.match(value) else None


def _title(text: str) -> str:
    clean = " ".join((text or "").split())
    return clean if len(clean) <= MAX_TITLE else clean[: MAX_TITLE - 1] + "…"


def local_day(stamp: str, tz: tzinfo | None = None) -> date:
    """The calendar day of a stored UTC time in the user's time zone (UTC when unknown)."""
    moment = datetime.fromisoformat(stamp)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(tz or UTC).date()


def day_groups(
    conversations: list[Conversation], today: date, tz: tzinfo | None = None
) -> list[tuple[str, date, list[Conversation]]]:
    """Conversations (most recent first) grouped by the day they were last active: ("today" | "yesterday" |
    "week" (2-6 days ago) | "earlier", the day of the group's first conversation, its conversations); an
    "earlier" group holds one day."""
    groups: list[tuple[str, date, list[Conversation]]] = []
    for conv in conversations:
        day = local_day(conv.updated, tz)
        age = (today - day).days
        kind = "today" if age <= 0 else "yesterday" if age == 1 else "week" if age < 7 else "earlier"
        if groups and groups[-1][0] == kind and (kind != "earlier" or groups[-1][1] == day):
            groups[-1][2].append(conv)
        else:
            groups.append((kind, day, [conv]))
    return groups


def _check_user(user: str) -> str:
    if not isinstance(user, str) or not user.strip() or len(user) > MAX_USER:
        raise ValueError("user must be a non-empty text of at most 200 characters")
    return user


class HistoryStore:
    """Thread-safe: every call opens its own connection and writes in one transaction (WAL journal)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.notice: str | None = None  # set when a corrupt file was moved aside
        self._lock = threading.Lock()
        self._setup()

    # -- connection and schema -------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=15, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 15000")
        return conn

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One connection and one IMMEDIATE transaction: committed on success, rolled back on error."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        conn = self._connect()
        try:
            yield conn
        finally:
            conn.close()

    def _setup(self) -> None:
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._create()
            except sqlite3.DatabaseError as exc:
                moved = self._move_aside()
                self.notice = (
                    f"the history database was unreadable ({exc}); it was moved to {moved.name} "
                    "and a new, empty one was started"
                )
                self._create()

    def _create(self) -> None:
        conn = self._connect()
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            row = conn.execute("PRAGMA quick_check").fetchone()
            if row is None or row[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {row[0] if row else 'no answer'}")
            conn.executescript(SCHEMA)
        finally:
            conn.close()

    def _move_aside(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        self.path.replace(target)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                side.replace(target.with_name(target.name + suffix))
        return target

    # -- conversations and messages -------------------------------------------------------------
    def create_conversation(self, user: str, title: str) -> str:
        """A new conversation of `user`; its title is the first question, shortened."""
        _check_user(user)
        clean = _title(title)
        cid, now = uuid.uuid4().hex, _now()
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO conversations (id, user, title, created, updated) VALUES (?, ?, ?, ?, ?)",
                (cid, user, clean or "…", now, now),
            )
        return cid

    def conversations(self, user: str, limit: int = 50) -> list[Conversation]:
        """The user's conversations, most recently active first."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT * FROM conversations WHERE user = ? ORDER BY updated DESC, created DESC LIMIT ?",
                (user, limit),
            ).fetchall()
        return [Conversation(**dict(r)) for r in rows]

    def conversation(self, user: str, conversation_id: str) -> Conversation | None:
        """One conversation, only if it belongs to `user`."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT * FROM conversations WHERE id = ? AND user = ?", (conversation_id, user)
            ).fetchone()
        return Conversation(**dict(row)) if row else None

    def rename_conversation(self, user: str, conversation_id: str, title: str) -> bool:
        """Give a conversation of `user` a new title (shortened like a first question); an empty title is
        refused. Its activity time stays as it was (renaming does not move it up the list)."""
        clean = _title(title)
        if not clean:
            raise ValueError("a conversation title cannot be empty")
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE conversations SET title = ? WHERE id = ? AND user = ?", (clean, conversation_id, user)
            )
        return cur.rowcount > 0

    def delete_conversation(self, user: str, conversation_id: str) -> bool:
        """Delete a conversation of `user` with its messages and their feedback; False if not theirs."""
        with self._tx() as conn:
            cur = conn.execute("DELETE FROM conversations WHERE id = ? AND user = ?", (conversation_id, user))
        return cur.rowcount > 0

    def add_message(
        self, conversation_id: str, role: str, content: str, answer: dict[str, Any] | None = None
    ) -> int:
        """Append a message (and the assistant's structured answer as JSON); returns its id."""
        now = _now()
        payload = None if answer is None else json.dumps(answer, ensure_ascii=False)
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO messages (conversation, role, content, answer, created) VALUES (?, ?, ?, ?, ?)",
                (conversation_id, role, content, payload, now),
            )
            conn.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id))
        return int(cur.lastrowid or 0)

    def update_message(self, message_id: int, content: str, answer: dict[str, Any] | None) -> None:
        """Replace a message's text and structured answer (an answer whose inputs the user corrected)."""
        payload = None if answer is None else json.dumps(answer, ensure_ascii=False)
        with self._tx() as conn:
            conn.execute(
                "UPDATE messages SET content = ?, answer = ? WHERE id = ?", (content, payload, message_id)
            )

    def messages(self, conversation_id: str) -> list[Message]:
        """The messages of a conversation in order."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT * FROM messages WHERE conversation = ? ORDER BY id", (conversation_id,)
            ).fetchall()
        return [
            Message(
                id=r["id"],
                conversation=r["conversation"],
                role=r["role"],
                content=r["content"],
                answer=json.loads(r["answer"]) if r["answer"] else None,
                created=r["created"],
            )
            for r in rows
        ]

    # -- feedback -------------------------------------------------------------------------------
    def set_feedback(
        self, message_id: int, user: str, thumbs: int | None, comment: str | None = None
    ) -> None:
        """Record (or change) a user's thumbs (1 up, 0 down, None cleared) and optional comment."""
        _check_user(user)
        if thumbs not in (None, 0, 1):
            raise ValueError("thumbs must be 1 (up), 0 (down) or None")
        with self._tx() as conn:
            old = conn.execute(
                "SELECT comment FROM feedback WHERE message = ? AND user = ?", (message_id, user)
            ).fetchone()
            text = (comment if comment is not None else (old["comment"] if old else ""))[:2000]
            conn.execute(
                "INSERT INTO feedback (message, user, thumbs, comment, time) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (message, user) DO UPDATE SET thumbs = excluded.thumbs, "
                "comment = excluded.comment, time = excluded.time",
                (message_id, user, thumbs, text, _now()),
            )

    def feedback(self, message_id: int, user: str) -> Feedback | None:
        with self._read() as conn:
            row = conn.execute(
                "SELECT * FROM feedback WHERE message = ? AND user = ?", (message_id, user)
            ).fetchone()
        return Feedback(**dict(row)) if row else None

    def feedback_for(self, user: str, message_ids: list[int]) -> dict[int, Feedback]:
        """The user's feedback on several messages at once."""
        if not message_ids:
            return {}
        marks = ",".join("?" * len(message_ids))
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT * FROM feedback WHERE user = ? AND message IN ({marks})", (user, *message_ids)
            ).fetchall()
        return {r["message"]: Feedback(**dict(r)) for r in rows}

    # -- quiz progress --------------------------------------------------------------------------
    def record_quiz(self, user: str, card_id: str, correct: bool) -> None:
        """Store the latest result of a quiz question on a card (attempts are counted)."""
        _check_user(user)
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO quiz_progress (user, card, correct, attempts, time) VALUES (?, ?, ?, 1, ?) "
                "ON CONFLICT (user, card) DO UPDATE SET correct = excluded.correct, "
                "attempts = quiz_progress.attempts + 1, time = excluded.time",
                (user, card_id, int(bool(correct)), _now()),
            )

    def quiz_progress(self, user: str) -> dict[str, bool]:
        """card id -> whether the user's latest answer on it was right."""
        with self._read() as conn:
            rows = conn.execute("SELECT card, correct FROM quiz_progress WHERE user = ?", (user,)).fetchall()
        return {r["card"]: bool(r["correct"]) for r in rows}

    def reset_quiz(self, user: str) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM quiz_progress WHERE user = ?", (user,))
