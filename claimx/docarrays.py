"""Writing token annotations back onto a ``Doc`` in one call (``Doc.from_array``).

Two stages rewrite a parse after the parser has run: ``asides.restore`` (the parse of a sentence read without its
bracketed asides, put back onto the full sentence) and ``claims.repairs`` (one misparse undone). Both give each
token its values as plain strings and an absolute head index; this module turns them into the array spaCy wants
(string hashes, head offsets relative to the token, wrapped as unsigned 64-bit two's complement).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.symbols import IDS
from spacy.tokens import Doc

ATTRS = {"tag": TAG, "pos": POS, "morph": MORPH, "lemma": LEMMA, "dep": DEP, "head": HEAD}
WRAP = (1 << 64) - 1


def write_tokens(doc: Doc, fields: Sequence[str], rows: Sequence[Sequence[str | int]]) -> Doc:
    """Set ``fields`` (names of ``ATTRS``) of every token of ``doc`` from ``rows`` (one per token, in order;
    ``head`` an absolute token index, the others strings). Returns ``doc``, changed in place."""
    if len(rows) != len(doc):
        raise ValueError(f"{len(rows)} rows for a doc of {len(doc)} tokens")
    strings, morphology = doc.vocab.strings, doc.vocab.morphology
    out = numpy.zeros((len(doc), len(fields)), dtype="uint64")
    for i, row in enumerate(rows):
        for j, (field, value) in enumerate(zip(fields, row, strict=True)):
            if field == "head":
                out[i, j] = (int(value) - i) & WRAP
            elif field == "pos":
                out[i, j] = IDS.get(str(value), 0)
            elif field == "morph":
                out[i, j] = morphology.add(str(value))
            else:
                out[i, j] = strings.add(str(value))
    doc.from_array([ATTRS[f] for f in fields], out)
    return doc
