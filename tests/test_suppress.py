"""Suppression comments: claimx-disable / claimx-enable / claimx-ignore, CX901 and CX902."""

from __future__ import annotations

import re

import pytest

from claimx.records import Comment, Finding, Sentence
from claimx.rules import get_rule
from claimx.suppress import Directive, apply_suppressions, parse_directive, parse_directives

# A tiny article laid out by hand: every sentence is 20 characters long, 5 characters apart.
#   s0 [0, 20)   s1 [25, 45)   s2 [50, 70)   s3 [75, 95)   s4 [100, 120)
SENTENCES = tuple(Sentence(i, i * 25, i * 25 + 20, f"Sentence {i}.", "sentence") for i in range(5))


def comment(text: str, offset: int, line: int | None = None) -> Comment:
    return Comment(text, offset, line if line is not None else offset // 25 + 1)


def finding(code: str, sentence: int) -> Finding:
    start = SENTENCES[sentence].start
    rule = get_rule(code)
    return Finding(code, rule.name, rule.severity, "msg", "a.md", sentence + 1, 1, start, start + 20,  # type: ignore[arg-type]
                   excerpt=SENTENCES[sentence].text)


def run(comments: list[Comment], findings: list[Finding]) -> tuple[list[tuple[str, int]], list[Finding]]:
    kept, extra = apply_suppressions(findings, parse_directives(comments), SENTENCES, "a.md")
    return [(f.code, f.start // 25) for f in kept], list(extra)


# ------------------------------------------------------------------------------------------------ parsing


@pytest.mark.parametrize(
    ("text", "kind", "codes", "reason"),
    [
        ("claimx-disable", "disable", (), ""),
        ("claimx-disable CX101 CX2", "disable", ("CX101", "CX2"), ""),
        ("  claimx-disable   cx101,CX102 : legacy section ", "disable", ("CX101", "CX102"), "legacy section"),
        ("claimx-enable", "enable", (), ""),
        ("claimx-enable CX101", "enable", ("CX101",), ""),
        ("claimx-ignore CX102: quoted from the trial", "ignore", ("CX102",), "quoted from the trial"),
        ("claimx-ignore: satire", "ignore", (), "satire"),
        ("claimx-ignore ALL: satire", "ignore", (), "satire"),
        ("claimx-ignore CX1\n   CX2: spans\n lines", "ignore", ("CX1", "CX2"), "spans lines"),
    ],
)
def test_parse_valid(text: str, kind: str, codes: tuple[str, ...], reason: str) -> None:
    d = parse_directive(Comment(text, 7, 3))
    assert d is not None
    assert (d.kind, d.codes, d.reason, d.offset, d.line, d.problem) == (kind, codes, reason, 7, 3, None)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("claimx-ignore CX101", "claimx-ignore needs a reason after a colon"),
        ("claimx-ignore CX101:   ", "claimx-ignore needs a reason after a colon"),
        ("claimx-ignore", "claimx-ignore needs a reason after a colon"),
        ("claimx-ignore CX101 because it is fine", "claimx-ignore needs a reason after a colon"),
        ("claimx-disable CX999", "unknown rule code or prefix 'CX999'"),
        ("claimx-ignore CX7: reason", "unknown rule code or prefix 'CX7'"),
        ("claimx-disable CX101 please", "unexpected text 'please'"),
        ("claimx-disabel CX101", "unknown directive 'claimx-disabel'"),
        ("claimx-disable-next-line CX101", "unknown directive 'claimx-disable-next-line'"),
    ],
)
def test_parse_invalid(text: str, problem: str) -> None:
    d = parse_directive(Comment(text, 0, 1))
    assert d is not None and d.kind == "invalid"
    assert d.problem is not None and d.problem.startswith(problem)
    assert "\n" not in d.problem


@pytest.mark.parametrize("text", ["TODO: add a source", "claimx is great", " prettier-ignore ", ""])
def test_parse_ignores_other_comments(text: str) -> None:
    assert parse_directive(Comment(text, 0, 1)) is None


def test_parse_directives_sorted_by_offset() -> None:
    ds = parse_directives([comment("claimx-enable", 60), comment("note", 10), comment("claimx-disable", 30)])
    assert [(d.kind, d.offset) for d in ds] == [("disable", 30), ("enable", 60)]
    assert all(isinstance(d, Directive) for d in ds)


# -------------------------------------------------------------------------------------------- disable


def test_disable_without_enable_runs_to_the_end() -> None:
    kept, extra = run([comment("claimx-disable CX101", 45)],
                      [finding("CX101", 0), finding("CX101", 2), finding("CX101", 4), finding("CX102", 3)])
    assert kept == [("CX101", 0), ("CX102", 3)]
    assert extra == []


def test_disable_enable_region() -> None:
    kept, extra = run(
        [comment("claimx-disable CX1", 22), comment("claimx-enable", 72)],
        [finding("CX101", 0), finding("CX102", 1), finding("CX103", 2), finding("CX201", 2),
         finding("CX101", 3)],
    )
    assert kept == [("CX101", 0), ("CX201", 2), ("CX101", 3)]
    assert extra == []


def test_disable_all_codes() -> None:
    kept, extra = run([comment("claimx-disable", 0)], [finding("CX101", 0), finding("CX301", 4)])
    assert kept == []
    assert extra == []


def test_enable_specific_code_keeps_others_disabled() -> None:
    kept, extra = run(
        [comment("claimx-disable CX1", 0), comment("claimx-enable CX101", 47)],
        [finding("CX101", 1), finding("CX101", 2), finding("CX102", 2)],
    )
    assert kept == [("CX101", 2)]
    assert extra == []


def test_prefix_disable_partially_reenabled() -> None:
    kept, _ = run([comment("claimx-disable CX2 CX3", 0), comment("claimx-enable CX301", 47)],
                  [finding("CX201", 3), finding("CX301", 3), finding("CX301", 0)])
    assert kept == [("CX301", 3)]


# --------------------------------------------------------------------------------------------- ignore


def test_ignore_next_sentence_only() -> None:
    kept, extra = run([comment("claimx-ignore CX101: sourced in the side box", 21)],
                      [finding("CX101", 1), finding("CX102", 1), finding("CX101", 2)])
    assert kept == [("CX102", 1), ("CX101", 2)]
    assert extra == []


def test_ignore_all_codes_of_next_sentence() -> None:
    kept, extra = run([comment("claimx-ignore: satire", 25)], [finding("CX101", 1), finding("CX301", 1)])
    assert kept == []
    assert extra == []


def test_ignore_matches_findings_inside_the_sentence() -> None:
    marker = Finding("CX401", "unresolved-citation", "warning", "m", "a.md", 2, 9, 33, 36)
    kept, _ = apply_suppressions([marker], parse_directives([comment("claimx-ignore CX4: old list", 21)]),
                                 SENTENCES, "a.md")
    assert kept == ()


def test_ignore_comment_inside_sentence_applies_to_the_next() -> None:
    kept, _ = run([comment("claimx-ignore CX101: x", 30)], [finding("CX101", 1), finding("CX101", 2)])
    assert kept == [("CX101", 1)]


# ----------------------------------------------------------------------------------------- CX901/CX902


def test_unused_ignore_reports_cx901_at_comment_line() -> None:
    kept, extra = run([comment("claimx-ignore CX101: our own survey", 47, line=9)], [finding("CX102", 2)])
    assert kept == [("CX102", 2)]
    assert [(f.code, f.line, f.severity, f.path) for f in extra] == [("CX901", 9, "warning", "a.md")]
    assert extra[0].name == "unused-suppression"
    assert extra[0].message == "unused suppression: claimx-ignore CX101 suppresses nothing"
    assert extra[0].start == 47
    assert re.fullmatch(r"[0-9a-f]{16}", extra[0].fingerprint)


def test_partially_unused_codes_listed() -> None:
    _, extra = run([comment("claimx-disable CX101 CX102", 0)], [finding("CX101", 1)])
    assert [f.message for f in extra] == ["unused suppression: claimx-disable CX101 CX102 (unused: CX102)"]


def test_unused_disable_and_enable() -> None:
    _, extra = run([comment("claimx-disable CX3", 21), comment("claimx-enable CX3", 72)],
                   [finding("CX301", 4)])
    assert [f.message for f in extra] == ["unused suppression: claimx-disable CX3 suppresses nothing"]


def test_enable_without_disable_is_unused() -> None:
    _, extra = run([comment("claimx-enable", 21)], [])
    assert [f.code for f in extra] == ["CX901"]
    assert "re-enables nothing" in extra[0].message


def test_ignore_with_no_following_sentence_is_unused() -> None:
    _, extra = run([comment("claimx-ignore CX101: trailing", 121)], [])
    assert [f.code for f in extra] == ["CX901"]
    assert "no sentence follows" in extra[0].message


def test_invalid_directive_reports_cx902_and_suppresses_nothing() -> None:
    kept, extra = run([comment("claimx-ignore CX101", 21, line=4)], [finding("CX101", 1)])
    assert kept == [("CX101", 1)]
    assert [(f.code, f.line, f.severity) for f in extra] == [("CX902", 4, "error")]
    assert extra[0].name == "invalid-suppression"
    assert extra[0].message.startswith("invalid suppression: claimx-ignore needs a reason after a colon")


def test_unknown_code_cx902() -> None:
    kept, extra = run([comment("claimx-disable CX101 CX999", 0)], [finding("CX101", 1)])
    assert kept == [("CX101", 1)]
    assert [f.code for f in extra] == ["CX902"]
    assert "CX999" in extra[0].message


def test_suppression_findings_are_not_suppressed() -> None:
    own = Finding("CX901", "unused-suppression", "warning", "m", "a.md", 1, 1, 30, 30)
    kept, _ = apply_suppressions([own], parse_directives([comment("claimx-disable", 0)]), SENTENCES, "a.md")
    assert kept == (own,)


def test_no_directives_keeps_everything_in_order() -> None:
    findings = [finding("CX301", 3), finding("CX101", 0)]
    kept, extra = apply_suppressions(findings, (), SENTENCES, "a.md")
    assert kept == tuple(findings) and extra == ()


def test_output_deterministic_and_sorted() -> None:
    comments = [comment("claimx-frob", 95, line=20), comment("claimx-enable", 21, line=2)]
    _, a = run(comments, [])
    _, b = run(list(reversed(comments)), [])
    assert a == b
    assert [f.line for f in a] == [2, 20]


def test_with_the_real_reader() -> None:
    read = pytest.importorskip("claimx.read")
    segment = pytest.importorskip("claimx.segment")
    text = (
        "# Nausea\n\n"
        "<!-- claimx-ignore CX101: sourced in the box below -->\n"
        "Ginger eases nausea. Peppermint calms the stomach.\n\n"
        "<!-- claimx-disable CX101 -->\n"
        "- Acupressure bands reduce motion sickness.\n"
        "<!-- claimx-enable -->\n\n"
        "Fasting cures migraines.\n"
    )
    doc = read.read_text(text, "n.md", "markdown")
    sentences = segment.segment(doc)

    def at(word: str) -> Finding:
        start = next(s.start for s in sentences if word in s.text)
        line, col = doc.position(start)
        return Finding("CX101", "unsupported-claim", "warning", "m", "n.md", line, col, start, start + 5)

    findings = [at("Ginger"), at("Peppermint"), at("Acupressure"), at("Fasting")]
    kept, extra = apply_suppressions(findings, parse_directives(doc.comments), sentences, "n.md")
    assert [f.line for f in kept] == [4, 10]
    assert extra == ()
