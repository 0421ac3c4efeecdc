"""Imported by the fork server of ``--jobs`` runs (``claimx.batch``): loads the default pipeline's resources
(spaCy rules, syntactic model, vocabularies, registry) once, so that every worker forked from the server
starts with them instead of loading its own copy."""

from contextlib import suppress

from claimx.pipeline import default_pipeline

with suppress(Exception):  # a worker meets the same problem and reports it for its file
    default_pipeline()
