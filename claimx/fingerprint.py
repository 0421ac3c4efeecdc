"""Finding fingerprints: stable ids that survive edits elsewhere in the file (used by the check stage to
label findings, and by baselines and SARIF to match them)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace

from claimx.records import Finding


def normalise_excerpt(text: str) -> str:
    """Whitespace-collapsed, case-folded sentence text (what a fingerprint hashes)."""
    return " ".join(text.split()).casefold()


def fingerprint(code: str, excerpt: str, key: str, occurrence: int) -> str:
    """A stable id of a finding: sha256 of code, normalised sentence, claim key and occurrence; 16 hex digits.

    ``key`` is e.g. ``"intervention|outcome"`` (empty when the finding is not about a claim); ``occurrence``
    counts earlier findings in the same file with the same code, sentence and key (0 for the first).
    """
    payload = "\x1f".join((code.strip().upper(), normalise_excerpt(excerpt), " ".join(key.split()).casefold(),
                           str(int(occurrence))))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def assign_fingerprints(findings: Iterable[Finding],
                        key_of: Callable[[Finding], str] | None = None) -> tuple[Finding, ...]:
    """Fill in the fingerprint of findings that have none (order preserved).

    Occurrence counters run per (path, code, sentence, key) in document order (start offset, then code).
    ``key_of`` gives a finding's claim key (default: empty).
    """
    items = list(findings)
    order = sorted(range(len(items)), key=lambda i: (items[i].path, items[i].start, items[i].code, i))
    seen: Counter[tuple[str, str, str, str]] = Counter()
    out = list(items)
    for i in order:
        f = items[i]
        key = key_of(f) if key_of else ""
        ident = (f.path, f.code, normalise_excerpt(f.excerpt or f.message), key)
        occurrence = seen[ident]
        seen[ident] += 1
        if not f.fingerprint:
            out[i] = replace(f, fingerprint=fingerprint(f.code, f.excerpt or f.message, key, occurrence))
    return tuple(out)
