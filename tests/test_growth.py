"""A small, bounded version of ``python -m benchmarks.growth``: run time may grow at most x20 per 10x of input
(a linear path grows by about x10, a quadratic one by x100). Ratios are taken within one run, so machine speed
does not matter; sizes stay at or under 100 k characters to keep this quick."""

from __future__ import annotations

import pytest

growth = pytest.importorskip("benchmarks.growth", reason="the benchmarks folder is not importable")

LIMIT = 20.0
#: The issue's adversarial inputs and the trigger text of each family, as runs in one input.
MIXED = ("[1]", "www.", "http://", "Ab-", "Ab ", "\n", " ", "\t", "1", "1.2 ", "*", "[", "(", "<!--", "A.",
         "- ", "HR 0.8, ", "95% CI ", "p ", "NS ", "n.s. ", "10.1000/", "Smith, ", "reduced by ", "|", "&#")


def mixed(run: int) -> str:
    """Runs of ``run`` characters of every trigger."""
    return "".join(growth.build(t, run) + " x " for t in MIXED)


def test_every_claimx_pattern_grows_linearly():
    """Each pattern scans two texts of the same length (so that CPU caches treat them alike): runs of every
    trigger 10x longer in one than in the other. Growth per 10x = 10 * t(long runs) / t(short runs): about
    x10 for a linear pattern, x100 for one quadratic in the length of a run."""
    patterns = growth.claimx_patterns()
    assert len(patterns) > 50  # module-level patterns and those built from models/
    long_runs = mixed(4_000)  # ~100 k characters
    short_runs = mixed(400) * 10
    slow = {}
    for name, pat in patterns.items():
        def run(text: str, pat=pat) -> None:
            for _ in pat.finditer(text):
                pass
        ratio = float("inf")
        for spend in (0.0, 0.05, 0.2):  # a ratio over the limit is measured again, longer (machine noise)
            t_short, t_long = growth.time_sizes(run, [short_runs, long_runs], 30, spend)  # in rounds, paired
            if t_short is None or t_long is None:
                break
            assert 0 < t_short < float("inf") and 0 < t_long < float("inf")
            ratio = min(ratio, 10 * t_long / max(t_short, 1e-4))
            if ratio <= LIMIT:
                break
        if ratio > LIMIT:
            slow[name] = round(ratio, 1)
    assert not slow, f"patterns growing faster than x{LIMIT} per 10x: {slow}"


PIPELINE = tuple(c for c in growth.PIPELINE if c[0] in {
    "citations [1][1]", "www. tokens", "http:// tokens", "http URL tokens", "Ab- run", "alternating claims",
    "one long line", "markdown *",
    "markdown [", "html <![a", "deep parentheses"})


@pytest.mark.parametrize(("name", "fmt", "unit"), PIPELINE, ids=[c[0] for c in PIPELINE])
def test_pipeline_grows_linearly_on_adversarial_input(name: str, fmt: str, unit: str):
    series = growth.pipeline_cases((1_000, 10_000), 60.0, ((name, fmt, unit),))[0]
    assert None not in series.seconds, f"{name}: no answer within 60 s"
    assert series.worst() <= LIMIT, f"{name}: x{series.worst():.1f} per 10x ({series.seconds})"


def test_patterns_on_a_text_that_opens_with_a_whitespace_run_grow_linearly():
    """Anchored patterns (``^\\s*,?\\s*…``, used with ``match`` on the text after a quote) meet a long run
    only when the text opens with it: each pattern scans texts that are one run of a whitespace character,
    10 k and 100 k long."""
    slow = {}
    for name, pat in growth.claimx_patterns().items():
        for ch in ("\t", "\n", " "):
            def run(text: str, pat=pat) -> None:
                for _ in pat.finditer(text):
                    pass
            ratio = float("inf")
            for spend in (0.0, 0.05, 0.2):
                t_short, t_long = growth.time_sizes(run, [ch * 10_000, ch * 100_000], 30, spend)
                if t_short is None or t_long is None:
                    break
                ratio = min(ratio, t_long / max(t_short, 1e-4))
                if ratio <= LIMIT:
                    break
            if ratio > LIMIT:
                slow[f"{name} {ch!r}"] = round(ratio, 1)
    assert not slow, f"patterns growing faster than x{LIMIT} per 10x on a whitespace run: {slow}"
