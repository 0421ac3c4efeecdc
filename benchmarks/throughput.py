"""Throughput and peak memory of claimx over many articles or one large file, next to spaCy's bare tokenizer
and pySBD's sentence splitting on the same text, in one run.

    python -m benchmarks.throughput --size-mb 5 --jobs 2            # a folder of articles, 5 MB in all
    python -m benchmarks.throughput --file --size-mb 10 100         # one file of 10 MB, then of 100 MB
    python -m benchmarks.throughput --size-mb 5 --jobs 2 --dask     # also on a Dask LocalCluster, 1 and 2 workers

The corpus is generated from the articles in ``corpus/`` (and the example article when ``../shared`` is
present), repeated until the size is reached. claimx runs end to end as a user runs it
(``python -m claimx check ... -f jsonl -o FILE``, start-up included), in a fresh process per measurement;
peak RSS is given for the largest process of the run (``wait4``), and peak PSS (shared pages counted
once) for all its processes together (sampled from /proc every 0.1 s). The tokenizer and pySBD run in
this process on the same text. Speeds are reported, never asserted; on a shared machine, compare the
ratios within one run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def units() -> list[str]:
    parts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    example = ROOT.parent / "shared" / "articles" / "ketamine_sleep.txt"
    if example.is_file():
        parts.append(example.read_text(encoding="utf-8"))
    return parts


def make_corpus(folder: Path, megabytes: float, one_file: bool) -> list[Path]:
    """Articles in ``folder`` (or one file of them, separated by blank lines) of ``megabytes`` in all."""
    target = int(megabytes * 1_000_000)
    arts = units()
    written = 0
    paths: list[Path] = []
    if one_file:
        path = folder / "corpus.txt"
        with path.open("w", encoding="utf-8") as fh:
            i = 0
            while written < target:
                text = arts[i % len(arts)] + "\n\n"
                fh.write(text)
                written += len(text.encode())
                i += 1
        return [path]
    i = 0
    while written < target:
        path = folder / f"article_{i:06d}.txt"
        path.write_text(arts[i % len(arts)], encoding="utf-8")
        written += path.stat().st_size
        paths.append(path)
        i += 1
    return paths


def texts_of(paths: list[Path]) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in paths]


def timed(fn: Callable[[], None]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _tree_rss(pid: int) -> int:
    """Memory (bytes, PSS) of ``pid`` and all its descendants, from /proc (0 where /proc is missing)."""
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            # proportional set size: pages shared between the workers (forked from one server) count once
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for row in fh:
                    if row.startswith("Pss:"):
                        total += int(row.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_claimx(args: list[str]) -> tuple[float, int, int, int]:
    """(seconds, peak RSS of the largest process, peak RSS of all its processes together (sampled every
    0.1 s), exit code) of ``python -m claimx ARGS``."""
    import threading

    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "claimx", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read().decode() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t
    done.set()
    sampler.join()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.stderr.write(err)
    return elapsed, usage.ru_maxrss * 1024, peak[0], code


def line(name: str, mb: float, words: int, seconds: float, rss: int | None = None, total: int | None = None) -> str:
    rss_text = f"  peak RSS {rss / 1e6:6.1f} MB (all processes, PSS {total / 1e6:6.1f} MB)" if rss else ""
    return f"{name:<28} {mb / seconds:7.3f} MB/s {words / seconds:10.0f} words/s  {seconds:8.2f} s{rss_text}"


def bench(size: float, jobs: int, one_file: bool, dask: bool, pysbd_limit: float, work: Path,
          block_mb: float | None = None) -> dict[str, float]:
    folder = work / f"corpus_{size:g}MB"
    folder.mkdir()
    paths = make_corpus(folder, size, one_file)
    texts = texts_of(paths)
    mb = sum(len(t.encode()) for t in texts) / 1e6
    words = sum(len(t.split()) for t in texts)
    print(f"\n== {mb:.2f} MB, {words} words, {'one file' if one_file else f'{len(paths)} articles'}")
    out: dict[str, float] = {}

    import spacy

    tokenizer = spacy.blank("en").tokenizer

    def tokenize() -> None:
        for t in texts:
            for para in t.split("\n\n"):
                tokenizer(para)

    out["tokenizer"] = timed(tokenize)
    print(line("spaCy bare tokenizer", mb, words, out["tokenizer"]))
    try:
        import pysbd
    except ImportError:
        print("pySBD: not installed (pip install -e '.[benchmark]')")
    else:
        seg = pysbd.Segmenter(language="en", clean=False)
        # pySBD is slow: time it on a prefix of the corpus and report its rate
        budget = int(pysbd_limit * 1_000_000)
        sample: list[str] = []
        used = 0
        for t in texts:
            if used >= budget:
                break
            sample.append(t[: budget - used])
            used += len(sample[-1].encode())
        s_mb = sum(len(t.encode()) for t in sample) / 1e6
        s_words = sum(len(t.split()) for t in sample)

        def split() -> None:
            for t in sample:
                for para in t.split("\n\n"):
                    seg.segment(para)

        secs = timed(split)
        out["pysbd"] = secs * mb / s_mb  # the time pySBD would take on the whole corpus at its measured rate
        print(line(f"pySBD (on {s_mb:.2f} MB)", s_mb, s_words, secs))
    target = [str(paths[0])] if one_file else [str(folder)]
    result = work / "out.jsonl"
    common = ["check", *target, "-f", "jsonl", "-o", str(result), "--isolated", "--exit-zero"]
    if block_mb:
        common += ["--block-size", str(block_mb)]
    for j in sorted({1, jobs}):
        secs, rss, total, _ = run_claimx([*common, "--jobs", str(j)])
        out[f"jobs{j}"] = secs
        print(line(f"claimx --jobs {j}", mb, words, secs, rss, total))
    if dask:
        for n in (1, 2):
            secs, rss, total, _ = run_claimx(["check", *target, "--dask", f"local:{n}", "-o", str(work / f"shards{n}"),
                                       "--isolated", "--exit-zero", "-q"])
            out[f"dask{n}"] = secs
            print(line(f"claimx --dask local:{n}", mb, words, secs, rss, total))
    print("ratios (same run):")
    if "pysbd" in out:
        print(f"  claimx --jobs 1 / pySBD speed:       {out['pysbd'] / out['jobs1']:.2f}x   (target >= 1.0)")
    print(f"  claimx --jobs 1 / tokenizer speed:   {out['tokenizer'] / out['jobs1']:.2f}x   (target >= 0.35)")
    if jobs > 1:
        print(f"  claimx --jobs {jobs} / --jobs 1 speed:   {out['jobs1'] / out[f'jobs{jobs}']:.2f}x")
    if dask:
        print(f"  Dask 2 workers / 1 worker speed:     {out['dask1'] / out['dask2']:.2f}x   (target >= 1.7)")
    shutil.rmtree(folder)
    out["mb"] = mb
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=float, nargs="+", default=[5.0],
                    help="corpus size(s) in MB; with two or more, time per MB is compared (linearity)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="workers of the parallel claimx run")
    ap.add_argument("--file", action="store_true", help="one large file instead of a folder of articles")
    ap.add_argument("--dask", action="store_true", help="also run on a Dask LocalCluster of 1 and 2 workers")
    ap.add_argument("--pysbd-mb", type=float, default=2.0, help="time pySBD on at most this many MB")
    ap.add_argument("--block-mb", type=float, default=None, help="claimx --block-size (sections of large files)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimx-bench-") as tmp:
        runs = [bench(size, args.jobs, args.file, args.dask, args.pysbd_mb, Path(tmp), args.block_mb)
                for size in args.size_mb]
    if len(runs) > 1:
        base = runs[0]["jobs1"] / runs[0]["mb"]
        print("\nlinearity (claimx --jobs 1 seconds per MB, relative to the first size):")
        for r in runs:
            print(f"  {r['mb']:8.2f} MB: {r['jobs1'] / r['mb']:.3f} s/MB = {r['jobs1'] / r['mb'] / base:.2f}x")


if __name__ == "__main__":
    main()
