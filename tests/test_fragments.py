"""Headline verbs the parser reads as nouns (claimx/claims/fragments.py), through what `claimx check` reports.

The headlines are written for these tests. Each sits between two paragraphs, so the segmenter makes it a
heading (a line with no final stop)."""

from __future__ import annotations

import pytest

from claimx.claims.fragments import has_main_clause, verb_forms
from claimx.tag import _parse_text


def heading_claims(pipeline, heading: str):
    text = f"The clinic opened a new ward this spring.\n\n{heading}\n\nThe ward has twenty beds.\n"
    result = pipeline.check_text(text, "<test>")
    return [c for c in result.claims if c.sentence == heading]


@pytest.mark.parametrize("heading, intervention, outcome, direction", [
    ("Pedal power cuts risk of early death by a third", "Pedal power", "risk of early death", "decrease"),
    ("Gene therapy restores sight in patients with retinal disease", "Gene therapy", "sight", "increase"),
    ("LIVING NEAR A MOTORWAY CAUSES CHILDHOOD ASTHMA", "LIVING NEAR A MOTORWAY", "CHILDHOOD ASTHMA", "increase"),
    ("Long-term painkillers increase kidney damage", "Long-term painkillers", "kidney damage", "increase"),
    ("Cracked eggs dramatically increase risk of food poisoning", "Cracked eggs", "risk of food poisoning",
     "increase"),
    ("Fathers' working hours influence toddler sleep", "Fathers' working hours", "toddler sleep", "change"),
    ("Nurses' night shifts more than double migraine risk", "Nurses' night shifts", "migraine risk", "increase"),
    # a base form agreeing with the plural head before a prepositional phrase; a possessive inside the outcome
    ("Wet towels in a gym bag increase fungus risk", "Wet towels", "fungus risk", "increase"),
    ("Glowing screens in bedrooms worsen toddlers’ sleep", "Glowing screens", "toddlers’ sleep", "decrease"),
])
def test_headline_verbs_give_claims(pipeline, heading, intervention, outcome, direction):
    claims = heading_claims(pipeline, heading)
    assert claims, heading
    c = claims[0]
    assert intervention.lower() in c.intervention.lower() and outcome.lower() in c.outcome.lower()
    assert c.direction == direction


@pytest.mark.parametrize("heading, intervention, outcome, direction", [
    ("Drinking water helps prevent kidney stones", "Drinking water", "kidney stones", "decrease"),
    ("Climbing stairs helps lower blood pressure", "Climbing stairs", "blood pressure", "decrease"),
    ("Nasal sprays may help to relieve hay fever", "Nasal sprays", "hay fever", "decrease"),
])
def test_a_facilitating_verb_hands_its_effect_to_the_next_verb(pipeline, heading, intervention, outcome, direction):
    # the claim is the later verb's: its direction, and an outcome without the verb in it
    claims = heading_claims(pipeline, heading)
    assert [(c.intervention, c.outcome, c.direction) for c in claims] == [(intervention, outcome, direction)]


@pytest.mark.parametrize("heading", [
    "Assess How Caffeine Influences Deep Sleep",
    "Benefits of Walking for Older Adults",
    "Stages of Memory Affected by Alcohol",
    "Review the Changes in Appetite After Fasting",
    "Highlight Benefits of Yoga Over Stretching",
    "How Exercise Affects Mood",
])
def test_topic_headings_stay_quiet(pipeline, heading):
    assert heading_claims(pipeline, heading) == []


def test_a_why_headline_presupposes_its_effect(pipeline):
    # "Why X improves Y" takes the effect as given: a claim (unlike "How X affects Y", a topic)
    claims = heading_claims(pipeline, "Why Exercise Improves Mood")
    assert [c.direction for c in claims] == ["increase"]


def test_a_reporting_tail_leaves_the_headline_its_verb(pipeline):
    claims = heading_claims(pipeline, "Brisk walking 'halves risk of knee pain', doctors say")
    assert claims and claims[0].direction == "decrease"
    assert "walking" in claims[0].intervention.lower() and "knee pain" in claims[0].outcome


def test_a_hedged_headline_is_conditional(pipeline):
    claims = heading_claims(pipeline, "Fish oil capsules could cut dementia risk, study finds")
    assert claims and claims[0].hedged and claims[0].strength == "conditional_causal"


def test_verb_forms_are_finite_forms_of_effect_verbs():
    forms = verb_forms()
    assert forms["cuts"] == ("cut", "s") and forms["reduced"][1] == "ed"
    assert not any(f.endswith("ing") for f in forms)


def test_main_clause_detection(pipeline):
    tagger = pipeline.tagger
    def parsed(text):
        return tagger.syntax.parse([tagger.nlp(_parse_text(text))])[0]
    assert has_main_clause(parsed("The nurses said that the ward was full."))
    assert not has_main_clause(parsed("Understanding the Role of Sleep in Recovery"))


def _parsed(pipeline, text):
    tagger = pipeline.tagger
    return tagger.syntax.parse([tagger.nlp(_parse_text(text))])[0]


def test_order_reading_of_a_parsed_clause(pipeline):
    """With a finite clause in the parse, the order reader still gives "<noun phrase> <verb> <noun phrase>"."""
    from claimx.claims.fragments import fragment_claims

    doc = _parsed(pipeline, "Night shifts raised the risk of migraine.")
    assert has_main_clause(doc)
    found = fragment_claims(doc, pipeline.tagger.lexicon)
    assert found and found[0].intervention.text == "Night shifts" and found[0].direction == "increase"


@pytest.mark.parametrize("text", [
    "Experts say late-night scrolling cuts sleep time.",          # a finite verb inside the subject phrase
    "Heart failure affects more than 60 million people worldwide.",  # a count, not an outcome
    "Careful matching strengthened the associations found.",      # a statement about the analysis
])
def test_order_reading_of_a_parsed_clause_stays_quiet(pipeline, text):
    from claimx.claims.fragments import fragment_claims

    doc = _parsed(pipeline, text)
    assert has_main_clause(doc) and fragment_claims(doc, pipeline.tagger.lexicon) == []


def test_a_pronoun_subject_of_a_misread_verb_refers_back(pipeline):
    from claimx.claims.fragments import fragment_claims

    doc = _parsed(pipeline, "It positively impacts resilience and mood.")
    found = fragment_claims(doc, pipeline.tagger.lexicon)
    assert found and found[0].intervention is None and found[0].refers_back and found[0].anaphor.text == "It"
    assert fragment_claims(_parsed(pipeline, "We positively impacts mood."), pipeline.tagger.lexicon) == []


def test_a_gerund_phrase_ending_in_a_noun_read_as_a_verb_is_the_subject(pipeline):
    # "to work" read as an infinitive inside the gerund's phrase: the headline verb after it still states the claim
    claims = pipeline.check_text("Walking to work cuts risk of diabetes").claims
    assert claims and claims[0].intervention == "Walking to work" and claims[0].direction == "decrease"
