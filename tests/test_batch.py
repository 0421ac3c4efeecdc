"""Large files in sections (exact offsets, lines and columns), --jobs determinism, incremental JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx import batch
from claimx.cli import app
from claimx.render import render_json
from claimx.render_stream import JsonSink

runner = CliRunner()

# No study designs: a design named in one paragraph may carry over to the next sentences (link stage), which
# a section boundary would cut.
PARAGRAPHS = (
    "Walking every day lowers blood pressure in older adults, according to the World Health Organization.",
    "Green tea may reduce LDL cholesterol.\nThe effect was small, the authors wrote in the BMJ.",
    "Daily yoga improves sleep quality in people with insomnia, experts say.",
    "Eating more fibre lowers the risk of type 2 diabetes, the NHS says.",
    "Creatine increases muscle strength in young men.  More work is needed.",
)


def article(copies: int, sep: str = "\n\n") -> str:
    parts = ["Health notes"]
    for i in range(copies):
        parts.extend(p.replace("adults", f"adults aged {60 + i}") for p in PARAGRAPHS)
    return sep.join(parts) + "\n"


def run(*args: str):
    return runner.invoke(app, [*args, "--isolated", "--exit-zero"])


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_sections_cut_at_paragraph_breaks(tmp_path: Path) -> None:
    text = article(10)
    p = tmp_path / "a.txt"
    p.write_text(text, encoding="utf-8")
    parts = list(batch.sections(p, 1000))
    assert len(parts) > 3
    assert "".join(t for t, _, _ in parts) == text
    for t, line_shift, original_shift in parts:
        assert text[original_shift:original_shift + len(t)] == t
        assert text.count("\n", 0, original_shift) == line_shift
        assert t.endswith("\n\n") or t is parts[-1][0]


def test_a_paragraph_longer_than_four_blocks_is_still_cut(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(" ".join(["Walking lowers blood pressure."] * 400), encoding="utf-8")
    parts = list(batch.sections(p, 1000))
    assert len(parts) > 1 and all(len(t) <= 4000 for t, _, _ in parts)


def test_markdown_sections_never_cut_a_code_fence(tmp_path: Path) -> None:
    fence = "```\n" + "\n\n".join(["code line"] * 200) + "\n```\n\n"
    p = tmp_path / "a.md"
    p.write_text(fence + article(6), encoding="utf-8")
    parts = list(batch.sections(p, 500, "markdown"))
    assert parts[0][0].startswith(fence)


@pytest.mark.parametrize("suffix,sep", [(".txt", "\n\n"), (".md", "\n\n"), (".txt", "\r\n\r\n")])
def test_a_file_in_sections_has_the_offsets_lines_and_columns_of_the_whole_file(
        tmp_path: Path, suffix: str, sep: str) -> None:
    text = article(12, sep)
    p = tmp_path / f"big{suffix}"
    p.write_bytes(text.encode("utf-8"))
    whole = run("check", str(p), "-f", "jsonl")
    parts = run("check", str(p), "-f", "jsonl", "--block-size", "0.002")
    assert whole.exit_code == parts.exit_code == 0, parts.stderr
    (doc,) = jsonl(whole.stdout)
    sections = jsonl(parts.stdout)
    assert len(sections) > 2
    assert [s["section"]["index"] for s in sections] == list(range(len(sections)))
    assert [s["section"]["last"] for s in sections] == [False] * (len(sections) - 1) + [True]
    keys = ("id", "start", "end", "line", "column", "intervention", "outcome", "direction", "sentence")
    got = [{k: c[k] for k in keys} for s in sections for c in s["claims"]]
    assert got == [{k: c[k] for k in keys} for c in doc["claims"]]
    assert len(got) >= 12 * 4
    lines = text.replace("\r\n", "\n").split("\n")
    for c in got:  # the line and column point at the claim's sentence in the original file
        assert lines[c["line"] - 1][c["column"] - 1:].startswith(c["sentence"].split("\n")[0])
    whole_findings = [(f["code"], f["line"], f["column"], f["start"]) for f in doc["findings"]]
    assert [(f["code"], f["line"], f["column"], f["start"]) for s in sections for f in s["findings"]] \
        == whole_findings


def test_csv_rows_of_a_file_in_sections_equal_the_whole_file(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text(article(12), encoding="utf-8")
    whole = run("check", str(p), "-f", "csv")
    parts = run("check", str(p), "-f", "csv", "--block-size", "0.002")
    assert whole.stdout == parts.stdout and whole.stdout.count("\n") > 40


def test_bad_bytes_after_the_first_section_give_exit_2_and_the_earlier_sections(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    good = article(40).encode("utf-8") + b"\n\nBad "
    p.write_bytes(good + b"\xff byte.\n")
    res = runner.invoke(app, ["check", str(p), "-f", "jsonl", "--block-size", "0.002", "--isolated"])
    assert res.exit_code == 2
    lines = jsonl(res.stdout)
    assert f"byte 0xff at offset {len(good)}" in lines[-1]["error"] and len(lines) > 2
    assert all(not line["error"] for line in lines[:-1])
    assert str(p) in res.stderr and "Traceback" not in res.stderr


def test_max_size_is_an_opt_in_guard(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text(article(12), encoding="utf-8")
    res = runner.invoke(app, ["check", str(p), "--max-size", "0.001", "--isolated"])
    assert res.exit_code == 2 and "--max-size" in res.stderr
    assert run("check", str(p), "-f", "jsonl", "--block-size", "0.002").exit_code == 0


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("articles")
    for i in range(6):
        (d / f"a{i}.txt").write_text(article(i + 1), encoding="utf-8")
    (d / "b.md").write_text("# Notes\n\n" + article(3), encoding="utf-8")
    (d / "big.txt").write_text(article(12), encoding="utf-8")
    (d / "bad.txt").write_bytes(b"Not \xff UTF-8.\n")
    return d


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_jobs_give_the_same_bytes_as_one_job(folder: Path, fmt: str) -> None:
    one = runner.invoke(app, ["check", str(folder), "-f", fmt, "--jobs", "1", "--block-size", "0.002",
                              "--isolated"])
    two = runner.invoke(app, ["check", str(folder), "-f", fmt, "--jobs", "2", "--block-size", "0.002",
                              "--isolated"])
    assert one.exit_code == two.exit_code == 2  # bad.txt
    assert one.stdout == two.stdout
    assert one.stdout.count(str(folder / "big.txt")) > 2


def test_streamed_json_equals_the_whole_run_renderer(pipeline) -> None:
    import io

    results = [pipeline.check_text(article(n), f"a{n}.txt") for n in (1, 2)]
    for given in ([], results):
        buf = io.StringIO()
        sink = JsonSink(buf)
        for r in given:
            sink.write(r)
        sink.close()
        assert buf.getvalue() == render_json(given)
