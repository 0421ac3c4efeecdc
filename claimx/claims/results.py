"""Trial results stated by their numbers: "The mortality rate was 26% in the statin group and 45% in the
placebo group (P = 0.17)", "The relative risk of admission was 0.83 (0.56-1.24) compared with usual care".

Such a sentence has no effect word for the constructions to read, but its statistics give the direction
(``claimx.stats.direction_from_statistics``: an interval that spans the null or p >= 0.05 is no change). When
the sentence compares arms (a word of ``result_words`` in ``models/patterns/syntax.yaml``) or carries a ratio
(HR/OR/RR), and neither reader found a claim in it, this reader gives one claim: the outcome is the subject of
the main clause, the direction ``change`` (the tag stage replaces it by the statistics' direction), the
intervention unnamed (the discourse step supplies it, or it stays empty).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from claimx.claims.assemble import ParsedClaim, _outcome_key
from claimx.claims.constructions import SUBJECT_DEPS
from claimx.claims.spans import is_population, phrase
from claimx.claims.strength import strength_of
from claimx.records import Statistic
from claimx.stats import direction_from_statistics


def statistics_claim(doc: Doc, statistics: Sequence[Statistic], compares_arms: bool) -> ParsedClaim | None:
    """The claim of a result sentence read from its numbers, or None."""
    if not statistics or direction_from_statistics(statistics) is None:
        return None
    if not compares_arms and not any(st.kind == "ratio" for st in statistics):
        return None
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN") or is_population(subject) or subject.like_num:
        return None
    outcome = phrase(doc, subject, frozenset({root.i}))
    if not outcome or all(t.is_stop or t.is_punct for t in outcome):
        return None
    return ParsedClaim(None, outcome, _outcome_key(doc, outcome), "change", doc[root.i:root.i + 1], "statistics",
                       False, False, strength_of("comparison", False, "result"))
