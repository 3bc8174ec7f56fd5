"""The team's own deals: `knowledge/deals/user_deals.csv`, written atomically under a lock, with every prior
version kept under the data folder so an edit or an import can be undone.

Every write goes through `atomic_file`: the file keeps its permissions, and temp files left by a killed
writer are removed by the next one. The project's own deal files are read without the import limits (the
team's file legitimately grows past one import's row limit)."""

from __future__ import annotations

import fcntl
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from assistant.config import Settings
from assistant.kb.deals import (
    Deal,
    DealDataError,
    DealSource,
    ImportReport,
    RowError,
    load_deals,
    read_deal_file,
    save_deals,
)
from assistant.kb.deals.files import atomic_file, remove_stale_temps
from assistant.kb.market import knowledge_benchmarks
from assistant.kb.sheets import UNLIMITED

USER_FILE = "user_deals.csv"


class DealStoreError(ValueError):
    """A change that cannot be applied; nothing was written."""


@dataclass
class Change:
    """What an import or edit did (or would do, for a dry run)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    version: str | None = None  # the snapshot that undo restores

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.updated)} updated"


def user_file(settings: Settings) -> Path:
    return settings.deals_dir / USER_FILE


def versions_dir(settings: Settings) -> Path:
    return settings.data_dir / "deal_versions"


@contextmanager
def _locked(settings: Settings) -> Iterator[None]:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.data_dir / "deals.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def user_deals(settings: Settings) -> list[Deal]:
    """The deals the team added or imported (empty when none)."""
    path = user_file(settings)
    if not path.exists():
        return []
    report = read_deal_file(path, benchmarks=knowledge_benchmarks(settings.knowledge_dir), limits=UNLIMITED)
    if report.errors:
        raise DealStoreError(f"{USER_FILE} is damaged: " + "; ".join(str(e) for e in report.errors[:5]))
    return report.valid


def _shipped_ids(settings: Settings) -> dict[str, str]:
    """deal id -> file for every deal that is not the team's own (source cases, samples)."""
    out: dict[str, str] = {}
    for path in sorted(settings.deals_dir.glob("*.csv")):
        if path.name != USER_FILE:
            report = read_deal_file(
                path, benchmarks=knowledge_benchmarks(settings.knowledge_dir), limits=UNLIMITED
            )
            out.update({d.deal_id: path.name for d in report.valid})
    return out


def check_import(settings: Settings, report: ImportReport) -> list[RowError]:
    """Problems beyond the row schema: ids that belong to the shipped data."""
    shipped = _shipped_ids(settings)
    return [
        RowError(
            row=row,
            column="deal_id",
            reason=f"deal_id '{d.deal_id}' is used by {shipped[d.deal_id]}; pick a new id",
        )
        for d, row in zip(report.valid, report.valid_rows, strict=True)
        if d.deal_id in shipped
    ]


def plan_upsert(settings: Settings, deals: list[Deal]) -> Change:
    """What upsert would do, without writing."""
    current = {d.deal_id for d in user_deals(settings)}
    return Change(
        added=[d.deal_id for d in deals if d.deal_id not in current],
        updated=[d.deal_id for d in deals if d.deal_id in current],
    )


def upsert(settings: Settings, deals: list[Deal]) -> Change:
    """Add or replace the team's deals (marked source 'user'); the previous file is kept for undo."""
    shipped = _shipped_ids(settings)
    clash = [d.deal_id for d in deals if d.deal_id in shipped]
    if clash:
        raise DealStoreError(f"deal ids used by the shipped data: {', '.join(clash[:10])}; pick new ids")
    with _locked(settings):
        change = plan_upsert(settings, deals)
        merged = {d.deal_id: d for d in user_deals(settings)}
        for d in deals:
            merged[d.deal_id] = d.model_copy(update={"source": DealSource.USER})
        change.version = _snapshot(settings)
        save_deals(user_file(settings), list(merged.values()))
        try:
            load_deals(settings.deals_dir, knowledge_benchmarks(settings.knowledge_dir))  # must still load
        except DealDataError as exc:
            _restore(settings, change.version)
            raise DealStoreError(f"the change would break the deal table, nothing kept: {exc}") from exc
        return change


def delete(settings: Settings, deal_id: str) -> Change:
    """Remove one of the team's deals (kept in the prior version for undo)."""
    with _locked(settings):
        current = user_deals(settings)
        if deal_id not in {d.deal_id for d in current}:
            raise DealStoreError(f"no deal '{deal_id}' among the team's deals")
        change = Change(updated=[deal_id], version=_snapshot(settings))
        save_deals(user_file(settings), [d for d in current if d.deal_id != deal_id])
        return change


def _snapshot(settings: Settings) -> str:
    """Copy the current user file (or an 'absent' marker) into the versions folder; return its name."""
    folder = versions_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(folder)  # snapshots of writes that were killed halfway
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    src = user_file(settings)
    name = f"{stamp}.csv" if src.exists() else f"{stamp}.absent"
    with atomic_file(folder / name, binary=True) as out:
        if src.exists():
            with src.open("rb") as current:
                shutil.copyfileobj(current, out)
    return name


def versions(settings: Settings) -> list[str]:
    """Saved prior versions, newest first."""
    folder = versions_dir(settings)
    if not folder.is_dir():
        return []
    return sorted((p.name for p in folder.iterdir() if p.suffix in (".csv", ".absent")), reverse=True)


def undo(settings: Settings) -> str | None:
    """Restore the newest prior version; returns its name, or None when there is nothing to undo."""
    with _locked(settings):
        names = versions(settings)
        if not names:
            return None
        _restore(settings, names[0])
        return names[0]


def _restore(settings: Settings, name: str) -> None:
    snap = versions_dir(settings) / name
    target = user_file(settings)
    if snap.suffix == ".absent":
        target.unlink(missing_ok=True)
    else:
        with atomic_file(target, binary=True) as out, snap.open("rb") as saved:
            shutil.copyfileobj(saved, out)
    snap.unlink()
