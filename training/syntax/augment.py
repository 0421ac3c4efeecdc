"""Case augmentation for training on UD English-EWT.

Headlines arrive in capitals ("LIVING ON BUSY ROAD CAUSES BREAST CANCER"), in title case or starting in lower case;
EWT has few of them. This augmenter adds, for a share of training sentences, a copy in one of those casings with
the gold annotation unchanged (lemmas stay as annotated, so "CAUSES" learns the lemma "cause").

Loaded by ``spacy train --code training/syntax/augment.py``; registered as ``claimx.case_variants.v1``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from spacy.language import Language
from spacy.training import Example
from spacy.util import registry


def _recase(example: Example, nlp: Language, how: Callable[[str], str]) -> Example:
    ref = example.reference
    words = [how(t.text) for t in ref]
    text = "".join(w + t.whitespace_ for w, t in zip(words, ref, strict=True))
    data = example.to_dict()
    data["token_annotation"]["ORTH"] = words
    return Example.from_dict(nlp.make_doc(text), data)


def _title(word: str) -> str:
    return word[:1].upper() + word[1:]


@registry.augmenters("claimx.case_variants.v1")
def create_case_variants(upper: float = 0.04, title: float = 0.03, lower: float = 0.03
                         ) -> Callable[[Language, Example], Iterator[Example]]:
    def augment(nlp: Language, example: Example) -> Iterator[Example]:
        yield example
        roll = random.random()
        if roll < upper:
            yield _recase(example, nlp, str.upper)
        elif roll < upper + title:
            yield _recase(example, nlp, _title)
        elif roll < upper + title + lower:
            yield _recase(example, nlp, str.lower)

    return augment


# ------------------------------------------------------------------------------------------- headlinese

# Headlines drop articles, forms of "be" and the final full stop ("Oily fish cuts risk of death", "Babies born
# at weekend less likely to survive"); EWT has few such strings, and a parser trained without them reads the
# verb of "Pedal power cuts risk" as one more noun. The variant below deletes those words where they are leaves
# of the tree, so the gold analysis of every other word stays as annotated.
_ARTICLES = frozenset({"the", "a", "an"})
_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "'s", "'re"})


def _droppable(i: int, ann: dict, has_child: set[int], n: int) -> bool:
    dep, word = ann["DEP"][i], ann["ORTH"][i].lower()
    if i in has_child:
        return False
    if dep == "det" and word in _ARTICLES:
        return True
    if dep in ("aux", "aux:pass", "cop") and word in _BE:
        # only the main clause's own "be", and not after a modal ("will be causing" stays)
        head = ann["HEAD"][i]
        others = [k for k, h in enumerate(ann["HEAD"]) if h == head and k != i
                  and ann["DEP"][k] in ("aux", "aux:pass", "cop")]
        return ann["DEP"][head] == "ROOT" and not others

    return dep == "punct" and i == n - 1 and word in (".", "!")


def headlinese(example: Example, nlp: Language) -> Example | None:
    """The sentence as a headline would put it, or None when nothing can be dropped (or the root would go)."""
    data = example.to_dict()
    ann = data["token_annotation"]
    n = len(ann["ORTH"])
    heads = ann["HEAD"]
    has_child = {h for i, h in enumerate(heads) if h != i}
    drop = {i for i in range(n) if _droppable(i, ann, has_child, n)}
    if not drop or len(drop) >= n - 1:
        return None
    keep = [i for i in range(n) if i not in drop]
    new_index = {old: new for new, old in enumerate(keep)}
    out = {key: [values[i] for i in keep] for key, values in ann.items() if isinstance(values, list)}
    out["HEAD"] = [new_index[heads[i]] for i in keep]
    if out.get("SENT_START"):
        out["SENT_START"] = [1] + [0] * (len(keep) - 1)
    # a word before a dropped one takes its space, so "the drug" -> "drug" keeps the text well formed
    spaces = list(out["SPACY"])
    for k, old in enumerate(keep):
        nxt = old + 1
        while nxt in drop:
            nxt += 1
        if nxt >= n:
            spaces[k] = False
        elif nxt != old + 1:
            spaces[k] = bool(ann["SPACY"][nxt - 1]) or bool(ann["SPACY"][old])
    out["SPACY"] = spaces
    words = out["ORTH"]
    if words:
        words[0] = _title(words[0])
    text = "".join(w + (" " if s else "") for w, s in zip(words, spaces, strict=True))
    data["token_annotation"] = {**ann, **out}
    return Example.from_dict(nlp.make_doc(text), data)


@registry.augmenters("claimx.headlines.v1")
def create_headlines(share: float = 0.15, upper: float = 0.04, title: float = 0.03, lower: float = 0.03
                     ) -> Callable[[Language, Example], Iterator[Example]]:
    """Case variants (as ``claimx.case_variants.v1``) plus, for ``share`` of the sentences, a headline copy
    (in capitals or title case a third of the time each)."""
    cases = create_case_variants(upper, title, lower)

    def augment(nlp: Language, example: Example) -> Iterator[Example]:
        yield from cases(nlp, example)
        if random.random() < share:
            head = headlinese(example, nlp)
            if head is not None:
                roll = random.random()
                if roll < 1 / 3:
                    head = _recase(head, nlp, str.upper)
                elif roll < 2 / 3:
                    head = _recase(head, nlp, _title)
                yield head

    return augment
