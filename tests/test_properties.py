"""Property tests (Hypothesis): any text, Markdown or HTML gives a result or a one-line input error, never an
exception; offsets lie inside the text and line/column map back to the same characters; output is identical
across runs and across PYTHONHASHSEED; CSV/TSV cells never start with a formula character.

The budget is small in CI (about 300 examples in all); set ``CLAIMX_HYPOTHESIS_EXAMPLES`` (examples per test)
for a longer run, e.g. ``CLAIMX_HYPOTHESIS_EXAMPLES=5000 python -m pytest tests/test_properties.py``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
import sys

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from claimx.pipeline import default_pipeline  # noqa: E402
from claimx.read import InputError, decode_as  # noqa: E402
from claimx.render import render_delimited, render_json  # noqa: E402

_PER_TEST = os.environ.get("CLAIMX_HYPOTHESIS_EXAMPLES", "")
_SETTINGS = {"deadline": None, "database": None, "derandomize": not _PER_TEST,
             "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}


def budget(default: int) -> settings:
    return settings(max_examples=int(_PER_TEST) if _PER_TEST else default, **_SETTINGS)


#: Pieces of health writing and of markup that make generated inputs reach every stage.
FRAGMENTS = (
    "Coffee", " reduced ", " increases ", " sleep quality", " did not improve ", " may lower ", " the risk of ",
    " depression", "Ketamine", " in adults", ", a 2020 trial found", " according to the BMJ", " [1]", "[2, 3]",
    " (Smith et al., 2020)", " Smith (2019)", " HR 0.72 (95% CI 0.61–0.85)", " p = 0.03", " p<0.001", " NS",
    " by 20%", " 1e999%", " 10.1000/xyz", " PMID: 12345678", " https://example.org/a", " www.", ". ", "; ",
    "\n", "\n\n", "\r\n", "\t", "References\n", "1. Smith J. Sleep. 2020.\n", "# ", "* ", "- ", "> ", "**",
    "_", "`", "[a](http://x.org)", "![i](x.png)", "<!-- claimx-ignore CX101 -->", "<!--", "-->", "<p>", "</p>",
    "<li>", "<h2>", "</h2>", "<![a", "<script>", "&amp;", "&eacute;", "&#x2014;", "|", " | ", "Ab-", "(", ")",
    "“", "”", "é", "\u200b", "\x0c", "\\", "=", "+", "@", "Research suggests", " Studies show",
)

texts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=30).map("".join),
)
formats = st.sampled_from(("text", "markdown", "html"))


def _check(text: str, fmt: str):
    suffix = {"text": "txt", "markdown": "md", "html": "html"}[fmt]
    return default_pipeline().check_text(text, f"gen.{suffix}", fmt)


def _lines(original: str) -> list[int]:
    original = original.replace("\r\n", "\n").replace("\r", "\n")
    return [0] + [i + 1 for i, ch in enumerate(original) if ch == "\n"]


@budget(120)
@given(text=texts, fmt=formats)
def test_any_input_gives_a_result_with_offsets_that_map_back(text: str, fmt: str):
    result = _check(text, fmt)
    assert result.error is None
    doc = result.document
    assert doc is not None
    n = len(doc.text)
    original = text.replace("\r\n", "\n").replace("\r", "\n")
    starts = _lines(text)
    for s in result.sentences:
        assert 0 <= s.start <= s.end <= n and doc.text[s.start:s.end] == s.text
    spans = [(c.start, c.end) for c in result.claims] + [(f.start, f.end) for f in result.findings]
    for start, end in spans:
        assert 0 <= start <= end <= n
        line, col = doc.position(start)
        assert 1 <= line <= len(starts) and col >= 1
        at = starts[line - 1] + col - 1
        assert at <= len(original)
        ch = doc.text[start:start + 1]
        if fmt == "text" or (ch.isascii() and ch.isalnum()):
            # plain text is kept verbatim; in Markdown/HTML a letter or digit is found where it was written
            assert original[at:at + 1] == ch, (fmt, start, line, col)
    json.loads(render_json([result]), parse_constant=lambda c: pytest.fail(f"non-finite JSON {c}"))


@budget(80)
@given(text=texts, fmt=formats)
def test_output_is_identical_across_runs_and_csv_cells_are_safe(text: str, fmt: str):
    first, second = _check(text, fmt), _check(text, fmt)
    assert render_json([first]) == render_json([second])
    for delimiter in (",", "\t"):
        out = render_delimited([first], delimiter)
        assert out == render_delimited([second], delimiter)
        for row in csv.reader(io.StringIO(out), delimiter=delimiter):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@budget(100)
@given(data=st.one_of(st.binary(max_size=200), texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      texts.map(lambda t: t.encode("cp1252", "replace"))),
       encoding=st.sampled_from(("utf-8", "auto", "cp1252", "latin-1")))
def test_any_bytes_decode_or_give_a_one_line_input_error(data: bytes, encoding: str):
    try:
        text, used = decode_as(data, encoding)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    assert isinstance(text, str) and used


_SCRIPT = """
import json, random, sys
sys.path.insert(0, {tests!r})
from test_properties import FRAGMENTS, _check
from claimx.render import render_json
rng = random.Random(11)
docs = []
for i in range(12):
    text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(5, 60)))
    docs.append(render_json([_check(text, ("text", "markdown", "html")[i % 3])]))
sys.stdout.write(json.dumps(docs))
"""


def test_output_is_identical_across_hash_seeds():
    """The same inputs in two processes with different PYTHONHASHSEED, and in this one, give the same JSON."""
    tests = os.path.dirname(os.path.abspath(__file__))
    script = _SCRIPT.format(tests=tests)
    procs = []
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        procs.append(subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True, env=env))
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-2000:]
        outs.append(json.loads(out))
    assert outs[0] == outs[1]
    rng = random.Random(11)
    here = []
    for i in range(12):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(5, 60)))
        here.append(render_json([_check(text, ("text", "markdown", "html")[i % 3])]))
    assert here == outs[0]
    assert any(json.loads(d)["documents"][0]["claims"] for d in here)  # the inputs reach the claim stages
