"""On-disk caches (the registry index, the drug lexicon): safe under concurrency and corruption.

A cache file is ``MAGIC + sha256(payload) + payload``. It is written to a unique temporary file in the same
folder and renamed over the target (``os.replace``, atomic), so a reader never sees half a file, even with
several claimx processes starting at once on an empty cache folder. On load the digest is checked and the
decoded value validated; a truncated, garbled or foreign file is removed and rebuilt (repaired) by the caller.
Payloads are ``marshal`` data (plain values only; no code runs on load, unlike pickle).

Large indexes (the registry, the drug lexicon) are SQLite databases instead (:func:`cached_db`), opened read-only
and looked up key by key, so that a run reads only the rows it needs instead of unmarshalling everything at
start-up. A database is built in a unique temporary file, then renamed to ``STEM-CRC.sqlite`` where ``CRC`` is
the CRC-32 of its bytes: a reader checks the file against its name (a few milliseconds over an ``mmap``) before
opening it, so a truncated or garbled file is removed and rebuilt like a damaged marshal file.

The folder is ``$CLAIMX_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimx``, else ``~/.cache/claimx``;
``CLAIMX_NO_CACHE=1`` turns caching off. A folder that cannot be written is skipped silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import mmap
import os
import sqlite3
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

MAGIC = b"claimx-cache 1\n"
_DIGEST = 32


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off (``CLAIMX_NO_CACHE``) or no home folder is known."""
    if os.environ.get("CLAIMX_NO_CACHE", "").strip() not in ("", "0"):
        return None
    if os.environ.get("CLAIMX_CACHE_DIR"):
        return Path(os.environ["CLAIMX_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME") or ""
    try:
        base = Path(xdg) if xdg else Path.home() / ".cache"
    except RuntimeError:  # no home folder
        return None
    return base / "claimx"


def encode(value: Any) -> bytes:
    payload = marshal.dumps(value)
    return MAGIC + hashlib.sha256(payload).digest() + payload


def decode(data: bytes) -> Any:
    """The value stored in ``data``; ValueError when the data is not an intact cache file."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + _DIGEST:
        raise ValueError("not a claimx cache file")
    digest = data[len(MAGIC):len(MAGIC) + _DIGEST]
    payload = data[len(MAGIC) + _DIGEST:]
    if hashlib.sha256(payload).digest() != digest:
        raise ValueError("cache file is damaged (digest mismatch)")
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError) as exc:
        raise ValueError(f"cache file is damaged ({exc})") from None


def load(path: Path, validate: Callable[[Any], T]) -> T | None:
    """The validated value cached in ``path``; None when it is missing. A damaged file, or one whose value
    ``validate`` rejects (by raising any exception), is removed so that the next :func:`store` repairs it."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        value = validate(decode(data))
    except Exception:  # a damaged or foreign file: whatever its content, never fail because of it
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # most recently used
    return value


def store(path: Path, value: Any) -> bool:
    """Write ``value`` atomically (unique temporary file, then rename); False when it cannot be written."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(encode(value))
        os.replace(tmp, path)
        return True
    except (OSError, ValueError):
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False


def cached(path: Path | None, build: Callable[[], T], to_value: Callable[[T], Any],
           from_value: Callable[[Any], T]) -> T:
    """``from_value(load(path))`` when the cache holds an intact value, else ``build()``, stored for next time.
    ``from_value`` also validates: any exception it raises marks the file as damaged."""
    if path is not None:
        hit = load(path, from_value)
        if hit is not None:
            return hit
    result = build()
    if path is not None:
        store(path, to_value(result))
    return result


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Keep the ``keep`` most recently used files matching ``pattern`` in ``folder``."""
    def mtime(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    try:
        files = sorted(folder.glob(pattern), key=mtime, reverse=True)
        for stale in files[keep:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass


# ------------------------------------------------------------------------------------------------------
# SQLite indexes

_DB_SUFFIX = ".sqlite"


def _crc(path: Path) -> int:
    """CRC-32 of a file's bytes (read through an mmap: no copy)."""
    with path.open("rb") as fh:
        if os.fstat(fh.fileno()).st_size == 0:
            return 0
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return zlib.crc32(mm)


def _db_ok(path: Path) -> bool:
    """The file's CRC-32 is the one its name records, and SQLite can read its schema."""
    try:
        crc = int(path.name[: -len(_DB_SUFFIX)].rsplit("-", 1)[1], 16)
        if _crc(path) != crc:
            return False
        conn = open_db(path)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
        return True
    except (OSError, ValueError, IndexError, sqlite3.Error):
        return False


def find_db(folder: Path, stem: str) -> Path | None:
    """An intact cached database ``folder/STEM-CRC.sqlite``; damaged ones are removed."""
    try:
        found = sorted(folder.glob(f"{stem}-*{_DB_SUFFIX}"))
    except OSError:
        return None
    for path in found:
        if _db_ok(path):
            with contextlib.suppress(OSError):
                os.utime(path)  # most recently used
            return path
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
    return None


def build_db(folder: Path, stem: str, fill: Callable[[sqlite3.Connection], None]) -> Path | None:
    """Build a database with ``fill`` in a temporary file and rename it to ``folder/STEM-CRC.sqlite``
    (atomic); None when the folder cannot be written."""
    tmp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=".tmp", dir=folder)
        os.close(fd)
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("BEGIN")
            fill(conn)
            conn.execute("COMMIT")
        finally:
            conn.close()
        target = folder / f"{stem}-{_crc(Path(tmp)):08x}{_DB_SUFFIX}"
        os.replace(tmp, target)
        return target
    except (OSError, sqlite3.Error):
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return None


def cached_db(folder: Path | None, stem: str, fill: Callable[[sqlite3.Connection], None]) -> Path | None:
    """The cached database ``STEM``: an intact one from ``folder``, else one built now with ``fill``; None
    when caching is off or the folder cannot be written (the caller then keeps its index in memory)."""
    if folder is None:
        return None
    return find_db(folder, stem) or build_db(folder, stem, fill)


def open_db(path: Path) -> sqlite3.Connection:
    """A read-only connection to a cached database (immutable: no locking, the file never changes)."""
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


class Db:
    """A cached database opened on first use, and again in a forked child (a connection must not cross a
    fork); pickles as its path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._pid = 0

    def conn(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():
            self._conn = open_db(self.path)
            self._pid = os.getpid()
        return self._conn

    def one(self, sql: str, args: tuple = ()) -> Any:
        """The first column of the first row (None if there is none)."""
        row = self.conn().execute(sql, args).fetchone()
        return None if row is None else row[0]

    def rows(self, sql: str, args: tuple = ()) -> Iterator[tuple]:
        return iter(self.conn().execute(sql, args).fetchall())

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"])


_MISSING = object()


class DbMap:
    """A read-only mapping over table ``TABLE(key TEXT PRIMARY KEY, value BLOB)`` of marshal values; values are
    decoded when first asked for and memoised (the memo is cleared when it grows past ``memo`` items, which
    bounds memory on long runs). Iteration follows the rows' insertion order."""

    def __init__(self, db: Db, table: str, decode: Callable[[Any], Any] | None = None, memo: int = 1 << 18) -> None:
        self.db = db
        self.table = table
        self._decode = decode
        self._memo: dict[Any, Any] = {}
        self._limit = memo
        self._len: int | None = None
        self._get_sql = f"SELECT value FROM {table} WHERE key = ?"

    def get(self, key: Any, default: Any = None) -> Any:
        value = self._memo.get(key, _MISSING)
        if value is _MISSING:
            blob = self.db.one(self._get_sql, (key,))
            value = None if blob is None else marshal.loads(blob)
            if value is not None and self._decode is not None:
                value = self._decode(value)
            if len(self._memo) >= self._limit:
                self._memo.clear()
            self._memo[key] = value
        return default if value is None else value

    def __getitem__(self, key: Any) -> Any:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None

    def __len__(self) -> int:
        if self._len is None:  # the database never changes: counted once
            self._len = int(self.db.one(f"SELECT count(*) FROM {self.table}"))
        return self._len

    def __iter__(self) -> Iterator[Any]:
        return (k for (k,) in self.db.rows(f"SELECT key FROM {self.table} ORDER BY rowid"))

    def items(self) -> Iterator[tuple[Any, Any]]:
        decode = self._decode or (lambda v: v)
        return ((k, decode(marshal.loads(v)))
                for k, v in self.db.rows(f"SELECT key, value FROM {self.table} ORDER BY rowid"))


class DbList(DbMap):
    """A read-only sequence over a :class:`DbMap` table keyed ``0 .. n-1`` (``key_type="INTEGER"``)."""

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self.get(i) for i in range(*index.indices(len(self)))]
        value = self.get(index)
        if value is None:
            raise IndexError(index)
        return value

    def __iter__(self) -> Iterator[Any]:
        return (v for _, v in self.items())


def fill_table(conn: sqlite3.Connection, table: str, items: Iterator[tuple[Any, Any]] | Any,
               key_type: str = "TEXT") -> None:
    """Create ``table`` for :class:`DbMap` and store ``(key, value)`` pairs (values as marshal data)."""
    conn.execute(f"CREATE TABLE {table} (key {key_type} PRIMARY KEY, value BLOB NOT NULL)")
    conn.executemany(f"INSERT INTO {table} (key, value) VALUES (?, ?)",
                     ((k, marshal.dumps(v)) for k, v in items))
