"""Imported by the fork server of ``--jobs`` runs (``claimx.batch``): loads the default pipeline's resources
(spaCy rules, syntactic model, vocabularies, registry) once, so that every worker forked from the server
starts with them instead of loading its own copy."""

from claimx.pipeline import default_pipeline

default_pipeline()
