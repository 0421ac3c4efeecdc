"""The construction engine: claims read from the dependency parse.

The constructions themselves are data (``models/patterns/constructions.yaml``): a trigger (part of speech plus
an effect class of its lemma, or a closed lemma list) and the dependency paths at which its intervention and
outcome sit. This module only loads them and applies them to a parsed ``Doc``; phrase boundaries come from
``claimx.claims.spans`` and the direction words from the same file and ``models/patterns/effects.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from claimx.claims.spans import modified, syntax_words
from claimx.headlines import implied_copula
from claimx.lexicon import default_lexicon, inflect, load_yaml, norm_key

SUBJECT_DEPS = ("nsubj", "nsubj:pass", "csubj", "csubj:pass", "nsubj:outer")
CLIMB_DEPS = frozenset({"xcomp", "conj", "ccomp", "advcl", "acl", "acl:relcl"})


@dataclass(frozen=True, slots=True)
class Construction:
    name: str
    pos: frozenset[str]
    effect: frozenset[str]
    lemmas: frozenset[str]
    degree_trigger: bool
    requires: tuple[str, ...]
    requires_any: tuple[str, ...]
    requires_path: tuple[str, ...]
    forbids: tuple[str, ...]
    requires_degree: bool
    intervention: tuple[str, ...]
    outcome: tuple[str, ...]
    direction: str
    lemma_direction: dict[str, str]
    relation: str
    outcome_keeps_trigger: bool
    fallback_outcome: str
    comparative_only: bool = False
    inherits: bool = False
    arm_slot: bool = False
    locus_slot: bool = False
    yields: bool = False
    keeps_degree: bool = False
    examples: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Construction:
        trig = d.get("trigger", {})
        return cls(
            name=str(d["name"]),
            pos=frozenset(trig.get("pos", [])),
            effect=frozenset(trig.get("effect", [])),
            lemmas=frozenset(str(x).lower() for x in trig.get("lemma", [])),
            degree_trigger=trig.get("words") == "degree",
            requires=tuple(d.get("requires", ())),
            requires_any=tuple(d.get("requires_any", ())),
            requires_path=tuple(d.get("requires_path", ())),
            forbids=tuple(d.get("forbids", ())),
            requires_degree="requires_degree" in d.get("flags", ()),
            intervention=tuple(d.get("intervention", ())),
            outcome=tuple(d.get("outcome", ())),
            direction=str(d.get("direction", "trigger")),
            lemma_direction={str(k).lower(): str(v) for k, v in (d.get("lemma_direction") or {}).items()},
            relation=str(d.get("relation", "effect")),
            outcome_keeps_trigger="outcome_keeps_trigger" in d.get("flags", ()),
            fallback_outcome=str(d.get("fallback_outcome", "")),
            comparative_only="comparative_only" in d.get("flags", ()),
            inherits="inherits" in d.get("flags", ()),
            arm_slot="arm_slot" in d.get("flags", ()),
            locus_slot="locus_slot" in d.get("flags", ()),
            yields="yields" in d.get("flags", ()),
            keeps_degree="keeps_degree" in d.get("flags", ()),
            examples={k: list(v) for k, v in (d.get("examples") or {}).items()},
        )


@dataclass(frozen=True, slots=True)
class Relation:
    """One intervention -> outcome relation found by a construction (token indices in the sentence Doc)."""

    construction: str
    trigger: int
    intervention: int | None  # head token, or None when the sentence names none
    outcome: int
    direction: str  # increase | decrease | change | no_change | evaluative_up | evaluative_down | cause
    relation: str  # effect | association | comparison
    negated: bool
    hedged: bool
    outcome_keeps_trigger: bool = False
    # the subject is who reports or undergoes the outcome ("patients reported less pain"): the intervention
    # comes from the discourse
    inherits: bool = False
    # the intervention slot may hold the arm a comparison was seen in / the group a change was seen in
    # (constructions.yaml flags `arm_slot`, `locus_slot`)
    arm_slot: bool = False
    locus_slot: bool = False
    # an outcome that is the trigger's phrase keeps its degree word ("live longer"; flag `keeps_degree`)
    keeps_degree: bool = False


@dataclass(frozen=True)
class Grammar:
    constructions: tuple[Construction, ...]
    verb_effect: dict[str, str]
    phrasal_effect: dict[str, str]  # "verb particle" ("bump up", "bring down")
    adj_effect: dict[str, str]
    noun_effect: dict[str, str]
    degree: dict[str, str]
    quality: dict[str, str]
    agents: frozenset[str]
    raising: frozenset[str]
    non_assertive: frozenset[str]
    non_assertive_aux: frozenset[str]
    not_outcomes: frozenset[str]
    cues: dict[str, frozenset[str]]
    irregular: dict[str, list[str]] = field(default_factory=dict)  # verb -> its inflected forms (effects.yaml)


def _invert(table: dict[str, Sequence[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for direction, words in (table or {}).items():
        for w in words:
            out.setdefault(str(w).lower(), str(direction))
    return out


@cache
def grammar() -> Grammar:
    data = load_yaml("patterns", "constructions.yaml")
    effects = load_yaml("patterns", "effects.yaml")
    verbs = {d: [v for v in vs if " " not in v] for d, vs in effects.get("verbs", {}).items()}
    return Grammar(
        constructions=tuple(Construction.from_dict(c) for c in data.get("constructions", [])),
        verb_effect=_invert(verbs),
        phrasal_effect=_invert({d: [v for v in vs if len(v.split()) == 2]
                                for d, vs in effects.get("verbs", {}).items()}),
        irregular={str(k): [str(f) for f in v] for k, v in (effects.get("irregular") or {}).items()},
        adj_effect=_invert(effects.get("adjectives", {})),
        noun_effect=_invert(effects.get("nouns", {})),
        degree=_invert(data.get("degree", {})),
        quality=_invert(data.get("quality", {})),
        agents=frozenset(str(w).lower() for w in data.get("agents", [])),
        raising=frozenset(str(w).lower() for w in data.get("raising", [])),
        non_assertive=frozenset(str(w).lower() for w in data.get("non_assertive", [])),
        non_assertive_aux=frozenset(str(w).lower() for w in data.get("non_assertive_aux", [])),
        not_outcomes=frozenset(str(w).lower() for w in data.get("not_outcomes", [])),
        cues={k: frozenset(str(w).lower() for w in v) for k, v in (data.get("parse_cues") or {}).items()},
    )


# ---------------------------------------------------------------------------------------------- paths


def introducer(tok: Token) -> str:
    """The preposition or subordinator that introduces ``tok`` ("to", "due to", "in")."""
    for c in tok.children:
        if c.dep_ in ("case", "mark"):
            fixed = [f.lower_ for f in c.children if f.dep_ == "fixed"]
            return " ".join([c.lower_, *fixed])
    return ""


def _dep_matches(tok: Token, dep: str) -> bool:
    return tok.dep_ == dep or (dep in ("obl", "nmod") and tok.dep_.startswith(dep + ":")
                               and tok.dep_ not in ("nmod:poss", "obl:agent"))


def children_at(tok: Token, step: str) -> Iterator[Token]:
    if "=" in step:  # "obl>at=risk": a child the step reaches whose lemma is one of the listed ("a|b")
        step, _, wanted = step.partition("=")
        lemmas = frozenset(wanted.split("|"))
        yield from (c for c in children_at(tok, step) if c.lemma_.lower() in lemmas or c.lower_ in lemmas)
        return
    if ">" in step:
        dep, prep = step.split(">", 1)
        for c in tok.children:
            if _dep_matches(c, dep) and introducer(c) == prep:
                yield c
    else:
        for c in tok.children:
            if c.dep_ == step:
                yield c


def subject_of(tok: Token) -> Token | None:
    """The subject of ``tok``'s clause: its own subject, else that of the verb it depends on through
    xcomp / conj / relative clauses ("X may help reduce Y", "X reduces A and improves B", "a drug that
    lowers Y"). A gerund clause just before a subjectless verb that hangs from it is that verb's subject
    misattached ("found taking the supplements protects against ...")."""
    seen = 0
    cur = tok
    while seen < 6:
        seen += 1
        subjects = [c for c in cur.children if c.dep_ in SUBJECT_DEPS]
        # a bare gerund read as a clausal subject beside a nominal one ("Doing exercise may ...", with "Doing"
        # as csubj and "exercise" as nsubj): the nominal subject, with the gerund in its phrase
        subj = next((c for c in subjects if not c.dep_.startswith("csubj")), None) if len(subjects) > 1 else None
        subj = subj or (subjects[0] if subjects else None)
        if subj is not None:
            if subj.lower_ in grammar().cues["relative_pronouns"] and cur.dep_ == "acl:relcl":
                return cur.head
            return subj
        if cur.i == tok.i:
            reduced = next((c for c in cur.children if c.dep_ in ("advcl", "acl") and c.tag_ == "VBN"
                            and c.i < cur.i and any(g.dep_ in ("nsubj:pass", "nsubj") and g.i < c.i
                                                    for g in c.children)), None)
            if reduced is not None:
                return reduced  # "Babies born at weekends are less likely to ...": the participle clause
            # a bare gerund clause before a subjectless verb, as its dependent ("Why riding a bike can cut
            # ...") or beside it ("finds taking supplements protects against ..."), is its subject misattached
            siblings = list(cur.head.children) if cur.head.i != cur.i and cur.dep_ in CLIMB_DEPS else []
            gerund = next((c for c in [*cur.children, *siblings] if c.tag_ == "VBG" and c.i < cur.i
                           and c.dep_ in ("advcl", "csubj", "ccomp", "xcomp") and _bare(c)), None)
            if gerund is not None:
                return gerund
            bare = next((c for c in cur.children if c.dep_ in ("obl", "dep", "advmod") and c.pos_ in ("NOUN", "PROPN")
                         and c.left_edge.i == cur.sent.start and c.i < cur.i
                         and not any(g.dep_ in ("case", "mark") for g in c.children)), None)
            if bare is not None:
                return bare  # "X, a treatment for Y, can lead to Z" with X read as an oblique: the subject
        head = cur.head
        if cur.i == tok.i and cur.dep_ in ("ccomp", "conj", "parataxis", "advcl") and head.i < cur.i and _finite(cur):
            # "We found the scheme narrowed the gap", "found a tax on X has led to ...": the object of "found"
            # is the subject of the finite verb right after it, misattached
            obj = next((c for c in head.children if c.dep_ == "obj" and c.right_edge.i + 1 == cur.left_edge.i), None)
            if obj is not None and not any(c.dep_ == "mark" for c in cur.children):
                return obj
        if (cur.i == tok.i and head.i != cur.i and head.tag_ == "VBG" and head.i < cur.i
                and cur.dep_ in ("xcomp", "ccomp", "conj", "advcl")
                and not any(c.dep_ in SUBJECT_DEPS for c in head.children)):
            return head
        if (cur.dep_ == "acl" and cur.head.lemma_.lower() in syntax_words("capacity_nouns") and cur.head.dep_ == "obj"
                and any(c.dep_ == "mark" and c.lower_ == "to" for c in cur.children)):
            cur = cur.head.head  # "X has the power to reduce Y": the subject of "has"
            continue
        if (cur.i == tok.i and tok.pos_ in ("NOUN", "PROPN") and cur.dep_ in ("nmod", "compound")
                and head.i < cur.i and head.pos_ in ("NOUN", "PROPN") and upos(tok) == "VERB"):
            # "Low doses of Manuka honey curb the growth of ...": a verb read as a noun in its subject, the
            # nouns before it its compounds ("honey") or its head ("doses")
            return next((c for c in reversed(list(tok.lefts)) if c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN")),
                        head)
        if cur.dep_ == "acl:relcl" or (cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN")):
            return cur.head  # "dishes prepared at home lead to ...": the noun the clause modifies
        if cur.dep_ in ("amod", "appos") and cur.head.pos_ in ("NOUN", "PROPN") and cur.head.i < cur.i:
            return cur.head  # headline "E-cigs unlikely to ...", "Drug X, made by Y, reduced ..."
        if cur.i != tok.i and cur.dep_ == "obj" and cur.lower_ in grammar().cues["do_little"]:
            cur = cur.head  # "X does nothing to prevent Y": the subject of "does"
            continue
        to_raised = any(c.dep_ == "mark" and c.lower_ == "to" for c in cur.children) and (
            cur.head.lemma_.lower() in grammar().raising)  # "found to stimulate" read as an obl
        if (cur.dep_ not in CLIMB_DEPS and not to_raised) or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _finite(tok: Token) -> bool:
    """A finite verb, or one with a finite auxiliary or copula ("has led", "is no more effective")."""
    return tok.tag_ in ("VBD", "VBZ", "VBP") or any(
        c.dep_ in ("aux", "cop") and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in tok.children)


def _bare(tok: Token) -> bool:
    """A clause with no subject and no subordinator of its own ("riding a bike", not "after riding")."""
    return not any(c.dep_ in SUBJECT_DEPS or c.dep_ == "mark" or c.dep_ == "case" for c in tok.children)


def resolve(tok: Token, path: str) -> Token | None:
    if path == "subject":
        return subject_of(tok)
    if path == "head":
        return tok.head if tok.head.i != tok.i else None
    if path == "head.subject":
        return subject_of(tok.head) if tok.head.i != tok.i else None
    if path == "conj.obj":
        return next((o for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB"
                     for o in c.children if o.dep_ == "obj"), None)
    if path.startswith("subject."):
        subj = subject_of(tok)
        return resolve(subj, path[8:]) if subj is not None else None
    if path.startswith("head.") and path != "head.subject":
        return resolve(tok.head, path[5:]) if tok.head.i != tok.i else None
    if path.startswith("obj."):
        obj = next((c for c in tok.children if c.dep_ == "obj"), None)
        return resolve(obj, path[4:]) if obj is not None else None
    if path == "as.object":
        if introducer(tok) != "as" or tok.head.i == tok.i:
            return None
        return next((c for c in tok.head.children if c.dep_ in ("obj", "nsubj:pass")), None)
    if "." in path:  # "nmod>between.conj": a path from the first step's token ("a link between X and Y")
        step, rest = path.split(".", 1)
        first = next(children_at(tok, step), None)
        return resolve(first, rest) if first is not None else None
    if path == "modifier":
        return next((c for c in tok.children if c.dep_ in ("compound", "nmod:poss", "amod")
                     and c.lower_ not in grammar().degree and c.lower_ not in grammar().quality
                     and c.lower_ not in syntax_words("judgement_adjectives")
                     and c.pos_ in ("NOUN", "PROPN", "ADJ")), None)
    return next(children_at(tok, path), None)


# ------------------------------------------------------------------------------------------- triggers


def upos(tok: Token, deps: frozenset[str] | None = None) -> str:
    """The token's part of speech, with repairs: a noun that governs a modal auxiliary, or a subject and an
    object, is a verb the tagger misread ("a daily dose would prevent colds" with "prevent" tagged NN); so is
    an adjective with a modal and an object ("could lower their risk"); a comparative read as a predicate noun
    ("was shorter") is an adjective."""
    if tok.pos_ in ("NOUN", "PROPN", "ADJ", "ADV"):
        deps = dependents(tok) if deps is None else deps
        modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in tok.children)
        if tok.pos_ in ("NOUN", "PROPN") and (modal or "obj" in deps) and "cop" not in deps:
            # nouns take no objects: "found to stimulate immunity" with "stimulate" read as NN; a predicate
            # noun keeps its modal ("may be an important trigger for ...")
            return "VERB"
        if tok.dep_ == "ROOT" and any(d in SUBJECT_DEPS for d in deps) and tok.lower_ in _verb_forms():
            return "VERB"  # "Boosting omega-3 resulted in ..." with "resulted" read as an adjective
        if tok.pos_ in ("ADJ", "ADV") and modal and "obj" in deps and "cop" not in deps:
            return "VERB"  # "could significantly lower their risk" with "lower" read as an adjective
        if (tok.pos_ == "ADJ" and tok.tag_ in ("VBD", "VBZ") and tok.dep_ in ("ccomp", "ROOT")
                and deps & {"obj", "xcomp"} and "cop" not in deps):
            return "VERB"  # "showed the diet lowered cholesterol": tagged as a past verb, its part of speech ADJ
        if tok.pos_ == "NOUN" and "cop" in deps and tok.tag_ == "NN" and tok.lower_.endswith("er") and (
                tok.lower_ in grammar().degree):
            return "ADJ"  # "the stay was significantly shorter after X" with "shorter" read as a noun
    return tok.pos_


@cache
def _verb_lemmas() -> dict[str, str]:
    """Inflected forms of effect verbs and of the verbs constructions name -> their base form ("slashes" ->
    "slash"): the vocabulary knows these forms better than the trained lemmatizer does."""
    g = grammar()
    lemmas = set(g.verb_effect)
    for c in g.constructions:
        if "VERB" in c.pos:
            lemmas |= c.lemmas
    out: dict[str, str] = {}
    for lemma in sorted(lemmas):
        for f in inflect(lemma, g.irregular):
            if " " not in f:
                out.setdefault(f, lemma)
    return out


@cache
def _verb_forms() -> frozenset[str]:
    """Finite forms (-s, -ed) of effect verbs and of the verbs constructions name."""
    return frozenset(f for f, lemma in _verb_lemmas().items() if f != lemma and not f.endswith("ing"))


def lemma_of(tok: Token, pos: str | None = None) -> str:
    """The token's lemma: the vocabulary's base form for an inflected effect verb read as a verb, else the
    trained lemmatizer's. ``pos``: the token's :func:`upos`, when the caller has it."""
    if tok.pos_ not in ("NOUN", "PROPN") or (pos or upos(tok)) == "VERB":
        base = _verb_lemmas().get(tok.lower_)
        if base is not None:
            return base
    return tok.lemma_.lower()


def effect_class(tok: Token, pos: str | None = None, lemma: str | None = None) -> str | None:
    g = grammar()
    pos = pos or upos(tok)
    lemma = lemma or lemma_of(tok, pos)
    if pos == "VERB":
        particle = next((c.lower_ for c in tok.children if c.tag_ == "RP" and c.i == tok.i + 1
                         and c.dep_ in ("compound:prt", "compound")), None)
        if particle is not None:  # a phrasal verb: "bump up", "speed up", "bring down"
            phrasal = g.phrasal_effect.get(f"{lemma} {particle}") or g.phrasal_effect.get(f"{tok.lower_} {particle}")
            if phrasal is not None:
                return phrasal
        return g.verb_effect.get(lemma) or g.verb_effect.get(tok.lower_)
    if pos == "ADJ":
        return g.adj_effect.get(tok.lower_)
    if pos == "NOUN":
        return g.noun_effect.get(lemma) or g.noun_effect.get(tok.lower_)
    return None


def _is_degree_word(tok: Token) -> bool:
    return tok.lower_ in grammar().degree or tok.tag_ in ("JJR", "RBR", "JJS", "RBS")


def degree_of(tokens: Sequence[Token]) -> str | None:
    g = grammar()
    for t in tokens:
        d = g.degree.get(t.lower_)
        if d is not None:
            return d
    return None


def degree_near(trigger: Token, outcome: Token | None) -> str | None:
    """A more/less word on the trigger ("more likely", "higher risk"), the trigger itself ("lower"), or on the
    outcome head ("linked to a higher risk of")."""
    near: list[Token] = [trigger]
    for c in trigger.children:
        if c.dep_ in ("advmod", "amod", "obl:npmod", "nummod", "obl:unmarked", "nmod:unmarked"):
            near.append(c)
            near.extend(g for g in c.children if g.dep_ in ("advmod", "nummod", "obl:npmod", "amod"))
    if outcome is not None:
        near.extend(c for c in outcome.children if c.dep_ in ("amod", "advmod"))
        if outcome.tag_ in ("JJR", "RBR"):
            near.append(outcome)  # "linked to lower breastfeeding rates" with "lower" read as a verb's clause
    return degree_of(near)


def _superlative(trigger: Token, outcome: Token) -> bool:
    near = [*trigger.children, *outcome.children]
    return any(t.tag_ in ("JJS", "RBS") or t.lower_ in ("most", "least") for t in near
               if t.dep_ in ("amod", "advmod"))


def _opens_pseudo(tok: Token) -> bool:
    """Whether the token is part of a ConText PSEUDO cue ("not only", "no doubt"), which negates nothing (the
    ``claimx_context`` component records them)."""
    return any(s <= tok.i < e for s, e in tok.doc.user_data.get("cx_pseudo", ()))


def _negated(tok: Token) -> bool:
    negators = grammar().cues["negators"]
    cur: Token | None = tok
    hops = 0
    while cur is not None and hops < 4:
        if any(c.lower_ in negators and c.dep_ in ("advmod", "det", "neg", "aux", "cc:preconj")
               and not _opens_pseudo(c) for c in cur.children):
            return True
        # up through "to"-complements, and from a noun trigger to the verb it is the object of ("was not shown
        # to have health benefits", "did not have an effect")
        light = cur.i == tok.i and cur.dep_ == "obj" and tok.pos_ in ("NOUN", "PROPN")
        if (cur.dep_ == "advcl" and cur.head.lemma_.lower() in grammar().cues["negating_governors"]
                and any(c.dep_ == "mark" and c.lower_ == "to" for c in cur.children)):
            return True  # "are failing to increase survival", the to-clause read as adverbial
        if (cur.dep_ != "xcomp" and not light) or cur.head.i == cur.i:
            break
        cur = cur.head
        hops += 1
        if cur.lemma_.lower() in grammar().cues["negating_governors"]:
            return True  # "X is unlikely to cause Y"
    return False


def _does_little(tok: Token) -> bool:
    """Whether ``tok`` is the to-clause of "does little / nothing" ("Diet drinks do little to reduce weight"),
    with the clause hung from "do" or from "little"."""
    if not any(c.dep_ == "mark" and c.lower_ == "to" for c in tok.children) or tok.head.i == tok.i:
        return False
    words = grammar().cues["do_little"]
    head = tok.head
    if head.lower_ in words:
        return head.head.lemma_.lower() == "do"
    return head.lemma_.lower() == "do" and any(c.dep_ == "obj" and c.lower_ in words for c in head.children)


def _denied(tok: Token) -> bool:
    """Whether ``tok`` sits inside the phrase of an evidence noun a denying word opens ("no evidence that X
    improves Y", "little evidence of any effect of X on Y")."""
    cues = grammar().cues
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.lemma_.lower() in cues["evidence_nouns"] and any(
                c.lower_ in cues["denying_words"] and c.dep_ in ("det", "amod") for c in cur.children):
            return True
    return False


def _hedged(tok: Token) -> bool:
    cues = grammar().cues
    cur: Token | None = tok
    hops = 0
    while cur is not None and hops < 5:
        for c in cur.children:
            if c.dep_ in ("aux", "aux:pass") and c.lower_ in cues["hedge_aux"]:
                return True
            if c.dep_ == "advmod" and c.lower_ in cues["hedge_adverbs"]:
                return True
        if cur.lemma_.lower() in cues["hedge_governors"] and cur.i != tok.i:
            return True
        if cur.dep_ not in ("xcomp", "ccomp", "conj") or cur.head.i == cur.i:
            break
        cur = cur.head
        hops += 1
    return False


def asserted(tok: Token, purposes: bool = True) -> bool:
    """Whether the clause of ``tok`` asserts its effect: not a purpose ("a programme to reduce poverty"), not
    hoped for, aimed at or recommended ("we hope the drug will reduce", "should be used to prevent").
    ``purposes=False`` leaves out the purpose test (for readers that judge purposes themselves)."""
    g = grammar()
    if _after_whose(tok):
        return False  # "women whose pregnancies were affected by X": who was studied, not a finding
    cur = tok
    presupposed = -1  # the verb whose subject a relative clause describes ("A drug that cuts X was developed")
    for _ in range(6):
        if cur.dep_ == "acl:relcl" and cur.head.dep_ in SUBJECT_DEPS and cur.head.head.i != cur.head.i:
            presupposed = cur.head.head.i
        marks = {c.lower_ for c in cur.children if c.dep_ == "mark"}
        if any(c.dep_.startswith("aux") and c.lower_ in g.non_assertive_aux for c in cur.children):
            return False
        if purposes and "to" in marks and cur.head.i != cur.i and not _does_little(cur):
            gov = cur.head
            raised = (gov.lemma_.lower() in g.raising or gov.lower_ in g.raising
                      or (cur.dep_ == "acl" and gov.lemma_.lower() in syntax_words("capacity_nouns")))  # "the power to"
            if cur.dep_ in ("acl", "advcl", "csubj", "nmod", "obl", "ROOT") and not raised:
                return False  # a purpose: "drugs to treat X", "in order to reduce"
            if cur.dep_ == "xcomp" and gov.lemma_.lower() not in g.raising and gov.lower_ not in g.raising:
                return False  # "designed to reduce", "aims to improve"
        if marks & {"whether", "if"}:
            return False
        if (cur.tag_ == "VBG" and cur.head.i != cur.i and cur.head.lemma_.lower() in syntax_words("method_nouns")
                and introducer(cur) in ("of", "for")):
            return False  # "a new way of overcoming resistance": a way to the effect, not the effect
        if cur.i not in (tok.i, presupposed) and upos(cur) != "NOUN" and (cur.lemma_.lower() in g.non_assertive
                                                                          or cur.lower_ in g.non_assertive):
            return False
        if cur.head.i == cur.i:
            return True
        cur = cur.head
    return True


def _after_whose(tok: Token) -> bool:
    """Whether ``tok`` is the verb of a "whose" relative clause with an auxiliary ("nurses whose sleep was
    disrupted by X"), read by token order: "whose", a short noun phrase, then auxiliaries and adverbs only."""
    doc = tok.doc
    k = next((j for j in range(tok.i - 1, max(-1, tok.i - 8), -1) if doc[j].lower_ == "whose"), None)
    if k is None:
        return False
    between = doc[k + 1:tok.i]
    return all(t.pos_ in ("NOUN", "PROPN", "ADJ", "DET", "NUM", "AUX", "ADV", "PART") and not t.is_punct
               for t in between) and any(t.pos_ in ("NOUN", "PROPN") for t in between) and any(
        t.pos_ == "AUX" for t in between)  # a state they came with ("was disrupted", "had spread"), not a
    # change the sentence reports ("a woman whose depression lifted within hours of X")


def _who(tok: Token) -> bool:
    """A head that names people or a statistic, never an outcome ("in older adults", "95% CI")."""
    key = norm_key(tok.text)
    return (key in default_lexicon().populations or tok.lower_ in grammar().not_outcomes
            or tok.lower_ in grammar().cues["people_agents"] or tok.lemma_.lower() in grammar().cues["people_agents"]
            or (tok.like_num and len(tok.text) == 4 and tok.text.isdigit())  # a year
            or _personal(tok))


def _personal(tok: Token) -> bool:
    """A personal pronoun that names people ("you", "us", "her"): first or second person, or gendered."""
    if tok.pos_ != "PRON" or tok.morph.get("PronType") != ["Prs"]:
        return False
    return bool(set(tok.morph.get("Person")) & {"1", "2"} or set(tok.morph.get("Gender")) & {"Masc", "Fem"})


def _described_group(tok: Token) -> bool:
    """A people noun predicated with a describing modifier ("likely to be troubled teenagers", "to become
    heavy drinkers"): a state of the subject, an outcome."""
    return any(c.dep_ == "cop" for c in tok.children) and modified(tok)


def _clause_of(tok: Token) -> Token | None:
    """The clause that says what happens to a population ("children sleeping for longer")."""
    return next((c for c in tok.children if c.dep_ in ("acl", "acl:relcl") and c.pos_ == "VERB"), None)


@dataclass(frozen=True, slots=True)
class _Facts:
    """What every construction asks of a trigger token, read once per token instead of once per construction."""

    pos: str
    lemma: str
    lower: str
    effect: str | None
    degree: bool
    deps: frozenset[str]
    introducers: frozenset[str]  # what introduces each child ("than", "due to"), for paths that need one


def _facts(tok: Token) -> _Facts:
    deps = dependents(tok)
    pos = upos(tok, deps)
    lemma = lemma_of(tok, pos)
    return _Facts(pos, lemma, tok.lower_, effect_class(tok, pos, lemma), _is_degree_word(tok), deps,
                  frozenset(introducer(c) for c in tok.children))


@cache
def _needed_introducer(path: str) -> str | None:
    """The introducer a path's first step asks of a child of the trigger ("obl>than" -> "than"), or None for a
    path that starts elsewhere (its head, its subject) or asks none."""
    step = path.split(".", 1)[0]
    if ">" not in step or path.startswith(("head.", "subject.", "obj.")) or step in ("head", "subject"):
        return None
    return step.split(">", 1)[1].partition("=")[0]


def dependents(tok: Token) -> frozenset[str]:
    """The dependency labels of the token's children, with ``cop`` for a headline's implied copula
    (``claimx.headlines``: "Counselling as effective as pills")."""
    deps = frozenset(ch.dep_ for ch in tok.children)
    return deps | {"cop"} if implied_copula(tok) else deps


def _fits(c: Construction, tok: Token, f: _Facts | None = None) -> bool:
    f = f or _facts(tok)
    if c.pos and f.pos not in c.pos:
        return False
    if c.lemmas and f.lemma not in c.lemmas and f.lower not in c.lemmas:
        return False
    if c.effect and f.effect not in c.effect:
        return False
    if c.degree_trigger and not f.degree:
        return False
    if not all(r in f.deps for r in c.requires) or any(x in f.deps for x in c.forbids) or (
            c.requires_any and not any(r in f.deps for r in c.requires_any)):
        return False
    return not c.requires_path or any(
        ((need := _needed_introducer(p)) is None or need in f.introducers) and resolve(tok, p) is not None
        for p in c.requires_path)


def _direction(c: Construction, tok: Token, outcome: Token) -> str | None:
    lemma = lemma_of(tok)
    if c.direction == "trigger":
        cls = effect_class(tok)
        if cls == "change":  # "negatively affects sleep", "positively influences mood"
            return {"increase": "evaluative_up", "decrease": "evaluative_down"}.get(_quality(tok, ("advmod",)), cls)
        return cls
    if c.direction == "lemma":
        return c.lemma_direction.get(lemma) or c.lemma_direction.get(tok.lower_)
    if c.direction == "lemma_or_trigger":
        return c.lemma_direction.get(lemma) or effect_class(tok) or "change"
    if c.direction == "degree":
        return degree_near(tok, outcome) or "change"
    if c.direction == "subject_degree":  # "Fewer patients in the drug group had a relapse"
        subj = subject_of(tok)
        return degree_of([t for t in subj.children if t.dep_ in ("amod", "det", "advmod", "nummod")]) \
            if subj is not None else None
    if c.direction == "complement":  # "makes eczema worse", "keeps the brain sharper"
        comp = next((ch for ch in tok.children if ch.dep_ == "xcomp"), None)
        if comp is None:
            return None
        return effect_class(comp) or degree_near(comp, None) or "change"  # "worse"; "more tired"
    if c.direction == "quality":
        return _quality(tok, ("amod", "det", "advmod")) or "change"
    return c.direction


def _quality(tok: Token, deps: Sequence[str]) -> str:
    """The direction of a quality word on the token ("a protective effect", "negatively affects"), or ""."""
    quality = grammar().quality
    return next((quality[ch.lower_] for ch in tok.children if ch.dep_ in deps and ch.lower_ in quality), "")


@cache
def yielding() -> frozenset[str]:
    """The constructions whose claims give way to one read inside their outcome (flag ``yields``)."""
    return frozenset(c.name for c in grammar().constructions if c.yields)


@cache
def _by_pos() -> dict[str, tuple[Construction, ...]]:
    """The constructions a trigger of each part of speech can fit, in the data file's order."""
    constructions = grammar().constructions
    every = {p for c in constructions for p in c.pos} | {"VERB", "ADJ", "NOUN", "ADV", "AUX", "PROPN"}
    return {p: tuple(c for c in constructions if not c.pos or p in c.pos) for p in every}


@lru_cache(maxsize=1 << 16)
def _candidates(pos: str, lemma: str, lower: str) -> tuple[Construction, ...]:
    return tuple(c for c in _by_pos().get(pos, ()) if not c.lemmas or lemma in c.lemmas or lower in c.lemmas)


def candidates(f: _Facts) -> tuple[Construction, ...]:
    """The constructions a trigger can fit by its part of speech and word (lemma or form), in the data file's
    order: the cheap tests of :func:`_fits`, answered once per (part of speech, lemma, form)."""
    return _candidates(f.pos, f.lemma, f.lower)


def relations(doc: Doc) -> list[Relation]:
    """Every relation the constructions find in a parsed sentence, in trigger order; one per outcome token."""
    found: list[Relation] = []
    taken: set[tuple[int, int]] = set()
    for tok in doc:
        if tok.pos_ not in ("VERB", "ADJ", "NOUN", "ADV", "AUX"):
            continue
        facts = _facts(tok)
        for c in candidates(facts):
            if not _fits(c, tok, facts):
                continue
            if not asserted(tok):
                break
            outcome = next((o for p in c.outcome if (o := resolve(tok, p)) is not None
                            and (not _who(o) or _clause_of(o) is not None or _described_group(o))), None)
            keeps = c.outcome_keeps_trigger
            if outcome is None and c.fallback_outcome == "trigger":
                outcome, keeps = tok, True  # "X was as effective as Y": the outcome is the quality compared
            if outcome is None or (outcome.i == tok.i and not keeps) or outcome.is_punct:
                continue
            if _hands_on(tok, outcome):
                break  # "X may help prevent Y": the claim is the later verb's, read at that verb
            if c.requires_degree and degree_near(tok, outcome) is None:
                continue
            if c.comparative_only and _superlative(tok, outcome):
                continue  # "had the highest proportion of X": a description, not a comparison
            iv, method = _intervention(c, tok, outcome)
            if iv is None and method:
                continue  # "the researchers reduced the dose": a method
            direction = _direction(c, tok, outcome)
            if direction is None:
                continue
            if (misread := _misread_handed_verb(tok, outcome)) is not None:
                direction = misread  # "helps lower blood pressure" with "lower" read as an adjective of it
            negated = _negated(tok) or _denied(tok) or _does_little(tok)
            kind = c.relation
            if kind == "association_unless_cause":  # "a cause of" is causal, "a predictor of" correlational
                kind = "effect" if tok.lemma_.lower() == "cause" else "association"
            for o in [outcome, *conjuncts(outcome)]:
                if (tok.i, o.i) in taken:
                    continue
                taken.add((tok.i, o.i))
                found.append(Relation(c.name, tok.i, iv.i if iv is not None else None, o.i,
                                      "no_change" if negated else direction, kind, negated, _hedged(tok), keeps,
                                      c.inherits, c.arm_slot, c.locus_slot, c.keeps_degree))
            break  # the first construction that fits a trigger wins
    return found


def _intervention(c: Construction, tok: Token, outcome: Token) -> tuple[Token | None, bool]:
    """The first intervention path's token that is no agent of the study, and whether a path gave the people
    who ran it ("the researchers reduced the dose": a method, unless another path names an exposure, as in
    "researchers found an increased risk of X among those who ate Y"). The study itself ("the trial found a
    reduction") is passed over too."""
    g = grammar()
    method = study = False
    for p in c.intervention:
        i = resolve(tok, p)
        if i is None or i.i == outcome.i or i.i == tok.i:
            continue
        if i.lemma_.lower() in g.agents:
            if i.pos_ == "PRON" or i.lemma_.lower() in g.cues["people_agents"]:
                method = True
            else:
                study = True
            continue
        return i, method
    return None, method and not study


def _hands_on(tok: Token, outcome: Token) -> bool:
    """Whether a facilitating verb's outcome is an effect verb in its clause ("helps [to] lower Y")."""
    return (tok.lower_ in syntax_words("facilitating_verbs") and outcome.head.i == tok.i
            and outcome.dep_ in ("xcomp", "ccomp", "conj", "advcl") and upos(outcome) == "VERB"
            and effect_class(outcome) is not None)


def _misread_handed_verb(tok: Token, outcome: Token) -> str | None:
    """The effect class of the base-form effect verb right after a facilitating verb ("helps [to] lower") when
    the parse made it a modifier of the outcome: that verb, not "help", gives the direction."""
    if tok.lower_ not in syntax_words("facilitating_verbs"):
        return None
    doc = tok.doc
    j = tok.i + 1 + (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to")
    if j >= len(doc) or doc[j].head.i != outcome.i or doc[j].dep_ not in ("amod", "compound"):
        return None
    if _verb_lemmas().get(doc[j].lower_) != doc[j].lower_:
        return None  # a base form only ("helps lower"), not "helps improved ..."
    return grammar().verb_effect.get(doc[j].lower_)


def conjuncts(tok: Token) -> list[Token]:
    """Tokens coordinated with ``tok`` ("anxiety and depression"), at most three."""
    out = []
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and not _who(c) and len(out) < 3:
            out.append(c)
    return out


@cache
def cue_words() -> frozenset[str]:
    """Lower-cased word forms that may start a construction, for choosing which sentences to parse: the
    construction lemmas and effect words with their inflections, and the degree and quality words."""
    g = grammar()
    lemmas: set[str] = set(g.verb_effect) | set(g.noun_effect)
    for c in g.constructions:
        lemmas |= c.lemmas
    words: set[str] = set(g.degree) | set(g.quality) | set(g.adj_effect)
    for lemma in lemmas:
        words.update(inflect(lemma))
        words.add(lemma + "s")  # plural of a noun lemma ("associations")
    return frozenset(words)
