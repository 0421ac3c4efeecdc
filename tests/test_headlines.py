"""Headlines without their copula are reparsed with it (claimx/headlines.py). The headlines are written for
these tests."""

from __future__ import annotations

import pytest

from claimx.claims.constructions import relations
from claimx.headlines import KEY, implied_copula, insertion_point
from claimx.tag import _parse_text


def parse(pipeline, text):
    tagger = pipeline.tagger
    return tagger.syntax.parse([tagger.nlp(_parse_text(text))])[0]



def _read(doc):
    return [(r.construction, doc[r.intervention].text if r.intervention is not None else None, doc[r.outcome].text)
            for r in relations(doc)]


@pytest.mark.parametrize(("text", "copula"), [
    ("Night owls more likely to skip breakfast", "are"),
    ("Shift workers at higher risk of diabetes", "are"),
    ("Yoga as effective as physiotherapy for back pain", "is"),
    ("Swimming not linked with ear infections", "is"),
])
def test_verbless_headline_reads_as_the_sentence_with_its_copula(pipeline, text, copula):
    doc = parse(pipeline, text)
    assert doc.user_data.get(KEY), "the implied copula was not adopted"
    assert sum(implied_copula(t) for t in doc) == 1
    assert [t.text for t in doc] == text.split()  # the added word is not in the line
    words = text.split()
    k = next(i for i, w in enumerate(words) if w in ("more", "at", "as", "not"))
    full = parse(pipeline, " ".join([*words[:k], copula, *words[k:]]))
    read = _read(doc)
    assert read and read == _read(full)
    assert all(iv is not None for _c, iv, _o in read)


@pytest.mark.parametrize("text", [
    "Night owls are more likely to skip breakfast",          # the copula is there
    "Late meals make you more likely to gain weight",        # a finite verb before the predicate
    "Night owls more likely to skip breakfast.",              # a sentence, not a headline
    "Tea as a remedy for colds",                              # "as" without a comparison
])
def test_no_copula_is_implied_where_the_line_does_not_drop_one(pipeline, text):
    doc = parse(pipeline, text)
    assert insertion_point(doc) is None or doc.user_data.get(KEY) is None
    assert not any(implied_copula(t) for t in doc)


def test_check_reports_the_headline_claim(pipeline):
    from claimx.evaluate import _check

    result = _check(pipeline, "Adults who cycle less likely to develop heart disease", "h.txt")
    assert result.claims, "no claim for a verbless likelihood headline"
    claim = result.claims[0]
    assert "cycle" in claim.intervention and "heart disease" in claim.outcome and claim.direction == "decrease"


@pytest.mark.parametrize("text", [
    "Skin rashes more common in sunnier regions",                      # "more" + an adjective
    "Office workers who cycle daily no more likely to miss work",      # a verb inside the subject's clause
])
def test_copula_is_implied_past_comparatives_and_relative_clauses(pipeline, text):
    doc = parse(pipeline, text)
    assert doc.user_data.get(KEY) and any(implied_copula(t) for t in doc)
