"""CI formats: concise, GitHub annotations, SARIF 2.1.0 (hand-checked against the schema), statistics."""

from __future__ import annotations

import json
import re

from claimx.records import Block, Claim, Document, DocumentResult, Finding
from claimx.render_ci import (
    escape_data,
    escape_property,
    render_concise,
    render_count_summary,
    render_github,
    render_sarif,
    render_statistics,
)
from claimx.rules import all_rules, get_rule

TEXT = "Coffee cures cancer. Tea lowers blood pressure.\nCoffee does not cure cancer.\n"


def document(path: str) -> Document:
    return Document(path, "text", TEXT, (Block(0, 47, "paragraph"), Block(48, 76, "paragraph")),
                    line_starts=(0, 48, 77))


def finding(code: str, path: str, start: int, end: int, message: str = "", **kw: object) -> Finding:
    doc = document(path)
    line, col = doc.position(start)
    rule = get_rule(code)
    return Finding(code, rule.name, kw.pop("severity", rule.severity), message or rule.message, path,  # type: ignore[arg-type]
                   line, col, start, end, **kw)  # type: ignore[arg-type]


def results() -> list[DocumentResult]:
    claims = (
        Claim("c1", 0, "Coffee cures cancer.", 0, 20, "coffee", "cancer", "decrease"),
        Claim("c3", 2, "Coffee does not cure cancer.", 48, 76, "coffee", "cancer", "no_change", negated=True),
    )
    b = DocumentResult(
        "posts/b, c.md",
        document=document("posts/b, c.md"),
        claims=claims,
        findings=(
            finding("CX201", "posts/b, c.md", 48, 76, "coffee → cancer = conflicts with coffee → cancer ↓",
                    claim_id="c3", related=("c1",), fingerprint="00000000000000c3"),
            finding("CX201", "posts/b, c.md", 0, 20, "coffee → cancer ↓ conflicts with coffee → cancer =",
                    claim_id="c1", related=("c3",), fingerprint="00000000000000c1"),
            finding("CX101", "posts/b, c.md", 0, 20, "coffee → cancer ↓: no source: 100%\nsure",
                    fingerprint="00000000000000a1"),
            finding("CX103", "posts/b, c.md", 21, 47, "tea: names WHO, but: no work",
                    fingerprint="0000000000000103"),
        ),
    )
    a = DocumentResult(
        "a.md", document=document("a.md"),
        findings=(finding("CX301", "a.md", 21, 47, "tea → blood pressure ↓: overclaim", severity="error"),),
    )
    broken = DocumentResult("missing.md", error="cannot read file:\nNo such file or directory")
    return [b, a, broken]


# ------------------------------------------------------------------------------------------------ concise


def test_concise_lines_sorted() -> None:
    out = render_concise(results())
    assert out.endswith("\n")
    lines = out.splitlines()
    assert lines[0] == "missing.md: error: cannot read file: No such file or directory"
    body = lines[1:]
    pattern = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>CX\d{3}) (?P<msg>.+)$")
    parsed = [pattern.match(line) for line in body]
    assert all(parsed), body
    keys = [(m["path"], int(m["line"]), int(m["col"]), m["code"]) for m in parsed if m]
    assert keys == sorted(keys)
    assert body[0] == "a.md:1:22: CX301 tea → blood pressure ↓: overclaim"
    assert body[1] == "posts/b, c.md:1:1: CX101 coffee → cancer ↓: no source: 100% sure"
    assert body[2].startswith("posts/b, c.md:1:1: CX201 ")
    assert body[-1].startswith("posts/b, c.md:2:1: CX201 ")
    assert render_concise(results()) == out
    assert render_concise([]) == ""


# ------------------------------------------------------------------------------------------------- GitHub

GITHUB_LINE = re.compile(
    r"^::(?P<level>error|warning|notice) (?P<props>[^:\r\n]*)::(?P<msg>[^\r\n]*)$"
)
PROPERTY = re.compile(r"^(file|line|col|endLine|endColumn|title)=[^,:\r\n]*$")


def test_github_annotation_syntax() -> None:
    out = render_github(results())
    lines = out.splitlines()
    assert len(lines) == 6
    for line in lines:
        m = GITHUB_LINE.match(line)
        assert m, line
        for prop in m["props"].split(","):
            assert PROPERTY.match(prop), prop
    first = GITHUB_LINE.match(lines[0])
    assert first and first["level"] == "error" and "file=missing.md" in first["props"]
    assert first["msg"] == "cannot read file: No such file or directory"


def test_github_levels_and_escaping() -> None:
    lines = render_github(results()).splitlines()
    cx301 = next(line for line in lines if "CX301" in line)
    assert cx301 == ("::error file=a.md,line=1,col=22,endLine=1,endColumn=48,"
                     "title=CX301 overclaim::tea → blood pressure ↓: overclaim")
    cx101 = next(line for line in lines if "CX101" in line)
    assert cx101.startswith("::warning file=posts/b%2C c.md,line=1,col=1,")
    assert cx101.endswith("::coffee → cancer ↓: no source: 100%25 sure")
    cx103 = next(line for line in lines if "CX103" in line)
    assert cx103.startswith("::notice ")
    assert "title=CX103 uncited-named-source::" in cx103


def test_escape_functions() -> None:
    assert escape_data("100%\r\nnext: a, b") == "100%25%0D%0Anext: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


# -------------------------------------------------------------------------------------------------- SARIF


def test_sarif_required_structure() -> None:
    rules = all_rules()
    out = render_sarif(results(), rules)
    assert out.endswith("}\n")
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    assert log["$schema"].startswith("https://") and "sarif" in log["$schema"]
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "claimx"
    assert isinstance(driver["version"], str) and driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    assert ids == [r.code for r in rules]
    for descriptor in driver["rules"]:
        rule = get_rule(descriptor["id"])
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"]
        assert descriptor["fullDescription"]["text"]
        assert descriptor["help"]["text"].startswith(rule.code)
        assert descriptor["defaultConfiguration"]["level"] in {"none", "note", "warning", "error"}
    assert [r["id"] for r in driver["rules"] if r["defaultConfiguration"]["level"] == "note"] == ["CX103"]

    artifacts = [a["location"]["uri"] for a in run["artifacts"]]
    assert artifacts == ["a.md", "missing.md", "posts/b%2C%20c.md"]

    assert len(run["results"]) == 5
    for result in run["results"]:
        assert re.fullmatch(r"CX\d{3}", result["ruleId"])
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"none", "note", "warning", "error"}
        assert isinstance(result["message"]["text"], str) and result["message"]["text"]
        assert "\n" not in result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert run["artifacts"][location["artifactLocation"]["index"]]["location"]["uri"] == uri
        region = location["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        if "endLine" in region:
            assert (region["endLine"], region["endColumn"]) > (region["startLine"], region["startColumn"])
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"CX101": "warning", "CX103": "note", "CX201": "error", "CX301": "error"}


def test_sarif_results_fingerprints_related_and_errors() -> None:
    run = json.loads(render_sarif(results(), all_rules()))["runs"][0]
    first = run["results"][0]
    assert first["ruleId"] == "CX301"
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1, "startColumn": 22, "endLine": 1, "endColumn": 48}
    cx201 = [r for r in run["results"] if r["ruleId"] == "CX201"]
    assert [r["partialFingerprints"] for r in cx201] == [{"claimxFingerprint/v1": "00000000000000c1"},
                                                        {"claimxFingerprint/v1": "00000000000000c3"}]
    related = cx201[0]["relatedLocations"][0]
    assert related["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 1}
    assert related["message"]["text"] == "Coffee does not cure cancer."
    assert "partialFingerprints" not in first  # the finding had none
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    note = invocation["toolExecutionNotifications"][0]
    assert note["level"] == "error"
    assert note["message"]["text"] == "cannot read file: No such file or directory"


def test_sarif_rule_index_with_a_subset_of_rules() -> None:
    subset = [get_rule("CX301"), get_rule("CX101")]
    run = json.loads(render_sarif(results(), subset))["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids == ["CX101", "CX103", "CX201", "CX301"]  # rules of reported findings are added, sorted
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]


def test_sarif_deterministic_sorted_keys_and_empty_run() -> None:
    out = render_sarif(results(), all_rules())
    assert out == render_sarif(list(reversed(results())), all_rules())
    assert out == json.dumps(json.loads(out), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    empty = json.loads(render_sarif([], all_rules()))
    assert empty["runs"][0]["results"] == [] and empty["runs"][0]["artifacts"] == []
    assert empty["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_sarif_absolute_path_is_file_uri() -> None:
    r = DocumentResult("/tmp/x y.md", findings=(finding("CX101", "/tmp/x y.md", 0, 20),))
    run = json.loads(render_sarif([r], all_rules()))["runs"][0]
    assert run["artifacts"][0]["location"]["uri"] == "file:///tmp/x%20y.md"
    # without a document there is no end position, but the start is still there
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 1}


# --------------------------------------------------------------------------------------------- statistics


def test_statistics() -> None:
    out = render_statistics(results())
    assert out.splitlines() == [
        "2\tCX201\tcontradictory-claims",
        "1\tCX101\tunsupported-claim",
        "1\tCX103\tuncited-named-source",
        "1\tCX301\toverclaim",
    ]
    assert render_statistics([]) == ""


def test_statistics_alignment() -> None:
    many = DocumentResult("a.md", findings=(*[finding("CX101", "a.md", 0, 20)] * 12,
                                            finding("CX102", "a.md", 0, 20)))
    assert render_statistics([many]).splitlines() == ["12\tCX101\tunsupported-claim",
                                                      " 1\tCX102\tvague-attribution"]


def test_count_summary() -> None:
    all_findings = [f for r in results() for f in r.findings]
    assert render_count_summary(all_findings) == "Found 5 findings (3 errors, 1 warning, 1 info)."
    assert render_count_summary([]) == "All checks passed!"
