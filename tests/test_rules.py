"""Rules as data, rule selection (ruff semantics) and the exit-code policy."""

from __future__ import annotations

import re

import pytest
import yaml

from claimx.paths import model_path
from claimx.policy import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, exit_code, fails
from claimx.records import Finding
from claimx.rules import (
    Rule,
    RuleSelection,
    all_rules,
    get_rule,
    normalise_selector,
    render_rule_doc,
)

EXPECTED = {
    "CX101": ("unsupported-claim", "warning", "unsupported"),
    "CX102": ("vague-attribution", "warning", "unsupported"),
    "CX103": ("uncited-named-source", "info", "unsupported"),
    "CX201": ("contradictory-claims", "error", "contradictory"),
    "CX301": ("overclaim", "warning", "overclaim"),
    "CX401": ("unresolved-citation", "warning", None),
    "CX901": ("unused-suppression", "warning", None),
    "CX902": ("invalid-suppression", "error", None),
}


def finding(code: str, severity: str = "warning") -> Finding:
    return Finding(code, get_rule(code).name, severity, "m", "a.md", 1, 1, 0, 1)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------- rule files


def test_all_rules_sorted_and_complete() -> None:
    rules = all_rules()
    assert [r.code for r in rules] == sorted(EXPECTED)
    assert all_rules() is rules  # cached
    for rule in rules:
        assert (rule.name, rule.severity, rule.flag) == EXPECTED[rule.code]


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_rule_file_shape(code: str) -> None:
    path = model_path("rules", f"{code}.yaml")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# claimx rule documentation"), "header comment line"
    data = yaml.safe_load(text)
    assert set(data) == {"code", "name", "severity", "flag", "message", "short", "what", "why", "example", "instead"}
    rule = get_rule(code)
    assert "\n" not in rule.message
    assert rule.placeholders, "the message is a template"
    for part in (rule.what, rule.why, rule.example, rule.instead):
        assert part.strip()


def test_rule_is_frozen() -> None:
    rule = get_rule("CX101")
    with pytest.raises(AttributeError):
        rule.code = "CX999"  # type: ignore[misc]


def test_get_rule_case_insensitive_and_unknown() -> None:
    assert get_rule("cx102").code == "CX102"
    with pytest.raises(KeyError) as exc:
        get_rule("CX999")
    assert "CX999" in str(exc.value)
    assert "\n" not in str(exc.value)


def test_format_message_fills_placeholders_and_keeps_unknown() -> None:
    rule = get_rule("CX102")
    msg = rule.format_message(claim="green tea → weight ↓", mention="research suggests")
    assert msg == "green tea → weight ↓: vague attribution 'research suggests' does not identify a work"
    assert get_rule("CX401").format_message() == "citation {marker} matches no entry of the reference list"
    assert "\n" not in rule.format_message(claim="a\nb", mention="x")


def test_render_rule_doc_has_four_parts() -> None:
    doc = render_rule_doc(get_rule("CX301"))
    assert doc.splitlines()[0].startswith("CX301 overclaim (default severity: warning")
    titles = ("What it does", "Why it matters", "Example", "Instead")
    positions = [doc.index(f"\n{title}\n") for title in titles]
    assert positions == sorted(positions)
    assert doc.endswith("\n")
    assert render_rule_doc(get_rule("CX301")) == doc  # deterministic


def test_short_description_is_first_sentence() -> None:
    rule = Rule("CX000", "x", "info", None, "m", "Does a thing. And more.", "w", "e", "i")
    assert rule.short_description == "Does a thing."


# ------------------------------------------------------------------------------------------- selection


def test_default_selects_all() -> None:
    sel = RuleSelection()
    assert sel.enabled_codes == tuple(sorted(EXPECTED))
    assert sel.severity("CX103") == "info"


@pytest.mark.parametrize(
    ("select", "ignore", "extend", "enabled"),
    [
        (None, (), (), set(EXPECTED)),
        (["CX1"], (), (), {"CX101", "CX102", "CX103"}),
        (["CX101"], (), (), {"CX101"}),
        (["CX1"], ["CX103"], (), {"CX101", "CX102"}),
        (["CX"], ["CX1"], (), {"CX201", "CX301", "CX401", "CX901", "CX902"}),
        (["ALL"], ["CX9"], (), {"CX101", "CX102", "CX103", "CX201", "CX301", "CX401"}),
        (["CX101"], ["CX1"], (), {"CX101"}),  # the more specific select wins
        (["CX1"], ["CX1"], (), set()),  # a tie: ignore wins
        (["CX1"], (), ["CX401"], {"CX101", "CX102", "CX103", "CX401"}),
        (None, ["CX"], ["CX201"], {"CX201"}),
        ([], (), (), set()),
        (["cx2"], (), (), {"CX201"}),  # case-insensitive
    ],
)
def test_selection_semantics(select, ignore, extend, enabled) -> None:
    sel = RuleSelection.build(select=select, ignore=ignore, extend_select=extend)
    assert set(sel.enabled_codes) == enabled
    for code in EXPECTED:
        assert sel.enabled(code) == (code in enabled)


def test_command_line_layer_like_ruff() -> None:
    config = RuleSelection.build(ignore=["CX101"])
    # a command-line select starts afresh: the config's ignore no longer applies
    assert config.with_layer(select=["CX101"]).enabled_codes == ("CX101",)
    # without a select the command line adds to / removes from the config's set
    layered = config.with_layer(ignore=["CX3"], extend_select=["CX101"])
    assert layered.enabled("CX101") and not layered.enabled("CX301") and layered.enabled("CX201")
    # a later layer's ignore beats an earlier layer's more specific extend-select
    assert not RuleSelection.build(extend_select=["CX101"]).with_layer(ignore=["CX1"]).enabled("CX101")


def test_unknown_selector_raises_one_line_value_error() -> None:
    for bad in ("CX999", "XY", "", "CX10a"):
        with pytest.raises(ValueError) as exc:
            RuleSelection.build(select=[bad])
        assert "\n" not in str(exc.value)
    with pytest.raises(ValueError, match="unknown rule code or prefix 'CX7'"):
        RuleSelection.build(ignore=["CX7"])
    assert normalise_selector(" all ") == "ALL"


def test_severity_overrides_most_specific_wins() -> None:
    sel = RuleSelection.build(severity={"CX1": "error", "CX103": "warning", "ALL": "info"})
    assert sel.severity("CX101") == "error"
    assert sel.severity("CX103") == "warning"
    assert sel.severity("CX201") == "info"
    with pytest.raises(ValueError, match="expected one of error, warning, info"):
        RuleSelection.build(severity={"CX101": "fatal"})
    with pytest.raises(ValueError, match="CX888"):
        RuleSelection.build(severity={"CX888": "error"})


def test_apply_filters_and_sets_severity() -> None:
    sel = RuleSelection.build(ignore=["CX102"], severity={"CX101": "error"})
    out = sel.apply([finding("CX101"), finding("CX102"), finding("CX103", "info")])
    assert [(f.code, f.severity) for f in out] == [("CX101", "error"), ("CX103", "info")]


def test_enabled_rules() -> None:
    assert [r.code for r in RuleSelection.build(select=["CX2", "CX3"]).enabled_rules()] == ["CX201", "CX301"]


# ---------------------------------------------------------------------------------------------- policy


@pytest.mark.parametrize(
    ("severities", "fail_on", "exit_zero", "had_errors", "expected"),
    [
        ((), "warning", False, False, EXIT_OK),
        (("info",), "warning", False, False, EXIT_OK),
        (("info",), "info", False, False, EXIT_FINDINGS),
        (("warning",), "warning", False, False, EXIT_FINDINGS),
        (("warning",), "error", False, False, EXIT_OK),
        (("error",), "error", False, False, EXIT_FINDINGS),
        (("error",), "never", False, False, EXIT_OK),
        (("error",), "warning", True, False, EXIT_OK),
        (("error",), "warning", True, True, EXIT_ERROR),
        ((), "never", False, True, EXIT_ERROR),
        (("info", "error"), "error", False, False, EXIT_FINDINGS),
    ],
)
def test_exit_code(severities, fail_on, exit_zero, had_errors, expected) -> None:
    findings = [finding("CX101", s) for s in severities]
    assert exit_code(findings, fail_on=fail_on, exit_zero=exit_zero, had_errors=had_errors) == expected


def test_exit_code_bad_fail_on() -> None:
    with pytest.raises(ValueError, match=re.escape("expected one of error, warning, info, never")):
        exit_code([], fail_on="warn")
    assert fails("error", "warning") and not fails("info", "warning") and not fails("error", "never")
