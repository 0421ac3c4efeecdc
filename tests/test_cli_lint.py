"""The linter through the CLI: config discovery, selection, suppressions, baselines, formats, exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx.cli import app

runner = CliRunner()
CLAIM = "Beetroot juice lowers blood pressure.\n"  # CX101 (warning)
VAGUE = "Studies show that beetroot juice lowers blood pressure.\n"  # CX102 (warning)


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def codes_of(output: str) -> list[str]:
    return re.findall(r": (CX\d{3}) ", output)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "posts" / "health").mkdir(parents=True)
    (tmp_path / "posts" / "a.md").write_text(CLAIM + "\n" + VAGUE)
    (tmp_path / "posts" / "health" / "b.md").write_text(CLAIM + "\n" + VAGUE)
    return tmp_path


def test_closest_config_wins(tree: Path):
    (tree / ".claimx.toml").write_text('ignore = ["CX102"]\n')
    (tree / "posts" / "health" / "claimx.toml").write_text('ignore = ["CX101"]\n')
    res = run("check", str(tree / "posts"), "--format", "concise")
    # a.md follows the root config (CX102 ignored); b.md only its own folder's (CX101 ignored, no merging)
    assert codes_of(res.stdout) == ["CX101", "CX102"], res.stdout


def test_pyproject_without_table_is_skipped(tree: Path):
    (tree / "posts" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tree / ".claimx.toml").write_text('select = ["CX102"]\n')
    res = run("check", str(tree / "posts" / "a.md"), "--format", "concise")
    assert codes_of(res.stdout) == ["CX102"] and res.exit_code == 1


def test_select_ignore_on_command_line(tree: Path):
    f = str(tree / "posts" / "health" / "b.md")
    assert codes_of(run("check", f, "--format", "concise", "--isolated").stdout) == ["CX101", "CX102"]
    assert codes_of(run("check", f, "--format", "concise", "--isolated", "--ignore", "CX1").stdout) == []
    assert codes_of(run("check", f, "--format", "concise", "--isolated", "--select", "CX101").stdout) == ["CX101"]


def test_invalid_config_is_one_line_error(tree: Path):
    (tree / ".claimx.toml").write_text('fail-on = "warn"\n')
    res = run("check", str(tree / "posts" / "a.md"))
    assert res.exit_code == 2
    assert "fail-on" in res.stderr and ".claimx.toml" in res.stderr and res.stderr.count("\n") == 1


def test_config_command_shows_origins(tree: Path):
    (tree / "claimx.toml").write_text('ignore = ["CX103"]\n')
    res = run("config", str(tree / "posts" / "a.md"))
    assert res.exit_code == 0 and "claimx.toml" in res.stdout and "CX103" in res.stdout


def test_ignore_comment_suppresses_next_sentence_and_requires_reason(tmp_path: Path):
    f = tmp_path / "a.md"
    f.write_text("<!-- claimx-ignore CX101: from our own survey -->\n" + CLAIM)
    assert codes_of(run("check", str(f), "--format", "concise", "--isolated").stdout) == []
    f.write_text("<!-- claimx-ignore CX101 -->\n" + CLAIM)
    assert sorted(codes_of(run("check", str(f), "--format", "concise", "--isolated").stdout)) == ["CX101",
                                                                                                  "CX902"]


def test_disable_enable_and_unused_suppression(tmp_path: Path):
    f = tmp_path / "a.md"
    f.write_text("<!-- claimx-disable CX101 -->\n\n" + CLAIM + "\n<!-- claimx-enable -->\n\n" + CLAIM)
    assert codes_of(run("check", str(f), "--format", "concise", "--isolated").stdout) == ["CX101"]
    f.write_text("<!-- claimx-ignore CX201: no contradiction here -->\n" + CLAIM)
    assert sorted(codes_of(run("check", str(f), "--format", "concise", "--isolated").stdout)) == ["CX101",
                                                                                                  "CX901"]


def test_baseline_round_trip(tmp_path: Path):
    f = tmp_path / "a.md"
    base = tmp_path / "baseline.json"
    f.write_text(CLAIM)
    res = run("check", str(f), "--isolated", "--write-baseline", str(base), "--format", "concise")
    assert res.exit_code == 0 and base.is_file()  # recording a baseline is not a failed check
    res = run("check", str(f), "--isolated", "--baseline", str(base), "--format", "concise")
    assert res.exit_code == 0 and codes_of(res.stdout) == []
    f.write_text("A new introduction was written.\n\n" + CLAIM + "\n" + VAGUE)
    res = run("check", str(f), "--isolated", "--baseline", str(base), "--format", "concise")
    assert codes_of(res.stdout) == ["CX102"] and res.exit_code == 1
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert run("check", str(f), "--isolated", "--baseline", str(bad)).exit_code == 2


def test_concise_github_and_sarif(tmp_path: Path):
    f = tmp_path / "a.md"
    f.write_text("# Title\n\n" + CLAIM)
    concise = run("check", str(f), "--isolated", "--format", "concise").stdout
    assert re.search(rf"^{re.escape(str(f))}:3:1: CX101 ", concise, re.M)
    github = run("check", str(f), "--isolated", "--format", "github").stdout
    assert re.search(r"^::warning file=[^,]+,line=3,col=1[^:]*,title=CX101 unsupported-claim::", github, re.M)
    sarif = json.loads(run("check", str(f), "--isolated", "--format", "sarif").stdout)
    assert sarif["version"] == "2.1.0"
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "CX101" and result["level"] == "warning"
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert rules[result["ruleIndex"]]["id"] == "CX101"


def test_statistics_and_fail_on_levels(tmp_path: Path):
    f = tmp_path / "a.md"
    f.write_text(CLAIM + "\n" + VAGUE)
    res = run("check", str(f), "--isolated", "--statistics")
    assert "CX101" in res.stdout and "CX102" in res.stdout
    assert run("check", str(f), "--isolated", "--fail-on", "error").exit_code == 0
    assert run("check", str(f), "--isolated", "--fail-on", "info").exit_code == 1
    named = tmp_path / "n.md"
    named.write_text("The American Heart Association says beetroot juice lowers blood pressure.\n")
    assert run("check", str(named), "--isolated").exit_code == 0  # CX103 is info
    assert run("check", str(named), "--isolated", "--fail-on", "info").exit_code == 1


def test_vocabulary_extension_without_code(tmp_path: Path):
    (tmp_path / "interventions.txt").write_text("# our own terms\nzorblax\n")
    (tmp_path / ".claimx.toml").write_text('[vocab]\ninterventions = "interventions.txt"\n')
    f = tmp_path / "a.md"
    f.write_text("Blood pressure fell sharply after zorblax.\n")
    doc = json.loads(run("check", str(f), "--format", "json").stdout)["documents"][0]
    assert [c["intervention"] for c in doc["claims"]] == ["zorblax"]
    assert json.loads(run("check", str(f), "--format", "json", "--isolated").stdout)["documents"][0][
        "claims"] == []


def test_csv_finding_rows_list_findings_without_claims(tmp_path: Path):
    f = tmp_path / "a.md"
    f.write_text("Tea is popular [4].\n\n## References\n\n1. Doe J. Tea. BMJ. 2019.\n")
    res = run("check", str(f), "--isolated", "--format", "csv", "--csv-rows", "findings")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["code"] for r in rows] == ["CX401"] and rows[0]["severity"] == "warning" and res.exit_code == 1
    assert "[4]" in rows[0]["message"]
    claims = run("check", str(f), "--isolated", "--format", "csv").stdout
    assert "CX401" not in claims  # one row per claim: a finding that is not about a claim has no row there


SOURCED = ('"Most of our patients slept longer. Melatonin improves sleep onset," said Dr Aiko Tanaka of Northfield '
           "University Hospital.\n\nThe National Institutes of Health funds research on sleep.\n\n"
           "A [recent trial](https://doi.org/10.5555/abc.123) found that fasting lowered body weight.\n")


def test_csv_source_rows_are_the_document_inventory(tmp_path: Path):
    f = tmp_path / "a.md"
    f.write_text(SOURCED)
    res = run("check", str(f), str(tmp_path / "missing.md"), "--isolated", "--format", "csv", "--csv-rows",
              "sources")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    doc = json.loads(run("check", str(f), "--isolated", "--format", "json").stdout)["documents"][0]
    mine = [r for r in rows if r["path"] == str(f)]
    assert [(r["kind"], r["canonical"] or None, int(r["line"]), int(r["column"]), r["claims"]) for r in mine] == [
        (s["kind"], s["canonical"], s["line"], s["column"], ",".join(s["claims"])) for s in doc["sources"]]
    person = next(r for r in mine if r["kind"] == "person")
    assert (person["canonical"], person["role"]) == ("Aiko Tanaka", "Dr") and person["affiliation"]
    nih = next(r for r in mine if r["canonical"] == "National Institutes of Health")
    assert nih["in_registry"] == "true" and nih["claims"] == "" and float(nih["score"]) > 0
    assert next(r for r in mine if r["kind"] == "organization")["in_registry"] == "false"
    assert [r["error"] for r in rows if r["path"].endswith("missing.md")] == ["no such file"]
    assert res.exit_code == 2


def test_csv_claim_rows_name_people_and_link_targets(tmp_path: Path):
    f = tmp_path / "a.md"
    f.write_text(SOURCED)
    rows = list(csv.DictReader(io.StringIO(run("check", str(f), "--isolated", "--format", "csv").stdout)))
    by_outcome = {r["outcome"]: r["sources"].split("; ") for r in rows}
    onset = next(v for k, v in by_outcome.items() if "sleep onset" in k)
    assert onset[0] == "person:Aiko Tanaka (Dr, Northfield University Hospital)"
    assert "organization:Northfield University Hospital" in onset
    weight = next(v for k, v in by_outcome.items() if "weight" in k)
    assert "doi:10.5555/abc.123" in weight  # the identifier, not the link text "recent trial"


def test_each_file_fails_by_its_own_config(tree: Path):
    (tree / "posts" / "health" / "claimx.toml").write_text('fail-on = "error"\n')
    assert run("check", str(tree / "posts" / "health" / "b.md")).exit_code == 0
    assert run("check", str(tree / "posts" / "a.md")).exit_code == 1


def test_unclosed_html_elements_do_not_hide_the_page(tmp_path: Path):
    f = tmp_path / "a.html"
    f.write_text("<html><head><title>T</title>\n<body><nav><ul><li>Home<li>About</ul></nav>"
                 "<p>Vitamin D reduces fracture risk.</p><table><tr><td>a<tr><td>b</table>"
                 "<p>Zinc shortens colds.</p>")
    doc = json.loads(run("check", str(f), "--isolated", "--format", "json").stdout)["documents"][0]
    assert [c["intervention"] for c in doc["claims"]] == ["Vitamin D", "Zinc"]
