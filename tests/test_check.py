"""Check stage: unsupported levels, contradictions (with synonyms and inheritance), overclaims, citations."""

from __future__ import annotations

from claimx.check import same_outcome


def codes(result):
    return [f.code for f in result.findings]


def test_unsupported_levels_map_to_codes(pipeline):
    r = pipeline.check_text("Beetroot juice lowers blood pressure.\n\n"
                            "Studies show that beetroot juice lowers blood pressure.\n\n"
                            "The American Heart Association says beetroot juice lowers blood pressure.\n")
    assert [c.support for c in r.claims] == ["none", "vague", "named"]
    assert [f.code for f in r.findings if f.code.startswith("CX1")] == ["CX101", "CX102", "CX103"]
    assert all(f.claim_id for f in r.findings)


def test_cited_claim_has_no_unsupported_finding(pipeline):
    r = pipeline.check_text("Beetroot juice lowers blood pressure [1].\n\nReferences\n"
                            "1. Doe J. Beetroot and blood pressure. Hypertension. 2019.\n")
    assert r.claims[0].support == "cited"
    assert not [f for f in r.findings if f.code.startswith("CX1")]


def test_contradiction_flags_both_claims_and_points_at_each_other(pipeline):
    r = pipeline.check_text("Magnesium improves sleep quality.\n\nIn one trial, magnesium did not improve "
                            "sleep quality at all.\n")
    assert len(r.contradictions) == 1
    a, b = r.contradictions[0].claims
    cx = [f for f in r.findings if f.code == "CX201"]
    assert {f.claim_id for f in cx} == {a, b}
    assert {f.related for f in cx} == {(a,), (b,)}


def test_contradiction_uses_outcome_synonyms_and_inherited_interventions(pipeline):
    r = pipeline.check_text("Melatonin has no effect on the body clock.\n\n"
                            "Children took melatonin at bedtime. They showed improved circadian rhythm "
                            "regulation.\n")
    assert len(r.contradictions) == 1
    inherited = [c for c in r.claims if c.intervention_source != "sentence"]
    assert inherited and inherited[0].id in r.contradictions[0].claims


def test_same_direction_or_different_outcomes_do_not_conflict(pipeline):
    r = pipeline.check_text("Melatonin improves sleep quality.\n\nMelatonin reduces daytime fatigue.\n\n"
                            "Melatonin also improves sleep quality in children.\n")
    assert r.contradictions == ()


def test_same_outcome_matching():
    assert same_outcome("circadian rhythm", "circadian rhythm regulation")
    assert same_outcome("sleep quality", "sleep quaility")
    assert not same_outcome("sleep", "sleep quality")
    assert not same_outcome("rem sleep duration", "sleep quality")


def test_overclaim_on_animal_evidence(pipeline):
    r = pipeline.check_text("A study in mice showed that turmeric cures arthritis.\n")
    assert r.claims[0].evidence == "animal"
    assert "CX301" in codes(r)
    hedged = pipeline.check_text("A study in mice suggests turmeric might ease arthritis.\n")
    assert "CX301" not in codes(hedged)


def test_unresolved_citation(pipeline):
    r = pipeline.check_text("Tea is popular [4].\n\nReferences\n1. Doe J. Tea. BMJ. 2019.\n")
    assert "CX401" in codes(r)


def test_fingerprints_survive_edits_elsewhere(pipeline):
    base = "Beetroot juice lowers blood pressure.\n"
    a = pipeline.check_text(base)
    b = pipeline.check_text("An unrelated opening line was added.\n\n" + base)
    assert [f.fingerprint for f in a.findings] == [f.fingerprint for f in b.findings if f.code == "CX101"]


def test_evidence_carries_over_from_the_study_just_named(pipeline):
    r = pipeline.check_text("Sleep\n\nIn a randomised trial of 300 adults, melatonin shortened sleep onset. "
                            "Melatonin also reduced night waking.\n\nA new section\n\nMelatonin eases jet lag.\n")
    assert [c.evidence for c in r.claims] == ["rct", "rct", "unknown"]
