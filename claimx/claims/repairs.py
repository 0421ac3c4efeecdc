"""Repairs of a misparse the constructions cannot read around: a clause's verb read as a modifier.

"Doses of 300 mg significantly reduced levels of PCSK9" is often parsed as a noun phrase: "levels" the root
with "Doses" as its subject and "reduced" as an adjective on it ("reduced levels" as in "patients with reduced
levels"). When a root noun has no copula or auxiliary and an ``amod`` before it that is a past form of an
effect verb, with a subject (on the noun or on the verb) before that, the verb is the clause's: it becomes the root, the
noun its object and the subject its subject. Adverbs of the verb stay on it.

The same misparse inside a reported clause ("The team found the drug reduced anxiety", with "drug" and "reduced"
read as modifiers of "anxiety", the object of "found"): the verb becomes the complement of "found", the noun
right before it its subject.
"""

from __future__ import annotations

from spacy.tokens import Doc

from claimx.claims.constructions import SUBJECT_DEPS, _verb_forms
from claimx.docarrays import write_tokens


def verb_read_as_modifier(doc: Doc) -> tuple[int, int, int] | None:
    """(subject, verb, noun) indices of the misparse, or None."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "NOUN":
        return None
    deps = {c.dep_ for c in root.children}
    if deps & {"cop", "aux", "aux:pass"}:
        return None
    for verb in root.children:
        if not (verb.dep_ == "amod" and verb.i < root.i and verb.tag_ in ("VBN", "VBD")
                and verb.lower_.endswith("ed") and verb.lower_ in _verb_forms()):
            continue
        # the subject hangs from the noun or, as often, from the verb itself
        subject = next((c for c in (*root.children, *verb.children) if c.dep_ in SUBJECT_DEPS and c.i < verb.i),
                       None)
        if subject is not None:
            return subject.i, verb.i, root.i
    return None


def repair(doc: Doc) -> Doc:
    """``doc`` with the verb-read-as-modifier misparses undone (in place); unchanged when it has none."""
    found = verb_read_as_modifier(doc)
    if found is None:
        return repair_object_modifier(doc)
    s, v, n = found
    changes: dict[int, dict[str, str | int]] = {v: {"head": v, "dep": "ROOT", "tag": "VBD", "pos": "VERB"},
                                                n: {"head": v, "dep": "obj"}}
    for t in doc:
        if t.i == s or (t.head.i == n and t.i < v) or (t.head.i == n and t.dep_ == "punct" and t.i == len(doc) - 1):
            changes.setdefault(t.i, {"head": v})  # the subject, what came before the verb, the final stop
    return _rewrite(doc, changes)


def _rewrite(doc: Doc, changes: dict[int, dict[str, str | int]]) -> Doc:
    """Write the changed tag, part of speech, label or head of some tokens; the others keep theirs."""
    rows = []
    for t in doc:
        c = changes.get(t.i, {})
        rows.append((c.get("tag", t.tag_), c.get("pos", t.pos_), c.get("dep", t.dep_), c.get("head", t.head.i)))
    return write_tokens(doc, ("tag", "pos", "dep", "head"), rows)


def verb_read_as_object_modifier(doc: Doc) -> tuple[int, int, int] | None:
    """(subject, verb, noun) of "found the drug reduced anxiety" parsed with "drug" and "reduced" as modifiers
    of "anxiety", the object of "found": a noun modifier, then a past effect verb form, then the noun; or None."""
    for verb in doc:
        noun = verb.head
        if not (verb.dep_ == "amod" and verb.i < noun.i and verb.tag_ in ("VBN", "VBD") and noun.dep_ == "obj"
                and noun.head.pos_ == "VERB" and noun.head.i < verb.i and verb.lower_.endswith("ed")
                and verb.lower_ in _verb_forms()):
            continue
        subject = next((c for c in (*noun.children, *verb.children) if c.i == verb.i - 1
                        and c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN")), None)
        if subject is not None:
            return subject.i, verb.i, noun.i
    return None


def repair_object_modifier(doc: Doc) -> Doc:
    """``doc`` with "found the drug reduced anxiety" read as a clause: the verb the complement of the head verb,
    the noun before it its subject (with the words before that), the noun its object (in place)."""
    found = verb_read_as_object_modifier(doc)
    if found is None:
        return doc
    s, v, n = found
    changes: dict[int, dict[str, str | int]] = {
        v: {"head": doc[n].head.i, "dep": "ccomp", "tag": "VBD", "pos": "VERB"},
        n: {"head": v, "dep": "obj"}, s: {"head": v, "dep": "nsubj"}}
    for t in doc:
        if t.head.i in (n, v) and t.i < s:
            changes.setdefault(t.i, {"head": s})  # "the" of "the drug"
    return _rewrite(doc, changes)
