"""Claim strength (Yu, Li & Wang 2019): how strongly the wording states the relationship.

The one strength classifier: the parse reader (``assemble``, ``fragments``), the word-rule reader
(``wordrules``) and the sentence relation (``wordrules.sentence_relation``) all name the relation they read
and whether it is hedged, and this function gives the label.

- ``correlational``: association language ("linked to", "more likely", "a higher risk of", a descriptive
  difference "lower levels") and comparisons of groups that are not trial arms;
- ``conditional_causal``: causal language under a hedge ("may reduce", "could cut");
- ``direct_causal``: causal language without a hedge ("reduces", "can cut"), and comparisons of trial arms.

``relation`` is ``association``, ``comparison`` (``comparative`` is then the trial-arm direction of the
sentence, if any) or ``effect``.
"""

from __future__ import annotations


def strength_of(relation: str, hedged: bool, comparative: str | None = None) -> str:
    if relation == "association":
        return "correlational"
    if relation == "comparison":
        return "direct_causal" if comparative else "correlational"
    return "conditional_causal" if hedged else "direct_causal"
