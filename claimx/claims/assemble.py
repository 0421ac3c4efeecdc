"""From parse relations to claim parts: phrases, direction, hedge, negation and strength.

``parse_claims`` turns the relations the construction engine finds (``claimx.claims.constructions``) into
``ParsedClaim`` parts for one sentence; the tag stage makes ``Claim`` records of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimx.claims.constructions import Relation, degree_of, grammar, introducer, relations, yielding
from claimx.claims.spans import counted, exposure_head, is_anaphor, is_population, modified, phrase, syntax_words
from claimx.claims.strength import strength_of
from claimx.lexicon import Lexicon, norm_key
from claimx.stats import ends_with_comparator, is_control_arm

EXPOSURE_PREPS = ("with", "after", "following", "from")
FLIP = {"increase": "decrease", "decrease": "increase"}


@dataclass(frozen=True, slots=True)
class ParsedClaim:
    intervention: Span | None
    outcome: Span
    outcome_key: str
    direction: str
    trigger: Span
    construction: str
    hedged: bool
    negated: bool
    strength: str
    # no intervention named, but the subject refers back to one ("It lowers ...", "The drug cut ..."): the
    # discourse step may supply it; a claim with an empty subject slot is no claim
    refers_back: bool = False
    # the referring noun phrase itself ("the new pill"): the claim's intervention when nothing earlier names one
    anaphor: Span | None = None


def resolve_direction(base: str, outcome_words: Sequence[str], lexicon: Lexicon, window: int = 3) -> str:
    """Evaluative verbs flip on adverse outcomes ("improves insomnia" lowers insomnia); "cause" raises.
    ``outcome_words`` are normalised words of the outcome; the last ``window`` of them are looked at."""
    adverse = any(w in lexicon.adverse for w in list(outcome_words)[-window:])
    if base == "evaluative_up":
        return "decrease" if adverse else "increase"
    if base == "evaluative_down":
        return "increase" if adverse else "decrease"
    if base == "cause":
        return "increase"
    return base


def _outcome_key(doc: Doc, span: Span) -> str:
    inside = [sp for sp in doc.spans.get("outcome", []) if sp.start >= span.start and sp.end <= span.end]
    if inside:
        return inside[-1].kb_id_.lower() or norm_key(inside[-1].text)
    return norm_key(span.text)


def _degree_of(head: Token) -> str | None:
    """The direction of a more/less word modifying a noun ("less plaque", "fewer relapses") or of a change
    participle ("rising obesity", "falling fertility" with "falling" as the head), or None."""
    near = [c for c in head.children if c.i < head.i and (c.dep_ in ("amod", "advmod", "det") or (
        c.dep_ == "compound" and c.lower_.endswith("er")))]  # "weaker bones" with "weaker" read as a noun
    d = degree_of(near)
    if d is None:
        verbs = grammar().verb_effect
        d = next((verbs.get(t.lemma_.lower()) for t in [head, *near] if t.tag_ == "VBG"
                  and verbs.get(t.lemma_.lower()) in ("increase", "decrease")), None)
    return d if d in ("increase", "decrease") else None


def _before_reporting_tail(doc: Doc, outcome: Span) -> Span:
    """The outcome without a reporting tail the parser folded into it ("good for your brain, study shows")."""
    reporting = syntax_words("reporting_verbs")
    for t in outcome:
        if t.text == "," and t.i > outcome.start and any(w.lower_ in reporting for w in doc[t.i + 1:t.i + 4]):
            return doc[outcome.start:t.i]
    comma = outcome.start - 1
    if outcome[-1].lower_ in reporting and comma > 0 and doc[comma].text == ",":
        # the parse hung the phrase before the comma on the tail ("your brain" on "study shows")
        start = comma
        while start > 0 and doc[start - 1].dep_ in ("compound", "amod", "nmod:poss", "det"):
            start -= 1
        while start < comma and (doc[start].dep_ == "det" or doc[start].tag_ == "PRP$"):
            start += 1
        if start < comma:
            return doc[start:comma]
    return outcome


def parse_claims(doc: Doc, lexicon: Lexicon, hedge_scopes: Sequence[tuple[int, int]] = (),
                 negation_scopes: Sequence[tuple[int, int]] = ()) -> list[ParsedClaim]:
    """The claims of one parsed sentence. ``*_scopes`` are ConText scopes (token ranges) to add to the
    parse's own hedge and negation cues."""
    out: list[ParsedClaim] = []
    seen: set[tuple[int, int]] = set()
    for rel in relations(doc):
        claim = _claim(doc, rel, lexicon, hedge_scopes, negation_scopes)
        if claim is None:
            continue
        key = (claim.outcome.start, claim.outcome.end)
        if key in seen:
            continue
        seen.add(key)
        out.append(claim)
    # "X has a negative effect on Y": a claim that yields (constructions.yaml flag) gives way to one read inside
    # its own outcome
    return [a for a in out if a.construction not in yielding() or not any(
        b is not a and a.outcome.start <= b.trigger.start < a.outcome.end and a.outcome.start <= b.outcome.start
        and b.outcome.end <= a.outcome.end for b in out)]


def _heads(tok, span: Span) -> bool:
    """Whether ``tok`` is what the phrase names (its head, or a subject the parse hung on a noun: "people
    notice"), not a modifier inside it ("infant formula", "a programme for patients", "mother's BMI")."""
    inside = span.start <= tok.head.i < span.end and tok.head.i != tok.i
    return not inside or (tok.dep_ in ("nsubj", "nsubj:pass") and tok.head.pos_ != "VERB")


def _claim(doc: Doc, rel: Relation, lexicon: Lexicon, hedge_scopes: Sequence[tuple[int, int]],
           negation_scopes: Sequence[tuple[int, int]]) -> ParsedClaim | None:
    trig = doc[rel.trigger]
    exclude = frozenset({rel.trigger})
    o_head = doc[rel.outcome]
    if rel.outcome_keeps_trigger:
        # "a higher risk of dementia": the outcome is the risk phrase without its degree word
        o_head = trig
        if rel.keeps_degree:  # "live longer", "fared better": the verb and its degree word, nothing else
            exclude = frozenset(c.i for c in trig.children if not (c.dep_ == "advmod" and degree_of([c])))
        else:
            exclude = frozenset(c.i for c in trig.children
                                if c.dep_ in ("det", "nummod", "cop", "nsubj", "nsubj:pass", "aux", "amod", "advmod")
                                or introducer(c) in ("as", "than", "due to", "because of", "thanks to"))
        if rel.intervention is not None:
            exclude |= {rel.intervention}
    o_head = exposure_head(o_head) if o_head.pos_ == "VERB" or is_population(o_head) else o_head
    o_head = counted(o_head)
    outcome = phrase(doc, o_head, exclude)
    degree = grammar().degree
    while len(outcome) > 1 and outcome[0].i < o_head.i and outcome[0].lower_ in degree:
        outcome = doc[outcome.start + 1:outcome.end]  # "more heart disease": the degree is the direction
    outcome = _before_reporting_tail(doc, outcome)
    if outcome.start <= trig.i < outcome.end and not rel.outcome_keeps_trigger:
        return None
    if len(outcome) == 0 or all(t.is_stop or t.is_punct for t in outcome):
        return None
    intervention: Span | None = None
    anaphor: Span | None = None
    refers_back = rel.inherits
    if rel.intervention is not None:
        iv_tok = doc[rel.intervention]
        relative = next((c for c in iv_tok.children if c.dep_ == "acl:relcl"), None) if iv_tok.pos_ == "PRON" else None
        if relative is not None:
            iv_tok = relative  # "Those who walked daily were less likely to ...": the clause names the exposure
        refers_back = is_anaphor(iv_tok)
        if refers_back and iv_tok.pos_ in ("NOUN", "PROPN") and iv_tok.lower_ != "which":
            anaphor = phrase(doc, iv_tok, frozenset({rel.trigger, rel.outcome}))
        elif refers_back and iv_tok.pos_ == "PRON" and iv_tok.tag_ in ("PRP", "DT"):
            # "It can reduce the risk of colds": the pronoun stands for the intervention until the discourse
            # (previous sentence, the article's main intervention) names it
            anaphor = doc[iv_tok.i:iv_tok.i + 1]
        if not is_anaphor(iv_tok) and not (is_population(iv_tok) and exposure_head(iv_tok) is iv_tok
                                           and not modified(iv_tok)):
            iv_tok = exposure_head(iv_tok)
            intervention = phrase(doc, iv_tok, frozenset({rel.trigger, rel.outcome}))
            overlaps = intervention.start < outcome.end and outcome.start < intervention.end
            # "some people notice": who, not what; a population inside the phrase ("parents do not enforce",
            # "mother's BMI") is part of the exposure
            people = any(is_population(t) and not modified(t) and _heads(t, intervention) for t in intervention)
            if overlaps or people or all(t.is_stop or t.is_punct for t in intervention):
                intervention = None
    if intervention is None:
        exposure = next((c for c in o_head.children if introducer(c) in EXPOSURE_PREPS and c.i > o_head.i
                         and c.dep_.startswith(("nmod", "obl"))
                         and c.lemma_.lower() not in syntax_words("time_points")), None)  # "from baseline"
        if exposure is not None:
            # "a reduction in blood pressure with the new drug": the with-phrase is the exposure
            intervention = phrase(doc, exposure)
            outcome = phrase(doc, o_head, exclude | {exposure.i})
    trigger = doc[trig.i:trig.i + 1]
    hedged = rel.hedged or any(s <= trig.i < e for s, e in hedge_scopes)
    negated = rel.negated or any(s <= trig.i < e for s, e in negation_scopes)
    base = rel.direction
    if base == "cause":
        # "resulted in significantly less plaque": a more/less word on what was caused gives the direction
        base = _degree_of(o_head) or base
    direction = "no_change" if negated else resolve_direction(base, [norm_key(t.text) for t in outcome], lexicon)
    if intervention is not None and rel.arm_slot and is_control_arm(intervention.text):
        # "X was lower in the placebo group than in the drug group": the claim is the other arm's, reversed;
        # "X was higher compared to placebo": the control arm is the comparator, the direction stands
        comparator = ends_with_comparator(doc[max(0, intervention.start - 4):intervention.start].text)
        intervention, direction = None, direction if comparator else FLIP.get(direction, direction)
    relation = rel.relation
    if (rel.locus_slot and rel.intervention is not None
            and introducer(doc[rel.intervention]) in ("in", "among")):
        relation = "comparison"  # "folate levels were decreased in acne patients": a group described, not an effect
    strength = strength_of(relation, hedged)
    return ParsedClaim(intervention, outcome, _outcome_key(doc, outcome), direction, trigger, rel.construction,
                       hedged, negated, strength, refers_back, anaphor)
