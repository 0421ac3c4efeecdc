"""How well do claimx's statistics readers agree with the Evidence Inference labels?

Over the rows of an Evidence Inference 2.0 file whose evidence span contains a digit, compare
``direction_from_statistics(find_statistics(evidence))`` and ``comparative_direction(evidence)`` (and their
combination, see ``combine``) with the label: significantly increased -> increase, significantly decreased
-> decrease, no significant difference -> no_change. Prints coverage (rows that got a direction), accuracy on
covered rows and a confusion matrix for each reader; the "+arm-names" variants also pass the row's
intervention and comparator names to ``comparative_direction``.

    python benchmarks/stats_on_evidence_inference.py [path/to/ev2_dev.jsonl] [--errors N] [--seed S]

Nothing from the data set is stored in the project; ``--errors`` only prints a sample of disagreements to the
terminal for inspection.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimx.stats import comparative_direction, direction_from_statistics, find_statistics

DEFAULT = Path("/work/shared/data/evidence_inference/ev2_dev.jsonl")
LABELS = {
    "significantly increased": "increase",
    "significantly decreased": "decrease",
    "no significant difference": "no_change",
}
CLASSES = ("increase", "decrease", "no_change")
_DIGIT = re.compile(r"\d")


Row = tuple[str, str, str, str]  # evidence, gold, intervention, comparator


def stats_only(row: Row) -> str | None:
    return direction_from_statistics(find_statistics(row[0]))


def comparative_only(row: Row) -> str | None:
    return comparative_direction(row[0])


def comparative_named(row: Row) -> str | None:
    return comparative_direction(row[0], intervention=row[2], comparator=row[3])


def combine(stats: str | None, wording: str | None) -> str | None:
    """The numbers decide "no change"; when numbers and wording give opposite directions the wording wins
    (a ratio's side of 1 depends on how the outcome is framed: a hazard ratio of death < 1 is longer
    survival)."""
    if stats == "no_change" or wording is None:
        return stats or wording
    if stats is None or wording != "no_change":
        return wording
    return stats


def combined(row: Row) -> str | None:
    return combine(stats_only(row), comparative_only(row))


def combined_named(row: Row) -> str | None:
    return combine(stats_only(row), comparative_named(row))


METHODS: dict[str, Callable[[Row], str | None]] = {
    "stats": stats_only,
    "comparative": comparative_only,
    "combined": combined,
    "comparative+arm-names": comparative_named,
    "combined+arm-names": combined_named,
}


def load(path: Path) -> list[Row]:
    rows: list[Row] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            gold = LABELS.get(r.get("label", ""))
            ev = r.get("evidence") or ""
            if gold is None or not _DIGIT.search(ev):
                continue
            rows.append((ev, gold, r.get("intervention") or "", r.get("comparator") or ""))
    return rows


def report(name: str, fn: Callable[[Row], str | None], rows: list[Row], errors: int, seed: int) -> None:
    t0 = time.perf_counter()
    preds = [fn(row) for row in rows]
    dt = time.perf_counter() - t0
    confusion: Counter[tuple[str, str]] = Counter()
    wrong: list[tuple[str, str, str]] = []
    for (ev, gold, _, _), pred in zip(rows, preds, strict=True):
        confusion[(gold, pred or "none")] += 1
        if pred is not None and pred != gold:
            wrong.append((gold, pred, ev))
    covered = sum(1 for p in preds if p is not None)
    correct = sum(1 for row, p in zip(rows, preds, strict=True) if p == row[1])
    print(f"== {name}  ({dt * 1000 / max(1, len(rows)):.3f} ms/row)")
    print(f"coverage: {covered}/{len(rows)} = {covered / max(1, len(rows)):.1%}")
    print(f"accuracy on covered: {correct}/{covered} = {correct / max(1, covered):.1%}")
    cols = (*CLASSES, "none")
    print("gold \\ pred".ljust(14) + "".join(c.rjust(11) for c in cols))
    for g in CLASSES:
        print(g.ljust(14) + "".join(str(confusion[(g, c)]).rjust(11) for c in cols))
    if errors:
        rnd = random.Random(seed)
        for gold, pred, ev in rnd.sample(wrong, min(errors, len(wrong))):
            print(f"  gold={gold} pred={pred}: {ev[:300]!r}")
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--errors", type=int, default=0, help="print a sample of N disagreements")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", choices=tuple(METHODS), default=None)
    args = ap.parse_args(argv)
    if not args.path.exists():
        print(f"{args.path} not found; nothing to measure", file=sys.stderr)
        return 0
    rows = load(args.path)
    print(f"rows with numbers in the evidence: {len(rows)}\n")
    for name, fn in METHODS.items():
        if args.only in (None, name):
            report(name, fn, rows, args.errors, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
