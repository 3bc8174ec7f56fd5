"""The Chroma side: one client per settings, versioned collections and the pointer to the active one."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from typing import Any

import chromadb
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.config import Settings as ChromaSettings

from assistant.config import Settings
from assistant.index.embeddings import SupernodeEmbeddingFunction

COLLECTION_CONFIG: dict[str, Any] = {"hnsw": {"space": "cosine"}}
READ_PAGE = 5000  # rows per `get`: one read of >32k rows fails in Chroma, and big reads bloat RSS
DB_FILE = "chroma.sqlite3"  # the embedded index's database, inside index_dir
_CLIENTS: dict[tuple[str, ...], tuple[Any, tuple[int, int] | None]] = {}  # key -> (client, database stamp)
_LOCK = threading.Lock()


class IndexUnavailable(RuntimeError):
    """The index cannot be reached or has not been built; the message says what to do."""


class DataFolderReadOnly(IndexUnavailable):
    """The data folder (or the index in it) cannot be written, which Chroma needs even to read; the message
    names the folder and says how to fix it. An environment failure (the command line's exit 1)."""


class IndexDamaged(IndexUnavailable):
    """The embedded index cannot be read (readers: run ingest), or ingest could not set a damaged one aside
    (the message names the folder to remove by hand). An environment failure (the command line's exit 1)."""


def unreachable(settings: Settings, exc: BaseException) -> IndexUnavailable:
    """The error for a failed call to the Chroma server: names the server and says what to do."""
    return IndexUnavailable(
        f"cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port} "
        f"({exc.__class__.__name__}); start it or unset SUPERNODE_CHROMA_HOST"
    )


def _key(settings: Settings) -> tuple[str, ...]:
    if settings.uses_server:
        return (settings.chroma_host or "", str(settings.chroma_port))
    return ("embedded", str(settings.index_dir))


def _db_stamp(settings: Settings) -> tuple[int, int] | None:
    """Which database file the index folder holds now (device, inode); None when there is none."""
    try:
        info = os.stat(settings.index_dir / DB_FILE)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _drop_chroma_system(settings: Settings) -> None:
    """Make Chroma start afresh on the index folder: it caches one system per path (also one whose start
    failed on a damaged database) and would hand that back, or the old files of a replaced folder. The old
    system is not stopped: readers still holding it fail on their own and come back through client_for."""
    SharedSystemClient._identifier_to_system.pop(str(settings.index_dir), None)


def client_for(settings: Settings) -> Any:
    """A cached Chroma client: embedded under data_dir, or HTTP when a server host is set.

    An embedded client is made again when the folder's database file is no longer the one it opened (an
    ingest set a damaged index aside and built a new one, or the folder was removed by hand): else this
    process would go on reading the old files."""
    key = _key(settings)
    limit_malloc_arenas()
    with _LOCK:
        cached = _CLIENTS.get(key)
        if settings.uses_server:
            if cached is None:
                cached = _CLIENTS[key] = (_http_client(settings), None)
            return cached[0]
        if cached is not None and cached[1] != _db_stamp(settings):
            _drop_chroma_system(settings)
            cached = None
        if cached is None:
            client = _embedded_client(settings)
            cached = _CLIENTS[key] = (client, _db_stamp(settings))
        return cached[0]


ARENA_MAX = 2  # glibc malloc arenas for the threads started from here on (Chroma's, the search pool's)
_ARENAS_LIMITED = False


def limit_malloc_arenas() -> None:
    """Cap glibc's malloc arenas before Chroma starts its threads: each thread that allocates otherwise gets
    an arena of its own (up to 8 per core), which keep freed memory and inflate RSS by hundreds of MB.
    mallopt applies to arenas made after the call, so it works at run time; MALLOC_ARENA_MAX set in the
    environment wins. A no-op off glibc."""
    global _ARENAS_LIMITED
    if _ARENAS_LIMITED or os.environ.get("MALLOC_ARENA_MAX"):
        return
    _ARENAS_LIMITED = True
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-8, ARENA_MAX)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def _chroma_settings() -> ChromaSettings:
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def _http_client(settings: Settings) -> Any:
    try:
        return chromadb.HttpClient(
            host=str(settings.chroma_host), port=settings.chroma_port, settings=_chroma_settings()
        )
    except Exception as exc:  # connection refused, DNS, TLS …
        raise unreachable(settings, exc) from exc


def _embedded_client(settings: Settings) -> Any:
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(settings.index_dir), settings=_chroma_settings())
    except Exception:
        _drop_chroma_system(settings)  # the next attempt (after a repair) must not get the failed system
        raise


def forget_client(settings: Settings) -> None:
    """Drop a cached client (tests, or after the server restarted)."""
    with _LOCK:
        for key in [k for k in _CLIENTS if str(settings.index_dir) in k or settings.chroma_host in k]:
            del _CLIENTS[key]


def release_index(settings: Settings) -> None:
    """Forget the embedded index's client and Chroma's system for its folder, before the folder is moved:
    the next client opens whatever is at the path then."""
    with _LOCK:
        _CLIENTS.pop(_key(settings), None)
        _drop_chroma_system(settings)


@dataclass(frozen=True)
class ActiveIndex:
    """What the pointer says: the active version, its embedder and when it was built; the fingerprint of
    the sources it was built from and its chunks per kind let a no-op ingest stop without reading them."""

    version: int
    embedding: str
    built_at: str
    counts: dict[str, int]
    fingerprint: str = ""
    chunks: dict[str, int] = field(default_factory=dict)


def collection_name(settings: Settings, version: int, kind: str) -> str:
    return f"{settings.collection_prefix}_v{version}_{kind}"


def meta_collection(client: Any, settings: Settings) -> Any:
    return client.get_or_create_collection(
        f"{settings.collection_prefix}_meta",
        embedding_function=SupernodeEmbeddingFunction(settings.embedding_backend),
        configuration=COLLECTION_CONFIG,
    )


def read_active(client: Any, settings: Settings) -> ActiveIndex | None:
    """The active version recorded in the meta collection, or None when nothing was built yet."""
    meta = meta_collection(client, settings).metadata or {}
    if "active" not in meta:
        return None
    return ActiveIndex(
        version=int(meta["active"]),
        embedding=str(meta.get("embedding", "")),
        built_at=str(meta.get("built_at", "")),
        counts=json.loads(str(meta.get("counts", "{}"))),
        fingerprint=str(meta.get("fingerprint", "")),
        chunks=json.loads(str(meta.get("chunks", "{}"))),
    )


def write_active(client: Any, settings: Settings, active: ActiveIndex) -> None:
    """Switch the pointer in one metadata update (the atomic step of an ingest)."""
    meta_collection(client, settings).modify(
        metadata={
            "active": active.version,
            "embedding": active.embedding,
            "built_at": active.built_at,
            "counts": json.dumps(active.counts),
            "fingerprint": active.fingerprint,
            "chunks": json.dumps(active.chunks),
        }
    )


def open_collection(client: Any, settings: Settings, version: int, kind: str, create: bool = False) -> Any:
    name = collection_name(settings, version, kind)
    ef = SupernodeEmbeddingFunction(settings.embedding_backend)
    if create:
        return client.create_collection(name, embedding_function=ef, configuration=COLLECTION_CONFIG)
    return client.get_collection(name, embedding_function=ef)


def version_names(client: Any, settings: Settings) -> dict[int, list[str]]:
    """Every versioned collection this app owns, grouped by version."""
    prefix = f"{settings.collection_prefix}_v"
    out: dict[int, list[str]] = {}
    for col in client.list_collections():
        name = col if isinstance(col, str) else col.name
        if name.startswith(prefix):
            num = name[len(prefix) :].split("_", 1)[0]
            if num.isdigit():
                out.setdefault(int(num), []).append(name)
    return out
