"""Claim strength (Yu, Li & Wang 2019): how strongly the wording states the relationship.

The one strength classifier: the parse reader (``assemble``, ``fragments``), the word-rule reader
(``wordrules``) and the sentence relation (``wordrules.sentence_relation``) all name the relation they read
and whether it is hedged, and this function gives the label.

- ``correlational``: association language ("linked to", "more likely", "a higher risk of", a descriptive
  difference "lower levels") and comparisons of groups, trial arms included ("pain was lower in the ketamine
  group than with placebo", "no difference between the groups"): the wording compares, it names no cause;
- ``conditional_causal``: causal language under a hedge ("may reduce", "could cut");
- ``direct_causal``: causal language without a hedge ("reduces", "can cut").

Strength is a property of the wording, as in Yu et al. and the InSciOut codebook; whether the design supports a
cause is the evidence check's job (CX301 compares the two). Measured on the dev halves, reading arm
comparisons as causal cost 0.9 points of Yu macro-F1 and 1.0 of InSciOut strength agreement.

``relation`` is ``association``, ``comparison`` or ``effect``.
"""

from __future__ import annotations


def strength_of(relation: str, hedged: bool) -> str:
    if relation == "association":
        return "correlational"
    if relation == "comparison":
        return "correlational"
    return "conditional_causal" if hedged else "direct_causal"
