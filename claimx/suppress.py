"""Suppression comments (``<!-- claimx-... -->``), in the style of ruff's ``noqa`` and ESLint's directives.

* ``<!-- claimx-disable CX101 CX2 -->`` ... ``<!-- claimx-enable -->``: turn codes (or prefixes) off from
  the comment onwards, until a ``claimx-enable`` (no codes: all) that names them; without an enable the
  region runs to the end of the file. No codes after ``claimx-disable`` means every code. A ``: reason``
  is optional.
* ``<!-- claimx-ignore CX102: reason -->``: suppress the codes (no codes: all) in the next sentence after the
  comment (a heading, list item or table row counts as one sentence). The reason is required.

Unused directives are reported as CX901 (unused-suppression) and invalid ones as CX902 (invalid-suppression);
an invalid directive suppresses nothing. Findings are matched by their ``start`` offset.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, cast

from claimx.fingerprint import fingerprint
from claimx.records import Comment, Finding, Sentence, Severity
from claimx.rules import ALL, get_rule, normalise_selector

DirectiveKind = Literal["disable", "enable", "ignore", "invalid"]
KINDS: tuple[str, ...] = ("disable", "enable", "ignore")
SUPPRESSION_CODES = frozenset({"CX901", "CX902"})

_DIRECTIVE = re.compile(r"^claimx-(?P<word>[A-Za-z][\w-]*)(?P<rest>.*)$", re.DOTALL)
_CODE_LIKE = re.compile(r"^(?:[A-Za-z]{2}\d*|ALL)$", re.IGNORECASE)


@dataclass(frozen=True)
class Directive:
    kind: DirectiveKind
    codes: tuple[str, ...]  # normalised codes/prefixes; () means all codes
    reason: str
    offset: int
    line: int
    text: str  # the comment text, whitespace-collapsed
    problem: str | None = None  # why the directive is invalid (kind "invalid")
    word: str = ""  # the directive as written after "claimx-"

    @property
    def label(self) -> str:
        codes = " ".join(self.codes)
        return f"claimx-{self.word}" + (f" {codes}" if codes else "")

    def covers(self, code: str) -> bool:
        return not self.codes or any(_matches(sel, code) for sel in self.codes)


def _matches(selector: str, code: str) -> bool:
    return selector == ALL or code.startswith(selector)


def parse_directive(comment: Comment) -> Directive | None:
    """The directive in one comment, or None if the comment is not a claimx directive."""
    text = " ".join(comment.text.split())
    m = _DIRECTIVE.match(text)
    if m is None:
        return None
    word, rest = m.group("word").lower(), m.group("rest")

    def invalid(problem: str) -> Directive:
        return Directive("invalid", (), "", comment.offset, comment.line, text, problem, word)

    if word not in KINDS:
        return invalid(f"unknown directive 'claimx-{m.group('word')}' (expected claimx-disable, "
                       "claimx-enable or claimx-ignore)")
    if rest and not rest[0].isspace() and rest[0] not in ":,":
        return invalid(f"unknown directive 'claimx-{m.group('word')}{rest.split()[0]}'")
    has_colon = ":" in rest
    codes_part, _, reason = rest.partition(":")
    reason = reason.strip()
    tokens = [t for t in re.split(r"[\s,]+", codes_part) if t]
    codes: list[str] = []
    for token in tokens:
        if not _CODE_LIKE.match(token):
            if word == "ignore" and not has_colon:
                return invalid(f"claimx-ignore needs a reason after a colon "
                               f"(write 'claimx-ignore {' '.join(codes) or 'CODE'}: reason')")
            return invalid(f"unexpected text '{token}' (write codes, then ': reason')")
        try:
            sel = normalise_selector(token)
        except ValueError as exc:
            return invalid(str(exc))
        if sel not in codes:
            codes.append(sel)
    if ALL in codes:
        codes = []
    if word == "ignore" and not reason:
        shown = " ".join(codes) or "CODE"
        return invalid(f"claimx-ignore needs a reason after a colon (write 'claimx-ignore {shown}: reason')")
    kind = cast(DirectiveKind, word)
    return Directive(kind, tuple(codes), reason, comment.offset, comment.line, text, None, word)


def parse_directives(comments: Iterable[Comment]) -> tuple[Directive, ...]:
    """Every claimx directive among the comments, in document order (offset, then line)."""
    found = [d for c in comments if (d := parse_directive(c)) is not None]
    return tuple(sorted(found, key=lambda d: (d.offset, d.line)))


def _finding(code: str, path: str, directive: Directive, occurrence: int, /, **fields: str) -> Finding:
    rule = get_rule(code)
    excerpt = f"<!-- {directive.text} -->"
    return Finding(
        code=rule.code,
        name=rule.name,
        severity=cast(Severity, rule.severity),
        message=rule.format_message(**fields),
        path=path,
        line=directive.line,
        column=1,
        start=directive.offset,
        end=directive.offset,
        fingerprint=fingerprint(rule.code, excerpt, "", occurrence),
        excerpt=excerpt,
        short=rule.format_short(**fields),
    )


def apply_suppressions(
    findings: Sequence[Finding],
    directives: Sequence[Directive],
    sentences: Sequence[Sentence],
    path: str,
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """(findings that are not suppressed, new CX901/CX902 findings about the directives).

    CX901/CX902 findings given as input are never suppressed. Order of ``findings`` is preserved.
    """
    ordered = sorted(sentences, key=lambda s: s.start)
    starts = [s.start for s in ordered]
    valid = [d for d in directives if d.kind != "invalid"]
    regions = sorted((d for d in valid if d.kind in ("disable", "enable")), key=lambda d: (d.offset, d.line))

    # Target sentence of each claimx-ignore: the first sentence starting at or after the comment.
    targets: dict[int, Sentence | None] = {}
    for i, d in enumerate(directives):
        if d.kind == "ignore":
            j = bisect.bisect_left(starts, d.offset)
            targets[i] = ordered[j] if j < len(ordered) else None

    used: set[tuple[int, str]] = set()  # (directive index, selector or "" for a blanket directive)
    index_of = {id(d): i for i, d in enumerate(directives)}

    def credit(i: int, d: Directive, code: str) -> None:
        if not d.codes:
            used.add((i, ""))
        for sel in d.codes:
            if _matches(sel, code):
                used.add((i, sel))
                break

    kept: list[Finding] = []
    for f in findings:
        if f.code in SUPPRESSION_CODES:
            kept.append(f)
            continue
        suppressed = False
        for i, target in targets.items():
            d = directives[i]
            if target is not None and target.start <= f.start < max(target.end, target.start + 1) \
                    and d.covers(f.code):
                credit(i, d, f.code)
                suppressed = True
        disabled_by: Directive | None = None
        for d in regions:
            if d.offset > f.start:
                break
            if d.kind == "disable" and d.covers(f.code):
                disabled_by = d
            elif d.kind == "enable" and d.covers(f.code):
                disabled_by = None
        if disabled_by is not None:
            credit(index_of[id(disabled_by)], disabled_by, f.code)
            suppressed = True
        if not suppressed:
            kept.append(f)

    # Enables that re-enable nothing: no disable covering an overlapping code is open at that point.
    open_disables: list[Directive] = []
    useless_enables: set[int] = set()
    for d in regions:
        if d.kind == "disable":
            open_disables.append(d)
            continue
        closing = [o for o in open_disables if _overlaps(o, d)]
        if not closing:
            useless_enables.add(index_of[id(d)])
        if not d.codes:
            open_disables = []
        else:
            open_disables = [o for o in open_disables
                             if not (o.codes and all(any(_matches(e, s) for e in d.codes) for s in o.codes))]

    extra: list[Finding] = []
    counts: dict[tuple[str, str], int] = {}

    def emit(code: str, d: Directive, **fields: str) -> None:
        n = counts.get((code, d.text), 0)
        counts[(code, d.text)] = n + 1
        extra.append(_finding(code, path, d, n, **fields))

    for i, d in enumerate(directives):
        if d.kind == "invalid":
            emit("CX902", d, problem=d.problem or "not a valid claimx directive")
        elif d.kind == "enable":
            if i in useless_enables:
                emit("CX901", d, directive=d.label, detail="re-enables nothing (no matching claimx-disable)")
        elif d.kind == "ignore" and targets.get(i) is None:
            emit("CX901", d, directive=d.label, detail="suppresses nothing (no sentence follows it)")
        elif not d.codes:
            if (i, "") not in used:
                emit("CX901", d, directive=d.label, detail="suppresses nothing")
        else:
            unused = [sel for sel in d.codes if (i, sel) not in used]
            if len(unused) == len(d.codes):
                emit("CX901", d, directive=d.label, detail="suppresses nothing")
            elif unused:
                emit("CX901", d, directive=d.label, detail=f"(unused: {' '.join(unused)})")
    extra.sort(key=lambda f: (f.start, f.line, f.code))
    return tuple(kept), tuple(extra)


def _overlaps(disable: Directive, enable: Directive) -> bool:
    if not disable.codes or not enable.codes:
        return True
    return any(_matches(a, b) or _matches(b, a) for a in disable.codes for b in enable.codes)
