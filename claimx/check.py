"""Check stage: claims -> findings (unsupported, contradictory, overclaim, unresolved citation).

Each check has a stable code whose name, severity and message template live in ``models/rules/CXnnn.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import combinations

from rapidfuzz import fuzz

from claimx.fingerprint import assign_fingerprints
from claimx.records import (
    DIRECTION_ARROWS,
    Claim,
    Contradiction,
    Document,
    Finding,
    Reference,
    Sentence,
    SourceMention,
)
from claimx.rules import get_rule

CONFLICTS = {
    frozenset({"increase", "decrease"}),
    frozenset({"no_change", "increase"}),
    frozenset({"no_change", "decrease"}),
    frozenset({"no_change", "change"}),
}
WEAK_EVIDENCE = {"animal", "in_vitro", "observational", "anecdote"}
EVIDENCE_WORDS = {"animal": "animal-study", "in_vitro": "in-vitro", "observational": "observational",
                  "anecdote": "anecdotal"}


def claim_label(c: Claim) -> str:
    return f"{c.intervention or '(unnamed)'} → {c.outcome} {DIRECTION_ARROWS[c.direction]}"


def same_outcome(a: str, b: str) -> bool:
    """Whether two outcome keys name the same outcome (exact, near-identical spelling, or a multi-word key
    contained in the other: "circadian rhythm" / "circadian rhythm regulation")."""
    if a == b:
        return True
    if fuzz.ratio(a, b) >= 90:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short.split()) >= 2 and fuzz.token_set_ratio(short, long_) >= 95 and \
        set(short.split()) <= set(long_.split())


MAX_CONTRADICTIONS_PER_CLAIM = 5
#: Distinct outcomes of one intervention compared by spelling (pairwise, rapidfuzz); past it, outcomes of that
#: intervention are matched only when their keys are equal. The cut is reported in the output (``limits``).
MAX_OUTCOMES_COMPARED = 300
#: Claim pairs looked at per pair of (outcome, direction) buckets, per claim of the two buckets.
MAX_PAIRS_PER_CLAIM = 50


def find_contradictions(claims: Sequence[Claim], key_of: Callable[[str | None], str],
                        limits: list[str] | None = None) -> tuple[Contradiction, ...]:
    """Pairs of claims with the same intervention and the same or a synonymous outcome whose directions
    conflict. Claims are grouped by intervention, and outcome keys are compared once per distinct pair, so
    long documents stay fast; each claim points at no more than a few others.

    The work is bounded whatever the input: at most :data:`MAX_OUTCOMES_COMPARED` outcomes per intervention
    are compared by spelling and at most :data:`MAX_PAIRS_PER_CLAIM` pairs per claim are looked at; when a
    bound cuts, a one-line note is appended to ``limits``."""
    groups: dict[str, list[Claim]] = {}
    for c in claims:
        key = key_of(c.intervention)
        if key:
            groups.setdefault(key, []).append(c)
    found: list[tuple[int, int]] = []
    order = {c.id: i for i, c in enumerate(claims)}
    count: dict[str, int] = {}
    for group_key, members in sorted(groups.items()):
        keys = sorted({c.outcome_key for c in members})
        similar: dict[str, set[str]] = {k: {k} for k in keys}
        compared = keys[:MAX_OUTCOMES_COMPARED]
        if len(keys) > MAX_OUTCOMES_COMPARED and limits is not None:
            limits.append(f"contradictions: '{group_key}' has {len(keys)} distinct outcomes; only the first "
                          f"{MAX_OUTCOMES_COMPARED} (alphabetically) were compared by spelling, the rest by equal "
                          f"keys")
        for a, b in combinations(compared, 2):
            if same_outcome(a, b):
                similar[a].add(b)
                similar[b].add(a)
        buckets: dict[tuple[str, str], list[Claim]] = {}
        for c in members:
            buckets.setdefault((c.outcome_key, c.direction), []).append(c)
        by_key: dict[str, list[str]] = {}
        for k, d in buckets:
            by_key.setdefault(k, []).append(d)
        cut = False
        for ka, da in sorted(buckets):
            for kb in sorted(similar[ka]):
                for db in sorted(by_key.get(kb, ())):
                    if (kb, db) <= (ka, da) or frozenset({da, db}) not in CONFLICTS:
                        continue
                    cut |= _pair_buckets(buckets[(ka, da)], buckets[(kb, db)], count, order, found)
        if cut and limits is not None:
            limits.append(f"contradictions: '{group_key}' has more conflicting claims than are paired; each claim "
                          f"was compared with at most {MAX_PAIRS_PER_CLAIM} others")
    out = []
    for i, j in sorted(found):
        a, b = claims[i], claims[j]
        reason = (f"{a.intervention} → {a.outcome}: {a.direction} in {a.id}, "
                  f"but {b.direction} ({b.outcome}) in {b.id}")
        out.append(Contradiction((a.id, b.id), reason))
    return tuple(out)


def _pair_buckets(first: list[Claim], second: list[Claim], count: dict[str, int], order: dict[str, int],
                  found: list[tuple[int, int]]) -> bool:
    """Pair the claims of two conflicting buckets, each claim at most MAX_CONTRADICTIONS_PER_CLAIM times.
    Claims that are full are dropped from ``live`` as they are met, so the work is linear in the buckets'
    sizes; returns whether the per-claim look-up bound cut."""
    live = [b for b in second if count.get(b.id, 0) < MAX_CONTRADICTIONS_PER_CLAIM]
    cut = False
    for a in first:
        if not live:
            break
        if count.get(a.id, 0) >= MAX_CONTRADICTIONS_PER_CLAIM:
            continue
        looked = 0
        keep: list[Claim] = []
        i = 0
        while i < len(live):
            b = live[i]
            i += 1
            if count.get(b.id, 0) >= MAX_CONTRADICTIONS_PER_CLAIM:
                continue  # full: dropped
            keep.append(b)
            if count.get(a.id, 0) >= MAX_CONTRADICTIONS_PER_CLAIM:
                continue
            looked += 1
            if looked > MAX_PAIRS_PER_CLAIM:
                cut = True
                keep.extend(live[i:])
                break
            if a.sentence_index == b.sentence_index:
                continue
            count[a.id] = count.get(a.id, 0) + 1
            count[b.id] = count.get(b.id, 0) + 1
            found.append(tuple(sorted((order[a.id], order[b.id]))))  # type: ignore[arg-type]
            if count[b.id] >= MAX_CONTRADICTIONS_PER_CLAIM:
                keep.pop()
            if count[a.id] >= MAX_CONTRADICTIONS_PER_CLAIM:
                keep.extend(live[i:])
                break
        live = keep
    return cut


#: A finding about a span of a sentence longer than this quotes only the text around the span, so that the
#: output stays linear in the input (a sentence of thousands of citation markers).
MAX_EXCERPT = 1000
EXCERPT_CONTEXT = 120


def excerpt_around(text: str, start: int, end: int) -> str:
    """``text`` (a sentence), or, when longer than :data:`MAX_EXCERPT`, the part around ``start:end``."""
    if len(text) <= MAX_EXCERPT:
        return text
    a = max(0, start - EXCERPT_CONTEXT)
    b = min(len(text), max(end, start) + EXCERPT_CONTEXT)
    return ("…" if a > 0 else "") + text[a:b] + ("…" if b < len(text) else "")


def _finding(code: str, doc: Document, target: Claim | None, start: int, end: int, excerpt: str,
             related: tuple[str, ...] = (), **fields: object) -> Finding:
    rule = get_rule(code)
    line, col = doc.position(start)
    return Finding(code=code, name=rule.name, severity=rule.severity,  # type: ignore[arg-type]
                   message=rule.format_message(**fields), path=doc.path, line=line, column=col, start=start,
                   end=end, claim_id=target.id if target else None, related=related, excerpt=excerpt,
                   short=rule.format_short(**fields))


def _first(mentions: Iterable[SourceMention], kinds: set[str]) -> SourceMention | None:
    return next((m for m in mentions if m.kind in kinds), None)


def check(doc: Document, sentences: Sequence[Sentence], claims: Sequence[Claim],
          contradictions: Sequence[Contradiction], references: Sequence[Reference],
          mentions: Mapping[int, Sequence[SourceMention]]) -> tuple[Finding, ...]:
    findings: list[Finding] = []
    by_id = {c.id: c for c in claims}
    for c in claims:
        label = claim_label(c)
        if c.support == "none":
            findings.append(_finding("CX101", doc, c, c.start, c.end, c.sentence, claim=label))
        elif c.support == "vague":
            m = _first(c.sources, {"vague", "study_design", "citation"})
            findings.append(_finding("CX102", doc, c, c.start, c.end, c.sentence, claim=label,
                                     mention=m.mention if m else ""))
        elif c.support == "named":
            m = _first(c.sources, {"journal", "publisher", "agency", "organization", "instrument", "person"})
            source = f"{m.kind} {m.canonical or m.mention}" if m else "a source"
            if m and m.kind == "person" and m.affiliation:
                source += f" ({m.affiliation})"
            elif m and m.canonical and m.canonical != m.mention:
                source = f"{m.kind} {m.canonical} ('{m.mention}')"
            findings.append(_finding("CX103", doc, c, c.start, c.end, c.sentence, claim=label, source=source))
        if is_overclaim(c.evidence, c.strength, c.hedged):
            findings.append(_finding("CX301", doc, c, c.start, c.end, c.sentence, claim=label,
                                     strength=c.strength.replace("_", "-"),
                                     evidence=EVIDENCE_WORDS[c.evidence]))
    for con in contradictions:
        a, b = by_id[con.claims[0]], by_id[con.claims[1]]
        for this, other in ((a, b), (b, a)):
            other_line, _ = doc.position(other.start)
            findings.append(_finding("CX201", doc, this, this.start, this.end, this.sentence, (other.id,),
                                     claim=claim_label(this), other=f"{other.id} ({claim_label(other)})",
                                     other_id=other.id, other_line=other_line))
    by_index = {s.index: s for s in sentences}
    for index, ms in sorted(mentions.items()):
        for m in ms:
            if m.kind == "citation" and m.reference is None:
                s = by_index.get(index)
                excerpt = excerpt_around(s.text, m.start - s.start, m.end - s.start) if s else m.mention
                findings.append(_finding("CX401", doc, None, m.start, m.end, excerpt, marker=m.mention))
    keys = {c.id: f"{c.intervention or ''}|{c.outcome}" for c in claims}
    findings.sort(key=lambda f: (f.start, f.code, f.claim_id or ""))
    return assign_fingerprints(_dedupe(findings), lambda f: keys.get(f.claim_id or "", ""))


def is_overclaim(evidence: str, strength: str, hedged: bool) -> bool:
    """CX301: causal or unhedged language on weak evidence. Correlational wording is fine for observational
    and anecdotal evidence; animal and in-vitro findings must be hedged and not stated as direct causes."""
    if evidence not in WEAK_EVIDENCE:
        return False
    if evidence in ("observational", "anecdote"):
        return strength == "direct_causal"
    return strength == "direct_causal" or not hedged


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int, str, str]] = set()
    out = []
    for f in findings:
        key = (f.code, f.start, f.claim_id or "", f.message)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


def flag_names(findings: Sequence[Finding]) -> dict[str, tuple[str, ...]]:
    """claim id -> sorted flags (unsupported, contradictory, overclaim) from the findings' rules."""
    flags: dict[str, set[str]] = {}
    for f in findings:
        if f.claim_id is None:
            continue
        flag = get_rule(f.code).flag
        if flag:
            flags.setdefault(f.claim_id, set()).add(flag)
    return {k: tuple(sorted(v)) for k, v in flags.items()}

