"""The sources stage: the document's source inventory, citations and link targets, people, organisations found
by form, and studies as discourse entities. One test per construction, and one where nothing may be linked."""

from __future__ import annotations

import io
import json

from rich.console import Console

from claimx.pipeline import check_text
from claimx.read import read_text
from claimx.records import DocumentResult
from claimx.render import SCHEMA_VERSION, render_json, render_table


def claim_with(result: DocumentResult, outcome_word: str):
    hits = [c for c in result.claims if outcome_word in c.outcome.lower()]
    assert hits, f"no claim about {outcome_word!r} in {[c.outcome for c in result.claims]}"
    return hits[0]


def kinds(claim) -> set[str]:
    return {m.kind for m in claim.sources}


# ------------------------------------------------------------------------------------------- inventory


def test_sources_outside_claim_sentences_are_in_the_document_inventory():
    text = ("Walking improves mood. The National Institutes of Health funds research on exercise.\n\n"
            "Readers can find advice on the World Health Organization website.\n")
    result = check_text(text, "a.txt")
    doc = json.loads(render_json([result]))["documents"][0]
    assert json.loads(render_json([result]))["schema_version"] == SCHEMA_VERSION >= 3
    names = {(s["kind"], s["canonical"]) for s in doc["sources"]}
    assert ("agency", "National Institutes of Health") in names
    assert ("organization", "World Health Organization") in names
    who = next(s for s in doc["sources"] if s["canonical"] == "World Health Organization")
    assert (who["line"], who["column"]) == (3, text.splitlines()[2].index("World") + 1)
    assert who["claims"] == [] and who["in_registry"] is True
    # the claim itself names no source
    assert doc["claims"][0]["support"] == "none"


def test_inventory_lists_the_claims_a_source_supports():
    result = check_text("Walking improves mood, according to the American Heart Association.\n", "a.txt")
    doc = json.loads(render_json([result]))["documents"][0]
    aha = next(s for s in doc["sources"] if s["kind"] == "organization")
    assert aha["claims"] == [doc["claims"][0]["id"]]


def test_table_ends_with_the_sources_named():
    result = check_text("Walking improves mood. The National Institutes of Health funds such work.\n", "a.txt")
    buf = io.StringIO()
    render_table([result], Console(file=buf, width=120, force_terminal=False))
    lines = [line for line in buf.getvalue().splitlines() if line.strip()]
    named = [i for i, line in enumerate(lines) if line.startswith("Sources named:")]
    assert len(named) == 1 and "National Institutes of Health (agency)" in lines[named[0]]
    assert any("Walking" in line for line in lines[:named[0]])  # after the document's rows


# ------------------------------------------------------------------------------------------- citations


def test_author_year_citation_without_reference_list_cites_and_is_still_reported():
    result = check_text("Coffee raises alertness (Okoye & Brandt, 2019).\n", "a.txt")
    assert result.claims[0].support == "cited"
    assert [f.code for f in result.findings if f.code == "CX401"] == ["CX401"]


def test_numbered_marker_pmcid_and_trial_registration_cite():
    result = check_text("Tea lowers blood pressure [3]. Cocoa reduces fatigue (PMC1234567). "
                        "Statins cut deaths in older adults (NCT01234567).\n", "a.txt")
    assert [c.support for c in result.claims] == ["cited", "cited", "cited"]
    assert "pmcid" in kinds(result.claims[1]) and "registration" in kinds(result.claims[2])


def test_markdown_link_targets_are_kept_and_cite():
    text = ("A [recent trial](https://doi.org/10.5555/abc.123) found that fasting lowered body weight.\n\n"
            "In [this paper](https://pubmed.ncbi.nlm.nih.gov/12345678/), coffee raised alertness.\n\n"
            "On [my recipe page](https://example.com/blog/recipes) I explain that tea lowers stress.\n")
    doc = read_text(text, "a.md", "markdown")
    assert [doc.text[link.start:link.end] for link in doc.links] == ["recent trial", "this paper", "my recipe page"]
    result = check_text(text, "a.md", "markdown")
    weight = claim_with(result, "weight")
    doi = next(m for m in weight.sources if m.kind == "doi")
    assert weight.support == "cited" and doi.identifier == "10.5555/abc.123" and doi.mention == "recent trial"
    assert claim_with(result, "alertness").support == "cited"
    assert all(c.support != "cited" for c in result.claims if "stress" in c.outcome.lower())


def test_html_link_targets_to_pmc_and_journal_articles_cite():
    text = ('<p>A <a href="https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7654321/">new study</a> found that yoga '
            'reduces back pain.</p>\n<p>Walking improves mood, <a href="https://www.thelancet.com/journals/lancet/'
            'article/PIIS0140-6736(20)30000-0/fulltext">researchers reported</a>.</p>\n'
            '<p>Tea lowers stress, says <a href="/shop/tea">our shop</a>.</p>\n')
    result = check_text(text, "a.html", "html")
    assert claim_with(result, "back pain").support == "cited"
    assert "pmcid" in kinds(claim_with(result, "back pain"))
    assert claim_with(result, "mood").support == "cited"
    assert all(c.support != "cited" for c in result.claims if "stress" in c.outcome.lower())


# ------------------------------------------------------------------------------------------- people


def test_quote_attributed_after_names_the_person_and_their_organisation():
    text = ('"Patients felt better within weeks. Empagliflozin reduces fatigue," said Dr Maria Okafor of '
            'Riverside University Hospital.\n')
    result = check_text(text, "a.txt")
    c = claim_with(result, "fatigue")
    person = next(m for m in c.sources if m.kind == "person")
    assert c.support == "named"
    assert person.canonical == "Maria Okafor" and person.role == "Dr"
    assert person.affiliation == "Riverside University Hospital"
    org = next(m for m in c.sources if m.kind == "organization")
    assert org.in_registry is False and org.canonical == "Riverside University Hospital"


def test_quote_attributed_before_and_across_the_quotes_sentences():
    text = ('Professor Lena Brandt, a cardiologist at Westbrook University, said: "We were surprised. '
            'Walking lowered blood pressure in every group. It also improved sleep."\n')
    result = check_text(text, "a.txt")
    for word in ("blood pressure", "sleep"):
        c = claim_with(result, word)
        person = next(m for m in c.sources if m.kind == "person")
        assert c.support == "named" and person.canonical == "Lena Brandt"
        assert person.affiliation == "Westbrook University"
    # the inventory lists the speaker once, as written, with the claims of the quote
    people = [d for d in result.sources if d.mention.kind == "person"]
    assert [(d.mention.mention, d.mention.role) for d in people] == [
        ("Professor Lena Brandt", "Professor, a cardiologist at Westbrook University")]
    assert set(people[0].claims) == {c.id for c in result.claims if any(m.kind == "person" for m in c.sources)}


def test_second_quote_of_a_paragraph_is_the_same_speakers_and_other_paragraphs_are_not():
    text = ('"This matters," said Dr Samuel Osei, a geriatrician at the Karolinska Institute. "Statins lowered '
            'the risk of stroke in our patients."\n\n"Statins also reduced heart attacks."\n')
    result = check_text(text, "a.txt")
    stroke = claim_with(result, "stroke")
    assert any(m.kind == "person" and m.canonical == "Samuel Osei" for m in stroke.sources)
    heart = claim_with(result, "heart attack")
    assert not any(m.kind == "person" for m in heart.sources)


def test_reported_speech_names_the_person():
    result = check_text("According to Professor Ines Alvarez, sauna bathing lowers blood pressure.\n", "a.txt")
    c = claim_with(result, "blood pressure")
    assert c.support == "named" and any(m.kind == "person" and m.canonical == "Ines Alvarez" for m in c.sources)


# ------------------------------------------------------------------------------------------- organisations


def test_organisations_found_by_form():
    text = ("The Ministry of Health and the Hartwell Foundation funded the work. Researchers at the "
            "University of Eastmoor and the Northgate Institute of Ageing took part. The Society for "
            "Sleep Science reviewed it.\n")
    result = check_text(text, "a.txt")
    found = {d.mention.canonical: d.mention for d in result.sources}
    for name in ("Hartwell Foundation", "University of Eastmoor", "Northgate Institute of Ageing",
                 "Society for Sleep Science"):
        assert name in found and found[name].kind == "organization" and found[name].in_registry is False
    assert "Ministry of Health" in {m.mention for m in found.values()}


def test_the_registry_decides_the_canonical_name_where_it_knows_one():
    result = check_text("The European Society of Cardiology (ESC) says exercise lowers the risk of heart attack. "
                        "The ESC also says walking improves mood.\n", "a.txt")
    esc = [d.mention for d in result.sources if d.mention.kind == "organization"]
    assert {m.canonical for m in esc} == {"European Society of Cardiology"} and len(esc) == 2
    assert all(m.in_registry for m in esc)


def test_acronym_in_context():
    result = check_text("The NHS website says walking improves mood.\n", "a.txt")
    c = claim_with(result, "mood")
    assert c.support == "named" and any(m.canonical == "National Health Service" for m in c.sources)


# ------------------------------------------------------------------------------------------- studies


PRESS = ("The NOVA-HF trial, published in the Journal of Cardiac Failure, enrolled 1,200 adults with heart "
         "failure.\n\nIn the trial, empagliflozin lowered hospital admissions by 20%. The researchers also "
         "found that empagliflozin reduced breathlessness.\n")


def test_later_references_inherit_the_studys_support_and_evidence():
    result = check_text(PRESS, "a.txt")
    for word in ("admissions", "breathlessness"):
        c = claim_with(result, word)
        assert c.support == "named" and c.evidence == "rct"
        assert c.support_via and "NOVA-HF" in c.support_via
        assert any(m.kind == "journal" for m in c.sources)
    doc = json.loads(render_json([result]))["documents"][0]
    assert all(c["support_via"] for c in doc["claims"])


def test_animal_evidence_carries_only_along_references():
    text = ("In mice, ashwagandha reversed memory loss. Garlic lowers cholesterol. Walking improves mood. "
            "These mice also had lower anxiety.\n")
    result = check_text(text, "a.txt")
    assert claim_with(result, "memory").evidence == "animal"
    assert claim_with(result, "anxiety").evidence == "animal"
    for word in ("cholesterol", "mood"):
        c = claim_with(result, word)
        assert c.evidence == "unknown"
        assert not any(f.code == "CX301" and f.claim_id == c.id for f in result.findings)


def test_a_new_study_ends_the_previous_ones_reach():
    text = ("A meta-analysis of 20 trials found that vitamin D reduced fractures. But in one Australian trial, "
            "vitamin D increased falls among women over 70.\n")
    result = check_text(text, "a.txt")
    assert claim_with(result, "falls").evidence == "rct"


# ------------------------------------------------------------------------------------------- no link


def test_ordinary_words_are_not_linked():
    text = ("Trial and error taught me a lot about my diet. Analysis of my own food diary showed that I snack "
            "at night. Nature has its own rhythm, and sleep improves mood. Cell phones keep teenagers awake.\n")
    result = check_text(text, "a.txt")
    assert [d.mention for d in result.sources if d.mention.kind != "vague"] == []
    assert all(c.support == "none" for c in result.claims)


def test_what_my_doctor_said_is_reported_speech_not_my_experience():
    said = check_text("My doctor said creatine raises creatinine on blood tests.\n", "a.txt")
    assert claim_with(said, "creatinine").evidence == "unknown"
    lived = check_text("Creatine gave me more energy in the gym.\n", "a.txt")
    assert lived.claims and all(c.evidence == "anecdote" for c in lived.claims)


def test_pronoun_after_a_quote_is_the_person_named_last_before_it():
    text = ('“Tai chi reduced falls,” said Dr Ana Ribeiro of the University of Coimbra.\n\n'
            'Professor Mark Ellison of the Royal Society for the Prevention of Accidents, who was not involved, '
            'said the findings were encouraging. “Strength exercise lowers the risk of hip fracture,” he said.\n')
    result = check_text(text, "a.txt")
    hip = claim_with(result, "hip fracture")
    people = {m.canonical for m in hip.sources if m.kind == "person"}
    assert people == {"Mark Ellison"}
    org = next(m for m in hip.sources if m.kind == "organization")
    assert org.canonical == "Royal Society for the Prevention of Accidents"
    assert not any(d.mention.kind == "person" and d.mention.canonical == "Accidents" for d in result.sources)
