"""Headlines that drop their copula: "Counselling as effective as antidepressants", "Refugees at higher risk of
schizophrenia", "Dyslexia not linked to eyesight".

A parser trained on full sentences reads such a line as one long noun phrase, so no construction finds its
subject. ``Syntax.parse`` therefore reparses a line with no finite verb before a headline predicate
(``implied_copula`` in ``models/patterns/syntax.yaml``) with "is" or "are" put in front of the predicate. When the
parser makes the added word a copula or auxiliary, that parse is written back onto the line without it, and
the word it attached to is recorded as having an *implied copula* (``implied_copula(tok)``), so constructions
that require a copula (``requires: [cop]``) read it as if the word were there. Offsets never change: the added
word exists only in what the parser read.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Token

from claimx.docarrays import write_tokens
from claimx.lexicon import load_yaml

KEY = "cx_implied_cop"
FINITE = frozenset({"VBZ", "VBP", "VBD", "MD"})
NOMINAL = frozenset({"NOUN", "PROPN", "NUM", "PRON", "ADJ"})
SUBORDINATE = frozenset({"acl", "acl:relcl", "amod", "advcl"})  # a verb in these modifies, it is not the line's


@cache
def _table() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    data = load_yaml("patterns", "syntax.yaml").get("implied_copula", {})
    def case(w: object) -> str:  # a part of speech or a tag stays in capitals
        return str(w) if str(w).isupper() else str(w).lower()

    predicates = {case(k): frozenset(case(w) for w in (v or [])) for k, v in (data.get("predicates") or {}).items()}
    return predicates, frozenset(str(w).lower() for w in data.get("lead_ins", []))


@cache
def _verbal_words() -> frozenset[str]:
    """Words after which no copula is missing: forms of "be" and "do", modals, ``implied_copula.not_after``."""
    syntax = load_yaml("patterns", "syntax.yaml")
    words = [w for key in ("be", "do_forms", "modal_hedges") for w in syntax.get(key, [])]
    return frozenset(str(w).lower() for w in [*words, *syntax.get("implied_copula", {}).get("not_after", [])])


def implied_copula(tok: Token) -> bool:
    """Whether the parse put an implied copula on this word (a headline predicate without "is"/"are")."""
    return tok.i in tok.doc.user_data.get(KEY, ())


def insertion_point(doc: Doc) -> int | None:
    """Where a copula is missing in a parsed verbless line: the index of the first word of the predicate (lead-ins
    included), or None. The line may have no finite verb before that point and no final full stop."""
    if len(doc) < 3 or doc[-1].text in (".", "?", "!"):
        return None
    predicates, lead_ins = _table()
    verbal = _verbal_words()
    for k in range(1, len(doc) - 1):
        word, nxt = doc[k].lower_, doc[k + 1].lower_
        followers = predicates.get(word, predicates.get(doc[k].tag_))
        if followers is None or (followers and nxt not in followers and doc[k + 1].pos_ not in followers):
            continue
        if word == "as" and not any(t.lower_ == "as" for t in doc[k + 2:k + 4]):
            continue  # "as effective as", not "as a result"
        start = k
        while start > 1 and doc[start - 1].lower_ in lead_ins:
            start -= 1
        prev = doc[start - 1]
        ends_clause = prev.dep_ in SUBORDINATE or prev.head.dep_ in SUBORDINATE  # "who cycle daily"
        nominal = prev.pos_ in NOMINAL or prev.tag_.startswith(("NN", "JJ", "CD")) or prev.tag_ == "VBG"
        if prev.lower_ in verbal or not (nominal or ends_clause):
            return None
        if any((t.tag_ in FINITE and t.dep_ not in SUBORDINATE) or t.lower_ in verbal for t in doc[:start]):
            return None  # the line has its verb ("who exercise", "implanted since 2006" modify the subject)
        return start
    return None


def with_copula(doc: Doc, k: int) -> Doc:
    """A copy of ``doc``'s words with "is" or "are" before token ``k``."""
    prev = doc[k - 1]
    cop = "are" if prev.tag_ in ("NNS", "NNPS") or prev.morph.get("Number") == ["Plur"] else "is"
    if doc[k].text.isupper() and len(doc[k].text) > 1:
        cop = cop.upper()
    words = [t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    spaces[k - 1] = True
    return Doc(doc.vocab, words=[*words[:k], cop, *words[k:]], spaces=[*spaces[:k], True, *spaces[k:]])


def adopt(doc: Doc, parsed: Doc, k: int) -> bool:
    """Write ``parsed`` (the parse of ``with_copula(doc, k)``) onto ``doc`` when the added word came out as a
    copula or auxiliary; returns whether it did."""
    added = parsed[k]
    if added.dep_ not in ("cop", "aux", "aux:pass") or added.head.i == k:
        return False

    def orig(i: int) -> int:
        return i if i < k else i - 1

    rows = []
    for t in parsed:
        if t.i == k:
            continue
        head = added.head.i if t.head.i == k else t.head.i
        rows.append((t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, orig(head)))
    write_tokens(doc, ("tag", "pos", "morph", "lemma", "dep", "head"), rows)
    doc.user_data[KEY] = frozenset({orig(added.head.i)})
    return True
