"""Correlative comparatives ("the more X, the lower Y"), through what `claimx check` reports.

The sentences are written for these tests."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, intervention, outcome, direction", [
    ("The more sugar children ate, the higher their risk of tooth decay.", "sugar", "risk of tooth decay",
     "increase"),
    ("The longer the walks, the lower the blood pressure readings.", "walks", "blood pressure readings",
     "decrease"),
    # commas inside the first phrase; a copula before the second phrase's noun
    ("The higher the share of cyclists in Leeds, York and Hull, the lower were the asthma rates.",
     "share of cyclists", "asthma rates", "decrease"),
    # an evaluative comparative is read against its outcome: worse pain is more pain
    ("Researchers found that the more hours nurses worked, the worse their back pain.", "hours nurses worked",
     "back pain", "increase"),
])
def test_correlative_comparatives_give_one_correlational_claim(pipeline, text, intervention, outcome, direction):
    claims = pipeline.check_text(text).claims
    assert len(claims) == 1, claims
    c = claims[0]
    assert intervention in c.intervention and outcome in c.outcome
    assert c.direction == direction and c.strength == "correlational"


@pytest.mark.parametrize("text", [
    "The more, the merrier.",
    "The more recent study, the one from Leeds, was small.",
])
def test_other_sentences_with_two_the_phrases_are_no_correlatives(pipeline, text):
    assert pipeline.check_text(text).claims == ()
