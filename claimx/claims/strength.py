"""Claim strength (Yu, Li & Wang 2019): how strongly the wording states the relationship.

- ``correlational``: association language ("linked to", "more likely", "a higher risk of") and comparisons of
  groups that are not trial arms;
- ``conditional_causal``: causal language under a hedge ("may reduce", "could cut");
- ``direct_causal``: causal language without a hedge ("reduces", "can cut"), and comparisons of trial arms.
"""

from __future__ import annotations


def strength_of(relation: str, hedged: bool, comparative: str | None = None) -> str:
    if relation == "association":
        return "correlational"
    if relation == "comparison":
        return "direct_causal" if comparative else "correlational"
    return "conditional_causal" if hedged else "direct_causal"
