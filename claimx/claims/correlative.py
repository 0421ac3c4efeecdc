"""Correlative comparatives: "The more coffee people drank, the lower their risk of liver disease".

Two "the + comparative" phrases in a row state that one quantity moves with another. The parser has no
good reading of them (it makes the first a root or a stray modifier), so this reader goes by token order:

    [lead-in ...] the <degree word> <intervention ...> , the <degree word> <outcome ...>

What may stand before the first "the" is `correlative_openers` in ``models/patterns/syntax.yaml``; the
degree words are the `degree` table of ``models/patterns/constructions.yaml`` (or any comparative);
the direction is the product of the two: "the more ..., the lower ..." is a decrease, "the longer ..., the
better ..." an increase. The claim is correlational, like any comparison.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span

from claimx.claims.constructions import grammar
from claimx.claims.spans import syntax_words
from claimx.claims.strength import strength_of
from claimx.lexicon import Lexicon, norm_key

SIGN = {"increase": 1, "decrease": -1, "evaluative_up": 1, "evaluative_down": -1}
EVALUATIVE = {"increase": "evaluative_up", "decrease": "evaluative_down"}


def _degree(tok) -> tuple[int, bool]:
    """+1 / -1 for a more / less word ("higher", "fewer") or a better / worse one (evaluative: True), 0 for
    anything else."""
    g = grammar()
    if tok.lower_ in g.degree:
        return SIGN.get(g.degree[tok.lower_], 0), False
    return SIGN.get(g.adj_effect.get(tok.lower_, ""), 0), True


def _phrase(doc: Doc, start: int, end: int) -> Span | None:
    """The words from ``start`` to ``end`` without leading determiners, possessives and copulas or trailing
    copulas and punctuation; None when no noun or verb is left."""
    while start < end and (doc[start].dep_ in ("det", "nmod:poss") or doc[start].tag_ in ("DT", "PRP$")
                           or doc[start].pos_ == "AUX"):  # "the lower were the rates"
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].pos_ == "AUX"):
        end -= 1
    span = doc[start:end]
    return span if any(t.pos_ in ("NOUN", "PROPN", "VERB") for t in span) else None


def correlative_claims(doc: Doc, lexicon: Lexicon, hedge_scopes: Sequence[tuple[int, int]] = (),
                       negation_scopes: Sequence[tuple[int, int]] = ()):
    """The claim of a "the more X, the less Y" sentence (at most one), as ``ParsedClaim`` parts."""
    from claimx.claims.assemble import ParsedClaim, _outcome_key, resolve_direction

    n = len(doc)
    for i in range(n - 1):
        if doc[i].lower_ != "the" or (i > 0 and doc[i - 1].lower_ not in syntax_words("correlative_openers")):
            continue
        first, _ = _degree(doc[i + 1])
        if not first:
            continue
        # the second "the + comparative" after a comma (commas may also sit inside the first phrase)
        comma = next((k for k in range(i + 2, n - 2) if doc[k].text in (",", ";") and doc[k + 1].lower_ == "the"
                      and _degree(doc[k + 2])[0]), None)
        if comma is None:
            continue
        second, evaluative = _degree(doc[comma + 2])
        stop = next((k for k in range(comma + 3, n) if doc[k].text in (",", ";")), n)
        iv, out = _phrase(doc, i + 2, comma), _phrase(doc, comma + 3, stop)
        if iv is None or out is None:
            continue
        trigger = doc[comma + 2:comma + 3]
        hedged = any(s <= trigger.start < e for s, e in hedge_scopes)
        negated = any(s <= trigger.start < e for s, e in negation_scopes)
        base = "increase" if first * second > 0 else "decrease"
        base = EVALUATIVE[base] if evaluative else base  # "the worse their sleep": read against the outcome
        direction = "no_change" if negated else resolve_direction(base, [norm_key(t.text) for t in out], lexicon)
        return [ParsedClaim(iv, out, _outcome_key(doc, out), direction, trigger, "correlative_comparative",
                            hedged, negated, strength_of("comparison", hedged))]
    return []

