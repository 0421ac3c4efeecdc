"""Tag stage: claims from general rules and vocabularies, on sentences written for these tests."""

from __future__ import annotations

import pytest

from claimx.read import read_text
from claimx.segment import segment
from claimx.tag import _parse_text


@pytest.fixture(scope="module")
def tag(pipeline):
    def run(text: str):
        doc = read_text(text, "t.txt")
        return pipeline.tagger.tag(segment(doc), doc.text)

    return run


def one(claims):
    assert len(claims) == 1, claims
    return claims[0]


@pytest.mark.parametrize(
    ("text", "intervention", "outcome", "direction"),
    [
        ("Melatonin shortens sleep onset latency in adults.", "Melatonin", "sleep onset latency", "decrease"),
        ("Vitamin D supplements raised bone mineral density.", "Vitamin D", "bone mineral density", "increase"),
        ("Intermittent fasting lowers fasting insulin.", "Intermittent fasting", "fasting insulin", "decrease"),
        ("Aerobic exercise improves cognitive function in older adults.", "Aerobic exercise", "cognitive function",
         "increase"),
        ("Caffeine alters circadian rhythms.", "Caffeine", "circadian rhythms", "change"),
        ("Statins cut the risk of stroke.", "Statins", "risk of stroke", "decrease"),
    ],
)
def test_direction_of_active_verbs(tag, text, intervention, outcome, direction):
    c = one(tag(text))
    assert (c.intervention, c.outcome, c.direction) == (intervention, outcome, direction)
    assert not c.hedged and not c.negated and c.strength == "direct_causal"


def test_evaluative_verbs_flip_on_adverse_outcomes(tag):
    assert one(tag("Yoga improves anxiety symptoms.")).direction == "decrease"
    assert one(tag("Alcohol worsens insomnia.")).direction == "increase"
    assert one(tag("Alcohol worsens sleep quality.")).direction == "decrease"


def test_hedge_makes_claim_conditional(tag):
    c = one(tag("Magnesium may improve sleep quality."))
    assert c.hedged and c.strength == "conditional_causal" and c.direction == "increase"
    assert any(cue.text.lower() == "may" for cue in c.hedge_cues)


def test_negation_gives_no_change(tag):
    c = one(tag("Fish oil did not reduce heart attacks in the trial."))
    assert c.negated and c.direction == "no_change"


def test_no_change_phrases(tag):
    c = one(tag("Green tea had no effect on body weight."))
    assert c.direction == "no_change" and not c.negated
    assert one(tag("Creatine has minimal impact on kidney function.")).direction == "no_change"


def test_association_is_correlational(tag):
    c = one(tag("Coffee drinking is associated with a lower risk of type 2 diabetes."))
    assert c.strength == "correlational" and c.direction == "decrease"


def test_several_claims_in_one_sentence(tag):
    claims = tag("Melatonin shortened sleep onset latency and reduced night waking.")
    assert [(c.outcome, c.direction) for c in claims] == [("sleep onset latency", "decrease"),
                                                          ("night waking", "decrease")]


def test_participle_before_outcome_and_inheritance(tag):
    claims = tag("Children in the trial took melatonin for eight weeks. "
                 "Parents reported fewer night awakenings.")
    c = one(claims)
    assert c.intervention == "melatonin" and c.intervention_source == "previous_sentence"
    assert c.direction == "decrease"


def test_article_main_intervention_is_inherited(tag):
    text = ("Probiotics are everywhere. Probiotics come in capsules. Probiotics are sold in shops.\n\n"
            "Some people notice improved digestion within weeks.\n")
    c = one(tag(text))
    assert c.intervention == "Probiotics" and c.intervention_source == "article"


@pytest.mark.parametrize(
    "text",
    [
        "Does melatonin improve sleep quality?",
        "Talk to your doctor before taking melatonin to improve sleep.",
        "This article explores how melatonin affects sleep quality.",
        "Researchers are investigating whether melatonin improves sleep quality.",
        "Patients should consult a doctor before using melatonin to improve sleep quality.",
        "Melatonin is widely sold. The study 'Melatonin Improves Sleep in Shift Workers' is published in Sleep.",
        "Melatonin is widely sold. The trial recruited nurses whose sleep was disrupted by night shifts.",
    ],
)
def test_non_claims(tag, text):
    assert tag(text) == ()


def test_headings_are_claims_only_when_they_state_an_effect(pipeline):
    doc = read_text("Melatonin Improves Sleep Quality\nIt is sold over the counter.\n", "t.txt")
    sentences = segment(doc)
    assert sentences[0].kind == "heading"
    claims = pipeline.tagger.tag(sentences)
    assert [(c.intervention, c.direction) for c in claims] == [("Melatonin", "increase")]
    doc = read_text("How Melatonin Affects Sleep Quality\nIt is sold over the counter.\n", "t.txt")
    assert pipeline.tagger.tag(segment(doc)) == ()


@pytest.mark.parametrize(("heading", "intervention", "direction"), [
    ("GREEN VEGETABLES DON'T CUT RISK OF GOUT", "vegetables", "no_change"),   # "do" tagged as a base form
    ("No link between vaping and gum disease: new study", "vaping", "no_change"),  # a negated finding
    ("Frozen dinners 'contain more salt and sugar'", "Frozen dinners", "increase"),  # present verb read as base
    ("Daily doses of fish oil curb the spread of tumours", "oil", "decrease"),  # present verb read as a noun
    # the parse's whole subject phrase, not the noun the word rules found inside it
    ("Cracked tiles in a damp shower raise mould risk", "Cracked tiles", "increase"),
])
def test_headings_that_state_a_finding(pipeline, heading, intervention, direction):
    doc = read_text(heading + "\nIt is sold in shops.\n", "t.txt")
    claims = pipeline.tagger.tag(segment(doc))
    assert claims and claims[0].start == 0
    assert intervention in claims[0].intervention and claims[0].direction == direction


@pytest.mark.parametrize("heading", ["Take fish oil capsules to protect your heart", "The link between diet and mood"])
def test_instructions_and_topics_are_no_heading_claims(pipeline, heading):
    doc = read_text(heading + "\nIt is sold in shops.\n", "t.txt")
    assert not [c for c in pipeline.tagger.tag(segment(doc)) if c.start == 0]


def test_statistics_decide_direction(tag):
    c = one(tag("Statin therapy reduced major cardiovascular events (HR 0.78, 95% CI 0.66-0.92)."))
    assert c.direction == "decrease" and c.statistics and c.statistics[0].ci_high == 0.92
    c = one(tag("Vitamin C reduced colds (RR 0.97, 95% CI 0.88-1.07)."))
    assert c.direction == "no_change"


def test_predicative_comparison_relative_to_intervention_arm(tag):
    c = one(tag("Sleep quality was significantly higher in the melatonin group than in the placebo group."))
    assert (c.intervention, c.direction) == ("melatonin", "increase")


def test_offsets_point_at_spans(pipeline):
    text = "Title\n\nIn adults, zinc lozenges shortened common cold duration.\n"
    doc = read_text(text, "t.txt")
    c = one(pipeline.tagger.tag(segment(doc)))
    s, e = c.outcome_span
    assert doc.text[s:e] == c.outcome
    s, e = c.intervention_span
    assert doc.text[s:e].startswith("zinc")


def test_association_verb_with_object(tag):
    c = one(tag("A large cohort study tied heavy drinking to a higher risk of atrial fibrillation."))
    assert (c.intervention, c.direction, c.strength) == ("heavy drinking", "increase", "correlational")


def test_unknown_subject_is_the_intervention_not_an_inherited_one(tag):
    claims = tag("Magnesium improves sleep quality. Lack of sleep impairs memory consolidation.")
    assert [c.intervention for c in claims] == ["Magnesium", "Lack of sleep"]
    assert claims[1].intervention_source == "sentence"


def test_help_plus_effect_verb(tag):
    c = one(tag("Probiotics can help restore gut bacteria after antibiotics."))
    assert (c.intervention, c.outcome, c.direction, c.trigger) == ("Probiotics", "gut bacteria", "increase",
                                                                    "restore")


def test_help_to_plus_coordinated_effect_verbs(tag):
    claims = tag("Green tea may help to prevent or treat gum disease.")
    assert [(c.intervention, c.outcome, c.direction, c.hedged) for c in claims] == [
        ("Green tea", "gum disease", "decrease", True)]


def test_link_between_two_coordinated_phrases(tag):
    c = one(tag("The survey found a link between night shifts and migraine."))
    assert (c.intervention, c.outcome, c.strength) == ("night shifts", "migraine", "correlational")


def test_referring_subject_stays_when_nothing_earlier_names_an_intervention(tag):
    # "the new tablet" refers back; with no earlier intervention it is the claim's own intervention
    c = one(tag("The new tablet could ease joint stiffness within a month."))
    assert c.intervention == "new tablet" and c.intervention_source == "sentence"
    assert c.direction == "decrease" and c.hedged
    assert c.intervention_span is not None and c.sentence[c.intervention_span[0] - c.start:
                                                              c.intervention_span[1] - c.start] == "new tablet"
    # a pronoun with nothing to refer to stays the claim's intervention: the claim is there, what "it" is is not
    c = one(tag("It could ease joint stiffness within a month."))
    assert c.intervention == "It" and c.outcome == "joint stiffness" and c.direction == "decrease" and c.hedged
    # with an earlier sentence naming one, the pronoun takes it
    c = one(tag("Turmeric capsules are cheap. It could ease joint stiffness within a month."))
    assert c.intervention.startswith("Turmeric") and c.intervention_source == "previous_sentence"


def test_referring_subject_takes_the_previous_sentences_intervention(tag):
    c = one(tag("Turmeric is sold widely as a spice. The supplement may ease joint stiffness."))
    assert c.intervention == "Turmeric" and c.intervention_source == "previous_sentence"
    assert c.intervention_span is None


def test_word_in_capitals_inside_mixed_text_is_read_as_a_word(tag):
    c = one(tag("Walking every day HALVES the risk of knee pain, doctors say."))
    assert c.direction == "decrease" and "risk of knee pain" in c.outcome
    assert c.intervention.lower().startswith("walking")


def test_parse_text_lowercases_capital_words_but_keeps_acronyms():
    text = "Daily HIIT SLASHES the risk of falls"
    out = _parse_text(text, frozenset({"hiit"}))
    assert out == "Daily HIIT slashes the risk of falls" and len(out) == len(text)
    assert _parse_text("Nothing in capitals here") == "Nothing in capitals here"


def test_no_break_spaces_read_as_spaces(tag):
    plain = one(tag("Daily walks may lower the risk of knee pain."))
    nbsp = one(tag("Daily\u00a0walks\u00a0may\u00a0lower\u00a0the\u00a0risk of knee\u00a0pain."))
    assert (nbsp.direction, nbsp.hedged) == (plain.direction, plain.hedged)
    assert nbsp.outcome.replace("\u00a0", " ") == plain.outcome
    from claimx.tag import _parse_text

    assert _parse_text("a\u00a0b\u00adc") == "a b-c"


@pytest.mark.parametrize(
    ("heading", "direction"),
    [("How daily walks cut the risk of falls", "decrease"),
     ("Why green tea can lower blood pressure", "decrease"),
     ("How Melatonin Affects Sleep Quality", None),
     ("How can you lower your blood pressure?", None),
     ("Does green tea lower blood pressure", None)],
)
def test_how_and_why_headings_state_an_effect_only_with_a_direction(pipeline, heading, direction):
    sentences = segment(read_text(f"{heading}\n\nIt is sold over the counter.\n", "t.txt"))
    assert sentences[0].kind == "heading" or heading.endswith("?")  # a question line is read as a sentence
    claims = [c for c in pipeline.tagger.tag(sentences) if c.sentence_index == 0]
    assert [c.direction for c in claims] == ([direction] if direction else [])


def test_trial_result_without_a_named_arm_is_a_claim_with_an_unnamed_intervention(tag):
    c = one(tag("Knee stiffness scores were unchanged (p = 0.40)."))
    assert c.intervention == "" and c.direction == "no_change" and "stiffness" in c.outcome
    assert c.statistics
    # without a statistic or arms compared, a claim that names nothing stays out
    assert tag("Knee stiffness scores were unchanged.") == ()


def test_trial_result_takes_the_articles_intervention(tag):
    claims = tag("Ginger was tested in a trial.\n\nNausea scores were unchanged (p = 0.41).")
    assert [(c.intervention, c.direction) for c in claims] == [("Ginger", "no_change")]


def test_a_result_stated_only_by_its_numbers_is_a_claim(tag):
    c = one(tag("The fall rate was 12% in the exercise group and 15% in the usual-care group (P = 0.31)."))
    assert c.direction == "no_change" and "fall rate" in c.outcome
    # numbers that compare nothing are no claim
    assert tag("The mean age was 61 years (SD 9).") == ()


def _parsed_heading(words, tags, heads, deps):
    """A heading ``Doc`` with a parse given by hand, so the test does not depend on what the model predicts."""
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, tags=tags, heads=heads, deps=deps)


def _found_at(doc, i, direction="decrease"):
    from claimx.claims.build import Found

    return Found(None, (i + 1, len(doc)), "", direction, doc[i:i + 1], "parse:effect_verb")


def test_heading_without_a_finite_verb_does_not_state_its_effect():
    from claimx.tag import heading_asserts

    # "Jogging and swimming lowering blood pressure": a topic; the gerund root has only a gerund conjunct.
    doc = _parsed_heading(["Jogging", "and", "swimming", "lowering", "blood", "pressure"],
                          ["VBG", "CC", "VBG", "VBG", "NN", "NN"], [0, 2, 0, 0, 5, 3],
                          ["ROOT", "cc", "conj", "acl", "compound", "obj"])
    assert not heading_asserts(doc, _found_at(doc, 3))


def test_heading_with_gerund_root_and_coordinated_finite_verb_states_its_effect():
    from claimx.tag import heading_asserts

    # The parser makes the opening gerund the root, the finite verb its conjunct and the effect verb hangs
    # from the root: "Jogging daily helps lower blood pressure" still states the effect.
    words = ["Jogging", "daily", "helps", "lower", "blood", "pressure"]
    tags = ["VBG", "RB", "VBZ", "VB", "NN", "NN"]
    stated = _parsed_heading(words, tags, [0, 0, 0, 0, 5, 3], ["ROOT", "advmod", "conj", "xcomp", "compound", "obj"])
    assert heading_asserts(stated, _found_at(stated, 3))
    # With a coordinator the conjunct is a second topic ("Jogging and helps ..."), not the stated verb.
    coordinated = _parsed_heading(["Jogging", "and", "helps", "lower", "blood", "pressure"], ["VBG", "CC", *tags[2:]],
                                  [0, 2, 0, 0, 5, 3], ["ROOT", "cc", "conj", "xcomp", "compound", "obj"])
    assert not heading_asserts(coordinated, _found_at(coordinated, 3))


def test_heading_claim_the_parse_misses_comes_from_the_word_rules(pipeline):
    # "impact" after "may not" tagged as a noun: no construction fires, the word rules still read the claim
    sentences = segment(read_text("Shift work may not impact memory scores\n\nIt was a small study.\n", "t.txt"))
    assert sentences[0].kind == "heading"
    claims = [c for c in pipeline.tagger.tag(sentences) if c.sentence_index == 0]
    assert [(c.intervention, c.direction, c.outcome) for c in claims] == [("Shift work", "no_change", "memory scores")]


def test_heading_word_rule_claims_pass_the_same_statement_check(pipeline):
    sentences = segment(read_text("Assess How Shift Work Influences Memory\n\nIt was a small study.\n", "t.txt"))
    assert [c for c in pipeline.tagger.tag(sentences) if c.sentence_index == 0] == []


def test_parse_claim_with_a_referring_subject_replaces_a_word_rule_claim_without_one():
    import spacy

    from claimx.claims.build import Found
    from claimx.tag import merge_found

    doc = spacy.blank("en")("The new pill could reduce asthma attacks")
    lexical = Found(None, (5, 7), "asthma attacks", "decrease", doc[4:5], "verb")
    parsed = Found(None, (6, 7), "attacks", "decrease", doc[4:5], "parse:active_effect_verb", anaphor=doc[0:3])
    assert merge_found([lexical], [parsed]) == [parsed]
    # without a referring subject the parse claim adds nothing over the word rules' claim
    bare = Found(None, (6, 7), "attacks", "decrease", doc[4:5], "parse:active_effect_verb")
    assert merge_found([lexical], [bare]) == [lexical]


@pytest.mark.parametrize("text", [
    "Resting heart rate did not differ between the two arms at week twelve.",
    "Fasting insulin did not change between the groups.",
    "Hospital stay was similar between the two groups.",
])
def test_no_difference_between_arms_is_a_no_change_claim(tag, text):
    c = one(tag(text))
    assert c.direction == "no_change" and c.outcome and c.outcome in text
    # a vocabulary word inside the measured outcome ("fasting insulin") is not the intervention
    assert not c.intervention or c.intervention.lower() not in c.outcome.lower()


def test_comparative_read_as_a_predicate_noun_is_an_adjective():
    import spacy
    from spacy.tokens import Doc

    from claimx.claims.constructions import upos

    doc = Doc(spacy.blank("en").vocab, words=["The", "stay", "was", "shorter", "after", "surgery"],
              pos=["DET", "NOUN", "AUX", "NOUN", "ADP", "NOUN"], tags=["DT", "NN", "VBD", "NN", "IN", "NN"],
              heads=[1, 3, 3, 3, 5, 3], deps=["det", "nsubj", "cop", "ROOT", "case", "obl"])
    assert upos(doc[3]) == "ADJ"
    assert upos(doc[1]) == "NOUN"  # a plain subject noun stays a noun


def test_opening_phrase_of_a_result_sentence():
    import spacy
    from spacy.tokens import Doc

    from claimx.claims.results import _opening_phrase

    words = ["Likewise", ",", "fasting", "glucose", "did", "not", "change"]
    doc = Doc(spacy.blank("en").vocab, words=words, pos=["ADV", "PUNCT", "NOUN", "NOUN", "AUX", "PART", "VERB"])
    span = _opening_phrase(doc, 4)
    assert span is not None and span.text == "fasting glucose"
    assert _opening_phrase(Doc(doc.vocab, words=["There", "was", "no", "difference"],
                               pos=["PRON", "VERB", "DET", "NOUN"]), 2) is None


def test_a_result_stated_as_not_significant_in_words_is_no_change(tag):
    c = one(tag("Mean hospital stay was one day shorter in the treatment group, but the difference did not "
                "reach statistical significance."))
    assert c.direction == "no_change"
    # the same comparison stated as significant keeps its direction
    c = one(tag("Mean hospital stay was significantly shorter in the treatment group than in the control group."))
    assert c.direction == "decrease"


def test_a_comparison_seen_in_the_control_arm_is_the_other_arms_reversed(tag):
    c = one(tag("Pain scores were higher in the placebo group than in the lidocaine group."))
    assert c.direction == "decrease" and "placebo" not in (c.intervention or "").lower()
    c = one(tag("Pain scores were lower with lidocaine compared to placebo."))
    assert c.direction == "decrease"


def test_control_arm_phrases():
    from claimx.stats import is_control_arm

    assert is_control_arm("the placebo group") and is_control_arm("usual care") and is_control_arm("controls")
    assert not is_control_arm("the intervention group") and not is_control_arm("glycaemic control")
    assert not is_control_arm("supplement compared to placebo")  # names the control arm, is not it


def test_a_change_seen_in_a_group_is_described_not_caused(pipeline):
    from claimx.claims.assemble import parse_claims

    tagger = pipeline.tagger
    doc = tagger.syntax.parse([tagger.nlp(_parse_text("Serum zinc levels were decreased in patients with eczema."))])[0]
    claims = [c for c in parse_claims(doc, tagger.lexicon) if c.construction == "passive_effect_verb"]
    assert [(c.direction, c.strength) for c in claims] == [("decrease", "correlational")]
    doc = tagger.syntax.parse([tagger.nlp(_parse_text("Serum zinc levels were decreased by the new diet."))])[0]
    assert [c.strength for c in parse_claims(doc, tagger.lexicon)] == ["direct_causal"]


def test_verb_read_as_a_modifier_of_the_root_noun_is_repaired():
    import spacy
    from spacy.tokens import Doc

    from claimx.claims.repairs import repair

    words = ["Statins", "significantly", "reduced", "levels", "of", "LDL", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, tags=["NNS", "RB", "VBN", "NNS", "IN", "NN", "."],
              pos=["NOUN", "ADV", "VERB", "NOUN", "ADP", "NOUN", "PUNCT"],
              heads=[2, 2, 3, 3, 5, 3, 3], deps=["nsubj", "advmod", "amod", "ROOT", "case", "nmod", "punct"])
    repair(doc)
    assert (doc[2].dep_, doc[3].dep_, doc[3].head.i, doc[0].head.i) == ("ROOT", "obj", 2, 2)
    # "Patients with reduced levels ...": no subject before the participle, nothing to repair
    words = ["Reduced", "levels", "of", "iron"]
    doc = Doc(spacy.blank("en").vocab, words=words, tags=["VBN", "NNS", "IN", "NN"],
              pos=["VERB", "NOUN", "ADP", "NOUN"], heads=[1, 1, 3, 1], deps=["amod", "ROOT", "case", "nmod"])
    repair(doc)
    assert doc[1].dep_ == "ROOT" and doc[0].dep_ == "amod"


def test_significance_marks_a_result_sentence_whose_intervention_is_unnamed(tag):
    # with nothing to inherit, a result stated by its significance is still a claim (of the study's arm)
    c = one(tag("Blood pressure was not significantly affected."))
    assert c.outcome == "Blood pressure" and c.direction == "no_change" and not c.intervention
    assert tag("Blood pressure was not affected by the weather.")[0].intervention  # a named cause stays


def test_a_result_told_by_its_numbers_is_parsed_and_claimed(tag):
    # no effect word at all: the arms, the numbers and the p-value state the (non-)difference
    c = one(tag("Median survival was 41 months for the surgery arm and 44 months for the radiotherapy arm "
                "(p=0.61)."))
    assert c.outcome == "Median survival" and c.direction == "no_change"


def test_object_of_a_finding_verb_is_the_subject_of_the_verb_after_it(tag):
    # "found the scheme narrowed ..." is often parsed with "the scheme" as the object of "found"
    c = one(tag("We found the new scheme narrowed the gap in obesity between rich and poor areas."))
    assert c.intervention == "new scheme" and c.direction == "decrease" and c.outcome.startswith("gap")


@pytest.mark.parametrize(("text", "direction"), [
    ("Babies born from twin pregnancies are not only at increased risk of jaundice but also of asthma.", "increase"),
    ("Children born to older mothers were less likely to develop asthma.", "decrease"),
])
def test_a_participle_clause_on_the_population_names_the_exposure(tag, text, direction):
    c = tag(text)[0]
    assert c.intervention.startswith(text.split(" are")[0].split(" were")[0])
    assert c.direction == direction and not c.negated  # "not only ... but also" negates nothing


def test_have_with_an_effect_noun_reads_the_effect_not_a_comparison(tag):
    c = one(tag("Long shifts have a significant negative effect on the sleep of nurses."))
    assert c.outcome.startswith("sleep") and c.direction == "decrease" and c.strength == "direct_causal"


def test_those_who_names_the_exposure_in_its_clause(tag):
    c = one(tag("Those who walked daily were 50% less likely to die early."))
    assert c.intervention.startswith("walked daily") and c.direction == "decrease"


@pytest.mark.parametrize(("text", "intervention"), [
    ("Researchers found the drug reduced anxiety by 30%.", "drug"),   # "drug reduced" read as modifiers
    ("The team showed the diet lowered cholesterol.", "diet"),         # "lowered" tagged as a verb, read as ADJ
])
def test_a_reported_clause_misread_as_a_noun_phrase_keeps_its_verb(tag, text, intervention):
    c = one(tag(text))
    assert c.intervention == intervention and c.direction == "decrease"


def test_a_reporting_tail_is_not_part_of_the_outcome(pipeline):
    from claimx.evaluate import _check

    claims = _check(pipeline, "Chocolate is good for your brain, study shows", "h.txt").claims
    assert claims and claims[0].outcome == "brain"


@pytest.mark.parametrize(("text", "outcome", "direction"), [
    ("Mint toothpaste resulted in significantly less plaque.", "plaque", "decrease"),
    ("The new diet led to greater reductions in weight.", "weight", "decrease"),
])
def test_what_a_cause_verb_leads_to_decides_the_direction(tag, text, outcome, direction):
    c = tag(text)[0]
    assert c.outcome == outcome and c.direction == direction


@pytest.mark.parametrize(("text", "direction"), [
    ("Screen time negatively affects sleep in teenagers.", "decrease"),
    ("Daily walks positively affect mood.", "increase"),
    ("Caffeine affects sleep.", "change"),
])
def test_a_quality_adverb_gives_a_change_verb_its_direction(tag, pipeline, text, direction):
    from claimx.claims.assemble import parse_claims

    assert tag(text)[0].direction == direction
    tagger = pipeline.tagger
    doc = tagger.syntax.parse([tagger.nlp(_parse_text(text))])[0]
    assert [c.direction for c in parse_claims(doc, tagger.lexicon)][:1] == [direction]  # the parse reader too


@pytest.mark.parametrize("text", ["Our results add to the evidence supporting public health campaigns on obesity.",
                                  "Our results add to the body of evidence supporting the introduction of school "
                                  "health checks."])
def test_the_study_as_subject_is_no_intervention(pipeline, text):
    # the study reporting ("Our results add to ..."), not an exposure acting on an outcome
    assert pipeline.check_text(text).claims == ()


def test_a_bare_data_noun_can_still_be_the_exposure(pipeline):
    claims = pipeline.check_text("Data could predict risk of dementia").claims
    assert claims and claims[0].intervention == "Data"


@pytest.mark.parametrize(("text", "direction"), [
    ("Patients with back pain benefit as much from yoga as they do from pills.", "no_change"),
    ("Exercise improved mood as much as the drug did.", "no_change"),
    # "as well as" is "and"; "as much as 50%" a quantity
    ("Yoga reduced pain as well as fatigue.", "decrease"),
    ("Exercise improved mood.", "increase"),
])
def test_an_effect_equal_to_another_is_no_difference(pipeline, text, direction):
    claims = pipeline.check_text(text).claims
    assert claims and claims[0].direction == direction


def test_equative_frames():
    import spacy

    from claimx.claims.build import equative

    doc = spacy.blank("en")("The drug cut pain by as much as 50% in a week.")
    assert not equative(doc, 2, 3)
    doc = spacy.blank("en")("Walking may be as useful as running for easing pain.")
    assert equative(doc, 8, 9)


@pytest.mark.parametrize(("text", "direction"), [
    # a change noun's claim takes its direction from the comparison of arms beside it
    ("The mean of score changes in the exercise group was significantly higher than that in the control group "
     "(P<0.001).", "increase"),
    ("The fold change of CRP at day 7 in patients treated with the gel was significantly (p = 0.01) lower than in "
     "placebo-treated patients.", "decrease"),
    # "lesser" is a degree word
    ("The redness was significantly lesser on the side treated with the cream than on the other side (P < 0.05).",
     "decrease"),
])
def test_a_change_beside_a_comparison_of_arms_takes_its_direction(pipeline, text, direction):
    claims = pipeline.check_text(text).claims
    assert claims and claims[0].direction == direction


def test_a_result_read_from_its_numbers_keeps_a_who_clause_outcome(pipeline):
    # "patients who recovered" is the outcome counted, not an exposure the sentence names for itself
    claims = pipeline.check_text("The percentage of patients who recovered was 44% with the gel versus 10% with "
                                 "the cream (OR 6.8, 95% CI 1.3-35.4, P=.014).").claims
    assert claims and claims[0].outcome == "percentage of patients" and claims[0].direction == "increase"
