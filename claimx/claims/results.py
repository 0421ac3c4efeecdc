"""Trial results stated by their numbers: "The mortality rate was 26% in the statin group and 45% in the
placebo group (P = 0.17)", "The relative risk of admission was 0.83 (0.56-1.24) compared with usual care".

Such a sentence has no effect word for the constructions to read, but its statistics give the direction
(``claimx.stats.direction_from_statistics``: an interval that spans the null or p >= 0.05 is no change). When
the sentence compares arms (a word of ``result_words`` in ``models/patterns/syntax.yaml``) or carries a ratio
(HR/OR/RR), and neither reader found a claim in it, this reader gives one claim: the outcome is the subject of
the main clause, the direction ``change`` (the tag stage replaces it by the statistics' direction), the
intervention unnamed (the discourse step supplies it, or it stays empty).

``no_change_claim`` reads the same kind of sentence when it states no difference in words and the parse gave
the constructions nothing to read ("Fasting triglycerides did not change between the groups", with the
subject misparsed): the outcome is the subject of the no-change phrase, else the noun phrase that opens the
sentence before it.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span

from claimx.claims.assemble import ParsedClaim, _outcome_key
from claimx.claims.constructions import SUBJECT_DEPS
from claimx.claims.spans import is_population, modified, phrase, syntax_words
from claimx.claims.strength import strength_of
from claimx.records import Statistic
from claimx.stats import direction_from_statistics, paired_direction


def statistics_claim(doc: Doc, statistics: Sequence[Statistic], compares_arms: bool) -> ParsedClaim | None:
    """The claim of a result sentence read from its numbers, or None."""
    if not statistics:
        return None
    paired = paired_direction(doc.text, statistics)  # two values, one per arm ("9.5 and 14.7 days, p = 0.005")
    if direction_from_statistics(statistics) is None and paired is None:
        return None
    if not compares_arms and paired is None and not any(st.kind == "ratio" for st in statistics):
        return None
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    # people counted with what they needed or had ("The patients who required analgesics were 8 and 13")
    counted = subject is not None and paired is not None and (
        modified(subject) or any(c.dep_ in ("acl", "acl:relcl") for c in subject.children))
    if (subject is None or subject.pos_ not in ("NOUN", "PROPN") or (is_population(subject) and not counted)
            or subject.like_num):
        return None
    outcome = phrase(doc, subject, frozenset({root.i}))
    if not outcome or all(t.is_stop or t.is_punct for t in outcome):
        return None
    return ParsedClaim(None, outcome, _outcome_key(doc, outcome), "change", doc[root.i:root.i + 1], "statistics",
                       False, False, strength_of("comparison", False))


def no_change_claim(doc: Doc, compares_arms: bool) -> ParsedClaim | None:
    """The no-change claim of a result sentence that compares arms, read from its no-change phrase, or None."""
    if not compares_arms:
        return None
    trig = next((sp for sp in doc.spans["trigger"] if sp.label_.startswith("nochange:")), None)
    if trig is None or trig.start == 0:
        return None
    head = trig.root
    subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS and c.i < trig.start), None)
    if subject is not None and subject.pos_ in ("NOUN", "PROPN") and not is_population(subject):
        outcome = phrase(doc, subject, frozenset({head.i}))
    else:
        outcome = _opening_phrase(doc, trig.start)
    if outcome is None or not outcome or outcome.end > trig.start or all(t.is_stop or t.is_punct for t in outcome):
        return None
    if not any(t.pos_ in ("NOUN", "PROPN") for t in outcome) or all(is_population(t) for t in outcome
                                                                     if t.pos_ in ("NOUN", "PROPN")):
        return None
    return ParsedClaim(None, outcome, _outcome_key(doc, outcome), "no_change", trig, "no_change_result",
                       False, True, strength_of("comparison", False))


def _opening_phrase(doc: Doc, end: int) -> Span | None:
    """The words before ``end`` that open the sentence, without a leading connective or a trailing auxiliary
    ("Likewise, fasting TAG did" -> "fasting TAG"); None when they run long or hold a clause break."""
    start = 0
    while start < end and (doc[start].is_punct or doc[start].pos_ in ("ADV", "CCONJ", "DET")):
        start += 1
    stop = end
    skip = syntax_words("be") | syntax_words("do_forms")
    while stop > start and (doc[stop - 1].lower_ in skip or doc[stop - 1].lemma_ == "have"
                            or doc[stop - 1].pos_ in ("ADV", "PART", "AUX")):
        stop -= 1
    if stop <= start or stop - start > 12 or any(t.text in (",", ";", ":") for t in doc[start:stop]):
        return None
    if doc[start].pos_ == "PRON" or doc[start].tag_ == "EX":  # "There was no ...", "It did not ...", "We found"
        return None
    return doc[start:stop]
