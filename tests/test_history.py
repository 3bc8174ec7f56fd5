"""The app's SQLite store: conversations, messages, feedback, quiz progress, corruption, threads."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from assistant.history import Conversation, HistoryStore, day_groups, local_day, new_user_id, valid_user_id


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore(tmp_path / "data" / "app.db")


def test_conversations_and_messages_round_trip(store: HistoryStore) -> None:
    cid = store.create_conversation("anon:a", "  合作方有4个案例，\n值得长期投入吗？" + "很长" * 60)
    first = store.add_message(cid, "user", "合作方有4个案例")
    second = store.add_message(cid, "assistant", "**结论**", {"intent": "partner_worth", "tool_calls": []})
    assert second > first
    messages = store.messages(cid)
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[0].answer is None and messages[1].answer == {"intent": "partner_worth", "tool_calls": []}
    conv = store.conversations("anon:a")[0]
    assert conv.id == cid and conv.title.startswith("合作方有4个案例， 值得") and len(conv.title) == 80
    assert store.conversations("anon:b") == [], "another user sees nothing"
    assert store.conversation("anon:b", cid) is None


def test_most_recent_conversation_first_and_delete_cascades(store: HistoryStore) -> None:
    old = store.create_conversation("u", "old")
    new = store.create_conversation("u", "new")
    assert [c.title for c in store.conversations("u")] == ["new", "old"]
    store.add_message(old, "user", "bump")  # activity moves it up
    assert [c.title for c in store.conversations("u")] == ["old", "new"]
    mid = store.add_message(new, "assistant", "a")
    store.set_feedback(mid, "u", 1)
    assert not store.delete_conversation("other", new)
    assert store.delete_conversation("u", new)
    assert store.messages(new) == [] and store.feedback(mid, "u") is None


def test_feedback_is_one_row_per_user_and_message(store: HistoryStore) -> None:
    cid = store.create_conversation("u", "q")
    mid = store.add_message(cid, "assistant", "answer")
    store.set_feedback(mid, "u", 1)
    store.set_feedback(mid, "u", 0, "数字不对")
    store.set_feedback(mid, "u", 0)  # changing the thumbs keeps the comment
    saved = store.feedback(mid, "u")
    assert saved is not None and saved.thumbs == 0 and saved.comment == "数字不对" and saved.time
    store.set_feedback(mid, "v", 1)
    assert {f.user for f in store.feedback_for("u", [mid]).values()} == {"u"}
    with pytest.raises(ValueError):
        store.set_feedback(mid, "u", 5)
    with pytest.raises(ValueError):
        store.set_feedback(mid, "", 1)


def test_quiz_progress_keeps_the_latest_result_per_card(store: HistoryStore) -> None:
    store.record_quiz("u", "qa-partner-worth", False)
    store.record_quiz("u", "qa-partner-worth", True)
    store.record_quiz("u", "trust-crisis", False)
    assert store.quiz_progress("u") == {"qa-partner-worth": True, "trust-crisis": False}
    assert store.quiz_progress("someone-else") == {}
    with sqlite3.connect(store.path) as conn:
        assert (
            conn.execute("SELECT attempts FROM quiz_progress WHERE card = 'qa-partner-worth'").fetchone()[0]
            == 2
        )
    store.reset_quiz("u")
    assert store.quiz_progress("u") == {}


def test_wal_journal_and_data_survive_a_new_store(store: HistoryStore) -> None:
    cid = store.create_conversation("u", "q")
    store.add_message(cid, "user", "hello")
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    again = HistoryStore(store.path)
    assert [m.content for m in again.messages(cid)] == ["hello"] and again.notice is None


def test_a_failed_write_is_rolled_back(store: HistoryStore) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.add_message("no-such-conversation", "user", "x")
    with pytest.raises(sqlite3.IntegrityError):
        store.add_message(store.create_conversation("u", "q"), "system", "x")
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 0


def test_a_corrupt_file_is_moved_aside_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    path.write_bytes(b"this is not a database" * 100)
    store = HistoryStore(path)
    assert store.notice is not None and "moved to app.db.corrupt-" in store.notice
    moved = list(tmp_path.glob("app.db.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not a database")
    cid = store.create_conversation("u", "fresh start")
    assert store.conversations("u")[0].id == cid


def test_concurrent_writers_from_threads(store: HistoryStore) -> None:
    cid = store.create_conversation("u", "busy")
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(20):
                mid = store.add_message(cid, "assistant", f"{n}-{i}")
                store.set_feedback(mid, f"user{n}", i % 2)
                store.record_quiz(f"user{n}", f"card{i % 3}", bool(i % 2))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert len(store.messages(cid)) == 120
    assert len(store.quiz_progress("user3")) == 3


def test_user_ids_are_random_and_url_safe() -> None:
    ids = {new_user_id() for _ in range(50)}
    assert len(ids) == 50 and all(len(i) == 32 and i.isalnum() for i in ids)


def test_anonymous_ids_read_back_are_validated() -> None:
    good = new_user_id()
    assert valid_user_id(good) == good
    hostile = [
        "",
        None,
        42,
        good.upper(),
        good + "0",
        good[:-1],
        "../" + good[3:],
        good[:31] + "\n",
        "a" * 10_000,
        "' OR 1=1 --" + "0" * 21,
        "０" * 32,  # full-width digits
    ]
    assert [valid_user_id(v) for v in hostile] == [None] * len(hostile)


def test_rename_keeps_the_order_and_only_the_owner_can_rename_or_delete(store: HistoryStore) -> None:
    first = store.create_conversation("u", "first")
    second = store.create_conversation("u", "second")
    before = store.conversation("u", first)
    assert store.rename_conversation("u", first, "  佣金\n 还价  ") is True
    renamed = store.conversation("u", first)
    assert renamed is not None and renamed.title == "佣金 还价" and renamed.updated == before.updated
    assert [c.id for c in store.conversations("u")] == [second, first], "renaming does not move it up"
    assert store.rename_conversation("intruder", first, "mine") is False
    assert store.conversation("u", first).title == "佣金 还价"
    assert store.rename_conversation("u", second, "x" * 500)
    assert len(store.conversation("u", second).title) == 80, "a long title is shortened"
    with pytest.raises(ValueError):
        store.rename_conversation("u", first, "   ")
    store.add_message(first, "user", "q")
    assert store.delete_conversation("intruder", first) is False and store.messages(first)
    assert store.delete_conversation("u", first) is True
    assert store.conversation("u", first) is None and store.messages(first) == []
    assert [c.id for c in store.conversations("u")] == [second]


def _conv(cid: str, updated: datetime) -> Conversation:
    stamp = updated.isoformat(timespec="microseconds")
    return Conversation(id=cid, user="u", title=cid, created=stamp, updated=stamp)


def test_conversations_are_grouped_by_the_users_local_day() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    now = datetime(2026, 3, 10, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
    today = now.astimezone(shanghai).date()
    convs = [
        _conv("a", now),
        _conv("b", now - timedelta(hours=3)),  # 22:30 UTC the day before, but 06:30 today in Shanghai
        _conv("c", now - timedelta(hours=12)),  # yesterday evening in Shanghai
        _conv("d", now - timedelta(days=3)),
        _conv("e", now - timedelta(days=20)),
        _conv("f", now - timedelta(days=20, hours=1)),
        _conv("g", now - timedelta(days=40)),
    ]
    groups = day_groups(convs, today, shanghai)
    assert [(kind, [c.id for c in items]) for kind, _, items in groups] == [
        ("today", ["a", "b"]),
        ("yesterday", ["c"]),
        ("week", ["d"]),
        ("earlier", ["e", "f"]),
        ("earlier", ["g"]),
    ]
    assert groups[3][1] == date(2026, 2, 18) and groups[4][1] == date(2026, 1, 29)
    assert [k for k, _, _ in day_groups(convs[:2], now.date())] == ["today", "yesterday"], "UTC days"
    assert local_day("2026-03-09T22:30:00", shanghai) == date(2026, 3, 10), "a naive time is read as UTC"


def test_stored_times_carry_dates(store: HistoryStore) -> None:
    cid = store.create_conversation("u", "q")
    conv = store.conversation("u", cid)
    assert local_day(conv.created) == datetime.now(UTC).date()
