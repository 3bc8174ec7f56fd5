"""The keyword side of one index version: its BM25 index (bm25s, saved and memory-mapped), its document
table (ids, owners, language and category codes, the texts and metadata hits return) and its chunk vectors
for filtered search. Ingest writes it in a folder named by the collection it belongs to (name and Chroma id)
before the pointer switches, so a reader that follows the pointer can only ever pair a collection with its
own keyword index; a reader that finds none (an index built by an older release, or a Chroma server whose
ingest ran elsewhere) builds it from Chroma once and leaves it in its own data folder."""

from __future__ import annotations

import contextlib
import json
import logging
import mmap
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.index.store import READ_PAGE

log = logging.getLogger(__name__)
FORMAT = 1
FOLDER = "keywords"  # under the data folder
_EMPTY_TOKEN = "∅"  # a document without tokens still takes a row in BM25


def keywords_dir(settings: Settings) -> Path:
    return settings.data_dir / FOLDER


def folder_for(settings: Settings, collection: Any) -> Path:
    """Where the keyword index of this collection lives: named by its name and its id (new for every
    collection Chroma creates, so a rebuilt version, or a replaced index folder, never matches an old one)."""
    return keywords_dir(settings) / f"{collection.name}-{collection.id}"


class KeywordWriter:
    """Collects what a collection is filled with, in the same order, and saves its keyword index."""

    def __init__(self) -> None:
        self.size = 0
        self.doc_ids: list[str] = []
        self.tokens: list[list[str]] = []
        self.entries: list[bytes] = []
        self.languages: list[str] = []
        self.categories: list[str] = []
        self.owners: dict[str, str] = {}
        self.chunk_owner: list[str] = []
        self.vectors: list[np.ndarray] = []
        self.with_vectors = True

    def add(
        self,
        ids: list[str],
        documents: list[str] | None,
        metadatas: list[Any] | None,
        embeddings: Any = None,
    ) -> None:
        """The same rows as a `collection.add(...)` (embeddings None: no vectors are kept for this index)."""
        docs = documents or [""] * len(ids)
        metas = metadatas or [{}] * len(ids)
        for i, d, m in zip(ids, docs, metas, strict=True):
            m = dict(m or {})
            if m.get("part") == "doc":
                tokens = str(m.pop("tokens", "")).split()
                self.doc_ids.append(i)
                self.tokens.append(tokens or [_EMPTY_TOKEN])
                self.languages.append(str(m.get("language", "")))
                self.categories.append(str(m.get("category", "")))
                self.entries.append(json.dumps([d or "", m], ensure_ascii=False).encode())
                self.chunk_owner.append(i)
            else:
                owner = str(m.get("doc_id"))
                self.owners[i] = owner
                self.chunk_owner.append(owner)
        self.size += len(ids)
        if embeddings is None:
            self.with_vectors = False
        elif self.with_vectors and len(ids):
            self.vectors.append(np.asarray(embeddings, dtype=np.float32).reshape(len(ids), -1))

    def save(self, folder: Path, collection: Any) -> Path:
        """Write the folder whole (into a temporary folder renamed into place), or leave it as it is when
        another process wrote it first. Returns the folder."""
        import bm25s

        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = folder.parent / f".tmp-{folder.name}-{os.getpid()}-{time.monotonic_ns()}"
        tmp.mkdir()
        try:
            if self.doc_ids:
                bm25 = bm25s.BM25()
                bm25.index(self.tokens, show_progress=False)
                bm25.save(str(tmp / "bm25"), show_progress=False)
            langs, lang_codes = _codes(self.languages)
            cats, cat_codes = _codes(self.categories)
            np.save(tmp / "languages.npy", lang_codes)
            np.save(tmp / "categories.npy", cat_codes)
            offsets = np.zeros(len(self.entries) + 1, dtype=np.int64)
            np.cumsum([len(e) for e in self.entries], out=offsets[1:])
            np.save(tmp / "offsets.npy", offsets)
            with open(tmp / "docs.bin", "wb") as fh:
                for entry in self.entries:
                    fh.write(entry)
            has_vectors = self.with_vectors and bool(self.vectors)
            if has_vectors:
                rows = {d: n for n, d in enumerate(self.doc_ids)}
                owner_rows = np.array([rows.get(o, -1) for o in self.chunk_owner], dtype=np.int32)
                vecs = np.concatenate(self.vectors)
                norms = np.linalg.norm(vecs, axis=1, keepdims=True)
                np.save(tmp / "vectors.npy", vecs / np.where(norms > 0, norms, 1.0))
                np.save(tmp / "vector_rows.npy", owner_rows)
            with open(tmp / "doc_ids.json", "w", encoding="utf-8") as fh:
                json.dump(self.doc_ids, fh, ensure_ascii=False)
            manifest = {  # written last: a folder with a manifest is whole
                "format": FORMAT,
                "collection": collection.name,
                "collection_id": str(collection.id),
                "size": self.size,
                "owners": self.owners,
                "languages": langs,
                "categories": cats,
                "vectors": has_vectors,
            }
            with open(tmp / "manifest.json", "w", encoding="utf-8") as fh:
                json.dump(manifest, fh, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.rename(tmp, folder)  # atomic: a reader sees no folder or a whole one
            except OSError:
                if not (folder / "manifest.json").is_file():
                    raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return folder


def _codes(values: list[str]) -> tuple[list[str], np.ndarray]:
    names = sorted(set(values))
    index = {v: n for n, v in enumerate(names)}
    return names, np.array([index[v] for v in values], dtype=np.int16)


@dataclass
class KeywordTable:
    """A collection's keyword index opened for reading (arrays and texts memory-mapped)."""

    folder: Path | None
    size: int  # vectors in the collection: documents plus extra chunks (a card's questions)
    doc_ids: list[str]
    owners: dict[str, str]  # chunk id -> doc id, for chunks that are not documents themselves
    bm25: Any
    language_names: list[str]
    category_names: list[str]
    language_codes: np.ndarray
    category_codes: np.ndarray
    offsets: np.ndarray
    blob: Any  # bytes or an mmap: the JSON [text, metadata] of each document, back to back
    vectors: np.ndarray | None = None  # unit chunk vectors, in the collection's order
    vector_rows: np.ndarray | None = None  # chunk -> row of its document (-1: none)
    rows: dict[str, int] = field(default_factory=dict)  # doc id -> row
    masks: dict[tuple[str | None, str | None], np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rows = {d: n for n, d in enumerate(self.doc_ids)}

    def doc(self, doc_id: str) -> tuple[str, dict[str, Any]] | None:
        """(text, metadata) of one document, read from the table; None when it is not in it."""
        row = self.rows.get(doc_id)
        if row is None:
            return None
        start, end = int(self.offsets[row]), int(self.offsets[row + 1])
        text, meta = json.loads(bytes(self.blob[start:end]).decode())
        return str(text), dict(meta)

    def mask(self, language: str | None, category: str | None) -> np.ndarray | None:
        """Which documents pass the filters (cached per filter); None when there is no filter."""
        if not language and not category:
            return None
        key = (language, category)
        if key not in self.masks:
            mask = np.ones(len(self.doc_ids), dtype=bool)
            for value, names, codes in (
                (language, self.language_names, self.language_codes),
                (category, self.category_names, self.category_codes),
            ):
                if value:
                    mask &= (codes == names.index(value)) if value in names else False
            self.masks[key] = mask  # a handful of keys: languages x categories
        return self.masks[key]


def _manifest(folder: Path, collection: Any) -> dict[str, Any] | None:
    """The folder's manifest when the folder is whole and belongs to this collection (same id, same row
    count), else None."""
    try:
        with open(folder / "manifest.json", encoding="utf-8") as fh:
            manifest = dict(json.load(fh))
    except (OSError, ValueError, TypeError):
        return None
    if (manifest.get("format"), manifest.get("collection_id")) != (FORMAT, str(collection.id)):
        return None
    if manifest.get("size") != collection.count():
        return None
    return manifest


def open_table(folder: Path, collection: Any) -> KeywordTable | None:
    """The keyword index in `folder` when it is whole and belongs to this collection, else None."""
    manifest = _manifest(folder, collection)
    if manifest is None:
        return None
    try:
        return _open(folder, manifest)
    except Exception as exc:  # a damaged folder is built again from Chroma
        log.warning("the keyword index %s could not be read (%s); building it again", folder.name, exc)
        return None


def _open(folder: Path, manifest: dict[str, Any]) -> KeywordTable:
    import bm25s

    with open(folder / "doc_ids.json", encoding="utf-8") as fh:
        doc_ids = list(json.load(fh))
    bm25 = None
    if doc_ids:
        bm25 = bm25s.BM25.load(str(folder / "bm25"), mmap=True, show_progress=False)
    blob: Any = b""
    if (folder / "docs.bin").stat().st_size:
        with open(folder / "docs.bin", "rb") as fh:
            blob = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    vectors = rows = None
    if manifest.get("vectors"):
        vectors = np.load(folder / "vectors.npy", mmap_mode="r")
        rows = np.load(folder / "vector_rows.npy")
    return KeywordTable(
        folder=folder,
        size=int(manifest["size"]),
        doc_ids=doc_ids,
        owners=dict(manifest["owners"]),
        bm25=bm25,
        language_names=list(manifest["languages"]),
        category_names=list(manifest["categories"]),
        language_codes=np.load(folder / "languages.npy", mmap_mode="r"),
        category_codes=np.load(folder / "categories.npy", mmap_mode="r"),
        offsets=np.load(folder / "offsets.npy", mmap_mode="r"),
        blob=blob,
        vectors=vectors,
        vector_rows=rows,
    )


def read_collection(collection: Any) -> KeywordWriter:
    """Everything a keyword index needs, read back from Chroma in pages (one `get` of more than ~32k rows
    fails in Chroma's SQLite); without the vectors, which would double what is read."""
    writer = KeywordWriter()
    while True:
        got = collection.get(include=["documents", "metadatas"], limit=READ_PAGE, offset=writer.size)
        writer.add(got["ids"], got["documents"], got["metadatas"], None)
        if len(got["ids"]) < READ_PAGE:
            return writer


def load_table(settings: Settings, collection: Any) -> KeywordTable:
    """The collection's keyword index: the folder ingest wrote, else built from Chroma now and left in the
    data folder for the next start (said in a log line); read-only disks get it in memory only."""
    folder = folder_for(settings, collection)
    table = open_table(folder, collection)
    if table is not None:
        return table
    tick = time.perf_counter()
    writer = read_collection(collection)
    try:
        if folder.exists():  # not whole or not this collection's: replaced
            shutil.rmtree(folder, ignore_errors=True)
        writer.save(folder, collection)
        table = open_table(folder, collection)
    except OSError as exc:
        log.warning("the keyword index could not be written to %s (%s); kept in memory", folder.parent, exc)
    if table is None:
        table = _in_memory(writer)
    log.info(
        "no keyword index for %s in %s: built it from the index in %.1f s (%d documents)",
        collection.name,
        folder.parent,
        time.perf_counter() - tick,
        len(writer.doc_ids),
    )
    return table


def _in_memory(writer: KeywordWriter) -> KeywordTable:
    import bm25s

    bm25 = None
    if writer.doc_ids:
        bm25 = bm25s.BM25()
        bm25.index(writer.tokens, show_progress=False)
    langs, lang_codes = _codes(writer.languages)
    cats, cat_codes = _codes(writer.categories)
    offsets = np.zeros(len(writer.entries) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in writer.entries], out=offsets[1:])
    blob = b"".join(writer.entries)
    return KeywordTable(
        None,
        writer.size,
        writer.doc_ids,
        writer.owners,
        bm25,
        langs,
        cats,
        lang_codes,
        cat_codes,
        offsets,
        blob,
    )


def write_for(settings: Settings, collection: Any) -> Path:
    """Write the keyword index of an existing collection from Chroma (ingest, for a version it did not
    build: an older release's, or one a Chroma server holds); kept when one is there already."""
    folder = folder_for(settings, collection)
    if _manifest(folder, collection) is None:
        shutil.rmtree(folder, ignore_errors=True)
        read_collection(collection).save(folder, collection)
    return folder


def remove_stale(settings: Settings, live: dict[str, str]) -> list[Path]:
    """Delete the keyword folders (and leftover temporary ones) of this app's collections that are not
    live; `live` maps each live collection's name to its id. Readers that still map an old folder keep
    reading it (the files stay until they close them)."""
    root = keywords_dir(settings)
    if not root.is_dir():
        return []
    prefix = f"{settings.collection_prefix}_v"
    keep = {f"{name}-{cid}" for name, cid in live.items()}
    removed = []
    for path in root.iterdir():
        name = path.name
        leftover = name.startswith(f".tmp-{prefix}")
        if leftover:
            with contextlib.suppress(ValueError):  # a temporary folder of a live process is kept
                pid = int(name.rsplit("-", 2)[1])
                if _alive(pid):
                    continue
        elif not name.startswith(prefix) or name in keep:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
