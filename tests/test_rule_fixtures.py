"""Every rule has a fixture (``models/rules/fixtures/CODE.{txt,md,html}`` + ``CODE.expect``) that triggers it.

Content rules are checked end to end through ``claimx.pipeline.check_text`` (skipped while the pipeline is not
importable); the suppression rules CX901/CX902 through the reader and ``suppress.apply_suppressions``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimx.paths import model_path
from claimx.records import Finding
from claimx.rules import all_codes, all_rules
from claimx.suppress import SUPPRESSION_CODES, apply_suppressions, parse_directives

FIXTURES = model_path("rules", "fixtures")
FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".txt": "text"}


def fixture_of(code: str) -> Path | None:
    found = sorted(p for p in FIXTURES.glob(f"{code}.*") if p.suffix in FORMATS)
    return found[0] if found else None


def expected_codes(code: str) -> set[str]:
    path = FIXTURES / f"{code}.expect"
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")}


CODES = [r.code for r in all_rules() if fixture_of(r.code) is not None]
CONTENT_CODES = [c for c in CODES if c not in SUPPRESSION_CODES]


def pipeline_findings(path: Path) -> tuple[Finding, ...] | None:
    try:
        from claimx.pipeline import check_text
    except ImportError:
        return None
    result = check_text(path.read_text(encoding="utf-8"), path=path.name, fmt=FORMATS[path.suffix])
    assert result.error is None, result.error
    return result.findings


def test_every_rule_has_a_fixture_and_expect_file() -> None:
    assert list(all_codes()) == CODES
    for code in CODES:
        assert (FIXTURES / f"{code}.expect").is_file(), code
        assert code in expected_codes(code), f"{code}.expect must list {code}"


def test_expect_files_name_known_codes() -> None:
    known = set(all_codes())
    for path in sorted(FIXTURES.glob("*.expect")):
        assert path.stem in known, path.name
        assert expected_codes(path.stem) <= known, path.name


def test_cx401_fixture_shape() -> None:
    text = (FIXTURES / "CX401.txt").read_text(encoding="utf-8")
    assert "[7]" in text
    refs = text.split("References", 1)[1]
    assert [line.split(".")[0] for line in refs.splitlines() if line[:1].isdigit()] == ["1", "2"]


@pytest.mark.parametrize("code", CONTENT_CODES)
def test_fixture_triggers_rule(code: str) -> None:
    path = fixture_of(code)
    assert path is not None
    findings = pipeline_findings(path)
    if findings is None:
        pytest.skip("claimx.pipeline.check_text is not available yet")
    codes = {f.code for f in findings}
    want = expected_codes(code)
    assert want <= codes, f"{path.name}: expected {sorted(want)}, got {sorted(codes)}"


@pytest.mark.parametrize("code", sorted(SUPPRESSION_CODES & set(CODES)))
def test_suppression_fixture_triggers_rule(code: str) -> None:
    read = pytest.importorskip("claimx.read")
    segment = pytest.importorskip("claimx.segment")
    path = fixture_of(code)
    assert path is not None
    doc = read.read_text(path.read_text(encoding="utf-8"), path.name, FORMATS[path.suffix])
    content = [f for f in (pipeline_findings(path) or ()) if f.code not in SUPPRESSION_CODES]
    kept, extra = apply_suppressions(content, parse_directives(doc.comments), segment.segment(doc), path.name)
    codes = {f.code for f in (*kept, *extra)}
    want = expected_codes(code)
    assert want <= codes, f"{path.name}: expected {sorted(want)}, got {sorted(codes)}"
