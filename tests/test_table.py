"""The editor's table: findings per claim with code, severity and message, grouped by section."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimx
from claimx.cli import app
from claimx.render import LEGEND

runner = CliRunner()
ARTICLE = (
    "# Magnesium and sleep\n\n"
    "Research suggests that magnesium may improve sleep quality.\n\n"
    "## What trials found\n\n"
    "Magnesium supplements reduced night waking in older adults [1].\n\n"
    "Zinc lozenges shorten colds.\n\n"
    "## References\n\n"
    "1. Doe J. Magnesium and sleep. BMJ. 2020. doi:10.1136/bmj.m1\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    p = tmp_path / "a.md"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def table(*args: str, columns: str | None = "80") -> tuple[str, int, str]:
    env = {"COLUMNS": columns} if columns else {"COLUMNS": ""}
    res = runner.invoke(app, ["check", *args, "--isolated"], env=env)
    return res.stdout, res.exit_code, res.stderr


def test_rows_have_code_severity_and_short_message_grouped_by_section(article: Path):
    out, code, _ = table(str(article), columns=None)
    lines = out.splitlines()
    vague = next(i for i, line in enumerate(lines) if "CX102" in line)
    assert lines[vague].rstrip().endswith('CX102 warning vague: "Research suggests" names no work')
    assert "magnesium → sleep quality ↑?" in lines[vague]
    assert "CX101 warning" in out
    sections = [i for i, line in enumerate(lines) if line.startswith("§ ")]
    assert [lines[i] for i in sections] == ["§ Magnesium and sleep", "§ What trials found"]
    zinc = next(i for i, line in enumerate(lines) if "Zinc" in line or "zinc" in line)
    assert sections[0] < vague < sections[1] < zinc
    cited = [line for line in lines if "night waking" in line]
    assert cited == []  # a cited claim has no finding: not shown without --show-all
    assert code == 1


def test_show_all_lists_claims_without_findings(article: Path):
    out, _, _ = table(str(article), "--show-all")
    assert any("night waking" in line and "cited" in line for line in out.splitlines())


def test_legend_summary_and_next_step(article: Path):
    out, _, _ = table(str(article))
    assert LEGEND in out
    result = claimx.analyze(article, isolated=True)
    n_claims = len(result.claims)
    assert f"{n_claims} claims, 2 with findings; 0 errors, 2 warnings, 0 info. Failed (--fail-on warning)" in \
        " ".join(out.split())
    flat = " ".join(out.split())  # the summary wraps at the terminal width, wherever the path ends
    assert "claimx rule CX10" in flat and "--format html" in flat
    passed, code, _ = table(str(article), "--fail-on", "error")
    assert "Passed (--fail-on error)." in " ".join(passed.split()) and code == 0


def test_one_claim_is_singular(tmp_path: Path):
    p = tmp_path / "one.txt"
    p.write_text("Zinc lozenges shorten colds.\n")
    out, _, _ = table(str(p))
    assert "1 claim, 1 with findings; 0 errors, 1 warning, 0 info" in " ".join(out.split())
    assert "1 claims" not in out


def test_quiet_prints_rows_only(article: Path):
    out, _, _ = table(str(article), "-q")
    assert "CX102" in out and "Failed" not in out and "Next:" not in out and LEGEND not in out


def test_fits_80_columns_and_is_not_wrapped_without_a_terminal(article: Path):
    out80, _, _ = table(str(article))
    assert max(len(line) for line in out80.splitlines()) <= 80
    wide, _, _ = table(str(article), columns=None)  # a pipe, a file, a CI log: never hard-wrapped
    summary = next(line for line in wide.splitlines() if "Failed" in line)
    assert "with findings" in summary and summary.rstrip().endswith("fail-on level.")
    assert not any(line.startswith(" " * 10) for line in wide.splitlines())  # no continuation lines


def test_input_error_is_reported_once(article: Path, tmp_path: Path):
    res = runner.invoke(app, ["check", str(article), str(tmp_path / "missing.md"), "--isolated"])
    assert (res.stdout + res.stderr).count("missing.md") == 1 and res.exit_code == 2
    assert "1 file could not be read" in " ".join(res.stdout.split())


def test_output_file_is_not_wrapped(article: Path, tmp_path: Path):
    out = tmp_path / "report.txt"
    runner.invoke(app, ["check", str(article), "--isolated", "-o", str(out)], env={"COLUMNS": "40"})
    text = out.read_text(encoding="utf-8")
    assert "\x1b[" not in text and any("Failed" in line and "fail-on level." in line for line in text.splitlines())
