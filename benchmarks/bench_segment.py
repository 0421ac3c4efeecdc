"""Throughput of claimx's sentence splitter next to spaCy's bare English tokenizer.

Usage: python benchmarks/bench_segment.py [MEGABYTES]   (default 20)

Both run on the same generated health-writing text in the same process; the ratio is
split_sentences MB/s divided by tokenizer MB/s. Timings are printed, never asserted.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimx.segment import benchmark


def main(argv: list[str]) -> int:
    megabytes = float(argv[1]) if len(argv) > 1 else 20.0
    r = benchmark(megabytes)
    print(f"text: {r['megabytes']:.1f} MB, {int(r['sentences'])} sentences, {int(r['tokens'])} spaCy tokens")
    print(f"split_sentences:            {r['split_sentences_mb_s']:8.2f} MB/s")
    print(f"spacy.blank('en').tokenizer: {r['spacy_tokenizer_mb_s']:8.2f} MB/s")
    print(f"ratio (split / tokenizer):   {r['ratio']:8.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
