"""Claim constructions read from the dependency parse (models/patterns/constructions.yaml).

Each construction's own fixture (`examples.fire` / `examples.quiet` in the data file) runs through the parser
and the engine; the tests below check what the claims that `claimx check` reports then say. The sentences are
written for these tests.
"""

from __future__ import annotations

import pytest

from claimx.claims.constructions import grammar, relations
from claimx.tag import _parse_text

CONSTRUCTIONS = grammar().constructions
KNOWN_MISS = pytest.mark.xfail(reason="known misreading by the parser or the engine", strict=False)


def parse(pipeline, text):
    tagger = pipeline.tagger
    return tagger.syntax.parse([tagger.nlp(_parse_text(text))])[0]


def test_every_construction_has_a_fixture():
    assert len(CONSTRUCTIONS) >= 12
    for c in CONSTRUCTIONS:
        assert c.examples.get("fire") or c.examples.get("misses"), f"{c.name} has no sentence it must fire on"


def _cases(key: str) -> list:
    """Fixture sentences; those listed under `misses` (the parser reads them wrongly today) run as expected
    failures, so that a fix shows up as XPASS and they can move back to `fire`."""
    out = []
    for c in CONSTRUCTIONS:
        for t in c.examples.get(key, []):
            out.append(pytest.param(c.name, t, id=f"{c.name}-{t[:40]}"))
        for t in c.examples.get("misses" if key == "fire" else "quiet_misses", []):
            out.append(pytest.param(c.name, t, id=f"{c.name}-{t[:40]}",
                                    marks=pytest.mark.xfail(reason="known parser misreading", strict=False)))
    return out


@pytest.mark.parametrize(("name", "text"), _cases("fire"))
def test_construction_fires(pipeline, name, text):
    found = {r.construction for r in relations(parse(pipeline, text))}
    assert name in found, f"{name} did not fire on {text!r} (got {sorted(found)})"


@pytest.mark.parametrize(("name", "text"), _cases("quiet"))
def test_construction_stays_quiet(pipeline, name, text):
    found = {r.construction for r in relations(parse(pipeline, text))}
    assert name not in found, f"{name} fired on {text!r}"


def claims(pipeline, text):
    return pipeline.check_text(text).claims


def one(pipeline, text):
    cs = claims(pipeline, text)
    assert cs, f"no claim in {text!r}"
    return cs[0]


@pytest.mark.parametrize(
    ("text", "intervention", "outcome", "direction"),
    [
        # active and passive effect verbs; unknown words still give phrases
        ("Flurbinol lowered the frequency of night cramps in cyclists.", "Flurbinol", "frequency of night cramps",
         "decrease"),
        pytest.param("Night cramps were reduced by daily stretching.", "daily stretching", "Night cramps",
                     "decrease", marks=KNOWN_MISS),
        # lead to / result in
        pytest.param("Skipping breakfast led to poorer concentration at school.", "Skipping breakfast", "concentration",
         "decrease", marks=KNOWN_MISS),
        # association with a degree word on the outcome
        ("Shift work is linked to a higher risk of type 2 diabetes.", "Shift work", "risk of type 2 diabetes",
         "increase"),
        # comparative likelihood
        pytest.param("Teenagers who sleep less are more likely to be injured.", "sleep less", "injured",
                     "increase", marks=KNOWN_MISS),
        # "linked to lower X" with "lower" read as the verb of a to-clause
        ("A higher proportion of smokers in these towns was linked to lower breastfeeding rates.",
         "proportion of smokers", "breastfeeding rates", "decrease"),
        # the researchers who found it are passed over for the group the risk was seen in
        ("The researchers found a higher risk of stroke among night workers.", "night workers",
         "risk of stroke", "increase"),
        # the object of "found" is the subject of the finite verb after it ("found X has led to Y")
        ("Officials found a small fee on plastic bags in Wales has led to a drop in litter.", "fee on plastic bags",
         "litter", "decrease"),
        # a change participle on what was caused gives the direction
        ("Stress is contributing to falling fertility.", "Stress", "fertility", "decrease"),
        # negation scoped by the tree: a denied evidence noun, a light verb's negation, beyond the word window
        ("There is no evidence that the expensive fish oil capsules sold in most high street shops and by many "
         "online stores improve memory.", "fish oil capsules", "memory", "no_change"),
        ("Honey was not shown to have any benefit for coughs in adults.", "Honey", "coughs", "no_change"),
        # a described group as the predicate of "likely to be"; "hasten" as an increase verb
        ("Night-shift nurses are more likely to be heavy smokers.", "Night-shift nurses", "heavy smokers",
         "increase"),
        ("Warm compresses may hasten the healing of bruises.", "Warm compresses", "healing of bruises", "increase"),
        # the outcome of an effect noun hung from its verb ("effects ... were found for X")
        ("No clear effects of the new diet were found for blood sugar.", "new diet", "blood sugar", "no_change"),
        # "unable to" / "fail to" deny the effect of the verb they govern
        ("The scheme was unable to boost healthy eating among pupils.", "scheme", "healthy", "no_change"),
        # "does little / nothing to": a denied effect, not a purpose
        ("Diet drinks do little to reduce weight.", "Diet drinks", "weight", "no_change"),
        ("Vitamin pills do nothing to prevent colds.", "Vitamin pills", "colds", "no_change"),
        # ... also with the to-clause read as adverbial
        ("Current vaccines are failing to increase children's immunity.", "Current vaccines", "immunity",
         "no_change"),
        # "unlikely to" claims no effect; "up" as a headline verb
        ("Vitamin pills are unlikely to prevent colds.", "Vitamin pills", "colds", "no_change"),
        ("Sugary cereals may up the risk of tooth decay.", "Sugary cereals", "risk of tooth decay", "increase"),
        # a population named by a participle is its own exposure
        ("Breastfed babies are less likely to develop eczema.", "Breastfed babies", "eczema", "decrease"),
        # the outcome keeps its degree word
        ("Mice live longer on a low-protein diet.", "low-protein diet", "live longer", "increase"),
        # risk nouns
        ("Nurses on night shifts had a lower risk of migraine.", "night shifts", "risk of migraine", "decrease"),
        # nominalisations
        ("The trial showed a reduction in hospital admissions with the new vaccine.", "new vaccine",
         "hospital admissions", "decrease"),
        # a relative clause on the subject of "developed" / "tested" states the effect it presupposes
        ("A drug that reduces asthma attacks has been developed.", "drug", "asthma attacks", "decrease"),
        ("An inhaler that reduces wheezing in children was tested.", "inhaler", "wheezing", "decrease"),
        # the means of a passive change ("through", "via")
        ("Sleep can be improved via a phone app.", "phone app", "Sleep", "increase"),
        # a more/less word on what was caused gives the direction, also when the word rules read the claim
        ("Exercise leads to lower blood pressure.", "Exercise", "blood pressure", "decrease"),
        ("Smoking results in lower birth weight.", "Smoking", "birth weight", "decrease"),
        ("Oral steroids can lead to weaker bones.", "Oral steroids", "bones", "decrease"),
        # a result sentence comparing arms
        pytest.param("Anxiety scores were lower in the yoga group than in the control group.", "yoga group",
                     "Anxiety scores", "decrease", marks=KNOWN_MISS),
    ],
)
def test_constructions_give_claims(pipeline, text, intervention, outcome, direction):
    c = next((c for c in claims(pipeline, text) if outcome.lower() in c.outcome.lower()), None)
    assert c is not None, (text, claims(pipeline, text))
    assert intervention.lower() in (c.intervention or "").lower(), c
    assert c.direction == direction, c


def test_coordinated_outcomes_give_one_claim_each(pipeline):
    cs = claims(pipeline, "Regular swimming reduces back pain and stiffness.")
    outcomes = {c.outcome.lower() for c in cs}
    assert any("back pain" in o for o in outcomes) and any("stiffness" in o for o in outcomes), outcomes
    assert all(c.direction == "decrease" for c in cs)


def test_capitalised_headline(pipeline):
    c = one(pipeline, "NIGHT SHIFTS RAISE RISK OF MIGRAINE")
    assert c.direction == "increase" and "MIGRAINE" in c.outcome and "NIGHT SHIFTS" in (c.intervention or "")


def test_headline_without_a_final_period_is_a_claim(pipeline):
    c = one(pipeline, "Green tea could cut the risk of gum disease, study finds")
    assert c.hedged and c.strength == "conditional_causal" and c.direction == "decrease"


@pytest.mark.parametrize("text", ["Understanding the Effect of Green Tea on Gum Disease",
                                  "Assess How Green Tea Influences Gum Disease",
                                  "How does green tea affect gum disease?"])
def test_topic_headlines_are_not_claims(pipeline, text):
    assert not claims(pipeline, text)


def test_negation_is_no_change(pipeline):
    c = one(pipeline, "Vitamin E did not reduce the risk of stroke.")
    assert c.direction == "no_change" and c.negated


def test_strength_follows_the_wording(pipeline):
    assert one(pipeline, "Coffee drinking is associated with lower liver stiffness.").strength == "correlational"
    assert one(pipeline, "Green tea may reduce gum bleeding.").strength == "conditional_causal"
    assert one(pipeline, "Green tea reduces gum bleeding.").strength == "direct_causal"


def test_vocabulary_lemma_of_inflected_effect_verbs(pipeline):
    from claimx.claims.constructions import lemma_of

    doc = parse(pipeline, "Regular stretching slashes the pain of arthritis.")
    verb = next(t for t in doc if t.lower_ == "slashes")
    assert lemma_of(verb) == "slash"
    noun = next(t for t in doc if t.lower_ == "pain")
    assert lemma_of(noun) == noun.lemma_.lower()


def test_subject_of_prefers_the_nominal_subject_beside_a_bare_gerund():
    import spacy
    from spacy.tokens import Doc

    from claimx.claims.constructions import subject_of

    words = ["Doing", "exercise", "may", "counteract", "stress"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[3, 3, 3, 3, 3],
              deps=["csubj", "nsubj", "aux", "ROOT", "obj"], pos=["VERB", "NOUN", "AUX", "VERB", "NOUN"])
    assert subject_of(doc[3]).text == "exercise"
    doc = Doc(spacy.blank("en").vocab, words=["Doing", "puzzles", "may", "counteract", "stress"],
              heads=[3, 0, 3, 3, 3], deps=["csubj", "obj", "aux", "ROOT", "obj"],
              pos=["VERB", "NOUN", "AUX", "VERB", "NOUN"])
    assert subject_of(doc[3]).text == "Doing"


def test_reduced_participle_subject_names_the_exposure(pipeline):
    claims = pipeline.check_text("Calves born in winter are less likely to gain weight.", "<t>").claims
    assert claims and "born in winter" in claims[0].intervention and claims[0].direction == "decrease"


def test_bare_gerund_before_a_subjectless_verb_is_its_subject():
    import spacy
    from spacy.tokens import Doc

    from claimx.claims.constructions import subject_of

    vocab = spacy.blank("en").vocab
    # "Why riding bikes can cut risk", with "riding" parsed as an adverbial clause of "cut"
    doc = Doc(vocab, words=["Why", "riding", "bikes", "can", "cut", "risk"], heads=[1, 4, 1, 4, 4, 4],
              deps=["advmod", "advcl", "obj", "aux", "ROOT", "obj"], tags=["WRB", "VBG", "NNS", "MD", "VB", "NN"])
    assert subject_of(doc[4]).text == "riding"
    # "after riding" is a time clause, not the subject
    doc = Doc(vocab, words=["After", "riding", "bikes", "pain", "fell"], heads=[1, 4, 1, 4, 4],
              deps=["mark", "advcl", "obj", "nsubj", "ROOT"], tags=["IN", "VBG", "NNS", "NN", "VBD"])
    assert subject_of(doc[4]).text == "pain"


def test_a_bare_oblique_opening_the_sentence_is_the_subject():
    import spacy
    from spacy.tokens import Doc

    from claimx.claims.constructions import subject_of

    vocab = spacy.blank("en").vocab
    # "Fish oil, a supplement, can lead to fewer migraines" with "oil" read as an oblique of "lead"
    words = ["Fish", "oil", ",", "a", "supplement", ",", "can", "lead", "to", "fewer", "migraines"]
    doc = Doc(vocab, words=words, heads=[1, 7, 1, 4, 1, 1, 7, 7, 10, 10, 7],
              deps=["compound", "obl", "punct", "det", "appos", "punct", "aux", "ROOT", "case", "amod", "obl"],
              pos=["NOUN", "NOUN", "PUNCT", "DET", "NOUN", "PUNCT", "AUX", "VERB", "ADP", "ADJ", "NOUN"])
    assert subject_of(doc[7]).text == "oil"
    # ... or as an adverbial ("Massage after surgery does not speed up healing", "Massage" an advmod)
    words = ["Massage", "after", "surgery", "does", "not", "speed", "up", "healing"]
    doc = Doc(vocab, words=words, heads=[5, 2, 0, 5, 5, 5, 5, 5],
              deps=["advmod", "case", "nmod", "aux", "advmod", "ROOT", "compound:prt", "obj"],
              pos=["NOUN", "ADP", "NOUN", "AUX", "PART", "VERB", "ADP", "NOUN"])
    assert subject_of(doc[5]).text == "Massage"
    # an oblique with its preposition is no subject ("In mice, X can lead to ...")
    words = ["In", "mice", ",", "can", "lead", "to", "fewer", "migraines"]
    doc = Doc(vocab, words=words, heads=[1, 4, 1, 4, 4, 7, 7, 4],
              deps=["case", "obl", "punct", "aux", "ROOT", "case", "amod", "obl"],
              pos=["ADP", "NOUN", "PUNCT", "AUX", "VERB", "ADP", "ADJ", "NOUN"])
    assert subject_of(doc[4]) is None


def test_the_object_of_finds_is_the_subject_of_a_modal_clause_read_as_adverbial():
    import spacy
    from spacy.tokens import Doc

    from claimx.claims.constructions import subject_of

    vocab = spacy.blank("en").vocab
    # "Research finds sweat can reduce bacteria", with "reduce" an adverbial clause of "finds"
    words = ["Research", "finds", "sweat", "can", "reduce", "bacteria"]
    doc = Doc(vocab, words=words, heads=[1, 1, 1, 4, 1, 4], deps=["nsubj", "ROOT", "obj", "aux", "advcl", "obj"],
              tags=["NN", "VBZ", "NN", "MD", "VB", "NNS"])
    assert subject_of(doc[4]).text == "sweat"
    # with a subordinator it is a clause of its own, subjectless here
    words = ["Research", "finds", "sweat", "as", "can", "reduce", "bacteria"]
    doc = Doc(vocab, words=words, heads=[1, 1, 1, 5, 5, 1, 5],
              deps=["nsubj", "ROOT", "obj", "mark", "aux", "advcl", "obj"],
              tags=["NN", "VBZ", "NN", "IN", "MD", "VB", "NNS"])
    assert subject_of(doc[5]) is None or subject_of(doc[5]).text != "sweat"
