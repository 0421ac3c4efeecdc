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
