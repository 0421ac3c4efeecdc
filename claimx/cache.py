"""On-disk caches (the registry index, the drug lexicon): safe under concurrency and corruption.

A cache file is ``MAGIC + sha256(payload) + payload``. It is written to a unique temporary file in the same
folder and renamed over the target (``os.replace``, atomic), so a reader never sees half a file, even with
several claimx processes starting at once on an empty cache folder. On load the digest is checked and the
decoded value validated; a truncated, garbled or foreign file is removed and rebuilt (repaired) by the caller.
Payloads are ``marshal`` data (plain values only; no code runs on load, unlike pickle).

The folder is ``$CLAIMX_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimx``, else ``~/.cache/claimx``;
``CLAIMX_NO_CACHE=1`` turns caching off. A folder that cannot be written is skipped silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
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
