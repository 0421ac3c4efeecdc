"""Claim assembly over the dependency parse.

- ``constructions``: the engine that applies ``models/patterns/constructions.yaml`` to a parsed sentence;
- ``spans``: the phrase a head token stands for (trimmed subtrees);
- ``assemble``: relations -> claim parts (direction, hedge, negation, strength);
- ``strength``: the one strength classifier.
"""
