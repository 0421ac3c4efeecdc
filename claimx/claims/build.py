"""From what a reader found to a ``Claim`` record: the one place claims are built.

Both readers of a sentence, the word rules (``claimx.claims.wordrules``) and the parse (``assemble``,
``fragments``), give ``Found`` parts that already decide direction, hedge, negation and strength (through
``claimx.claims.strength``). ``build_claim`` adds what the sentence's statistics say about the direction and
the document offsets. ``core_name`` and ``intervention_key`` name an intervention.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from claimx.claims.assemble import ParsedClaim
from claimx.claims.spans import syntax_words as _words
from claimx.lexicon import Lexicon, default_lexicon, norm_key
from claimx.nlp import Scope
from claimx.records import Claim, Cue, Sentence

INTERVENTION_HEADS = _words("intervention_heads")
EXPOSURE_SUFFIXES = _words("exposure_suffixes")


@dataclass(slots=True)
class Found:
    """One claim of a sentence as a reader found it (token offsets in the sentence ``Doc``)."""

    intervention: Span | None
    outcome: tuple[int, int]
    outcome_key: str
    direction: str
    trigger: Span
    kind: str  # the word rules' trigger kind, or ``parse:<construction>``
    hedged: bool = False
    negated: bool = False
    strength: str = "direct_causal"
    hedge_scopes: tuple[Scope, ...] = ()  # the hedge cues shown with the claim
    stats_negate: bool = True  # whether a no-change statistic makes the claim a no-change claim
    anaphor: Span | None = None  # a referring subject ("the drug"): the intervention when none is inherited


def in_scope(scopes: Sequence[Scope], category: str, i: int) -> list[Scope]:
    return [s for s in scopes if s.category == category and s.start <= i < s.end]


def from_parsed(p: ParsedClaim, doc: Doc) -> Found:
    """A claim of the parse reader as ``Found`` parts."""
    scopes: list[Scope] = doc.user_data.get("cx_scopes", [])
    hedges = tuple(in_scope(scopes, "HEDGE", p.trigger.start)) if p.hedged else ()
    return Found(p.intervention, (p.outcome.start, p.outcome.end), p.outcome_key, p.direction, p.trigger,
                 f"parse:{p.construction}", p.hedged, p.negated, p.strength, hedges, anaphor=p.anaphor)


def equative(doc: Doc, start: int, end: int) -> bool:
    """Whether the trigger at ``start:end`` stands in an equal comparison: "as much / as well / as effective"
    within five words of it, with a second "as" after that ("benefit as much from X as from Y",
    "may be as fruitful as surgery for treating ..."); not "as well as" (and), "as much as 50%" (a quantity).
    The words are ``equative_words`` of ``models/patterns/syntax.yaml``."""
    words = _words("equative_words")
    n = len(doc)
    for k in range(max(0, start - 5), min(n - 2, end + 5)):
        if doc[k].lower_ != "as" or doc[k + 1].lower_ not in words or (start <= k < end):
            continue
        j = k + 2
        if j < n and doc[j].lower_ == "as" and (doc[k + 1].lower_ == "well" or (j + 1 < n and doc[j + 1].like_num)):
            continue  # "as well as" (and), "as much as 50%"
        if any(doc[m].lower_ == "as" for m in range(j, min(n, j + 8))):
            return True
    return False


def build_claim(sent: Sentence, doc: Doc, f: Found, intervention: str, iv_span: Span | None, source: str,
                stats: Sequence, stat_dir: str | None, n: int) -> Claim:
    """The ``Claim`` record of one found claim; ``n`` is its position in the document (its id is c<n+1>)."""
    direction = f.direction
    if direction in ("increase", "decrease", "change") and equative(doc, f.trigger.start, f.trigger.end):
        direction = "no_change"  # "benefit as much from therapy as from pills": an equal effect
    if stat_dir == "no_change" and f.stats_negate:
        direction = "no_change"
    elif stat_dir in ("increase", "decrease") and direction == "change":
        direction = stat_dir
    cues = tuple(
        Cue(doc[s.cue_start:s.cue_end].text, sent.start + doc[s.cue_start].idx,
            sent.start + doc[s.cue_end - 1].idx + len(doc[s.cue_end - 1].text), "hedge")
        for s in f.hedge_scopes
    )
    o = doc[f.outcome[0]:f.outcome[1]]
    iv = (sent.start + iv_span.start_char, sent.start + iv_span.end_char) if iv_span is not None else None
    return Claim(
        id=f"c{n + 1}", sentence_index=sent.index, sentence=sent.text, start=sent.start, end=sent.end,
        intervention=intervention, outcome=sent.text[o.start_char:o.end_char],
        direction=direction,  # type: ignore[arg-type]
        hedged=f.hedged, negated=f.negated,
        intervention_source=source,  # type: ignore[arg-type]
        intervention_span=iv, outcome_span=(sent.start + o.start_char, sent.start + o.end_char),
        trigger=f.trigger.text, outcome_key=f.outcome_key.lower(), hedge_cues=cues,
        strength=f.strength,  # type: ignore[arg-type]
        statistics=tuple(stats),
    )


def core_name(span: Span, lexicon: Lexicon | None = None) -> str:
    """The intervention's name without a trailing head noun ("ketamine therapy" -> "ketamine"), when what
    remains is itself a vocabulary intervention."""
    toks = list(span)
    while len(toks) > 1 and toks[-1].lower_ in INTERVENTION_HEADS:
        toks = toks[:-1]
    core = span.doc[toks[0].i:toks[-1].i + 1]
    terms = (lexicon or default_lexicon()).interventions.terms
    if len(core) < len(span) and terms.get(norm_key(core.text)) is None:
        return span.text
    return core.text


def intervention_key(name: str | None, lexicon: Lexicon | None = None) -> str:
    """The normalised key of an intervention name (its vocabulary canonical form when it has one)."""
    if not name:
        return ""
    lexicon = lexicon or default_lexicon()
    key = norm_key(name)
    words = key.split()
    while len(words) > 1 and words[-1] in INTERVENTION_HEADS:
        words = words[:-1]
    if words and words[-1] in EXPOSURE_SUFFIXES:
        return " ".join(words)  # "vitamin d deficiency" is not "vitamin d"
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            entry = lexicon.interventions.terms.get(" ".join(words[i:j]))
            if entry is not None:
                return entry.canonical.lower()
    return key
