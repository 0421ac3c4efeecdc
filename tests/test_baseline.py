"""Baselines: fingerprints, deterministic files, filtering, one-line errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimx.baseline import (
    Baseline,
    BaselineError,
    load_baseline,
    relative_path,
    write_baseline,
)
from claimx.fingerprint import assign_fingerprints, fingerprint, normalise_excerpt
from claimx.records import Finding


def findings_of(path: str, text: str) -> list[Finding]:
    """A stand-in for the check stage: one CX101 finding per line of ``text``, fingerprinted like the check
    stage does (code, sentence, claim key and an occurrence counter)."""
    out = []
    seen: dict[tuple[str, str], int] = {}
    offset = 0
    for lineno, line in enumerate(text.splitlines(), 1):
        if line.strip():
            key = line.split()[0].lower() + "|x"
            n = seen.get((line, key), 0)
            seen[(line, key)] = n + 1
            out.append(Finding("CX101", "unsupported-claim", "warning", f"{line}: no source", path, lineno, 1,
                               offset, offset + len(line), fingerprint=fingerprint("CX101", line, key, n),
                               excerpt=line))
        offset += len(line) + 1
    return out


ARTICLE = "Coffee cures cancer.\nTea lowers blood pressure.\nCoffee cures cancer.\n"


def test_fingerprint_shape_and_stability() -> None:
    fp = fingerprint("CX101", "Coffee cures cancer.", "coffee|cancer", 0)
    assert re.fullmatch(r"[0-9a-f]{16}", fp)
    assert fp == fingerprint("cx101", "  coffee   CURES cancer. ", "Coffee|Cancer", 0)  # normalised
    assert fp != fingerprint("CX102", "Coffee cures cancer.", "coffee|cancer", 0)
    assert fp != fingerprint("CX101", "Coffee cures cancer.", "coffee|cancer", 1)
    assert fp != fingerprint("CX101", "Coffee cures cancer.", "tea|cancer", 0)
    assert fp != fingerprint("CX101", "Coffee cures colds.", "coffee|cancer", 0)
    assert normalise_excerpt(" A\n b ") == "a b"


def test_round_trip_gives_zero_new(tmp_path: Path) -> None:
    findings = findings_of(str(tmp_path / "post.md"), ARTICLE)
    assert len({f.fingerprint for f in findings}) == 3  # the repeated sentence gets its own occurrence
    baseline_path = tmp_path / "claimx-baseline.json"
    assert write_baseline(baseline_path, findings) == 3
    new, absorbed = load_baseline(baseline_path).filter(findings)
    assert new == () and absorbed == 3


def test_edit_elsewhere_keeps_fingerprints(tmp_path: Path) -> None:
    path = str(tmp_path / "post.md")
    baseline_path = tmp_path / "b.json"
    write_baseline(baseline_path, findings_of(path, ARTICLE))
    edited = "# A new heading\n\nAn intro line that moves everything down.\n" + ARTICLE.replace(
        "Tea lowers", "Green tea lowers")
    new, absorbed = load_baseline(baseline_path).filter(findings_of(path, edited))
    assert absorbed == 2  # both coffee sentences still match although their lines moved
    assert sorted(f.excerpt for f in new) == ["# A new heading", "An intro line that moves everything down.",
                                               "Green tea lowers blood pressure."]


def test_new_duplicate_occurrence_is_new(tmp_path: Path) -> None:
    path = str(tmp_path / "post.md")
    baseline_path = tmp_path / "b.json"
    write_baseline(baseline_path, findings_of(path, "Coffee cures cancer.\n"))
    new, absorbed = load_baseline(baseline_path).filter(findings_of(path, "Coffee cures cancer.\n" * 2))
    assert absorbed == 1 and len(new) == 1


def test_file_format_is_deterministic_and_sorted(tmp_path: Path) -> None:
    a = findings_of(str(tmp_path / "docs" / "b.md"), ARTICLE)
    b = findings_of(str(tmp_path / "a.md"), "Sugar causes hyperactivity.\n")
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    write_baseline(first, a + b)
    write_baseline(second, list(reversed(b + a)))
    raw = first.read_bytes()
    assert raw == second.read_bytes()
    assert raw.endswith(b"}\n") and b"\r" not in raw
    data = json.loads(raw)
    assert data["version"] == 1
    assert list(data) == sorted(data)
    entries = data["findings"]
    assert all(set(e) == {"path", "code", "fingerprint", "excerpt"} for e in entries)
    keys = [(e["path"], e["code"], e["fingerprint"], e["excerpt"]) for e in entries]
    assert keys == sorted(keys)
    assert {e["path"] for e in entries} == {"a.md", "docs/b.md"}


def test_paths_relative_to_baseline_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ci").mkdir()
    monkeypatch.chdir(tmp_path)
    findings = findings_of("posts/a.md", "Coffee cures cancer.\n")  # relative to the cwd
    write_baseline(Path("ci") / "baseline.json", findings)
    data = json.loads((tmp_path / "ci" / "baseline.json").read_text())
    assert data["findings"][0]["path"] == "../posts/a.md"
    # the same files seen from another cwd, with absolute paths, still match
    monkeypatch.chdir(tmp_path / "ci")
    new, absorbed = load_baseline("baseline.json").filter(findings_of(str(tmp_path / "posts" / "a.md"),
                                                                        "Coffee cures cancer.\n"))
    assert new == () and absorbed == 1
    assert relative_path("<stdin>", tmp_path) == "<stdin>"


def test_findings_without_fingerprint_get_one(tmp_path: Path) -> None:
    bare = [Finding("CX401", "unresolved-citation", "warning", "citation [7]", "a.md", 1, 30, 29, 32,
                    excerpt="Oat fibre lowers LDL cholesterol [7].")] * 2
    filled = assign_fingerprints(bare)
    assert filled[0].fingerprint and filled[0].fingerprint != filled[1].fingerprint
    write_baseline(tmp_path / "b.json", bare)
    assert load_baseline(tmp_path / "b.json").filter(bare) == ((), 2)


def test_empty_baseline(tmp_path: Path) -> None:
    write_baseline(tmp_path / "b.json", [])
    assert (tmp_path / "b.json").read_text() == '{\n  "findings": [],\n  "version": 1\n}\n'
    baseline = load_baseline(tmp_path / "b.json")
    assert isinstance(baseline, Baseline) and len(baseline) == 0
    findings = findings_of("a.md", "X y.\n")
    assert baseline.filter(findings) == (tuple(findings), 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such baseline file"),
        ("{not json", "not a valid baseline (bad JSON at line 1, column 2"),
        ("[]", "not a valid baseline (expected a JSON object)"),
        ('{"findings": []}', "version: expected 1, got None"),
        ('{"version": 2, "findings": []}', "version: expected 1, got 2"),
        ('{"version": 1}', "findings: expected a list"),
        ('{"version": 1, "findings": [1]}', "findings[0]: expected an object"),
        ('{"version": 1, "findings": [{"path": "a.md", "code": "CX101"}]}',
         "findings[0].fingerprint: expected a non-empty string"),
    ],
)
def test_bad_baseline_one_line_error(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError) as exc:
        load_baseline(path)
    text = str(exc.value)
    assert "\n" not in text
    assert text.startswith(str(path) + ": ")
    assert message in text


def test_write_error_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="cannot write baseline"):
        write_baseline(tmp_path / "missing-folder" / "b.json", [])
