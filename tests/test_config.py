"""Configuration discovery, validation, vocabularies and ``claimx config`` output."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimx.config import (
    DEFAULT_EXCLUDE,
    ConfigError,
    Settings,
    accept_matcher,
    claim_accepted,
    drop_accepted,
    find_config,
    format_settings,
    is_excluded,
    load_settings,
    load_vocab_terms,
)
from claimx.records import Claim, Finding


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """root/ with all three config kinds; root/sub/ with only a pyproject.toml without [tool.claimx]."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "root"
    write(root / ".claimx.toml", 'fail-on = "error"\n')
    write(root / "claimx.toml", 'fail-on = "info"\n')
    write(root / "pyproject.toml", '[tool.claimx]\nfail-on = "never"\n')
    write(root / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    write(root / "sub" / "post.md", "# Post\n")
    return root


# ------------------------------------------------------------------------------------------- discovery


def test_precedence_within_a_folder(tree: Path) -> None:
    assert find_config(tree / "sub" / "post.md") == tree / ".claimx.toml"
    assert load_settings(tree / "post.md").fail_on == "error"
    (tree / ".claimx.toml").unlink()
    assert load_settings(tree / "post.md").fail_on == "info"
    (tree / "claimx.toml").unlink()
    settings = load_settings(tree / "post.md")
    assert settings.fail_on == "never"
    assert settings.config_path == tree / "pyproject.toml"


def test_pyproject_without_table_is_skipped(tree: Path) -> None:
    settings = load_settings(tree / "sub" / "post.md")
    assert settings.config_path == tree / ".claimx.toml"
    assert settings.origins["fail-on"] == "root/.claimx.toml"


def test_closest_folder_wins_without_merging(tree: Path) -> None:
    write(tree / "sub" / "claimx.toml", 'ignore = ["CX103"]\n')
    settings = load_settings(tree / "sub" / "post.md")
    assert settings.config_path == tree / "sub" / "claimx.toml"
    assert settings.ignore == ("CX103",)
    assert settings.fail_on == "warning"  # the default: nothing merged from root/.claimx.toml
    assert settings.origins["fail-on"] == "default"


def test_directory_argument_starts_in_that_directory(tree: Path) -> None:
    write(tree / "sub" / ".claimx.toml", 'format = "concise"\n')
    assert load_settings(tree / "sub").format == "concise"


def test_stdin_uses_cwd(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree / "sub")
    assert load_settings("-").fail_on == "error"
    assert load_settings(None).config_path == tree / ".claimx.toml"


def test_no_config_gives_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(tmp_path / "a.md", isolated=True)
    assert settings == Settings(root=settings.root, origins=settings.origins)
    assert set(settings.origins.values()) == {"default"}
    assert settings.selection.enabled("CX101")


def test_explicit_config_overrides_discovery(tree: Path, tmp_path: Path) -> None:
    other = write(tmp_path / "elsewhere" / "strict.toml", 'fail-on = "info"\nselect = ["CX2"]\n')
    settings = load_settings(tree / "post.md", config=other)
    assert settings.fail_on == "info"
    assert settings.config_path == other
    assert settings.selection.enabled_codes == ("CX201",)


def test_explicit_pyproject_uses_tool_table(tree: Path) -> None:
    assert load_settings("x.md", config=tree / "pyproject.toml").fail_on == "never"
    with pytest.raises(ConfigError, match=r"no \[tool.claimx\] table"):
        load_settings("x.md", config=tree / "sub" / "pyproject.toml")


def test_explicit_config_missing(tree: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml: no such file"):
        load_settings("x.md", config=tree / "nope.toml")


def test_isolated_ignores_config(tree: Path) -> None:
    settings = load_settings(tree / "post.md", isolated=True)
    assert settings.config_path is None
    assert settings.fail_on == "warning"
    with pytest.raises(ConfigError, match="--config and --isolated"):
        load_settings(tree / "post.md", config=tree / "claimx.toml", isolated=True)


def test_command_line_overrides(tree: Path) -> None:
    write(tree / ".claimx.toml", 'fail-on = "error"\nignore = ["CX101"]\nformat = "json"\n')
    settings = load_settings(
        tree / "post.md",
        cli_overrides={"fail_on": "info", "format": None, "ignore": ["CX102"], "extend-select": []},
    )
    assert settings.fail_on == "info"
    assert settings.origins["fail-on"] == "command line"
    assert settings.format == "json"
    assert settings.origins["format"] == "root/.claimx.toml"
    assert settings.ignore == ("CX101", "CX102")
    assert settings.origins["ignore"] == "root/.claimx.toml + command line"
    assert not settings.selection.enabled("CX101") and not settings.selection.enabled("CX102")


def test_command_line_select_starts_afresh(tree: Path) -> None:
    write(tree / ".claimx.toml", 'ignore = ["CX101"]\n')
    settings = load_settings(tree / "post.md", cli_overrides={"select": ["CX101,CX102"]})
    assert settings.select == ("CX101", "CX102")
    assert settings.selection.enabled_codes == ("CX101", "CX102")


def test_command_line_errors(tree: Path) -> None:
    with pytest.raises(ConfigError, match="command line: --fail-on: expected one of"):
        load_settings(tree / "post.md", cli_overrides={"fail_on": "warn"})
    with pytest.raises(ConfigError, match="command line: --select: unknown rule code or prefix 'CX5'"):
        load_settings(tree / "post.md", cli_overrides={"select": ["CX5"]})


def test_severity_table(tree: Path) -> None:
    write(tree / ".claimx.toml", '[severity]\nCX103 = "warning"\nCX2 = "warning"\n')
    settings = load_settings(tree / "post.md")
    assert settings.severity == {"CX103": "warning", "CX2": "warning"}
    assert settings.selection.severity("CX103") == "warning"
    assert settings.selection.severity("CX201") == "warning"
    assert settings.selection.severity("CX101") == "warning"
    assert settings.selection.severity("CX902") == "error"


# ------------------------------------------------------------------------------------------- invalid


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('fail-on = "warn"\n',
         "claimx.toml: fail-on: expected one of error, warning, info, never, got 'warn'"),
        ("fail-on = \n", "claimx.toml: invalid TOML: "),
        ('fail_on = "error"\n', "claimx.toml: fail_on: unknown key (did you mean 'fail-on'?)"),
        ('colour = "red"\n', "claimx.toml: colour: unknown key (expected one of select, "),
        ('select = "CX1"\n', "claimx.toml: select: expected a list of strings, got a string"),
        ("ignore = [1]\n", "claimx.toml: ignore: expected a list of strings, got a list"),
        ('select = ["CX999"]\n', "claimx.toml: select: unknown rule code or prefix 'CX999'"),
        ('extend-select = ["XX"]\n', "claimx.toml: extend-select: unknown rule code or prefix 'XX'"),
        ('format = "xml"\n',
         "claimx.toml: format: expected one of text, table, concise, json, jsonl, csv, tsv, html, xlsx, github, sarif"),
        ('severity = "high"\n', "claimx.toml: severity: expected a table"),
        ('[severity]\nCX101 = "fatal"\n',
         "claimx.toml: severity.CX101: expected one of error, warning, info"),
        ('[severity]\nCX777 = "error"\n',
         "claimx.toml: severity.CX777: unknown rule code or prefix 'CX777'"),
        ("exclude = 3\n", "claimx.toml: exclude: expected a list of strings, got an integer"),
        ('[vocab]\nwords = "a.txt"\n', "claimx.toml: vocab.words: unknown key"),
        ('[vocab]\noutcomes = "missing.txt"\n', "claimx.toml: vocab.outcomes: no such file 'missing.txt'"),
        ("vocab = 1\n", "claimx.toml: vocab: expected a table, got an integer"),
    ],
)
def test_invalid_config_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str,
                                       message: str) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "claimx.toml", text)
    with pytest.raises(ConfigError) as exc:
        load_settings(tmp_path / "post.md")
    assert str(exc.value).startswith(message)
    assert "\n" not in str(exc.value)


def test_invalid_pyproject_names_tool_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "pyproject.toml", '[tool.claimx]\nfail-on = 3\n')
    with pytest.raises(ConfigError, match=r"^pyproject.toml: tool.claimx.fail-on: expected one of .* got 3$"):
        load_settings(tmp_path / "post.md")
    write(tmp_path / "pyproject.toml", "[tool]\nclaimx = 1\n")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: tool\.claimx: expected a table"):
        load_settings(tmp_path / "post.md")


def test_invalid_accept_regex(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "accept.txt", "/(unclosed/\n")
    write(tmp_path / "claimx.toml", '[vocab]\naccept = "accept.txt"\n')
    with pytest.raises(ConfigError, match=r"^claimx.toml: vocab.accept: invalid regular expression"):
        load_settings(tmp_path / "post.md")


def test_invalid_sources_tsv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "sources.tsv", "# my sources\nname\tidentifier\n")
    write(tmp_path / "claimx.toml", '[vocab]\nsources = "sources.tsv"\n')
    with pytest.raises(ConfigError, match=r"^claimx.toml: vocab.sources: line 2: the header line lacks"):
        load_settings(tmp_path / "post.md")


# ------------------------------------------------------------------------------------------- vocab


def test_vocab_paths_relative_to_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    write(project / "vocab" / "interventions.txt",
          "# my interventions\nashwagandha\nlion's mane  # a mushroom\n")
    write(project / "vocab" / "outcomes.txt", "brain fog\n")
    write(project / "vocab" / "sources.tsv",
          "# user registry\ncanonical\tkind\tidentifier\taliases\nSleep Lab\torganization\t\tSL|The Lab\n")
    write(project / "vocab" / "accept.txt", "placebo\n/omega-?3/\n")
    write(project / "pyproject.toml", """
[tool.claimx]
select = ["CX1", "CX2"]

[tool.claimx.vocab]
interventions = "vocab/interventions.txt"
outcomes = ["vocab/outcomes.txt"]
sources = "vocab/sources.tsv"
accept = "vocab/accept.txt"
""")
    monkeypatch.chdir(tmp_path)  # not the project folder: paths must still resolve
    settings = load_settings(project / "docs" / "post.md")
    assert settings.vocab_interventions == (project / "vocab" / "interventions.txt",)
    assert settings.vocab_outcomes == (project / "vocab" / "outcomes.txt",)
    assert settings.vocab_sources == (project / "vocab" / "sources.tsv",)
    assert settings.accept_terms == ("placebo", "/omega-?3/")
    assert settings.origins["vocab.accept"] == "project/pyproject.toml"
    assert load_vocab_terms(settings.vocab_interventions[0]) == ("ashwagandha", "lion's mane")
    claim = Claim("c1", 0, "Omega3 capsules lowered triglycerides.", 0, 10, "omega3 capsules",
                  "triglycerides", "decrease")
    assert settings.is_accepted(claim)


def test_load_vocab_terms(tmp_path: Path) -> None:
    path = write(tmp_path / "t.txt", "\ufeff# comment\n\nvitamin D\n  vitamin D \nzinc # inline\n/a#b/\n")
    assert load_vocab_terms(path) == ("vitamin D", "zinc", "/a#b/")
    with pytest.raises(ConfigError, match="no such file"):
        load_vocab_terms(tmp_path / "missing.txt")


def test_accept_matcher() -> None:
    match = accept_matcher(["vitamin D", "/omega-?3/", "St. John's wort"])
    assert match("Vitamin  D supplements")
    assert not match("vitamin D3 supplements")  # whole words only
    assert match("OMEGA-3")
    assert match("st. john's wort tea")
    assert not match("")
    assert not accept_matcher([])("anything")
    with pytest.raises(ValueError, match="invalid regular expression"):
        accept_matcher(["/[/"])


def test_claim_accepted_checks_intervention_outcome_sentence() -> None:
    claim = Claim("c1", 0, "Melatonin shortened sleep onset in shift workers.", 0, 40, "melatonin",
                  "sleep onset", "decrease")
    assert claim_accepted(claim, accept_matcher(["melatonin"]))
    assert claim_accepted(claim, accept_matcher(["sleep onset"]))
    assert claim_accepted(claim, accept_matcher(["shift workers"]))
    assert not claim_accepted(claim, accept_matcher(["caffeine"]))


def test_drop_accepted() -> None:
    claims = [Claim("c1", 0, "Melatonin shortens sleep onset.", 0, 30, "melatonin", "sleep onset",
                    "decrease"),
              Claim("c2", 1, "Zinc cures colds.", 31, 48, "zinc", "colds", "decrease")]

    def f(code: str, claim_id: str | None) -> Finding:
        return Finding(code, "n", "warning", "m", "a.md", 1, 1, 0, 1, claim_id=claim_id)

    findings = [f("CX101", "c1"), f("CX301", "c2"), f("CX401", None)]
    kept = drop_accepted(findings, claims, accept_matcher(["melatonin"]))
    assert [(x.code, x.claim_id) for x in kept] == [("CX301", "c2"), ("CX401", None)]
    assert Settings(accept_terms=("zinc",)).drop_accepted(findings, claims) == (findings[0], findings[2])


# ------------------------------------------------------------------------------------------- exclude


def test_exclude(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "claimx.toml", 'exclude = ["drafts", "archive/2019/*", "*.tmp.md"]\n')
    settings = load_settings(tmp_path / "x.md")
    assert settings.exclude[: len(DEFAULT_EXCLUDE)] == DEFAULT_EXCLUDE
    assert settings.is_excluded(tmp_path / "drafts" / "a.md")
    assert settings.is_excluded(tmp_path / "posts" / "drafts")
    assert settings.is_excluded(tmp_path / "archive" / "2019" / "a.md")
    assert not settings.is_excluded(tmp_path / "archive" / "2020" / "a.md")
    assert settings.is_excluded("notes.tmp.md")
    assert settings.is_excluded(tmp_path / "node_modules" / "pkg" / "README.md")
    assert not settings.is_excluded(tmp_path / "posts" / "a.md")
    assert is_excluded("a/b/c.md", ["a/b"], tmp_path)


# ------------------------------------------------------------------------------------------- reporting


def test_format_settings(tree: Path) -> None:
    write(tree / ".claimx.toml", 'select = ["CX1"]\n[severity]\nCX103 = "warning"\n')
    settings = load_settings(tree / "post.md", cli_overrides={"fail_on": "error"})
    text = format_settings(settings)
    assert text == format_settings(settings)  # deterministic
    lines = text.splitlines()
    assert lines[0] == "# config file: root/.claimx.toml"
    by_key = {line.split(" = ")[0]: line for line in lines if " = " in line}
    assert by_key["select"].startswith('select = ["CX1"]')
    assert by_key["select"].endswith("# root/.claimx.toml")
    assert by_key["fail-on"].endswith("# command line")
    assert by_key["format"].endswith("# default")
    assert 'CX103 = "warning"' in by_key["severity"]
    assert lines[-1] == "# enabled rules: CX101 CX102 CX103"
    assert set(by_key) >= {"select", "extend-select", "ignore", "severity", "fail-on", "format", "exclude",
                           "vocab.interventions", "vocab.outcomes", "vocab.sources", "vocab.accept"}
