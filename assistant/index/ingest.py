"""Build or refresh the index from knowledge/: incremental (content hashes) and atomic (a new version is
built beside the active one and the pointer switches only when it is complete). A damaged embedded index is
set aside and rebuilt, a read-only data folder is refused before anything is written, and the segment
folders Chroma leaves behind are removed."""

from __future__ import annotations

import fcntl
import hashlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.index import keywords
from assistant.index.corpus import KINDS, Chunk, load_corpus, source_of
from assistant.index.embeddings import get_embeddings
from assistant.index.health import (
    STORAGE_ERRORS,
    database_damage,
    is_transient,
    reason_of,
    remove_orphan_segments,
    require_writable,
    set_aside,
)
from assistant.index.store import (
    READ_PAGE,
    ActiveIndex,
    IndexDamaged,
    IndexUnavailable,
    client_for,
    open_collection,
    read_active,
    unreachable,
    version_names,
    write_active,
)

BATCH = 64
COPY_BATCH = 2000

Progress = Callable[[int, int], None]


class IngestBusy(RuntimeError):
    """Another ingest holds the lock."""


class _Unopenable(IndexDamaged):
    """The embedded index could not be opened nor its pointer read: damaged, to be set aside and rebuilt."""

    def __init__(self, settings: Settings, reason: str) -> None:
        super().__init__(f"the index in {settings.index_dir} cannot be opened ({reason})")
        self.reason = reason


@dataclass
class IngestReport:
    """What an ingest did, per kind, counted in items (cards, deals) and in embedded chunks."""

    version: int
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    embedded_chunks: int = 0
    copied_chunks: int = 0
    unchanged: bool = False
    repaired: str = ""  # set when a damaged index was set aside: what was wrong and where it went

    def summary(self) -> str:
        return f"{self.repaired}\n{self._changes()}" if self.repaired else self._changes()

    def _changes(self) -> str:
        if self.unchanged:
            return f"index v{self.version} is up to date: nothing added, updated or removed"
        parts = [
            f"{kind}: +{self.added.get(kind, 0)} added, ~{self.updated.get(kind, 0)} updated, "
            f"-{self.removed.get(kind, 0)} removed"
            for kind in KINDS
        ]
        return (
            f"index v{self.version} built; "
            + "; ".join(parts)
            + f" ({self.embedded_chunks} chunks embedded, {self.copied_chunks} reused)"
        )


@contextmanager
def ingest_lock(settings: Settings) -> Iterator[None]:
    """Serialise ingests on this machine; a second one fails fast with a clear message."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / "ingest.lock"
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IngestBusy(
                "another ingest is running (lock held on the data folder); wait for it to finish"
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _existing(col: Any) -> dict[str, str]:
    """chunk id -> content hash of a collection (read in pages: Chroma refuses one huge read)."""
    out: dict[str, str] = {}
    while True:
        got = col.get(include=["metadatas"], limit=READ_PAGE, offset=len(out))
        out.update(
            (i, str((m or {}).get("hash", ""))) for i, m in zip(got["ids"], got["metadatas"], strict=True)
        )
        if len(got["ids"]) < READ_PAGE:
            return out


def _metadata(chunk: Chunk, embedding: str) -> dict[str, Any]:
    return {
        "doc_id": chunk.doc_id,
        "kind": chunk.kind,
        "source_id": chunk.source_id,
        "language": chunk.language,
        "part": chunk.part,
        "title": chunk.title,
        "hash": chunk.hash,
        "embedding": embedding,
        **chunk.metadata,
    }


def _tty_progress(label: str) -> Progress | None:
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    bar: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, desc=label, unit="chunk", file=sys.stderr)
        bar["bar"].n = done
        bar["bar"].refresh()
        if done >= total:
            bar["bar"].close()

    return update


def ingest(
    settings: Settings,
    rebuild: bool = False,
    progress: Progress | None = None,
    _fail_after_batches: int | None = None,
) -> IngestReport:
    """Bring the index in line with knowledge/. `progress(done, total)` is called while embedding.

    Raises DataFolderReadOnly before anything is written when the data folder is read-only. An embedded
    index that is damaged (it cannot be opened, or SQLite finds its database broken after a failure) is
    moved aside and built again from knowledge/, and `report.repaired` says so; IndexDamaged names the
    folder to remove by hand when it cannot be moved."""
    require_writable(settings)
    with ingest_lock(settings):
        try:
            report = _ingest(settings, rebuild, progress, _fail_after_batches)
        except Exception as exc:
            reason = _damage(settings, exc)
            if reason is None:
                raise
            aside = set_aside(settings, reason)
            report = _ingest(settings, True, progress, _fail_after_batches)
            report.repaired = (
                f"the index in {settings.index_dir} was damaged ({reason}); moved it to {aside} "
                f"and rebuilt it from {settings.knowledge_dir}"
            )
        remove_orphan_segments(settings)
        return report


def _damage(settings: Settings, exc: Exception) -> str | None:
    """Why this failure of an ingest means the embedded index is damaged, or None when it does not (then
    it is raised as it is: a failure while building must never cost a healthy index)."""
    if isinstance(exc, _Unopenable):
        return exc.reason
    if settings.uses_server or not isinstance(exc, STORAGE_ERRORS) or is_transient(exc):
        return None
    return database_damage(settings)


def _open(settings: Settings) -> tuple[Any, ActiveIndex | None]:
    """The client and the active pointer. Any storage error but a busy database means the embedded index
    is damaged (_Unopenable); for a server it means the server went away after the client was made."""
    try:
        client = client_for(settings)
        return client, read_active(client, settings)
    except IndexUnavailable:
        raise
    except Exception as exc:
        if settings.uses_server:
            raise unreachable(settings, exc) from exc
        if not isinstance(exc, STORAGE_ERRORS) or is_transient(exc):
            raise
        raise _Unopenable(settings, database_damage(settings) or reason_of(exc)) from exc


def _ingest(
    settings: Settings, rebuild: bool, progress: Progress | None, fail_after_batches: int | None
) -> IngestReport:
    """One ingest with the lock held: reuse what is unchanged, build a new version, switch the pointer."""
    client, pointer = _open(settings)
    fingerprint = source_fingerprint(settings)  # before reading: a later edit changes it
    if not rebuild and pointer and _same_sources(client, settings, pointer, fingerprint):
        _keywords_of_active(client, settings, pointer.version)
        return IngestReport(version=pointer.version, unchanged=True)
    corpus = load_corpus(settings.knowledge_dir)
    chunks = {kind: len(corpus[kind]) for kind in KINDS}
    active = None if rebuild else pointer
    if active and active.embedding != settings.embedding_backend:
        active = None  # a different embedder: nothing can be reused
    old: dict[str, dict[str, str]] = {k: {} for k in KINDS}
    if active:
        for kind in KINDS:
            try:
                old[kind] = _existing(open_collection(client, settings, active.version, kind))
            except Exception:
                active, old = None, {k: {} for k in KINDS}
                break
    plan = {kind: _plan(corpus[kind], old[kind]) for kind in KINDS}
    if active and not any(p.changed for p in plan.values()):
        if (active.fingerprint, active.chunks) != (fingerprint, chunks):  # remember the sources
            write_active(client, settings, replace(active, fingerprint=fingerprint, chunks=chunks))
        _keywords_of_active(client, settings, active.version)
        return IngestReport(version=active.version, unchanged=True)

    versions = version_names(client, settings)
    previous = pointer.version if pointer else None  # stays queryable until the pointer moves
    for v, names in versions.items():  # leftovers of crashed or superseded builds
        if v != previous:
            for name in names:
                client.delete_collection(name)
    new_version = max([*versions.keys(), 0]) + 1
    report = IngestReport(version=new_version)
    _fill_version(client, settings, new_version, active, plan, report, progress, fail_after_batches)
    counts = {kind: len({c.source_id for c in corpus[kind]}) for kind in KINDS}
    # the keyword indexes of the new version are whole on disk now: the pointer switch makes them active
    # with its collections (a reader finds them by the collections' ids, so no reader pairs old and new)
    write_active(
        client,
        settings,
        ActiveIndex(
            new_version,
            settings.embedding_backend,
            datetime.now(UTC).isoformat(timespec="seconds"),
            counts,
            fingerprint,
            chunks,
        ),
    )
    if previous is not None:
        for name in versions.get(previous, []):
            client.delete_collection(name)
    keywords.remove_stale(settings, _live(client, settings))
    return report


def _live(client: Any, settings: Settings) -> dict[str, str]:
    """name -> id of this app's versioned collections."""
    return {
        name: str(client.get_collection(name).id)
        for names in version_names(client, settings).values()
        for name in names
    }


def _keywords_of_active(client: Any, settings: Settings, version: int) -> None:
    """A no-op ingest still makes sure the active version has its keyword indexes here (an index built by
    an older release, or a Chroma server filled from another machine, gets them now, not at a reader's
    first open), and removes the keyword folders of collections that are gone."""
    for kind in KINDS:
        keywords.write_for(settings, open_collection(client, settings, version, kind))
    keywords.remove_stale(settings, _live(client, settings))


def write_keywords(settings: Settings, collection: Any, writer: keywords.KeywordWriter) -> None:
    """Save the keyword index of a collection just filled (before the pointer switches to it)."""
    writer.save(keywords.folder_for(settings, collection), collection)


def _fill_version(
    client: Any,
    settings: Settings,
    new_version: int,
    active: ActiveIndex | None,
    plan: dict[str, Any],
    report: IngestReport,
    progress: Progress | None,
    fail_after_batches: int | None,
) -> None:
    """Write the new version's collections: copy the reused vectors, embed the new and changed chunks."""
    to_embed = sum(len(p.embed) for p in plan.values())
    progress = progress or _tty_progress("embedding")
    done, batches = 0, 0
    for kind in KINDS:
        p = plan[kind]
        target = open_collection(client, settings, new_version, kind, create=True)
        writer = keywords.KeywordWriter()  # fed the same rows as the collection, in the same order
        if p.reuse and active is not None:
            source = open_collection(client, settings, active.version, kind)
            reuse = list(p.reuse)
            for i in range(0, len(reuse), COPY_BATCH):
                got = source.get(
                    ids=reuse[i : i + COPY_BATCH], include=["embeddings", "metadatas", "documents"]
                )
                target.add(
                    ids=got["ids"],
                    embeddings=got["embeddings"],
                    metadatas=got["metadatas"],
                    documents=got["documents"],
                )
                writer.add(got["ids"], got["documents"], got["metadatas"], got["embeddings"])
            report.copied_chunks += len(reuse)
        emb = get_embeddings(settings.embedding_backend)
        for i in range(0, len(p.embed), BATCH):
            batch = p.embed[i : i + BATCH]
            if fail_after_batches is not None and batches >= fail_after_batches:
                raise RuntimeError("simulated failure during ingest")
            vectors = emb.embed_documents([c.text for c in batch])
            ids, metas, texts = (
                [c.id for c in batch],
                [_metadata(c, settings.embedding_backend) for c in batch],
                [c.text for c in batch],
            )
            target.add(ids=ids, embeddings=vectors, metadatas=metas, documents=texts)
            writer.add(ids, texts, metas, vectors)
            batches += 1
            done += len(batch)
            if progress:
                progress(done, to_embed)
        write_keywords(settings, target, writer)
        report.added[kind], report.updated[kind], report.removed[kind] = p.counts()
        report.embedded_chunks += len(p.embed)


def source_fingerprint(settings: Settings) -> str:
    """A hash of everything the chunks are made from: the knowledge files (category names included), this
    package's code, the tokenizer's version and the embedder's name."""
    import jieba

    digest = hashlib.sha256(f"{settings.embedding_backend}\0jieba {jieba.__version__}\0".encode())
    sources = [p for p in sorted(settings.knowledge_dir.rglob("*")) if p.is_file()]
    sources += sorted(Path(__file__).resolve().parents[1].rglob("*.py"))
    for path in sources:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"<missing>"
        digest.update(f"{path.name}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()[:32]


def _same_sources(client: Any, settings: Settings, pointer: ActiveIndex, fingerprint: str) -> bool:
    """True when the active version was built from exactly these sources and is still whole."""
    if pointer.embedding != settings.embedding_backend or pointer.fingerprint != fingerprint:
        return False
    try:
        return all(
            open_collection(client, settings, pointer.version, kind).count() == pointer.chunks.get(kind)
            for kind in KINDS
        )
    except Exception:
        return False  # a missing collection: let the full comparison decide


@dataclass
class _Plan:
    embed: list[Chunk]
    reuse: list[str]
    new_items: set[str]
    changed_items: set[str]
    removed_items: set[str]

    @property
    def changed(self) -> bool:
        return bool(self.embed or self.removed_items)

    def counts(self) -> tuple[int, int, int]:
        return len(self.new_items), len(self.changed_items - self.new_items), len(self.removed_items)


def _plan(chunks: list[Chunk], old: dict[str, str]) -> _Plan:
    new_ids = {c.id for c in chunks}
    old_items = {source_of(i) for i in old}
    items = {c.source_id for c in chunks}
    embed = [c for c in chunks if old.get(c.id) != c.hash]
    reuse = [c.id for c in chunks if old.get(c.id) == c.hash]
    gone_chunks = {source_of(i) for i in old if i not in new_ids}
    return _Plan(
        embed=embed,
        reuse=reuse,
        new_items=items - old_items,
        changed_items={c.source_id for c in embed} | (gone_chunks & items),
        removed_items=old_items - items,
    )
