"""Claim reading: the steps the tag stage (``claimx.tag``) runs per sentence.

- ``nonclaims``: sentences that are no claims (patterns of ``models/patterns/nonclaims.yaml``);
- ``wordrules``: the word-rule reader over the rule pipeline's spans (a reader per trigger kind);
- ``constructions``: the engine that applies ``models/patterns/constructions.yaml`` to a parsed sentence;
- ``spans``: the phrase a head token stands for (trimmed subtrees);
- ``assemble``: relations -> claim parts (direction, hedge, negation, strength); ``fragments`` for headlines,
  ``correlative`` for "the more X, the lower Y";
- ``strength``: the one strength classifier;
- ``build``: the one builder of ``Claim`` records;
- ``discourse``: the intervention of claims whose sentence names none (previous sentence, article).
"""
