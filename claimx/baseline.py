"""Baselines: record today's findings so that only new ones are reported (like ``ruff --add-noqa`` without
touching the text, or Vale/textlint baselines).

A baseline file is deterministic JSON::

    {"version": 1, "findings": [{"code": ..., "excerpt": ..., "fingerprint": ..., "path": ...}, ...]}

Paths are relative to the baseline file's folder, with ``/`` separators. Findings are matched by
``(path, code, fingerprint)``; a fingerprint hashes the rule code, the normalised sentence, the claim's
intervention/outcome key and an occurrence counter, so it survives edits elsewhere in the file.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimx.fingerprint import assign_fingerprints
from claimx.records import Finding

BASELINE_VERSION = 1
_STDIN = {"<stdin>", "-"}
_EXCERPT_CHARS = 200


class BaselineError(Exception):
    """A baseline file cannot be read or written; ``str(error)`` is one line naming the file."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))


def relative_path(path: str, base_dir: str | os.PathLike[str]) -> str:
    """``path`` relative to ``base_dir`` with ``/`` separators (``<stdin>`` kept as is)."""
    if path in _STDIN:
        return path
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, os.path.abspath(base_dir))
    except ValueError:  # another drive on Windows
        rel = absolute
    return Path(rel).as_posix()


def _short(excerpt: str) -> str:
    text = " ".join(excerpt.split())
    return text if len(text) <= _EXCERPT_CHARS else text[: _EXCERPT_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class BaselineEntry:
    path: str
    code: str
    fingerprint: str
    excerpt: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.code, self.fingerprint)

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "code": self.code, "fingerprint": self.fingerprint,
                "excerpt": self.excerpt}


@dataclass(frozen=True)
class Baseline:
    path: Path
    entries: tuple[BaselineEntry, ...] = ()

    def __len__(self) -> int:
        return len(self.entries)

    def filter(self, findings: Sequence[Finding]) -> tuple[tuple[Finding, ...], int]:
        """(findings not in the baseline, number of findings the baseline absorbed)."""
        remaining = Counter(e.key for e in self.entries)
        base_dir = self.path.parent
        new: list[Finding] = []
        absorbed = 0
        for f in assign_fingerprints(findings):
            key = (relative_path(f.path, base_dir), f.code, f.fingerprint)
            if remaining[key] > 0:
                remaining[key] -= 1
                absorbed += 1
            else:
                new.append(f)
        return tuple(new), absorbed


def baseline_entries(path: str | os.PathLike[str], findings: Iterable[Finding]) -> tuple[BaselineEntry, ...]:
    base_dir = Path(os.path.abspath(path)).parent
    entries = [
        BaselineEntry(relative_path(f.path, base_dir), f.code, f.fingerprint, _short(f.excerpt))
        for f in assign_fingerprints(findings)
    ]
    return tuple(sorted(entries, key=lambda e: (e.path, e.code, e.fingerprint, e.excerpt)))


def dumps_baseline(entries: Iterable[BaselineEntry]) -> str:
    data = {"version": BASELINE_VERSION, "findings": [e.to_json() for e in entries]}
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_baseline(path: str | os.PathLike[str], findings: Iterable[Finding]) -> int:
    """Write a baseline of ``findings`` to ``path``; returns the number of entries. Raises BaselineError."""
    entries = baseline_entries(path, findings)
    target = Path(path)
    try:
        target.write_bytes(dumps_baseline(entries).encode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None
    return len(entries)


def load_baseline(path: str | os.PathLike[str]) -> Baseline:
    """Read a baseline file. Raises BaselineError with a one-line message for a missing or bad file."""
    where = str(path)
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(f"{where}: no such baseline file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{where}: cannot read baseline: {exc}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{where}: not a valid baseline (bad JSON at line {exc.lineno}, "
                            f"column {exc.colno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise BaselineError(f"{where}: not a valid baseline (expected a JSON object)")
    version = data.get("version")
    if version != BASELINE_VERSION:
        raise BaselineError(f"{where}: version: expected {BASELINE_VERSION}, got {version!r}")
    items = data.get("findings")
    if not isinstance(items, list):
        raise BaselineError(f"{where}: findings: expected a list")
    entries = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise BaselineError(f"{where}: findings[{i}]: expected an object")
        for key in ("path", "code", "fingerprint"):
            if not isinstance(item.get(key), str) or not item[key]:
                raise BaselineError(f"{where}: findings[{i}].{key}: expected a non-empty string")
        excerpt = item.get("excerpt", "")
        entries.append(BaselineEntry(item["path"], item["code"], item["fingerprint"],
                                     excerpt if isinstance(excerpt, str) else ""))
    return Baseline(Path(os.path.abspath(path)), tuple(entries))
