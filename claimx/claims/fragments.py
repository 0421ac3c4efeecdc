"""Claims of fragments the parser misreads: headline verbs read as nouns.

Headlines pack a claim into a noun-like string ("Pedal power cuts risk of early death", "Gene therapy restores
sight"), and a parser trained on full sentences often reads the verb as one more compound noun. When a sentence
has no finite main clause in its parse and the constructions find nothing, this reader looks for an effect
verb *form* between two noun phrases, by token order:

    <noun phrase>  <effect verb: 3rd person -s, past -ed, or a base form after a plural noun>  <noun phrase>

When the parse does have a finite clause but no construction read it (the parser often tags the verb of "Green
tea lowers blood pressure" as a noun), the same reading applies to a plain "<noun phrase> <verb> <noun phrase>"
only: no finite verb inside the first phrase ("Experts say X cuts Y"), no count after the verb ("affects more
than 60 million people") and no statement about the analysis ("strengthened the associations found").

It stays quiet on topic headings and instructions ("Assess How X Influences Y", "Study the Changes in ...",
"Stages of Sleep Affected by X"): the word before the verb must end a noun phrase, no question word may come
before it, the line may not open with an imperative, and a "verb" followed by a preposition is a participle
or a noun ("Affected by X", "Benefits of X").
The word lists come from ``models/patterns/effects.yaml`` (effect verbs) and ``models/patterns/syntax.yaml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from spacy.tokens import Doc, Span, Token

from claimx.claims.constructions import SUBJECT_DEPS, grammar
from claimx.claims.spans import _words, is_population, modified
from claimx.claims.strength import strength_of
from claimx.headlines import implied_copula
from claimx.lexicon import Lexicon, inflect, norm_key

FINITE_TAGS = frozenset({"VBZ", "VBD", "VBP", "MD"})
NOUNISH = frozenset({"NOUN", "PROPN", "PRON", "ADJ", "NUM"})
MAX_OUTCOME = 8


@cache
def verb_forms() -> dict[str, tuple[str, str]]:
    """Finite-capable surface forms of effect verbs: form -> (lemma, "s" | "ed" | "base")."""
    out: dict[str, tuple[str, str]] = {}
    for lemma in grammar().verb_effect:
        forms = inflect(lemma)
        for f in forms:
            if f.endswith("ing"):
                continue
            out.setdefault(f, (lemma, _form_kind(f, lemma)))
    return out


def _form_kind(form: str, lemma: str) -> str:
    """A verb form's kind: "base", "s" (3rd person) or "ed" (past)."""
    return "base" if form == lemma else ("s" if form.endswith("s") else "ed")


def has_main_clause(doc: Doc) -> bool:
    """Whether the parse found a finite main clause (a finite root, or a root with a finite auxiliary)."""
    for tok in doc:
        if tok.dep_ != "ROOT":
            continue
        if tok.tag_ in FINITE_TAGS and tok.pos_ in ("VERB", "AUX"):
            return True
        if implied_copula(tok) or any(c.tag_ in FINITE_TAGS and c.dep_ in ("aux", "aux:pass", "cop")
                                      for c in tok.children):
            return True
    return False


def reporting_tail(doc: Doc) -> int | None:
    """The index where a reporting tail starts ("Oily fish 'cuts risk of X', research suggests": the comma),
    when the parse's only finite main clause is that reporting verb; else None."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if len(roots) != 1 or roots[0].lower_ not in _words("reporting_verbs"):
        return None
    root = roots[0]
    comma = next((k for k in range(root.i - 1, 0, -1) if doc[k].text in (",", "-", "–", ":")), None)
    if comma is None or root.i - comma > 5:
        return None
    return comma


def explains(doc: Doc) -> bool:
    """A "How X does Y" / "Why X can Y" headline: an explanation of a stated effect, not a question (no
    auxiliary right after the question word, no question mark)."""
    if len(doc) < 4 or doc[0].lower_ not in ("how", "why") or doc[-1].text == "?":
        return False
    second = doc[1]
    return not (second.pos_ == "AUX" or second.tag_ == "MD" or second.lower_ in _words("do_forms")
                or second.lower_ in _words("be") or second.lower_ in ("can", "could", "to"))


def _opens_instruction(doc: Doc) -> bool:
    first = next((t for t in doc if not t.is_punct), None)
    if first is not None and first.i == 0 and explains(doc):
        return False
    return first is not None and (first.tag_ == "VB" or first.lower_ in _words("question_words"))


def _trigger_ok(doc: Doc, i: int, kind: str) -> bool:
    if i == 0 or i + 1 >= len(doc):
        return False
    k = i - 1
    if doc[k].is_quote and k >= 1:
        k -= 1  # Eating oily fish 'cuts risk ...'
    if (doc[k].tag_ == "RB" or doc[k].pos_ == "ADV") and doc[k].lower_.endswith("ly") and k >= 1:
        k -= 1  # Cracked eggs sharply increase risk ...
    elif doc[k].lower_ == "than" and k >= 2 and doc[k - 1].lower_ in ("more", "less"):
        k -= 2  # Night shifts more than double risk ...
    prev = doc[k]
    # "Cycling to work halves risk": the noun after "to" in a gerund's phrase read as an infinitive verb
    to_noun = (prev.tag_ == "VB" and k >= 2 and doc[k - 1].lower_ == "to"
               and (doc[k - 2].tag_ == "VBG" or doc[k - 2].lower_.endswith("ing")))
    if (prev.pos_ not in NOUNISH and prev.tag_ != "VBG" and not to_noun) or prev.dep_ == "det" or (
            prev.lower_ in _words("boundary") and not _third_person(prev)):
        return False
    nxt = doc[i + 1]
    handing = doc[i].lower_ in _words("facilitating_verbs") and nxt.lower_ == "to"  # "helps to slow ..."
    if not handing and (nxt.pos_ == "ADP" or nxt.lower_ in ("by", "to", "of") or (nxt.is_punct and not nxt.is_quote)):
        # "Stages of Sleep Affected by X", "Benefits of X": a participle or a noun, not a headline verb
        return False
    if kind == "base" and not prev.tag_.endswith("S") and prev.pos_ != "PRON" and not _plural_head(doc, i):
        return False  # "supplements reduce risk", not "the treatment increase"
    question = _words("question_words")
    return not any(t.lower_ in question for t in doc[1 if explains(doc) else 0:i])


def _plural_head(doc: Doc, i: int) -> bool:
    """Whether the noun phrase before token ``i`` is headed by a plural noun before its first preposition
    ("Broken leaves in bags of salad increase ..."): a base form after it agrees with it."""
    span = _intervention(doc, i)
    head = None
    for t in span or ():
        if t.pos_ == "ADP":
            break
        if t.pos_ in ("NOUN", "PROPN"):
            head = t
    return head is not None and head.tag_ in ("NNS", "NNPS") and head.i < i - 1


def _intervention(doc: Doc, i: int) -> Span | None:
    start = 0
    for k in range(i - 1, -1, -1):
        if doc[k].text in (":", ";", "|") or doc[k].lower_ in ("that",):
            start = k + 1
            break
    skip = _words("skip_before_outcome")
    while start < i and (doc[start].is_punct or doc[start].lower_ in skip or doc[start].dep_ == "det"
                         or doc[start].pos_ == "CCONJ"):
        start += 1
    end = i
    while end > start and (doc[end - 1].is_quote or (doc[end - 1].tag_ == "RB" and doc[end - 1].lower_.endswith("ly"))):
        end -= 1
    if end - start > 2 and doc[end - 1].lower_ == "than" and doc[end - 2].lower_ in ("more", "less"):
        end -= 2
    span = doc[start:end]
    if not any(t.pos_ in ("NOUN", "PROPN") or t.tag_ == "VBG" for t in span):
        return None
    return span


def _outcome(doc: Doc, i: int) -> Span | None:
    start = i + 1
    skip = _words("skip_before_outcome")
    while start < len(doc) and (doc[start].is_quote or doc[start].lower_ in skip):
        start += 1
    end = start
    boundary = _words("boundary")
    while end < len(doc) and end - start < MAX_OUTCOME:
        t = doc[end]
        possessive = t.tag_ == "POS" or (t.text in ("'", "’") and end > start and doc[end - 1].whitespace_ == "")
        if t.is_punct and not possessive and not (t.text in ("-", "–") and t.whitespace_ == ""):
            break  # a hyphen inside a word and a possessive marker ("teenagers’ sleep") do not end it
        if t.lower_ in boundary and t.lower_ != "of":
            break
        end += 1
    while end > start and doc[end - 1].lower_ in ("of", "-"):
        end -= 1
    span = doc[start:end]
    if not any(t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB") for t in span):
        return None
    return span


def fragment_claims(doc: Doc, lexicon: Lexicon, hedge_scopes: Sequence[tuple[int, int]] = (),
                    negation_scopes: Sequence[tuple[int, int]] = ()):
    """Claims of a sentence whose parse has no main clause, read by token order (at most one per sentence)."""
    from claimx.claims.assemble import ParsedClaim, _outcome_key, resolve_direction

    if _opens_instruction(doc):
        return []
    tail = reporting_tail(doc)
    body = doc[:tail] if tail is not None else doc
    if tail is None:
        clause = has_main_clause(doc) or any(t.dep_ in SUBJECT_DEPS and t.head.pos_ == "VERB"
                                             and t.head.tag_ in FINITE_TAGS for t in doc)
    else:
        # the part before the reporting tail has its own finite verb in the parse: the constructions read it
        clause = any(t.tag_ in FINITE_TAGS and t.pos_ in ("VERB", "AUX") for t in body)
    forms = verb_forms()
    for tok in body:
        hit = forms.get(tok.lower_)
        handed = _handed_on(doc, tok.i, forms)
        if hit is None and handed is not None:  # "Gargling daily helps to slow the spread of ..."
            hit = (tok.lower_, _form_kind(tok.lower_, tok.lemma_.lower()))
        if hit is None:
            continue
        verb = handed or tok  # the verb whose effect the claim states
        modal = _modal_at(doc, tok.i) if hit[1] == "base" and tok.pos_ != "VERB" else None
        if modal is not None:
            # "... can decrease risk of X", "Fast track does enhance recovery": a modal or "do" before a base
            # form makes it a verb, whatever the parse says
            iv, out = _subject_before(doc, modal), _outcome(doc, verb.i)
        elif not _trigger_ok(doc, tok.i, hit[1]):
            continue
        else:
            iv, out = _intervention(doc, tok.i), _outcome(doc, verb.i)
            # in a parsed clause, read by order only "<noun phrase> <verb> <noun phrase>" about a health outcome
            if clause and iv is not None and out is not None and (
                    any(t.tag_ in FINITE_TAGS for t in iv) or out[0].lower_ in grammar().degree
                    or any(t.lower_ in _words("association_words") or t.lemma_.lower() in grammar().agents
                           for t in out)):
                continue
        anaphor = _pronoun_subject(doc, tok.i) if iv is None and out is not None else None
        if anaphor is None and (iv is None or out is None
                                or any(is_population(t) and not modified(t) and not _possessor(t) for t in iv)):
            continue  # "some people notice improved X": who, not what ("men's attitude to X" is a what)
        base = grammar().verb_effect[forms[verb.lower_][0]]
        hedged = _modal_before(doc, tok) or any(s <= tok.i < e for s, e in hedge_scopes)
        negated = any(s <= tok.i < e for s, e in negation_scopes)
        direction = "no_change" if negated else resolve_direction(base, [norm_key(t.text) for t in out], lexicon)
        if direction == "change" and explains(doc):
            continue  # "How X Affects Y": a topic
        return [ParsedClaim(iv, out, _outcome_key(doc, out), direction, doc[verb.i:verb.i + 1], "headline_verb",
                            hedged, negated, strength_of("effect", hedged), refers_back=anaphor is not None,
                            anaphor=anaphor)]
    return []


def _third_person(tok: Token) -> bool:
    """A third-person subject pronoun ("it", "they"), by its tag and morphology."""
    return tok.tag_ == "PRP" and tok.morph.get("Person") == ["3"] and tok.morph.get("Case") == ["Nom"]


def _pronoun_subject(doc: Doc, i: int) -> Span | None:
    """A third-person pronoun opening the clause right before the verb at ``i`` ("It positively impacts X"),
    which refers back to the intervention; -ly adverbs may stand between."""
    k = i - 1
    while k > 0 and (doc[k].tag_ == "RB" or doc[k].pos_ == "ADV") and doc[k].lower_.endswith("ly"):
        k -= 1
    if k < 0 or not _third_person(doc[k]):
        return None  # "it", "they": not "we", "you"
    if k > 0 and not (doc[k - 1].is_punct or doc[k - 1].pos_ in ("CCONJ", "SCONJ")):
        return None  # the pronoun opens its clause: after a comma, "and", "but", "that"
    return doc[k:k + 1]


def _possessor(tok: Token) -> bool:
    """A word followed by a possessive marker ("Men's attitude"): it qualifies the phrase, it does not head it."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and (nxt.tag_ == "POS" or nxt.lower_ in ("'s", "’s", "'", "’"))


def _handed_on(doc: Doc, i: int, forms: dict[str, tuple[str, str]]) -> Token | None:
    """The effect verb a facilitating verb hands its effect on to ("helps [to] prevent Y"), if any."""
    if doc[i].lower_ not in _words("facilitating_verbs"):
        return None
    j = i + 1 + (i + 1 < len(doc) and doc[i + 1].lower_ == "to")
    hit = forms.get(doc[j].lower_) if j < len(doc) - 1 else None
    return doc[j] if hit is not None and hit[1] == "base" else None


def _modal_at(doc: Doc, i: int) -> int | None:
    """The index of a modal or "do" right before token ``i`` (up to two adverbs or "not" may sit between:
    "may not always raise"), if any."""
    k = i - 1
    for _ in range(2):
        if k >= 0 and (doc[k].pos_ == "ADV" or doc[k].lower_ in ("not", "n't")) and doc[k].tag_ != "MD":
            k -= 1
    if k >= 1 and (doc[k].tag_ == "MD" or doc[k].lower_ in _words("do_forms")):
        return k
    return None


def _subject_before(doc: Doc, k: int) -> Span | None:
    """The noun phrase ending right before token ``k``; after "and"/"but", the sentence's opening noun phrase
    ("Refeeding is safe and can decrease ...")."""
    end = k
    if doc[end - 1].lower_ in ("and", "but"):
        end = 0
        while end < k and (doc[end].pos_ in NOUNISH or (doc[end].is_punct and doc[end].text in "-–")
                           or doc[end].tag_ == "VBG" or doc[end].dep_ == "det"):
            end += 1
    start = end
    while start > 0 and (doc[start - 1].pos_ in NOUNISH or doc[start - 1].tag_ == "VBG" or (
            doc[start - 1].text in ("-", "–") and doc[start - 1].whitespace_ == "")):
        start -= 1
    while start < end and (doc[start].dep_ == "det" or doc[start].lower_ in _words("skip_before_outcome")):
        start += 1
    span = doc[start:end]
    if not span or not any(t.pos_ in ("NOUN", "PROPN") or t.tag_ == "VBG" for t in span):
        return None
    if span[-1].pos_ == "PRON" or span[-1].lower_ in _words("boundary"):
        return None
    return span


def _modal_before(doc: Doc, tok: Token) -> bool:
    hedges = grammar().cues["hedge_aux"]
    return any(t.lower_ in hedges for t in doc[max(0, tok.i - 3):tok.i])
