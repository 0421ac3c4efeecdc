"""Sections and --jobs go through the library API: ``Checker.run`` post-processes every section the way it
post-processes a whole file (suppressions, selection, baseline), and ``claimx.analyze_many`` returns what
``claimx check`` prints, streamed or not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimx
from claimx.cli import app

runner = CliRunner()

PARAGRAPHS = (
    "Walking every day lowers blood pressure in older adults, according to the World Health Organization.",
    "Green tea may reduce LDL cholesterol.\nThe effect was small, the authors wrote in the BMJ.",
    "Daily yoga improves sleep quality in people with insomnia, experts say.",
    "Eating more fibre lowers the risk of type 2 diabetes, the NHS says.",
    "Creatine increases muscle strength in young men.  More work is needed.",
)
BLOCK = 2000  # characters: --block-size 0.002


def article(copies: int) -> str:
    parts = ["Health notes"]
    for i in range(copies):
        parts.extend(p.replace("adults", f"adults aged {60 + i}") for p in PARAGRAPHS)
    return "\n\n".join(parts) + "\n"


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """A Markdown file of several sections, with a suppression comment in a late section."""
    d = tmp_path_factory.mktemp("big")
    text = article(16)
    cut = text.rindex("Creatine")
    text = (text[:cut] + "<!-- claimx-ignore CX101: our own survey -->\n\n" + text[cut:])
    p = d / "big.md"
    p.write_text(text, encoding="utf-8")
    assert p.stat().st_size > 3 * BLOCK
    return p


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_sections_are_post_processed_like_the_whole_file(big: Path) -> None:
    whole = claimx.analyze_many([big], isolated=True, max_bytes=None, block_chars=10**9)
    parts = claimx.analyze_many([big], isolated=True, max_bytes=None, block_chars=BLOCK)
    assert len(whole.documents) == 1 and len(parts.documents) > 2
    assert all(d.section is not None for d in parts.documents)

    def key(result):
        return [(f.code, f.line, f.column, f.claim_id) for f in result.findings]

    assert key(parts) == key(whole)
    # the suppression in a late section silenced one CX101 there, as in the whole file
    suppressed_line = next(i for i, line in enumerate(big.read_text().split("\n"), 1) if "claimx-ignore" in line)
    assert not any(f.code == "CX101" and f.line == suppressed_line + 2 for f in parts.findings)
    assert sum(f.code == "CX101" for f in parts.findings) == sum(f.code == "CX101" for f in whole.findings)
    assert not any(f.code == "CX901" for f in parts.findings)  # the suppression was used


def test_selection_applies_to_every_section(big: Path) -> None:
    parts = claimx.analyze_many([big], isolated=True, ignore="CX101", block_chars=BLOCK)
    assert len(parts.documents) > 2 and parts.findings
    assert not any(f.code == "CX101" for f in parts.findings)


def test_document_sources_are_moved_to_whole_file_coordinates(big: Path) -> None:
    whole = claimx.analyze_many([big], isolated=True, block_chars=10**9)
    parts = claimx.analyze_many([big], isolated=True, block_chars=BLOCK)

    def inventory(result):
        return [(s.mention.canonical, s.mention.start, s.sentence_index, s.claims)
                for d in result.documents for s in d.sources]

    assert inventory(parts) == inventory(whole) and len(inventory(whole)) >= 20


def test_api_equals_streamed_cli_output(big: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["check", str(big), "-f", "jsonl", "--block-size", "0.002", "--isolated",
                              "--jobs", "1"])
    api = claimx.analyze_many([big], isolated=True, block_chars=BLOCK)
    assert res.exit_code == api.exit_code() == 1
    assert res.stdout == api.to_jsonl()
    out = tmp_path / "r.json"
    res = runner.invoke(app, ["check", str(big), "-f", "json", "--block-size", "0.002", "--isolated", "-o",
                              str(out)])
    assert out.read_text(encoding="utf-8") == api.to_json()


def test_baseline_absorbs_the_findings_of_every_section(big: Path, tmp_path: Path) -> None:
    base = tmp_path / "baseline.json"
    wrote = runner.invoke(app, ["check", str(big), "--isolated", "--block-size", "0.002",
                                "--write-baseline", str(base)])
    assert wrote.exit_code == 0, wrote.stderr
    res = runner.invoke(app, ["check", str(big), "-f", "jsonl", "--isolated", "--block-size", "0.002",
                              "--baseline", str(base)])
    assert res.exit_code == 0, res.stderr
    docs = lines(res.stdout)
    assert len(docs) > 2 and not any(d["findings"] for d in docs)
    assert "in the baseline" in res.stderr


def test_streamed_csv_rows_and_bom_equal_the_collected_renderer(big: Path) -> None:
    api = claimx.analyze_many([big], isolated=True, block_chars=BLOCK)
    for rows in ("claims", "findings"):
        res = runner.invoke(app, ["check", str(big), "-f", "csv", "--csv-rows", rows, "--bom", "--isolated",
                                  "--block-size", "0.002"])
        assert res.stdout == api.render("csv", rows=rows, bom=True)
        assert res.stdout.startswith("\ufeff")


def test_sectioned_jsonl_validates_against_the_schema(big: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from claimx.output import json_schema

    validator = jsonschema.Draft202012Validator(json.loads(json_schema()))
    res = runner.invoke(app, ["check", str(big), "-f", "jsonl", "--isolated", "--block-size", "0.002"])
    docs = lines(res.stdout)
    assert len(docs) > 2
    for d in docs:
        validator.validate(d)
        assert all(isinstance(c["outcome_key"], str) for c in d["claims"])
    broken = {**docs[0], "section": {**docs[0]["section"], "index": -1}}
    assert not validator.is_valid(broken)


def test_corpus_reads_the_sectioned_jsonl_check_writes(big: Path, tmp_path: Path) -> None:
    def corpus_of(block: str) -> dict:
        out = tmp_path / f"all-{block}.jsonl"
        res = runner.invoke(app, ["check", str(big), "-f", "jsonl", "-o", str(out), "--isolated", "--block-size",
                                  block, "--exit-zero"])
        assert res.exit_code == 0, res.stderr
        corpus = runner.invoke(app, ["corpus", str(out), "-f", "json", "--jobs", "1"])
        assert corpus.exit_code == 0, corpus.stderr
        return json.loads(corpus.stdout)

    sectioned, whole = corpus_of("0.002"), corpus_of("100")
    assert sectioned == whole and sectioned != corpus_of.__name__


def test_the_table_summary_counts_a_sectioned_file_as_one_file(big: Path) -> None:
    whole = runner.invoke(app, ["check", str(big), "--isolated", "--block-size", "100"], env={"COLUMNS": ""})
    parts = runner.invoke(app, ["check", str(big), "--isolated", "--block-size", "0.002"], env={"COLUMNS": ""})
    assert parts.stdout.count("(section ") > 2
    summary = [line for line in whole.stdout.splitlines() if "Failed" in line]
    assert summary and summary[-1] in parts.stdout and "files checked" not in parts.stdout
