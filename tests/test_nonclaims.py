"""Non-claim sentences (claimx/claims/nonclaims.py, patterns in models/patterns/nonclaims.yaml).

The sentences are written for these tests."""

from __future__ import annotations

import pytest

from claimx.claims.nonclaims import nonclaim_reason


@pytest.mark.parametrize("text, reason", [
    ("Further research is warranted.", "investigation"),
    ("Larger trials are needed, but early data suggest the drug helps.", "investigation"),
    ("Is coffee bad for you?", "question"),
    # a definition after a clause break still makes the sentence a non-claim
    ("Green tea is a pleasant drink, but it is not a weight-loss treatment.", "definition"),
])
def test_non_claim_sentences(text, reason):
    assert nonclaim_reason(text) == reason


@pytest.mark.parametrize("text", [
    "The drug reduced pain in the trial, but larger trials are needed.",
    "Daily walks lowered blood pressure; further research is warranted.",
])
def test_a_finding_before_a_research_caveat_is_read(text):
    assert nonclaim_reason(text) is None


def test_a_finding_before_a_caveat_gives_its_claim(pipeline):
    claims = pipeline.check_text("Daily walks lowered blood pressure, though larger trials are needed.").claims
    assert [(c.intervention, c.direction) for c in claims] == [("Daily walks", "decrease")]
