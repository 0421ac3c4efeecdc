"""The library API returns exactly what ``claimx check`` reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimx
from claimx.cli import app

runner = CliRunner()
TEXT = (
    "Magnesium and Sleep\n\n"
    "Magnesium supplements reduce night waking in older adults.\n\n"
    "Research suggests that magnesium may improve sleep quality.\n"
)


@pytest.mark.parametrize("sentences", [False, True])
def test_analyze_path_is_byte_for_byte_the_cli_json(tmp_path: Path, sentences: bool):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    result = claimx.analyze(f, isolated=True, sentences=sentences)
    cli = runner.invoke(app, ["check", str(f), "--isolated", "--format", "json",
                              *(["--sentences"] if sentences else [])])
    assert result.to_json() == cli.stdout
    assert result.exit_code() == cli.exit_code == 1
    assert {x.code for x in result.findings} == {"CX101", "CX102"}
    assert not result.passed() and result.passed("error")
    for fmt in ("concise", "csv", "sarif", "github"):
        assert result.render(fmt) == runner.invoke(app, ["check", str(f), "--isolated", "-f", fmt]).stdout


def test_analyze_text_names_and_formats(tmp_path: Path):
    html = "<html><body><p>Research suggests that magnesium may improve sleep quality.</p></body></html>"
    result = claimx.analyze(html, format="html", isolated=True, path="post.html")
    doc = result.documents[0]
    assert doc.path == "post.html" and doc.document is not None and doc.document.format == "html"
    assert "<p>" not in doc.claims[0].sentence
    with pytest.raises(ValueError):
        claimx.analyze("x", format="docx")


def test_suppressions_selection_and_accept_list_apply_in_the_library(tmp_path: Path):
    md = ("<!-- claimx-ignore CX101: checked by the editor -->\n"
          "Magnesium supplements reduce night waking in older adults.\n\n"
          "Research suggests that magnesium may improve sleep quality.\n")
    result = claimx.analyze(md, format="markdown", isolated=True)
    assert [f.code for f in result.findings] == ["CX102"]
    assert claimx.analyze(md, format="markdown", isolated=True, ignore="CX102").findings == ()
    (tmp_path / "accept.txt").write_text("magnesium\n")
    (tmp_path / ".claimx.toml").write_text('[vocab]\naccept = "accept.txt"\n')
    (tmp_path / "a.md").write_text(md)
    assert claimx.analyze(tmp_path / "a.md").findings == ()  # the discovered config's accept list


def test_repeated_selection_options_accumulate(tmp_path: Path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    res = runner.invoke(app, ["check", str(f), "--isolated", "-f", "concise", "--select", "CX101",
                              "--select", "CX102"])
    assert {line.split()[1] for line in res.stdout.splitlines()} == {"CX101", "CX102"}
    one = runner.invoke(app, ["check", str(f), "--isolated", "-f", "concise", "--select", "CX102"])
    assert {line.split()[1] for line in one.stdout.splitlines()} == {"CX102"}


def test_analyze_many_keeps_going_and_applies_the_baseline(tmp_path: Path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.txt").write_text(TEXT)
    (tmp_path / "posts" / "b.md").write_text("Zinc shortens colds.\n")
    result = claimx.analyze_many([tmp_path / "posts", tmp_path / "missing.txt"], isolated=True)
    assert [Path(d.path).name for d in result.documents] == ["a.txt", "b.md", "missing.txt"]
    assert result.errors[0][1] == "no such file" and result.exit_code() == 2
    base = tmp_path / "base.json"
    assert runner.invoke(app, ["check", str(tmp_path / "posts"), "--isolated", "--write-baseline",
                               str(base)]).exit_code == 0
    again = claimx.analyze_many([tmp_path / "posts"], isolated=True, baseline=base)
    assert again.findings == () and again.baselined == len(result.findings) and again.exit_code() == 0
    data = json.loads(again.to_json())
    assert data["schema_version"] >= 2 and len(data["documents"]) == 2


def test_settings_object_is_used_as_is(tmp_path: Path):
    from claimx.config import load_settings

    settings = load_settings(tmp_path, isolated=True, cli_overrides={"ignore": ["CX101"]})
    result = claimx.analyze(TEXT, config=settings)
    assert {f.code for f in result.findings} == {"CX102"}
    with pytest.raises(ValueError):
        claimx.analyze(TEXT, config=settings, select="CX1")
    with pytest.raises(TypeError):
        claimx.analyze(TEXT, config={"isolated": True})  # type: ignore[arg-type]
