from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx.cli import app

runner = CliRunner()
ARTICLE = (
    "Magnesium and Sleep\n"
    "Magnesium supplements reduced night waking in older adults, according to a trial in the BMJ.\n"
    "Research suggests that magnesium may improve sleep quality.\n"
)


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    p = tmp_path / "article.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def test_json_output_has_the_documented_contract(article: Path):
    res = run("check", str(article), "--format", "json", "--isolated")
    assert res.exit_code == 1, res.output
    data = json.loads(res.stdout)
    assert data["schema_version"] >= 1
    doc = data["documents"][0]
    assert doc["path"] == str(article) and doc["error"] is None
    assert doc["claims"], "expected claims"
    claim = doc["claims"][0]
    for key in ("id", "sentence", "start", "end", "line", "column", "intervention", "outcome", "direction",
                "hedged", "negated", "support", "sources", "flags", "strength"):
        assert key in claim
    assert claim["line"] == 2 and claim["column"] == 1
    assert "contradictions" in doc


def test_missing_file_is_a_one_line_error_and_other_files_still_run(article: Path, tmp_path: Path):
    res = run("check", str(tmp_path / "nope.txt"), str(article), "--format", "json", "--isolated")
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    assert res.stderr.strip().count("\n") == 0 and "nope.txt" in res.stderr and "no such file" in res.stderr
    docs = json.loads(res.stdout)["documents"]
    assert docs[0]["error"] and docs[1]["claims"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"), (b"caf\xe9 au lait is good.\n", "not valid UTF-8")],
)
def test_bad_bytes_are_reported(tmp_path: Path, content: bytes, needle: str):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    res = run("check", str(p), "--isolated")
    assert res.exit_code == 2
    assert needle in res.stderr and "bad.txt" in res.stderr and "Traceback" not in res.output


def test_unreadable_file(tmp_path: Path, monkeypatch):
    p = tmp_path / "locked.txt"
    p.write_text("x")
    original = Path.open

    def deny(self, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    res = run("check", str(p), "--isolated")
    assert res.exit_code == 2 and "Permission denied" in res.stderr


def test_directory_without_articles(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "data.bin").write_bytes(b"x")
    res = run("check", str(tmp_path / "empty"), "--isolated")
    assert res.exit_code == 2 and "no articles" in res.stderr


def test_directory_is_walked_recursively(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.md").write_text("# T\n\nMagnesium reduced night waking.\n")
    (tmp_path / "a" / "skip.png").write_bytes(b"\x00")
    res = run("check", str(tmp_path / "a"), "--format", "json", "--isolated")
    paths = [d["path"] for d in json.loads(res.stdout)["documents"]]
    assert paths == [str(tmp_path / "a" / "b" / "deep.md")]


def test_empty_file_is_not_an_error(tmp_path: Path):
    p = tmp_path / "empty.txt"
    p.write_text("")
    res = run("check", str(p), "--format", "json", "--isolated")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["documents"][0]["claims"] == []


def test_unknown_option_value_exits_2(article: Path):
    res = run("check", str(article), "--format", "xml")
    assert res.exit_code == 2 and "Traceback" not in res.output


def test_oversized_file_is_refused_with_the_limit(tmp_path: Path):
    p = tmp_path / "big.txt"
    p.write_text("Magnesium reduced night waking. " * 40_000)
    res = run("check", str(p), "--max-size", "1", "--isolated")
    assert res.exit_code == 2 and "limit" in res.stderr and "--max-size" in res.stderr


def test_stdin_with_filename_uses_its_format():
    md = "# Title\n\nMagnesium **reduced** night waking in adults.\n"
    res = run("check", "-", "--stdin-filename", "post.md", "--format", "json", "--isolated", input=md)
    doc = json.loads(res.stdout)["documents"][0]
    assert doc["path"] == "post.md" and doc["format"] == "markdown"
    assert doc["claims"][0]["sentence"] == "Magnesium reduced night waking in adults."


def test_csv_is_stable_and_spreadsheet_safe(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text("=HYPERLINK(1) aside, magnesium reduced night waking in adults.\n")
    res = run("check", str(p), "--format", "csv", "--isolated")
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert rows[0][:4] == ["path", "claim_id", "line", "column"]
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)
    assert any(cell.startswith("'=") for row in rows[1:] for cell in row)


def test_output_is_deterministic_and_input_untouched(article: Path, tmp_path: Path):
    before = article.read_bytes()
    outs = [run("check", str(article), "--format", fmt, "--isolated").stdout for fmt in ("json", "json")]
    assert outs[0] == outs[1]
    table = [run("check", str(article), "--isolated").stdout for _ in range(2)]
    assert table[0] == table[1] and "\x1b[" not in table[0]
    assert article.read_bytes() == before


def test_fail_on_and_exit_zero(article: Path):
    assert run("check", str(article), "--fail-on", "never", "--isolated").exit_code == 0
    assert run("check", str(article), "--exit-zero", "--isolated").exit_code == 0
    assert run("check", str(article), "--isolated").exit_code == 1


def test_output_file(article: Path, tmp_path: Path):
    out = tmp_path / "report.json"
    res = run("check", str(article), "--format", "json", "-o", str(out), "--isolated")
    assert res.stdout == "" and json.loads(out.read_text())["documents"]


def test_rule_and_rules_commands():
    res = run("rule", "CX102")
    assert res.exit_code == 0 and "vague" in res.stdout.lower()
    assert run("rule", "CX999").exit_code == 2
    listing = run("rules").stdout
    assert "CX101" in listing and "CX201" in listing


def test_output_into_missing_folder_fails_before_checking(article: Path, tmp_path: Path):
    res = run("check", str(article), "-o", str(tmp_path / "missing" / "out.json"), "--isolated")
    assert res.exit_code == 2 and "does not exist" in res.stderr and res.stdout == ""


def test_stdin_only_once():
    res = run("check", "-", "-", input="x")
    assert res.exit_code == 2 and "only once" in res.stderr


def test_text_is_the_table_format(article: Path):
    assert run("check", str(article), "--format", "text", "--isolated").stdout == \
        run("check", str(article), "--format", "table", "--isolated").stdout
