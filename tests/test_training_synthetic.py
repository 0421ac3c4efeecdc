"""The synthetic claim sentences of the syntax training recipe are well-formed UD trees."""

from __future__ import annotations

import random

import pytest
from spacy.vocab import Vocab

from training.syntax.synthetic import Builder


@pytest.fixture(scope="module")
def docs():
    builder = Builder(random.Random(7))
    vocab = Vocab()
    return [builder.doc(vocab) for _ in range(300)]


def test_each_sentence_is_one_tree_with_a_verbal_or_predicate_root(docs):
    for doc in docs:
        roots = [t for t in doc if t.dep_ == "ROOT"]
        assert len(roots) == 1, doc.text
        root = roots[0]
        assert root.head.i == root.i and root.pos_ in ("VERB", "ADJ"), doc.text
        for t in doc:  # every word reaches the root
            seen, cur = 0, t
            while cur.head.i != cur.i and seen < len(doc):
                cur, seen = cur.head, seen + 1
            assert cur.i == root.i, (doc.text, t.text)
        assert all(t.dep_ for t in doc), doc.text
        assert doc[-1].text == "." and doc[-1].head.i == root.i


def test_subjects_agree_with_finite_verbs_and_effect_verbs_head_their_clause(docs):
    active = [d for d in docs if any(t.dep_ == "nsubj" and t.head.tag_ in ("VBZ", "VBP") for t in d)]
    assert len(active) > 10
    for doc in active:
        subj = next(t for t in doc if t.dep_ == "nsubj" and t.head.tag_ in ("VBZ", "VBP"))
        assert (subj.tag_ == "NNS") == (subj.head.tag_ == "VBP"), doc.text
        assert any(c.dep_ == "obj" for c in subj.head.children), doc.text
