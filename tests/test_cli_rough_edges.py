"""Command-line rough edges: stdin sniffing, help text, completion, rules at 80 columns, eval without corpus."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from claimx.cli import app

runner = CliRunner()
HTML = ("<!DOCTYPE html><html><head><title>T</title><script>var x = 'Zinc lozenges shorten colds.';</script>"
        "</head><body><p>Research suggests that magnesium may improve sleep quality.</p></body></html>")


def test_html_on_stdin_without_a_name_is_sniffed():
    res = runner.invoke(app, ["check", "-", "--isolated", "--format", "json"], input=HTML)
    doc = json.loads(res.stdout)["documents"][0]
    assert doc["format"] == "html"
    assert [c["sentence"] for c in doc["claims"]] == ["Research suggests that magnesium may improve sleep quality."]
    plain = runner.invoke(app, ["check", "-", "--isolated", "--format", "json"],
                          input="Zinc lozenges shorten colds. <b>really</b>\n")
    assert json.loads(plain.stdout)["documents"][0]["format"] == "text"


def test_help_has_plain_metavars_and_completion():
    res = runner.invoke(app, ["check", "--help"], env={"COLUMNS": "80"})
    assert "<bool>" not in res.stdout and "--no-exit-zero" not in res.stdout
    assert "--output FILE" in res.stdout and "--select CODES" in res.stdout and "--max-size MB" in res.stdout
    top = runner.invoke(app, ["--help"])
    assert "--install-completion" in top.stdout and "--show-completion" in top.stdout


def test_rules_are_readable_at_80_columns():
    res = runner.invoke(app, ["rules"], env={"COLUMNS": "80"})
    lines = res.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any(line.startswith("CX102  vague-attribution") and line.rstrip().endswith("warning") for line in lines)


def test_statistics_follow_the_output_format(tmp_path: Path):
    f = tmp_path / "a.txt"
    f.write_text("Zinc lozenges shorten colds.\n\nResearch suggests that magnesium may improve sleep quality.\n")
    data = json.loads(runner.invoke(app, ["check", str(f), "--isolated", "--statistics", "-f", "json"]).stdout)
    assert sorted((s["code"], s["count"]) for s in data["statistics"]) == [("CX101", 1), ("CX102", 1)]
    text = runner.invoke(app, ["check", str(f), "--isolated", "--statistics"]).stdout
    assert text.splitlines()[0].split("\t")[0].strip() == "1"


def test_csv_bom_is_opt_in(tmp_path: Path):
    f = tmp_path / "a.txt"
    f.write_text("Zinc lozenges shorten colds.\n")
    plain = runner.invoke(app, ["check", str(f), "--isolated", "-f", "csv"]).stdout_bytes
    bom = runner.invoke(app, ["check", str(f), "--isolated", "-f", "csv", "--bom"]).stdout_bytes
    assert not plain.startswith(b"\xef\xbb\xbf") and bom == b"\xef\xbb\xbf" + plain


def test_eval_without_an_installed_corpus_is_a_clear_error(monkeypatch, tmp_path: Path):
    import claimx.evaluate as evaluate

    monkeypatch.setattr(evaluate, "default_corpus", lambda: tmp_path / "not-installed")
    res = runner.invoke(app, ["eval", "--only", "corpus"])
    assert res.exit_code == 2 and "--corpus" in res.stderr and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
