"""Span trimming: the phrase a head token stands for, as a claim's intervention or outcome.

A phrase is the head's subtree without the parts that are not the thing itself: relative clauses, appositions,
parentheticals, coordinated items (each is its own claim), and the leading determiners, quantities and hedges
("the", "a significant", "about 12 %"). Population heads name who, not what: "women who skip smear tests" is
the exposure "skip smear tests", "people with diabetes" is "diabetes".
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span, Token

from claimx.lexicon import default_lexicon, load_yaml, norm_key

CUT_DEPS = frozenset({"acl:relcl", "appos", "parataxis", "punct", "cc", "conj", "advcl", "dep", "discourse",
                      "list", "vocative", "dislocated", "reparandum", "orphan", "mark"})
LEAD_DEPS = frozenset({"det", "det:predet", "nummod", "advmod", "case", "cc", "punct", "aux", "mark", "cop"})
MAX_TOKENS = 12


@cache
def syntax_words(key: str) -> frozenset[str]:
    """A word list of ``models/patterns/syntax.yaml``, lower-cased (the one reader of that file's lists)."""
    return frozenset(str(w).lower() for w in load_yaml("patterns", "syntax.yaml").get(key, []))


_words = syntax_words


def is_population(tok: Token) -> bool:
    """People named as who, not what: "women", "patients", "those"."""
    return norm_key(tok.text) in default_lexicon().populations or tok.lower_ in ("those", "people", "someone")


def exposure_head(tok: Token) -> Token:
    """The exposure a population head stands for: its relative clause or its "with/who" modifier."""
    if not is_population(tok):
        return tok
    rel = _words("relative_pronouns")
    for c in tok.children:
        if c.dep_ in ("acl:relcl", "acl") or (c.dep_ == "parataxis" and c.i > tok.i and any(
                t.lower_ in rel for t in doc_slice(tok, c))):
            return c  # "women who skip X"; a relative clause misread as parataxis ("children whose parents ...")
    head = tok.head
    if (tok.dep_ == "nsubj:pass" and head.tag_ == "VBN" and head.i == tok.i + 1
            and any(c.dep_.startswith("obl") for c in head.children)):
        return head  # "Babies born from twin pregnancies are at risk", parsed with "born" as the clause's verb
    mods = [c for c in tok.children if c.dep_ in ("nmod", "nmod:with") and c.i > tok.i]
    for c in mods:
        if any(k.lower_ in ("with", "on", "taking", "using") for k in c.children if k.dep_ == "case"):
            return c
    return mods[0] if mods else tok  # "women in nations with a Catholic heritage"


def counted(tok: Token) -> Token:
    """What a quantity head counts: "millions of colds" is about colds."""
    if tok.lower_ in _words("quantity_heads"):
        for c in tok.children:
            if c.dep_.startswith("nmod") and any(k.dep_ == "case" and k.lower_ == "of" for k in c.children):
                return c
    return tok


def doc_slice(a: Token, b: Token) -> Span:
    """The tokens strictly between two tokens."""
    return a.doc[min(a.i, b.i) + 1:max(a.i, b.i)]


def modified(tok: Token) -> bool:
    """A population that names its exposure: by a describing modifier ("smart teens", "overweight women") or
    by what its members do ("smokers", "shift workers")."""
    if tok.lower_ in _words("exposure_groups") or tok.lemma_.lower() in _words("exposure_groups"):
        return True
    return any(c.dep_ in ("amod", "compound") and (c.pos_ in ("ADJ", "NOUN", "PROPN") or c.tag_ == "VBN")
               for c in tok.children)  # "weekend-born babies", "breastfed infants": a participle describes them


def _cut(c: Token) -> bool:
    """Whether a dependent is left out of its head's phrase (a hyphen or apostrophe inside a word stays)."""
    if c.dep_ == "mark" and c.head.dep_ == "acl" and c.lower_ in ("of", "for", "in"):
        return False  # "risk of developing heart disease": the clause is part of the noun phrase
    return c.dep_ in CUT_DEPS and not (c.dep_ == "punct" and c.text in ("-", "–", "'", "’") and c.whitespace_ == "")


def phrase(doc: Doc, head: Token, exclude: frozenset[int] = frozenset()) -> Span:
    """The trimmed phrase of ``head``: a contiguous span around it."""
    keep: set[int] = set()
    stack = [head]
    while stack:
        t = stack.pop()
        keep.add(t.i)
        for c in t.children:
            if c.i not in exclude and not _cut(c):
                stack.append(c)
    # contiguous: grow from the head while the neighbours are kept
    start = end = head.i
    while start - 1 in keep:
        start -= 1
    while end + 1 in keep:
        end += 1
    end += 1
    # trim leading function words, quantities and hedges; trailing punctuation
    while start < head.i and (doc[start].dep_ in LEAD_DEPS or doc[start].lower_ in _words("skip_before_outcome")
                              or doc[start].like_num or doc[start].text in ("%", "per", "cent")
                              or doc[start].lower_ in _words("relative_pronouns")):
        start += 1
    while end - 1 > head.i and (doc[end - 1].is_punct or doc[end - 1].dep_ in ("case", "cc", "det")):
        end -= 1
    if end - start > MAX_TOKENS:
        # keep the head and what comes before it, then the first modifiers after it
        end = min(end, max(head.i + 1, start + MAX_TOKENS))
        while end - 1 > head.i and (doc[end - 1].is_punct or doc[end - 1].dep_ in ("case", "cc", "det")):
            end -= 1
    return doc[start:end]


def is_anaphor(tok: Token) -> bool:
    """A pronoun or a bare referring noun ("it", "this", "the drug") names no intervention of its own."""
    if tok.pos_ == "PRON" or tok.lower_ == "which":
        return True
    return tok.lower_ in _words("anaphora") and all(c.dep_ in ("det", "amod") and c.lower_ in (
        "the", "this", "that", "these", "those", "such", "new") for c in tok.children)
