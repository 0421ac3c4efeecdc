"""Throughput and memory of the whole claimx pipeline next to spaCy's bare tokenizer, in the same run.

    python -m benchmarks.bench_throughput [--mb 5]

Builds a large plain-text article by repeating the corpus articles (and the example article when ../shared is
present), then times (best of N) spaCy's bare English tokenizer and claimx's read → segment → tag → link →
check on the same text. Prints MB/s for both and the ratio; speed is reported, never asserted.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from pathlib import Path

import spacy

from claimx.pipeline import Pipeline
from claimx.read import read_text

ROOT = Path(__file__).resolve().parent.parent


def sample_text(megabytes: float) -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    example = ROOT.parent / "shared" / "articles" / "ketamine_sleep.txt"
    if example.is_file():
        parts.append(example.read_text(encoding="utf-8"))
    unit = "\n\n".join(parts)
    reps = max(1, int(megabytes * 1_000_000 / max(1, len(unit.encode()))))
    return "\n\n".join([unit] * reps)


def best_of(fn, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    text = sample_text(args.mb)
    size = len(text.encode()) / 1e6
    pipeline = Pipeline()
    tokenizer = spacy.blank("en").tokenizer

    def tokenize() -> None:
        for para in text.split("\n\n"):
            tokenizer(para)

    def claimx() -> None:
        pipeline.run(read_text(text, "bench.txt"))

    t_tok = best_of(tokenize, args.runs)
    t_cx = best_of(claimx, args.runs)
    tracemalloc.start()
    pipeline.run(read_text(text, "bench.txt"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"input: {size:.2f} MB")
    print(f"spaCy bare tokenizer: {size / t_tok:6.2f} MB/s ({t_tok:.2f} s)")
    print(f"claimx pipeline:      {size / t_cx:6.2f} MB/s ({t_cx:.2f} s)")
    print(f"ratio claimx/tokenizer: {t_tok / t_cx:.2f}x the tokenizer's speed")
    print(f"peak traced memory: {peak / 1e6:.1f} MB ({peak / 1e6 / size:.1f}x the input size)")


if __name__ == "__main__":
    main()
