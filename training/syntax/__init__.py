"""Train claimx's syntactic model (tagger, morphologizer, parser, lemmatizer) on UD English-EWT."""
