"""Growth of run time with input size: every regular expression of claimx and the whole pipeline.

    python -m benchmarks.growth [--sizes 1000,10000,100000] [--pipeline-sizes ...] [--timeout 20] [--top 30]

Inputs are built by repeating a *trigger* (the text a pattern or stage reacts to: ``[1]``, ``www.``,
``Ab-``, a claim sentence...) up to each size. For every case the CPU time per size is measured (the
median of samples taken in rounds over the sizes: :func:`time_sizes`) and the growth per 10x of input is
printed; a linear path grows by about x10, a quadratic one by about x100. A size that runs past
``--timeout`` seconds (or raises) is shown as ``-`` and its growth as ``>``.

Two kinds of cases:

- **regex**: every pattern compiled by claimx code (module-level patterns and those built from ``models/``
  data at run time; found by watching ``re``'s compiler while the pipeline is built and run once) is swept
  with ``finditer`` over every trigger of :data:`TRIGGERS`; the worst trigger of each pattern is kept.
- **pipeline**: ``claimx.pipeline.check_text`` (and the CSV/JSON writers) on the triggers of :data:`PIPELINE`.

The ratios are taken within one run, so machine speed does not matter. ``tests/test_growth.py`` runs a small,
bounded version in CI. Nothing is asserted here: the table is printed.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import itertools
import re
import signal
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# --------------------------------------------------------------------------------------------------------
# Watch re's compiler so that every pattern claimx compiles (at import or from its data files) is known.

_CLAIMX_DIR = str(Path(__file__).resolve().parent.parent / "claimx")
_RE_DIR = str(Path(re.__file__).resolve().parent)
SEEN: dict[tuple[str, int], tuple[str, re.Pattern[str]]] = {}  # (pattern, flags) -> (module:line, compiled)
_orig_compile = re._compile  # type: ignore[attr-defined]


def _spy(pattern, flags):  # type: ignore[no-untyped-def]
    compiled = _orig_compile(pattern, flags)
    if isinstance(pattern, str):
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename.startswith(_RE_DIR):
            frame = frame.f_back
        if frame is not None and frame.f_code.co_filename.startswith(_CLAIMX_DIR):
            key = (pattern, int(compiled.flags))
            if key not in SEEN:
                module = Path(frame.f_code.co_filename).stem
                SEEN[key] = (f"{module}:{frame.f_lineno}", compiled)
    return compiled


re._compile = _spy  # type: ignore[attr-defined]

# --------------------------------------------------------------------------------------------------------
# Triggers

#: Units repeated to build the regex sweep's inputs (the issue's inputs and the trigger text of each family).
TRIGGERS: tuple[str, ...] = (
    "[1]", "[1][2]", "[1, 2]", "www.", "http://", "https://a", "Ab-", "Ab ", "Smith ", "Smith, ", "Smith et al. ",
    "(Smith 2020", "(", ")", "((", "[", "*", "_", "**a", "<!--", "<", "&", "&#", "1", "1.", "1.2 ", "1,", "1-",
    "0.5 to ", "0.5 (", "95% CI ", "95% CI 1.0 to ", "CI ", "HR ", "HR 0.8, ", "OR (", "p", "p ", "p<", "p = ",
    "NS ", "ns) ", "n.s. ", "N. ", "10.1000/", "10.", "PMID ", "a ", "a", "A", "A.", "a. ", "a.b", "-", "- ",
    "– ", "\n", "\n\n", " \n", "\t", "|", " ", ". ", ".", ",", ";", "'", "\"", "’s ", "/", "@", "%", "1%", "1e999%",
    "increased ", "reduced by ", "reduction in ", "from ", "no ", "not ", "significant ", "between ", "the ",
    "studies show ", "research ", "according to ", "randomized ", "trial ", "meta-analysis ", "x1", "Ä", "é",
    "¹", "•", "“", "(a) ", "1) ", "i. ", "References\n", "# ", "claimx-", "[1]: ", "![", "`", "\u200b",
)

#: (name, format, unit) for the whole pipeline.
PIPELINE: tuple[tuple[str, str, str], ...] = (
    ("citations [1][1]", "text", "[1]"),
    ("citations [1] [2] ", "text", "[1] [2] "),
    ("www. tokens", "text", "www. "),
    ("www.www. (one token)", "text", "www."),
    ("http:// tokens", "text", "http:// "),
    ("http://http:// (one token)", "text", "http://"),
    ("www URL tokens", "text", "www.example.org "),
    ("http URL tokens", "text", "http://a.b/c "),
    ("Ab- run", "text", "Ab-"),
    # sentence-sized units (the tagger skips sentences over 5,000 characters, so these reach every stage)
    ("citations in sentences", "text", "Coffee improves sleep " + "[1]" * 30 + ". "),
    ("URLs in sentences", "text", "Coffee improves sleep, see " + "www.a.org http://b.org/x " * 8 + ". "),
    ("Ab- names in sentences", "text", "Coffee improves sleep (" + "Ab-" * 30 + " 2020). "),
    ("statistics in sentences", "text", "Coffee reduced pain (HR 0.8, 95% CI 0.7 to 0.9; p = 0.03)" + " \n" * 5 + ". "),
    ("Ab Ab run", "text", "Ab "),
    ("alternating claims", "text",
     "Coffee increases sleep quality. Coffee reduces sleep quality. Coffee improves insomnia. "),
    ("many outcomes", "text", "Coffee increases {n} levels. "),
    ("claim sentences", "text", "A 2020 trial found that ketamine reduced depression (HR 0.8, 95% CI 0.7 to 0.9). "),
    ("statistics", "text", "RR 1.2 (0.9-1.4), p = 0.03; OR 2, 95% CI 1 to 3; 1e999% "),
    ("long word", "text", "a"),
    ("deep parentheses", "text", "("),
    ("parentheses pairs", "text", "(a) "),
    ("one long line", "text", "word, "),
    ("numbers", "text", "1.2 "),
    ("markdown *", "markdown", "*"),
    ("markdown [", "markdown", "["),
    ("markdown *a ", "markdown", "*a "),
    ("markdown [a](", "markdown", "[a]("),
    ("markdown >", "markdown", "> "),
    ("html <![a", "html", "<![a"),
    ("html tags", "html", "<b>a "),
    ("html <", "html", "<"),
    ("html nested div", "html", "<div>"),
)


# --------------------------------------------------------------------------------------------------------
# Timing


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # type: ignore[no-untyped-def]
    raise _Timeout


def _call(fn: Callable[[], object], timeout: float) -> float | None:
    """CPU seconds of one call of ``fn``; None when it ran past ``timeout`` seconds of wall-clock time."""
    old = signal.signal(signal.SIGALRM, _alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, timeout)
        t = time.process_time()
        fn()
        return time.process_time() - t
    except _Timeout:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def time_sizes(fn: Callable[[str], object], texts: list[str], timeout: float, min_spent: float = 0.3,
               sample: float = 0.01, collect: bool = False, rounds: int = 5) -> list[float | None]:
    """CPU seconds of one call of ``fn`` on each of ``texts`` (None from the first that runs past ``timeout``
    seconds; an exception propagates).

    How, so that the ratio of two sizes is that of the work and not of the machine's moods:

    - The time is the CPU time of this process (``time.process_time``), not the wall clock: a long call is
      descheduled by other work on a shared machine far more often than a short one.
    - After one warm-up call per size (in order; it gives the timeout), the sizes are timed in *rounds*, one
      sample of each size per round, so that a stretch of slow CPU (another process on the sibling
      hyperthread, frequency changes) falls on every size alike rather than on whichever was measured then.
      A sample is a batch of calls lasting about ``sample`` seconds (one call for a large size), so short
      calls are not dominated by timer overhead and see the same mix of fast and slow moments as long ones.
    - The estimate is the median of the samples: a best-of-many of short calls finds the rare quiet moment
      that one long call never gets, which made linear paths look like x15-x20 per 10x at the largest size.
    - At least ``rounds`` rounds (3 when a round takes over 0.2 s), more until ``min_spent`` seconds; a size whose
      warm-up call took over a second is not in the rounds: it is called twice more (up to 5 s a call) and the
      median of its three calls kept. ``collect``: a full garbage collection before each warm-up call, so that
      every size starts from the same heap.

    None of this hides real growth: the CPU work of a quadratic path still grows x100 per 10x."""
    first: list[float | None] = []
    for text in texts:
        if collect:
            gc.collect()
        t = _call(lambda text=text: fn(text), timeout)
        first.append(t)
        if t is None:
            first.extend([None] * (len(texts) - len(first)))
            break
    repeat = [i for i, t in enumerate(first) if t is not None and t <= 1.0]
    calls = {i: max(1, min(10_000, round(sample / max(first[i] or 0.0, 1e-7)))) for i in repeat}
    round_cost = sum(calls[i] * (first[i] or 0.0) for i in repeat)
    samples: dict[int, list[float]] = {i: [] for i in repeat}
    spent = 0.0
    least = rounds if round_cost < 0.2 else min(rounds, 3)
    rounds = 0
    while repeat and (rounds < least or (spent < min_spent and rounds < 200)):
        for i in repeat:
            text = texts[i]
            t0 = time.process_time()
            for _ in range(calls[i]):
                fn(text)
            dt = time.process_time() - t0
            spent += dt
            samples[i].append(dt / calls[i])
        rounds += 1
    for i, t in enumerate(first):  # a long call: two more, the median of three (one slow moment is not kept)
        if t is not None and 1.0 < t <= 5.0:
            samples[i] = [t, *(_call(lambda text=texts[i]: fn(text), timeout) or t for _ in range(2))]
    return [statistics.median(samples[i]) if i in samples else t for i, t in enumerate(first)]


def time_once(fn: Callable[[], object], timeout: float, min_spent: float = 0.3) -> float | None:
    """:func:`time_sizes` of one call of ``fn`` (no argument)."""
    return time_sizes(lambda _text: fn(), [""], timeout, min_spent)[0]


@dataclass
class Series:
    name: str
    trigger: str
    sizes: tuple[int, ...]
    seconds: list[float | None] = field(default_factory=list)
    error: str | None = None  # the exception a size raised
    fn: Callable[[str], object] | None = field(default=None, repr=False)  # what is timed (to measure again)
    collect: bool = False
    first_worst: float | None = None  # the worst growth of the first measurement, when measured again

    def ratios(self) -> list[float | None]:
        """Growth per 10x between consecutive sizes (None: the larger size timed out)."""
        out: list[float | None] = []
        pairs = list(zip(self.sizes, self.seconds, strict=True))
        for (n0, t0), (n1, t1) in itertools.pairwise(pairs):
            if t0 is None or t1 is None:
                out.append(None)
                continue
            # a floor of 20 µs keeps timer noise on tiny inputs from looking like growth
            out.append(max(t1, 2e-5) / max(t0, 2e-5) * (10 / (n1 / n0)))
        return out

    def worst(self) -> float:
        r = self.ratios()
        return float("inf") if any(x is None for x in r) else max(r, default=0.0)


def build(unit: str, size: int) -> str:
    if "{n}" in unit:  # a fresh word each time (many distinct keys)
        parts: list[str] = []
        total = 0
        i = 0
        while total < size:
            piece = unit.replace("{n}", _word(i))
            parts.append(piece)
            total += len(piece)
            i += 1
        return "".join(parts)[:size]
    return (unit * (size // len(unit) + 1))[:size]


def _word(i: int) -> str:
    letters = "bcdfghjklmnpqrstvwz"
    out = ""
    i += 19 * 19
    while i:
        i, r = divmod(i, len(letters))
        out += letters[r] + "a"
    return out


def measure(name: str, trigger: str, fn: Callable[[str], object], sizes: tuple[int, ...],
            timeout: float, min_spent: float = 0.3, collect: bool = False, quick: bool = False) -> Series:
    """``quick``: one call per sample, 3 rounds (the regex sweep's pass over every trigger)."""
    s = Series(name, trigger, sizes, fn=fn, collect=collect)
    try:
        s.seconds = time_sizes(fn, [build(trigger, n) for n in sizes], timeout, 0.0 if quick else min_spent,
                               0.0 if quick else 0.01, collect, 3 if quick else 5)
    except Exception as exc:  # shown in the table (the code before this issue crashed on some inputs)
        s.error = f"{type(exc).__name__}"
        s.seconds = [None] * len(sizes)
    return s


# --------------------------------------------------------------------------------------------------------
# Cases


def claimx_patterns() -> dict[str, re.Pattern[str]]:
    """Every pattern compiled by claimx code, named ``module.NAME`` (module globals) or ``module:line``."""
    import importlib
    import pkgutil

    import claimx
    from claimx.pipeline import check_text
    from claimx.render import render_delimited, render_json

    for info in pkgutil.walk_packages(claimx.__path__, "claimx."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    # run once so that patterns built from the data files are compiled too
    for fmt, sample in (("text", "Coffee may improve sleep, a 2020 trial found (HR 0.8, 95% CI 0.7-0.9; p=0.03) [1]."
                                 "\n\nReferences\n1. Smith J. Sleep. 2020."),
                        ("markdown", "# Title\n\nResearch suggests *tea* lowers [risk](http://x.org)."),
                        ("html", "<p>Studies show that exercise reduces pain.</p>")):
        result = check_text(sample, f"sample.{fmt}", fmt)
        render_json([result])
        render_delimited([result], ",")
    from claimx.pipeline import default_pipeline

    found: dict[int, tuple[str, re.Pattern[str]]] = {}
    # module globals first (their names), then what cached loaders and the default pipeline hold
    roots: list[tuple[str, object]] = []
    for modname, module in sorted(sys.modules.items()):
        if modname == "claimx" or modname.startswith("claimx."):
            short = modname.removeprefix("claimx.")
            for var, value in vars(module).items():
                if isinstance(value, re.Pattern):
                    found.setdefault(id(value), (f"{short}.{var}", value))
                elif (callable(value) and hasattr(value, "cache_clear") and getattr(value, "__module__", "") == modname
                      and not short.startswith("evaluate") and not inspect.signature(value).parameters):
                    roots.append((f"{short}.{var}()", value()))  # a cached loader without arguments
                elif isinstance(value, (tuple, list, dict)):
                    roots.append((f"{short}.{var}", value))
    roots.append(("pipeline", default_pipeline()))
    for name, value in roots:
        _walk(name, value, found, 0, set())
    for where, compiled in sorted(SEEN.values(), key=lambda v: v[0]):
        found.setdefault(id(compiled), (where, compiled))
    out: dict[str, re.Pattern[str]] = {}
    for name, compiled in found.values():
        if name in out:
            name = f"{name}#{len(out)}"
        out[name] = compiled
    return out


def _walk(name: str, value: object, found: dict[int, tuple[str, re.Pattern[str]]], depth: int,
          seen: set[int]) -> None:
    """Collect the compiled patterns inside ``value`` (containers, dataclasses, objects; small ones only)."""
    if isinstance(value, re.Pattern):
        found.setdefault(id(value), (name, value))
        return
    if depth > 4 or id(value) in seen or isinstance(value, (str, bytes, int, float, bool, type(None))):
        return
    seen.add(id(value))
    if isinstance(value, dict):
        if len(value) <= 2000:
            for k, v in value.items():
                _walk(f"{name}[{k!r}]"[:80], v, found, depth + 1, seen)
    elif isinstance(value, (tuple, list, set, frozenset)):
        if len(value) <= 2000:
            for i, v in enumerate(value):
                _walk(f"{name}[{i}]", v, found, depth + 1, seen)
    else:
        attrs = getattr(value, "__dict__", None)
        if attrs is None and hasattr(value, "__slots__"):
            attrs = {k: getattr(value, k, None) for k in value.__slots__}  # type: ignore[union-attr]
        if isinstance(attrs, dict) and type(value).__module__.startswith("claimx"):
            for k, v in attrs.items():
                _walk(f"{name}.{k}", v, found, depth + 1, seen)


def regex_sweep(patterns: dict[str, re.Pattern[str]], sizes: tuple[int, ...], timeout: float,
                triggers: tuple[str, ...] = TRIGGERS, progress: bool = False) -> list[Series]:
    """For each pattern, the trigger with the worst growth between the two smallest sizes, then measured at
    every size."""
    out: list[Series] = []
    for i, (name, pat) in enumerate(patterns.items()):
        if progress:
            sys.stderr.write(f"\r{i + 1}/{len(patterns)} {name[:60]:<60}")
        def run(text: str, pat: re.Pattern[str] = pat) -> None:
            for _ in pat.finditer(text):
                pass
        first = [measure(name, t, run, sizes[:2], timeout, quick=True) for t in triggers]
        worst = max(first, key=lambda s: (s.worst(), s.seconds[-1] or 0.0))
        out.append(measure(name, worst.trigger, run, sizes, timeout) if len(sizes) > 2 else worst)
    if progress:
        sys.stderr.write("\r" + " " * 70 + "\r")
    return out


def pipeline_cases(sizes: tuple[int, ...], timeout: float,
                   cases: tuple[tuple[str, str, str], ...] = PIPELINE) -> list[Series]:
    from claimx.pipeline import check_text
    from claimx.render import render_delimited, render_json

    def run(fmt: str) -> Callable[[str], object]:
        def go(text: str) -> None:
            result = check_text(text, f"growth.{'md' if fmt == 'markdown' else fmt}", fmt)
            render_json([result])
            render_delimited([result], ",")
        return go

    check_text("warm up", "w.txt")
    return [measure(name, unit, run(fmt), sizes, timeout, collect=True) for name, fmt, unit in cases]


def confirm(series: list[Series], timeout: float, limit: float, tries: int = 2) -> list[Series]:
    """Each series growing faster than ``limit`` per 10x (but answering at every size) measured again, up to
    ``tries`` times and longer each time; the lowest measurement is kept and the table shows the first.
    Machine noise does not repeat itself; real super-linear growth (x30, x100) does."""
    out: list[Series] = []
    for s in series:
        best = s
        for k in range(tries):
            if best.worst() <= limit or best.worst() == float("inf") or s.fn is None:
                break
            again = measure(s.name, s.trigger, s.fn, s.sizes, timeout, 1.0 * (k + 1), s.collect)
            if again.worst() < best.worst():
                best = again
        if best is not s:
            best.first_worst = s.worst()
        out.append(best)
    return out


# --------------------------------------------------------------------------------------------------------
# Table


def _fmt_t(t: float | None) -> str:
    return "        -" if t is None else f"{t * 1000:9.2f}"


def _fmt_r(r: float | None) -> str:
    return "      >" if r is None else f"{r:6.1f}x"


def table(series: list[Series], title: str) -> str:
    if not series:
        return ""
    sizes = series[0].sizes
    head = f"{'case':<34} {'trigger':<14}" + "".join(f" {f'{n:,} ms':>9}" for n in sizes)
    head += "".join(f" {'x/10x':>7}" for _ in sizes[1:])
    lines = [f"## {title}", "", head, "-" * len(head)]
    for s in series:
        trig = repr(s.trigger)[1:-1]
        lines.append(f"{s.name[:34]:<34} {trig[:14]:<14}" + "".join(f" {_fmt_t(t)}" for t in s.seconds)
                     + "".join(f" {_fmt_r(r)}" for r in s.ratios()) + (f"  raised {s.error}" if s.error else "")
                     + (f"  (measured again; first x{s.first_worst:.1f})" if s.first_worst is not None else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated input sizes (characters)")
    ap.add_argument("--pipeline-sizes", default=None, help="sizes for the pipeline cases (default: --sizes)")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per size before giving up")
    ap.add_argument("--top", type=int, default=30, help="regex rows shown, worst growth first (0: all)")
    ap.add_argument("--no-regex", action="store_true")
    ap.add_argument("--no-pipeline", action="store_true")
    ap.add_argument("--confirm", type=float, default=12.0,
                    help="measure a case growing faster than this per 10x again, twice at most (0: never)")
    args = ap.parse_args(argv)
    sizes = tuple(int(x) for x in args.sizes.split(","))
    psizes = tuple(int(x) for x in (args.pipeline_sizes or args.sizes).split(","))
    worst = 0.0
    if not args.no_regex:
        patterns = claimx_patterns()
        sweep = regex_sweep(patterns, sizes, args.timeout, progress=sys.stderr.isatty())
        if args.confirm:
            sweep = confirm(sweep, args.timeout, args.confirm)
        sweep.sort(key=lambda s: (-s.worst(), s.name))
        shown = sweep[: args.top] if args.top else sweep
        print(table(shown, f"regex: {len(patterns)} patterns x {len(TRIGGERS)} triggers, worst {len(shown)}"))
        print()
        worst = max(worst, max((s.worst() for s in sweep), default=0.0))
    if not args.no_pipeline:
        series = pipeline_cases(psizes, args.timeout)
        if args.confirm:
            series = confirm(series, args.timeout, args.confirm)
        print(table(series, "pipeline: check_text + JSON + CSV"))
        print()
        worst = max(worst, max((s.worst() for s in series), default=0.0))
    print(f"worst growth per 10x: {'timeout' if worst == float('inf') else f'x{worst:.1f}'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
