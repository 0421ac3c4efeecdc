"""Asides the parser should not read: bracketed statistics and references inside a sentence, and the quotation
marks of a quoted stretch (``quote_tokens``).

Result sentences carry their numbers in brackets ("was significantly (p < 0.05) higher than in the placebo
group", "were shorter in the SLED group (Table 3)"). A parser trained on web text reads the bracket as part of the
clause and loses the clause's structure. ``Syntax.parse`` therefore parses each sentence without its asides and
writes the parse back onto the full sentence: the tokens of an aside hang from the word before it as ``dep``
(bracket tokens as ``punct``), so phrases leave them out and every offset stays that of the original text.

An aside is an outermost ``( ... )`` or ``[ ... ]`` group of at most ``MAX_ASIDE`` tokens that holds a digit or
opens with a word of ``aside_openers`` (``models/patterns/syntax.yaml``: "Table", "Fig.", "see", ...).
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc

from claimx.docarrays import write_tokens
from claimx.lexicon import load_yaml

MAX_ASIDE = 40
PAIRS = {"(": ")", "[": "]"}


@cache
def _openers() -> frozenset[str]:
    return frozenset(str(w).lower() for w in load_yaml("patterns", "syntax.yaml").get("aside_openers", []))


def aside_tokens(doc: Doc) -> frozenset[int]:
    """Indices of the tokens of the sentence's asides (brackets included); empty when there are none."""
    out: set[int] = set()
    stack: list[tuple[str, int]] = []
    for tok in doc:
        if tok.text in PAIRS:
            stack.append((PAIRS[tok.text], tok.i))
        elif stack and tok.text == stack[-1][0]:
            _close, start = stack.pop()
            if stack:
                continue  # only outermost groups
            inner = doc[start + 1:tok.i]
            if 0 < len(inner) <= MAX_ASIDE and (any(ch.isdigit() for ch in inner.text)
                                                 or inner[0].lower_ in _openers()):
                out.update(range(start, tok.i + 1))
    if len(doc) - len(out) < 3:
        return frozenset()
    return frozenset(out)


OPENING_QUOTES = frozenset({"‘", "“", '"', "'", "«"})
CLOSING_QUOTES = frozenset({"’", "”", '"', "'", "»"})


def quote_tokens(doc: Doc) -> frozenset[int]:
    """Indices of the quotation marks of the sentence's quoted stretches ("Teenagers 'twice as likely to ...'",
    "Vitamin D ‘cuts risk of colds’"): an opening mark at the start of a word, paired with the next closing
    mark at the end of one (or left open at the end of the sentence, as headlines often do). A lone closing mark
    with no opening one ("kids’ sleep", a possessive) is kept. A parser trained on web text reads a quoted
    headline predicate as a fragment, so the marks are left out of what it reads and hang from the quoted words."""
    out: set[int] = set()
    opening: int | None = None
    for tok in doc:
        if not _is_quote(tok):
            continue
        if opening is None and tok.text in OPENING_QUOTES and _opens(tok):
            opening = tok.i
        elif opening is not None and tok.text in CLOSING_QUOTES and not _after_space(tok):
            out.update((opening, tok.i))
            opening = None
    if opening is not None and opening + 2 < len(doc):
        out.add(opening)  # "Vitamin D ‘proved to cut risk of colds and flu": the headline never closes it
    return frozenset(out)


def _is_quote(tok) -> bool:
    return tok.text in OPENING_QUOTES or tok.text in CLOSING_QUOTES


def _after_space(tok) -> bool:
    """At the start of the line, or after a space or a punctuation mark."""
    doc = tok.doc
    return tok.i == 0 or bool(doc[tok.i - 1].whitespace_) or doc[tok.i - 1].is_punct


def _opens(tok) -> bool:
    """A mark that opens a quotation: after a space, and right before a word."""
    doc = tok.doc
    return _after_space(tok) and tok.i + 1 < len(doc) and not tok.whitespace_ and not doc[tok.i + 1].is_punct


def without(doc: Doc, drop: frozenset[int]) -> Doc:
    """A copy of ``doc``'s words without the tokens in ``drop`` (spacing kept)."""
    kept = [t for t in doc if t.i not in drop]
    return Doc(doc.vocab, words=[t.text for t in kept], spaces=[bool(t.whitespace_) for t in kept])


def restore(doc: Doc, drop: frozenset[int], parsed: Doc) -> Doc:
    """Write ``parsed`` (the parse of ``without(doc, drop)``) onto ``doc``; aside tokens hang from the kept word
    before their aside (or after it, for an aside that opens the sentence)."""
    kept = [i for i in range(len(doc)) if i not in drop]
    rows: list[tuple[str, str, str, str, str, int]] = [("", "", "", "", "", 0)] * len(doc)
    for k, i in enumerate(kept):
        t = parsed[k]
        rows[i] = (t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, kept[t.head.i])
    for i in sorted(drop):
        tok = doc[i]
        before = next((j for j in reversed(kept) if j < i), None)
        after = next((j for j in kept if j > i), None)
        if _is_quote(tok):
            # a quotation mark hangs from the quoted word next to it: the one after an opening mark
            opens = _opens(tok)
            anchor = after if (opens and after is not None) or before is None else before
            rows[i] = ("``" if opens else "''", "PUNCT", "", tok.lower_, "punct", anchor)
            continue
        anchor = before if before is not None else after
        bracket = tok.text in PAIRS or tok.text in PAIRS.values()
        tag = ("-LRB-" if tok.text in PAIRS else "-RRB-") if bracket else ("CD" if tok.like_num else "NFP")
        pos = "PUNCT" if bracket or tok.is_punct else ("NUM" if tok.like_num else "X")
        rows[i] = (tag, pos, "", tok.lower_, "punct" if bracket else "dep", anchor)
    return write_tokens(doc, ("tag", "pos", "morph", "lemma", "dep", "head"), rows)
