"""The headline augmenter of the syntax training recipe keeps a well-formed tree with the words it keeps."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import spacy
from spacy.tokens import Doc
from spacy.training import Example

AUGMENT = Path(__file__).resolve().parent.parent / "training" / "syntax" / "augment.py"


def _augment():
    spec = importlib.util.spec_from_file_location("claimx_train_augment", AUGMENT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _example(nlp, words, heads, deps, spaces=None):
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps)
    return Example(nlp.make_doc(doc.text), doc)


def test_headline_drops_articles_and_main_be_and_keeps_the_tree():
    nlp = spacy.blank("en")
    words = ["The", "pill", "was", "lowering", "the", "pressure", "."]
    heads = [1, 3, 3, 3, 5, 3, 3]
    deps = ["det", "nsubj", "aux", "ROOT", "det", "obj", "punct"]
    spaces = [True, True, True, True, True, False, False]
    out = _augment().headlinese(_example(nlp, words, heads, deps, spaces), nlp)
    ref = out.reference
    assert ref.text == "Pill lowering pressure"
    assert [(t.text, t.dep_, t.head.text) for t in ref] == [
        ("Pill", "nsubj", "lowering"), ("lowering", "ROOT", "lowering"), ("pressure", "obj", "lowering")]


def test_headline_keeps_be_after_a_modal_and_articles_with_dependents():
    nlp = spacy.blank("en")
    words = ["It", "will", "be", "causing", "trouble"]
    heads = [3, 3, 3, 3, 3]
    deps = ["nsubj", "aux", "aux", "ROOT", "obj"]
    assert _augment().headlinese(_example(nlp, words, heads, deps), nlp) is None
