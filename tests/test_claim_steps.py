"""The steps of the tag stage on their own: the trigger-kind table, the one strength classifier, Claim
building and the discourse step (sentences written for these tests)."""

from __future__ import annotations

import pytest

from claimx.claims.build import Found, build_claim
from claimx.claims.discourse import Discourse, names_own_exposure
from claimx.claims.strength import strength_of
from claimx.claims.wordrules import SentenceTagger, sentence_relation
from claimx.records import Claim, Sentence


def test_every_trigger_kind_has_a_reader(pipeline):
    kinds = set(pipeline.tagger.nlp.get_pipe("claimx_effects").priority)
    assert kinds == set(SentenceTagger._READERS)


@pytest.mark.parametrize(
    ("relation", "hedged", "label"),
    [
        ("association", False, "correlational"),
        ("association", True, "correlational"),
        ("comparison", False, "correlational"),  # trial arms compared: comparative wording, no cause named
        ("effect", True, "conditional_causal"),
        ("effect", False, "direct_causal"),
    ],
)
def test_strength_of(relation, hedged, label):
    assert strength_of(relation, hedged) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Melatonin may reduce sleep onset latency.", "conditional_causal"),
        ("Melatonin reduces sleep onset latency.", "direct_causal"),
        ("Melatonin use is linked to shorter sleep onset latency.", "correlational"),
    ],
)
def test_word_rules_and_sentence_relation_share_the_classifier(pipeline, text, label):
    doc = pipeline.tagger.nlp(text)
    found = SentenceTagger(pipeline.tagger.lexicon).claims(doc)
    assert found and found[0].strength == label
    assert sentence_relation(doc) == label


def _sentence(text: str, index: int = 0, start: int = 0) -> Sentence:
    return Sentence(index=index, text=text, start=start, end=start + len(text), kind="sentence")


def test_build_claim_statistics_decide_direction_only_where_allowed(pipeline):
    text = "Melatonin changed sleep onset latency."
    doc = pipeline.tagger.nlp(text)
    sent = _sentence(text, start=10)
    base = Found(None, (2, 5), "sleep onset latency", "change", doc[1:2], "verb")
    c = build_claim(sent, doc, base, "Melatonin", doc[0:1], "sentence", (), "decrease", 0)
    assert (c.direction, c.outcome, c.outcome_span, c.intervention_span) == (
        "decrease", "sleep onset latency", (10 + 18, 10 + 37), (10, 19))
    assert build_claim(sent, doc, base, "Melatonin", None, "sentence", (), "no_change", 0).direction == "no_change"
    kept = Found(None, (2, 5), "sleep onset latency", "increase", doc[1:2], "assocverb", stats_negate=False)
    assert build_claim(sent, doc, kept, "Melatonin", None, "sentence", (), "no_change", 0).direction == "increase"


def _claim(sent: Sentence, intervention: str, source: str, n: int) -> Claim:
    return Claim(id=f"c{n + 1}", sentence_index=sent.index, sentence=sent.text, start=sent.start, end=sent.end,
                 intervention=intervention, outcome="sleep", direction="increase",
                 intervention_source=source)  # type: ignore[arg-type]


def test_discourse_inherits_within_a_paragraph_only(pipeline):
    text = "Melatonin helps sleep.\nIt also calms.\n\nIt lowers anxiety."
    s0 = _sentence("Melatonin helps sleep.", 0, 0)
    s1 = _sentence("It also calms.", 1, 23)
    s2 = _sentence("It lowers anxiety.", 2, 39)
    d = Discourse(pipeline.tagger.lexicon, text)
    assert d.apply(s0, [_claim(s0, "Melatonin", "sentence", 0)], [])[0].intervention == "Melatonin"
    c1 = d.apply(s1, [_claim(s1, "", "article", 1)], [])[0]
    assert (c1.intervention, c1.intervention_source) == ("Melatonin", "previous_sentence")
    c2 = d.apply(s2, [_claim(s2, "", "article", 2)], [])[0]
    assert c2.intervention_source == "article"  # a blank line: no previous sentence in the paragraph
    # no intervention mentioned in the article: the claim that names none is dropped, ids renumbered
    assert [c.id for c in d.finish([_claim(s0, "Melatonin", "sentence", 0), c2])] == ["c1"]


def test_discourse_gives_the_article_main_intervention(pipeline):
    doc = pipeline.tagger.nlp("Melatonin is sold widely.")
    spans = list(doc.spans["intervention"])
    assert spans
    s0, s2 = _sentence(doc.text, 0, 0), _sentence("It lowers anxiety.", 2, 40)
    d = Discourse(pipeline.tagger.lexicon)
    d.apply(s0, [], spans)
    c = d.finish(d.apply(s2, [_claim(s2, "", "article", 0)], []))[0]
    assert (c.intervention, c.intervention_source) == ("Melatonin", "article")


def test_own_exposure():
    assert names_own_exposure("Women who breastfed had fewer infections.")
    assert not names_own_exposure("Women who received the drug slept longer.")
