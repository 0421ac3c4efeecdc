"""Bracketed statistics and references are left out of what the parser reads (claimx/asides.py)."""

from __future__ import annotations

import pytest
import spacy

from claimx.asides import aside_tokens, quote_tokens
from claimx.docarrays import write_tokens
from claimx.tag import _parse_text


def _words(text: str):
    return spacy.blank("en")(text)


def test_asides_are_bracketed_numbers_and_references():
    doc = _words("Pain was lower (p = 0.01) in the drug group (Table 2) than with placebo (BMI adjusted).")
    drop = aside_tokens(doc)
    assert {doc[i].text for i in drop} >= {"(", "p", "0.01", "Table", "2", ")"}
    assert not any(doc[i].text in ("BMI", "adjusted") for i in drop)  # words only: part of the sentence
    nested = _words("Risk fell (HR 0.8 (95% CI 0.7-0.9)) with the drug.")
    inner = sorted(aside_tokens(nested))
    assert nested[inner[0]].text == "(" and nested[inner[-1]].text == ")" and nested[inner[-1] - 1].text == ")"
    assert aside_tokens(_words("(p = 0.2) ok.")) == frozenset()  # nothing would be left to parse


def _parsed_without(pipeline, full: str, bare: str, unread):
    """The parse of ``full``, after checking that its words outside ``unread(doc)`` are parsed as ``bare`` is
    and that its text (so every offset) is unchanged; returns (doc, dropped token indices)."""
    tagger = pipeline.tagger
    doc = tagger.syntax.parse([tagger.nlp(_parse_text(full))])[0]
    ref = tagger.syntax.parse([tagger.nlp(_parse_text(bare))])[0]
    assert doc.text == _parse_text(full)
    drop = unread(doc)
    kept = [t for t in doc if t.i not in drop]
    assert [(t.text, t.dep_, t.head.text) for t in kept] == [(t.text, t.dep_, t.head.text) for t in ref]
    return doc, drop


def test_parse_skips_the_aside_and_keeps_every_token(pipeline):
    doc, drop = _parsed_without(
        pipeline, "Anxiety scores were significantly (p < 0.05) lower in the massage group than in the control group.",
        "Anxiety scores were significantly lower in the massage group than in the control group.", aside_tokens)
    for i in drop:
        assert doc[i].dep_ in ("dep", "punct") and doc[i].head.i not in drop


def test_write_tokens_sets_strings_and_absolute_heads():
    doc = _words("Tea lowers pressure")
    write_tokens(doc, ("tag", "pos", "dep", "head"),
                 [("NN", "NOUN", "nsubj", 1), ("VBZ", "VERB", "ROOT", 1), ("NN", "NOUN", "obj", 1)])
    assert [t.dep_ for t in doc] == ["nsubj", "ROOT", "obj"]
    assert [t.head.i for t in doc] == [1, 1, 1] and doc[1].pos_ == "VERB" and doc[2].tag_ == "NN"
    with pytest.raises(ValueError):
        write_tokens(doc, ("dep",), [("ROOT",)])


def test_quotation_marks_are_paired_and_a_possessive_mark_is_kept():
    doc = _words("Cat owners ‘less likely to suffer from depression’, says study")
    assert {doc[i].text for i in quote_tokens(doc)} == {"‘", "’"}
    plain = _words("Tall teenagers 'twice as likely to play basketball'")
    assert [plain[i].text for i in sorted(quote_tokens(plain))] == ["'", "'"]
    # a headline that never closes its quotation: the opening mark alone
    open_ = _words("Green tea ‘proved to cut risk of gum disease")
    assert [open_[i].text for i in quote_tokens(open_)] == ["‘"]
    # a possessive mark with no opening mark is part of the words
    owner = _words("Nurses’ night shifts disrupt their sleep")
    assert quote_tokens(owner) == frozenset()


def test_parse_reads_a_quoted_headline_without_its_marks(pipeline):
    quoted = "Tall teenagers 'twice as likely to play basketball'"
    doc, drop = _parsed_without(pipeline, quoted, "Tall teenagers twice as likely to play basketball", quote_tokens)
    for i in drop:
        assert doc[i].dep_ == "punct" and doc[i].pos_ == "PUNCT" and doc[i].head.i not in drop
    assert doc[min(drop)].head.text == "twice"  # an opening mark hangs from the word it opens
    claims = pipeline.check_text(quoted).claims
    assert claims and claims[0].intervention == "Tall teenagers" and claims[0].direction == "increase"
